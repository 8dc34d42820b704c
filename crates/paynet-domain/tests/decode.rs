//! The pure exchange with Paynet, without HTTP: what [`encode`] writes as each request's body, and
//! how every kind of answer becomes an outcome or an [`Error`] through [`decode`] (and
//! [`outcome_unknown`] when there was none). Sending, headers, timeouts and base URLs are the
//! `paynet` facade's, tested in the workspace's `tests/` crate.

#![allow(clippy::unwrap_used)]

use paynet_domain::{
    Answer, Auth, CaptureOutcome, CaptureRequest, CardType, CheckSaleRequest, CloseSessionRequest,
    Currency, Error, ErrorType, InitReversalRequest, InitSaleRequest, OpenSessionRequest,
    Operation, Outcome, PosType, Rejection, Request, ResultCode, SaleSession, Secrets, SessionKey,
    TransactionRef, TransactionType, decode, encode, outcome_unknown,
};
use rust_decimal::Decimal;
use serde_json::json;

const SESSION: &str = "ssk_5f3c2a1+0b9e/4c7d8e6f1a2b3c4d5e6f==";
const ENCRYPTION: &str = "enc_q8Xv+0aZ/1b2c3d4e5f6g7h8i9j0==";

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

fn session() -> SessionKey {
    SessionKey::new(SESSION).unwrap()
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

fn reversal_request() -> InitReversalRequest {
    InitReversalRequest::builder("xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oKyavBUO0Rbe7WKYXG")
        .reference_no("REFUND-1")
        .callback_url("myshop://paypos/return")
        .build()
        .unwrap()
}

/// `decode` of `body` with `status`, as an answer to `request`, with an empty registry.
fn answer<R: Request>(request: &R, status: u16, body: &str) -> Result<R::Output, Error> {
    decode(
        request,
        Answer::new(status, body.as_bytes()),
        &Secrets::new(),
    )
}

fn capture_with(status: u16, body: &str) -> Result<CaptureOutcome, Error> {
    answer(&capture_request(), status, body)
}

fn init_sale_with(status: u16, body: &str) -> Result<SaleSession, Error> {
    answer(&sale_request(), status, body)
}

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap()
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
// Request bodies, and what the table says of each operation.

#[test]
fn a_partial_capture_sends_its_amount_in_kurus() {
    let request = CaptureRequest::partial(
        TransactionRef::reference_no("ORDER-1").unwrap(),
        "10.50".parse().unwrap(),
    );
    assert_eq!(
        text(encode(&request).unwrap()),
        r#"{"amount":"1050","reference_no":"ORDER-1"}"#
    );
    assert_eq!(
        text(encode(&capture_request()).unwrap()),
        r#"{"amount":"1000","reference_no":"ORDER-1"}"#
    );
    // Sent under the secret key; a capture moves money.
    assert_eq!(CaptureRequest::OPERATION, Operation::CAPTURE);
    assert_eq!(CaptureRequest::OPERATION.auth(), Auth::SecretKey);
    assert!(CaptureRequest::OPERATION.moves_money());
}

#[test]
fn a_full_capture_sends_no_amount() {
    let request = CaptureRequest::full(TransactionRef::xact_id("xk_EAAAANFhOW7*W3u/ISj").unwrap());
    assert_eq!(
        text(encode(&request).unwrap()),
        r#"{"xact_id":"xk_EAAAANFhOW7*W3u/ISj"}"#
    );
}

#[test]
fn init_sale_sends_an_exact_amount() {
    let body = text(encode(&sale_request()).unwrap());
    assert_eq!(
        body,
        r#"{"amount":149.90,"callback_url":"myshop://paypos/return","instalment":3,"reference_no":"ORDER-7"}"#
    );
    // An exact JSON number, not a string and not a float's digits.
    let value: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(value["amount"].is_number());
    assert!(body.contains(r#""amount":149.90,"#), "{body}");
    // Sent under a session key.
    assert_eq!(InitSaleRequest::OPERATION, Operation::INIT_SALE);
    assert_eq!(InitSaleRequest::OPERATION.auth(), Auth::SessionKey);
}

#[test]
fn init_sale_answer_is_a_session_with_a_redacted_key() {
    let body = json!({
        "payment_session_id": "ps_123",
        "deeplink_url": "paypos://sale?session=ps_123",
        "encryption_key": ENCRYPTION,
        "object_name": "init_sale",
        "code": 0,
        "message": "Başarılı"
    });
    let session = init_sale_with(200, &body.to_string()).unwrap();
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
    let json = serde_json::to_string(&session).unwrap();
    assert!(!json.contains(ENCRYPTION), "{json}");
    assert!(json.contains(r#""encryption_key":"[redacted]""#), "{json}");
}

// ---------------------------------------------------------------------------------------------
// Capture outcomes.

#[test]
fn an_approved_capture() {
    let outcome = capture_with(200, &approved_body()).unwrap();
    let CaptureOutcome::Approved {
        transaction,
        replayed,
        reconciled: false,
        ..
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
    assert_eq!(outcome.kind(), "approved");
    assert_eq!(Outcome::result_code(&outcome), Some(ResultCode::Successful));
}

#[test]
fn result_code_100_is_an_approved_replay() {
    let outcome = capture_with(200, &transaction_body("true", "100", "")).unwrap();
    assert!(
        matches!(outcome, CaptureOutcome::Approved { replayed: true, .. }),
        "{outcome:?}"
    );
    assert_eq!(
        outcome.transaction().result_code,
        Some(ResultCode::OldSuccessful)
    );
    assert_eq!(outcome.kind(), "approved (replayed)");

    // Also with the code as a string.
    let outcome = capture_with(200, &transaction_body("true", "\"100\"", "")).unwrap();
    assert!(
        matches!(outcome, CaptureOutcome::Approved { replayed: true, .. }),
        "{outcome:?}"
    );
}

#[test]
fn a_bank_decline_is_an_outcome_not_an_error() {
    for code in ["0", "1"] {
        let outcome = capture_with(200, &transaction_body("false", code, "05")).unwrap();
        let CaptureOutcome::Declined { transaction, .. } = &outcome else {
            panic!("{outcome:?}")
        };
        assert!(!outcome.is_approved());
        assert_eq!(outcome.kind(), "declined");
        assert_eq!(transaction.is_succeed, Some(false));
        let bank = transaction.bank_error.as_ref().unwrap();
        assert_eq!(bank.id.as_deref(), Some("05"));
        assert_eq!(bank.message.as_deref(), Some("Red - Onaylanmadı"));
        assert_eq!(bank.short_desc, None);
    }
}

#[test]
fn a_non_success_code_without_a_bank_error_is_a_rejection() {
    let mut body = transaction_body("false", "12", "");
    body = body.replace("Başarılı İşlem", "Kayıt bulunamadı");
    let e = capture_with(200, &body).unwrap_err();
    assert_eq!(e.http_status(), Some(200));
    assert_eq!(e.result_code(), Some(ResultCode::NoData));
    assert!(!e.is_not_sent());
    assert!(!e.needs_reconciliation(), "a refusal moved no money: {e:?}");
    let r = rejection(e);
    assert_eq!(r.operation, Operation::CAPTURE);
    assert_eq!(r.status, 200);
    assert_eq!(r.code, Some(ResultCode::NoData));
    assert_eq!(r.message.as_deref(), Some("Kayıt bulunamadı"));
    assert_eq!(r.error_type, None);
}

#[test]
fn a_refusal_without_a_message_keeps_paynets_error_message() {
    let body = r#"{"is_succeed":false,"code":1,"paynet_error_id":"P1","paynet_error_message":"Limit aşıldı","message":""}"#;
    let r = rejection(capture_with(200, body).unwrap_err());
    assert_eq!(r.status, 200);
    assert_eq!(r.code, Some(ResultCode::Unsuccessful));
    assert_eq!(r.message.as_deref(), Some("Limit aşıldı"));
}

#[test]
fn a_refusal_keeps_both_the_message_and_paynets_reason() {
    let body = r#"{"is_succeed":false,"code":1,"paynet_error_id":"P1","paynet_error_message":"Tutar kalan tutardan büyük","message":"Başarısız İşlem"}"#;
    let r = rejection(capture_with(200, body).unwrap_err());
    assert_eq!(
        r.message.as_deref(),
        Some("Başarısız İşlem: Tutar kalan tutardan büyük")
    );
}

#[test]
fn is_succeed_true_with_a_failure_code_is_an_invalid_response() {
    let e = capture_with(200, &transaction_body("true", "1", "")).unwrap_err();
    assert!(e.needs_reconciliation(), "{e:?}");
    let (operation, status, reason, _) = invalid(e);
    assert_eq!(operation, Operation::CAPTURE);
    assert_eq!(status, Some(200));
    assert_eq!(
        reason,
        "is_succeed is true but the result code is not a success"
    );
}

#[test]
fn a_401_in_paynets_error_shape_is_a_rejection() {
    let body = json!({
        "type": "authorization_error",
        "message": "Geçersiz API anahtarı",
        "code": 401,
        "result_code": 7
    });
    let e = capture_with(401, &body.to_string()).unwrap_err();
    let text = e.to_string();
    let r = rejection(e);
    assert_eq!(r.operation, Operation::CAPTURE);
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

#[test]
fn codes_sent_as_strings_in_an_error_body_are_read() {
    let body = r#"{"type":"no_data_error","message":"Kayıt yok","code":"404","result_code":"12"}"#;
    let r = rejection(capture_with(404, body).unwrap_err());
    assert_eq!(r.status, 404);
    assert_eq!(r.code, Some(ResultCode::NoData));
    assert_eq!(r.error_type, Some(ErrorType::NoDataError));
}

#[test]
fn a_500_json_error_is_a_rejection() {
    let body = r#"{"type":"api_error","message":"Sunucu hatası","code":500,"result_code":8}"#;
    let r = rejection(capture_with(500, body).unwrap_err());
    assert_eq!(r.status, 500);
    assert_eq!(r.code, Some(ResultCode::ServerError));
    assert_eq!(r.error_type, Some(ErrorType::ApiError));
}

#[test]
fn a_500_html_page_is_an_invalid_response() {
    let body = "<html>\r\n<head><title>500 Internal Server Error</title></head>\r\n<body>nginx</body></html>";
    let e = capture_with(500, body).unwrap_err();
    assert_eq!(e.http_status(), Some(500));
    let (operation, status, reason, excerpt) = invalid(e);
    assert_eq!(operation, Operation::CAPTURE);
    assert_eq!(status, Some(500));
    assert!(excerpt.starts_with("<html"), "{excerpt}");
    assert!(excerpt.contains("500 Internal Server Error"), "{excerpt}");
    assert!(
        !excerpt.contains('\n') && !excerpt.contains('\r'),
        "{excerpt:?}"
    );
    assert_eq!(reason, "HTTP 500 with a body that is not a Paynet error");
}

#[test]
fn a_404_html_page_is_an_invalid_response() {
    let e = capture_with(404, "<html><body>Not Found</body></html>").unwrap_err();
    let (_, status, reason, excerpt) = invalid(e);
    assert_eq!(status, Some(404));
    assert_eq!(reason, "HTTP 404 with a body that is not a Paynet error");
    assert_eq!(excerpt, "<html><body>Not Found</body></html>");
}

#[test]
fn a_502_with_an_empty_body_is_an_invalid_response() {
    let e = capture_with(502, "").unwrap_err();
    let (_, status, reason, excerpt) = invalid(e);
    assert_eq!(status, Some(502));
    assert_eq!(reason, "HTTP 502 with a body that is not a Paynet error");
    assert_eq!(excerpt, "");

    // A 200 with an empty (or blank) body says so.
    for body in ["", " \r\n"] {
        let (_, status, reason, _) = invalid(capture_with(200, body).unwrap_err());
        assert_eq!(status, Some(200));
        assert_eq!(reason, "the body is empty", "{body:?}");
    }
}

#[test]
fn a_status_outside_2xx_4xx_5xx_is_an_invalid_response() {
    let e = capture_with(302, &approved_body()).unwrap_err();
    let (_, status, reason, _) = invalid(e);
    assert_eq!(status, Some(302));
    assert_eq!(reason, "HTTP 302 is not an answer this operation documents");
}

#[test]
fn truncated_json_is_an_invalid_response() {
    let body = approved_body();
    let cut = &body[..body.find("\"currency\"").unwrap()];
    let e = capture_with(200, cut).unwrap_err();
    let (operation, status, reason, excerpt) = invalid(e);
    assert_eq!(operation, Operation::CAPTURE);
    assert_eq!(status, Some(200));
    assert!(
        reason.starts_with("truncated JSON (ends at line"),
        "{reason}"
    );
    assert!(excerpt.starts_with("{\"xact_id\""), "{excerpt}");
}

#[test]
fn text_that_is_not_json_is_an_invalid_response() {
    let (_, status, reason, excerpt) = invalid(capture_with(200, "OK").unwrap_err());
    assert_eq!(status, Some(200));
    assert!(
        reason.starts_with("not JSON (syntax error at line 1"),
        "{reason}"
    );
    assert_eq!(excerpt, "OK");
}

#[test]
fn a_json_array_is_an_invalid_response() {
    let body = format!("[{}]", approved_body());
    let e = capture_with(200, &body).unwrap_err();
    let (_, status, reason, excerpt) = invalid(e);
    assert_eq!(status, Some(200));
    assert!(
        reason.starts_with("JSON of an unexpected shape"),
        "{reason}"
    );
    assert!(excerpt.starts_with('['), "{excerpt}");
}

#[test]
fn a_transaction_without_is_succeed_is_an_invalid_response() {
    let body = approved_body().replace("\"is_succeed\": true,\n", "");
    assert!(!body.contains("is_succeed"));
    let e = capture_with(200, &body).unwrap_err();
    let (_, status, reason, _) = invalid(e);
    assert_eq!(status, Some(200));
    assert_eq!(
        reason,
        "the transaction has no is_succeed: whether money moved is not said"
    );
}

#[test]
fn an_odd_currency_is_kept_and_tl_and_949_are_lira() {
    // A currency label carries no money: an odd one is kept as sent, never a reason to drop
    // the answer.
    let body = approved_body().replace("\"TRY\"", "\"USD\"");
    let outcome = capture_with(200, &body).unwrap();
    let amount = outcome.transaction().net_amount.unwrap();
    assert!(matches!(amount.currency(), Currency::Unknown(_)));
    assert_eq!(amount.currency().code(), "USD");
    assert_eq!(amount.value(), Decimal::new(5655, 2));
    for lira in ["\"TL\"", "\"949\"", "949", "\" try \""] {
        let body = approved_body().replace("\"TRY\"", lira);
        let outcome = capture_with(200, &body).unwrap();
        let amount = outcome.transaction().net_amount.unwrap();
        assert_eq!(amount.currency(), Currency::Try, "{lira}");
    }
}

#[test]
fn a_body_over_the_limit_is_an_invalid_response() {
    let body = approved_body();
    assert!(body.len() > 200);
    let e = decode(
        &capture_request(),
        Answer::over_limit(200, &body.as_bytes()[..200], 200),
        &Secrets::new(),
    )
    .unwrap_err();
    assert!(e.needs_reconciliation(), "{e:?}");
    let (_, status, reason, excerpt) = invalid(e);
    assert_eq!(status, Some(200));
    assert_eq!(reason, "the body is larger than the 200-byte limit");
    assert!(excerpt.starts_with("{\"xact_id\""), "{excerpt}");

    // Even a complete, valid head is not read: a body over the limit is never decoded.
    let e = decode(
        &capture_request(),
        Answer::over_limit(200, body.as_bytes(), 200),
        &Secrets::new(),
    )
    .unwrap_err();
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");

    // The same body read whole is an outcome.
    capture_with(200, &body).unwrap();
}

#[test]
fn an_unreadable_200_to_a_capture_needs_reconciliation() {
    let e = capture_with(200, "{\"xact_id\": \"xk_1\", \"amount\": ").unwrap_err();
    assert!(e.needs_reconciliation(), "{e:?}");
    assert!(!e.is_outcome_unknown());
    let e = init_sale_with(200, "{\"payment_session_id\": ").unwrap_err();
    assert!(
        !e.needs_reconciliation(),
        "starting a sale moves no money: {e:?}"
    );
    let e = capture_with(500, "<html>oops</html>").unwrap_err();
    assert!(!e.needs_reconciliation(), "{e:?}");
}

// ---------------------------------------------------------------------------------------------
// init_sale outcomes.

#[test]
fn init_sale_with_result_code_100_is_a_session() {
    let body = json!({
        "payment_session_id": "ps_9",
        "deeplink_url": "paypos://sale?session=ps_9",
        "code": 100,
        "message": "Daha önce başarılı"
    });
    let session = init_sale_with(200, &body.to_string()).unwrap();
    assert_eq!(session.result_code, ResultCode::OldSuccessful);
    assert!(session.encryption_key.is_none());
    assert_eq!(session.kind(), "payment session started");
}

#[test]
fn init_sale_200_with_a_failure_code_is_a_rejection() {
    let body = json!({"object_name": "init_sale", "code": 7, "message": "Yetkisiz"});
    let e = init_sale_with(200, &body.to_string()).unwrap_err();
    let r = rejection(e);
    assert_eq!(r.operation, Operation::INIT_SALE);
    assert_eq!(r.status, 200);
    assert_eq!(r.code, Some(ResultCode::Unauthorized));
    assert_eq!(r.message.as_deref(), Some("Yetkisiz"));
}

#[test]
fn init_sale_200_without_a_deeplink_is_an_invalid_response() {
    let body = json!({"payment_session_id": "ps_1", "code": 0, "message": "Başarılı"});
    let e = init_sale_with(200, &body.to_string()).unwrap_err();
    let (operation, status, reason, _) = invalid(e);
    assert_eq!(operation, Operation::INIT_SALE);
    assert_eq!(status, Some(200));
    assert!(reason.contains("deeplink_url"), "{reason}");

    // A blank deeplink is none either.
    let body = json!({"payment_session_id": "ps_1", "deeplink_url": " ", "code": 0});
    let e = init_sale_with(200, &body.to_string()).unwrap_err();
    assert!(matches!(e, Error::InvalidResponse { .. }), "{e:?}");
}

#[test]
fn a_softpos_400_in_the_paypos_shape_is_a_rejection() {
    let body = json!({"object_name": "error", "code": 11, "message": "Tutar hatalı"});
    let e = init_sale_with(400, &body.to_string()).unwrap_err();
    let r = rejection(e);
    assert_eq!(r.operation, Operation::INIT_SALE);
    assert_eq!(r.status, 400);
    assert_eq!(r.code, Some(ResultCode::BadRequest));
    assert_eq!(r.message.as_deref(), Some("Tutar hatalı"));
    assert_eq!(r.error_type, None);
}

#[test]
fn a_softpos_400_in_paynets_shape_does_not_read_the_status_as_a_result_code() {
    // `code` is the HTTP status in this shape and must not become result code 400; the
    // `result_code` is Paynet's.
    let body = json!({
        "type": "invalid_request_error",
        "message": "Eksik alan",
        "code": 400,
        "result_code": 11
    });
    let r = rejection(init_sale_with(400, &body.to_string()).unwrap_err());
    assert_eq!(r.status, 400);
    assert_ne!(r.code, Some(ResultCode::from_i64(400)));
    assert_eq!(r.code, Some(ResultCode::BadRequest));
    assert_eq!(r.message.as_deref(), Some("Eksik alan"));

    // Without `type` and `result_code`, a `code` equal to the status is that status.
    let body = json!({"object_name": "error", "code": 400, "message": "Eksik alan"});
    let r = rejection(init_sale_with(400, &body.to_string()).unwrap_err());
    assert_eq!(r.code, None);
}

#[test]
fn a_softpos_400_with_a_string_code_is_still_a_rejection() {
    // The spec says integer; Paynet's clients see strings too.
    let body = json!({"object_name": "error", "code": "11", "message": "Tutar hatalı"});
    let r = rejection(init_sale_with(400, &body.to_string()).unwrap_err());
    assert_eq!(r.status, 400);
    assert_eq!(r.code, Some(ResultCode::BadRequest));
    assert_eq!(r.message.as_deref(), Some("Tutar hatalı"));
}

#[test]
fn a_softpos_403_in_paynets_shape_is_a_rejection() {
    // 403 is not documented for PayPOS calls; the body is in the `{type, ...}` shape.
    let body = json!({
        "type": "authorization_error",
        "message": "Oturum geçersiz",
        "code": 403,
        "result_code": 13
    });
    let e = init_sale_with(403, &body.to_string()).unwrap_err();
    let r = rejection(e);
    assert_eq!(r.status, 403);
    assert_eq!(r.code, Some(ResultCode::PaynetjNoSession));
    assert_eq!(r.error_type, Some(ErrorType::AuthorizationError));
    assert_eq!(r.message.as_deref(), Some("Oturum geçersiz"));
}

#[test]
fn a_softpos_502_html_page_is_an_invalid_response() {
    let e = init_sale_with(502, "<html><body>Bad Gateway</body></html>").unwrap_err();
    let (operation, status, reason, excerpt) = invalid(e);
    assert_eq!(operation, Operation::INIT_SALE);
    assert_eq!(status, Some(502));
    assert_eq!(reason, "HTTP 502 with a body that is not a Paynet error");
    assert!(excerpt.starts_with("<html"), "{excerpt}");
}

#[test]
fn a_softpos_body_over_the_limit_is_an_invalid_response() {
    let body = format!("<html><body>{}</body></html>", "x".repeat(5000));
    let e = decode(
        &sale_request(),
        Answer::over_limit(403, &body.as_bytes()[..1000], 1000),
        &Secrets::new(),
    )
    .unwrap_err();
    let (_, status, reason, excerpt) = invalid(e);
    assert_eq!(status, Some(403));
    assert_eq!(reason, "the body is larger than the 1000-byte limit");
    assert!(excerpt.starts_with("<html"), "{excerpt}");
    assert!(excerpt.chars().count() <= 161, "{excerpt}");
}

// ---------------------------------------------------------------------------------------------
// init_reversal: the same answer as init_sale.

#[test]
fn init_reversal_sends_its_transaction_and_reads_a_session() {
    let request = reversal_request();
    assert_eq!(
        text(encode(&request).unwrap()),
        r#"{"callback_url":"myshop://paypos/return","reference_no":"REFUND-1","xact_id":"xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oKyavBUO0Rbe7WKYXG"}"#
    );
    assert_eq!(InitReversalRequest::OPERATION, Operation::INIT_REVERSAL);

    // The six fields of init_sale's answer.
    let body = json!({
        "payment_session_id": "ps_rev_1",
        "deeplink_url": "paypos://reversal?session=ps_rev_1",
        "encryption_key": ENCRYPTION,
        "object_name": "init_reversal",
        "code": 0,
        "message": "Başarılı"
    });
    let session = answer(&request, 200, &body.to_string()).unwrap();
    assert_eq!(session.payment_session_id, "ps_rev_1");
    assert_eq!(session.deeplink_url, "paypos://reversal?session=ps_rev_1");
    assert_eq!(
        session.encryption_key.as_ref().unwrap().expose_secret(),
        ENCRYPTION
    );
    assert_eq!(session.result_code, ResultCode::Successful);
    assert_eq!(session.message.as_deref(), Some("Başarılı"));
    let debug = format!("{session:?}");
    assert!(!debug.contains(ENCRYPTION), "{debug}");
}

#[test]
fn init_reversal_refusals_and_invalid_answers() {
    let request = reversal_request();
    let body = json!({"object_name": "init_reversal", "code": 12, "message": "İşlem bulunamadı"});
    let r = rejection(answer(&request, 200, &body.to_string()).unwrap_err());
    assert_eq!(r.operation, Operation::INIT_REVERSAL);
    assert_eq!(r.status, 200);
    assert_eq!(r.code, Some(ResultCode::NoData));
    assert_eq!(r.message.as_deref(), Some("İşlem bulunamadı"));

    let body = json!({"object_name": "error", "code": 11, "message": "Eksik alan"});
    let r = rejection(answer(&request, 400, &body.to_string()).unwrap_err());
    assert_eq!((r.status, r.code), (400, Some(ResultCode::BadRequest)));

    let body = json!({"deeplink_url": "paypos://reversal", "code": 0});
    let (operation, status, reason, _) =
        invalid(answer(&request, 200, &body.to_string()).unwrap_err());
    assert_eq!(operation, Operation::INIT_REVERSAL);
    assert_eq!(status, Some(200));
    assert!(reason.contains("payment_session_id"), "{reason}");
}

// ---------------------------------------------------------------------------------------------
// open_session and close_session.

#[test]
fn an_opened_session_keeps_its_message_without_the_new_key() {
    let new_key = "ssk_issued+key/0123456789abcdef";
    let body = json!({
        "session_key": new_key,
        "expired_date": "2026-11-23T10:00:00",
        "agent_id": "20005",
        "code": 0,
        "message": format!("Oturum açıldı: {new_key}")
    });
    let request = OpenSessionRequest::new("20005", "cashier").unwrap();
    assert_eq!(
        text(encode(&request).unwrap()),
        r#"{"agent_id":"20005","user_id":"cashier"}"#
    );
    assert_eq!(OpenSessionRequest::OPERATION.auth(), Auth::SecretKey);
    let secrets = Secrets::new();
    let session = decode(
        &request,
        Answer::new(200, body.to_string().as_bytes()),
        &secrets,
    )
    .unwrap();
    assert_eq!(session.session_key.expose_secret(), new_key);
    assert_eq!(
        session.message.as_deref(),
        Some("Oturum açıldı: [redacted]")
    );
    assert_eq!(
        session.expires_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-11-23T10:00:00+03:00")
    );
    assert_eq!(session.expired_date.as_deref(), Some("2026-11-23T10:00:00"));
    assert_eq!(session.agent_id.as_deref(), Some("20005"));
    assert_eq!(session.result_code, ResultCode::Successful);
    assert_eq!(session.kind(), "session opened");
    let debug = format!("{session:?} {session:#?}");
    assert!(!debug.contains(new_key), "{debug}");
    let json = serde_json::to_string(&session).unwrap();
    assert!(!json.contains(new_key), "{json}");
    assert!(json.contains(r#""session_key":"[redacted]""#), "{json}");

    // The issued key is remembered: a later answer to any call that echoes it is scrubbed.
    assert_eq!(secrets.len(), 1);
    let echo = format!(r#"{{"is_succeed":false,"code":12,"message":"Kayıt yok: {new_key}"}}"#);
    let e = decode(
        &capture_request(),
        Answer::new(200, echo.as_bytes()),
        &secrets,
    )
    .unwrap_err();
    assert_eq!(
        rejection(e).message.as_deref(),
        Some("Kayıt yok: [redacted]")
    );
}

#[test]
fn the_issued_key_is_scrubbed_from_every_field_of_the_session() {
    let new_key = "ssk_issued+key/0123456789abcdef";
    let body = json!({
        "session_key": new_key,
        "agent_id": new_key,
        "company_code": format!("c-{new_key}"),
        "user_id": new_key,
        "user_unique_id": new_key,
        "expired_date": new_key,
        "code": 0,
        "message": new_key
    });
    let request = OpenSessionRequest::new("20005", "cashier").unwrap();
    let session = answer(&request, 200, &body.to_string()).unwrap();
    assert_eq!(session.session_key.expose_secret(), new_key);
    let debug = format!("{session:?}");
    assert!(!debug.contains(new_key), "{debug}");
    let json = serde_json::to_string(&session).unwrap();
    assert!(!json.contains(new_key), "{json}");
    assert_eq!(session.expires_at, None);
}

#[test]
fn an_open_session_refusal_does_not_show_the_key_it_carries() {
    let new_key = "ssk_refused+key/0123456789abcdef";
    let body = json!({"session_key": new_key, "code": 7, "message": format!("Yetkisiz {new_key}")});
    let request = OpenSessionRequest::new("20005", "cashier").unwrap();
    let e = answer(&request, 200, &body.to_string()).unwrap_err();
    let text = format!("{e} {e:?}");
    assert!(!text.contains(new_key), "{text}");
    let r = rejection(e);
    assert_eq!(r.operation, Operation::OPEN_SESSION);
    assert_eq!(r.code, Some(ResultCode::Unauthorized));
    assert_eq!(r.message.as_deref(), Some("Yetkisiz [redacted]"));
}

#[test]
fn a_session_answer_without_a_session_key_is_an_invalid_response() {
    let request = OpenSessionRequest::new("20005", "cashier").unwrap();
    for body in [
        json!({"code": 0, "message": "Başarılı", "agent_id": "20005"}),
        json!({"session_key": " ", "code": 0}),
        json!({"session_key": "", "code": 0}),
    ] {
        let e = answer(&request, 200, &body.to_string()).unwrap_err();
        let (operation, status, reason, _) = invalid(e);
        assert_eq!(operation, Operation::OPEN_SESSION);
        assert_eq!(status, Some(200));
        assert_eq!(reason, "a successful answer without session_key", "{body}");
    }
    // Opening a session moves no money.
    let e = answer(&request, 200, "{").unwrap_err();
    assert!(!e.needs_reconciliation(), "{e:?}");
}

#[test]
fn close_session_code_0_is_done_and_code_12_is_a_rejection() {
    let request = CloseSessionRequest::new(session());
    assert_eq!(CloseSessionRequest::OPERATION, Operation::CLOSE_SESSION);
    answer(
        &request,
        200,
        r#"{"object_name":"logout","code":0,"message":"Başarılı"}"#,
    )
    .unwrap();
    // No code: nothing says it failed.
    answer(&request, 200, "{}").unwrap();

    let e = answer(
        &request,
        200,
        r#"{"object_name":"logout","code":12,"message":"Oturum bulunamadı"}"#,
    )
    .unwrap_err();
    let r = rejection(e);
    assert_eq!(r.operation, Operation::CLOSE_SESSION);
    assert_eq!(r.status, 200);
    assert_eq!(r.code, Some(ResultCode::NoData));
    assert_eq!(r.message.as_deref(), Some("Oturum bulunamadı"));

    let e = answer(
        &request,
        401,
        r#"{"type":"authorization_error","message":"Yetkisiz","code":401,"result_code":7}"#,
    )
    .unwrap_err();
    assert_eq!(e.result_code(), Some(ResultCode::Unauthorized));
}

#[test]
fn close_session_sends_and_scrubs_its_own_key() {
    let request = CloseSessionRequest::new(session());
    assert_eq!(
        text(encode(&request).unwrap()),
        format!(r#"{{"session_key":"{SESSION}"}}"#)
    );
    // The key of the session being closed is scrubbed from the answer, even when the registry
    // does not hold it.
    let body = format!(r#"{{"code":12,"message":"Oturum {SESSION} bulunamadı"}}"#);
    let e = answer(&request, 200, &body).unwrap_err();
    let text = format!("{e} {e:?}");
    assert!(!text.contains(SESSION), "{text}");
    assert_eq!(
        rejection(e).message.as_deref(),
        Some("Oturum [redacted] bulunamadı")
    );
}

// ---------------------------------------------------------------------------------------------
// check_sale.

#[test]
fn check_sale_with_no_data_yet_is_an_empty_check() {
    let request = CheckSaleRequest::new("ps_9f8e7d6c5b4a").unwrap();
    assert_eq!(
        text(encode(&request).unwrap()),
        r#"{"payment_session_id":"ps_9f8e7d6c5b4a"}"#
    );
    assert_eq!(CheckSaleRequest::OPERATION, Operation::CHECK_SALE);
    for body in [
        r#"{"Data":[],"object_name":"check_transaction","code":12,"message":"Kayıt bulunamadı"}"#,
        r#"{"code":12,"message":"Kayıt bulunamadı"}"#,
    ] {
        let check = answer(&request, 200, body).unwrap();
        assert!(check.is_empty(), "{body}");
        assert_eq!(check.latest(), None);
        assert_eq!(check.result_code, ResultCode::NoData);
        assert_eq!(check.message.as_deref(), Some("Kayıt bulunamadı"));
        assert_eq!(check.kind(), "nothing yet");
    }
}

#[test]
fn check_sale_reads_its_transactions() {
    let request = CheckSaleRequest::new("ps_9f8e7d6c5b4a").unwrap();
    let body = r#"{
"Data": [{
  "xact_id": "xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oKyavBUO0Rbe7WKYXG",
  "xact_transaction_id": "987654",
  "xact_date": "2024-05-06T14:03:11.123",
  "transaction_type": 1,
  "pos_type": 5,
  "is_tds": false,
  "agent_id": "20005",
  "agent_reference": "SALE-2002",
  "bank_id": "AXSS",
  "instalment": 0,
  "ratio": 0.0158,
  "card_no": "435508******4358",
  "card_holder": "AYSE YILMAZ",
  "card_type": "cc",
  "amount": 149.90,
  "netAmount": 147.5316,
  "comission": 2.3684,
  "comission_tax": 0.4263,
  "currency": "TRY",
  "authorization_code": "aut-1",
  "note": "2 kahve",
  "is_succeed": true
}],
"object_name": "check_transaction",
"code": 0,
"message": "Başarılı"
}"#;
    let check = answer(&request, 200, body).unwrap();
    assert!(!check.is_empty());
    assert_eq!(check.transactions.len(), 1);
    assert_eq!(check.result_code, ResultCode::Successful);
    assert_eq!(check.kind(), "succeeded");
    let t = check.latest().unwrap();
    assert_eq!(
        t.xact_id.as_deref(),
        Some("xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oKyavBUO0Rbe7WKYXG")
    );
    assert_eq!(t.tracking_id.as_deref(), Some("987654"));
    assert_eq!(t.date_text.as_deref(), Some("2024-05-06T14:03:11.123"));
    assert_eq!(
        t.date.unwrap().to_rfc3339(),
        "2024-05-06T14:03:11.123+03:00"
    );
    assert_eq!(t.transaction_type, Some(TransactionType::Sale));
    assert_eq!(t.pos_type, Some(PosType::PaynetPos));
    assert_eq!(t.card_number_masked.as_deref(), Some("435508******4358"));
    assert_eq!(t.card_type, Some(CardType::Personal));
    assert_eq!(t.agent_reference.as_deref(), Some("SALE-2002"));
    assert_eq!(t.note.as_deref(), Some("2 kahve"));
    let exact = |text: &str| Decimal::from_str_exact(text).unwrap();
    assert_eq!(t.amount.unwrap().value(), exact("149.90"));
    assert_eq!(t.amount.unwrap().value().to_string(), "149.90");
    assert_eq!(t.net_amount.unwrap().value(), exact("147.5316"));
    assert_eq!(t.commission.unwrap().value(), exact("2.3684"));
    assert_eq!(t.commission_tax.unwrap().value(), exact("0.4263"));
    assert_eq!(t.ratio, Some(exact("0.0158")));
    assert_eq!(t.is_succeed, Some(true));

    // A declined sale is reported, not an error.
    let declined = body.replace("\"is_succeed\": true", "\"is_succeed\": false");
    let check = answer(&request, 200, &declined).unwrap();
    assert_eq!(check.kind(), "declined");
}

#[test]
fn check_sale_refusals_and_invalid_answers() {
    let request = CheckSaleRequest::new("ps_9f8e7d6c5b4a").unwrap();
    let r =
        rejection(answer(&request, 200, r#"{"code":13,"message":"Oturum geçersiz"}"#).unwrap_err());
    assert_eq!(r.operation, Operation::CHECK_SALE);
    assert_eq!(r.code, Some(ResultCode::PaynetjNoSession));

    let e = answer(
        &request,
        200,
        r#"{"Data":[{"netAmount":"1,00","currency":"EUR"}],"code":0}"#,
    )
    .unwrap_err();
    let (operation, status, reason, _) = invalid(e);
    assert_eq!(operation, Operation::CHECK_SALE);
    assert_eq!(status, Some(200));
    assert!(
        reason.contains("netAmount") && reason.contains("1,00"),
        "{reason}"
    );

    let e = answer(&request, 200, r#"{"Data":{},"code":0}"#).unwrap_err();
    let (_, _, reason, _) = invalid(e);
    assert!(
        reason.starts_with("JSON of an unexpected shape"),
        "{reason}"
    );
}

// ---------------------------------------------------------------------------------------------
// No answer.

#[test]
fn an_unknown_outcome_names_what_to_reconcile() {
    let e = outcome_unknown(
        &capture_request(),
        "timed out after sending",
        Some("deadline has elapsed".into()),
    );
    assert!(e.is_outcome_unknown());
    assert!(!e.is_not_sent());
    assert!(e.needs_reconciliation());
    assert_eq!(e.http_status(), None);
    let text = e.to_string();
    let Error::OutcomeUnknown {
        operation,
        reference,
        reason,
        source,
        ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(*operation, Operation::CAPTURE);
    assert!(operation.moves_money());
    assert_eq!(reference.as_deref(), Some("reference_no=ORDER-1"));
    assert_eq!(reason, "timed out after sending");
    assert!(source.is_some());
    assert!(std::error::Error::source(&e).is_some());
    assert_eq!(
        text,
        "outcome of capture is unknown (timed out after sending); reconcile reference_no=ORDER-1 before retrying"
    );
}

#[test]
fn an_unknown_outcome_of_each_operation_names_its_reference() {
    let reference = |e: Error| match e {
        Error::OutcomeUnknown {
            operation,
            reference,
            ..
        } => (operation, reference),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        reference(outcome_unknown(&sale_request(), "timed out", None)),
        (
            Operation::INIT_SALE,
            Some("reference_no=ORDER-7".to_owned())
        )
    );
    let unreferenced = InitSaleRequest::builder("1".parse().unwrap())
        .build()
        .unwrap();
    assert_eq!(
        reference(outcome_unknown(&unreferenced, "timed out", None)),
        (Operation::INIT_SALE, None)
    );
    assert_eq!(
        reference(outcome_unknown(&reversal_request(), "timed out", None)),
        (
            Operation::INIT_REVERSAL,
            Some("xact_id=xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oKyavBUO0Rbe7WKYXG".to_owned())
        )
    );
    assert_eq!(
        reference(outcome_unknown(
            &CheckSaleRequest::new("ps_1").unwrap(),
            "timed out",
            None
        )),
        (
            Operation::CHECK_SALE,
            Some("payment_session_id=ps_1".to_owned())
        )
    );
    assert_eq!(
        reference(outcome_unknown(
            &OpenSessionRequest::new("20005", "cashier").unwrap(),
            "timed out",
            None
        )),
        (
            Operation::OPEN_SESSION,
            Some("agent_id=20005 user_id=cashier".to_owned())
        )
    );
    assert_eq!(
        reference(outcome_unknown(
            &CloseSessionRequest::new(session()),
            "timed out",
            None
        )),
        (Operation::CLOSE_SESSION, None)
    );
    // An unknown outcome is reconciled whatever the operation.
    assert!(outcome_unknown(&sale_request(), "x", None).needs_reconciliation());
}

/// A key the client already knows (the same session issued again, a reused encryption key) is
/// still the outcome's key: the answer's own credential fields are not scrubbed away.
#[test]
fn a_known_key_issued_again_is_the_outcomes_key() {
    let secrets = paynet_domain::Secrets::new();
    secrets.remember("ssk_issued_again_0123456789");
    secrets.remember("ek_reused_0123456789");
    let body = br#"{"session_key":"ssk_issued_again_0123456789","code":0,"message":"ok ssk_issued_again_0123456789"}"#;
    let request = paynet_domain::OpenSessionRequest::new("20005", "u1").unwrap();
    for _ in 0..2 {
        let session = decode(&request, Answer::new(200, body), &secrets).unwrap();
        assert_eq!(
            session.session_key.expose_secret(),
            "ssk_issued_again_0123456789"
        );
        assert_eq!(session.message.as_deref(), Some("ok [redacted]"));
    }
    let body = br#"{"payment_session_id":"ps_1","deeplink_url":"paypos://x","encryption_key":"ek_reused_0123456789","code":0}"#;
    let sale = paynet_domain::InitSaleRequest::builder("1.00".parse().unwrap())
        .build()
        .unwrap();
    let session = decode(&sale, Answer::new(200, body), &secrets).unwrap();
    assert_eq!(
        session
            .encryption_key
            .map(|k| k.expose_secret().to_owned())
            .as_deref(),
        Some("ek_reused_0123456789")
    );
}

#[test]
fn a_payment_list_row_is_read_by_its_own_names_and_its_is_succeed_decides_nothing() {
    let day = |d| chrono::NaiveDate::from_ymd_opt(2024, 11, d).unwrap();
    let request = paynet_domain::PaymentListRequest::builder(day(1), day(30))
        .build()
        .unwrap();
    let row = |is_succeed: &str, net: &str| {
        format!(
            r#"{{"Data":[{{"xact_id":"xk_1","xact_type":2,"card_no":"4355081234564358","xact_agent_reference":"ORDER-7","xact_note":"2 kahve","net_amount":{net},"currency":"TRY","is_succeed":{is_succeed}}}],"code":0}}"#
        )
    };
    let page = answer(&request, 200, &row("true", "147.53")).unwrap();
    let t = &page.rows[0].transaction;
    assert_eq!(t.transaction_type, Some(TransactionType::Reversal));
    assert_eq!(t.card_number_masked.as_deref(), Some("435508******4358"));
    assert_eq!(t.reference_no.as_deref(), Some("ORDER-7"));
    assert_eq!(t.note.as_deref(), Some("2 kahve"));
    assert_eq!(t.net_amount.unwrap().value().to_string(), "147.53");
    assert_eq!(t.is_succeed, Some(true));
    // A list's row decides nothing: an odd `is_succeed` is not said, the page still reads.
    let page = answer(&request, 200, &row(r#""maybe""#, "147.53")).unwrap();
    assert_eq!(page.rows[0].transaction.is_succeed, None);
    // An amount that cannot be read exactly is an invalid answer, named as the list spells it.
    let e = answer(&request, 200, &row("true", r#""1,00""#)).unwrap_err();
    let (_, _, reason, _) = invalid(e);
    assert!(
        reason.contains("`net_amount`") && reason.contains("1,00"),
        "{reason}"
    );
}
