//! A minimal HTTP/1.1 loopback server answering canned bytes.
//!
//! It runs on a thread of its own with a single-threaded tokio runtime, so that the client under
//! measurement keeps its own runtime (and, on a 2-core machine, its own core). Each request's
//! body is read (so that keep-alive works) and answered with fixed bytes; nothing is parsed.

use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::header::{CONTENT_TYPE, HeaderValue};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::sync::oneshot;

use crate::{CAPTURE_RESPONSE, INIT_SALE_RESPONSE};

/// The canned answer for `path`: status and body.
pub fn answer_for(path: &str) -> (StatusCode, &'static [u8]) {
    match path {
        "/v1/transaction/capture" => (StatusCode::OK, CAPTURE_RESPONSE),
        "/v1/softpos/init_sale_transaction" => (StatusCode::OK, INIT_SALE_RESPONSE),
        _ => (
            StatusCode::NOT_FOUND,
            br#"{"object_name":"error","code":404,"message":"not found"}"#,
        ),
    }
}

#[derive(Debug, Default)]
struct Counters {
    connections: AtomicUsize,
    requests: AtomicUsize,
}

/// A running loopback server; stopped (and its thread joined) when dropped.
#[derive(Debug)]
pub struct Loopback {
    addr: SocketAddr,
    counters: Arc<Counters>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Loopback {
    /// Starts a server on `127.0.0.1` with a free port.
    pub fn start() -> io::Result<Self> {
        Self::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// Starts a server on `addr` (use a loopback address).
    pub fn bind(addr: SocketAddr) -> io::Result<Self> {
        let listener = std::net::TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let counters = Arc::new(Counters::default());
        let (shutdown, stop) = oneshot::channel();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let thread_counters = Arc::clone(&counters);
        let thread = std::thread::Builder::new()
            .name("loopback-server".into())
            .spawn(move || {
                runtime.block_on(async move {
                    match tokio::net::TcpListener::from_std(listener) {
                        Ok(listener) => serve(listener, thread_counters, stop).await,
                        Err(e) => eprintln!("loopback server: {e}"),
                    }
                });
            })?;
        Ok(Self {
            addr,
            counters,
            shutdown: Some(shutdown),
            thread: Some(thread),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many TCP connections the server has accepted so far.
    pub fn connections(&self) -> usize {
        self.counters.connections.load(Ordering::SeqCst)
    }

    /// How many requests the server has answered so far.
    pub fn requests(&self) -> usize {
        self.counters.requests.load(Ordering::SeqCst)
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

async fn serve(
    listener: tokio::net::TcpListener,
    counters: Arc<Counters>,
    mut stop: oneshot::Receiver<()>,
) {
    loop {
        let stream = tokio::select! {
            _ = &mut stop => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue,
            },
        };
        counters.connections.fetch_add(1, Ordering::SeqCst);
        let _ = stream.set_nodelay(true);
        let counters = Arc::clone(&counters);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let counters = Arc::clone(&counters);
                async move { Ok::<_, Infallible>(handle(request, &counters).await) }
            });
            // A client closing its connection is the normal end.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn handle(request: Request<Incoming>, counters: &Counters) -> Response<Full<Bytes>> {
    let (status, body) = answer_for(request.uri().path());
    // Read the request body to its end, so that the connection can serve the next request.
    let _ = request.into_body().collect().await;
    counters.requests.fetch_add(1, Ordering::SeqCst);
    let mut response = Response::new(Full::new(Bytes::from_static(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}
