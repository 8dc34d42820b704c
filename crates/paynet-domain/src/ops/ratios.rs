//! The instalment table: banks and their instalment options, ratios exact.

use paynet_api::operations::bind;
use paynet_api::paynet_reports::types as reports;
use paynet_api::wire::JsonDecimal;

use super::read::{amount, amount_of, decimal, flag, int, list_envelope, text};
use crate::codes::CardType;
use crate::error::Error;
use crate::exchange::{Defaults, Request, Token, outcome};
use crate::ratios::{BankRatios, InstalmentOption, RatioTable, RatiosRequest};
use crate::reader::Reader;

impl Request for RatiosRequest {
    type Output = RatioTable;
    type Wire = bind::Ratios;

    fn body(&self, _: Token, _: &Defaults) -> Result<reports::RatioRequest, Error> {
        Ok(reports::RatioRequest {
            pos_type: None,
            amount: self.amount.map(|a| JsonDecimal(a.lira())),
            addcomission_to_amount: self.add_commission_to_amount,
            bin: self.bin.clone(),
            agent_id: self.agent_id.clone(),
            ratio_code: self.ratio_code.clone(),
        })
    }

    fn read(&self, a: reports::RatioTable, r: &Reader<'_>) -> Result<RatioTable, Error> {
        // An unknown BIN is "no data": an empty table, not an error.
        let (result_code, message) = list_envelope(r, a.code, a.message)?;
        let cur = crate::money::Currency::Try;
        let banks = a
            .data
            .into_iter()
            .map(|b| {
                let options = b
                    .ratio
                    .into_iter()
                    .map(|o| {
                        // Real answers spell it `commision`; the docs `commission`.
                        let commission = o.commision.or(o.commission);
                        let commission_tax = o.commision_tax.or(o.commission_tax);
                        Ok(InstalmentOption {
                            key: text(o.instalment_key),
                            count: int(o.instalment),
                            instalment_amount: amount_of!(r, o.instalment_amount, cur)?,
                            total: amount_of!(r, o.total_amount, cur)?,
                            net: amount_of!(r, o.total_net_amount, cur)?,
                            ratio: decimal(r, "ratio", o.ratio)?,
                            commission: amount(r, "commision", commission, cur)?,
                            commission_tax: amount(r, "commision_tax", commission_tax, cur)?,
                            description: text(o.desc),
                            ratio_code: text(o.ratio_code),
                            plus_instalments: int(o.plus_installment),
                        })
                    })
                    .collect::<Result<Vec<_>, Error>>()?;
                Ok(BankRatios {
                    bank_id: text(b.bank_id),
                    bank_name: text(b.bank_name),
                    bank_logo: text(b.bank_logo),
                    card_type: text(b.card_type).map(|c| CardType::parse(&c)),
                    tds_required: flag(b.tds_required),
                    options,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(RatioTable {
            banks,
            result_code,
            message,
        })
    }
}

outcome!(RatioTable, |o| if o.banks.is_empty() {
    "no options"
} else {
    "table"
});
