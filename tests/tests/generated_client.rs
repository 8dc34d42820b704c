//! The generated low-level client on the wire, driven against httpmock through the generated
//! typed helpers: what it sends, and how it reads what Paynet answers.

#![allow(clippy::unwrap_used)]

mod common;

use common::{SECRET, seed_capture_answer};
use httpmock::MockServer;
use paynet_api::hooks::CallContext;
use paynet_api::paynet_transaction as transaction;
use paynet_api::paypos_softpos::{self as softpos};
use paynet_api::progenitor_client::Error;
use paynet_api::reqwest::header::HeaderValue;
use paynet_api::wire::{JsonDecimal, LenientDecimal, LenientText, Timestamp, TimestampValue};
use paynet_httpmock::paynet_transaction::MockServerExt as _;
use paynet_httpmock::paypos_softpos::MockServerExt as _;
use rust_decimal::Decimal;

const SESSION: &str = "ssk_Ab3+/xyz";

fn dec(text: &str) -> JsonDecimal {
    JsonDecimal(text.parse::<Decimal>().unwrap())
}

fn capture_client(server: &MockServer) -> transaction::Client {
    let auth = HeaderValue::from_str(&format!("Basic {SECRET}")).unwrap();
    transaction::Client::new_with_client(
        &server.base_url(),
        paynet_api::reqwest::Client::new(),
        CallContext::new().with_authorization(auth),
    )
}

fn softpos_client(server: &MockServer) -> softpos::Client {
    softpos::Client::new_with_client(
        &server.base_url(),
        paynet_api::reqwest::Client::new(),
        CallContext::new(),
    )
}

#[tokio::test]
async fn init_sale_sends_session_key_json_and_an_exact_amount() {
    let server = MockServer::start_async().await;
    let mock = server.init_sale(|when, then| {
        when.session_key(SESSION)
            .into_inner()
            .header("content-type", "application/json")
            .header_missing("api-version")
            .header_missing("authorization")
            .body(r#"{"amount":149.90,"instalment":3,"reference_no":"ORDER-1"}"#);
        then.ok(&softpos::types::InitSaleResponse {
            payment_session_id: Some("ps_1".into()),
            deeplink_url: Some("paypos://sale?ps=ps_1".into()),
            encryption_key: Some("enc".into()),
            code: Some(0.into()),
            ..Default::default()
        });
    });

    let body = softpos::types::InitSaleRequest {
        amount: Some(dec("149.90")),
        instalment: Some(3),
        reference_no: Some("ORDER-1".into()),
        ..Default::default()
    };
    let client = softpos_client(&server);
    let response = client.init_sale(SESSION, &body).await.unwrap().into_inner();
    mock.assert_async().await;
    assert_eq!(
        response
            .payment_session_id
            .as_ref()
            .map(LenientText::as_str),
        Some("ps_1")
    );
    assert_eq!(response.code.and_then(|c| c.get()), Some(0));
}

#[tokio::test]
async fn large_and_tiny_amounts_go_out_digit_for_digit() {
    for text in ["12345678.91", "0.0001", "1234567890123456.78", "100.10"] {
        let server = MockServer::start_async().await;
        let mock = server.init_sale(|when, then| {
            when.into_inner().body(format!(r#"{{"amount":{text}}}"#));
            then.ok(&Default::default());
        });
        let body = softpos::types::InitSaleRequest {
            amount: Some(dec(text)),
            ..Default::default()
        };
        softpos_client(&server)
            .init_sale(SESSION, &body)
            .await
            .unwrap();
        mock.assert_async().await;
    }
}

#[tokio::test]
async fn capture_sends_the_raw_secret_key_and_kurus_string() {
    let server = MockServer::start_async().await;
    let mock = server.capture(|when, then| {
        when.into_inner()
            .header("authorization", format!("Basic {SECRET}"))
            .header("content-type", "application/json")
            .header_missing("api-version")
            .header_missing("session-key")
            .body(r#"{"amount":"1000","xact_id":"xk_EAAAANFhOW7*W3uISj/x"}"#);
        then.into_inner()
            .status(200)
            .header("content-type", "application/json")
            .body(seed_capture_answer());
    });
    let body = transaction::types::CaptureRequest {
        xact_id: Some("xk_EAAAANFhOW7*W3uISj/x".into()),
        amount: Some("1000".into()),
        ..Default::default()
    };
    let t = capture_client(&server)
        .capture(&body)
        .await
        .unwrap()
        .into_inner();
    mock.assert_async().await;

    // The seed's example decodes with exact amounts, and `amount: 0` is reported as sent.
    let value = |d: Option<LenientDecimal>| d.and_then(|d| d.get()).map(JsonDecimal);
    assert_eq!(value(t.amount), Some(dec("0")));
    assert_eq!(value(t.net_amount), Some(dec("56.55")));
    assert_eq!(value(t.comission), Some(dec("2.37")));
    assert_eq!(value(t.comission_tax), Some(dec("0.43")));
    assert_eq!(value(t.ratio), Some(dec("0.04")));
    assert_eq!(t.code.and_then(|c| c.get()), Some(0));
    assert_eq!(t.transaction_type.and_then(|c| c.get()), Some(4));
    assert_eq!(t.is_succeed.and_then(|b| b.get()), Some(true));
    assert_eq!(
        t.message.as_ref().map(LenientText::as_str),
        Some("Başarılı İşlem")
    );
    let date = t.xact_date.as_ref().expect("xact_date");
    let TimestampValue::WithOffset(value) = date.value() else {
        panic!("{date:?}")
    };
    assert_eq!(value.to_rfc3339(), "2016-04-08T10:27:22.029692500+03:00");
    // The text is kept exactly as it was received.
    assert_eq!(date.to_string(), "2016-04-08T10:27:22.0296925+03:00");
}

#[test]
fn optional_fields_are_left_out() {
    let body = transaction::types::CaptureRequest {
        reference_no: Some("R1".into()),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_string(&body).unwrap(),
        r#"{"reference_no":"R1"}"#
    );
    let body = softpos::types::InitSaleRequest::default();
    assert_eq!(serde_json::to_string(&body).unwrap(), "{}");
}

#[test]
fn lenient_fields_read_every_form_seen_on_the_wire() {
    let t: transaction::types::Transaction = serde_json::from_str(
        r#"{"code":"0","transaction_type":" 4 ","pos_type":5,"xact_date":"2015-12-04T18:14:28.377",
            "amount":19.2104,"net_amount":"56.55","is_succeed":"True","is_tds":0,"instalment":"3",
            "bank_error_id":5,"currency":"TL","email":"","unknown_field":{"nested":[1,2]}}"#,
    )
    .unwrap();
    assert_eq!(t.code.and_then(|c| c.get()), Some(0));
    assert_eq!(t.transaction_type.and_then(|c| c.get()), Some(4));
    assert_eq!(t.pos_type.and_then(|c| c.get()), Some(5));
    assert_eq!(t.amount.and_then(|d| d.get()), Some(dec("19.2104").0));
    assert_eq!(t.net_amount.and_then(|d| d.get()), Some(dec("56.55").0));
    assert_eq!(t.is_succeed.and_then(|b| b.get()), Some(true));
    assert_eq!(t.is_tds.and_then(|b| b.get()), Some(false));
    assert_eq!(t.instalment.and_then(|n| n.get()), Some(3));
    assert_eq!(t.bank_error_id.as_ref().map(LenientText::as_str), Some("5"));
    assert_eq!(t.currency.as_ref().map(LenientText::as_str), Some("TL"));
    assert!(t.email.as_ref().is_some_and(LenientText::is_blank));
    assert!(matches!(
        t.xact_date.as_ref().map(Timestamp::value),
        Some(TimestampValue::Local(_))
    ));

    let t: transaction::types::Transaction =
        serde_json::from_str(r#"{"xact_date":"0001-01-01T00:00:00"}"#).unwrap();
    assert_eq!(
        t.xact_date.as_ref().map(Timestamp::value),
        Some(&TimestampValue::NoDate)
    );
}

#[tokio::test]
async fn softpos_400_error_body_is_a_typed_error() {
    let server = MockServer::start_async().await;
    server.init_sale(|_, then| {
        then.bad_request(&softpos::types::ErrorResponse {
            object_name: Some("error".into()),
            code: Some(7.into()),
            message: Some("Session key geçersiz".into()),
        });
    });
    let err = softpos_client(&server)
        .init_sale(SESSION, &Default::default())
        .await
        .unwrap_err();
    let Error::ErrorResponse(body) = err else {
        panic!("{err:?}")
    };
    assert_eq!(body.status().as_u16(), 400);
    assert_eq!(body.code.as_ref().and_then(|c| c.get()), Some(7));
    assert_eq!(
        body.message.as_ref().map(LenientText::as_str),
        Some("Session key geçersiz")
    );
}

#[tokio::test]
async fn capture_401_error_body_is_a_typed_error() {
    let server = MockServer::start_async().await;
    server.capture(|_, then| {
        then.into_inner()
            .status(401)
            .header("content-type", "application/json")
            .body(r#"{"type":"authorization_error","message":"Geçersiz API anahtarı","code":401,"result_code":7}"#);
    });
    let err = capture_client(&server)
        .capture(&Default::default())
        .await
        .unwrap_err();
    let Error::ErrorResponse(body) = err else {
        panic!("{err:?}")
    };
    assert_eq!(body.status().as_u16(), 401);
    assert_eq!(
        body.type_.as_ref().map(LenientText::as_str),
        Some("authorization_error")
    );
    assert_eq!(body.code.as_ref().and_then(|c| c.get()), Some(401));
    assert_eq!(body.result_code.as_ref().and_then(|c| c.get()), Some(7));
}

#[tokio::test]
async fn oversized_bodies_are_dropped() {
    let server = MockServer::start_async().await;
    server.capture(|_, then| {
        then.into_inner()
            .status(200)
            .body(format!(r#"{{"message":"{}"}}"#, "x".repeat(4096)));
    });
    let auth = HeaderValue::from_static("Basic k");
    let client = transaction::Client::new_with_client(
        &server.base_url(),
        paynet_api::reqwest::Client::new(),
        CallContext::new()
            .with_authorization(auth)
            .with_body_limit(1024),
    );
    let err = client.capture(&Default::default()).await.unwrap_err();
    assert!(matches!(err, Error::InvalidResponsePayload(..)), "{err:?}");
}

#[test]
fn call_context_debug_hides_the_credential() {
    let auth = HeaderValue::from_str(&format!("Basic {SECRET}")).unwrap();
    let ctx = CallContext::new().with_authorization(auth);
    let debug = format!("{ctx:?}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(debug.contains("[redacted]"), "{debug}");
}
