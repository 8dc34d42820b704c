//! Both checkout paths, and the proof that on the Paynet.js one the card number never reaches the
//! shop: not in the requests its server received, not in its logs, not in its SQLite database.
//!
//! 1. The card form on the shop's page (the card *does* reach the shop: the request log sees it,
//!    which proves the log works).
//! 2. Paynet.js, a card without 3-D in 3 instalments: the page sends the card to the simulator,
//!    the shop gets `session_id` and `token_id` and charges; the return posted twice more and the
//!    receipt refreshed twice charge nothing more.
//! 3. Paynet.js, a card that needs 3-D: the bank's page opens over the shop's page, approves, and
//!    the shop charges.
//! 4. Paynet.js, a card the bank declines: the shop says so on the Paynet.js page.

use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use fantoccini::{Client as Browser, Locator};
use paynet_checkout_example::Store;
use paynet_checkout_example::demo::Demo;
use paynet_sim::SimConfig;

use crate::common;
use crate::harness::{Camera, find, page_text, text, until};
use crate::shop::{approve_at_bank, checkout, order_of, resubmit_return};

browser_test!(paynetjs_checkout_in_headless_chromium, start(), 8, scenario);

/// The CVC typed on the Paynet.js path (looked for in what the shop's form action got).
const CVC: &str = "987";

/// Every log line of the run (the shop, the SDK, axum, hyper...), at TRACE level.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The logs of this test binary, when this test could install the subscriber (one per process).
static LOGS: OnceLock<Option<Captured>> = OnceLock::new();

/// Where this run keeps its orders (a file, so that the test can read what SQLite wrote).
fn db_dir() -> PathBuf {
    std::env::temp_dir().join(format!("paynet-paynetjs-browser-{}", std::process::id()))
}

async fn start() -> Demo {
    LOGS.get_or_init(|| {
        let captured = Captured::default();
        let writer = captured.clone();
        tracing_subscriber::fmt()
            .with_env_filter("trace")
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .without_time()
            .try_init()
            .ok()
            .map(|()| captured)
    });
    let dir = db_dir();
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = Store::open(dir.join("orders.sqlite")).unwrap();
    Demo::start_recorded(SimConfig::default(), store)
        .await
        .unwrap()
}

/// Buys, then takes the Paynet.js tab of the order's page. The order's reference.
async fn to_paynetjs_page(browser: &Browser, demo: &Demo, camera: Option<&mut Camera>) -> String {
    browser.goto(&demo.url).await.unwrap();
    find(browser, "#buy").await.click().await.unwrap();
    find(browser, "#path-paynetjs").await;
    let reference = order_of(browser).await;
    if let Some(camera) = camera {
        camera.shoot(browser, "order-page-two-paths").await;
    }
    find(browser, "#path-paynetjs").await.click().await.unwrap();
    find(browser, "#pj-number").await;
    reference
}

/// Types a card on the Paynet.js page; with `instalments`, picks that option of the bank's.
async fn type_card(browser: &Browser, pan: &str, instalments: Option<u8>) {
    find(browser, "#pj-number")
        .await
        .send_keys(pan)
        .await
        .unwrap();
    // The bank's options arrive from the simulator's check_bin as the number is typed.
    let first = find(browser, "#instalment-1").await;
    if let Some(n) = instalments {
        find(browser, &format!("#instalment-{n}"))
            .await
            .click()
            .await
            .unwrap();
    } else {
        assert!(first.is_selected().await.unwrap());
    }
    let fields = [
        ("#pj-month", format!("{:02}", paynet_sim::TEST_EXPIRY_MONTH)),
        (
            "#pj-year",
            format!("{:02}", paynet_sim::TEST_EXPIRY_YEAR % 100),
        ),
        ("#pj-cvc", CVC.to_owned()),
        ("#pj-holder", "AYSE YILMAZ".to_owned()),
    ];
    for (css, value) in fields {
        find(browser, css).await.send_keys(&value).await.unwrap();
    }
}

/// Waits until the browser shows the receipt of `reference`.
async fn receipt_of(browser: &Browser, reference: &str) {
    until("the receipt", || async {
        browser
            .current_url()
            .await
            .is_ok_and(|u| u.path() == format!("/orders/{reference}"))
            && browser.find(Locator::Css("#paid-amount")).await.is_ok()
    })
    .await;
}

async fn scenario(browser: &Browser, demo: &Demo, camera: &mut Camera) {
    let client = demo.shop.client().clone();
    let requests = demo.requests.clone().unwrap();

    // 1. The card form on the shop's page: the card goes through the shop's server.
    let api = checkout(
        browser,
        demo,
        camera,
        paynet_sim::TEST_CARD_APPROVE,
        None,
        false,
    )
    .await;
    approve_at_bank(browser, None).await;
    receipt_of(browser, &api).await;
    camera.shoot(browser, "card-form-path-receipt").await;
    assert!(
        !requests
            .containing(paynet_sim::TEST_CARD_APPROVE)
            .is_empty(),
        "on the card form path the card number reaches the shop (and the log sees it)"
    );
    requests.clear();

    // 2. Paynet.js, no 3-D, 3 instalments.
    let reference = to_paynetjs_page(browser, demo, Some(camera)).await;
    assert_eq!(text(browser, "#amount").await, "149,90 TL");
    type_card(browser, paynet_sim::TEST_CARD_APPROVE, Some(3)).await;
    let legend = text(browser, "#instalments legend").await;
    assert!(legend.contains("Axess"), "{legend}");
    assert_eq!(
        browser
            .find_all(Locator::Css("#instalments label"))
            .await
            .unwrap()
            .len(),
        12
    );
    camera
        .shoot(browser, "paynetjs-form-with-instalments")
        .await;
    find(browser, "#pj-pay").await.click().await.unwrap();
    receipt_of(browser, &reference).await;
    assert_eq!(text(browser, "#paid-amount").await, "149,90 TL");
    assert_eq!(text(browser, "#card").await, "435508******4358");
    assert!(page_text(browser).await.contains("3 instalments"));
    camera.shoot(browser, "paynetjs-receipt").await;
    assert_eq!(demo.sim.request_count("/v1/transaction/charge"), 1);

    // What the shop received for it: the form's action got session_id and token_id only.
    let posted: Vec<_> = requests
        .all()
        .into_iter()
        .filter(|r| r.method == "POST" && r.uri == format!("/orders/{reference}/paynetjs"))
        .collect();
    assert_eq!(posted.len(), 1, "{posted:?}");
    let body = String::from_utf8(posted[0].body.clone()).unwrap();
    let fields: Vec<(String, String)> = body
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (k.to_owned(), v.to_owned())
        })
        .collect();
    let mut names: Vec<&str> = fields.iter().map(|(k, _)| k.as_str()).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        ["instalment", "session_id", "token_id"],
        "no card field reaches the shop"
    );
    assert!(fields.iter().all(|(_, v)| v != CVC), "{body}");
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap()
    };

    // The return posted twice more (a re-submitted form), and the receipt refreshed twice:
    // still one charge, one payment.
    let return_url = format!("{}/orders/{reference}/paynetjs", demo.url);
    for _ in 0..2 {
        browser.goto(&format!("{}/orders", demo.url)).await.unwrap();
        find(browser, "#orders").await;
        resubmit_return(
            browser,
            &return_url,
            &field("session_id"),
            &field("token_id"),
        )
        .await;
        receipt_of(browser, &reference).await;
    }
    browser.refresh().await.unwrap();
    browser.refresh().await.unwrap();
    assert_eq!(text(browser, "#paid-amount").await, "149,90 TL");
    camera
        .shoot(browser, "paynetjs-receipt-after-return-replayed")
        .await;
    assert_eq!(demo.sim.request_count("/v1/transaction/charge"), 1);
    assert_eq!(common::payments(&client, &reference).await.len(), 1);
    assert_eq!(common::transactions(&client, &reference).await.len(), 1);

    // 3. Paynet.js, a card that needs 3-D: the bank's page over the shop's page.
    let three_d = to_paynetjs_page(browser, demo, None).await;
    type_card(browser, paynet_sim::TEST_CARD_3D_REQUIRED, None).await;
    find(browser, "#pj-pay").await.click().await.unwrap();
    let frame = find(browser, "iframe.payment-iframe").await;
    frame.enter_frame().await.unwrap();
    find(browser, "input[name=password]")
        .await
        .send_keys(paynet_sim::TEST_3D_PASSWORD)
        .await
        .unwrap();
    let bank = page_text(browser).await;
    assert!(
        bank.contains("149,90 TL") && bank.contains("450803******0006"),
        "{bank}"
    );
    camera
        .shoot(browser, "paynetjs-bank-3d-page-over-the-shop")
        .await;
    find(browser, "button[value=approve]")
        .await
        .click()
        .await
        .unwrap();
    // The bank's page tells the shop's page, which posts its form: back to the top.
    let _ = browser.enter_parent_frame().await;
    receipt_of(browser, &three_d).await;
    assert_eq!(text(browser, "#card").await, "450803******0006");
    camera.shoot(browser, "paynetjs-3d-receipt").await;
    assert_eq!(common::payments(&client, &three_d).await.len(), 1);

    // 4. Paynet.js, a card the bank declines.
    let declined = to_paynetjs_page(browser, demo, None).await;
    type_card(browser, paynet_sim::TEST_CARD_DECLINE, None).await;
    find(browser, "#pj-pay").await.click().await.unwrap();
    until("the decline on the Paynet.js page", || async {
        match browser.find(Locator::Css("#notice")).await {
            Ok(notice) => notice
                .text()
                .await
                .is_ok_and(|t| t.contains("Your bank declined the payment")),
            Err(_) => false,
        }
    })
    .await;
    assert!(
        text(browser, "#notice")
            .await
            .contains("Nothing was charged")
    );
    find(browser, "#pj-number").await;
    camera.shoot(browser, "paynetjs-declined").await;
    assert!(common::payments(&client, &declined).await.is_empty());

    // The proof: nothing the shop received on the Paynet.js path holds a card number or the CVC.
    let cards = [
        paynet_sim::TEST_CARD_APPROVE,
        paynet_sim::TEST_CARD_3D_REQUIRED,
        paynet_sim::TEST_CARD_DECLINE,
    ];
    let received = requests.all();
    assert!(received.len() >= 10, "the log saw the Paynet.js path");
    for r in &received {
        let text = r.text();
        for pan in cards {
            assert!(
                !text.contains(pan),
                "the shop received a card number: {r:?}"
            );
        }
    }
    // Nor its database (the file and its write-ahead log)...
    let mut stored = Vec::new();
    for entry in std::fs::read_dir(db_dir()).unwrap() {
        stored.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    let stored = String::from_utf8_lossy(&stored);
    assert!(stored.contains(&reference), "the database holds the orders");
    for pan in cards {
        assert!(!stored.contains(pan), "a card number in the database");
    }
    // ...nor its logs (when this test could capture them).
    if let Some(Some(logs)) = LOGS.get() {
        let logs = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
        assert!(logs.contains(&reference), "the logs were captured");
        for pan in cards {
            assert!(!logs.contains(pan), "a card number in the logs");
        }
    }
    let _ = std::fs::remove_dir_all(db_dir());
}
