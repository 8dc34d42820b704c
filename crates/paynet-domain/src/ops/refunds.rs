//! Refunds and cancellations: requests Paynet accepts (a refund's code 0 is "accepted", not
//! "returned"), and the capture's cancellation.

use paynet_api::operations::bind;
use paynet_api::paynet_transaction::types as tx;

use super::read::accepted;
use crate::codes::ResultCode;
use crate::error::Error;
use crate::exchange::{Defaults, Request, Token, outcome};
use crate::lookups::{PaymentDetailRequest, TransactionRef};
use crate::outcome::{PaymentOutcome, Transaction};
use crate::reader::Reader;
use crate::reconcile::{Found, Lookup};
use crate::refunds::{
    CancelCaptureRequest, CancelPreAuthRequest, PreAuthCancelled, RefundRequest, RefundRequested,
};
use crate::reports::{RefundListRequest, RefundRow};

/// The outcome of a request Paynet accepts with `{code, message}` (`$ty`: its result code and
/// message, and whether a lookup found the request instead), described as `$kind`.
macro_rules! acceptance {
    ($ty:ident, $kind:literal) => {
        impl $ty {
            /// The answer's acceptance `(code, message)`, or the lookup's (`reconciled`).
            fn new((result_code, message): (ResultCode, Option<String>), reconciled: bool) -> Self {
                Self {
                    result_code,
                    message,
                    reconciled,
                }
            }
        }

        outcome!($ty, |o| if o.reconciled {
            concat!($kind, " (reconciled)")
        } else {
            $kind
        });
    };
}

acceptance!(RefundRequested, "refund requested");
acceptance!(PreAuthCancelled, "pre-authorisation cancelled");

impl Request for RefundRequest {
    type Output = RefundRequested;
    type Wire = bind::Refund;
    lookup_by!(xact_id);

    fn body(&self, _: Token, _: &Defaults) -> Result<tx::RefundRequest, Error> {
        Ok(tx::RefundRequest {
            xact_id: self.xact_id.clone(),
            amount: self.amount.map(|a| a.to_kurus_string()),
            succeed_url: self.succeed_url.clone(),
        })
    }

    /// The refund list around today: Paynet records the request there at once.
    fn reconciliation(&self, _: Token) -> Option<Lookup> {
        let today = crate::clock::turkish_today();
        let from = today.pred_opt().unwrap_or(today);
        RefundListRequest::builder(from, today)
            .limit(crate::reports::MAX_PAGE)
            .build()
            .ok()
            .map(Lookup::Refunds)
    }

    fn settle(&self, found: &Found, _: Token) -> Option<RefundRequested> {
        let Found::Refunds(page) = found else {
            return None;
        };
        let ours = |row: &&RefundRow| {
            row.xact_id.as_deref() == Some(self.xact_id.as_str())
                && match (self.amount, row.amount) {
                    (Some(want), Some(got)) => got.value() == want.lira(),
                    _ => true,
                }
        };
        let found = page.rows.iter().rev().find(ours);
        found.map(|_| RefundRequested::new((ResultCode::Successful, None), true))
    }

    fn read(&self, a: tx::Result, r: &Reader<'_>) -> Result<RefundRequested, Error> {
        Ok(RefundRequested::new(accepted(a, r)?, false))
    }
}

impl Request for CancelPreAuthRequest {
    type Output = PreAuthCancelled;
    type Wire = bind::CancelPreauth;
    lookup_by!(xact_id);
    copied_body!(tx::ReversalRequest { xact_id });

    /// The pre-authorisation's detail says whether it is cancelled (`reversed`).
    fn reconciliation(&self, _: Token) -> Option<Lookup> {
        TransactionRef::xact_id(self.xact_id.clone())
            .ok()
            .map(|r| Lookup::Detail(PaymentDetailRequest::new(r)))
    }

    fn settle(&self, found: &Found, _: Token) -> Option<PreAuthCancelled> {
        let Found::Transactions(check) = found else {
            return None;
        };
        check
            .transactions
            .iter()
            .find(|t| {
                t.xact_id.as_deref() == Some(self.xact_id.as_str()) && t.reversed == Some(true)
            })
            .map(|_| PreAuthCancelled::new((ResultCode::Successful, None), true))
    }

    fn read(&self, a: tx::Result, r: &Reader<'_>) -> Result<PreAuthCancelled, Error> {
        Ok(PreAuthCancelled::new(accepted(a, r)?, false))
    }
}

impl Request for CancelCaptureRequest {
    type Output = PaymentOutcome;
    type Wire = bind::CancelCapture;
    lookup_by!(xact_id);
    copied_body!(tx::ReversalRequest { xact_id });
    reads!(payment tx::Transaction);
}
