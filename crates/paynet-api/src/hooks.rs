//! Hooks that every generated client runs around each request.
//!
//! Each generated `Client` carries a [`CallContext`] as its "inner" value. The generated code calls
//! [`pre`] before a request is sent and [`exec`] to send it:
//! - [`pre`] installs the `Authorization` header when the context has one, and marks every
//!   credential header sensitive so that `reqwest` never prints it (progenitor's `api-version`
//!   header, which Paynet does not define, is removed from the generated code by the xtask);
//! - [`exec`] sends the request and reads the response body up to [`CallContext::body_limit`]
//!   bytes; a longer body is dropped, so decoding it fails.
//!
//! A context holds configuration only, never per-call state: one client serves any number of
//! concurrent calls. (The `paynet` facade does not use these hooks: it sends through its own
//! transport, from the operation table.)

use std::fmt;

use progenitor_client::OperationInfo;
use reqwest::ResponseBuilderExt as _;
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

/// The default limit on a response body: 1 MiB. Paynet's answers are a few kilobytes.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// Headers that carry credentials and are always marked sensitive, parsed once (looking a header
/// up by `&str` parses the name on every call).
static SENSITIVE_HEADER_NAMES: [HeaderName; 2] =
    [AUTHORIZATION, HeaderName::from_static("session-key")];

/// The per-client configuration the generated code hands to the hooks: credentials, fixed
/// headers, body limit, timeout. Immutable once built, so safe for concurrent calls. Its `Debug`
/// output never shows the credential.
#[derive(Clone)]
pub struct CallContext {
    authorization: Option<HeaderValue>,
    extra_headers: Vec<(HeaderName, HeaderValue)>,
    body_limit: usize,
    timeout: Option<std::time::Duration>,
}

impl CallContext {
    /// A context with no credential and the [`DEFAULT_BODY_LIMIT`].
    pub fn new() -> Self {
        Self {
            authorization: None,
            extra_headers: Vec::new(),
            body_limit: DEFAULT_BODY_LIMIT,
            timeout: None,
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
}

fn is_sensitive(name: &HeaderName) -> bool {
    SENSITIVE_HEADER_NAMES.contains(name)
}

impl Default for CallContext {
    fn default() -> Self {
        Self::new()
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
}

/// Sends the request and makes sure no more than the context's limit of response body is read.
///
/// A body with a `Content-Length` within the limit is returned as it is; any other body is read
/// here, up to the limit. A body over the limit is dropped: the returned response has an empty
/// body, so decoding it fails. Errors are `reqwest`'s own: a connect error means the request
/// never reached the server; any other error may come after it did.
pub async fn exec(
    ctx: &CallContext,
    client: &reqwest::Client,
    request: reqwest::Request,
    _info: &OperationInfo,
) -> reqwest::Result<reqwest::Response> {
    let mut response = client.execute(request).await?;
    let status = response.status();

    // A body whose declared length fits the limit is left to the generated code to read: the
    // HTTP layer reads exactly that many bytes, never more, so the limit holds without the copy
    // and rebuild below (the common case: Paynet sends Content-Length).
    let declared = response.content_length();
    if let Some(len) = declared
        && len <= ctx.body_limit as u64
    {
        return Ok(response);
    }
    // A body declared longer than the limit is not read at all.
    let mut body: Vec<u8> = Vec::new();
    if declared.is_none() {
        while let Some(chunk) = response.chunk().await? {
            if chunk.len() > ctx.body_limit - body.len() {
                body.clear();
                break;
            }
            body.extend_from_slice(&chunk);
        }
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
