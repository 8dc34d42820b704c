//! `paynet start-3d` (also `paynet pay --3d`): starts a 3-D Secure payment and prints the bank's
//! page to open; `paynet pay complete` finishes it.

use paynet::{PaymentRequest, Start3dRequest};

use super::prelude::*;
use crate::cards::{PAY_AFTER_HELP, PaymentArgs, domain_missing};

/// `paynet start-3d`: the payment's flags and where the bank's page posts back.
#[derive(Debug, clap::Args)]
#[command(after_help = PAY_AFTER_HELP)]
pub(crate) struct Args {
    #[command(flatten)]
    payment: PaymentArgs,
    /// Where the bank's page posts session_id and token_id back (https, or http on loopback).
    /// Its host name is the merchant's domain when PAYNET_DOMAIN is not set.
    #[arg(long, value_name = "URL")]
    return_url: String,
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let payment = args.payment.request()?;
    start(global, payment, args.return_url).await
}

/// Starts `payment` with 3-D Secure, the bank's page posting back to `return_url`.
pub(crate) async fn start(
    global: &Global,
    payment: PaymentRequest,
    return_url: String,
) -> Result<(), Failure> {
    let start = Start3dRequest::new(payment, return_url).map_err(Failure::Sdk)?;
    let client = secret_client(global, "pay", true)?;
    let call = client.start_3d(&start);
    let session = send(client.base_url(), &start, call)
        .await
        .map_err(|f| domain_missing(f, true))?;
    print(global, &session, || {
        render::three_d_started(&start, &session)
    })
}
