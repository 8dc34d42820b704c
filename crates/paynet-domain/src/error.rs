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

/// A boxed error source.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The Paynet operation a call was making.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operation {
    /// `POST /v1/transaction/capture`.
    Capture,
    /// `POST /v1/softpos/init_sale_transaction`.
    InitSale,
    /// `POST /v1/agent/get_auth_key`.
    OpenSession,
    /// `POST /v1/agent/logout`.
    CloseSession,
    /// `POST /v1/softpos/check_transaction`.
    CheckTransaction,
    /// `POST /v1/softpos/init_reversal_transaction`.
    InitReversal,
}

impl Operation {
    /// Paynet's name for the operation (its path's last segment).
    pub fn paynet_name(self) -> &'static str {
        match self {
            Operation::Capture => "capture",
            Operation::InitSale => "init_sale_transaction",
            Operation::OpenSession => "get_auth_key",
            Operation::CloseSession => "logout",
            Operation::CheckTransaction => "check_transaction",
            Operation::InitReversal => "init_reversal_transaction",
        }
    }

    /// True when the operation can move money or change a transaction: after an unknown outcome
    /// it must be reconciled, never blindly re-sent.
    pub fn moves_money(self) -> bool {
        matches!(self, Operation::Capture | Operation::InitReversal)
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.paynet_name())
    }
}

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

    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Error {
        Error::InvalidRequest {
            field,
            reason: reason.into(),
        }
    }
}

/// Keeps at most this many characters of a body in an error.
pub const EXCERPT_LEN: usize = 160;

/// JSON fields whose values are credentials: blanked in excerpts.
const SENSITIVE_FIELDS: [&str; 4] = [
    "encryption_key",
    "session_key",
    "secret_key",
    "authorization",
];

/// A short, credential-free excerpt of a response body for error reports.
///
/// JSON escapes that could hide a key are undone first (`\/`, and `\uXXXX` for printable ASCII:
/// a .NET server writes `+` as `\u002B`); then every occurrence of one of `secrets` is replaced,
/// the string values of fields named like keys (`encryption_key`, `session_key`...) are blanked,
/// control characters are dropped, and the text is cut to [`EXCERPT_LEN`] characters.
pub fn excerpt(body: &[u8], secrets: &[&str]) -> String {
    let text = scrub(&unescape_json(&String::from_utf8_lossy(body)), secrets);
    let mut out: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == ' ')
        .take(EXCERPT_LEN)
        .collect();
    if text.chars().count() > EXCERPT_LEN {
        out.push('…');
    }
    out
}

/// The shortest start of a secret that is redacted when a text ends with it (a body cut inside
/// a key).
const MIN_CUT_SECRET: usize = 6;

/// Removes credentials from server text: every known secret, a start of one at the very end of
/// the text (a body cut inside the key), and the values of key-named fields.
pub fn scrub(text: &str, secrets: &[&str]) -> String {
    if !may_hold_secret(text, secrets) {
        // Nothing below would change it (the usual case, on every answer: keep it cheap).
        return text.to_owned();
    }
    scrub_all(text, secrets)
}

/// [`scrub`] without its fast path.
fn scrub_all(text: &str, secrets: &[&str]) -> String {
    let mut text = text.to_owned();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        text = text.replace(secret, "[redacted]");
        if let Some(start) = cut_secret_at_end(&text, secret) {
            text.truncate(start);
            text.push_str("[redacted]");
        }
    }
    for field in SENSITIVE_FIELDS {
        text = blank_json_field(&text, field);
    }
    text
}

/// False when [`scrub`] would return `text` unchanged: it holds no `"` (so no key-named JSON
/// field) and not even the first [`MIN_CUT_SECRET`] characters of any secret (so neither a whole
/// secret nor a start of one at its end). Two substring searches instead of the allocations and
/// searches of the full scrub.
pub(crate) fn may_hold_secret(text: &str, secrets: &[&str]) -> bool {
    text.contains('"')
        || secrets.iter().filter(|s| !s.is_empty()).any(|secret| {
            let head = secret
                .char_indices()
                .nth(MIN_CUT_SECRET)
                .map_or(*secret, |(end, _)| &secret[..end]);
            contains_short(text, head)
        })
}

/// `hay` contains `needle`, for a needle of a few characters: finding its first character
/// (memchr) and comparing there is cheaper than the set-up of `str::contains`' two-way searcher,
/// and a short text is the usual case.
fn contains_short(hay: &str, needle: &str) -> bool {
    let Some(first) = needle.chars().next() else {
        return true;
    };
    let mut rest = hay;
    while let Some(at) = rest.find(first) {
        if rest[at..].starts_with(needle) {
            return true;
        }
        rest = &rest[at + first.len_utf8()..];
    }
    false
}

/// Where `text` ends with the first [`MIN_CUT_SECRET`] or more characters of `secret`.
fn cut_secret_at_end(text: &str, secret: &str) -> Option<usize> {
    secret
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .skip(MIN_CUT_SECRET - 1)
        .filter(|&len| text.ends_with(&secret[..len]))
        .max()
        .map(|len| text.len() - len)
}

/// Undoes the JSON escapes that can hide a key in raw body text: `\/`, and `\uXXXX` for
/// printable ASCII other than `"` and `\` (which stay escaped, so that JSON strings keep their
/// bounds). `\\` is kept as it is, with what follows it.
fn unescape_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(tail) = after.strip_prefix('/') {
            out.push('/');
            rest = tail;
        } else if let Some(c) = after
            .strip_prefix('u')
            .and_then(|hex| hex.get(..4))
            .filter(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            .map(char::from)
            .filter(|c| matches!(c, ' '..='~') && !matches!(c, '"' | '\\'))
        {
            out.push(c);
            rest = &after[5..];
        } else {
            // Any other escape (`\\`, `\"`, `\n`...) is copied with its escaped character.
            let len = after.chars().next().map_or(0, char::len_utf8);
            out.push('\\');
            out.push_str(&after[..len]);
            rest = &after[len..];
        }
    }
    out.push_str(rest);
    out
}

fn blank_json_field(text: &str, field: &str) -> String {
    let needle = format!("\"{field}\"");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(&needle) {
        let (before, after) = rest.split_at(at + needle.len());
        out.push_str(before);
        // Skip `\s*:\s*"`, then the string value up to its closing quote.
        let trimmed = after.trim_start();
        let Some(colon) = trimmed.strip_prefix(':') else {
            rest = after;
            continue;
        };
        let value = colon.trim_start();
        let Some(body) = value.strip_prefix('"') else {
            rest = after;
            continue;
        };
        out.push_str(":\"[redacted]\"");
        let mut escaped = false;
        let mut end = body.len();
        for (i, c) in body.char_indices() {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                end = i + 1;
                break;
            }
        }
        rest = &body[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The fast path of `scrub` changes nothing: whatever it lets through, the full scrub
        /// would have returned unchanged too.
        #[test]
        fn scrub_fast_path_is_exact(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "sck_live/+x", "sck_li", "sck_l", "ssk_12345", "ssk_1", "Başarılı", " ",
                    "\"", ":", "encryption_key", "session_key", "[redacted]", "ş", "x",
                ]),
                0..12,
            ),
            secret_pick in 0usize..4,
        ) {
            let text: String = parts.concat();
            let secrets: [&[&str]; 4] = [
                &["sck_live/+x", ""],
                &["ssk_12345", "sck_live/+x"],
                &["ş", ""],
                &["", ""],
            ];
            let secrets = secrets[secret_pick];
            proptest::prop_assert_eq!(scrub(&text, secrets), scrub_all(&text, secrets));
        }
    }

    #[test]
    fn excerpts_hide_credentials_and_key_fields() {
        let body = br#"{"encryption_key" : "ENC\"KEY", "session_key":"ssk_1", "echo":"sck_live/+x","code":0}"#;
        let e = excerpt(body, &["sck_live/+x"]);
        assert!(!e.contains("ENC"), "{e}");
        assert!(!e.contains("ssk_1"), "{e}");
        assert!(!e.contains("sck_live"), "{e}");
        assert!(e.contains(r#""code":0"#), "{e}");
    }

    #[test]
    fn excerpts_are_short_and_single_line() {
        let body = format!("<html>\n<body>{}</body></html>", "x".repeat(1000));
        let e = excerpt(body.as_bytes(), &[]);
        assert_eq!(e.chars().count(), EXCERPT_LEN + 1);
        assert!(!e.contains('\n'));
        assert!(e.starts_with("<html><body>xx"), "{e}");
    }

    #[test]
    fn json_escaped_secrets_are_found() {
        let body = br#"{"m":"k\/e\u002By \u002by","n":"\\u002B \" \u0022 \u00e7"}"#;
        let e = excerpt(body, &["k/e+y"]);
        assert!(!e.contains("k/e+y") && !e.contains("k\\/e"), "{e}");
        assert!(e.contains("[redacted] +y"), "{e}");
        // Escaped backslashes and quotes stay escaped; non-ASCII escapes are kept as sent.
        assert!(e.contains(r#""n":"\\u002B \" \u0022 \u00e7"}"#), "{e}");
    }

    #[test]
    fn a_text_cut_inside_a_secret_is_redacted() {
        assert_eq!(
            scrub("bad key sck_pcs_jE", &["sck_pcs_jECRyo"]),
            "bad key [redacted]"
        );
        assert_eq!(scrub("bad key sck_p", &["sck_pcs_jECRyo"]), "bad key sck_p");
        assert_eq!(
            scrub("sck_pcs_jE is a prefix", &["sck_pcs_jECRyo"]),
            "sck_pcs_jE is a prefix"
        );
    }

    #[test]
    fn a_truncated_key_field_is_still_blanked() {
        let e = excerpt(br#"{"encryption_key":"abcdef"#, &[]);
        assert!(!e.contains("abcdef"), "{e}");
    }

    #[test]
    fn display_of_each_variant() {
        let e = Error::OutcomeUnknown {
            operation: Operation::Capture,
            reference: Some("reference_no=R1".into()),
            reason: "timed out after sending".into(),
            source: None,
        };
        assert_eq!(
            e.to_string(),
            "outcome of capture is unknown (timed out after sending); reconcile reference_no=R1 before retrying"
        );
        let e = Error::InvalidResponse {
            operation: Operation::InitSale,
            status: Some(502),
            reason: "not JSON".into(),
            excerpt: String::new(),
        };
        assert_eq!(e.http_status(), Some(502));
        assert!(e.to_string().contains("HTTP 502"), "{e}");
        let e = Error::Rejected(Box::new(Rejection {
            operation: Operation::Capture,
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
