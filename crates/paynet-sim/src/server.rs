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

use crate::{
    SimConfig, after_sale, agent_services,
    clock::{self, ALNUM},
    conn::{ConnToken, Registry},
    ledger::{Channel, REVERSAL},
    lenient::{self, Number},
    payments, ratio_services,
    state::{CaptureOutcome, Payment, PaymentKind, PreAuthKey, SUCCESS_MESSAGE, Session, State},
    transaction_services, triggers,
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
    publishable_key: String,
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
            publishable_key: config.publishable_key.clone(),
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

    /// Whether `headers` carry `Authorization: Basic <publishable key>` exactly.
    pub(crate) fn publishable_ok(&self, headers: &HeaderMap) -> bool {
        !self.publishable_key.is_empty()
            && header_str(headers, header::AUTHORIZATION.as_str())
                .and_then(|v| v.strip_prefix("Basic "))
                == Some(self.publishable_key.as_str())
    }

    /// Whether `secret_key` and `publishable_key` are the simulator's (check_integration_info).
    pub(crate) fn keys_match(&self, publishable_key: &str, secret_key: &str) -> (bool, bool) {
        (
            !self.publishable_key.is_empty() && publishable_key == self.publishable_key,
            !self.secret_key.is_empty() && secret_key == self.secret_key,
        )
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
        .route(
            "/v1/transaction/add_info",
            post(transaction_services::add_info),
        )
        .route(
            "/v1/transaction/mark_transferred",
            post(transaction_services::mark_transferred),
        )
        .route(
            "/v1/transaction/escrow_status_update",
            post(transaction_services::escrow_status_update),
        )
        .route(
            "/v1/transaction/payment_list",
            post(transaction_services::payment_list),
        )
        .route("/v1/ratio/Get", post(ratio_services::ratio_get))
        .route("/v1/ratio/Get_public", post(ratio_services::public_ratios))
        .route("/v1/ratio/set_type", post(ratio_services::set_type))
        .route("/v1/ratio/define", post(ratio_services::define))
        .route("/v1/ratio/delete_type", post(ratio_services::delete_type))
        .route("/v1/softpos/init_sale_transaction", post(init_sale))
        .route("/v1/softpos/check_transaction", post(check_transaction))
        .route("/v1/softpos/init_reversal_transaction", post(init_reversal))
        .route("/v1/agent/get_auth_key", post(get_auth_key))
        .route("/v1/agent/logout", post(logout))
        .route("/v1/agent/autologin", post(agent_services::autologin))
        .route("/v1/agent/check_agent", post(agent_services::check_agent))
        .route(
            "/v1/agent/check_integration_info",
            post(agent_services::check_integration_info),
        )
        .route("/sim/autologin", get(agent_services::panel))
        .route(
            "/sim/3d",
            get(payments::tds_page).post(payments::tds_submit),
        )
        .route("/sim/js_payment", post(payments::js_payment))
        .route("/sim/banks/{file}", get(ratio_services::bank_logo))
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

/// The body as JSON, or a message saying why not (naming the field, when it can).
pub(crate) fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|e| {
        if e.is_data() {
            match key_at(body, e.line(), e.column()) {
                Some(key) => format!("İstek alanı hatalı ({key}): {e}"),
                None => format!("İstek alanları hatalı: {e}"),
            }
        } else {
            "İstek gövdesi geçerli bir JSON nesnesi değil".to_owned()
        }
    })
}

/// The key whose value ends at `line`:`column` (1-based, serde_json's position of a data error):
/// the last `"key":` before it. Only a plain name (letters, digits, `_`, at most 64) is given,
/// so that nothing but a field's name is ever repeated.
fn key_at(body: &[u8], line: usize, column: usize) -> Option<String> {
    let line_start = if line <= 1 {
        0
    } else {
        body.iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(line - 2)
            .map(|(i, _)| i + 1)?
    };
    let before = body.get(..line_start.saturating_add(column).min(body.len()))?;
    let colon = before.iter().rposition(|b| *b == b':')?;
    let head = before.get(..colon)?.trim_ascii_end();
    let head = head.strip_suffix(b"\"")?;
    let start = head.iter().rposition(|b| *b == b'"')? + 1;
    let key = head.get(start..)?;
    let plain = !key.is_empty()
        && key.len() <= 64
        && key.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_');
    plain.then(|| String::from_utf8_lossy(key).into_owned())
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
const LOSABLE: [&str; 11] = [
    "/v1/transaction/capture",
    "/v2/transaction/payment",
    "/v2/transaction/tds_charge",
    "/v1/transaction/charge",
    "/v1/transaction/reversed_request",
    "/v1/transaction/preauth_reversal",
    "/v1/transaction/capture_reversal",
    "/v1/transaction/mark_transferred",
    "/v1/transaction/escrow_status_update",
    "/v1/softpos/init_sale_transaction",
    "/v1/softpos/init_reversal_transaction",
];

/// The body of `/v1/transaction/capture`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CaptureRequest {
    #[serde(deserialize_with = "lenient::text")]
    xact_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    xact: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    reference_no: Option<String>,
    #[serde(deserialize_with = "lenient::number")]
    amount: Option<Number>,
}

/// `amount` of a capture: kuruş digits (`"1000"`, or the JSON integer `1000`); empty or absent
/// means "all that is left".
fn capture_amount(amount: Option<&Number>) -> Result<Option<u64>, &'static str> {
    let Some(amount) = amount else {
        return Ok(None);
    };
    match amount.kurus() {
        None => Err("amount yalnızca rakam içermelidir (kuruş: \"10.00 TL\" => \"1000\")"),
        Some(0) => Err("amount sıfırdan büyük olmalıdır"),
        Some(n) => Ok(Some(n)),
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
    let amount = match capture_amount(request.amount.as_ref()) {
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
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PaymentCheckRequest {
    #[serde(deserialize_with = "lenient::text")]
    xact_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
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
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct InitSaleRequest {
    #[serde(deserialize_with = "lenient::number")]
    amount: Option<Number>,
    #[serde(deserialize_with = "lenient::flag")]
    add_commission: Option<bool>,
    #[serde(deserialize_with = "lenient::int")]
    instalment: Option<u32>,
    #[serde(deserialize_with = "lenient::text")]
    card_holder_phone: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_holder_mail: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    description: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    reference_no: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    selected_agent_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    callback_url: Option<String>,
}

/// An init_sale `amount`: TL with a dot (a JSON number, `149.90`, or the same as a string),
/// positive, with at most two decimals, read exactly.
fn sale_amount(amount: Option<&Number>) -> Result<Decimal, &'static str> {
    let Some(amount) = amount else {
        return Err("amount zorunludur (TL cinsinden bir sayı, örn. 149.90)");
    };
    let amount = amount
        .decimal()
        .ok_or("amount TL cinsinden bir sayı olmalıdır (örn. 149.90)")?;
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
    let amount = match sale_amount(request.amount.as_ref()) {
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
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct CheckRequest {
    #[serde(deserialize_with = "lenient::text")]
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
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct InitReversalRequest {
    #[serde(deserialize_with = "lenient::text")]
    xact_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    reference_no: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
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
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct AuthKeyRequest {
    #[serde(deserialize_with = "lenient::text")]
    agent_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
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
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LogoutRequest {
    #[serde(deserialize_with = "lenient::text")]
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
    fn type_errors_name_their_field() {
        #[derive(Debug, Default, Deserialize)]
        #[serde(default)]
        struct Body {
            #[serde(deserialize_with = "lenient::int")]
            limit: Option<u32>,
            #[serde(deserialize_with = "lenient::flag")]
            untransferred: Option<bool>,
        }
        let message = |json: &str| {
            parse::<Body>(&Bytes::from(json.to_owned()))
                .err()
                .unwrap_or_default()
        };
        assert!(message(r#"{"untransferred":true, "limit" : "x"}"#).contains("(limit)"));
        assert!(
            message("{\n\"limit\":1,\n \"untransferred\":\"yes\"}").contains("(untransferred)")
        );
        assert!(message(r#"{"limit":[1]}"#).contains("(limit)"));
        assert_eq!(
            message("nope"),
            "İstek gövdesi geçerli bir JSON nesnesi değil"
        );
    }

    /// The `amount` of `{"amount": <json>}`, read leniently.
    fn amount(json: &str) -> Option<Number> {
        #[derive(Default, Deserialize)]
        #[serde(default)]
        struct Body {
            #[serde(deserialize_with = "lenient::number")]
            amount: Option<Number>,
        }
        serde_json::from_str::<Body>(&format!(r#"{{"amount":{json}}}"#))
            .ok()
            .and_then(|b| b.amount)
    }

    #[test]
    fn capture_amounts() {
        assert_eq!(capture_amount(None), Ok(None));
        let read = |json: &str| capture_amount(amount(json).as_ref());
        assert_eq!(read("\"\""), Ok(None));
        assert_eq!(read("\"1000\""), Ok(Some(1000)));
        assert_eq!(read("1000"), Ok(Some(1000)));
        assert!(read("\"10.00\"").is_err());
        assert!(read("10.00").is_err());
        assert!(read("\"0\"").is_err());
    }

    #[test]
    fn sale_amounts() {
        let read = |json: &str| sale_amount(amount(json).as_ref());
        assert_eq!(read("149.90"), Ok(Decimal::new(1499, 1)));
        assert_eq!(read("\"149.90\""), Ok(Decimal::new(1499, 1)));
        assert_eq!(read("100"), Ok(Decimal::new(100, 0)));
        assert_eq!(read("1.5e2"), Ok(Decimal::new(150, 0)));
        assert_eq!(read("0.10"), Ok(Decimal::new(1, 1)));
        assert!(read("0.001").is_err());
        assert!(read("0").is_err());
        assert!(read("-5").is_err());
        assert!(read("\"149,90\"").is_err());
        assert!(sale_amount(None).is_err());
    }
}
