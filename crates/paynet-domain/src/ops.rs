//! Each operation's request body and the reading of its answer: the [`Request`] impls.
//!
//! Which credential an operation needs, whether it may move money and whether it may be sent
//! again all come from the generated table (`paynet_api::operations`); what is here is the
//! operation's own rules: how its request is written and what its answer means.

use paynet_api::operations::bind;
use paynet_api::paynet_transaction::types as tx;
use paynet_api::paypos_agent::types as agent;
use paynet_api::paypos_app2app::types as app2app;
use paynet_api::paypos_softpos::types as softpos;
use paynet_api::wire::{JsonDecimal, LenientInt, LenientText};

use crate::codes::ResultCode;
use crate::error::Error;
use crate::exchange::{Outcome, Reader, Request, Sealed, Token};
use crate::request::{
    CaptureRequest, CheckPaymentRequest, CheckSaleRequest, CloseSessionRequest,
    InitReversalRequest, InitSaleRequest, OpenSessionRequest, Ref,
};
use crate::response::{
    AgentSession, CaptureOutcome, SaleSession, Transaction, TransactionCheck, code, flag,
    read_timestamp, text,
};
use crate::secret::{EncryptionKey, SessionKey};

impl Sealed for CaptureRequest {}

impl Request for CaptureRequest {
    type Output = CaptureOutcome;
    type Wire = bind::Capture;

    fn lookup(&self) -> Option<String> {
        Some(self.reference.to_string())
    }

    fn body(&self, _: Token) -> tx::CaptureRequest {
        let mut body = tx::CaptureRequest::default();
        let value = Some(self.reference.value().to_owned());
        match self.reference.kind() {
            Ref::XactId(_) => body.xact_id = value,
            Ref::Xact(_) => body.xact = value,
            Ref::ReferenceNo(_) => body.reference_no = value,
        }
        body.amount = self.amount.map(|a| a.to_kurus_string());
        body
    }

    fn read(&self, t: tx::Transaction, r: &Reader<'_>) -> Result<CaptureOutcome, Error> {
        capture_outcome(r, Transaction::from_wire(r, t)?)
    }
}

impl Outcome for CaptureOutcome {
    fn kind(&self) -> &'static str {
        match self {
            CaptureOutcome::Approved { replayed: true, .. } => "approved (replayed)",
            CaptureOutcome::Approved { .. } => "approved",
            CaptureOutcome::Declined { .. } => "declined",
        }
    }
    fn result_code(&self) -> Option<ResultCode> {
        self.transaction().result_code
    }
}

/// Approved, replayed (code 100) or declined; a refusal in a transaction's clothes is an error.
fn capture_outcome(r: &Reader<'_>, t: Transaction) -> Result<CaptureOutcome, Error> {
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
        return Err(r.rejected_code(c, message));
    }
    match succeeded {
        Some(true) if code.is_none_or(ResultCode::is_success) => Ok(CaptureOutcome::Approved {
            replayed: code == Some(ResultCode::OldSuccessful),
            transaction: Box::new(t),
        }),
        Some(true) => Err(r.invalid("is_succeed is true but the result code is not a success")),
        Some(false) => Ok(CaptureOutcome::Declined {
            transaction: Box::new(t),
        }),
        None => {
            Err(r.invalid("the transaction has no is_succeed: whether money moved is not said"))
        }
    }
}

impl Sealed for InitSaleRequest {}

impl Request for InitSaleRequest {
    type Output = SaleSession;
    type Wire = bind::InitSale;

    fn lookup(&self) -> Option<String> {
        self.reference_no
            .as_ref()
            .map(|r| format!("reference_no={r}"))
    }

    fn body(&self, _: Token) -> softpos::InitSaleRequest {
        softpos::InitSaleRequest {
            amount: Some(JsonDecimal(self.amount.lira())),
            add_commission: self.add_commission,
            instalment: self.instalment.map(i64::from),
            card_holder_phone: self.card_holder_phone.clone(),
            card_holder_mail: self.card_holder_mail.clone(),
            description: self.description.clone(),
            reference_no: self.reference_no.clone(),
            selected_agent_id: self.selected_agent_id.clone(),
            callback_url: self.callback_url.clone(),
        }
    }

    fn read(&self, a: softpos::InitSaleResponse, r: &Reader<'_>) -> Result<SaleSession, Error> {
        sale_session(
            r,
            SessionParts {
                code: a.code,
                payment_session_id: a.payment_session_id,
                deeplink_url: a.deeplink_url,
                encryption_key: a.encryption_key,
                message: a.message,
            },
        )
    }
}

impl Sealed for InitReversalRequest {}

impl Request for InitReversalRequest {
    type Output = SaleSession;
    type Wire = bind::InitReversal;

    fn lookup(&self) -> Option<String> {
        Some(format!("xact_id={}", self.xact_id))
    }

    fn body(&self, _: Token) -> app2app::InitReversalRequest {
        app2app::InitReversalRequest {
            xact_id: self.xact_id.clone(),
            reference_no: self.reference_no.clone(),
            callback_url: self.callback_url.clone(),
        }
    }

    fn read(&self, a: app2app::InitReversalResponse, r: &Reader<'_>) -> Result<SaleSession, Error> {
        sale_session(
            r,
            SessionParts {
                code: a.code,
                payment_session_id: a.payment_session_id,
                deeplink_url: a.deeplink_url,
                encryption_key: a.encryption_key,
                message: a.message,
            },
        )
    }
}

impl Outcome for SaleSession {
    fn kind(&self) -> &'static str {
        "payment session started"
    }
    fn result_code(&self) -> Option<ResultCode> {
        Some(self.result_code)
    }
}

/// The six fields init_sale and init_reversal answer with.
struct SessionParts {
    code: Option<LenientInt>,
    payment_session_id: Option<LenientText>,
    deeplink_url: Option<LenientText>,
    encryption_key: Option<LenientText>,
    message: Option<LenientText>,
}

fn sale_session(r: &Reader<'_>, a: SessionParts) -> Result<SaleSession, Error> {
    let code = code(r, a.code)?;
    let encryption_key = text(a.encryption_key);
    if let Some(key) = &encryption_key {
        r.remember(key);
    }
    // The message is scrubbed of the answer's own encryption key too.
    let message = text(a.message).map(|m| r.scrub(&m, &[encryption_key.as_deref().unwrap_or("")]));
    r.check_code(code, message.clone())?;
    let (Some(payment_session_id), Some(deeplink_url)) =
        (text(a.payment_session_id), text(a.deeplink_url))
    else {
        return Err(r.invalid("a successful answer without payment_session_id or deeplink_url"));
    };
    Ok(SaleSession {
        payment_session_id,
        deeplink_url,
        encryption_key: encryption_key.map(EncryptionKey::new),
        result_code: code.unwrap_or(ResultCode::Successful),
        message,
    })
}

impl Sealed for OpenSessionRequest {}

impl Request for OpenSessionRequest {
    type Output = AgentSession;
    type Wire = bind::OpenSession;

    fn lookup(&self) -> Option<String> {
        Some(format!(
            "agent_id={} user_id={}",
            self.agent_id, self.user_id
        ))
    }

    fn body(&self, _: Token) -> agent::GetAuthKeyRequest {
        agent::GetAuthKeyRequest {
            agent_id: self.agent_id.clone(),
            user_id: self.user_id.clone(),
        }
    }

    fn read(&self, a: agent::AgentSession, r: &Reader<'_>) -> Result<AgentSession, Error> {
        let code = code(r, a.code)?;
        // The answer's session key is a secret from now on, even in a refusal: every text of the
        // answer is scrubbed of it, and the client remembers it.
        let issued = text(a.session_key);
        if let Some(key) = &issued {
            r.remember(key);
        }
        let scrubbed = |v: Option<LenientText>| {
            text(v).map(|s| r.scrub(&s, &[issued.as_deref().unwrap_or("")]))
        };
        let message = scrubbed(a.message);
        r.check_code(code, message.clone())?;
        let (expires_at, _) = read_timestamp(
            a.expired_date
                .as_ref()
                .map(|d| paynet_api::wire::Timestamp::parse(d.as_str())),
        );
        let (expired_date, agent_id, company_code, user_id, user_unique_id) = (
            scrubbed(a.expired_date),
            scrubbed(a.agent_id),
            scrubbed(a.company_code),
            scrubbed(a.user_id),
            scrubbed(a.user_unique_id),
        );
        let Some(session_key) = issued else {
            return Err(r.invalid("a successful answer without session_key"));
        };
        let session_key = SessionKey::new(session_key)
            .map_err(|e| r.invalid(&format!("the session_key is unusable: {e}")))?;
        Ok(AgentSession {
            session_key,
            expires_at,
            expired_date,
            agent_id,
            company_code,
            user_id,
            user_unique_id,
            is_okc_inquiry: flag(a.is_okc_inquiry),
            result_code: code.unwrap_or(ResultCode::Successful),
            message,
        })
    }
}

impl Outcome for AgentSession {
    fn kind(&self) -> &'static str {
        "session opened"
    }
    fn result_code(&self) -> Option<ResultCode> {
        Some(self.result_code)
    }
}

impl Sealed for CloseSessionRequest {}

impl Request for CloseSessionRequest {
    type Output = ();
    type Wire = bind::CloseSession;

    fn body(&self, _: Token) -> agent::LogoutRequest {
        agent::LogoutRequest {
            session_key: self.session_key.expose_secret().to_owned(),
        }
    }

    fn call_secrets(&self, _: Token) -> Vec<&str> {
        vec![self.session_key.expose_secret()]
    }

    fn read(&self, a: agent::AgentResult, r: &Reader<'_>) -> Result<(), Error> {
        r.check_code(code(r, a.code)?, text(a.message))
    }
}

impl Sealed for CheckSaleRequest {}

impl Request for CheckSaleRequest {
    type Output = TransactionCheck;
    type Wire = bind::CheckSale;

    fn lookup(&self) -> Option<String> {
        Some(format!("payment_session_id={}", self.payment_session_id))
    }

    fn body(&self, _: Token) -> app2app::CheckTransactionRequest {
        app2app::CheckTransactionRequest {
            payment_session_id: self.payment_session_id.clone(),
        }
    }

    fn read(
        &self,
        a: app2app::CheckTransactionResponse,
        r: &Reader<'_>,
    ) -> Result<TransactionCheck, Error> {
        let code = code(r, a.code)?;
        // "No data" is the normal answer while the card has not been tapped.
        if code != Some(ResultCode::NoData) {
            r.check_code(code, text(a.message.clone()))?;
        }
        let transactions = a
            .data
            .into_iter()
            .map(|t| Transaction::from_checked(r, t))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TransactionCheck {
            transactions,
            result_code: code.unwrap_or(ResultCode::Successful),
            message: text(a.message),
        })
    }
}

impl Outcome for TransactionCheck {
    fn kind(&self) -> &'static str {
        match self.latest().and_then(|t| t.is_succeed) {
            None if self.is_empty() => "nothing yet",
            Some(true) => "succeeded",
            Some(false) => "declined",
            None => "checked",
        }
    }
    fn result_code(&self) -> Option<ResultCode> {
        Some(self.result_code)
    }
}

impl Sealed for CheckPaymentRequest {}

impl Request for CheckPaymentRequest {
    type Output = TransactionCheck;
    type Wire = bind::CheckPayment;

    fn lookup(&self) -> Option<String> {
        Some(self.reference.to_string())
    }

    fn body(&self, _: Token) -> tx::PaymentCheckRequest {
        tx::PaymentCheckRequest {
            xact_id: self.reference.as_xact_id().map(str::to_owned),
            reference_no: self.reference.as_reference_no().map(str::to_owned),
        }
    }

    fn read(&self, a: tx::PaymentCheckResponse, r: &Reader<'_>) -> Result<TransactionCheck, Error> {
        let code = code(r, a.code)?;
        // "No data" is an answer: nothing found (yet). It never says that nothing was charged.
        if code != Some(ResultCode::NoData) {
            r.check_code(code, text(a.message.clone()))?;
        }
        let transactions = a
            .data
            .into_iter()
            .map(|t| Transaction::from_payment_check(r, t))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(TransactionCheck {
            transactions,
            result_code: code.unwrap_or(ResultCode::Successful),
            message: text(a.message),
        })
    }
}
