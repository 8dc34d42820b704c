//! After the sale, on the wire: refunds and cancellations (kuruş strings, `succeedUrl` in camel
//! case, "request accepted" typed as such), the reports streamed page after page (no duplicate,
//! no gap, no endless loop, errors and the maximum surfaced), report rows read with Paynet's own
//! names, and the instalment table read exactly with either spelling of commission. Against
//! httpmock, through the generated typed helpers.

mod common;

use std::str::FromStr as _;

use common::*;
use futures_util::StreamExt as _;
use httpmock::{Method, MockServer};
use paynet::raw::paynet_reports::types as reports;
use paynet::raw::paynet_transaction::types as tx_wire;
use paynet::{
    CancelCaptureRequest, CancelPreAuthRequest, Decimal, Error, NaiveDate, Operation,
    PaymentListRequest, RatiosRequest, RefundListRequest, RefundRequest, RefundStatus, ResultCode,
    TransactionType,
};
use paynet_httpmock::paynet_reports::MockServerExt as _;
use paynet_httpmock::paynet_transaction::MockServerExt as _;
use serde_json::{Value, json};

const XACT_ID: &str = "xk_EAAAAh7VYf9HG4+GR9ezqiMWAA8PY6P4eroE4BUUHRCLxGO";

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("a decimal")
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("a day")
}

// ---------------------------------------------------------------------------------------------
// Refunds and cancellations.

#[tokio::test]
async fn a_refund_sends_its_amount_in_kurus_and_succeed_url_in_camel_case() {
    let server = MockServer::start_async().await;
    let mock = server.refund(|when, then| {
        when.body(&tx_wire::RefundRequest {
            xact_id: XACT_ID.into(),
            amount: Some("1000".into()),
            succeed_url: Some("https://shop.example/refund".into()),
        })
        .into_inner()
        .header("authorization", AUTHORIZATION);
        raw(200, "application/json", canned(Operation::REFUND))(then.into_inner());
    });
    let request = RefundRequest::builder(XACT_ID)
        .amount("10.00".parse().expect("amount"))
        .succeed_url("https://shop.example/refund")
        .build()
        .expect("request");
    let requested = ok(client(&server.base_url()).refund(&request).await);
    mock.assert_async().await;
    assert_eq!(requested.result_code, ResultCode::Successful);
    assert!(!requested.reconciled);
    assert_eq!(requested.message.as_deref(), Some("Başarılı İşlem"));

    // The field names on the wire, literally.
    let body = serde_json::to_value(tx_wire::RefundRequest {
        xact_id: XACT_ID.into(),
        amount: Some("1000".into()),
        succeed_url: Some("https://shop.example/refund".into()),
    })
    .expect("json");
    assert_eq!(
        body,
        json!({"xact_id": XACT_ID, "amount": "1000", "succeedUrl": "https://shop.example/refund"})
    );
}

#[tokio::test]
async fn a_whole_refund_sends_no_amount() {
    let server = MockServer::start_async().await;
    let mock = server.refund(|when, then| {
        when.body(&tx_wire::RefundRequest {
            xact_id: XACT_ID.into(),
            amount: None,
            succeed_url: None,
        });
        raw(200, "application/json", canned(Operation::REFUND))(then.into_inner());
    });
    let request = RefundRequest::builder(XACT_ID).build().expect("request");
    ok(client(&server.base_url()).refund(&request).await);
    mock.assert_async().await;
}

#[tokio::test]
async fn a_refused_refund_on_http_200_is_a_rejection_with_paynets_message() {
    let server = MockServer::start_async().await;
    server.refund(|_, then| {
        raw(
            200,
            "application/json",
            r#"{"object_name":"transaction_reversed_request","code":"5","message":"Aynı gün içinde kısmi iade yapılamaz"}"#,
        )(then.into_inner());
    });
    let request = RefundRequest::builder(XACT_ID)
        .amount("10.00".parse().expect("amount"))
        .build()
        .expect("request");
    let r = rejection(
        client(&server.base_url()).refund(&request).await,
        Operation::REFUND,
    );
    assert_eq!(
        r.message.as_deref(),
        Some("Aynı gün içinde kısmi iade yapılamaz")
    );
}

#[tokio::test]
async fn a_refund_with_a_plain_http_succeed_url_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let mock = server.refund(|_, then| {
        raw(200, "application/json", canned(Operation::REFUND))(then.into_inner());
    });
    for url in [
        "http://shop.example/refund",
        "/refund",
        "ftp://shop.example/x",
    ] {
        let e = RefundRequest::builder(XACT_ID)
            .succeed_url(url)
            .build()
            .expect_err(url);
        assert!(
            matches!(
                e,
                Error::InvalidRequest {
                    field: "succeed_url",
                    ..
                }
            ),
            "{url}: {e:?}"
        );
    }
    assert_eq!(mock.calls_async().await, 0);
}

#[tokio::test]
async fn a_pre_authorisation_is_cancelled_by_its_xact_id() {
    let server = MockServer::start_async().await;
    let mock = server.cancel_preauth(|when, then| {
        when.body(&tx_wire::ReversalRequest {
            xact_id: XACT_ID.into(),
        })
        .into_inner()
        .header("authorization", AUTHORIZATION);
        raw(
            200,
            "application/json",
            r#"{"object_name":"transaction_preauth_reversed_request","code":0,"message":"Başarılı İşlem"}"#,
        )(then.into_inner());
    });
    let request = CancelPreAuthRequest::new(XACT_ID).expect("request");
    let cancelled = ok(client(&server.base_url()).cancel_preauth(&request).await);
    mock.assert_async().await;
    assert!(!cancelled.reconciled);
    assert_eq!(cancelled.result_code, ResultCode::Successful);
}

#[tokio::test]
async fn a_capture_cancellation_with_the_documented_odd_types_is_read() {
    // The docs type `currency` as a decimal, `is_succeed` as a string and `paynet_error_id` as a
    // bool: a server doing just that is read, not refused.
    let server = MockServer::start_async().await;
    server.cancel_capture(|when, then| {
        when.body(&tx_wire::ReversalRequest {
            xact_id: XACT_ID.into(),
        });
        raw(
            200,
            "application/json",
            r#"{"xact_id":"xk_cancel_1","xact_date":"2026-11-30T11:00:00","transaction_type":"6","pos_type":"5","is_tds":false,"amount":"58.92","net_amount":56.55,"comission":"2.37","comission_tax":0.43,"currency":949,"is_succeed":"true","paynet_error_id":false,"code":0,"message":"Başarılı"}"#,
        )(then.into_inner());
    });
    let request = CancelCaptureRequest::new(XACT_ID).expect("request");
    let outcome = ok(client(&server.base_url()).cancel_capture(&request).await);
    assert!(outcome.is_approved(), "{outcome:?}");
    let t = outcome.transaction();
    assert_eq!(t.xact_id.as_deref(), Some("xk_cancel_1"));
    assert_eq!(t.transaction_type.map(TransactionType::as_i64), Some(6));
    assert_eq!(t.amount.map(|a| a.value()), Some(dec("58.92")));
    assert_eq!(t.net_amount.map(|a| a.value()), Some(dec("56.55")));
    assert_eq!(t.is_succeed, Some(true));
}

// ---------------------------------------------------------------------------------------------
// Reports.

/// The list body the SDK sends for November 2026, `limit` rows a page, starting after `after`.
fn list_body(limit: i64, after: Option<i64>) -> reports::ListRequest {
    reports::ListRequest {
        datab: "2026-11-01".into(),
        datbi: "2026-11-30".into(),
        limit: Some(limit),
        starting_after: after,
        show_unsucceed: Some(false),
        agent_id: None,
        bank_id: None,
        user_id: None,
        untransferred: None,
        ending_before: None,
    }
}

/// A page of the transaction list with rows `ids` (each row the canned one with its own
/// `xact_id`), saying `has_more`.
fn payment_page(ids: &[&str], has_more: bool) -> String {
    let mut page: Value = serde_json::from_str(canned(Operation::LIST_PAYMENTS)).expect("json");
    let row = page["Data"][0].clone();
    page["Data"] = ids
        .iter()
        .map(|id| {
            let mut r = row.clone();
            r["xact_id"] = json!(id);
            r
        })
        .collect();
    page["has_more"] = json!(has_more);
    page["total_count"] = json!(5);
    page.to_string()
}

/// Mocks the list's page that starts after `after`.
fn serve_page(server: &MockServer, limit: i64, after: Option<i64>, body: String) -> usize {
    server
        .list_payments(|when, then| {
            when.body(&list_body(limit, after));
            raw(200, "application/json", body)(then.into_inner());
        })
        .id()
}

fn november(limit: u32) -> PaymentListRequest {
    PaymentListRequest::builder(day(1), day(30))
        .limit(limit)
        .build()
        .expect("request")
}

/// Every item of a stream: the rows' `xact_id`s, and the error it ended with, if any.
async fn drain(mut rows: paynet::Rows<'_, paynet::PaymentRow>) -> (Vec<String>, Option<Error>) {
    let mut ids = Vec::new();
    while let Some(item) = rows.next().await {
        match item {
            Ok(row) => ids.push(row.transaction.xact_id.unwrap_or_default()),
            Err(e) => {
                assert!(
                    rows.next().await.is_none(),
                    "the stream ends after an error"
                );
                return (ids, Some(e));
            }
        }
    }
    (ids, None)
}

fn hits(server: &MockServer, id: usize) -> usize {
    httpmock::Mock::new(id, server).calls()
}

#[tokio::test]
async fn the_transaction_list_streams_every_page_once_in_order() {
    let server = MockServer::start_async().await;
    let p1 = serve_page(&server, 2, None, payment_page(&["a", "b"], true));
    let p2 = serve_page(&server, 2, Some(2), payment_page(&["c", "d"], true));
    let p3 = serve_page(&server, 2, Some(4), payment_page(&["e"], false));
    let client = client(&server.base_url());
    let (ids, error) = drain(client.payments(&november(2))).await;
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert_eq!(
        (hits(&server, p1), hits(&server, p2), hits(&server, p3)),
        (1, 1, 1)
    );
}

#[tokio::test]
async fn pages_are_asked_for_only_as_rows_are_taken() {
    let server = MockServer::start_async().await;
    let p1 = serve_page(&server, 2, None, payment_page(&["a", "b"], true));
    let p2 = serve_page(&server, 2, Some(2), payment_page(&["c"], false));
    let client = client(&server.base_url());
    let mut rows = client.payments(&november(2));
    assert!(rows.next().await.is_some());
    assert!(rows.next().await.is_some());
    assert_eq!((hits(&server, p1), hits(&server, p2)), (1, 0));
    assert!(rows.next().await.is_some());
    assert_eq!(hits(&server, p2), 1);
}

#[tokio::test]
async fn a_server_that_says_has_more_with_a_short_or_empty_page_cannot_loop_the_stream() {
    let server = MockServer::start_async().await;
    // Page 1 is short (1 of 2 rows) yet says has_more: the stream ends there.
    let p1 = serve_page(&server, 2, None, payment_page(&["a"], true));
    let p2 = serve_page(&server, 2, Some(1), payment_page(&["b"], true));
    let client = client(&server.base_url());
    let (ids, error) = drain(client.payments(&november(2))).await;
    assert!(error.is_none());
    assert_eq!(ids, ["a"]);
    assert_eq!((hits(&server, p1), hits(&server, p2)), (1, 0));

    let server = MockServer::start_async().await;
    let p1 = serve_page(&server, 2, None, payment_page(&[], true));
    let client = self::client(&server.base_url());
    let (ids, error) = drain(client.payments(&november(2))).await;
    assert!(ids.is_empty() && error.is_none());
    assert_eq!(hits(&server, p1), 1);
}

#[tokio::test]
async fn a_page_that_fails_ends_the_stream_with_its_error_after_the_rows_before_it() {
    let server = MockServer::start_async().await;
    serve_page(&server, 2, None, payment_page(&["a", "b"], true));
    server.list_payments(|when, then| {
        when.body(&list_body(2, Some(2)));
        raw(500, "text/html", HTML_500)(then.into_inner());
    });
    let client = builder(&server.base_url())
        .retry_policy(paynet::RetryPolicy::none())
        .build()
        .expect("client");
    let (ids, error) = drain(client.payments(&november(2))).await;
    assert_eq!(ids, ["a", "b"]);
    let error = error.expect("the second page's error");
    assert!(
        matches!(error, Error::InvalidResponse { .. } | Error::Rejected(_)),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_stream_stops_at_its_maximum_and_says_so_when_rows_remain() {
    let server = MockServer::start_async().await;
    serve_page(&server, 2, None, payment_page(&["a", "b"], true));
    let p2 = serve_page(&server, 2, Some(2), payment_page(&["c", "d"], true));
    let p3 = serve_page(&server, 2, Some(4), payment_page(&["e"], false));
    let client = client(&server.base_url());
    let (ids, error) = drain(client.payments_up_to(&november(2), 3)).await;
    assert_eq!(ids, ["a", "b", "c"]);
    match error {
        Some(Error::InvalidRequest {
            field: "max_rows",
            reason,
        }) => assert!(reason.contains("stopped after 3 rows"), "{reason}"),
        other => panic!("{other:?}"),
    }
    assert_eq!((hits(&server, p2), hits(&server, p3)), (1, 0));

    // Exactly the maximum, with nothing left: no error.
    let (ids, error) = drain(client.payments_up_to(&november(2), 5)).await;
    assert_eq!(ids.len(), 5);
    assert!(error.is_none(), "{error:?}");
}

#[tokio::test]
async fn a_list_with_nothing_in_it_is_an_empty_page() {
    let server = MockServer::start_async().await;
    server.list_payments(|_, then| {
        raw(
            200,
            "application/json",
            r#"{"object_name":"transaction_list","code":12,"message":"Kayıt bulunamadı"}"#,
        )(then.into_inner());
    });
    let client = client(&server.base_url());
    let page = ok(client.list_payments(&november(10)).await);
    assert!(page.rows.is_empty() && !page.has_more);
    assert_eq!(page.result_code, ResultCode::NoData);
    let (ids, error) = drain(client.payments(&november(10))).await;
    assert!(ids.is_empty() && error.is_none());
}

#[tokio::test]
async fn a_report_row_keeps_paynets_columns_exactly_and_never_a_full_card_number() {
    let mut page: Value = serde_json::from_str(canned(Operation::LIST_PAYMENTS)).expect("json");
    let row = &mut page["Data"][0];
    row["card_no"] = json!("4355084355084358"); // a full number, echoed
    row["ana_firma_komisyonu_kdv_dahil"] = json!("3.5760"); // a string, four decimals
    row["is_payup"] = json!("1");
    row["a_column_nobody_documented"] = json!({"nested": [1, 2]});
    let server = MockServer::start_async().await;
    server.list_payments(|_, then| {
        raw(200, "application/json", page.to_string())(then.into_inner());
    });
    let page = ok(client(&server.base_url())
        .list_payments(&november(10))
        .await);
    assert_eq!(page.total_count, Some(1));
    assert_eq!(page.total.map(|a| a.value()), Some(dec("149.9")));
    assert_eq!(page.company_name.as_deref(), Some("Acme"));
    let row = &page.rows[0];
    let t = &row.transaction;
    assert_eq!(t.card_number_masked.as_deref(), Some("435508******4358"));
    assert_eq!(t.reference_no.as_deref(), Some("ORDER-1001"));
    assert_eq!(t.net_amount.map(|a| a.value()), Some(dec("146.32")));
    assert_eq!(t.commission_tax.map(|a| a.value()), Some(dec("0.6")));
    assert_eq!(row.type_name.as_deref(), Some("Satış"));
    assert_eq!(row.is_paid_out, Some(true));
    let s = &row.settlement;
    assert_eq!(
        s.main_company_commission.map(|a| a.value()),
        Some(dec("2.98"))
    );
    assert_eq!(
        s.main_company_commission_with_tax
            .map(|a| a.value().to_string()),
        Some("3.5760".into())
    );
    assert_eq!(s.main_company_net.map(|a| a.value()), Some(dec("146.32")));
    assert_eq!(
        s.main_company_paid_on.as_deref(),
        Some("2026-12-01T00:00:00")
    );

    // Written back with Paynet's names, exact, and masked.
    let json = serde_json::to_string(&page).expect("json");
    assert!(
        json.contains(r#""ana_firma_komisyonu_kdv_dahil":3.5760"#),
        "{json}"
    );
    assert!(
        json.contains(r#""card_no_masked":"435508******4358""#),
        "{json}"
    );
    assert!(
        !json.contains("4355084355084358") && !format!("{page:?}").contains("4355084355084358")
    );
}

#[tokio::test]
async fn the_refund_list_streams_and_reads_statuses() {
    let mut page: Value = serde_json::from_str(canned(Operation::LIST_REFUNDS)).expect("json");
    page["Data"][0]["status"] = json!("2");
    page["Data"][0]["amount"] = json!("10.00");
    let server = MockServer::start_async().await;
    let mock = server.list_refunds(|when, then| {
        when.body(&list_body(10, None))
            .into_inner()
            .header("authorization", AUTHORIZATION);
        raw(200, "application/json", page.to_string())(then.into_inner());
    });
    let client = client(&server.base_url());
    let request = RefundListRequest::builder(day(1), day(30))
        .build()
        .expect("request");
    let rows: Vec<_> = client.refunds(&request).collect().await;
    assert_eq!(rows.len(), 1);
    let row = rows.into_iter().next().expect("a row").expect("read");
    assert_eq!(row.status, Some(RefundStatus::Denied));
    assert_eq!(
        row.amount.map(|a| a.value().to_string()),
        Some("10.00".into())
    );
    assert_eq!(
        row.transaction_amount.map(|a| a.value()),
        Some(dec("149.9"))
    );
    assert_eq!(
        row.xact_id.as_deref(),
        Some("xk_EAAAAv2payment4f9a1c2e7b8d")
    );
    assert_eq!(row.requested_on.as_deref(), Some("30.11.2026"));
    mock.assert_async().await;
}

// ---------------------------------------------------------------------------------------------
// The instalment table.

/// The canned table with its commission fields spelled `spelling` (`commision`, `commission`).
fn ratio_table(spelling: &str) -> String {
    let text = canned(Operation::RATIOS).replace("\"commision", &format!("\"{spelling}"));
    assert!(text.contains(&format!("\"{spelling}\":1.99")));
    text
}

#[tokio::test]
async fn the_ratio_table_reads_either_spelling_of_commission_exactly() {
    for spelling in ["commision", "commission"] {
        let server = MockServer::start_async().await;
        let mock = server.ratios(|when, then| {
            when.body(&reports::RatioRequest {
                bin: Some("435508".into()),
                amount: Some(paynet::raw::wire::JsonDecimal(dec("100.00"))),
                ..Default::default()
            })
            .into_inner()
            .header("authorization", AUTHORIZATION);
            raw(200, "application/json", ratio_table(spelling))(then.into_inner());
        });
        let request =
            RatiosRequest::for_card("435508", "100.00".parse().expect("amount")).expect("request");
        let table = ok(client(&server.base_url()).ratios(&request).await);
        mock.assert_async().await;
        let bank = table.bank("AXSS").expect("Akbank");
        assert_eq!(bank.bank_name.as_deref(), Some("Akbank"));
        assert_eq!(bank.tds_required, Some(false));
        let two = &bank.options[1];
        assert_eq!(two.key.as_deref(), Some("AXSS-2"));
        assert_eq!(two.count, Some(2));
        assert_eq!(two.instalment_amount.map(|a| a.value()), Some(dec("50.0")));
        assert_eq!(two.net.map(|a| a.value()), Some(dec("95.81")), "{spelling}");
        assert_eq!(
            two.commission.map(|a| a.value()),
            Some(dec("3.49")),
            "{spelling}"
        );
        assert_eq!(
            two.commission_tax.map(|a| a.value()),
            Some(dec("0.7")),
            "{spelling}"
        );
        assert_eq!(two.ratio, Some(dec("0.0349")));
        assert_eq!(two.description.as_deref(), Some("2 Taksit"));
        assert_eq!(table.options().count(), 2);
    }
}

#[tokio::test]
async fn the_amount_asked_for_goes_out_as_an_exact_json_number() {
    let server = MockServer::start_async().await;
    let mock = server.ratios(|when, then| {
        when.into_inner()
            .method(Method::POST)
            .body(r#"{"amount":1234.50,"bin":"435508"}"#);
        raw(200, "application/json", ratio_table("commision"))(then.into_inner());
    });
    let request =
        RatiosRequest::for_card("435508", "1234.50".parse().expect("amount")).expect("request");
    ok(client(&server.base_url()).ratios(&request).await);
    mock.assert_async().await;
}

#[tokio::test]
async fn an_unknown_bin_is_an_empty_table() {
    let server = MockServer::start_async().await;
    server.ratios(|_, then| {
        raw(
            200,
            "application/json",
            r#"{"object_name":"ratio_get","code":"12","message":"Kayıt bulunamadı"}"#,
        )(then.into_inner());
    });
    let request = RatiosRequest::builder()
        .bin("999999")
        .build()
        .expect("request");
    let table = ok(client(&server.base_url()).ratios(&request).await);
    assert!(table.banks.is_empty());
    assert_eq!(table.result_code, ResultCode::NoData);
}

#[test]
fn a_bad_bin_is_refused_when_the_request_is_built() {
    for bin in ["4355", "43550812", "4355O8", ""] {
        let e = RatiosRequest::builder().bin(bin).build().expect_err(bin);
        assert!(
            matches!(e, Error::InvalidRequest { field: "bin", .. }),
            "{e:?}"
        );
    }
}
