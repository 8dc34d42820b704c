//! `/v1/transaction/capture`.

use paynet_sim::{
    PRE_AUTH_100_REFERENCE_NO, PRE_AUTH_100_XACT, PRE_AUTH_100_XACT_ID, PRE_AUTH_250_XACT_ID,
    PreAuth, SimConfig, Simulator, triggers,
};
use reqwest::StatusCode;

use crate::support::{Answer, assert_paynet_error, capture, is_dotnet_timestamp, post, sim};

const PATH: &str = "/v1/transaction/capture";

/// Every field of the capture page, in its order.
const CAPTURE_FIELDS: [&str; 32] = [
    "xact_id",
    "xact_date",
    "transaction_type",
    "pos_type",
    "is_tds",
    "agent_id",
    "user_id",
    "email",
    "phone",
    "bank_id",
    "instalment",
    "ratio",
    "card_no_masked",
    "card_holder",
    "amount",
    "net_amount",
    "comission",
    "comission_tax",
    "currency",
    "authorization_code",
    "reference_code",
    "order_id",
    "is_succeed",
    "paynet_error_id",
    "paynet_error_message",
    "bank_error_id",
    "bank_error_message",
    "bank_error_short_desc",
    "bank_error_long_desc",
    "object_name",
    "code",
    "message",
];

fn assert_transaction_shape(a: &Answer) {
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.content_type, "application/json");
    let keys: Vec<&str> = a
        .json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = CAPTURE_FIELDS.to_vec();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    expected.sort_unstable();
    assert_eq!(sorted, expected, "{}", a.text);
    // Field order as on the capture page (serde_json's map sorts keys, so look at the text).
    let positions: Vec<usize> = CAPTURE_FIELDS
        .iter()
        .map(|f| a.text.find(&format!("\"{f}\":")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{}", a.text);
    let j = &a.json;
    assert!(j["transaction_type"].is_u64() && j["transaction_type"] == 4);
    assert!(j["pos_type"].is_u64() && j["pos_type"] == 5);
    assert!(j["code"].is_u64());
    assert!(j["is_tds"].is_boolean() && j["is_succeed"].is_boolean());
    assert!(j["instalment"].is_u64());
    for f in [
        "ratio",
        "amount",
        "net_amount",
        "comission",
        "comission_tax",
    ] {
        assert!(j[f].is_number(), "{f} in {}", a.text);
    }
    assert_eq!(j["currency"], "TRY");
    assert_eq!(j["object_name"], "transaction");
    assert_eq!(j["bank_id"].as_str().unwrap().len(), 4);
    assert!(j["xact_id"].as_str().unwrap().starts_with("xk_"));
    assert!(
        is_dotnet_timestamp(j["xact_date"].as_str().unwrap()),
        "{}",
        a.text
    );
    assert!(a.text.contains("\"ratio\":0.0199"), "{}", a.text);
}

#[tokio::test]
async fn refuses_missing_wrong_and_base64_keys() {
    let sim = sim().await;
    let body = format!(r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","amount":"1000"}}"#);
    let base64_of_key = "Basic c2NrX3NpbV9zZWNyZXRfa2V5Og=="; // base64("sck_sim_secret_key:")
    let cases: [&[(&str, &str)]; 5] = [
        &[],
        &[("authorization", "Basic wrong_key")],
        &[("authorization", base64_of_key)],
        &[("authorization", "Bearer sck_sim_secret_key")],
        &[("authorization", "sck_sim_secret_key")],
    ];
    for headers in cases {
        let a = post(&sim, PATH, headers, &body).await;
        assert_paynet_error(&a, 401, "authorization_error", 7);
        assert!(
            !a.text.contains("sck_sim"),
            "the key must not be echoed: {}",
            a.text
        );
    }
    // Nothing was captured by the refused requests.
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_250_XACT_ID),
        Some(25_000)
    );
    assert_eq!(sim.request_count(PATH), 5);
}

#[tokio::test]
async fn accepts_a_configured_key_with_slash_and_plus() {
    let key = "sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW";
    let sim = Simulator::start(SimConfig::default().secret_key(key))
        .await
        .unwrap();
    assert_eq!(sim.secret_key(), key);
    let a = capture(
        &sim,
        &format!(r#"{{"xact":"{PRE_AUTH_100_XACT}","amount":"100"}}"#),
    )
    .await;
    assert_transaction_shape(&a);
    assert_eq!(a.json["is_succeed"], true);
    let default_key = format!("Basic {}", paynet_sim::DEFAULT_SECRET_KEY);
    let a = post(&sim, PATH, &[("authorization", &default_key)], "{}").await;
    assert_paynet_error(&a, 401, "authorization_error", 7);
}

#[tokio::test]
async fn requires_an_identifier_and_a_kurus_string() {
    let sim = sim().await;
    for body in [
        "{}",
        r#"{"amount":"1000"}"#,
        r#"{"xact_id":"","xact":"","reference_no":""}"#,
        // Amount not a string of kuruş digits.
        r#"{"xact":"1000001","amount":"10.00"}"#,
        r#"{"xact":"1000001","amount":"10,00"}"#,
        r#"{"xact":"1000001","amount":"-100"}"#,
        r#"{"xact":"1000001","amount":10.00}"#,
        r#"{"xact":"1000001","amount":true}"#,
        r#"{"xact":"1000001","amount":"0"}"#,
        // Not JSON at all.
        "xact=1000001",
        "",
    ] {
        let a = capture(&sim, body).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
    }
    assert_eq!(sim.pre_auth_remaining_kurus("1000001"), Some(25_000));
}

#[tokio::test]
async fn partial_then_whole_remaining_capture() {
    let sim = sim().await;
    let a = capture(
        &sim,
        &format!(r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","amount":"1000"}}"#),
    )
    .await;
    assert_transaction_shape(&a);
    assert_eq!(a.json["is_succeed"], true);
    assert_eq!(a.json["code"], 0);
    assert_eq!(a.json["message"], "Başarılı İşlem");
    // 10.00 TL at 1.99 %: commission 0.199 -> 0.20, tax 20 % -> 0.04, net 9.76.
    assert!(a.text.contains(r#""amount":10.00,"#), "{}", a.text);
    assert!(a.text.contains(r#""net_amount":9.76,"#), "{}", a.text);
    assert!(a.text.contains(r#""comission":0.20,"#), "{}", a.text);
    assert!(a.text.contains(r#""comission_tax":0.04,"#), "{}", a.text);
    assert_eq!(a.json["paynet_error_id"], "");
    assert_eq!(a.json["bank_error_id"], "");
    assert_ne!(a.json["xact_id"], PRE_AUTH_250_XACT_ID);
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_250_XACT_ID),
        Some(24_000)
    );

    // Empty amount: the whole remaining 240.00 TL. 240 * 0.0199 = 4.776 -> 4.78; tax 0.956 ->
    // 0.96; net 234.26.
    let a = capture(&sim, r#"{"reference_no":"SIM-PREAUTH-250","amount":""}"#).await;
    assert_transaction_shape(&a);
    assert_eq!(a.json["is_succeed"], true);
    assert!(a.text.contains(r#""amount":240.00,"#), "{}", a.text);
    assert!(a.text.contains(r#""net_amount":234.26,"#), "{}", a.text);
    assert!(a.text.contains(r#""comission":4.78,"#), "{}", a.text);
    assert!(a.text.contains(r#""comission_tax":0.96,"#), "{}", a.text);
    assert_eq!(sim.pre_auth_remaining_kurus("SIM-PREAUTH-250"), Some(0));

    // Nothing left: refused, HTTP 200, code 1.
    let a = capture(&sim, r#"{"xact":"1000001"}"#).await;
    assert_transaction_shape(&a);
    assert_eq!(a.json["is_succeed"], false);
    assert_eq!(a.json["code"], 1);
    assert_eq!(a.json["paynet_error_id"], triggers::OVER_CAPTURE_ERROR_ID);
    assert!(!a.json["paynet_error_message"].as_str().unwrap().is_empty());
    assert_eq!(sim.pre_auth_remaining_kurus("1000001"), Some(0));
}

#[tokio::test]
async fn absent_amount_captures_everything() {
    let sim = sim().await;
    let a = capture(&sim, &format!(r#"{{"xact_id":"{PRE_AUTH_100_XACT_ID}"}}"#)).await;
    assert_transaction_shape(&a);
    // 100 TL: commission 1.99, tax 0.398 -> 0.40, net 97.61.
    assert!(a.text.contains(r#""amount":100.00,"#), "{}", a.text);
    assert!(a.text.contains(r#""net_amount":97.61,"#), "{}", a.text);
    assert!(a.text.contains(r#""comission_tax":0.40,"#), "{}", a.text);
    assert_eq!(sim.pre_auth_remaining_kurus(PRE_AUTH_100_XACT_ID), Some(0));
}

#[tokio::test]
async fn over_capture_is_refused_and_moves_nothing() {
    let sim = sim().await;
    let a = capture(
        &sim,
        &format!(r#"{{"xact":"{PRE_AUTH_100_XACT}","amount":"10001"}}"#),
    )
    .await;
    assert_transaction_shape(&a);
    assert_eq!(a.json["is_succeed"], false);
    assert_eq!(a.json["code"], 1);
    assert_eq!(a.json["paynet_error_id"], triggers::OVER_CAPTURE_ERROR_ID);
    assert!(
        a.json["paynet_error_message"]
            .as_str()
            .unwrap()
            .contains("100"),
        "{}",
        a.text
    );
    assert!(a.text.contains(r#""net_amount":0.00,"#), "{}", a.text);
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_100_XACT),
        Some(10_000)
    );
    // Exactly the remaining amount still works.
    let a = capture(
        &sim,
        &format!(r#"{{"xact":"{PRE_AUTH_100_XACT}","amount":"10000"}}"#),
    )
    .await;
    assert_eq!(a.json["is_succeed"], true, "{}", a.text);
    assert_eq!(sim.pre_auth_remaining_kurus(PRE_AUTH_100_XACT), Some(0));
}

#[tokio::test]
async fn repeated_reference_no_returns_the_earlier_capture_with_code_100() {
    let sim = sim().await;
    let body = format!(
        r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","reference_no":"ORDER-42","amount":"2500"}}"#
    );
    let first = capture(&sim, &body).await;
    assert_transaction_shape(&first);
    assert_eq!(first.json["code"], 0);
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_250_XACT_ID),
        Some(22_500)
    );

    // The same request again, then one with another amount: the earlier transaction, code 100.
    for body in [
        body.clone(),
        format!(
            r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","reference_no":"ORDER-42","amount":"7000"}}"#
        ),
        r#"{"reference_no":"ORDER-42"}"#.to_owned(),
    ] {
        let again = capture(&sim, &body).await;
        assert_transaction_shape(&again);
        assert_eq!(again.json["code"], 100, "{}", again.text);
        assert_eq!(again.json["is_succeed"], true);
        assert_eq!(
            again.json["message"],
            "Bu referans numarası ile daha önce başarılı işlem yapılmış"
        );
        assert_eq!(again.json["xact_id"], first.json["xact_id"]);
        assert_eq!(again.json["xact_date"], first.json["xact_date"]);
        assert!(again.text.contains(r#""amount":25.00,"#), "{}", again.text);
    }
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_250_XACT_ID),
        Some(22_500)
    );

    // A new reference moves money again.
    let other = capture(
        &sim,
        &format!(
            r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","reference_no":"ORDER-43","amount":"2500"}}"#
        ),
    )
    .await;
    assert_eq!(other.json["code"], 0);
    assert_ne!(other.json["xact_id"], first.json["xact_id"]);
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_250_XACT_ID),
        Some(20_000)
    );
}

#[tokio::test]
async fn pre_auth_reference_no_captures_once() {
    let sim = sim().await;
    let body = format!(r#"{{"reference_no":"{PRE_AUTH_100_REFERENCE_NO}","amount":"1000"}}"#);
    assert_eq!(capture(&sim, &body).await.json["code"], 0);
    assert_eq!(capture(&sim, &body).await.json["code"], 100);
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_100_REFERENCE_NO),
        Some(9_000)
    );
}

#[tokio::test]
async fn a_refused_capture_does_not_make_its_reference_used() {
    let sim = sim().await;
    let over = format!(r#"{{"xact":"{PRE_AUTH_100_XACT}","reference_no":"R-1","amount":"99999"}}"#);
    assert_eq!(capture(&sim, &over).await.json["code"], 1);
    let ok = format!(r#"{{"xact":"{PRE_AUTH_100_XACT}","reference_no":"R-1","amount":"100"}}"#);
    assert_eq!(capture(&sim, &ok).await.json["code"], 0);
}

#[tokio::test]
async fn unknown_pre_auth_is_404_no_data() {
    let sim = sim().await;
    for body in [
        r#"{"xact_id":"xk_unknown"}"#,
        r#"{"xact":"999"}"#,
        r#"{"reference_no":"NOPE","amount":"100"}"#,
        // The first identifier present decides.
        r#"{"xact_id":"xk_unknown","xact":"1000001"}"#,
    ] {
        let a = capture(&sim, body).await;
        assert_paynet_error(&a, 404, "no_data_error", 12);
    }
    assert_eq!(sim.pre_auth_remaining_kurus("1000001"), Some(25_000));
}

#[tokio::test]
async fn configured_and_added_pre_auths() {
    let sim = Simulator::start(
        SimConfig::default()
            .without_pre_auths()
            .pre_auth(PreAuth::new("xk_A", "1", "REF-A", 5_655)),
    )
    .await
    .unwrap();
    assert_eq!(sim.pre_auth_remaining_kurus(PRE_AUTH_250_XACT_ID), None);
    assert_eq!(sim.pre_auth_remaining_kurus("REF-A"), Some(5_655));
    sim.add_pre_auth(PreAuth::new("xk_B", "2", "REF-B", 100));
    let a = capture(&sim, r#"{"xact_id":"xk_B"}"#).await;
    assert_eq!(a.json["is_succeed"], true, "{}", a.text);
    assert!(a.text.contains(r#""amount":1.00,"#), "{}", a.text);
    // 1 TL: commission 0.0199 -> 0.02, tax 0.004 -> 0, net 0.98.
    assert!(a.text.contains(r#""net_amount":0.98,"#), "{}", a.text);
    let a = capture(&sim, r#"{"xact_id":"xk_A"}"#).await;
    // 56.55 TL: commission 1.125345 -> 1.13, tax 0.226 -> 0.23, net 55.19.
    assert!(a.text.contains(r#""amount":56.55,"#), "{}", a.text);
    assert!(a.text.contains(r#""net_amount":55.19,"#), "{}", a.text);
}

#[tokio::test]
async fn seeded_simulators_answer_identically() {
    let body = format!(r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","amount":"1000"}}"#);
    let a = sim().await;
    let b = sim().await;
    let ta = capture(&a, &body).await.text;
    let tb = capture(&b, &body).await.text;
    assert_eq!(ta, tb);
    assert!(
        ta.contains(r#""xact_date":"2024-06-03T10:27:22.0296925+03:00""#),
        "{ta}"
    );
    let other = Simulator::start(SimConfig::default().seed(8))
        .await
        .unwrap();
    assert_ne!(
        capture(&other, &body).await.json["xact_id"],
        serde_json::from_str::<serde_json::Value>(&ta).unwrap()["xact_id"]
    );
}
