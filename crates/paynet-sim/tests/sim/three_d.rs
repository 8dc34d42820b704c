//! 3-D Secure: `tds_initial`, the simulated bank's page (`/sim/3d`) and `tds_charge`.

use paynet_sim::{
    TEST_3D_PASSWORD, TEST_CARD_3D_DECLINE, TEST_CARD_3D_REQUIRED, TEST_CARD_APPROVE,
    TEST_CARD_DECLINE, ThreeDStatus,
};
use reqwest::StatusCode;
use serde_json::Value;

use crate::{
    pay::assert_v2_shape,
    support::{Answer, Recorder, assert_paynet_error, call, capture, card_body, client, pay, sim},
};

const START: &str = "/v2/transaction/tds_initial";
const CHARGE: &str = "/v2/transaction/tds_charge";

/// Starts a 3-D payment; returns (session_id, token_id, the whole answer).
async fn start(
    sim: &paynet_sim::Simulator,
    amount: &str,
    reference: &str,
    pan: &str,
    return_url: &str,
    extra: &str,
) -> (String, String, Answer) {
    let body = card_body(
        amount,
        reference,
        pan,
        &format!(r#","return_url":"{return_url}"{extra}"#),
    );
    let a = call(sim, START, &body).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["code"], 0, "{}", a.text);
    let session = a.json["session_id"].as_str().unwrap().to_owned();
    let token = a.json["token_id"].as_str().unwrap().to_owned();
    (session, token, a)
}

async fn complete(sim: &paynet_sim::Simulator, session: &str, token: &str, extra: &str) -> Answer {
    call(
        sim,
        CHARGE,
        &format!(r#"{{"session_id":"{session}","token_id":"{token}"{extra}}}"#),
    )
    .await
}

/// GETs a URL; returns status, content type and body.
async fn get(url: &str) -> (StatusCode, String, String) {
    let response = client().get(url).send().await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, content_type, response.text().await.unwrap())
}

/// POSTs a form (`application/x-www-form-urlencoded`).
async fn post_form(url: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    let response = client()
        .post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.join("&"))
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.text().await.unwrap())
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The `value` of `<input ... name="NAME" value="VALUE">` in an HTML page.
fn input_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\" value=\""))?;
    let rest = &html[at + format!("name=\"{name}\" value=\"").len()..];
    Some(rest[..rest.find('"')?].to_owned())
}

/// The `action` of the page's form with `method`.
fn form_action(html: &str, method: &str) -> Option<String> {
    let at = html.find(&format!("method=\"{method}\" action=\""))?;
    let rest = &html[at + format!("method=\"{method}\" action=\"").len()..];
    Some(rest[..rest.find('"')?].to_owned())
}

/// Checks the auto-submitting page that goes back to the merchant, then submits it as a browser
/// would: a form POST of its hidden fields to its action.
async fn follow_return_page(html: &str, return_url: &str, session: &str, token: &str) {
    let action = form_action(html, "post").unwrap();
    assert_eq!(action, return_url, "{html}");
    assert!(html.contains(".submit()"), "auto-submits: {html}");
    assert!(html.contains("application/x-www-form-urlencoded"), "{html}");
    let s = input_value(html, "session_id").unwrap();
    let t = input_value(html, "token_id").unwrap();
    assert_eq!((s.as_str(), t.as_str()), (session, token));
    let (status, _) = post_form(&action, &[("session_id", &s), ("token_id", &t)]).await;
    assert!(status.is_success());
}

#[tokio::test]
async fn the_bank_page_flow_end_to_end() {
    let sim = sim().await;
    let merchant = Recorder::start(200).await;
    let return_url = format!("{}/3d/return?order=7", merchant.url);
    let (session, token, a) = start(
        &sim,
        "149,90",
        "3D-1",
        TEST_CARD_3D_REQUIRED,
        &return_url,
        "",
    )
    .await;
    let mut keys = crate::support::keys(&a.json);
    keys.sort();
    assert_eq!(
        keys,
        [
            "code",
            "html_content",
            "message",
            "object_name",
            "post_url",
            "session_id",
            "token_id"
        ]
    );
    assert_eq!(a.json["object_name"], "tds_initial");
    let post_url = a.json["post_url"].as_str().unwrap().to_owned();
    assert_eq!(
        post_url,
        format!(
            "{}/sim/3d?session_id={session}&token_id={token}",
            sim.base_url()
        )
    );
    // html_content goes to the same page.
    let html_content = a.json["html_content"].as_str().unwrap();
    assert_eq!(
        form_action(html_content, "get").as_deref(),
        Some(format!("{}/sim/3d", sim.base_url()).as_str()),
        "{html_content}"
    );
    assert_eq!(input_value(html_content, "session_id").unwrap(), session);
    assert_eq!(input_value(html_content, "token_id").unwrap(), token);
    assert_eq!(sim.three_d_status(&session), Some(ThreeDStatus::Pending));

    // Charging before the shopper verified: code 16, md_status "0", nothing moves.
    let before = sim.transaction_count();
    let early = complete(&sim, &session, &token, "").await;
    assert_v2_shape(&early);
    assert_eq!(early.json["code"], 16, "{}", early.text);
    assert_eq!(early.json["md_status"], "0");
    assert_eq!(early.json["is_succeed"], false);
    assert_eq!(sim.transaction_count(), before);

    // The bank's page.
    let (status, content_type, html) = get(&post_url).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"), "{content_type}");
    for fragment in [
        "<title>3-D Secure – Paynet simülatörü</title>",
        "149,90 TL",
        "450803******0006",
        "SMS şifresi",
        "type=\"password\"",
        ">Onayla<",
        ">Reddet<",
        "shop.example",
    ] {
        assert!(html.contains(fragment), "{fragment} in {html}");
    }
    assert!(!html.contains(TEST_CARD_3D_REQUIRED), "{html}");
    let submit_to = form_action(&html, "post").unwrap();
    assert_eq!(submit_to, format!("{}/sim/3d", sim.base_url()));

    // A wrong password: the page again, with an error.
    let (status, html) = post_form(
        &submit_to,
        &[
            ("session_id", &session),
            ("token_id", &token),
            ("password", "wrong"),
            ("action", "approve"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Şifre hatalı"), "{html}");
    assert!(html.contains("SMS şifresi"), "{html}");
    assert_eq!(sim.three_d_status(&session), Some(ThreeDStatus::Pending));

    // The right one: the page that posts back to the merchant.
    let (status, html) = post_form(
        &submit_to,
        &[
            ("session_id", &session),
            ("token_id", &token),
            ("password", TEST_3D_PASSWORD),
            ("action", "approve"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(sim.three_d_status(&session), Some(ThreeDStatus::Verified));
    follow_return_page(&html, &return_url, &session, &token).await;
    let seen = merchant.wait_for(1).await;
    assert_eq!(seen[0].0, "/3d/return?order=7");
    assert_eq!(seen[0].1, "application/x-www-form-urlencoded");
    assert_eq!(
        seen[0].2,
        format!(
            "session_id={}&token_id={}",
            encode(&session),
            encode(&token)
        )
    );

    // The merchant charges with what it received.
    let done = complete(&sim, &session, &token, "").await;
    assert_v2_shape(&done);
    assert_eq!(done.json["code"], 0, "{}", done.text);
    assert_eq!(done.json["is_succeed"], true);
    assert_eq!(done.json["is_tds"], true);
    assert_eq!(done.json["md_status"], "1");
    assert_eq!(done.json["transaction_type"], 1);
    assert_eq!(done.json["bank_id"], "MAXM");
    assert!(done.text.contains(r#""amount":149.90,"#), "{}", done.text);
    assert_eq!(sim.three_d_status(&session), Some(ThreeDStatus::Charged));
    assert_eq!(sim.transaction_count(), before + 1);

    // The same pair again: that transaction, code 100, no new money.
    let again = complete(&sim, &session, &token, "").await;
    assert_eq!(again.json["code"], 100, "{}", again.text);
    assert_eq!(again.json["message"], "Önceki Başarılı İşlem");
    assert_eq!(again.json["xact_id"], done.json["xact_id"]);
    assert_eq!(sim.transaction_count(), before + 1);

    // The page now only sends the shopper back.
    let (_, _, html) = get(&post_url).await;
    assert!(
        form_action(&html, "post").is_some_and(|a| a == return_url),
        "{html}"
    );

    let check = call(&sim, "/v1/transaction/check", r#"{"reference_no":"3D-1"}"#).await;
    assert_eq!(check.json["Data"][0]["is_tds"], true, "{}", check.text);
}

#[tokio::test]
async fn auto_approve_and_auto_decline() {
    let sim = sim().await;
    let return_url = "https://shop.example/3d/return";
    let (session, token, a) = start(&sim, "10,00", "3D-A", TEST_CARD_APPROVE, return_url, "").await;
    let post_url = a.json["post_url"].as_str().unwrap();
    let (status, _, html) = get(&format!("{post_url}&auto=approve")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(form_action(&html, "post").as_deref(), Some(return_url));
    assert_eq!(sim.three_d_status(&session), Some(ThreeDStatus::Verified));
    let done = complete(&sim, &session, &token, "").await;
    assert_eq!(done.json["code"], 0, "{}", done.text);

    let (session, token, a) = start(&sim, "10,00", "3D-B", TEST_CARD_APPROVE, return_url, "").await;
    let post_url = a.json["post_url"].as_str().unwrap();
    let (_, _, html) = get(&format!("{post_url}&auto=decline")).await;
    assert_eq!(form_action(&html, "post").as_deref(), Some(return_url));
    assert_eq!(sim.three_d_status(&session), Some(ThreeDStatus::Declined));
    let before = sim.transaction_count();
    let declined = complete(&sim, &session, &token, "").await;
    assert_v2_shape(&declined);
    assert_eq!(declined.json["code"], 16, "{}", declined.text);
    assert_eq!(declined.json["md_status"], "0");
    assert_eq!(declined.json["is_tds"], true);
    assert_eq!(declined.json["is_succeed"], false);
    assert!(
        !declined.json["paynet_error_message"]
            .as_str()
            .unwrap()
            .is_empty()
    );
    assert_eq!(sim.transaction_count(), before);
}

#[tokio::test]
async fn the_3d_decline_card_fails_whatever_the_shopper_does() {
    let sim = sim().await;
    let (session, token, a) = start(
        &sim,
        "10,00",
        "3D-C",
        TEST_CARD_3D_DECLINE,
        "http://127.0.0.1:9/r",
        "",
    )
    .await;
    let (_, _, _) = get(&format!(
        "{}&auto=approve",
        a.json["post_url"].as_str().unwrap()
    ))
    .await;
    assert_eq!(sim.three_d_status(&session), Some(ThreeDStatus::Declined));
    let r = complete(&sim, &session, &token, "").await;
    assert_eq!(r.json["code"], 16, "{}", r.text);
    assert_eq!(r.json["md_status"], "0");

    // With the password, too.
    let (session, token, _) = start(
        &sim,
        "10,00",
        "3D-D",
        TEST_CARD_3D_DECLINE,
        "http://127.0.0.1:9/r",
        "",
    )
    .await;
    let (_, html) = post_form(
        &format!("{}/sim/3d", sim.base_url()),
        &[
            ("session_id", &session),
            ("token_id", &token),
            ("password", TEST_3D_PASSWORD),
        ],
    )
    .await;
    assert!(html.contains("başarısız"), "{html}");
    assert_eq!(complete(&sim, &session, &token, "").await.json["code"], 16);
}

#[tokio::test]
async fn decline_button_and_three_wrong_passwords() {
    let sim = sim().await;
    let page = format!("{}/sim/3d", sim.base_url());
    let (session, token, _) = start(
        &sim,
        "10,00",
        "3D-E",
        TEST_CARD_APPROVE,
        "http://localhost:9/r",
        "",
    )
    .await;
    let (_, html) = post_form(
        &page,
        &[
            ("session_id", &session),
            ("token_id", &token),
            ("password", TEST_3D_PASSWORD),
            ("action", "decline"),
        ],
    )
    .await;
    assert_eq!(
        form_action(&html, "post").as_deref(),
        Some("http://localhost:9/r")
    );
    assert_eq!(sim.three_d_status(&session), Some(ThreeDStatus::Declined));

    let (session, token, _) = start(
        &sim,
        "10,00",
        "3D-F",
        TEST_CARD_APPROVE,
        "http://localhost:9/r",
        "",
    )
    .await;
    for attempt in 1..=3 {
        let (_, html) = post_form(
            &page,
            &[
                ("session_id", &session),
                ("token_id", &token),
                ("password", "x"),
            ],
        )
        .await;
        if attempt < 3 {
            assert!(html.contains("Şifre hatalı"), "{html}");
        } else {
            assert!(form_action(&html, "post").is_some(), "{html}");
        }
    }
    assert_eq!(sim.three_d_status(&session), Some(ThreeDStatus::Declined));
    assert_eq!(complete(&sim, &session, &token, "").await.json["code"], 16);
}

#[tokio::test]
async fn pre_authorisation_through_3d() {
    let sim = sim().await;
    // By the start's transaction_type...
    let (session, token, a) = start(
        &sim,
        "80,00",
        "3D-P1",
        TEST_CARD_APPROVE,
        "http://127.0.0.1:9/r",
        r#","transaction_type":3"#,
    )
    .await;
    get(&format!(
        "{}&auto=approve",
        a.json["post_url"].as_str().unwrap()
    ))
    .await;
    let done = complete(&sim, &session, &token, "").await;
    assert_eq!(done.json["transaction_type"], 3, "{}", done.text);
    assert_eq!(sim.pre_auth_remaining_kurus("3D-P1"), Some(8_000));
    let c = capture(&sim, r#"{"reference_no":"3D-P1","amount":"8000"}"#).await;
    assert_eq!(c.json["code"], 0, "{}", c.text);
    assert_eq!(c.json["is_tds"], true);

    // ...or by the charge's own.
    let (session, token, a) = start(
        &sim,
        "5,00",
        "3D-P2",
        TEST_CARD_APPROVE,
        "http://127.0.0.1:9/r",
        "",
    )
    .await;
    get(&format!(
        "{}&auto=approve",
        a.json["post_url"].as_str().unwrap()
    ))
    .await;
    let done = complete(&sim, &session, &token, r#","transaction_type":3"#).await;
    assert_eq!(done.json["transaction_type"], 3, "{}", done.text);
}

#[tokio::test]
async fn bank_decline_after_3d() {
    let sim = sim().await;
    let (session, token, a) = start(
        &sim,
        "10,00",
        "3D-G",
        TEST_CARD_DECLINE,
        "http://127.0.0.1:9/r",
        "",
    )
    .await;
    get(&format!(
        "{}&auto=approve",
        a.json["post_url"].as_str().unwrap()
    ))
    .await;
    let first = complete(&sim, &session, &token, "").await;
    assert_v2_shape(&first);
    assert_eq!(first.json["code"], 1, "{}", first.text);
    assert_eq!(first.json["bank_error_id"], "05");
    assert_eq!(first.json["md_status"], "1");
    let again = complete(&sim, &session, &token, "").await;
    assert_eq!(again.json["code"], 1);
    assert_eq!(again.json["xact_id"], first.json["xact_id"]);
}

#[tokio::test]
async fn a_reference_already_paid_is_not_charged_again() {
    let sim = sim().await;
    let paid = pay(&sim, "30,00", "3D-H", TEST_CARD_APPROVE).await;
    let (session, token, a) = start(
        &sim,
        "30,00",
        "3D-H",
        TEST_CARD_APPROVE,
        "http://127.0.0.1:9/r",
        "",
    )
    .await;
    get(&format!(
        "{}&auto=approve",
        a.json["post_url"].as_str().unwrap()
    ))
    .await;
    let count = sim.transaction_count();
    let r = complete(&sim, &session, &token, "").await;
    assert_eq!(r.json["code"], 100, "{}", r.text);
    assert_eq!(r.json["xact_id"], paid.json["xact_id"]);
    assert_eq!(sim.transaction_count(), count);
}

#[tokio::test]
async fn unknown_sessions_and_bad_requests() {
    let sim = sim().await;
    let r = complete(&sim, "js_nope", "NOPE", "").await;
    assert_v2_shape(&r);
    assert_eq!(r.json["code"], 13, "{}", r.text);
    assert_eq!(r.json["is_succeed"], false);
    assert_eq!(r.json["xact_id"], "");
    for body in [r#"{}"#, r#"{"session_id":"x"}"#, r#"{"token_id":"x"}"#, "x"] {
        assert_paynet_error(
            &call(&sim, CHARGE, body).await,
            400,
            "invalid_request_error",
            11,
        );
    }
    // A session's token must match.
    let (session, _, _) = start(
        &sim,
        "10,00",
        "3D-I",
        TEST_CARD_APPROVE,
        "http://127.0.0.1:9/r",
        "",
    )
    .await;
    assert_eq!(complete(&sim, &session, "WRONG", "").await.json["code"], 13);
    let (status, content_type, _) = get(&format!(
        "{}/sim/3d?session_id={session}&token_id=WRONG",
        sim.base_url()
    ))
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(content_type.starts_with("text/html"));
    // return_url: required, absolute http(s).
    for return_url in ["", "/relative", "ftp://x/y", "javascript:alert(1)"] {
        let body = card_body(
            "10,00",
            "3D-J",
            TEST_CARD_APPROVE,
            &format!(r#","return_url":"{return_url}""#),
        );
        assert_paynet_error(
            &call(&sim, START, &body).await,
            400,
            "invalid_request_error",
            11,
        );
    }
    // Wrong card data at the start: code 18, no session.
    let body = card_body(
        "10,00",
        "3D-K",
        "4355084355084357",
        r#","return_url":"http://127.0.0.1:9/r""#,
    );
    let a = call(&sim, START, &body).await;
    assert_eq!(a.json["code"], 18, "{}", a.text);
    let a = crate::support::post(&sim, START, &[], &body).await;
    assert_paynet_error(&a, 401, "authorization_error", 7);
    let _: Value = a.json;
}
