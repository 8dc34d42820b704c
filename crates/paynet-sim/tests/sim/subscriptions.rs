//! Subscriptions (`v1/subscription/*`): a subscription with its invoices laid out from its
//! schedule, cards added through the bank's 3-D page (by the API and on the subscription's own
//! page), the clock that bills every due invoice with the cards in their order, status and amount
//! updates, the invoices' own calls, the manual charge and its cooldown, and the refusals.

use std::time::Duration;

use paynet_sim::{
    Simulator, TEST_CARD_APPROVE, TEST_CARD_DECLINE, TEST_CARD_LIMITED, TEST_CVC,
    TEST_EXPIRY_MONTH, TEST_EXPIRY_YEAR,
};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::*;

/// A monthly subscription of 100.00 TL, `count` charges, from the seeded clock's day (3 June 2024).
async fn create(sim: &Simulator, reference_no: &str, count: u32) -> Answer {
    call(
        sim,
        "/v1/subscription/create",
        &json!({
            "name_surname": "Ayşe Yılmaz", "amount": "10000", "interval": 2,
            "interval_count": count, "begin_date": "03.06.2024", "reference_no": reference_no,
            "end_user_email": "ayse@example.com", "end_user_gsm": "5321234567",
            "end_user_desc": "Aylık plan"
        })
        .to_string(),
    )
    .await
}

/// Starts adding `pan` to the subscription through 3-D: `(session_id, token_id, post_url)`.
async fn start_card(sim: &Simulator, reference_no: &str, pan: &str) -> (String, String, String) {
    let a = call(
        sim,
        "/v1/subscription/create_card_tds_initial",
        &json!({
            "reference_no": reference_no, "return_url": "https://shop.example/cards/back",
            "pan": pan, "card_holder": "AYSE YILMAZ", "month": TEST_EXPIRY_MONTH,
            "year": TEST_EXPIRY_YEAR % 100, "cvv": TEST_CVC, "label": "Kişisel"
        })
        .to_string(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["code"], 0, "{}", a.text);
    let text = |k: &str| a.json[k].as_str().unwrap().to_owned();
    (text("session_id"), text("token_id"), text("post_url"))
}

/// Adds `pan` to the subscription through 3-D (the bank's page approved from Rust): its card_id.
async fn add_card(sim: &Simulator, reference_no: &str, pan: &str) -> String {
    let (session, token, _) = start_card(sim, reference_no, pan).await;
    sim.three_d_return(&session, true).unwrap();
    let a = confirm(sim, &session, &token).await;
    assert_eq!(a.json["is_succeed"], true, "{}", a.text);
    a.json["card_id"].as_str().unwrap().to_owned()
}

async fn confirm(sim: &Simulator, session: &str, token: &str) -> Answer {
    call(
        sim,
        "/v1/subscription/create_card_tds_confirm",
        &json!({"session_id": session, "token_id": token}).to_string(),
    )
    .await
}

/// `POST /sim/clock/advance` with this body.
async fn advance(sim: &Simulator, body: Value) -> Answer {
    post(sim, "/sim/clock/advance", &[], &body.to_string()).await
}

async fn invoices(sim: &Simulator, reference_no: &str) -> Vec<Value> {
    let a = call(
        sim,
        "/v1/subscription/invoice_list",
        &json!({"reference_no": reference_no}).to_string(),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    a.json["data"].as_array().unwrap().clone()
}

fn statuses(rows: &[Value]) -> Vec<u64> {
    rows.iter().map(|r| r["status"].as_u64().unwrap()).collect()
}

async fn attempts(sim: &Simulator, invoice: &Value) -> Answer {
    call(
        sim,
        "/v1/subscription/invoice_attempt_list",
        &json!({"invoice_id": invoice["invoice_id"], "invoice_no": invoice["invoice_no"]})
            .to_string(),
    )
    .await
}

async fn manual(sim: &Simulator, body: Value) -> Answer {
    call(sim, "/v1/subscription/manuel_charge", &body.to_string()).await
}

#[tokio::test]
async fn invoices_are_laid_out_from_the_schedule_and_billed_on_the_clock() {
    let sim = sim().await;
    let created = create(&sim, "SUB-1", 4).await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text);
    assert_eq!(created.json["code"], 0);
    assert_eq!(created.json["reference_no"], "SUB-1");
    let url = created.json["url"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/sim/subscription/", sim.base_url())),
        "{url}"
    );
    let rows = invoices(&sim, "SUB-1").await;
    let dates: Vec<&str> = rows
        .iter()
        .map(|r| r["val_date"].as_str().unwrap())
        .collect();
    assert_eq!(
        dates,
        [
            "03.06.2024 00:00:00",
            "03.07.2024 00:00:00",
            "03.08.2024 00:00:00",
            "03.09.2024 00:00:00"
        ]
    );
    assert_eq!(statuses(&rows), [0, 0, 0, 0]);
    assert_eq!(rows[0]["plan_id"], "1");
    assert_eq!(rows[3]["plan_id"], "4");
    assert!(created.text.contains(r#""code":0"#));
    let list = call(
        &sim,
        "/v1/subscription/invoice_list",
        &json!({"reference_no": "SUB-1"}).to_string(),
    )
    .await;
    assert!(list.text.contains(r#""amount":100.00"#), "{}", list.text);
    assert!(list.text.contains(r#""total":400.00"#), "{}", list.text);

    // Without a card nothing is billed: the invoice of today waits.
    let a = advance(&sim, json!({"days": 0})).await;
    assert_eq!(a.json["billed"], json!([]), "{}", a.text);
    let card_id = add_card(&sim, "SUB-1", TEST_CARD_APPROVE).await;
    assert_eq!(card_id, "1800");

    // A month: today's invoice and 3 July's are paid, each by a sale in the ledger.
    let a = advance(&sim, json!({"days": 31})).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json["today"], "04.07.2024");
    let billed = a.json["billed"].as_array().unwrap();
    assert_eq!(billed.len(), 2, "{}", a.text);
    assert!(billed.iter().all(|b| b["status"] == 3));
    let rows = invoices(&sim, "SUB-1").await;
    assert_eq!(statuses(&rows), [3, 3, 0, 0]);
    assert_eq!(rows[1]["paid_date"], "03.07.2024 00:00:00");
    assert_eq!(rows[1]["xact_id"], billed[1]["xact_id"]);
    let check = call(
        &sim,
        "/v1/transaction/check",
        &json!({"reference_no": "SUB-1"}).to_string(),
    )
    .await;
    let txs = check.json["Data"].as_array().unwrap();
    assert_eq!(txs.len(), 2, "{}", check.text);
    assert!(txs.iter().all(|t| t["is_succeed"] == true));
    assert_eq!(txs[1]["xact_id"], rows[1]["xact_id"]);
    let listed = call(
        &sim,
        "/v1/transaction/list",
        &json!({"datab": "2024-07-03", "datbi": "2024-07-03"}).to_string(),
    )
    .await;
    assert!(
        listed.text.contains(rows[1]["xact_id"].as_str().unwrap()),
        "{}",
        listed.text
    );
    let detail = call(
        &sim,
        "/v1/subscription/subscription_detail",
        &json!({"reference_no": "SUB-1"}).to_string(),
    )
    .await;
    assert_eq!(detail.json["next_charge_date"], "03.08.2024");
    assert_eq!(detail.json["begin_date"], "03.06.2024");
    assert_eq!(detail.json["status"], 0);

    // Stopped (5, cancel): the clock moves, nothing is billed.
    let stop = call(
        &sim,
        "/v1/subscription/status_update",
        &json!({"reference_no": "SUB-1", "status": 5}).to_string(),
    )
    .await;
    assert_eq!(stop.json["code"], 0, "{}", stop.text);
    let a = advance(&sim, json!({"days": 62})).await;
    assert_eq!(a.json["billed"], json!([]));
    assert_eq!(statuses(&invoices(&sim, "SUB-1").await), [3, 3, 0, 0]);
    let refused = manual(&sim, json!({"reference_no": "SUB-1"})).await;
    assert_eq!(refused.json["code"], 1, "{}", refused.text);

    // Resumed (0): the invoices due meanwhile are billed at the next move of the clock.
    call(
        &sim,
        "/v1/subscription/status_update",
        &json!({"reference_no": "SUB-1", "status": 0}).to_string(),
    )
    .await;
    sim.advance_clock(Duration::from_secs(60));
    assert_eq!(statuses(&invoices(&sim, "SUB-1").await), [3, 3, 3, 3]);
    assert_eq!(
        sim.transaction_count(),
        paynet_sim::SEEDED_HISTORY_LEN + 2 + 4
    );
}

#[tokio::test]
async fn cards_are_tried_in_their_order_and_the_last_decline_leaves_it_unsucceed() {
    let sim = sim().await;
    create(&sim, "SUB-2", 2).await;
    let declining = add_card(&sim, "SUB-2", TEST_CARD_DECLINE).await;
    let approving = add_card(&sim, "SUB-2", TEST_CARD_APPROVE).await;
    let cards = call(
        &sim,
        "/v1/subscription/card_info_list",
        &json!({"reference_no": "SUB-2"}).to_string(),
    )
    .await;
    let rows = cards.json["Data"].as_array().unwrap();
    assert_eq!(rows[0]["card_id"], declining.as_str());
    assert_eq!(rows[0]["card_no_mask"], "540061******0001");
    assert_eq!(rows[0]["card_holder_name_mask"], "A*** Y*****");
    assert_eq!(rows[0]["is_default"], true);
    assert_eq!(rows[1]["order_no"], 2);
    assert!(!cards.text.contains(TEST_CARD_DECLINE));

    // The first invoice: the declining card first, then the approving one pays it.
    advance(&sim, json!({"days": 0})).await;
    let rows = invoices(&sim, "SUB-2").await;
    assert_eq!(statuses(&rows), [3, 0]);
    let tried = attempts(&sim, &rows[0]).await;
    assert_eq!(
        tried.json["object_name"],
        "subcription_invoice_attempt_list"
    );
    let tried = tried.json["data"].as_array().unwrap().clone();
    assert_eq!(tried.len(), 2);
    assert_eq!(
        (tried[0]["is_succeed"].clone(), tried[0]["message"].clone()),
        (json!(false), json!("Red-Onaylanmadı"))
    );
    assert_eq!(tried[1]["is_succeed"], true);
    assert_eq!(tried[1]["is_manual"], false);

    // Only the declining card left: the second invoice is Done unsucceed (4).
    let deleted = call(
        &sim,
        "/v1/subscription/card_info_delete",
        &json!({"reference_no": "SUB-2", "card_id": approving}).to_string(),
    )
    .await;
    assert_eq!(
        deleted.json["card_id"],
        approving.as_str(),
        "{}",
        deleted.text
    );
    let a = advance(&sim, json!({"days": 30})).await;
    assert_eq!(a.json["billed"][0]["status"], 4, "{}", a.text);
    assert_eq!(a.json["billed"][0]["message"], "Red-Onaylanmadı");
    let rows = invoices(&sim, "SUB-2").await;
    assert_eq!(statuses(&rows), [3, 4]);
    assert_eq!(rows[1]["status_desc"], "Done unsucceed");
    assert_eq!(rows[1]["xact_id"], "");

    // The declining card put second behind the approving one again: a manual charge pays it.
    let linked = call(
        &sim,
        "/v1/subscription/card_info_link_to_subscription",
        &json!({"reference_no": "SUB-2", "card_id": approving}).to_string(),
    )
    .await;
    assert_eq!(
        linked.json["details"][0]["is_succeed"], true,
        "{}",
        linked.text
    );
    let cards = call(
        &sim,
        "/v1/subscription/card_info_list",
        &json!({"reference_no": "SUB-2"}).to_string(),
    )
    .await;
    let link_id = |n: usize| cards.json["Data"][n]["subscription_card_id"].clone();
    let arranged = call(
        &sim,
        "/v1/subscription/card_info_arrange",
        &json!({"reference_no": "SUB-2", "card_information": [
            {"subscription_card_id": link_id(1), "card_id": approving.parse::<u64>().unwrap(), "order_no": "1"}
        ]})
        .to_string(),
    )
    .await;
    assert_eq!(arranged.json["code"], 0, "{}", arranged.text);
    sim.advance_clock(Duration::from_secs(2 * 3600));
    let charged = manual(&sim, json!({"reference_no": "SUB-2", "invoice_no": rows[1]["invoice_no"].as_str().unwrap().parse::<u64>().unwrap()})).await;
    assert_eq!(charged.json["code"], 0, "{}", charged.text);
    assert_eq!(charged.json["data"][0]["code"], 0);
    let rows = invoices(&sim, "SUB-2").await;
    assert_eq!(statuses(&rows), [3, 3]);
    let tried = attempts(&sim, &rows[1]).await;
    let tried = tried.json["data"].as_array().unwrap().clone();
    assert_eq!(tried.len(), 2, "one automatic decline, one manual approval");
    assert_eq!(tried[1]["card_id"], approving.as_str());
    assert_eq!(tried[1]["is_manual"], true);
}

/// The demo's story: the limited card pays three monthly invoices of 100.00 TL, the fourth is
/// declined ("Limit yetersiz"); a manual charge right after a failed attempt waits for the
/// cooldown; a second card pays it by hand once the wait is over.
#[tokio::test]
async fn the_limited_card_pays_three_and_the_fourth_is_retried_by_hand() {
    let sim = sim().await;
    create(&sim, "SUB-3", 12).await;
    add_card(&sim, "SUB-3", TEST_CARD_LIMITED).await;
    let a = advance(&sim, json!({"days": 92})).await;
    let billed = a.json["billed"].as_array().unwrap();
    let results: Vec<(u64, &str)> = billed
        .iter()
        .map(|b| {
            (
                b["status"].as_u64().unwrap(),
                b["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        results,
        [
            (3, "Başarılı İşlem"),
            (3, "Başarılı İşlem"),
            (3, "Başarılı İşlem"),
            (4, "Limit yetersiz")
        ]
    );
    let rows = invoices(&sim, "SUB-3").await;
    let fourth = rows[3].clone();
    assert_eq!(statuses(&rows[..5]), [3, 3, 3, 4, 0]);
    let check = call(
        &sim,
        "/v1/transaction/check",
        &json!({"reference_no": "SUB-3"}).to_string(),
    )
    .await;
    let declined = &check.json["Data"][3];
    assert_eq!(declined["is_succeed"], false, "{}", check.text);

    // By hand at once: tried again (the automatic attempt was at midnight) and declined...
    let no = fourth["invoice_no"].as_str().unwrap().to_owned();
    let again = manual(&sim, json!({"reference_no": "SUB-3", "invoice_no": no})).await;
    assert_eq!(again.json["code"], 1, "{}", again.text);
    assert!(
        again.json["message"]
            .as_str()
            .unwrap()
            .ends_with("tahsil edilemedi: Limit yetersiz"),
        "{}",
        again.text
    );
    // ...and once more: inside the cooldown, in Paynet's words.
    let wait = manual(&sim, json!({"reference_no": "SUB-3", "invoice_no": no})).await;
    assert_eq!(wait.json["code"], 1);
    let message = wait.json["message"].as_str().unwrap();
    // The last attempt was seconds ago: the wait, rounded up to the minute, is two hours.
    assert_eq!(
        message,
        format!("{no} numarali siparis için 2 saat 0 dakika sonra deneme yapabilirsiniz")
    );
    assert_eq!(wait.json["data"][0]["message"], message);
    // Three minutes later: Paynet's own example.
    advance(&sim, json!({"minutes": 3})).await;
    let later = manual(&sim, json!({"reference_no": "SUB-3", "invoice_no": no})).await;
    assert_eq!(
        later.json["message"],
        format!("{no} numarali siparis için 1 saat 57 dakika sonra deneme yapabilirsiniz")
    );

    // A second card, and the wait over: paid by hand.
    add_card(&sim, "SUB-3", TEST_CARD_APPROVE).await;
    advance(&sim, json!({"hours": 2})).await;
    let paid = manual(&sim, json!({"reference_no": "SUB-3"})).await;
    assert_eq!(paid.json["code"], 0, "{}", paid.text);
    let rows = invoices(&sim, "SUB-3").await;
    assert_eq!(statuses(&rows[..5]), [3, 3, 3, 3, 0]);
    let tried = attempts(&sim, &rows[3]).await;
    let manual_rows: Vec<bool> = tried.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["is_manual"].as_bool().unwrap())
        .collect();
    assert_eq!(manual_rows, [false, true, true, true]);
    // Nothing else is due: code 12, no row.
    let none = manual(&sim, json!({"reference_no": "SUB-3"})).await;
    assert_eq!(
        (none.json["code"].clone(), none.json["data"].clone()),
        (json!(12), json!([]))
    );
}

#[tokio::test]
async fn amounts_statuses_and_added_invoices() {
    let sim = sim().await;
    create(&sim, "SUB-4", 3).await;
    add_card(&sim, "SUB-4", TEST_CARD_APPROVE).await;
    advance(&sim, json!({"days": 0})).await;
    // amount_update: the unpaid invoices change; the paid one keeps its amount.
    let a = call(
        &sim,
        "/v1/subcription/amount_update",
        &json!({"subcription_id": created_id(&sim, "SUB-4").await, "amount": 12000}).to_string(),
    )
    .await;
    assert_eq!(a.json["code"], 0, "{}", a.text);
    let amounts =
        |rows: &[Value]| -> Vec<String> { rows.iter().map(|r| r["amount"].to_string()).collect() };
    let rows = invoices(&sim, "SUB-4").await;
    assert_eq!(amounts(&rows), ["100.0", "120.0", "120.0"]);
    // plan_amount_update: one planned charge; the paid one is refused.
    let p = call(
        &sim,
        "/v1/subscription/plan_amount_update",
        &json!({"reference_no": "SUB-4", "plan_id": "3", "amount": "15000"}).to_string(),
    )
    .await;
    assert_eq!(p.json["code"], 0, "{}", p.text);
    let p = call(
        &sim,
        "/v1/subscription/plan_amount_update",
        &json!({"reference_no": "SUB-4", "plan_id": "1", "amount": "15000"}).to_string(),
    )
    .await;
    assert_eq!(p.json["code"], 1, "{}", p.text);
    // invoice_amount_update by number.
    let i = call(
        &sim,
        "/v1/subscription/invoice_amount_update",
        &json!({"invoice_no": rows[1]["invoice_no"], "amount": "9000"}).to_string(),
    )
    .await;
    assert_eq!(i.json["code"], 0, "{}", i.text);
    let rows = invoices(&sim, "SUB-4").await;
    assert_eq!(amounts(&rows), ["100.0", "90.0", "150.0"]);
    // An invoice paid another way (2) is not charged; a paid one keeps its status.
    let s = call(
        &sim,
        "/v1/subscription/invoice_status_update",
        &json!({"invoice_no": rows[1]["invoice_no"], "status": 2}).to_string(),
    )
    .await;
    assert_eq!(s.json["code"], 0, "{}", s.text);
    let s = call(
        &sim,
        "/v1/subscription/invoice_status_update",
        &json!({"invoice_id": rows[0]["invoice_id"], "status": 5}).to_string(),
    )
    .await;
    assert_eq!(s.json["code"], 1, "{}", s.text);
    // An added invoice, due on its own date and time.
    let added = call(
        &sim,
        "/v1/subscription/create_invoice",
        &json!({"reference_no": "SUB-4", "val_date": "10.06.2024 12:30:00", "amount": "2500", "invoice_no": "INV-EXTRA-1"}).to_string(),
    )
    .await;
    assert_eq!(added.json["invoice_no"], "INV-EXTRA-1", "{}", added.text);
    let rows = invoices(&sim, "SUB-4").await;
    assert_eq!(rows[1]["val_date"], "10.06.2024 12:30:00");
    assert_eq!(rows[1]["plan_id"], "");
    advance(&sim, json!({"days": 61})).await;
    let rows = invoices(&sim, "SUB-4").await;
    assert_eq!(statuses(&rows), [3, 3, 2, 3]);
    let only_paid = call(
        &sim,
        "/v1/subscription/invoice_list",
        &json!({"reference_no": "SUB-4", "invoice_status": "3"}).to_string(),
    )
    .await;
    assert_eq!(only_paid.json["total_count"], 3, "{}", only_paid.text);
    assert!(
        only_paid.text.contains(r#""total":275.00"#),
        "{}",
        only_paid.text
    );
    // All at once: what is not paid.
    let all = call(
        &sim,
        "/v1/subscription/invoices_status_update_all",
        &json!({"reference_no": "SUB-4", "status": 6}).to_string(),
    )
    .await;
    assert_eq!(all.json["code"], 0);
    assert_eq!(statuses(&invoices(&sim, "SUB-4").await), [3, 3, 6, 3]);
}

async fn created_id(sim: &Simulator, reference_no: &str) -> String {
    let d = call(
        sim,
        "/v1/subscription/subscription_detail",
        &json!({"reference_no": reference_no}).to_string(),
    )
    .await;
    d.json["subscription_id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn cards_by_label_group_and_the_lists() {
    let sim = sim().await;
    create(&sim, "SUB-5", 2).await;
    let card = add_card(&sim, "SUB-5", TEST_CARD_APPROVE).await;
    let label = call(
        &sim,
        "/v1/subscription/card_info_label_update",
        &json!({"card_id": card, "label": "Ortak kart"}).to_string(),
    )
    .await;
    assert_eq!(
        label.json["message"], "Güncelleme başarılı.",
        "{}",
        label.text
    );
    let found = call(
        &sim,
        "/v1/subscription/card_info_filter",
        &json!({"label": "ortak KART"}).to_string(),
    )
    .await;
    assert_eq!(
        found.json["Data"][0]["card_id"],
        card.as_str(),
        "{}",
        found.text
    );
    let none = call(
        &sim,
        "/v1/subscription/card_info_filter",
        &json!({"label": "yok"}).to_string(),
    )
    .await;
    assert_eq!(none.json["code"], 12);
    // A group: the card given to each of its subscriptions.
    for r in ["SUB-G1", "SUB-G2"] {
        call(
            &sim,
            "/v1/subscription/create",
            &json!({
                "name_surname": "Ali Veli", "amount": 5000, "interval": "1", "interval_count": "2",
                "begin_date": "2024-06-10", "reference_no": r, "end_user_email": "ali@example.com",
                "end_user_gsm": "5320000000", "end_user_desc": "Haftalık",
                "group_reference_no": "GROUP-1", "addcomission_to_amount": "false"
            })
            .to_string(),
        )
        .await;
    }
    let linked = call(
        &sim,
        "/v1/subscription/card_info_link_to_subscription",
        &json!({"group_reference_no": "GROUP-1", "card_id": card}).to_string(),
    )
    .await;
    let details = linked.json["details"].as_array().unwrap();
    assert_eq!(details.len(), 2, "{}", linked.text);
    assert!(details.iter().all(|d| d["is_succeed"] == true));
    let again = call(
        &sim,
        "/v1/subscription/card_info_link_to_subscription",
        &json!({"reference_no": "SUB-G1", "card_id": card}).to_string(),
    )
    .await;
    assert_eq!(again.json["details"][0]["is_succeed"], false);
    let weekly = invoices(&sim, "SUB-G2").await;
    assert_eq!(weekly[1]["val_date"], "17.06.2024 00:00:00");
    // The list of the range, and its refusals.
    let list = call(
        &sim,
        "/v1/subscription/list",
        &json!({"datab": "03.06.2024", "datbi": "03.06.2024", "group_reference_no": "GROUP-1"})
            .to_string(),
    )
    .await;
    assert_eq!(list.json["total_count"], 2, "{}", list.text);
    assert_eq!(list.json["data"][0]["reference_no"], "SUB-G1");
    assert_eq!(list.json["data"][0]["interval"], 1);
    let paged = call(
        &sim,
        "/v1/subscription/list",
        &json!({"datab": "03.06.2024", "datbi": "03.06.2024", "limit": 1}).to_string(),
    )
    .await;
    assert_eq!(paged.json["data"].as_array().unwrap().len(), 1);
    assert_eq!(paged.json["has_more"], true);
    let next = call(
        &sim,
        "/v1/subscription/list",
        &json!({"datab": "03.06.2024", "datbi": "03.06.2024", "limit": 1,
                "starting_after": paged.json["data"][0]["subscription_id"]})
        .to_string(),
    )
    .await;
    assert_eq!(
        next.json["data"][0]["reference_no"], "SUB-G1",
        "{}",
        next.text
    );
    let empty = call(
        &sim,
        "/v1/subscription/list",
        &json!({"datab": "01.01.2024", "datbi": "02.01.2024"}).to_string(),
    )
    .await;
    assert_eq!(
        (empty.json["code"].clone(), empty.json["data"].clone()),
        (json!(12), json!([]))
    );
    let resend = call(
        &sim,
        "/v1/subscription/send_again",
        &json!({"reference_no": "SUB-5"}).to_string(),
    )
    .await;
    assert_eq!(resend.json["object_name"], "subscription_send_again");
}

/// The payer's page: the plan, the card through the bank's 3-D page, the acceptance.
#[tokio::test]
async fn the_subscriptions_page_adds_a_card_through_3d_and_accepts() {
    let sim = sim().await;
    let created = create(&sim, "SUB-6", 3).await;
    let url = created.json["url"].as_str().unwrap().to_owned();
    let http = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = http.get(&url).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("100,00 TL") && page.contains("03.08.2024"),
        "{page}"
    );
    assert!(page.contains("Henüz kart eklenmedi"), "{page}");
    let form = |accept: bool| {
        let mut fields = vec![
            ("card_holder", "AYSE YILMAZ".to_owned()),
            ("pan", format!("{} ", TEST_CARD_APPROVE)),
            ("month", TEST_EXPIRY_MONTH.to_string()),
            ("year", TEST_EXPIRY_YEAR.to_string()),
            ("cvv", TEST_CVC.to_owned()),
        ];
        if accept {
            fields.push(("accept", "1".to_owned()));
        }
        fields
    };
    let post_form = |fields: Vec<(&str, String)>| {
        let body: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!("{k}={}", v.replace(' ', "+")))
            .collect();
        http.post(&url)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.join("&"))
            .send()
    };
    let refused = post_form(form(false)).await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("kabul etmeniz"));
    let to_bank = post_form(form(true)).await.unwrap();
    assert_eq!(to_bank.status(), StatusCode::SEE_OTHER);
    let bank = to_bank.headers()["location"].to_str().unwrap().to_owned();
    assert!(bank.contains("/sim/3d?session_id="), "{bank}");
    let back = http
        .get(format!("{bank}&auto=approve"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let value = |name: &str| {
        let marker = format!("name=\"{name}\" value=\"");
        let rest = &back[back.find(&marker).unwrap() + marker.len()..];
        rest[..rest.find('"').unwrap()].to_owned()
    };
    assert!(back.contains(&format!("action=\"{url}/return\"")), "{back}");
    let done = http
        .post(format!("{url}/return"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "session_id={}&token_id={}",
            value("session_id"),
            value("token_id")
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        done.contains("Kartınız eklendi") && done.contains("435508******4358"),
        "{done}"
    );
    assert!(!done.contains(TEST_CARD_APPROVE));
    let detail = call(
        &sim,
        "/v1/subscription/subscription_detail",
        &json!({"reference_no": "SUB-6"}).to_string(),
    )
    .await;
    assert_eq!(detail.json["is_accepted"], true, "{}", detail.text);
    let page = http.get(&url).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("435508******4358") && page.contains("Talimat onaylandı"),
        "{page}"
    );
    let a = advance(&sim, json!({"days": 0})).await;
    assert_eq!(a.json["billed"][0]["status"], 3, "{}", a.text);
}

#[tokio::test]
async fn refusals_and_lenient_reading() {
    let sim = sim().await;
    let no_key = post(&sim, "/v1/subscription/list", &[], "{}").await;
    assert_paynet_error(&no_key, 401, "authorization_error", 7);
    let neither = call(&sim, "/v1/subscription/subscription_detail", "{}").await;
    assert_paynet_error(&neither, 400, "invalid_request_error", 11);
    let unknown = call(
        &sim,
        "/v1/subscription/subscription_detail",
        r#"{"reference_no":"NOPE"}"#,
    )
    .await;
    assert_paynet_error(&unknown, 404, "no_data_error", 12);
    let body = |change: Value| {
        let mut b = json!({
            "name_surname": "A", "amount": "1000", "interval": 2, "interval_count": 3,
            "begin_date": "03.06.2024", "reference_no": "SUB-R", "end_user_email": "a@b.co",
            "end_user_gsm": "5321234567", "end_user_desc": "d"
        });
        for (k, v) in change.as_object().unwrap() {
            b[k] = v.clone();
        }
        b.to_string()
    };
    for bad in [
        json!({"amount": "10.00"}),
        json!({"amount": 10.5}),
        json!({"interval": 4}),
        json!({"interval_count": 0}),
        json!({"begin_date": "2024/06/03"}),
        json!({"begin_date": "02.06.2024"}),
        json!({"name_surname": ""}),
        json!({"interval": "yes"}),
    ] {
        let a = call(&sim, "/v1/subscription/create", &body(bad.clone())).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
    }
    let ok = call(
        &sim,
        "/v1/subscription/create",
        &body(json!({"amount": 1000})),
    )
    .await;
    assert_eq!(ok.json["code"], 0, "{}", ok.text);
    let twice = call(&sim, "/v1/subscription/create", &body(json!({}))).await;
    assert_eq!(twice.json["code"], 1, "{}", twice.text);
    let bad_status = call(
        &sim,
        "/v1/subscription/status_update",
        r#"{"reference_no":"SUB-R","status":1}"#,
    )
    .await;
    assert_paynet_error(&bad_status, 400, "invalid_request_error", 11);
    // Card data: checked, never echoed.
    let wrong = call(
        &sim,
        "/v1/subscription/create_card_tds_initial",
        &json!({"reference_no": "SUB-R", "return_url": "https://shop.example/b",
                "pan": "4355084355084357", "card_holder": "A", "month": 12, "year": 35, "cvv": "000"})
        .to_string(),
    )
    .await;
    assert_eq!(wrong.json["code"], 18, "{}", wrong.text);
    assert!(!wrong.text.contains("4355084355084357"));
    // A card session is not a payment: tds_charge refuses it.
    let (session, token, _) = start_card(&sim, "SUB-R", TEST_CARD_APPROVE).await;
    let pending = confirm(&sim, &session, &token).await;
    assert_eq!(
        (
            pending.json["is_succeed"].clone(),
            pending.json["code"].clone()
        ),
        (json!(false), json!(16))
    );
    sim.three_d_return(&session, true).unwrap();
    let charge = call(
        &sim,
        "/v2/transaction/tds_charge",
        &json!({"session_id": session, "token_id": token}).to_string(),
    )
    .await;
    assert_eq!(charge.json["code"], 13, "{}", charge.text);
    let confirmed = confirm(&sim, &session, &token).await;
    assert_eq!(
        (
            confirmed.json["is_succeed"].clone(),
            confirmed.json["code"].clone(),
            confirmed.json["message"].clone()
        ),
        (json!(true), json!(1), json!("Basarili islem")),
        "Paynet's example: code 1 when the card was added"
    );
    let again = confirm(&sim, &session, &token).await;
    assert_eq!(again.json["card_id"], confirmed.json["card_id"]);
    let unknown = confirm(&sim, "js_nope", &token).await;
    assert_eq!(unknown.json["code"], 13);
    // The clock only moves forward.
    for bad in [json!({"days": -1}), json!({}), json!({"days": "x"})] {
        let a = advance(&sim, bad).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
    }
    let a = advance(&sim, json!({"days": "1"})).await;
    assert_eq!(a.json["today"], "04.06.2024", "{}", a.text);
    // The old page's path.
    let old = call(
        &sim,
        "/v1/subscription/manual_charge",
        r#"{"reference_no":"SUB-R"}"#,
    )
    .await;
    assert_eq!(old.status, StatusCode::OK, "{}", old.text);
    assert_eq!(old.json["object_name"], "subscription_manuel_charge");
}

/// The limited test card's limit holds for direct payments too.
#[tokio::test]
async fn the_limited_card_declines_a_payment_over_its_limit() {
    let sim = sim().await;
    let first = pay(&sim, "200,00", "LIMIT-1", TEST_CARD_LIMITED).await;
    assert_eq!(first.json["is_succeed"], true, "{}", first.text);
    let over = pay(&sim, "150,00", "LIMIT-2", TEST_CARD_LIMITED).await;
    assert_eq!(over.json["is_succeed"], false, "{}", over.text);
    assert_eq!(over.json["bank_error_id"], "51");
    assert_eq!(over.json["bank_error_message"], "Limit yetersiz");
    let within = pay(&sim, "100,00", "LIMIT-3", TEST_CARD_LIMITED).await;
    assert_eq!(within.json["is_succeed"], true, "{}", within.text);
}

/// `manuel_charge` with `body`, on a raw request: `Err` when no answer came (the connection
/// closed), else the answer.
async fn manual_raw(sim: &Simulator, body: Value) -> Result<Answer, reqwest::Error> {
    let response = client()
        .post(format!("{}/v1/subscription/manuel_charge", sim.base_url()))
        .header("authorization", format!("Basic {}", sim.secret_key()))
        .body(body.to_string())
        .send()
        .await?;
    Ok(Answer::from(response).await)
}

/// The successful sales `check` finds under `reference_no`.
async fn sales(sim: &Simulator, reference_no: &str) -> usize {
    let check = call(
        sim,
        "/v1/transaction/check",
        &json!({"reference_no": reference_no}).to_string(),
    )
    .await;
    check.json["Data"]
        .as_array()
        .map(|rows| rows.iter().filter(|r| r["is_succeed"] == true).count())
        .unwrap_or(0)
}

#[tokio::test]
async fn the_manual_charge_has_the_transport_triggers_of_its_subscription() {
    let delay = Duration::from_millis(300);
    let sim = Simulator::start(paynet_sim::SimConfig::default().seed(7).slow_delay(delay))
        .await
        .unwrap();
    for reference in ["LOST-SUB", "DROP-SUB", "SLOW-SUB", "FAIL500-SUB"] {
        // The routes that move no money have no triggers: created and given a card as any other.
        assert_eq!(create(&sim, reference, 3).await.json["code"], 0);
        add_card(&sim, reference, TEST_CARD_APPROVE).await;
        // The first invoice is due today (3 June 2024, 00:00): nothing charged yet.
        assert_eq!(statuses(&invoices(&sim, reference).await), [0, 0, 0]);
    }

    // LOST: the invoice is charged and the sale recorded, and the answer never arrives.
    let before = sim.transaction_count();
    let started = std::time::Instant::now();
    let lost = manual_raw(&sim, json!({"reference_no": "LOST-SUB"})).await;
    assert!(lost.is_err(), "{lost:?}");
    assert!(started.elapsed() >= delay);
    assert_eq!(sim.transaction_count(), before + 1);
    let rows = invoices(&sim, "LOST-SUB").await;
    assert_eq!(statuses(&rows), [3, 0, 0]);
    assert!(!rows[0]["xact_id"].as_str().unwrap().is_empty(), "{rows:?}");
    // Lookups with the same reference are answered, so that the outcome can be settled.
    assert_eq!(sales(&sim, "LOST-SUB").await, 1);
    let detail = call(
        &sim,
        "/v1/subscription/subscription_detail",
        &json!({"reference_no": "LOST-SUB"}).to_string(),
    )
    .await;
    assert_eq!(detail.json["code"], 0, "{}", detail.text);

    // DROP, the subscription named by its id: the connection closes, nothing is charged.
    let id = created_id(&sim, "DROP-SUB").await;
    let before = sim.transaction_count();
    let dropped = manual_raw(&sim, json!({"subscription_id": id})).await;
    let err = dropped.unwrap_err();
    assert!(!err.is_timeout() && err.status().is_none(), "{err:?}");
    assert_eq!(sim.transaction_count(), before);
    assert_eq!(statuses(&invoices(&sim, "DROP-SUB").await), [0, 0, 0]);

    // FAIL500: an HTML 500, nothing charged.
    let failed = manual_raw(&sim, json!({"reference_no": "FAIL500-SUB"}))
        .await
        .unwrap();
    assert_eq!(failed.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(failed.content_type.starts_with("text/html"), "{failed:?}");
    assert_eq!(statuses(&invoices(&sim, "FAIL500-SUB").await), [0, 0, 0]);

    // SLOW: late, then charged as usual.
    let started = std::time::Instant::now();
    let slow = manual(&sim, json!({"reference_no": "SLOW-SUB"})).await;
    assert!(started.elapsed() >= delay);
    assert_eq!(slow.json["code"], 0, "{}", slow.text);
    assert_eq!(statuses(&invoices(&sim, "SLOW-SUB").await), [3, 0, 0]);

    // The clock has no triggers: it bills the invoice DROP and FAIL500 left due.
    let a = advance(&sim, json!({"minutes": 1})).await;
    let mut billed: Vec<&str> = a.json["billed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["reference_no"].as_str().unwrap())
        .collect();
    billed.sort_unstable();
    assert_eq!(billed, ["DROP-SUB", "FAIL500-SUB"], "{}", a.text);
    assert_eq!(statuses(&invoices(&sim, "DROP-SUB").await), [3, 0, 0]);

    // The subscription is found first: an unknown one is the 404, whatever its reference.
    let unknown = manual_raw(&sim, json!({"reference_no": "DROP-NONE"}))
        .await
        .unwrap();
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.text);
}
