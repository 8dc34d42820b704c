//! The agent services: `autologin` (and the panel its link opens), `check_agent` (a bare JSON
//! string body) and `check_integration_info`.

use paynet_sim::{
    DEFAULT_AGENT_COMPANY_CODE, DEFAULT_AGENT_ID, DEFAULT_AGENT_REFERENCE_NO, SimConfig, Simulator,
};
use reqwest::StatusCode;

use crate::support::{Answer, assert_paynet_error, call, client, keys, post, sim};

const AUTOLOGIN: &str = "/v1/agent/autologin";
const CHECK_AGENT: &str = "/v1/agent/check_agent";
const CHECK_INTEGRATION: &str = "/v1/agent/check_integration_info";

/// GETs `url` and returns the answer.
async fn get(url: &str) -> Answer {
    Answer::from(client().get(url).send().await.unwrap()).await
}

#[tokio::test]
async fn autologin_hands_out_a_link_that_logs_in_once() {
    let sim = sim().await;
    let a = call(
        &sim,
        AUTOLOGIN,
        r#"{"user_name":"kasiyer1","agent_id":"20005"}"#,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(keys(&a.json), ["code", "message", "object_name", "url"]);
    assert_eq!(a.json["object_name"], "auto_login");
    assert_eq!(a.json["code"], 0);
    let url = a.json["url"].as_str().unwrap().to_owned();
    let prefix = format!("{}/sim/autologin?al=", sim.base_url());
    assert!(url.starts_with(&prefix), "{url}");
    assert!(url.len() > prefix.len() + 16, "{url}");

    let page = get(&url).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    assert!(
        page.text.contains("Paynet paneli (simülatör)"),
        "{}",
        page.text
    );
    assert!(page.text.contains("kasiyer1"), "{}", page.text);
    assert!(page.text.contains(DEFAULT_AGENT_ID), "{}", page.text);
    // Once only.
    let again = get(&url).await;
    assert_eq!(again.status, StatusCode::GONE, "{}", again.text);
    assert!(again.text.contains("geçerli değil"), "{}", again.text);
    // A link the simulator did not hand out.
    for bad in [
        format!("{}/sim/autologin?al=nope", sim.base_url()),
        format!("{}/sim/autologin", sim.base_url()),
    ] {
        let page = get(&bad).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{}", page.text);
        assert!(page.text.contains("geçerli değil"), "{}", page.text);
    }

    // Paynet's PHP sample's camelCase names (the agent as a number); a new link each time.
    let b = call(
        &sim,
        AUTOLOGIN,
        r#"{"userName":"<b>kasa</b>","agentID":20005}"#,
    )
    .await;
    assert_eq!(b.json["code"], 0, "{}", b.text);
    let other = b.json["url"].as_str().unwrap();
    assert_ne!(other, url);
    let page = get(other).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text.contains("&lt;b&gt;kasa&lt;/b&gt;"),
        "{}",
        page.text
    );
}

#[tokio::test]
async fn autologin_refusals() {
    let sim = sim().await;
    let a = call(
        &sim,
        AUTOLOGIN,
        r#"{"user_name":"kasiyer1","agent_id":"99999"}"#,
    )
    .await;
    assert_paynet_error(&a, 404, "no_data_error", 12);
    for body in [
        "{}",
        r#"{"user_name":"kasiyer1"}"#,
        r#"{"agent_id":"20005"}"#,
        r#"{"user_name":"","agent_id":"20005"}"#,
        r#"{"user_name":["x"],"agent_id":"20005"}"#,
        "nope",
    ] {
        assert_paynet_error(
            &call(&sim, AUTOLOGIN, body).await,
            400,
            "invalid_request_error",
            11,
        );
    }
    let a = post(
        &sim,
        AUTOLOGIN,
        &[("authorization", "Basic wrong")],
        r#"{"user_name":"kasiyer1","agent_id":"20005"}"#,
    )
    .await;
    assert_paynet_error(&a, 401, "authorization_error", 7);
}

#[tokio::test]
async fn check_agent_reads_a_bare_json_string() {
    let sim = sim().await;
    for body in [
        format!(r#""{DEFAULT_AGENT_REFERENCE_NO}""#),
        DEFAULT_AGENT_REFERENCE_NO.to_owned(),
        format!(" \"{DEFAULT_AGENT_REFERENCE_NO}\"\n"),
    ] {
        let a = call(&sim, CHECK_AGENT, &body).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        assert_eq!(
            keys(&a.json),
            ["agent_id", "code", "company_code", "message", "object_name"]
        );
        assert_eq!(a.json["object_name"], "check_agent");
        assert_eq!(a.json["code"], 0);
        assert_eq!(a.json["agent_id"], DEFAULT_AGENT_ID);
        assert_eq!(a.json["company_code"], DEFAULT_AGENT_COMPANY_CODE);
        assert!(
            a.text
                .starts_with(r#"{"company_code":"20000","agent_id":"20005","#)
        );
    }
    // Unknown: HTTP 200, code 12, no agent.
    let a = call(&sim, CHECK_AGENT, r#""111111""#).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(keys(&a.json), ["code", "message", "object_name"]);
    assert_eq!(a.json["code"], 12);
    // Not a string nor a number.
    for body in [
        r#"{"reference_no":"987345"}"#,
        r#"["987345"]"#,
        "true",
        "null",
        r#""""#,
        "987345 x",
        "",
    ] {
        assert_paynet_error(
            &call(&sim, CHECK_AGENT, body).await,
            400,
            "invalid_request_error",
            11,
        );
    }
    let a = post(&sim, CHECK_AGENT, &[], r#""987345""#).await;
    assert_paynet_error(&a, 401, "authorization_error", 7);
}

#[tokio::test]
async fn check_agent_knows_the_configured_references() {
    let sim = Simulator::start(
        SimConfig::default()
            .seed(7)
            .without_agent_references()
            .agent_reference("REF-555", "30001", "2002"),
    )
    .await
    .unwrap();
    let a = call(&sim, CHECK_AGENT, r#""REF-555""#).await;
    assert_eq!(a.json["code"], 0, "{}", a.text);
    assert_eq!(a.json["agent_id"], "30001");
    assert_eq!(a.json["company_code"], "2002");
    let a = call(&sim, CHECK_AGENT, r#""987345""#).await;
    assert_eq!(a.json["code"], 12, "{}", a.text);
}

#[tokio::test]
async fn check_integration_info_checks_the_three_together() {
    let sim = sim().await;
    let body = |agent: &str, pk: &str, sk: &str| {
        format!(r#"{{"agent_id":"{agent}","publishable_key":"{pk}","secret_key":"{sk}"}}"#)
    };
    let (pk, sk) = (sim.publishable_key(), sim.secret_key());
    assert_eq!(pk, paynet_sim::DEFAULT_PUBLISHABLE_KEY);
    let a = call(&sim, CHECK_INTEGRATION, &body(DEFAULT_AGENT_ID, pk, sk)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(
        keys(&a.json),
        ["agent_id", "code", "company_code", "message", "object_name"]
    );
    assert_eq!(a.json["object_name"], "check_integration_info");
    assert_eq!(a.json["code"], 0);
    assert_eq!(a.json["agent_id"], DEFAULT_AGENT_ID);
    assert_eq!(a.json["company_code"], DEFAULT_AGENT_COMPANY_CODE);
    assert!(!a.text.contains(sk) && !a.text.contains(pk), "{}", a.text);
    // A mismatch is refused, and the answer never repeats a key it got.
    for (agent, pk_sent, sk_sent) in [
        ("99999", pk, sk),
        (DEFAULT_AGENT_ID, "pbk_wrong_publishable", sk),
        (DEFAULT_AGENT_ID, pk, "sck_wrong_secret"),
        (DEFAULT_AGENT_ID, sk, pk),
    ] {
        let a = call(&sim, CHECK_INTEGRATION, &body(agent, pk_sent, sk_sent)).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
        for key in [pk_sent, sk_sent] {
            assert!(!a.text.contains(key), "{key} in {}", a.text);
        }
    }
    for missing in [
        format!(r#"{{"publishable_key":"{pk}","secret_key":"{sk}"}}"#),
        format!(r#"{{"agent_id":"20005","secret_key":"{sk}"}}"#),
        format!(r#"{{"agent_id":"20005","publishable_key":"{pk}","secret_key":""}}"#),
        format!(r#"{{"agent_id":"20005","publishable_key":"{pk}","secret_key":{{}}}}"#),
    ] {
        let a = call(&sim, CHECK_INTEGRATION, &missing).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
        assert!(!a.text.contains(sk) && !a.text.contains(pk), "{}", a.text);
    }
    // The header needs the secret key itself.
    let publishable = format!("Basic {pk}");
    let a = post(
        &sim,
        CHECK_INTEGRATION,
        &[("authorization", &publishable)],
        &body(DEFAULT_AGENT_ID, pk, sk),
    )
    .await;
    assert_paynet_error(&a, 401, "authorization_error", 7);
}
