//! What the table-driven suites share: the test keys, the seed capture answer, a client pointed at
//! a test server, the runner that runs a case for every operation of the generated table, raw TCP
//! servers for the faults httpmock cannot produce, an in-memory capture of all `tracing` output,
//! and the assertions on outcomes and errors.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code, unused_macros)]

use std::cell::RefCell;
use std::fmt::Debug;
use std::future::Future;
use std::io;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Once, PoisonError};
use std::time::Duration;

use paynet::raw::paynet_transaction::types as tx_wire;
use paynet::{
    Auth, Call, Client, ClientBuilder, Error, Operation, PayPos, PublishableKey, Rejection,
    Request, RetryPolicy, SecretKey, SessionKey,
};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::task::JoinHandle;

// ---------------------------------------------------------------------------------------------
// The keys.

/// A realistic secret key (the form Paynet's own pages show: `/` and `+` included).
pub const SECRET: &str = "sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW";
/// A PayPOS session key.
pub const SESSION: &str = "ssk_7Hq2/Lw9+XbT4mZ0pRs8VnYc3KeA6uJd";
/// An encryption key, as init_sale and init_reversal return them.
pub const ENCRYPTION: &str = "ek_Zx4v+Pq0/Wm7Ty2Bn9Lc5Rd1Hs8Gf3Ja==";
/// The `Authorization` header a secret-key call must carry: the raw key after `Basic `.
pub const AUTHORIZATION: &str = "Basic sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW";
/// A publishable key (meant to be shown: not one of the keys that must never print).
pub const PUBLISHABLE: &str = "pbk_pcs_4rVq2N9xWbLk0mJ7";
/// The `Authorization` header a publishable-key call must carry.
pub const PUBLISHABLE_AUTHORIZATION: &str = "Basic pbk_pcs_4rVq2N9xWbLk0mJ7";

/// Every key of the suites, with its name.
pub const KEYS: [(&str, &str); 3] = [
    ("secret key", SECRET),
    ("session key", SESSION),
    ("encryption key", ENCRYPTION),
];

/// The keys (or recognisable pieces of them: the parts between `/` and `+`, which a JSON
/// encoder may write as `\/` and `\u002B`) found in `text`.
pub fn leaks(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (name, key) in KEYS {
        if text.contains(key) {
            found.push(format!("the {name}"));
        }
        for piece in key.split(['/', '+']).filter(|p| p.len() >= 8) {
            if text.contains(piece) {
                found.push(format!("a piece of the {name} ({piece:?})"));
            }
        }
    }
    found
}

/// Asserts that no key, nor a recognisable piece of one, appears in `text`.
#[track_caller]
pub fn assert_no_keys(what: &str, text: &str) {
    let found = leaks(text);
    assert!(
        found.is_empty(),
        "{} appears in {what}:\n{text}",
        found.join(", ")
    );
}

/// `key` JSON-escaped the way .NET and PHP encoders write it (`\/`, `\u002B`).
pub fn json_escaped(key: &str) -> String {
    key.replace('/', "\\/").replace('+', "\\u002B")
}

/// The session key.
pub fn session_key() -> SessionKey {
    SessionKey::new(SESSION).expect("valid session key")
}

// ---------------------------------------------------------------------------------------------
// The canned answers.

/// The canned success answer of `op` (the spec's example of its 200 answer, or
/// `openapi/examples/<name>.json`), or what to add when there is none.
pub fn canned_answer(op: Operation) -> Result<&'static str, String> {
    paynet_httpmock::answers::answer(op.name()).ok_or_else(|| {
        format!(
            "operation `{op}` (spec {spec}) has no canned answer: add an `example` to its 200 \
             response in openapi/{spec} or a file openapi/examples/{op}.json",
            spec = op.spec()
        )
    })
}

/// The canned success answer of `op`; fails, saying what to add, when there is none.
#[track_caller]
pub fn canned(op: Operation) -> &'static str {
    canned_answer(op).unwrap_or_else(|why| panic!("{why}"))
}

/// What to add for an operation of the table that has no request type.
pub fn no_request_type(op: Operation) -> String {
    format!(
        "operation `{op}` (spec {}) has no request type: run `cargo xtask codegen` (a \
         hand-written one, named by x-paynet-request-type, needs an Example in \
         paynet_domain::testing)",
        op.spec()
    )
}

/// The seed capture answer (Paynet's capture page: approved, code 0), as JSON text: the canned
/// answer of `capture`.
pub fn seed_capture_answer() -> &'static str {
    canned(Operation::CAPTURE)
}

/// The seed capture answer, typed.
pub fn seed_transaction() -> tx_wire::Transaction {
    serde_json::from_str(seed_capture_answer()).expect("seed capture answer")
}

/// The seed capture answer with some fields replaced, as JSON text.
pub fn seed_with(changes: serde_json::Value) -> String {
    let mut seed: serde_json::Value =
        serde_json::from_str(seed_capture_answer()).expect("seed capture answer");
    if let (Some(seed), serde_json::Value::Object(changes)) = (seed.as_object_mut(), changes) {
        seed.extend(changes);
    }
    seed.to_string()
}

// ---------------------------------------------------------------------------------------------
// Clients and calls.

/// A retry policy with tiny backoffs, so that retried tests stay fast.
pub fn fast_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(attempts)
        .with_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

/// How many attempts [`builder`]'s policy makes.
pub const ATTEMPTS: u32 = 3;

/// A builder for a client of `base_url` with the secret key, the publishable key and
/// [`ATTEMPTS`] fast retries. The
/// timeouts only guard against a hung test: no test waits for them except the timeout tests,
/// which set their own.
pub fn builder(base_url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .secret_key(SecretKey::new(SECRET).expect("valid secret key"))
        .publishable_key(PublishableKey::new(PUBLISHABLE).expect("valid publishable key"))
        .connect_timeout(Duration::from_secs(5))
        .attempt_timeout(Duration::from_secs(10))
        .total_timeout(Some(Duration::from_secs(20)))
        .retry_policy(fast_retries(ATTEMPTS))
}

/// A client of `base_url` with the secret key.
pub fn client(base_url: &str) -> Client {
    builder(base_url).build().expect("client")
}

/// Calls `request`'s operation through the handle its credential needs: `paypos` (the session
/// key) or `client` (the secret key).
pub fn call<'a, R: Request>(client: &'a Client, paypos: &'a PayPos, request: &'a R) -> Call<'a, R> {
    paynet::testing::call(client, paypos, request)
}

/// The credential header `op` must carry (name, value), and the one it must not.
pub fn credential(op: Operation) -> (Option<(&'static str, &'static str)>, Vec<&'static str>) {
    match op.auth() {
        Auth::SecretKey => (Some(("authorization", AUTHORIZATION)), vec!["session-key"]),
        Auth::PublishableKey => (
            Some(("authorization", PUBLISHABLE_AUTHORIZATION)),
            vec!["session-key"],
        ),
        Auth::SessionKey => (Some(("session-key", SESSION)), vec!["authorization"]),
        _ => (None, vec!["authorization", "session-key"]),
    }
}

/// How many times a request of `op` reaches a server that never answers usably (a timeout or a
/// dropped connection after sending) under a policy of `attempts`: once for what may move money
/// or is not idempotent, `attempts` times for an idempotent read.
pub fn sends_after_unknown(op: Operation, attempts: u32) -> usize {
    if op.idempotent() && !op.moves_money() {
        attempts as usize
    } else {
        1
    }
}

// ---------------------------------------------------------------------------------------------
// Running a case for every operation.

/// A case of a table-driven test for one operation: makes the future that runs it.
pub type CaseFn = fn() -> Pin<Box<dyn Future<Output = ()>>>;

/// Boxes a case's future.
pub fn boxed(case: impl Future<Output = ()> + 'static) -> Pin<Box<dyn Future<Output = ()>>> {
    Box::pin(case)
}

/// The runs of one table-driven test, one per operation. [`Runs::finish`] runs them all at once,
/// each on a thread (and a runtime) of its own, so that no operation's work delays another's
/// timed calls; then it fails with every operation that failed, and with every operation of the
/// table that has no request type. A log capture installed on the test's thread is installed on
/// every run's thread too.
#[derive(Default)]
pub struct Runs {
    cases: Vec<(Operation, CaseFn)>,
}

/// How many cases run at once in this process. Each case takes one or two httpmock servers from
/// httpmock's pool (25 by default), and the test binary runs several suites on its threads: with
/// every operation's case at once, cases holding one server while waiting for another exhausted
/// the pool and never finished.
const CASES_AT_ONCE: usize = 6;

/// A slot among [`CASES_AT_ONCE`], held while a case runs.
struct CaseSlot;

static CASE_SLOTS: (Mutex<usize>, std::sync::Condvar) = (Mutex::new(0), std::sync::Condvar::new());

impl CaseSlot {
    /// Waits for a free slot.
    fn take() -> CaseSlot {
        let (count, freed) = &CASE_SLOTS;
        let mut running = count.lock().unwrap_or_else(PoisonError::into_inner);
        while *running >= CASES_AT_ONCE {
            running = freed.wait(running).unwrap_or_else(PoisonError::into_inner);
        }
        *running += 1;
        CaseSlot
    }
}

impl Drop for CaseSlot {
    fn drop(&mut self) {
        let (count, freed) = &CASE_SLOTS;
        *count.lock().unwrap_or_else(PoisonError::into_inner) -= 1;
        freed.notify_one();
    }
}

impl Runs {
    /// Adds the run of `case` for `op`.
    pub fn add(&mut self, op: Operation, case: CaseFn) {
        self.cases.push((op, case));
    }

    /// Runs every case; fails with every failure.
    pub fn finish(self) {
        let mut failures = Vec::new();
        for op in Operation::ALL {
            if !self.cases.iter().any(|(ran, _)| ran == op) {
                failures.push(no_request_type(*op));
            }
        }
        let total = self.cases.len();
        let logs = Logs::installed();
        let threads: Vec<_> = self
            .cases
            .into_iter()
            .map(|(op, case)| {
                let logs = logs.clone();
                let thread = std::thread::Builder::new()
                    .name(op.name().to_owned())
                    .spawn(move || {
                        let _slot = CaseSlot::take();
                        let _capture = logs.as_ref().map(Logs::install);
                        tokio::runtime::Builder::new_current_thread()
                            .enable_all()
                            .build()
                            .expect("runtime")
                            .block_on(case());
                    })
                    .expect("a thread");
                (op, thread)
            })
            .collect();
        for (op, thread) in threads {
            if let Err(payload) = thread.join() {
                let message = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "a panic".to_owned());
                failures.push(format!("operation `{op}`: {message}"));
            }
        }
        assert!(
            failures.is_empty(),
            "{} failure(s) over {total} operations:\n\n{}",
            failures.len(),
            failures.join("\n\n")
        );
    }
}

/// Runs the generic `async fn $case<R>()` for every request type (so for every operation of the
/// generated table), all at once, and fails with every operation that failed.
macro_rules! every_operation {
    ($case:ident) => {{
        let mut runs = $crate::common::Runs::default();
        macro_rules! add_case {
            ($t:ty) => {
                runs.add(<$t as ::paynet::Request>::OPERATION, || {
                    $crate::common::boxed($case::<$t>())
                });
            };
        }
        ::paynet::testing::for_each_request!(add_case);
        runs.finish();
    }};
}

/// Every operation that has a request type (in `for_each_request!`).
pub fn covered_operations() -> Vec<Operation> {
    let mut covered = Vec::new();
    macro_rules! collect {
        ($t:ty) => {
            covered.push(<$t as Request>::OPERATION);
        };
    }
    paynet::testing::for_each_request!(collect);
    covered
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

/// A raw HTTP server on `127.0.0.1:0` that counts the connections it accepted and the requests
/// it read in full, and treats each connection as its current [`Behaviour`] says. It runs on a
/// thread of its own, so that it reads every request at once whatever the test's thread is doing:
/// a request is counted before the client can see any answer (or the lack of one). Stops when
/// dropped.
#[derive(Debug)]
pub struct RawServer {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    requests: Arc<AtomicUsize>,
    connections: Arc<AtomicUsize>,
    behaviour: Arc<Mutex<Behaviour>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
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
        let listener = listener.into_std().expect("a std listener");
        let requests = Arc::new(AtomicUsize::new(0));
        let connections = Arc::new(AtomicUsize::new(0));
        let behaviour = Arc::new(Mutex::new(behaviour));
        let (r, c, b) = (requests.clone(), connections.clone(), behaviour.clone());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).expect("listener");
                let serve = async {
                    loop {
                        let Ok((stream, _)) = listener.accept().await else {
                            return;
                        };
                        c.fetch_add(1, Ordering::SeqCst);
                        let behaviour = lock(&b).clone();
                        tokio::spawn(handle(stream, r.clone(), behaviour));
                    }
                };
                tokio::select! {
                    _ = stopped => {}
                    () = serve => {}
                }
            });
            // Dropping the runtime ends the connections still held.
        });
        RawServer {
            base_url,
            requests,
            connections,
            behaviour,
            stop: Some(stop),
        }
    }

    /// Treats the next connections with `behaviour`, and counts from zero again.
    pub fn set(&self, behaviour: Behaviour) {
        *lock(&self.behaviour) = behaviour;
        self.requests.store(0, Ordering::SeqCst);
        self.connections.store(0, Ordering::SeqCst);
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
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
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

/// A hook, and the needles a line must hold for it to run.
type Hooks = Vec<(Vec<String>, Hook)>;

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
    hooks: Arc<Mutex<Hooks>>,
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

    /// The capture installed on this thread, if any.
    pub fn installed() -> Option<Logs> {
        CURRENT.with(|c| c.borrow().clone())
    }

    /// The capture installed on this thread.
    #[track_caller]
    pub fn current() -> Logs {
        Logs::installed().expect("no log capture installed on this thread")
    }

    /// All the output so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&lock(&self.buf)).into_owned()
    }

    /// Runs `hook` (once) right after a line containing every one of `needles` is written,
    /// before the code that logged it goes on.
    pub fn on_line(&self, needles: &[&str], hook: impl FnOnce() + Send + 'static) {
        let needles = needles.iter().map(|n| (*n).to_owned()).collect();
        lock(&self.hooks).push((needles, Box::new(hook)));
    }

    /// The values of `field=` in the lines of `op`'s calls (its `paynet.call` span), in order.
    pub fn field_values(&self, op: Operation, field: &str) -> Vec<String> {
        let text = self.text();
        let span = format!("paynet.call{{operation=\"{op}\"");
        let needle = format!(" {field}=");
        let mut values = Vec::new();
        for line in text.lines().filter(|l| l.contains(&span)) {
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
                .partition(|(needles, _)| needles.iter().all(|n| text.contains(n.as_str())));
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
// Asserting outcomes.

/// Everything a user may print of a result: `Debug`, and for an error its `Display` and the
/// `Display` and `Debug` of its source chain.
pub fn printed<T: Debug>(result: &Result<T, Error>) -> String {
    use std::fmt::Write as _;
    match result {
        Ok(value) => format!("{value:?}\n{value:#?}"),
        Err(e) => {
            let mut text = format!("{e}\n{e:?}\n{e:#?}");
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                let _ = write!(text, "\n{s}\n{s:?}");
                source = s.source();
            }
            text
        }
    }
}

/// Prints a result every way a user might, and checks that no key shows.
#[track_caller]
pub fn print<T: Debug>(result: &Result<T, Error>) -> String {
    let text = printed(result);
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
        e @ Error::Rejected(_) => {
            assert!(!e.needs_reconciliation(), "{e:?}");
            assert!(!e.is_not_sent(), "{e:?}");
            let Error::Rejected(r) = e else {
                unreachable!()
            };
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
    pub needs_reconciliation: bool,
}

#[track_caller]
pub fn invalid<T: Debug>(result: Result<T, Error>, expected: Operation) -> Invalid {
    match err(result) {
        e @ Error::InvalidResponse { .. } => {
            assert!(!e.is_not_sent(), "{e:?}");
            let needs_reconciliation = e.needs_reconciliation();
            let Error::InvalidResponse {
                operation,
                status,
                reason,
                excerpt,
            } = e
            else {
                unreachable!()
            };
            assert_eq!(operation, expected);
            Invalid {
                status,
                reason,
                excerpt,
                needs_reconciliation,
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
            assert!(e.needs_reconciliation());
            assert!(!e.is_not_sent());
            assert_eq!(e.http_status(), None);
            let Error::OutcomeUnknown {
                operation,
                reference,
                reason,
                source,
                ..
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
            assert!(!e.needs_reconciliation());
            assert_eq!(e.http_status(), None);
            let Error::Transport { operation, .. } = e else {
                unreachable!()
            };
            assert_eq!(operation, expected);
        }
        other => panic!("expected Error::Transport, got {other:?}"),
    }
}

/// A raw httpmock answer: any status, content type (none if empty) and body.
pub fn raw(status: u16, content_type: &str, body: impl AsRef<[u8]>) -> impl FnOnce(httpmock::Then) {
    let (content_type, body) = (content_type.to_owned(), body.as_ref().to_vec());
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

pub const HTML_500: &str = "<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title>\
                        </head>\n<body><h1>Internal Server Error</h1></body></html>\n";

/// The attempt timeout of the timeout cases.
pub const SHORT: Duration = Duration::from_millis(300);

/// The attempts the last call of `op` recorded in its span.
#[track_caller]
pub fn attempts(logs: &Logs, op: Operation) -> String {
    logs.field_values(op, "attempts")
        .pop()
        .unwrap_or_else(|| panic!("no attempts recorded for {op}:\n{}", logs.text()))
}

/// A port that refuses connections until the SDK logs its first retry of `op`, then serves
/// `answer`: the first attempt provably never reached a server, and a later one does.
pub fn refused_until_first_retry(
    logs: &Logs,
    op: Operation,
    answer: Vec<u8>,
) -> (String, JoinHandle<RawServer>) {
    let (socket, base_url) = refusing_socket();
    let (tx, rx) = tokio::sync::oneshot::channel();
    let span = format!("paynet.call{{operation=\"{op}\"");
    logs.on_line(&[&span, "paynet::call: retrying"], move || {
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
