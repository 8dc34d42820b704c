//! Captures: `capture` in part and in full, by each identifier, replayed, refused by Paynet, an
//! answer with strings for booleans and integers; and `capture cancel`.

use paynet_sim::{
    PRE_AUTH_100_REFERENCE_NO, PRE_AUTH_100_XACT, PRE_AUTH_100_XACT_ID, PRE_AUTH_250_REFERENCE_NO,
    PRE_AUTH_250_XACT,
};
use serde_json::Value;

use crate::support::*;

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
