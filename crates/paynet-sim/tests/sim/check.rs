//! `/v1/transaction/check`: a payment's transactions by `xact_id` or `reference_no`.

use paynet_sim::{DEFAULT_SECRET_KEY, PRE_AUTH_250_REFERENCE_NO, PRE_AUTH_250_XACT_ID};
use reqwest::StatusCode;

use crate::support::{capture, post, sim};

const PATH: &str = "/v1/transaction/check";

fn auth() -> String {
    format!("Basic {DEFAULT_SECRET_KEY}")
}

#[tokio::test]
async fn a_pre_authorisation_and_its_captures_are_found_by_reference() {
    let sim = sim().await;
    let auth = auth();
    let before = post(
        &sim,
        PATH,
        &[("authorization", &auth)],
        &format!(r#"{{"reference_no":"{PRE_AUTH_250_REFERENCE_NO}"}}"#),
    )
    .await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.text);
    assert_eq!(before.json["code"], 0);
    let rows = before.json["Data"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{}", before.text);
    assert_eq!(rows[0]["transaction_type"], 3);
    assert_eq!(rows[0]["xact_id"], PRE_AUTH_250_XACT_ID);
    assert_eq!(rows[0]["agent_reference"], PRE_AUTH_250_REFERENCE_NO);
    assert!(before.text.contains("\"netAmount\""), "{}", before.text);

    let captured = capture(
        &sim,
        &format!(r#"{{"reference_no":"{PRE_AUTH_250_REFERENCE_NO}","amount":"1050"}}"#),
    )
    .await;
    assert_eq!(captured.json["is_succeed"], true, "{}", captured.text);
    let xact_id = captured.json["xact_id"].as_str().unwrap().to_owned();

    let after = post(
        &sim,
        PATH,
        &[("authorization", &auth)],
        &format!(r#"{{"reference_no":"{PRE_AUTH_250_REFERENCE_NO}"}}"#),
    )
    .await;
    let rows = after.json["Data"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{}", after.text);
    assert_eq!(rows[1]["transaction_type"], 4);
    assert_eq!(rows[1]["amount"].to_string(), "10.5");

    let by_id = post(
        &sim,
        PATH,
        &[("authorization", &auth)],
        &format!(r#"{{"xact_id":"{xact_id}"}}"#),
    )
    .await;
    let rows = by_id.json["Data"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{}", by_id.text);
    assert_eq!(rows[0]["xact_id"], xact_id.as_str());
}

#[tokio::test]
async fn nothing_found_is_code_12_with_empty_data() {
    let sim = sim().await;
    let a = post(
        &sim,
        PATH,
        &[("authorization", &auth())],
        r#"{"reference_no":"NO-SUCH-ORDER"}"#,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json["code"], 12);
    assert_eq!(a.json["Data"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn the_secret_key_and_an_identifier_are_required() {
    let sim = sim().await;
    let a = post(
        &sim,
        PATH,
        &[("authorization", "Basic wrong")],
        r#"{"reference_no":"X"}"#,
    )
    .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", a.text);
    let a = post(&sim, PATH, &[("authorization", &auth())], "{}").await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.text);
    assert_eq!(a.json["result_code"], 11, "{}", a.text);
}
