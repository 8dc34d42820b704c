//! Pay by link in the browser: the shop creates a Paynet pay link for an order and shows it as a
//! URL and a QR code; a forged confirmation post leaves the order unpaid; the customer opens the
//! link, pays on the simulator's page in instalments with a card that needs 3-D Secure (the
//! bank's page), and the order turns paid once the shop has read the payment back; the link is
//! then closed.

use fantoccini::{Client as Browser, Locator};
use paynet_checkout_example::OrderState;
use paynet_checkout_example::demo::Demo;
use paynet_checkout_example::pay_links::CONFIRMATION_PATH;

use crate::common;
use crate::harness::{Camera, find, page_text, text, until};
use crate::shop::{approve_at_bank, order_of};

browser_test!(pay_links_in_headless_chromium, common::start(), 7, scenario);

const CHECK: &str = "/v1/transaction/check";

async fn scenario(browser: &Browser, demo: &Demo, camera: &mut Camera) {
    // 1. An order, and its third tab: pay by link.
    browser.goto(&demo.url).await.unwrap();
    find(browser, "#buy").await.click().await.unwrap();
    find(browser, "#card_number").await;
    let reference = order_of(browser).await;
    find(browser, "#path-paylink").await.click().await.unwrap();
    find(browser, "#name_surname")
        .await
        .send_keys("Ayşe Yılmaz")
        .await
        .unwrap();
    camera.shoot(browser, "pay-by-link-form").await;
    find(browser, "#create-pay-link-button")
        .await
        .click()
        .await
        .unwrap();

    // 2. The link, as a URL and a QR code.
    let link = text(browser, "#pay-link-url").await;
    assert!(
        link.starts_with(&format!("{}/sim/paylink/", demo.sim.base_url())),
        "{link}"
    );
    find(browser, "#pay-link-qr svg").await;
    assert_eq!(text(browser, "#amount").await, "149,90 TL");
    camera.shoot(browser, "pay-link-url-and-qr-code").await;

    // 3. A forged confirmation: the right shape, no payment. The shop reads Paynet, finds
    //    nothing, and the order stays unpaid.
    let checks = demo.sim.request_count(CHECK);
    let forged = serde_json::json!({
        "referance_no": reference, "amount": 149.90, "netAmount": 146.32, "is_succeed": true,
        "card_number": "435508******4358", "bank_id": "AXSS", "currency": "TRY",
    });
    let answer = reqwest::Client::builder()
        .no_proxy()
        .build()
        .unwrap()
        .post(format!("{}{CONFIRMATION_PATH}", demo.url))
        .body(forged.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), reqwest::StatusCode::OK);
    assert_eq!(demo.sim.request_count(CHECK), checks + 1);
    browser.refresh().await.unwrap();
    assert_eq!(text(browser, "#pay-link-url").await, link, "still waiting");
    let order = demo.shop.store().get(&reference).unwrap().unwrap();
    assert_eq!(order.state, OrderState::New);
    camera
        .shoot(browser, "unpaid-after-a-forged-confirmation")
        .await;

    // 4. The customer opens the link: Paynet's page (the simulator's), with the merchant, the
    //    amount, the note and the expiry; the instalments of the card's bank as it is typed.
    browser.goto(&link).await.unwrap();
    assert_eq!(text(browser, "#amount").await, "149,90 TL");
    let page = page_text(browser).await;
    assert!(page.contains(paynet_sim::COMPANY_NAME), "{page}");
    assert!(
        page.contains(&reference),
        "the note names the order: {page}"
    );
    find(browser, "#card_holder")
        .await
        .send_keys("AYSE YILMAZ")
        .await
        .unwrap();
    find(browser, "#pan")
        .await
        .send_keys(paynet_sim::TEST_CARD_3D_REQUIRED)
        .await
        .unwrap();
    let choice = find(browser, "#instalment-3").await;
    let options = browser
        .find_all(Locator::Css("#instalments label"))
        .await
        .unwrap();
    assert_eq!(options.len(), 12, "12 options for a Maximum card");
    assert!(
        text(browser, "#instalments legend")
            .await
            .contains("Maximum")
    );
    choice.click().await.unwrap();
    for (field, value) in [
        ("#month", paynet_sim::TEST_EXPIRY_MONTH.to_string()),
        ("#year", paynet_sim::TEST_EXPIRY_YEAR.to_string()),
        ("#cvc", paynet_sim::TEST_CVC.to_owned()),
    ] {
        find(browser, field).await.send_keys(&value).await.unwrap();
    }
    camera.shoot(browser, "paynet-pay-link-page").await;
    find(browser, "#pay-button").await.click().await.unwrap();

    // 5. The bank's 3-D page, then back in the shop: the receipt, once the shop read it back.
    find(browser, "input[name=password]").await;
    approve_at_bank(browser, Some(camera)).await;
    until("the receipt", || async {
        browser
            .current_url()
            .await
            .is_ok_and(|u| u.path() == format!("/orders/{reference}"))
            && browser.find(Locator::Css("#paid-amount")).await.is_ok()
    })
    .await;
    assert_eq!(text(browser, "#paid-amount").await, "149,90 TL");
    assert_eq!(text(browser, "#card").await, "450803******0006");
    assert!(page_text(browser).await.contains("3 instalments"));
    camera.shoot(browser, "receipt").await;
    assert!(demo.sim.request_count(CHECK) > checks + 1, "read back");
    assert_eq!(demo.sim.callbacks_delivered(), 1);
    let order = demo.shop.store().get(&reference).unwrap().unwrap();
    assert_eq!(order.state, OrderState::Paid);
    assert_eq!(
        common::payments(demo.shop.client(), &reference).await.len(),
        1
    );

    // 6. The link again: paid, closed.
    browser.goto(&link).await.unwrap();
    assert!(text(browser, "#closed").await.contains("ödenmiş"));
    camera.shoot(browser, "link-closed-once-paid").await;
}
