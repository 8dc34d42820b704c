//! Card payments: the direct v2 payment, 3-D Secure (start, the simulated bank's page, charge),
//! Paynet.js (`charge`, and the simulator's stand-in for the form) and the transaction detail.

use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::{ConnectInfo, State as AxState},
    http::{HeaderMap, StatusCode, Uri},
    response::Response,
};
use serde::Deserialize;

use crate::{
    JsPayment, JsPaymentError, TEST_3D_PASSWORD, ThreeDStatus,
    cards::{self, Behaviour, Card, CardError, CardInput},
    conn::ConnToken,
    ledger::{Channel, PRE_AUTH, SALE, Tx},
    lenient::{self, Number},
    server::{Shared, invalid_request, parse, present, transport_trigger, unauthorized},
    state::{EARLIER_SUCCESS_MESSAGE, FAILURE_MESSAGE, SUCCESS_MESSAGE, State},
    triggers,
    wire::{self, DataResponse, JsPaymentResponse, Money, TdsInitialResponse},
};

/// The title of the simulated bank's 3-D pages.
const TDS_TITLE: &str = "3-D Secure – Paynet simülatörü";
/// Wrong 3-D passwords after which the session is declined.
const MAX_WRONG_PASSWORDS: u32 = 3;
/// The largest instalment count accepted.
const MAX_INSTALMENT: u32 = 12;

/// A payment to make, once its request was checked: what a 3-D or Paynet.js session keeps until
/// it is charged.
#[derive(Debug, Clone)]
pub(crate) struct Order {
    /// The amount asked for, in kuruş (before any commission added on top).
    pub(crate) amount: u64,
    pub(crate) add_commission: bool,
    pub(crate) instalment: u32,
    /// `transaction_type`: 1 sale, 3 pre-authorisation.
    pub(crate) kind: u8,
    pub(crate) reference_no: String,
    pub(crate) agent_id: Option<String>,
    pub(crate) description: String,
    pub(crate) phone: String,
    pub(crate) email: String,
    pub(crate) ratio_code: String,
    pub(crate) domain: String,
    pub(crate) card: Card,
}

impl Order {
    /// Whether the bank declines it: a declining card, a `DECLINE…` reference or 99.99 TL.
    fn declined_by_bank(&self) -> bool {
        self.card.behaviour == Behaviour::Decline
            || self.reference_no.starts_with(triggers::DECLINE_PREFIX)
            || self.amount == triggers::DECLINE_AMOUNT_KURUS
    }

    /// A new transaction for it (fresh ids, not recorded).
    fn tx(&self, state: &mut State, kind: u8, channel: Channel) -> Tx {
        let mut tx = state.new_tx(
            kind,
            channel,
            self.card.clone(),
            self.amount,
            self.add_commission,
        );
        self.fill(&mut tx);
        tx
    }

    /// A refusal's body for it (no ids).
    fn refusal(&self, state: &State, kind: u8, channel: Channel, code: u32, message: &str) -> Tx {
        let mut tx = state.refusal_tx(kind, channel, self.card.clone(), self.amount);
        self.fill(&mut tx);
        tx.refuse(code, message);
        tx
    }

    fn fill(&self, tx: &mut Tx) {
        if let Some(agent) = &self.agent_id {
            tx.agent_id = agent.clone();
        }
        tx.instalment = self.instalment;
        tx.email = self.email.clone();
        tx.phone = self.phone.clone();
        tx.note = self.description.clone();
        tx.reference_no = self.reference_no.clone();
        tx.ratio_code = self.ratio_code.clone();
    }

    /// Charges it: records the transaction (approved, or declined by the bank) and returns its
    /// index and result code.
    fn charge(&self, state: &mut State, kind: u8, channel: Channel) -> (usize, u32) {
        let mut tx = self.tx(state, kind, channel);
        if channel == Channel::ThreeD {
            tx.md_status = "1";
        }
        tx.is_tds = channel == Channel::ThreeD || self.card.behaviour.needs_3d();
        if channel == Channel::Js {
            tx.user_id = "PaynetJ".to_owned();
        }
        let code = if self.declined_by_bank() {
            tx.decline("Kart sahibinin bankası işlemi onaylamadı (paynet-sim).");
            1
        } else {
            0
        };
        (state.push(tx), code)
    }
}

/// The result code's message.
fn message_of(code: u32) -> &'static str {
    if code == 0 {
        SUCCESS_MESSAGE
    } else {
        FAILURE_MESSAGE
    }
}

/// The body of `/v2/transaction/payment` and `/v2/transaction/tds_initial`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct PaymentRequest {
    #[serde(deserialize_with = "lenient::number")]
    amount: Option<Number>,
    #[serde(deserialize_with = "lenient::text")]
    reference_no: Option<String>,
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
    return_url: Option<String>,
}

/// A v2 `amount`: TL with a comma (`"1234,56"`, `"10,5"`, `"10"`; a JSON integer is read as its
/// text, `10` as `"10"`), positive.
pub(crate) fn comma_amount(amount: Option<&Number>) -> Result<u64, &'static str> {
    let amount = amount.ok_or("amount zorunludur (TL, virgül ile: \"1234,56\")")?;
    comma_tl(&amount.text)
        .ok_or("amount TL cinsinden, ondalık ayıraç virgül olmalıdır (\"1234,56\")")
}

/// `"1234,56"` (or `"10,5"`, `"10"`) as kuruş; `None` for anything else or zero.
fn comma_tl(text: &str) -> Option<u64> {
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
struct Checked {
    order: Order,
    /// `transaction_type` as sent (checked later: 1 or 3, else code 19).
    kind: u32,
}

impl PaymentRequest {
    /// The checks that make a request invalid (HTTP 400, code 11).
    fn check(&self) -> Result<(), &'static str> {
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
        Ok(())
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
    fn order(&self, card: Card) -> Checked {
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
fn read_card(state: &State, request: &PaymentRequest, comma: bool) -> Result<Card, Box<Response>> {
    let refuse = |code: u32, message: &str| {
        let checked = request.order(Card::unknown());
        let tx = checked
            .order
            .refusal(state, SALE, Channel::Api, code, message);
        Box::new(wire::json(
            StatusCode::OK,
            &tx.v2_shape(code, message, comma),
        ))
    };
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
fn check_kind(
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
            let tx = checked.order.refusal(state, SALE, channel, 19, message);
            Err(Box::new(wire::json(
                StatusCode::OK,
                &tx.v2_shape(19, message, comma),
            )))
        }
    }
}

/// `POST /v2/transaction/payment`.
pub(crate) async fn pay(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !shared.secret_ok(&headers) {
        return unauthorized();
    }
    let request: PaymentRequest = match parse(&body) {
        Ok(r) => r,
        Err(message) => return invalid_request(&message),
    };
    if let Err(message) = request.check() {
        return invalid_request(message);
    }
    let reference_no = request.reference_no.clone().unwrap_or_default();
    if let Some(response) = transport_trigger(&shared, &conn, Some(&reference_no)).await {
        return response;
    }
    let comma = shared.v2_comma;
    let mut state = shared.lock();
    if let Some(earlier) = state.earlier_payment(&reference_no) {
        let tx = earlier.v2_shape(100, EARLIER_SUCCESS_MESSAGE, comma);
        return wire::json(StatusCode::OK, &tx);
    }
    let card = match read_card(&state, &request, comma) {
        Ok(card) => card,
        Err(refusal) => return *refusal,
    };
    let checked = request.order(card);
    let kind = match check_kind(&state, &checked, Channel::Api, comma) {
        Ok(kind) => kind,
        Err(refusal) => return *refusal,
    };
    let order = checked.order;
    if order.card.behaviour.needs_3d() {
        let message =
            "Bu kart ile 3D Secure olmadan ödeme yapılamaz: tds_initial ile 3D ödeme başlatın";
        let tx = order.refusal(&state, kind, Channel::Api, 16, message);
        return wire::json(StatusCode::OK, &tx.v2_shape(16, message, comma));
    }
    let (index, code) = order.charge(&mut state, kind, Channel::Api);
    match state.ledger.get(index) {
        Some(tx) => wire::json(StatusCode::OK, &tx.v2_shape(code, message_of(code), comma)),
        None => invalid_request("İşlem kaydedilemedi"),
    }
}

/// A 3-D Secure session: the payment it will make, and how far the shopper got.
#[derive(Debug)]
pub(crate) struct TdsSession {
    pub(crate) session_id: String,
    pub(crate) token_id: String,
    pub(crate) order: Order,
    pub(crate) return_url: String,
    pub(crate) status: ThreeDStatus,
    /// The plain id of its transaction, once charged.
    pub(crate) charged: Option<String>,
    pub(crate) wrong_passwords: u32,
}

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
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !shared.secret_ok(&headers) {
        return unauthorized();
    }
    let request: PaymentRequest = match parse(&body) {
        Ok(r) => r,
        Err(message) => return invalid_request(&message),
    };
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

/// The pairs of a query string or an `application/x-www-form-urlencoded` body, decoded.
pub(crate) fn form_pairs(text: &str) -> Vec<(String, String)> {
    text.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (url_decode(k), url_decode(v))
        })
        .collect()
}

/// Percent-decoding, with `+` as a space.
fn url_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(v) = hex {
                    out.push(v);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The value of `name` among `pairs`.
pub(crate) fn field<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// Text made safe for HTML (content and quoted attributes).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
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
struct TdsChargeRequest {
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
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !shared.secret_ok(&headers) {
        return unauthorized();
    }
    let request: TdsChargeRequest = match parse(&body) {
        Ok(r) => r,
        Err(message) => return invalid_request(&message),
    };
    let (Some(session_id), Some(token_id)) =
        (present(&request.session_id), present(&request.token_id))
    else {
        return invalid_request("session_id ve token_id zorunludur");
    };
    let comma = shared.v2_comma;
    let reference_no = {
        let mut state = shared.lock();
        match tds_session(&mut state, Some(session_id), Some(token_id)) {
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
            let tx = order.refusal(&state, SALE, Channel::ThreeD, 19, message);
            return wire::json(StatusCode::OK, &tx.v2_shape(19, message, comma));
        }
    };
    if status != ThreeDStatus::Verified {
        let message = if status == ThreeDStatus::Declined {
            "3D doğrulaması başarısız"
        } else {
            "3D doğrulaması tamamlanmadı"
        };
        let mut tx = order.refusal(&state, kind, Channel::ThreeD, 16, message);
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
    let (tx_index, code) = order.charge(&mut state, kind, Channel::ThreeD);
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

/// A Paynet.js session: what the form was given, and its charge once made.
#[derive(Debug)]
pub(crate) struct JsSession {
    pub(crate) session_id: String,
    pub(crate) token_id: String,
    pub(crate) order: Order,
    pub(crate) add_comission_amount: bool,
    pub(crate) ratio_code: String,
    /// The plain id of its transaction, once charged.
    pub(crate) charged: Option<String>,
}

/// Creates what Paynet.js's form would, after checking the card: a session to `charge`.
pub(crate) fn start_js(
    state: &mut State,
    payment: &JsPayment,
) -> Result<(String, String), JsPaymentError> {
    if payment.amount_kurus == 0 {
        return Err(JsPaymentError::InvalidAmount);
    }
    if payment.instalment > MAX_INSTALMENT {
        return Err(JsPaymentError::InvalidInstalment);
    }
    let input = CardInput {
        holder: Some(payment.card_holder.as_str()),
        pan: payment.pan.as_deref(),
        month: Some(payment.month),
        year: Some(payment.year),
        cvc: Some(payment.cvc.as_str()),
        card_hash: payment.card_hash.as_deref(),
    };
    let card = match cards::read_card(&input, state.this_month()) {
        Ok(card) => card,
        Err(CardError::Wrong(message)) => return Err(JsPaymentError::WrongCardData(message)),
        Err(CardError::UnknownHash | CardError::Missing) => {
            return Err(JsPaymentError::UnknownCardHash);
        }
    };
    let session_id = format!("js_EAAAA{}", state.rng.string(crate::clock::ALNUM, 40));
    let token_id = state.rng.uuid().to_uppercase();
    let order = Order {
        amount: payment.amount_kurus,
        add_commission: payment.add_comission_amount,
        instalment: payment.instalment,
        kind: SALE,
        reference_no: payment.reference_no.clone(),
        agent_id: None,
        description: payment.description.clone(),
        phone: String::new(),
        email: String::new(),
        ratio_code: payment.ratio_code.clone(),
        domain: String::new(),
        card,
    };
    state.js.push(JsSession {
        session_id: session_id.clone(),
        token_id: token_id.clone(),
        order,
        add_comission_amount: payment.add_comission_amount,
        ratio_code: payment.ratio_code.clone(),
        charged: None,
    });
    Ok((session_id, token_id))
}

/// The body of `/sim/js_payment`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct JsPaymentRequest {
    #[serde(deserialize_with = "lenient::number")]
    amount: Option<Number>,
    #[serde(deserialize_with = "lenient::text")]
    pan: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_holder: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    month: Option<u32>,
    #[serde(deserialize_with = "lenient::int")]
    year: Option<u32>,
    #[serde(deserialize_with = "lenient::text")]
    cvc: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_hash: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    reference_no: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    instalment: Option<u32>,
    #[serde(deserialize_with = "lenient::flag")]
    add_comission_amount: Option<bool>,
    #[serde(deserialize_with = "lenient::text")]
    ratio_code: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    description: Option<String>,
}

/// The form's `data-amount`: kuruş digits, as a JSON string (`"1000"`) or integer (`1000`).
fn form_amount(amount: Option<&Number>) -> Option<u64> {
    amount?.kurus().filter(|n| *n > 0)
}

/// `POST /sim/js_payment`: the simulator's stand-in for Paynet.js (no key needed).
pub(crate) async fn js_payment(AxState(shared): AxState<Arc<Shared>>, body: Bytes) -> Response {
    let request: JsPaymentRequest = match parse(&body) {
        Ok(r) => r,
        Err(message) => return invalid_request(&message),
    };
    let Some(amount) = form_amount(request.amount.as_ref()) else {
        return invalid_request(
            "amount kuruş cinsinden zorunludur (data-amount: \"1000\" = 10,00 TL)",
        );
    };
    let mut payment = match (present(&request.pan), present(&request.card_hash)) {
        (Some(pan), _) => JsPayment::new(amount, pan),
        (None, Some(hash)) => JsPayment::stored_card(amount, hash),
        (None, None) => return invalid_request("pan veya card_hash zorunludur"),
    };
    if let Some(holder) = request.card_holder {
        payment = payment.card_holder(holder);
    }
    if let (Some(month), Some(year)) = (request.month, request.year) {
        payment = payment.expiry(month, year);
    }
    if let Some(cvc) = request.cvc {
        payment = payment.cvc(cvc);
    }
    if let Some(reference_no) = request.reference_no {
        payment = payment.reference_no(reference_no);
    }
    if let Some(n) = request.instalment {
        payment = payment.instalment(n);
    }
    if let Some(add) = request.add_comission_amount {
        payment = payment.add_comission_amount(add);
    }
    if let Some(code) = request.ratio_code {
        payment = payment.ratio_code(code);
    }
    if let Some(description) = request.description {
        payment = payment.description(description);
    }
    let started = start_js(&mut shared.lock(), &payment);
    match started {
        Ok((session_id, token_id)) => wire::json(
            StatusCode::OK,
            &JsPaymentResponse {
                session_id,
                token_id,
                object_name: "sim_js_payment",
                code: 0,
                message: SUCCESS_MESSAGE,
            },
        ),
        Err(JsPaymentError::WrongCardData(message)) => wire::paynet_error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            &message,
            18,
        ),
        Err(JsPaymentError::UnknownCardHash) => wire::paynet_error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            "Saklı kart bulunamadı (card_hash)",
            25,
        ),
        Err(e) => invalid_request(&e.to_string()),
    }
}

/// The body of `/v1/transaction/charge`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ChargeRequest {
    #[serde(deserialize_with = "lenient::text")]
    session_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    token_id: Option<String>,
    #[serde(deserialize_with = "lenient::number")]
    amount: Option<Number>,
    #[serde(deserialize_with = "lenient::int")]
    transaction_type: Option<u32>,
    #[serde(deserialize_with = "lenient::flag")]
    add_comission_amount: Option<bool>,
    #[serde(deserialize_with = "lenient::text")]
    ratio_code: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    reference_no: Option<String>,
}

/// A charge's `amount`: kuruş digits (`"1000"`, or the JSON integer `1000`) or comma TL
/// (`"10,00"`).
fn charge_amount(amount: Option<&Number>) -> Option<u64> {
    let amount = amount?;
    if amount.text.contains(',') {
        return comma_tl(&amount.text);
    }
    amount.kurus().filter(|n| *n > 0)
}

/// A charge's `transaction_type`: 1 or 3 (`"1"`, as documented, or `1`); absent is a sale. `Err`
/// for anything else.
fn charge_kind(kind: Option<u32>) -> Result<u8, ()> {
    match kind {
        None | Some(1) => Ok(SALE),
        Some(3) => Ok(PRE_AUTH),
        Some(_) => Err(()),
    }
}

/// `POST /v1/transaction/charge`.
pub(crate) async fn charge(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !shared.secret_ok(&headers) {
        return unauthorized();
    }
    let request: ChargeRequest = match parse(&body) {
        Ok(r) => r,
        Err(message) => return invalid_request(&message),
    };
    let (Some(session_id), Some(token_id)) =
        (present(&request.session_id), present(&request.token_id))
    else {
        return invalid_request("session_id ve token_id zorunludur");
    };
    let Some(amount) = charge_amount(request.amount.as_ref()) else {
        return invalid_request(
            "amount zorunludur: formun data-amount değeri, kuruş (\"1000\") veya TL (\"10,00\")",
        );
    };
    let Ok(kind) = charge_kind(request.transaction_type) else {
        return invalid_request(
            "transaction_type \"1\" (satış) veya \"3\" (ön provizyon) olmalıdır",
        );
    };
    let find = |state: &State| {
        state
            .js
            .iter()
            .position(|s| s.session_id == session_id && s.token_id == token_id)
    };
    let reference_no = {
        let state = shared.lock();
        match find(&state).and_then(|i| state.js.get(i)) {
            Some(s) => s.order.reference_no.clone(),
            None => {
                let message = "Ödeme oturumu bulunamadı (session_id / token_id)";
                let mut tx = state.refusal_tx(kind, Channel::Js, Card::unknown(), amount);
                tx.refuse(13, message);
                return wire::json(StatusCode::OK, &tx.charge_shape(13, message));
            }
        }
    };
    let trigger = present(&request.reference_no)
        .unwrap_or(&reference_no)
        .to_owned();
    if let Some(response) = transport_trigger(&shared, &conn, Some(&trigger)).await {
        return response;
    }
    let mut state = shared.lock();
    let Some(index) = find(&state) else {
        return invalid_request("Ödeme oturumu bulunamadı");
    };
    let Some(session) = state.js.get(index) else {
        return invalid_request("Ödeme oturumu bulunamadı");
    };
    let (charged, order) = (session.charged.clone(), session.order.clone());
    let form_matches = amount == order.amount
        && request
            .add_comission_amount
            .is_none_or(|a| a == session.add_comission_amount)
        && request
            .ratio_code
            .as_ref()
            .is_none_or(|c| *c == session.ratio_code);
    if let Some(tx) = charged.and_then(|id| state.by_id(&id).and_then(|i| state.ledger.get(i))) {
        let body = if tx.is_succeed {
            tx.charge_shape(100, EARLIER_SUCCESS_MESSAGE)
        } else {
            tx.charge_shape(1, FAILURE_MESSAGE)
        };
        return wire::json(StatusCode::OK, &body);
    }
    if !form_matches {
        let message = "Tutar, komisyon veya oran kodu ödeme formundakiyle uyuşmuyor";
        let tx = order.refusal(&state, kind, Channel::Js, 15, message);
        return wire::json(StatusCode::OK, &tx.charge_shape(15, message));
    }
    if order.card.behaviour == Behaviour::ThreeDDecline {
        let message = "3D doğrulaması başarısız";
        let mut tx = order.refusal(&state, kind, Channel::Js, 16, message);
        tx.is_tds = true;
        return wire::json(StatusCode::OK, &tx.charge_shape(16, message));
    }
    let (tx_index, code) = order.charge(&mut state, kind, Channel::Js);
    let tx_id = state.ledger.get(tx_index).map(|t| t.id.clone());
    if let Some(session) = state.js.get_mut(index) {
        session.charged = tx_id;
    }
    match state.ledger.get(tx_index) {
        Some(tx) => wire::json(StatusCode::OK, &tx.charge_shape(code, message_of(code))),
        None => invalid_request("İşlem kaydedilemedi"),
    }
}

/// The body of `/v1/transaction/detail`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DetailRequest {
    #[serde(deserialize_with = "lenient::text")]
    id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    xact_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    xact: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    reference_no: Option<String>,
}

/// `POST /v1/transaction/detail`.
pub(crate) async fn detail(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !shared.secret_ok(&headers) {
        return unauthorized();
    }
    let request: DetailRequest = match parse(&body) {
        Ok(r) => r,
        Err(message) => return invalid_request(&message),
    };
    let id = present(&request.id);
    let xact_id = present(&request.xact_id);
    let xact = present(&request.xact);
    let reference_no = present(&request.reference_no);
    if id.is_none() && xact_id.is_none() && xact.is_none() && reference_no.is_none() {
        return invalid_request(
            "id, xact_id, xact veya reference_no alanlarından en az biri zorunludur",
        );
    }
    if let Some(response) = transport_trigger(&shared, &conn, reference_no).await {
        return response;
    }
    let data: Vec<_> = shared
        .lock()
        .select(|t| {
            id.is_some_and(|v| v == t.id)
                || xact.is_some_and(|v| v == t.id)
                || xact_id.is_some_and(|v| v == t.xact_id)
                || reference_no.is_some_and(|v| v == t.reference_no)
        })
        .into_iter()
        .map(Tx::detail_shape)
        .collect();
    let (code, message) = match data.is_empty() {
        true => (12, "İşlem bulunamadı"),
        false => (0, SUCCESS_MESSAGE),
    };
    wire::json(
        StatusCode::OK,
        &DataResponse {
            data,
            object_name: "transaction_detail",
            code,
            message,
        },
    )
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

    #[test]
    fn forms_decode() {
        let pairs = form_pairs("session_id=js_1&token_id=A%2DB&password=a+b&x");
        assert_eq!(field(&pairs, "token_id"), Some("A-B"));
        assert_eq!(field(&pairs, "password"), Some("a b"));
        assert_eq!(field(&pairs, "x"), Some(""));
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert!(absolute_http_url("https://shop.example/3d/return?x=1"));
        assert!(absolute_http_url("http://127.0.0.1:8080/r"));
        assert!(!absolute_http_url("/relative"));
        assert!(!absolute_http_url("ftp://x/"));
        assert!(!absolute_http_url("https:///nohost"));
    }
}
