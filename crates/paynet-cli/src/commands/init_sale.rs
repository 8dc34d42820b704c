//! `paynet init-sale`: starts a PayPOS SoftPOS sale.

use paynet::{InitSaleRequest, Operation};

use crate::context::{Global, amount, out, paypos, sending};
use crate::failure::Failure;
use crate::{json, render};

#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The amount in TL, written with '.' as the decimal separator (e.g. 149.90).
    #[arg(long, value_name = "TL")]
    amount: String,
    /// Instalment count (0 or 1: a single payment).
    #[arg(long, value_name = "N")]
    instalment: Option<u8>,
    /// Have Paynet add its commission on top of the amount.
    #[arg(long)]
    add_commission: bool,
    /// The merchant's reference number for the sale.
    #[arg(long, value_name = "R")]
    reference_no: Option<String>,
    /// A description of the sale.
    #[arg(long, value_name = "D")]
    description: Option<String>,
    /// The card holder's phone number.
    #[arg(long, value_name = "P")]
    card_holder_phone: Option<String>,
    /// The card holder's e-mail address.
    #[arg(long, value_name = "M")]
    card_holder_mail: Option<String>,
    /// The agent (bayi) the sale is made for.
    #[arg(long, value_name = "A")]
    selected_agent_id: Option<String>,
    /// Where PayPOS sends the user back (e.g. myshop://paypos/return).
    #[arg(long, value_name = "URL")]
    callback_url: Option<String>,
}

pub(crate) async fn run(global: &Global, args: Args) -> Result<(), Failure> {
    let mut builder = InitSaleRequest::builder(amount(&args.amount)?);
    if let Some(n) = args.instalment {
        builder = builder.instalment(n);
    }
    if args.add_commission {
        builder = builder.add_commission(true);
    }
    if let Some(v) = args.reference_no {
        builder = builder.reference_no(v);
    }
    if let Some(v) = args.description {
        builder = builder.description(v);
    }
    if let Some(v) = args.card_holder_phone {
        builder = builder.card_holder_phone(v);
    }
    if let Some(v) = args.card_holder_mail {
        builder = builder.card_holder_mail(v);
    }
    if let Some(v) = args.selected_agent_id {
        builder = builder.selected_agent_id(v);
    }
    if let Some(v) = args.callback_url {
        builder = builder.callback_url(v);
    }
    let request = builder.build().map_err(Failure::Sdk)?;
    let paypos = paypos(global, "init-sale")?;
    let client = paypos.client();
    sending(client.base_url(), Operation::INIT_SALE, &request);
    let session = paypos.init_sale(&request).await.map_err(Failure::Sdk)?;
    tracing::debug!(target: "paynet_cli", session = ?session, "{} answered", Operation::INIT_SALE);
    if global.json {
        out(&json::line(&session));
    } else {
        out(&render::sale_started(&request, &session));
    }
    Ok(())
}
