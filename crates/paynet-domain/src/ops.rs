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
use paynet_api::wire::{JsonDecimal, LenientInt, LenientText, SecretText};

use crate::card::PaymentMethod;
use crate::codes::ResultCode;
use crate::error::Error;
use crate::exchange::{Defaults, Found, Lookup, Outcome, Reader, Request, Sealed, Token};
use crate::kinds::TransactionType;
use crate::money::Amount;
use crate::payment::{
    ChargeRequest, Complete3dRequest, PaymentDetailRequest, PaymentKind, PaymentRequest,
    Start3dRequest,
};
use crate::request::{
    CaptureRequest, CheckPaymentRequest, CheckSaleRequest, CloseSessionRequest,
    InitReversalRequest, InitSaleRequest, OpenSessionRequest, Ref, TransactionRef,
};
use crate::response::{
    AgentSession, CaptureOutcome, PaymentOutcome, SaleSession, ThreeDSession, Transaction,
    TransactionCheck, code, flag, read_timestamp, text,
};
use crate::secret::{EncryptionKey, SessionKey};

/// A secret the answer issued, as text, when it is not blank.
fn secret_text(v: Option<SecretText>) -> Option<String> {
    v.filter(|s| !s.is_blank()).map(SecretText::into_secret)
}

impl Sealed for CaptureRequest {}

impl Request for CaptureRequest {
    type Output = CaptureOutcome;
    type Wire = bind::Capture;

    fn lookup(&self) -> Option<String> {
        Some(self.reference.to_string())
    }

    fn body(&self, _: Token, _: &Defaults) -> Result<tx::CaptureRequest, Error> {
        let mut body = tx::CaptureRequest::default();
        let value = Some(self.reference.value().to_owned());
        match self.reference.kind() {
            Ref::XactId(_) => body.xact_id = value,
            Ref::Xact(_) => body.xact = value,
            Ref::ReferenceNo(_) => body.reference_no = value,
        }
        body.amount = self.amount.map(|a| a.to_kurus_string());
        Ok(body)
    }

    fn read(&self, t: tx::Transaction, r: &Reader<'_>) -> Result<CaptureOutcome, Error> {
        payment_outcome(r, Transaction::from_wire(r, t)?)
    }
}

impl Outcome for PaymentOutcome {
    fn kind(&self) -> &'static str {
        match self {
            PaymentOutcome::Approved {
                reconciled: true, ..
            } => "approved (reconciled)",
            PaymentOutcome::Approved { replayed: true, .. } => "approved (replayed)",
            PaymentOutcome::Approved { .. } => "approved",
            PaymentOutcome::Declined {
                reconciled: true, ..
            } => "declined (reconciled)",
            PaymentOutcome::Declined { .. } => "declined",
        }
    }
    fn result_code(&self) -> Option<ResultCode> {
        self.transaction().result_code
    }
}

/// Approved, replayed (code 100) or declined; a refusal in a transaction's clothes is an error.
fn payment_outcome(r: &Reader<'_>, t: Transaction) -> Result<PaymentOutcome, Error> {
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
        Some(true) if code.is_none_or(ResultCode::is_success) => Ok(PaymentOutcome::approved(
            t,
            code == Some(ResultCode::OldSuccessful),
            false,
        )),
        Some(true) => Err(r.invalid("is_succeed is true but the result code is not a success")),
        Some(false) => Ok(PaymentOutcome::declined(t, false)),
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

    fn body(&self, _: Token, _: &Defaults) -> Result<softpos::InitSaleRequest, Error> {
        Ok(softpos::InitSaleRequest {
            amount: Some(JsonDecimal(self.amount.lira())),
            add_commission: self.add_commission,
            instalment: self.instalment.map(i64::from),
            card_holder_phone: self.card_holder_phone.clone(),
            card_holder_mail: self.card_holder_mail.clone(),
            description: self.description.clone(),
            reference_no: self.reference_no.clone(),
            selected_agent_id: self.selected_agent_id.clone(),
            callback_url: self.callback_url.clone(),
        })
    }

    fn registers_issued(&self, _: Token) -> bool {
        true
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

    fn body(&self, _: Token, _: &Defaults) -> Result<app2app::InitReversalRequest, Error> {
        Ok(app2app::InitReversalRequest {
            xact_id: self.xact_id.clone(),
            reference_no: self.reference_no.clone(),
            callback_url: self.callback_url.clone(),
        })
    }

    fn registers_issued(&self, _: Token) -> bool {
        true
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
    encryption_key: Option<SecretText>,
    message: Option<LenientText>,
}

fn sale_session(r: &Reader<'_>, a: SessionParts) -> Result<SaleSession, Error> {
    let code = code(r, a.code)?;
    // The issued key (x-paynet-secret in the spec) is a secret from now on: registered here
    // (`registers_issued`: no scan of the raw answer for it), and the message scrubbed of it.
    let encryption_key = secret_text(a.encryption_key);
    if let Some(key) = &encryption_key {
        r.remember(key);
    }
    let message = text(a.message).map(|m| r.scrub(m, &[encryption_key.as_deref().unwrap_or("")]));
    r.check_code(code, &message)?;
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

    fn body(&self, _: Token, _: &Defaults) -> Result<agent::GetAuthKeyRequest, Error> {
        Ok(agent::GetAuthKeyRequest {
            agent_id: self.agent_id.clone(),
            user_id: self.user_id.clone(),
        })
    }

    fn read(&self, a: agent::AgentSession, r: &Reader<'_>) -> Result<AgentSession, Error> {
        let code = code(r, a.code)?;
        // The answer's session key is a secret from now on, even in a refusal: `decode` registered
        // it with the client's secrets before reading (x-paynet-secret), and every text of the
        // answer is scrubbed of it.
        let issued = secret_text(a.session_key);
        let scrubbed = |v: Option<LenientText>| {
            text(v).map(|s| r.scrub(s, &[issued.as_deref().unwrap_or("")]))
        };
        let message = scrubbed(a.message);
        r.check_code(code, &message)?;
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

    fn body(&self, _: Token, _: &Defaults) -> Result<agent::LogoutRequest, Error> {
        Ok(agent::LogoutRequest {
            session_key: self.session_key.expose_secret().to_owned(),
        })
    }

    fn call_secrets(&self, _: Token) -> Vec<&str> {
        vec![self.session_key.expose_secret()]
    }

    fn read(&self, a: agent::AgentResult, r: &Reader<'_>) -> Result<(), Error> {
        r.check_code(code(r, a.code)?, &text(a.message))
    }
}

impl Sealed for CheckSaleRequest {}

impl Request for CheckSaleRequest {
    type Output = TransactionCheck;
    type Wire = bind::CheckSale;

    fn lookup(&self) -> Option<String> {
        Some(format!("payment_session_id={}", self.payment_session_id))
    }

    fn body(&self, _: Token, _: &Defaults) -> Result<app2app::CheckTransactionRequest, Error> {
        Ok(app2app::CheckTransactionRequest {
            payment_session_id: self.payment_session_id.clone(),
        })
    }

    fn read(
        &self,
        a: app2app::CheckTransactionResponse,
        r: &Reader<'_>,
    ) -> Result<TransactionCheck, Error> {
        let code = code(r, a.code)?;
        // "No data" is the normal answer while the card has not been tapped.
        if code != Some(ResultCode::NoData) {
            r.check_code(code, &text(a.message.clone()))?;
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

    fn body(&self, _: Token, _: &Defaults) -> Result<tx::PaymentCheckRequest, Error> {
        Ok(tx::PaymentCheckRequest {
            xact_id: self.reference.as_xact_id().map(str::to_owned),
            reference_no: self.reference.as_reference_no().map(str::to_owned),
        })
    }

    fn read(&self, a: tx::PaymentCheckResponse, r: &Reader<'_>) -> Result<TransactionCheck, Error> {
        read_check(r, a)
    }
}

// ---------------------------------------------------------------------------------------------
// Card payments.

/// The v2 body's card and payment fields, for `pay` and `start_3d`.
macro_rules! v2_body {
    ($p:expr, $defaults:expr, $ty:ident { $($extra:tt)* }) => {{
        let p = $p;
        let domain = p
            .domain
            .clone()
            .or_else(|| $defaults.merchant_domain.clone())
            .ok_or_else(|| {
                Error::invalid(
                    "domain",
                    "Paynet requires the merchant's domain: set ClientBuilder::merchant_domain, or the payment's domain",
                )
            })?;
        let (card_holder, pan, month, year, cvc, card_hash) = match &p.method {
            PaymentMethod::Card(c) => (
                Some(c.holder().to_owned()),
                Some(c.expose_number().to_owned()),
                Some(i64::from(c.month())),
                Some(i64::from(c.year())),
                Some(c.expose_cvc().to_owned()),
                None,
            ),
            PaymentMethod::Stored(h) => (None, None, None, None, None, Some(h.expose().to_owned())),
        };
        tx::$ty {
            amount: p.amount.to_comma_string(),
            reference_no: p.reference_no.clone(),
            domain,
            agent_id: p.agent_id.clone(),
            agent_reference_no: p.agent_reference_no.clone(),
            card_holder,
            pan,
            month,
            year,
            cvc,
            card_hash,
            card_holder_phone: p.card_holder_phone.clone(),
            card_holder_mail: p.card_holder_mail.clone(),
            description: p.description.clone(),
            instalment: p.instalment.map(i64::from),
            add_commission: p.add_commission,
            ratio_code: p.ratio_code.clone(),
            transaction_type: Some(p.kind.code()),
            $($extra)*
        }
    }};
}

/// A payment's card data, which the answer is scrubbed of (even echoed by Paynet).
fn card_secrets(method: &PaymentMethod) -> Vec<&str> {
    match method {
        PaymentMethod::Card(c) => vec![c.expose_number(), c.expose_cvc()],
        PaymentMethod::Stored(_) => Vec::new(),
    }
}

/// The lookup of a payment by its reference number.
fn by_reference(reference_no: &str) -> Option<Lookup> {
    TransactionRef::reference_no(reference_no)
        .and_then(CheckPaymentRequest::new)
        .ok()
        .map(Lookup::Payment)
}

/// What a lookup says of a payment of `kind` (and `amount`, when known): the latest such
/// transaction found decides; a transaction of another amount is not this payment.
fn settled(
    found: &Found,
    kind: Option<PaymentKind>,
    amount: Option<Amount>,
) -> Option<PaymentOutcome> {
    let Found::Transactions(check) = found else {
        return None;
    };
    let wanted = |t: &&Transaction| {
        let type_ok = match (kind, t.transaction_type) {
            (Some(PaymentKind::Sale), Some(ty)) => ty == TransactionType::Sale,
            (Some(PaymentKind::PreAuthorisation), Some(ty)) => ty == TransactionType::PreAuth,
            _ => true,
        };
        let amount_ok = match (amount, t.amount) {
            (Some(want), Some(got)) => got.value() == want.lira(),
            _ => true,
        };
        type_ok && amount_ok
    };
    let t = check.transactions.iter().rev().find(wanted)?;
    match t.is_succeed? {
        true => Some(PaymentOutcome::approved(t.clone(), false, true)),
        false => Some(PaymentOutcome::declined(t.clone(), true)),
    }
}

impl Sealed for PaymentRequest {}

impl Request for PaymentRequest {
    type Output = PaymentOutcome;
    type Wire = bind::Pay;

    fn lookup(&self) -> Option<String> {
        Some(format!("reference_no={}", self.reference_no))
    }

    fn body(&self, _: Token, defaults: &Defaults) -> Result<tx::PaymentRequest, Error> {
        Ok(v2_body!(self, defaults, PaymentRequest {}))
    }

    fn call_secrets(&self, _: Token) -> Vec<&str> {
        card_secrets(&self.method)
    }

    fn reconciliation(&self, _: Token) -> Option<Lookup> {
        by_reference(&self.reference_no)
    }

    fn settle(&self, found: &Found, _: Token) -> Option<PaymentOutcome> {
        settled(found, Some(self.kind), Some(self.amount))
    }

    fn read(&self, t: tx::V2Transaction, r: &Reader<'_>) -> Result<PaymentOutcome, Error> {
        payment_outcome(r, Transaction::from_v2(r, t)?)
    }
}

impl Sealed for Start3dRequest {}

impl Request for Start3dRequest {
    type Output = ThreeDSession;
    type Wire = bind::Start3d;

    fn lookup(&self) -> Option<String> {
        Some(format!("reference_no={}", self.payment.reference_no))
    }

    fn body(&self, _: Token, defaults: &Defaults) -> Result<tx::TdsInitialRequest, Error> {
        Ok(v2_body!(
            &self.payment,
            defaults,
            TdsInitialRequest {
                return_url: self.return_url.clone(),
            }
        ))
    }

    fn call_secrets(&self, _: Token) -> Vec<&str> {
        card_secrets(&self.payment.method)
    }

    fn read(&self, a: tx::TdsInitialResponse, r: &Reader<'_>) -> Result<ThreeDSession, Error> {
        let code = code(r, a.code)?;
        let message = text(a.message);
        r.check_code(code, &message)?;
        let (Some(session_id), Some(token_id)) = (text(a.session_id), text(a.token_id)) else {
            return Err(r.invalid("a successful answer without session_id or token_id"));
        };
        let (post_url, html_content) = (text(a.post_url), text(a.html_content));
        if post_url.is_none() && html_content.is_none() {
            return Err(r.invalid(
                "a successful answer without post_url or html_content: nothing to show the shopper",
            ));
        }
        Ok(ThreeDSession {
            session_id,
            token_id,
            post_url,
            html_content,
            reference_no: self.payment.reference_no.clone(),
            result_code: code.unwrap_or(ResultCode::Successful),
            message,
        })
    }
}

impl Outcome for ThreeDSession {
    fn kind(&self) -> &'static str {
        "3-D Secure started"
    }
    fn result_code(&self) -> Option<ResultCode> {
        Some(self.result_code)
    }
}

impl Sealed for Complete3dRequest {}

impl Request for Complete3dRequest {
    type Output = PaymentOutcome;
    type Wire = bind::Complete3d;

    fn lookup(&self) -> Option<String> {
        Some(match &self.reference_no {
            Some(r) => format!("reference_no={r}"),
            None => format!("session_id={}", self.session_id),
        })
    }

    fn body(&self, _: Token, _: &Defaults) -> Result<tx::TdsChargeRequest, Error> {
        Ok(tx::TdsChargeRequest {
            session_id: self.session_id.clone(),
            token_id: self.token_id.clone(),
            transaction_type: self.kind.map(PaymentKind::code),
        })
    }

    fn reconciliation(&self, _: Token) -> Option<Lookup> {
        self.reference_no.as_deref().and_then(by_reference)
    }

    fn settle(&self, found: &Found, _: Token) -> Option<PaymentOutcome> {
        settled(found, self.kind, None)
    }

    fn read(&self, t: tx::V2Transaction, r: &Reader<'_>) -> Result<PaymentOutcome, Error> {
        payment_outcome(r, Transaction::from_v2(r, t)?)
    }
}

impl Sealed for ChargeRequest {}

impl Request for ChargeRequest {
    type Output = PaymentOutcome;
    type Wire = bind::Charge;

    fn lookup(&self) -> Option<String> {
        Some(match &self.reference_no {
            Some(r) => format!("reference_no={r}"),
            None => format!("session_id={}", self.session_id),
        })
    }

    fn body(&self, _: Token, _: &Defaults) -> Result<tx::ChargeRequest, Error> {
        Ok(tx::ChargeRequest {
            session_id: self.session_id.clone(),
            token_id: self.token_id.clone(),
            amount: self.amount.wire(),
            transaction_type: Some(self.kind.code().to_string()),
            add_comission_amount: Some(self.add_commission_amount),
            ratio_code: Some(self.ratio_code.clone()),
            reference_no: self.reference_no.clone(),
        })
    }

    fn reconciliation(&self, _: Token) -> Option<Lookup> {
        self.reference_no.as_deref().and_then(by_reference)
    }

    fn settle(&self, found: &Found, _: Token) -> Option<PaymentOutcome> {
        settled(found, Some(self.kind), None)
    }

    fn read(&self, t: tx::Transaction, r: &Reader<'_>) -> Result<PaymentOutcome, Error> {
        payment_outcome(r, Transaction::from_wire(r, t)?)
    }
}

impl Sealed for PaymentDetailRequest {}

impl Request for PaymentDetailRequest {
    type Output = TransactionCheck;
    type Wire = bind::PaymentDetail;

    fn lookup(&self) -> Option<String> {
        Some(self.reference.to_string())
    }

    fn body(&self, _: Token, _: &Defaults) -> Result<tx::DetailRequest, Error> {
        let (xact_id, xact, reference_no) = self.fields();
        Ok(tx::DetailRequest {
            id: None,
            xact_id,
            xact,
            reference_no,
            user_id: None,
        })
    }

    fn read(&self, a: tx::PaymentCheckResponse, r: &Reader<'_>) -> Result<TransactionCheck, Error> {
        read_check(r, a)
    }
}

/// A check's (or detail's) `Data[]`. "No data" is an answer: nothing found (yet); it never says
/// that nothing was charged.
fn read_check(r: &Reader<'_>, a: tx::PaymentCheckResponse) -> Result<TransactionCheck, Error> {
    let code = code(r, a.code)?;
    if code != Some(ResultCode::NoData) {
        r.check_code(code, &text(a.message.clone()))?;
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

// ---------------------------------------------------------------------------------------------
// After the sale.

use crate::after_sale::{
    BankRatios, CancelCaptureRequest, CancelPreAuthRequest, InstalmentOption, ListQuery, Page,
    PaymentListRequest, PaymentRow, PreAuthCancelled, RatioTable, RatiosRequest, RefundListRequest,
    RefundRequest, RefundRequested, RefundRow, RefundStatus, Settlement,
};
use crate::kinds::{BankId, CardType, PosType};
use crate::response::{amount, currency, decimal, int, read_timestamp as timestamp};
use paynet_api::paynet_reports::types as reports;

/// A `{code, message}` answer that accepts a request: its code and message, or the rejection.
fn accepted(a: tx::Result, r: &Reader<'_>) -> Result<(ResultCode, Option<String>), Error> {
    let (code, message) = (code(r, a.code)?, text(a.message));
    r.check_code(code, &message)?;
    Ok((code.unwrap_or(ResultCode::Successful), message))
}

impl Sealed for RefundRequest {}

impl Request for RefundRequest {
    type Output = RefundRequested;
    type Wire = bind::Refund;

    fn lookup(&self) -> Option<String> {
        Some(format!("xact_id={}", self.xact_id))
    }

    fn body(&self, _: Token, _: &Defaults) -> Result<tx::RefundRequest, Error> {
        Ok(tx::RefundRequest {
            xact_id: self.xact_id.clone(),
            amount: self.amount.map(|a| a.to_kurus_string()),
            succeed_url: self.succeed_url.clone(),
        })
    }

    /// The refund list around today: Paynet records the request there at once.
    fn reconciliation(&self, _: Token) -> Option<Lookup> {
        let today = crate::response::turkish_today();
        let from = today.pred_opt().unwrap_or(today);
        RefundListRequest::builder(from, today)
            .limit(crate::after_sale::MAX_PAGE)
            .build()
            .ok()
            .map(Lookup::Refunds)
    }

    fn settle(&self, found: &Found, _: Token) -> Option<RefundRequested> {
        let Found::Refunds(page) = found else {
            return None;
        };
        let ours = |row: &&RefundRow| {
            row.xact_id.as_deref() == Some(self.xact_id.as_str())
                && match (self.amount, row.amount) {
                    (Some(want), Some(got)) => got.value() == want.lira(),
                    _ => true,
                }
        };
        page.rows.iter().rev().find(ours).map(|_| RefundRequested {
            result_code: ResultCode::Successful,
            message: None,
            reconciled: true,
        })
    }

    fn read(&self, a: tx::Result, r: &Reader<'_>) -> Result<RefundRequested, Error> {
        let (result_code, message) = accepted(a, r)?;
        Ok(RefundRequested {
            result_code,
            message,
            reconciled: false,
        })
    }
}

impl Outcome for RefundRequested {
    fn kind(&self) -> &'static str {
        if self.reconciled {
            "refund requested (reconciled)"
        } else {
            "refund requested"
        }
    }
    fn result_code(&self) -> Option<ResultCode> {
        Some(self.result_code)
    }
}

impl Sealed for CancelPreAuthRequest {}

impl Request for CancelPreAuthRequest {
    type Output = PreAuthCancelled;
    type Wire = bind::CancelPreauth;

    fn lookup(&self) -> Option<String> {
        Some(format!("xact_id={}", self.xact_id))
    }

    fn body(&self, _: Token, _: &Defaults) -> Result<tx::ReversalRequest, Error> {
        Ok(tx::ReversalRequest {
            xact_id: self.xact_id.clone(),
        })
    }

    /// The pre-authorisation's detail says whether it is cancelled (`reversed`).
    fn reconciliation(&self, _: Token) -> Option<Lookup> {
        TransactionRef::xact_id(self.xact_id.clone())
            .ok()
            .map(|r| Lookup::Detail(PaymentDetailRequest::new(r)))
    }

    fn settle(&self, found: &Found, _: Token) -> Option<PreAuthCancelled> {
        let Found::Transactions(check) = found else {
            return None;
        };
        check
            .transactions
            .iter()
            .find(|t| {
                t.xact_id.as_deref() == Some(self.xact_id.as_str()) && t.reversed == Some(true)
            })
            .map(|_| PreAuthCancelled {
                result_code: ResultCode::Successful,
                message: None,
                reconciled: true,
            })
    }

    fn read(&self, a: tx::Result, r: &Reader<'_>) -> Result<PreAuthCancelled, Error> {
        let (result_code, message) = accepted(a, r)?;
        Ok(PreAuthCancelled {
            result_code,
            message,
            reconciled: false,
        })
    }
}

impl Outcome for PreAuthCancelled {
    fn kind(&self) -> &'static str {
        if self.reconciled {
            "pre-authorisation cancelled (reconciled)"
        } else {
            "pre-authorisation cancelled"
        }
    }
    fn result_code(&self) -> Option<ResultCode> {
        Some(self.result_code)
    }
}

impl Sealed for CancelCaptureRequest {}

impl Request for CancelCaptureRequest {
    type Output = PaymentOutcome;
    type Wire = bind::CancelCapture;

    fn lookup(&self) -> Option<String> {
        Some(format!("xact_id={}", self.xact_id))
    }

    fn body(&self, _: Token, _: &Defaults) -> Result<tx::ReversalRequest, Error> {
        Ok(tx::ReversalRequest {
            xact_id: self.xact_id.clone(),
        })
    }

    fn read(&self, t: tx::Transaction, r: &Reader<'_>) -> Result<PaymentOutcome, Error> {
        payment_outcome(r, Transaction::from_wire(r, t)?)
    }
}

/// A list request's wire body.
fn list_body(q: &ListQuery) -> reports::ListRequest {
    reports::ListRequest {
        datab: q.from.format("%Y-%m-%d").to_string(),
        datbi: q.to.format("%Y-%m-%d").to_string(),
        agent_id: q.agent_id.clone(),
        bank_id: q.bank_id.clone(),
        user_id: q.user_id.clone(),
        show_unsucceed: Some(q.show_unsucceed),
        untransferred: q.untransferred.then_some(true),
        limit: Some(i64::from(q.limit)),
        starting_after: q.starting_after.and_then(|n| i64::try_from(n).ok()),
        ending_before: q.ending_before.and_then(|n| i64::try_from(n).ok()),
    }
}

/// A page's envelope; "no data" (code 12) is an empty page, not an error.
fn page<T>(
    r: &Reader<'_>,
    code_v: Option<paynet_api::wire::LenientInt>,
    message: Option<paynet_api::wire::LenientText>,
    rows: Vec<T>,
) -> Result<Page<T>, Error> {
    let code = code(r, code_v)?;
    let message = text(message);
    if code != Some(ResultCode::NoData) {
        r.check_code(code, &message)?;
    }
    Ok(Page {
        rows,
        total_count: None,
        total: None,
        has_more: false,
        company_code: None,
        company_name: None,
        result_code: code.unwrap_or(ResultCode::Successful),
        message,
    })
}

fn count(v: Option<paynet_api::wire::LenientInt>) -> Option<u64> {
    int(v).and_then(|n| u64::try_from(n).ok())
}

impl Sealed for PaymentListRequest {}

impl Request for PaymentListRequest {
    type Output = Page<PaymentRow>;
    type Wire = bind::ListPayments;

    fn body(&self, _: Token, _: &Defaults) -> Result<reports::ListRequest, Error> {
        Ok(list_body(&self.query))
    }

    fn read(&self, a: reports::PaymentList, r: &Reader<'_>) -> Result<Page<PaymentRow>, Error> {
        let rows = a
            .data
            .into_iter()
            .map(|row| payment_row(r, row))
            .collect::<Result<Vec<_>, _>>()?;
        let mut p = page(r, a.code, a.message, rows)?;
        p.total_count = count(a.total_count);
        p.total = amount(r, "total", a.total, crate::money::Currency::Try)?;
        p.has_more = flag(a.has_more).unwrap_or(false);
        p.company_code = text(a.company_code);
        p.company_name = text(a.company_name);
        Ok(p)
    }
}

fn payment_row(r: &Reader<'_>, t: reports::PaymentRow) -> Result<PaymentRow, Error> {
    let cur = currency(t.currency);
    let (date, date_text) = timestamp(t.xact_date);
    let at = |v| timestamp(v).1;
    let transaction = Transaction {
        xact_id: text(t.xact_id),
        date,
        date_text,
        transaction_type: int(t.xact_type).map(TransactionType::from_i64),
        pos_type: int(t.pos_type).map(PosType::from_i64),
        is_tds: flag(t.is_tds),
        agent_id: text(t.agent_id),
        bank_id: text(t.bank_id).map(BankId::new),
        bank_name: text(t.bank_name),
        instalment: int(t.instalment),
        ratio: decimal(r, "ratio", t.ratio)?,
        card_number_masked: crate::card::masked_card(text(t.card_no)),
        card_holder: text(t.card_holder),
        card_type: text(t.card_type).map(|c| CardType::parse(&c)),
        amount: amount(r, "amount", t.amount, cur)?,
        net_amount: amount(r, "net_amount", t.net_amount, cur)?,
        commission: amount(r, "comission", t.comission, cur)?,
        commission_tax: amount(r, "comission_tax", t.comission_tax, cur)?,
        authorization_code: text(t.authorization_code),
        reference_code: text(t.reference_code),
        order_id: text(t.order_id),
        is_succeed: flag(t.is_succeed),
        reversed: flag(t.reversed),
        reversed_xact_id: text(t.reversed_xact_id),
        tracking_id: text(t.xact_transaction_id),
        note: text(t.xact_note),
        reference_no: text(t.xact_agent_reference),
        email: text(t.email),
        phone: text(t.phone),
        is_transferred: flag(t.is_transferred),
        ..Transaction::default()
    };
    Ok(PaymentRow {
        transaction,
        agent_name: text(t.agent_name),
        type_name: text(t.xacttype_desc),
        time: text(t.xact_time),
        is_reconciled: flag(t.is_reconcile),
        is_paid_out: flag(t.is_payup),
        is_on_chargeback: flag(t.is_onchargeback),
        settlement: Settlement {
            main_company_gross: amount(r, "ana_firma_brut_alacak", t.ana_firma_brut_alacak, cur)?,
            main_company_commission: amount(r, "ana_firma_komisyonu", t.ana_firma_komisyonu, cur)?,
            main_company_commission_with_tax: amount(
                r,
                "ana_firma_komisyonu_kdv_dahil",
                t.ana_firma_komisyonu_kdv_dahil,
                cur,
            )?,
            main_company_net: amount(
                r,
                "ana_firma_odenecek_net_tutar",
                t.ana_firma_odenecek_net_tutar,
                cur,
            )?,
            agent_gross: amount(r, "bayi_brut_alacak", t.bayi_brut_alacak, cur)?,
            agent_commission: amount(r, "bayi_komisyonu", t.bayi_komisyonu, cur)?,
            agent_commission_with_tax: amount(
                r,
                "bayi_komisyonu_kdv_dahil",
                t.bayi_komisyonu_kdv_dahil,
                cur,
            )?,
            agent_net: amount(
                r,
                "bayiye_odenecek_net_tutar",
                t.bayiye_odenecek_net_tutar,
                cur,
            )?,
            main_company_paid_on: at(t.cp_mfi_vdate),
            agent_paid_on: at(t.ap_mfi_vdate),
        },
    })
}

impl<T> Outcome for Page<T> {
    fn kind(&self) -> &'static str {
        if self.rows.is_empty() {
            "empty page"
        } else {
            "page"
        }
    }
    fn result_code(&self) -> Option<ResultCode> {
        Some(self.result_code)
    }
}

impl Sealed for RefundListRequest {}

impl Request for RefundListRequest {
    type Output = Page<RefundRow>;
    type Wire = bind::ListRefunds;

    fn body(&self, _: Token, _: &Defaults) -> Result<reports::ListRequest, Error> {
        Ok(list_body(&self.query))
    }

    fn read(&self, a: reports::RefundList, r: &Reader<'_>) -> Result<Page<RefundRow>, Error> {
        let rows = a
            .data
            .into_iter()
            .map(|row| {
                let cur = crate::money::Currency::Try;
                Ok(RefundRow {
                    id: text(row.id),
                    xact_id: text(row.xact_id),
                    transaction_date: text(row.xact_date),
                    requested_on: text(row.entry_date),
                    amount: amount(r, "amount", row.amount, cur)?,
                    transaction_amount: amount(r, "xact_amount", row.xact_amount, cur)?,
                    is_cancel: flag(row.is_cancel),
                    status: int(row.status).map(RefundStatus::from_i64),
                    status_text: text(row.status_desc),
                    reversed_xact_id: text(row.reversed_xact_id),
                    reversed_id: text(row.reversed_id),
                    agent_id: text(row.agent_id),
                    bank_id: text(row.bank_id),
                    bank_name: text(row.bank_name),
                    card_number_masked: crate::card::masked_card(text(row.card_no)),
                    card_holder: text(row.card_holder),
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let mut p = page(r, a.code, a.message, rows)?;
        p.total_count = count(a.total_count);
        p.total = amount(
            r,
            "total_amount",
            a.total_amount,
            crate::money::Currency::Try,
        )?;
        p.has_more = flag(a.has_more).unwrap_or(false);
        p.company_code = text(a.company_code);
        p.company_name = text(a.company_name);
        Ok(p)
    }
}

impl Sealed for RatiosRequest {}

impl Request for RatiosRequest {
    type Output = RatioTable;
    type Wire = bind::Ratios;

    fn body(&self, _: Token, _: &Defaults) -> Result<reports::RatioRequest, Error> {
        Ok(reports::RatioRequest {
            pos_type: None,
            amount: self.amount.map(|a| JsonDecimal(a.lira())),
            addcomission_to_amount: self.add_commission_to_amount,
            bin: self.bin.clone(),
            agent_id: self.agent_id.clone(),
            ratio_code: self.ratio_code.clone(),
        })
    }

    fn read(&self, a: reports::RatioTable, r: &Reader<'_>) -> Result<RatioTable, Error> {
        let code = code(r, a.code)?;
        let message = text(a.message);
        // An unknown BIN is "no data": an empty table, not an error.
        if code != Some(ResultCode::NoData) {
            r.check_code(code, &message)?;
        }
        let cur = crate::money::Currency::Try;
        let banks = a
            .data
            .into_iter()
            .map(|b| {
                let options = b
                    .ratio
                    .into_iter()
                    .map(|o| {
                        // Real answers spell it `commision`; the docs `commission`.
                        let commission = o.commision.or(o.commission);
                        let commission_tax = o.commision_tax.or(o.commission_tax);
                        Ok(InstalmentOption {
                            key: text(o.instalment_key),
                            count: int(o.instalment),
                            instalment_amount: amount(
                                r,
                                "instalment_amount",
                                o.instalment_amount,
                                cur,
                            )?,
                            total: amount(r, "total_amount", o.total_amount, cur)?,
                            net: amount(r, "total_net_amount", o.total_net_amount, cur)?,
                            ratio: decimal(r, "ratio", o.ratio)?,
                            commission: amount(r, "commision", commission, cur)?,
                            commission_tax: amount(r, "commision_tax", commission_tax, cur)?,
                            description: text(o.desc),
                            ratio_code: text(o.ratio_code),
                            plus_instalments: int(o.plus_installment),
                        })
                    })
                    .collect::<Result<Vec<_>, Error>>()?;
                Ok(BankRatios {
                    bank_id: text(b.bank_id),
                    bank_name: text(b.bank_name),
                    bank_logo: text(b.bank_logo),
                    card_type: text(b.card_type).map(|c| CardType::parse(&c)),
                    tds_required: flag(b.tds_required),
                    options,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(RatioTable {
            banks,
            result_code: code.unwrap_or(ResultCode::Successful),
            message,
        })
    }
}

impl Outcome for RatioTable {
    fn kind(&self) -> &'static str {
        if self.banks.is_empty() {
            "no options"
        } else {
            "table"
        }
    }
    fn result_code(&self) -> Option<ResultCode> {
        Some(self.result_code)
    }
}
