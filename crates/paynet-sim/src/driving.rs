//! What the [`Simulator`](crate::Simulator)'s driving and inspecting methods take and give: the
//! Paynet.js form's input ([`JsPayment`], [`JsPaymentError`]), where a 3-D session stands
//! ([`ThreeDStatus`]), and a PayPOS sale completed by a tapped card ([`CompletedSale`],
//! [`CompleteSaleError`]).

use std::fmt;

use crate::fixtures::{CARD_HOLDER, TEST_CVC, TEST_EXPIRY_MONTH, TEST_EXPIRY_YEAR};

/// Where a 3-D Secure session stands (see [`Simulator::three_d_status`]).
///
/// [`Simulator::three_d_status`]: crate::Simulator::three_d_status
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ThreeDStatus {
    /// Started by `tds_initial`; the shopper has not finished the bank's page.
    Pending,
    /// The shopper approved with the right password: `tds_charge` charges it.
    Verified,
    /// Declined on the bank's page (or its card's 3-D always fails): `tds_charge` answers code 16.
    Declined,
    /// `tds_charge` made its transaction (approved or declined by the bank).
    Charged,
}

/// What Paynet.js's payment form would have been given and read, for
/// [`Simulator::start_js_payment`]: the amount (`data-amount`, in kuruş), the card and the form's
/// other `data-` values.
///
/// [`Simulator::start_js_payment`]: crate::Simulator::start_js_payment
#[derive(Clone)]
pub struct JsPayment {
    pub(crate) amount_kurus: u64,
    pub(crate) pan: Option<String>,
    pub(crate) card_hash: Option<String>,
    pub(crate) card_holder: String,
    pub(crate) month: u32,
    pub(crate) year: u32,
    pub(crate) cvc: String,
    pub(crate) reference_no: String,
    pub(crate) instalment: u32,
    pub(crate) add_comission_amount: bool,
    pub(crate) ratio_code: String,
    pub(crate) description: String,
}

impl fmt::Debug for JsPayment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsPayment")
            .field("amount_kurus", &self.amount_kurus)
            .field("reference_no", &self.reference_no)
            .finish_non_exhaustive()
    }
}

impl JsPayment {
    /// A payment of `amount_kurus` (the ready-made form's `data-amount`: 1000 = 10.00 TL) with
    /// the card `pan`, held by "PAYNET SIM", expiring [`TEST_EXPIRY_MONTH`]/[`TEST_EXPIRY_YEAR`],
    /// CVC [`TEST_CVC`].
    pub fn new(amount_kurus: u64, pan: impl Into<String>) -> Self {
        JsPayment {
            amount_kurus,
            pan: Some(pan.into()),
            card_hash: None,
            card_holder: CARD_HOLDER.to_owned(),
            month: TEST_EXPIRY_MONTH,
            year: TEST_EXPIRY_YEAR,
            cvc: TEST_CVC.to_owned(),
            reference_no: String::new(),
            instalment: 0,
            add_comission_amount: false,
            ratio_code: String::new(),
            description: String::new(),
        }
    }

    /// A payment of `amount_kurus` with a stored card (e.g. [`TEST_CARD_HASH`]).
    ///
    /// [`TEST_CARD_HASH`]: crate::TEST_CARD_HASH
    pub fn stored_card(amount_kurus: u64, card_hash: impl Into<String>) -> Self {
        JsPayment {
            pan: None,
            card_hash: Some(card_hash.into()),
            ..JsPayment::new(amount_kurus, "")
        }
    }

    /// The name on the card.
    #[must_use]
    pub fn card_holder(mut self, holder: impl Into<String>) -> Self {
        self.card_holder = holder.into();
        self
    }

    /// The card's expiry month (1-12) and year (four digits, or two).
    #[must_use]
    pub fn expiry(mut self, month: u32, year: u32) -> Self {
        self.month = month;
        self.year = year;
        self
    }

    /// The card's security code.
    #[must_use]
    pub fn cvc(mut self, cvc: impl Into<String>) -> Self {
        self.cvc = cvc.into();
        self
    }

    /// The form's `data-reference_no` (the transaction's `reference_no`).
    #[must_use]
    pub fn reference_no(mut self, reference_no: impl Into<String>) -> Self {
        self.reference_no = reference_no.into();
        self
    }

    /// The instalment count the shopper chose (0 or 1: a single payment; at most 12).
    #[must_use]
    pub fn instalment(mut self, instalment: u32) -> Self {
        self.instalment = instalment;
        self
    }

    /// The form's `data-add_commission_amount`: the commission is charged on top.
    #[must_use]
    pub fn add_comission_amount(mut self, add: bool) -> Self {
        self.add_comission_amount = add;
        self
    }

    /// The form's `data-ratio_code`.
    #[must_use]
    pub fn ratio_code(mut self, ratio_code: impl Into<String>) -> Self {
        self.ratio_code = ratio_code.into();
        self
    }

    /// The form's `data-description` (the transaction's `note`).
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }
}

/// Why [`Simulator::start_js_payment`] made no session (what the form would have refused).
///
/// [`Simulator::start_js_payment`]: crate::Simulator::start_js_payment
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JsPaymentError {
    /// The amount is zero.
    InvalidAmount,
    /// More than 12 instalments.
    InvalidInstalment,
    /// The card data is wrong (number, Luhn, expiry, CVC or holder), with the reason.
    WrongCardData(String),
    /// A `card_hash` the simulator does not define.
    UnknownCardHash,
}

impl fmt::Display for JsPaymentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsPaymentError::InvalidAmount => f.write_str("the amount must be positive"),
            JsPaymentError::InvalidInstalment => f.write_str("at most 12 instalments"),
            JsPaymentError::WrongCardData(reason) => write!(f, "wrong card data: {reason}"),
            JsPaymentError::UnknownCardHash => f.write_str("no stored card with this card_hash"),
        }
    }
}

impl std::error::Error for JsPaymentError {}

/// The outcome of [`Simulator::complete_sale`].
///
/// [`Simulator::complete_sale`]: crate::Simulator::complete_sale
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletedSale {
    /// The sale's payment session.
    pub payment_session_id: String,
    /// The new transaction's encrypted id (what init_reversal takes).
    pub xact_id: String,
    /// Whether the bank approved it.
    pub is_succeed: bool,
}

/// Why [`Simulator::complete_sale`] could not complete a sale.
///
/// [`Simulator::complete_sale`]: crate::Simulator::complete_sale
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CompleteSaleError {
    /// No sale was started with this payment session id.
    UnknownPaymentSession,
    /// The card was already tapped for this payment session (or it is a reversal, which
    /// completes by itself).
    AlreadyCompleted,
}

impl fmt::Display for CompleteSaleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CompleteSaleError::UnknownPaymentSession => "no sale with this payment session id",
            CompleteSaleError::AlreadyCompleted => "this payment session is already completed",
        })
    }
}

impl std::error::Error for CompleteSaleError {}
