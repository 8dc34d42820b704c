//! One exchange with Paynet, without the transport: a [`Request`] becomes a JSON body
//! ([`encode`]), and what Paynet answered ([`Answer`]: an HTTP status and a body) becomes the
//! request's typed outcome or an [`Error`] ([`decode`]).
//!
//! This crate does no HTTP: sending, timeouts and retries are the `paynet` facade's. Every
//! request type of this crate implements [`Request`], which ties it to its operation in the
//! generated table ([`Operation`]); the table says which credential it needs and whether it
//! moves money.
//!
//! ```
//! use paynet_domain::{decode, encode, Answer, CaptureOutcome, CaptureRequest, Secrets, TransactionRef};
//!
//! let request = CaptureRequest::partial(TransactionRef::reference_no("ORDER-1")?, "10.50".parse()?);
//! assert_eq!(encode(&request)?, br#"{"amount":"1050","reference_no":"ORDER-1"}"#);
//!
//! let body = br#"{"xact_id":"xk_1","is_succeed":true,"amount":10.50,"code":0}"#;
//! let outcome = decode(&request, Answer::new(200, body), &Secrets::new())?;
//! assert!(matches!(outcome, CaptureOutcome::Approved { replayed: false, .. }));
//!
//! let refused = decode(&request, Answer::new(401, br#"{"type":"authorization_error","code":401,"result_code":7}"#), &Secrets::new());
//! assert_eq!(refused.unwrap_err().result_code(), Some(paynet_domain::ResultCode::Unauthorized));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use paynet_api::operation::Binding;
pub use paynet_api::operation::{Auth, Operation};

use crate::codes::ResultCode;
use crate::error::{BoxError, Error};
use crate::reader::{Reader, error_parts, read_json};
use crate::reconcile::{Found, Lookup};
use crate::redact::Secrets;

mod sealed {
    /// Only this crate's request types are [`super::Request`]s.
    pub trait Sealed {}
}
pub(crate) use sealed::Sealed;

/// Proof that a call to a [`Request`]'s hidden methods comes from this crate.
#[derive(Debug)]
pub struct Token(());

/// A request for one Paynet operation, checked when it was built.
///
/// Implemented by this crate's request types only ([`crate::CaptureRequest`],
/// [`crate::InitSaleRequest`], ...). Send one with the `paynet` facade, or with any HTTP client
/// through [`encode`] and [`decode`].
pub trait Request: Sealed + Sync {
    /// What a successful call returns: printable (its `Debug` holds no secret) and serialisable
    /// with Paynet's field names.
    type Output: Outcome + Send + std::fmt::Debug + serde::Serialize;

    /// The generated marker of the operation's wire types.
    #[doc(hidden)]
    type Wire: Binding;

    /// The operation, from the generated table.
    const OPERATION: Operation = <Self::Wire as Binding>::OPERATION;

    /// What identifies the request's transaction, to look it up after an unknown outcome (e.g.
    /// `reference_no=ORDER-1`), when there is something.
    fn lookup(&self) -> Option<String> {
        None
    }

    /// The generated request body; `defaults` fills what the request leaves to the client (the
    /// merchant's domain).
    #[doc(hidden)]
    fn body(
        &self,
        token: Token,
        defaults: &Defaults,
    ) -> Result<<Self::Wire as Binding>::Body, Error>;

    /// The lookup that settles this request's outcome when its answer is lost, if it has one.
    #[doc(hidden)]
    fn reconciliation(&self, token: Token) -> Option<Lookup> {
        let _ = token;
        None
    }

    /// The outcome a lookup's answer settles, if it does (this request's transaction or request
    /// was found). `None` when the lookup cannot say.
    #[doc(hidden)]
    fn settle(&self, found: &Found, token: Token) -> Option<Self::Output> {
        let _ = (found, token);
        None
    }

    /// True when `read` registers the secrets the answer issues itself (a reader that knows
    /// where they are and scrubs the answer's other texts of them), sparing `decode` its scan of
    /// the raw answer for them.
    #[doc(hidden)]
    fn registers_issued(&self, token: Token) -> bool {
        let _ = token;
        false
    }

    /// Secrets the request itself carries besides the client's (a card number, a CVC), scrubbed
    /// from the answer and never kept.
    #[doc(hidden)]
    fn call_secrets(&self, token: Token) -> Vec<&str> {
        let _ = token;
        Vec::new()
    }

    /// Reads a successful answer into the outcome.
    #[doc(hidden)]
    fn read(
        &self,
        answer: <Self::Wire as Binding>::Answer,
        reader: &Reader<'_>,
    ) -> Result<Self::Output, Error>;
}

/// What a successful call's outcome says of itself, for logs and machine-readable output.
pub trait Outcome {
    /// A short description (`approved`, `declined`, `pending`, `session opened`...).
    fn kind(&self) -> &'static str;
    /// Paynet's result code, when the answer carried one.
    fn result_code(&self) -> Option<ResultCode>;
}

/// Implements [`Outcome`] for an outcome type with a `result_code` field: `kind` is a text, or
/// `|outcome| expression` when the description depends on the outcome. `[T] Type<T>` for a
/// generic type.
macro_rules! outcome {
    ([$($g:ident)?] $ty:ty, |$o:ident| $kind:expr) => {
        impl<$($g)?> $crate::exchange::Outcome for $ty {
            fn kind(&self) -> &'static str {
                let $o = self;
                $kind
            }
            fn result_code(&self) -> Option<$crate::codes::ResultCode> {
                Some(self.result_code)
            }
        }
    };
    ($ty:ty, $kind:literal) => {
        $crate::exchange::outcome!([] $ty, |_outcome| $kind);
    };
    ($ty:ty, |$o:ident| $kind:expr) => {
        $crate::exchange::outcome!([] $ty, |$o| $kind);
    };
}
pub(crate) use outcome;

impl Outcome for () {
    fn kind(&self) -> &'static str {
        "done"
    }
    fn result_code(&self) -> Option<ResultCode> {
        None
    }
}

/// What Paynet (or something in between) answered: an HTTP status and its body.
#[derive(Clone, Copy, Debug)]
pub struct Answer<'a> {
    status: u16,
    body: &'a [u8],
    /// The limit a body was dropped for; `body` is then its first bytes.
    over_limit: Option<usize>,
}

impl<'a> Answer<'a> {
    /// An answer read whole.
    pub fn new(status: u16, body: &'a [u8]) -> Answer<'a> {
        Answer {
            status,
            body,
            over_limit: None,
        }
    }

    /// An answer whose body was longer than `limit` bytes and was not read; `head` is what was
    /// kept of its start (for the error's excerpt).
    pub fn over_limit(status: u16, head: &'a [u8], limit: usize) -> Answer<'a> {
        Answer {
            status,
            body: head,
            over_limit: Some(limit),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }
}

/// What a request may leave to the client's configuration.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Defaults {
    /// The merchant's domain (`www.acme.com`), for payments that do not name one.
    pub merchant_domain: Option<String>,
}

impl Defaults {
    /// Defaults with the merchant's domain: checked (a host name: no scheme, port or path).
    pub fn with_merchant_domain(mut self, domain: impl Into<String>) -> Result<Self, Error> {
        self.merchant_domain = Some(crate::validate::check_domain(domain.into())?);
        Ok(self)
    }
}

/// The JSON body of `request`, as Paynet expects it.
pub fn encode<R: Request>(request: &R) -> Result<Vec<u8>, Error> {
    encode_with(request, &Defaults::default())
}

/// The JSON body of `request`, with what it leaves to the client filled from `defaults`. An
/// [`Error::InvalidRequest`] when something Paynet requires is missing from both.
pub fn encode_with<R: Request>(request: &R, defaults: &Defaults) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(&request.body(Token(()), defaults)?).map_err(|e| Error::InvalidRequest {
        field: "body",
        reason: format!("could not be written as JSON: {e}"),
    })
}

/// The lookup that settles `request`'s outcome when its answer is lost: a read, safe to repeat
/// (a payment check by `reference_no`, a transaction's detail, the refund list). `None` when
/// there is nothing to look it up by.
pub fn reconciliation<R: Request>(request: &R) -> Option<Lookup> {
    request.reconciliation(Token(()))
}

/// The outcome that `found` (the answer to [`reconciliation`]'s lookup) settles for `request`:
/// `None` when it found nothing of this request (not found yet is never "not charged").
pub fn settle<R: Request>(request: &R, found: &Found) -> Option<R::Output> {
    request.settle(found, Token(()))
}

/// Reads Paynet's answer to `request`: the outcome, or the error that says what is known.
///
/// The body is scrubbed of every secret in `secrets` (and of the request's own, such as a card
/// number) before anything reads it.
pub fn decode<R: Request>(
    request: &R,
    answer: Answer<'_>,
    secrets: &Secrets,
) -> Result<R::Output, Error> {
    // A key the answer issues (a field its spec marks `x-paynet-secret`) is a secret from the
    // moment it arrives: registered before anything reads the answer, so that no other text of
    // it (a message echoing it) can print it.
    let fields = match request.registers_issued(Token(())) {
        true => &[][..],
        false => R::OPERATION.issued_fields(),
    };
    for field in fields {
        match issued_value(answer.body, field) {
            Some(Issued::Raw(bytes)) => secrets.remember_bytes(bytes),
            Some(Issued::Escaped(text)) => secrets.remember(&text),
            None => {}
        }
    }
    let call_secrets = request.call_secrets(Token(()));
    // A request's own long secrets (a card number, a key in the body) are kept with the client's
    // while they are recent; a short one (a CVC) is only the call's: it would blank every equal
    // number of later answers.
    for secret in &call_secrets {
        if secret.len() >= crate::redact::MIN_ANYWHERE_LEN {
            secrets.remember(secret);
        }
    }
    let scrubber = secrets.scrubber(&call_secrets);
    // Most answers hold no secret at all: then nothing read from them is searched again.
    let clean = scrubber.is_clean(answer.body);
    let reader = Reader {
        operation: R::OPERATION,
        status: answer.status,
        scrubber,
        secrets,
        clean,
    };
    let body = match clean {
        true => std::borrow::Cow::Borrowed(answer.body),
        false => reader.scrubber.scrub_json(answer.body),
    };
    if let Some(limit) = answer.over_limit {
        return Err(reader.invalid_with_body(
            &format!("the body is larger than the {limit}-byte limit"),
            &body,
        ));
    }
    match answer.status {
        200..=299 => match read_json::<<R::Wire as Binding>::Answer>(&body) {
            Ok(value) => request.read(value, &reader),
            Err(e) => Err(reader.undecodable(&body, &e)),
        },
        400..=599 => Err(match error_parts(&body) {
            Some(parts) => reader.rejected(parts),
            None => reader.invalid_with_body(
                &format!(
                    "HTTP {} with a body that is not a Paynet error",
                    answer.status
                ),
                &body,
            ),
        }),
        status => Err(reader.invalid_with_body(
            &format!("HTTP {status} is not an answer this operation documents"),
            &body,
        )),
    }
}

/// The string value of an issued field, as found in the raw answer.
enum Issued<'b> {
    /// Its bytes as they are (no JSON escape in them).
    Raw(&'b [u8]),
    /// Its text, JSON escapes undone.
    Escaped(String),
}

/// The string value of the JSON field `field` in `body` (`"encryption_key": "ek_..."`), found by a
/// scan of the raw bytes (no parse of the answer, and no copy unless the value has JSON escapes),
/// when there is one and it is not blank.
fn issued_value<'b>(body: &'b [u8], field: &str) -> Option<Issued<'b>> {
    let name = field.as_bytes();
    let owned;
    let finder = match issued_finder(field) {
        Some(f) => f,
        None => {
            owned = memchr::memmem::Finder::new(name);
            &owned
        }
    };
    let mut from = 0;
    while let Some(at) = finder.find(&body[from..]) {
        let start = from + at;
        from = start + name.len();
        // The field's name as a JSON key: quoted, then a colon.
        if start == 0 || body[start - 1] != b'"' || body.get(from) != Some(&b'"') {
            continue;
        }
        let Some(rest) = body[from + 1..].trim_ascii_start().strip_prefix(b":") else {
            continue;
        };
        let Some(value) = rest.trim_ascii_start().strip_prefix(b"\"") else {
            continue;
        };
        let end = crate::redact::closing_quote(value)?;
        let bytes = &value[..end];
        if memchr::memchr(b'\\', bytes).is_none() {
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(Issued::Raw(bytes));
        }
        let quoted = rest.trim_ascii_start().get(..end + 2)?;
        let text: String = serde_json::from_slice(quoted).ok()?;
        if !text.trim().is_empty() {
            return Some(Issued::Escaped(text));
        }
    }
    None
}

/// A substring searcher for an issued field's name, built once per name of the table's
/// `ISSUED_FIELDS` (a searcher built per call costs more than the search).
fn issued_finder(field: &str) -> Option<&'static memchr::memmem::Finder<'static>> {
    use std::sync::OnceLock;
    static FINDERS: OnceLock<Vec<(&'static str, memchr::memmem::Finder<'static>)>> =
        OnceLock::new();
    let finders = FINDERS.get_or_init(|| {
        paynet_api::operations::ISSUED_FIELDS
            .iter()
            .map(|f| (*f, memchr::memmem::Finder::new(f.as_bytes())))
            .collect()
    });
    finders
        .iter()
        .find(|(f, _)| *f == field)
        .map(|(_, finder)| finder)
}

/// The error for a request that may have reached Paynet without a usable answer: a timeout
/// after sending, a connection dropped before the answer ended.
pub fn outcome_unknown<R: Request>(
    request: &R,
    reason: impl Into<String>,
    source: Option<BoxError>,
) -> Error {
    Error::OutcomeUnknown {
        operation: R::OPERATION,
        reference: request.lookup(),
        lookup: request.reconciliation(Token(())).map(|l| l.operation()),
        reason: reason.into(),
        source,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::issued_value;

    #[test]
    fn issued_values_are_found_in_the_raw_answer() {
        let v = |body: &str| {
            issued_value(body.as_bytes(), "encryption_key").map(|v| match v {
                super::Issued::Raw(bytes) => String::from_utf8(bytes.to_vec()).unwrap(),
                super::Issued::Escaped(text) => text,
            })
        };
        assert_eq!(
            v(r#"{"encryption_key":"ek_1","code":0}"#).as_deref(),
            Some("ek_1")
        );
        assert_eq!(
            v(r#"{ "encryption_key" : "ek_2" }"#).as_deref(),
            Some("ek_2")
        );
        // JSON escapes are undone.
        assert_eq!(
            v(r#"{"encryption_key":"ek\/3\u002B=\"x"}"#).as_deref(),
            Some("ek/3+=\"x")
        );
        // Not the key: a longer name, a value, a blank or non-string value.
        assert_eq!(
            v(r#"{"my_encryption_key":"no","message":"encryption_key"}"#),
            None
        );
        assert_eq!(v(r#"{"encryption_key":" ","x":1}"#), None);
        assert_eq!(v(r#"{"encryption_key":null}"#), None);
        assert_eq!(v(r#"{"encryption_key":"#), None);
        // The first real one wins over a mention in text.
        assert_eq!(
            v(r#"{"message":"see encryption_key","encryption_key":"ek_4"}"#).as_deref(),
            Some("ek_4")
        );
    }
}
