//! A relay that loses one answer, for `paynet demo`: it sits between the SDK and the simulator,
//! forwards every request, and for the first request to one path forwards it (so the simulator
//! handles it: a payment is made and recorded, as Paynet would) but closes the SDK's connection
//! instead of passing the answer on. That is the case a lookup settles: the payment happened, its
//! answer was lost. (The simulator's own `DROP…` trigger drops the connection *before* anything
//! is recorded, and drops the lookups of that reference too.)
//!
//! Loopback only, HTTP/1.1 with `Content-Length` bodies (what the SDK sends), one request per
//! upstream connection (`Connection: close`).

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The longest request head the relay reads.
const MAX_HEAD: usize = 64 * 1024;
/// The longest request body the relay reads.
const MAX_BODY: usize = 1024 * 1024;

/// A running relay; dropping it stops it.
#[derive(Debug)]
pub(crate) struct LossyRelay {
    url: String,
    lost: Arc<AtomicU64>,
    task: JoinHandle<()>,
}

impl LossyRelay {
    /// Starts a relay on 127.0.0.1 to `target` that loses the answer to the first request for
    /// `lose_path`.
    pub(crate) async fn start(target: SocketAddr, lose_path: &'static str) -> io::Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let url = format!("http://{}", listener.local_addr()?);
        let armed = Arc::new(AtomicBool::new(true));
        let lost = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&lost);
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (armed, counter) = (Arc::clone(&armed), Arc::clone(&counter));
                tokio::spawn(async move {
                    // A failed relay is a failed connection for the SDK: nothing else to do.
                    let _ = serve(client, target, lose_path, &armed, &counter).await;
                });
            }
        });
        Ok(Self { url, lost, task })
    }

    /// The base URL to point a client at.
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// How many answers it has lost (0 or 1).
    pub(crate) fn lost(&self) -> u64 {
        self.lost.load(Ordering::SeqCst)
    }
}

impl Drop for LossyRelay {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Relays the requests of one client connection.
async fn serve(
    mut client: TcpStream,
    target: SocketAddr,
    lose_path: &str,
    armed: &AtomicBool,
    lost: &AtomicU64,
) -> io::Result<()> {
    while let Some((path, request)) = read_request(&mut client).await? {
        let mut upstream = TcpStream::connect(target).await?;
        upstream.write_all(&request).await?;
        let mut answer = Vec::new();
        upstream.read_to_end(&mut answer).await?;
        if path == lose_path && armed.swap(false, Ordering::SeqCst) {
            lost.fetch_add(1, Ordering::SeqCst);
            // Dropping the connection unanswered: the request was handled, its answer is lost.
            return Ok(());
        }
        client.write_all(&answer).await?;
        client.flush().await?;
    }
    Ok(())
}

/// Reads one request: its path, and its bytes with `Connection: close` (so that the upstream
/// answer ends with the connection, and the client does not reuse it). `None` at the end of the
/// connection.
async fn read_request(client: &mut TcpStream) -> io::Result<Option<(String, Vec<u8>)>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if buffer.len() > MAX_HEAD {
            return Err(io::Error::other("request head too long"));
        }
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(chunk.get(..n).unwrap_or_default());
    };
    let head = String::from_utf8_lossy(buffer.get(..head_end).unwrap_or_default()).into_owned();
    let mut lines = head.split("\r\n").filter(|l| !l.is_empty());
    let request_line = lines.next().unwrap_or_default().to_owned();
    let path = request_line
        .split(' ')
        .nth(1)
        .unwrap_or_default()
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    let mut length = 0usize;
    let mut out = format!("{request_line}\r\n");
    for line in lines {
        let lower = line.to_ascii_lowercase();
        if let Some(value) = lower.strip_prefix("content-length:") {
            length = value
                .trim()
                .parse()
                .map_err(|_| io::Error::other("bad Content-Length"))?;
        }
        if lower.starts_with("connection:") {
            continue;
        }
        out.push_str(line);
        out.push_str("\r\n");
    }
    out.push_str("Connection: close\r\n\r\n");
    if length > MAX_BODY {
        return Err(io::Error::other("request body too long"));
    }
    let mut body = buffer.get(head_end..).unwrap_or_default().to_vec();
    while body.len() < length {
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Err(io::Error::other("the request ended early"));
        }
        body.extend_from_slice(chunk.get(..n).unwrap_or_default());
    }
    body.truncate(length);
    let mut request = out.into_bytes();
    request.extend_from_slice(&body);
    Ok(Some((path, request)))
}
