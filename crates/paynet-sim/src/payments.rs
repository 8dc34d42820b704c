//! The direct card payment: `POST /v2/transaction/payment` (pay), without 3-D Secure.

use std::sync::Arc;

use axum::{
    extract::{ConnectInfo, State as AxState},
    http::StatusCode,
    response::Response,
};

use crate::{
    conn::ConnToken,
    extract::Paynet,
    http::{Shared, invalid_request, transport_trigger},
    ledger::Channel,
    payment_request::{PaymentRequest, check_kind, read_card},
    wire::{self, EARLIER_SUCCESS_MESSAGE, message_of},
};

/// `POST /v2/transaction/payment`.
pub(crate) async fn pay(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, _): Paynet<PaymentRequest>,
) -> Response {
    if let Err(message) = request.check() {
        return invalid_request(message);
    }
    let reference_no = request.reference_no.clone().unwrap_or_default();
    if let Some(response) = transport_trigger(&shared, &conn, Some(&reference_no)).await {
        return response;
    }
    let comma = shared.v2_comma;
    let mut state = shared.lock();
    if let Some(earlier) = state.earlier_payment(&reference_no) {
        let tx = earlier.v2_shape(100, EARLIER_SUCCESS_MESSAGE, comma);
        return wire::json(StatusCode::OK, &tx);
    }
    let card = match read_card(&state, &request, comma) {
        Ok(card) => card,
        Err(refusal) => return *refusal,
    };
    let checked = request.order(card);
    let kind = match check_kind(&state, &checked, Channel::Api, comma) {
        Ok(kind) => kind,
        Err(refusal) => return *refusal,
    };
    let order = checked.order;
    if order.card.behaviour.needs_3d() {
        let message =
            "Bu kart ile 3D Secure olmadan ödeme yapılamaz: tds_initial ile 3D ödeme başlatın";
        let tx = state.order_refusal(&order, kind, Channel::Api, 16, message);
        return wire::json(StatusCode::OK, &tx.v2_shape(16, message, comma));
    }
    let (index, code) = state.charge(&order, kind, Channel::Api);
    if let Some(save) = request.card_save() {
        state.save_after_payment(index, &save);
    }
    match state.ledger.get(index) {
        Some(tx) => wire::json(StatusCode::OK, &tx.v2_shape(code, message_of(code), comma)),
        None => invalid_request("İşlem kaydedilemedi"),
    }
}
