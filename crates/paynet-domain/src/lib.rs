//! Paynet's rules as Rust types: exact Turkish lira money, credentials, requests that cannot break
//! Paynet's rules, typed transactions and outcomes, and one error type that says what is known
//! about the money. It wraps the generated `paynet-api` client; most users want the `paynet`
//! facade, which adds a configured client, retries and timeouts on top.
//!
//! - [`request`] holds [`CaptureRequest`] (always names its transaction through a
//!   [`TransactionRef`]) and [`InitSaleRequest`] (always has an amount; every field checked).
//! - [`response`] holds the typed [`Transaction`] view and the outcomes ([`CaptureOutcome`],
//!   [`SaleSession`]).
//! - [`error`] holds [`Error`]: invalid request, rejected, transport failure (not sent), outcome
//!   unknown, invalid response.
//! - [`call`] holds [`Endpoint`], which sends each operation once under the credential its
//!   signature demands.
//! - [`money`] holds [`Amount`] (what a caller asks Paynet to charge: positive, whole kuruş, bounded)
//!   and [`ReportedAmount`] (what Paynet reports, exactly as sent). No floats anywhere.
//! - [`secret`] holds [`SecretKey`] (`Authorization: Basic <key>`), [`SessionKey`] (`Session-Key`) and
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

mod macros;

pub mod call;
pub mod codes;
pub mod error;
pub mod kinds;
pub mod money;
pub mod request;
pub mod response;
pub mod secret;

pub use call::Endpoint;
pub use error::{Error, Operation, Rejection};
pub use request::{
    CaptureRequest, InitSaleBuilder, InitSaleRequest, ReversalRequest, TransactionRef,
};
pub use response::{
    AgentSession, CaptureOutcome, ErrorDetail, SaleCheck, SaleSession, Transaction,
};

pub use codes::{ErrorType, ResultCode};
pub use kinds::{BankId, CardType, PosType, TransactionType};
pub use money::{Amount, AmountError, Currency, ReportedAmount};
pub use secret::{CredentialError, CredentialKind, EncryptionKey, SecretKey, SessionKey};
