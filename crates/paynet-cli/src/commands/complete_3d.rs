//! `paynet complete-3d` (also `paynet pay complete`): finishes a 3-D Secure payment with what the
//! bank's page posted back.

use paynet::{Client, Complete3dRequest};

use super::prelude::*;

/// The session and token the bank's page posted back.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The 3-D session (session_id), as `paynet pay --3d` printed it or the bank's page posted it.
    #[arg(long, value_name = "S")]
    session_id: String,
    /// The payment's token (token_id), likewise.
    #[arg(long, value_name = "T")]
    token_id: String,
    /// The order's reference number, as the 3-D payment was started with: if the answer is
    /// lost, the payment is looked up by it.
    #[arg(long, value_name = "R")]
    reference_no: Option<String>,
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let mut request =
        Complete3dRequest::from_ids(args.session_id, args.token_id).map_err(Failure::Sdk)?;
    if let Some(reference) = args.reference_no {
        request = request.reference_no(reference).map_err(Failure::Sdk)?;
    }
    let outcome = call(global, "pay complete", &request, Client::complete_3d).await?;
    report::payment(global, &outcome)
}
