//! The wire under Paynet's browser scripts (`/v1/paynetj/*`), its CORS, its pages and scripts,
//! and `charge` finishing its tokens; requests shaped as Paynet's own custom-form script sends
//! them.

use paynet_sim::{
    COMPANY_NAME, Simulator, TEST_3D_PASSWORD, TEST_CARD_3D_DECLINE, TEST_CARD_3D_REQUIRED,
    TEST_CARD_APPROVE, TEST_CARD_DECLINE, TEST_CARD_HASH, TEST_CARD_OWNER_ID, TEST_CVC,
    TEST_EXPIRY_MONTH, TEST_EXPIRY_YEAR,
};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Answer, assert_paynet_error, call, client, is_dotnet_timestamp, post, sim};

const AUTH: &str = "/v1/paynetj/auth";
const CHECK_BIN: &str = "/v1/paynetj/check_bin";
const CREATE_TOKEN: &str = "/v1/paynetj/create_token";
const CHECK_CARD_BIN: &str = "/v1/paynetj/check_card_bin";
const CREATE_CARD_TOKEN: &str = "/v1/paynetj/create_card_token";
const CHARGE: &str = "/v1/transaction/charge";
const PAGE_ORIGIN: &str = "http://127.0.0.1:9";

/// POSTs JSON under the publishable key, as the scripts do.
async fn browser(sim: &Simulator, path: &str, body: &Value) -> Answer {
    let auth = format!("Basic {}", sim.publishable_key());
    post(sim, path, &[("authorization", &auth)], &body.to_string()).await
}

/// The body Paynet's custom-form script sends to `auth` for `data-amount="149,90"` (its
/// `parseFloat` times 100 and all), with `extra` fields set or replaced.
fn auth_body(sim: &Simulator, extra: &Value) -> Value {
    let mut body = json!({
        "token": sim.publishable_key(),
        "amount": 14990.000000000002_f64,
        "pos_type": 5,
        "domain": PAGE_ORIGIN,
        "tds_required": true,
        "show_tds_error": true,
        "merge_option": false,
        "save_card": false,
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

/// A session of `auth` with `extra` fields; its `session_id`.
async fn session(sim: &Simulator, extra: Value) -> String {
    let a = browser(sim, &format!("{AUTH}?type=CF"), &auth_body(sim, &extra)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    a.json["session_id"].as_str().unwrap().to_owned()
}

/// `create_token` as Paynet's script sends it (month and year as the inputs' text).
async fn create_token(sim: &Simulator, session_id: &str, pan: &str, key: &str) -> Answer {
    browser(
        sim,
        CREATE_TOKEN,
        &json!({
            "pan": pan,
            "card_holder": "AYSE YILMAZ",
            "month": TEST_EXPIRY_MONTH.to_string(),
            "year": TEST_EXPIRY_YEAR.to_string(),
            "cvc": TEST_CVC,
            "instalment_key": key,
            "description": "",
            "do_3ds": false,
            "session_id": session_id,
            "token": sim.publishable_key(),
        }),
    )
    .await
}

async fn charge(sim: &Simulator, session_id: &str, token_id: &str, amount: &str) -> Answer {
    call(
        sim,
        CHARGE,
        &json!({"session_id": session_id, "token_id": token_id, "amount": amount}).to_string(),
    )
    .await
}

/// GETs a page of the simulator.
async fn get(sim: &Simulator, path_and_query: &str) -> (StatusCode, String) {
    let response = client()
        .get(format!("{}{path_and_query}", sim.base_url()))
        .send()
        .await
        .unwrap();
    (response.status(), response.text().await.unwrap())
}

/// The bank's 3-D page of a token (`post_url` and the script's query).
fn tds_query(sim: &Simulator, session_id: &str, token_id: &str) -> String {
    format!(
        "/sim/paynetj/3d?session_id={session_id}&token_id={token_id}&publishable_key={}",
        sim.publishable_key()
    )
}

#[tokio::test]
async fn auth_opens_a_session_for_the_page() {
    let sim = sim().await;
    let a = browser(
        &sim,
        &format!("{AUTH}?type=CF"),
        &auth_body(&sim, &json!({})),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.content_type, "application/json");
    assert!(
        a.json["session_id"]
            .as_str()
            .unwrap()
            .starts_with("js_EAAAA"),
        "{}",
        a.text
    );
    assert!(is_dotnet_timestamp(a.json["expire_date"].as_str().unwrap()));
    assert_eq!(a.json["name"], COMPANY_NAME);
    assert_eq!(a.json["tds_required"], true);
    assert_eq!(a.json["code"], 0);
    assert_eq!(a.json["object_name"], "paynetj_auth");

    // data-tds_required="false" (read as "false" too), and a title of the ready-made form.
    let a = browser(
        &sim,
        AUTH,
        &auth_body(&sim, &json!({"tds_required": "false", "name": "Kitapçı"})),
    )
    .await;
    assert_eq!(a.json["tds_required"], false, "{}", a.text);
    assert_eq!(a.json["name"], "Kitapçı");
    assert_ne!(a.json["session_id"], Value::Null);
}

#[tokio::test]
async fn the_amount_is_kurus_as_the_scripts_send_it() {
    let sim = sim().await;
    // Kuruş digits, as a number or a string, and the float noise of Paynet's own script.
    for amount in [json!(14990), json!("14990"), json!(14990.000000000002_f64)] {
        let id = session(&sim, json!({"amount": amount, "tds_required": false})).await;
        let token = create_token(&sim, &id, TEST_CARD_APPROVE, "AXSS-01").await;
        let token_id = token.json["token_id"].as_str().unwrap();
        let c = charge(&sim, &id, token_id, "149,90").await;
        assert_eq!(c.json["code"], 0, "{amount}: {}", c.text);
        assert!(c.text.contains(r#""amount":149.90,"#), "{}", c.text);
    }
    // Not a kuruş amount: TL with a dot or a comma, zero, nothing.
    for amount in [
        json!(149.9),
        json!("149,90"),
        json!("149.90"),
        json!(0),
        json!(""),
        Value::Null,
    ] {
        let a = browser(&sim, AUTH, &auth_body(&sim, &json!({"amount": amount}))).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
    }
    let a = browser(
        &sim,
        AUTH,
        &auth_body(&sim, &json!({"domain": "not a page"})),
    )
    .await;
    assert_paynet_error(&a, 400, "invalid_request_error", 11);
}

#[tokio::test]
async fn every_route_needs_the_publishable_key() {
    let sim = sim().await;
    let id = session(&sim, json!({})).await;
    let body = json!({"session_id": id, "bin": "435508"}).to_string();
    let secret = format!("Basic {}", sim.secret_key());
    for path in [
        AUTH,
        CHECK_BIN,
        CREATE_TOKEN,
        CHECK_CARD_BIN,
        CREATE_CARD_TOKEN,
    ] {
        for headers in [
            vec![],
            vec![("authorization", secret.as_str())],
            vec![("authorization", "Basic pbk_wrong")],
            vec![("authorization", sim.publishable_key())],
        ] {
            let a = post(&sim, path, &headers, &body).await;
            assert_paynet_error(&a, 401, "authorization_error", 7);
            assert!(!a.text.contains(sim.secret_key()), "{}", a.text);
        }
        // The right header, but another key in the body's `token`.
        let a = browser(&sim, path, &json!({"session_id": id, "token": "pbk_other"})).await;
        assert_paynet_error(&a, 401, "authorization_error", 7);
        // Not JSON, without the key: still the 401.
        let a = post(&sim, path, &[], "nope").await;
        assert_paynet_error(&a, 401, "authorization_error", 7);
    }
}

#[tokio::test]
async fn browsers_may_call_from_any_origin() {
    let sim = sim().await;
    for path in [
        AUTH,
        CHECK_BIN,
        CREATE_TOKEN,
        CHECK_CARD_BIN,
        CREATE_CARD_TOKEN,
        "/v1/ratio/Get_public",
    ] {
        let preflight = client()
            .request(
                reqwest::Method::OPTIONS,
                format!("{}{path}?type=CF", sim.base_url()),
            )
            .header("origin", "https://shop.example")
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization,content-type",
            )
            .send()
            .await
            .unwrap();
        assert_eq!(preflight.status(), StatusCode::NO_CONTENT, "{path}");
        let h = preflight.headers();
        assert_eq!(h["access-control-allow-origin"], "*");
        assert!(
            h["access-control-allow-methods"]
                .to_str()
                .unwrap()
                .contains("POST")
        );
        let allowed = h["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .to_lowercase();
        assert!(
            allowed.contains("authorization") && allowed.contains("content-type"),
            "{allowed}"
        );
        // The answers themselves (a refusal too) may be read by the page.
        let refused = client()
            .post(format!("{}{path}", sim.base_url()))
            .header("origin", "https://shop.example")
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(refused.headers()["access-control-allow-origin"], "*");
    }
    let ok = client()
        .post(format!("{}{AUTH}", sim.base_url()))
        .header("authorization", format!("Basic {}", sim.publishable_key()))
        .body(auth_body(&sim, &json!({})).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(ok.headers()["access-control-allow-origin"], "*");
    // The secret-key routes are not for browsers.
    let charge = client()
        .request(
            reqwest::Method::OPTIONS,
            format!("{}{CHARGE}", sim.base_url()),
        )
        .header("origin", "https://shop.example")
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(charge.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(
        charge
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    assert!(sim.request_count(AUTH) >= 2, "preflights are counted too");
}

/// The rows of `ratio/Get` for a BIN and amount, as `(instalment_key, instalment_amount,
/// total_amount)` texts.
async fn ratio_rows(sim: &Simulator, bin: &str, add: bool) -> Vec<(String, String, String)> {
    let a = call(
        sim,
        "/v1/ratio/Get",
        &json!({"bin": bin, "amount": "149.90", "addcomission_to_amount": add}).to_string(),
    )
    .await;
    rows(&a.json["data"][0]["ratio"])
}

fn rows(rows: &Value) -> Vec<(String, String, String)> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["instalment_key"].as_str().unwrap().to_owned(),
                r["instalment_amount"].to_string(),
                r["total_amount"].to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn check_bin_gives_the_bank_and_its_instalments() {
    let sim = sim().await;
    let id = session(&sim, json!({})).await;
    let check = |bin: &str, extra: Value| {
        let mut body = json!({"token": sim.publishable_key(), "bin": bin, "session_id": id});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let sim = &sim;
        async move { browser(sim, CHECK_BIN, &body).await }
    };
    let a = check("435508", json!({})).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let j = &a.json;
    assert_eq!(j["bank_id"], "AXSS");
    assert_eq!(j["bank_name"], "Akbank (Axess)");
    assert_eq!(
        j["bank_logo"],
        format!("{}/sim/banks/AXSS.svg", sim.base_url())
    );
    assert_eq!(j["tds_enable"], true);
    assert_eq!(j["tds_required"], false);
    assert_eq!(j["card_type"], "cc");
    assert_eq!(j["code"], 0);
    let data = j["data"].as_array().unwrap();
    assert_eq!(data.len(), 12);
    assert_eq!(data[0]["instalment_key"], "AXSS-01");
    assert_eq!(data[0]["instalment"], 1);
    assert_eq!(data[0]["desc"], "Tek Çekim");
    assert_eq!(data[2]["desc"], "3 Taksit");
    assert_eq!(data[2]["plus_installment"], 0);
    assert!(
        a.text.contains(r#""total_amount":149.90,"#),
        "amounts are TL with their scale: {}",
        a.text
    );
    // The same options as the ratio table for the session's amount.
    assert_eq!(rows(&j["data"]), ratio_rows(&sim, "435508", false).await);

    // Up to 8 digits; only the single payment with no_instalment; a 3-D-only BIN says so.
    let a = check("43550843", json!({"no_instalment": "true"})).await;
    assert_eq!(a.json["data"].as_array().unwrap().len(), 1, "{}", a.text);
    assert_eq!(a.json["data"][0]["instalment_key"], "AXSS-01");
    let a = check("450803", json!({})).await;
    assert_eq!(a.json["bank_id"], "MAXM");
    assert_eq!(a.json["tds_required"], true);
    // A BIN the simulator does not know: "other banks", as a payment with it.
    let a = check("411111", json!({})).await;
    assert_eq!(a.json["bank_id"], "ZDGR", "{}", a.text);

    // The commission on top: the ratio table's totals with addcomission_to_amount.
    let with_commission = session(&sim, json!({"add_commission": "true"})).await;
    let a = browser(
        &sim,
        CHECK_BIN,
        &json!({"bin": "435508", "session_id": with_commission}),
    )
    .await;
    assert_eq!(
        rows(&a.json["data"]),
        ratio_rows(&sim, "435508", true).await
    );
    assert_ne!(
        rows(&a.json["data"]),
        ratio_rows(&sim, "435508", false).await
    );

    for bin in ["43550", "4355O8", "435508431", ""] {
        let a = check(bin, json!({})).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 14);
    }
    let a = browser(
        &sim,
        CHECK_BIN,
        &json!({"bin": "435508", "session_id": "js_nope"}),
    )
    .await;
    assert_paynet_error(&a, 400, "invalid_request_error", 13);
}

#[tokio::test]
async fn a_token_without_3d_is_charged_once() {
    let sim = sim().await;
    let id = session(
        &sim,
        json!({"tds_required": false, "reference_no": "JS-T1", "description": "Kupa"}),
    )
    .await;
    let t = create_token(&sim, &id, TEST_CARD_APPROVE, "AXSS-03").await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.text);
    assert_eq!(t.json["is_tds"], false);
    assert_eq!(t.json["post_url"], "");
    assert_eq!(t.json["session_id"], id);
    assert_eq!(t.json["code"], 0);
    assert!(!t.text.contains(TEST_CARD_APPROVE), "{}", t.text);
    let token_id = t.json["token_id"].as_str().unwrap();

    let before = sim.transaction_count();
    let c = charge(&sim, &id, token_id, "149,90").await;
    assert_eq!(c.json["code"], 0, "{}", c.text);
    assert_eq!(c.json["is_succeed"], true);
    assert_eq!(c.json["instalment"], 3);
    assert_eq!(c.json["is_tds"], false);
    assert_eq!(c.json["agent_reference_no"], "JS-T1");
    assert_eq!(c.json["card_no_masked"], "435508******4358");
    assert_eq!(c.json["user_id"], "PaynetJ");
    assert!(c.text.contains(r#""amount":149.90,"#), "{}", c.text);
    // Again, also in kuruş: the same transaction, code 100.
    let again = charge(&sim, &id, token_id, "14990").await;
    assert_eq!(again.json["code"], 100, "{}", again.text);
    assert_eq!(again.json["xact_id"], c.json["xact_id"]);
    assert_eq!(sim.transaction_count(), before + 1);
    let d = crate::support::detail(&sim, "reference_no", "JS-T1").await;
    assert_eq!(d.json["Data"][0]["note"], "Kupa", "{}", d.text);

    // The session is used: no other token.
    let t = create_token(&sim, &id, TEST_CARD_APPROVE, "AXSS-01").await;
    assert_paynet_error(&t, 400, "invalid_request_error", 17);
}

#[tokio::test]
async fn the_charge_must_match_the_page() {
    let sim = sim().await;
    let id = session(&sim, json!({"tds_required": false, "ratio_code": "RC1"})).await;
    let t = create_token(&sim, &id, TEST_CARD_APPROVE, "AXSS-01").await;
    let token_id = t.json["token_id"].as_str().unwrap();
    for (amount, code) in [("149,91", 15), ("1499", 15), ("14990", 0)] {
        let c = call(
            &sim,
            CHARGE,
            &json!({"session_id": id, "token_id": token_id, "amount": amount, "ratio_code": "RC1"})
                .to_string(),
        )
        .await;
        assert_eq!(c.json["code"], code, "{amount}: {}", c.text);
    }
    let c = charge(&sim, &id, "NOT-THE-TOKEN", "149,90").await;
    assert_eq!(c.json["code"], 13, "{}", c.text);
}

#[tokio::test]
async fn a_declined_card_can_be_followed_by_another() {
    let sim = sim().await;
    let id = session(&sim, json!({"tds_required": false})).await;
    let t = create_token(&sim, &id, TEST_CARD_DECLINE, "BONS-01").await;
    let declined = t.json["token_id"].as_str().unwrap().to_owned();
    let c = charge(&sim, &id, &declined, "149,90").await;
    assert_eq!(c.json["code"], 1, "{}", c.text);
    assert_eq!(c.json["bank_error_id"], "05");
    // A declined payment does not use the session up.
    let t = create_token(&sim, &id, TEST_CARD_APPROVE, "AXSS-01").await;
    let c = charge(&sim, &id, t.json["token_id"].as_str().unwrap(), "149,90").await;
    assert_eq!(c.json["code"], 0, "{}", c.text);
}

#[tokio::test]
async fn a_3d_token_goes_through_the_bank_page() {
    let sim = sim().await;
    // data-tds_required is true by default.
    let id = session(&sim, json!({"reference_no": "JS-3D"})).await;
    let t = create_token(&sim, &id, TEST_CARD_APPROVE, "AXSS-01").await;
    assert_eq!(t.json["is_tds"], true, "{}", t.text);
    assert_eq!(
        t.json["post_url"],
        format!("{}/sim/paynetj/3d", sim.base_url())
    );
    let token_id = t.json["token_id"].as_str().unwrap().to_owned();
    // Not verified yet: code 16, nothing recorded.
    let before = sim.transaction_count();
    let c = charge(&sim, &id, &token_id, "149,90").await;
    assert_eq!(c.json["code"], 16, "{}", c.text);
    assert_eq!(sim.transaction_count(), before);

    // The bank's page, as the script opens it.
    let (status, html) = get(&sim, &tds_query(&sim, &id, &token_id)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("name=\"password\""), "{html}");
    assert!(html.contains("149,90 TL"), "{html}");
    assert!(html.contains(PAGE_ORIGIN), "the merchant's origin: {html}");
    assert!(html.contains("435508******4358"));
    assert!(!html.contains(TEST_CARD_APPROVE));
    let submit = |password: &str| {
        let form =
            format!("session_id={id}&token_id={token_id}&password={password}&action=approve");
        let url = format!("{}/sim/paynetj/3d", sim.base_url());
        async move {
            let r = client()
                .post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form)
                .send()
                .await
                .unwrap();
            (r.status(), r.text().await.unwrap())
        }
    };
    let (_, wrong) = submit("nope").await;
    assert!(wrong.contains("Şifre hatalı"), "{wrong}");
    let (_, done) = submit(TEST_3D_PASSWORD).await;
    let message = format!("command=form-post&session_id={id}&token_id={token_id}");
    assert!(done.contains(&format!("\"{message}\"")), "{done}");
    assert!(
        done.contains(&format!("var origin = \"{PAGE_ORIGIN}\"")),
        "posted to the page's origin only: {done}"
    );
    assert!(done.contains("window.parent.postMessage(message, origin)"));

    let c = charge(&sim, &id, &token_id, "149,90").await;
    assert_eq!(c.json["code"], 0, "{}", c.text);
    assert_eq!(c.json["is_tds"], true);
    let again = charge(&sim, &id, &token_id, "149,90").await;
    assert_eq!(again.json["code"], 100, "{}", again.text);
    // The page again: the same message, nothing more.
    let (_, later) = get(&sim, &tds_query(&sim, &id, &token_id)).await;
    assert!(later.contains(&message), "{later}");
}

#[tokio::test]
async fn failed_3d_is_code_16() {
    let sim = sim().await;
    // A card that needs 3-D gets it even when the page does not ask for it...
    let id = session(&sim, json!({"tds_required": false})).await;
    let t = create_token(&sim, &id, TEST_CARD_3D_REQUIRED, "MAXM-01").await;
    assert_eq!(t.json["is_tds"], true, "{}", t.text);
    let token_id = t.json["token_id"].as_str().unwrap();
    let (_, done) = get(
        &sim,
        &format!("{}&auto=decline", tds_query(&sim, &id, token_id)),
    )
    .await;
    assert!(done.contains("command=form-post"), "{done}");
    let c = charge(&sim, &id, token_id, "149,90").await;
    assert_eq!(c.json["code"], 16, "{}", c.text);
    assert_eq!(c.json["is_succeed"], false);

    // ...and the card whose 3-D always fails fails even when approved.
    let id = session(&sim, json!({})).await;
    let t = create_token(&sim, &id, TEST_CARD_3D_DECLINE, "WRLD-01").await;
    let token_id = t.json["token_id"].as_str().unwrap();
    get(
        &sim,
        &format!("{}&auto=approve", tds_query(&sim, &id, token_id)),
    )
    .await;
    let c = charge(&sim, &id, token_id, "149,90").await;
    assert_eq!(c.json["code"], 16, "{}", c.text);

    // The page needs the publishable key and a token of the session.
    let (status, _) = get(
        &sim,
        &format!("/sim/paynetj/3d?session_id={id}&token_id={token_id}&publishable_key=x"),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = get(&sim, &tds_query(&sim, &id, "NOPE")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn card_data_and_instalments_are_checked() {
    let sim = sim().await;
    let id = session(&sim, json!({"tds_required": false, "no_instalment": true})).await;
    for pan in ["4355084355084357", "435508435508", "4355 0843 5508 4358"] {
        let t = create_token(&sim, &id, pan, "AXSS-01").await;
        assert_paynet_error(&t, 400, "invalid_request_error", 18);
        assert!(!t.text.contains(pan), "{}", t.text);
    }
    let mut expired = json!({
        "pan": TEST_CARD_APPROVE, "card_holder": "A B", "month": "1", "year": "2020",
        "cvc": "000", "instalment_key": "AXSS-01", "session_id": id,
    });
    let t = browser(&sim, CREATE_TOKEN, &expired).await;
    assert_paynet_error(&t, 400, "invalid_request_error", 18);
    expired["year"] = json!("35");
    assert_eq!(
        browser(&sim, CREATE_TOKEN, &expired).await.status,
        StatusCode::OK
    );
    // The key of another bank, a count the session does not offer, none.
    for key in ["BONS-01", "AXSS-03", "AXSS-13", ""] {
        let t = create_token(&sim, &id, TEST_CARD_APPROVE, key).await;
        assert_paynet_error(&t, 400, "invalid_request_error", 11);
    }
    let t = create_token(&sim, "js_nope", TEST_CARD_APPROVE, "AXSS-01").await;
    assert_paynet_error(&t, 400, "invalid_request_error", 13);
    // The ready-made form's data-installments: the single payment and those listed.
    let listed = session(&sim, json!({"installments": "2,6"})).await;
    let a = browser(
        &sim,
        CHECK_BIN,
        &json!({"bin": "435508", "session_id": listed}),
    )
    .await;
    let keys: Vec<&str> = a.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["instalment_key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["AXSS-01", "AXSS-02", "AXSS-06"]);
    assert_eq!(
        create_token(&sim, &listed, TEST_CARD_APPROVE, "AXSS-03")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn stored_cards() {
    let sim = sim().await;
    let id = session(
        &sim,
        json!({"tds_required": false, "card_owner_id": TEST_CARD_OWNER_ID}),
    )
    .await;
    let a = browser(
        &sim,
        CHECK_CARD_BIN,
        &json!({"card_hash": TEST_CARD_HASH, "card_owner_id": TEST_CARD_OWNER_ID, "session_id": id}),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["bank_id"], "AXSS");
    assert_eq!(a.json["data"].as_array().unwrap().len(), 12);
    let t = browser(
        &sim,
        CREATE_CARD_TOKEN,
        &json!({"card_hash": TEST_CARD_HASH, "session_id": id, "instalment_key": "AXSS-02",
                "do_3ds": false}),
    )
    .await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.text);
    let c = charge(&sim, &id, t.json["token_id"].as_str().unwrap(), "149,90").await;
    assert_eq!(c.json["code"], 0, "{}", c.text);
    assert_eq!(c.json["instalment"], 2);

    let other = session(&sim, json!({})).await;
    for path in [CHECK_CARD_BIN, CREATE_CARD_TOKEN] {
        let a = browser(
            &sim,
            path,
            &json!({"card_hash": "nope", "session_id": other, "instalment_key": "AXSS-01"}),
        )
        .await;
        assert_paynet_error(&a, 400, "invalid_request_error", 25);
        let a = browser(
            &sim,
            path,
            &json!({"card_hash": TEST_CARD_HASH, "card_owner_id": "nobody", "session_id": other,
                    "instalment_key": "AXSS-01"}),
        )
        .await;
        assert_paynet_error(&a, 400, "invalid_request_error", 26);
    }
}

#[tokio::test]
async fn the_scripts_and_the_card_form_are_served() {
    let sim = sim().await;
    for (path, part) in [
        ("/public/js/paynet.js", "data-button_label"),
        ("/public/js/paynet.min.js", "data-button_label"),
        ("/public/js/paynet-custom.js", "installmentKey"),
        ("/sim/paynetj/form.js", "cc-number"),
    ] {
        let response = client()
            .get(format!("{}{path}", sim.base_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            response.headers()["content-type"],
            "application/javascript; charset=utf-8"
        );
        let text = response.text().await.unwrap();
        assert!(text.contains(part), "{path}");
        assert!(text.contains("/v1/paynetj/"), "{path}");
    }
    let id = session(
        &sim,
        json!({"name": "Kitapçı <b>", "description": "2 kitap", "image": "javascript:alert(1)"}),
    )
    .await;
    let (status, html) = get(
        &sim,
        &format!(
            "/sim/paynetj/form?session_id={id}&publishable_key={}",
            sim.publishable_key()
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{html}");
    for token in ["cc-number", "cc-exp", "cc-csc", "cc-name"] {
        assert!(
            html.contains(&format!("autocomplete=\"{token}\"")),
            "{token}: {html}"
        );
    }
    assert!(html.contains("149,90 TL"));
    assert!(html.contains("Kitapçı &lt;b&gt;"), "escaped: {html}");
    assert!(html.contains("2 kitap"));
    assert!(!html.contains("javascript:alert"), "only http(s) logos");
    assert!(html.contains(&format!("data-origin=\"{PAGE_ORIGIN}\"")));
    let (status, _) = get(
        &sim,
        &format!("/sim/paynetj/form?session_id={id}&publishable_key=x"),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _) = get(
        &sim,
        &format!(
            "/sim/paynetj/form?session_id=js_nope&publishable_key={}",
            sim.publishable_key()
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// `create_token` (as `create_token` above) with the saving fields of `extra` added.
async fn saving_token(
    sim: &Simulator,
    session_id: &str,
    pan: &str,
    key: &str,
    extra: Value,
) -> Answer {
    let mut body = json!({
        "pan": pan, "card_holder": "AYSE YILMAZ", "month": TEST_EXPIRY_MONTH.to_string(),
        "year": TEST_EXPIRY_YEAR.to_string(), "cvc": TEST_CVC, "instalment_key": key,
        "description": "", "do_3ds": false, "session_id": session_id,
        "token": sim.publishable_key(),
    });
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    browser(sim, CREATE_TOKEN, &body).await
}

/// The owner's live stored cards (`v1/card/list`): `(card_hash, card_desc)`, oldest first.
async fn owner_cards(sim: &Simulator, card_owner_id: &str) -> Vec<(String, String)> {
    let a = call(
        sim,
        "/v1/card/list",
        &json!({"card_owner_id": card_owner_id, "limit": 100}).to_string(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    a.json["Data"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    (
                        r["card_hash"].as_str().unwrap().to_owned(),
                        r["card_desc"].as_str().unwrap().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_token_with_save_card_stores_its_card_once_charged() {
    let sim = sim().await;
    // A first save: the page names the customer by its user_unique_id.
    let id = session(
        &sim,
        json!({"tds_required": false, "reference_no": "JS-SAVE-1", "user_unique_id": "js-ayse"}),
    )
    .await;
    let t = saving_token(
        &sim,
        &id,
        TEST_CARD_APPROVE,
        "AXSS-01",
        json!({"save_card": "true", "save_card_desc": "Maaş kartı", "save_card_gsm": "5321234567"}),
    )
    .await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.text);
    let token_id = t.json["token_id"].as_str().unwrap().to_owned();
    let c = charge(&sim, &id, &token_id, "14990").await;
    assert_eq!(c.json["code"], 0, "{}", c.text);
    assert_eq!(c.json["is_save_card_succeed"], true, "{}", c.text);
    assert_eq!(c.json["save_card_result_message"], "Kart saklandı");
    assert_eq!(c.json["user_unique_id"], "js-ayse");
    assert!(!c.text.contains(TEST_CARD_APPROVE), "{}", c.text);
    let owner = c.json["card_owner_id"].as_str().unwrap().to_owned();
    let hash = c.json["card_hash"].as_str().unwrap().to_owned();
    assert!(!owner.is_empty() && !hash.is_empty(), "{}", c.text);
    assert_eq!(
        owner_cards(&sim, &owner).await,
        [(hash.clone(), "Maaş kartı".to_owned())]
    );
    // Charged again: the same answer, code 100, and nothing stored again.
    let again = charge(&sim, &id, &token_id, "14990").await;
    assert_eq!(again.json["code"], 100, "{}", again.text);
    assert_eq!(again.json["card_hash"], hash.as_str());
    assert_eq!(again.json["is_save_card_succeed"], true);
    assert_eq!(owner_cards(&sim, &owner).await.len(), 1);

    // The stored card then pays through the page, as any stored card.
    let next = session(&sim, json!({"tds_required": false, "card_owner_id": owner})).await;
    let t = browser(
        &sim,
        CREATE_CARD_TOKEN,
        &json!({"card_hash": hash, "session_id": next, "instalment_key": "AXSS-01",
                "save_card": true}),
    )
    .await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.text);
    let c = charge(&sim, &next, t.json["token_id"].as_str().unwrap(), "14990").await;
    assert_eq!(c.json["code"], 0, "{}", c.text);
    assert_eq!(c.json["card_hash"], hash.as_str());
    // A stored card is not stored again (the box left ticked is ignored).
    assert!(c.json.get("is_save_card_succeed").is_none(), "{}", c.text);
    assert_eq!(owner_cards(&sim, &owner).await.len(), 1);

    // The page's own data-save_card (auth), through the bank's 3-D page: saved by the charge
    // once verified, for the known owner, under the session's description.
    let id = session(
        &sim,
        json!({"save_card": true, "card_owner_id": owner, "card_desc": "İkinci kart"}),
    )
    .await;
    let t = create_token(&sim, &id, TEST_CARD_3D_REQUIRED, "MAXM-01").await;
    assert_eq!(t.json["is_tds"], true, "{}", t.text);
    let token_id = t.json["token_id"].as_str().unwrap().to_owned();
    let c = charge(&sim, &id, &token_id, "14990").await;
    assert_eq!(c.json["code"], 16, "{}", c.text);
    assert_eq!(owner_cards(&sim, &owner).await.len(), 1);
    let (status, _) = get(
        &sim,
        &format!("{}&auto=approve", tds_query(&sim, &id, &token_id)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let c = charge(&sim, &id, &token_id, "14990").await;
    assert_eq!(c.json["code"], 0, "{}", c.text);
    assert_eq!(c.json["is_save_card_succeed"], true, "{}", c.text);
    assert_eq!(c.json["card_owner_id"], owner.as_str());
    let cards = owner_cards(&sim, &owner).await;
    let descriptions: Vec<&str> = cards.iter().map(|c| c.1.as_str()).collect();
    assert_eq!(descriptions, ["Maaş kartı", "İkinci kart"]);
    assert_eq!(c.json["card_hash"], cards[1].0.as_str());
}

#[tokio::test]
async fn a_declined_charge_or_a_token_without_save_card_stores_nothing() {
    let sim = sim().await;
    let stored = owner_cards(&sim, TEST_CARD_OWNER_ID).await;
    assert_eq!(stored.len(), 4);
    let id = session(
        &sim,
        json!({"tds_required": false, "card_owner_id": TEST_CARD_OWNER_ID}),
    )
    .await;
    // Declined by the bank: recorded, nothing stored, and the answer says so.
    let t = saving_token(
        &sim,
        &id,
        TEST_CARD_DECLINE,
        "BONS-01",
        json!({"save_card": true, "save_card_desc": "Reddedilen"}),
    )
    .await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.text);
    let c = charge(&sim, &id, t.json["token_id"].as_str().unwrap(), "14990").await;
    assert_eq!(c.json["code"], 1, "{}", c.text);
    assert_eq!(c.json["is_save_card_succeed"], false, "{}", c.text);
    assert!(
        c.json["save_card_result_message"]
            .as_str()
            .unwrap()
            .contains("kart saklanmadı"),
        "{}",
        c.text
    );
    assert!(c.json.get("card_hash").is_none(), "{}", c.text);
    assert_eq!(owner_cards(&sim, TEST_CARD_OWNER_ID).await, stored);

    // Without save_card (the session's is false): paid, nothing stored, no saving fields.
    let t = create_token(&sim, &id, TEST_CARD_APPROVE, "AXSS-01").await;
    let c = charge(&sim, &id, t.json["token_id"].as_str().unwrap(), "14990").await;
    assert_eq!(c.json["code"], 0, "{}", c.text);
    for field in [
        "is_save_card_succeed",
        "save_card_result_message",
        "card_hash",
    ] {
        assert!(c.json.get(field).is_none(), "{field}: {}", c.text);
    }
    assert_eq!(owner_cards(&sim, TEST_CARD_OWNER_ID).await, stored);

    // The page asks to save (data-save_card), the shopper unticks the box: nothing stored.
    let id = session(
        &sim,
        json!({"tds_required": false, "save_card": true, "card_desc": "Kart",
               "card_owner_id": TEST_CARD_OWNER_ID}),
    )
    .await;
    let t = saving_token(
        &sim,
        &id,
        TEST_CARD_APPROVE,
        "AXSS-01",
        json!({"save_card": false}),
    )
    .await;
    let c = charge(&sim, &id, t.json["token_id"].as_str().unwrap(), "14990").await;
    assert_eq!(c.json["code"], 0, "{}", c.text);
    assert!(c.json.get("is_save_card_succeed").is_none(), "{}", c.text);
    assert_eq!(owner_cards(&sim, TEST_CARD_OWNER_ID).await, stored);
}

#[tokio::test]
async fn saving_tokens_follow_the_rules_of_pay() {
    let sim = sim().await;
    let save = json!({"save_card": true, "save_card_desc": "Kart"});
    // The 400 naming the field: no customer, two customers, no description, a long one, a
    // wrong GSM. No token is made.
    for (auth, extra, field) in [
        (json!({}), save.clone(), "user_unique_id"),
        (
            json!({"user_unique_id": "u", "card_owner_id": TEST_CARD_OWNER_ID}),
            save.clone(),
            "user_unique_id",
        ),
        (
            json!({"user_unique_id": "u"}),
            json!({"save_card": true}),
            "save_card_desc",
        ),
        (
            json!({"user_unique_id": "u"}),
            json!({"save_card": true, "save_card_desc": "x".repeat(51)}),
            "save_card_desc",
        ),
        (
            json!({"user_unique_id": "u"}),
            json!({"save_card": true, "save_card_desc": "Kart", "save_card_gsm": "12345"}),
            "save_card_gsm",
        ),
    ] {
        let mut auth = auth;
        auth["tds_required"] = json!(false);
        let id = session(&sim, auth).await;
        let t = saving_token(&sim, &id, TEST_CARD_APPROVE, "AXSS-01", extra).await;
        assert_paynet_error(&t, 400, "invalid_request_error", 11);
        assert!(
            t.json["message"].as_str().unwrap().contains(field),
            "{}",
            t.text
        );
    }
    // An owner the simulator never answered: paid, not saved, and the reason.
    let id = session(
        &sim,
        json!({"tds_required": false, "card_owner_id": "nobody"}),
    )
    .await;
    let t = saving_token(&sim, &id, TEST_CARD_APPROVE, "AXSS-01", save.clone()).await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.text);
    let c = charge(&sim, &id, t.json["token_id"].as_str().unwrap(), "14990").await;
    assert_eq!(c.json["code"], 0, "{}", c.text);
    assert_eq!(c.json["is_succeed"], true);
    assert_eq!(c.json["is_save_card_succeed"], false, "{}", c.text);
    assert!(c.json.get("card_hash").is_none(), "{}", c.text);
}
