//! Subscriptions (`v1/subscription/*`, secret key), but for their cards: creating one (its
//! invoices laid out from its schedule), its detail and list, its status and amounts, sending its
//! page again, its invoices (added, listed, their statuses and amounts, their attempts), the
//! manual charge; and the clock the test or the user moves (`POST /sim/clock/advance`), which
//! bills every invoice that falls due.

use std::sync::Arc;

use axum::{
    body::Bytes,
    extract::{ConnectInfo, State as AxState},
    http::StatusCode,
    response::Response,
};
use serde::Deserialize;

use crate::{
    billing::ManualRefusal,
    clock,
    conn::ConnToken,
    extract::Paynet,
    http::{Shared, invalid_request, parse, present, transport_trigger},
    lenient,
    state::State,
    subscription_model::{
        DELETED, INTERVALS, Invoice, Subscription, WAITING, charge_day, status_desc,
    },
    subscription_request::{
        Body, NewAmounts, Refusal, bad, day, done, kurus, no_such_invoice, optional_kurus, refusal,
    },
    subscription_wire::{
        AttemptList, AttemptRow, BilledRow, ClockAdvanced, Created, CreatedInvoice, Detail,
        Envelope, InvoiceList, InvoiceRow, ManualCharge, SubscriptionList, SubscriptionRow,
    },
    wire::{self, Money, SUCCESS_MESSAGE},
};

/// The most charges a subscription may have (the SDK's bound too).
const MAX_CHARGES: u32 = 1000;
/// The largest `period`.
const MAX_PERIOD: u32 = 100;
/// The longest `reference_no` and `group_reference_no`.
const MAX_REFERENCE: usize = 50;
/// Rows a list answers when `limit` is not given.
const DEFAULT_LIMIT: usize = 100;
/// "No data".
const NO_DATA: u32 = 12;
/// The message of "no data".
const NO_DATA_MESSAGE: &str = "Kayıt bulunamadı";

/// Runs `f` on the state with the subscription the body names, or answers the refusal.
fn with_subscription(
    shared: &Shared,
    body: &Body,
    f: impl FnOnce(&mut State, usize) -> Response,
) -> Response {
    let mut state = shared.lock();
    match body.subscription(&state) {
        Ok(index) => f(&mut state, index),
        Err(response) => *response,
    }
}

/// A required text field, trimmed, of at most `max` characters (the 400 otherwise).
fn required_text(field: &str, value: &Option<String>, max: usize) -> Result<String, Refusal> {
    let text = present(value)
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| bad(&format!("{field} zorunludur")))?;
    if text.chars().count() > max {
        return Err(bad(&format!("{field} en fazla {max} karakter olabilir")));
    }
    Ok(text.to_owned())
}

/// `POST /v1/subscription/create`.
pub(crate) async fn create(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    match create_subscription(&shared, &body) {
        Ok(r) => r,
        Err(r) => *r,
    }
}

fn create_subscription(shared: &Shared, b: &Body) -> Result<Response, Refusal> {
    let name_surname = required_text("name_surname", &b.name_surname, 100)?;
    let amount = kurus("amount", b.amount.as_ref())?;
    let interval = b
        .interval
        .filter(|i| INTERVALS.contains(i))
        .ok_or_else(|| {
            bad("interval 0 (günlük), 1 (haftalık), 2 (aylık) veya 3 (yıllık) olmalıdır")
        })?;
    let interval_count = b
        .interval_count
        .filter(|n| (1..=MAX_CHARGES).contains(n))
        .ok_or_else(|| bad("interval_count 1 ile 1000 arasında olmalıdır"))?;
    let period = b.period.unwrap_or(0);
    if period > MAX_PERIOD {
        return Err(bad("period en fazla 100 olabilir"));
    }
    let begin_day = day("begin_date", &b.begin_date)?;
    let reference_no = required_text("reference_no", &b.reference_no, MAX_REFERENCE)?;
    let email = required_text("end_user_email", &b.end_user_email, 256)?;
    if !email.contains('@') {
        return Err(bad("end_user_email geçerli bir e-posta adresi olmalıdır"));
    }
    let gsm = required_text("end_user_gsm", &b.end_user_gsm, 20)?;
    let description = required_text("end_user_desc", &b.end_user_desc, 256)?;
    let agent_amount = optional_kurus("agent_amount", b.agent_amount.as_ref())?;
    let company_amount = optional_kurus("company_amount", b.company_amount.as_ref())?;
    let group = present(&b.group_reference_no).unwrap_or("").to_owned();
    if group.chars().count() > MAX_REFERENCE {
        return Err(bad("group_reference_no en fazla 50 karakter olabilir"));
    }
    let mut state = shared.lock();
    if begin_day < state.today() {
        return Err(bad("begin_date bugünden önce olamaz"));
    }
    if state
        .subscriptions
        .find(None, Some(&reference_no))
        .is_some()
    {
        return Err(Box::new(refusal(
            "subscription_create",
            "Bu referans numarası ile daha önce abonelik oluşturulmuş".to_owned(),
        )));
    }
    let id = state.rng.uuid();
    let token = state.rng.string(clock::ALNUM, 24);
    let created_ticks = state.clock.now();
    let fixed_price = b.is_fixed_price.unwrap_or(true);
    let mut invoices = Vec::new();
    if fixed_price {
        for n in 0..interval_count {
            let due = clock::local_instant(charge_day(begin_day, interval, period, n), 0, 0, 0);
            let (invoice_id, invoice_no) = state.subscriptions.new_invoice_ids();
            invoices.push(Invoice {
                id: invoice_id,
                no: invoice_no,
                plan_id: Some(n + 1),
                due_ticks: due,
                amount,
                agent_amount,
                company_amount,
                status: WAITING,
                attempts: Vec::new(),
                paid: None,
            });
        }
    }
    state.subscriptions.list.push(Subscription {
        id: id.clone(),
        token: token.clone(),
        reference_no: reference_no.clone(),
        name_surname,
        amount,
        agent_amount,
        company_amount,
        interval,
        interval_count,
        period,
        begin_day,
        email,
        gsm,
        agent_id: present(&b.agent_id).unwrap_or("").to_owned(),
        description,
        add_commission: b.addcomission_to_amount.unwrap_or(false),
        group,
        currency: present(&b.currency).unwrap_or("TRY").to_owned(),
        status: WAITING,
        accepted: false,
        created_ticks,
        resent: 0,
        links: Vec::new(),
        invoices,
    });
    Ok(wire::json(
        StatusCode::OK,
        &Created {
            url: format!("{}/sim/subscription/{token}", shared.base_url),
            subscription_id: id,
            reference_no,
            object_name: "subscription_create",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    ))
}

/// `POST /v1/subscription/subscription_detail`.
pub(crate) async fn detail(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    with_subscription(&shared, &body, |state, index| {
        let user_name = state.default_agent.1.clone();
        let default_agent = state.default_agent.0.clone();
        let Some(s) = state.subscriptions.list.get(index) else {
            return crate::subscription_request::no_such_subscription();
        };
        wire::json(
            StatusCode::OK,
            &Detail {
                subscription_id: s.id.clone(),
                name_surname: s.name_surname.clone(),
                amount: Money(s.amount),
                interval: s.interval,
                interval_count: s.interval_count,
                begin_date: clock::format_dmy_day(s.begin_day),
                reference_no: s.reference_no.clone(),
                end_user_email: s.email.clone(),
                end_user_gsm: s.gsm.clone(),
                agent_id: if s.agent_id.is_empty() {
                    default_agent
                } else {
                    s.agent_id.clone()
                },
                agent_amount: Money(s.agent_amount.unwrap_or(0)),
                company_amount: Money(s.company_amount.unwrap_or(s.amount)),
                end_user_desc: s.description.clone(),
                addcomission_to_amount: s.add_commission,
                currency: s.currency.clone(),
                period: s.period.to_string(),
                user_name,
                status: s.status,
                is_accepted: s.accepted,
                group_reference_no: s.group.clone(),
                next_charge_date: s
                    .next_charge()
                    .map(|t| clock::format_dmy_day(clock::local_day(t)))
                    .unwrap_or_default(),
                object_name: "subscription_detail",
                code: 0,
                message: SUCCESS_MESSAGE,
            },
        )
    })
}

/// `POST /v1/subscription/list`.
pub(crate) async fn list(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(b, _): Paynet<Body>,
) -> Response {
    let (from, to) = match (day("datab", &b.datab), day("datbi", &b.datbi)) {
        (Ok(from), Ok(to)) => (from, to),
        (Err(r), _) | (_, Err(r)) => return *r,
    };
    let limit = b.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, 1000);
    let state = shared.lock();
    let default_agent = state.default_agent.0.clone();
    let agent = present(&b.agent_id);
    let group = present(&b.group_reference_no);
    let matching: Vec<&Subscription> = state
        .subscriptions
        .list
        .iter()
        .filter(|s| (from..=to).contains(&clock::local_day(s.created_ticks)))
        .filter(|s| {
            agent.is_none_or(|a| {
                let own = if s.agent_id.is_empty() {
                    default_agent.as_str()
                } else {
                    s.agent_id.as_str()
                };
                own == a
            })
        })
        .filter(|s| group.is_none_or(|g| s.group == g))
        .collect();
    let total_count = matching.len();
    // The rows after `starting_after` and before `ending_before` (subscription ids); of them,
    // the first `limit` (the last ones when only `ending_before` is given).
    let after = present(&b.starting_after);
    let before = present(&b.ending_before);
    let from = after
        .and_then(|id| matching.iter().position(|s| s.id == id).map(|p| p + 1))
        .unwrap_or(0);
    let to = before
        .and_then(|id| matching.iter().position(|s| s.id == id))
        .unwrap_or(matching.len())
        .max(from);
    let window = matching.get(from..to).unwrap_or_default();
    let page = if before.is_some() && after.is_none() {
        window
            .get(window.len().saturating_sub(limit)..)
            .unwrap_or_default()
    } else {
        window.get(..limit.min(window.len())).unwrap_or_default()
    };
    let has_more = page.len() < window.len();
    let data: Vec<SubscriptionRow> = page
        .iter()
        .map(|s| SubscriptionRow {
            subscription_id: s.id.clone(),
            reference_no: s.reference_no.clone(),
            name_surname: s.name_surname.clone(),
            amount: Money(s.amount),
            interval: s.interval,
            interval_count: s.interval_count,
            period: s.period,
            begin_date: clock::format_dmy_day(s.begin_day),
            status: s.status,
            created_date: clock::format_dmy_hms(s.created_ticks),
        })
        .collect();
    let (code, message) = if data.is_empty() {
        (NO_DATA, NO_DATA_MESSAGE)
    } else {
        (0, SUCCESS_MESSAGE)
    };
    wire::json(
        StatusCode::OK,
        &SubscriptionList {
            total_count,
            has_more,
            data,
            object_name: "subscription_list",
            code,
            message,
        },
    )
}

/// `POST /v1/subscription/status_update`: 0 bills, any other status stops billing; 6 (deleted)
/// cannot be changed again.
pub(crate) async fn status_update(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    let status = match body.status() {
        Ok(s) => s,
        Err(r) => return *r,
    };
    with_subscription(&shared, &body, |state, index| {
        let Some(s) = state.subscriptions.list.get_mut(index) else {
            return crate::subscription_request::no_such_subscription();
        };
        if s.status == DELETED {
            return refusal(
                "subscription_status_update",
                "Silinmiş aboneliğin durumu değiştirilemez".to_owned(),
            );
        }
        s.status = status;
        done("subscription_status_update", SUCCESS_MESSAGE)
    })
}

/// `POST /v1/subscription/amount_update` (and the index's `v1/subcription/amount_update`): the
/// subscription's amount and its unpaid invoices'.
pub(crate) async fn amount_update(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    let new = match NewAmounts::read(&body) {
        Ok(n) => n,
        Err(r) => return *r,
    };
    with_subscription(&shared, &body, |state, index| {
        let Some(s) = state.subscriptions.list.get_mut(index) else {
            return crate::subscription_request::no_such_subscription();
        };
        new.set(&mut s.amount, &mut s.agent_amount, &mut s.company_amount);
        for i in s.invoices.iter_mut().filter(|i| i.unpaid()) {
            new.set(&mut i.amount, &mut i.agent_amount, &mut i.company_amount);
        }
        done("subscription_amount_update", SUCCESS_MESSAGE)
    })
}

/// Sets an unpaid invoice's amounts (answered as `object_name`); a paid or cancelled one keeps
/// them and is refused, as Paynet words it.
fn change_unpaid(invoice: &mut Invoice, object_name: &'static str, new: NewAmounts) -> Response {
    if !invoice.unpaid() {
        return refusal(
            object_name,
            format!(
                "{} numarali faturanın tutarı değiştirilemez (durum {})",
                invoice.no, invoice.status
            ),
        );
    }
    new.set(
        &mut invoice.amount,
        &mut invoice.agent_amount,
        &mut invoice.company_amount,
    );
    done(object_name, SUCCESS_MESSAGE)
}

/// `POST /v1/subscription/plan_amount_update`: one planned charge's amount, by `plan_id` (the
/// charge's place in the plan, from 1).
pub(crate) async fn plan_amount_update(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    let Some(plan_id) = present(&body.plan_id).map(str::trim) else {
        return invalid_request("plan_id zorunludur");
    };
    let Ok(plan_id) = plan_id.parse::<u32>() else {
        return no_such_invoice();
    };
    let new = match NewAmounts::read(&body) {
        Ok(n) => n,
        Err(r) => return *r,
    };
    with_subscription(&shared, &body, |state, index| {
        let Some(invoice) = state
            .subscriptions
            .list
            .get_mut(index)
            .and_then(|s| s.invoices.iter_mut().find(|i| i.plan_id == Some(plan_id)))
        else {
            return no_such_invoice();
        };
        change_unpaid(invoice, "subscription_plan_amount_update", new)
    })
}

/// `POST /v1/subscription/send_again`: the page sent again (counted; nothing is mailed).
pub(crate) async fn send_again(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    with_subscription(&shared, &body, |state, index| {
        if let Some(s) = state.subscriptions.list.get_mut(index) {
            s.resent += 1;
        }
        done("subscription_send_again", SUCCESS_MESSAGE)
    })
}

/// `POST /v1/subscription/create_invoice`: an invoice of `amount` due at `val_date`.
pub(crate) async fn create_invoice(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    let Some(due) = present(&body.val_date) else {
        return invalid_request("val_date zorunludur (gg.aa.yyyy ss:dd:ss)");
    };
    let Some(due_ticks) = clock::parse_day_time(due) else {
        return invalid_request("val_date gg.aa.yyyy ss:dd:ss biçiminde olmalıdır");
    };
    let new = match NewAmounts::read(&body) {
        Ok(n) => n,
        Err(r) => return *r,
    };
    let merchant_no = present(&body.invoice_no).map(str::to_owned);
    with_subscription(&shared, &body, |state, index| {
        let (id, generated_no) = state.subscriptions.new_invoice_ids();
        let no = merchant_no.clone().unwrap_or(generated_no);
        let taken = state
            .subscriptions
            .list
            .iter()
            .any(|s| s.invoices.iter().any(|i| i.no == no));
        if taken {
            return refusal(
                "subscription_invoice",
                format!("{no} numaralı fatura zaten var"),
            );
        }
        let Some(s) = state.subscriptions.list.get_mut(index) else {
            return crate::subscription_request::no_such_subscription();
        };
        let at = s
            .invoices
            .iter()
            .position(|i| i.due_ticks > due_ticks)
            .unwrap_or(s.invoices.len());
        s.invoices.insert(
            at,
            Invoice {
                id: id.clone(),
                no: no.clone(),
                plan_id: None,
                due_ticks,
                amount: new.amount,
                agent_amount: new.agent_amount,
                company_amount: new.company_amount,
                status: WAITING,
                attempts: Vec::new(),
                paid: None,
            },
        );
        wire::json(
            StatusCode::OK,
            &CreatedInvoice {
                invoice_id: id,
                invoice_no: no,
                object_name: "subscription_invoice",
                code: 0,
                message: SUCCESS_MESSAGE,
            },
        )
    })
}

/// `POST /v1/subscription/invoice_list`.
pub(crate) async fn invoice_list(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    let status = match present(&body.invoice_status) {
        None => None,
        Some(text) => match text.trim().parse::<u8>() {
            Ok(s) if crate::subscription_model::STATUSES.contains(&s) => Some(s),
            _ => return invalid_request("invoice_status 0, 2, 3, 4, 5 veya 6 olmalıdır"),
        },
    };
    with_subscription(&shared, &body, |state, index| {
        let default_agent = state.default_agent.0.clone();
        let Some(s) = state.subscriptions.list.get(index) else {
            return crate::subscription_request::no_such_subscription();
        };
        let own_agent = if s.agent_id.is_empty() {
            default_agent.as_str()
        } else {
            s.agent_id.as_str()
        };
        let agent_ok = present(&body.agent_id).is_none_or(|a| a == own_agent);
        let matching: Vec<&Invoice> = s
            .invoices
            .iter()
            .filter(|i| agent_ok && status.is_none_or(|st| i.status == st))
            .collect();
        let limit = body.limit.unwrap_or(matching.len().max(1)).max(1);
        let rows: Vec<InvoiceRow> = matching
            .iter()
            .take(limit)
            .map(|i| InvoiceRow {
                invoice_id: i.id.clone(),
                invoice_no: i.no.clone(),
                plan_id: i.plan_id.map(|p| p.to_string()).unwrap_or_default(),
                val_date: clock::format_dmy_hms(i.due_ticks),
                amount: Money(i.amount),
                status: i.status,
                status_desc: status_desc(i.status),
                attempt_count: i.attempts.len(),
                xact_id: i.paid.as_ref().map(|p| p.0.clone()).unwrap_or_default(),
                paid_date: i
                    .paid
                    .as_ref()
                    .map(|p| clock::format_dmy_hms(p.1))
                    .unwrap_or_default(),
            })
            .collect();
        let total = rows.iter().map(|r| r.amount.0).sum();
        let (code, message) = if rows.is_empty() {
            (NO_DATA, NO_DATA_MESSAGE)
        } else {
            (0, SUCCESS_MESSAGE)
        };
        wire::json(
            StatusCode::OK,
            &InvoiceList {
                total: Money(total),
                total_count: matching.len(),
                limit,
                ending_before: String::new(),
                data: rows,
                object_name: "subscription_invoice_list",
                code,
                message,
            },
        )
    })
}

/// `POST /v1/subscription/invoice_status_update`: a paid invoice keeps its status.
pub(crate) async fn invoice_status_update(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    let status = match body.status() {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let mut state = shared.lock();
    let (s, i) = match body.invoice(&state) {
        Ok(found) => found,
        Err(r) => return *r,
    };
    let Some(invoice) = state
        .subscriptions
        .list
        .get_mut(s)
        .and_then(|sub| sub.invoices.get_mut(i))
    else {
        return no_such_invoice();
    };
    if invoice.paid.is_some() {
        return refusal(
            "subscription_invoice_status_update",
            format!(
                "{} numaralı fatura ödenmiş: durumu değiştirilemez",
                invoice.no
            ),
        );
    }
    invoice.status = status;
    done("subscription_invoice_status_update", SUCCESS_MESSAGE)
}

/// `POST /v1/subscription/invoice_amount_update`: an unpaid invoice's amount.
pub(crate) async fn invoice_amount_update(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    let new = match NewAmounts::read(&body) {
        Ok(n) => n,
        Err(r) => return *r,
    };
    let mut state = shared.lock();
    let (s, i) = match body.invoice(&state) {
        Ok(found) => found,
        Err(r) => return *r,
    };
    let Some(invoice) = state
        .subscriptions
        .list
        .get_mut(s)
        .and_then(|sub| sub.invoices.get_mut(i))
    else {
        return no_such_invoice();
    };
    change_unpaid(invoice, "subscription_invoice_amount_update", new)
}

/// `POST /v1/subscription/invoices_status_update_all`: every invoice not paid.
pub(crate) async fn invoices_status_update_all(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    let status = match body.status() {
        Ok(s) => s,
        Err(r) => return *r,
    };
    with_subscription(&shared, &body, |state, index| {
        if let Some(s) = state.subscriptions.list.get_mut(index) {
            for invoice in s.invoices.iter_mut().filter(|i| i.paid.is_none()) {
                invoice.status = status;
            }
        }
        done("subscription_invoices_status_update_all", SUCCESS_MESSAGE)
    })
}

/// `POST /v1/subscription/invoice_attempt_list`.
pub(crate) async fn invoice_attempt_list(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    let state = shared.lock();
    let (s, i) = match body.invoice(&state) {
        Ok(found) => found,
        Err(r) => return *r,
    };
    let Some(invoice) = state
        .subscriptions
        .list
        .get(s)
        .and_then(|sub| sub.invoices.get(i))
    else {
        return no_such_invoice();
    };
    let data: Vec<AttemptRow> = invoice
        .attempts
        .iter()
        .map(|a| AttemptRow {
            attempt_date: clock::format_dmy_hms(a.ticks),
            card_id: a.card_id.clone(),
            card_no_mask: a.masked.clone(),
            amount: Money(a.amount),
            is_succeed: a.succeed,
            is_manual: a.manual,
            message: a.message.clone(),
            xact_id: a.xact_id.clone(),
        })
        .collect();
    let (code, message) = if data.is_empty() {
        (NO_DATA, NO_DATA_MESSAGE)
    } else {
        (0, SUCCESS_MESSAGE)
    };
    wire::json(
        StatusCode::OK,
        &AttemptList {
            data,
            object_name: "subcription_invoice_attempt_list",
            code,
            message,
        },
    )
}

/// `POST /v1/subscription/manuel_charge` (and the old page's `manual_charge`): the one
/// subscription route that moves money, so the one with transport triggers, on the
/// subscription's `reference_no` (the sales it makes carry it) once the subscription is found.
pub(crate) async fn manual_charge(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(body, _): Paynet<Body>,
) -> Response {
    const OBJECT: &str = "subscription_manuel_charge";
    let reference_no = {
        let state = shared.lock();
        match body.subscription(&state) {
            Ok(index) => state
                .subscriptions
                .list
                .get(index)
                .map(|s| s.reference_no.clone()),
            Err(response) => return *response,
        }
    };
    if let Some(response) = transport_trigger(&shared, &conn, reference_no.as_deref()).await {
        return response;
    }
    let invoice_no = present(&body.invoice_no).map(str::to_owned);
    with_subscription(&shared, &body, |state, index| {
        match state.manual_charge(index, invoice_no.as_deref()) {
            Ok(rows) => {
                let failed = rows.iter().find(|r| r.code != 0).map(|r| r.message.clone());
                let (code, message) = match failed {
                    Some(m) => (1, m),
                    None => (0, SUCCESS_MESSAGE.to_owned()),
                };
                let data = rows
                    .into_iter()
                    .map(|r| Envelope {
                        object_name: OBJECT,
                        code: r.code,
                        message: r.message,
                    })
                    .collect();
                wire::json(
                    StatusCode::OK,
                    &ManualCharge {
                        data,
                        object_name: OBJECT,
                        code,
                        message,
                    },
                )
            }
            Err(ManualRefusal::Stopped(status)) => refusal(
                OBJECT,
                format!("Abonelik aktif değil (durum {status}): çekim yapılamaz"),
            ),
            Err(ManualRefusal::NoSuchInvoice) => no_such_invoice(),
            Err(ManualRefusal::NothingDue) => wire::json(
                StatusCode::OK,
                &ManualCharge {
                    data: Vec::new(),
                    object_name: OBJECT,
                    code: NO_DATA,
                    message: "Tahsil edilecek fatura bulunamadı".to_owned(),
                },
            ),
        }
    })
}

/// The body of `/sim/clock/advance`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Advance {
    #[serde(deserialize_with = "lenient::int")]
    days: Option<i64>,
    #[serde(deserialize_with = "lenient::int")]
    hours: Option<i64>,
    #[serde(deserialize_with = "lenient::int")]
    minutes: Option<i64>,
}

/// The longest move of the clock at once: 100 years.
const MAX_DAYS: i64 = 36_600;

/// `POST /sim/clock/advance` `{"days": N}` (also `hours`, `minutes`): moves the simulator's clock
/// forward, billing every subscription invoice that falls due on the way. No credential: it is
/// the simulator's own control, as the 3-D page is.
pub(crate) async fn advance_clock(AxState(shared): AxState<Arc<Shared>>, body: Bytes) -> Response {
    let request: Advance = match parse(&body) {
        Ok(r) => r,
        Err(message) => return invalid_request(&message),
    };
    let (days, hours, minutes) = (
        request.days.unwrap_or(0),
        request.hours.unwrap_or(0),
        request.minutes.unwrap_or(0),
    );
    if request.days.is_none() && request.hours.is_none() && request.minutes.is_none() {
        return invalid_request("days zorunludur: {\"days\": 30}");
    }
    if days < 0 || hours < 0 || minutes < 0 {
        return invalid_request(
            "Saat yalnızca ileri alınabilir: days, hours ve minutes 0 veya daha büyük olmalıdır",
        );
    }
    if days > MAX_DAYS || hours > MAX_DAYS * 24 || minutes > MAX_DAYS * 1_440 {
        return invalid_request("En fazla 36600 gün ileri alınabilir");
    }
    let ticks = days * clock::ONE_DAY + (hours * 3_600 + minutes * 60) * clock::ONE_SECOND;
    let mut state = shared.lock();
    let billed = state.advance(ticks);
    let now = state.clock.peek();
    wire::json(
        StatusCode::OK,
        &ClockAdvanced {
            now: clock::format_dotnet(now),
            today: clock::format_dmy(now),
            billed: billed
                .into_iter()
                .map(|b| BilledRow {
                    reference_no: b.reference_no,
                    invoice_no: b.invoice_no,
                    status: b.status,
                    xact_id: b.xact_id.unwrap_or_default(),
                    message: b.message,
                })
                .collect(),
            object_name: "sim_clock",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}
