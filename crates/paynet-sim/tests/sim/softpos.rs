//! The PayPOS App2App endpoints: sessions, init_sale, check_transaction, init_reversal.

use paynet_sim::{
    CompleteSaleError, DEFAULT_AGENT_ID, DEFAULT_SESSION_KEY, DEFAULT_USER_ID, SimConfig, Simulator,
};
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{
    Answer, agent, assert_paynet_error, assert_paypos_error, is_dotnet_timestamp, post, sim,
    softpos, softpos_with,
};

const INIT_SALE: &str = "/v1/softpos/init_sale_transaction";
const CHECK: &str = "/v1/softpos/check_transaction";
const REVERSAL: &str = "/v1/softpos/init_reversal_transaction";
const AUTH_KEY: &str = "/v1/agent/get_auth_key";
const LOGOUT: &str = "/v1/agent/logout";

/// Fields of a check_transaction transaction (section 4.3).
const CHECK_FIELDS: [&str; 26] = [
    "xact_id",
    "xact_date",
    "transaction_type",
    "pos_type",
    "agent_id",
    "is_tds",
    "bank_id",
    "instalment",
    "card_no",
    "card_holder",
    "card_type",
    "ratio",
    "amount",
    "netAmount",
    "comission",
    "comission_tax",
    "currency",
    "authorization_code",
    "reference_code",
    "order_id",
    "is_succeed",
    "xact_transaction_id",
    "email",
    "phone",
    "note",
    "agent_reference",
];

fn assert_payment_session(a: &Answer, action: &str) -> String {
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.content_type, "application/json");
    let j = a.json.as_object().unwrap();
    let mut keys: Vec<&str> = j.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "code",
            "deeplink_url",
            "encryption_key",
            "message",
            "object_name",
            "payment_session_id"
        ]
    );
    assert_eq!(a.json["code"], 0);
    assert_eq!(a.json["object_name"], "payment_session");
    let id = a.json["payment_session_id"].as_str().unwrap().to_owned();
    assert!(!id.is_empty());
    assert_eq!(
        a.json["deeplink_url"],
        format!("paypos://{action}?payment_session_id={id}")
    );
    assert!(a.json["encryption_key"].as_str().unwrap().len() >= 32);
    id
}

fn check_body(id: &str) -> String {
    format!(r#"{{"payment_session_id":"{id}"}}"#)
}

fn only_transaction(a: &Answer) -> &Value {
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["code"], 0, "{}", a.text);
    let data = a.json["Data"].as_array().unwrap();
    assert_eq!(data.len(), 1, "{}", a.text);
    let tx = &data[0];
    let mut keys: Vec<&str> = tx.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut expected = CHECK_FIELDS.to_vec();
    expected.sort_unstable();
    assert_eq!(keys, expected, "{}", a.text);
    assert!(is_dotnet_timestamp(tx["xact_date"].as_str().unwrap()));
    assert!(tx["transaction_type"].is_u64() && tx["pos_type"] == 5);
    assert_eq!(tx["currency"], "TRY");
    tx
}

#[tokio::test]
async fn softpos_calls_need_a_known_session_key() {
    let sim = sim().await;
    for path in [INIT_SALE, CHECK, REVERSAL] {
        let body = r#"{"amount":10,"payment_session_id":"x","xact_id":"x"}"#;
        assert_paypos_error(&post(&sim, path, &[], body).await, 7);
        assert_paypos_error(&softpos_with(&sim, "ssk_wrong", path, body).await, 7);
        assert_paypos_error(&softpos_with(&sim, "", path, body).await, 7);
        // The secret key is not a session key.
        let auth = format!("Basic {}", sim.secret_key());
        assert_paypos_error(
            &post(&sim, path, &[("authorization", &auth)], body).await,
            7,
        );
    }
    assert!(sim.pending_sales().is_empty());
}

#[tokio::test]
async fn init_sale_reads_the_amount_exactly() {
    let sim = sim().await;
    for body in [
        "{}",
        r#"{"amount":null}"#,
        r#"{"amount":"149,90"}"#,
        r#"{"amount":""}"#,
        r#"{"amount":0}"#,
        r#"{"amount":-5}"#,
        r#"{"amount":1.005}"#,
        r#"{"amount":10,"instalment":"three"}"#,
        "not json",
    ] {
        assert_paypos_error(&softpos(&sim, INIT_SALE, body).await, 11);
    }
    assert!(sim.pending_sales().is_empty());
    // 0.1 + 0.2 is exactly 0.30 here.
    let a = softpos(&sim, INIT_SALE, r#"{"amount":0.30}"#).await;
    let id = assert_payment_session(&a, "sale");
    sim.complete_sale(&id, true).unwrap();
    let c = softpos(&sim, CHECK, &check_body(&id)).await;
    assert!(c.text.contains(r#""amount":0.30,"#), "{}", c.text);
    // 0.3 * 0.0199 = 0.00597 -> 0.01; tax 0.002 -> 0; net 0.29.
    assert!(c.text.contains(r#""netAmount":0.29,"#), "{}", c.text);
}

#[tokio::test]
async fn sale_flow_init_tap_check() {
    let sim = sim().await;
    let a = softpos(
        &sim,
        INIT_SALE,
        r#"{"amount":149.90,"instalment":3,"reference_no":"ORDER-7","description":"Kahve",
            "card_holder_phone":"5551112233","card_holder_mail":"a@example.com",
            "callback_url":"myapp://paid"}"#,
    )
    .await;
    let id = assert_payment_session(&a, "sale");
    assert_eq!(sim.pending_sales(), vec![id.clone()]);

    // Not tapped yet: empty Data, code 12.
    let c = softpos(&sim, CHECK, &check_body(&id)).await;
    assert_eq!(c.status, StatusCode::OK);
    assert_eq!(c.json["code"], 12, "{}", c.text);
    assert_eq!(c.json["Data"], Value::Array(Vec::new()));
    assert!(c.text.starts_with(r#"{"Data":[]"#), "{}", c.text);

    let done = sim.complete_sale(&id, true).unwrap();
    assert!(done.is_succeed);
    assert_eq!(done.payment_session_id, id);
    assert!(sim.pending_sales().is_empty());

    let c = softpos(&sim, CHECK, &check_body(&id)).await;
    let tx = only_transaction(&c);
    assert_eq!(tx["xact_id"], done.xact_id.as_str());
    assert_eq!(tx["transaction_type"], 1);
    assert_eq!(tx["is_succeed"], true);
    assert_eq!(tx["instalment"], 3);
    assert_eq!(tx["agent_id"], DEFAULT_AGENT_ID);
    assert_eq!(tx["agent_reference"], "ORDER-7");
    assert_eq!(tx["note"], "Kahve");
    assert_eq!(tx["phone"], "5551112233");
    assert_eq!(tx["email"], "a@example.com");
    assert_eq!(tx["card_type"], "cc");
    assert!(tx["card_no"].as_str().unwrap().contains("******"));
    assert!(!tx["authorization_code"].as_str().unwrap().is_empty());
    // 149.90 * 0.0199 = 2.98301 -> 2.98; tax 0.596 -> 0.60; net 146.32. camelCase netAmount.
    assert!(c.text.contains(r#""amount":149.90,"#), "{}", c.text);
    assert!(c.text.contains(r#""netAmount":146.32,"#), "{}", c.text);
    assert!(c.text.contains(r#""comission":2.98,"#), "{}", c.text);
    assert!(c.text.contains(r#""comission_tax":0.60,"#), "{}", c.text);
    assert!(!c.text.contains("net_amount"), "{}", c.text);

    // A card is tapped once.
    assert_eq!(
        sim.complete_sale(&id, true),
        Err(CompleteSaleError::AlreadyCompleted)
    );
    assert_eq!(
        sim.complete_sale("no-such-session", true),
        Err(CompleteSaleError::UnknownPaymentSession)
    );
    // An unknown payment session: empty Data, code 12.
    let c = softpos(&sim, CHECK, &check_body("no-such-session")).await;
    assert_eq!(c.json["code"], 12);
    assert_eq!(c.json["Data"].as_array().unwrap().len(), 0);
    // payment_session_id is required.
    assert_paypos_error(&softpos(&sim, CHECK, "{}").await, 11);
}

#[tokio::test]
async fn add_commission_charges_the_commission_on_top() {
    let sim = sim().await;
    let a = softpos(&sim, INIT_SALE, r#"{"amount":100,"add_commission":true}"#).await;
    let id = assert_payment_session(&a, "sale");
    sim.complete_sale(&id, true).unwrap();
    let c = softpos(&sim, CHECK, &check_body(&id)).await;
    // Commission 1.99 and tax 0.40 on top of 100: 102.39 charged, 100 net.
    assert!(c.text.contains(r#""amount":102.39,"#), "{}", c.text);
    assert!(c.text.contains(r#""netAmount":100.00,"#), "{}", c.text);
}

#[tokio::test]
async fn declined_taps() {
    let sim = sim().await;
    // Declined by the demo's choice.
    let id = assert_payment_session(&softpos(&sim, INIT_SALE, r#"{"amount":20}"#).await, "sale");
    assert!(!sim.complete_sale(&id, false).unwrap().is_succeed);
    let c = softpos(&sim, CHECK, &check_body(&id)).await;
    let tx = only_transaction(&c);
    assert_eq!(tx["is_succeed"], false);
    assert_eq!(tx["authorization_code"], "");

    // Declined by trigger, whatever `approved` says.
    for body in [
        r#"{"amount":20,"reference_no":"DECLINE-1"}"#,
        r#"{"amount":99.99,"reference_no":"R-99"}"#,
    ] {
        let id = assert_payment_session(&softpos(&sim, INIT_SALE, body).await, "sale");
        assert!(!sim.complete_sale(&id, true).unwrap().is_succeed);
        let c = softpos(&sim, CHECK, &check_body(&id)).await;
        assert_eq!(only_transaction(&c)["is_succeed"], false);
    }
}

#[tokio::test]
async fn reversal_of_an_approved_sale() {
    let sim = sim().await;
    let id = assert_payment_session(
        &softpos(&sim, INIT_SALE, r#"{"amount":50,"reference_no":"S-1"}"#).await,
        "sale",
    );
    let sale = sim.complete_sale(&id, true).unwrap();

    // xact_id is required, and must be a sale the simulator completed.
    assert_paypos_error(&softpos(&sim, REVERSAL, "{}").await, 11);
    assert_paypos_error(
        &softpos(&sim, REVERSAL, r#"{"xact_id":"xk_nope"}"#).await,
        12,
    );

    let body = format!(
        r#"{{"xact_id":"{}","reference_no":"REV-1","callback_url":null}}"#,
        sale.xact_id
    );
    let a = softpos(&sim, REVERSAL, &body).await;
    let rev_id = assert_payment_session(&a, "reversal");
    assert_ne!(rev_id, id);

    let c = softpos(&sim, CHECK, &check_body(&rev_id)).await;
    let tx = only_transaction(&c);
    assert_eq!(tx["transaction_type"], 2);
    assert_eq!(tx["is_succeed"], true);
    assert_eq!(tx["agent_reference"], "REV-1");
    assert_ne!(tx["xact_id"], sale.xact_id.as_str());
    assert!(c.text.contains(r#""amount":50.00,"#), "{}", c.text);
    // Reversals complete by themselves.
    assert_eq!(
        sim.complete_sale(&rev_id, true),
        Err(CompleteSaleError::AlreadyCompleted)
    );
    // The sale itself is still reported as the sale.
    let c = softpos(&sim, CHECK, &check_body(&id)).await;
    assert_eq!(only_transaction(&c)["transaction_type"], 1);
    // Reversed once only.
    assert_paypos_error(&softpos(&sim, REVERSAL, &body).await, 5);
}

#[tokio::test]
async fn reversal_refusals_and_decline() {
    let sim = sim().await;
    let declined =
        assert_payment_session(&softpos(&sim, INIT_SALE, r#"{"amount":5}"#).await, "sale");
    let declined = sim.complete_sale(&declined, false).unwrap();
    let body = format!(r#"{{"xact_id":"{}"}}"#, declined.xact_id);
    assert_paypos_error(&softpos(&sim, REVERSAL, &body).await, 6);

    let ok = assert_payment_session(&softpos(&sim, INIT_SALE, r#"{"amount":5}"#).await, "sale");
    let ok = sim.complete_sale(&ok, true).unwrap();
    let body = format!(
        r#"{{"xact_id":"{}","reference_no":"DECLINE-REV"}}"#,
        ok.xact_id
    );
    let rev = assert_payment_session(&softpos(&sim, REVERSAL, &body).await, "reversal");
    let c = softpos(&sim, CHECK, &check_body(&rev)).await;
    let tx = only_transaction(&c);
    assert_eq!(tx["transaction_type"], 2);
    assert_eq!(tx["is_succeed"], false);
    // A declined reversal leaves the sale reversible.
    let body = format!(r#"{{"xact_id":"{}"}}"#, ok.xact_id);
    assert_payment_session(&softpos(&sim, REVERSAL, &body).await, "reversal");
}

#[tokio::test]
async fn agent_calls_need_the_secret_key_and_paynet_mobile() {
    let sim = sim().await;
    let body = format!(r#"{{"agent_id":"{DEFAULT_AGENT_ID}","user_id":"{DEFAULT_USER_ID}"}}"#);
    let good_auth = format!("Basic {}", sim.secret_key());
    for path in [AUTH_KEY, LOGOUT] {
        let a = post(&sim, path, &[("paynetmobile", "2")], &body).await;
        assert_paynet_error(&a, 401, "authorization_error", 7);
        let a = post(
            &sim,
            path,
            &[("authorization", "Basic nope"), ("paynetmobile", "2")],
            &body,
        )
        .await;
        assert_paynet_error(&a, 401, "authorization_error", 7);
        let a = post(&sim, path, &[("authorization", &good_auth)], &body).await;
        assert_paypos_error(&a, 11);
        let a = post(
            &sim,
            path,
            &[("authorization", &good_auth), ("paynetmobile", "1")],
            &body,
        )
        .await;
        assert_paypos_error(&a, 11);
    }
    assert_eq!(sim.request_count(AUTH_KEY), 4);
    assert_eq!(sim.request_count(LOGOUT), 4);
}

#[tokio::test]
async fn session_issue_use_and_logout() {
    let sim = Simulator::start(SimConfig::default().seed(1).agent("1234", "username"))
        .await
        .unwrap();
    assert_paypos_error(&agent(&sim, AUTH_KEY, r#"{"agent_id":"1234"}"#).await, 11);
    assert_paypos_error(
        &agent(&sim, AUTH_KEY, r#"{"agent_id":"1234","user_id":"someone"}"#).await,
        4,
    );
    assert_paypos_error(
        &agent(&sim, AUTH_KEY, r#"{"agent_id":"9","user_id":"username"}"#).await,
        4,
    );

    let a = agent(
        &sim,
        AUTH_KEY,
        r#"{"agent_id":"1234","user_id":"username"}"#,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.content_type, "application/json");
    let j = &a.json;
    let mut keys: Vec<&str> = j.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "agent_id",
            "code",
            "company_code",
            "expired_date",
            "is_okc_inquiry",
            "message",
            "object_name",
            "session_key",
            "user_id",
            "user_unique_id"
        ]
    );
    assert_eq!(j["code"], 0);
    assert_eq!(j["agent_id"], "1234");
    assert_eq!(j["user_id"], "username");
    assert!(j["is_okc_inquiry"].is_boolean());
    assert!(is_dotnet_timestamp(j["expired_date"].as_str().unwrap()));
    let key = j["session_key"].as_str().unwrap().to_owned();
    assert!(sim.session_is_valid(&key));

    // The new key starts sales, for its agent.
    let id = assert_payment_session(
        &softpos_with(&sim, &key, INIT_SALE, r#"{"amount":1}"#).await,
        "sale",
    );
    sim.complete_sale(&id, true).unwrap();
    let c = softpos_with(&sim, &key, CHECK, &check_body(&id)).await;
    assert_eq!(only_transaction(&c)["agent_id"], "1234");

    // Logout ends it.
    assert_paypos_error(&agent(&sim, LOGOUT, "{}").await, 11);
    let out = agent(&sim, LOGOUT, &format!(r#"{{"session_key":"{key}"}}"#)).await;
    assert_eq!(out.status, StatusCode::OK, "{}", out.text);
    assert_eq!(out.json["code"], 0);
    assert!(out.json["object_name"].is_string() && out.json["message"].is_string());
    assert!(!sim.session_is_valid(&key));
    assert_paypos_error(
        &softpos_with(&sim, &key, INIT_SALE, r#"{"amount":1}"#).await,
        7,
    );
    assert_paypos_error(&softpos_with(&sim, &key, CHECK, &check_body(&id)).await, 7);
    // Twice: unknown session.
    assert_paypos_error(
        &agent(&sim, LOGOUT, &format!(r#"{{"session_key":"{key}"}}"#)).await,
        12,
    );

    // The configured key is still valid, and can be logged out too.
    assert!(sim.session_is_valid(DEFAULT_SESSION_KEY));
    let out = agent(
        &sim,
        LOGOUT,
        &format!(r#"{{"session_key":"{DEFAULT_SESSION_KEY}"}}"#),
    )
    .await;
    assert_eq!(out.json["code"], 0);
    assert_paypos_error(&softpos(&sim, INIT_SALE, r#"{"amount":1}"#).await, 7);
}

#[tokio::test]
async fn without_configured_session_keys() {
    let sim = Simulator::start(SimConfig::default().without_session_keys())
        .await
        .unwrap();
    assert_eq!(sim.session_key(), "");
    assert!(!sim.session_is_valid(DEFAULT_SESSION_KEY));
    assert_paypos_error(
        &softpos_with(&sim, DEFAULT_SESSION_KEY, INIT_SALE, r#"{"amount":1}"#).await,
        7,
    );
}
