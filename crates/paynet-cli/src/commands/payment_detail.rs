//! `paynet payment-detail` (also `paynet payment detail`): a payment's transactions in full
//! detail.

use clap::ArgGroup;
use paynet::{Client, PaymentDetailRequest};

use super::prelude::*;
use crate::values::transaction_ref;

/// `paynet payment detail`.
#[derive(Debug, clap::Args)]
#[command(group(
    ArgGroup::new("transaction")
        .required(true)
        .multiple(false)
        .args(["xact_id", "xact", "reference_no"])
))]
pub(crate) struct Args {
    /// The transaction's encrypted id (xact_id).
    #[arg(long, value_name = "ID")]
    xact_id: Option<String>,
    /// The transaction's plain id (xact).
    #[arg(long, value_name = "ID")]
    xact: Option<String>,
    /// The merchant's reference number of the payment.
    #[arg(long, value_name = "R")]
    reference_no: Option<String>,
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let reference = transaction_ref(args.xact_id, args.xact, args.reference_no)?;
    let request = PaymentDetailRequest::new(reference);
    let check = call(global, "payment detail", &request, Client::payment_detail).await?;
    let subject = request.transaction().to_string();
    report::check(global, &check, || render::payment_checked(&subject, &check))
}
