//! `/v1/ratio/Get`: the instalment table.

use paynet_sim::{TEST_CARD_3D_REQUIRED, TEST_CARD_APPROVE};
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{Answer, assert_paynet_error, call, client, keys, post, sim};

const PATH: &str = "/v1/ratio/Get";

async fn ratio(sim: &paynet_sim::Simulator, body: &str) -> Answer {
    let a = call(sim, PATH, body).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    a
}

/// The row for `instalment` of the bank at `bank` in the answer.
fn row(a: &Answer, bank: usize, instalment: usize) -> &Value {
    &a.json["data"][bank]["ratio"][instalment - 1]
}

#[tokio::test]
async fn every_bank_and_instalment_without_a_bin() {
    let sim = sim().await;
    let a = ratio(&sim, r#"{"amount":100}"#).await;
    assert_eq!(keys(&a.json), ["code", "data", "message", "object_name"]);
    assert_eq!(a.json["object_name"], "ratio_get");
    assert_eq!(a.json["code"], 0);
    let banks = a.json["data"].as_array().unwrap();
    assert_eq!(banks.len(), 13);
    let ids: Vec<&str> = banks
        .iter()
        .map(|b| b["bank_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "ADVT", "AXSS", "BONS", "DENZ", "FINS", "KVYT", "MAXM", "ODEA", "PARF", "VAKF", "WRLD",
            "ZDGR", "ZRTB"
        ]
    );
    for bank in banks {
        assert_eq!(
            keys(bank),
            [
                "bank_id",
                "bank_logo",
                "bank_name",
                "card_type",
                "ratio",
                "tds_required"
            ]
        );
        let rows = bank["ratio"].as_array().unwrap();
        assert_eq!(rows.len(), 12);
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(r["instalment"], i + 1);
            assert_eq!(
                keys(r),
                [
                    "commision",
                    "commision_tax",
                    "desc",
                    "instalment",
                    "instalment_amount",
                    "instalment_key",
                    "ratio",
                    "ratio_code",
                    "total_amount",
                    "total_net_amount"
                ]
            );
        }
    }
    // Paynet's spelling, exact amounts with their scale. 100 TL in one payment at 1.99 %:
    // 1.99 commission, 0.40 tax, 97.61 net.
    assert_eq!(row(&a, 0, 1)["desc"], "Tek Çekim");
    assert_eq!(row(&a, 0, 3)["desc"], "3 Taksit");
    // Sorted by key: serde_json keeps insertion order when a crate of the build enables
    // `preserve_order` (feature unification across the workspace).
    let sorted: std::collections::BTreeMap<&String, &serde_json::Value> =
        row(&a, 1, 1).as_object().unwrap().iter().collect();
    let text = serde_json::to_string(&sorted).unwrap();
    assert_eq!(
        text,
        r#"{"commision":1.99,"commision_tax":0.4,"desc":"Tek Çekim","instalment":1,"instalment_amount":100.0,"instalment_key":"AXSS-01","ratio":0.0199,"ratio_code":"","total_amount":100.0,"total_net_amount":97.61}"#
    );
    for fragment in [
        r#""ratio":0.0199,"#,
        r#""instalment_amount":100.00,"#,
        r#""total_net_amount":97.61,"#,
        r#""total_amount":100.00,"#,
        r#""commision":1.99,"#,
        r#""commision_tax":0.40,"#,
        // 3 instalments at 4.49 %: 4.49 + 0.90, net 94.61, 33.33 each.
        r#""ratio":0.0449,"#,
        r#""instalment_amount":33.33,"#,
        r#""total_net_amount":94.61,"#,
    ] {
        assert!(a.text.contains(fragment), "{fragment} in {}", a.text);
    }
    assert!(!a.text.contains("commission"), "{}", a.text);
    // The logo is served.
    let logo = a.json["data"][1]["bank_logo"].as_str().unwrap();
    let response = client().get(logo).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.text().await.unwrap().contains("AXSS"));
}

#[tokio::test]
async fn commission_added_to_the_amount() {
    let sim = sim().await;
    let a = ratio(
        &sim,
        r#"{"amount":100,"addcomission_to_amount":true,"ratio_code":"RC-7"}"#,
    )
    .await;
    let r = row(&a, 1, 1);
    assert_eq!(r["ratio_code"], "RC-7");
    let text = a.text.clone();
    assert!(text.contains(r#""total_amount":102.39,"#), "{text}");
    assert!(text.contains(r#""total_net_amount":100.00,"#), "{text}");
    // Both spellings of the flag.
    let b = ratio(&sim, r#"{"amount":100,"addcomisson_to_amount":true}"#).await;
    assert!(b.text.contains(r#""total_amount":102.39,"#), "{}", b.text);
    // Amounts read exactly: 0.1 + 0.2 style decimals, no amount at all.
    let c = ratio(&sim, r#"{"amount":0.30}"#).await;
    assert!(c.text.contains(r#""total_amount":0.30,"#), "{}", c.text);
    let d = ratio(&sim, "{}").await;
    assert!(d.text.contains(r#""total_amount":0.00,"#), "{}", d.text);
}

#[tokio::test]
async fn a_bin_gives_its_bank_only() {
    let sim = sim().await;
    let a = ratio(
        &sim,
        &format!(r#"{{"bin":"{}","amount":50}}"#, &TEST_CARD_APPROVE[..6]),
    )
    .await;
    let banks = a.json["data"].as_array().unwrap();
    assert_eq!(banks.len(), 1, "{}", a.text);
    assert_eq!(banks[0]["bank_id"], "AXSS");
    assert_eq!(banks[0]["tds_required"], false);
    let a = ratio(
        &sim,
        &format!(r#"{{"bin":"{}"}}"#, &TEST_CARD_3D_REQUIRED[..6]),
    )
    .await;
    assert_eq!(a.json["data"][0]["bank_id"], "MAXM");
    assert_eq!(a.json["data"][0]["tds_required"], true);
    // Unknown: code 12, empty data.
    let a = ratio(&sim, r#"{"bin":"123456"}"#).await;
    assert_eq!(a.json["code"], 12);
    assert_eq!(a.json["data"].as_array().map(Vec::len), Some(0));
    // Refused: a bin that is not 6 digits, an amount that is not a number of TL.
    for body in [
        r#"{"bin":"12345"}"#,
        r#"{"bin":"12345678"}"#,
        r#"{"bin":"abcdef"}"#,
        r#"{"amount":"100,00"}"#,
        r#"{"amount":"1.5e2"}"#,
        r#"{"amount":1.005}"#,
        r#"{"amount":-1}"#,
        "nope",
    ] {
        assert_paynet_error(
            &call(&sim, PATH, body).await,
            400,
            "invalid_request_error",
            11,
        );
    }
    assert_paynet_error(
        &post(&sim, PATH, &[], "{}").await,
        401,
        "authorization_error",
        7,
    );
}
