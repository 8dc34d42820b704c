//! The pay link's payment page on the simulator (`/sim/paylink/{token}`): showing it, the
//! instalment options of the BIN typed, taking its payment (directly, or through the bank's 3-D
//! page for a card that needs one), and what follows a payment: the transaction in the ledger,
//! the link marked paid, the JSON posted to `confirmation_url`, and the browser sent to
//! `succeed_url` (or `error_url`) with the `xact_id` appended. `?auto=pay` / `?auto=decline` do
//! all of it at once with a test card.
//!
//! A payment is decided under the state's one lock, from the link's check to its record: twenty
//! concurrent payments of one link charge it once; the others find it paid.

use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::{Path, State as AxState},
    http::{StatusCode, Uri},
    response::{IntoResponse, Redirect, Response},
};
use serde::Serialize;

use crate::{
    callback::{Callback, post_json},
    cards::{self, Card, CardError, CardInput},
    clock::ALNUM,
    driving::ThreeDStatus,
    fixtures::{TEST_CARD_APPROVE, TEST_CARD_DECLINE},
    html::{field, form_pairs},
    http::Shared,
    ledger::{Channel, SALE, Tx},
    model::{Order, PayLink, PayLinkStatus, TdsSession},
    pay_link_html::{self as pages, PAGE_PATH},
    payment_request::MAX_INSTALMENT,
    ratios,
    state::State,
    wire::{self, Money, PayLinkCallback},
};

/// How a payment of a link ended.
struct Charged {
    approved: bool,
    xact_id: String,
    /// The confirmation to post (approved payments of a link with a `confirmation_url`).
    callback: Option<Callback>,
    /// The link as it is now, for the result page.
    link: PayLink,
}

/// The index of the link whose page token is `token`.
fn by_token(state: &State, token: &str) -> Option<usize> {
    state.pay_links.iter().position(|l| l.token == token)
}

/// The JSON posted to `confirmation_url` for `tx`, a successful payment of a link.
fn callback_of(tx: &Tx) -> PayLinkCallback {
    PayLinkCallback {
        referance_no: tx.reference_no.clone(),
        xact_date: tx.date(),
        agent_id: tx.agent_id.clone(),
        bank_id: tx.card.bank.id.to_owned(),
        instalment: tx.instalment,
        card_holder: tx.card.holder.clone(),
        card_number: tx.card.masked.clone(),
        amount: Money(tx.amount),
        net_amount: Money(tx.fees.net),
        comission: Money(tx.fees.comission),
        comission_tax: Money(tx.fees.tax),
        currency: "TRY",
        authorization_code: tx.authorization_code.clone(),
        order_id: tx.order_id.clone(),
        is_succeed: true,
        card_type: tx.card.card_type,
    }
}

/// The payment a link makes with `card` in `instalment`s.
fn order_of(link: &PayLink, card: Card, instalment: u32) -> Order {
    Order {
        amount: link.amount,
        add_commission: link.add_commission,
        instalment,
        kind: SALE,
        reference_no: link.reference_no.clone(),
        agent_id: Some(link.agent_id.clone()),
        description: link.note.clone(),
        phone: link.phone.clone(),
        email: link.email.clone(),
        ratio_code: String::new(),
        domain: String::new(),
        card,
    }
}

/// Charges the link at `index` (under the lock), if it still takes a payment: records the
/// transaction (approved, or declined by the bank), marks the link paid when approved, and
/// returns what follows. `Err` with the reason when the link is closed.
fn charge(
    state: &mut State,
    index: usize,
    order: &Order,
    channel: Channel,
) -> Result<Charged, PayLinkStatus> {
    let now = state.clock.peek();
    let link = state.pay_links.get(index).ok_or(PayLinkStatus::Passive)?;
    if let Some(why) = link.closed(now) {
        return Err(why);
    }
    let confirmation_url = link.confirmation_url.clone();
    let (tx_index, code) = state.charge(order, SALE, channel);
    let Some(tx) = state.ledger.get(tx_index) else {
        return Err(PayLinkStatus::Passive);
    };
    let approved = code == 0 && tx.is_succeed;
    let (tx_id, xact_id) = (tx.id.clone(), tx.xact_id.clone());
    let callback = match (approved, confirmation_url) {
        (true, Some(url)) => serde_json::to_string(&callback_of(tx))
            .ok()
            .map(|body| Callback { url, body }),
        _ => None,
    };
    let link = state
        .pay_links
        .get_mut(index)
        .ok_or(PayLinkStatus::Passive)?;
    if approved {
        link.payments.push(tx_id);
    }
    Ok(Charged {
        approved,
        xact_id,
        callback,
        link: link.clone(),
    })
}

/// `url` with `name=value` appended to its query.
fn with_param(url: &str, name: &str, value: &str) -> String {
    let (base, fragment) = url.split_once('#').map_or((url, ""), |(b, f)| (b, f));
    let separator = if base.contains('?') { '&' } else { '?' };
    let mut encoded = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                encoded.push(char::from(b));
            }
            other => encoded.push_str(&format!("%{other:02X}")),
        }
    }
    let fragment = if fragment.is_empty() {
        String::new()
    } else {
        format!("#{fragment}")
    };
    format!("{base}{separator}{name}={encoded}{fragment}")
}

/// After a payment: the confirmation delivered (before the browser moves on, counted with the
/// other callbacks), then the browser sent to `succeed_url` / `error_url` with the `xact_id`, or
/// shown Paynet's own result page when the link has none.
async fn finish(shared: &Shared, charged: Charged) -> Response {
    if let Some(callback) = &charged.callback {
        let delivered = post_json(&callback.url, &callback.body).await;
        shared.count_callback(delivered);
    }
    let target = if charged.approved {
        &charged.link.succeed_url
    } else {
        &charged.link.error_url
    };
    if target.is_empty() {
        let html = pages::result_page(&charged.link, charged.approved, Some(&charged.xact_id));
        return wire::html(StatusCode::OK, html);
    }
    Redirect::to(&with_param(target, "xact_id", &charged.xact_id)).into_response()
}

/// The page of a closed link (HTTP 410), or of an unknown token (404).
fn closed(state: &State, index: usize, why: PayLinkStatus) -> Response {
    match state.pay_links.get(index) {
        Some(link) => wire::html(StatusCode::GONE, pages::closed_page(link, why)),
        None => unknown(),
    }
}

fn unknown() -> Response {
    wire::html(StatusCode::NOT_FOUND, pages::unknown_page())
}

/// `GET /sim/paylink/{token}[?auto=pay|decline]`: the payment page; or, with `auto`, the payment
/// made at once with the approving (or declining) test card, as through the page.
pub(crate) async fn show(
    AxState(shared): AxState<Arc<Shared>>,
    Path(token): Path<String>,
    uri: Uri,
) -> Response {
    let pairs = form_pairs(uri.query().unwrap_or(""));
    let auto = match field(&pairs, "auto") {
        Some("pay") => Some(TEST_CARD_APPROVE),
        Some("decline") => Some(TEST_CARD_DECLINE),
        _ => None,
    };
    let charged = {
        let mut state = shared.lock();
        let Some(index) = by_token(&state, &token) else {
            return unknown();
        };
        let now = state.clock.peek();
        let Some(link) = state.pay_links.get(index) else {
            return unknown();
        };
        if let Some(why) = link.closed(now) {
            return closed(&state, index, why);
        }
        let Some(pan) = auto else {
            return wire::html(StatusCode::OK, pages::payment_page(link, None));
        };
        let holder = link.name_surname.to_uppercase();
        let order = order_of(link, Card::from_pan(pan, &holder), 1);
        match charge(&mut state, index, &order, Channel::Api) {
            Ok(charged) => charged,
            Err(why) => return closed(&state, index, why),
        }
    };
    finish(&shared, charged).await
}

/// What the page's script shows for a BIN.
#[derive(Serialize)]
struct Options {
    bank_name: &'static str,
    tds_required: bool,
    options: Vec<OptionRow>,
}

#[derive(Serialize)]
struct OptionRow {
    count: u32,
    label: String,
    instalment: String,
    total: String,
}

/// `GET /sim/paylink/{token}/instalments?bin=435508`: the options of the card's bank for the
/// link's amount (what `ratio/Get` answers for that BIN), for the page's script.
pub(crate) async fn instalments(
    AxState(shared): AxState<Arc<Shared>>,
    Path(token): Path<String>,
    uri: Uri,
) -> Response {
    let pairs = form_pairs(uri.query().unwrap_or(""));
    let bin = field(&pairs, "bin").unwrap_or("").to_owned();
    if bin.len() != 6 || !bin.bytes().all(|b| b.is_ascii_digit()) {
        return wire::paynet_error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            "bin 6 haneli olmalıdır",
            11,
        );
    }
    let link = {
        let state = shared.lock();
        let Some(link) = by_token(&state, &token).and_then(|i| state.pay_links.get(i)) else {
            return unknown();
        };
        link.clone()
    };
    let tl = |m: Money| format!("{} TL", m.text(','));
    let body = match ratios::bin_options(&shared, &bin, link.amount, link.add_commission) {
        Some(bank) => Options {
            bank_name: bank.bank_name,
            tds_required: bank.tds_required,
            options: bank
                .ratio
                .iter()
                .map(|r| OptionRow {
                    count: r.instalment,
                    label: r.desc.clone(),
                    instalment: tl(r.instalment_amount),
                    total: tl(r.total_amount),
                })
                .collect(),
        },
        None => Options {
            bank_name: "",
            tds_required: false,
            options: Vec::new(),
        },
    };
    wire::json(StatusCode::OK, &body)
}

/// The card form's fields, as posted.
struct CardForm {
    holder: String,
    pan: String,
    month: Option<u32>,
    year: Option<u32>,
    cvc: String,
    instalment: Option<u32>,
}

impl CardForm {
    fn read(body: &Bytes) -> CardForm {
        let pairs = form_pairs(&String::from_utf8_lossy(body));
        let text = |name: &str| field(&pairs, name).unwrap_or("").trim().to_owned();
        let number = |name: &str| field(&pairs, name).and_then(|v| v.trim().parse().ok());
        CardForm {
            holder: text("card_holder"),
            pan: text("pan").chars().filter(|c| !c.is_whitespace()).collect(),
            month: number("month"),
            year: number("year"),
            cvc: text("cvc"),
            instalment: field(&pairs, "instalment")
                .filter(|v| !v.trim().is_empty())
                .map(|v| v.trim().parse().unwrap_or(u32::MAX)),
        }
    }
}

/// `POST /sim/paylink/{token}`: the card form. A wrong card shows the page again (HTTP 422,
/// nothing recorded); a card that needs 3-D goes to the bank's page; any other is charged.
pub(crate) async fn pay(
    AxState(shared): AxState<Arc<Shared>>,
    Path(token): Path<String>,
    body: Bytes,
) -> Response {
    let form = CardForm::read(&body);
    let instalment = form.instalment.unwrap_or(1);
    // The options of the card's bank, asked before the lock is taken (ratio/Get's own).
    let offered = match (form.pan.get(..6), instalment) {
        (_, 0 | 1) => true,
        (Some(bin), n) if n <= MAX_INSTALMENT => {
            let amount = {
                let state = shared.lock();
                by_token(&state, &token)
                    .and_then(|i| state.pay_links.get(i))
                    .map(|l| (l.amount, l.add_commission))
            };
            amount
                .and_then(|(a, add)| ratios::bin_options(&shared, bin, a, add))
                .is_some_and(|bank| bank.ratio.iter().any(|r| r.instalment == n))
        }
        _ => false,
    };
    let charged = {
        let mut state = shared.lock();
        let Some(index) = by_token(&state, &token) else {
            return unknown();
        };
        let now = state.clock.peek();
        let this_month = state.this_month();
        let Some(link) = state.pay_links.get(index).cloned() else {
            return unknown();
        };
        if let Some(why) = link.closed(now) {
            return closed(&state, index, why);
        }
        let again = |message: &str| {
            wire::html(
                StatusCode::UNPROCESSABLE_ENTITY,
                pages::payment_page(&link, Some(message)),
            )
        };
        let input = CardInput {
            holder: Some(form.holder.as_str()),
            pan: Some(form.pan.as_str()),
            month: form.month,
            year: form.year,
            cvc: Some(form.cvc.as_str()),
            card_hash: None,
        };
        let card = match cards::read_card(&input, this_month) {
            Ok(card) => card,
            Err(CardError::Wrong(message)) => return again(&message),
            Err(CardError::Missing | CardError::UnknownHash) => {
                return again("Kart bilgileri zorunludur");
            }
        };
        if !offered {
            return again("Bu kart için seçilen taksit sayısı sunulmuyor");
        }
        let order = order_of(&link, card, instalment);
        if order.card.behaviour.needs_3d() {
            return start_3d(&shared, &mut state, index, order);
        }
        match charge(&mut state, index, &order, Channel::Api) {
            Ok(charged) => charged,
            Err(why) => return closed(&state, index, why),
        }
    };
    finish(&shared, charged).await
}

/// Sends the payer to the bank's 3-D page (the simulator's, `/sim/3d`) for `order`, which posts
/// back to the link's `/3d`.
fn start_3d(shared: &Shared, state: &mut State, index: usize, order: Order) -> Response {
    let Some(token) = state.pay_links.get(index).map(|l| l.token.clone()) else {
        return unknown();
    };
    let session_id = format!("js_EAAAA{}", state.rng.string(ALNUM, 40));
    let token_id = state.rng.uuid().to_uppercase();
    state.tds.push(TdsSession {
        session_id: session_id.clone(),
        token_id: token_id.clone(),
        order,
        return_url: format!("{}{PAGE_PATH}{token}/3d", shared.base_url),
        status: ThreeDStatus::Pending,
        charged: None,
        wrong_passwords: 0,
    });
    if let Some(link) = state.pay_links.get_mut(index) {
        link.tds_sessions
            .push((session_id.clone(), token_id.clone()));
    }
    Redirect::to(&format!(
        "{}/sim/3d?session_id={session_id}&token_id={token_id}",
        shared.base_url
    ))
    .into_response()
}

/// `POST /sim/paylink/{token}/3d`: the bank's page posts `session_id` and `token_id` back. A
/// verified session is charged (once: a repeated post finds it charged and goes where the first
/// went, with no new money); a failed verification sends the payer to `error_url`.
pub(crate) async fn three_d_return(
    AxState(shared): AxState<Arc<Shared>>,
    Path(token): Path<String>,
    body: Bytes,
) -> Response {
    let pairs = form_pairs(&String::from_utf8_lossy(&body));
    let (session_id, token_id) = (
        field(&pairs, "session_id").unwrap_or("").to_owned(),
        field(&pairs, "token_id").unwrap_or("").to_owned(),
    );
    let charged = {
        let mut state = shared.lock();
        let Some(index) = by_token(&state, &token) else {
            return unknown();
        };
        let Some(link) = state.pay_links.get(index).cloned() else {
            return unknown();
        };
        let pair = (session_id.clone(), token_id.clone());
        let session = state
            .tds
            .iter()
            .position(|s| s.session_id == session_id && s.token_id == token_id)
            .filter(|_| link.tds_sessions.contains(&pair));
        let Some(session) = session else {
            let html = pages::three_d_page(&link, "3-D oturumu bu ödeme emrine ait değil");
            return wire::html(StatusCode::NOT_FOUND, html);
        };
        let Some((status, earlier, order)) = state
            .tds
            .get(session)
            .map(|s| (s.status, s.charged.clone(), s.order.clone()))
        else {
            return unknown();
        };
        match status {
            ThreeDStatus::Pending => {
                let html = pages::three_d_page(&link, "3-D doğrulaması tamamlanmadı");
                return wire::html(StatusCode::CONFLICT, html);
            }
            ThreeDStatus::Declined => {
                let charged = Charged {
                    approved: false,
                    xact_id: String::new(),
                    callback: None,
                    link,
                };
                return failed_3d(charged);
            }
            ThreeDStatus::Charged => {
                // Posted again: where the first post went, with the same transaction.
                let tx = earlier
                    .and_then(|id| state.by_id(&id))
                    .and_then(|i| state.ledger.get(i));
                let (approved, xact_id) = tx.map_or((false, String::new()), |t| {
                    (t.is_succeed, t.xact_id.clone())
                });
                Charged {
                    approved,
                    xact_id,
                    callback: None,
                    link,
                }
            }
            ThreeDStatus::Verified => {
                let charged = match charge(&mut state, index, &order, Channel::ThreeD) {
                    Ok(charged) => charged,
                    Err(why) => return closed(&state, index, why),
                };
                let tx_id = state
                    .by_xact_id(&charged.xact_id)
                    .and_then(|i| state.ledger.get(i).map(|t| t.id.clone()));
                if let Some(s) = state.tds.get_mut(session) {
                    s.status = ThreeDStatus::Charged;
                    s.charged = tx_id;
                }
                charged
            }
        }
    };
    finish(&shared, charged).await
}

/// A failed 3-D verification: nothing was charged; `error_url` without an `xact_id` (there is
/// no transaction), or the result page.
fn failed_3d(charged: Charged) -> Response {
    if charged.link.error_url.is_empty() {
        let html = pages::result_page(&charged.link, false, None);
        return wire::html(StatusCode::OK, html);
    }
    Redirect::to(&charged.link.error_url).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_xact_id_is_appended() {
        assert_eq!(
            with_param("https://shop.example/paid", "xact_id", "xk_A*b+/="),
            "https://shop.example/paid?xact_id=xk_A%2Ab%2B%2F%3D"
        );
        assert_eq!(
            with_param("http://127.0.0.1:9/ok?order=7#top", "xact_id", "xk_1"),
            "http://127.0.0.1:9/ok?order=7&xact_id=xk_1#top"
        );
    }
}
