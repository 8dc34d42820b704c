//! PayPOS: a sale or reversal session (its issued encryption key registered as a secret before
//! anything reads the answer), the agent's mobile session, and the sale check.

use paynet_api::operations::bind;
use paynet_api::paypos_agent::types as agent;
use paynet_api::paypos_app2app::types as app2app;
use paynet_api::paypos_softpos::types as softpos;
use paynet_api::wire::{JsonDecimal, LenientText, SecretText};

use super::read::{code, flag, read_timestamp, text};
use crate::codes::ResultCode;
use crate::error::Error;
use crate::exchange::{Defaults, Request, Token, outcome};
use crate::outcome::{AgentSession, SaleSession, Transaction, TransactionCheck};
use crate::paypos::{
    CheckSaleRequest, CloseSessionRequest, InitReversalRequest, InitSaleRequest, OpenSessionRequest,
};
use crate::reader::Reader;
use crate::secret::{EncryptionKey, SessionKey};

/// A secret the answer issued, as text, when it is not blank.
fn secret_text(v: Option<SecretText>) -> Option<String> {
    v.filter(|s| !s.is_blank()).map(SecretText::into_secret)
}

/// The reading of the payment session that init_sale and init_reversal answer with (`$answer`:
/// either answer, whose fields are the same): the impl's `registers_issued` and `read`.
macro_rules! sale_session {
    ($answer:ty) => {
        fn registers_issued(&self, _: Token) -> bool {
            true
        }

        fn read(&self, a: $answer, r: &Reader<'_>) -> Result<SaleSession, Error> {
            let code = code(r, a.code)?;
            // The issued key (x-paynet-secret in the spec) is a secret from now on: registered
            // here (`registers_issued`: no scan of the raw answer for it), and the message
            // scrubbed of it.
            let encryption_key = secret_text(a.encryption_key);
            if let Some(key) = &encryption_key {
                r.remember(key);
            }
            let message =
                text(a.message).map(|m| r.scrub(m, &[encryption_key.as_deref().unwrap_or("")]));
            r.check_code(code, &message)?;
            let (Some(payment_session_id), Some(deeplink_url)) =
                (text(a.payment_session_id), text(a.deeplink_url))
            else {
                return Err(
                    r.invalid("a successful answer without payment_session_id or deeplink_url")
                );
            };
            Ok(SaleSession {
                payment_session_id,
                deeplink_url,
                encryption_key: encryption_key.map(EncryptionKey::new),
                result_code: code.unwrap_or(ResultCode::Successful),
                message,
            })
        }
    };
}

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

    sale_session!(softpos::InitSaleResponse);
}

impl Request for InitReversalRequest {
    type Output = SaleSession;
    type Wire = bind::InitReversal;

    lookup_by!(xact_id);
    copied_body!(app2app::InitReversalRequest {
        xact_id,
        reference_no,
        callback_url
    });
    sale_session!(app2app::InitReversalResponse);
}

outcome!(SaleSession, "payment session started");

impl Request for OpenSessionRequest {
    type Output = AgentSession;
    type Wire = bind::OpenSession;

    fn lookup(&self) -> Option<String> {
        Some(format!(
            "agent_id={} user_id={}",
            self.agent_id, self.user_id
        ))
    }

    copied_body!(agent::GetAuthKeyRequest { agent_id, user_id });

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

outcome!(AgentSession, "session opened");

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

impl Request for CheckSaleRequest {
    type Output = TransactionCheck;
    type Wire = bind::CheckSale;

    lookup_by!(payment_session_id);
    copied_body!(app2app::CheckTransactionRequest { payment_session_id });

    // "No data" is the normal answer while the card has not been tapped.
    reads!(check app2app::CheckTransactionResponse);
}
