//! `paynet list-refunds` (also `paynet refunds list`): the refund and cancellation requests of a
//! date range, with Paynet's decision on each; one page or every page with `--all`.

use paynet::{Operation, RefundListRequest, SecretKey};

use crate::context::{Global, SECRET_KEY_VAR, client, credential, out, sending};
use crate::failure::Failure;
use crate::listing::{
    LIST_AFTER_HELP, ListArgs, Listed, check_range, drain, list_refused, one_page, page_size,
};
use crate::{json, render};

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
    let (rows, total_count, has_more) = if list.all {
        let rows = drain(client.refunds(&request), request.limit()).await?;
        let count = rows.len() as u64;
        (rows, Some(count), false)
    } else {
        let page = client.list_refunds(&request).await.map_err(Failure::Sdk)?;
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
        out(&render::refunds_table(range, &rows, total_count, has_more));
    }
    Ok(())
}
