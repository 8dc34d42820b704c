//! `paynet cancel-preauth` (also `paynet preauth cancel`): cancels a pre-authorisation that was
//! not captured, releasing the held amount.

use paynet::{CancelPreAuthRequest, Client};

use super::prelude::*;

const AFTER_HELP: &str = "\
Exit codes: 0 cancelled (the held amount is released; also when the answer was lost and the
pre-authorisation's detail shows it cancelled), 2 invalid input or usage (nothing sent), 3 refused
by Paynet (an unknown xact_id: 12; captured, already cancelled or not a pre-authorisation: 19), 4
outcome unknown (look it up with `paynet payment detail --xact-id ID`), 5 an answer that could
not be understood.";

/// The pre-authorisation to cancel.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct Args {
    /// Its encrypted id (xact_id, e.g. xk_EAAAA...).
    #[arg(long, value_name = "ID")]
    xact_id: String,
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let request = CancelPreAuthRequest::new(args.xact_id).map_err(Failure::refused_option)?;
    let cancelled = call(global, "preauth cancel", &request, Client::cancel_preauth).await?;
    print(global, &cancelled, || {
        render::preauth_cancelled(request.xact_id(), &cancelled)
    })
}
