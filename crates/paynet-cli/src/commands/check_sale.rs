//! `paynet check-sale` (also `paynet check`): a PayPOS sale's or reversal's outcome by its payment
//! session id.

use paynet::CheckSaleRequest;

use super::prelude::*;

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
    let call = paypos.check_sale(&request);
    let check = send(paypos.client().base_url(), &request, call).await?;
    // A declined latest transaction is a decline (exit 3); a pending sale is not a failure.
    report::check(global, &check, || {
        render::sale_checked(request.payment_session_id(), &check)
    })
}
