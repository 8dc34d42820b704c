//! `paynet cancel-capture` (also `paynet capture cancel`): cancels a capture.

use paynet::{CancelCaptureRequest, Client};

use super::prelude::*;

const AFTER_HELP: &str = "\
Paynet answers with the cancellation's transaction: approved (exit 0; the captured amount can be
captured again from the pre-authorisation), or declined by the bank (exit 3; the capture stands).
Exit 2: invalid input or usage (nothing sent); 3 also when Paynet refuses (an unknown xact_id: 12;
not a live capture: 19); 4 outcome unknown (look the capture up with `paynet payment detail
--xact-id ID`: a cancelled capture is reported reversed); 5 an answer that could not be
understood.";

/// The capture to cancel.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct Args {
    /// Its encrypted id (xact_id, e.g. xk_EAAAA...).
    #[arg(long, value_name = "ID")]
    xact_id: String,
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let request = CancelCaptureRequest::new(args.xact_id).map_err(Failure::refused_option)?;
    let outcome = call(global, "capture cancel", &request, Client::cancel_capture).await?;
    let text = |t: &_, replayed| render::capture_cancelled(request.xact_id(), t, replayed);
    let declined = Failure::CancellationDeclined;
    report::approved(global, &outcome, &outcome, text, declined)
}
