//! Card payments on the wire: each operation's request is exactly what Paynet's pages show
//! (reference `paynet-payments.md` §3.1-3.6), and each answer is read right, through the public
//! facade against httpmock.
//!
//! - `pay` (`/v2/transaction/payment`): the amount in TL with a comma, card data or a stored
//!   card's hash, `transaction_type` 1 or 3, the merchant's `domain` (the request's, else the
//!   client's; none at all is refused before sending);
//! - `start_3d` (`/v2/transaction/tds_initial`): the same plus `return_url`, the domain from the
//!   return URL's host;
//! - the bank page's post-back ([`ThreeDReturn`]) and `complete_3d` (`/v2/transaction/tds_charge`);
//! - `charge` (`/v1/transaction/charge`) in kuruş or in lira;
//! - `payment_detail` (`/v1/transaction/detail`) by each kind of reference;
//! - card data echoed by the server never shows in an error or an outcome;
//! - bad card data and amounts are refused before anything is sent.

mod common;

use common::*;
use httpmock::MockServer;
use paynet::raw::paynet_transaction::types as tx;
use paynet::{
    Amount, AmountError, BankId, Card, CardHash, CardType, ChargeAmount, ChargeRequest, Client,
    Complete3dRequest, Error, Operation, PaymentBuilder, PaymentDetailRequest, PaymentKind,
    PaymentOutcome, PaymentRequest, PosType, ResultCode, Start3dRequest, ThreeDReturn,
    TransactionRef, TransactionType,
};
use paynet_httpmock::paynet_transaction::MockServerExt as _;
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// A Luhn-valid test card number (Paynet's test cards use it) and its masked form.
const PAN: &str = "4355084355084358";
const MASKED: &str = "435508******4358";
const CVC: &str = "123";
const HOLDER: &str = "AYSE YILMAZ";
/// The merchant's domain the client is configured with.
const DOMAIN: &str = "shop.example";

fn card() -> Card {
    Card::new(PAN, "12/30", CVC, HOLDER).expect("a valid card")
}

fn amount(text: &str) -> Amount {
    text.parse().expect("a valid amount")
}

fn payment(amount_text: &str, reference_no: &str) -> PaymentBuilder {
    PaymentRequest::builder(amount(amount_text), reference_no, card())
}

/// The typed v2 payment body with card data, built field by field: what §3.1 documents.
fn card_body(
    amount: &str,
    reference_no: &str,
    domain: &str,
    transaction_type: i64,
) -> tx::PaymentRequest {
    tx::PaymentRequest {
        amount: amount.into(),
        reference_no: reference_no.into(),
        domain: domain.into(),
        card_holder: Some(HOLDER.into()),
        pan: Some(PAN.into()),
        month: Some(12),
        year: Some(2030),
        cvc: Some(CVC.into()),
        card_hash: None,
        transaction_type: Some(transaction_type),
        add_commission: None,
        agent_id: None,
        agent_reference_no: None,
        card_holder_mail: None,
        card_holder_phone: None,
        description: None,
        instalment: None,
        ratio_code: None,
        card_owner_id: None,
        save_card: None,
        card_desc: None,
        user_unique_id: None,
        user_gsm_no: None,
    }
}

/// A client of `server` with the secret key and the merchant domain [`DOMAIN`].
fn shop_client(server: &MockServer) -> Client {
    builder(&server.base_url())
        .merchant_domain(DOMAIN)
        .build()
        .expect("client")
}

/// A mock of `pay` that requires exactly `body` and the secret key, answering `answer` (200).
fn pay_expecting<'a>(
    server: &'a MockServer,
    body: &tx::PaymentRequest,
    answer: &str,
) -> httpmock::Mock<'a> {
    let answer = answer.to_owned();
    server.pay(|when, then| {
        when.body(body)
            .into_inner()
            .header("authorization", AUTHORIZATION)
            .header("content-type", "application/json");
        raw(200, "application/json", answer)(then.into_inner());
    })
}

/// A mock that counts every request whatever its method or path (answering 500).
fn any_request(server: &MockServer) -> httpmock::Mock<'_> {
    server.mock(|_, then| {
        then.status(500);
    })
}

/// The canned answer of `op` with some fields replaced, as JSON text.
fn canned_with(op: Operation, changes: Value) -> String {
    let mut answer: Value = serde_json::from_str(canned(op)).expect("a JSON canned answer");
    if let (Some(answer), Value::Object(changes)) = (answer.as_object_mut(), changes) {
        answer.extend(changes);
    }
    answer.to_string()
}

/// `text` with `from` replaced by `to`; fails when `from` is not in it.
#[track_caller]
fn replaced(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from} is not in {text}");
    text.replace(from, to)
}

#[track_caller]
fn approved(outcome: PaymentOutcome) -> (paynet::Transaction, bool) {
    match outcome {
        PaymentOutcome::Approved {
            transaction,
            replayed,
            reconciled: false,
            ..
        } => (*transaction, replayed),
        other => panic!("expected an approval, got {other:?}"),
    }
}

/// The field an `Error::InvalidRequest` names.
#[track_caller]
fn invalid_field(e: Error) -> &'static str {
    match e {
        Error::InvalidRequest { field, .. } => field,
        other => panic!("expected Error::InvalidRequest, got {other:?}"),
    }
}

/// An amount's exact text (`"149.90"`).
fn text_of(a: Option<paynet::ReportedAmount>) -> Option<String> {
    a.map(|a| a.value().to_string())
}

// ---------------------------------------------------------------------------------------------
// 1. pay: the request.

#[tokio::test]
async fn pay_sends_exactly_the_documented_body_with_the_secret_key() {
    let server = MockServer::start_async().await;
    let mock = pay_expecting(
        &server,
        &card_body("149,90", "ORDER-1001", DOMAIN, 1),
        canned(Operation::PAY),
    );
    let request = payment("149.90", "ORDER-1001").build().expect("payment");
    let outcome = ok(shop_client(&server).pay(&request).await);
    assert!(outcome.is_approved(), "{outcome:?}");
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn pay_body_names_and_types_are_the_documented_ones() {
    // The same body as a JSON literal, independent of the generated types: names as §3.1 spells
    // them, `amount` a string with a comma, `month` and `year` (four digits) integers,
    // `transaction_type` the integer 1, and nothing else.
    let server = MockServer::start_async().await;
    let mock = server.mock(|when, then| {
        when.method(httpmock::Method::POST)
            .path("/v2/transaction/payment")
            .header("authorization", AUTHORIZATION)
            .json_body(json!({
                "amount": "149,90",
                "reference_no": "ORDER-1001",
                "domain": "shop.example",
                "card_holder": "AYSE YILMAZ",
                "pan": "4355084355084358",
                "month": 12,
                "year": 2030,
                "cvc": "123",
                "transaction_type": 1,
            }));
        raw(200, "application/json", canned(Operation::PAY))(then);
    });
    let request = payment("149.90", "ORDER-1001").build().expect("payment");
    ok(shop_client(&server).pay(&request).await);
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn pay_expiry_is_an_integer_month_and_a_four_digit_year() {
    for expiry in ["08/31", "08/2031", "0831", "8/31"] {
        let server = MockServer::start_async().await;
        let mock = pay_expecting(
            &server,
            &tx::PaymentRequest {
                month: Some(8),
                year: Some(2031),
                ..card_body("149,90", "ORDER-1001", DOMAIN, 1)
            },
            canned(Operation::PAY),
        );
        let card = Card::new(PAN, expiry, CVC, HOLDER).expect("a valid card");
        let request = PaymentRequest::builder(amount("149.90"), "ORDER-1001", card)
            .build()
            .expect("payment");
        ok(shop_client(&server).pay(&request).await);
        assert_eq!(mock.calls_async().await, 1, "{expiry}");
    }
}

#[tokio::test]
async fn pay_amounts_are_tl_with_a_comma_and_no_thousands_separator() {
    for (given, sent) in [
        ("1234.56", "1234,56"),
        ("1234567.89", "1234567,89"),
        ("10", "10,00"),
        ("10.5", "10,50"),
        ("0.01", "0,01"),
    ] {
        let server = MockServer::start_async().await;
        let mock = pay_expecting(
            &server,
            &card_body(sent, "ORDER-1001", DOMAIN, 1),
            canned(Operation::PAY),
        );
        let request = payment(given, "ORDER-1001").build().expect("payment");
        ok(shop_client(&server).pay(&request).await);
        assert_eq!(
            mock.calls_async().await,
            1,
            "{given} must be sent as {sent}"
        );
    }
}

#[tokio::test]
async fn pay_pre_authorisation_is_transaction_type_3() {
    let server = MockServer::start_async().await;
    let mock = pay_expecting(
        &server,
        &card_body("149,90", "ORDER-1001", DOMAIN, 3),
        &canned_with(Operation::PAY, json!({ "transaction_type": 3 })),
    );
    let request = payment("149.90", "ORDER-1001")
        .pre_authorisation()
        .build()
        .expect("payment");
    assert_eq!(request.kind(), PaymentKind::PreAuthorisation);
    let (t, _) = approved(ok(shop_client(&server).pay(&request).await));
    assert_eq!(t.transaction_type, Some(TransactionType::PreAuth));
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn pay_optional_fields_go_out_under_their_documented_names() {
    let server = MockServer::start_async().await;
    let body = tx::PaymentRequest {
        instalment: Some(3),
        description: Some("Sipariş 1001".into()),
        card_holder_phone: Some("5551234567".into()),
        card_holder_mail: Some("ayse@example.com".into()),
        agent_id: Some("20005".into()),
        agent_reference_no: Some("BAYI-7".into()),
        add_commission: Some(true),
        ratio_code: Some("R1".into()),
        ..card_body("149,90", "ORDER-1001", DOMAIN, 1)
    };
    let mock = pay_expecting(&server, &body, canned(Operation::PAY));
    let request = payment("149.90", "ORDER-1001")
        .instalment(3)
        .description("Sipariş 1001")
        .card_holder_phone("5551234567")
        .card_holder_mail("ayse@example.com")
        .agent_id("20005")
        .agent_reference_no("BAYI-7")
        .add_commission(true)
        .ratio_code("R1")
        .build()
        .expect("payment");
    ok(shop_client(&server).pay(&request).await);
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn pay_with_a_stored_card_sends_its_hash_and_no_card_data() {
    let server = MockServer::start_async().await;
    let body = tx::PaymentRequest {
        amount: "149,90".into(),
        reference_no: "ORDER-1001".into(),
        domain: DOMAIN.into(),
        card_hash: Some("ch_4f9a1c2e7b8d".into()),
        card_holder: None,
        pan: None,
        month: None,
        year: None,
        cvc: None,
        transaction_type: Some(1),
        add_commission: None,
        agent_id: None,
        agent_reference_no: None,
        card_holder_mail: None,
        card_holder_phone: None,
        description: None,
        instalment: None,
        ratio_code: None,
        card_owner_id: None,
        save_card: None,
        card_desc: None,
        user_unique_id: None,
        user_gsm_no: None,
    };
    let mock = pay_expecting(&server, &body, canned(Operation::PAY));
    let hash = CardHash::new("ch_4f9a1c2e7b8d").expect("card hash");
    let request = PaymentRequest::builder(amount("149.90"), "ORDER-1001", hash)
        .build()
        .expect("payment");
    assert!(
        !format!("{request:?}").contains("ch_4f9a1c2e7b8d"),
        "{request:?}"
    );
    ok(shop_client(&server).pay(&request).await);
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn pay_domain_is_the_clients_unless_the_request_has_its_own() {
    // The client's.
    let server = MockServer::start_async().await;
    let mock = pay_expecting(
        &server,
        &card_body("149,90", "ORDER-1001", "www.client.example", 1),
        canned(Operation::PAY),
    );
    let client = builder(&server.base_url())
        .merchant_domain("www.client.example")
        .build()
        .expect("client");
    let request = payment("149.90", "ORDER-1001").build().expect("payment");
    assert_eq!(request.domain(), None);
    ok(client.pay(&request).await);
    assert_eq!(mock.calls_async().await, 1);

    // The request's own wins (and is sent lower-case, as a host name).
    let server = MockServer::start_async().await;
    let mock = pay_expecting(
        &server,
        &card_body("149,90", "ORDER-1001", "www.acme.com", 1),
        canned(Operation::PAY),
    );
    let client = builder(&server.base_url())
        .merchant_domain("www.client.example")
        .build()
        .expect("client");
    let request = payment("149.90", "ORDER-1001")
        .domain("WWW.Acme.com")
        .build()
        .expect("payment");
    ok(client.pay(&request).await);
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn pay_without_any_domain_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let anything = any_request(&server);
    let request = payment("149.90", "ORDER-1001").build().expect("payment");
    let e = err(client(&server.base_url()).pay(&request).await);
    assert!(e.is_not_sent(), "{e:?}");
    assert!(!e.needs_reconciliation(), "{e:?}");
    assert_eq!(invalid_field(e), "domain");
    assert_eq!(anything.calls_async().await, 0);
}

// ---------------------------------------------------------------------------------------------
// 2. pay: the answer.

#[tokio::test]
async fn pay_reads_the_v2_answer_with_comma_amounts_exactly() {
    let server = MockServer::start_async().await;
    pay_expecting(
        &server,
        &card_body("149,90", "ORDER-1001", DOMAIN, 1),
        canned(Operation::PAY),
    );
    let request = payment("149.90", "ORDER-1001").build().expect("payment");
    let (t, replayed) = approved(ok(shop_client(&server).pay(&request).await));
    assert!(!replayed);
    assert_eq!(t.result_code, Some(ResultCode::Successful));
    assert_eq!(t.message.as_deref(), Some("Başarılı İşlem"));
    assert_eq!(t.is_succeed, Some(true));
    assert_eq!(t.id.as_deref(), Some("1000201"));
    assert_eq!(t.xact_id.as_deref(), Some("xk_EAAAAv2payment4f9a1c2e7b8d"));
    assert_eq!(
        t.date_text.as_deref(),
        Some("2026-11-30T10:15:02.1234567+03:00")
    );
    assert_eq!(
        t.date.map(|d| d.to_rfc3339()).as_deref(),
        Some("2026-11-30T10:15:02.123456700+03:00")
    );
    assert_eq!(t.transaction_type, Some(TransactionType::Sale));
    assert_eq!(t.pos_type, Some(PosType::PaynetPos));
    assert_eq!(t.is_tds, Some(false));
    assert_eq!(t.agent_id.as_deref(), Some("20005"));
    assert_eq!(t.user_id.as_deref(), Some("api"));
    assert_eq!(t.email, None, "a blank string is None");
    assert_eq!(t.instalment, Some(0));
    assert_eq!(t.ratio, Some(Decimal::new(199, 4)));
    assert_eq!(t.card_number_masked.as_deref(), Some(MASKED));
    assert_eq!(t.card_holder.as_deref(), Some(HOLDER));
    assert_eq!(t.card_type, Some(CardType::Personal));
    // "149,90" is 149.90, digit for digit: not 14990, not 149.9.
    let amount = t.amount.expect("amount");
    assert_eq!(amount.value(), Decimal::new(14990, 2));
    assert_eq!(amount.value().to_string(), "149.90");
    assert_eq!(text_of(t.net_amount).as_deref(), Some("146.92"));
    assert_eq!(text_of(t.commission).as_deref(), Some("2.98"));
    assert_eq!(text_of(t.commission_tax).as_deref(), Some("0.54"));
    assert_eq!(amount.currency(), paynet::Currency::Try);
    assert_eq!(t.bank_id, Some(BankId::new("AXSS")));
    assert_eq!(t.bank_name.as_deref(), Some("Akbank"));
    // v2 names: bank_authorization_code, bank_reference_code, bank_order_id.
    assert_eq!(t.authorization_code.as_deref(), Some("123456"));
    assert_eq!(t.reference_code.as_deref(), Some("ref-4711"));
    assert_eq!(t.order_id.as_deref(), Some("order-4711"));
    assert_eq!(t.reference_no.as_deref(), Some("ORDER-1001"));
    assert_eq!(
        t.tracking_id.as_deref(),
        Some("8a1f0c9e-2b7d-4c3a-9e61-5d2f7b8c9a10")
    );
    assert_eq!(t.paynet_error, None);
    assert_eq!(t.bank_error, None);
    assert_eq!(t.md_status, None);
}

#[tokio::test]
async fn pay_result_code_100_is_a_replayed_approval() {
    let server = MockServer::start_async().await;
    pay_expecting(
        &server,
        &card_body("149,90", "ORDER-1001", DOMAIN, 1),
        &canned_with(
            Operation::PAY,
            json!({ "code": 100, "message": "Önceki Başarılı İşlem" }),
        ),
    );
    let request = payment("149.90", "ORDER-1001").build().expect("payment");
    let outcome = ok(shop_client(&server).pay(&request).await);
    assert!(outcome.is_replayed());
    let (t, replayed) = approved(outcome);
    assert!(replayed);
    assert_eq!(t.result_code, Some(ResultCode::OldSuccessful));
    assert_eq!(t.message.as_deref(), Some("Önceki Başarılı İşlem"));
    assert_eq!(t.xact_id.as_deref(), Some("xk_EAAAAv2payment4f9a1c2e7b8d"));
}

#[tokio::test]
async fn pay_declined_by_the_bank_is_a_declined_outcome() {
    let server = MockServer::start_async().await;
    pay_expecting(
        &server,
        &card_body("149,90", "ORDER-1001", DOMAIN, 1),
        &canned_with(
            Operation::PAY,
            json!({
                "is_succeed": false,
                "code": 1,
                "message": "İşlem başarısız",
                "bank_authorization_code": "",
                "bank_error_id": "05",
                "bank_error_message": "Red-Onaylanmadı",
                "bank_error_short_desc": "Red",
                "bank_error_long_desc": "Kart sahibinin bankası işlemi onaylamadı",
            }),
        ),
    );
    let request = payment("149.90", "ORDER-1001").build().expect("payment");
    let outcome = ok(shop_client(&server).pay(&request).await);
    assert!(!outcome.is_approved());
    let PaymentOutcome::Declined {
        transaction: t,
        reconciled: false,
        ..
    } = outcome
    else {
        panic!("expected a decline, got {outcome:?}");
    };
    assert_eq!(t.is_succeed, Some(false));
    assert_eq!(t.result_code, Some(ResultCode::from_i64(1)));
    assert_eq!(t.authorization_code, None);
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
async fn pay_amounts_as_json_numbers_and_dot_strings_are_read_exactly() {
    let canned = canned(Operation::PAY);
    let numbers = [
        (r#""amount":"149,90""#, r#""amount":149.90"#),
        (r#""net_amount":"146,92""#, r#""net_amount":146.92"#),
        (r#""comission":"2,98""#, r#""comission":2.98"#),
        (r#""comission_tax":"0,54""#, r#""comission_tax":0.54"#),
    ];
    let dot_strings = [
        (r#""amount":"149,90""#, r#""amount":"149.90""#),
        (r#""net_amount":"146,92""#, r#""net_amount":"146.92""#),
        (r#""comission":"2,98""#, r#""comission":"2.98""#),
        (r#""comission_tax":"0,54""#, r#""comission_tax":"0.54""#),
    ];
    for (name, changes) in [("numbers", numbers), ("dot strings", dot_strings)] {
        let answer = changes
            .iter()
            .fold(canned.to_owned(), |a, (from, to)| replaced(&a, from, to));
        let server = MockServer::start_async().await;
        pay_expecting(
            &server,
            &card_body("149,90", "ORDER-1001", DOMAIN, 1),
            &answer,
        );
        let request = payment("149.90", "ORDER-1001").build().expect("payment");
        let (t, _) = approved(ok(shop_client(&server).pay(&request).await));
        assert_eq!(text_of(t.amount).as_deref(), Some("149.90"), "{name}");
        assert_eq!(text_of(t.net_amount).as_deref(), Some("146.92"), "{name}");
        assert_eq!(text_of(t.commission).as_deref(), Some("2.98"), "{name}");
        assert_eq!(text_of(t.commission_tax).as_deref(), Some("0.54"), "{name}");
    }
}

#[tokio::test]
async fn pay_thousands_in_a_comma_amount_are_read_exactly() {
    let server = MockServer::start_async().await;
    let answer = replaced(
        canned(Operation::PAY),
        r#""amount":"149,90""#,
        r#""amount":"1.234,56""#,
    );
    pay_expecting(
        &server,
        &card_body("1234,56", "ORDER-1001", DOMAIN, 1),
        &answer,
    );
    let request = payment("1234.56", "ORDER-1001").build().expect("payment");
    let (t, _) = approved(ok(shop_client(&server).pay(&request).await));
    assert_eq!(t.amount.map(|a| a.value()), Some(Decimal::new(123_456, 2)));
}

// ---------------------------------------------------------------------------------------------
// 3. start_3d.

const RETURN_URL: &str = "https://shop.example/paynet/return?order=1001";

#[tokio::test]
async fn start_3d_sends_the_return_url_and_takes_the_domain_from_its_host() {
    let server = MockServer::start_async().await;
    let body = tx::TdsInitialRequest {
        amount: "149,90".into(),
        reference_no: "ORDER-1001".into(),
        domain: "shop.example".into(),
        return_url: RETURN_URL.into(),
        card_holder: Some(HOLDER.into()),
        pan: Some(PAN.into()),
        month: Some(12),
        year: Some(2030),
        cvc: Some(CVC.into()),
        card_hash: None,
        transaction_type: Some(1),
        add_commission: None,
        agent_id: None,
        agent_reference_no: None,
        card_holder_mail: None,
        card_holder_phone: None,
        description: None,
        instalment: None,
        ratio_code: None,
        card_owner_id: None,
        save_card: None,
        card_desc: None,
        user_unique_id: None,
        user_gsm_no: None,
    };
    let mock = server.start_3d(|when, then| {
        when.body(&body)
            .into_inner()
            .header("authorization", AUTHORIZATION);
        raw(200, "application/json", canned(Operation::START_3D))(then.into_inner());
    });
    // Neither the payment nor the client has a domain.
    let start = Start3dRequest::new(
        payment("149.90", "ORDER-1001").build().expect("payment"),
        RETURN_URL,
    )
    .expect("3-D start");
    assert_eq!(start.domain(), Some("shop.example"));
    let session = ok(client(&server.base_url()).start_3d(&start).await);
    assert_eq!(mock.calls_async().await, 1);

    assert_eq!(session.session_id, "js_EAAAA3dsession4f9a1c2e");
    assert_eq!(session.token_id, "FF349CFA-1B2C-4D5E-8F90-A1B2C3D4E5F6");
    assert_eq!(
        session.post_url.as_deref(),
        Some(
            "https://pts-api.paynet.com.tr/v2/transaction/tds?session_id=js_EAAAA3dsession4f9a1c2e&token_id=FF349CFA-1B2C-4D5E-8F90-A1B2C3D4E5F6"
        )
    );
    assert_eq!(
        session.html_content.as_deref(),
        Some(
            r#"<form name="paynetForm" id="paynetForm" method="post" action="https://pts-api.paynet.com.tr/v2/transaction/tds"></form>"#
        )
    );
    assert_eq!(session.reference_no, "ORDER-1001");
    assert_eq!(session.result_code, ResultCode::Successful);
    assert_eq!(session.message.as_deref(), Some("Başarılı İşlem"));
}

#[tokio::test]
async fn start_3d_domain_precedence() {
    // The payment's own domain beats the return URL's host.
    let start = Start3dRequest::new(
        payment("149.90", "ORDER-1001")
            .domain("www.acme.com")
            .build()
            .expect("payment"),
        RETURN_URL,
    )
    .expect("3-D start");
    assert_eq!(start.domain(), Some("www.acme.com"));

    // The return URL's host is taken when the payment has none, even when the client has a
    // merchant domain (the SDK's documented order: payment, return URL, client).
    let server = MockServer::start_async().await;
    let mock = server.start_3d(|when, then| {
        when.into_inner()
            .json_body_includes(json!({ "domain": "shop.example" }).to_string());
        raw(200, "application/json", canned(Operation::START_3D))(then.into_inner());
    });
    let client = builder(&server.base_url())
        .merchant_domain("www.client.example")
        .build()
        .expect("client");
    let start = Start3dRequest::new(
        payment("149.90", "ORDER-1001").build().expect("payment"),
        RETURN_URL,
    )
    .expect("3-D start");
    ok(client.start_3d(&start).await);
    assert_eq!(mock.calls_async().await, 1);

    // A loopback IP return URL gives no domain: the client's is sent.
    let server = MockServer::start_async().await;
    let mock = server.start_3d(|when, then| {
        when.into_inner().json_body_includes(
            json!({ "domain": "www.client.example", "return_url": "http://127.0.0.1:9000/back" })
                .to_string(),
        );
        raw(200, "application/json", canned(Operation::START_3D))(then.into_inner());
    });
    let client = builder(&server.base_url())
        .merchant_domain("www.client.example")
        .build()
        .expect("client");
    let start = Start3dRequest::new(
        payment("149.90", "ORDER-1001").build().expect("payment"),
        "http://127.0.0.1:9000/back",
    )
    .expect("3-D start");
    assert_eq!(start.domain(), None);
    ok(client.start_3d(&start).await);
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn start_3d_refuses_a_plain_http_return_url_before_sending() {
    let e = Start3dRequest::new(
        payment("149.90", "ORDER-1001").build().expect("payment"),
        "http://shop.example/paynet/return",
    )
    .expect_err("http return URL");
    assert_eq!(invalid_field(e), "return_url");
}

// ---------------------------------------------------------------------------------------------
// 4. The bank page's post-back, and complete_3d.

#[test]
fn three_d_return_reads_the_posted_form() {
    let back = ThreeDReturn::from_form(
        b"session_id=js_EAAAA3ds%2Babc&token_id=FF349CFA-1B2C-4D5E-8F90-A1B2C3D4E5F6",
    )
    .expect("a post-back");
    assert_eq!(back.session_id(), "js_EAAAA3ds+abc");
    assert_eq!(back.token_id(), "FF349CFA-1B2C-4D5E-8F90-A1B2C3D4E5F6");
    assert_eq!(back.message(), None);

    // Order does not matter; other fields are ignored; a message is kept as a hint.
    let back = ThreeDReturn::from_form(b"token_id=t1&extra=x&session_id=s1&message=3D+hata")
        .expect("a post-back");
    assert_eq!(
        (back.session_id(), back.token_id(), back.message()),
        ("s1", "t1", Some("3D hata"))
    );

    for (body, field) in [
        (&b"session_id=js_1"[..], "token_id"),
        (b"token_id=t1", "session_id"),
        (b"session_id=js_1&token_id=", "token_id"),
        (b"", "session_id"),
    ] {
        let e = ThreeDReturn::from_form(body).expect_err("refused");
        assert_eq!(invalid_field(e), field, "{}", String::from_utf8_lossy(body));
    }
}

#[tokio::test]
async fn complete_3d_sends_exactly_the_posted_session_and_token() {
    let back = ThreeDReturn::from_form(
        b"session_id=js_EAAAA3dsession4f9a1c2e&token_id=FF349CFA-1B2C-4D5E-8F90-A1B2C3D4E5F6",
    )
    .expect("a post-back");
    // §3.3: session_id and token_id; transaction_type is optional and left out unless set.
    let body = tx::TdsChargeRequest {
        session_id: "js_EAAAA3dsession4f9a1c2e".into(),
        token_id: "FF349CFA-1B2C-4D5E-8F90-A1B2C3D4E5F6".into(),
        transaction_type: None,
    };
    // The typed body is exactly this JSON, nothing more.
    assert_eq!(
        serde_json::to_value(&body).expect("JSON"),
        json!({
            "session_id": "js_EAAAA3dsession4f9a1c2e",
            "token_id": "FF349CFA-1B2C-4D5E-8F90-A1B2C3D4E5F6",
        })
    );
    let server = MockServer::start_async().await;
    let mock = server.complete_3d(|when, then| {
        when.body(&body)
            .into_inner()
            .path("/v2/transaction/tds_charge")
            .header("authorization", AUTHORIZATION);
        raw(200, "application/json", canned(Operation::COMPLETE_3D))(then.into_inner());
    });
    let request = Complete3dRequest::new(&back);
    let (t, replayed) = approved(ok(client(&server.base_url()).complete_3d(&request).await));
    assert_eq!(mock.calls_async().await, 1);
    assert!(!replayed);
    assert_eq!(t.is_tds, Some(true));
    assert_eq!(t.md_status.as_deref(), Some("1"));
    assert_eq!(t.amount.map(|a| a.value()), Some(Decimal::new(14990, 2)));
    assert_eq!(text_of(t.net_amount).as_deref(), Some("146.92"));
    assert_eq!(t.authorization_code.as_deref(), Some("123456"));
    assert_eq!(t.reference_no.as_deref(), Some("ORDER-1001"));
    assert_eq!(t.card_number_masked.as_deref(), Some(MASKED));
}

#[tokio::test]
async fn complete_3d_of_a_pre_authorisation_sends_transaction_type_3() {
    let server = MockServer::start_async().await;
    let mock = server.complete_3d(|when, then| {
        when.body(&tx::TdsChargeRequest {
            session_id: "js_1".into(),
            token_id: "tok_1".into(),
            transaction_type: Some(3),
        })
        .into_inner()
        .header("authorization", AUTHORIZATION);
        raw(
            200,
            "application/json",
            canned_with(Operation::COMPLETE_3D, json!({ "transaction_type": 3 })),
        )(then.into_inner());
    });
    let request = Complete3dRequest::from_ids("js_1", "tok_1")
        .expect("ids")
        .kind(PaymentKind::PreAuthorisation)
        .reference_no("ORDER-1001")
        .expect("reference");
    let (t, _) = approved(ok(client(&server.base_url()).complete_3d(&request).await));
    assert_eq!(t.transaction_type, Some(TransactionType::PreAuth));
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn complete_3d_result_code_100_is_a_replayed_approval() {
    let server = MockServer::start_async().await;
    server.complete_3d(|when, then| {
        when.into_inner().header("authorization", AUTHORIZATION);
        raw(
            200,
            "application/json",
            canned_with(
                Operation::COMPLETE_3D,
                json!({ "code": "100", "message": "Önceki Başarılı İşlem" }),
            ),
        )(then.into_inner());
    });
    let request = Complete3dRequest::from_ids("js_1", "tok_1").expect("ids");
    let (t, replayed) = approved(ok(client(&server.base_url()).complete_3d(&request).await));
    assert!(replayed);
    assert_eq!(t.result_code, Some(ResultCode::OldSuccessful));
}

// ---------------------------------------------------------------------------------------------
// 5. charge.

fn charge_body(amount: &str) -> tx::ChargeRequest {
    tx::ChargeRequest {
        session_id: "js_EAAAAcharge1".into(),
        token_id: "FF349CFA-0001".into(),
        amount: amount.into(),
        transaction_type: Some("1".into()),
        add_comission_amount: Some(false),
        ratio_code: Some(String::new()),
        reference_no: None,
    }
}

#[tokio::test]
async fn charge_in_kurus_sends_the_amount_times_100() {
    // §3.4: the ready-made form's data-amount (×100, "10.00 TL" => "1000"), and the custom
    // form's data-amount ×100.
    let body = charge_body("14990");
    // The typed body is exactly this JSON: `transaction_type` a char (a JSON string), and
    // `ratio_code` an empty string when the form has none, as §3.4 asks.
    assert_eq!(
        serde_json::to_value(&body).expect("JSON"),
        json!({
            "session_id": "js_EAAAAcharge1",
            "token_id": "FF349CFA-0001",
            "amount": "14990",
            "transaction_type": "1",
            "add_comission_amount": false,
            "ratio_code": "",
        })
    );
    let server = MockServer::start_async().await;
    let mock = server.charge(|when, then| {
        when.body(&body)
            .into_inner()
            .path("/v1/transaction/charge")
            .header("authorization", AUTHORIZATION);
        raw(200, "application/json", canned(Operation::CHARGE))(then.into_inner());
    });
    let request = ChargeRequest::builder(
        "js_EAAAAcharge1",
        "FF349CFA-0001",
        ChargeAmount::Kurus(amount("149.90")),
    )
    .build()
    .expect("charge");
    let (t, replayed) = approved(ok(client(&server.base_url()).charge(&request).await));
    assert_eq!(mock.calls_async().await, 1);
    assert!(!replayed);
    // The v1 answer: numbers, and the v1 names (authorization_code, agent_reference_no).
    assert_eq!(t.amount.map(|a| a.value()), Some(Decimal::new(1499, 1)));
    assert_eq!(text_of(t.net_amount).as_deref(), Some("146.92"));
    assert_eq!(text_of(t.commission).as_deref(), Some("2.98"));
    assert_eq!(t.authorization_code.as_deref(), Some("123456"));
    assert_eq!(t.reference_code.as_deref(), Some("ref-4712"));
    assert_eq!(t.reference_no.as_deref(), Some("ORDER-1002"));
    assert_eq!(t.id.as_deref(), Some("1000202"));
    assert_eq!(t.user_id.as_deref(), Some("PaynetJ"));
}

#[tokio::test]
async fn charge_in_lira_sends_tl_with_a_comma() {
    // The current custom-form page (§4.3): "100,55 TL" => "100,55".
    let server = MockServer::start_async().await;
    let mock = server.charge(|when, then| {
        when.body(&charge_body("149,90"))
            .into_inner()
            .header("authorization", AUTHORIZATION);
        raw(200, "application/json", canned(Operation::CHARGE))(then.into_inner());
    });
    let request = ChargeRequest::builder(
        "js_EAAAAcharge1",
        "FF349CFA-0001",
        ChargeAmount::Lira(amount("149.90")),
    )
    .build()
    .expect("charge");
    ok(client(&server.base_url()).charge(&request).await);
    assert_eq!(mock.calls_async().await, 1);
}

#[tokio::test]
async fn charge_pre_authorisation_with_commission_ratio_code_and_reference() {
    let server = MockServer::start_async().await;
    let mock = server.charge(|when, then| {
        when.body(&tx::ChargeRequest {
            transaction_type: Some("3".into()),
            add_comission_amount: Some(true),
            ratio_code: Some("R1".into()),
            reference_no: Some("ORDER-1002".into()),
            ..charge_body("1000")
        })
        .into_inner()
        .header("authorization", AUTHORIZATION);
        raw(
            200,
            "application/json",
            canned_with(Operation::CHARGE, json!({ "transaction_type": 3 })),
        )(then.into_inner());
    });
    let request = ChargeRequest::builder(
        "js_EAAAAcharge1",
        "FF349CFA-0001",
        ChargeAmount::Kurus(amount("10")),
    )
    .pre_authorisation()
    .add_commission_amount(true)
    .ratio_code("R1")
    .reference_no("ORDER-1002")
    .build()
    .expect("charge");
    let (t, _) = approved(ok(client(&server.base_url()).charge(&request).await));
    assert_eq!(t.transaction_type, Some(TransactionType::PreAuth));
    assert_eq!(mock.calls_async().await, 1);
}

// ---------------------------------------------------------------------------------------------
// 6. payment_detail.

#[tokio::test]
async fn payment_detail_by_each_reference_sends_only_that_field() {
    let none = tx::DetailRequest::default();
    let cases = [
        (
            TransactionRef::xact_id("xk_EAAAAv2payment4f9a1c2e7b8d").expect("ref"),
            tx::DetailRequest {
                xact_id: Some("xk_EAAAAv2payment4f9a1c2e7b8d".into()),
                ..none.clone()
            },
            json!({ "xact_id": "xk_EAAAAv2payment4f9a1c2e7b8d" }),
        ),
        (
            TransactionRef::reference_no("ORDER-1001").expect("ref"),
            tx::DetailRequest {
                reference_no: Some("ORDER-1001".into()),
                ..none.clone()
            },
            json!({ "reference_no": "ORDER-1001" }),
        ),
        (
            TransactionRef::xact("1000201").expect("ref"),
            tx::DetailRequest {
                xact: Some("1000201".into()),
                ..none.clone()
            },
            json!({ "xact": "1000201" }),
        ),
    ];
    for (reference, typed, expected) in cases {
        assert_eq!(serde_json::to_value(&typed).expect("JSON"), expected);
        let server = MockServer::start_async().await;
        let mock = server.payment_detail(|when, then| {
            when.body(&typed)
                .into_inner()
                .path("/v1/transaction/detail")
                .header("authorization", AUTHORIZATION);
            raw(200, "application/json", canned(Operation::PAYMENT_DETAIL))(then.into_inner());
        });
        let check = ok(client(&server.base_url())
            .payment_detail(&PaymentDetailRequest::new(reference))
            .await);
        assert_eq!(mock.calls_async().await, 1, "{expected}");
        assert_eq!(check.transactions.len(), 1);
    }
}

#[tokio::test]
async fn payment_detail_reads_data_into_a_transaction_check() {
    let server = MockServer::start_async().await;
    server.payment_detail(|when, then| {
        when.body(&tx::DetailRequest {
            reference_no: Some("ORDER-1001".into()),
            ..Default::default()
        });
        raw(200, "application/json", canned(Operation::PAYMENT_DETAIL))(then.into_inner());
    });
    let request =
        PaymentDetailRequest::new(TransactionRef::reference_no("ORDER-1001").expect("ref"));
    let check = ok(client(&server.base_url()).payment_detail(&request).await);
    assert_eq!(check.result_code, ResultCode::Successful);
    assert_eq!(check.message.as_deref(), Some("Başarılı İşlem"));
    assert!(!check.is_empty());
    let t = check.latest().expect("a transaction");
    assert_eq!(t.id.as_deref(), Some("1000201"));
    assert_eq!(t.xact_id.as_deref(), Some("xk_EAAAAv2payment4f9a1c2e7b8d"));
    assert_eq!(t.transaction_type, Some(TransactionType::Sale));
    assert_eq!(t.pos_type, Some(PosType::PaynetPos));
    assert_eq!(t.is_tds, Some(false));
    assert_eq!(t.agent_id.as_deref(), Some("20005"));
    assert_eq!(t.agent_reference.as_deref(), Some("ORDER-1001"));
    assert_eq!(t.ratio, Some(Decimal::new(199, 4)));
    assert_eq!(t.bank_id, Some(BankId::new("AXSS")));
    assert_eq!(t.bank_name.as_deref(), Some("Akbank"));
    assert_eq!(t.instalment, Some(0));
    assert_eq!(t.card_number_masked.as_deref(), Some(MASKED));
    assert_eq!(t.card_holder.as_deref(), Some(HOLDER));
    assert_eq!(t.card_type, Some(CardType::Personal));
    assert_eq!(t.amount.map(|a| a.value()), Some(Decimal::new(1499, 1)));
    // `netAmount`, as the detail page spells it.
    assert_eq!(text_of(t.net_amount).as_deref(), Some("146.92"));
    assert_eq!(text_of(t.commission).as_deref(), Some("2.98"));
    assert_eq!(text_of(t.commission_tax).as_deref(), Some("0.54"));
    assert_eq!(t.authorization_code.as_deref(), Some("123456"));
    assert_eq!(t.reference_code.as_deref(), Some("ref-4711"));
    assert_eq!(t.order_id.as_deref(), Some("order-4711"));
    assert_eq!(t.is_succeed, Some(true));
    assert_eq!(t.reversed, Some(false));
    assert_eq!(t.reversed_xact_id, None);
    assert_eq!(
        t.tracking_id.as_deref(),
        Some("8a1f0c9e-2b7d-4c3a-9e61-5d2f7b8c9a10")
    );
}

#[tokio::test]
async fn payment_detail_with_no_data_is_an_empty_check() {
    let server = MockServer::start_async().await;
    server.payment_detail(|_, then| {
        raw(
            200,
            "application/json",
            r#"{"Data":[],"object_name":"transaction_detail","code":12,"message":"Kayıt bulunamadı"}"#,
        )(then.into_inner());
    });
    let request =
        PaymentDetailRequest::new(TransactionRef::reference_no("ORDER-404").expect("ref"));
    let check = ok(client(&server.base_url()).payment_detail(&request).await);
    assert!(check.is_empty());
    assert_eq!(check.result_code, ResultCode::NoData);
}

// ---------------------------------------------------------------------------------------------
// 7. Card data echoed by the server never shows.

const ECHO_CVC: &str = "321";

fn echo_card() -> Card {
    Card::new(PAN, "12/30", ECHO_CVC, HOLDER).expect("a valid card")
}

/// Fails if `text` holds the full card number (in any usual grouping) or the CVC.
#[track_caller]
fn assert_no_card_data(what: &str, text: &str) {
    for form in [PAN, "4355 0843 5508 4358", "4355-0843-5508-4358"] {
        assert!(
            !text.contains(form),
            "{what} shows the card number {form:?}:\n{text}"
        );
    }
    assert!(!text.contains(ECHO_CVC), "{what} shows the CVC:\n{text}");
}

/// A pay mock answering `status` with `body` to any request with the secret key.
fn pay_answering<'a>(server: &'a MockServer, status: u16, body: &str) -> httpmock::Mock<'a> {
    let body = body.to_owned();
    server.pay(|when, then| {
        when.into_inner().header("authorization", AUTHORIZATION);
        raw(status, "application/json", body)(then.into_inner());
    })
}

async fn pay_echo(server: &MockServer) -> Result<PaymentOutcome, Error> {
    let request = PaymentRequest::builder(amount("149.90"), "ORDER-1001", echo_card())
        .build()
        .expect("payment");
    assert_no_card_data("the request's Debug", &format!("{request:?} {request:#?}"));
    shop_client(server).pay(&request).await
}

#[tokio::test]
async fn an_error_echoing_the_card_number_does_not_show() {
    let server = MockServer::start_async().await;
    pay_answering(
        &server,
        400,
        r#"{"code":5,"message":"card 4355084355084358 refused"}"#,
    );
    let result = pay_echo(&server).await;
    assert_no_card_data("the error", &printed(&result));
    let e = err(result);
    assert!(!e.is_not_sent() && !e.needs_reconciliation(), "{e:?}");
    let Error::Rejected(r) = &e else {
        panic!("expected a refusal, got {e:?}");
    };
    assert_eq!(r.operation, Operation::PAY);
    assert_eq!(r.status, 400);
    assert_eq!(r.code, Some(ResultCode::from_i64(5)));
    assert_eq!(r.message.as_deref(), Some("card [redacted] refused"));
}

#[tokio::test]
async fn an_answer_echoing_the_card_number_and_cvc_values_does_not_show_them() {
    // The full number in `card_no_masked` and inside the message; the CVC as a whole value.
    let server = MockServer::start_async().await;
    pay_answering(
        &server,
        200,
        &canned_with(
            Operation::PAY,
            json!({
                "card_no_masked": PAN,
                "message": format!("Başarılı İşlem: {PAN}"),
                "md_status": ECHO_CVC,
            }),
        ),
    );
    let result = pay_echo(&server).await;
    assert_no_card_data("the outcome's Debug", &printed(&result));
    let outcome = ok(result);
    let json = serde_json::to_string(&outcome).expect("JSON");
    assert_no_card_data("the outcome's JSON", &json);
    let t = outcome.transaction();
    assert!(outcome.is_approved(), "{outcome:?}");
    assert_eq!(t.amount.map(|a| a.value()), Some(Decimal::new(14990, 2)));
    assert_eq!(t.message.as_deref(), Some("Başarılı İşlem: [redacted]"));
    assert_eq!(t.md_status.as_deref(), Some("[redacted]"));
    // The echoed number is scrubbed before it is read (masking it again would do too).
    let masked = t.card_number_masked.as_deref().expect("a card number");
    assert!(masked == "[redacted]" || masked == MASKED, "{masked}");
}

/// The body of the brief's example: the full number and the CVC inside Paynet's message.
const ECHO_ERROR: &str = r#"{"code":5,"message":"card 4355084355084358 cvc 321 refused"}"#;

#[tokio::test]
async fn an_error_echoing_the_cvc_in_its_message_does_not_show_it() {
    let server = MockServer::start_async().await;
    pay_answering(&server, 400, ECHO_ERROR);
    let result = pay_echo(&server).await;
    assert_no_card_data("the error", &printed(&result));
    let e = err(result);
    let Error::Rejected(r) = &e else {
        panic!("expected a refusal, got {e:?}");
    };
    let message = r.message.as_deref().expect("the message is kept");
    assert!(message.starts_with("card [redacted]"), "{message}");
    assert!(message.ends_with(" refused"), "{message}");
}

#[tokio::test]
async fn an_answer_echoing_the_cvc_in_its_message_does_not_show_it() {
    let server = MockServer::start_async().await;
    pay_answering(
        &server,
        200,
        &canned_with(
            Operation::PAY,
            json!({ "message": format!("Başarılı İşlem: {PAN} cvc {ECHO_CVC}") }),
        ),
    );
    let result = pay_echo(&server).await;
    assert_no_card_data("the outcome's Debug", &printed(&result));
    let outcome = ok(result);
    assert_no_card_data(
        "the outcome's JSON",
        &serde_json::to_string(&outcome).expect("JSON"),
    );
}

#[tokio::test]
async fn a_grouped_echo_of_the_card_number_does_not_show() {
    // Paynet (or a bank) may echo the number the way people write it.
    let server = MockServer::start_async().await;
    pay_answering(
        &server,
        400,
        r#"{"code":5,"message":"kart 4355 0843 5508 4358 reddedildi"}"#,
    );
    let result = pay_echo(&server).await;
    assert_no_card_data("the error", &printed(&result));
}

// ---------------------------------------------------------------------------------------------
// 8. Bad input is refused before anything is sent.

#[tokio::test]
async fn bad_card_data_and_amounts_are_refused_before_sending() {
    let server = MockServer::start_async().await;
    let anything = any_request(&server);

    // A Luhn-invalid number (last digit changed), without the number in the error.
    let e = Card::new("4355084355084359", "12/30", CVC, HOLDER).expect_err("Luhn");
    let text = format!("{e} {e:?}");
    assert!(!text.contains("4355084355084359"), "{text}");
    assert!(text.contains("Luhn"), "{text}");
    assert_eq!(invalid_field(e), "pan");

    // A past expiry (last month, in Turkey), and this month still valid.
    let today = paynet::turkish_today();
    let (year, month) = {
        use paynet::chrono::Datelike as _;
        (today.year(), today.month())
    };
    let (last_year, last_month) = if month == 1 {
        (year - 1, 12)
    } else {
        (year, month - 1)
    };
    let past = format!("{last_month:02}/{:02}", last_year % 100);
    let e = Card::new(PAN, &past, CVC, HOLDER).expect_err("expired");
    assert_eq!(invalid_field(e), "expiry", "{past}");
    let e = Card::new(PAN, "01/20", CVC, HOLDER).expect_err("expired");
    assert_eq!(invalid_field(e), "expiry");
    Card::new(PAN, &format!("{month:02}/{:02}", year % 100), CVC, HOLDER).expect("this month");

    // A two-digit (and a five-digit) CVC.
    for cvc in ["12", "12345", "12a"] {
        let e = Card::new(PAN, "12/30", cvc, HOLDER).expect_err("cvc");
        assert_eq!(invalid_field(e), "cvc", "{cvc}");
    }

    // Sub-kuruş amounts do not even parse; nor does a Turkish comma.
    assert!(
        matches!(
            "1.005".parse::<Amount>(),
            Err(AmountError::TooManyDecimals { .. })
        ),
        "{:?}",
        "1.005".parse::<Amount>()
    );
    assert!("149,90".parse::<Amount>().is_err());
    assert!("0".parse::<Amount>().is_err());
    let e: Error = "1.005".parse::<Amount>().expect_err("sub-kuruş").into();
    assert_eq!(invalid_field(e), "amount");

    // An empty (or blank-padded, or too long) reference_no.
    for reference in ["", " ORDER-1", &"X".repeat(51)] {
        let e = payment("149.90", reference)
            .build()
            .expect_err("reference_no");
        assert_eq!(invalid_field(e), "reference_no", "{reference:?}");
    }

    assert_eq!(anything.calls_async().await, 0);
}

#[tokio::test]
async fn a_payment_refused_by_the_client_reaches_no_server() {
    // The checks that only the call can make (the domain) send nothing either, for pay and
    // start_3d alike.
    let server = MockServer::start_async().await;
    let anything = any_request(&server);
    let client = client(&server.base_url());
    let start = Start3dRequest::new(
        payment("149.90", "ORDER-1001").build().expect("payment"),
        "http://127.0.0.1:9000/back",
    )
    .expect("3-D start");
    let e = err(client.start_3d(&start).await);
    assert_eq!(invalid_field(e), "domain");
    let e = err(client
        .pay(&payment("149.90", "ORDER-1001").build().expect("payment"))
        .reconcile(false)
        .await);
    assert_eq!(invalid_field(e), "domain");
    assert_eq!(anything.calls_async().await, 0);
}
