//! Invalid input and usage (exit 2, nothing sent), one exit code of each kind (3 refused or
//! declined, 4 outcome unknown or transport, 5 invalid answer), timeouts and global options, and
//! `--help`.

use std::time::{Duration, Instant};

use paynet_sim::{PRE_AUTH_100_XACT, PRE_AUTH_100_XACT_ID, SimConfig};
use serde_json::Value;

use crate::support::*;

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
