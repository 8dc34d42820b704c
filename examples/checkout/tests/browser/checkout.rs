//! The card checkout through the shop's server: an approving card in instalments through the
//! bank's 3-D page, the return replayed (still one payment), a refund decided by Paynet, and a
//! declined card.

use fantoccini::{Client as Browser, Locator};
use paynet_checkout_example::checkout::RETURN_PATH;
use paynet_checkout_example::demo::Demo;

use crate::common;
use crate::harness::{Camera, find, page_text, text, until};
use crate::shop::{approve_at_bank, checkout, resubmit_return};

browser_test!(checkout_in_headless_chromium, common::start(), 7, scenario);

async fn scenario(browser: &Browser, demo: &Demo, camera: &mut Camera) {
    let client = demo.shop.client().clone();

    // 1. An approving card, in 3 instalments: bank page, password, approve, receipt.
    let reference = checkout(
        browser,
        demo,
        camera,
        paynet_sim::TEST_CARD_APPROVE,
        Some(3),
        true,
    )
    .await;
    let bank_url = browser.current_url().await.unwrap();
    approve_at_bank(browser, Some(camera)).await;
    let paid = text(browser, "#paid-amount").await;
    assert_eq!(paid, "149,90 TL", "the receipt shows the exact amount");
    assert_eq!(text(browser, "#reference").await, reference);
    assert_eq!(text(browser, "#card").await, "435508******4358");
    assert!(page_text(browser).await.contains("3 instalments"));
    camera.shoot(browser, "receipt").await;
    assert_eq!(common::payments(&client, &reference).await.len(), 1);

    // 2. The return page again: a refresh, the bank's page opened again (it posts the shopper
    //    back by itself), and the return form re-submitted. Still one payment.
    browser.refresh().await.unwrap();
    assert_eq!(text(browser, "#paid-amount").await, "149,90 TL");
    browser.goto(bank_url.as_str()).await.unwrap();
    find(browser, "#paid-amount").await;
    let pair = |name: &str| {
        bank_url
            .query_pairs()
            .find(|(k, _)| k == name)
            .unwrap()
            .1
            .into_owned()
    };
    // From another page (the order list), so that arriving on the receipt proves the re-post.
    browser.goto(&format!("{}/orders", demo.url)).await.unwrap();
    let listed = text(browser, "#orders").await;
    assert!(
        listed.contains(&reference) && listed.contains("paid"),
        "{listed}"
    );
    let return_url = format!("{}{RETURN_PATH}", demo.url);
    resubmit_return(browser, &return_url, &pair("session_id"), &pair("token_id")).await;
    until("the receipt after the re-submitted return", || async {
        browser
            .current_url()
            .await
            .is_ok_and(|u| u.path() == format!("/orders/{reference}"))
            && browser.find(Locator::Css("#paid-amount")).await.is_ok()
    })
    .await;
    browser.refresh().await.unwrap();
    assert_eq!(text(browser, "#paid-amount").await, "149,90 TL");
    camera.shoot(browser, "receipt-after-return-replayed").await;
    let rows = common::transactions(&client, &reference).await;
    assert_eq!(
        rows.len(),
        1,
        "exactly one transaction for the order in the simulator's list: {rows:?}"
    );
    assert_eq!(common::payments(&client, &reference).await.len(), 1);
    assert_eq!(demo.sim.request_count("/v2/transaction/tds_charge"), 1);

    // 3. The refund: requested from the receipt, decided by Paynet, shown on the receipt.
    find(browser, "#refund").await.click().await.unwrap();
    find(browser, "#refund-status").await;
    camera.shoot(browser, "refund-requested").await;
    until("the refund's decision", || async {
        match browser.find(Locator::Css("#refund-status")).await {
            Ok(status) => status
                .text()
                .await
                .is_ok_and(|t| t.contains("Refunded: 149,90 TL")),
            Err(_) => false,
        }
    })
    .await;
    camera.shoot(browser, "refunded").await;
    assert_eq!(
        demo.sim.request_count("/v1/transaction/reversed_request"),
        1
    );

    // 4. A card the bank declines: the shop says so, nothing is charged.
    let declined = checkout(
        browser,
        demo,
        camera,
        paynet_sim::TEST_CARD_DECLINE,
        None,
        false,
    )
    .await;
    approve_at_bank(browser, None).await;
    let notice = text(browser, "#notice").await;
    assert!(
        notice.contains("Your bank declined the payment") && notice.contains("Nothing was charged"),
        "{notice}"
    );
    find(browser, "#card_number").await;
    camera.shoot(browser, "declined").await;
    assert!(common::payments(&client, &declined).await.is_empty());
}
