//! Paynet's coded values, each keeping a value it does not know (an `Unknown` case, or any text
//! for [`BankId`]), so that reading an answer never fails because Paynet added one: the result
//! codes of its answers ([`ResultCode`], the `code` / `result_code`), the error types of its
//! non-200 bodies ([`ErrorType`]), and a transaction's attributes ([`TransactionType`],
//! [`PosType`], [`CardType`], [`BankId`]).

use std::fmt;

/// Defines a `#[non_exhaustive]` enum of integer codes with named variants and an
/// `Unknown(UnknownCode)` case (which only `from_i64` makes, for numbers with no named variant),
/// plus `from_i64`, `as_i64`, `name` and a `KNOWN` list.
///
/// The `Unknown` case comes last, after an `@unknown` marker (which keeps its doc comments apart
/// from the named variants'). `Display` writes `<code> (<name>)`.
macro_rules! integer_code_enum {
    (
        $(#[$enum_meta:meta])*
        pub enum $name:ident {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = $code:literal => $text:literal,
            )+
            @unknown
            $(#[$unknown_meta:meta])*
            Unknown,
        }
    ) => {
        $(#[$enum_meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(
                $(#[$variant_meta])*
                $variant,
            )+
            $(#[$unknown_meta])*
            Unknown($crate::codes::UnknownCode),
        }

        impl $name {
            /// Every named (documented) value, in code order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// Reads a code as Paynet sends it. Never fails: a code this crate does not know
            /// becomes `Unknown(code)`.
            pub fn from_i64(code: i64) -> $name {
                match code {
                    $($code => $name::$variant,)+
                    other => $name::Unknown($crate::codes::UnknownCode(other)),
                }
            }

            /// The code as Paynet writes it.
            pub fn as_i64(self) -> i64 {
                match self {
                    $($name::$variant => $code,)+
                    $name::Unknown(code) => code.value(),
                }
            }

            /// The value's name (`"unknown"` for an unknown code).
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Unknown(_) => "unknown",
                }
            }
        }

        impl ::std::fmt::Display for $name {
            /// Writes the code and its name, e.g. `4 (capture)`; `99 (unknown)` for an unknown
            /// code.
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{} ({})", self.as_i64(), self.name())
            }
        }

        impl From<i64> for $name {
            /// Same as the type's `from_i64`.
            fn from(code: i64) -> $name {
                $name::from_i64(code)
            }
        }

        impl ::serde::Serialize for $name {
            /// The code as Paynet writes it (a number).
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }

        impl From<$name> for i64 {
            /// Same as the type's `as_i64`.
            fn from(value: $name) -> i64 {
                value.as_i64()
            }
        }
    };
}

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

integer_code_enum! {
    /// A transaction's `transaction_type` (a JSON number on the wire, although documented as a
    /// char).
    ///
    /// ```
    /// use paynet_domain::codes::TransactionType;
    ///
    /// assert_eq!(TransactionType::from_i64(4), TransactionType::Capture);
    /// assert_eq!(TransactionType::Capture.to_string(), "4 (capture)");
    /// assert!(matches!(TransactionType::from_i64(8), TransactionType::Unknown(u) if u.value() == 8));
    /// ```
    pub enum TransactionType {
        /// 1: a sale.
        Sale = 1 => "sale",
        /// 2: a reversal (cancel or refund) of a sale.
        Reversal = 2 => "reversal",
        /// 3: a pre-authorisation (an amount held on the card, to be captured later).
        PreAuth = 3 => "pre-authorisation",
        /// 4: a capture (finansallaştırma) of a pre-authorisation.
        Capture = 4 => "capture",
        /// 5: a reversal of a pre-authorisation.
        PreAuthReversal = 5 => "pre-authorisation reversal",
        /// 6: a reversal of a capture.
        CaptureReversal = 6 => "capture reversal",
        /// 7: a query.
        Query = 7 => "query",
        /// 9: a credit.
        Credit = 9 => "credit",
        /// 10: a use of card points.
        PointUse = 10 => "point use",
        /// 11: a return of card points.
        PointReturn = 11 => "point return",
        @unknown
        /// A type this crate does not know, with its number (8 is not documented either).
        ///
        /// [`TransactionType::from_i64`] produces it only for numbers with no named variant.
        Unknown,
    }
}

integer_code_enum! {
    /// A transaction's `pos_type` (a JSON number on the wire, although documented as a char).
    ///
    /// ```
    /// use paynet_domain::codes::PosType;
    ///
    /// assert_eq!(PosType::from_i64(5), PosType::PaynetPos);
    /// assert_eq!(PosType::from_i64(1), PosType::SwipePos);
    /// assert_eq!(PosType::SwipePos.to_string(), "1 (Süpürmeli POS)");
    /// ```
    pub enum PosType {
        /// 1: "Süpürmeli POS", Paynet's Turkish name, literally "swipe POS" (a POS the card is
        /// swiped through). [`PosType::name`] returns the Turkish name.
        SwipePos = 1 => "Süpürmeli POS",
        /// 5: Paynet POS.
        PaynetPos = 5 => "Paynet POS",
        @unknown
        /// A POS type this crate does not know, with its number.
        ///
        /// [`PosType::from_i64`] produces it only for numbers with no named variant.
        Unknown,
    }
}

/// A card's `card_type`: `bc` commercial, `cc` personal, `dc` debit.
///
/// ```
/// use paynet_domain::codes::CardType;
///
/// assert_eq!(CardType::parse("cc"), CardType::Personal);
/// assert_eq!(CardType::Personal.as_str(), "cc");
/// assert_eq!(CardType::Personal.to_string(), "cc (personal)");
/// assert!(matches!(CardType::parse("pc"), CardType::Unknown(t) if t.as_str() == "pc"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CardType {
    /// `bc`: a commercial (business) card.
    Commercial,
    /// `cc`: a personal credit card.
    Personal,
    /// `dc`: a debit card.
    Debit,
    /// A card type this crate does not know, as Paynet sent it (possibly empty: whether an empty
    /// value means "none" is for the response reader to decide).
    Unknown(crate::codes::UnknownText),
}

impl CardType {
    /// Every named (documented) card type.
    pub const KNOWN: &'static [CardType] =
        &[CardType::Commercial, CardType::Personal, CardType::Debit];

    /// Reads a `card_type` as Paynet sends it. Never fails; reading is lenient (surrounding
    /// whitespace and ASCII case are ignored), and an unknown value is kept as sent in
    /// [`CardType::Unknown`].
    pub fn parse(text: &str) -> CardType {
        let trimmed = text.trim();
        CardType::KNOWN
            .iter()
            .find(|known| known.as_str().eq_ignore_ascii_case(trimmed))
            .cloned()
            .unwrap_or_else(|| CardType::Unknown(crate::codes::UnknownText(text.to_owned())))
    }

    /// The code as Paynet writes it (`"bc"`, `"cc"`, `"dc"`); an unknown value as received.
    pub fn as_str(&self) -> &str {
        match self {
            CardType::Commercial => "bc",
            CardType::Personal => "cc",
            CardType::Debit => "dc",
            CardType::Unknown(text) => text.as_str(),
        }
    }

    /// The card type's name: `"commercial"`, `"personal"`, `"debit"` or `"unknown"`.
    pub fn name(&self) -> &'static str {
        match self {
            CardType::Commercial => "commercial",
            CardType::Personal => "personal",
            CardType::Debit => "debit",
            CardType::Unknown(_) => "unknown",
        }
    }
}

impl serde::Serialize for CardType {
    /// The code as Paynet writes it (`"cc"`).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl serde::Serialize for BankId {
    /// The id as Paynet wrote it (`"AXSS"`).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Display for CardType {
    /// Writes the code and its name, e.g. `cc (personal)`; `xx (unknown)` for an unknown value.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.as_str(), self.name())
    }
}

/// A transaction's `bank_id`: a four-letter code such as `AXSS` (documented as `char(4)`).
///
/// Any value is accepted and kept exactly as Paynet sent it; [`BankId::known`] says whether it is
/// one of the 13 documented ids ([`BankId::KNOWN`]).
///
/// ```
/// use paynet_domain::codes::BankId;
///
/// let bank = BankId::new("AXSS");
/// assert!(bank.known());
/// assert_eq!(bank.as_str(), "AXSS");
/// assert!(!BankId::new("QNBF").known()); // kept, but not documented
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BankId(String);

impl BankId {
    /// The documented bank ids.
    pub const KNOWN: [&'static str; 13] = [
        "ADVT", "AXSS", "BONS", "DENZ", "FINS", "KVYT", "MAXM", "ODEA", "PARF", "VAKF", "WRLD",
        "ZDGR", "ZRTB",
    ];

    /// Wraps a bank id as sent, without validation.
    pub fn new(id: impl Into<String>) -> BankId {
        BankId(id.into())
    }

    /// The id as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the id is one of the 13 documented ids ([`BankId::KNOWN`]). The comparison is
    /// exact: `"axss"` or `" AXSS"` is not known.
    pub fn known(&self) -> bool {
        BankId::KNOWN.contains(&self.0.as_str())
    }

    /// The id as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for BankId {
    /// Writes the id as sent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for BankId {
    fn from(id: String) -> BankId {
        BankId(id)
    }
}

impl From<&str> for BankId {
    fn from(id: &str) -> BankId {
        BankId(id.to_owned())
    }
}

impl AsRef<str> for BankId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod kinds_tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::HashSet;

    #[test]
    fn transaction_types_map_both_ways() {
        let documented = [
            (1, TransactionType::Sale, "sale"),
            (2, TransactionType::Reversal, "reversal"),
            (3, TransactionType::PreAuth, "pre-authorisation"),
            (4, TransactionType::Capture, "capture"),
            (
                5,
                TransactionType::PreAuthReversal,
                "pre-authorisation reversal",
            ),
            (6, TransactionType::CaptureReversal, "capture reversal"),
            (7, TransactionType::Query, "query"),
            (9, TransactionType::Credit, "credit"),
            (10, TransactionType::PointUse, "point use"),
            (11, TransactionType::PointReturn, "point return"),
        ];
        assert_eq!(TransactionType::KNOWN.len(), documented.len());
        for (code, variant, name) in documented {
            assert_eq!(TransactionType::from_i64(code), variant);
            assert_eq!(variant.as_i64(), code);
            assert_eq!(variant.name(), name);
            assert_eq!(variant.to_string(), format!("{code} ({name})"));
            assert_eq!(TransactionType::from(code), variant);
            assert_eq!(i64::from(variant), code);
        }
        for code in [0, 8, 12, -1, i64::MAX] {
            let unknown = TransactionType::from_i64(code);
            assert!(matches!(unknown, TransactionType::Unknown(u) if u.value() == code));
            assert_eq!(unknown.as_i64(), code);
            assert_eq!(unknown.to_string(), format!("{code} (unknown)"));
        }
    }

    #[test]
    fn pos_types_map_both_ways() {
        assert_eq!(PosType::KNOWN, &[PosType::SwipePos, PosType::PaynetPos]);
        assert_eq!(PosType::from_i64(5), PosType::PaynetPos);
        assert_eq!(PosType::from_i64(1), PosType::SwipePos);
        assert_eq!(PosType::PaynetPos.as_i64(), 5);
        assert_eq!(PosType::SwipePos.as_i64(), 1);
        assert_eq!(PosType::SwipePos.name(), "Süpürmeli POS");
        assert_eq!(PosType::PaynetPos.to_string(), "5 (Paynet POS)");
        for code in [0, 2, 3, 4, 6, -5] {
            let unknown = PosType::from_i64(code);
            assert!(matches!(unknown, PosType::Unknown(u) if u.value() == code));
            assert_eq!(unknown.as_i64(), code);
            assert_eq!(unknown.name(), "unknown");
        }
    }

    #[test]
    fn card_types() {
        let documented = [
            ("bc", CardType::Commercial, "commercial"),
            ("cc", CardType::Personal, "personal"),
            ("dc", CardType::Debit, "debit"),
        ];
        assert_eq!(CardType::KNOWN.len(), documented.len());
        for (code, variant, name) in documented {
            assert_eq!(CardType::parse(code), variant);
            assert_eq!(
                CardType::parse(&format!(" {} ", code.to_uppercase())),
                variant
            );
            assert_eq!(variant.as_str(), code);
            assert_eq!(variant.name(), name);
            assert_eq!(variant.to_string(), format!("{code} ({name})"));
        }
        let pc = CardType::parse("pc");
        assert!(matches!(&pc, CardType::Unknown(t) if t.as_str() == "pc"));
        assert!(matches!(CardType::parse(""), CardType::Unknown(_)));
        assert_eq!(pc.as_str(), "pc");
        assert_eq!(pc.to_string(), "pc (unknown)");
    }

    #[test]
    fn bank_ids() {
        let documented = [
            "ADVT", "AXSS", "BONS", "DENZ", "FINS", "KVYT", "MAXM", "ODEA", "PARF", "VAKF", "WRLD",
            "ZDGR", "ZRTB",
        ];
        assert_eq!(BankId::KNOWN.len(), 13);
        assert_eq!(BankId::KNOWN.iter().collect::<HashSet<_>>().len(), 13);
        for id in documented {
            let bank = BankId::new(id);
            assert!(bank.known(), "{id}");
            assert_eq!(bank.as_str(), id);
            assert_eq!(bank.to_string(), id);
            assert_eq!(BankId::from(id), bank);
            assert_eq!(BankId::from(id.to_owned()), bank);
            assert_eq!(bank.as_ref(), id);
            assert_eq!(bank.clone().into_string(), id);
        }
        for id in ["axss", " AXSS", "AXSS ", "", "QNBF", "AXS", "AXSSS", "ğüşi"] {
            let bank = BankId::new(id);
            assert!(!bank.known(), "{id:?}");
            assert_eq!(bank.as_str(), id);
        }
    }

    proptest! {
        #[test]
        fn any_transaction_type_round_trips(code in any::<i64>()) {
            let value = TransactionType::from_i64(code);
            prop_assert_eq!(value.as_i64(), code);
            prop_assert_eq!(
                matches!(value, TransactionType::Unknown(_)),
                !matches!(code, 1..=7 | 9..=11)
            );
        }

        #[test]
        fn any_pos_type_round_trips(code in any::<i64>()) {
            let value = PosType::from_i64(code);
            prop_assert_eq!(value.as_i64(), code);
            prop_assert_eq!(matches!(value, PosType::Unknown(_)), code != 1 && code != 5);
        }

        #[test]
        fn any_card_type_round_trips(text in any::<String>()) {
            match CardType::parse(&text) {
                CardType::Unknown(kept) => prop_assert_eq!(kept.as_str(), text.as_str()),
                known => prop_assert!(known.as_str().eq_ignore_ascii_case(text.trim())),
            }
        }

        #[test]
        fn any_bank_id_is_kept(text in any::<String>()) {
            let bank = BankId::new(text.clone());
            prop_assert_eq!(bank.as_str(), text.as_str());
            prop_assert_eq!(bank.known(), BankId::KNOWN.contains(&text.as_str()));
        }
    }
}
