//! The transaction services: `add_info`, `mark_transferred`, `escrow_status_update` and the
//! settlement report `payment_list`, and what they change in detail, check and the list.

use std::time::Duration;

use paynet_sim::{
    PRE_AUTH_250_XACT_ID, SimConfig, Simulator, TEST_CARD_APPROVE, TEST_CARD_DECLINE,
};
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{
    Answer, assert_paynet_error, call, capture, client, detail, keys, pay, post, sim,
};

const ADD_INFO: &str = "/v1/transaction/add_info";
const MARK: &str = "/v1/transaction/mark_transferred";
const ESCROW: &str = "/v1/transaction/escrow_status_update";
const PAYMENT_LIST: &str = "/v1/transaction/payment_list";
const LIST: &str = "/v1/transaction/list";
/// The seeded clock's day.
const TODAY: &str = "2024-06-03";

/// Asserts the `{object_name, code: 0, message}` answer.
fn assert_done(a: &Answer, object_name: &str) {
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.content_type, "application/json");
    assert_eq!(
        keys(&a.json),
        ["code", "message", "object_name"],
        "{}",
        a.text
    );
    assert_eq!(a.json["object_name"], object_name);
    assert_eq!(a.json["code"], 0);
    assert_eq!(a.json["message"], "Başarılı İşlem");
}

/// A new approved sale: its (xact_id, plain id).
async fn sale(sim: &Simulator, amount: &str, reference_no: &str) -> (String, String) {
    let a = pay(sim, amount, reference_no, TEST_CARD_APPROVE).await;
    assert_eq!(a.json["code"], 0, "{}", a.text);
    (
        a.json["xact_id"].as_str().unwrap().to_owned(),
        a.json["id"].as_str().unwrap().to_owned(),
    )
}

/// The one detail row of `xact_id`.
async fn detail_row(sim: &Simulator, xact_id: &str) -> Value {
    let a = detail(sim, "xact_id", xact_id).await;
    assert_eq!(
        a.json["Data"].as_array().map(Vec::len),
        Some(1),
        "{}",
        a.text
    );
    a.json["Data"][0].clone()
}

/// The one check row of `xact_id`.
async fn check_row(sim: &Simulator, xact_id: &str) -> Value {
    let a = call(
        sim,
        "/v1/transaction/check",
        &format!(r#"{{"xact_id":"{xact_id}"}}"#),
    )
    .await;
    assert_eq!(
        a.json["Data"].as_array().map(Vec::len),
        Some(1),
        "{}",
        a.text
    );
    a.json["Data"][0].clone()
}

/// Today's list (`extra`: more fields, `,"k":v`).
async fn today(sim: &Simulator, extra: &str) -> Vec<Value> {
    let a = call(
        sim,
        LIST,
        &format!(r#"{{"datab":"{TODAY}","datbi":"{TODAY}","limit":1000{extra}}}"#),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    a.json["Data"].as_array().cloned().unwrap_or_default()
}

/// The list row of `xact_id` today, if listed.
async fn list_row(sim: &Simulator, xact_id: &str, extra: &str) -> Option<Value> {
    today(sim, extra)
        .await
        .into_iter()
        .find(|r| r["xact_id"] == xact_id)
}

#[tokio::test]
async fn add_info_shows_in_detail_check_and_the_list() {
    let sim = sim().await;
    let (xact_id, _) = sale(&sim, "149,90", "INFO-1").await;
    let before = detail_row(&sim, &xact_id).await;
    assert_eq!(before["note"], "");
    assert_eq!(before["agent_reference"], "INFO-1");
    let a = call(
        &sim,
        ADD_INFO,
        &format!(
            r#"{{"xact_id":"{xact_id}","note":"Teslim edildi","email":"ayse@example.com",
                "phone":"05321234567","agent_reference":"AGENT-REF-1"}}"#
        ),
    )
    .await;
    assert_done(&a, "transaction_add_info");
    let row = detail_row(&sim, &xact_id).await;
    assert_eq!(row["note"], "Teslim edildi");
    assert_eq!(row["email"], "ayse@example.com");
    assert_eq!(row["phone"], "05321234567");
    assert_eq!(row["agent_reference"], "AGENT-REF-1");
    let row = check_row(&sim, &xact_id).await;
    assert_eq!(row["note"], "Teslim edildi");
    assert_eq!(row["email"], "ayse@example.com");
    assert_eq!(row["phone"], "05321234567");
    assert_eq!(row["agent_reference"], "AGENT-REF-1");
    let row = list_row(&sim, &xact_id, "").await.unwrap();
    assert_eq!(row["xact_note"], "Teslim edildi");
    assert_eq!(row["xact_agent_reference"], "AGENT-REF-1");
    assert_eq!(row["email"], "ayse@example.com");
    assert_eq!(row["phone"], "05321234567");
    assert_eq!(row["agent_referans_no"], "INFO-1");

    // Only what is sent changes ("" is not sent); sending it again writes it again.
    for _ in 0..2 {
        let a = call(
            &sim,
            ADD_INFO,
            &format!(r#"{{"xact_id":"{xact_id}","note":"Yeni not","email":""}}"#),
        )
        .await;
        assert_done(&a, "transaction_add_info");
    }
    let row = detail_row(&sim, &xact_id).await;
    assert_eq!(row["note"], "Yeni not");
    assert_eq!(row["email"], "ayse@example.com");

    // reference_no replaces the transaction's: it is then found by the new one.
    let a = call(
        &sim,
        ADD_INFO,
        &format!(r#"{{"xact_id":"{xact_id}","reference_no":"INFO-1-NEW"}}"#),
    )
    .await;
    assert_done(&a, "transaction_add_info");
    let found = detail(&sim, "reference_no", "INFO-1-NEW").await;
    assert_eq!(found.json["Data"][0]["xact_id"], xact_id.as_str());
    assert_eq!(
        detail(&sim, "reference_no", "INFO-1").await.json["code"],
        12
    );
}

#[tokio::test]
async fn add_info_refusals() {
    let sim = sim().await;
    let (xact_id, _) = sale(&sim, "10,00", "INFO-2").await;
    let long = "x".repeat(257);
    for body in [
        "{}".to_owned(),
        r#"{"xact_id":""}"#.to_owned(),
        r#"{"note":"x"}"#.to_owned(),
        format!(r#"{{"xact_id":"{xact_id}","email":"not-an-email"}}"#),
        format!(r#"{{"xact_id":"{xact_id}","phone":"abc"}}"#),
        format!(r#"{{"xact_id":"{xact_id}","note":"{long}"}}"#),
        format!(r#"{{"xact_id":"{xact_id}","agent_reference":"{long}"}}"#),
        format!(r#"{{"xact_id":"{xact_id}","note":{{}}}}"#),
        "nope".to_owned(),
    ] {
        let a = call(&sim, ADD_INFO, &body).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
    }
    let a = call(&sim, ADD_INFO, r#"{"xact_id":"xk_no_such","note":"x"}"#).await;
    assert_paynet_error(&a, 404, "no_data_error", 12);
    let a = post(
        &sim,
        ADD_INFO,
        &[],
        &format!(r#"{{"xact_id":"{xact_id}"}}"#),
    )
    .await;
    assert_paynet_error(&a, 401, "authorization_error", 7);
    // Nothing changed.
    assert_eq!(detail_row(&sim, &xact_id).await["note"], "");
}

#[tokio::test]
async fn mark_transferred_and_the_untransferred_list() {
    let sim = sim().await;
    let (xact_id, _) = sale(&sim, "149,90", "MARK-1").await;
    let (other, _) = sale(&sim, "20,00", "MARK-2").await;
    assert_eq!(detail_row(&sim, &xact_id).await["is_transferred"], false);
    assert_eq!(check_row(&sim, &xact_id).await["is_transferred"], false);
    assert!(
        list_row(&sim, &xact_id, r#","untransferred":true"#)
            .await
            .is_some()
    );
    let a = call(
        &sim,
        MARK,
        &format!(
            r#"{{"xact_id":"{xact_id}","document_no":"INV-2024-0042","amount":149.90,
                "currency":"TRY","exchange_rate":1}}"#
        ),
    )
    .await;
    assert_done(&a, "transaction_mark_transferred");
    // The amount as a numeric string, no other field: fine too.
    let a = call(
        &sim,
        MARK,
        &format!(r#"{{"xact_id":"{other}","amount":"20.00","document_no":""}}"#),
    )
    .await;
    assert_done(&a, "transaction_mark_transferred");
    assert_eq!(detail_row(&sim, &xact_id).await["is_transferred"], true);
    assert_eq!(check_row(&sim, &xact_id).await["is_transferred"], true);
    let row = list_row(&sim, &xact_id, "").await.unwrap();
    assert_eq!(row["is_transferred"], true);
    for untransferred in ["true", r#""true""#] {
        let extra = format!(r#","untransferred":{untransferred}"#);
        let rows = today(&sim, &extra).await;
        assert!(rows.iter().all(|r| r["is_transferred"] == false));
        assert!(!rows.iter().any(|r| r["xact_id"] == xact_id.as_str()));
        assert!(!rows.iter().any(|r| r["xact_id"] == other.as_str()));
    }
    // Marking again is fine.
    let a = call(&sim, MARK, &format!(r#"{{"xact_id":"{xact_id}"}}"#)).await;
    assert_done(&a, "transaction_mark_transferred");
}

#[tokio::test]
async fn mark_transferred_refusals() {
    let sim = sim().await;
    let (xact_id, _) = sale(&sim, "10,00", "MARK-3").await;
    for extra in [
        r#","amount":"10,00""#,
        r#","amount":0"#,
        r#","amount":-1"#,
        r#","amount":1.005"#,
        r#","amount":true"#,
        r#","currency":"TRYX""#,
        r#","currency":"T1""#,
        r#","exchange_rate":0"#,
        r#","exchange_rate":"x""#,
    ] {
        let a = call(&sim, MARK, &format!(r#"{{"xact_id":"{xact_id}"{extra}}}"#)).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
    }
    for body in ["{}", r#"{"xact_id":""}"#, "[]"] {
        assert_paynet_error(
            &call(&sim, MARK, body).await,
            400,
            "invalid_request_error",
            11,
        );
    }
    let a = call(&sim, MARK, r#"{"xact_id":"xk_no_such"}"#).await;
    assert_paynet_error(&a, 404, "no_data_error", 12);
    // A declined transaction is not marked.
    let declined = pay(&sim, "10,00", "MARK-4", TEST_CARD_DECLINE).await;
    let declined = declined.json["xact_id"].as_str().unwrap();
    let a = call(&sim, MARK, &format!(r#"{{"xact_id":"{declined}"}}"#)).await;
    assert_paynet_error(&a, 400, "invalid_request_error", 6);
    let a = post(&sim, MARK, &[], &format!(r#"{{"xact_id":"{xact_id}"}}"#)).await;
    assert_paynet_error(&a, 401, "authorization_error", 7);
    assert_eq!(detail_row(&sim, &xact_id).await["is_transferred"], false);
}

#[tokio::test]
async fn escrow_status_by_either_id() {
    let sim = sim().await;
    let (xact_id, id) = sale(&sim, "100,00", "ESC-1").await;
    assert_eq!(
        detail_row(&sim, &xact_id).await["escrow_status"],
        Value::Null
    );
    let check = check_row(&sim, &xact_id).await;
    assert_eq!(check.get("escrow_status"), Some(&Value::Null));
    let a = call(
        &sim,
        ESCROW,
        &format!(
            r#"{{"xact_id":"{xact_id}","status":2,"note":"Mal teslim alındı",
                "agent_id":"20005","agent_amount":"10.00"}}"#
        ),
    )
    .await;
    assert_done(&a, "transaction_escrow_status_update");
    assert_eq!(detail_row(&sim, &xact_id).await["escrow_status"], 2);
    assert_eq!(check_row(&sim, &xact_id).await["escrow_status"], 2);
    // By the plain id, as a JSON integer (and the status as a string): the latest wins.
    let a = call(&sim, ESCROW, &format!(r#"{{"xact":{id},"status":"3"}}"#)).await;
    assert_done(&a, "transaction_escrow_status_update");
    assert_eq!(detail_row(&sim, &xact_id).await["escrow_status"], 3);
    let a = call(
        &sim,
        ESCROW,
        &format!(r#"{{"xact":"{id}","status":2,"xact_id":""}}"#),
    )
    .await;
    assert_done(&a, "transaction_escrow_status_update");
    assert_eq!(detail_row(&sim, &xact_id).await["escrow_status"], 2);
}

#[tokio::test]
async fn escrow_refusals() {
    let sim = sim().await;
    let (xact_id, _) = sale(&sim, "100,00", "ESC-2").await;
    let long = "n".repeat(257);
    for body in [
        r#"{"status":2}"#.to_owned(),
        r#"{"xact_id":"","status":2}"#.to_owned(),
        format!(r#"{{"xact_id":"{xact_id}"}}"#),
        format!(r#"{{"xact_id":"{xact_id}","status":1}}"#),
        format!(r#"{{"xact_id":"{xact_id}","status":4}}"#),
        format!(r#"{{"xact_id":"{xact_id}","status":"approve"}}"#),
        format!(r#"{{"xact_id":"{xact_id}","status":2,"note":"{long}"}}"#),
        format!(r#"{{"xact_id":"{xact_id}","status":2,"agent_amount":"1,00"}}"#),
        format!(r#"{{"xact_id":"{xact_id}","status":2,"agent_amount":-1}}"#),
        format!(r#"{{"xact_id":"{xact_id}","status":2,"agent_amount":100.01}}"#),
        r#"{"xact":0,"status":2}"#.to_owned(),
        r#"{"xact":"abc","status":2}"#.to_owned(),
        r#"{"xact":1.5,"status":2}"#.to_owned(),
        "nope".to_owned(),
    ] {
        let a = call(&sim, ESCROW, &body).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
    }
    for body in [
        r#"{"xact_id":"xk_no_such","status":2}"#,
        r#"{"xact":999,"status":2}"#,
    ] {
        assert_paynet_error(&call(&sim, ESCROW, body).await, 404, "no_data_error", 12);
    }
    // A pre-authorisation is not escrowed; a declined sale cannot be.
    let a = call(
        &sim,
        ESCROW,
        &format!(r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","status":2}}"#),
    )
    .await;
    assert_paynet_error(&a, 400, "invalid_request_error", 19);
    let declined = pay(&sim, "10,00", "ESC-3", TEST_CARD_DECLINE).await;
    let declined = declined.json["xact_id"].as_str().unwrap();
    let a = call(
        &sim,
        ESCROW,
        &format!(r#"{{"xact_id":"{declined}","status":3}}"#),
    )
    .await;
    assert_paynet_error(&a, 400, "invalid_request_error", 6);
    let a = post(
        &sim,
        ESCROW,
        &[],
        &format!(r#"{{"xact_id":"{xact_id}","status":2}}"#),
    )
    .await;
    assert_paynet_error(&a, 401, "authorization_error", 7);
    assert_eq!(
        detail_row(&sim, &xact_id).await["escrow_status"],
        Value::Null
    );
}

/// Every field of a settlement row, in the spec's order.
const SETTLEMENT_FIELDS: [&str; 27] = [
    "xact_id",
    "xact_date",
    "agent_id",
    "agent_name",
    "company_code",
    "company_name",
    "bank_id",
    "bank_name",
    "card_no",
    "card_holder",
    "card_type",
    "authorization_code",
    "reference_code",
    "order_id",
    "xact_type",
    "is_succeed",
    "pos_type",
    "plus_installment",
    "instalment",
    "ratio",
    "user_id",
    "amount",
    "agent_service_amount",
    "agent_pay_amount",
    "company_service_amount",
    "company_pay_amount",
    "due_date",
];

#[tokio::test]
async fn payment_list_of_a_day_with_sales_and_captures() {
    let sim = sim().await;
    // Nothing settled yet today (the seeded history is older; pre-authorisations do not count).
    let a = call(&sim, PAYMENT_LIST, "{}").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["object_name"], "payment_list");
    assert_eq!(a.json["code"], 12, "{}", a.text);
    assert_eq!(a.json["message"], "Kayıt bulunamadı");
    assert_eq!(a.json["total_count"], 0);
    assert_eq!(a.json["Data"].as_array().map(Vec::len), Some(0));
    assert!(a.text.contains(r#""total":0.00,"#), "{}", a.text);

    let (xact_id, _) = sale(&sim, "149,90", "SET-1").await;
    let c = capture(
        &sim,
        &format!(r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","amount":"1000"}}"#),
    )
    .await;
    assert_eq!(c.json["code"], 0, "{}", c.text);
    pay(&sim, "10,00", "SET-DECLINED", TEST_CARD_DECLINE).await;

    for body in [
        "{}".to_owned(),
        format!(r#"{{"date":"{TODAY}"}}"#),
        r#"{"date":""}"#.to_owned(),
    ] {
        let a = call(&sim, PAYMENT_LIST, &body).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        assert_eq!(
            keys(&a.json),
            [
                "Data",
                "code",
                "message",
                "object_name",
                "total",
                "total_count"
            ]
        );
        assert_eq!(a.json["code"], 0, "{}", a.text);
        assert_eq!(a.json["total_count"], 2, "{}", a.text);
        // 149.90 + 10.00, exactly.
        assert!(a.text.contains(r#""total":159.90,"#), "{}", a.text);
        let rows = a.json["Data"].as_array().unwrap();
        let mut expected: Vec<String> = SETTLEMENT_FIELDS.iter().map(|s| (*s).to_owned()).collect();
        expected.sort_unstable();
        for row in rows {
            assert_eq!(keys(row), expected, "{}", a.text);
            assert_eq!(row["is_succeed"], true);
            assert_eq!(row["due_date"], "2024-06-04T00:00:00");
            assert_eq!(row["company_code"], paynet_sim::COMPANY_CODE);
            assert_eq!(row["plus_installment"], 0);
        }
        assert_eq!(rows[0]["xact_id"], xact_id.as_str());
        assert_eq!(rows[0]["xact_type"], "1");
        assert_eq!(rows[0]["card_no"], "435508******4358");
        assert_eq!(rows[1]["xact_type"], "4");
        // The sale: 2.98 commission + 0.60 tax = 3.58 to the service, 146.32 paid; agents 0.
        for fragment in [
            r#""amount":149.90,"agent_service_amount":0.00,"agent_pay_amount":0.00,"company_service_amount":3.58,"company_pay_amount":146.32,"#,
            r#""amount":10.00,"agent_service_amount":0.00,"agent_pay_amount":0.00,"company_service_amount":0.24,"company_pay_amount":9.76,"#,
            r#""ratio":0.0199,"#,
        ] {
            assert!(a.text.contains(fragment), "{fragment} in {}", a.text);
        }
    }
}

#[tokio::test]
async fn payment_list_of_a_day_without_and_refusals() {
    let sim = Simulator::start(SimConfig::default().seed(7).without_history())
        .await
        .unwrap();
    sale(&sim, "10,00", "SET-2").await;
    let a = call(&sim, PAYMENT_LIST, r#"{"date":"2024-06-02"}"#).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["code"], 12);
    assert_eq!(a.json["Data"].as_array().map(Vec::len), Some(0));
    // Tomorrow: the sale is not listed until then; today it is.
    let a = call(&sim, PAYMENT_LIST, r#"{"date":"2024-06-04"}"#).await;
    assert_eq!(a.json["code"], 12);
    let a = call(&sim, PAYMENT_LIST, r#"{"date":"2024-06-03"}"#).await;
    assert_eq!(a.json["total_count"], 1);
    for body in [
        r#"{"date":"2024-13-01"}"#,
        r#"{"date":"03.06.2024"}"#,
        r#"{"date":"2024-6-3"}"#,
        r#"{"date":{}}"#,
        "nope",
    ] {
        assert_paynet_error(
            &call(&sim, PAYMENT_LIST, body).await,
            400,
            "invalid_request_error",
            11,
        );
    }
    assert_paynet_error(
        &post(&sim, PAYMENT_LIST, &[], "{}").await,
        401,
        "authorization_error",
        7,
    );
}

#[tokio::test]
async fn triggers_run_on_the_transactions_reference() {
    let sim = Simulator::start(
        SimConfig::default()
            .seed(7)
            .slow_delay(Duration::from_millis(200)),
    )
    .await
    .unwrap();
    // add_info gives two sales a trigger reference (its own trigger runs on the old one).
    let (failing, _) = sale(&sim, "10,00", "TRG-1").await;
    let (lost, _) = sale(&sim, "10,00", "TRG-2").await;
    for (xact_id, reference_no) in [(&failing, "FAIL500-TRG"), (&lost, "LOST-TRG")] {
        let a = call(
            &sim,
            ADD_INFO,
            &format!(r#"{{"xact_id":"{xact_id}","reference_no":"{reference_no}"}}"#),
        )
        .await;
        assert_done(&a, "transaction_add_info");
    }
    // FAIL500: an HTML page, nothing happens.
    for (path, extra) in [(MARK, ""), (ESCROW, r#","status":2"#), (ADD_INFO, "")] {
        let a = call(&sim, path, &format!(r#"{{"xact_id":"{failing}"{extra}}}"#)).await;
        assert_eq!(a.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", a.text);
        assert!(a.content_type.starts_with("text/html"));
    }
    let row = detail_row(&sim, &failing).await;
    assert_eq!(
        (row["is_transferred"].clone(), row["escrow_status"].clone()),
        (Value::Bool(false), Value::Null)
    );
    // LOST: marked (and approved), and the answer never arrives; add_info's answer does.
    for (path, extra) in [(MARK, ""), (ESCROW, r#","status":2"#)] {
        let err = client()
            .post(format!("{}{path}", sim.base_url()))
            .header("authorization", format!("Basic {}", sim.secret_key()))
            .body(format!(r#"{{"xact_id":"{lost}"{extra}}}"#))
            .send()
            .await
            .unwrap_err();
        assert!(!err.is_timeout() && err.status().is_none(), "{err:?}");
    }
    let row = detail_row(&sim, &lost).await;
    assert_eq!(row["is_transferred"], true);
    assert_eq!(row["escrow_status"], 2);
    let a = call(
        &sim,
        ADD_INFO,
        &format!(r#"{{"xact_id":"{lost}","note":"x"}}"#),
    )
    .await;
    assert_done(&a, "transaction_add_info");
}
