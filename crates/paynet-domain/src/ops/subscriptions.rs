//! Subscriptions: the one hand-written request of the family, adding a card through 3-D Secure
//! (its card's number and CVV scrubbed from the answer; answered like a payment's 3-D start).
//! The family's other operations are generated (`crate::generated::paynet_subscription`).

use paynet_api::operations::bind;
use paynet_api::paynet_subscription::types as wire;

use super::read::three_d_session;
use crate::error::Error;
use crate::exchange::{Defaults, Request, Token};
use crate::outcome::ThreeDSession;
use crate::reader::Reader;
use crate::subscription_cards::StartSubscriptionCard3dRequest;

impl Request for StartSubscriptionCard3dRequest {
    type Output = ThreeDSession;
    type Wire = bind::StartSubscriptionCard3d;

    fn lookup(&self) -> Option<String> {
        Some(self.subject())
    }

    fn body(&self, _: Token, _: &Defaults) -> Result<wire::StartCard3dRequest, Error> {
        let card = &self.card;
        Ok(wire::StartCard3dRequest {
            subscription_id: self.subscription_id.clone(),
            reference_no: self.reference_no.clone(),
            group_reference_no: self.group_reference_no.clone(),
            return_url: self.return_url.clone(),
            pan: card.expose_number().to_owned(),
            card_holder: Some(card.holder().to_owned()),
            month: i64::from(card.month()),
            // Paynet's example writes the year with two digits (`"20"`).
            year: i64::from(card.year() % 100),
            cvv: card.expose_cvc().to_owned(),
            label: self.label.clone(),
        })
    }

    fn call_secrets(&self, _: Token) -> Vec<&str> {
        vec![self.card.expose_number(), self.card.expose_cvc()]
    }

    fn read(&self, a: wire::Card3dSession, r: &Reader<'_>) -> Result<ThreeDSession, Error> {
        let reference_no = self.named_by().map(|(_, v)| v.clone()).unwrap_or_default();
        three_d_session!(r, a, reference_no, "payer")
    }
}
