//! Pay links, the API side (`/v1/mailorder/*`, secret key): creating a payment order
//! (`create`), its detail, the list of them, and closing or reopening one (`status_update`). The
//! payment page a link opens is `pay_link_page`.

use std::sync::Arc;

use axum::{
    extract::{ConnectInfo, State as AxState},
    http::StatusCode,
    response::Response,
};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::{
    callback::loopback_url,
    clock::{self, ALNUM},
    conn::ConnToken,
    extract::Paynet,
    fixtures::COMPANY_CODE,
    http::{Shared, invalid_request, present, refused, transport_trigger},
    lenient::{self, Number},
    model::{PayLink, PayLinkStatus},
    pay_link_html::page_url,
    state::State,
    wire::{
        self, Money, PayLinkCreated, PayLinkDetail, PayLinkList, PayLinkRow, PayposResult,
        SUCCESS_MESSAGE,
    },
};

/// How long a link lives when `expire_date` is not sent, in hours (Paynet's PHP sample's
/// default; Paynet's own default is not documented).
const DEFAULT_EXPIRY_HOURS: i64 = 24;
/// The longest life of a link, in hours (a year).
const MAX_EXPIRY_HOURS: i64 = 8_760;
/// The longest `reference_no` (the list's `string(50)`).
const MAX_REFERENCE: usize = 50;
/// The longest name, note and other texts.
const MAX_TEXT: usize = 256;
/// The largest amount of a link, in TL.
const MAX_AMOUNT_TL: i64 = 1_000_000_000;
/// The largest `limit` of the list.
const MAX_LIMIT: i64 = 1_000;

/// The body of `/v1/mailorder/create`, with the spellings Paynet's pages and peers use.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct CreateRequest {
    #[serde(deserialize_with = "lenient::int")]
    pos_type: Option<i64>,
    #[serde(
        alias = "add_comission_to_amount",
        alias = "addcomisson_to_amount",
        deserialize_with = "lenient::flag"
    )]
    addcomission_to_amount: Option<bool>,
    #[serde(deserialize_with = "lenient::text")]
    agent_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    name_surname: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    user_name: Option<String>,
    #[serde(deserialize_with = "lenient::number")]
    amount: Option<Number>,
    #[serde(deserialize_with = "lenient::text")]
    email: Option<String>,
    #[serde(alias = "send_email", deserialize_with = "lenient::flag")]
    send_mail: Option<bool>,
    #[serde(deserialize_with = "lenient::text")]
    phone: Option<String>,
    #[serde(deserialize_with = "lenient::flag")]
    send_sms: Option<bool>,
    #[serde(deserialize_with = "lenient::number")]
    expire_date: Option<Number>,
    #[serde(deserialize_with = "lenient::text")]
    note: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    agent_note: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    reference_no: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    succeed_url: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    error_url: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    confirmation_url: Option<String>,
    #[serde(deserialize_with = "lenient::flag")]
    send_confirmation_mail: Option<bool>,
    #[serde(deserialize_with = "lenient::flag")]
    multi_payment: Option<bool>,
}

/// A link's amount: TL with a dot (a JSON number, `149.90`, or the same as a string), positive,
/// at most two decimals, read exactly. In kuruş.
fn link_amount(amount: Option<&Number>) -> Result<u64, &'static str> {
    let amount = amount.ok_or("amount zorunludur (TL, örn. 149.90)")?;
    let value = amount
        .decimal()
        .ok_or("amount TL cinsinden, ondalık ayıraç nokta olan bir sayı olmalıdır (örn. 149.90)")?;
    if value <= Decimal::ZERO || value.scale() > 2 || value > Decimal::new(MAX_AMOUNT_TL, 0) {
        return Err("amount pozitif ve en fazla iki ondalıklı olmalıdır");
    }
    let mut kurus = value;
    kurus.rescale(2);
    u64::try_from(kurus.mantissa()).map_err(|_| "amount okunamadı")
}

/// `expire_date`: hours, a positive number (`72`, `"72"`, or a fraction of an hour, `0.5`), at
/// most a year. In ticks.
fn expiry(hours: Option<&Number>) -> Result<i64, &'static str> {
    const MESSAGE: &str = "expire_date saat cinsinden pozitif bir sayı olmalıdır (örn. 72)";
    let hours = match hours {
        None => Decimal::new(DEFAULT_EXPIRY_HOURS, 0),
        Some(n) => n.decimal().ok_or(MESSAGE)?,
    };
    if hours <= Decimal::ZERO || hours > Decimal::new(MAX_EXPIRY_HOURS, 0) {
        return Err(MESSAGE);
    }
    // Exact: hours × 3600 s × 10^7 ticks, rounded down to a tick.
    let ticks = (hours * Decimal::new(3_600 * clock::ONE_SECOND, 0)).trunc();
    rust_decimal::prelude::ToPrimitive::to_i64(&ticks).ok_or(MESSAGE)
}

/// Whether `text` looks like an e-mail address: `local@domain.tld`, no spaces.
fn email_like(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let plain = |s: &str| !s.is_empty() && !s.contains(char::is_whitespace) && !s.contains('@');
    plain(local)
        && plain(domain)
        && domain
            .split_once('.')
            .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
}

/// Whether `url` is an absolute http(s) URL with a host.
fn absolute_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !r.contains(char::is_whitespace)
    })
}

/// A link made from a checked request, before its ids.
struct Draft {
    link: PayLink,
    /// The link's life, in ticks.
    life: i64,
}

impl CreateRequest {
    /// The checks that make the request the 400, naming the field; the link it describes.
    fn check(self) -> Result<Draft, &'static str> {
        let name_surname = present(&self.name_surname)
            .ok_or("name_surname zorunludur")?
            .to_owned();
        let amount = link_amount(self.amount.as_ref())?;
        let life = expiry(self.expire_date.as_ref())?;
        let too_long =
            |v: &Option<String>, max: usize| v.as_ref().is_some_and(|s| s.chars().count() > max);
        if too_long(&self.name_surname, MAX_TEXT)
            || too_long(&self.user_name, MAX_TEXT)
            || too_long(&self.note, MAX_TEXT)
            || too_long(&self.agent_note, MAX_TEXT)
        {
            return Err(
                "name_surname, user_name, note ve agent_note en fazla 256 karakter olabilir",
            );
        }
        if too_long(&self.reference_no, MAX_REFERENCE) {
            return Err("reference_no en fazla 50 karakter olabilir");
        }
        if too_long(&self.agent_id, 10) {
            return Err("agent_id en fazla 10 karakter olabilir");
        }
        if self.pos_type.is_some_and(|p| p < 1) {
            return Err("pos_type pozitif bir sayı olmalıdır");
        }
        let email = present(&self.email).map(str::to_owned);
        if email.as_deref().is_some_and(|e| !email_like(e)) {
            return Err("email geçerli bir e-posta adresi olmalıdır");
        }
        if self.send_mail == Some(true) && email.is_none() {
            return Err("send_mail true iken email zorunludur");
        }
        let phone = present(&self.phone).map(str::to_owned);
        if self.send_sms == Some(true) && phone.is_none() {
            return Err("send_sms true iken phone zorunludur");
        }
        for (name, url) in [
            ("succeed_url", &self.succeed_url),
            ("error_url", &self.error_url),
        ] {
            if present(url).is_some_and(|u| !absolute_http_url(u)) {
                return Err(match name {
                    "succeed_url" => "succeed_url mutlak bir http(s) adresi olmalıdır",
                    _ => "error_url mutlak bir http(s) adresi olmalıdır",
                });
            }
        }
        let confirmation_url = match present(&self.confirmation_url) {
            None => None,
            Some(url) => Some(loopback_url(url).ok_or(
                "confirmation_url simülatörde yalnızca yerel bir http adresi olabilir \
                 (127.0.0.1, [::1] veya localhost)",
            )?),
        };
        let text = |v: Option<String>| v.unwrap_or_default();
        Ok(Draft {
            link: PayLink {
                id: String::new(),
                token: String::new(),
                reference_no: text(self.reference_no),
                name_surname,
                user_name: text(self.user_name),
                email: email.unwrap_or_default(),
                phone: phone.unwrap_or_default(),
                note: text(self.note),
                agent_note: text(self.agent_note),
                agent_id: text(self.agent_id),
                amount,
                add_commission: self.addcomission_to_amount.unwrap_or(false),
                send_sms: self.send_sms.unwrap_or(false),
                multi_payment: self.multi_payment.unwrap_or(false),
                created_ticks: 0,
                expires_ticks: 0,
                succeed_url: text(self.succeed_url),
                error_url: text(self.error_url),
                confirmation_url,
                passive: false,
                payments: Vec::new(),
                tds_sessions: Vec::new(),
            },
            life,
        })
    }
}

/// `POST /v1/mailorder/create`.
pub(crate) async fn create(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, _): Paynet<CreateRequest>,
) -> Response {
    let Draft { mut link, life } = match request.check() {
        Ok(draft) => draft,
        Err(message) => return invalid_request(message),
    };
    let trigger = (!link.reference_no.is_empty()).then(|| link.reference_no.clone());
    if let Some(response) = transport_trigger(&shared, &conn, trigger.as_deref()).await {
        return response;
    }
    let mut state = shared.lock();
    let now = state.clock.now();
    if link.reference_no.is_empty() {
        link.reference_no = format!("PL-{}", state.rng.string(ALNUM, 12));
    }
    let taken = state.pay_links.iter().any(|l| {
        l.reference_no == link.reference_no
            && matches!(l.status(now), PayLinkStatus::Awaiting | PayLinkStatus::Paid)
    });
    if taken {
        return refused(
            5,
            "Bu reference_no ile açık veya ödenmiş bir ödeme emri var (duplicatedata)",
        );
    }
    link.id = state.rng.uuid();
    link.token = state.rng.string(ALNUM, 32);
    link.created_ticks = now;
    link.expires_ticks = now.saturating_add(life);
    let url = page_url(&shared.base_url, &link);
    if link.agent_id.is_empty() {
        link.agent_id = state.default_agent.0.clone();
    }
    if link.user_name.is_empty() {
        link.user_name = state.default_agent.1.clone();
    }
    state.pay_links.push(link);
    wire::json(
        StatusCode::OK,
        &PayLinkCreated {
            url,
            object_name: "mailorder_create",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}

/// The body of `detail` and `status_update`: the link's `id` or `reference_no`, and the status.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct LinkRequest {
    #[serde(deserialize_with = "lenient::text")]
    id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    reference_no: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    status: Option<i64>,
}

impl LinkRequest {
    /// The link it names: by `id` when sent, else the newest with the `reference_no`.
    fn find(&self, state: &State) -> Option<usize> {
        match (present(&self.id), present(&self.reference_no)) {
            (Some(id), _) => state.pay_links.iter().position(|l| l.id == id),
            (None, Some(r)) => state.pay_links.iter().rposition(|l| l.reference_no == r),
            (None, None) => None,
        }
    }

    /// The trigger field: the `reference_no` sent, else the link's.
    fn trigger(&self, shared: &Shared) -> Option<String> {
        present(&self.reference_no).map(str::to_owned).or_else(|| {
            let state = shared.lock();
            self.find(&state)
                .and_then(|i| state.pay_links.get(i))
                .map(|l| l.reference_no.clone())
        })
    }
}

/// 404 for a link the simulator does not have.
fn no_such_link() -> Response {
    wire::paynet_error(
        StatusCode::NOT_FOUND,
        "no_data_error",
        "Ödeme emri bulunamadı",
        12,
    )
}

/// Checks a `detail` or `status_update` body names a link and runs the transport triggers.
/// Returns the answer to send instead, if any.
async fn link_checks(shared: &Shared, conn: &ConnToken, request: &LinkRequest) -> Option<Response> {
    if present(&request.id).is_none() && present(&request.reference_no).is_none() {
        return Some(invalid_request("id veya reference_no zorunludur"));
    }
    transport_trigger(shared, conn, request.trigger(shared).as_deref()).await
}

/// What detail and list show of a link's latest payment: xact_id, bank, bank name, instalments.
fn latest_payment(state: &State, link: &PayLink) -> (String, String, String, u32) {
    link.payments
        .last()
        .and_then(|id| state.by_id(id))
        .and_then(|i| state.ledger.get(i))
        .map_or_else(Default::default, |t| {
            (
                t.xact_id.clone(),
                t.card.bank.id.to_owned(),
                t.card.bank.name.to_owned(),
                t.instalment,
            )
        })
}

/// `POST /v1/mailorder/detail`.
pub(crate) async fn detail(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, _): Paynet<LinkRequest>,
) -> Response {
    if let Some(response) = link_checks(&shared, &conn, &request).await {
        return response;
    }
    let state = shared.lock();
    let Some(link) = request.find(&state).and_then(|i| state.pay_links.get(i)) else {
        return no_such_link();
    };
    let (xact_id, bank_id, _, installment) = latest_payment(&state, link);
    let status = link.status(state.clock.peek());
    wire::json(
        StatusCode::OK,
        &PayLinkDetail {
            object_name: "mailorder_detail",
            code: 0,
            message: SUCCESS_MESSAGE,
            id: link.id.clone(),
            company_code: COMPANY_CODE,
            agent_id: link.agent_id.clone(),
            xact_id,
            reference_no: link.reference_no.clone(),
            email: link.email.clone(),
            user_name: link.user_name.clone(),
            name_surname: link.name_surname.clone(),
            amount: Money(link.amount),
            currency: "TRY",
            installment,
            phone: link.phone.clone(),
            bank_id,
            expire_date: clock::format_dotnet(link.expires_ticks),
            create_date: clock::format_dotnet(link.created_ticks),
            note: link.note.clone(),
            agent_note: link.agent_note.clone(),
            succeed_url: link.succeed_url.clone(),
            error_url: link.error_url.clone(),
            status: status.code(),
            url: page_url(&shared.base_url, link),
        },
    )
}

/// `POST /v1/mailorder/status_update`: 0 opens a passive link again, 3 makes it passive.
pub(crate) async fn status_update(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    Paynet(request, _): Paynet<LinkRequest>,
) -> Response {
    if let Some(response) = link_checks(&shared, &conn, &request).await {
        return response;
    }
    let passive = match request.status {
        Some(0) => false,
        Some(3) => true,
        _ => {
            return invalid_request("status 0 (ödeme bekleniyor) veya 3 (pasif) olmalıdır");
        }
    };
    let mut state = shared.lock();
    let Some(index) = request.find(&state) else {
        return no_such_link();
    };
    if let Some(link) = state.pay_links.get_mut(index) {
        link.passive = passive;
    }
    wire::json(
        StatusCode::OK,
        &PayposResult {
            object_name: "mailorder_update_status",
            code: 0,
            message: SUCCESS_MESSAGE,
        },
    )
}

/// The body of `/v1/mailorder/list`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ListRequest {
    #[serde(deserialize_with = "lenient::text")]
    agent_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    datab: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    datbi: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    limit: Option<i64>,
    #[serde(deserialize_with = "lenient::int")]
    starting_after: Option<i64>,
    #[serde(deserialize_with = "lenient::int")]
    ending_before: Option<i64>,
}

/// The rows of one page: `starting_after N` is rows N.. (more: rows after the page),
/// `ending_before M` rows ..M (more: rows before it), neither rows 0.. (as the transaction list).
fn page_bounds(
    total: usize,
    limit: usize,
    starting_after: Option<usize>,
    ending_before: Option<usize>,
) -> (usize, usize, bool) {
    match (starting_after, ending_before) {
        (Some(after), _) => {
            let start = after.min(total);
            let end = start.saturating_add(limit).min(total);
            (start, end, end < total)
        }
        (None, Some(before)) => {
            let end = before.min(total);
            let start = end.saturating_sub(limit);
            (start, end, start > 0)
        }
        (None, None) => {
            let end = limit.min(total);
            (0, end, end < total)
        }
    }
}

/// `POST /v1/mailorder/list`: the links created in the date range, oldest first.
pub(crate) async fn list(
    AxState(shared): AxState<Arc<Shared>>,
    Paynet(request, _): Paynet<ListRequest>,
) -> Response {
    let day = |v: &Option<String>| present(v).and_then(clock::parse_ymd);
    let (Some(first), Some(last)) = (day(&request.datab), day(&request.datbi)) else {
        return invalid_request("datab ve datbi zorunludur (YYYY-MM-DD)");
    };
    if first > last {
        return invalid_request("datab, datbi'den sonra olamaz");
    }
    let limit = request.limit.unwrap_or(10);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return invalid_request("limit 1 ile 1000 arasında olmalıdır");
    }
    let offset = |v: Option<i64>| v.map(usize::try_from).transpose();
    let (Ok(starting_after), Ok(ending_before)) = (
        offset(request.starting_after),
        offset(request.ending_before),
    ) else {
        return invalid_request("starting_after ve ending_before negatif olamaz");
    };
    let agent_id = present(&request.agent_id);
    let state = shared.lock();
    let now = state.clock.peek();
    let links: Vec<&PayLink> = state
        .pay_links
        .iter()
        .filter(|l| {
            (first..=last).contains(&clock::local_day(l.created_ticks))
                && agent_id.is_none_or(|a| a == l.agent_id)
        })
        .collect();
    let total = links.len();
    let limit = usize::try_from(limit).unwrap_or(10);
    let (start, end, has_more) = page_bounds(total, limit, starting_after, ending_before);
    let data = links
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|link| {
            let (xact_id, bank_id, bank_name, installment) = latest_payment(&state, link);
            PayLinkRow {
                company_code: COMPANY_CODE,
                agent_id: link.agent_id.clone(),
                expire_date: clock::format_dotnet(link.expires_ticks),
                xact_id,
                bank_id,
                bank_name,
                reference_no: link.reference_no.clone(),
                installment,
                amount: Money(link.amount),
                currency: "TRY",
                phone: link.phone.clone(),
                send_sms: link.send_sms,
                note: link.note.clone(),
                agent_note: link.agent_note.clone(),
                succeed_url: link.succeed_url.clone(),
                id: link.id.clone(),
                create_date: clock::format_dotnet(link.created_ticks),
                name_surname: link.name_surname.clone(),
                status: link.status(now).code(),
                url: page_url(&shared.base_url, link),
            }
        })
        .collect();
    wire::json(
        StatusCode::OK,
        &PayLinkList {
            object_name: "mailorder_list",
            code: if total == 0 { 12 } else { 0 },
            message: if total == 0 {
                "Kayıt bulunamadı"
            } else {
                SUCCESS_MESSAGE
            },
            total,
            total_count: total,
            has_more,
            data,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str, quoted: bool) -> Number {
        Number {
            text: text.to_owned(),
            quoted,
        }
    }

    #[test]
    fn amounts_are_tl_with_a_dot() {
        assert_eq!(link_amount(Some(&number("149.90", false))), Ok(14_990));
        assert_eq!(link_amount(Some(&number("149.9", true))), Ok(14_990));
        assert_eq!(link_amount(Some(&number("100", false))), Ok(10_000));
        for bad in ["0", "-1", "10.005", "10,50"] {
            assert!(link_amount(Some(&number(bad, true))).is_err(), "{bad}");
        }
        assert!(link_amount(None).is_err());
    }

    #[test]
    fn expiry_is_in_hours() {
        let hour = 3_600 * clock::ONE_SECOND;
        assert_eq!(expiry(None), Ok(24 * hour));
        assert_eq!(expiry(Some(&number("72", false))), Ok(72 * hour));
        assert_eq!(expiry(Some(&number("0.5", true))), Ok(hour / 2));
        for bad in ["0", "-3", "8761", "x"] {
            assert!(expiry(Some(&number(bad, true))).is_err(), "{bad}");
        }
    }

    #[test]
    fn pages_like_the_transaction_list() {
        assert_eq!(page_bounds(25, 10, None, None), (0, 10, true));
        assert_eq!(page_bounds(25, 10, Some(20), None), (20, 25, false));
        assert_eq!(page_bounds(25, 10, None, Some(5)), (0, 5, false));
        assert_eq!(page_bounds(0, 10, None, None), (0, 0, false));
    }
}
