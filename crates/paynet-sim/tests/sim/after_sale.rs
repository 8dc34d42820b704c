//! After the sale: `reversed_request` (with its `succeedUrl` callback), `preauth_reversal` and
//! `capture_reversal`.

use std::time::Duration;

use paynet_sim::{
    PRE_AUTH_250_XACT_ID, SimConfig, Simulator, TEST_CARD_APPROVE, TEST_CARD_DECLINE,
};
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{
    Answer, Recorder, assert_paynet_error, call, capture, card_body, detail, eventually, keys, pay,
    post, sim,
};

const REFUND: &str = "/v1/transaction/reversed_request";
const PRE_AUTH_REVERSAL: &str = "/v1/transaction/preauth_reversal";
const CAPTURE_REVERSAL: &str = "/v1/transaction/capture_reversal";
const ONE_DAY: Duration = Duration::from_secs(86_400);

async fn refund(sim: &Simulator, xact_id: &str, extra: &str) -> Answer {
    call(sim, REFUND, &format!(r#"{{"xact_id":"{xact_id}"{extra}}}"#)).await
}

fn assert_request_accepted(a: &Answer) {
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(
        a.text,
        r#"{"object_name":"transaction_reversed_request","code":0,"message":"Başarılı İşlem"}"#
    );
}

/// The first detail row of `xact_id`.
async fn row(sim: &Simulator, xact_id: &str) -> Value {
    let a = detail(sim, "xact_id", xact_id).await;
    a.json["Data"][0].clone()
}

#[tokio::test]
async fn a_same_day_payment_is_cancelled_in_full_with_a_callback() {
    let sim = sim().await;
    let merchant = Recorder::start(200).await;
    let paid = pay(&sim, "100,00", "REF-1", TEST_CARD_APPROVE).await;
    let xact_id = paid.json["xact_id"].as_str().unwrap();

    // Part of it, the same day: refused.
    let a = refund(&sim, xact_id, r#","amount":"3000""#).await;
    assert_paynet_error(&a, 400, "invalid_request_error", 11);
    assert_eq!(a.json["message"], "Aynı gün içinde kısmi iade yapılamaz");

    // In full (also when the amount says so) with a callback.
    let url = format!("{}/paynet/refund?order=REF-1", merchant.url);
    let a = refund(
        &sim,
        xact_id,
        &format!(r#","amount":"0","succeedUrl":"{url}""#),
    )
    .await;
    assert_request_accepted(&a);
    let seen = merchant.wait_for(1).await;
    assert_eq!(seen[0].0, "/paynet/refund?order=REF-1");
    assert_eq!(seen[0].1, "application/json");
    let callback: Value = serde_json::from_str(&seen[0].2).unwrap();
    assert_eq!(keys(&callback), ["code", "message", "status", "xact_id"]);
    assert_eq!(callback["code"], 0);
    assert_eq!(callback["status"], 1);
    let reversal_id = callback["xact_id"].as_str().unwrap();
    assert_ne!(reversal_id, xact_id);
    eventually(|| sim.callbacks_delivered() == 1).await;
    assert_eq!(sim.callbacks_failed(), 0);

    // The original is reversed; the reversal is a type-2 transaction of the whole amount.
    let original = row(&sim, xact_id).await;
    assert_eq!(original["reversed"], true);
    assert_eq!(original["reversed_xact_id"], reversal_id);
    let reversal = detail(&sim, "xact_id", reversal_id).await;
    assert_eq!(
        reversal.json["Data"][0]["transaction_type"], 2,
        "{}",
        reversal.text
    );
    assert!(
        reversal.text.contains(r#""amount":100.00,"#),
        "{}",
        reversal.text
    );
    assert_eq!(reversal.json["Data"][0]["agent_reference"], "REF-1");

    // Nothing left.
    let a = refund(&sim, xact_id, "").await;
    assert_paynet_error(&a, 400, "invalid_request_error", 11);
}

#[tokio::test]
async fn partial_refunds_on_a_later_day() {
    let sim = Simulator::start(SimConfig::default().seed(7).reversal_delay(Duration::ZERO))
        .await
        .unwrap();
    let paid = pay(&sim, "100,00", "REF-2", TEST_CARD_APPROVE).await;
    let xact_id = paid.json["xact_id"].as_str().unwrap();
    sim.advance_clock(ONE_DAY);
    assert_request_accepted(&refund(&sim, xact_id, r#","amount":"3000""#).await);
    // Decided at once (delay zero): 70.00 TL left.
    let original = row(&sim, xact_id).await;
    assert_eq!(original["reversed"], true);
    let a = refund(&sim, xact_id, r#","amount":"7001""#).await;
    assert_paynet_error(&a, 400, "invalid_request_error", 11);
    assert!(
        a.json["message"].as_str().unwrap().contains("70.00"),
        "{}",
        a.text
    );
    assert_request_accepted(&refund(&sim, xact_id, r#","amount":"2000""#).await);
    // The rest: no amount.
    assert_request_accepted(&refund(&sim, xact_id, "").await);
    let a = refund(&sim, xact_id, r#","amount":"1""#).await;
    assert_paynet_error(&a, 400, "invalid_request_error", 11);
    let d = detail(&sim, "reference_no", "REF-2").await;
    let amounts: Vec<(u64, String)> = d.json["Data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["transaction_type"].as_u64().unwrap(),
                r["amount"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        amounts,
        [
            (1, "100.0".to_owned()),
            (2, "30.0".to_owned()),
            (2, "20.0".to_owned()),
            (2, "50.0".to_owned())
        ],
        "{}",
        d.text
    );
}

#[tokio::test]
async fn pending_requests_hold_their_amount() {
    let sim = Simulator::start(
        SimConfig::default()
            .seed(7)
            .reversal_delay(Duration::from_secs(1)),
    )
    .await
    .unwrap();
    let paid = pay(&sim, "10,00", "REF-3", TEST_CARD_APPROVE).await;
    let xact_id = paid.json["xact_id"].as_str().unwrap();
    assert_request_accepted(&refund(&sim, xact_id, "").await);
    // Not decided yet, but nothing is left to ask for.
    assert_eq!(row(&sim, xact_id).await["reversed"], false);
    let a = refund(&sim, xact_id, "").await;
    assert_paynet_error(&a, 400, "invalid_request_error", 11);
    let mut decided = false;
    for _ in 0..100 {
        if row(&sim, xact_id).await["reversed"] == true {
            decided = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(decided, "decided after the delay");
}

#[tokio::test]
async fn denied_requests() {
    // By trigger in the transaction's reference_no...
    let sim = sim().await;
    let merchant = Recorder::start(200).await;
    let paid = pay(&sim, "10,00", "REFUNDDENY-1", TEST_CARD_APPROVE).await;
    let xact_id = paid.json["xact_id"].as_str().unwrap();
    let url = format!("{}/cb", merchant.url);
    assert_request_accepted(&refund(&sim, xact_id, &format!(r#","succeedUrl":"{url}""#)).await);
    let seen = merchant.wait_for(1).await;
    let callback: Value = serde_json::from_str(&seen[0].2).unwrap();
    assert_eq!(callback["code"], 1);
    assert_eq!(callback["status"], 2);
    assert!(!callback["message"].as_str().unwrap().is_empty());
    assert_eq!(row(&sim, xact_id).await["reversed"], false);
    // A denied request does not hold the amount.
    assert_request_accepted(&refund(&sim, xact_id, "").await);

    // ...or by configuration.
    let sim = Simulator::start(SimConfig::default().seed(7).deny_reversals())
        .await
        .unwrap();
    let paid = pay(&sim, "10,00", "REF-4", TEST_CARD_APPROVE).await;
    let xact_id = paid.json["xact_id"].as_str().unwrap();
    let url = format!("{}/cb", merchant.url);
    assert_request_accepted(&refund(&sim, xact_id, &format!(r#","succeedUrl":"{url}""#)).await);
    let seen = merchant.wait_for(2).await;
    let callback: Value = serde_json::from_str(&seen[1].2).unwrap();
    assert_eq!(callback["code"], 1);
    assert_eq!(row(&sim, xact_id).await["reversed"], false);
}

#[tokio::test]
async fn callbacks_go_to_loopback_only_and_failures_are_counted() {
    let sim = sim().await;
    let paid = pay(&sim, "10,00", "REF-5", TEST_CARD_APPROVE).await;
    let xact_id = paid.json["xact_id"].as_str().unwrap();
    for url in [
        "https://127.0.0.1/cb",
        "http://example.com/cb",
        "http://10.0.0.1/cb",
        "http://127.0.0.1.example.com/cb",
        "ftp://127.0.0.1/cb",
        "cb",
    ] {
        let a = refund(&sim, xact_id, &format!(r#","succeedUrl":"{url}""#)).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
    }
    // A merchant that answers 500, and one that is not there: not delivered, counted.
    let failing = Recorder::start(500).await;
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let other = pay(&sim, "10,00", "REF-6", TEST_CARD_APPROVE).await;
    let url = format!("{}/cb", failing.url);
    assert_request_accepted(&refund(&sim, xact_id, &format!(r#","succeedUrl":"{url}""#)).await);
    let url = format!("http://localhost:{closed}/cb");
    let other_id = other.json["xact_id"].as_str().unwrap();
    assert_request_accepted(&refund(&sim, other_id, &format!(r#","succeedUrl":"{url}""#)).await);
    failing.wait_for(1).await;
    eventually(|| sim.callbacks_failed() == 2).await;
    assert_eq!(sim.callbacks_delivered(), 0);
    // Delivered or not, the refunds were made.
    assert_eq!(row(&sim, xact_id).await["reversed"], true);
    assert_eq!(row(&sim, other_id).await["reversed"], true);
}

#[tokio::test]
async fn what_cannot_be_refunded() {
    let sim = sim().await;
    // Unknown, missing, not JSON, a bad amount, no key.
    assert_paynet_error(&refund(&sim, "xk_nope", "").await, 404, "no_data_error", 12);
    for body in ["{}", r#"{"xact_id":""}"#, "nope"] {
        assert_paynet_error(
            &call(&sim, REFUND, body).await,
            400,
            "invalid_request_error",
            11,
        );
    }
    let paid = pay(&sim, "10,00", "REF-7", TEST_CARD_APPROVE).await;
    let xact_id = paid.json["xact_id"].as_str().unwrap();
    for amount in [r#""10,00""#, r#""10.00""#, "10.00", r#""-1""#, "true"] {
        let a = refund(&sim, xact_id, &format!(r#","amount":{amount}"#)).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
    }
    let a = post(&sim, REFUND, &[], &format!(r#"{{"xact_id":"{xact_id}"}}"#)).await;
    assert_paynet_error(&a, 401, "authorization_error", 7);
    // A declined payment: code 6. A pre-authorisation: code 19 (preauth_reversal is for it).
    let declined = pay(&sim, "10,00", "REF-8", TEST_CARD_DECLINE).await;
    let a = refund(&sim, declined.json["xact_id"].as_str().unwrap(), "").await;
    assert_paynet_error(&a, 400, "invalid_request_error", 6);
    let a = refund(&sim, PRE_AUTH_250_XACT_ID, "").await;
    assert_paynet_error(&a, 400, "invalid_request_error", 19);
}

#[tokio::test]
async fn a_capture_can_be_refunded() {
    let sim = Simulator::start(SimConfig::default().seed(7).reversal_delay(Duration::ZERO))
        .await
        .unwrap();
    let c = capture(
        &sim,
        &format!(r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","amount":"5000"}}"#),
    )
    .await;
    let xact_id = c.json["xact_id"].as_str().unwrap();
    assert_request_accepted(&refund(&sim, xact_id, "").await);
    assert_eq!(row(&sim, xact_id).await["reversed"], true);
}

#[tokio::test]
async fn a_pre_authorisation_is_cancelled() {
    let sim = sim().await;
    let a = call(
        &sim,
        "/v2/transaction/payment",
        &card_body(
            "40,00",
            "PA-1",
            TEST_CARD_APPROVE,
            r#","transaction_type":3"#,
        ),
    )
    .await;
    let xact_id = a.json["xact_id"].as_str().unwrap();
    let r = call(
        &sim,
        PRE_AUTH_REVERSAL,
        &format!(r#"{{"xact_id":"{xact_id}"}}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        r.text,
        r#"{"object_name":"transaction_preauth_reversed_request","code":0,"message":"Başarılı İşlem"}"#
    );
    assert_eq!(sim.pre_auth_remaining_kurus(xact_id), Some(0));
    let d = detail(&sim, "reference_no", "PA-1").await;
    let types: Vec<u64> = d.json["Data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["transaction_type"].as_u64().unwrap())
        .collect();
    assert_eq!(types, [3, 5], "{}", d.text);
    assert_eq!(d.json["Data"][0]["reversed"], true);
    // Nothing left to capture; cancelled once.
    let c = capture(&sim, &format!(r#"{{"xact_id":"{xact_id}"}}"#)).await;
    assert_eq!(c.json["code"], 1, "{}", c.text);
    let r = call(
        &sim,
        PRE_AUTH_REVERSAL,
        &format!(r#"{{"xact_id":"{xact_id}"}}"#),
    )
    .await;
    assert_paynet_error(&r, 400, "invalid_request_error", 19);

    // A captured pre-authorisation, a sale, an unknown id.
    capture(
        &sim,
        &format!(r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","amount":"100"}}"#),
    )
    .await;
    let r = call(
        &sim,
        PRE_AUTH_REVERSAL,
        &format!(r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}"}}"#),
    )
    .await;
    assert_paynet_error(&r, 400, "invalid_request_error", 19);
    let sale = pay(&sim, "1,00", "PA-2", TEST_CARD_APPROVE).await;
    let r = call(
        &sim,
        PRE_AUTH_REVERSAL,
        &format!(
            r#"{{"xact_id":"{}"}}"#,
            sale.json["xact_id"].as_str().unwrap()
        ),
    )
    .await;
    assert_paynet_error(&r, 400, "invalid_request_error", 19);
    let r = call(&sim, PRE_AUTH_REVERSAL, r#"{"xact_id":"xk_nope"}"#).await;
    assert_paynet_error(&r, 404, "no_data_error", 12);
    let r = call(&sim, PRE_AUTH_REVERSAL, "{}").await;
    assert_paynet_error(&r, 400, "invalid_request_error", 11);
}

#[tokio::test]
async fn a_capture_is_cancelled_with_odd_types() {
    let sim = sim().await;
    let c = capture(
        &sim,
        &format!(r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","amount":"1000"}}"#),
    )
    .await;
    let capture_id = c.json["xact_id"].as_str().unwrap();
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_250_XACT_ID),
        Some(24_000)
    );
    let r = call(
        &sim,
        CAPTURE_REVERSAL,
        &format!(r#"{{"xact_id":"{capture_id}"}}"#),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // The page's types: is_succeed a string, currency "TRY".
    assert!(r.text.contains(r#""is_succeed":"true","#), "{}", r.text);
    assert!(r.text.contains(r#""currency":"TRY","#), "{}", r.text);
    assert!(r.text.contains(r#""amount":10.00,"#), "{}", r.text);
    assert_eq!(r.json["transaction_type"], 6);
    assert_eq!(r.json["code"], 0);
    assert_eq!(r.json["object_name"], "transaction");
    assert_ne!(r.json["xact_id"], capture_id);
    // The amount can be captured again.
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_250_XACT_ID),
        Some(25_000)
    );
    assert_eq!(row(&sim, capture_id).await["reversed"], true);
    // Once; and only captures.
    let r = call(
        &sim,
        CAPTURE_REVERSAL,
        &format!(r#"{{"xact_id":"{capture_id}"}}"#),
    )
    .await;
    assert_paynet_error(&r, 400, "invalid_request_error", 19);
    let r = call(
        &sim,
        CAPTURE_REVERSAL,
        &format!(r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}"}}"#),
    )
    .await;
    assert_paynet_error(&r, 400, "invalid_request_error", 19);
    let r = call(&sim, CAPTURE_REVERSAL, r#"{"xact_id":"xk_nope"}"#).await;
    assert_paynet_error(&r, 404, "no_data_error", 12);
}
