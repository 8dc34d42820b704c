//! The checkout in a real browser: headless Chromium, driven through WebDriver (chromedriver)
//! with fantoccini, against the shop and the simulated Paynet on loopback.
//!
//! Ignored by default (it needs Debian's `chromium` and `chromium-driver`); `.ci/run` runs it:
//!
//! ```sh
//! cargo test -p paynet-checkout-example --test browser -- --ignored
//! ```
//!
//! It starts `chromedriver` itself (from `$CHROMEDRIVER`, the `PATH`, or `/usr/bin/chromedriver`)
//! on a free port and stops it at the end. `$CHROME_BIN` picks the browser binary. A screenshot
//! of each step is saved under `target/checkout-screenshots/`.

#![allow(clippy::unwrap_used)]

mod common;

use std::future::Future;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client as Browser, ClientBuilder, Locator};
use futures_util::FutureExt;
use hyper_util::client::legacy::connect::HttpConnector;
use paynet_checkout_example::checkout::RETURN_PATH;
use paynet_checkout_example::demo::Demo;
use serde_json::json;

/// How long any one step may take.
const STEP: Duration = Duration::from_secs(15);

/// A chromedriver this test started; killed when dropped.
struct ChromeDriver {
    child: Child,
    port: u16,
}

impl ChromeDriver {
    fn find() -> PathBuf {
        if let Some(path) = std::env::var_os("CHROMEDRIVER") {
            return PathBuf::from(path);
        }
        let on_path = std::env::var_os("PATH")
            .into_iter()
            .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
            .map(|dir| dir.join("chromedriver"));
        let debian = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
            .into_iter()
            .map(PathBuf::from);
        on_path.chain(debian).find(|p| p.is_file()).unwrap_or_else(|| {
            panic!(
                "chromedriver not found (looked at $CHROMEDRIVER, the PATH, /usr/bin/chromedriver): \
                 install Debian's browser and driver with \
                 `apt-get install -y chromium chromium-driver`, or set CHROMEDRIVER=/path/to/chromedriver"
            )
        })
    }

    fn start() -> ChromeDriver {
        let path = ChromeDriver::find();
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(&path)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {}: {e} (install Debian's chromium and chromium-driver, or set \
                     CHROMEDRIVER=/path/to/chromedriver)",
                    path.display()
                )
            });
        let driver = ChromeDriver { child, port };
        let deadline = Instant::now() + STEP;
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "{} did not listen on port {port}",
                path.display()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Opens a headless Chromium session.
async fn open_browser(driver: &ChromeDriver) -> Browser {
    let mut options = json!({
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--no-first-run",
            "--window-size=1000,1100",
            "--lang=en-US",
        ],
    });
    if let Some(binary) = std::env::var_os("CHROME_BIN") {
        options["binary"] = json!(binary.to_string_lossy());
    }
    let mut capabilities = serde_json::Map::new();
    capabilities.insert("browserName".into(), json!("chrome"));
    capabilities.insert("goog:chromeOptions".into(), options);
    ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url())
        .await
        .unwrap_or_else(|e| panic!("chromedriver could not start Chromium: {e}"))
}

/// `target/checkout-screenshots/`, next to the test binary's `target/debug/deps/`.
fn screenshot_dir() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let target = exe
        .ancestors()
        .find(|p| p.file_name().is_some_and(|n| n == "target"))
        .map(Path::to_path_buf)
        .or_else(|| exe.ancestors().nth(3).map(Path::to_path_buf))
        .unwrap();
    let dir = target.join("checkout-screenshots");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Takes the numbered screenshots of the run.
struct Camera {
    dir: PathBuf,
    taken: Vec<PathBuf>,
}

impl Camera {
    async fn shoot(&mut self, browser: &Browser, name: &str) {
        let png = browser.screenshot().await.unwrap();
        let path = self
            .dir
            .join(format!("{:02}-{name}.png", self.taken.len() + 1));
        std::fs::write(&path, png).unwrap();
        self.taken.push(path);
    }
}

/// Polls `check` until it is true (or fails the test after [`STEP`]).
async fn until<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    let deadline = Instant::now() + STEP;
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn find(browser: &Browser, css: &str) -> fantoccini::elements::Element {
    browser
        .wait()
        .at_most(STEP)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| {
            panic!("no {css} on the page: {e}");
        })
}

async fn text(browser: &Browser, css: &str) -> String {
    find(browser, css).await.text().await.unwrap()
}

/// The page's visible text.
async fn page_text(browser: &Browser) -> String {
    browser
        .find(Locator::Css("body"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// The order reference of the page the browser is on (`/orders/{ref}`).
async fn order_of(browser: &Browser) -> String {
    let url = browser.current_url().await.unwrap();
    url.path().strip_prefix("/orders/").unwrap().to_owned()
}

/// From the product page to the bank's 3-D page: buy, type the card, (pick `instalments`), pay.
async fn checkout(
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
async fn approve_at_bank(browser: &Browser, camera: Option<&mut Camera>) {
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
async fn resubmit_return(browser: &Browser, return_url: &str, session_id: &str, token_id: &str) {
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

#[tokio::test]
#[ignore = "needs chromium and chromium-driver; run with --ignored (.ci/run does)"]
async fn checkout_in_headless_chromium() {
    let driver = ChromeDriver::start();
    let demo = common::start().await;
    let browser = open_browser(&driver).await;
    let mut camera = Camera {
        dir: screenshot_dir(),
        taken: Vec::new(),
    };

    let outcome = AssertUnwindSafe(scenario(&browser, &demo, &mut camera))
        .catch_unwind()
        .await;
    if outcome.is_err()
        && let Ok(png) = browser.screenshot().await
    {
        // What the browser showed when it failed.
        let _ = std::fs::write(camera.dir.join("failure.png"), png);
    }
    let _ = browser.close().await;
    demo.stop().await;
    drop(driver);
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
    let names: Vec<_> = camera
        .taken
        .iter()
        .filter_map(|p| p.file_name()?.to_str())
        .collect();
    assert!(names.len() >= 7, "{names:?}");
    eprintln!("screenshots in {}: {names:?}", camera.dir.display());
}
