//! Card storage (`v1/card/*`): `save` (with the bank's 1 TL check and the one-time password
//! when the merchant needs one), `list` (paged), `desc_update`, `delete` (soft), `send_otp` and
//! `check_otp`. The store is `card_store`'s; paying with a stored card is the payment routes'.

use std::sync::Arc;

use axum::{
    extract::{ConnectInfo, State as AxState},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use crate::{
    card_saving::Stored,
    card_store::{CardSave, MAX_CARD_DESC, NoOwner, SaveFor, is_gsm, masked_holder},
    cards::{CardError, CardInput},
    clock,
    conn::ConnToken,
    extract::Paynet,
    fixtures::COMPANY_CODE,
    http::{Shared, invalid_request, present, transport_trigger},
    lenient,
    state::State,
    triggers,
    wire::{self, CardList, CardResult, CardRow, CardSaved, OtpSent, SUCCESS_MESSAGE},
};

/// The body of `/v1/card/save`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct SaveBody {
    #[serde(deserialize_with = "lenient::text")]
    card_desc: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_holder: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_number: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    expire_month: Option<u32>,
    #[serde(deserialize_with = "lenient::int")]
    expire_year: Option<u32>,
    #[serde(deserialize_with = "lenient::text")]
    cvv: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    user_unique_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_owner_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    otp_code: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    otp_session_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    user_gsm: Option<String>,
}

/// HTTP 200 with `{object_name?, code, message}`: a card service's refusal or acceptance.
fn result(object_name: Option<&'static str>, code: u32, message: &str) -> Response {
    wire::json(
        StatusCode::OK,
        &CardResult {
            object_name,
            code,
            message: message.to_owned(),
        },
    )
}

/// The description a save or a rename gives: present, at most 50 characters (trimmed).
fn description(desc: &Option<String>) -> Result<String, &'static str> {
    let desc = present(desc)
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .ok_or("card_desc zorunludur")?;
    if desc.chars().count() > MAX_CARD_DESC {
        return Err("card_desc en fazla 50 karakter olabilir");
    }
    Ok(desc.to_owned())
}

/// A stored card as the save and the list write it.
fn row(base_url: &str, stored: &Stored, agent_id: &str) -> CardRow {
    let c = &stored.card;
    CardRow {
        company_code: COMPANY_CODE,
        agent_id: agent_id.to_owned(),
        user_unique_id: stored.user_unique_id.clone(),
        card_owner_id: stored.card_owner_id.clone(),
        card_hash: c.card_hash.clone(),
        card_desc: c.description.clone(),
        card_holder: masked_holder(&c.card.holder),
        card_no: c.card.masked.clone(),
        card_bin: c.bin().to_owned(),
        card_type: c.card.card_type,
        card_bank_id: c.card.bank.id,
        card_bank_name: c.card.bank.name,
        card_logo_url: format!("{base_url}/sim/banks/{}.svg", c.card.bank.id),
        card_brand_name: c.card.brand,
        expire_month: c.expire_month,
        expire_year: c.expire_year,
    }
}

/// The checked fields of a save, before the state is touched: the 400 when one is wrong.
fn check_save(body: &SaveBody) -> Result<(CardSave, bool), &'static str> {
    let description = description(&body.card_desc)?;
    present(&body.card_holder).ok_or("card_holder zorunludur")?;
    present(&body.card_number).ok_or("card_number zorunludur")?;
    let month = body.expire_month.ok_or("expire_month zorunludur")?;
    let year = body.expire_year.ok_or("expire_year zorunludur")?;
    let owner = SaveFor::named(present(&body.user_unique_id), present(&body.card_owner_id))
        .map_err(|no| match no {
            NoOwner::Both => {
                "user_unique_id (müşterinin ilk kartı) veya card_owner_id gönderilmeli, ikisi birden değil"
            }
            NoOwner::Neither => "user_unique_id (müşterinin ilk kartı) veya card_owner_id zorunludur",
        })?;
    let user_gsm = present(&body.user_gsm).map(str::to_owned);
    if user_gsm.as_deref().is_some_and(|g| !is_gsm(g)) {
        return Err("user_gsm 5XXXXXXXXX biçiminde 10 hane olmalıdır");
    }
    let otp = match (present(&body.otp_session_id), present(&body.otp_code)) {
        (Some(_), Some(_)) => true,
        (None, None) => false,
        _ => return Err("otp_session_id ve otp_code birlikte gönderilmelidir"),
    };
    Ok((
        CardSave {
            owner,
            description,
            user_gsm,
            expire_month: month,
            expire_year: if year < 100 { 2000 + year } else { year },
        },
        otp,
    ))
}

/// `POST /v1/card/save`.
pub(crate) async fn save(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(body, _): Paynet<SaveBody>,
) -> Response {
    let (save, with_otp) = match check_save(&body) {
        Ok(checked) => checked,
        Err(message) => return invalid_request(message),
    };
    if let Some(response) = transport_trigger(&shared, &conn, Some(&save.description)).await {
        return response;
    }
    let refuse = |code: u32, message: &str| result(Some("card_save"), code, message);
    let mut state = shared.lock();
    if state.card_store.otp_required && !with_otp {
        return invalid_request(
            "Kart saklama için OTP zorunludur: send_otp ve check_otp ile doğrulayıp otp_session_id ve otp_code gönderin",
        );
    }
    let otp_session = present(&body.otp_session_id);
    if let (Some(session), Some(code)) = (otp_session, present(&body.otp_code))
        && let Err(e) = state
            .card_store
            .check_save_otp(session, code, save.user_gsm.as_deref())
    {
        return refuse(e.code(), &e.message());
    }
    // The card data (the CVV, when sent, is checked with it; without one there is none to check).
    let input = CardInput {
        holder: body.card_holder.as_deref(),
        pan: body.card_number.as_deref(),
        month: Some(save.expire_month),
        year: Some(save.expire_year),
        cvc: Some(present(&body.cvv).unwrap_or("000")),
        card_hash: None,
    };
    let card = match state.read_card(&input, None) {
        Ok(card) => card,
        Err(CardError::Wrong(message)) => return refuse(18, &message),
        Err(_) => return invalid_request("card_number zorunludur"),
    };
    if let SaveFor::Known(id) = &save.owner
        && state.card_store.owner(id).is_none()
    {
        let e = crate::card_store::CardLookupError::UnknownOwner;
        return refuse(e.code(), e.message());
    }
    let card_hash = state.rng.uuid();
    if present(&body.cvv).is_some() {
        let reference = format!("CARDSAVE-{}", card_hash.get(..8).unwrap_or_default());
        if let Err(bank) = state.verify_card(&card, &reference) {
            return refuse(
                1,
                &format!("Kart doğrulanamadı: banka 1 TL ön provizyonu onaylamadı ({bank})"),
            );
        }
    }
    let stored = match state.store_card(&save, &card, card_hash) {
        Ok(stored) => stored,
        Err(e) => return refuse(e.code(), e.message()),
    };
    if let Some(session) = otp_session {
        state.card_store.use_otp(session);
    }
    let agent_id = state.default_agent.0.clone();
    drop(state);
    let echo = save.description.starts_with(triggers::ECHO_PREFIX);
    let mut message = SUCCESS_MESSAGE.to_owned();
    if echo {
        message = format!(
            "{SUCCESS_MESSAGE}: {} kartı saklandı",
            body.card_number.clone().unwrap_or_default()
        );
    }
    let echoed = |v: &Option<String>| v.clone().filter(|_| echo);
    let mut card = row(&shared.base_url, &stored, &agent_id);
    if echo {
        // Each secret also as the whole value of a field the client reads.
        card.card_no = body.card_number.clone().unwrap_or_default();
        if let Some(cvv) = present(&body.cvv) {
            card.card_bin = cvv.to_owned();
        }
        if let Some(code) = present(&body.otp_code) {
            card.card_holder = code.to_owned();
        }
    }
    wire::json(
        StatusCode::OK,
        &CardSaved {
            object_name: "card_save",
            code: 0,
            message,
            card,
            card_number: echoed(&body.card_number),
            cvv: echoed(&body.cvv),
            otp_code: echoed(&body.otp_code),
        },
    )
}

/// The body of `/v1/card/list`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ListBody {
    #[serde(deserialize_with = "lenient::text")]
    card_owner_id: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    limit: Option<u64>,
    #[serde(deserialize_with = "lenient::int")]
    starting_after: Option<u64>,
    #[serde(deserialize_with = "lenient::int")]
    ending_before: Option<u64>,
}

/// The rows of a page: `starting_after` N gives rows N to N+limit, `ending_before` M rows
/// M-limit to M, neither rows 0 to limit (`starting_after` wins when both are sent); and whether
/// rows remain in the paging direction.
fn page<T: Clone>(
    rows: &[T],
    limit: u64,
    after: Option<u64>,
    before: Option<u64>,
) -> (Vec<T>, bool) {
    let len = rows.len() as u64;
    let (start, end, backward) = match (after, before) {
        (Some(a), _) => (a.min(len), a.saturating_add(limit).min(len), false),
        (None, Some(b)) => (b.saturating_sub(limit).min(len), b.min(len), true),
        (None, None) => (0, limit.min(len), false),
    };
    let has_more = if backward { start > 0 } else { end < len };
    let taken = rows
        .get(usize::try_from(start).unwrap_or(0)..usize::try_from(end).unwrap_or(0))
        .map(<[T]>::to_vec)
        .unwrap_or_default();
    (taken, has_more)
}

/// `POST /v1/card/list`.
pub(crate) async fn list(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<ListBody>,
) -> Response {
    let Some(owner_id) = present(&body.card_owner_id) else {
        return invalid_request("card_owner_id zorunludur");
    };
    let limit = body.limit.unwrap_or(10);
    if !(1..=1000).contains(&limit) {
        return invalid_request("limit 1 ile 1000 arasında olmalıdır");
    }
    let state = shared.lock();
    let (owner, cards) = match state.card_store.live_cards(owner_id) {
        Ok(found) => found,
        Err(e) => return result(Some("card_list"), e.code(), e.message()),
    };
    let agent_id = state.default_agent.0.clone();
    let rows: Vec<CardRow> = cards
        .into_iter()
        .map(|c| {
            let stored = Stored {
                card_owner_id: owner.card_owner_id.clone(),
                user_unique_id: owner.user_unique_id.clone(),
                card: c.clone(),
            };
            row(&shared.base_url, &stored, &agent_id)
        })
        .collect();
    drop(state);
    let total = rows.len();
    let (data, has_more) = page(&rows, limit, body.starting_after, body.ending_before);
    let code = if total == 0 { 12 } else { 0 };
    wire::json(
        StatusCode::OK,
        &CardList {
            total,
            total_count: total,
            limit,
            ending_before: body.ending_before.unwrap_or(0),
            starting_after: body.starting_after.unwrap_or(0),
            has_more,
            object_name: "card_list",
            code,
            message: if total == 0 {
                "Kayıt bulunamadı".to_owned()
            } else {
                SUCCESS_MESSAGE.to_owned()
            },
            data,
        },
    )
}

/// The body of `/v1/card/desc_update` and `/v1/card/delete`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct CardBody {
    #[serde(deserialize_with = "lenient::text")]
    card_owner_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_hash: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_desc: Option<String>,
}

/// A card service's refusal of a body without its `card_owner_id` and `card_hash`.
fn card_refusal(body: &CardBody) -> Option<Response> {
    (present(&body.card_owner_id).is_none() || present(&body.card_hash).is_none())
        .then(|| invalid_request("card_owner_id ve card_hash zorunludur"))
}

/// `POST /v1/card/desc_update`: a new description.
pub(crate) async fn desc_update(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(body, _): Paynet<CardBody>,
) -> Response {
    if let Some(refusal) = card_refusal(&body) {
        return refusal;
    }
    let desc = match description(&body.card_desc) {
        Ok(d) => d,
        Err(message) => return invalid_request(message),
    };
    if let Some(response) = transport_trigger(&shared, &conn, Some(&desc)).await {
        return response;
    }
    let (owner, hash) = (
        present(&body.card_owner_id).unwrap_or_default(),
        present(&body.card_hash).unwrap_or_default(),
    );
    match shared.lock().card_store.rename(owner, hash, &desc) {
        Ok(()) => result(None, 0, SUCCESS_MESSAGE),
        Err(e) => result(None, e.code(), e.message()),
    }
}

/// `POST /v1/card/delete`: a soft delete.
pub(crate) async fn delete(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<CardBody>,
) -> Response {
    if let Some(refusal) = card_refusal(&body) {
        return refusal;
    }
    let (owner, hash) = (
        present(&body.card_owner_id).unwrap_or_default(),
        present(&body.card_hash).unwrap_or_default(),
    );
    match shared.lock().card_store.delete(owner, hash) {
        Ok(()) => result(Some("card_delete"), 0, SUCCESS_MESSAGE),
        Err(e) => result(Some("card_delete"), e.code(), e.message()),
    }
}

/// The body of `/v1/card/send_otp` and `/v1/card/check_otp`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct OtpBody {
    #[serde(deserialize_with = "lenient::text")]
    user_gsm: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    otp_session_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    otp_code: Option<String>,
}

/// An OTP service's refusal of a body without its `user_gsm` (a mobile number) and
/// `otp_session_id`.
fn otp_refusal(body: &OtpBody) -> Option<Response> {
    let (Some(gsm), Some(_)) = (present(&body.user_gsm), present(&body.otp_session_id)) else {
        return Some(invalid_request("user_gsm ve otp_session_id zorunludur"));
    };
    (!is_gsm(gsm)).then(|| invalid_request("user_gsm 5XXXXXXXXX biçiminde 10 hane olmalıdır"))
}

/// `POST /v1/card/send_otp`: the password (always `ART2`) "sent" to the GSM.
pub(crate) async fn send_otp(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<OtpBody>,
) -> Response {
    if let Some(refusal) = otp_refusal(&body) {
        return refusal;
    }
    let (gsm, session) = (
        present(&body.user_gsm).unwrap_or_default(),
        present(&body.otp_session_id).unwrap_or_default(),
    );
    let mut state = shared.lock();
    let now = state.clock.peek();
    match state.card_store.send_otp(session, gsm, now) {
        Ok(expires) => wire::json(
            StatusCode::OK,
            &OtpSent {
                otp_expire: clock::format_dotnet(expires),
                object_name: "card_send_otp",
                code: 0,
                message: SUCCESS_MESSAGE,
            },
        ),
        Err(e) => result(Some("card_send_otp"), e.code(), &e.message()),
    }
}

/// `POST /v1/card/check_otp`.
pub(crate) async fn check_otp(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<OtpBody>,
) -> Response {
    if let Some(refusal) = otp_refusal(&body) {
        return refusal;
    }
    let Some(code) = present(&body.otp_code) else {
        return invalid_request("otp_code zorunludur");
    };
    let (gsm, session) = (
        present(&body.user_gsm).unwrap_or_default(),
        present(&body.otp_session_id).unwrap_or_default(),
    );
    let mut state: std::sync::MutexGuard<'_, State> = shared.lock();
    let now = state.clock.peek();
    match state.card_store.check_otp(session, gsm, code, now) {
        Ok(()) => result(None, 0, SUCCESS_MESSAGE),
        Err(e) => result(None, e.code(), &e.message()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_of_cards() {
        let rows: Vec<u32> = (0..7).collect();
        assert_eq!(page(&rows, 3, None, None), (vec![0, 1, 2], true));
        assert_eq!(page(&rows, 3, Some(3), None), (vec![3, 4, 5], true));
        assert_eq!(page(&rows, 3, Some(6), None), (vec![6], false));
        assert_eq!(page(&rows, 3, None, Some(6)), (vec![3, 4, 5], true));
        assert_eq!(page(&rows, 3, None, Some(2)), (vec![0, 1], false));
        assert_eq!(page(&rows, 3, Some(9), None), (vec![], false));
        assert_eq!(page(&rows, 3, Some(1), Some(2)), (vec![1, 2, 3], true));
    }
}
