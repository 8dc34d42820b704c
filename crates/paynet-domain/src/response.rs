//! What Paynet answers, as typed values: the transaction view, and the outcome of each operation.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone as _};
use paynet_api::paynet_transaction::types as tx_wire;
use paynet_api::wire::{JsonDecimal, Timestamp};
use rust_decimal::Decimal;

use crate::codes::ResultCode;
use crate::error::{Error, Operation, excerpt};
use crate::kinds::{BankId, CardType, PosType, TransactionType};
use crate::money::{Currency, ReportedAmount};
use crate::secret::EncryptionKey;

/// Turkey's UTC offset (permanent UTC+03:00 since 2016), assumed for timestamps Paynet sends
/// without one.
pub const TURKEY_OFFSET_SECONDS: i32 = 3 * 3600;

/// An error Paynet or the bank attached to a transaction (`paynet_error_*`, `bank_error_*`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorDetail {
    /// The error id (`paynet_error_id` or `bank_error_id`).
    pub id: Option<String>,
    /// The error message.
    pub message: Option<String>,
    /// The bank's short description (`bank_error_short_desc`; banks only).
    pub short_desc: Option<String>,
    /// The bank's long description (`bank_error_long_desc`; banks only).
    pub long_desc: Option<String>,
}

impl ErrorDetail {
    fn from_parts(parts: [Option<String>; 4]) -> Option<Self> {
        let [id, message, short_desc, long_desc] = parts.map(|p| p.and_then(non_blank));
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

/// A Paynet transaction, typed. Every field is optional because Paynet omits fields freely; empty
/// and blank strings (`""`, `" "`) are `None`; amounts are exact.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Transaction {
    /// The encrypted transaction id (`xact_id`).
    pub xact_id: Option<String>,
    /// When the transaction happened. A timestamp sent without an offset is read as Turkish
    /// time (UTC+03:00); Paynet's "no date" (`0001-01-01T00:00:00`, with or without an offset)
    /// is `None`.
    pub date: Option<DateTime<FixedOffset>>,
    /// The timestamp as text: exactly as Paynet sent it when it could not be read (or is the
    /// "no date" sentinel); otherwise the value read, in the same ISO 8601 form as sent (with
    /// or without its offset) but with the fraction written in 3, 6 or 9 digits
    /// (`.0296925` is written `.029692500`).
    pub date_text: Option<String>,
    /// The transaction's type (`transaction_type`).
    pub transaction_type: Option<TransactionType>,
    /// The POS type (`pos_type`).
    pub pos_type: Option<PosType>,
    /// True for a 3-D Secure transaction (`is_tds`).
    pub is_tds: Option<bool>,
    /// The agent's (bayi) Paynet account code.
    pub agent_id: Option<String>,
    /// The user who made the transaction.
    pub user_id: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// The bank's 4-letter code.
    pub bank_id: Option<BankId>,
    /// Instalment count.
    pub instalment: Option<i64>,
    /// The commission ratio applied (exact, e.g. `0.04`).
    pub ratio: Option<Decimal>,
    /// Masked card number (`card_no_masked`, or `card_no` in check_transaction).
    pub card_number_masked: Option<String>,
    /// Card holder's name.
    pub card_holder: Option<String>,
    /// Card type (check_transaction only).
    pub card_type: Option<CardType>,
    /// The amount taken from the card, as reported (the capture example reports `0` beside a
    /// non-zero net amount: nothing is derived, this is what Paynet sent).
    pub amount: Option<ReportedAmount>,
    /// The amount without commission (`net_amount` / `netAmount`).
    pub net_amount: Option<ReportedAmount>,
    /// The commission (Paynet: `comission`).
    pub commission: Option<ReportedAmount>,
    /// The tax on the commission (Paynet: `comission_tax`).
    pub commission_tax: Option<ReportedAmount>,
    /// The bank's authorisation code.
    pub authorization_code: Option<String>,
    /// Reference code.
    pub reference_code: Option<String>,
    /// The bank's order number.
    pub order_id: Option<String>,
    /// True when the transaction succeeded (`is_succeed`).
    pub is_succeed: Option<bool>,
    /// Paynet's own error, if any.
    pub paynet_error: Option<ErrorDetail>,
    /// The bank's error, if any.
    pub bank_error: Option<ErrorDetail>,
    /// The result code of the answer.
    pub result_code: Option<ResultCode>,
    /// The answer's message.
    pub message: Option<String>,
    /// The plain transaction id (`xact_transaction_id`; check_transaction only).
    pub plain_id: Option<String>,
    /// A note (check_transaction only; the sale's description).
    pub note: Option<String>,
    /// The merchant's reference number (`agent_reference`; check_transaction only).
    pub agent_reference: Option<String>,
}

pub(crate) fn non_blank(s: String) -> Option<String> {
    if s.trim().is_empty() { None } else { Some(s) }
}

pub(crate) fn opt_text(s: Option<String>) -> Option<String> {
    s.and_then(non_blank)
}

/// Reads a timestamp: `(date, text)`.
pub(crate) fn read_timestamp(
    t: Option<Timestamp>,
) -> (Option<DateTime<FixedOffset>>, Option<String>) {
    let Some(t) = t else {
        return (None, None);
    };
    let text = Some(t.to_string());
    let date = match t {
        // .NET's DateTimeOffset.MinValue is the same "no date" as DateTime.MinValue, with an
        // offset (`0001-01-01T00:00:00+00:00`).
        Timestamp::WithOffset(d) if is_no_date(d.naive_local()) => None,
        Timestamp::WithOffset(d) => Some(d),
        Timestamp::Local(naive) => turkish_time(naive),
        Timestamp::NoDate | Timestamp::Other(_) => None,
    };
    (date, text)
}

/// `0001-01-01T00:00:00`, .NET's minimum date: Paynet's "no date".
fn is_no_date(naive: NaiveDateTime) -> bool {
    chrono::NaiveDate::from_ymd_opt(1, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)) == Some(naive)
}

fn turkish_time(naive: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    FixedOffset::east_opt(TURKEY_OFFSET_SECONDS)?
        .from_local_datetime(&naive)
        .single()
}

/// Reads a string-or-integer field; a string that is not an integer is an invalid response.
pub(crate) fn lenient_int(
    operation: Operation,
    field: &str,
    v: Option<tx_wire::LenientInteger>,
) -> Result<Option<i64>, Error> {
    match v {
        None => Ok(None),
        Some(tx_wire::LenientInteger::Integer(n)) => Ok(Some(n)),
        Some(tx_wire::LenientInteger::String(s)) if s.trim().is_empty() => Ok(None),
        Some(tx_wire::LenientInteger::String(s)) => {
            s.trim()
                .parse()
                .map(Some)
                .map_err(|_| Error::InvalidResponse {
                    operation,
                    status: Some(200),
                    reason: format!(
                        "`{field}` is {:?}, not an integer",
                        excerpt(s.as_bytes(), &[])
                    ),
                    excerpt: String::new(),
                })
        }
    }
}

/// The currency of a transaction's amounts: `TRY` when absent; another code is an invalid
/// response rather than a silently mislabelled amount.
pub(crate) fn currency(operation: Operation, code: Option<String>) -> Result<Currency, Error> {
    match opt_text(code) {
        None => Ok(Currency::Try),
        Some(code) => Currency::from_code(&code).ok_or_else(|| Error::InvalidResponse {
            operation,
            status: Some(200),
            reason: format!(
                "currency {:?} is not one this SDK knows",
                excerpt(code.as_bytes(), &[])
            ),
            excerpt: String::new(),
        }),
    }
}

pub(crate) fn reported(v: Option<JsonDecimal>, currency: Currency) -> Option<ReportedAmount> {
    v.map(|d| ReportedAmount::new(d.0, currency))
}

impl Transaction {
    /// Reads the capture answer's transaction.
    pub fn from_wire(operation: Operation, t: tx_wire::Transaction) -> Result<Self, Error> {
        let currency = currency(operation, t.currency)?;
        let (date, date_text) = read_timestamp(t.xact_date);
        Ok(Self {
            xact_id: opt_text(t.xact_id),
            date,
            date_text,
            transaction_type: lenient_int(operation, "transaction_type", t.transaction_type)?
                .map(TransactionType::from_i64),
            pos_type: lenient_int(operation, "pos_type", t.pos_type)?.map(PosType::from_i64),
            is_tds: t.is_tds,
            agent_id: opt_text(t.agent_id),
            user_id: opt_text(t.user_id),
            email: opt_text(t.email),
            phone: opt_text(t.phone),
            bank_id: opt_text(t.bank_id).map(BankId::new),
            instalment: t.instalment,
            ratio: t.ratio.map(|r| r.0),
            card_number_masked: opt_text(t.card_no_masked),
            card_holder: opt_text(t.card_holder),
            card_type: None,
            amount: reported(t.amount, currency),
            net_amount: reported(t.net_amount, currency),
            commission: reported(t.comission, currency),
            commission_tax: reported(t.comission_tax, currency),
            authorization_code: opt_text(t.authorization_code),
            reference_code: opt_text(t.reference_code),
            order_id: opt_text(t.order_id),
            is_succeed: t.is_succeed,
            paynet_error: ErrorDetail::from_parts([
                t.paynet_error_id,
                t.paynet_error_message,
                None,
                None,
            ]),
            bank_error: ErrorDetail::from_parts([
                t.bank_error_id,
                t.bank_error_message,
                t.bank_error_short_desc,
                t.bank_error_long_desc,
            ]),
            result_code: lenient_int(operation, "code", t.code)?.map(ResultCode::from_i64),
            message: opt_text(t.message),
            plain_id: None,
            note: None,
            agent_reference: None,
        })
    }
}

/// How a capture ended, when Paynet answered it.
///
/// A bank decline is an outcome to handle, not an error: Paynet answers it with HTTP 200 and
/// `is_succeed: false`.
///
/// Deliberately exhaustive: if a new kind of outcome is ever added, code that matched on this
/// enum must stop compiling rather than silently treat it as one of these.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaptureOutcome {
    /// The capture succeeded. `replayed` is true for result code 100: Paynet already had a
    /// successful transaction with this `reference_no` and returned it; no money moved again.
    Approved {
        /// The captured transaction.
        transaction: Box<Transaction>,
        /// True for result code 100 (an earlier successful capture returned again).
        replayed: bool,
    },
    /// The bank (or Paynet) declined the capture; the transaction carries the error details.
    Declined {
        /// The declined transaction, with `bank_error` and `paynet_error` filled where sent.
        transaction: Box<Transaction>,
    },
}

impl CaptureOutcome {
    /// True for an approved capture (including result code 100).
    pub fn is_approved(&self) -> bool {
        matches!(self, CaptureOutcome::Approved { .. })
    }

    /// The transaction Paynet returned.
    pub fn transaction(&self) -> &Transaction {
        match self {
            CaptureOutcome::Approved { transaction, .. }
            | CaptureOutcome::Declined { transaction } => transaction,
        }
    }
}

/// A started PayPOS sale: open `deeplink_url` in the PayPOS app, then check the outcome by
/// `payment_session_id`.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct SaleSession {
    /// The payment session id, used to check the sale's outcome.
    pub payment_session_id: String,
    /// The deeplink that opens the sale in the PayPOS app.
    pub deeplink_url: String,
    /// The key that decrypts what PayPOS hands back to the merchant app (algorithm undocumented
    /// by Paynet; prefer checking the outcome server-side). Redacted in `Debug`.
    pub encryption_key: Option<EncryptionKey>,
    /// The result code (0, or 100 for a repeated `reference_no`).
    pub result_code: ResultCode,
    /// Paynet's message.
    pub message: Option<String>,
}

impl Transaction {
    /// Reads a transaction as check_transaction reports it (`card_no`, `card_type`, `netAmount`).
    pub fn from_checked(
        operation: Operation,
        t: paynet_api::paypos_app2app::types::CheckedTransaction,
    ) -> Result<Self, Error> {
        let currency = currency(operation, t.currency)?;
        let (date, date_text) = read_timestamp(t.xact_date);
        Ok(Self {
            xact_id: opt_text(t.xact_id),
            date,
            date_text,
            transaction_type: t.transaction_type.map(TransactionType::from_i64),
            pos_type: t.pos_type.map(PosType::from_i64),
            is_tds: t.is_tds,
            agent_id: opt_text(t.agent_id),
            email: opt_text(t.email),
            phone: opt_text(t.phone),
            bank_id: opt_text(t.bank_id).map(BankId::new),
            instalment: t.instalment,
            ratio: t.ratio.map(|r| r.0),
            card_number_masked: opt_text(t.card_no),
            card_holder: opt_text(t.card_holder),
            card_type: opt_text(t.card_type).map(|c| CardType::parse(&c)),
            amount: reported(t.amount, currency),
            net_amount: reported(t.net_amount, currency),
            commission: reported(t.comission, currency),
            commission_tax: reported(t.comission_tax, currency),
            authorization_code: opt_text(t.authorization_code),
            reference_code: opt_text(t.reference_code),
            order_id: opt_text(t.order_id),
            is_succeed: t.is_succeed,
            plain_id: opt_text(t.xact_transaction_id),
            note: opt_text(t.note),
            agent_reference: opt_text(t.agent_reference),
            ..Self::default()
        })
    }
}

/// An open PayPOS mobile session (Paynet's `get_auth_key`): hand [`AgentSession::session_key`] to
/// the mobile app or to PayPOS calls; end it with `logout`.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct AgentSession {
    /// The session key (a secret: redacted in `Debug`).
    pub session_key: crate::secret::SessionKey,
    /// When the session expires, when Paynet's `expired_date` could be read (local time is read
    /// as Turkish time).
    pub expires_at: Option<DateTime<FixedOffset>>,
    /// `expired_date` as Paynet sent it (its format is undocumented).
    pub expired_date: Option<String>,
    /// The agent's Paynet account code.
    pub agent_id: Option<String>,
    /// The company code.
    pub company_code: Option<String>,
    /// The user.
    pub user_id: Option<String>,
    /// The user's unique id.
    pub user_unique_id: Option<String>,
    /// Whether ÖKC (cash register) inquiry is enabled.
    pub is_okc_inquiry: Option<bool>,
    /// The result code.
    pub result_code: ResultCode,
    /// Paynet's message, scrubbed of credentials.
    pub message: Option<String>,
}

/// What check_transaction says of a payment session.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SaleCheck {
    /// The session's transactions; empty while the card has not been tapped yet (Paynet answers
    /// result code 12, "no data", then).
    pub transactions: Vec<Transaction>,
    /// The result code (0, or 12 while there is nothing yet).
    pub result_code: ResultCode,
    /// Paynet's message.
    pub message: Option<String>,
}

impl SaleCheck {
    /// True while there is no transaction yet (the card has not been tapped, or the session id is
    /// unknown to Paynet: it does not say which).
    pub fn is_pending(&self) -> bool {
        self.transactions.is_empty()
    }

    /// The latest transaction reported, if any.
    pub fn latest(&self) -> Option<&Transaction> {
        self.transactions.last()
    }
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

    #[test]
    fn odd_integers_and_currencies() {
        use tx_wire::LenientInteger as L;
        let op = Operation::Capture;
        assert_eq!(
            lenient_int(op, "code", Some(L::String(" 12 ".into()))).unwrap(),
            Some(12)
        );
        assert_eq!(
            lenient_int(op, "code", Some(L::String("".into()))).unwrap(),
            None
        );
        assert!(matches!(
            lenient_int(op, "code", Some(L::String("ok".into()))),
            Err(Error::InvalidResponse { .. })
        ));
        assert_eq!(currency(op, None).unwrap(), Currency::Try);
        assert_eq!(currency(op, Some(" ".into())).unwrap(), Currency::Try);
        assert!(currency(op, Some("USD".into())).is_err());
    }
}
