//! 3-D Secure: its start (`tds_initial`), the simulated bank's page (`GET`/`POST /sim/3d`, and
//! the shopper played from Rust), and its charge (`tds_charge`).

use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::{ConnectInfo, State as AxState},
    http::{StatusCode, Uri},
    response::Response,
};
use serde::Deserialize;

use crate::{
    cards::{Behaviour, Card},
    conn::ConnToken,
    driving::ThreeDStatus,
    extract::Paynet,
    fixtures::TEST_3D_PASSWORD,
    html::{escape, field, form_pairs},
    http::{Shared, invalid_request, present, transport_trigger},
    ledger::{Channel, PRE_AUTH, SALE},
    lenient,
    model::TdsSession,
    payment_request::{PaymentRequest, check_kind, read_card},
    state::State,
    wire::{
        self, EARLIER_SUCCESS_MESSAGE, FAILURE_MESSAGE, Money, SUCCESS_MESSAGE, TdsInitialResponse,
        message_of,
    },
};

/// The title of the simulated bank's 3-D pages.
const TDS_TITLE: &str = "3-D Secure – Paynet simülatörü";

/// Wrong 3-D passwords after which the session is declined.
const MAX_WRONG_PASSWORDS: u32 = 3;

/// Whether `url` is an absolute http(s) URL with a host.
fn absolute_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !r.contains(char::is_whitespace)
    })
}

/// `POST /v2/transaction/tds_initial`.
pub(crate) async fn start_3d(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(request, _): Paynet<PaymentRequest>,
) -> Response {
    if let Err(message) = request.check() {
        return invalid_request(message);
    }
    let return_url = request.return_url.clone().unwrap_or_default();
    if !absolute_http_url(&return_url) {
        return invalid_request("return_url mutlak bir http(s) adresi olmalıdır");
    }
    let comma = shared.v2_comma;
    let mut state = shared.lock();
    let card = match read_card(&state, &request, comma) {
        Ok(card) => card,
        Err(refusal) => return *refusal,
    };
    let checked = request.order(card);
    if let Err(refusal) = check_kind(&state, &checked, Channel::ThreeD, comma) {
        return *refusal;
    }
    let session_id = format!("js_EAAAA{}", state.rng.string(crate::clock::ALNUM, 40));
    let token_id = state.rng.uuid().to_uppercase();
    let post_url = format!(
        "{}/sim/3d?session_id={session_id}&token_id={token_id}",
        shared.base_url
    );
    let html_content = redirect_form(
        &format!("{}/sim/3d", shared.base_url),
        "get",
        &session_id,
        &token_id,
    );
    if let Some(save) = request.card_save() {
        state.card_store.hold_save(&session_id, save);
    }
    state.tds.push(TdsSession {
        session_id: session_id.clone(),
        token_id: token_id.clone(),
        order: checked.order,
        return_url,
        status: ThreeDStatus::Pending,
        charged: None,
        wrong_passwords: 0,
    });
    wire::json(
        StatusCode::OK,
        &TdsInitialResponse {
            session_id,
            token_id,
            post_url,
            html_content,
            object_name: "tds_initial",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}

/// A form that submits `session_id` and `token_id` to `action` by itself (with a button for
/// browsers without JavaScript).
fn redirect_form(action: &str, method: &str, session_id: &str, token_id: &str) -> String {
    format!(
        "<form name=\"paynetForm\" id=\"paynetForm\" method=\"{method}\" action=\"{}\" \
         enctype=\"application/x-www-form-urlencoded\">\
         <input type=\"hidden\" name=\"session_id\" value=\"{}\">\
         <input type=\"hidden\" name=\"token_id\" value=\"{}\">\
         <noscript><button type=\"submit\">Devam</button></noscript></form>\
         <script>document.getElementById(\"paynetForm\").submit();</script>",
        escape(action),
        escape(session_id),
        escape(token_id)
    )
}

/// A whole HTML page.
fn page(body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"tr\"><head><meta charset=\"utf-8\">\
         <title>{TDS_TITLE}</title></head>\n<body>\n{body}\n</body></html>\n"
    )
}

/// The bank's 3-D page for a pending session, with an error line after a wrong password.
fn tds_page_html(base_url: &str, session: &TdsSession, error: Option<&str>) -> String {
    let order = &session.order;
    let (charged, _) = crate::ledger::fees(order.amount, order.add_commission);
    let error = error.map_or_else(String::new, |e| {
        format!("<p class=\"error\" role=\"alert\">{}</p>\n", escape(e))
    });
    page(&format!(
        "<h1>3-D Secure doğrulama</h1>\n\
         <p>Üye işyeri: {}</p>\n\
         <p>Tutar: <strong id=\"amount\">{} TL</strong></p>\n\
         <p>Kart: <span id=\"card\">{}</span></p>\n{error}\
         <form method=\"post\" action=\"{}/sim/3d\">\n\
         <input type=\"hidden\" name=\"session_id\" value=\"{}\">\n\
         <input type=\"hidden\" name=\"token_id\" value=\"{}\">\n\
         <label>SMS şifresi <input type=\"password\" name=\"password\" autocomplete=\"one-time-code\"></label>\n\
         <button type=\"submit\" name=\"action\" value=\"approve\">Onayla</button>\n\
         <button type=\"submit\" name=\"action\" value=\"decline\">Reddet</button>\n\
         </form>\n\
         <p><small>paynet-sim: test şifresi \"{}\"</small></p>",
        escape(&order.domain),
        Money(charged).text(','),
        escape(&order.card.masked),
        escape(base_url),
        escape(&session.session_id),
        escape(&session.token_id),
        escape(TEST_3D_PASSWORD),
    ))
}

/// The page that posts the 3-D result (`session_id`, `token_id`) to the merchant's `return_url`.
fn return_page(session: &TdsSession) -> Response {
    let form = redirect_form(
        &session.return_url,
        "post",
        &session.session_id,
        &session.token_id,
    );
    let note = match session.status {
        ThreeDStatus::Declined => "3-D doğrulaması başarısız. İşyerine yönlendiriliyorsunuz…",
        _ => "3-D doğrulaması tamamlandı. İşyerine yönlendiriliyorsunuz…",
    };
    wire::html(StatusCode::OK, page(&format!("<p>{note}</p>\n{form}")))
}

/// The page for an unknown session.
fn unknown_session_page() -> Response {
    wire::html(
        StatusCode::NOT_FOUND,
        page("<h1>3-D oturumu bulunamadı</h1>\n<p>session_id veya token_id geçersiz.</p>"),
    )
}

/// The session with this pair.
fn tds_session<'a>(
    state: &'a mut State,
    session_id: Option<&str>,
    token_id: Option<&str>,
) -> Option<&'a mut TdsSession> {
    let (session_id, token_id) = (session_id?, token_id?);
    state
        .tds
        .iter_mut()
        .find(|s| s.session_id == session_id && s.token_id == token_id)
}

/// The shopper approved with the right password (or `auto=approve`): verified, unless the card's
/// 3-D always fails.
fn verify(session: &mut TdsSession) {
    session.status = if session.order.card.behaviour == Behaviour::ThreeDDecline {
        ThreeDStatus::Declined
    } else {
        ThreeDStatus::Verified
    };
}

/// The shopper on the bank's page of session `session_id`: approves (with the right password) or
/// declines, if the session is still pending. Returns the form body the page then posts to the
/// merchant's `return_url` (`session_id=..&token_id=..`).
pub(crate) fn play_shopper(state: &mut State, session_id: &str, approve: bool) -> Option<String> {
    let session = state.tds.iter_mut().find(|s| s.session_id == session_id)?;
    if session.status == ThreeDStatus::Pending {
        if approve {
            verify(session);
        } else {
            session.status = ThreeDStatus::Declined;
        }
    }
    Some(format!(
        "session_id={}&token_id={}",
        form_encode(&session.session_id),
        form_encode(&session.token_id)
    ))
}

/// `application/x-www-form-urlencoded` encoding of a value.
fn form_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// `GET /sim/3d?session_id=..&token_id=..[&auto=approve|decline]`: the simulated bank's page.
pub(crate) async fn tds_page(AxState(shared): AxState<Arc<Shared>>, uri: Uri) -> Response {
    let pairs = form_pairs(uri.query().unwrap_or(""));
    let mut state = shared.lock();
    let Some(session) = tds_session(
        &mut state,
        field(&pairs, "session_id"),
        field(&pairs, "token_id"),
    ) else {
        return unknown_session_page();
    };
    if session.status == ThreeDStatus::Pending {
        match field(&pairs, "auto") {
            Some("approve") => verify(session),
            Some("decline") => session.status = ThreeDStatus::Declined,
            _ => {
                let html = tds_page_html(&shared.base_url, session, None);
                return wire::html(StatusCode::OK, html);
            }
        }
    }
    return_page(session)
}

/// `POST /sim/3d` (the page's form): approve with the password, or decline.
pub(crate) async fn tds_submit(AxState(shared): AxState<Arc<Shared>>, body: Bytes) -> Response {
    let pairs = form_pairs(&String::from_utf8_lossy(&body));
    let mut state = shared.lock();
    let Some(session) = tds_session(
        &mut state,
        field(&pairs, "session_id"),
        field(&pairs, "token_id"),
    ) else {
        return unknown_session_page();
    };
    if session.status == ThreeDStatus::Pending {
        if field(&pairs, "action") == Some("decline") {
            session.status = ThreeDStatus::Declined;
        } else if field(&pairs, "password") == Some(TEST_3D_PASSWORD) {
            verify(session);
        } else {
            session.wrong_passwords += 1;
            if session.wrong_passwords >= MAX_WRONG_PASSWORDS {
                session.status = ThreeDStatus::Declined;
            } else {
                let left = MAX_WRONG_PASSWORDS - session.wrong_passwords;
                let error = format!("Şifre hatalı. Kalan deneme hakkı: {left}");
                let html = tds_page_html(&shared.base_url, session, Some(&error));
                return wire::html(StatusCode::OK, html);
            }
        }
    }
    return_page(session)
}

/// The body of `/v2/transaction/tds_charge`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct TdsChargeRequest {
    #[serde(deserialize_with = "lenient::text")]
    session_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    token_id: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    transaction_type: Option<u32>,
}

/// `POST /v2/transaction/tds_charge`.
pub(crate) async fn complete_3d(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, _): Paynet<TdsChargeRequest>,
) -> Response {
    let (Some(session_id), Some(token_id)) =
        (present(&request.session_id), present(&request.token_id))
    else {
        return invalid_request("session_id ve token_id zorunludur");
    };
    let comma = shared.v2_comma;
    let reference_no = {
        let mut state = shared.lock();
        // A session that adds a subscription card charges nothing: `create_card_tds_confirm`'s.
        let adds_a_card = state.subscriptions.owns_session(session_id);
        match tds_session(&mut state, Some(session_id), Some(token_id)).filter(|_| !adds_a_card) {
            Some(session) => session.order.reference_no.clone(),
            None => {
                let message = "3D oturumu bulunamadı (session_id / token_id)";
                let mut tx = state.refusal_tx(SALE, Channel::ThreeD, Card::unknown(), 0);
                tx.refuse(13, message);
                return wire::json(StatusCode::OK, &tx.v2_shape(13, message, comma));
            }
        }
    };
    if let Some(response) = transport_trigger(&shared, &conn, Some(&reference_no)).await {
        return response;
    }
    let mut state = shared.lock();
    let Some(index) = state
        .tds
        .iter()
        .position(|s| s.session_id == session_id && s.token_id == token_id)
    else {
        return invalid_request("3D oturumu bulunamadı");
    };
    let Some(session) = state.tds.get(index) else {
        return invalid_request("3D oturumu bulunamadı");
    };
    let (status, charged, order) = (
        session.status,
        session.charged.clone(),
        session.order.clone(),
    );
    // Charged before: that transaction again (code 100 when it succeeded).
    if let Some(tx) = charged.and_then(|id| state.by_id(&id).and_then(|i| state.ledger.get(i))) {
        let body = if tx.is_succeed {
            tx.v2_shape(100, EARLIER_SUCCESS_MESSAGE, comma)
        } else {
            tx.v2_shape(1, FAILURE_MESSAGE, comma)
        };
        return wire::json(StatusCode::OK, &body);
    }
    let kind = match request.transaction_type.unwrap_or(u32::from(order.kind)) {
        1 => SALE,
        3 => PRE_AUTH,
        _ => {
            let message = "transaction_type 1 (satış) veya 3 (ön provizyon) olmalıdır";
            let tx = state.order_refusal(&order, SALE, Channel::ThreeD, 19, message);
            return wire::json(StatusCode::OK, &tx.v2_shape(19, message, comma));
        }
    };
    if status != ThreeDStatus::Verified {
        let message = if status == ThreeDStatus::Declined {
            "3D doğrulaması başarısız"
        } else {
            "3D doğrulaması tamamlanmadı"
        };
        let mut tx = state.order_refusal(&order, kind, Channel::ThreeD, 16, message);
        tx.is_tds = true;
        tx.md_status = "0";
        return wire::json(StatusCode::OK, &tx.v2_shape(16, message, comma));
    }
    // A payment with this reference_no already succeeded: that one, no new money.
    let earlier = state.earlier_payment(&order.reference_no).map(|t| {
        (
            t.id.clone(),
            t.v2_shape(100, EARLIER_SUCCESS_MESSAGE, comma),
        )
    });
    if let Some((id, body)) = earlier {
        if let Some(session) = state.tds.get_mut(index) {
            session.status = ThreeDStatus::Charged;
            session.charged = Some(id);
        }
        return wire::json(StatusCode::OK, &body);
    }
    let (tx_index, code) = state.charge(&order, kind, Channel::ThreeD);
    // The card the start asked to save, saved now that it is charged.
    if let Some(save) = state.card_store.take_save(session_id) {
        state.save_after_payment(tx_index, &save);
    }
    let tx_id = state.ledger.get(tx_index).map(|t| t.id.clone());
    if let Some(session) = state.tds.get_mut(index) {
        session.status = ThreeDStatus::Charged;
        session.charged = tx_id;
    }
    match state.ledger.get(tx_index) {
        Some(tx) => wire::json(StatusCode::OK, &tx.v2_shape(code, message_of(code), comma)),
        None => invalid_request("İşlem kaydedilemedi"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_urls() {
        assert!(absolute_http_url("https://shop.example/3d/return?x=1"));
        assert!(absolute_http_url("http://127.0.0.1:8080/r"));
        assert!(!absolute_http_url("/relative"));
        assert!(!absolute_http_url("ftp://x/"));
        assert!(!absolute_http_url("https:///nohost"));
    }
}
