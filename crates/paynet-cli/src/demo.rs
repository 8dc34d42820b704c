//! `paynet demo`: a complete story against an in-process simulator, through the facade.
//!
//! Every Paynet call goes through `paynet::Client` exactly as an application would make it. The
//! simulator is used in-process only to play the parts no API call plays: the customer tapping a
//! card in PayPOS (`complete_sale`), and telling how much is left of a pre-authorisation, to show
//! that a replayed capture moved no money.

use paynet::{
    AgentSession, Amount, CaptureOutcome, CaptureRequest, CheckSaleRequest, Client,
    CloseSessionRequest, Currency, Decimal, Environment, Error, InitReversalRequest,
    InitSaleRequest, OpenSessionRequest, ReportedAmount, SaleSession, SecretKey, Transaction,
    TransactionCheck, TransactionRef, TransactionType,
};
use paynet_sim::{
    DEFAULT_AGENT_ID, DEFAULT_USER_ID, PRE_AUTH_250_REFERENCE_NO, PRE_AUTH_250_XACT, SimConfig,
    Simulator, triggers,
};
use serde::Serialize;

use crate::failure::{ErrorObject, Failure, decline_message, sdk_error_object};
use crate::{Global, build_client, json, out};

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
    steps: &'a [Step],
}

/// One step of the story, as `demo --json` prints it.
#[derive(Debug, Serialize)]
struct Step {
    /// Its number, from 1.
    step: usize,
    /// A short name (`open_session`, `init_sale`, `partial_capture`...).
    name: String,
    /// How it ended (`opened`, `approved`, `declined`, an error kind...).
    result: String,
    /// True when it ended as the SDK promises.
    as_expected: bool,
    /// What else the step shows.
    #[serde(flatten)]
    detail: Detail,
}

/// What a step shows besides its result: Paynet's answer or the error, and what the step is
/// about. Absent fields are not written.
#[derive(Debug, Default, Serialize)]
struct Detail {
    /// The answer, as the SDK serialises it.
    #[serde(skip_serializing_if = "Option::is_none")]
    response: Option<Response>,
    /// The error, as the tool's `{"error": ...}` object has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorObject>,
    /// The payment session a card was tapped on.
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_session_id: Option<String>,
    /// What is left of the pre-authorisation after the step (exact).
    #[serde(skip_serializing_if = "Option::is_none")]
    remaining: Option<ReportedAmount>,
}

impl Detail {
    /// A step that shows Paynet's answer.
    fn response(response: Response) -> Detail {
        Detail {
            response: Some(response),
            ..Detail::default()
        }
    }

    /// A step that shows an error.
    fn error(error: ErrorObject) -> Detail {
        Detail {
            error: Some(error),
            ..Detail::default()
        }
    }
}

/// An answer of Paynet's, written by its own `Serialize` (Paynet's names; no key: the session
/// key is `"[redacted]"`, the encryption key too).
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Response {
    /// open_session's.
    Session(Box<AgentSession>),
    /// init_sale's or init_reversal's.
    Sale(SaleSession),
    /// check_sale's.
    Check(TransactionCheck),
    /// A capture's transaction.
    Transaction(Box<Transaction>),
}

/// The story so far: the steps recorded, and what did not go as expected.
struct Story {
    json: bool,
    steps: Vec<Step>,
    unexpected: Vec<String>,
}

impl Story {
    fn say(&self, text: &str) {
        if !self.json {
            out(text);
        }
    }

    /// Prints the title of a part of the story.
    fn part(&self, title: &str) {
        self.say(&format!("\n== {title} =="));
    }

    /// Prints and records a step the SDK answered with an error it should not have.
    fn failed(&mut self, name: &str, error: &Error) {
        self.detail(&format!("-> {error}"));
        let result = paynet::error_kind(error);
        self.record(name, result, false, Detail::error(sdk_error_object(error)));
    }

    /// Prints a step's title.
    fn step(&self, title: &str) {
        self.say(&format!("\n{}. {title}", self.steps.len() + 1));
    }

    /// Prints lines under the current step: the first indented by 3, the others by 6.
    fn detail(&self, text: &str) {
        let indented: Vec<String> = text
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    format!("   {l}")
                } else {
                    format!("      {l}")
                }
            })
            .collect();
        self.say(&indented.join("\n"));
    }

    /// Records the step for the JSON summary.
    fn record(&mut self, name: &str, result: &str, expected: bool, detail: Detail) {
        let number = self.steps.len() + 1;
        if !expected {
            self.unexpected
                .push(format!("step {number} ({name}) ended as {result}"));
            self.detail("!! UNEXPECTED: this is not what the SDK should do here");
        }
        self.steps.push(Step {
            step: number,
            name: name.to_owned(),
            result: result.to_owned(),
            as_expected: expected,
            detail,
        });
    }
}

fn tl(kurus: u64) -> ReportedAmount {
    let kurus = i64::try_from(kurus).unwrap_or(i64::MAX);
    ReportedAmount::new(Decimal::new(kurus, 2), Currency::Try)
}

fn remaining(sim: &Simulator) -> ReportedAmount {
    tl(sim
        .pre_auth_remaining_kurus(PRE_AUTH_250_REFERENCE_NO)
        .unwrap_or(0))
}

fn summary(t: &Transaction) -> String {
    format!(
        "amount {}, commission {} (tax on it {}), net {}\nxact_id {}\nresult code {}",
        opt(t.amount),
        opt(t.commission),
        opt(t.commission_tax),
        opt(t.net_amount),
        t.xact_id.as_deref().unwrap_or("(none)"),
        t.result_code
            .map_or_else(|| "(none)".to_owned(), |c| c.to_string())
            + &t.message
                .as_deref()
                .map(|m| format!(": {m}"))
                .unwrap_or_default(),
    )
}

fn opt(a: Option<ReportedAmount>) -> String {
    a.map_or_else(|| "not reported".to_owned(), |a| a.to_string())
}

fn outcome_name(result: &Result<CaptureOutcome, Error>) -> &'static str {
    match result {
        Ok(CaptureOutcome::Approved { replayed: true, .. }) => "replayed",
        Ok(CaptureOutcome::Approved { .. }) => "approved",
        Ok(CaptureOutcome::Declined { .. }) => "declined",
        Err(e) => paynet::error_kind(e),
    }
}

/// What a capture step shows: the transaction, or the error.
fn outcome_detail(result: &Result<CaptureOutcome, Error>) -> Detail {
    match result {
        Ok(outcome) => Detail::response(Response::Transaction(Box::new(
            outcome.transaction().clone(),
        ))),
        Err(e) => Detail::error(sdk_error_object(e)),
    }
}

pub(crate) async fn run(global: &Global) -> Result<(), Failure> {
    let sim = Simulator::start(SimConfig::default().seed(SEED))
        .await
        .map_err(|e| Failure::Internal(format!("the simulator could not start: {e}")))?;
    let base_url = sim.base_url();
    // The simulator's own test key: used, never printed.
    let secret = SecretKey::new(sim.secret_key()).map_err(|e| Failure::Internal(e.to_string()))?;
    let client = build_client(
        Environment::Custom(base_url.clone()),
        global.timeout,
        Some(secret),
    )?;

    let mut story = Story {
        json: global.json,
        steps: Vec::new(),
        unexpected: Vec::new(),
    };
    story.say(&format!(
        "paynet demo: the Paynet SDK (the `paynet` crate) against paynet-sim, a simulated Paynet \
         running in this process on {base_url}.\nNo credentials and no network: the simulator's \
         own test keys are used. No key is ever printed, not even the session key it issues."
    ));

    story.part(
        "Part 1. PayPOS App2App: a phone takes the card (session, sale, outcome, refund, logout)",
    );
    if app2app(&mut story, &client, &sim).await.is_none() {
        story.detail("(the rest of part 1 needs this step: skipped)");
    }

    story.part("Part 2. Capturing a pre-authorisation (server side, under the secret key)");
    // A partial capture.
    story.step(&format!(
        "Capture 10.50 TRY of the 250.00 TRY pre-authorisation reference_no {PRE_AUTH_250_REFERENCE_NO} (capture, under the secret key)"
    ));
    let by_reference =
        TransactionRef::reference_no(PRE_AUTH_250_REFERENCE_NO).map_err(Failure::Sdk)?;
    let partial = CaptureRequest::partial(
        by_reference.clone(),
        Amount::parse("10.50").map_err(demo_bug)?,
    );
    let first = client.capture(&partial).await;
    let first_xact_id = first
        .as_ref()
        .ok()
        .and_then(|o| o.transaction().xact_id.clone());
    let left_after_first = remaining(&sim);
    report(&mut story, "partial_capture", &first, "approved", |t| {
        format!(
            "-> approved: {}\nleft on the pre-authorisation: {left_after_first}",
            summary(t)
        )
    });
    annotate_remaining(&mut story, left_after_first);

    // The same capture again: replayed.
    story.step(
        "The same capture again, with the same reference_no (as a retry after a lost answer would be)",
    );
    let again = client.capture(&partial).await;
    let left_after_again = remaining(&sim);
    let same_transaction = again
        .as_ref()
        .ok()
        .and_then(|o| o.transaction().xact_id.clone())
        == first_xact_id;
    report(&mut story, "replayed_capture", &again, "replayed", |t| {
        format!(
            "-> replayed: Ok(Approved {{ replayed: true }}), result code 100: Paynet returned the earlier\n\
             capture (xact_id {}).\nNo money moved again: still {left_after_again} left on the pre-authorisation.",
            t.xact_id.as_deref().unwrap_or("(none)")
        )
    });
    if !(same_transaction && left_after_again == left_after_first) {
        story
            .unexpected
            .push("the replayed capture moved money or returned another transaction".to_owned());
    }
    annotate_remaining(&mut story, left_after_again);

    // The remainder, in full.
    story.step(&format!(
        "Capture the remainder in full (by xact {PRE_AUTH_250_XACT}, no amount: all that is left)"
    ));
    let full = CaptureRequest::full(TransactionRef::xact(PRE_AUTH_250_XACT).map_err(Failure::Sdk)?);
    let rest = client.capture(&full).await;
    let left_after_full = remaining(&sim);
    report(&mut story, "full_capture", &rest, "approved", |t| {
        format!(
            "-> approved: {}\nleft on the pre-authorisation: {left_after_full}",
            summary(t)
        )
    });
    annotate_remaining(&mut story, left_after_full);

    // A bank decline.
    let decline_ref = format!("{}-DEMO-1", triggers::DECLINE_PREFIX);
    story.step(&format!(
        "A capture the bank declines (reference_no {decline_ref}: the simulator's decline trigger)"
    ));
    let declined = client
        .capture(&CaptureRequest::partial(
            TransactionRef::reference_no(decline_ref).map_err(Failure::Sdk)?,
            Amount::parse("25.00").map_err(demo_bug)?,
        ))
        .await;
    report(&mut story, "bank_decline", &declined, "declined", |t| {
        format!(
            "-> Ok(CaptureOutcome::Declined): an answer to handle, not an error (HTTP 200, is_succeed false).\n\
             {}.\n`paynet capture` reports this on stderr and exits 3.",
            capitalise(&decline_message(t))
        )
    });

    // An unknown outcome.
    let drop_ref = format!("{}-DEMO-1", triggers::DROP_PREFIX);
    story.step(&format!(
        "A capture whose answer is lost (reference_no {drop_ref}: the simulator closes the connection)"
    ));
    let lost = client
        .capture(&CaptureRequest::partial(
            TransactionRef::reference_no(drop_ref.clone()).map_err(Failure::Sdk)?,
            Amount::parse("5.00").map_err(demo_bug)?,
        ))
        .await;
    report(
        &mut story,
        "outcome_unknown",
        &lost,
        "outcome_unknown",
        |_| String::new(),
    );
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
    match Amount::parse("10,50") {
        Err(e) => {
            story.detail(&format!(
                "-> refused: {e}.\n`paynet capture --amount 10,50` exits 2; nothing is sent."
            ));
            let error = Failure::InvalidInput(format!("--amount: {e}")).error_object();
            story.record(
                "amount_refused",
                "invalid_request",
                true,
                Detail::error(error),
            );
        }
        Ok(a) => {
            story.detail(&format!("-> read as {a}"));
            story.record("amount_refused", "accepted", false, Detail::default());
        }
    }

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
    let request = built(
        story,
        OpenSessionRequest::new(DEFAULT_AGENT_ID, DEFAULT_USER_ID),
    )?;
    let session = match client.open_session(&request).await {
        Ok(s) => {
            story.detail(&format!(
                "-> opened: expired_date {} (as Paynet sent it)\n\
                 session_key [redacted]: the merchant's server hands it to its app. The demo never prints\n\
                 it; `paynet session open` prints it once, on stdout only, for you to export.",
                s.expired_date.as_deref().unwrap_or("(not reported)"),
            ));
            // Serialised by the SDK: the session key is "[redacted]".
            let response = Response::Session(Box::new(s.clone()));
            story.record("open_session", "opened", true, Detail::response(response));
            s
        }
        Err(e) => {
            story.failed("open_session", &e);
            return None;
        }
    };
    let paypos = client.paypos(session.session_key.clone());

    // Start a sale under it.
    story.step("Start a PayPOS sale of 149.90 TRY under that session (init_sale)");
    let amount = built(story, Amount::parse("149.90"))?;
    let sale = InitSaleRequest::builder(amount)
        .reference_no("DEMO-SALE-1")
        .description("paynet demo")
        .callback_url("myshop://paypos/return")
        .build();
    let sale = built(story, sale)?;
    let started = match paypos.init_sale(&sale).await {
        Ok(s) => {
            story.detail(&format!(
                "-> started: payment_session_id {}\ndeeplink_url {}\nencryption_key {} (the SDK never prints it)\n\
                 The merchant's app opens the deeplink in the PayPOS app.",
                s.payment_session_id,
                s.deeplink_url,
                if s.encryption_key.is_some() { "[redacted]" } else { "(none)" },
            ));
            story.record(
                "init_sale",
                "started",
                true,
                Detail::response(Response::Sale(s.clone())),
            );
            s
        }
        Err(e) => {
            story.failed("init_sale", &e);
            return None;
        }
    };
    let id = started.payment_session_id.clone();
    let check_sale = built(story, CheckSaleRequest::new(id.clone()))?;

    // Check before the card is tapped: pending.
    story.step("Check it at once, before any card is tapped (check_sale, by payment_session_id)");
    let check = checked(story, "check_pending", paypos.check_sale(&check_sale).await)?;
    let pending = check.is_empty();
    if pending {
        story.detail(&format!(
            "-> pending: Data is empty, {}.\n`paynet check-sale` says \"pending\" and exits 0: check again later.",
            code_and_message(&check)
        ));
    }
    record_check(story, "check_pending", check, "pending", pending);

    // The card is tapped.
    story.step("The customer taps a card on the phone (the simulator plays PayPOS: complete_sale)");
    match sim.complete_sale(&id, true) {
        Ok(done) => {
            story.detail(
                "-> the bank approves it; PayPOS sends the customer back to the app (callback_url),\n\
                 and the merchant's server asks Paynet what happened.",
            );
            let result = if done.is_succeed {
                "approved"
            } else {
                "declined"
            };
            story.record(
                "tap_card",
                result,
                done.is_succeed,
                Detail {
                    payment_session_id: Some(done.payment_session_id),
                    ..Detail::default()
                },
            );
        }
        Err(e) => {
            story.detail(&format!("-> {e}"));
            story.record("tap_card", "error", false, Detail::default());
            return None;
        }
    }

    // The outcome.
    story.step("Check the outcome (check_sale, by the same payment_session_id)");
    let check = checked(story, "check_sale", paypos.check_sale(&check_sale).await)?;
    let sold = check
        .latest()
        .filter(|t| t.is_succeed == Some(true))
        .cloned();
    if let Some(t) = &sold {
        story.detail(&format!(
            "-> approved (is_succeed true): {}\ncard {} ({}), agent_reference {}\n`paynet check-sale` prints this and exits 0 (a declined sale exits 3).",
            checked_summary(t),
            t.card_number_masked.as_deref().unwrap_or("(none)"),
            t.card_type.as_ref().map_or("no card type", |c| c.as_str()),
            t.agent_reference.as_deref().unwrap_or("(none)"),
        ));
    }
    record_check(story, "check_sale", check, "approved", sold.is_some());
    let xact_id = sold?.xact_id?;

    // Refund it.
    story.step(&format!(
        "Refund it: start a reversal of xact_id {xact_id} (init_reversal)"
    ));
    let reversal = InitReversalRequest::builder(xact_id)
        .reference_no("DEMO-REFUND-1")
        .callback_url("myshop://paypos/return")
        .build();
    let reversal = built(story, reversal)?;
    let reversal = match paypos.init_reversal(&reversal).await {
        Ok(r) => {
            story.detail(&format!(
                "-> started: payment_session_id {}\ndeeplink_url {}\nencryption_key {}\n\
                 The app opens the deeplink in PayPOS to confirm the refund (the simulator completes it at once).",
                r.payment_session_id,
                r.deeplink_url,
                if r.encryption_key.is_some() { "[redacted]" } else { "(none)" },
            ));
            story.record(
                "init_reversal",
                "started",
                true,
                Detail::response(Response::Sale(r.clone())),
            );
            r
        }
        Err(e) => {
            story.failed("init_reversal", &e);
            return None;
        }
    };

    // Check the reversal.
    story.step("Check the reversal (check_sale, by the reversal's payment_session_id)");
    let check_reversal = built(
        story,
        CheckSaleRequest::new(reversal.payment_session_id.clone()),
    )?;
    let check = checked(
        story,
        "check_reversal",
        paypos.check_sale(&check_reversal).await,
    )?;
    let reversed = check.latest().filter(|t| {
        t.is_succeed == Some(true) && t.transaction_type == Some(TransactionType::Reversal)
    });
    if let Some(t) = reversed {
        story.detail(&format!(
            "-> reversed (is_succeed true): {}",
            checked_summary(t)
        ));
    }
    let reversed = reversed.is_some();
    record_check(story, "check_reversal", check, "reversed", reversed);

    // End the session.
    story.step("Close the session (close_session: Paynet's logout, under the secret key)");
    let close = CloseSessionRequest::new(session.session_key.clone());
    match client.close_session(&close).await {
        Ok(()) => {
            story.detail("-> closed: Paynet no longer accepts its key.");
            story.record("close_session", "closed", true, Detail::default());
        }
        Err(e) => {
            story.failed("close_session", &e);
            return None;
        }
    }

    // The closed key is refused.
    story.step("Use the closed session's key again (check_sale)");
    match paypos.check_sale(&check_sale).await {
        Err(e @ Error::Rejected(_)) => {
            story.detail(&format!(
                "-> Err(Error::Rejected): {e}.\n`paynet check-sale` exits 3: open a new session first."
            ));
            story.record(
                "closed_session_refused",
                "rejected",
                true,
                Detail::error(sdk_error_object(&e)),
            );
        }
        Err(e) => story.failed("closed_session_refused", &e),
        Ok(c) => {
            story.detail("-> answered: the closed session's key was accepted");
            story.record(
                "closed_session_refused",
                "accepted",
                false,
                Detail::response(Response::Check(c)),
            );
        }
    }
    Some(())
}

/// A request the demo builds: refused only by a bug in the demo, which is then reported.
fn built<T, E: std::fmt::Display>(story: &mut Story, request: Result<T, E>) -> Option<T> {
    match request {
        Ok(r) => Some(r),
        Err(e) => {
            story.unexpected.push(format!("demo: {e}"));
            None
        }
    }
}

/// A check's answer, or the failure recorded (and `None`).
fn checked(
    story: &mut Story,
    name: &str,
    result: Result<TransactionCheck, Error>,
) -> Option<TransactionCheck> {
    match result {
        Ok(c) => Some(c),
        Err(e) => {
            story.failed(name, &e);
            None
        }
    }
}

/// Records a check step: `expected` is the result it should have had.
fn record_check(story: &mut Story, name: &str, check: TransactionCheck, expected: &str, ok: bool) {
    let result = if ok {
        expected.to_owned()
    } else {
        story.detail(&format!(
            "-> {} transaction(s), {}",
            check.transactions.len(),
            code_and_message(&check)
        ));
        match check.latest() {
            None => "pending".to_owned(),
            Some(t) if t.is_succeed == Some(true) => "approved".to_owned(),
            Some(_) => "declined".to_owned(),
        }
    };
    story.record(name, &result, ok, Detail::response(Response::Check(check)));
}

fn code_and_message(check: &TransactionCheck) -> String {
    match &check.message {
        Some(m) => format!("result code {}: {m}", check.result_code),
        None => format!("result code {}", check.result_code),
    }
}

/// A checked transaction in two lines.
fn checked_summary(t: &Transaction) -> String {
    format!(
        "{} of {}, commission {} (tax on it {}), net_amount {}\nxact_id {}",
        t.transaction_type.map_or_else(
            || "transaction".to_owned(),
            |k| format!("{} (transaction_type {})", k.name(), k.as_i64())
        ),
        opt(t.amount),
        opt(t.commission),
        opt(t.commission_tax),
        opt(t.net_amount),
        t.xact_id.as_deref().unwrap_or("(none)"),
    )
}

/// Prints and records a capture step.
fn report(
    story: &mut Story,
    name: &str,
    result: &Result<CaptureOutcome, Error>,
    expected: &str,
    describe: impl FnOnce(&Transaction) -> String,
) {
    let got = outcome_name(result);
    match result {
        Ok(outcome) => story.detail(&describe(outcome.transaction())),
        Err(e) if got != expected => story.detail(&format!("-> {e}")),
        Err(_) => {}
    }
    story.record(name, got, got == expected, outcome_detail(result));
}

/// Adds `remaining` (what is left of the pre-authorisation, exact) to the last step's JSON.
fn annotate_remaining(story: &mut Story, left: ReportedAmount) {
    if let Some(step) = story.steps.last_mut() {
        step.detail.remaining = Some(left);
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn demo_bug(e: impl std::fmt::Display) -> Failure {
    Failure::Internal(format!("demo: {e}"))
}
