//! The fault suite: both operations (`Client::capture` and `PayPos::start_sale`) end to end
//! through the facade, against httpmock (through the generated typed helpers, `into_inner()` to
//! deviate from the spec) and, for what httpmock cannot do, raw TCP servers on loopback.
//!
//! Every test asserts the exact outcome or error variant and its key fields, and prints the result
//! (`Display`, `Debug`, source chain) to check that nothing panics and no key shows.
//!
//! What the SDK does with the content type: nothing. It judges an answer by its status and body,
//! so valid JSON sent as `text/plain` is read normally, and an HTML page is an
//! `Error::InvalidResponse` whatever its content type says.

mod common;

use common::*;
use httpmock::{Mock, MockServer};
use paynet::raw::paynet_transaction::types::{self as tx_wire, LenientInteger};
use paynet::raw::paypos_softpos::types as softpos_wire;
use paynet::raw::wire::JsonDecimal;
use paynet::{
    BankId, CallOptions, CaptureOutcome, Error, ErrorType, Operation, PosType, ResultCode,
    RetryPolicy, SaleSession, TransactionType,
};
use paynet_httpmock::paynet_transaction::MockServerExt as _;
use paynet_httpmock::paynet_transaction::operations::CaptureThen;
use paynet_httpmock::paypos_softpos::MockServerExt as _;
use paynet_httpmock::paypos_softpos::operations::InitSaleThen;
use serde_json::json;

// ---------------------------------------------------------------------------------------------
// Helpers.

/// A capture mock that requires the secret key, answering with `then`.
fn capture_mock<'a>(server: &'a MockServer, then: impl FnOnce(CaptureThen)) -> Mock<'a> {
    server.capture(|when, t| {
        when.into_inner().header("authorization", AUTHORIZATION);
        then(t);
    })
}

/// An init_sale mock that requires the session key, answering with `then`.
fn sale_mock<'a>(server: &'a MockServer, then: impl FnOnce(InitSaleThen)) -> Mock<'a> {
    server.init_sale(|when, t| {
        when.session_key(SESSION);
        then(t);
    })
}

async fn capture(base_url: &str) -> Result<CaptureOutcome, Error> {
    client(base_url).capture(&capture_request()).await
}

async fn start_sale(base_url: &str) -> Result<SaleSession, Error> {
    client(base_url)
        .paypos(session_key())
        .start_sale(&sale_request())
        .await
}

#[track_caller]
fn approved(outcome: CaptureOutcome) -> (paynet::Transaction, bool) {
    match outcome {
        CaptureOutcome::Approved {
            transaction,
            replayed,
        } => (*transaction, replayed),
        other => panic!("expected an approved capture, got {other:?}"),
    }
}

/// The seed transaction with some fields replaced.
fn transaction_json(changes: serde_json::Value) -> String {
    let mut map = seed_transaction_json();
    if let serde_json::Value::Object(changes) = changes {
        map.extend(changes);
    }
    serde_json::Value::Object(map).to_string()
}

// ---------------------------------------------------------------------------------------------
// Success.

#[tokio::test]
async fn capture_success() {
    let server = MockServer::start_async().await;
    let mock = server.capture(|when, then| {
        when.body(&tx_wire::CaptureRequest {
            reference_no: Some(CAPTURE_REFERENCE.into()),
            amount: Some("1050".parse().expect("kuruş")),
            ..Default::default()
        })
        .into_inner()
        .header("authorization", AUTHORIZATION)
        .header("content-type", "application/json");
        then.ok(&seed_transaction());
    });
    let (t, replayed) = approved(ok(capture(&server.base_url()).await));
    assert!(!replayed);
    assert_eq!(t.result_code, Some(ResultCode::Successful));
    assert_eq!(t.is_succeed, Some(true));
    assert_eq!(
        t.xact_id.as_deref(),
        Some("xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oKyavBUO0Rbe7WKYXG")
    );
    assert_eq!(t.transaction_type, Some(TransactionType::Capture));
    assert_eq!(t.pos_type, Some(PosType::PaynetPos));
    assert_eq!(t.bank_id, Some(BankId::new("AXSS")));
    assert_eq!(
        t.net_amount.map(|a| a.value().to_string()).as_deref(),
        Some("56.55")
    );
    assert_eq!(
        t.amount.map(|a| a.value().to_string()).as_deref(),
        Some("0")
    );
    assert_eq!(t.bank_error, None);
    assert_eq!(t.message.as_deref(), Some("Başarılı İşlem"));
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn start_sale_success() {
    let server = MockServer::start_async().await;
    let mock = server.init_sale(|when, then| {
        when.session_key(SESSION)
            .body(&softpos_wire::InitSaleRequest {
                amount: Some(JsonDecimal("149.90".parse().expect("decimal"))),
                reference_no: Some(SALE_REFERENCE.into()),
                callback_url: Some("myshop://paypos/return".into()),
                ..Default::default()
            })
            .into_inner()
            .header("content-type", "application/json");
        then.ok(&sale_response(0));
    });
    let session = ok(start_sale(&server.base_url()).await);
    assert_eq!(session.payment_session_id, "ps_9f8e7d6c5b4a");
    assert_eq!(
        session.deeplink_url,
        "paypos://sale?payment_session_id=ps_9f8e7d6c5b4a"
    );
    assert_eq!(
        session.encryption_key.as_ref().map(|k| k.expose_secret()),
        Some(ENCRYPTION)
    );
    assert_eq!(session.result_code, ResultCode::Successful);
    assert_eq!(session.message.as_deref(), Some("Başarılı"));
    assert_eq!(mock.calls_async().await, 1);
}

// ---------------------------------------------------------------------------------------------
// Result code 100: an earlier success with the same reference_no, returned again.

#[tokio::test]
async fn capture_result_code_100_is_a_replayed_approval() {
    let server = MockServer::start_async().await;
    capture_mock(&server, |then| {
        then.ok(&tx_wire::Transaction {
            code: Some(LenientInteger::Integer(100)),
            message: Some("Bu referans numarası ile daha önce başarılı işlem yapılmış".into()),
            ..seed_transaction()
        });
    });
    let (t, replayed) = approved(ok(capture(&server.base_url()).await));
    assert!(replayed);
    assert_eq!(t.result_code, Some(ResultCode::OldSuccessful));
    assert_eq!(t.is_succeed, Some(true));
}

#[tokio::test]
async fn capture_result_code_100_as_a_string_is_read_too() {
    let server = MockServer::start_async().await;
    let body = transaction_json(json!({"code": "100"}));
    capture_mock(&server, |then| {
        raw(200, "application/json", &body)(then.into_inner())
    });
    let (t, replayed) = approved(ok(capture(&server.base_url()).await));
    assert!(replayed);
    assert_eq!(t.result_code, Some(ResultCode::OldSuccessful));
}

#[tokio::test]
async fn start_sale_result_code_100_is_a_session() {
    let server = MockServer::start_async().await;
    sale_mock(&server, |then| {
        then.ok(&sale_response(100));
    });
    let session = ok(start_sale(&server.base_url()).await);
    assert_eq!(session.result_code, ResultCode::OldSuccessful);
    assert_eq!(session.payment_session_id, "ps_9f8e7d6c5b4a");
}

// ---------------------------------------------------------------------------------------------
// HTTP 200 with a non-zero result code.

#[tokio::test]
async fn capture_http_200_with_a_non_zero_code_is_rejected() {
    let server = MockServer::start_async().await;
    capture_mock(&server, |then| {
        then.ok(&tx_wire::Transaction {
            code: Some(LenientInteger::Integer(12)),
            message: Some("Kayıt bulunamadı".into()),
            object_name: Some("transaction".into()),
            ..Default::default()
        });
    });
    let r = rejection(capture(&server.base_url()).await, Operation::Capture);
    assert_eq!(r.status, 200);
    assert_eq!(r.code, Some(ResultCode::NoData));
    assert_eq!(r.message.as_deref(), Some("Kayıt bulunamadı"));
    assert_eq!(r.error_type, None);
}

#[tokio::test]
async fn start_sale_http_200_with_a_non_zero_code_is_rejected() {
    let server = MockServer::start_async().await;
    sale_mock(&server, |then| {
        then.ok(&softpos_wire::InitSaleResponse {
            object_name: Some("error".into()),
            code: Some(13),
            message: Some("Oturum bulunamadı".into()),
            ..Default::default()
        });
    });
    let r = rejection(start_sale(&server.base_url()).await, Operation::InitSale);
    assert_eq!(r.status, 200);
    assert_eq!(r.code, Some(ResultCode::PaynetjNoSession));
    assert_eq!(r.message.as_deref(), Some("Oturum bulunamadı"));
}

// ---------------------------------------------------------------------------------------------
// Bank decline (capture only: init_sale only starts a sale, the card is declined later).

#[tokio::test]
async fn capture_bank_decline_is_a_declined_outcome() {
    let server = MockServer::start_async().await;
    capture_mock(&server, |then| {
        then.ok(&tx_wire::Transaction {
            is_succeed: Some(false),
            code: Some(LenientInteger::Integer(1)),
            message: Some("İşlem başarısız".into()),
            bank_error_id: Some("05".into()),
            bank_error_message: Some("Red-Onaylanmadı".into()),
            bank_error_short_desc: Some("Red".into()),
            bank_error_long_desc: Some("Kart sahibinin bankası işlemi onaylamadı".into()),
            ..seed_transaction()
        });
    });
    let outcome = ok(capture(&server.base_url()).await);
    assert!(!outcome.is_approved());
    let CaptureOutcome::Declined { transaction: t } = outcome else {
        panic!("expected a decline, got {outcome:?}");
    };
    assert_eq!(t.is_succeed, Some(false));
    assert_eq!(t.result_code, Some(ResultCode::Unsuccessful));
    let bank = t.bank_error.expect("bank error");
    assert_eq!(bank.id.as_deref(), Some("05"));
    assert_eq!(bank.message.as_deref(), Some("Red-Onaylanmadı"));
    assert_eq!(bank.short_desc.as_deref(), Some("Red"));
    assert_eq!(
        bank.long_desc.as_deref(),
        Some("Kart sahibinin bankası işlemi onaylamadı")
    );
    assert_eq!(t.paynet_error, None);
}

// ---------------------------------------------------------------------------------------------
// HTTP 400 with the PayPOS error body {object_name, code, message}.

#[tokio::test]
async fn capture_400_with_the_paypos_error_body_is_rejected() {
    let server = MockServer::start_async().await;
    capture_mock(&server, |then| {
        then.client_error(
            400,
            &tx_wire::ApiError {
                object_name: Some("error".into()),
                code: Some(LenientInteger::Integer(11)),
                message: Some("Geçersiz istek".into()),
                ..Default::default()
            },
        );
    });
    let r = rejection(capture(&server.base_url()).await, Operation::Capture);
    assert_eq!(r.status, 400);
    assert_eq!(r.code, Some(ResultCode::BadRequest));
    assert_eq!(r.message.as_deref(), Some("Geçersiz istek"));
    assert_eq!(r.error_type, None);
}

#[tokio::test]
async fn start_sale_400_with_the_paypos_error_body_is_rejected() {
    let server = MockServer::start_async().await;
    sale_mock(&server, |then| {
        then.bad_request(&softpos_wire::ErrorResponse {
            object_name: Some("error".into()),
            code: Some(7),
            message: Some("Session-Key geçersiz".into()),
        });
    });
    let r = rejection(start_sale(&server.base_url()).await, Operation::InitSale);
    assert_eq!(r.status, 400);
    assert_eq!(r.code, Some(ResultCode::Unauthorized));
    assert_eq!(r.message.as_deref(), Some("Session-Key geçersiz"));
    assert_eq!(r.error_type, None);
}

// ---------------------------------------------------------------------------------------------
// HTTP 401 and 403 with {type, message, code, result_code}.

#[tokio::test]
async fn capture_401_is_rejected_with_type_and_result_code() {
    let server = MockServer::start_async().await;
    capture_mock(&server, |then| {
        then.client_error(
            401,
            &api_error("authorization_error", "Geçersiz API anahtarı", 401, 7),
        );
    });
    let r = rejection(capture(&server.base_url()).await, Operation::Capture);
    assert_eq!(r.status, 401);
    assert_eq!(r.code, Some(ResultCode::Unauthorized));
    assert_eq!(r.error_type, Some(ErrorType::AuthorizationError));
    assert_eq!(r.message.as_deref(), Some("Geçersiz API anahtarı"));
}

#[tokio::test]
async fn start_sale_401_is_rejected_with_type_and_result_code() {
    let server = MockServer::start_async().await;
    sale_mock(&server, |then| {
        raw(
            401,
            "application/json",
            &api_error_json("authorization_error", "Oturum anahtarı geçersiz", 401, 7),
        )(then.into_inner());
    });
    let r = rejection(start_sale(&server.base_url()).await, Operation::InitSale);
    assert_eq!(r.status, 401);
    assert_eq!(r.code, Some(ResultCode::Unauthorized));
    assert_eq!(r.error_type, Some(ErrorType::AuthorizationError));
    assert_eq!(r.message.as_deref(), Some("Oturum anahtarı geçersiz"));
}

#[tokio::test]
async fn capture_403_is_rejected_with_type_and_result_code() {
    let server = MockServer::start_async().await;
    capture_mock(&server, |then| {
        then.client_error(
            403,
            &api_error("invalid_request_error", "IP izinli değil", 403, 2),
        );
    });
    let r = rejection(capture(&server.base_url()).await, Operation::Capture);
    assert_eq!(r.status, 403);
    assert_eq!(r.code, Some(ResultCode::CompanyBlocked));
    assert_eq!(r.error_type, Some(ErrorType::InvalidRequestError));
    assert_eq!(r.message.as_deref(), Some("IP izinli değil"));
}

#[tokio::test]
async fn start_sale_403_is_rejected_with_type_and_result_code() {
    let server = MockServer::start_async().await;
    sale_mock(&server, |then| {
        raw(
            403,
            "application/json",
            &api_error_json("authorization_error", "Bayi engelli", 403, 3),
        )(then.into_inner());
    });
    let r = rejection(start_sale(&server.base_url()).await, Operation::InitSale);
    assert_eq!(r.status, 403);
    assert_eq!(r.code, Some(ResultCode::AgentBlocked));
    assert_eq!(r.error_type, Some(ErrorType::AuthorizationError));
    assert_eq!(r.message.as_deref(), Some("Bayi engelli"));
}

// ---------------------------------------------------------------------------------------------
// HTTP 404: Paynet's JSON, and a proxy's HTML page.

#[tokio::test]
async fn capture_404_with_a_paynet_body_is_rejected() {
    let server = MockServer::start_async().await;
    capture_mock(&server, |then| {
        then.client_error(
            404,
            &api_error("no_data_error", "Kayıt bulunamadı", 404, 12),
        );
    });
    let r = rejection(capture(&server.base_url()).await, Operation::Capture);
    assert_eq!(r.status, 404);
    assert_eq!(r.code, Some(ResultCode::NoData));
    assert_eq!(r.error_type, Some(ErrorType::NoDataError));
}

#[tokio::test]
async fn start_sale_404_with_a_paynet_body_is_rejected() {
    let server = MockServer::start_async().await;
    sale_mock(&server, |then| {
        raw(
            404,
            "application/json",
            &api_error_json("no_data_error", "Kayıt bulunamadı", 404, 12),
        )(then.into_inner());
    });
    let r = rejection(start_sale(&server.base_url()).await, Operation::InitSale);
    assert_eq!(r.status, 404);
    assert_eq!(r.code, Some(ResultCode::NoData));
    assert_eq!(r.error_type, Some(ErrorType::NoDataError));
}

#[tokio::test]
async fn capture_404_with_an_html_page_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    capture_mock(&server, |then| {
        raw(404, "text/html", HTML_404)(then.into_inner())
    });
    let e = invalid(capture(&server.base_url()).await, Operation::Capture);
    assert_eq!(e.status, Some(404));
    assert!(e.reason.starts_with("not JSON (syntax error"), "{e:?}");
    assert!(
        e.excerpt.starts_with("<html><head><title>404 Not Found"),
        "{e:?}"
    );
}

#[tokio::test]
async fn start_sale_404_with_an_html_page_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    sale_mock(&server, |then| {
        raw(404, "text/html", HTML_404)(then.into_inner())
    });
    let e = invalid(start_sale(&server.base_url()).await, Operation::InitSale);
    assert_eq!(e.status, Some(404));
    assert_eq!(e.reason, "HTTP 404 with a body that is not a Paynet error");
    assert!(
        e.excerpt.starts_with("<html><head><title>404 Not Found"),
        "{e:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// HTTP 500 with an HTML page; HTTP 502 with an empty body.

#[tokio::test]
async fn capture_500_with_an_html_page_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    capture_mock(&server, |then| {
        raw(500, "text/html", HTML_500)(then.into_inner())
    });
    let e = invalid(capture(&server.base_url()).await, Operation::Capture);
    assert_eq!(e.status, Some(500));
    assert_eq!(e.reason, "not JSON (syntax error at line 1 column 1)");
    assert!(
        e.excerpt
            .starts_with("<!DOCTYPE html><html><head><title>500 Internal Server Error"),
        "{e:?}"
    );
}

#[tokio::test]
async fn start_sale_500_with_an_html_page_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    sale_mock(&server, |then| {
        raw(500, "text/html", HTML_500)(then.into_inner())
    });
    let e = invalid(start_sale(&server.base_url()).await, Operation::InitSale);
    assert_eq!(e.status, Some(500));
    assert_eq!(e.reason, "HTTP 500 with a body that is not a Paynet error");
    assert!(
        e.excerpt
            .starts_with("<!DOCTYPE html><html><head><title>500 Internal Server Error"),
        "{e:?}"
    );
}

#[tokio::test]
async fn capture_502_with_an_empty_body_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    capture_mock(&server, |then| raw(502, "", "")(then.into_inner()));
    let e = invalid(capture(&server.base_url()).await, Operation::Capture);
    assert_eq!(e.status, Some(502));
    assert_eq!(e.reason, "the body is empty");
    assert_eq!(e.excerpt, "");
}

#[tokio::test]
async fn start_sale_502_with_an_empty_body_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    sale_mock(&server, |then| raw(502, "", "")(then.into_inner()));
    let e = invalid(start_sale(&server.base_url()).await, Operation::InitSale);
    assert_eq!(e.status, Some(502));
    assert_eq!(e.reason, "HTTP 502 with a body that is not a Paynet error");
    assert_eq!(e.excerpt, "");
}

// ---------------------------------------------------------------------------------------------
// Truncated JSON; a JSON array or string instead of an object.

#[tokio::test]
async fn capture_truncated_json_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    let body = &SEED_CAPTURE_RESPONSE[..200];
    capture_mock(&server, |then| {
        raw(200, "application/json", body)(then.into_inner())
    });
    let e = invalid(capture(&server.base_url()).await, Operation::Capture);
    assert_eq!(e.status, Some(200));
    assert!(
        e.reason.starts_with("truncated JSON (ends at line"),
        "{e:?}"
    );
    assert!(
        e.excerpt.starts_with("{\"xact_id\": \"xk_EAAAAIO6j"),
        "{e:?}"
    );
}

#[tokio::test]
async fn start_sale_truncated_json_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    let body = r#"{"payment_session_id":"ps_9f8e7d6c5b4a","deeplink_url":"paypos://sa"#;
    sale_mock(&server, |then| {
        raw(200, "application/json", body)(then.into_inner())
    });
    let e = invalid(start_sale(&server.base_url()).await, Operation::InitSale);
    assert_eq!(e.status, Some(200));
    assert!(
        e.reason.starts_with("truncated JSON (ends at line 1"),
        "{e:?}"
    );
    assert!(
        e.excerpt.starts_with(r#"{"payment_session_id":"ps_9f8e"#),
        "{e:?}"
    );
}

#[tokio::test]
async fn capture_json_array_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    let body = format!("[{SEED_CAPTURE_RESPONSE}]");
    capture_mock(&server, |then| {
        raw(200, "application/json", &body)(then.into_inner())
    });
    let e = invalid(capture(&server.base_url()).await, Operation::Capture);
    assert_eq!(e.status, Some(200));
    assert!(e.reason.starts_with("JSON of an unexpected shape"), "{e:?}");
    assert!(e.excerpt.starts_with("[{\"xact_id\""), "{e:?}");
}

#[tokio::test]
async fn start_sale_json_array_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    let body = format!("[{}]", sale_response_json(0));
    sale_mock(&server, |then| {
        raw(200, "application/json", &body)(then.into_inner())
    });
    let e = invalid(start_sale(&server.base_url()).await, Operation::InitSale);
    assert_eq!(e.status, Some(200));
    assert!(e.reason.starts_with("JSON of an unexpected shape"), "{e:?}");
    assert!(e.excerpt.starts_with("[{"), "{e:?}");
}

#[tokio::test]
async fn capture_json_string_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    capture_mock(&server, |then| {
        raw(200, "application/json", "\"Başarılı İşlem\"")(then.into_inner())
    });
    let e = invalid(capture(&server.base_url()).await, Operation::Capture);
    assert_eq!(e.status, Some(200));
    assert!(e.reason.starts_with("JSON of an unexpected shape"), "{e:?}");
    assert_eq!(e.excerpt, "\"Başarılı İşlem\"");
}

#[tokio::test]
async fn start_sale_json_string_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    sale_mock(&server, |then| {
        raw(200, "application/json", "\"OK\"")(then.into_inner())
    });
    let e = invalid(start_sale(&server.base_url()).await, Operation::InitSale);
    assert_eq!(e.status, Some(200));
    assert!(e.reason.starts_with("JSON of an unexpected shape"), "{e:?}");
    assert_eq!(e.excerpt, "\"OK\"");
}

// ---------------------------------------------------------------------------------------------
// Missing fields in a 200 answer.

#[tokio::test]
async fn capture_empty_object_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    capture_mock(&server, |then| {
        raw(200, "application/json", "{}")(then.into_inner())
    });
    let e = invalid(capture(&server.base_url()).await, Operation::Capture);
    assert_eq!(e.status, Some(200));
    assert_eq!(
        e.reason,
        "the transaction has no is_succeed: whether money moved is not said"
    );
}

#[tokio::test]
async fn start_sale_without_session_id_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    sale_mock(&server, |then| {
        then.ok(&softpos_wire::InitSaleResponse {
            code: Some(0),
            message: Some("Başarılı".into()),
            ..Default::default()
        });
    });
    let e = invalid(start_sale(&server.base_url()).await, Operation::InitSale);
    assert_eq!(e.status, Some(200));
    assert_eq!(
        e.reason,
        "a successful answer without payment_session_id or deeplink_url"
    );
}

// ---------------------------------------------------------------------------------------------
// Wrong content type: the SDK judges by the body.

#[tokio::test]
async fn capture_valid_json_as_text_plain_is_read() {
    let server = MockServer::start_async().await;
    capture_mock(&server, |then| {
        raw(200, "text/plain; charset=utf-8", SEED_CAPTURE_RESPONSE)(then.into_inner())
    });
    let (t, replayed) = approved(ok(capture(&server.base_url()).await));
    assert!(!replayed);
    assert_eq!(t.result_code, Some(ResultCode::Successful));
}

#[tokio::test]
async fn start_sale_valid_json_as_text_plain_is_read() {
    let server = MockServer::start_async().await;
    let body = sale_response_json(0);
    sale_mock(&server, |then| {
        raw(200, "text/plain", &body)(then.into_inner())
    });
    let session = ok(start_sale(&server.base_url()).await);
    assert_eq!(session.result_code, ResultCode::Successful);
}

#[tokio::test]
async fn capture_html_as_text_html_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    capture_mock(&server, |then| {
        raw(200, "text/html", HTML_500)(then.into_inner())
    });
    let e = invalid(capture(&server.base_url()).await, Operation::Capture);
    assert_eq!(e.status, Some(200));
    assert_eq!(e.reason, "not JSON (syntax error at line 1 column 1)");
    assert!(e.excerpt.starts_with("<!DOCTYPE html>"), "{e:?}");
}

#[tokio::test]
async fn start_sale_html_as_text_html_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    sale_mock(&server, |then| {
        raw(200, "text/html", HTML_500)(then.into_inner())
    });
    let e = invalid(start_sale(&server.base_url()).await, Operation::InitSale);
    assert_eq!(e.status, Some(200));
    assert_eq!(e.reason, "not JSON (syntax error at line 1 column 1)");
    assert!(e.excerpt.starts_with("<!DOCTYPE html>"), "{e:?}");
}

// ---------------------------------------------------------------------------------------------
// A body over the size limit: declared by Content-Length, or streamed in chunks.

const LIMIT: usize = 256;

fn oversized_transaction() -> String {
    transaction_json(json!({ "message": "x".repeat(4 * LIMIT) }))
}

#[tokio::test]
async fn capture_body_over_the_limit_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    let body = oversized_transaction();
    capture_mock(&server, |then| {
        raw(200, "application/json", &body)(then.into_inner())
    });
    let result = builder(&server.base_url())
        .body_limit(LIMIT)
        .build()
        .expect("client")
        .capture(&capture_request())
        .await;
    let e = invalid(result, Operation::Capture);
    assert_eq!(e.status, Some(200));
    assert_eq!(e.reason, "the body is larger than the 256-byte limit");
    assert!(e.excerpt.starts_with('{'), "{e:?}");
}

#[tokio::test]
async fn start_sale_body_over_the_limit_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    let body = serde_json::to_string(&softpos_wire::InitSaleResponse {
        message: Some("x".repeat(4 * LIMIT)),
        ..sale_response(0)
    })
    .expect("json");
    sale_mock(&server, |then| {
        raw(200, "application/json", &body)(then.into_inner())
    });
    let result = builder(&server.base_url())
        .body_limit(LIMIT)
        .build()
        .expect("client")
        .paypos(session_key())
        .start_sale(&sale_request())
        .await;
    let e = invalid(result, Operation::InitSale);
    assert_eq!(e.status, Some(200));
    assert_eq!(e.reason, "the body is larger than the 256-byte limit");
    assert!(e.excerpt.starts_with('{'), "{e:?}");
}

#[tokio::test]
async fn capture_chunked_body_over_the_limit_is_an_invalid_response() {
    let server = RawServer::start(Behaviour::Chunked {
        chunks: 64,
        chunk_len: 100,
    })
    .await;
    let result = builder(&server.base_url)
        .body_limit(LIMIT)
        .build()
        .expect("client")
        .capture(&capture_request())
        .await;
    let e = invalid(result, Operation::Capture);
    assert_eq!(e.status, Some(200));
    assert_eq!(e.reason, "the body is larger than the 256-byte limit");
    assert!(e.excerpt.starts_with("{{{{"), "{e:?}");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn start_sale_chunked_body_over_the_limit_is_an_invalid_response() {
    let server = RawServer::start(Behaviour::Chunked {
        chunks: 64,
        chunk_len: 100,
    })
    .await;
    let result = builder(&server.base_url)
        .body_limit(LIMIT)
        .build()
        .expect("client")
        .paypos(session_key())
        .start_sale(&sale_request())
        .await;
    let e = invalid(result, Operation::InitSale);
    assert_eq!(e.status, Some(200));
    assert_eq!(e.reason, "the body is larger than the 256-byte limit");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn start_sale_error_page_over_the_limit_says_so() {
    let server = MockServer::start_async().await;
    let page = format!("<html><body>{}</body></html>", "x".repeat(4 * LIMIT));
    sale_mock(&server, |then| {
        raw(503, "text/html", &page)(then.into_inner())
    });
    let result = builder(&server.base_url())
        .body_limit(LIMIT)
        .build()
        .expect("client")
        .paypos(session_key())
        .start_sale(&sale_request())
        .await;
    let e = invalid(result, Operation::InitSale);
    assert_eq!(e.status, Some(503));
    assert_eq!(e.reason, "the body is larger than the 256-byte limit");
    assert!(e.excerpt.starts_with("<html><body>xxx"), "{e:?}");
}

// ---------------------------------------------------------------------------------------------
// A response slower than the timeout: the outcome is unknown.

#[tokio::test]
async fn capture_slower_than_the_timeout_is_outcome_unknown() {
    let server = MockServer::start_async().await;
    let mock = capture_mock(&server, |then| {
        then.ok(&seed_transaction())
            .into_inner()
            .delay(SERVER_DELAY);
    });
    let result = builder(&server.base_url())
        .attempt_timeout(SHORT)
        .build()
        .expect("client")
        .capture(&capture_request())
        .await;
    let e = unknown(result, Operation::Capture);
    assert_eq!(e.reference.as_deref(), Some("reference_no=ORDER-1001"));
    assert_eq!(
        e.reason,
        "timed out waiting for Paynet's answer after sending"
    );
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn capture_by_xact_id_slower_than_the_timeout_names_the_xact_id() {
    let server = MockServer::start_async().await;
    capture_mock(&server, |then| {
        then.ok(&seed_transaction())
            .into_inner()
            .delay(SERVER_DELAY);
    });
    let xact_id = "xk_EAAAANFhOW7*W3uISj/Q+z";
    let result = client(&server.base_url())
        .capture_with(
            &capture_by_xact_id(xact_id),
            &CallOptions::new().attempt_timeout(SHORT),
        )
        .await;
    let e = unknown(result, Operation::Capture);
    assert_eq!(e.reference, Some(format!("xact_id={xact_id}")));
}

#[tokio::test]
async fn start_sale_slower_than_the_timeout_is_outcome_unknown() {
    let server = MockServer::start_async().await;
    let mock = sale_mock(&server, |then| {
        then.ok(&sale_response(0)).into_inner().delay(SERVER_DELAY);
    });
    let result = builder(&server.base_url())
        .attempt_timeout(SHORT)
        .build()
        .expect("client")
        .paypos(session_key())
        .start_sale(&sale_request())
        .await;
    let e = unknown(result, Operation::InitSale);
    assert_eq!(e.reference.as_deref(), Some("reference_no=SALE-2002"));
    assert_eq!(
        e.reason,
        "timed out waiting for Paynet's answer after sending"
    );
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn start_sale_without_reference_slower_than_the_timeout_has_no_reference() {
    let server = MockServer::start_async().await;
    sale_mock(&server, |then| {
        then.ok(&sale_response(0)).into_inner().delay(SERVER_DELAY);
    });
    let result = client(&server.base_url())
        .paypos(session_key())
        .start_sale_with(
            &sale_request_without_reference(),
            &CallOptions::new().attempt_timeout(SHORT),
        )
        .await;
    let e = unknown(result, Operation::InitSale);
    assert_eq!(e.reference, None);
}

/// The head arrives, the body never ends.
fn head_then_silence(body: &str) -> Behaviour {
    let mut answer = http_answer("200 OK", "application/json", body);
    answer.truncate(answer.len() - body.len() / 2);
    Behaviour::AnswerThenHang(answer)
}

#[tokio::test]
async fn capture_body_slower_than_the_timeout_is_outcome_unknown() {
    let server = RawServer::start(head_then_silence(SEED_CAPTURE_RESPONSE)).await;
    let result = client(&server.base_url)
        .capture_with(
            &capture_request(),
            &CallOptions::new().attempt_timeout(SHORT),
        )
        .await;
    let e = unknown(result, Operation::Capture);
    assert_eq!(e.reference.as_deref(), Some("reference_no=ORDER-1001"));
    assert_eq!(e.reason, "timed out reading Paynet's HTTP 200 OK answer");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn start_sale_body_slower_than_the_timeout_is_outcome_unknown() {
    let server = RawServer::start(head_then_silence(&sale_response_json(0))).await;
    let result = client(&server.base_url)
        .paypos(session_key())
        .start_sale_with(&sale_request(), &CallOptions::new().attempt_timeout(SHORT))
        .await;
    let e = unknown(result, Operation::InitSale);
    assert_eq!(e.reference.as_deref(), Some("reference_no=SALE-2002"));
    assert_eq!(e.reason, "timed out reading Paynet's HTTP 200 OK answer");
}

// ---------------------------------------------------------------------------------------------
// A connection closed before any response, or in the middle of the body.

#[tokio::test]
async fn capture_connection_closed_before_any_response_is_outcome_unknown() {
    let server = RawServer::start(Behaviour::Drop).await;
    let e = unknown(capture(&server.base_url).await, Operation::Capture);
    assert_eq!(e.reference.as_deref(), Some("reference_no=ORDER-1001"));
    assert_eq!(e.reason, "the connection failed after the request was sent");
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn start_sale_connection_closed_before_any_response_is_outcome_unknown() {
    let server = RawServer::start(Behaviour::Drop).await;
    let e = unknown(start_sale(&server.base_url).await, Operation::InitSale);
    assert_eq!(e.reference.as_deref(), Some("reference_no=SALE-2002"));
    assert_eq!(e.reason, "the connection failed after the request was sent");
    assert_eq!(server.requests(), 1);
}

/// The head and half the body, then the connection closes.
fn cut_body(body: &str) -> Behaviour {
    let mut answer = http_answer("200 OK", "application/json", body);
    answer.truncate(answer.len() - body.len() / 2);
    Behaviour::Answer(answer)
}

#[tokio::test]
async fn capture_connection_closed_in_the_body_is_outcome_unknown() {
    let server = RawServer::start(cut_body(SEED_CAPTURE_RESPONSE)).await;
    let e = unknown(capture(&server.base_url).await, Operation::Capture);
    assert_eq!(
        e.reason,
        "the connection failed while reading Paynet's HTTP 200 OK answer"
    );
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn start_sale_connection_closed_in_the_body_is_outcome_unknown() {
    let server = RawServer::start(cut_body(&sale_response_json(0))).await;
    let e = unknown(start_sale(&server.base_url).await, Operation::InitSale);
    assert_eq!(
        e.reason,
        "the connection failed while reading Paynet's HTTP 200 OK answer"
    );
    assert_eq!(server.requests(), 1);
}

// ---------------------------------------------------------------------------------------------
// Connection refused: a transport error, after the policy's attempts.

#[tokio::test]
async fn capture_connection_refused_is_a_transport_error_after_the_policy_attempts() {
    let logs = Logs::default();
    let _guard = logs.install();
    let (_socket, base_url) = refusing_socket();
    transport(capture(&base_url).await, Operation::Capture);
    assert_eq!(attempts(&logs), "3");
    assert_eq!(logs.text().matches("not sent; retrying").count(), 2);
}

#[tokio::test]
async fn start_sale_connection_refused_is_a_transport_error_after_the_policy_attempts() {
    let logs = Logs::default();
    let _guard = logs.install();
    let (_socket, base_url) = refusing_socket();
    transport(start_sale(&base_url).await, Operation::InitSale);
    assert_eq!(attempts(&logs), "3");
    assert_eq!(logs.text().matches("not sent; retrying").count(), 2);
}

// ---------------------------------------------------------------------------------------------
// Unknown extra fields are ignored; unknown enum values and result codes are kept.

#[tokio::test]
async fn capture_unknown_extra_fields_are_ignored() {
    let server = MockServer::start_async().await;
    let body = transaction_json(json!({
        "obeject_name": "transaction",
        "risk_score": 0.37,
        "installment_plan": {"count": 3, "rates": [0.01, 0.02]},
        "tags": ["a", "b"],
        "xact_transaction_id": null,
    }));
    capture_mock(&server, |then| {
        raw(200, "application/json", &body)(then.into_inner())
    });
    let (t, replayed) = approved(ok(capture(&server.base_url()).await));
    assert!(!replayed);
    assert_eq!(t.result_code, Some(ResultCode::Successful));
    assert_eq!(t.card_number_masked.as_deref(), Some("435508******4358"));
}

#[tokio::test]
async fn start_sale_unknown_extra_fields_are_ignored() {
    let server = MockServer::start_async().await;
    let mut body = serde_json::to_value(sale_response(0)).expect("json");
    body["expires_in"] = json!(600);
    body["agent"] = json!({"id": "20005", "blocked": false});
    body["obeject_name"] = json!("payment_session");
    let body = body.to_string();
    sale_mock(&server, |then| {
        raw(200, "application/json", &body)(then.into_inner())
    });
    let session = ok(start_sale(&server.base_url()).await);
    assert_eq!(session.result_code, ResultCode::Successful);
    assert_eq!(session.payment_session_id, "ps_9f8e7d6c5b4a");
}

#[tokio::test]
async fn capture_unknown_enum_values_are_kept() {
    let server = MockServer::start_async().await;
    let body = transaction_json(json!({
        "transaction_type": 42,
        "pos_type": "77",
        "bank_id": "QNBF",
    }));
    capture_mock(&server, |then| {
        raw(200, "application/json", &body)(then.into_inner())
    });
    let (t, _) = approved(ok(capture(&server.base_url()).await));
    assert_eq!(t.transaction_type, Some(TransactionType::Unknown(42)));
    assert_eq!(t.pos_type, Some(PosType::Unknown(77)));
    assert_eq!(t.bank_id, Some(BankId::new("QNBF")));
    assert!(!t.bank_id.as_ref().is_some_and(BankId::known));
}

#[tokio::test]
async fn capture_unknown_result_code_without_success_is_rejected_with_the_code_kept() {
    let server = MockServer::start_async().await;
    capture_mock(&server, |then| {
        then.ok(&tx_wire::Transaction {
            is_succeed: Some(false),
            code: Some(LenientInteger::Integer(999)),
            message: Some("Yeni bir hata".into()),
            ..Default::default()
        });
    });
    let r = rejection(capture(&server.base_url()).await, Operation::Capture);
    assert_eq!(r.status, 200);
    assert_eq!(r.code, Some(ResultCode::Unknown(999)));
    assert_eq!(r.message.as_deref(), Some("Yeni bir hata"));
}

#[tokio::test]
async fn capture_unknown_result_code_with_a_bank_error_is_a_decline_with_the_code_kept() {
    let server = MockServer::start_async().await;
    capture_mock(&server, |then| {
        then.ok(&tx_wire::Transaction {
            is_succeed: Some(false),
            code: Some(LenientInteger::Integer(999)),
            bank_error_id: Some("51".into()),
            bank_error_message: Some("Yetersiz bakiye".into()),
            ..seed_transaction()
        });
    });
    let outcome = ok(capture(&server.base_url()).await);
    let CaptureOutcome::Declined { transaction: t } = outcome else {
        panic!("expected a decline, got {outcome:?}");
    };
    assert_eq!(t.result_code, Some(ResultCode::Unknown(999)));
    assert_eq!(t.bank_error.and_then(|b| b.id).as_deref(), Some("51"));
}

#[tokio::test]
async fn capture_unknown_result_code_with_success_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    capture_mock(&server, |then| {
        then.ok(&tx_wire::Transaction {
            code: Some(LenientInteger::Integer(999)),
            ..seed_transaction()
        });
    });
    let e = invalid(capture(&server.base_url()).await, Operation::Capture);
    assert_eq!(e.status, Some(200));
    assert_eq!(
        e.reason,
        "is_succeed is true but the result code is not a success"
    );
}

#[tokio::test]
async fn start_sale_unknown_result_code_is_rejected_with_the_code_kept() {
    let server = MockServer::start_async().await;
    sale_mock(&server, |then| {
        then.ok(&softpos_wire::InitSaleResponse {
            code: Some(999),
            message: Some("Yeni bir hata".into()),
            ..sale_response(0)
        });
    });
    let r = rejection(start_sale(&server.base_url()).await, Operation::InitSale);
    assert_eq!(r.status, 200);
    assert_eq!(r.code, Some(ResultCode::Unknown(999)));
    assert_eq!(r.message.as_deref(), Some("Yeni bir hata"));
}

#[tokio::test]
async fn unknown_error_types_are_kept() {
    let server = MockServer::start_async().await;
    capture_mock(&server, |then| {
        then.client_error(
            429,
            &api_error("rate_limit_error", "Çok fazla istek", 429, 27),
        );
    });
    let r = rejection(capture(&server.base_url()).await, Operation::Capture);
    assert_eq!(r.status, 429);
    assert_eq!(r.code, Some(ResultCode::Unknown(27)));
    assert_eq!(
        r.error_type,
        Some(ErrorType::Unknown("rate_limit_error".into()))
    );
}

// ---------------------------------------------------------------------------------------------
// Redirects are not followed: a capture is not re-sent elsewhere, and no key goes elsewhere.

#[tokio::test]
async fn capture_redirect_is_not_followed() {
    let elsewhere = MockServer::start_async().await;
    let other = elsewhere.capture(|_, then| {
        then.ok(&seed_transaction());
    });
    let server = MockServer::start_async().await;
    let location = format!(
        "http://localhost:{}/v1/transaction/capture",
        elsewhere.port()
    );
    capture_mock(&server, |then| {
        then.into_inner()
            .status(307)
            .header("location", location)
            .body("");
    });
    let e = invalid(capture(&server.base_url()).await, Operation::Capture);
    assert_eq!(e.status, Some(307));
    assert_eq!(
        e.reason,
        "HTTP 307 is not an answer this operation documents"
    );
    assert_eq!(
        other.calls_async().await,
        0,
        "the capture was sent again elsewhere"
    );
}

#[tokio::test]
async fn start_sale_redirect_is_not_followed() {
    let elsewhere = MockServer::start_async().await;
    let other = elsewhere.init_sale(|_, then| {
        then.ok(&sale_response(0));
    });
    let server = MockServer::start_async().await;
    let location = format!(
        "http://localhost:{}/v1/softpos/init_sale_transaction",
        elsewhere.port()
    );
    sale_mock(&server, |then| {
        then.into_inner()
            .status(308)
            .header("location", location)
            .body("");
    });
    let e = invalid(start_sale(&server.base_url()).await, Operation::InitSale);
    assert_eq!(e.status, Some(308));
    assert_eq!(
        e.reason,
        "HTTP 308 is not an answer this operation documents"
    );
    assert_eq!(
        other.calls_async().await,
        0,
        "the session key went elsewhere"
    );
}

// ---------------------------------------------------------------------------------------------
// Retries: never after the request may have left; after a refused connection, per policy.

#[tokio::test]
async fn capture_timing_out_is_not_sent_again() {
    let server = MockServer::start_async().await;
    let mock = capture_mock(&server, |then| {
        then.ok(&seed_transaction())
            .into_inner()
            .delay(SERVER_DELAY);
    });
    let result = builder(&server.base_url())
        .retry_policy(RetryPolicy::default().with_max_attempts(5))
        .attempt_timeout(SHORT)
        .build()
        .expect("client")
        .capture(&capture_request())
        .await;
    unknown(result, Operation::Capture);
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn capture_dropped_after_sending_is_not_sent_again() {
    let server = RawServer::start(Behaviour::Drop).await;
    let result = builder(&server.base_url)
        .retry_policy(RetryPolicy::default().with_max_attempts(5))
        .build()
        .expect("client")
        .capture(&capture_request())
        .await;
    unknown(result, Operation::Capture);
    assert_eq!(server.requests(), 1);
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn start_sale_timing_out_is_not_sent_again() {
    let server = MockServer::start_async().await;
    let mock = sale_mock(&server, |then| {
        then.ok(&sale_response(0)).into_inner().delay(SERVER_DELAY);
    });
    let result = builder(&server.base_url())
        .retry_policy(RetryPolicy::default().with_max_attempts(5))
        .attempt_timeout(SHORT)
        .build()
        .expect("client")
        .paypos(session_key())
        .start_sale(&sale_request())
        .await;
    unknown(result, Operation::InitSale);
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn start_sale_dropped_after_sending_is_not_sent_again() {
    let server = RawServer::start(Behaviour::Drop).await;
    let result = builder(&server.base_url)
        .retry_policy(RetryPolicy::default().with_max_attempts(5))
        .build()
        .expect("client")
        .paypos(session_key())
        .start_sale(&sale_request())
        .await;
    unknown(result, Operation::InitSale);
    assert_eq!(server.requests(), 1);
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn rejections_and_invalid_responses_are_not_sent_again() {
    let server = MockServer::start_async().await;
    let mock = capture_mock(&server, |then| raw(502, "", "")(then.into_inner()));
    let client = builder(&server.base_url())
        .retry_policy(fast_retries(5))
        .build()
        .expect("client");
    invalid(client.capture(&capture_request()).await, Operation::Capture);
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn capture_refused_connection_is_retried_and_reaches_the_server_once() {
    let logs = Logs::default();
    let _guard = logs.install();
    let answer = http_answer("200 OK", "application/json", SEED_CAPTURE_RESPONSE);
    let (base_url, server) = refused_until_first_retry(&logs, answer);
    let result = builder(&base_url)
        .retry_policy(fast_retries(5))
        .build()
        .expect("client")
        .capture(&capture_request())
        .await;
    let (_, replayed) = approved(ok(result));
    assert!(!replayed);
    let server = server.await.expect("server");
    assert_eq!(server.requests(), 1);
    assert_eq!(server.connections(), 1);
    assert_eq!(attempts(&logs), "2");
}

#[tokio::test]
async fn start_sale_refused_connection_is_retried_and_reaches_the_server_once() {
    let logs = Logs::default();
    let _guard = logs.install();
    let answer = http_answer("200 OK", "application/json", &sale_response_json(0));
    let (base_url, server) = refused_until_first_retry(&logs, answer);
    let session = ok(builder(&base_url)
        .retry_policy(fast_retries(5))
        .build()
        .expect("client")
        .paypos(session_key())
        .start_sale(&sale_request())
        .await);
    assert_eq!(session.result_code, ResultCode::Successful);
    let server = server.await.expect("server");
    assert_eq!(server.requests(), 1);
    assert_eq!(attempts(&logs), "2");
}

#[tokio::test]
async fn per_call_policy_none_makes_exactly_one_attempt() {
    let logs = Logs::default();
    let _guard = logs.install();
    let (_socket, base_url) = refusing_socket();
    let client = builder(&base_url)
        .retry_policy(fast_retries(5))
        .build()
        .expect("client");
    let once = CallOptions::new().retry(RetryPolicy::none());
    transport(
        client.capture_with(&capture_request(), &once).await,
        Operation::Capture,
    );
    assert_eq!(attempts(&logs), "1");
    transport(
        client
            .paypos(session_key())
            .start_sale_with(&sale_request(), &once)
            .await,
        Operation::InitSale,
    );
    assert_eq!(attempts(&logs), "1");
    assert!(
        !logs.text().contains("not sent; retrying"),
        "{}",
        logs.text()
    );
    // The client's own policy still applies to calls without options.
    transport(client.capture(&capture_request()).await, Operation::Capture);
    assert_eq!(attempts(&logs), "5");
}

#[tokio::test]
async fn per_call_policy_can_allow_more_attempts_than_the_client() {
    let logs = Logs::default();
    let _guard = logs.install();
    let (_socket, base_url) = refusing_socket();
    let client = builder(&base_url)
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client");
    transport(client.capture(&capture_request()).await, Operation::Capture);
    assert_eq!(attempts(&logs), "1");
    let more = CallOptions::new().retry(fast_retries(4));
    transport(
        client.capture_with(&capture_request(), &more).await,
        Operation::Capture,
    );
    assert_eq!(attempts(&logs), "4");
}
