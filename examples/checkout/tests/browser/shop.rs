//! The shop's own steps in the browser, shared by the scenarios: from the product page to the
//! bank's 3-D page, the bank's approval, a re-submitted return.

use fantoccini::{Client as Browser, Locator};
use paynet_checkout_example::demo::Demo;
use serde_json::json;

use crate::common;
use crate::harness::{Camera, find, text};

/// The order reference of the page the browser is on (`/orders/{ref}`).
pub async fn order_of(browser: &Browser) -> String {
    let url = browser.current_url().await.unwrap();
    url.path().strip_prefix("/orders/").unwrap().to_owned()
}

/// From the product page to the bank's 3-D page: buy, type the card, (pick `instalments`), pay.
pub async fn checkout(
    browser: &Browser,
    demo: &Demo,
    camera: &mut Camera,
    card: &str,
    instalments: Option<u8>,
    shots: bool,
) -> String {
    browser.goto(&demo.url).await.unwrap();
    assert_eq!(text(browser, "#price").await, "149,90 TL");
    if shots {
        camera.shoot(browser, "product-page").await;
    }
    find(browser, "#buy").await.click().await.unwrap();
    let number = find(browser, "#card_number").await;
    let reference = order_of(browser).await;
    number.send_keys(card).await.unwrap();
    if let Some(n) = instalments {
        // The options of the card's bank appear as the number is typed (ratio/Get, through the
        // shop's server).
        let choice = find(browser, &format!("#instalment-{n}")).await;
        let labels = browser
            .find_all(Locator::Css("#instalments label"))
            .await
            .unwrap();
        assert_eq!(labels.len(), 12, "12 options for an Axess card");
        let legend = text(browser, "#instalments legend").await;
        assert!(legend.contains("Axess"), "{legend}");
        choice.click().await.unwrap();
    }
    type_expiry_cvc_holder(browser).await;
    if shots {
        camera.shoot(browser, "card-form-with-instalments").await;
    }
    find(browser, "#pay-button").await.click().await.unwrap();

    // The bank's page (the simulator's), with the amount and a password field.
    find(browser, "input[name=password]").await;
    let url = browser.current_url().await.unwrap();
    assert!(
        url.as_str()
            .starts_with(&format!("{}/sim/3d", demo.sim.base_url())),
        "{url}"
    );
    assert_eq!(text(browser, "#amount").await, "149,90 TL");
    reference
}

/// Types the 3-D password and approves on the bank's page.
pub async fn approve_at_bank(browser: &Browser, camera: Option<&mut Camera>) {
    find(browser, "input[name=password]")
        .await
        .send_keys(paynet_sim::TEST_3D_PASSWORD)
        .await
        .unwrap();
    if let Some(camera) = camera {
        camera.shoot(browser, "bank-3d-page").await;
    }
    find(browser, "button[value=approve]")
        .await
        .click()
        .await
        .unwrap();
}

/// Posts the 3-D return form again, as a browser re-submitting the return page would.
pub async fn resubmit_return(
    browser: &Browser,
    return_url: &str,
    session_id: &str,
    token_id: &str,
) {
    let script = "const [action, session, token] = arguments;
        const form = document.createElement('form');
        form.method = 'post'; form.action = action;
        for (const [name, value] of [['session_id', session], ['token_id', token]]) {
            const input = document.createElement('input');
            input.type = 'hidden'; input.name = name; input.value = value; form.append(input);
        }
        document.body.append(form); form.submit();";
    browser
        .execute(
            script,
            vec![json!(return_url), json!(session_id), json!(token_id)],
        )
        .await
        .unwrap();
}

/// Types the rest of a card in the shop's card form, after its number: the simulator's expiry,
/// its CVC and a holder.
pub async fn type_expiry_cvc_holder(browser: &Browser) {
    find(browser, "#expiry")
        .await
        .send_keys(&common::expiry())
        .await
        .unwrap();
    find(browser, "#cvc")
        .await
        .send_keys(paynet_sim::TEST_CVC)
        .await
        .unwrap();
    find(browser, "#holder")
        .await
        .send_keys("AYSE YILMAZ")
        .await
        .unwrap();
}
