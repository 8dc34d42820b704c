//! The running simulator: [`Simulator`] starts the server, hands out its address and keys,
//! drives it (a tapped card, the Paynet.js form, the shopper on the 3-D page, the clock) and
//! tells what it saw.

use std::{
    collections::BTreeMap,
    fmt,
    net::{Ipv4Addr, SocketAddr},
    sync::{Arc, atomic::Ordering},
    time::Duration,
};

use tokio::{net::TcpListener, task::JoinHandle};

use crate::{
    config::{PreAuth, SimConfig},
    conn,
    driving::{CompleteSaleError, CompletedSale, JsPayment, JsPaymentError, ThreeDStatus},
    http::Shared,
    js_form, router, three_d,
};

/// A running simulator. Dropping it (or [`Simulator::shutdown`]) stops the server and closes
/// every open connection.
///
/// `Debug` does not show the keys.
pub struct Simulator {
    addr: SocketAddr,
    secret_key: String,
    publishable_key: String,
    session_key: String,
    shared: Arc<Shared>,
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
        let shared = Arc::new(Shared::new(
            &config,
            Arc::clone(&registry),
            format!("http://{addr}"),
        ));
        let app = router::router(Arc::clone(&shared))
            .into_make_service_with_connect_info::<conn::ConnToken>();
        let serve = axum::serve(conn::SimListener::new(listener, registry), app);
        let task = tokio::spawn(async move {
            // Serving only ends with an error that it already handled (it retries accepts).
            let _ = serve.await;
        });
        Ok(Simulator {
            addr,
            secret_key: config.secret_key,
            publishable_key: config.publishable_key,
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

    /// The publishable key the simulator accepts (on `/v1/ratio/Get_public` and the browser
    /// scripts' `/v1/paynetj/*`; a page's `data-key`).
    pub fn publishable_key(&self) -> &str {
        &self.publishable_key
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

    /// Creates what Paynet.js's payment form would after the shopper typed the card: a payment
    /// session that `POST /v1/transaction/charge` finishes. Returns its `(session_id, token_id)`
    /// (what the form attaches to the merchant's form). `POST /sim/js_payment` does the same over
    /// HTTP.
    ///
    /// # Errors
    ///
    /// What the form would refuse: a zero amount, more than 12 instalments, wrong card data, an
    /// unknown `card_hash`.
    pub fn start_js_payment(
        &self,
        payment: &JsPayment,
    ) -> Result<(String, String), JsPaymentError> {
        js_form::start_js(&mut self.shared.lock(), payment)
    }

    /// Plays the shopper on the bank's 3-D page of session `session_id` (the `session_id` that
    /// `tds_initial` answered): approves it with the right password, or declines it. Returns the
    /// form body the page then posts to the merchant's `return_url`
    /// (`session_id=..&token_id=..`, `application/x-www-form-urlencoded`), for tests that skip
    /// the browser. `None` if `tds_initial` made no such session.
    ///
    /// The same happens over HTTP with the session's `post_url` and `&auto=approve` (or
    /// `decline`): the page answers with the form that posts back.
    pub fn three_d_return(&self, session_id: &str, approve: bool) -> Option<String> {
        three_d::play_shopper(&mut self.shared.lock(), session_id, approve)
    }

    /// Where the 3-D Secure session `session_id` stands; `None` if `tds_initial` made none.
    pub fn three_d_status(&self, session_id: &str) -> Option<ThreeDStatus> {
        let state = self.shared.lock();
        let session = state.tds.iter().find(|s| s.session_id == session_id)?;
        Some(session.status)
    }

    /// How many transactions the ledger holds (every endpoint's, the seeded history's, declined
    /// ones too).
    pub fn transaction_count(&self) -> usize {
        self.shared.lock().ledger.len()
    }

    /// Moves the simulator's clock forward (e.g. a day, so that a payment made "today" can be
    /// refunded in part), billing on the way every subscription invoice that falls due, each at
    /// its due time: what `POST /sim/clock/advance` does (see
    /// [`protocol`](crate::protocol#subscriptions)).
    pub fn advance_clock(&self, by: Duration) {
        let ticks = i64::try_from(by.as_nanos() / 100).unwrap_or(i64::MAX);
        self.shared.lock().advance(ticks);
    }

    /// How many callbacks were delivered (answered 2xx): refund decisions posted to a
    /// `succeedUrl`, and paid pay links posted to their `confirmation_url`.
    pub fn callbacks_delivered(&self) -> u64 {
        self.shared.callbacks_delivered.load(Ordering::SeqCst)
    }

    /// How many callbacks (refund decisions, pay link confirmations) could not be delivered
    /// (refused, no 2xx, 5 s timeout).
    pub fn callbacks_failed(&self) -> u64 {
        self.shared.callbacks_failed.load(Ordering::SeqCst)
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
