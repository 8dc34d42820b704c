//! Pages written only from Paynet's documented page contract, paying against the simulator: the
//! custom form as Paynet's "Özelleştirilebilir Form" page shows it (the script tag before the
//! form, `data-amount="200"` in TL as written, inputs tagged `data-paynet` *with* their own
//! names, an `onCheckBin` callback filling radios), and the ready-made button as the "Hazır Form"
//! page shows it (the script tag alone inside a form, `data-amount="2000"` in kuruş). Nothing of
//! the shop: a test server serves the two pages and the form's action, which charges the posted
//! `session_id` and `token_id` with the secret key, as a merchant's server would.

use std::net::Ipv4Addr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::{get, post};
use fantoccini::{Client as Browser, Locator};
use paynet::{
    Amount, ChargeAmount, ChargeRequest, Client, PaymentOutcome, SecretKey, ThreeDReturn,
};
use paynet_sim::{SimConfig, Simulator};
use serde::Deserialize;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::harness::{Camera, find, page_text, text, until};

browser_test!(
    pages_from_paynets_documented_contract,
    Pages::start(),
    6,
    scenario
);

/// The simulator, and the merchant's test server: its two pages and the form's action.
pub struct Pages {
    sim: Simulator,
    url: String,
    posted: Arc<Mutex<Vec<String>>>,
    server: JoinHandle<std::io::Result<()>>,
}

#[derive(Clone)]
struct Merchant {
    client: Client,
    custom_page: String,
    button_page: String,
    posted: Arc<Mutex<Vec<String>>>,
}

/// The custom form, as on Paynet's page (the callbacks as on its "Event Parametreleri" page).
const CUSTOM_PAGE: &str = r##"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Özelleştirilebilir Form</title></head><body>
<script type="text/javascript"
    class="paynet-button"
    src="{SIM}/public/js/paynet-custom.js"
    data-form="#checkout-form"
    data-key="{KEY}"
    data-amount="200"
    data-description="Ödeme açıklaması">
</script>
<form action="/paid?unit=lira&amount=200.00" method="post" name="checkout-form" id="checkout-form">
    <input type="text" name="cardHolderName" data-paynet="holderName" placeholder="Kart Üzerindeki İsim" />
    <input type="text" name="cardNumber" data-paynet="number" placeholder="Kart No" />
    <select name="expMonth" id="expMonth" data-paynet="exp-month">
        <option value="1">1</option><option value="2">2</option><option value="3">3</option>
        <option value="4">4</option><option value="5">5</option><option value="6">6</option>
        <option value="7">7</option><option value="8">8</option><option value="9">9</option>
        <option value="10">10</option><option value="11">11</option><option value="12">12</option>
    </select>
    <select name="expYear" id="expYear" data-paynet="exp-year">
        <option value="">...</option>
        <option value="2034">2034</option>
        <option value="2035">2035</option>
    </select>
    <input type="password" name="cvv" data-paynet="cvv" />
    <ul class="installment-table"></ul>
    <input type="hidden" name="installmentKey" id="installmentKey" data-paynet="installmentKey" />
    <button type="button" data-paynet="submit">Öde</button>
</form>
<p id="status"></p>
<script>
Paynet.events.onCheckBin(function (d) {
    var table = document.querySelector('.installment-table');
    table.innerHTML = '';
    if (!d || !d.ok) { return; }
    d.bank.installments.sort(function (current, next) {
        if (current.instalment > next.instalment) return 1;
        if (current.instalment < next.instalment) return -1;
        return 0;
    });
    for (var i = 0; i < d.bank.installments.length; i++) {
        var row = d.bank.installments[i];
        var li = document.createElement('li');
        li.innerHTML = "<input type=radio name='installment' value='" + row.instalment_key + "' /> "
            + row.desc + " - " + row.instalment_amount;
        table.appendChild(li);
    }
    document.getElementById('installmentKey').value = d.bank.installments[0].instalment_key;
    table.querySelectorAll('input').forEach(function (radio) {
        radio.onchange = function () { document.getElementById('installmentKey').value = radio.value; };
    });
});
Paynet.events.validationError(function (e) { document.getElementById('status').textContent = e.message; });
Paynet.events.onCreateToken(function (r) {
    if (!r.ok) { document.getElementById('status').textContent = r.message; }
});
</script>
</body></html>
"##;

/// The ready-made button, as on Paynet's page.
const BUTTON_PAGE: &str = r##"<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Hazır Form</title></head><body>
<form action="/paid?unit=kurus&amount=20.00" method="POST">
  <script
      class="paynet-button"
      type="text/javascript"
      src="{SIM}/public/js/paynet.js"
      data-key="{KEY}"
      data-amount="2000"
      data-button_label="Ödeme Yap">
  </script>
</form>
</body></html>
"##;

#[derive(Deserialize)]
struct PaidQuery {
    unit: String,
    amount: String,
}

/// The form's action: charges what the page's script posted, as a merchant's server does.
async fn paid(
    State(merchant): State<Merchant>,
    Query(query): Query<PaidQuery>,
    body: Bytes,
) -> Html<String> {
    merchant
        .posted
        .lock()
        .unwrap()
        .push(String::from_utf8_lossy(&body).into_owned());
    let amount: Amount = query.amount.parse().unwrap();
    let amount = if query.unit == "kurus" {
        ChargeAmount::Kurus(amount)
    } else {
        ChargeAmount::Lira(amount)
    };
    let back = ThreeDReturn::from_form(&body).unwrap();
    let request = ChargeRequest::builder(back.session_id(), back.token_id(), amount)
        .build()
        .unwrap();
    let result = match merchant.client.charge(&request).await {
        Ok(PaymentOutcome::Approved { transaction, .. }) => format!(
            "approved {} {}",
            transaction
                .amount
                .map(|a| a.value().to_string())
                .unwrap_or_default(),
            transaction.card_number_masked.unwrap_or_default()
        ),
        Ok(other) => format!("not approved: {other:?}"),
        Err(e) => format!("refused: {e}"),
    };
    Html(format!(
        "<!DOCTYPE html><html><body><p id=\"result\">{result}</p></body></html>"
    ))
}

impl Pages {
    async fn start() -> Pages {
        let sim = Simulator::start(SimConfig::default()).await.unwrap();
        let client = Client::builder()
            .base_url(sim.base_url())
            .secret_key(SecretKey::new(sim.secret_key()).unwrap())
            .build()
            .unwrap();
        let fill = |page: &str| {
            page.replace("{SIM}", &sim.base_url())
                .replace("{KEY}", sim.publishable_key())
        };
        let posted = Arc::new(Mutex::new(Vec::new()));
        let merchant = Merchant {
            client,
            custom_page: fill(CUSTOM_PAGE),
            button_page: fill(BUTTON_PAGE),
            posted: Arc::clone(&posted),
        };
        let app = Router::new()
            .route(
                "/custom",
                get(|State(m): State<Merchant>| async move { Html(m.custom_page) }),
            )
            .route(
                "/button",
                get(|State(m): State<Merchant>| async move { Html(m.button_page) }),
            )
            .route("/paid", post(paid))
            .with_state(merchant);
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move { axum::serve(listener, app).await });
        Pages {
            sim,
            url,
            posted,
            server,
        }
    }

    /// Stops the server and the simulator.
    pub async fn stop(self) {
        self.server.abort();
        let _ = self.server.await;
        self.sim.shutdown().await;
    }
}

/// The bank's 3-D page in the full-window frame: the password, approve, and back to the page.
async fn approve_in_frame(browser: &Browser, camera: &mut Camera, shot: &str) {
    let frame = find(browser, "iframe.payment-iframe").await;
    frame.enter_frame().await.unwrap();
    find(browser, "input[name=password]")
        .await
        .send_keys(paynet_sim::TEST_3D_PASSWORD)
        .await
        .unwrap();
    camera.shoot(browser, shot).await;
    find(browser, "button[value=approve]")
        .await
        .click()
        .await
        .unwrap();
    let _ = browser.enter_parent_frame().await;
}

async fn result(browser: &Browser) -> String {
    until("the merchant's result page", || async {
        browser.find(Locator::Css("#result")).await.is_ok()
    })
    .await;
    text(browser, "#result").await
}

async fn scenario(browser: &Browser, pages: &Pages, camera: &mut Camera) {
    // The custom form: 200 TL, 3-D (data-tds_required defaults to true).
    browser
        .goto(&format!("{}/custom", pages.url))
        .await
        .unwrap();
    find(browser, "[data-paynet=holderName]")
        .await
        .send_keys("AYSE YILMAZ")
        .await
        .unwrap();
    find(browser, "[data-paynet=number]")
        .await
        .send_keys(paynet_sim::TEST_CARD_APPROVE)
        .await
        .unwrap();
    until("the instalments of onCheckBin", || async {
        browser
            .find_all(Locator::Css(".installment-table li"))
            .await
            .is_ok_and(|rows| rows.len() == 12)
    })
    .await;
    find(browser, "#expMonth")
        .await
        .select_by_value("12")
        .await
        .unwrap();
    find(browser, "#expYear")
        .await
        .select_by_value("2035")
        .await
        .unwrap();
    find(browser, "[data-paynet=cvv]")
        .await
        .send_keys(paynet_sim::TEST_CVC)
        .await
        .unwrap();
    let instalments = page_text(browser).await;
    assert!(instalments.contains("3 Taksit - 66.67"), "{instalments}");
    camera.shoot(browser, "custom-form").await;
    find(browser, "[data-paynet=submit]")
        .await
        .click()
        .await
        .unwrap();
    approve_in_frame(browser, camera, "custom-form-bank-3d-page").await;
    let paid = result(browser).await;
    assert_eq!(paid, "approved 200.00 435508******4358");
    camera.shoot(browser, "custom-form-charged").await;
    {
        let posted = pages.posted.lock().unwrap();
        let body = posted.last().unwrap();
        assert!(
            body.contains("session_id=") && body.contains("token_id="),
            "{body}"
        );
        // The card inputs lost their names: only the holder and the instalment left with it.
        for name in ["cardNumber", "cvv", "expMonth", "expYear"] {
            assert!(!body.contains(&format!("{name}=")), "{name} posted: {body}");
        }
        assert!(!body.contains(paynet_sim::TEST_CARD_APPROVE), "{body}");
    }

    // The ready-made button: 20.00 TL (data-amount in kuruş), the simulator's card form.
    browser
        .goto(&format!("{}/button", pages.url))
        .await
        .unwrap();
    let button = browser
        .wait()
        .at_most(crate::harness::STEP)
        .for_element(Locator::XPath("//button[normalize-space()='Ödeme Yap']"))
        .await
        .unwrap();
    button.click().await.unwrap();
    let frame = find(browser, "iframe.payment-iframe").await;
    frame.enter_frame().await.unwrap();
    find(browser, "input[autocomplete=cc-number]")
        .await
        .send_keys(paynet_sim::TEST_CARD_3D_REQUIRED)
        .await
        .unwrap();
    let expiry = format!(
        "{:02}/{:02}",
        paynet_sim::TEST_EXPIRY_MONTH,
        paynet_sim::TEST_EXPIRY_YEAR % 100
    );
    for (css, value) in [
        ("input[autocomplete=cc-exp]", expiry.as_str()),
        ("input[autocomplete=cc-csc]", paynet_sim::TEST_CVC),
        ("input[autocomplete=cc-name]", "AYSE YILMAZ"),
    ] {
        find(browser, css).await.send_keys(value).await.unwrap();
    }
    find(browser, "#instalments input[type=radio]").await;
    assert!(page_text(browser).await.contains("20,00 TL"));
    camera.shoot(browser, "button-card-form").await;
    find(browser, "button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    // The card needs 3-D: the bank's page, in the same frame.
    find(browser, "input[name=password]").await;
    let _ = browser.enter_parent_frame().await;
    approve_in_frame(browser, camera, "button-bank-3d-page").await;
    let paid = result(browser).await;
    assert_eq!(paid, "approved 20.00 450803******0006");
    camera.shoot(browser, "button-charged").await;
    let posted = pages.posted.lock().unwrap();
    let body = posted.last().unwrap();
    assert!(!body.contains(paynet_sim::TEST_CARD_3D_REQUIRED), "{body}");
    assert_eq!(pages.sim.request_count("/v1/transaction/charge"), 2);
}
