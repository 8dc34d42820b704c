//! Pay links (`v1/mailorder/*`): what Paynet posts to a link's `confirmation_url` once it is paid
//! ([`PayLinkCallback`]), and the verdict of reading the payment back ([`PayLinkVerdict`]).
//!
//! The callback is **not signed** (Paynet documents no signature, secret or source address):
//! anyone who knows the URL can post one. It is a hint that a payment may have happened, never
//! proof. Confirm it with a read over the authenticated channel, the payment check by the link's
//! `reference_no` ([`PayLinkVerdict::from_check`], or the facade's `Client::confirm_pay_link`),
//! and mark an order paid only when the verdict is [`PayLinkVerdict::Confirmed`].
//!
//! The requests of the four operations (`create_pay_link`, `pay_link_detail`, `list_pay_links`,
//! `update_pay_link_status`) are generated from `openapi/paynet-paylink.yaml`.

use chrono::{DateTime, FixedOffset};
use paynet_api::wire::{LenientBool, LenientDecimal, LenientInt, LenientText, Timestamp};

use crate::card::masked_card;
use crate::codes::{BankId, CardType, TransactionType};
use crate::error::Error;
use crate::money::{Amount, Currency, ReportedAmount};
use crate::ops::read::{currency, read_timestamp, text};
use crate::outcome::{Transaction, TransactionCheck};

/// What Paynet posts (JSON) to a pay link's `confirmation_url` once the payer paid, read
/// leniently: Paynet's own spellings (`referance_no`, sic; `netAmount`; `comission`) and the
/// usual ones (`reference_no`, `net_amount`, `commission`, `installment`), numbers as strings,
/// blanks as absent. Amounts are exact. The card number is kept masked: never more than its
/// first 6 and last 4 digits, even if a full number arrives.
///
/// **Not proof of payment**: see the [module](self) and [`PayLinkVerdict`].
///
/// ```
/// use paynet_domain::PayLinkCallback;
/// let posted = br#"{"referance_no":"INV-42","xact_date":"2024-06-03T10:27:22.0296925+03:00",
///     "bank_id":"AXSS","instalment":"3","card_holder":"AYSE YILMAZ",
///     "card_number":"4355084355084358","amount":149.90,"netAmount":"146.32",
///     "comission":2.98,"comission_tax":0.60,"currency":"TRY","is_succeed":"true"}"#;
/// let callback = PayLinkCallback::from_json(posted)?;
/// assert_eq!(callback.reference_no, "INV-42");
/// assert_eq!(callback.card_number_masked.as_deref(), Some("435508******4358"));
/// assert_eq!(callback.amount.map(|a| a.value().to_string()).as_deref(), Some("149.90"));
/// assert_eq!(callback.instalment, Some(3));
/// assert!(PayLinkCallback::from_json(br#"{"amount":1}"#).is_err()); // no reference
/// # Ok::<(), paynet_domain::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PayLinkCallback {
    /// The link's `reference_no` (posted as `referance_no`, sic): which link, hence which order.
    pub reference_no: String,
    /// When the payment was made (`xact_date`); a timestamp without an offset is Turkish time.
    pub date: Option<DateTime<FixedOffset>>,
    /// `xact_date` exactly as posted.
    pub date_text: Option<String>,
    /// The agent (bayi).
    pub agent_id: Option<String>,
    /// The card's bank.
    pub bank_id: Option<BankId>,
    /// The instalment count (`instalment`, or `installment`).
    pub instalment: Option<i64>,
    /// The card holder's name.
    pub card_holder: Option<String>,
    /// The card number, masked (`435508******4358`).
    pub card_number_masked: Option<String>,
    /// The gross amount charged ("brüt").
    pub amount: Option<ReportedAmount>,
    /// What the merchant nets (`netAmount`).
    pub net_amount: Option<ReportedAmount>,
    /// The commission (Paynet: `comission`).
    pub commission: Option<ReportedAmount>,
    /// The tax on the commission.
    pub commission_tax: Option<ReportedAmount>,
    /// The currency of the amounts (`TRY` when not posted).
    pub currency: Currency,
    /// The bank's authorisation code.
    pub authorization_code: Option<String>,
    /// The bank's order id.
    pub order_id: Option<String>,
    /// What the body claims about success (`is_succeed`): Paynet posts only successful payments.
    pub is_succeed: Option<bool>,
    /// The card type (`card_type`, on the old page).
    pub card_type: Option<CardType>,
}

/// The callback's fields as posted, each spelling of each.
#[derive(serde::Deserialize)]
struct Posted {
    #[serde(alias = "reference_no", alias = "referanceNo", alias = "referenceNo")]
    referance_no: Option<LenientText>,
    xact_date: Option<LenientText>,
    agent_id: Option<LenientText>,
    bank_id: Option<LenientText>,
    #[serde(alias = "installment")]
    instalment: Option<LenientInt>,
    card_holder: Option<LenientText>,
    #[serde(alias = "card_no", alias = "card_no_masked")]
    card_number: Option<LenientText>,
    amount: Option<LenientDecimal>,
    #[serde(alias = "net_amount")]
    #[serde(rename = "netAmount")]
    net_amount: Option<LenientDecimal>,
    #[serde(alias = "commission")]
    comission: Option<LenientDecimal>,
    #[serde(alias = "commission_tax")]
    comission_tax: Option<LenientDecimal>,
    currency: Option<LenientText>,
    authorization_code: Option<LenientText>,
    order_id: Option<LenientText>,
    is_succeed: Option<LenientBool>,
    card_type: Option<LenientText>,
}

/// An exact amount, or a clear error naming the field when it is not one.
fn amount(
    field: &'static str,
    v: Option<LenientDecimal>,
    currency: Currency,
) -> Result<Option<ReportedAmount>, Error> {
    if let Some(odd) = v.as_ref().and_then(LenientDecimal::other) {
        let odd: String = odd.chars().take(40).collect();
        return Err(Error::invalid(
            field,
            format!("is {odd:?}, not an exact amount"),
        ));
    }
    Ok(v.and_then(|v| v.get())
        .map(|d| ReportedAmount::new(d, currency)))
}

impl PayLinkCallback {
    /// Reads a posted callback. Refused (`Error::InvalidRequest` naming the field) when the body
    /// is not a JSON object, when it names no `referance_no` (nor `reference_no`), or when an
    /// amount is not an exact number.
    pub fn from_json(body: &[u8]) -> Result<Self, Error> {
        let posted: Posted = serde_json::from_slice(body)
            .map_err(|e| Error::invalid("body", format!("is not the JSON Paynet posts ({e})")))?;
        let reference_no = text(posted.referance_no)
            .ok_or_else(|| Error::invalid("referance_no", "was not posted"))?;
        let currency = currency(posted.currency.as_ref());
        let (date, date_text) =
            read_timestamp(text(posted.xact_date).map(|t| Timestamp::parse(&t)));
        Ok(Self {
            reference_no,
            date,
            date_text,
            agent_id: text(posted.agent_id),
            bank_id: text(posted.bank_id).map(BankId::new),
            instalment: posted.instalment.and_then(|n| n.get()),
            card_holder: text(posted.card_holder),
            card_number_masked: masked_card(text(posted.card_number)),
            amount: amount("amount", posted.amount, currency)?,
            net_amount: amount("netAmount", posted.net_amount, currency)?,
            commission: amount("comission", posted.comission, currency)?,
            commission_tax: amount("comission_tax", posted.comission_tax, currency)?,
            currency,
            authorization_code: text(posted.authorization_code),
            order_id: text(posted.order_id),
            is_succeed: posted.is_succeed.and_then(|b| b.get()),
            card_type: text(posted.card_type).map(|c| CardType::parse(&c)),
        })
    }
}

/// What reading a pay link's payment back says (the payment check by its `reference_no`): the
/// only thing to act on, whatever a callback claimed.
///
/// Deliberately exhaustive, like [`PaymentOutcome`](crate::PaymentOutcome).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayLinkVerdict {
    /// Paynet has a successful sale with the link's reference of the expected amount: the link
    /// is paid. The transaction is the latest such sale.
    Confirmed {
        /// The sale, as the check reported it.
        transaction: Box<Transaction>,
    },
    /// Paynet has no successful sale with this reference: nothing was paid (yet). A callback
    /// that said otherwise was not Paynet's, or came before the payment can be read. Declined
    /// attempts are counted, not payments.
    NotFound {
        /// How many unsuccessful transactions the check found with the reference.
        declined: usize,
    },
    /// Paynet has a successful sale with this reference, but not of the expected amount: money
    /// moved, but not what the order asked for. Do not mark the order paid; look into it.
    Mismatch {
        /// The latest successful sale found.
        transaction: Box<Transaction>,
        /// What was expected.
        expected: Amount,
    },
}

impl PayLinkVerdict {
    /// The verdict of a payment check by the link's `reference_no`, for a link of `expected`.
    ///
    /// A transaction counts as the link's payment when it succeeded and is a sale (or its type
    /// is not reported). It is of the expected amount when its `amount` is exactly `expected`,
    /// or, for a link that adds the commission on top (`addcomission_to_amount`), when what the
    /// merchant nets (`net_amount`) is exactly `expected` and the card paid more. The facade's
    /// `Client::confirm_pay_link` makes the check and returns this.
    pub fn from_check(check: &TransactionCheck, expected: Amount) -> PayLinkVerdict {
        let lira = expected.lira();
        let sales: Vec<&Transaction> = check
            .transactions
            .iter()
            .filter(|t| {
                t.is_succeed == Some(true)
                    && t.transaction_type
                        .is_none_or(|k| k == TransactionType::Sale)
            })
            .collect();
        let value = |a: Option<ReportedAmount>| a.map(|a| a.value());
        let of_amount = |t: &&&Transaction| {
            value(t.amount) == Some(lira)
                || (value(t.net_amount) == Some(lira)
                    && value(t.amount).is_some_and(|gross| gross > lira))
        };
        if let Some(t) = sales.iter().rev().find(of_amount) {
            return PayLinkVerdict::Confirmed {
                transaction: Box::new((**t).clone()),
            };
        }
        match sales.last() {
            Some(t) => PayLinkVerdict::Mismatch {
                transaction: Box::new((*t).clone()),
                expected,
            },
            None => PayLinkVerdict::NotFound {
                declined: check
                    .transactions
                    .iter()
                    .filter(|t| t.is_succeed != Some(true))
                    .count(),
            },
        }
    }

    /// True only for [`PayLinkVerdict::Confirmed`]: the order may be marked paid.
    pub fn is_confirmed(&self) -> bool {
        matches!(self, PayLinkVerdict::Confirmed { .. })
    }

    /// The confirmed sale, if the link is paid.
    pub fn transaction(&self) -> Option<&Transaction> {
        match self {
            PayLinkVerdict::Confirmed { transaction } => Some(transaction),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::error::invalid_field as field;

    fn sale(amount: &str, net: &str, succeeded: bool) -> Transaction {
        let money = |t: &str| Some(ReportedAmount::new(t.parse().unwrap(), Currency::Try));
        Transaction {
            xact_id: Some(format!("xk_{amount}")),
            transaction_type: Some(TransactionType::Sale),
            amount: money(amount),
            net_amount: money(net),
            is_succeed: Some(succeeded),
            ..Transaction::default()
        }
    }

    fn check(transactions: Vec<Transaction>) -> TransactionCheck {
        TransactionCheck {
            transactions,
            result_code: crate::codes::ResultCode::Successful,
            message: None,
        }
    }

    #[test]
    fn the_callback_is_read_leniently_and_masked() {
        let c = PayLinkCallback::from_json(
            br#"{"reference_no":" R-1 ","installment":2,"card_no":"4355 0843 5508 4358",
                 "net_amount":"146.32","amount":"149.90","commission":"2.98",
                 "is_succeed":1,"xact_date":"2024-06-03T10:27:22","currency":""}"#,
        )
        .unwrap();
        assert_eq!(c.reference_no, " R-1 ");
        assert_eq!(c.instalment, Some(2));
        assert_eq!(c.card_number_masked.as_deref(), Some("4355 08** **** 4358"));
        assert_eq!(c.net_amount.unwrap().value().to_string(), "146.32");
        assert_eq!(c.amount.unwrap().value().to_string(), "149.90");
        assert_eq!(c.commission.unwrap().value().to_string(), "2.98");
        assert_eq!(c.is_succeed, Some(true));
        assert_eq!(c.currency, Currency::Try);
        assert_eq!(
            c.date.map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-06-03T10:27:22+03:00")
        );
        // Nothing of the number beyond 6 + 4 digits, anywhere.
        assert!(!format!("{c:?}").contains("0843 5508"));

        assert_eq!(
            field(PayLinkCallback::from_json(b"[1]").unwrap_err()),
            "body"
        );
        assert_eq!(
            field(PayLinkCallback::from_json(br#"{"referance_no":""}"#).unwrap_err()),
            "referance_no"
        );
        assert_eq!(
            field(
                PayLinkCallback::from_json(br#"{"referance_no":"R","netAmount":"146,32"}"#)
                    .unwrap_err()
            ),
            "netAmount"
        );
    }

    #[test]
    fn list_rows_are_read_with_either_wrapper_and_spelling() {
        use paynet_api::paynet_paylink::types::PayLinkList;
        for body in [
            r#"{"code":0,"Data":[{"reference_no":"R","installment":"2","amount":"149.90"}]}"#,
            r#"{"code":"0","data":[{"reference_no":"R","instalment":2,"amount":149.90}]}"#,
        ] {
            let list: PayLinkList = paynet_api::wire::from_answer_str(body).unwrap();
            let row = &list.data[0];
            assert_eq!(row.reference_no.as_ref().unwrap().as_str(), "R", "{body}");
            let count = row
                .installment
                .as_ref()
                .or(row.instalment.as_ref())
                .and_then(|n| n.get());
            assert_eq!(count, Some(2), "{body}");
            let amount = row.amount.as_ref().and_then(|a| a.get()).unwrap();
            assert_eq!(amount.to_string(), "149.90");
        }
        let empty: PayLinkList = paynet_api::wire::from_answer_str(r#"{"code":12}"#).unwrap();
        assert!(empty.data.is_empty());
    }

    #[test]
    fn only_a_successful_sale_of_the_amount_confirms() {
        let expected: Amount = "149.90".parse().unwrap();
        assert_eq!(
            PayLinkVerdict::from_check(&check(vec![sale("149.90", "146.32", false)]), expected),
            PayLinkVerdict::NotFound { declined: 1 }
        );
        let paid = PayLinkVerdict::from_check(
            &check(vec![
                sale("149.90", "146.32", false),
                sale("149.9", "146.32", true),
            ]),
            expected,
        );
        assert!(paid.is_confirmed());
        assert_eq!(
            paid.transaction().unwrap().xact_id.as_deref(),
            Some("xk_149.9")
        );
        // Commission on top: the merchant nets the link's amount.
        let on_top =
            PayLinkVerdict::from_check(&check(vec![sale("153.48", "149.90", true)]), expected);
        assert!(on_top.is_confirmed());
        let other = PayLinkVerdict::from_check(&check(vec![sale("10.00", "9.76", true)]), expected);
        assert!(matches!(other, PayLinkVerdict::Mismatch { .. }));
        assert!(other.transaction().is_none());
        // A refund or a pre-authorisation is not the link's payment.
        let mut refund = sale("149.90", "149.90", true);
        refund.transaction_type = Some(TransactionType::Reversal);
        assert_eq!(
            PayLinkVerdict::from_check(&check(vec![refund]), expected),
            PayLinkVerdict::NotFound { declined: 0 }
        );
    }
}
