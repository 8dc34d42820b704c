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

/// A `ratio/Get` answer of `banks` banks with `instalments` options each (1 to `instalments`),
/// in the shape real answers have (`commision` spelled as they spell it), with amounts computed
/// for 1,000.00 TL. The decode benchmark reads a 13 x 12 table: every bank Paynet works with,
/// every instalment count.
pub fn ratio_table(banks: usize, instalments: u32) -> String {
    use std::fmt::Write as _;
    let mut out =
        String::from(r#"{"object_name":"ratio_get","code":0,"message":"Başarılı İşlem","data":["#);
    for b in 0..banks {
        if b > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            r#"{{"bank_id":"BK{b:02}","bank_logo":"https://pts-api.paynet.com.tr/img/bank/bk{b:02}.png","bank_name":"Banka {b}","card_type":"cc","tds_required":false,"ratio":["#
        );
        for n in 1..=instalments {
            if n > 1 {
                out.push(',');
            }
            // A ratio of 1.99% plus 1.50% per instalment, in basis points; amounts in kuruş.
            let ratio_bp = 199 + 150 * (u64::from(n) - 1);
            let total = 100_000u64;
            let commission = total * ratio_bp / 10_000;
            let tax = commission / 5;
            let net = total - commission - tax;
            let each = total / u64::from(n);
            let _ = write!(
                out,
                r#"{{"ratio":0.{ratio_bp:04},"instalment_key":"BK{b:02}-{n}","instalment":{n},"instalment_amount":{}.{:02},"total_net_amount":{}.{:02},"total_amount":{}.{:02},"commision":{}.{:02},"commision_tax":{}.{:02},"desc":"{n} Taksit","ratio_code":"","is_has_campaign":false,"plus_installment":0}}"#,
                each / 100,
                each % 100,
                net / 100,
                net % 100,
                total / 100,
                total % 100,
                commission / 100,
                commission % 100,
                tax / 100,
                tax % 100,
            );
        }
        out.push_str("]}");
    }
    out.push_str("]}");
    out
}

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
