//! Reading the answer of a generated operation: Paynet's envelope (`code`, `message`) decides.
//!
//! The answer itself is the generated wire type, read leniently (numbers as strings, blanks as
//! absent, unknown values kept), its secrets redacted. What is checked here: a result code that
//! is not a success (0, or 100 for an earlier success) is a refusal ([`Error::Rejected`]), except
//! "no data" (12) for an answer that is a list, which is an empty list; a `code` that is not a
//! number is an invalid answer.

use paynet_api::wire::{LenientInt, LenientText};

use crate::codes::ResultCode;
use crate::error::Error;
use crate::reader::Reader;

/// Checks the envelope of a successful HTTP answer. `lists` is true when the answer holds a list
/// (then "no data" is an empty list, not a refusal).
pub(crate) fn check(
    r: &Reader<'_>,
    code: Option<&LenientInt>,
    message: Option<&LenientText>,
    lists: bool,
) -> Result<(), Error> {
    let code = read_code(r, code)?;
    if lists && code == Some(ResultCode::NoData) {
        return Ok(());
    }
    let message = message
        .filter(|m| !m.is_blank())
        .map(|m| r.scrub(m.as_str().to_owned(), &[]));
    r.check_code(code, &message)
}

fn read_code(r: &Reader<'_>, code: Option<&LenientInt>) -> Result<Option<ResultCode>, Error> {
    match code {
        Some(n) => match (n.get(), n.other()) {
            (Some(c), _) => Ok(Some(ResultCode::from_i64(c))),
            (None, Some(odd)) => Err(r.invalid(&format!(
                "`code` is {:?}, not an integer",
                odd.chars().take(40).collect::<String>()
            ))),
            (None, None) => Ok(None),
        },
        None => Ok(None),
    }
}

/// The result code an answer carried.
pub(crate) fn result_code(code: Option<&LenientInt>) -> Option<ResultCode> {
    code.and_then(LenientInt::get).map(ResultCode::from_i64)
}

/// A short description of a generated answer, for logs and `--json`'s `outcome`.
pub(crate) fn kind(code: Option<&LenientInt>) -> &'static str {
    match result_code(code) {
        Some(ResultCode::NoData) => "no data",
        Some(ResultCode::OldSuccessful) => "done (replayed)",
        _ => "done",
    }
}
