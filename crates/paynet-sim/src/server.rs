//! The simulator's state and its HTTP handlers.

use std::{
    collections::{BTreeMap, HashMap},
    sync::{Arc, Mutex, MutexGuard},
    time::Duration,
};

use axum::{
    Router,
    body::Bytes,
    extract::{ConnectInfo, Request, State as AxState},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::Response,
    routing::post,
};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, de::DeserializeOwned};
use serde_json::value::RawValue;

use crate::{
    CompleteSaleError, CompletedSale, PreAuth, SimConfig,
    clock::{self, ALNUM, BASE64, Clock, Rng, XACT_ID_CHARS},
    conn::{ConnToken, Registry},
    triggers,
    wire::{
        self, AuthKeyResponse, CaptureTx, CheckResponse, CheckTx, Num, PaymentSessionResponse,
        PayposResult,
    },
};

/// `Başarılı İşlem`: the message of every successful answer.
const SUCCESS_MESSAGE: &str = "Başarılı İşlem";
/// The message of a failed transaction (`code` 1).
const FAILURE_MESSAGE: &str = "Başarısız İşlem";
/// The message that comes with `code` 100.
pub(crate) const OLD_SUCCESS_MESSAGE: &str =
    "Bu referans numarası ile daha önce başarılı işlem yapılmış";
/// The bank the simulator's cards belong to.
const BANK_ID: &str = "AXSS";
/// The simulator's (only) card, masked.
const CARD_NO_MASKED: &str = "435508******4358";
/// The name on the simulator's card.
const CARD_HOLDER: &str = "PAYNET SIM";
/// The commission ratio of every transaction: 1.99 %.
fn ratio() -> Decimal {
    Decimal::new(199, 4)
}
/// The tax on commission: 20 %.
fn commission_tax_rate() -> Decimal {
    Decimal::new(20, 2)
}
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
}

impl Shared {
    /// The shared state of a simulator started with `config`.
    pub(crate) fn new(config: &SimConfig, registry: Arc<Registry>) -> Self {
        Shared {
            state: Mutex::new(State::new(config)),
            registry,
            secret_key: config.secret_key.clone(),
            slow_delay: config.slow_delay,
        }
    }

    /// The state, even if a thread panicked while holding it (the state stays consistent: every
    /// change is made in one step under the lock).
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether `headers` carry `Authorization: Basic <secret key>` exactly.
    fn secret_ok(&self, headers: &HeaderMap) -> bool {
        !self.secret_key.is_empty()
            && header_str(headers, header::AUTHORIZATION.as_str())
                .and_then(|v| v.strip_prefix("Basic "))
                == Some(self.secret_key.as_str())
    }
}

/// A pre-authorisation and what is left of it.
#[derive(Debug)]
struct PreAuthState {
    pre_auth: PreAuth,
    remaining_kurus: u64,
}

/// A session key's owner.
#[derive(Debug, Clone)]
struct Session {
    agent_id: String,
}

/// What a payment session does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PaymentKind {
    Sale,
    Reversal,
}

/// A PayPOS payment session (a sale waiting for a card, or a reversal).
#[derive(Debug)]
struct Payment {
    id: String,
    kind: PaymentKind,
    encryption_key: String,
    amount: Decimal,
    add_commission: bool,
    instalment: u32,
    reference_no: String,
    description: String,
    phone: String,
    email: String,
    agent_id: String,
    force_decline: bool,
    outcome: Option<CheckTx>,
    reversed: bool,
}

/// Everything the simulator remembers.
#[derive(Debug)]
pub(crate) struct State {
    agents: Vec<(String, String)>,
    default_agent: (String, String),
    sessions: HashMap<String, Session>,
    pre_auths: Vec<PreAuthState>,
    captures_by_ref: HashMap<String, CaptureTx>,
    /// Every capture made, with its reference number: what check_payment finds.
    captures: Vec<(String, CaptureTx)>,
    payments: Vec<Payment>,
    requests: BTreeMap<String, u64>,
    rng: Rng,
    clock: Clock,
    next_xact: u64,
}

/// The ids of a new transaction.
struct TxIds {
    xact_id: String,
    xact: String,
    /// A 4-digit number shared by the authorisation code, reference code and order id.
    n: u64,
    date: String,
}

/// Commission, its tax and the net amount of `amount`.
fn fees(amount: Decimal) -> (Decimal, Decimal, Decimal) {
    let comission =
        (amount * ratio()).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let tax = (comission * commission_tax_rate())
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    (comission, tax, amount - comission - tax)
}

/// TL from kuruş.
fn tl(kurus: u64) -> Decimal {
    Decimal::from_i128_with_scale(i128::from(kurus), 2)
}

/// Which identifier a capture names its pre-authorisation by.
#[derive(Debug, Clone, Copy)]
enum PreAuthKey<'a> {
    XactId(&'a str),
    Xact(&'a str),
    ReferenceNo(&'a str),
}

impl PreAuthKey<'_> {
    fn matches(&self, p: &PreAuth) -> bool {
        match *self {
            PreAuthKey::XactId(v) => p.xact_id == v,
            PreAuthKey::Xact(v) => p.xact == v,
            PreAuthKey::ReferenceNo(v) => p.reference_no == v,
        }
    }
}

/// The result of a capture request, once validated.
enum CaptureOutcome {
    /// HTTP 200 with this transaction body.
    Tx(Box<CaptureTx>),
    /// No such pre-authorisation: HTTP 404 `no_data_error`.
    NoData,
}

impl State {
    fn new(config: &SimConfig) -> Self {
        let default_agent = config.agents.first().cloned().unwrap_or_else(|| {
            (
                crate::DEFAULT_AGENT_ID.to_owned(),
                crate::DEFAULT_USER_ID.to_owned(),
            )
        });
        let sessions = config
            .session_keys
            .iter()
            .filter(|k| !k.is_empty())
            .map(|k| {
                (
                    k.clone(),
                    Session {
                        agent_id: default_agent.0.clone(),
                    },
                )
            })
            .collect();
        let mut state = State {
            agents: config.agents.clone(),
            default_agent,
            sessions,
            pre_auths: Vec::new(),
            captures_by_ref: HashMap::new(),
            captures: Vec::new(),
            payments: Vec::new(),
            requests: BTreeMap::new(),
            rng: Rng::new(config.seed.unwrap_or_else(clock::entropy)),
            clock: Clock::new(config.seed.is_some()),
            next_xact: 1_000_101,
        };
        for p in &config.pre_auths {
            state.add_pre_auth(p.clone());
        }
        state
    }

    /// Adds a pre-authorisation, or resets one with the same `xact_id`.
    pub(crate) fn add_pre_auth(&mut self, pre_auth: PreAuth) {
        self.pre_auths
            .retain(|p| p.pre_auth.xact_id != pre_auth.xact_id || pre_auth.xact_id.is_empty());
        self.pre_auths.push(PreAuthState {
            remaining_kurus: pre_auth.amount_kurus,
            pre_auth,
        });
    }

    /// What is left of the pre-authorisation with this `xact_id`, `xact` or `reference_no`.
    pub(crate) fn remaining_kurus(&self, id: &str) -> Option<u64> {
        self.pre_auths
            .iter()
            .find(|p| {
                let pa = &p.pre_auth;
                !id.is_empty() && (pa.xact_id == id || pa.xact == id || pa.reference_no == id)
            })
            .map(|p| p.remaining_kurus)
    }

    /// Counts a request to `path`.
    fn record(&mut self, path: &str) {
        *self.requests.entry(path.to_owned()).or_insert(0) += 1;
    }

    /// Requests seen so far, by path.
    pub(crate) fn requests(&self) -> BTreeMap<String, u64> {
        self.requests.clone()
    }

    /// Whether `key` is a session key the simulator currently accepts.
    pub(crate) fn session_valid(&self, key: &str) -> bool {
        self.sessions.contains_key(key)
    }

    /// Payment sessions still waiting for a card, oldest first.
    pub(crate) fn pending(&self) -> Vec<String> {
        self.payments
            .iter()
            .filter(|p| p.outcome.is_none())
            .map(|p| p.id.clone())
            .collect()
    }

    fn next_ids(&mut self) -> TxIds {
        let xact = self.next_xact;
        self.next_xact += 1;
        let now = self.clock.now();
        TxIds {
            xact_id: format!("xk_EAAAA{}", self.rng.string(XACT_ID_CHARS, 43)),
            xact: xact.to_string(),
            n: 1_000 + self.rng.below(9_000),
            date: clock::format_dotnet(now),
        }
    }

    /// A capture transaction of `kurus`: successful, with fees, unless changed by the caller.
    fn capture_tx(&mut self, kurus: u64) -> CaptureTx {
        let ids = self.next_ids();
        let amount = tl(kurus);
        let (comission, tax, net) = fees(amount);
        CaptureTx {
            xact_id: ids.xact_id,
            xact_date: ids.date,
            transaction_type: 4,
            pos_type: 5,
            is_tds: false,
            agent_id: self.default_agent.0.clone(),
            user_id: self.default_agent.1.clone(),
            email: String::new(),
            phone: String::new(),
            bank_id: BANK_ID.to_owned(),
            instalment: 0,
            ratio: Num(ratio()),
            card_no_masked: CARD_NO_MASKED.to_owned(),
            card_holder: CARD_HOLDER.to_owned(),
            amount: Num(amount),
            net_amount: Num(net),
            comission: Num(comission),
            comission_tax: Num(tax),
            currency: "TRY".to_owned(),
            authorization_code: format!("aut-{}", ids.n),
            reference_code: format!("ref-{}", ids.n),
            order_id: format!("order-{}", ids.n),
            is_succeed: true,
            paynet_error_id: String::new(),
            paynet_error_message: String::new(),
            bank_error_id: String::new(),
            bank_error_message: String::new(),
            bank_error_short_desc: String::new(),
            bank_error_long_desc: String::new(),
            object_name: "transaction".to_owned(),
            code: 0,
            message: SUCCESS_MESSAGE.to_owned(),
        }
    }

    /// Turns a transaction into a failed one: no money moved.
    fn fail(tx: &mut CaptureTx) {
        tx.is_succeed = false;
        tx.code = 1;
        tx.message = FAILURE_MESSAGE.to_owned();
        tx.net_amount = Num(Decimal::ZERO);
        tx.comission = Num(Decimal::ZERO);
        tx.comission_tax = Num(Decimal::ZERO);
        tx.authorization_code = String::new();
    }

    fn capture(
        &mut self,
        key: PreAuthKey<'_>,
        amount_kurus: Option<u64>,
        reference_no: Option<&str>,
        force_decline: bool,
    ) -> CaptureOutcome {
        // Idempotency: the same reference_no as an earlier successful capture.
        if let Some(earlier) = reference_no.and_then(|r| self.captures_by_ref.get(r)) {
            let mut tx = earlier.clone();
            tx.code = 100;
            tx.message = OLD_SUCCESS_MESSAGE.to_owned();
            return CaptureOutcome::Tx(Box::new(tx));
        }
        let index = self.pre_auths.iter().position(|p| key.matches(&p.pre_auth));
        let remaining = index
            .and_then(|i| self.pre_auths.get(i))
            .map(|p| p.remaining_kurus);

        if force_decline {
            let mut tx = self.capture_tx(amount_kurus.or(remaining).unwrap_or(0));
            Self::fail(&mut tx);
            tx.bank_error_id = triggers::BANK_DECLINE_ERROR_ID.to_owned();
            tx.bank_error_message = triggers::BANK_DECLINE_MESSAGE.to_owned();
            tx.bank_error_short_desc = "Onaylanmadı".to_owned();
            tx.bank_error_long_desc =
                "Kart sahibinin bankası işlemi onaylamadı (paynet-sim DECLINE tetikleyicisi)."
                    .to_owned();
            return CaptureOutcome::Tx(Box::new(tx));
        }

        let (Some(index), Some(remaining)) = (index, remaining) else {
            return CaptureOutcome::NoData;
        };
        let kurus = amount_kurus.unwrap_or(remaining);
        if kurus == 0 || kurus > remaining {
            let mut tx = self.capture_tx(kurus);
            Self::fail(&mut tx);
            tx.paynet_error_id = triggers::OVER_CAPTURE_ERROR_ID.to_owned();
            tx.paynet_error_message = if remaining == 0 {
                "Ön provizyonun finansallaştırılacak tutarı kalmadı".to_owned()
            } else {
                format!(
                    "Finansallaştırma tutarı kalan ön provizyon tutarını ({} TL) aşamaz",
                    tl(remaining)
                )
            };
            return CaptureOutcome::Tx(Box::new(tx));
        }

        let tx = self.capture_tx(kurus);
        if let Some(p) = self.pre_auths.get_mut(index) {
            p.remaining_kurus = remaining - kurus;
        }
        if let Some(r) = reference_no {
            self.captures_by_ref.insert(r.to_owned(), tx.clone());
        }
        let reference = reference_no.unwrap_or_default().to_owned();
        self.captures.push((reference, tx.clone()));
        CaptureOutcome::Tx(Box::new(tx))
    }

    /// The transactions `/v1/transaction/check` reports for an `xact_id` or a `reference_no`:
    /// pre-authorisations, captures and completed PayPOS sales, oldest first.
    fn payment_check(&self, xact_id: Option<&str>, reference_no: Option<&str>) -> Vec<CheckTx> {
        let hit = |id: &str, reference: &str| {
            xact_id.is_some_and(|x| x == id)
                || reference_no.is_some_and(|r| !r.is_empty() && r == reference)
        };
        let pre_auths = self.pre_auths.iter().map(|p| &p.pre_auth);
        let pre_auths = pre_auths
            .filter(|p| hit(&p.xact_id, &p.reference_no))
            .map(|p| {
                let mut tx = self.check_row(&self.capture_like(p.amount_kurus), &p.reference_no);
                (tx.xact_id, tx.transaction_type) = (p.xact_id.clone(), 3);
                tx.xact_transaction_id = p.xact.clone();
                tx
            });
        let captures = self.captures.iter().filter(|(r, tx)| hit(&tx.xact_id, r));
        let captures = captures.map(|(r, tx)| self.check_row(tx, r));
        let sales = self.payments.iter().filter_map(|p| {
            let tx = p.outcome.as_ref()?;
            hit(&tx.xact_id, &p.reference_no).then(|| tx.clone())
        });
        pre_auths.chain(captures).chain(sales).collect()
    }

    /// A successful capture-shaped transaction of `kurus`, without taking ids or time.
    fn capture_like(&self, kurus: u64) -> CaptureTx {
        let (comission, tax, net) = fees(tl(kurus));
        CaptureTx {
            amount: Num(tl(kurus)),
            net_amount: Num(net),
            comission: Num(comission),
            comission_tax: Num(tax),
            ..wire::CaptureTx::empty()
        }
    }

    /// A capture transaction in the check's shape (`card_no`, `netAmount`, `agent_reference`).
    fn check_row(&self, tx: &CaptureTx, reference_no: &str) -> CheckTx {
        CheckTx {
            xact_id: tx.xact_id.clone(),
            xact_date: tx.xact_date.clone(),
            transaction_type: tx.transaction_type,
            pos_type: 5,
            agent_id: self.default_agent.0.clone(),
            is_tds: tx.is_tds,
            bank_id: BANK_ID.to_owned(),
            instalment: tx.instalment,
            card_no: CARD_NO_MASKED.to_owned(),
            card_holder: CARD_HOLDER.to_owned(),
            card_type: "cc".to_owned(),
            ratio: Num(ratio()),
            amount: tx.amount,
            net_amount: tx.net_amount,
            comission: tx.comission,
            comission_tax: tx.comission_tax,
            currency: "TRY".to_owned(),
            authorization_code: tx.authorization_code.clone(),
            reference_code: tx.reference_code.clone(),
            order_id: tx.order_id.clone(),
            is_succeed: tx.is_succeed,
            xact_transaction_id: String::new(),
            email: tx.email.clone(),
            phone: tx.phone.clone(),
            note: String::new(),
            agent_reference: reference_no.to_owned(),
        }
    }

    /// Completes a pending sale as the PayPOS app would once a card is tapped.
    pub(crate) fn complete_sale(
        &mut self,
        payment_session_id: &str,
        approved: bool,
    ) -> Result<CompletedSale, CompleteSaleError> {
        let index = self
            .payments
            .iter()
            .position(|p| p.id == payment_session_id)
            .ok_or(CompleteSaleError::UnknownPaymentSession)?;
        if self
            .payments
            .get(index)
            .is_none_or(|p| p.outcome.is_some() || p.kind != PaymentKind::Sale)
        {
            return Err(CompleteSaleError::AlreadyCompleted);
        }
        let ids = self.next_ids();
        let Some(p) = self.payments.get_mut(index) else {
            return Err(CompleteSaleError::UnknownPaymentSession);
        };
        let is_succeed = approved && !p.force_decline;
        let (amount, comission, tax, net) = if p.add_commission {
            let (c, t, _) = fees(p.amount);
            (p.amount + c + t, c, t, p.amount)
        } else {
            let (c, t, n) = fees(p.amount);
            (p.amount, c, t, n)
        };
        let (comission, tax, net) = if is_succeed {
            (comission, tax, net)
        } else {
            (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO)
        };
        let tx = CheckTx {
            xact_id: ids.xact_id.clone(),
            xact_date: ids.date,
            transaction_type: 1,
            pos_type: 5,
            agent_id: p.agent_id.clone(),
            is_tds: false,
            bank_id: BANK_ID.to_owned(),
            instalment: p.instalment,
            card_no: CARD_NO_MASKED.to_owned(),
            card_holder: CARD_HOLDER.to_owned(),
            card_type: "cc".to_owned(),
            ratio: Num(ratio()),
            amount: Num(amount),
            net_amount: Num(net),
            comission: Num(comission),
            comission_tax: Num(tax),
            currency: "TRY".to_owned(),
            authorization_code: if is_succeed {
                format!("aut-{}", ids.n)
            } else {
                String::new()
            },
            reference_code: format!("ref-{}", ids.n),
            order_id: format!("order-{}", ids.n),
            is_succeed,
            xact_transaction_id: ids.xact,
            email: p.email.clone(),
            phone: p.phone.clone(),
            note: p.description.clone(),
            agent_reference: p.reference_no.clone(),
        };
        p.outcome = Some(tx);
        Ok(CompletedSale {
            payment_session_id: payment_session_id.to_owned(),
            xact_id: ids.xact_id,
            is_succeed,
        })
    }

    /// A new payment session id and encryption key.
    fn new_payment_ids(&mut self) -> (String, String) {
        let id = self.rng.uuid();
        let key = format!("{}=", self.rng.string(BASE64, 43));
        (id, key)
    }
}

/// A header's value as text.
fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// A string field that counts as present: not absent, not empty.
fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
}

/// The router of a simulator.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/v1/transaction/capture", post(capture))
        .route("/v1/transaction/check", post(check_payment))
        .route("/v1/softpos/init_sale_transaction", post(init_sale))
        .route("/v1/softpos/check_transaction", post(check_transaction))
        .route("/v1/softpos/init_reversal_transaction", post(init_reversal))
        .route("/v1/agent/get_auth_key", post(get_auth_key))
        .route("/v1/agent/logout", post(logout))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), count))
        .with_state(shared)
}

/// Counts every request by path.
async fn count(AxState(shared): AxState<Arc<Shared>>, request: Request, next: Next) -> Response {
    shared.lock().record(request.uri().path());
    next.run(request).await
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
fn unauthorized() -> Response {
    wire::paynet_error(
        StatusCode::UNAUTHORIZED,
        "authorization_error",
        "Yetkisiz erişim: Authorization başlığı 'Basic <secret_key>' olmalı ve geçerli bir anahtar içermelidir",
        7,
    )
}

/// 400 `invalid_request_error` (Paynet's shape).
fn invalid_request(message: &str) -> Response {
    wire::paynet_error(
        StatusCode::BAD_REQUEST,
        "invalid_request_error",
        message,
        11,
    )
}

/// The body as JSON, or a message saying why not.
fn parse<T: DeserializeOwned>(body: &Bytes) -> Result<T, String> {
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
async fn transport_trigger(
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
    None
}

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
    let rows = shared.lock().payment_check(xact_id, reference_no);
    let (code, message) = match rows.is_empty() {
        true => (12, "İşlem bulunamadı"),
        false => (0, SUCCESS_MESSAGE),
    };
    let data = rows.iter().collect();
    let object_name = "transaction_check";
    wire::json(
        StatusCode::OK,
        &CheckResponse {
            data,
            object_name,
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
        amount,
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
        reversed: false,
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
    let (data, code, message) = match payment {
        Some(Payment {
            outcome: Some(tx), ..
        }) => (vec![tx], 0, SUCCESS_MESSAGE),
        Some(_) => (Vec::new(), 12, "İşlem henüz tamamlanmadı: kart okutulmadı"),
        None => (Vec::new(), 12, "Bu payment_session_id ile işlem bulunamadı"),
    };
    wire::json(
        StatusCode::OK,
        &CheckResponse {
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
    let Some(original) = state.payments.iter().position(|p| {
        p.kind == PaymentKind::Sale && p.outcome.as_ref().is_some_and(|tx| tx.xact_id == xact_id)
    }) else {
        return wire::paypos_error(12, "İptal/iade edilecek işlem bulunamadı");
    };
    let Some((sale, reversed)) = state
        .payments
        .get(original)
        .and_then(|p| p.outcome.clone().map(|tx| (tx, p.reversed)))
    else {
        return wire::paypos_error(12, "İptal/iade edilecek işlem bulunamadı");
    };
    if !sale.is_succeed {
        return wire::paypos_error(6, "Başarısız bir işlem iptal/iade edilemez");
    }
    if reversed {
        return wire::paypos_error(5, "Bu işlem daha önce iptal/iade edilmiş");
    }
    let ids = state.next_ids();
    let (id, encryption_key) = state.new_payment_ids();
    let tx = CheckTx {
        xact_id: ids.xact_id,
        xact_date: ids.date,
        transaction_type: 2,
        is_succeed: !declined,
        authorization_code: if declined {
            String::new()
        } else {
            format!("aut-{}", ids.n)
        },
        reference_code: format!("ref-{}", ids.n),
        order_id: format!("order-{}", ids.n),
        xact_transaction_id: ids.xact,
        agent_reference: reference_no.clone(),
        note: format!("{} işleminin iptali/iadesi", sale.xact_id),
        ..sale.clone()
    };
    let payment = Payment {
        id,
        kind: PaymentKind::Reversal,
        encryption_key,
        amount: sale.amount.0,
        add_commission: false,
        instalment: sale.instalment,
        reference_no,
        description: tx.note.clone(),
        phone: sale.phone.clone(),
        email: sale.email.clone(),
        agent_id: session.agent_id,
        force_decline: declined,
        outcome: Some(tx),
        reversed: false,
    };
    if !declined && let Some(p) = state.payments.get_mut(original) {
        p.reversed = true;
    }
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
    fn fees_are_exact() {
        let (c, t, n) = fees(Decimal::new(1000, 2));
        assert_eq!(
            (c, t, n),
            (
                Decimal::new(20, 2),
                Decimal::new(4, 2),
                Decimal::new(976, 2)
            )
        );
        let (c, t, n) = fees(Decimal::new(25000, 2));
        assert_eq!(
            (c, t, n),
            (
                Decimal::new(498, 2),
                Decimal::new(100, 2),
                Decimal::new(24402, 2)
            )
        );
    }

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
