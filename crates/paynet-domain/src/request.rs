//! Requests that cannot break Paynet's rules: a capture always names its transaction, a sale
//! always has an amount, and every field is checked before anything is sent.

use std::fmt;

use paynet_api::paynet_transaction::types as tx_wire;
use paynet_api::paypos_softpos::types as softpos_wire;
use paynet_api::wire::JsonDecimal;

use crate::error::Error;
use crate::money::Amount;

/// Which transaction a capture (or query) is about.
///
/// Paynet requires at least one of `xact_id`, `xact` and `reference_no`; an enum makes "none" impossible
/// to express.
#[derive(Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransactionRef {
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
        Ok(Self::XactId(identifier("xact_id", id.into())?))
    }

    /// By plain id (`xact`).
    pub fn xact(id: impl Into<String>) -> Result<Self, Error> {
        Ok(Self::Xact(identifier("xact", id.into())?))
    }

    /// By reference number (`reference_no`).
    pub fn reference_no(reference: impl Into<String>) -> Result<Self, Error> {
        Ok(Self::ReferenceNo(identifier(
            "reference_no",
            reference.into(),
        )?))
    }

    /// Paynet's field name for this reference.
    pub fn field(&self) -> &'static str {
        match self {
            Self::XactId(_) => "xact_id",
            Self::Xact(_) => "xact",
            Self::ReferenceNo(_) => "reference_no",
        }
    }

    /// The identifier's value.
    pub fn value(&self) -> &str {
        match self {
            Self::XactId(v) | Self::Xact(v) | Self::ReferenceNo(v) => v,
        }
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

fn identifier(field: &'static str, value: String) -> Result<String, Error> {
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
    reference: TransactionRef,
    amount: Option<Amount>,
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

    /// The transaction to capture.
    pub fn reference(&self) -> &TransactionRef {
        &self.reference
    }

    /// The amount to capture; `None` means the whole pre-authorisation.
    pub fn amount(&self) -> Option<Amount> {
        self.amount
    }

    /// The generated client's request body.
    pub fn to_wire(&self) -> tx_wire::CaptureRequest {
        let mut body = tx_wire::CaptureRequest::default();
        match &self.reference {
            TransactionRef::XactId(v) => body.xact_id = Some(v.clone()),
            TransactionRef::Xact(v) => body.xact = Some(v.clone()),
            TransactionRef::ReferenceNo(v) => body.reference_no = Some(v.clone()),
        }
        body.amount = self.amount.map(|a| a.to_kurus_string());
        body
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
    amount: Amount,
    instalment: Option<u8>,
    add_commission: Option<bool>,
    reference_no: Option<String>,
    description: Option<String>,
    card_holder_phone: Option<String>,
    card_holder_mail: Option<String>,
    selected_agent_id: Option<String>,
    callback_url: Option<String>,
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

    /// The generated client's request body.
    pub fn to_wire(&self) -> softpos_wire::InitSaleRequest {
        softpos_wire::InitSaleRequest {
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

fn phone(value: String) -> Result<String, Error> {
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

fn mail(value: String) -> Result<String, Error> {
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

/// Starts cancelling or refunding a PayPOS transaction
/// (`POST /v1/softpos/init_reversal_transaction`).
///
/// ```
/// use paynet_domain::ReversalRequest;
/// let reversal = ReversalRequest::new("xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oKyavBUO0Rbe7WKYXG")?
///     .reference_no("REFUND-1")?
///     .callback_url("myshop://paypos/return")?;
/// assert_eq!(reversal.xact_id(), "xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oKyavBUO0Rbe7WKYXG");
/// # Ok::<(), paynet_domain::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReversalRequest {
    xact_id: String,
    reference_no: Option<String>,
    callback_url: Option<String>,
}

impl ReversalRequest {
    /// Reverses the transaction with this encrypted id (`xact_id`).
    pub fn new(xact_id: impl Into<String>) -> Result<Self, Error> {
        Ok(Self {
            xact_id: identifier("xact_id", xact_id.into())?,
            reference_no: None,
            callback_url: None,
        })
    }

    /// The merchant's reference number for the reversal.
    pub fn reference_no(mut self, reference: impl Into<String>) -> Result<Self, Error> {
        self.reference_no = Some(identifier("reference_no", reference.into())?);
        Ok(self)
    }

    /// Where PayPOS sends the user back: an absolute URL.
    pub fn callback_url(mut self, url: impl Into<String>) -> Result<Self, Error> {
        self.callback_url = Some(callback_url(text("callback_url", url.into())?)?);
        Ok(self)
    }

    /// The transaction to reverse.
    pub fn xact_id(&self) -> &str {
        &self.xact_id
    }

    /// The generated client's request body.
    pub fn to_wire(&self) -> paynet_api::paypos_app2app::types::InitReversalRequest {
        paynet_api::paypos_app2app::types::InitReversalRequest {
            xact_id: self.xact_id.clone(),
            reference_no: self.reference_no.clone(),
            callback_url: self.callback_url.clone(),
        }
    }
}

/// Checks an identifier argument (agent id, user id, payment session id...).
pub(crate) fn check_identifier(field: &'static str, value: &str) -> Result<(), Error> {
    identifier(field, value.to_owned()).map(drop)
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
        let body = serde_json::to_string(&r.to_wire()).unwrap();
        assert_eq!(body, r#"{"amount":"1000","reference_no":"R1"}"#);

        let r = CaptureRequest::full(TransactionRef::xact_id("xk_A*b/c").unwrap());
        let body = serde_json::to_string(&r.to_wire()).unwrap();
        assert_eq!(body, r#"{"xact_id":"xk_A*b/c"}"#);

        let r = CaptureRequest::partial(TransactionRef::xact("123").unwrap(), amount("0.01"));
        let body = serde_json::to_string(&r.to_wire()).unwrap();
        assert_eq!(body, r#"{"amount":"1","xact":"123"}"#);
    }

    #[test]
    fn reversal_wire_form() {
        let r = ReversalRequest::new("xk_1")
            .unwrap()
            .reference_no("R-9")
            .unwrap();
        assert_eq!(
            serde_json::to_string(&r.to_wire()).unwrap(),
            r#"{"reference_no":"R-9","xact_id":"xk_1"}"#
        );
        assert_eq!(field_of(ReversalRequest::new("").unwrap_err()), "xact_id");
        let e = ReversalRequest::new("x")
            .unwrap()
            .callback_url("nope")
            .unwrap_err();
        assert_eq!(field_of(e), "callback_url");
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
            serde_json::to_string(&r.to_wire()).unwrap(),
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
            serde_json::to_string(&r.to_wire()).unwrap(),
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
