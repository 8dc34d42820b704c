//! The smaller services on an existing transaction (secret key): adding information to it
//! (`add_info`), marking it transferred (`mark_transferred`), approving or rejecting it in escrow
//! (`escrow_status_update`), and the day's settlement report (`payment_list`).

use std::sync::Arc;

use axum::{
    extract::{ConnectInfo, State as AxState},
    http::StatusCode,
    response::Response,
};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::{
    clock,
    conn::ConnToken,
    extract::Paynet,
    fixtures::{AGENT_NAME, COMPANY_CODE, COMPANY_NAME},
    http::{Shared, invalid_request, no_such_transaction, present, refused, transport_trigger},
    ledger::{CAPTURE, POS_TYPE, RATIO_BP, SALE, Tx},
    lenient::{self, Number},
    state::State,
    wire::{self, Money, PayposResult, Ratio, SUCCESS_MESSAGE, SettlementList, SettlementRow},
};

/// The longest note, e-mail, agent reference and reference number `add_info` takes, and the
/// longest escrow note.
const MAX_TEXT: usize = 256;

/// How a request names its transaction.
#[derive(Debug, Clone, Copy)]
enum Key<'a> {
    /// The encrypted id.
    XactId(&'a str),
    /// The plain id (`xact`, detail's `id`).
    Xact(&'a str),
}

/// The index of the transaction `key` names.
fn locate(state: &State, key: Key<'_>) -> Option<usize> {
    match key {
        Key::XactId(v) => state.by_xact_id(v),
        Key::Xact(v) => state.by_id(v),
    }
}

/// Finds the transaction `key` names (404 if none) and runs the transport triggers on its
/// `reference_no`. Returns its index in the ledger (which only grows), or the answer to send.
async fn locate_and_trigger(
    shared: &Shared,
    conn: &ConnToken,
    key: Key<'_>,
) -> Result<usize, Response> {
    let (index, reference_no) = {
        let state = shared.lock();
        let index = locate(&state, key).ok_or_else(no_such_transaction)?;
        let reference_no = state
            .ledger
            .get(index)
            .map(|t| t.reference_no.clone())
            .unwrap_or_default();
        (index, reference_no)
    };
    if let Some(response) = transport_trigger(shared, conn, Some(&reference_no)).await {
        return Err(response);
    }
    Ok(index)
}

/// `{object_name, code: 0, message}`.
fn done(object_name: &'static str) -> Response {
    wire::json(
        StatusCode::OK,
        &PayposResult {
            object_name,
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}

/// Whether `text` looks like an e-mail address: `local@domain.tld`, no spaces.
fn email_like(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let well_formed =
        |s: &str| !s.is_empty() && !s.contains(char::is_whitespace) && !s.contains('@');
    well_formed(local)
        && well_formed(domain)
        && domain
            .split_once('.')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty() && !b.ends_with('.'))
}

/// Whether `text` looks like a phone number: an optional `+`, then 7 to 20 digits, spaces,
/// parentheses or dashes.
fn phone_like(text: &str) -> bool {
    let rest = text.strip_prefix('+').unwrap_or(text);
    (7..=20).contains(&rest.chars().count())
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '(' | ')' | '-'))
}

/// The body of `/v1/transaction/add_info`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct AddInfoRequest {
    #[serde(deserialize_with = "lenient::text")]
    xact_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    note: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    email: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    phone: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    agent_reference: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    reference_no: Option<String>,
}

impl AddInfoRequest {
    /// The checks that make it invalid (400), naming the field.
    fn check(&self) -> Result<(), &'static str> {
        let too_long =
            |v: &Option<String>| v.as_ref().is_some_and(|s| s.chars().count() > MAX_TEXT);
        if too_long(&self.note) {
            return Err("note en fazla 256 karakter olabilir");
        }
        if too_long(&self.agent_reference) {
            return Err("agent_reference en fazla 256 karakter olabilir");
        }
        if too_long(&self.reference_no) {
            return Err("reference_no en fazla 256 karakter olabilir");
        }
        if self
            .email
            .as_deref()
            .is_some_and(|e| e.chars().count() > MAX_TEXT || !email_like(e))
        {
            return Err("email geçerli bir e-posta adresi olmalıdır");
        }
        if self.phone.as_deref().is_some_and(|p| !phone_like(p)) {
            return Err("phone geçerli bir telefon numarası olmalıdır (örn. 05321234567)");
        }
        Ok(())
    }

    /// Writes the fields it carries on `tx` (absent or empty ones leave the transaction as is).
    fn apply(self, tx: &mut Tx) {
        if let Some(note) = self.note {
            tx.note = note;
        }
        if let Some(email) = self.email {
            tx.email = email;
        }
        if let Some(phone) = self.phone {
            tx.phone = phone;
        }
        if let Some(agent_reference) = self.agent_reference {
            tx.agent_reference = Some(agent_reference);
        }
        if let Some(reference_no) = self.reference_no {
            tx.reference_no = reference_no;
        }
    }
}

/// `POST /v1/transaction/add_info`.
pub(crate) async fn add_info(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, _): Paynet<AddInfoRequest>,
) -> Response {
    let Some(xact_id) = present(&request.xact_id).map(str::to_owned) else {
        return invalid_request("xact_id zorunludur");
    };
    if let Err(message) = request.check() {
        return invalid_request(message);
    }
    let index = match locate_and_trigger(&shared, &conn, Key::XactId(&xact_id)).await {
        Ok(index) => index,
        Err(response) => return response,
    };
    if let Some(tx) = shared.lock().ledger.get_mut(index) {
        request.apply(tx);
    }
    done("transaction_add_info")
}

/// A TL amount: a decimal with a dot (JSON number or numeric string), at most two decimals, not
/// negative (positive unless `zero_ok`). In kuruş.
fn tl_amount(amount: &Number, zero_ok: bool) -> Option<u64> {
    let value = amount.decimal()?;
    if value.scale() > 2 || value < Decimal::ZERO || (!zero_ok && value.is_zero()) {
        return None;
    }
    if value > Decimal::new(1_000_000_000, 0) {
        return None;
    }
    let mut kurus = value;
    kurus.rescale(2);
    u64::try_from(kurus.mantissa()).ok()
}

/// The body of `/v1/transaction/mark_transferred`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct MarkTransferredRequest {
    #[serde(deserialize_with = "lenient::text")]
    xact_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    document_no: Option<String>,
    #[serde(deserialize_with = "lenient::number")]
    amount: Option<Number>,
    #[serde(deserialize_with = "lenient::text")]
    currency: Option<String>,
    #[serde(deserialize_with = "lenient::number")]
    exchange_rate: Option<Number>,
}

impl MarkTransferredRequest {
    /// The checks that make it invalid (400), naming the field.
    fn check(&self) -> Result<(), &'static str> {
        if self
            .document_no
            .as_ref()
            .is_some_and(|d| d.chars().count() > 64)
        {
            return Err("document_no en fazla 64 karakter olabilir");
        }
        if self
            .amount
            .as_ref()
            .is_some_and(|a| tl_amount(a, false).is_none())
        {
            return Err("amount TL cinsinden pozitif bir sayı olmalıdır (en fazla iki ondalık)");
        }
        if self
            .currency
            .as_ref()
            .is_some_and(|c| c.chars().count() > 3 || !c.chars().all(|ch| ch.is_ascii_alphabetic()))
        {
            return Err("currency en fazla 3 harflik bir para birimi kodu olmalıdır (örn. TRY)");
        }
        let positive = |n: &Number| n.decimal().is_some_and(|d| d > Decimal::ZERO);
        if self.exchange_rate.as_ref().is_some_and(|r| !positive(r)) {
            return Err("exchange_rate pozitif bir sayı olmalıdır");
        }
        Ok(())
    }
}

/// `POST /v1/transaction/mark_transferred`.
pub(crate) async fn mark_transferred(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, _): Paynet<MarkTransferredRequest>,
) -> Response {
    let Some(xact_id) = present(&request.xact_id) else {
        return invalid_request("xact_id zorunludur");
    };
    if let Err(message) = request.check() {
        return invalid_request(message);
    }
    let index = match locate_and_trigger(&shared, &conn, Key::XactId(xact_id)).await {
        Ok(index) => index,
        Err(response) => return response,
    };
    let mut state = shared.lock();
    let Some(tx) = state.ledger.get_mut(index) else {
        return no_such_transaction();
    };
    if !tx.is_succeed {
        return refused(6, "Başarısız bir işlem aktarıldı olarak işaretlenemez");
    }
    tx.transferred = true;
    done("transaction_mark_transferred")
}

/// The body of `/v1/transaction/escrow_status_update`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct EscrowRequest {
    #[serde(deserialize_with = "lenient::text")]
    xact_id: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    xact: Option<i64>,
    #[serde(deserialize_with = "lenient::int")]
    status: Option<i64>,
    #[serde(deserialize_with = "lenient::text")]
    note: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    agent_id: Option<String>,
    #[serde(deserialize_with = "lenient::number")]
    agent_amount: Option<Number>,
}

/// `POST /v1/transaction/escrow_status_update`.
pub(crate) async fn escrow_status_update(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, _): Paynet<EscrowRequest>,
) -> Response {
    if request.xact.is_some_and(|x| x < 1) {
        return invalid_request(
            "xact pozitif bir tam sayı olmalıdır (işlemin şifrelenmemiş id'si)",
        );
    }
    let xact = request.xact.map(|x| x.to_string());
    let key = match (present(&request.xact_id), xact.as_deref()) {
        (Some(xact_id), _) => Key::XactId(xact_id),
        (None, Some(xact)) => Key::Xact(xact),
        (None, None) => {
            return invalid_request("xact_id veya xact alanlarından en az biri zorunludur");
        }
    };
    let status = match request.status {
        Some(2) => 2,
        Some(3) => 3,
        Some(_) => return invalid_request("status 2 (onay) veya 3 (red) olmalıdır"),
        None => return invalid_request("status zorunludur: 2 (onay) veya 3 (red)"),
    };
    if request
        .note
        .as_ref()
        .is_some_and(|n| n.chars().count() > MAX_TEXT)
    {
        return invalid_request("note en fazla 256 karakter olabilir");
    }
    if request
        .agent_id
        .as_ref()
        .is_some_and(|a| a.chars().count() > 64)
    {
        return invalid_request("agent_id en fazla 64 karakter olabilir");
    }
    let agent_amount = match request.agent_amount.as_ref().map(|a| tl_amount(a, true)) {
        None => None,
        Some(Some(kurus)) => Some(kurus),
        Some(None) => {
            return invalid_request(
                "agent_amount TL cinsinden, sıfır veya pozitif bir sayı olmalıdır (en fazla iki ondalık)",
            );
        }
    };
    let index = match locate_and_trigger(&shared, &conn, key).await {
        Ok(index) => index,
        Err(response) => return response,
    };
    let mut state = shared.lock();
    let Some(tx) = state.ledger.get_mut(index) else {
        return no_such_transaction();
    };
    if tx.kind != SALE && tx.kind != CAPTURE {
        return refused(
            19,
            "Yalnızca satış ve finansallaştırma işlemlerinin emanet durumu güncellenebilir",
        );
    }
    if !tx.is_succeed {
        return refused(6, "Başarısız bir işlemin emanet durumu güncellenemez");
    }
    if agent_amount.is_some_and(|a| a > tx.amount) {
        return invalid_request("agent_amount işlem tutarını aşamaz");
    }
    tx.escrow_status = Some(status);
    done("transaction_escrow_status_update")
}

/// The body of `/v1/transaction/payment_list`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct PaymentListRequest {
    #[serde(deserialize_with = "lenient::text")]
    date: Option<String>,
}

/// A settlement row: the company is paid the amount less the commission and its tax
/// (`company_service_amount`), the next day; agents get no share.
fn settlement_row(tx: &Tx) -> SettlementRow {
    let service = tx.fees.comission.saturating_add(tx.fees.tax);
    SettlementRow {
        xact_id: tx.xact_id.clone(),
        xact_date: tx.date(),
        agent_id: tx.agent_id.clone(),
        agent_name: AGENT_NAME,
        company_code: COMPANY_CODE,
        company_name: COMPANY_NAME,
        bank_id: tx.card.bank.id.to_owned(),
        bank_name: tx.card.bank.name.to_owned(),
        card_no: tx.card.masked.clone(),
        card_holder: tx.card.holder.clone(),
        card_type: tx.card.card_type.to_owned(),
        authorization_code: tx.authorization_code.clone(),
        reference_code: tx.reference_code.clone(),
        order_id: tx.order_id.clone(),
        xact_type: tx.kind.to_string(),
        is_succeed: tx.is_succeed,
        pos_type: POS_TYPE,
        plus_installment: 0,
        instalment: tx.instalment,
        ratio: Ratio(RATIO_BP),
        user_id: tx.user_id.clone(),
        amount: Money(tx.amount),
        agent_service_amount: Money(0),
        agent_pay_amount: Money(0),
        company_service_amount: Money(service),
        company_pay_amount: Money(tx.amount.saturating_sub(service)),
        due_date: clock::format_dotnet_day(clock::local_day(tx.ticks) + 1),
    }
}

/// `POST /v1/transaction/payment_list`.
pub(crate) async fn payment_list(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(request, _): Paynet<PaymentListRequest>,
) -> Response {
    let state = shared.lock();
    let day = match present(&request.date) {
        None => state.today(),
        Some(text) => match clock::parse_ymd(text) {
            Some(day) => day,
            None => return invalid_request("date yyyy-MM-dd biçiminde bir tarih olmalıdır"),
        },
    };
    let data: Vec<SettlementRow> = state
        .select(|t| {
            (t.kind == SALE || t.kind == CAPTURE)
                && t.is_succeed
                && clock::local_day(t.ticks) == day
        })
        .into_iter()
        .map(settlement_row)
        .collect();
    let total: u64 = data.iter().map(|r| r.amount.0).sum();
    let (code, message) = if data.is_empty() {
        (12, "Kayıt bulunamadı")
    } else {
        (0, SUCCESS_MESSAGE)
    };
    wire::json(
        StatusCode::OK,
        &SettlementList {
            object_name: "payment_list",
            code,
            message,
            total: Money(total),
            total_count: data.len(),
            data,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_and_phones() {
        assert!(email_like("ayse@example.com"));
        assert!(email_like("a.b+c@mail.example.com.tr"));
        for bad in [
            "ayse",
            "@example.com",
            "ayse@",
            "ayse@example",
            "a b@x.com",
            "a@b@c.d",
        ] {
            assert!(!email_like(bad), "{bad}");
        }
        assert!(phone_like("05321234567"));
        assert!(phone_like("+90 (532) 123-45-67"));
        for bad in ["123", "0532abc4567", "+", "1234567890123456789012"] {
            assert!(!phone_like(bad), "{bad}");
        }
    }

    #[test]
    fn tl_amounts() {
        let n = |text: &str| Number {
            text: text.to_owned(),
            quoted: false,
        };
        assert_eq!(tl_amount(&n("120.00"), false), Some(12_000));
        assert_eq!(tl_amount(&n("0"), true), Some(0));
        assert_eq!(tl_amount(&n("0"), false), None);
        assert_eq!(tl_amount(&n("1.005"), false), None);
        assert_eq!(tl_amount(&n("-1"), true), None);
    }
}
