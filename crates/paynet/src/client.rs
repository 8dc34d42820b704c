//! The client, its builder, and the PayPOS handle.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use paynet_api::reqwest;
use paynet_domain::{
    AgentSession, CaptureOutcome, CaptureRequest, Endpoint, Error, InitSaleRequest, Operation,
    ReversalRequest, SaleCheck, SaleSession, SecretKey, SessionKey,
};
use tracing::Instrument as _;

use crate::retry::RetryPolicy;

/// Paynet's production host.
pub const PRODUCTION_URL: &str = "https://api.paynet.com.tr";
/// Paynet's sandbox ("test sistemi") host.
pub const SANDBOX_URL: &str = "https://pts-api.paynet.com.tr";

/// The default user agent: `paynet-rust/<version>`.
pub const DEFAULT_USER_AGENT: &str = concat!("paynet-rust/", env!("CARGO_PKG_VERSION"));

/// Which Paynet a client talks to.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Environment {
    /// `https://api.paynet.com.tr`: real money.
    Production,
    /// `https://pts-api.paynet.com.tr`: Paynet's test system.
    Sandbox,
    /// Any other base URL: a proxy, or the simulator (`paynet-sim`). Plain `http` is accepted
    /// only for loopback hosts (`127.0.0.1`, `[::1]`, `localhost`).
    Custom(String),
}

impl Environment {
    /// The base URL.
    pub fn base_url(&self) -> &str {
        match self {
            Environment::Production => PRODUCTION_URL,
            Environment::Sandbox => SANDBOX_URL,
            Environment::Custom(url) => url,
        }
    }
}

/// Options for one call, overriding the client's.
///
/// ```
/// use paynet::{CallOptions, RetryPolicy};
/// use std::time::Duration;
/// let options = CallOptions::new()
///     .retry(RetryPolicy::none())
///     .attempt_timeout(Duration::from_secs(5));
/// # let _ = options;
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallOptions {
    retry: Option<RetryPolicy>,
    attempt_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
}

impl CallOptions {
    /// The client's settings, unchanged.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses `policy` for this call.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Bounds each attempt of this call, from sending to the end of the answer.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Bounds the whole call, retries and backoff included.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }
}

/// Builds a [`Client`].
///
/// Defaults: [`Environment::Sandbox`], no secret key, connect timeout 10 s, attempt timeout 30 s,
/// whole-call timeout 60 s, [`RetryPolicy::default`], user agent [`DEFAULT_USER_AGENT`], response
/// bodies up to 1 MiB.
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    environment: Environment,
    secret_key: Option<SecretKey>,
    connect_timeout: Duration,
    attempt_timeout: Duration,
    total_timeout: Option<Duration>,
    user_agent: String,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
    body_limit: usize,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            environment: Environment::Sandbox,
            secret_key: None,
            connect_timeout: Duration::from_secs(10),
            attempt_timeout: Duration::from_secs(30),
            total_timeout: Some(Duration::from_secs(60)),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            retry: RetryPolicy::default(),
            http: None,
            body_limit: paynet_api::hooks::DEFAULT_BODY_LIMIT,
        }
    }
}

impl ClientBuilder {
    /// Which Paynet to talk to.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Shorthand for `environment(Environment::Custom(url))`.
    pub fn base_url(self, url: impl Into<String>) -> Self {
        self.environment(Environment::Custom(url.into()))
    }

    /// The merchant's secret key, needed by server-side calls such as [`Client::capture`].
    pub fn secret_key(mut self, key: SecretKey) -> Self {
        self.secret_key = Some(key);
        self
    }

    /// Bounds connecting (ignored with [`ClientBuilder::http_client`], whose own settings apply).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Bounds each attempt, from sending to the end of the answer.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Bounds a whole call, retries and backoff included (`None`: only the attempts are bounded).
    pub fn total_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.total_timeout = timeout;
        self
    }

    /// The `User-Agent` sent with every request.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// The default retry policy (calls can override it with [`CallOptions`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Uses a caller-built `reqwest::Client` (proxies, custom TLS...). Its connection pool is
    /// shared by every clone of the [`Client`]. Build it with
    /// `.redirect(reqwest::redirect::Policy::none())`, as the SDK's own client is: otherwise a
    /// 307/308 answer re-sends the request, session key included, wherever it points.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Reads at most `limit` bytes of a response body.
    pub fn body_limit(mut self, limit: usize) -> Self {
        self.body_limit = limit;
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// Refused ([`Error::InvalidRequest`]): a base URL that is not an absolute `https` URL (or
    /// `http` on a loopback host), that has credentials, a query or a fragment; a user agent that
    /// is not a valid header value.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = check_base_url(self.environment.base_url())?;
        // The default is a static value: cloning it for every call then copies nothing.
        let user_agent = if self.user_agent == DEFAULT_USER_AGENT {
            reqwest::header::HeaderValue::from_static(DEFAULT_USER_AGENT)
        } else {
            reqwest::header::HeaderValue::from_str(&self.user_agent).map_err(|_| {
                Error::InvalidRequest {
                    field: "user_agent",
                    reason: "is not a valid HTTP header value".into(),
                }
            })?
        };
        let http = match self.http {
            Some(http) => http,
            // Redirects are not followed: reqwest would re-send a POST (a capture) on 307/308
            // and keep the `Session-Key` header across hosts. A 3xx is an invalid response.
            None => {
                paynet_api::tls::install_provider();
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| Error::InvalidRequest {
                        field: "http_client",
                        reason: format!("the HTTP client could not be built: {e}"),
                    })?
            }
        };
        let endpoint = Endpoint::new(base_url, http)
            .with_body_limit(self.body_limit)
            .with_user_agent(user_agent);
        Ok(Client {
            inner: Arc::new(Inner {
                endpoint,
                secret_key: self.secret_key,
                retry: self.retry,
                attempt_timeout: self.attempt_timeout,
                total_timeout: self.total_timeout,
            }),
        })
    }
}

fn check_base_url(text: &str) -> Result<String, Error> {
    let bad = |reason: String| Error::InvalidRequest {
        field: "base_url",
        reason,
    };
    let url = url::Url::parse(text).map_err(|e| bad(format!("{text:?} is not a URL ({e})")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not carry credentials".into()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not have a query or a fragment".into()));
    }
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(bad(format!(
                "plain http is refused for {}: use https (http is accepted only for loopback hosts)",
                url.host_str().unwrap_or_default()
            )));
        }
        other => return Err(bad(format!("scheme {other:?} is not http or https"))),
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// A Paynet client: cheap to clone (every clone shares one connection pool).
///
/// Server-side calls ([`Client::capture`]) run under the secret key given to the builder; PayPOS
/// calls run under a session key, through [`Client::paypos`].
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    endpoint: Endpoint,
    secret_key: Option<SecretKey>,
    retry: RetryPolicy,
    attempt_timeout: Duration,
    total_timeout: Option<Duration>,
}

impl Client {
    /// Starts building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL calls go to.
    pub fn base_url(&self) -> &str {
        self.inner.endpoint.base_url()
    }

    /// A handle for PayPOS SoftPOS calls under `session_key` (from Paynet's `get_auth_key`). Make
    /// one per terminal or session; replace the key with [`PayPos::set_session_key`] when the
    /// session is renewed.
    pub fn paypos(&self, session_key: SessionKey) -> PayPos {
        PayPos {
            client: self.clone(),
            session_key,
        }
    }

    /// Captures a pre-authorisation, in full or in part (Paynet: `POST /v1/transaction/capture`,
    /// "Finansallaştırma"). Needs the secret key.
    ///
    /// `Ok` is Paynet's answer: [`CaptureOutcome::Approved`] (with `replayed: true` for result
    /// code 100, an earlier successful capture with the same `reference_no`) or
    /// [`CaptureOutcome::Declined`] (the bank said no). A capture is never re-sent once its bytes
    /// may have left: a timeout or a dropped connection then is [`Error::OutcomeUnknown`].
    pub async fn capture(&self, request: &CaptureRequest) -> Result<CaptureOutcome, Error> {
        self.capture_with(request, &CallOptions::default()).await
    }

    /// [`Client::capture`] with per-call options.
    pub async fn capture_with(
        &self,
        request: &CaptureRequest,
        options: &CallOptions,
    ) -> Result<CaptureOutcome, Error> {
        let key = self.secret_key()?;
        self.run(Operation::Capture, options, |endpoint| async move {
            endpoint.capture(key, request).await
        })
        .await
    }

    /// Opens a PayPOS mobile session for an agent's user (Paynet: `POST /v1/agent/get_auth_key`).
    /// Needs the secret key (and, at Paynet, a registered server IP).
    ///
    /// The returned [`AgentSession`] carries the session key for [`Client::paypos`] (or for the
    /// merchant's mobile app) and its expiry as Paynet reports it.
    pub async fn open_session(&self, agent_id: &str, user_id: &str) -> Result<AgentSession, Error> {
        self.open_session_with(agent_id, user_id, &CallOptions::default())
            .await
    }

    /// [`Client::open_session`] with per-call options.
    pub async fn open_session_with(
        &self,
        agent_id: &str,
        user_id: &str,
        options: &CallOptions,
    ) -> Result<AgentSession, Error> {
        let key = self.secret_key()?;
        self.run(Operation::OpenSession, options, |endpoint| async move {
            endpoint.open_session(key, agent_id, user_id).await
        })
        .await
    }

    /// Ends a PayPOS mobile session (Paynet: `POST /v1/agent/logout`). Needs the secret key.
    pub async fn close_session(&self, session_key: &SessionKey) -> Result<(), Error> {
        self.close_session_with(session_key, &CallOptions::default())
            .await
    }

    /// [`Client::close_session`] with per-call options.
    pub async fn close_session_with(
        &self,
        session_key: &SessionKey,
        options: &CallOptions,
    ) -> Result<(), Error> {
        let key = self.secret_key()?;
        self.run(Operation::CloseSession, options, |endpoint| async move {
            endpoint.close_session(key, session_key).await
        })
        .await
    }

    fn secret_key(&self) -> Result<&SecretKey, Error> {
        self.inner
            .secret_key
            .as_ref()
            .ok_or_else(|| Error::InvalidRequest {
                field: "secret_key",
                reason: "this client has no secret key (ClientBuilder::secret_key)".into(),
            })
    }

    /// Runs one operation under the retry policy and timeouts, in a tracing span.
    pub(crate) async fn run<T, F, Fut>(
        &self,
        operation: Operation,
        options: &CallOptions,
        attempt: F,
    ) -> Result<T, Error>
    where
        F: Fn(Endpoint) -> Fut,
        Fut: Future<Output = Result<T, Error>>,
        T: Outcome,
    {
        let policy = options.retry.unwrap_or(self.inner.retry);
        let attempt_timeout = options
            .attempt_timeout
            .unwrap_or(self.inner.attempt_timeout);
        let total = options.total_timeout.or(self.inner.total_timeout);
        let span = tracing::info_span!(
            "paynet.call",
            operation = operation.paynet_name(),
            attempts = tracing::field::Empty,
            http_status = tracing::field::Empty,
            result_code = tracing::field::Empty,
            outcome = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        async move {
            let started = Instant::now();
            let deadline = total.map(|t| started + t);
            let mut attempts = 0u32;
            let result = loop {
                attempts += 1;
                let timeout = match deadline {
                    Some(d) => attempt_timeout.min(d.saturating_duration_since(Instant::now())),
                    None => attempt_timeout,
                };
                let endpoint = self.inner.endpoint.clone().with_timeout(timeout);
                let result = attempt(endpoint).await;
                let Err(error @ Error::Transport { .. }) = result else {
                    break result;
                };
                if attempts >= policy.max_attempts() {
                    break Err(error);
                }
                let wait = policy.backoff(attempts);
                if deadline.is_some_and(|d| Instant::now() + wait >= d) {
                    break Err(error);
                }
                tracing::debug!(attempt = attempts, error = %error, wait_ms = wait.as_millis() as u64, "not sent; retrying");
                tokio::time::sleep(wait).await;
            };
            let span = tracing::Span::current();
            span.record("attempts", attempts);
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            match &result {
                Ok(outcome) => {
                    span.record("http_status", 200u16);
                    if let Some(code) = outcome.result_code() {
                        span.record("result_code", code);
                    }
                    span.record("outcome", outcome.kind());
                    tracing::info!("paynet call answered");
                }
                Err(error) => {
                    if let Some(status) = error.http_status() {
                        span.record("http_status", status);
                    }
                    if let Some(code) = error.result_code() {
                        span.record("result_code", code.as_i64());
                    }
                    span.record("outcome", error_kind(error));
                    tracing::warn!(error = %error, "paynet call failed");
                }
            }
            result
        }
        .instrument(span)
        .await
    }
}

/// What the tracing span says of a successful call.
pub(crate) trait Outcome {
    fn kind(&self) -> &'static str;
    fn result_code(&self) -> Option<i64>;
}

impl Outcome for CaptureOutcome {
    fn kind(&self) -> &'static str {
        match self {
            CaptureOutcome::Approved { replayed: true, .. } => "approved (replayed)",
            CaptureOutcome::Approved { .. } => "approved",
            CaptureOutcome::Declined { .. } => "declined",
        }
    }
    fn result_code(&self) -> Option<i64> {
        self.transaction().result_code.map(|c| c.as_i64())
    }
}

impl Outcome for AgentSession {
    fn kind(&self) -> &'static str {
        "session opened"
    }
    fn result_code(&self) -> Option<i64> {
        Some(self.result_code.as_i64())
    }
}

impl Outcome for SaleCheck {
    fn kind(&self) -> &'static str {
        if self.is_pending() {
            "pending"
        } else {
            "checked"
        }
    }
    fn result_code(&self) -> Option<i64> {
        Some(self.result_code.as_i64())
    }
}

impl Outcome for () {
    fn kind(&self) -> &'static str {
        "done"
    }
    fn result_code(&self) -> Option<i64> {
        None
    }
}

impl Outcome for SaleSession {
    fn kind(&self) -> &'static str {
        "sale started"
    }
    fn result_code(&self) -> Option<i64> {
        Some(self.result_code.as_i64())
    }
}

/// A short name for an error's kind (for logs and machine-readable output).
pub fn error_kind(error: &Error) -> &'static str {
    match error {
        Error::InvalidRequest { .. } => "invalid_request",
        Error::Rejected(_) => "rejected",
        Error::Transport { .. } => "transport",
        Error::OutcomeUnknown { .. } => "outcome_unknown",
        Error::InvalidResponse { .. } => "invalid_response",
        _ => "other",
    }
}

/// PayPOS SoftPOS calls under one session key. Cheap to clone.
///
/// Made by [`Client::paypos`]; the session key comes from Paynet's `get_auth_key`, which only the
/// merchant's server (with the secret key and a registered IP) can call.
#[derive(Clone, Debug)]
pub struct PayPos {
    client: Client,
    session_key: SessionKey,
}

impl PayPos {
    /// Replaces the session key (e.g. after the session expired and a new one was issued).
    pub fn set_session_key(&mut self, session_key: SessionKey) {
        self.session_key = session_key;
    }

    /// The client this handle calls through.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Starts a PayPOS sale (Paynet: `POST /v1/softpos/init_sale_transaction`): returns the
    /// deeplink to open in the PayPOS app and the payment session id to check the outcome by.
    ///
    /// Re-sent only when the request provably never reached Paynet.
    pub async fn start_sale(&self, request: &InitSaleRequest) -> Result<SaleSession, Error> {
        self.start_sale_with(request, &CallOptions::default()).await
    }

    /// The session key this handle uses.
    pub fn session_key(&self) -> &SessionKey {
        &self.session_key
    }

    /// Checks a sale's (or reversal's) outcome by its payment session id (Paynet:
    /// `POST /v1/softpos/check_transaction`): the safe way to learn what happened after PayPOS
    /// returns to the app. While the card has not been tapped, [`SaleCheck::is_pending`] is true.
    pub async fn check_sale(&self, payment_session_id: &str) -> Result<SaleCheck, Error> {
        self.check_sale_with(payment_session_id, &CallOptions::default())
            .await
    }

    /// [`PayPos::check_sale`] with per-call options.
    pub async fn check_sale_with(
        &self,
        payment_session_id: &str,
        options: &CallOptions,
    ) -> Result<SaleCheck, Error> {
        let key = &self.session_key;
        self.client
            .run(
                Operation::CheckTransaction,
                options,
                |endpoint| async move { endpoint.check_transaction(key, payment_session_id).await },
            )
            .await
    }

    /// Starts cancelling or refunding a PayPOS transaction (Paynet:
    /// `POST /v1/softpos/init_reversal_transaction`); answered like a sale start, with a deeplink
    /// to open in PayPOS. Re-sent only when the request provably never reached Paynet.
    pub async fn start_reversal(&self, request: &ReversalRequest) -> Result<SaleSession, Error> {
        self.start_reversal_with(request, &CallOptions::default())
            .await
    }

    /// [`PayPos::start_reversal`] with per-call options.
    pub async fn start_reversal_with(
        &self,
        request: &ReversalRequest,
        options: &CallOptions,
    ) -> Result<SaleSession, Error> {
        let key = &self.session_key;
        self.client
            .run(Operation::InitReversal, options, |endpoint| async move {
                endpoint.init_reversal(key, request).await
            })
            .await
    }

    /// [`PayPos::start_sale`] with per-call options.
    pub async fn start_sale_with(
        &self,
        request: &InitSaleRequest,
        options: &CallOptions,
    ) -> Result<SaleSession, Error> {
        let key = &self.session_key;
        self.client
            .run(Operation::InitSale, options, |endpoint| async move {
                endpoint.init_sale(key, request).await
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(url: &str) -> String {
        match check_base_url(url) {
            Err(Error::InvalidRequest { field, reason }) => {
                assert_eq!(field, "base_url");
                reason
            }
            other => panic!("{url}: {other:?}"),
        }
    }

    #[test]
    fn plain_http_only_on_loopback() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://[::1]:9000/",
            "http://localhost:1234",
            "https://api.paynet.com.tr",
            "https://proxy.example.com/paynet/",
        ] {
            assert!(check_base_url(ok).is_ok(), "{ok}");
        }
        let reason = refused("http://api.paynet.com.tr");
        assert!(reason.contains("plain http is refused"), "{reason}");
        refused("http://10.0.0.5:8080");
        refused("http://[2001:db8::1]/");
    }

    #[test]
    fn odd_base_urls_are_refused() {
        assert!(refused("ftp://127.0.0.1").contains("scheme"));
        assert!(refused("https://user:pw@api.paynet.com.tr").contains("credentials"));
        assert!(refused("https://api.paynet.com.tr/?x=1").contains("query"));
        assert!(refused("api.paynet.com.tr").contains("not a URL"));
    }

    #[test]
    fn the_base_url_loses_its_trailing_slash() {
        assert_eq!(
            check_base_url("https://proxy.example.com/paynet/")
                .ok()
                .as_deref(),
            Some("https://proxy.example.com/paynet")
        );
    }

    #[test]
    fn builds_with_defaults_and_refuses_a_bad_user_agent() {
        let client = Client::builder()
            .base_url("http://127.0.0.1:1")
            .build()
            .map_err(|e| e.to_string());
        assert_eq!(
            client.map(|c| c.base_url().to_owned()).ok().as_deref(),
            Some("http://127.0.0.1:1")
        );
        let err = Client::builder()
            .base_url("http://127.0.0.1:1")
            .user_agent("bad\nagent")
            .build();
        assert!(matches!(
            err,
            Err(Error::InvalidRequest {
                field: "user_agent",
                ..
            })
        ));
    }
}
