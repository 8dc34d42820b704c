//! [`Endpoint`] against a mock Paynet (httpmock): what goes on the wire, and how every kind of
//! answer (or lack of one) becomes an outcome or an [`Error`].

#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use httpmock::{Method::POST, MockServer};
use paynet_domain::{
    CaptureOutcome, CaptureRequest, Endpoint, Error, ErrorType, InitSaleRequest, Operation,
    Rejection, ResultCode, SecretKey, SessionKey, TransactionRef, TransactionType,
};
use rust_decimal::Decimal;
use serde_json::json;

const SECRET: &str = "sck_pcs_jECRyoZq0khnsV9elaF/SIBVvxQI+bIW";
const SESSION: &str = "ssk_5f3c2a1+0b9e/4c7d8e6f1a2b3c4d5e6f==";
const ENCRYPTION: &str = "enc_q8Xv+0aZ/1b2c3d4e5f6g7h8i9j0==";

const CAPTURE_PATH: &str = "/v1/transaction/capture";
const INIT_SALE_PATH: &str = "/v1/softpos/init_sale_transaction";

/// A capture answer in the seed's form; `{is_succeed}`, `{code}` and the bank error are filled in.
fn transaction_body(is_succeed: &str, code: &str, bank_error_id: &str) -> String {
    format!(
        r#"{{
"xact_id": "xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oKyavBUO0Rbe7WKYXG",
"xact_date": "2016-04-08T10:27:22.0296925+03:00",
"transaction_type": 4,
"pos_type": 5,
"is_tds": true,
"agent_id": "20005",
"user_id": "cardholder",
"email": "",
"phone": "",
"bank_id": "AXSS",
"instalment": 3,
"ratio": 0.04,
"card_no_masked": "435508******4358",
"card_holder": "GJH",
"amount": 0,
"net_amount": 56.55,
"comission": 2.37,
"comission_tax": 0.43,
"currency": "TRY",
"authorization_code": "aut-8229",
"reference_code": "ref-8229",
"order_id": "order-8229",
"is_succeed": {is_succeed},
"paynet_error_id": "",
"paynet_error_message": "",
"bank_error_id": "{bank_error_id}",
"bank_error_message": "{bank_message}",
"bank_error_short_desc": "",
"bank_error_long_desc": "",
"object_name": "transaction",
"code": {code},
"message": "Başarılı İşlem"
}}"#,
        bank_message = if bank_error_id.is_empty() {
            ""
        } else {
            "Red - Onaylanmadı"
        },
    )
}

fn approved_body() -> String {
    transaction_body("true", "0", "")
}

fn secret() -> SecretKey {
    SecretKey::new(SECRET).unwrap()
}

fn session() -> SessionKey {
    SessionKey::new(SESSION).unwrap()
}

fn endpoint(server: &MockServer) -> Endpoint {
    Endpoint::new(server.base_url(), paynet_api::reqwest::Client::new())
}

fn capture_request() -> CaptureRequest {
    CaptureRequest::partial(
        TransactionRef::reference_no("ORDER-1").unwrap(),
        "10.00".parse().unwrap(),
    )
}

fn sale_request() -> InitSaleRequest {
    InitSaleRequest::builder("149.90".parse().unwrap())
        .instalment(3)
        .reference_no("ORDER-7")
        .callback_url("myshop://paypos/return")
        .build()
        .unwrap()
}

/// Serves `status` and `body` (as JSON) to any POST on `path`.
async fn serve<'a>(
    server: &'a MockServer,
    path: &str,
    status: u16,
    body: &str,
) -> httpmock::Mock<'a> {
    let body = body.to_owned();
    server
        .mock_async(|when, then| {
            when.method(POST).path(path);
            then.status(status)
                .header("content-type", "application/json")
                .body(body);
        })
        .await
}

async fn capture_with(status: u16, body: &str) -> Result<CaptureOutcome, Error> {
    let server = MockServer::start_async().await;
    let mock = serve(&server, CAPTURE_PATH, status, body).await;
    let result = endpoint(&server)
        .capture(&secret(), &capture_request())
        .await;
    assert_eq!(mock.calls_async().await, 1, "sent exactly once");
    result
}

async fn init_sale_with(status: u16, body: &str) -> Result<paynet_domain::SaleSession, Error> {
    let server = MockServer::start_async().await;
    let mock = serve(&server, INIT_SALE_PATH, status, body).await;
    let result = endpoint(&server)
        .init_sale(&session(), &sale_request())
        .await;
    assert_eq!(mock.calls_async().await, 1, "sent exactly once");
    result
}

fn rejection(e: Error) -> Rejection {
    match e {
        Error::Rejected(r) => *r,
        other => panic!("expected Rejected, got {other:?}"),
    }
}

/// `(operation, status, reason, excerpt)` of an [`Error::InvalidResponse`].
fn invalid(e: Error) -> (Operation, Option<u16>, String, String) {
    match e {
        Error::InvalidResponse {
            operation,
            status,
            reason,
            excerpt,
        } => (operation, status, reason, excerpt),
        other => panic!("expected InvalidResponse, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// The wire.

#[tokio::test]
async fn capture_sends_the_raw_secret_key_and_no_api_version() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(CAPTURE_PATH)
                .header("authorization", format!("Basic {SECRET}"))
                .header("content-type", "application/json")
                .header_missing("api-version")
                .header_missing("session-key")
                .body_includes(r#""amount":"1000""#)
                .json_body(json!({"reference_no": "ORDER-1", "amount": "1000"}));
            then.status(200)
                .header("content-type", "application/json")
                .body(approved_body());
        })
        .await;
    let outcome = endpoint(&server)
        .capture(&secret(), &capture_request())
        .await
        .unwrap();
    mock.assert_async().await;
    assert!(outcome.is_approved());
}

#[tokio::test]
async fn a_full_capture_sends_no_amount() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(CAPTURE_PATH)
                .json_body(json!({"xact_id": "xk_EAAAANFhOW7*W3u/ISj"}));
            then.status(200).body(approved_body());
        })
        .await;
    let request = CaptureRequest::full(TransactionRef::xact_id("xk_EAAAANFhOW7*W3u/ISj").unwrap());
    endpoint(&server)
        .capture(&secret(), &request)
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn init_sale_sends_the_session_key_and_an_exact_amount() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(INIT_SALE_PATH)
                .header("session-key", SESSION)
                .header("content-type", "application/json")
                .header_missing("authorization")
                .header_missing("api-version")
                .body_includes(r#""amount":149.90"#)
                .body_includes(r#""instalment":3"#)
                .body_includes(r#""reference_no":"ORDER-7""#)
                .body_includes(r#""callback_url":"myshop://paypos/return""#);
            then.status(200)
                .header("content-type", "application/json")
                .body(
                    json!({
                        "payment_session_id": "ps_123",
                        "deeplink_url": "paypos://sale?session=ps_123",
                        "encryption_key": ENCRYPTION,
                        "object_name": "init_sale",
                        "code": 0,
                        "message": "Başarılı"
                    })
                    .to_string(),
                );
        })
        .await;
    let session = endpoint(&server)
        .init_sale(&session(), &sale_request())
        .await
        .unwrap();
    mock.assert_async().await;

    assert_eq!(session.payment_session_id, "ps_123");
    assert_eq!(session.deeplink_url, "paypos://sale?session=ps_123");
    assert_eq!(session.result_code, ResultCode::Successful);
    assert_eq!(session.message.as_deref(), Some("Başarılı"));
    let key = session.encryption_key.as_ref().unwrap();
    assert_eq!(key.expose_secret(), ENCRYPTION);
    let debug = format!("{session:?}");
    assert!(!debug.contains(ENCRYPTION), "{debug}");
    assert!(debug.contains("[redacted]"), "{debug}");
    assert!(debug.contains("ps_123"), "{debug}");
}

#[tokio::test]
async fn a_trailing_slash_in_the_base_url_is_ignored() {
    let server = MockServer::start_async().await;
    let mock = serve(&server, CAPTURE_PATH, 200, &approved_body()).await;
    let endpoint = Endpoint::new(
        format!("{}/", server.base_url()),
        paynet_api::reqwest::Client::new(),
    );
    assert_eq!(endpoint.base_url(), server.base_url());
    endpoint
        .capture(&secret(), &capture_request())
        .await
        .unwrap();
    mock.assert_async().await;
}

// ---------------------------------------------------------------------------------------------
// Capture outcomes.

#[tokio::test]
async fn an_approved_capture() {
    let outcome = capture_with(200, &approved_body()).await.unwrap();
    let CaptureOutcome::Approved {
        transaction,
        replayed,
    } = &outcome
    else {
        panic!("{outcome:?}")
    };
    assert!(!replayed);
    assert_eq!(transaction.result_code, Some(ResultCode::Successful));
    assert_eq!(transaction.transaction_type, Some(TransactionType::Capture));
    assert_eq!(
        transaction.net_amount.unwrap().value(),
        Decimal::from_str_exact("56.55").unwrap()
    );
    assert_eq!(transaction.bank_error, None);
    assert_eq!(
        outcome.transaction().order_id.as_deref(),
        Some("order-8229")
    );
}

#[tokio::test]
async fn result_code_100_is_an_approved_replay() {
    let outcome = capture_with(200, &transaction_body("true", "100", ""))
        .await
        .unwrap();
    assert!(
        matches!(outcome, CaptureOutcome::Approved { replayed: true, .. }),
        "{outcome:?}"
    );
    assert_eq!(
        outcome.transaction().result_code,
        Some(ResultCode::OldSuccessful)
    );

    // Also with the code as a string.
    let outcome = capture_with(200, &transaction_body("true", "\"100\"", ""))
        .await
        .unwrap();
    assert!(
        matches!(outcome, CaptureOutcome::Approved { replayed: true, .. }),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn a_bank_decline_is_an_outcome_not_an_error() {
    for code in ["0", "1"] {
        let outcome = capture_with(200, &transaction_body("false", code, "05"))
            .await
            .unwrap();
        let CaptureOutcome::Declined { transaction } = &outcome else {
            panic!("{outcome:?}")
        };
        assert!(!outcome.is_approved());
        assert_eq!(transaction.is_succeed, Some(false));
        let bank = transaction.bank_error.as_ref().unwrap();
        assert_eq!(bank.id.as_deref(), Some("05"));
        assert_eq!(bank.message.as_deref(), Some("Red - Onaylanmadı"));
        assert_eq!(bank.short_desc, None);
    }
}

#[tokio::test]
async fn a_non_success_code_without_a_bank_error_is_a_rejection() {
    let mut body = transaction_body("false", "12", "");
    body = body.replace("Başarılı İşlem", "Kayıt bulunamadı");
    let e = capture_with(200, &body).await.unwrap_err();
    assert_eq!(e.http_status(), Some(200));
    assert_eq!(e.result_code(), Some(ResultCode::NoData));
    assert!(!e.is_not_sent());
    let r = rejection(e);
    assert_eq!(r.operation, Operation::Capture);
    assert_eq!(r.status, 200);
    assert_eq!(r.code, Some(ResultCode::NoData));
    assert_eq!(r.message.as_deref(), Some("Kayıt bulunamadı"));
    assert_eq!(r.error_type, None);
}

#[tokio::test]
async fn a_refusal_without_a_message_keeps_paynets_error_message() {
    let body = r#"{"is_succeed":false,"code":1,"paynet_error_id":"P1","paynet_error_message":"Limit aşıldı","message":""}"#;
    let r = rejection(capture_with(200, body).await.unwrap_err());
    assert_eq!(r.status, 200);
    assert_eq!(r.code, Some(ResultCode::Unsuccessful));
    assert_eq!(r.message.as_deref(), Some("Limit aşıldı"));
}

#[tokio::test]
async fn a_refusal_keeps_both_the_message_and_paynets_reason() {
    let body = r#"{"is_succeed":false,"code":1,"paynet_error_id":"P1","paynet_error_message":"Tutar kalan tutardan büyük","message":"Başarısız İşlem"}"#;
    let r = rejection(capture_with(200, body).await.unwrap_err());
    assert_eq!(
        r.message.as_deref(),
        Some("Başarısız İşlem: Tutar kalan tutardan büyük")
    );
}

#[tokio::test]
async fn is_succeed_true_with_a_failure_code_is_an_invalid_response() {
    let e = capture_with(200, &transaction_body("true", "1", ""))
        .await
        .unwrap_err();
    let (operation, status, reason, _) = invalid(e);
    assert_eq!(operation, Operation::Capture);
    assert_eq!(status, Some(200));
    assert!(reason.contains("is_succeed"), "{reason}");
}

#[tokio::test]
async fn a_401_in_paynets_error_shape_is_a_rejection() {
    let body = json!({
        "type": "authorization_error",
        "message": "Geçersiz API anahtarı",
        "code": 401,
        "result_code": 7
    });
    let e = capture_with(401, &body.to_string()).await.unwrap_err();
    let text = e.to_string();
    let r = rejection(e);
    assert_eq!(r.operation, Operation::Capture);
    assert_eq!(r.status, 401);
    assert_eq!(r.code, Some(ResultCode::Unauthorized));
    assert_eq!(r.code.unwrap().as_i64(), 7);
    assert_eq!(r.error_type, Some(ErrorType::AuthorizationError));
    assert_eq!(r.message.as_deref(), Some("Geçersiz API anahtarı"));
    assert!(
        text.starts_with("Paynet refused capture (HTTP 401, result code 7"),
        "{text}"
    );
}

#[tokio::test]
async fn codes_sent_as_strings_in_an_error_body_are_read() {
    let body = r#"{"type":"no_data_error","message":"Kayıt yok","code":"404","result_code":"12"}"#;
    let r = rejection(capture_with(404, body).await.unwrap_err());
    assert_eq!(r.status, 404);
    assert_eq!(r.code, Some(ResultCode::NoData));
    assert_eq!(r.error_type, Some(ErrorType::NoDataError));
}

#[tokio::test]
async fn a_500_json_error_is_a_rejection() {
    let body = r#"{"type":"api_error","message":"Sunucu hatası","code":500,"result_code":8}"#;
    let r = rejection(capture_with(500, body).await.unwrap_err());
    assert_eq!(r.status, 500);
    assert_eq!(r.code, Some(ResultCode::ServerError));
    assert_eq!(r.error_type, Some(ErrorType::ApiError));
}

#[tokio::test]
async fn a_500_html_page_is_an_invalid_response() {
    let body = "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>nginx</body></html>";
    let e = capture_with(500, body).await.unwrap_err();
    assert_eq!(e.http_status(), Some(500));
    let (operation, status, reason, excerpt) = invalid(e);
    assert_eq!(operation, Operation::Capture);
    assert_eq!(status, Some(500));
    assert!(excerpt.starts_with("<html"), "{excerpt}");
    assert!(excerpt.contains("500 Internal Server Error"), "{excerpt}");
    assert!(
        !excerpt.contains('\n') && !excerpt.contains('\r'),
        "{excerpt:?}"
    );
    assert!(reason.contains("not JSON"), "{reason}");
}

#[tokio::test]
async fn a_502_with_an_empty_body_is_an_invalid_response() {
    let e = capture_with(502, "").await.unwrap_err();
    let (_, status, reason, excerpt) = invalid(e);
    assert_eq!(status, Some(502));
    assert!(reason.contains("empty"), "{reason}");
    assert_eq!(excerpt, "");
}

#[tokio::test]
async fn truncated_json_is_an_invalid_response() {
    let body = approved_body();
    let cut = &body[..body.find("\"currency\"").unwrap()];
    let e = capture_with(200, cut).await.unwrap_err();
    let (operation, status, reason, excerpt) = invalid(e);
    assert_eq!(operation, Operation::Capture);
    assert_eq!(status, Some(200));
    assert!(reason.contains("truncated"), "{reason}");
    assert!(excerpt.starts_with("{\"xact_id\""), "{excerpt}");
}

#[tokio::test]
async fn a_json_array_is_an_invalid_response() {
    let body = format!("[{}]", approved_body());
    let e = capture_with(200, &body).await.unwrap_err();
    let (_, status, reason, excerpt) = invalid(e);
    assert_eq!(status, Some(200));
    assert!(reason.contains("unexpected shape"), "{reason}");
    assert!(excerpt.starts_with('['), "{excerpt}");
}

#[tokio::test]
async fn a_transaction_without_is_succeed_is_an_invalid_response() {
    let body = approved_body().replace("\"is_succeed\": true,\n", "");
    assert!(!body.contains("is_succeed"));
    let e = capture_with(200, &body).await.unwrap_err();
    let (_, status, reason, _) = invalid(e);
    assert_eq!(status, Some(200));
    assert!(reason.contains("is_succeed"), "{reason}");
}

#[tokio::test]
async fn a_foreign_currency_is_an_invalid_response() {
    let body = approved_body().replace("\"TRY\"", "\"USD\"");
    let e = capture_with(200, &body).await.unwrap_err();
    let (operation, status, reason, _) = invalid(e);
    assert_eq!(operation, Operation::Capture);
    assert_eq!(status, Some(200));
    assert!(reason.contains("USD"), "{reason}");
}

#[tokio::test]
async fn a_body_over_the_limit_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    let body = approved_body();
    assert!(body.len() > 200);
    let mock = serve(&server, CAPTURE_PATH, 200, &body).await;
    let e = endpoint(&server)
        .with_body_limit(200)
        .capture(&secret(), &capture_request())
        .await
        .unwrap_err();
    mock.assert_async().await;
    let (_, status, reason, excerpt) = invalid(e);
    assert_eq!(status, Some(200));
    assert!(reason.contains("200-byte limit"), "{reason}");
    assert!(excerpt.starts_with("{\"xact_id\""), "{excerpt}");

    // The same body under a limit it fits in is read.
    endpoint(&server)
        .with_body_limit(body.len())
        .capture(&secret(), &capture_request())
        .await
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// init_sale outcomes.

#[tokio::test]
async fn init_sale_with_result_code_100_is_a_session() {
    let body = json!({
        "payment_session_id": "ps_9",
        "deeplink_url": "paypos://sale?session=ps_9",
        "code": 100,
        "message": "Daha önce başarılı"
    });
    let session = init_sale_with(200, &body.to_string()).await.unwrap();
    assert_eq!(session.result_code, ResultCode::OldSuccessful);
    assert!(session.encryption_key.is_none());
}

#[tokio::test]
async fn init_sale_200_with_a_failure_code_is_a_rejection() {
    let body = json!({"object_name": "init_sale", "code": 7, "message": "Yetkisiz"});
    let e = init_sale_with(200, &body.to_string()).await.unwrap_err();
    let r = rejection(e);
    assert_eq!(r.operation, Operation::InitSale);
    assert_eq!(r.status, 200);
    assert_eq!(r.code, Some(ResultCode::Unauthorized));
    assert_eq!(r.message.as_deref(), Some("Yetkisiz"));
}

#[tokio::test]
async fn init_sale_200_without_a_deeplink_is_an_invalid_response() {
    let body = json!({"payment_session_id": "ps_1", "code": 0, "message": "Başarılı"});
    let e = init_sale_with(200, &body.to_string()).await.unwrap_err();
    let (operation, status, reason, _) = invalid(e);
    assert_eq!(operation, Operation::InitSale);
    assert_eq!(status, Some(200));
    assert!(reason.contains("deeplink_url"), "{reason}");

    // A blank deeplink is none either.
    let body = json!({"payment_session_id": "ps_1", "deeplink_url": " ", "code": 0});
    let e = init_sale_with(200, &body.to_string()).await.unwrap_err();
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
}

#[tokio::test]
async fn a_softpos_400_in_the_paypos_shape_is_a_rejection() {
    let body = json!({"object_name": "error", "code": 11, "message": "Tutar hatalı"});
    let e = init_sale_with(400, &body.to_string()).await.unwrap_err();
    let r = rejection(e);
    assert_eq!(r.operation, Operation::InitSale);
    assert_eq!(r.status, 400);
    assert_eq!(r.code, Some(ResultCode::BadRequest));
    assert_eq!(r.message.as_deref(), Some("Tutar hatalı"));
    assert_eq!(r.error_type, None);
}

#[tokio::test]
async fn a_softpos_400_in_paynets_shape_does_not_read_the_status_as_a_result_code() {
    // Decoded through the verbatim SoftPOS error schema, which has no `type` or `result_code`:
    // `code` is the HTTP status here and must not become result code 400.
    let body = json!({
        "type": "invalid_request_error",
        "message": "Eksik alan",
        "code": 400,
        "result_code": 11
    });
    let r = rejection(init_sale_with(400, &body.to_string()).await.unwrap_err());
    assert_eq!(r.status, 400);
    assert_eq!(r.code, None);
    assert_eq!(r.message.as_deref(), Some("Eksik alan"));
}

#[tokio::test]
async fn a_softpos_400_with_a_string_code_is_still_a_rejection() {
    // The spec says integer; Paynet's clients see strings too.
    let body = json!({"object_name": "error", "code": "11", "message": "Tutar hatalı"});
    let r = rejection(init_sale_with(400, &body.to_string()).await.unwrap_err());
    assert_eq!(r.status, 400);
    assert_eq!(r.code, Some(ResultCode::BadRequest));
    assert_eq!(r.message.as_deref(), Some("Tutar hatalı"));
}

#[tokio::test]
async fn an_unreadable_200_to_a_capture_needs_reconciliation() {
    let e = capture_with(200, "{\"xact_id\": \"xk_1\", \"amount\": ")
        .await
        .unwrap_err();
    assert!(e.needs_reconciliation(), "{e:?}");
    assert!(!e.is_outcome_unknown());
    let e = init_sale_with(200, "{\"payment_session_id\": ")
        .await
        .unwrap_err();
    assert!(
        !e.needs_reconciliation(),
        "starting a sale moves no money: {e:?}"
    );
    let e = capture_with(500, "<html>oops</html>").await.unwrap_err();
    assert!(!e.needs_reconciliation(), "{e:?}");
}

#[tokio::test]
async fn a_softpos_403_in_paynets_shape_is_a_rejection() {
    // 403 is not documented for PayPOS calls; the body is in the `{type, ...}` shape.
    let body = json!({
        "type": "authorization_error",
        "message": "Oturum geçersiz",
        "code": 403,
        "result_code": 13
    });
    let e = init_sale_with(403, &body.to_string()).await.unwrap_err();
    let r = rejection(e);
    assert_eq!(r.status, 403);
    assert_eq!(r.code, Some(ResultCode::PaynetjNoSession));
    assert_eq!(r.error_type, Some(ErrorType::AuthorizationError));
    assert_eq!(r.message.as_deref(), Some("Oturum geçersiz"));
}

#[tokio::test]
async fn a_softpos_502_html_page_is_an_invalid_response() {
    let e = init_sale_with(502, "<html><body>Bad Gateway</body></html>")
        .await
        .unwrap_err();
    let (operation, status, _, excerpt) = invalid(e);
    assert_eq!(operation, Operation::InitSale);
    assert_eq!(status, Some(502));
    assert!(excerpt.starts_with("<html"), "{excerpt}");
}

#[tokio::test]
async fn a_softpos_body_over_the_limit_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    let body = format!("<html><body>{}</body></html>", "x".repeat(5000));
    let mock = serve(&server, INIT_SALE_PATH, 403, &body).await;
    let e = endpoint(&server)
        .with_body_limit(1000)
        .init_sale(&session(), &sale_request())
        .await
        .unwrap_err();
    mock.assert_async().await;
    let (_, status, reason, excerpt) = invalid(e);
    assert_eq!(status, Some(403));
    assert!(reason.contains("1000-byte limit"), "{reason}");
    assert!(excerpt.starts_with("<html"), "{excerpt}");
}

// ---------------------------------------------------------------------------------------------
// No answer.

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let endpoint = Endpoint::new(
        format!("http://127.0.0.1:{port}"),
        paynet_api::reqwest::Client::new(),
    );

    let e = endpoint
        .capture(&secret(), &capture_request())
        .await
        .unwrap_err();
    assert!(
        matches!(
            &e,
            Error::Transport {
                operation: Operation::Capture,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.is_not_sent());
    assert!(!e.is_outcome_unknown());
    assert_eq!(e.http_status(), None);
    assert!(std::error::Error::source(&e).is_some());

    let e = endpoint
        .init_sale(&session(), &sale_request())
        .await
        .unwrap_err();
    assert!(
        matches!(
            &e,
            Error::Transport {
                operation: Operation::InitSale,
                ..
            }
        ),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_timeout_after_sending_leaves_the_outcome_unknown() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path(CAPTURE_PATH);
            then.status(200)
                .body(approved_body())
                .delay(Duration::from_secs(5));
        })
        .await;
    let started = Instant::now();
    let e = endpoint(&server)
        .with_timeout(Duration::from_secs(1))
        .capture(&secret(), &capture_request())
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the timeout applied"
    );
    assert_eq!(
        mock.calls_async().await,
        1,
        "the request reached the server"
    );

    assert!(e.is_outcome_unknown());
    assert!(!e.is_not_sent());
    let text = e.to_string();
    let Error::OutcomeUnknown {
        operation,
        reference,
        reason,
        source,
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(*operation, Operation::Capture);
    assert!(operation.moves_money());
    assert_eq!(reference.as_deref(), Some("reference_no=ORDER-1"));
    assert!(reason.contains("timed out"), "{reason}");
    assert!(source.is_some());
    assert!(text.contains("reference_no=ORDER-1"), "{text}");
}

#[tokio::test]
async fn an_init_sale_timeout_names_its_reference() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path(INIT_SALE_PATH);
            then.status(200).body("{}").delay(Duration::from_secs(5));
        })
        .await;
    let e = endpoint(&server)
        .with_timeout(Duration::from_secs(1))
        .init_sale(&session(), &sale_request())
        .await
        .unwrap_err();
    let Error::OutcomeUnknown {
        operation,
        reference,
        ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(*operation, Operation::InitSale);
    assert_eq!(reference.as_deref(), Some("reference_no=ORDER-7"));
}

#[tokio::test]
async fn an_opened_session_keeps_its_message_without_the_new_key() {
    let server = MockServer::start_async().await;
    let new_key = "ssk_issued+key/0123456789abcdef";
    let body = json!({
        "session_key": new_key,
        "expired_date": "2026-11-23T10:00:00",
        "agent_id": "20005",
        "code": 0,
        "message": format!("Oturum açıldı: {new_key}")
    });
    let mock = serve(&server, "/v1/agent/get_auth_key", 200, &body.to_string()).await;
    let session = endpoint(&server)
        .open_session(&secret(), "20005", "cashier")
        .await
        .unwrap();
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(session.session_key.expose_secret(), new_key);
    assert_eq!(
        session.message.as_deref(),
        Some("Oturum açıldı: [redacted]")
    );
    assert_eq!(
        session.expires_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-11-23T10:00:00+03:00")
    );
    let debug = format!("{session:?}");
    assert!(!debug.contains(new_key), "{debug}");
}
