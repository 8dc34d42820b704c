//! Wire shapes: the JSON bodies the simulator writes, and the helpers that write them.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer, ser::Error as _};
use serde_json::value::RawValue;

/// A decimal written as an exact JSON number (`56.55`, never `"56.55"` nor `56.549999`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Num(pub(crate) Decimal);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // `Decimal`'s Display never uses an exponent, so its text is a valid JSON number.
        let raw =
            RawValue::from_string(self.0.normalize().to_string()).map_err(S::Error::custom)?;
        raw.serialize(serializer)
    }
}

/// A transaction as `/v1/transaction/capture` returns it (every field of the capture page, in its
/// order).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CaptureTx {
    pub(crate) xact_id: String,
    pub(crate) xact_date: String,
    pub(crate) transaction_type: u8,
    pub(crate) pos_type: u8,
    pub(crate) is_tds: bool,
    pub(crate) agent_id: String,
    pub(crate) user_id: String,
    pub(crate) email: String,
    pub(crate) phone: String,
    pub(crate) bank_id: String,
    pub(crate) instalment: u32,
    pub(crate) ratio: Num,
    pub(crate) card_no_masked: String,
    pub(crate) card_holder: String,
    pub(crate) amount: Num,
    pub(crate) net_amount: Num,
    pub(crate) comission: Num,
    pub(crate) comission_tax: Num,
    pub(crate) currency: String,
    pub(crate) authorization_code: String,
    pub(crate) reference_code: String,
    pub(crate) order_id: String,
    pub(crate) is_succeed: bool,
    pub(crate) paynet_error_id: String,
    pub(crate) paynet_error_message: String,
    pub(crate) bank_error_id: String,
    pub(crate) bank_error_message: String,
    pub(crate) bank_error_short_desc: String,
    pub(crate) bank_error_long_desc: String,
    pub(crate) object_name: String,
    pub(crate) code: u32,
    pub(crate) message: String,
}

impl CaptureTx {
    /// A transaction with every field empty (zero amounts, no ids), to fill in.
    pub(crate) fn empty() -> CaptureTx {
        let zero = Num(Decimal::ZERO);
        CaptureTx {
            xact_id: String::new(),
            xact_date: String::new(),
            transaction_type: 4,
            pos_type: 5,
            is_tds: false,
            agent_id: String::new(),
            user_id: String::new(),
            email: String::new(),
            phone: String::new(),
            bank_id: String::new(),
            instalment: 0,
            ratio: zero,
            card_no_masked: String::new(),
            card_holder: String::new(),
            amount: zero,
            net_amount: zero,
            comission: zero,
            comission_tax: zero,
            currency: "TRY".to_owned(),
            authorization_code: String::new(),
            reference_code: String::new(),
            order_id: String::new(),
            is_succeed: true,
            paynet_error_id: String::new(),
            paynet_error_message: String::new(),
            bank_error_id: String::new(),
            bank_error_message: String::new(),
            bank_error_short_desc: String::new(),
            bank_error_long_desc: String::new(),
            object_name: "transaction".to_owned(),
            code: 0,
            message: String::new(),
        }
    }
}

/// A transaction as `/v1/softpos/check_transaction` returns it in `Data` (section 4.3 of the
/// reference: `card_no`, `card_type`, and `netAmount` in camelCase).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CheckTx {
    pub(crate) xact_id: String,
    pub(crate) xact_date: String,
    pub(crate) transaction_type: u8,
    pub(crate) pos_type: u8,
    pub(crate) agent_id: String,
    pub(crate) is_tds: bool,
    pub(crate) bank_id: String,
    pub(crate) instalment: u32,
    pub(crate) card_no: String,
    pub(crate) card_holder: String,
    pub(crate) card_type: String,
    pub(crate) ratio: Num,
    pub(crate) amount: Num,
    #[serde(rename = "netAmount")]
    pub(crate) net_amount: Num,
    pub(crate) comission: Num,
    pub(crate) comission_tax: Num,
    pub(crate) currency: String,
    pub(crate) authorization_code: String,
    pub(crate) reference_code: String,
    pub(crate) order_id: String,
    pub(crate) is_succeed: bool,
    pub(crate) xact_transaction_id: String,
    pub(crate) email: String,
    pub(crate) phone: String,
    pub(crate) note: String,
    pub(crate) agent_reference: String,
}

/// The body of `/v1/softpos/check_transaction`.
#[derive(Debug, Serialize)]
pub(crate) struct CheckResponse<'a> {
    #[serde(rename = "Data")]
    pub(crate) data: Vec<&'a CheckTx>,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// The body of `init_sale_transaction` and `init_reversal_transaction`.
#[derive(Debug, Serialize)]
pub(crate) struct PaymentSessionResponse<'a> {
    pub(crate) payment_session_id: &'a str,
    pub(crate) deeplink_url: String,
    pub(crate) encryption_key: &'a str,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// The body of `/v1/agent/get_auth_key`.
#[derive(Debug, Serialize)]
pub(crate) struct AuthKeyResponse {
    pub(crate) session_key: String,
    pub(crate) expired_date: String,
    pub(crate) agent_id: String,
    pub(crate) company_code: String,
    pub(crate) user_id: String,
    pub(crate) user_unique_id: String,
    pub(crate) is_okc_inquiry: bool,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// A PayPOS result body without data: `{object_name, code, message}` (logout's answer, and the
/// PayPOS 400 error shape).
#[derive(Debug, Serialize)]
pub(crate) struct PayposResult<'a> {
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'a str,
}

/// Paynet's non-200 error shape: `{type, message, code, result_code}`.
#[derive(Debug, Serialize)]
struct PaynetError<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    message: &'a str,
    code: u16,
    result_code: u32,
}

/// A JSON response with the given status.
pub(crate) fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    match serde_json::to_string(body) {
        Ok(text) => json_text(status, text),
        Err(_) => json_text(
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"{"type":"api_error","message":"Simulator could not encode its response","code":500,"result_code":8}"#
                .to_owned(),
        ),
    }
}

/// A response whose body is already JSON text.
fn json_text(status: StatusCode, text: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        text,
    )
        .into_response()
}

/// Paynet's `{type, message, code, result_code}` error, where `code` is the HTTP status.
pub(crate) fn paynet_error(
    status: StatusCode,
    kind: &'static str,
    message: &str,
    result_code: u32,
) -> Response {
    json(
        status,
        &PaynetError {
            kind,
            message,
            code: status.as_u16(),
            result_code,
        },
    )
}

/// The PayPOS error: HTTP 400 with `{"object_name":"error","code":..,"message":..}`.
pub(crate) fn paypos_error(code: u32, message: &str) -> Response {
    json(
        StatusCode::BAD_REQUEST,
        &PayposResult {
            object_name: "error",
            code,
            message,
        },
    )
}

/// The `FAIL500` answer: an HTML page, like a proxy or an IIS error page would send.
pub(crate) fn html_500() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        "<!DOCTYPE html>\n<html><head><title>500 - Internal server error.</title></head>\n\
         <body><h1>Server Error</h1><h2>500 - Internal server error.</h2>\n\
         <p>There is a problem with the resource you are looking for, and it cannot be displayed.</p>\n\
         <!-- paynet-sim FAIL500 trigger --></body></html>\n",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_exact() {
        #[derive(Serialize)]
        struct T {
            a: Num,
            b: Num,
            c: Num,
            d: Num,
        }
        let t = T {
            a: Num(Decimal::new(5655, 2)),
            b: Num(Decimal::new(1000, 2)),
            c: Num(Decimal::new(199, 4)),
            d: Num(Decimal::ZERO),
        };
        assert_eq!(
            serde_json::to_string(&t).ok().as_deref(),
            Some(r#"{"a":56.55,"b":10,"c":0.0199,"d":0}"#)
        );
    }
}
