//! Paynet's result codes ([`ResultCode`], the `code` / `result_code` of a response) and the error
//! types of its non-200 bodies ([`ErrorType`]).

use std::fmt;

use crate::macros::integer_code_enum;

integer_code_enum! {
    /// The `code` of a Paynet response body (and the `result_code` of a non-200 body).
    ///
    /// Codes 0 to 21 and 100 are in Paynet's documentation; 22 to 26, 200 and 201 are known from
    /// public client libraries. Paynet adds codes over time: any other number is kept as
    /// [`ResultCode::Unknown`], so reading a code never fails.
    ///
    /// Only [`ResultCode::Successful`] and [`ResultCode::OldSuccessful`] are successes
    /// ([`ResultCode::is_success`]).
    ///
    /// Paynet documents each code by its name only (shown first in each variant's docs); the short
    /// meanings that follow are read from those names.
    ///
    /// ```
    /// use paynet_domain::codes::ResultCode;
    ///
    /// assert_eq!(ResultCode::from_i64(7), ResultCode::Unauthorized);
    /// assert_eq!(ResultCode::Unauthorized.to_string(), "7 (unauthorized)");
    /// assert!(ResultCode::from_i64(100).is_success());
    /// let odd = ResultCode::from_i64(999);
    /// assert!(matches!(odd, ResultCode::Unknown(u) if u.value() == 999));
    /// assert_eq!(odd.as_i64(), 999);
    /// assert!(!odd.is_success());
    /// ```
    pub enum ResultCode {
        /// 0, `successful`: the operation succeeded.
        Successful = 0 => "successful",
        /// 1, `unsuccessful`: the operation failed.
        Unsuccessful = 1 => "unsuccessful",
        /// 2, `companyblocked`: the merchant company is blocked.
        CompanyBlocked = 2 => "companyblocked",
        /// 3, `agentblocked`: the agent (dealer / sub-merchant) is blocked.
        AgentBlocked = 3 => "agentblocked",
        /// 4, `agentnotfound`: no such agent.
        AgentNotFound = 4 => "agentnotfound",
        /// 5, `duplicatedata`: the data duplicates an existing record.
        DuplicateData = 5 => "duplicatedata",
        /// 6, `noprocess`: nothing was processed.
        NoProcess = 6 => "noprocess",
        /// 7, `unauthorized`: the credentials were refused.
        Unauthorized = 7 => "unauthorized",
        /// 8, `servererror`: an error on Paynet's side.
        ServerError = 8 => "servererror",
        /// 9, `notimplemented`: the operation is not implemented.
        NotImplemented = 9 => "notimplemented",
        /// 10, `timeout`: the operation timed out.
        Timeout = 10 => "timeout",
        /// 11, `badrequest`: the request was malformed or invalid.
        BadRequest = 11 => "badrequest",
        /// 12, `nodata`: no data matches the request.
        NoData = 12 => "nodata",
        /// 13, `paynetjnosession`: no such payment session.
        PaynetjNoSession = 13 => "paynetjnosession",
        /// 14, `paynetjwrongbin`: the card's BIN (first digits) is wrong or not accepted.
        PaynetjWrongBin = 14 => "paynetjwrongbin",
        /// 15, `paynetjunmatchtran`: the transaction does not match.
        PaynetjUnmatchTran = 15 => "paynetjunmatchtran",
        /// 16, `paynetj3derror`: 3-D Secure failed.
        Paynetj3dError = 16 => "paynetj3derror",
        /// 17, `paynetjusedsession`: the payment session was already used.
        PaynetjUsedSession = 17 => "paynetjusedsession",
        /// 18, `wrongcarddata`: the card data is wrong.
        WrongCardData = 18 => "wrongcarddata",
        /// 19, `wrongtransactiontype`: the transaction type is wrong for this operation.
        WrongTransactionType = 19 => "wrongtransactiontype",
        /// 20, `wrongpostype`: the POS type is wrong.
        WrongPosType = 20 => "wrongpostype",
        /// 21, `wrongratioget`: the commission ratio could not be obtained.
        WrongRatioGet = 21 => "wrongratioget",
        /// 22, `paynetj_expire_date_error`: the card's expiry date is wrong (known from public
        /// clients, not from Paynet's documentation).
        PaynetjExpireDateError = 22 => "paynetj_expire_date_error",
        /// 23, `ratio_code_not_found`: no such commission ratio code (known from public clients).
        RatioCodeNotFound = 23 => "ratio_code_not_found",
        /// 24, `invoice_no_not_found`: no such invoice number (known from public clients).
        InvoiceNoNotFound = 24 => "invoice_no_not_found",
        /// 25, `card_not_found`: no such (stored) card (known from public clients).
        CardNotFound = 25 => "card_not_found",
        /// 26, `card_key_undefined`: the stored card's key is not defined (known from public
        /// clients).
        CardKeyUndefined = 26 => "card_key_undefined",
        /// 100, `oldsuccessful`: a successful transaction with this `reference_no` already exists,
        /// and Paynet returned that earlier transaction. This counts as a success: it is what
        /// makes a retry with the same `reference_no` safe.
        OldSuccessful = 100 => "oldsuccessful",
        /// 200, `subscription_on` (known from public clients).
        SubscriptionOn = 200 => "subscription_on",
        /// 201, `subscription_off` (known from public clients).
        SubscriptionOff = 201 => "subscription_off",
        @unknown
        /// A code this crate does not know, with its number. Only [`ResultCode::from_i64`] makes
        /// one, for a number with no named variant: an unknown code can never be built to look
        /// like a known one (or a success).
        Unknown,
    }
}

impl ResultCode {
    /// True only for [`ResultCode::Successful`] (0) and [`ResultCode::OldSuccessful`] (100: Paynet
    /// returned the earlier successful transaction with the same `reference_no`).
    pub fn is_success(self) -> bool {
        matches!(self, ResultCode::Successful | ResultCode::OldSuccessful)
    }
}

/// A code Paynet sent that this crate does not know (a result code, a transaction or POS type).
/// Only this crate's readers make one, for numbers that have no named value: it can never equal
/// a known code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownCode(pub(crate) i64);

impl UnknownCode {
    /// The number Paynet sent.
    pub fn value(self) -> i64 {
        self.0
    }
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A text value Paynet sent that this crate does not know (an error type, a card type, a
/// currency), kept as sent. Only this crate's readers make one, for text that is no known value:
/// it can never equal a known value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownText(pub(crate) String);

impl UnknownText {
    /// The text as Paynet sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The `type` of a non-200 Paynet body (`{type, message, code, result_code}`).
///
/// ```
/// use paynet_domain::codes::ErrorType;
///
/// assert_eq!(ErrorType::parse("authorization_error"), ErrorType::AuthorizationError);
/// let odd = ErrorType::parse("rate_limit");
/// assert!(matches!(&odd, ErrorType::Unknown(t) if t.as_str() == "rate_limit"));
/// assert_eq!(ErrorType::AuthorizationError.as_str(), "authorization_error");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorType {
    /// `api_error`: an error on Paynet's side.
    ApiError,
    /// `invalid_request_error`: the request was invalid.
    InvalidRequestError,
    /// `authorization_error`: the credentials were refused.
    AuthorizationError,
    /// `no_data_error`: no data matches the request.
    NoDataError,
    /// A type this crate does not know, as Paynet sent it.
    Unknown(UnknownText),
}

impl ErrorType {
    /// Every named (documented) type.
    pub const KNOWN: &'static [ErrorType] = &[
        ErrorType::ApiError,
        ErrorType::InvalidRequestError,
        ErrorType::AuthorizationError,
        ErrorType::NoDataError,
    ];

    /// Reads a `type` as Paynet sends it. Never fails; reading is lenient (surrounding whitespace
    /// and ASCII case are ignored), and an unknown type is kept as sent in
    /// [`ErrorType::Unknown`].
    pub fn parse(text: &str) -> ErrorType {
        let trimmed = text.trim();
        ErrorType::KNOWN
            .iter()
            .find(|known| known.as_str().eq_ignore_ascii_case(trimmed))
            .cloned()
            .unwrap_or_else(|| ErrorType::Unknown(UnknownText(text.to_owned())))
    }

    /// The type as Paynet writes it (`"api_error"`, ...); an unknown type as it was received.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorType::ApiError => "api_error",
            ErrorType::InvalidRequestError => "invalid_request_error",
            ErrorType::AuthorizationError => "authorization_error",
            ErrorType::NoDataError => "no_data_error",
            ErrorType::Unknown(text) => text.as_str(),
        }
    }
}

impl fmt::Display for ErrorType {
    /// Writes [`ErrorType::as_str`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    /// Paynet-api.md section 5, written out independently of the enum.
    const DOCUMENTED: &[(i64, &str)] = &[
        (0, "successful"),
        (1, "unsuccessful"),
        (2, "companyblocked"),
        (3, "agentblocked"),
        (4, "agentnotfound"),
        (5, "duplicatedata"),
        (6, "noprocess"),
        (7, "unauthorized"),
        (8, "servererror"),
        (9, "notimplemented"),
        (10, "timeout"),
        (11, "badrequest"),
        (12, "nodata"),
        (13, "paynetjnosession"),
        (14, "paynetjwrongbin"),
        (15, "paynetjunmatchtran"),
        (16, "paynetj3derror"),
        (17, "paynetjusedsession"),
        (18, "wrongcarddata"),
        (19, "wrongtransactiontype"),
        (20, "wrongpostype"),
        (21, "wrongratioget"),
        (22, "paynetj_expire_date_error"),
        (23, "ratio_code_not_found"),
        (24, "invoice_no_not_found"),
        (25, "card_not_found"),
        (26, "card_key_undefined"),
        (100, "oldsuccessful"),
        (200, "subscription_on"),
        (201, "subscription_off"),
    ];

    #[test]
    fn every_documented_code_maps_both_ways() {
        assert_eq!(ResultCode::KNOWN.len(), DOCUMENTED.len());
        for &(code, name) in DOCUMENTED {
            let result = ResultCode::from_i64(code);
            assert!(!matches!(result, ResultCode::Unknown(_)), "{code}");
            assert_eq!(result.as_i64(), code);
            assert_eq!(result.name(), name);
            assert_eq!(result.to_string(), format!("{code} ({name})"));
            assert_eq!(ResultCode::from(code), result);
            assert_eq!(i64::from(result), code);
            assert!(ResultCode::KNOWN.contains(&result));
        }
        let codes: HashSet<i64> = ResultCode::KNOWN.iter().map(|c| c.as_i64()).collect();
        let names: HashSet<&str> = ResultCode::KNOWN.iter().map(|c| c.name()).collect();
        assert_eq!(codes.len(), DOCUMENTED.len());
        assert_eq!(names.len(), DOCUMENTED.len());
    }

    #[test]
    fn named_variants() {
        assert_eq!(ResultCode::from_i64(0), ResultCode::Successful);
        assert_eq!(ResultCode::from_i64(7), ResultCode::Unauthorized);
        assert_eq!(ResultCode::from_i64(16), ResultCode::Paynetj3dError);
        assert_eq!(ResultCode::from_i64(100), ResultCode::OldSuccessful);
        assert_eq!(ResultCode::from_i64(201), ResultCode::SubscriptionOff);
    }

    #[test]
    fn only_0_and_100_are_successes() {
        for &code in ResultCode::KNOWN {
            assert_eq!(
                code.is_success(),
                matches!(code.as_i64(), 0 | 100),
                "{code}"
            );
        }
        assert!(ResultCode::Successful.is_success());
        assert!(ResultCode::OldSuccessful.is_success());
        assert!(!ResultCode::Unsuccessful.is_success());
        assert!(!ResultCode::from_i64(27).is_success());
        assert!(!ResultCode::from_i64(-1).is_success());
    }

    #[test]
    fn unknown_codes_round_trip() {
        for code in [27, 99, 101, 202, -1, i64::MIN, i64::MAX] {
            let result = ResultCode::from_i64(code);
            assert!(matches!(result, ResultCode::Unknown(u) if u.value() == code));
            assert_eq!(result.as_i64(), code);
            assert_eq!(result.name(), "unknown");
            assert_eq!(result.to_string(), format!("{code} (unknown)"));
        }
        // An unknown code is never a known one: only from_i64 makes one, for unknown numbers.
        for &known in ResultCode::KNOWN {
            assert!(!matches!(
                ResultCode::from_i64(known.as_i64()),
                ResultCode::Unknown(_)
            ));
        }
    }

    #[test]
    fn error_types() {
        let documented = [
            ("api_error", ErrorType::ApiError),
            ("invalid_request_error", ErrorType::InvalidRequestError),
            ("authorization_error", ErrorType::AuthorizationError),
            ("no_data_error", ErrorType::NoDataError),
        ];
        assert_eq!(ErrorType::KNOWN.len(), documented.len());
        for (text, expected) in documented {
            assert_eq!(ErrorType::parse(text), expected);
            assert_eq!(expected.as_str(), text);
            assert_eq!(expected.to_string(), text);
            // Lenient reading.
            assert_eq!(
                ErrorType::parse(&format!(" {} ", text.to_uppercase())),
                expected
            );
        }
        let odd = ErrorType::parse("rate_limit_error");
        assert!(matches!(&odd, ErrorType::Unknown(t) if t.as_str() == "rate_limit_error"));
        assert_eq!(odd.as_str(), "rate_limit_error");
        assert_eq!(ErrorType::parse("x y").to_string(), "x y");
        assert!(matches!(ErrorType::parse(""), ErrorType::Unknown(_)));
    }

    proptest! {
        #[test]
        fn any_code_round_trips(code in any::<i64>()) {
            let result = ResultCode::from_i64(code);
            prop_assert_eq!(result.as_i64(), code);
            prop_assert_eq!(ResultCode::from_i64(result.as_i64()), result);
            prop_assert_eq!(result.is_success(), code == 0 || code == 100);
        }

        #[test]
        fn any_error_type_round_trips(text in any::<String>()) {
            let parsed = ErrorType::parse(&text);
            match &parsed {
                ErrorType::Unknown(kept) => prop_assert_eq!(kept.as_str(), text.as_str()),
                known => prop_assert!(known.as_str().eq_ignore_ascii_case(text.trim())),
            }
        }
    }
}
