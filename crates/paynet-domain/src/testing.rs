//! Test support (cargo feature `testing`): a valid example of every request type, and
//! [`for_each_request!`](crate::for_each_request), which names every request type (generated
//! from the table, with the examples of the generated request types, in `generated::examples`;
//! here are the examples of the hand-written ones).
//!
//! The workspace's table-driven suites use them to run every operation of the generated table
//! through the facade, with no test code per operation: an operation added to a spec is
//! fault-tested and secret-tested at once (a generated request type's example comes from its
//! spec's field examples; a hand-written one's is written here).

use crate::capture::CaptureRequest;
use crate::card::Card;
use crate::exchange::Request;
use crate::lookups::{CheckPaymentRequest, PaymentDetailRequest, TransactionRef};
use crate::payment::{
    ChargeAmount, ChargeRequest, Complete3dRequest, PaymentRequest, Start3dRequest,
};
use crate::paypos::{
    CheckSaleRequest, CloseSessionRequest, InitReversalRequest, InitSaleRequest, OpenSessionRequest,
};
use crate::ratios::RatiosRequest;
use crate::refunds::{CancelCaptureRequest, CancelPreAuthRequest, RefundRequest};
use crate::reports::{PaymentListRequest, RefundListRequest};
use crate::secret::SessionKey;
use crate::stored_cards::{CardOwner, ListCardsRequest, SaveCardRequest};
use crate::subscription_cards::StartSubscriptionCard3dRequest;

/// The card the examples pay with (a Luhn-valid test number).
pub const EXAMPLE_CARD_NUMBER: &str = "4355084355084358";
/// The examples' CVC.
pub const EXAMPLE_CVC: &str = "321";

fn card() -> Card {
    ok(Card::new(
        EXAMPLE_CARD_NUMBER,
        "12/45",
        EXAMPLE_CVC,
        "AYSE YILMAZ",
    ))
}

/// A valid request, as a test sends it.
pub trait Example: Request + Sized {
    /// The example.
    fn example() -> Self;
}

fn ok<T, E: std::fmt::Debug>(r: Result<T, E>) -> T {
    r.expect("a valid example")
}

/// `impl Example for $ty`, its example made by `$example`.
macro_rules! example {
    ($ty:ty, $example:expr) => {
        impl Example for $ty {
            fn example() -> Self {
                $example
            }
        }
    };
}

example!(
    CaptureRequest,
    CaptureRequest::partial(
        ok(TransactionRef::reference_no("ORDER-1001")),
        ok("10.50".parse()),
    )
);
example!(
    CheckPaymentRequest,
    ok(CheckPaymentRequest::new(ok(TransactionRef::reference_no(
        "ORDER-1001",
    ))))
);
example!(
    CheckSaleRequest,
    ok(CheckSaleRequest::new("ps_9f8e7d6c5b4a"))
);
example!(
    CloseSessionRequest,
    CloseSessionRequest::new(ok(SessionKey::new("ssk_closing_7Hq2Lw9XbT4mZ0pRs8")))
);
example!(
    InitReversalRequest,
    ok(
        InitReversalRequest::builder("xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oKyavBUO0Rbe7WKYXG")
            .reference_no("REFUND-1")
            .build(),
    )
);
example!(
    InitSaleRequest,
    ok(InitSaleRequest::builder(ok("149.90".parse()))
        .reference_no("SALE-2002")
        .callback_url("myshop://paypos/return")
        .build())
);
example!(
    PaymentRequest,
    ok(
        PaymentRequest::builder(ok("149.90".parse()), "ORDER-1001", card())
            .domain("shop.example")
            .build(),
    )
);
example!(
    Start3dRequest,
    ok(Start3dRequest::new(
        PaymentRequest::example(),
        "https://shop.example/paynet/return",
    ))
);
example!(
    StartSubscriptionCard3dRequest,
    ok(
        StartSubscriptionCard3dRequest::builder(card(), "https://shop.example/cards/back")
            .reference_no("SUB-2024-0001")
            .label("Kişisel kart")
            .build(),
    )
);
example!(
    Complete3dRequest,
    ok(ok(Complete3dRequest::from_ids(
        "js_EAAAA3dsession4f9a1c2e",
        "FF349CFA-1B2C-4D5E-8F90-A1B2C3D4E5F6",
    ))
    .reference_no("ORDER-1001"))
);
example!(
    ChargeRequest,
    ok(ChargeRequest::builder(
        "js_EAAAAjsform4f9a1c2e",
        "tok_4f9a1c2e",
        ChargeAmount::Kurus(ok("149.90".parse())),
    )
    .reference_no("ORDER-1002")
    .build())
);
example!(
    PaymentDetailRequest,
    PaymentDetailRequest::new(ok(TransactionRef::reference_no("ORDER-1001")))
);

/// The month the report examples ask for.
fn november() -> (chrono::NaiveDate, chrono::NaiveDate) {
    let day = |d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).expect("a valid day");
    (day(1), day(30))
}

example!(
    RefundRequest,
    ok(
        RefundRequest::builder("xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oKyavBUO0Rbe7WKYXG")
            .amount(ok("25.00".parse()))
            .succeed_url("https://shop.example/paynet/refund")
            .build(),
    )
);
example!(
    CancelPreAuthRequest,
    ok(CancelPreAuthRequest::new("xk_EAAAApreauth4f9a1c2e"))
);
example!(
    CancelCaptureRequest,
    ok(CancelCaptureRequest::new("xk_EAAAAcapture4f9a1c2e"))
);
example!(PaymentListRequest, {
    let (from, to) = november();
    ok(PaymentListRequest::builder(from, to).limit(100).build())
});
example!(RefundListRequest, {
    let (from, to) = november();
    ok(RefundListRequest::builder(from, to).limit(100).build())
});
example!(
    RatiosRequest,
    ok(RatiosRequest::builder()
        .bin("435508")
        .amount(ok("100.00".parse()))
        .build())
);
example!(
    SaveCardRequest,
    ok(SaveCardRequest::builder(
        card(),
        ok(CardOwner::new_customer("customer-1001")),
        "Maaş kartım",
    )
    .build())
);
example!(
    ListCardsRequest,
    ok(
        ListCardsRequest::builder("f4dabd79-5b7e-40bd-84d5-54058242dfa0")
            .limit(10)
            .build(),
    )
);
example!(
    OpenSessionRequest,
    ok(OpenSessionRequest::new("20005", "cashier-1"))
);

#[cfg(test)]
mod tests {
    use super::Example;
    use crate::exchange::Request;

    /// Every operation of the generated table has a request type in `for_each_request!`, and
    /// its example builds (a generated one's from its spec's examples).
    #[test]
    fn every_operation_has_a_request_type() {
        let mut covered = Vec::new();
        macro_rules! collect {
            ($t:ty) => {
                covered.push(<$t as Request>::OPERATION);
                let _ = <$t as Example>::example();
            };
        }
        crate::for_each_request!(collect);
        for op in paynet_api::operation::Operation::ALL {
            assert!(
                covered.contains(op),
                "operation `{op}` ({}) has no request type: run `cargo xtask codegen` (a hand-written one, named by x-paynet-request-type, needs an Example here)",
                op.spec()
            );
        }
        assert_eq!(covered.len(), paynet_api::operation::Operation::ALL.len());
    }
}
