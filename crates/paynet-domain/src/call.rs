//! Making one call through the generated client and reading its result into outcomes and errors.
//!
//! [`Endpoint`] sends each operation **once**: retries are the caller's policy (the `paynet`
//! facade has one that is safe for money). The credential each operation needs is in its
//! signature, so the wrong one does not compile:
//!
//! ```
//! # async fn g(endpoint: paynet_domain::Endpoint, secret: paynet_domain::SecretKey,
//! #            request: paynet_domain::CaptureRequest) {
//! // Capture under the secret key compiles...
//! let _ = endpoint.capture(&secret, &request).await;
//! # }
//! ```
//!
//! ```compile_fail
//! # async fn f(endpoint: paynet_domain::Endpoint, session: paynet_domain::SessionKey,
//! #            request: paynet_domain::CaptureRequest) {
//! // Capture needs the secret key; a session key is refused by the compiler.
//! endpoint.capture(&session, &request).await;
//! # }
//! ```
//!
//! ```compile_fail
//! # async fn f(endpoint: paynet_domain::Endpoint, secret: paynet_domain::SecretKey,
//! #            request: paynet_domain::InitSaleRequest) {
//! // PayPOS calls need the session key; the secret key is refused by the compiler.
//! endpoint.init_sale(&secret, &request).await;
//! # }
//! ```

use std::time::Duration;

use paynet_api::hooks::{CallContext, CallRecord};
use paynet_api::paynet_transaction as tx;
use paynet_api::paypos_agent as agent;
use paynet_api::paypos_app2app as app2app;
use paynet_api::paypos_softpos as softpos;
use paynet_api::progenitor_client::{self, ResponseValue};
use paynet_api::reqwest;

use crate::codes::{ErrorType, ResultCode};
use crate::error::{Error, Operation, Rejection, excerpt, may_hold_secret, scrub};
use crate::request::{
    CaptureRequest, InitSaleRequest, ReversalRequest, TransactionRef, check_identifier,
};
use crate::response::{
    AgentSession, CaptureOutcome, SaleCheck, SaleSession, Transaction, opt_text, read_timestamp,
};
use crate::secret::{EncryptionKey, SecretKey, SessionKey};

/// Where calls go and how each is sent: the base URL, the shared `reqwest::Client` (one
/// connection pool), the response body limit and the per-attempt timeout.
#[derive(Clone, Debug)]
pub struct Endpoint {
    /// Shared: an endpoint is cloned for every attempt.
    base_url: std::sync::Arc<str>,
    http: reqwest::Client,
    body_limit: usize,
    timeout: Option<Duration>,
    user_agent: Option<reqwest::header::HeaderValue>,
}

impl Endpoint {
    /// Calls go to `base_url` (e.g. `https://pts-api.paynet.com.tr`) through `http`.
    pub fn new(base_url: impl Into<String>, http: reqwest::Client) -> Self {
        Self {
            base_url: base_url.into().trim_end_matches('/').into(),
            http,
            body_limit: paynet_api::hooks::DEFAULT_BODY_LIMIT,
            timeout: None,
            user_agent: None,
        }
    }

    /// Reads at most `limit` bytes of a response body (default 1 MiB); a longer body is an
    /// [`Error::InvalidResponse`].
    pub fn with_body_limit(mut self, limit: usize) -> Self {
        self.body_limit = limit;
        self
    }

    /// Bounds each call from sending to the end of the response.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sends `user_agent` as the `User-Agent` header of every call.
    pub fn with_user_agent(mut self, user_agent: reqwest::header::HeaderValue) -> Self {
        self.user_agent = Some(user_agent);
        self
    }

    /// The per-call timeout, if set.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    fn context(&self) -> CallContext {
        let mut ctx = CallContext::new().with_body_limit(self.body_limit);
        if let Some(ua) = &self.user_agent {
            ctx = ctx.with_header(reqwest::header::USER_AGENT, ua.clone());
        }
        match self.timeout {
            Some(t) => ctx.with_timeout(t),
            None => ctx,
        }
    }

    /// Captures a pre-authorisation (`POST /v1/transaction/capture`), under the secret key.
    ///
    /// Sent once. `Ok` means Paynet answered with a transaction: approved (also for result code
    /// 100, an earlier successful capture with the same `reference_no`) or declined.
    pub async fn capture(
        &self,
        key: &SecretKey,
        request: &CaptureRequest,
    ) -> Result<CaptureOutcome, Error> {
        let body = request.to_wire();
        let client = tx::Client::new_with_client(
            &self.base_url,
            self.http.clone(),
            self.context()
                .with_authorization(key.authorization_header()),
        );
        let call = Call {
            operation: Operation::Capture,
            reference: Reference::Transaction(request.reference()),
            secrets: [key.expose_secret(), ""],
        };
        let result = client.capture(&body).await;
        let (t, status) = call.settle(tx::ClientInfo::inner(&client), result).await?;
        // A field that cannot be read is quoted in the error: scrub it like any server text.
        let t = Transaction::from_wire(call.operation, t).map_err(|e| call.scrub_error(e))?;
        capture_outcome(&call, status, call.scrub_transaction(t))
    }

    /// Starts a PayPOS sale (`POST /v1/softpos/init_sale_transaction`), under a session key.
    pub async fn init_sale(
        &self,
        key: &SessionKey,
        request: &InitSaleRequest,
    ) -> Result<SaleSession, Error> {
        let body = request.to_wire();
        let client =
            softpos::Client::new_with_client(&self.base_url, self.http.clone(), self.context());
        let call = Call {
            operation: Operation::InitSale,
            reference: request
                .reference_no()
                .map_or(Reference::None, |r| Reference::Field("reference_no", r)),
            secrets: [key.expose_secret(), ""],
        };
        let result = client.init_sale(key.expose_secret(), &body).await;
        let (r, status) = call
            .settle(softpos::ClientInfo::inner(&client), result)
            .await?;
        sale_session(
            &call,
            status,
            SessionParts {
                code: r.code,
                payment_session_id: r.payment_session_id,
                deeplink_url: r.deeplink_url,
                encryption_key: r.encryption_key,
                message: r.message,
            },
        )
    }

    /// Opens a PayPOS mobile session for an agent's user (`POST /v1/agent/get_auth_key`), under
    /// the secret key. Hand the returned session key to PayPOS calls.
    pub async fn open_session(
        &self,
        key: &SecretKey,
        agent_id: &str,
        user_id: &str,
    ) -> Result<AgentSession, Error> {
        check_identifier("agent_id", agent_id)?;
        check_identifier("user_id", user_id)?;
        let client = self.agent_client(key);
        let call = Call {
            operation: Operation::OpenSession,
            reference: Reference::Text(format!("agent_id={agent_id} user_id={user_id}")),
            secrets: [key.expose_secret(), ""],
        };
        let body = agent::types::GetAuthKeyRequest {
            agent_id: agent_id.to_owned(),
            user_id: user_id.to_owned(),
        };
        let result = client
            .open_session(agent::types::OpenSessionPaynetMobile::X2, &body)
            .await;
        let (r, status) = call
            .settle(agent::ClientInfo::inner(&client), result)
            .await?;
        let code = r.code.map(ResultCode::from_i64);
        // The answer's session key is a secret from now on, even in a refusal: every text of the
        // answer (shown by `AgentSession`'s and `Rejection`'s `Debug`) is scrubbed of it and of
        // the secret key.
        let issued = opt_text(r.session_key);
        let text = |v: Option<String>| {
            opt_text(v).map(|s| scrub(&s, &[call.secrets[0], issued.as_deref().unwrap_or("")]))
        };
        let message = text(r.message);
        call.check_code(status, code, message.clone())?;
        let (expires_at, _) = read_timestamp(
            r.expired_date
                .as_deref()
                .map(paynet_api::wire::Timestamp::parse),
        );
        let (expired_date, agent_id, company_code, user_id, user_unique_id) = (
            text(r.expired_date),
            text(r.agent_id),
            text(r.company_code),
            text(r.user_id),
            text(r.user_unique_id),
        );
        let Some(session_key) = issued else {
            return Err(call.invalid(Some(status), "a successful answer without session_key", &[]));
        };
        let session_key = SessionKey::new(session_key).map_err(|e| {
            call.invalid(
                Some(status),
                &format!("the session_key is unusable: {e}"),
                &[],
            )
        })?;
        Ok(AgentSession {
            session_key,
            expires_at,
            expired_date,
            agent_id,
            company_code,
            user_id,
            user_unique_id,
            is_okc_inquiry: r.is_okc_inquiry,
            result_code: code.unwrap_or(ResultCode::Successful),
            message,
        })
    }

    /// Ends a PayPOS mobile session (`POST /v1/agent/logout`), under the secret key.
    pub async fn close_session(&self, key: &SecretKey, session: &SessionKey) -> Result<(), Error> {
        let client = self.agent_client(key);
        let call = Call {
            operation: Operation::CloseSession,
            reference: Reference::None,
            secrets: [key.expose_secret(), session.expose_secret()],
        };
        let body = agent::types::LogoutRequest {
            session_key: session.expose_secret().to_owned(),
        };
        let result = client
            .close_session(agent::types::CloseSessionPaynetMobile::X2, &body)
            .await;
        let (r, status) = call
            .settle(agent::ClientInfo::inner(&client), result)
            .await?;
        call.check_code(status, r.code.map(ResultCode::from_i64), r.message)
    }

    fn agent_client(&self, key: &SecretKey) -> agent::Client {
        agent::Client::new_with_client(
            &self.base_url,
            self.http.clone(),
            self.context()
                .with_authorization(key.authorization_header()),
        )
    }

    /// Reads a payment session's transactions (`POST /v1/softpos/check_transaction`), under a
    /// session key: the documented way to learn a PayPOS sale's outcome.
    pub async fn check_transaction(
        &self,
        key: &SessionKey,
        payment_session_id: &str,
    ) -> Result<SaleCheck, Error> {
        check_identifier("payment_session_id", payment_session_id)?;
        let client =
            app2app::Client::new_with_client(&self.base_url, self.http.clone(), self.context());
        let call = Call {
            operation: Operation::CheckTransaction,
            reference: Reference::Field("payment_session_id", payment_session_id),
            secrets: [key.expose_secret(), ""],
        };
        let body = app2app::types::CheckTransactionRequest {
            payment_session_id: payment_session_id.to_owned(),
        };
        let result = client.check_sale(key.expose_secret(), &body).await;
        let (r, status) = call
            .settle(app2app::ClientInfo::inner(&client), result)
            .await?;
        let code = r.code.map(ResultCode::from_i64);
        // "No data" is the normal answer while the card has not been tapped.
        if code != Some(ResultCode::NoData) {
            call.check_code(status, code, r.message.clone())?;
        }
        let transactions = r
            .data
            .into_iter()
            .map(|t| {
                Transaction::from_checked(call.operation, t).map(|t| call.scrub_transaction(t))
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| call.scrub_error(e))?;
        Ok(SaleCheck {
            transactions,
            result_code: code.unwrap_or(ResultCode::Successful),
            message: opt_text(r.message).map(|m| call.scrub(&m)),
        })
    }

    /// Starts a reversal (cancel or refund) of a PayPOS transaction
    /// (`POST /v1/softpos/init_reversal_transaction`), under a session key.
    pub async fn init_reversal(
        &self,
        key: &SessionKey,
        request: &ReversalRequest,
    ) -> Result<SaleSession, Error> {
        let client =
            app2app::Client::new_with_client(&self.base_url, self.http.clone(), self.context());
        let call = Call {
            operation: Operation::InitReversal,
            reference: Reference::Field("xact_id", request.xact_id()),
            secrets: [key.expose_secret(), ""],
        };
        let result = client
            .init_reversal(key.expose_secret(), &request.to_wire())
            .await;
        let (r, status) = call
            .settle(app2app::ClientInfo::inner(&client), result)
            .await?;
        sale_session(
            &call,
            status,
            SessionParts {
                code: r.code,
                payment_session_id: r.payment_session_id,
                deeplink_url: r.deeplink_url,
                encryption_key: r.encryption_key,
                message: r.message,
            },
        )
    }
}

/// The six fields init_sale and init_reversal answer with.
struct SessionParts {
    code: Option<i64>,
    payment_session_id: Option<String>,
    deeplink_url: Option<String>,
    encryption_key: Option<String>,
    message: Option<String>,
}

fn sale_session(call: &Call<'_>, status: u16, r: SessionParts) -> Result<SaleSession, Error> {
    let code = r.code.map(ResultCode::from_i64);
    let encryption_key = opt_text(r.encryption_key);
    // The message is scrubbed of the answer's own encryption key too.
    let message = opt_text(r.message)
        .map(|m| scrub(&call.scrub(&m), &[encryption_key.as_deref().unwrap_or("")]));
    call.check_code(status, code, message.clone())?;
    let (Some(payment_session_id), Some(deeplink_url)) =
        (opt_text(r.payment_session_id), opt_text(r.deeplink_url))
    else {
        return Err(call.invalid(
            Some(status),
            "a successful answer without payment_session_id or deeplink_url",
            &[],
        ));
    };
    Ok(SaleSession {
        payment_session_id,
        deeplink_url,
        encryption_key: encryption_key.map(EncryptionKey::new),
        result_code: code.unwrap_or(ResultCode::Successful),
        message,
    })
}

fn capture_outcome(call: &Call<'_>, status: u16, t: Transaction) -> Result<CaptureOutcome, Error> {
    let code = t.result_code;
    let succeeded = t.is_succeed;
    // A non-success code with no bank error and no success flag: Paynet refused the request.
    if let Some(c) = code
        && !c.is_success()
        && t.bank_error.is_none()
        && succeeded != Some(true)
    {
        // Paynet's generic message ("Başarısız İşlem") says little; its own error says why.
        let detail = t
            .paynet_error
            .as_ref()
            .and_then(|p| p.message.clone().or_else(|| p.id.clone()));
        let message = match (t.message.clone(), detail) {
            (Some(m), Some(d)) if m != d => Some(format!("{m}: {d}")),
            (m, d) => m.or(d),
        };
        return Err(call.rejected_code(status, c, message));
    }
    match succeeded {
        Some(true) if code.is_none_or(ResultCode::is_success) => Ok(CaptureOutcome::Approved {
            replayed: code == Some(ResultCode::OldSuccessful),
            transaction: Box::new(t),
        }),
        Some(true) => Err(call.invalid(
            Some(status),
            "is_succeed is true but the result code is not a success",
            &[],
        )),
        Some(false) => Ok(CaptureOutcome::Declined {
            transaction: Box::new(t),
        }),
        None => Err(call.invalid(
            Some(status),
            "the transaction has no is_succeed: whether money moved is not said",
            &[],
        )),
    }
}

/// The fields of an error body, in either of Paynet's shapes.
#[derive(Default)]
struct ErrorParts {
    code: Option<i64>,
    result_code: Option<i64>,
    message: Option<String>,
    error_type: Option<String>,
}

impl ErrorParts {
    fn from_json(value: &serde_json::Value) -> Option<Self> {
        let obj = value.as_object()?;
        let int = |k: &str| match obj.get(k)? {
            serde_json::Value::Number(n) => n.as_i64(),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        let text = |k: &str| obj.get(k)?.as_str().map(str::to_owned);
        let parts = Self {
            code: int("code"),
            result_code: int("result_code"),
            message: text("message").or_else(|| text("Message")),
            error_type: text("type"),
        };
        (parts.code.is_some() || parts.result_code.is_some() || parts.message.is_some())
            .then_some(parts)
    }

    /// Paynet's result code: `result_code` in the `{type, message, code, result_code}` shape
    /// (where `code` is the HTTP status), `code` in the PayPOS `{object_name, code, message}` shape.
    fn paynet_code(&self) -> Option<ResultCode> {
        self.result_code
            .or(if self.error_type.is_none() {
                self.code
            } else {
                None
            })
            .map(ResultCode::from_i64)
    }
}

trait WireError {
    fn parts(self) -> ErrorParts;
}

impl WireError for softpos::types::ErrorResponse {
    fn parts(self) -> ErrorParts {
        ErrorParts {
            code: self.code,
            message: self.message,
            ..Default::default()
        }
    }
}

impl WireError for app2app::types::ErrorResponse {
    fn parts(self) -> ErrorParts {
        ErrorParts {
            code: self.code,
            message: self.message,
            ..Default::default()
        }
    }
}

impl WireError for agent::types::AgentError {
    fn parts(self) -> ErrorParts {
        ErrorParts {
            code: self.code,
            result_code: self.result_code,
            message: self.message,
            error_type: self.type_,
        }
    }
}

impl WireError for tx::types::ApiError {
    fn parts(self) -> ErrorParts {
        let int = |v: Option<tx::types::LenientInteger>| match v? {
            tx::types::LenientInteger::Integer(n) => Some(n),
            tx::types::LenientInteger::String(s) => s.trim().parse().ok(),
        };
        ErrorParts {
            code: int(self.code),
            result_code: int(self.result_code),
            message: self.message,
            error_type: self.type_,
        }
    }
}

/// What identifies a call's transaction in an error. Written out only when an error needs it:
/// a successful call does not format it.
enum Reference<'a> {
    None,
    /// `field=value`.
    Field(&'static str, &'a str),
    /// `reference_no=ORDER-1` (the reference's own `Display`).
    Transaction(&'a TransactionRef),
    Text(String),
}

impl Reference<'_> {
    fn text(&self) -> Option<String> {
        match self {
            Reference::None => None,
            Reference::Field(field, value) => Some(format!("{field}={value}")),
            Reference::Transaction(r) => Some(r.to_string()),
            Reference::Text(text) => Some(text.clone()),
        }
    }
}

/// One call in flight: what to say in errors, and which secrets to scrub from server text.
struct Call<'a> {
    operation: Operation,
    reference: Reference<'a>,
    /// Credentials used by the call (an unused slot is empty).
    secrets: [&'a str; 2],
}

impl Call<'_> {
    fn scrub(&self, text: &str) -> String {
        scrub(text, &self.secrets)
    }

    /// Scrubs every text field of a transaction: it is server text too, shown by its `Debug`.
    fn scrub_transaction(&self, mut t: Transaction) -> Transaction {
        let text = |v: &mut Option<String>| {
            // Most fields hold nothing to scrub: keep them as they are, without a copy.
            if let Some(s) = v
                && may_hold_secret(s, &self.secrets)
            {
                *s = self.scrub(s);
            }
        };
        for v in [
            &mut t.xact_id,
            &mut t.date_text,
            &mut t.agent_id,
            &mut t.user_id,
            &mut t.email,
            &mut t.phone,
            &mut t.card_number_masked,
            &mut t.card_holder,
            &mut t.authorization_code,
            &mut t.reference_code,
            &mut t.order_id,
            &mut t.message,
            &mut t.plain_id,
            &mut t.note,
            &mut t.agent_reference,
        ] {
            text(v);
        }
        for detail in [&mut t.paynet_error, &mut t.bank_error]
            .into_iter()
            .flatten()
        {
            for v in [
                &mut detail.id,
                &mut detail.message,
                &mut detail.short_desc,
                &mut detail.long_desc,
            ] {
                text(v);
            }
        }
        if let Some(b) = &t.bank_id
            && may_hold_secret(b.as_str(), &self.secrets)
        {
            t.bank_id = Some(crate::kinds::BankId::new(self.scrub(b.as_str())));
        }
        // An unknown card type is kept as sent: server text too.
        if let Some(crate::kinds::CardType::Unknown(c)) = &mut t.card_type
            && may_hold_secret(c, &self.secrets)
        {
            *c = self.scrub(c);
        }
        t
    }

    /// Scrubs the server text an [`Error::InvalidResponse`] quotes.
    fn scrub_error(&self, e: Error) -> Error {
        match e {
            Error::InvalidResponse {
                operation,
                status,
                reason,
                excerpt,
            } => Error::InvalidResponse {
                operation,
                status,
                reason: self.scrub(&reason),
                excerpt: self.scrub(&excerpt),
            },
            other => other,
        }
    }

    fn invalid(&self, status: Option<u16>, reason: &str, body: &[u8]) -> Error {
        Error::InvalidResponse {
            operation: self.operation,
            status,
            reason: reason.to_owned(),
            excerpt: excerpt(body, &self.secrets),
        }
    }

    fn rejected(&self, status: u16, mut parts: ErrorParts) -> Error {
        // The verbatim SoftPOS spec's error body has no `type` or `result_code`: a
        // `{type, message, code, result_code}` body decoded through it keeps only `code`, the HTTP
        // status. An error `code` equal to an error status is that status, not a result code.
        if parts.error_type.is_none()
            && parts.result_code.is_none()
            && status >= 300
            && parts.code == Some(i64::from(status))
        {
            parts.code = None;
        }
        Error::Rejected(Box::new(Rejection {
            operation: self.operation,
            status,
            code: parts.paynet_code(),
            message: parts.message.as_deref().map(|m| self.scrub(m)),
            error_type: parts
                .error_type
                .as_deref()
                .map(|t| ErrorType::parse(&self.scrub(t))),
        }))
    }

    /// A 200 answer whose result code is not a success is a refusal.
    fn check_code(
        &self,
        status: u16,
        code: Option<ResultCode>,
        message: Option<String>,
    ) -> Result<(), Error> {
        match code {
            Some(c) if !c.is_success() => Err(self.rejected_code(status, c, message)),
            _ => Ok(()),
        }
    }

    fn rejected_code(&self, status: u16, code: ResultCode, message: Option<String>) -> Error {
        self.rejected(
            status,
            ErrorParts {
                code: Some(code.as_i64()),
                message,
                ..Default::default()
            },
        )
    }

    fn unknown(&self, reason: String, source: Option<reqwest::Error>) -> Error {
        Error::OutcomeUnknown {
            operation: self.operation,
            reference: self.reference.text(),
            reason,
            source: source.map(|e| Box::new(e.without_url()) as _),
        }
    }

    /// Turns the generated client's result into the decoded body and its status, or an error.
    async fn settle<T, E: WireError>(
        &self,
        ctx: &CallContext,
        result: Result<ResponseValue<T>, progenitor_client::Error<E>>,
    ) -> Result<(T, u16), Error> {
        use progenitor_client::Error as G;
        let record = ctx.record();
        let status = record.status.map(|s| s.as_u16());
        let value = match result {
            Ok(value) => value,
            Err(G::InvalidRequest(reason) | G::Custom(reason)) => {
                return Err(Error::invalid("request", reason));
            }
            Err(G::CommunicationError(e) | G::ResponseBodyError(e) | G::InvalidUpgrade(e)) => {
                return Err(self.transport_error(&record, e));
            }
            Err(G::ErrorResponse(value)) => {
                let status = value.status().as_u16();
                return Err(self.rejected(status, value.into_inner().parts()));
            }
            Err(G::InvalidResponsePayload(body, e)) => {
                return Err(self.undecodable(&record, ctx.body_limit(), &body, &e));
            }
            Err(G::UnexpectedResponse(response)) => {
                return Err(self.unexpected(&record, ctx.body_limit(), response).await);
            }
        };
        let status = status.unwrap_or_else(|| value.status().as_u16());
        Ok((value.into_inner(), status))
    }

    fn transport_error(&self, record: &CallRecord, e: reqwest::Error) -> Error {
        if e.is_builder() {
            return Error::invalid("request", e.without_url().to_string());
        }
        if e.is_connect() && record.status.is_none() {
            return Error::Transport {
                operation: self.operation,
                source: Box::new(e.without_url()),
            };
        }
        let reason = match (e.is_timeout(), record.status) {
            (true, None) => "timed out waiting for Paynet's answer after sending".to_owned(),
            (true, Some(s)) => format!("timed out reading Paynet's HTTP {s} answer"),
            (false, None) => "the connection failed after the request was sent".to_owned(),
            (false, Some(s)) => {
                format!("the connection failed while reading Paynet's HTTP {s} answer")
            }
        };
        self.unknown(reason, Some(e))
    }

    fn undecodable(
        &self,
        record: &CallRecord,
        limit: usize,
        body: &[u8],
        e: &serde_json::Error,
    ) -> Error {
        if let Some(e) = self.over_limit(record, limit) {
            return e;
        }
        let status = record.status.map(|s| s.as_u16());
        // An error status whose body does not fit the spec's error schema (e.g. `"code": "11"`
        // where the spec says integer) is still a refusal when it reads as a Paynet error.
        if let Some(status) = status.filter(|s| *s >= 400)
            && let Some(parts) = Self::error_parts(body)
        {
            return self.rejected(status, parts);
        }
        let reason = if body.iter().all(u8::is_ascii_whitespace) {
            "the body is empty".to_owned()
        } else {
            use serde_json::error::Category;
            match e.classify() {
                Category::Eof => format!(
                    "truncated JSON (ends at line {} column {})",
                    e.line(),
                    e.column()
                ),
                Category::Syntax => format!(
                    "not JSON (syntax error at line {} column {})",
                    e.line(),
                    e.column()
                ),
                Category::Data => format!(
                    "JSON of an unexpected shape (at line {} column {})",
                    e.line(),
                    e.column()
                ),
                Category::Io => "the body could not be read".to_owned(),
            }
        };
        self.invalid(status, &reason, body)
    }

    /// The error for a body that was dropped for being over the limit, if it was.
    /// Reads a body as either of Paynet's error shapes, leniently.
    fn error_parts(body: &[u8]) -> Option<ErrorParts> {
        let value = serde_json::from_slice::<serde_json::Value>(body).ok()?;
        ErrorParts::from_json(&value)
    }

    fn over_limit(&self, record: &CallRecord, limit: usize) -> Option<Error> {
        record.body_over_limit.then(|| {
            self.invalid(
                record.status.map(|s| s.as_u16()),
                &format!("the body is larger than the {limit}-byte limit"),
                &record.body_head,
            )
        })
    }

    async fn unexpected(
        &self,
        record: &CallRecord,
        limit: usize,
        response: reqwest::Response,
    ) -> Error {
        // An over-limit body was dropped: say so rather than call the empty rest "not Paynet's".
        if let Some(e) = self.over_limit(record, limit) {
            return e;
        }
        let status = response.status().as_u16();
        let body = response.bytes().await.unwrap_or_default();
        if status >= 400
            && let Some(parts) = Self::error_parts(&body)
        {
            return self.rejected(status, parts);
        }
        let reason = if status >= 400 {
            format!("HTTP {status} with a body that is not a Paynet error")
        } else {
            format!("HTTP {status} is not an answer this operation documents")
        };
        self.invalid(Some(status), &reason, &body)
    }
}
