//! `paynet list-payments` (also `paynet payments list`): the transactions of a date range, one
//! page or every page with `--all`.

use paynet::{Operation, PaymentListRequest, SecretKey};

use crate::context::{Global, SECRET_KEY_VAR, client, credential, out, sending};
use crate::failure::Failure;
use crate::listing::{
    LIST_AFTER_HELP, ListArgs, Listed, check_range, drain, list_refused, one_page, page_size,
};
use crate::{json, render};

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
    let (rows, total_count, has_more) = if list.all {
        let rows = drain(client.payments(&request), request.limit()).await?;
        let count = rows.len() as u64;
        (rows, Some(count), false)
    } else {
        let page = client.list_payments(&request).await.map_err(Failure::Sdk)?;
        one_page(page)
    };
    let range = (list.from, list.to);
    if global.json {
        out(&json::line(&Listed {
            count: rows.len(),
            rows: &rows,
            total_count,
            has_more,
        }));
    } else {
        out(&render::payments_table(range, &rows, total_count, has_more));
    }
    Ok(())
}
