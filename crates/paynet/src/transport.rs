//! Sending one request and reading its answer, bounded: the only HTTP in the SDK.

use std::time::Duration;

use paynet_api::operation::Operation;
use reqwest::{
    self,
    header::{ACCEPT, CONTENT_TYPE, HeaderName, HeaderValue},
};

/// How many bytes of a dropped over-limit body are kept for the error's excerpt.
const HEAD_LEN: usize = 256;

/// Where one operation goes, parsed once when the client is built.
#[derive(Debug)]
struct Route {
    operation: Operation,
    url: reqwest::Url,
    headers: Vec<(HeaderName, HeaderValue)>,
}

/// The HTTP side of a client: one connection pool, the base URL and each operation's URL and
/// fixed headers, the body limit. Shared by every clone of the client.
#[derive(Debug)]
pub(crate) struct Transport {
    http: reqwest::Client,
    base_url: String,
    /// In [`Operation::ALL`] order (by name).
    routes: Vec<Route>,
    body_limit: usize,
    /// The timeout `http` applies to every request, when the SDK built it (`None`: a client
    /// handed in, whose own is unknown).
    default_timeout: Option<Duration>,
}

/// What came back.
pub(crate) enum Sent {
    /// The status and the whole body.
    Complete { status: u16, body: bytes::Bytes },
    /// The body was longer than the limit: its first bytes.
    OverLimit { status: u16, head: Vec<u8> },
}

/// Why no answer came back.
pub(crate) enum SendError {
    /// The request never reached Paynet (the connection failed): safe to send again.
    NotSent(reqwest::Error),
    /// The request may have reached Paynet: `status` is set when the answer's head arrived.
    AfterSending {
        status: Option<u16>,
        error: reqwest::Error,
    },
    /// reqwest refused to build the request.
    Invalid(reqwest::Error),
    /// The operation is not in this client's table (a client built by another version of the
    /// generated crate): nothing was sent.
    NoRoute,
}

impl Transport {
    /// A transport to `base_url` (checked: absolute, no trailing slash) through `http`.
    pub(crate) fn new(
        http: reqwest::Client,
        base_url: String,
        body_limit: usize,
        default_timeout: Option<Duration>,
    ) -> Result<Transport, String> {
        let mut routes = Vec::with_capacity(Operation::ALL.len());
        for &operation in Operation::ALL {
            let url = reqwest::Url::parse(&format!("{base_url}{}", operation.path()))
                .map_err(|e| format!("{base_url}{} is not a URL: {e}", operation.path()))?;
            let headers = operation
                .headers()
                .iter()
                .map(|(name, value)| {
                    Ok((
                        HeaderName::from_bytes(name.as_bytes()).map_err(|e| e.to_string())?,
                        HeaderValue::from_str(value).map_err(|e| e.to_string())?,
                    ))
                })
                .collect::<Result<Vec<_>, String>>()?;
            routes.push(Route {
                operation,
                url,
                headers,
            });
        }
        Ok(Transport {
            http,
            base_url,
            routes,
            body_limit,
            default_timeout,
        })
    }

    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }

    pub(crate) fn body_limit(&self) -> usize {
        self.body_limit
    }

    fn route(&self, operation: Operation) -> Option<&Route> {
        self.routes
            .binary_search_by(|r| r.operation.name().cmp(operation.name()))
            .ok()
            .map(|i| &self.routes[i])
    }

    /// Sends `body` to `operation`'s URL with `credential` (already marked sensitive), bounded by
    /// `timeout` from sending to the end of the answer, and reads at most the body limit.
    pub(crate) async fn send(
        &self,
        operation: Operation,
        credential: Option<(&HeaderName, &HeaderValue)>,
        body: bytes::Bytes,
        timeout: Duration,
    ) -> Result<Sent, SendError> {
        let route = self.route(operation).ok_or(SendError::NoRoute)?;
        let mut request = reqwest::Request::new(reqwest::Method::POST, route.url.clone());
        let headers = request.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some((name, value)) = credential {
            headers.insert(name.clone(), value.clone());
        }
        for (name, value) in &route.headers {
            headers.insert(name.clone(), value.clone());
        }
        if self.default_timeout != Some(timeout) {
            *request.timeout_mut() = Some(timeout);
        }
        *request.body_mut() = Some(body.into());

        let mut response = self.http.execute(request).await.map_err(|e| {
            if e.is_builder() {
                SendError::Invalid(e)
            } else if e.is_connect() {
                SendError::NotSent(e)
            } else {
                SendError::AfterSending {
                    status: None,
                    error: e,
                }
            }
        })?;
        let status = response.status().as_u16();
        let after = |error| SendError::AfterSending {
            status: Some(status),
            error,
        };
        let limit = self.body_limit;
        let declared = response.content_length();
        // A declared length within the limit: the HTTP layer reads exactly that many bytes.
        if let Some(len) = declared
            && len <= limit as u64
        {
            let body = response.bytes().await.map_err(after)?;
            return Ok(Sent::Complete { status, body });
        }
        // A body declared longer than the limit is not read past its first bytes.
        let cap = if declared.is_some() {
            HEAD_LEN.min(limit)
        } else {
            limit
        };
        let mut body: Vec<u8> = Vec::new();
        let mut over = declared.is_some();
        while let Some(chunk) = response.chunk().await.map_err(after)? {
            let room = cap - body.len();
            if chunk.len() > room {
                body.extend_from_slice(&chunk[..room]);
                over = true;
                break;
            }
            body.extend_from_slice(&chunk);
        }
        if over {
            body.truncate(HEAD_LEN);
            return Ok(Sent::OverLimit { status, head: body });
        }
        Ok(Sent::Complete {
            status,
            body: body.into(),
        })
    }
}
