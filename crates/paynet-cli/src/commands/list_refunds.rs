//! `paynet list-refunds` (also `paynet refunds list`): the refund and cancellation requests of a
//! date range, with Paynet's decision on each; one page or every page with `--all`.

use paynet::{Client, RefundListRequest};

use super::prelude::*;
use crate::listing::{self, Calls, LIST_AFTER_HELP, ListArgs};

/// `paynet refunds list`.
#[derive(Debug, clap::Args)]
#[command(after_help = LIST_AFTER_HELP)]
pub(crate) struct Args {
    #[command(flatten)]
    list: ListArgs,
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let (from, to) = (args.list.from, args.list.to);
    let request = |limit| RefundListRequest::builder(from, to).limit(limit).build();
    let calls: Calls<_, _> = (Client::refunds, Client::list_refunds);
    let report = &render::REFUNDS;
    listing::run(global, "refunds list", args.list, request, calls, report).await
}
