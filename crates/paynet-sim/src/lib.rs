//! A simulated Paynet / PayPOS server, in-process and on loopback only: develop and test against
//! Paynet without credentials or network, the way Stripe users use stripe-mock.
//!
//! The simulator speaks Paynet's wire format only (it does not depend on the SDK's other crates)
//! and behaves as Paynet's public documentation describes: same paths, headers, JSON shapes and
//! quirks (amounts as JSON numbers in TL written exactly **with their scale**, as Paynet's .NET
//! service writes a `decimal`: `149.90`, `10.00`, `0.00`, never `149.9` nor `10`; ratios with four
//! decimals, `0.0199`; `code` as a JSON number; timestamps in the .NET form with 7 fraction digits
//! and the `+03:00` offset, e.g. `2016-04-08T10:27:22.0296925+03:00`). Every response has
//! `Content-Type: application/json`, except the `FAIL500` trigger's HTML page, the simulated
//! bank's 3-D pages and the other pages and scripts served to browsers (Paynet.js's scripts and
//! card form), and the bodiless answer to a browser's CORS preflight.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use paynet_sim::{SimConfig, Simulator};
//!
//! let sim = Simulator::start(SimConfig::default().seed(42)).await?;
//! println!("Paynet simulator at {}", sim.base_url()); // e.g. http://127.0.0.1:40123
//! // Point the SDK at sim.base_url() with sim.secret_key() / sim.session_key().
//! sim.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! The rules the simulator follows (credentials, how requests are read, the test cards, the
//! ledger and its seeded data, every endpoint with its shapes and codes, the triggers for unhappy
//! paths, determinism) are in [`protocol`]; the values they name are re-exported here
//! ([`TEST_CARD_APPROVE`], [`DEFAULT_SECRET_KEY`], [`PRE_AUTH_250_XACT_ID`]..., and
//! [`triggers`]).
//!
//! # Module map
//!
//! Each module has one job. A module uses only modules below it in this table (the router the
//! handlers, the handlers the helpers and the state, the state its records and the leaves), so
//! there is no import circle.
//!
//! | layer | module | its job |
//! |---|---|---|
//! | API | `lib.rs` | the public API: re-exports, and these docs |
//! | | `simulator` | [`Simulator`]: starts the server, drives and inspects it |
//! | routing | `router` | the axum router: routes to handlers, the counting middleware, the 404 and 405 |
//! | handlers | `capture` | `capture` |
//! | | `checks` | `check` and `detail` |
//! | | `payments` | the direct v2 `payment` (pay) |
//! | | `three_d` | `tds_initial`, the bank's 3-D page (`/sim/3d`), `tds_charge` |
//! | | `js_form` | the Paynet.js form's stand-in (`/sim/js_payment`) and `charge` |
//! | | `paynetj` | the wire under Paynet's browser scripts: `v1/paynetj/auth`, `check_bin`, `create_token`, `check_card_bin`, `create_card_token` |
//! | | `paynetj_pages` | the pages of the browser scripts: the ready-made button's card form (`/sim/paynetj/form`), the bank's 3-D page of a token (`/sim/paynetj/3d`) |
//! | | `scripts` | the browser scripts (`/public/js/paynet.js`, `paynet.min.js`, `paynet-custom.js`, the card form's), built in from `assets/` |
//! | | `refunds` | `reversed_request` (and its callback), `preauth_reversal`, `capture_reversal` |
//! | | `lists` | `list` and `reversal_list` |
//! | | `transaction_services` | `add_info`, `mark_transferred`, `escrow_status_update`, `payment_list` |
//! | | `ratios` | `ratio/Get`, `Get_public`, `set_type`, `define`, `delete_type`, the bank logos |
//! | | `paypos` | the SoftPOS routes: `init_sale_transaction`, `check_transaction`, `init_reversal_transaction` |
//! | | `agent` | `get_auth_key`, `logout`, `autologin` (and its panel), `check_agent`, `check_integration_info` |
//! | | `stored_cards` | card storage: `v1/card/save`, `list`, `desc_update`, `delete`, `send_otp`, `check_otp` |
//! | | `pay_links` | pay links, the API: `mailorder/create`, `detail`, `list`, `status_update` |
//! | | `pay_link_page` | the pay link's payment page (`/sim/paylink/{token}`): the card form, its 3-D return, the payment, the `confirmation_url` post and the redirect |
//! | | `subscriptions` | subscriptions: `v1/subscription/create`, `subscription_detail`, `list`, `status_update`, `amount_update`, `plan_amount_update`, `send_again`, the invoices (`create_invoice`, `invoice_list`, `invoice_status_update`, `invoice_amount_update`, `invoices_status_update_all`, `invoice_attempt_list`), `manuel_charge`; and the clock (`/sim/clock/advance`) |
//! | | `subscription_cards` | subscription cards: `card_info_list`, `card_info_label_update`, `card_info_delete`, `card_info_link_to_subscription`, `card_info_arrange`, `card_info_filter`, `create_card_tds_initial`, `create_card_tds_confirm` |
//! | | `subscription_page` | the subscription's page (create's `url`, `/sim/subscription/{token}`): the plan, the card form, its 3-D return and the acceptance |
//! | handler helpers | `payment_request` | the v2 card payment request of `pay` and `tds_initial` (card data or a stored card, the saving of its card), and comma TL amounts |
//! | | `card_saving` | stored cards as payments and saves use them (`impl State`): the card of a `card_hash`, the bank's 1 TL check, storing a card, saving a paid card |
//! | | `cors` | the browsers' cross-origin rules for the routes a merchant's page calls |
//! | | `extract` | the handlers' prologue: the `Paynet` extractor (the whole body, the credential, the body read leniently) and the shared credentials |
//! | | `http` | what every handler shares: the `Shared` handle, credential checks, body parsing, Paynet's error answers, transport triggers |
//! | | `html` | what the HTML pages share: url-encoded forms and query strings, escaping |
//! | | `pay_link_html` | the pay link's pages as HTML (payment page, closed link, result page) and its URL |
//! | | `subscription_request` | the body of every subscription route (read leniently) and the refusals they share |
//! | | `subscription_wire` | the JSON answers of the subscription routes and of the clock's |
//! | | `billing` | billing subscriptions (`impl State`): an invoice charged with its subscription's cards in order, every due invoice billed while the clock moves, the manual charge and its cooldown, the limited test card |
//! | state | `state` | `State`, everything the simulator remembers, and the operations that record transactions |
//! | | `history` | the seeded history, built for `State` to record |
//! | | `model` | the records `State` keeps beside the ledger: sessions, PayPOS payments, 3-D and Paynet.js sessions, refund requests, agents, ratio tables, pay links |
//! | | `ledger` | a transaction (`Tx`), its fees, and the shapes each endpoint writes it in |
//! | | `card_store` | the stored-card store: owners by `card_owner_id`, their cards by `card_hash`, soft deletes, one-time-password sessions |
//! | | `subscription_model` | the subscriptions' records (subscriptions, their cards' order, invoices and attempts, the merchant's subscription cards, the 3-D sessions adding one) and their pure rules (the schedule's dates, the statuses, the cooldown's message) |
//! | | `cards` | the banks, the test cards, the card data checks |
//! | values and leaves | `config` | [`SimConfig`] and [`PreAuth`]: how a simulator starts |
//! | | `driving` | what the simulator's methods take and give: [`JsPayment`], [`ThreeDStatus`], [`CompletedSale`] and their errors |
//! | | `fixtures` | the test values: default keys and merchant, test cards, seeded ids (re-exported here) |
//! | | [`triggers`] | the values that pick an unhappy path |
//! | | [`protocol`] | documentation only: the rules the simulator follows |
//! | | `callback` | a callback's loopback URL (refund decisions, pay link confirmations) and its delivery |
//! | | `wire` | the JSON answers, their messages, the writers of JSON, error and HTML answers |
//! | | `lenient` | reading request fields as leniently as Paynet |
//! | | `clock` | the clock (.NET timestamps), the calendar arithmetic of its dates (`dd.MM.yyyy`, months), and the id generator |
//! | | `conn` | the listener whose connections the simulator can close (`DROP`, `LOST`, shutdown) |
#![deny(missing_docs)]

pub mod protocol;
pub mod triggers;

mod agent;
mod billing;
mod callback;
mod capture;
mod card_saving;
mod card_store;
mod cards;
mod checks;
mod clock;
mod config;
mod conn;
mod cors;
mod driving;
mod extract;
mod fixtures;
mod history;
mod html;
mod http;
mod js_form;
mod ledger;
mod lenient;
mod lists;
mod model;
mod pay_link_html;
mod pay_link_page;
mod pay_links;
mod payment_request;
mod payments;
mod paynetj;
mod paynetj_pages;
mod paypos;
mod ratios;
mod refunds;
mod router;
mod scripts;
mod simulator;
mod state;
mod stored_cards;
mod subscription_cards;
mod subscription_model;
mod subscription_page;
mod subscription_request;
mod subscription_wire;
mod subscriptions;
mod three_d;
mod transaction_services;
mod wire;

pub use config::{PreAuth, SimConfig};
pub use driving::{CompleteSaleError, CompletedSale, JsPayment, JsPaymentError, ThreeDStatus};
pub use fixtures::{
    AGENT_NAME, COMPANY_CODE, COMPANY_NAME, DEFAULT_AGENT_COMPANY_CODE, DEFAULT_AGENT_ID,
    DEFAULT_AGENT_REFERENCE_NO, DEFAULT_PUBLISHABLE_KEY, DEFAULT_SECRET_KEY, DEFAULT_SESSION_KEY,
    DEFAULT_USER_ID, PRE_AUTH_100_REFERENCE_NO, PRE_AUTH_100_XACT, PRE_AUTH_100_XACT_ID,
    PRE_AUTH_250_REFERENCE_NO, PRE_AUTH_250_XACT, PRE_AUTH_250_XACT_ID, SEEDED_HISTORY_LEN,
    TEST_3D_PASSWORD, TEST_CARD_3D_DECLINE, TEST_CARD_3D_REQUIRED, TEST_CARD_APPROVE,
    TEST_CARD_DECLINE, TEST_CARD_HASH, TEST_CARD_HASH_3D_DECLINE, TEST_CARD_HASH_3D_REQUIRED,
    TEST_CARD_HASH_DECLINE, TEST_CARD_LIMIT_KURUS, TEST_CARD_LIMITED, TEST_CARD_OWNER_ID, TEST_CVC,
    TEST_EXPIRY_MONTH, TEST_EXPIRY_YEAR, TEST_OTP_CODE, TEST_USER_UNIQUE_ID,
};
pub use simulator::Simulator;
