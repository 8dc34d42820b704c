//! Card payments' shared input (`pay`, `start-3d`): the payment's flags (a stored card, the
//! saving of the card while paying), the card from the environment (never from arguments: they
//! show in `ps` and in shell history; also `save-card`'s), and the refusals about it in the words
//! of the variables.
//!
//! The card is read from `PAYNET_CARD_NUMBER`, `PAYNET_CARD_EXPIRY`, `PAYNET_CARD_CVC` and
//! `PAYNET_CARD_HOLDER`. The number is registered with the client as a secret whichever command
//! runs (see `context::build_client`); the SDK scrubs the number and the CVC from every answer of
//! the payment that carries them (the CVC only where a number stands alone, never in a result
//! code: a CVC of `100` leaves result code 100 readable).

use paynet::{
    Card, CardHash, CardOwner, Error, PaymentBuilder, PaymentMethod, PaymentRequest,
    SaveCardOptions,
};

use crate::context::{
    CARD_CVC_VAR, CARD_EXPIRY_VAR, CARD_HOLDER_VAR, CARD_NUMBER_VAR, DOMAIN_VAR, amount, env_text,
};
use crate::failure::Failure;
use crate::values::Flags as _;

/// With `--3d`, where else the merchant's domain can come from.
const RETURN_URL_DOMAIN: &str =
    ", or give --return-url on the merchant's host name (an IP address is no domain)";

/// The SDK's "no domain" refusal (nothing was sent) as a usage error that says how to give one;
/// any other failure as it is.
pub(crate) fn domain_missing(failure: Failure, three_d: bool) -> Failure {
    match failure {
        Failure::Sdk(Error::InvalidRequest {
            field: "domain", ..
        }) => Failure::Usage(format!(
            "Paynet requires the merchant's domain on card payments: set {DOMAIN_VAR} (e.g. \
             {DOMAIN_VAR}=www.acme.com){}",
            if three_d { RETURN_URL_DOMAIN } else { "" }
        )),
        other => other,
    }
}

/// The card in `PAYNET_CARD_NUMBER`, `PAYNET_CARD_EXPIRY`, `PAYNET_CARD_CVC` and
/// `PAYNET_CARD_HOLDER`, checked by the SDK, for `command`: its CVC required (`pay`), or optional
/// (`save-card`: without it the card is stored without the bank's 1 TL check). Errors name the
/// variable, never its value.
pub(crate) fn read_card(command: &str, cvc_required: bool) -> Result<Card, Failure> {
    let number = env_text(CARD_NUMBER_VAR)?;
    let expiry = env_text(CARD_EXPIRY_VAR)?;
    let cvc = env_text(CARD_CVC_VAR)?;
    let holder = env_text(CARD_HOLDER_VAR)?;
    let missing: Vec<&str> = [
        (CARD_NUMBER_VAR, number.is_none()),
        (CARD_EXPIRY_VAR, expiry.is_none()),
        (CARD_CVC_VAR, cvc_required && cvc.is_none()),
        (CARD_HOLDER_VAR, holder.is_none()),
    ]
    .into_iter()
    .filter_map(|(var, absent)| absent.then_some(var))
    .collect();
    let (Some(number), Some(expiry), Some(holder), true) =
        (number, expiry, holder, missing.is_empty())
    else {
        let verb = if missing.len() == 1 { "is" } else { "are" };
        let (cvc_words, stored) = match cvc_required {
            true => ("", ", or a stored card from --card-hash"),
            false => (" (optional: the bank's 1 TL check)", ""),
        };
        return Err(Failure::Usage(format!(
            "{} {verb} not set: {command} takes the card from {CARD_NUMBER_VAR}, \
             {CARD_EXPIRY_VAR} (MM/YY), {CARD_CVC_VAR}{cvc_words} and {CARD_HOLDER_VAR} (card data \
             is never taken as arguments: they would show in `ps` and shell history){stored}",
            missing.join(", ")
        )));
    };
    match cvc {
        Some(cvc) => Card::new(number, &expiry, cvc, holder),
        None => Card::without_cvc(number, &expiry, holder),
    }
    .map_err(card_refused)
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

pub(crate) const PAY_AFTER_HELP: &str = "\
The card comes from the environment, never from arguments (they would show in `ps` and in shell
history):
  PAYNET_CARD_NUMBER  the card number (spaces and dashes between groups are allowed)
  PAYNET_CARD_EXPIRY  its expiry, MM/YY (e.g. 08/29)
  PAYNET_CARD_CVC     its CVC (3 or 4 digits)
  PAYNET_CARD_HOLDER  the name on the card
or a stored card is named with --card-hash (with --card-owner-id, the customer it belongs to). The
card is checked before anything is sent (the Luhn check, an expiry in the past, the CVC), and the
tool never prints its number beyond the first 6 and last 4 digits (435508******4358), nor its
CVC, even when Paynet sends them back in the payment's answer. With --save-card, Paynet stores
the card for the customer when the payment succeeds; the answer says whether it did
(is_save_card_succeed) and gives its card_hash and the customer's card_owner_id.

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
    /// The stored card's owner, and saving the card while paying (boxed: the command's
    /// arguments stay small).
    #[command(flatten)]
    stored: Box<StoredCardArgs>,
}

/// A card payment's stored-card flags: the stored card's owner, and saving the card while
/// paying.
#[derive(Debug, clap::Args)]
pub(crate) struct StoredCardArgs {
    /// The customer's card_owner_id: sent beside --card-hash (the card must be theirs), or, with
    /// --save-card, the known customer the card is saved for.
    #[arg(long, value_name = "ID")]
    card_owner_id: Option<String>,
    /// Store the card in PAYNET_CARD_* for the customer when the payment succeeds (needs
    /// --card-desc, and --user-unique-id for a customer's first card or --card-owner-id).
    #[arg(long, requires = "card_desc", conflicts_with = "card_hash")]
    save_card: bool,
    /// With --save-card: the stored card's description (at most 50 characters).
    #[arg(long, value_name = "TEXT", requires = "save_card")]
    card_desc: Option<String>,
    /// With --save-card: the merchant's own key for a customer whose first card this is.
    #[arg(long, value_name = "ID", requires = "save_card")]
    user_unique_id: Option<String>,
    /// With --save-card: the customer's GSM, 5XXXXXXXXX (Paynet wants it when OTP is on).
    #[arg(long, value_name = "5XXXXXXXXX", requires = "save_card")]
    user_gsm_no: Option<String>,
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
            None => read_card("pay", true)?.into(),
        };
        let mut builder = PaymentRequest::builder(amount, reference_no, method)
            .maybe(self.instalment, PaymentBuilder::instalment)
            .when(self.pre_auth, PaymentBuilder::pre_authorisation)
            .maybe(self.description, PaymentBuilder::description);
        let stored = *self.stored;
        if stored.save_card {
            let owner = CardOwner::from_ids(stored.user_unique_id, stored.card_owner_id.clone())
                .map_err(Failure::Sdk)?;
            let mut save = SaveCardOptions::new(owner, stored.card_desc.unwrap_or_default())
                .map_err(Failure::Sdk)?;
            if let Some(gsm) = stored.user_gsm_no {
                save = save.user_gsm(gsm).map_err(Failure::Sdk)?;
            }
            builder = builder.save_card(save);
        } else if let Some(owner) = stored.card_owner_id {
            builder = builder.card_owner_id(owner);
        }
        builder.build().map_err(Failure::Sdk)
    }
}
