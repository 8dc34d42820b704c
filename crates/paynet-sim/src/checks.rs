//! Looking transactions up: `POST /v1/transaction/check` (check_payment, by `xact_id` or
//! `reference_no`) and `POST /v1/transaction/detail` (payment_detail, by any of its ids).

use std::sync::Arc;

use axum::{
    extract::{ConnectInfo, State as AxState},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use crate::{
    conn::ConnToken,
    extract::Paynet,
    http::{Shared, invalid_request, present, transport_trigger},
    ledger::Tx,
    lenient,
    wire::{self, DataResponse, SUCCESS_MESSAGE},
};

/// The body of `/v1/transaction/check`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct PaymentCheckRequest {
    #[serde(deserialize_with = "lenient::text")]
    xact_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    reference_no: Option<String>,
}

/// `POST /v1/transaction/check`.
pub(crate) async fn check_payment(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, _): Paynet<PaymentCheckRequest>,
) -> Response {
    let (xact_id, reference_no) = (present(&request.xact_id), present(&request.reference_no));
    if xact_id.is_none() && reference_no.is_none() {
        return invalid_request("xact_id veya reference_no alanlarından en az biri zorunludur");
    }
    if let Some(response) = transport_trigger(&shared, &conn, reference_no).await {
        return response;
    }
    let data: Vec<_> = shared
        .lock()
        .matching(xact_id, reference_no)
        .into_iter()
        .map(|t| t.check_shape(true))
        .collect();
    let (code, message) = match data.is_empty() {
        true => (12, "İşlem bulunamadı"),
        false => (0, SUCCESS_MESSAGE),
    };
    wire::json(
        StatusCode::OK,
        &DataResponse {
            data,
            object_name: "transaction_check",
            code,
            message,
        },
    )
}

/// The body of `/v1/transaction/detail`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct DetailRequest {
    #[serde(deserialize_with = "lenient::text")]
    id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    xact_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    xact: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    reference_no: Option<String>,
}

/// `POST /v1/transaction/detail`.
pub(crate) async fn detail(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, _): Paynet<DetailRequest>,
) -> Response {
    let id = present(&request.id);
    let xact_id = present(&request.xact_id);
    let xact = present(&request.xact);
    let reference_no = present(&request.reference_no);
    if id.is_none() && xact_id.is_none() && xact.is_none() && reference_no.is_none() {
        return invalid_request(
            "id, xact_id, xact veya reference_no alanlarından en az biri zorunludur",
        );
    }
    if let Some(response) = transport_trigger(&shared, &conn, reference_no).await {
        return response;
    }
    let data: Vec<_> = shared
        .lock()
        .select(|t| {
            id.is_some_and(|v| v == t.id)
                || xact.is_some_and(|v| v == t.id)
                || xact_id.is_some_and(|v| v == t.xact_id)
                || reference_no.is_some_and(|v| v == t.reference_no)
        })
        .into_iter()
        .map(Tx::detail_shape)
        .collect();
    let (code, message) = match data.is_empty() {
        true => (12, "İşlem bulunamadı"),
        false => (0, SUCCESS_MESSAGE),
    };
    wire::json(
        StatusCode::OK,
        &DataResponse {
            data,
            object_name: "transaction_detail",
            code,
            message,
        },
    )
}
