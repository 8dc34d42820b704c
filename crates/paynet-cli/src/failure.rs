//! Why a command did not succeed, its exit code and its JSON form.

use paynet::{Error, ResultCode, Transaction, error_kind};

use crate::json::{self, J};

/// Why a command did not succeed.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Wrong usage: a missing credential variable, conflicting options. Nothing was sent.
    Usage(String),
    /// An argument the SDK refused (e.g. `--amount 10,50`). Nothing was sent.
    InvalidInput(String),
    /// The SDK's error.
    Sdk(Error),
    /// Paynet answered: the bank declined (HTTP 200, `is_succeed: false`).
    Declined(Box<Transaction>),
    /// check_transaction answered: the latest transaction of the payment session was declined
    /// (`is_succeed: false`). `code` is the check's result code.
    SaleDeclined {
        transaction: Box<Transaction>,
        code: ResultCode,
    },
    /// The tool itself failed (e.g. the simulator could not bind its port).
    Internal(String),
}

impl Failure {
    /// The process exit code (see the README).
    pub(crate) fn exit_code(&self) -> u8 {
        match self {
            Failure::Usage(_) | Failure::InvalidInput(_) => 2,
            Failure::Declined(_) | Failure::SaleDeclined { .. } => 3,
            Failure::Internal(_) => 1,
            Failure::Sdk(error) => match error {
                Error::InvalidRequest { .. } => 2,
                Error::Rejected(_) => 3,
                Error::Transport { .. } | Error::OutcomeUnknown { .. } => 4,
                Error::InvalidResponse { .. } => 5,
                _ => 1,
            },
        }
    }

    /// The `kind` of the JSON error: the SDK's [`error_kind`], or `usage`, `declined`,
    /// `internal`.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Failure::Usage(_) => "usage",
            Failure::InvalidInput(_) => "invalid_request",
            Failure::Declined(_) | Failure::SaleDeclined { .. } => "declined",
            Failure::Internal(_) => "internal",
            Failure::Sdk(error) => error_kind(error),
        }
    }

    /// The one-line message (credential-free: the SDK scrubs what Paynet sent).
    pub(crate) fn message(&self) -> String {
        match self {
            Failure::Usage(m) | Failure::InvalidInput(m) | Failure::Internal(m) => m.clone(),
            Failure::Sdk(error) => error.to_string(),
            Failure::Declined(t) => crate::render::decline_message(t),
            Failure::SaleDeclined { transaction, .. } => {
                crate::render::sale_decline_message(transaction)
            }
        }
    }

    /// `{"error": {"kind", "message", "http_status", "code", ...}}`; `null` where unknown.
    /// An unknown outcome adds `reference` (what to reconcile); a decline adds the `transaction`
    /// Paynet returned (for `check`, the declined transaction in the check_transaction shape).
    pub(crate) fn to_json(&self) -> J {
        J::obj([("error", self.error_object())])
    }

    /// The object under `"error"`.
    pub(crate) fn error_object(&self) -> J {
        match self {
            Failure::Sdk(error) => sdk_error_object(error),
            Failure::Declined(t) => {
                let mut fields = fields(
                    self.kind(),
                    self.message(),
                    Some(200),
                    t.result_code.map(|c| c.as_i64()),
                );
                fields.push(("transaction", json::transaction(t)));
                J::obj(fields)
            }
            Failure::SaleDeclined { transaction, code } => {
                let mut fields =
                    fields(self.kind(), self.message(), Some(200), Some(code.as_i64()));
                fields.push(("transaction", json::checked_transaction(transaction)));
                J::obj(fields)
            }
            _ => J::obj(fields(self.kind(), self.message(), None, None)),
        }
    }
}

/// The object under `"error"` for an SDK error.
pub(crate) fn sdk_error_object(error: &Error) -> J {
    let mut fields = fields(
        error_kind(error),
        error.to_string(),
        error.http_status(),
        error.result_code().map(|c| c.as_i64()),
    );
    if let Error::OutcomeUnknown { reference, .. } = error {
        fields.push(("reference", J::opt_str(reference.as_deref())));
    }
    J::obj(fields)
}

fn fields(
    kind: &str,
    message: String,
    http_status: Option<u16>,
    code: Option<i64>,
) -> Vec<(&'static str, J)> {
    vec![
        ("kind", J::str(kind)),
        ("message", J::Str(message)),
        (
            "http_status",
            http_status.map_or(J::Null, |s| J::Int(i64::from(s))),
        ),
        ("code", code.map_or(J::Null, J::Int)),
    ]
}
