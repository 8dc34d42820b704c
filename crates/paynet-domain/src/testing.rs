//! Test support (cargo feature `testing`): a valid example of every request type, and
//! [`for_each_request!`](crate::for_each_request), which names every request type.
//!
//! The workspace's table-driven suites use them to run every operation of the generated table
//! through the facade, with no test code per operation: an operation added to a spec, with its
//! request type listed in `for_each_request!` and an [`Example`], is fault-tested and
//! secret-tested at once.

use crate::exchange::Request;
use crate::request::{
    CaptureRequest, CheckPaymentRequest, CheckSaleRequest, CloseSessionRequest,
    InitReversalRequest, InitSaleRequest, OpenSessionRequest, TransactionRef,
};
use crate::secret::SessionKey;

/// A valid request, as a test sends it.
pub trait Example: Request + Sized {
    /// The example.
    fn example() -> Self;
}

/// Calls `$m!(RequestType)` for every request type of the SDK, one per operation of the
/// generated table.
#[macro_export]
macro_rules! for_each_request {
    ($m:ident) => {
        $m!($crate::CaptureRequest);
        $m!($crate::CheckPaymentRequest);
        $m!($crate::CheckSaleRequest);
        $m!($crate::CloseSessionRequest);
        $m!($crate::InitReversalRequest);
        $m!($crate::InitSaleRequest);
        $m!($crate::OpenSessionRequest);
    };
}

fn ok<T, E: std::fmt::Debug>(r: Result<T, E>) -> T {
    r.expect("a valid example")
}

impl Example for CaptureRequest {
    fn example() -> Self {
        CaptureRequest::partial(
            ok(TransactionRef::reference_no("ORDER-1001")),
            ok("10.50".parse()),
        )
    }
}

impl Example for CheckPaymentRequest {
    fn example() -> Self {
        ok(CheckPaymentRequest::new(ok(TransactionRef::reference_no(
            "ORDER-1001",
        ))))
    }
}

impl Example for CheckSaleRequest {
    fn example() -> Self {
        ok(CheckSaleRequest::new("ps_9f8e7d6c5b4a"))
    }
}

impl Example for CloseSessionRequest {
    fn example() -> Self {
        CloseSessionRequest::new(ok(SessionKey::new("ssk_closing_7Hq2Lw9XbT4mZ0pRs8")))
    }
}

impl Example for InitReversalRequest {
    fn example() -> Self {
        ok(
            InitReversalRequest::builder("xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oKyavBUO0Rbe7WKYXG")
                .reference_no("REFUND-1")
                .build(),
        )
    }
}

impl Example for InitSaleRequest {
    fn example() -> Self {
        ok(InitSaleRequest::builder(ok("149.90".parse()))
            .reference_no("SALE-2002")
            .callback_url("myshop://paypos/return")
            .build())
    }
}

impl Example for OpenSessionRequest {
    fn example() -> Self {
        ok(OpenSessionRequest::new("20005", "cashier-1"))
    }
}

#[cfg(test)]
mod tests {
    use super::Example;
    use crate::exchange::Request;

    /// Every operation of the generated table has a request type in `for_each_request!`.
    #[test]
    fn every_operation_has_a_request_type() {
        let mut covered = Vec::new();
        macro_rules! collect {
            ($t:ty) => {
                covered.push(<$t as Request>::OPERATION);
                let _ = <$t as Example>::example();
            };
        }
        for_each_request!(collect);
        for op in paynet_api::operation::Operation::ALL {
            assert!(
                covered.contains(op),
                "operation `{op}` ({}) has no request type: add one to paynet_domain::for_each_request! with an Example",
                op.spec()
            );
        }
        assert_eq!(covered.len(), paynet_api::operation::Operation::ALL.len());
    }
}
