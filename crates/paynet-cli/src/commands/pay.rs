//! `paynet pay`: a direct card payment, or with `--3d` the start of a 3-D Secure one
//! (`start_3d`); `paynet pay complete` finishes a 3-D Secure payment (`complete_3d`).

use clap::Subcommand;

use super::prelude::*;
use crate::cards::{PAY_AFTER_HELP, PaymentArgs, domain_missing};

/// `paynet pay ...` and `paynet pay complete ...`.
#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = PAY_AFTER_HELP
)]
pub(crate) struct Args {
    #[command(subcommand)]
    complete: Option<PaySubcommand>,
    #[command(flatten)]
    args: PayArgs,
}

/// `paynet pay complete`.
#[derive(Debug, Subcommand)]
enum PaySubcommand {
    /// Finish a 3-D Secure payment with the session_id and token_id the bank's page posted back
    /// (complete_3d: POST /v2/transaction/tds_charge; needs PAYNET_SECRET_KEY).
    Complete(super::complete_3d::Args),
}

/// `paynet pay`: a direct payment, or the start of a 3-D Secure one.
#[derive(Debug, clap::Args)]
struct PayArgs {
    #[command(flatten)]
    payment: PaymentArgs,
    /// Start a 3-D Secure payment instead (start_3d: POST /v2/transaction/tds_initial): print the
    /// bank's page (post_url) to open, then finish with `paynet pay complete`. Needs --return-url.
    #[arg(long = "3d", requires = "return_url")]
    three_d: bool,
    /// With --3d: where the bank's page posts session_id and token_id back (https, or http on
    /// loopback). Its host name is the merchant's domain when PAYNET_DOMAIN is not set.
    #[arg(long, value_name = "URL", requires = "three_d")]
    return_url: Option<String>,
}

/// `pay`, `pay --3d` or `pay complete`.
pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    match args.complete {
        Some(PaySubcommand::Complete(complete)) => super::complete_3d::run(global, complete).await,
        None => pay(global, args.args).await,
    }
}

async fn pay(global: &Global, args: PayArgs) -> Result<(), Failure> {
    let payment = args.payment.request()?;
    match (args.three_d, args.return_url) {
        (true, Some(url)) => return super::start_3d::start(global, payment, url).await,
        (true, None) => return Err(Failure::Usage("--3d needs --return-url".to_owned())),
        (false, _) => {}
    }
    let client = secret_client(global, "pay", true)?;
    let call = client.pay(&payment);
    let outcome = send(client.base_url(), &payment, call)
        .await
        .map_err(|f| domain_missing(f, false))?;
    report::payment(global, &outcome)
}
