//! Building a [`Client`]: where it talks to, its credential, timeouts, retries and transport.

use std::sync::Arc;
use std::time::Duration;

use paynet_domain::{Defaults, PublishableKey, SecretKey, Secrets, setters};

use crate::client::{Client, Inner};
use crate::retry::RetryPolicy;
use crate::transport::Transport;

/// Paynet's production host.
pub const PRODUCTION_URL: &str = "https://api.paynet.com.tr";
/// Paynet's sandbox ("test sistemi") host.
pub const SANDBOX_URL: &str = "https://pts-api.paynet.com.tr";

/// The default user agent: `paynet-rust/<version>`.
pub const DEFAULT_USER_AGENT: &str = concat!("paynet-rust/", env!("CARGO_PKG_VERSION"));

/// The default limit on a response body: 1 MiB. Paynet's answers are a few kilobytes.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

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

/// A client that cannot be built as configured. Nothing is ever sent by a client that failed to
/// build; these errors are about the configuration, not about a call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The base URL is not usable.
    #[error("invalid base URL: {0}")]
    BaseUrl(String),
    /// The user agent is not a valid HTTP header value.
    #[error("invalid user agent: not a valid HTTP header value")]
    UserAgent,
    /// The HTTP client could not be built (e.g. no TLS backend).
    #[error("the HTTP client could not be built: {0}")]
    Http(String),
    /// The merchant's domain is not a host name.
    #[error("invalid merchant domain: {0}")]
    MerchantDomain(String),
}

impl Client {
    /// Starts building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }
}

/// Builds a [`Client`].
///
/// Defaults: [`Environment::Sandbox`], no secret key nor publishable key, connect timeout 10 s, attempt timeout 30 s,
/// whole-call timeout 60 s, [`RetryPolicy::default`], user agent [`DEFAULT_USER_AGENT`], response
/// bodies up to 1 MiB.
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    environment: Environment,
    secret_key: Option<SecretKey>,
    publishable_key: Option<PublishableKey>,
    connect_timeout: Duration,
    attempt_timeout: Duration,
    total_timeout: Option<Duration>,
    user_agent: String,
    retry: RetryPolicy,
    http: Option<reqwest::Client>,
    body_limit: usize,
    secrets: Secrets,
    merchant_domain: Option<String>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            environment: Environment::Sandbox,
            secret_key: None,
            publishable_key: None,
            connect_timeout: Duration::from_secs(10),
            attempt_timeout: Duration::from_secs(30),
            total_timeout: Some(Duration::from_secs(60)),
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            retry: RetryPolicy::default(),
            http: None,
            body_limit: DEFAULT_BODY_LIMIT,
            secrets: Secrets::new(),
            merchant_domain: None,
        }
    }
}

impl ClientBuilder {
    setters! {
        /// Which Paynet to talk to.
        environment(environment: Environment) => set environment;
    }

    /// Shorthand for `environment(Environment::Custom(url))`.
    pub fn base_url(self, url: impl Into<String>) -> Self {
        self.environment(Environment::Custom(url.into()))
    }

    setters! {
        /// The merchant's publishable key (`pbk_...`), needed by the calls a shop's pages may
        /// make, such as [`Client::public_ratios`]. It is not one of the client's secrets (it is
        /// meant to be shown), but it is never printed by the client either.
        publishable_key(key: PublishableKey) => some publishable_key;
    }

    /// The merchant's secret key, needed by server-side calls such as [`Client::capture`].
    pub fn secret_key(mut self, key: SecretKey) -> Self {
        self.secrets.pin(key.expose_secret());
        self.secret_key = Some(key);
        self
    }

    /// One more secret to keep out of every error, log and outcome, whichever call is running
    /// (e.g. a key the process holds for another purpose). The client's own keys are registered
    /// without this.
    pub fn redact(self, secret: &str) -> Self {
        self.secrets.pin(secret);
        self
    }

    setters! {
        /// The merchant's domain (`www.acme.com`), which Paynet requires on card payments: sent
        /// for every payment that does not name its own (a 3-D payment takes its return URL's
        /// host).
        merchant_domain(domain: impl Into<String>) => some merchant_domain;
        /// Bounds connecting (ignored with [`ClientBuilder::http_client`], whose own settings
        /// apply).
        connect_timeout(timeout: Duration) => set connect_timeout;
        /// Bounds each attempt, from sending to the end of the answer.
        attempt_timeout(timeout: Duration) => set attempt_timeout;
        /// Bounds a whole call, retries and backoff included (`None`: only the attempts are
        /// bounded).
        total_timeout(timeout: Option<Duration>) => set total_timeout;
        /// The `User-Agent` sent with every request (ignored with [`ClientBuilder::http_client`],
        /// whose own settings apply).
        user_agent(user_agent: impl Into<String>) => set user_agent;
        /// The default retry policy (a call can override it: [`crate::Call::retry`]).
        retry_policy(policy: RetryPolicy) => set retry;
        /// Uses a caller-built `reqwest::Client` (proxies, custom TLS...). Its connection pool is
        /// shared by every clone of the [`Client`]. Build it with
        /// `.redirect(reqwest::redirect::Policy::none())`, as the SDK's own client is: otherwise
        /// a 307/308 answer re-sends the request, session key included, wherever it points.
        http_client(client: reqwest::Client) => some http;
        /// Reads at most `limit` bytes of a response body (default 1 MiB); a longer body is an
        /// invalid response.
        body_limit(limit: usize) => set body_limit;
    }

    /// Checks the settings and builds the client.
    ///
    /// Refused: a base URL that is not an absolute `https` URL (or `http` on a loopback host),
    /// that has credentials, a query or a fragment; a user agent that is not a valid header
    /// value.
    pub fn build(self) -> Result<Client, ConfigError> {
        let base_url = check_base_url(self.environment.base_url())?;
        let defaults = match self.merchant_domain {
            Some(domain) => Defaults::default()
                .with_merchant_domain(domain)
                .map_err(|e| ConfigError::MerchantDomain(e.to_string()))?,
            None => Defaults::default(),
        };
        // The client's default attempt timeout is reqwest's own, set once: a call whose attempt
        // has that timeout sets none of its own (no per-request timer state to allocate).
        let mut default_timeout = None;
        let http = match self.http {
            Some(http) => http,
            // Redirects are not followed: reqwest would re-send a POST (a capture) on 307/308
            // and keep the `Session-Key` header across hosts. A 3xx is an invalid response.
            None => {
                let user_agent = reqwest::header::HeaderValue::from_str(&self.user_agent)
                    .map_err(|_| ConfigError::UserAgent)?;
                crate::tls::install_provider();
                default_timeout = Some(self.attempt_timeout);
                reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .timeout(self.attempt_timeout)
                    .redirect(reqwest::redirect::Policy::none())
                    .user_agent(user_agent)
                    .build()
                    .map_err(|e| ConfigError::Http(e.to_string()))?
            }
        };
        let transport = Transport::new(http, base_url, self.body_limit, default_timeout)
            .map_err(ConfigError::BaseUrl)?;
        let secret_header = self
            .secret_key
            .as_ref()
            .map(SecretKey::authorization_header);
        let publishable_header = self
            .publishable_key
            .as_ref()
            .map(PublishableKey::authorization_header);
        Ok(Client {
            inner: Arc::new(Inner {
                transport,
                secret_key: self.secret_key,
                secret_header,
                publishable_header,
                secrets: self.secrets,
                defaults,
                retry: self.retry,
                attempt_timeout: self.attempt_timeout,
                total_timeout: self.total_timeout,
            }),
        })
    }
}

/// Checks a base URL and returns it without a trailing slash.
pub(crate) fn check_base_url(text: &str) -> Result<String, ConfigError> {
    let bad = |reason: String| ConfigError::BaseUrl(reason);
    let url = url::Url::parse(text).map_err(|e| bad(format!("{text:?} is not a URL ({e})")))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad("must not carry credentials".into()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not have a query or a fragment".into()));
    }
    let loopback = paynet_domain::validate::is_loopback(url.host());
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

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(url: &str) -> String {
        match check_base_url(url) {
            Err(ConfigError::BaseUrl(reason)) => reason,
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
        assert!(matches!(err, Err(ConfigError::UserAgent)), "{err:?}");
        let text = ConfigError::UserAgent.to_string();
        assert!(
            !text.contains("sent"),
            "a configuration error says nothing of sending: {text}"
        );
    }
}
