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

use std::time::Duration;

use futures_util::StreamExt as _;
use paynet::chrono::Datelike as _;
use paynet::{
    AgentSession, Amount, CaptureOutcome, CaptureRequest, Card, CheckSaleRequest, Client,
    CloseSessionRequest, Complete3dRequest, Currency, Decimal, Environment, Error,
    InitReversalRequest, InitSaleRequest, OpenSessionRequest, Operation, PaymentListRequest,
    PaymentRequest, RatioTable, RatiosRequest, RefundListRequest, RefundRequest, RefundRequested,
    RefundRow, RefundStatus, ReportedAmount, SaleSession, SecretKey, Start3dRequest, ThreeDReturn,
    ThreeDSession, Transaction, TransactionCheck, TransactionRef, TransactionType,
};
use paynet_sim::{
    DEFAULT_AGENT_ID, DEFAULT_USER_ID, PRE_AUTH_250_REFERENCE_NO, PRE_AUTH_250_XACT, SimConfig,
    Simulator, TEST_CARD_3D_REQUIRED, TEST_CARD_APPROVE, TEST_CARD_DECLINE, TEST_CVC,
    TEST_EXPIRY_MONTH, TEST_EXPIRY_YEAR, ThreeDStatus, triggers,
};
use serde::Serialize;

use crate::bank_page::bank_post;
use crate::context::{Global, build_client, out};
use crate::failure::{
    ErrorObject, Failure, decline_message, payment_decline_message, sdk_error_object,
};
use crate::json;

/// The merchant's domain the demo's client is configured with (what `PAYNET_DOMAIN` sets for the
/// CLI's commands).
const DEMO_DOMAIN: &str = "shop.example";
/// Where the simulated bank's 3-D page posts its result back.
const RETURN_URL: &str = "https://shop.example/paynet/3d-return";
/// The name on the demo's cards.
const HOLDER: &str = "AYSE YILMAZ";
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
    /// What the bank's 3-D page posts back to the merchant.
    #[serde(skip_serializing_if = "Option::is_none")]
    bank_page: Option<BankPage>,
    /// How many payment requests reached the simulator during the step.
    #[serde(skip_serializing_if = "Option::is_none")]
    sent: Option<u64>,
    /// How many lookups (check_payment) reached the simulator during the step.
    #[serde(skip_serializing_if = "Option::is_none")]
    lookups: Option<u64>,
    /// Whether the payment's outcome comes from a lookup (its answer was lost).
    #[serde(skip_serializing_if = "Option::is_none")]
    reconciled: Option<bool>,
    /// How many times the refund list was asked before the decision showed.
    #[serde(skip_serializing_if = "Option::is_none")]
    polls: Option<u64>,
    /// How many rows a streamed report held.
    #[serde(skip_serializing_if = "Option::is_none")]
    rows: Option<u64>,
    /// How many pages (calls) it took.
    #[serde(skip_serializing_if = "Option::is_none")]
    pages: Option<u64>,
    /// What a step of part 5 (subscriptions) shows of its own (`charge_dates`, `bank_page`,
    /// `clock`, `cooldown`).
    #[serde(flatten)]
    extra: serde_json::Map<String, serde_json::Value>,
}

/// What the simulated bank's 3-D page posts back to the merchant's return URL.
#[derive(Debug, Serialize)]
struct BankPage {
    /// How the demo answered the page (`approve`: the simulator's `auto=approve`).
    auto: &'static str,
    /// Where the page's form posts (the return URL).
    posts_to: String,
    /// The posted `session_id`.
    session_id: String,
    /// The posted `token_id`.
    token_id: String,
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
    /// A capture's or a card payment's transaction.
    Transaction(Box<Transaction>),
    /// start_3d's.
    ThreeD(Box<ThreeDSession>),
    /// refund's: the request accepted.
    Refund(RefundRequested),
    /// A row of the refund list: a request and its decision.
    RefundRow(Box<RefundRow>),
    /// ratios': the instalment table.
    Ratios(Box<RatioTable>),
    /// A generated operation's answer (part 5, subscriptions), as the SDK serialised it.
    Generated(Box<serde_json::value::RawValue>),
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
        let result = error.kind();
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
                if l.is_empty() {
                    String::new()
                } else if i == 0 {
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

/// Part 5 (`demo_subscriptions`) tells its steps through the story.
impl crate::demo_subscriptions::Narrator for Story {
    fn step(&self, title: &str) {
        Story::step(self, title);
    }

    fn detail(&self, text: &str) {
        Story::detail(self, text);
    }

    fn record(
        &mut self,
        name: &str,
        result: &str,
        expected: bool,
        detail: crate::demo_subscriptions::PartDetail,
    ) {
        let detail = Detail {
            response: detail.response.map(Response::Generated),
            error: detail.error,
            extra: detail.extra,
            ..Detail::default()
        };
        Story::record(self, name, result, expected, detail);
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
        "amount {}, commission {} (tax on it {}), net {}\nxact_id {}\n{}",
        opt(t.amount),
        opt(t.commission),
        opt(t.commission_tax),
        opt(t.net_amount),
        t.xact_id.as_deref().unwrap_or("(none)"),
        match t.result_code {
            Some(c) =>
                format!("result code {c}")
                    + &t.message
                        .as_deref()
                        .map(|m| format!(": {m}"))
                        .unwrap_or_default(),
            None => "no result code of its own (a transaction found by a lookup)".to_owned(),
        },
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
        Err(e) => e.kind(),
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

    let mut story = Story {
        json: global.json,
        steps: Vec::new(),
        unexpected: Vec::new(),
    };
    story.say(&format!(
        "paynet demo: the Paynet SDK (the `paynet` crate) against paynet-sim, a simulated Paynet \
         running in this process on {base_url}.\nNo credentials and no network: the simulator's \
         own test keys are used. No key is ever printed, not even the session key it issues,\n\
         and no card number beyond its first 6 and last 4 digits, nor any CVC."
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

    story.part(
        "Part 3. Card payments: direct, 3-D Secure, and a lost answer (under the secret key)",
    );
    let mut paid = None;
    if cards(&mut story, &client, &sim, &mut paid).await.is_none() {
        story.detail("(the rest of part 3 needs this step: skipped)");
    }

    story.part(
        "Part 4. After the sale: a refund and its decision, a report, the instalment table (under the secret key)",
    );
    match &paid {
        Some(paid) => {
            if after_sale(&mut story, &client, paid).await.is_none() {
                story.detail("(the rest of part 4 needs this step: skipped)");
            }
        }
        None => {
            story
                .unexpected
                .push("part 4 needs part 3's card payment, which did not succeed".to_owned());
        }
    }

    story.part("Part 5. A subscription billed on the simulator's clock (under the secret key)");
    if crate::demo_subscriptions::run(&mut story, &client, &sim)
        .await
        .is_none()
    {
        story.unexpected.push(
            "part 5 (subscriptions) stopped at a step that did not go as expected".to_owned(),
        );
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

/// A test card of the simulator, as a person would give it: its number, `MM/YY`, the test CVC
/// and a holder.
fn test_card(number: &str) -> Result<Card, Error> {
    let expiry = format!("{TEST_EXPIRY_MONTH:02}/{:02}", TEST_EXPIRY_YEAR % 100);
    Card::new(number, &expiry, TEST_CVC, HOLDER)
}

/// A payment of `amount` (TL as a person writes it) for `reference_no` with the card `number`.
fn payment(
    story: &mut Story,
    amount: &str,
    reference_no: &str,
    number: &str,
) -> Option<PaymentRequest> {
    let amount = built(story, Amount::parse(amount))?;
    let card = built(story, test_card(number))?;
    built(
        story,
        PaymentRequest::builder(amount, reference_no, card)
            .description("paynet demo")
            .build(),
    )
}

/// Adds what `update` sets to the last step's JSON.
fn annotate(story: &mut Story, update: impl FnOnce(&mut Detail)) {
    if let Some(step) = story.steps.last_mut() {
        update(&mut step.detail);
    }
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

/// The requests the simulator saw for `operation` so far.
fn seen(sim: &Simulator, operation: Operation) -> u64 {
    sim.request_count(operation.path())
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
    let first = payment(story, "149.90", "DEMO-CARD-1", TEST_CARD_APPROVE)?;
    story.detail(&format!(
        "card {}: the SDK never shows more of the number, nor the CVC at all",
        test_card(TEST_CARD_APPROVE).ok()?.masked_number()
    ));
    let paid = client.pay(&first).await;
    let paid_xact_id = paid
        .as_ref()
        .ok()
        .and_then(|o| o.transaction().xact_id.clone());
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
    let ledger_before = sim.transaction_count();
    let again = client.pay(&first).await;
    let ledger_after = sim.transaction_count();
    let same = again
        .as_ref()
        .ok()
        .and_then(|o| o.transaction().xact_id.clone())
        == paid_xact_id;
    report(story, "replayed_payment", &again, "replayed", |t| {
        format!(
            "-> replayed: Ok(Approved {{ replayed: true }}), result code 100: Paynet returned the earlier\n\
             payment (xact_id {}).\nNo money moved again: the simulator's ledger still holds {ledger_after} transactions.",
            t.xact_id.as_deref().unwrap_or("(none)")
        )
    });
    if !(same && ledger_before == ledger_after) {
        story
            .unexpected
            .push("the replayed payment moved money or returned another transaction".to_owned());
    }

    // A decline.
    story.step("Pay 25.00 TRY with the simulator's declining test card");
    let declining = payment(story, "25.00", "DEMO-CARD-2", TEST_CARD_DECLINE)?;
    let declined = client.pay(&declining).await;
    report(story, "card_declined", &declined, "declined", |t| {
        format!(
            "-> Ok(PaymentOutcome::Declined): an answer to handle, not an error (HTTP 200, is_succeed false).\n\
             {}.\n`paynet pay` reports this on stderr and exits 3.",
            capitalise(&payment_decline_message(t, false))
        )
    });

    // A mistyped card number.
    story.step("A mistyped card number (one digit off): checked before anything is sent");
    let mut typo = TEST_CARD_APPROVE.to_owned();
    let last = typo.pop()?;
    typo.push(if last == '9' {
        '0'
    } else {
        char::from(last as u8 + 1)
    });
    match test_card(&typo) {
        Err(e) => {
            story.detail(&format!(
                "-> refused: {e}.\nThe error never holds the number. `paynet pay` with this \
                 PAYNET_CARD_NUMBER exits 2;\nnothing is sent."
            ));
            story.record(
                "card_refused",
                "invalid_request",
                true,
                Detail::error(sdk_error_object(&e)),
            );
        }
        Ok(card) => {
            story.detail(&format!("-> accepted: {card}"));
            story.record("card_refused", "accepted", false, Detail::default());
        }
    }

    // 3-D Secure: start.
    story.step(&format!(
        "Start a 3-D Secure payment of 75.00 TRY with the test card that needs 3-D (start_3d; return URL {RETURN_URL})"
    ));
    let three_d = payment(story, "75.00", "DEMO-3D-1", TEST_CARD_3D_REQUIRED)?;
    let start = built(story, Start3dRequest::new(three_d, RETURN_URL))?;
    let session = match client.start_3d(&start).await {
        Ok(s) => {
            story.detail(&format!(
                "-> started, nothing charged yet: session_id {}\ntoken_id {}\npost_url {}\n\
                 The merchant sends the card holder's browser to the post_url (`paynet pay --3d` prints it).",
                s.session_id,
                s.token_id,
                s.post_url.as_deref().unwrap_or("(none: html_content only)"),
            ));
            story.record(
                "start_3d",
                "started",
                true,
                Detail::response(Response::ThreeD(Box::new(s.clone()))),
            );
            s
        }
        Err(e) => {
            story.failed("start_3d", &e);
            return None;
        }
    };

    // 3-D Secure: the bank's page.
    story.step(
        "The card holder passes the bank's 3-D page (the demo fetches post_url with the simulator's &auto=approve)",
    );
    let back = match bank_page(&session).await {
        Ok((back, posts_to)) => {
            let verified = sim.three_d_status(back.session_id()) == Some(ThreeDStatus::Verified);
            let same =
                back.session_id() == session.session_id && back.token_id() == session.token_id;
            story.detail(&format!(
                "-> the page answered with a form that posts session_id and token_id to {posts_to} by itself\n\
                 (a browser would follow it). The demo reads the two values from that form, as the merchant's\n\
                 return URL would receive them (ThreeDReturn::from_form): {}.\n\
                 (By hand: open the post_url in a browser and type the password the page shows.)",
                if same { "the same as start_3d returned" } else { "NOT those start_3d returned" }
            ));
            let page = BankPage {
                auto: "approve",
                posts_to,
                session_id: back.session_id().to_owned(),
                token_id: back.token_id().to_owned(),
            };
            let result = if verified { "verified" } else { "not_verified" };
            story.record(
                "bank_page",
                result,
                verified && same,
                Detail {
                    bank_page: Some(page),
                    ..Detail::default()
                },
            );
            back
        }
        Err(e) => {
            story.detail(&format!("-> {e}"));
            story.record("bank_page", "error", false, Detail::default());
            return None;
        }
    };

    // 3-D Secure: complete.
    story.step("Finish the 3-D payment with what the page posted back (complete_3d)");
    let complete = built(
        story,
        Complete3dRequest::new(&back).reference_no("DEMO-3D-1"),
    )?;
    let done = client.complete_3d(&complete).await;
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
    let dropped = payment(story, "10.00", &drop_ref, TEST_CARD_APPROVE)?;
    let (payments, checks, ledger) = (
        seen(sim, Operation::PAY),
        seen(sim, Operation::CHECK_PAYMENT),
        sim.transaction_count(),
    );
    let lost = client.pay(&dropped).total_timeout(LOST_BUDGET).await;
    let sent = seen(sim, Operation::PAY) - payments;
    let lookups = seen(sim, Operation::CHECK_PAYMENT) - checks;
    let recorded = sim.transaction_count() - ledger;
    report(
        story,
        "lost_answer_unknown",
        &lost,
        "outcome_unknown",
        |_| String::new(),
    );
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
    annotate(story, |d| {
        d.sent = Some(sent);
        d.lookups = Some(lookups);
    });
    if sent != 1 || recorded != 0 {
        story.unexpected.push(format!(
            "the dropped payment was sent {sent} times or recorded"
        ));
    }

    // A lost answer after the payment was made: settled by the lookup.
    story.step(&format!(
        "A payment whose answer is lost after it was made (reference_no {}-DEMO-PAY-1: the simulator makes \
         and records it, then closes the connection without answering)",
        triggers::LOST_PREFIX
    ));
    lost_then_settled(story, client, sim).await;
    Some(())
}

/// The step of the payment whose answer the simulator loses after making it (`LOST…`).
async fn lost_then_settled(story: &mut Story, client: &Client, sim: &Simulator) {
    let lost_ref = format!("{}-DEMO-PAY-1", triggers::LOST_PREFIX);
    let Some(request) = payment(story, "42.00", &lost_ref, TEST_CARD_APPROVE) else {
        return;
    };
    let (payments, checks, ledger) = (
        seen(sim, Operation::PAY),
        seen(sim, Operation::CHECK_PAYMENT),
        sim.transaction_count(),
    );
    let settled = client.pay(&request).await;
    let sent = seen(sim, Operation::PAY) - payments;
    let lookups = seen(sim, Operation::CHECK_PAYMENT) - checks;
    let recorded = sim.transaction_count() - ledger;
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
    annotate(story, |d| {
        d.sent = Some(sent);
        d.lookups = Some(lookups);
        d.reconciled = Some(reconciled);
    });
    if !reconciled || sent != 1 {
        story.unexpected.push(format!(
            "the lost payment was sent {sent} times, or not settled by a lookup"
        ));
    }
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
        opt(paid.amount),
        story
            .steps
            .iter()
            .find(|s| s.name == "card_payment")
            .map_or(0, |s| s.step)
    ));
    let request = built(story, RefundRequest::builder(xact_id.clone()).build())?;
    match client.refund(&request).await {
        Ok(r) => {
            story.detail(&format!(
                "-> Ok(RefundRequested): {}: the request is ACCEPTED, no money has been returned yet.\n\
                 Paynet's operations team decides it later (the simulator: {} ms later) and posts the decision to\n\
                 the succeedUrl when one is given. `paynet refund` says so and exits 0.",
                crate::text::code_text(Some(r.result_code), r.message.as_deref()),
                paynet_sim::triggers::DEFAULT_REVERSAL_DELAY.as_millis(),
            ));
            story.record(
                "refund_requested",
                "requested",
                true,
                Detail::response(Response::Refund(r)),
            );
        }
        Err(e) => {
            story.failed("refund_requested", &e);
            return None;
        }
    }

    // The decision, in the refund list.
    story.step(&format!(
        "Confirm the decision in the refund list (list_refunds for {day}, asked again until it is decided)"
    ));
    let list = built(
        story,
        RefundListRequest::builder(day, day).limit(100).build(),
    )?;
    let mut polls = 0u64;
    let mut last: Result<Option<RefundRow>, Error> = Ok(None);
    while polls < DECISION_POLLS {
        polls += 1;
        last = client.list_refunds(&list).await.map(|page| {
            page.rows
                .into_iter()
                .rev()
                .find(|r| r.xact_id.as_deref() == Some(xact_id.as_str()))
        });
        let waiting = match &last {
            Ok(Some(row)) => matches!(row.status, Some(RefundStatus::Waiting) | None),
            Ok(None) => true,
            Err(_) => false,
        };
        if !waiting {
            break;
        }
        tokio::time::sleep(DECISION_POLL_WAIT).await;
    }
    match last {
        Ok(Some(row)) => {
            let approved = row.status == Some(RefundStatus::Approved);
            let status = row
                .status
                .map_or_else(|| "not reported".to_owned(), |s| s.to_string());
            story.detail(&format!(
                "-> status {status} after {polls} list call(s): {} of {} requested ({}), refund xact_id {}.\n\
                 The succeedUrl post is unsigned: the list (or the payment's detail) is what to trust.\n\
                 `paynet refunds list --from {day} --to {day}` prints this table.",
                opt(row.amount),
                opt(row.transaction_amount),
                if row.is_cancel == Some(true) { "a cancellation" } else { "a refund" },
                row.reversed_xact_id.as_deref().unwrap_or("(none yet)"),
            ));
            let result = match row.status {
                Some(RefundStatus::Approved) => "approved",
                Some(RefundStatus::Denied) => "denied",
                _ => "waiting",
            };
            story.record(
                "refund_decided",
                result,
                approved,
                Detail {
                    response: Some(Response::RefundRow(Box::new(row))),
                    polls: Some(polls),
                    ..Detail::default()
                },
            );
        }
        Ok(None) => {
            story.detail("-> the refund list does not show the request");
            story.record("refund_decided", "not_found", false, Detail::default());
        }
        Err(e) => story.failed("refund_decided", &e),
    }

    // This month's report, streamed.
    let first = day.with_day(1).unwrap_or(day);
    story.step(&format!(
        "This month's payments, streamed page by page (Client::payments: list_payments from {first} to {day}, {REPORT_PAGE} rows a page)"
    ));
    let report = built(
        story,
        PaymentListRequest::builder(first, day)
            .limit(REPORT_PAGE)
            .build(),
    )?;
    let mut rows = client.payments(&report);
    let (mut count, mut total, mut ids) = (0u64, Decimal::ZERO, std::collections::HashSet::new());
    let mut failed = None;
    while let Some(row) = rows.next().await {
        match row {
            Ok(row) => {
                count += 1;
                if let Some(a) = row.transaction.amount {
                    total += a.value();
                }
                if let Some(id) = row.transaction.xact_id {
                    ids.insert(id);
                }
            }
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
    }
    drop(rows);
    // Every page but the last is full, and a full last page has nothing after it.
    let pages = count.div_ceil(u64::from(REPORT_PAGE)).max(1);
    match failed {
        None => {
            let unique = ids.len() as u64 == count;
            story.detail(&format!(
                "-> {count} successful transactions in {pages} page(s), amounts adding up to {}{}.\n\
                 Each page is one call, asked for when the rows before it are taken; no row twice, none missed.\n\
                 `paynet payments list --from {first} --to {day} --all` prints them (a progress line per page on stderr).",
                ReportedAmount::new(total, Currency::Try),
                if unique { "" } else { " (SOME ROWS TWICE)" },
            ));
            story.record(
                "payments_report",
                "listed",
                count > 0 && unique,
                Detail {
                    rows: Some(count),
                    pages: Some(pages),
                    ..Detail::default()
                },
            );
        }
        Some(e) => story.failed("payments_report", &e),
    }

    // The instalment options for the test card.
    let bin = TEST_CARD_APPROVE.get(..6)?;
    let amount = built(story, Amount::parse("149.90"))?;
    story.step(&format!(
        "The instalment options for the test card's BIN {bin}, for {amount} (ratios)"
    ));
    let ratios = built(story, RatiosRequest::for_card(bin, amount))?;
    match client.ratios(&ratios).await {
        Ok(table) => {
            let options = table.options().count();
            story.detail(&format!(
                "-> {options} option(s) from the card's bank; each computed by Paynet, exactly:\n{}\n\
                 `paynet ratios --bin {bin} --amount 149.90` prints this table (without --bin: every bank).",
                crate::render::ratios_table(
                    Some(bin),
                    Some(ReportedAmount::new(amount.lira(), amount.currency())),
                    &table
                )
            ));
            let ok = table.banks.len() == 1 && options > 0;
            story.record(
                "instalments",
                "listed",
                ok,
                Detail::response(Response::Ratios(Box::new(table))),
            );
        }
        Err(e) => story.failed("instalments", &e),
    }
    Some(())
}

/// Plays the card holder's browser on the bank's 3-D page: fetches `post_url` with the
/// simulator's `auto=approve`, and reads what the auto-submitting form would post back (and
/// where). Errors are the demo's own.
async fn bank_page(session: &ThreeDSession) -> Result<(ThreeDReturn, String), String> {
    use paynet::raw::reqwest;
    let post_url = session
        .post_url
        .as_deref()
        .ok_or("start_3d sent no post_url")?;
    let post = bank_post(post_url).await?;
    // The body the browser would post to the return URL.
    let mut body = reqwest::Url::parse("http://form.invalid/").map_err(|e| e.to_string())?;
    body.query_pairs_mut()
        .append_pair("session_id", &post.session_id)
        .append_pair("token_id", &post.token_id);
    let back = ThreeDReturn::from_form(body.query().unwrap_or_default().as_bytes())
        .map_err(|e| e.to_string())?;
    Ok((back, post.posts_to))
}
