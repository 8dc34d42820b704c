//! The v2 card payment request, the body of `pay` and `tds_initial`: its fields, the checks that
//! make it the 400, its card (card data, or a stored card by `card_hash` and `card_owner_id`) and
//! transaction type (refusals in the v2 body when wrong), the saving of its card it may ask for,
//! and the order it makes; and the comma TL amounts it is written in (which `charge` also reads).

use axum::{http::StatusCode, response::Response};
use serde::Deserialize;

use crate::{
    card_store::{CardSave, MAX_CARD_DESC, NoOwner, SaveFor, is_gsm},
    cards::{self, Card, CardError, CardInput},
    http::{invalid_request, present},
    ledger::{Channel, PRE_AUTH, SALE},
    lenient::{self, Number},
    model::Order,
    state::State,
    wire,
};

/// The largest instalment count accepted.
pub(crate) const MAX_INSTALMENT: u32 = 12;

/// The body of `/v2/transaction/payment` and `/v2/transaction/tds_initial`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct PaymentRequest {
    #[serde(deserialize_with = "lenient::number")]
    amount: Option<Number>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) reference_no: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    domain: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    agent_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_holder: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    pan: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    month: Option<u32>,
    #[serde(deserialize_with = "lenient::int")]
    year: Option<u32>,
    #[serde(deserialize_with = "lenient::text")]
    cvc: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_hash: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_holder_phone: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_holder_mail: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    description: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    instalment: Option<u32>,
    #[serde(deserialize_with = "lenient::flag")]
    add_commission: Option<bool>,
    #[serde(deserialize_with = "lenient::text")]
    ratio_code: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    transaction_type: Option<u32>,
    #[serde(deserialize_with = "lenient::text")]
    pub(crate) return_url: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_owner_id: Option<String>,
    #[serde(deserialize_with = "lenient::flag")]
    save_card: Option<bool>,
    #[serde(deserialize_with = "lenient::text")]
    card_desc: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    user_unique_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    user_gsm_no: Option<String>,
}

/// A v2 `amount`: TL with a comma (`"1234,56"`, `"10,5"`, `"10"`; a JSON integer is read as its
/// text, `10` as `"10"`), positive.
pub(crate) fn comma_amount(amount: Option<&Number>) -> Result<u64, &'static str> {
    let amount = amount.ok_or("amount zorunludur (TL, virgül ile: \"1234,56\")")?;
    comma_tl(&amount.text)
        .ok_or("amount TL cinsinden, ondalık ayıraç virgül olmalıdır (\"1234,56\")")
}

/// `"1234,56"` (or `"10,5"`, `"10"`) as kuruş; `None` for anything else or zero.
pub(crate) fn comma_tl(text: &str) -> Option<u64> {
    let (lira, decimals) = match text.split_once(',') {
        Some((l, d)) => (l, d),
        None => (text, ""),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(lira) || lira.len() > 13 || (text.contains(',') && !digits(decimals)) {
        return None;
    }
    let cents = match decimals.len() {
        0 => 0,
        1 => decimals.parse::<u64>().ok()? * 10,
        2 => decimals.parse::<u64>().ok()?,
        _ => return None,
    };
    let kurus = lira
        .parse::<u64>()
        .ok()?
        .checked_mul(100)?
        .checked_add(cents)?;
    (kurus > 0).then_some(kurus)
}

/// A payment request's checked fields (before its card is read).
pub(crate) struct Checked {
    pub(crate) order: Order,
    /// `transaction_type` as sent (checked later: 1 or 3, else code 19).
    kind: u32,
}

impl PaymentRequest {
    /// The checks that make a request invalid (HTTP 400, code 11).
    pub(crate) fn check(&self) -> Result<(), &'static str> {
        comma_amount(self.amount.as_ref())?;
        let reference = present(&self.reference_no).ok_or("reference_no zorunludur")?;
        if reference.chars().count() > 50 {
            return Err("reference_no en fazla 50 karakter olabilir");
        }
        present(&self.domain).ok_or("domain zorunludur (örn. www.acme.com)")?;
        if present(&self.pan).is_none() && present(&self.card_hash).is_none() {
            return Err(
                "Kart bilgileri (card_holder, pan, month, year, cvc) veya card_hash zorunludur",
            );
        }
        if self.instalment.unwrap_or(0) > MAX_INSTALMENT {
            return Err("instalment en fazla 12 olabilir");
        }
        if self.save_card == Some(true) {
            if present(&self.pan).is_none() {
                return Err(
                    "save_card yalnızca kart bilgileriyle (pan) yapılan ödemede kullanılır",
                );
            }
            let desc = present(&self.card_desc).ok_or("save_card ile card_desc zorunludur")?;
            if desc.chars().count() > MAX_CARD_DESC {
                return Err("card_desc en fazla 50 karakter olabilir");
            }
            SaveFor::named(present(&self.user_unique_id), present(&self.card_owner_id))
                .map_err(|no| match no {
                    NoOwner::Both => {
                        "save_card ile user_unique_id (ilk kart) veya card_owner_id gönderilmeli, ikisi birden değil"
                    }
                    NoOwner::Neither => {
                        "save_card ile user_unique_id (müşterinin ilk kartı) veya card_owner_id zorunludur"
                    }
                })?;
            if present(&self.user_gsm_no).is_some_and(|g| !is_gsm(g)) {
                return Err("user_gsm_no 5XXXXXXXXX biçiminde 10 hane olmalıdır");
            }
        }
        Ok(())
    }

    /// The saving of its card the payment asks for (`save_card` true), once [`Self::check`]
    /// passed.
    pub(crate) fn card_save(&self) -> Option<CardSave> {
        if self.save_card != Some(true) {
            return None;
        }
        let owner =
            SaveFor::named(present(&self.user_unique_id), present(&self.card_owner_id)).ok()?;
        let year = self.year.unwrap_or(0);
        Some(CardSave {
            owner,
            description: present(&self.card_desc)
                .unwrap_or_default()
                .trim()
                .to_owned(),
            user_gsm: present(&self.user_gsm_no).map(str::to_owned),
            expire_month: self.month.unwrap_or(0),
            expire_year: if year < 100 { 2000 + year } else { year },
        })
    }

    fn card_input(&self) -> CardInput<'_> {
        CardInput {
            holder: self.card_holder.as_deref(),
            pan: self.pan.as_deref(),
            month: self.month,
            year: self.year,
            cvc: self.cvc.as_deref(),
            card_hash: self.card_hash.as_deref(),
        }
    }

    /// The order, with `card` (read later).
    pub(crate) fn order(&self, card: Card) -> Checked {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        Checked {
            order: Order {
                amount: comma_amount(self.amount.as_ref()).unwrap_or(0),
                add_commission: self.add_commission.unwrap_or(false),
                instalment: self.instalment.unwrap_or(0),
                kind: u8::try_from(self.transaction_type.unwrap_or(1)).unwrap_or(0),
                reference_no: text(&self.reference_no),
                agent_id: present(&self.agent_id).map(str::to_owned),
                description: text(&self.description),
                phone: text(&self.card_holder_phone),
                email: text(&self.card_holder_mail),
                ratio_code: text(&self.ratio_code),
                domain: text(&self.domain),
                card,
            },
            kind: self.transaction_type.unwrap_or(1),
        }
    }
}

/// Reads a payment's card; a refusal (code 18 or 25, HTTP 200) as the v2 body when it is wrong.
pub(crate) fn read_card(
    state: &State,
    request: &PaymentRequest,
    comma: bool,
) -> Result<Card, Box<Response>> {
    let refuse = |code: u32, message: &str| {
        let checked = request.order(Card::unknown());
        let tx = state.order_refusal(&checked.order, SALE, Channel::Api, code, message);
        Box::new(wire::json(
            StatusCode::OK,
            &tx.v2_shape(code, message, comma),
        ))
    };
    // A stored card: its owner's (when `card_owner_id` is sent), looked up in the store.
    if present(&request.pan).is_none()
        && let Some(hash) = present(&request.card_hash)
    {
        return state
            .stored_card(present(&request.card_owner_id), hash)
            .map_err(|e| refuse(e.code(), e.message()));
    }
    match cards::read_card(&request.card_input(), state.this_month()) {
        Ok(card) => Ok(card),
        Err(CardError::Wrong(message)) => Err(refuse(18, &message)),
        Err(CardError::UnknownHash) => Err(refuse(25, "Saklı kart bulunamadı (card_hash)")),
        Err(CardError::Missing) => Err(Box::new(invalid_request(
            "Kart bilgileri veya card_hash zorunludur",
        ))),
    }
}

/// `transaction_type` 1 or 3, else a refusal (code 19, HTTP 200) as the v2 body.
pub(crate) fn check_kind(
    state: &State,
    checked: &Checked,
    channel: Channel,
    comma: bool,
) -> Result<u8, Box<Response>> {
    match checked.kind {
        1 => Ok(SALE),
        3 => Ok(PRE_AUTH),
        _ => {
            let message = "transaction_type 1 (satış) veya 3 (ön provizyon) olmalıdır";
            let tx = state.order_refusal(&checked.order, SALE, channel, 19, message);
            Err(Box::new(wire::json(
                StatusCode::OK,
                &tx.v2_shape(19, message, comma),
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comma_amounts() {
        assert_eq!(comma_tl("1234,56"), Some(123_456));
        assert_eq!(comma_tl("10,50"), Some(1050));
        assert_eq!(comma_tl("10,5"), Some(1050));
        assert_eq!(comma_tl("10"), Some(1000));
        for bad in [
            "10.50", "1,234.50", "10,505", "", ",50", "10,", "-1", "0", "0,00", "1 0",
        ] {
            assert_eq!(comma_tl(bad), None, "{bad}");
        }
    }
}
