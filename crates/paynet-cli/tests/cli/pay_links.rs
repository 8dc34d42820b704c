//! Pay links from the command line against the simulator: `create-pay-link`, `pay-link-detail`,
//! `list-pay-links` and `update-pay-link-status` (all generated), in text and `--json`; a link
//! paid on the simulator's page (`?auto=pay`, over HTTP) and its detail; input refused before
//! anything is sent (exit 2) and Paynet's refusals (exit 3).

use paynet_sim::Simulator;
use serde_json::Value;

use crate::support::*;

/// `create-pay-link` of 149.90 TL with `reference`, in `--json`: the link's URL.
fn create(sim: &Simulator, reference: &str) -> String {
    let r = run(
        &mut with_secret(sim),
        &[
            "--json",
            "create-pay-link",
            "--name-surname",
            "Ayşe Yılmaz",
            "--amount",
            "149.90",
            "--reference-no",
            reference,
            "--expire-date",
            "72",
            "--note",
            "Sipariş 42",
            "--phone",
            "05321234567",
            "--send-sms",
            "true",
            "--succeed-url",
            "https://shop.example/paid",
        ],
    );
    expect(&r, 0);
    let json = r.json();
    assert_eq!(json["code"], 0, "{json}");
    assert_eq!(json["object_name"], "mailorder_create");
    json["url"].as_str().unwrap().to_owned()
}

/// `pay-link-detail --json` by reference.
fn detail(sim: &Simulator, reference: &str) -> (Value, String) {
    let r = run(
        &mut with_secret(sim),
        &["--json", "pay-link-detail", "--reference-no", reference],
    );
    expect(&r, 0);
    (r.json(), r.stdout.clone())
}

/// What a payer's browser gets for `url` (redirects not followed): the status and `Location`.
fn open(url: &str) -> (u16, String) {
    use paynet::raw::reqwest;
    runtime().block_on(async {
        let browser = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let r = browser.get(url).send().await.unwrap();
        let location = r
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        (r.status().as_u16(), location)
    })
}

#[test]
fn a_link_is_created_shown_listed_paid_and_closed() {
    let sim = sim();
    let url = create(&sim, "CLI-LINK-1");
    assert!(
        url.starts_with(&format!("{}/sim/paylink/", sim.base_url())),
        "{url}"
    );

    // Text output: the summary line, then the fields.
    let r = run(
        &mut with_secret(&sim),
        &[
            "create-pay-link",
            "--name-surname",
            "Mehmet Kaya",
            "--amount",
            "20.5",
            "--reference-no",
            "CLI-LINK-2",
        ],
    );
    expect(&r, 0);
    assert!(
        r.stdout.starts_with("create_pay_link: done"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("/sim/paylink/"), "{}", r.stdout);

    let (d, raw) = detail(&sim, "CLI-LINK-1");
    assert!(raw.contains("\"amount\":149.90"), "exact: {raw}");
    assert_eq!(d["name_surname"], "Ayşe Yılmaz");
    assert_eq!(d["note"], "Sipariş 42");
    assert_eq!(d["phone"], "05321234567");
    assert_eq!(d["status"], 0);
    assert_eq!(d["url"], url.as_str());
    assert_eq!(detail(&sim, "CLI-LINK-2").0["amount"].to_string(), "20.5");
    let r = run(
        &mut with_secret(&sim),
        &["pay-link-detail", "--reference-no", "CLI-LINK-1"],
    );
    expect(&r, 0);
    assert!(
        r.stdout.starts_with("pay_link_detail: done"),
        "{}",
        r.stdout
    );
    // (The generic text output writes numbers through serde_json's `Value`: 149.9.)
    for text in ["Ayşe Yılmaz", "149.9", "Sipariş 42"] {
        assert!(r.stdout.contains(text), "{text} in {}", r.stdout);
    }

    // The list of the day: both links, with Paynet's `Data` rows.
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "list-pay-links",
            "--datab",
            SIM_DAY,
            "--datbi",
            SIM_DAY,
        ],
    );
    expect(&r, 0);
    let rows = r.json()["Data"].as_array().unwrap().clone();
    let refs: Vec<&str> = rows
        .iter()
        .map(|r| r["reference_no"].as_str().unwrap())
        .collect();
    assert_eq!(refs, ["CLI-LINK-1", "CLI-LINK-2"]);
    let r = run(
        &mut with_secret(&sim),
        &[
            "list-pay-links",
            "--datab",
            SIM_DAY,
            "--datbi",
            SIM_DAY,
            "--limit",
            "1",
        ],
    );
    expect(&r, 0);
    assert!(r.stdout.contains("Data: 1 item"), "{}", r.stdout);
    assert!(
        r.stdout.contains("has_more") && r.stdout.contains("true"),
        "{}",
        r.stdout
    );

    // The payer pays (the simulator's page, `?auto=pay`): the detail shows it paid.
    let (status, location) = open(&format!("{url}?auto=pay"));
    assert_eq!(status, 303);
    assert!(
        location.starts_with("https://shop.example/paid?xact_id=xk_"),
        "{location}"
    );
    let (d, _) = detail(&sim, "CLI-LINK-1");
    assert_eq!(d["status"], 1);
    let xact_id = d["xact_id"].as_str().unwrap().to_owned();
    assert!(xact_id.starts_with("xk_"), "{d}");
    assert_eq!(d["bank_id"], "AXSS");
    let r = run(
        &mut with_secret(&sim),
        &["--json", "payment", "check", "--reference-no", "CLI-LINK-1"],
    );
    expect(&r, 0);
    let checked = r.json();
    assert_eq!(checked["Data"][0]["xact_id"], xact_id.as_str());
    assert_eq!(checked["Data"][0]["is_succeed"], true);
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "list-pay-links",
            "--datab",
            SIM_DAY,
            "--datbi",
            SIM_DAY,
        ],
    );
    assert_eq!(r.json()["Data"][0]["xact_id"], xact_id.as_str());

    // Close the other link: its page takes no payment; open it again.
    let r = run(
        &mut with_secret(&sim),
        &[
            "update-pay-link-status",
            "--reference-no",
            "CLI-LINK-2",
            "--status",
            "3",
        ],
    );
    expect(&r, 0);
    assert!(
        r.stdout.starts_with("update_pay_link_status: done"),
        "{}",
        r.stdout
    );
    assert_eq!(detail(&sim, "CLI-LINK-2").0["status"], 3);
    let other = detail(&sim, "CLI-LINK-2").0["url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(open(&format!("{other}?auto=pay")).0, 410);
    let id = detail(&sim, "CLI-LINK-2").0["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "update-pay-link-status",
            "--id",
            &id,
            "--status",
            "0",
        ],
    );
    expect(&r, 0);
    assert_eq!(r.json()["object_name"], "mailorder_update_status");
    assert_eq!(detail(&sim, "CLI-LINK-2").0["status"], 0);
}

#[test]
fn bad_input_is_refused_before_sending_and_refusals_are_exit_3() {
    let sim = sim();
    let base = [
        "create-pay-link",
        "--name-surname",
        "A",
        "--reference-no",
        "CLI-BAD",
    ];
    for (extra, word) in [
        (&["--amount", "10,50"][..], "--amount"),
        (&["--amount", "0.001"][..], "--amount"),
        (&["--amount", "10", "--expire-date", "0"][..], "expire_date"),
        (&["--amount", "10", "--email", "nope"][..], "email"),
        (
            &[
                "--amount",
                "10",
                "--confirmation-url",
                "http://shop.example/c",
            ][..],
            "confirmation_url",
        ),
    ] {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        let r = run(&mut with_secret(&sim), &args);
        expect(&r, 2);
        assert!(r.stderr.contains(word), "{word} in {}", r.stderr);
    }
    let r = run(
        &mut with_secret(&sim),
        &["create-pay-link", "--name-surname", "A", "--amount", "10"],
    );
    expect(&r, 2);
    assert!(r.stderr.contains("--reference-no"), "{}", r.stderr);
    let r = run(&mut with_secret(&sim), &["pay-link-detail"]);
    expect(&r, 2);
    assert!(r.stderr.contains("at least one of"), "{}", r.stderr);
    let r = run(
        &mut with_secret(&sim),
        &[
            "update-pay-link-status",
            "--reference-no",
            "X",
            "--status",
            "1",
        ],
    );
    expect(&r, 2);
    let r = run(
        &mut paynet(&sim),
        &["pay-link-detail", "--reference-no", "X"],
    );
    expect(&r, 2);
    assert!(r.stderr.contains("PAYNET_SECRET_KEY"), "{}", r.stderr);
    nothing_sent(&sim);

    // Paynet's refusals: an unknown link, a send_mail without an e-mail address.
    let r = run(
        &mut with_secret(&sim),
        &[
            "--json",
            "pay-link-detail",
            "--reference-no",
            "NO-SUCH-LINK",
        ],
    );
    expect(&r, 3);
    assert_eq!(error_of(&r)["kind"], "rejected");
    let r = run(
        &mut with_secret(&sim),
        &[
            "create-pay-link",
            "--name-surname",
            "A",
            "--amount",
            "10",
            "--reference-no",
            "CLI-MAIL",
            "--send-mail",
            "true",
        ],
    );
    expect(&r, 3);
    assert!(r.stderr.contains("email"), "{}", r.stderr);
}
