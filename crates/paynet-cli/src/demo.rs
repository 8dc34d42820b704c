//! `paynet demo`: a complete story against an in-process simulator, through the facade.
//!
//! Every Paynet call goes through `paynet::Client` exactly as an application would make it. The
//! simulator is used in-process only to play the parts no API call plays: the customer tapping a
//! card in PayPOS (`complete_sale`), telling how much is left of a pre-authorisation and how many
//! transactions its ledger holds (to show that a replayed capture or payment moved no money), and
//! counting the requests it saw (to show that a payment whose answer was lost was sent once).
//! The card holder's browser on the bank's 3-D page is played by one HTTP GET of that page. Lost
//! answers come from the simulator's own triggers: `DROP…` (nothing is recorded, and its lookups
//! are dropped too: the outcome stays unknown) and `LOST…` (the payment is made and recorded, its
//! answer lost, its lookups answered: a lookup settles it).

use std::collections::HashSet;
use std::time::Duration;

use futures_util::TryStreamExt as _;
use paynet::chrono::Datelike as _;
use paynet::{
    Amount, CaptureOutcome, CaptureRequest, CheckSaleRequest, Client, CloseSessionRequest,
    Complete3dRequest, Currency, Decimal, Environment, Error, InitReversalRequest, InitSaleRequest,
    OpenSessionRequest, Operation, PaymentListRequest, PaymentRequest, RatiosRequest,
    RefundListRequest, RefundRequest, RefundRow, RefundStatus, ReportedAmount, SaleSession,
    SecretKey, Start3dRequest, ThreeDReturn, Transaction, TransactionCheck, TransactionRef,
    TransactionType,
};
use paynet_sim::{
    DEFAULT_AGENT_ID, DEFAULT_USER_ID, PRE_AUTH_250_REFERENCE_NO, PRE_AUTH_250_XACT, SimConfig,
    Simulator, TEST_CARD_3D_REQUIRED, TEST_CARD_APPROVE, TEST_CARD_DECLINE, ThreeDStatus, triggers,
};
use serde::Serialize;

use crate::bank_page::{BankPost, bank_post};
use crate::context::{Global, build_client, out};
use crate::demo_story::{Story, error, field, response, test_card};
use crate::failure::{Failure, decline_message, payment_decline_message};
use crate::json;
use crate::text::{code_text, or_unreported};

/// The merchant's domain the demo's client is configured with (what `PAYNET_DOMAIN` sets for the
/// CLI's commands).
const DEMO_DOMAIN: &str = "shop.example";
/// Where the simulated bank's 3-D page posts its result back.
const RETURN_URL: &str = "https://shop.example/paynet/3d-return";
/// How long the payment whose answer the simulator drops may be looked up.
const LOST_BUDGET: Duration = Duration::from_secs(2);

/// How long the simulator waits before closing the connection of a `LOST…` payment (and before
/// answering a `SLOW…` one, which the demo does not use).
const LOST_DELAY: Duration = Duration::from_millis(200);
/// How many times the refund list is asked for a refund's decision, and how long between two.
const DECISION_POLLS: u64 = 40;
const DECISION_POLL_WAIT: Duration = Duration::from_millis(50);
/// Rows a page of the demo's report.
const REPORT_PAGE: u32 = 10;

/// The simulator's seed: the demo prints the same ids and dates every time.
const SEED: u64 = 2024;

/// `demo --json`: the whole story on one line.
#[derive(Debug, Serialize)]
struct Summary<'a> {
    /// Always `paynet-sim`: what the demo ran against.
    demo: &'static str,
    /// The in-process simulator's base URL.
    base_url: &'a str,
    /// True when every step went as the SDK promises.
    ok: bool,
    /// The steps, in order.
    steps: &'a [crate::demo_story::Step],
}

pub(crate) async fn run(global: &Global) -> Result<(), Failure> {
    let sim = Simulator::start(SimConfig::default().seed(SEED).slow_delay(LOST_DELAY))
        .await
        .map_err(|e| Failure::Internal(format!("the simulator could not start: {e}")))?;
    let base_url = sim.base_url();
    // The simulator's own test key: used, never printed.
    let secret = SecretKey::new(sim.secret_key()).map_err(|e| Failure::Internal(e.to_string()))?;
    let client = build_client(
        Environment::Custom(base_url.clone()),
        global.timeout,
        Some(secret),
        None,
        Some(DEMO_DOMAIN.to_owned()),
    )?;

    let mut story = Story::new(global.json);
    story.say(&format!(
        "paynet demo: the Paynet SDK (the `paynet` crate) against paynet-sim, a simulated Paynet \
         running in this process on {base_url}.\nNo credentials and no network: the simulator's \
         own test keys are used. No key is ever printed, not even the session key it issues,\n\
         and no card number beyond its first 6 and last 4 digits, nor any CVC."
    ));

    story.part(
        "Part 1. PayPOS App2App: a phone takes the card (session, sale, outcome, refund, logout)",
    );
    let skipped = |story: &Story, part: u8| {
        story.detail(&format!(
            "(the rest of part {part} needs this step: skipped)"
        ));
    };
    if app2app(&mut story, &client, &sim).await.is_none() {
        skipped(&story, 1);
    }

    story.part("Part 2. Capturing a pre-authorisation (server side, under the secret key)");
    captures(&mut story, &client, &sim).await?;

    story.part(
        "Part 3. Card payments: direct, 3-D Secure, and a lost answer (under the secret key)",
    );
    let mut paid = None;
    if cards(&mut story, &client, &sim, &mut paid).await.is_none() {
        skipped(&story, 3);
    }

    story.part(
        "Part 4. After the sale: a refund and its decision, a report, the instalment table (under the secret key)",
    );
    let part4 = "part 4 needs part 3's card payment, which did not succeed";
    story.expect(paid.is_some(), part4);
    if let Some(paid) = &paid
        && after_sale(&mut story, &client, paid).await.is_none()
    {
        skipped(&story, 4);
    }

    story.part("Part 5. A subscription billed on the simulator's clock (under the secret key)");
    let part5 = crate::demo_subscriptions::run(&mut story, &client, &sim).await;
    story.expect(
        part5.is_some(),
        "part 5 (subscriptions) stopped at a step that did not go as expected",
    );

    let ok = story.unexpected.is_empty();
    if global.json {
        out(&json::line(&Summary {
            demo: "paynet-sim",
            base_url: &base_url,
            ok,
            steps: &story.steps,
        }));
    } else if ok {
        story.say(&format!(
            "\nDone: {} steps, each as the SDK promises. Next: `paynet sim --tap-after 5` runs this\n\
             simulator for any client; `cargo test -p paynet-cli` runs the CLI's tests against it.",
            story.steps.len()
        ));
    }
    sim.shutdown().await;
    if ok {
        Ok(())
    } else {
        Err(Failure::Internal(format!(
            "the demo did not go as expected: {}",
            story.unexpected.join("; ")
        )))
    }
}

/// Part 1: the App2App flow. Returns `None` at the first step that did not go as expected (the
/// next steps need its result); that step is recorded as unexpected.
async fn app2app(story: &mut Story, client: &Client, sim: &Simulator) -> Option<()> {
    // Open a session.
    story.step(&format!(
        "Open a PayPOS session for agent {DEFAULT_AGENT_ID}, user {DEFAULT_USER_ID} (open_session: Paynet's get_auth_key, under the secret key)"
    ));
    let request = story.built(OpenSessionRequest::new(DEFAULT_AGENT_ID, DEFAULT_USER_ID))?;
    // Serialised by the SDK: the session key is "[redacted]".
    let opened = client.open_session(&request).await;
    let session = story.answered("open_session", "opened", opened, |s| {
        format!(
            "-> opened: expired_date {} (as Paynet sent it)\n\
             session_key [redacted]: the merchant's server hands it to its app. The demo never prints\n\
             it; `paynet session open` prints it once, on stdout only, for you to export.",
            s.expired_date.as_deref().unwrap_or("(not reported)"),
        )
    })?;
    let paypos = client.paypos(session.session_key.clone());

    // Start a sale under it.
    story.step("Start a PayPOS sale of 149.90 TRY under that session (init_sale)");
    let amount = story.built(Amount::parse("149.90"))?;
    let sale = InitSaleRequest::builder(amount)
        .reference_no("DEMO-SALE-1")
        .description("paynet demo")
        .callback_url("myshop://paypos/return")
        .build();
    let sale = story.built(sale)?;
    let then =
        " (the SDK never prints it)\nThe merchant's app opens the deeplink in the PayPOS app.";
    let started = paypos.init_sale(&sale).await;
    let started = story.answered("init_sale", "started", started, |s| sale_started(s, then))?;
    let id = started.payment_session_id.clone();
    let check_sale = story.built(CheckSaleRequest::new(id.clone()))?;

    // Check before the card is tapped: pending.
    story.step("Check it at once, before any card is tapped (check_sale, by payment_session_id)");
    let check = paypos.check_sale(&check_sale).await;
    record_check(story, "check_pending", "pending", check, |c| {
        c.is_empty().then(|| {
            format!(
                "-> pending: Data is empty, {}.\n`paynet check-sale` says \"pending\" and exits 0: check again later.",
                code_text(Some(c.result_code), c.message.as_deref())
            )
        })
    })?;

    // The card is tapped.
    story.step("The customer taps a card on the phone (the simulator plays PayPOS: complete_sale)");
    let done = match sim.complete_sale(&id, true) {
        Ok(done) => done,
        Err(e) => return story.broke("tap_card", "error", e),
    };
    let text = "-> the bank approves it; PayPOS sends the customer back to the app (callback_url),\n\
                and the merchant's server asks Paynet what happened.";
    let ok = done.is_succeed;
    let tapped = field("payment_session_id", &done.payment_session_id);
    let result = if ok { "approved" } else { "declined" };
    story.end("tap_card", result, ok, text, [tapped]);

    // The outcome.
    story.step("Check the outcome (check_sale, by the same payment_session_id)");
    let check = paypos.check_sale(&check_sale).await;
    let check = record_check(story, "check_sale", "approved", check, |c| {
        let t = approved(c)?;
        Some(format!(
            "-> approved (is_succeed true): {}\ncard {} ({}), agent_reference {}\n`paynet check-sale` prints this and exits 0 (a declined sale exits 3).",
            checked_summary(t),
            t.card_number_masked.as_deref().unwrap_or("(none)"),
            t.card_type.as_ref().map_or("no card type", |c| c.as_str()),
            t.agent_reference.as_deref().unwrap_or("(none)"),
        ))
    })?;
    let xact_id = approved(&check)?.xact_id.clone()?;

    // Refund it.
    story.step(&format!(
        "Refund it: start a reversal of xact_id {xact_id} (init_reversal)"
    ));
    let reversal = InitReversalRequest::builder(xact_id)
        .reference_no("DEMO-REFUND-1")
        .callback_url("myshop://paypos/return")
        .build();
    let reversal = story.built(reversal)?;
    let reversal = paypos.init_reversal(&reversal).await;
    let then = "\nThe app opens the deeplink in PayPOS to confirm the refund (the simulator completes it at once).";
    let reversal = story.answered("init_reversal", "started", reversal, |r| {
        sale_started(r, then)
    })?;

    // Check the reversal.
    story.step("Check the reversal (check_sale, by the reversal's payment_session_id)");
    let check_reversal = CheckSaleRequest::new(reversal.payment_session_id.clone());
    let check = paypos.check_sale(&story.built(check_reversal)?).await;
    record_check(story, "check_reversal", "reversed", check, |c| {
        let t = approved(c).filter(|t| t.transaction_type == Some(TransactionType::Reversal))?;
        Some(format!(
            "-> reversed (is_succeed true): {}",
            checked_summary(t)
        ))
    })?;

    // End the session.
    story.step("Close the session (close_session: Paynet's logout, under the secret key)");
    let close = CloseSessionRequest::new(session.session_key.clone());
    if let Err(e) = client.close_session(&close).await {
        return story.failed("close_session", &e);
    }
    let text = "-> closed: Paynet no longer accepts its key.";
    story.end("close_session", "closed", true, text, []);

    // The closed key is refused.
    story.step("Use the closed session's key again (check_sale)");
    let name = "closed_session_refused";
    match paypos.check_sale(&check_sale).await {
        Err(e @ Error::Rejected(_)) => {
            let text = format!(
                "-> Err(Error::Rejected): {e}.\n`paynet check-sale` exits 3: open a new session first."
            );
            story.end(name, "rejected", true, &text, [error(&e)]);
        }
        Err(e) => story.failed(name, &e).unwrap_or_default(),
        Ok(c) => {
            let text = "-> answered: the closed session's key was accepted";
            story.end(name, "accepted", false, text, [response(&c)]);
        }
    }
    Some(())
}

/// What init_sale or init_reversal started: `key_then` follows the encryption key.
fn sale_started(s: &SaleSession, key_then: &str) -> String {
    format!(
        "-> started: payment_session_id {}\ndeeplink_url {}\nencryption_key {}{key_then}",
        s.payment_session_id,
        s.deeplink_url,
        s.encryption_key.as_ref().map_or("(none)", |_| "[redacted]"),
    )
}

/// The latest transaction of a check, when it succeeded.
fn approved(check: &TransactionCheck) -> Option<&Transaction> {
    check.latest().filter(|t| t.is_succeed == Some(true))
}

/// Records a check step that should end as `expected`: `said` describes the answer when it shows
/// that. The answer, or `None` when the check failed.
fn record_check(
    story: &mut Story,
    name: &str,
    expected: &str,
    answer: Result<TransactionCheck, Error>,
    said: impl FnOnce(&TransactionCheck) -> Option<String>,
) -> Option<TransactionCheck> {
    story.judged(name, answer, |check| {
        if let Some(text) = said(check) {
            return (expected, text, true);
        }
        let result = match check.latest() {
            None => "pending",
            Some(t) if t.is_succeed == Some(true) => "approved",
            Some(_) => "declined",
        };
        let code = code_text(Some(check.result_code), check.message.as_deref());
        let found = check.transactions.len();
        (result, format!("-> {found} transaction(s), {code}"), false)
    })
}

/// A checked transaction in two lines.
fn checked_summary(t: &Transaction) -> String {
    let kind = t.transaction_type.map_or_else(
        || "transaction".to_owned(),
        |k| format!("{} (transaction_type {})", k.name(), k.as_i64()),
    );
    amounts(t, &format!("{kind} of "), "net_amount")
}

/// Part 2: captures of the simulator's 250.00 TRY pre-authorisation (partial, replayed, in full,
/// declined, lost), and an amount refused before anything is sent.
async fn captures(story: &mut Story, client: &Client, sim: &Simulator) -> Result<(), Failure> {
    // A capture's answer, and what is left on the pre-authorisation after it.
    let capture = async |request: &CaptureRequest| {
        let answer = client.capture(request).await;
        let kurus = sim.pre_auth_remaining_kurus(PRE_AUTH_250_REFERENCE_NO);
        let kurus = i64::try_from(kurus.unwrap_or(0)).unwrap_or(i64::MAX);
        let left = ReportedAmount::new(Decimal::new(kurus, 2), Currency::Try);
        (answer, left)
    };
    let captured = |left: ReportedAmount| {
        move |t: &Transaction| {
            format!(
                "-> approved: {}\nleft on the pre-authorisation: {left}",
                summary(t)
            )
        }
    };
    // A partial capture.
    story.step(&format!(
        "Capture 10.50 TRY of the 250.00 TRY pre-authorisation reference_no {PRE_AUTH_250_REFERENCE_NO} (capture, under the secret key)"
    ));
    let partial = by_reference(PRE_AUTH_250_REFERENCE_NO, "10.50")?;
    let (first, left) = capture(&partial).await;
    report(story, "partial_capture", &first, "approved", captured(left));
    story.annotate([field("remaining", &left)]);

    // The same capture again: replayed.
    story.step(
        "The same capture again, with the same reference_no (as a retry after a lost answer would be)",
    );
    let (again, still) = capture(&partial).await;
    let text = format!("still {still} left on the pre-authorisation");
    report(story, "replayed_capture", &again, "replayed", |t| {
        replayed("capture", t, &text)
    });
    story.annotate([field("remaining", &still)]);
    story.expect(
        xact_id(&again) == xact_id(&first) && still == left,
        "the replayed capture moved money or returned another transaction",
    );

    // The remainder, in full.
    story.step(&format!(
        "Capture the remainder in full (by xact {PRE_AUTH_250_XACT}, no amount: all that is left)"
    ));
    let full = CaptureRequest::full(TransactionRef::xact(PRE_AUTH_250_XACT).map_err(Failure::Sdk)?);
    let (rest, left) = capture(&full).await;
    report(story, "full_capture", &rest, "approved", captured(left));
    story.annotate([field("remaining", &left)]);

    // A bank decline.
    let decline_ref = format!("{}-DEMO-1", triggers::DECLINE_PREFIX);
    story.step(&format!(
        "A capture the bank declines (reference_no {decline_ref}: the simulator's decline trigger)"
    ));
    let declined = client.capture(&by_reference(&decline_ref, "25.00")?).await;
    report(story, "bank_decline", &declined, "declined", |t| {
        was_declined("CaptureOutcome", &decline_message(t), "capture")
    });

    // An unknown outcome.
    let drop_ref = format!("{}-DEMO-1", triggers::DROP_PREFIX);
    story.step(&format!(
        "A capture whose answer is lost (reference_no {drop_ref}: the simulator closes the connection)"
    ));
    let lost = client.capture(&by_reference(&drop_ref, "5.00")?).await;
    report(story, "outcome_unknown", &lost, "outcome_unknown", |_| {
        String::new()
    });
    if let Err(e) = &lost {
        story.detail(&format!(
            "-> Err(Error::OutcomeUnknown): {e}\n\
             The SDK did not retry: the capture may have reached Paynet and may have happened.\n\
             What the caller must do: look the transaction up (reference_no={drop_ref}) before anything\n\
             else. Sending the capture again is safe only with the same reference_no: Paynet then\n\
             answers result code 100 with the earlier capture if the first one succeeded.\n\
             `paynet capture` exits 4."
        ));
    }

    // Bad input, refused before sending.
    story.step("Amounts are exact and checked before anything is sent: \"10,50\"");
    let name = "amount_refused";
    match Amount::parse("10,50") {
        Err(e) => {
            let text = format!(
                "-> refused: {e}.\n`paynet capture --amount 10,50` exits 2; nothing is sent."
            );
            let refused = Failure::InvalidInput(format!("--amount: {e}")).error_object();
            let refused = field("error", &refused);
            story.end(name, "invalid_request", true, &text, [refused]);
        }
        Ok(a) => story.end(name, "accepted", false, &format!("-> read as {a}"), []),
    }
    Ok(())
}

/// A partial capture of `amount` (as a person writes it) of the pre-authorisation `reference_no`.
fn by_reference(reference_no: &str, amount: &str) -> Result<CaptureRequest, Failure> {
    let by = TransactionRef::reference_no(reference_no).map_err(Failure::Sdk)?;
    let amount = Amount::parse(amount).map_err(|e| Failure::Internal(format!("demo: {e}")))?;
    Ok(CaptureRequest::partial(by, amount))
}

/// A transaction's amounts and xact_id in two lines: `what` comes before the amount, `net` names
/// the net amount.
fn amounts(t: &Transaction, what: &str, net: &str) -> String {
    format!(
        "{what}{}, commission {} (tax on it {}), {net} {}\nxact_id {}",
        or_unreported(t.amount),
        or_unreported(t.commission),
        or_unreported(t.commission_tax),
        or_unreported(t.net_amount),
        t.xact_id.as_deref().unwrap_or("(none)"),
    )
}

/// A capture's or a payment's transaction in three lines.
fn summary(t: &Transaction) -> String {
    format!(
        "{}\n{}",
        amounts(t, "amount ", "net"),
        match t.result_code {
            Some(c) => code_text(Some(c), t.message.as_deref()),
            None => "no result code of its own (a transaction found by a lookup)".to_owned(),
        },
    )
}

/// A card payment in two lines.
fn payment_summary(t: &Transaction) -> String {
    format!(
        "{}\ncard {} ({}), is_tds {}",
        summary(t),
        t.card_number_masked.as_deref().unwrap_or("(none)"),
        t.bank_name
            .as_deref()
            .or(t.bank_id.as_ref().map(|b| b.as_str()))
            .unwrap_or("no bank"),
        t.is_tds
            .map_or_else(|| "not reported".to_owned(), |b| b.to_string()),
    )
}

/// What a replayed capture or payment (`what`) shows: the earlier transaction, and `then`.
fn replayed(what: &str, t: &Transaction, then: &str) -> String {
    format!(
        "-> replayed: Ok(Approved {{ replayed: true }}), result code 100: Paynet returned the earlier\n\
         {what} (xact_id {}).\nNo money moved again: {then}.",
        t.xact_id.as_deref().unwrap_or("(none)")
    )
}

/// What a declined capture or payment shows: the outcome (`outcome::Declined`), the decline's
/// `message` (capitalised), and what `paynet <command>` does with it.
fn was_declined(outcome: &str, message: &str, command: &str) -> String {
    format!(
        "-> Ok({outcome}::Declined): an answer to handle, not an error (HTTP 200, is_succeed false).\n\
         {}.\n`paynet {command}` reports this on stderr and exits 3.",
        capitalise(message)
    )
}

/// The xact_id a capture or a payment answered with.
fn xact_id(result: &Result<CaptureOutcome, Error>) -> Option<&str> {
    result.as_ref().ok()?.transaction().xact_id.as_deref()
}

/// Prints and records a capture or payment step that should end as `expected`: `describe` says
/// what an answer shows.
fn report(
    story: &mut Story,
    name: &str,
    result: &Result<CaptureOutcome, Error>,
    expected: &str,
    describe: impl FnOnce(&Transaction) -> String,
) {
    let (got, text, shown) = match result {
        Ok(outcome) => {
            let got = match outcome {
                CaptureOutcome::Approved { replayed: true, .. } => "replayed",
                CaptureOutcome::Approved { .. } => "approved",
                CaptureOutcome::Declined { .. } => "declined",
            };
            let t = outcome.transaction();
            (got, describe(t), response(t))
        }
        Err(e) if e.kind() == expected => (e.kind(), String::new(), error(e)),
        Err(e) => (e.kind(), format!("-> {e}"), error(e)),
    };
    story.end(name, got, got == expected, &text, [shown]);
}

/// `s` with its first letter in upper case.
fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A payment of `amount` (TL as a person writes it) for `reference_no` with the card `number`.
fn payment(amount: &str, reference_no: &str, number: &str) -> Result<PaymentRequest, Error> {
    let payment = PaymentRequest::builder(Amount::parse(amount)?, reference_no, test_card(number)?);
    payment.description("paynet demo").build()
}

/// Makes `call` and counts what the simulator saw meanwhile: the payment requests, the lookups
/// (check_payment) and the transactions it recorded.
async fn counted<T>(sim: &Simulator, call: impl IntoFuture<Output = T>) -> (T, [u64; 3]) {
    let count = || {
        [
            sim.request_count(Operation::PAY.path()),
            sim.request_count(Operation::CHECK_PAYMENT.path()),
            sim.transaction_count() as u64,
        ]
    };
    let before = count();
    let answer = call.await;
    let after = count();
    (answer, std::array::from_fn(|i| after[i] - before[i]))
}

/// Part 3: card payments. Returns `None` at the first step that did not go as expected and that
/// the next steps need.
async fn cards(
    story: &mut Story,
    client: &Client,
    sim: &Simulator,
    first_paid: &mut Option<Transaction>,
) -> Option<()> {
    // A direct payment.
    story.step(&format!(
        "Pay 149.90 TRY with the simulator's approving test card (pay: a direct card payment; the \
         merchant's domain, {DEMO_DOMAIN}, comes from the client's configuration, as PAYNET_DOMAIN \
         gives it to `paynet pay`)"
    ));
    let first = story.built(payment("149.90", "DEMO-CARD-1", TEST_CARD_APPROVE))?;
    story.detail(&format!(
        "card {}: the SDK never shows more of the number, nor the CVC at all",
        test_card(TEST_CARD_APPROVE).ok()?.masked_number()
    ));
    let paid = client.pay(&first).await;
    *first_paid = paid
        .as_ref()
        .ok()
        .filter(|o| o.is_approved())
        .map(|o| o.transaction().clone());
    report(story, "card_payment", &paid, "approved", |t| {
        format!(
            "-> approved: {}\n`paynet pay` prints this and exits 0.",
            payment_summary(t)
        )
    });

    // The same payment again.
    story.step(
        "The same payment again, with the same reference_no (as a retry after a lost answer would be)",
    );
    let (again, [.., recorded]) = counted(sim, client.pay(&first)).await;
    let ledger = sim.transaction_count();
    let still = format!("the simulator's ledger still holds {ledger} transactions");
    report(story, "replayed_payment", &again, "replayed", |t| {
        replayed("payment", t, &still)
    });
    story.expect(
        xact_id(&again) == xact_id(&paid) && recorded == 0,
        "the replayed payment moved money or returned another transaction",
    );

    // A decline.
    story.step("Pay 25.00 TRY with the simulator's declining test card");
    let declining = story.built(payment("25.00", "DEMO-CARD-2", TEST_CARD_DECLINE))?;
    let declined = client.pay(&declining).await;
    report(story, "card_declined", &declined, "declined", |t| {
        was_declined("PaymentOutcome", &payment_decline_message(t, false), "pay")
    });

    // A mistyped card number.
    story.step("A mistyped card number (one digit off): checked before anything is sent");
    let mut typo = TEST_CARD_APPROVE.to_owned();
    let last = typo.pop()?.to_digit(10)?;
    typo.push(char::from_digit((last + 1) % 10, 10)?);
    let name = "card_refused";
    match test_card(&typo) {
        Err(e) => {
            let text = format!(
                "-> refused: {e}.\nThe error never holds the number. `paynet pay` with this \
                 PAYNET_CARD_NUMBER exits 2;\nnothing is sent."
            );
            story.end(name, "invalid_request", true, &text, [error(&e)]);
        }
        Ok(card) => story.end(name, "accepted", false, &format!("-> accepted: {card}"), []),
    }

    // 3-D Secure: start.
    story.step(&format!(
        "Start a 3-D Secure payment of 75.00 TRY with the test card that needs 3-D (start_3d; return URL {RETURN_URL})"
    ));
    let three_d = story.built(payment("75.00", "DEMO-3D-1", TEST_CARD_3D_REQUIRED))?;
    let start = story.built(Start3dRequest::new(three_d, RETURN_URL))?;
    let session = story.answered("start_3d", "started", client.start_3d(&start).await, |s| {
        format!(
            "-> started, nothing charged yet: session_id {}\ntoken_id {}\npost_url {}\n\
             The merchant sends the card holder's browser to the post_url (`paynet pay --3d` prints it).",
            s.session_id,
            s.token_id,
            s.post_url.as_deref().unwrap_or("(none: html_content only)"),
        )
    })?;

    // 3-D Secure: the bank's page, played by one GET; what its form posts back, read as the
    // merchant's return URL reads it.
    story.step(
        "The card holder passes the bank's 3-D page (the demo fetches post_url with the simulator's &auto=approve)",
    );
    let (back, post) = match bank_page(session.post_url.as_deref()).await {
        Ok(found) => found,
        Err(e) => return story.broke("bank_page", "error", e),
    };
    let verified = sim.three_d_status(back.session_id()) == Some(ThreeDStatus::Verified);
    let same = back.session_id() == session.session_id && back.token_id() == session.token_id;
    let text = format!(
        "-> the page answered with a form that posts session_id and token_id to {} by itself\n\
         (a browser would follow it). The demo reads the two values from that form, as the merchant's\n\
         return URL would receive them (ThreeDReturn::from_form): {} start_3d returned.\n\
         (By hand: open the post_url in a browser and type the password the page shows.)",
        post.posts_to,
        if same { "the same as" } else { "NOT those" },
    );
    let result = if verified { "verified" } else { "not_verified" };
    let page = field("bank_page", &post);
    story.end("bank_page", result, verified && same, &text, [page]);

    // 3-D Secure: complete.
    story.step("Finish the 3-D payment with what the page posted back (complete_3d)");
    let complete = Complete3dRequest::new(&back).reference_no("DEMO-3D-1");
    let done = client.complete_3d(&story.built(complete)?).await;
    report(story, "complete_3d", &done, "approved", |t| {
        format!(
            "-> approved: {}\n`paynet pay complete --session-id .. --token-id ..` prints this and exits 0.",
            payment_summary(t)
        )
    });

    // A lost answer the simulator drops before recording anything.
    let drop_ref = format!("{}-DEMO-PAY-1", triggers::DROP_PREFIX);
    story.step(&format!(
        "A payment whose answer is lost (reference_no {drop_ref}: the simulator closes the connection)"
    ));
    let dropped = story.built(payment("10.00", &drop_ref, TEST_CARD_APPROVE))?;
    let call = client.pay(&dropped).total_timeout(LOST_BUDGET);
    let (lost, [sent, lookups, recorded]) = counted(sim, call).await;
    let name = "lost_answer_unknown";
    report(story, name, &lost, "outcome_unknown", |_| String::new());
    story.annotate([field("sent", &sent), field("lookups", &lookups)]);
    if let Err(e) = &lost {
        story.detail(&format!(
            "-> Err(Error::OutcomeUnknown): {e}\n\
             Sent once ({sent} payment request), never re-sent; then looked up by reference_no ({lookups} check requests).\n\
             What the simulator does with DROP…: it closes the connection before recording anything ({recorded}\n\
             new transactions), and it drops the lookups of a DROP… reference too (check's trigger field is\n\
             reference_no): so no lookup can say, and the SDK stops when the call's time runs out (here\n\
             {} s; `paynet pay` gives it 60 s). `paynet pay` exits 4: look it up later before paying again.",
            LOST_BUDGET.as_secs()
        ));
    }
    story.expect(
        sent == 1 && recorded == 0,
        format!("the dropped payment was sent {sent} times or recorded"),
    );

    // A lost answer after the payment was made: settled by the lookup.
    let lost_ref = format!("{}-DEMO-PAY-1", triggers::LOST_PREFIX);
    story.step(&format!(
        "A payment whose answer is lost after it was made (reference_no {lost_ref}: the simulator makes \
         and records it, then closes the connection without answering)"
    ));
    let request = story.built(payment("42.00", &lost_ref, TEST_CARD_APPROVE))?;
    let (settled, [sent, lookups, recorded]) = counted(sim, client.pay(&request)).await;
    let reconciled = settled.as_ref().is_ok_and(|o| o.is_reconciled());
    report(story, "lost_answer_settled", &settled, "approved", |t| {
        format!(
            "-> Ok(Approved {{ reconciled: true }}): settled by a lookup. The simulator made the payment ({recorded} new\n\
             transaction), then closed the connection without answering (after {} ms here).\n\
             The payment was sent once ({sent} payment request), and the SDK looked it up by its reference_no\n\
             ({lookups} check request(s)): the lookups of a LOST… reference are answered, so it found it approved:\n\
             {}\n`paynet pay` says \"settled by a lookup\" and exits 0 (3 had the lookup found a decline).",
            LOST_DELAY.as_millis(),
            payment_summary(t)
        )
    });
    story.annotate([field("sent", &sent), field("lookups", &lookups)]);
    story.annotate([field("reconciled", &reconciled)]);
    story.expect(
        reconciled && sent == 1,
        format!("the lost payment was sent {sent} times, or not settled by a lookup"),
    );
    Some(())
}

/// Plays the card holder's browser on the bank's 3-D page at `post_url`: what its form posts
/// back, and that as the merchant's return URL reads it (`ThreeDReturn::from_form`).
async fn bank_page(post_url: Option<&str>) -> Result<(ThreeDReturn, BankPost), String> {
    let post = bank_post(post_url.ok_or("start_3d sent no post_url")?).await?;
    let form = [
        ("session_id", &post.session_id),
        ("token_id", &post.token_id),
    ];
    let body = paynet::raw::reqwest::Url::parse_with_params("http://form.invalid/", form);
    let body = body.map_err(|e| e.to_string())?;
    let back = ThreeDReturn::from_form(body.query().unwrap_or_default().as_bytes());
    Ok((back.map_err(|e| e.to_string())?, post))
}

/// Part 4: a refund of the first card payment and its decision, this month's report, and the
/// instalment options for the test card. `paid` is the payment to refund (part 3's first).
async fn after_sale(story: &mut Story, client: &Client, paid: &Transaction) -> Option<()> {
    let xact_id = paid.xact_id.clone()?;
    // The simulator's day (its clock is its own): the day the payment was made.
    let day = paid
        .date
        .map_or_else(paynet::turkish_today, |d| d.date_naive());

    // The refund request.
    story.step(&format!(
        "Refund the {} payment of step {} in full (refund: a REQUEST; the same day, only a \
         cancellation in full)",
        or_unreported(paid.amount),
        story
            .steps
            .iter()
            .find(|s| s.name == "card_payment")
            .map_or(0, |s| s.step)
    ));
    let request = story.built(RefundRequest::builder(xact_id.clone()).build())?;
    let requested = client.refund(&request).await;
    story.answered("refund_requested", "requested", requested, |r| {
        format!(
            "-> Ok(RefundRequested): {}: the request is ACCEPTED, no money has been returned yet.\n\
             Paynet's operations team decides it later (the simulator: {} ms later) and posts the decision to\n\
             the succeedUrl when one is given. `paynet refund` says so and exits 0.",
            code_text(Some(r.result_code), r.message.as_deref()),
            triggers::DEFAULT_REVERSAL_DELAY.as_millis(),
        )
    })?;

    // The decision, in the refund list.
    story.step(&format!(
        "Confirm the decision in the refund list (list_refunds for {day}, asked again until it is decided)"
    ));
    let list = story.built(RefundListRequest::builder(day, day).limit(100).build())?;
    let name = "refund_decided";
    let waiting = |row: &Option<RefundRow>| {
        row.as_ref()
            .is_none_or(|row| matches!(row.status, Some(RefundStatus::Waiting) | None))
    };
    let mut polls = 0u64;
    let last = loop {
        polls += 1;
        let rows = client.list_refunds(&list).await.map(|page| page.rows);
        let last = rows.map(|rows| rows.into_iter().rev().find(|r| r.xact_id == paid.xact_id));
        if polls == DECISION_POLLS || !last.as_ref().is_ok_and(waiting) {
            break last;
        }
        tokio::time::sleep(DECISION_POLL_WAIT).await;
    };
    match last {
        Ok(Some(row)) => {
            let status = row
                .status
                .map_or_else(|| "not reported".to_owned(), |s| s.to_string());
            let cancel = row.is_cancel == Some(true);
            let text = format!(
                "-> status {status} after {polls} list call(s): {} of {} requested ({}), refund xact_id {}.\n\
                 The succeedUrl post is unsigned: the list (or the payment's detail) is what to trust.\n\
                 `paynet refunds list --from {day} --to {day}` prints this table.",
                or_unreported(row.amount),
                or_unreported(row.transaction_amount),
                if cancel { "a cancellation" } else { "a refund" },
                row.reversed_xact_id.as_deref().unwrap_or("(none yet)"),
            );
            let result = match row.status {
                Some(RefundStatus::Approved) => "approved",
                Some(RefundStatus::Denied) => "denied",
                _ => "waiting",
            };
            let fields = [response(&row), field("polls", &polls)];
            story.end(name, result, result == "approved", &text, fields);
        }
        Ok(None) => {
            let why = "the refund list does not show the request";
            story.broke::<()>(name, "not_found", why);
        }
        Err(e) => story.failed(name, &e).unwrap_or_default(),
    }

    // This month's report, streamed.
    let first = day.with_day(1).unwrap_or(day);
    story.step(&format!(
        "This month's payments, streamed page by page (Client::payments: list_payments from {first} to {day}, {REPORT_PAGE} rows a page)"
    ));
    let report = PaymentListRequest::builder(first, day)
        .limit(REPORT_PAGE)
        .build();
    let report = story.built(report)?;
    let listed: Result<Vec<_>, _> = client.payments(&report).try_collect().await;
    let name = "payments_report";
    match listed {
        Ok(rows) => {
            let count = rows.len() as u64;
            let total: Decimal = rows
                .iter()
                .filter_map(|r| r.transaction.amount)
                .map(|a| a.value())
                .sum();
            let ids: HashSet<_> = rows
                .iter()
                .filter_map(|r| r.transaction.xact_id.as_ref())
                .collect();
            // Every page but the last is full, and a full last page has nothing after it.
            let pages = count.div_ceil(u64::from(REPORT_PAGE)).max(1);
            let unique = ids.len() as u64 == count;
            let text = format!(
                "-> {count} successful transactions in {pages} page(s), amounts adding up to {}{}.\n\
                 Each page is one call, asked for when the rows before it are taken; no row twice, none missed.\n\
                 `paynet payments list --from {first} --to {day} --all` prints them (a progress line per page on stderr).",
                ReportedAmount::new(total, Currency::Try),
                if unique { "" } else { " (SOME ROWS TWICE)" },
            );
            let fields = [field("rows", &count), field("pages", &pages)];
            story.end(name, "listed", count > 0 && unique, &text, fields);
        }
        Err(e) => story.failed(name, &e).unwrap_or_default(),
    }

    // The instalment options for the test card.
    let bin = TEST_CARD_APPROVE.get(..6)?;
    let amount = story.built(Amount::parse("149.90"))?;
    story.step(&format!(
        "The instalment options for the test card's BIN {bin}, for {amount} (ratios)"
    ));
    let ratios = story.built(RatiosRequest::for_card(bin, amount))?;
    let table = client.ratios(&ratios).await;
    story.judged("instalments", table, |table| {
        let options = table.options().count();
        let text = format!(
            "-> {options} option(s) from the card's bank; each computed by Paynet, exactly:\n{}\n\
             `paynet ratios --bin {bin} --amount 149.90` prints this table (without --bin: every bank).",
            crate::render::ratios_table(Some(bin), Some(amount), table)
        );
        ("listed", text, table.banks.len() == 1 && options > 0)
    })?;
    Some(())
}
