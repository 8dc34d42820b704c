//! The lookups: a payment check and a transaction's detail. Both read `Data[]` transactions;
//! "no data" is an answer (nothing found yet), never "nothing was charged".

use paynet_api::operations::bind;
use paynet_api::paynet_transaction::types as tx;

use super::read::checked_rows;
use crate::error::Error;
use crate::exchange::{Defaults, Request, Token};
use crate::lookups::{CheckPaymentRequest, PaymentDetailRequest};
use crate::outcome::{Transaction, TransactionCheck};
use crate::reader::Reader;

impl Request for CheckPaymentRequest {
    type Output = TransactionCheck;
    type Wire = bind::CheckPayment;

    fn lookup(&self) -> Option<String> {
        Some(self.reference.to_string())
    }

    fn body(&self, _: Token, _: &Defaults) -> Result<tx::PaymentCheckRequest, Error> {
        Ok(tx::PaymentCheckRequest {
            xact_id: self.reference.as_xact_id().map(str::to_owned),
            reference_no: self.reference.as_reference_no().map(str::to_owned),
        })
    }

    fn read(&self, a: tx::PaymentCheckResponse, r: &Reader<'_>) -> Result<TransactionCheck, Error> {
        checked_rows(r, a.code, a.message, a.data, Transaction::read)
    }
}

impl Request for PaymentDetailRequest {
    type Output = TransactionCheck;
    type Wire = bind::PaymentDetail;

    fn lookup(&self) -> Option<String> {
        Some(self.reference.to_string())
    }

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

    fn read(&self, a: tx::PaymentCheckResponse, r: &Reader<'_>) -> Result<TransactionCheck, Error> {
        checked_rows(r, a.code, a.message, a.data, Transaction::read)
    }
}
