//! `paynet list-payments` (also `paynet payments list`): the transactions of a date range, one
//! page or every page with `--all`.

use paynet::{Operation, PaymentListRequest, SecretKey};

use crate::context::{Global, SECRET_KEY_VAR, client, credential, sending};
use crate::failure::Failure;
use crate::listing::{LIST_AFTER_HELP, ListArgs, check_range, list_refused, page_size, show};
use crate::render;

/// `paynet payments list`.
#[derive(Debug, clap::Args)]
#[command(after_help = LIST_AFTER_HELP)]
pub(crate) struct Args {
    #[command(flatten)]
    list: ListArgs,
    /// Unsuccessful (declined) transactions too (default: successful ones only).
    #[arg(long)]
    show_unsucceed: bool,
    /// Leave out the transactions marked transferred (`paynet mark-transferred`).
    #[arg(long)]
    untransferred: bool,
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let list = args.list;
    check_range(&list)?;
    let request = PaymentListRequest::builder(list.from, list.to)
        .limit(page_size(&list))
        .show_unsucceed(args.show_unsucceed)
        .untransferred(args.untransferred)
        .build()
        .map_err(list_refused)?;
    let key = credential(SECRET_KEY_VAR, "payments list", SecretKey::new)?;
    let client = client(global, Some(key), None)?;
    sending(client.base_url(), Operation::LIST_PAYMENTS, &request);
    let limit = request.limit();
    let (stream, page) = (client.payments(&request), client.list_payments(&request));
    show(global, &list, limit, stream, page, render::payments_table).await
}
