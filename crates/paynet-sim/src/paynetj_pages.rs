//! The simulator's pages for Paynet's browser scripts: the card form the ready-made button opens
//! over the merchant's page (`GET /sim/paynetj/form`), and the bank's 3-D page of a token that
//! needs one (`GET`/`POST /sim/paynetj/3d`, `create_token`'s `post_url`), which tells the
//! merchant's page it is done with `postMessage("command=form-post&session_id=..&token_id=..")`.

use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::State as AxState,
    http::{StatusCode, Uri},
    response::Response,
};

use crate::{
    cards::Behaviour,
    driving::ThreeDStatus,
    fixtures::TEST_3D_PASSWORD,
    html::{escape, field, form_pairs},
    http::Shared,
    ledger,
    model::{FormSession, JsSession},
    paynetj::{TDS_PAGE_PATH, form_session},
    state::State,
    wire::{self, Money},
};

/// Wrong 3-D passwords after which the token is declined.
const MAX_WRONG_PASSWORDS: u32 = 3;

/// The style of the simulator's browser pages.
const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;background:rgba(20,30,45,.55);\
color:#1d2733}main{max-width:26rem;margin:4vh auto;background:#fff;border-radius:.7rem;\
padding:1.2rem 1.5rem;box-shadow:0 10px 40px rgba(0,0,0,.3)}header{display:flex;\
justify-content:space-between;align-items:center;gap:1rem}header img{max-height:2.5rem}\
h1{font-size:1.2rem;margin:.2rem 0}label{display:block;margin:.6rem 0 .2rem}\
input[type=text],input[type=tel],input[type=password]{width:100%;box-sizing:border-box;\
padding:.5rem;font-size:1rem;border:1px solid #b8c2cc;border-radius:.3rem}\
.row{display:flex;gap:1rem}.row>div{flex:1}button{margin-top:1rem;padding:.6rem 1.2rem;\
font-size:1rem;border:0;border-radius:.3rem;background:#0b6bcb;color:#fff;cursor:pointer}\
button.secondary{background:#8a3b12}button#close{margin:0;background:none;color:#5b6875;\
font-size:1.4rem;padding:0 .3rem}#instalments label{display:flex;gap:.4rem;align-items:center;\
margin:.3rem 0}.hint,small{color:#5b6875}.amount{font-size:1.4rem;font-weight:700}\
.error{color:#b00020}";

/// A whole page of the simulator.
fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"tr\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head>\n<body>\n<main>\n{body}\n</main>\n\
         </body></html>\n",
        escape(title)
    )
}

/// An HTML refusal (an unknown session or token, a wrong key).
fn refusal(status: StatusCode, title: &str, text: &str) -> Response {
    wire::html(
        status,
        page(
            title,
            &format!("<h1>{}</h1>\n<p>{}</p>", escape(title), escape(text)),
        ),
    )
}

/// Whether the page's `publishable_key` is the simulator's.
fn key_matches(shared: &Shared, pairs: &[(String, String)]) -> bool {
    field(pairs, "publishable_key").is_some_and(|k| shared.keys_match(k, "").0)
}

/// An http(s) URL, for the logo (`data-image`) and `return_url`.
fn http_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && !url.contains(char::is_whitespace)
}

/// `GET /sim/paynetj/form?session_id=..&publishable_key=..`: the ready-made button's card form.
pub(crate) async fn card_form(AxState(shared): AxState<Arc<Shared>>, uri: Uri) -> Response {
    let pairs = form_pairs(uri.query().unwrap_or(""));
    if !key_matches(&shared, &pairs) {
        return refusal(
            StatusCode::UNAUTHORIZED,
            "Yetkisiz erişim",
            "publishable_key geçerli değil.",
        );
    }
    let state = shared.lock();
    let Some(session) = field(&pairs, "session_id").and_then(|id| form_session(&state, id)) else {
        return refusal(
            StatusCode::NOT_FOUND,
            "Ödeme oturumu bulunamadı",
            "session_id geçersiz.",
        );
    };
    let html = card_form_html(session, field(&pairs, "publishable_key").unwrap_or(""));
    wire::html(StatusCode::OK, html)
}

/// The card form of `session`: the card's number, expiry, CVC and holder (with the standard
/// `autocomplete` tokens), the instalments of its bank as the number is typed, and pay.
fn card_form_html(session: &FormSession, key: &str) -> String {
    let amount = Money(session.amount).text(',');
    let logo = if http_url(&session.image) {
        format!("<img src=\"{}\" alt=\"\">", escape(&session.image))
    } else {
        String::new()
    };
    let description = if session.description.is_empty() {
        String::new()
    } else {
        format!(
            "<p class=\"hint\" id=\"description\">{}</p>\n",
            escape(&session.description)
        )
    };
    page(
        "Kartla ödeme – Paynet simülatörü",
        &format!(
            "<header>{logo}<h1 id=\"name\">{}</h1>\
             <button type=\"button\" id=\"close\" aria-label=\"Kapat\">×</button></header>\n\
             {description}<p>Tutar: <span class=\"amount\" id=\"amount\">{amount} TL</span></p>\n\
             <form id=\"paynet-card-form\" autocomplete=\"on\" data-key=\"{}\" data-session=\"{}\" \
             data-origin=\"{}\" data-tds=\"{}\">\n\
             <label for=\"cc-number\">Kart numarası</label>\n\
             <input type=\"text\" id=\"cc-number\" name=\"cardnumber\" inputmode=\"numeric\" autocomplete=\"cc-number\" required>\n\
             <div class=\"row\"><div><label for=\"cc-exp\">Son kullanma (AA/YY)</label>\n\
             <input type=\"text\" id=\"cc-exp\" name=\"cc-exp\" placeholder=\"AA/YY\" autocomplete=\"cc-exp\" required></div>\n\
             <div><label for=\"cc-csc\">CVC</label>\n\
             <input type=\"tel\" id=\"cc-csc\" name=\"cvc\" inputmode=\"numeric\" autocomplete=\"cc-csc\" required></div></div>\n\
             <label for=\"cc-name\">Kart üzerindeki isim</label>\n\
             <input type=\"text\" id=\"cc-name\" name=\"ccname\" autocomplete=\"cc-name\" required>\n\
             <fieldset id=\"instalments\"><p class=\"hint\">Taksit seçenekleri için kart numarasını yazın.</p></fieldset>\n\
             <p class=\"error\" id=\"error\" role=\"alert\" hidden></p>\n\
             <button type=\"submit\" id=\"pay\">{amount} TL Öde</button>\n\
             </form>\n<p><small>paynet-sim: kart bilgileri yalnızca simülatöre gider.</small></p>\n\
             <script src=\"/sim/paynetj/form.js\"></script>",
            escape(&session.name),
            escape(key),
            escape(&session.session_id),
            escape(&session.domain),
            session.tds_required,
        ),
    )
}

/// The token `token_id` of session `session_id`.
fn find_token<'a>(
    state: &'a mut State,
    session_id: Option<&str>,
    token_id: Option<&str>,
) -> Option<&'a mut JsSession> {
    let (session_id, token_id) = (session_id?, token_id?);
    state
        .js
        .iter_mut()
        .find(|t| t.session_id == session_id && t.token_id == token_id && t.three_d.is_some())
}

/// The shopper approved with the right password (or `auto=approve`): verified, unless the card's
/// 3-D always fails.
fn verify(token: &mut JsSession) {
    token.three_d = Some(if token.order.card.behaviour == Behaviour::ThreeDDecline {
        ThreeDStatus::Declined
    } else {
        ThreeDStatus::Verified
    });
}

/// The bank's page for a pending token, with an error line after a wrong password.
fn tds_page_html(base_url: &str, token: &JsSession, error: Option<&str>) -> String {
    let order = &token.order;
    let (charged, _) = ledger::fees(order.amount, order.add_commission);
    let error = error.map_or_else(String::new, |e| {
        format!("<p class=\"error\" role=\"alert\">{}</p>\n", escape(e))
    });
    page(
        "3-D Secure – Paynet simülatörü",
        &format!(
            "<h1>3-D Secure doğrulama</h1>\n\
             <p>Üye işyeri: {}</p>\n\
             <p>Tutar: <strong id=\"amount\">{} TL</strong></p>\n\
             <p>Kart: <span id=\"card\">{}</span></p>\n{error}\
             <form method=\"post\" action=\"{}{TDS_PAGE_PATH}\">\n\
             <input type=\"hidden\" name=\"session_id\" value=\"{}\">\n\
             <input type=\"hidden\" name=\"token_id\" value=\"{}\">\n\
             <label>SMS şifresi <input type=\"password\" name=\"password\" autocomplete=\"one-time-code\"></label>\n\
             <button type=\"submit\" name=\"action\" value=\"approve\">Onayla</button>\n\
             <button type=\"submit\" class=\"secondary\" name=\"action\" value=\"decline\">Reddet</button>\n\
             </form>\n\
             <p><small>paynet-sim: test şifresi \"{}\"</small></p>\n\
             <script>if (window.parent && window.parent !== window) {{\
             window.parent.postMessage(\"command=iframe-transparent\", {});}}</script>",
            escape(&order.domain),
            Money(charged).text(','),
            escape(&order.card.masked),
            escape(base_url),
            escape(&token.session_id),
            escape(&token.token_id),
            escape(TEST_3D_PASSWORD),
            js_string(if order.domain.is_empty() {
                "*"
            } else {
                &order.domain
            }),
        ),
    )
}

/// A string as a JavaScript string literal inside a `<script>` (JSON, with `<` escaped so that
/// no `</script>` can close it).
fn js_string(text: &str) -> String {
    serde_json::to_string(text)
        .unwrap_or_else(|_| "\"\"".to_owned())
        .replace('<', "\\u003c")
}

/// The page after the bank's decision: it tells the merchant's page (its parent, at the
/// session's origin) `command=form-post&session_id=..&token_id=..`. Opened on its own (not in a
/// frame), it posts the two fields to the session's `return_url`, if it has one.
fn done_page(session: Option<&FormSession>, token: &JsSession) -> Response {
    let note = match token.three_d {
        Some(ThreeDStatus::Declined) => "3-D doğrulaması başarısız. İşyerine dönülüyor…",
        _ => "3-D doğrulaması tamamlandı. İşyerine dönülüyor…",
    };
    let message = format!(
        "command=form-post&session_id={}&token_id={}",
        query_encode(&token.session_id),
        query_encode(&token.token_id)
    );
    let origin = session
        .map(|s| s.domain.as_str())
        .filter(|d| !d.is_empty())
        .unwrap_or("*");
    let return_form = session
        .map(|s| s.return_url.as_str())
        .filter(|u| http_url(u))
        .map_or_else(String::new, |url| {
            format!(
                "<form id=\"return\" method=\"post\" action=\"{}\">\
                 <input type=\"hidden\" name=\"session_id\" value=\"{}\">\
                 <input type=\"hidden\" name=\"token_id\" value=\"{}\"></form>\n",
                escape(url),
                escape(&token.session_id),
                escape(&token.token_id)
            )
        });
    wire::html(
        StatusCode::OK,
        page(
            "3-D Secure – Paynet simülatörü",
            &format!(
                "<p id=\"done\">{note}</p>\n{return_form}\
                 <script>(function () {{\n\
                 var message = {};\nvar origin = {};\n\
                 if (window.parent && window.parent !== window) {{\n\
                 window.parent.postMessage(message, origin);\n\
                 }} else if (document.getElementById('return')) {{\n\
                 document.getElementById('return').submit();\n}}\n}}());</script>",
                js_string(&message),
                js_string(origin),
            ),
        ),
    )
}

/// Percent-encoding of a value in a query string.
fn query_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b));
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// The page for an unknown token (or one that needs no 3-D).
fn unknown_token() -> Response {
    refusal(
        StatusCode::NOT_FOUND,
        "3-D oturumu bulunamadı",
        "session_id veya token_id geçersiz.",
    )
}

/// `GET /sim/paynetj/3d?session_id=..&token_id=..&publishable_key=..[&auto=approve|decline]`:
/// the bank's 3-D page of a token (`auto` decides at once, for scripts and tests).
pub(crate) async fn tds_page(AxState(shared): AxState<Arc<Shared>>, uri: Uri) -> Response {
    let pairs = form_pairs(uri.query().unwrap_or(""));
    if !key_matches(&shared, &pairs) {
        return refusal(
            StatusCode::UNAUTHORIZED,
            "Yetkisiz erişim",
            "publishable_key geçerli değil.",
        );
    }
    let mut state = shared.lock();
    let Some(token) = find_token(
        &mut state,
        field(&pairs, "session_id"),
        field(&pairs, "token_id"),
    ) else {
        return unknown_token();
    };
    if token.three_d == Some(ThreeDStatus::Pending) {
        match field(&pairs, "auto") {
            Some("approve") => verify(token),
            Some("decline") => token.three_d = Some(ThreeDStatus::Declined),
            _ => {
                let html = tds_page_html(&shared.base_url, token, None);
                return wire::html(StatusCode::OK, html);
            }
        }
    }
    decided(
        &state,
        field(&pairs, "session_id"),
        field(&pairs, "token_id"),
    )
}

/// The page after the decision, for the token of this pair.
fn decided(state: &State, session_id: Option<&str>, token_id: Option<&str>) -> Response {
    let token = state.js.iter().find(|t| {
        Some(t.session_id.as_str()) == session_id && Some(t.token_id.as_str()) == token_id
    });
    match token {
        Some(token) => done_page(form_session(state, &token.session_id), token),
        None => unknown_token(),
    }
}

/// `POST /sim/paynetj/3d` (the page's form): approve with the password, or decline.
pub(crate) async fn tds_submit(AxState(shared): AxState<Arc<Shared>>, body: Bytes) -> Response {
    let pairs = form_pairs(&String::from_utf8_lossy(&body));
    let mut state = shared.lock();
    let Some(token) = find_token(
        &mut state,
        field(&pairs, "session_id"),
        field(&pairs, "token_id"),
    ) else {
        return unknown_token();
    };
    if token.three_d == Some(ThreeDStatus::Pending) {
        if field(&pairs, "action") == Some("decline") {
            token.three_d = Some(ThreeDStatus::Declined);
        } else if field(&pairs, "password") == Some(TEST_3D_PASSWORD) {
            verify(token);
        } else {
            token.wrong_passwords += 1;
            if token.wrong_passwords >= MAX_WRONG_PASSWORDS {
                token.three_d = Some(ThreeDStatus::Declined);
            } else {
                let left = MAX_WRONG_PASSWORDS - token.wrong_passwords;
                let error = format!("Şifre hatalı. Kalan deneme hakkı: {left}");
                let html = tds_page_html(&shared.base_url, token, Some(&error));
                return wire::html(StatusCode::OK, html);
            }
        }
    }
    decided(
        &state,
        field(&pairs, "session_id"),
        field(&pairs, "token_id"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_strings_cannot_close_the_script() {
        assert_eq!(js_string("a</script>"), "\"a\\u003c/script>\"");
        assert_eq!(query_encode("js_A-B 1/2"), "js_A-B%201%2F2");
    }
}
