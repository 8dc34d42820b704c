//! Paying an order by link, over plain HTTP against the simulated Paynet: the shop creates the
//! link, the customer pays on the simulator's page (`?auto=pay`), and the order turns paid only
//! once the shop has read the payment back. A forged confirmation post (the right shape, no
//! payment behind it) and a forged return leave the order unpaid.

#![allow(clippy::unwrap_used)]

mod common;

use paynet_checkout_example::OrderState;
use paynet_checkout_example::demo::Demo;
use paynet_checkout_example::pay_links::{CONFIRMATION_PATH, link_of};
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use serde_json::json;

const CHECK: &str = "/v1/transaction/check";

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .no_proxy()
        .build()
        .unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// "Buy now", then "Create a pay link": the order's reference and its link.
async fn order_with_link(demo: &Demo) -> (String, String) {
    let http = http();
    let bought = http
        .post(format!("{}/orders", demo.url))
        .send()
        .await
        .unwrap();
    let reference = location(&bought)
        .strip_prefix("/orders/")
        .unwrap()
        .to_owned();
    let page = http
        .get(format!("{}/orders/{reference}/pay-link", demo.url))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("id=\"create-pay-link\"")
    );
    let created = http
        .post(format!("{}/orders/{reference}/pay-link", demo.url))
        .form(&[("name_surname", "Ayşe Yılmaz"), ("email", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::SEE_OTHER);
    let link = link_of(demo.shop.store(), &reference).unwrap().unwrap();
    assert!(
        link.starts_with(&format!("{}/sim/paylink/", demo.sim.base_url())),
        "{link}"
    );
    (reference, link)
}

fn state(demo: &Demo, reference: &str) -> OrderState {
    demo.shop.store().get(reference).unwrap().unwrap().state
}

#[tokio::test]
async fn the_link_shows_as_a_url_and_a_qr_code() {
    let demo = common::start().await;
    let (reference, link) = order_with_link(&demo).await;
    let page = http()
        .get(format!("{}/orders/{reference}/pay-link", demo.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("href=\"{link}\"")), "{page}");
    assert!(
        page.contains("<svg") && page.contains("id=\"pay-link-qr\""),
        "{page}"
    );
    assert!(!page.contains("<?xml"), "inline SVG only");
    // The link is Paynet's: 149.90 TL, the order's reference.
    let detail = demo
        .shop
        .client()
        .pay_link_detail(
            &paynet::PayLinkDetailRequest::builder()
                .reference_no(&reference)
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(detail.amount.unwrap().get().unwrap().to_string(), "149.90");
    assert_eq!(detail.name_surname.unwrap().as_str(), "Ayşe Yılmaz");
    // A second "Create" makes no second link.
    let again = http()
        .post(format!("{}/orders/{reference}/pay-link", demo.url))
        .form(&[("name_surname", "Someone Else")])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_eq!(demo.sim.request_count("/v1/mailorder/create"), 1);
    demo.stop().await;
}

#[tokio::test]
async fn a_forged_confirmation_marks_nothing_paid() {
    let demo = common::start().await;
    let (reference, _) = order_with_link(&demo).await;
    let http = http();
    let confirmation = format!("{}{CONFIRMATION_PATH}", demo.url);
    let checks = demo.sim.request_count(CHECK);

    // The right shape, everything a real post carries, and no payment behind it.
    let forged = json!({
        "referance_no": reference, "xact_date": "2024-06-03T10:27:22.0296925+03:00",
        "agent_id": "20005", "bank_id": "AXSS", "instalment": 0, "card_holder": "AYSE YILMAZ",
        "card_number": "435508******4358", "amount": 149.90, "netAmount": 146.32,
        "comission": 2.98, "comission_tax": 0.60, "currency": "TRY",
        "authorization_code": "123456", "order_id": "order-1", "is_succeed": true,
    });
    let answer = http
        .post(&confirmation)
        .header("content-type", "application/json")
        .body(forged.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(
        demo.sim.request_count(CHECK),
        checks + 1,
        "the shop read the payment back"
    );
    assert_eq!(state(&demo, &reference), OrderState::New, "not paid");

    // A forged return (the succeed_url with an xact_id) changes nothing either.
    let back = http
        .get(format!(
            "{}/orders/{reference}/pay-link/return?xact_id=xk_FORGED",
            demo.url
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(back.status(), StatusCode::SEE_OTHER);
    assert_eq!(state(&demo, &reference), OrderState::New);

    // Not the post's shape, or an order the shop does not have.
    let bad = http
        .post(&confirmation)
        .body("<html>")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let unknown = http
        .post(&confirmation)
        .body(json!({"referance_no": "ORDER-NOPE"}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    demo.stop().await;
}

#[tokio::test]
async fn a_paid_link_turns_the_order_paid_once_read_back() {
    let demo = common::start().await;
    let (reference, link) = order_with_link(&demo).await;
    let http = http();

    // A declined attempt: back to the link's page, the order unpaid, the link still open.
    let declined = http
        .get(format!("{link}?auto=decline"))
        .send()
        .await
        .unwrap();
    let to = location(&declined);
    assert!(
        to.starts_with(&format!(
            "{}/orders/{reference}/pay-link?failed=1",
            demo.url
        )),
        "{to}"
    );
    let page = http.get(&to).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("did not go through"), "{page}");
    assert_eq!(state(&demo, &reference), OrderState::New);

    // The customer pays: the simulator posts the confirmation (the shop reads the payment back
    // and records it), then sends the browser to the shop's return.
    let checks = demo.sim.request_count(CHECK);
    let paid = http.get(format!("{link}?auto=pay")).send().await.unwrap();
    let to = location(&paid);
    assert!(
        to.starts_with(&format!(
            "{}/orders/{reference}/pay-link/return?xact_id=xk_",
            demo.url
        )),
        "{to}"
    );
    assert_eq!(demo.sim.callbacks_delivered(), 1);
    assert!(demo.sim.request_count(CHECK) > checks, "read back");
    let order = demo.shop.store().get(&reference).unwrap().unwrap();
    assert_eq!(order.state, OrderState::Paid);
    assert_eq!(order.paid_amount.as_deref(), Some("149.90"));
    assert_eq!(order.card_masked.as_deref(), Some("435508******4358"));
    let xact_id = reqwest::Url::parse(&to)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "xact_id")
        .unwrap()
        .1
        .into_owned();
    assert_eq!(order.xact_id.as_deref(), Some(xact_id.as_str()));

    // The return, then the receipt.
    let back = http.get(&to).send().await.unwrap();
    let page = location(&back);
    let to_receipt = http
        .get(format!("{}{page}", demo.url))
        .send()
        .await
        .unwrap();
    assert_eq!(location(&to_receipt), format!("/orders/{reference}"));
    let receipt = http
        .get(format!("{}/orders/{reference}", demo.url))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        receipt.contains("Payment received") && receipt.contains("149,90 TL"),
        "{receipt}"
    );
    assert_eq!(
        common::payments(demo.shop.client(), &reference).await.len(),
        1
    );
    demo.stop().await;
}
