//! What each operation's answer means, where that is the operation's own (the fault suite covers
//! what every operation shares): a capture approved, replayed (result code 100) or declined by
//! the bank, and refused on HTTP 200; a sale session; an empty check; the session key that
//! open_session issues and the encryption key that init_sale issues, kept secret from then on.
//! Against httpmock, through the generated typed helpers (`into_inner()` to deviate from the
//! spec).

mod common;

use common::*;
use httpmock::MockServer;
use paynet::raw::paynet_transaction::types as tx_wire;
use paynet::raw::paypos_agent::types::{GetAuthKeyRequest, OpenSessionPaynetMobile};
use paynet::raw::paypos_softpos::types as softpos_wire;
use paynet::testing::Example;
use paynet::{
    BankId, CaptureOutcome, CaptureRequest, CheckSaleRequest, Client, InitSaleRequest,
    OpenSessionRequest, Operation, PosType, ResultCode, SaleSession, TransactionType,
};
use paynet_httpmock::paynet_transaction::MockServerExt as _;
use paynet_httpmock::paypos_agent::MockServerExt as _;
use paynet_httpmock::paypos_app2app::MockServerExt as _;
use paynet_httpmock::paypos_softpos::MockServerExt as _;
use serde_json::json;

/// A capture mock that requires the secret key, answering with `body`.
fn capture_answering(server: &MockServer, body: &str) {
    let body = body.to_owned();
    server.capture(|when, then| {
        when.into_inner().header("authorization", AUTHORIZATION);
        raw(200, "application/json", body)(then.into_inner());
    });
}

/// Captures [`CaptureRequest::example`] (10.50 TL of `ORDER-1001`).
async fn capture(client: &Client) -> Result<CaptureOutcome, paynet::Error> {
    client.capture(&CaptureRequest::example()).await
}

#[track_caller]
fn approved(outcome: CaptureOutcome) -> (paynet::Transaction, bool) {
    match outcome {
        CaptureOutcome::Approved {
            transaction,
            replayed,
            reconciled: false,
            ..
        } => (*transaction, replayed),
        other => panic!("expected an approved capture, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// capture.

#[tokio::test]
async fn capture_sends_kurus_and_reads_the_seed_answer_as_approved() {
    let server = MockServer::start_async().await;
    let mock = server.capture(|when, then| {
        when.body(&tx_wire::CaptureRequest {
            reference_no: Some("ORDER-1001".into()),
            amount: Some("1050".into()),
            ..Default::default()
        })
        .into_inner()
        .header("authorization", AUTHORIZATION);
        then.ok(&seed_transaction());
    });
    let (t, replayed) = approved(ok(capture(&client(&server.base_url())).await));
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
    let amount = |a: Option<paynet::ReportedAmount>| a.map(|a| a.value().to_string());
    assert_eq!(amount(t.net_amount).as_deref(), Some("56.55"));
    assert_eq!(amount(t.amount).as_deref(), Some("0"));
    assert_eq!(t.bank_error, None);
    assert_eq!(t.message.as_deref(), Some("Başarılı İşlem"));
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn capture_result_code_100_is_a_replayed_approval_as_a_number_or_a_string() {
    for code in [json!(100), json!("100")] {
        let server = MockServer::start_async().await;
        capture_answering(
            &server,
            &seed_with(json!({
                "code": code,
                "message": "Bu referans numarası ile daha önce başarılı işlem yapılmış",
            })),
        );
        let (t, replayed) = approved(ok(capture(&client(&server.base_url())).await));
        assert!(replayed, "{code}");
        assert_eq!(t.result_code, Some(ResultCode::OldSuccessful));
        assert_eq!(t.is_succeed, Some(true));
    }
}

#[tokio::test]
async fn capture_declined_by_the_bank_is_a_declined_outcome() {
    let server = MockServer::start_async().await;
    capture_answering(
        &server,
        &seed_with(json!({
            "is_succeed": false,
            "code": 1,
            "message": "İşlem başarısız",
            "bank_error_id": "05",
            "bank_error_message": "Red-Onaylanmadı",
            "bank_error_short_desc": "Red",
            "bank_error_long_desc": "Kart sahibinin bankası işlemi onaylamadı",
        })),
    );
    let outcome = ok(capture(&client(&server.base_url())).await);
    assert!(!outcome.is_approved());
    let CaptureOutcome::Declined {
        transaction: t,
        reconciled: false,
        ..
    } = outcome
    else {
        panic!("expected a decline, got {outcome:?}");
    };
    assert_eq!(t.is_succeed, Some(false));
    assert_eq!(t.result_code, Some(ResultCode::from_i64(1)));
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

#[tokio::test]
async fn capture_with_a_non_zero_code_on_http_200_is_rejected_with_paynets_message() {
    let server = MockServer::start_async().await;
    capture_answering(
        &server,
        &json!({
            "object_name": "transaction",
            "code": 1,
            "is_succeed": false,
            "message": "Başarısız İşlem",
            "paynet_error_id": "E12",
            "paynet_error_message": "Ön provizyon bulunamadı",
        })
        .to_string(),
    );
    let r = rejection(
        capture(&client(&server.base_url())).await,
        Operation::CAPTURE,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.code, Some(ResultCode::from_i64(1)));
    assert_eq!(
        r.message.as_deref(),
        Some("Başarısız İşlem: Ön provizyon bulunamadı")
    );
    assert_eq!(r.error_type, None);
}

// ---------------------------------------------------------------------------------------------
// init_sale.

/// init_sale's canned answer, typed, with `code`.
fn sale_answer(code: i64) -> softpos_wire::InitSaleResponse {
    softpos_wire::InitSaleResponse {
        code: Some(code.into()),
        ..serde_json::from_str(canned(Operation::INIT_SALE)).expect("init_sale's canned answer")
    }
}

async fn init_sale(server: &MockServer) -> Result<SaleSession, paynet::Error> {
    client(&server.base_url())
        .paypos(session_key())
        .init_sale(&InitSaleRequest::example())
        .await
}

#[tokio::test]
async fn init_sale_result_code_100_is_a_session() {
    let server = MockServer::start_async().await;
    server.init_sale(|when, then| {
        when.session_key(SESSION);
        then.ok(&sale_answer(100));
    });
    let session = ok(init_sale(&server).await);
    assert_eq!(session.result_code, ResultCode::OldSuccessful);
    assert_eq!(session.payment_session_id, "ps_9f8e7d6c5b4a");
    assert_eq!(
        session.deeplink_url,
        "paypos://sale?payment_session_id=ps_9f8e7d6c5b4a"
    );
}

#[tokio::test]
async fn init_sale_success_without_a_payment_session_id_is_an_invalid_response() {
    let server = MockServer::start_async().await;
    server.init_sale(|when, then| {
        when.session_key(SESSION);
        then.ok(&softpos_wire::InitSaleResponse {
            payment_session_id: None,
            ..sale_answer(0)
        });
    });
    let e = invalid(init_sale(&server).await, Operation::INIT_SALE);
    assert_eq!(e.status, Some(200));
    assert_eq!(
        e.reason,
        "a successful answer without payment_session_id or deeplink_url"
    );
}

// ---------------------------------------------------------------------------------------------
// check_sale.

#[tokio::test]
async fn check_sale_code_12_with_empty_or_no_data_is_an_empty_check() {
    let bodies = [
        r#"{"Data":[],"object_name":"error","code":12,"message":"Kayıt bulunamadı"}"#,
        r#"{"object_name":"error","code":12,"message":"Kayıt bulunamadı"}"#,
    ];
    for body in bodies {
        let server = MockServer::start_async().await;
        server.check_sale(|when, then| {
            when.session_key(SESSION);
            raw(200, "application/json", body)(then.into_inner());
        });
        let check = client(&server.base_url())
            .paypos(session_key())
            .check_sale(&CheckSaleRequest::example())
            .await;
        let check = ok(check);
        assert!(check.is_empty(), "{body}");
        assert_eq!(check.latest(), None);
        assert_eq!(check.result_code, ResultCode::NoData);
        assert_eq!(check.message.as_deref(), Some("Kayıt bulunamadı"));
    }
}

// ---------------------------------------------------------------------------------------------
// Keys that answers issue are secrets from then on.

#[tokio::test]
async fn the_session_key_open_session_issues_is_scrubbed_from_later_answers() {
    let issued = "ssk_Issued/9Qw+Er7Ty3Ui5Op1";
    let server = MockServer::start_async().await;
    server.open_session(|when, then| {
        when.paynet_mobile(OpenSessionPaynetMobile::X2)
            .body(&GetAuthKeyRequest {
                agent_id: "20005".into(),
                user_id: "cashier-1".into(),
            })
            .into_inner()
            .header("authorization", AUTHORIZATION);
        let mut answer: serde_json::Value =
            serde_json::from_str(canned(Operation::OPEN_SESSION)).expect("JSON");
        answer["session_key"] = json!(issued);
        raw(200, "application/json", answer.to_string())(then.into_inner());
    });
    capture_answering(
        &server,
        &seed_with(json!({
            "message": format!("Oturum {issued} ile başarılı"),
            "card_holder": issued,
        })),
    );
    let client = client(&server.base_url());
    let session = ok(client.open_session(&OpenSessionRequest::example()).await);
    assert_eq!(session.session_key.expose_secret(), issued);
    let printed = format!("{session:?} {:?}", session.session_key);
    assert!(!printed.contains("9Qw"), "{printed}");

    let (t, _) = approved(ok(capture(&client).await));
    assert_eq!(t.message.as_deref(), Some("Oturum [redacted] ile başarılı"));
    assert_eq!(t.card_holder.as_deref(), Some("[redacted]"));
}

#[tokio::test]
async fn the_encryption_key_init_sale_issues_is_scrubbed_from_later_answers() {
    let server = MockServer::start_async().await;
    server.init_sale(|when, then| {
        when.session_key(SESSION);
        // A typed answer writes its secrets as "[redacted]" (`SecretText`): the key goes raw.
        let mut answer = serde_json::to_value(sale_answer(0)).expect("JSON");
        answer["encryption_key"] = json!(ENCRYPTION);
        raw(200, "application/json", answer.to_string())(then.into_inner());
    });
    // The key JSON-escaped, as .NET and PHP write it.
    let echo = seed_with(json!({ "message": "anahtar @KEY@" }));
    capture_answering(&server, &echo.replace("@KEY@", &json_escaped(ENCRYPTION)));
    let client = client(&server.base_url());
    let session = ok(client
        .paypos(session_key())
        .init_sale(&InitSaleRequest::example())
        .await);
    let key = session.encryption_key.expect("an encryption key");
    assert_eq!(key.expose_secret(), ENCRYPTION);
    assert_no_keys("the encryption key", &format!("{key} {key:?}"));

    let (t, _) = approved(ok(capture(&client).await));
    assert_eq!(t.message.as_deref(), Some("anahtar [redacted]"));
}
