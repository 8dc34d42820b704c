//! `paynet ratios`: the instalment options and what each costs, for every bank or for one
//! card's BIN.

use paynet::{Client, Error, RatiosBuilder, RatiosRequest};

use super::prelude::*;

const AFTER_HELP: &str = "\
Without --bin, the whole table: every bank's options. With --bin (a card's first 6 digits), only
that card's bank. Without --amount, Paynet computes the amounts for 0. An unknown BIN is no data
(result code 12): an empty table, exit 0.

Exit codes: 0 listed, 2 invalid input or usage (nothing sent), 3 refused by Paynet, 4 transport
failure or timeout, 5 an answer that could not be understood.";

/// `paynet ratios`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct Args {
    /// Only the bank of the card with this BIN (its first 6 digits, e.g. 435508).
    #[arg(long, value_name = "BIN")]
    bin: Option<String>,
    /// Compute each option for this amount in TL, written with '.' as the decimal separator
    /// (e.g. 100.00).
    #[arg(long, value_name = "TL")]
    amount: Option<String>,
    /// One of the merchant's ratio tables (`paynet set-ratio-type`, `paynet define-ratios`).
    #[arg(long, value_name = "CODE")]
    ratio_code: Option<String>,
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let amount = args.amount.as_deref().map(amount).transpose()?;
    let request = RatiosRequest::builder()
        .maybe(args.bin, RatiosBuilder::bin)
        .maybe(amount, RatiosBuilder::amount)
        .maybe(args.ratio_code, RatiosBuilder::ratio_code)
        .build()
        .map_err(|e| match e {
            Error::InvalidRequest {
                field: "bin",
                reason,
            } => Failure::InvalidInput(format!("--bin: {reason}")),
            other => Failure::Sdk(other),
        })?;
    let table = call(global, "ratios", &request, Client::ratios).await?;
    print(global, &table, || {
        render::ratios_table(request.bin(), amount, &table)
    })
}
