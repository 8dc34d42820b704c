//! `paynet payment-detail` (also `paynet payment detail`): a payment's transactions in full
//! detail.

use clap::ArgGroup;
use paynet::{Operation, PaymentDetailRequest, SecretKey, TransactionRef};

use crate::context::{Global, SECRET_KEY_VAR, client, credential, sending};
use crate::failure::Failure;
use crate::report;

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
    let reference = match (args.xact_id, args.xact, args.reference_no) {
        (Some(id), None, None) => TransactionRef::xact_id(id),
        (None, Some(id), None) => TransactionRef::xact(id),
        (None, None, Some(r)) => TransactionRef::reference_no(r),
        _ => {
            return Err(Failure::Usage(
                "give exactly one of --xact-id, --xact and --reference-no".to_owned(),
            ));
        }
    }
    .map_err(Failure::Sdk)?;
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
