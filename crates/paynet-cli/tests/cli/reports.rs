//! Reports: `payments list` and `refunds list` (one page or `--all`, ranges refused before
//! sending), and the instalment table (`ratios`).

use paynet_sim::{SimConfig, TEST_CARD_APPROVE, TEST_CARD_DECLINE};
use serde_json::Value;

use crate::support::*;

/// The fields a row of `payments list` adds to the transaction's.
const PAYMENT_ROW_FIELDS: [&str; 16] = [
    "agent_name",
    "xacttype_desc",
    "xact_time",
    "is_reconcile",
    "is_payup",
    "is_onchargeback",
    "ana_firma_brut_alacak",
    "ana_firma_komisyonu",
    "ana_firma_komisyonu_kdv_dahil",
    "ana_firma_odenecek_net_tutar",
    "bayi_brut_alacak",
    "bayi_komisyonu",
    "bayi_komisyonu_kdv_dahil",
    "bayiye_odenecek_net_tutar",
    "cp_mfi_vdate",
    "ap_mfi_vdate",
];

/// Every `reference_no` of the rows of a `payments list --json`.
fn references(json: &Value) -> Vec<String> {
    json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|row| row["reference_no"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn payments_list_all_streams_every_row_exactly_once() {
    let sim = start(SimConfig::default().seed(11).without_pre_auths());
    assert_eq!(sim.transaction_count(), paynet_sim::SEEDED_HISTORY_LEN);
    // What the test makes: three approved payments and a declined one (today).
    let mut made = Vec::new();
    for (card, reference) in [
        (TEST_CARD_APPROVE, "LIST-1"),
        (TEST_CARD_APPROVE, "LIST-2"),
        (TEST_CARD_DECLINE, "LIST-3"),
        (TEST_CARD_APPROVE, "LIST-4"),
    ] {
        made.push(paid(&sim, card, "12.34", reference));
    }
    let r = run(
        &mut with_secret(&sim),
        &[
            "-v",
            "--json",
            "payments",
            "list",
            "--from",
            BEFORE_HISTORY,
            "--to",
            SIM_DAY,
            "--all",
            "--limit",
            "4",
            "--show-unsucceed",
        ],
    );
    expect(&r, 0);
    let json = r.json();
    // Sorted here: serde_json keeps insertion order when a crate of the build enables
    // `preserve_order` (feature unification across the workspace).
    let mut keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["count", "has_more", "rows", "total_count"]);
    let expected = paynet_sim::SEEDED_HISTORY_LEN + made.len();
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(json["count"], expected, "count");
    assert_eq!(rows.len(), expected, "rows");
    assert_eq!(json["total_count"], expected);
    assert_eq!(json["has_more"], false);
    // No duplicate, no gap: every xact_id once, every seeded and made transaction there.
    let ids: std::collections::BTreeSet<&str> = rows
        .iter()
        .map(|row| row["xact_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), expected, "xact_ids unique");
    for id in &made {
        assert!(ids.contains(id.as_str()), "{id}");
    }
    // The seeded history's references: SIM-HIST-06 is the capture, which carries its
    // pre-authorisation's (05), and the 25th, the refund, carries its sale's (12).
    let refs = references(&json);
    assert_eq!(refs.len(), expected, "{refs:?}");
    for n in (1..=24).filter(|n| *n != 6) {
        let reference = format!("SIM-HIST-{n:02}");
        let times = refs.iter().filter(|r| **r == reference).count();
        assert_eq!(
            times,
            if [5, 12].contains(&n) { 2 } else { 1 },
            "{reference}"
        );
    }
    for reference in ["LIST-1", "LIST-2", "LIST-3", "LIST-4"] {
        assert_eq!(
            refs.iter().filter(|r| *r == reference).count(),
            1,
            "{reference}"
        );
    }
    // Several pages, their progress on stderr only.
    let pages = expected.div_ceil(4) as u64;
    assert_eq!(sim.request_count(LIST_PATH), pages);
    for line in ["loaded 4 rows…", "loaded 8 rows…", "loaded 28 rows…"] {
        assert!(r.stderr.contains(line), "{line} in {}", r.stderr);
        assert!(!r.stdout.contains(line));
    }
    assert!(
        r.stderr
            .contains(&format!("loaded {expected} rows in {pages} pages: done")),
        "{}",
        r.stderr
    );
    // Rows as the SDK serialises them: the transaction's names, then the list's own.
    for row in rows {
        let mut keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut expected_keys = TRANSACTION_FIELDS.to_vec();
        expected_keys.extend(PAYMENT_ROW_FIELDS);
        keys.sort_unstable();
        expected_keys.sort_unstable();
        assert_eq!(keys, expected_keys, "{row}");
    }
    assert_in_order(
        &r.stdout,
        &[
            "xact_id",
            "card_no_masked",
            "message",
            "agent_name",
            "ap_mfi_vdate",
        ],
    );
    assert!(!r.all().contains(TEST_CARD_APPROVE) && !r.all().contains(sim.secret_key()));

    // Successful ones only, by default: the two declines (one seeded, one made) are left out.
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "payments",
            "list",
            "--from",
            BEFORE_HISTORY,
            "--to",
            SIM_DAY,
            "--all",
            "--limit",
            "5",
        ],
    );
    expect(&r, 0);
    let json = r.json();
    assert_eq!(json["count"], expected - 2);
    assert!(
        json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|row| row["is_succeed"] == true)
    );

    // Human: one table for all the pages.
    let r = run(
        &mut with_secret(&sim),
        &[
            "payments",
            "list",
            "--from",
            BEFORE_HISTORY,
            "--to",
            SIM_DAY,
            "--all",
            "--limit",
            "10",
            "--show-unsucceed",
        ],
    );
    expect(&r, 0);
    assert!(
        r.stdout.starts_with(&format!(
            "{expected} transactions from {BEFORE_HISTORY} to {SIM_DAY}:"
        )),
        "{}",
        r.stdout
    );
    assert_eq!(
        r.stdout.matches("STATUS").count(),
        1,
        "one header: {}",
        r.stdout
    );
    for text in [
        "DATE",
        "TYPE",
        "AMOUNT",
        "NET",
        "CARD",
        "STATUS",
        "declined",
        "12.34 TRY",
        "435508******4358",
    ] {
        assert!(r.stdout.contains(text), "{text} in {}", r.stdout);
    }
    for id in &made {
        assert_eq!(r.stdout.matches(id.as_str()).count(), 1, "{id}");
    }
    assert!(r.stderr.contains("loaded 10 rows…"), "{}", r.stderr);
}

#[test]
fn payments_list_without_all_prints_one_page() {
    let sim = sim();
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "payments",
            "list",
            "--from",
            BEFORE_HISTORY,
            "--to",
            SIM_DAY,
            "--limit",
            "5",
        ],
    );
    expect(&r, 0);
    let json = r.json();
    assert_eq!(json["count"], 5);
    assert_eq!(json["rows"].as_array().unwrap().len(), 5);
    assert_eq!(json["has_more"], true);
    assert!(json["total_count"].as_u64().unwrap() > 5, "{json}");
    assert_eq!(sim.request_count(LIST_PATH), 1);
    assert!(!r.stderr.contains("loaded"), "{}", r.stderr);
    // Human: the page, and that more remain.
    let r = run(
        &mut with_secret(&sim),
        &[
            "payments",
            "list",
            "--from",
            BEFORE_HISTORY,
            "--to",
            SIM_DAY,
        ],
    );
    expect(&r, 0);
    assert!(
        r.stdout.starts_with(&format!(
            "10 transactions from {BEFORE_HISTORY} to {SIM_DAY} (of "
        )),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("more remain: --all"), "{}", r.stdout);
    assert!(r.stdout.contains("To refund one: paynet refund --xact-id"));
    // Nothing in the range: exit 0.
    let r = run(
        &mut with_secret(&sim),
        &[
            "payments",
            "list",
            "--from",
            "2020-01-01",
            "--to",
            "2020-01-31",
        ],
    );
    expect(&r, 0);
    assert_eq!(
        r.stdout.trim(),
        "No transactions from 2020-01-01 to 2020-01-31."
    );
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "refunds",
            "list",
            "--from",
            "2020-01-01",
            "--to",
            "2020-01-01",
        ],
    );
    expect(&r, 0);
    assert_eq!(
        r.json(),
        serde_json::json!({"rows": [], "count": 0, "total_count": 0, "has_more": false})
    );

    // `today` (the simulator without a seed runs on today's date in Turkey).
    let sim = start(SimConfig::default());
    let xact_id = paid(&sim, TEST_CARD_APPROVE, "15.00", "TODAY-1");
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json", "payments", "list", "--from", "today", "--to", "today", "--limit", "1000",
        ],
    );
    expect(&r, 0);
    let json = r.json();
    assert!(
        json["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|row| row["xact_id"] == xact_id.as_str()),
        "{json}"
    );
}

#[test]
fn lists_refuse_bad_ranges_before_sending() {
    let sim = sim();
    for list in ["payments", "refunds"] {
        for (from, to, extra, what) in [
            ("2024-13-01", SIM_DAY, None, "--from"),
            ("2024-06-3", SIM_DAY, None, "--from"),
            ("03.06.2024", SIM_DAY, None, "--from"),
            (SIM_DAY, "tomorrow", None, "--to"),
            (SIM_DAY, "2024-02-30", None, "--to"),
            (
                SIM_DAY,
                BEFORE_HISTORY,
                None,
                "--from 2024-06-03 is after --to 2024-05-01",
            ),
            (BEFORE_HISTORY, SIM_DAY, Some("0"), "--limit"),
            (BEFORE_HISTORY, SIM_DAY, Some("1001"), "--limit"),
            (BEFORE_HISTORY, SIM_DAY, Some("ten"), "--limit"),
        ] {
            let mut args = vec!["--json", list, "list", "--from", from, "--to", to];
            if let Some(limit) = extra {
                args.push("--limit");
                args.push(limit);
            }
            let r = run(&mut with_secret(&sim), &args);
            expect(&r, 2);
            let e = error_of(&r);
            assert!(
                e["message"].as_str().unwrap().contains(what),
                "{what} in {e}"
            );
            assert!(["usage", "invalid_request"].contains(&e["kind"].as_str().unwrap()));
            // --all refuses the same.
            args.push("--all");
            expect(&run(&mut with_secret(&sim), &args), 2);
        }
        // A missing range.
        expect(
            &run(&mut with_secret(&sim), &[list, "list", "--from", SIM_DAY]),
            2,
        );
    }
    assert_eq!(sim.request_count(LIST_PATH), 0);
    assert_eq!(sim.request_count(REFUND_LIST_PATH), 0);
    nothing_sent(&sim);
}

#[test]
fn ratios_prints_the_instalment_table() {
    let sim = sim();
    // For a card's BIN and an amount: its bank, twelve options.
    let r = run(
        &mut with_secret(&sim),
        &["ratios", "--bin", "435508", "--amount", "100.00"],
    );
    expect(&r, 0);
    for text in [
        "Instalment options for a card with BIN 435508, for 100.00 TRY:",
        "AXSS",
        "INSTALMENTS",
        "PER INSTALMENT",
        "TOTAL",
        "COMMISSION",
        "NET",
        "Tek Çekim",
        "12 Taksit",
        "97.61 TRY",
    ] {
        assert!(r.stdout.contains(text), "{text} in {}", r.stdout);
    }
    assert!(!r.stdout.contains("BONS"), "{}", r.stdout);
    // --json: the RatioTable, Paynet's names, exact numbers.
    let r = run(
        &mut with_secret(&sim),
        &["--json", "ratios", "--bin", "435508", "--amount", "100"],
    );
    expect(&r, 0);
    assert!(
        r.stdout.contains(r#""total_amount":100.00,"#),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(r#""ratio":0.0199,"#), "{}", r.stdout);
    let json = r.json();
    // Sorted here: serde_json keeps insertion order when a crate of the build enables
    // `preserve_order` (feature unification across the workspace).
    let mut keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["code", "data", "message"]);
    let banks = json["data"].as_array().unwrap();
    assert_eq!(banks.len(), 1);
    assert_eq!(banks[0]["bank_id"], "AXSS");
    let options = banks[0]["ratio"].as_array().unwrap();
    assert_eq!(options.len(), 12);
    assert_eq!(options[0]["instalment"], 1);
    assert_eq!(options[0]["desc"], "Tek Çekim");
    assert_eq!(options[11]["instalment"], 12);

    // The whole table: every bank.
    let r = run(&mut with_secret(&sim), &["ratios", "--amount", "250"]);
    expect(&r, 0);
    assert!(
        r.stdout
            .starts_with("The instalment table: 13 banks, for 250.00 TRY:"),
        "{}",
        r.stdout
    );
    for bank in [
        "ADVT", "AXSS", "BONS", "DENZ", "FINS", "KVYT", "MAXM", "ODEA", "PARF", "VAKF", "WRLD",
        "ZDGR", "ZRTB",
    ] {
        assert!(
            r.stdout.contains(&format!("\n{bank} ")),
            "{bank} in {}",
            r.stdout
        );
    }
    let r = run(&mut with_secret(&sim), &["--json", "ratios"]);
    expect(&r, 0);
    let json = r.json();
    assert_eq!(json["data"].as_array().unwrap().len(), 13);
    assert!(
        json["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["ratio"].as_array().unwrap().len() == 12)
    );

    // An unknown BIN: no data, exit 0.
    let r = run(&mut with_secret(&sim), &["ratios", "--bin", "999999"]);
    expect(&r, 0);
    assert!(
        r.stdout.starts_with("No instalment options for BIN 999999"),
        "{}",
        r.stdout
    );
    let sent = sim.request_count(RATIOS_PATH);
    // Refused before sending: a BIN that is not 6 digits, a bad amount.
    for args in [
        &["ratios", "--bin", "4355"][..],
        &["ratios", "--bin", "43550X"][..],
        &["ratios", "--amount", "10,50"][..],
    ] {
        expect(&run(&mut with_secret(&sim), args), 2);
    }
    assert_eq!(sim.request_count(RATIOS_PATH), sent);
}
