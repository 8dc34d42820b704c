//! The card payment commands: `pay` (direct, or 3-D Secure with `--3d`), `pay complete`,
//! `charge` and `payment detail`.
//!
//! Card data never comes from arguments (they show in `ps` and in shell history): the card is read
//! from `PAYNET_CARD_NUMBER`, `PAYNET_CARD_EXPIRY`, `PAYNET_CARD_CVC` and `PAYNET_CARD_HOLDER`, or a
//! stored card is named with `--card-hash`. The number is registered with the client as a secret
//! whichever command runs (see `environment_keys` in `main.rs`); the SDK scrubs the number and the
//! CVC from every answer of the payment that carries them (the CVC only where a number stands
//! alone, never in a result code: a CVC of `100` leaves result code 100 readable).

use clap::{ArgGroup, Args, Subcommand};
use paynet::{
    Card, CardHash, ChargeAmount, ChargeRequest, Complete3dRequest, Error, Operation,
    PaymentDetailRequest, PaymentMethod, PaymentOutcome, PaymentRequest, SecretKey, Start3dRequest,
    TransactionRef,
};

use crate::failure::Failure;
use crate::{
    CARD_CVC_VAR, CARD_EXPIRY_VAR, CARD_HOLDER_VAR, CARD_NUMBER_VAR, DOMAIN_VAR, Global,
    SECRET_KEY_VAR, amount, client, credential, json, out, render,
};

const PAY_AFTER_HELP: &str = "\
The card comes from the environment, never from arguments (they would show in `ps` and in shell
history):
  PAYNET_CARD_NUMBER  the card number (spaces and dashes between groups are allowed)
  PAYNET_CARD_EXPIRY  its expiry, MM/YY (e.g. 08/29)
  PAYNET_CARD_CVC     its CVC (3 or 4 digits)
  PAYNET_CARD_HOLDER  the name on the card
or a stored card is named with --card-hash. The card is checked before anything is sent (the
Luhn check, an expiry in the past, the CVC), and the tool never prints its number beyond the first
6 and last 4 digits (435508******4358), nor its CVC, even when Paynet sends them back in the
payment's answer.

Paynet requires the merchant's domain on card payments: PAYNET_DOMAIN (e.g. www.acme.com), else,
with --3d, the host of --return-url.

Paying again with the same --reference-no is safe: Paynet answers result code 100 with the
earlier payment (\"replayed\"; no money moves again). When the answer is lost, the payment is not
sent again: the SDK looks it up by its reference number (payment check) and reports what it found
(\"settled by a lookup\"); if the lookups cannot say before the call's time runs out (60 s, or
--timeout if longer), the outcome is unknown (exit 4).

Exit codes: 0 approved (or replayed, or 3-D Secure started), 2 invalid input or usage (nothing
sent), 3 declined by the bank or refused by Paynet, 4 outcome unknown, 5 an answer that could not
be understood.";

const CHARGE_AFTER_HELP: &str = "\
The amount must be what Paynet.js's form was given, in the form Paynet expects, and Paynet's pages
disagree on that form, so say which:
  --kurus  sends kuruş digits (\"14990\" for 149.90): the ready-made form's data-amount (×100), and
           the custom form on Paynet's older page
  --lira   sends TL with a decimal comma (\"149,90\"): what Paynet's current custom-form page says
A charge whose amount differs from the form's is refused by Paynet (result code 15; exit 3) and
nothing is charged.";

/// `paynet pay ...` and `paynet pay complete ...`.
#[derive(Debug, Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = PAY_AFTER_HELP
)]
pub(crate) struct PayCommand {
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
    Complete(CompleteArgs),
}

/// `paynet pay`: a direct payment, or the start of a 3-D Secure one.
#[derive(Debug, Args)]
struct PayArgs {
    /// The amount in TL, written with '.' as the decimal separator (e.g. 149.90).
    #[arg(long, value_name = "TL", required = true)]
    amount: Option<String>,
    /// The merchant's reference number of the payment (unique per payment, e.g. the order
    /// number; at most 50 characters). Paying again with the same one is safe: Paynet answers
    /// result code 100 with the earlier payment.
    #[arg(long, value_name = "R", required = true)]
    reference_no: Option<String>,
    /// Instalment count (absent or 1: a single payment).
    #[arg(long, value_name = "N")]
    instalment: Option<u8>,
    /// A pre-authorisation (the amount is held on the card, to be captured later with `paynet
    /// capture`) instead of a sale.
    #[arg(long)]
    pre_auth: bool,
    /// A description of the payment (at most 140 characters).
    #[arg(long, value_name = "D")]
    description: Option<String>,
    /// Pay with a stored card's token (card_hash) instead of the card in PAYNET_CARD_*.
    #[arg(long, value_name = "H")]
    card_hash: Option<String>,
    /// Start a 3-D Secure payment instead (start_3d: POST /v2/transaction/tds_initial): print the
    /// bank's page (post_url) to open, then finish with `paynet pay complete`. Needs --return-url.
    #[arg(long = "3d", requires = "return_url")]
    three_d: bool,
    /// With --3d: where the bank's page posts session_id and token_id back (https, or http on
    /// loopback). Its host name is the merchant's domain when PAYNET_DOMAIN is not set.
    #[arg(long, value_name = "URL", requires = "three_d")]
    return_url: Option<String>,
}

/// `paynet pay complete`.
#[derive(Debug, Args)]
struct CompleteArgs {
    /// The 3-D session (session_id), as `paynet pay --3d` printed it or the bank's page posted it.
    #[arg(long, value_name = "S")]
    session_id: String,
    /// The payment's token (token_id), likewise.
    #[arg(long, value_name = "T")]
    token_id: String,
    /// The order's reference number, as the 3-D payment was started with: if the answer is
    /// lost, the payment is looked up by it.
    #[arg(long, value_name = "R")]
    reference_no: Option<String>,
}

/// `paynet charge`.
#[derive(Debug, Args)]
#[command(
    after_help = CHARGE_AFTER_HELP,
    group(ArgGroup::new("amount_form").required(true).multiple(false).args(["kurus", "lira"]))
)]
pub(crate) struct ChargeArgs {
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

/// `paynet payment detail`.
#[derive(Debug, Args)]
#[command(group(
    ArgGroup::new("transaction")
        .required(true)
        .multiple(false)
        .args(["xact_id", "xact", "reference_no"])
))]
pub(crate) struct PaymentDetailArgs {
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

/// `paynet pay` or `paynet pay complete`.
pub(crate) async fn run(global: &Global, command: PayCommand) -> Result<(), Failure> {
    match command.complete {
        Some(PaySubcommand::Complete(args)) => complete(global, args).await,
        None => pay(global, command.args).await,
    }
}

/// What `pay` sends: a payment, or the start of a 3-D Secure one.
enum PayRequest {
    Direct(PaymentRequest),
    ThreeD(Start3dRequest),
}

async fn pay(global: &Global, args: PayArgs) -> Result<(), Failure> {
    // clap requires both (unless `complete` is given): checked again, never assumed.
    let (Some(amount_text), Some(reference_no)) = (args.amount, args.reference_no) else {
        return Err(Failure::Usage(
            "pay needs --amount and --reference-no".to_owned(),
        ));
    };
    let amount = amount(&amount_text)?;
    let method: PaymentMethod = match args.card_hash {
        Some(hash) => CardHash::new(hash).map_err(Failure::Sdk)?.into(),
        None => card_from_environment()?.into(),
    };
    let mut builder = PaymentRequest::builder(amount, reference_no, method);
    if let Some(n) = args.instalment {
        builder = builder.instalment(n);
    }
    if args.pre_auth {
        builder = builder.pre_authorisation();
    }
    if let Some(text) = args.description {
        builder = builder.description(text);
    }
    let payment = builder.build().map_err(Failure::Sdk)?;
    let request = match (args.three_d, args.return_url) {
        (true, Some(url)) => {
            PayRequest::ThreeD(Start3dRequest::new(payment, url).map_err(Failure::Sdk)?)
        }
        (true, None) => return Err(Failure::Usage("--3d needs --return-url".to_owned())),
        (false, _) => PayRequest::Direct(payment),
    };
    let key = credential(SECRET_KEY_VAR, "pay", SecretKey::new)?;
    let client = client(global, Some(key), merchant_domain()?)?;
    match request {
        PayRequest::Direct(payment) => {
            tracing::debug!(
                target: "paynet_cli",
                base_url = client.base_url(),
                amount = %payment.amount(),
                reference_no = payment.reference_no(),
                card = %method_text(payment.method()),
                "sending {}",
                Operation::PAY
            );
            let outcome = client
                .pay(&payment)
                .await
                .map_err(|e| domain_missing(e, false))?;
            tracing::debug!(target: "paynet_cli", outcome = ?outcome, "{} answered", Operation::PAY);
            report(global, &outcome)
        }
        PayRequest::ThreeD(start) => {
            tracing::debug!(
                target: "paynet_cli",
                base_url = client.base_url(),
                amount = %start.payment().amount(),
                reference_no = start.payment().reference_no(),
                card = %method_text(start.payment().method()),
                return_url = start.return_url(),
                "sending {}",
                Operation::START_3D
            );
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
    }
}

async fn complete(global: &Global, args: CompleteArgs) -> Result<(), Failure> {
    let mut request =
        Complete3dRequest::from_ids(args.session_id, args.token_id).map_err(Failure::Sdk)?;
    if let Some(reference) = args.reference_no {
        request = request.reference_no(reference).map_err(Failure::Sdk)?;
    }
    let key = credential(SECRET_KEY_VAR, "pay complete", SecretKey::new)?;
    let client = client(global, Some(key), None)?;
    tracing::debug!(
        target: "paynet_cli",
        base_url = client.base_url(),
        session_id = request.session_id(),
        "sending {}",
        Operation::COMPLETE_3D
    );
    let outcome = client.complete_3d(&request).await.map_err(Failure::Sdk)?;
    tracing::debug!(target: "paynet_cli", outcome = ?outcome, "{} answered", Operation::COMPLETE_3D);
    report(global, &outcome)
}

pub(crate) async fn charge(global: &Global, args: ChargeArgs) -> Result<(), Failure> {
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
    let mut builder = ChargeRequest::builder(args.session_id, args.token_id, amount);
    if let Some(reference) = args.reference_no {
        builder = builder.reference_no(reference);
    }
    if args.pre_auth {
        builder = builder.pre_authorisation();
    }
    let request = builder.build().map_err(Failure::Sdk)?;
    let key = credential(SECRET_KEY_VAR, "charge", SecretKey::new)?;
    let client = client(global, Some(key), None)?;
    tracing::debug!(
        target: "paynet_cli",
        base_url = client.base_url(),
        amount = %request.amount().amount(),
        reference_no = request.reference_no().unwrap_or(""),
        "sending {}",
        Operation::CHARGE
    );
    let outcome = client.charge(&request).await.map_err(Failure::Sdk)?;
    tracing::debug!(target: "paynet_cli", outcome = ?outcome, "{} answered", Operation::CHARGE);
    report(global, &outcome)
}

pub(crate) async fn detail(global: &Global, args: PaymentDetailArgs) -> Result<(), Failure> {
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
    tracing::debug!(
        target: "paynet_cli",
        base_url = client.base_url(),
        transaction = %request.transaction(),
        "sending {}",
        Operation::PAYMENT_DETAIL
    );
    let check = client
        .payment_detail(&request)
        .await
        .map_err(Failure::Sdk)?;
    tracing::debug!(target: "paynet_cli", check = ?check, "{} answered", Operation::PAYMENT_DETAIL);
    if let Some(latest) = check.latest().filter(|t| t.is_succeed == Some(false)) {
        let (transaction, code) = (Box::new(latest.clone()), check.result_code);
        return Err(Failure::SaleDeclined { transaction, code });
    }
    match global.json {
        true => out(&json::line(&check)),
        false => out(&render::payment_checked(
            &request.transaction().to_string(),
            &check,
        )),
    }
    Ok(())
}

/// Prints an approved payment (exit 0), or turns a decline into its failure (exit 3). `--json`
/// prints the outcome as the SDK serialises it: the transaction.
fn report(global: &Global, outcome: &PaymentOutcome) -> Result<(), Failure> {
    match outcome {
        PaymentOutcome::Approved {
            transaction,
            replayed,
            reconciled,
            ..
        } => {
            if global.json {
                out(&json::line(outcome));
            } else {
                out(&render::payment_approved(
                    transaction,
                    *replayed,
                    *reconciled,
                ));
            }
            Ok(())
        }
        PaymentOutcome::Declined {
            transaction,
            reconciled,
            ..
        } => Err(Failure::PaymentDeclined {
            transaction: transaction.clone(),
            reconciled: *reconciled,
        }),
    }
}

/// How a payment is paid, for the log: the masked card, or "a stored card".
fn method_text(method: &PaymentMethod) -> String {
    match method {
        PaymentMethod::Card(card) => format!("card {}", card.masked_number()),
        PaymentMethod::Stored(_) => "a stored card (card_hash)".to_owned(),
    }
}

/// `PAYNET_DOMAIN`, when set (blank counts as not set).
fn merchant_domain() -> Result<Option<String>, Failure> {
    match std::env::var(DOMAIN_VAR) {
        Ok(text) if text.trim().is_empty() => Ok(None),
        Ok(text) => Ok(Some(text)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Failure::Usage(format!(
            "the {DOMAIN_VAR} environment variable is not valid UTF-8"
        ))),
    }
}

/// The SDK's "no domain" refusal (nothing was sent) as a usage error that says how to give one.
fn domain_missing(error: Error, three_d: bool) -> Failure {
    match error {
        Error::InvalidRequest {
            field: "domain", ..
        } => Failure::Usage(format!(
            "Paynet requires the merchant's domain on card payments: set {DOMAIN_VAR} (e.g. \
             {DOMAIN_VAR}=www.acme.com){}",
            if three_d {
                ", or give --return-url on the merchant's host name (an IP address is no domain)"
            } else {
                ""
            }
        )),
        other => Failure::Sdk(other),
    }
}

/// The card in `PAYNET_CARD_NUMBER`, `PAYNET_CARD_EXPIRY`, `PAYNET_CARD_CVC` and
/// `PAYNET_CARD_HOLDER`, checked by the SDK. Errors name the variable, never its value.
fn card_from_environment() -> Result<Card, Failure> {
    let read = |var: &'static str| match std::env::var(var) {
        Ok(text) => Ok(Some(text)),
        Err(std::env::VarError::NotPresent) => Ok(None),
        Err(std::env::VarError::NotUnicode(_)) => Err(Failure::Usage(format!(
            "the {var} environment variable is not valid UTF-8"
        ))),
    };
    let number = read(CARD_NUMBER_VAR)?;
    let expiry = read(CARD_EXPIRY_VAR)?;
    let cvc = read(CARD_CVC_VAR)?;
    let holder = read(CARD_HOLDER_VAR)?;
    let missing: Vec<&str> = [
        (CARD_NUMBER_VAR, number.is_none()),
        (CARD_EXPIRY_VAR, expiry.is_none()),
        (CARD_CVC_VAR, cvc.is_none()),
        (CARD_HOLDER_VAR, holder.is_none()),
    ]
    .into_iter()
    .filter_map(|(var, absent)| absent.then_some(var))
    .collect();
    let (Some(number), Some(expiry), Some(cvc), Some(holder)) = (number, expiry, cvc, holder)
    else {
        let verb = if missing.len() == 1 { "is" } else { "are" };
        return Err(Failure::Usage(format!(
            "{} {verb} not set: pay takes the card from {CARD_NUMBER_VAR}, {CARD_EXPIRY_VAR} \
             (MM/YY), {CARD_CVC_VAR} and {CARD_HOLDER_VAR} (card data is never taken as \
             arguments: they would show in `ps` and shell history), or a stored card from \
             --card-hash",
            missing.join(", ")
        )));
    };
    Card::new(number, &expiry, cvc, holder).map_err(card_refused)
}

/// A card the SDK refused, as a usage error naming the variable (never its value).
fn card_refused(error: Error) -> Failure {
    let Error::InvalidRequest { field, reason, .. } = error else {
        return Failure::Sdk(error);
    };
    let var = match field {
        "pan" => CARD_NUMBER_VAR,
        "expiry" => CARD_EXPIRY_VAR,
        "cvc" => CARD_CVC_VAR,
        _ => CARD_HOLDER_VAR,
    };
    // The SDK's expiry reasons quote the expiry: said here without it.
    let why = match field {
        "expiry" if reason.contains("in the past") => {
            "the card has expired (its month is in the past)".to_owned()
        }
        "expiry" => "must be MM/YY (e.g. 08/29), with a month from 01 to 12".to_owned(),
        _ => reason,
    };
    Failure::Usage(format!(
        "the {var} environment variable is not valid: {why}; nothing was sent"
    ))
}
