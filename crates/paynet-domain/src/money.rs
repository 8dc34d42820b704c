//! Exact Turkish lira money: what a caller asks Paynet to charge ([`Amount`]) and what Paynet
//! reports back ([`ReportedAmount`]).
//!
//! Both types are exact decimals ([`rust_decimal::Decimal`]); nothing here is ever converted to a
//! binary floating-point number. The currency is always explicit ([`Currency`]), even though Paynet
//! documents only Turkish lira, so that another currency can be added without breaking callers.
//!
//! The two types are separate on purpose: a chargeable [`Amount`] is positive, has at most two
//! decimals (kuruş) and fits Paynet's kuruş wire form, while a [`ReportedAmount`] is whatever Paynet
//! sent (commissions such as `19.2104` carry four decimals, and reported amounts may be zero).

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

/// A currency: the one Paynet charges in, or one it reported that this crate does not know.
///
/// Paynet documents only Turkish lira, and writes it `TRY` (the ISO 4217 code); `TL` and the
/// ISO 4217 number `949` are read as lira too. Any other value Paynet reports is kept as sent
/// ([`Currency::Unknown`]): an odd currency label never makes an answer unreadable. A chargeable
/// [`Amount`] is always lira.
///
/// ```
/// use paynet_domain::money::Currency;
/// for code in ["TRY", "try ", "TL", "949"] {
///     assert_eq!(Currency::read(code), Currency::Try);
/// }
/// let usd = Currency::read("USD");
/// assert!(matches!(usd, Currency::Unknown(_)));
/// assert_eq!(usd.code(), "USD");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Currency {
    /// Turkish lira, ISO 4217 code `TRY`; one lira is 100 kuruş.
    Try,
    /// A currency this crate does not know, as Paynet reported it. Only [`Currency::read`] makes
    /// one, for text that is no known currency: it never equals [`Currency::Try`].
    Unknown(UnknownCurrency),
}

/// A currency label this crate does not know, as Paynet sent it (its first
/// [`UnknownCurrency::MAX_LEN`] bytes; a currency code is three).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnknownCurrency {
    bytes: [u8; UnknownCurrency::MAX_LEN],
    len: u8,
}

impl UnknownCurrency {
    /// The most bytes of a label kept.
    pub const MAX_LEN: usize = 15;

    fn new(text: &str) -> UnknownCurrency {
        let mut end = text.len().min(Self::MAX_LEN);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let mut bytes = [0; Self::MAX_LEN];
        bytes[..end].copy_from_slice(&text.as_bytes()[..end]);
        UnknownCurrency {
            bytes,
            len: end as u8,
        }
    }

    /// The label as sent.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl fmt::Debug for UnknownCurrency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UnknownCurrency({:?})", self.as_str())
    }
}

impl Currency {
    /// The code, as Paynet writes it in its `currency` fields (`"TRY"`), or the unknown label as
    /// it was sent.
    pub fn code(&self) -> &str {
        match self {
            Currency::Try => "TRY",
            Currency::Unknown(u) => u.as_str(),
        }
    }

    /// Reads a known currency code: `TRY`, `TL` or `949` (surrounding whitespace and ASCII case
    /// ignored). `None` for anything else.
    ///
    /// ```
    /// use paynet_domain::money::Currency;
    /// assert_eq!(Currency::from_code("TRY"), Some(Currency::Try));
    /// assert_eq!(Currency::from_code("EUR"), None);
    /// ```
    pub fn from_code(code: &str) -> Option<Currency> {
        let code = code.trim();
        ["TRY", "TL", "949"]
            .iter()
            .any(|known| code.eq_ignore_ascii_case(known))
            .then_some(Currency::Try)
    }

    /// Reads a `currency` field as Paynet sends it: a known code, or the label kept as
    /// [`Currency::Unknown`] (trimmed).
    pub fn read(code: &str) -> Currency {
        Currency::from_code(code)
            .unwrap_or_else(|| Currency::Unknown(UnknownCurrency::new(code.trim())))
    }
}

impl fmt::Display for Currency {
    /// Writes the code (`TRY`), or the unknown label.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Inputs longer than this many characters are shortened in error messages, so that an error never
/// carries a megabyte of attacker-supplied text.
const ERROR_EXCERPT_CHARS: usize = 48;

/// The largest chargeable amount in kuruş: `999_999_999_999_999` (15 digits).
const MAX_KURUS: u64 = 999_999_999_999_999;

/// Digits allowed before the decimal point (after leading zeros are removed).
const MAX_INTEGER_DIGITS: usize = 13;

/// A chargeable amount: what a caller asks Paynet to take.
///
/// Invariants, checked by every constructor:
///
/// - the currency is explicit (always [`Currency::Try`] today);
/// - the amount is strictly positive (at least [`Amount::MIN`], 0.01 TRY);
/// - it has at most two decimal places (kuruş), and is stored at exactly two, so `10` and `10.00`
///   are the same amount and print the same;
/// - it is at most [`Amount::MAX`], 9 999 999 999 999.99 TRY (999 999 999 999 999 kuruş).
///
/// Why that maximum: Paynet carries amounts as JSON numbers in lira (init_sale) and as a string of
/// kuruş (capture). 15 significant decimal digits always survive a round trip through an IEEE-754
/// double, which is what a typical server-side JSON parser turns a number into, so every `Amount`
/// reaches Paynet exactly; and the kuruş value fits in an `i64` (and `u64`) on either side.
///
/// Build one with [`Amount::parse`] (or [`str::parse`]), [`Amount::try_lira`] or
/// [`Amount::from_kurus`]. Amounts are ordered by currency, then value.
///
/// ```
/// use paynet_domain::money::{Amount, AmountError};
///
/// let price: Amount = "149.9".parse()?;
/// assert_eq!(price.to_string(), "149.90 TRY");
/// assert_eq!(price.kurus(), 14_990);
/// assert_eq!(price.to_kurus_string(), "14990"); // capture's wire form
/// assert_eq!(price, Amount::from_kurus(14_990)?);
///
/// // Refused, never guessed:
/// assert!(matches!(Amount::parse("10,50"), Err(AmountError::DecimalComma { .. })));
/// assert!(matches!(Amount::parse("10.005"), Err(AmountError::TooManyDecimals { .. })));
/// assert!(matches!(Amount::parse("0"), Err(AmountError::NotPositive { .. })));
///
/// // Checked arithmetic.
/// let total = price.checked_add(Amount::parse("0.10")?).expect("within Amount::MAX");
/// assert_eq!(total.to_string(), "150.00 TRY");
/// assert_eq!(price.checked_sub(price), None); // zero is not a chargeable amount
/// # Ok::<(), AmountError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount {
    // Field order matters for the derived `Ord`: currency first, then value.
    currency: Currency,
    /// Always at scale 2, positive, at most `MAX`.
    lira: Decimal,
}

impl Amount {
    /// The smallest chargeable amount: 0.01 TRY (one kuruş).
    pub const MIN: Amount = Amount {
        currency: Currency::Try,
        lira: Decimal::from_parts(1, 0, 0, false, 2),
    };

    /// The largest chargeable amount: 9 999 999 999 999.99 TRY (999 999 999 999 999 kuruş).
    ///
    /// 15 significant digits survive any IEEE-754 double parser on Paynet's side, and the kuruş
    /// value fits in an `i64`; see the type's documentation.
    pub const MAX: Amount = Amount {
        currency: Currency::Try,
        // 999_999_999_999_999 = 232_830 * 2^32 + 2_764_472_319, at scale 2.
        lira: Decimal::from_parts(2_764_472_319, 232_830, 0, false, 2),
    };

    /// Builds an amount from a number of lira.
    ///
    /// The value may carry any scale as long as it is a whole number of kuruş: `10`, `10.5`,
    /// `10.50` and `10.500` are all 10.50 TRY; `10.005` is refused. Zero, negative values and
    /// values above [`Amount::MAX`] are refused.
    ///
    /// ```
    /// use paynet_domain::money::Amount;
    /// use rust_decimal::Decimal;
    ///
    /// let a = Amount::try_lira(Decimal::new(105, 1))?; // 10.5
    /// assert_eq!(a.to_string(), "10.50 TRY");
    /// assert!(Amount::try_lira(Decimal::new(10_005, 3)).is_err()); // 10.005
    /// # Ok::<(), paynet_domain::money::AmountError>(())
    /// ```
    pub fn try_lira(lira: Decimal) -> Result<Amount, AmountError> {
        let input = || excerpt(&lira.to_string());
        if lira <= Decimal::ZERO {
            return Err(AmountError::NotPositive { input: input() });
        }
        if lira > Amount::MAX.lira {
            return Err(AmountError::TooLarge { input: input() });
        }
        let mut value = lira.normalize();
        if value.scale() > 2 {
            return Err(AmountError::TooManyDecimals { input: input() });
        }
        value.rescale(2);
        Ok(Amount {
            currency: Currency::Try,
            lira: value,
        })
    }

    /// Builds an amount from a whole number of kuruş (1 TRY = 100 kuruş).
    ///
    /// `0` is refused (not a chargeable amount), and so is anything above
    /// 999 999 999 999 999 kuruş ([`Amount::MAX`]).
    ///
    /// ```
    /// use paynet_domain::money::Amount;
    ///
    /// assert_eq!(Amount::from_kurus(1)?.to_string(), "0.01 TRY");
    /// assert!(Amount::from_kurus(0).is_err());
    /// # Ok::<(), paynet_domain::money::AmountError>(())
    /// ```
    pub fn from_kurus(kurus: u64) -> Result<Amount, AmountError> {
        let input = || format!("{kurus} kuruş");
        if kurus == 0 {
            return Err(AmountError::NotPositive { input: input() });
        }
        let too_large = || AmountError::TooLarge { input: input() };
        if kurus > MAX_KURUS {
            return Err(too_large());
        }
        // Unreachable error: MAX_KURUS is far inside Decimal's 96-bit range.
        let lira =
            Decimal::try_from_i128_with_scale(i128::from(kurus), 2).map_err(|_| too_large())?;
        Ok(Amount {
            currency: Currency::Try,
            lira,
        })
    }

    /// Parses an amount of lira written as text, with a strict grammar: one or more ASCII digits,
    /// optionally followed by `.` and one or two digits (`10`, `10.5`, `10.50`, `0.01`).
    ///
    /// Anything else is refused with an [`AmountError`] that names the input and the rule it
    /// breaks, and nothing is guessed. In particular a Turkish decimal comma (`10,50`) is refused
    /// with a message asking for `.`: it is never read as 1050 (nor as 10.50). Also refused: an
    /// empty string, whitespace anywhere, a sign (`-1`, `+1`), zero (`0`, `0.00`), more than two
    /// decimals (`10.005`, `10.000`), an exponent (`1e30`), thousands separators (`1,000`,
    /// `1.000.000`, `1_000`), any other character (`abc`, `10TL`), and values above
    /// [`Amount::MAX`]. Leading zeros are allowed (`007.50`). No input panics, however long.
    ///
    /// [`FromStr`] does the same, so `"149.90".parse::<Amount>()` works too.
    ///
    /// ```
    /// use paynet_domain::money::{Amount, AmountError};
    ///
    /// assert_eq!(Amount::parse("1234.5")?.to_kurus_string(), "123450");
    /// let err = Amount::parse("10.005").unwrap_err();
    /// assert_eq!(err.to_string(), r#"amount "10.005" has more than 2 decimal places (kuruş)"#);
    /// # Ok::<(), AmountError>(())
    /// ```
    pub fn parse(input: &str) -> Result<Amount, AmountError> {
        let excerpt_of_input = || excerpt(input);
        if input.is_empty() {
            return Err(AmountError::Empty);
        }
        if input.chars().any(char::is_whitespace) {
            return Err(AmountError::Whitespace {
                input: excerpt_of_input(),
            });
        }
        // '\u{2212}' is the typographic minus sign.
        if input.starts_with(['+', '-', '\u{2212}']) {
            return Err(AmountError::Sign {
                input: excerpt_of_input(),
            });
        }
        if looks_like_exponent(input) {
            return Err(AmountError::Exponent {
                input: excerpt_of_input(),
            });
        }
        if let Some(found) = input.chars().find(|&c| !is_digit_or_separator(c)) {
            return Err(AmountError::InvalidCharacter {
                input: excerpt_of_input(),
                found,
            });
        }
        // From here on the input holds only ASCII digits and the separators . , _ '
        if input.contains(',') {
            return Err(comma_error(input));
        }
        if input.contains(['_', '\'']) {
            return Err(AmountError::ThousandsSeparator {
                input: excerpt_of_input(),
            });
        }

        // Only ASCII digits and '.' remain.
        let (integer, fraction) = match input.split_once('.') {
            None => (input, ""),
            Some((_, rest)) if rest.contains('.') => {
                return Err(if is_dot_grouped(input) {
                    AmountError::ThousandsSeparator {
                        input: excerpt_of_input(),
                    }
                } else {
                    AmountError::Malformed {
                        input: excerpt_of_input(),
                    }
                });
            }
            Some((_, "")) | Some(("", _)) => {
                return Err(AmountError::Malformed {
                    input: excerpt_of_input(),
                });
            }
            Some(parts) => parts,
        };
        if fraction.len() > 2 {
            return Err(AmountError::TooManyDecimals {
                input: excerpt_of_input(),
            });
        }
        let significant = integer.trim_start_matches('0');
        if significant.len() > MAX_INTEGER_DIGITS {
            return Err(AmountError::TooLarge {
                input: excerpt_of_input(),
            });
        }

        // At most 13 integer digits and 2 decimals: below 10^15, no overflow possible.
        let mut kurus: u64 = 0;
        for digit in significant.bytes().chain(fraction.bytes()) {
            kurus = kurus * 10 + u64::from(digit - b'0');
        }
        for _ in fraction.len()..2 {
            kurus *= 10;
        }
        if kurus == 0 {
            return Err(AmountError::NotPositive {
                input: excerpt_of_input(),
            });
        }
        // Re-labels the errors of `from_kurus` with the text the caller wrote.
        Amount::from_kurus(kurus).map_err(|error| match error {
            AmountError::TooLarge { .. } => AmountError::TooLarge {
                input: excerpt_of_input(),
            },
            other => other,
        })
    }

    getters! {
        /// The amount in lira, at exactly two decimal places (`10` is returned as `10.00`).
        ///
        /// This is also the value to send where Paynet expects a JSON number in lira (init_sale's
        /// `amount`): serialise the decimal's text, never a float.
        lira -> Decimal => copy lira;
        /// The currency (always [`Currency::Try`] today).
        currency -> Currency => copy currency;
    }

    /// The amount in kuruş (1 TRY = 100 kuruş): 10.50 TRY is `1050`.
    pub fn kurus(&self) -> u64 {
        // At scale 2 the mantissa is the number of kuruş; the invariants keep it in
        // 1..=MAX_KURUS, so the conversion cannot fail.
        match u64::try_from(self.lira.mantissa()) {
            Ok(kurus) => kurus,
            Err(_) => unreachable!("an Amount is always positive and at most Amount::MAX"),
        }
    }

    /// The capture endpoint's wire form: the kuruş as plain digits.
    ///
    /// `10.00` → `"1000"`, `0.01` → `"1"`, `10` → `"1000"`, `1234.5` → `"123450"`.
    pub fn to_kurus_string(&self) -> String {
        self.kurus().to_string()
    }

    /// The amount in TL with a comma decimal separator and two decimals, no thousands separator:
    /// the form of Paynet's v2 payment and 3-D endpoints ("Ondalık ayıraç olarak virgül (,)
    /// kullanılmaktadır").
    ///
    /// `1234.5` → `"1234,50"`, `0.01` → `"0,01"`, `10` → `"10,00"`.
    ///
    /// ```
    /// use paynet_domain::Amount;
    /// assert_eq!("1234.56".parse::<Amount>()?.to_comma_string(), "1234,56");
    /// assert_eq!("10".parse::<Amount>()?.to_comma_string(), "10,00");
    /// # Ok::<(), paynet_domain::AmountError>(())
    /// ```
    pub fn to_comma_string(&self) -> String {
        let kurus = self.kurus();
        format!("{},{:02}", kurus / 100, kurus % 100)
    }

    /// Adds two amounts. Returns `None` if the sum is above [`Amount::MAX`] or the currencies
    /// differ.
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        self.combine(other, u64::checked_add)
    }

    /// Subtracts `other` from `self`. Returns `None` if the result is not positive (zero is not a
    /// chargeable amount) or the currencies differ.
    pub fn checked_sub(self, other: Amount) -> Option<Amount> {
        self.combine(other, u64::checked_sub)
    }

    /// `op` of the two amounts in kuruş, when they share a currency and the result is an amount.
    fn combine(self, other: Amount, op: fn(u64, u64) -> Option<u64>) -> Option<Amount> {
        if self.currency != other.currency {
            return None;
        }
        Amount::from_kurus(op(self.kurus(), other.kurus())?).ok()
    }
}

impl FromStr for Amount {
    type Err = AmountError;

    /// Same as [`Amount::parse`].
    fn from_str(input: &str) -> Result<Amount, AmountError> {
        Amount::parse(input)
    }
}

impl fmt::Display for Amount {
    /// Writes the amount as `149.90 TRY`: always two decimals, `.` as the decimal separator, no
    /// thousands separator, then the ISO 4217 code.
    ///
    /// This form was chosen over a Turkish display form (`149,90 TL`) because it is unambiguous in
    /// logs and error messages whatever the reader's locale, and because its number part is exactly
    /// what [`Amount::parse`] accepts. Formatting for end users is a presentation concern outside
    /// this crate.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.lira, self.currency.code())
    }
}

/// Why a value is not a chargeable [`Amount`].
///
/// Every message names the offending value (shortened if it is very long) and the rule it breaks,
/// e.g. `amount "10.005" has more than 2 decimal places (kuruş)`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AmountError {
    /// The text was empty.
    #[error(
        "amount is empty; write lira as digits with an optional '.' and up to 2 decimals, e.g. \"149.90\""
    )]
    Empty,
    /// The text contains whitespace (leading, trailing or inside).
    #[error("amount {input:?} contains whitespace; write it without spaces, e.g. \"149.90\"")]
    Whitespace {
        /// The offending text.
        input: String,
    },
    /// The text starts with a sign (`+`, `-`).
    #[error(
        "amount {input:?} has a sign; a chargeable amount is written without '+' or '-' and must be positive"
    )]
    Sign {
        /// The offending text.
        input: String,
    },
    /// The value is zero or negative.
    #[error("amount {input:?} is not positive; the smallest chargeable amount is 0.01 TRY")]
    NotPositive {
        /// The offending value.
        input: String,
    },
    /// The value has more than two decimal places (fractions of a kuruş).
    #[error("amount {input:?} has more than 2 decimal places (kuruş)")]
    TooManyDecimals {
        /// The offending value.
        input: String,
    },
    /// The text uses exponent notation (`1e30`).
    #[error(
        "amount {input:?} uses exponent notation; write the digits out, with '.' and up to 2 decimals, e.g. \"1500.00\""
    )]
    Exponent {
        /// The offending text.
        input: String,
    },
    /// The text uses `,` as the decimal separator, as Turkish does (`10,50`).
    #[error(
        "amount {input:?} uses ',' as the decimal separator; use '.' as the decimal separator instead ({suggestion:?}); a ',' is refused, never read as a thousands separator (this is not {digits_only})"
    )]
    DecimalComma {
        /// The offending text.
        input: String,
        /// The same text written with `.` as the decimal separator (`10,50` → `10.50`).
        suggestion: String,
        /// The number the text would wrongly become if `,` were ignored (`10,50` → `1050`).
        digits_only: String,
    },
    /// The text groups digits with a thousands separator (`1,000`, `1.000.000`, `1_000`, `1'000`).
    #[error(
        "amount {input:?} contains a thousands separator; write digits only, with '.' only before the decimals, e.g. \"1000.50\""
    )]
    ThousandsSeparator {
        /// The offending text.
        input: String,
    },
    /// The text contains a character that is neither an ASCII digit nor `.`.
    #[error("amount {input:?} contains {found:?}, which is not an ASCII digit or '.'")]
    InvalidCharacter {
        /// The offending text.
        input: String,
        /// The first character that is not allowed.
        found: char,
    },
    /// The text has only allowed characters but not the allowed shape (`.5`, `10.`, `1..2`).
    #[error(
        "amount {input:?} is not of the form DIGITS, DIGITS.D or DIGITS.DD (e.g. \"149\", \"149.9\", \"149.90\")"
    )]
    Malformed {
        /// The offending text.
        input: String,
    },
    /// The value is above [`Amount::MAX`].
    #[error("amount {input:?} is above the maximum of 9999999999999.99 TRY")]
    TooLarge {
        /// The offending value.
        input: String,
    },
}

/// An amount Paynet reports: `amount`, `net_amount`, `comission`, `comission_tax` and the like.
///
/// Unlike [`Amount`] it is exactly what Paynet sent: any sign, any scale (commissions carry up to
/// four decimals, e.g. `19.2104`), zero included. The currency is explicit. It is never converted
/// to a float; derive a chargeable amount from it only on purpose, with [`Amount::try_lira`].
///
/// Equality is by value: `19.2` and `19.20` are equal (but print differently).
///
/// ```
/// use paynet_domain::money::{Currency, ReportedAmount};
/// use rust_decimal::Decimal;
///
/// let commission = ReportedAmount::new(Decimal::new(192_104, 4), Currency::Try);
/// assert_eq!(commission.to_string(), "19.2104 TRY");
/// assert_eq!(ReportedAmount::new(Decimal::ZERO, Currency::Try).to_string(), "0.00 TRY");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReportedAmount {
    value: Decimal,
    currency: Currency,
}

impl ReportedAmount {
    /// Wraps a value as reported, keeping its exact scale.
    pub fn new(value: Decimal, currency: Currency) -> ReportedAmount {
        ReportedAmount { value, currency }
    }

    getters! {
        /// The exact value, with the scale it was reported with.
        value -> Decimal => copy value;
        /// The currency it was reported in.
        currency -> Currency => copy currency;
    }
}

impl From<Amount> for ReportedAmount {
    fn from(amount: Amount) -> ReportedAmount {
        ReportedAmount::new(amount.lira(), amount.currency())
    }
}

impl fmt::Display for ReportedAmount {
    /// Writes the value with the scale it was reported with but at least two decimals, then the
    /// ISO code: `56.55 TRY`, `0.00 TRY`, `19.2104 TRY`, `-3.00 TRY`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.value;
        if shown.scale() < 2 {
            shown.rescale(2);
        }
        if shown.is_zero() {
            // A reported "-0" prints as "0.00".
            shown.set_sign_positive(true);
        }
        write!(f, "{} {}", shown, self.currency.code())
    }
}

/// Shortens `input` for an error message.
fn excerpt(input: &str) -> String {
    match input.char_indices().nth(ERROR_EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &input[..cut]),
        None => input.to_owned(),
    }
}

fn is_digit_or_separator(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '.' | ',' | '_' | '\'')
}

/// `1e30`, `1.5E-3`, `2e+5`: a decimal mantissa, `e` or `E`, an optionally signed integer.
fn looks_like_exponent(input: &str) -> bool {
    let Some((mantissa, exponent)) = input.split_once(['e', 'E']) else {
        return false;
    };
    let mantissa_ok = mantissa.bytes().any(|b| b.is_ascii_digit())
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && mantissa.bytes().filter(|&b| b == b'.').count() <= 1;
    let exponent_digits = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    mantissa_ok
        && !exponent_digits.is_empty()
        && exponent_digits.bytes().all(|b| b.is_ascii_digit())
}

/// The error for an input (digits and separators only) that contains a comma: a decimal comma
/// when the last separator is a comma not followed by exactly three digits (`10,50`, `1.000,5`),
/// otherwise a thousands separator (`1,000`, `1,000.50`).
fn comma_error(input: &str) -> AmountError {
    let last_separator = input.rfind(|c: char| !c.is_ascii_digit());
    let decimal_comma = match last_separator {
        Some(at) => input[at..].starts_with(',') && input.len() - at - 1 != 3,
        None => false,
    };
    if decimal_comma {
        let suggestion: String = input
            .chars()
            .filter(|c| !matches!(c, '.' | '_' | '\''))
            .map(|c| if c == ',' { '.' } else { c })
            .collect();
        let digits_only: String = input.chars().filter(char::is_ascii_digit).collect();
        AmountError::DecimalComma {
            input: excerpt(input),
            suggestion: excerpt(&suggestion),
            digits_only: excerpt(&digits_only),
        }
    } else {
        AmountError::ThousandsSeparator {
            input: excerpt(input),
        }
    }
}

/// `1.000.000`: a first group of 1 to 3 digits, then groups of exactly 3, separated by '.'.
fn is_dot_grouped(input: &str) -> bool {
    let mut groups = input.split('.');
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    first_ok && groups.all(|g| g.len() == 3)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use proptest::prelude::*;

    fn amount(text: &str) -> Amount {
        Amount::parse(text).unwrap()
    }

    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    // ---- Currency ----

    #[test]
    fn currency_code_and_display() {
        assert_eq!(Currency::Try.code(), "TRY");
        assert_eq!(Currency::Try.to_string(), "TRY");
        assert_eq!(Currency::from_code("TRY"), Some(Currency::Try));
        assert_eq!(Currency::from_code(" try "), Some(Currency::Try));
        assert_eq!(Currency::from_code("TL"), Some(Currency::Try));
        assert_eq!(Currency::from_code("949"), Some(Currency::Try));
        assert_eq!(Currency::from_code(""), None);
        let odd = Currency::read("  Türk Lirası ve daha uzun bir ad ");
        assert!(matches!(odd, Currency::Unknown(_)));
        assert_eq!(
            odd.code(),
            "Türk Lirası v",
            "the first 15 bytes, on a character boundary"
        );
        assert_ne!(Currency::read("EUR"), Currency::Try);
    }

    // ---- Amount: accepted inputs ----

    #[test]
    fn parse_accepts_the_grammar() {
        let cases = [
            ("10", 1000),
            ("10.0", 1000),
            ("10.00", 1000),
            ("10.5", 1050),
            ("10.50", 1050),
            ("0.01", 1),
            ("0.1", 10),
            ("1234.5", 123_450),
            ("007.50", 750),
            ("0000000000000000000001", 100),
            ("9999999999999.99", MAX_KURUS),
            ("9999999999999", MAX_KURUS - 99),
        ];
        for (text, kurus) in cases {
            let a = amount(text);
            assert_eq!(a.kurus(), kurus, "{text}");
            assert_eq!(a.currency(), Currency::Try);
            assert_eq!(a.lira().scale(), 2, "{text}");
            assert_eq!(text.parse::<Amount>().unwrap(), a);
        }
    }

    #[test]
    fn capture_wire_form() {
        assert_eq!(amount("10.00").to_kurus_string(), "1000");
        assert_eq!(amount("0.01").to_kurus_string(), "1");
        assert_eq!(amount("10").to_kurus_string(), "1000");
        assert_eq!(amount("1234.5").to_kurus_string(), "123450");
        assert_eq!(Amount::MAX.to_kurus_string(), "999999999999999");
    }

    #[test]
    fn ten_and_ten_point_zero_zero_are_the_same() {
        assert_eq!(amount("10"), amount("10.00"));
        assert_eq!(amount("10").to_string(), amount("10.00").to_string());
        assert_eq!(amount("10").lira().to_string(), "10.00");
        let mut hashes = std::collections::HashSet::new();
        hashes.insert(amount("10"));
        hashes.insert(amount("10.0"));
        hashes.insert(Amount::try_lira(dec("10.000")).unwrap());
        assert_eq!(hashes.len(), 1);
    }

    #[test]
    fn display_is_two_decimals_and_iso_code() {
        assert_eq!(amount("149.9").to_string(), "149.90 TRY");
        assert_eq!(amount("0.01").to_string(), "0.01 TRY");
        assert_eq!(amount("1000000").to_string(), "1000000.00 TRY");
        assert_eq!(Amount::MAX.to_string(), "9999999999999.99 TRY");
    }

    #[test]
    fn constants() {
        assert_eq!(Amount::MIN.kurus(), 1);
        assert_eq!(Amount::MIN, Amount::from_kurus(1).unwrap());
        assert_eq!(Amount::MAX.kurus(), 999_999_999_999_999);
        assert_eq!(Amount::MAX, Amount::from_kurus(MAX_KURUS).unwrap());
        assert_eq!(Amount::MAX.lira(), dec("9999999999999.99"));
        assert_eq!(Amount::MAX.lira().scale(), 2);
        assert_eq!(Amount::MIN.lira().scale(), 2);
        // Kuruş fit in an i64.
        assert!(i64::try_from(Amount::MAX.kurus()).is_ok());
    }

    // ---- Amount: refused inputs ----

    fn refused(text: &str) -> AmountError {
        match Amount::parse(text) {
            Ok(a) => panic!("{text:?} was accepted as {a}"),
            Err(e) => e,
        }
    }

    #[test]
    fn parse_refuses_each_rule_with_a_specific_error() {
        use AmountError as E;
        type IsExpected = fn(&AmountError) -> bool;
        let cases: &[(&str, IsExpected)] = &[
            ("", |e| matches!(e, E::Empty)),
            (" 10", |e| matches!(e, E::Whitespace { .. })),
            ("10 ", |e| matches!(e, E::Whitespace { .. })),
            ("1 000", |e| matches!(e, E::Whitespace { .. })),
            ("10\n", |e| matches!(e, E::Whitespace { .. })),
            ("10\u{a0}", |e| matches!(e, E::Whitespace { .. })),
            ("-1", |e| matches!(e, E::Sign { .. })),
            ("+1", |e| matches!(e, E::Sign { .. })),
            ("-0", |e| matches!(e, E::Sign { .. })),
            ("\u{2212}5", |e| matches!(e, E::Sign { .. })),
            ("-1e30", |e| matches!(e, E::Sign { .. })),
            ("0", |e| matches!(e, E::NotPositive { .. })),
            ("0.00", |e| matches!(e, E::NotPositive { .. })),
            ("000.0", |e| matches!(e, E::NotPositive { .. })),
            ("10.005", |e| matches!(e, E::TooManyDecimals { .. })),
            ("10.000", |e| matches!(e, E::TooManyDecimals { .. })),
            ("0.001", |e| matches!(e, E::TooManyDecimals { .. })),
            ("1e30", |e| matches!(e, E::Exponent { .. })),
            ("1E3", |e| matches!(e, E::Exponent { .. })),
            ("1.5e-3", |e| matches!(e, E::Exponent { .. })),
            ("2e+5", |e| matches!(e, E::Exponent { .. })),
            ("10,50", |e| matches!(e, E::DecimalComma { .. })),
            ("10,5", |e| matches!(e, E::DecimalComma { .. })),
            ("1.000,50", |e| matches!(e, E::DecimalComma { .. })),
            (",50", |e| matches!(e, E::DecimalComma { .. })),
            ("1,000", |e| matches!(e, E::ThousandsSeparator { .. })),
            ("1,000.50", |e| matches!(e, E::ThousandsSeparator { .. })),
            ("1,000,000", |e| matches!(e, E::ThousandsSeparator { .. })),
            ("1.000.000", |e| matches!(e, E::ThousandsSeparator { .. })),
            ("1_000", |e| matches!(e, E::ThousandsSeparator { .. })),
            ("1'000", |e| matches!(e, E::ThousandsSeparator { .. })),
            ("abc", |e| {
                matches!(e, E::InvalidCharacter { found: 'a', .. })
            }),
            ("10TL", |e| {
                matches!(e, E::InvalidCharacter { found: 'T', .. })
            }),
            ("₺10", |e| {
                matches!(e, E::InvalidCharacter { found: '₺', .. })
            }),
            ("NaN", |e| matches!(e, E::InvalidCharacter { .. })),
            ("inf", |e| matches!(e, E::InvalidCharacter { .. })),
            ("0x10", |e| {
                matches!(e, E::InvalidCharacter { found: 'x', .. })
            }),
            ("١٠", |e| matches!(e, E::InvalidCharacter { .. })),
            ("1e", |e| {
                matches!(e, E::InvalidCharacter { found: 'e', .. })
            }),
            (".5", |e| matches!(e, E::Malformed { .. })),
            ("10.", |e| matches!(e, E::Malformed { .. })),
            (".", |e| matches!(e, E::Malformed { .. })),
            ("1..2", |e| matches!(e, E::Malformed { .. })),
            ("1.2.3", |e| matches!(e, E::Malformed { .. })),
            ("10000000000000", |e| matches!(e, E::TooLarge { .. })),
            ("10000000000000.00", |e| matches!(e, E::TooLarge { .. })),
            ("99999999999999.99", |e| matches!(e, E::TooLarge { .. })),
        ];
        for (text, expected) in cases {
            let e = refused(text);
            assert!(expected(&e), "{text:?} gave {e:?}");
        }
    }

    #[test]
    fn error_messages_name_the_value_and_the_rule() {
        assert_eq!(
            refused("10.005").to_string(),
            r#"amount "10.005" has more than 2 decimal places (kuruş)"#
        );
        assert_eq!(
            refused("0").to_string(),
            r#"amount "0" is not positive; the smallest chargeable amount is 0.01 TRY"#
        );
        let sign = refused("-1").to_string();
        assert!(sign.contains("\"-1\"") && sign.contains("sign"), "{sign}");
        let exp = refused("1e30").to_string();
        assert!(
            exp.contains("\"1e30\"") && exp.contains("exponent"),
            "{exp}"
        );
        let abc = refused("abc").to_string();
        assert!(abc.contains("\"abc\"") && abc.contains("'a'"), "{abc}");
        let big = refused("10000000000000").to_string();
        assert!(
            big.contains("\"10000000000000\"") && big.contains("maximum"),
            "{big}"
        );
        let thousands = refused("1,000").to_string();
        assert!(thousands.contains("thousands separator"), "{thousands}");
        let ws = refused(" 1").to_string();
        assert!(ws.contains("\" 1\"") && ws.contains("whitespace"), "{ws}");
        assert!(refused("").to_string().contains("empty"));
    }

    #[test]
    fn decimal_comma_is_refused_and_never_read_as_a_thousands_separator() {
        let e = refused("10,50");
        assert_eq!(
            e,
            AmountError::DecimalComma {
                input: "10,50".into(),
                suggestion: "10.50".into(),
                digits_only: "1050".into(),
            }
        );
        let message = e.to_string();
        assert!(message.contains("\"10,50\""), "{message}");
        assert!(
            message.contains("use '.' as the decimal separator"),
            "{message}"
        );
        assert!(message.contains("\"10.50\""), "{message}");
        assert!(message.contains("not 1050"), "{message}");

        match refused("1.000,50") {
            AmountError::DecimalComma { suggestion, .. } => assert_eq!(suggestion, "1000.50"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn control_characters_are_escaped_in_messages() {
        let message = refused("1\u{7}").to_string();
        assert!(!message.contains('\u{7}'), "{message:?}");
        assert!(message.contains("\\u{7}"), "{message:?}");
    }

    #[test]
    fn huge_inputs_do_not_panic_and_errors_stay_short() {
        let nines = "9".repeat(1_000_000);
        let e = refused(&nines);
        assert!(matches!(e, AmountError::TooLarge { .. }));
        assert!(e.to_string().len() < 200, "{e}");

        let zeros = format!("{}1", "0".repeat(1_000_000));
        assert_eq!(amount(&zeros).kurus(), 100);

        let decimals = format!("1.{}", "0".repeat(100_000));
        assert!(matches!(
            refused(&decimals),
            AmountError::TooManyDecimals { .. }
        ));

        let letters = "x".repeat(100_000);
        assert!(refused(&letters).to_string().len() < 200);

        let commas = format!("{},5", "1".repeat(100_000));
        assert!(refused(&commas).to_string().len() < 400);

        // Multi-byte characters are cut on a character boundary.
        let turkish = "ü".repeat(1000);
        assert!(refused(&turkish).to_string().contains('…'));
    }

    // ---- try_lira / from_kurus ----

    #[test]
    fn try_lira_rules() {
        assert_eq!(Amount::try_lira(dec("10")).unwrap(), amount("10.00"));
        assert_eq!(Amount::try_lira(dec("10.500")).unwrap(), amount("10.5"));
        assert_eq!(Amount::try_lira(dec("0.01")).unwrap(), Amount::MIN);
        assert_eq!(
            Amount::try_lira(dec("9999999999999.99")).unwrap(),
            Amount::MAX
        );
        assert_eq!(Amount::try_lira(dec("10")).unwrap().lira().scale(), 2);

        assert!(matches!(
            Amount::try_lira(Decimal::ZERO),
            Err(AmountError::NotPositive { .. })
        ));
        assert!(matches!(
            Amount::try_lira(dec("-1")),
            Err(AmountError::NotPositive { .. })
        ));
        assert!(matches!(
            Amount::try_lira(dec("-0.00")),
            Err(AmountError::NotPositive { .. })
        ));
        assert_eq!(
            Amount::try_lira(dec("10.005")).unwrap_err().to_string(),
            r#"amount "10.005" has more than 2 decimal places (kuruş)"#
        );
        assert!(matches!(
            Amount::try_lira(dec("0.001")),
            Err(AmountError::TooManyDecimals { .. })
        ));
        assert!(matches!(
            Amount::try_lira(dec("10000000000000")),
            Err(AmountError::TooLarge { .. })
        ));
        assert!(matches!(
            Amount::try_lira(dec("9999999999999.991")),
            Err(AmountError::TooLarge { .. })
        ));
        assert!(matches!(
            Amount::try_lira(Decimal::MAX),
            Err(AmountError::TooLarge { .. })
        ));
        assert!(matches!(
            Amount::try_lira(Decimal::MIN),
            Err(AmountError::NotPositive { .. })
        ));
        // 1e-28: the smallest positive Decimal.
        assert!(matches!(
            Amount::try_lira(Decimal::new(1, 28)),
            Err(AmountError::TooManyDecimals { .. })
        ));
    }

    #[test]
    fn from_kurus_rules() {
        assert_eq!(Amount::from_kurus(1).unwrap(), amount("0.01"));
        assert_eq!(Amount::from_kurus(1000).unwrap(), amount("10"));
        let zero = Amount::from_kurus(0).unwrap_err();
        assert!(matches!(zero, AmountError::NotPositive { .. }));
        assert!(zero.to_string().contains("0 kuruş"), "{zero}");
        let big = Amount::from_kurus(MAX_KURUS + 1).unwrap_err();
        assert!(matches!(big, AmountError::TooLarge { .. }));
        assert!(big.to_string().contains("1000000000000000 kuruş"), "{big}");
        assert!(matches!(
            Amount::from_kurus(u64::MAX),
            Err(AmountError::TooLarge { .. })
        ));
    }

    // ---- arithmetic and ordering ----

    #[test]
    fn checked_arithmetic() {
        assert_eq!(
            amount("10.50").checked_add(amount("0.50")),
            Some(amount("11"))
        );
        assert_eq!(Amount::MAX.checked_add(Amount::MIN), None);
        assert_eq!(
            Amount::MAX
                .checked_sub(Amount::MIN)
                .unwrap()
                .checked_add(Amount::MIN),
            Some(Amount::MAX)
        );
        assert_eq!(
            amount("10").checked_sub(amount("0.01")),
            Some(amount("9.99"))
        );
        assert_eq!(amount("10").checked_sub(amount("10")), None);
        assert_eq!(amount("10").checked_sub(amount("10.01")), None);
    }

    #[test]
    fn ordering_follows_value() {
        assert!(amount("9.99") < amount("10"));
        assert!(amount("100") > amount("99.99"));
        assert_eq!(
            amount("10").cmp(&amount("10.00")),
            std::cmp::Ordering::Equal
        );
        let mut list = vec![amount("3"), Amount::MAX, Amount::MIN, amount("0.5")];
        list.sort();
        assert_eq!(
            list,
            vec![Amount::MIN, amount("0.5"), amount("3"), Amount::MAX]
        );
    }

    // ---- ReportedAmount ----

    #[test]
    fn reported_amount_keeps_scale_and_sign() {
        let r = |text: &str| ReportedAmount::new(dec(text), Currency::Try);
        assert_eq!(r("19.2104").to_string(), "19.2104 TRY");
        assert_eq!(r("56.55").to_string(), "56.55 TRY");
        assert_eq!(r("0").to_string(), "0.00 TRY");
        assert_eq!(r("-0").to_string(), "0.00 TRY");
        assert_eq!(r("0.0000").to_string(), "0.0000 TRY");
        assert_eq!(r("1.5").to_string(), "1.50 TRY");
        assert_eq!(r("-3").to_string(), "-3.00 TRY");
        assert_eq!(r("0.04").to_string(), "0.04 TRY");
        assert_eq!(r("19.2104").value(), dec("19.2104"));
        assert_eq!(r("19.2104").value().scale(), 4);
        assert_eq!(r("19.2104").currency(), Currency::Try);
        // Equality by value.
        assert_eq!(r("19.2"), r("19.20"));
        assert_ne!(r("19.2"), r("19.21"));
    }

    #[test]
    fn reported_amount_from_amount() {
        let reported = ReportedAmount::from(amount("56.55"));
        assert_eq!(reported.value(), dec("56.55"));
        assert_eq!(reported.to_string(), "56.55 TRY");
        assert_eq!(Amount::try_lira(reported.value()).unwrap(), amount("56.55"));
    }

    #[test]
    fn reported_amount_from_a_json_number_text() {
        // Paynet's JSON numbers, read as exact decimals from their text (never via a float).
        for text in ["19.2104", "56.55", "0", "0.04", "1234567.8912"] {
            let value = dec(text);
            assert_eq!(value.to_string(), text);
        }
    }

    // ---- property tests ----

    /// Canonical text of a valid amount: leading zeros removed, exactly two decimals.
    fn canonical(text: &str) -> String {
        let (integer, fraction) = text.split_once('.').unwrap_or((text, ""));
        let integer = integer.trim_start_matches('0');
        let integer = if integer.is_empty() { "0" } else { integer };
        format!("{integer}.{fraction:0<2}")
    }

    /// Kuruş values across the whole range, with the small values and the edges well covered.
    fn any_kurus() -> impl Strategy<Value = u64> {
        prop_oneof![
            1..=MAX_KURUS,
            1..=100_000u64,
            (MAX_KURUS - 100_000)..=MAX_KURUS,
            Just(1),
            Just(MAX_KURUS),
        ]
    }

    proptest! {
        #[test]
        fn kurus_string_round_trips(k in any_kurus()) {
            let a = Amount::from_kurus(k).unwrap();
            prop_assert_eq!(a.kurus(), k);
            let wire = a.to_kurus_string();
            prop_assert_eq!(wire.parse::<u64>().unwrap(), k);
            prop_assert_eq!(&wire, &k.to_string());
            prop_assert_eq!(Amount::from_kurus(wire.parse().unwrap()).unwrap(), a);
        }

        #[test]
        fn comma_string_is_exact_and_reads_back(k in any_kurus()) {
            // The v2 endpoints' form: read back by the independent Turkish-form reader of the
            // wire crate, it is the same amount, digit for digit.
            let a = Amount::from_kurus(k).unwrap();
            let wire = a.to_comma_string();
            let (int, frac) = wire.split_once(',').unwrap();
            prop_assert_eq!(frac.len(), 2);
            prop_assert!(int.bytes().all(|b| b.is_ascii_digit()));
            let back = paynet_api::wire::CommaDecimal::parse_text(&wire).unwrap();
            prop_assert_eq!(back, a.lira());
            prop_assert_eq!(wire.replace(',', "."), a.lira().to_string());
        }

        #[test]
        fn lira_text_round_trips(k in any_kurus()) {
            let a = Amount::from_kurus(k).unwrap();
            let text = a.lira().to_string();
            prop_assert_eq!(Amount::parse(&text).unwrap(), a);
            prop_assert_eq!(Amount::try_lira(a.lira()).unwrap(), a);
            // Display's number part parses back too.
            let shown = a.to_string();
            let number = shown.strip_suffix(" TRY").unwrap();
            prop_assert_eq!(Amount::parse(number).unwrap(), a);
        }

        #[test]
        fn json_number_round_trips(k in any_kurus()) {
            // init_sale sends the lira as a JSON number, and a typical server parses it into an
            // IEEE-754 double. serde_json's `Number` does exactly that; its shortest text must be
            // the same amount.
            let a = Amount::from_kurus(k).unwrap();
            let number: serde_json::Number = serde_json::from_str(&a.lira().to_string()).unwrap();
            prop_assert_eq!(Amount::parse(&number.to_string()).unwrap(), a);
        }

        #[test]
        fn valid_text_round_trips(text in "[0-9]{1,13}(\\.[0-9]{1,2})?") {
            let expected_zero = text.bytes().all(|b| b == b'0' || b == b'.');
            match Amount::parse(&text) {
                Ok(a) => {
                    prop_assert!(!expected_zero);
                    prop_assert_eq!(a.lira().to_string(), canonical(&text));
                    prop_assert_eq!(a.to_string(), format!("{} TRY", canonical(&text)));
                    prop_assert_eq!(Amount::parse(&a.lira().to_string()).unwrap(), a);
                }
                Err(e) => {
                    prop_assert!(expected_zero);
                    prop_assert!(matches!(e, AmountError::NotPositive { .. }), "{:?}", e);
                }
            }
        }

        #[test]
        fn parse_never_panics(text in any::<String>()) {
            if let Ok(a) = Amount::parse(&text) {
                prop_assert!(a >= Amount::MIN && a <= Amount::MAX);
            }
        }

        #[test]
        fn parse_never_panics_on_number_like_text(text in "[-+0-9.,eE_' ]{0,40}") {
            if let Ok(a) = Amount::parse(&text) {
                prop_assert!(a >= Amount::MIN && a <= Amount::MAX);
                prop_assert!(text.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
            }
        }

        #[test]
        fn long_digit_strings_never_panic(text in "[0-9]{14,300}(\\.[0-9]{0,4})?") {
            match Amount::parse(&text) {
                Ok(a) => prop_assert!(a <= Amount::MAX),
                Err(e) => prop_assert!(e.to_string().chars().count() < 200),
            }
        }

        #[test]
        fn more_than_two_decimals_is_refused(
            integer in "[0-9]{1,13}",
            first_two in "[0-9]{2}",
            rest in "[0-9]{1,4}",
        ) {
            prop_assume!(rest.bytes().any(|b| b != b'0'));
            let text = format!("{integer}.{first_two}{rest}");
            prop_assert!(
                matches!(Amount::parse(&text), Err(AmountError::TooManyDecimals { .. })),
                "{} was not refused as too many decimals", text
            );
            // And the same through an exact decimal.
            let refused_decimal = Amount::try_lira(dec(&text));
            prop_assert!(refused_decimal.is_err(), "{}", text);
        }

        #[test]
        fn trailing_zero_decimals_are_refused_as_text(
            integer in "[0-9]{1,13}",
            zeros in "0{3,6}",
        ) {
            let text = format!("{integer}.{zeros}");
            let refused = matches!(Amount::parse(&text), Err(AmountError::TooManyDecimals { .. }));
            prop_assert!(refused, "{} was not refused as too many decimals", text);
        }

        #[test]
        fn arithmetic_matches_kurus(a in any_kurus(), b in any_kurus()) {
            let (x, y) = (Amount::from_kurus(a).unwrap(), Amount::from_kurus(b).unwrap());
            let sum = x.checked_add(y);
            prop_assert_eq!(sum.map(|s| s.kurus()), a.checked_add(b).filter(|&s| s <= MAX_KURUS));
            let difference = x.checked_sub(y);
            prop_assert_eq!(difference.map(|d| d.kurus()), a.checked_sub(b).filter(|&d| d > 0));
            prop_assert_eq!(x.cmp(&y), a.cmp(&b));
            prop_assert_eq!(x == y, a == b);
        }

        #[test]
        fn small_sums_are_exact(a in 1..=100_000u64, b in 1..=100_000u64) {
            let x = Amount::from_kurus(a).unwrap();
            let y = Amount::from_kurus(b).unwrap();
            prop_assert_eq!(x.checked_add(y).unwrap().lira(), x.lira() + y.lira());
        }
    }
}
