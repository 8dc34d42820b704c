//! Subscriptions from the command line against the simulator: `create-subscription`, a card added
//! through 3-D Secure (`start-subscription-card-3d` with the `PAYNET_CARD_*` variables, the bank's
//! page driven over HTTP, `confirm-subscription-card-3d`), the simulator's clock moved
//! (`POST /sim/clock/advance`), the invoices paid in `list-subscription-invoices` and their
//! transactions in `payments list`, billing stopped by `update-subscription-status`; the fourth
//! invoice declined on the limited test card and the manual charge's cooldown; bad input (exit 2,
//! nothing sent); no card data in any output.

use paynet_sim::{Simulator, TEST_CARD_APPROVE, TEST_CARD_LIMITED, TEST_CVC};
use serde_json::{Value, json};

use crate::support::*;

/// The HTML-unescaped value of the hidden input `name` of a page's form.
fn form_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("{name} in {html}"))
        + marker.len();
    let value = &html[start..];
    value[..value.find('"').unwrap()].replace("&amp;", "&")
}

/// GETs the bank's 3-D page with `auto=approve`, as the payer's browser would.
fn bank_page(post_url: &str) -> String {
    use paynet::raw::reqwest;
    let url = format!("{post_url}&auto=approve");
    runtime().block_on(async move {
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        let page = http.get(&url).send().await.unwrap();
        assert_eq!(page.status(), 200, "{url}");
        page.text().await.unwrap()
    })
}

/// `POST /sim/clock/advance` with `{"days": days}`, as a user of `paynet sim` would (curl).
fn advance_days(sim: &Simulator, days: u32) -> Value {
    use paynet::raw::reqwest;
    let url = format!("{}/sim/clock/advance", sim.base_url());
    runtime().block_on(async move {
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        let answer = http
            .post(&url)
            .header("content-type", "application/json")
            .body(json!({ "days": days }).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200);
        serde_json::from_str(&answer.text().await.unwrap()).unwrap()
    })
}

/// `create-subscription`: 100.00 TL a month, `count` times, from the simulator's day.
fn create(sim: &Simulator, reference_no: &str, count: &str) -> Value {
    let r = run(
        &mut with_secret(sim),
        &[
            "--json",
            "create-subscription",
            "--name-surname",
            "Ayşe Yılmaz",
            "--amount",
            "100.00",
            "--interval",
            "2",
            "--interval-count",
            count,
            "--begin-date",
            SIM_DAY,
            "--reference-no",
            reference_no,
            "--end-user-email",
            "ayse@example.com",
            "--end-user-gsm",
            "5321234567",
            "--end-user-desc",
            "Aylık plan",
        ],
    );
    expect(&r, 0);
    r.json()
}

/// Adds `card` to the subscription through 3-D: `start-subscription-card-3d`, the bank's page,
/// `confirm-subscription-card-3d`. Returns the confirmation's JSON.
fn add_card(sim: &Simulator, reference_no: &str, card: &str) -> Value {
    let mut cmd = with_secret(sim);
    set_card(&mut cmd, card);
    let r = run(
        &mut cmd,
        &[
            "--json",
            "start-subscription-card-3d",
            "--reference-no",
            reference_no,
            "--return-url",
            "https://shop.example/cards/back",
            "--label",
            "Kişisel",
        ],
    );
    expect(&r, 0);
    let session = r.json();
    assert_eq!(session["reference_no"], reference_no);
    let page = bank_page(session["post_url"].as_str().unwrap());
    let (session_id, token_id) = (
        form_value(&page, "session_id"),
        form_value(&page, "token_id"),
    );
    assert_eq!(session_id, session["session_id"].as_str().unwrap());
    let r = run(
        &mut with_secret(sim),
        &[
            "--json",
            "confirm-subscription-card-3d",
            "--session-id",
            &session_id,
            "--token-id",
            &token_id,
        ],
    );
    // Paynet's own example answers code 1 when the card was added: is_succeed decides.
    expect(&r, 0);
    r.json()
}

fn invoices(sim: &Simulator, reference_no: &str) -> Vec<Value> {
    let r = run(
        &mut with_secret(sim),
        &[
            "--json",
            "list-subscription-invoices",
            "--reference-no",
            reference_no,
        ],
    );
    expect(&r, 0);
    r.json()["data"].as_array().unwrap().clone()
}

fn statuses(rows: &[Value]) -> Vec<u64> {
    rows.iter().map(|r| r["status"].as_u64().unwrap()).collect()
}

#[test]
fn a_subscription_bills_on_the_clock_and_stops_when_cancelled() {
    let sim = sim();
    let created = create(&sim, "SUB-CLI-1", "12");
    assert_eq!(created["code"], 0);
    assert!(
        created["url"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{}/sim/subscription/", sim.base_url())),
        "{created}"
    );
    // What the simulator read: kuruş and Paynet's date form, shown back in TL.
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "subscription-detail",
            "--reference-no",
            "SUB-CLI-1",
        ],
    );
    expect(&r, 0);
    assert!(r.stdout.contains(r#""amount":100.00"#), "{}", r.stdout);
    assert!(
        r.stdout.contains(r#""begin_date":"03.06.2024""#),
        "{}",
        r.stdout
    );

    let added = add_card(&sim, "SUB-CLI-1", TEST_CARD_APPROVE);
    assert_eq!(added["is_succeed"], true, "{added}");
    assert_eq!(added["code"], 1, "Paynet's example code, read as success");
    let card_id = added["card_id"].as_str().unwrap().to_owned();
    let r = run(
        &mut with_secret(&sim),
        &["list-subscription-cards", "--reference-no", "SUB-CLI-1"],
    );
    expect(&r, 0);
    assert!(
        r.stdout.contains("435508******4358") && r.stdout.contains(&card_id),
        "{}",
        r.stdout
    );

    // Two months: the invoices of 3 June, 3 July and 3 August are paid.
    let moved = advance_days(&sim, 61);
    assert_eq!(moved["today"], "03.08.2024");
    assert_eq!(moved["billed"].as_array().unwrap().len(), 3, "{moved}");
    let rows = invoices(&sim, "SUB-CLI-1");
    assert_eq!(statuses(&rows[..5]), [3, 3, 3, 0, 0]);
    let paid: Vec<&str> = rows[..3]
        .iter()
        .map(|r| r["xact_id"].as_str().unwrap())
        .collect();
    let r = run(
        &mut with_secret(&sim),
        &[
            "list-subscription-invoices",
            "--reference-no",
            "SUB-CLI-1",
            "--invoice-status",
            "3",
        ],
    );
    expect(&r, 0);
    assert!(
        r.stdout.contains("total_count") && r.stdout.contains(paid[2]),
        "{}",
        r.stdout
    );
    // Amounts as Paynet wrote them, never through a float.
    assert!(
        r.stdout.contains(" 100.00\n") && r.stdout.contains(" 300.00\n"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains(" 100.0\n"), "{}", r.stdout);

    // Their transactions, in the transaction list.
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "payments",
            "list",
            "--from",
            SIM_DAY,
            "--to",
            "2024-08-03",
            "--all",
        ],
    );
    expect(&r, 0);
    let listed: Vec<&str> = r.json()["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|row| row["xact_id"].as_str())
        .map(|x| paid.iter().copied().find(|p| *p == x).unwrap_or(""))
        .filter(|x| !x.is_empty())
        .collect();
    assert_eq!(listed.len(), 3, "{}", r.stdout);

    // Cancelled: the clock moves on, nothing more is billed.
    let r = run(
        &mut with_secret(&sim),
        &[
            "update-subscription-status",
            "--reference-no",
            "SUB-CLI-1",
            "--status",
            "5",
        ],
    );
    expect(&r, 0);
    let moved = advance_days(&sim, 92);
    assert_eq!(moved["billed"], json!([]), "{moved}");
    let rows = invoices(&sim, "SUB-CLI-1");
    assert_eq!(statuses(&rows[..6]), [3, 3, 3, 0, 0, 0]);
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "subscription-detail",
            "--reference-no",
            "SUB-CLI-1",
        ],
    );
    assert_eq!(r.json()["status"], 5);
    // An added invoice, its date and time given the CLI's way, sent in Paynet's.
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "create-subscription-invoice",
            "--reference-no",
            "SUB-CLI-1",
            "--val-date",
            "2024-12-10T12:30:00",
            "--amount",
            "25.00",
        ],
    );
    expect(&r, 0);
    let rows = invoices(&sim, "SUB-CLI-1");
    assert!(
        rows.iter()
            .any(|r| r["val_date"] == "10.12.2024 12:30:00" && r["plan_id"] == ""),
        "{rows:?}"
    );
}

#[test]
fn the_fourth_invoice_is_declined_and_retried_by_hand_after_the_cooldown() {
    let sim = sim();
    create(&sim, "SUB-CLI-2", "6");
    add_card(&sim, "SUB-CLI-2", TEST_CARD_LIMITED);
    advance_days(&sim, 92);
    let rows = invoices(&sim, "SUB-CLI-2");
    assert_eq!(statuses(&rows[..5]), [3, 3, 3, 4, 0]);
    let (invoice_id, invoice_no) = (
        rows[3]["invoice_id"].as_str().unwrap().to_owned(),
        rows[3]["invoice_no"].as_str().unwrap().to_owned(),
    );
    let charge = |sim: &Simulator| {
        run(
            &mut with_secret(sim),
            &[
                "charge-subscription-invoice",
                "--reference-no",
                "SUB-CLI-2",
                "--invoice-no",
                &invoice_no,
            ],
        )
    };
    // Declined again by hand (exit 3), then refused inside the cooldown, with when to retry.
    let r = charge(&sim);
    expect(&r, 3);
    assert!(r.stderr.contains("Limit yetersiz"), "{}", r.stderr);
    let r = charge(&sim);
    expect(&r, 3);
    assert!(
        r.stderr.contains(&format!(
            "too early: invoice {invoice_no} can be charged again in 2 h"
        )),
        "{}",
        r.stderr
    );
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "list-subscription-invoice-attempts",
            "--invoice-id",
            &invoice_id,
            "--invoice-no",
            &invoice_no,
        ],
    );
    expect(&r, 0);
    let attempts = r.json()["data"].as_array().unwrap().clone();
    assert_eq!(attempts.len(), 2, "{attempts:?}");
    assert!(attempts.iter().all(|a| a["is_succeed"] == false));
    assert_eq!(attempts[1]["is_manual"], true);

    // Another card, two hours later: paid by hand.
    add_card(&sim, "SUB-CLI-2", TEST_CARD_APPROVE);
    sim.advance_clock(std::time::Duration::from_secs(2 * 3600));
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "charge-subscription-invoice",
            "--reference-no",
            "SUB-CLI-2",
        ],
    );
    expect(&r, 0);
    assert_eq!(r.json()["data"][0]["code"], 0);
    assert_eq!(statuses(&invoices(&sim, "SUB-CLI-2")[..5]), [3, 3, 3, 3, 0]);
}

#[test]
fn bad_input_exits_2_and_sends_nothing() {
    let sim = sim();
    let create_with = |change: (&str, &str)| {
        let mut args = vec![
            "create-subscription",
            "--name-surname",
            "A",
            "--amount",
            "100.00",
            "--interval",
            "2",
            "--interval-count",
            "3",
            "--begin-date",
            SIM_DAY,
            "--reference-no",
            "R",
            "--end-user-email",
            "a@b.co",
            "--end-user-gsm",
            "5321234567",
            "--end-user-desc",
            "d",
        ];
        let at = args.iter().position(|a| *a == change.0).unwrap();
        args[at + 1] = change.1;
        run(&mut with_secret(&sim), &args)
    };
    for (flag, value, says) in [
        ("--amount", "10,50", "--amount"),
        ("--amount", "0.001", "--amount"),
        ("--begin-date", "03.06.2024", "YYYY-MM-DD"),
        ("--interval", "5", "--interval"),
        ("--interval-count", "0", "interval_count"),
        ("--end-user-email", "nope", "end_user_email"),
        ("--reference-no", "", "reference_no"),
    ] {
        let r = create_with((flag, value));
        expect(&r, 2);
        assert!(r.stderr.contains(says), "{flag} {value}: {}", r.stderr);
    }
    let r = run(&mut with_secret(&sim), &["subscription-detail"]);
    expect(&r, 2);
    assert!(
        r.stderr
            .contains("at least one of subscription_id, reference_no"),
        "{}",
        r.stderr
    );
    let r = run(
        &mut with_secret(&sim),
        &["subscription-detail", "--subscription-id", "not-a-guid"],
    );
    expect(&r, 2);
    let r = run(
        &mut with_secret(&sim),
        &[
            "update-subscription-status",
            "--reference-no",
            "R",
            "--status",
            "1",
        ],
    );
    expect(&r, 2);
    let r = run(
        &mut with_secret(&sim),
        &[
            "create-subscription-invoice",
            "--reference-no",
            "R",
            "--val-date",
            "2024-06-10T25:00:00",
            "--amount",
            "1.00",
        ],
    );
    expect(&r, 2);
    // The card: from the environment only, checked before anything is sent.
    let start = [
        "start-subscription-card-3d",
        "--reference-no",
        "R",
        "--return-url",
        "https://shop.example/b",
    ];
    let r = run(&mut with_secret(&sim), &start);
    expect(&r, 2);
    assert!(r.stderr.contains("PAYNET_CARD_NUMBER"), "{}", r.stderr);
    let mut cmd = with_secret(&sim);
    set_card(&mut cmd, "4355084355084357");
    let r = run(&mut cmd, &start);
    expect(&r, 2);
    assert!(
        r.stderr.contains("PAYNET_CARD_NUMBER") && !r.all().contains("4355084355084357"),
        "{}",
        r.stderr
    );
    let mut cmd = with_secret(&sim);
    set_card(&mut cmd, TEST_CARD_APPROVE);
    let r = run(
        &mut cmd,
        &[
            "start-subscription-card-3d",
            "--return-url",
            "https://shop.example/b",
        ],
    );
    expect(&r, 2);
    assert!(r.stderr.contains("subscription_id"), "{}", r.stderr);
    nothing_sent(&sim);
}

#[test]
fn no_card_data_in_any_output() {
    // The simulator: text and JSON, with logs.
    let sim = sim();
    create(&sim, "SUB-CLI-3", "2");
    for json in [false, true] {
        let mut cmd = with_secret(&sim);
        set_card(&mut cmd, TEST_CARD_APPROVE);
        let mut args = vec!["-vv"];
        if json {
            args.push("--json");
        }
        args.extend([
            "start-subscription-card-3d",
            "--reference-no",
            "SUB-CLI-3",
            "--return-url",
            "https://shop.example/b",
        ]);
        let r = run(&mut cmd, &args);
        expect(&r, 0);
        assert!(r.stdout.contains("/sim/3d?session_id="), "{}", r.stdout);
        if !json {
            assert!(r.stdout.contains("435508******4358"), "{}", r.stdout);
            assert!(
                r.stdout.contains("paynet confirm-subscription-card-3d"),
                "{}",
                r.stdout
            );
        }
        assert!(!r.all().contains(TEST_CARD_APPROVE), "{}", r.all());
        assert!(!r.all().contains("4355 0843"), "{}", r.all());
    }
    // A Paynet that echoes the card number and the CVV back: scrubbed.
    let echo = format!(
        r#"{{"session_id":"js_1","token_id":"T","post_url":"https://bank.example/3d?pan={TEST_CARD_APPROVE}","html_content":"<p>{TEST_CARD_APPROVE} cvv {TEST_CVC}</p>","code":0,"message":"card {TEST_CARD_APPROVE}"}}"#
    );
    let (url, server) = canned(200, echo);
    let mut cmd = paynet_at(&url);
    cmd.env(SECRET_VAR, paynet_sim::DEFAULT_SECRET_KEY);
    set_card(&mut cmd, TEST_CARD_APPROVE);
    let r = run(
        &mut cmd,
        &[
            "--json",
            "start-subscription-card-3d",
            "--reference-no",
            "R",
            "--return-url",
            "https://shop.example/b",
        ],
    );
    server.join().unwrap();
    expect(&r, 0);
    assert!(!r.all().contains(TEST_CARD_APPROVE), "{}", r.all());
    assert!(
        !r.stdout.contains(&format!("cvv {TEST_CVC}")),
        "{}",
        r.stdout
    );
}

/// The simulator lays out its invoices by its own copy of the schedule rule (it depends on no
/// SDK crate): the same dates as `paynet::Schedule`, month ends and periods included.
#[test]
fn the_simulators_invoices_follow_the_sdks_schedule() {
    use paynet::{Interval, NaiveDate, Schedule};
    let sim = sim();
    for (n, (interval, count, period, begin)) in [
        (Interval::Monthly, 6, 1, "2024-08-31"),
        (Interval::Monthly, 5, 2, "2024-06-30"),
        (Interval::Weekly, 4, 3, "2024-06-03"),
        (Interval::Daily, 3, 0, "2024-06-29"),
        (Interval::Yearly, 3, 1, "2028-02-29"),
    ]
    .into_iter()
    .enumerate()
    {
        let reference = format!("SUB-SCHEDULE-{n}");
        let (count_text, period_text, code) = (
            count.to_string(),
            period.to_string(),
            interval.code().to_string(),
        );
        let r = run(
            &mut with_secret(&sim),
            &[
                "create-subscription",
                "--name-surname",
                "A",
                "--amount",
                "1.00",
                "--interval",
                &code,
                "--interval-count",
                &count_text,
                "--period",
                &period_text,
                "--begin-date",
                begin,
                "--reference-no",
                &reference,
                "--end-user-email",
                "a@b.co",
                "--end-user-gsm",
                "5321234567",
                "--end-user-desc",
                "d",
            ],
        );
        expect(&r, 0);
        let simulated: Vec<String> = invoices(&sim, &reference)
            .iter()
            .map(|i| i["val_date"].as_str().unwrap()[..10].to_owned())
            .collect();
        let begin = NaiveDate::parse_from_str(begin, "%Y-%m-%d").unwrap();
        let schedule = Schedule::new(interval, count, period).unwrap();
        let expected: Vec<String> = schedule
            .charge_dates(begin)
            .map(|d| d.format("%d.%m.%Y").to_string())
            .collect();
        assert_eq!(simulated, expected, "{schedule} from {begin}");
    }
}
