//! Requests that cannot break Paynet's rules: a capture always names its transaction, a sale
//! always has an amount, and every field is checked before anything is sent.

use std::fmt;

use crate::error::Error;
use crate::money::Amount;
use crate::secret::SessionKey;

/// Which transaction a capture (or query) is about.
///
/// Paynet requires at least one of `xact_id`, `xact` and `reference_no`; a `TransactionRef` is
/// exactly one of them, checked when it was made (its constructors are the only way to make one).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TransactionRef(Ref);

#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) enum Ref {
    /// The transaction's encrypted id, `xact_id` (e.g. `xk_EAAAANFhOW7...*W3uISj`).
    XactId(String),
    /// The transaction's plain id, `xact`.
    Xact(String),
    /// The merchant's reference number for the transaction, `reference_no`.
    ReferenceNo(String),
}

impl TransactionRef {
    /// By encrypted id (`xact_id`). Refused when empty or not a single-line printable string.
    pub fn xact_id(id: impl Into<String>) -> Result<Self, Error> {
        Ok(Self(Ref::XactId(identifier("xact_id", id.into())?)))
    }

    /// By plain id (`xact`).
    pub fn xact(id: impl Into<String>) -> Result<Self, Error> {
        Ok(Self(Ref::Xact(identifier("xact", id.into())?)))
    }

    /// By reference number (`reference_no`).
    pub fn reference_no(reference: impl Into<String>) -> Result<Self, Error> {
        Ok(Self(Ref::ReferenceNo(identifier(
            "reference_no",
            reference.into(),
        )?)))
    }

    /// Paynet's field name for this reference (`xact_id`, `xact` or `reference_no`).
    pub fn field(&self) -> &'static str {
        match &self.0 {
            Ref::XactId(_) => "xact_id",
            Ref::Xact(_) => "xact",
            Ref::ReferenceNo(_) => "reference_no",
        }
    }

    /// The identifier's value.
    pub fn value(&self) -> &str {
        match &self.0 {
            Ref::XactId(v) | Ref::Xact(v) | Ref::ReferenceNo(v) => v,
        }
    }

    /// The encrypted id, when this is one.
    pub fn as_xact_id(&self) -> Option<&str> {
        match &self.0 {
            Ref::XactId(v) => Some(v),
            _ => None,
        }
    }

    /// The reference number, when this is one.
    pub fn as_reference_no(&self) -> Option<&str> {
        match &self.0 {
            Ref::ReferenceNo(v) => Some(v),
            _ => None,
        }
    }

    pub(crate) fn kind(&self) -> &Ref {
        &self.0
    }
}

impl fmt::Display for TransactionRef {
    /// `reference_no=ORDER-1`: what a person needs to find the transaction again.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.field(), self.value())
    }
}

impl fmt::Debug for TransactionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TransactionRef({self})")
    }
}

/// Longest identifier or free-text field accepted; Paynet documents no limit, this is a sanity
/// bound against sending a mistaken megabyte.
pub const MAX_TEXT_LEN: usize = 256;

/// True for a loopback host (`127.0.0.0/8`, `::1`, `localhost`): the only hosts a URL may name
/// with plain `http` (development against a local server or the simulator).
pub fn is_loopback(host: Option<url::Host<&str>>) -> bool {
    match host {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// An absolute `https` URL (`http` only on a loopback host), or the error that names `field`.
pub(crate) fn https_url(field: &'static str, text: &str) -> Result<url::Url, Error> {
    let url = url::Url::parse(text)
        .map_err(|e| Error::invalid(field, format!("{text:?} is not an absolute URL ({e})")))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(url.host()) => Ok(url),
        other => Err(Error::invalid(
            field,
            format!("the scheme is {other:?}: use https (http only on a loopback host)"),
        )),
    }
}

pub(crate) fn identifier(field: &'static str, value: String) -> Result<String, Error> {
    if value.is_empty() {
        return Err(Error::invalid(field, "is empty"));
    }
    if value.trim() != value {
        return Err(Error::invalid(field, "has leading or trailing spaces"));
    }
    text(field, value)
}

fn text(field: &'static str, value: String) -> Result<String, Error> {
    if value.chars().count() > MAX_TEXT_LEN {
        return Err(Error::invalid(
            field,
            format!("is longer than {MAX_TEXT_LEN} characters"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(field, "contains a control character"));
    }
    Ok(value)
}

/// A capture of a pre-authorisation (Paynet's "Finansallaştırma", `POST /v1/transaction/capture`).
///
/// ```
/// use paynet_domain::{Amount, CaptureRequest, TransactionRef};
///
/// // Capture 10.50 TL of the pre-authorisation made with reference ORDER-1.
/// let partial = CaptureRequest::partial(TransactionRef::reference_no("ORDER-1")?, "10.50".parse()?);
/// // Capture whatever remains of it.
/// let full = CaptureRequest::full(TransactionRef::xact_id("xk_EAAAANFhOW7*W3uISj")?);
/// assert_eq!(partial.amount().map(|a| a.to_kurus_string()).as_deref(), Some("1050"));
/// assert!(full.amount().is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaptureRequest {
    pub(crate) reference: TransactionRef,
    pub(crate) amount: Option<Amount>,
}

impl CaptureRequest {
    /// Captures the whole pre-authorised amount (Paynet: `amount` absent).
    pub fn full(reference: TransactionRef) -> Self {
        Self {
            reference,
            amount: None,
        }
    }

    /// Captures `amount` of the pre-authorisation (sent in kuruş: 10.50 TL as `"1050"`).
    pub fn partial(reference: TransactionRef, amount: Amount) -> Self {
        Self {
            reference,
            amount: Some(amount),
        }
    }

    /// The amount to capture; `None` means the whole pre-authorisation.
    pub fn amount(&self) -> Option<Amount> {
        self.amount
    }

    /// The transaction to capture (`reference()` in earlier versions).
    pub fn transaction(&self) -> &TransactionRef {
        &self.reference
    }
}

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

    /// The amount to charge.
    pub fn amount(&self) -> Amount {
        self.amount
    }

    /// The instalment count, if set (0 or absent: a single payment).
    pub fn instalment(&self) -> Option<u8> {
        self.instalment
    }

    /// The merchant's reference number, if set.
    pub fn reference_no(&self) -> Option<&str> {
        self.reference_no.as_deref()
    }
}

/// Builds an [`InitSaleRequest`]; [`InitSaleBuilder::build`] checks every field.
#[derive(Clone, Debug)]
pub struct InitSaleBuilder {
    request: InitSaleRequest,
    unchecked: Vec<(&'static str, String)>,
}

/// The most instalments accepted. Paynet documents 0 (single), 3, 6 and 9, and other counts are
/// seen; a Turkish card instalment plan never exceeds 36.
pub const MAX_INSTALMENT: u8 = 36;

impl InitSaleBuilder {
    /// Instalment count (`instalment`); 0 or 1 is a single payment.
    pub fn instalment(mut self, count: u8) -> Self {
        self.request.instalment = Some(count);
        self
    }

    /// Whether Paynet adds its commission on top of the amount (`add_commission`).
    pub fn add_commission(mut self, add: bool) -> Self {
        self.request.add_commission = Some(add);
        self
    }

    /// The merchant's reference number (`reference_no`). Paynet answers a repeated reference
    /// number of a successful transaction with result code 100 and that earlier transaction.
    pub fn reference_no(mut self, reference: impl Into<String>) -> Self {
        self.unchecked.push(("reference_no", reference.into()));
        self
    }

    /// A description of the sale (`description`).
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.unchecked.push(("description", text.into()));
        self
    }

    /// The card holder's phone (`card_holder_phone`): digits, spaces, `+`, `-` and parentheses.
    pub fn card_holder_phone(mut self, phone: impl Into<String>) -> Self {
        self.unchecked.push(("card_holder_phone", phone.into()));
        self
    }

    /// The card holder's e-mail (`card_holder_mail`): must look like `name@domain`.
    pub fn card_holder_mail(mut self, mail: impl Into<String>) -> Self {
        self.unchecked.push(("card_holder_mail", mail.into()));
        self
    }

    /// The agent (bayi) the sale is made for (`selected_agent_id`).
    pub fn selected_agent_id(mut self, agent: impl Into<String>) -> Self {
        self.unchecked.push(("selected_agent_id", agent.into()));
        self
    }

    /// Where PayPOS sends the user back (`callback_url`): an absolute URL, usually the
    /// merchant app's deeplink (`myshop://paypos/return`).
    pub fn callback_url(mut self, url: impl Into<String>) -> Self {
        self.unchecked.push(("callback_url", url.into()));
        self
    }

    /// Checks every field; the first problem is returned as [`Error::InvalidRequest`].
    pub fn build(self) -> Result<InitSaleRequest, Error> {
        let mut request = self.request;
        if let Some(count) = request.instalment
            && count > MAX_INSTALMENT
        {
            return Err(Error::invalid(
                "instalment",
                format!("{count} is more than {MAX_INSTALMENT}"),
            ));
        }
        for (field, value) in self.unchecked {
            let value = text(field, value)?;
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

pub(crate) fn phone(value: String) -> Result<String, Error> {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if let Some(bad) = value
        .chars()
        .find(|c| !(c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')')))
    {
        return Err(Error::invalid(
            "card_holder_phone",
            format!("contains {bad:?}; only digits, spaces, '+', '-' and parentheses are allowed"),
        ));
    }
    if !(7..=15).contains(&digits) {
        return Err(Error::invalid(
            "card_holder_phone",
            format!("has {digits} digits; a phone number has 7 to 15"),
        ));
    }
    Ok(value)
}

pub(crate) fn mail(value: String) -> Result<String, Error> {
    let ok = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !value.contains(char::is_whitespace)
        }
        None => false,
    };
    if ok {
        Ok(value)
    } else {
        Err(Error::invalid(
            "card_holder_mail",
            format!("{value:?} is not an e-mail address (name@domain)"),
        ))
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

/// Reads a payment's transactions (`check_payment`: `POST /v1/transaction/check`, under the
/// secret key): by its encrypted id or the merchant's reference number. A read, safe to repeat.
///
/// ```
/// use paynet_domain::{CheckPaymentRequest, TransactionRef};
/// let by_reference = CheckPaymentRequest::new(TransactionRef::reference_no("ORDER-1001")?)?;
/// assert_eq!(by_reference.transaction().to_string(), "reference_no=ORDER-1001");
/// // Paynet's check takes xact_id or reference_no, not the plain id.
/// assert!(CheckPaymentRequest::new(TransactionRef::xact("1000001")?).is_err());
/// # Ok::<(), paynet_domain::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckPaymentRequest {
    pub(crate) reference: TransactionRef,
}

impl CheckPaymentRequest {
    /// Checks the payment `reference` names: by `xact_id` or `reference_no`.
    pub fn new(reference: TransactionRef) -> Result<Self, Error> {
        if matches!(reference.kind(), Ref::Xact(_)) {
            return Err(Error::invalid(
                "xact",
                "the payment check takes xact_id or reference_no, not the plain id",
            ));
        }
        Ok(Self { reference })
    }

    /// The payment checked.
    pub fn transaction(&self) -> &TransactionRef {
        &self.reference
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

    /// The transaction to reverse.
    pub fn xact_id(&self) -> &str {
        &self.xact_id
    }

    /// The merchant's reference number for the reversal, if set.
    pub fn reference_no(&self) -> Option<&str> {
        self.reference_no.as_deref()
    }
}

impl InitReversalBuilder {
    /// The merchant's reference number for the reversal (`reference_no`).
    pub fn reference_no(mut self, reference: impl Into<String>) -> Self {
        self.reference_no = Some(reference.into());
        self
    }

    /// Where PayPOS sends the user back (`callback_url`): an absolute URL.
    pub fn callback_url(mut self, url: impl Into<String>) -> Self {
        self.callback_url = Some(url.into());
        self
    }

    /// Checks every field; the first problem is returned as [`Error::InvalidRequest`].
    pub fn build(self) -> Result<InitReversalRequest, Error> {
        Ok(InitReversalRequest {
            xact_id: identifier("xact_id", self.xact_id)?,
            reference_no: self
                .reference_no
                .map(|r| identifier("reference_no", r))
                .transpose()?,
            callback_url: self
                .callback_url
                .map(|u| text("callback_url", u).and_then(callback_url))
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

    /// The agent.
    pub fn agent_id(&self) -> &str {
        &self.agent_id
    }

    /// The agent's user.
    pub fn user_id(&self) -> &str {
        &self.user_id
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

    fn amount(text: &str) -> Amount {
        text.parse().unwrap()
    }

    fn field_of(e: Error) -> &'static str {
        match e {
            Error::InvalidRequest { field, .. } => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn capture_wire_forms() {
        let r = CaptureRequest::partial(TransactionRef::reference_no("R1").unwrap(), amount("10"));
        let body = String::from_utf8(crate::encode(&r).unwrap()).unwrap();
        assert_eq!(body, r#"{"amount":"1000","reference_no":"R1"}"#);

        let r = CaptureRequest::full(TransactionRef::xact_id("xk_A*b/c").unwrap());
        let body = String::from_utf8(crate::encode(&r).unwrap()).unwrap();
        assert_eq!(body, r#"{"xact_id":"xk_A*b/c"}"#);

        let r = CaptureRequest::partial(TransactionRef::xact("123").unwrap(), amount("0.01"));
        let body = String::from_utf8(crate::encode(&r).unwrap()).unwrap();
        assert_eq!(body, r#"{"amount":"1","xact":"123"}"#);
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
    fn references_are_checked() {
        assert_eq!(
            field_of(TransactionRef::xact_id("").unwrap_err()),
            "xact_id"
        );
        assert_eq!(field_of(TransactionRef::xact(" 1").unwrap_err()), "xact");
        assert_eq!(
            field_of(TransactionRef::reference_no("a\nb").unwrap_err()),
            "reference_no"
        );
        assert_eq!(
            field_of(TransactionRef::reference_no("x".repeat(300)).unwrap_err()),
            "reference_no"
        );
        assert_eq!(
            TransactionRef::reference_no("ORDER-1").unwrap().to_string(),
            "reference_no=ORDER-1"
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
