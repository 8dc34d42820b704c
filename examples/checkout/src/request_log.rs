//! A record of every request the shop's server received (method, path and query, headers, body),
//! for tests that prove what the shop never saw: on the Paynet.js checkout, the card number.
//!
//! **Test mode only** ([`Demo::start_recorded`](crate::demo::Demo::start_recorded)): a real shop
//! must never keep request bodies, since on the checkout through its own server they carry card
//! data. `Debug` shows how many requests were kept, never their contents.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};

/// The largest body kept (and passed on): the shop's forms are a few hundred bytes.
const MAX_BODY: usize = 1 << 20;

/// One request the shop received.
#[derive(Clone)]
pub struct Received {
    /// `GET`, `POST`...
    pub method: String,
    /// The path and query.
    pub uri: String,
    /// Every header, `name: value` on a line each.
    pub headers: String,
    /// The body, as received.
    pub body: Vec<u8>,
}

impl Received {
    /// Everything received, as text (for searching).
    pub fn text(&self) -> String {
        format!(
            "{} {}\n{}\n{}",
            self.method,
            self.uri,
            self.headers,
            String::from_utf8_lossy(&self.body)
        )
    }
}

impl fmt::Debug for Received {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Received")
            .field("method", &self.method)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

/// The requests received so far. Cheap to clone (one shared record).
#[derive(Clone, Default)]
pub struct RequestLog {
    received: Arc<Mutex<Vec<Received>>>,
}

impl fmt::Debug for RequestLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestLog")
            .field("received", &self.all().len())
            .finish()
    }
}

impl RequestLog {
    /// `router`, recording every request it gets into this log.
    pub fn around(&self, router: Router) -> Router {
        router.layer(middleware::from_fn_with_state(self.clone(), record))
    }

    /// Every request so far, oldest first.
    pub fn all(&self) -> Vec<Received> {
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Forgets the requests so far.
    pub fn clear(&self) {
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// The requests whose method, path, headers or body contain `needle`.
    pub fn containing(&self, needle: &str) -> Vec<Received> {
        self.all()
            .into_iter()
            .filter(|r| r.text().contains(needle))
            .collect()
    }
}

/// Keeps the request, then lets it through unchanged.
async fn record(State(log): State<RequestLog>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return axum::http::StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| format!("{name}: {}", String::from_utf8_lossy(value.as_bytes())))
        .collect::<Vec<_>>()
        .join("\n");
    log.received
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(Received {
            method: parts.method.to_string(),
            uri: parts.uri.to_string(),
            headers,
            body: bytes.to_vec(),
        });
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}
