//! Why a command did not succeed: its exit code, its kind, its one-line message and its JSON
//! form. Nothing here renders for a person: the stderr form (message and hint) is
//! `render::failure`, which depends on this module, never the other way round.

use std::fmt::Write as _;

use paynet::{Error, ResultCode, Transaction, TransactionType};
use serde::Serialize;

use crate::text::{code_text, kind_of, or_unreported};

/// Why a command did not succeed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Wrong usage: a missing credential variable, conflicting options. Nothing was sent.
    Usage(String),
    /// An argument the SDK refused (e.g. `--amount 10,50`, a plain-http `--base-url`). Nothing
    /// was sent.
    InvalidInput(String),
    /// The SDK's error.
    Sdk(Error),
    /// Paynet answered a capture: the bank declined it (HTTP 200, `is_succeed: false`).
    Declined(Box<Transaction>),
    /// Paynet answered a capture's cancellation: the bank declined it (the capture stands).
    CancellationDeclined(Box<Transaction>),
    /// A card payment (pay, complete_3d, charge) the bank declined: Paynet answered so, or, when
    /// the answer was lost, the lookup found it declined (`reconciled`).
    PaymentDeclined {
        transaction: Box<Transaction>,
        reconciled: bool,
    },
    /// check_sale answered: the latest transaction of the payment session was declined
    /// (`is_succeed: false`). `code` is the check's result code.
    SaleDeclined {
        transaction: Box<Transaction>,
        code: ResultCode,
    },
    /// The tool itself failed (e.g. the simulator could not bind its port).
    Internal(String),
}

impl Failure {
    /// A request the SDK refused before sending (nothing was sent), in the words of the command
    /// line: its field is named as its flag (`xact_id` -> `--xact-id`). Any other error is the
    /// SDK's.
    pub(crate) fn refused_option(error: Error) -> Failure {
        match error {
            Error::InvalidRequest { field, reason } => {
                Failure::InvalidInput(format!("--{}: {reason}", field.replace('_', "-")))
            }
            other => Failure::Sdk(other),
        }
    }
}

/// `{"error": {...}}`: a failure as `--json` prints it.
#[derive(Debug, Serialize)]
pub(crate) struct FailureJson {
    /// What went wrong.
    error: ErrorObject,
}

/// The object under `"error"`: `kind`, `message`, `http_status` and `code` always (`null` where
/// unknown); `reference` for an unknown outcome (what to reconcile); `transaction` for a decline
/// (the transaction Paynet returned).
#[derive(Debug, Serialize)]
pub(crate) struct ErrorObject {
    /// The SDK's [`Error::kind`], or `usage`, `declined`, `internal`.
    kind: &'static str,
    /// The one-line message (credential-free).
    message: String,
    /// The HTTP status Paynet answered with, when there was an answer.
    http_status: Option<u16>,
    /// Paynet's result code, when it sent one.
    code: Option<i64>,
    /// An unknown outcome's reference (`reference_no=ORDER-1`), `null` when it has none; absent
    /// for any other failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<Option<String>>,
    /// The declined transaction, with the same field names as every other transaction.
    #[serde(skip_serializing_if = "Option::is_none")]
    transaction: Option<Box<Transaction>>,
}

impl Failure {
    /// The process exit code (see the README).
    pub(crate) fn exit_code(&self) -> u8 {
        self.class().0
    }

    /// The exit code and the `kind` of each failure, side by side (the `kind` of the JSON error:
    /// the SDK's [`Error::kind`], or `usage`, `declined`, `internal`).
    fn class(&self) -> (u8, &'static str) {
        match self {
            Failure::Usage(_) => (2, "usage"),
            Failure::InvalidInput(_) => (2, "invalid_request"),
            Failure::Declined(_)
            | Failure::CancellationDeclined(_)
            | Failure::PaymentDeclined { .. }
            | Failure::SaleDeclined { .. } => (3, "declined"),
            Failure::Internal(_) => (1, "internal"),
            Failure::Sdk(error) => match error {
                Error::InvalidRequest { .. } => (2, error.kind()),
                Error::Rejected(_) => (3, error.kind()),
                Error::Transport { .. } | Error::OutcomeUnknown { .. } => (4, error.kind()),
                Error::InvalidResponse { .. } => (5, error.kind()),
                _ => (1, error.kind()),
            },
        }
    }

    /// The one-line message (credential-free: the SDK scrubs what Paynet sent).
    pub(crate) fn message(&self) -> String {
        match self {
            Failure::Usage(m) | Failure::InvalidInput(m) | Failure::Internal(m) => m.clone(),
            Failure::Sdk(error) => error.to_string(),
            Failure::Declined(t) => decline_message(t),
            Failure::CancellationDeclined(t) => declined(
                "the capture's cancellation, nothing was cancelled (the capture stands)",
                t,
            ),
            Failure::PaymentDeclined {
                transaction,
                reconciled,
            } => payment_decline_message(transaction, *reconciled),
            Failure::SaleDeclined { transaction, .. } => sale_decline_message(transaction),
        }
    }

    /// `{"error": {"kind", "message", "http_status", "code", ...}}`; `null` where unknown.
    /// An unknown outcome adds `reference` (what to reconcile); a decline adds the `transaction`
    /// Paynet returned (for `check-sale`, the declined one).
    pub(crate) fn to_json(&self) -> FailureJson {
        FailureJson {
            error: self.error_object(),
        }
    }

    /// The object under `"error"`.
    pub(crate) fn error_object(&self) -> ErrorObject {
        let (code, transaction) = match self {
            Failure::Sdk(error) => return sdk_error_object(error),
            Failure::Declined(t)
            | Failure::CancellationDeclined(t)
            | Failure::PaymentDeclined { transaction: t, .. } => (t.result_code, Some(t)),
            Failure::SaleDeclined { transaction, code } => (Some(*code), Some(transaction)),
            _ => (None, None),
        };
        ErrorObject {
            kind: self.class().1,
            message: self.message(),
            http_status: transaction.map(|_| 200),
            code: code.map(ResultCode::as_i64),
            reference: None,
            transaction: transaction.cloned(),
        }
    }
}

/// The object under `"error"` for an SDK error.
pub(crate) fn sdk_error_object(error: &Error) -> ErrorObject {
    let reference = match error {
        Error::OutcomeUnknown { reference, .. } => Some(reference.clone()),
        _ => None,
    };
    ErrorObject {
        kind: error.kind(),
        message: error.to_string(),
        http_status: error.http_status(),
        code: error.result_code().map(ResultCode::as_i64),
        reference,
        transaction: None,
    }
}

/// What a bank decline of a capture says, in one line.
pub(crate) fn decline_message(t: &Transaction) -> String {
    declined("the capture, nothing was captured", t)
}

/// What a bank decline of a card payment says, in one line; `reconciled` when a lookup found it
/// (the answer was lost).
pub(crate) fn payment_decline_message(t: &Transaction, reconciled: bool) -> String {
    let what = match t.transaction_type {
        Some(TransactionType::PreAuth) => "the pre-authorisation, nothing was held on the card",
        _ => "the payment, nothing was charged",
    };
    let mut s = declined(what, t);
    if reconciled {
        s.push_str(
            "; settled by a lookup: the answer was lost, and the payment check by its \
             reference_no found it declined",
        );
    }
    s
}

/// "the bank declined {what} (is_succeed false, result code ...)", with the bank's and Paynet's
/// errors.
fn declined(what: &str, t: &Transaction) -> String {
    let mut s = format!(
        "the bank declined {what} (is_succeed false, {})",
        code_text(t.result_code, t.message.as_deref())
    );
    if let Some(e) = &t.bank_error {
        let parts: Vec<&str> = [&e.id, &e.message, &e.short_desc, &e.long_desc]
            .into_iter()
            .filter_map(|p| p.as_deref())
            .map(|p| p.trim_end_matches('.'))
            .collect();
        let _ = write!(s, "; bank error: {}", parts.join(" / "));
    }
    if let Some(e) = &t.paynet_error {
        let parts: Vec<&str> = [&e.id, &e.message]
            .into_iter()
            .filter_map(|p| p.as_deref())
            .collect();
        let _ = write!(s, "; Paynet error: {}", parts.join(" / "));
    }
    s
}

/// What a declined PayPOS transaction (from check_sale) says, in one line.
pub(crate) fn sale_decline_message(t: &Transaction) -> String {
    let consequence = match t.transaction_type {
        Some(TransactionType::Sale) => ": nothing was charged",
        Some(TransactionType::Reversal) => ": nothing was refunded",
        _ => "",
    };
    format!(
        "the bank declined the {} of {} (is_succeed false, xact_id {}){consequence}",
        kind_of(t),
        or_unreported(t.amount),
        t.xact_id.as_deref().unwrap_or("not reported"),
    )
}
