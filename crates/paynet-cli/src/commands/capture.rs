//! `paynet capture`: captures a pre-authorisation, in part or in full; `paynet capture cancel`
//! cancels a capture (`cancel_capture`).

use clap::{ArgGroup, Subcommand};
use paynet::{CaptureRequest, Client};

use super::prelude::*;
use crate::values::transaction_ref;

/// `paynet capture ...` (a capture) and `paynet capture cancel ...` (its cancellation).
#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub(crate) struct Args {
    #[command(subcommand)]
    cancel: Option<CaptureSubcommand>,
    #[command(flatten)]
    args: CaptureArgs,
}

/// `paynet capture cancel`.
#[derive(Debug, Subcommand)]
enum CaptureSubcommand {
    /// Cancel a capture (cancel_capture: POST /v1/transaction/capture_reversal; needs
    /// PAYNET_SECRET_KEY): answered with the cancellation's transaction, approved or declined.
    Cancel(super::cancel_capture::Args),
}

#[derive(Debug, clap::Args)]
#[command(group(
    ArgGroup::new("transaction")
        .required(true)
        .multiple(false)
        .args(["xact_id", "xact", "reference_no"])
))]
struct CaptureArgs {
    /// The pre-authorisation's encrypted id (xact_id, e.g. xk_EAAAA...).
    #[arg(long, value_name = "ID")]
    xact_id: Option<String>,
    /// The pre-authorisation's plain id (xact).
    #[arg(long, value_name = "ID")]
    xact: Option<String>,
    /// The pre-authorisation's reference number (reference_no). Capturing again with the same
    /// reference number is safe: Paynet answers result code 100 with the earlier capture.
    #[arg(long, value_name = "R")]
    reference_no: Option<String>,
    /// The amount to capture in TL, written with '.' as the decimal separator (e.g. 10.50);
    /// without it, all that is left of the pre-authorisation is captured.
    #[arg(long, value_name = "TL")]
    amount: Option<String>,
}

/// `capture`, or `capture cancel`.
pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    match args.cancel {
        Some(CaptureSubcommand::Cancel(cancel)) => super::cancel_capture::run(global, cancel).await,
        None => capture(global, args.args).await,
    }
}

async fn capture(global: &Global, args: CaptureArgs) -> Result<(), Failure> {
    let reference = transaction_ref(args.xact_id, args.xact, args.reference_no)?;
    let request = match args.amount.as_deref().map(amount).transpose()? {
        Some(amount) => CaptureRequest::partial(reference, amount),
        None => CaptureRequest::full(reference),
    };
    let outcome = call(global, "capture", &request, Client::capture).await?;
    let text = render::capture_approved;
    let declined = Failure::Declined;
    report::approved(global, &outcome, outcome.transaction(), text, declined)
}
