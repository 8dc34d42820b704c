//! Stored cards from the command line against the simulator: `save-card` (with and without a
//! one-time password), `list-cards` (a table, or `--json`), `rename-card`, `pay --card-hash`
//! (direct and 3-D), `pay --save-card`, `delete-card`; no card number beyond its first 6 and last
//! 4 digits, no CVV and no one-time password in any output, even when the server echoes them;
//! bad input refused before anything is sent (exit 2).

use std::io::BufRead as _;

use assert_cmd::Command;
use paynet_sim::{
    SimConfig, Simulator, TEST_CARD_3D_REQUIRED, TEST_CARD_APPROVE, TEST_CARD_DECLINE,
    TEST_CARD_OWNER_ID, TEST_OTP_CODE,
};
use serde_json::Value;

use crate::support::*;

const SAVE_PATH: &str = "/v1/card/save";
const LIST_PATH_CARDS: &str = "/v1/card/list";
/// A CVC no seeded simulator answer holds by chance (checked as a standalone value).
const CVC: &str = "7319";
const GSM: &str = "5321234567";
const OTP_VAR: &str = "PAYNET_OTP_CODE";

/// With the simulator's key, the merchant's domain and the card `number` (CVC [`CVC`]).
fn with_stored_card(sim: &Simulator, number: &str) -> Command {
    let mut cmd = with_card(sim, number);
    cmd.env(CARD_CVC_VAR, CVC);
    cmd
}

/// Runs `save-card --json` with `args`; the card saved (its JSON).
fn save(sim: &Simulator, number: &str, args: &[&str]) -> Value {
    let mut all = vec!["--json", "save-card"];
    all.extend_from_slice(args);
    let r = run(&mut with_stored_card(sim, number), &all);
    expect(&r, 0);
    r.json()
}

/// No secret in `text`: the card number (whole, or in groups), the CVC, the one-time password
/// as a value of its own.
fn no_secret(text: &str, numbers: &[&str]) {
    for number in numbers {
        assert!(!text.contains(number), "{number} printed:\n{text}");
        // Eight digits across the mask's edge: in no mask (the test card's BIN repeats).
        assert!(
            !text.contains(&number[4..12]),
            "the middle of {number} printed:\n{text}"
        );
    }
    for secret in [CVC, TEST_OTP_CODE] {
        for shape in [
            format!("\"{secret}\""),
            format!(" {secret}\n"),
            format!(" {secret} "),
            format!("={secret}"),
        ] {
            assert!(!text.contains(&shape), "{secret} printed:\n{text}");
        }
    }
}

#[test]
fn save_list_rename_pay_delete_and_list_again() {
    let sim = sim();
    // The first save of a customer: text output, the mask only.
    let r = run(
        &mut with_stored_card(&sim, TEST_CARD_APPROVE),
        &[
            "save-card",
            "--user-unique-id",
            "cust-1001",
            "--card-desc",
            "Maaş kartım",
        ],
    );
    expect(&r, 0);
    assert!(
        r.stdout
            .starts_with("Card saved: 435508******4358, \"Maaş kartım\"."),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("card_owner_id")
            && r.stdout.contains("To pay with it: paynet pay --card-hash")
    );
    no_secret(&r.all(), &[TEST_CARD_APPROVE]);
    // The CVC was sent: the bank's 1 TL check and its cancellation are in the day's list.
    let day = run(
        &mut with_secret(&sim),
        &[
            "--json", "payments", "list", "--from", SIM_DAY, "--to", SIM_DAY, "--limit", "1000",
        ],
    );
    expect(&day, 0);
    let rows = day.json()["rows"].as_array().unwrap().clone();
    let checks: Vec<&Value> = rows
        .iter()
        .filter(|t| {
            t["reference_no"]
                .as_str()
                .is_some_and(|r| r.starts_with("CARDSAVE-"))
        })
        .collect();
    assert_eq!(checks.len(), 2, "{rows:?}");
    assert_eq!(
        (&checks[0]["transaction_type"], &checks[0]["amount"]),
        (&Value::from(3), &Value::from(1.0))
    );
    assert_eq!(checks[1]["transaction_type"], 5);

    // A later save: the owner's id. --json has Paynet's names.
    let first = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "list-cards",
            "--card-owner-id",
            TEST_CARD_OWNER_ID,
        ],
    );
    expect(&first, 0);
    assert_eq!(
        first.json()["total_count"],
        4,
        "the test customer's four cards"
    );
    let r = run(
        &mut with_secret(&sim),
        &["--json", "list-cards", "--card-owner-id", "nobody"],
    );
    expect(&r, 3);
    assert_eq!(error_of(&r)["code"], 26);
    // The declining card fails the bank's 1 TL check; without its CVC it is stored unchecked.
    let declined = run(
        &mut with_stored_card(&sim, TEST_CARD_DECLINE),
        &[
            "save-card",
            "--user-unique-id",
            "cust-1001",
            "--card-desc",
            "İş",
        ],
    );
    expect(&declined, 3);
    assert!(declined.stderr.contains("1 TL"), "{}", declined.stderr);
    let mut no_cvc = with_stored_card(&sim, TEST_CARD_DECLINE);
    no_cvc.env_remove(CARD_CVC_VAR);
    let r = run(
        &mut no_cvc,
        &[
            "--json",
            "save-card",
            "--user-unique-id",
            "cust-1001",
            "--card-desc",
            "İş",
        ],
    );
    expect(&r, 0);
    let saved = r.json();
    let owner = saved["card_owner_id"].as_str().unwrap().to_owned();
    let declining = saved["card_hash"].as_str().unwrap().to_owned();
    let saved = save(
        &sim,
        TEST_CARD_APPROVE,
        &["--card-owner-id", &owner, "--card-desc", "Yedek"],
    );
    assert_eq!(saved["card_owner_id"], owner.as_str());
    assert_eq!(saved["card_no"], "435508******4358");
    let hash = saved["card_hash"].as_str().unwrap().to_owned();

    // The table: mask, bank, brand, description, card_hash.
    let r = run(
        &mut with_secret(&sim),
        &["list-cards", "--card-owner-id", &owner],
    );
    expect(&r, 0);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(
        lines[0],
        format!("3 stored cards of card_owner_id {owner}:")
    );
    let header: Vec<&str> = lines[1].split_whitespace().collect();
    assert_eq!(
        header,
        ["CARD", "BANK", "BRAND", "DESCRIPTION", "CARD_HASH"]
    );
    assert!(
        lines[2].contains("435508******4358")
            && lines[2].contains("Akbank")
            && lines[2].contains("Visa")
            && lines[2].contains("Maaş kartım"),
        "{}",
        r.stdout
    );
    assert!(
        lines[3].contains("540061******0001")
            && lines[3].contains("MasterCard")
            && lines[3].contains(&declining)
    );
    assert!(lines[4].contains("Yedek") && lines[4].trim_end().ends_with(&hash));
    let json = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "list-cards",
            "--card-owner-id",
            &owner,
            "--limit",
            "2",
        ],
    );
    expect(&json, 0);
    let page = json.json();
    assert_eq!(
        (&page["has_more"], &page["total_count"]),
        (&Value::from(true), &Value::from(3))
    );
    let row = &page["Data"][0];
    for key in [
        "card_hash",
        "card_owner_id",
        "card_desc",
        "card_no",
        "card_bin",
        "card_bank_name",
        "card_brand_name",
    ] {
        assert!(row.get(key).is_some(), "{key}: {row}");
    }
    let next = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "list-cards",
            "--card-owner-id",
            &owner,
            "--limit",
            "2",
            "--starting-after",
            "2",
        ],
    );
    assert_eq!(next.json()["Data"][0]["card_hash"], hash.as_str());

    // Rename.
    let r = run(
        &mut with_secret(&sim),
        &[
            "rename-card",
            "--card-owner-id",
            &owner,
            "--card-hash",
            &hash,
            "--card-desc",
            "Tatil kartı",
        ],
    );
    expect(&r, 0);
    let r = run(
        &mut with_secret(&sim),
        &["list-cards", "--card-owner-id", &owner],
    );
    assert!(
        r.stdout.lines().nth(4).unwrap().contains("Tatil kartı"),
        "{}",
        r.stdout
    );

    // Pay with the stored card, and with the declining one.
    let mut pay = with_secret(&sim);
    pay.env(DOMAIN_VAR, DOMAIN);
    let r = run(
        &mut pay,
        &[
            "pay",
            "--card-hash",
            &hash,
            "--card-owner-id",
            &owner,
            "--amount",
            "42.00",
            "--reference-no",
            "STORED-1",
        ],
    );
    expect(&r, 0);
    assert!(r.stdout.starts_with("Paid 42.00 TRY."), "{}", r.stdout);
    assert!(
        r.stdout.contains(&format!("card_hash    {hash}")),
        "{}",
        r.stdout
    );
    let mut pay = with_secret(&sim);
    pay.env(DOMAIN_VAR, DOMAIN);
    let r = run(
        &mut pay,
        &[
            "--json",
            "pay",
            "--card-hash",
            &declining,
            "--card-owner-id",
            &owner,
            "--amount",
            "42.00",
            "--reference-no",
            "STORED-2",
        ],
    );
    expect(&r, 3);
    assert_eq!(error_of(&r)["transaction"]["card_hash"], declining.as_str());

    // Delete, and list again; the deleted card pays no more (code 25).
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "delete-card",
            "--card-owner-id",
            &owner,
            "--card-hash",
            &hash,
        ],
    );
    expect(&r, 0);
    assert_eq!(r.json()["code"], 0);
    let r = run(
        &mut with_secret(&sim),
        &["list-cards", "--card-owner-id", &owner],
    );
    expect(&r, 0);
    assert_eq!(r.stdout.lines().count(), 5, "two cards left:\n{}", r.stdout);
    assert!(!r.stdout.contains(&hash));
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "delete-card",
            "--card-owner-id",
            &owner,
            "--card-hash",
            &hash,
        ],
    );
    expect(&r, 3);
    assert_eq!(error_of(&r)["code"], 25);
    let mut pay = with_secret(&sim);
    pay.env(DOMAIN_VAR, DOMAIN);
    let r = run(
        &mut pay,
        &[
            "--json",
            "pay",
            "--card-hash",
            &hash,
            "--card-owner-id",
            &owner,
            "--amount",
            "42.00",
            "--reference-no",
            "STORED-3",
        ],
    );
    expect(&r, 3);
    assert_eq!(error_of(&r)["code"], 25);
}

#[test]
fn save_with_a_one_time_password() {
    let sim = start(SimConfig::default().seed(7).card_otp(true));
    // Without one: Paynet refuses (exit 3).
    let r = run(
        &mut with_stored_card(&sim, TEST_CARD_APPROVE),
        &[
            "save-card",
            "--user-unique-id",
            "otp-1",
            "--card-desc",
            "Kart",
            "--user-gsm",
            GSM,
        ],
    );
    expect(&r, 3);
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "send-card-otp",
            "--user-gsm",
            GSM,
            "--otp-session-id",
            "otp-s1",
        ],
    );
    expect(&r, 0);
    assert!(
        r.json()["otp_expire"]
            .as_str()
            .unwrap()
            .starts_with("2024-06-03T")
    );
    let mut check = with_secret(&sim);
    check.env(OTP_VAR, "WRONG1");
    let r = run(
        &mut check,
        &[
            "-vv",
            "check-card-otp",
            "--user-gsm",
            GSM,
            "--otp-session-id",
            "otp-s1",
        ],
    );
    expect(&r, 3);
    assert!(r.stderr.contains("kalan deneme: 2"), "{}", r.stderr);
    assert!(!r.all().contains("WRONG1"), "{}", r.all());
    let mut check = with_secret(&sim);
    check.env(OTP_VAR, TEST_OTP_CODE);
    let r = run(
        &mut check,
        &[
            "-vv",
            "--json",
            "check-card-otp",
            "--user-gsm",
            GSM,
            "--otp-session-id",
            "otp-s1",
        ],
    );
    expect(&r, 0);
    no_secret(&r.all(), &[]);
    let mut cmd = with_stored_card(&sim, TEST_CARD_APPROVE);
    cmd.env(OTP_VAR, TEST_OTP_CODE);
    let r = run(
        &mut cmd,
        &[
            "-vv",
            "save-card",
            "--user-unique-id",
            "otp-1",
            "--card-desc",
            "Kart",
            "--user-gsm",
            GSM,
            "--otp-session-id",
            "otp-s1",
        ],
    );
    expect(&r, 0);
    assert!(
        r.stdout.starts_with("Card saved: 435508******4358"),
        "{}",
        r.stdout
    );
    no_secret(&r.all(), &[TEST_CARD_APPROVE]);
    // The password stored one card: again, Paynet refuses.
    let mut cmd = with_stored_card(&sim, TEST_CARD_APPROVE);
    cmd.env(OTP_VAR, TEST_OTP_CODE);
    let r = run(
        &mut cmd,
        &[
            "save-card",
            "--user-unique-id",
            "otp-1",
            "--card-desc",
            "İkinci",
            "--otp-session-id",
            "otp-s1",
        ],
    );
    expect(&r, 3);
}

#[test]
fn no_secret_is_printed_even_when_the_server_echoes_it() {
    let sim = start(SimConfig::default().seed(7).card_otp(true));
    let session = |id: &str| {
        expect(
            &run(
                &mut with_secret(&sim),
                &["send-card-otp", "--user-gsm", GSM, "--otp-session-id", id],
            ),
            0,
        );
        let mut check = with_secret(&sim);
        check.env(OTP_VAR, TEST_OTP_CODE);
        expect(
            &run(
                &mut check,
                &["check-card-otp", "--user-gsm", GSM, "--otp-session-id", id],
            ),
            0,
        );
    };
    for (i, json) in [false, true].into_iter().enumerate() {
        let id = format!("echo-{i}");
        session(&id);
        let mut cmd = with_stored_card(&sim, TEST_CARD_APPROVE);
        cmd.env(OTP_VAR, TEST_OTP_CODE);
        let mut args = vec!["-vv"];
        if json {
            args.push("--json");
        }
        args.extend([
            "save-card",
            "--user-unique-id",
            "echo",
            "--card-desc",
            "ECHO kartım",
            "--user-gsm",
            GSM,
            "--otp-session-id",
            &id,
        ]);
        let r = run(&mut cmd, &args);
        expect(&r, 0);
        // The server sent them back (message, card_no, card_bin, card_holder): all scrubbed.
        assert!(r.stdout.contains("[redacted]"), "{}", r.stdout);
        no_secret(&r.all(), &[TEST_CARD_APPROVE]);
        if json {
            let saved = r.json();
            assert_eq!(saved["card_no"], "[redacted]");
            assert_eq!(
                (&saved["card_bin"], &saved["card_holder"]),
                (&Value::from("[redacted]"), &Value::from("[redacted]"))
            );
        }
    }
    assert_eq!(sim.request_count(SAVE_PATH), 2);
}

#[test]
fn bad_input_is_refused_before_sending() {
    let sim = sim();
    let save = |env: &[(&str, &str)], remove: &[&str], args: &[&str]| {
        let mut cmd = with_stored_card(&sim, TEST_CARD_APPROVE);
        for (k, v) in env {
            cmd.env(k, v);
        }
        for k in remove {
            cmd.env_remove(k);
        }
        let mut all = vec!["save-card"];
        all.extend_from_slice(args);
        run(&mut cmd, &all)
    };
    let owner = ["--user-unique-id", "u-1", "--card-desc", "Kart"];
    let cases: Vec<(Run, &str)> = vec![
        (
            save(&[(CARD_NUMBER_VAR, "4355084355084359")], &[], &owner),
            CARD_NUMBER_VAR,
        ),
        (
            save(&[(CARD_EXPIRY_VAR, "01/20")], &[], &owner),
            CARD_EXPIRY_VAR,
        ),
        (save(&[(CARD_CVC_VAR, "12")], &[], &owner), CARD_CVC_VAR),
        (save(&[], &[CARD_NUMBER_VAR], &owner), CARD_NUMBER_VAR),
        (
            save(
                &[],
                &[],
                &["--user-unique-id", "u", "--card-desc", &"x".repeat(51)],
            ),
            "--card-desc",
        ),
        (
            save(
                &[],
                &[],
                &[
                    "--user-unique-id",
                    "u",
                    "--card-desc",
                    "K",
                    "--user-gsm",
                    "05321234567",
                ],
            ),
            "--user-gsm",
        ),
        (
            save(
                &[],
                &[],
                &[
                    "--user-unique-id",
                    "u",
                    "--card-owner-id",
                    "o",
                    "--card-desc",
                    "K",
                ],
            ),
            "--card-owner-id",
        ),
        (save(&[], &[], &["--card-desc", "K"]), "--user-unique-id"),
        (save(&[(OTP_VAR, TEST_OTP_CODE)], &[], &owner), OTP_VAR),
        (
            save(
                &[],
                &[],
                &[
                    "--user-unique-id",
                    "u",
                    "--card-desc",
                    "K",
                    "--otp-session-id",
                    "s",
                ],
            ),
            OTP_VAR,
        ),
        (
            save(
                &[(OTP_VAR, "AR T2")],
                &[],
                &[
                    "--user-unique-id",
                    "u",
                    "--card-desc",
                    "K",
                    "--otp-session-id",
                    "s",
                ],
            ),
            OTP_VAR,
        ),
        (save(&[], &[], &["--user-unique-id", "u"]), "--card-desc"),
    ];
    for (r, names) in &cases {
        expect(r, 2);
        assert!(r.stderr.contains(names), "{names}: {}", r.stderr);
        no_secret(&r.all(), &[TEST_CARD_APPROVE, "4355084355084359"]);
    }
    let others = [
        run(
            &mut with_secret(&sim),
            &["list-cards", "--card-owner-id", "o", "--limit", "0"],
        ),
        run(
            &mut with_secret(&sim),
            &["list-cards", "--card-owner-id", "a b"],
        ),
        run(
            &mut with_secret(&sim),
            &[
                "list-cards",
                "--card-owner-id",
                "o",
                "--starting-after",
                "1",
                "--ending-before",
                "5",
            ],
        ),
        run(
            &mut with_secret(&sim),
            &[
                "rename-card",
                "--card-owner-id",
                "o",
                "--card-hash",
                "h",
                "--card-desc",
                &"x".repeat(51),
            ],
        ),
        run(
            &mut with_secret(&sim),
            &["delete-card", "--card-owner-id", "o"],
        ),
        run(
            &mut with_secret(&sim),
            &[
                "send-card-otp",
                "--user-gsm",
                "05321234567",
                "--otp-session-id",
                "s",
            ],
        ),
        run(
            &mut with_secret(&sim),
            &["check-card-otp", "--user-gsm", GSM, "--otp-session-id", "s"],
        ),
        {
            let mut c = with_secret(&sim);
            c.env(OTP_VAR, "AR-T2");
            run(
                &mut c,
                &["check-card-otp", "--user-gsm", GSM, "--otp-session-id", "s"],
            )
        },
        run(
            &mut with_card(&sim, TEST_CARD_APPROVE),
            &["pay", "--amount", "1", "--reference-no", "R", "--save-card"],
        ),
        run(
            &mut with_card(&sim, TEST_CARD_APPROVE),
            &[
                "pay",
                "--amount",
                "1",
                "--reference-no",
                "R",
                "--save-card",
                "--card-desc",
                "K",
            ],
        ),
        run(
            &mut with_card(&sim, TEST_CARD_APPROVE),
            &[
                "pay",
                "--amount",
                "1",
                "--reference-no",
                "R",
                "--save-card",
                "--card-desc",
                "K",
                "--user-unique-id",
                "u",
                "--user-gsm-no",
                "0532",
            ],
        ),
        run(
            &mut with_card(&sim, TEST_CARD_APPROVE),
            &[
                "pay",
                "--amount",
                "1",
                "--reference-no",
                "R",
                "--card-hash",
                "h",
                "--card-owner-id",
                "a b",
            ],
        ),
        run(
            &mut with_card(&sim, TEST_CARD_APPROVE),
            &[
                "pay",
                "--amount",
                "1",
                "--reference-no",
                "R",
                "--card-hash",
                "h",
                "--save-card",
                "--card-desc",
                "K",
            ],
        ),
    ];
    for r in &others {
        expect(r, 2);
        assert!(!r.all().contains("AR-T2"), "{}", r.all());
    }
    nothing_sent(&sim);
}

#[test]
fn a_payment_saves_its_card_and_a_stored_3d_card_still_needs_3d() {
    let sim = sim();
    let r = run(
        &mut with_stored_card(&sim, TEST_CARD_3D_REQUIRED),
        &[
            "--json",
            "pay",
            "--amount",
            "60.00",
            "--reference-no",
            "SAVE-3D",
            "--3d",
            "--return-url",
            "https://shop.example/back",
            "--save-card",
            "--card-desc",
            "3D kartım",
            "--user-unique-id",
            "cust-3d",
        ],
    );
    expect(&r, 0);
    let started = r.json();
    let (session, token) = (
        started["session_id"].as_str().unwrap().to_owned(),
        started["token_id"].as_str().unwrap().to_owned(),
    );
    sim.three_d_return(&session, true).unwrap();
    let r = run(
        &mut with_secret(&sim),
        &[
            "pay",
            "complete",
            "--session-id",
            &session,
            "--token-id",
            &token,
            "--reference-no",
            "SAVE-3D",
        ],
    );
    expect(&r, 0);
    assert!(
        r.stdout.contains("with 3-D Secure") && r.stdout.contains("card saved   yes"),
        "{}",
        r.stdout
    );
    no_secret(&r.all(), &[TEST_CARD_3D_REQUIRED]);
    let line = |label: &str| {
        r.stdout
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .and_then(|l| l.split_whitespace().nth(1))
            .unwrap()
            .to_owned()
    };
    let (hash, owner) = (line("card_hash"), line("card_owner"));
    // The stored 3-D card: refused without 3-D (code 16), paid through it.
    let mut pay = with_secret(&sim);
    pay.env(DOMAIN_VAR, DOMAIN);
    let r = run(
        &mut pay,
        &[
            "--json",
            "pay",
            "--card-hash",
            &hash,
            "--card-owner-id",
            &owner,
            "--amount",
            "10.00",
            "--reference-no",
            "AGAIN-1",
        ],
    );
    expect(&r, 3);
    assert_eq!(error_of(&r)["code"], 16);
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "pay",
            "--card-hash",
            &hash,
            "--card-owner-id",
            &owner,
            "--amount",
            "10.00",
            "--reference-no",
            "AGAIN-2",
            "--3d",
            "--return-url",
            "https://shop.example/back",
        ],
    );
    expect(&r, 0);
    let s = r.json();
    sim.three_d_return(s["session_id"].as_str().unwrap(), true)
        .unwrap();
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "pay",
            "complete",
            "--session-id",
            s["session_id"].as_str().unwrap(),
            "--token-id",
            s["token_id"].as_str().unwrap(),
        ],
    );
    expect(&r, 0);
    let paid = r.json();
    assert_eq!(
        (&paid["is_tds"], &paid["card_hash"], &paid["card_owner_id"]),
        (
            &Value::from(true),
            &Value::from(hash.as_str()),
            &Value::from(owner.as_str())
        )
    );
    assert!(paid.get("is_save_card_succeed").is_some());
    assert_eq!(
        paid["is_save_card_succeed"],
        Value::Null,
        "not asked to save: {paid}"
    );
    // The list has it, by its description.
    let r = run(
        &mut with_secret(&sim),
        &["list-cards", "--card-owner-id", &owner],
    );
    assert!(
        r.stdout.contains("3D kartım") && r.stdout.contains("450803******0006"),
        "{}",
        r.stdout
    );
    assert!(sim.request_count(LIST_PATH_CARDS) >= 1);
}

/// The whole flow against the `paynet sim` process started with `--card-otp`: a save refused
/// without the one-time password, the password sent and checked, the save, the list, a rename,
/// a payment with the stored card, its deletion, and the list again.
#[test]
fn the_whole_flow_against_paynet_sim_with_card_otp() {
    let (mut child, mut stdout) = crate::sim::spawn_sim(&["sim", "--json", "--card-otp"]);
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let info: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(
        (&info["card_otp"], &info["otp_code"]),
        (&Value::from(true), &Value::from(TEST_OTP_CODE))
    );
    assert_eq!(info["card_owner_id"], TEST_CARD_OWNER_ID);
    let base_url = info["base_url"].as_str().unwrap().to_owned();
    let cmd = || {
        let mut c = paynet_at(&base_url);
        c.env(SECRET_VAR, paynet_sim::DEFAULT_SECRET_KEY);
        c
    };
    let card = || {
        let mut c = cmd();
        c.env(CARD_NUMBER_VAR, TEST_CARD_APPROVE)
            .env(CARD_EXPIRY_VAR, test_expiry())
            .env(CARD_CVC_VAR, CVC)
            .env(CARD_HOLDER_VAR, "AYSE YILMAZ")
            .env(OTP_VAR, TEST_OTP_CODE);
        c
    };
    let save = [
        "--json",
        "save-card",
        "--user-unique-id",
        "proc-1",
        "--card-desc",
        "Kart",
        "--user-gsm",
        GSM,
    ];
    let mut without = card();
    without.env_remove(OTP_VAR);
    expect(&run(&mut without, &save), 3);
    expect(
        &run(
            &mut cmd(),
            &[
                "send-card-otp",
                "--user-gsm",
                GSM,
                "--otp-session-id",
                "p-1",
            ],
        ),
        0,
    );
    let mut check = cmd();
    check.env(OTP_VAR, TEST_OTP_CODE);
    expect(
        &run(
            &mut check,
            &[
                "check-card-otp",
                "--user-gsm",
                GSM,
                "--otp-session-id",
                "p-1",
            ],
        ),
        0,
    );
    let mut with_otp = save.to_vec();
    with_otp.extend(["--otp-session-id", "p-1"]);
    let r = run(&mut card(), &with_otp);
    expect(&r, 0);
    no_secret(&r.all(), &[TEST_CARD_APPROVE]);
    let saved = r.json();
    let (owner, hash) = (
        saved["card_owner_id"].as_str().unwrap().to_owned(),
        saved["card_hash"].as_str().unwrap().to_owned(),
    );
    let r = run(&mut cmd(), &["list-cards", "--card-owner-id", &owner]);
    expect(&r, 0);
    assert!(
        r.stdout.contains("435508******4358") && r.stdout.contains(&hash),
        "{}",
        r.stdout
    );
    expect(
        &run(
            &mut cmd(),
            &[
                "rename-card",
                "--card-owner-id",
                &owner,
                "--card-hash",
                &hash,
                "--card-desc",
                "Yeni",
            ],
        ),
        0,
    );
    let mut pay = cmd();
    pay.env(DOMAIN_VAR, DOMAIN);
    let r = run(
        &mut pay,
        &[
            "--json",
            "pay",
            "--card-hash",
            &hash,
            "--card-owner-id",
            &owner,
            "--amount",
            "12.50",
            "--reference-no",
            "PROC-1",
        ],
    );
    expect(&r, 0);
    assert_eq!(r.json()["card_hash"], hash.as_str());
    expect(
        &run(
            &mut cmd(),
            &[
                "delete-card",
                "--card-owner-id",
                &owner,
                "--card-hash",
                &hash,
            ],
        ),
        0,
    );
    let r = run(&mut cmd(), &["list-cards", "--card-owner-id", &owner]);
    expect(&r, 0);
    assert_eq!(
        r.stdout.trim(),
        format!("No stored cards for card_owner_id {owner}.")
    );
    assert_eq!(crate::sim::interrupt(&mut child), Some(0));
}

/// A save whose answer is lost is not sent again: the outcome is unknown (exit 4), and the card
/// was stored (the list shows it).
#[test]
fn a_lost_save_is_an_unknown_outcome_never_sent_again() {
    let sim = start(
        SimConfig::default()
            .seed(7)
            .slow_delay(std::time::Duration::from_millis(50)),
    );
    let r = run(
        &mut with_stored_card(&sim, TEST_CARD_APPROVE),
        &[
            "--json",
            "save-card",
            "--user-unique-id",
            "lost-1",
            "--card-desc",
            "LOST kart",
        ],
    );
    expect(&r, 4);
    assert_eq!(error_of(&r)["kind"], "outcome_unknown");
    assert_eq!(sim.request_count(SAVE_PATH), 1, "never sent twice");
    no_secret(&r.all(), &[TEST_CARD_APPROVE]);
    // It was stored: a later save for the same customer finds the owner and both cards.
    let saved = save(
        &sim,
        TEST_CARD_APPROVE,
        &["--user-unique-id", "lost-1", "--card-desc", "Yeniden"],
    );
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "list-cards",
            "--card-owner-id",
            saved["card_owner_id"].as_str().unwrap(),
        ],
    );
    assert_eq!(r.json()["total_count"], 2);
}
