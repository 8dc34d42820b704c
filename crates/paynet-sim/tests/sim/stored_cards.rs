//! Card storage (`/v1/card/*`) and paying with a stored card: saves (the first one makes the
//! owner, ten at once make one), the 1 TL check, the one-time password, paging, renames, soft
//! deletes, the refusals (25, 26), a `card_hash` paying like its card, and saving while paying.

use paynet_sim::{
    SimConfig, Simulator, TEST_CARD_3D_REQUIRED, TEST_CARD_APPROVE, TEST_CARD_DECLINE,
    TEST_CARD_HASH, TEST_CARD_OWNER_ID, TEST_OTP_CODE, TEST_USER_UNIQUE_ID,
};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{
    Answer, assert_paynet_error, call, card_body, is_dotnet_timestamp, keys, sim,
};

const SAVE: &str = "/v1/card/save";
const LIST: &str = "/v1/card/list";
const RENAME: &str = "/v1/card/desc_update";
const DELETE: &str = "/v1/card/delete";
const SEND_OTP: &str = "/v1/card/send_otp";
const CHECK_OTP: &str = "/v1/card/check_otp";
const PAY: &str = "/v2/transaction/payment";
const GSM: &str = "5321234567";

/// A save body: the card, its description and `extra` fields (JSON object entries).
fn save_body(pan: &str, desc: &str, extra: Value) -> String {
    let mut body = json!({
        "card_desc": desc,
        "card_holder": "AYSE YILMAZ",
        "card_number": pan,
        "expire_month": "12",
        "expire_year": "2035",
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    body.to_string()
}

async fn save(sim: &Simulator, pan: &str, desc: &str, extra: Value) -> Answer {
    call(sim, SAVE, &save_body(pan, desc, extra)).await
}

/// A successful save: its (card_owner_id, card_hash).
async fn saved(sim: &Simulator, pan: &str, desc: &str, extra: Value) -> (String, String) {
    let a = save(sim, pan, desc, extra).await;
    assert_eq!(
        (a.status, &a.json["code"]),
        (StatusCode::OK, &json!(0)),
        "{}",
        a.text
    );
    (
        a.json["card_owner_id"].as_str().unwrap().to_owned(),
        a.json["card_hash"].as_str().unwrap().to_owned(),
    )
}

async fn list(sim: &Simulator, body: Value) -> Answer {
    call(sim, LIST, &body.to_string()).await
}

/// The descriptions of an owner's listed cards, in order.
async fn descriptions(sim: &Simulator, owner: &str) -> Vec<String> {
    let a = list(sim, json!({"card_owner_id": owner, "limit": 100})).await;
    a.json["Data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["card_desc"].as_str().unwrap().to_owned())
        .collect()
}

fn is_guid(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
}

#[tokio::test]
async fn the_first_save_makes_the_owner_and_later_ones_use_it() {
    let sim = sim().await;
    let a = save(
        &sim,
        TEST_CARD_APPROVE,
        "Maaş kartım",
        json!({"user_unique_id": "cust-1"}),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.content_type, "application/json");
    assert_eq!(
        (&a.json["object_name"], &a.json["code"], &a.json["message"]),
        (&json!("card_save"), &json!(0), &json!("Başarılı İşlem"))
    );
    let owner = a.json["card_owner_id"].as_str().unwrap().to_owned();
    assert!(
        is_guid(&owner) && is_guid(a.json["card_hash"].as_str().unwrap()),
        "{}",
        a.text
    );
    assert_eq!(a.json["user_unique_id"], "cust-1");
    assert_eq!(a.json["card_no"], "435508******4358");
    assert_eq!(a.json["card_bin"], "435508");
    assert_eq!(a.json["card_bank_id"], "AXSS");
    assert_eq!(a.json["card_brand_name"], "Visa");
    assert_eq!(a.json["card_holder"], "AY*******AZ");
    assert_eq!(
        (&a.json["expire_month"], &a.json["expire_year"]),
        (&json!(12), &json!(2035))
    );
    assert!(!a.text.contains(TEST_CARD_APPROVE), "{}", a.text);

    // A later save names the owner; the same user_unique_id again finds the same owner.
    let (o2, _) = saved(
        &sim,
        TEST_CARD_DECLINE,
        "İkinci",
        json!({"card_owner_id": owner}),
    )
    .await;
    let (o3, _) = saved(
        &sim,
        TEST_CARD_APPROVE,
        "Üçüncü",
        json!({"user_unique_id": "cust-1"}),
    )
    .await;
    assert_eq!((&o2, &o3), (&owner, &owner));
    assert_eq!(
        descriptions(&sim, &owner).await,
        ["Maaş kartım", "İkinci", "Üçüncü"]
    );
    // Another customer is another owner.
    let (other, _) = saved(
        &sim,
        TEST_CARD_APPROVE,
        "X",
        json!({"user_unique_id": "cust-2"}),
    )
    .await;
    assert_ne!(other, owner);

    // An owner the simulator never answered: code 26 (card_key_undefined), nothing stored.
    let a = save(
        &sim,
        TEST_CARD_APPROVE,
        "X",
        json!({"card_owner_id": "no-such-owner"}),
    )
    .await;
    assert_eq!(
        (a.status, &a.json["code"]),
        (StatusCode::OK, &json!(26)),
        "{}",
        a.text
    );
    // Wrong card data: code 18.
    let a = save(
        &sim,
        "4355084355084359",
        "X",
        json!({"user_unique_id": "cust-1"}),
    )
    .await;
    assert_eq!(a.json["code"], 18, "{}", a.text);
    let mut expired = save_body(TEST_CARD_APPROVE, "X", json!({"user_unique_id": "cust-1"}));
    expired = expired.replace("\"2035\"", "\"2020\"");
    assert_eq!(call(&sim, SAVE, &expired).await.json["code"], 18);
    assert_eq!(descriptions(&sim, &owner).await.len(), 3);
}

#[tokio::test]
async fn a_save_is_checked_as_leniently_as_paynet_reads() {
    let sim = sim().await;
    for (extra, why) in [
        (json!({}), "neither owner key"),
        (
            json!({"user_unique_id": "u", "card_owner_id": TEST_CARD_OWNER_ID}),
            "both keys",
        ),
        (
            json!({"user_unique_id": "u", "user_gsm": "05321234567"}),
            "a GSM with a 0",
        ),
        (
            json!({"user_unique_id": "u", "otp_session_id": "s"}),
            "a session without its code",
        ),
    ] {
        let a = save(&sim, TEST_CARD_APPROVE, "Kart", extra).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
        assert!(!a.text.contains(TEST_CARD_APPROVE), "{why}: {}", a.text);
    }
    let a = save(
        &sim,
        TEST_CARD_APPROVE,
        &"x".repeat(51),
        json!({"user_unique_id": "u"}),
    )
    .await;
    assert_paynet_error(&a, 400, "invalid_request_error", 11);
    let a = call(
        &sim,
        SAVE,
        r#"{"card_desc":"Kart","card_number":"4355084355084358","user_unique_id":"u"}"#,
    )
    .await;
    assert_paynet_error(&a, 400, "invalid_request_error", 11);
    // Numbers as numbers, an expiry of two digits, a GSM of the right form.
    let lenient = r#"{"card_desc":"Kart","card_holder":"A B","card_number":4355084355084358,
        "expire_month":8,"expire_year":"35","user_unique_id":1001,"user_gsm":"5321234567"}"#;
    let a = call(&sim, SAVE, lenient).await;
    assert_eq!(a.json["code"], 0, "{}", a.text);
    assert_eq!(
        (&a.json["expire_month"], &a.json["expire_year"]),
        (&json!(8), &json!(2035))
    );
    assert_eq!(a.json["user_unique_id"], "1001");
    // The 401 without the secret key.
    let a = crate::support::post(
        &sim,
        SAVE,
        &[],
        &save_body(TEST_CARD_APPROVE, "K", json!({"user_unique_id": "u"})),
    )
    .await;
    assert_paynet_error(&a, 401, "authorization_error", 7);
}

/// Ten saves in flight at once on a multi-threaded runtime (the server's workers handle them in
/// parallel): one owner, ten cards.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_concurrent_first_saves_end_with_one_owner() {
    let sim = std::sync::Arc::new(sim().await);
    let mut tasks = Vec::new();
    for i in 0..10 {
        let sim = std::sync::Arc::clone(&sim);
        tasks.push(tokio::spawn(async move {
            save(
                &sim,
                TEST_CARD_APPROVE,
                &format!("Kart {i}"),
                json!({"user_unique_id": "same-customer"}),
            )
            .await
        }));
    }
    let mut owners = std::collections::BTreeSet::new();
    let mut hashes = std::collections::BTreeSet::new();
    for task in tasks {
        let a = task.await.unwrap();
        assert_eq!(a.json["code"], 0, "{}", a.text);
        owners.insert(a.json["card_owner_id"].as_str().unwrap().to_owned());
        hashes.insert(a.json["card_hash"].as_str().unwrap().to_owned());
    }
    assert_eq!(owners.len(), 1, "{owners:?}");
    assert_eq!(hashes.len(), 10);
    let owner = owners.into_iter().next().unwrap();
    assert_eq!(descriptions(&sim, &owner).await.len(), 10);
}

/// The transactions of today, every one (declines too).
async fn todays(sim: &Simulator) -> Vec<Value> {
    let today = "2024-06-03";
    let a = call(
        sim,
        "/v1/transaction/list",
        &format!(r#"{{"datab":"{today}","datbi":"{today}","show_unsucceed":true,"limit":1000}}"#),
    )
    .await;
    a.json["Data"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn a_save_with_a_cvv_takes_1_tl_and_cancels_it() {
    let sim = sim().await;
    let before = todays(&sim).await.len();
    saved(
        &sim,
        TEST_CARD_APPROVE,
        "CVV'siz",
        json!({"user_unique_id": "u"}),
    )
    .await;
    assert_eq!(todays(&sim).await.len(), before, "no CVV: no check");

    saved(
        &sim,
        TEST_CARD_APPROVE,
        "CVV'li",
        json!({"user_unique_id": "u", "cvv": "123"}),
    )
    .await;
    let rows = todays(&sim).await;
    let new: Vec<&Value> = rows.iter().skip(before).collect();
    assert_eq!(new.len(), 2, "{new:?}");
    assert_eq!(
        (&new[0]["xact_type"], &new[0]["amount"]),
        (&json!(3), &json!(1.0))
    );
    assert_eq!(new[0]["reversed"], true);
    assert_eq!(
        (&new[1]["xact_type"], &new[1]["amount"]),
        (&json!(5), &json!(1.0))
    );
    assert_eq!(new[0]["reversed_xact_id"], new[1]["xact_id"]);
    let reference = new[0]["agent_referans_no"].as_str().unwrap();
    assert!(reference.starts_with("CARDSAVE-"), "{reference}");
    assert_eq!(new[1]["agent_referans_no"], reference);

    // The bank declines the declining card's check: not stored, the decline recorded.
    let a = save(
        &sim,
        TEST_CARD_DECLINE,
        "Red",
        json!({"user_unique_id": "u", "cvv": "123"}),
    )
    .await;
    assert_eq!(
        (a.status, &a.json["code"]),
        (StatusCode::OK, &json!(1)),
        "{}",
        a.text
    );
    assert!(a.json.get("card_hash").is_none(), "{}", a.text);
    let rows = todays(&sim).await;
    assert_eq!(rows.len(), before + 3);
    assert_eq!(rows.last().unwrap()["is_succeed"], false);
    let owner = call(&sim, LIST, r#"{"card_owner_id":"x"}"#).await;
    assert_eq!(owner.json["code"], 26);
}

#[tokio::test]
async fn a_one_time_password_is_mandatory_with_card_otp() {
    let sim = Simulator::start(SimConfig::default().seed(7).card_otp(true))
        .await
        .unwrap();
    let owner = json!({"user_unique_id": "otp-customer", "user_gsm": GSM});
    let with_otp = |session: &str, code: &str| {
        let mut e = owner.clone();
        e["otp_session_id"] = json!(session);
        e["otp_code"] = json!(code);
        e
    };
    // Without one: the 400.
    let a = save(&sim, TEST_CARD_APPROVE, "Kart", owner.clone()).await;
    assert_paynet_error(&a, 400, "invalid_request_error", 11);
    // Sent, not yet checked: refused (code 1).
    let send = |session: &str, gsm: &str| {
        let body = json!({"user_gsm": gsm, "otp_session_id": session}).to_string();
        let sim = &sim;
        async move { call(sim, SEND_OTP, &body).await }
    };
    let sent = send("s-1", GSM).await;
    assert_eq!(
        (&sent.json["code"], &sent.json["object_name"]),
        (&json!(0), &json!("card_send_otp"))
    );
    assert!(
        is_dotnet_timestamp(sent.json["otp_expire"].as_str().unwrap()),
        "{}",
        sent.text
    );
    assert_eq!(
        send("s-1", GSM).await.json["code"],
        1,
        "again before otp_expire"
    );
    assert_paynet_error(
        &send("s-9", "0532123456").await,
        400,
        "invalid_request_error",
        11,
    );
    assert_eq!(
        save(
            &sim,
            TEST_CARD_APPROVE,
            "Kart",
            with_otp("s-1", TEST_OTP_CODE)
        )
        .await
        .json["code"],
        1
    );
    let check = |session: &str, gsm: &str, code: &str| {
        let body =
            json!({"otp_session_id": session, "user_gsm": gsm, "otp_code": code}).to_string();
        let sim = &sim;
        async move { call(sim, CHECK_OTP, &body).await }
    };
    let wrong = check("s-1", GSM, "XXXX").await;
    assert_eq!(wrong.json["code"], 1, "{}", wrong.text);
    assert!(
        wrong.json["message"]
            .as_str()
            .unwrap()
            .contains("kalan deneme: 2")
    );
    assert_eq!(
        check("s-1", "5329999999", TEST_OTP_CODE).await.json["code"],
        1,
        "another GSM"
    );
    let right = check("s-1", GSM, TEST_OTP_CODE).await;
    assert_eq!(right.json, json!({"code": 0, "message": "Başarılı İşlem"}));
    // Checked: the save with its code stores the card, once.
    assert_eq!(
        save(&sim, TEST_CARD_APPROVE, "Kart", with_otp("s-1", "NOPE"))
            .await
            .json["code"],
        1
    );
    let (o, _) = saved(
        &sim,
        TEST_CARD_APPROVE,
        "Kart",
        with_otp("s-1", TEST_OTP_CODE),
    )
    .await;
    assert_eq!(
        save(
            &sim,
            TEST_CARD_APPROVE,
            "Kart 2",
            with_otp("s-1", TEST_OTP_CODE)
        )
        .await
        .json["code"],
        12
    );
    assert_eq!(descriptions(&sim, &o).await, ["Kart"]);

    // Three wrong codes end the session: the right one is then too late.
    send("s-2", GSM).await;
    for left in ["2", "1"] {
        let a = check("s-2", GSM, "XXXX").await;
        assert!(
            a.json["message"].as_str().unwrap().contains(left),
            "{}",
            a.text
        );
    }
    let third = check("s-2", GSM, "XXXX").await;
    assert!(
        third.json["message"]
            .as_str()
            .unwrap()
            .contains("sona erdi"),
        "{}",
        third.text
    );
    assert_eq!(check("s-2", GSM, TEST_OTP_CODE).await.json["code"], 12);
    assert_eq!(check("no-such", GSM, TEST_OTP_CODE).await.json["code"], 12);
    // An expired password: over.
    send("s-3", GSM).await;
    sim.advance_clock(std::time::Duration::from_secs(181));
    assert!(
        check("s-3", GSM, TEST_OTP_CODE).await.json["message"]
            .as_str()
            .unwrap()
            .contains("süresi")
    );
    assert_eq!(check("s-3", GSM, TEST_OTP_CODE).await.json["code"], 12);
}

#[tokio::test]
async fn the_list_is_paged_and_shows_only_masks() {
    let sim = sim().await;
    let mut owner = String::new();
    for i in 0..5 {
        owner = saved(
            &sim,
            TEST_CARD_APPROVE,
            &format!("K{i}"),
            json!({"user_unique_id": "pager"}),
        )
        .await
        .0;
    }
    let a = list(&sim, json!({"card_owner_id": owner, "limit": "2"})).await;
    assert_eq!(a.status, StatusCode::OK);
    let mut envelope = vec![
        "Data",
        "code",
        "ending_before",
        "has_more",
        "limit",
        "message",
        "object_name",
        "starting_after",
        "total",
        "total_count",
    ];
    envelope.sort_unstable();
    assert_eq!(keys(&a.json), envelope);
    assert_eq!(
        (
            &a.json["total_count"],
            &a.json["has_more"],
            &a.json["object_name"]
        ),
        (&json!(5), &json!(true), &json!("card_list"))
    );
    let row = &a.json["Data"][0];
    let mut fields = vec![
        "agent_id",
        "card_bank_id",
        "card_bank_name",
        "card_bin",
        "card_brand_name",
        "card_desc",
        "card_hash",
        "card_holder",
        "card_logo_url",
        "card_no",
        "card_owner_id",
        "card_type",
        "company_code",
        "expire_month",
        "expire_year",
        "user_unique_id",
    ];
    fields.sort_unstable();
    assert_eq!(keys(row), fields);
    assert_eq!(
        (&row["card_no"], &row["card_holder"]),
        (&json!("435508******4358"), &json!("AY*******AZ"))
    );
    assert!(!a.text.contains(TEST_CARD_APPROVE));
    let page = |after: Option<u64>, before: Option<u64>| {
        let mut body = json!({"card_owner_id": owner, "limit": 2});
        if let Some(n) = after {
            body["starting_after"] = json!(n);
        }
        if let Some(n) = before {
            body["ending_before"] = json!(n);
        }
        let sim = &sim;
        async move {
            let a = list(sim, body).await;
            let descs: Vec<String> = a.json["Data"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["card_desc"].as_str().unwrap().to_owned())
                .collect();
            (descs, a.json["has_more"].as_bool().unwrap())
        }
    };
    assert_eq!(
        page(Some(2), None).await,
        (vec!["K2".to_owned(), "K3".to_owned()], true)
    );
    assert_eq!(page(Some(4), None).await, (vec!["K4".to_owned()], false));
    assert_eq!(
        page(None, Some(2)).await,
        (vec!["K0".to_owned(), "K1".to_owned()], false)
    );
    assert_eq!(
        page(None, Some(4)).await,
        (vec!["K2".to_owned(), "K3".to_owned()], true)
    );
    assert_paynet_error(
        &list(&sim, json!({"card_owner_id": owner, "limit": 0})).await,
        400,
        "invalid_request_error",
        11,
    );
    assert_paynet_error(
        &list(&sim, json!({})).await,
        400,
        "invalid_request_error",
        11,
    );
    assert_eq!(
        list(&sim, json!({"card_owner_id": "nobody"})).await.json["code"],
        26
    );
    // The test customer holds the four test cards from the start.
    let test = list(&sim, json!({"card_owner_id": TEST_CARD_OWNER_ID})).await;
    assert_eq!(test.json["total_count"], 4);
    assert_eq!(test.json["Data"][0]["card_hash"], TEST_CARD_HASH);
    assert_eq!(test.json["Data"][0]["user_unique_id"], TEST_USER_UNIQUE_ID);
}

#[tokio::test]
async fn rename_and_soft_delete() {
    let sim = sim().await;
    let (owner, hash) = saved(
        &sim,
        TEST_CARD_APPROVE,
        "Eski",
        json!({"user_unique_id": "r"}),
    )
    .await;
    let (_, other_hash) = saved(
        &sim,
        TEST_CARD_APPROVE,
        "Başkası",
        json!({"user_unique_id": "r2"}),
    )
    .await;
    let card = |h: &str, extra: Value| {
        let mut b = json!({"card_owner_id": owner, "card_hash": h});
        if let (Some(b), Some(e)) = (b.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        b.to_string()
    };
    let a = call(&sim, RENAME, &card(&hash, json!({"card_desc": "Yeni"}))).await;
    assert_eq!(
        a.json,
        json!({"code": 0, "message": "Başarılı İşlem"}),
        "no object_name, as Paynet's example"
    );
    assert_eq!(descriptions(&sim, &owner).await, ["Yeni"]);
    assert_paynet_error(
        &call(&sim, RENAME, &card(&hash, json!({}))).await,
        400,
        "invalid_request_error",
        11,
    );
    assert_paynet_error(
        &call(
            &sim,
            RENAME,
            &card(&hash, json!({"card_desc": "x".repeat(51)})),
        )
        .await,
        400,
        "invalid_request_error",
        11,
    );
    // Another customer's card is not this owner's: 25.
    assert_eq!(
        call(&sim, RENAME, &card(&other_hash, json!({"card_desc": "Z"})))
            .await
            .json["code"],
        25
    );
    let a = call(&sim, DELETE, &card(&hash, json!({}))).await;
    assert_eq!(
        a.json,
        json!({"object_name": "card_delete", "code": 0, "message": "Başarılı İşlem"})
    );
    let empty = list(&sim, json!({"card_owner_id": owner})).await;
    assert_eq!(
        (&empty.json["code"], &empty.json["Data"]),
        (&json!(12), &json!([]))
    );
    // Deleted: not found again, by every route.
    assert_eq!(
        call(&sim, DELETE, &card(&hash, json!({}))).await.json["code"],
        25
    );
    assert_eq!(
        call(&sim, RENAME, &card(&hash, json!({"card_desc": "Z"})))
            .await
            .json["code"],
        25
    );
    let pay = json!({"amount": "10,00", "reference_no": "DEL-1", "domain": "x", "card_hash": hash, "card_owner_id": owner});
    let a = call(&sim, PAY, &pay.to_string()).await;
    assert_eq!(
        (&a.json["code"], &a.json["is_succeed"]),
        (&json!(25), &json!(false)),
        "{}",
        a.text
    );
    let unknown = json!({"card_owner_id": "nobody", "card_hash": hash}).to_string();
    assert_eq!(call(&sim, DELETE, &unknown).await.json["code"], 26);
}

#[tokio::test]
async fn a_card_hash_pays_like_its_card() {
    let sim = sim().await;
    let (owner, hash) = saved(
        &sim,
        TEST_CARD_3D_REQUIRED,
        "3D",
        json!({"user_unique_id": "p"}),
    )
    .await;
    let (_, decline) = saved(
        &sim,
        TEST_CARD_DECLINE,
        "Red",
        json!({"card_owner_id": owner}),
    )
    .await;
    let body = |hash: &str, reference: &str, owner: &str| {
        json!({"amount": "25,00", "reference_no": reference, "domain": "shop.example",
               "card_hash": hash, "card_owner_id": owner})
        .to_string()
    };
    // The 3-D card still needs 3-D.
    let a = call(&sim, PAY, &body(&hash, "S-1", &owner)).await;
    assert_eq!(a.json["code"], 16, "{}", a.text);
    // The declining card declines.
    let a = call(&sim, PAY, &body(&decline, "S-2", &owner)).await;
    assert_eq!(
        (&a.json["code"], &a.json["bank_error_id"]),
        (&json!(1), &json!("05")),
        "{}",
        a.text
    );
    // Another owner, an unknown owner.
    assert_eq!(
        call(&sim, PAY, &body(&hash, "S-3", TEST_CARD_OWNER_ID))
            .await
            .json["code"],
        25
    );
    assert_eq!(
        call(&sim, PAY, &body(&hash, "S-4", "nobody")).await.json["code"],
        26
    );
    // Through 3-D it is approved, and the answer names the stored card.
    let mut start: Value = serde_json::from_str(&body(&hash, "S-5", &owner)).unwrap();
    start["return_url"] = json!("https://shop.example/back");
    let a = call(&sim, "/v2/transaction/tds_initial", &start.to_string()).await;
    assert_eq!(a.json["code"], 0, "{}", a.text);
    let (session, token) = (
        a.json["session_id"].as_str().unwrap(),
        a.json["token_id"].as_str().unwrap(),
    );
    assert!(sim.three_d_return(session, true).is_some());
    let done = call(
        &sim,
        "/v2/transaction/tds_charge",
        &json!({"session_id": session, "token_id": token}).to_string(),
    )
    .await;
    assert_eq!(
        (&done.json["code"], &done.json["is_tds"]),
        (&json!(0), &json!(true)),
        "{}",
        done.text
    );
    assert_eq!(done.json["card_hash"], hash);
    assert_eq!(done.json["card_owner_id"], owner);
    assert_eq!(done.json["user_unique_id"], "p");
    assert_eq!(done.json["card_no_masked"], "450803******0006");
    // Without card_owner_id, the hash alone finds the card (Paynet's tables send only it).
    let lone = json!({"amount": "25,00", "reference_no": "S-6", "domain": "x", "card_hash": TEST_CARD_HASH}).to_string();
    assert_eq!(
        call(&sim, PAY, &lone).await.json["card_owner_id"],
        TEST_CARD_OWNER_ID
    );
}

#[tokio::test]
async fn a_payment_saves_its_card_when_asked() {
    let sim = sim().await;
    let extra = |reference_owner: &str| {
        format!(r#","save_card":"true","card_desc":"Ödemede saklanan",{reference_owner}"#)
    };
    let a = call(
        &sim,
        PAY,
        &card_body(
            "50,00",
            "SAVE-1",
            TEST_CARD_APPROVE,
            &extra(r#""user_unique_id":"payer""#),
        ),
    )
    .await;
    assert_eq!(
        (&a.json["code"], &a.json["is_save_card_succeed"]),
        (&json!(0), &json!(true)),
        "{}",
        a.text
    );
    assert_eq!(a.json["save_card_result_message"], "Kart saklandı");
    let (owner, hash) = (
        a.json["card_owner_id"].as_str().unwrap().to_owned(),
        a.json["card_hash"].as_str().unwrap().to_owned(),
    );
    assert_eq!(a.json["user_unique_id"], "payer");
    assert_eq!(descriptions(&sim, &owner).await, ["Ödemede saklanan"]);
    // The same reference again: the earlier payment, its save said again, nothing stored twice.
    let again = call(
        &sim,
        PAY,
        &card_body(
            "50,00",
            "SAVE-1",
            TEST_CARD_APPROVE,
            &extra(r#""user_unique_id":"payer""#),
        ),
    )
    .await;
    assert_eq!(
        (&again.json["code"], &again.json["card_hash"]),
        (&json!(100), &json!(hash))
    );
    assert_eq!(descriptions(&sim, &owner).await.len(), 1);
    // The stored card pays.
    let by_hash = json!({"amount": "5,00", "reference_no": "SAVE-2", "domain": "x", "card_hash": hash, "card_owner_id": owner});
    assert_eq!(call(&sim, PAY, &by_hash.to_string()).await.json["code"], 0);
    // A declined payment saves nothing.
    let a = call(
        &sim,
        PAY,
        &card_body(
            "50,00",
            "SAVE-3",
            TEST_CARD_DECLINE,
            &extra(&format!(r#""card_owner_id":"{owner}""#)),
        ),
    )
    .await;
    assert_eq!(
        (&a.json["code"], &a.json["is_save_card_succeed"]),
        (&json!(1), &json!(false)),
        "{}",
        a.text
    );
    assert_eq!(descriptions(&sim, &owner).await.len(), 1);
    // An unknown owner: the payment stands, the card is not saved.
    let a = call(
        &sim,
        PAY,
        &card_body(
            "50,00",
            "SAVE-4",
            TEST_CARD_APPROVE,
            &extra(r#""card_owner_id":"nobody""#),
        ),
    )
    .await;
    assert_eq!(
        (&a.json["code"], &a.json["is_save_card_succeed"]),
        (&json!(0), &json!(false)),
        "{}",
        a.text
    );
    // The 400s: no description, no owner, a stored card.
    let a = call(
        &sim,
        PAY,
        &card_body(
            "50,00",
            "SAVE-5",
            TEST_CARD_APPROVE,
            r#","save_card":true,"user_unique_id":"x""#,
        ),
    )
    .await;
    assert_paynet_error(&a, 400, "invalid_request_error", 11);
    let a = call(
        &sim,
        PAY,
        &card_body(
            "50,00",
            "SAVE-6",
            TEST_CARD_APPROVE,
            r#","save_card":true,"card_desc":"x""#,
        ),
    )
    .await;
    assert_paynet_error(&a, 400, "invalid_request_error", 11);
    let mut stored = by_hash.clone();
    stored["save_card"] = json!(true);
    stored["card_desc"] = json!("x");
    stored["reference_no"] = json!("SAVE-7");
    assert_paynet_error(
        &call(&sim, PAY, &stored.to_string()).await,
        400,
        "invalid_request_error",
        11,
    );
    // Not asked: nothing said of a save.
    let plain = call(
        &sim,
        PAY,
        &card_body("50,00", "SAVE-8", TEST_CARD_APPROVE, ""),
    )
    .await;
    assert!(
        plain.json.get("is_save_card_succeed").is_none(),
        "{}",
        plain.text
    );
    assert_eq!(
        (&plain.json["card_hash"], &plain.json["card_owner_id"]),
        (&json!(""), &json!(""))
    );
}

#[tokio::test]
async fn a_3d_payment_saves_its_card_once_charged_and_otp_wants_a_gsm() {
    let sim = Simulator::start(SimConfig::default().seed(7).card_otp(true))
        .await
        .unwrap();
    let start = |reference: &str, gsm: &str| {
        card_body(
            "30,00",
            reference,
            TEST_CARD_3D_REQUIRED,
            &format!(
                r#","return_url":"https://shop.example/r","save_card":true,"card_desc":"3D kart","user_unique_id":"tds"{gsm}"#
            ),
        )
    };
    for (reference, gsm, saved) in [
        ("T-1", "", false),
        ("T-2", r#","user_gsm_no":"5321234567""#, true),
    ] {
        let a = call(&sim, "/v2/transaction/tds_initial", &start(reference, gsm)).await;
        assert_eq!(a.json["code"], 0, "{}", a.text);
        let (session, token) = (
            a.json["session_id"].as_str().unwrap(),
            a.json["token_id"].as_str().unwrap(),
        );
        sim.three_d_return(session, true).unwrap();
        let done = call(
            &sim,
            "/v2/transaction/tds_charge",
            &json!({"session_id": session, "token_id": token}).to_string(),
        )
        .await;
        assert_eq!(done.json["code"], 0, "{}", done.text);
        assert_eq!(done.json["is_save_card_succeed"], saved, "{}", done.text);
        if !saved {
            assert!(
                done.json["save_card_result_message"]
                    .as_str()
                    .unwrap()
                    .contains("user_gsm_no")
            );
        }
    }
}

#[tokio::test]
async fn the_echo_trigger_sends_the_secrets_back() {
    let sim = sim().await;
    let a = save(
        &sim,
        TEST_CARD_APPROVE,
        "ECHO kart",
        json!({"user_unique_id": "e", "cvv": "7319"}),
    )
    .await;
    assert_eq!(a.json["code"], 0, "{}", a.text);
    assert!(
        a.json["message"]
            .as_str()
            .unwrap()
            .contains(TEST_CARD_APPROVE)
    );
    assert_eq!(
        (&a.json["card_no"], &a.json["card_number"]),
        (&json!(TEST_CARD_APPROVE), &json!(TEST_CARD_APPROVE))
    );
    assert_eq!(
        (&a.json["card_bin"], &a.json["cvv"]),
        (&json!("7319"), &json!("7319"))
    );
    // Stored as usual, and listed masked.
    let owner = a.json["card_owner_id"].as_str().unwrap();
    let l = list(&sim, json!({"card_owner_id": owner})).await;
    assert!(
        !l.text.contains(TEST_CARD_APPROVE) && !l.text.contains("7319"),
        "{}",
        l.text
    );
}

#[tokio::test]
async fn transport_triggers_in_the_description() {
    let sim = Simulator::start(
        SimConfig::default()
            .seed(7)
            .slow_delay(std::time::Duration::from_millis(50)),
    )
    .await
    .unwrap();
    let a = save(
        &sim,
        TEST_CARD_APPROVE,
        "FAIL500 kart",
        json!({"user_unique_id": "t"}),
    )
    .await;
    assert_eq!(a.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        a.content_type.starts_with("text/html"),
        "{}",
        a.content_type
    );
    // Nothing stored: the customer does not exist.
    let first = saved(
        &sim,
        TEST_CARD_APPROVE,
        "Kart",
        json!({"user_unique_id": "t"}),
    )
    .await
    .0;
    assert_eq!(descriptions(&sim, &first).await, ["Kart"]);
    // LOST: stored, then the answer never arrives.
    let lost = crate::support::client()
        .post(format!("{}{SAVE}", sim.base_url()))
        .header("authorization", format!("Basic {}", sim.secret_key()))
        .body(save_body(
            TEST_CARD_APPROVE,
            "LOST kart",
            json!({"card_owner_id": first}),
        ))
        .send()
        .await;
    assert!(lost.is_err(), "{lost:?}");
    assert_eq!(descriptions(&sim, &first).await, ["Kart", "LOST kart"]);
}
