//! After the sale: refunds and cancellations ([`RefundRequest`], [`CancelPreAuthRequest`],
//! [`CancelCaptureRequest`]), the decision Paynet posts about a refund ([`RefundDecision`]),
//! reports in pages ([`PaymentListRequest`], [`RefundListRequest`]) and the instalment table
//! ([`RatiosRequest`]).
//!
//! A refund is a **request**: Paynet's operations team reviews it, and its result code 0 means
//! "request accepted", not "money returned" ([`RefundRequested`]). The decision arrives at the
//! `succeedUrl` (unsigned: confirm it with the refund list or the transaction's detail) and in the
//! refund list.

use std::fmt;

use chrono::NaiveDate;

use crate::codes::ResultCode;
use crate::error::Error;
use crate::money::{Amount, ReportedAmount};
use crate::request::{https_url, identifier};
use crate::response::Transaction;
use serde::{Serialize, Serializer};

/// Refunds (whole or part) or cancels (same day, whole only) a sale or capture (`refund`:
/// `POST /v1/transaction/reversed_request`, under the secret key). Moves money: never sent again
/// once it may have reached Paynet.
///
/// ```
/// use paynet_domain::RefundRequest;
/// let whole = RefundRequest::builder("xk_EAAAAv2payment4f9a1c2e7b8d").build()?;
/// let part = RefundRequest::builder("xk_EAAAAv2payment4f9a1c2e7b8d")
///     .amount("10.00".parse()?) // sent as "1000" kuruş
///     .succeed_url("https://shop.example/paynet/refund-decision")
///     .build()?;
/// assert_eq!(part.amount().map(|a| a.to_kurus_string()).as_deref(), Some("1000"));
/// # let _ = whole;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefundRequest {
    pub(crate) xact_id: String,
    pub(crate) amount: Option<Amount>,
    pub(crate) succeed_url: Option<String>,
}

/// Builds a [`RefundRequest`]; [`RefundBuilder::build`] checks every field.
#[derive(Clone, Debug)]
#[must_use]
pub struct RefundBuilder {
    xact_id: String,
    amount: Option<Amount>,
    succeed_url: Option<String>,
}

impl RefundRequest {
    /// A refund of the transaction `xact_id` (its encrypted id); without an amount, all of it.
    pub fn builder(xact_id: impl Into<String>) -> RefundBuilder {
        RefundBuilder {
            xact_id: xact_id.into(),
            amount: None,
            succeed_url: None,
        }
    }

    /// The transaction refunded.
    pub fn xact_id(&self) -> &str {
        &self.xact_id
    }

    /// The amount; `None` is the whole transaction.
    pub fn amount(&self) -> Option<Amount> {
        self.amount
    }
}

impl RefundBuilder {
    /// Refunds this much (sent in kuruş: 10.00 TL as `"1000"`). A same-day transaction can only
    /// be cancelled in full (Paynet refuses a partial amount then).
    pub fn amount(mut self, amount: Amount) -> Self {
        self.amount = Some(amount);
        self
    }

    /// Where Paynet posts its decision (`succeedUrl`): an absolute `https` URL (`http` on
    /// loopback). Read what it posts with [`RefundDecision::from_json`].
    pub fn succeed_url(mut self, url: impl Into<String>) -> Self {
        self.succeed_url = Some(url.into());
        self
    }

    /// Checks every field.
    pub fn build(self) -> Result<RefundRequest, Error> {
        Ok(RefundRequest {
            xact_id: identifier("xact_id", self.xact_id)?,
            amount: self.amount,
            succeed_url: self
                .succeed_url
                .map(|url| https_url("succeed_url", &url).map(|_| url))
                .transpose()?,
        })
    }
}

/// Paynet accepted a refund or cancellation **request**: its operations team decides it later.
/// No money has been returned yet; the decision arrives at the `succeedUrl`
/// ([`RefundDecision`]) and in the refund list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RefundRequested {
    /// The result code (0).
    #[serde(rename = "code")]
    pub result_code: ResultCode,
    /// Paynet's message.
    pub message: Option<String>,
    /// True when the answer was lost and the refund list showed the request.
    pub reconciled: bool,
}

/// Cancels a pre-authorisation that was not captured (`cancel_preauth`:
/// `POST /v1/transaction/preauth_reversal`, under the secret key). Moves money (it releases the
/// held amount).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CancelPreAuthRequest {
    pub(crate) xact_id: String,
}

impl CancelPreAuthRequest {
    /// Cancels the pre-authorisation `xact_id`.
    pub fn new(xact_id: impl Into<String>) -> Result<Self, Error> {
        Ok(Self {
            xact_id: identifier("xact_id", xact_id.into())?,
        })
    }

    /// The pre-authorisation.
    pub fn xact_id(&self) -> &str {
        &self.xact_id
    }
}

/// A pre-authorisation was cancelled: the held amount is released.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PreAuthCancelled {
    /// The result code (0).
    #[serde(rename = "code")]
    pub result_code: ResultCode,
    /// Paynet's message.
    pub message: Option<String>,
    /// True when the answer was lost and the transaction's detail showed it cancelled.
    pub reconciled: bool,
}

/// Cancels a capture (`cancel_capture`: `POST /v1/transaction/capture_reversal`, under the secret
/// key): answered with the cancellation's transaction, approved or declined. Moves money.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CancelCaptureRequest {
    pub(crate) xact_id: String,
}

impl CancelCaptureRequest {
    /// Cancels the capture `xact_id`.
    pub fn new(xact_id: impl Into<String>) -> Result<Self, Error> {
        Ok(Self {
            xact_id: identifier("xact_id", xact_id.into())?,
        })
    }

    /// The capture.
    pub fn xact_id(&self) -> &str {
        &self.xact_id
    }
}

/// What Paynet posts to a refund's `succeedUrl`: `{xact_id, code, status, message}`, JSON.
///
/// **Not signed**: anyone can post it. Treat it as a hint, and confirm the decision with the refund
/// list or the transaction's detail before acting on it.
///
/// ```
/// use paynet_domain::RefundDecision;
/// let d = RefundDecision::from_json(r#"{"xact_id":"xk_1","code":0,"status":1,"message":"Onaylandı"}"#.as_bytes())?;
/// assert!(d.approved);
/// assert_eq!(d.xact_id, "xk_1");
/// let d = RefundDecision::from_json(br#"{"xact_id":"xk_2","code":"1"}"#)?;
/// assert!(!d.approved);
/// assert!(RefundDecision::from_json(b"<html>").is_err());
/// # Ok::<(), paynet_domain::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RefundDecision {
    /// The refund's (reversal's) Paynet id, as posted.
    pub xact_id: String,
    /// `code` 0: approved; anything else: not approved.
    pub approved: bool,
    /// Paynet's result code.
    pub code: ResultCode,
    /// The `status` posted, as sent.
    pub status: Option<String>,
    /// The message posted.
    pub message: Option<String>,
}

impl RefundDecision {
    /// Reads a posted decision, leniently (`code` as a number or a numeric string).
    pub fn from_json(body: &[u8]) -> Result<Self, Error> {
        #[derive(serde::Deserialize)]
        struct Posted {
            xact_id: Option<paynet_api::wire::LenientText>,
            code: Option<paynet_api::wire::LenientInt>,
            status: Option<paynet_api::wire::LenientText>,
            message: Option<paynet_api::wire::LenientText>,
        }
        let posted: Posted = serde_json::from_slice(body)
            .map_err(|e| Error::invalid("body", format!("is not the JSON Paynet posts ({e})")))?;
        let xact_id = posted
            .xact_id
            .and_then(paynet_api::wire::LenientText::into_text)
            .ok_or_else(|| Error::invalid("xact_id", "was not posted"))?;
        let code = posted
            .code
            .and_then(|c| c.get())
            .map(ResultCode::from_i64)
            .ok_or_else(|| Error::invalid("code", "was not posted as a number"))?;
        Ok(Self {
            xact_id,
            approved: code == ResultCode::Successful,
            code,
            status: posted
                .status
                .and_then(paynet_api::wire::LenientText::into_text),
            message: posted
                .message
                .and_then(paynet_api::wire::LenientText::into_text),
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Reports.

/// The largest page Paynet's sample asks for.
pub const MAX_PAGE: u32 = 1000;

/// The range, filters and page of a report, shared by the two lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ListQuery {
    pub(crate) from: NaiveDate,
    pub(crate) to: NaiveDate,
    pub(crate) agent_id: Option<String>,
    pub(crate) bank_id: Option<String>,
    pub(crate) user_id: Option<String>,
    pub(crate) show_unsucceed: bool,
    pub(crate) untransferred: bool,
    pub(crate) limit: u32,
    pub(crate) starting_after: Option<u64>,
    pub(crate) ending_before: Option<u64>,
}

impl ListQuery {
    fn new(from: NaiveDate, to: NaiveDate) -> Self {
        Self {
            from,
            to,
            agent_id: None,
            bank_id: None,
            user_id: None,
            show_unsucceed: false,
            untransferred: false,
            limit: 10,
            starting_after: None,
            ending_before: None,
        }
    }

    fn check(mut self) -> Result<Self, Error> {
        if self.from > self.to {
            return Err(Error::invalid(
                "datab",
                format!("{} is after the last day, {}", self.from, self.to),
            ));
        }
        if !(1..=MAX_PAGE).contains(&self.limit) {
            return Err(Error::invalid(
                "limit",
                format!("{} is not 1 to {MAX_PAGE}", self.limit),
            ));
        }
        self.agent_id = self
            .agent_id
            .map(|a| identifier("agent_id", a))
            .transpose()?;
        self.bank_id = self.bank_id.map(|b| identifier("bank_id", b)).transpose()?;
        self.user_id = self.user_id.map(|u| identifier("user_id", u)).transpose()?;
        Ok(self)
    }

    /// The page after one that started at this query's offset and held `rows` rows.
    pub(crate) fn next_page(&self, rows: u64) -> Self {
        let mut next = self.clone();
        next.starting_after = Some(self.starting_after.unwrap_or(0) + rows);
        next.ending_before = None;
        next
    }
}

macro_rules! list_request {
    ($(#[$doc:meta])* $name:ident, $builder:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct $name {
            pub(crate) query: ListQuery,
        }

        #[doc = concat!("Builds a [`", stringify!($name), "`]; `build` checks every field.")]
        #[derive(Clone, Debug)]
        #[must_use]
        pub struct $builder {
            query: ListQuery,
        }

        impl $name {
            /// The days from `from` to `to`, both included (Paynet's `datab`, `datbi`).
            pub fn builder(from: NaiveDate, to: NaiveDate) -> $builder {
                $builder {
                    query: ListQuery::new(from, to),
                }
            }

            /// Rows per page.
            pub fn limit(&self) -> u32 {
                self.query.limit
            }

            /// The row offset the page starts after (0 for the first page).
            pub fn starting_after(&self) -> u64 {
                self.query.starting_after.unwrap_or(0)
            }

            /// The same query, for the page after one of `rows` rows from this one.
            pub fn next_page(&self, rows: u64) -> Self {
                $name {
                    query: self.query.next_page(rows),
                }
            }
        }

        impl $builder {
            /// Rows per page, 1 to [`MAX_PAGE`] (default 10, as Paynet).
            pub fn limit(mut self, rows: u32) -> Self {
                self.query.limit = rows;
                self
            }

            /// The page that starts after this row offset (`starting_after`).
            pub fn starting_after(mut self, offset: u64) -> Self {
                self.query.starting_after = Some(offset);
                self
            }

            /// The page that ends before this row offset (`ending_before`).
            pub fn ending_before(mut self, offset: u64) -> Self {
                self.query.ending_before = Some(offset);
                self
            }

            /// Only this agent's (`agent_id`).
            pub fn agent_id(mut self, agent: impl Into<String>) -> Self {
                self.query.agent_id = Some(agent.into());
                self
            }

            /// Only this bank's (`bank_id`, e.g. `AXSS`).
            pub fn bank_id(mut self, bank: impl Into<String>) -> Self {
                self.query.bank_id = Some(bank.into());
                self
            }

            /// Checks every field: the range is not backwards, the page size is 1 to [`MAX_PAGE`].
            pub fn build(self) -> Result<$name, Error> {
                Ok($name {
                    query: self.query.check()?,
                })
            }
        }
    };
}

list_request! {
    /// One page of the transactions in a date range (`list_payments`:
    /// `POST /v1/transaction/list`, under the secret key). A read. The facade also streams every
    /// page (`Client::payments`).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use paynet_domain::PaymentListRequest;
    /// let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    /// let page = PaymentListRequest::builder(day(1), day(30)).limit(100).show_unsucceed(true).build()?;
    /// assert_eq!(page.next_page(100).starting_after(), 100);
    /// assert!(PaymentListRequest::builder(day(30), day(1)).build().is_err());
    /// # Ok::<(), paynet_domain::Error>(())
    /// ```
    PaymentListRequest, PaymentListBuilder
}

impl PaymentListBuilder {
    /// Unsuccessful transactions too (`show_unsucceed`; default: successful ones only).
    pub fn show_unsucceed(mut self, show: bool) -> Self {
        self.query.show_unsucceed = show;
        self
    }

    /// Leaves out transactions marked transferred (`untransferred`).
    pub fn untransferred(mut self, only: bool) -> Self {
        self.query.untransferred = only;
        self
    }

    /// Only this user's (`user_id`).
    pub fn user_id(mut self, user: impl Into<String>) -> Self {
        self.query.user_id = Some(user.into());
        self
    }
}

list_request! {
    /// One page of the refund and cancellation requests made in a date range (`list_refunds`:
    /// `POST /v1/transaction/reversal_list`, under the secret key). A read. The facade also
    /// streams every page (`Client::refunds`).
    RefundListRequest, RefundListBuilder
}

/// One page of a report, and where the next one starts. Serialised as Paynet answers a list:
/// `{"Data": [...], "total_count", "total", "has_more", "companyCode", "companyName", "code",
/// "message"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Page<T> {
    /// The page's rows.
    #[serde(rename = "Data")]
    pub rows: Vec<T>,
    /// How many rows match in all, when Paynet said.
    pub total_count: Option<u64>,
    /// The sum of the matching amounts, when Paynet said.
    pub total: Option<ReportedAmount>,
    /// True while rows remain after this page.
    pub has_more: bool,
    /// The company's code.
    #[serde(rename = "companyCode")]
    pub company_code: Option<String>,
    /// The company's name.
    #[serde(rename = "companyName")]
    pub company_name: Option<String>,
    /// The result code (0, or 12 when nothing matches).
    #[serde(rename = "code")]
    pub result_code: ResultCode,
    /// Paynet's message.
    pub message: Option<String>,
}

/// A page of transactions.
pub type PaymentPage = Page<PaymentRow>;
/// A page of refund and cancellation requests.
pub type RefundPage = Page<RefundRow>;

/// A transaction as the list reports it: the typed view, and what only the list says (its
/// settlement columns, bookkeeping flags). Serialised with the transaction's names (see
/// [`Transaction`]), then the list's own (`agent_name`, `xacttype_desc`, `xact_time`,
/// `is_reconcile`, ..., the Turkish settlement columns).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PaymentRow {
    /// The transaction.
    #[serde(flatten)]
    pub transaction: Transaction,
    /// The agent's name (`agent_name`).
    pub agent_name: Option<String>,
    /// The transaction type's name (`xacttype_desc`).
    #[serde(rename = "xacttype_desc")]
    pub type_name: Option<String>,
    /// The time of day (`xact_time`, `HH:mm:ss`).
    #[serde(rename = "xact_time")]
    pub time: Option<String>,
    /// Reconciled with the bank (`is_reconcile`).
    #[serde(rename = "is_reconcile")]
    pub is_reconciled: Option<bool>,
    /// Paid out (`is_payup`).
    #[serde(rename = "is_payup")]
    pub is_paid_out: Option<bool>,
    /// Under chargeback (`is_onchargeback`).
    #[serde(rename = "is_onchargeback")]
    pub is_on_chargeback: Option<bool>,
    /// What the main company and the agent are owed and paid.
    #[serde(flatten)]
    pub settlement: Settlement,
}

/// A transaction's settlement columns (Paynet's Turkish names in parentheses: its serialised
/// names).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Settlement {
    /// The main company's gross receivable (`ana_firma_brut_alacak`).
    #[serde(rename = "ana_firma_brut_alacak")]
    pub main_company_gross: Option<ReportedAmount>,
    /// The main company's commission (`ana_firma_komisyonu`).
    #[serde(rename = "ana_firma_komisyonu")]
    pub main_company_commission: Option<ReportedAmount>,
    /// The same with tax (`ana_firma_komisyonu_kdv_dahil`).
    #[serde(rename = "ana_firma_komisyonu_kdv_dahil")]
    pub main_company_commission_with_tax: Option<ReportedAmount>,
    /// The net paid to the main company (`ana_firma_odenecek_net_tutar`).
    #[serde(rename = "ana_firma_odenecek_net_tutar")]
    pub main_company_net: Option<ReportedAmount>,
    /// The agent's gross receivable (`bayi_brut_alacak`).
    #[serde(rename = "bayi_brut_alacak")]
    pub agent_gross: Option<ReportedAmount>,
    /// The agent's commission (`bayi_komisyonu`).
    #[serde(rename = "bayi_komisyonu")]
    pub agent_commission: Option<ReportedAmount>,
    /// The same with tax (`bayi_komisyonu_kdv_dahil`).
    #[serde(rename = "bayi_komisyonu_kdv_dahil")]
    pub agent_commission_with_tax: Option<ReportedAmount>,
    /// The net paid to the agent (`bayiye_odenecek_net_tutar`).
    #[serde(rename = "bayiye_odenecek_net_tutar")]
    pub agent_net: Option<ReportedAmount>,
    /// When the main company is paid (`cp_mfi_vdate`, as sent).
    #[serde(rename = "cp_mfi_vdate")]
    pub main_company_paid_on: Option<String>,
    /// When the agent is paid (`ap_mfi_vdate`, as sent).
    #[serde(rename = "ap_mfi_vdate")]
    pub agent_paid_on: Option<String>,
}

/// A refund or cancellation request's status (`status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RefundStatus {
    /// 0: waiting for Paynet's decision.
    Waiting,
    /// 1: approved: the money is returned.
    Approved,
    /// 2: denied.
    Denied,
    /// Another status, as sent.
    Other(crate::codes::UnknownCode),
}

impl RefundStatus {
    pub(crate) fn from_i64(n: i64) -> Self {
        match n {
            0 => RefundStatus::Waiting,
            1 => RefundStatus::Approved,
            2 => RefundStatus::Denied,
            other => RefundStatus::Other(crate::codes::UnknownCode(other)),
        }
    }

    /// The status as Paynet writes it.
    pub fn as_i64(self) -> i64 {
        match self {
            RefundStatus::Waiting => 0,
            RefundStatus::Approved => 1,
            RefundStatus::Denied => 2,
            RefundStatus::Other(c) => c.value(),
        }
    }
}

impl Serialize for RefundStatus {
    /// The status as Paynet writes it (a number).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.as_i64())
    }
}

impl fmt::Display for RefundStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            RefundStatus::Waiting => "waiting",
            RefundStatus::Approved => "approved",
            RefundStatus::Denied => "denied",
            RefundStatus::Other(_) => "unknown",
        };
        write!(f, "{} ({name})", self.as_i64())
    }
}

/// A refund or cancellation request as the refund list reports it (serialised with the list's
/// names; `status` as a number).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RefundRow {
    /// The original's plain id (`id`).
    pub id: Option<String>,
    /// The original's encrypted id (`xact_id`).
    pub xact_id: Option<String>,
    /// The original's date, as sent (`xact_date`, `dd.mm.yyyy`).
    #[serde(rename = "xact_date")]
    pub transaction_date: Option<String>,
    /// The request's date, as sent (`entry_date`, `dd.mm.yyyy`).
    #[serde(rename = "entry_date")]
    pub requested_on: Option<String>,
    /// The amount requested (`amount`).
    pub amount: Option<ReportedAmount>,
    /// The original's amount (`xact_amount`).
    #[serde(rename = "xact_amount")]
    pub transaction_amount: Option<ReportedAmount>,
    /// A same-day cancellation (`is_cancel`).
    pub is_cancel: Option<bool>,
    /// The request's status.
    pub status: Option<RefundStatus>,
    /// The status's name (`status_desc`).
    #[serde(rename = "status_desc")]
    pub status_text: Option<String>,
    /// The reversal's encrypted id, once approved (`reversed_xact_id`).
    pub reversed_xact_id: Option<String>,
    /// The reversal's plain id, once approved (`reversed_id`).
    pub reversed_id: Option<String>,
    /// The agent (`agent_id`).
    pub agent_id: Option<String>,
    /// The bank (`bank_id`).
    pub bank_id: Option<String>,
    /// The bank's name (`bank_name`).
    pub bank_name: Option<String>,
    /// The masked card number (`card_no`).
    #[serde(rename = "card_no")]
    pub card_number_masked: Option<String>,
    /// The card holder (`card_holder`).
    pub card_holder: Option<String>,
}

/// The instalment and commission table (`ratios`: `POST /v1/ratio/Get`, under the secret key):
/// for every bank (or a card's bank, given its BIN), the instalment options and what each
/// costs. A read.
///
/// ```
/// use paynet_domain::RatiosRequest;
/// let for_card = RatiosRequest::builder().bin("435508").amount("100.00".parse()?).build()?;
/// assert_eq!(for_card.bin(), Some("435508"));
/// assert!(RatiosRequest::builder().bin("4355").build().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RatiosRequest {
    pub(crate) bin: Option<String>,
    pub(crate) amount: Option<Amount>,
    pub(crate) add_commission_to_amount: Option<bool>,
    pub(crate) ratio_code: Option<String>,
    pub(crate) agent_id: Option<String>,
}

/// Builds a [`RatiosRequest`]; [`RatiosBuilder::build`] checks every field.
#[derive(Clone, Debug, Default)]
#[must_use]
pub struct RatiosBuilder {
    request: RatiosRequest,
}

impl RatiosRequest {
    /// The whole table (every bank); narrow it with the builder.
    pub fn builder() -> RatiosBuilder {
        RatiosBuilder::default()
    }

    /// The options a card can pay `amount` with: its bank's instalments (by the card's BIN, its
    /// first 6 digits), each computed for the amount.
    ///
    /// ```
    /// use paynet_domain::RatiosRequest;
    /// let request = RatiosRequest::for_card("435508", "1000.00".parse()?)?;
    /// assert_eq!(request.bin(), Some("435508"));
    /// assert_eq!(request.amount().map(|a| a.to_string()).as_deref(), Some("1000.00 TRY"));
    /// assert!(RatiosRequest::for_card("4355O8", "1.00".parse()?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn for_card(bin: impl Into<String>, amount: Amount) -> Result<RatiosRequest, Error> {
        RatiosRequest::builder().bin(bin).amount(amount).build()
    }

    /// The BIN asked for, if any.
    pub fn bin(&self) -> Option<&str> {
        self.bin.as_deref()
    }

    /// The amount the options are computed for, if any.
    pub fn amount(&self) -> Option<Amount> {
        self.amount
    }
}

impl RatiosBuilder {
    /// Only the bank of the card with this BIN (its first 6 digits).
    pub fn bin(mut self, bin: impl Into<String>) -> Self {
        self.request.bin = Some(bin.into());
        self
    }

    /// Computes each option's amounts for this amount (sent as TL).
    pub fn amount(mut self, amount: Amount) -> Self {
        self.request.amount = Some(amount);
        self
    }

    /// The commission is added on top of the amount (`addcomission_to_amount`).
    pub fn add_commission_to_amount(mut self, add: bool) -> Self {
        self.request.add_commission_to_amount = Some(add);
        self
    }

    /// A ratio table of the merchant's (`ratio_code`).
    pub fn ratio_code(mut self, code: impl Into<String>) -> Self {
        self.request.ratio_code = Some(code.into());
        self
    }

    /// An agent's ratios (`agent_id`).
    pub fn agent_id(mut self, agent: impl Into<String>) -> Self {
        self.request.agent_id = Some(agent.into());
        self
    }

    /// Checks every field: a BIN is exactly 6 digits.
    pub fn build(self) -> Result<RatiosRequest, Error> {
        let mut r = self.request;
        if let Some(bin) = &r.bin
            && (bin.len() != 6 || !bin.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(Error::invalid("bin", "must be the card's first 6 digits"));
        }
        r.ratio_code = r
            .ratio_code
            .map(|c| identifier("ratio_code", c))
            .transpose()?;
        r.agent_id = r.agent_id.map(|a| identifier("agent_id", a)).transpose()?;
        Ok(r)
    }
}

/// The instalment table: banks and their options (serialised `{"data": [banks], "code",
/// "message"}`, as Paynet nests it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RatioTable {
    /// The banks (one for a BIN), in Paynet's order.
    #[serde(rename = "data")]
    pub banks: Vec<BankRatios>,
    /// The result code (0, or 12 for an unknown BIN).
    #[serde(rename = "code")]
    pub result_code: ResultCode,
    /// Paynet's message.
    pub message: Option<String>,
}

impl RatioTable {
    /// The bank with this code, if the table has it.
    pub fn bank(&self, bank_id: &str) -> Option<&BankRatios> {
        self.banks
            .iter()
            .find(|b| b.bank_id.as_deref() == Some(bank_id))
    }

    /// Every option of every bank.
    pub fn options(&self) -> impl Iterator<Item = (&BankRatios, &InstalmentOption)> {
        self.banks
            .iter()
            .flat_map(|b| b.options.iter().map(move |o| (b, o)))
    }
}

/// A bank's instalment options (its options serialised under `ratio`, as Paynet nests them).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct BankRatios {
    /// The bank's code (`AXSS`).
    pub bank_id: Option<String>,
    /// The bank's name.
    pub bank_name: Option<String>,
    /// The bank's logo URL.
    pub bank_logo: Option<String>,
    /// The card type the options are for.
    pub card_type: Option<crate::kinds::CardType>,
    /// True when the bank's cards must pay with 3-D Secure.
    pub tds_required: Option<bool>,
    /// The options, in Paynet's order.
    #[serde(rename = "ratio")]
    pub options: Vec<InstalmentOption>,
}

/// One instalment option: its count and what it costs, exactly as Paynet computed it
/// (serialised with Paynet's names; the commission under the documented spelling,
/// `commission`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct InstalmentOption {
    /// The option's id (`instalment_key`): what the custom form sends to pick it.
    #[serde(rename = "instalment_key")]
    pub key: Option<String>,
    /// The instalment count (1: a single payment).
    #[serde(rename = "instalment")]
    pub count: Option<i64>,
    /// One instalment.
    pub instalment_amount: Option<ReportedAmount>,
    /// The total charged to the card.
    #[serde(rename = "total_amount")]
    pub total: Option<ReportedAmount>,
    /// What the merchant gets.
    #[serde(rename = "total_net_amount")]
    pub net: Option<ReportedAmount>,
    /// The ratio.
    #[serde(serialize_with = "crate::response::exact_option")]
    pub ratio: Option<rust_decimal::Decimal>,
    /// The commission (`commision` in real answers, `commission` in the docs: either is read).
    pub commission: Option<ReportedAmount>,
    /// The commission's tax (`commision_tax` / `commission_tax`).
    pub commission_tax: Option<ReportedAmount>,
    /// The option's name ("Tek Çekim", "3 Taksit").
    #[serde(rename = "desc")]
    pub description: Option<String>,
    /// The ratio table code.
    pub ratio_code: Option<String>,
    /// Bonus instalments, when the bank gives some.
    #[serde(rename = "plus_installment")]
    pub plus_instalments: Option<i64>,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    use crate::error::invalid_field as field;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn refunds_are_checked() {
        assert_eq!(
            field(RefundRequest::builder("").build().unwrap_err()),
            "xact_id"
        );
        assert_eq!(
            field(
                RefundRequest::builder("x")
                    .succeed_url("http://shop.example/x")
                    .build()
                    .unwrap_err()
            ),
            "succeed_url"
        );
        RefundRequest::builder("x")
            .succeed_url("http://127.0.0.1:9/x")
            .build()
            .unwrap();
        assert_eq!(
            field(CancelPreAuthRequest::new(" ").unwrap_err()),
            "xact_id"
        );
    }

    #[test]
    fn lists_are_checked_and_page() {
        let r = PaymentListRequest::builder(day(1), day(2))
            .limit(15)
            .build()
            .unwrap();
        assert_eq!((r.limit(), r.starting_after()), (15, 0));
        let next = r.next_page(15).next_page(15);
        assert_eq!(next.starting_after(), 30);
        assert_eq!(
            field(
                PaymentListRequest::builder(day(1), day(2))
                    .limit(0)
                    .build()
                    .unwrap_err()
            ),
            "limit"
        );
        assert_eq!(
            field(
                RefundListRequest::builder(day(1), day(2))
                    .limit(1001)
                    .build()
                    .unwrap_err()
            ),
            "limit"
        );
        assert_eq!(
            field(
                RefundListRequest::builder(day(3), day(2))
                    .build()
                    .unwrap_err()
            ),
            "datab"
        );
    }

    #[test]
    fn decisions_are_read_leniently() {
        let d = RefundDecision::from_json(br#"{"xact_id":"xk_9","code":"0","status":1}"#).unwrap();
        assert!(d.approved);
        assert_eq!(d.status.as_deref(), Some("1"));
        assert_eq!(
            field(RefundDecision::from_json(br#"{"code":0}"#).unwrap_err()),
            "xact_id"
        );
        assert_eq!(
            field(RefundDecision::from_json(br#"{"xact_id":"x","code":"no"}"#).unwrap_err()),
            "code"
        );
    }
}
