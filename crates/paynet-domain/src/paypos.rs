//! PayPOS (SoftPOS) requests: a sale or a reversal started on the phone ([`InitSaleRequest`],
//! [`InitReversalRequest`]), the agent's mobile session ([`OpenSessionRequest`],
//! [`CloseSessionRequest`]) and the sale's check ([`CheckSaleRequest`]).

use crate::error::Error;
use crate::money::Amount;
use crate::secret::SessionKey;
use crate::validate::{free_text, identifier, identifier_opt, instalment, mail, phone};

/// Starts a PayPOS SoftPOS sale (`POST /v1/softpos/init_sale_transaction`).
///
/// Build it with [`InitSaleRequest::builder`]; every optional field has a setter, so a field added
/// later breaks no caller. The amount is in TL and sent as an exact JSON number (`149.90`): Paynet
/// does not say whether this endpoint's `amount` is TL or kuruş; every other JSON-number amount of
/// Paynet's is TL, and so is this one here.
///
/// ```
/// use paynet_domain::InitSaleRequest;
///
/// let sale = InitSaleRequest::builder("149.90".parse()?)
///     .instalment(3)
///     .reference_no("ORDER-1")
///     .card_holder_mail("ayse@example.com")
///     .callback_url("myshop://paypos/return")
///     .build()?;
/// assert_eq!(sale.amount().to_string(), "149.90 TRY");
///
/// let bad = InitSaleRequest::builder("149.90".parse()?).card_holder_mail("not-an-email").build();
/// assert!(bad.is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitSaleRequest {
    pub(crate) amount: Amount,
    pub(crate) instalment: Option<u8>,
    pub(crate) add_commission: Option<bool>,
    pub(crate) reference_no: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) card_holder_phone: Option<String>,
    pub(crate) card_holder_mail: Option<String>,
    pub(crate) selected_agent_id: Option<String>,
    pub(crate) callback_url: Option<String>,
}

impl InitSaleRequest {
    /// Starts building a sale of `amount`.
    pub fn builder(amount: Amount) -> InitSaleBuilder {
        InitSaleBuilder {
            request: InitSaleRequest {
                amount,
                instalment: None,
                add_commission: None,
                reference_no: None,
                description: None,
                card_holder_phone: None,
                card_holder_mail: None,
                selected_agent_id: None,
                callback_url: None,
            },
            unchecked: Vec::new(),
        }
    }

    getters! {
        /// The amount to charge.
        amount -> Amount => copy amount;
        /// The instalment count, if set (0 or absent: a single payment).
        instalment -> Option<u8> => copy instalment;
        /// The merchant's reference number, if set.
        reference_no -> Option<&str> => as_deref reference_no;
    }
}

/// Builds an [`InitSaleRequest`]; [`InitSaleBuilder::build`] checks every field.
#[derive(Clone, Debug)]
pub struct InitSaleBuilder {
    request: InitSaleRequest,
    unchecked: Vec<(&'static str, String)>,
}

impl InitSaleBuilder {
    setters! {
        /// Instalment count (`instalment`); 0 or 1 is a single payment.
        instalment(count: u8) => some request.instalment;
        /// Whether Paynet adds its commission on top of the amount (`add_commission`).
        add_commission(add: bool) => some request.add_commission;
        /// The merchant's reference number (`reference_no`). Paynet answers a repeated reference
        /// number of a successful transaction with result code 100 and that earlier transaction.
        reference_no(reference: impl Into<String>) => push unchecked;
        /// A description of the sale (`description`).
        description(text: impl Into<String>) => push unchecked;
        /// The card holder's phone (`card_holder_phone`): digits, spaces, `+`, `-` and parentheses.
        card_holder_phone(phone: impl Into<String>) => push unchecked;
        /// The card holder's e-mail (`card_holder_mail`): must look like `name@domain`.
        card_holder_mail(mail: impl Into<String>) => push unchecked;
        /// The agent (bayi) the sale is made for (`selected_agent_id`).
        selected_agent_id(agent: impl Into<String>) => push unchecked;
        /// Where PayPOS sends the user back (`callback_url`): an absolute URL, usually the
        /// merchant app's deeplink (`myshop://paypos/return`).
        callback_url(url: impl Into<String>) => push unchecked;
    }

    /// Checks every field; the first problem is returned as [`Error::InvalidRequest`].
    pub fn build(self) -> Result<InitSaleRequest, Error> {
        let mut request = self.request;
        instalment(request.instalment)?;
        for (field, value) in self.unchecked {
            let value = free_text(field, value)?;
            match field {
                "reference_no" => request.reference_no = Some(identifier(field, value)?),
                "description" => request.description = Some(value),
                "card_holder_phone" => request.card_holder_phone = Some(phone(value)?),
                "card_holder_mail" => request.card_holder_mail = Some(mail(value)?),
                "selected_agent_id" => request.selected_agent_id = Some(identifier(field, value)?),
                "callback_url" => request.callback_url = Some(callback_url(value)?),
                _ => {}
            }
        }
        Ok(request)
    }
}

fn callback_url(value: String) -> Result<String, Error> {
    match url::Url::parse(&value) {
        Ok(_) => Ok(value),
        Err(e) => Err(Error::invalid(
            "callback_url",
            format!("{value:?} is not an absolute URL ({e})"),
        )),
    }
}

/// Starts cancelling or refunding a PayPOS transaction
/// (`init_reversal`: `POST /v1/softpos/init_reversal_transaction`).
///
/// ```
/// use paynet_domain::InitReversalRequest;
/// let reversal = InitReversalRequest::builder("xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oKyavBUO0Rbe7WKYXG")
///     .reference_no("REFUND-1")
///     .callback_url("myshop://paypos/return")
///     .build()?;
/// assert_eq!(reversal.xact_id(), "xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oKyavBUO0Rbe7WKYXG");
///
/// assert!(InitReversalRequest::builder("").build().is_err());
/// # Ok::<(), paynet_domain::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InitReversalRequest {
    pub(crate) xact_id: String,
    pub(crate) reference_no: Option<String>,
    pub(crate) callback_url: Option<String>,
}

/// Builds an [`InitReversalRequest`]; [`InitReversalBuilder::build`] checks every field.
#[derive(Clone, Debug)]
#[must_use]
pub struct InitReversalBuilder {
    xact_id: String,
    reference_no: Option<String>,
    callback_url: Option<String>,
}

impl InitReversalRequest {
    /// Starts building a reversal of the transaction with this encrypted id (`xact_id`).
    pub fn builder(xact_id: impl Into<String>) -> InitReversalBuilder {
        InitReversalBuilder {
            xact_id: xact_id.into(),
            reference_no: None,
            callback_url: None,
        }
    }

    getters! {
        /// The transaction to reverse.
        xact_id -> &str => borrow xact_id;
        /// The merchant's reference number for the reversal, if set.
        reference_no -> Option<&str> => as_deref reference_no;
    }
}

impl InitReversalBuilder {
    setters! {
        /// The merchant's reference number for the reversal (`reference_no`).
        reference_no(reference: impl Into<String>) => some reference_no;
        /// Where PayPOS sends the user back (`callback_url`): an absolute URL.
        callback_url(url: impl Into<String>) => some callback_url;
    }

    /// Checks every field; the first problem is returned as [`Error::InvalidRequest`].
    pub fn build(self) -> Result<InitReversalRequest, Error> {
        Ok(InitReversalRequest {
            xact_id: identifier("xact_id", self.xact_id)?,
            reference_no: identifier_opt("reference_no", self.reference_no)?,
            callback_url: self
                .callback_url
                .map(|u| free_text("callback_url", u).and_then(callback_url))
                .transpose()?,
        })
    }
}

/// Opens a PayPOS mobile session for an agent's user (`open_session`:
/// `POST /v1/agent/get_auth_key`, under the secret key).
///
/// ```
/// use paynet_domain::OpenSessionRequest;
/// let request = OpenSessionRequest::new("20005", "cashier-1")?;
/// assert_eq!(request.agent_id(), "20005");
/// assert!(OpenSessionRequest::new("20005", " ").is_err());
/// # Ok::<(), paynet_domain::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenSessionRequest {
    pub(crate) agent_id: String,
    pub(crate) user_id: String,
}

impl OpenSessionRequest {
    /// A session for `user_id` of the agent (bayi) `agent_id` (its Paynet account code).
    pub fn new(agent_id: impl Into<String>, user_id: impl Into<String>) -> Result<Self, Error> {
        Ok(Self {
            agent_id: identifier("agent_id", agent_id.into())?,
            user_id: identifier("user_id", user_id.into())?,
        })
    }

    getters! {
        /// The agent.
        agent_id -> &str => borrow agent_id;
        /// The agent's user.
        user_id -> &str => borrow user_id;
    }
}

/// Ends a PayPOS mobile session (`close_session`: `POST /v1/agent/logout`, under the secret key).
/// Its `Debug` never shows the session key.
///
/// ```
/// use paynet_domain::{CloseSessionRequest, SessionKey};
/// let request = CloseSessionRequest::new(SessionKey::new("ssk_0123456789")?);
/// assert_eq!(format!("{request:?}"), "CloseSessionRequest { session_key: SessionKey([redacted]) }");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct CloseSessionRequest {
    pub(crate) session_key: SessionKey,
}

impl CloseSessionRequest {
    /// Ends the session of `session_key`.
    pub fn new(session_key: SessionKey) -> Self {
        Self { session_key }
    }

    /// The session to end.
    pub fn session_key(&self) -> &SessionKey {
        &self.session_key
    }
}

/// Reads what happened to a PayPOS sale (or reversal) by its payment session id (`check_sale`:
/// `POST /v1/softpos/check_transaction`, under a session key).
///
/// ```
/// use paynet_domain::CheckSaleRequest;
/// let request = CheckSaleRequest::new("ps_9f8e7d6c5b4a")?;
/// assert_eq!(request.payment_session_id(), "ps_9f8e7d6c5b4a");
/// assert!(CheckSaleRequest::new("").is_err());
/// # Ok::<(), paynet_domain::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckSaleRequest {
    pub(crate) payment_session_id: String,
}

impl CheckSaleRequest {
    /// Checks the payment session `payment_session_id` (from init_sale or init_reversal).
    pub fn new(payment_session_id: impl Into<String>) -> Result<Self, Error> {
        Ok(Self {
            payment_session_id: identifier("payment_session_id", payment_session_id.into())?,
        })
    }

    /// The payment session checked.
    pub fn payment_session_id(&self) -> &str {
        &self.payment_session_id
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::error::invalid_field as field_of;
    fn amount(text: &str) -> Amount {
        text.parse().unwrap()
    }

    #[test]
    fn reversal_wire_form() {
        let r = InitReversalRequest::builder("xk_1")
            .reference_no("R-9")
            .build()
            .unwrap();
        assert_eq!(
            String::from_utf8(crate::encode(&r).unwrap()).unwrap(),
            r#"{"reference_no":"R-9","xact_id":"xk_1"}"#
        );
        assert_eq!(
            field_of(InitReversalRequest::builder("").build().unwrap_err()),
            "xact_id"
        );
        let e = InitReversalRequest::builder("x")
            .callback_url("nope")
            .build()
            .unwrap_err();
        assert_eq!(field_of(e), "callback_url");
        let e = InitReversalRequest::builder("x")
            .reference_no(" R")
            .build()
            .unwrap_err();
        assert_eq!(field_of(e), "reference_no");
    }

    #[test]
    fn session_and_check_requests() {
        let r = OpenSessionRequest::new("20005", "u1").unwrap();
        assert_eq!(
            String::from_utf8(crate::encode(&r).unwrap()).unwrap(),
            r#"{"agent_id":"20005","user_id":"u1"}"#
        );
        assert_eq!(
            field_of(OpenSessionRequest::new("", "u1").unwrap_err()),
            "agent_id"
        );
        assert_eq!(
            field_of(OpenSessionRequest::new("a", "u\n1").unwrap_err()),
            "user_id"
        );
        let r = CloseSessionRequest::new(SessionKey::new("ssk_1").unwrap());
        assert_eq!(
            String::from_utf8(crate::encode(&r).unwrap()).unwrap(),
            r#"{"session_key":"ssk_1"}"#
        );
        let r = CheckSaleRequest::new("ps_1").unwrap();
        assert_eq!(
            String::from_utf8(crate::encode(&r).unwrap()).unwrap(),
            r#"{"payment_session_id":"ps_1"}"#
        );
    }

    #[test]
    fn init_sale_wire_form_is_exact_and_sparse() {
        let r = InitSaleRequest::builder(amount("149.90")).build().unwrap();
        assert_eq!(
            String::from_utf8(crate::encode(&r).unwrap()).unwrap(),
            r#"{"amount":149.90}"#
        );
        let r = InitSaleRequest::builder(amount("10"))
            .instalment(3)
            .add_commission(true)
            .reference_no("R-1")
            .callback_url("myshop://paypos/return")
            .build()
            .unwrap();
        assert_eq!(
            String::from_utf8(crate::encode(&r).unwrap()).unwrap(),
            r#"{"add_commission":true,"amount":10.00,"callback_url":"myshop://paypos/return","instalment":3,"reference_no":"R-1"}"#
        );
    }

    #[test]
    fn init_sale_fields_are_checked() {
        let b = || InitSaleRequest::builder(amount("1"));
        for bad in ["no-at", "a@", "@b.com", "a b@c.com", "a@b", "a@@b.com"] {
            let e = b().card_holder_mail(bad).build().unwrap_err();
            assert_eq!(field_of(e), "card_holder_mail", "{bad}");
        }
        b().card_holder_mail("ayse.yilmaz@example.com.tr")
            .build()
            .unwrap();
        for bad in ["0532 ABC 1234", "123", "+90 532 123 45 67 89 00 11"] {
            let e = b().card_holder_phone(bad).build().unwrap_err();
            assert_eq!(field_of(e), "card_holder_phone", "{bad}");
        }
        b().card_holder_phone("+90 (532) 123-45-67")
            .build()
            .unwrap();
        for bad in ["/relative/path", "not a url", ""] {
            let e = b().callback_url(bad).build().unwrap_err();
            assert_eq!(field_of(e), "callback_url", "{bad}");
        }
        b().callback_url("https://shop.example/return?x=1")
            .build()
            .unwrap();
        assert_eq!(
            field_of(b().instalment(37).build().unwrap_err()),
            "instalment"
        );
        assert_eq!(
            field_of(b().reference_no("").build().unwrap_err()),
            "reference_no"
        );
        assert_eq!(
            field_of(b().description("a\u{0}b").build().unwrap_err()),
            "description"
        );
    }
}
