//! The shop's handlers against the simulated Paynet, over plain HTTP (no browser): the shopper is
//! played by `reqwest`, the bank's page by the simulator's own form.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use paynet::{Complete3dRequest, PaymentOutcome};
use paynet_checkout_example::checkout::RETURN_PATH;
use paynet_checkout_example::demo::Demo;
use paynet_checkout_example::{OrderState, Store};
use paynet_sim::SimConfig;
use reqwest::StatusCode;
use reqwest::redirect::Policy;

const TDS_CHARGE: &str = "/v2/transaction/tds_charge";

/// The shopper's browser, without a browser: follows no redirect, so that each step can be
/// looked at.
struct Shopper {
    http: reqwest::Client,
    shop: String,
    sim: String,
}

/// A 3-D session the shop started: the bank's page, and its ids.
struct BankPage {
    post_url: String,
    session_id: String,
    token_id: String,
}

impl BankPage {
    /// What the bank's page posts to the shop's `return_url`.
    fn return_form(&self) -> [(&'static str, String); 2] {
        [
            ("session_id", self.session_id.clone()),
            ("token_id", self.token_id.clone()),
        ]
    }
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned()
}

impl Shopper {
    fn new(demo: &Demo) -> Shopper {
        Shopper {
            http: reqwest::Client::builder()
                .redirect(Policy::none())
                .no_proxy()
                .build()
                .unwrap(),
            shop: demo.url.clone(),
            sim: demo.sim.base_url(),
        }
    }

    async fn get(&self, path: &str) -> (StatusCode, String) {
        let response = self
            .http
            .get(format!("{}{path}", self.shop))
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    }

    /// "Buy now": the new order's reference.
    async fn buy(&self) -> String {
        let response = self
            .http
            .post(format!("{}/orders", self.shop))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        location(&response)
            .strip_prefix("/orders/")
            .unwrap()
            .to_owned()
    }

    /// Submits the card form.
    async fn submit_card(
        &self,
        reference: &str,
        number: &str,
        instalments: u8,
    ) -> reqwest::Response {
        self.http
            .post(format!("{}/orders/{reference}/pay", self.shop))
            .form(&[
                ("card_number", number.to_owned()),
                ("expiry", common::expiry()),
                ("cvc", paynet_sim::TEST_CVC.to_owned()),
                ("holder", "AYSE YILMAZ".to_owned()),
                ("instalments", instalments.to_string()),
            ])
            .send()
            .await
            .unwrap()
    }

    /// Submits the card form and follows the shop to the bank's page.
    async fn pay(&self, reference: &str, number: &str, instalments: u8) -> BankPage {
        let response = self.submit_card(reference, number, instalments).await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "the shop sends the shopper to the bank"
        );
        let post_url = location(&response);
        assert!(post_url.starts_with(&self.sim), "{post_url}");
        let url = reqwest::Url::parse(&post_url).unwrap();
        let field = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
                .unwrap()
        };
        BankPage {
            session_id: field("session_id"),
            token_id: field("token_id"),
            post_url,
        }
    }

    /// Plays the shopper on the bank's page: the password and "Onayla" (or "Reddet").
    async fn bank_decides(&self, bank: &BankPage, approve: bool) {
        let page = self.http.get(&bank.post_url).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        assert!(page.text().await.unwrap().contains("SMS şifresi"));
        let decided = self
            .http
            .post(format!("{}/sim/3d", self.sim))
            .form(&[
                ("session_id", bank.session_id.as_str()),
                ("token_id", bank.token_id.as_str()),
                ("password", paynet_sim::TEST_3D_PASSWORD),
                ("action", if approve { "approve" } else { "decline" }),
            ])
            .send()
            .await
            .unwrap();
        let html = decided.text().await.unwrap();
        // The page then posts the shopper back to the shop's return_url by itself.
        assert!(
            html.contains(&format!("{}{RETURN_PATH}", self.shop)),
            "{html}"
        );
    }

    /// What the bank's page posts back to the shop (the browser's auto-submitted form).
    async fn come_back(&self, bank: &BankPage) -> reqwest::Response {
        self.http
            .post(format!("{}{RETURN_PATH}", self.shop))
            .form(&bank.return_form())
            .send()
            .await
            .unwrap()
    }
}

#[tokio::test]
async fn an_approved_payment_is_charged_once_however_often_the_return_page_is_loaded() {
    let demo = common::start().await;
    let shopper = Shopper::new(&demo);
    let (status, product) = shopper.get("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(product.contains("149,90 TL"));

    let reference = shopper.buy().await;
    let (_, form) = shopper.get(&format!("/orders/{reference}")).await;
    assert!(form.contains("card_number") && form.contains("149,90 TL"));

    // The instalment options of the card's bank, from the shop's server.
    let (status, options) = shopper
        .get(&format!("/orders/{reference}/instalments?bin=435508"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let options: serde_json::Value = serde_json::from_str(&options).unwrap();
    assert_eq!(options["options"].as_array().unwrap().len(), 12);
    assert_eq!(options["options"][2]["count"], 3);
    assert_eq!(options["options"][2]["total"], "149,90 TL");
    assert_eq!(options["options"][2]["instalment"], "49,97 TL");
    assert!(!options.to_string().contains(demo.sim.secret_key()));

    let bank = shopper
        .pay(&reference, paynet_sim::TEST_CARD_APPROVE, 3)
        .await;
    assert_eq!(
        demo.shop.store().get(&reference).unwrap().unwrap().state,
        OrderState::AwaitingBank
    );
    shopper.bank_decides(&bank, true).await;

    let back = shopper.come_back(&bank).await;
    assert_eq!(back.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&back), format!("/orders/{reference}"));
    let (_, receipt) = shopper.get(&format!("/orders/{reference}")).await;
    assert!(receipt.contains("Payment received"), "{receipt}");
    assert!(receipt.contains("<p class=\"amount\" id=\"paid-amount\">149,90 TL</p>"));
    assert!(receipt.contains("435508******4358"));
    assert!(receipt.contains("3 instalments"));
    assert_eq!(demo.sim.request_count(TDS_CHARGE), 1);

    // The return page again, twice (a refresh, the back button): the shop's record answers.
    for _ in 0..2 {
        let again = shopper.come_back(&bank).await;
        assert_eq!(location(&again), format!("/orders/{reference}"));
    }
    assert_eq!(
        demo.sim.request_count(TDS_CHARGE),
        1,
        "Paynet was not asked again"
    );
    // And the card form is not offered for a paid order.
    let again = shopper
        .submit_card(&reference, paynet_sim::TEST_CARD_APPROVE, 1)
        .await;
    assert_eq!(location(&again), format!("/orders/{reference}"));

    let client = demo.shop.client().clone();
    assert_eq!(common::payments(&client, &reference).await.len(), 1);
    demo.stop().await;
}

#[tokio::test]
async fn a_return_racing_an_earlier_charge_gets_code_100_and_no_new_money() {
    let demo = common::start().await;
    let shopper = Shopper::new(&demo);
    let reference = shopper.buy().await;
    let bank = shopper
        .pay(&reference, paynet_sim::TEST_CARD_3D_REQUIRED, 1)
        .await;
    shopper.bank_decides(&bank, true).await;

    // Another return of the same session got to Paynet first (the shop's record does not
    // show it yet).
    let first = Complete3dRequest::from_ids(&bank.session_id, &bank.token_id)
        .unwrap()
        .reference_no(&reference)
        .unwrap();
    let outcome = demo.shop.client().complete_3d(&first).await.unwrap();
    assert!(outcome.is_approved() && !outcome.is_replayed());

    // This return is answered with code 100: the earlier payment, recorded; nothing charged again.
    shopper.come_back(&bank).await;
    let order = demo.shop.store().get(&reference).unwrap().unwrap();
    assert_eq!(order.state, OrderState::Paid);
    assert_eq!(order.paid_amount.as_deref(), Some("149.90"));
    assert_eq!(demo.sim.request_count(TDS_CHARGE), 2);
    let client = demo.shop.client().clone();
    assert_eq!(common::payments(&client, &reference).await.len(), 1);
    demo.stop().await;
}

#[tokio::test]
async fn a_declined_card_charges_nothing_and_the_shopper_can_try_another() {
    let demo = common::start().await;
    let shopper = Shopper::new(&demo);
    let client = demo.shop.client().clone();
    let reference = shopper.buy().await;

    let bank = shopper
        .pay(&reference, paynet_sim::TEST_CARD_DECLINE, 1)
        .await;
    shopper.bank_decides(&bank, true).await;
    shopper.come_back(&bank).await;
    let (_, page) = shopper.get(&format!("/orders/{reference}")).await;
    assert!(page.contains("Your bank declined the payment"), "{page}");
    assert!(page.contains("Nothing was charged"));
    assert!(
        page.contains("card_number"),
        "the card form is offered again"
    );
    assert!(common::payments(&client, &reference).await.is_empty());
    // The bank's decline is in Paynet's list, as a failed transaction.
    assert_eq!(common::transactions(&client, &reference).await.len(), 1);

    // Another card, the same order (and reference_no): approved.
    let bank = shopper
        .pay(&reference, paynet_sim::TEST_CARD_APPROVE, 1)
        .await;
    shopper.bank_decides(&bank, true).await;
    shopper.come_back(&bank).await;
    let (_, receipt) = shopper.get(&format!("/orders/{reference}")).await;
    assert!(receipt.contains("Payment received"));
    assert_eq!(common::payments(&client, &reference).await.len(), 1);
    demo.stop().await;
}

#[tokio::test]
async fn a_failed_or_cancelled_3d_check_charges_nothing() {
    let demo = common::start().await;
    let shopper = Shopper::new(&demo);
    let client = demo.shop.client().clone();

    // The card whose 3-D verification always fails.
    let reference = shopper.buy().await;
    let bank = shopper
        .pay(&reference, paynet_sim::TEST_CARD_3D_DECLINE, 1)
        .await;
    shopper.bank_decides(&bank, true).await;
    shopper.come_back(&bank).await;
    let (_, page) = shopper.get(&format!("/orders/{reference}")).await;
    assert!(
        page.contains("3-D Secure check with your bank failed"),
        "{page}"
    );

    // "Reddet" on the bank's page.
    let other = shopper.buy().await;
    let bank = shopper.pay(&other, paynet_sim::TEST_CARD_APPROVE, 1).await;
    shopper.bank_decides(&bank, false).await;
    shopper.come_back(&bank).await;
    let order = demo.shop.store().get(&other).unwrap().unwrap();
    assert_eq!(order.state, OrderState::Declined);
    for r in [&reference, &other] {
        assert!(common::transactions(&client, r).await.is_empty());
    }
    demo.stop().await;
}

#[tokio::test]
async fn a_mistyped_card_is_refused_before_anything_is_sent() {
    let demo = common::start().await;
    let shopper = Shopper::new(&demo);
    let reference = shopper.buy().await;
    let response = shopper.submit_card(&reference, "4355084355084359", 1).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.unwrap();
    assert!(page.contains("Please check the card number"), "{page}");
    assert!(
        !page.contains("4355084355084359"),
        "the number is not echoed"
    );
    assert_eq!(demo.sim.request_count("/v2/transaction/tds_initial"), 0);
    demo.stop().await;
}

#[tokio::test]
async fn a_return_for_a_session_the_shop_did_not_start_calls_nothing() {
    let demo = common::start().await;
    let shopper = Shopper::new(&demo);
    let forged = BankPage {
        post_url: String::new(),
        session_id: "js_EAAAAforged".into(),
        token_id: "TOKEN".into(),
    };
    let response = shopper.come_back(&forged).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let empty = shopper
        .http
        .post(format!("{}{RETURN_PATH}", shopper.shop))
        .form(&[("message", "ok")])
        .send()
        .await
        .unwrap();
    assert_eq!(empty.status(), StatusCode::BAD_REQUEST);
    assert_eq!(demo.sim.request_count(TDS_CHARGE), 0);
    demo.stop().await;
}

#[tokio::test]
async fn a_refund_is_requested_once_and_its_decision_shown() {
    let demo = common::start().await;
    let shopper = Shopper::new(&demo);
    let reference = shopper.buy().await;
    let bank = shopper
        .pay(&reference, paynet_sim::TEST_CARD_APPROVE, 1)
        .await;
    shopper.bank_decides(&bank, true).await;
    shopper.come_back(&bank).await;

    let refund = |shopper: &Shopper| {
        shopper
            .http
            .post(format!("{}/orders/{reference}/refund", shopper.shop))
            .send()
    };
    let first = refund(&shopper).await.unwrap();
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    let second = refund(&shopper).await.unwrap();
    assert_eq!(second.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        demo.sim.request_count("/v1/transaction/reversed_request"),
        1,
        "a second click asks Paynet nothing"
    );

    // Paynet decides later (the simulator: 50 ms); the receipt shows it once the list has it.
    let mut page = String::new();
    for _ in 0..50 {
        page = shopper.get(&format!("/orders/{reference}")).await.1;
        if page.contains("Refunded") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        page.contains("Refunded: 149,90 TL back to the card."),
        "{page}"
    );
    assert!(!page.contains("id=\"refund\""), "no second refund button");
    let order = demo.shop.store().get(&reference).unwrap().unwrap();
    assert_eq!(order.state, OrderState::Refunded);
    // Paynet's decision was also posted to the shop (which read it from the refund list).
    for _ in 0..50 {
        if demo.sim.callbacks_delivered() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(demo.sim.callbacks_delivered(), 1);
    assert_eq!(demo.sim.callbacks_failed(), 0);
    demo.stop().await;
}

#[tokio::test]
async fn a_lost_answer_is_settled_by_the_reference_no() {
    // The simulator charges, then loses tds_charge's answer for references starting with LOST:
    // the SDK looks the payment up by the order's reference_no.
    let config = SimConfig::default().slow_delay(Duration::from_millis(100));
    let store = Store::in_memory().unwrap().reference_prefix("LOST-");
    let demo = common::start_with(config, store).await;
    let shopper = Shopper::new(&demo);
    let reference = shopper.buy().await;
    let bank = shopper
        .pay(&reference, paynet_sim::TEST_CARD_APPROVE, 1)
        .await;
    shopper.bank_decides(&bank, true).await;
    shopper.come_back(&bank).await;
    let (_, receipt) = shopper.get(&format!("/orders/{reference}")).await;
    assert!(receipt.contains("Payment received"), "{receipt}");
    let client = demo.shop.client().clone();
    assert_eq!(common::payments(&client, &reference).await.len(), 1);
    demo.stop().await;
}

#[tokio::test]
async fn an_unknown_outcome_is_never_offered_to_pay_again() {
    // DROP: Paynet's answer never comes, and neither do the lookups: the outcome stays unknown.
    let store = Store::in_memory().unwrap().reference_prefix("DROP-");
    let demo = Demo::start_with(SimConfig::default(), store, 0, |client| {
        client.total_timeout(Some(Duration::from_secs(2)))
    })
    .await
    .unwrap();
    let shopper = Shopper::new(&demo);
    let reference = shopper.buy().await;
    let bank = shopper
        .pay(&reference, paynet_sim::TEST_CARD_APPROVE, 1)
        .await;
    shopper.bank_decides(&bank, true).await;
    shopper.come_back(&bank).await;
    assert_eq!(
        demo.shop.store().get(&reference).unwrap().unwrap().state,
        OrderState::Unknown
    );
    let (_, page) = shopper.get(&format!("/orders/{reference}")).await;
    assert!(page.contains("Checking your payment"), "{page}");
    assert!(!page.contains("card_number"));
    let again = shopper
        .submit_card(&reference, paynet_sim::TEST_CARD_APPROVE, 1)
        .await;
    assert_eq!(location(&again), format!("/orders/{reference}"));
    demo.stop().await;
}

#[tokio::test]
async fn an_unknown_order_is_settled_when_paynet_answers_again() {
    // The shop crashed (or lost the answer) after the charge: its record says unknown.
    let demo = common::start().await;
    let shopper = Shopper::new(&demo);
    let reference = shopper.buy().await;
    let bank = shopper
        .pay(&reference, paynet_sim::TEST_CARD_APPROVE, 1)
        .await;
    shopper.bank_decides(&bank, true).await;
    let charged = Complete3dRequest::from_ids(&bank.session_id, &bank.token_id)
        .unwrap()
        .reference_no(&reference)
        .unwrap();
    let outcome = demo.shop.client().complete_3d(&charged).await.unwrap();
    assert!(matches!(outcome, PaymentOutcome::Approved { .. }));
    demo.shop
        .store()
        .set_state(&reference, OrderState::Unknown, None)
        .unwrap();

    // The order's page asks Paynet (check_payment by reference_no) and shows the receipt.
    let (_, receipt) = shopper.get(&format!("/orders/{reference}")).await;
    assert!(receipt.contains("Payment received"), "{receipt}");
    assert_eq!(demo.sim.request_count(TDS_CHARGE), 1);
    let client = demo.shop.client().clone();
    assert_eq!(common::payments(&client, &reference).await.len(), 1);
    demo.stop().await;
}

#[tokio::test]
async fn orders_and_receipts_survive_a_restart_and_hold_no_card_data() {
    let dir = std::env::temp_dir().join(format!("paynet-checkout-http-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("orders.sqlite");
    let _ = std::fs::remove_file(&path);

    let demo = common::start_with(SimConfig::default(), Store::open(&path).unwrap()).await;
    let shopper = Shopper::new(&demo);
    let reference = shopper.buy().await;
    let bank = shopper
        .pay(&reference, paynet_sim::TEST_CARD_APPROVE, 1)
        .await;
    shopper.bank_decides(&bank, true).await;
    shopper.come_back(&bank).await;
    demo.stop().await;

    // A new shop process on the same database shows the same receipt.
    let demo = common::start_with(SimConfig::default(), Store::open(&path).unwrap()).await;
    let shopper = Shopper::new(&demo);
    let (_, receipt) = shopper.get(&format!("/orders/{reference}")).await;
    assert!(receipt.contains("Payment received") && receipt.contains("149,90 TL"));
    demo.stop().await;

    // The card number was never written (SQLite's files, WAL included).
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(paynet_sim::TEST_CARD_APPROVE));
        assert!(!text.contains("4355 0843"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
