//! Paynet.js: `Simulator::start_js_payment`, `POST /sim/js_payment` and `/v1/transaction/charge`.

use paynet_sim::{
    JsPayment, JsPaymentError, TEST_CARD_3D_DECLINE, TEST_CARD_3D_REQUIRED, TEST_CARD_APPROVE,
    TEST_CARD_DECLINE, TEST_CARD_HASH,
};
use reqwest::StatusCode;

use crate::support::{Answer, assert_paynet_error, call, capture, keys, post, sim};

const CHARGE: &str = "/v1/transaction/charge";

/// Every field of the v1 charge answer, in its order.
const CHARGE_FIELDS: [&str; 36] = [
    "id",
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
    "agent_reference_no",
    "ratio_code",
    "end_user_comission",
    "object_name",
    "code",
    "message",
];

fn assert_charge_shape(a: &Answer) {
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let mut expected: Vec<String> = CHARGE_FIELDS.iter().map(|s| (*s).to_owned()).collect();
    expected.sort_unstable();
    assert_eq!(keys(&a.json), expected, "{}", a.text);
    let positions: Vec<usize> = CHARGE_FIELDS
        .iter()
        .map(|f| a.text.find(&format!("\"{f}\":")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{}", a.text);
    assert_eq!(a.json["object_name"], "transaction");
    assert!(!a.text.contains("bank_authorization_code"), "{}", a.text);
}

async fn charge(sim: &paynet_sim::Simulator, session: &str, token: &str, extra: &str) -> Answer {
    call(
        sim,
        CHARGE,
        &format!(r#"{{"session_id":"{session}","token_id":"{token}"{extra}}}"#),
    )
    .await
}

#[tokio::test]
async fn a_form_payment_is_charged_once() {
    let sim = sim().await;
    let (session, token) = sim
        .start_js_payment(
            &JsPayment::new(1000, TEST_CARD_APPROVE)
                .reference_no("JS-1")
                .description("Kitap"),
        )
        .unwrap();
    let before = sim.transaction_count();
    let a = charge(
        &sim,
        &session,
        &token,
        r#","amount":"1000","transaction_type":"1""#,
    )
    .await;
    assert_charge_shape(&a);
    let j = &a.json;
    assert_eq!(j["code"], 0, "{}", a.text);
    assert_eq!(j["is_succeed"], true);
    assert_eq!(j["transaction_type"], 1);
    assert_eq!(j["user_id"], "PaynetJ");
    assert_eq!(j["agent_reference_no"], "JS-1");
    assert!(!j["authorization_code"].as_str().unwrap().is_empty());
    assert!(a.text.contains(r#""amount":10.00,"#), "{}", a.text);
    assert!(a.text.contains(r#""net_amount":9.76,"#), "{}", a.text);
    assert_eq!(sim.transaction_count(), before + 1);

    // Again: the same transaction, code 100.
    let again = charge(&sim, &session, &token, r#","amount":"1000""#).await;
    assert_charge_shape(&again);
    assert_eq!(again.json["code"], 100, "{}", again.text);
    assert_eq!(again.json["message"], "Önceki Başarılı İşlem");
    assert_eq!(again.json["xact_id"], j["xact_id"]);
    assert_eq!(sim.transaction_count(), before + 1);

    // The ledger has it.
    let d = crate::support::detail(&sim, "reference_no", "JS-1").await;
    assert_eq!(d.json["Data"][0]["note"], "Kitap", "{}", d.text);
    assert_eq!(d.json["Data"][0]["channel_id"], 3, "{}", d.text);
}

#[tokio::test]
async fn the_amount_must_match_the_form() {
    let sim = sim().await;
    let (session, token) = sim
        .start_js_payment(&JsPayment::new(1050, TEST_CARD_APPROVE).ratio_code("RC1"))
        .unwrap();
    for extra in [
        r#","amount":"1051""#,
        r#","amount":"10,51""#,
        r#","amount":"1050","add_comission_amount":true"#,
        r#","amount":"1050","ratio_code":"OTHER""#,
    ] {
        let a = charge(&sim, &session, &token, extra).await;
        assert_charge_shape(&a);
        assert_eq!(a.json["code"], 15, "{extra}: {}", a.text);
        assert_eq!(a.json["is_succeed"], false);
        assert_eq!(a.json["xact_id"], "");
    }
    // Kuruş digits or the comma TL form of the same amount.
    let a = charge(
        &sim,
        &session,
        &token,
        r#","amount":"10,50","ratio_code":"RC1""#,
    )
    .await;
    assert_eq!(a.json["code"], 0, "{}", a.text);
    assert_eq!(a.json["ratio_code"], "RC1");
    let (session, token) = sim
        .start_js_payment(&JsPayment::new(1050, TEST_CARD_APPROVE))
        .unwrap();
    assert_eq!(
        charge(&sim, &session, &token, r#","amount":"1050""#)
            .await
            .json["code"],
        0
    );
    // Not an amount at all: 400.
    for extra in [
        r#","amount":"10.50""#,
        r#","amount":10.50"#,
        r#","amount":"""#,
        "",
    ] {
        let a = charge(&sim, &session, &token, extra).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
    }
}

#[tokio::test]
async fn declines_and_3d_cards() {
    let sim = sim().await;
    let (session, token) = sim
        .start_js_payment(&JsPayment::new(500, TEST_CARD_DECLINE))
        .unwrap();
    let first = charge(&sim, &session, &token, r#","amount":"500""#).await;
    assert_charge_shape(&first);
    assert_eq!(first.json["code"], 1, "{}", first.text);
    assert_eq!(first.json["bank_error_id"], "05");
    let again = charge(&sim, &session, &token, r#","amount":"500""#).await;
    assert_eq!(again.json["code"], 1);
    assert_eq!(again.json["xact_id"], first.json["xact_id"]);

    // The form did 3-D: a 3-D card is charged with is_tds...
    let (session, token) = sim
        .start_js_payment(&JsPayment::new(500, TEST_CARD_3D_REQUIRED))
        .unwrap();
    let a = charge(&sim, &session, &token, r#","amount":"500""#).await;
    assert_eq!(a.json["code"], 0, "{}", a.text);
    assert_eq!(a.json["is_tds"], true);
    // ...and one whose 3-D fails is code 16.
    let (session, token) = sim
        .start_js_payment(&JsPayment::new(500, TEST_CARD_3D_DECLINE))
        .unwrap();
    let a = charge(&sim, &session, &token, r#","amount":"500""#).await;
    assert_charge_shape(&a);
    assert_eq!(a.json["code"], 16, "{}", a.text);
}

#[tokio::test]
async fn a_pre_authorisation_by_the_form() {
    let sim = sim().await;
    let (session, token) = sim
        .start_js_payment(&JsPayment::stored_card(2000, TEST_CARD_HASH).reference_no("JS-P"))
        .unwrap();
    let a = charge(
        &sim,
        &session,
        &token,
        r#","amount":"2000","transaction_type":"3""#,
    )
    .await;
    assert_eq!(a.json["transaction_type"], 3, "{}", a.text);
    assert_eq!(sim.pre_auth_remaining_kurus("JS-P"), Some(2000));
    let c = capture(&sim, r#"{"reference_no":"JS-P"}"#).await;
    assert_eq!(c.json["code"], 0, "{}", c.text);
    let (session, token) = sim
        .start_js_payment(&JsPayment::new(2000, TEST_CARD_APPROVE))
        .unwrap();
    let a = charge(
        &sim,
        &session,
        &token,
        r#","amount":"2000","transaction_type":"2""#,
    )
    .await;
    assert_paynet_error(&a, 400, "invalid_request_error", 11);
}

#[tokio::test]
async fn unknown_sessions_and_refused_forms() {
    let sim = sim().await;
    let a = charge(&sim, "js_nope", "NOPE", r#","amount":"1000""#).await;
    assert_charge_shape(&a);
    assert_eq!(a.json["code"], 13, "{}", a.text);
    assert_eq!(a.json["is_succeed"], false);
    let a = post(
        &sim,
        CHARGE,
        &[("authorization", "Basic x")],
        r#"{"session_id":"a","token_id":"b","amount":"1"}"#,
    )
    .await;
    assert_paynet_error(&a, 401, "authorization_error", 7);

    assert_eq!(
        sim.start_js_payment(&JsPayment::new(0, TEST_CARD_APPROVE)),
        Err(JsPaymentError::InvalidAmount)
    );
    assert!(matches!(
        sim.start_js_payment(&JsPayment::new(100, "4355084355084357")),
        Err(JsPaymentError::WrongCardData(_))
    ));
    assert!(matches!(
        sim.start_js_payment(&JsPayment::new(100, TEST_CARD_APPROVE).expiry(1, 2020)),
        Err(JsPaymentError::WrongCardData(_))
    ));
    assert_eq!(
        sim.start_js_payment(&JsPayment::stored_card(100, "nope")),
        Err(JsPaymentError::UnknownCardHash)
    );
    assert_eq!(
        sim.start_js_payment(&JsPayment::new(100, TEST_CARD_APPROVE).instalment(13)),
        Err(JsPaymentError::InvalidInstalment)
    );
}

#[tokio::test]
async fn the_form_over_http() {
    let sim = sim().await;
    let a = post(
        &sim,
        "/sim/js_payment",
        &[],
        &format!(
            r#"{{"amount":"2500","pan":"{TEST_CARD_APPROVE}","card_holder":"ALI VELI","month":12,
                "year":2035,"cvc":"123","reference_no":"JS-H","instalment":3}}"#
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["code"], 0);
    assert_eq!(a.json["object_name"], "sim_js_payment");
    let session = a.json["session_id"].as_str().unwrap();
    let token = a.json["token_id"].as_str().unwrap();
    let c = charge(&sim, session, token, r#","amount":"2500""#).await;
    assert_eq!(c.json["code"], 0, "{}", c.text);
    assert_eq!(c.json["card_holder"], "ALI VELI");
    assert_eq!(c.json["instalment"], 3);

    // An integer amount is read too; a stored card needs no card data.
    let a = post(
        &sim,
        "/sim/js_payment",
        &[],
        &format!(r#"{{"amount":700,"card_hash":"{TEST_CARD_HASH}"}}"#),
    )
    .await;
    assert_eq!(a.json["code"], 0, "{}", a.text);

    for (body, code) in [
        (
            r#"{"amount":"1000","pan":"4355084355084357"}"#.to_owned(),
            18,
        ),
        (r#"{"amount":"1000","card_hash":"nope"}"#.to_owned(), 25),
        (r#"{"amount":"10,00","card_hash":"x"}"#.to_owned(), 11),
        (r#"{"amount":"1000"}"#.to_owned(), 11),
        ("nope".to_owned(), 11),
    ] {
        let a = post(&sim, "/sim/js_payment", &[], &body).await;
        assert_paynet_error(&a, 400, "invalid_request_error", code);
    }
}
