//! Stored cards in the browser: "remember this card" at checkout (Paynet saves the card while
//! paying), then a returning customer's saved cards on the order's page, paid with directly (an
//! approving card: no bank page) and through the bank's 3-D page (the card that needs 3-D).

use fantoccini::{Client as Browser, Locator};
use paynet::ListCardsRequest;
use paynet_checkout_example::demo::Demo;
use paynet_checkout_example::stored_cards::CUSTOMER_COOKIE;

use crate::common;
use crate::harness::{Camera, find, page_text, text};
use crate::shop::{approve_at_bank, order_of, type_expiry_cvc_holder};

browser_test!(
    stored_cards_in_headless_chromium,
    common::start(),
    7,
    scenario
);

/// Buys the product: the order's page, with its card form. Returns the order's reference.
async fn buy(browser: &Browser, demo: &Demo) -> String {
    browser.goto(&demo.url).await.unwrap();
    find(browser, "#buy").await.click().await.unwrap();
    find(browser, "#card_number").await;
    order_of(browser).await
}

/// Types a card in the card form.
async fn type_card(browser: &Browser, number: &str) {
    find(browser, "#card_number")
        .await
        .send_keys(number)
        .await
        .unwrap();
    type_expiry_cvc_holder(browser).await;
}

/// Ticks "remember this card" and names it.
async fn remember(browser: &Browser, name: &str) {
    find(browser, "#remember").await.click().await.unwrap();
    find(browser, "#card_desc")
        .await
        .send_keys(name)
        .await
        .unwrap();
}

/// The saved cards the order's page offers, as their labels read.
async fn offered(browser: &Browser) -> Vec<String> {
    let mut labels = Vec::new();
    for label in browser
        .find_all(Locator::Css("#stored-cards label.stored-card"))
        .await
        .unwrap()
    {
        labels.push(label.text().await.unwrap());
    }
    labels
}

async fn scenario(browser: &Browser, demo: &Demo, camera: &mut Camera) {
    let client = demo.shop.client().clone();

    // 1. A first order: no saved card yet. The approving card, remembered as "Maaş kartım",
    //    through the bank's 3-D page.
    let first = buy(browser, demo).await;
    assert!(offered(browser).await.is_empty());
    type_card(browser, paynet_sim::TEST_CARD_APPROVE).await;
    remember(browser, "Maaş kartım").await;
    camera.shoot(browser, "remember-this-card").await;
    find(browser, "#pay-button").await.click().await.unwrap();
    approve_at_bank(browser, None).await;
    assert_eq!(text(browser, "#paid-amount").await, "149,90 TL");
    assert_eq!(text(browser, "#reference").await, first);
    camera.shoot(browser, "receipt-card-remembered").await;
    // The shop knows the browser's customer by a cookie, and keeps their card_owner_id.
    let cookie = browser.get_named_cookie(CUSTOMER_COOKIE).await.unwrap();
    let owner = demo
        .shop
        .store()
        .card_owner(cookie.value())
        .unwrap()
        .expect("the customer's card_owner_id");
    let stored = client
        .list_cards(&ListCardsRequest::builder(owner.as_str()).build().unwrap())
        .await
        .unwrap();
    assert_eq!(stored.cards.len(), 1);
    assert_eq!(stored.cards[0].description.as_deref(), Some("Maaş kartım"));

    // 2. A second order: the saved card is offered; the card that needs 3-D is typed and
    //    remembered too.
    buy(browser, demo).await;
    let cards = offered(browser).await;
    assert_eq!(cards.len(), 1, "{cards:?}");
    assert!(
        cards[0].contains("435508******4358") && cards[0].contains("Maaş kartım"),
        "{cards:?}"
    );
    assert!(
        !page_text(browser)
            .await
            .contains(paynet_sim::TEST_CARD_APPROVE)
    );
    camera.shoot(browser, "saved-card-offered").await;
    type_card(browser, paynet_sim::TEST_CARD_3D_REQUIRED).await;
    remember(browser, "3D kartım").await;
    find(browser, "#pay-button").await.click().await.unwrap();
    approve_at_bank(browser, None).await;
    assert_eq!(text(browser, "#paid-amount").await, "149,90 TL");

    // 3. A returning customer pays with the saved approving card: directly, no bank page.
    let third = buy(browser, demo).await;
    let cards = offered(browser).await;
    assert_eq!(cards.len(), 2, "{cards:?}");
    assert!(
        cards[1].contains("450803******0006") && cards[1].contains("3D kartım"),
        "{cards:?}"
    );
    camera.shoot(browser, "two-saved-cards").await;
    let direct_before = demo.sim.request_count("/v2/transaction/payment");
    find(browser, "#stored-0").await.click().await.unwrap();
    find(browser, "#pay-stored").await.click().await.unwrap();
    assert_eq!(text(browser, "#paid-amount").await, "149,90 TL");
    assert_eq!(text(browser, "#reference").await, third);
    assert_eq!(text(browser, "#card").await, "435508******4358");
    camera.shoot(browser, "paid-with-saved-card").await;
    assert_eq!(
        demo.sim.request_count("/v2/transaction/payment"),
        direct_before + 1
    );
    assert_eq!(common::payments(&client, &third).await.len(), 1);

    // 4. The saved card that needs 3-D Secure: Paynet says so (nothing charged), the shop sends
    //    the shopper to the bank's page, and the payment is made there.
    let fourth = buy(browser, demo).await;
    find(browser, "#stored-1").await.click().await.unwrap();
    find(browser, "#pay-stored").await.click().await.unwrap();
    find(browser, "input[name=password]").await;
    let url = browser.current_url().await.unwrap();
    assert!(
        url.as_str()
            .starts_with(&format!("{}/sim/3d", demo.sim.base_url())),
        "{url}"
    );
    approve_at_bank(browser, Some(camera)).await;
    assert_eq!(text(browser, "#paid-amount").await, "149,90 TL");
    assert_eq!(text(browser, "#reference").await, fourth);
    assert_eq!(text(browser, "#card").await, "450803******0006");
    camera.shoot(browser, "paid-with-saved-3d-card").await;
    let rows = common::payments(&client, &fourth).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].transaction.is_tds, Some(true));
}
