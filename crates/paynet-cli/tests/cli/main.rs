//! The `paynet` binary against a `paynet_sim::Simulator` started in the test: each command, each
//! exit code, the `--json` shapes, and that no key, card number (beyond its first 6 and last 4
//! digits) or CVC is ever printed.

#![allow(clippy::unwrap_used, clippy::print_stdout)]

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use paynet_sim::{
    JsPayment, PRE_AUTH_100_REFERENCE_NO, PRE_AUTH_100_XACT, PRE_AUTH_100_XACT_ID,
    PRE_AUTH_250_REFERENCE_NO, PRE_AUTH_250_XACT, SimConfig, Simulator, TEST_CARD_3D_DECLINE,
    TEST_CARD_3D_REQUIRED, TEST_CARD_APPROVE, TEST_CARD_DECLINE, TEST_CARD_HASH,
    TEST_CARD_HASH_DECLINE, TEST_CVC, ThreeDStatus,
};
use serde_json::Value;

mod services;

const SECRET_VAR: &str = "PAYNET_SECRET_KEY";
const SESSION_VAR: &str = "PAYNET_SESSION_KEY";
const CARD_NUMBER_VAR: &str = "PAYNET_CARD_NUMBER";
const CARD_EXPIRY_VAR: &str = "PAYNET_CARD_EXPIRY";
const CARD_CVC_VAR: &str = "PAYNET_CARD_CVC";
const CARD_HOLDER_VAR: &str = "PAYNET_CARD_HOLDER";
const DOMAIN_VAR: &str = "PAYNET_DOMAIN";

/// The simulator's paths of the card payment operations and of the lookup.
const PAY_PATH: &str = "/v2/transaction/payment";
const START_3D_PATH: &str = "/v2/transaction/tds_initial";
const COMPLETE_3D_PATH: &str = "/v2/transaction/tds_charge";
const CHARGE_PATH: &str = "/v1/transaction/charge";
const DETAIL_PATH: &str = "/v1/transaction/detail";
const CHECK_PATH: &str = "/v1/transaction/check";

/// One runtime for every simulator of this test binary (its workers serve them).
fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
    })
}

fn start(config: SimConfig) -> Simulator {
    runtime().block_on(Simulator::start(config)).unwrap()
}

/// A fresh seeded simulator with the default keys and pre-authorisations.
fn sim() -> Simulator {
    start(SimConfig::default().seed(7))
}

/// `paynet` with no credential, proxy or log setting inherited.
fn bare() -> Command {
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
fn paynet_at(base_url: &str) -> Command {
    let mut cmd = bare();
    cmd.args(["--base-url", base_url]);
    cmd
}

fn paynet(sim: &Simulator) -> Command {
    paynet_at(&sim.base_url())
}

/// With `PAYNET_SECRET_KEY` set to the simulator's key.
fn with_secret(sim: &Simulator) -> Command {
    let mut cmd = paynet(sim);
    cmd.env(SECRET_VAR, sim.secret_key());
    cmd
}

/// With `PAYNET_SESSION_KEY` set to the simulator's key.
fn with_session(sim: &Simulator) -> Command {
    let mut cmd = paynet(sim);
    cmd.env(SESSION_VAR, sim.session_key());
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// stdout as the one JSON object it must be.
    fn json(&self) -> Value {
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

    fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

fn run(cmd: &mut Command, args: &[&str]) -> Run {
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

fn expect(run: &Run, code: i32) {
    assert_eq!(
        run.code, code,
        "stdout: {}\nstderr: {}",
        run.stdout, run.stderr
    );
}

/// The `error` object of a failure's JSON, checked for its documented keys.
fn error_of(run: &Run) -> Value {
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

/// Every transaction's fields, in order, whichever operation reported it (capture, check-sale,
/// a decline).
const TRANSACTION_FIELDS: [&str; 44] = [
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
const CAPTURE_NUMBERS: [&str; 5] = [
    "transaction_type",
    "pos_type",
    "code",
    "amount",
    "net_amount",
];

/// The numbers a card payment's transaction carries.
const PAYMENT_NUMBERS: [&str; 8] = [
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
const CHECKED_NUMBERS: [&str; 7] = [
    "transaction_type",
    "pos_type",
    "amount",
    "net_amount",
    "comission",
    "comission_tax",
    "ratio",
];

/// `t` has exactly the transaction fields, with `numbers` as JSON numbers.
fn assert_transaction_shape(t: &Value, numbers: &[&str]) {
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
fn assert_outcome_shape(o: &Value, numbers: &[&str]) {
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
fn assert_in_order(raw: &str, keys: &[&str]) {
    let positions: Vec<usize> = keys
        .iter()
        .map(|k| {
            raw.find(&format!("\"{k}\":"))
                .unwrap_or_else(|| panic!("{k} in {raw}"))
        })
        .collect();
    assert!(positions.is_sorted(), "{keys:?} in this order: {raw}");
}

// ---------------------------------------------------------------------------------------------
// capture

#[test]
fn capture_partial_prints_a_human_summary() {
    let sim = sim();
    let r = run(
        &mut with_secret(&sim),
        &[
            "capture",
            "--reference-no",
            PRE_AUTH_250_REFERENCE_NO,
            "--amount",
            "10.50",
        ],
    );
    expect(&r, 0);
    assert!(r.stdout.starts_with("Captured 10.50 TRY."), "{}", r.stdout);
    assert!(r.stdout.contains("net amount   10.25 TRY"), "{}", r.stdout);
    assert!(
        r.stdout.contains("result code 0 (successful)"),
        "{}",
        r.stdout
    );
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_250_REFERENCE_NO),
        Some(23_950)
    );
}

#[test]
fn capture_json_has_paynet_names_and_exact_numbers() {
    let sim = sim();
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "capture",
            "--reference-no",
            PRE_AUTH_100_REFERENCE_NO,
            "--amount",
            "57.93",
        ],
    );
    expect(&r, 0);
    // Exact decimals, as JSON numbers, on the raw text.
    for fragment in [
        r#""amount":57.93,"#,
        r#""net_amount":56.55,"#,
        r#""comission":1.15,"#,
        r#""comission_tax":0.23,"#,
        r#""ratio":0.0199,"#,
        r#""currency":"TRY","#,
        r#""transaction_type":4,"#,
        r#""pos_type":5,"#,
        r#""is_succeed":true,"#,
        r#""code":0,"#,
    ] {
        assert!(r.stdout.contains(fragment), "{fragment} in {}", r.stdout);
    }
    assert!(!r.stdout.contains("56.549"), "{}", r.stdout);
    let t = r.json();
    assert_transaction_shape(&t, &CAPTURE_NUMBERS);
    assert_in_order(&r.stdout, &TRANSACTION_FIELDS);
    assert_eq!(t["message"], "Başarılı İşlem");
    assert!(t["xact_id"].as_str().unwrap().starts_with("xk_"));
    assert_eq!(t["paynet_error_id"], Value::Null, "blank strings are null");
    // Capture-only answers have no check fields.
    for absent in [
        "card_type",
        "xact_transaction_id",
        "note",
        "agent_reference",
    ] {
        assert_eq!(t[absent], Value::Null, "{absent}");
    }
    // The exact text the simulator sends: .NET's 7 fraction digits and the offset.
    let date = t["xact_date"].as_str().unwrap();
    let fraction = date.split_once('.').unwrap().1;
    assert_eq!(fraction.len(), "0296925+03:00".len(), "{date}");
    assert!(date.ends_with("+03:00"), "{date}");
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_100_REFERENCE_NO),
        Some(10_000 - 5_793)
    );
}

#[test]
fn capture_again_with_the_same_reference_is_replayed() {
    let sim = sim();
    let args = [
        "--json",
        "capture",
        "--reference-no",
        PRE_AUTH_250_REFERENCE_NO,
        "--amount",
        "10",
    ];
    let first = run(&mut with_secret(&sim), &args);
    expect(&first, 0);
    let again = run(&mut with_secret(&sim), &args);
    expect(&again, 0);
    let (first, again) = (first.json(), again.json());
    assert_eq!(first["code"], 0);
    assert_eq!(again["code"], 100);
    assert_eq!(
        again["xact_id"], first["xact_id"],
        "the earlier transaction"
    );
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_250_REFERENCE_NO),
        Some(24_000)
    );

    let human = run(
        &mut with_secret(&sim),
        &[
            "capture",
            "--reference-no",
            PRE_AUTH_250_REFERENCE_NO,
            "--amount",
            "10",
        ],
    );
    expect(&human, 0);
    assert!(human.stdout.contains("result code 100"), "{}", human.stdout);
    assert!(
        human.stdout.contains("no money moved again"),
        "{}",
        human.stdout
    );
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_250_REFERENCE_NO),
        Some(24_000)
    );
}

#[test]
fn capture_in_full_by_xact_id_and_in_part_by_xact() {
    let sim = sim();
    let r = run(
        &mut with_secret(&sim),
        &["--json", "capture", "--xact-id", PRE_AUTH_100_XACT_ID],
    );
    expect(&r, 0);
    assert!(r.stdout.contains(r#""amount":100"#), "{}", r.stdout);
    assert_eq!(sim.pre_auth_remaining_kurus(PRE_AUTH_100_XACT), Some(0));

    let r = run(
        &mut with_secret(&sim),
        &["capture", "--xact", PRE_AUTH_250_XACT, "--amount", "0.01"],
    );
    expect(&r, 0);
    assert!(r.stdout.starts_with("Captured 0.01 TRY."), "{}", r.stdout);
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_250_XACT),
        Some(24_999)
    );
}

#[test]
fn capture_refused_by_paynet_exits_3() {
    let sim = sim();
    // More than is left: Paynet answers with a non-success code.
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "capture",
            "--xact",
            PRE_AUTH_100_XACT,
            "--amount",
            "100.01",
        ],
    );
    expect(&r, 3);
    let e = error_of(&r);
    assert_eq!(e["kind"], "rejected");
    assert_eq!(e["code"], 1);
    assert_eq!(e["http_status"], 200);
    // An unknown pre-authorisation: HTTP 404.
    let r = run(
        &mut with_secret(&sim),
        &["--json", "capture", "--xact", "999"],
    );
    expect(&r, 3);
    let e = error_of(&r);
    assert_eq!(
        (
            e["kind"].as_str(),
            e["http_status"].as_i64(),
            e["code"].as_i64()
        ),
        (Some("rejected"), Some(404), Some(12))
    );
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_100_XACT),
        Some(10_000)
    );
}

#[test]
fn a_bank_decline_exits_3_and_says_so() {
    let sim = sim();
    let r = run(
        &mut with_secret(&sim),
        &["capture", "--reference-no", "DECLINE-1", "--amount", "10"],
    );
    expect(&r, 3);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains("the bank declined the capture"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("Red-Onaylanmadı"), "{}", r.stderr);

    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "capture",
            "--reference-no",
            "DECLINE-2",
            "--amount",
            "10",
        ],
    );
    expect(&r, 3);
    let e = error_of(&r);
    assert_eq!(e["kind"], "declined");
    assert_eq!(e["http_status"], 200);
    assert_eq!(e["code"], 1);
    assert_transaction_shape(&e["transaction"], &CAPTURE_NUMBERS);
    assert_eq!(e["transaction"]["is_succeed"], false);
    assert_eq!(e["transaction"]["bank_error_id"], "05");
}

#[test]
fn a_wrong_secret_key_is_refused_with_401_and_exits_3() {
    let sim = sim();
    let mut cmd = paynet(&sim);
    cmd.env(SECRET_VAR, "sck_wrong_key_0123456789");
    let r = run(
        &mut cmd,
        &["--json", "-v", "capture", "--xact", PRE_AUTH_100_XACT],
    );
    expect(&r, 3);
    let e = error_of(&r);
    assert_eq!(e["kind"], "rejected");
    assert_eq!(e["http_status"], 401);
    assert_eq!(e["code"], 7);
    assert!(
        r.stderr.contains(SECRET_VAR),
        "the hint names the variable: {}",
        r.stderr
    );
    assert!(!r.all().contains("sck_wrong_key_0123456789"));
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_100_XACT),
        Some(10_000)
    );
}

#[test]
fn a_dropped_connection_is_an_unknown_outcome_exit_4() {
    let sim = sim();
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "capture",
            "--reference-no",
            "DROP-1",
            "--amount",
            "10",
        ],
    );
    expect(&r, 4);
    let e = error_of(&r);
    assert_eq!(e["kind"], "outcome_unknown");
    assert_eq!(e["reference"], "reference_no=DROP-1");
    assert_eq!(e["http_status"], Value::Null);
    assert_eq!(e["code"], Value::Null);
    // Sent once: an unknown outcome is never retried.
    assert_eq!(sim.request_count("/v1/transaction/capture"), 1);

    let r = run(
        &mut with_secret(&sim),
        &["capture", "--reference-no", "DROP-2"],
    );
    expect(&r, 4);
    assert!(r.stderr.contains("UNKNOWN"), "{}", r.stderr);
    assert!(r.stderr.contains("reference_no=DROP-2"), "{}", r.stderr);
}

#[test]
fn a_slow_answer_past_the_timeout_exits_4() {
    let sim = start(SimConfig::default().slow_delay(Duration::from_secs(5)));
    let started = Instant::now();
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "--timeout",
            "0.3",
            "capture",
            "--reference-no",
            "SLOW-1",
            "--amount",
            "10",
        ],
    );
    expect(&r, 4);
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    let e = error_of(&r);
    assert_eq!(e["kind"], "outcome_unknown");
    assert!(e["message"].as_str().unwrap().contains("timed out"), "{e}");
}

#[test]
fn nothing_listening_is_a_transport_failure_exit_4() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut cmd = paynet_at(&format!("http://127.0.0.1:{port}"));
    cmd.env(SECRET_VAR, "sck_anything");
    let r = run(&mut cmd, &["--json", "capture", "--xact", "1"]);
    expect(&r, 4);
    assert_eq!(error_of(&r)["kind"], "transport");
    assert!(r.stderr.contains("trying again is safe"), "{}", r.stderr);
}

#[test]
fn an_html_500_page_exits_5() {
    let sim = sim();
    let r = run(
        &mut with_secret(&sim),
        &["--json", "capture", "--reference-no", "FAIL500-1"],
    );
    expect(&r, 5);
    let e = error_of(&r);
    assert_eq!(e["kind"], "invalid_response");
    assert_eq!(e["http_status"], 500);

    let r = run(
        &mut with_session(&sim),
        &["init-sale", "--amount", "10", "--reference-no", "FAIL500-2"],
    );
    expect(&r, 5);
    assert!(r.stderr.contains("HTTP 500"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// Invalid input and usage: exit 2, nothing sent.

fn nothing_sent(sim: &Simulator) {
    assert!(sim.requests_seen().is_empty(), "{:?}", sim.requests_seen());
}

#[test]
fn a_missing_credential_names_its_variable_exit_2() {
    let sim = sim();
    let r = run(&mut paynet(&sim), &["capture", "--xact", PRE_AUTH_100_XACT]);
    expect(&r, 2);
    assert!(
        r.stderr.contains("PAYNET_SECRET_KEY is not set"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());

    let r = run(
        &mut paynet(&sim),
        &["--json", "init-sale", "--amount", "149.90"],
    );
    expect(&r, 2);
    let e = error_of(&r);
    assert_eq!(e["kind"], "usage");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("PAYNET_SESSION_KEY"),
        "{e}"
    );

    // The other command's key does not stand in.
    let r = run(
        &mut with_session(&sim),
        &["capture", "--xact", PRE_AUTH_100_XACT],
    );
    expect(&r, 2);
    assert!(r.stderr.contains(SECRET_VAR));

    // A malformed key: the variable is named, the value is not echoed.
    let mut cmd = paynet(&sim);
    cmd.env(SECRET_VAR, "sck_has a_space_inside");
    let r = run(&mut cmd, &["capture", "--xact", PRE_AUTH_100_XACT]);
    expect(&r, 2);
    assert!(r.stderr.contains(SECRET_VAR), "{}", r.stderr);
    assert!(!r.all().contains("a_space_inside"), "{}", r.all());
    nothing_sent(&sim);
}

#[test]
fn amounts_as_a_person_writes_them_and_refusals_exit_2() {
    let sim = sim();
    let r = run(
        &mut with_secret(&sim),
        &["capture", "--xact", PRE_AUTH_100_XACT, "--amount", "10,50"],
    );
    expect(&r, 2);
    assert!(
        r.stderr
            .contains(r#"amount "10,50" uses ',' as the decimal separator"#),
        "the SDK's message: {}",
        r.stderr
    );
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "capture",
            "--xact",
            PRE_AUTH_100_XACT,
            "--amount",
            "10,50",
        ],
    );
    expect(&r, 2);
    let e = error_of(&r);
    assert_eq!(e["kind"], "invalid_request");
    assert!(e["message"].as_str().unwrap().contains("\"10.50\""), "{e}");
    for bad in ["0", "-5", "10.005", "1e3", "10 TL", "1.000,00"] {
        let r = run(
            &mut with_secret(&sim),
            &["capture", "--xact", PRE_AUTH_100_XACT, "--amount", bad],
        );
        expect(&r, 2);
        let r = run(&mut with_session(&sim), &["init-sale", "--amount", bad]);
        expect(&r, 2);
    }
    nothing_sent(&sim);
}

#[test]
fn exactly_one_transaction_id_exit_2() {
    let sim = sim();
    let r = run(
        &mut with_secret(&sim),
        &[
            "capture",
            "--xact",
            PRE_AUTH_100_XACT,
            "--xact-id",
            PRE_AUTH_100_XACT_ID,
        ],
    );
    expect(&r, 2);
    assert!(r.stderr.contains("cannot be used with"), "{}", r.stderr);
    let r = run(&mut with_secret(&sim), &["capture", "--amount", "10"]);
    expect(&r, 2);
    // With --json, a usage error is also one JSON object.
    let r = run(
        &mut with_secret(&sim),
        &["--json", "capture", "--xact", "1", "--reference-no", "R"],
    );
    expect(&r, 2);
    assert_eq!(error_of(&r)["kind"], "usage");
    let r = run(&mut with_secret(&sim), &["capture", "--xact", " 1"]);
    expect(&r, 2);
    nothing_sent(&sim);
}

#[test]
fn other_invalid_options_exit_2() {
    let sim = sim();
    for args in [
        &["--timeout", "0", "capture", "--xact", "1"][..],
        &["--timeout", "soon", "capture", "--xact", "1"],
        &["--env", "staging", "capture", "--xact", "1"],
        &[
            "init-sale",
            "--amount",
            "10",
            "--card-holder-mail",
            "not-an-email",
        ],
        &["init-sale", "--amount", "10", "--instalment", "99"],
        &["init-sale", "--amount", "10", "--callback-url", "no url"],
        &["frobnicate"],
    ] {
        let mut cmd = with_secret(&sim);
        cmd.env(SESSION_VAR, sim.session_key());
        let r = run(&mut cmd, args);
        expect(&r, 2);
    }
    // Plain http is refused off loopback; nothing is sent anywhere.
    let mut cmd = paynet_at("http://paynet.example.com");
    cmd.env(SECRET_VAR, "sck_anything");
    let r = run(&mut cmd, &["--json", "capture", "--xact", "1"]);
    expect(&r, 2);
    assert_eq!(error_of(&r)["kind"], "invalid_request");
    nothing_sent(&sim);
}

#[test]
fn help_documents_credentials_and_exit_codes() {
    let r = run(&mut bare(), &["--help"]);
    expect(&r, 0);
    for text in [
        SECRET_VAR,
        SESSION_VAR,
        "init-sale",
        "capture",
        "demo",
        "sim",
        "Exit codes",
    ] {
        assert!(r.stdout.contains(text), "{text}");
    }
    let r = run(&mut bare(), &["capture", "--help"]);
    expect(&r, 0);
    assert!(r.stdout.contains("--reference-no"));
}

// ---------------------------------------------------------------------------------------------
// init-sale

#[test]
fn init_sale_starts_a_paypos_sale() {
    let sim = sim();
    let r = run(
        &mut with_session(&sim),
        &[
            "init-sale",
            "--amount",
            "149.90",
            "--instalment",
            "3",
            "--add-commission",
            "--reference-no",
            "ORDER-1001",
            "--description",
            "Kahve makinesi",
            "--card-holder-phone",
            "+90 555 123 45 67",
            "--card-holder-mail",
            "ayse@example.com",
            "--selected-agent-id",
            "20005",
            "--callback-url",
            "myshop://paypos/return",
        ],
    );
    expect(&r, 0);
    assert!(
        r.stdout.starts_with("PayPOS sale of 149.90 TRY started."),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("paypos://sale?payment_session_id="),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("encryption_key      [redacted]"),
        "{}",
        r.stdout
    );
    assert_eq!(sim.pending_sales().len(), 1);
    assert!(r.stdout.contains(&sim.pending_sales()[0]));
}

#[test]
fn init_sale_json_never_shows_the_encryption_key() {
    let sim = sim();
    let r = run(
        &mut with_session(&sim),
        &["--json", "init-sale", "--amount", "149.9"],
    );
    expect(&r, 0);
    let s = r.json();
    let keys = [
        "payment_session_id",
        "deeplink_url",
        "encryption_key",
        "code",
        "message",
    ];
    assert_eq!(s.as_object().unwrap().len(), keys.len());
    assert_in_order(&r.stdout, &keys);
    assert_eq!(s["encryption_key"], "[redacted]");
    assert_eq!(s["code"], 0);
    assert_eq!(
        s["payment_session_id"].as_str(),
        sim.pending_sales().first().map(String::as_str)
    );
    assert!(s["deeplink_url"].as_str().unwrap().starts_with("paypos://"));
}

#[test]
fn init_sale_failures() {
    let sim = sim();
    let mut cmd = paynet(&sim);
    cmd.env(SESSION_VAR, "ssk_not_a_session");
    let r = run(&mut cmd, &["--json", "init-sale", "--amount", "10"]);
    expect(&r, 3);
    let e = error_of(&r);
    assert_eq!(
        (e["kind"].as_str(), e["code"].as_i64()),
        (Some("rejected"), Some(7))
    );

    let r = run(
        &mut with_session(&sim),
        &[
            "--json",
            "init-sale",
            "--amount",
            "10",
            "--reference-no",
            "DROP-9",
        ],
    );
    expect(&r, 4);
    let e = error_of(&r);
    assert_eq!(e["kind"], "outcome_unknown");
    assert_eq!(e["reference"], "reference_no=DROP-9");
}

// ---------------------------------------------------------------------------------------------
// No secret is printed.

#[test]
fn no_key_reaches_stdout_or_stderr_even_with_verbose() {
    let secret = "sck_cli_TEST/secret+key==";
    let session = "ssk_cli_TEST_session_key";
    let sim = start(
        SimConfig::default()
            .secret_key(secret)
            .without_session_keys()
            .session_key(session),
    );
    let keyed = || {
        let mut cmd = paynet(&sim);
        cmd.env(SECRET_VAR, secret).env(SESSION_VAR, session);
        cmd
    };
    let runs = [
        run(
            &mut keyed(),
            &[
                "-v",
                "capture",
                "--reference-no",
                PRE_AUTH_250_REFERENCE_NO,
                "--amount",
                "1",
            ],
        ),
        run(
            &mut keyed(),
            &[
                "-vv",
                "--json",
                "capture",
                "--reference-no",
                PRE_AUTH_250_REFERENCE_NO,
                "--amount",
                "1",
            ],
        ),
        run(
            &mut keyed(),
            &["-v", "capture", "--reference-no", "DECLINE-1"],
        ),
        run(&mut keyed(), &["-v", "capture", "--reference-no", "DROP-1"]),
        run(
            &mut keyed(),
            &["-v", "capture", "--reference-no", "FAIL500-1"],
        ),
        run(&mut keyed(), &["-v", "init-sale", "--amount", "149.90"]),
        run(
            &mut keyed(),
            &[
                "-vv",
                "--json",
                "init-sale",
                "--amount",
                "149.90",
                "--reference-no",
                "R-1",
            ],
        ),
    ];
    let codes: Vec<i32> = runs.iter().map(|r| r.code).collect();
    assert_eq!(codes, [0, 0, 3, 4, 5, 0, 0]);
    for r in &runs {
        let all = r.all();
        for key in [secret, session, "secret+key", "TEST_session"] {
            assert!(!all.contains(key), "{key} printed:\n{all}");
        }
        // --verbose logged the facade's call.
        assert!(r.stderr.contains("paynet.call"), "{}", r.stderr);
    }
    // The wrong key of a refused call is not printed either.
    let mut cmd = paynet(&sim);
    cmd.env(SECRET_VAR, "sck_cli_WRONG_key");
    let r = run(&mut cmd, &["-vv", "capture", "--xact", PRE_AUTH_100_XACT]);
    expect(&r, 3);
    assert!(!r.all().contains("WRONG_key"), "{}", r.all());
}

// ---------------------------------------------------------------------------------------------
// demo and sim

#[test]
fn demo_tells_the_whole_story_and_exits_0() {
    let r = run(&mut bare(), &["demo"]);
    expect(&r, 0);
    for step in [
        // Part 1: App2App.
        "PayPOS App2App",
        "1. Open a PayPOS session for agent 20005, user sim_user (open_session: Paynet's get_auth_key",
        "expired_date 2024-06-04T10:27:22.0296925+03:00",
        "session_key [redacted]",
        "2. Start a PayPOS sale of 149.90 TRY under that session (init_sale)",
        "paypos://sale?payment_session_id=",
        "encryption_key [redacted]",
        "3. Check it at once, before any card is tapped (check_sale",
        "pending: Data is empty, result code 12",
        "`paynet check-sale` says \"pending\"",
        "4. The customer taps a card on the phone (the simulator plays PayPOS: complete_sale)",
        "5. Check the outcome (check_sale",
        "approved (is_succeed true): sale (transaction_type 1) of 149.90 TRY",
        "net_amount 146.32 TRY",
        "6. Refund it: start a reversal of xact_id xk_",
        "(init_reversal)",
        "paypos://reversal?payment_session_id=",
        "7. Check the reversal (check_sale",
        "reversed (is_succeed true): reversal (transaction_type 2)",
        "8. Close the session (close_session: Paynet's logout",
        "9. Use the closed session's key again (check_sale)",
        "Err(Error::Rejected)",
        "result code 7",
        // Part 2: captures.
        "Capturing a pre-authorisation",
        "10. Capture 10.50 TRY",
        "left on the pre-authorisation: 239.50 TRY",
        "11. The same capture again",
        "result code 100",
        "No money moved again: still 239.50 TRY",
        "12. Capture the remainder in full",
        "left on the pre-authorisation: 0.00 TRY",
        "13. A capture the bank declines",
        "CaptureOutcome::Declined",
        "14. A capture whose answer is lost",
        "Error::OutcomeUnknown",
        "look the transaction up",
        "15. Amounts are exact",
        "10,50",
        // Part 3: card payments.
        "Card payments",
        "16. Pay 149.90 TRY with the simulator's approving test card (pay",
        "card 435508******4358: the SDK never shows more of the number, nor the CVC at all",
        "17. The same payment again",
        "No money moved again: the simulator's ledger still holds",
        "18. Pay 25.00 TRY with the simulator's declining test card",
        "PaymentOutcome::Declined",
        "The bank declined the payment, nothing was charged",
        "19. A mistyped card number",
        "fails the Luhn check",
        "20. Start a 3-D Secure payment of 75.00 TRY",
        "/sim/3d?session_id=",
        "21. The card holder passes the bank's 3-D page",
        "the same as start_3d returned",
        "22. Finish the 3-D payment with what the page posted back (complete_3d)",
        "card 450803******0006",
        "is_tds true",
        "23. A payment whose answer is lost (reference_no DROP-DEMO-PAY-1",
        "Sent once (1 payment request), never re-sent",
        "closes the connection before recording anything (0",
        "`paynet pay` exits 4",
        "24. A payment whose answer is lost after it was made (reference_no LOST-DEMO-PAY-1",
        "Ok(Approved { reconciled: true }): settled by a lookup",
        "The payment was sent once (1 payment request)",
        // Part 4: after the sale.
        "After the sale",
        "25. Refund the 149.90 TRY payment of step 16 in full (refund: a REQUEST",
        "the request is ACCEPTED, no money has been returned yet",
        "26. Confirm the decision in the refund list (list_refunds for 2024-06-03",
        "-> status 1 (approved) after",
        "149.90 TRY of 149.90 TRY requested (a cancellation)",
        "27. This month's payments, streamed page by page (Client::payments: list_payments from 2024-06-01 to 2024-06-03",
        "successful transactions in 2 page(s)",
        "no row twice, none missed",
        "28. The instalment options for the test card's BIN 435508, for 149.90 TRY (ratios)",
        "Tek Çekim",
        "12 Taksit",
        "Done: 28 steps",
    ] {
        assert!(r.stdout.contains(step), "{step:?} in:\n{}", r.stdout);
    }
    assert!(!r.stdout.contains("UNEXPECTED"), "{}", r.stdout);
    // One vocabulary: Paynet's paths are not the operations' names.
    for old in [
        "(get_auth_key",
        "init_sale_transaction",
        "check_transaction",
        "netAmount",
    ] {
        assert!(!r.stdout.contains(old), "{old:?} in:\n{}", r.stdout);
    }
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    for key in [
        paynet_sim::DEFAULT_SECRET_KEY,
        paynet_sim::DEFAULT_SESSION_KEY,
        "ssk_",
        TEST_CARD_APPROVE,
        TEST_CARD_DECLINE,
        TEST_CARD_3D_REQUIRED,
    ] {
        assert!(!r.all().contains(key), "{key}");
    }
}

#[test]
fn demo_json_summarises_the_steps() {
    let r = run(&mut bare(), &["--json", "demo"]);
    expect(&r, 0);
    assert!(r.stdout.contains(r#""remaining":239.50"#), "{}", r.stdout);
    assert!(r.stdout.contains(r#""net_amount":146.32,"#), "{}", r.stdout);
    assert!(!r.stdout.contains("netAmount"), "{}", r.stdout);
    assert!(
        r.stdout.contains(r#""session_key":"[redacted]""#),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("ssk_"), "{}", r.stdout);
    let d = r.json();
    assert_eq!(d["ok"], true);
    let steps = d["steps"].as_array().unwrap();
    let names: Vec<(&str, &str)> = steps
        .iter()
        .map(|s| (s["name"].as_str().unwrap(), s["result"].as_str().unwrap()))
        .collect();
    assert_eq!(
        names,
        [
            ("open_session", "opened"),
            ("init_sale", "started"),
            ("check_pending", "pending"),
            ("tap_card", "approved"),
            ("check_sale", "approved"),
            ("init_reversal", "started"),
            ("check_reversal", "reversed"),
            ("close_session", "closed"),
            ("closed_session_refused", "rejected"),
            ("partial_capture", "approved"),
            ("replayed_capture", "replayed"),
            ("full_capture", "approved"),
            ("bank_decline", "declined"),
            ("outcome_unknown", "outcome_unknown"),
            ("amount_refused", "invalid_request"),
            ("card_payment", "approved"),
            ("replayed_payment", "replayed"),
            ("card_declined", "declined"),
            ("card_refused", "invalid_request"),
            ("start_3d", "started"),
            ("bank_page", "verified"),
            ("complete_3d", "approved"),
            ("lost_answer_unknown", "outcome_unknown"),
            ("lost_answer_settled", "approved"),
            ("refund_requested", "requested"),
            ("refund_decided", "approved"),
            ("payments_report", "listed"),
            ("instalments", "listed"),
        ]
    );
    assert!(steps.iter().all(|s| s["as_expected"] == true));
    assert_eq!(steps[2]["response"]["code"], 12);
    assert_eq!(steps[2]["response"]["Data"], serde_json::json!([]));
    assert_eq!(steps[0]["response"]["session_key"], "[redacted]");
    assert_eq!(steps[1]["response"]["encryption_key"], "[redacted]");
    assert_eq!(steps[4]["response"]["Data"][0]["is_succeed"], true);
    assert_transaction_shape(&steps[4]["response"]["Data"][0], &CHECKED_NUMBERS);
    assert_transaction_shape(&steps[9]["response"], &CAPTURE_NUMBERS);
    assert_eq!(steps[6]["response"]["Data"][0]["transaction_type"], 2);
    assert_eq!(steps[8]["error"]["code"], 7);
    assert_eq!(steps[10]["response"]["code"], 100);
    assert_eq!(steps[13]["error"]["reference"], "reference_no=DROP-DEMO-1");
    // Part 3: card payments.
    assert_transaction_shape(&steps[15]["response"], &PAYMENT_NUMBERS);
    assert_eq!(steps[15]["response"]["card_no_masked"], "435508******4358");
    assert!(r.stdout.contains(r#""amount":149.90,"#), "{}", r.stdout);
    assert_eq!(steps[16]["response"]["code"], 100);
    assert_eq!(
        steps[16]["response"]["xact_id"],
        steps[15]["response"]["xact_id"]
    );
    assert_eq!(steps[17]["response"]["is_succeed"], false);
    assert_eq!(steps[17]["response"]["bank_error_id"], "05");
    assert_eq!(steps[18]["error"]["kind"], "invalid_request");
    let session = &steps[19]["response"];
    assert!(
        session["post_url"].as_str().unwrap().contains("/sim/3d?"),
        "{session}"
    );
    assert_eq!(steps[20]["bank_page"]["session_id"], session["session_id"]);
    assert_eq!(steps[20]["bank_page"]["token_id"], session["token_id"]);
    assert_eq!(
        steps[20]["bank_page"]["posts_to"],
        "https://shop.example/paynet/3d-return"
    );
    assert_eq!(steps[21]["response"]["is_tds"], true);
    assert_eq!(steps[21]["response"]["card_no_masked"], "450803******0006");
    assert_eq!(
        steps[22]["error"]["reference"],
        "reference_no=DROP-DEMO-PAY-1"
    );
    assert_eq!(steps[22]["sent"], 1);
    assert!(steps[22]["lookups"].as_u64().unwrap() >= 1);
    assert_eq!(steps[23]["sent"], 1);
    assert!(steps[23]["lookups"].as_u64().unwrap() >= 1);
    assert_eq!(steps[23]["reconciled"], true);
    assert_eq!(steps[23]["response"]["is_succeed"], true);
    assert_eq!(steps[23]["response"]["agent_reference"], "LOST-DEMO-PAY-1");
    // Part 4: after the sale.
    assert_eq!(
        steps[24]["response"],
        serde_json::json!({"code": 0, "message": "Başarılı İşlem", "reconciled": false})
    );
    let decided = &steps[25]["response"];
    assert_eq!(decided["xact_id"], steps[15]["response"]["xact_id"]);
    assert_eq!(decided["status"], 1);
    assert_eq!(decided["is_cancel"], true);
    assert!(
        r.stdout
            .contains(r#""amount":149.90,"xact_amount":149.90,"#)
    );
    assert!(steps[25]["polls"].as_u64().unwrap() >= 1);
    assert!(steps[26]["rows"].as_u64().unwrap() > 0);
    assert_eq!(steps[26]["pages"], 2);
    let table = &steps[27]["response"];
    assert_eq!(table["code"], 0);
    assert_eq!(table["data"].as_array().unwrap().len(), 1);
    assert_eq!(table["data"][0]["bank_id"], "AXSS");
    assert_eq!(table["data"][0]["ratio"].as_array().unwrap().len(), 12);
    for pan in [TEST_CARD_APPROVE, TEST_CARD_DECLINE, TEST_CARD_3D_REQUIRED] {
        assert!(!r.stdout.contains(pan), "{pan}");
    }
}

/// Kills the child if the test fails before it ends.
struct Reap(Child);

impl Drop for Reap {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn_sim(args: &[&str]) -> (Reap, BufReader<std::process::ChildStdout>) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("paynet"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    (Reap(child), stdout)
}

/// Interrupts the child as Ctrl-C would and waits (at most 10 s) for its exit code.
fn interrupt(child: &mut Reap) -> Option<i32> {
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.0.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Some(status) = child.0.try_wait().unwrap() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

#[test]
fn sim_serves_until_interrupted() {
    let (mut child, mut stdout) = spawn_sim(&["sim", "--json"]);
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let info: Value = serde_json::from_str(&line).unwrap();
    let base_url = info["base_url"].as_str().unwrap();
    assert!(base_url.starts_with("http://127.0.0.1:"), "{base_url}");
    assert_eq!(info["secret_key"], paynet_sim::DEFAULT_SECRET_KEY);
    assert_eq!(info["session_key"], paynet_sim::DEFAULT_SESSION_KEY);

    let mut cmd = paynet_at(base_url);
    cmd.env(SECRET_VAR, paynet_sim::DEFAULT_SECRET_KEY);
    let r = run(
        &mut cmd,
        &[
            "capture",
            "--reference-no",
            PRE_AUTH_100_REFERENCE_NO,
            "--amount",
            "1",
        ],
    );
    expect(&r, 0);
    let mut cmd = paynet_at(base_url);
    cmd.env(SESSION_VAR, paynet_sim::DEFAULT_SESSION_KEY);
    let r = run(&mut cmd, &["init-sale", "--amount", "1"]);
    expect(&r, 0);

    assert_eq!(interrupt(&mut child), Some(0));
}

#[test]
fn sim_takes_a_port_and_a_secret_key() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let port = port.to_string();
    let (mut child, mut stdout) =
        spawn_sim(&["sim", "--port", &port, "--secret-key", "sck_my_test_key"]);
    let mut text = String::new();
    while !text.contains("Try:") {
        let mut line = String::new();
        if stdout.read_line(&mut line).unwrap() == 0 {
            break;
        }
        text.push_str(&line);
    }
    let base_url = format!("http://127.0.0.1:{port}");
    assert!(text.contains(&base_url), "{text}");
    assert!(
        text.contains("export PAYNET_SECRET_KEY='sck_my_test_key'"),
        "{text}"
    );
    assert!(text.contains(PRE_AUTH_250_REFERENCE_NO), "{text}");

    let mut cmd = paynet_at(&base_url);
    cmd.env(SECRET_VAR, "sck_my_test_key");
    let r = run(
        &mut cmd,
        &["capture", "--xact", PRE_AUTH_250_XACT, "--amount", "2"],
    );
    expect(&r, 0);

    assert_eq!(interrupt(&mut child), Some(0));

    // A port in use cannot be bound: the tool fails (exit 1) and says why.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let r = run(&mut bare(), &["sim", "--port", &port]);
    expect(&r, 1);
    assert!(r.stderr.contains("could not start"), "{}", r.stderr);
}

// ---------------------------------------------------------------------------------------------
// App2App: session open / close, check, reverse.

const AGENT: &str = paynet_sim::DEFAULT_AGENT_ID;
const USER: &str = paynet_sim::DEFAULT_USER_ID;

/// The get_auth_key fields, in Paynet's order.
const SESSION_FIELDS: [&str; 9] = [
    "session_key",
    "expired_date",
    "agent_id",
    "company_code",
    "user_id",
    "user_unique_id",
    "is_okc_inquiry",
    "code",
    "message",
];

/// The init_sale / init_reversal fields the tool prints.
const SALE_SESSION_FIELDS: [&str; 5] = [
    "payment_session_id",
    "deeplink_url",
    "encryption_key",
    "code",
    "message",
];

/// `paynet --json session open` for the default agent: the new session key.
fn open_session(sim: &Simulator) -> String {
    let r = run(
        &mut with_secret(sim),
        &[
            "--json",
            "session",
            "open",
            "--agent-id",
            AGENT,
            "--user-id",
            USER,
        ],
    );
    expect(&r, 0);
    r.json()["session_key"].as_str().unwrap().to_owned()
}

/// `paynet` with `PAYNET_SESSION_KEY` set to `key`.
fn with_session_key(sim: &Simulator, key: &str) -> Command {
    let mut cmd = paynet(sim);
    cmd.env(SESSION_VAR, key);
    cmd
}

/// Starts a sale through `paynet init-sale` (under the simulator's configured session key):
/// its payment session id.
fn start_sale(sim: &Simulator, extra: &[&str]) -> String {
    let mut args = vec!["--json", "init-sale"];
    args.extend_from_slice(extra);
    let r = run(&mut with_session(sim), &args);
    expect(&r, 0);
    r.json()["payment_session_id"].as_str().unwrap().to_owned()
}

/// A sale of 57.93 TL, started and approved: `(payment_session_id, xact_id)`.
fn approved_sale(sim: &Simulator) -> (String, String) {
    let id = start_sale(
        sim,
        &[
            "--amount",
            "57.93",
            "--reference-no",
            "ORDER-57",
            "--description",
            "Kahve",
        ],
    );
    let done = sim.complete_sale(&id, true).unwrap();
    assert!(done.is_succeed);
    (id, done.xact_id)
}

#[test]
fn session_open_prints_an_evaluable_export_line_on_stdout_only() {
    let sim = sim();
    let r = run(
        &mut with_secret(&sim),
        &[
            "-vv",
            "session",
            "open",
            "--agent-id",
            AGENT,
            "--user-id",
            USER,
        ],
    );
    expect(&r, 0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let (last, summary) = lines.split_last().unwrap();
    // Everything before the export line is a shell comment: `eval "$out"` works.
    assert!(summary.iter().all(|l| l.starts_with('#')), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("#   expired_date    2024-06-04T10:27:22.0296925+03:00"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("company_code    20000"), "{}", r.stdout);
    assert!(r.stdout.contains("is_okc_inquiry  false"), "{}", r.stdout);
    let key = last
        .strip_prefix("export PAYNET_SESSION_KEY='")
        .and_then(|k| k.strip_suffix('\''))
        .unwrap_or_else(|| panic!("an export line: {last:?}"));
    assert!(key.starts_with("ssk_"), "{key}");
    assert!(
        sim.session_is_valid(key),
        "the printed key is the session's"
    );
    // Printed once, on stdout; never on stderr, even with -vv (which did log the call).
    assert_eq!(r.stdout.matches(key).count(), 1, "{}", r.stdout);
    assert!(r.stderr.contains("paynet.call"), "{}", r.stderr);
    assert!(!r.stderr.contains(key), "{}", r.stderr);
    assert!(!r.stderr.contains("ssk_"), "{}", r.stderr);
    assert!(!r.all().contains(sim.secret_key()));

    // The key works for PayPOS calls.
    let r = run(
        &mut with_session_key(&sim, key),
        &["init-sale", "--amount", "1"],
    );
    expect(&r, 0);
}

#[test]
fn session_open_json_has_get_auth_key_names() {
    let sim = sim();
    let r = run(
        &mut with_secret(&sim),
        &[
            "-v",
            "--json",
            "session",
            "open",
            "--agent-id",
            AGENT,
            "--user-id",
            USER,
        ],
    );
    expect(&r, 0);
    let s = r.json();
    assert_eq!(s.as_object().unwrap().len(), SESSION_FIELDS.len(), "{s}");
    assert_in_order(&r.stdout, &SESSION_FIELDS);
    for fragment in [
        r#""expired_date":"2024-06-04T10:27:22.0296925+03:00","#,
        r#""agent_id":"20005","#,
        r#""company_code":"20000","#,
        r#""user_id":"sim_user","#,
        r#""is_okc_inquiry":false,"#,
        r#""code":0,"message":"#,
    ] {
        assert!(r.stdout.contains(fragment), "{fragment} in {}", r.stdout);
    }
    let key = s["session_key"].as_str().unwrap();
    assert!(sim.session_is_valid(key));
    assert!(!r.stderr.contains(key), "{}", r.stderr);
}

#[test]
fn session_open_failures() {
    let sim = sim();
    let open = [
        "--json",
        "session",
        "open",
        "--agent-id",
        AGENT,
        "--user-id",
    ];
    // No secret key: a usage error naming the variable; nothing sent.
    let r = run(&mut with_session(&sim), &[&open[..], &[USER]].concat());
    expect(&r, 2);
    let e = error_of(&r);
    assert_eq!(e["kind"], "usage");
    assert!(e["message"].as_str().unwrap().contains(SECRET_VAR), "{e}");
    // Missing or invalid arguments.
    for args in [
        &["session", "open", "--agent-id", AGENT][..],
        &["session", "open", "--user-id", USER],
        &["session"],
        &["session", "open", "--agent-id", "", "--user-id", USER],
        &["session", "open", "--agent-id", AGENT, "--user-id", " u"],
    ] {
        let r = run(&mut with_secret(&sim), args);
        expect(&r, 2);
    }
    nothing_sent(&sim);

    // An agent / user pair Paynet does not know: refused, result code 4.
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "session",
            "open",
            "--agent-id",
            "99999",
            "--user-id",
            USER,
        ],
    );
    expect(&r, 3);
    let e = error_of(&r);
    assert_eq!(
        (
            e["kind"].as_str(),
            e["code"].as_i64(),
            e["http_status"].as_i64()
        ),
        (Some("rejected"), Some(4), Some(400))
    );
    // A wrong secret key: HTTP 401; the hint names the variable, not the value.
    let mut cmd = paynet(&sim);
    cmd.env(SECRET_VAR, "sck_cli_WRONG_key");
    let r = run(&mut cmd, &[&open[..], &[USER]].concat());
    expect(&r, 3);
    assert_eq!(error_of(&r)["http_status"], 401);
    assert!(r.stderr.contains(SECRET_VAR), "{}", r.stderr);
    assert!(!r.all().contains("WRONG_key"));
    // Triggers in user_id: a dropped connection (4), an HTML 500 page (5).
    let r = run(&mut with_secret(&sim), &[&open[..], &["DROP-1"]].concat());
    expect(&r, 4);
    assert_eq!(error_of(&r)["kind"], "outcome_unknown");
    assert!(
        r.stderr.contains("Opening another session is safe"),
        "{}",
        r.stderr
    );
    let r = run(
        &mut with_secret(&sim),
        &[&open[..], &["FAIL500-1"]].concat(),
    );
    expect(&r, 5);
    assert_eq!(error_of(&r)["kind"], "invalid_response");
}

#[test]
fn session_close_ends_the_session_and_its_key_is_refused_afterwards() {
    let sim = sim();
    let key = open_session(&sim);
    let (payment_session_id, _) = approved_sale(&sim);
    let closing = || {
        let mut cmd = with_secret(&sim);
        cmd.env(SESSION_VAR, &key);
        cmd
    };
    let r = run(&mut closing(), &["-vv", "session", "close"]);
    expect(&r, 0);
    assert!(
        r.stdout
            .starts_with("PayPOS session closed (close_session)"),
        "{}",
        r.stdout
    );
    assert!(!r.all().contains(&key), "{}", r.all());
    assert!(!sim.session_is_valid(&key));

    // Closing it again: Paynet does not know it any more (result code 12).
    let r = run(&mut closing(), &["--json", "session", "close"]);
    expect(&r, 3);
    let e = error_of(&r);
    assert_eq!(
        (e["kind"].as_str(), e["code"].as_i64()),
        (Some("rejected"), Some(12))
    );
    assert!(r.stderr.contains("already closed"), "{}", r.stderr);

    // The closed key is refused by PayPOS calls: result code 7, exit 3.
    let args = [
        "--json",
        "check-sale",
        "--payment-session-id",
        &payment_session_id,
    ];
    let r = run(&mut with_session_key(&sim, &key), &args);
    expect(&r, 3);
    let e = error_of(&r);
    assert_eq!(
        (e["kind"].as_str(), e["code"].as_i64()),
        (Some("rejected"), Some(7))
    );
    assert!(r.stderr.contains(SESSION_VAR), "{}", r.stderr);
    assert!(r.stderr.contains("paynet session open"), "{}", r.stderr);
    let r = run(
        &mut with_session_key(&sim, &key),
        &["init-sale", "--amount", "1"],
    );
    expect(&r, 3);
    assert!(!r.all().contains(&key));
}

#[test]
fn session_close_json_and_missing_variables() {
    let sim = sim();
    let key = open_session(&sim);
    let mut cmd = with_secret(&sim);
    cmd.env(SESSION_VAR, &key);
    let r = run(&mut cmd, &["--json", "session", "close"]);
    expect(&r, 0);
    assert_eq!(r.stdout.trim_end(), r#"{"closed":true}"#);

    let before = sim.requests_seen();
    // Both variables are needed.
    let r = run(&mut with_secret(&sim), &["--json", "session", "close"]);
    expect(&r, 2);
    assert!(
        error_of(&r)["message"]
            .as_str()
            .unwrap()
            .contains(SESSION_VAR)
    );
    let r = run(&mut with_session_key(&sim, &key), &["session", "close"]);
    expect(&r, 2);
    assert!(r.stderr.contains(SECRET_VAR), "{}", r.stderr);
    assert_eq!(sim.requests_seen(), before, "nothing sent");

    // Triggers in the session key: a dropped connection (4), an HTML 500 page (5).
    for (key, code) in [("DROP-1", 4), ("FAIL500-1", 5)] {
        let mut cmd = with_secret(&sim);
        cmd.env(SESSION_VAR, key);
        let r = run(&mut cmd, &["session", "close"]);
        expect(&r, code);
    }
}

#[test]
fn check_a_pending_sale_exits_0_and_says_pending() {
    let sim = sim();
    let id = start_sale(&sim, &["--amount", "57.93"]);
    let r = run(
        &mut with_session(&sim),
        &["check-sale", "--payment-session-id", &id],
    );
    expect(&r, 0);
    assert!(
        r.stdout.starts_with("Pending: no transaction yet"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("result code 12 (nodata)"), "{}", r.stdout);
    assert!(r.stderr.is_empty(), "{}", r.stderr);

    let r = run(
        &mut with_session(&sim),
        &["--json", "check-sale", "--payment-session-id", &id],
    );
    expect(&r, 0);
    assert!(
        r.stdout.starts_with(r#"{"Data":[],"code":12,"message":"#),
        "{}",
        r.stdout
    );
    let c = r.json();
    assert_eq!(c.as_object().unwrap().len(), 3, "{c}");

    // An id Paynet does not know is answered the same way (Paynet does not say which).
    let r = run(
        &mut with_session(&sim),
        &[
            "--json",
            "check-sale",
            "--payment-session-id",
            "no-such-session",
        ],
    );
    expect(&r, 0);
    assert_eq!(r.json()["code"], 12);
}

#[test]
fn check_sale_json_has_the_transaction_names_and_exact_numbers() {
    let sim = sim();
    let (id, xact_id) = approved_sale(&sim);
    let r = run(
        &mut with_session(&sim),
        &["--json", "check-sale", "--payment-session-id", &id],
    );
    expect(&r, 0);
    assert!(
        r.stdout.starts_with(r#"{"Data":[{"xact_id":"#),
        "{}",
        r.stdout
    );
    // Exact decimals, as JSON numbers, on the raw text; the same names as every other
    // transaction (card_no_masked, net_amount: not check_transaction's card_no and netAmount),
    // Paynet's spelling of comission; numbers as numbers.
    for fragment in [
        r#""transaction_type":1,"#,
        r#""pos_type":5,"#,
        r#""card_no_masked":"435508******4358","#,
        r#""card_type":"cc","#,
        r#""ratio":0.0199,"#,
        r#""amount":57.93,"#,
        r#""net_amount":56.55,"#,
        r#""comission":1.15,"#,
        r#""comission_tax":0.23,"#,
        r#""currency":"TRY","#,
        r#""is_succeed":true,"#,
        r#""note":"Kahve","#,
        r#""agent_reference":"ORDER-57","is_transferred":null,"escrow_status":null,"code":null,"message":null}"#,
        r#"],"code":0,"message":"Başarılı İşlem"}"#,
    ] {
        assert!(r.stdout.contains(fragment), "{fragment} in {}", r.stdout);
    }
    for old in ["netAmount", r#""card_no":"#] {
        assert!(!r.stdout.contains(old), "{old} in {}", r.stdout);
    }
    assert!(!r.stdout.contains("56.549"), "{}", r.stdout);
    assert_in_order(&r.stdout, &TRANSACTION_FIELDS);
    let c = r.json();
    let data = c["Data"].as_array().unwrap();
    assert_eq!(data.len(), 1);
    let t = &data[0];
    assert_transaction_shape(t, &CHECKED_NUMBERS);
    assert_eq!(t["xact_id"], xact_id.as_str());
    assert!(t["xact_transaction_id"].is_string(), "{t}");
    assert_eq!(t["email"], Value::Null, "blank strings are null");
    let date = t["xact_date"].as_str().unwrap();
    assert_eq!(
        date.split_once('.').unwrap().1.len(),
        "0296925+03:00".len(),
        "{date}"
    );
}

#[test]
fn check_an_approved_sale_prints_a_summary() {
    let sim = sim();
    let (id, xact_id) = approved_sale(&sim);
    let r = run(
        &mut with_session(&sim),
        &["check-sale", "--payment-session-id", &id],
    );
    expect(&r, 0);
    assert!(
        r.stdout.starts_with("Approved: sale of 57.93 TRY"),
        "{}",
        r.stdout
    );
    for text in [
        "net amount          56.55 TRY",
        "cc (personal)",
        "agent_reference     ORDER-57",
        "is_succeed          true",
        "paynet init-reversal --xact-id",
        xact_id.as_str(),
    ] {
        assert!(r.stdout.contains(text), "{text} in {}", r.stdout);
    }
}

#[test]
fn check_a_declined_sale_exits_3() {
    let sim = sim();
    let id = start_sale(
        &sim,
        &["--amount", "20", "--reference-no", "DECLINE-SALE-1"],
    );
    assert!(!sim.complete_sale(&id, true).unwrap().is_succeed);
    let r = run(
        &mut with_session(&sim),
        &["check-sale", "--payment-session-id", &id],
    );
    expect(&r, 3);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr.contains("the bank declined the sale of 20.00 TRY"),
        "{}",
        r.stderr
    );

    let r = run(
        &mut with_session(&sim),
        &["--json", "check-sale", "--payment-session-id", &id],
    );
    expect(&r, 3);
    let e = error_of(&r);
    assert_eq!(e["kind"], "declined");
    assert_eq!(
        (e["http_status"].as_i64(), e["code"].as_i64()),
        (Some(200), Some(0))
    );
    assert_transaction_shape(&e["transaction"], &CHECKED_NUMBERS);
    assert_eq!(e["transaction"]["is_succeed"], false);
    assert_eq!(e["transaction"]["agent_reference"], "DECLINE-SALE-1");
}

#[test]
fn check_failures() {
    let sim = sim();
    // No session key, or an invalid id: exit 2, nothing sent.
    let r = run(
        &mut with_secret(&sim),
        &["--json", "check-sale", "--payment-session-id", "x"],
    );
    expect(&r, 2);
    assert!(
        error_of(&r)["message"]
            .as_str()
            .unwrap()
            .contains(SESSION_VAR)
    );
    for args in [
        &["check-sale"][..],
        &["check-sale", "--payment-session-id", ""],
        &["check-sale", "--payment-session-id", " x"],
    ] {
        let r = run(&mut with_session(&sim), args);
        expect(&r, 2);
    }
    nothing_sent(&sim);
    // A key Paynet does not know: result code 7.
    let r = run(
        &mut with_session_key(&sim, "ssk_not_a_session"),
        &["--json", "check-sale", "--payment-session-id", "x"],
    );
    expect(&r, 3);
    assert_eq!(error_of(&r)["code"], 7);
    // Triggers in payment_session_id.
    let r = run(
        &mut with_session(&sim),
        &["--json", "check-sale", "--payment-session-id", "DROP-1"],
    );
    expect(&r, 4);
    assert!(
        r.stderr.contains("running it again is safe"),
        "{}",
        r.stderr
    );
    let r = run(
        &mut with_session(&sim),
        &["--json", "check-sale", "--payment-session-id", "FAIL500-1"],
    );
    expect(&r, 5);
    assert_eq!(error_of(&r)["http_status"], 500);
}

#[test]
fn reverse_starts_a_reversal_and_check_reports_it() {
    let sim = sim();
    let (_, xact_id) = approved_sale(&sim);
    let r = run(
        &mut with_session(&sim),
        &[
            "--json",
            "init-reversal",
            "--xact-id",
            &xact_id,
            "--reference-no",
            "REFUND-57",
            "--callback-url",
            "myshop://paypos/return",
        ],
    );
    expect(&r, 0);
    let s = r.json();
    assert_eq!(s.as_object().unwrap().len(), SALE_SESSION_FIELDS.len());
    assert_in_order(&r.stdout, &SALE_SESSION_FIELDS);
    assert!(
        r.stdout
            .contains(r#""encryption_key":"[redacted]","code":0,"#),
        "{}",
        r.stdout
    );
    assert!(
        s["deeplink_url"]
            .as_str()
            .unwrap()
            .starts_with("paypos://reversal?payment_session_id=")
    );
    let reversal = s["payment_session_id"].as_str().unwrap();

    let r = run(
        &mut with_session(&sim),
        &["--json", "check-sale", "--payment-session-id", reversal],
    );
    expect(&r, 0);
    assert!(
        r.stdout.contains(r#""transaction_type":2,"#),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(r#""amount":57.93,"#), "{}", r.stdout);
    assert!(
        r.stdout
            .contains(r#""agent_reference":"REFUND-57","is_transferred":null,"escrow_status":null,"code":null,"message":null}"#),
        "{}",
        r.stdout
    );
    let r = run(
        &mut with_session(&sim),
        &["check-sale", "--payment-session-id", reversal],
    );
    expect(&r, 0);
    assert!(
        r.stdout.starts_with("Approved: reversal of 57.93 TRY"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("paynet init-reversal"), "{}", r.stdout);

    // Reversing it again is refused (result code 5), and so is an unknown xact_id (12).
    let r = run(
        &mut with_session(&sim),
        &["--json", "init-reversal", "--xact-id", &xact_id],
    );
    expect(&r, 3);
    assert_eq!(error_of(&r)["code"], 5);
    let r = run(
        &mut with_session(&sim),
        &["--json", "init-reversal", "--xact-id", "xk_unknown"],
    );
    expect(&r, 3);
    assert_eq!(error_of(&r)["code"], 12);
}

#[test]
fn reverse_prints_a_human_summary() {
    let sim = sim();
    let (_, xact_id) = approved_sale(&sim);
    let r = run(
        &mut with_session(&sim),
        &["init-reversal", "--xact-id", &xact_id],
    );
    expect(&r, 0);
    assert!(
        r.stdout
            .starts_with(&format!("PayPOS reversal of xact_id {xact_id} started.")),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("encryption_key      [redacted]"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("paynet check-sale --payment-session-id"),
        "{}",
        r.stdout
    );
}

#[test]
fn reverse_failures() {
    let sim = sim();
    let (_, xact_id) = approved_sale(&sim);
    let before = sim.requests_seen();
    let r = run(
        &mut with_secret(&sim),
        &["--json", "init-reversal", "--xact-id", &xact_id],
    );
    expect(&r, 2);
    assert_eq!(error_of(&r)["kind"], "usage");
    for args in [
        &["init-reversal"][..],
        &["init-reversal", "--xact-id", ""],
        &[
            "init-reversal",
            "--xact-id",
            &xact_id,
            "--callback-url",
            "no url",
        ],
        &[
            "init-reversal",
            "--xact-id",
            &xact_id,
            "--reference-no",
            "a\nb",
        ],
    ] {
        let r = run(&mut with_session(&sim), args);
        expect(&r, 2);
    }
    assert_eq!(sim.requests_seen(), before, "nothing sent");
    // A declined reversal is an answer: a reversal session, whose check exits 3.
    let r = run(
        &mut with_session(&sim),
        &[
            "--json",
            "init-reversal",
            "--xact-id",
            &xact_id,
            "--reference-no",
            "DECLINE-R",
        ],
    );
    expect(&r, 0);
    let reversal = r.json()["payment_session_id"].as_str().unwrap().to_owned();
    let r = run(
        &mut with_session(&sim),
        &["check-sale", "--payment-session-id", &reversal],
    );
    expect(&r, 3);
    assert!(
        r.stderr.contains("the bank declined the reversal"),
        "{}",
        r.stderr
    );
    // Triggers in reference_no: an unknown outcome says what to do.
    let r = run(
        &mut with_session(&sim),
        &[
            "--json",
            "init-reversal",
            "--xact-id",
            &xact_id,
            "--reference-no",
            "DROP-R",
        ],
    );
    expect(&r, 4);
    let e = error_of(&r);
    assert_eq!(e["kind"], "outcome_unknown");
    assert_eq!(e["reference"], format!("xact_id={xact_id}").as_str());
    assert!(
        r.stderr.contains("Do not start another blindly"),
        "{}",
        r.stderr
    );
    let r = run(
        &mut with_session(&sim),
        &[
            "init-reversal",
            "--xact-id",
            &xact_id,
            "--reference-no",
            "FAIL500-R",
        ],
    );
    expect(&r, 5);
}

#[test]
fn app2app_commands_print_no_key_even_with_verbose() {
    let secret = "sck_cli_APP2APP/secret+key==";
    let sim = start(
        SimConfig::default()
            .secret_key(secret)
            .without_session_keys(),
    );
    let keyed = |session: &str| {
        let mut cmd = paynet(&sim);
        cmd.env(SECRET_VAR, secret).env(SESSION_VAR, session);
        cmd
    };
    // session open: the key on stdout, once; never on stderr.
    let opened = run(
        &mut keyed(""),
        &[
            "-vv",
            "session",
            "open",
            "--agent-id",
            AGENT,
            "--user-id",
            USER,
        ],
    );
    expect(&opened, 0);
    let session = opened
        .stdout
        .lines()
        .last()
        .and_then(|l| l.strip_prefix("export PAYNET_SESSION_KEY='"))
        .and_then(|k| k.strip_suffix('\''))
        .unwrap()
        .to_owned();
    assert!(!opened.stderr.contains(&session), "{}", opened.stderr);

    let id = {
        let r = run(
            &mut keyed(&session),
            &["--json", "init-sale", "--amount", "10"],
        );
        expect(&r, 0);
        r.json()["payment_session_id"].as_str().unwrap().to_owned()
    };
    let pending = run(
        &mut keyed(&session),
        &["-vv", "check-sale", "--payment-session-id", &id],
    );
    let xact_id = sim.complete_sale(&id, true).unwrap().xact_id;
    let runs = [
        pending,
        run(
            &mut keyed(&session),
            &["-vv", "check-sale", "--payment-session-id", &id],
        ),
        run(
            &mut keyed(&session),
            &["-vv", "--json", "check-sale", "--payment-session-id", &id],
        ),
        run(
            &mut keyed(&session),
            &["-vv", "check-sale", "--payment-session-id", "DROP-1"],
        ),
        run(
            &mut keyed(&session),
            &["-vv", "init-reversal", "--xact-id", &xact_id],
        ),
        run(
            &mut keyed(&session),
            &["-vv", "--json", "init-reversal", "--xact-id", &xact_id],
        ),
        run(&mut keyed(&session), &["-vv", "session", "close"]),
        run(&mut keyed(&session), &["-vv", "session", "close"]),
        run(
            &mut keyed(&session),
            &["-vv", "check-sale", "--payment-session-id", &id],
        ),
    ];
    let codes: Vec<i32> = runs.iter().map(|r| r.code).collect();
    assert_eq!(codes, [0, 0, 0, 4, 0, 3, 0, 3, 3]);
    for r in runs.iter().chain([&opened]) {
        assert!(r.stderr.contains("paynet.call"), "{}", r.stderr);
        for key in [secret, "secret+key", "APP2APP"] {
            assert!(!r.all().contains(key), "{key} printed:\n{}", r.all());
        }
    }
    for r in &runs {
        assert!(
            !r.all().contains(&session),
            "session key printed:\n{}",
            r.all()
        );
    }
}

/// A one-request HTTP server that answers `status` and `body` (JSON), whatever it is asked: a
/// Paynet that echoes secrets in its answers.
fn canned(status: u16, body: impl Into<String>) -> (String, std::thread::JoinHandle<()>) {
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

#[test]
fn keys_a_server_echoes_are_never_printed() {
    const SECRET: &str = "sck_CANNED_secret_key_0042";
    const SESSION: &str = "ssk_CANNED_env_session_0042";
    const NEW_SESSION: &str = "ssk_CANNED_new_session_0042";
    const ENCRYPTION: &str = "ENCKEY_canned_0123456789abcdefghijklmnopq=";
    let cases: [(u16, &'static str, &[&str]); 5] = [
        (
            200,
            r#"{"session_key":"ssk_CANNED_new_session_0042","expired_date":"2024-06-04T10:27:22.0296925+03:00","agent_id":"20005","company_code":"20000","user_id":"u","user_unique_id":"uu","is_okc_inquiry":false,"object_name":"agent_session","code":0,"message":"key ssk_CANNED_new_session_0042 for sck_CANNED_secret_key_0042"}"#,
            &["session", "open", "--agent-id", "20005", "--user-id", "u"],
        ),
        (
            400,
            r#"{"object_name":"error","code":12,"message":"no session ssk_CANNED_env_session_0042 (sck_CANNED_secret_key_0042)"}"#,
            &["session", "close"],
        ),
        (
            200,
            r#"{"payment_session_id":"ps-1","deeplink_url":"paypos://reversal?payment_session_id=ps-1","encryption_key":"ENCKEY_canned_0123456789abcdefghijklmnopq=","object_name":"payment_session","code":0,"message":"ok ENCKEY_canned_0123456789abcdefghijklmnopq= ssk_CANNED_env_session_0042"}"#,
            &["init-reversal", "--xact-id", "xk_1"],
        ),
        (
            200,
            r#"{"Data":[{"xact_id":"xk_1","transaction_type":1,"pos_type":5,"amount":10.5,"netAmount":10.25,"is_succeed":true,"note":"session ssk_CANNED_env_session_0042","agent_reference":"ssk_CANNED_env_session_0042"}],"object_name":"transaction_list","code":0,"message":"ssk_CANNED_env_session_0042"}"#,
            &["check-sale", "--payment-session-id", "ps-1"],
        ),
        (
            400,
            r#"{"object_name":"error","code":7,"message":"bad Session-Key ssk_CANNED_env_session_0042"}"#,
            &["check-sale", "--payment-session-id", "ps-1"],
        ),
    ];
    for json in [false, true] {
        for (status, body, args) in &cases {
            let (url, server) = canned(*status, *body);
            let mut cmd = paynet_at(&url);
            cmd.env(SECRET_VAR, SECRET).env(SESSION_VAR, SESSION);
            let mut all_args = vec!["-vv"];
            if json {
                all_args.push("--json");
            }
            all_args.extend_from_slice(args);
            let r = run(&mut cmd, &all_args);
            server.join().unwrap();
            assert!([0, 3].contains(&r.code), "{}", r.all());
            for key in [SECRET, SESSION, ENCRYPTION, "CANNED_env", "ENCKEY_canned"] {
                assert!(!r.all().contains(key), "{key} printed:\n{}", r.all());
            }
            // The new session key: on stdout, once, for `session open` only.
            assert!(!r.stderr.contains("CANNED_new"), "{}", r.stderr);
            if args[..2] == ["session", "open"] {
                expect(&r, 0);
                assert_eq!(r.stdout.matches(NEW_SESSION).count(), 1, "{}", r.stdout);
            } else {
                assert!(!r.stdout.contains("CANNED_new"), "{}", r.stdout);
            }
        }
    }
}

/// Both keys of the environment, echoed back by the server in success answers, declines, refusals
/// and error pages, in any field: neither is printed, whichever command runs and whichever of the
/// two it sends (capture sends only the secret key; init-sale and check-sale only the session key).
#[test]
fn keys_of_the_environment_are_never_printed_whichever_command_runs() {
    const SECRET: &str = "sck_ECHO_secret_key_0077";
    const SESSION: &str = "ssk_ECHO_env_session_0077";
    let both = format!("{SECRET} {SESSION}");
    let capture_ok = format!(
        r#"{{"xact_id":"xk_echo","xact_date":"2015-12-04T18:14:28.377","transaction_type":4,"pos_type":5,"is_tds":false,"agent_id":"20005","user_id":"{SESSION}","email":"{SECRET}","phone":"","bank_id":"AXSS","instalment":0,"ratio":0.0199,"card_no_masked":"435508******4358","card_holder":"{both}","amount":10.50,"net_amount":10.25,"comission":0.21,"comission_tax":0.04,"currency":"TRY","authorization_code":"{SECRET}","reference_code":"{SESSION}","order_id":"order {both}","is_succeed":true,"paynet_error_id":"","paynet_error_message":"","bank_error_id":"","bank_error_message":"","code":0,"message":"ok {both}"}}"#
    );
    let capture_declined = format!(
        r#"{{"xact_id":"xk_echo","transaction_type":4,"pos_type":5,"amount":10.50,"user_id":"{SESSION}","is_succeed":false,"bank_error_id":"05","bank_error_message":"declined {both}","bank_error_short_desc":"{SECRET}","bank_error_long_desc":"{SESSION}","code":1,"message":"{both}"}}"#
    );
    let refused = format!(
        r#"{{"type":"authorization_error","message":"bad key {both}","code":401,"result_code":7}}"#
    );
    let paypos_refused =
        format!(r#"{{"object_name":"error","code":7,"message":"bad Session-Key {both}"}}"#);
    let page = format!("<html><body>500: {both} {SESSION}{SECRET}</body></html>");
    let sale_ok = format!(
        r#"{{"payment_session_id":"ps-echo {SESSION}","deeplink_url":"paypos://sale?payment_session_id=ps-echo&k={SECRET}","encryption_key":"ENCKEY_echo_0123456789abcdefghijklmnop=","object_name":"payment_session","code":0,"message":"ok {both}"}}"#
    );
    let check_ok = format!(
        r#"{{"Data":[{{"xact_id":"xk_echo","xact_date":"2015-12-04T18:14:28.377","transaction_type":1,"pos_type":5,"card_no":"435508******4358","card_holder":"{SECRET}","amount":10.5,"netAmount":10.25,"is_succeed":true,"xact_transaction_id":"{SESSION}","note":"{both}","agent_reference":"{SESSION}"}}],"object_name":"transaction_list","code":0,"message":"{both}"}}"#
    );
    let check_declined = format!(
        r#"{{"Data":[{{"xact_id":"xk_echo","transaction_type":1,"pos_type":5,"amount":10.5,"is_succeed":false,"note":"{both}","agent_reference":"{SECRET}"}}],"object_name":"transaction_list","code":0,"message":"{SESSION}"}}"#
    );
    let capture: &[&str] = &["capture", "--reference-no", "R-ECHO", "--amount", "10.50"];
    let init_sale: &[&str] = &["init-sale", "--amount", "10.50"];
    let check_sale: &[&str] = &["check-sale", "--payment-session-id", "ps-echo"];
    let cases: [(u16, &str, &[&str], i32); 12] = [
        (200, &capture_ok, capture, 0),
        (200, &capture_declined, capture, 3),
        (401, &refused, capture, 3),
        (500, &page, capture, 5),
        (200, &sale_ok, init_sale, 0),
        (400, &paypos_refused, init_sale, 3),
        (401, &refused, init_sale, 3),
        (500, &page, init_sale, 5),
        (200, &check_ok, check_sale, 0),
        (200, &check_declined, check_sale, 3),
        (400, &paypos_refused, check_sale, 3),
        (500, &page, check_sale, 5),
    ];
    for json in [false, true] {
        for (status, body, args, code) in &cases {
            let (url, server) = canned(*status, *body);
            let mut cmd = paynet_at(&url);
            cmd.env(SECRET_VAR, SECRET).env(SESSION_VAR, SESSION);
            let mut all_args = vec!["-vv"];
            if json {
                all_args.push("--json");
            }
            all_args.extend_from_slice(args);
            let r = run(&mut cmd, &all_args);
            server.join().unwrap();
            expect(&r, *code);
            assert!(r.stderr.contains("paynet.call"), "{}", r.stderr);
            for key in [SECRET, SESSION, "ECHO_secret", "ECHO_env", "ENCKEY_echo"] {
                assert!(!r.all().contains(key), "{key} printed:\n{}", r.all());
            }
            if json {
                r.json();
            }
        }
    }
    // What is not a key is printed as Paynet sent it: the date's exact text, and `[redacted]`
    // where a key was.
    let (url, server) = canned(200, capture_ok.as_str());
    let mut cmd = paynet_at(&url);
    cmd.env(SECRET_VAR, SECRET).env(SESSION_VAR, SESSION);
    let mut args = vec!["--json"];
    args.extend_from_slice(capture);
    let r = run(&mut cmd, &args);
    server.join().unwrap();
    expect(&r, 0);
    let t = r.json();
    assert_transaction_shape(&t, &CAPTURE_NUMBERS);
    assert_eq!(t["xact_date"], "2015-12-04T18:14:28.377");
    assert_eq!(t["user_id"], "[redacted]");
    assert_eq!(t["message"], "ok [redacted] [redacted]");
}

/// A key variable the command does not need is still kept out of what it prints, even when it
/// is malformed (and the command does not fail for it); the one it needs must be well-formed.
#[test]
fn a_key_the_command_does_not_need_is_scrubbed_even_when_malformed() {
    const BAD_SECRET: &str = "sck ECHO malformed secret 0077";
    const BAD_SESSION: &str = "ssk ECHO malformed session 0077";
    const SECRET: &str = "sck_ECHO_good_secret_0077";
    const SESSION: &str = "ssk_ECHO_good_session_0077";
    // init-sale under a good session key, with a malformed secret key the server echoes.
    let sale = format!(
        r#"{{"payment_session_id":"ps-echo","deeplink_url":"paypos://sale?payment_session_id=ps-echo","object_name":"payment_session","code":0,"message":"ok {BAD_SECRET}"}}"#
    );
    let (url, server) = canned(200, sale);
    let mut cmd = paynet_at(&url);
    cmd.env(SECRET_VAR, BAD_SECRET).env(SESSION_VAR, SESSION);
    let r = run(&mut cmd, &["-vv", "--json", "init-sale", "--amount", "1"]);
    server.join().unwrap();
    expect(&r, 0);
    assert_eq!(r.json()["message"], "ok [redacted]");
    assert!(!r.all().contains("ECHO malformed"), "{}", r.all());
    // capture under a good secret key, with a malformed session key the server echoes.
    let refused = format!(
        r#"{{"type":"authorization_error","message":"no {BAD_SESSION}","code":401,"result_code":7}}"#
    );
    let (url, server) = canned(401, refused);
    let mut cmd = paynet_at(&url);
    cmd.env(SECRET_VAR, SECRET).env(SESSION_VAR, BAD_SESSION);
    let r = run(&mut cmd, &["-vv", "capture", "--xact", "1"]);
    server.join().unwrap();
    expect(&r, 3);
    assert!(!r.all().contains("ECHO malformed"), "{}", r.all());
    // The key a command needs, malformed: a usage error naming the variable, never its value.
    let sim = sim();
    for (args, var) in [
        (&["init-sale", "--amount", "1"][..], SESSION_VAR),
        (
            &["check-sale", "--payment-session-id", "x"][..],
            SESSION_VAR,
        ),
        (&["init-reversal", "--xact-id", "xk_1"][..], SESSION_VAR),
        (&["capture", "--xact", "1"][..], SECRET_VAR),
        (&["session", "close"][..], SECRET_VAR),
    ] {
        let mut cmd = paynet(&sim);
        cmd.env(SECRET_VAR, BAD_SECRET)
            .env(SESSION_VAR, BAD_SESSION);
        let r = run(&mut cmd, args);
        expect(&r, 2);
        assert!(r.stderr.contains(var), "{}", r.stderr);
        assert!(!r.all().contains("ECHO malformed"), "{}", r.all());
    }
    nothing_sent(&sim);
}

#[test]
fn check_sale_and_init_reversal_and_their_old_names() {
    let sim = sim();
    let (id, _) = approved_sale(&sim);
    // check-sale and its alias check: the same call, the same output.
    for json in [false, true] {
        let outputs: Vec<String> = ["check-sale", "check"]
            .into_iter()
            .map(|command| {
                let mut args = vec!["-v", command, "--payment-session-id", &id];
                if json {
                    args.insert(0, "--json");
                }
                let r = run(&mut with_session(&sim), &args);
                expect(&r, 0);
                // The log names the operation by its one name.
                assert!(r.stderr.contains("sending check_sale"), "{}", r.stderr);
                assert!(r.stderr.contains("check_sale answered"), "{}", r.stderr);
                r.stdout
            })
            .collect();
        assert_eq!(outputs[0], outputs[1]);
    }
    assert_eq!(sim.request_count("/v1/softpos/check_transaction"), 4);

    // init-reversal and its alias reverse: each starts a reversal, which check reports.
    for command in ["init-reversal", "reverse"] {
        let (_, xact_id) = approved_sale(&sim);
        let r = run(
            &mut with_session(&sim),
            &["-v", "--json", command, "--xact-id", &xact_id],
        );
        expect(&r, 0);
        assert!(r.stderr.contains("sending init_reversal"), "{}", r.stderr);
        let s = r.json();
        assert_eq!(s.as_object().unwrap().len(), SALE_SESSION_FIELDS.len());
        assert!(
            s["deeplink_url"]
                .as_str()
                .unwrap()
                .starts_with("paypos://reversal?payment_session_id=")
        );
        let reversal = s["payment_session_id"].as_str().unwrap();
        let r = run(
            &mut with_session(&sim),
            &["--json", "check", "--payment-session-id", reversal],
        );
        expect(&r, 0);
        assert_eq!(r.json()["Data"][0]["transaction_type"], 2);
        // A second reversal of the same sale is refused by Paynet (result code 5).
        let r = run(
            &mut with_session(&sim),
            &["--json", command, "--xact-id", &xact_id],
        );
        expect(&r, 3);
        assert_eq!(error_of(&r)["code"], 5);
    }
    assert_eq!(
        sim.request_count("/v1/softpos/init_reversal_transaction"),
        4
    );

    // The aliases keep the commands' usage errors: the command named is the new one.
    let r = run(
        &mut paynet(&sim),
        &["--json", "reverse", "--xact-id", "xk_1"],
    );
    expect(&r, 2);
    let e = error_of(&r);
    assert_eq!(e["kind"], "usage");
    let message = e["message"].as_str().unwrap();
    assert!(message.contains(SESSION_VAR), "{message}");
    assert!(message.contains("init-reversal needs it"), "{message}");
    let r = run(&mut paynet(&sim), &["check", "--payment-session-id", "x"]);
    expect(&r, 2);
    assert!(r.stderr.contains("check-sale needs it"), "{}", r.stderr);
}

#[test]
fn help_documents_the_app2app_commands() {
    let r = run(&mut bare(), &["--help"]);
    expect(&r, 0);
    // One name per operation: the commands are named after them; the old names are visible
    // aliases.
    for text in [
        "session",
        "check-sale",
        "[alias: check]",
        "(check_sale:",
        "init-reversal",
        "[alias: reverse]",
        "(init_reversal:",
        "(init_sale:",
        "(open_session / close_session;",
        "on stdout only",
    ] {
        assert!(r.stdout.contains(text), "{text} in {}", r.stdout);
    }
    let r = run(&mut bare(), &["session", "open", "--help"]);
    expect(&r, 0);
    for text in [
        "--agent-id",
        "--user-id",
        "on stdout only",
        "never goes to stderr",
        "--verbose",
        "export PAYNET_SESSION_KEY=",
    ] {
        assert!(r.stdout.contains(text), "{text} in {}", r.stdout);
    }
    for command in ["check-sale", "check"] {
        let r = run(&mut bare(), &[command, "--help"]);
        expect(&r, 0);
        assert!(r.stdout.contains("PENDING"), "{}", r.stdout);
        assert!(
            r.stdout.contains("Usage: paynet check-sale"),
            "{}",
            r.stdout
        );
    }
    for command in ["init-reversal", "reverse"] {
        let r = run(&mut bare(), &[command, "--help"]);
        expect(&r, 0);
        assert!(r.stdout.contains("--callback-url"), "{}", r.stdout);
        assert!(
            r.stdout.contains("Usage: paynet init-reversal"),
            "{}",
            r.stdout
        );
    }
}

#[test]
fn sim_taps_cards_when_asked() {
    let (mut child, mut stdout) = spawn_sim(&["sim", "--json", "--tap-after", "0.2"]);
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let info: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(info["agent_id"], AGENT);
    assert_eq!(info["user_id"], USER);
    assert!(line.contains(r#""tap_after_seconds":0.2,"#), "{line}");
    let base_url = info["base_url"].as_str().unwrap();

    let mut cmd = paynet_at(base_url);
    cmd.env(SECRET_VAR, paynet_sim::DEFAULT_SECRET_KEY);
    let r = run(
        &mut cmd,
        &[
            "--json",
            "session",
            "open",
            "--agent-id",
            AGENT,
            "--user-id",
            USER,
        ],
    );
    expect(&r, 0);
    let key = r.json()["session_key"].as_str().unwrap().to_owned();
    let mut cmd = paynet_at(base_url);
    cmd.env(SESSION_VAR, &key);
    let r = run(&mut cmd, &["--json", "init-sale", "--amount", "12.34"]);
    expect(&r, 0);
    let id = r.json()["payment_session_id"].as_str().unwrap().to_owned();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let mut cmd = paynet_at(base_url);
        cmd.env(SESSION_VAR, &key);
        let r = run(
            &mut cmd,
            &["--json", "check-sale", "--payment-session-id", &id],
        );
        expect(&r, 0);
        if r.json()["code"] == 0 {
            assert!(r.stdout.contains(r#""amount":12.34,"#), "{}", r.stdout);
            break;
        }
        assert!(Instant::now() < deadline, "the card was never tapped");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(interrupt(&mut child), Some(0));
}

/// `session open` prints the session key Paynet issued: never the secret key, even when a broken
/// answer hands it back as the "new" session key (exit 5, nothing printed but the error).
#[test]
fn session_open_never_prints_the_secret_key_as_a_session_key() {
    const SECRET: &str = "sck_GUARD_secret_key_0099";
    for json in [false, true] {
        let (url, server) = canned(
            200,
            format!(r#"{{"session_key":"{SECRET}","code":0,"message":"ok"}}"#),
        );
        let mut cmd = paynet_at(&url);
        cmd.env(SECRET_VAR, SECRET);
        let mut args = vec!["session", "open", "--agent-id", "20005", "--user-id", "u"];
        if json {
            args.insert(0, "--json");
        }
        let r = run(&mut cmd, &args);
        server.join().unwrap();
        expect(&r, 5);
        assert!(!r.stdout.contains(SECRET), "{}", r.stdout);
        assert!(!r.stderr.contains(SECRET), "{}", r.stderr);
        assert!(r.stderr.contains("not printed"), "{}", r.stderr);
    }
}

#[test]
fn payment_check_finds_a_pre_authorisation_and_its_captures() {
    let sim = sim();
    let r = run(
        &mut with_secret(&sim),
        &[
            "capture",
            "--reference-no",
            PRE_AUTH_250_REFERENCE_NO,
            "--amount",
            "10.50",
        ],
    );
    expect(&r, 0);
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "payment",
            "check",
            "--reference-no",
            PRE_AUTH_250_REFERENCE_NO,
        ],
    );
    expect(&r, 0);
    let json = r.json();
    assert_eq!(json["code"], 0);
    let rows = json["Data"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{}", r.stdout);
    assert_eq!(rows[0]["transaction_type"], 3);
    assert_eq!(rows[1]["transaction_type"], 4);
    assert!(r.stdout.contains(r#""amount":10.5"#), "{}", r.stdout);

    let r = run(
        &mut with_secret(&sim),
        &[
            "payment",
            "check",
            "--reference-no",
            PRE_AUTH_250_REFERENCE_NO,
        ],
    );
    expect(&r, 0);
    assert!(r.stdout.contains("2 transaction(s)"), "{}", r.stdout);

    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "payment",
            "check",
            "--reference-no",
            "NO-SUCH-ORDER",
        ],
    );
    expect(&r, 0);
    assert_eq!(r.json()["code"], 12);
    let r = run(
        &mut with_secret(&sim),
        &["payment", "check", "--reference-no", "NO-SUCH-ORDER"],
    );
    assert!(
        r.stdout.contains("Not found is not \"not charged\""),
        "{}",
        r.stdout
    );

    for args in [
        &["payment", "check"][..],
        &["payment", "check", "--xact-id", "x", "--reference-no", "y"][..],
        &["payment", "check", "--reference-no", ""][..],
    ] {
        expect(&run(&mut with_secret(&sim), args), 2);
    }
    // The four lookups above; the three refused invocations sent nothing.
    assert_eq!(sim.request_count("/v1/transaction/check"), 4);
}

/// The seed capture answer with booleans and integers as strings, or the lira spelled `TL`, is an
/// approved capture: exit 0, amounts exact, `xact_date` as Paynet sent it.
#[test]
fn a_capture_answer_with_strings_for_booleans_and_integers_is_approved() {
    const SECRET: &str = "sck_LENIENT_secret_0001";
    let seed = paynet_httpmock::answers::answer("capture").unwrap();
    for (from, to) in [
        (r#""is_succeed":true"#, r#""is_succeed":"true""#),
        (r#""is_tds":true"#, r#""is_tds":"false""#),
        (r#""instalment":3"#, r#""instalment":"3""#),
        (r#""currency":"TRY""#, r#""currency":"TL""#),
        (r#""currency":"TRY""#, r#""currency":"949""#),
        (r#""net_amount":56.55"#, r#""net_amount":"56.55""#),
    ] {
        assert!(seed.contains(from), "{from}");
        let (url, server) = canned(200, seed.replace(from, to));
        let mut cmd = paynet_at(&url);
        cmd.env(SECRET_VAR, SECRET);
        let r = run(
            &mut cmd,
            &["--json", "capture", "--reference-no", "ORDER-1"],
        );
        server.join().unwrap();
        expect(&r, 0);
        let json = r.json();
        assert_eq!(json["is_succeed"], true, "{to}");
        assert!(
            r.stdout.contains(r#""net_amount":56.55"#),
            "{to}: {}",
            r.stdout
        );
        assert!(
            r.stdout.contains(r#""comission":2.37"#),
            "{to}: {}",
            r.stdout
        );
        assert_eq!(json["currency"], "TRY", "{to}");
        assert_eq!(json["xact_date"], "2016-04-08T10:27:22.0296925+03:00");
    }
}

// ---------------------------------------------------------------------------------------------
// Card payments: pay, pay --3d, pay complete, charge, payment detail.

/// The merchant's domain the card payment tests configure.
const DOMAIN: &str = "shop.example";

/// The test cards' expiry as a person writes it: `MM/YY`.
fn test_expiry() -> String {
    format!(
        "{:02}/{:02}",
        paynet_sim::TEST_EXPIRY_MONTH,
        paynet_sim::TEST_EXPIRY_YEAR % 100
    )
}

/// Puts the card `number` (with the test expiry and CVC) in the environment.
fn set_card(cmd: &mut Command, number: &str) {
    cmd.env(CARD_NUMBER_VAR, number)
        .env(CARD_EXPIRY_VAR, test_expiry())
        .env(CARD_CVC_VAR, TEST_CVC)
        .env(CARD_HOLDER_VAR, "AYSE YILMAZ");
}

/// With the simulator's secret key, the merchant's domain and the card `number`.
fn with_card(sim: &Simulator, number: &str) -> Command {
    let mut cmd = with_secret(sim);
    cmd.env(DOMAIN_VAR, DOMAIN);
    set_card(&mut cmd, number);
    cmd
}

/// The HTML-unescaped value of the hidden input `name` of a page's form.
fn form_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("{name} in {html}"))
        + marker.len();
    let value = &html[start..];
    value[..value.find('"').unwrap()]
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// GETs the simulated bank's 3-D page (`post_url` with `auto`), as the card holder's browser
/// would, with reqwest.
fn bank_page(post_url: &str, auto: &str) -> String {
    use paynet::raw::reqwest;
    let url = format!("{post_url}&auto={auto}");
    runtime().block_on(async move {
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        let page = http.get(&url).send().await.unwrap();
        assert_eq!(page.status(), 200, "{url}");
        page.text().await.unwrap()
    })
}

#[test]
fn pay_prints_a_summary_and_exact_json() {
    let sim = sim();
    let r = run(
        &mut with_card(&sim, TEST_CARD_APPROVE),
        &["pay", "--amount", "149.90", "--reference-no", "ORDER-1"],
    );
    expect(&r, 0);
    assert!(r.stdout.starts_with("Paid 149.90 TRY.\n"), "{}", r.stdout);
    for text in [
        "net amount   146.32 TRY",
        "commission   2.98 TRY (tax on it: 0.60 TRY)",
        "card         435508******4358",
        "result code 0 (successful)",
        "reference_no ORDER-1",
    ] {
        assert!(r.stdout.contains(text), "{text} in {}", r.stdout);
    }
    assert!(r.stderr.is_empty(), "{}", r.stderr);

    let r = run(
        &mut with_card(&sim, TEST_CARD_APPROVE),
        &[
            "--json",
            "pay",
            "--amount",
            "57.93",
            "--reference-no",
            "ORDER-2",
            "--instalment",
            "3",
            "--description",
            "two books",
        ],
    );
    expect(&r, 0);
    for fragment in [
        r#""amount":57.93,"#,
        r#""net_amount":56.55,"#,
        r#""comission":1.15,"#,
        r#""comission_tax":0.23,"#,
        r#""ratio":0.0199,"#,
        r#""currency":"TRY","#,
        r#""transaction_type":1,"#,
        r#""instalment":3,"#,
        r#""is_succeed":true,"#,
        r#""card_no_masked":"435508******4358","#,
        r#""reference_no":"ORDER-2","#,
        r#""code":0,"#,
    ] {
        assert!(r.stdout.contains(fragment), "{fragment} in {}", r.stdout);
    }
    let t = r.json();
    assert_outcome_shape(&t, &PAYMENT_NUMBERS);
    assert_in_order(&r.stdout, &TRANSACTION_FIELDS);
    assert!(t["xact_id"].as_str().unwrap().starts_with("xk_"));
    assert_eq!(t["is_tds"], false);
    assert_eq!(sim.request_count(PAY_PATH), 2);
    assert!(!r.all().contains(TEST_CARD_APPROVE));

    // A pre-authorisation, then captured in part.
    let r = run(
        &mut with_card(&sim, TEST_CARD_APPROVE),
        &[
            "pay",
            "--amount",
            "10",
            "--reference-no",
            "ORDER-3",
            "--pre-auth",
        ],
    );
    expect(&r, 0);
    assert!(
        r.stdout.starts_with("Pre-authorised 10.00 TRY."),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("To capture it: paynet capture --xact-id"));
    let r = run(
        &mut with_card(&sim, TEST_CARD_APPROVE),
        &[
            "--json",
            "pay",
            "--amount",
            "10",
            "--reference-no",
            "ORDER-4",
            "--pre-auth",
        ],
    );
    expect(&r, 0);
    let preauth = r.json();
    assert_eq!(preauth["transaction_type"], 3);
    let xact_id = preauth["xact_id"].as_str().unwrap();
    let r = run(
        &mut with_secret(&sim),
        &["capture", "--xact-id", xact_id, "--amount", "4"],
    );
    expect(&r, 0);
    assert_eq!(sim.pre_auth_remaining_kurus(xact_id), Some(600));
}

#[test]
fn pay_again_with_the_same_reference_is_replayed() {
    let sim = sim();
    let args = [
        "--json",
        "pay",
        "--amount",
        "20.50",
        "--reference-no",
        "ORDER-R",
    ];
    let first = run(&mut with_card(&sim, TEST_CARD_APPROVE), &args);
    expect(&first, 0);
    let ledger = sim.transaction_count();
    let again = run(&mut with_card(&sim, TEST_CARD_APPROVE), &args);
    expect(&again, 0);
    let (first, again) = (first.json(), again.json());
    assert_eq!(first["code"], 0);
    assert_eq!(again["code"], 100);
    assert_eq!(again["xact_id"], first["xact_id"], "the earlier payment");
    assert_eq!(sim.transaction_count(), ledger, "no money moved again");

    let human = run(
        &mut with_card(&sim, TEST_CARD_APPROVE),
        &["pay", "--amount", "20.50", "--reference-no", "ORDER-R"],
    );
    expect(&human, 0);
    assert!(
        human.stdout.starts_with("Already paid: result code 100"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("no money moved again"));
    assert_eq!(sim.transaction_count(), ledger);
}

#[test]
fn a_declined_card_exits_3_and_stored_cards_pay_too() {
    let sim = sim();
    let r = run(
        &mut with_card(&sim, TEST_CARD_DECLINE),
        &["pay", "--amount", "25", "--reference-no", "ORDER-D1"],
    );
    expect(&r, 3);
    assert!(r.stdout.is_empty(), "{}", r.stdout);
    assert!(
        r.stderr
            .contains("the bank declined the payment, nothing was charged"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("Red-Onaylanmadı"), "{}", r.stderr);

    let r = run(
        &mut with_card(&sim, TEST_CARD_DECLINE),
        &[
            "--json",
            "pay",
            "--amount",
            "25",
            "--reference-no",
            "ORDER-D2",
        ],
    );
    expect(&r, 3);
    let e = error_of(&r);
    assert_eq!(e["kind"], "declined");
    assert_eq!(e["http_status"], 200);
    assert_eq!(e["code"], 1);
    assert_transaction_shape(&e["transaction"], &PAYMENT_NUMBERS);
    assert_eq!(e["transaction"]["is_succeed"], false);
    assert_eq!(e["transaction"]["bank_error_id"], "05");
    assert_eq!(e["transaction"]["card_no_masked"], "540061******0001");

    // A card that needs 3-D Secure is refused by Paynet when paid directly.
    let r = run(
        &mut with_card(&sim, TEST_CARD_3D_REQUIRED),
        &[
            "--json",
            "pay",
            "--amount",
            "25",
            "--reference-no",
            "ORDER-D3",
        ],
    );
    expect(&r, 3);
    assert_eq!(error_of(&r)["code"], 16);

    // Stored cards, with no card in the environment.
    let mut cmd = with_secret(&sim);
    cmd.env(DOMAIN_VAR, DOMAIN);
    let r = run(
        &mut cmd,
        &[
            "--json",
            "pay",
            "--amount",
            "12",
            "--reference-no",
            "ORDER-H1",
            "--card-hash",
            TEST_CARD_HASH,
        ],
    );
    expect(&r, 0);
    assert_eq!(r.json()["is_succeed"], true);
    let mut cmd = with_secret(&sim);
    cmd.env(DOMAIN_VAR, DOMAIN);
    let r = run(
        &mut cmd,
        &[
            "pay",
            "--amount",
            "12",
            "--reference-no",
            "ORDER-H2",
            "--card-hash",
            TEST_CARD_HASH_DECLINE,
        ],
    );
    expect(&r, 3);
}

#[test]
fn three_d_secure_from_start_to_finish() {
    let sim = sim();
    // Started without PAYNET_DOMAIN: the return URL's host is the merchant's domain.
    let mut cmd = with_secret(&sim);
    set_card(&mut cmd, TEST_CARD_3D_REQUIRED);
    let r = run(
        &mut cmd,
        &[
            "--json",
            "pay",
            "--amount",
            "75.00",
            "--reference-no",
            "ORDER-3D",
            "--3d",
            "--return-url",
            "https://shop.example/paynet/return",
        ],
    );
    expect(&r, 0);
    let session = r.json();
    let keys: Vec<&str> = session
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    let mut expected = [
        "session_id",
        "token_id",
        "post_url",
        "html_content",
        "reference_no",
        "code",
        "message",
    ];
    expected.sort_unstable();
    assert_eq!(sorted, expected, "{session}");
    assert_eq!(session["reference_no"], "ORDER-3D");
    assert_eq!(session["code"], 0);
    let (session_id, token_id) = (
        session["session_id"].as_str().unwrap().to_owned(),
        session["token_id"].as_str().unwrap().to_owned(),
    );
    let post_url = session["post_url"].as_str().unwrap().to_owned();
    assert!(
        post_url.starts_with(&format!("{}/sim/3d?", sim.base_url())),
        "{post_url}"
    );
    assert_eq!(sim.request_count(START_3D_PATH), 1);
    assert_eq!(sim.request_count(PAY_PATH), 0, "nothing charged yet");
    assert_eq!(sim.three_d_status(&session_id), Some(ThreeDStatus::Pending));

    // Finishing before the card holder passed the page: refused, nothing charged.
    let complete = |reference: &str| {
        vec![
            "--json".to_owned(),
            "pay".to_owned(),
            "complete".to_owned(),
            "--session-id".to_owned(),
            session_id.clone(),
            "--token-id".to_owned(),
            token_id.clone(),
            "--reference-no".to_owned(),
            reference.to_owned(),
        ]
    };
    let args = complete("ORDER-3D");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(&mut with_secret(&sim), &args);
    expect(&r, 3);
    assert_eq!(error_of(&r)["code"], 16);

    // The card holder's browser on the bank's page: it posts session_id and token_id back.
    let page = bank_page(&post_url, "approve");
    assert!(
        page.contains("action=\"https://shop.example/paynet/return\""),
        "{page}"
    );
    assert_eq!(form_value(&page, "session_id"), session_id);
    assert_eq!(form_value(&page, "token_id"), token_id);
    assert_eq!(
        sim.three_d_status(&session_id),
        Some(ThreeDStatus::Verified)
    );

    let r = run(&mut with_secret(&sim), &args);
    expect(&r, 0);
    let t = r.json();
    assert_outcome_shape(&t, &PAYMENT_NUMBERS);
    assert!(r.stdout.contains(r#""amount":75.00,"#), "{}", r.stdout);
    assert_eq!(t["is_tds"], true);
    assert_eq!(t["is_succeed"], true);
    assert_eq!(t["card_no_masked"], "450803******0006");
    assert_eq!(sim.three_d_status(&session_id), Some(ThreeDStatus::Charged));

    // Again: the earlier transaction, result code 100; a human summary.
    let human: Vec<&str> = args.iter().copied().filter(|a| *a != "--json").collect();
    let r = run(&mut with_secret(&sim), &human);
    expect(&r, 0);
    assert!(r.stdout.starts_with("Already paid"), "{}", r.stdout);

    // The human output of a start says what to open and how to finish.
    let mut cmd = with_card(&sim, TEST_CARD_3D_REQUIRED);
    let r = run(
        &mut cmd,
        &[
            "pay",
            "--amount",
            "10",
            "--reference-no",
            "ORDER-3D-2",
            "--3d",
            "--return-url",
            "http://127.0.0.1:9/return",
        ],
    );
    expect(&r, 0);
    for text in [
        "3-D Secure payment of 10.00 TRY started",
        "post_url     http://127.0.0.1:",
        "paynet pay complete --session-id '",
        "--reference-no 'ORDER-3D-2'",
    ] {
        assert!(r.stdout.contains(text), "{text} in {}", r.stdout);
    }
    // The page declined: complete_3d is refused.
    let mut cmd = with_card(&sim, TEST_CARD_3D_DECLINE);
    let r = run(
        &mut cmd,
        &[
            "--json",
            "pay",
            "--amount",
            "10",
            "--reference-no",
            "ORDER-3D-3",
            "--3d",
            "--return-url",
            "https://shop.example/r",
        ],
    );
    expect(&r, 0);
    let declined = r.json();
    bank_page(declined["post_url"].as_str().unwrap(), "approve");
    let r = run(
        &mut with_secret(&sim),
        &[
            "pay",
            "complete",
            "--session-id",
            declined["session_id"].as_str().unwrap(),
            "--token-id",
            declined["token_id"].as_str().unwrap(),
        ],
    );
    expect(&r, 3);
    for pan in [TEST_CARD_3D_REQUIRED, TEST_CARD_3D_DECLINE] {
        assert!(!r.all().contains(pan));
    }
}

#[test]
fn charge_finishes_a_paynet_js_payment() {
    let sim = sim();
    let js = |reference: &str| {
        sim.start_js_payment(&JsPayment::new(14_990, TEST_CARD_APPROVE).reference_no(reference))
            .unwrap()
    };
    let (session_id, token_id) = js("JS-1");
    let charge = |session_id: &str, token_id: &str, amount: &str, form: &str| {
        let mut cmd = with_secret(&sim);
        run(
            &mut cmd,
            &[
                "--json",
                "charge",
                "--session-id",
                session_id,
                "--token-id",
                token_id,
                "--amount",
                amount,
                form,
                "--reference-no",
                "JS-1",
            ],
        )
    };
    // Not the form's amount: refused by Paynet (code 15), nothing charged.
    let ledger = sim.transaction_count();
    let r = charge(&session_id, &token_id, "149.91", "--kurus");
    expect(&r, 3);
    let e = error_of(&r);
    assert_eq!(
        (e["kind"].as_str(), e["code"].as_i64()),
        (Some("rejected"), Some(15))
    );
    assert_eq!(sim.transaction_count(), ledger);
    // The form's amount as kuruş digits.
    let r = charge(&session_id, &token_id, "149.90", "--kurus");
    expect(&r, 0);
    let t = r.json();
    assert_outcome_shape(&t, &PAYMENT_NUMBERS);
    assert!(r.stdout.contains(r#""amount":149.90,"#), "{}", r.stdout);
    assert!(r.stdout.contains(r#""net_amount":146.32,"#), "{}", r.stdout);
    assert_eq!(t["user_id"], "PaynetJ");
    assert_eq!(t["is_succeed"], true);
    // Charged again: the earlier transaction.
    let r = charge(&session_id, &token_id, "149.90", "--kurus");
    expect(&r, 0);
    assert_eq!(r.json()["code"], 100);
    // The comma TL form, on another form's payment; a human summary.
    let (session_id, token_id) = js("JS-2");
    let r = run(
        &mut with_secret(&sim),
        &[
            "charge",
            "--session-id",
            &session_id,
            "--token-id",
            &token_id,
            "--amount",
            "149.90",
            "--lira",
        ],
    );
    expect(&r, 0);
    assert!(r.stdout.starts_with("Paid 149.90 TRY."), "{}", r.stdout);
    // Exactly one of --kurus and --lira: a usage error, nothing sent.
    let sent = sim.request_count(CHARGE_PATH);
    for forms in [&[][..], &["--kurus", "--lira"][..]] {
        let mut args = vec![
            "--json",
            "charge",
            "--session-id",
            "s",
            "--token-id",
            "t",
            "--amount",
            "1",
        ];
        args.extend_from_slice(forms);
        let r = run(&mut with_secret(&sim), &args);
        expect(&r, 2);
        assert_eq!(error_of(&r)["kind"], "usage");
    }
    let r = run(&mut bare(), &["charge", "--help"]);
    expect(&r, 0);
    assert!(
        r.stdout.contains("ready-made form's data-amount"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("decimal comma"), "{}", r.stdout);
    assert_eq!(sim.request_count(CHARGE_PATH), sent);
}

#[test]
fn payment_detail_reports_a_payment_like_payment_check() {
    let sim = sim();
    let r = run(
        &mut with_card(&sim, TEST_CARD_APPROVE),
        &[
            "--json",
            "pay",
            "--amount",
            "33.30",
            "--reference-no",
            "ORDER-DT",
        ],
    );
    expect(&r, 0);
    let paid = r.json();
    let r = run(
        &mut with_secret(&sim),
        &["--json", "payment", "detail", "--reference-no", "ORDER-DT"],
    );
    expect(&r, 0);
    let detail = r.json();
    assert_eq!(detail["code"], 0);
    let rows = detail["Data"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{detail}");
    assert_transaction_shape(&rows[0], &CHECKED_NUMBERS);
    assert_eq!(rows[0]["xact_id"], paid["xact_id"]);
    assert_eq!(rows[0]["agent_reference"], "ORDER-DT");
    assert_eq!(rows[0]["reversed"], false);
    assert!(rows[0]["bank_name"].is_string(), "{detail}");
    assert!(r.stdout.contains(r#""amount":33.30,"#), "{}", r.stdout);

    // By the plain id and by xact_id; a human summary.
    let id = rows[0]["id"].as_str().unwrap();
    let r = run(&mut with_secret(&sim), &["payment", "detail", "--xact", id]);
    expect(&r, 0);
    assert!(
        r.stdout.starts_with(&format!(
            "1 transaction(s) for xact={id}; the latest: sale of 33.30 TRY"
        )),
        "{}",
        r.stdout
    );
    let r = run(
        &mut with_secret(&sim),
        &[
            "payment",
            "detail",
            "--xact-id",
            paid["xact_id"].as_str().unwrap(),
        ],
    );
    expect(&r, 0);

    // Nothing found: exit 0, code 12; a declined payment: exit 3.
    let r = run(
        &mut with_secret(&sim),
        &["--json", "payment", "detail", "--reference-no", "NO-SUCH"],
    );
    expect(&r, 0);
    assert_eq!(r.json()["code"], 12);
    let r = run(
        &mut with_card(&sim, TEST_CARD_DECLINE),
        &["pay", "--amount", "5", "--reference-no", "ORDER-DT-D"],
    );
    expect(&r, 3);
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "payment",
            "detail",
            "--reference-no",
            "ORDER-DT-D",
        ],
    );
    expect(&r, 3);
    let e = error_of(&r);
    assert_eq!(e["kind"], "declined");
    assert_eq!(e["transaction"]["is_succeed"], false);

    // Exactly one identifier, and the secret key: usage errors, nothing sent.
    let sent = sim.request_count(DETAIL_PATH);
    for args in [
        &["payment", "detail"][..],
        &["payment", "detail", "--xact", "1", "--reference-no", "R"][..],
        &["payment", "detail", "--reference-no", ""][..],
    ] {
        expect(&run(&mut with_secret(&sim), args), 2);
    }
    let r = run(&mut paynet(&sim), &["payment", "detail", "--xact", "1"]);
    expect(&r, 2);
    assert!(r.stderr.contains(SECRET_VAR), "{}", r.stderr);
    assert_eq!(sim.request_count(DETAIL_PATH), sent);
}

#[test]
fn bad_card_data_and_bad_payments_are_refused_before_sending_exit_2() {
    let sim = sim();
    let pay = ["pay", "--amount", "10", "--reference-no", "ORDER-X"];
    let refused = |cmd: &mut Command, args: &[&str], says: &[&str]| {
        let mut json_args = vec!["--json"];
        json_args.extend_from_slice(args);
        let r = run(cmd, &json_args);
        expect(&r, 2);
        let e = error_of(&r);
        assert!(
            ["usage", "invalid_request"].contains(&e["kind"].as_str().unwrap()),
            "{e}"
        );
        for text in says {
            assert!(
                e["message"].as_str().unwrap().contains(text),
                "{text} in {e}"
            );
        }
        r
    };
    // A mistyped number (Luhn): the variable is named, its value never shown.
    let mut typo = TEST_CARD_APPROVE.to_owned();
    let last = typo.pop().unwrap();
    typo.push(if last == '9' {
        '0'
    } else {
        char::from(last as u8 + 1)
    });
    let mut cmd = with_card(&sim, &typo);
    let r = refused(&mut cmd, &pay, &[CARD_NUMBER_VAR, "Luhn"]);
    assert!(!r.all().contains(&typo));
    assert!(!r.all().contains(&typo[6..12]));
    // An expiry in the past, a malformed one, a bad CVC, no holder.
    for (var, value, says) in [
        (CARD_EXPIRY_VAR, "01/20", "expired"),
        (CARD_EXPIRY_VAR, "13/30", "MM/YY"),
        (CARD_CVC_VAR, "12", "3 or 4 digits"),
        (CARD_HOLDER_VAR, " ", "empty"),
    ] {
        let mut cmd = with_card(&sim, TEST_CARD_APPROVE);
        cmd.env(var, value);
        let r = refused(&mut cmd, &pay, &[var, says]);
        if var == CARD_EXPIRY_VAR {
            assert!(!r.all().contains(value), "{}", r.all());
        }
        assert!(!r.all().contains(TEST_CARD_APPROVE));
    }
    // Missing card variables are named.
    let mut cmd = with_card(&sim, TEST_CARD_APPROVE);
    cmd.env_remove(CARD_CVC_VAR).env_remove(CARD_HOLDER_VAR);
    refused(
        &mut cmd,
        &pay,
        &[
            "PAYNET_CARD_CVC, PAYNET_CARD_HOLDER are not set",
            "--card-hash",
        ],
    );
    // Amounts: sub-kuruş, a decimal comma, zero.
    for amount in ["10.005", "10,50", "0"] {
        refused(
            &mut with_card(&sim, TEST_CARD_APPROVE),
            &["pay", "--amount", amount, "--reference-no", "ORDER-X"],
            &["amount"],
        );
    }
    // No reference_no, or an empty one.
    refused(
        &mut with_card(&sim, TEST_CARD_APPROVE),
        &["pay", "--amount", "10"],
        &["--reference-no"],
    );
    refused(
        &mut with_card(&sim, TEST_CARD_APPROVE),
        &["pay", "--amount", "10", "--reference-no", ""],
        &["reference_no"],
    );
    // No merchant domain (and a return URL on an IP address gives none); a malformed one.
    let mut cmd = with_card(&sim, TEST_CARD_APPROVE);
    cmd.env_remove(DOMAIN_VAR);
    refused(&mut cmd, &pay, &[DOMAIN_VAR]);
    let mut cmd = with_card(&sim, TEST_CARD_APPROVE);
    cmd.env_remove(DOMAIN_VAR);
    let mut three_d = pay.to_vec();
    three_d.extend_from_slice(&["--3d", "--return-url", "http://127.0.0.1:9/back"]);
    refused(&mut cmd, &three_d, &[DOMAIN_VAR, "--return-url"]);
    let mut cmd = with_card(&sim, TEST_CARD_APPROVE);
    cmd.env(DOMAIN_VAR, "https://www.acme.com/");
    refused(&mut cmd, &pay, &[DOMAIN_VAR]);
    // --3d without --return-url, --return-url without --3d, a plain-http return URL.
    let mut args = pay.to_vec();
    args.push("--3d");
    refused(
        &mut with_card(&sim, TEST_CARD_APPROVE),
        &args,
        &["--return-url"],
    );
    let mut args = pay.to_vec();
    args.extend_from_slice(&["--return-url", "https://shop.example/r"]);
    refused(&mut with_card(&sim, TEST_CARD_APPROVE), &args, &["--3d"]);
    let mut args = pay.to_vec();
    args.extend_from_slice(&["--3d", "--return-url", "http://shop.example/r"]);
    refused(
        &mut with_card(&sim, TEST_CARD_APPROVE),
        &args,
        &["return_url"],
    );
    // Too many instalments; a bad card hash; no secret key.
    let mut args = pay.to_vec();
    args.extend_from_slice(&["--instalment", "40"]);
    refused(
        &mut with_card(&sim, TEST_CARD_APPROVE),
        &args,
        &["instalment"],
    );
    let mut args = pay.to_vec();
    args.extend_from_slice(&["--card-hash", "has a space"]);
    refused(
        &mut with_card(&sim, TEST_CARD_APPROVE),
        &args,
        &["card_hash"],
    );
    let mut cmd = with_card(&sim, TEST_CARD_APPROVE);
    cmd.env_remove(SECRET_VAR);
    refused(&mut cmd, &pay, &[SECRET_VAR]);
    // pay complete and charge: identifiers checked too.
    refused(
        &mut with_secret(&sim),
        &["pay", "complete", "--session-id", "", "--token-id", "t"],
        &["session_id"],
    );
    refused(
        &mut with_secret(&sim),
        &[
            "pay",
            "--amount",
            "1",
            "complete",
            "--session-id",
            "s",
            "--token-id",
            "t",
        ],
        &["cannot be used"],
    );
    refused(
        &mut with_secret(&sim),
        &[
            "charge",
            "--session-id",
            "s",
            "--token-id",
            "t",
            "--amount",
            "1.001",
            "--kurus",
        ],
        &["amount"],
    );
    for path in [PAY_PATH, START_3D_PATH, COMPLETE_3D_PATH, CHARGE_PATH] {
        assert_eq!(sim.request_count(path), 0, "{path}");
    }
    nothing_sent(&sim);
}

/// A simulator whose `LOST…` (and `SLOW…`) answers come after 100 ms, not 5 s.
fn sim_quick_lost(seed: u64) -> Simulator {
    start(
        SimConfig::default()
            .seed(seed)
            .slow_delay(Duration::from_millis(100)),
    )
}

/// The simulator's `LOST…` trigger: it makes and records the payment, then closes the connection
/// without a byte of the answer. What the SDK must do: not send the payment again, look it up by
/// its reference_no (the simulator answers the lookups of a `LOST…` reference).
#[test]
fn a_lost_payment_answer_is_settled_by_a_lookup() {
    let lost = paynet_sim::triggers::LOST_PREFIX;
    // Approved: the lookup finds the payment; exit 0, sent once.
    let sim = sim_quick_lost(7);
    let before = sim.transaction_count();
    let mut cmd = with_secret(&sim);
    cmd.env(DOMAIN_VAR, DOMAIN);
    set_card(&mut cmd, TEST_CARD_APPROVE);
    let reference = format!("{lost}-ORDER-1");
    let r = run(
        &mut cmd,
        &[
            "-v",
            "pay",
            "--amount",
            "42.00",
            "--reference-no",
            &reference,
        ],
    );
    expect(&r, 0);
    assert!(r.stdout.starts_with("Paid 42.00 TRY."), "{}", r.stdout);
    assert!(r.stdout.contains("Settled by a lookup"), "{}", r.stdout);
    assert!(r.stdout.contains("Nothing was sent twice"), "{}", r.stdout);
    assert_eq!(sim.request_count(PAY_PATH), 1, "sent once, never again");
    assert!(sim.request_count(CHECK_PATH) >= 1, "looked up");
    assert_eq!(sim.transaction_count(), before + 1, "made once");
    assert!(!r.all().contains(TEST_CARD_APPROVE));

    // Declined: the lookup finds the decline; exit 3, sent once.
    let sim = sim_quick_lost(8);
    let mut cmd = with_secret(&sim);
    cmd.env(DOMAIN_VAR, DOMAIN);
    set_card(&mut cmd, TEST_CARD_DECLINE);
    let reference = format!("{lost}-ORDER-2");
    let r = run(
        &mut cmd,
        &[
            "--json",
            "pay",
            "--amount",
            "25",
            "--reference-no",
            &reference,
        ],
    );
    expect(&r, 3);
    let e = error_of(&r);
    assert_eq!(e["kind"], "declined");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("settled by a lookup"),
        "{e}"
    );
    assert_eq!(e["transaction"]["is_succeed"], false);
    assert_eq!(sim.request_count(PAY_PATH), 1, "sent once, never again");
    assert!(sim.request_count(CHECK_PATH) >= 1, "looked up");
}

/// `text` without the timestamps `--verbose` puts at the start of each log line (their digits
/// could hold a short CVC by chance).
fn without_timestamps(text: &str) -> String {
    text.lines()
        .map(|line| match line.split_once(' ') {
            Some((first, rest)) if first.ends_with('Z') && first.contains('T') => rest,
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A server that echoes the card's number and CVC in its answers (success, decline, refusal, error
/// page): neither is printed by `pay`, with or without --json and --verbose; the card number is
/// not printed whichever command runs (the tool registers it client-wide); the masked form (first
/// 6, last 4) may be. The CVC is scrubbed by the SDK from the answers of the payment that carries
/// it (a whole value, or a number standing alone in a text); the tool no longer registers it
/// client-wide (a short number would blank every equal number Paynet sends: see
/// `a_cvc_that_equals_a_result_code_leaves_it_readable`), so a capture, which carries no card,
/// prints the number of its answer as it is.
#[test]
fn card_numbers_and_cvcs_a_server_echoes_are_never_printed() {
    const SECRET: &str = "sck_CARD_ECHO_secret_0099";
    const CVC: &str = "7391";
    let pan = TEST_CARD_APPROVE;
    // The card as a person types it: the tool registers that form and its digits.
    let typed = format!(
        "{} {} {} {}",
        &pan[..4],
        &pan[4..8],
        &pan[8..12],
        &pan[12..]
    );
    let seed = paynet_httpmock::answers::answer("pay").unwrap();
    assert!(seed.contains(r#""card_holder":"AYSE YILMAZ""#));
    let approved = seed
        .replace(
            r#""card_holder":"AYSE YILMAZ""#,
            &format!(r#""card_holder":"{pan}""#),
        )
        .replace(
            r#""bank_authorization_code":"123456""#,
            &format!(r#""bank_authorization_code":"{CVC}""#),
        )
        .replace(
            r#""bank_order_id":"order-4711""#,
            &format!(r#""bank_order_id":"{typed}""#),
        )
        .replace(
            r#""message":"Başarılı İşlem""#,
            &format!(r#""message":"ok {pan} / {typed} (cvc {CVC})""#),
        );
    assert!(approved.contains(CVC) && approved.contains(&typed));
    let declined = format!(
        r#"{{"object_name":"transaction","code":1,"message":"card {pan}","xact_id":"xk_echo","transaction_type":1,"pos_type":5,"amount":"10,00","card_no_masked":"435508******4358","card_holder":"{typed}","is_succeed":false,"bank_error_id":"05","bank_error_message":"declined {pan}","bank_error_short_desc":"{CVC}","bank_error_long_desc":"{pan}{pan}","reference_no":"R-ECHO"}}"#
    );
    let refused = format!(
        r#"{{"type":"invalid_request_error","message":"bad pan {pan} ({typed})","code":400,"result_code":18}}"#
    );
    let page = format!("<html><body>500: {pan} {typed}</body></html>");
    let pay: &[&str] = &["pay", "--amount", "10", "--reference-no", "R-ECHO"];
    let capture: &[&str] = &["capture", "--reference-no", "R-ECHO", "--amount", "10"];
    let capture_ok = paynet_httpmock::answers::answer("capture")
        .unwrap()
        .replace(
            r#""card_holder":"GJH""#,
            &format!(r#""card_holder":"{pan} GJH""#),
        )
        .replace(
            r#""order_id":"order-8229""#,
            &format!(r#""order_id":"{CVC}""#),
        );
    assert!(capture_ok.contains(pan) && capture_ok.contains(CVC));
    let cases: [(u16, &str, &[&str], i32); 5] = [
        (200, &approved, pay, 0),
        (200, &declined, pay, 3),
        (400, &refused, pay, 3),
        (500, &page, pay, 5),
        (200, &capture_ok, capture, 0),
    ];
    for json in [false, true] {
        for (status, body, args, code) in &cases {
            let (url, server) = canned(*status, *body);
            let mut cmd = paynet_at(&url);
            cmd.env(SECRET_VAR, SECRET)
                .env(DOMAIN_VAR, DOMAIN)
                .env(CARD_NUMBER_VAR, &typed)
                .env(CARD_EXPIRY_VAR, test_expiry())
                .env(CARD_CVC_VAR, CVC)
                .env(CARD_HOLDER_VAR, "AYSE YILMAZ");
            let mut all_args = vec!["-vv"];
            if json {
                all_args.push("--json");
            }
            all_args.extend_from_slice(args);
            let r = run(&mut cmd, &all_args);
            server.join().unwrap();
            expect(&r, *code);
            let all = r.all();
            for secret in [pan, typed.as_str(), &pan[..12], &pan[4..], SECRET] {
                assert!(!all.contains(secret), "{secret} printed:\n{all}");
            }
            if args[0] == "pay" {
                let cvc_free = format!("{}\n{}", r.stdout, without_timestamps(&r.stderr));
                assert!(!cvc_free.contains(CVC), "the CVC printed:\n{cvc_free}");
            }
            if json {
                r.json();
            }
            if *code == 0 && args[0] == "pay" {
                assert!(r.stdout.contains("435508******4358"), "{}", r.stdout);
            }
        }
    }
}

#[test]
fn help_documents_the_card_commands_and_variables() {
    let r = run(&mut bare(), &["--help"]);
    expect(&r, 0);
    for text in [
        "pay",
        "charge",
        "payment",
        CARD_NUMBER_VAR,
        CARD_EXPIRY_VAR,
        CARD_CVC_VAR,
        CARD_HOLDER_VAR,
        DOMAIN_VAR,
        "No card number is printed beyond its first 6 and last 4 digits",
    ] {
        assert!(r.stdout.contains(text), "{text} in {}", r.stdout);
    }
    let r = run(&mut bare(), &["pay", "--help"]);
    expect(&r, 0);
    for text in [
        "--amount",
        "--reference-no",
        "--instalment",
        "--pre-auth",
        "--description",
        "--card-hash",
        "--3d",
        "--return-url",
        "complete",
        CARD_NUMBER_VAR,
        DOMAIN_VAR,
        "settled by a lookup",
    ] {
        assert!(r.stdout.contains(text), "{text} in {}", r.stdout);
    }
    let r = run(&mut bare(), &["pay", "complete", "--help"]);
    expect(&r, 0);
    for text in ["--session-id", "--token-id", "--reference-no"] {
        assert!(r.stdout.contains(text), "{text}");
    }
    let r = run(&mut bare(), &["payment", "detail", "--help"]);
    expect(&r, 0);
    for text in ["--xact-id", "--xact", "--reference-no"] {
        assert!(r.stdout.contains(text), "{text}");
    }
}

/// A CVC equal to a number Paynet sends (result code 100, an earlier success) no longer blanks
/// it: the tool does not register the CVC client-wide, and the SDK never scrubs a payment's CVC
/// from a result code. Both a replayed payment and a replayed capture are read (exit 0, code 100).
#[test]
fn a_cvc_that_equals_a_result_code_leaves_it_readable() {
    let sim = sim();
    let mut cmd = with_secret(&sim);
    cmd.env(DOMAIN_VAR, DOMAIN);
    set_card(&mut cmd, TEST_CARD_APPROVE);
    cmd.env(CARD_CVC_VAR, "100");
    let pay = [
        "--json",
        "pay",
        "--amount",
        "100",
        "--reference-no",
        "CVC-100",
    ];
    let first = run(&mut cmd, &pay);
    expect(&first, 0);
    assert_eq!(first.json()["code"], 0);
    let mut cmd = with_secret(&sim);
    cmd.env(DOMAIN_VAR, DOMAIN);
    set_card(&mut cmd, TEST_CARD_APPROVE);
    cmd.env(CARD_CVC_VAR, "100");
    let again = run(&mut cmd, &pay);
    expect(&again, 0);
    let o = again.json();
    assert_eq!(o["code"], 100, "{o}");
    assert_eq!(o["replayed"], true);
    assert_eq!(sim.request_count(CHECK_PATH), 0, "read, not looked up");

    let capture = [
        "--json",
        "capture",
        "--reference-no",
        PRE_AUTH_250_REFERENCE_NO,
        "--amount",
        "1.00",
    ];
    for code in [0, 100] {
        let mut cmd = with_secret(&sim);
        set_card(&mut cmd, TEST_CARD_APPROVE);
        cmd.env(CARD_CVC_VAR, "100");
        let r = run(&mut cmd, &capture);
        expect(&r, 0);
        assert_eq!(r.json()["code"], code);
    }
}

// ---------------------------------------------------------------------------------------------
// after the sale: refund, preauth cancel, capture cancel, payments list, refunds list, ratios

/// The paths of the after-sale operations at the simulator.
const REFUND_PATH: &str = "/v1/transaction/reversed_request";
const CANCEL_PREAUTH_PATH: &str = "/v1/transaction/preauth_reversal";
const CANCEL_CAPTURE_PATH: &str = "/v1/transaction/capture_reversal";
const LIST_PATH: &str = "/v1/transaction/list";
const REFUND_LIST_PATH: &str = "/v1/transaction/reversal_list";
const RATIOS_PATH: &str = "/v1/ratio/Get";

/// A seeded simulator's day (its clock starts on it), and a day before its seeded history.
const SIM_DAY: &str = "2024-06-03";
const BEFORE_HISTORY: &str = "2024-05-01";

/// Pays `amount` with `card` under `reference`, and returns the payment's xact_id (the declined
/// transaction's for a declining card).
fn paid(sim: &Simulator, card: &str, amount: &str, reference: &str) -> String {
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

/// Asks `refunds list --json` for `day` until the request for `xact_id` is decided (or 2 s have
/// passed); returns its row.
fn decided_refund(sim: &Simulator, day: &str, xact_id: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let r = run(
            &mut with_secret(sim),
            &[
                "--json", "refunds", "list", "--from", day, "--to", day, "--limit", "100",
            ],
        );
        expect(&r, 0);
        let json = r.json();
        let row = json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .find(|row| row["xact_id"] == xact_id)
            .cloned();
        if let Some(row) = &row
            && row["status"] != 0
        {
            return row.clone();
        }
        assert!(Instant::now() < deadline, "not decided: {row:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn refund_is_a_request_accepted_and_decided_later() {
    let sim = sim();
    // A seeded sale of a past day: refundable in part.
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "payments",
            "list",
            "--from",
            BEFORE_HISTORY,
            "--to",
            SIM_DAY,
            "--limit",
            "100",
        ],
    );
    expect(&r, 0);
    let json = r.json();
    let sale = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| {
            row["transaction_type"] == 1
                && row["is_succeed"] == true
                && row["reversed"] != true
                && row["xact_date"].as_str().unwrap() < SIM_DAY
                && row["amount"].as_f64().unwrap() >= 50.0
        })
        .cloned()
        .unwrap();
    let xact_id = sale["xact_id"].as_str().unwrap();

    // Human: the REQUEST is accepted, and where the decision shows.
    let r = run(
        &mut with_secret(&sim),
        &["refund", "--xact-id", xact_id, "--amount", "10.00"],
    );
    expect(&r, 0);
    for text in [
        "Refund request accepted",
        "No money has been returned yet",
        "10.00 TRY",
        "paynet refunds list --from today --to today",
        "waiting, approved or denied",
    ] {
        assert!(r.stdout.contains(text), "{text} in {}", r.stdout);
    }
    assert!(!r.stdout.contains("Refunded"), "{}", r.stdout);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let row = decided_refund(&sim, SIM_DAY, xact_id);
    assert_eq!(row["status"], 1, "{row}");
    assert_eq!(row["is_cancel"], false);
    assert!(row["reversed_xact_id"].as_str().unwrap().starts_with("xk_"));

    // --json: the RefundRequested object, with a succeedUrl on loopback.
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "refund",
            "--xact-id",
            xact_id,
            "--amount",
            "5.50",
            "--succeed-url",
            "http://127.0.0.1:9/refund-decision",
        ],
    );
    expect(&r, 0);
    assert_eq!(
        r.json(),
        serde_json::json!({"code": 0, "message": "Başarılı İşlem", "reconciled": false})
    );
    assert_eq!(sim.request_count(REFUND_PATH), 2);

    // The refund list shows both requests, human and JSON (amounts exact).
    let r = run(
        &mut with_secret(&sim),
        &["refunds", "list", "--from", SIM_DAY, "--to", SIM_DAY],
    );
    expect(&r, 0);
    for text in [
        "REQUESTED",
        "XACT_ID",
        "STATUS",
        "refund",
        "10.00 TRY",
        xact_id,
    ] {
        assert!(r.stdout.contains(text), "{text} in {}", r.stdout);
    }
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json", "refunds", "list", "--from", SIM_DAY, "--to", SIM_DAY, "--all",
        ],
    );
    expect(&r, 0);
    assert!(r.stdout.contains(r#""amount":10.00,"#), "{}", r.stdout);
    assert!(r.stdout.contains(r#""amount":5.50,"#), "{}", r.stdout);
    let json = r.json();
    assert_eq!(json["count"], 2, "{json}");

    // The same day, only a cancellation in full: a partial amount is refused by Paynet (exit 3).
    let today = paid(&sim, TEST_CARD_APPROVE, "30.00", "REFUND-TODAY-1");
    let r = run(
        &mut with_secret(&sim),
        &["--json", "refund", "--xact-id", &today, "--amount", "10.00"],
    );
    expect(&r, 3);
    let e = error_of(&r);
    assert_eq!(e["kind"], "rejected");
    assert_eq!(e["code"], 11);
    assert!(
        r.stderr.contains("only be cancelled in full"),
        "{}",
        r.stderr
    );
    // In full: accepted (a cancellation).
    let r = run(&mut with_secret(&sim), &["refund", "--xact-id", &today]);
    expect(&r, 0);
    assert!(r.stdout.contains("all of it"), "{}", r.stdout);
    let row = decided_refund(&sim, SIM_DAY, &today);
    assert_eq!(
        (row["status"].clone(), row["is_cancel"].clone()),
        (1.into(), true.into())
    );

    // An unknown transaction: refused by Paynet (exit 3).
    let r = run(
        &mut with_secret(&sim),
        &["refund", "--xact-id", "xk_no_such_transaction"],
    );
    expect(&r, 3);
}

#[test]
fn a_denied_refund_request_is_accepted_and_the_list_shows_it_denied() {
    let sim = sim();
    let reference = format!("{}-1", paynet_sim::triggers::REFUND_DENY_PREFIX);
    let xact_id = paid(&sim, TEST_CARD_APPROVE, "80.00", &reference);
    let r = run(&mut with_secret(&sim), &["refund", "--xact-id", &xact_id]);
    expect(&r, 0);
    assert!(r.stdout.contains("Refund request accepted"), "{}", r.stdout);
    let row = decided_refund(&sim, SIM_DAY, &xact_id);
    assert_eq!(row["status"], 2, "{row}");
    assert_eq!(row["reversed_xact_id"], Value::Null);
    let r = run(
        &mut with_secret(&sim),
        &["refunds", "list", "--from", SIM_DAY, "--to", SIM_DAY],
    );
    expect(&r, 0);
    let line = r
        .stdout
        .lines()
        .find(|l| l.contains(&xact_id))
        .unwrap_or_else(|| panic!("{xact_id} in {}", r.stdout));
    assert!(line.contains("denied"), "{line}");
    // The payment itself stands.
    let r = run(
        &mut with_secret(&sim),
        &["--json", "payment", "detail", "--xact-id", &xact_id],
    );
    expect(&r, 0);
    assert_ne!(r.json()["Data"][0]["reversed"], true);
}

#[test]
fn refund_input_is_checked_before_sending() {
    let sim = sim();
    for (args, field) in [
        (
            &["refund", "--xact-id", "xk_1", "--amount", "10,00"][..],
            "--amount",
        ),
        (
            &["refund", "--xact-id", "xk_1", "--amount", "0"][..],
            "--amount",
        ),
        (
            &[
                "refund",
                "--xact-id",
                "xk_1",
                "--succeed-url",
                "http://shop.example/x",
            ][..],
            "--succeed-url",
        ),
        (&["refund", "--xact-id", " "][..], "--xact-id"),
        (&["preauth", "cancel", "--xact-id", ""][..], "--xact-id"),
        (&["capture", "cancel", "--xact-id", ""][..], "--xact-id"),
    ] {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let r = run(&mut with_secret(&sim), &all);
        expect(&r, 2);
        let e = error_of(&r);
        assert!(
            e["message"].as_str().unwrap().contains(field),
            "{field} in {e}"
        );
    }
    // Usage: a missing --xact-id, no secret key.
    expect(&run(&mut with_secret(&sim), &["refund"]), 2);
    expect(&run(&mut with_secret(&sim), &["preauth", "cancel"]), 2);
    for args in [
        &["refund", "--xact-id", "xk_1"][..],
        &["preauth", "cancel", "--xact-id", "xk_1"][..],
        &["capture", "cancel", "--xact-id", "xk_1"][..],
        &["payments", "list", "--from", "today", "--to", "today"][..],
        &["refunds", "list", "--from", "today", "--to", "today"][..],
        &["ratios"][..],
    ] {
        let r = run(&mut paynet(&sim), args);
        expect(&r, 2);
        assert!(r.stderr.contains(SECRET_VAR), "{}", r.stderr);
    }
    for path in [
        REFUND_PATH,
        CANCEL_PREAUTH_PATH,
        CANCEL_CAPTURE_PATH,
        LIST_PATH,
        REFUND_LIST_PATH,
        RATIOS_PATH,
    ] {
        assert_eq!(sim.request_count(path), 0, "{path}");
    }
    nothing_sent(&sim);
}

#[test]
fn preauth_cancel_releases_the_held_amount() {
    let sim = sim();
    let r = run(
        &mut with_secret(&sim),
        &["preauth", "cancel", "--xact-id", PRE_AUTH_100_XACT_ID],
    );
    expect(&r, 0);
    assert!(
        r.stdout
            .starts_with("Pre-authorisation cancelled: the held amount is released"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(PRE_AUTH_100_XACT_ID), "{}", r.stdout);
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_100_REFERENCE_NO),
        Some(0)
    );
    // Again: refused by Paynet (already cancelled, result code 19), exit 3.
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "preauth",
            "cancel",
            "--xact-id",
            PRE_AUTH_100_XACT_ID,
        ],
    );
    expect(&r, 3);
    let e = error_of(&r);
    assert_eq!(
        (e["kind"].clone(), e["code"].clone()),
        ("rejected".into(), 19.into())
    );
    // Its detail shows it reversed.
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "payment",
            "detail",
            "--xact-id",
            PRE_AUTH_100_XACT_ID,
        ],
    );
    expect(&r, 0);
    let json = r.json();
    assert!(
        json["Data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["xact_id"] == PRE_AUTH_100_XACT_ID && t["reversed"] == true),
        "{json}"
    );

    // --json: the PreAuthCancelled object, for a pre-authorisation made by `pay --pre-auth`.
    let mut cmd = with_card(&sim, TEST_CARD_APPROVE);
    let r = run(
        &mut cmd,
        &[
            "--json",
            "pay",
            "--amount",
            "60",
            "--reference-no",
            "HOLD-1",
            "--pre-auth",
        ],
    );
    expect(&r, 0);
    let held = r.json()["xact_id"].as_str().unwrap().to_owned();
    let r = run(
        &mut with_secret(&sim),
        &["--json", "preauth", "cancel", "--xact-id", &held],
    );
    expect(&r, 0);
    assert_eq!(
        r.json(),
        serde_json::json!({"code": 0, "message": "Başarılı İşlem", "reconciled": false})
    );
    // Unknown: refused (result code 12), exit 3.
    let r = run(
        &mut with_secret(&sim),
        &["--json", "preauth", "cancel", "--xact-id", "xk_unknown"],
    );
    expect(&r, 3);
    assert_eq!(error_of(&r)["code"], 12);
}

#[test]
fn capture_cancel_is_a_transaction_outcome() {
    let sim = sim();
    // A capture to cancel; `capture --reference-no R --amount A` works as before.
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "capture",
            "--reference-no",
            PRE_AUTH_250_REFERENCE_NO,
            "--amount",
            "10.50",
        ],
    );
    expect(&r, 0);
    let capture = r.json()["xact_id"].as_str().unwrap().to_owned();
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_250_REFERENCE_NO),
        Some(23_950)
    );
    // Human.
    let r = run(
        &mut with_secret(&sim),
        &["capture", "cancel", "--xact-id", &capture],
    );
    expect(&r, 0);
    assert!(
        r.stdout
            .starts_with(&format!("Capture {capture} cancelled (10.50 TRY)")),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("captured again"), "{}", r.stdout);
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_250_REFERENCE_NO),
        Some(25_000)
    );
    // Again: refused by Paynet (result code 19), exit 3.
    let r = run(
        &mut with_secret(&sim),
        &["--json", "capture", "cancel", "--xact-id", &capture],
    );
    expect(&r, 3);
    assert_eq!(error_of(&r)["code"], 19);

    // --json: the outcome, like pay's (the transaction, replayed, reconciled).
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "capture",
            "--xact",
            PRE_AUTH_250_XACT,
            "--amount",
            "20",
        ],
    );
    expect(&r, 0);
    let capture = r.json()["xact_id"].as_str().unwrap().to_owned();
    let r = run(
        &mut with_secret(&sim),
        &["--json", "capture", "cancel", "--xact-id", &capture],
    );
    expect(&r, 0);
    let o = r.json();
    assert_outcome_shape(&o, &["transaction_type", "amount", "code"]);
    assert_eq!(o["transaction_type"], 6, "{o}");
    assert_eq!(o["is_succeed"], true);
    assert_eq!(o["replayed"], false);
    assert!(r.stdout.contains(r#""amount":20.00,"#), "{}", r.stdout);

    // Declined by the bank: a capture whose reference_no starts with DECLINE (a pre-authorisation
    // of that reference, captured by its xact_id so that the capture itself is not declined).
    sim.add_pre_auth(paynet_sim::PreAuth::new(
        "xk_EAAAAdeclineCancelPreAuth",
        "1000090",
        "DECLINE-CANCEL-1",
        5_000,
    ));
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "capture",
            "--xact-id",
            "xk_EAAAAdeclineCancelPreAuth",
            "--amount",
            "10",
        ],
    );
    expect(&r, 0);
    let capture = r.json()["xact_id"].as_str().unwrap().to_owned();
    let r = run(
        &mut with_secret(&sim),
        &["--json", "capture", "cancel", "--xact-id", &capture],
    );
    expect(&r, 3);
    let e = error_of(&r);
    assert_eq!(e["kind"], "declined");
    assert_eq!(e["http_status"], 200);
    assert_eq!(e["transaction"]["is_succeed"], false);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("the capture's cancellation, nothing was cancelled"),
        "{e}"
    );
    assert!(r.stderr.contains("the capture stands"), "{}", r.stderr);
    assert_eq!(sim.request_count(CANCEL_CAPTURE_PATH), 4);
}

/// The fields a row of `payments list` adds to the transaction's.
const PAYMENT_ROW_FIELDS: [&str; 16] = [
    "agent_name",
    "xacttype_desc",
    "xact_time",
    "is_reconcile",
    "is_payup",
    "is_onchargeback",
    "ana_firma_brut_alacak",
    "ana_firma_komisyonu",
    "ana_firma_komisyonu_kdv_dahil",
    "ana_firma_odenecek_net_tutar",
    "bayi_brut_alacak",
    "bayi_komisyonu",
    "bayi_komisyonu_kdv_dahil",
    "bayiye_odenecek_net_tutar",
    "cp_mfi_vdate",
    "ap_mfi_vdate",
];

/// Every `reference_no` of the rows of a `payments list --json`.
fn references(json: &Value) -> Vec<String> {
    json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|row| row["reference_no"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn payments_list_all_streams_every_row_exactly_once() {
    let sim = start(SimConfig::default().seed(11).without_pre_auths());
    assert_eq!(sim.transaction_count(), paynet_sim::SEEDED_HISTORY_LEN);
    // What the test makes: three approved payments and a declined one (today).
    let mut made = Vec::new();
    for (card, reference) in [
        (TEST_CARD_APPROVE, "LIST-1"),
        (TEST_CARD_APPROVE, "LIST-2"),
        (TEST_CARD_DECLINE, "LIST-3"),
        (TEST_CARD_APPROVE, "LIST-4"),
    ] {
        made.push(paid(&sim, card, "12.34", reference));
    }
    let r = run(
        &mut with_secret(&sim),
        &[
            "-v",
            "--json",
            "payments",
            "list",
            "--from",
            BEFORE_HISTORY,
            "--to",
            SIM_DAY,
            "--all",
            "--limit",
            "4",
            "--show-unsucceed",
        ],
    );
    expect(&r, 0);
    let json = r.json();
    // Sorted here: serde_json keeps insertion order when a crate of the build enables
    // `preserve_order` (feature unification across the workspace).
    let mut keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["count", "has_more", "rows", "total_count"]);
    let expected = paynet_sim::SEEDED_HISTORY_LEN + made.len();
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(json["count"], expected, "count");
    assert_eq!(rows.len(), expected, "rows");
    assert_eq!(json["total_count"], expected);
    assert_eq!(json["has_more"], false);
    // No duplicate, no gap: every xact_id once, every seeded and made transaction there.
    let ids: std::collections::BTreeSet<&str> = rows
        .iter()
        .map(|row| row["xact_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), expected, "xact_ids unique");
    for id in &made {
        assert!(ids.contains(id.as_str()), "{id}");
    }
    // The seeded history's references: SIM-HIST-06 is the capture, which carries its
    // pre-authorisation's (05), and the 25th, the refund, carries its sale's (12).
    let refs = references(&json);
    assert_eq!(refs.len(), expected, "{refs:?}");
    for n in (1..=24).filter(|n| *n != 6) {
        let reference = format!("SIM-HIST-{n:02}");
        let times = refs.iter().filter(|r| **r == reference).count();
        assert_eq!(
            times,
            if [5, 12].contains(&n) { 2 } else { 1 },
            "{reference}"
        );
    }
    for reference in ["LIST-1", "LIST-2", "LIST-3", "LIST-4"] {
        assert_eq!(
            refs.iter().filter(|r| *r == reference).count(),
            1,
            "{reference}"
        );
    }
    // Several pages, their progress on stderr only.
    let pages = expected.div_ceil(4) as u64;
    assert_eq!(sim.request_count(LIST_PATH), pages);
    for line in ["loaded 4 rows…", "loaded 8 rows…", "loaded 28 rows…"] {
        assert!(r.stderr.contains(line), "{line} in {}", r.stderr);
        assert!(!r.stdout.contains(line));
    }
    assert!(
        r.stderr
            .contains(&format!("loaded {expected} rows in {pages} pages: done")),
        "{}",
        r.stderr
    );
    // Rows as the SDK serialises them: the transaction's names, then the list's own.
    for row in rows {
        let mut keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected_keys = TRANSACTION_FIELDS.to_vec();
        expected_keys.extend(PAYMENT_ROW_FIELDS);
        keys.sort_unstable();
        expected_keys.sort_unstable();
        assert_eq!(keys, expected_keys, "{row}");
    }
    assert_in_order(
        &r.stdout,
        &[
            "xact_id",
            "card_no_masked",
            "message",
            "agent_name",
            "ap_mfi_vdate",
        ],
    );
    assert!(!r.all().contains(TEST_CARD_APPROVE) && !r.all().contains(sim.secret_key()));

    // Successful ones only, by default: the two declines (one seeded, one made) are left out.
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "payments",
            "list",
            "--from",
            BEFORE_HISTORY,
            "--to",
            SIM_DAY,
            "--all",
            "--limit",
            "5",
        ],
    );
    expect(&r, 0);
    let json = r.json();
    assert_eq!(json["count"], expected - 2);
    assert!(
        json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|row| row["is_succeed"] == true)
    );

    // Human: one table for all the pages.
    let r = run(
        &mut with_secret(&sim),
        &[
            "payments",
            "list",
            "--from",
            BEFORE_HISTORY,
            "--to",
            SIM_DAY,
            "--all",
            "--limit",
            "10",
            "--show-unsucceed",
        ],
    );
    expect(&r, 0);
    assert!(
        r.stdout.starts_with(&format!(
            "{expected} transactions from {BEFORE_HISTORY} to {SIM_DAY}:"
        )),
        "{}",
        r.stdout
    );
    assert_eq!(
        r.stdout.matches("STATUS").count(),
        1,
        "one header: {}",
        r.stdout
    );
    for text in [
        "DATE",
        "TYPE",
        "AMOUNT",
        "NET",
        "CARD",
        "STATUS",
        "declined",
        "12.34 TRY",
        "435508******4358",
    ] {
        assert!(r.stdout.contains(text), "{text} in {}", r.stdout);
    }
    for id in &made {
        assert_eq!(r.stdout.matches(id.as_str()).count(), 1, "{id}");
    }
    assert!(r.stderr.contains("loaded 10 rows…"), "{}", r.stderr);
}

#[test]
fn payments_list_without_all_prints_one_page() {
    let sim = sim();
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "payments",
            "list",
            "--from",
            BEFORE_HISTORY,
            "--to",
            SIM_DAY,
            "--limit",
            "5",
        ],
    );
    expect(&r, 0);
    let json = r.json();
    assert_eq!(json["count"], 5);
    assert_eq!(json["rows"].as_array().unwrap().len(), 5);
    assert_eq!(json["has_more"], true);
    assert!(json["total_count"].as_u64().unwrap() > 5, "{json}");
    assert_eq!(sim.request_count(LIST_PATH), 1);
    assert!(!r.stderr.contains("loaded"), "{}", r.stderr);
    // Human: the page, and that more remain.
    let r = run(
        &mut with_secret(&sim),
        &[
            "payments",
            "list",
            "--from",
            BEFORE_HISTORY,
            "--to",
            SIM_DAY,
        ],
    );
    expect(&r, 0);
    assert!(
        r.stdout.starts_with(&format!(
            "10 transactions from {BEFORE_HISTORY} to {SIM_DAY} (of "
        )),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("more remain: --all"), "{}", r.stdout);
    assert!(r.stdout.contains("To refund one: paynet refund --xact-id"));
    // Nothing in the range: exit 0.
    let r = run(
        &mut with_secret(&sim),
        &[
            "payments",
            "list",
            "--from",
            "2020-01-01",
            "--to",
            "2020-01-31",
        ],
    );
    expect(&r, 0);
    assert_eq!(
        r.stdout.trim(),
        "No transactions from 2020-01-01 to 2020-01-31."
    );
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "refunds",
            "list",
            "--from",
            "2020-01-01",
            "--to",
            "2020-01-01",
        ],
    );
    expect(&r, 0);
    assert_eq!(
        r.json(),
        serde_json::json!({"rows": [], "count": 0, "total_count": 0, "has_more": false})
    );

    // `today` (the simulator without a seed runs on today's date in Turkey).
    let sim = start(SimConfig::default());
    let xact_id = paid(&sim, TEST_CARD_APPROVE, "15.00", "TODAY-1");
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json", "payments", "list", "--from", "today", "--to", "today", "--limit", "1000",
        ],
    );
    expect(&r, 0);
    let json = r.json();
    assert!(
        json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|row| row["xact_id"] == xact_id.as_str()),
        "{json}"
    );
}

#[test]
fn lists_refuse_bad_ranges_before_sending() {
    let sim = sim();
    for list in ["payments", "refunds"] {
        for (from, to, extra, what) in [
            ("2024-13-01", SIM_DAY, None, "--from"),
            ("2024-06-3", SIM_DAY, None, "--from"),
            ("03.06.2024", SIM_DAY, None, "--from"),
            (SIM_DAY, "tomorrow", None, "--to"),
            (SIM_DAY, "2024-02-30", None, "--to"),
            (
                SIM_DAY,
                BEFORE_HISTORY,
                None,
                "--from 2024-06-03 is after --to 2024-05-01",
            ),
            (BEFORE_HISTORY, SIM_DAY, Some("0"), "--limit"),
            (BEFORE_HISTORY, SIM_DAY, Some("1001"), "--limit"),
            (BEFORE_HISTORY, SIM_DAY, Some("ten"), "--limit"),
        ] {
            let mut args = vec!["--json", list, "list", "--from", from, "--to", to];
            if let Some(limit) = extra {
                args.push("--limit");
                args.push(limit);
            }
            let r = run(&mut with_secret(&sim), &args);
            expect(&r, 2);
            let e = error_of(&r);
            assert!(
                e["message"].as_str().unwrap().contains(what),
                "{what} in {e}"
            );
            assert!(["usage", "invalid_request"].contains(&e["kind"].as_str().unwrap()));
            // --all refuses the same.
            args.push("--all");
            expect(&run(&mut with_secret(&sim), &args), 2);
        }
        // A missing range.
        expect(
            &run(&mut with_secret(&sim), &[list, "list", "--from", SIM_DAY]),
            2,
        );
    }
    assert_eq!(sim.request_count(LIST_PATH), 0);
    assert_eq!(sim.request_count(REFUND_LIST_PATH), 0);
    nothing_sent(&sim);
}

#[test]
fn ratios_prints_the_instalment_table() {
    let sim = sim();
    // For a card's BIN and an amount: its bank, twelve options.
    let r = run(
        &mut with_secret(&sim),
        &["ratios", "--bin", "435508", "--amount", "100.00"],
    );
    expect(&r, 0);
    for text in [
        "Instalment options for a card with BIN 435508, for 100.00 TRY:",
        "AXSS",
        "INSTALMENTS",
        "PER INSTALMENT",
        "TOTAL",
        "COMMISSION",
        "NET",
        "Tek Çekim",
        "12 Taksit",
        "97.61 TRY",
    ] {
        assert!(r.stdout.contains(text), "{text} in {}", r.stdout);
    }
    assert!(!r.stdout.contains("BONS"), "{}", r.stdout);
    // --json: the RatioTable, Paynet's names, exact numbers.
    let r = run(
        &mut with_secret(&sim),
        &["--json", "ratios", "--bin", "435508", "--amount", "100"],
    );
    expect(&r, 0);
    assert!(
        r.stdout.contains(r#""total_amount":100.00,"#),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(r#""ratio":0.0199,"#), "{}", r.stdout);
    let json = r.json();
    // Sorted here: serde_json keeps insertion order when a crate of the build enables
    // `preserve_order` (feature unification across the workspace).
    let mut keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["code", "data", "message"]);
    let banks = json["data"].as_array().unwrap();
    assert_eq!(banks.len(), 1);
    assert_eq!(banks[0]["bank_id"], "AXSS");
    let options = banks[0]["ratio"].as_array().unwrap();
    assert_eq!(options.len(), 12);
    assert_eq!(options[0]["instalment"], 1);
    assert_eq!(options[0]["desc"], "Tek Çekim");
    assert_eq!(options[11]["instalment"], 12);

    // The whole table: every bank.
    let r = run(&mut with_secret(&sim), &["ratios", "--amount", "250"]);
    expect(&r, 0);
    assert!(
        r.stdout
            .starts_with("The instalment table: 13 banks, for 250.00 TRY:"),
        "{}",
        r.stdout
    );
    for bank in [
        "ADVT", "AXSS", "BONS", "DENZ", "FINS", "KVYT", "MAXM", "ODEA", "PARF", "VAKF", "WRLD",
        "ZDGR", "ZRTB",
    ] {
        assert!(
            r.stdout.contains(&format!("\n{bank} ")),
            "{bank} in {}",
            r.stdout
        );
    }
    let r = run(&mut with_secret(&sim), &["--json", "ratios"]);
    expect(&r, 0);
    let json = r.json();
    assert_eq!(json["data"].as_array().unwrap().len(), 13);
    assert!(
        json["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["ratio"].as_array().unwrap().len() == 12)
    );

    // An unknown BIN: no data, exit 0.
    let r = run(&mut with_secret(&sim), &["ratios", "--bin", "999999"]);
    expect(&r, 0);
    assert!(
        r.stdout.starts_with("No instalment options for BIN 999999"),
        "{}",
        r.stdout
    );
    let sent = sim.request_count(RATIOS_PATH);
    // Refused before sending: a BIN that is not 6 digits, a bad amount.
    for args in [
        &["ratios", "--bin", "4355"][..],
        &["ratios", "--bin", "43550X"][..],
        &["ratios", "--amount", "10,50"][..],
    ] {
        expect(&run(&mut with_secret(&sim), args), 2);
    }
    assert_eq!(sim.request_count(RATIOS_PATH), sent);
}

#[test]
fn help_documents_the_after_sale_commands() {
    let r = run(&mut bare(), &["--help"]);
    expect(&r, 0);
    for text in [
        "refund",
        "preauth",
        "payments",
        "refunds",
        "ratios",
        "cancel-capture",
    ] {
        assert!(r.stdout.contains(text), "{text} in {}", r.stdout);
    }
    let r = run(&mut bare(), &["capture", "--help"]);
    expect(&r, 0);
    for text in ["cancel", "--xact-id", "--reference-no", "--amount"] {
        assert!(r.stdout.contains(text), "{text} in {}", r.stdout);
    }
    for (args, texts) in [
        (
            &["refund", "--help"][..],
            &[
                "--xact-id",
                "--amount",
                "--succeed-url",
                "REQUEST",
                "refunds list",
            ][..],
        ),
        (
            &["preauth", "cancel", "--help"][..],
            &["--xact-id", "cancel_preauth"][..],
        ),
        (
            &["capture", "cancel", "--help"][..],
            &["--xact-id", "cancel_capture"][..],
        ),
        (
            &["payments", "list", "--help"][..],
            &[
                "--from",
                "--to",
                "--limit",
                "--all",
                "--show-unsucceed",
                "today",
                "stderr",
            ][..],
        ),
        (
            &["refunds", "list", "--help"][..],
            &["--from", "--to", "--limit", "--all", "today"][..],
        ),
        (&["ratios", "--help"][..], &["--bin", "--amount"][..]),
    ] {
        let r = run(&mut bare(), args);
        expect(&r, 0);
        for text in texts {
            assert!(r.stdout.contains(text), "{text} in {}", r.stdout);
        }
    }
}
