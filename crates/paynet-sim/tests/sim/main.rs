//! Tests of the simulator through real HTTP, with reqwest.
#![allow(clippy::unwrap_used)]

mod capture;
mod check;
mod routing;
mod softpos;
mod support;
mod triggers;
