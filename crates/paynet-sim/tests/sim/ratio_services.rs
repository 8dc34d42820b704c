//! The ratio services: `Get_public` under the publishable key, and the merchant's ratio tables
//! (`set_type`, `define`, `delete_type`) as `Get` and `Get_public` answer them.

use paynet_sim::{SimConfig, Simulator, TEST_CARD_3D_REQUIRED, TEST_CARD_APPROVE};
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{Answer, assert_paynet_error, call, keys, post, sim};

const GET: &str = "/v1/ratio/Get";
const PUBLIC: &str = "/v1/ratio/Get_public";
const SET_TYPE: &str = "/v1/ratio/set_type";
const DEFINE: &str = "/v1/ratio/define";
const DELETE_TYPE: &str = "/v1/ratio/delete_type";

/// POSTs to `Get_public` with the simulator's publishable key.
async fn public(sim: &Simulator, body: &str) -> Answer {
    let auth = format!("Basic {}", sim.publishable_key());
    post(sim, PUBLIC, &[("authorization", &auth)], body).await
}

/// The bank ids of a ratio answer.
fn bank_ids(a: &Answer) -> Vec<String> {
    a.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["bank_id"].as_str().unwrap().to_owned())
        .collect()
}

/// The instalment counts of the bank at `bank`.
fn counts(a: &Answer, bank: usize) -> Vec<u64> {
    a.json["data"][bank]["ratio"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["instalment"].as_u64().unwrap())
        .collect()
}

/// A new ratio table: its code.
async fn new_table(sim: &Simulator, body: &str) -> String {
    let a = call(sim, SET_TYPE, body).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(
        keys(&a.json),
        ["code", "message", "object_name", "ratio_code"]
    );
    assert_eq!(a.json["object_name"], "ratio_set_type");
    assert_eq!(a.json["code"], 0);
    a.json["ratio_code"].as_str().unwrap().to_owned()
}

/// Asserts `{object_name, code: 0, message}`.
fn assert_done(a: &Answer, object_name: &str) {
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(
        keys(&a.json),
        ["code", "message", "object_name"],
        "{}",
        a.text
    );
    assert_eq!(a.json["object_name"], object_name);
    assert_eq!(a.json["code"], 0);
}

#[tokio::test]
async fn get_public_is_get_in_kurus_under_the_publishable_key() {
    let sim = sim().await;
    let bin = &TEST_CARD_APPROVE[..6];
    let get = call(&sim, GET, &format!(r#"{{"amount":100,"bin":"{bin}"}}"#)).await;
    for amount in [r#""10000""#, "10000"] {
        let a = public(&sim, &format!(r#"{{"amount":{amount},"bin":"{bin}"}}"#)).await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        assert_eq!(
            keys(&a.json),
            ["code", "data", "message", "object_name", "tds_required"]
        );
        assert_eq!(a.json["object_name"], "ratio_get");
        assert_eq!(a.json["code"], 0);
        assert_eq!(a.json["tds_required"], false);
        assert_eq!(a.json["data"], get.json["data"], "{}", a.text);
        assert!(a.text.contains(r#""total_amount":100.00,"#), "{}", a.text);
    }
    // Both spellings of the flag, strings too.
    for flag in [
        r#""addcomisson_to_amount":true"#,
        r#""addcomission_to_amount":"true""#,
    ] {
        let a = public(
            &sim,
            &format!(r#"{{"amount":"10000","bin":"{bin}",{flag}}}"#),
        )
        .await;
        assert!(
            a.text.contains(r#""total_amount":102.39,"#),
            "{flag}: {}",
            a.text
        );
    }
    // Every bank without a bin; 8 digits of a bin; a 3-D card's bin.
    assert_eq!(
        bank_ids(&public(&sim, r#"{"amount":"100"}"#).await).len(),
        13
    );
    let a = public(&sim, r#"{"bin":"43550843"}"#).await;
    assert_eq!(bank_ids(&a), ["AXSS"]);
    let a = public(
        &sim,
        &format!(r#"{{"bin":"{}"}}"#, &TEST_CARD_3D_REQUIRED[..6]),
    )
    .await;
    assert_eq!(a.json["tds_required"], true, "{}", a.text);
    assert_eq!(a.json["data"][0]["tds_required"], true);
    // card_type: the simulated cards are all personal credit cards.
    let a = public(&sim, r#"{"card_type":"cc","bin":"435508"}"#).await;
    assert_eq!(bank_ids(&a), ["AXSS"]);
    for kind in ["bc", "dc"] {
        let a = public(&sim, &format!(r#"{{"card_type":"{kind}"}}"#)).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.json["code"], 12, "{}", a.text);
        assert_eq!(bank_ids(&a), Vec::<String>::new());
    }
    // An unknown BIN: code 12.
    assert_eq!(public(&sim, r#"{"bin":"123456"}"#).await.json["code"], 12);
    // Refused: an amount that is not kuruş digits, a bad bin or card type.
    for body in [
        r#"{"amount":"100.00"}"#,
        r#"{"amount":"100,00"}"#,
        r#"{"amount":100.5}"#,
        r#"{"amount":"-100"}"#,
        r#"{"amount":"abc"}"#,
        r#"{"bin":"12345"}"#,
        r#"{"bin":"123456789"}"#,
        r#"{"card_type":"xx"}"#,
        "nope",
    ] {
        assert_paynet_error(&public(&sim, body).await, 400, "invalid_request_error", 11);
    }
}

#[tokio::test]
async fn get_public_takes_the_publishable_key_only() {
    let sim = Simulator::start(
        SimConfig::default()
            .seed(7)
            .publishable_key("pbk_custom_key"),
    )
    .await
    .unwrap();
    assert_eq!(sim.publishable_key(), "pbk_custom_key");
    assert_eq!(public(&sim, "{}").await.json["code"], 0);
    let secret = format!("Basic {}", sim.secret_key());
    let default = format!("Basic {}", paynet_sim::DEFAULT_PUBLISHABLE_KEY);
    for auth in [secret.as_str(), default.as_str(), "pbk_custom_key", ""] {
        let a = post(&sim, PUBLIC, &[("authorization", auth)], "{}").await;
        assert_paynet_error(&a, 401, "authorization_error", 7);
    }
    assert_paynet_error(
        &post(&sim, PUBLIC, &[], "{}").await,
        401,
        "authorization_error",
        7,
    );
    // And Get stays under the secret key.
    let publishable = format!("Basic {}", sim.publishable_key());
    let a = post(&sim, GET, &[("authorization", &publishable)], "{}").await;
    assert_paynet_error(&a, 401, "authorization_error", 7);
}

/// The AXSS rows (instalments 1 and 3), BONS blocked, a MAXM option below zero, an instalment
/// blocked.
const CAMPAIGN_BANKS: &str = r#"[
    {"bank_id":"AXSS","is_blocked":false,"instalments":[
        {"instalment":1,"ratio":0},
        {"instalment":3,"ratio":0.0150},
        {"instalment":6,"ratio":0.01,"is_blocked":true}]},
    {"bank_id":"BONS","is_blocked":true,"instalments":[{"instalment":1}]},
    {"bank_id":"maxm","instalments":[{"instalment":"2","ratio":"-0.0400","is_blocked":"false"}]}
]"#;

#[tokio::test]
async fn a_defined_cumulative_table_is_what_get_answers_with_its_code() {
    let sim = sim().await;
    let code = new_table(&sim, r#"{"description":"Kampanya"}"#).await;
    assert!(code.starts_with("RT_") && code.len() == 9, "{code}");
    assert!(
        code[3..]
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    );
    // Created, not defined yet: the simulator's own ratios, with the code.
    let a = call(
        &sim,
        GET,
        &format!(r#"{{"amount":100,"ratio_code":"{code}"}}"#),
    )
    .await;
    assert_eq!(bank_ids(&a).len(), 13);
    assert_eq!(a.json["data"][0]["ratio"][0]["ratio_code"], code.as_str());

    let d = call(
        &sim,
        DEFINE,
        &format!(r#"{{"ratio_code":"{code}","card_type":"cc","banks":{CAMPAIGN_BANKS}}}"#),
    )
    .await;
    assert_done(&d, "ratio_define");

    let a = call(
        &sim,
        GET,
        &format!(r#"{{"amount":100,"ratio_code":"{code}"}}"#),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["code"], 0);
    assert_eq!(bank_ids(&a), ["AXSS", "MAXM"]);
    assert_eq!(counts(&a, 0), [1, 3]);
    assert_eq!(counts(&a, 1), [2]);
    let rows: Vec<&Value> = a.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["ratio"].as_array().unwrap())
        .collect();
    assert!(rows.iter().all(|r| r["ratio_code"] == code.as_str()));
    for fragment in [
        // AXSS, 1: the simulator's 1.99 % + 0.
        r#""ratio":0.0199,"instalment_key":"AXSS-01","instalment":1,"instalment_amount":100.00,"total_net_amount":97.61,"total_amount":100.00,"commision":1.99,"commision_tax":0.40,"#,
        // AXSS, 3: 4.49 % + 1.50 % = 5.99 %: 5.99 + 1.20, net 92.81, 33.33 each.
        r#""ratio":0.0599,"instalment_key":"AXSS-03","instalment":3,"instalment_amount":33.33,"total_net_amount":92.81,"total_amount":100.00,"commision":5.99,"commision_tax":1.20,"#,
        // MAXM, 2: 3.49 % - 4.00 %, clamped at 0.
        r#""ratio":0.0000,"instalment_key":"MAXM-02","instalment":2,"instalment_amount":50.00,"total_net_amount":100.00,"total_amount":100.00,"commision":0.00,"commision_tax":0.00,"#,
    ] {
        assert!(a.text.contains(fragment), "{fragment} in {}", a.text);
    }
    // With the commission on top, through Get_public (kuruş) too: the same table.
    let g = call(
        &sim,
        GET,
        &format!(r#"{{"amount":100,"ratio_code":"{code}","addcomission_to_amount":true}}"#),
    )
    .await;
    let p = public(
        &sim,
        &format!(r#"{{"amount":"10000","ratio_code":"{code}","addcomisson_to_amount":true}}"#),
    )
    .await;
    assert_eq!(p.json["data"], g.json["data"], "{}", p.text);
    assert!(g.text.contains(r#""total_amount":107.19,"#), "{}", g.text);
    // A BIN: its bank if the table has it, else code 12 (BONS is blocked).
    let a = call(
        &sim,
        GET,
        &format!(r#"{{"bin":"435508","ratio_code":"{code}"}}"#),
    )
    .await;
    assert_eq!(bank_ids(&a), ["AXSS"]);
    let a = call(
        &sim,
        GET,
        &format!(r#"{{"bin":"540061","ratio_code":"{code}"}}"#),
    )
    .await;
    assert_eq!(a.json["code"], 12, "{}", a.text);
    // Without the code, or another: the simulator's own table.
    let a = call(&sim, GET, r#"{"amount":100}"#).await;
    assert_eq!(bank_ids(&a).len(), 13);
    assert_eq!(counts(&a, 1), (1..=12).collect::<Vec<u64>>());
    let a = call(&sim, GET, r#"{"amount":100,"ratio_code":"RT_OTHER"}"#).await;
    assert_eq!(bank_ids(&a).len(), 13);

    // Defining again replaces the definition.
    let d = call(
        &sim,
        DEFINE,
        &format!(
            r#"{{"ratio_code":"{code}","banks":[{{"bank_id":"ZRTB","instalments":[{{"instalment":12,"ratio":0.2}}]}}]}}"#
        ),
    )
    .await;
    assert_done(&d, "ratio_define");
    let a = call(
        &sim,
        GET,
        &format!(r#"{{"amount":100,"ratio_code":"{code}"}}"#),
    )
    .await;
    assert_eq!(bank_ids(&a), ["ZRTB"]);
    // 13.49 % + 20 % = 33.49 %.
    assert!(a.text.contains(r#""ratio":0.3349,"#), "{}", a.text);

    // Deleted: the simulator's own table again; deleting twice is 404.
    let d = call(&sim, DELETE_TYPE, &format!(r#"{{"ratio_code":"{code}"}}"#)).await;
    assert_done(&d, "ratio_delete_type");
    let a = call(
        &sim,
        GET,
        &format!(r#"{{"amount":100,"ratio_code":"{code}"}}"#),
    )
    .await;
    assert_eq!(bank_ids(&a).len(), 13);
    assert!(a.text.contains(r#""ratio":0.0199,"#), "{}", a.text);
    assert_eq!(a.json["data"][0]["ratio"][0]["ratio_code"], code.as_str());
    let d = call(&sim, DELETE_TYPE, &format!(r#"{{"ratio_code":"{code}"}}"#)).await;
    assert_paynet_error(&d, 404, "no_data_error", 12);
    let d = call(
        &sim,
        DEFINE,
        &format!(r#"{{"ratio_code":"{code}","banks":{CAMPAIGN_BANKS}}}"#),
    )
    .await;
    assert_paynet_error(&d, 404, "no_data_error", 12);
}

#[tokio::test]
async fn a_net_table_shows_its_ratios_as_they_are() {
    let sim = sim().await;
    let code = new_table(
        &sim,
        r#"{"description":"Net","is_cumulative":"false","is_default":"true"}"#,
    )
    .await;
    let banks =
        r#"[{"bank_id":"AXSS","instalments":[{"instalment":1,"ratio":0.05},{"instalment":2}]}]"#;
    let d = call(
        &sim,
        DEFINE,
        &format!(r#"{{"ratio_code":"{code}","card_type":"bc","banks":{banks}}}"#),
    )
    .await;
    assert_done(&d, "ratio_define");
    let a = call(
        &sim,
        GET,
        &format!(r#"{{"amount":100,"ratio_code":"{code}"}}"#),
    )
    .await;
    assert_eq!(bank_ids(&a), ["AXSS"]);
    assert_eq!(a.json["data"][0]["card_type"], "bc");
    assert!(
        a.text
            .contains(r#""ratio":0.0500,"instalment_key":"AXSS-01""#),
        "{}",
        a.text
    );
    assert!(
        a.text
            .contains(r#""ratio":0.0000,"instalment_key":"AXSS-02""#),
        "{}",
        a.text
    );
    // Get_public's card_type keeps that kind of card's banks only.
    let p = public(
        &sim,
        &format!(r#"{{"ratio_code":"{code}","card_type":"bc"}}"#),
    )
    .await;
    assert_eq!(bank_ids(&p), ["AXSS"]);
    let p = public(
        &sim,
        &format!(r#"{{"ratio_code":"{code}","card_type":"cc"}}"#),
    )
    .await;
    assert_eq!(p.json["code"], 12, "{}", p.text);
    // is_default changes nothing without a ratio_code.
    let a = call(&sim, GET, r#"{"amount":100}"#).await;
    assert_eq!(bank_ids(&a).len(), 13);
    // A net table's ratio is 0 to 0.20.
    let d = call(
        &sim,
        DEFINE,
        &format!(
            r#"{{"ratio_code":"{code}","banks":[{{"bank_id":"AXSS","instalments":[{{"instalment":1,"ratio":-0.01}}]}}]}}"#
        ),
    )
    .await;
    assert_paynet_error(&d, 400, "invalid_request_error", 11);
    assert!(
        d.json["message"]
            .as_str()
            .unwrap()
            .contains("banks[0].instalments[0].ratio"),
        "{}",
        d.text
    );
    // set_type updates by code (also by the old name ratio_type): cumulative again, then the
    // same 5 % is added to the simulator's 1.99 %.
    let u = call(
        &sim,
        SET_TYPE,
        &format!(r#"{{"ratio_type":"{code}","description":"Net 2","is_cumulative":true}}"#),
    )
    .await;
    assert_eq!(u.json["ratio_code"], code.as_str(), "{}", u.text);
    let a = call(
        &sim,
        GET,
        &format!(r#"{{"amount":100,"ratio_code":"{code}"}}"#),
    )
    .await;
    assert!(
        a.text
            .contains(r#""ratio":0.0699,"instalment_key":"AXSS-01""#),
        "{}",
        a.text
    );
    // Updating without is_cumulative keeps it.
    let u = call(
        &sim,
        SET_TYPE,
        &format!(r#"{{"ratio_code":"{code}","description":"Net 3"}}"#),
    )
    .await;
    assert_eq!(u.json["code"], 0, "{}", u.text);
    let a = call(
        &sim,
        GET,
        &format!(r#"{{"amount":100,"ratio_code":"{code}"}}"#),
    )
    .await;
    assert!(a.text.contains(r#""ratio":0.0699,"#), "{}", a.text);
}

#[tokio::test]
async fn ratio_table_refusals() {
    let sim = sim().await;
    let code = new_table(&sim, r#"{"description":"T"}"#).await;
    // set_type: a description is required; an unknown code is not created.
    let long = "d".repeat(257);
    for body in [
        "{}".to_owned(),
        r#"{"description":""}"#.to_owned(),
        format!(r#"{{"description":"{long}"}}"#),
        r#"{"description":"T","is_cumulative":"maybe"}"#.to_owned(),
        "nope".to_owned(),
    ] {
        let a = call(&sim, SET_TYPE, &body).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
    }
    let a = call(
        &sim,
        SET_TYPE,
        r#"{"ratio_code":"RT_NOPE00","description":"T"}"#,
    )
    .await;
    assert_paynet_error(&a, 404, "no_data_error", 12);
    // define: each refusal names its field.
    let bank = |instalments: &str| {
        format!(
            r#"{{"ratio_code":"{code}","banks":[{{"bank_id":"AXSS","instalments":[{instalments}]}}]}}"#
        )
    };
    for (body, field) in [
        (r#"{"banks":[]}"#.to_owned(), "ratio_code"),
        (format!(r#"{{"ratio_code":"{code}"}}"#), "banks"),
        (format!(r#"{{"ratio_code":"{code}","banks":[]}}"#), "banks"),
        (
            format!(r#"{{"ratio_code":"{code}","card_type":"zz","banks":[]}}"#),
            "card_type",
        ),
        (
            format!(r#"{{"ratio_code":"{code}","banks":[{{"bank_id":"XXXX"}}]}}"#),
            "banks[0].bank_id",
        ),
        (
            format!(r#"{{"ratio_code":"{code}","banks":[{{"instalments":[]}}]}}"#),
            "banks[0].bank_id",
        ),
        (
            format!(
                r#"{{"ratio_code":"{code}","banks":[{{"bank_id":"AXSS"}},{{"bank_id":"AXSS"}}]}}"#
            ),
            "banks[1].bank_id",
        ),
        (
            bank(r#"{"instalment":13}"#),
            "banks[0].instalments[0].instalment",
        ),
        (
            bank(r#"{"instalment":0}"#),
            "banks[0].instalments[0].instalment",
        ),
        (
            bank(r#"{"ratio":0.01}"#),
            "banks[0].instalments[0].instalment",
        ),
        (
            bank(r#"{"instalment":1},{"instalment":1,"is_blocked":true}"#),
            "banks[0].instalments[1].instalment",
        ),
        (
            bank(r#"{"instalment":1,"ratio":0.25}"#),
            "banks[0].instalments[0].ratio",
        ),
        (
            bank(r#"{"instalment":1,"ratio":-0.21}"#),
            "banks[0].instalments[0].ratio",
        ),
        (
            bank(r#"{"instalment":1,"ratio":0.00015}"#),
            "banks[0].instalments[0].ratio",
        ),
        (
            bank(r#"{"instalment":1,"ratio":"1,5"}"#),
            "banks[0].instalments[0].ratio",
        ),
    ] {
        let a = call(&sim, DEFINE, &body).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
        let message = a.json["message"].as_str().unwrap();
        assert!(message.contains(field), "{field} in {message}");
    }
    let a = call(
        &sim,
        DEFINE,
        r#"{"ratio_code":"RT_NOPE00","banks":[{"bank_id":"AXSS","instalments":[{"instalment":1}]}]}"#,
    )
    .await;
    assert_paynet_error(&a, 404, "no_data_error", 12);
    // Nothing was defined: the simulator's own table.
    let a = call(&sim, GET, &format!(r#"{{"ratio_code":"{code}"}}"#)).await;
    assert_eq!(bank_ids(&a).len(), 13);
    // delete_type.
    for body in ["{}", r#"{"ratio_code":""}"#, "nope"] {
        let a = call(&sim, DELETE_TYPE, body).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
    }
    let a = call(&sim, DELETE_TYPE, r#"{"ratio_code":"RT_NOPE00"}"#).await;
    assert_paynet_error(&a, 404, "no_data_error", 12);
    // The secret key, on each.
    for path in [SET_TYPE, DEFINE, DELETE_TYPE] {
        let a = post(&sim, path, &[], r#"{"description":"T"}"#).await;
        assert_paynet_error(&a, 401, "authorization_error", 7);
    }
}
