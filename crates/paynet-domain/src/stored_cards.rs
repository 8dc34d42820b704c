//! Stored cards (Paynet's card storage, `v1/card/*`): storing a customer's card
//! ([`SaveCardRequest`]), listing a customer's cards ([`ListCardsRequest`]), and what Paynet shows
//! of a stored card ([`StoredCard`], [`SavedCard`], [`CardList`]); who a card is stored for
//! ([`CardOwner`]), and saving a card while paying ([`SaveCardOptions`]). Renaming and deleting a
//! stored card and the one-time password before a save are generated from the spec
//! (`RenameCardRequest`, `DeleteCardRequest`, `SendCardOtpRequest`, `CheckCardOtpRequest`).
//!
//! A customer's first save names them by the merchant's own key (`user_unique_id`); Paynet
//! answers a `card_owner_id`, which every later call uses. A stored card pays by its `card_hash`
//! ([`crate::CardHash`], in `pay` and `start_3d`). The card number, the CVV and the one-time
//! password are secrets: wiped when dropped, never in `Debug`, scrubbed from the answer; a stored
//! card shows only its mask (first 6 and last 4 digits), bank, brand and description.
//!
//! ```
//! use paynet_domain::{Card, CardOwner, SaveCardRequest};
//!
//! let card = Card::new("4355 0843 5508 4358", "12/30", "123", "AYSE YILMAZ")?;
//! // The customer's first card: the merchant's own key for them.
//! let save = SaveCardRequest::builder(card, CardOwner::new_customer("customer-1001")?, "Maaş kartım")
//!     .build()?;
//! assert!(save.sends_cvv()); // the bank checks the card with 1 TL, and cancels it
//! assert!(!format!("{save:?}").contains("4355084355084358"));
//!
//! // Exactly one of user_unique_id (first save) and card_owner_id (later ones):
//! assert!(CardOwner::from_ids(Some("customer-1001".into()), Some("f4dabd79".into())).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

use crate::card::Card;
use crate::codes::{BankId, CardType, ResultCode};
use crate::error::Error;
use crate::validate::{gsm, identifier, one_to, text_within};

/// The longest stored-card description (`card_desc`) the SDK sends. Paynet documents none: 50 is
/// the limit of `card_holder`, its neighbour in the save table (an inference).
pub const MAX_CARD_DESC_LEN: usize = 50;

/// The longest `card_owner_id`, `card_hash` or `otp_session_id` the SDK sends (Paynet's are GUIDs,
/// 36 characters; a sanity bound).
pub const MAX_CARD_ID_LEN: usize = 128;

/// The largest page of [`ListCardsRequest`].
pub const MAX_CARD_PAGE: u32 = 1000;

/// Who a card is stored for: a customer's first save names them by the merchant's own key
/// (`user_unique_id`: a user id, a GSM, an e-mail), a later one by the `card_owner_id` Paynet
/// answered the first time. Exactly one of the two is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardOwner(Owner);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Owner {
    New(String),
    Known(String),
}

impl CardOwner {
    /// A customer's first save: `user_unique_id`, the merchant's own key for them (not empty, no
    /// leading or trailing space, at most 256 characters).
    pub fn new_customer(user_unique_id: impl Into<String>) -> Result<Self, Error> {
        identifier("user_unique_id", user_unique_id.into()).map(|u| Self(Owner::New(u)))
    }

    /// A customer Paynet knows: the `card_owner_id` it answered to their first save (visible
    /// ASCII, at most 128 characters).
    pub fn known(card_owner_id: impl Into<String>) -> Result<Self, Error> {
        card_id("card_owner_id", card_owner_id.into()).map(|o| Self(Owner::Known(o)))
    }

    /// The owner from whichever of the two is given; refused when both or neither are.
    pub fn from_ids(
        user_unique_id: Option<String>,
        card_owner_id: Option<String>,
    ) -> Result<Self, Error> {
        match (user_unique_id, card_owner_id) {
            (Some(u), None) => Self::new_customer(u),
            (None, Some(o)) => Self::known(o),
            (Some(_), Some(_)) => Err(Error::invalid(
                "card_owner_id",
                "give user_unique_id (a customer's first save) or card_owner_id (a later one), not both",
            )),
            (None, None) => Err(Error::invalid(
                "user_unique_id",
                "a stored card needs its owner: user_unique_id (a customer's first save) or card_owner_id (a later one)",
            )),
        }
    }

    /// The merchant's key of a customer's first save.
    pub fn user_unique_id(&self) -> Option<&str> {
        match &self.0 {
            Owner::New(u) => Some(u),
            Owner::Known(_) => None,
        }
    }

    /// The `card_owner_id` of a customer Paynet knows.
    pub fn card_owner_id(&self) -> Option<&str> {
        match &self.0 {
            Owner::New(_) => None,
            Owner::Known(o) => Some(o),
        }
    }
}

/// A `card_owner_id`, `card_hash` or `otp_session_id`: visible ASCII, 1 to 128 characters.
pub(crate) fn card_id(field: &'static str, value: String) -> Result<String, Error> {
    if value.is_empty() {
        return Err(Error::invalid(field, "is empty"));
    }
    if value.chars().count() > MAX_CARD_ID_LEN {
        return Err(Error::invalid(
            field,
            format!("is longer than {MAX_CARD_ID_LEN} characters"),
        ));
    }
    if !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(Error::invalid(
            field,
            "must be visible ASCII characters (no space)",
        ));
    }
    Ok(value)
}

/// A stored card's description (`card_desc`): not blank, at most [`MAX_CARD_DESC_LEN`]
/// characters, no control character.
pub(crate) fn card_desc(value: String) -> Result<String, Error> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Error::invalid("card_desc", "is empty"));
    }
    text_within("card_desc", trimmed.to_owned(), MAX_CARD_DESC_LEN)
}

/// The one-time password of a save (`otp_session_id`, `otp_code`).
#[derive(Clone)]
pub(crate) struct Otp {
    pub(crate) session_id: String,
    pub(crate) code: SecretString,
}

/// Stores a customer's card (`save_card`: `POST /v1/card/save`, under the secret key, from the
/// merchant's registered IP). Answers the stored card ([`SavedCard`]): its `card_hash`, and the
/// customer's `card_owner_id` to keep for every later call.
///
/// Checked when built: the card (the Luhn check, an expiry not in the past, by [`Card`]), the
/// description (not blank, at most [`MAX_CARD_DESC_LEN`] characters), the owner (exactly one of
/// `user_unique_id` and `card_owner_id`, [`CardOwner`]), the GSM (`5XXXXXXXXX`) and the one-time
/// password (letters and digits, with its session). A card with its CVC sends it as `cvv`: the
/// bank then checks the card with a 1 TL pre-authorisation and cancels it; a card made
/// [`Card::without_cvc`] is stored without that check. Because of it the save may move money:
/// it is never sent again once it may have reached Paynet.
///
/// Its `Debug` shows the card's mask only, and never the CVV nor the one-time password; the
/// number, the CVV and the password are scrubbed from the answer even when Paynet echoes them.
#[derive(Clone)]
pub struct SaveCardRequest {
    pub(crate) card: Card,
    pub(crate) owner: CardOwner,
    pub(crate) description: String,
    pub(crate) user_gsm: Option<String>,
    pub(crate) otp: Option<Otp>,
}

/// Builds a [`SaveCardRequest`]; [`SaveCardBuilder::build`] checks every field.
#[derive(Clone, Debug)]
#[must_use]
pub struct SaveCardBuilder {
    request: SaveCardRequest,
}

impl SaveCardRequest {
    /// Stores `card` for `owner`, named `description` (`card_desc`) in the customer's list.
    pub fn builder(
        card: Card,
        owner: CardOwner,
        description: impl Into<String>,
    ) -> SaveCardBuilder {
        SaveCardBuilder {
            request: SaveCardRequest {
                card,
                owner,
                description: description.into(),
                user_gsm: None,
                otp: None,
            },
        }
    }

    getters! {
        /// Who the card is stored for.
        owner -> &CardOwner => borrow owner;
        /// The card's description.
        description -> &str => borrow description;
        /// The card's mask (`435508******4358`).
        masked_number -> String => masked_number card;
        /// True when the CVV is sent (the bank checks the card with a 1 TL pre-authorisation).
        sends_cvv -> bool => has_cvc card;
    }

    /// The one-time password's session, when the save carries one.
    pub fn otp_session_id(&self) -> Option<&str> {
        self.otp.as_ref().map(|o| o.session_id.as_str())
    }
}

impl SaveCardBuilder {
    setters! {
        /// The customer's GSM (`user_gsm`, `5XXXXXXXXX`: ten digits, no leading 0), as the one-time
        /// password was sent to.
        user_gsm(gsm: impl Into<String>) => some request.user_gsm;
    }

    /// The one-time password the customer received (`otp_code`, a secret) for `session_id`
    /// (`otp_session_id`, as given to `send_card_otp` and checked by `check_card_otp`): needed
    /// when OTP is mandatory for the merchant.
    pub fn otp(mut self, session_id: impl Into<String>, code: impl Into<String>) -> Self {
        self.request.otp = Some(Otp {
            session_id: session_id.into(),
            code: SecretString::from(code.into()),
        });
        self
    }

    /// Checks every field; the first problem is an [`Error::InvalidRequest`] naming it (never
    /// with a card number, CVV or password in it).
    pub fn build(self) -> Result<SaveCardRequest, Error> {
        let mut r = self.request;
        r.description = card_desc(r.description)?;
        r.user_gsm = r.user_gsm.map(|g| gsm("user_gsm", g)).transpose()?;
        if let Some(otp) = &mut r.otp {
            otp.session_id = card_id("otp_session_id", std::mem::take(&mut otp.session_id))?;
            otp_code(&otp.code)?;
        }
        Ok(r)
    }
}

/// An OTP code: 1 to 16 letters and digits (the docs' example is `ART2`; its length is not
/// documented). The error never holds the code.
pub(crate) fn otp_code(code: &SecretString) -> Result<(), Error> {
    let c = code.expose_secret();
    if c.is_empty() || c.len() > 16 || !c.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(Error::invalid(
            "otp_code",
            "must be 1 to 16 letters and digits",
        ));
    }
    Ok(())
}

impl fmt::Debug for SaveCardRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SaveCardRequest")
            .field("card", &self.card)
            .field("owner", &self.owner)
            .field("card_desc", &self.description)
            .field("user_gsm", &self.user_gsm)
            .field("otp_session_id", &self.otp_session_id())
            .field(
                "otp_code",
                &self.otp.as_ref().map(|_| crate::redact::REDACTED),
            )
            .finish()
    }
}

/// Saving the card of a payment while paying (`pay`, `start_3d`): Paynet stores the card when
/// the payment succeeds and says so in the answer ([`crate::CardStorage`]). Sent as `save_card`,
/// `card_desc`, `user_unique_id` or `card_owner_id`, and `user_gsm_no` (the names laravel-paynet
/// and the C# hub send: Paynet's payment tables are cut before them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SaveCardOptions {
    pub(crate) owner: CardOwner,
    pub(crate) description: String,
    pub(crate) user_gsm: Option<String>,
}

impl SaveCardOptions {
    /// Store the payment's card for `owner`, named `description` (checked: not blank, at most
    /// [`MAX_CARD_DESC_LEN`] characters).
    pub fn new(owner: CardOwner, description: impl Into<String>) -> Result<Self, Error> {
        Ok(Self {
            owner,
            description: card_desc(description.into())?,
            user_gsm: None,
        })
    }

    /// The customer's GSM (`user_gsm_no`, `5XXXXXXXXX`), which Paynet wants when OTP is on.
    pub fn user_gsm(mut self, gsm_no: impl Into<String>) -> Result<Self, Error> {
        self.user_gsm = Some(gsm("user_gsm_no", gsm_no.into())?);
        Ok(self)
    }

    /// Who the card is stored for.
    pub fn owner(&self) -> &CardOwner {
        &self.owner
    }
}

/// One page of a customer's stored cards (`list_cards`: `POST /v1/card/list`, under the secret
/// key): `limit` rows (default 10), from a row offset (`starting_after`) or up to one
/// (`ending_before`). A read: sent again after an unknown outcome.
///
/// ```
/// use paynet_domain::ListCardsRequest;
///
/// let page = ListCardsRequest::builder("f4dabd79-5b7e-40bd-84d5-54058242dfa0").limit(5).starting_after(5).build()?;
/// assert_eq!(page.next_page(5).starting_after(), Some(10));
/// assert!(ListCardsRequest::builder("x").starting_after(1).ending_before(9).build().is_err());
/// # Ok::<(), paynet_domain::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListCardsRequest {
    pub(crate) card_owner_id: String,
    pub(crate) limit: Option<u32>,
    pub(crate) starting_after: Option<u64>,
    pub(crate) ending_before: Option<u64>,
}

/// Builds a [`ListCardsRequest`]; [`ListCardsBuilder::build`] checks every field.
#[derive(Clone, Debug)]
#[must_use]
pub struct ListCardsBuilder {
    request: ListCardsRequest,
}

impl ListCardsRequest {
    /// The cards of `card_owner_id`.
    pub fn builder(card_owner_id: impl Into<String>) -> ListCardsBuilder {
        ListCardsBuilder {
            request: ListCardsRequest {
                card_owner_id: card_owner_id.into(),
                limit: None,
                starting_after: None,
                ending_before: None,
            },
        }
    }

    getters! {
        /// The customer.
        card_owner_id -> &str => borrow card_owner_id;
        /// The rows per page asked for (Paynet's default is 10).
        limit -> Option<u32> => copy limit;
        /// The row offset the page starts at.
        starting_after -> Option<u64> => copy starting_after;
        /// The row offset the page ends before.
        ending_before -> Option<u64> => copy ending_before;
    }

    /// The page after one that started at this request's offset and held `rows` rows.
    pub fn next_page(&self, rows: u64) -> ListCardsRequest {
        ListCardsRequest {
            starting_after: Some(self.starting_after.unwrap_or(0) + rows),
            ending_before: None,
            ..self.clone()
        }
    }
}

impl ListCardsBuilder {
    setters! {
        /// Rows per page (1 to [`MAX_CARD_PAGE`]).
        limit(rows: u32) => some request.limit;
        /// The page of rows starting at this offset (`starting_after`: 15 with `limit` 15 is rows
        /// 15 to 30).
        starting_after(offset: u64) => some request.starting_after;
        /// The page of rows ending before this offset (`ending_before`: 90 with `limit` 15 is rows
        /// 75 to 90).
        ending_before(offset: u64) => some request.ending_before;
    }

    /// Checks every field.
    pub fn build(self) -> Result<ListCardsRequest, Error> {
        let mut r = self.request;
        r.card_owner_id = card_id("card_owner_id", r.card_owner_id)?;
        if let Some(limit) = r.limit {
            one_to("limit", limit.into(), MAX_CARD_PAGE.into())?;
        }
        if r.starting_after.is_some() && r.ending_before.is_some() {
            return Err(Error::invalid(
                "ending_before",
                "give starting_after (forward) or ending_before (backward), not both",
            ));
        }
        Ok(r)
    }
}

/// A stored card as Paynet shows it (a row of the card list, or the card a save stored): its
/// token, its owner, its description, and of the card only its mask, BIN, bank and brand. Every
/// field is optional (Paynet omits fields freely; blanks are `None`). Serialised with Paynet's
/// names (`card_no`, `card_bin`, `card_bank_name`...).
///
/// The mask is masked again when Paynet sends more than the first 6 and last 4 digits: no
/// stored card ever shows a whole number.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct StoredCard {
    /// The stored card's token (`card_hash`): what pays with it ([`StoredCard::hash`]).
    pub card_hash: Option<String>,
    /// The customer's id at Paynet (`card_owner_id`).
    pub card_owner_id: Option<String>,
    /// The merchant's key for the customer (`user_unique_id`).
    pub user_unique_id: Option<String>,
    /// The card's description (`card_desc`).
    #[serde(rename = "card_desc")]
    pub description: Option<String>,
    /// The card's mask, `435508******4358` (`card_no`, or the old tables' `card_no_masked`).
    #[serde(rename = "card_no")]
    pub masked_number: Option<String>,
    /// The first six digits (`card_bin`, or `card_bin_no`).
    #[serde(rename = "card_bin")]
    pub bin: Option<String>,
    /// Credit, business or debit (`card_type`).
    pub card_type: Option<CardType>,
    /// The bank's 4-letter code (`card_bank_id`).
    #[serde(rename = "card_bank_id")]
    pub bank_id: Option<BankId>,
    /// The bank's name (`card_bank_name`).
    #[serde(rename = "card_bank_name")]
    pub bank_name: Option<String>,
    /// The bank's logo (`card_logo_url`).
    #[serde(rename = "card_logo_url")]
    pub logo_url: Option<String>,
    /// The brand, `Visa`, `MasterCard`, `Troy`... (`card_brand_name`).
    #[serde(rename = "card_brand_name")]
    pub brand: Option<String>,
    /// The name on the card, as Paynet shows it (masked in lists: `AY*****AZ`).
    pub card_holder: Option<String>,
    /// The expiry month, when Paynet says.
    pub expire_month: Option<i64>,
    /// The expiry year, when Paynet says.
    pub expire_year: Option<i64>,
}

impl StoredCard {
    /// The token that pays with this card ([`crate::PaymentMethod::Stored`]), when Paynet sent one.
    pub fn hash(&self) -> Option<crate::CardHash> {
        self.card_hash
            .as_deref()
            .and_then(|h| crate::CardHash::new(h).ok())
    }
}

/// A stored card ([`SavedCard::card`]) and Paynet's result code: what `save_card` answers.
/// Serialised as the card's fields, then `code` and `message`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SavedCard {
    /// The card stored: keep its `card_owner_id` (the customer) and its `card_hash`.
    #[serde(flatten)]
    pub card: StoredCard,
    /// The result code (0).
    #[serde(rename = "code")]
    pub result_code: ResultCode,
    /// Paynet's message.
    pub message: Option<String>,
}

/// One page of a customer's stored cards: what `list_cards` answers. Serialised with Paynet's
/// names (`Data`, `total_count`, `has_more`...). "No data" (result code 12) is an empty page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CardList {
    /// The page's cards, in Paynet's order.
    #[serde(rename = "Data")]
    pub cards: Vec<StoredCard>,
    /// How many cards the customer has in all, when Paynet said (`total_count`, else `total`).
    pub total_count: Option<u64>,
    /// The rows per page.
    pub limit: Option<u64>,
    /// The offset the page started at.
    pub starting_after: Option<u64>,
    /// The offset the page ended before.
    pub ending_before: Option<u64>,
    /// True while cards remain in the paging direction.
    pub has_more: bool,
    /// The result code (0, or 12 when the customer has no card).
    #[serde(rename = "code")]
    pub result_code: ResultCode,
    /// Paynet's message.
    pub message: Option<String>,
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::error::invalid_field as field;

    fn card() -> Card {
        Card::new("4355084355084358", "12/30", "987", "AYSE YILMAZ").unwrap()
    }

    fn owner() -> CardOwner {
        CardOwner::new_customer("customer-1").unwrap()
    }

    #[test]
    fn exactly_one_owner_key() {
        let o = CardOwner::from_ids(Some("u-1".into()), None).unwrap();
        assert_eq!((o.user_unique_id(), o.card_owner_id()), (Some("u-1"), None));
        let o = CardOwner::from_ids(None, Some("f4dabd79-5b7e".into())).unwrap();
        assert_eq!(
            (o.user_unique_id(), o.card_owner_id()),
            (None, Some("f4dabd79-5b7e"))
        );
        assert_eq!(
            field(CardOwner::from_ids(Some("u".into()), Some("o".into())).unwrap_err()),
            "card_owner_id"
        );
        assert_eq!(
            field(CardOwner::from_ids(None, None).unwrap_err()),
            "user_unique_id"
        );
        assert_eq!(
            field(CardOwner::new_customer(" u").unwrap_err()),
            "user_unique_id"
        );
        assert_eq!(field(CardOwner::known("a b").unwrap_err()), "card_owner_id");
        assert_eq!(
            field(CardOwner::known("x".repeat(129)).unwrap_err()),
            "card_owner_id"
        );
    }

    #[test]
    fn a_save_checks_its_description_gsm_and_password() {
        let b = || SaveCardRequest::builder(card(), owner(), "Maaş kartım");
        let ok = b()
            .user_gsm("5321234567")
            .otp("otp-1", "ART2")
            .build()
            .unwrap();
        assert_eq!(ok.description(), "Maaş kartım");
        assert_eq!(ok.otp_session_id(), Some("otp-1"));
        assert!(ok.sends_cvv());
        // The description: not blank, at most 50 characters (trimmed).
        assert_eq!(
            SaveCardRequest::builder(card(), owner(), "  İş  ")
                .build()
                .unwrap()
                .description(),
            "İş"
        );
        for bad in ["", "   ", "a\tb"] {
            assert_eq!(
                field(
                    SaveCardRequest::builder(card(), owner(), bad)
                        .build()
                        .unwrap_err()
                ),
                "card_desc",
                "{bad:?}"
            );
        }
        assert_eq!(
            field(
                SaveCardRequest::builder(card(), owner(), "ş".repeat(51))
                    .build()
                    .unwrap_err()
            ),
            "card_desc"
        );
        SaveCardRequest::builder(card(), owner(), "ş".repeat(50))
            .build()
            .unwrap();
        // The GSM: ten digits, 5XXXXXXXXX.
        for bad in [
            "05321234567",
            "+905321234567",
            "532123456",
            "4321234567",
            "53212345a7",
        ] {
            assert_eq!(
                field(b().user_gsm(bad).build().unwrap_err()),
                "user_gsm",
                "{bad}"
            );
        }
        // The password: letters and digits; its session: visible ASCII.
        for bad in ["", "AR T2", "ART2!", &"9".repeat(17)] {
            let e = b().otp("otp-1", bad).build().unwrap_err();
            if !bad.is_empty() {
                assert!(!e.to_string().contains(bad), "{e}");
            }
            assert_eq!(field(e), "otp_code", "{bad:?}");
        }
        assert_eq!(
            field(b().otp("", "ART2").build().unwrap_err()),
            "otp_session_id"
        );
        assert_eq!(
            field(b().otp("a session", "ART2").build().unwrap_err()),
            "otp_session_id"
        );
    }

    #[test]
    fn a_card_without_cvc_is_stored_without_the_1_tl_check() {
        let card = Card::without_cvc("4355084355084358", "12/30", "AYSE YILMAZ").unwrap();
        let save = SaveCardRequest::builder(card, owner(), "Kart")
            .build()
            .unwrap();
        assert!(!save.sends_cvv());
        // The card's own checks still run.
        assert_eq!(
            field(Card::without_cvc("4355084355084359", "12/30", "A").unwrap_err()),
            "pan"
        );
        assert_eq!(
            field(Card::without_cvc("4355084355084358", "01/20", "A").unwrap_err()),
            "expiry"
        );
    }

    #[test]
    fn nothing_secret_in_debug() {
        let save = SaveCardRequest::builder(card(), owner(), "Kart")
            .otp("otp-1", "ZQ7X9")
            .build()
            .unwrap();
        let text = format!("{save:?} {save:#?}");
        for secret in ["4355084355084358", "987", "ZQ7X9"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(text.contains("435508******4358") && text.contains("otp-1"));
    }

    #[test]
    fn save_options_and_list_pages() {
        let o = SaveCardOptions::new(owner(), "Kart")
            .unwrap()
            .user_gsm("5321234567")
            .unwrap();
        assert_eq!(o.owner().user_unique_id(), Some("customer-1"));
        assert_eq!(
            field(SaveCardOptions::new(owner(), "").unwrap_err()),
            "card_desc"
        );
        assert_eq!(
            field(
                SaveCardOptions::new(owner(), "Kart")
                    .unwrap()
                    .user_gsm("0532")
                    .unwrap_err()
            ),
            "user_gsm_no"
        );
        let page = ListCardsRequest::builder("o-1").limit(2).build().unwrap();
        assert_eq!(page.next_page(2).starting_after(), Some(2));
        for limit in [0, 1001] {
            assert_eq!(
                field(
                    ListCardsRequest::builder("o-1")
                        .limit(limit)
                        .build()
                        .unwrap_err()
                ),
                "limit"
            );
        }
        assert_eq!(
            field(ListCardsRequest::builder("").build().unwrap_err()),
            "card_owner_id"
        );
    }
}
