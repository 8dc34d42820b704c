//! `paynet list-payments` (also `paynet payments list`): the transactions of a date range, one
//! page or every page with `--all`.

use paynet::{Client, PaymentListRequest};

use super::prelude::*;
use crate::listing::{self, Calls, LIST_AFTER_HELP, ListArgs};

/// `paynet payments list`.
#[derive(Debug, clap::Args)]
#[command(after_help = LIST_AFTER_HELP)]
pub(crate) struct Args {
    #[command(flatten)]
    list: ListArgs,
    /// Unsuccessful (declined) transactions too (default: successful ones only).
    #[arg(long)]
    show_unsucceed: bool,
    /// Leave out the transactions marked transferred (`paynet mark-transferred`).
    #[arg(long)]
    untransferred: bool,
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let (from, to) = (args.list.from, args.list.to);
    let request = |limit| {
        PaymentListRequest::builder(from, to)
            .limit(limit)
            .show_unsucceed(args.show_unsucceed)
            .untransferred(args.untransferred)
            .build()
    };
    let calls: Calls<_, _> = (Client::payments, Client::list_payments);
    let report = &render::PAYMENTS;
    listing::run(global, "payments list", args.list, request, calls, report).await
}
