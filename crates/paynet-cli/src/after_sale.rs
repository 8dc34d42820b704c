//! After the sale: `refund` (a refund or same-day cancellation **request**), `preauth cancel` and
//! `capture cancel`.
//!
//! A refund is a request that Paynet's operations team decides later: the command reports that the
//! request was accepted, never that money was returned, and says where the decision shows (the
//! `--succeed-url` post, `paynet refunds list`).

use clap::{Args, Subcommand};
use paynet::{
    CancelCaptureRequest, CancelPreAuthRequest, Error, Operation, PaymentOutcome, RefundRequest,
    SecretKey,
};

use crate::failure::Failure;
use crate::{Global, SECRET_KEY_VAR, amount, client, credential, json, out, render};

const REFUND_AFTER_HELP: &str = "\
A refund is a REQUEST: Paynet answers result code 0 when it accepts the request, and its
operations team decides it later (approved: the money is returned; or denied). So exit 0 means
\"request accepted\", not \"money returned\". The decision is posted to --succeed-url, when given
(JSON {\"xact_id\", \"code\", \"status\", \"message\"}: unsigned, so confirm it), and shows in
`paynet refunds list --from DATE --to DATE` (status waiting, approved or denied).

The same day, a transaction can only be cancelled in full (Paynet refuses a partial --amount
then); afterwards it can be refunded in part, up to what is left unrefunded.

A refund request is never sent twice. When its answer is lost, the SDK looks for it in the refund
list; if it cannot tell before the call's time runs out, the outcome is unknown (exit 4): look for
the request in `paynet refunds list` before asking again.

Exit codes: 0 request accepted, 2 invalid input or usage (nothing sent), 3 refused by Paynet (e.g.
an unknown xact_id, a declined transaction, a partial amount the same day, more than is left), 4
outcome unknown, 5 an answer that could not be understood.";

const CAPTURE_CANCEL_AFTER_HELP: &str = "\
Paynet answers with the cancellation's transaction: approved (exit 0; the captured amount can be
captured again from the pre-authorisation), or declined by the bank (exit 3; the capture stands).
Exit 2: invalid input or usage (nothing sent); 3 also when Paynet refuses (an unknown xact_id: 12;
not a live capture: 19); 4 outcome unknown (look the capture up with `paynet payment detail
--xact-id ID`: a cancelled capture is reported reversed); 5 an answer that could not be
understood.";

const PREAUTH_CANCEL_AFTER_HELP: &str = "\
Exit codes: 0 cancelled (the held amount is released; also when the answer was lost and the
pre-authorisation's detail shows it cancelled), 2 invalid input or usage (nothing sent), 3 refused
by Paynet (an unknown xact_id: 12; captured, already cancelled or not a pre-authorisation: 19), 4
outcome unknown (look it up with `paynet payment detail --xact-id ID`), 5 an answer that could
not be understood.";

/// `paynet refund`.
#[derive(Debug, Args)]
#[command(after_help = REFUND_AFTER_HELP)]
pub(crate) struct RefundArgs {
    /// The encrypted id (xact_id) of the sale or capture to refund, as `paynet payments list`
    /// shows it.
    #[arg(long, value_name = "ID")]
    xact_id: String,
    /// The amount to refund in TL, written with '.' as the decimal separator (e.g. 10.00);
    /// without it, the whole transaction (or what is left of it).
    #[arg(long, value_name = "TL")]
    amount: Option<String>,
    /// Where Paynet posts its decision (https; http only on loopback).
    #[arg(long, value_name = "URL")]
    succeed_url: Option<String>,
}

/// `paynet preauth ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum PreauthCommand {
    /// Cancel a pre-authorisation that was not captured, releasing the held amount
    /// (cancel_preauth: POST /v1/transaction/preauth_reversal; needs PAYNET_SECRET_KEY).
    #[command(after_help = PREAUTH_CANCEL_AFTER_HELP)]
    Cancel(XactIdArgs),
}

/// `paynet capture cancel`.
#[derive(Debug, Subcommand)]
pub(crate) enum CaptureSubcommand {
    /// Cancel a capture (cancel_capture: POST /v1/transaction/capture_reversal; needs
    /// PAYNET_SECRET_KEY): answered with the cancellation's transaction, approved or declined.
    #[command(after_help = CAPTURE_CANCEL_AFTER_HELP)]
    Cancel(XactIdArgs),
}

/// The transaction a cancellation is about.
#[derive(Debug, Args)]
pub(crate) struct XactIdArgs {
    /// Its encrypted id (xact_id, e.g. xk_EAAAA...).
    #[arg(long, value_name = "ID")]
    xact_id: String,
}

/// A request the SDK refused before sending, in the words of the options.
fn refused(error: Error) -> Failure {
    match error {
        Error::InvalidRequest { field, reason } => {
            let option = match field {
                "xact_id" => "--xact-id",
                "succeed_url" => "--succeed-url",
                "amount" => "--amount",
                other => other,
            };
            Failure::InvalidInput(format!("{option}: {reason}"))
        }
        other => Failure::Sdk(other),
    }
}

/// `refund`.
pub(crate) async fn refund(global: &Global, args: RefundArgs) -> Result<(), Failure> {
    let mut builder = RefundRequest::builder(args.xact_id);
    if let Some(text) = args.amount.as_deref() {
        builder = builder.amount(amount(text)?);
    }
    if let Some(url) = args.succeed_url.clone() {
        builder = builder.succeed_url(url);
    }
    let request = builder.build().map_err(refused)?;
    let key = credential(SECRET_KEY_VAR, "refund", SecretKey::new)?;
    let client = client(global, Some(key), None)?;
    tracing::debug!(
        target: "paynet_cli",
        base_url = client.base_url(),
        xact_id = request.xact_id(),
        amount = %request.amount().map_or_else(|| "all of it".to_owned(), |a| a.to_string()),
        "sending {}",
        Operation::REFUND
    );
    let requested = client.refund(&request).await.map_err(Failure::Sdk)?;
    tracing::debug!(target: "paynet_cli", requested = ?requested, "{} answered", Operation::REFUND);
    if global.json {
        out(&json::line(&requested));
    } else {
        out(&render::refund_requested(
            &request,
            args.succeed_url.as_deref(),
            &requested,
        ));
    }
    Ok(())
}

/// `preauth cancel`.
pub(crate) async fn cancel_preauth(
    global: &Global,
    command: PreauthCommand,
) -> Result<(), Failure> {
    let PreauthCommand::Cancel(args) = command;
    let request = CancelPreAuthRequest::new(args.xact_id).map_err(refused)?;
    let key = credential(SECRET_KEY_VAR, "preauth cancel", SecretKey::new)?;
    let client = client(global, Some(key), None)?;
    tracing::debug!(
        target: "paynet_cli",
        base_url = client.base_url(),
        xact_id = request.xact_id(),
        "sending {}",
        Operation::CANCEL_PREAUTH
    );
    let cancelled = client
        .cancel_preauth(&request)
        .await
        .map_err(Failure::Sdk)?;
    tracing::debug!(target: "paynet_cli", cancelled = ?cancelled, "{} answered", Operation::CANCEL_PREAUTH);
    if global.json {
        out(&json::line(&cancelled));
    } else {
        out(&render::preauth_cancelled(request.xact_id(), &cancelled));
    }
    Ok(())
}

/// `capture cancel`.
pub(crate) async fn cancel_capture(
    global: &Global,
    command: CaptureSubcommand,
) -> Result<(), Failure> {
    let CaptureSubcommand::Cancel(args) = command;
    let request = CancelCaptureRequest::new(args.xact_id).map_err(refused)?;
    let key = credential(SECRET_KEY_VAR, "capture cancel", SecretKey::new)?;
    let client = client(global, Some(key), None)?;
    tracing::debug!(
        target: "paynet_cli",
        base_url = client.base_url(),
        xact_id = request.xact_id(),
        "sending {}",
        Operation::CANCEL_CAPTURE
    );
    let outcome = client
        .cancel_capture(&request)
        .await
        .map_err(Failure::Sdk)?;
    tracing::debug!(target: "paynet_cli", outcome = ?outcome, "{} answered", Operation::CANCEL_CAPTURE);
    match &outcome {
        PaymentOutcome::Approved {
            transaction,
            replayed,
            ..
        } => {
            if global.json {
                out(&json::line(&outcome));
            } else {
                out(&render::capture_cancelled(
                    request.xact_id(),
                    transaction,
                    *replayed,
                ));
            }
            Ok(())
        }
        PaymentOutcome::Declined { transaction, .. } => {
            Err(Failure::CancellationDeclined(transaction.clone()))
        }
    }
}
