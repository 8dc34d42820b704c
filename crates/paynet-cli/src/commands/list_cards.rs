//! `paynet list-cards`: a customer's stored cards, one page (list_cards), as a table: each card's
//! mask (first 6 and last 4 digits), bank, brand, description and card_hash.

use paynet::{Client, ListCardsBuilder, ListCardsRequest};

use super::prelude::*;

const AFTER_HELP: &str = "\
One page of the customer's cards (Paynet's default: 10 rows): --limit rows from the row offset
--starting-after (forward) or up to --ending-before (backward). A customer without cards is an
empty list, exit 0. Each card shows its mask (435508******4358), never its number; its card_hash
pays with it: paynet pay --card-hash H --card-owner-id ID. --json prints Paynet's names (Data,
card_no, card_bank_name, card_brand_name, card_desc, card_hash...).

Exit codes: 0 listed, 2 invalid input or usage (nothing sent), 3 refused by Paynet, 4 transport
failure or timeout, 5 an answer that could not be understood.";

/// `paynet list-cards`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct Args {
    /// The customer whose cards are listed (the card_owner_id of their first save).
    #[arg(long, value_name = "ID", required = true)]
    card_owner_id: Option<String>,
    /// Rows per page (1 to 1000; Paynet's default is 10).
    #[arg(long, value_name = "N")]
    limit: Option<u32>,
    /// The page of rows starting at this offset (15 with --limit 15: rows 15 to 30).
    #[arg(long, value_name = "N", conflicts_with = "ending_before")]
    starting_after: Option<u64>,
    /// The page of rows ending before this offset (90 with --limit 15: rows 75 to 90).
    #[arg(long, value_name = "N")]
    ending_before: Option<u64>,
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let request = ListCardsRequest::builder(args.card_owner_id.unwrap_or_default())
        .maybe(args.limit, ListCardsBuilder::limit)
        .maybe(args.starting_after, ListCardsBuilder::starting_after)
        .maybe(args.ending_before, ListCardsBuilder::ending_before)
        .build()
        .map_err(Failure::refused_option)?;
    let list = call(global, "list-cards", &request, Client::list_cards).await?;
    print(global, &list, || {
        render::cards_table(request.card_owner_id(), &list)
    })
}
