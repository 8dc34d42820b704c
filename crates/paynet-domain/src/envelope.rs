//! Reading the answer of a generated operation: Paynet's envelope (`code`, `message`) decides.
//!
//! The answer itself is the generated wire type, read leniently (numbers as strings, blanks as
//! absent, unknown values kept), its secrets redacted. What is checked here: a result code that
//! is not a success (0, or 100 for an earlier success) is a refusal ([`Error::Rejected`]), except
//! "no data" (12) for an answer that is a list, which is an empty list; a `code` that is not a
//! number is an invalid answer. An operation whose spec names the answer's boolean that says
//! success (`x-paynet-success: is_succeed`) is read by it instead ([`check_success`]): Paynet's
//! `create_card_tds_confirm` answers `"code":1` with `is_succeed: true` when it worked.

use paynet_api::wire::{LenientBool, LenientInt, LenientText};

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
    r.check_code(code, &scrubbed(r, message))
}

/// Checks the answer of an operation whose success is said by a boolean of the answer
/// (`x-paynet-success`): `true` is a success whatever the result code; `false` is a refusal, with
/// the answer's code (1 when it has none, or a success code) and message; absent, the envelope
/// decides as [`check`] does. A value that reads as no boolean is an invalid answer.
pub(crate) fn check_success(
    r: &Reader<'_>,
    succeeded: Option<&LenientBool>,
    code: Option<&LenientInt>,
    message: Option<&LenientText>,
    lists: bool,
) -> Result<(), Error> {
    let said = succeeded.map(|b| (b.get(), b.other()));
    match lenient(r, said, "the field that says success", "a boolean")? {
        None => check(r, code, message, lists),
        // Still an unreadable `code` is an invalid answer.
        Some(true) => read_code(r, code).map(|_| ()),
        Some(false) => {
            let code = match read_code(r, code)? {
                Some(c) if !c.is_success() => c,
                _ => ResultCode::from_i64(1),
            };
            Err(r.rejected_code(code, scrubbed(r, message)))
        }
    }
}

fn read_code(r: &Reader<'_>, code: Option<&LenientInt>) -> Result<Option<ResultCode>, Error> {
    let read = code.map(|n| (n.get(), n.other()));
    Ok(lenient(r, read, "`code`", "an integer")?.map(ResultCode::from_i64))
}

/// A lenient field's value (`read`: what it holds of its type, and any other text), `None` when
/// absent or blank; other text is an invalid answer that says `{field} is "...", not {kind}`.
fn lenient<T>(
    r: &Reader<'_>,
    read: Option<(Option<T>, Option<&str>)>,
    field: &str,
    kind: &str,
) -> Result<Option<T>, Error> {
    match read {
        Some((None, Some(odd))) => Err(r.invalid(&format!(
            "{field} is {:?}, not {kind}",
            odd.chars().take(40).collect::<String>()
        ))),
        read => Ok(read.and_then(|(value, _)| value)),
    }
}

/// The answer's message, scrubbed; `None` when blank.
fn scrubbed(r: &Reader<'_>, message: Option<&LenientText>) -> Option<String> {
    message
        .filter(|m| !m.is_blank())
        .map(|m| r.scrub(m.as_str().to_owned(), &[]))
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use crate::{Answer, ConfirmSubscriptionCard3dRequest, Error, ResultCode, Secrets, decode};

    fn confirm(body: &str) -> Result<paynet_api::paynet_subscription::types::ConfirmedCard, Error> {
        let request = ConfirmSubscriptionCard3dRequest::builder()
            .session_id("js_EAAAA1")
            .token_id("T-1")
            .build()
            .unwrap();
        decode(&request, Answer::new(200, body.as_bytes()), &Secrets::new())
    }

    /// Paynet's own example answers `code` 1 with "Basarili islem" when the card was added.
    #[test]
    fn success_is_said_by_is_succeed_whatever_the_code() {
        let added =
            confirm(r#"{"is_succeed":true,"card_id":"1800","code":1,"message":"Basarili islem"}"#)
                .unwrap();
        assert_eq!(added.card_id.unwrap().as_str(), "1800");
        assert!(confirm(r#"{"is_succeed":"true","code":"1"}"#).is_ok());
        let refused = confirm(
            r#"{"is_succeed":false,"code":0,"message":"3D doğrulaması başarısız","card_id":""}"#,
        )
        .unwrap_err();
        let Error::Rejected(r) = &refused else {
            panic!("{refused:?}")
        };
        assert_eq!(r.code, Some(ResultCode::from_i64(1)));
        assert_eq!(r.message.as_deref(), Some("3D doğrulaması başarısız"));
        let refused = confirm(r#"{"is_succeed":0,"code":16,"message":"x"}"#).unwrap_err();
        assert_eq!(refused.result_code(), Some(ResultCode::from_i64(16)));
    }

    #[test]
    fn without_is_succeed_the_code_decides() {
        assert!(confirm(r#"{"code":0,"card_id":"1"}"#).is_ok());
        let refused = confirm(r#"{"code":1,"message":"Başarısız"}"#).unwrap_err();
        assert_eq!(refused.result_code(), Some(ResultCode::from_i64(1)));
        let odd = confirm(r#"{"is_succeed":"yes","code":0}"#).unwrap_err();
        assert_eq!(odd.kind(), "invalid_response", "{odd}");
        let odd = confirm(r#"{"is_succeed":true,"code":"one"}"#).unwrap_err();
        assert_eq!(odd.kind(), "invalid_response", "{odd}");
    }
}
