//! The date-range reports (`payments list`, `refunds list`), run once for both: the range and
//! paging options, the `--json` form of a list, one page or every page (`--all`, streamed through
//! the SDK with a progress line on stderr), and the refusals in the words of the options.

use std::fmt::Debug;

use clap::Args;
use futures_util::StreamExt as _;
use paynet::{Call, Client, Error, NaiveDate, Page, Request, Rows};
use serde::Serialize;

use crate::context::{Global, print, secret_client, sending};
use crate::failure::Failure;
use crate::render::{self, Report};
use crate::text::counted;

/// Rows per page without `--limit` for one page: Paynet's own default.
const DEFAULT_PAGE: u32 = 10;
/// Rows per page without `--limit` with `--all`: fewer calls.
const DEFAULT_PAGE_ALL: u32 = 100;

pub(crate) const LIST_AFTER_HELP: &str = "\
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

/// The range and paging both lists take.
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// The first day, YYYY-MM-DD or `today`.
    #[arg(long, value_name = "DATE", value_parser = crate::values::parse_date)]
    pub(crate) from: NaiveDate,
    /// The last day (included), YYYY-MM-DD or `today`.
    #[arg(long, value_name = "DATE", value_parser = crate::values::parse_date)]
    pub(crate) to: NaiveDate,
    /// Rows per page, 1 to 1000 (default 10; 100 with --all).
    #[arg(long, value_name = "N")]
    pub(crate) limit: Option<u32>,
    /// Load every page (one call per page), and print all the rows.
    #[arg(long)]
    pub(crate) all: bool,
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

/// Takes every row of a stream, saying on stderr how many have loaded each time a page of
/// `page_size` rows is taken (and once at the end). The first error ends it.
async fn drain<T>(mut stream: Rows<'_, T>, page_size: u32) -> Result<Vec<T>, Failure> {
    let page_size = page_size.max(1) as usize;
    let mut rows = Vec::new();
    while let Some(row) = stream.next().await {
        match row {
            Ok(row) => rows.push(row),
            Err(e) => {
                if !rows.is_empty() {
                    eprintln!("loaded {} before the error", counted(rows.len(), "row"));
                }
                return Err(stream_failed(e));
            }
        }
        if rows.len().is_multiple_of(page_size) {
            eprintln!("loaded {}…", counted(rows.len(), "row"));
        }
    }
    // A page was loaded for every `page_size` rows, and for the rest (even none).
    let pages = rows.len().div_ceil(page_size).max(1);
    eprintln!(
        "loaded {} in {}: done",
        counted(rows.len(), "row"),
        counted(pages, "page")
    );
    Ok(rows)
}

/// The facade's calls of a list: the stream of every row (`Client::payments`) and one page
/// (`Client::list_payments`).
pub(crate) type Calls<R, T> = (
    for<'a> fn(&'a Client, &R) -> Rows<'a, T>,
    for<'a> fn(&'a Client, &'a R) -> Call<'a, R>,
);

/// Runs a list command (`command`, under the secret key): the range checked and the request that
/// `build` makes for the page size refused in the words of the options (nothing sent); then one
/// page (`page`), or with `--all` every row of the `stream`; printed as `--json`'s [`Listed`], or
/// as the `report`.
pub(crate) async fn run<R: Request<Output = Page<T>> + Debug, T: Serialize>(
    global: &Global,
    command: &str,
    list: ListArgs,
    build: impl FnOnce(u32) -> Result<R, Error>,
    (stream, page): Calls<R, T>,
    report: &Report<T>,
) -> Result<(), Failure> {
    // A backwards range, in the words of the options (before the SDK's own check).
    if list.from > list.to {
        return Err(Failure::InvalidInput(format!(
            "--from {} is after --to {}: the range runs backwards",
            list.from, list.to
        )));
    }
    // `--limit`, else the default for one page or for `--all`.
    let default = if list.all {
        DEFAULT_PAGE_ALL
    } else {
        DEFAULT_PAGE
    };
    let limit = list.limit.unwrap_or(default);
    let request = build(limit).map_err(list_refused)?;
    let client = secret_client(global, command, false)?;
    sending(client.base_url(), R::OPERATION, &request);
    let (rows, total_count, has_more) = if list.all {
        let rows = drain(stream(&client, &request), limit).await?;
        let count = rows.len() as u64;
        (rows, Some(count), false)
    } else {
        let page = page(&client, &request).await.map_err(Failure::Sdk)?;
        (page.rows, page.total_count, page.has_more)
    };
    let listed = Listed {
        count: rows.len(),
        rows: &rows,
        total_count,
        has_more,
    };
    print(global, &listed, || {
        render::report(report, (list.from, list.to), &rows, total_count, has_more)
    })
}
