//! `paynet refund`: a refund or same-day cancellation **request**.
//!
//! A refund is a request that Paynet's operations team decides later: the command reports that the
//! request was accepted, never that money was returned, and says where the decision shows (the
//! `--succeed-url` post, `paynet refunds list`).

use paynet::{Client, RefundBuilder, RefundRequest};

use super::prelude::*;

const AFTER_HELP: &str = "\
A refund is a REQUEST: Paynet answers result code 0 when it accepts the request, and its
operations team decides it later (approved: the money is returned; or denied). So exit 0 means
\"request accepted\", not \"money returned\". The decision is posted to --succeed-url, when given
(JSON {\"xact_id\", \"code\", \"status\", \"message\"}: unsigned, so confirm it), and shows in
`paynet refunds list --from DATE --to DATE` (status waiting, approved or denied).

The same day, a transaction can only be cancelled in full (Paynet refuses a partial --amount
then); afterwards it can be refunded in part, up to what is left unrefunded.

A refund request is never sent twice. When its answer is lost, the SDK looks for it in the refund
list; if it cannot tell before the call's time runs out, the outcome is unknown (exit 4): look for
the request in `paynet refunds list` before asking again.

Exit codes: 0 request accepted, 2 invalid input or usage (nothing sent), 3 refused by Paynet (e.g.
an unknown xact_id, a declined transaction, a partial amount the same day, more than is left), 4
outcome unknown, 5 an answer that could not be understood.";

/// `paynet refund`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct Args {
    /// The encrypted id (xact_id) of the sale or capture to refund, as `paynet payments list`
    /// shows it.
    #[arg(long, value_name = "ID")]
    xact_id: String,
    /// The amount to refund in TL, written with '.' as the decimal separator (e.g. 10.00);
    /// without it, the whole transaction (or what is left of it).
    #[arg(long, value_name = "TL")]
    amount: Option<String>,
    /// Where Paynet posts its decision (https; http only on loopback).
    #[arg(long, value_name = "URL")]
    succeed_url: Option<String>,
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let amount = args.amount.as_deref().map(amount).transpose()?;
    let request = RefundRequest::builder(args.xact_id)
        .maybe(amount, RefundBuilder::amount)
        .maybe(args.succeed_url.clone(), RefundBuilder::succeed_url)
        .build()
        .map_err(Failure::refused_option)?;
    let requested = call(global, "refund", &request, Client::refund).await?;
    print(global, &requested, || {
        render::refund_requested(&request, args.succeed_url.as_deref(), &requested)
    })
}
