//! The fault suite of the PayPOS App2App operations: `Client::open_session` (get_auth_key),
//! `Client::close_session` (logout), `PayPos::check_sale` (check_transaction) and
//! `PayPos::start_reversal` (init_reversal_transaction), end to end through the facade, against
//! httpmock (through the generated typed helpers, `into_inner()` to deviate from the spec) and,
//! for what httpmock cannot do, raw TCP servers on loopback.
//!
//! As in `fault_suite.rs`, every test asserts the exact outcome or error variant and its key
//! fields, and prints the result (`Display`, `Debug`, source chain) to check that nothing panics
//! and no key shows.
//!
//! The agent calls' spec documents `4XX` and `5XX` answers with an error body, so an HTML page
//! there is undecodable JSON ("not JSON ..."); the App2App spec documents only 200 and 400, so
//! any other status is an undocumented answer ("HTTP 500 with a body that is not a Paynet
//! error"). Either way it is an `Error::InvalidResponse` quoting the start of the body.

mod common;

use common::*;
use httpmock::{Mock, MockServer};
use paynet::raw::paypos_agent::types::CloseSessionPaynetMobile;
use paynet::raw::paypos_agent::types::{self as agent_wire, OpenSessionPaynetMobile};
use paynet::raw::paypos_app2app::types as app2app_wire;
use paynet::{
    AgentSession, BankId, CardType, Client, Error, ErrorType, Operation, PosType, ResultCode,
    RetryPolicy, ReversalRequest, SaleCheck, SaleSession, TransactionType,
};
use paynet_httpmock::paypos_agent::MockServerExt as _;
use paynet_httpmock::paypos_agent::operations::{CloseSessionThen, OpenSessionThen};
use paynet_httpmock::paypos_app2app::MockServerExt as _;
use paynet_httpmock::paypos_app2app::operations::{CheckSaleThen, InitReversalThen};

// ---------------------------------------------------------------------------------------------
// Helpers.

/// The agent (bayi) the session is opened for.
const AGENT_ID: &str = "20005";
/// The agent's user.
const USER_ID: &str = "cashier-1";
/// The payment session id the sale was started with.
const PAYMENT_SESSION_ID: &str = "ps_9f8e7d6c5b4a";
/// The encrypted id of the transaction to reverse (`*` and `/` included, as Paynet's are).
const REVERSAL_XACT_ID: &str = "xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oK/yavBUO0Rbe7WKYXG";
/// The reversal's reference number.
const REVERSAL_REFERENCE: &str = "REFUND-3003";
/// The reversal's payment session id.
const REVERSAL_SESSION_ID: &str = "ps_rev_1a2b3c4d";

/// A check_transaction answer with one approved sale, as Paynet writes it: `Data`, `card_no`,
/// `card_type`, and the camelCase `netAmount`.
const CHECK_RESPONSE: &str = r#"{
"Data": [{
  "xact_id": "xk_EAAAAIO6j*mZ24gKFpk739cUeuL9P7oK/yavBUO0Rbe7WKYXG",
  "xact_date": "2024-05-01T14:05:09.377",
  "transaction_type": 1,
  "pos_type": 5,
  "agent_id": "20005",
  "is_tds": false,
  "bank_id": "AXSS",
  "instalment": 1,
  "card_no": "435508******4358",
  "card_holder": "GJH",
  "card_type": "cc",
  "ratio": 0.0199,
  "amount": 149.90,
  "netAmount": 146.9170,
  "comission": 2.9830,
  "comission_tax": 0,
  "currency": "TRY",
  "authorization_code": "aut-9001",
  "reference_code": "ref-9001",
  "order_id": "order-9001",
  "is_succeed": true,
  "xact_transaction_id": "9001",
  "email": "",
  "phone": " ",
  "note": "Kahve",
  "agent_reference": "SALE-2002"
}],
"object_name": "transaction_list",
"code": 0,
"message": "Başarılı"
}"#;

/// A get_auth_key mock that requires the secret key and `PaynetMobile: 2`, answering with `then`.
fn auth_key_mock<'a>(server: &'a MockServer, then: impl FnOnce(OpenSessionThen)) -> Mock<'a> {
    server.open_session(|when, t| {
        when.paynet_mobile(OpenSessionPaynetMobile::X2)
            .into_inner()
            .header("authorization", AUTHORIZATION);
        then(t);
    })
}

/// A logout mock that requires the secret key and `PaynetMobile: 2`, answering with `then`.
fn logout_mock<'a>(server: &'a MockServer, then: impl FnOnce(CloseSessionThen)) -> Mock<'a> {
    server.close_session(|when, t| {
        when.paynet_mobile(CloseSessionPaynetMobile::X2)
            .into_inner()
            .header("authorization", AUTHORIZATION);
        then(t);
    })
}

/// A check_transaction mock that requires the session key, answering with `then`.
fn check_mock<'a>(server: &'a MockServer, then: impl FnOnce(CheckSaleThen)) -> Mock<'a> {
    server.check_sale(|when, t| {
        when.session_key(SESSION);
        then(t);
    })
}

/// An init_reversal_transaction mock that requires the session key, answering with `then`.
fn reversal_mock<'a>(server: &'a MockServer, then: impl FnOnce(InitReversalThen)) -> Mock<'a> {
    server.init_reversal(|when, t| {
        when.session_key(SESSION);
        then(t);
    })
}

fn reversal_request() -> ReversalRequest {
    ReversalRequest::new(REVERSAL_XACT_ID)
        .and_then(|r| r.reference_no(REVERSAL_REFERENCE))
        .and_then(|r| r.callback_url("myshop://paypos/return"))
        .expect("reversal request")
}

async fn open_session(base_url: &str) -> Result<AgentSession, Error> {
    client(base_url).open_session(AGENT_ID, USER_ID).await
}

async fn close_session(base_url: &str) -> Result<(), Error> {
    client(base_url).close_session(&session_key()).await
}

async fn check_sale(base_url: &str) -> Result<SaleCheck, Error> {
    client(base_url)
        .paypos(session_key())
        .check_sale(PAYMENT_SESSION_ID)
        .await
}

async fn start_reversal(base_url: &str) -> Result<SaleSession, Error> {
    client(base_url)
        .paypos(session_key())
        .start_reversal(&reversal_request())
        .await
}

/// A client of `base_url` whose attempts time out after [`SHORT`].
fn impatient(base_url: &str) -> Client {
    builder(base_url)
        .attempt_timeout(SHORT)
        .build()
        .expect("client")
}

/// A successful get_auth_key answer.
fn agent_session() -> agent_wire::AgentSession {
    agent_wire::AgentSession {
        session_key: Some(SESSION.into()),
        expired_date: Some("2024-05-01T18:30:00".into()),
        agent_id: Some(AGENT_ID.into()),
        company_code: Some("1001".into()),
        user_id: Some(USER_ID.into()),
        user_unique_id: Some("u-42".into()),
        is_okc_inquiry: Some(false),
        object_name: Some("agent_session".into()),
        code: Some(0),
        message: Some("Başarılı".into()),
    }
}

/// A successful init_reversal_transaction answer with `code`.
fn reversal_response(code: i64) -> app2app_wire::InitReversalResponse {
    app2app_wire::InitReversalResponse {
        payment_session_id: Some(REVERSAL_SESSION_ID.into()),
        deeplink_url: Some(format!(
            "paypos://reversal?payment_session_id={REVERSAL_SESSION_ID}"
        )),
        encryption_key: Some(ENCRYPTION.into()),
        object_name: Some("payment_session".into()),
        code: Some(code),
        message: Some("Başarılı".into()),
    }
}

#[track_caller]
fn invalid_request<T: std::fmt::Debug>(result: Result<T, Error>, expected: &str) {
    match err(result) {
        e @ Error::InvalidRequest { .. } => {
            assert!(e.is_not_sent());
            let Error::InvalidRequest { field, .. } = e else {
                unreachable!()
            };
            assert_eq!(field, expected);
        }
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    }
}

fn dec(text: &str) -> paynet::Decimal {
    text.parse().expect("decimal")
}

// ---------------------------------------------------------------------------------------------
// Success, and what goes on the wire.

#[tokio::test]
async fn open_session_sends_the_raw_secret_key_and_paynet_mobile_and_reads_the_session() {
    let server = MockServer::start_async().await;
    let mock = server.open_session(|when, then| {
        when.paynet_mobile(OpenSessionPaynetMobile::X2)
            .body(&agent_wire::GetAuthKeyRequest {
                agent_id: AGENT_ID.into(),
                user_id: USER_ID.into(),
            })
            .into_inner()
            .header("authorization", AUTHORIZATION)
            .header("paynetmobile", "2")
            .header("content-type", "application/json")
            .header_missing("api-version")
            .header_missing("session-key")
            .body(r#"{"agent_id":"20005","user_id":"cashier-1"}"#);
        then.ok(&agent_session());
    });
    let session = ok(open_session(&server.base_url()).await);
    assert_eq!(session.session_key.expose_secret(), SESSION);
    assert_eq!(
        session.expires_at.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-05-01T18:30:00+03:00")
    );
    assert_eq!(session.expired_date.as_deref(), Some("2024-05-01T18:30:00"));
    assert_eq!(session.agent_id.as_deref(), Some(AGENT_ID));
    assert_eq!(session.company_code.as_deref(), Some("1001"));
    assert_eq!(session.user_id.as_deref(), Some(USER_ID));
    assert_eq!(session.user_unique_id.as_deref(), Some("u-42"));
    assert_eq!(session.is_okc_inquiry, Some(false));
    assert_eq!(session.result_code, ResultCode::Successful);
    assert_eq!(session.message.as_deref(), Some("Başarılı"));
    let debug = format!("{session:?}");
    assert!(debug.contains("SessionKey([redacted])"), "{debug}");
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn open_session_reads_an_expiry_with_an_offset_and_keeps_an_unreadable_one_as_text() {
    let server = MockServer::start_async().await;
    let mut mock = auth_key_mock(&server, |then| {
        then.ok(&agent_wire::AgentSession {
            expired_date: Some("2024-05-01T18:30:00.5+00:00".into()),
            ..agent_session()
        });
    });
    let session = ok(open_session(&server.base_url()).await);
    assert_eq!(
        session.expires_at.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-05-01T18:30:00.500+00:00")
    );
    mock.delete_async().await;

    mock = auth_key_mock(&server, |then| {
        then.ok(&agent_wire::AgentSession {
            expired_date: Some("30 dakika".into()),
            ..agent_session()
        });
    });
    let session = ok(open_session(&server.base_url()).await);
    assert_eq!(session.expires_at, None);
    assert_eq!(session.expired_date.as_deref(), Some("30 dakika"));
    assert_eq!(session.session_key.expose_secret(), SESSION);
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn close_session_sends_the_session_key_in_the_body_under_the_secret_key() {
    let server = MockServer::start_async().await;
    let mock = server.close_session(|when, then| {
        when.paynet_mobile(CloseSessionPaynetMobile::X2)
            .body(&agent_wire::LogoutRequest {
                session_key: SESSION.into(),
            })
            .into_inner()
            .header("authorization", AUTHORIZATION)
            .header("paynetmobile", "2")
            .header("content-type", "application/json")
            .header_missing("api-version")
            .header_missing("session-key")
            .body(format!(r#"{{"session_key":"{SESSION}"}}"#));
        then.ok(&agent_wire::AgentResult {
            object_name: Some("result".into()),
            code: Some(0),
            message: Some("Başarılı".into()),
        });
    });
    ok(close_session(&server.base_url()).await);
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn check_sale_sends_the_session_key_and_reads_the_transaction() {
    let server = MockServer::start_async().await;
    let mock = server.check_sale(|when, then| {
        when.session_key(SESSION)
            .body(&app2app_wire::CheckTransactionRequest {
                payment_session_id: PAYMENT_SESSION_ID.into(),
            })
            .into_inner()
            .header("content-type", "application/json")
            .header_missing("authorization")
            .header_missing("api-version")
            .body(format!(
                r#"{{"payment_session_id":"{PAYMENT_SESSION_ID}"}}"#
            ));
        raw(200, "application/json", CHECK_RESPONSE)(then.into_inner());
    });
    let check = ok(check_sale(&server.base_url()).await);
    assert!(!check.is_pending());
    assert_eq!(check.result_code, ResultCode::Successful);
    assert_eq!(check.message.as_deref(), Some("Başarılı"));
    assert_eq!(check.transactions.len(), 1);
    let t = check.latest().expect("a transaction");
    assert_eq!(t.xact_id.as_deref(), Some(REVERSAL_XACT_ID));
    assert_eq!(
        t.date.map(|d| d.to_rfc3339()).as_deref(),
        Some("2024-05-01T14:05:09.377+03:00")
    );
    assert_eq!(t.transaction_type, Some(TransactionType::Sale));
    assert_eq!(t.pos_type, Some(PosType::PaynetPos));
    assert_eq!(t.bank_id, Some(BankId::new("AXSS")));
    assert_eq!(t.card_number_masked.as_deref(), Some("435508******4358"));
    assert_eq!(t.card_type, Some(CardType::Personal));
    assert_eq!(t.is_succeed, Some(true));
    // `netAmount` (camelCase on this endpoint) is read, exactly as sent: scale kept.
    let net = t.net_amount.expect("netAmount");
    assert_eq!(net.value(), dec("146.9170"));
    assert_eq!(net.value().to_string(), "146.9170");
    assert_eq!(net.currency(), paynet::Currency::Try);
    assert_eq!(
        t.amount.map(|a| a.value().to_string()).as_deref(),
        Some("149.90")
    );
    assert_eq!(
        t.commission.map(|a| a.value().to_string()).as_deref(),
        Some("2.9830")
    );
    assert_eq!(t.ratio, Some(dec("0.0199")));
    assert_eq!(t.plain_id.as_deref(), Some("9001"));
    assert_eq!(t.note.as_deref(), Some("Kahve"));
    assert_eq!(t.agent_reference.as_deref(), Some(SALE_REFERENCE));
    // Blank strings are absent.
    assert_eq!(t.email, None);
    assert_eq!(t.phone, None);
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn check_sale_code_12_with_empty_data_is_pending() {
    let logs = Logs::default();
    let _guard = logs.install();
    let server = MockServer::start_async().await;
    check_mock(&server, |then| {
        then.ok(&app2app_wire::CheckTransactionResponse {
            data: Vec::new(),
            object_name: Some("error".into()),
            code: Some(12),
            message: Some("Kayıt bulunamadı".into()),
        });
    });
    let check = ok(check_sale(&server.base_url()).await);
    assert!(check.is_pending());
    assert_eq!(check.latest(), None);
    assert_eq!(check.result_code, ResultCode::NoData);
    assert_eq!(check.message.as_deref(), Some("Kayıt bulunamadı"));
    let text = logs.text();
    assert!(text.contains("outcome=\"pending\""), "{text}");
    assert!(text.contains("result_code=12"), "{text}");
}

#[tokio::test]
async fn check_sale_code_12_without_data_is_pending_too() {
    let server = MockServer::start_async().await;
    check_mock(&server, |then| {
        raw(
            200,
            "application/json",
            r#"{"object_name":"error","code":12,"message":"Kayıt bulunamadı"}"#,
        )(then.into_inner())
    });
    let check = ok(check_sale(&server.base_url()).await);
    assert!(check.is_pending());
    assert_eq!(check.result_code, ResultCode::NoData);
}

#[tokio::test]
async fn start_reversal_sends_the_session_key_and_reads_the_session() {
    let server = MockServer::start_async().await;
    let mock = server.init_reversal(|when, then| {
        when.session_key(SESSION)
            .body(&app2app_wire::InitReversalRequest {
                xact_id: REVERSAL_XACT_ID.into(),
                reference_no: Some(REVERSAL_REFERENCE.into()),
                callback_url: Some("myshop://paypos/return".into()),
            })
            .into_inner()
            .header("content-type", "application/json")
            .header_missing("authorization")
            .header_missing("api-version");
        then.ok(&reversal_response(0));
    });
    let session = ok(start_reversal(&server.base_url()).await);
    assert_eq!(session.payment_session_id, REVERSAL_SESSION_ID);
    assert_eq!(
        session.deeplink_url,
        format!("paypos://reversal?payment_session_id={REVERSAL_SESSION_ID}")
    );
    assert_eq!(
        session.encryption_key.as_ref().map(|k| k.expose_secret()),
        Some(ENCRYPTION)
    );
    assert_eq!(session.result_code, ResultCode::Successful);
    assert_eq!(session.message.as_deref(), Some("Başarılı"));
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn start_reversal_result_code_100_is_a_session() {
    let server = MockServer::start_async().await;
    reversal_mock(&server, |then| {
        then.ok(&reversal_response(100));
    });
    let session = ok(start_reversal(&server.base_url()).await);
    assert_eq!(session.result_code, ResultCode::OldSuccessful);
    assert_eq!(session.payment_session_id, REVERSAL_SESSION_ID);
}

// ---------------------------------------------------------------------------------------------
// Invalid input: refused before anything is sent.

#[tokio::test]
async fn open_session_with_an_empty_agent_or_user_id_sends_nothing() {
    let server = MockServer::start_async().await;
    let mock = auth_key_mock(&server, |then| {
        then.ok(&agent_session());
    });
    let client = client(&server.base_url());
    invalid_request(client.open_session("", USER_ID).await, "agent_id");
    invalid_request(client.open_session(AGENT_ID, "").await, "user_id");
    invalid_request(client.open_session("200\n05", USER_ID).await, "agent_id");
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn check_sale_with_an_empty_payment_session_id_sends_nothing() {
    let server = MockServer::start_async().await;
    let mock = check_mock(&server, |then| {
        raw(200, "application/json", CHECK_RESPONSE)(then.into_inner());
    });
    let paypos = client(&server.base_url()).paypos(session_key());
    invalid_request(paypos.check_sale("").await, "payment_session_id");
    invalid_request(paypos.check_sale(" ps_1").await, "payment_session_id");
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn a_reversal_of_an_empty_xact_id_cannot_be_built_and_sends_nothing() {
    let server = MockServer::start_async().await;
    let mock = reversal_mock(&server, |then| {
        then.ok(&reversal_response(0));
    });
    invalid_request(ReversalRequest::new(""), "xact_id");
    invalid_request(
        ReversalRequest::new(REVERSAL_XACT_ID).and_then(|r| r.callback_url("not a url")),
        "callback_url",
    );
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn agent_calls_without_a_secret_key_send_nothing() {
    let server = MockServer::start_async().await;
    let open = auth_key_mock(&server, |then| {
        then.ok(&agent_session());
    });
    let close = logout_mock(&server, |then| {
        then.ok(&agent_wire::AgentResult::default());
    });
    let client = Client::builder()
        .base_url(server.base_url())
        .build()
        .expect("client");
    invalid_request(client.open_session(AGENT_ID, USER_ID).await, "secret_key");
    invalid_request(client.close_session(&session_key()).await, "secret_key");
    assert_eq!(open.calls_async().await, 0);
    assert_eq!(close.calls_async().await, 0);
}

// ---------------------------------------------------------------------------------------------
// HTTP 200 with a non-zero result code.

#[tokio::test]
async fn open_session_http_200_with_a_non_zero_code_is_rejected() {
    let server = MockServer::start_async().await;
    auth_key_mock(&server, |then| {
        then.ok(&agent_wire::AgentSession {
            object_name: Some("error".into()),
            code: Some(4),
            message: Some("Bayi bulunamadı".into()),
            ..Default::default()
        });
    });
    let r = rejection(
        open_session(&server.base_url()).await,
        Operation::OpenSession,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.code, Some(ResultCode::AgentNotFound));
    assert_eq!(r.message.as_deref(), Some("Bayi bulunamadı"));
    assert_eq!(r.error_type, None);
}

#[tokio::test]
async fn close_session_http_200_with_a_non_zero_code_is_rejected() {
    let server = MockServer::start_async().await;
    logout_mock(&server, |then| {
        then.ok(&agent_wire::AgentResult {
            object_name: Some("error".into()),
            code: Some(13),
            message: Some("Oturum bulunamadı".into()),
        });
    });
    let r = rejection(
        close_session(&server.base_url()).await,
        Operation::CloseSession,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.code, Some(ResultCode::PaynetjNoSession));
    assert_eq!(r.message.as_deref(), Some("Oturum bulunamadı"));
}

#[tokio::test]
async fn check_sale_http_200_with_a_non_zero_code_is_rejected() {
    let server = MockServer::start_async().await;
    check_mock(&server, |then| {
        then.ok(&app2app_wire::CheckTransactionResponse {
            object_name: Some("error".into()),
            code: Some(13),
            message: Some("Oturum bulunamadı".into()),
            ..Default::default()
        });
    });
    let r = rejection(
        check_sale(&server.base_url()).await,
        Operation::CheckTransaction,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.code, Some(ResultCode::PaynetjNoSession));
    assert_eq!(r.message.as_deref(), Some("Oturum bulunamadı"));
}

#[tokio::test]
async fn start_reversal_http_200_with_a_non_zero_code_is_rejected() {
    let server = MockServer::start_async().await;
    reversal_mock(&server, |then| {
        then.ok(&app2app_wire::InitReversalResponse {
            object_name: Some("error".into()),
            code: Some(15),
            message: Some("İşlem eşleşmedi".into()),
            ..Default::default()
        });
    });
    let r = rejection(
        start_reversal(&server.base_url()).await,
        Operation::InitReversal,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.code, Some(ResultCode::PaynetjUnmatchTran));
    assert_eq!(r.message.as_deref(), Some("İşlem eşleşmedi"));
}

#[tokio::test]
async fn start_reversal_unknown_result_code_is_rejected_with_the_code_kept() {
    let server = MockServer::start_async().await;
    reversal_mock(&server, |then| {
        then.ok(&app2app_wire::InitReversalResponse {
            code: Some(999),
            message: Some("Yeni bir hata".into()),
            ..reversal_response(0)
        });
    });
    let r = rejection(
        start_reversal(&server.base_url()).await,
        Operation::InitReversal,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.code, Some(ResultCode::Unknown(999)));
}

// ---------------------------------------------------------------------------------------------
// HTTP 400 with the PayPOS error body {object_name, code, message}.

fn agent_paypos_error(code: i64, message: &str) -> agent_wire::AgentError {
    agent_wire::AgentError {
        object_name: Some("error".into()),
        code: Some(code),
        message: Some(message.into()),
        ..Default::default()
    }
}

#[tokio::test]
async fn open_session_400_with_the_paypos_error_body_is_rejected() {
    let server = MockServer::start_async().await;
    auth_key_mock(&server, |then| {
        then.client_error(400, &agent_paypos_error(11, "Geçersiz istek"));
    });
    let r = rejection(
        open_session(&server.base_url()).await,
        Operation::OpenSession,
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.code, Some(ResultCode::BadRequest));
    assert_eq!(r.message.as_deref(), Some("Geçersiz istek"));
    assert_eq!(r.error_type, None);
}

#[tokio::test]
async fn close_session_400_with_the_paypos_error_body_is_rejected() {
    let server = MockServer::start_async().await;
    logout_mock(&server, |then| {
        then.client_error(400, &agent_paypos_error(13, "Oturum bulunamadı"));
    });
    let r = rejection(
        close_session(&server.base_url()).await,
        Operation::CloseSession,
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.code, Some(ResultCode::PaynetjNoSession));
    assert_eq!(r.message.as_deref(), Some("Oturum bulunamadı"));
    assert_eq!(r.error_type, None);
}

#[tokio::test]
async fn check_sale_400_with_the_paypos_error_body_is_rejected() {
    let server = MockServer::start_async().await;
    check_mock(&server, |then| {
        then.bad_request(&app2app_wire::ErrorResponse {
            object_name: Some("error".into()),
            code: Some(7),
            message: Some("Session-Key geçersiz".into()),
        });
    });
    let r = rejection(
        check_sale(&server.base_url()).await,
        Operation::CheckTransaction,
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.code, Some(ResultCode::Unauthorized));
    assert_eq!(r.message.as_deref(), Some("Session-Key geçersiz"));
    assert_eq!(r.error_type, None);
}

#[tokio::test]
async fn start_reversal_400_with_the_paypos_error_body_is_rejected() {
    let server = MockServer::start_async().await;
    reversal_mock(&server, |then| {
        then.bad_request(&app2app_wire::ErrorResponse {
            object_name: Some("error".into()),
            code: Some(11),
            message: Some("xact_id geçersiz".into()),
        });
    });
    let r = rejection(
        start_reversal(&server.base_url()).await,
        Operation::InitReversal,
    );
    assert_eq!(r.status, 400);
    assert_eq!(r.code, Some(ResultCode::BadRequest));
    assert_eq!(r.message.as_deref(), Some("xact_id geçersiz"));
    assert_eq!(r.error_type, None);
}

// ---------------------------------------------------------------------------------------------
// HTTP 401 and 403 with {type, message, code, result_code}.

fn agent_api_error(
    kind: &str,
    message: &str,
    status: i64,
    result_code: i64,
) -> agent_wire::AgentError {
    agent_wire::AgentError {
        type_: Some(kind.into()),
        message: Some(message.into()),
        code: Some(status),
        result_code: Some(result_code),
        object_name: None,
    }
}

#[tokio::test]
async fn open_session_401_and_403_are_rejected_with_type_and_result_code() {
    let server = MockServer::start_async().await;
    let mut mock = auth_key_mock(&server, |then| {
        then.client_error(
            401,
            &agent_api_error("authorization_error", "Geçersiz API anahtarı", 401, 7),
        );
    });
    let r = rejection(
        open_session(&server.base_url()).await,
        Operation::OpenSession,
    );
    assert_eq!(r.status, 401);
    assert_eq!(r.code, Some(ResultCode::Unauthorized));
    assert_eq!(r.error_type, Some(ErrorType::AuthorizationError));
    assert_eq!(r.message.as_deref(), Some("Geçersiz API anahtarı"));
    mock.delete_async().await;

    mock = auth_key_mock(&server, |then| {
        then.client_error(
            403,
            &agent_api_error("invalid_request_error", "IP izinli değil", 403, 2),
        );
    });
    let r = rejection(
        open_session(&server.base_url()).await,
        Operation::OpenSession,
    );
    assert_eq!(r.status, 403);
    assert_eq!(r.code, Some(ResultCode::CompanyBlocked));
    assert_eq!(r.error_type, Some(ErrorType::InvalidRequestError));
    assert_eq!(r.message.as_deref(), Some("IP izinli değil"));
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn close_session_401_and_403_are_rejected_with_type_and_result_code() {
    let server = MockServer::start_async().await;
    let mut mock = logout_mock(&server, |then| {
        then.client_error(
            401,
            &agent_api_error("authorization_error", "Geçersiz API anahtarı", 401, 7),
        );
    });
    let r = rejection(
        close_session(&server.base_url()).await,
        Operation::CloseSession,
    );
    assert_eq!(r.status, 401);
    assert_eq!(r.code, Some(ResultCode::Unauthorized));
    assert_eq!(r.error_type, Some(ErrorType::AuthorizationError));
    mock.delete_async().await;

    mock = logout_mock(&server, |then| {
        then.client_error(
            403,
            &agent_api_error("authorization_error", "Bayi engelli", 403, 3),
        );
    });
    let r = rejection(
        close_session(&server.base_url()).await,
        Operation::CloseSession,
    );
    assert_eq!(r.status, 403);
    assert_eq!(r.code, Some(ResultCode::AgentBlocked));
    assert_eq!(r.error_type, Some(ErrorType::AuthorizationError));
    assert_eq!(r.message.as_deref(), Some("Bayi engelli"));
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn check_sale_401_and_403_are_rejected_with_type_and_result_code() {
    let server = MockServer::start_async().await;
    let mut mock = check_mock(&server, |then| {
        raw(
            401,
            "application/json",
            &api_error_json("authorization_error", "Oturum anahtarı geçersiz", 401, 7),
        )(then.into_inner());
    });
    let r = rejection(
        check_sale(&server.base_url()).await,
        Operation::CheckTransaction,
    );
    assert_eq!(r.status, 401);
    assert_eq!(r.code, Some(ResultCode::Unauthorized));
    assert_eq!(r.error_type, Some(ErrorType::AuthorizationError));
    assert_eq!(r.message.as_deref(), Some("Oturum anahtarı geçersiz"));
    mock.delete_async().await;

    mock = check_mock(&server, |then| {
        raw(
            403,
            "application/json",
            &api_error_json("authorization_error", "Bayi engelli", 403, 3),
        )(then.into_inner());
    });
    let r = rejection(
        check_sale(&server.base_url()).await,
        Operation::CheckTransaction,
    );
    assert_eq!(r.status, 403);
    assert_eq!(r.code, Some(ResultCode::AgentBlocked));
    assert_eq!(r.error_type, Some(ErrorType::AuthorizationError));
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn start_reversal_401_and_403_are_rejected_with_type_and_result_code() {
    let server = MockServer::start_async().await;
    let mut mock = reversal_mock(&server, |then| {
        raw(
            401,
            "application/json",
            &api_error_json("authorization_error", "Oturum anahtarı geçersiz", 401, 7),
        )(then.into_inner());
    });
    let r = rejection(
        start_reversal(&server.base_url()).await,
        Operation::InitReversal,
    );
    assert_eq!(r.status, 401);
    assert_eq!(r.code, Some(ResultCode::Unauthorized));
    assert_eq!(r.error_type, Some(ErrorType::AuthorizationError));
    mock.delete_async().await;

    mock = reversal_mock(&server, |then| {
        raw(
            403,
            "application/json",
            &api_error_json("invalid_request_error", "İade yetkisi yok", 403, 2),
        )(then.into_inner());
    });
    let r = rejection(
        start_reversal(&server.base_url()).await,
        Operation::InitReversal,
    );
    assert_eq!(r.status, 403);
    assert_eq!(r.code, Some(ResultCode::CompanyBlocked));
    assert_eq!(r.error_type, Some(ErrorType::InvalidRequestError));
    assert_eq!(r.message.as_deref(), Some("İade yetkisi yok"));
    assert_eq!(mock.calls_async().await, 1);
}

// ---------------------------------------------------------------------------------------------
// HTTP 500 with an HTML page; HTTP 502 with an empty body.

#[track_caller]
fn assert_html_500(e: &Invalid, reason: &str) {
    assert_eq!(e.status, Some(500));
    assert_eq!(e.reason, reason);
    assert!(
        e.excerpt
            .starts_with("<!DOCTYPE html><html><head><title>500 Internal Server Error"),
        "{e:?}"
    );
}

const AGENT_NOT_JSON: &str = "not JSON (syntax error at line 1 column 1)";

#[tokio::test]
async fn open_session_500_with_an_html_page_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    auth_key_mock(&server, |then| {
        raw(500, "text/html", HTML_500)(then.into_inner())
    });
    let e = invalid(
        open_session(&server.base_url()).await,
        Operation::OpenSession,
    );
    assert_html_500(&e, AGENT_NOT_JSON);
}

#[tokio::test]
async fn close_session_500_with_an_html_page_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    logout_mock(&server, |then| {
        raw(500, "text/html", HTML_500)(then.into_inner())
    });
    let e = invalid(
        close_session(&server.base_url()).await,
        Operation::CloseSession,
    );
    assert_html_500(&e, AGENT_NOT_JSON);
}

#[tokio::test]
async fn check_sale_500_with_an_html_page_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    check_mock(&server, |then| {
        raw(500, "text/html", HTML_500)(then.into_inner())
    });
    let e = invalid(
        check_sale(&server.base_url()).await,
        Operation::CheckTransaction,
    );
    assert_html_500(&e, "HTTP 500 with a body that is not a Paynet error");
}

#[tokio::test]
async fn start_reversal_500_with_an_html_page_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    reversal_mock(&server, |then| {
        raw(500, "text/html", HTML_500)(then.into_inner())
    });
    let result = start_reversal(&server.base_url()).await;
    // Something answered with an error status: the reversal did not start.
    assert!(result.as_ref().is_err_and(|e| !e.needs_reconciliation()));
    let e = invalid(result, Operation::InitReversal);
    assert_html_500(&e, "HTTP 500 with a body that is not a Paynet error");
}

#[tokio::test]
async fn open_session_502_with_an_empty_body_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    auth_key_mock(&server, |then| raw(502, "", "")(then.into_inner()));
    let e = invalid(
        open_session(&server.base_url()).await,
        Operation::OpenSession,
    );
    assert_eq!(e.status, Some(502));
    assert_eq!(e.reason, "the body is empty");
    assert_eq!(e.excerpt, "");
}

#[tokio::test]
async fn close_session_502_with_an_empty_body_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    logout_mock(&server, |then| raw(502, "", "")(then.into_inner()));
    let e = invalid(
        close_session(&server.base_url()).await,
        Operation::CloseSession,
    );
    assert_eq!(e.status, Some(502));
    assert_eq!(e.reason, "the body is empty");
    assert_eq!(e.excerpt, "");
}

#[tokio::test]
async fn check_sale_502_with_an_empty_body_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    check_mock(&server, |then| raw(502, "", "")(then.into_inner()));
    let e = invalid(
        check_sale(&server.base_url()).await,
        Operation::CheckTransaction,
    );
    assert_eq!(e.status, Some(502));
    assert_eq!(e.reason, "HTTP 502 with a body that is not a Paynet error");
    assert_eq!(e.excerpt, "");
}

#[tokio::test]
async fn start_reversal_502_with_an_empty_body_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    reversal_mock(&server, |then| raw(502, "", "")(then.into_inner()));
    let e = invalid(
        start_reversal(&server.base_url()).await,
        Operation::InitReversal,
    );
    assert_eq!(e.status, Some(502));
    assert_eq!(e.reason, "HTTP 502 with a body that is not a Paynet error");
    assert_eq!(e.excerpt, "");
}

// ---------------------------------------------------------------------------------------------
// Truncated JSON; successful answers without what they are for.

#[tokio::test]
async fn open_session_truncated_json_is_an_invalid_response_that_hides_the_session_key() {
    let server = MockServer::start_async().await;
    let body = format!(r#"{{"session_key":"{SESSION}","expired_date":"2024-05"#);
    auth_key_mock(&server, |then| {
        raw(200, "application/json", &body)(then.into_inner())
    });
    let e = invalid(
        open_session(&server.base_url()).await,
        Operation::OpenSession,
    );
    assert_eq!(e.status, Some(200));
    assert!(
        e.reason.starts_with("truncated JSON (ends at line 1"),
        "{e:?}"
    );
    assert_eq!(
        e.excerpt,
        r#"{"session_key":"[redacted]","expired_date":"2024-05"#
    );
}

#[tokio::test]
async fn close_session_truncated_json_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    let body = r#"{"object_name":"result","code":0,"mess"#;
    logout_mock(&server, |then| {
        raw(200, "application/json", body)(then.into_inner())
    });
    let e = invalid(
        close_session(&server.base_url()).await,
        Operation::CloseSession,
    );
    assert_eq!(e.status, Some(200));
    assert!(
        e.reason.starts_with("truncated JSON (ends at line 1"),
        "{e:?}"
    );
    assert_eq!(e.excerpt, body);
}

#[tokio::test]
async fn check_sale_truncated_json_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    let body = &CHECK_RESPONSE[..120];
    check_mock(&server, |then| {
        raw(200, "application/json", body)(then.into_inner())
    });
    let e = invalid(
        check_sale(&server.base_url()).await,
        Operation::CheckTransaction,
    );
    assert_eq!(e.status, Some(200));
    assert!(
        e.reason.starts_with("truncated JSON (ends at line"),
        "{e:?}"
    );
    assert!(
        e.excerpt
            .starts_with(r#"{"Data": [{  "xact_id": "xk_EAAAAIO6j"#),
        "{e:?}"
    );
}

#[tokio::test]
async fn start_reversal_truncated_json_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    let body = r#"{"payment_session_id":"ps_rev_1a2b3c4d","deeplink_url":"paypos://rev"#;
    reversal_mock(&server, |then| {
        raw(200, "application/json", body)(then.into_inner())
    });
    let result = start_reversal(&server.base_url()).await;
    // An unreadable successful answer to an operation that moves money: the reversal may have
    // started.
    assert!(result.as_ref().is_err_and(Error::needs_reconciliation));
    let e = invalid(result, Operation::InitReversal);
    assert_eq!(e.status, Some(200));
    assert!(
        e.reason.starts_with("truncated JSON (ends at line 1"),
        "{e:?}"
    );
    assert_eq!(e.excerpt, body);
}

#[tokio::test]
async fn open_session_without_a_usable_session_key_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    let mut mock = auth_key_mock(&server, |then| {
        then.ok(&agent_wire::AgentSession {
            session_key: None,
            ..agent_session()
        });
    });
    let e = invalid(
        open_session(&server.base_url()).await,
        Operation::OpenSession,
    );
    assert_eq!(e.status, Some(200));
    assert_eq!(e.reason, "a successful answer without session_key");
    mock.delete_async().await;

    mock = auth_key_mock(&server, |then| {
        then.ok(&agent_wire::AgentSession {
            session_key: Some("ssk bad key".into()),
            ..agent_session()
        });
    });
    let e = invalid(
        open_session(&server.base_url()).await,
        Operation::OpenSession,
    );
    assert_eq!(e.status, Some(200));
    assert!(
        e.reason.starts_with("the session_key is unusable: "),
        "{e:?}"
    );
    assert!(!e.reason.contains("bad key"), "{e:?}");
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn start_reversal_without_session_id_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    reversal_mock(&server, |then| {
        then.ok(&app2app_wire::InitReversalResponse {
            code: Some(0),
            message: Some("Başarılı".into()),
            ..Default::default()
        });
    });
    let e = invalid(
        start_reversal(&server.base_url()).await,
        Operation::InitReversal,
    );
    assert_eq!(e.status, Some(200));
    assert_eq!(
        e.reason,
        "a successful answer without payment_session_id or deeplink_url"
    );
}

// ---------------------------------------------------------------------------------------------
// Slower than the attempt timeout: the outcome is unknown, with what identifies the call.

#[tokio::test]
async fn open_session_slower_than_the_timeout_is_outcome_unknown() {
    let server = MockServer::start_async().await;
    let mock = auth_key_mock(&server, |then| {
        then.ok(&agent_session()).into_inner().delay(SERVER_DELAY);
    });
    let result = impatient(&server.base_url())
        .open_session(AGENT_ID, USER_ID)
        .await;
    let e = unknown(result, Operation::OpenSession);
    assert_eq!(
        e.reference.as_deref(),
        Some("agent_id=20005 user_id=cashier-1")
    );
    assert_eq!(
        e.reason,
        "timed out waiting for Paynet's answer after sending"
    );
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn close_session_slower_than_the_timeout_is_outcome_unknown_without_a_reference() {
    let server = MockServer::start_async().await;
    let mock = logout_mock(&server, |then| {
        then.ok(&agent_wire::AgentResult::default())
            .into_inner()
            .delay(SERVER_DELAY);
    });
    let result = impatient(&server.base_url())
        .close_session(&session_key())
        .await;
    let e = unknown(result, Operation::CloseSession);
    // The only thing that identifies the session is its key, a secret: no reference.
    assert_eq!(e.reference, None);
    assert_eq!(
        e.reason,
        "timed out waiting for Paynet's answer after sending"
    );
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn check_sale_slower_than_the_timeout_is_outcome_unknown() {
    let server = MockServer::start_async().await;
    let mock = check_mock(&server, |then| {
        raw(200, "application/json", CHECK_RESPONSE)(then.into_inner().delay(SERVER_DELAY));
    });
    let result = impatient(&server.base_url())
        .paypos(session_key())
        .check_sale(PAYMENT_SESSION_ID)
        .await;
    let e = unknown(result, Operation::CheckTransaction);
    assert_eq!(
        e.reference.as_deref(),
        Some("payment_session_id=ps_9f8e7d6c5b4a")
    );
    assert_eq!(
        e.reason,
        "timed out waiting for Paynet's answer after sending"
    );
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn start_reversal_slower_than_the_timeout_is_outcome_unknown() {
    let server = MockServer::start_async().await;
    let mock = reversal_mock(&server, |then| {
        then.ok(&reversal_response(0))
            .into_inner()
            .delay(SERVER_DELAY);
    });
    let result = impatient(&server.base_url())
        .paypos(session_key())
        .start_reversal(&reversal_request())
        .await;
    let e = unknown(result, Operation::InitReversal);
    assert_eq!(e.reference, Some(format!("xact_id={REVERSAL_XACT_ID}")));
    assert_eq!(
        e.reason,
        "timed out waiting for Paynet's answer after sending"
    );
    assert_eq!(mock.calls_async().await, 1);
}

// ---------------------------------------------------------------------------------------------
// A connection closed before any response: the outcome is unknown.

const DROPPED: &str = "the connection failed after the request was sent";

#[tokio::test]
async fn open_session_connection_closed_before_any_response_is_outcome_unknown() {
    let server = RawServer::start(Behaviour::Drop).await;
    let e = unknown(open_session(&server.base_url).await, Operation::OpenSession);
    assert_eq!(
        e.reference.as_deref(),
        Some("agent_id=20005 user_id=cashier-1")
    );
    assert_eq!(e.reason, DROPPED);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn close_session_connection_closed_before_any_response_is_outcome_unknown() {
    let server = RawServer::start(Behaviour::Drop).await;
    let e = unknown(
        close_session(&server.base_url).await,
        Operation::CloseSession,
    );
    assert_eq!(e.reference, None);
    assert_eq!(e.reason, DROPPED);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn check_sale_connection_closed_before_any_response_is_outcome_unknown() {
    let server = RawServer::start(Behaviour::Drop).await;
    let e = unknown(
        check_sale(&server.base_url).await,
        Operation::CheckTransaction,
    );
    assert_eq!(
        e.reference.as_deref(),
        Some("payment_session_id=ps_9f8e7d6c5b4a")
    );
    assert_eq!(e.reason, DROPPED);
    assert_eq!(server.requests(), 1);
}

#[tokio::test]
async fn start_reversal_connection_closed_before_any_response_is_outcome_unknown() {
    let server = RawServer::start(Behaviour::Drop).await;
    let e = unknown(
        start_reversal(&server.base_url).await,
        Operation::InitReversal,
    );
    assert_eq!(e.reference, Some(format!("xact_id={REVERSAL_XACT_ID}")));
    assert_eq!(e.reason, DROPPED);
    assert_eq!(server.requests(), 1);
}

// ---------------------------------------------------------------------------------------------
// Connection refused: a transport error, after the policy's attempts.

#[tokio::test]
async fn connection_refused_is_a_transport_error_after_the_policy_attempts() {
    let logs = Logs::default();
    let _guard = logs.install();
    let (_socket, base_url) = refusing_socket();
    transport(open_session(&base_url).await, Operation::OpenSession);
    assert_eq!(attempts(&logs), "3");
    transport(close_session(&base_url).await, Operation::CloseSession);
    assert_eq!(attempts(&logs), "3");
    transport(check_sale(&base_url).await, Operation::CheckTransaction);
    assert_eq!(attempts(&logs), "3");
    transport(start_reversal(&base_url).await, Operation::InitReversal);
    assert_eq!(attempts(&logs), "3");
    assert_eq!(logs.text().matches("not sent; retrying").count(), 4 * 2);
}

// ---------------------------------------------------------------------------------------------
// A reversal moves money: never re-sent once it may have left, whatever the policy allows.

#[tokio::test]
async fn start_reversal_timing_out_is_not_sent_again() {
    let server = MockServer::start_async().await;
    let mock = reversal_mock(&server, |then| {
        then.ok(&reversal_response(0))
            .into_inner()
            .delay(SERVER_DELAY);
    });
    let result = builder(&server.base_url())
        .retry_policy(RetryPolicy::default().with_max_attempts(5))
        .attempt_timeout(SHORT)
        .build()
        .expect("client")
        .paypos(session_key())
        .start_reversal(&reversal_request())
        .await;
    let e = unknown(result, Operation::InitReversal);
    assert_eq!(e.reference, Some(format!("xact_id={REVERSAL_XACT_ID}")));
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn start_reversal_dropped_after_sending_is_not_sent_again() {
    let server = RawServer::start(Behaviour::Drop).await;
    let result = builder(&server.base_url)
        .retry_policy(RetryPolicy::default().with_max_attempts(5))
        .build()
        .expect("client")
        .paypos(session_key())
        .start_reversal(&reversal_request())
        .await;
    unknown(result, Operation::InitReversal);
    assert_eq!(server.requests(), 1);
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn start_reversal_refused_connection_is_retried_and_reaches_the_server_once() {
    let logs = Logs::default();
    let _guard = logs.install();
    let answer = http_answer(
        "200 OK",
        "application/json",
        &serde_json::to_string(&reversal_response(0)).expect("json"),
    );
    let (base_url, server) = refused_until_first_retry(&logs, answer);
    let session = ok(builder(&base_url)
        .retry_policy(fast_retries(5))
        .build()
        .expect("client")
        .paypos(session_key())
        .start_reversal(&reversal_request())
        .await);
    assert_eq!(session.payment_session_id, REVERSAL_SESSION_ID);
    let server = server.await.expect("server");
    assert_eq!(server.requests(), 1);
    assert_eq!(server.connections(), 1);
    assert_eq!(attempts(&logs), "2");
}

#[tokio::test]
async fn rejections_and_invalid_responses_of_a_reversal_are_not_sent_again() {
    let server = MockServer::start_async().await;
    let mock = reversal_mock(&server, |then| raw(502, "", "")(then.into_inner()));
    let paypos = builder(&server.base_url())
        .retry_policy(fast_retries(5))
        .build()
        .expect("client")
        .paypos(session_key());
    invalid(
        paypos.start_reversal(&reversal_request()).await,
        Operation::InitReversal,
    );
    assert_eq!(mock.calls_async().await, 1);
}

/// Per-call options override the client's: the client waits 10 s per attempt, each call here
/// only [`SHORT`], and each answer comes after [`SERVER_DELAY`].
#[tokio::test]
async fn per_call_options_apply_to_every_app2app_operation() {
    let server = MockServer::start_async().await;
    let mock = server.mock(|_, then| {
        then.status(200)
            .header("content-type", "application/json")
            .body("{}")
            .delay(SERVER_DELAY);
    });
    let client = client(&server.base_url());
    let options = paynet::CallOptions::new()
        .attempt_timeout(SHORT)
        .retry(paynet::RetryPolicy::none());
    let paypos = client.paypos(session_key());

    let e = client.open_session_with(AGENT_ID, USER_ID, &options).await;
    unknown(e, Operation::OpenSession);
    let e = client.close_session_with(&session_key(), &options).await;
    unknown(e, Operation::CloseSession);
    let e = paypos.check_sale_with(PAYMENT_SESSION_ID, &options).await;
    unknown(e, Operation::CheckTransaction);
    let e = paypos
        .start_reversal_with(&reversal_request(), &options)
        .await;
    unknown(e, Operation::InitReversal);
    assert_eq!(mock.calls_async().await, 4, "one attempt each");
}
