//! The context a request reads Paynet's answer in ([`Reader`]): the operation, the HTTP status,
//! and the secrets to keep out of whatever it returns; and the errors an answer makes (a
//! refusal read from either of Paynet's error shapes, an invalid answer with a scrubbed excerpt).

use paynet_api::operation::Operation;

use crate::codes::{ErrorType, ResultCode};
use crate::error::{Error, Rejection};
use crate::redact::{Scrubber, Secrets};

/// Reads a JSON answer. The body is checked as UTF-8 once, in one pass, and then read as text:
/// read as bytes, serde_json would check each string and each exactly kept number again.
pub(crate) fn read_json<'de, T: serde::Deserialize<'de>>(body: &'de [u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(body) {
        Ok(text) => paynet_api::wire::from_answer_str(text),
        // Not UTF-8: serde_json says where.
        Err(_) => serde_json::from_slice(body),
    }
}

/// The context a [`Request`](crate::Request) reads its answer in: the operation, the status, and the secrets to
/// keep out of what it returns. Made only by [`crate::decode`].
pub struct Reader<'a> {
    pub(crate) operation: Operation,
    pub(crate) status: u16,
    pub(crate) scrubber: Scrubber<'a>,
    pub(crate) secrets: &'a Secrets,
    /// The raw answer held nothing of any known secret ([`Scrubber::is_clean`]).
    pub(crate) clean: bool,
}

impl std::fmt::Debug for Reader<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reader")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .finish_non_exhaustive()
    }
}

impl Reader<'_> {
    /// Scrubs text of every known secret and of `extra` (secrets the answer itself issued).
    pub(crate) fn scrub(&self, text: String, extra: &[&str]) -> String {
        let text = match self.clean {
            true => text,
            false => self.scrubber.scrub(&text),
        };
        // The extra secrets, by their first characters: most texts hold none of them.
        let held = |e: &&str| {
            let start = e.char_indices().nth(6).map_or(*e, |(end, _)| &e[..end]);
            !e.is_empty() && memchr::memmem::find(text.as_bytes(), start.as_bytes()).is_some()
        };
        if !extra.iter().any(held) {
            return text;
        }
        self.secrets.scrubber(extra).scrub(&text)
    }

    /// Registers a secret the answer issued (an encryption key), for a reader that
    /// [registers them itself](Request::registers_issued).
    pub(crate) fn remember(&self, secret: &str) {
        self.secrets.remember(secret);
    }

    /// An answer of the documented shape that does not say what it must.
    pub(crate) fn invalid(&self, reason: &str) -> Error {
        Error::InvalidResponse {
            operation: self.operation,
            status: Some(self.status),
            reason: self.scrubber.scrub(reason),
            excerpt: String::new(),
        }
    }

    pub(crate) fn invalid_with_body(&self, reason: &str, body: &[u8]) -> Error {
        Error::InvalidResponse {
            operation: self.operation,
            status: Some(self.status),
            reason: reason.to_owned(),
            excerpt: self.scrubber.excerpt(body),
        }
    }

    /// A successful HTTP answer whose result code is not a success is a refusal.
    pub(crate) fn check_code(
        &self,
        code: Option<ResultCode>,
        message: &Option<String>,
    ) -> Result<(), Error> {
        match code {
            Some(c) if !c.is_success() => Err(self.rejected_code(c, message.clone())),
            _ => Ok(()),
        }
    }

    pub(crate) fn rejected_code(&self, code: ResultCode, message: Option<String>) -> Error {
        self.rejected(ErrorParts {
            code: Some(code.as_i64()),
            message,
            ..ErrorParts::default()
        })
    }

    pub(crate) fn rejected(&self, mut parts: ErrorParts) -> Error {
        // The PayPOS error shape has no `type` or `result_code`: a `{type, message, code,
        // result_code}` body read through it keeps only `code`, the HTTP status. An error `code`
        // equal to an error status is that status, not a result code.
        if parts.error_type.is_none()
            && parts.result_code.is_none()
            && self.status >= 300
            && parts.code == Some(i64::from(self.status))
        {
            parts.code = None;
        }
        Error::Rejected(Box::new(Rejection {
            operation: self.operation,
            status: self.status,
            code: parts.paynet_code(),
            message: parts.message.as_deref().map(|m| self.scrubber.scrub(m)),
            error_type: parts
                .error_type
                .as_deref()
                .map(|t| ErrorType::parse(&self.scrubber.scrub(t))),
        }))
    }

    pub(crate) fn undecodable(&self, body: &[u8], e: &serde_json::Error) -> Error {
        let reason = if body.iter().all(u8::is_ascii_whitespace) {
            "the body is empty".to_owned()
        } else {
            use serde_json::error::Category;
            let what = match e.classify() {
                Category::Eof => "truncated JSON (ends ",
                Category::Syntax => "not JSON (syntax error ",
                Category::Data => "JSON of an unexpected shape (",
                Category::Io => return self.invalid_with_body("the body could not be read", body),
            };
            format!("{what}at line {} column {})", e.line(), e.column())
        };
        self.invalid_with_body(&reason, body)
    }
}

/// The fields of an error body, in either of Paynet's shapes.
#[derive(Default)]
pub(crate) struct ErrorParts {
    code: Option<i64>,
    result_code: Option<i64>,
    message: Option<String>,
    error_type: Option<String>,
}

impl ErrorParts {
    /// Paynet's result code: `result_code` in the `{type, message, code, result_code}` shape
    /// (where `code` is the HTTP status), `code` in the PayPOS `{object_name, code, message}` shape.
    fn paynet_code(&self) -> Option<ResultCode> {
        let code = self.code.filter(|_| self.error_type.is_none());
        self.result_code.or(code).map(ResultCode::from_i64)
    }
}

/// Reads a body as either of Paynet's error shapes, leniently (numbers or numeric strings;
/// `message` or `Message`). `None` when it is not a JSON object holding any of them.
pub(crate) fn error_parts(body: &[u8]) -> Option<ErrorParts> {
    let value = serde_json::from_slice::<serde_json::Value>(body).ok()?;
    let obj = value.as_object()?;
    let int = |k: &str| match obj.get(k)? {
        serde_json::Value::Number(n) => n.as_i64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    let text = |k: &str| {
        obj.get(k)?
            .as_str()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let parts = ErrorParts {
        code: int("code"),
        result_code: int("result_code"),
        message: text("message").or_else(|| text("Message")),
        error_type: text("type"),
    };
    (parts.code.is_some() || parts.result_code.is_some() || parts.message.is_some())
        .then_some(parts)
}
