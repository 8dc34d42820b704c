//! What the Paynet SDK costs over the few lines of `reqwest` + `serde_json` a user would otherwise
//! write, measured side by side (see `docs/PERFORMANCE.md`).
//!
//! - [`server::Loopback`]: a minimal HTTP/1.1 server on loopback, on its own thread and runtime,
//!   answering canned bytes ([`CAPTURE_RESPONSE`], [`INIT_SALE_RESPONSE`]) and counting the
//!   connections it accepted, so that its own cost stays small and outside the client's.
//! - [`baseline`]: the hand-written client: plain structs with `f64` amounts, an
//!   `Authorization` header and a JSON body.
//! - [`sdk`]: the facade client (`paynet::Client`) built as a user would build it.
//! - [`clients::Clients`]: both, with their requests, and an interleaved comparison that holds
//!   on a machine whose speed drifts.
//!
//! The criterion benches (`cargo bench -p paynet-benches`) and the `callcount` binary (for
//! `valgrind --tool=callgrind`) use these.

#![warn(missing_docs)]

pub mod baseline;
pub mod clients;
pub mod sdk;
pub mod server;

/// The capture answer of Paynet's own documentation ("Finansallaştırma", the seed capture
/// response), byte for byte: served for `POST /v1/transaction/capture`.
pub const CAPTURE_RESPONSE: &[u8] = include_bytes!("../data/capture_response.json");

/// A PayPOS init_sale answer (the six documented fields): served for
/// `POST /v1/softpos/init_sale_transaction`.
pub const INIT_SALE_RESPONSE: &[u8] = include_bytes!("../data/init_sale_response.json");

/// A made-up secret key (the shape of Paynet's `sck_...` keys); never a real one.
pub const SECRET_KEY: &str = "sck_bench_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW";

/// A made-up PayPOS session key.
pub const SESSION_KEY: &str = "sk_bench_9b1deb4d3b7d4bad9bdd2b0d7b3dcb6d";

/// The reference number both clients send.
pub const REFERENCE_NO: &str = "ORDER-1001";

/// The amount both clients capture: 10.50 TL (sent as `"1050"` kuruş).
pub const CAPTURE_AMOUNT: &str = "10.50";

/// The amount both clients sell: 149.90 TL (sent as the JSON number `149.90`).
pub const SALE_AMOUNT: &str = "149.90";

/// The callback URL both clients send with a sale.
pub const CALLBACK_URL: &str = "myshop://paypos/return";

/// Which operation a measurement makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `POST /v1/transaction/capture`, under the secret key.
    Capture,
    /// `POST /v1/softpos/init_sale_transaction`, under a session key.
    InitSale,
}

impl Op {
    /// Both operations, in report order.
    pub const ALL: [Op; 2] = [Op::InitSale, Op::Capture];

    /// The name used in benchmark ids and on the `callcount` command line.
    pub fn name(self) -> &'static str {
        match self {
            Op::Capture => "capture",
            Op::InitSale => "init_sale",
        }
    }
}

impl std::str::FromStr for Op {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "capture" => Ok(Op::Capture),
            "init-sale" | "init_sale" => Ok(Op::InitSale),
            other => Err(format!("unknown operation {other:?} (capture, init-sale)")),
        }
    }
}
