//! Wire shapes: the JSON bodies the simulator writes, their messages, and the helpers that write
//! them.

use axum::{
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::{Serialize, Serializer, ser::Error as _};
use serde_json::value::RawValue;

/// `Başarılı İşlem`: the message of every successful answer.
pub(crate) const SUCCESS_MESSAGE: &str = "Başarılı İşlem";
/// The message of a failed transaction (`code` 1).
pub(crate) const FAILURE_MESSAGE: &str = "Başarısız İşlem";
/// The message that comes with `code` 100 on a capture.
pub(crate) const OLD_SUCCESS_MESSAGE: &str =
    "Bu referans numarası ile daha önce başarılı işlem yapılmış";
/// The message that comes with `code` 100 on a payment (`pay`, `complete_3d`, `charge`).
pub(crate) const EARLIER_SUCCESS_MESSAGE: &str = "Önceki Başarılı İşlem";

/// The result code's message.
pub(crate) fn message_of(code: u32) -> &'static str {
    if code == 0 {
        SUCCESS_MESSAGE
    } else {
        FAILURE_MESSAGE
    }
}

/// An amount of kuruş written as TL with two decimals, as a JSON number: `1050` is `10.50`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Money(pub(crate) u64);

impl Money {
    /// The TL text: `10.50`, or with a comma, `10,50`.
    pub(crate) fn text(self, separator: char) -> String {
        format!("{}{separator}{:02}", self.0 / 100, self.0 % 100)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = RawValue::from_string(self.text('.')).map_err(S::Error::custom)?;
        raw.serialize(serializer)
    }
}

/// A v2 answer's amount: a JSON number (`149.90`, the default) or, with
/// `SimConfig::v2_comma_amounts`, a Turkish string (`"149,90"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct V2Money {
    pub(crate) kurus: u64,
    pub(crate) comma: bool,
}

impl Serialize for V2Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.comma {
            serializer.serialize_str(&Money(self.kurus).text(','))
        } else {
            Money(self.kurus).serialize(serializer)
        }
    }
}

/// A ratio given in hundredths of a percent (basis points), written with four decimals: `199` is
/// `0.0199`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ratio(pub(crate) u32);

impl Serialize for Ratio {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = format!("{}.{:04}", self.0 / 10_000, self.0 % 10_000);
        let raw = RawValue::from_string(text).map_err(S::Error::custom)?;
        raw.serialize(serializer)
    }
}

/// A boolean written as JSON `true`/`false`, or (capture_reversal, whose page types it as a
/// string) as the text `"true"`/`"false"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Flag {
    pub(crate) value: bool,
    pub(crate) as_text: bool,
}

impl Serialize for Flag {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match (self.as_text, self.value) {
            (true, true) => serializer.serialize_str("true"),
            (true, false) => serializer.serialize_str("false"),
            (false, v) => serializer.serialize_bool(v),
        }
    }
}

/// A transaction as `/v1/transaction/capture` (and capture_reversal) returns it: every field of
/// the capture page, in its order.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CaptureTx {
    pub(crate) xact_id: String,
    pub(crate) xact_date: String,
    pub(crate) transaction_type: u8,
    pub(crate) pos_type: u8,
    pub(crate) is_tds: bool,
    pub(crate) agent_id: String,
    pub(crate) user_id: String,
    pub(crate) email: String,
    pub(crate) phone: String,
    pub(crate) bank_id: String,
    pub(crate) instalment: u32,
    pub(crate) ratio: Ratio,
    pub(crate) card_no_masked: String,
    pub(crate) card_holder: String,
    pub(crate) amount: Money,
    pub(crate) net_amount: Money,
    pub(crate) comission: Money,
    pub(crate) comission_tax: Money,
    pub(crate) currency: String,
    pub(crate) authorization_code: String,
    pub(crate) reference_code: String,
    pub(crate) order_id: String,
    pub(crate) is_succeed: Flag,
    pub(crate) paynet_error_id: String,
    pub(crate) paynet_error_message: String,
    pub(crate) bank_error_id: String,
    pub(crate) bank_error_message: String,
    pub(crate) bank_error_short_desc: String,
    pub(crate) bank_error_long_desc: String,
    pub(crate) object_name: String,
    pub(crate) code: u32,
    pub(crate) message: String,
}

/// A transaction as `/v1/softpos/check_transaction` and `/v1/transaction/check` return it in
/// `Data` (section 4.3 of the reference: `card_no`, `card_type`, and `netAmount` in camelCase).
/// `id` is written by the payment check only.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CheckTx {
    pub(crate) xact_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<String>,
    pub(crate) xact_date: String,
    pub(crate) transaction_type: u8,
    pub(crate) pos_type: u8,
    pub(crate) agent_id: String,
    pub(crate) is_tds: bool,
    pub(crate) bank_id: String,
    pub(crate) instalment: u32,
    pub(crate) card_no: String,
    pub(crate) card_holder: String,
    pub(crate) card_type: String,
    pub(crate) ratio: Ratio,
    pub(crate) amount: Money,
    #[serde(rename = "netAmount")]
    pub(crate) net_amount: Money,
    pub(crate) comission: Money,
    pub(crate) comission_tax: Money,
    pub(crate) currency: String,
    pub(crate) authorization_code: String,
    pub(crate) reference_code: String,
    pub(crate) order_id: String,
    pub(crate) is_succeed: bool,
    pub(crate) xact_transaction_id: String,
    pub(crate) email: String,
    pub(crate) phone: String,
    pub(crate) note: String,
    pub(crate) agent_reference: String,
    /// Written by the payment check only (PayPOS's check_transaction has no such field).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) is_transferred: Option<bool>,
    /// Written by the payment check only: `escrow_status_update`'s decision, `null` before any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) escrow_status: Option<Option<u8>>,
}

/// `{"Data":[..],"object_name":..,"code":..,"message":..}`: check_transaction, check, detail.
#[derive(Debug, Serialize)]
pub(crate) struct DataResponse<T> {
    #[serde(rename = "Data")]
    pub(crate) data: Vec<T>,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// A transaction as the v2 payment endpoints answer (`pay`, `complete_3d`): the names of
/// laravel-paynet's PaymentResponse and the C# hub's models (`bank_authorization_code`...).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct V2Tx {
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: String,
    pub(crate) id: String,
    pub(crate) xact_id: String,
    pub(crate) xact_date: String,
    pub(crate) transaction_type: u8,
    pub(crate) pos_type: u8,
    pub(crate) is_tds: bool,
    pub(crate) agent_id: String,
    pub(crate) user_id: String,
    pub(crate) email: String,
    pub(crate) phone: String,
    pub(crate) instalment: u32,
    pub(crate) ratio: Ratio,
    pub(crate) card_no_masked: String,
    pub(crate) card_holder: String,
    pub(crate) amount: V2Money,
    pub(crate) net_amount: V2Money,
    pub(crate) comission: V2Money,
    pub(crate) comission_tax: V2Money,
    pub(crate) end_user_comission: V2Money,
    pub(crate) currency: &'static str,
    pub(crate) bank_id: String,
    pub(crate) bank_name: String,
    pub(crate) bank_authorization_code: String,
    pub(crate) bank_reference_code: String,
    pub(crate) bank_order_id: String,
    pub(crate) is_succeed: bool,
    pub(crate) paynet_error_id: String,
    pub(crate) paynet_error_message: String,
    pub(crate) bank_error_id: String,
    pub(crate) bank_error_message: String,
    pub(crate) bank_error_short_desc: String,
    pub(crate) bank_error_long_desc: String,
    pub(crate) reference_no: String,
    pub(crate) xact_transaction_id: String,
    pub(crate) ratio_code: String,
    pub(crate) card_type: String,
    pub(crate) card_brand_name: String,
    pub(crate) card_hash: String,
    pub(crate) md_status: String,
    /// The owner of the stored card paid with or saved (a `card_hash` payment, or `save_card`),
    /// else "" (as `card_hash`).
    pub(crate) card_owner_id: String,
    pub(crate) user_unique_id: String,
    /// Only when the payment asked to save its card.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) is_save_card_succeed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) save_card_result_message: Option<String>,
}

/// A transaction as `/v1/transaction/charge` answers (the v1 names: `authorization_code`...,
/// `agent_reference_no`), in the order of the spec's example.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ChargeTx {
    pub(crate) id: String,
    pub(crate) xact_id: String,
    pub(crate) xact_date: String,
    pub(crate) transaction_type: u8,
    pub(crate) pos_type: u8,
    pub(crate) is_tds: bool,
    pub(crate) agent_id: String,
    pub(crate) user_id: String,
    pub(crate) email: String,
    pub(crate) phone: String,
    pub(crate) bank_id: String,
    pub(crate) instalment: u32,
    pub(crate) ratio: Ratio,
    pub(crate) card_no_masked: String,
    pub(crate) card_holder: String,
    pub(crate) amount: Money,
    pub(crate) net_amount: Money,
    pub(crate) comission: Money,
    pub(crate) comission_tax: Money,
    pub(crate) currency: &'static str,
    pub(crate) authorization_code: String,
    pub(crate) reference_code: String,
    pub(crate) order_id: String,
    pub(crate) is_succeed: bool,
    pub(crate) paynet_error_id: String,
    pub(crate) paynet_error_message: String,
    pub(crate) bank_error_id: String,
    pub(crate) bank_error_message: String,
    pub(crate) bank_error_short_desc: String,
    pub(crate) bank_error_long_desc: String,
    pub(crate) agent_reference_no: String,
    pub(crate) ratio_code: String,
    pub(crate) end_user_comission: Money,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: String,
    /// The stored card paid with or saved (a session of a stored card, or `save_card`), else
    /// absent (the old card-storage page's charge).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(crate) card_hash: String,
    /// The stored card paid with or saved (a `card_hash` payment, or `save_card`), else absent.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(crate) card_owner_id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub(crate) user_unique_id: String,
    /// Only when the payment asked to save its card.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) is_save_card_succeed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) save_card_result_message: Option<String>,
}

/// A transaction as `/v1/transaction/detail` reports it in `Data` (the spec's example, plus
/// `channel_id`, `user_name`, `end_user_comission` of Paynet's PHP sample).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DetailTx {
    pub(crate) id: String,
    pub(crate) xact_id: String,
    pub(crate) xact_date: String,
    pub(crate) transaction_type: u8,
    pub(crate) xact_type_desc: &'static str,
    pub(crate) channel_id: u32,
    pub(crate) pos_type: u8,
    pub(crate) pos_type_desc: &'static str,
    pub(crate) is_tds: bool,
    pub(crate) agent_id: String,
    pub(crate) agent_name: &'static str,
    pub(crate) company_name: &'static str,
    pub(crate) company_code: &'static str,
    pub(crate) user_name: String,
    pub(crate) note: String,
    pub(crate) ratio: Ratio,
    pub(crate) ratio_code: String,
    pub(crate) agent_reference: String,
    pub(crate) bank_id: String,
    pub(crate) bank_name: String,
    pub(crate) instalment: u32,
    pub(crate) card_no: String,
    pub(crate) card_holder: String,
    pub(crate) card_type: String,
    pub(crate) end_user_comission: Money,
    pub(crate) amount: Money,
    #[serde(rename = "netAmount")]
    pub(crate) net_amount: Money,
    pub(crate) comission: Money,
    pub(crate) comission_tax: Money,
    pub(crate) currency: &'static str,
    pub(crate) authorization_code: String,
    pub(crate) reference_code: String,
    pub(crate) order_id: String,
    pub(crate) is_succeed: bool,
    pub(crate) reversed: bool,
    pub(crate) reversed_xact_id: String,
    pub(crate) xact_transaction_id: String,
    pub(crate) email: String,
    pub(crate) phone: String,
    /// Marked by `mark_transferred`.
    pub(crate) is_transferred: bool,
    /// `escrow_status_update`'s decision (2 approved, 3 rejected); `null` before any.
    pub(crate) escrow_status: Option<u8>,
}

/// A row of `/v1/transaction/list` (the names of Paynet's PHP sample, reference section 3.7:
/// `net_amount` in snake case here, Turkish settlement columns).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ListRow {
    #[serde(rename = "companyCode")]
    pub(crate) company_code: &'static str,
    #[serde(rename = "companyName")]
    pub(crate) company_name: &'static str,
    pub(crate) agent_id: String,
    pub(crate) agent_referans_no: String,
    pub(crate) agent_name: &'static str,
    pub(crate) xact_id: String,
    pub(crate) xact_date: String,
    pub(crate) is_tds: bool,
    pub(crate) bank_id: String,
    pub(crate) bank_name: String,
    pub(crate) card_no: String,
    pub(crate) card_holder: String,
    pub(crate) card_type: String,
    pub(crate) card_type_name: &'static str,
    pub(crate) authorization_code: String,
    pub(crate) reference_code: String,
    pub(crate) order_id: String,
    pub(crate) postype_desc: &'static str,
    pub(crate) xact_type: u8,
    pub(crate) xacttype_desc: &'static str,
    pub(crate) fiscal_period_id: i64,
    pub(crate) sector_id: u32,
    pub(crate) sectorid_desc: &'static str,
    pub(crate) merchant_id: &'static str,
    pub(crate) channel_name: &'static str,
    pub(crate) ipaddress: &'static str,
    pub(crate) client_id: &'static str,
    pub(crate) xact_transaction_id: String,
    pub(crate) terminal_id: &'static str,
    pub(crate) is_succeed: bool,
    pub(crate) reversed: bool,
    pub(crate) is_reconcile: bool,
    pub(crate) is_payup: bool,
    pub(crate) is_onchargeback: bool,
    pub(crate) is_transferred: bool,
    pub(crate) reversed_xact_id: String,
    pub(crate) channel_id: u32,
    pub(crate) pos_type: u8,
    pub(crate) instalment: u32,
    pub(crate) amount: Money,
    pub(crate) net_amount: Money,
    pub(crate) comission: Money,
    pub(crate) comission_tax: Money,
    pub(crate) currency: &'static str,
    pub(crate) ratio: Ratio,
    pub(crate) end_user_comission: Money,
    pub(crate) user_id: String,
    pub(crate) xact_time: String,
    pub(crate) xact_note: String,
    pub(crate) xact_agent_reference: String,
    pub(crate) email: String,
    pub(crate) phone: String,
    pub(crate) company_pay_ratio: Ratio,
    pub(crate) company_cost_ratio: Ratio,
    pub(crate) ana_firma_brut_alacak: Money,
    pub(crate) ana_firma_komisyonu: Money,
    pub(crate) ana_firma_komisyonu_kdv_dahil: Money,
    pub(crate) ana_firma_odenecek_net_tutar: Money,
    pub(crate) bayi_brut_alacak: Money,
    pub(crate) bayi_komisyonu: Money,
    pub(crate) bayi_komisyonu_kdv_dahil: Money,
    pub(crate) bayiye_odenecek_net_tutar: Money,
    pub(crate) cp_mfi_vdate: String,
    pub(crate) cp_mfi_vdate_day: u32,
    pub(crate) ap_mfi_vdate: String,
    pub(crate) ap_mfi_vdate_day: u32,
}

/// A row of `/v1/transaction/reversal_list` (reference section 3.9, plus the request's amount and
/// status).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReversalRow {
    pub(crate) id: String,
    pub(crate) xact_date: String,
    pub(crate) company_code: &'static str,
    pub(crate) entry_date: String,
    pub(crate) agent_id: String,
    pub(crate) user_id: String,
    pub(crate) company_name: &'static str,
    pub(crate) agent_name: &'static str,
    pub(crate) xact_id: String,
    pub(crate) reversed_xact_id: String,
    pub(crate) reversed_id: String,
    pub(crate) bank_id: String,
    pub(crate) bank_name: String,
    pub(crate) card_no: String,
    pub(crate) card_holder: String,
    pub(crate) amount: Money,
    pub(crate) xact_amount: Money,
    pub(crate) is_cancel: bool,
    pub(crate) status: u32,
    pub(crate) status_desc: &'static str,
}

/// The paged envelope of `/v1/transaction/list` and `/v1/transaction/reversal_list`.
#[derive(Debug, Serialize)]
pub(crate) struct ListResponse<T> {
    #[serde(rename = "companyCode")]
    pub(crate) company_code: &'static str,
    #[serde(rename = "companyName")]
    pub(crate) company_name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) total: Option<Money>,
    pub(crate) total_count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) total_amount: Option<Money>,
    pub(crate) limit: usize,
    pub(crate) ending_before: usize,
    pub(crate) starting_after: usize,
    pub(crate) has_more: bool,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
    #[serde(rename = "Data")]
    pub(crate) data: Vec<T>,
}

/// The answer of `/v2/transaction/tds_initial`.
#[derive(Debug, Serialize)]
pub(crate) struct TdsInitialResponse {
    pub(crate) session_id: String,
    pub(crate) token_id: String,
    pub(crate) post_url: String,
    pub(crate) html_content: String,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// The answer of `/sim/js_payment`.
#[derive(Debug, Serialize)]
pub(crate) struct JsPaymentResponse {
    pub(crate) session_id: String,
    pub(crate) token_id: String,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// The answer of `/v1/ratio/Get`.
#[derive(Debug, Serialize)]
pub(crate) struct RatioResponse {
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
    pub(crate) data: Vec<RatioBank>,
}

/// One bank of `/v1/ratio/Get`.
#[derive(Debug, Serialize)]
pub(crate) struct RatioBank {
    pub(crate) bank_id: &'static str,
    pub(crate) bank_logo: String,
    pub(crate) bank_name: &'static str,
    pub(crate) card_type: &'static str,
    pub(crate) tds_required: bool,
    pub(crate) ratio: Vec<RatioRow>,
}

/// One instalment option of a bank in `/v1/ratio/Get` (Paynet's spelling `commision`).
#[derive(Debug, Serialize)]
pub(crate) struct RatioRow {
    pub(crate) ratio: Ratio,
    pub(crate) instalment_key: String,
    pub(crate) instalment: u32,
    pub(crate) instalment_amount: Money,
    pub(crate) total_net_amount: Money,
    pub(crate) total_amount: Money,
    pub(crate) commision: Money,
    pub(crate) commision_tax: Money,
    pub(crate) desc: String,
    pub(crate) ratio_code: String,
}

/// The answer of `/v1/ratio/Get_public`: `/v1/ratio/Get`'s, with `tds_required` (whether a bank
/// of `data` needs 3-D Secure) as in Paynet's example.
#[derive(Debug, Serialize)]
pub(crate) struct PublicRatioResponse {
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
    pub(crate) tds_required: bool,
    pub(crate) data: Vec<RatioBank>,
}

/// The answer of `/v1/paynetj/auth`: the browser form's payment session.
#[derive(Debug, Serialize)]
pub(crate) struct PaynetjAuthResponse {
    pub(crate) session_id: String,
    pub(crate) expire_date: String,
    pub(crate) name: String,
    pub(crate) tds_required: bool,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// The answer of `/v1/paynetj/check_bin` and `check_card_bin`: the card's bank and its
/// instalment options for the session's amount.
#[derive(Debug, Serialize)]
pub(crate) struct CheckBinResponse {
    pub(crate) bank_id: &'static str,
    pub(crate) bank_logo: String,
    pub(crate) bank_name: &'static str,
    pub(crate) tds_enable: bool,
    pub(crate) tds_required: bool,
    pub(crate) card_type: &'static str,
    pub(crate) data: Vec<InstalmentRow>,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// One instalment option of `check_bin` (Paynet's spellings: `commision`, `plus_installment`).
#[derive(Debug, Serialize)]
pub(crate) struct InstalmentRow {
    pub(crate) instalment_key: String,
    pub(crate) instalment: u32,
    pub(crate) desc: String,
    pub(crate) ratio: Ratio,
    pub(crate) instalment_amount: Money,
    pub(crate) total_amount: Money,
    pub(crate) total_net_amount: Money,
    pub(crate) commision: Money,
    pub(crate) commision_tax: Money,
    pub(crate) plus_installment: u32,
    pub(crate) bank_id: &'static str,
    pub(crate) ratio_code: String,
}

/// The answer of `/v1/paynetj/create_token` and `create_card_token`.
#[derive(Debug, Serialize)]
pub(crate) struct CreateTokenResponse {
    pub(crate) session_id: String,
    pub(crate) token_id: String,
    pub(crate) is_tds: bool,
    /// The bank's 3-D page (the script adds `?session_id=..&token_id=..&publishable_key=..`);
    /// empty without 3-D.
    pub(crate) post_url: String,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// The answer of `/v1/ratio/set_type`.
#[derive(Debug, Serialize)]
pub(crate) struct RatioTypeResponse {
    pub(crate) ratio_code: String,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// A row of `/v1/transaction/payment_list` (the settlement report), in the order of Paynet's page
/// and example.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SettlementRow {
    pub(crate) xact_id: String,
    pub(crate) xact_date: String,
    pub(crate) agent_id: String,
    pub(crate) agent_name: &'static str,
    pub(crate) company_code: &'static str,
    pub(crate) company_name: &'static str,
    pub(crate) bank_id: String,
    pub(crate) bank_name: String,
    pub(crate) card_no: String,
    pub(crate) card_holder: String,
    pub(crate) card_type: String,
    pub(crate) authorization_code: String,
    pub(crate) reference_code: String,
    pub(crate) order_id: String,
    /// `char(2)` on Paynet's page: the transaction type as text (`"1"`).
    pub(crate) xact_type: String,
    pub(crate) is_succeed: bool,
    pub(crate) pos_type: u8,
    pub(crate) plus_installment: u32,
    pub(crate) instalment: u32,
    pub(crate) ratio: Ratio,
    pub(crate) user_id: String,
    pub(crate) amount: Money,
    pub(crate) agent_service_amount: Money,
    pub(crate) agent_pay_amount: Money,
    pub(crate) company_service_amount: Money,
    pub(crate) company_pay_amount: Money,
    pub(crate) due_date: String,
}

/// The answer of `/v1/transaction/payment_list`.
#[derive(Debug, Serialize)]
pub(crate) struct SettlementList {
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
    pub(crate) total: Money,
    pub(crate) total_count: usize,
    #[serde(rename = "Data")]
    pub(crate) data: Vec<SettlementRow>,
}

/// The answer of `/v1/agent/autologin`.
#[derive(Debug, Serialize)]
pub(crate) struct AutoLoginResponse {
    pub(crate) url: String,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// The answer of `/v1/agent/check_agent` (no `company_code` nor `agent_id` when no agent has the
/// reference).
#[derive(Debug, Serialize)]
pub(crate) struct CheckAgentResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) company_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) agent_id: Option<String>,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// The answer of `/v1/agent/check_integration_info`.
#[derive(Debug, Serialize)]
pub(crate) struct CheckIntegrationResponse {
    pub(crate) agent_id: String,
    pub(crate) company_code: String,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// The JSON the simulator posts to a refund's `succeedUrl`.
#[derive(Debug, Serialize)]
pub(crate) struct ReversalCallback<'a> {
    pub(crate) xact_id: &'a str,
    pub(crate) code: u32,
    pub(crate) status: u32,
    pub(crate) message: &'a str,
}

/// The body of `init_sale_transaction` and `init_reversal_transaction`.
#[derive(Debug, Serialize)]
pub(crate) struct PaymentSessionResponse<'a> {
    pub(crate) payment_session_id: &'a str,
    pub(crate) deeplink_url: String,
    pub(crate) encryption_key: &'a str,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// The body of `/v1/agent/get_auth_key`.
#[derive(Debug, Serialize)]
pub(crate) struct AuthKeyResponse {
    pub(crate) session_key: String,
    pub(crate) expired_date: String,
    pub(crate) agent_id: String,
    pub(crate) company_code: String,
    pub(crate) user_id: String,
    pub(crate) user_unique_id: String,
    pub(crate) is_okc_inquiry: bool,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// A PayPOS result body without data: `{object_name, code, message}` (logout's answer, and the
/// PayPOS 400 error shape).
#[derive(Debug, Serialize)]
pub(crate) struct PayposResult<'a> {
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'a str,
}

/// A stored card's fields, as `v1/card/save` answers them and `v1/card/list` writes its rows
/// (the old example's row order, then laravel-paynet's `card_brand_name` and expiry).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CardRow {
    pub(crate) company_code: &'static str,
    pub(crate) agent_id: String,
    pub(crate) user_unique_id: String,
    pub(crate) card_owner_id: String,
    pub(crate) card_hash: String,
    pub(crate) card_desc: String,
    pub(crate) card_holder: String,
    pub(crate) card_no: String,
    pub(crate) card_bin: String,
    pub(crate) card_type: &'static str,
    pub(crate) card_bank_id: &'static str,
    pub(crate) card_bank_name: &'static str,
    pub(crate) card_logo_url: String,
    pub(crate) card_brand_name: &'static str,
    pub(crate) expire_month: u32,
    pub(crate) expire_year: u32,
}

/// The answer of `/v1/card/save`: the envelope and the stored card (with `ECHO…`, what the request
/// carried too, as a careless server would).
#[derive(Debug, Serialize)]
pub(crate) struct CardSaved {
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: String,
    #[serde(flatten)]
    pub(crate) card: CardRow,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) card_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) cvv: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) otp_code: Option<String>,
}

/// The answer of `/v1/card/list`: the paging envelope and `Data` (capital D, as Paynet's example).
#[derive(Debug, Serialize)]
pub(crate) struct CardList {
    pub(crate) total: usize,
    pub(crate) total_count: usize,
    pub(crate) limit: u64,
    pub(crate) ending_before: u64,
    pub(crate) starting_after: u64,
    pub(crate) has_more: bool,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: String,
    #[serde(rename = "Data")]
    pub(crate) data: Vec<CardRow>,
}

/// The `{code, message}` answer of the card services (with `object_name` where Paynet's examples
/// have one: `desc_update` and `check_otp` have none).
#[derive(Debug, Serialize)]
pub(crate) struct CardResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) object_name: Option<&'static str>,
    pub(crate) code: u32,
    pub(crate) message: String,
}

/// The answer of `/v1/card/send_otp`.
#[derive(Debug, Serialize)]
pub(crate) struct OtpSent {
    pub(crate) otp_expire: String,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// The answer of `/v1/mailorder/create`: the link's URL (the only field Paynet's peers read).
#[derive(Debug, Serialize)]
pub(crate) struct PayLinkCreated {
    pub(crate) url: String,
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
}

/// A pay link as `/v1/mailorder/detail` answers it: the page's fields at the top level, beside
/// the envelope, then the simulator's `status` and `url`.
#[derive(Debug, Serialize)]
pub(crate) struct PayLinkDetail {
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
    pub(crate) id: String,
    pub(crate) company_code: &'static str,
    pub(crate) agent_id: String,
    pub(crate) xact_id: String,
    pub(crate) reference_no: String,
    pub(crate) email: String,
    pub(crate) user_name: String,
    pub(crate) name_surname: String,
    pub(crate) amount: Money,
    pub(crate) currency: &'static str,
    pub(crate) installment: u32,
    pub(crate) phone: String,
    pub(crate) bank_id: String,
    pub(crate) expire_date: String,
    pub(crate) create_date: String,
    pub(crate) note: String,
    pub(crate) agent_note: String,
    pub(crate) succeed_url: String,
    pub(crate) error_url: String,
    pub(crate) status: u8,
    pub(crate) url: String,
}

/// A row of `/v1/mailorder/list`: the page's fields, then the simulator's.
#[derive(Debug, Serialize)]
pub(crate) struct PayLinkRow {
    pub(crate) company_code: &'static str,
    pub(crate) agent_id: String,
    pub(crate) expire_date: String,
    pub(crate) xact_id: String,
    pub(crate) bank_id: String,
    pub(crate) bank_name: String,
    pub(crate) reference_no: String,
    pub(crate) installment: u32,
    pub(crate) amount: Money,
    pub(crate) currency: &'static str,
    pub(crate) phone: String,
    pub(crate) send_sms: bool,
    pub(crate) note: String,
    pub(crate) agent_note: String,
    pub(crate) succeed_url: String,
    pub(crate) id: String,
    pub(crate) create_date: String,
    pub(crate) name_surname: String,
    pub(crate) status: u8,
    pub(crate) url: String,
}

/// The answer of `/v1/mailorder/list`.
#[derive(Debug, Serialize)]
pub(crate) struct PayLinkList {
    pub(crate) object_name: &'static str,
    pub(crate) code: u32,
    pub(crate) message: &'static str,
    pub(crate) total: usize,
    pub(crate) total_count: usize,
    pub(crate) has_more: bool,
    #[serde(rename = "Data")]
    pub(crate) data: Vec<PayLinkRow>,
}

/// The JSON the simulator posts to a pay link's `confirmation_url` once it is paid: the fields of
/// Paynet's page, with its spellings (`referance_no`, `netAmount`, `instalment`).
#[derive(Debug, Serialize)]
pub(crate) struct PayLinkCallback {
    pub(crate) referance_no: String,
    pub(crate) xact_date: String,
    pub(crate) agent_id: String,
    pub(crate) bank_id: String,
    pub(crate) instalment: u32,
    pub(crate) card_holder: String,
    pub(crate) card_number: String,
    pub(crate) amount: Money,
    #[serde(rename = "netAmount")]
    pub(crate) net_amount: Money,
    pub(crate) comission: Money,
    pub(crate) comission_tax: Money,
    pub(crate) currency: &'static str,
    pub(crate) authorization_code: String,
    pub(crate) order_id: String,
    pub(crate) is_succeed: bool,
    pub(crate) card_type: &'static str,
}

/// Paynet's non-200 error shape: `{type, message, code, result_code}`.
#[derive(Debug, Serialize)]
struct PaynetError<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    message: &'a str,
    code: u16,
    result_code: u32,
}

/// A JSON response with the given status.
pub(crate) fn json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    match serde_json::to_string(body) {
        Ok(text) => json_text(status, text),
        Err(_) => json_text(
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"{"type":"api_error","message":"Simulator could not encode its response","code":500,"result_code":8}"#
                .to_owned(),
        ),
    }
}

/// A response whose body is already JSON text.
fn json_text(status: StatusCode, text: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        text,
    )
        .into_response()
}

/// Paynet's `{type, message, code, result_code}` error, where `code` is the HTTP status.
pub(crate) fn paynet_error(
    status: StatusCode,
    kind: &'static str,
    message: &str,
    result_code: u32,
) -> Response {
    json(
        status,
        &PaynetError {
            kind,
            message,
            code: status.as_u16(),
            result_code,
        },
    )
}

/// The PayPOS error: HTTP 400 with `{"object_name":"error","code":..,"message":..}`.
pub(crate) fn paypos_error(code: u32, message: &str) -> Response {
    json(
        StatusCode::BAD_REQUEST,
        &PayposResult {
            object_name: "error",
            code,
            message,
        },
    )
}

/// The `FAIL500` answer: an HTML page, like a proxy or an IIS error page would send.
pub(crate) fn html_500() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        "<!DOCTYPE html>\n<html><head><title>500 - Internal server error.</title></head>\n\
         <body><h1>Server Error</h1><h2>500 - Internal server error.</h2>\n\
         <p>There is a problem with the resource you are looking for, and it cannot be displayed.</p>\n\
         <!-- paynet-sim FAIL500 trigger --></body></html>\n",
    )
        .into_response()
}

/// An HTML page (the simulated bank's 3-D pages).
pub(crate) fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        )],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_scale() {
        #[derive(Serialize)]
        struct T {
            d: Money,
            e: Money,
            f: Money,
            g: Ratio,
            h: V2Money,
            i: V2Money,
            j: Flag,
            k: Flag,
        }
        let t = T {
            d: Money(1000),
            e: Money(5),
            f: Money(0),
            g: Ratio(199),
            h: V2Money {
                kurus: 14990,
                comma: false,
            },
            i: V2Money {
                kurus: 123_456,
                comma: true,
            },
            j: Flag {
                value: true,
                as_text: false,
            },
            k: Flag {
                value: false,
                as_text: true,
            },
        };
        assert_eq!(
            serde_json::to_string(&t).ok().as_deref(),
            Some(
                r#"{"d":10.00,"e":0.05,"f":0.00,"g":0.0199,"h":149.90,"i":"1234,56","j":true,"k":"false"}"#
            )
        );
    }
}
