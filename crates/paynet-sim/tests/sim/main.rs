//! Tests of the simulator through real HTTP, with reqwest.
#![allow(clippy::unwrap_used)]

mod after_sale;
mod capture;
mod check;
mod detail;
mod js;
mod lists;
mod pay;
mod ratio;
mod routing;
mod softpos;
mod support;
mod three_d;
mod triggers;
