//! Helpers shared by the tests.

use std::time::Duration;

use paynet_sim::{SimConfig, Simulator};
use reqwest::{Client, StatusCode};
use serde_json::Value;

/// A seeded simulator with the default credentials.
pub async fn sim() -> Simulator {
    Simulator::start(SimConfig::default().seed(7))
        .await
        .unwrap()
}

/// A client that never goes through a proxy and gives up after 10 s.
pub fn client() -> Client {
    Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// An answer: status, `Content-Type`, raw body text, and the body as JSON when it is JSON.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    pub text: String,
    pub json: Value,
}

impl Answer {
    pub async fn from(response: reqwest::Response) -> Answer {
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let text = response.text().await.unwrap();
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            content_type,
            text,
            json,
        }
    }
}

/// POSTs raw JSON text with the given headers.
pub async fn post(sim: &Simulator, path: &str, headers: &[(&str, &str)], body: &str) -> Answer {
    let mut request = client()
        .post(format!("{}{path}", sim.base_url()))
        .header("content-type", "application/json")
        .body(body.to_owned());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    Answer::from(request.send().await.unwrap()).await
}

/// POSTs to capture with the simulator's secret key.
pub async fn capture(sim: &Simulator, body: &str) -> Answer {
    let auth = format!("Basic {}", sim.secret_key());
    post(
        sim,
        "/v1/transaction/capture",
        &[("authorization", &auth)],
        body,
    )
    .await
}

/// POSTs to a softpos endpoint with the simulator's session key.
pub async fn softpos(sim: &Simulator, path: &str, body: &str) -> Answer {
    softpos_with(sim, sim.session_key(), path, body).await
}

/// POSTs to a softpos endpoint with this session key.
pub async fn softpos_with(sim: &Simulator, key: &str, path: &str, body: &str) -> Answer {
    post(sim, path, &[("session-key", key)], body).await
}

/// POSTs to an agent endpoint with the secret key and `PaynetMobile: 2`.
pub async fn agent(sim: &Simulator, path: &str, body: &str) -> Answer {
    let auth = format!("Basic {}", sim.secret_key());
    post(
        sim,
        path,
        &[("authorization", &auth), ("paynetmobile", "2")],
        body,
    )
    .await
}

/// Asserts Paynet's `{type, message, code, result_code}` error.
pub fn assert_paynet_error(a: &Answer, status: u16, kind: &str, result_code: u64) {
    assert_eq!(a.status.as_u16(), status, "{}", a.text);
    assert_eq!(a.content_type, "application/json");
    assert_eq!(a.json["type"], kind, "{}", a.text);
    assert_eq!(
        a.json["code"].as_u64(),
        Some(u64::from(status)),
        "{}",
        a.text
    );
    assert_eq!(
        a.json["result_code"].as_u64(),
        Some(result_code),
        "{}",
        a.text
    );
    assert!(!a.json["message"].as_str().unwrap().is_empty());
}

/// Asserts the PayPOS 400 `{object_name, code, message}` error.
pub fn assert_paypos_error(a: &Answer, code: u64) {
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    assert_eq!(a.content_type, "application/json");
    assert_eq!(a.json["object_name"], "error", "{}", a.text);
    assert_eq!(a.json["code"].as_u64(), Some(code), "{}", a.text);
    assert!(!a.json["message"].as_str().unwrap().is_empty());
    assert_eq!(a.json.as_object().unwrap().len(), 3, "{}", a.text);
}

/// Whether `s` looks like `2016-04-08T10:27:22.0296925+03:00`.
pub fn is_dotnet_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| r.into_iter().all(|i| b[i].is_ascii_digit());
    b.len() == 33
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && b[19] == b'.'
        && digits(20..27)
        && s.ends_with("+03:00")
}

/// POSTs to a secret-key endpoint (`/v1/transaction/*`, `/v2/transaction/*`, `/v1/ratio/*`) with
/// the simulator's secret key.
pub async fn call(sim: &Simulator, path: &str, body: &str) -> Answer {
    let auth = format!("Basic {}", sim.secret_key());
    post(sim, path, &[("authorization", &auth)], body).await
}

/// A `pay` / `tds_initial` body with card data: `amount` (comma TL), reference, card number, and
/// extra fields (`,"key":value...`, already JSON).
pub fn card_body(amount: &str, reference_no: &str, pan: &str, extra: &str) -> String {
    format!(
        r#"{{"amount":"{amount}","reference_no":"{reference_no}","domain":"shop.example",
            "card_holder":"AYSE YILMAZ","pan":"{pan}","month":{},"year":{},"cvc":"{}"{extra}}}"#,
        paynet_sim::TEST_EXPIRY_MONTH,
        paynet_sim::TEST_EXPIRY_YEAR,
        paynet_sim::TEST_CVC
    )
}

/// `pay` with card data.
pub async fn pay(sim: &Simulator, amount: &str, reference_no: &str, pan: &str) -> Answer {
    call(
        sim,
        "/v2/transaction/payment",
        &card_body(amount, reference_no, pan, ""),
    )
    .await
}

/// `detail` by any identifier (`"xact_id"`, `"id"`, `"xact"`, `"reference_no"`).
pub async fn detail(sim: &Simulator, key: &str, value: &str) -> Answer {
    call(
        sim,
        "/v1/transaction/detail",
        &format!(r#"{{"{key}":"{value}"}}"#),
    )
    .await
}

/// The keys of a JSON object, sorted.
pub fn keys(v: &Value) -> Vec<String> {
    let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    keys.sort_unstable();
    keys
}

/// A loopback HTTP server that records every request it gets (path and body) and answers
/// `status`: a merchant's `return_url` or `succeedUrl`.
pub struct Recorder {
    pub url: String,
    seen: std::sync::Arc<std::sync::Mutex<Vec<(String, String, String)>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Recorder {
    pub async fn start(status: u16) -> Recorder {
        use axum::{body::Bytes, extract::Request, http::StatusCode as S};
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let record = seen.clone();
        let app = axum::Router::new().fallback(move |request: Request| {
            let record = record.clone();
            async move {
                let path = request
                    .uri()
                    .path_and_query()
                    .map(|p| p.to_string())
                    .unwrap_or_default();
                let content_type = request
                    .headers()
                    .get("content-type")
                    .map(|v| v.to_str().unwrap().to_owned())
                    .unwrap_or_default();
                let body: Bytes = axum::body::to_bytes(request.into_body(), 1 << 20)
                    .await
                    .unwrap();
                record.lock().unwrap().push((
                    path,
                    content_type,
                    String::from_utf8(body.to_vec()).unwrap(),
                ));
                S::from_u16(status).unwrap()
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Recorder { url, seen, task }
    }

    /// The requests so far: (path and query, content type, body).
    pub fn seen(&self) -> Vec<(String, String, String)> {
        self.seen.lock().unwrap().clone()
    }

    /// Waits (up to 5 s) until `n` requests arrived, and returns them.
    pub async fn wait_for(&self, n: usize) -> Vec<(String, String, String)> {
        for _ in 0..250 {
            if self.seen().len() >= n {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let seen = self.seen();
        assert!(seen.len() >= n, "expected {n} requests, got {seen:?}");
        seen
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Waits (up to 5 s) until `f` is true.
pub async fn eventually(mut f: impl FnMut() -> bool) {
    for _ in 0..250 {
        if f() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("condition not met within 5 s");
}
