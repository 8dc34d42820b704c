//! PayPOS App2App: `session open` / `session close`, `init-sale`, `check-sale` (alias `check`)
//! and `init-reversal` (alias `reverse`): their output, their refusals and failures.

use assert_cmd::Command;
use paynet_sim::Simulator;
use serde_json::Value;

use crate::support::*;

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
        r.stderr
            .contains("moves no money: sending it again is safe"),
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
        r.stderr.contains("Do not send it again blindly")
            && r.stderr
                .contains(&format!("it is known by xact_id={xact_id}")),
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
