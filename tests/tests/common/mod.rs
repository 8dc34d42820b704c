//! Helpers shared by the fault suites and the secrets test: the credentials, a client pointed at a
//! test server, raw TCP servers for the faults httpmock cannot produce, an in-memory capture of
//! all `tracing` output, and the assertions on outcomes and errors.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::cell::RefCell;
use std::fmt::Debug;
use std::io;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Once, PoisonError};
use std::time::Duration;

use paynet::raw::paynet_transaction::types::{self as tx_wire, LenientInteger};
use paynet::raw::paypos_softpos::types as softpos_wire;
use paynet::{
    CaptureRequest, Client, ClientBuilder, Error, InitSaleRequest, Operation, Rejection,
    RetryPolicy, SecretKey, SessionKey, TransactionRef,
};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::task::JoinHandle;

/// A realistic secret key (the form Paynet's own pages show: `/` and `+` included).
pub const SECRET: &str = "sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW";
/// A PayPOS session key.
pub const SESSION: &str = "ssk_7Hq2/Lw9+XbT4mZ0pRs8VnYc3KeA6uJd";
/// The encryption key that init_sale returns.
pub const ENCRYPTION: &str = "ek_Zx4v+Pq0/Wm7Ty2Bn9Lc5Rd1Hs8Gf3Ja==";
/// The `Authorization` header a capture must carry: the raw key after `Basic `.
pub const AUTHORIZATION: &str = "Basic sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW";

/// The capture's reference number.
pub const CAPTURE_REFERENCE: &str = "ORDER-1001";
/// The sale's reference number.
pub const SALE_REFERENCE: &str = "SALE-2002";

/// Every credential of the suite, with its name.
pub const KEYS: [(&str, &str); 3] = [
    ("secret key", SECRET),
    ("session key", SESSION),
    ("encryption key", ENCRYPTION),
];

/// Asserts that no key, nor a recognisable piece of one (the parts between `/` and `+`, which a
/// JSON encoder may write as `\/` and `\u002B`), appears in `text`.
#[track_caller]
pub fn assert_no_keys(what: &str, text: &str) {
    for (name, key) in KEYS {
        assert!(!text.contains(key), "the {name} appears in {what}:\n{text}");
        for piece in key.split(['/', '+']).filter(|p| p.len() >= 8) {
            assert!(
                !text.contains(piece),
                "a piece of the {name} ({piece:?}) appears in {what}:\n{text}"
            );
        }
    }
}

/// A retry policy with tiny backoffs, so that retried tests stay fast.
pub fn fast_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(attempts)
        .with_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

/// A builder for a client of `base_url` with the secret key. The timeouts only guard against a
/// hung test: no test waits for them except the timeout tests, which set their own.
pub fn builder(base_url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .secret_key(SecretKey::new(SECRET).expect("valid secret key"))
        .connect_timeout(Duration::from_secs(5))
        .attempt_timeout(Duration::from_secs(10))
        .total_timeout(Some(Duration::from_secs(20)))
        .retry_policy(fast_retries(3))
}

/// A client of `base_url` with the secret key.
pub fn client(base_url: &str) -> Client {
    builder(base_url).build().expect("client")
}

/// The session key.
pub fn session_key() -> SessionKey {
    SessionKey::new(SESSION).expect("valid session key")
}

/// Capture 10.50 TL of the pre-authorisation [`CAPTURE_REFERENCE`].
pub fn capture_request() -> CaptureRequest {
    CaptureRequest::partial(
        TransactionRef::reference_no(CAPTURE_REFERENCE).expect("reference"),
        "10.50".parse().expect("amount"),
    )
}

/// Capture all of the pre-authorisation with this encrypted id.
pub fn capture_by_xact_id(xact_id: &str) -> CaptureRequest {
    CaptureRequest::full(TransactionRef::xact_id(xact_id).expect("xact_id"))
}

/// A 149.90 TL sale with reference [`SALE_REFERENCE`].
pub fn sale_request() -> InitSaleRequest {
    InitSaleRequest::builder("149.90".parse().expect("amount"))
        .reference_no(SALE_REFERENCE)
        .callback_url("myshop://paypos/return")
        .build()
        .expect("sale request")
}

/// A sale without a reference number.
pub fn sale_request_without_reference() -> InitSaleRequest {
    InitSaleRequest::builder("149.90".parse().expect("amount"))
        .build()
        .expect("sale request")
}

/// The capture answer of Paynet's capture page (approved, code 0), as JSON text.
pub const SEED_CAPTURE_RESPONSE: &str = r#"{
"xact_id": "xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oKyavBUO0Rbe7WKYXG",
"xact_date": "2016-04-08T10:27:22.0296925+03:00",
"transaction_type": 4,
"pos_type": 5,
"is_tds": true,
"agent_id": "20005",
"user_id": "cardholder",
"email": "",
"phone": "",
"bank_id": "AXSS",
"instalment": 3,
"ratio": 0.04,
"card_no_masked": "435508******4358",
"card_holder": "GJH",
"amount": 0,
"net_amount": 56.55,
"comission": 2.37,
"comission_tax": 0.43,
"currency": "TRY",
"authorization_code": "aut-8229",
"reference_code": "ref-8229",
"order_id": "order-8229",
"is_succeed": true,
"paynet_error_id": "",
"paynet_error_message": "",
"bank_error_id": "",
"bank_error_message": "",
"bank_error_short_desc": "",
"bank_error_long_desc": "",
"object_name": "transaction",
"code": 0,
"message": "Başarılı İşlem"
}"#;

/// [`SEED_CAPTURE_RESPONSE`], typed.
pub fn seed_transaction() -> tx_wire::Transaction {
    serde_json::from_str(SEED_CAPTURE_RESPONSE).expect("seed capture response")
}

/// [`SEED_CAPTURE_RESPONSE`] as a JSON object, to change fields of.
pub fn seed_transaction_json() -> serde_json::Map<String, serde_json::Value> {
    match serde_json::from_str(SEED_CAPTURE_RESPONSE).expect("seed capture response") {
        serde_json::Value::Object(map) => map,
        _ => unreachable!("the seed is an object"),
    }
}

/// A successful init_sale answer with `code`.
pub fn sale_response(code: i64) -> softpos_wire::InitSaleResponse {
    softpos_wire::InitSaleResponse {
        payment_session_id: Some("ps_9f8e7d6c5b4a".into()),
        deeplink_url: Some("paypos://sale?payment_session_id=ps_9f8e7d6c5b4a".into()),
        encryption_key: Some(ENCRYPTION.into()),
        object_name: Some("payment_session".into()),
        code: Some(code),
        message: Some("Başarılı".into()),
    }
}

/// A successful init_sale answer, as JSON text.
pub fn sale_response_json(code: i64) -> String {
    serde_json::to_string(&sale_response(code)).expect("json")
}

// ---------------------------------------------------------------------------------------------
// Raw TCP servers.

/// What a [`RawServer`] does with each connection, once it has read the whole request.
#[derive(Clone, Debug)]
pub enum Behaviour {
    /// Closes the connection without answering.
    Drop,
    /// Writes these bytes, then closes the connection.
    Answer(Vec<u8>),
    /// Writes these bytes, then keeps the connection open without writing more.
    AnswerThenHang(Vec<u8>),
    /// Writes a chunked HTTP 200 answer of `chunks` chunks of `chunk_len` bytes of `{`.
    Chunked { chunks: usize, chunk_len: usize },
    /// Answers with this status line (`"500 Internal Server Error"`) and the whole request it
    /// read (head included, credentials and all) as a `text/plain` body, like a debugging proxy.
    Echo(&'static str),
}

/// A raw HTTP server on `127.0.0.1:0` that counts the requests it received in full. Stops when
/// dropped.
#[derive(Debug)]
pub struct RawServer {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    requests: Arc<AtomicUsize>,
    connections: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl RawServer {
    /// Starts a server that treats every connection with `behaviour`.
    pub async fn start(behaviour: Behaviour) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("addr").port();
        RawServer::serve(listener, format!("http://127.0.0.1:{port}"), behaviour)
    }

    /// Serves `listener` with `behaviour`.
    pub fn serve(listener: TcpListener, base_url: String, behaviour: Behaviour) -> RawServer {
        let requests = Arc::new(AtomicUsize::new(0));
        let connections = Arc::new(AtomicUsize::new(0));
        let (r, c) = (requests.clone(), connections.clone());
        let task = tokio::spawn(async move {
            let mut held = Vec::new();
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                c.fetch_add(1, Ordering::SeqCst);
                let (r, behaviour) = (r.clone(), behaviour.clone());
                held.push(tokio::spawn(handle(stream, r, behaviour)));
            }
        });
        RawServer {
            base_url,
            requests,
            connections,
            task,
        }
    }

    /// How many complete requests the server has read.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// How many connections the server has accepted.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn handle(mut stream: TcpStream, requests: Arc<AtomicUsize>, behaviour: Behaviour) {
    let request = match read_request(&mut stream).await {
        Ok(Some(request)) => {
            requests.fetch_add(1, Ordering::SeqCst);
            request
        }
        _ => return,
    };
    // Write errors are expected: the client may have gone (a timeout, a body over the limit).
    match behaviour {
        Behaviour::Drop => drop(stream),
        Behaviour::Answer(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
        }
        Behaviour::AnswerThenHang(bytes) => {
            let _ = stream.write_all(&bytes).await;
            let _ = stream.flush().await;
            // Hold the connection until the client gives up (or the test ends).
            let mut sink = [0u8; 1024];
            while let Ok(n) = stream.read(&mut sink).await {
                if n == 0 {
                    break;
                }
            }
        }
        Behaviour::Echo(status) => {
            let body = String::from_utf8_lossy(&request);
            let _ = stream
                .write_all(&http_answer(status, "text/plain", &body))
                .await;
            let _ = stream.shutdown().await;
        }
        Behaviour::Chunked { chunks, chunk_len } => {
            let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                        transfer-encoding: chunked\r\n\r\n";
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = format!("{chunk_len:x}\r\n{}\r\n", "{".repeat(chunk_len));
            for _ in 0..chunks {
                if stream.write_all(chunk.as_bytes()).await.is_err() {
                    return;
                }
            }
            let _ = stream.write_all(b"0\r\n\r\n").await;
            let _ = stream.shutdown().await;
        }
    }
}

/// Reads one HTTP/1.1 request (head and `Content-Length` body). `None` if the peer closed first.
pub async fn read_request(stream: &mut TcpStream) -> io::Result<Option<Vec<u8>>> {
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = find(&data, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&data[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if data.len() >= end + 4 + length {
                return Ok(Some(data));
            }
        }
        let n = stream.read(&mut buf).await?;
        if n == 0 {
            return Ok(None);
        }
        data.extend_from_slice(&buf[..n]);
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// An HTTP/1.1 answer with these parts and a correct `Content-Length`.
pub fn http_answer(status: &str, content_type: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A socket bound to a loopback port but not listening: connections to it are refused, and no
/// other test can take the port while the socket lives. [`TcpSocket::listen`] later makes it
/// accept connections.
pub fn refusing_socket() -> (TcpSocket, String) {
    let socket = TcpSocket::new_v4().expect("socket");
    socket
        .bind("127.0.0.1:0".parse().expect("address"))
        .expect("bind");
    let port = socket.local_addr().expect("addr").port();
    (socket, format!("http://127.0.0.1:{port}"))
}

// ---------------------------------------------------------------------------------------------
// Tracing capture.

type Hook = Box<dyn FnOnce() + Send>;

/// Everything written by a `tracing_subscriber::fmt` subscriber at TRACE level (the SDK's spans
/// and events, hyper's, and reqwest's `log` records through `tracing-log`) on the thread that
/// installed the capture, kept in memory.
///
/// One global subscriber serves every test of the binary and writes each line to the capture of
/// the thread it is emitted on (tests that capture run on tokio's current-thread runtime, so every
/// task of their calls, hyper's connection tasks included, logs on their thread). A scoped
/// subscriber per test would not do: `tracing` caches whether a callsite is enabled, and a callsite
/// first reached by a thread without the scoped subscriber can stay disabled for the others.
#[derive(Clone, Default)]
pub struct Logs {
    buf: Arc<Mutex<Vec<u8>>>,
    hooks: Arc<Mutex<Vec<(String, Hook)>>>,
}

impl std::fmt::Debug for Logs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Logs")
            .field("len", &lock(&self.buf).len())
            .finish()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

thread_local! {
    static CURRENT: RefCell<Option<Logs>> = const { RefCell::new(None) };
}

/// Removes the thread's capture when dropped.
#[derive(Debug)]
pub struct CaptureGuard(PhantomData<*const ()>);

impl Drop for CaptureGuard {
    fn drop(&mut self) {
        CURRENT.with(|c| c.borrow_mut().take());
    }
}

/// Where the global subscriber writes: the current thread's capture, if any.
struct ThreadWriters;

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for ThreadWriters {
    type Writer = LogWriter;

    fn make_writer(&'a self) -> LogWriter {
        LogWriter(CURRENT.with(|c| c.borrow().clone()))
    }
}

impl Logs {
    /// Captures this thread's output until the guard is dropped.
    pub fn install(&self) -> CaptureGuard {
        static GLOBAL: Once = Once::new();
        GLOBAL.call_once(|| {
            use tracing_subscriber::util::SubscriberInitExt as _;
            tracing_subscriber::fmt()
                // Everything but the mock server's own bookkeeping (its mock definitions hold
                // the credentials the mocks expect, which is the test's business).
                .with_env_filter(tracing_subscriber::EnvFilter::new("trace,httpmock=off"))
                .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
                .with_ansi(false)
                .with_writer(ThreadWriters)
                .finish()
                // Also installs the `log` → `tracing` bridge (reqwest logs through `log`).
                .try_init()
                .expect("the only global subscriber");
            // Callsites first reached before the subscriber existed are enabled now.
            tracing::callsite::rebuild_interest_cache();
        });
        CURRENT.with(|c| *c.borrow_mut() = Some(self.clone()));
        CaptureGuard(PhantomData)
    }

    /// All the output so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&lock(&self.buf)).into_owned()
    }

    /// Runs `hook` (once) right after a line containing `needle` is written, before the code
    /// that logged it goes on.
    pub fn on_line(&self, needle: &str, hook: impl FnOnce() + Send + 'static) {
        lock(&self.hooks).push((needle.to_owned(), Box::new(hook)));
    }

    /// The values of `field=` in the output, in order.
    pub fn field_values(&self, field: &str) -> Vec<String> {
        let text = self.text();
        let needle = format!(" {field}=");
        let mut values = Vec::new();
        for line in text.lines() {
            let mut rest = line;
            while let Some(at) = rest.find(&needle) {
                rest = &rest[at + needle.len()..];
                let value: String = rest
                    .chars()
                    .take_while(|c| !c.is_whitespace() && *c != '}')
                    .collect();
                values.push(value);
            }
        }
        values
    }
}

/// The writer for one event: into a capture, or nowhere.
pub struct LogWriter(Option<Logs>);

impl io::Write for LogWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let Some(logs) = &self.0 else {
            return Ok(data.len());
        };
        lock(&logs.buf).extend_from_slice(data);
        let text = String::from_utf8_lossy(data);
        let due: Vec<Hook> = {
            let mut hooks = lock(&logs.hooks);
            let (fire, keep): (Vec<_>, Vec<_>) = std::mem::take(&mut *hooks)
                .into_iter()
                .partition(|(needle, _)| text.contains(needle.as_str()));
            *hooks = keep;
            fire.into_iter().map(|(_, hook)| hook).collect()
        };
        for hook in due {
            hook();
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Asserting outcomes (the fault suites).

/// A raw answer: any status, content type and body.
pub fn raw(status: u16, content_type: &str, body: &str) -> impl FnOnce(httpmock::Then) {
    let (content_type, body) = (content_type.to_owned(), body.to_owned());
    move |then| {
        let then = then.status(status);
        let then = if content_type.is_empty() {
            then
        } else {
            then.header("content-type", content_type)
        };
        then.body(body);
    }
}

/// Prints a result every way a user might, and checks that no key shows.
pub fn print<T: Debug>(result: &Result<T, Error>) -> String {
    let text = match result {
        Ok(value) => format!("{value:?}"),
        Err(e) => {
            let mut text = format!("{e}\n{e:?}");
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                text.push_str(&format!("\n{s}\n{s:?}"));
                source = s.source();
            }
            text
        }
    };
    assert_no_keys("a result", &text);
    text
}

#[track_caller]
pub fn err<T: Debug>(result: Result<T, Error>) -> Error {
    print(&result);
    match result {
        Ok(value) => panic!("expected an error, got {value:?}"),
        Err(e) => e,
    }
}

#[track_caller]
pub fn ok<T: Debug>(result: Result<T, Error>) -> T {
    print(&result);
    match result {
        Ok(value) => value,
        Err(e) => panic!("expected success, got {e:?}"),
    }
}

#[track_caller]
pub fn rejection<T: Debug>(result: Result<T, Error>, operation: Operation) -> Rejection {
    match err(result) {
        Error::Rejected(r) => {
            assert_eq!(r.operation, operation);
            *r
        }
        other => panic!("expected Error::Rejected, got {other:?}"),
    }
}

/// The fields of an `Error::InvalidResponse`.
#[derive(Debug)]
pub struct Invalid {
    pub status: Option<u16>,
    pub reason: String,
    pub excerpt: String,
}

#[track_caller]
pub fn invalid<T: Debug>(result: Result<T, Error>, expected: Operation) -> Invalid {
    match err(result) {
        Error::InvalidResponse {
            operation,
            status,
            reason,
            excerpt,
        } => {
            assert_eq!(operation, expected);
            Invalid {
                status,
                reason,
                excerpt,
            }
        }
        other => panic!("expected Error::InvalidResponse, got {other:?}"),
    }
}

/// The fields of an `Error::OutcomeUnknown`.
#[derive(Debug)]
pub struct Unknown {
    pub reference: Option<String>,
    pub reason: String,
}

#[track_caller]
pub fn unknown<T: Debug>(result: Result<T, Error>, expected: Operation) -> Unknown {
    match err(result) {
        e @ Error::OutcomeUnknown { .. } => {
            assert!(e.is_outcome_unknown());
            assert!(!e.is_not_sent());
            assert_eq!(e.http_status(), None);
            let Error::OutcomeUnknown {
                operation,
                reference,
                reason,
                source,
            } = e
            else {
                unreachable!()
            };
            assert_eq!(operation, expected);
            assert!(source.is_some(), "the underlying failure is kept");
            Unknown { reference, reason }
        }
        other => panic!("expected Error::OutcomeUnknown, got {other:?}"),
    }
}

#[track_caller]
pub fn transport<T: Debug>(result: Result<T, Error>, expected: Operation) {
    match err(result) {
        e @ Error::Transport { .. } => {
            assert!(e.is_not_sent());
            assert_eq!(e.http_status(), None);
            let Error::Transport { operation, .. } = e else {
                unreachable!()
            };
            assert_eq!(operation, expected);
        }
        other => panic!("expected Error::Transport, got {other:?}"),
    }
}

pub const HTML_500: &str = "<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title>\
                        </head>\n<body><h1>Internal Server Error</h1></body></html>\n";
pub const HTML_404: &str = "<html>\r\n<head><title>404 Not Found</title></head>\r\n\
                        <body><center><h1>404 Not Found</h1></center><hr><center>nginx</center>\
                        </body>\r\n</html>\r\n";

pub fn api_error(kind: &str, message: &str, status: i64, result_code: i64) -> tx_wire::ApiError {
    tx_wire::ApiError {
        type_: Some(kind.into()),
        message: Some(message.into()),
        code: Some(LenientInteger::Integer(status)),
        result_code: Some(LenientInteger::Integer(result_code)),
        object_name: None,
    }
}

pub fn api_error_json(kind: &str, message: &str, status: i64, result_code: i64) -> String {
    serde_json::to_string(&api_error(kind, message, status, result_code)).expect("json")
}

pub const SHORT: Duration = Duration::from_millis(300);
/// Far longer than [`SHORT`]; the test never waits for it (the server sleeps on its own thread).
pub const SERVER_DELAY: Duration = Duration::from_secs(5);

/// The last `attempts` the call's span recorded.
pub fn attempts(logs: &Logs) -> String {
    logs.field_values("attempts")
        .pop()
        .unwrap_or_else(|| panic!("no attempts recorded:\n{}", logs.text()))
}

/// A port that refuses connections until the SDK logs its first retry, then serves `answer`:
/// the first attempt provably never reached a server, and a later one does.
pub fn refused_until_first_retry(
    logs: &Logs,
    answer: Vec<u8>,
) -> (String, tokio::task::JoinHandle<RawServer>) {
    let (socket, base_url) = refusing_socket();
    let (tx, rx) = tokio::sync::oneshot::channel();
    logs.on_line("not sent; retrying", move || {
        // Runs inside the SDK's retry loop, before its backoff: the next attempt connects.
        let listener = socket.listen(16).expect("listen");
        let _ = tx.send(listener);
    });
    let url = base_url.clone();
    let server = tokio::spawn(async move {
        let listener = rx.await.expect("the SDK never retried");
        RawServer::serve(listener, url, Behaviour::Answer(answer))
    });
    (base_url, server)
}
