//! The Paynet.js checkout over plain HTTP (no browser): `reqwest` plays both the shopper's
//! browser running Paynet's custom-form script (calling the simulator's `v1/paynetj/*` under the
//! publishable key) and the form it posts to the shop.

#![allow(clippy::unwrap_used)]

mod common;

use paynet_checkout_example::demo::Demo;
use paynet_checkout_example::{Checkout, OrderState, Store};
use paynet_sim::SimConfig;
use reqwest::StatusCode;
use reqwest::redirect::Policy;
use serde_json::{Value, json};

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .no_proxy()
        .build()
        .unwrap()
}

/// "Buy now": the new order's reference.
async fn buy(demo: &Demo) -> String {
    let response = http()
        .post(format!("{}/orders", demo.url))
        .send()
        .await
        .unwrap();
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    location.strip_prefix("/orders/").unwrap().to_owned()
}

/// What the page's script does with the simulator: auth (with the page's `data-*`), then
/// `create_token` with the card. Returns `(session_id, token_id, is_tds)`.
async fn script_pays(
    demo: &Demo,
    page: &str,
    pan: &str,
    instalment_key: &str,
) -> (String, String, bool) {
    let key = demo.sim.publishable_key();
    let attr = |name: &str| {
        let at = page.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        page[at..].split('"').next().unwrap().to_owned()
    };
    assert_eq!(attr("data-key"), key);
    let post = |path: &str, body: Value| {
        let url = format!("{}{path}", demo.sim.base_url());
        async move {
            let r = http()
                .post(url)
                .header("authorization", format!("Basic {key}"))
                .json(&body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            r.json::<Value>().await.unwrap()
        }
    };
    // data-amount "149,90" is 14990 kuruş.
    assert_eq!(attr("data-amount"), "149,90");
    let auth = post(
        "/v1/paynetj/auth",
        json!({"token": key, "amount": 14990, "domain": demo.url,
               "tds_required": attr("data-tds_required") == "true",
               "reference_no": attr("data-reference_no")}),
    )
    .await;
    let session_id = auth["session_id"].as_str().unwrap().to_owned();
    let token = post(
        "/v1/paynetj/create_token",
        json!({"token": key, "session_id": session_id, "pan": pan, "card_holder": "AYSE YILMAZ",
               "month": "12", "year": "2035", "cvc": "000", "instalment_key": instalment_key}),
    )
    .await;
    (
        session_id,
        token["token_id"].as_str().unwrap().to_owned(),
        token["is_tds"].as_bool().unwrap(),
    )
}

async fn page(demo: &Demo, reference: &str) -> (StatusCode, String) {
    let r = http()
        .get(format!("{}/orders/{reference}/paynetjs", demo.url))
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

/// The script posts the merchant's form: only `session_id` and `token_id`.
async fn post_form(
    demo: &Demo,
    reference: &str,
    session_id: &str,
    token_id: &str,
) -> reqwest::Response {
    http()
        .post(format!("{}/orders/{reference}/paynetjs", demo.url))
        .form(&[("session_id", session_id), ("token_id", token_id)])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_paynetjs_payment_is_charged_once() {
    let demo = common::start().await;
    let reference = buy(&demo).await;
    let (status, html) = page(&demo, &reference).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("src=\"http://127.0.0.1:"), "{html}");
    assert!(html.contains("/public/js/paynet-custom.js\""));
    assert!(html.contains("data-paynet=\"number\""));
    // The card inputs have no name: a browser never posts them to the shop.
    for tag in html.split('<').filter(|t| t.starts_with("input ")) {
        if ["number", "exp-month", "exp-year", "cvv", "holderName"]
            .iter()
            .any(|f| tag.contains(&format!("data-paynet=\"{f}\"")))
        {
            assert!(!tag.contains("name="), "{tag}");
        }
    }

    let (session_id, token_id, is_tds) =
        script_pays(&demo, &html, paynet_sim::TEST_CARD_APPROVE, "AXSS-02").await;
    assert!(
        !is_tds,
        "the shop's page asks 3-D only for cards that need it"
    );
    let back = post_form(&demo, &reference, &session_id, &token_id).await;
    assert_eq!(back.status(), StatusCode::SEE_OTHER);
    assert_eq!(back.headers()["location"], format!("/orders/{reference}"));
    let order = demo.shop.store().get(&reference).unwrap().unwrap();
    assert_eq!(order.state, OrderState::Paid);
    assert_eq!(order.checkout, Some(Checkout::PaynetJs));
    assert_eq!(order.instalments, Some(2));
    assert_eq!(order.card_masked.as_deref(), Some("435508******4358"));
    assert_eq!(order.paid_amount.as_deref(), Some("149.90"));

    // The form posted again: shown, never charged again; and no new Paynet.js page.
    for _ in 0..2 {
        let again = post_form(&demo, &reference, &session_id, &token_id).await;
        assert_eq!(again.status(), StatusCode::SEE_OTHER);
    }
    let (status, _) = page(&demo, &reference).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(demo.sim.request_count("/v1/transaction/charge"), 1);
    assert_eq!(
        common::payments(demo.shop.client(), &reference).await.len(),
        1
    );
    demo.stop().await;
}

#[tokio::test]
async fn declines_and_3d_failures_leave_the_order_to_pay() {
    let demo = common::start().await;
    let reference = buy(&demo).await;
    let (_, html) = page(&demo, &reference).await;
    let (session_id, token_id, _) =
        script_pays(&demo, &html, paynet_sim::TEST_CARD_DECLINE, "BONS-01").await;
    let back = post_form(&demo, &reference, &session_id, &token_id).await;
    assert_eq!(
        back.headers()["location"],
        format!("/orders/{reference}/paynetjs")
    );
    let (status, html) = page(&demo, &reference).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Your bank declined the payment"), "{html}");

    // A card that needs 3-D, whose bank page was never completed: Paynet refuses the charge
    // (code 16) and nothing is charged.
    let (session_id, token_id, is_tds) =
        script_pays(&demo, &html, paynet_sim::TEST_CARD_3D_REQUIRED, "MAXM-01").await;
    assert!(is_tds);
    post_form(&demo, &reference, &session_id, &token_id).await;
    let order = demo.shop.store().get(&reference).unwrap().unwrap();
    assert_eq!(order.state, OrderState::Declined, "{:?}", order.note);
    assert!(order.note.unwrap().contains("3-D Secure"));
    assert!(
        common::payments(demo.shop.client(), &reference)
            .await
            .is_empty()
    );

    // Forged or empty posts are refused without a charge.
    let charges = demo.sim.request_count("/v1/transaction/charge");
    let r = http()
        .post(format!("{}/orders/{reference}/paynetjs", demo.url))
        .form(&[("session_id", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(demo.sim.request_count("/v1/transaction/charge"), charges);
    demo.stop().await;
}

#[tokio::test]
async fn an_unknown_outcome_is_settled_by_charging_the_same_token_again() {
    let demo = common::start_with(SimConfig::default(), Store::in_memory().unwrap()).await;
    let reference = buy(&demo).await;
    let (_, html) = page(&demo, &reference).await;
    let (session_id, token_id, _) =
        script_pays(&demo, &html, paynet_sim::TEST_CARD_APPROVE, "AXSS-01").await;
    // As if the shop had crashed between recording the token and Paynet's answer.
    demo.shop
        .store()
        .started_paynetjs(&reference, &session_id, &token_id)
        .unwrap();
    assert_eq!(demo.sim.request_count("/v1/transaction/charge"), 0);
    // The order's page settles it: nothing found by the reference, so the same token is charged.
    let r = http()
        .get(format!("{}/orders/{reference}", demo.url))
        .send()
        .await
        .unwrap();
    let receipt = r.text().await.unwrap();
    assert!(receipt.contains("Payment received"), "{receipt}");
    assert_eq!(demo.sim.request_count("/v1/transaction/charge"), 1);
    // Settled again (a second tab): the same payment, no new money.
    demo.shop
        .store()
        .started_paynetjs(&reference, &session_id, &token_id)
        .unwrap();
    http()
        .get(format!("{}/orders/{reference}", demo.url))
        .send()
        .await
        .unwrap();
    assert_eq!(
        demo.shop.store().get(&reference).unwrap().unwrap().state,
        OrderState::Paid
    );
    assert_eq!(
        common::payments(demo.shop.client(), &reference).await.len(),
        1
    );
    demo.stop().await;
}
