//! Card payments: the v2 body (card data or a stored card's hash and owner, the saving of the
//! card while paying, the merchant's domain), the
//! card data every answer is scrubbed of, and the lookup that settles a payment whose answer was
//! lost (by its `reference_no`, the latest transaction of its kind and amount).

use paynet_api::operations::bind;
use paynet_api::paynet_transaction::types as tx;

use super::read::three_d_session;
use crate::card::PaymentMethod;
use crate::codes::TransactionType;
use crate::error::Error;
use crate::exchange::{Defaults, Request, Token, outcome};
use crate::lookups::{CheckPaymentRequest, TransactionRef};
use crate::money::Amount;
use crate::outcome::{PaymentOutcome, ThreeDSession, Transaction};
use crate::payment::{
    ChargeRequest, Complete3dRequest, PaymentKind, PaymentRequest, Start3dRequest,
};
use crate::reader::Reader;
use crate::reconcile::{Found, Lookup};

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
            card_owner_id: p.card_owner_id().map(str::to_owned),
            save_card: p.save_card.as_ref().map(|_| true),
            card_desc: p.save_card.as_ref().map(|s| s.description.clone()),
            user_unique_id: p
                .save_card
                .as_ref()
                .and_then(|s| s.owner.user_unique_id().map(str::to_owned)),
            user_gsm_no: p.save_card.as_ref().and_then(|s| s.user_gsm.clone()),
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

/// The `lookup` and `reconciliation` of a payment finished by its session (3-D, or the JS form's):
/// by its `reference_no` when given; without one, it is named by its session and not looked up.
macro_rules! by_session {
    () => {
        fn lookup(&self) -> Option<String> {
            Some(match &self.reference_no {
                Some(r) => format!("reference_no={r}"),
                None => format!("session_id={}", self.session_id),
            })
        }

        fn reconciliation(&self, _: Token) -> Option<Lookup> {
            self.reference_no.as_deref().and_then(by_reference)
        }
    };
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

impl Request for PaymentRequest {
    type Output = PaymentOutcome;
    type Wire = bind::Pay;
    lookup_by!(reference_no);

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

    reads!(payment tx::V2Transaction);
}

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
        three_d_session!(r, a, self.payment.reference_no.clone(), "shopper")
    }
}

outcome!(ThreeDSession, "3-D Secure started");

impl Request for Complete3dRequest {
    type Output = PaymentOutcome;
    type Wire = bind::Complete3d;

    by_session!();

    fn body(&self, _: Token, _: &Defaults) -> Result<tx::TdsChargeRequest, Error> {
        Ok(tx::TdsChargeRequest {
            session_id: self.session_id.clone(),
            token_id: self.token_id.clone(),
            transaction_type: self.kind.map(PaymentKind::code),
        })
    }

    fn settle(&self, found: &Found, _: Token) -> Option<PaymentOutcome> {
        settled(found, self.kind, None)
    }

    reads!(payment tx::V2Transaction);
}

impl Request for ChargeRequest {
    type Output = PaymentOutcome;
    type Wire = bind::Charge;

    by_session!();

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

    fn settle(&self, found: &Found, _: Token) -> Option<PaymentOutcome> {
        settled(found, Some(self.kind), None)
    }

    reads!(payment tx::Transaction);
}
