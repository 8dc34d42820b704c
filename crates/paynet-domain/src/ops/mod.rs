//! Each operation's request body and the reading of its answer: the [`Request`] impls.
//!
//! Which credential an operation needs, whether it may move money and whether it may be sent
//! again all come from the generated table (`paynet_api::operations`); what is here is the
//! operation's own rules: how its request is written and what its answer means.
//!
//! - [`read`]: the wire readers and the readings several operations share.
//! - three macros for the impls' mechanical methods: `lookup_by!` (a `lookup` by a field),
//!   `copied_body!` (a `body` whose fields are the request's own) and `reads!` (a `read` into
//!   a payment's outcome or a check's transactions).
//! - one module per family: [`capture`], [`payments`], [`lookups`], [`paypos`], [`refunds`],
//!   [`reports`], [`ratios`], [`stored_cards`], [`subscriptions`]. The generated operations'
//!   impls are in `crate::generated`.

/// A `lookup` that names the request's transaction by one of its fields, `field=value`; or, with
/// `=`, by the field's own `Display` (a [`crate::TransactionRef`]: `reference_no=ORDER-1`).
macro_rules! lookup_by {
    ($field:ident) => {
        fn lookup(&self) -> Option<String> {
            Some(format!(concat!(stringify!($field), "={}"), self.$field))
        }
    };
    (= $field:ident) => {
        fn lookup(&self) -> Option<String> {
            Some(self.$field.to_string())
        }
    };
}

/// A `body` that copies the request's fields into the generated body's fields of the same names.
macro_rules! copied_body {
    ($($wire:ident)::+ { $($field:ident),* $(,)? }) => {
        fn body(&self, _: Token, _: &Defaults) -> Result<$($wire)::+, Error> {
            Ok($($wire)::+ {
                $($field: self.$field.clone()),*
            })
        }
    };
}

/// A `read` of the answer `$answer`: `payment`, a transaction, into a payment's outcome (approved,
/// replayed or declined); `check`, a check's `Data[]` transactions, into a
/// [`crate::TransactionCheck`].
macro_rules! reads {
    (payment $answer:ty) => {
        fn read(&self, t: $answer, r: &Reader<'_>) -> Result<PaymentOutcome, Error> {
            super::read::payment_outcome(r, Transaction::read(r, t)?)
        }
    };
    (check $answer:ty) => {
        fn read(&self, a: $answer, r: &Reader<'_>) -> Result<TransactionCheck, Error> {
            super::read::checked_rows(r, a.code, a.message, a.data, Transaction::read)
        }
    };
}

mod capture;
mod lookups;
mod payments;
mod paypos;
mod ratios;
pub(crate) mod read;
mod refunds;
mod reports;
mod stored_cards;
mod subscriptions;
