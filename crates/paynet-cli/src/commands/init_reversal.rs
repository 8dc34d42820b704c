//! `paynet init-reversal` (also `paynet reverse`): starts a reversal (cancel or refund) of a
//! PayPOS sale.

use paynet::{InitReversalRequest, Operation};

use crate::context::{Global, out, paypos, sending};
use crate::failure::Failure;
use crate::{json, render};

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
    let mut builder = InitReversalRequest::builder(args.xact_id);
    if let Some(r) = args.reference_no {
        builder = builder.reference_no(r);
    }
    if let Some(url) = args.callback_url {
        builder = builder.callback_url(url);
    }
    let request = builder.build().map_err(Failure::Sdk)?;
    let paypos = paypos(global, "init-reversal")?;
    let client = paypos.client();
    sending(client.base_url(), Operation::INIT_REVERSAL, &request);
    let session = paypos.init_reversal(&request).await.map_err(Failure::Sdk)?;
    tracing::debug!(target: "paynet_cli", session = ?session, "{} answered", Operation::INIT_REVERSAL);
    if global.json {
        out(&json::line(&session));
    } else {
        out(&render::reversal_started(request.xact_id(), &session));
    }
    Ok(())
}
