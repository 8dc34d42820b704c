//! The one call path: every operation runs through [`Call`], whatever it is.
//!
//! A call takes its operation's credential, sends the request under per-attempt and whole-call
//! timeouts, retries only what the operation's policy (from the generated table) makes safe,
//! sorts transport failures (not sent / outcome unknown), reads the answer through the domain
//! (scrubbed of every secret the client holds), and records it all in one tracing span.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::{Duration, Instant};

use paynet_domain::{
    Answer, Auth, Error, Found, Lookup, Outcome, Request, decode, encode_with, outcome_unknown,
    reconciliation, setters, settle,
};
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};
use tracing::Instrument as _;

use crate::client::{Client, PayPos};
use crate::retry::RetryPolicy;
use crate::transport::{SendError, Sent};

/// The `Session-Key` header.
static SESSION_KEY: HeaderName = HeaderName::from_static("session-key");

/// Options for one call, overriding the client's. Set them on a [`Call`] with
/// [`Call::options`], or one by one ([`Call::retry`], [`Call::attempt_timeout`],
/// [`Call::total_timeout`]).
///
/// ```
/// use paynet::{CallOptions, RetryPolicy};
/// use std::time::Duration;
/// let options = CallOptions::new()
///     .retry(RetryPolicy::none())
///     .attempt_timeout(Duration::from_secs(5));
/// # let _ = options;
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CallOptions {
    retry: Option<RetryPolicy>,
    attempt_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    reconcile: Option<bool>,
}

impl CallOptions {
    /// The client's settings, unchanged.
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        /// Uses `policy` for this call.
        retry(policy: RetryPolicy) => some retry;
        /// Bounds each attempt of this call, from sending to the end of the answer.
        attempt_timeout(timeout: Duration) => some attempt_timeout;
        /// Bounds the whole call, retries and backoff included.
        total_timeout(timeout: Duration) => some total_timeout;
        /// Whether a payment whose answer is lost is looked up (by its `reference_no`) to settle
        /// its outcome (default: yes). Off, the call returns [`Error::OutcomeUnknown`] at once.
        reconcile(reconcile: bool) => some reconcile;
    }
}

/// How long lookups may go on after a payment's lost answer when the call has no whole-call
/// timeout.
const RECONCILE_BUDGET: Duration = Duration::from_secs(30);

/// The first wait between lookups (doubled each time, at most [`MAX_LOOKUP_WAIT`]): Paynet may
/// record a payment a moment after its answer was lost.
const FIRST_LOOKUP_WAIT: Duration = Duration::from_millis(250);
const MAX_LOOKUP_WAIT: Duration = Duration::from_secs(4);

/// One call of one operation, ready to be awaited: `client.capture(&request).await`. Per-call
/// options are set before awaiting: `client.capture(&request).retry(RetryPolicy::none()).await`.
///
/// Nothing is sent until it is awaited.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, R: Request> {
    client: &'a Client,
    request: &'a R,
    session: Option<&'a HeaderValue>,
    options: CallOptions,
}

impl<R: Request> fmt::Debug for Call<'_, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("operation", &R::OPERATION)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<'a, R: Request> Call<'a, R> {
    pub(crate) fn new(
        client: &'a Client,
        request: &'a R,
        session: Option<&'a HeaderValue>,
    ) -> Self {
        Call {
            client,
            request,
            session,
            options: CallOptions::default(),
        }
    }

    setters! {
        /// Uses these options for this call.
        options(options: CallOptions) => set options;
        /// Uses `policy` for this call.
        retry(policy: RetryPolicy) => some options.retry;
        /// Bounds each attempt of this call, from sending to the end of the answer.
        attempt_timeout(timeout: Duration) => some options.attempt_timeout;
        /// Bounds the whole call, retries and backoff included.
        total_timeout(timeout: Duration) => some options.total_timeout;
        /// Whether a lost answer of a payment is settled by looking it up (default: yes; see
        /// [`CallOptions::reconcile`]).
        reconcile(reconcile: bool) => some options.reconcile;
    }
}

impl<'a, R: Request + 'a> IntoFuture for Call<'a, R> {
    type Output = Result<R::Output, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(async move {
            self.client
                .run(self.request, self.session, &self.options)
                .await
        })
    }
}

impl PayPos {
    /// Any session-key operation under this handle's key.
    pub(crate) fn call<'a, R: Request>(&'a self, request: &'a R) -> Call<'a, R> {
        Call::new(&self.client, request, Some(&self.header))
    }
}

impl Client {
    /// Runs one operation: credential, timeouts, the money-safe retry rule, error sorting,
    /// scrubbing, tracing.
    async fn run<R: Request>(
        &self,
        request: &R,
        session: Option<&HeaderValue>,
        options: &CallOptions,
    ) -> Result<R::Output, Error> {
        let operation = R::OPERATION;
        let inner = &self.inner;
        let credential = match operation.auth() {
            Auth::SecretKey => Some((
                &AUTHORIZATION,
                inner.secret_header.as_ref().ok_or_else(|| Error::InvalidRequest {
                    field: "secret_key",
                    reason: format!(
                        "{operation} needs the secret key, and this client has none (ClientBuilder::secret_key)"
                    ),
                })?,
            )),
            Auth::PublishableKey => Some((
                &AUTHORIZATION,
                inner.publishable_header.as_ref().ok_or_else(|| Error::InvalidRequest {
                    field: "publishable_key",
                    reason: format!(
                        "{operation} needs the publishable key, and this client has none (ClientBuilder::publishable_key)"
                    ),
                })?,
            )),
            Auth::SessionKey => Some((
                &SESSION_KEY,
                session.ok_or_else(|| Error::InvalidRequest {
                    field: "session_key",
                    reason: format!("{operation} needs a session key (Client::paypos)"),
                })?,
            )),
            _ => None,
        };
        let body = bytes::Bytes::from(encode_with(request, &inner.defaults)?);
        let policy = options.retry.unwrap_or(inner.retry);
        let attempt_timeout = options.attempt_timeout.unwrap_or(inner.attempt_timeout);
        let total = options.total_timeout.or(inner.total_timeout);
        let span = tracing::info_span!(
            "paynet.call",
            operation = operation.name(),
            path = operation.path(),
            attempts = tracing::field::Empty,
            http_status = tracing::field::Empty,
            result_code = tracing::field::Empty,
            outcome = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
            reconciled = tracing::field::Empty,
        );
        async move {
            let started = Instant::now();
            let deadline = total.map(|t| started + t);
            let mut attempts = 0u32;
            let mut status = None;
            let result = loop {
                attempts += 1;
                // What is left of the budget (all of it for the first attempt, which starts now).
                let left = match deadline {
                    Some(d) if attempts > 1 => Some(d.saturating_duration_since(Instant::now())),
                    _ => total,
                };
                let timeout = left.map_or(attempt_timeout, |left| attempt_timeout.min(left));
                let sent = inner
                    .transport
                    .send(operation, credential, body.clone(), timeout)
                    .await;
                let result = match sent {
                    Ok(Sent::Complete { status: s, body }) => {
                        status = Some(s);
                        decode(request, Answer::new(s, &body), &inner.secrets)
                    }
                    Ok(Sent::OverLimit { status: s, head }) => {
                        status = Some(s);
                        let limit = inner.transport.body_limit();
                        decode(request, Answer::over_limit(s, &head, limit), &inner.secrets)
                    }
                    Err(e) => Err(transport_error(request, e)),
                };
                // Only what provably never reached Paynet is sent again, and an unknown outcome
                // of an idempotent read: never a request that may have moved money.
                let retryable = match &result {
                    Err(Error::Transport { .. }) => true,
                    Err(Error::OutcomeUnknown { .. }) => {
                        operation.idempotent() && !operation.moves_money()
                    }
                    _ => false,
                };
                if !retryable || attempts >= policy.max_attempts() {
                    break result;
                }
                let wait = policy.backoff(attempts);
                if deadline.is_some_and(|d| Instant::now() + wait >= d) {
                    break result;
                }
                if let Err(error) = &result {
                    tracing::debug!(attempt = attempts, error = %error, wait_ms = wait.as_millis() as u64, "retrying");
                }
                tokio::time::sleep(wait).await;
            };
            // A payment whose answer was lost: look it up by its reference_no, within the budget.
            let result = match result {
                Err(e) if e.needs_reconciliation() && options.reconcile != Some(false) => {
                    match reconciliation(request) {
                        Some(lookup) => {
                            let budget = deadline.unwrap_or_else(|| Instant::now() + RECONCILE_BUDGET);
                            self.reconcile(request, &lookup, e, budget).await
                        }
                        None => Err(e),
                    }
                }
                other => other,
            };
            let span = tracing::Span::current();
            // What the span records (nothing to do when nobody listens to it; the events below
            // may still be listened to).
            if !span.is_disabled() {
                span.record("attempts", attempts);
                span.record("latency_ms", started.elapsed().as_millis() as u64);
                if let Some(s) = status {
                    span.record("http_status", s);
                }
                let code = match &result {
                    Ok(outcome) => outcome.result_code(),
                    Err(error) => error.result_code(),
                };
                if let Some(code) = code {
                    span.record("result_code", code.as_i64());
                }
                span.record(
                    "outcome",
                    match &result {
                        Ok(outcome) => outcome.kind(),
                        Err(error) => error.kind(),
                    },
                );
            }
            match &result {
                Ok(_) => tracing::info!("paynet call answered"),
                Err(error) => tracing::warn!(error = %error, "paynet call failed"),
            }
            result
        }
        .instrument(span)
        .await
    }
}

impl Client {
    /// One lookup, a read: its own call may retry within what is left of the budget.
    async fn look_up(&self, lookup: &Lookup, left: Duration) -> Result<Found, Error> {
        let options = CallOptions::new().total_timeout(left).reconcile(false);
        Ok(match lookup {
            Lookup::Payment(check) => {
                Found::Transactions(Call::new(self, check, None).options(options).await?)
            }
            Lookup::Detail(detail) => {
                Found::Transactions(Call::new(self, detail, None).options(options).await?)
            }
            Lookup::Refunds(list) => {
                Found::Refunds(Call::new(self, list, None).options(options).await?)
            }
        })
    }

    /// Looks a payment up until the lookup settles its outcome or `deadline` passes. Not found
    /// (yet) is never "not charged": the caller then gets `unknown` back, with what was tried.
    async fn reconcile<R: Request>(
        &self,
        request: &R,
        lookup: &Lookup,
        mut unknown: Error,
        deadline: Instant,
    ) -> Result<R::Output, Error> {
        let mut wait = FIRST_LOOKUP_WAIT;
        let mut lookups = 0u32;
        let mut last_error = None;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            lookups += 1;
            match self.look_up(lookup, left).await {
                Ok(found) => {
                    if let Some(outcome) = settle(request, &found) {
                        tracing::Span::current().record("reconciled", true);
                        tracing::info!(lookups, "the lost answer was settled by a lookup");
                        return Ok(outcome);
                    }
                    last_error = None;
                }
                Err(e) => last_error = Some(e.to_string()),
            }
            if Instant::now() + wait >= deadline {
                break;
            }
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(MAX_LOOKUP_WAIT);
        }
        tracing::Span::current().record("reconciled", false);
        if let Error::OutcomeUnknown { reason, .. } = &mut unknown {
            *reason = match last_error {
                Some(e) => format!("{reason}; {lookups} lookup(s) could not say ({e})"),
                None => format!("{reason}; {lookups} lookup(s) found no such payment yet"),
            };
        }
        Err(unknown)
    }
}

/// Sorts a transport failure: never sent (safe to send again), or sent with no usable answer
/// (the outcome is unknown).
fn transport_error<R: Request>(request: &R, e: SendError) -> Error {
    match e {
        SendError::NotSent(e) => Error::Transport {
            operation: R::OPERATION,
            source: Box::new(e.without_url()),
        },
        SendError::Invalid(e) => Error::InvalidRequest {
            field: "request",
            reason: e.without_url().to_string(),
        },
        SendError::NoRoute => Error::InvalidRequest {
            field: "operation",
            reason: format!("{} is not in this client's operation table", R::OPERATION),
        },
        SendError::AfterSending { status, error } => {
            let reason = match (error.is_timeout(), status) {
                (true, None) => "timed out waiting for Paynet's answer after sending".to_owned(),
                (true, Some(s)) => format!("timed out reading Paynet's HTTP {s} answer"),
                (false, None) => "the connection failed after the request was sent".to_owned(),
                (false, Some(s)) => {
                    format!("the connection failed while reading Paynet's HTTP {s} answer")
                }
            };
            outcome_unknown(request, reason, Some(Box::new(error.without_url())))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A call's future is `Send + 'static` once it owns what it borrows: it can be spawned.
    #[allow(dead_code)]
    fn calls_can_be_spawned(client: Client, request: paynet_domain::CaptureRequest) {
        let paypos_request = paynet_domain::CheckSaleRequest::new("ps_1");
        tokio::spawn(async move {
            let _ = client.capture(&request).await;
            if let (Ok(r), Ok(key)) = (paypos_request, paynet_domain::SessionKey::new("ssk_1")) {
                let _ = client.paypos(key).check_sale(&r).await;
            }
        });
    }
}
