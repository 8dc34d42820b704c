//! Reports in pages: the transactions ([`PaymentListRequest`]) and the refund requests
//! ([`RefundListRequest`]) of a date range, and what a page holds ([`Page`], [`PaymentRow`] with
//! its [`Settlement`], [`RefundRow`]).

use std::fmt;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use crate::codes::ResultCode;
use crate::error::Error;
use crate::money::ReportedAmount;
use crate::outcome::Transaction;
use crate::validate::{identifier_opt, one_to};

/// The largest page Paynet's sample asks for.
pub const MAX_PAGE: u32 = 1000;

/// The range, filters and page of a report, shared by the two lists.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
            limit: 10,
            ..Self::default()
        }
    }

    fn check(mut self) -> Result<Self, Error> {
        if self.from > self.to {
            return Err(Error::invalid(
                "datab",
                format!("{} is after the last day, {}", self.from, self.to),
            ));
        }
        one_to("limit", self.limit.into(), MAX_PAGE.into())?;
        self.agent_id = identifier_opt("agent_id", self.agent_id)?;
        self.bank_id = identifier_opt("bank_id", self.bank_id)?;
        self.user_id = identifier_opt("user_id", self.user_id)?;
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
            setters! {
                /// Rows per page, 1 to [`MAX_PAGE`] (default 10, as Paynet).
                limit(rows: u32) => set query.limit;
                /// The page that starts after this row offset (`starting_after`).
                starting_after(offset: u64) => some query.starting_after;
                /// The page that ends before this row offset (`ending_before`).
                ending_before(offset: u64) => some query.ending_before;
                /// Only this agent's (`agent_id`).
                agent_id(agent: impl Into<String>) => some query.agent_id;
                /// Only this bank's (`bank_id`, e.g. `AXSS`).
                bank_id(bank: impl Into<String>) => some query.bank_id;
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
    setters! {
        /// Unsuccessful transactions too (`show_unsucceed`; default: successful ones only).
        show_unsucceed(show: bool) => set query.show_unsucceed;
        /// Leaves out transactions marked transferred (`untransferred`).
        untransferred(only: bool) => set query.untransferred;
        /// Only this user's (`user_id`).
        user_id(user: impl Into<String>) => some query.user_id;
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::error::invalid_field as field;
    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
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
}
