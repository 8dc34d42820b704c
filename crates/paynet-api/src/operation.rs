//! The operation table: what each Paynet operation is, as its spec declares it.
//!
//! Every operation of every spec in `openapi/` carries its policy as vendor extensions
//! (`x-paynet-auth`, `x-paynet-moves-money`, `x-paynet-idempotent`); `cargo xtask codegen` turns
//! them into one [`Operation`] constant each (`Operation::CAPTURE`, ...), the list
//! [`Operation::ALL`], and a [`Binding`] per operation that names its request body and answer
//! types. The runtime reads this table; no hand-written code decides per operation which
//! credential it needs or whether it may be sent again.
//!
//! ```
//! use paynet_api::operation::{Auth, Operation};
//!
//! let capture = Operation::from_name("capture").expect("a known operation");
//! assert_eq!(capture, Operation::CAPTURE);
//! assert_eq!(capture.path(), "/v1/transaction/capture");
//! assert_eq!(capture.auth(), Auth::SecretKey);
//! assert!(capture.moves_money());
//! assert_eq!(capture.to_string(), "capture");
//! ```

use std::fmt;
use std::hash::{Hash, Hasher};

/// Which credential an operation is sent under (`x-paynet-auth`), hence which header it carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Auth {
    /// `secret-key`: the merchant's secret key, as `Authorization: Basic <key>` (the raw key, not
    /// base64).
    SecretKey,
    /// `publishable-key`: the merchant's publishable key (the one its pages may show), as
    /// `Authorization: Basic <key>`.
    PublishableKey,
    /// `session-key`: a PayPOS session key, as `Session-Key: <key>`.
    SessionKey,
    /// `none`: no credential.
    None,
}

impl Auth {
    /// The spec's spelling (`secret-key`, `session-key`, `none`).
    pub fn as_str(self) -> &'static str {
        match self {
            Auth::SecretKey => "secret-key",
            Auth::PublishableKey => "publishable-key",
            Auth::SessionKey => "session-key",
            Auth::None => "none",
        }
    }
}

impl fmt::Display for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the table says of one operation. Built only by the generated code.
#[derive(Debug)]
pub(crate) struct Info {
    pub(crate) name: &'static str,
    pub(crate) method: &'static str,
    pub(crate) path: &'static str,
    pub(crate) spec: &'static str,
    pub(crate) summary: &'static str,
    pub(crate) auth: Auth,
    pub(crate) moves_money: bool,
    pub(crate) idempotent: bool,
    pub(crate) headers: &'static [(&'static str, &'static str)],
    pub(crate) secret_fields: &'static [&'static str],
    pub(crate) issued: &'static [&'static str],
}

/// One Paynet operation, as its spec declares it. `Copy`, compared by name.
///
/// The constants (`Operation::CAPTURE`, `Operation::INIT_SALE`, ...) and [`Operation::ALL`] are
/// generated from the specs; an operation's [`name`](Operation::name) is its `operationId`, the
/// one name the SDK uses for it everywhere (its methods, errors, tracing spans, the CLI).
#[derive(Clone, Copy)]
pub struct Operation(&'static Info);

impl Operation {
    pub(crate) const fn from_info(info: &'static Info) -> Operation {
        Operation(info)
    }

    /// The operation's name: its `operationId` (e.g. `capture`, `init_sale`).
    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// The HTTP method (`POST` for every Paynet operation).
    pub fn method(self) -> &'static str {
        self.0.method
    }

    /// The path (e.g. `/v1/transaction/capture`).
    pub fn path(self) -> &'static str {
        self.0.path
    }

    /// The spec file that declares it (e.g. `paynet-transaction.yaml`).
    pub fn spec(self) -> &'static str {
        self.0.spec
    }

    /// The spec's one-line summary.
    pub fn summary(self) -> &'static str {
        self.0.summary
    }

    /// The credential it is sent under (`x-paynet-auth`).
    pub fn auth(self) -> Auth {
        self.0.auth
    }

    /// True when a sent request may have moved money or changed a transaction
    /// (`x-paynet-moves-money`): it is never sent again once its bytes may have left, and an
    /// unknown outcome must be reconciled.
    pub fn moves_money(self) -> bool {
        self.0.moves_money
    }

    /// True when sending it again after an unknown outcome changes nothing
    /// (`x-paynet-idempotent`; reads): it may be retried within the call's time budget even when
    /// the first request may have reached Paynet. Never true of an operation that moves money.
    pub fn idempotent(self) -> bool {
        self.0.idempotent
    }

    /// Fixed headers every request carries besides the credential (e.g. `PaynetMobile: 2`).
    pub fn headers(self) -> &'static [(&'static str, &'static str)] {
        self.0.headers
    }

    /// The request's fields that are secrets (`x-paynet-secret: true`), by their JSON names: never
    /// printed, scrubbed from the answer.
    pub fn secret_fields(self) -> &'static [&'static str] {
        self.0.secret_fields
    }

    /// The answer's fields that hold a secret Paynet issues (`x-paynet-secret: true`, e.g.
    /// init_sale's `encryption_key`): registered as a secret the moment the answer arrives, so
    /// that no other text can print it.
    pub fn issued_fields(self) -> &'static [&'static str] {
        self.0.issued
    }

    /// The operation's name on the command line: its `operationId` with dashes
    /// (`paynet check-payment`).
    pub fn command(self) -> String {
        self.0.name.replace('_', "-")
    }

    /// The operation with this name, if the table has one.
    pub fn from_name(name: &str) -> Option<Operation> {
        Operation::ALL.iter().copied().find(|op| op.name() == name)
    }
}

impl PartialEq for Operation {
    fn eq(&self, other: &Self) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for Operation {}

impl Hash for Operation {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.name.hash(state);
    }
}

impl PartialOrd for Operation {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Operation {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.name.cmp(other.0.name)
    }
}

impl fmt::Display for Operation {
    /// The operation's [name](Operation::name).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.name)
    }
}

impl fmt::Debug for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Operation({})", self.0.name)
    }
}

/// The wire types of one operation: generated, one marker type per operation, in
/// [`crate::operations::bind`].
pub trait Binding {
    /// The operation.
    const OPERATION: Operation;
    /// The JSON request body.
    type Body: serde::Serialize;
    /// The JSON answer of a successful (2xx) response.
    type Answer: serde::de::DeserializeOwned;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_consistent() {
        assert!(!Operation::ALL.is_empty());
        let mut names: Vec<&str> = Operation::ALL.iter().map(|op| op.name()).collect();
        let sorted = {
            let mut s = names.clone();
            s.sort_unstable();
            s
        };
        assert_eq!(names, sorted, "ALL is in name order");
        names.dedup();
        assert_eq!(names.len(), Operation::ALL.len(), "names are unique");
        for op in Operation::ALL {
            assert_eq!(Operation::from_name(op.name()), Some(*op));
            assert!(op.path().starts_with('/'), "{op:?}");
            assert!(
                !(op.moves_money() && op.idempotent()),
                "{op}: an operation that moves money is never idempotent"
            );
        }
        assert_eq!(Operation::from_name("no_such_operation"), None);
    }
}
