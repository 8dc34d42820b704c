//! The reports: the list body, a page's envelope ("no data" is an empty page) and the rows, with
//! their settlement columns.

use paynet_api::operations::bind;
use paynet_api::paynet_reports::types as reports;

use super::read::{
    amount, amount_of, count, currency, flag, int, list_envelope, read_timestamp, text,
};
use crate::error::Error;
use crate::exchange::{Defaults, Request, Token, outcome};
use crate::money::Currency;
use crate::outcome::Transaction;
use crate::reader::Reader;
use crate::reports::{
    ListQuery, Page, PaymentListRequest, PaymentRow, RefundListRequest, RefundRow, RefundStatus,
    Settlement,
};

/// A list request's wire body.
fn list_body(q: &ListQuery) -> reports::ListRequest {
    reports::ListRequest {
        datab: q.from.format("%Y-%m-%d").to_string(),
        datbi: q.to.format("%Y-%m-%d").to_string(),
        agent_id: q.agent_id.clone(),
        bank_id: q.bank_id.clone(),
        user_id: q.user_id.clone(),
        show_unsucceed: Some(q.show_unsucceed),
        untransferred: q.untransferred.then_some(true),
        limit: Some(i64::from(q.limit)),
        starting_after: q.starting_after.and_then(|n| i64::try_from(n).ok()),
        ending_before: q.ending_before.and_then(|n| i64::try_from(n).ok()),
    }
}

/// A page of a list answer (`$a`: either list's, whose fields are the same but its total's,
/// `$total`), each of its rows read by `$row`; "no data" (code 12) is an empty page, not an error.
macro_rules! page {
    ($r:expr, $a:ident, $row:ident, $total:ident) => {{
        let rows = $a.data.into_iter().map(|row| $row($r, row));
        let rows = rows.collect::<Result<Vec<_>, Error>>()?;
        let (result_code, message) = list_envelope($r, $a.code, $a.message)?;
        Page {
            rows,
            total_count: count($a.total_count),
            total: amount($r, stringify!($total), $a.$total, Currency::Try)?,
            has_more: flag($a.has_more).unwrap_or(false),
            company_code: text($a.company_code),
            company_name: text($a.company_name),
            result_code,
            message,
        }
    }};
}

impl Request for PaymentListRequest {
    type Output = Page<PaymentRow>;
    type Wire = bind::ListPayments;

    fn body(&self, _: Token, _: &Defaults) -> Result<reports::ListRequest, Error> {
        Ok(list_body(&self.query))
    }

    fn read(&self, a: reports::PaymentList, r: &Reader<'_>) -> Result<Page<PaymentRow>, Error> {
        Ok(page!(r, a, payment_row, total))
    }
}

fn payment_row(r: &Reader<'_>, mut t: reports::PaymentRow) -> Result<PaymentRow, Error> {
    let cur = currency(t.currency.as_ref());
    let at = |v| read_timestamp(v).1;
    let mut transaction = Transaction::read(r, &mut t)?;
    // A list's row decides nothing: an odd `is_succeed` is not said, not an unreadable page.
    transaction.is_succeed = flag(t.is_succeed);
    Ok(PaymentRow {
        transaction,
        agent_name: text(t.agent_name),
        type_name: text(t.xacttype_desc),
        time: text(t.xact_time),
        is_reconciled: flag(t.is_reconcile),
        is_paid_out: flag(t.is_payup),
        is_on_chargeback: flag(t.is_onchargeback),
        settlement: Settlement {
            main_company_gross: amount_of!(r, t.ana_firma_brut_alacak, cur)?,
            main_company_commission: amount_of!(r, t.ana_firma_komisyonu, cur)?,
            main_company_commission_with_tax: amount_of!(r, t.ana_firma_komisyonu_kdv_dahil, cur)?,
            main_company_net: amount_of!(r, t.ana_firma_odenecek_net_tutar, cur)?,
            agent_gross: amount_of!(r, t.bayi_brut_alacak, cur)?,
            agent_commission: amount_of!(r, t.bayi_komisyonu, cur)?,
            agent_commission_with_tax: amount_of!(r, t.bayi_komisyonu_kdv_dahil, cur)?,
            agent_net: amount_of!(r, t.bayiye_odenecek_net_tutar, cur)?,
            main_company_paid_on: at(t.cp_mfi_vdate),
            agent_paid_on: at(t.ap_mfi_vdate),
        },
    })
}

outcome!([T] Page<T>, |o| if o.rows.is_empty() {
    "empty page"
} else {
    "page"
});

impl Request for RefundListRequest {
    type Output = Page<RefundRow>;
    type Wire = bind::ListRefunds;

    fn body(&self, _: Token, _: &Defaults) -> Result<reports::ListRequest, Error> {
        Ok(list_body(&self.query))
    }

    fn read(&self, a: reports::RefundList, r: &Reader<'_>) -> Result<Page<RefundRow>, Error> {
        Ok(page!(r, a, refund_row, total_amount))
    }
}

fn refund_row(r: &Reader<'_>, row: reports::RefundRow) -> Result<RefundRow, Error> {
    let cur = Currency::Try;
    Ok(RefundRow {
        id: text(row.id),
        xact_id: text(row.xact_id),
        transaction_date: text(row.xact_date),
        requested_on: text(row.entry_date),
        amount: amount_of!(r, row.amount, cur)?,
        transaction_amount: amount_of!(r, row.xact_amount, cur)?,
        is_cancel: flag(row.is_cancel),
        status: int(row.status).map(RefundStatus::from_i64),
        status_text: text(row.status_desc),
        reversed_xact_id: text(row.reversed_xact_id),
        reversed_id: text(row.reversed_id),
        agent_id: text(row.agent_id),
        bank_id: text(row.bank_id),
        bank_name: text(row.bank_name),
        card_number_masked: crate::card::masked_card(text(row.card_no)),
        card_holder: text(row.card_holder),
    })
}
