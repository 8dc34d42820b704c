//! Card payments: `pay` (direct, pre-authorisation, stored cards), `pay --3d` and `pay complete`,
//! `charge` (a Paynet JS form's payment), `payment check` and `payment detail`; card data and
//! payments refused before sending; a lost answer settled by a lookup.

use std::time::Duration;

use assert_cmd::Command;
use paynet_sim::{
    JsPayment, PRE_AUTH_250_REFERENCE_NO, SimConfig, Simulator, TEST_CARD_3D_DECLINE,
    TEST_CARD_3D_REQUIRED, TEST_CARD_APPROVE, TEST_CARD_DECLINE, TEST_CARD_HASH,
    TEST_CARD_HASH_DECLINE, ThreeDStatus,
};

use crate::support::*;

/// The simulator's paths of the card payment operations and of `payment detail`.
const PAY_PATH: &str = "/v2/transaction/payment";
const START_3D_PATH: &str = "/v2/transaction/tds_initial";
const COMPLETE_3D_PATH: &str = "/v2/transaction/tds_charge";
const CHARGE_PATH: &str = "/v1/transaction/charge";
const DETAIL_PATH: &str = "/v1/transaction/detail";

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
