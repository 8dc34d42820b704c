//! `paynet pay`: a direct card payment, or with `--3d` the start of a 3-D Secure one
//! (`start_3d`); `paynet pay complete` finishes a 3-D Secure payment (`complete_3d`).

use clap::Subcommand;
use paynet::{CardHash, Operation, PaymentMethod, PaymentRequest, SecretKey};

use crate::cards::{card_from_environment, domain_missing};
use crate::context::{
    Global, SECRET_KEY_VAR, amount, client, credential, merchant_domain, sending,
};
use crate::failure::Failure;
use crate::report;

pub(crate) const AFTER_HELP: &str = "\
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

/// `paynet pay ...` and `paynet pay complete ...`.
#[derive(Debug, clap::Args)]
#[command(
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true,
    after_help = AFTER_HELP
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

/// A card payment's own flags (`pay`, `start-3d`).
#[derive(Debug, clap::Args)]
pub(crate) struct PaymentArgs {
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
}

impl PaymentArgs {
    /// The payment the flags and the card in the environment describe, checked by the SDK.
    pub(crate) fn request(self) -> Result<PaymentRequest, Failure> {
        // clap requires both (unless `complete` is given): checked again, never assumed.
        let (Some(amount_text), Some(reference_no)) = (self.amount, self.reference_no) else {
            return Err(Failure::Usage(
                "pay needs --amount and --reference-no".to_owned(),
            ));
        };
        let amount = amount(&amount_text)?;
        let method: PaymentMethod = match self.card_hash {
            Some(hash) => CardHash::new(hash).map_err(Failure::Sdk)?.into(),
            None => card_from_environment()?.into(),
        };
        let mut builder = PaymentRequest::builder(amount, reference_no, method);
        if let Some(n) = self.instalment {
            builder = builder.instalment(n);
        }
        if self.pre_auth {
            builder = builder.pre_authorisation();
        }
        if let Some(text) = self.description {
            builder = builder.description(text);
        }
        builder.build().map_err(Failure::Sdk)
    }
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
    let key = credential(SECRET_KEY_VAR, "pay", SecretKey::new)?;
    let client = client(global, Some(key), merchant_domain()?)?;
    sending(client.base_url(), Operation::PAY, &payment);
    let outcome = client
        .pay(&payment)
        .await
        .map_err(|e| domain_missing(e, false))?;
    tracing::debug!(target: "paynet_cli", outcome = ?outcome, "{} answered", Operation::PAY);
    report::payment(global, &outcome)
}
