//! `/v2/transaction/payment`: direct card payments and pre-authorisations.

use paynet_sim::{
    SimConfig, Simulator, TEST_CARD_3D_DECLINE, TEST_CARD_3D_REQUIRED, TEST_CARD_APPROVE,
    TEST_CARD_DECLINE, TEST_CARD_HASH, TEST_CARD_HASH_3D_REQUIRED, TEST_CARD_HASH_DECLINE,
};
use reqwest::StatusCode;

use crate::support::{
    Answer, assert_paynet_error, call, capture, card_body, client, detail, is_dotnet_timestamp,
    keys, pay, post, sim,
};

const PATH: &str = "/v2/transaction/payment";

/// Every field of a v2 transaction.
const V2_FIELDS: [&str; 44] = [
    "object_name",
    "code",
    "message",
    "id",
    "xact_id",
    "xact_date",
    "transaction_type",
    "pos_type",
    "is_tds",
    "agent_id",
    "user_id",
    "email",
    "phone",
    "instalment",
    "ratio",
    "card_no_masked",
    "card_holder",
    "amount",
    "net_amount",
    "comission",
    "comission_tax",
    "end_user_comission",
    "currency",
    "bank_id",
    "bank_name",
    "bank_authorization_code",
    "bank_reference_code",
    "bank_order_id",
    "is_succeed",
    "paynet_error_id",
    "paynet_error_message",
    "bank_error_id",
    "bank_error_message",
    "bank_error_short_desc",
    "bank_error_long_desc",
    "reference_no",
    "xact_transaction_id",
    "ratio_code",
    "card_type",
    "card_brand_name",
    "card_hash",
    "md_status",
    "card_owner_id",
    "user_unique_id",
];

pub fn assert_v2_shape(a: &Answer) {
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.content_type, "application/json");
    let mut expected: Vec<String> = V2_FIELDS.iter().map(|s| (*s).to_owned()).collect();
    expected.sort_unstable();
    assert_eq!(keys(&a.json), expected, "{}", a.text);
    assert_eq!(a.json["object_name"], "transaction");
    assert!(a.json["code"].is_u64());
    assert!(a.json["is_succeed"].is_boolean());
    assert!(!a.text.contains(r#""authorization_code""#), "{}", a.text);
    // In this order on the wire.
    let positions: Vec<usize> = V2_FIELDS
        .iter()
        .map(|f| a.text.find(&format!("\"{f}\":")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{}", a.text);
}

#[tokio::test]
async fn a_payment_is_approved_with_exact_amounts_and_v2_names() {
    let sim = sim().await;
    let before = sim.transaction_count();
    let a = call(
        &sim,
        PATH,
        &card_body(
            "149,90",
            "ORDER-1",
            TEST_CARD_APPROVE,
            r#","description":"Kahve","card_holder_mail":"a@example.com","instalment":3"#,
        ),
    )
    .await;
    assert_v2_shape(&a);
    let j = &a.json;
    assert_eq!(j["code"], 0);
    assert_eq!(j["message"], "Başarılı İşlem");
    assert_eq!(j["is_succeed"], true);
    assert_eq!(j["transaction_type"], 1);
    assert_eq!(j["pos_type"], 5);
    assert_eq!(j["is_tds"], false);
    assert_eq!(j["md_status"], "");
    assert_eq!(j["instalment"], 3);
    assert_eq!(j["reference_no"], "ORDER-1");
    assert_eq!(j["card_no_masked"], "435508******4358");
    assert_eq!(j["card_holder"], "AYSE YILMAZ");
    assert_eq!(j["bank_id"], "AXSS");
    assert_eq!(j["card_brand_name"], "Visa");
    assert_eq!(j["card_type"], "cc");
    assert_eq!(j["currency"], "TRY");
    assert_eq!(j["email"], "a@example.com");
    assert!(j["xact_id"].as_str().unwrap().starts_with("xk_"));
    assert!(!j["id"].as_str().unwrap().is_empty());
    assert!(!j["bank_authorization_code"].as_str().unwrap().is_empty());
    assert!(is_dotnet_timestamp(j["xact_date"].as_str().unwrap()));
    // Written with their scale: 149.90 * 1.99 % = 2.98301 -> 2.98, tax 0.596 -> 0.60.
    for fragment in [
        r#""amount":149.90,"#,
        r#""net_amount":146.32,"#,
        r#""comission":2.98,"#,
        r#""comission_tax":0.60,"#,
        r#""end_user_comission":0.00,"#,
        r#""ratio":0.0199,"#,
    ] {
        assert!(a.text.contains(fragment), "{fragment} in {}", a.text);
    }
    assert_eq!(sim.transaction_count(), before + 1);

    // The ledger has it: check and detail find it.
    let c = call(
        &sim,
        "/v1/transaction/check",
        r#"{"reference_no":"ORDER-1"}"#,
    )
    .await;
    let rows = c.json["Data"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{}", c.text);
    assert_eq!(rows[0]["xact_id"], j["xact_id"]);
    assert_eq!(rows[0]["id"], j["id"]);
    assert_eq!(rows[0]["note"], "Kahve");
    assert!(c.text.contains(r#""netAmount":146.32"#), "{}", c.text);
    let d = detail(&sim, "id", j["id"].as_str().unwrap()).await;
    assert_eq!(d.json["Data"][0]["xact_id"], j["xact_id"]);
}

#[tokio::test]
async fn amounts_are_comma_tl_strings() {
    let sim = sim().await;
    for (amount, written) in [
        ("10", "10.00"),
        ("10,5", "10.50"),
        ("0,01", "0.01"),
        ("1234,56", "1234.56"),
    ] {
        let a = pay(&sim, amount, &format!("AMT-{amount}"), TEST_CARD_APPROVE).await;
        assert_eq!(a.json["code"], 0, "{}", a.text);
        assert!(
            a.text.contains(&format!(r#""amount":{written},"#)),
            "{amount}: {}",
            a.text
        );
    }
    let before = sim.transaction_count();
    for amount in [
        r#""10.50""#,
        r#""1,234.50""#,
        r#""1.234,50""#,
        r#""10,505""#,
        r#""10,""#,
        r#""""#,
        r#""0""#,
        r#""0,00""#,
        r#""-5""#,
        "10.5",
        "10.50",
        "0",
        "true",
        "null",
    ] {
        let body = card_body("X", "AMT-BAD", TEST_CARD_APPROVE, "")
            .replace(r#""amount":"X""#, &format!(r#""amount":{amount}"#));
        let a = call(&sim, PATH, &body).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
    }
    assert_eq!(sim.transaction_count(), before);
}

#[tokio::test]
async fn the_request_needs_reference_domain_and_a_card() {
    let sim = sim().await;
    let good = card_body("10,00", "R-1", TEST_CARD_APPROVE, "");
    for body in [
        good.replace(r#""reference_no":"R-1","#, ""),
        good.replace(r#""reference_no":"R-1""#, r#""reference_no":"""#),
        good.replace(r#""domain":"shop.example","#, ""),
        r#"{"amount":"10,00","reference_no":"R-1","domain":"x"}"#.to_owned(),
        good.replace(r#""month":12"#, r#""month":"twelve""#),
        good.replace(r#""month":12"#, r#""month":12.0"#),
        good.replace(r#""cvc":"000""#, r#""cvc":"000","instalment":13"#),
        format!(
            r#"{{"amount":"10,00","reference_no":"{}","domain":"x","card_hash":"h"}}"#,
            "R".repeat(51)
        ),
        "not json".to_owned(),
        "[]".to_owned(),
    ] {
        let a = call(&sim, PATH, &body).await;
        assert_paynet_error(&a, 400, "invalid_request_error", 11);
    }
    // The secret key, exactly.
    let a = post(&sim, PATH, &[("authorization", "Basic nope")], &good).await;
    assert_paynet_error(&a, 401, "authorization_error", 7);
    let a = post(&sim, PATH, &[], &good).await;
    assert_paynet_error(&a, 401, "authorization_error", 7);
}

#[tokio::test]
async fn wrong_card_data_is_code_18() {
    let sim = sim().await;
    let before = sim.transaction_count();
    let good = card_body("10,00", "CARD-1", TEST_CARD_APPROVE, "");
    for body in [
        // Luhn, length, digits.
        good.replace(TEST_CARD_APPROVE, "4355084355084357"),
        good.replace(TEST_CARD_APPROVE, "435508435508"),
        good.replace(TEST_CARD_APPROVE, "43550843550843584358"),
        good.replace(TEST_CARD_APPROVE, "4355 0843 5508 4358"),
        // Expired (the seeded clock is in June 2024), a wrong month.
        good.replace(r#""month":12,"year":2035"#, r#""month":5,"year":2024"#),
        good.replace(r#""month":12,"year":2035"#, r#""month":13,"year":2035"#),
        good.replace(r#""month":12,"year":2035"#, r#""year":2035"#),
        // CVC of 2 or 5 digits, or letters.
        good.replace(r#""cvc":"000""#, r#""cvc":"12""#),
        good.replace(r#""cvc":"000""#, r#""cvc":"12345""#),
        good.replace(r#""cvc":"000""#, r#""cvc":"abc""#),
        // No holder.
        good.replace(r#""card_holder":"AYSE YILMAZ","#, ""),
    ] {
        let a = call(&sim, PATH, &body).await;
        assert_v2_shape(&a);
        assert_eq!(a.json["code"], 18, "{body}: {}", a.text);
        assert_eq!(a.json["is_succeed"], false);
        assert_eq!(a.json["paynet_error_id"], "18");
        assert!(!a.json["paynet_error_message"].as_str().unwrap().is_empty());
        assert_eq!(a.json["xact_id"], "", "nothing recorded: {}", a.text);
        assert!(!a.text.contains(TEST_CARD_APPROVE), "{}", a.text);
    }
    // This month still works.
    let a = call(
        &sim,
        PATH,
        &good.replace(r#""month":12,"year":2035"#, r#""month":6,"year":24"#),
    )
    .await;
    assert_eq!(a.json["code"], 0, "{}", a.text);
    assert_eq!(sim.transaction_count(), before + 1);
}

#[tokio::test]
async fn bank_declines_by_card_reference_or_amount() {
    let sim = sim().await;
    for (amount, reference, pan) in [
        ("10,00", "DEC-1", TEST_CARD_DECLINE),
        ("10,00", "DECLINE-2", TEST_CARD_APPROVE),
        ("99,99", "DEC-3", TEST_CARD_APPROVE),
    ] {
        let before = sim.transaction_count();
        let a = pay(&sim, amount, reference, pan).await;
        assert_v2_shape(&a);
        assert_eq!(a.json["code"], 1, "{}", a.text);
        assert_eq!(a.json["message"], "Başarısız İşlem");
        assert_eq!(a.json["is_succeed"], false);
        assert_eq!(a.json["bank_error_id"], "05");
        assert!(!a.json["bank_error_message"].as_str().unwrap().is_empty());
        assert_eq!(a.json["bank_authorization_code"], "");
        assert!(a.text.contains(r#""net_amount":0.00,"#), "{}", a.text);
        // A declined payment is recorded (lists show it with show_unsucceed)...
        assert_eq!(sim.transaction_count(), before + 1);
        assert!(a.json["xact_id"].as_str().unwrap().starts_with("xk_"));
    }
    assert_eq!(
        pay(&sim, "10,00", "DEC-1", TEST_CARD_DECLINE).await.json["bank_id"],
        "BONS"
    );
    // ...but does not use up its reference.
    let a = pay(&sim, "10,00", "DEC-1", TEST_CARD_APPROVE).await;
    assert_eq!(a.json["code"], 0, "{}", a.text);
}

#[tokio::test]
async fn three_d_cards_are_refused_without_3d() {
    let sim = sim().await;
    let before = sim.transaction_count();
    for pan in [TEST_CARD_3D_REQUIRED, TEST_CARD_3D_DECLINE] {
        let a = pay(&sim, "10,00", "TDS-1", pan).await;
        assert_v2_shape(&a);
        assert_eq!(a.json["code"], 16, "{}", a.text);
        assert_eq!(a.json["is_succeed"], false);
        assert!(!a.json["paynet_error_message"].as_str().unwrap().is_empty());
    }
    let a = call(
        &sim,
        PATH,
        &format!(
            r#"{{"amount":"10,00","reference_no":"TDS-2","domain":"x","card_hash":"{TEST_CARD_HASH_3D_REQUIRED}"}}"#
        ),
    )
    .await;
    assert_eq!(a.json["code"], 16, "{}", a.text);
    assert_eq!(sim.transaction_count(), before);
}

#[tokio::test]
async fn a_repeated_reference_is_the_earlier_payment_with_code_100() {
    let sim = sim().await;
    let first = pay(&sim, "50,00", "ORDER-9", TEST_CARD_APPROVE).await;
    assert_eq!(first.json["code"], 0);
    let count = sim.transaction_count();
    for again in [
        pay(&sim, "50,00", "ORDER-9", TEST_CARD_APPROVE).await,
        pay(&sim, "75,00", "ORDER-9", TEST_CARD_DECLINE).await,
        // Even with card data that would be refused: the reference decides first.
        pay(&sim, "75,00", "ORDER-9", "1234").await,
    ] {
        assert_v2_shape(&again);
        assert_eq!(again.json["code"], 100, "{}", again.text);
        assert_eq!(again.json["message"], "Önceki Başarılı İşlem");
        assert_eq!(again.json["is_succeed"], true);
        assert_eq!(again.json["xact_id"], first.json["xact_id"]);
        assert_eq!(again.json["xact_date"], first.json["xact_date"]);
        assert!(again.text.contains(r#""amount":50.00,"#), "{}", again.text);
    }
    assert_eq!(sim.transaction_count(), count, "no new money");
}

#[tokio::test]
async fn a_pre_authorisation_is_captured_by_any_identifier() {
    let sim = sim().await;
    let a = call(
        &sim,
        PATH,
        &card_body(
            "250,00",
            "PRE-1",
            TEST_CARD_APPROVE,
            r#","transaction_type":3"#,
        ),
    )
    .await;
    assert_v2_shape(&a);
    assert_eq!(a.json["code"], 0, "{}", a.text);
    assert_eq!(a.json["transaction_type"], 3);
    let xact_id = a.json["xact_id"].as_str().unwrap().to_owned();
    let id = a.json["id"].as_str().unwrap().to_owned();
    assert_eq!(sim.pre_auth_remaining_kurus(&xact_id), Some(25_000));
    assert_eq!(sim.pre_auth_remaining_kurus(&id), Some(25_000));

    let c = capture(
        &sim,
        &format!(r#"{{"xact_id":"{xact_id}","amount":"1000"}}"#),
    )
    .await;
    assert_eq!(c.json["code"], 0, "{}", c.text);
    assert_eq!(c.json["transaction_type"], 4);
    assert!(c.text.contains(r#""amount":10.00,"#), "{}", c.text);
    assert_eq!(c.json["card_holder"], "AYSE YILMAZ");
    let c = capture(&sim, &format!(r#"{{"xact":"{id}","amount":"500"}}"#)).await;
    assert_eq!(c.json["code"], 0, "{}", c.text);
    assert_eq!(sim.pre_auth_remaining_kurus("PRE-1"), Some(23_500));
    // By reference_no: the rest, once.
    let c = capture(&sim, r#"{"reference_no":"PRE-1"}"#).await;
    assert!(c.text.contains(r#""amount":235.00,"#), "{}", c.text);
    assert_eq!(
        capture(&sim, r#"{"reference_no":"PRE-1"}"#).await.json["code"],
        100
    );
    assert_eq!(sim.pre_auth_remaining_kurus(&xact_id), Some(0));

    // check by the pre-authorisation's reference: it and its captures.
    let check = call(&sim, "/v1/transaction/check", r#"{"reference_no":"PRE-1"}"#).await;
    let types: Vec<u64> = check.json["Data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["transaction_type"].as_u64().unwrap())
        .collect();
    assert_eq!(types, [3, 4, 4, 4], "{}", check.text);

    // Another transaction_type is code 19.
    let a = call(
        &sim,
        PATH,
        &card_body(
            "1,00",
            "PRE-2",
            TEST_CARD_APPROVE,
            r#","transaction_type":2"#,
        ),
    )
    .await;
    assert_v2_shape(&a);
    assert_eq!(a.json["code"], 19, "{}", a.text);
    assert_eq!(a.json["is_succeed"], false);
}

#[tokio::test]
async fn stored_cards_work_like_their_card() {
    let sim = sim().await;
    let body = |hash: &str, reference: &str| {
        format!(
            r#"{{"amount":"20,00","reference_no":"{reference}","domain":"x","card_hash":"{hash}"}}"#
        )
    };
    let a = call(&sim, PATH, &body(TEST_CARD_HASH, "H-1")).await;
    assert_v2_shape(&a);
    assert_eq!(a.json["code"], 0, "{}", a.text);
    assert_eq!(a.json["card_hash"], TEST_CARD_HASH);
    assert_eq!(a.json["card_no_masked"], "435508******4358");
    let a = call(&sim, PATH, &body(TEST_CARD_HASH_DECLINE, "H-2")).await;
    assert_eq!(a.json["code"], 1, "{}", a.text);
    assert_eq!(a.json["bank_error_id"], "05");
    let a = call(&sim, PATH, &body("no_such_hash", "H-3")).await;
    assert_v2_shape(&a);
    assert_eq!(a.json["code"], 25, "{}", a.text);
    assert_eq!(a.json["is_succeed"], false);
}

#[tokio::test]
async fn unknown_valid_cards_approve_and_commission_can_be_added() {
    let sim = sim().await;
    let a = pay(&sim, "10,00", "U-1", "4111111111111111").await;
    assert_eq!(a.json["code"], 0, "{}", a.text);
    assert_eq!(a.json["card_no_masked"], "411111******1111");
    assert_eq!(a.json["bank_id"], "ZDGR");
    let a = call(
        &sim,
        PATH,
        &card_body("100", "U-2", TEST_CARD_APPROVE, r#","add_commission":true"#),
    )
    .await;
    // 1.99 + 0.40 on top: 102.39 charged, 100.00 net.
    for fragment in [
        r#""amount":102.39,"#,
        r#""net_amount":100.00,"#,
        r#""end_user_comission":2.39,"#,
    ] {
        assert!(a.text.contains(fragment), "{fragment} in {}", a.text);
    }
}

#[tokio::test]
async fn v2_amounts_can_be_comma_strings() {
    let sim = Simulator::start(SimConfig::default().seed(7).v2_comma_amounts(true))
        .await
        .unwrap();
    let a = pay(&sim, "1234,56", "C-1", TEST_CARD_APPROVE).await;
    assert_v2_shape(&a);
    assert!(a.text.contains(r#""amount":"1234,56","#), "{}", a.text);
    assert!(a.text.contains(r#""comission":"24,57","#), "{}", a.text);
    assert!(a.text.contains(r#""ratio":0.0199,"#), "{}", a.text);
}

#[tokio::test]
async fn transport_triggers_in_the_reference() {
    let sim = sim().await;
    let before = sim.transaction_count();
    let a = pay(&sim, "10,00", "FAIL500-1", TEST_CARD_APPROVE).await;
    assert_eq!(a.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(a.content_type.starts_with("text/html"));
    let err = client()
        .post(format!("{}{PATH}", sim.base_url()))
        .header("authorization", format!("Basic {}", sim.secret_key()))
        .body(card_body("10,00", "DROP-1", TEST_CARD_APPROVE, ""))
        .send()
        .await
        .unwrap_err();
    assert!(err.status().is_none() && !err.is_timeout(), "{err:?}");
    assert_eq!(sim.transaction_count(), before, "no money moved");
}
