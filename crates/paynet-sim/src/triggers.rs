//! Values that make the simulator take an unhappy path on purpose (see the table in
//! [`protocol`](crate::protocol#triggers-for-unhappy-paths)).

use std::time::Duration;

/// A trigger field starting with this makes the bank decline (capture, init_sale,
/// init_reversal).
pub const DECLINE_PREFIX: &str = "DECLINE";
/// A trigger field starting with this delays the answer by
/// [`SimConfig::slow_delay`](crate::SimConfig::slow_delay), then the request is handled
/// normally.
pub const SLOW_PREFIX: &str = "SLOW";
/// A trigger field starting with this is handled (the payment, capture or refund request
/// happens and is recorded) but its answer is lost: the connection is closed without a byte
/// of it after [`SimConfig::slow_delay`](crate::SimConfig::slow_delay). Only operations
/// that move money lose their answer; a lookup (check, detail, lists) with the same
/// reference is answered, so that the SDK can settle the outcome.
pub const LOST_PREFIX: &str = "LOST";
/// A trigger field starting with this gets HTTP 500 with an HTML page.
pub const FAIL500_PREFIX: &str = "FAIL500";
/// A trigger field starting with this gets its connection closed without any response.
pub const DROP_PREFIX: &str = "DROP";
/// A capture of this many kuruş (`"amount":"9999"`, 99.99 TL), or an init_sale of 99.99 TL,
/// is declined by the bank.
pub const DECLINE_AMOUNT_KURUS: u64 = 9999;
/// How long `SLOW` waits unless configured otherwise.
pub const DEFAULT_SLOW_DELAY: Duration = Duration::from_secs(5);
/// `bank_error_id` of a simulated bank decline.
pub const BANK_DECLINE_ERROR_ID: &str = "05";
/// `bank_error_message` of a simulated bank decline.
pub const BANK_DECLINE_MESSAGE: &str = "Red-Onaylanmadı";
/// `paynet_error_id` of a capture above the remaining amount (the simulator's own value:
/// Paynet's is not documented).
pub const OVER_CAPTURE_ERROR_ID: &str = "SIM_OVER_CAPTURE";
/// A transaction whose `reference_no` starts with this has its refund and cancellation
/// requests (`reversed_request`) denied.
pub const REFUND_DENY_PREFIX: &str = "REFUNDDENY";
/// How long a refund or cancellation request waits before it is decided, unless configured
/// otherwise ([`SimConfig::reversal_delay`](crate::SimConfig::reversal_delay)).
pub const DEFAULT_REVERSAL_DELAY: Duration = Duration::from_millis(50);
/// A `card_desc` starting with this makes `v1/card/save` echo the secrets the request carried, as
/// a careless server might, for testing that a client never shows them: the card number inside
/// `message`, as the whole `card_no` and as `card_number`; the `cvv` as the whole `card_bin` and
/// as `cvv`; the `otp_code` as the whole `card_holder` and as `otp_code`. The card is stored as
/// usual.
pub const ECHO_PREFIX: &str = "ECHO";
