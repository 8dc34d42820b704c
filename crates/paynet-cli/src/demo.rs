//! `paynet demo`: a complete story against an in-process simulator, through the facade.
//!
//! Every Paynet call goes through `paynet::Client` exactly as an application would make it; the
//! simulator is only asked (in-process) how much is left of a pre-authorisation, to show that a
//! replayed capture moved no money.

use paynet::{
    Amount, CaptureOutcome, CaptureRequest, Currency, Decimal, Environment, Error, InitSaleRequest,
    ReportedAmount, SecretKey, SessionKey, Transaction, TransactionRef,
};
use paynet_sim::{PRE_AUTH_250_REFERENCE_NO, PRE_AUTH_250_XACT, SimConfig, Simulator, triggers};

use crate::failure::{Failure, sdk_error_object};
use crate::json::{self, J};
use crate::{Global, build_client, out, render};

/// The simulator's seed: the demo prints the same ids and dates every time.
const SEED: u64 = 2024;

struct Story {
    json: bool,
    steps: Vec<J>,
    unexpected: Vec<String>,
}

impl Story {
    fn say(&self, text: &str) {
        if !self.json {
            out(text);
        }
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
    fn record(&mut self, name: &str, result: &str, expected: bool, extra: Vec<(&str, J)>) {
        let number = self.steps.len() + 1;
        if !expected {
            self.unexpected
                .push(format!("step {number} ({name}) ended as {result}"));
            self.detail("!! UNEXPECTED: this is not what the SDK should do here");
        }
        let mut fields = vec![
            ("step", J::Int(i64::try_from(number).unwrap_or(i64::MAX))),
            ("name", J::str(name)),
            ("result", J::str(result)),
            ("as_expected", J::Bool(expected)),
        ];
        fields.extend(extra);
        self.steps.push(J::obj(fields));
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

fn outcome_json(result: &Result<CaptureOutcome, Error>) -> (&'static str, J) {
    match result {
        Ok(outcome) => ("response", json::transaction(outcome.transaction())),
        Err(e) => ("error", sdk_error_object(e)),
    }
}

pub(crate) async fn run(global: &Global) -> Result<(), Failure> {
    let sim = Simulator::start(SimConfig::default().seed(SEED))
        .await
        .map_err(|e| Failure::Internal(format!("the simulator could not start: {e}")))?;
    let base_url = sim.base_url();
    // The simulator's own test keys: used, never printed.
    let secret = SecretKey::new(sim.secret_key()).map_err(|e| Failure::Internal(e.to_string()))?;
    let session =
        SessionKey::new(sim.session_key()).map_err(|e| Failure::Internal(e.to_string()))?;
    let client = build_client(
        Environment::Custom(base_url.clone()),
        global.timeout,
        Some(secret),
    )?;
    let paypos = client.paypos(session);

    let mut story = Story {
        json: global.json,
        steps: Vec::new(),
        unexpected: Vec::new(),
    };
    story.say(&format!(
        "paynet demo: the Paynet SDK (the `paynet` crate) against paynet-sim, a simulated Paynet \
         running in this process on {base_url}.\nNo credentials and no network: the simulator's \
         own test keys are used, and never printed."
    ));

    // 1. A PayPOS sale.
    story.step("Start a PayPOS sale of 149.90 TRY (init_sale_transaction, under the session key)");
    let sale = InitSaleRequest::builder(Amount::parse("149.90").map_err(demo_bug)?)
        .reference_no("DEMO-SALE-1")
        .description("paynet demo")
        .callback_url("myshop://paypos/return")
        .build()
        .map_err(Failure::Sdk)?;
    match paypos.start_sale(&sale).await {
        Ok(s) => {
            story.detail(&format!(
                "-> started: payment_session_id {}\ndeeplink_url {}\nencryption_key {} (the SDK never prints it)\n\
                 The merchant's app opens the deeplink in the PayPOS app, the customer taps a card on\n\
                 the phone, and the merchant's server then checks the outcome by payment_session_id.",
                s.payment_session_id,
                s.deeplink_url,
                if s.encryption_key.is_some() { "[redacted]" } else { "(none)" },
            ));
            story.record(
                "start_sale",
                "started",
                true,
                vec![("response", json::sale_session(&s))],
            );
        }
        Err(e) => {
            story.detail(&format!("-> {e}"));
            let error = Failure::Sdk(e).error_object();
            story.record("start_sale", "error", false, vec![("error", error)]);
        }
    }

    // 2. A partial capture.
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

    // 3. The same capture again: replayed.
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

    // 4. The remainder, in full.
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

    // 5. A bank decline.
    let decline_ref = format!("{}-DEMO-5", triggers::DECLINE_PREFIX);
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
            capitalise(&render::decline_message(t))
        )
    });

    // 6. An unknown outcome.
    let drop_ref = format!("{}-DEMO-6", triggers::DROP_PREFIX);
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

    // 7. Bad input, refused before sending.
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
                vec![("error", error)],
            );
        }
        Ok(a) => {
            story.detail(&format!("-> read as {a}"));
            story.record("amount_refused", "accepted", false, Vec::new());
        }
    }

    let ok = story.unexpected.is_empty();
    if global.json {
        out(&json::to_string(&J::obj([
            ("demo", J::str("paynet-sim")),
            ("base_url", J::str(&base_url)),
            ("ok", J::Bool(ok)),
            ("steps", J::Arr(std::mem::take(&mut story.steps))),
        ])));
    } else if ok {
        story.say(&format!(
            "\nDone: {} steps, each as the SDK promises. Next: `paynet sim` runs this simulator for any\n\
             client; `cargo test -p paynet-cli` runs the CLI's tests against it.",
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
    let (key, value) = outcome_json(result);
    story.record(name, got, got == expected, vec![(key, value)]);
}

/// Adds `remaining` (what is left of the pre-authorisation, exact) to the last step's JSON.
fn annotate_remaining(story: &mut Story, left: ReportedAmount) {
    if let Some(J::Obj(fields)) = story.steps.last_mut() {
        fields.push(("remaining".to_owned(), J::Decimal(left.value())));
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
