//! What Paynet answers, as typed values: the transaction view ([`Transaction`]) and the outcomes
//! of payments, PayPOS sales and sessions, and lookups ([`PaymentOutcome`], [`SaleSession`],
//! [`AgentSession`], [`TransactionCheck`]...), with how each is serialised (Paynet's names, exact
//! numbers, no secret). The outcomes of refunds, reports and ratios are beside their requests;
//! how every outcome is read from the wire is in the `ops` module.

use chrono::{DateTime, FixedOffset};
use paynet_api::wire::JsonDecimal;
use rust_decimal::Decimal;
use serde::Serialize;
use serde::ser::{SerializeMap as _, Serializer};

use crate::codes::{BankId, CardType, PosType, ResultCode, TransactionType};
use crate::money::{Currency, ReportedAmount};
use crate::redact::REDACTED;
use crate::secret::EncryptionKey;

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

/// A Paynet transaction, typed. Every field is optional because Paynet omits fields freely; empty
/// and blank strings (`""`, `" "`) are `None`; amounts are exact.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Transaction {
    /// The encrypted transaction id (`xact_id`).
    pub xact_id: Option<String>,
    /// The plain transaction id (`id`, "Tekil Paynet işlem id'si"; payment check and detail).
    pub id: Option<String>,
    /// When the transaction happened. A timestamp sent without an offset is read as Turkish
    /// time (UTC+03:00); Paynet's "no date" (`0001-01-01T00:00:00`, with or without an offset)
    /// is `None`.
    pub date: Option<DateTime<FixedOffset>>,
    /// The timestamp exactly as Paynet sent it (`2016-04-08T10:27:22.0296925+03:00`), also when
    /// it could not be read or is the "no date" sentinel.
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
    /// Paynet's tracking id of the transaction (`xact_transaction_id`, a GUID).
    pub tracking_id: Option<String>,
    /// The merchant's reference number (`reference_no` in v2 answers, `agent_reference_no` in
    /// charge's; checks say `agent_reference`).
    pub reference_no: Option<String>,
    /// The bank's name (`bank_name`).
    pub bank_name: Option<String>,
    /// True when the transaction was cancelled or refunded (`reversed`; detail).
    pub reversed: Option<bool>,
    /// The reversal's encrypted id (`reversed_xact_id`; detail).
    pub reversed_xact_id: Option<String>,
    /// The ratio table code (`ratio_code`).
    pub ratio_code: Option<String>,
    /// The 3-D verification status (`md_status`; 3-D answers).
    pub md_status: Option<String>,
    /// A note (check_transaction only; the sale's description).
    pub note: Option<String>,
    /// The merchant's reference number (`agent_reference`; check_transaction only).
    pub agent_reference: Option<String>,
    /// True once the transaction was marked transferred (`is_transferred`, by
    /// `mark_transferred`; detail and list).
    pub is_transferred: Option<bool>,
    /// The escrow decision (`escrow_status`, by `update_escrow_status`: 2 approved, 3 rejected;
    /// detail).
    pub escrow_status: Option<i64>,
    /// What a payment says of a stored card: the one it was paid with, or the card it saved
    /// (payment, 3-D and charge answers; `None` when Paynet said nothing of one).
    pub card_storage: Option<CardStorage>,
}

/// What a payment's answer says of a stored card (`pay`, `complete_3d`, `charge`): the stored card
/// it was paid with (`card_hash`, `card_owner_id`), or, when the payment asked to save its card
/// ([`crate::SaveCardOptions`]), whether it was saved (`is_save_card_succeed`,
/// `save_card_result_message`) and as what (`card_hash`, `card_owner_id`: keep the owner id for the
/// customer's later payments). Fields from laravel-paynet's `PaymentResponse` and Paynet's old
/// Paynet.js charge page: the v2 answers are not documented.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CardStorage {
    /// The stored card's token (`card_hash`).
    pub card_hash: Option<String>,
    /// The customer's id at Paynet (`card_owner_id`).
    pub card_owner_id: Option<String>,
    /// The merchant's key for the customer (`user_unique_id`).
    pub user_unique_id: Option<String>,
    /// Whether the card was saved (`is_save_card_succeed`), when the payment asked for it.
    #[serde(rename = "is_save_card_succeed")]
    pub saved: Option<bool>,
    /// Paynet's word on the saving (`save_card_result_message`).
    #[serde(rename = "save_card_result_message")]
    pub save_message: Option<String>,
}

impl CardStorage {
    /// The storage fields of an answer; `None` when all are absent or blank.
    pub(crate) fn from_parts(
        card_hash: Option<String>,
        card_owner_id: Option<String>,
        user_unique_id: Option<String>,
        saved: Option<bool>,
        save_message: Option<String>,
    ) -> Option<Self> {
        let s = Self {
            card_hash,
            card_owner_id,
            user_unique_id,
            saved,
            save_message,
        };
        (s != Self::default()).then_some(s)
    }
}

/// How a payment ended (a capture, a direct or 3-D payment, a charge), when its outcome is known.
///
/// A bank decline is an outcome to handle, not an error: Paynet answers it with HTTP 200 and
/// `is_succeed: false`.
///
/// Deliberately exhaustive: if a new kind of outcome is ever added, code that matched on this
/// enum must stop compiling rather than silently treat it as one of these. Each variant is
/// `#[non_exhaustive]`: match it with `..`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PaymentOutcome {
    /// It succeeded. `replayed` is true for result code 100: Paynet already had a successful
    /// transaction with this `reference_no` (or 3-D session) and returned it; no money moved
    /// again.
    #[non_exhaustive]
    Approved {
        /// The transaction.
        transaction: Box<Transaction>,
        /// True for result code 100 (an earlier success returned again).
        replayed: bool,
        /// True when the answer was lost and this outcome comes from looking the payment up
        /// (check_payment by its `reference_no`).
        reconciled: bool,
    },
    /// The bank (or Paynet) declined it; the transaction carries the error details.
    #[non_exhaustive]
    Declined {
        /// The declined transaction, with `bank_error` and `paynet_error` filled where sent.
        transaction: Box<Transaction>,
        /// True when the answer was lost and this outcome comes from looking the payment up.
        reconciled: bool,
    },
}

/// How a capture ended: a [`PaymentOutcome`].
pub type CaptureOutcome = PaymentOutcome;

impl PaymentOutcome {
    /// An approval of `transaction` (`replayed` for result code 100).
    pub(crate) fn approved(transaction: Transaction, replayed: bool, reconciled: bool) -> Self {
        PaymentOutcome::Approved {
            transaction: Box::new(transaction),
            replayed,
            reconciled,
        }
    }

    /// A decline.
    pub(crate) fn declined(transaction: Transaction, reconciled: bool) -> Self {
        PaymentOutcome::Declined {
            transaction: Box::new(transaction),
            reconciled,
        }
    }

    /// True for an approval (including result code 100).
    pub fn is_approved(&self) -> bool {
        matches!(self, PaymentOutcome::Approved { .. })
    }

    /// True for result code 100: an earlier success returned again.
    pub fn is_replayed(&self) -> bool {
        matches!(self, PaymentOutcome::Approved { replayed: true, .. })
    }

    /// True when the answer was lost and the outcome comes from looking the payment up.
    pub fn is_reconciled(&self) -> bool {
        match self {
            PaymentOutcome::Approved { reconciled, .. }
            | PaymentOutcome::Declined { reconciled, .. } => *reconciled,
        }
    }

    /// The transaction Paynet returned.
    pub fn transaction(&self) -> &Transaction {
        match self {
            PaymentOutcome::Approved { transaction, .. }
            | PaymentOutcome::Declined { transaction, .. } => transaction,
        }
    }
}

/// A started 3-D Secure payment, waiting for the shopper: send them to the bank's page
/// ([`ThreeDSession::post_url`], or embed [`ThreeDSession::html_content`]); the page posts
/// `session_id` and `token_id` back to the `return_url`, and `complete_3d` finishes the payment.
/// Keep `session_id` with the order, to find the order again when the page posts back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ThreeDSession {
    /// The 3-D session.
    pub session_id: String,
    /// The payment's token.
    pub token_id: String,
    /// The bank's 3-D page: redirect the shopper here.
    pub post_url: Option<String>,
    /// The same page as HTML to embed, when Paynet sent it.
    pub html_content: Option<String>,
    /// The order's reference number, as the payment was started with.
    pub reference_no: String,
    /// The result code (0, or 100 for a session Paynet returned again).
    #[serde(rename = "code")]
    pub result_code: ResultCode,
    /// Paynet's message.
    pub message: Option<String>,
}

/// A started PayPOS sale: open `deeplink_url` in the PayPOS app, then check the outcome by
/// `payment_session_id`. Serialised with init_sale's names; `encryption_key` is `"[redacted]"`
/// when Paynet sent one (`null` otherwise): the key itself is never written.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct SaleSession {
    /// The payment session id, used to check the sale's outcome.
    pub payment_session_id: String,
    /// The deeplink that opens the sale in the PayPOS app.
    pub deeplink_url: String,
    /// The key that decrypts what PayPOS hands back to the merchant app (algorithm undocumented
    /// by Paynet; prefer checking the outcome server-side). Redacted in `Debug`.
    #[serde(serialize_with = "redacted_option")]
    pub encryption_key: Option<EncryptionKey>,
    /// The result code (0, or 100 for a repeated `reference_no`).
    #[serde(rename = "code")]
    pub result_code: ResultCode,
    /// Paynet's message.
    pub message: Option<String>,
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

/// The transactions a check found (`Data[]`): what check_sale says of a PayPOS payment session.
/// Serialised `{"Data": [...], "code", "message"}`, as Paynet answers a check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TransactionCheck {
    /// The transactions found, oldest first; empty when there is none yet (for a PayPOS sale:
    /// the card has not been tapped; Paynet answers result code 12, "no data", then).
    #[serde(rename = "Data")]
    pub transactions: Vec<Transaction>,
    /// The result code (0, or 12 while there is nothing).
    #[serde(rename = "code")]
    pub result_code: ResultCode,
    /// Paynet's message.
    pub message: Option<String>,
}

impl TransactionCheck {
    /// True while there is no transaction (for a PayPOS sale: the card has not been tapped yet,
    /// or the session id is unknown to Paynet, which does not say which).
    pub fn is_empty(&self) -> bool {
        self.transactions.is_empty()
    }

    /// The latest transaction reported, if any.
    pub fn latest(&self) -> Option<&Transaction> {
        self.transactions.last()
    }
}

// Serialization: what the `--json` output of the CLI (and any caller's own JSON) is made of.
// Paynet's own field names and order, `null` for what Paynet did not send, amounts as exact JSON
// numbers with the digits Paynet sent, timestamps as the text Paynet sent, and no secret.

/// Serde: an optional exact decimal as a JSON number with its own digits (`null` when absent).
pub(crate) fn exact_option<S: Serializer>(v: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    v.map(JsonDecimal).serialize(s)
}

/// Serde: a secret as `"[redacted]"` when there is one (`null` otherwise).
fn redacted_option<T, S: Serializer>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
    v.as_ref().map(|_| REDACTED).serialize(s)
}

impl Serialize for ReportedAmount {
    /// The value as an exact JSON number (`56.55`); the currency is the transaction's.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        JsonDecimal(self.value()).serialize(serializer)
    }
}

impl Serialize for Transaction {
    /// Paynet's names (`card_no_masked`, `net_amount`, `comission` as Paynet spells it...),
    /// `code`, `transaction_type` and `pos_type` as numbers, `xact_date` as sent, and `null`
    /// for anything Paynet did not send; the stored-card fields (`card_hash`, `card_owner_id`,
    /// `user_unique_id`, `is_save_card_succeed`, `save_card_result_message`) only when the
    /// payment involved a stored card ([`Transaction::card_storage`]).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut m = serializer.serialize_map(None)?;
        self.serialize_entries(&mut m)?;
        m.end()
    }
}

impl Transaction {
    /// Writes the transaction's entries into a map another answer extends (a list's row).
    pub(crate) fn serialize_entries<M: serde::ser::SerializeMap>(
        &self,
        m: &mut M,
    ) -> Result<(), M::Error> {
        let currency = [
            self.amount,
            self.net_amount,
            self.commission,
            self.commission_tax,
        ]
        .into_iter()
        .flatten()
        .map(|a| a.currency())
        .next();
        let none = ErrorDetail::default();
        let paynet = self.paynet_error.as_ref().unwrap_or(&none);
        let bank = self.bank_error.as_ref().unwrap_or(&none);
        m.serialize_entry("xact_id", &self.xact_id)?;
        m.serialize_entry("id", &self.id)?;
        m.serialize_entry("xact_date", &self.date_text)?;
        m.serialize_entry(
            "transaction_type",
            &self.transaction_type.map(TransactionType::as_i64),
        )?;
        m.serialize_entry("pos_type", &self.pos_type.map(PosType::as_i64))?;
        m.serialize_entry("is_tds", &self.is_tds)?;
        m.serialize_entry("agent_id", &self.agent_id)?;
        m.serialize_entry("user_id", &self.user_id)?;
        m.serialize_entry("email", &self.email)?;
        m.serialize_entry("phone", &self.phone)?;
        m.serialize_entry("bank_id", &self.bank_id.as_ref().map(BankId::as_str))?;
        m.serialize_entry("instalment", &self.instalment)?;
        m.serialize_entry("ratio", &self.ratio.map(JsonDecimal))?;
        m.serialize_entry("card_no_masked", &self.card_number_masked)?;
        m.serialize_entry("card_holder", &self.card_holder)?;
        m.serialize_entry("card_type", &self.card_type.as_ref().map(CardType::as_str))?;
        m.serialize_entry("amount", &self.amount)?;
        m.serialize_entry("net_amount", &self.net_amount)?;
        m.serialize_entry("comission", &self.commission)?;
        m.serialize_entry("comission_tax", &self.commission_tax)?;
        m.serialize_entry("currency", &currency.as_ref().map(Currency::code))?;
        m.serialize_entry("authorization_code", &self.authorization_code)?;
        m.serialize_entry("reference_code", &self.reference_code)?;
        m.serialize_entry("order_id", &self.order_id)?;
        m.serialize_entry("is_succeed", &self.is_succeed)?;
        m.serialize_entry("paynet_error_id", &paynet.id)?;
        m.serialize_entry("paynet_error_message", &paynet.message)?;
        m.serialize_entry("bank_error_id", &bank.id)?;
        m.serialize_entry("bank_error_message", &bank.message)?;
        m.serialize_entry("bank_error_short_desc", &bank.short_desc)?;
        m.serialize_entry("bank_error_long_desc", &bank.long_desc)?;
        m.serialize_entry("reference_no", &self.reference_no)?;
        m.serialize_entry("bank_name", &self.bank_name)?;
        m.serialize_entry("reversed", &self.reversed)?;
        m.serialize_entry("reversed_xact_id", &self.reversed_xact_id)?;
        m.serialize_entry("ratio_code", &self.ratio_code)?;
        m.serialize_entry("md_status", &self.md_status)?;
        m.serialize_entry("xact_transaction_id", &self.tracking_id)?;
        m.serialize_entry("note", &self.note)?;
        m.serialize_entry("agent_reference", &self.agent_reference)?;
        m.serialize_entry("is_transferred", &self.is_transferred)?;
        m.serialize_entry("escrow_status", &self.escrow_status)?;
        // Only a payment that involved a stored card carries these (so that every other
        // transaction keeps its shape).
        if let Some(c) = &self.card_storage {
            m.serialize_entry("card_hash", &c.card_hash)?;
            m.serialize_entry("card_owner_id", &c.card_owner_id)?;
            m.serialize_entry("user_unique_id", &c.user_unique_id)?;
            m.serialize_entry("is_save_card_succeed", &c.saved)?;
            m.serialize_entry("save_card_result_message", &c.save_message)?;
        }
        m.serialize_entry("code", &self.result_code.map(ResultCode::as_i64))?;
        m.serialize_entry("message", &self.message)
    }
}

impl AgentSession {
    fn serialize_with_key<S: Serializer>(
        &self,
        key: &str,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut m = serializer.serialize_map(Some(10))?;
        m.serialize_entry("session_key", key)?;
        m.serialize_entry("expired_date", &self.expired_date)?;
        m.serialize_entry("agent_id", &self.agent_id)?;
        m.serialize_entry("company_code", &self.company_code)?;
        m.serialize_entry("user_id", &self.user_id)?;
        m.serialize_entry("user_unique_id", &self.user_unique_id)?;
        m.serialize_entry("is_okc_inquiry", &self.is_okc_inquiry)?;
        m.serialize_entry("code", &self.result_code.as_i64())?;
        m.serialize_entry("message", &self.message)?;
        m.end()
    }

    /// The session, serialised **with its real session key**: for the one place that exists to
    /// hand the key over (e.g. `paynet session open --json`). Everything else serialises the
    /// session itself, whose `session_key` is `"[redacted]"`.
    ///
    /// ```
    /// # use paynet_domain::{decode, Answer, OpenSessionRequest, Secrets};
    /// # let request = OpenSessionRequest::new("20005", "u1")?;
    /// # let body = br#"{"session_key":"ssk_0123456789","code":0}"#;
    /// let session = decode(&request, Answer::new(200, body), &Secrets::new())?;
    /// assert!(serde_json::to_string(&session)?.contains(r#""session_key":"[redacted]""#));
    /// assert!(serde_json::to_string(&session.with_key_revealed())?.contains(r#""session_key":"ssk_0123456789""#));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_key_revealed(&self) -> RevealedSession<'_> {
        RevealedSession(self)
    }
}

/// An [`AgentSession`] that serialises its real session key. Made by
/// [`AgentSession::with_key_revealed`]; its `Debug` shows nothing of the key.
#[derive(Debug, Clone, Copy)]
pub struct RevealedSession<'a>(&'a AgentSession);

impl Serialize for RevealedSession<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0
            .serialize_with_key(self.0.session_key.expose_secret(), serializer)
    }
}

impl Serialize for AgentSession {
    /// get_auth_key's names; `session_key` is `"[redacted]"` (see
    /// [`AgentSession::with_key_revealed`]).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize_with_key(REDACTED, serializer)
    }
}

impl Serialize for PaymentOutcome {
    /// The transaction (captured, paid or declined), as Paynet answered it, then `replayed`
    /// (result code 100: an earlier success returned) and `reconciled` (the answer was lost and
    /// a lookup found it).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut m = serializer.serialize_map(None)?;
        self.transaction().serialize_entries(&mut m)?;
        m.serialize_entry("replayed", &self.is_replayed())?;
        m.serialize_entry("reconciled", &self.is_reconciled())?;
        m.end()
    }
}
