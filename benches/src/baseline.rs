//! The hand-written client the SDK is compared with: what a user would write with `reqwest` and
//! `serde_json` after reading Paynet's pages. Plain structs, `f64` amounts, the secret key in an
//! `Authorization: Basic <key>` header, a JSON body, `error_for_status`, `.json()`.
//!
//! It is deliberately the floor: no exact decimals, no lenient types, no validation, no
//! redaction, no tracing, no timeouts and no retries.

// Floats are what the baseline is about: a user's first client does amounts in `f64`.
#![allow(clippy::float_arithmetic)]

use std::time::Duration;

use reqwest::header::{AUTHORIZATION, HeaderValue};
use serde::{Deserialize, Serialize};

/// The capture request body (`amount` in kuruş, as a string of digits).
#[derive(Clone, Debug, Serialize)]
pub struct CaptureBody {
    /// The merchant's reference number of the pre-authorisation.
    pub reference_no: String,
    /// The amount to capture, in kuruş.
    pub amount: String,
}

impl CaptureBody {
    /// A partial capture of `amount_tl` TL of `reference_no`.
    pub fn new(reference_no: &str, amount_tl: f64) -> Self {
        Self {
            reference_no: reference_no.to_owned(),
            amount: format!("{}", (amount_tl * 100.0).round() as i64),
        }
    }
}

/// The init_sale request body (`amount` in TL, as a JSON number).
#[derive(Clone, Debug, Serialize)]
pub struct InitSaleBody {
    /// The amount, in TL.
    pub amount: f64,
    /// The merchant's reference number.
    pub reference_no: String,
    /// Where PayPOS sends the user back.
    pub callback_url: String,
}

impl InitSaleBody {
    /// A sale of `amount_tl` TL.
    pub fn new(amount_tl: f64, reference_no: &str, callback_url: &str) -> Self {
        Self {
            amount: amount_tl,
            reference_no: reference_no.to_owned(),
            callback_url: callback_url.to_owned(),
        }
    }
}

/// The capture answer: every documented field, amounts as `f64`, the date as text.
#[derive(Clone, Debug, Default, Deserialize)]
#[allow(missing_docs)]
pub struct Transaction {
    pub xact_id: Option<String>,
    pub xact_date: Option<String>,
    pub transaction_type: Option<i64>,
    pub pos_type: Option<i64>,
    pub is_tds: Option<bool>,
    pub agent_id: Option<String>,
    pub user_id: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub bank_id: Option<String>,
    pub instalment: Option<i64>,
    pub ratio: Option<f64>,
    pub card_no_masked: Option<String>,
    pub card_holder: Option<String>,
    pub amount: Option<f64>,
    pub net_amount: Option<f64>,
    pub comission: Option<f64>,
    pub comission_tax: Option<f64>,
    pub currency: Option<String>,
    pub authorization_code: Option<String>,
    pub reference_code: Option<String>,
    pub order_id: Option<String>,
    pub is_succeed: Option<bool>,
    pub paynet_error_id: Option<String>,
    pub paynet_error_message: Option<String>,
    pub bank_error_id: Option<String>,
    pub bank_error_message: Option<String>,
    pub bank_error_short_desc: Option<String>,
    pub bank_error_long_desc: Option<String>,
    pub object_name: Option<String>,
    pub code: Option<i64>,
    pub message: Option<String>,
}

/// The init_sale answer.
#[derive(Clone, Debug, Default, Deserialize)]
#[allow(missing_docs)]
pub struct InitSaleResponse {
    pub payment_session_id: Option<String>,
    pub deeplink_url: Option<String>,
    pub encryption_key: Option<String>,
    pub object_name: Option<String>,
    pub code: Option<i64>,
    pub message: Option<String>,
}

/// The hand-written client: a `reqwest::Client`, the base URL and the two credentials.
#[derive(Clone, Debug)]
pub struct Client {
    http: reqwest::Client,
    base_url: String,
    authorization: HeaderValue,
    session_key: HeaderValue,
}

impl Client {
    /// A client for `base_url` with `reqwest::Client::new()`.
    pub fn new(base_url: &str, secret_key: &str, session_key: &str) -> Self {
        let mut authorization = HeaderValue::from_str(&format!("Basic {secret_key}"))
            .expect("a secret key is a valid header value");
        authorization.set_sensitive(true);
        let mut session_key =
            HeaderValue::from_str(session_key).expect("a session key is a valid header value");
        session_key.set_sensitive(true);
        Self {
            http: reqwest::Client::new(),
            base_url: base_url.trim_end_matches('/').to_owned(),
            authorization,
            session_key,
        }
    }

    /// The same client on a `reqwest::Client` with a timeout, which reqwest applies to every
    /// request as the facade's per-attempt timeout is: for a like-for-like count of the timer's
    /// cost. The calls' code is unchanged.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.http = reqwest::Client::builder()
            .timeout(timeout)
            .build()
            .expect("a reqwest client");
        self
    }

    /// `POST /v1/transaction/capture`.
    pub async fn capture(&self, body: &CaptureBody) -> reqwest::Result<Transaction> {
        self.http
            .post(format!("{}/v1/transaction/capture", self.base_url))
            .header(AUTHORIZATION, self.authorization.clone())
            .json(body)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await
    }

    /// `POST /v1/softpos/init_sale_transaction`.
    pub async fn init_sale(&self, body: &InitSaleBody) -> reqwest::Result<InitSaleResponse> {
        self.http
            .post(format!(
                "{}/v1/softpos/init_sale_transaction",
                self.base_url
            ))
            .header("Session-Key", self.session_key.clone())
            .json(body)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await
    }
}

/// A `ratio/Get` answer as a hand-written client reads it: `f64` amounts.
#[derive(Debug, serde::Deserialize)]
pub struct RatioTable {
    /// The result code.
    pub code: i64,
    /// The banks.
    pub data: Vec<BankRatios>,
}

/// A bank's options.
#[derive(Debug, serde::Deserialize)]
pub struct BankRatios {
    /// The bank's code.
    pub bank_id: String,
    /// The bank's name.
    pub bank_name: String,
    /// The options.
    pub ratio: Vec<InstalmentOption>,
}

/// One option.
#[derive(Debug, serde::Deserialize)]
pub struct InstalmentOption {
    /// The option's id.
    pub instalment_key: String,
    /// The count.
    pub instalment: i64,
    /// One instalment, TL.
    pub instalment_amount: f64,
    /// The total, TL.
    pub total_amount: f64,
    /// The net, TL.
    pub total_net_amount: f64,
    /// The ratio.
    pub ratio: f64,
    /// The commission, TL.
    pub commision: f64,
    /// Its tax, TL.
    pub commision_tax: f64,
}
