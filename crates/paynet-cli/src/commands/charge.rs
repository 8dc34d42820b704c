//! `paynet charge`: finishes a payment Paynet.js's form started.

use clap::ArgGroup;
use paynet::{ChargeAmount, ChargeBuilder, ChargeRequest, Client};

use super::prelude::*;

const AFTER_HELP: &str = "\
The amount must be what Paynet.js's form was given, in the form Paynet expects, and Paynet's pages
disagree on that form, so say which:
  --kurus  sends kuruş digits (\"14990\" for 149.90): the ready-made form's data-amount (×100), and
           the custom form on Paynet's older page
  --lira   sends TL with a decimal comma (\"149,90\"): what Paynet's current custom-form page says
A charge whose amount differs from the form's is refused by Paynet (result code 15; exit 3) and
nothing is charged.";

/// `paynet charge`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = AFTER_HELP,
    group(ArgGroup::new("amount_form").required(true).multiple(false).args(["kurus", "lira"]))
)]
pub(crate) struct Args {
    /// The payment session (session_id) Paynet.js's form attached to the merchant's form.
    #[arg(long, value_name = "S")]
    session_id: String,
    /// The payment's token (token_id) the form attached.
    #[arg(long, value_name = "T")]
    token_id: String,
    /// The amount in TL, written with '.' as the decimal separator (e.g. 149.90): what the form
    /// was given.
    #[arg(long, value_name = "TL")]
    amount: String,
    /// Send the amount as kuruş digits ("14990" for 149.90): the ready-made form's data-amount
    /// (×100).
    #[arg(long)]
    kurus: bool,
    /// Send the amount as TL with a decimal comma ("149,90"), as Paynet's current custom-form
    /// page says.
    #[arg(long)]
    lira: bool,
    /// The merchant's reference number: if the answer is lost, the payment is looked up by it.
    #[arg(long, value_name = "R")]
    reference_no: Option<String>,
    /// A pre-authorisation instead of a sale.
    #[arg(long)]
    pre_auth: bool,
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let amount = amount(&args.amount)?;
    let amount = match (args.kurus, args.lira) {
        (true, false) => ChargeAmount::Kurus(amount),
        (false, true) => ChargeAmount::Lira(amount),
        // clap requires exactly one: checked again, never assumed.
        _ => {
            return Err(Failure::Usage(
                "give exactly one of --kurus and --lira (see `paynet charge --help`)".to_owned(),
            ));
        }
    };
    let request = ChargeRequest::builder(args.session_id, args.token_id, amount)
        .maybe(args.reference_no, ChargeBuilder::reference_no)
        .when(args.pre_auth, ChargeBuilder::pre_authorisation)
        .build()
        .map_err(Failure::Sdk)?;
    let outcome = call(global, "charge", &request, Client::charge).await?;
    report::payment(global, &outcome)
}
