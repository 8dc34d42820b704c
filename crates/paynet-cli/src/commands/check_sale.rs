//! `paynet check-sale` (also `paynet check`): a PayPOS sale's or reversal's outcome by its payment
//! session id.

use paynet::{CheckSaleRequest, Operation};

use crate::context::{Global, out, paypos, sending};
use crate::failure::Failure;
use crate::{json, render};

const AFTER_HELP: &str = "\
Exit codes: 0 when the latest transaction succeeded (is_succeed true), and also while the sale
is PENDING (no transaction yet: Paynet answers result code 12 with an empty Data list; the
summary says \"pending\"); 3 when the bank declined it (is_succeed false) or Paynet refused the
check (e.g. a closed session: result code 7).";

/// `paynet check-sale`.
#[derive(Debug, clap::Args)]
#[command(visible_alias = "check", after_help = AFTER_HELP)]
pub(crate) struct Args {
    /// The payment session id init-sale (or init-reversal) returned.
    #[arg(long, value_name = "ID")]
    payment_session_id: String,
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let request = CheckSaleRequest::new(args.payment_session_id).map_err(Failure::Sdk)?;
    let paypos = paypos(global, "check-sale")?;
    let client = paypos.client();
    sending(client.base_url(), Operation::CHECK_SALE, &request);
    let check = paypos.check_sale(&request).await.map_err(Failure::Sdk)?;
    tracing::debug!(target: "paynet_cli", check = ?check, "{} answered", Operation::CHECK_SALE);
    // A declined latest transaction is a decline (exit 3); a pending sale is not a failure.
    if let Some(latest) = check.latest()
        && latest.is_succeed == Some(false)
    {
        return Err(Failure::SaleDeclined {
            transaction: Box::new(latest.clone()),
            code: check.result_code,
        });
    }
    if global.json {
        out(&json::line(&check));
    } else {
        out(&render::sale_checked(request.payment_session_id(), &check));
    }
    Ok(())
}
