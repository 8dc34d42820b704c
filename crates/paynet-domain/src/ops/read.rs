//! Reading Paynet's answers: the lenient wire fields into typed values (text, flags, exact
//! decimals and amounts, timestamps), which the generated readings of the [`Transaction`] view
//! use (`crate::generated::views`, from each row's `x-paynet-view`), and the readings several
//! operations share (a payment's outcome, a check's transactions, a `{code, message}`
//! acceptance).

use chrono::{DateTime, FixedOffset};
use paynet_api::paynet_transaction::types as tx;
use paynet_api::wire::{
    CommaDecimal, LenientBool, LenientDecimal, LenientInt, LenientText, Timestamp, TimestampValue,
};
use rust_decimal::Decimal;

use crate::clock::turkish_time;
use crate::codes::ResultCode;
use crate::error::Error;
use crate::exchange::{Outcome, outcome};
use crate::money::{Currency, ReportedAmount};
use crate::outcome::{ErrorDetail, PaymentOutcome, Transaction, TransactionCheck};
use crate::reader::Reader;

impl ErrorDetail {
    pub(crate) fn from_parts(parts: [Option<LenientText>; 4]) -> Option<Self> {
        let [id, message, short_desc, long_desc] = parts.map(text);
        if id.is_none() && message.is_none() && short_desc.is_none() && long_desc.is_none() {
            return None;
        }
        Some(Self {
            id,
            message,
            short_desc,
            long_desc,
        })
    }
}

// Reading the generated answers' lenient fields into the view.

/// A text field: `None` when absent or blank (`""`, `" "`).
pub(crate) fn text(v: Option<LenientText>) -> Option<String> {
    v.and_then(LenientText::into_text)
}

/// A boolean field that decides nothing: `None` when absent, blank or odd.
pub(crate) fn flag(v: Option<LenientBool>) -> Option<bool> {
    v.and_then(|b| b.get())
}

/// An integer field that decides nothing (a count, a type): `None` when absent, blank or odd.
pub(crate) fn int(v: Option<LenientInt>) -> Option<i64> {
    v.and_then(|n| n.get())
}

/// An offset or a count as an answer carries it: `None` when absent, odd or negative.
pub(crate) fn count(v: Option<LenientInt>) -> Option<u64> {
    int(v).and_then(|n| u64::try_from(n).ok())
}

/// The result code: it decides success, so a value that is no integer is an invalid answer.
pub(crate) fn code(r: &Reader<'_>, v: Option<LenientInt>) -> Result<Option<ResultCode>, Error> {
    match v {
        Some(n) => match (n.get(), n.other()) {
            (Some(c), _) => Ok(Some(ResultCode::from_i64(c))),
            (None, Some(odd)) => {
                Err(r.invalid(&format!("`code` is {:?}, not an integer", short(odd))))
            }
            (None, None) => Ok(None),
        },
        None => Ok(None),
    }
}

/// `is_succeed`: it says whether money moved, so a value that is no boolean is an invalid answer.
pub(crate) fn succeeded(r: &Reader<'_>, v: Option<LenientBool>) -> Result<Option<bool>, Error> {
    match v.as_ref().and_then(LenientBool::other) {
        Some(odd) => Err(r.invalid(&format!(
            "`is_succeed` is {:?}: whether money moved is not said",
            short(odd)
        ))),
        None => Ok(flag(v)),
    }
}

/// A decimal as an answer carries it, in either of the endpoints' forms.
pub(crate) trait WireDecimal {
    fn value(&self) -> Option<Decimal>;
    fn odd(&self) -> Option<&str>;
}

macro_rules! wire_decimal {
    ($($ty:ty),+) => {$(
        impl WireDecimal for $ty {
            fn value(&self) -> Option<Decimal> {
                self.get()
            }
            fn odd(&self) -> Option<&str> {
                self.other()
            }
        }
    )+};
}
wire_decimal!(LenientDecimal, CommaDecimal);

/// A decimal field: exact, absent when blank; a value that cannot be read exactly (or is
/// ambiguous) is an invalid answer rather than a guess.
pub(crate) fn decimal<D: WireDecimal>(
    r: &Reader<'_>,
    field: &str,
    v: Option<D>,
) -> Result<Option<Decimal>, Error> {
    match v {
        Some(d) => match (d.value(), d.odd()) {
            (Some(value), _) => Ok(Some(value)),
            (None, Some(odd)) => Err(r.invalid(&format!(
                "`{field}` is {:?}, not an exact decimal in this endpoint's form",
                short(odd)
            ))),
            (None, None) => Ok(None),
        },
        None => Ok(None),
    }
}

/// An amount field, in `currency`.
pub(crate) fn amount<D: WireDecimal>(
    r: &Reader<'_>,
    field: &str,
    v: Option<D>,
    currency: Currency,
) -> Result<Option<ReportedAmount>, Error> {
    Ok(decimal(r, field, v)?.map(|d| ReportedAmount::new(d, currency)))
}

/// The amount field `$row.$field` in `$currency`, read by [`amount`] under the field's own name.
macro_rules! amount_of {
    ($r:expr, $row:ident.$field:ident, $currency:expr) => {
        $crate::ops::read::amount($r, stringify!($field), $row.$field, $currency)
    };
}
pub(crate) use amount_of;

/// At most 40 characters of a value, for an error message.
fn short(text: &str) -> String {
    text.chars().take(40).collect()
}

/// The currency of a transaction's amounts: `TRY` when absent or blank; `TL` and `949` are lira
/// too; anything else is kept as Paynet sent it.
pub(crate) fn currency(v: Option<&LenientText>) -> Currency {
    match v {
        Some(c) if !c.is_blank() => Currency::read(c.as_str()),
        _ => Currency::Try,
    }
}

/// Reads a timestamp: `(date, text exactly as sent)`.
pub(crate) fn read_timestamp(
    t: Option<Timestamp>,
) -> (Option<DateTime<FixedOffset>>, Option<String>) {
    let Some(t) = t else {
        return (None, None);
    };
    let (value, text) = t.into_parts();
    let date = match value {
        TimestampValue::WithOffset(d) => Some(d),
        TimestampValue::Local(naive) => turkish_time(naive),
        _ => None,
    };
    (date, Some(text).filter(|s| !s.trim().is_empty()))
}

impl Outcome for PaymentOutcome {
    fn kind(&self) -> &'static str {
        match self {
            PaymentOutcome::Approved {
                reconciled: true, ..
            } => "approved (reconciled)",
            PaymentOutcome::Approved { replayed: true, .. } => "approved (replayed)",
            PaymentOutcome::Approved { .. } => "approved",
            PaymentOutcome::Declined {
                reconciled: true, ..
            } => "declined (reconciled)",
            PaymentOutcome::Declined { .. } => "declined",
        }
    }
    fn result_code(&self) -> Option<ResultCode> {
        self.transaction().result_code
    }
}

/// The 3-D Secure session a start answers with (`$a`: a payment's or a subscription card's
/// answer, whose fields are the same), for the order `$reference_no`; `$who` is whom the bank's
/// page is shown to. The `read` it stands in returns it, or its error.
macro_rules! three_d_session {
    ($r:expr, $a:expr, $reference_no:expr, $who:literal) => {{
        use $crate::ops::read::{code, text};
        let (r, a) = ($r, $a);
        let code = code(r, a.code)?;
        let message = text(a.message);
        r.check_code(code, &message)?;
        let (Some(session_id), Some(token_id)) = (text(a.session_id), text(a.token_id)) else {
            return Err(r.invalid("a successful answer without session_id or token_id"));
        };
        let (post_url, html_content) = (text(a.post_url), text(a.html_content));
        if post_url.is_none() && html_content.is_none() {
            return Err(r.invalid(concat!(
                "a successful answer without post_url or html_content: nothing to show the ",
                $who
            )));
        }
        Ok($crate::outcome::ThreeDSession {
            session_id,
            token_id,
            post_url,
            html_content,
            reference_no: $reference_no,
            result_code: code.unwrap_or($crate::codes::ResultCode::Successful),
            message,
        })
    }};
}
pub(crate) use three_d_session;

/// Approved, replayed (code 100) or declined; a refusal in a transaction's clothes is an error.
pub(crate) fn payment_outcome(r: &Reader<'_>, t: Transaction) -> Result<PaymentOutcome, Error> {
    let code = t.result_code;
    let succeeded = t.is_succeed;
    // A non-success code with no bank error and no success flag: Paynet refused the request.
    if let Some(c) = code
        && !c.is_success()
        && t.bank_error.is_none()
        && succeeded != Some(true)
    {
        // Paynet's generic message ("Başarısız İşlem") says little; its own error says why.
        let detail = t
            .paynet_error
            .as_ref()
            .and_then(|p| p.message.clone().or_else(|| p.id.clone()));
        let message = match (t.message.clone(), detail) {
            (Some(m), Some(d)) if m != d => Some(format!("{m}: {d}")),
            (m, d) => m.or(d),
        };
        return Err(r.rejected_code(c, message));
    }
    match succeeded {
        Some(true) if code.is_none_or(ResultCode::is_success) => Ok(PaymentOutcome::approved(
            t,
            code == Some(ResultCode::OldSuccessful),
            false,
        )),
        Some(true) => Err(r.invalid("is_succeed is true but the result code is not a success")),
        Some(false) => Ok(PaymentOutcome::declined(t, false)),
        None => {
            Err(r.invalid("the transaction has no is_succeed: whether money moved is not said"))
        }
    }
}

outcome!(
    TransactionCheck,
    |o| match o.latest().and_then(|t| t.is_succeed) {
        None if o.is_empty() => "nothing yet",
        Some(true) => "succeeded",
        Some(false) => "declined",
        None => "checked",
    }
);

/// The transactions a check answered (`Data[]` rows, each read by `row`), its envelope checked:
/// "no data" (12) is an empty check, not a refusal; any other code but a success is.
pub(crate) fn checked_rows<T>(
    r: &Reader<'_>,
    code_v: Option<LenientInt>,
    message: Option<LenientText>,
    rows: Vec<T>,
    row: impl Fn(&Reader<'_>, T) -> Result<Transaction, Error>,
) -> Result<TransactionCheck, Error> {
    let (result_code, message) = list_envelope(r, code_v, message)?;
    let transactions = rows
        .into_iter()
        .map(|t| row(r, t))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(TransactionCheck {
        transactions,
        result_code,
        message,
    })
}

/// The envelope of an answer that holds a list (a check, a report's page, the card list, the
/// instalment table): its result code (0 when absent) and message, or the refusal. "No data" (12)
/// is an empty list, not a refusal.
pub(crate) fn list_envelope(
    r: &Reader<'_>,
    code_v: Option<LenientInt>,
    message: Option<LenientText>,
) -> Result<(ResultCode, Option<String>), Error> {
    let code = code(r, code_v)?;
    let message = text(message);
    if code != Some(ResultCode::NoData) {
        r.check_code(code, &message)?;
    }
    Ok((code.unwrap_or(ResultCode::Successful), message))
}

/// A `{code, message}` answer that accepts a request: its code and message, or the rejection.
pub(crate) fn accepted(
    a: tx::Result,
    r: &Reader<'_>,
) -> Result<(ResultCode, Option<String>), Error> {
    let (code, message) = (code(r, a.code)?, text(a.message));
    r.check_code(code, &message)?;
    Ok((code.unwrap_or(ResultCode::Successful), message))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn local_timestamps_are_read_as_turkish_time() {
        let (date, text) = read_timestamp(Some(Timestamp::parse("2015-12-04T18:14:28.377")));
        assert_eq!(date.unwrap().to_rfc3339(), "2015-12-04T18:14:28.377+03:00");
        assert_eq!(text.as_deref(), Some("2015-12-04T18:14:28.377"));
        let (date, text) = read_timestamp(Some(Timestamp::parse("0001-01-01T00:00:00")));
        assert_eq!(date, None);
        assert_eq!(text.as_deref(), Some("0001-01-01T00:00:00"));
        let (date, text) = read_timestamp(Some(Timestamp::parse("yesterday")));
        assert_eq!((date, text.as_deref()), (None, Some("yesterday")));
    }
}
