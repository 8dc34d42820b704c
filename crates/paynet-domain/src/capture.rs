//! Capture: finishing a pre-authorisation, in whole or in part ([`CaptureRequest`]).

use crate::lookups::TransactionRef;
use crate::money::Amount;

/// A capture of a pre-authorisation (Paynet's "Finansallaştırma", `POST /v1/transaction/capture`).
///
/// ```
/// use paynet_domain::{Amount, CaptureRequest, TransactionRef};
///
/// // Capture 10.50 TL of the pre-authorisation made with reference ORDER-1.
/// let partial = CaptureRequest::partial(TransactionRef::reference_no("ORDER-1")?, "10.50".parse()?);
/// // Capture whatever remains of it.
/// let full = CaptureRequest::full(TransactionRef::xact_id("xk_EAAAANFhOW7*W3uISj")?);
/// assert_eq!(partial.amount().map(|a| a.to_kurus_string()).as_deref(), Some("1050"));
/// assert!(full.amount().is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaptureRequest {
    pub(crate) reference: TransactionRef,
    pub(crate) amount: Option<Amount>,
}

impl CaptureRequest {
    /// Captures the whole pre-authorised amount (Paynet: `amount` absent).
    pub fn full(reference: TransactionRef) -> Self {
        Self {
            reference,
            amount: None,
        }
    }

    /// Captures `amount` of the pre-authorisation (sent in kuruş: 10.50 TL as `"1050"`).
    pub fn partial(reference: TransactionRef, amount: Amount) -> Self {
        Self {
            reference,
            amount: Some(amount),
        }
    }

    getters! {
        /// The amount to capture; `None` means the whole pre-authorisation.
        amount -> Option<Amount> => copy amount;
        /// The transaction to capture (`reference()` in earlier versions).
        transaction -> &TransactionRef => borrow reference;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn amount(text: &str) -> Amount {
        text.parse().unwrap()
    }

    #[test]
    fn capture_wire_forms() {
        let r = CaptureRequest::partial(TransactionRef::reference_no("R1").unwrap(), amount("10"));
        let body = String::from_utf8(crate::encode(&r).unwrap()).unwrap();
        assert_eq!(body, r#"{"amount":"1000","reference_no":"R1"}"#);

        let r = CaptureRequest::full(TransactionRef::xact_id("xk_A*b/c").unwrap());
        let body = String::from_utf8(crate::encode(&r).unwrap()).unwrap();
        assert_eq!(body, r#"{"xact_id":"xk_A*b/c"}"#);

        let r = CaptureRequest::partial(TransactionRef::xact("123").unwrap(), amount("0.01"));
        let body = String::from_utf8(crate::encode(&r).unwrap()).unwrap();
        assert_eq!(body, r#"{"amount":"1","xact":"123"}"#);
    }
}
