//! The JSON answers of the subscription routes (`v1/subscription/*`) and of `/sim/clock/advance`,
//! in the order their fields are written. Amounts are TL with two decimals (`100.00`), dates
//! `dd.MM.yyyy` and `dd.MM.yyyy HH:mm:ss`, as the subscription pages write them.

use serde::Serialize;

use crate::wire::Money;

/// `{object_name, code, message}`.
#[derive(Debug, Serialize)]
pub(crate) struct Envelope {
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: String,
}

/// `create`'s answer.
#[derive(Debug, Serialize)]
pub(crate) struct Created {
    pub(crate) url: String,
    pub(crate) subscription_id: String,
    pub(crate) reference_no: String,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// `subscription_detail`'s answer.
#[derive(Debug, Serialize)]
pub(crate) struct Detail {
    pub(crate) subscription_id: String,
    pub(crate) name_surname: String,
    pub(crate) amount: Money,
    pub(crate) interval: u32,
    pub(crate) interval_count: u32,
    pub(crate) begin_date: String,
    pub(crate) reference_no: String,
    pub(crate) end_user_email: String,
    pub(crate) end_user_gsm: String,
    pub(crate) agent_id: String,
    pub(crate) agent_amount: Money,
    pub(crate) company_amount: Money,
    pub(crate) end_user_desc: String,
    pub(crate) addcomission_to_amount: bool,
    pub(crate) currency: String,
    /// Typed string on Paynet's page.
    pub(crate) period: String,
    pub(crate) user_name: String,
    pub(crate) status: u8,
    pub(crate) is_accepted: bool,
    pub(crate) group_reference_no: String,
    pub(crate) next_charge_date: String,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// `list`'s answer.
#[derive(Debug, Serialize)]
pub(crate) struct SubscriptionList {
    pub(crate) total_count: usize,
    pub(crate) has_more: bool,
    pub(crate) data: Vec<SubscriptionRow>,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// A row of `list`.
#[derive(Debug, Serialize)]
pub(crate) struct SubscriptionRow {
    pub(crate) subscription_id: String,
    pub(crate) reference_no: String,
    pub(crate) name_surname: String,
    pub(crate) amount: Money,
    pub(crate) interval: u32,
    pub(crate) interval_count: u32,
    pub(crate) period: u32,
    pub(crate) begin_date: String,
    pub(crate) status: u8,
    pub(crate) created_date: String,
}

/// `card_info_list`'s answer.
#[derive(Debug, Serialize)]
pub(crate) struct CardList {
    pub(crate) subscription_id: String,
    pub(crate) reference_no: String,
    #[serde(rename = "Data")]
    pub(crate) data: Vec<CardRow>,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// A row of `card_info_list`.
#[derive(Debug, Serialize)]
pub(crate) struct CardRow {
    pub(crate) card_id: String,
    pub(crate) subscription_card_id: String,
    pub(crate) card_no_mask: String,
    pub(crate) card_holder_name_mask: String,
    pub(crate) label: String,
    pub(crate) order_no: usize,
    pub(crate) is_default: bool,
}

/// `card_info_delete`'s answer.
#[derive(Debug, Serialize)]
pub(crate) struct DeletedCard {
    pub(crate) card_id: String,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// `card_info_link_to_subscription`'s answer.
#[derive(Debug, Serialize)]
pub(crate) struct LinkedCard {
    pub(crate) details: Vec<LinkRow>,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// What happened for one subscription (link, and `create_card_tds_confirm`'s group rows).
#[derive(Debug, Serialize)]
pub(crate) struct LinkRow {
    pub(crate) subscription_id: String,
    pub(crate) reference_no: String,
    pub(crate) is_succeed: bool,
    pub(crate) message: String,
}

/// `card_info_filter`'s answer.
#[derive(Debug, Serialize)]
pub(crate) struct FilteredCards {
    #[serde(rename = "Data")]
    pub(crate) data: Vec<FilteredRow>,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// A row of `card_info_filter`.
#[derive(Debug, Serialize)]
pub(crate) struct FilteredRow {
    pub(crate) card_id: String,
    pub(crate) card_no_mask: String,
    pub(crate) card_holder_name_mask: String,
    pub(crate) label: String,
}

/// `create_card_tds_initial`'s answer (empty ids on a refusal).
#[derive(Debug, Serialize)]
pub(crate) struct Card3dSession {
    pub(crate) session_id: String,
    pub(crate) token_id: String,
    pub(crate) post_url: String,
    pub(crate) html_content: String,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: String,
}

/// `create_card_tds_confirm`'s answer, as Paynet's example writes it.
#[derive(Debug, Serialize)]
pub(crate) struct ConfirmedCard {
    pub(crate) is_succeed: bool,
    pub(crate) card_id: String,
    pub(crate) domain: String,
    pub(crate) token_id: String,
    pub(crate) subscription_id: String,
    pub(crate) subscription_gsm: String,
    pub(crate) xact_id: String,
    pub(crate) otp_control: bool,
    pub(crate) attempt_day_count: u32,
    pub(crate) paynet_error_id: String,
    pub(crate) paynet_error_message: String,
    pub(crate) bank_error_id: String,
    pub(crate) bank_error_message: String,
    pub(crate) bank_error_short_desc: String,
    pub(crate) bank_error_long_desc: String,
    pub(crate) group_reference_details: Vec<LinkRow>,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: String,
}

/// `create_invoice`'s answer.
#[derive(Debug, Serialize)]
pub(crate) struct CreatedInvoice {
    pub(crate) invoice_id: String,
    pub(crate) invoice_no: String,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// `invoice_list`'s answer.
#[derive(Debug, Serialize)]
pub(crate) struct InvoiceList {
    pub(crate) total: Money,
    pub(crate) total_count: usize,
    pub(crate) limit: usize,
    pub(crate) ending_before: String,
    pub(crate) data: Vec<InvoiceRow>,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// A row of `invoice_list`.
#[derive(Debug, Serialize)]
pub(crate) struct InvoiceRow {
    pub(crate) invoice_id: String,
    pub(crate) invoice_no: String,
    pub(crate) plan_id: String,
    pub(crate) val_date: String,
    pub(crate) amount: Money,
    pub(crate) status: u8,
    pub(crate) status_desc: &'static str,
    pub(crate) attempt_count: usize,
    pub(crate) xact_id: String,
    pub(crate) paid_date: String,
}

/// `invoice_attempt_list`'s answer (`object_name` spelled as Paynet's page spells it).
#[derive(Debug, Serialize)]
pub(crate) struct AttemptList {
    pub(crate) data: Vec<AttemptRow>,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// A row of `invoice_attempt_list`.
#[derive(Debug, Serialize)]
pub(crate) struct AttemptRow {
    pub(crate) attempt_date: String,
    pub(crate) card_id: String,
    pub(crate) card_no_mask: String,
    pub(crate) amount: Money,
    pub(crate) is_succeed: bool,
    pub(crate) is_manual: bool,
    pub(crate) message: String,
    pub(crate) xact_id: String,
}

/// `manuel_charge`'s answer: one row per invoice.
#[derive(Debug, Serialize)]
pub(crate) struct ManualCharge {
    pub(crate) data: Vec<Envelope>,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: String,
}

/// `/sim/clock/advance`'s answer: the clock afterwards and what was billed on the way.
#[derive(Debug, Serialize)]
pub(crate) struct ClockAdvanced {
    /// The clock's time, .NET form.
    pub(crate) now: String,
    /// Its day, `dd.MM.yyyy`.
    pub(crate) today: String,
    pub(crate) billed: Vec<BilledRow>,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// An invoice billed while the clock moved.
#[derive(Debug, Serialize)]
pub(crate) struct BilledRow {
    pub(crate) reference_no: String,
    pub(crate) invoice_no: String,
    pub(crate) status: u8,
    pub(crate) xact_id: String,
    pub(crate) message: String,
}
