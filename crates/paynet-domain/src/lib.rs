//! Paynet's rules as Rust types: exact Turkish lira money, credentials, requests that cannot break
//! Paynet's rules, typed transactions and outcomes, and one error type that says what is known
//! about the money. This crate does no HTTP: it turns a request into its JSON body and Paynet's
//! answer into an outcome ([`encode`], [`decode`]). Most users want the `paynet` facade, which
//! sends them, with timeouts, money-safe retries and tracing.
//!
//! - [`generated`] holds the request types generated from the specs, one per operation whose
//!   rules fit the schema ([`AddInfoRequest`], [`MarkTransferredRequest`], ...): a builder that
//!   checks every rule of the schema ([`validate`]), the wire body, and the answer read leniently,
//!   its envelope checked.
//! - [`request`], [`payment`] and [`after_sale`] hold the hand-written request types, for the
//!   operations whose rules need code ([`CaptureRequest`], [`PaymentRequest`],
//!   [`InitSaleRequest`], ...), each checked when it is built; each spec names its hand-written
//!   type with `x-paynet-request-type`.
//! - [`exchange`] holds the [`Request`] trait that ties each to its operation in the generated
//!   table ([`Operation`]: its credential, whether it moves money), and [`encode`] / [`decode`].
//! - [`response`] holds the typed [`Transaction`] view and the outcomes ([`CaptureOutcome`],
//!   [`SaleSession`], [`AgentSession`], [`TransactionCheck`]).
//! - [`error`] holds [`Error`]: invalid request, rejected, transport failure (not sent), outcome
//!   unknown, invalid response.
//! - [`redact`] holds [`Secrets`], the one place that knows every secret a client holds; every
//!   answer is scrubbed of them before it is read.
//! - [`money`] holds [`Amount`] (what a caller asks Paynet to charge: positive, whole kuruş, bounded)
//!   and [`ReportedAmount`] (what Paynet reports, exactly as sent). No floats anywhere.
//! - [`secret`] holds [`SecretKey`] (`Authorization: Basic <key>`), [`PublishableKey`] (the same
//!   header, for the operations a shop's pages may call), [`SessionKey`] (`Session-Key`) and
//!   [`EncryptionKey`]: validated, redacted in `Debug` and `Display`, wiped when dropped.
//! - [`codes`] holds [`ResultCode`] (every documented code, plus unknown ones) and [`ErrorType`].
//! - [`kinds`] holds [`TransactionType`], [`PosType`], [`CardType`] and [`BankId`].
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

mod envelope;
mod macros;
mod ops;

pub mod after_sale;
pub mod card;
pub mod codes;
pub mod error;
pub mod exchange;
pub mod generated;
pub mod kinds;
pub mod money;
pub mod payment;
pub mod redact;
pub mod request;
pub mod response;
pub mod secret;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod validate;

pub use after_sale::{
    BankRatios, CancelCaptureRequest, CancelPreAuthRequest, InstalmentOption, Page,
    PaymentListBuilder, PaymentListRequest, PaymentPage, PaymentRow, PreAuthCancelled, RatioTable,
    RatiosBuilder, RatiosRequest, RefundBuilder, RefundDecision, RefundListBuilder,
    RefundListRequest, RefundPage, RefundRequest, RefundRequested, RefundRow, RefundStatus,
    Settlement,
};
pub use card::{Card, CardHash, PaymentMethod};
pub use error::{Error, Operation, Rejection};
pub use exchange::{
    Answer, Auth, Defaults, Found, Lookup, Outcome, Request, decode, encode, encode_with,
    outcome_unknown, reconciliation, settle,
};
pub use generated::*;
pub use payment::{
    ChargeAmount, ChargeBuilder, ChargeRequest, Complete3dRequest, PaymentBuilder,
    PaymentDetailRequest, PaymentKind, PaymentRequest, Start3dRequest, ThreeDReturn,
};
pub use redact::Secrets;
pub use request::{
    CaptureRequest, CheckPaymentRequest, CheckSaleRequest, CloseSessionRequest,
    InitReversalBuilder, InitReversalRequest, InitSaleBuilder, InitSaleRequest, OpenSessionRequest,
    TransactionRef,
};
pub use response::{
    AgentSession, CaptureOutcome, ErrorDetail, PaymentOutcome, RevealedSession, SaleSession,
    ThreeDSession, Transaction, TransactionCheck, turkish_today,
};

pub use codes::{ErrorType, ResultCode, UnknownCode, UnknownText};
pub use kinds::{BankId, CardType, PosType, TransactionType};
pub use money::{Amount, AmountError, Currency, ReportedAmount, UnknownCurrency};
pub use secret::{
    CredentialError, CredentialKind, EncryptionKey, PublishableKey, SecretKey, SessionKey,
};
