//! `/v1/transaction/detail`, and the ledger every endpoint shares (with the seeded history).

use paynet_sim::{
    PRE_AUTH_250_XACT_ID, SEEDED_HISTORY_LEN, SimConfig, Simulator, TEST_CARD_APPROVE,
};
use reqwest::StatusCode;

use crate::support::{
    assert_paynet_error, call, capture, detail, is_dotnet_timestamp, keys, pay, post, sim,
};

const PATH: &str = "/v1/transaction/detail";

/// Every field of a detail row.
const DETAIL_FIELDS: [&str; 41] = [
    "id",
    "xact_id",
    "xact_date",
    "transaction_type",
    "xact_type_desc",
    "channel_id",
    "pos_type",
    "pos_type_desc",
    "is_tds",
    "agent_id",
    "agent_name",
    "company_name",
    "company_code",
    "user_name",
    "note",
    "ratio",
    "ratio_code",
    "agent_reference",
    "bank_id",
    "bank_name",
    "instalment",
    "card_no",
    "card_holder",
    "card_type",
    "end_user_comission",
    "amount",
    "netAmount",
    "comission",
    "comission_tax",
    "currency",
    "authorization_code",
    "reference_code",
    "order_id",
    "is_succeed",
    "reversed",
    "reversed_xact_id",
    "xact_transaction_id",
    "email",
    "phone",
    "is_transferred",
    "escrow_status",
];

#[tokio::test]
async fn detail_finds_a_transaction_by_each_identifier() {
    let sim = sim().await;
    let paid = pay(&sim, "149,90", "DET-1", TEST_CARD_APPROVE).await;
    let (id, xact_id) = (
        paid.json["id"].as_str().unwrap(),
        paid.json["xact_id"].as_str().unwrap(),
    );
    for (key, value) in [
        ("id", id),
        ("xact", id),
        ("xact_id", xact_id),
        ("reference_no", "DET-1"),
    ] {
        let a = detail(&sim, key, value).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        assert_eq!(a.json["object_name"], "transaction_detail");
        assert_eq!(a.json["code"], 0, "{}", a.text);
        let rows = a.json["Data"].as_array().unwrap();
        assert_eq!(rows.len(), 1, "{key}: {}", a.text);
        let row = &rows[0];
        let mut expected: Vec<String> = DETAIL_FIELDS.iter().map(|s| (*s).to_owned()).collect();
        expected.sort_unstable();
        assert_eq!(keys(row), expected, "{}", a.text);
        assert_eq!(row["xact_id"], xact_id);
        assert_eq!(row["id"], id);
        assert_eq!(row["transaction_type"], 1);
        assert_eq!(row["xact_type_desc"], "Satış");
        assert_eq!(row["agent_reference"], "DET-1");
        assert_eq!(row["company_code"], paynet_sim::COMPANY_CODE);
        assert_eq!(row["reversed"], false);
        assert_eq!(row["reversed_xact_id"], "");
        assert!(is_dotnet_timestamp(row["xact_date"].as_str().unwrap()));
        assert!(a.text.contains(r#""amount":149.90,"#), "{}", a.text);
        assert!(a.text.contains(r#""netAmount":146.32,"#), "{}", a.text);
        assert!(!a.text.contains("net_amount"), "{}", a.text);
    }
    // Nothing found: code 12, empty Data.
    let a = detail(&sim, "reference_no", "NO-SUCH").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json["code"], 12);
    assert_eq!(a.json["Data"].as_array().map(Vec::len), Some(0));
    // An identifier is required, and the key.
    for body in ["{}", r#"{"user_id":"x"}"#, r#"{"id":""}"#, "nope"] {
        assert_paynet_error(
            &call(&sim, PATH, body).await,
            400,
            "invalid_request_error",
            11,
        );
    }
    let a = post(&sim, PATH, &[], r#"{"id":"1"}"#).await;
    assert_paynet_error(&a, 401, "authorization_error", 7);
}

#[tokio::test]
async fn seeded_pre_authorisations_and_their_captures_are_in_the_ledger() {
    let sim = sim().await;
    let c = capture(
        &sim,
        &format!(r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","amount":"1000"}}"#),
    )
    .await;
    let a = detail(&sim, "reference_no", paynet_sim::PRE_AUTH_250_REFERENCE_NO).await;
    let rows = a.json["Data"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{}", a.text);
    assert_eq!(rows[0]["transaction_type"], 3);
    assert_eq!(rows[0]["id"], paynet_sim::PRE_AUTH_250_XACT);
    assert_eq!(rows[1]["transaction_type"], 4);
    assert_eq!(rows[1]["xact_id"], c.json["xact_id"]);
    assert!(a.text.contains(r#""amount":250.00,"#), "{}", a.text);
}

#[tokio::test]
async fn the_seeded_history() {
    let sim = sim().await;
    // 25 past transactions, plus the two configured pre-authorisations.
    assert_eq!(SEEDED_HISTORY_LEN, 25);
    assert_eq!(sim.transaction_count(), SEEDED_HISTORY_LEN + 2);
    let bare = Simulator::start(SimConfig::default().without_history())
        .await
        .unwrap();
    assert_eq!(bare.transaction_count(), 2);
    let none = Simulator::start(SimConfig::default().without_history().without_pre_auths())
        .await
        .unwrap();
    assert_eq!(none.transaction_count(), 0);

    // A sale, a decline, a pre-authorisation captured in part (what is left can be captured).
    let a = detail(&sim, "reference_no", "SIM-HIST-01").await;
    assert_eq!(a.json["Data"][0]["transaction_type"], 1, "{}", a.text);
    assert!(a.text.contains(r#""amount":125.00,"#), "{}", a.text);
    assert!(
        a.json["Data"][0]["xact_date"]
            .as_str()
            .unwrap()
            .starts_with("2024-05-05T")
    );
    let a = detail(&sim, "reference_no", "SIM-HIST-07").await;
    assert_eq!(a.json["Data"][0]["is_succeed"], false, "{}", a.text);
    let a = detail(&sim, "reference_no", "SIM-HIST-05").await;
    let types: Vec<u64> = a.json["Data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["transaction_type"].as_u64().unwrap())
        .collect();
    assert_eq!(types, [3, 4], "{}", a.text);
    assert_eq!(sim.pre_auth_remaining_kurus("SIM-HIST-05"), Some(5_000));
    let c = capture(&sim, r#"{"reference_no":"SIM-HIST-05"}"#).await;
    assert!(c.text.contains(r#""amount":50.00,"#), "{}", c.text);

    // A sale refunded in part yesterday: the sale (reversed) and the refund.
    let a = detail(&sim, "reference_no", "SIM-HIST-12").await;
    let rows = a.json["Data"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{}", a.text);
    assert_eq!(rows[0]["transaction_type"], 1);
    assert_eq!(rows[0]["reversed"], true);
    assert_eq!(rows[0]["reversed_xact_id"], rows[1]["xact_id"]);
    assert_eq!(rows[1]["transaction_type"], 2);
    assert!(
        rows[1]["xact_date"]
            .as_str()
            .unwrap()
            .starts_with("2024-06-02T")
    );
    assert!(a.text.contains(r#""amount":100.00,"#), "{}", a.text);

    // The history does not change a seeded simulator's first answers.
    let body = format!(r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","amount":"1000"}}"#);
    let with = capture(&crate::support::sim().await, &body).await.text;
    let without = Simulator::start(SimConfig::default().seed(7).without_history())
        .await
        .unwrap();
    assert_eq!(capture(&without, &body).await.text, with);
    // And the same seed gives the same history.
    let other = sim_history_text(&crate::support::sim().await).await;
    assert_eq!(other, sim_history_text(&crate::support::sim().await).await);
}

async fn sim_history_text(sim: &Simulator) -> String {
    detail(sim, "reference_no", "SIM-HIST-03").await.text
}

#[tokio::test]
async fn check_sees_every_kind_of_transaction() {
    let sim = sim().await;
    let a = call(
        &sim,
        "/v1/transaction/check",
        r#"{"reference_no":"SIM-HIST-12"}"#,
    )
    .await;
    let rows = a.json["Data"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{}", a.text);
    assert!(rows.iter().all(|r| r["id"].is_string()), "{}", a.text);
    assert!(a.text.contains(r#""netAmount":"#), "{}", a.text);
}
