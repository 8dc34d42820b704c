//! What a lookup names: a transaction ([`TransactionRef`]: exactly one of `xact_id`, `xact`,
//! `reference_no`), and the two reads that find one ([`CheckPaymentRequest`],
//! [`PaymentDetailRequest`]), safe to repeat. They also settle a request whose answer was lost
//! (see the `reconcile` module).

use std::fmt;

use crate::error::Error;
use crate::validate::identifier;

/// Which transaction a capture (or query) is about.
///
/// Paynet requires at least one of `xact_id`, `xact` and `reference_no`; a `TransactionRef` is
/// exactly one of them, checked when it was made (its constructors are the only way to make one).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TransactionRef(Ref);

#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) enum Ref {
    /// The transaction's encrypted id, `xact_id` (e.g. `xk_EAAAANFhOW7...*W3uISj`).
    XactId(String),
    /// The transaction's plain id, `xact`.
    Xact(String),
    /// The merchant's reference number for the transaction, `reference_no`.
    ReferenceNo(String),
}

impl TransactionRef {
    /// By encrypted id (`xact_id`). Refused when empty or not a single-line printable string.
    pub fn xact_id(id: impl Into<String>) -> Result<Self, Error> {
        Ok(Self(Ref::XactId(identifier("xact_id", id.into())?)))
    }

    /// By plain id (`xact`).
    pub fn xact(id: impl Into<String>) -> Result<Self, Error> {
        Ok(Self(Ref::Xact(identifier("xact", id.into())?)))
    }

    /// By reference number (`reference_no`).
    pub fn reference_no(reference: impl Into<String>) -> Result<Self, Error> {
        Ok(Self(Ref::ReferenceNo(identifier(
            "reference_no",
            reference.into(),
        )?)))
    }

    /// Paynet's field name for this reference (`xact_id`, `xact` or `reference_no`).
    pub fn field(&self) -> &'static str {
        match &self.0 {
            Ref::XactId(_) => "xact_id",
            Ref::Xact(_) => "xact",
            Ref::ReferenceNo(_) => "reference_no",
        }
    }

    /// The identifier's value.
    pub fn value(&self) -> &str {
        match &self.0 {
            Ref::XactId(v) | Ref::Xact(v) | Ref::ReferenceNo(v) => v,
        }
    }

    /// The encrypted id, when this is one.
    pub fn as_xact_id(&self) -> Option<&str> {
        match &self.0 {
            Ref::XactId(v) => Some(v),
            _ => None,
        }
    }

    /// The reference number, when this is one.
    pub fn as_reference_no(&self) -> Option<&str> {
        match &self.0 {
            Ref::ReferenceNo(v) => Some(v),
            _ => None,
        }
    }

    /// The reference as the wire's `(xact_id, xact, reference_no)`: exactly one is given.
    pub(crate) fn fields(&self) -> (Option<String>, Option<String>, Option<String>) {
        let v = Some(self.value().to_owned());
        match self.0 {
            Ref::XactId(_) => (v, None, None),
            Ref::Xact(_) => (None, v, None),
            Ref::ReferenceNo(_) => (None, None, v),
        }
    }
}

impl fmt::Display for TransactionRef {
    /// `reference_no=ORDER-1`: what a person needs to find the transaction again.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.field(), self.value())
    }
}

impl fmt::Debug for TransactionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TransactionRef({self})")
    }
}

/// Reads a payment's transactions (`check_payment`: `POST /v1/transaction/check`, under the
/// secret key): by its encrypted id or the merchant's reference number. A read, safe to repeat.
///
/// ```
/// use paynet_domain::{CheckPaymentRequest, TransactionRef};
/// let by_reference = CheckPaymentRequest::new(TransactionRef::reference_no("ORDER-1001")?)?;
/// assert_eq!(by_reference.transaction().to_string(), "reference_no=ORDER-1001");
/// // Paynet's check takes xact_id or reference_no, not the plain id.
/// assert!(CheckPaymentRequest::new(TransactionRef::xact("1000001")?).is_err());
/// # Ok::<(), paynet_domain::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckPaymentRequest {
    pub(crate) reference: TransactionRef,
}

impl CheckPaymentRequest {
    /// Checks the payment `reference` names: by `xact_id` or `reference_no`.
    pub fn new(reference: TransactionRef) -> Result<Self, Error> {
        if matches!(reference.0, Ref::Xact(_)) {
            return Err(Error::invalid(
                "xact",
                "the payment check takes xact_id or reference_no, not the plain id",
            ));
        }
        Ok(Self { reference })
    }

    /// The payment checked.
    pub fn transaction(&self) -> &TransactionRef {
        &self.reference
    }
}

/// A transaction's full detail (`payment_detail`: `POST /v1/transaction/detail`, under the secret
/// key), by its encrypted id, its plain id or the merchant's reference number. A read.
///
/// ```
/// use paynet_domain::{PaymentDetailRequest, TransactionRef};
/// let detail = PaymentDetailRequest::new(TransactionRef::reference_no("ORDER-1001")?);
/// assert_eq!(detail.transaction().to_string(), "reference_no=ORDER-1001");
/// # Ok::<(), paynet_domain::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentDetailRequest {
    pub(crate) reference: TransactionRef,
}

impl PaymentDetailRequest {
    /// The detail of the transaction `reference` names.
    pub fn new(reference: TransactionRef) -> Self {
        Self { reference }
    }

    /// The transaction.
    pub fn transaction(&self) -> &TransactionRef {
        &self.reference
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::error::invalid_field as field_of;
    #[test]
    fn references_are_checked() {
        assert_eq!(
            field_of(TransactionRef::xact_id("").unwrap_err()),
            "xact_id"
        );
        assert_eq!(field_of(TransactionRef::xact(" 1").unwrap_err()), "xact");
        assert_eq!(
            field_of(TransactionRef::reference_no("a\nb").unwrap_err()),
            "reference_no"
        );
        assert_eq!(
            field_of(TransactionRef::reference_no("x".repeat(300)).unwrap_err()),
            "reference_no"
        );
        assert_eq!(
            TransactionRef::reference_no("ORDER-1").unwrap().to_string(),
            "reference_no=ORDER-1"
        );
    }
}
