//! Refunds and cancellations ([`RefundRequest`], [`CancelPreAuthRequest`],
//! [`CancelCaptureRequest`]), and the decision Paynet posts about a refund ([`RefundDecision`]).
//!
//! A refund is a **request**: Paynet's operations team reviews it, and its result code 0 means
//! "request accepted", not "money returned" ([`RefundRequested`]). The decision arrives at the
//! `succeedUrl` (unsigned: confirm it with the refund list or the transaction's detail) and in the
//! refund list.

use crate::codes::ResultCode;
use crate::error::Error;
use crate::money::Amount;
use crate::validate::{https_url, identifier};
use serde::Serialize;

/// Refunds (whole or part) or cancels (same day, whole only) a sale or capture (`refund`:
/// `POST /v1/transaction/reversed_request`, under the secret key). Moves money: never sent again
/// once it may have reached Paynet.
///
/// ```
/// use paynet_domain::RefundRequest;
/// let whole = RefundRequest::builder("xk_EAAAAv2payment4f9a1c2e7b8d").build()?;
/// let part = RefundRequest::builder("xk_EAAAAv2payment4f9a1c2e7b8d")
///     .amount("10.00".parse()?) // sent as "1000" kuruş
///     .succeed_url("https://shop.example/paynet/refund-decision")
///     .build()?;
/// assert_eq!(part.amount().map(|a| a.to_kurus_string()).as_deref(), Some("1000"));
/// # let _ = whole;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefundRequest {
    pub(crate) xact_id: String,
    pub(crate) amount: Option<Amount>,
    pub(crate) succeed_url: Option<String>,
}

/// Builds a [`RefundRequest`]; [`RefundBuilder::build`] checks every field.
#[derive(Clone, Debug)]
#[must_use]
pub struct RefundBuilder {
    xact_id: String,
    amount: Option<Amount>,
    succeed_url: Option<String>,
}

impl RefundRequest {
    /// A refund of the transaction `xact_id` (its encrypted id); without an amount, all of it.
    pub fn builder(xact_id: impl Into<String>) -> RefundBuilder {
        RefundBuilder {
            xact_id: xact_id.into(),
            amount: None,
            succeed_url: None,
        }
    }

    getters! {
        /// The transaction refunded.
        xact_id -> &str => borrow xact_id;
        /// The amount; `None` is the whole transaction.
        amount -> Option<Amount> => copy amount;
    }
}

impl RefundBuilder {
    setters! {
        /// Refunds this much (sent in kuruş: 10.00 TL as `"1000"`). A same-day transaction can only
        /// be cancelled in full (Paynet refuses a partial amount then).
        amount(amount: Amount) => some amount;
        /// Where Paynet posts its decision (`succeedUrl`): an absolute `https` URL (`http` on
        /// loopback). Read what it posts with [`RefundDecision::from_json`].
        succeed_url(url: impl Into<String>) => some succeed_url;
    }

    /// Checks every field.
    pub fn build(self) -> Result<RefundRequest, Error> {
        Ok(RefundRequest {
            xact_id: identifier("xact_id", self.xact_id)?,
            amount: self.amount,
            succeed_url: self
                .succeed_url
                .map(|url| https_url("succeed_url", &url).map(|_| url))
                .transpose()?,
        })
    }
}

/// Paynet accepted a refund or cancellation **request**: its operations team decides it later.
/// No money has been returned yet; the decision arrives at the `succeedUrl`
/// ([`RefundDecision`]) and in the refund list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RefundRequested {
    /// The result code (0).
    #[serde(rename = "code")]
    pub result_code: ResultCode,
    /// Paynet's message.
    pub message: Option<String>,
    /// True when the answer was lost and the refund list showed the request.
    pub reconciled: bool,
}

/// Cancels a pre-authorisation that was not captured (`cancel_preauth`:
/// `POST /v1/transaction/preauth_reversal`, under the secret key). Moves money (it releases the
/// held amount).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CancelPreAuthRequest {
    pub(crate) xact_id: String,
}

impl CancelPreAuthRequest {
    /// Cancels the pre-authorisation `xact_id`.
    pub fn new(xact_id: impl Into<String>) -> Result<Self, Error> {
        Ok(Self {
            xact_id: identifier("xact_id", xact_id.into())?,
        })
    }

    /// The pre-authorisation.
    pub fn xact_id(&self) -> &str {
        &self.xact_id
    }
}

/// A pre-authorisation was cancelled: the held amount is released.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PreAuthCancelled {
    /// The result code (0).
    #[serde(rename = "code")]
    pub result_code: ResultCode,
    /// Paynet's message.
    pub message: Option<String>,
    /// True when the answer was lost and the transaction's detail showed it cancelled.
    pub reconciled: bool,
}

/// Cancels a capture (`cancel_capture`: `POST /v1/transaction/capture_reversal`, under the secret
/// key): answered with the cancellation's transaction, approved or declined. Moves money.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CancelCaptureRequest {
    pub(crate) xact_id: String,
}

impl CancelCaptureRequest {
    /// Cancels the capture `xact_id`.
    pub fn new(xact_id: impl Into<String>) -> Result<Self, Error> {
        Ok(Self {
            xact_id: identifier("xact_id", xact_id.into())?,
        })
    }

    /// The capture.
    pub fn xact_id(&self) -> &str {
        &self.xact_id
    }
}

/// What Paynet posts to a refund's `succeedUrl`: `{xact_id, code, status, message}`, JSON.
///
/// **Not signed**: anyone can post it. Treat it as a hint, and confirm the decision with the refund
/// list or the transaction's detail before acting on it.
///
/// ```
/// use paynet_domain::RefundDecision;
/// let d = RefundDecision::from_json(r#"{"xact_id":"xk_1","code":0,"status":1,"message":"Onaylandı"}"#.as_bytes())?;
/// assert!(d.approved);
/// assert_eq!(d.xact_id, "xk_1");
/// let d = RefundDecision::from_json(br#"{"xact_id":"xk_2","code":"1"}"#)?;
/// assert!(!d.approved);
/// assert!(RefundDecision::from_json(b"<html>").is_err());
/// # Ok::<(), paynet_domain::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RefundDecision {
    /// The refund's (reversal's) Paynet id, as posted.
    pub xact_id: String,
    /// `code` 0: approved; anything else: not approved.
    pub approved: bool,
    /// Paynet's result code.
    pub code: ResultCode,
    /// The `status` posted, as sent.
    pub status: Option<String>,
    /// The message posted.
    pub message: Option<String>,
}

impl RefundDecision {
    /// Reads a posted decision, leniently (`code` as a number or a numeric string).
    pub fn from_json(body: &[u8]) -> Result<Self, Error> {
        #[derive(serde::Deserialize)]
        struct Posted {
            xact_id: Option<paynet_api::wire::LenientText>,
            code: Option<paynet_api::wire::LenientInt>,
            status: Option<paynet_api::wire::LenientText>,
            message: Option<paynet_api::wire::LenientText>,
        }
        let posted: Posted = serde_json::from_slice(body)
            .map_err(|e| Error::invalid("body", format!("is not the JSON Paynet posts ({e})")))?;
        let xact_id = posted
            .xact_id
            .and_then(paynet_api::wire::LenientText::into_text)
            .ok_or_else(|| Error::invalid("xact_id", "was not posted"))?;
        let code = posted
            .code
            .and_then(|c| c.get())
            .map(ResultCode::from_i64)
            .ok_or_else(|| Error::invalid("code", "was not posted as a number"))?;
        Ok(Self {
            xact_id,
            approved: code == ResultCode::Successful,
            code,
            status: posted
                .status
                .and_then(paynet_api::wire::LenientText::into_text),
            message: posted
                .message
                .and_then(paynet_api::wire::LenientText::into_text),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::error::invalid_field as field;
    #[test]
    fn refunds_are_checked() {
        assert_eq!(
            field(RefundRequest::builder("").build().unwrap_err()),
            "xact_id"
        );
        assert_eq!(
            field(
                RefundRequest::builder("x")
                    .succeed_url("http://shop.example/x")
                    .build()
                    .unwrap_err()
            ),
            "succeed_url"
        );
        RefundRequest::builder("x")
            .succeed_url("http://127.0.0.1:9/x")
            .build()
            .unwrap();
        assert_eq!(
            field(CancelPreAuthRequest::new(" ").unwrap_err()),
            "xact_id"
        );
    }

    #[test]
    fn decisions_are_read_leniently() {
        let d = RefundDecision::from_json(br#"{"xact_id":"xk_9","code":"0","status":1}"#).unwrap();
        assert!(d.approved);
        assert_eq!(d.status.as_deref(), Some("1"));
        assert_eq!(
            field(RefundDecision::from_json(br#"{"code":0}"#).unwrap_err()),
            "xact_id"
        );
        assert_eq!(
            field(RefundDecision::from_json(br#"{"xact_id":"x","code":"no"}"#).unwrap_err()),
            "code"
        );
    }
}
