//! Capture: the body names the transaction once, by whichever reference it was given; the
//! answer is a payment's outcome.

use paynet_api::operations::bind;
use paynet_api::paynet_transaction::types as tx;

use crate::capture::CaptureRequest;
use crate::error::Error;
use crate::exchange::{Defaults, Request, Token};
use crate::outcome::{CaptureOutcome, PaymentOutcome, Transaction};
use crate::reader::Reader;

impl Request for CaptureRequest {
    type Output = CaptureOutcome;
    type Wire = bind::Capture;
    lookup_by!(= reference);

    fn body(&self, _: Token, _: &Defaults) -> Result<tx::CaptureRequest, Error> {
        let (xact_id, xact, reference_no) = self.reference.fields();
        Ok(tx::CaptureRequest {
            amount: self.amount.map(|a| a.to_kurus_string()),
            reference_no,
            xact,
            xact_id,
        })
    }

    reads!(payment tx::Transaction);
}
