//! `paynet payment-detail` (also `paynet payment detail`): a payment's transactions in full
//! detail.

use clap::ArgGroup;
use paynet::{Operation, PaymentDetailRequest, SecretKey};

use crate::context::{Global, SECRET_KEY_VAR, client, credential, sending};
use crate::failure::Failure;
use crate::report;
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
    let key = credential(SECRET_KEY_VAR, "payment detail", SecretKey::new)?;
    let client = client(global, Some(key), None)?;
    sending(client.base_url(), Operation::PAYMENT_DETAIL, &request);
    let check = client
        .payment_detail(&request)
        .await
        .map_err(Failure::Sdk)?;
    tracing::debug!(target: "paynet_cli", check = ?check, "{} answered", Operation::PAYMENT_DETAIL);
    report::check(global, &request.transaction().to_string(), &check)
}
