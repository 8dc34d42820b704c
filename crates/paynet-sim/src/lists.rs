//! The paged lists: every transaction of a date range (`POST /v1/transaction/list`) and the
//! refund and cancellation requests of one (`POST /v1/transaction/reversal_list`).

use std::sync::Arc;

use axum::{extract::State as AxState, http::StatusCode, response::Response};
use serde::Deserialize;

use crate::{
    clock,
    extract::Paynet,
    fixtures::{AGENT_NAME, COMPANY_CODE, COMPANY_NAME},
    http::{Shared, invalid_request, present},
    ledger::Tx,
    lenient,
    model::{ReversalRequest, ReversalStatus},
    wire::{self, ListResponse, Money, ReversalRow, SUCCESS_MESSAGE},
};

/// The body of `/v1/transaction/list` and `/v1/transaction/reversal_list`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct ListRequest {
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
    Paynet(request, _): Paynet<ListRequest>,
) -> Response {
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
            company_code: COMPANY_CODE,
            company_name: COMPANY_NAME,
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
    Paynet(request, _): Paynet<ListRequest>,
) -> Response {
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
                company_code: COMPANY_CODE,
                entry_date: clock::format_dmy(r.entry_ticks),
                agent_id: o.agent_id.clone(),
                user_id: o.user_id.clone(),
                company_name: COMPANY_NAME,
                agent_name: AGENT_NAME,
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
            company_code: COMPANY_CODE,
            company_name: COMPANY_NAME,
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
