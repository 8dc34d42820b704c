//! `paynet save-card`: stores a customer's card (save_card), the card read from the same
//! variables as `paynet pay`'s and the one-time password from `PAYNET_OTP_CODE`.

use paynet::{CardOwner, Client, Error, SaveCardBuilder, SaveCardRequest};

use super::prelude::*;
use crate::cards::read_card;
use crate::generic::secret_env;

/// The one-time password a save carries when OTP is mandatory for the merchant (as
/// `check-card-otp` reads it).
pub(crate) const OTP_CODE_VAR: &str = "PAYNET_OTP_CODE";

const AFTER_HELP: &str = "\
The card comes from the environment, never from arguments (they would show in `ps` and in shell
history), as for `paynet pay`:
  PAYNET_CARD_NUMBER  the card number (spaces and dashes between groups are allowed)
  PAYNET_CARD_EXPIRY  its expiry, MM/YY (e.g. 08/29)
  PAYNET_CARD_CVC     its CVC (optional: with it, the bank checks the card with a 1 TL
                      pre-authorisation and cancels it at once)
  PAYNET_CARD_HOLDER  the name on the card
  PAYNET_OTP_CODE     with --otp-session-id: the one-time password the customer received
The card is checked before anything is sent (the Luhn check, an expiry in the past), and so are
the description (at most 50 characters) and the GSM (5XXXXXXXXX). The tool never prints the
card's number beyond its first 6 and last 4 digits, its CVC or the password, even when Paynet
sends them back.

A customer's first card: --user-unique-id (the merchant's own key for them: a user id, a GSM, an
e-mail). Paynet answers the customer's card_owner_id: keep it, every later save (--card-owner-id),
list and payment uses it. When Paynet requires a one-time password before a save:
  paynet send-card-otp --user-gsm 5XXXXXXXXX --otp-session-id S
  PAYNET_OTP_CODE=... paynet check-card-otp --user-gsm 5XXXXXXXXX --otp-session-id S
  PAYNET_OTP_CODE=... paynet save-card ... --user-gsm 5XXXXXXXXX --otp-session-id S
A save is never sent twice: when its answer is lost, the outcome is unknown (exit 4); list the
customer's cards (paynet list-cards) before saving again.

Exit codes: 0 saved, 2 invalid input or usage (nothing sent), 3 refused by Paynet (e.g. the bank
declined the 1 TL check, or the one-time password is wrong), 4 transport failure or outcome
unknown, 5 an answer that could not be understood.";

/// `paynet save-card`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct Args {
    /// The merchant's own key for the customer (a user id, a GSM, an e-mail): a customer's first
    /// save. Paynet answers their card_owner_id.
    #[arg(long, value_name = "ID")]
    user_unique_id: Option<String>,
    /// The customer's card_owner_id (from their first save): every later save.
    #[arg(long, value_name = "ID")]
    card_owner_id: Option<String>,
    /// The card's description in the customer's list (at most 50 characters).
    #[arg(long, value_name = "TEXT", required = true)]
    card_desc: Option<String>,
    /// The customer's GSM, ten digits 5XXXXXXXXX (the one the one-time password went to).
    #[arg(long, value_name = "5XXXXXXXXX")]
    user_gsm: Option<String>,
    /// The one-time password's session (as given to send-card-otp and check-card-otp); the
    /// password itself comes from PAYNET_OTP_CODE.
    #[arg(long, value_name = "S")]
    otp_session_id: Option<String>,
}

/// The request the flags and the environment describe, checked by the SDK.
fn request(args: Args) -> Result<SaveCardRequest, Failure> {
    let owner = CardOwner::from_ids(args.user_unique_id, args.card_owner_id)
        .map_err(Failure::refused_option)?;
    let card = read_card("save-card", false)?;
    let code = secret_env(OTP_CODE_VAR, "save-card", args.otp_session_id.is_some())?;
    if code.is_some() && args.otp_session_id.is_none() {
        return Err(Failure::Usage(format!(
            "{OTP_CODE_VAR} is set but --otp-session-id is not: a one-time password goes with its \
             session"
        )));
    }
    let otp = args.otp_session_id.zip(code);
    let builder = SaveCardRequest::builder(card, owner, args.card_desc.unwrap_or_default())
        .maybe(args.user_gsm, SaveCardBuilder::user_gsm)
        .maybe(otp, |builder, (session, code)| builder.otp(session, code));
    builder.build().map_err(|e| match e {
        Error::InvalidRequest {
            field: "otp_code",
            reason,
        } => Failure::Usage(format!(
            "the {OTP_CODE_VAR} environment variable is not valid: {reason}; nothing was sent"
        )),
        other => Failure::refused_option(other),
    })
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let request = request(args)?;
    let saved = call(global, "save-card", &request, Client::save_card).await?;
    print(global, &saved, || render::saved_card(&saved))
}
