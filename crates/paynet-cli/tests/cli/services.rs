//! The generated commands (`paynet <dashed-operation-id>` of an operation with no hand-written
//! code) against the simulator: the eleven smaller services, their effects in `payment detail`
//! and `payments list`, their refusals before anything is sent (exit 2), Paynet's refusals (exit
//! 3), and secrets read from the environment and never printed.

use paynet_sim::{Simulator, TEST_CARD_APPROVE};
use serde_json::Value;

use crate::support::*;

const PUBLISHABLE_VAR: &str = "PAYNET_PUBLISHABLE_KEY";

/// A paid sale's xact_id, from a fresh simulator.
fn a_sale(sim: &Simulator, reference: &str) -> String {
    paid(sim, TEST_CARD_APPROVE, "120.00", reference)
}

/// `payment detail --json` of `xact_id`: its one transaction.
fn detail(sim: &Simulator, xact_id: &str) -> Value {
    let r = run(
        &mut with_secret(sim),
        &["--json", "payment", "detail", "--xact-id", xact_id],
    );
    expect(&r, 0);
    let json = r.json();
    let rows = json["Data"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{json}");
    rows[0].clone()
}

/// `payments list --json` of the simulator's day, with `extra` options: its rows.
fn listed(sim: &Simulator, extra: &[&str]) -> Vec<Value> {
    let mut args = vec![
        "--json", "payments", "list", "--from", SIM_DAY, "--to", SIM_DAY, "--limit", "1000",
    ];
    args.extend_from_slice(extra);
    let r = run(&mut with_secret(sim), &args);
    expect(&r, 0);
    r.json()["rows"].as_array().unwrap().clone()
}

fn row<'a>(rows: &'a [Value], xact_id: &str) -> Option<&'a Value> {
    rows.iter().find(|r| r["xact_id"] == xact_id)
}

#[test]
fn add_info_shows_in_the_detail_and_the_list() {
    let sim = sim();
    let xact_id = a_sale(&sim, "ORDER-INFO");
    let r = run(
        &mut with_secret(&sim),
        &[
            "add-info",
            "--xact-id",
            &xact_id,
            "--note",
            "Teslim edildi",
            "--email",
            "ayse@example.com",
            "--phone",
            "05321234567",
            "--agent-reference",
            "AGENT-REF-7",
        ],
    );
    expect(&r, 0);
    assert!(r.stdout.starts_with("add_info: done"), "{}", r.stdout);
    assert!(r.stdout.contains("code"), "{}", r.stdout);

    let t = detail(&sim, &xact_id);
    assert_eq!(t["note"], "Teslim edildi");
    assert_eq!(t["email"], "ayse@example.com");
    assert_eq!(t["phone"], "05321234567");
    assert_eq!(t["agent_reference"], "AGENT-REF-7");
    let r = run(
        &mut with_secret(&sim),
        &["payment", "detail", "--xact-id", &xact_id],
    );
    expect(&r, 0);
    for text in ["Teslim edildi", "ayse@example.com", "05321234567"] {
        assert!(r.stdout.contains(text), "{text} in {}", r.stdout);
    }

    let rows = listed(&sim, &[]);
    let t = row(&rows, &xact_id).expect("the sale is listed");
    assert_eq!(t["note"], "Teslim edildi");
    assert_eq!(t["email"], "ayse@example.com");
    assert_eq!(t["phone"], "05321234567");
}

#[test]
fn add_info_refuses_bad_input_before_sending() {
    let sim = sim();
    for (args, flag) in [
        (&["add-info"][..], "--xact-id"),
        (
            &["add-info", "--xact-id", "xk_1", "--email", "not-an-address"][..],
            "email",
        ),
        (
            &["add-info", "--xact-id", "xk_1", "--phone", "call me"][..],
            "phone",
        ),
        (&["add-info", "--xact-id", ""][..], "xact_id"),
    ] {
        let r = run(&mut with_secret(&sim), args);
        expect(&r, 2);
        assert!(r.stderr.contains(flag), "{flag} in {}", r.stderr);
    }
    let r = run(&mut paynet(&sim), &["add-info", "--xact-id", "xk_1"]);
    expect(&r, 2);
    assert!(r.stderr.contains("PAYNET_SECRET_KEY"), "{}", r.stderr);
    nothing_sent(&sim);
    // An unknown transaction is Paynet's refusal: exit 3.
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "add-info",
            "--xact-id",
            "xk_NO_SUCH",
            "--note",
            "x",
        ],
    );
    expect(&r, 3);
    assert_eq!(error_of(&r)["kind"], "rejected");
}

#[test]
fn mark_transferred_marks_it_and_untransferred_lists_leave_it_out() {
    let sim = sim();
    let xact_id = a_sale(&sim, "ORDER-MARK");
    let other = a_sale(&sim, "ORDER-KEEP");
    // Amounts in TL as a person writes them; the comma form is refused before sending.
    for bad in ["10,50", "-1", "0.001"] {
        let r = run(
            &mut with_secret(&sim),
            &["mark-transferred", "--xact-id", &xact_id, "--amount", bad],
        );
        expect(&r, 2);
        assert!(r.stderr.contains("--amount"), "{}", r.stderr);
    }
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "mark-transferred",
            "--xact-id",
            &xact_id,
            "--document-no",
            "INV-42",
            "--amount",
            "120.00",
            "--currency",
            "TRY",
        ],
    );
    expect(&r, 0);
    let json = r.json();
    assert_eq!(json["code"], 0);
    assert_eq!(json["object_name"], "transaction_mark_transferred");

    assert_eq!(detail(&sim, &xact_id)["is_transferred"], true);
    assert_eq!(detail(&sim, &other)["is_transferred"], false);
    let all = listed(&sim, &[]);
    assert_eq!(row(&all, &xact_id).unwrap()["is_transferred"], true);
    let untransferred = listed(&sim, &["--untransferred"]);
    assert!(row(&untransferred, &xact_id).is_none(), "marked: left out");
    assert!(row(&untransferred, &other).is_some(), "unmarked: listed");
    let r = run(
        &mut with_secret(&sim),
        &[
            "payments", "list", "--from", SIM_DAY, "--to", SIM_DAY, "--limit", "1000",
        ],
    );
    expect(&r, 0);
    assert!(r.stdout.contains("approved, transferred"), "{}", r.stdout);
}

#[test]
fn the_escrow_decision_shows_in_the_detail() {
    let sim = sim();
    let xact_id = a_sale(&sim, "ORDER-ESCROW");
    assert_eq!(detail(&sim, &xact_id)["escrow_status"], Value::Null);
    // At least one of xact_id and xact; status 2 or 3 only; a note of 256 characters at most.
    let long = "n".repeat(257);
    let sent = sim.requests_seen().len();
    for (args, text) in [
        (
            &["update-escrow-status", "--status", "2"][..],
            "at least one of",
        ),
        (
            &[
                "update-escrow-status",
                "--xact-id",
                &xact_id,
                "--status",
                "4",
            ][..],
            "--status",
        ),
        (
            &[
                "update-escrow-status",
                "--xact-id",
                &xact_id,
                "--status",
                "2",
                "--note",
                &long,
            ][..],
            "note",
        ),
    ] {
        let r = run(&mut with_secret(&sim), args);
        expect(&r, 2);
        assert!(r.stderr.contains(text), "{text} in {}", r.stderr);
    }
    assert_eq!(sim.requests_seen().len(), sent, "nothing was sent");
    let r = run(
        &mut with_secret(&sim),
        &[
            "update-escrow-status",
            "--xact-id",
            &xact_id,
            "--status",
            "2",
            "--agent-amount",
            "100.00",
        ],
    );
    expect(&r, 0);
    assert_eq!(detail(&sim, &xact_id)["escrow_status"], 2);
    let r = run(
        &mut with_secret(&sim),
        &["payment", "detail", "--xact-id", &xact_id],
    );
    assert!(
        r.stdout.contains("escrow_status       2 (approved)"),
        "{}",
        r.stdout
    );
}

#[test]
fn list_settlements_reports_the_days_successful_sales() {
    let sim = sim();
    let xact_id = a_sale(&sim, "ORDER-SETTLE");
    let r = run(
        &mut with_secret(&sim),
        &["--json", "list-settlements", "--date", SIM_DAY],
    );
    expect(&r, 0);
    let json = r.json();
    let rows = json["Data"].as_array().unwrap();
    let t = row(rows, &xact_id).expect("the day's sale");
    assert_eq!(t["amount"], serde_json::json!(120.00));
    assert!(t["company_pay_amount"].is_number(), "{t}");
    assert!(json["total_count"].as_u64().unwrap() >= 1);
    // A day without sales: no data, an empty list, exit 0.
    let r = run(
        &mut with_secret(&sim),
        &["list-settlements", "--date", BEFORE_HISTORY],
    );
    expect(&r, 0);
    assert!(
        r.stdout.starts_with("list_settlements: no data"),
        "{}",
        r.stdout
    );
    let r = run(
        &mut with_secret(&sim),
        &["list-settlements", "--date", "03.06.2024"],
    );
    expect(&r, 2);
    assert!(r.stderr.contains("--date"), "{}", r.stderr);
}

#[test]
fn auto_login_gives_a_page_that_logs_the_user_in_once() {
    let sim = sim();
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "auto-login",
            "--user-name",
            "kasiyer1",
            "--agent-id",
            paynet_sim::DEFAULT_AGENT_ID,
        ],
    );
    expect(&r, 0);
    let url = r.json()["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with(&sim.base_url()), "{url}");
    let status = |url: &str| {
        use paynet::raw::reqwest;
        let url = url.to_owned();
        runtime().block_on(async move {
            let http = reqwest::Client::builder().no_proxy().build().unwrap();
            http.get(&url).send().await.unwrap().status().as_u16()
        })
    };
    assert_eq!(status(&url), 200);
    assert_eq!(status(&url), 410, "a login link works once");
    // An agent the simulator does not know: Paynet's refusal.
    let r = run(
        &mut with_secret(&sim),
        &["auto-login", "--user-name", "u", "--agent-id", "99999"],
    );
    expect(&r, 3);
    let r = run(&mut with_secret(&sim), &["auto-login", "--user-name", "u"]);
    expect(&r, 2);
}

#[test]
fn check_agent_sends_a_bare_string() {
    let sim = sim();
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "check-agent",
            "--agent-reference-no",
            paynet_sim::DEFAULT_AGENT_REFERENCE_NO,
        ],
    );
    expect(&r, 0);
    let json = r.json();
    assert_eq!(json["agent_id"], paynet_sim::DEFAULT_AGENT_ID);
    assert_eq!(json["company_code"], paynet_sim::COMPANY_CODE);
    let r = run(
        &mut with_secret(&sim),
        &["check-agent", "--agent-reference-no", "000000"],
    );
    expect(&r, 3);
    assert!(r.stderr.contains("12"), "{}", r.stderr);
}

#[test]
fn check_integration_reads_its_secret_from_the_environment_only() {
    let sim = sim();
    let publishable = sim.publishable_key().to_owned();
    let r = run(
        &mut with_secret(&sim),
        &[
            "check-integration",
            "--agent-id",
            paynet_sim::DEFAULT_AGENT_ID,
            "--publishable-key",
            &publishable,
        ],
    );
    expect(&r, 0);
    assert!(!r.all().contains(sim.secret_key()), "{}", r.all());
    // The secret is never a flag.
    let r = run(
        &mut with_secret(&sim),
        &[
            "check-integration",
            "--agent-id",
            "20005",
            "--publishable-key",
            &publishable,
            "--secret-key",
            "sck_x",
        ],
    );
    expect(&r, 2);
    // Without it, the command names the variable.
    let r = run(
        &mut paynet(&sim),
        &[
            "check-integration",
            "--agent-id",
            "20005",
            "--publishable-key",
            "pbk_x",
        ],
    );
    expect(&r, 2);
    assert!(r.stderr.contains("PAYNET_SECRET_KEY"), "{}", r.stderr);
    let r = run(&mut bare(), &["check-integration", "--help"]);
    assert!(r.stdout.contains("PAYNET_SECRET_KEY"), "{}", r.stdout);
    // Keys that do not belong together: Paynet's refusal, with neither key printed.
    let r = run(
        &mut with_secret(&sim),
        &[
            "check-integration",
            "--agent-id",
            "20005",
            "--publishable-key",
            "pbk_wrong_key_0042",
        ],
    );
    expect(&r, 3);
    assert!(!r.all().contains(sim.secret_key()), "{}", r.all());
}

#[test]
fn a_secret_field_echoed_by_paynet_is_never_printed() {
    const SECRET: &str = "sck_ECHO_field_secret_0099";
    let echo = format!(
        r#"{{"agent_id":"20005","company_code":"20000","object_name":"check_integration_info","code":0,"message":"ok {SECRET}"}}"#
    );
    for json in [false, true] {
        let (url, server) = canned(200, echo.as_str());
        let mut cmd = paynet_at(&url);
        cmd.env(SECRET_VAR, SECRET);
        let mut args = vec!["-vv"];
        if json {
            args.push("--json");
        }
        args.extend([
            "check-integration",
            "--agent-id",
            "20005",
            "--publishable-key",
            "pbk_x",
        ]);
        let r = run(&mut cmd, &args);
        server.join().unwrap();
        expect(&r, 0);
        assert!(!r.all().contains(SECRET), "{}", r.all());
        assert!(r.all().contains("[redacted]"), "{}", r.all());
    }
}

#[test]
fn public_ratios_run_under_the_publishable_key() {
    let sim = sim();
    let r = run(
        &mut with_secret(&sim),
        &["public-ratios", "--bin", "435508"],
    );
    expect(&r, 2);
    assert!(r.stderr.contains(PUBLISHABLE_VAR), "{}", r.stderr);
    let mut cmd = paynet(&sim);
    cmd.env(PUBLISHABLE_VAR, sim.publishable_key());
    let r = run(
        &mut cmd,
        &[
            "--json",
            "public-ratios",
            "--bin",
            "435508",
            "--amount",
            "100.00",
        ],
    );
    expect(&r, 0);
    let json = r.json();
    let banks = json["data"].as_array().unwrap();
    assert_eq!(banks.len(), 1, "{json}");
    assert!(!banks[0]["ratio"].as_array().unwrap().is_empty(), "{json}");
    let mut cmd = paynet(&sim);
    cmd.env(PUBLISHABLE_VAR, sim.publishable_key());
    let r = run(&mut cmd, &["public-ratios", "--amount", "100,00"]);
    expect(&r, 2);
    let mut cmd = paynet(&sim);
    cmd.env(PUBLISHABLE_VAR, sim.publishable_key());
    let r = run(&mut cmd, &["public-ratios", "--card-type", "xx"]);
    expect(&r, 2);
}

#[test]
fn a_defined_ratio_table_is_what_ratios_answer_for_its_code() {
    let sim = sim();
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "set-ratio-type",
            "--description",
            "Kampanya",
            "--is-cumulative",
            "false",
        ],
    );
    expect(&r, 0);
    let code = r.json()["ratio_code"].as_str().unwrap().to_owned();
    // Booleans are true or false.
    let r = run(
        &mut with_secret(&sim),
        &[
            "set-ratio-type",
            "--description",
            "X",
            "--is-default",
            "yes",
        ],
    );
    expect(&r, 2);
    // Out of its bounds, a ratio is refused before sending, named by its path.
    let too_high = r#"[{"bank_id":"AXSS","instalments":[{"instalment":3,"ratio":0.5}]}]"#;
    let r = run(
        &mut with_secret(&sim),
        &["define-ratios", "--ratio-code", &code, "--banks", too_high],
    );
    expect(&r, 2);
    assert!(
        r.stderr.contains("banks[].instalments[].ratio"),
        "{}",
        r.stderr
    );
    let r = run(
        &mut with_secret(&sim),
        &["define-ratios", "--ratio-code", &code, "--banks", "[{]"],
    );
    expect(&r, 2);
    assert!(r.stderr.contains("--banks"), "{}", r.stderr);
    let banks = r#"[{"bank_id":"AXSS","instalments":[{"instalment":1,"ratio":0.0150},{"instalment":3,"ratio":0.0450}]}]"#;
    let r = run(
        &mut with_secret(&sim),
        &["define-ratios", "--ratio-code", &code, "--banks", banks],
    );
    expect(&r, 0);

    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "ratios",
            "--bin",
            "435508",
            "--amount",
            "100.00",
            "--ratio-code",
            &code,
        ],
    );
    expect(&r, 0);
    let json = r.json();
    let options = json["data"][0]["ratio"].as_array().unwrap();
    let counts: Vec<u64> = options
        .iter()
        .map(|o| o["instalment"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [1, 3], "{json}");
    assert_eq!(options[1]["ratio"], serde_json::json!(0.0450), "{json}");
    let mut cmd = paynet(&sim);
    cmd.env(PUBLISHABLE_VAR, sim.publishable_key());
    let r = run(
        &mut cmd,
        &[
            "--json",
            "public-ratios",
            "--bin",
            "435508",
            "--ratio-code",
            &code,
        ],
    );
    expect(&r, 0);
    assert_eq!(r.json()["data"][0]["ratio"].as_array().unwrap().len(), 2);

    let r = run(
        &mut with_secret(&sim),
        &["delete-ratio-type", "--ratio-code", &code],
    );
    expect(&r, 0);
    let r = run(
        &mut with_secret(&sim),
        &["--json", "ratios", "--bin", "435508", "--ratio-code", &code],
    );
    expect(&r, 0);
    assert!(
        r.json()["data"][0]["ratio"].as_array().unwrap().len() > 2,
        "the default table again"
    );
    let r = run(
        &mut with_secret(&sim),
        &["delete-ratio-type", "--ratio-code", &code],
    );
    expect(&r, 3);
}

#[test]
fn every_operation_has_a_command_with_help() {
    for op in paynet::Operation::ALL {
        let r = run(&mut bare(), &[&op.command(), "--help"]);
        expect(&r, 0);
        assert!(
            r.stdout
                .contains(&format!("Usage: paynet {}", op.command())),
            "{op}: {}",
            r.stdout
        );
    }
}
