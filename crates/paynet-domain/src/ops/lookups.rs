//! The lookups: a payment check and a transaction's detail. Both read `Data[]` transactions;
//! "no data" is an answer (nothing found yet), never "nothing was charged".

use paynet_api::operations::bind;
use paynet_api::paynet_transaction::types as tx;

use crate::error::Error;
use crate::exchange::{Defaults, Request, Token};
use crate::lookups::{CheckPaymentRequest, PaymentDetailRequest};
use crate::outcome::{Transaction, TransactionCheck};
use crate::reader::Reader;

impl Request for CheckPaymentRequest {
    type Output = TransactionCheck;
    type Wire = bind::CheckPayment;
    lookup_by!(= reference);

    fn body(&self, _: Token, _: &Defaults) -> Result<tx::PaymentCheckRequest, Error> {
        Ok(tx::PaymentCheckRequest {
            xact_id: self.reference.as_xact_id().map(str::to_owned),
            reference_no: self.reference.as_reference_no().map(str::to_owned),
        })
    }

    reads!(check tx::PaymentCheckResponse);
}

impl Request for PaymentDetailRequest {
    type Output = TransactionCheck;
    type Wire = bind::PaymentDetail;
    lookup_by!(= reference);

    fn body(&self, _: Token, _: &Defaults) -> Result<tx::DetailRequest, Error> {
        let (xact_id, xact, reference_no) = self.reference.fields();
        Ok(tx::DetailRequest {
            id: None,
            xact_id,
            xact,
            reference_no,
            user_id: None,
        })
    }

    reads!(check tx::PaymentCheckResponse);
}
