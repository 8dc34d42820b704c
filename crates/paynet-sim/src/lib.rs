//! A simulated Paynet / PayPOS server, in-process and on loopback only: develop and test against
//! Paynet without credentials or network, the way Stripe users use stripe-mock.
//!
//! The simulator speaks Paynet's wire format only (it does not depend on the SDK's other crates)
//! and behaves as Paynet's public documentation describes: same paths, headers, JSON shapes and
//! quirks (amounts as JSON numbers in TL, written exactly; `code` as a JSON number; timestamps in
//! the .NET form with 7 fraction digits and the `+03:00` offset, e.g.
//! `2016-04-08T10:27:22.0296925+03:00`). Every response has `Content-Type: application/json`,
//! except the `FAIL500` trigger's HTML page.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use paynet_sim::{SimConfig, Simulator};
//!
//! let sim = Simulator::start(SimConfig::default().seed(42)).await?;
//! println!("Paynet simulator at {}", sim.base_url()); // e.g. http://127.0.0.1:40123
//! // Point the SDK at sim.base_url() with sim.secret_key() / sim.session_key().
//! sim.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! # Credentials
//!
//! | what | default | configure with |
//! |---|---|---|
//! | secret key (`Authorization: Basic <key>`, raw, no base64) | [`DEFAULT_SECRET_KEY`] `sck_sim_secret_key` | [`SimConfig::secret_key`] |
//! | session key valid from the start (`Session-Key: <key>`) | [`DEFAULT_SESSION_KEY`] `ssk_sim_session_key` | [`SimConfig::session_key`] |
//! | agent / user known to `get_auth_key` | [`DEFAULT_AGENT_ID`] `20005` / [`DEFAULT_USER_ID`] `sim_user` | [`SimConfig::agent`] |
//!
//! Session keys issued by `get_auth_key` are valid until `logout` (the `expired_date` the
//! simulator reports, one day ahead, is not enforced). `logout` can also end a configured key.
//!
//! # Seeded pre-authorisations
//!
//! [`SimConfig::default`] seeds two pre-authorisations that `capture` can finalise:
//!
//! | xact_id | xact | reference_no | amount |
//! |---|---|---|---|
//! | [`PRE_AUTH_250_XACT_ID`] (the id in Paynet's capture example) | [`PRE_AUTH_250_XACT`] `1000001` | [`PRE_AUTH_250_REFERENCE_NO`] `SIM-PREAUTH-250` | 250.00 TL |
//! | [`PRE_AUTH_100_XACT_ID`] | [`PRE_AUTH_100_XACT`] `1000002` | [`PRE_AUTH_100_REFERENCE_NO`] `SIM-PREAUTH-100` | 100.00 TL |
//!
//! # Endpoints (all `POST` with a JSON body)
//!
//! **`/v1/transaction/capture`**: header `Authorization: Basic <secret key>`, exactly; anything
//! else is HTTP 401 `{"type":"authorization_error","message":..,"code":401,"result_code":7}`.
//! Body: `xact_id`, `xact`, `reference_no` (at least one, else HTTP 400
//! `{"type":"invalid_request_error",..,"code":400,"result_code":11}`) and `amount`, a JSON *string*
//! of kuruş digits (`"1000"` = 10.00 TL; empty or absent = all that is left; anything else is
//! the same 400). The pre-authorisation is found by the first identifier present, in the order
//! `xact_id`, `xact`, `reference_no`. Then, in this order:
//! - a `reference_no` already used by a successful capture: HTTP 200 with that earlier
//!   transaction, `code` 100 and the message "Bu referans numarası ile daha önce başarılı işlem
//!   yapılmış"; no money moves again;
//! - an unknown pre-authorisation: **HTTP 404** `{"type":"no_data_error",..,"code":404,
//!   "result_code":12}` (the simulator's choice; Paynet's own answer is not documented);
//! - an amount above what is left (or nothing left): HTTP 200, `is_succeed: false`, `code` 1,
//!   `paynet_error_id` [`triggers::OVER_CAPTURE_ERROR_ID`] and `paynet_error_message` filled;
//! - otherwise success: HTTP 200 with the full transaction of the capture page
//!   (`transaction_type` 4, `pos_type` 5, `currency` "TRY", `code` 0, `message` "Başarılı
//!   İşlem"), a fresh `xact_id`, and the remaining amount reduced. Commission is 1.99 %
//!   (`ratio` 0.0199) rounded to kuruş half away from zero, `comission_tax` is 20 % of it, and
//!   `net_amount = amount - comission - comission_tax` (10.00 TL gives 0.2, 0.04 and 9.76).
//!
//! **`/v1/transaction/check`** (check_payment): `Authorization: Basic <secret key>` (else the 401
//! above); body `xact_id` and/or `reference_no` (at least one, else the 400 above). HTTP 200
//! `{"Data":[..],"object_name":"transaction_check","code":..,"message":..}`: every transaction
//! whose `xact_id` or reference number matches, oldest first, in the check shape (`card_no`,
//! `netAmount`, `agent_reference`): the pre-authorisation (`transaction_type` 3), its captures
//! (4) and completed PayPOS sales (1). Nothing found is `code` 12 with an empty `Data`.
//!
//! **`/v1/softpos/init_sale_transaction`**: header `Session-Key` with a key the simulator knows,
//! else HTTP 400 `{"object_name":"error","code":7,"message":..}` (the PayPOS error shape, used by
//! every PayPOS error below with the code given). Body as in the provider's OpenAPI document;
//! the simulator requires `amount`: a JSON number of TL, positive, at most two decimals, read
//! exactly (`149.90`, never through a float), else 400 with `code` 11. Answers 200
//! `{payment_session_id, deeplink_url ("paypos://sale?payment_session_id=.."), encryption_key,
//! object_name:"payment_session", code:0, message}` and remembers the sale, which waits for a card
//! until [`Simulator::complete_sale`] "taps" one.
//!
//! **`/v1/softpos/check_transaction`**: `Session-Key`; body `{payment_session_id}` (required, else
//! 400 code 11). HTTP 200 `{"Data":[..],"object_name":"transaction_list","code":..,"message":..}`:
//! once the sale is completed, `Data` holds its transaction in the check_transaction shape
//! (`card_no`, `card_type`, `netAmount` in camelCase, `xact_transaction_id`, `note` = the sale's
//! description, `agent_reference` = its reference_no) and `code` is 0, whether the bank approved
//! (`is_succeed: true`) or declined (`is_succeed: false`). Before the card is tapped, or for an
//! unknown id, `Data` is empty and `code` is 12.
//!
//! **`/v1/softpos/init_reversal_transaction`**: `Session-Key`; body `xact_id` (required: the
//! `xact_id` of a completed, approved sale), `reference_no`, `callback_url`. Answers the six
//! fields of init_sale (`deeplink_url` "paypos://reversal?payment_session_id=.."). The reversal is
//! completed at once: check_transaction on its `payment_session_id` reports a transaction with
//! `transaction_type` 2. Errors (HTTP 400, PayPOS shape): unknown `xact_id` code 12, a declined
//! sale code 6, a sale already reversed code 5.
//!
//! **`/v1/agent/get_auth_key`**: headers `Authorization: Basic <secret key>` (else the 401 above)
//! and `PaynetMobile: 2` (else 400 code 11); body `agent_id`, `user_id` (required, 400 code 11; a
//! pair the simulator does not know: 400 code 4). Answers `{session_key, expired_date, agent_id,
//! company_code, user_id, user_unique_id, is_okc_inquiry, object_name:"agent_session", code:0,
//! message}`; the new key is valid at once.
//!
//! **`/v1/agent/logout`**: same headers; body `{session_key}`; ends the session and answers
//! `{"object_name":"logout","code":0,"message":..}`; an unknown key is 400 code 12.
//!
//! Any other path: HTTP 404 `{"type":"no_data_error",..,"code":404,"result_code":12}`. Another
//! method than POST on a known path: HTTP 405 `{"type":"invalid_request_error",..,"code":405,
//! "result_code":11}` with `Allow: POST`.
//!
//! # Triggers for unhappy paths
//!
//! Like test card numbers, these values make the simulator misbehave on purpose, every time.
//! Prefixes are case-sensitive. They are looked for after the credentials and the body have been
//! checked, in the endpoint's *trigger field*: `reference_no` for capture, init_sale and
//! init_reversal; `user_id` for get_auth_key; `session_key` for logout; `payment_session_id` for
//! check_transaction.
//!
//! | trigger | where | effect |
//! |---|---|---|
//! | [`triggers::DECLINE_PREFIX`] `DECLINE…` | capture | HTTP 200 bank decline: `is_succeed: false`, `code` 1, `bank_error_id` "05", `bank_error_message` "Red-Onaylanmadı", short and long descriptions filled; nothing captured |
//! | amount `"9999"` ([`triggers::DECLINE_AMOUNT_KURUS`], 99.99 TL) | capture | the same bank decline |
//! | `DECLINE…` or amount `99.99` | init_sale | the sale is declined when its card is tapped, whatever `approved` says |
//! | `DECLINE…` | init_reversal | the reversal is declined (`is_succeed: false`) and the sale stays reversible |
//! | [`triggers::SLOW_PREFIX`] `SLOW…` | any trigger field | the answer comes after [`SimConfig::slow_delay`] (default [`triggers::DEFAULT_SLOW_DELAY`], 5 s), then the request is handled normally |
//! | [`triggers::FAIL500_PREFIX`] `FAIL500…` | any trigger field | HTTP 500 with an HTML page (`Content-Type: text/html`) |
//! | [`triggers::DROP_PREFIX`] `DROP…` | any trigger field | the connection is closed without any response |
//!
//! # Inspecting the simulator
//!
//! [`Simulator::requests_seen`] counts requests by path (every request, including refused ones),
//! [`Simulator::pre_auth_remaining_kurus`] tells what is left of a pre-authorisation,
//! [`Simulator::session_is_valid`] whether a session key is accepted, and
//! [`Simulator::pending_sales`] which sales wait for a card.
//!
//! # Determinism
//!
//! With [`SimConfig::seed`], every generated id and key is reproducible and the clock is
//! simulated: it starts at `2024-06-03T10:27:22.0296925+03:00` and moves 17.0023457 s each time a
//! timestamp is issued. Without a seed, ids are random and timestamps are the real time at
//! `+03:00` (Turkey's fixed offset).
#![deny(missing_docs)]

mod clock;
mod conn;
mod server;
mod wire;

use std::{
    collections::BTreeMap,
    fmt,
    net::{Ipv4Addr, SocketAddr},
    sync::Arc,
    time::Duration,
};

use tokio::{net::TcpListener, task::JoinHandle};

/// The secret key a default simulator accepts (`Authorization: Basic sck_sim_secret_key`).
pub const DEFAULT_SECRET_KEY: &str = "sck_sim_secret_key";
/// The session key a default simulator accepts from the start (`Session-Key: ssk_sim_session_key`).
pub const DEFAULT_SESSION_KEY: &str = "ssk_sim_session_key";
/// The agent id a default simulator knows (the `agent_id` of Paynet's capture example).
pub const DEFAULT_AGENT_ID: &str = "20005";
/// The user id a default simulator knows, for [`DEFAULT_AGENT_ID`].
pub const DEFAULT_USER_ID: &str = "sim_user";
/// The `company_code` that `get_auth_key` reports.
pub const COMPANY_CODE: &str = "20000";

/// `xact_id` of the default 250.00 TL pre-authorisation (the id of Paynet's capture request
/// example).
pub const PRE_AUTH_250_XACT_ID: &str = "xk_EAAAANFhOW7SioFxO8LHPMruxp0hX3wE8NmJSmGUD*W3uISj";
/// `xact` (plain id) of the default 250.00 TL pre-authorisation.
pub const PRE_AUTH_250_XACT: &str = "1000001";
/// `reference_no` of the default 250.00 TL pre-authorisation.
pub const PRE_AUTH_250_REFERENCE_NO: &str = "SIM-PREAUTH-250";
/// `xact_id` of the default 100.00 TL pre-authorisation.
pub const PRE_AUTH_100_XACT_ID: &str = "xk_EAAAAsimPreAuth100/k7Qh2wZ*Lm4nB8vXc3RtY6pJd9sFg";
/// `xact` (plain id) of the default 100.00 TL pre-authorisation.
pub const PRE_AUTH_100_XACT: &str = "1000002";
/// `reference_no` of the default 100.00 TL pre-authorisation.
pub const PRE_AUTH_100_REFERENCE_NO: &str = "SIM-PREAUTH-100";

/// Values that make the simulator take an unhappy path on purpose (see the crate docs' table).
pub mod triggers {
    use std::time::Duration;

    /// A trigger field starting with this makes the bank decline (capture, init_sale,
    /// init_reversal).
    pub const DECLINE_PREFIX: &str = "DECLINE";
    /// A trigger field starting with this delays the answer by
    /// [`SimConfig::slow_delay`](crate::SimConfig::slow_delay), then the request is handled
    /// normally.
    pub const SLOW_PREFIX: &str = "SLOW";
    /// A trigger field starting with this gets HTTP 500 with an HTML page.
    pub const FAIL500_PREFIX: &str = "FAIL500";
    /// A trigger field starting with this gets its connection closed without any response.
    pub const DROP_PREFIX: &str = "DROP";
    /// A capture of this many kuruş (`"amount":"9999"`, 99.99 TL), or an init_sale of 99.99 TL,
    /// is declined by the bank.
    pub const DECLINE_AMOUNT_KURUS: u64 = 9999;
    /// How long `SLOW` waits unless configured otherwise.
    pub const DEFAULT_SLOW_DELAY: Duration = Duration::from_secs(5);
    /// `bank_error_id` of a simulated bank decline.
    pub const BANK_DECLINE_ERROR_ID: &str = "05";
    /// `bank_error_message` of a simulated bank decline.
    pub const BANK_DECLINE_MESSAGE: &str = "Red-Onaylanmadı";
    /// `paynet_error_id` of a capture above the remaining amount (the simulator's own value:
    /// Paynet's is not documented).
    pub const OVER_CAPTURE_ERROR_ID: &str = "SIM_OVER_CAPTURE";
}

/// A pre-authorisation the simulator holds, which `capture` can finalise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreAuth {
    /// Encrypted transaction id, as Paynet hands it out (`xk_…`).
    pub xact_id: String,
    /// Plain transaction id.
    pub xact: String,
    /// The merchant's reference number of the pre-authorisation.
    pub reference_no: String,
    /// The pre-authorised amount, in kuruş (25000 = 250.00 TL).
    pub amount_kurus: u64,
}

impl PreAuth {
    /// A pre-authorisation of `amount_kurus` kuruş.
    pub fn new(
        xact_id: impl Into<String>,
        xact: impl Into<String>,
        reference_no: impl Into<String>,
        amount_kurus: u64,
    ) -> Self {
        PreAuth {
            xact_id: xact_id.into(),
            xact: xact.into(),
            reference_no: reference_no.into(),
            amount_kurus,
        }
    }

    /// The pre-authorisations a default [`SimConfig`] seeds: 250.00 TL and 100.00 TL (see the
    /// crate docs).
    pub fn defaults() -> Vec<PreAuth> {
        vec![
            PreAuth::new(
                PRE_AUTH_250_XACT_ID,
                PRE_AUTH_250_XACT,
                PRE_AUTH_250_REFERENCE_NO,
                25_000,
            ),
            PreAuth::new(
                PRE_AUTH_100_XACT_ID,
                PRE_AUTH_100_XACT,
                PRE_AUTH_100_REFERENCE_NO,
                10_000,
            ),
        ]
    }
}

/// How to start a [`Simulator`]. Start from [`SimConfig::default`] and chain the setters.
///
/// `Debug` does not show the keys.
#[derive(Clone)]
pub struct SimConfig {
    pub(crate) secret_key: String,
    pub(crate) agents: Vec<(String, String)>,
    pub(crate) pre_auths: Vec<PreAuth>,
    pub(crate) session_keys: Vec<String>,
    pub(crate) seed: Option<u64>,
    pub(crate) port: Option<u16>,
    pub(crate) slow_delay: Duration,
}

impl Default for SimConfig {
    /// Secret key [`DEFAULT_SECRET_KEY`], session key [`DEFAULT_SESSION_KEY`], agent
    /// [`DEFAULT_AGENT_ID`] / [`DEFAULT_USER_ID`], the pre-authorisations of
    /// [`PreAuth::defaults`], no seed, a free port, `SLOW` delay 5 s.
    fn default() -> Self {
        SimConfig {
            secret_key: DEFAULT_SECRET_KEY.to_owned(),
            agents: vec![(DEFAULT_AGENT_ID.to_owned(), DEFAULT_USER_ID.to_owned())],
            pre_auths: PreAuth::defaults(),
            session_keys: vec![DEFAULT_SESSION_KEY.to_owned()],
            seed: None,
            port: None,
            slow_delay: triggers::DEFAULT_SLOW_DELAY,
        }
    }
}

impl fmt::Debug for SimConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimConfig")
            .field("secret_key", &"<redacted>")
            .field("agents", &self.agents)
            .field("pre_auths", &self.pre_auths)
            .field(
                "session_keys",
                &format_args!("<{} redacted>", self.session_keys.len()),
            )
            .field("seed", &self.seed)
            .field("port", &self.port)
            .field("slow_delay", &self.slow_delay)
            .finish()
    }
}

impl SimConfig {
    /// The default configuration (same as [`SimConfig::default`]).
    pub fn new() -> Self {
        SimConfig::default()
    }

    /// The secret key that `Authorization: Basic <key>` must carry. An empty key is never
    /// accepted.
    #[must_use]
    pub fn secret_key(mut self, key: impl Into<String>) -> Self {
        self.secret_key = key.into();
        self
    }

    /// Adds an agent / user pair that `get_auth_key` knows. The first pair is also the agent of
    /// capture transactions and of the configured session keys.
    #[must_use]
    pub fn agent(mut self, agent_id: impl Into<String>, user_id: impl Into<String>) -> Self {
        self.agents.push((agent_id.into(), user_id.into()));
        self
    }

    /// Forgets every agent / user pair (including the default one).
    #[must_use]
    pub fn without_agents(mut self) -> Self {
        self.agents.clear();
        self
    }

    /// Adds a pre-authorisation (one with the same `xact_id` as an earlier one replaces it).
    #[must_use]
    pub fn pre_auth(mut self, pre_auth: PreAuth) -> Self {
        self.pre_auths.push(pre_auth);
        self
    }

    /// Forgets every pre-authorisation (including the default ones).
    #[must_use]
    pub fn without_pre_auths(mut self) -> Self {
        self.pre_auths.clear();
        self
    }

    /// Adds a session key that is valid from the start. The first one is what
    /// [`Simulator::session_key`] returns.
    #[must_use]
    pub fn session_key(mut self, key: impl Into<String>) -> Self {
        self.session_keys.push(key.into());
        self
    }

    /// Forgets every configured session key (including the default one); sessions then come
    /// from `get_auth_key` only.
    #[must_use]
    pub fn without_session_keys(mut self) -> Self {
        self.session_keys.clear();
        self
    }

    /// Makes generated ids, keys and timestamps deterministic (see the crate docs).
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// Listens on this port of 127.0.0.1 instead of a free one.
    #[must_use]
    pub fn port(mut self, port: u16) -> Self {
        self.port = Some(port);
        self
    }

    /// How long the `SLOW` trigger waits before answering.
    #[must_use]
    pub fn slow_delay(mut self, delay: Duration) -> Self {
        self.slow_delay = delay;
        self
    }
}

/// The outcome of [`Simulator::complete_sale`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletedSale {
    /// The sale's payment session.
    pub payment_session_id: String,
    /// The new transaction's encrypted id (what init_reversal takes).
    pub xact_id: String,
    /// Whether the bank approved it.
    pub is_succeed: bool,
}

/// Why [`Simulator::complete_sale`] could not complete a sale.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CompleteSaleError {
    /// No sale was started with this payment session id.
    UnknownPaymentSession,
    /// The card was already tapped for this payment session (or it is a reversal, which
    /// completes by itself).
    AlreadyCompleted,
}

impl fmt::Display for CompleteSaleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CompleteSaleError::UnknownPaymentSession => "no sale with this payment session id",
            CompleteSaleError::AlreadyCompleted => "this payment session is already completed",
        })
    }
}

impl std::error::Error for CompleteSaleError {}

/// A running simulator. Dropping it (or [`Simulator::shutdown`]) stops the server and closes
/// every open connection.
///
/// `Debug` does not show the keys.
pub struct Simulator {
    addr: SocketAddr,
    secret_key: String,
    session_key: String,
    shared: Arc<server::Shared>,
    task: Option<JoinHandle<()>>,
}

impl fmt::Debug for Simulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Simulator")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl Simulator {
    /// Starts a simulator on 127.0.0.1, on [`SimConfig::port`] or else a free port, and returns
    /// once it accepts connections. Must be called within a Tokio runtime, which runs the server.
    ///
    /// # Errors
    ///
    /// The port cannot be bound (e.g. it is in use).
    pub async fn start(config: SimConfig) -> std::io::Result<Simulator> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port.unwrap_or(0))).await?;
        let addr = listener.local_addr()?;
        let registry = Arc::new(conn::Registry::default());
        let shared = Arc::new(server::Shared::new(&config, Arc::clone(&registry)));
        let app = server::router(Arc::clone(&shared))
            .into_make_service_with_connect_info::<conn::ConnToken>();
        let serve = axum::serve(conn::SimListener::new(listener, registry), app);
        let task = tokio::spawn(async move {
            // Serving only ends with an error that it already handled (it retries accepts).
            let _ = serve.await;
        });
        Ok(Simulator {
            addr,
            secret_key: config.secret_key,
            session_key: config.session_keys.into_iter().next().unwrap_or_default(),
            shared,
            task: Some(task),
        })
    }

    /// The base URL to point a client at: `http://127.0.0.1:PORT` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the simulator listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The secret key the simulator accepts.
    pub fn secret_key(&self) -> &str {
        &self.secret_key
    }

    /// The first session key configured to be valid from the start (empty if the configuration
    /// had none; an empty key is never accepted). It stays valid until logged out.
    pub fn session_key(&self) -> &str {
        &self.session_key
    }

    /// "Taps a card" on a sale started by init_sale_transaction, as the PayPOS app would:
    /// afterwards check_transaction reports the sale, approved or declined by the bank. A sale
    /// started with a `DECLINE…` reference_no or an amount of 99.99 TL is declined whatever
    /// `approved` says.
    ///
    /// # Errors
    ///
    /// No such sale, or its card was already tapped.
    pub fn complete_sale(
        &self,
        payment_session_id: &str,
        approved: bool,
    ) -> Result<CompletedSale, CompleteSaleError> {
        self.shared
            .lock()
            .complete_sale(payment_session_id, approved)
    }

    /// Payment session ids of the sales still waiting for a card, oldest first.
    pub fn pending_sales(&self) -> Vec<String> {
        self.shared.lock().pending()
    }

    /// How many requests arrived, by path (every request counts, refused ones too).
    pub fn requests_seen(&self) -> BTreeMap<String, u64> {
        self.shared.lock().requests()
    }

    /// How many requests arrived for `path` (e.g. `/v1/transaction/capture`).
    pub fn request_count(&self, path: &str) -> u64 {
        self.shared
            .lock()
            .requests()
            .get(path)
            .copied()
            .unwrap_or(0)
    }

    /// What is left to capture of the pre-authorisation with this `xact_id`, `xact` or
    /// `reference_no`, in kuruş; `None` if there is none.
    pub fn pre_auth_remaining_kurus(&self, id: &str) -> Option<u64> {
        self.shared.lock().remaining_kurus(id)
    }

    /// Adds a pre-authorisation while running (one with the same `xact_id` is replaced).
    pub fn add_pre_auth(&self, pre_auth: PreAuth) {
        self.shared.lock().add_pre_auth(pre_auth);
    }

    /// Whether the simulator currently accepts `key` as a `Session-Key`.
    pub fn session_is_valid(&self, key: &str) -> bool {
        self.shared.lock().session_valid(key)
    }

    /// Stops the server, closes every open connection (requests in flight get no answer) and
    /// waits until the server task has ended.
    pub async fn shutdown(mut self) {
        self.stop();
        if let Some(task) = self.task.take() {
            // The task was aborted: a cancellation error is the expected outcome.
            let _ = task.await;
        }
    }

    fn stop(&mut self) {
        self.shared.registry.close_all();
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.stop();
    }
}
