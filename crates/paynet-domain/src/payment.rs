//! Card payments: a direct payment ([`PaymentRequest`]), 3-D Secure as a flow
//! ([`Start3dRequest`] → the bank's page → [`ThreeDReturn`] → [`Complete3dRequest`]), and the charge
//! that finishes a payment started by Paynet's JS form ([`ChargeRequest`]). A payment is looked
//! up with the requests of [`crate::lookups`].
//!
//! Every request is checked when it is built; card data never leaves a [`Card`](crate::Card) but to be sent,
//! and every payment carries the merchant's `reference_no`: Paynet answers a repeated one with
//! result code 100 and the earlier transaction, and the SDK looks a payment up by it when its
//! answer is lost.
//!
//! ```
//! use paynet_domain::{Card, PaymentRequest, Start3dRequest};
//!
//! let card = Card::new("4355 0843 5508 4358", "12/30", "123", "AYSE YILMAZ")?;
//! let payment = PaymentRequest::builder("149.90".parse()?, "ORDER-1001", card)
//!     .instalment(3)
//!     .build()?;
//! // Direct: `client.pay(&payment)`. With 3-D Secure:
//! let start = Start3dRequest::new(payment, "https://shop.example/paynet/return")?;
//! assert_eq!(start.domain(), Some("shop.example")); // from the return URL
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::card::PaymentMethod;
use crate::error::Error;
use crate::money::Amount;
use crate::stored_cards::SaveCardOptions;
use crate::validate::{
    check_domain, checked_text, https_url, identifier, identifier_opt, instalment, mail, phone,
    text_within,
};

/// Sale or pre-authorisation (`transaction_type` 1 or 3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaymentKind {
    /// A sale: the amount is taken (1).
    #[default]
    Sale,
    /// A pre-authorisation: the amount is held, to be captured later (3).
    PreAuthorisation,
}

impl PaymentKind {
    /// Paynet's `transaction_type`.
    pub fn code(self) -> i64 {
        match self {
            PaymentKind::Sale => 1,
            PaymentKind::PreAuthorisation => 3,
        }
    }
}

/// A direct (non-3-D) card payment (`pay`: `POST /v2/transaction/payment`, under the secret key).
/// Moves money. Paynet allows it only to merchants it permitted.
///
/// The amount is sent as Paynet's v2 endpoints want it: TL with a comma (`"149,90"`). The
/// merchant's `domain` (`www.acme.com`) is required by Paynet: give it here, or once for the
/// client (`ClientBuilder::merchant_domain`); a 3-D payment takes its return URL's host.
/// Its `Debug` never shows the card's number or CVC.
#[derive(Clone, Debug)]
pub struct PaymentRequest {
    pub(crate) amount: Amount,
    pub(crate) reference_no: String,
    pub(crate) method: PaymentMethod,
    pub(crate) kind: PaymentKind,
    pub(crate) domain: Option<String>,
    pub(crate) instalment: Option<u8>,
    pub(crate) description: Option<String>,
    pub(crate) card_holder_phone: Option<String>,
    pub(crate) card_holder_mail: Option<String>,
    pub(crate) agent_id: Option<String>,
    pub(crate) agent_reference_no: Option<String>,
    pub(crate) add_commission: Option<bool>,
    pub(crate) ratio_code: Option<String>,
    pub(crate) card_owner_id: Option<String>,
    pub(crate) save_card: Option<SaveCardOptions>,
}

/// Builds a [`PaymentRequest`]; [`PaymentBuilder::build`] checks every field.
#[derive(Clone, Debug)]
#[must_use]
pub struct PaymentBuilder {
    request: PaymentRequest,
}

impl PaymentRequest {
    /// A payment of `amount` for the merchant's `reference_no` (unique per payment, e.g. the
    /// order number; at most 50 characters), paid by `method` (a [`crate::Card`] or a
    /// [`crate::CardHash`]).
    pub fn builder(
        amount: Amount,
        reference_no: impl Into<String>,
        method: impl Into<PaymentMethod>,
    ) -> PaymentBuilder {
        PaymentBuilder {
            request: PaymentRequest {
                amount,
                reference_no: reference_no.into(),
                method: method.into(),
                kind: PaymentKind::Sale,
                domain: None,
                instalment: None,
                description: None,
                card_holder_phone: None,
                card_holder_mail: None,
                agent_id: None,
                agent_reference_no: None,
                add_commission: None,
                ratio_code: None,
                card_owner_id: None,
                save_card: None,
            },
        }
    }

    getters! {
        /// The amount.
        amount -> Amount => copy amount;
        /// The merchant's reference number.
        reference_no -> &str => borrow reference_no;
        /// Sale or pre-authorisation.
        kind -> PaymentKind => copy kind;
        /// The merchant's domain, when given.
        domain -> Option<&str> => as_deref domain;
        /// How it is paid.
        method -> &PaymentMethod => borrow method;
        /// The saving of the card while paying, when asked for.
        save_card -> Option<&SaveCardOptions> => as_ref save_card;
    }

    /// The stored card's owner sent beside its `card_hash` (or the owner a card saved while
    /// paying goes to), when given.
    pub fn card_owner_id(&self) -> Option<&str> {
        self.card_owner_id.as_deref().or_else(|| {
            self.save_card
                .as_ref()
                .and_then(|s| s.owner.card_owner_id())
        })
    }
}

/// The longest `reference_no` Paynet accepts (string(50)).
pub const MAX_REFERENCE_LEN: usize = 50;

impl PaymentBuilder {
    /// A pre-authorisation (`transaction_type` 3) instead of a sale: the amount is held, and
    /// captured later with a capture.
    pub fn pre_authorisation(mut self) -> Self {
        self.request.kind = PaymentKind::PreAuthorisation;
        self
    }

    setters! {
        /// The merchant's domain (`domain`, e.g. `www.acme.com`), overriding the client's.
        domain(domain: impl Into<String>) => some request.domain;
        /// The instalment count (`instalment`); absent or 1 is a single payment.
        instalment(count: u8) => some request.instalment;
        /// A description of the payment (`description`, at most 140 characters).
        description(text: impl Into<String>) => some request.description;
        /// The card holder's phone (`card_holder_phone`).
        card_holder_phone(phone: impl Into<String>) => some request.card_holder_phone;
        /// The card holder's e-mail (`card_holder_mail`).
        card_holder_mail(mail: impl Into<String>) => some request.card_holder_mail;
        /// The sub-agent (bayi) the payment goes through (`agent_id`).
        agent_id(agent: impl Into<String>) => some request.agent_id;
        /// The main company's reference for the agent (`agent_reference_no`).
        agent_reference_no(reference: impl Into<String>) => some request.agent_reference_no;
        /// Whether Paynet adds its commission on top of the amount (`add_commission`).
        add_commission(add: bool) => some request.add_commission;
        /// A ratio table code (`ratio_code`).
        ratio_code(code: impl Into<String>) => some request.ratio_code;
        /// The customer's `card_owner_id`, sent beside a stored card's `card_hash`. Paynet's
        /// payment tables list only `card_hash`; laravel-paynet and the C# hub send `card_owner_id`
        /// too, and the simulator checks that the card is the owner's: sending both is an
        /// inference.
        card_owner_id(card_owner_id: impl Into<String>) => some request.card_owner_id;
        /// Stores the payment's card for a customer when the payment succeeds (`save_card`,
        /// `card_desc`, `user_unique_id` or `card_owner_id`, `user_gsm_no`); the answer says
        /// whether it was stored ([`crate::Transaction::card_storage`]). Only with card data, not
        /// with a stored card.
        save_card(save: SaveCardOptions) => some request.save_card;
    }

    /// Checks every field; the first problem is an [`Error::InvalidRequest`] naming it.
    pub fn build(self) -> Result<PaymentRequest, Error> {
        let mut r = self.request;
        let reference_no = identifier("reference_no", r.reference_no)?;
        r.reference_no = text_within("reference_no", reference_no, MAX_REFERENCE_LEN)?;
        instalment(r.instalment)?;
        r.domain = r.domain.map(check_domain).transpose()?;
        r.description = checked_text("description", r.description, 140)?;
        r.card_holder_phone = r.card_holder_phone.map(phone).transpose()?;
        r.card_holder_mail = r.card_holder_mail.map(mail).transpose()?;
        r.agent_id = identifier_opt("agent_id", r.agent_id)?;
        r.agent_reference_no = identifier_opt("agent_reference_no", r.agent_reference_no)?;
        r.ratio_code = identifier_opt("ratio_code", r.ratio_code)?;
        if let PaymentMethod::Card(card) = &r.method
            && !card.has_cvc()
        {
            return Err(Error::invalid(
                "cvc",
                "is required to pay with card data (a card without its CVC can only be stored)",
            ));
        }
        r.card_owner_id = r
            .card_owner_id
            .map(|o| crate::stored_cards::card_id("card_owner_id", o))
            .transpose()?;
        if let Some(save) = &r.save_card {
            if matches!(r.method, PaymentMethod::Stored(_)) {
                return Err(Error::invalid(
                    "save_card",
                    "the payment is made with a stored card already",
                ));
            }
            // One owner: the save's; a card_owner_id beside it must be the same customer.
            if let Some(given) = &r.card_owner_id
                && save.owner.card_owner_id() != Some(given.as_str())
            {
                return Err(Error::invalid(
                    "card_owner_id",
                    "differs from the owner the card is saved for (give user_unique_id for a first save, card_owner_id for a later one, not both)",
                ));
            }
        }
        Ok(r)
    }
}

/// Starts a 3-D Secure payment (`start_3d`: `POST /v2/transaction/tds_initial`, under the secret
/// key): the payment, and the `return_url` the bank's 3-D page posts `session_id` and `token_id`
/// back to. No money moves until [`Complete3dRequest`].
///
/// Without a domain, the payment takes the return URL's host as its `domain`.
#[derive(Clone, Debug)]
pub struct Start3dRequest {
    pub(crate) payment: PaymentRequest,
    pub(crate) return_url: String,
}

impl Start3dRequest {
    /// 3-D Secure for `payment`, coming back to `return_url` (absolute `https`, or `http` on a
    /// loopback host for development).
    pub fn new(mut payment: PaymentRequest, return_url: impl Into<String>) -> Result<Self, Error> {
        let return_url = return_url.into();
        // The bank's page posts card results back to it: https (http only on loopback).
        let url = https_url("return_url", &return_url)?;
        // A host name (not an IP address) is the merchant's domain when the payment has none.
        if payment.domain.is_none()
            && let Some(url::Host::Domain(name)) = url.host()
        {
            payment.domain = check_domain(name.to_owned()).ok();
        }
        Ok(Self {
            payment,
            return_url,
        })
    }

    getters! {
        /// The payment.
        payment -> &PaymentRequest => borrow payment;
        /// Where the bank's page posts back.
        return_url -> &str => borrow return_url;
        /// The merchant's domain: the payment's, or the return URL's host.
        domain -> Option<&str> => as_deref payment.domain;
    }
}

/// What the bank's 3-D page posted to the merchant's `return_url`: `session_id` and `token_id`
/// (`application/x-www-form-urlencoded`). Read it from the body, whatever the web framework, and
/// finish the payment with [`Complete3dRequest::new`].
///
/// The post is not signed: it says which payment to finish, not whether it succeeded. The
/// outcome is what [`Complete3dRequest`] answers.
///
/// ```
/// use paynet_domain::ThreeDReturn;
/// let back = ThreeDReturn::from_form(b"session_id=js_EAAAA3ds%2Babc&token_id=FF349CFA-1B2C")?;
/// assert_eq!(back.session_id(), "js_EAAAA3ds+abc");
/// assert_eq!(back.token_id(), "FF349CFA-1B2C");
/// assert!(ThreeDReturn::from_form(b"token_id=x").is_err());
/// # Ok::<(), paynet_domain::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThreeDReturn {
    session_id: String,
    token_id: String,
    message: Option<String>,
}

impl ThreeDReturn {
    /// Reads the posted form body. Refused without `session_id` or `token_id`, or with either
    /// blank or not a single printable line.
    pub fn from_form(body: &[u8]) -> Result<Self, Error> {
        let mut session_id = None;
        let mut token_id = None;
        let mut message = None;
        for (key, value) in url::form_urlencoded::parse(body) {
            match key.as_ref() {
                "session_id" => session_id = Some(value.into_owned()),
                "token_id" => token_id = Some(value.into_owned()),
                "message" | "paynet_error_message" => {
                    message = Some(value.into_owned()).filter(|m| !m.trim().is_empty());
                }
                _ => {}
            }
        }
        let field = |name: &'static str, v: Option<String>| -> Result<String, Error> {
            identifier(
                name,
                v.ok_or_else(|| Error::invalid(name, "was not posted back"))?,
            )
        };
        Ok(Self {
            session_id: field("session_id", session_id)?,
            token_id: field("token_id", token_id)?,
            message,
        })
    }

    getters! {
        /// The 3-D session.
        session_id -> &str => borrow session_id;
        /// The payment's token.
        token_id -> &str => borrow token_id;
        /// A message the page posted too (some banks' pages send one on failure), if any. Only a
        /// hint: [`Complete3dRequest`]'s answer is the outcome.
        message -> Option<&str> => as_deref message;
    }
}

/// Finishes a 3-D Secure payment (`complete_3d`: `POST /v2/transaction/tds_charge`, under the
/// secret key): charges it (or pre-authorises it) with the `session_id` and `token_id` the bank's
/// page posted back. Moves money. The same pair sent again after a success is answered with that
/// transaction and result code 100.
///
/// Give the order's `reference_no` (the one the 3-D payment started with): if the answer is lost,
/// the SDK looks the payment up by it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Complete3dRequest {
    pub(crate) session_id: String,
    pub(crate) token_id: String,
    pub(crate) reference_no: Option<String>,
    pub(crate) kind: Option<PaymentKind>,
}

impl Complete3dRequest {
    /// Finishes the payment the bank's page posted back.
    pub fn new(back: &ThreeDReturn) -> Self {
        Self {
            session_id: back.session_id.clone(),
            token_id: back.token_id.clone(),
            reference_no: None,
            kind: None,
        }
    }

    /// Finishes the payment with this `session_id` and `token_id` (e.g. kept from
    /// [`crate::ThreeDSession`]).
    pub fn from_ids(
        session_id: impl Into<String>,
        token_id: impl Into<String>,
    ) -> Result<Self, Error> {
        Ok(Self {
            session_id: identifier("session_id", session_id.into())?,
            token_id: identifier("token_id", token_id.into())?,
            reference_no: None,
            kind: None,
        })
    }

    /// The order's `reference_no`, to look the payment up if the answer is lost.
    pub fn reference_no(mut self, reference: impl Into<String>) -> Result<Self, Error> {
        self.reference_no = Some(identifier("reference_no", reference.into())?);
        Ok(self)
    }

    setters! {
        /// Sale or pre-authorisation, when it must differ from the start's.
        kind(kind: PaymentKind) => some kind;
    }

    /// The 3-D session.
    pub fn session_id(&self) -> &str {
        &self.session_id
    }
}

/// What the charge of a payment started by Paynet's JS form sends as `amount`: it must equal what
/// the form was given, and Paynet's pages disagree on the form (reference §3.4), so the caller
/// says which.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChargeAmount {
    /// Kuruş digits (`"1000"` for 10.00 TL): the ready-made form's `data-amount` (×100), and the
    /// custom form's ×100 on Paynet's older page.
    Kurus(Amount),
    /// TL with a comma (`"10,00"`), as the current custom-form page says ("Ödeme tutarı ne ise
    /// onu göndermelisiniz").
    Lira(Amount),
}

impl ChargeAmount {
    /// The amount.
    pub fn amount(self) -> Amount {
        match self {
            ChargeAmount::Kurus(a) | ChargeAmount::Lira(a) => a,
        }
    }

    pub(crate) fn wire(self) -> String {
        match self {
            ChargeAmount::Kurus(a) => a.to_kurus_string(),
            ChargeAmount::Lira(a) => a.to_comma_string(),
        }
    }
}

/// Finishes a payment that Paynet's JS form started (`charge`: `POST /v1/transaction/charge`,
/// under the secret key), with the `session_id` and `token_id` the form attached to the
/// merchant's form. Moves money; nothing is taken from the card without it.
///
/// ```
/// use paynet_domain::{ChargeAmount, ChargeRequest};
/// let charge = ChargeRequest::builder("js_1", "tok_1", ChargeAmount::Kurus("10.00".parse()?))
///     .reference_no("ORDER-1002")
///     .build()?;
/// assert_eq!(charge.reference_no(), Some("ORDER-1002"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChargeRequest {
    pub(crate) session_id: String,
    pub(crate) token_id: String,
    pub(crate) amount: ChargeAmount,
    pub(crate) kind: PaymentKind,
    pub(crate) add_commission_amount: bool,
    pub(crate) ratio_code: String,
    pub(crate) reference_no: Option<String>,
}

/// Builds a [`ChargeRequest`]; [`ChargeBuilder::build`] checks every field.
#[derive(Clone, Debug)]
#[must_use]
pub struct ChargeBuilder {
    request: ChargeRequest,
}

impl ChargeRequest {
    /// A charge of the form's payment `session_id` / `token_id`, for `amount` as the form was
    /// given it.
    pub fn builder(
        session_id: impl Into<String>,
        token_id: impl Into<String>,
        amount: ChargeAmount,
    ) -> ChargeBuilder {
        ChargeBuilder {
            request: ChargeRequest {
                session_id: session_id.into(),
                token_id: token_id.into(),
                amount,
                kind: PaymentKind::Sale,
                add_commission_amount: false,
                ratio_code: String::new(),
                reference_no: None,
            },
        }
    }

    getters! {
        /// The reference number, if given.
        reference_no -> Option<&str> => as_deref reference_no;
        /// The amount.
        amount -> ChargeAmount => copy amount;
    }
}

impl ChargeBuilder {
    /// A pre-authorisation (`transaction_type` 3) instead of a sale.
    pub fn pre_authorisation(mut self) -> Self {
        self.request.kind = PaymentKind::PreAuthorisation;
        self
    }

    setters! {
        /// Must equal the form's `data-add_comission_amount`.
        add_commission_amount(add: bool) => set request.add_commission_amount;
        /// Must equal the form's `data-ratio_code` (empty when the form has none).
        ratio_code(code: impl Into<String>) => set request.ratio_code;
        /// A unique reference number: if the answer is lost, the SDK looks the payment up by it.
        reference_no(reference: impl Into<String>) => some request.reference_no;
    }

    /// Checks every field.
    pub fn build(self) -> Result<ChargeRequest, Error> {
        let mut r = self.request;
        r.session_id = identifier("session_id", r.session_id)?;
        r.token_id = identifier("token_id", r.token_id)?;
        if !r.ratio_code.is_empty() {
            r.ratio_code = identifier("ratio_code", r.ratio_code)?;
        }
        r.reference_no = identifier_opt("reference_no", r.reference_no)?;
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::card::{Card, CardHash};

    use crate::error::invalid_field as field;

    fn card() -> Card {
        Card::new("4355084355084358", "12/30", "123", "AYSE YILMAZ").unwrap()
    }

    #[test]
    fn payments_are_checked_when_built() {
        let amount = "10".parse().unwrap();
        let b = || PaymentRequest::builder(amount, "ORDER-1", card());
        b().build().unwrap();
        assert_eq!(
            field(
                PaymentRequest::builder(amount, "", card())
                    .build()
                    .unwrap_err()
            ),
            "reference_no"
        );
        assert_eq!(
            field(
                PaymentRequest::builder(amount, "x".repeat(51), card())
                    .build()
                    .unwrap_err()
            ),
            "reference_no"
        );
        assert_eq!(
            field(b().domain("https://acme.com").build().unwrap_err()),
            "domain"
        );
        assert_eq!(
            field(b().domain("acme.com:443").build().unwrap_err()),
            "domain"
        );
        assert_eq!(
            b().domain("WWW.Acme.com").build().unwrap().domain(),
            Some("www.acme.com")
        );
        assert_eq!(field(b().instalment(40).build().unwrap_err()), "instalment");
        assert_eq!(
            field(b().card_holder_mail("x").build().unwrap_err()),
            "card_holder_mail"
        );
        assert_eq!(
            field(b().description("x".repeat(141)).build().unwrap_err()),
            "description"
        );
        let stored = PaymentRequest::builder(amount, "O-2", CardHash::new("ch_1").unwrap())
            .pre_authorisation()
            .build()
            .unwrap();
        assert_eq!(stored.kind().code(), 3);
    }

    #[test]
    fn stored_cards_and_saving_while_paying() {
        use crate::stored_cards::{CardOwner, SaveCardOptions};
        let amount = "10".parse().unwrap();
        let hash = || CardHash::new("0c6a2f8e-3b1d").unwrap();
        let stored = PaymentRequest::builder(amount, "O-3", hash())
            .card_owner_id("f4dabd79")
            .build()
            .unwrap();
        assert_eq!(stored.card_owner_id(), Some("f4dabd79"));
        assert_eq!(
            field(
                PaymentRequest::builder(amount, "O-3", hash())
                    .card_owner_id("a b")
                    .build()
                    .unwrap_err()
            ),
            "card_owner_id"
        );
        let first = SaveCardOptions::new(CardOwner::new_customer("u-1").unwrap(), "Kart").unwrap();
        let later = SaveCardOptions::new(CardOwner::known("o-1").unwrap(), "Kart").unwrap();
        let p = PaymentRequest::builder(amount, "O-4", card())
            .save_card(later.clone())
            .build()
            .unwrap();
        assert_eq!(p.card_owner_id(), Some("o-1"));
        PaymentRequest::builder(amount, "O-4", card())
            .card_owner_id("o-1")
            .save_card(later)
            .build()
            .unwrap();
        // A first save names the customer by user_unique_id only.
        assert_eq!(
            field(
                PaymentRequest::builder(amount, "O-4", card())
                    .card_owner_id("o-1")
                    .save_card(first.clone())
                    .build()
                    .unwrap_err()
            ),
            "card_owner_id"
        );
        // A stored card is stored already.
        assert_eq!(
            field(
                PaymentRequest::builder(amount, "O-4", hash())
                    .save_card(first)
                    .build()
                    .unwrap_err()
            ),
            "save_card"
        );
        // Card data without its CVC does not pay.
        let no_cvc = Card::without_cvc("4355084355084358", "12/30", "A").unwrap();
        assert_eq!(
            field(
                PaymentRequest::builder(amount, "O-5", no_cvc)
                    .build()
                    .unwrap_err()
            ),
            "cvc"
        );
    }

    #[test]
    fn the_3d_return_url_must_be_https_and_gives_the_domain() {
        let p = || {
            PaymentRequest::builder("1".parse().unwrap(), "O-1", card())
                .build()
                .unwrap()
        };
        let s = Start3dRequest::new(p(), "https://Shop.Example:8443/back?o=1").unwrap();
        assert_eq!(s.domain(), Some("shop.example"));
        let s = Start3dRequest::new(p(), "http://127.0.0.1:9000/back").unwrap();
        assert_eq!(
            s.domain(),
            None,
            "an IP address is no domain: the client's is used"
        );
        assert_eq!(
            field(Start3dRequest::new(p(), "http://shop.example/back").unwrap_err()),
            "return_url"
        );
        assert_eq!(
            field(Start3dRequest::new(p(), "/back").unwrap_err()),
            "return_url"
        );
        let mut with = PaymentRequest::builder("1".parse().unwrap(), "O-1", card())
            .domain("acme.com")
            .build()
            .unwrap();
        with = Start3dRequest::new(with, "https://other.example/x")
            .unwrap()
            .payment;
        assert_eq!(with.domain(), Some("acme.com"));
    }

    #[test]
    fn what_the_bank_page_posts_back() {
        let back = ThreeDReturn::from_form(b"token_id=t%2F1&session_id=s+1&x=y&message=").unwrap();
        assert_eq!(
            (back.session_id(), back.token_id(), back.message()),
            ("s 1", "t/1", None)
        );
        assert_eq!(
            field(ThreeDReturn::from_form(b"session_id=s").unwrap_err()),
            "token_id"
        );
        assert_eq!(
            field(ThreeDReturn::from_form(b"session_id=&token_id=t").unwrap_err()),
            "session_id"
        );
        let done = Complete3dRequest::new(&back).reference_no("O-1").unwrap();
        assert_eq!(done.session_id(), "s 1");
    }

    #[test]
    fn charge_amounts_say_their_form() {
        let a: Amount = "100.55".parse().unwrap();
        assert_eq!(ChargeAmount::Kurus(a).wire(), "10055");
        assert_eq!(ChargeAmount::Lira(a).wire(), "100,55");
        assert_eq!(
            field(
                ChargeRequest::builder("", "t", ChargeAmount::Kurus(a))
                    .build()
                    .unwrap_err()
            ),
            "session_id"
        );
    }
}
