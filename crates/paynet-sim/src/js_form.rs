//! Paynet.js: the simulator's stand-in for its payment form (`POST /sim/js_payment`, and
//! [`Simulator::start_js_payment`](crate::Simulator::start_js_payment) from Rust), and the charge
//! of the session the form made (`POST /v1/transaction/charge`): the stand-in's, or a token of
//! the browser scripts' `create_token` (`paynetj`), verified on the bank's page when it needs
//! 3-D.

use std::sync::Arc;

use axum::{
    extract::{ConnectInfo, State as AxState},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use crate::{
    cards::{Behaviour, Card, CardError, CardInput},
    conn::ConnToken,
    driving::{JsPayment, JsPaymentError, ThreeDStatus},
    extract::{NoKey, Paynet},
    http::{Shared, invalid_request, present, transport_trigger},
    ledger::{Channel, PRE_AUTH, SALE},
    lenient::{self, Number},
    model::{JsSession, Order},
    payment_request::{MAX_INSTALMENT, comma_tl},
    state::State,
    wire::{
        self, EARLIER_SUCCESS_MESSAGE, FAILURE_MESSAGE, JsPaymentResponse, SUCCESS_MESSAGE,
        message_of,
    },
};

/// Creates what Paynet.js's form would, after checking the card: a session to `charge`.
pub(crate) fn start_js(
    state: &mut State,
    payment: &JsPayment,
) -> Result<(String, String), JsPaymentError> {
    if payment.amount_kurus == 0 {
        return Err(JsPaymentError::InvalidAmount);
    }
    if payment.instalment > MAX_INSTALMENT {
        return Err(JsPaymentError::InvalidInstalment);
    }
    let input = CardInput {
        holder: Some(payment.card_holder.as_str()),
        pan: payment.pan.as_deref(),
        month: Some(payment.month),
        year: Some(payment.year),
        cvc: Some(payment.cvc.as_str()),
        card_hash: payment.card_hash.as_deref(),
    };
    // Card data, or a stored card looked up in the card store.
    let card = match state.read_card(&input, None) {
        Ok(card) => card,
        Err(CardError::Wrong(message)) => return Err(JsPaymentError::WrongCardData(message)),
        Err(CardError::UnknownHash | CardError::Missing) => {
            return Err(JsPaymentError::UnknownCardHash);
        }
    };
    let session_id = format!("js_EAAAA{}", state.rng.string(crate::clock::ALNUM, 40));
    let token_id = state.rng.uuid().to_uppercase();
    let order = Order {
        amount: payment.amount_kurus,
        add_commission: payment.add_comission_amount,
        instalment: payment.instalment,
        kind: SALE,
        reference_no: payment.reference_no.clone(),
        agent_id: None,
        description: payment.description.clone(),
        phone: String::new(),
        email: String::new(),
        ratio_code: payment.ratio_code.clone(),
        domain: String::new(),
        card,
    };
    state.js.push(JsSession {
        session_id: session_id.clone(),
        token_id: token_id.clone(),
        order,
        add_comission_amount: payment.add_comission_amount,
        ratio_code: payment.ratio_code.clone(),
        charged: None,
        three_d: None,
        wrong_passwords: 0,
    });
    Ok((session_id, token_id))
}

/// The body of `/sim/js_payment`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct JsPaymentRequest {
    #[serde(deserialize_with = "lenient::number")]
    amount: Option<Number>,
    #[serde(deserialize_with = "lenient::text")]
    pan: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_holder: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    month: Option<u32>,
    #[serde(deserialize_with = "lenient::int")]
    year: Option<u32>,
    #[serde(deserialize_with = "lenient::text")]
    cvc: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_hash: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    reference_no: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    instalment: Option<u32>,
    #[serde(deserialize_with = "lenient::flag")]
    add_comission_amount: Option<bool>,
    #[serde(deserialize_with = "lenient::text")]
    ratio_code: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    description: Option<String>,
}

/// The form's `data-amount`: kuruş digits, as a JSON string (`"1000"`) or integer (`1000`).
fn form_amount(amount: Option<&Number>) -> Option<u64> {
    amount?.kurus().filter(|n| *n > 0)
}

/// `POST /sim/js_payment`: the simulator's stand-in for Paynet.js (no key needed).
pub(crate) async fn js_payment(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(request, _): Paynet<JsPaymentRequest, NoKey>,
) -> Response {
    let Some(amount) = form_amount(request.amount.as_ref()) else {
        return invalid_request(
            "amount kuruş cinsinden zorunludur (data-amount: \"1000\" = 10,00 TL)",
        );
    };
    let mut payment = match (present(&request.pan), present(&request.card_hash)) {
        (Some(pan), _) => JsPayment::new(amount, pan),
        (None, Some(hash)) => JsPayment::stored_card(amount, hash),
        (None, None) => return invalid_request("pan veya card_hash zorunludur"),
    };
    if let Some(holder) = request.card_holder {
        payment = payment.card_holder(holder);
    }
    if let (Some(month), Some(year)) = (request.month, request.year) {
        payment = payment.expiry(month, year);
    }
    if let Some(cvc) = request.cvc {
        payment = payment.cvc(cvc);
    }
    if let Some(reference_no) = request.reference_no {
        payment = payment.reference_no(reference_no);
    }
    if let Some(n) = request.instalment {
        payment = payment.instalment(n);
    }
    if let Some(add) = request.add_comission_amount {
        payment = payment.add_comission_amount(add);
    }
    if let Some(code) = request.ratio_code {
        payment = payment.ratio_code(code);
    }
    if let Some(description) = request.description {
        payment = payment.description(description);
    }
    let started = start_js(&mut shared.lock(), &payment);
    match started {
        Ok((session_id, token_id)) => wire::json(
            StatusCode::OK,
            &JsPaymentResponse {
                session_id,
                token_id,
                object_name: "sim_js_payment",
                code: 0,
                message: SUCCESS_MESSAGE,
            },
        ),
        Err(JsPaymentError::WrongCardData(message)) => wire::paynet_error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            &message,
            18,
        ),
        Err(JsPaymentError::UnknownCardHash) => wire::paynet_error(
            StatusCode::BAD_REQUEST,
            "invalid_request_error",
            "Saklı kart bulunamadı (card_hash)",
            25,
        ),
        Err(e) => invalid_request(&e.to_string()),
    }
}

/// The body of `/v1/transaction/charge`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ChargeRequest {
    #[serde(deserialize_with = "lenient::text")]
    session_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    token_id: Option<String>,
    #[serde(deserialize_with = "lenient::number")]
    amount: Option<Number>,
    #[serde(deserialize_with = "lenient::int")]
    transaction_type: Option<u32>,
    #[serde(deserialize_with = "lenient::flag")]
    add_comission_amount: Option<bool>,
    #[serde(deserialize_with = "lenient::text")]
    ratio_code: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    reference_no: Option<String>,
}

/// A charge's `amount`: kuruş digits (`"1000"`, or the JSON integer `1000`) or comma TL
/// (`"10,00"`).
fn charge_amount(amount: Option<&Number>) -> Option<u64> {
    let amount = amount?;
    if amount.text.contains(',') {
        return comma_tl(&amount.text);
    }
    amount.kurus().filter(|n| *n > 0)
}

/// A charge's `transaction_type`: 1 or 3 (`"1"`, as documented, or `1`); absent is a sale. `Err`
/// for anything else.
fn charge_kind(kind: Option<u32>) -> Result<u8, ()> {
    match kind {
        None | Some(1) => Ok(SALE),
        Some(3) => Ok(PRE_AUTH),
        Some(_) => Err(()),
    }
}

/// `POST /v1/transaction/charge`.
pub(crate) async fn charge(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, _): Paynet<ChargeRequest>,
) -> Response {
    let (Some(session_id), Some(token_id)) =
        (present(&request.session_id), present(&request.token_id))
    else {
        return invalid_request("session_id ve token_id zorunludur");
    };
    let Some(amount) = charge_amount(request.amount.as_ref()) else {
        return invalid_request(
            "amount zorunludur: formun data-amount değeri, kuruş (\"1000\") veya TL (\"10,00\")",
        );
    };
    let Ok(kind) = charge_kind(request.transaction_type) else {
        return invalid_request(
            "transaction_type \"1\" (satış) veya \"3\" (ön provizyon) olmalıdır",
        );
    };
    let find = |state: &State| {
        state
            .js
            .iter()
            .position(|s| s.session_id == session_id && s.token_id == token_id)
    };
    let reference_no = {
        let state = shared.lock();
        match find(&state).and_then(|i| state.js.get(i)) {
            Some(s) => s.order.reference_no.clone(),
            None => {
                let message = "Ödeme oturumu bulunamadı (session_id / token_id)";
                let mut tx = state.refusal_tx(kind, Channel::Js, Card::unknown(), amount);
                tx.refuse(13, message);
                return wire::json(StatusCode::OK, &tx.charge_shape(13, message));
            }
        }
    };
    let trigger = present(&request.reference_no)
        .unwrap_or(&reference_no)
        .to_owned();
    if let Some(response) = transport_trigger(&shared, &conn, Some(&trigger)).await {
        return response;
    }
    let mut state = shared.lock();
    let Some(index) = find(&state) else {
        return invalid_request("Ödeme oturumu bulunamadı");
    };
    let Some(session) = state.js.get(index) else {
        return invalid_request("Ödeme oturumu bulunamadı");
    };
    let (charged, order, three_d) = (
        session.charged.clone(),
        session.order.clone(),
        session.three_d,
    );
    let form_matches = amount == order.amount
        && request
            .add_comission_amount
            .is_none_or(|a| a == session.add_comission_amount)
        && request
            .ratio_code
            .as_ref()
            .is_none_or(|c| *c == session.ratio_code);
    if let Some(tx) = charged.and_then(|id| state.by_id(&id).and_then(|i| state.ledger.get(i))) {
        let body = if tx.is_succeed {
            tx.charge_shape(100, EARLIER_SUCCESS_MESSAGE)
        } else {
            tx.charge_shape(1, FAILURE_MESSAGE)
        };
        return wire::json(StatusCode::OK, &body);
    }
    if !form_matches {
        let message = "Tutar, komisyon veya oran kodu ödeme formundakiyle uyuşmuyor";
        let tx = state.order_refusal(&order, kind, Channel::Js, 15, message);
        return wire::json(StatusCode::OK, &tx.charge_shape(15, message));
    }
    // A token of `create_token` that needed the bank's 3-D page: verified there, or code 16.
    if let Some(status) = three_d.filter(|s| *s != ThreeDStatus::Verified) {
        let message = if status == ThreeDStatus::Declined {
            "3D doğrulaması başarısız"
        } else {
            "3D doğrulaması tamamlanmadı"
        };
        let mut tx = state.order_refusal(&order, kind, Channel::Js, 16, message);
        tx.is_tds = true;
        return wire::json(StatusCode::OK, &tx.charge_shape(16, message));
    }
    if three_d.is_none() && order.card.behaviour == Behaviour::ThreeDDecline {
        let message = "3D doğrulaması başarısız";
        let mut tx = state.order_refusal(&order, kind, Channel::Js, 16, message);
        tx.is_tds = true;
        return wire::json(StatusCode::OK, &tx.charge_shape(16, message));
    }
    let (tx_index, code) = state.charge(&order, kind, Channel::Js);
    // The card its `create_token` asked to save (`save_card`), saved now that it is charged.
    if let Some(save) = state.card_store.take_save(token_id) {
        state.save_after_payment(tx_index, &save);
    }
    if let Some(tx) = state.ledger.get_mut(tx_index)
        && three_d.is_some()
    {
        // Through the bank's 3-D page, whatever the card.
        tx.is_tds = true;
    }
    let tx_id = state.ledger.get(tx_index).map(|t| t.id.clone());
    if let Some(session) = state.js.get_mut(index) {
        session.charged = tx_id;
        if session.three_d.is_some() {
            session.three_d = Some(ThreeDStatus::Charged);
        }
    }
    match state.ledger.get(tx_index) {
        Some(tx) => wire::json(StatusCode::OK, &tx.charge_shape(code, message_of(code))),
        None => invalid_request("İşlem kaydedilemedi"),
    }
}
