//! `paynet demo`, part 5: a subscription billed on the simulator's clock. A monthly subscription of
//! 100.00 TRY is created (its dates shown by `paynet::Schedule`), the payer's card is added
//! through the bank's 3-D page, the clock moves three months: the simulator bills the invoices of
//! 3 June, 3 July and 3 August, and declines the fourth's (3 September) because the card is the
//! simulator's limited test card (`TEST_CARD_LIMITED`, 300.00 TRY of limit). The fourth is then
//! retried by hand: declined again, refused inside Paynet's cooldown (`paynet::ChargeCooldown`
//! says when to try again), and paid with a second card two hours later.
//!
//! The steps are told through the demo's story (`demo_story.rs`), as parts 1 to 4 are.

use std::time::Duration;

use paynet::raw::paynet_subscription::types::{InvoiceAttempt, InvoiceList, InvoiceRow};
use paynet::raw::wire::LenientText;
use paynet::{
    Amount, ChargeCooldown, ChargeSubscriptionInvoiceRequest, Client,
    ConfirmSubscriptionCard3dRequest, CreateSubscriptionRequest, Error, Interval,
    ListSubscriptionCardsRequest, ListSubscriptionInvoiceAttemptsRequest,
    ListSubscriptionInvoicesRequest, NaiveDate, Schedule, StartSubscriptionCard3dRequest,
};
use paynet_sim::{Simulator, TEST_CARD_APPROVE, TEST_CARD_LIMIT_KURUS, TEST_CARD_LIMITED};
use serde_json::json;

use crate::bank_page::bank_post;
use crate::demo_story::{Story, error, field, response, test_card};

/// The subscription's reference number.
const REFERENCE: &str = "SUB-DEMO-1";
/// Where the bank's page posts back after the payer's card check.
const RETURN_URL: &str = "https://shop.example/subscriptions/card-added";
/// How many dates of the schedule the first step shows.
const DATES_SHOWN: usize = 4;

/// A lenient text field of Paynet's, or "".
fn text(t: &Option<LenientText>) -> String {
    or_blank(t.as_ref())
}

/// A value of Paynet's, or "".
fn or_blank(value: Option<impl std::fmt::Display>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// An invoice's status (-1 when not reported).
fn status(r: &InvoiceRow) -> i64 {
    r.status.as_ref().and_then(|s| s.get()).unwrap_or(-1)
}

/// An invoice in one line.
fn invoice_line(r: &InvoiceRow) -> String {
    format!(
        "invoice {} of {}: {} TRY, status {} ({}){}",
        text(&r.invoice_no),
        or_blank(r.val_date.as_ref().and_then(|d| d.date())),
        or_blank(r.amount.as_ref().and_then(|a| a.get())),
        status(r),
        text(&r.status_desc),
        match text(&r.xact_id) {
            x if x.is_empty() => String::new(),
            x => format!(", paid by {x}"),
        }
    )
}

/// Part 5. Returns `None` at the first step that did not go as expected and that the next steps
/// need.
pub(crate) async fn run(story: &mut Story, client: &Client, sim: &Simulator) -> Option<()> {
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
    let dates: Vec<String> = schedule
        .charge_dates(begin)
        .take(DATES_SHOWN)
        .map(|d| d.to_string())
        .collect();
    let created = async { client.create_subscription(&request?).await }.await;
    story.answered("create_subscription", "created", created, |created| {
        format!(
            "-> created: the payer's page (url) {}\n\
             Sent as Paynet takes it: amount \"10000\" (kuruş), begin_date \"03.06.2024\".\n\
             Schedule ({schedule}): {}, ... (paynet::Schedule::charge_dates)",
            created.url.as_ref().map(|u| u.as_str()).unwrap_or("(none)"),
            dates.join(", ")
        )
    })?;
    story.annotate([field("charge_dates", &dates)]);

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
    let text = "-> the clock is on 2024-09-03: the invoices of 3 June, 3 July, 3 August and 3 \
                September were charged on their dates";
    story.end(
        "advance_clock",
        "billed",
        true,
        text,
        [field("clock", &"2024-09-03")],
    );

    // 6. The invoices.
    story.step(&format!(
        "The invoices (list_subscription_invoices, reference_no {REFERENCE})"
    ));
    let list = invoices(story, client, "invoices", [3, 3, 3, 4, 0], 5, |lines| {
        format!(
            "-> three paid, the fourth declined by the bank (the card's limit is spent):\n{lines}\n..."
        )
    })
    .await?;
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
    let name = "manual_charge";
    match &client.charge_subscription_invoice(&charge).await {
        Err(e @ Error::Rejected(_)) if ChargeCooldown::of(e).is_none() => {
            let text = format!(
                "-> Err(Error::Rejected): {e}\nThe same card, the same limit: `paynet \
                 charge-subscription-invoice` exits 3."
            );
            story.end(name, "rejected", true, &text, [error(e)]);
        }
        Err(e) => return story.failed(name, e),
        Ok(a) => {
            let text = "-> charged, which the limit should have prevented";
            story.end(name, "charged", false, text, [response(a)]);
            return None;
        }
    }

    // 8. Once more: inside the cooldown.
    story.step("Retry it again at once");
    let name = "manual_charge_too_early";
    let e = match client.charge_subscription_invoice(&charge).await {
        Err(e) => e,
        Ok(a) => {
            story.end(name, "charged", false, "", [response(&a)]);
            return None;
        }
    };
    let Some(wait) = ChargeCooldown::of(&e) else {
        return story.failed(name, &e);
    };
    let text = format!(
        "-> refused inside Paynet's cooldown: {wait} (paynet::ChargeCooldown read it from \
         Paynet's message)."
    );
    let cooldown = json!({"invoice_no": wait.invoice_no(), "wait_seconds": wait.wait().as_secs()});
    story.end(
        name,
        "cooling_down",
        true,
        &text,
        [error(&e), field("cooldown", &cooldown)],
    );

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
    let paid = client.charge_subscription_invoice(&charge).await;
    let tried = match paid {
        Ok(_) => attempts(client, fourth).await.unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let text = format!(
        "-> paid. Every attempt on it (list_subscription_invoice_attempts):\n{}",
        tried.join("\n")
    );
    let ok = tried.len() == 4 && tried.last().is_some_and(|t| t.contains(&second));
    story.judged("manual_charge_paid", paid, |_| ("paid", text, ok))?;

    // 11. The invoices again.
    story.step("The invoices again");
    let paid = [3, 3, 3, 3, 0];
    invoices(story, client, "invoices_paid", paid, 4, |lines| {
        format!("-> four paid:\n{lines}")
    })
    .await?;
    Some(())
}

/// The attempts on an invoice, one line each.
async fn attempts(client: &Client, invoice: &InvoiceRow) -> Option<Vec<String>> {
    let request = ListSubscriptionInvoiceAttemptsRequest::builder()
        .invoice_id(text(&invoice.invoice_id))
        .invoice_no(text(&invoice.invoice_no))
        .build()
        .ok()?;
    let list = client.list_subscription_invoice_attempts(&request).await;
    let line = |a: &InvoiceAttempt| {
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
    };
    Some(list.ok()?.data.iter().map(line).collect())
}

/// The step `name` listing the subscription's invoices: the first five should have the
/// `expected` statuses; `say` gets the first `shown` of them, a line each. The list, or `None`.
async fn invoices(
    story: &mut Story,
    client: &Client,
    name: &str,
    expected: [i64; 5],
    shown: usize,
    say: impl FnOnce(&str) -> String,
) -> Option<InvoiceList> {
    let request = ListSubscriptionInvoicesRequest::builder()
        .reference_no(REFERENCE)
        .build()
        .ok()?;
    let list = client.list_subscription_invoices(&request).await;
    story.judged(name, list, |list| {
        let lines: Vec<String> = list.data.iter().take(shown).map(invoice_line).collect();
        let got: Vec<i64> = list.data.iter().map(status).collect();
        let ok = got.get(..5) == Some(&expected[..]);
        ("listed", say(&lines.join("\n")), ok)
    })
}

/// Adds the card `number` to the subscription: the start (recorded as `{name}_3d`), the bank's
/// page (`{name}_bank_page`) and the confirmation (`{name}_added`). Returns the card's id.
async fn add_card(story: &mut Story, client: &Client, number: &str, name: &str) -> Option<String> {
    let card = test_card(number).ok()?;
    let masked = card.masked_number();
    let start = StartSubscriptionCard3dRequest::builder(card, RETURN_URL)
        .reference_no(REFERENCE)
        .build()
        .ok()?;
    let session = client.start_subscription_card_3d(&start).await;
    let session = story.answered(&format!("{name}_3d"), "started", session, |s| {
        let page = s.post_url.as_deref().unwrap_or("(in html_content)");
        format!("-> card {masked}: the bank's page {page}")
    })?;

    story.step("The payer passes the bank's 3-D page");
    let page = format!("{name}_bank_page");
    let post = async { bank_post(session.post_url.as_deref().ok_or("no post_url")?).await };
    let post = match post.await {
        Ok(post) => post,
        Err(e) => return story.broke(&page, "failed", e),
    };
    let same = post.session_id == session.session_id && post.token_id == session.token_id;
    let said = format!(
        "-> the page posts session_id and token_id back to {}",
        post.posts_to
    );
    story.end(&page, "verified", same, &said, [field("bank_page", &post)]);

    story.step(
        "Finish adding the card with what the page posted back (confirm_subscription_card_3d)",
    );
    let confirm = ConfirmSubscriptionCard3dRequest::builder()
        .session_id(post.session_id)
        .token_id(post.token_id)
        .build()
        .ok()?;
    let added = client.confirm_subscription_card_3d(&confirm).await;
    let added = story.judged(&format!("{name}_added"), added, |added| {
        let card_id = text(&added.card_id);
        let code = added.code.as_ref().and_then(|c| c.get()).unwrap_or(0);
        let said = format!(
            "-> added: card_id {card_id}. Paynet answers result code {code} with is_succeed \
             true here (its own example does): the SDK reads is_succeed (x-paynet-success)."
        );
        ("added", said, !card_id.is_empty())
    })?;
    Some(text(&added.card_id))
}
