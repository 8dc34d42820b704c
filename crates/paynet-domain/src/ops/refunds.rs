//! Refunds and cancellations: requests Paynet accepts (a refund's code 0 is "accepted", not
//! "returned"), and the capture's cancellation.

use paynet_api::operations::bind;
use paynet_api::paynet_transaction::types as tx;

use super::read::{accepted, payment_outcome};
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

impl Request for RefundRequest {
    type Output = RefundRequested;
    type Wire = bind::Refund;

    fn lookup(&self) -> Option<String> {
        Some(format!("xact_id={}", self.xact_id))
    }

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
        page.rows.iter().rev().find(ours).map(|_| RefundRequested {
            result_code: ResultCode::Successful,
            message: None,
            reconciled: true,
        })
    }

    fn read(&self, a: tx::Result, r: &Reader<'_>) -> Result<RefundRequested, Error> {
        let (result_code, message) = accepted(a, r)?;
        Ok(RefundRequested {
            result_code,
            message,
            reconciled: false,
        })
    }
}

outcome!(RefundRequested, |o| if o.reconciled {
    "refund requested (reconciled)"
} else {
    "refund requested"
});

impl Request for CancelPreAuthRequest {
    type Output = PreAuthCancelled;
    type Wire = bind::CancelPreauth;

    fn lookup(&self) -> Option<String> {
        Some(format!("xact_id={}", self.xact_id))
    }

    fn body(&self, _: Token, _: &Defaults) -> Result<tx::ReversalRequest, Error> {
        Ok(tx::ReversalRequest {
            xact_id: self.xact_id.clone(),
        })
    }

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
            .map(|_| PreAuthCancelled {
                result_code: ResultCode::Successful,
                message: None,
                reconciled: true,
            })
    }

    fn read(&self, a: tx::Result, r: &Reader<'_>) -> Result<PreAuthCancelled, Error> {
        let (result_code, message) = accepted(a, r)?;
        Ok(PreAuthCancelled {
            result_code,
            message,
            reconciled: false,
        })
    }
}

outcome!(PreAuthCancelled, |o| if o.reconciled {
    "pre-authorisation cancelled (reconciled)"
} else {
    "pre-authorisation cancelled"
});

impl Request for CancelCaptureRequest {
    type Output = PaymentOutcome;
    type Wire = bind::CancelCapture;

    fn lookup(&self) -> Option<String> {
        Some(format!("xact_id={}", self.xact_id))
    }

    fn body(&self, _: Token, _: &Defaults) -> Result<tx::ReversalRequest, Error> {
        Ok(tx::ReversalRequest {
            xact_id: self.xact_id.clone(),
        })
    }

    fn read(&self, t: tx::Transaction, r: &Reader<'_>) -> Result<PaymentOutcome, Error> {
        payment_outcome(r, Transaction::read(r, t)?)
    }
}
