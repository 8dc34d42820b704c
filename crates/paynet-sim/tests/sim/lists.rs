//! `/v1/transaction/list` and `/v1/transaction/reversal_list`: filters and real paging.

use std::{collections::HashSet, time::Duration};

use paynet_sim::{SEEDED_HISTORY_LEN, SimConfig, Simulator, TEST_CARD_APPROVE, TEST_CARD_DECLINE};
use reqwest::StatusCode;
use serde_json::Value;

use crate::support::{Answer, assert_paynet_error, call, keys, pay, post, sim};

const LIST: &str = "/v1/transaction/list";
const REVERSALS: &str = "/v1/transaction/reversal_list";
const RANGE: &str = r#""datab":"2024-05-01","datbi":"2024-06-30""#;

/// Every field of a list row (reference section 3.7).
const ROW_FIELDS: [&str; 66] = [
    "companyCode",
    "companyName",
    "agent_id",
    "agent_referans_no",
    "agent_name",
    "xact_id",
    "xact_date",
    "is_tds",
    "bank_id",
    "bank_name",
    "card_no",
    "card_holder",
    "card_type",
    "card_type_name",
    "authorization_code",
    "reference_code",
    "order_id",
    "postype_desc",
    "xact_type",
    "xacttype_desc",
    "fiscal_period_id",
    "sector_id",
    "sectorid_desc",
    "merchant_id",
    "channel_name",
    "ipaddress",
    "client_id",
    "xact_transaction_id",
    "terminal_id",
    "is_succeed",
    "reversed",
    "is_reconcile",
    "is_payup",
    "is_onchargeback",
    "is_transferred",
    "reversed_xact_id",
    "channel_id",
    "pos_type",
    "instalment",
    "amount",
    "net_amount",
    "comission",
    "comission_tax",
    "currency",
    "ratio",
    "end_user_comission",
    "user_id",
    "xact_time",
    "xact_note",
    "xact_agent_reference",
    "email",
    "phone",
    "company_pay_ratio",
    "company_cost_ratio",
    "ana_firma_brut_alacak",
    "ana_firma_komisyonu",
    "ana_firma_komisyonu_kdv_dahil",
    "ana_firma_odenecek_net_tutar",
    "bayi_brut_alacak",
    "bayi_komisyonu",
    "bayi_komisyonu_kdv_dahil",
    "bayiye_odenecek_net_tutar",
    "cp_mfi_vdate",
    "cp_mfi_vdate_day",
    "ap_mfi_vdate",
    "ap_mfi_vdate_day",
];

async fn list(sim: &Simulator, extra: &str) -> Answer {
    let a = call(sim, LIST, &format!("{{{RANGE}{extra}}}")).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    a
}

fn rows(a: &Answer) -> &Vec<Value> {
    a.json["Data"].as_array().unwrap()
}

/// Pages through with `starting_after` and returns every row's xact_id, in order.
async fn all_forward(sim: &Simulator, limit: usize, extra: &str) -> (Vec<String>, usize) {
    let mut ids = Vec::new();
    let mut after = 0;
    let mut total = None;
    loop {
        let a = list(
            sim,
            &format!(r#","limit":{limit},"starting_after":{after}{extra}"#),
        )
        .await;
        let t = a.json["total_count"].as_u64().unwrap() as usize;
        assert_eq!(*total.get_or_insert(t), t, "the total is stable");
        let page = rows(&a);
        assert!(page.len() <= limit);
        assert_eq!(a.json["starting_after"], after as u64);
        assert_eq!(a.json["limit"], limit as u64);
        ids.extend(
            page.iter()
                .map(|r| r["xact_id"].as_str().unwrap().to_owned()),
        );
        after += page.len();
        if !a.json["has_more"].as_bool().unwrap() {
            assert_eq!(after, t, "has_more is false only at the end");
            break;
        }
        assert_eq!(page.len(), limit, "a page before the end is full");
    }
    (ids, total.unwrap_or(0))
}

#[tokio::test]
async fn every_transaction_once_across_pages() {
    let sim = sim().await;
    for (i, pan) in [TEST_CARD_APPROVE, TEST_CARD_DECLINE, TEST_CARD_APPROVE]
        .into_iter()
        .enumerate()
    {
        pay(&sim, "12,34", &format!("LIST-{i}"), pan).await;
    }
    let everything = sim.transaction_count();
    assert_eq!(everything, SEEDED_HISTORY_LEN + 2 + 3);

    let (ids, total) = all_forward(&sim, 7, r#","show_unsucceed":true"#).await;
    assert_eq!(total, everything);
    assert_eq!(ids.len(), everything);
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "no duplicate");

    // Backwards with ending_before: the same rows, the same order.
    let mut back: Vec<String> = Vec::new();
    let mut before = everything;
    loop {
        let a = list(
            &sim,
            &format!(r#","show_unsucceed":true,"limit":4,"ending_before":{before}"#),
        )
        .await;
        let page: Vec<String> = rows(&a)
            .iter()
            .map(|r| r["xact_id"].as_str().unwrap().to_owned())
            .collect();
        before -= page.len();
        back.splice(0..0, page);
        if !a.json["has_more"].as_bool().unwrap() {
            break;
        }
    }
    assert_eq!(back, ids);

    // In date order.
    let a = list(&sim, r#","show_unsucceed":true,"limit":1000"#).await;
    let dates: Vec<&str> = rows(&a)
        .iter()
        .map(|r| r["xact_date"].as_str().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");

    // Without show_unsucceed: the successful ones only (the history's decline and ours out).
    let (ok, total) = all_forward(&sim, 10, "").await;
    assert_eq!(total, everything - 2);
    assert_eq!(ok.len(), everything - 2);
    let a = list(&sim, r#","limit":1000"#).await;
    assert!(rows(&a).iter().all(|r| r["is_succeed"] == true));
}

#[tokio::test]
async fn the_envelope_and_the_row_shape() {
    let sim = sim().await;
    let a = list(&sim, r#","limit":3"#).await;
    assert_eq!(
        keys(&a.json),
        [
            "Data",
            "code",
            "companyCode",
            "companyName",
            "ending_before",
            "has_more",
            "limit",
            "message",
            "object_name",
            "starting_after",
            "total",
            "total_count"
        ]
    );
    assert_eq!(a.json["object_name"], "transaction_list");
    assert_eq!(a.json["code"], 0);
    assert_eq!(a.json["companyCode"], paynet_sim::COMPANY_CODE);
    assert_eq!(a.json["has_more"], true);
    assert_eq!(rows(&a).len(), 3);
    let mut expected: Vec<String> = ROW_FIELDS.iter().map(|s| (*s).to_owned()).collect();
    expected.sort_unstable();
    for row in rows(&a) {
        assert_eq!(keys(row), expected);
    }
    // Default limit: 10.
    let d = list(&sim, "").await;
    assert_eq!(d.json["limit"], 10);
    assert_eq!(rows(&d).len(), 10);
    // The oldest: the history's first sale, 125.00 TL, with its settlement columns.
    let first = &rows(&a)[0];
    assert_eq!(first["xact_type"], 1);
    assert_eq!(first["xacttype_desc"], "Satış");
    assert_eq!(first["agent_referans_no"], "SIM-HIST-01");
    assert_eq!(first["is_transferred"], true);
    for fragment in [
        r#""amount":125.00,"#,
        r#""net_amount":122.01,"#,
        r#""ana_firma_brut_alacak":125.00,"#,
        r#""ana_firma_komisyonu":2.49,"#,
        r#""ana_firma_komisyonu_kdv_dahil":2.99,"#,
        r#""bayiye_odenecek_net_tutar":0.00,"#,
        r#""company_cost_ratio":0.0199,"#,
        r#""cp_mfi_vdate":"2024-05-06T00:00:00","#,
    ] {
        assert!(a.text.contains(fragment), "{fragment} in {}", a.text);
    }
    assert!(!a.text.contains("netAmount"), "{}", a.text);
    // total: the sum of every matching amount, with its scale.
    assert!(a.json["total"].is_number());
    assert!(a.text.contains(r#""total":"#), "{}", a.text);
}

#[tokio::test]
async fn filters() {
    let sim = sim().await;
    let all = list(&sim, r#","limit":1000"#).await;
    let n = all.json["total_count"].as_u64().unwrap();
    let axss = list(&sim, r#","limit":1000,"bank_id":"AXSS""#).await;
    assert!(rows(&axss).iter().all(|r| r["bank_id"] == "AXSS"));
    assert!(axss.json["total_count"].as_u64().unwrap() < n);
    let fresh = list(&sim, r#","limit":1000,"untransferred":true"#).await;
    assert!(rows(&fresh).iter().all(|r| r["is_transferred"] == false));
    assert!(fresh.json["total_count"].as_u64().unwrap() < n);
    let agent = list(&sim, r#","limit":1000,"agent_id":"nobody""#).await;
    assert_eq!(agent.json["total_count"], 0);
    assert_eq!(agent.json["code"], 12);
    let one_day = call(
        &sim,
        LIST,
        r#"{"datab":"2024-06-01","datbi":"2024-06-02","limit":1000}"#,
    )
    .await;
    // 1 and 2 June: the history's last sale and yesterday's refund.
    let types: Vec<u64> = rows(&one_day)
        .iter()
        .map(|r| r["xact_type"].as_u64().unwrap())
        .collect();
    assert_eq!(types, [1, 2], "{}", one_day.text);
}

#[tokio::test]
async fn list_requests_are_checked() {
    let sim = sim().await;
    for body in [
        "{}".to_owned(),
        r#"{"datab":"2024-05-01"}"#.to_owned(),
        r#"{"datab":"2024-13-01","datbi":"2024-06-30"}"#.to_owned(),
        r#"{"datab":"2024-02-30","datbi":"2024-06-30"}"#.to_owned(),
        r#"{"datab":"01.05.2024","datbi":"2024-06-30"}"#.to_owned(),
        r#"{"datab":"2024-07-01","datbi":"2024-06-30"}"#.to_owned(),
        format!(r#"{{{RANGE},"limit":0}}"#),
        format!(r#"{{{RANGE},"limit":1001}}"#),
        format!(r#"{{{RANGE},"starting_after":-1}}"#),
        format!(r#"{{{RANGE},"starting_after":"-1"}}"#),
        format!(r#"{{{RANGE},"limit":"ten"}}"#),
        format!(r#"{{{RANGE},"limit":10.5}}"#),
        format!(r#"{{{RANGE},"show_unsucceed":"yes"}}"#),
    ] {
        for path in [LIST, REVERSALS] {
            let a = call(&sim, path, &body).await;
            assert_paynet_error(&a, 400, "invalid_request_error", 11);
        }
    }
    let a = post(&sim, LIST, &[], &format!("{{{RANGE}}}")).await;
    assert_paynet_error(&a, 401, "authorization_error", 7);
}

#[tokio::test]
async fn the_reversal_list() {
    let sim = Simulator::start(SimConfig::default().seed(7).reversal_delay(Duration::ZERO))
        .await
        .unwrap();
    let a = call(&sim, REVERSALS, &format!("{{{RANGE}}}")).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["object_name"], "transaction_reversal_list");
    assert_eq!(a.json["total_count"], 1);
    assert!(a.text.contains(r#""total_amount":100.00,"#), "{}", a.text);
    let row = &rows(&a)[0];
    assert_eq!(
        keys(row),
        [
            "agent_id",
            "agent_name",
            "amount",
            "bank_id",
            "bank_name",
            "card_holder",
            "card_no",
            "company_code",
            "company_name",
            "entry_date",
            "id",
            "is_cancel",
            "reversed_id",
            "reversed_xact_id",
            "status",
            "status_desc",
            "user_id",
            "xact_amount",
            "xact_date",
            "xact_id"
        ]
    );
    assert_eq!(row["xact_date"], "18.05.2024");
    assert_eq!(row["entry_date"], "02.06.2024");
    assert_eq!(row["status"], 1);
    assert_eq!(row["is_cancel"], false);
    assert!(a.text.contains(r#""amount":100.00,"#), "{}", a.text);
    assert!(a.text.contains(r#""xact_amount":275.00,"#), "{}", a.text);
    // The refund transaction is the one detail shows.
    let d =
        crate::support::detail(&sim, "xact_id", row["reversed_xact_id"].as_str().unwrap()).await;
    assert_eq!(d.json["Data"][0]["transaction_type"], 2, "{}", d.text);
    assert_eq!(d.json["Data"][0]["id"], row["reversed_id"]);

    // Two more (a cancellation today, a denied one), paged one by one.
    let paid = pay(&sim, "10,00", "RL-1", TEST_CARD_APPROVE).await;
    let denied = pay(&sim, "20,00", "REFUNDDENY-RL", TEST_CARD_APPROVE).await;
    for p in [&paid, &denied] {
        let body = format!(r#"{{"xact_id":"{}"}}"#, p.json["xact_id"].as_str().unwrap());
        assert_eq!(
            call(&sim, "/v1/transaction/reversed_request", &body)
                .await
                .json["code"],
            0
        );
    }
    let mut seen = Vec::new();
    for after in 0..3 {
        let a = call(
            &sim,
            REVERSALS,
            &format!(r#"{{{RANGE},"limit":1,"starting_after":{after}}}"#),
        )
        .await;
        assert_eq!(a.json["total_count"], 3);
        assert_eq!(a.json["has_more"], after < 2);
        seen.push(rows(&a)[0].clone());
    }
    assert_eq!(seen[1]["xact_id"], paid.json["xact_id"]);
    assert_eq!(seen[1]["is_cancel"], true);
    assert_eq!(seen[1]["status"], 1);
    assert_eq!(seen[2]["xact_id"], denied.json["xact_id"]);
    assert_eq!(seen[2]["status"], 2);
    assert_eq!(seen[2]["reversed_xact_id"], "");
    // Filters by the original's bank.
    let a = call(&sim, REVERSALS, &format!(r#"{{{RANGE},"bank_id":"VAKF"}}"#)).await;
    assert_eq!(a.json["total_count"], 1, "{}", a.text);
}
