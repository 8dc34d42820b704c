//! After the sale: `refund` (a request, decided later) and `preauth cancel`.

use std::time::{Duration, Instant};

use paynet_sim::{PRE_AUTH_100_REFERENCE_NO, PRE_AUTH_100_XACT_ID, Simulator, TEST_CARD_APPROVE};
use serde_json::Value;

use crate::support::*;

/// The simulator's paths of `refund` and `preauth cancel`.
const REFUND_PATH: &str = "/v1/transaction/reversed_request";
const CANCEL_PREAUTH_PATH: &str = "/v1/transaction/preauth_reversal";

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
