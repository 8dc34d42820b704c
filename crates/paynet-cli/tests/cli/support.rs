//! Helpers shared by the modules: the runtime and the simulators it serves, the `paynet`
//! commands with their environment (`bare`, `paynet`, `with_secret`, `with_session`,
//! `with_card`), running one (`run`, `expect`, `error_of`), a canned one-answer server, a paid
//! sale, and the shapes every transaction has in `--json` output.

use std::sync::OnceLock;
use std::time::Duration;

use assert_cmd::Command;
use paynet_sim::{SimConfig, Simulator, TEST_CVC};
use serde_json::Value;

pub(crate) const SECRET_VAR: &str = "PAYNET_SECRET_KEY";
pub(crate) const SESSION_VAR: &str = "PAYNET_SESSION_KEY";
pub(crate) const CARD_NUMBER_VAR: &str = "PAYNET_CARD_NUMBER";
pub(crate) const CARD_EXPIRY_VAR: &str = "PAYNET_CARD_EXPIRY";
pub(crate) const CARD_CVC_VAR: &str = "PAYNET_CARD_CVC";
pub(crate) const CARD_HOLDER_VAR: &str = "PAYNET_CARD_HOLDER";
pub(crate) const DOMAIN_VAR: &str = "PAYNET_DOMAIN";

/// The simulator's paths counted by tests of several modules: the lookup (`payment check`),
/// `capture cancel`, the two lists and the instalment table.
pub(crate) const CHECK_PATH: &str = "/v1/transaction/check";
pub(crate) const CANCEL_CAPTURE_PATH: &str = "/v1/transaction/capture_reversal";
pub(crate) const LIST_PATH: &str = "/v1/transaction/list";
pub(crate) const REFUND_LIST_PATH: &str = "/v1/transaction/reversal_list";
pub(crate) const RATIOS_PATH: &str = "/v1/ratio/Get";

/// One runtime for every simulator of this test binary (its workers serve them).
pub(crate) fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
    })
}

pub(crate) fn start(config: SimConfig) -> Simulator {
    runtime().block_on(Simulator::start(config)).unwrap()
}

/// A fresh seeded simulator with the default keys and pre-authorisations.
pub(crate) fn sim() -> Simulator {
    start(SimConfig::default().seed(7))
}

/// `paynet` with no credential, proxy or log setting inherited.
pub(crate) fn bare() -> Command {
    let mut cmd = Command::cargo_bin("paynet").unwrap();
    for var in [
        SECRET_VAR,
        SESSION_VAR,
        CARD_NUMBER_VAR,
        CARD_EXPIRY_VAR,
        CARD_CVC_VAR,
        CARD_HOLDER_VAR,
        DOMAIN_VAR,
        "RUST_LOG",
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd.timeout(Duration::from_secs(30));
    cmd
}

/// `paynet --base-url <base_url>`.
pub(crate) fn paynet_at(base_url: &str) -> Command {
    let mut cmd = bare();
    cmd.args(["--base-url", base_url]);
    cmd
}

pub(crate) fn paynet(sim: &Simulator) -> Command {
    paynet_at(&sim.base_url())
}

/// With `PAYNET_SECRET_KEY` set to the simulator's key.
pub(crate) fn with_secret(sim: &Simulator) -> Command {
    let mut cmd = paynet(sim);
    cmd.env(SECRET_VAR, sim.secret_key());
    cmd
}

/// With `PAYNET_SESSION_KEY` set to the simulator's key.
pub(crate) fn with_session(sim: &Simulator) -> Command {
    let mut cmd = paynet(sim);
    cmd.env(SESSION_VAR, sim.session_key());
    cmd
}

pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

impl Run {
    /// stdout as the one JSON object it must be.
    pub(crate) fn json(&self) -> Value {
        let value: Value = serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not one JSON value ({e}): {:?}", self.stdout));
        assert!(value.is_object(), "{value}");
        assert_eq!(
            self.stdout.trim_end().lines().count(),
            1,
            "one line: {:?}",
            self.stdout
        );
        value
    }

    pub(crate) fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

pub(crate) fn run(cmd: &mut Command, args: &[&str]) -> Run {
    let output = cmd.args(args).output().unwrap();
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    };
    println!(
        "$ paynet {}\nexit {}\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        run.code,
        run.stdout,
        run.stderr
    );
    run
}

pub(crate) fn expect(run: &Run, code: i32) {
    assert_eq!(
        run.code, code,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
}

/// The `error` object of a failure's JSON, checked for its documented keys.
pub(crate) fn error_of(run: &Run) -> Value {
    let json = run.json();
    let obj = json.as_object().unwrap();
    assert_eq!(obj.keys().collect::<Vec<_>>(), ["error"], "{json}");
    let error = json["error"].clone();
    for key in ["kind", "message", "http_status", "code"] {
        assert!(error.get(key).is_some(), "no {key}: {error}");
    }
    assert!(error["kind"].is_string() && error["message"].is_string());
    error
}

pub(crate) fn nothing_sent(sim: &Simulator) {
    assert!(sim.requests_seen().is_empty(), "{:?}", sim.requests_seen());
}

/// Every transaction's fields, in order, whichever operation reported it (capture, check-sale,
/// a decline).
pub(crate) const TRANSACTION_FIELDS: [&str; 44] = [
    "xact_id",
    "id",
    "xact_date",
    "transaction_type",
    "pos_type",
    "is_tds",
    "agent_id",
    "user_id",
    "email",
    "phone",
    "bank_id",
    "instalment",
    "ratio",
    "card_no_masked",
    "card_holder",
    "card_type",
    "amount",
    "net_amount",
    "comission",
    "comission_tax",
    "currency",
    "authorization_code",
    "reference_code",
    "order_id",
    "is_succeed",
    "paynet_error_id",
    "paynet_error_message",
    "bank_error_id",
    "bank_error_message",
    "bank_error_short_desc",
    "bank_error_long_desc",
    "reference_no",
    "bank_name",
    "reversed",
    "reversed_xact_id",
    "ratio_code",
    "md_status",
    "xact_transaction_id",
    "note",
    "agent_reference",
    "is_transferred",
    "escrow_status",
    "code",
    "message",
];

/// The numbers a capture's transaction carries.
pub(crate) const CAPTURE_NUMBERS: [&str; 5] = [
    "transaction_type",
    "pos_type",
    "code",
    "amount",
    "net_amount",
];

/// The numbers a card payment's transaction carries.
pub(crate) const PAYMENT_NUMBERS: [&str; 8] = [
    "transaction_type",
    "pos_type",
    "code",
    "amount",
    "net_amount",
    "comission",
    "comission_tax",
    "ratio",
];

/// The numbers a transaction check_sale reports carries (its answer's `code` is beside `Data`).
pub(crate) const CHECKED_NUMBERS: [&str; 7] = [
    "transaction_type",
    "pos_type",
    "amount",
    "net_amount",
    "comission",
    "comission_tax",
    "ratio",
];

/// `t` has exactly the transaction fields, with `numbers` as JSON numbers.
pub(crate) fn assert_transaction_shape(t: &Value, numbers: &[&str]) {
    let mut keys: Vec<&str> = t.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = TRANSACTION_FIELDS.to_vec();
    keys.sort_unstable();
    expected.sort_unstable();
    assert_eq!(keys, expected, "the transaction field names");
    for number in numbers {
        assert!(t[number].is_number(), "{number} is a JSON number: {t}");
    }
}

/// `o` is a payment outcome: the transaction fields, then `replayed` and `reconciled`.
pub(crate) fn assert_outcome_shape(o: &Value, numbers: &[&str]) {
    let mut t = o.clone();
    let fields = t.as_object_mut().unwrap();
    for flag in ["replayed", "reconciled"] {
        let value = fields.remove(flag);
        assert!(
            value.as_ref().is_some_and(Value::is_boolean),
            "{flag} in {o}"
        );
    }
    assert_transaction_shape(&t, numbers);
}

/// The keys appear in `raw` JSON text in this order (serde_json's `Value` sorts them).
pub(crate) fn assert_in_order(raw: &str, keys: &[&str]) {
    let positions: Vec<usize> = keys
        .iter()
        .map(|k| {
            raw.find(&format!("\"{k}\":"))
                .unwrap_or_else(|| panic!("{k} in {raw}"))
        })
        .collect();
    assert!(positions.is_sorted(), "{keys:?} in this order: {raw}");
}

/// The simulator's default agent and user, for PayPOS sessions.
pub(crate) const AGENT: &str = paynet_sim::DEFAULT_AGENT_ID;
pub(crate) const USER: &str = paynet_sim::DEFAULT_USER_ID;

/// A one-request HTTP server that answers `status` and `body` (JSON), whatever it is asked: a
/// Paynet that echoes secrets in its answers.
pub(crate) fn canned(
    status: u16,
    body: impl Into<String>,
) -> (String, std::thread::JoinHandle<()>) {
    use std::io::{Read as _, Write as _};
    let body = body.into();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        // Read the head, then the body by its Content-Length.
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        let head_end = loop {
            let n = stream.read(&mut buf).unwrap_or(0);
            if n == 0 {
                return;
            }
            request.extend_from_slice(&buf[..n]);
            if let Some(i) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
        };
        let head = String::from_utf8_lossy(&request[..head_end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .map_or(0, |v| v.trim().parse().unwrap_or(0));
        while request.len() < head_end + length {
            let n = stream.read(&mut buf).unwrap_or(0);
            if n == 0 {
                break;
            }
            request.extend_from_slice(&buf[..n]);
        }
        let reason = if status == 200 { "OK" } else { "Bad Request" };
        let response = format!(
            "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = stream.write_all(response.as_bytes());
    });
    (url, server)
}

/// The merchant's domain the card payment tests configure.
pub(crate) const DOMAIN: &str = "shop.example";

/// The test cards' expiry as a person writes it: `MM/YY`.
pub(crate) fn test_expiry() -> String {
    format!(
        "{:02}/{:02}",
        paynet_sim::TEST_EXPIRY_MONTH,
        paynet_sim::TEST_EXPIRY_YEAR % 100
    )
}

/// Puts the card `number` (with the test expiry and CVC) in the environment.
pub(crate) fn set_card(cmd: &mut Command, number: &str) {
    cmd.env(CARD_NUMBER_VAR, number)
        .env(CARD_EXPIRY_VAR, test_expiry())
        .env(CARD_CVC_VAR, TEST_CVC)
        .env(CARD_HOLDER_VAR, "AYSE YILMAZ");
}

/// With the simulator's secret key, the merchant's domain and the card `number`.
pub(crate) fn with_card(sim: &Simulator, number: &str) -> Command {
    let mut cmd = with_secret(sim);
    cmd.env(DOMAIN_VAR, DOMAIN);
    set_card(&mut cmd, number);
    cmd
}

/// A seeded simulator's day (its clock starts on it), and a day before its seeded history.
pub(crate) const SIM_DAY: &str = "2024-06-03";
pub(crate) const BEFORE_HISTORY: &str = "2024-05-01";

/// Pays `amount` with `card` under `reference`, and returns the payment's xact_id (the declined
/// transaction's for a declining card).
pub(crate) fn paid(sim: &Simulator, card: &str, amount: &str, reference: &str) -> String {
    let mut cmd = with_card(sim, card);
    let r = run(
        &mut cmd,
        &[
            "--json",
            "pay",
            "--amount",
            amount,
            "--reference-no",
            reference,
        ],
    );
    let json = r.json();
    json["xact_id"]
        .as_str()
        .or(json["error"]["transaction"]["xact_id"].as_str())
        .unwrap()
        .to_owned()
}
