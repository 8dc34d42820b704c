//! The shop in a real browser: headless Chromium, driven through WebDriver (chromedriver) with
//! fantoccini, against the shop and the simulated Paynet on loopback.
//!
//! Ignored by default (it needs Debian's `chromium` and `chromium-driver`); `.ci/run` runs it:
//!
//! ```sh
//! cargo test -p paynet-checkout-example --test browser -- --ignored
//! ```
//!
//! Each test starts `chromedriver` itself (from `$CHROMEDRIVER`, the `PATH`, or
//! `/usr/bin/chromedriver`) on a free port and stops it at the end; one browser runs at a time.
//! `$CHROME_BIN` picks the browser binary. A screenshot of each step is saved under
//! `target/checkout-screenshots/<test>/`.
//!
//! - `harness`: the driver, the browser, the camera, waiting and finding, and `browser_test!`,
//!   which makes a test of a scenario.
//! - `shop`: the shop's own steps (buy, type a card, approve at the bank), shared by scenarios.
//! - `checkout`: the card checkout through the shop's server: 3-D, replayed return, refund,
//!   decline.

#![allow(clippy::unwrap_used)]

#[path = "../common/mod.rs"]
mod common;
#[macro_use]
mod harness;
mod shop;

mod checkout;
