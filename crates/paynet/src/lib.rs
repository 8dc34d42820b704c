//! The Rust SDK for [Paynet](https://paynet.com.tr) / PayPOS, the Turkish payment provider:
//! start PayPOS SoftPOS sales (a phone becomes a contactless card reader) and capture
//! pre-authorised card payments.
//!
//! - **Money is exact.** [`Amount`] is a positive TL amount in whole kuruş, never a float; it is
//!   sent as Paynet wants it (`"1050"` kuruş for a capture, `10.50` for a sale). Amounts Paynet
//!   reports are [`ReportedAmount`]s, exact to the digit it sent.
//! - **Credentials are typed and never printed.** [`SecretKey`] (server-side calls) and
//!   [`SessionKey`] (PayPOS calls) are redacted in `Debug` and `Display`, wiped when dropped, and
//!   sent as sensitive headers. A call takes the credential it needs and no other.
//! - **Outcomes are typed.** A capture is approved, approved again (result code 100: an earlier
//!   success returned), or declined by the bank; a failure is one [`Error`] that says what is
//!   known about the money: not sent, refused, **unknown** (reconcile before retrying), or
//!   unreadable.
//! - **Retries are safe for money.** Only a request that provably never reached Paynet is sent
//!   again ([`RetryPolicy`]).
//!
//! # Capture a pre-authorisation
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let sim = paynet_sim::Simulator::start(paynet_sim::SimConfig::default()).await?;
//! use paynet::{CaptureOutcome, CaptureRequest, Client, Environment, SecretKey, TransactionRef};
//!
//! // The merchant's secret key, e.g. from the PAYNET_SECRET_KEY environment variable.
//! # let secret = sim.secret_key().to_owned();
//! let client = Client::builder()
//!     .environment(Environment::Sandbox)
//! #   .environment(Environment::Custom(sim.base_url()))
//!     .secret_key(SecretKey::new(secret)?)
//!     .build()?;
//!
//! // Capture 10.50 TL of the pre-authorisation made with this reference number.
//! let request = CaptureRequest::partial(
//!     TransactionRef::reference_no(paynet_sim::PRE_AUTH_250_REFERENCE_NO)?,
//!     "10.50".parse()?,
//! );
//! match client.capture(&request).await {
//!     Ok(CaptureOutcome::Approved { transaction, replayed }) => {
//!         println!("captured; net {:?}, replayed: {replayed}", transaction.net_amount);
//!     }
//!     Ok(CaptureOutcome::Declined { transaction }) => {
//!         println!("declined by the bank: {:?}", transaction.bank_error);
//!     }
//!     Err(e) if e.needs_reconciliation() => {
//!         // The capture may have happened: look it up before trying again.
//!         eprintln!("{e}");
//!     }
//!     Err(e) => return Err(e.into()),
//! }
//! # Ok(()) }
//! ```
//!
//! # Start a PayPOS sale
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let sim = paynet_sim::Simulator::start(paynet_sim::SimConfig::default()).await?;
//! use paynet::{Client, InitSaleRequest, SessionKey};
//!
//! let client = Client::builder()
//! #   .base_url(sim.base_url())
//!     .build()?;
//! // The session key comes from Paynet's get_auth_key, called by the merchant's server.
//! # let session_key = sim.session_key().to_owned();
//! let paypos = client.paypos(SessionKey::new(session_key)?);
//!
//! let sale = InitSaleRequest::builder("149.90".parse()?)
//!     .reference_no("ORDER-1001")
//!     .callback_url("myshop://paypos/return")
//!     .build()?;
//! let session = paypos.start_sale(&sale).await?;
//! println!("open {} in PayPOS; then check {}", session.deeplink_url, session.payment_session_id);
//! # Ok(()) }
//! ```
//!
//! # The whole PayPOS App2App flow
//!
//! The merchant's server opens a session, the app starts a sale and opens its deeplink in PayPOS,
//! the card is tapped, the server checks the outcome, may reverse it, and ends the session.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let sim = paynet_sim::Simulator::start(paynet_sim::SimConfig::default()).await?;
//! use paynet::{Client, InitSaleRequest, ReversalRequest, SecretKey};
//!
//! # let secret = sim.secret_key().to_owned();
//! let client = Client::builder()
//! #   .base_url(sim.base_url())
//!     .secret_key(SecretKey::new(secret)?)
//!     .build()?;
//!
//! // Server side: a session for the agent's user (Paynet's get_auth_key).
//! let session = client.open_session(paynet_sim::DEFAULT_AGENT_ID, paynet_sim::DEFAULT_USER_ID).await?;
//! let paypos = client.paypos(session.session_key.clone());
//!
//! // App side: start the sale; the app opens `sale.deeplink_url` in PayPOS.
//! let sale = paypos.start_sale(&InitSaleRequest::builder("75.00".parse()?).build()?).await?;
//! # sim.complete_sale(&sale.payment_session_id, true)?; // the simulator "taps" a card
//!
//! // Back on the server: the outcome, by payment session id.
//! let check = paypos.check_sale(&sale.payment_session_id).await?;
//! let sold = check.latest().ok_or("the card was not tapped yet")?;
//! assert_eq!(sold.is_succeed, Some(true));
//!
//! // Refund it, then end the session.
//! let xact_id = sold.xact_id.clone().ok_or("no xact_id")?;
//! let reversal = paypos.start_reversal(&ReversalRequest::new(xact_id)?).await?;
//! println!("open {} to refund", reversal.deeplink_url);
//! client.close_session(&session.session_key).await?;
//! # Ok(()) }
//! ```
//!
//! # Layers
//!
//! This crate is the front: it re-exports everything a user needs from `paynet-domain` (rules,
//! money, outcomes) and, through [`raw`], the generated `paynet-api` client for what the SDK does
//! not cover yet.

#![deny(missing_docs)]

mod client;
mod retry;

pub use client::{
    CallOptions, Client, ClientBuilder, DEFAULT_USER_AGENT, Environment, PRODUCTION_URL, PayPos,
    SANDBOX_URL, error_kind,
};
pub use paynet_domain::{
    AgentSession, Amount, AmountError, BankId, CaptureOutcome, CaptureRequest, CardType,
    CredentialError, Currency, EncryptionKey, Error, ErrorDetail, ErrorType, InitSaleBuilder,
    InitSaleRequest, Operation, PosType, Rejection, ReportedAmount, ResultCode, ReversalRequest,
    SaleCheck, SaleSession, SecretKey, SessionKey, Transaction, TransactionRef, TransactionType,
};
pub use retry::RetryPolicy;

/// Exact decimals (`rust_decimal`), as used by [`Amount`] and [`ReportedAmount`].
pub use paynet_api::rust_decimal::Decimal;

/// The generated low-level client (`paynet-api`), for operations this crate does not wrap yet.
pub mod raw {
    pub use paynet_api::*;
}
