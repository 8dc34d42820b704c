//! The report commands: `payments list`, `refunds list` (one page, or every page with `--all`)
//! and `ratios` (the instalment table).
//!
//! A page is one call (`list_payments`, `list_refunds`); `--all` streams every page through the
//! SDK (`Client::payments`, `Client::refunds`), with a progress line on stderr as pages load, and
//! prints once, at the end: stdout is one table, or with `--json` one object.

use clap::{Args, Subcommand};
use futures_util::StreamExt as _;
use paynet::{
    Error, NaiveDate, Operation, Page, PaymentListRequest, RatiosRequest, RefundListRequest,
    ReportedAmount, Rows, SecretKey,
};
use serde::Serialize;

use crate::failure::Failure;
use crate::{Global, SECRET_KEY_VAR, amount, client, credential, json, out, render};

/// Rows per page without `--limit` for one page: Paynet's own default.
const DEFAULT_PAGE: u32 = 10;
/// Rows per page without `--limit` with `--all`: fewer calls.
const DEFAULT_PAGE_ALL: u32 = 100;

const LIST_AFTER_HELP: &str = "\
DATE is YYYY-MM-DD (e.g. 2024-06-03), or `today` (the day in Turkey, as Paynet files
transactions). Both days are included. A range that runs backwards, a malformed date or a
--limit outside 1 to 1000 is refused before anything is sent (exit 2).

Without --all, one page is printed (the first --limit rows; the summary says whether more
remain). With --all, every page is loaded, one call per page of --limit rows, with a progress line
on stderr (`loaded 20 rows…`), and then everything is printed at once: stdout is one table, or with
--json one object {\"rows\": [...], \"count\": N, \"total_count\": N, \"has_more\": false}. A page that
fails ends the command with its error (nothing on stdout).

Exit codes: 0 listed (also when nothing matches), 2 invalid input or usage (nothing sent), 3
refused by Paynet, 4 transport failure or timeout (a read: running it again is safe), 5 an answer
that could not be understood.";

/// `paynet payments ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum PaymentsCommand {
    /// The transactions of a date range (list_payments: POST /v1/transaction/list; needs
    /// PAYNET_SECRET_KEY): one page, or every page with --all.
    #[command(after_help = LIST_AFTER_HELP)]
    List(PaymentsListArgs),
}

/// `paynet refunds ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum RefundsCommand {
    /// The refund and cancellation requests made in a date range, with Paynet's decision on each
    /// (list_refunds: POST /v1/transaction/reversal_list; needs PAYNET_SECRET_KEY): one page, or
    /// every page with --all.
    #[command(after_help = LIST_AFTER_HELP)]
    List(RefundsListArgs),
}

/// The range and paging both lists take.
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// The first day, YYYY-MM-DD or `today`.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    from: NaiveDate,
    /// The last day (included), YYYY-MM-DD or `today`.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    to: NaiveDate,
    /// Rows per page, 1 to 1000 (default 10; 100 with --all).
    #[arg(long, value_name = "N")]
    limit: Option<u32>,
    /// Load every page (one call per page), and print all the rows.
    #[arg(long)]
    all: bool,
}

/// `paynet payments list`.
#[derive(Debug, Args)]
pub(crate) struct PaymentsListArgs {
    #[command(flatten)]
    list: ListArgs,
    /// Unsuccessful (declined) transactions too (default: successful ones only).
    #[arg(long)]
    show_unsucceed: bool,
}

/// `paynet refunds list`.
#[derive(Debug, Args)]
pub(crate) struct RefundsListArgs {
    #[command(flatten)]
    list: ListArgs,
}

const RATIOS_AFTER_HELP: &str = "\
Without --bin, the whole table: every bank's options. With --bin (a card's first 6 digits), only
that card's bank. Without --amount, Paynet computes the amounts for 0. An unknown BIN is no data
(result code 12): an empty table, exit 0.

Exit codes: 0 listed, 2 invalid input or usage (nothing sent), 3 refused by Paynet, 4 transport
failure or timeout, 5 an answer that could not be understood.";

/// `paynet ratios`.
#[derive(Debug, Args)]
#[command(after_help = RATIOS_AFTER_HELP)]
pub(crate) struct RatiosArgs {
    /// Only the bank of the card with this BIN (its first 6 digits, e.g. 435508).
    #[arg(long, value_name = "BIN")]
    bin: Option<String>,
    /// Compute each option for this amount in TL, written with '.' as the decimal separator
    /// (e.g. 100.00).
    #[arg(long, value_name = "TL")]
    amount: Option<String>,
}

/// `--json` of a list: the rows (as the SDK serialises them), how many, and what Paynet said of
/// the whole range.
#[derive(Debug, Serialize)]
struct Listed<'a, T> {
    /// The rows printed.
    rows: &'a [T],
    /// How many rows are printed.
    count: usize,
    /// How many rows match in all, as Paynet said (one page); with `--all`, the rows loaded:
    /// every one that matches.
    total_count: Option<u64>,
    /// True when rows remain after this page (never with `--all`).
    has_more: bool,
}

/// Reads a DATE: `YYYY-MM-DD` exactly, or `today` (in Turkey).
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, String> {
    if text.eq_ignore_ascii_case("today") {
        return Ok(paynet::turkish_today());
    }
    let bad = || format!("{text:?} is not a date: write YYYY-MM-DD (e.g. 2024-06-03), or today");
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape {
        return Err(bad());
    }
    let number = |range: std::ops::Range<usize>| {
        text.get(range)
            .and_then(|s| s.parse::<u32>().ok())
            .ok_or_else(bad)
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let year = i32::try_from(year).map_err(|_| bad())?;
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| {
        format!("{text:?} is not a day of the calendar (month 01-12, day of that month)")
    })
}

/// A list request's refusal (nothing was sent), in the words of the options.
fn list_refused(error: Error) -> Failure {
    match error {
        Error::InvalidRequest { field, reason } => {
            let option = match field {
                "datab" | "datbi" => "--from/--to",
                "limit" => "--limit",
                _ => field,
            };
            Failure::InvalidInput(format!("{option}: {reason}"))
        }
        other => Failure::Sdk(other),
    }
}

/// A stream's error: its maximum of rows (reached after pages were loaded: a usage error, exit 2,
/// although requests were sent) says to narrow the range; any other is the SDK's.
fn stream_failed(error: Error) -> Failure {
    match error {
        Error::InvalidRequest {
            field: "max_rows",
            reason,
        } => Failure::Usage(format!("--all {reason}; nothing was printed")),
        other => Failure::Sdk(other),
    }
}

/// A backwards range, in the words of the options (before the SDK's own check).
fn check_range(list: &ListArgs) -> Result<(), Failure> {
    if list.from > list.to {
        return Err(Failure::InvalidInput(format!(
            "--from {} is after --to {}: the range runs backwards",
            list.from, list.to
        )));
    }
    Ok(())
}

/// `payments list`.
pub(crate) async fn payments(global: &Global, args: PaymentsListArgs) -> Result<(), Failure> {
    let list = args.list;
    check_range(&list)?;
    let request = PaymentListRequest::builder(list.from, list.to)
        .limit(page_size(&list))
        .show_unsucceed(args.show_unsucceed)
        .build()
        .map_err(list_refused)?;
    let key = credential(SECRET_KEY_VAR, "payments list", SecretKey::new)?;
    let client = client(global, Some(key), None)?;
    tracing::debug!(
        target: "paynet_cli",
        base_url = client.base_url(),
        from = %list.from,
        to = %list.to,
        limit = request.limit(),
        all = list.all,
        "sending {}",
        Operation::LIST_PAYMENTS
    );
    let (rows, total_count, has_more) = if list.all {
        let rows = drain(client.payments(&request), request.limit()).await?;
        let count = rows.len() as u64;
        (rows, Some(count), false)
    } else {
        let page = client.list_payments(&request).await.map_err(Failure::Sdk)?;
        one_page(page)
    };
    let range = (list.from, list.to);
    if global.json {
        out(&json::line(&Listed {
            count: rows.len(),
            rows: &rows,
            total_count,
            has_more,
        }));
    } else {
        out(&render::payments_table(range, &rows, total_count, has_more));
    }
    Ok(())
}

/// `refunds list`.
pub(crate) async fn refunds(global: &Global, args: RefundsListArgs) -> Result<(), Failure> {
    let list = args.list;
    check_range(&list)?;
    let request = RefundListRequest::builder(list.from, list.to)
        .limit(page_size(&list))
        .build()
        .map_err(list_refused)?;
    let key = credential(SECRET_KEY_VAR, "refunds list", SecretKey::new)?;
    let client = client(global, Some(key), None)?;
    tracing::debug!(
        target: "paynet_cli",
        base_url = client.base_url(),
        from = %list.from,
        to = %list.to,
        limit = request.limit(),
        all = list.all,
        "sending {}",
        Operation::LIST_REFUNDS
    );
    let (rows, total_count, has_more) = if list.all {
        let rows = drain(client.refunds(&request), request.limit()).await?;
        let count = rows.len() as u64;
        (rows, Some(count), false)
    } else {
        let page = client.list_refunds(&request).await.map_err(Failure::Sdk)?;
        one_page(page)
    };
    let range = (list.from, list.to);
    if global.json {
        out(&json::line(&Listed {
            count: rows.len(),
            rows: &rows,
            total_count,
            has_more,
        }));
    } else {
        out(&render::refunds_table(range, &rows, total_count, has_more));
    }
    Ok(())
}

/// The page size: `--limit`, else the default for one page or for `--all`.
fn page_size(list: &ListArgs) -> u32 {
    list.limit.unwrap_or(if list.all {
        DEFAULT_PAGE_ALL
    } else {
        DEFAULT_PAGE
    })
}

/// A page's rows, what Paynet says matches in all, and whether more remain.
fn one_page<T>(page: Page<T>) -> (Vec<T>, Option<u64>, bool) {
    (page.rows, page.total_count, page.has_more)
}

/// Takes every row of a stream, saying on stderr how many have loaded each time a page of
/// `page_size` rows is taken (and once at the end). The first error ends it.
async fn drain<T>(mut stream: Rows<'_, T>, page_size: u32) -> Result<Vec<T>, Failure> {
    let page_size = u64::from(page_size.max(1));
    let mut rows = Vec::new();
    let mut pages = 0u64;
    while let Some(row) = stream.next().await {
        match row {
            Ok(row) => rows.push(row),
            Err(e) => {
                if !rows.is_empty() {
                    eprintln!("loaded {} before the error", rows_text(rows.len() as u64));
                }
                return Err(stream_failed(e));
            }
        }
        let loaded = rows.len() as u64;
        if loaded.is_multiple_of(page_size) {
            pages += 1;
            eprintln!("loaded {}…", rows_text(loaded));
        }
    }
    let loaded = rows.len() as u64;
    if !loaded.is_multiple_of(page_size) || loaded == 0 {
        pages += 1;
    }
    eprintln!(
        "loaded {} in {pages} page{}: done",
        rows_text(loaded),
        if pages == 1 { "" } else { "s" }
    );
    Ok(rows)
}

/// "1 row", "20 rows".
fn rows_text(n: u64) -> String {
    if n == 1 {
        "1 row".to_owned()
    } else {
        format!("{n} rows")
    }
}

/// `ratios`.
pub(crate) async fn ratios(global: &Global, args: RatiosArgs) -> Result<(), Failure> {
    let mut builder = RatiosRequest::builder();
    if let Some(bin) = args.bin {
        builder = builder.bin(bin);
    }
    let amount = args.amount.as_deref().map(amount).transpose()?;
    if let Some(a) = amount {
        builder = builder.amount(a);
    }
    let request = builder.build().map_err(|e| match e {
        Error::InvalidRequest {
            field: "bin",
            reason,
        } => Failure::InvalidInput(format!("--bin: {reason}")),
        other => Failure::Sdk(other),
    })?;
    let key = credential(SECRET_KEY_VAR, "ratios", SecretKey::new)?;
    let client = client(global, Some(key), None)?;
    tracing::debug!(
        target: "paynet_cli",
        base_url = client.base_url(),
        bin = request.bin().unwrap_or(""),
        amount = %request.amount().map_or_else(|| "none".to_owned(), |a| a.to_string()),
        "sending {}",
        Operation::RATIOS
    );
    let table = client.ratios(&request).await.map_err(Failure::Sdk)?;
    tracing::debug!(target: "paynet_cli", banks = table.banks.len(), "{} answered", Operation::RATIOS);
    if global.json {
        out(&json::line(&table));
    } else {
        out(&render::ratios_table(
            request.bin(),
            amount.map(|a| ReportedAmount::new(a.lira(), a.currency())),
            &table,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2024-06-03").unwrap(),
            NaiveDate::from_ymd_opt(2024, 6, 3).unwrap()
        );
        assert_eq!(parse_date("today").unwrap(), paynet::turkish_today());
        assert_eq!(parse_date("TODAY").unwrap(), paynet::turkish_today());
        for bad in [
            "",
            "2024-6-3",
            "2024/06/03",
            "03.06.2024",
            "2024-13-01",
            "2024-02-30",
            "2024-06-031",
            "+2024-06-03",
            "yesterday",
            "２０２４-06-03",
        ] {
            assert!(parse_date(bad).is_err(), "{bad:?}");
        }
    }
}
