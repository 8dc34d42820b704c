//! The subscription's page (create's `url`, `/sim/subscription/{token}`), where the payer sees
//! the plan, adds a card and accepts the terms: the card goes through the simulated bank's 3-D
//! page (`/sim/3d`), which posts back to `/sim/subscription/{token}/return`; there the card is
//! added (as `create_card_tds_confirm` would) and the subscription is accepted.

use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::{Path, State as AxState},
    http::{HeaderValue, StatusCode, header},
    response::Response,
};

use crate::{
    clock,
    html::{escape, field, form_pairs},
    http::Shared,
    state::State,
    subscription_cards::{self, read_card},
    subscription_model::{Subscription, charge_day, mask_name},
    subscription_request::Body,
    wire::{self, Money},
};

/// The title of the subscription's pages.
const TITLE: &str = "Düzenli ödeme talimatı – Paynet simülatörü";
/// How many of the plan's dates the page lists.
const DATES_SHOWN: u32 = 12;

fn page(body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"tr\"><head><meta charset=\"utf-8\">\
         <title>{TITLE}</title></head>\n<body>\n{body}\n</body></html>\n"
    )
}

fn unknown() -> Response {
    wire::html(
        StatusCode::NOT_FOUND,
        page("<h1>Düzenli ödeme talimatı bulunamadı</h1>\n<p>Bağlantı geçerli değil.</p>"),
    )
}

/// The interval's name (Turkish, as Paynet's pages write it).
fn interval_name(interval: u32) -> &'static str {
    match interval {
        0 => "Günlük",
        1 => "Haftalık",
        3 => "Yıllık",
        _ => "Aylık",
    }
}

/// The page of subscription `s`, with an error line after a refused form.
fn plan_page(state: &State, s: &Subscription, token: &str, error: Option<&str>) -> String {
    let dates: Vec<String> = (0..s.interval_count.min(DATES_SHOWN))
        .map(|n| {
            format!(
                "<li>{}</li>",
                clock::format_dmy_day(charge_day(s.begin_day, s.interval, s.period, n))
            )
        })
        .collect();
    let more = if s.interval_count > DATES_SHOWN {
        format!("<li>… ({} ödeme)</li>", s.interval_count)
    } else {
        String::new()
    };
    let cards: Vec<String> = s
        .links
        .iter()
        .filter_map(|l| state.subscriptions.card(&l.card_id))
        .map(|c| format!("<li class=\"card\">{}</li>", escape(&c.card.masked)))
        .collect();
    let cards = if cards.is_empty() {
        "<p id=\"cards\">Henüz kart eklenmedi.</p>".to_owned()
    } else {
        format!("<ul id=\"cards\">{}</ul>", cards.join(""))
    };
    let accepted = if s.accepted {
        "<p id=\"accepted\">Talimat onaylandı.</p>\n"
    } else {
        ""
    };
    let error = error.map_or_else(String::new, |e| {
        format!("<p class=\"error\" role=\"alert\">{}</p>\n", escape(e))
    });
    page(&format!(
        "<h1>Düzenli ödeme talimatı</h1>\n\
         <p>{}</p>\n\
         <p>Ödeyen: <span id=\"payer\">{}</span></p>\n\
         <p>Tutar: <strong id=\"amount\">{} TL</strong> ({}, {} ödeme)</p>\n\
         <ol id=\"dates\">{}{more}</ol>\n{accepted}{cards}\n{error}\
         <form method=\"post\" action=\"/sim/subscription/{}\">\n\
         <label>Kart sahibi <input name=\"card_holder\" autocomplete=\"cc-name\"></label>\n\
         <label>Kart numarası <input name=\"pan\" autocomplete=\"cc-number\" inputmode=\"numeric\"></label>\n\
         <label>Ay <input name=\"month\" size=\"2\"></label>\n\
         <label>Yıl <input name=\"year\" size=\"4\"></label>\n\
         <label>CVV <input name=\"cvv\" size=\"4\" autocomplete=\"cc-csc\"></label>\n\
         <label>Etiket <input name=\"label\"></label>\n\
         <label><input type=\"checkbox\" name=\"accept\" value=\"1\"> Düzenli ödeme talimatı koşullarını kabul ediyorum</label>\n\
         <button type=\"submit\">Kartı ekle ve onayla</button>\n\
         </form>",
        escape(&s.description),
        escape(&s.name_surname),
        Money(s.amount).text(','),
        interval_name(s.interval),
        s.interval_count,
        dates.join(""),
        escape(token),
    ))
}

/// The index of the subscription whose page is `token`.
fn by_token(state: &State, token: &str) -> Option<usize> {
    state
        .subscriptions
        .list
        .iter()
        .position(|s| s.token == token)
}

/// `GET /sim/subscription/{token}`: the plan, its cards, and the card form.
pub(crate) async fn show(
    AxState(shared): AxState<Arc<Shared>>,
    Path(token): Path<String>,
) -> Response {
    let state = shared.lock();
    let Some(s) = by_token(&state, &token).and_then(|i| state.subscriptions.list.get(i)) else {
        return unknown();
    };
    wire::html(StatusCode::OK, plan_page(&state, s, &token, None))
}

/// `POST /sim/subscription/{token}`: the card form. Without the terms accepted, or with a wrong
/// card, the page again (HTTP 422); otherwise to the bank's 3-D page (303).
pub(crate) async fn add_card(
    AxState(shared): AxState<Arc<Shared>>,
    Path(token): Path<String>,
    body: Bytes,
) -> Response {
    let pairs = form_pairs(&String::from_utf8_lossy(&body));
    let text = |name: &str| {
        field(&pairs, name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let number = |name: &str| field(&pairs, name).and_then(|v| v.trim().parse::<u32>().ok());
    let form = Body {
        card_holder: text("card_holder"),
        pan: text("pan").map(|p| p.chars().filter(|c| c.is_ascii_digit()).collect()),
        month: number("month"),
        year: number("year"),
        cvv: text("cvv"),
        ..Body::default()
    };
    let mut state = shared.lock();
    let Some(index) = by_token(&state, &token) else {
        return unknown();
    };
    let refuse = |state: &State, message: &str| {
        let Some(s) = state.subscriptions.list.get(index) else {
            return unknown();
        };
        wire::html(
            StatusCode::UNPROCESSABLE_ENTITY,
            plan_page(state, s, &token, Some(message)),
        )
    };
    if field(&pairs, "accept").is_none() {
        return refuse(&state, "Koşulları kabul etmeniz gerekiyor.");
    }
    let card = match read_card(&state, &form) {
        Ok(card) => card,
        Err(message) => return refuse(&state, &message),
    };
    let label = text("label").unwrap_or_default();
    let return_url = format!("{}/sim/subscription/{token}/return", shared.base_url);
    let (_, _, post_url) = subscription_cards::start(
        &mut state,
        &shared.base_url,
        card,
        vec![index],
        String::new(),
        label,
        return_url,
    );
    let mut response = wire::html(
        StatusCode::SEE_OTHER,
        page(&format!(
            "<p>Bankanızın 3-D Secure sayfasına yönlendiriliyorsunuz: <a href=\"{0}\">{0}</a></p>",
            escape(&post_url)
        )),
    );
    if let Ok(location) = HeaderValue::from_str(&post_url) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// `POST /sim/subscription/{token}/return`: what the bank's page posts back (`session_id`,
/// `token_id`): the card is added and the subscription accepted, or the page says why not.
pub(crate) async fn returned(
    AxState(shared): AxState<Arc<Shared>>,
    Path(token): Path<String>,
    body: Bytes,
) -> Response {
    let pairs = form_pairs(&String::from_utf8_lossy(&body));
    let (session_id, token_id) = (
        field(&pairs, "session_id").unwrap_or(""),
        field(&pairs, "token_id").unwrap_or(""),
    );
    let mut state = shared.lock();
    let Some(index) = by_token(&state, &token) else {
        return unknown();
    };
    let Some(confirmed) = subscription_cards::confirm(&mut state, session_id, token_id)
        .filter(|c| c.targets.contains(&index))
    else {
        return wire::html(
            StatusCode::NOT_FOUND,
            page("<h1>3-D oturumu bulunamadı</h1>\n<p>session_id veya token_id geçersiz.</p>"),
        );
    };
    let back = format!(
        "<p><a href=\"/sim/subscription/{0}\">Talimata dön</a></p>",
        escape(&token)
    );
    if !confirmed.answer.is_succeed {
        return wire::html(
            StatusCode::OK,
            page(&format!(
                "<h1>Kart eklenemedi</h1>\n<p class=\"error\" role=\"alert\">{}</p>\n{back}",
                escape(&confirmed.answer.message)
            )),
        );
    }
    let card = state
        .subscriptions
        .card(&confirmed.answer.card_id)
        .map(|c| (c.card.masked.clone(), mask_name(&c.card.holder)))
        .unwrap_or_default();
    let Some(s) = state.subscriptions.list.get_mut(index) else {
        return unknown();
    };
    s.accepted = true;
    let next = s
        .next_charge()
        .map(|t| clock::format_dmy_day(clock::local_day(t)))
        .unwrap_or_else(|| "-".to_owned());
    wire::html(
        StatusCode::OK,
        page(&format!(
            "<h1>Kartınız eklendi</h1>\n\
             <p id=\"accepted\">Düzenli ödeme talimatı onaylandı.</p>\n\
             <p>Kart: <span id=\"card\">{}</span> ({})</p>\n\
             <p>Sonraki ödeme: <span id=\"next\">{next}</span></p>\n{back}",
            escape(&card.0),
            escape(&card.1),
        )),
    )
}
