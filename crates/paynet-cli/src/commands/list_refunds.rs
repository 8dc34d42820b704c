//! `paynet list-refunds` (also `paynet refunds list`): the refund and cancellation requests of a
//! date range, with Paynet's decision on each; one page or every page with `--all`.

use paynet::{Operation, RefundListRequest, SecretKey};

use crate::context::{Global, SECRET_KEY_VAR, client, credential, sending};
use crate::failure::Failure;
use crate::listing::{LIST_AFTER_HELP, ListArgs, check_range, list_refused, page_size, show};
use crate::render;

/// `paynet refunds list`.
#[derive(Debug, clap::Args)]
#[command(after_help = LIST_AFTER_HELP)]
pub(crate) struct Args {
    #[command(flatten)]
    list: ListArgs,
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let list = args.list;
    check_range(&list)?;
    let request = RefundListRequest::builder(list.from, list.to)
        .limit(page_size(&list))
        .build()
        .map_err(list_refused)?;
    let key = credential(SECRET_KEY_VAR, "refunds list", SecretKey::new)?;
    let client = client(global, Some(key), None)?;
    sending(client.base_url(), Operation::LIST_REFUNDS, &request);
    let limit = request.limit();
    let (stream, page) = (client.refunds(&request), client.list_refunds(&request));
    show(global, &list, limit, stream, page, render::refunds_table).await
}
