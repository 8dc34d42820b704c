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
//! - `paynetjs`: both checkout paths, Paynet.js's card going straight to the simulator: 3-D and
//!   non-3-D cards, a decline, the return replayed; the card number never reaches the shop
//!   (requests, logs, database).
//! - `contract`: pages written only from Paynet's documented contract (the custom form and the
//!   ready-made button), served by the test, paying against the simulator.
//! - `stored_cards`: "remember this card" at checkout, and a returning customer paying with a
//!   saved card: directly, and through the bank's 3-D page for the card that needs it.
//! - `pay_links`: pay by link: the link as a URL and a QR code, a forged confirmation that marks
//!   nothing paid, the customer paying on the simulator's page through the bank's 3-D page, and
//!   the order paid once the shop has read the payment back.

#![allow(clippy::unwrap_used)]

#[path = "../common/mod.rs"]
mod common;
#[macro_use]
mod harness;
mod shop;

mod checkout;
mod contract;
mod pay_links;
mod paynetjs;
mod stored_cards;
