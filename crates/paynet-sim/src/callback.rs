//! Callbacks: the loopback URL a refund request's `succeedUrl` (or a pay link's
//! `confirmation_url`) may give ([`loopback_url`]), and the delivery of a callback there (one JSON
//! POST, 5 s at most).

use std::{
    net::{Ipv4Addr, Ipv6Addr, SocketAddr},
    time::Duration,
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

/// Where a refund's callback goes: a loopback `http` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LoopbackUrl {
    /// As written (for the `Host` header).
    host: String,
    /// Where to connect.
    addr: SocketAddr,
    /// Path and query, at least `/`.
    path: String,
}

/// Reads a `succeedUrl`: `http://` on 127.0.0.1, `[::1]` or `localhost`, any port; nothing else.
pub(crate) fn loopback_url(url: &str) -> Option<LoopbackUrl> {
    let rest = url.strip_prefix("http://")?;
    let (authority, path) = match rest.find(['/', '?']) {
        Some(i) => (rest.get(..i)?, rest.get(i..)?),
        None => (rest, ""),
    };
    if authority.contains('@') || url.contains(char::is_whitespace) {
        return None;
    }
    let (host, port_text) = if let Some(v6) = authority.strip_prefix('[') {
        let (h, after) = v6.split_once(']')?;
        let port = match after {
            "" => "",
            p => p.strip_prefix(':')?,
        };
        (format!("[{h}]"), port)
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h.to_owned(), p),
            None => (authority.to_owned(), ""),
        }
    };
    let port = if port_text.is_empty() {
        80
    } else {
        port_text.parse::<u16>().ok().filter(|p| *p > 0)?
    };
    let ip = match host.to_ascii_lowercase().as_str() {
        "127.0.0.1" | "localhost" => std::net::IpAddr::V4(Ipv4Addr::LOCALHOST),
        "[::1]" => std::net::IpAddr::V6(Ipv6Addr::LOCALHOST),
        _ => return None,
    };
    let path = if path.is_empty() {
        "/".to_owned()
    } else if path.starts_with('?') {
        format!("/{path}")
    } else {
        path.to_owned()
    };
    Some(LoopbackUrl {
        host: authority.to_owned(),
        addr: SocketAddr::new(ip, port),
        path,
    })
}

/// A decided request's callback, to deliver.
#[derive(Debug)]
pub(crate) struct Callback {
    pub(crate) url: LoopbackUrl,
    pub(crate) body: String,
}

/// POSTs `body` (JSON) to `url`; true when it answered 2xx within 5 s.
pub(crate) async fn post_json(url: &LoopbackUrl, body: &str) -> bool {
    let attempt = async {
        let mut stream = TcpStream::connect(url.addr).await.ok()?;
        let request = format!(
            "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\nUser-Agent: paynet-sim\r\n\r\n{body}",
            url.path,
            url.host,
            body.len()
        );
        stream.write_all(request.as_bytes()).await.ok()?;
        let mut head = Vec::new();
        let mut buf = [0u8; 512];
        while !head.windows(2).any(|w| w == b"\r\n") && head.len() < 4096 {
            let n = stream.read(&mut buf).await.ok()?;
            if n == 0 {
                break;
            }
            head.extend_from_slice(buf.get(..n)?);
        }
        let line = String::from_utf8_lossy(&head).into_owned();
        let status = line.split_whitespace().nth(1)?.parse::<u16>().ok()?;
        Some((200..300).contains(&status))
    };
    tokio::time::timeout(Duration::from_secs(5), attempt)
        .await
        .ok()
        .flatten()
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_urls_only() {
        let u = loopback_url("http://127.0.0.1:8080/refund?order=1")
            .unwrap_or_else(|| panic!("loopback refused"));
        assert_eq!(u.addr.port(), 8080);
        assert_eq!(u.path, "/refund?order=1");
        assert_eq!(u.host, "127.0.0.1:8080");
        assert!(loopback_url("http://localhost/cb").is_some_and(|u| u.addr.port() == 80));
        assert!(loopback_url("http://[::1]:9/x").is_some_and(|u| u.addr.is_ipv6()));
        assert!(loopback_url("http://LOCALHOST:1").is_some());
        for bad in [
            "https://127.0.0.1/x",
            "http://example.com/x",
            "http://10.0.0.1/x",
            "http://127.0.0.1.evil.com/",
            "http://user@127.0.0.1/",
            "http://127.0.0.1:0/",
            "http://127.0.0.1:99999/",
            "ftp://127.0.0.1/",
            "127.0.0.1/x",
        ] {
            assert!(loopback_url(bad).is_none(), "{bad}");
        }
    }
}
