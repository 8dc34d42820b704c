//! The transaction ledger: one record per transaction, whichever endpoint made it, and the shapes
//! each endpoint writes it in.
//!
//! Amounts are whole kuruş (`u64`) and ratios basis points (`199` = 1.99 %): integer arithmetic
//! only, written as TL with two decimals.

use crate::{
    cards::Card,
    clock,
    fixtures::{AGENT_NAME, COMPANY_CODE, COMPANY_NAME},
    triggers,
    wire::{CaptureTx, ChargeTx, CheckTx, DetailTx, Flag, ListRow, Money, Ratio, V2Money, V2Tx},
};

/// `transaction_type` of a sale.
pub(crate) const SALE: u8 = 1;
/// `transaction_type` of a cancellation or refund.
pub(crate) const REVERSAL: u8 = 2;
/// `transaction_type` of a pre-authorisation.
pub(crate) const PRE_AUTH: u8 = 3;
/// `transaction_type` of a capture.
pub(crate) const CAPTURE: u8 = 4;
/// `transaction_type` of a pre-authorisation's cancellation.
pub(crate) const PRE_AUTH_REVERSAL: u8 = 5;
/// `transaction_type` of a capture's cancellation.
pub(crate) const CAPTURE_REVERSAL: u8 = 6;

/// The commission ratio of every transaction: 1.99 %, in basis points.
pub(crate) const RATIO_BP: u32 = 199;
/// The tax on commission, in percent.
const COMMISSION_TAX_PERCENT: u64 = 20;

/// `pos_type` of every simulated transaction: Paynet POS.
pub(crate) const POS_TYPE: u8 = 5;

/// The name of a `transaction_type`, as the detail and list pages write it.
pub(crate) fn type_desc(kind: u8) -> &'static str {
    match kind {
        SALE => "Satış",
        REVERSAL => "İptal/İade",
        PRE_AUTH => "Ön Provizyon",
        CAPTURE => "Finansallaştırma",
        PRE_AUTH_REVERSAL => "Ön Provizyon İptal",
        CAPTURE_REVERSAL => "Finansallaştırma İptal",
        _ => "",
    }
}

/// How a transaction came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Channel {
    /// A direct API call (`v2/transaction/payment`, capture, reversals).
    Api,
    /// A 3-D Secure payment (`tds_initial` + `tds_charge`).
    ThreeD,
    /// Paynet.js (`v1/transaction/charge`).
    Js,
    /// A PayPOS (SoftPOS) sale.
    PayPos,
}

impl Channel {
    /// `channel_id` of the detail and list pages (the simulator's numbering).
    pub(crate) fn id(self) -> u32 {
        match self {
            Channel::Api => 1,
            Channel::ThreeD => 2,
            Channel::Js => 3,
            Channel::PayPos => 4,
        }
    }

    /// `channel_name` of the list page.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Channel::Api => "API",
            Channel::ThreeD => "3D Secure",
            Channel::Js => "Paynet.js",
            Channel::PayPos => "PayPOS",
        }
    }
}

/// Commission, its tax, the net amount and what the card holder paid on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Fees {
    pub(crate) comission: u64,
    pub(crate) tax: u64,
    pub(crate) net: u64,
    pub(crate) end_user: u64,
}

/// Rounds `numerator / denominator` half away from zero (both positive).
fn div_round(numerator: u128, denominator: u128) -> u64 {
    let q = (numerator * 2 + denominator) / (denominator * 2);
    u64::try_from(q).unwrap_or(u64::MAX)
}

/// The commission on `kurus` at `ratio_bp`, rounded to kuruş half away from zero.
pub(crate) fn commission(kurus: u64, ratio_bp: u32) -> u64 {
    div_round(u128::from(kurus) * u128::from(ratio_bp), 10_000)
}

/// The tax on a commission (20 %), rounded to kuruş half away from zero.
pub(crate) fn commission_tax(comission: u64) -> u64 {
    div_round(
        u128::from(comission) * u128::from(COMMISSION_TAX_PERCENT),
        100,
    )
}

/// `amount / n`, rounded to kuruş (an instalment).
pub(crate) fn split(amount: u64, n: u32) -> u64 {
    div_round(u128::from(amount), u128::from(n.max(1)))
}

/// The amount charged and the fees for a payment of `amount` kuruş: with `add_commission`, the
/// commission and its tax are charged on top and the merchant nets `amount`.
pub(crate) fn fees(amount: u64, add_commission: bool) -> (u64, Fees) {
    let comission = commission(amount, RATIO_BP);
    let tax = commission_tax(comission);
    if add_commission {
        let charged = amount.saturating_add(comission).saturating_add(tax);
        let fees = Fees {
            comission,
            tax,
            net: amount,
            end_user: comission.saturating_add(tax),
        };
        (charged, fees)
    } else {
        let fees = Fees {
            comission,
            tax,
            net: amount.saturating_sub(comission).saturating_sub(tax),
            end_user: 0,
        };
        (amount, fees)
    }
}

/// A successful transaction of `amount` kuruş (plus commission with `add_commission`) without
/// ids, at `ticks`, by `agent` (agent id, user id): what [`State::new_tx`] fills in, or a refusal's
/// body (no ids: nothing was recorded).
///
/// [`State::new_tx`]: crate::state::State::new_tx
pub(crate) fn draft(
    kind: u8,
    channel: Channel,
    card: Card,
    amount: u64,
    add_commission: bool,
    agent: (String, String),
    ticks: i64,
) -> Tx {
    let (charged, fees) = fees(amount, add_commission);
    Tx {
        seq: 0,
        id: String::new(),
        xact_id: String::new(),
        ticks,
        kind,
        channel,
        is_tds: false,
        md_status: "",
        agent_id: agent.0,
        user_id: agent.1,
        email: String::new(),
        phone: String::new(),
        note: String::new(),
        reference_no: String::new(),
        capture_ref: None,
        card,
        instalment: 0,
        ratio_code: String::new(),
        amount: charged,
        fees,
        authorization_code: String::new(),
        reference_code: String::new(),
        order_id: String::new(),
        is_succeed: true,
        errors: Errors::default(),
        xact_transaction_id: String::new(),
        parent: None,
        remaining: if kind == PRE_AUTH { charged } else { 0 },
        refunded: 0,
        reversed: false,
        reversed_xact_id: String::new(),
        transferred: false,
        agent_reference: None,
        escrow_status: None,
        card_save: None,
    }
}

/// The error fields of a transaction; empty when it succeeded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Errors {
    pub(crate) paynet_id: String,
    pub(crate) paynet_message: String,
    pub(crate) bank_id: String,
    pub(crate) bank_message: String,
    pub(crate) bank_short: String,
    pub(crate) bank_long: String,
}

/// One transaction of the ledger.
#[derive(Debug, Clone)]
pub(crate) struct Tx {
    /// Order of insertion (ties of `ticks` are ordered by it).
    pub(crate) seq: u64,
    /// The plain id (`id` / `xact`).
    pub(crate) id: String,
    /// The encrypted id (`xk_…`).
    pub(crate) xact_id: String,
    /// When, in ticks since the Unix epoch (UTC).
    pub(crate) ticks: i64,
    /// `transaction_type`.
    pub(crate) kind: u8,
    pub(crate) channel: Channel,
    pub(crate) is_tds: bool,
    /// `md_status` of a 3-D payment ("1" verified, "0" failed), else empty.
    pub(crate) md_status: &'static str,
    pub(crate) agent_id: String,
    pub(crate) user_id: String,
    pub(crate) email: String,
    pub(crate) phone: String,
    /// The description (`note`).
    pub(crate) note: String,
    /// The merchant's reference number (`agent_reference`, `reference_no`).
    pub(crate) reference_no: String,
    /// The `reference_no` a capture was sent with: what makes a repeated capture code 100.
    pub(crate) capture_ref: Option<String>,
    pub(crate) card: Card,
    pub(crate) instalment: u32,
    pub(crate) ratio_code: String,
    /// The amount taken (or returned), in kuruş.
    pub(crate) amount: u64,
    pub(crate) fees: Fees,
    pub(crate) authorization_code: String,
    pub(crate) reference_code: String,
    pub(crate) order_id: String,
    pub(crate) is_succeed: bool,
    pub(crate) errors: Errors,
    /// Paynet's tracking GUID.
    pub(crate) xact_transaction_id: String,
    /// The plain id of the transaction this one acts on (a capture's pre-authorisation, a
    /// reversal's original).
    pub(crate) parent: Option<String>,
    /// What is left to capture (pre-authorisations).
    pub(crate) remaining: u64,
    /// What was refunded or cancelled so far (sales and captures), in kuruş.
    pub(crate) refunded: u64,
    /// Whether a reversal (cancellation, refund, capture or pre-authorisation cancellation) was
    /// made on it.
    pub(crate) reversed: bool,
    /// The encrypted id of the latest such reversal.
    pub(crate) reversed_xact_id: String,
    /// Marked transferred (`mark_transferred`; `untransferred` lists skip it).
    pub(crate) transferred: bool,
    /// The agent's reference that `add_info` gave it (else the `reference_no` stands for it).
    pub(crate) agent_reference: Option<String>,
    /// The escrow decision of `escrow_status_update`: 2 approved, 3 rejected.
    pub(crate) escrow_status: Option<u8>,
    /// When the payment asked to save its card (`save_card`): whether it was saved, and Paynet's
    /// word on it (`is_save_card_succeed`, `save_card_result_message`).
    pub(crate) card_save: Option<(bool, String)>,
}

impl Tx {
    /// Turns the transaction into a bank decline: no money moved.
    pub(crate) fn decline(&mut self, long_desc: &str) {
        self.fail();
        self.errors.bank_id = triggers::BANK_DECLINE_ERROR_ID.to_owned();
        self.errors.bank_message = triggers::BANK_DECLINE_MESSAGE.to_owned();
        self.errors.bank_short = "Onaylanmadı".to_owned();
        self.errors.bank_long = long_desc.to_owned();
    }

    /// Marks the transaction refused by Paynet before the bank: `paynet_error_*` filled.
    pub(crate) fn refuse(&mut self, code: u32, message: &str) {
        self.fail();
        self.errors.paynet_id = code.to_string();
        self.errors.paynet_message = message.to_owned();
    }

    /// Marks the transaction failed: no fees, no authorisation, nothing to capture.
    pub(crate) fn fail(&mut self) {
        self.is_succeed = false;
        self.fees = Fees::default();
        self.authorization_code = String::new();
        self.remaining = 0;
    }

    /// The agent's reference (`agent_reference` of detail and check, `xact_agent_reference` of
    /// the list): what `add_info` gave, else the merchant's `reference_no`.
    pub(crate) fn agent_reference(&self) -> String {
        self.agent_reference
            .clone()
            .unwrap_or_else(|| self.reference_no.clone())
    }

    /// What is left to refund (sales and captures).
    pub(crate) fn refundable(&self) -> u64 {
        self.amount.saturating_sub(self.refunded)
    }

    /// The .NET timestamp of the transaction.
    pub(crate) fn date(&self) -> String {
        clock::format_dotnet(self.ticks)
    }

    /// The capture page's shape (capture; capture_reversal with `is_succeed` as text).
    pub(crate) fn capture_shape(&self, code: u32, message: &str, text_flag: bool) -> CaptureTx {
        CaptureTx {
            xact_id: self.xact_id.clone(),
            xact_date: self.date(),
            transaction_type: self.kind,
            pos_type: POS_TYPE,
            is_tds: self.is_tds,
            agent_id: self.agent_id.clone(),
            user_id: self.user_id.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            bank_id: self.card.bank.id.to_owned(),
            instalment: self.instalment,
            ratio: Ratio(RATIO_BP),
            card_no_masked: self.card.masked.clone(),
            card_holder: self.card.holder.clone(),
            amount: Money(self.amount),
            net_amount: Money(self.fees.net),
            comission: Money(self.fees.comission),
            comission_tax: Money(self.fees.tax),
            currency: "TRY".to_owned(),
            authorization_code: self.authorization_code.clone(),
            reference_code: self.reference_code.clone(),
            order_id: self.order_id.clone(),
            is_succeed: Flag {
                value: self.is_succeed,
                as_text: text_flag,
            },
            paynet_error_id: self.errors.paynet_id.clone(),
            paynet_error_message: self.errors.paynet_message.clone(),
            bank_error_id: self.errors.bank_id.clone(),
            bank_error_message: self.errors.bank_message.clone(),
            bank_error_short_desc: self.errors.bank_short.clone(),
            bank_error_long_desc: self.errors.bank_long.clone(),
            object_name: "transaction".to_owned(),
            code,
            message: message.to_owned(),
        }
    }

    /// The check shape (`/v1/transaction/check` with `id`, PayPOS check_transaction without).
    pub(crate) fn check_shape(&self, with_id: bool) -> CheckTx {
        CheckTx {
            xact_id: self.xact_id.clone(),
            id: with_id.then(|| self.id.clone()),
            xact_date: self.date(),
            transaction_type: self.kind,
            pos_type: POS_TYPE,
            agent_id: self.agent_id.clone(),
            is_tds: self.is_tds,
            bank_id: self.card.bank.id.to_owned(),
            instalment: self.instalment,
            card_no: self.card.masked.clone(),
            card_holder: self.card.holder.clone(),
            card_type: self.card.card_type.to_owned(),
            ratio: Ratio(RATIO_BP),
            amount: Money(self.amount),
            net_amount: Money(self.fees.net),
            comission: Money(self.fees.comission),
            comission_tax: Money(self.fees.tax),
            currency: "TRY".to_owned(),
            authorization_code: self.authorization_code.clone(),
            reference_code: self.reference_code.clone(),
            order_id: self.order_id.clone(),
            is_succeed: self.is_succeed,
            xact_transaction_id: self.xact_transaction_id.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            note: self.note.clone(),
            agent_reference: self.agent_reference(),
            is_transferred: with_id.then_some(self.transferred),
            escrow_status: with_id.then_some(self.escrow_status),
        }
    }

    /// The v2 shape (`pay`, `complete_3d`); `comma` writes amounts as `"149,90"`.
    pub(crate) fn v2_shape(&self, code: u32, message: &str, comma: bool) -> V2Tx {
        let money = |kurus| V2Money { kurus, comma };
        V2Tx {
            object_name: "transaction",
            code,
            message: message.to_owned(),
            id: self.id.clone(),
            xact_id: self.xact_id.clone(),
            xact_date: self.date(),
            transaction_type: self.kind,
            pos_type: POS_TYPE,
            is_tds: self.is_tds,
            agent_id: self.agent_id.clone(),
            user_id: self.user_id.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            instalment: self.instalment,
            ratio: Ratio(RATIO_BP),
            card_no_masked: self.card.masked.clone(),
            card_holder: self.card.holder.clone(),
            amount: money(self.amount),
            net_amount: money(self.fees.net),
            comission: money(self.fees.comission),
            comission_tax: money(self.fees.tax),
            end_user_comission: money(self.fees.end_user),
            currency: "TRY",
            bank_id: self.card.bank.id.to_owned(),
            bank_name: self.card.bank.name.to_owned(),
            bank_authorization_code: self.authorization_code.clone(),
            bank_reference_code: self.reference_code.clone(),
            bank_order_id: self.order_id.clone(),
            is_succeed: self.is_succeed,
            paynet_error_id: self.errors.paynet_id.clone(),
            paynet_error_message: self.errors.paynet_message.clone(),
            bank_error_id: self.errors.bank_id.clone(),
            bank_error_message: self.errors.bank_message.clone(),
            bank_error_short_desc: self.errors.bank_short.clone(),
            bank_error_long_desc: self.errors.bank_long.clone(),
            reference_no: self.reference_no.clone(),
            xact_transaction_id: self.xact_transaction_id.clone(),
            ratio_code: self.ratio_code.clone(),
            card_type: self.card.card_type.to_owned(),
            card_brand_name: self.card.brand.to_owned(),
            card_hash: self.card.card_hash.clone(),
            md_status: self.md_status.to_owned(),
            card_owner_id: self.card.card_owner_id.clone(),
            user_unique_id: self.card.user_unique_id.clone(),
            is_save_card_succeed: self.card_save.as_ref().map(|s| s.0),
            save_card_result_message: self.card_save.as_ref().map(|s| s.1.clone()),
        }
    }

    /// The v1 charge shape.
    pub(crate) fn charge_shape(&self, code: u32, message: &str) -> ChargeTx {
        ChargeTx {
            id: self.id.clone(),
            xact_id: self.xact_id.clone(),
            xact_date: self.date(),
            transaction_type: self.kind,
            pos_type: POS_TYPE,
            is_tds: self.is_tds,
            agent_id: self.agent_id.clone(),
            user_id: self.user_id.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            bank_id: self.card.bank.id.to_owned(),
            instalment: self.instalment,
            ratio: Ratio(RATIO_BP),
            card_no_masked: self.card.masked.clone(),
            card_holder: self.card.holder.clone(),
            amount: Money(self.amount),
            net_amount: Money(self.fees.net),
            comission: Money(self.fees.comission),
            comission_tax: Money(self.fees.tax),
            currency: "TRY",
            authorization_code: self.authorization_code.clone(),
            reference_code: self.reference_code.clone(),
            order_id: self.order_id.clone(),
            is_succeed: self.is_succeed,
            paynet_error_id: self.errors.paynet_id.clone(),
            paynet_error_message: self.errors.paynet_message.clone(),
            bank_error_id: self.errors.bank_id.clone(),
            bank_error_message: self.errors.bank_message.clone(),
            bank_error_short_desc: self.errors.bank_short.clone(),
            bank_error_long_desc: self.errors.bank_long.clone(),
            agent_reference_no: self.reference_no.clone(),
            ratio_code: self.ratio_code.clone(),
            end_user_comission: Money(self.fees.end_user),
            object_name: "transaction",
            code,
            message: message.to_owned(),
            card_hash: self.card.card_hash.clone(),
            card_owner_id: self.card.card_owner_id.clone(),
            user_unique_id: self.card.user_unique_id.clone(),
            is_save_card_succeed: self.card_save.as_ref().map(|s| s.0),
            save_card_result_message: self.card_save.as_ref().map(|s| s.1.clone()),
        }
    }

    /// The detail shape.
    pub(crate) fn detail_shape(&self) -> DetailTx {
        DetailTx {
            id: self.id.clone(),
            xact_id: self.xact_id.clone(),
            xact_date: self.date(),
            transaction_type: self.kind,
            xact_type_desc: type_desc(self.kind),
            channel_id: self.channel.id(),
            pos_type: POS_TYPE,
            pos_type_desc: "Paynet POS",
            is_tds: self.is_tds,
            agent_id: self.agent_id.clone(),
            agent_name: AGENT_NAME,
            company_name: COMPANY_NAME,
            company_code: COMPANY_CODE,
            user_name: self.user_id.clone(),
            note: self.note.clone(),
            ratio: Ratio(RATIO_BP),
            ratio_code: self.ratio_code.clone(),
            agent_reference: self.agent_reference(),
            bank_id: self.card.bank.id.to_owned(),
            bank_name: self.card.bank.name.to_owned(),
            instalment: self.instalment,
            card_no: self.card.masked.clone(),
            card_holder: self.card.holder.clone(),
            card_type: self.card.card_type.to_owned(),
            end_user_comission: Money(self.fees.end_user),
            amount: Money(self.amount),
            net_amount: Money(self.fees.net),
            comission: Money(self.fees.comission),
            comission_tax: Money(self.fees.tax),
            currency: "TRY",
            authorization_code: self.authorization_code.clone(),
            reference_code: self.reference_code.clone(),
            order_id: self.order_id.clone(),
            is_succeed: self.is_succeed,
            reversed: self.reversed,
            reversed_xact_id: self.reversed_xact_id.clone(),
            xact_transaction_id: self.xact_transaction_id.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            is_transferred: self.transferred,
            escrow_status: self.escrow_status,
        }
    }

    /// The list shape. The main company (ana firma) gets everything; the simulator has no
    /// sub-agent shares, so the `bayi_*` columns are zero. Money is settled the next day.
    pub(crate) fn list_shape(&self) -> ListRow {
        let (year, month) = clock::local_year_month(self.ticks);
        let value_day = clock::local_day(self.ticks) + 1;
        let with_tax = self.fees.comission.saturating_add(self.fees.tax);
        ListRow {
            company_code: COMPANY_CODE,
            company_name: COMPANY_NAME,
            agent_id: self.agent_id.clone(),
            agent_referans_no: self.reference_no.clone(),
            agent_name: AGENT_NAME,
            xact_id: self.xact_id.clone(),
            xact_date: self.date(),
            is_tds: self.is_tds,
            bank_id: self.card.bank.id.to_owned(),
            bank_name: self.card.bank.name.to_owned(),
            card_no: self.card.masked.clone(),
            card_holder: self.card.holder.clone(),
            card_type: self.card.card_type.to_owned(),
            card_type_name: "Bireysel",
            authorization_code: self.authorization_code.clone(),
            reference_code: self.reference_code.clone(),
            order_id: self.order_id.clone(),
            postype_desc: "Paynet POS",
            xact_type: self.kind,
            xacttype_desc: type_desc(self.kind),
            fiscal_period_id: year * 100 + month,
            sector_id: 0,
            sectorid_desc: "",
            merchant_id: "SIM000000000001",
            channel_name: self.channel.name(),
            ipaddress: "127.0.0.1",
            client_id: "",
            xact_transaction_id: self.xact_transaction_id.clone(),
            terminal_id: "SIM00001",
            is_succeed: self.is_succeed,
            reversed: self.reversed,
            is_reconcile: false,
            is_payup: false,
            is_onchargeback: false,
            is_transferred: self.transferred,
            reversed_xact_id: self.reversed_xact_id.clone(),
            channel_id: self.channel.id(),
            pos_type: POS_TYPE,
            instalment: self.instalment,
            amount: Money(self.amount),
            net_amount: Money(self.fees.net),
            comission: Money(self.fees.comission),
            comission_tax: Money(self.fees.tax),
            currency: "TRY",
            ratio: Ratio(RATIO_BP),
            end_user_comission: Money(self.fees.end_user),
            user_id: self.user_id.clone(),
            xact_time: clock::format_hms(self.ticks),
            xact_note: self.note.clone(),
            xact_agent_reference: self.agent_reference(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            company_pay_ratio: Ratio(0),
            company_cost_ratio: Ratio(RATIO_BP),
            ana_firma_brut_alacak: Money(self.amount),
            ana_firma_komisyonu: Money(self.fees.comission),
            ana_firma_komisyonu_kdv_dahil: Money(with_tax),
            ana_firma_odenecek_net_tutar: Money(self.fees.net),
            bayi_brut_alacak: Money(0),
            bayi_komisyonu: Money(0),
            bayi_komisyonu_kdv_dahil: Money(0),
            bayiye_odenecek_net_tutar: Money(0),
            cp_mfi_vdate: clock::format_dotnet_day(value_day),
            cp_mfi_vdate_day: 1,
            ap_mfi_vdate: clock::format_dotnet_day(value_day),
            ap_mfi_vdate_day: 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fees_are_exact() {
        let f = |k| fees(k, false).1;
        assert_eq!(
            f(1000),
            Fees {
                comission: 20,
                tax: 4,
                net: 976,
                end_user: 0
            }
        );
        assert_eq!(f(25_000).net, 24_402);
        assert_eq!(f(100).net, 98);
        assert_eq!(f(5_655).net, 5_519);
        assert_eq!(f(14_990).comission, 298);
        assert_eq!(f(14_990).tax, 60);
        let (charged, g) = fees(10_000, true);
        assert_eq!((charged, g.net, g.end_user), (10_239, 10_000, 239));
        assert_eq!(split(1000, 3), 333);
        assert_eq!(split(1001, 2), 501);
    }
}
