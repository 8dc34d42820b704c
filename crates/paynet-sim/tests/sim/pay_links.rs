//! Pay links (`/v1/mailorder/*`) and their payment page (`/sim/paylink/{token}`): creating,
//! showing, listing and closing a link; paying it through the page (directly, through the bank's
//! 3-D page, with `auto=pay` / `auto=decline`), with the transaction recorded, the link marked
//! paid, the confirmation posted and the browser redirected; closed links; and twenty concurrent
//! payments that move money once.

use std::time::Duration;

use paynet_sim::{
    SimConfig, Simulator, TEST_3D_PASSWORD, TEST_CARD_3D_DECLINE, TEST_CARD_3D_REQUIRED,
    TEST_CARD_APPROVE, TEST_CVC, TEST_EXPIRY_MONTH, TEST_EXPIRY_YEAR,
};
use reqwest::{StatusCode, redirect::Policy};
use serde_json::{Value, json};

use crate::support::{Answer, Recorder, assert_paynet_error, call, is_dotnet_timestamp, sim};

/// The simulator's day with a seed (the clock starts on 2024-06-03).
const SIM_DAY: &str = "2024-06-03";

/// A browser that does not follow redirects (the tests read `Location`).
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// `create` with `body`.
async fn create(sim: &Simulator, body: Value) -> Answer {
    call(sim, "/v1/mailorder/create", &body.to_string()).await
}

/// Creates a link of 149.90 TL with `reference_no` and the `extra` fields; its page's URL.
async fn link(sim: &Simulator, reference_no: &str, extra: Value) -> String {
    let mut body = json!({
        "name_surname": "Ayşe Yılmaz",
        "amount": 149.90,
        "reference_no": reference_no,
        "note": "Sipariş 42",
        "expire_date": 72,
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let a = create(sim, body).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["code"], 0, "{}", a.text);
    assert_eq!(a.json["object_name"], "mailorder_create");
    a.json["url"].as_str().unwrap().to_owned()
}

/// `detail` by `reference_no`.
async fn detail(sim: &Simulator, reference_no: &str) -> Answer {
    let body = json!({ "reference_no": reference_no }).to_string();
    call(sim, "/v1/mailorder/detail", &body).await
}

/// The transactions `check` finds for `reference_no`.
async fn payments(sim: &Simulator, reference_no: &str) -> Vec<Value> {
    let body = json!({ "reference_no": reference_no }).to_string();
    let a = call(sim, "/v1/transaction/check", &body).await;
    a.json["Data"].as_array().cloned().unwrap_or_default()
}

/// GET `url`, not following redirects.
async fn get(url: &str) -> reqwest::Response {
    browser().get(url).send().await.unwrap()
}

/// `application/x-www-form-urlencoded` text of `pairs`.
fn form_text<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> String {
    let encode = |text: &str| -> String {
        text.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    char::from(b).to_string()
                }
                b' ' => "+".to_owned(),
                other => format!("%{other:02X}"),
            })
            .collect()
    };
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k.as_ref()), encode(v.as_ref())))
        .collect::<Vec<_>>()
        .join("&")
}

/// POSTs a form to `url`, not following redirects.
async fn post_form<K: AsRef<str>, V: AsRef<str>>(url: &str, pairs: &[(K, V)]) -> reqwest::Response {
    browser()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form_text(pairs))
        .send()
        .await
        .unwrap()
}

/// GETs `url` as JSON.
async fn get_json(url: &str) -> Value {
    serde_json::from_str(&get(url).await.text().await.unwrap()).unwrap()
}

/// The `Location` of a redirect.
fn location(r: &reqwest::Response) -> String {
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    r.headers()["location"].to_str().unwrap().to_owned()
}

/// The card form, posted to the page.
async fn post_card(url: &str, pan: &str, instalment: &str) -> reqwest::Response {
    let month = TEST_EXPIRY_MONTH.to_string();
    let year = TEST_EXPIRY_YEAR.to_string();
    post_form(
        url,
        &[
            ("card_holder", "AYSE YILMAZ"),
            ("pan", pan),
            ("month", month.as_str()),
            ("year", year.as_str()),
            ("cvc", TEST_CVC),
            ("instalment", instalment),
        ],
    )
    .await
}

/// The `xact_id` query parameter of a redirect target.
fn xact_id_of(location: &str) -> String {
    reqwest::Url::parse(location)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "xact_id")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_link_is_created_shown_and_listed() {
    let sim = sim().await;
    let url = link(
        &sim,
        "INV-1",
        json!({"email": "ayse@example.com", "phone": "05321234567", "agent_note": "telefon",
               "succeed_url": "https://shop.example/paid", "error_url": "https://shop.example/failed"}),
    )
    .await;
    assert!(
        url.starts_with(&format!("{}/sim/paylink/", sim.base_url())),
        "{url}"
    );

    let a = detail(&sim, "INV-1").await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let d = &a.json;
    assert_eq!(d["code"], 0);
    assert_eq!(d["object_name"], "mailorder_detail");
    assert!(
        a.text.contains("\"amount\":149.90"),
        "exact, with its scale: {}",
        a.text
    );
    assert_eq!(d["name_surname"], "Ayşe Yılmaz");
    assert_eq!(d["email"], "ayse@example.com");
    assert_eq!(d["phone"], "05321234567");
    assert_eq!(d["note"], "Sipariş 42");
    assert_eq!(d["agent_note"], "telefon");
    assert_eq!(d["currency"], "TRY");
    assert_eq!(d["xact_id"], "", "not paid yet");
    assert_eq!(d["status"], 0);
    assert_eq!(d["url"], url.as_str());
    assert_eq!(d["succeed_url"], "https://shop.example/paid");
    let (created, expires) = (
        d["create_date"].as_str().unwrap(),
        d["expire_date"].as_str().unwrap(),
    );
    assert!(is_dotnet_timestamp(created) && is_dotnet_timestamp(expires));
    assert!(
        expires.starts_with("2024-06-06T10:27"),
        "72 hours later: {expires}"
    );
    let id = d["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 36, "a GUID: {id}");

    // By its id too.
    let by_id = call(
        &sim,
        "/v1/mailorder/detail",
        &json!({ "id": id }).to_string(),
    )
    .await;
    assert_eq!(by_id.json["reference_no"], "INV-1");

    let list = call(
        &sim,
        "/v1/mailorder/list",
        &json!({"datab": SIM_DAY, "datbi": SIM_DAY}).to_string(),
    )
    .await;
    assert_eq!(list.json["code"], 0, "{}", list.text);
    let rows = list.json["Data"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["reference_no"], "INV-1");
    assert_eq!(rows[0]["id"], id.as_str());
    assert_eq!(rows[0]["installment"], 0);
    assert_eq!(list.json["total_count"], 1);

    // Another day: nothing (code 12, still HTTP 200).
    let none = call(
        &sim,
        "/v1/mailorder/list",
        &json!({"datab": "2024-06-04", "datbi": "2024-06-30"}).to_string(),
    )
    .await;
    assert_eq!(none.status, StatusCode::OK);
    assert_eq!(none.json["code"], 12);
    assert_eq!(none.json["Data"], json!([]));
}

#[tokio::test]
async fn create_reads_leniently_and_refuses_what_is_wrong() {
    let sim = sim().await;
    // Paynet's PHP sample's types: strings for numbers and booleans, `send_email` spelled so.
    let a = create(
        &sim,
        json!({"name_surname": "A", "amount": "100.00", "reference_no": "LENIENT",
               "expire_date": "24", "addcomission_to_amount": "true", "send_email": "false",
               "multi_payment": "0", "pos_type": "5"}),
    )
    .await;
    assert_eq!(a.json["code"], 0, "{}", a.text);

    let no_key = crate::support::post(&sim, "/v1/mailorder/create", &[], "{}").await;
    assert_paynet_error(&no_key, 401, "authorization_error", 7);
    for (body, word) in [
        (json!({"amount": 10, "reference_no": "X"}), "name_surname"),
        (json!({"name_surname": "A", "reference_no": "X"}), "amount"),
        (
            json!({"name_surname": "A", "amount": "10,50", "reference_no": "X"}),
            "amount",
        ),
        (
            json!({"name_surname": "A", "amount": 10.005, "reference_no": "X"}),
            "amount",
        ),
        (
            json!({"name_surname": "A", "amount": 10, "expire_date": 0}),
            "expire_date",
        ),
        (
            json!({"name_surname": "A", "amount": 10, "send_mail": true}),
            "email",
        ),
        (
            json!({"name_surname": "A", "amount": 10, "send_sms": true}),
            "phone",
        ),
        (
            json!({"name_surname": "A", "amount": 10, "email": "nope"}),
            "email",
        ),
        (
            json!({"name_surname": "A", "amount": 10, "confirmation_url": "https://shop.example/c"}),
            "confirmation_url",
        ),
        (
            json!({"name_surname": "A", "amount": 10, "succeed_url": "/relative"}),
            "succeed_url",
        ),
        (
            json!({"name_surname": "A", "amount": 10, "reference_no": "R".repeat(51)}),
            "reference_no",
        ),
    ] {
        let a = create(&sim, body.clone()).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
        assert!(
            a.json["message"].as_str().unwrap().contains(word),
            "{word}: {}",
            a.text
        );
    }
    // One live link per reference: a second one is refused (code 5)...
    link(&sim, "TWICE", json!({})).await;
    let again = create(
        &sim,
        json!({"name_surname": "A", "amount": 1, "reference_no": "TWICE"}),
    )
    .await;
    assert_paynet_error(&again, 400, "invalid_request_error", 5);
    // ...until the first is passive.
    let closed = call(
        &sim,
        "/v1/mailorder/status_update",
        &json!({"reference_no": "TWICE", "status": 3}).to_string(),
    )
    .await;
    assert_eq!(closed.json["code"], 0, "{}", closed.text);
    let again = create(
        &sim,
        json!({"name_surname": "B", "amount": 1, "reference_no": "TWICE"}),
    )
    .await;
    assert_eq!(again.json["code"], 0, "{}", again.text);
    assert_eq!(
        detail(&sim, "TWICE").await.json["name_surname"],
        "B",
        "the newest"
    );
    // Without a reference_no the simulator gives one.
    let a = create(&sim, json!({"name_surname": "A", "amount": 1})).await;
    assert_eq!(a.json["code"], 0, "{}", a.text);
}

#[tokio::test]
async fn the_page_shows_the_link_a_card_form_and_the_options_of_the_bin() {
    let sim = sim().await;
    let url = link(&sim, "PAGE-1", json!({})).await;
    let page = get(&url).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = page.text().await.unwrap();
    for text in [
        paynet_sim::COMPANY_NAME,
        "149,90 TL",
        "Sipariş 42",
        "06.06.2024",
        "Ayşe Yılmaz",
        "autocomplete=\"cc-name\"",
        "autocomplete=\"cc-number\"",
        "autocomplete=\"cc-exp-month\"",
        "autocomplete=\"cc-exp-year\"",
        "autocomplete=\"cc-csc\"",
        "id=\"instalments\"",
    ] {
        assert!(html.contains(text), "{text} in {html}");
    }
    let options: Value = get_json(&format!("{url}/instalments?bin=435508")).await;
    assert_eq!(options["bank_name"], "Akbank (Axess)");
    let rows = options["options"].as_array().unwrap();
    assert_eq!(rows.len(), 12);
    assert_eq!(rows[0]["total"], "149,90 TL");
    assert_eq!(rows[2]["count"], 3);
    assert_eq!(rows[2]["instalment"], "49,97 TL");
    let tds: Value = get_json(&format!("{url}/instalments?bin=450803")).await;
    assert_eq!(tds["tds_required"], true);
    let unknown: Value = get_json(&format!("{url}/instalments?bin=111111")).await;
    assert_eq!(unknown["options"], json!([]));
    assert_eq!(
        get(&format!("{}/sim/paylink/nope", sim.base_url()))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn paying_through_the_page_records_marks_confirms_and_redirects() {
    let sim = sim().await;
    let merchant = Recorder::start(200).await;
    let url = link(
        &sim,
        "PAID-1",
        json!({"succeed_url": "https://shop.example/paid?order=1",
               "confirmation_url": format!("{}/confirm", merchant.url)}),
    )
    .await;
    let before = sim.transaction_count();

    // A wrong card: the page again, nothing recorded.
    let wrong = post_card(&url, "4355084355084357", "1").await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.text().await.unwrap().contains("Luhn"));
    let too_many = post_card(&url, TEST_CARD_APPROVE, "13").await;
    assert_eq!(too_many.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(sim.transaction_count(), before);

    let paid = post_card(&url, TEST_CARD_APPROVE, "3").await;
    let to = location(&paid);
    assert!(
        to.starts_with("https://shop.example/paid?order=1&xact_id=xk_"),
        "{to}"
    );
    let xact_id = xact_id_of(&to);
    assert_eq!(sim.transaction_count(), before + 1);

    // The confirmation, posted before the redirect.
    let seen = merchant.seen();
    assert_eq!(seen.len(), 1, "{seen:?}");
    let (path, content_type, body) = &seen[0];
    assert_eq!(path, "/confirm");
    assert_eq!(content_type, "application/json");
    let posted: Value = serde_json::from_str(body).unwrap();
    assert_eq!(posted["referance_no"], "PAID-1", "{body}");
    assert!(
        posted.get("reference_no").is_none(),
        "Paynet's spelling only"
    );
    assert_eq!(posted["card_number"], "435508******4358");
    assert_eq!(posted["is_succeed"], true);
    assert_eq!(posted["instalment"], 3);
    assert_eq!(posted["bank_id"], "AXSS");
    assert!(body.contains("\"amount\":149.90"), "{body}");
    assert!(body.contains("\"netAmount\":146.32"), "{body}");
    assert!(
        !body.contains(TEST_CARD_APPROVE) && !body.contains("xact_id"),
        "{body}"
    );
    assert_eq!((sim.callbacks_delivered(), sim.callbacks_failed()), (1, 0));

    // The payment: check by reference_no, the link's detail and the list.
    let found = payments(&sim, "PAID-1").await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["xact_id"], xact_id.as_str());
    assert_eq!(found[0]["is_succeed"], true);
    assert_eq!(found[0]["transaction_type"], 1);
    assert_eq!(found[0]["instalment"], 3);
    let d = detail(&sim, "PAID-1").await.json;
    assert_eq!(d["status"], 1);
    assert_eq!(d["xact_id"], xact_id.as_str());
    assert_eq!(d["installment"], 3);
    assert_eq!(d["bank_id"], "AXSS");
    let list = call(
        &sim,
        "/v1/mailorder/list",
        &json!({"datab": SIM_DAY, "datbi": SIM_DAY}).to_string(),
    )
    .await;
    assert_eq!(list.json["Data"][0]["xact_id"], xact_id.as_str());
    assert_eq!(list.json["Data"][0]["status"], 1);
    assert_eq!(list.json["Data"][0]["bank_name"], "Akbank (Axess)");

    // Paid: the page is closed, and takes no second payment.
    let page = get(&url).await;
    assert_eq!(page.status(), StatusCode::GONE);
    assert!(page.text().await.unwrap().contains("ödenmiş"));
    assert_eq!(
        post_card(&url, TEST_CARD_APPROVE, "1").await.status(),
        StatusCode::GONE
    );
    assert_eq!(
        get(&format!("{url}?auto=pay")).await.status(),
        StatusCode::GONE
    );
    assert_eq!(sim.transaction_count(), before + 1);
    assert_eq!(merchant.seen().len(), 1);
}

#[tokio::test]
async fn auto_decline_then_auto_pay() {
    let sim = sim().await;
    let merchant = Recorder::start(200).await;
    let url = link(
        &sim,
        "AUTO-1",
        json!({"succeed_url": "https://shop.example/paid",
               "error_url": "https://shop.example/failed",
               "confirmation_url": format!("{}/confirm", merchant.url)}),
    )
    .await;
    let declined = get(&format!("{url}?auto=decline")).await;
    let to = location(&declined);
    assert!(
        to.starts_with("https://shop.example/failed?xact_id=xk_"),
        "{to}"
    );
    let found = payments(&sim, "AUTO-1").await;
    assert_eq!(found.len(), 1, "the decline is recorded");
    assert_eq!(found[0]["is_succeed"], false);
    assert_eq!(found[0]["card_no"], "540061******0001");
    assert_eq!(detail(&sim, "AUTO-1").await.json["status"], 0, "still open");
    assert!(merchant.seen().is_empty(), "no confirmation for a decline");

    let paid = get(&format!("{url}?auto=pay")).await;
    let to = location(&paid);
    assert!(
        to.starts_with("https://shop.example/paid?xact_id=xk_"),
        "{to}"
    );
    let found = payments(&sim, "AUTO-1").await;
    assert_eq!(found.len(), 2);
    assert_eq!(found[1]["is_succeed"], true);
    assert_eq!(found[1]["card_no"], "435508******4358");
    assert_eq!(found[1]["xact_id"], xact_id_of(&to).as_str());
    assert_eq!(merchant.wait_for(1).await.len(), 1);
}

#[tokio::test]
async fn a_3d_card_goes_through_the_banks_page() {
    let sim = sim().await;
    let merchant = Recorder::start(200).await;
    let url = link(
        &sim,
        "TDS-1",
        json!({"succeed_url": "https://shop.example/paid",
               "error_url": "https://shop.example/failed",
               "confirmation_url": format!("{}/confirm", merchant.url)}),
    )
    .await;
    let started = post_card(&url, TEST_CARD_3D_REQUIRED, "1").await;
    let bank = location(&started);
    assert!(
        bank.starts_with(&format!("{}/sim/3d?session_id=", sim.base_url())),
        "{bank}"
    );
    assert_eq!(payments(&sim, "TDS-1").await.len(), 0, "nothing yet");

    // The bank's page, with its password, posts back to the link.
    let page = get(&bank).await.text().await.unwrap();
    assert!(
        page.contains("149,90 TL") && page.contains("password"),
        "{page}"
    );
    let q = reqwest::Url::parse(&bank).unwrap();
    let pair = |name: &str| {
        q.query_pairs()
            .find(|(k, _)| k == name)
            .unwrap()
            .1
            .into_owned()
    };
    let (session_id, token_id) = (pair("session_id"), pair("token_id"));
    let back = post_form(
        &format!("{}/sim/3d", sim.base_url()),
        &[
            ("session_id", session_id.as_str()),
            ("token_id", token_id.as_str()),
            ("password", TEST_3D_PASSWORD),
            ("action", "approve"),
        ],
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(
        back.contains(&format!("{url}/3d")),
        "the page posts to the link: {back}"
    );
    let form = [
        ("session_id", session_id.as_str()),
        ("token_id", token_id.as_str()),
    ];
    let returned = post_form(&format!("{url}/3d"), &form).await;
    let to = location(&returned);
    assert!(
        to.starts_with("https://shop.example/paid?xact_id=xk_"),
        "{to}"
    );
    let found = payments(&sim, "TDS-1").await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["is_tds"], true);
    assert_eq!(found[0]["xact_id"], xact_id_of(&to).as_str());
    assert_eq!(merchant.seen().len(), 1);

    // Posted again (a refresh): where it went the first time; no new money, no second post.
    let again = post_form(&format!("{url}/3d"), &form).await;
    assert_eq!(location(&again), to);
    assert_eq!(payments(&sim, "TDS-1").await.len(), 1);
    assert_eq!(merchant.seen().len(), 1);

    // A card whose 3-D always fails: error_url, nothing charged, the link still open.
    let url = link(
        &sim,
        "TDS-2",
        json!({"error_url": "https://shop.example/failed"}),
    )
    .await;
    let bank = location(&post_card(&url, TEST_CARD_3D_DECLINE, "1").await);
    let q = reqwest::Url::parse(&bank).unwrap();
    let ids: Vec<(String, String)> = q.query_pairs().map(|(k, v)| (k.into(), v.into())).collect();
    let answered = get(&format!("{bank}&auto=approve"))
        .await
        .text()
        .await
        .unwrap();
    assert!(answered.contains(&format!("{url}/3d")), "{answered}");
    let returned = post_form(&format!("{url}/3d"), &ids).await;
    assert_eq!(location(&returned), "https://shop.example/failed");
    assert!(payments(&sim, "TDS-2").await.is_empty());
    assert_eq!(detail(&sim, "TDS-2").await.json["status"], 0);
}

#[tokio::test]
async fn expired_and_passive_links_take_no_payment() {
    let sim = sim().await;
    let url = link(&sim, "EXPIRES", json!({"expire_date": 1})).await;
    assert_eq!(get(&url).await.status(), StatusCode::OK);
    sim.advance_clock(Duration::from_secs(2 * 3_600));
    let page = get(&url).await;
    assert_eq!(page.status(), StatusCode::GONE);
    assert!(page.text().await.unwrap().contains("süresi dolmuş"));
    assert_eq!(
        get(&format!("{url}?auto=pay")).await.status(),
        StatusCode::GONE
    );
    assert_eq!(
        post_card(&url, TEST_CARD_APPROVE, "1").await.status(),
        StatusCode::GONE
    );
    assert!(payments(&sim, "EXPIRES").await.is_empty());
    assert_eq!(detail(&sim, "EXPIRES").await.json["status"], 2);

    let url = link(&sim, "CLOSED", json!({})).await;
    let update = |status: Value| {
        let sim = &sim;
        async move {
            call(
                sim,
                "/v1/mailorder/status_update",
                &json!({"reference_no": "CLOSED", "status": status}).to_string(),
            )
            .await
        }
    };
    let a = update(json!(3)).await;
    assert_eq!(
        a.json,
        json!({"object_name": "mailorder_update_status", "code": 0, "message": "Başarılı İşlem"})
    );
    assert_eq!(detail(&sim, "CLOSED").await.json["status"], 3);
    let page = get(&url).await;
    assert_eq!(page.status(), StatusCode::GONE);
    assert!(page.text().await.unwrap().contains("pasif"));
    assert_eq!(
        get(&format!("{url}?auto=pay")).await.status(),
        StatusCode::GONE
    );
    assert!(payments(&sim, "CLOSED").await.is_empty());
    // Open again ("0" read leniently): it takes its payment.
    assert_eq!(update(json!("0")).await.json["code"], 0);
    assert_eq!(
        get(&format!("{url}?auto=pay")).await.status(),
        StatusCode::OK
    );
    assert_eq!(payments(&sim, "CLOSED").await.len(), 1);
    // Only 0 and 3; an unknown link is the 404.
    assert_paynet_error(&update(json!(1)).await, 400, "invalid_request_error", 11);
    let unknown = call(
        &sim,
        "/v1/mailorder/status_update",
        &json!({"reference_no": "NOPE", "status": 3}).to_string(),
    )
    .await;
    assert_paynet_error(&unknown, 404, "no_data_error", 12);
    assert_paynet_error(&detail(&sim, "NOPE").await, 404, "no_data_error", 12);
    let neither = call(&sim, "/v1/mailorder/detail", "{}").await;
    assert_paynet_error(&neither, 400, "invalid_request_error", 11);
}

#[tokio::test]
async fn a_multi_payment_link_takes_more_than_one() {
    let sim = sim().await;
    let url = link(&sim, "MULTI", json!({"multi_payment": true})).await;
    // Without a succeed_url: Paynet's own result page.
    let first = get(&format!("{url}?auto=pay")).await;
    assert_eq!(first.status(), StatusCode::OK);
    assert!(first.text().await.unwrap().contains("id=\"xact_id\""));
    assert_eq!(
        get(&format!("{url}?auto=pay")).await.status(),
        StatusCode::OK
    );
    let found = payments(&sim, "MULTI").await;
    assert_eq!(found.len(), 2);
    let d = detail(&sim, "MULTI").await.json;
    assert_eq!(d["status"], 1);
    assert_eq!(d["xact_id"], found[1]["xact_id"], "the latest payment");
    assert_eq!(get(&url).await.status(), StatusCode::OK, "still open");
}

#[tokio::test]
async fn commission_on_top_and_a_failed_confirmation() {
    let sim = sim().await;
    let failing = Recorder::start(500).await;
    let url = link(
        &sim,
        "ONTOP",
        json!({"amount": 100.00, "addcomission_to_amount": true,
               "confirmation_url": format!("{}/c", failing.url)}),
    )
    .await;
    let html = get(&url).await.text().await.unwrap();
    assert!(
        html.contains("100,00 TL") && html.contains("Hizmet bedeli"),
        "{html}"
    );
    assert_eq!(
        get(&format!("{url}?auto=pay")).await.status(),
        StatusCode::OK
    );
    let posted = failing.wait_for(1).await[0].2.clone();
    assert!(posted.contains("\"amount\":102.39"), "{posted}");
    assert!(posted.contains("\"netAmount\":100.00"), "{posted}");
    assert_eq!((sim.callbacks_delivered(), sim.callbacks_failed()), (0, 1));
    // Not delivered changes nothing else: the link is paid.
    assert_eq!(detail(&sim, "ONTOP").await.json["status"], 1);
}

#[tokio::test]
async fn the_list_pages_and_filters() {
    let sim = Simulator::start(SimConfig::default().seed(3).without_history())
        .await
        .unwrap();
    for i in 0..5 {
        link(&sim, &format!("L-{i}"), json!({})).await;
    }
    link(&sim, "OTHER-AGENT", json!({"agent_id": "777"})).await;
    let list = |body: Value| {
        let sim = &sim;
        async move { call(sim, "/v1/mailorder/list", &body.to_string()).await }
    };
    let page = list(json!({"datab": SIM_DAY, "datbi": SIM_DAY, "limit": 2})).await;
    let refs = |a: &Answer| -> Vec<String> {
        a.json["Data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["reference_no"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(refs(&page), ["L-0", "L-1"]);
    assert_eq!(page.json["has_more"], true);
    assert_eq!(page.json["total"], 6);
    let next =
        list(json!({"datab": SIM_DAY, "datbi": SIM_DAY, "limit": "2", "starting_after": 4})).await;
    assert_eq!(refs(&next), ["L-4", "OTHER-AGENT"]);
    assert_eq!(next.json["has_more"], false);
    let agent = list(json!({"datab": SIM_DAY, "datbi": SIM_DAY, "agent_id": 777})).await;
    assert_eq!(refs(&agent), ["OTHER-AGENT"]);
    for bad in [
        json!({"datab": SIM_DAY}),
        json!({"datab": "03.06.2024", "datbi": SIM_DAY}),
        json!({"datab": "2024-06-04", "datbi": SIM_DAY}),
        json!({"datab": SIM_DAY, "datbi": SIM_DAY, "limit": 0}),
        json!({"datab": SIM_DAY, "datbi": SIM_DAY, "starting_after": -1}),
    ] {
        assert_paynet_error(&list(bad).await, 400, "invalid_request_error", 11);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_payments_move_money_once() {
    let sim = sim().await;
    let merchant = Recorder::start(200).await;
    let url = link(
        &sim,
        "RACE",
        json!({"succeed_url": "https://shop.example/paid",
               "confirmation_url": format!("{}/confirm", merchant.url)}),
    )
    .await;
    let before = sim.transaction_count();
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(20));
    let mut tasks = Vec::new();
    for i in 0..20 {
        let url = url.clone();
        let start = start.clone();
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            if i % 2 == 0 {
                get(&format!("{url}?auto=pay")).await.status()
            } else {
                post_card(&url, TEST_CARD_APPROVE, "1").await.status()
            }
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    let paid = statuses
        .iter()
        .filter(|s| **s == StatusCode::SEE_OTHER)
        .count();
    let closed = statuses.iter().filter(|s| **s == StatusCode::GONE).count();
    assert_eq!((paid, closed), (1, 19), "{statuses:?}");
    assert_eq!(sim.transaction_count(), before + 1);
    let found = payments(&sim, "RACE").await;
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["is_succeed"], true);
    assert_eq!(merchant.seen().len(), 1);
    assert_eq!(sim.callbacks_delivered(), 1);
}
