//! `paynet check-payment` (also `paynet payment check`): a payment's transactions by xact_id or
//! reference_no.

use clap::ArgGroup;
use paynet::{CheckPaymentRequest, Client};

use super::prelude::*;
use crate::values::transaction_ref;

/// The payment to look up.
#[derive(Debug, clap::Args)]
#[command(group(ArgGroup::new("payment").required(true).multiple(false).args(["xact_id", "reference_no"])))]
pub(crate) struct Args {
    /// The payment's encrypted id (xact_id).
    #[arg(long, value_name = "ID")]
    xact_id: Option<String>,
    /// The merchant's reference number of the payment.
    #[arg(long, value_name = "R")]
    reference_no: Option<String>,
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let reference = transaction_ref(args.xact_id, None, args.reference_no)?;
    let request = CheckPaymentRequest::new(reference).map_err(Failure::Sdk)?;
    let check = call(global, "payment check", &request, Client::check_payment).await?;
    let subject = request.transaction().to_string();
    report::check(global, &check, || render::payment_checked(&subject, &check))
}
