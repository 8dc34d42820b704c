//! Capture: the body names the transaction once, by whichever reference it was given; the
//! answer is a payment's outcome.

use paynet_api::operations::bind;
use paynet_api::paynet_transaction::types as tx;

use super::read::payment_outcome;
use crate::capture::CaptureRequest;
use crate::error::Error;
use crate::exchange::{Defaults, Request, Sealed, Token};
use crate::lookups::Ref;
use crate::outcome::{CaptureOutcome, Transaction};
use crate::reader::Reader;

impl Sealed for CaptureRequest {}

impl Request for CaptureRequest {
    type Output = CaptureOutcome;
    type Wire = bind::Capture;

    fn lookup(&self) -> Option<String> {
        Some(self.reference.to_string())
    }

    fn body(&self, _: Token, _: &Defaults) -> Result<tx::CaptureRequest, Error> {
        let mut body = tx::CaptureRequest::default();
        let value = Some(self.reference.value().to_owned());
        match self.reference.kind() {
            Ref::XactId(_) => body.xact_id = value,
            Ref::Xact(_) => body.xact = value,
            Ref::ReferenceNo(_) => body.reference_no = value,
        }
        body.amount = self.amount.map(|a| a.to_kurus_string());
        Ok(body)
    }

    fn read(&self, t: tx::Transaction, r: &Reader<'_>) -> Result<CaptureOutcome, Error> {
        payment_outcome(r, Transaction::read(r, t)?)
    }
}
