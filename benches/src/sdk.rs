//! The SDK side: the facade client built as a user builds it (default settings: retry policy,
//! timeouts, user agent, body limit), and its requests.

use paynet::{
    Amount, CaptureOutcome, CaptureRequest, Client, InitSaleRequest, PayPos, SaleSession,
    SecretKey, SessionKey, TransactionRef,
};

use crate::{CALLBACK_URL, CAPTURE_AMOUNT, REFERENCE_NO, SALE_AMOUNT, SECRET_KEY, SESSION_KEY};

/// The facade client and its PayPOS handle, both talking to `base_url`.
#[derive(Clone, Debug)]
pub struct Sdk {
    /// The client (secret-key calls).
    pub client: Client,
    /// The PayPOS handle (session-key calls).
    pub paypos: PayPos,
}

impl Sdk {
    /// `Client::builder().base_url(..).secret_key(..).build()` and `client.paypos(..)`.
    pub fn new(base_url: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let client = Client::builder()
            .base_url(base_url)
            .secret_key(SecretKey::new(SECRET_KEY)?)
            .build()?;
        let paypos = client.paypos(SessionKey::new(SESSION_KEY)?);
        Ok(Self { client, paypos })
    }

    /// One capture.
    pub async fn capture(&self, request: &CaptureRequest) -> Result<CaptureOutcome, paynet::Error> {
        self.client.capture(request).await
    }

    /// One sale start.
    pub async fn init_sale(&self, request: &InitSaleRequest) -> Result<SaleSession, paynet::Error> {
        self.paypos.init_sale(request).await
    }
}

/// The capture the benchmarks make: 10.50 TL of [`REFERENCE_NO`].
pub fn capture_request(amount: Amount) -> Result<CaptureRequest, paynet::Error> {
    Ok(CaptureRequest::partial(
        TransactionRef::reference_no(REFERENCE_NO)?,
        amount,
    ))
}

/// The sale the benchmarks start: 149.90 TL, with a reference number and a callback URL.
pub fn init_sale_request(amount: Amount) -> Result<InitSaleRequest, paynet::Error> {
    InitSaleRequest::builder(amount)
        .reference_no(REFERENCE_NO)
        .callback_url(CALLBACK_URL)
        .build()
}

/// [`CAPTURE_AMOUNT`] as an [`Amount`].
pub fn capture_amount() -> Amount {
    CAPTURE_AMOUNT.parse().expect("a valid amount")
}

/// [`SALE_AMOUNT`] as an [`Amount`].
pub fn sale_amount() -> Amount {
    SALE_AMOUNT.parse().expect("a valid amount")
}
