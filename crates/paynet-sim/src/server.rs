//! The simulator's shared state handle, its router, the helpers every handler uses, and the
//! handlers of the seed endpoints (capture, check, PayPOS, agent sessions).

use std::{
    sync::{
        Arc, Mutex, MutexGuard,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use axum::{
    Router,
    body::Bytes,
    extract::{ConnectInfo, Request, State as AxState},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::Response,
    routing::{get, post},
};
use rust_decimal::Decimal;
use serde::{Deserialize, de::DeserializeOwned};
use serde_json::value::RawValue;

use crate::{
    SimConfig, after_sale,
    clock::{self, ALNUM},
    conn::{ConnToken, Registry},
    ledger::{Channel, REVERSAL},
    payments,
    state::{CaptureOutcome, Payment, PaymentKind, PreAuthKey, SUCCESS_MESSAGE, Session, State},
    triggers,
    wire::{self, AuthKeyResponse, DataResponse, PaymentSessionResponse, PayposResult},
};

/// The name on the simulator's default card.
pub(crate) const CARD_HOLDER: &str = "PAYNET SIM";
/// The largest amount init_sale accepts, in TL.
fn max_sale_amount() -> Decimal {
    Decimal::new(1_000_000_000, 0)
}

/// The state that the server and the [`Simulator`](crate::Simulator) handle share.
#[derive(Debug)]
pub(crate) struct Shared {
    state: Mutex<State>,
    pub(crate) registry: Arc<Registry>,
    secret_key: String,
    slow_delay: Duration,
    /// `http://127.0.0.1:PORT`, for the URLs the simulator hands out (3-D pages).
    pub(crate) base_url: String,
    /// Write v2 amounts as `"149,90"` strings.
    pub(crate) v2_comma: bool,
    /// How long a refund request waits before it is decided.
    pub(crate) reversal_delay: Duration,
    /// `succeedUrl` callbacks delivered (a 2xx answer) and not delivered.
    pub(crate) callbacks_delivered: AtomicU64,
    pub(crate) callbacks_failed: AtomicU64,
}

impl Shared {
    /// The shared state of a simulator started with `config`, listening at `base_url`.
    pub(crate) fn new(config: &SimConfig, registry: Arc<Registry>, base_url: String) -> Self {
        Shared {
            state: Mutex::new(State::new(config)),
            registry,
            secret_key: config.secret_key.clone(),
            slow_delay: config.slow_delay,
            base_url,
            v2_comma: config.v2_comma_amounts,
            reversal_delay: config.reversal_delay,
            callbacks_delivered: AtomicU64::new(0),
            callbacks_failed: AtomicU64::new(0),
        }
    }

    /// The state, even if a thread panicked while holding it (the state stays consistent: every
    /// change is made in one step under the lock).
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether `headers` carry `Authorization: Basic <secret key>` exactly.
    pub(crate) fn secret_ok(&self, headers: &HeaderMap) -> bool {
        !self.secret_key.is_empty()
            && header_str(headers, header::AUTHORIZATION.as_str())
                .and_then(|v| v.strip_prefix("Basic "))
                == Some(self.secret_key.as_str())
    }

    /// Counts a callback delivery attempt.
    pub(crate) fn count_callback(&self, delivered: bool) {
        let counter = if delivered {
            &self.callbacks_delivered
        } else {
            &self.callbacks_failed
        };
        counter.fetch_add(1, Ordering::SeqCst);
    }
}

/// TL from kuruş.
fn tl(kurus: u64) -> Decimal {
    Decimal::from_i128_with_scale(i128::from(kurus), 2)
}

/// Kuruş from a TL amount with at most two decimals.
fn kurus_of(amount: Decimal) -> u64 {
    let mut a = amount;
    a.rescale(2);
    u64::try_from(a.mantissa()).unwrap_or(0)
}

/// A header's value as text.
pub(crate) fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// A string field that counts as present: not absent, not empty.
pub(crate) fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
}

/// The router of a simulator.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/transaction/capture", post(capture))
        .route("/v1/transaction/check", post(check_payment))
        .route("/v2/transaction/payment", post(payments::pay))
        .route("/v2/transaction/tds_initial", post(payments::start_3d))
        .route("/v2/transaction/tds_charge", post(payments::complete_3d))
        .route("/v1/transaction/charge", post(payments::charge))
        .route("/v1/transaction/detail", post(payments::detail))
        .route(
            "/v1/transaction/reversed_request",
            post(after_sale::reversed_request),
        )
        .route(
            "/v1/transaction/preauth_reversal",
            post(after_sale::preauth_reversal),
        )
        .route(
            "/v1/transaction/capture_reversal",
            post(after_sale::capture_reversal),
        )
        .route("/v1/transaction/list", post(after_sale::list))
        .route(
            "/v1/transaction/reversal_list",
            post(after_sale::reversal_list),
        )
        .route("/v1/ratio/Get", post(after_sale::ratio_get))
        .route("/v1/softpos/init_sale_transaction", post(init_sale))
        .route("/v1/softpos/check_transaction", post(check_transaction))
        .route("/v1/softpos/init_reversal_transaction", post(init_reversal))
        .route("/v1/agent/get_auth_key", post(get_auth_key))
        .route("/v1/agent/logout", post(logout))
        .route(
            "/sim/3d",
            get(payments::tds_page).post(payments::tds_submit),
        )
        .route("/sim/js_payment", post(payments::js_payment))
        .route("/sim/banks/{file}", get(after_sale::bank_logo))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), count))
        .with_state(shared)
}

/// Counts every request by path; withholds the answer the `LOST` trigger marked.
async fn count(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    shared.lock().record(&path);
    let response = next.run(request).await;
    if conn.0.take_lost_answer() && LOSABLE.contains(&path.as_str()) {
        // Handled, recorded, and the answer never arrives: after the slow delay, the connection
        // is closed without a byte of it.
        tokio::time::sleep(shared.slow_delay).await;
        conn.0.kill();
    }
    response
}

/// 404 for paths Paynet does not have.
async fn not_found() -> Response {
    wire::paynet_error(
        StatusCode::NOT_FOUND,
        "no_data_error",
        "Bu adreste bir servis yok (paynet-sim)",
        12,
    )
}

/// 405 for a method other than POST on a known path.
async fn method_not_allowed() -> Response {
    let mut response = wire::paynet_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "invalid_request_error",
        "Bu servis yalnızca POST isteği kabul eder",
        11,
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("POST"));
    response
}

/// 401 `authorization_error` (never echoes the key it got).
pub(crate) fn unauthorized() -> Response {
    wire::paynet_error(
        StatusCode::UNAUTHORIZED,
        "authorization_error",
        "Yetkisiz erişim: Authorization başlığı 'Basic <secret_key>' olmalı ve geçerli bir anahtar içermelidir",
        7,
    )
}

/// 400 `invalid_request_error` (Paynet's shape).
pub(crate) fn invalid_request(message: &str) -> Response {
    wire::paynet_error(
        StatusCode::BAD_REQUEST,
        "invalid_request_error",
        message,
        11,
    )
}

/// The body as JSON, or a message saying why not.
pub(crate) fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|e| {
        if e.is_data() {
            format!("İstek alanları hatalı: {e}")
        } else {
            "İstek gövdesi geçerli bir JSON nesnesi değil".to_owned()
        }
    })
}

/// Runs the transport triggers on `field`: `FAIL500`, `DROP` and `SLOW` (which waits, then lets
/// the request go on). Returns the response to send instead of the normal one, if any.
pub(crate) async fn transport_trigger(
    shared: &Shared,
    conn: &ConnToken,
    field: Option<&str>,
) -> Option<Response> {
    let value = field?;
    if value.starts_with(triggers::FAIL500_PREFIX) {
        return Some(wire::html_500());
    }
    if value.starts_with(triggers::DROP_PREFIX) {
        conn.0.kill();
        // hyper sees the dead connection at once and drops this future with it. Should it not,
        // nothing can be written on the connection anyway.
        tokio::time::sleep(Duration::from_secs(60)).await;
        return Some(wire::html_500());
    }
    if value.starts_with(triggers::SLOW_PREFIX) {
        tokio::time::sleep(shared.slow_delay).await;
    }
    if value.starts_with(triggers::LOST_PREFIX) {
        conn.0.lose_answer();
    }
    None
}

/// The paths whose answer the `LOST` trigger withholds: those that move money (a read's answer
/// is never lost, so that a lookup can settle the lost one).
const LOSABLE: [&str; 9] = [
    "/v1/transaction/capture",
    "/v2/transaction/payment",
    "/v2/transaction/tds_charge",
    "/v1/transaction/charge",
    "/v1/transaction/reversed_request",
    "/v1/transaction/preauth_reversal",
    "/v1/transaction/capture_reversal",
    "/v1/softpos/init_sale_transaction",
    "/v1/softpos/init_reversal_transaction",
];

/// The body of `/v1/transaction/capture`.
#[derive(Debug, Deserialize)]
struct CaptureRequest {
    xact_id: Option<String>,
    xact: Option<String>,
    reference_no: Option<String>,
    amount: Option<Box<RawValue>>,
}

/// `amount` of a capture: a JSON string of kuruş digits; empty or absent means "all that is left".
fn capture_amount(raw: Option<&RawValue>) -> Result<Option<u64>, &'static str> {
    let Some(raw) = raw else { return Ok(None) };
    if raw.get() == "null" {
        return Ok(None);
    }
    let text: String = serde_json::from_str(raw.get())
        .map_err(|_| "amount kuruş cinsinden bir metin olmalıdır (\"10.00 TL\" => \"1000\")")?;
    if text.is_empty() {
        return Ok(None);
    }
    if text.len() > 15 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err("amount yalnızca rakam içermelidir (kuruş: \"10.00 TL\" => \"1000\")");
    }
    match text.parse::<u64>() {
        Ok(0) | Err(_) => Err("amount sıfırdan büyük olmalıdır"),
        Ok(n) => Ok(Some(n)),
    }
}

async fn capture(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !shared.secret_ok(&headers) {
        return unauthorized();
    }
    let request: CaptureRequest = match parse(&body) {
        Ok(r) => r,
        Err(message) => return invalid_request(&message),
    };
    let reference_no = present(&request.reference_no);
    let key = if let Some(v) = present(&request.xact_id) {
        PreAuthKey::XactId(v)
    } else if let Some(v) = present(&request.xact) {
        PreAuthKey::Xact(v)
    } else if let Some(v) = reference_no {
        PreAuthKey::ReferenceNo(v)
    } else {
        return invalid_request("xact_id, xact ve reference_no alanlarından en az biri zorunludur");
    };
    let amount = match capture_amount(request.amount.as_deref()) {
        Ok(a) => a,
        Err(message) => return invalid_request(message),
    };
    if let Some(response) = transport_trigger(&shared, &conn, reference_no).await {
        return response;
    }
    let force_decline = reference_no.is_some_and(|r| r.starts_with(triggers::DECLINE_PREFIX))
        || amount == Some(triggers::DECLINE_AMOUNT_KURUS);
    let outcome = shared
        .lock()
        .capture(key, amount, reference_no, force_decline);
    match outcome {
        CaptureOutcome::Tx(tx) => wire::json(StatusCode::OK, &tx),
        CaptureOutcome::NoData => wire::paynet_error(
            StatusCode::NOT_FOUND,
            "no_data_error",
            "Finansallaştırılacak ön provizyon bulunamadı",
            12,
        ),
    }
}

/// The body of `/v1/transaction/check`.
#[derive(Debug, Deserialize)]
struct PaymentCheckRequest {
    xact_id: Option<String>,
    reference_no: Option<String>,
}

async fn check_payment(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !shared.secret_ok(&headers) {
        return unauthorized();
    }
    let request: PaymentCheckRequest = match parse(&body) {
        Ok(r) => r,
        Err(message) => return invalid_request(&message),
    };
    let (xact_id, reference_no) = (present(&request.xact_id), present(&request.reference_no));
    if xact_id.is_none() && reference_no.is_none() {
        return invalid_request("xact_id veya reference_no alanlarından en az biri zorunludur");
    }
    if let Some(response) = transport_trigger(&shared, &conn, reference_no).await {
        return response;
    }
    let data: Vec<_> = shared
        .lock()
        .matching(xact_id, reference_no)
        .into_iter()
        .map(|t| t.check_shape(true))
        .collect();
    let (code, message) = match data.is_empty() {
        true => (12, "İşlem bulunamadı"),
        false => (0, SUCCESS_MESSAGE),
    };
    wire::json(
        StatusCode::OK,
        &DataResponse {
            data,
            object_name: "transaction_check",
            code,
            message,
        },
    )
}

/// The session of a valid `Session-Key` header, if any.
fn session(shared: &Shared, headers: &HeaderMap) -> Option<Session> {
    let key = header_str(headers, "session-key").unwrap_or("");
    shared.lock().sessions.get(key).cloned()
}

/// The PayPOS 400 error for a missing or unknown `Session-Key` (code 7, unauthorized).
fn invalid_session() -> Response {
    wire::paypos_error(
        7,
        "Geçersiz veya süresi dolmuş oturum anahtarı (Session-Key)",
    )
}

/// The body of `/v1/softpos/init_sale_transaction`.
#[derive(Debug, Deserialize)]
struct InitSaleRequest {
    amount: Option<Box<RawValue>>,
    add_commission: Option<bool>,
    instalment: Option<u32>,
    card_holder_phone: Option<String>,
    card_holder_mail: Option<String>,
    description: Option<String>,
    reference_no: Option<String>,
    selected_agent_id: Option<String>,
    callback_url: Option<String>,
}

/// An init_sale `amount`: a JSON number of TL, positive, with at most two decimals, read exactly.
fn sale_amount(raw: Option<&RawValue>) -> Result<Decimal, &'static str> {
    let text = raw.map(RawValue::get).unwrap_or("null").trim();
    if text == "null" {
        return Err("amount zorunludur (TL cinsinden bir sayı, örn. 149.90)");
    }
    if !text.starts_with(|c: char| c == '-' || c.is_ascii_digit()) {
        return Err("amount bir JSON sayısı olmalıdır (TL cinsinden, örn. 149.90)");
    }
    let parsed = if text.contains(['e', 'E']) {
        Decimal::from_scientific(text)
    } else {
        Decimal::from_str_exact(text)
    };
    let amount = parsed.map_err(|_| "amount okunamadı")?.normalize();
    if amount <= Decimal::ZERO {
        return Err("amount sıfırdan büyük olmalıdır");
    }
    if amount.scale() > 2 {
        return Err("amount en fazla iki ondalık basamak içerebilir");
    }
    if amount > max_sale_amount() {
        return Err("amount çok büyük");
    }
    Ok(amount)
}

async fn init_sale(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(session) = session(&shared, &headers) else {
        return invalid_session();
    };
    let request: InitSaleRequest = match parse(&body) {
        Ok(r) => r,
        Err(message) => return wire::paypos_error(11, &message),
    };
    let amount = match sale_amount(request.amount.as_deref()) {
        Ok(a) => a,
        Err(message) => return wire::paypos_error(11, message),
    };
    let reference_no = request.reference_no.clone().unwrap_or_default();
    if let Some(response) = transport_trigger(&shared, &conn, Some(reference_no.as_str())).await {
        return response;
    }
    let force_decline = reference_no.starts_with(triggers::DECLINE_PREFIX)
        || amount == tl(triggers::DECLINE_AMOUNT_KURUS);
    let mut state = shared.lock();
    let (id, encryption_key) = state.new_payment_ids();
    let payment = Payment {
        id,
        kind: PaymentKind::Sale,
        encryption_key,
        amount: kurus_of(amount),
        add_commission: request.add_commission.unwrap_or(false),
        instalment: request.instalment.unwrap_or(0),
        reference_no,
        description: request.description.unwrap_or_default(),
        phone: request.card_holder_phone.unwrap_or_default(),
        email: request.card_holder_mail.unwrap_or_default(),
        agent_id: present(&request.selected_agent_id)
            .map(str::to_owned)
            .unwrap_or(session.agent_id),
        force_decline,
        outcome: None,
    };
    // The callback URL is where PayPOS would send the app back; the simulator has no app to
    // send back to, so it is accepted and not used.
    let _ = request.callback_url;
    let response = payment_session_response(&payment, "sale");
    state.payments.push(payment);
    response
}

/// The six fields of init_sale / init_reversal.
fn payment_session_response(payment: &Payment, action: &str) -> Response {
    wire::json(
        StatusCode::OK,
        &PaymentSessionResponse {
            payment_session_id: &payment.id,
            deeplink_url: format!("paypos://{action}?payment_session_id={}", payment.id),
            encryption_key: &payment.encryption_key,
            object_name: "payment_session",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}

/// The body of `/v1/softpos/check_transaction`.
#[derive(Debug, Deserialize)]
struct CheckRequest {
    payment_session_id: Option<String>,
}

async fn check_transaction(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if session(&shared, &headers).is_none() {
        return invalid_session();
    }
    let request: CheckRequest = match parse(&body) {
        Ok(r) => r,
        Err(message) => return wire::paypos_error(11, &message),
    };
    let Some(id) = present(&request.payment_session_id) else {
        return wire::paypos_error(11, "payment_session_id zorunludur");
    };
    if let Some(response) = transport_trigger(&shared, &conn, Some(id)).await {
        return response;
    }
    let state = shared.lock();
    let payment = state.payments.iter().find(|p| p.id == id);
    let outcome = payment.and_then(|p| p.outcome.as_deref());
    let tx = outcome.and_then(|tx_id| state.by_id(tx_id).and_then(|i| state.ledger.get(i)));
    let (data, code, message) = match (payment, tx) {
        (Some(_), Some(tx)) => (vec![tx.check_shape(false)], 0, SUCCESS_MESSAGE),
        (Some(_), None) => (Vec::new(), 12, "İşlem henüz tamamlanmadı: kart okutulmadı"),
        (None, _) => (Vec::new(), 12, "Bu payment_session_id ile işlem bulunamadı"),
    };
    wire::json(
        StatusCode::OK,
        &DataResponse {
            data,
            object_name: "transaction_list",
            code,
            message,
        },
    )
}

/// The body of `/v1/softpos/init_reversal_transaction`.
#[derive(Debug, Deserialize)]
struct InitReversalRequest {
    xact_id: Option<String>,
    reference_no: Option<String>,
    callback_url: Option<String>,
}

async fn init_reversal(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(session) = session(&shared, &headers) else {
        return invalid_session();
    };
    let request: InitReversalRequest = match parse(&body) {
        Ok(r) => r,
        Err(message) => return wire::paypos_error(11, &message),
    };
    let Some(xact_id) = present(&request.xact_id) else {
        return wire::paypos_error(11, "xact_id zorunludur");
    };
    let reference_no = request.reference_no.clone().unwrap_or_default();
    if let Some(response) = transport_trigger(&shared, &conn, Some(reference_no.as_str())).await {
        return response;
    }
    let _ = request.callback_url;
    let declined = reference_no.starts_with(triggers::DECLINE_PREFIX);

    let mut state = shared.lock();
    let original = state.payments.iter().find_map(|p| {
        let tx_id = p.outcome.as_deref()?;
        let index = state.by_id(tx_id)?;
        let tx = state.ledger.get(index)?;
        (p.kind == PaymentKind::Sale && tx.xact_id == xact_id).then_some(index)
    });
    let Some(sale) = original.and_then(|i| state.ledger.get(i)).cloned() else {
        return wire::paypos_error(12, "İptal/iade edilecek işlem bulunamadı");
    };
    if !sale.is_succeed {
        return wire::paypos_error(6, "Başarısız bir işlem iptal/iade edilemez");
    }
    if sale.reversed {
        return wire::paypos_error(5, "Bu işlem daha önce iptal/iade edilmiş");
    }
    let mut tx = state.new_tx(
        REVERSAL,
        Channel::PayPos,
        sale.card.clone(),
        sale.amount,
        false,
    );
    tx.fees = sale.fees;
    tx.agent_id = session.agent_id.clone();
    tx.instalment = sale.instalment;
    tx.email = sale.email.clone();
    tx.phone = sale.phone.clone();
    tx.reference_no = reference_no.clone();
    tx.note = format!("{} işleminin iptali/iadesi", sale.xact_id);
    tx.parent = Some(sale.id.clone());
    if declined {
        tx.decline("Kart sahibinin bankası iptali onaylamadı (paynet-sim DECLINE tetikleyicisi).");
    }
    let (id, encryption_key) = state.new_payment_ids();
    let payment = Payment {
        id,
        kind: PaymentKind::Reversal,
        encryption_key,
        amount: sale.amount,
        add_commission: false,
        instalment: sale.instalment,
        reference_no,
        description: tx.note.clone(),
        phone: sale.phone.clone(),
        email: sale.email.clone(),
        agent_id: session.agent_id,
        force_decline: declined,
        outcome: Some(tx.id.clone()),
    };
    if !declined && let Some(original) = original.and_then(|i| state.ledger.get_mut(i)) {
        original.reversed = true;
        original.refunded = original.amount;
        original.reversed_xact_id = tx.xact_id.clone();
    }
    state.push(tx);
    let response = payment_session_response(&payment, "reversal");
    state.payments.push(payment);
    response
}

/// Checks the agent calls' headers: the secret key (401) and `PaynetMobile: 2` (400). Returns
/// the refusal, if any.
fn agent_headers(shared: &Shared, headers: &HeaderMap) -> Option<Response> {
    if !shared.secret_ok(headers) {
        return Some(unauthorized());
    }
    if header_str(headers, "paynetmobile").map(str::trim) != Some("2") {
        return Some(wire::paypos_error(
            11,
            "PaynetMobile başlığı eksik veya hatalı: 'PaynetMobile: 2' gönderilmelidir",
        ));
    }
    None
}

/// The body of `/v1/agent/get_auth_key`.
#[derive(Debug, Deserialize)]
struct AuthKeyRequest {
    agent_id: Option<String>,
    user_id: Option<String>,
}

async fn get_auth_key(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(refusal) = agent_headers(&shared, &headers) {
        return refusal;
    }
    let request: AuthKeyRequest = match parse(&body) {
        Ok(r) => r,
        Err(message) => return wire::paypos_error(11, &message),
    };
    let (Some(agent_id), Some(user_id)) = (present(&request.agent_id), present(&request.user_id))
    else {
        return wire::paypos_error(11, "agent_id ve user_id zorunludur");
    };
    if let Some(response) = transport_trigger(&shared, &conn, Some(user_id)).await {
        return response;
    }
    let mut state = shared.lock();
    if !state
        .agents
        .iter()
        .any(|(a, u)| a == agent_id && u == user_id)
    {
        return wire::paypos_error(4, "Bayi veya kullanıcı bulunamadı");
    }
    let session_key = format!("ssk_{}", state.rng.string(ALNUM, 32));
    let user_unique_id = state.rng.uuid();
    let now = state.clock.now();
    state.sessions.insert(
        session_key.clone(),
        Session {
            agent_id: agent_id.to_owned(),
        },
    );
    wire::json(
        StatusCode::OK,
        &AuthKeyResponse {
            session_key,
            expired_date: clock::format_dotnet(now.saturating_add(clock::ONE_DAY)),
            agent_id: agent_id.to_owned(),
            company_code: crate::COMPANY_CODE.to_owned(),
            user_id: user_id.to_owned(),
            user_unique_id,
            is_okc_inquiry: false,
            object_name: "agent_session",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}

/// The body of `/v1/agent/logout`.
#[derive(Debug, Deserialize)]
struct LogoutRequest {
    session_key: Option<String>,
}

async fn logout(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(refusal) = agent_headers(&shared, &headers) {
        return refusal;
    }
    let request: LogoutRequest = match parse(&body) {
        Ok(r) => r,
        Err(message) => return wire::paypos_error(11, &message),
    };
    let Some(key) = present(&request.session_key) else {
        return wire::paypos_error(11, "session_key zorunludur");
    };
    if let Some(response) = transport_trigger(&shared, &conn, Some(key)).await {
        return response;
    }
    if shared.lock().sessions.remove(key).is_none() {
        return wire::paypos_error(12, "Oturum bulunamadı veya daha önce sonlandırılmış");
    }
    wire::json(
        StatusCode::OK,
        &PayposResult {
            object_name: "logout",
            code: 0,
            message: "Oturum sonlandırıldı",
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capture_amounts() {
        assert_eq!(capture_amount(None), Ok(None));
        let raw = |s: &str| RawValue::from_string(s.to_owned()).ok();
        assert_eq!(capture_amount(raw("\"\"").as_deref()), Ok(None));
        assert_eq!(capture_amount(raw("\"1000\"").as_deref()), Ok(Some(1000)));
        assert!(capture_amount(raw("\"10.00\"").as_deref()).is_err());
        assert!(capture_amount(raw("1000").as_deref()).is_err());
        assert!(capture_amount(raw("\"0\"").as_deref()).is_err());
    }

    #[test]
    fn sale_amounts() {
        let raw = |s: &str| RawValue::from_string(s.to_owned()).ok();
        assert_eq!(
            sale_amount(raw("149.90").as_deref()),
            Ok(Decimal::new(1499, 1))
        );
        assert_eq!(sale_amount(raw("100").as_deref()), Ok(Decimal::new(100, 0)));
        assert_eq!(
            sale_amount(raw("1.5e2").as_deref()),
            Ok(Decimal::new(150, 0))
        );
        assert_eq!(sale_amount(raw("0.10").as_deref()), Ok(Decimal::new(1, 1)));
        assert!(sale_amount(raw("0.001").as_deref()).is_err());
        assert!(sale_amount(raw("0").as_deref()).is_err());
        assert!(sale_amount(raw("-5").as_deref()).is_err());
        assert!(sale_amount(raw("\"5\"").as_deref()).is_err());
        assert!(sale_amount(None).is_err());
    }
}
