//! Tests of the simulator through real HTTP, with reqwest.
#![allow(clippy::unwrap_used)]

mod after_sale;
mod agent;
mod capture;
mod check;
mod detail;
mod js;
mod lenient;
mod lists;
mod pay;
mod pay_links;
mod paynetj;
mod prologue;
mod ratio;
mod ratio_services;
mod routing;
mod softpos;
mod stored_cards;
mod subscriptions;
mod support;
mod three_d;
mod transaction_services;
mod triggers;
