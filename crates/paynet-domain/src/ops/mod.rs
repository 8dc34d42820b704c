//! Each operation's request body and the reading of its answer: the [`Request`] impls.
//!
//! Which credential an operation needs, whether it may move money and whether it may be sent
//! again all come from the generated table (`paynet_api::operations`); what is here is the
//! operation's own rules: how its request is written and what its answer means.

//!
//! - [`read`]: the wire readers and the readings several operations share.
//! - one module per family: [`capture`], [`payments`], [`lookups`], [`paypos`], [`refunds`],
//!   [`reports`], [`ratios`], [`stored_cards`], [`subscriptions`]. The generated operations' impls are in `crate::generated`.

mod capture;
mod lookups;
mod payments;
mod paypos;
mod ratios;
pub(crate) mod read;
mod refunds;
mod reports;
mod stored_cards;
mod subscriptions;
