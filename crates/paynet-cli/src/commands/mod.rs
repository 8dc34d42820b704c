//! The hand-written commands: one module per operation whose request type is hand-written
//! (`x-paynet-request-type` in its spec), named by the operation. Each has the `Args` and the
//! `run` that the generated `paynet <dashed-operation-id>` command calls, and that the noun-verb
//! forms (`paynet payment check`, `paynet capture cancel`...) share.

pub(crate) mod cancel_capture;
pub(crate) mod cancel_preauth;
pub(crate) mod capture;
pub(crate) mod charge;
pub(crate) mod check_payment;
pub(crate) mod check_sale;
pub(crate) mod close_session;
pub(crate) mod complete_3d;
pub(crate) mod init_reversal;
pub(crate) mod init_sale;
pub(crate) mod list_cards;
pub(crate) mod list_payments;
pub(crate) mod list_refunds;
pub(crate) mod open_session;
pub(crate) mod pay;
pub(crate) mod payment_detail;
pub(crate) mod ratios;
pub(crate) mod refund;
pub(crate) mod save_card;
pub(crate) mod start_3d;
pub(crate) mod start_subscription_card_3d;

/// What most commands use: the global options, sending a request and printing its result, the
/// failure, the renderers, and setting a builder's optional parts from the flags ([`Flags`]).
///
/// [`Flags`]: crate::values::Flags
mod prelude {
    pub(crate) use crate::context::{Global, amount, call, paypos, print, secret_client, send};
    pub(crate) use crate::failure::Failure;
    pub(crate) use crate::values::Flags as _;
    pub(crate) use crate::{render, report};
}
