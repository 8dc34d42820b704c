//! PayPOS SoftPOS under a `Session-Key`: starting a sale that waits for a card
//! (`init_sale_transaction`), checking it (`check_transaction`), and reversing it
//! (`init_reversal_transaction`).

use std::sync::Arc;

use axum::{
    extract::{ConnectInfo, State as AxState},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::{
    conn::ConnToken,
    extract::{Credential, Paynet},
    http::{Shared, header_str, present, transport_trigger},
    ledger::{Channel, REVERSAL},
    lenient::{self, Number},
    model::{Payment, PaymentKind, Session},
    triggers,
    wire::{self, DataResponse, PaymentSessionResponse, SUCCESS_MESSAGE},
};

/// The largest amount init_sale accepts, in TL.
fn max_sale_amount() -> Decimal {
    Decimal::new(1_000_000_000, 0)
}

/// TL from kuruş.
fn tl(kurus: u64) -> Decimal {
    Decimal::from_i128_with_scale(i128::from(kurus), 2)
}

/// Kuruş from a TL amount with at most two decimals.
fn kurus_of(amount: Decimal) -> u64 {
    let mut a = amount;
    a.rescale(2);
    u64::try_from(a.mantissa()).unwrap_or(0)
}

/// The SoftPOS routes' credential: the session of a valid `Session-Key` header (a PayPOS 400
/// with code 7 without one; a PayPOS 400 with code 11 for a body that cannot be read).
#[derive(Debug)]
pub(crate) struct SessionKey(Session);

impl Credential for SessionKey {
    fn check(shared: &Shared, headers: &HeaderMap) -> Result<Self, Box<Response>> {
        let key = header_str(headers, "session-key").unwrap_or("");
        match shared.lock().sessions.get(key) {
            Some(session) => Ok(SessionKey(session.clone())),
            None => Err(Box::new(wire::paypos_error(
                7,
                "Geçersiz veya süresi dolmuş oturum anahtarı (Session-Key)",
            ))),
        }
    }

    fn bad_body(message: &str) -> Response {
        wire::paypos_error(11, message)
    }
}

/// The body of `/v1/softpos/init_sale_transaction`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct InitSaleRequest {
    #[serde(deserialize_with = "lenient::number")]
    amount: Option<Number>,
    #[serde(deserialize_with = "lenient::flag")]
    add_commission: Option<bool>,
    #[serde(deserialize_with = "lenient::int")]
    instalment: Option<u32>,
    #[serde(deserialize_with = "lenient::text")]
    card_holder_phone: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    card_holder_mail: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    description: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    reference_no: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    selected_agent_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    callback_url: Option<String>,
}

/// An init_sale `amount`: TL with a dot (a JSON number, `149.90`, or the same as a string),
/// positive, with at most two decimals, read exactly.
fn sale_amount(amount: Option<&Number>) -> Result<Decimal, &'static str> {
    let Some(amount) = amount else {
        return Err("amount zorunludur (TL cinsinden bir sayı, örn. 149.90)");
    };
    let amount = amount
        .decimal()
        .ok_or("amount TL cinsinden bir sayı olmalıdır (örn. 149.90)")?;
    if amount <= Decimal::ZERO {
        return Err("amount sıfırdan büyük olmalıdır");
    }
    if amount.scale() > 2 {
        return Err("amount en fazla iki ondalık basamak içerebilir");
    }
    if amount > max_sale_amount() {
        return Err("amount çok büyük");
    }
    Ok(amount)
}

/// `POST /v1/softpos/init_sale_transaction`.
pub(crate) async fn init_sale(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, SessionKey(session)): Paynet<InitSaleRequest, SessionKey>,
) -> Response {
    let amount = match sale_amount(request.amount.as_ref()) {
        Ok(a) => a,
        Err(message) => return wire::paypos_error(11, message),
    };
    let reference_no = request.reference_no.clone().unwrap_or_default();
    if let Some(response) = transport_trigger(&shared, &conn, Some(reference_no.as_str())).await {
        return response;
    }
    let force_decline = reference_no.starts_with(triggers::DECLINE_PREFIX)
        || amount == tl(triggers::DECLINE_AMOUNT_KURUS);
    let mut state = shared.lock();
    let (id, encryption_key) = state.new_payment_ids();
    let payment = Payment {
        id,
        kind: PaymentKind::Sale,
        encryption_key,
        amount: kurus_of(amount),
        add_commission: request.add_commission.unwrap_or(false),
        instalment: request.instalment.unwrap_or(0),
        reference_no,
        description: request.description.unwrap_or_default(),
        phone: request.card_holder_phone.unwrap_or_default(),
        email: request.card_holder_mail.unwrap_or_default(),
        agent_id: present(&request.selected_agent_id)
            .map(str::to_owned)
            .unwrap_or(session.agent_id),
        force_decline,
        outcome: None,
    };
    // The callback URL is where PayPOS would send the app back; the simulator has no app to
    // send back to, so it is accepted and not used.
    let _ = request.callback_url;
    let response = payment_session_response(&payment, "sale");
    state.payments.push(payment);
    response
}

/// The six fields of init_sale / init_reversal.
fn payment_session_response(payment: &Payment, action: &str) -> Response {
    wire::json(
        StatusCode::OK,
        &PaymentSessionResponse {
            payment_session_id: &payment.id,
            deeplink_url: format!("paypos://{action}?payment_session_id={}", payment.id),
            encryption_key: &payment.encryption_key,
            object_name: "payment_session",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}

/// The body of `/v1/softpos/check_transaction`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct CheckRequest {
    #[serde(deserialize_with = "lenient::text")]
    payment_session_id: Option<String>,
}

/// `POST /v1/softpos/check_transaction`.
pub(crate) async fn check_transaction(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, _): Paynet<CheckRequest, SessionKey>,
) -> Response {
    let Some(id) = present(&request.payment_session_id) else {
        return wire::paypos_error(11, "payment_session_id zorunludur");
    };
    if let Some(response) = transport_trigger(&shared, &conn, Some(id)).await {
        return response;
    }
    let state = shared.lock();
    let payment = state.payments.iter().find(|p| p.id == id);
    let outcome = payment.and_then(|p| p.outcome.as_deref());
    let tx = outcome.and_then(|tx_id| state.by_id(tx_id).and_then(|i| state.ledger.get(i)));
    let (data, code, message) = match (payment, tx) {
        (Some(_), Some(tx)) => (vec![tx.check_shape(false)], 0, SUCCESS_MESSAGE),
        (Some(_), None) => (Vec::new(), 12, "İşlem henüz tamamlanmadı: kart okutulmadı"),
        (None, _) => (Vec::new(), 12, "Bu payment_session_id ile işlem bulunamadı"),
    };
    wire::json(
        StatusCode::OK,
        &DataResponse {
            data,
            object_name: "transaction_list",
            code,
            message,
        },
    )
}

/// The body of `/v1/softpos/init_reversal_transaction`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct InitReversalRequest {
    #[serde(deserialize_with = "lenient::text")]
    xact_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    reference_no: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    callback_url: Option<String>,
}

/// `POST /v1/softpos/init_reversal_transaction`.
pub(crate) async fn init_reversal(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, SessionKey(session)): Paynet<InitReversalRequest, SessionKey>,
) -> Response {
    let Some(xact_id) = present(&request.xact_id) else {
        return wire::paypos_error(11, "xact_id zorunludur");
    };
    let reference_no = request.reference_no.clone().unwrap_or_default();
    if let Some(response) = transport_trigger(&shared, &conn, Some(reference_no.as_str())).await {
        return response;
    }
    let _ = request.callback_url;
    let declined = reference_no.starts_with(triggers::DECLINE_PREFIX);

    let mut state = shared.lock();
    let original = state.payments.iter().find_map(|p| {
        let tx_id = p.outcome.as_deref()?;
        let index = state.by_id(tx_id)?;
        let tx = state.ledger.get(index)?;
        (p.kind == PaymentKind::Sale && tx.xact_id == xact_id).then_some(index)
    });
    let Some(sale) = original.and_then(|i| state.ledger.get(i)).cloned() else {
        return wire::paypos_error(12, "İptal/iade edilecek işlem bulunamadı");
    };
    if !sale.is_succeed {
        return wire::paypos_error(6, "Başarısız bir işlem iptal/iade edilemez");
    }
    if sale.reversed {
        return wire::paypos_error(5, "Bu işlem daha önce iptal/iade edilmiş");
    }
    let mut tx = state.new_tx(
        REVERSAL,
        Channel::PayPos,
        sale.card.clone(),
        sale.amount,
        false,
    );
    tx.fees = sale.fees;
    tx.agent_id = session.agent_id.clone();
    tx.instalment = sale.instalment;
    tx.email = sale.email.clone();
    tx.phone = sale.phone.clone();
    tx.reference_no = reference_no.clone();
    tx.note = format!("{} işleminin iptali/iadesi", sale.xact_id);
    tx.parent = Some(sale.id.clone());
    if declined {
        tx.decline("Kart sahibinin bankası iptali onaylamadı (paynet-sim DECLINE tetikleyicisi).");
    }
    let (id, encryption_key) = state.new_payment_ids();
    let payment = Payment {
        id,
        kind: PaymentKind::Reversal,
        encryption_key,
        amount: sale.amount,
        add_commission: false,
        instalment: sale.instalment,
        reference_no,
        description: tx.note.clone(),
        phone: sale.phone.clone(),
        email: sale.email.clone(),
        agent_id: session.agent_id,
        force_decline: declined,
        outcome: Some(tx.id.clone()),
    };
    if !declined && let Some(original) = original.and_then(|i| state.ledger.get_mut(i)) {
        original.reversed = true;
        original.refunded = original.amount;
        original.reversed_xact_id = tx.xact_id.clone();
    }
    state.push(tx);
    let response = payment_session_response(&payment, "reversal");
    state.payments.push(payment);
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lenient::amount_of as amount;

    #[test]
    fn sale_amounts() {
        let read = |json: &str| sale_amount(amount(json).as_ref());
        assert_eq!(read("149.90"), Ok(Decimal::new(1499, 1)));
        assert_eq!(read("\"149.90\""), Ok(Decimal::new(1499, 1)));
        assert_eq!(read("100"), Ok(Decimal::new(100, 0)));
        assert_eq!(read("1.5e2"), Ok(Decimal::new(150, 0)));
        assert_eq!(read("0.10"), Ok(Decimal::new(1, 1)));
        assert!(read("0.001").is_err());
        assert!(read("0").is_err());
        assert!(read("-5").is_err());
        assert!(read("\"149,90\"").is_err());
        assert!(sale_amount(None).is_err());
    }
}
