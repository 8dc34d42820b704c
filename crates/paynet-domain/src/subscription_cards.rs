//! Adding a payer's card to a subscription through 3-D Secure: [`StartSubscriptionCard3dRequest`]
//! (`start_subscription_card_3d`, Paynet's `create_card_tds_initial`), whose card is a [`Card`]
//! (checked before anything is sent, never printed); the bank's page posts `session_id` and
//! `token_id` back and the generated `ConfirmSubscriptionCard3dRequest` adds the card.
//!
//! The request is hand-written (`x-paynet-request-type`) for its card: a schema cannot say the
//! Luhn check, the expiry or the CVC's digits, nor keep the number out of `Debug`; [`Card`] does,
//! as for a payment.
//!
//! ```
//! use paynet_domain::{Card, StartSubscriptionCard3dRequest};
//!
//! let card = Card::new("4355084355084358", "12/35", "000", "AYSE YILMAZ")?;
//! let request = StartSubscriptionCard3dRequest::builder(card, "https://shop.example/cards/back")
//!     .reference_no("SUB-2024-0001")
//!     .label("Kişisel kart")
//!     .build()?;
//! assert!(format!("{request:?}").contains("435508******4358"));
//! assert!(!format!("{request:?}").contains("4355084355084358"));
//!
//! // A subscription must be named: by its id, its reference_no or its group.
//! let card = Card::new("4355084355084358", "12/35", "000", "AYSE YILMAZ")?;
//! let e = StartSubscriptionCard3dRequest::builder(card, "https://shop.example/cards/back").build();
//! assert!(e.unwrap_err().to_string().contains("at least one of subscription_id"));
//! # Ok::<(), paynet_domain::Error>(())
//! ```

use crate::card::Card;
use crate::error::Error;
use crate::validate::{self, TextRules, https_url};

/// A subscription's GUID (`2c13ed3f-4919-49bd-85b1-0f7183ccceda`).
const GUID: &str = "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$";
/// The longest `reference_no` and `group_reference_no`.
const MAX_REF: u64 = 50;
/// The longest card label.
const MAX_LABEL: u64 = 100;

/// Starts adding a card to a subscription (or to every subscription of a group) through the
/// bank's 3-D Secure page (`start_subscription_card_3d`: `POST
/// /v1/subscription/create_card_tds_initial`, under the secret key). No money moves.
///
/// Answered with a [`ThreeDSession`](crate::ThreeDSession): send the payer to its `post_url`;
/// the page posts `session_id` and `token_id` back to `return_url`, and
/// `ConfirmSubscriptionCard3dRequest` (`confirm_subscription_card_3d`) adds the card.
#[derive(Clone, Debug)]
pub struct StartSubscriptionCard3dRequest {
    pub(crate) card: Card,
    pub(crate) return_url: String,
    pub(crate) subscription_id: Option<String>,
    pub(crate) reference_no: Option<String>,
    pub(crate) group_reference_no: Option<String>,
    pub(crate) label: Option<String>,
}

/// Builds a [`StartSubscriptionCard3dRequest`]; [`StartSubscriptionCard3dBuilder::build`] checks
/// every field.
#[derive(Clone, Debug)]
#[must_use]
pub struct StartSubscriptionCard3dBuilder {
    request: StartSubscriptionCard3dRequest,
}

impl StartSubscriptionCard3dRequest {
    /// Starts building: the card, and where the bank's page posts back (`return_url`: absolute
    /// `https`, or `http` on a loopback host). Name the subscription with
    /// [`reference_no`](StartSubscriptionCard3dBuilder::reference_no),
    /// [`subscription_id`](StartSubscriptionCard3dBuilder::subscription_id) or
    /// [`group_reference_no`](StartSubscriptionCard3dBuilder::group_reference_no).
    pub fn builder(card: Card, return_url: impl Into<String>) -> StartSubscriptionCard3dBuilder {
        StartSubscriptionCard3dBuilder {
            request: StartSubscriptionCard3dRequest {
                card,
                return_url: return_url.into(),
                subscription_id: None,
                reference_no: None,
                group_reference_no: None,
                label: None,
            },
        }
    }

    getters! {
        /// The card.
        card -> &Card => borrow card;
        /// Where the bank's page posts back.
        return_url -> &str => borrow return_url;
        /// The subscription's GUID, if given.
        subscription_id -> Option<&str> => as_deref subscription_id;
        /// The subscription's `reference_no`, if given.
        reference_no -> Option<&str> => as_deref reference_no;
        /// The group of subscriptions, if given.
        group_reference_no -> Option<&str> => as_deref group_reference_no;
        /// The card's label, if given.
        label -> Option<&str> => as_deref label;
    }

    /// What names the subscription: `reference_no=..`, else `subscription_id=..`, else
    /// `group_reference_no=..`.
    pub fn subject(&self) -> String {
        self.named_by()
            .map(|(field, value)| format!("{field}={value}"))
            .unwrap_or_default()
    }

    /// The field that names the subscription and its value: `reference_no`, else
    /// `subscription_id`, else `group_reference_no`.
    pub(crate) fn named_by(&self) -> Option<(&'static str, &String)> {
        [
            ("reference_no", &self.reference_no),
            ("subscription_id", &self.subscription_id),
            ("group_reference_no", &self.group_reference_no),
        ]
        .into_iter()
        .find_map(|(field, value)| Some((field, value.as_ref()?)))
    }
}

impl StartSubscriptionCard3dBuilder {
    setters! {
        /// The subscription's GUID (`subscription_id`).
        subscription_id(id: impl Into<String>) => some request.subscription_id;
        /// The merchant's key of the subscription (`reference_no`, at most 50 characters).
        reference_no(reference: impl Into<String>) => some request.reference_no;
        /// Every subscription of this group (`group_reference_no`, at most 50 characters).
        group_reference_no(group: impl Into<String>) => some request.group_reference_no;
        /// A label for the card (`label`, at most 100 characters), what `filter_subscription_cards`
        /// finds it by.
        label(label: impl Into<String>) => some request.label;
    }

    /// Checks every field; the first problem is returned as [`Error::InvalidRequest`].
    pub fn build(self) -> Result<StartSubscriptionCard3dRequest, Error> {
        let r = self.request;
        https_url("return_url", &r.return_url)?;
        let checks = [
            ("subscription_id", &r.subscription_id, 36, Some(GUID)),
            ("reference_no", &r.reference_no, MAX_REF, None),
            ("group_reference_no", &r.group_reference_no, MAX_REF, None),
            ("label", &r.label, MAX_LABEL, None),
        ];
        for (field, value, max, pattern) in checks {
            if let Some(v) = value {
                let rules = TextRules {
                    min_len: Some(1),
                    max_len: Some(max),
                    pattern,
                    values: &[],
                    secret: false,
                };
                validate::text(field, v, &rules)?;
            }
        }
        validate::at_least_one(&[
            ("subscription_id", r.subscription_id.is_some()),
            ("reference_no", r.reference_no.is_some()),
            ("group_reference_no", r.group_reference_no.is_some()),
        ])?;
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::error::invalid_field;

    fn card() -> Card {
        Card::new("4355084355084358", "12/45", "321", "AYSE YILMAZ").unwrap()
    }

    fn builder() -> StartSubscriptionCard3dBuilder {
        StartSubscriptionCard3dRequest::builder(card(), "https://shop.example/back")
    }

    #[test]
    fn each_field_is_checked() {
        let ok = builder()
            .subscription_id("2c13ed3f-4919-49bd-85b1-0f7183ccceda")
            .build()
            .unwrap();
        assert_eq!(
            ok.subject(),
            "subscription_id=2c13ed3f-4919-49bd-85b1-0f7183ccceda"
        );
        assert_eq!(
            builder()
                .group_reference_no("G-1")
                .build()
                .unwrap()
                .subject(),
            "group_reference_no=G-1"
        );
        let field = |b: StartSubscriptionCard3dBuilder| invalid_field(b.build().unwrap_err());
        assert_eq!(field(builder()), "subscription_id");
        assert_eq!(
            field(builder().subscription_id("not-a-guid")),
            "subscription_id"
        );
        assert_eq!(field(builder().reference_no("")), "reference_no");
        assert_eq!(
            field(builder().reference_no("R".repeat(51))),
            "reference_no"
        );
        assert_eq!(
            field(builder().reference_no("R").label("x".repeat(101))),
            "label"
        );
        assert_eq!(
            field(
                StartSubscriptionCard3dRequest::builder(card(), "http://shop.example/back")
                    .reference_no("R")
            ),
            "return_url"
        );
        // http on loopback is for development against the simulator.
        assert!(
            StartSubscriptionCard3dRequest::builder(card(), "http://127.0.0.1:8080/back")
                .reference_no("R")
                .build()
                .is_ok()
        );
    }
}
