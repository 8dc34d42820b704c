//! After the sale: refunds and cancellations (requests decided later, with a `succeedUrl`
//! callback), pre-authorisation and capture cancellations, and the paged transaction and reversal
//! lists.

use std::{
    net::{Ipv4Addr, Ipv6Addr, SocketAddr},
    sync::Arc,
    time::Duration,
};

use axum::{
    body::Bytes,
    extract::{ConnectInfo, State as AxState},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use serde::Deserialize;
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpStream,
};

use crate::{
    clock,
    conn::ConnToken,
    ledger::{
        self, CAPTURE, CAPTURE_REVERSAL, Channel, PRE_AUTH, PRE_AUTH_REVERSAL, REVERSAL, SALE, Tx,
    },
    lenient::{self, Number},
    server::{Shared, invalid_request, parse, present, transport_trigger, unauthorized},
    state::{FAILURE_MESSAGE, SUCCESS_MESSAGE, State},
    triggers,
    wire::{self, ListResponse, Money, PayposResult, ReversalCallback, ReversalRow},
};

/// Where a refund's callback goes: a loopback `http` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LoopbackUrl {
    /// As written (for the `Host` header).
    host: String,
    /// Where to connect.
    addr: SocketAddr,
    /// Path and query, at least `/`.
    path: String,
}

/// Reads a `succeedUrl`: `http://` on 127.0.0.1, `[::1]` or `localhost`, any port; nothing else.
pub(crate) fn loopback_url(url: &str) -> Option<LoopbackUrl> {
    let rest = url.strip_prefix("http://")?;
    let (authority, path) = match rest.find(['/', '?']) {
        Some(i) => (rest.get(..i)?, rest.get(i..)?),
        None => (rest, ""),
    };
    if authority.contains('@') || url.contains(char::is_whitespace) {
        return None;
    }
    let (host, port_text) = if let Some(v6) = authority.strip_prefix('[') {
        let (h, after) = v6.split_once(']')?;
        let port = match after {
            "" => "",
            p => p.strip_prefix(':')?,
        };
        (format!("[{h}]"), port)
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h.to_owned(), p),
            None => (authority.to_owned(), ""),
        }
    };
    let port = if port_text.is_empty() {
        80
    } else {
        port_text.parse::<u16>().ok().filter(|p| *p > 0)?
    };
    let ip = match host.to_ascii_lowercase().as_str() {
        "127.0.0.1" | "localhost" => std::net::IpAddr::V4(Ipv4Addr::LOCALHOST),
        "[::1]" => std::net::IpAddr::V6(Ipv6Addr::LOCALHOST),
        _ => return None,
    };
    let path = if path.is_empty() {
        "/".to_owned()
    } else if path.starts_with('?') {
        format!("/{path}")
    } else {
        path.to_owned()
    };
    Some(LoopbackUrl {
        host: authority.to_owned(),
        addr: SocketAddr::new(ip, port),
        path,
    })
}

/// POSTs `body` (JSON) to `url`; true when it answered 2xx within 5 s.
async fn post_json(url: &LoopbackUrl, body: &str) -> bool {
    let attempt = async {
        let mut stream = TcpStream::connect(url.addr).await.ok()?;
        let request = format!(
            "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\nUser-Agent: paynet-sim\r\n\r\n{body}",
            url.path,
            url.host,
            body.len()
        );
        stream.write_all(request.as_bytes()).await.ok()?;
        let mut head = Vec::new();
        let mut buf = [0u8; 512];
        while !head.windows(2).any(|w| w == b"\r\n") && head.len() < 4096 {
            let n = stream.read(&mut buf).await.ok()?;
            if n == 0 {
                break;
            }
            head.extend_from_slice(buf.get(..n)?);
        }
        let line = String::from_utf8_lossy(&head).into_owned();
        let status = line.split_whitespace().nth(1)?.parse::<u16>().ok()?;
        Some((200..300).contains(&status))
    };
    tokio::time::timeout(Duration::from_secs(5), attempt)
        .await
        .ok()
        .flatten()
        .unwrap_or(false)
}

/// Where a refund or cancellation request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ReversalStatus {
    Pending,
    Approved,
    Denied,
}

impl ReversalStatus {
    /// `status` of the reversal list and the callback: 0 waiting, 1 approved, 2 denied.
    fn code(self) -> u32 {
        match self {
            ReversalStatus::Pending => 0,
            ReversalStatus::Approved => 1,
            ReversalStatus::Denied => 2,
        }
    }

    fn desc(self) -> &'static str {
        match self {
            ReversalStatus::Pending => "Onay bekliyor",
            ReversalStatus::Approved => "Onaylandı",
            ReversalStatus::Denied => "Reddedildi",
        }
    }
}

/// A refund or cancellation request (`reversed_request`).
#[derive(Debug, Clone)]
pub(crate) struct ReversalRequest {
    /// Order of the requests.
    pub(crate) seq: usize,
    /// The plain id of the transaction to refund.
    pub(crate) original: String,
    /// In kuruş.
    pub(crate) amount: u64,
    /// A same-day cancellation (in full) rather than a refund.
    pub(crate) cancel: bool,
    /// When it was made.
    pub(crate) entry_ticks: i64,
    pub(crate) status: ReversalStatus,
    /// The ids the reversal transaction gets (reserved when the request is made).
    pub(crate) reversal_id: String,
    pub(crate) reversal_xact_id: String,
    pub(crate) n: u64,
    pub(crate) succeed_url: Option<LoopbackUrl>,
    /// Decided as denied (trigger or configuration).
    pub(crate) deny: bool,
}

/// A decided request's callback, to deliver.
#[derive(Debug)]
struct Callback {
    url: LoopbackUrl,
    body: String,
}

impl State {
    /// What is asked for but not decided on the transaction with this plain id.
    fn pending_reversals(&self, id: &str) -> u64 {
        self.reversals
            .iter()
            .filter(|r| r.original == id && r.status == ReversalStatus::Pending)
            .map(|r| r.amount)
            .sum()
    }

    /// Records an approved reversal: the type-2 transaction, and the original marked `reversed`.
    pub(crate) fn approve_reversal(
        &mut self,
        request: &ReversalRequest,
        ticks: i64,
        guid: String,
    ) -> bool {
        let Some(index) = self.by_id(&request.original) else {
            return false;
        };
        let Some(original) = self.ledger.get(index).cloned() else {
            return false;
        };
        if original.refundable() < request.amount {
            return false;
        }
        let mut tx = ledger::draft(
            REVERSAL,
            Channel::Api,
            original.card.clone(),
            request.amount,
            false,
            (original.agent_id.clone(), original.user_id.clone()),
            ticks,
        );
        if request.amount == original.amount {
            tx.fees = original.fees;
        }
        tx.id = request.reversal_id.clone();
        tx.xact_id = request.reversal_xact_id.clone();
        tx.authorization_code = format!("aut-{}", request.n);
        tx.reference_code = format!("ref-{}", request.n);
        tx.order_id = format!("order-{}", request.n);
        tx.xact_transaction_id = guid;
        tx.instalment = original.instalment;
        tx.email = original.email.clone();
        tx.phone = original.phone.clone();
        tx.is_tds = original.is_tds;
        tx.reference_no = original.reference_no.clone();
        tx.parent = Some(original.id.clone());
        tx.note = format!(
            "{} işleminin {}",
            original.xact_id,
            if request.cancel { "iptali" } else { "iadesi" }
        );
        if let Some(o) = self.ledger.get_mut(index) {
            o.refunded = o.refunded.saturating_add(request.amount);
            o.reversed = true;
            o.reversed_xact_id = request.reversal_xact_id.clone();
        }
        self.push(tx);
        true
    }

    /// Decides the pending request at `index` and returns its callback, if it has one.
    fn decide_reversal(&mut self, index: usize) -> Option<Callback> {
        let request = self.reversals.get(index)?.clone();
        if request.status != ReversalStatus::Pending {
            return None;
        }
        // Release the amount first, so that the approval sees what is really left.
        if let Some(r) = self.reversals.get_mut(index) {
            r.status = ReversalStatus::Denied;
        }
        let ticks = self.clock.now();
        let guid = self.rng.uuid();
        let approved = !request.deny && self.approve_reversal(&request, ticks, guid);
        let status = if approved {
            ReversalStatus::Approved
        } else {
            ReversalStatus::Denied
        };
        if let Some(r) = self.reversals.get_mut(index) {
            r.status = status;
        }
        let url = request.succeed_url?;
        let message = if approved {
            "İptal/iade talebi onaylandı"
        } else {
            "İptal/iade talebi onaylanmadı"
        };
        let body = serde_json::to_string(&ReversalCallback {
            xact_id: &request.reversal_xact_id,
            code: u32::from(!approved),
            status: status.code(),
            message,
        })
        .ok()?;
        Some(Callback { url, body })
    }
}

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

/// A 400 refusal with this result code.
fn refused(code: u32, message: &str) -> Response {
    wire::paynet_error(
        StatusCode::BAD_REQUEST,
        "invalid_request_error",
        message,
        code,
    )
}

/// The 404 for an unknown `xact_id`.
fn no_such_transaction() -> Response {
    wire::paynet_error(
        StatusCode::NOT_FOUND,
        "no_data_error",
        "Bu xact_id ile işlem bulunamadı",
        12,
    )
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
struct ReversalBody {
    #[serde(deserialize_with = "lenient::text")]
    xact_id: Option<String>,
    #[serde(deserialize_with = "lenient::number")]
    amount: Option<Number>,
    #[serde(rename = "succeedUrl", deserialize_with = "lenient::text")]
    succeed_url: Option<String>,
}

/// Checks the secret key and the body, finds the transaction and runs the transport triggers on
/// its `reference_no`. Returns the body and the transaction's `xact_id`, or the answer to send.
async fn reversal_start(
    shared: &Shared,
    conn: &ConnToken,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<(ReversalBody, String), Response> {
    if !shared.secret_ok(headers) {
        return Err(unauthorized());
    }
    let request: ReversalBody = parse(body).map_err(|m| invalid_request(&m))?;
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
    Ok((request, xact_id))
}

/// `POST /v1/transaction/reversed_request`: a cancellation (same day, in full) or a refund
/// request, decided later.
pub(crate) async fn reversed_request(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (request, xact_id) = match reversal_start(&shared, &conn, &headers, &body).await {
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
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (_, xact_id) = match reversal_start(&shared, &conn, &headers, &body).await {
        Ok(v) => v,
        Err(response) => return response,
    };
    let mut state = shared.lock();
    let Some(index) = state.by_xact_id(&xact_id) else {
        return no_such_transaction();
    };
    let Some(pre_auth) = state.ledger.get(index).cloned() else {
        return no_such_transaction();
    };
    if pre_auth.kind != PRE_AUTH || !pre_auth.is_succeed {
        return refused(19, "Yalnızca başarılı bir ön provizyon iptal edilebilir");
    }
    if pre_auth.reversed {
        return refused(19, "Bu ön provizyon daha önce iptal edilmiş");
    }
    let captured = state.ledger.iter().any(|t| {
        t.kind == CAPTURE && t.is_succeed && !t.reversed && t.parent.as_ref() == Some(&pre_auth.id)
    });
    if captured {
        return refused(
            19,
            "Finansallaştırılmış bir ön provizyon iptal edilemez (önce capture_reversal)",
        );
    }
    let mut tx = state.new_tx(
        PRE_AUTH_REVERSAL,
        Channel::Api,
        pre_auth.card.clone(),
        pre_auth.amount,
        false,
    );
    tx.fees = pre_auth.fees;
    tx.agent_id = pre_auth.agent_id.clone();
    tx.user_id = pre_auth.user_id.clone();
    tx.is_tds = pre_auth.is_tds;
    tx.instalment = pre_auth.instalment;
    tx.reference_no = pre_auth.reference_no.clone();
    tx.parent = Some(pre_auth.id.clone());
    tx.note = format!("{} ön provizyonunun iptali", pre_auth.xact_id);
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
}

/// `POST /v1/transaction/capture_reversal`: cancels a capture; its amount can be captured again.
pub(crate) async fn capture_reversal(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnToken>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (_, xact_id) = match reversal_start(&shared, &conn, &headers, &body).await {
        Ok(v) => v,
        Err(response) => return response,
    };
    let mut state = shared.lock();
    let Some(index) = state.by_xact_id(&xact_id) else {
        return no_such_transaction();
    };
    let Some(capture) = state.ledger.get(index).cloned() else {
        return no_such_transaction();
    };
    if capture.kind != CAPTURE || !capture.is_succeed {
        return refused(
            19,
            "Yalnızca başarılı bir finansallaştırma iptal edilebilir",
        );
    }
    if capture.reversed || capture.refunded > 0 {
        return refused(19, "Bu finansallaştırma daha önce iptal veya iade edilmiş");
    }
    let mut tx = state.new_tx(
        CAPTURE_REVERSAL,
        Channel::Api,
        capture.card.clone(),
        capture.amount,
        false,
    );
    tx.fees = capture.fees;
    tx.agent_id = capture.agent_id.clone();
    tx.user_id = capture.user_id.clone();
    tx.email = capture.email.clone();
    tx.phone = capture.phone.clone();
    tx.is_tds = capture.is_tds;
    tx.instalment = capture.instalment;
    tx.reference_no = capture.reference_no.clone();
    tx.parent = Some(capture.id.clone());
    tx.note = format!("{} finansallaştırmasının iptali", capture.xact_id);
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
}

/// The body of `/v1/transaction/list` and `/v1/transaction/reversal_list`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ListRequest {
    #[serde(deserialize_with = "lenient::text")]
    datab: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    datbi: Option<String>,
    #[serde(deserialize_with = "lenient::flag")]
    show_unsucceed: Option<bool>,
    #[serde(deserialize_with = "lenient::flag")]
    untransferred: Option<bool>,
    #[serde(deserialize_with = "lenient::text")]
    agent_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    bank_id: Option<String>,
    #[serde(deserialize_with = "lenient::text")]
    user_id: Option<String>,
    #[serde(deserialize_with = "lenient::int")]
    limit: Option<i64>,
    #[serde(deserialize_with = "lenient::int")]
    starting_after: Option<i64>,
    #[serde(deserialize_with = "lenient::int")]
    ending_before: Option<i64>,
}

/// The checked paging and date range of a list request.
#[derive(Debug, Clone, Copy)]
struct Paging {
    first_day: i64,
    last_day: i64,
    limit: usize,
    starting_after: Option<usize>,
    ending_before: Option<usize>,
}

/// The largest `limit` accepted.
const MAX_LIMIT: i64 = 1_000;

impl ListRequest {
    fn paging(&self) -> Result<Paging, &'static str> {
        let day = |v: &Option<String>| present(v).and_then(clock::parse_ymd);
        let (Some(first_day), Some(last_day)) = (day(&self.datab), day(&self.datbi)) else {
            return Err("datab ve datbi zorunludur (YYYY-MM-DD)");
        };
        if first_day > last_day {
            return Err("datab, datbi'den sonra olamaz");
        }
        let limit = self.limit.unwrap_or(10);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err("limit 1 ile 1000 arasında olmalıdır");
        }
        let offset = |v: Option<i64>| -> Result<Option<usize>, &'static str> {
            match v {
                None => Ok(None),
                Some(n) => usize::try_from(n)
                    .map(Some)
                    .map_err(|_| "starting_after ve ending_before negatif olamaz"),
            }
        };
        Ok(Paging {
            first_day,
            last_day,
            limit: usize::try_from(limit).unwrap_or(10),
            starting_after: offset(self.starting_after)?,
            ending_before: offset(self.ending_before)?,
        })
    }
}

/// One page of `rows` and whether there is more in the paging direction: `starting_after N` is
/// rows N.. (more = rows after the page), `ending_before M` rows ..M (more = rows before it),
/// neither is rows 0.. .
fn page<T>(rows: Vec<T>, paging: &Paging) -> (Vec<T>, bool) {
    let total = rows.len();
    let (start, end, more) = match (paging.starting_after, paging.ending_before) {
        (Some(after), _) => {
            let start = after.min(total);
            let end = start.saturating_add(paging.limit).min(total);
            (start, end, end < total)
        }
        (None, Some(before)) => {
            let end = before.min(total);
            let start = end.saturating_sub(paging.limit);
            (start, end, start > 0)
        }
        (None, None) => {
            let end = paging.limit.min(total);
            (0, end, end < total)
        }
    };
    let page = rows
        .into_iter()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect();
    (page, more)
}

/// `POST /v1/transaction/list`.
pub(crate) async fn list(
    AxState(shared): AxState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !shared.secret_ok(&headers) {
        return unauthorized();
    }
    let request: ListRequest = match parse(&body) {
        Ok(r) => r,
        Err(message) => return invalid_request(&message),
    };
    let paging = match request.paging() {
        Ok(p) => p,
        Err(message) => return invalid_request(message),
    };
    let show_unsucceed = request.show_unsucceed.unwrap_or(false);
    let untransferred = request.untransferred.unwrap_or(false);
    let agent_id = present(&request.agent_id);
    let bank_id = present(&request.bank_id);
    let user_id = present(&request.user_id);
    let state = shared.lock();
    let rows = state.select(|t| {
        let day = clock::local_day(t.ticks);
        (paging.first_day..=paging.last_day).contains(&day)
            && (show_unsucceed || t.is_succeed)
            && !(untransferred && t.transferred)
            && agent_id.is_none_or(|a| a == t.agent_id)
            && bank_id.is_none_or(|b| b == t.card.bank.id)
            && user_id.is_none_or(|u| u == t.user_id)
    });
    let total_count = rows.len();
    let total: u64 = rows.iter().map(|t| t.amount).sum();
    let (rows, has_more) = page(rows, &paging);
    let data: Vec<_> = rows.into_iter().map(Tx::list_shape).collect();
    wire::json(
        StatusCode::OK,
        &ListResponse {
            company_code: crate::COMPANY_CODE,
            company_name: crate::COMPANY_NAME,
            total: Some(Money(total)),
            total_count,
            total_amount: None,
            limit: paging.limit,
            ending_before: paging.ending_before.unwrap_or(0),
            starting_after: paging.starting_after.unwrap_or(0),
            has_more,
            object_name: "transaction_list",
            code: if total_count == 0 { 12 } else { 0 },
            message: if total_count == 0 {
                "İşlem bulunamadı"
            } else {
                SUCCESS_MESSAGE
            },
            data,
        },
    )
}

/// `POST /v1/transaction/reversal_list`.
pub(crate) async fn reversal_list(
    AxState(shared): AxState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !shared.secret_ok(&headers) {
        return unauthorized();
    }
    let request: ListRequest = match parse(&body) {
        Ok(r) => r,
        Err(message) => return invalid_request(&message),
    };
    let paging = match request.paging() {
        Ok(p) => p,
        Err(message) => return invalid_request(message),
    };
    let agent_id = present(&request.agent_id);
    let bank_id = present(&request.bank_id);
    let state = shared.lock();
    let mut rows: Vec<(&ReversalRequest, &Tx)> = state
        .reversals
        .iter()
        .filter_map(|r| {
            let original = state.by_id(&r.original).and_then(|i| state.ledger.get(i))?;
            let day = clock::local_day(r.entry_ticks);
            let keep = (paging.first_day..=paging.last_day).contains(&day)
                && agent_id.is_none_or(|a| a == original.agent_id)
                && bank_id.is_none_or(|b| b == original.card.bank.id);
            keep.then_some((r, original))
        })
        .collect();
    rows.sort_by_key(|(r, _)| (r.entry_ticks, r.seq));
    let total_count = rows.len();
    let total_amount: u64 = rows.iter().map(|(r, _)| r.amount).sum();
    let (rows, has_more) = page(rows, &paging);
    let data: Vec<ReversalRow> = rows
        .into_iter()
        .map(|(r, o)| {
            let decided = r.status == ReversalStatus::Approved;
            ReversalRow {
                id: o.id.clone(),
                xact_date: clock::format_dmy(o.ticks),
                company_code: crate::COMPANY_CODE,
                entry_date: clock::format_dmy(r.entry_ticks),
                agent_id: o.agent_id.clone(),
                user_id: o.user_id.clone(),
                company_name: crate::COMPANY_NAME,
                agent_name: crate::AGENT_NAME,
                xact_id: o.xact_id.clone(),
                reversed_xact_id: if decided {
                    r.reversal_xact_id.clone()
                } else {
                    String::new()
                },
                reversed_id: if decided {
                    r.reversal_id.clone()
                } else {
                    String::new()
                },
                bank_id: o.card.bank.id.to_owned(),
                bank_name: o.card.bank.name.to_owned(),
                card_no: o.card.masked.clone(),
                card_holder: o.card.holder.clone(),
                amount: Money(r.amount),
                xact_amount: Money(o.amount),
                is_cancel: r.cancel,
                status: r.status.code(),
                status_desc: r.status.desc(),
            }
        })
        .collect();
    wire::json(
        StatusCode::OK,
        &ListResponse {
            company_code: crate::COMPANY_CODE,
            company_name: crate::COMPANY_NAME,
            total: None,
            total_count,
            total_amount: Some(Money(total_amount)),
            limit: paging.limit,
            ending_before: paging.ending_before.unwrap_or(0),
            starting_after: paging.starting_after.unwrap_or(0),
            has_more,
            object_name: "transaction_reversal_list",
            code: if total_count == 0 { 12 } else { 0 },
            message: if total_count == 0 {
                "Kayıt bulunamadı"
            } else {
                SUCCESS_MESSAGE
            },
            data,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_urls_only() {
        let u = loopback_url("http://127.0.0.1:8080/refund?order=1")
            .unwrap_or_else(|| panic!("loopback refused"));
        assert_eq!(u.addr.port(), 8080);
        assert_eq!(u.path, "/refund?order=1");
        assert_eq!(u.host, "127.0.0.1:8080");
        assert!(loopback_url("http://localhost/cb").is_some_and(|u| u.addr.port() == 80));
        assert!(loopback_url("http://[::1]:9/x").is_some_and(|u| u.addr.is_ipv6()));
        assert!(loopback_url("http://LOCALHOST:1").is_some());
        for bad in [
            "https://127.0.0.1/x",
            "http://example.com/x",
            "http://10.0.0.1/x",
            "http://127.0.0.1.evil.com/",
            "http://user@127.0.0.1/",
            "http://127.0.0.1:0/",
            "http://127.0.0.1:99999/",
            "ftp://127.0.0.1/",
            "127.0.0.1/x",
        ] {
            assert!(loopback_url(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn paging_covers_every_row_once() {
        let rows: Vec<usize> = (0..23).collect();
        let paging = |after, before| Paging {
            first_day: 0,
            last_day: 0,
            limit: 5,
            starting_after: after,
            ending_before: before,
        };
        let mut seen = Vec::new();
        let mut after = 0;
        loop {
            let (page, more) = page(rows.clone(), &paging(Some(after), None));
            after += page.len();
            seen.extend(page);
            if !more {
                break;
            }
        }
        assert_eq!(seen, rows);
        assert_eq!(
            page(rows.clone(), &paging(None, Some(10))).0,
            vec![5, 6, 7, 8, 9]
        );
        assert!(!page(rows.clone(), &paging(None, Some(3))).1);
        assert_eq!(page(rows, &paging(Some(30), None)).0, Vec::<usize>::new());
    }
}
