//! Requests read as leniently as Paynet reads them: bodies as Paynet's PHP sample client (behind
//! its PrestaShop and WooCommerce modules) sends them, with booleans and numbers as strings,
//! numbers where a string is documented, and empty strings for unset fields.

use paynet_sim::{
    JsPayment, PRE_AUTH_250_XACT, PRE_AUTH_250_XACT_ID, TEST_CARD_APPROVE, TEST_CARD_DECLINE,
};
use reqwest::StatusCode;

use crate::support::{agent, assert_paynet_error, call, capture, detail, sim, softpos};

#[tokio::test]
async fn charge_as_the_php_sample_sends_it() {
    let sim = sim().await;
    // Strings for everything, empty strings for what is unset, the form's extra flags.
    let (session, token) = sim
        .start_js_payment(&JsPayment::new(1050, TEST_CARD_APPROVE).reference_no("PHP-JS-1"))
        .unwrap();
    let body = format!(
        r#"{{"session_id":"{session}","token_id":"{token}","reference_no":"","transaction_type":"1",
            "amount":"1050","add_comission_amount":"false","no_instalment":"false",
            "tds_required":"true","ratio_code":"","installments":""}}"#
    );
    let a = call(&sim, "/v1/transaction/charge", &body).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["code"], 0, "{}", a.text);
    assert_eq!(a.json["is_succeed"], true);
    assert_eq!(a.json["agent_reference_no"], "PHP-JS-1");
    assert!(a.text.contains(r#""amount":10.50,"#), "{}", a.text);
    // Another client: the amount and the type as JSON numbers, the flag as " FALSE ", 0.
    let (session, token) = sim
        .start_js_payment(&JsPayment::new(700, TEST_CARD_APPROVE))
        .unwrap();
    for flag in [r#"" FALSE ""#, "0"] {
        let body = format!(
            r#"{{"session_id":"{session}","token_id":"{token}","transaction_type":1,"amount":700,
                "add_comission_amount":{flag}}}"#
        );
        let a = call(&sim, "/v1/transaction/charge", &body).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        // Charged once, then the same transaction again (code 100).
        assert!(
            [0, 100].contains(&a.json["code"].as_u64().unwrap()),
            "{}",
            a.text
        );
        assert!(a.text.contains(r#""amount":7.00,"#), "{}", a.text);
    }
    // A pre-authorisation as the char "3".
    let (session, token) = sim
        .start_js_payment(&JsPayment::new(500, TEST_CARD_APPROVE))
        .unwrap();
    let body = format!(
        r#"{{"session_id":"{session}","token_id":"{token}","transaction_type":"3","amount":"500"}}"#
    );
    let a = call(&sim, "/v1/transaction/charge", &body).await;
    assert_eq!(a.json["transaction_type"], 3, "{}", a.text);
    // Still refused: a boolean that is not one, a type that is not 1 or 3.
    for extra in [
        r#","add_comission_amount":"no""#,
        r#","transaction_type":"2""#,
        r#","transaction_type":"1.0""#,
    ] {
        let body =
            format!(r#"{{"session_id":"{session}","token_id":"{token}","amount":"500"{extra}}}"#);
        let a = call(&sim, "/v1/transaction/charge", &body).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
    }
}

#[tokio::test]
async fn pay_with_strings_for_numbers_and_booleans() {
    let sim = sim().await;
    let body = format!(
        r#"{{"amount":"149,90","reference_no":"PHP-PAY-1","domain":"shop.example",
            "card_holder":"AYSE YILMAZ","pan":"{TEST_CARD_APPROVE}","month":"12","year":"2035",
            "cvc":"000","instalment":"3","add_commission":"false","transaction_type":"1",
            "agent_id":"","description":"","card_holder_phone":"","card_holder_mail":"",
            "ratio_code":"","card_hash":""}}"#
    );
    let a = call(&sim, "/v2/transaction/payment", &body).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["code"], 0, "{}", a.text);
    assert_eq!(a.json["instalment"], 3);
    assert_eq!(a.json["transaction_type"], 1);
    assert!(a.text.contains(r#""amount":149.90,"#), "{}", a.text);
    // A JSON integer is read as its text ("150" = 150,00 TL); the flag as "TRUE" or 1.
    let body = format!(
        r#"{{"amount":150,"reference_no":"PHP-PAY-2","domain":"shop.example",
            "card_holder":"AYSE YILMAZ","pan":"{TEST_CARD_APPROVE}","month":12,"year":"2035",
            "cvc":"000","add_commission":"TRUE","transaction_type":3}}"#
    );
    let a = call(&sim, "/v2/transaction/payment", &body).await;
    assert_eq!(a.json["code"], 0, "{}", a.text);
    assert_eq!(a.json["transaction_type"], 3);
    assert!(a.text.contains(r#""net_amount":150.00,"#), "{}", a.text);
    // The card's number as a JSON number, the declining card: read, then declined by the bank.
    let body = format!(
        r#"{{"amount":"10,00","reference_no":"PHP-PAY-3","domain":"shop.example",
            "card_holder":"AYSE YILMAZ","pan":{TEST_CARD_DECLINE},"month":"12","year":"35",
            "cvc":"000"}}"#
    );
    let a = call(&sim, "/v2/transaction/payment", &body).await;
    assert_eq!(a.json["code"], 1, "{}", a.text);
    assert_eq!(a.json["bank_error_id"], "05");
}

#[tokio::test]
async fn ratios_with_strings() {
    let sim = sim().await;
    // The PHP sample's RatioParameters: pos_type 5, its misspelt flag (ignored), strings.
    let a = call(
        &sim,
        "/v1/ratio/Get",
        r#"{"pos_type":"5","bin":"435508","amount":"100","addcommission_to_amount":"false",
            "addcomission_to_amount":"true","ratio_code":"","agent_id":""}"#,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["code"], 0, "{}", a.text);
    assert_eq!(a.json["data"][0]["bank_id"], "AXSS");
    assert!(a.text.contains(r#""total_amount":102.39,"#), "{}", a.text);
    // The amount as a string of TL with decimals, an empty one (absent: 0).
    let b = call(&sim, "/v1/ratio/Get", r#"{"amount":"100.50","bin":435508}"#).await;
    assert!(b.text.contains(r#""total_amount":100.50,"#), "{}", b.text);
    let c = call(&sim, "/v1/ratio/Get", r#"{"amount":"","bin":"435508"}"#).await;
    assert!(c.text.contains(r#""total_amount":0.00,"#), "{}", c.text);
}

#[tokio::test]
async fn lists_with_strings() {
    let sim = sim().await;
    let typed = call(
        &sim,
        "/v1/transaction/list",
        r#"{"datab":"2024-05-01","datbi":"2024-06-30","show_unsucceed":false,
            "untransferred":true,"limit":1000,"starting_after":0}"#,
    )
    .await;
    let php = call(
        &sim,
        "/v1/transaction/list",
        r#"{"datab":"2024-05-01","datbi":"2024-06-30","show_unsucceed":"false",
            "untransferred":"true","limit":"1000","starting_after":"0","ending_before":"",
            "agent_id":"","bank_id":"","user_id":""}"#,
    )
    .await;
    assert_eq!(php.status, StatusCode::OK, "{}", php.text);
    assert_eq!(php.json["code"], 0, "{}", php.text);
    assert_eq!(php.json["limit"], 1000);
    assert_eq!(php.json["total_count"], typed.json["total_count"]);
    assert_eq!(php.json["Data"], typed.json["Data"]);
    // show_unsucceed as "1" shows the declined history entry too.
    let all = call(
        &sim,
        "/v1/transaction/list",
        r#"{"datab":"2024-05-01","datbi":"2024-06-30","show_unsucceed":"1","limit":"1000"}"#,
    )
    .await;
    assert!(
        all.json["Data"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["is_succeed"] == false),
        "{}",
        all.text
    );
}

#[tokio::test]
async fn captures_lookups_and_refunds_with_numbers_and_empty_strings() {
    let sim = sim().await;
    // Empty strings are absent; the plain id and the kuruş amount as JSON numbers.
    let a = capture(
        &sim,
        &format!(r#"{{"xact_id":"","xact":{PRE_AUTH_250_XACT},"reference_no":"","amount":1000}}"#),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["code"], 0, "{}", a.text);
    assert!(a.text.contains(r#""amount":10.00,"#), "{}", a.text);
    assert_eq!(
        sim.pre_auth_remaining_kurus(PRE_AUTH_250_XACT_ID),
        Some(24_000)
    );
    // "amount":"" is everything that is left.
    let b = capture(
        &sim,
        &format!(
            r#"{{"xact_id":"{PRE_AUTH_250_XACT_ID}","amount":"","reference_no":"PHP-CAP-2"}}"#
        ),
    )
    .await;
    assert!(b.text.contains(r#""amount":240.00,"#), "{}", b.text);
    // detail and check by the plain id as a number, an empty xact_id beside it.
    let d = call(
        &sim,
        "/v1/transaction/detail",
        &format!(r#"{{"xact_id":"","xact":{PRE_AUTH_250_XACT},"user_id":""}}"#),
    )
    .await;
    assert_eq!(d.json["code"], 0, "{}", d.text);
    assert_eq!(d.json["Data"][0]["xact_id"], PRE_AUTH_250_XACT_ID);
    let c = call(
        &sim,
        "/v1/transaction/check",
        r#"{"xact_id":"","reference_no":"PHP-CAP-2"}"#,
    )
    .await;
    assert_eq!(c.json["code"], 0, "{}", c.text);
    // A refund of a capture with "" for the amount and the succeedUrl: the whole of it, as a
    // request.
    let xact_id = b.json["xact_id"].as_str().unwrap();
    let r = call(
        &sim,
        "/v1/transaction/reversed_request",
        &format!(r#"{{"xact_id":"{xact_id}","amount":"","succeedUrl":""}}"#),
    )
    .await;
    assert_eq!(r.json["code"], 0, "{}", r.text);
    assert_eq!(detail(&sim, "xact_id", xact_id).await.json["code"], 0);
}

#[tokio::test]
async fn paypos_and_sessions_with_strings() {
    let sim = sim().await;
    let a = softpos(
        &sim,
        "/v1/softpos/init_sale_transaction",
        r#"{"amount":"149.90","instalment":"3","add_commission":"false","reference_no":"",
            "selected_agent_id":""}"#,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["code"], 0, "{}", a.text);
    let a = agent(
        &sim,
        "/v1/agent/get_auth_key",
        r#"{"agent_id":20005,"user_id":"sim_user"}"#,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["agent_id"], "20005");
}
