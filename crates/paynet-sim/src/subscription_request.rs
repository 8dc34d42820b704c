//! The body of every subscription route (`v1/subscription/*`), read as leniently as Paynet reads
//! it (one struct: each route reads the fields it takes, unknown keys are ignored), and the
//! refusals the routes share: the subscription named by `subscription_id` or `reference_no`,
//! amounts in kuruş, statuses, dates.

use axum::{http::StatusCode, response::Response};
use serde::Deserialize;

use crate::{
    clock,
    http::{invalid_request, present},
    lenient::{self, Number},
    state::State,
    subscription_model::STATUSES,
    wire,
};

/// The body of a subscription route: every field any of them takes.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Body {
    /// Also read as `subcription_id`, the spelling of `amount_update`'s table.
    #[serde(deserialize_with = "lenient::text", alias = "subcription_id")]
    pub(crate) subscription_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) reference_no: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) group_reference_no: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) name_surname: Option<String>,
    #[serde(deserialize_with = "lenient::number")]
    pub(crate) amount: Option<Number>,
    #[serde(deserialize_with = "lenient::number")]
    pub(crate) agent_amount: Option<Number>,
    #[serde(deserialize_with = "lenient::number")]
    pub(crate) company_amount: Option<Number>,
    #[serde(deserialize_with = "lenient::int")]
    pub(crate) interval: Option<u32>,
    #[serde(deserialize_with = "lenient::int")]
    pub(crate) interval_count: Option<u32>,
    #[serde(deserialize_with = "lenient::int")]
    pub(crate) period: Option<u32>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) begin_date: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) end_user_email: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) end_user_gsm: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) agent_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) end_user_desc: Option<String>,
    /// Also read as `add_comission_to_amount` (the older rendering).
    #[serde(deserialize_with = "lenient::flag", alias = "add_comission_to_amount")]
    pub(crate) addcomission_to_amount: Option<bool>,
    #[serde(deserialize_with = "lenient::flag")]
    pub(crate) send_mail: Option<bool>,
    #[serde(deserialize_with = "lenient::flag")]
    pub(crate) send_sms: Option<bool>,
    #[serde(deserialize_with = "lenient::flag")]
    pub(crate) is_fixed_price: Option<bool>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) currency: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    pub(crate) status: Option<u32>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) plan_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) card_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) label: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) datab: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) datbi: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    pub(crate) limit: Option<usize>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) ending_before: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) starting_after: Option<String>,
    #[serde(deserialize_with = "lenient::flag")]
    pub(crate) show_all_agent: Option<bool>,
    #[serde(deserialize_with = "lenient::flag")]
    pub(crate) has_more: Option<bool>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) invoice_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) invoice_no: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) invoice_status: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) val_date: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) return_url: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) pan: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) card_holder: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    pub(crate) month: Option<u32>,
    #[serde(deserialize_with = "lenient::int")]
    pub(crate) year: Option<u32>,
    /// Also read as `cvc`, the payments' name.
    #[serde(deserialize_with = "lenient::text", alias = "cvc")]
    pub(crate) cvv: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) session_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) token_id: Option<String>,
    pub(crate) card_information: Option<Vec<CardPlace>>,
}

/// One row of `card_info_arrange`'s `card_information`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct CardPlace {
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) subscription_card_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) card_id: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    pub(crate) order_no: Option<usize>,
}

/// A refusal to answer instead (boxed: a `Response` is large).
pub(crate) type Refusal = Box<Response>;

/// The 400 naming what is wrong, as a [`Refusal`].
pub(crate) fn bad(message: &str) -> Refusal {
    Box::new(invalid_request(message))
}

impl Body {
    /// The subscription the body names by `subscription_id` or `reference_no`: the 400 when it
    /// names none, the 404 when there is no such subscription.
    pub(crate) fn subscription(&self, state: &State) -> Result<usize, Refusal> {
        let (id, reference_no) = (present(&self.subscription_id), present(&self.reference_no));
        if id.is_none() && reference_no.is_none() {
            return Err(bad(
                "subscription_id veya reference_no alanlarından en az birini göndermeniz gerekmektedir",
            ));
        }
        state
            .subscriptions
            .find(id, reference_no)
            .ok_or_else(|| Box::new(no_such_subscription()))
    }

    /// The invoice the body names by `invoice_id` or `invoice_no`.
    pub(crate) fn invoice(&self, state: &State) -> Result<(usize, usize), Refusal> {
        let (id, no) = (present(&self.invoice_id), present(&self.invoice_no));
        if id.is_none() && no.is_none() {
            return Err(bad(
                "invoice_id veya invoice_no alanlarından en az birini göndermeniz gerekmektedir",
            ));
        }
        let found = state
            .subscriptions
            .find_invoice(id, no)
            .ok_or_else(|| Box::new(no_such_invoice()))?;
        // Both given: they must name the same invoice.
        if let (Some(_), Some(no)) = (id, no)
            && state
                .subscriptions
                .list
                .get(found.0)
                .and_then(|s| s.invoices.get(found.1))
                .is_some_and(|inv| inv.no != no)
        {
            return Err(Box::new(no_such_invoice()));
        }
        Ok(found)
    }

    /// The `status` the body sets: one of Paynet's Status table (0, 2, 3, 4, 5, 6).
    pub(crate) fn status(&self) -> Result<u8, Refusal> {
        let status = self
            .status
            .ok_or_else(|| bad("status zorunludur (0, 2, 3, 4, 5 veya 6)"))?;
        u8::try_from(status)
            .ok()
            .filter(|s| STATUSES.contains(s))
            .ok_or_else(|| bad("status 0, 2, 3, 4, 5 veya 6 olmalıdır"))
    }
}

/// The amounts of an amount update, in kuruş: `amount` always; `agent_amount` and
/// `company_amount` only when sent (the old ones stay otherwise).
#[derive(Clone, Copy, Debug)]
pub(crate) struct NewAmounts {
    pub(crate) amount: u64,
    pub(crate) agent_amount: Option<u64>,
    pub(crate) company_amount: Option<u64>,
}

impl NewAmounts {
    /// The three fields of `body`, or the 400 of the first that cannot be read.
    pub(crate) fn read(body: &Body) -> Result<NewAmounts, Refusal> {
        Ok(NewAmounts {
            amount: kurus("amount", body.amount.as_ref())?,
            agent_amount: optional_kurus("agent_amount", body.agent_amount.as_ref())?,
            company_amount: optional_kurus("company_amount", body.company_amount.as_ref())?,
        })
    }

    /// Sets them on a subscription's or an invoice's amounts.
    pub(crate) fn set(
        self,
        amount: &mut u64,
        agent_amount: &mut Option<u64>,
        company_amount: &mut Option<u64>,
    ) {
        *amount = self.amount;
        if self.agent_amount.is_some() {
            *agent_amount = self.agent_amount;
        }
        if self.company_amount.is_some() {
            *company_amount = self.company_amount;
        }
    }
}

/// A required positive amount in kuruş (`"1000"` or `1000` for 10.00 TL), the 400 otherwise.
pub(crate) fn kurus(field: &str, value: Option<&Number>) -> Result<u64, Refusal> {
    let value = value.ok_or_else(|| bad(&format!("{field} zorunludur (kuruş: \"1000\")")))?;
    value.kurus().filter(|k| *k > 0).ok_or_else(|| {
        bad(&format!(
            "{field} kuruş cinsinden, yalnızca rakamlarla yazılmalıdır (\"10.00 TL\" => \"1000\")"
        ))
    })
}

/// An optional amount in kuruş (zero allowed): the 400 when it is not digits.
pub(crate) fn optional_kurus(field: &str, value: Option<&Number>) -> Result<Option<u64>, Refusal> {
    value
        .map(|v| {
            v.kurus().ok_or_else(|| {
                bad(&format!(
                    "{field} kuruş cinsinden, yalnızca rakamlarla yazılmalıdır"
                ))
            })
        })
        .transpose()
}

/// A required day, `dd.MM.yyyy` (or `YYYY-MM-DD`): days since 1970-01-01, the 400 otherwise.
pub(crate) fn day(field: &str, value: &Option<String>) -> Result<i64, Refusal> {
    let text = present(value).ok_or_else(|| bad(&format!("{field} zorunludur (gg.aa.yyyy)")))?;
    clock::parse_day(text).ok_or_else(|| bad(&format!("{field} gg.aa.yyyy biçiminde olmalıdır")))
}

/// The 404 for a subscription the simulator does not know.
pub(crate) fn no_such_subscription() -> Response {
    wire::paynet_error(
        StatusCode::NOT_FOUND,
        "no_data_error",
        "Abonelik bulunamadı",
        12,
    )
}

/// The 404 for an invoice the simulator does not know.
pub(crate) fn no_such_invoice() -> Response {
    wire::paynet_error(
        StatusCode::NOT_FOUND,
        "no_data_error",
        "Fatura bulunamadı",
        12,
    )
}

/// The 404 for a card the simulator does not know.
pub(crate) fn no_such_card() -> Response {
    wire::paynet_error(
        StatusCode::NOT_FOUND,
        "no_data_error",
        "Kart bulunamadı",
        12,
    )
}

/// HTTP 200 with `code` 1: the subscription or invoice cannot take what was asked.
pub(crate) fn refusal(object_name: &'static str, message: String) -> Response {
    wire::json(
        StatusCode::OK,
        &crate::subscription_wire::Envelope {
            object_name,
            code: 1,
            message,
        },
    )
}

/// HTTP 200 `{object_name, code: 0, message}`.
pub(crate) fn done(object_name: &'static str, message: &str) -> Response {
    wire::json(
        StatusCode::OK,
        &crate::subscription_wire::Envelope {
            object_name,
            code: 0,
            message: message.to_owned(),
        },
    )
}
