//! `paynet demo`, part 5: a subscription billed on the simulator's clock. A monthly subscription of
//! 100.00 TRY is created (its dates shown by `paynet::Schedule`), the payer's card is added
//! through the bank's 3-D page, the clock moves three months: the simulator bills the invoices of
//! 3 June, 3 July and 3 August, and declines the fourth's (3 September) because the card is the
//! simulator's limited test card (`TEST_CARD_LIMITED`, 300.00 TRY of limit). The fourth is then
//! retried by hand: declined again, refused inside Paynet's cooldown (`paynet::ChargeCooldown`
//! says when to try again), and paid with a second card two hours later.
//!
//! The story is told through a [`Narrator`] (the demo's own story implements it), so that this
//! module knows nothing of how `demo.rs` prints or records a step.

use std::time::Duration;

use paynet::raw::paynet_subscription::types::{InvoiceList, InvoiceRow};
use paynet::{
    Amount, Card, ChargeCooldown, ChargeSubscriptionInvoiceRequest, Client,
    ConfirmSubscriptionCard3dRequest, CreateSubscriptionRequest, Error, Interval,
    ListSubscriptionCardsRequest, NaiveDate, Schedule, StartSubscriptionCard3dRequest,
};
use paynet_sim::{
    Simulator, TEST_CARD_APPROVE, TEST_CARD_LIMIT_KURUS, TEST_CARD_LIMITED, TEST_CVC,
    TEST_EXPIRY_MONTH, TEST_EXPIRY_YEAR,
};
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value, json};

use crate::bank_page::{BankPost, bank_post};
use crate::failure::{ErrorObject, sdk_error_object};

/// The subscription's reference number.
const REFERENCE: &str = "SUB-DEMO-1";
/// Where the bank's page posts back after the payer's card check.
const RETURN_URL: &str = "https://shop.example/subscriptions/card-added";
/// The name on the payer's cards.
const HOLDER: &str = "AYSE YILMAZ";
/// How many dates of the schedule the first step shows.
const DATES_SHOWN: usize = 4;

/// What a step of this part shows besides its result: Paynet's answer, or the error, and the
/// step's own fields (`bank_page`, `clock`, `billed`, `cooldown`).
#[derive(Debug, Default)]
pub(crate) struct PartDetail {
    /// The answer, as the SDK serialises it (its text: exact amounts, never through `f64`).
    pub(crate) response: Option<Box<RawValue>>,
    /// The error, as the tool's `{"error": ...}` object has it.
    pub(crate) error: Option<ErrorObject>,
    /// The step's own fields.
    pub(crate) extra: Map<String, Value>,
}

/// How the demo tells a step (implemented by its story).
pub(crate) trait Narrator {
    /// Prints a step's title.
    fn step(&self, title: &str);
    /// Prints lines under the current step.
    fn detail(&self, text: &str);
    /// Records the step for the JSON summary (`expected`: it ended as the SDK promises).
    fn record(&mut self, name: &str, result: &str, expected: bool, detail: PartDetail);
}

/// A step that shows Paynet's answer, written by its own `Serialize` (a `serde_json::Value` would
/// read its amounts through `f64`: `100.00` would become `100.0`).
fn answer(value: &impl Serialize) -> PartDetail {
    PartDetail {
        response: serde_json::to_string(value)
            .ok()
            .and_then(|text| RawValue::from_string(text).ok()),
        ..PartDetail::default()
    }
}

fn failure(error: &Error) -> PartDetail {
    PartDetail {
        error: Some(sdk_error_object(error)),
        ..PartDetail::default()
    }
}

/// Records an error the SDK should not have answered; `None` for the caller to stop.
fn failed<T>(story: &mut impl Narrator, name: &str, error: &Error) -> Option<T> {
    story.detail(&format!("-> {error}"));
    story.record(name, error.kind(), false, failure(error));
    None
}

/// A test card of the simulator, as a person gives it.
fn test_card(number: &str) -> Result<Card, Error> {
    let expiry = format!("{TEST_EXPIRY_MONTH:02}/{:02}", TEST_EXPIRY_YEAR % 100);
    Card::new(number, &expiry, TEST_CVC, HOLDER)
}

/// The statuses of the invoices, and their one-line summary.
fn statuses(list: &InvoiceList) -> Vec<i64> {
    list.data
        .iter()
        .map(|r| r.status.as_ref().and_then(|s| s.get()).unwrap_or(-1))
        .collect()
}

fn invoice_line(r: &InvoiceRow) -> String {
    let text = |t: &Option<paynet::raw::wire::LenientText>| {
        t.as_ref()
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default()
    };
    let status = r.status.as_ref().and_then(|s| s.get()).unwrap_or(-1);
    format!(
        "invoice {} of {}: {} TRY, status {status} ({}){}",
        text(&r.invoice_no),
        r.val_date
            .as_ref()
            .and_then(|d| d.date())
            .map(|d| d.to_string())
            .unwrap_or_default(),
        r.amount
            .as_ref()
            .and_then(|a| a.get())
            .map(|a| a.to_string())
            .unwrap_or_default(),
        text(&r.status_desc),
        match text(&r.xact_id) {
            x if x.is_empty() => String::new(),
            x => format!(", paid by {x}"),
        }
    )
}

/// Part 5. Returns `None` at the first step that did not go as expected and that the next steps
/// need.
pub(crate) async fn run(story: &mut impl Narrator, client: &Client, sim: &Simulator) -> Option<()> {
    // 1. Create the subscription.
    let begin = NaiveDate::from_ymd_opt(2024, 6, 3)?;
    let schedule = Schedule::new(Interval::Monthly, 12, 0).ok()?;
    story.step(&format!(
        "Create a subscription: 100.00 TRY a month, 12 times, from {begin}, reference_no \
         {REFERENCE} (create_subscription)"
    ));
    let request = CreateSubscriptionRequest::builder()
        .name_surname("Ayşe Yılmaz")
        .amount(Amount::parse("100.00").ok()?)
        .schedule(schedule)
        .begin_date(begin)
        .reference_no(REFERENCE)
        .end_user_email("ayse@example.com")
        .end_user_gsm("5321234567")
        .end_user_desc("paynet demo: monthly plan")
        .build();
    let request = match request {
        Ok(r) => r,
        Err(e) => return failed(story, "create_subscription", &e),
    };
    let dates: Vec<String> = schedule
        .charge_dates(begin)
        .take(DATES_SHOWN)
        .map(|d| d.to_string())
        .collect();
    match client.create_subscription(&request).await {
        Ok(created) => {
            story.detail(&format!(
                "-> created: the payer's page (url) {}\n\
                 Sent as Paynet takes it: amount \"10000\" (kuruş), begin_date \"03.06.2024\".\n\
                 Schedule ({schedule}): {}, ... (paynet::Schedule::charge_dates)",
                created.url.as_ref().map(|u| u.as_str()).unwrap_or("(none)"),
                dates.join(", ")
            ));
            let mut detail = answer(&created);
            detail.extra.insert("charge_dates".into(), json!(dates));
            story.record("create_subscription", "created", true, detail);
        }
        Err(e) => return failed(story, "create_subscription", &e),
    }

    // 2-4. The payer's card, through the bank's 3-D page.
    let limit = Amount::from_kurus(TEST_CARD_LIMIT_KURUS).ok()?;
    story.step(&format!(
        "Add the payer's card through 3-D Secure: the simulator's limited test card ({limit} of \
         limit) (start_subscription_card_3d)"
    ));
    add_card(story, client, TEST_CARD_LIMITED, "card").await?;

    // 5. Three months.
    story.step(
        "Move the simulator's clock three months (Simulator::advance_clock, what `POST \
         /sim/clock/advance {\"days\": 92}` does): it bills every invoice that falls due",
    );
    sim.advance_clock(Duration::from_secs(92 * 86_400));
    story.detail(
        "-> the clock is on 2024-09-03: the invoices of 3 June, 3 July, 3 August and 3 September \
         were charged on their dates",
    );
    let mut detail = PartDetail::default();
    detail.extra.insert("clock".into(), json!("2024-09-03"));
    story.record("advance_clock", "billed", true, detail);

    // 6. The invoices.
    story.step(&format!(
        "The invoices (list_subscription_invoices, reference_no {REFERENCE})"
    ));
    let list = invoices(story, client).await?;
    let got = statuses(&list);
    let ok = got.get(..5) == Some(&[3, 3, 3, 4, 0][..]);
    let lines: Vec<String> = list.data.iter().take(5).map(invoice_line).collect();
    story.detail(&format!(
        "-> three paid, the fourth declined by the bank (the card's limit is spent):\n{}\n...",
        lines.join("\n")
    ));
    story.record("invoices", "listed", ok, answer(&list));
    let fourth = list.data.get(3)?;
    let invoice_no: i64 = fourth.invoice_no.as_ref()?.as_str().parse().ok()?;

    // 7. By hand at once: declined again.
    story.step(&format!(
        "Retry invoice {invoice_no} by hand (charge_subscription_invoice)"
    ));
    let charge = ChargeSubscriptionInvoiceRequest::builder()
        .reference_no(REFERENCE)
        .invoice_no(invoice_no)
        .build()
        .ok()?;
    let again = client.charge_subscription_invoice(&charge).await;
    match &again {
        Err(e @ Error::Rejected(_)) if ChargeCooldown::of(e).is_none() => {
            story.detail(&format!(
                "-> Err(Error::Rejected): {e}\nThe same card, the same limit: `paynet \
                 charge-subscription-invoice` exits 3."
            ));
            story.record("manual_charge", "rejected", true, failure(e));
        }
        Err(e) => return failed(story, "manual_charge", e),
        Ok(a) => {
            story.detail("-> charged, which the limit should have prevented");
            story.record("manual_charge", "charged", false, answer(a));
            return None;
        }
    }

    // 8. Once more: inside the cooldown.
    story.step("Retry it again at once");
    match client.charge_subscription_invoice(&charge).await {
        Err(e) => match ChargeCooldown::of(&e) {
            Some(wait) => {
                story.detail(&format!(
                    "-> refused inside Paynet's cooldown: {wait} (paynet::ChargeCooldown read \
                     it from Paynet's message)."
                ));
                let mut detail = failure(&e);
                detail.extra.insert(
                    "cooldown".into(),
                    json!({"invoice_no": wait.invoice_no(), "wait_seconds": wait.wait().as_secs()}),
                );
                story.record("manual_charge_too_early", "cooling_down", true, detail);
            }
            None => return failed(story, "manual_charge_too_early", &e),
        },
        Ok(a) => {
            story.record("manual_charge_too_early", "charged", false, answer(&a));
            return None;
        }
    }

    // 9. A second card.
    story.step("The payer adds a second card through 3-D Secure (start, bank page, confirm)");
    let second = add_card(story, client, TEST_CARD_APPROVE, "second_card").await?;
    let cards = ListSubscriptionCardsRequest::builder()
        .reference_no(REFERENCE)
        .build()
        .ok()?;
    if let Ok(list) = client.list_subscription_cards(&cards).await {
        story.detail(&format!(
            "The subscription's cards, in charging order: {} (list_subscription_cards)",
            list.data
                .iter()
                .filter_map(|c| c.card_no_mask.as_ref().map(|m| m.as_str().to_owned()))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }

    // 10. Two hours later, by hand: paid.
    story.step("Two hours later (the clock moved), retry the invoice by hand");
    sim.advance_clock(Duration::from_secs(2 * 3600));
    match client.charge_subscription_invoice(&charge).await {
        Ok(paid) => {
            let tried = attempts(client, fourth).await.unwrap_or_default();
            story.detail(&format!(
                "-> paid. Every attempt on it (list_subscription_invoice_attempts):\n{}",
                tried.join("\n")
            ));
            let ok = tried.len() == 4 && tried.last().is_some_and(|t| t.contains(&second));
            story.record("manual_charge_paid", "paid", ok, answer(&paid));
        }
        Err(e) => return failed(story, "manual_charge_paid", &e),
    }

    // 11. The invoices again.
    story.step("The invoices again");
    let list = invoices(story, client).await?;
    let got = statuses(&list);
    let ok = got.get(..5) == Some(&[3, 3, 3, 3, 0][..]);
    let lines: Vec<String> = list.data.iter().take(4).map(invoice_line).collect();
    story.detail(&format!("-> four paid:\n{}", lines.join("\n")));
    story.record("invoices_paid", "listed", ok, answer(&list));
    Some(())
}

/// The attempts on an invoice, one line each.
async fn attempts(client: &Client, invoice: &InvoiceRow) -> Option<Vec<String>> {
    let text = |t: &Option<paynet::raw::wire::LenientText>| {
        t.as_ref()
            .map(|t| t.as_str().to_owned())
            .unwrap_or_default()
    };
    let request = paynet::ListSubscriptionInvoiceAttemptsRequest::builder()
        .invoice_id(text(&invoice.invoice_id))
        .invoice_no(text(&invoice.invoice_no))
        .build()
        .ok()?;
    let list = client
        .list_subscription_invoice_attempts(&request)
        .await
        .ok()?;
    Some(
        list.data
            .iter()
            .map(|a| {
                format!(
                    "{} {} card {}: {}",
                    a.attempt_date.as_ref().map(|d| d.as_str()).unwrap_or(""),
                    match a.is_manual.as_ref().and_then(|m| m.get()) {
                        Some(true) => "by hand,",
                        _ => "on its date,",
                    },
                    text(&a.card_id),
                    text(&a.message)
                )
            })
            .collect(),
    )
}

/// The subscription's invoices, or the failure recorded.
async fn invoices(story: &mut impl Narrator, client: &Client) -> Option<InvoiceList> {
    let request = paynet::ListSubscriptionInvoicesRequest::builder()
        .reference_no(REFERENCE)
        .build()
        .ok()?;
    match client.list_subscription_invoices(&request).await {
        Ok(list) => Some(list),
        Err(e) => failed(story, "invoices", &e),
    }
}

/// Adds the card `number` to the subscription: the start (recorded as `{name}_3d`), the bank's
/// page (`{name}_bank_page`) and the confirmation (`{name}_added`). Returns the card's id.
async fn add_card(
    story: &mut impl Narrator,
    client: &Client,
    number: &str,
    name: &str,
) -> Option<String> {
    let card = test_card(number).ok()?;
    let masked = card.masked_number();
    let start = StartSubscriptionCard3dRequest::builder(card, RETURN_URL)
        .reference_no(REFERENCE)
        .build()
        .ok()?;
    let session = match client.start_subscription_card_3d(&start).await {
        Ok(s) => s,
        Err(e) => return failed(story, &format!("{name}_3d"), &e),
    };
    story.detail(&format!(
        "-> card {masked}: the bank's page {}",
        session.post_url.as_deref().unwrap_or("(in html_content)")
    ));
    story.record(&format!("{name}_3d"), "started", true, answer(&session));

    story.step("The payer passes the bank's 3-D page");
    let post = match session.post_url.as_deref() {
        Some(url) => bank_post(url).await,
        None => Err("no post_url".to_owned()),
    };
    let BankPost {
        session_id,
        token_id,
        posts_to,
    } = match post {
        Ok(back) => back,
        Err(e) => {
            story.detail(&format!("-> {e}"));
            story.record(
                &format!("{name}_bank_page"),
                "failed",
                false,
                PartDetail::default(),
            );
            return None;
        }
    };
    let same = session_id == session.session_id && token_id == session.token_id;
    story.detail(&format!(
        "-> the page posts session_id and token_id back to {posts_to}"
    ));
    let mut detail = PartDetail::default();
    detail.extra.insert(
        "bank_page".into(),
        json!({"auto": "approve", "posts_to": posts_to, "session_id": session_id, "token_id": token_id}),
    );
    story.record(&format!("{name}_bank_page"), "verified", same, detail);

    story.step(
        "Finish adding the card with what the page posted back (confirm_subscription_card_3d)",
    );
    let confirm = ConfirmSubscriptionCard3dRequest::builder()
        .session_id(session_id)
        .token_id(token_id)
        .build()
        .ok()?;
    match client.confirm_subscription_card_3d(&confirm).await {
        Ok(added) => {
            let card_id = added
                .card_id
                .as_ref()
                .map(|c| c.as_str().to_owned())
                .unwrap_or_default();
            let code = added.code.as_ref().and_then(|c| c.get()).unwrap_or(0);
            story.detail(&format!(
                "-> added: card_id {card_id}. Paynet answers result code {code} with is_succeed \
                 true here (its own example does): the SDK reads is_succeed (x-paynet-success)."
            ));
            story.record(
                &format!("{name}_added"),
                "added",
                !card_id.is_empty(),
                answer(&added),
            );
            Some(card_id)
        }
        Err(e) => failed(story, &format!("{name}_added"), &e),
    }
}
