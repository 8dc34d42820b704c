//! The instalment table ([`RatiosRequest`] → [`RatioTable`]): each bank's instalment options and
//! their commission ratios, exact.

use serde::Serialize;

use crate::codes::ResultCode;
use crate::error::Error;
use crate::money::{Amount, ReportedAmount};
use crate::validate::identifier_opt;

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

    getters! {
        /// The BIN asked for, if any.
        bin -> Option<&str> => as_deref bin;
        /// The amount the options are computed for, if any.
        amount -> Option<Amount> => copy amount;
    }
}

impl RatiosBuilder {
    setters! {
        /// Only the bank of the card with this BIN (its first 6 digits).
        bin(bin: impl Into<String>) => some request.bin;
        /// Computes each option's amounts for this amount (sent as TL).
        amount(amount: Amount) => some request.amount;
        /// The commission is added on top of the amount (`addcomission_to_amount`).
        add_commission_to_amount(add: bool) => some request.add_commission_to_amount;
        /// A ratio table of the merchant's (`ratio_code`).
        ratio_code(code: impl Into<String>) => some request.ratio_code;
        /// An agent's ratios (`agent_id`).
        agent_id(agent: impl Into<String>) => some request.agent_id;
    }

    /// Checks every field: a BIN is exactly 6 digits.
    pub fn build(self) -> Result<RatiosRequest, Error> {
        let mut r = self.request;
        if let Some(bin) = &r.bin
            && (bin.len() != 6 || !bin.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(Error::invalid("bin", "must be the card's first 6 digits"));
        }
        r.ratio_code = identifier_opt("ratio_code", r.ratio_code)?;
        r.agent_id = identifier_opt("agent_id", r.agent_id)?;
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
    pub card_type: Option<crate::codes::CardType>,
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
    #[serde(serialize_with = "crate::outcome::exact_option")]
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
