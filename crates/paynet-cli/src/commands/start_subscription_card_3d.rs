//! `paynet start-subscription-card-3d`: starts adding the payer's card to a subscription through
//! the bank's 3-D Secure page, with the card from the `PAYNET_CARD_*` variables of `paynet pay`
//! (never from arguments), and prints the page to open; `paynet confirm-subscription-card-3d`
//! then adds the card.

use paynet::StartSubscriptionCard3dBuilder as Builder;
use paynet::{Client, StartSubscriptionCard3dRequest, ThreeDSession};

use super::prelude::*;
use crate::cards::read_card;

const AFTER_HELP: &str = "\
The card comes from the environment, as for `paynet pay`, never from arguments (they would show
in `ps` and in shell history):
  PAYNET_CARD_NUMBER  the card number (spaces and dashes between groups are allowed)
  PAYNET_CARD_EXPIRY  its expiry, MM/YY (e.g. 08/29)
  PAYNET_CARD_CVC     its CVV (3 or 4 digits)
  PAYNET_CARD_HOLDER  the name on the card
The card is checked before anything is sent (the Luhn check, an expiry in the past, the CVV), and
the tool never prints its number beyond the first 6 and last 4 digits, nor its CVV.
Credential: PAYNET_SECRET_KEY (from the environment only).

Name the subscription with --reference-no, --subscription-id or --group-reference-no (every
subscription of the group). No money moves: open the printed page, pass the bank's check, and
finish with `paynet confirm-subscription-card-3d --session-id .. --token-id ..` (the page posts
both to --return-url).

--json prints the 3-D session. Exit codes: 0 started, 2 invalid input (nothing sent), 3 refused,
4 transport failure or outcome unknown, 5 an answer that could not be read.";

/// `paynet start-subscription-card-3d`: the subscription, where the page posts back, a label.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct Args {
    /// The subscription's GUID (subscription_id).
    #[arg(long, value_name = "GUID")]
    subscription_id: Option<String>,
    /// The merchant's key of the subscription (reference_no).
    #[arg(long, value_name = "R")]
    reference_no: Option<String>,
    /// Every subscription of this group (group_reference_no).
    #[arg(long, value_name = "G")]
    group_reference_no: Option<String>,
    /// Where the bank's page posts session_id and token_id back (https, or http on loopback).
    #[arg(long, value_name = "URL")]
    return_url: String,
    /// A label for the card (what `paynet filter-subscription-cards --label` finds it by).
    #[arg(long, value_name = "L")]
    label: Option<String>,
}

impl Args {
    /// The request: the flags and the card in the environment, checked by the SDK.
    fn request(self) -> Result<StartSubscriptionCard3dRequest, Failure> {
        let card = read_card("pay", true)?;
        StartSubscriptionCard3dRequest::builder(card, self.return_url)
            .maybe(self.subscription_id, Builder::subscription_id)
            .maybe(self.reference_no, Builder::reference_no)
            .maybe(self.group_reference_no, Builder::group_reference_no)
            .maybe(self.label, Builder::label)
            .build()
            .map_err(Failure::Sdk)
    }
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let request = args.request()?;
    let method = Client::start_subscription_card_3d;
    let session = call(global, "start-subscription-card-3d", &request, method).await?;
    print(global, &session, || started(&request, &session))
}

/// What the text output says: the card, the page to open, and the command that finishes.
fn started(request: &StartSubscriptionCard3dRequest, s: &ThreeDSession) -> String {
    let page = match &s.post_url {
        Some(url) => format!("Open the bank's page: {url}"),
        None => "Show the payer the page in html_content (see --json).".to_owned(),
    };
    let (session, token) = (&s.session_id, &s.token_id);
    format!(
        "Adding card {} to the subscription {} through 3-D Secure: nothing is charged.\n{page}\n  \
         session_id  {session}\n  token_id    {token}\nThen: paynet confirm-subscription-card-3d \
         --session-id {session} --token-id {token}",
        request.card().masked_number(),
        request.subject(),
    )
}
