//! Hooks that every generated client runs around each request.
//!
//! Each generated `Client` carries a [`CallContext`] as its "inner" value. The generated code calls
//! [`pre`] before a request is sent and [`exec`] to send it:
//! - [`pre`] installs the `Authorization` header when the context has one, and marks every
//!   credential header sensitive so that `reqwest` never prints it (progenitor's `api-version`
//!   header, which Paynet does not define, is removed from the generated code by the xtask);
//! - [`exec`] sends the request and reads the response body up to [`CallContext::body_limit`]
//!   bytes, recording the HTTP status and whether the body was cut in the context's
//!   [`CallRecord`]. progenitor's own errors do not keep the status of an undecodable body; the
//!   record does.
//!
//! A context is meant for one call at a time: build a client per call
//! (`Client::new_with_client` is cheap: the `reqwest::Client` inside is shared) and read
//! [`CallContext::record`] after the call.

use std::fmt;
use std::sync::Mutex;

use progenitor_client::OperationInfo;
use reqwest::ResponseBuilderExt as _;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

/// The default limit on a response body: 1 MiB. Paynet's answers are a few kilobytes.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// How many bytes of a dropped body are kept in [`CallRecord::body_head`].
const HEAD_LEN: usize = 256;

/// Headers that carry credentials and are always marked sensitive, parsed once (looking a header
/// up by `&str` parses the name on every call).
static SENSITIVE_HEADER_NAMES: [HeaderName; 2] =
    [AUTHORIZATION, HeaderName::from_static("session-key")];

/// What the server answered to the last request made under a [`CallContext`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallRecord {
    /// True once the request was handed to the HTTP client.
    pub sent: bool,
    /// The HTTP status of the response, once its head was received.
    pub status: Option<reqwest::StatusCode>,
    /// The number of body bytes received (at most the limit).
    pub body_len: usize,
    /// True when the body was longer than the limit and was dropped: the response is unusable.
    pub body_over_limit: bool,
    /// The first bytes of a dropped over-limit body, for error reports.
    pub body_head: Vec<u8>,
}

/// The per-client state the generated code hands to the hooks: credentials, body limit, and the
/// record of the last call. Its `Debug` output never shows the credential.
pub struct CallContext {
    authorization: Option<HeaderValue>,
    extra_headers: Vec<(HeaderName, HeaderValue)>,
    body_limit: usize,
    timeout: Option<std::time::Duration>,
    record: Mutex<CallRecord>,
}

impl CallContext {
    /// A context with no credential and the [`DEFAULT_BODY_LIMIT`].
    pub fn new() -> Self {
        Self {
            authorization: None,
            extra_headers: Vec::new(),
            body_limit: DEFAULT_BODY_LIMIT,
            timeout: None,
            record: Mutex::new(CallRecord::default()),
        }
    }

    /// Sends `value` as the `Authorization` header of every request (marked sensitive).
    /// For Paynet's secret key this is `Basic <raw key>`, without base64.
    pub fn with_authorization(mut self, mut value: HeaderValue) -> Self {
        value.set_sensitive(true);
        self.authorization = Some(value);
        self
    }

    /// Sends one more fixed header with every request (e.g. `PaynetMobile: 2`). A header named
    /// like a credential is marked sensitive.
    pub fn with_header(mut self, name: HeaderName, mut value: HeaderValue) -> Self {
        if is_sensitive(&name) {
            value.set_sensitive(true);
        }
        self.extra_headers.push((name, value));
        self
    }

    /// Limits how many bytes of a response body are read (default [`DEFAULT_BODY_LIMIT`]).
    pub fn with_body_limit(mut self, limit: usize) -> Self {
        self.body_limit = limit;
        self
    }

    /// Bounds each request, from sending to the end of the response body (reqwest's per-request
    /// timeout). Without it the `reqwest::Client`'s own timeout, if any, applies.
    pub fn with_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The response body limit in bytes.
    pub fn body_limit(&self) -> usize {
        self.body_limit
    }

    /// True when an `Authorization` header is installed.
    pub fn has_authorization(&self) -> bool {
        self.authorization.is_some()
    }

    /// A copy of what the server answered to the last request made under this context.
    pub fn record(&self) -> CallRecord {
        lock(&self.record).clone()
    }

    fn update(&self, f: impl FnOnce(&mut CallRecord)) {
        f(&mut lock(&self.record));
    }
}

fn lock(m: &Mutex<CallRecord>) -> std::sync::MutexGuard<'_, CallRecord> {
    // The record holds plain data: a panic elsewhere cannot leave it inconsistent.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn is_sensitive(name: &HeaderName) -> bool {
    SENSITIVE_HEADER_NAMES.contains(name)
}

impl Default for CallContext {
    fn default() -> Self {
        Self::new()
    }
}

impl Clone for CallContext {
    fn clone(&self) -> Self {
        Self {
            authorization: self.authorization.clone(),
            extra_headers: self.extra_headers.clone(),
            body_limit: self.body_limit,
            timeout: self.timeout,
            record: Mutex::new(self.record()),
        }
    }
}

impl fmt::Debug for CallContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let extra: Vec<&str> = self.extra_headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("CallContext")
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "[redacted]"),
            )
            .field("extra_headers", &extra)
            .field("body_limit", &self.body_limit)
            .field("timeout", &self.timeout)
            .field("record", &self.record())
            .finish()
    }
}

/// Runs before each request: installs the context's headers and timeout, and marks credential
/// headers sensitive.
pub fn pre(ctx: &CallContext, request: &mut reqwest::Request, _info: &OperationInfo) {
    let headers = request.headers_mut();
    if let Some(auth) = &ctx.authorization {
        headers.insert(AUTHORIZATION, auth.clone());
    }
    for (name, value) in &ctx.extra_headers {
        headers.insert(name.clone(), value.clone());
    }
    for name in &SENSITIVE_HEADER_NAMES {
        if let Some(value) = headers.get_mut(name) {
            value.set_sensitive(true);
        }
    }
    if let Some(timeout) = ctx.timeout {
        *request.timeout_mut() = Some(timeout);
    }
    ctx.update(|r| *r = CallRecord::default());
}

/// Sends the request and makes sure no more than the context's limit of response body is read.
///
/// A body with a `Content-Length` within the limit is returned as it is; any other body is read
/// here, up to the limit. A body over the limit is dropped (the returned response has an empty body, so decoding it
/// fails) and [`CallRecord::body_over_limit`] is set. Errors are `reqwest`'s own: a connect
/// error means the request never reached the server; any other error may come after it did.
pub async fn exec(
    ctx: &CallContext,
    client: &reqwest::Client,
    request: reqwest::Request,
    _info: &OperationInfo,
) -> reqwest::Result<reqwest::Response> {
    ctx.update(|r| r.sent = true);
    let mut response = client.execute(request).await?;
    let status = response.status();
    ctx.update(|r| r.status = Some(status));

    // A body whose declared length fits the limit is left to the generated code to read: the
    // HTTP layer reads exactly that many bytes, never more, so the limit holds without the copy
    // and rebuild below (the common case: Paynet sends Content-Length).
    let declared = response.content_length();
    if let Some(len) = declared
        && len <= ctx.body_limit as u64
    {
        ctx.update(|r| r.body_len = usize::try_from(len).unwrap_or(usize::MAX));
        return Ok(response);
    }
    // A body declared longer than the limit is not read past its first bytes (kept for reports).
    let declared_over = declared.is_some();
    let limit = if declared_over {
        HEAD_LEN.min(ctx.body_limit)
    } else {
        ctx.body_limit
    };
    let mut body: Vec<u8> = Vec::new();
    let mut over = false;
    while let Some(chunk) = response.chunk().await? {
        let room = limit - body.len();
        if chunk.len() > room {
            body.extend_from_slice(&chunk[..room]);
            over = true;
            break;
        }
        body.extend_from_slice(&chunk);
    }
    let over = over || declared_over;
    if over {
        let head: Vec<u8> = body.iter().take(HEAD_LEN).copied().collect();
        ctx.update(|r| {
            r.body_over_limit = true;
            r.body_len = body.len().min(limit);
            r.body_head = head;
        });
        body.clear();
    } else {
        ctx.update(|r| r.body_len = body.len());
    }

    // The rebuilt response keeps the request's URL: without it, reqwest would parse a
    // placeholder URL on every call (about 3,000 instructions).
    let (mut head, ()) = http::Response::builder()
        .url(response.url().clone())
        .body(())
        .unwrap_or_default()
        .into_parts();
    head.status = status;
    head.version = response.version();
    head.headers = std::mem::take(response.headers_mut());
    Ok(reqwest::Response::from(http::Response::from_parts(
        head, body,
    )))
}
