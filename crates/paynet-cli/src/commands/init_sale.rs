//! `paynet init-sale`: starts a PayPOS SoftPOS sale.

use paynet::{InitSaleBuilder, InitSaleRequest};

use super::prelude::*;

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
    let request = InitSaleRequest::builder(amount(&args.amount)?)
        .maybe(args.instalment, InitSaleBuilder::instalment)
        .when(args.add_commission, |builder| builder.add_commission(true))
        .maybe(args.reference_no, InitSaleBuilder::reference_no)
        .maybe(args.description, InitSaleBuilder::description)
        .maybe(args.card_holder_phone, InitSaleBuilder::card_holder_phone)
        .maybe(args.card_holder_mail, InitSaleBuilder::card_holder_mail)
        .maybe(args.selected_agent_id, InitSaleBuilder::selected_agent_id)
        .maybe(args.callback_url, InitSaleBuilder::callback_url)
        .build()
        .map_err(Failure::Sdk)?;
    let paypos = paypos(global, "init-sale")?;
    let call = paypos.init_sale(&request);
    let session = send(paypos.client().base_url(), &request, call).await?;
    print(global, &session, || {
        render::sale_started(&request, &session)
    })
}
