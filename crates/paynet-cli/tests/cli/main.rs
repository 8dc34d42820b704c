//! The `paynet` binary against a `paynet_sim::Simulator` started in the test: each command, each
//! exit code, the `--json` shapes, and that no key, card number (beyond its first 6 and last 4
//! digits) or CVC is ever printed.
//!
//! One test binary (each one more is linked again in CI), its tests in modules by family:
//!
//! - `capture`: captures in part, in full, replayed, refused; `capture cancel`.
//! - `paypos`: PayPOS App2App: `session open` / `close`, `init-sale`, `check-sale`,
//!   `init-reversal`.
//! - `payments`: `pay`, `pay --3d`, `pay complete`, `charge`, `payment check` and `payment detail`.
//! - `after_sale`: `refund` (a request, decided later) and `preauth cancel`.
//! - `reports`: `payments list`, `refunds list` and `ratios`.
//! - `secrets`: no key, card number or CVC is printed, whichever command runs.
//! - `usage`: invalid input and usage (exit 2), an exit code of each kind, timeouts, global
//!   options, `--help`.
//! - `demo`: `paynet demo`, human and `--json`.
//! - `sim`: the `paynet sim` process.
//! - `services`: the generated commands (the operations with no hand-written code).
//! - `subscriptions`: subscriptions end to end: created, a card added through 3-D, the
//!   simulator's clock moved, invoices paid and listed with their transactions, billing stopped,
//!   the manual charge's cooldown.
//! - `stored_cards`: `save-card` (with and without a one-time password), `list-cards`,
//!   `rename-card`, `delete-card`, paying with a stored card and saving one while paying, a lost
//!   save, and the whole flow against the `paynet sim --card-otp` process.
//! - `pay_links`: `create-pay-link`, `pay-link-detail`, `list-pay-links`,
//!   `update-pay-link-status`, and a link paid on the simulator's page.
//!
//! The helpers they share are in `support`.

#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod after_sale;
mod capture;
mod demo;
mod pay_links;
mod payments;
mod paypos;
mod reports;
mod secrets;
mod services;
mod sim;
mod stored_cards;
mod subscriptions;
mod support;
mod usage;
