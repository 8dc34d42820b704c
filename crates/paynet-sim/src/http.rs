//! What every handler shares: the [`Shared`] handle on the state (with the keys and settings the
//! handlers read), the credential checks, reading a body, Paynet's error answers, and the
//! transport triggers. It knows no handler.

use std::{
    sync::{
        Arc, Mutex, MutexGuard,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use axum::{
    body::Bytes,
    http::{HeaderMap, StatusCode, header},
    response::Response,
};
use serde::de::DeserializeOwned;

use crate::{
    config::SimConfig,
    conn::{ConnToken, Registry},
    state::State,
    triggers, wire,
};

/// The state that the server and the [`Simulator`](crate::Simulator) handle share.
#[derive(Debug)]
pub(crate) struct Shared {
    state: Mutex<State>,
    pub(crate) registry: Arc<Registry>,
    secret_key: String,
    publishable_key: String,
    pub(crate) slow_delay: Duration,
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

/// A header's value as text.
pub(crate) fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// A string field that counts as present: not absent, not empty.
pub(crate) fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().filter(|s| !s.is_empty())
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

/// A 400 refusal with this result code.
pub(crate) fn refused(code: u32, message: &str) -> Response {
    wire::paynet_error(
        StatusCode::BAD_REQUEST,
        "invalid_request_error",
        message,
        code,
    )
}

/// The 404 for an unknown transaction (`xact_id`, `xact`).
pub(crate) fn no_such_transaction() -> Response {
    wire::paynet_error(
        StatusCode::NOT_FOUND,
        "no_data_error",
        "Bu xact_id ile işlem bulunamadı",
        12,
    )
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

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;
    use crate::lenient;

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
}
