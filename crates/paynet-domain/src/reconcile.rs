//! Reconciliation: when a request's answer is lost, a read that is safe to repeat settles what
//! happened ([`Lookup`]: a payment check by `reference_no`, a transaction's detail, the refund
//! list), and what it found ([`Found`]) says the outcome, or nothing. Not found (yet) is never
//! "not charged": a request whose lookup finds nothing stays unknown.
//!
//! Each request type says which lookup settles it and how (`Request::reconciliation`,
//! `Request::settle`); [`crate::reconciliation`] and [`crate::settle`] call them.

use paynet_api::operation::Operation;

use crate::lookups::{CheckPaymentRequest, PaymentDetailRequest};
use crate::outcome::TransactionCheck;
use crate::reports::{RefundListRequest, RefundPage};

/// A read that can settle a request whose answer was lost. Exhaustive on purpose: a new kind of
/// lookup must be taught to the facade's call path, and the compiler says so.
#[derive(Clone, Debug)]
pub enum Lookup {
    /// A payment check (by `reference_no`).
    Payment(CheckPaymentRequest),
    /// A transaction's detail (by `xact_id`).
    Detail(PaymentDetailRequest),
    /// The refund list (around today).
    Refunds(RefundListRequest),
}

impl Lookup {
    /// The operation the lookup calls.
    pub fn operation(&self) -> Operation {
        match self {
            Lookup::Payment(_) => Operation::CHECK_PAYMENT,
            Lookup::Detail(_) => Operation::PAYMENT_DETAIL,
            Lookup::Refunds(_) => Operation::LIST_REFUNDS,
        }
    }
}

/// What a [`Lookup`] answered.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Found {
    /// A check's or a detail's transactions.
    Transactions(TransactionCheck),
    /// A page of the refund list.
    Refunds(RefundPage),
}
