//! `paynet check-payment` (also `paynet payment check`): a payment's transactions by xact_id or
//! reference_no.

use clap::ArgGroup;
use paynet::{CheckPaymentRequest, SecretKey, TransactionRef};

use crate::context::{Global, SECRET_KEY_VAR, client, credential};
use crate::failure::Failure;
use crate::report;

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
    let reference = match (args.xact_id, args.reference_no) {
        (Some(id), _) => TransactionRef::xact_id(id),
        (None, r) => TransactionRef::reference_no(r.unwrap_or_default()),
    };
    let request =
        CheckPaymentRequest::new(reference.map_err(Failure::Sdk)?).map_err(Failure::Sdk)?;
    let key = credential(SECRET_KEY_VAR, "payment check", SecretKey::new)?;
    let check = client(global, Some(key), None)?
        .check_payment(&request)
        .await
        .map_err(Failure::Sdk)?;
    report::check(global, &request.transaction().to_string(), &check)
}
