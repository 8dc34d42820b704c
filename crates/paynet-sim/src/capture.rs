//! Capturing a pre-authorisation: `POST /v1/transaction/capture`.

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
    lenient::{self, Number},
    state::{CaptureOutcome, PreAuthKey},
    triggers, wire,
};

/// The body of `/v1/transaction/capture`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct CaptureRequest {
    #[serde(deserialize_with = "lenient::text")]
    xact_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    xact: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    reference_no: Option<String>,
    #[serde(deserialize_with = "lenient::number")]
    amount: Option<Number>,
}

/// `amount` of a capture: kuruş digits (`"1000"`, or the JSON integer `1000`); empty or absent
/// means "all that is left".
fn capture_amount(amount: Option<&Number>) -> Result<Option<u64>, &'static str> {
    let Some(amount) = amount else {
        return Ok(None);
    };
    match amount.kurus() {
        None => Err("amount yalnızca rakam içermelidir (kuruş: \"10.00 TL\" => \"1000\")"),
        Some(0) => Err("amount sıfırdan büyük olmalıdır"),
        Some(n) => Ok(Some(n)),
    }
}

/// `POST /v1/transaction/capture`.
pub(crate) async fn capture(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, _): Paynet<CaptureRequest>,
) -> Response {
    let reference_no = present(&request.reference_no);
    let key = if let Some(v) = present(&request.xact_id) {
        PreAuthKey::XactId(v)
    } else if let Some(v) = present(&request.xact) {
        PreAuthKey::Xact(v)
    } else if let Some(v) = reference_no {
        PreAuthKey::ReferenceNo(v)
    } else {
        return invalid_request("xact_id, xact ve reference_no alanlarından en az biri zorunludur");
    };
    let amount = match capture_amount(request.amount.as_ref()) {
        Ok(a) => a,
        Err(message) => return invalid_request(message),
    };
    if let Some(response) = transport_trigger(&shared, &conn, reference_no).await {
        return response;
    }
    let force_decline = reference_no.is_some_and(|r| r.starts_with(triggers::DECLINE_PREFIX))
        || amount == Some(triggers::DECLINE_AMOUNT_KURUS);
    let outcome = shared
        .lock()
        .capture(key, amount, reference_no, force_decline);
    match outcome {
        CaptureOutcome::Tx(tx) => wire::json(StatusCode::OK, &tx),
        CaptureOutcome::NoData => wire::paynet_error(
            StatusCode::NOT_FOUND,
            "no_data_error",
            "Finansallaştırılacak ön provizyon bulunamadı",
            12,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lenient::amount_of as amount;

    #[test]
    fn capture_amounts() {
        assert_eq!(capture_amount(None), Ok(None));
        let read = |json: &str| capture_amount(amount(json).as_ref());
        assert_eq!(read("\"\""), Ok(None));
        assert_eq!(read("\"1000\""), Ok(Some(1000)));
        assert_eq!(read("1000"), Ok(Some(1000)));
        assert!(read("\"10.00\"").is_err());
        assert!(read("10.00").is_err());
        assert!(read("\"0\"").is_err());
    }
}
