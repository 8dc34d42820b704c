//! The fault suite, driven by the generated operation table: every case below runs for every
//! operation of every spec (`paynet::Operation::ALL`), end to end through the facade's one call
//! path, against httpmock (matched on the operation's path) and, for what httpmock cannot do, raw
//! TCP servers on loopback. An operation added to a spec is fault-tested here with no new test
//! code: it needs a request type with an `Example` (`paynet::testing::for_each_request!`) and a
//! canned success answer (its spec's example, or `openapi/examples/<name>.json`).
//!
//! Each test runs one case (a generic `async fn` over the request type) for every operation at
//! once, each operation on a thread of its own (`every_operation!`), and fails with every
//! operation that failed. Every result is printed (`Display`, `Debug`, source chain) to check that
//! no key shows.
//!
//! What the SDK does with the content type: nothing. It judges an answer by its status and body,
//! so valid JSON sent as `text/plain` is read normally, and an HTML page is an
//! `Error::InvalidResponse` whatever its content type says.

#[macro_use]
mod common;

use std::cell::Cell;
use std::fmt::Debug;

use common::*;
use httpmock::{Method, Mock, MockServer};
use paynet::testing::Example;
use paynet::{
    Auth, Call, Client, ClientBuilder, Error, ErrorType, Operation, PayPos, Request, ResultCode,
    RetryPolicy,
};

/// The request types the suite runs: any request with an example.
trait Subject: Request + Example + 'static {}
impl<R: Request + Example + 'static> Subject for R {}

/// One operation under test: its table entry, its example request, and a client (of one test
/// server) with a PayPOS handle of it, holding both credentials.
struct Rig<R> {
    op: Operation,
    request: R,
    client: Client,
    paypos: PayPos,
}

impl<R: Subject> Rig<R> {
    /// A rig on a client of `base_url` from [`builder`].
    fn new(base_url: &str) -> Self {
        Self::with(builder(base_url))
    }

    /// A rig on a client built by `builder`.
    fn with(builder: ClientBuilder) -> Self {
        let client = builder.build().expect("client");
        let paypos = client.paypos(session_key());
        Rig {
            op: R::OPERATION,
            request: R::example(),
            client,
            paypos,
        }
    }

    /// A call of the operation, to await (after setting per-call options if needed). The
    /// suite tests the one request: a payment's lost answer is not looked up here (that is
    /// `reconciliation.rs`'s).
    fn call(&self) -> Call<'_, R> {
        call(&self.client, &self.paypos, &self.request).reconcile(false)
    }

    /// The canned success answer.
    fn canned(&self) -> &'static str {
        canned(self.op)
    }
}

/// An httpmock server with one mock at a time on an operation's path.
struct Mocked {
    server: MockServer,
    current: Cell<Option<usize>>,
}

impl Mocked {
    async fn start() -> Mocked {
        Mocked {
            server: MockServer::start_async().await,
            current: Cell::new(None),
        }
    }

    fn url(&self) -> String {
        self.server.base_url()
    }

    /// Replaces the mock: `op`'s path answers with `then`.
    async fn answer(&self, op: Operation, then: impl FnOnce(httpmock::Then)) {
        if let Some(id) = self.current.take() {
            Mock::new(id, &self.server).delete_async().await;
        }
        let mock = self
            .server
            .mock_async(|when, t| {
                when.method(Method::POST).path(op.path());
                then(t);
            })
            .await;
        self.current.set(Some(mock.id()));
    }

    /// How many requests the current mock answered.
    async fn calls(&self) -> usize {
        match self.current.get() {
            Some(id) => Mock::new(id, &self.server).calls_async().await,
            None => 0,
        }
    }
}

/// A body limit well under the canned answers' size.
const LIMIT: usize = 256;

/// The longest prefix of `text` of at most `len` bytes that ends on a character boundary.
fn prefix(text: &str, len: usize) -> &str {
    let end = (0..=len.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    &text[..end]
}

// ---------------------------------------------------------------------------------------------
// The table.

/// Every operation of the table has a request type and a canned answer that is a JSON object.
#[test]
fn every_operation_has_a_request_type_and_a_canned_answer() {
    let covered = covered_operations();
    let mut problems = Vec::new();
    for &op in Operation::ALL {
        if !covered.contains(&op) {
            problems.push(no_request_type(op));
        }
        match canned_answer(op) {
            Err(why) => problems.push(why),
            Ok(text) => {
                if !serde_json::from_str::<serde_json::Value>(text).is_ok_and(|v| v.is_object()) {
                    problems.push(format!(
                        "the canned answer of `{op}` (spec {}) is not a JSON object",
                        op.spec()
                    ));
                }
            }
        }
        assert_eq!(op.method(), "POST", "{op}");
    }
    assert_eq!(covered.len(), Operation::ALL.len(), "{covered:?}");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// The request on the wire.

/// POST to the operation's path, `Content-Type: application/json`, a JSON object body, the
/// credential the table names (`Authorization: Basic <raw key>` or `Session-Key`, never both) and
/// the operation's fixed headers.
async fn sends_its_credential_and_headers_to_its_path<R: Subject>()
where
    R::Output: Debug,
{
    let op = R::OPERATION;
    let server = MockServer::start_async().await;
    let (credential, absent) = credential(op);
    let mock = server
        .mock_async(|when, then| {
            let mut when = when
                .method(Method::POST)
                .path(op.path())
                .header("content-type", "application/json")
                .is_true(|request| {
                    // A JSON object, or for a bare body (check_agent's JSON string) a JSON value.
                    serde_json::from_slice::<serde_json::Value>(request.body_ref()).is_ok()
                });
            if let Some((name, value)) = credential {
                when = when.header(name, value);
            }
            for name in absent {
                when = when.header_missing(name);
            }
            for (name, value) in op.headers() {
                when = when.header(*name, *value);
            }
            raw(200, "application/json", canned(op))(then);
        })
        .await;
    let rig = Rig::<R>::new(&server.base_url());
    ok(rig.call().await);
    assert_eq!(
        mock.calls_async().await,
        1,
        "the request did not match {op}'s path, credential ({}) and headers {:?}",
        op.auth(),
        op.headers()
    );
}

#[test]
fn the_request_goes_to_its_path_with_its_credential_and_headers() {
    every_operation!(sends_its_credential_and_headers_to_its_path);
}

/// A client without keys refuses an operation that needs its secret key or its publishable key,
/// and sends nothing; the other operations do not need either.
async fn needs_only_its_own_credential<R: Subject>()
where
    R::Output: Debug,
{
    let answer = http_answer("200 OK", "application/json", canned(R::OPERATION));
    let server = RawServer::start(Behaviour::Answer(answer)).await;
    let rig = Rig::<R>::with(Client::builder().base_url(&server.base_url));
    let result = rig.call().await;
    let needed = match rig.op.auth() {
        Auth::SecretKey => Some("secret_key"),
        Auth::PublishableKey => Some("publishable_key"),
        _ => None,
    };
    if let Some(key) = needed {
        match err(result) {
            e @ Error::InvalidRequest { field, .. } if field == key => assert!(e.is_not_sent()),
            other => panic!("expected Error::InvalidRequest for {key}, got {other:?}"),
        }
        assert_eq!(server.connections(), 0, "something was sent");
    } else {
        ok(result);
        assert_eq!(server.requests(), 1);
    }
}

#[test]
fn a_client_without_a_secret_key_sends_no_secret_key_operation() {
    every_operation!(needs_only_its_own_credential);
}

// ---------------------------------------------------------------------------------------------
// Answers that are read.

/// The canned answer is read, whatever content type it comes with.
async fn reads_its_canned_answer<R: Subject>()
where
    R::Output: Debug,
{
    let server = Mocked::start().await;
    let rig = Rig::<R>::new(&server.url());
    for content_type in ["application/json", "text/plain", ""] {
        server
            .answer(rig.op, raw(200, content_type, rig.canned()))
            .await;
        ok(rig.call().await);
        assert_eq!(server.calls().await, 1, "{content_type}");
    }
}

#[test]
fn the_canned_answer_is_read_as_json_or_text_plain() {
    every_operation!(reads_its_canned_answer);
}

// ---------------------------------------------------------------------------------------------
// Unreadable successful answers: for an operation that moves money, the outcome is then unknown.

async fn unreadable_on_200<R: Subject>()
where
    R::Output: Debug,
{
    let server = Mocked::start().await;
    let rig = Rig::<R>::new(&server.url());
    let array = format!("[{}]", rig.canned());
    let truncated = prefix(rig.canned(), rig.canned().len() / 2);
    let cases = [
        (
            "an HTML page",
            "text/html",
            HTML_500,
            "not JSON (syntax error",
        ),
        (
            "truncated JSON",
            "application/json",
            truncated,
            "truncated JSON",
        ),
        (
            "an array",
            "application/json",
            &array,
            "JSON of an unexpected shape",
        ),
        (
            "a string",
            "application/json",
            "\"Başarılı\"",
            "JSON of an unexpected shape",
        ),
        (
            "a number",
            "application/json",
            "0",
            "JSON of an unexpected shape",
        ),
        (
            "null",
            "application/json",
            "null",
            "JSON of an unexpected shape",
        ),
        (
            "a code that is an object",
            "application/json",
            r#"{"code":{"value":0}}"#,
            "JSON of an unexpected shape",
        ),
        ("an empty body", "application/json", "", "the body is empty"),
    ];
    for (what, content_type, body, reason) in cases {
        server.answer(rig.op, raw(200, content_type, body)).await;
        let e = invalid(rig.call().await, rig.op);
        assert_eq!(e.status, Some(200), "{what}");
        assert!(e.reason.starts_with(reason), "{what}: {e:?}");
        // The excerpt is the body's start, without its control characters.
        let start: String = body.chars().filter(|c| !c.is_control()).take(8).collect();
        assert!(e.excerpt.starts_with(&start), "{what}: {e:?}");
        assert_eq!(
            e.needs_reconciliation,
            rig.op.moves_money(),
            "{what}: {e:?}"
        );
    }
}

#[test]
fn an_unreadable_answer_with_http_200_is_an_invalid_response() {
    every_operation!(unreadable_on_200);
}

// ---------------------------------------------------------------------------------------------
// Error answers: refusals are typed; pages that are not Paynet's are invalid responses. None is
// sent again, and none leaves money to reconcile.

async fn error_pages<R: Subject>()
where
    R::Output: Debug,
{
    let server = Mocked::start().await;
    let rig = Rig::<R>::new(&server.url());
    let cases = [
        (500, "text/html", HTML_500, "<!DOCTYPE html>"),
        (502, "", "", ""),
    ];
    for (status, content_type, body, excerpt) in cases {
        server.answer(rig.op, raw(status, content_type, body)).await;
        let e = invalid(rig.call().retry(fast_retries(5)).await, rig.op);
        assert_eq!(e.status, Some(status));
        assert_eq!(
            e.reason,
            format!("HTTP {status} with a body that is not a Paynet error")
        );
        assert!(e.excerpt.starts_with(excerpt), "{e:?}");
        assert!(excerpt.is_empty() == e.excerpt.is_empty(), "{e:?}");
        assert!(!e.needs_reconciliation, "{e:?}");
        assert_eq!(
            server.calls().await,
            1,
            "an invalid response was sent again"
        );
    }
}

#[test]
fn an_error_page_is_an_invalid_response_not_sent_again() {
    every_operation!(error_pages);
}

async fn refusals<R: Subject>()
where
    R::Output: Debug,
{
    let server = Mocked::start().await;
    let rig = Rig::<R>::new(&server.url());
    for (status, code) in [(401, 7), (403, 2)] {
        let body = serde_json::json!({
            "type": "authorization_error",
            "code": status,
            "result_code": code,
            "message": "Geçersiz API anahtarı",
        });
        server
            .answer(rig.op, raw(status, "application/json", body.to_string()))
            .await;
        let r = rejection(rig.call().retry(fast_retries(5)).await, rig.op);
        assert_eq!(r.status, status);
        assert_eq!(r.code, Some(ResultCode::from_i64(code)));
        assert_eq!(r.error_type, Some(ErrorType::parse("authorization_error")));
        assert_eq!(r.message.as_deref(), Some("Geçersiz API anahtarı"));
        assert_eq!(server.calls().await, 1, "a refusal was sent again");
    }

    // The PayPOS error shape: `code` is Paynet's result code.
    let body = r#"{"object_name":"error","code":11,"message":"Geçersiz istek"}"#;
    server
        .answer(rig.op, raw(400, "application/json", body))
        .await;
    let r = rejection(rig.call().await, rig.op);
    assert_eq!(r.status, 400);
    assert_eq!(r.code, Some(ResultCode::from_i64(11)));
    assert_eq!(r.error_type, None);
    assert_eq!(r.message.as_deref(), Some("Geçersiz istek"));
}

#[test]
fn a_401_403_or_400_is_rejected_with_its_result_code() {
    every_operation!(refusals);
}

// ---------------------------------------------------------------------------------------------
// Bodies over the limit: declared by Content-Length, streamed in chunks, or an error page.

async fn over_the_limit<R: Subject>()
where
    R::Output: Debug,
{
    let over = format!("the body is larger than the {LIMIT}-byte limit");
    let server = Mocked::start().await;
    let rig = Rig::<R>::with(builder(&server.url()).body_limit(LIMIT));

    let body = format!(r#"{{"code":0,"message":"{}"}}"#, "x".repeat(4 * LIMIT));
    server
        .answer(rig.op, raw(200, "application/json", body))
        .await;
    let e = invalid(rig.call().await, rig.op);
    assert_eq!((e.status, e.reason.as_str()), (Some(200), over.as_str()));
    assert!(
        e.excerpt.starts_with(r#"{"code":0,"message":"xxx"#),
        "{e:?}"
    );
    assert_eq!(e.needs_reconciliation, rig.op.moves_money(), "{e:?}");

    let page = format!("<html><body>{}</body></html>", "x".repeat(4 * LIMIT));
    server.answer(rig.op, raw(503, "text/html", page)).await;
    let e = invalid(rig.call().await, rig.op);
    assert_eq!((e.status, e.reason.as_str()), (Some(503), over.as_str()));
    assert!(e.excerpt.starts_with("<html><body>xxx"), "{e:?}");
    assert!(!e.needs_reconciliation, "{e:?}");

    let chunked = RawServer::start(Behaviour::Chunked {
        chunks: 64,
        chunk_len: 100,
    })
    .await;
    let rig = Rig::<R>::with(builder(&chunked.base_url).body_limit(LIMIT));
    let e = invalid(rig.call().await, rig.op);
    assert_eq!((e.status, e.reason.as_str()), (Some(200), over.as_str()));
    assert!(e.excerpt.starts_with("{{{{"), "{e:?}");
    assert_eq!(chunked.requests(), 1);
}

#[test]
fn a_body_over_the_limit_is_an_invalid_response() {
    every_operation!(over_the_limit);
}

// ---------------------------------------------------------------------------------------------
// Redirects are not followed: nothing is sent again elsewhere, no key goes elsewhere.

async fn redirect_not_followed<R: Subject>()
where
    R::Output: Debug,
{
    let server = Mocked::start().await;
    let elsewhere = Mocked::start().await;
    let rig = Rig::<R>::new(&server.url());
    elsewhere
        .answer(rig.op, raw(200, "application/json", rig.canned()))
        .await;
    let location = format!("{}{}", elsewhere.url(), rig.op.path());
    for status in [307, 308] {
        let location = location.clone();
        server
            .answer(rig.op, move |then| {
                then.status(status).header("location", location).body("");
            })
            .await;
        let e = invalid(rig.call().await, rig.op);
        assert_eq!(e.status, Some(status));
        assert_eq!(
            e.reason,
            format!("HTTP {status} is not an answer this operation documents")
        );
        assert_eq!(elsewhere.calls().await, 0, "the redirect was followed");
    }
}

#[test]
fn a_redirect_is_not_followed() {
    every_operation!(redirect_not_followed);
}

// ---------------------------------------------------------------------------------------------
// Connection refused: never sent, so retried, up to the policy's attempts (the client's, or the
// call's own).

async fn refused<R: Subject>()
where
    R::Output: Debug,
{
    let logs = Logs::current();
    let (_socket, base_url) = refusing_socket();
    let rig = Rig::<R>::new(&base_url);

    transport(rig.call().await, rig.op);
    assert_eq!(attempts(&logs, rig.op), ATTEMPTS.to_string());
    transport(rig.call().retry(RetryPolicy::none()).await, rig.op);
    assert_eq!(attempts(&logs, rig.op), "1");
    transport(rig.call().retry(fast_retries(5)).await, rig.op);
    assert_eq!(attempts(&logs, rig.op), "5");

    // Refused, then served: the request reaches the server once.
    let answer = http_answer("200 OK", "application/json", rig.canned());
    let (base_url, server) = refused_until_first_retry(&logs, rig.op, answer);
    let rig = Rig::<R>::new(&base_url);
    ok(rig.call().await);
    let server = server.await.expect("server");
    assert_eq!((server.requests(), server.connections()), (1, 1));
    assert_eq!(attempts(&logs, rig.op), "2");
}

#[test]
fn connection_refused_is_a_transport_error_retried_per_policy() {
    let logs = Logs::default();
    let _capture = logs.install();
    every_operation!(refused);
}

// ---------------------------------------------------------------------------------------------
// The request may have reached Paynet and no usable answer came back: the outcome is unknown.
// What may move money, or is not idempotent, is sent once; an idempotent read is sent again
// within the call's budget.

#[track_caller]
fn assert_sends(op: Operation, sent: usize) {
    assert_eq!(sent, sends_after_unknown(op, ATTEMPTS), "requests received");
    if op.moves_money() {
        assert_eq!(sent, 1, "{op} moves money: it is never sent again");
    }
    if op.idempotent() {
        assert!(
            sent > 1,
            "{op} is idempotent: it is sent again within the budget"
        );
    }
}

/// The head and half the body of the canned answer.
fn head_and_half_body(canned: &str) -> Vec<u8> {
    let full = http_answer("200 OK", "application/json", canned);
    full[..full.len() - canned.len() / 2].to_vec()
}

async fn timeout_after_sending<R: Subject>()
where
    R::Output: Debug,
{
    let canned = canned(R::OPERATION);
    let server = RawServer::start(Behaviour::Drop).await;
    let rig = Rig::<R>::new(&server.base_url);
    let cases = [
        (
            Behaviour::AnswerThenHang(Vec::new()),
            "timed out waiting for Paynet's answer after sending",
        ),
        (
            Behaviour::AnswerThenHang(head_and_half_body(canned)),
            "timed out reading Paynet's HTTP 200 answer",
        ),
    ];
    for (behaviour, reason) in cases {
        server.set(behaviour);
        let e = unknown(rig.call().attempt_timeout(SHORT).await, rig.op);
        assert_eq!(e.reference, rig.request.lookup());
        assert_eq!(e.reason, reason);
        assert_sends(rig.op, server.requests());
    }
}

#[test]
fn a_timeout_after_sending_is_an_unknown_outcome() {
    every_operation!(timeout_after_sending);
}

async fn dropped_after_sending<R: Subject>()
where
    R::Output: Debug,
{
    let canned = canned(R::OPERATION);
    let server = RawServer::start(Behaviour::Drop).await;
    let rig = Rig::<R>::new(&server.base_url);
    let cases = [
        (
            Behaviour::Drop,
            "the connection failed after the request was sent",
        ),
        (
            Behaviour::Answer(head_and_half_body(canned)),
            "the connection failed while reading Paynet's HTTP 200 answer",
        ),
    ];
    for (behaviour, reason) in cases {
        server.set(behaviour);
        let e = unknown(rig.call().await, rig.op);
        assert_eq!(e.reference, rig.request.lookup());
        assert_eq!(e.reason, reason);
        assert_sends(rig.op, server.requests());
        assert_eq!(server.connections(), server.requests());
    }
}

#[test]
fn a_connection_dropped_after_sending_is_an_unknown_outcome() {
    every_operation!(dropped_after_sending);
}
