//! Unknown outcomes settled by reading, for every operation of the table that moves money: when
//! an answer is lost (a timeout after sending), the call runs the operation's lookup (a read,
//! safe to repeat within the call's budget: `check_payment` by `reference_no` for a payment,
//! `payment_detail` for a pre-authorisation's cancellation, `list_refunds` for a refund) and
//! returns what it found, marked reconciled. Only when the lookup cannot say does the caller get
//! `OutcomeUnknown`, with the reference; "not found" is never "not charged". Operations that
//! cannot be looked up never send a lookup. Every operation's request is sent exactly once.

#[macro_use]
mod common;

use std::time::Duration;

use common::*;
use httpmock::{Method, Mock, MockServer};
use paynet::testing::{Example, reconciled_by};
use paynet::{Error, Operation, Outcome, Request};
use serde_json::json;

/// Longer than the attempt timeout below: the answer never arrives in time.
const LOST: Duration = Duration::from_secs(3);
const ATTEMPT: Duration = Duration::from_millis(300);

/// The examples' amounts: a payment of 149.90 TL, a refund of 25.00 TL.
const PAYMENT_AMOUNT: f64 = 149.9;
const REFUND_AMOUNT: f64 = 25.0;

/// What `lookup` answers when it finds the request whose lookup reference is `reference`
/// (`reference_no=...` or `xact_id=...`): `done` says whether the payment succeeded (or the
/// pre-authorisation is cancelled). Built from the lookup's canned answer, so that it has every
/// field Paynet sends.
fn found(lookup: Operation, reference: &str, done: bool) -> String {
    let mut answer: serde_json::Value =
        serde_json::from_str(canned(lookup)).expect("a canned answer");
    let row = &mut answer["Data"][0];
    if let Some(xact_id) = reference.strip_prefix("xact_id=") {
        row["xact_id"] = json!(xact_id);
    }
    if let Some(reference_no) = reference.strip_prefix("reference_no=") {
        row["agent_reference"] = json!(reference_no);
    }
    if lookup == Operation::LIST_REFUNDS {
        row["amount"] = json!(REFUND_AMOUNT);
        row["status"] = json!(0);
    } else {
        row["amount"] = json!(PAYMENT_AMOUNT);
        row["transaction_type"] = json!(1);
        row["is_succeed"] = json!(done);
        row["reversed"] = json!(done);
    }
    answer.to_string()
}

/// What a lookup answers when it finds nothing: code 12, no rows.
const NOT_FOUND: &str =
    r#"{"Data":[],"object_name":"lookup","code":12,"message":"Kayıt bulunamadı"}"#;

struct Lost {
    server: MockServer,
    sent: usize,
    lookup: usize,
}

impl Lost {
    /// A server where `op`'s answer is lost and `lookup` answers `found`.
    async fn start(op: Operation, lookup: Operation, found: &str) -> Lost {
        let server = MockServer::start_async().await;
        let sent = server
            .mock_async(|when, then| {
                when.method(Method::POST).path(op.path());
                then.status(200)
                    .header("content-type", "application/json")
                    .body(canned(op))
                    .delay(LOST);
            })
            .await
            .id();
        let body = found.to_owned();
        let lookup = server
            .mock_async(|when, then| {
                when.method(Method::POST).path(lookup.path());
                then.status(200)
                    .header("content-type", "application/json")
                    .body(body);
            })
            .await
            .id();
        Lost {
            server,
            sent,
            lookup,
        }
    }

    /// How many requests the operation's path received.
    async fn sent(&self) -> usize {
        Mock::new(self.sent, &self.server).calls_async().await
    }

    /// How many lookups arrived.
    async fn lookups(&self) -> usize {
        Mock::new(self.lookup, &self.server).calls_async().await
    }
}

async fn lost_answers_are_looked_up<R: Request + Example + 'static>() {
    let op = R::OPERATION;
    let request = R::example();
    if !op.moves_money() {
        return;
    }
    let rig = |server: &MockServer| {
        let client = builder(&server.base_url())
            .attempt_timeout(ATTEMPT)
            .total_timeout(Some(Duration::from_secs(2)))
            .build()
            .expect("client");
        let paypos = client.paypos(session_key());
        (client, paypos)
    };
    let reference = request.lookup().unwrap_or_default();

    let Some(lookup) = reconciled_by(&request) else {
        // Nothing to look it up by: unknown at once, and no lookup of any kind is sent.
        let lost = Lost::start(op, Operation::CHECK_PAYMENT, NOT_FOUND).await;
        let mut others = Vec::new();
        for other in [Operation::PAYMENT_DETAIL, Operation::LIST_REFUNDS] {
            let mock = lost
                .server
                .mock_async(|when, then| {
                    when.method(Method::POST).path(other.path());
                    then.status(200).body(NOT_FOUND);
                })
                .await;
            others.push((other, mock));
        }
        let (client, paypos) = rig(&lost.server);
        let e = err(call(&client, &paypos, &request).await);
        assert!(e.is_outcome_unknown(), "{op}: {e:?}");
        assert_eq!(lost.sent().await, 1, "{op}: sent once");
        assert_eq!(
            lost.lookups().await,
            0,
            "{op}: nothing to look it up by: no lookup"
        );
        for (other, mock) in others {
            assert_eq!(mock.calls_async().await, 0, "{op}: no {other}");
        }
        return;
    };
    assert!(
        lookup.idempotent() && !lookup.moves_money(),
        "{op}: {lookup} is a read"
    );

    // Found: the outcome is the lookup's, marked reconciled.
    let lost = Lost::start(op, lookup, &found(lookup, &reference, true)).await;
    let (client, paypos) = rig(&lost.server);
    let result = call(&client, &paypos, &request).await;
    print(&result);
    assert_eq!(lost.sent().await, 1, "{op}: sent once");
    let outcome = ok(result);
    assert!(
        outcome.kind().ends_with("(reconciled)") && !outcome.kind().starts_with("declined"),
        "{op}: {outcome:?}"
    );
    assert!(lost.lookups().await >= 1);

    // A payment found declined is declined. A pre-authorisation found not cancelled is not
    // settled: still unknown.
    if lookup != Operation::LIST_REFUNDS {
        let lost = Lost::start(op, lookup, &found(lookup, &reference, false)).await;
        let (client, paypos) = rig(&lost.server);
        let result = call(&client, &paypos, &request).await;
        match reference.starts_with("reference_no=") {
            true => assert_eq!(ok(result).kind(), "declined (reconciled)", "{op}"),
            false => assert!(err(result).is_outcome_unknown(), "{op}"),
        }
    }

    // Not found (yet): never "not charged". The lookups go on within the budget, then the
    // outcome is unknown, with the reference to look up and what the lookups said.
    let lost = Lost::start(op, lookup, NOT_FOUND).await;
    let (client, paypos) = rig(&lost.server);
    let e = err(call(&client, &paypos, &request).await);
    let Error::OutcomeUnknown {
        reference: said,
        reason,
        ..
    } = &e
    else {
        panic!("{op}: {e:?}")
    };
    assert_eq!(said.as_deref(), Some(reference.as_str()));
    assert!(
        reason.contains("found no such payment yet"),
        "{op}: {reason}"
    );
    assert!(e.needs_reconciliation());
    assert_eq!(lost.sent().await, 1, "{op}: sent once");
    assert!(
        lost.lookups().await >= 2,
        "{op}: the lookup is repeated within the budget"
    );

    // Turned off per call: unknown at once, no lookup.
    let lost = Lost::start(op, lookup, &found(lookup, &reference, true)).await;
    let (client, paypos) = rig(&lost.server);
    let e = err(call(&client, &paypos, &request).reconcile(false).await);
    assert!(e.is_outcome_unknown(), "{op}: {e:?}");
    assert_eq!(lost.lookups().await, 0);

    // Something else under the same reference (another amount) is not this request.
    if lookup != Operation::PAYMENT_DETAIL {
        let mut other: serde_json::Value =
            serde_json::from_str(&found(lookup, &reference, true)).expect("json");
        other["Data"][0]["amount"] = json!(1.0);
        let lost = Lost::start(op, lookup, &other.to_string()).await;
        let (client, paypos) = rig(&lost.server);
        let result = call(&client, &paypos, &request).await;
        print(&result);
        if R::OPERATION != Operation::CHARGE && R::OPERATION != Operation::COMPLETE_3D {
            // (charge and complete_3d do not know the amount: any payment of the order settles.)
            assert!(err(result).is_outcome_unknown(), "{op}: another amount");
        }
    }
}

#[test]
fn every_payment_whose_answer_is_lost_is_settled_by_a_lookup() {
    every_operation!(lost_answers_are_looked_up);
}
