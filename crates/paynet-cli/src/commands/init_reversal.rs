//! `paynet init-reversal` (also `paynet reverse`): starts a reversal (cancel or refund) of a
//! PayPOS sale.

use paynet::{InitReversalBuilder, InitReversalRequest};

use super::prelude::*;

/// `paynet init-reversal`.
#[derive(Debug, clap::Args)]
#[command(visible_alias = "reverse")]
pub(crate) struct Args {
    /// The encrypted id (xact_id) of the sale to cancel or refund, as `paynet check-sale` shows
    /// it.
    #[arg(long, value_name = "ID")]
    xact_id: String,
    /// The merchant's reference number for the reversal.
    #[arg(long, value_name = "R")]
    reference_no: Option<String>,
    /// Where PayPOS sends the user back (e.g. myshop://paypos/return).
    #[arg(long, value_name = "URL")]
    callback_url: Option<String>,
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let request = InitReversalRequest::builder(args.xact_id)
        .maybe(args.reference_no, InitReversalBuilder::reference_no)
        .maybe(args.callback_url, InitReversalBuilder::callback_url)
        .build()
        .map_err(Failure::Sdk)?;
    let paypos = paypos(global, "init-reversal")?;
    let call = paypos.init_reversal(&request);
    let session = send(paypos.client().base_url(), &request, call).await?;
    print(global, &session, || {
        render::reversal_started(request.xact_id(), &session)
    })
}
