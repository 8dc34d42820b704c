//! Refunds and cancellations: refund or cancellation requests (`reversed_request`), decided later
//! with a callback to their `succeedUrl`; and the cancellations made at once, of a
//! pre-authorisation (`preauth_reversal`) and of a capture (`capture_reversal`).

use std::sync::Arc;

use axum::{
    extract::{ConnectInfo, State as AxState},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use crate::{
    callback::{Callback, loopback_url, post_json},
    clock,
    conn::ConnToken,
    extract::Paynet,
    http::{Shared, invalid_request, no_such_transaction, present, refused, transport_trigger},
    ledger::{CAPTURE, CAPTURE_REVERSAL, Channel, PRE_AUTH, PRE_AUTH_REVERSAL, SALE, Tx},
    lenient::{self, Number},
    model::{ReversalRequest, ReversalStatus},
    state::State,
    triggers,
    wire::{self, FAILURE_MESSAGE, Money, PayposResult, SUCCESS_MESSAGE},
};

/// Decides a request (after the configured delay) and delivers its callback.
async fn decide_later(shared: Arc<Shared>, index: usize) {
    if !shared.reversal_delay.is_zero() {
        tokio::time::sleep(shared.reversal_delay).await;
    }
    let callback = shared.lock().decide_reversal(index);
    deliver(&shared, callback).await;
}

/// Delivers a callback and counts the outcome.
async fn deliver(shared: &Shared, callback: Option<Callback>) {
    if let Some(callback) = callback {
        let delivered = post_json(&callback.url, &callback.body).await;
        shared.count_callback(delivered);
    }
}

/// A refund's `amount`: kuruş digits (`"1000"`, or the JSON integer `1000`); absent, empty or
/// `"0"` is the whole transaction (`None`).
fn refund_amount(amount: Option<&Number>) -> Result<Option<u64>, &'static str> {
    let Some(amount) = amount else {
        return Ok(None);
    };
    match amount.kurus() {
        None => Err("amount yalnızca rakam içermelidir (kuruş: \"10.00 TL\" => \"1000\")"),
        Some(0) => Ok(None),
        Some(n) => Ok(Some(n)),
    }
}

/// The body of `reversed_request`, `preauth_reversal` and `capture_reversal`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ReversalBody {
    #[serde(deserialize_with = "lenient::text")]
    xact_id: Option<String>,
    #[serde(deserialize_with = "lenient::number")]
    amount: Option<Number>,
    #[serde(rename = "succeedUrl", deserialize_with = "lenient::text")]
    succeed_url: Option<String>,
}

/// Finds the transaction the body's `xact_id` names and runs the transport triggers on its
/// `reference_no`. Returns the transaction's `xact_id`, or the answer to send.
async fn reversal_start(
    shared: &Shared,
    conn: &ConnToken,
    request: &ReversalBody,
) -> Result<String, Response> {
    let xact_id = present(&request.xact_id)
        .ok_or_else(|| invalid_request("xact_id zorunludur"))?
        .to_owned();
    let reference_no = {
        let state = shared.lock();
        let index = state.by_xact_id(&xact_id).ok_or_else(no_such_transaction)?;
        state
            .ledger
            .get(index)
            .map(|t| t.reference_no.clone())
            .unwrap_or_default()
    };
    if let Some(response) = transport_trigger(shared, conn, Some(&reference_no)).await {
        return Err(response);
    }
    Ok(xact_id)
}

/// A cancellation made at once (`preauth_reversal`, `capture_reversal`): the body's transaction
/// (see [`reversal_start`]), refused with `not_kind` unless it is a successful `kind`, then
/// `cancel` with the state, its index and a copy of it, under one lock.
async fn cancel_at_once(
    shared: &Shared,
    conn: &ConnToken,
    request: &ReversalBody,
    (kind, not_kind): (u8, &str),
    cancel: impl FnOnce(&mut State, usize, Tx) -> Response,
) -> Response {
    let xact_id = match reversal_start(shared, conn, request).await {
        Ok(v) => v,
        Err(response) => return response,
    };
    let mut state = shared.lock();
    let Some(index) = state.by_xact_id(&xact_id) else {
        return no_such_transaction();
    };
    let Some(original) = state.ledger.get(index).cloned() else {
        return no_such_transaction();
    };
    if original.kind != kind || !original.is_succeed {
        return refused(19, not_kind);
    }
    cancel(&mut state, index, original)
}

/// The cancellation (of kind `kind`) of `original`: its card, amount, fees, agent and user, 3-D,
/// instalments and reference, with `original` as its parent and `note`.
fn cancellation(state: &mut State, original: &Tx, kind: u8, note: String) -> Tx {
    let mut tx = state.new_tx(
        kind,
        Channel::Api,
        original.card.clone(),
        original.amount,
        false,
    );
    tx.fees = original.fees;
    tx.agent_id = original.agent_id.clone();
    tx.user_id = original.user_id.clone();
    tx.is_tds = original.is_tds;
    tx.instalment = original.instalment;
    tx.reference_no = original.reference_no.clone();
    tx.parent = Some(original.id.clone());
    tx.note = note;
    tx
}

/// `POST /v1/transaction/reversed_request`: a cancellation (same day, in full) or a refund
/// request, decided later.
pub(crate) async fn reversed_request(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, _): Paynet<ReversalBody>,
) -> Response {
    let xact_id = match reversal_start(&shared, &conn, &request).await {
        Ok(v) => v,
        Err(response) => return response,
    };
    let amount = match refund_amount(request.amount.as_ref()) {
        Ok(a) => a,
        Err(message) => return invalid_request(message),
    };
    let succeed_url = match present(&request.succeed_url) {
        None => None,
        Some(url) => match loopback_url(url) {
            Some(u) => Some(u),
            None => {
                return invalid_request(
                    "succeedUrl simülatörde yalnızca yerel bir http adresi olabilir \
                     (127.0.0.1, [::1] veya localhost)",
                );
            }
        },
    };
    let index = {
        let mut state = shared.lock();
        let Some(tx) = state
            .by_xact_id(&xact_id)
            .and_then(|i| state.ledger.get(i))
            .cloned()
        else {
            return no_such_transaction();
        };
        if tx.kind != SALE && tx.kind != CAPTURE {
            return refused(
                19,
                "Yalnızca satış ve finansallaştırma işlemleri iade edilebilir \
                 (ön provizyon için preauth_reversal, finansallaştırma iptali için capture_reversal)",
            );
        }
        if !tx.is_succeed {
            return refused(6, "Başarısız bir işlem iptal/iade edilemez");
        }
        let left = tx
            .refundable()
            .saturating_sub(state.pending_reversals(&tx.id));
        if left == 0 {
            return refused(11, "Bu işlemin iade edilecek tutarı kalmadı");
        }
        let same_day = clock::local_day(tx.ticks) == state.today();
        let amount = amount.unwrap_or(left);
        if same_day && amount != tx.amount {
            return refused(11, "Aynı gün içinde kısmi iade yapılamaz");
        }
        if amount > left {
            return refused(
                11,
                &format!(
                    "İade tutarı iade edilebilecek tutarı ({} TL) aşamaz",
                    Money(left).text('.')
                ),
            );
        }
        let ids = state.next_ids();
        let deny =
            state.deny_reversals || tx.reference_no.starts_with(triggers::REFUND_DENY_PREFIX);
        let seq = state.reversals.len();
        state.reversals.push(ReversalRequest {
            seq,
            original: tx.id.clone(),
            amount,
            cancel: same_day,
            entry_ticks: ids.ticks,
            status: ReversalStatus::Pending,
            reversal_id: ids.id,
            reversal_xact_id: ids.xact_id,
            n: ids.n,
            succeed_url,
            deny,
        });
        seq
    };
    if shared.reversal_delay.is_zero() {
        let callback = shared.lock().decide_reversal(index);
        let shared = Arc::clone(&shared);
        tokio::spawn(async move { deliver(&shared, callback).await });
    } else {
        tokio::spawn(decide_later(Arc::clone(&shared), index));
    }
    wire::json(
        StatusCode::OK,
        &PayposResult {
            object_name: "transaction_reversed_request",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}

/// `POST /v1/transaction/preauth_reversal`: cancels a pre-authorisation that was not captured.
pub(crate) async fn preauth_reversal(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, _): Paynet<ReversalBody>,
) -> Response {
    let kind = (
        PRE_AUTH,
        "Yalnızca başarılı bir ön provizyon iptal edilebilir",
    );
    cancel_at_once(&shared, &conn, &request, kind, |state, index, pre_auth| {
        if pre_auth.reversed {
            return refused(19, "Bu ön provizyon daha önce iptal edilmiş");
        }
        let captured = state.ledger.iter().any(|t| {
            t.kind == CAPTURE
                && t.is_succeed
                && !t.reversed
                && t.parent.as_ref() == Some(&pre_auth.id)
        });
        if captured {
            return refused(
                19,
                "Finansallaştırılmış bir ön provizyon iptal edilemez (önce capture_reversal)",
            );
        }
        let note = format!("{} ön provizyonunun iptali", pre_auth.xact_id);
        let tx = cancellation(state, &pre_auth, PRE_AUTH_REVERSAL, note);
        if let Some(p) = state.ledger.get_mut(index) {
            p.remaining = 0;
            p.reversed = true;
            p.reversed_xact_id = tx.xact_id.clone();
        }
        state.push(tx);
        wire::json(
            StatusCode::OK,
            &PayposResult {
                object_name: "transaction_preauth_reversed_request",
                code: 0,
                message: SUCCESS_MESSAGE,
            },
        )
    })
    .await
}

/// `POST /v1/transaction/capture_reversal`: cancels a capture; its amount can be captured again.
pub(crate) async fn capture_reversal(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, _): Paynet<ReversalBody>,
) -> Response {
    let kind = (
        CAPTURE,
        "Yalnızca başarılı bir finansallaştırma iptal edilebilir",
    );
    cancel_at_once(&shared, &conn, &request, kind, |state, index, capture| {
        if capture.reversed || capture.refunded > 0 {
            return refused(19, "Bu finansallaştırma daha önce iptal veya iade edilmiş");
        }
        let note = format!("{} finansallaştırmasının iptali", capture.xact_id);
        let mut tx = cancellation(state, &capture, CAPTURE_REVERSAL, note);
        tx.email = capture.email.clone();
        tx.phone = capture.phone.clone();
        if capture.reference_no.starts_with(triggers::DECLINE_PREFIX) {
            tx.decline(
                "Banka finansallaştırma iptalini onaylamadı (paynet-sim DECLINE tetikleyicisi).",
            );
            let shape = tx.capture_shape(1, FAILURE_MESSAGE, true);
            state.push(tx);
            return wire::json(StatusCode::OK, &shape);
        }
        if let Some(c) = state.ledger.get_mut(index) {
            c.reversed = true;
            c.refunded = c.amount;
            c.reversed_xact_id = tx.xact_id.clone();
        }
        if let Some(parent) = capture
            .parent
            .as_deref()
            .and_then(|id| state.by_id(id))
            .and_then(|i| state.ledger.get_mut(i))
        {
            parent.remaining = parent.remaining.saturating_add(capture.amount);
        }
        let shape = tx.capture_shape(0, SUCCESS_MESSAGE, true);
        state.push(tx);
        wire::json(StatusCode::OK, &shape)
    })
    .await
}
