//! The one error type of every Paynet call.
//!
//! Each variant says what is known about the money: [`Error::InvalidRequest`] and
//! [`Error::Transport`] mean nothing reached Paynet; [`Error::Rejected`] means Paynet answered and
//! refused; [`Error::OutcomeUnknown`] means the request may have reached Paynet and its outcome
//! must be reconciled before anything is retried; [`Error::InvalidResponse`] means Paynet (or
//! something in between) answered with something this SDK cannot read.
//!
//! No variant's `Debug` or `Display` contains a credential: server text is scrubbed of the
//! credentials used and of fields named like keys before it is kept.

use std::fmt;

use crate::codes::{ErrorType, ResultCode};
use crate::money::AmountError;
use crate::secret::CredentialError;

/// A boxed error source.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

pub use paynet_api::operation::Operation;

/// What Paynet said when it refused a request.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Rejection {
    /// The operation refused.
    pub operation: Operation,
    /// The HTTP status (200 when Paynet refused in a successful HTTP answer with a non-zero code).
    pub status: u16,
    /// Paynet's result code, when it sent one.
    pub code: Option<ResultCode>,
    /// Paynet's message, scrubbed of credentials.
    pub message: Option<String>,
    /// The `type` of Paynet's non-200 error body, when it sent one.
    pub error_type: Option<ErrorType>,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Paynet refused {} (HTTP {}", self.operation, self.status)?;
        if let Some(code) = self.code {
            write!(f, ", result code {code}")?;
        }
        if let Some(t) = &self.error_type {
            write!(f, ", {t}")?;
        }
        f.write_str(")")?;
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        Ok(())
    }
}

/// The error of every Paynet call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The request broke a rule; nothing was sent.
    #[error("invalid {field}: {reason} (nothing was sent)")]
    InvalidRequest {
        /// The field (or argument) at fault.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },

    /// Paynet answered and refused the request (or reported a non-zero result code).
    #[error("{0}")]
    Rejected(Box<Rejection>),

    /// The request never reached Paynet (e.g. the connection was refused): retrying is safe.
    #[error("{operation} did not reach Paynet: {source}")]
    Transport {
        /// The operation attempted.
        operation: Operation,
        /// The underlying failure.
        #[source]
        source: BoxError,
    },

    /// The request may have reached Paynet, but no usable answer came back (a timeout after
    /// sending, a dropped connection): the outcome is **unknown**. Reconcile (e.g. query the
    /// transaction by its reference) before trying again; never assume it failed.
    #[error("outcome of {operation} is unknown ({reason}); reconcile{} before retrying", .reference.as_deref().map(|r| format!(" {r}")).unwrap_or_default())]
    OutcomeUnknown {
        /// The operation attempted.
        operation: Operation,
        /// What identifies the transaction for reconciliation (e.g. `reference_no=ORDER-1`).
        reference: Option<String>,
        /// The read that settles it, when the operation has one (`check_payment` for a payment
        /// with a `reference_no`, `payment_detail` for a pre-authorisation's cancellation,
        /// `list_refunds` for a refund request): what the SDK looked it up with, and what to look
        /// it up with before sending anything again.
        lookup: Option<Operation>,
        /// Why the outcome is unknown.
        reason: String,
        /// The underlying failure, when there is one.
        #[source]
        source: Option<BoxError>,
    },

    /// An answer this SDK cannot read: not JSON, truncated, too large, of the wrong shape.
    /// For an operation that moves money, a 2xx answer of this kind leaves the outcome to be
    /// reconciled.
    #[error("invalid response to {operation} (HTTP {}): {reason}; body starts: {excerpt:?}", .status.map(|s| s.to_string()).unwrap_or_else(|| "status unknown".into()))]
    InvalidResponse {
        /// The operation attempted.
        operation: Operation,
        /// The HTTP status, when one was received.
        status: Option<u16>,
        /// What is wrong.
        reason: String,
        /// The first bytes of the body, scrubbed of credentials.
        excerpt: String,
    },
}

impl Error {
    /// The HTTP status Paynet answered with, when there was an answer.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Rejected(r) => Some(r.status),
            Error::InvalidResponse { status, .. } => *status,
            _ => None,
        }
    }

    /// Paynet's result code, when it sent one.
    pub fn result_code(&self) -> Option<ResultCode> {
        match self {
            Error::Rejected(r) => r.code,
            _ => None,
        }
    }

    /// True when Paynet is known not to have received the request, so it can be sent again.
    pub fn is_not_sent(&self) -> bool {
        matches!(self, Error::InvalidRequest { .. } | Error::Transport { .. })
    }

    /// True for [`Error::OutcomeUnknown`]: the request may have reached Paynet.
    pub fn is_outcome_unknown(&self) -> bool {
        matches!(self, Error::OutcomeUnknown { .. })
    }

    /// True when money may have moved and the caller must look the transaction up before doing
    /// anything else: an unknown outcome, or an unreadable successful (2xx, or no status) answer
    /// to an operation that moves money. Never retry such a call blindly.
    pub fn needs_reconciliation(&self) -> bool {
        match self {
            Error::OutcomeUnknown { .. } => true,
            Error::InvalidResponse {
                operation, status, ..
            } => operation.moves_money() && status.is_none_or(|s| (200..300).contains(&s)),
            _ => false,
        }
    }

    /// A short name for the error's kind, for logs and machine-readable output:
    /// `invalid_request`, `rejected`, `transport`, `outcome_unknown` or `invalid_response`.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::InvalidRequest { .. } => "invalid_request",
            Error::Rejected(_) => "rejected",
            Error::Transport { .. } => "transport",
            Error::OutcomeUnknown { .. } => "outcome_unknown",
            Error::InvalidResponse { .. } => "invalid_response",
        }
    }

    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Error {
        Error::InvalidRequest {
            field,
            reason: reason.into(),
        }
    }
}

impl From<AmountError> for Error {
    /// An amount that is not chargeable is an invalid request (field `amount`): nothing was sent.
    fn from(e: AmountError) -> Error {
        Error::invalid("amount", e.to_string())
    }
}

impl From<CredentialError> for Error {
    /// A malformed credential is an invalid request naming the credential, never its text.
    fn from(e: CredentialError) -> Error {
        Error::invalid(e.credential().field(), e.to_string())
    }
}

/// The field an [`Error::InvalidRequest`] names (tests: any other error fails the test).
#[cfg(test)]
pub(crate) fn invalid_field(e: Error) -> &'static str {
    match e {
        Error::InvalidRequest { field, .. } => field,
        other => panic!("expected an invalid request, got {other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_of_each_variant() {
        let e = Error::OutcomeUnknown {
            operation: Operation::CAPTURE,
            reference: Some("reference_no=R1".into()),
            lookup: None,
            reason: "timed out after sending".into(),
            source: None,
        };
        assert_eq!(
            e.to_string(),
            "outcome of capture is unknown (timed out after sending); reconcile reference_no=R1 before retrying"
        );
        let e = Error::InvalidResponse {
            operation: Operation::INIT_SALE,
            status: Some(502),
            reason: "not JSON".into(),
            excerpt: String::new(),
        };
        assert_eq!(e.http_status(), Some(502));
        assert!(e.to_string().contains("HTTP 502"), "{e}");
        let e = Error::Rejected(Box::new(Rejection {
            operation: Operation::CAPTURE,
            status: 401,
            code: Some(ResultCode::from_i64(7)),
            message: Some("bad key".into()),
            error_type: Some(ErrorType::parse("authorization_error")),
        }));
        assert_eq!(e.result_code(), Some(ResultCode::from_i64(7)));
        let text = e.to_string();
        assert!(
            text.starts_with("Paynet refused capture (HTTP 401, result code 7"),
            "{text}"
        );
        assert!(text.ends_with(": bad key"), "{text}");
    }
}
