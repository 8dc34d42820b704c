//! The client and the PayPOS handle: what they hold. Their one method per operation (over
//! [`Call`](crate::Call)) is generated from the table, in `generated.rs`; the client is built by
//! [`ClientBuilder`](crate::ClientBuilder) (`config.rs`).

use std::sync::Arc;
use std::time::Duration;

use paynet_domain::{Defaults, SecretKey, Secrets, SessionKey};
use reqwest::header::HeaderValue;

use crate::retry::RetryPolicy;
use crate::transport::Transport;

/// A Paynet client: cheap to clone (every clone shares one connection pool and one set of
/// secrets).
///
/// Server-side calls ([`Client::capture`], [`Client::open_session`]...) run under the secret key
/// given to the builder, the few a shop's pages may make ([`Client::public_ratios`]) under its
/// publishable key; PayPOS calls run under a session key, through [`Client::paypos`]. Each
/// method returns a [`Call`](crate::Call): await it, after setting per-call options if needed.
#[derive(Clone, Debug)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

#[derive(Debug)]
pub(crate) struct Inner {
    pub(crate) transport: Transport,
    pub(crate) secret_key: Option<SecretKey>,
    /// `Basic <key>`, built once, marked sensitive.
    pub(crate) secret_header: Option<HeaderValue>,
    /// `Basic <publishable key>`, built once, marked sensitive.
    pub(crate) publishable_header: Option<HeaderValue>,
    pub(crate) secrets: Secrets,
    pub(crate) defaults: Defaults,
    pub(crate) retry: RetryPolicy,
    pub(crate) attempt_timeout: Duration,
    pub(crate) total_timeout: Option<Duration>,
}

impl Client {
    /// The base URL calls go to.
    pub fn base_url(&self) -> &str {
        self.inner.transport.base_url()
    }

    /// True when the client has a secret key (needed by server-side calls).
    pub fn has_secret_key(&self) -> bool {
        self.inner.secret_key.is_some()
    }

    /// True when the client has a publishable key (needed by `public_ratios`).
    pub fn has_publishable_key(&self) -> bool {
        self.inner.publishable_header.is_some()
    }

    /// Every secret this client keeps out of its errors, logs and outcomes: its secret key, the
    /// session keys handed to it or issued to it, the encryption keys Paynet issued it, and what
    /// was added with [`ClientBuilder::redact`](crate::ClientBuilder::redact). Use it to scrub your own logs too.
    pub fn secrets(&self) -> &Secrets {
        &self.inner.secrets
    }

    /// A handle for PayPOS SoftPOS calls under `session_key` (from [`Client::open_session`]).
    /// Make one per terminal or session; replace the key with [`PayPos::set_session_key`] when
    /// the session is renewed. The key joins the client's [secrets](Client::secrets).
    pub fn paypos(&self, session_key: SessionKey) -> PayPos {
        self.inner.secrets.remember(session_key.expose_secret());
        PayPos {
            client: self.clone(),
            header: session_key.header_value(),
            session_key,
        }
    }
}

/// PayPOS SoftPOS calls under one session key. Cheap to clone.
///
/// Made by [`Client::paypos`]; the session key comes from [`Client::open_session`], which only
/// the merchant's server (with the secret key and a registered IP) can call.
#[derive(Clone, Debug)]
pub struct PayPos {
    pub(crate) client: Client,
    session_key: SessionKey,
    /// `Session-Key`, built once, marked sensitive.
    pub(crate) header: HeaderValue,
}

impl PayPos {
    /// Replaces the session key (e.g. after the session expired and a new one was issued).
    pub fn set_session_key(&mut self, session_key: SessionKey) {
        *self = self.client.paypos(session_key);
    }

    /// The session key this handle uses.
    pub fn session_key(&self) -> &SessionKey {
        &self.session_key
    }

    /// The client this handle calls through.
    pub fn client(&self) -> &Client {
        &self.client
    }
}
