//! The Rust SDK for [Paynet](https://paynet.com.tr) / PayPOS, the Turkish payment provider: take
//! card payments (3-D Secure, direct, Paynet's JS form), capture, refund and cancel them, report
//! on them, show instalment options, and run PayPOS SoftPOS sales (a phone becomes a
//! contactless card reader).
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
//!     Ok(CaptureOutcome::Approved { transaction, replayed, .. }) => {
//!         println!("captured; net {:?}, replayed: {replayed}", transaction.net_amount);
//!     }
//!     Ok(CaptureOutcome::Declined { transaction, .. }) => {
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
//! # Take a card payment
//!
//! A direct (non-3-D) payment. The card is checked before anything is sent (Luhn, expiry, CVC)
//! and never printed; the `reference_no` makes a repeated payment come back as the earlier one
//! (`replayed`), and lets the SDK settle a lost answer by looking the payment up.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let sim = paynet_sim::Simulator::start(paynet_sim::SimConfig::default()).await?;
//! use paynet::{Card, Client, PaymentOutcome, PaymentRequest, SecretKey};
//!
//! # let secret = sim.secret_key().to_owned();
//! let client = Client::builder()
//! #   .base_url(sim.base_url())
//!     .secret_key(SecretKey::new(secret)?)
//!     .merchant_domain("shop.example")
//!     .build()?;
//!
//! // Card data comes from the shopper's form, never from a log or a URL.
//! # let (number, cvc) = (paynet_sim::TEST_CARD_APPROVE, paynet_sim::TEST_CVC);
//! let card = Card::new(number, "12/35", cvc, "AYSE YILMAZ")?;
//! let payment = PaymentRequest::builder("149.90".parse()?, "ORDER-1001", card).build()?;
//! match client.pay(&payment).await {
//!     Ok(PaymentOutcome::Approved { transaction, replayed, .. }) => {
//!         println!("paid: {:?} (replayed: {replayed})", transaction.xact_id);
//!     }
//!     Ok(PaymentOutcome::Declined { transaction, .. }) => {
//!         println!("declined: {:?}", transaction.bank_error);
//!     }
//!     Ok(other) => println!("{other:?}"),
//!     Err(e) if e.needs_reconciliation() => eprintln!("unknown, look it up: {e}"),
//!     Err(e) => return Err(e.into()),
//! }
//! # Ok(()) }
//! ```
//!
//! # 3-D Secure
//!
//! Start the payment, send the shopper to the bank's page, read what the page posts back to
//! the `return_url`, and finish it. The types keep the order: only a [`ThreeDReturn`] (what the
//! page posted) makes a [`Complete3dRequest`].
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let sim = paynet_sim::Simulator::start(paynet_sim::SimConfig::default()).await?;
//! use paynet::{Card, Client, Complete3dRequest, PaymentRequest, SecretKey, Start3dRequest, ThreeDReturn};
//!
//! # let secret = sim.secret_key().to_owned();
//! let client = Client::builder()
//! #   .base_url(sim.base_url())
//!     .secret_key(SecretKey::new(secret)?)
//!     .build()?;
//! # let (number, cvc) = (paynet_sim::TEST_CARD_3D_REQUIRED, paynet_sim::TEST_CVC);
//! let card = Card::new(number, "12/35", cvc, "AYSE YILMAZ")?;
//! let payment = PaymentRequest::builder("250.00".parse()?, "ORDER-1002", card).build()?;
//! // The merchant's domain is the return URL's host (shop.example).
//! let start = Start3dRequest::new(payment, "https://shop.example/paynet/return")?;
//! let session = client.start_3d(&start).await?;
//! // Redirect the shopper to `session.post_url` (or embed `session.html_content`).
//! println!("go to {}", session.post_url.as_deref().unwrap_or_default());
//! # let form = sim.three_d_return(&session.session_id, true).ok_or("no 3-D session")?;
//!
//! // In the `return_url` handler, with the posted body (any web framework):
//! # let posted_body: &[u8] = form.as_bytes();
//! let back = ThreeDReturn::from_form(posted_body)?;
//! let outcome = client
//!     .complete_3d(&Complete3dRequest::new(&back).reference_no("ORDER-1002")?)
//!     .await?;
//! assert!(outcome.is_approved());
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
//! // The session key comes from open_session (Paynet's get_auth_key), called by the merchant's
//! // server.
//! # let session_key = sim.session_key().to_owned();
//! let paypos = client.paypos(SessionKey::new(session_key)?);
//!
//! let sale = InitSaleRequest::builder("149.90".parse()?)
//!     .reference_no("ORDER-1001")
//!     .callback_url("myshop://paypos/return")
//!     .build()?;
//! let session = paypos.init_sale(&sale).await?;
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
//! use paynet::{
//!     CheckSaleRequest, Client, CloseSessionRequest, InitReversalRequest, InitSaleRequest,
//!     OpenSessionRequest, SecretKey,
//! };
//!
//! # let secret = sim.secret_key().to_owned();
//! let client = Client::builder()
//! #   .base_url(sim.base_url())
//!     .secret_key(SecretKey::new(secret)?)
//!     .build()?;
//!
//! // Server side: a session for the agent's user (open_session: Paynet's get_auth_key).
//! let request = OpenSessionRequest::new(paynet_sim::DEFAULT_AGENT_ID, paynet_sim::DEFAULT_USER_ID)?;
//! let session = client.open_session(&request).await?;
//! let paypos = client.paypos(session.session_key.clone());
//!
//! // App side: start the sale; the app opens `sale.deeplink_url` in PayPOS.
//! let sale = paypos.init_sale(&InitSaleRequest::builder("75.00".parse()?).build()?).await?;
//! # sim.complete_sale(&sale.payment_session_id, true)?; // the simulator "taps" a card
//!
//! // Back on the server: the outcome, by payment session id.
//! let check = paypos.check_sale(&CheckSaleRequest::new(&sale.payment_session_id)?).await?;
//! let sold = check.latest().ok_or("the card was not tapped yet")?;
//! assert_eq!(sold.is_succeed, Some(true));
//!
//! // Refund it, then end the session.
//! let xact_id = sold.xact_id.clone().ok_or("no xact_id")?;
//! let reversal = paypos.init_reversal(&InitReversalRequest::builder(xact_id).build()?).await?;
//! println!("open {} to refund", reversal.deeplink_url);
//! client.close_session(&CloseSessionRequest::new(session.session_key)).await?;
//! # Ok(()) }
//! ```
//!
//! # Per-call options
//!
//! Every method returns a [`Call`]; set options on it before awaiting:
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let sim = paynet_sim::Simulator::start(paynet_sim::SimConfig::default()).await?;
//! use std::time::Duration;
//! use paynet::{CaptureRequest, Client, RetryPolicy, SecretKey, TransactionRef};
//!
//! # let secret = sim.secret_key().to_owned();
//! let client = Client::builder()
//! #   .base_url(sim.base_url())
//!     .secret_key(SecretKey::new(secret)?)
//!     .build()?;
//! let request = CaptureRequest::full(TransactionRef::reference_no(paynet_sim::PRE_AUTH_100_REFERENCE_NO)?);
//! let outcome = client
//!     .capture(&request)
//!     .attempt_timeout(Duration::from_secs(5))
//!     .retry(RetryPolicy::none())
//!     .await?;
//! assert!(outcome.is_approved());
//! # Ok(()) }
//! ```
//!
//! # Every other operation: a checked builder each
//!
//! Paynet's smaller services (adding information to a transaction, marking it transferred,
//! escrow decisions, the settlement report, agent services, ratio tables) have request types
//! generated from their specs: a builder with a setter per field, whose `build()` checks every
//! rule of the spec (required fields, lengths, patterns, values, bounds, exact amounts) and names
//! the field at fault before anything is sent. Their answer is the spec's answer type, read
//! leniently, its result code checked (a refusal is [`Error::Rejected`]).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let sim = paynet_sim::Simulator::start(paynet_sim::SimConfig::default()).await?;
//! use paynet::{AddInfoRequest, Card, Client, MarkTransferredRequest, PaymentRequest, SecretKey};
//!
//! # let secret = sim.secret_key().to_owned();
//! let client = Client::builder()
//! #   .base_url(sim.base_url())
//!     .secret_key(SecretKey::new(secret)?)
//!     .merchant_domain("shop.example")
//!     .build()?;
//! # let card = Card::new(paynet_sim::TEST_CARD_APPROVE, "12/35", paynet_sim::TEST_CVC, "AYSE YILMAZ")?;
//! # let paid = client.pay(&PaymentRequest::builder("120.00".parse()?, "ORDER-9", card).build()?).await?;
//! let xact_id = paid.transaction().xact_id.clone().ok_or("no xact_id")?;
//!
//! // A note on the payment, and the payment marked transferred to the shop's books.
//! let note = AddInfoRequest::builder().xact_id(&xact_id).note("Delivered").build()?;
//! client.add_info(&note).await?;
//! let marked = MarkTransferredRequest::builder()
//!     .xact_id(&xact_id)
//!     .document_no("INV-2026-0042")
//!     .amount("120.00".parse()?) // sent as the JSON number 120.00
//!     .build()?;
//! let answer = client.mark_transferred(&marked).await?;
//! assert_eq!(answer.code.and_then(|c| c.get()), Some(0));
//!
//! // A rule of the spec, checked before sending: `email` must be an address.
//! let bad = AddInfoRequest::builder().xact_id(&xact_id).email("not an address").build();
//! assert!(matches!(bad, Err(paynet::Error::InvalidRequest { field: "email", .. })));
//! # Ok(()) }
//! ```
//!
//! # Subscriptions
//!
//! Recurring billing is 22 generated operations: [`Client::create_subscription`] (its dates:
//! [`Schedule`]), the subscription's detail, list, status and amounts, its cards (added through
//! 3-D Secure with [`Client::start_subscription_card_3d`], whose [`Card`] is checked and kept
//! secret, and [`Client::confirm_subscription_card_3d`], whose success is said by `is_succeed`),
//! its invoices and [`Client::charge_subscription_invoice`] (a manual charge;
//! [`ChargeCooldown`] reads when Paynet lets an invoice be tried again). Request amounts are
//! sent in kuruş and dates in Paynet's `dd.MM.yyyy` forms; answers are read leniently. The whole
//! flow, against the simulator whose clock bills the invoices, is in
//! [`Client::create_subscription`]'s documentation.
//!
//! # One table, one call path
//!
//! Every operation is declared once, in its OpenAPI spec, with its policy: which credential it
//! needs (`x-paynet-auth`) and whether it may move money (`x-paynet-moves-money`), and its
//! fields' rules (`x-paynet-amount`, `x-paynet-secret`, lengths, patterns...). Its request type,
//! its method here and its `paynet` command are generated from it. The generated table
//! ([`Operation`], [`Operation::ALL`]) carries the policy to the runtime, and one call path runs
//! every operation from it: the credential header, per-attempt and whole-call timeouts, retries
//! only of what never reached Paynet (and of idempotent reads), [`Error::needs_reconciliation`],
//! redaction and the `paynet.call` tracing span with the operation's name.
//!
//! # Layers
//!
//! This crate is the front: it re-exports everything a user needs from `paynet-domain` (rules,
//! money, request types, outcomes) and, through [`raw`], the generated `paynet-api` wire types
//! (the answer types of the generated operations among them).

#![deny(missing_docs)]

// The map: `client` (the `Client` and `PayPos` handles: what they hold), `config` (building a
// client: its URL, credential, timeouts, retries, transport), `call` (the one call path every
// operation runs through), `retry` (retries that are safe for money), `transport` (sending one
// request, bounded: the only HTTP in the SDK), `pages` (reports streamed page by page),
// `generated` (one method per operation and the re-exports of every request type, written by
// `cargo xtask codegen`), `tls` (the TLS crypto provider); `testing` and `raw` below.
// `pay_links` confirms a pay link's payment by reading it back (`Client::confirm_pay_link`).
// The builders' setters are written by `paynet_domain::setters!`, the domain's own.
mod call;
mod client;
mod config;
mod generated;
mod pages;
mod pay_links;
mod retry;
pub mod tls;
mod transport;

pub use call::{Call, CallOptions};
pub use client::{Client, PayPos};
pub use config::{
    ClientBuilder, ConfigError, DEFAULT_BODY_LIMIT, DEFAULT_USER_AGENT, Environment,
    PRODUCTION_URL, SANDBOX_URL,
};
pub use generated::*;
pub use pages::{DEFAULT_MAX_ROWS, Rows};
// A pay link's confirmation post and the verdict of reading its payment back.
pub use paynet_domain::{PayLinkCallback, PayLinkVerdict};
// Subscriptions: the charge dates of a schedule, a manual charge's cooldown, the builder of the
// hand-written card request.
pub use paynet_domain::{
    ChargeCooldown, ChargeDates, Interval, Schedule, StartSubscriptionCard3dBuilder,
};
// The domain's vocabulary; every operation's request type is re-exported by `generated`.
pub use paynet_domain::{
    AgentSession, Amount, AmountError, Auth, BankId, BankRatios, CaptureOutcome, Card, CardHash,
    CardType, ChargeAmount, ChargeBuilder, CredentialError, Currency, EncryptionKey, Error,
    ErrorDetail, ErrorType, InitReversalBuilder, InitSaleBuilder, InstalmentOption, Operation,
    Outcome, Page, PaymentBuilder, PaymentKind, PaymentListBuilder, PaymentMethod, PaymentOutcome,
    PaymentPage, PaymentRow, PosType, PreAuthCancelled, PublishableKey, RatioTable, RatiosBuilder,
    RefundBuilder, RefundDecision, RefundListBuilder, RefundPage, RefundRequested, RefundRow,
    RefundStatus, Rejection, ReportedAmount, Request, ResultCode, SaleSession, SecretKey, Secrets,
    SessionKey, Settlement, ThreeDReturn, ThreeDSession, Transaction, TransactionCheck,
    TransactionRef, TransactionType, UnknownCode, UnknownCurrency, UnknownText, turkish_today,
};
// Stored cards: who a card is stored for, a stored card and a page of them, the builders of the
// hand-written requests, saving a card while paying and what a payment says of it.
pub use paynet_domain::{
    CardList, CardOwner, CardStorage, ListCardsBuilder, SaveCardBuilder, SaveCardOptions,
    SavedCard, StoredCard,
};
pub use retry::RetryPolicy;

/// Test support (cargo feature `testing`): an example of every request type, and
/// `for_each_request!`, which names them all.
#[cfg(feature = "testing")]
pub mod testing {
    pub use paynet_domain::for_each_request;
    pub use paynet_domain::testing::Example;

    use crate::{Auth, Call, Client, PayPos, Request};

    /// The read that settles a lost answer of `request` (`check_payment` for a payment with a
    /// `reference_no`, `payment_detail`, `list_refunds`), if there is one.
    pub fn reconciled_by<R: Request>(request: &R) -> Option<crate::Operation> {
        paynet_domain::reconciliation(request).map(|l| l.operation())
    }

    /// Calls any operation generically, through the handle its credential needs: `paypos` for a
    /// session-key operation, `client` for the others. The table-driven suites use it to run
    /// every operation with the same test code.
    pub fn call<'a, R: Request>(
        client: &'a Client,
        paypos: &'a PayPos,
        request: &'a R,
    ) -> Call<'a, R> {
        match R::OPERATION.auth() {
            Auth::SessionKey => paypos.call(request),
            _ => Call::new(client, request, None),
        }
    }
}

/// Exact decimals (`rust_decimal`), as used by [`Amount`] and [`ReportedAmount`].
pub use paynet_api::rust_decimal::Decimal;

/// A calendar day, as the reports' ranges take them (`chrono`).
pub use chrono::NaiveDate;

/// The `chrono` crate the SDK's dates come from (to do date arithmetic with the same version).
pub use chrono;

/// The generated wire layer (`paynet-api`): every operation's wire types (the answer types
/// of the generated operations among them) and the operation table; and the HTTP client the
/// facade sends with.
pub mod raw {
    pub use paynet_api::*;
    pub use reqwest;
}
