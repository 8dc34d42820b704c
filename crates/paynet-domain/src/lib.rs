//! Paynet's rules as Rust types: exact Turkish lira money, credentials, requests that cannot break
//! Paynet's rules, typed transactions and outcomes, and one error type that says what is known
//! about the money. This crate does no HTTP: it turns a request into its JSON body and Paynet's
//! answer into an outcome ([`encode`], [`decode`]). Most users want the `paynet` facade, which
//! sends them, with timeouts, money-safe retries and tracing.
//!
//! The modules, from the ground up (each uses only those above it):
//!
//! - The private `accessors` module holds two macros for the hand-written types, in scope in every
//!   module: one writes their builders' setters, one their getters that only read a field.
//! - [`clock`] holds Turkish time; `unknown` holds the values Paynet sent that this crate does not
//!   know ([`UnknownCode`], [`UnknownText`]); [`codes`] holds [`ResultCode`] (every documented code,
//!   plus unknown ones), [`ErrorType`], [`TransactionType`], [`PosType`], [`CardType`], [`BankId`].
//! - [`money`] holds [`Amount`] (what a caller asks Paynet to charge: positive, whole kuruş, bounded)
//!   and [`ReportedAmount`] (what Paynet reports, exactly as sent). No floats anywhere.
//! - [`redact`] holds [`Secrets`], the one place that knows every secret a client holds; every answer
//!   is scrubbed of them before it is read. [`secret`] holds [`SecretKey`] (`Authorization: Basic
//!   <key>`), [`PublishableKey`] (the same header, for the operations a shop's pages may call),
//!   [`SessionKey`] (`Session-Key`) and [`EncryptionKey`]: validated, redacted in `Debug` and
//!   `Display`, wiped when dropped.
//! - [`error`] holds [`Error`] (invalid request, rejected, transport failure (not sent), outcome
//!   unknown, invalid response), each named by [`Error::kind`].
//! - [`validate`] holds every check a request makes when it is built: the rules of a spec's schema
//!   (for the generated types) and the shared checks of the hand-written ones (identifiers,
//!   URLs, domains, phones, e-mails).
//! - [`card`] holds [`Card`] and [`CardHash`] (card data, never shown past its first 6 and last 4
//!   digits); [`outcome`] holds the typed [`Transaction`] view and the outcomes ([`PaymentOutcome`],
//!   [`SaleSession`], [`AgentSession`], [`TransactionCheck`]...).
//! - The hand-written request types, one module per family, for the operations whose rules need
//!   code (each spec names its type with `x-paynet-request-type`): [`lookups`]
//!   ([`TransactionRef`], [`CheckPaymentRequest`], [`PaymentDetailRequest`]), [`capture`],
//!   [`payment`] (direct, 3-D Secure, charge), [`paypos`], [`refunds`], [`reports`] (with their
//!   pages and rows), [`ratios`] (with the instalment table), [`stored_cards`] (saving and
//!   listing a customer's cards, [`StoredCard`], saving a card while paying).
//! - [`pay_links`] holds what a pay link's `confirmation_url` receives ([`PayLinkCallback`], read
//!   leniently, its card number masked) and the verdict of reading the payment back
//!   ([`PayLinkVerdict`]); the pay link requests themselves are generated.
//! - Subscriptions: their requests are generated, but for [`subscription_cards`]
//!   ([`StartSubscriptionCard3dRequest`], a card added through 3-D Secure); [`schedule`] holds
//!   [`Schedule`] and [`Interval`] (the dates a subscription charges on), [`cooldown`] holds
//!   [`ChargeCooldown`] (a manual charge refused inside Paynet's wait, and when to try again).
//! - [`reconcile`] holds the lookups that settle a request whose answer was lost ([`Lookup`],
//!   [`Found`]). [`reader`] holds the context an answer is read in, and the errors it makes.
//! - [`exchange`] holds the [`Request`] trait that ties each request type to its operation in the
//!   generated table ([`Operation`]: its credential, whether it moves money), and [`encode`] /
//!   [`decode`]. Each hand-written type's impl (its body, how its answer is read) is in the
//!   private `ops` module, by family.
//! - [`generated`] holds the request types generated from the specs ([`AddInfoRequest`],
//!   [`MarkTransferredRequest`], ...): a builder that checks every rule of the schema, the wire
//!   body, and the answer read leniently, its envelope checked (the private `envelope` module);
//!   and the reading of every answer row its spec marks `x-paynet-view: transaction` into the
//!   [`Transaction`] view.
//! - `testing` (feature `testing`): an example of every request, for table-driven suites.
//!
//! ```
//! use paynet_domain::{Amount, ResultCode, SecretKey};
//!
//! let amount: Amount = "149.90".parse()?;
//! assert_eq!(amount.to_kurus_string(), "14990");
//!
//! let key = SecretKey::new("sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW")?;
//! assert_eq!(format!("{key:?}"), "SecretKey([redacted])");
//!
//! assert!(ResultCode::from_i64(100).is_success());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(missing_docs)]

#[macro_use]
mod accessors;
mod envelope;
mod ops;
mod unknown;

pub mod capture;
pub mod card;
pub mod clock;
pub mod codes;
pub mod cooldown;
pub mod error;
pub mod exchange;
pub mod generated;
pub mod lookups;
pub mod money;
pub mod outcome;
pub mod pay_links;
pub mod payment;
pub mod paypos;
pub mod ratios;
pub mod reader;
pub mod reconcile;
pub mod redact;
pub mod refunds;
pub mod reports;
pub mod schedule;
pub mod secret;
pub mod stored_cards;
pub mod subscription_cards;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod validate;

pub use capture::CaptureRequest;
pub use card::{Card, CardHash, PaymentMethod};
pub use clock::turkish_today;
pub use codes::{BankId, CardType, PosType, TransactionType};
pub use codes::{ErrorType, ResultCode, UnknownCode, UnknownText};
pub use cooldown::ChargeCooldown;
pub use error::{Error, Operation, Rejection};
pub use exchange::{
    Answer, Auth, Defaults, Outcome, Request, decode, encode, encode_with, outcome_unknown,
    reconciliation, settle,
};
pub use generated::*;
pub use lookups::{CheckPaymentRequest, PaymentDetailRequest, TransactionRef};
pub use money::{Amount, AmountError, Currency, ReportedAmount, UnknownCurrency};
pub use outcome::{
    AgentSession, CaptureOutcome, CardStorage, ErrorDetail, PaymentOutcome, RevealedSession,
    SaleSession, ThreeDSession, Transaction, TransactionCheck,
};
pub use pay_links::{PayLinkCallback, PayLinkVerdict};
pub use payment::{
    ChargeAmount, ChargeBuilder, ChargeRequest, Complete3dRequest, PaymentBuilder, PaymentKind,
    PaymentRequest, Start3dRequest, ThreeDReturn,
};
pub use paypos::{
    CheckSaleRequest, CloseSessionRequest, InitReversalBuilder, InitReversalRequest,
    InitSaleBuilder, InitSaleRequest, OpenSessionRequest,
};
pub use ratios::{BankRatios, InstalmentOption, RatioTable, RatiosBuilder, RatiosRequest};
pub use reconcile::{Found, Lookup};
pub use redact::Secrets;
pub use refunds::{
    CancelCaptureRequest, CancelPreAuthRequest, PreAuthCancelled, RefundBuilder, RefundDecision,
    RefundRequest, RefundRequested,
};
pub use reports::{
    Page, PaymentListBuilder, PaymentListRequest, PaymentPage, PaymentRow, RefundListBuilder,
    RefundListRequest, RefundPage, RefundRow, RefundStatus, Settlement,
};
pub use schedule::{ChargeDates, Interval, Schedule};
pub use secret::{
    CredentialError, CredentialKind, EncryptionKey, PublishableKey, SecretKey, SessionKey,
};
pub use stored_cards::{
    CardList, CardOwner, ListCardsBuilder, ListCardsRequest, SaveCardBuilder, SaveCardOptions,
    SaveCardRequest, SavedCard, StoredCard,
};
pub use subscription_cards::{StartSubscriptionCard3dBuilder, StartSubscriptionCard3dRequest};
