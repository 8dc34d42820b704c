//! `paynet start-3d` (also `paynet pay --3d`): starts a 3-D Secure payment and prints the bank's
//! page to open; `paynet pay complete` finishes it.

use paynet::{Operation, PaymentRequest, SecretKey, Start3dRequest};

use crate::cards::{PAY_AFTER_HELP, PaymentArgs, domain_missing};
use crate::context::{Global, SECRET_KEY_VAR, client, credential, merchant_domain, out, sending};
use crate::failure::Failure;
use crate::{json, render};

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
    let key = credential(SECRET_KEY_VAR, "pay", SecretKey::new)?;
    let client = client(global, Some(key), merchant_domain()?)?;
    sending(client.base_url(), Operation::START_3D, &start);
    let session = client
        .start_3d(&start)
        .await
        .map_err(|e| domain_missing(e, true))?;
    tracing::debug!(target: "paynet_cli", session = ?session, "{} answered", Operation::START_3D);
    if global.json {
        out(&json::line(&session));
    } else {
        out(&render::three_d_started(&start, &session));
    }
    Ok(())
}
