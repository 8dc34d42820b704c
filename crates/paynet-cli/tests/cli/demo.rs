//! `paynet demo`: the whole story against the built-in simulator, human and `--json`.

use paynet_sim::{TEST_CARD_3D_REQUIRED, TEST_CARD_APPROVE, TEST_CARD_DECLINE, TEST_CARD_LIMITED};

use crate::support::*;

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
        // Part 5: a subscription billed on the simulator's clock.
        "A subscription billed on the simulator's clock",
        "29. Create a subscription: 100.00 TRY a month, 12 times, from 2024-06-03",
        "Schedule (12 charges, monthly): 2024-06-03, 2024-07-03, 2024-08-03, 2024-09-03",
        "30. Add the payer's card through 3-D Secure: the simulator's limited test card (300.00 TRY of limit)",
        "card 520932******0012",
        "32. Finish adding the card",
        "Paynet answers result code 1 with is_succeed true",
        "33. Move the simulator's clock three months",
        "invoice 11400507 of 2024-08-03: 100.00 TRY, status 3 (Done succeed), paid by xk_",
        "invoice 11400508 of 2024-09-03: 100.00 TRY, status 4 (Done unsucceed)",
        "35. Retry invoice 11400508 by hand",
        "11400508 numarali fatura tahsil edilemedi: Limit yetersiz",
        "36. Retry it again at once",
        "invoice 11400508 can be charged again in 2 h",
        "520932******0012, 435508******4358",
        "by hand, card 1801: Başarılı İşlem",
        "invoice 11400508 of 2024-09-03: 100.00 TRY, status 3 (Done succeed), paid by xk_",
        "Done: 41 steps",
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
        TEST_CARD_LIMITED,
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
            ("create_subscription", "created"),
            ("card_3d", "started"),
            ("card_bank_page", "verified"),
            ("card_added", "added"),
            ("advance_clock", "billed"),
            ("invoices", "listed"),
            ("manual_charge", "rejected"),
            ("manual_charge_too_early", "cooling_down"),
            ("second_card_3d", "started"),
            ("second_card_bank_page", "verified"),
            ("second_card_added", "added"),
            ("manual_charge_paid", "paid"),
            ("invoices_paid", "listed"),
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
    // Part 5: a subscription.
    let created = &steps[28]["response"];
    assert_eq!(created["reference_no"], "SUB-DEMO-1");
    assert!(
        created["url"]
            .as_str()
            .unwrap()
            .contains("/sim/subscription/")
    );
    assert_eq!(
        steps[28]["charge_dates"],
        serde_json::json!(["2024-06-03", "2024-07-03", "2024-08-03", "2024-09-03"])
    );
    assert_eq!(steps[29]["response"]["reference_no"], "SUB-DEMO-1");
    assert_eq!(
        steps[30]["bank_page"]["session_id"],
        steps[29]["response"]["session_id"]
    );
    assert_eq!(
        steps[30]["bank_page"]["posts_to"],
        "https://shop.example/subscriptions/card-added"
    );
    let added = &steps[31]["response"];
    assert_eq!(
        (added["is_succeed"].clone(), added["code"].clone()),
        (serde_json::json!(true), serde_json::json!(1))
    );
    assert_eq!(added["card_id"], "1800");
    assert_eq!(steps[32]["clock"], "2024-09-03");
    let statuses = |step: &serde_json::Value| -> Vec<u64> {
        step["response"]["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["status"].as_u64().unwrap())
            .collect()
    };
    assert_eq!(statuses(&steps[33])[..5], [3, 3, 3, 4, 0]);
    // Exact, as Paynet wrote it (`100.00`, never `100.0`).
    assert!(r.stdout.contains(r#""amount":100.00,"#), "{}", r.stdout);
    assert!(!r.stdout.contains(r#""amount":100.0,"#), "{}", r.stdout);
    assert_eq!(steps[34]["error"]["kind"], "rejected");
    assert_eq!(steps[34]["error"]["code"], 1);
    assert_eq!(
        steps[35]["cooldown"],
        serde_json::json!({"invoice_no": "11400508", "wait_seconds": 7200})
    );
    assert_eq!(steps[38]["response"]["card_id"], "1801");
    assert_eq!(steps[39]["response"]["code"], 0);
    assert_eq!(statuses(&steps[40])[..5], [3, 3, 3, 3, 0]);
    for pan in [
        TEST_CARD_APPROVE,
        TEST_CARD_DECLINE,
        TEST_CARD_3D_REQUIRED,
        TEST_CARD_LIMITED,
    ] {
        assert!(!r.stdout.contains(pan), "{pan}");
    }
}
