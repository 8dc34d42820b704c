//! The facade end to end against the simulated Paynet (`paynet-sim`): the 3-D Secure flow
//! through the bank's page over HTTP, direct payments approved, declined and replayed, a lost
//! answer settled by the automatic lookup, a pre-authorisation cancelled, a refund with its
//! callback, the month's report streamed without duplicates or gaps, and the instalment options
//! for a card.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::time::Duration;

use futures_util::StreamExt as _;
use paynet::raw::reqwest;
use paynet::{
    CancelPreAuthRequest, Card, Client, Complete3dRequest, Error, PaymentDetailRequest,
    PaymentListRequest, PaymentOutcome, PaymentRequest, RatiosRequest, RefundDecision,
    RefundListRequest, RefundRequest, RefundStatus, SecretKey, Start3dRequest, ThreeDReturn,
    TransactionRef, TransactionType,
};
use paynet_sim::{SimConfig, Simulator};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

async fn sim() -> (Simulator, Client) {
    let sim = Simulator::start(SimConfig::default()).await.unwrap();
    let client = Client::builder()
        .base_url(sim.base_url())
        .secret_key(SecretKey::new(sim.secret_key()).unwrap())
        .merchant_domain("shop.example")
        .build()
        .unwrap();
    (sim, client)
}

fn card(number: &str) -> Card {
    Card::new(number, "12/35", paynet_sim::TEST_CVC, "AYSE YILMAZ").unwrap()
}

fn payment(amount: &str, reference: &str, number: &str) -> PaymentRequest {
    PaymentRequest::builder(amount.parse().unwrap(), reference, card(number))
        .build()
        .unwrap()
}

/// The value of the hidden input `name` of an HTML form.
fn hidden(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} in {html}"));
    let rest = &html[at + name.len() + 15..];
    rest[..rest.find('"').unwrap()].to_owned()
}

/// Plays the shopper over HTTP: opens the bank's page at `post_url` with `auto`, and returns
/// the body its form posts back to the return URL.
async fn bank_page(post_url: &str, auto: &str) -> Vec<u8> {
    let page = reqwest::get(format!("{post_url}&auto={auto}"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let (session, token) = (hidden(&page, "session_id"), hidden(&page, "token_id"));
    paynet::raw::reqwest::Url::parse_with_params(
        "http://x/",
        [("session_id", session), ("token_id", token)],
    )
    .unwrap()
    .query()
    .unwrap()
    .as_bytes()
    .to_vec()
}

#[tokio::test]
async fn the_3d_flow_runs_through_the_banks_page() {
    let (_sim, client) = sim().await;
    for (auto, approved) in [("approve", true), ("decline", false)] {
        let reference = format!("ORDER-3D-{auto}");
        let start = Start3dRequest::new(
            payment("250.00", &reference, paynet_sim::TEST_CARD_3D_REQUIRED),
            "http://127.0.0.1:9/paynet/return",
        )
        .unwrap();
        let session = client.start_3d(&start).await.unwrap();
        let post_url = session.post_url.clone().unwrap();
        assert!(post_url.contains(&session.session_id), "{post_url}");

        let back = ThreeDReturn::from_form(&bank_page(&post_url, auto).await).unwrap();
        assert_eq!(back.session_id(), session.session_id);
        let finish = Complete3dRequest::new(&back)
            .reference_no(&reference)
            .unwrap();
        match client.complete_3d(&finish).await {
            Ok(PaymentOutcome::Approved { transaction, .. }) => {
                assert!(approved, "{auto}");
                assert_eq!(transaction.amount.unwrap().value().to_string(), "250.00");
                assert_eq!(transaction.is_tds, Some(true));
            }
            Ok(PaymentOutcome::Declined { .. }) | Err(Error::Rejected(_)) => {
                assert!(!approved, "{auto}")
            }
            other => panic!("{auto}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_direct_payment_is_approved_declined_and_replayed_never_twice() {
    let (sim, client) = sim().await;
    let first = client
        .pay(&payment(
            "149.90",
            "ORDER-D1",
            paynet_sim::TEST_CARD_APPROVE,
        ))
        .await
        .unwrap();
    let PaymentOutcome::Approved {
        transaction,
        replayed: false,
        ..
    } = &first
    else {
        panic!("{first:?}")
    };
    assert_eq!(transaction.amount.unwrap().value().to_string(), "149.90");
    assert_eq!(
        transaction.card_number_masked.as_deref(),
        Some("435508******4358")
    );

    let before = sim.transaction_count();
    let again = client
        .pay(&payment(
            "149.90",
            "ORDER-D1",
            paynet_sim::TEST_CARD_APPROVE,
        ))
        .await
        .unwrap();
    assert!(
        matches!(again, PaymentOutcome::Approved { replayed: true, .. }),
        "{again:?}"
    );
    assert_eq!(again.transaction().xact_id, first.transaction().xact_id);
    assert_eq!(sim.transaction_count(), before, "a replay charges nothing");

    let declined = client
        .pay(&payment("10.00", "ORDER-D2", paynet_sim::TEST_CARD_DECLINE))
        .await
        .unwrap();
    assert!(
        matches!(declined, PaymentOutcome::Declined { .. }),
        "{declined:?}"
    );
    // Nothing of the card in what a caller prints.
    let printed = format!("{first:?}{again:?}{declined:?}");
    assert!(!printed.contains(paynet_sim::TEST_CARD_APPROVE));
    assert!(!printed.contains(paynet_sim::TEST_CARD_DECLINE));
}

#[tokio::test]
async fn a_payment_whose_answer_is_lost_is_settled_by_the_lookup() {
    let sim = Simulator::start(SimConfig::default().slow_delay(Duration::from_secs(3)))
        .await
        .unwrap();
    let client = Client::builder()
        .base_url(sim.base_url())
        .secret_key(SecretKey::new(sim.secret_key()).unwrap())
        .merchant_domain("shop.example")
        .attempt_timeout(Duration::from_millis(500))
        .total_timeout(Some(Duration::from_secs(8)))
        .build()
        .unwrap();
    let request = payment("75.00", "LOST-ORDER-9", paynet_sim::TEST_CARD_APPROVE);
    let outcome = client.pay(&request).await.unwrap();
    assert!(
        matches!(
            outcome,
            PaymentOutcome::Approved {
                reconciled: true,
                ..
            }
        ),
        "{outcome:?}"
    );
    assert_eq!(sim.request_count("/v2/transaction/payment"), 1, "sent once");
    assert!(sim.request_count("/v1/transaction/check") >= 1);

    // Turned off: unknown, with the reference to look up.
    let request = payment("75.00", "LOST-ORDER-10", paynet_sim::TEST_CARD_APPROVE);
    let e = client.pay(&request).reconcile(false).await.unwrap_err();
    assert!(e.needs_reconciliation(), "{e:?}");
}

#[tokio::test]
async fn a_pre_authorisation_is_cancelled_and_its_detail_says_so() {
    let (_sim, client) = sim().await;
    let request = PaymentRequest::builder(
        "300.00".parse().unwrap(),
        "ORDER-PA1",
        card(paynet_sim::TEST_CARD_APPROVE),
    )
    .pre_authorisation()
    .build()
    .unwrap();
    let held = client.pay(&request).await.unwrap();
    let xact_id = held.transaction().xact_id.clone().unwrap();
    assert_eq!(
        held.transaction().transaction_type,
        Some(TransactionType::PreAuth)
    );

    let cancelled = client
        .cancel_preauth(&CancelPreAuthRequest::new(&xact_id).unwrap())
        .await
        .unwrap();
    assert!(!cancelled.reconciled);
    let detail = client
        .payment_detail(&PaymentDetailRequest::new(
            TransactionRef::xact_id(&xact_id).unwrap(),
        ))
        .await
        .unwrap();
    let t = detail
        .transactions
        .iter()
        .find(|t| t.xact_id.as_deref() == Some(&xact_id));
    assert_eq!(t.and_then(|t| t.reversed), Some(true), "{detail:?}");
}

/// Accepts one HTTP request on a loopback listener and returns its body.
async fn one_post(listener: tokio::net::TcpListener) -> Vec<u8> {
    let (mut stream, _) = listener.accept().await.unwrap();
    let mut data = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = stream.read(&mut buf).await.unwrap();
        data.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&data);
        if let Some(head_end) = text.find("\r\n\r\n") {
            let length = text[..head_end]
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if data.len() >= head_end + 4 + length {
                stream
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n")
                    .await
                    .unwrap();
                return data[head_end + 4..head_end + 4 + length].to_vec();
            }
        }
        assert!(n > 0, "the connection closed early");
    }
}

#[tokio::test]
async fn a_refund_is_a_request_decided_later_and_posted_to_the_succeed_url() {
    let (_sim, client) = sim().await;
    let paid = client
        .pay(&payment(
            "120.00",
            "ORDER-R1",
            paynet_sim::TEST_CARD_APPROVE,
        ))
        .await
        .unwrap();
    let xact_id = paid.transaction().xact_id.clone().unwrap();

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/paynet/refund", listener.local_addr().unwrap());
    let callback = tokio::spawn(one_post(listener));
    let refund = RefundRequest::builder(&xact_id)
        .succeed_url(url)
        .build()
        .unwrap();
    let requested = client.refund(&refund).await.unwrap();
    assert!(!requested.reconciled);

    let body = tokio::time::timeout(Duration::from_secs(5), callback)
        .await
        .expect("the decision is posted")
        .unwrap();
    let decision = RefundDecision::from_json(&body).unwrap();
    assert!(decision.approved, "{decision:?}");

    // Confirmed through the refund list, as the docs advise.
    let today = paynet::turkish_today();
    let list = RefundListRequest::builder(today, today).build().unwrap();
    let rows: Vec<_> = client.refunds(&list).collect().await;
    let row = rows
        .into_iter()
        .map(Result::unwrap)
        .find(|r| r.xact_id.as_deref() == Some(xact_id.as_str()))
        .expect("the request is listed");
    assert_eq!(row.status, Some(RefundStatus::Approved));
}

#[tokio::test]
async fn the_months_report_streams_every_transaction_once() {
    let (sim, client) = sim().await;
    for i in 0..3 {
        client
            .pay(&payment(
                "15.00",
                &format!("ORDER-L{i}"),
                paynet_sim::TEST_CARD_APPROVE,
            ))
            .await
            .unwrap();
    }
    client
        .pay(&payment(
            "15.00",
            "ORDER-L-DECLINED",
            paynet_sim::TEST_CARD_DECLINE,
        ))
        .await
        .unwrap();
    let today = paynet::turkish_today();
    let month = PaymentListRequest::builder(today - paynet::chrono::Days::new(31), today)
        .limit(7)
        .show_unsucceed(true)
        .build()
        .unwrap();
    let mut seen = BTreeSet::new();
    let mut rows = client.payments(&month);
    while let Some(row) = rows.next().await {
        let id = row.unwrap().transaction.xact_id.unwrap();
        assert!(seen.insert(id.clone()), "{id} twice");
    }
    assert_eq!(
        seen.len(),
        sim.transaction_count(),
        "every transaction, once"
    );
    assert!(seen.len() >= paynet_sim::SEEDED_HISTORY_LEN + 4);
    assert!(sim.request_count("/v1/transaction/list") >= 5, "paged by 7");
}

#[tokio::test]
async fn the_instalment_options_for_a_card_are_its_banks() {
    let (_sim, client) = sim().await;
    let bin = &paynet_sim::TEST_CARD_APPROVE[..6];
    let request = RatiosRequest::for_card(bin, "1000.00".parse().unwrap()).unwrap();
    let table = client.ratios(&request).await.unwrap();
    assert_eq!(table.banks.len(), 1, "{table:?}");
    let options: Vec<_> = table.options().collect();
    assert!(options.len() > 1);
    let (_, single) = options.iter().find(|(_, o)| o.count == Some(1)).unwrap();
    assert_eq!(single.total.unwrap().value().to_string(), "1000.00");
    for (_, o) in &options {
        let (total, count) = (o.total.unwrap().value(), o.count.unwrap());
        let each = o.instalment_amount.unwrap().value();
        // Each instalment times the count is the total, to the kuruş.
        assert!(
            (each * paynet::Decimal::from(count) - total).abs() < paynet::Decimal::new(count, 2)
        );
    }
}
