//! Hand-written wire types that the generated code uses through OpenAPI's `x-rust-type`.
//!
//! Strict in what is sent, lenient in what is read. `cargo xtask codegen` maps, whatever other
//! keywords a schema carries:
//!
//! | schema | in a request body | in an answer |
//! |---|---|---|
//! | `type: number` | [`JsonDecimal`] (an exact JSON number) | [`LenientDecimal`], or [`CommaDecimal`] where the spec says `x-paynet-decimal: comma` |
//! | `type: integer` | `i64` | [`LenientInt`] |
//! | `type: boolean` | `bool` | [`LenientBool`] |
//! | `type: string` | `String` | [`LenientText`] (also for a string `enum`: an unknown value is kept) |
//! | `type: string`, `x-paynet-secret: true` | `String` | [`SecretText`] (redacted wherever it is printed) |
//! | `format: date-time` | [`Timestamp`] | [`Timestamp`] |
//! | `type: string`, `x-paynet-date: dd.MM.yyyy` (or `dd.MM.yyyy HH:mm:ss`) | `String` (the domain writes the date in that form) | [`Timestamp`] (which reads those forms) |
//!
//! The answer types never fail on an odd value of the right kind of JSON token: a blank string
//! (`""`, `" "`) is [blank](LenientText::is_blank), a value they cannot read is kept as its text
//! (`other`), and the domain decides what an odd value means (an unreadable amount is an invalid
//! answer; an unknown `card_type` is just unknown). Only a value of the wrong shape altogether (an
//! object where a number belongs) fails the answer.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

/// A JSON number read and written exactly, as a [`rust_decimal::Decimal`].
///
/// serde_json reads numbers through `f64` unless its `arbitrary_precision` feature is on, and that
/// feature would change every crate in our users' builds. This type instead reads the number's own
/// text (serde_json's `raw_value`), so `149.90`, `0.0001` and `1234567890123456.78` arrive digit for
/// digit, and writes its decimal text back as a JSON number (`149.90`, never `"149.90"`).
///
/// Reading is lenient, as Paynet is: a number in a JSON string (`"56.55"`) and exponent forms
/// (`1e-4`) are accepted. A value that does not fit a `Decimal` (28-29 significant digits) is an
/// error, never a rounded number.
///
/// Exactness holds with `serde_json`'s reader and writer (`from_slice`, `from_str`, `to_vec`,
/// `to_string`...), which is what the generated client uses. Going through `serde_json::Value`
/// reads the number as `f64` and is not exact.
///
/// ```
/// use paynet_api::wire::JsonDecimal;
/// let d: JsonDecimal = serde_json::from_str("1234567890123456.78").unwrap();
/// assert_eq!(d.to_string(), "1234567890123456.78");
/// assert_eq!(serde_json::to_string(&d).unwrap(), "1234567890123456.78");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JsonDecimal(pub Decimal);

impl JsonDecimal {
    /// The decimal value.
    pub fn value(self) -> Decimal {
        self.0
    }

    /// Parses a JSON number's text (or a decimal in a JSON string's content) exactly.
    pub fn parse(text: &str) -> Result<Self, ParseDecimalError> {
        if let Some(value) = plain_decimal(text) {
            return Ok(Self(value));
        }
        let bad = || ParseDecimalError {
            text: excerpt(text),
        };
        let is_number_text = !text.is_empty()
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'));
        if !is_number_text {
            return Err(bad());
        }
        let value = if text.contains(['e', 'E']) {
            Decimal::from_scientific(text).map_err(|_| bad())?
        } else {
            Decimal::from_str_exact(text).map_err(|_| bad())?
        };
        Ok(Self(value))
    }
}

/// The common form of a number, `-?digits[.digits]` with at most 19 digits (they fit a `u64`),
/// read in one pass: what nearly every amount is. `None` for anything else (the general parser
/// then decides).
fn plain_decimal(text: &str) -> Option<Decimal> {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        bytes => (false, bytes),
    };
    // 19 digits and a dot at most.
    if digits.is_empty() || digits.len() > 20 {
        return None;
    }
    let mut mantissa: u64 = 0;
    let mut dot: Option<usize> = None;
    for (i, &b) in digits.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
            }
            // One dot, between digits.
            b'.' if dot.is_none() && i > 0 && i + 1 < digits.len() => dot = Some(i),
            _ => return None,
        }
    }
    // 20 digits may not fit (wrapped above: refused here), and a negative zero: the general
    // parser decides.
    let count = digits.len() - usize::from(dot.is_some());
    if count > 19 || (negative && mantissa == 0) {
        return None;
    }
    let scale = dot.map_or(0, |d| digits.len() - d - 1);
    // The 96-bit mantissa's low and middle words; its high word is 0. A scale of 18 at most.
    let (lo, mid) = (mantissa as u32, (mantissa >> 32) as u32);
    Some(Decimal::from_parts(lo, mid, 0, negative, scale as u32))
}

impl From<Decimal> for JsonDecimal {
    fn from(value: Decimal) -> Self {
        Self(value)
    }
}

impl From<JsonDecimal> for Decimal {
    fn from(value: JsonDecimal) -> Self {
        value.0
    }
}

impl fmt::Display for JsonDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for JsonDecimal {
    type Err = ParseDecimalError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// A number that is not an exact decimal (or does not fit one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseDecimalError {
    text: String,
}

impl fmt::Display for ParseDecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a number that fits an exact decimal",
            self.text
        )
    }
}

impl std::error::Error for ParseDecimalError {}

fn excerpt(text: &str) -> String {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text.to_owned(),
    }
}

impl Serialize for JsonDecimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = RawValue::from_string(self.0.to_string()).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for JsonDecimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw: Box<RawValue> = Deserialize::deserialize(deserializer)?;
        let text = raw.get();
        if text.starts_with('"') {
            let inner: String = serde_json::from_str(text).map_err(D::Error::custom)?;
            JsonDecimal::parse(inner.trim()).map_err(D::Error::custom)
        } else {
            JsonDecimal::parse(text).map_err(D::Error::custom)
        }
    }
}

/// A date-time as Paynet sends it: the exact text, and what it reads as.
///
/// Paynet's .NET backend writes several forms, and a response must not fail over a timestamp:
/// - `2016-04-08T10:27:22.0296925+03:00`: with an offset (up to 9 fraction digits);
/// - `2015-12-04T18:14:28.377`: no offset (Paynet's local time, Turkey, UTC+03:00; this crate does
///   not guess: it keeps the local value);
/// - `0001-01-01T00:00:00`: .NET's `DateTime.MinValue`, meaning "no date";
/// - `03.10.2017 10:32:24` (`dd.MM.yyyy HH:mm:ss`, the subscription pages' form): local, like the
///   form without an offset;
/// - `03.06.2024` (`dd.MM.yyyy`) and `2024-06-03`: a day without a time;
/// - anything else is kept as text only.
///
/// `Display` and `Serialize` write the text exactly as it was received (`.0296925` stays
/// `.0296925`).
///
/// ```
/// use paynet_api::wire::{Timestamp, TimestampValue};
/// let t: Timestamp = serde_json::from_str("\"0001-01-01T00:00:00\"").unwrap();
/// assert_eq!(t.value(), &TimestampValue::NoDate);
/// let t: Timestamp = serde_json::from_str("\"2016-04-08T10:27:22.0296925+03:00\"").unwrap();
/// assert!(matches!(t.value(), TimestampValue::WithOffset(_)));
/// assert_eq!(t.to_string(), "2016-04-08T10:27:22.0296925+03:00");
/// let t: Timestamp = serde_json::from_str("\"03.06.2024\"").unwrap();
/// assert_eq!(t.date(), chrono::NaiveDate::from_ymd_opt(2024, 6, 3));
/// assert_eq!(t.to_string(), "03.06.2024");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Timestamp {
    text: String,
    value: TimestampValue,
}

/// What a [`Timestamp`]'s text reads as.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimestampValue {
    /// A date-time with its UTC offset.
    WithOffset(DateTime<FixedOffset>),
    /// A date-time sent without an offset.
    Local(NaiveDateTime),
    /// `0001-01-01T00:00:00` (with or without an offset): Paynet's "no date".
    NoDate,
    /// A day without a time (`03.06.2024`, `2024-06-03`).
    Date(NaiveDate),
    /// Text in no form this crate knows.
    Unreadable,
}

const NAIVE_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.f";
/// The subscription pages' forms: `03.10.2017 10:32:24` and `03.06.2024`.
const TURKISH_FORMAT: &str = "%d.%m.%Y %H:%M:%S";
const TURKISH_DAY_FORMAT: &str = "%d.%m.%Y";

impl Timestamp {
    /// Reads any of the forms above; never fails.
    pub fn parse(text: &str) -> Self {
        let no_date = NaiveDate::from_ymd_opt(1, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
        let trimmed = text.trim();
        let value = if let Ok(t) = DateTime::parse_from_rfc3339(trimmed) {
            if Some(t.naive_local()) == no_date {
                TimestampValue::NoDate
            } else {
                TimestampValue::WithOffset(t)
            }
        } else if let Ok(t) = NaiveDateTime::parse_from_str(trimmed, NAIVE_FORMAT)
            .or_else(|_| NaiveDateTime::parse_from_str(trimmed, TURKISH_FORMAT))
        {
            if Some(t) == no_date {
                TimestampValue::NoDate
            } else {
                TimestampValue::Local(t)
            }
        } else if let Ok(d) = NaiveDate::parse_from_str(trimmed, TURKISH_DAY_FORMAT)
            .or_else(|_| NaiveDate::parse_from_str(trimmed, "%Y-%m-%d"))
        {
            TimestampValue::Date(d)
        } else {
            TimestampValue::Unreadable
        };
        Self {
            text: text.to_owned(),
            value,
        }
    }

    /// The text exactly as received.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// What the text reads as.
    pub fn value(&self) -> &TimestampValue {
        &self.value
    }

    /// The day the text names (the local day of a date-time, as sent), when it reads as one.
    pub fn date(&self) -> Option<NaiveDate> {
        match &self.value {
            TimestampValue::WithOffset(t) => Some(t.date_naive()),
            TimestampValue::Local(t) => Some(t.date()),
            TimestampValue::Date(d) => Some(*d),
            TimestampValue::NoDate | TimestampValue::Unreadable => None,
        }
    }

    /// What the text reads as, and the text exactly as received (no copy).
    pub fn into_parts(self) -> (TimestampValue, String) {
        (self.value, self.text)
    }
}

impl fmt::Display for Timestamp {
    /// The text exactly as received.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Ok(Self::parse(&text))
    }
}

/// A JSON value's raw text, borrowed from the input (no allocation), with its kind.
enum Token<'a> {
    /// A string's content (escapes decoded when it had any).
    Str(std::borrow::Cow<'a, str>),
    /// A number's text, exactly as sent.
    Number(&'a str),
    /// `true` or `false`.
    Bool(bool),
}

/// What [`lenient_token`] reads for the lenient types that hold no decimal.
enum Scalar<'a> {
    /// The value's raw token.
    Raw(Token<'a>),
    /// An integer that serde_json read exactly (only in [`from_answer_str`]'s first pass). Its
    /// text is the integer's own: JSON writes an integer in one way only.
    Integer(i128),
}

std::thread_local! {
    /// Set while [`from_answer_str`] makes its first pass on this thread.
    static FIRST_PASS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Reads an answer's JSON text into `T`, with exactly the result of `serde_json::from_str`, at
/// less cost.
///
/// [`LenientText`], [`LenientBool`] and [`LenientInt`] read a number through its raw text
/// (serde_json's `raw_value`), because serde_json reads a fraction or a very long integer through
/// `f64`, which would lose its digits. Raw text costs about three hundred instructions a field,
/// and nearly every value Paynet sends in those fields is a string, a boolean or an integer that
/// serde_json reads exactly anyway. So a first pass reads those types straight from serde_json's
/// tokens and gives up (an error) on any value serde_json would pass as `f64`; only then, or
/// when the first pass fails for any other reason, is the text read again the exact way, as
/// `serde_json::from_str` reads it. Either way the result is the same: the first pass only
/// succeeds where both ways read the same value.
///
/// ```
/// use paynet_api::wire::{from_answer_str, LenientText};
/// # fn main() -> serde_json::Result<()> {
/// let fast: Vec<LenientText> = from_answer_str(r#"["AXSS", 5, true]"#)?;
/// let exact: Vec<LenientText> = from_answer_str(r#"["AXSS", 5, 12.50]"#)?;
/// assert_eq!(exact[2].as_str(), "12.50");
/// # assert_eq!(fast[1].as_str(), "5");
/// # Ok(())
/// # }
/// ```
pub fn from_answer_str<'de, T: Deserialize<'de>>(text: &'de str) -> serde_json::Result<T> {
    /// Ends the first pass however it ends (an error, or a panic in a `Deserialize`).
    struct EndFirstPass;
    impl Drop for EndFirstPass {
        fn drop(&mut self) {
            FIRST_PASS.with(|first| first.set(false));
        }
    }
    let first = {
        FIRST_PASS.with(|first| first.set(true));
        let _end = EndFirstPass;
        serde_json::from_str(text)
    };
    match first {
        Ok(value) => Ok(value),
        Err(_) => serde_json::from_str(text),
    }
}

/// The value: straight from serde_json during [`from_answer_str`]'s first pass (refusing what
/// it would read through `f64`), else its raw token.
fn lenient_token<'de, D: Deserializer<'de>>(
    deserializer: D,
    expected: &str,
) -> Result<Scalar<'de>, D::Error> {
    if !FIRST_PASS.with(std::cell::Cell::get) {
        return token(deserializer, expected).map(Scalar::Raw);
    }
    struct Tokens;
    impl<'de> serde::de::Visitor<'de> for Tokens {
        type Value = Scalar<'de>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string, an integer or a boolean")
        }
        fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
            Ok(Scalar::Raw(Token::Str(std::borrow::Cow::Borrowed(v))))
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Scalar::Raw(Token::Str(std::borrow::Cow::Owned(
                v.to_owned(),
            ))))
        }
        fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
            Ok(Scalar::Raw(Token::Str(std::borrow::Cow::Owned(v))))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Scalar::Integer(i128::from(v)))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Scalar::Integer(i128::from(v)))
        }
        fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Scalar::Raw(Token::Bool(v)))
        }
        // Anything else, `f64` included, is left to the exact pass (the default: an error).
    }
    deserializer.deserialize_any(Tokens)
}

fn token<'de, D: Deserializer<'de>>(
    deserializer: D,
    expected: &str,
) -> Result<Token<'de>, D::Error> {
    let raw: &'de RawValue = Deserialize::deserialize(deserializer)?;
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'"') => {
            let inner = &text[1..text.len() - 1];
            if inner.contains('\\') {
                let decoded: String = serde_json::from_str(text).map_err(D::Error::custom)?;
                Ok(Token::Str(std::borrow::Cow::Owned(decoded)))
            } else {
                Ok(Token::Str(std::borrow::Cow::Borrowed(inner)))
            }
        }
        Some(b't') => Ok(Token::Bool(true)),
        Some(b'f') => Ok(Token::Bool(false)),
        Some(b'-' | b'0'..=b'9') => Ok(Token::Number(text)),
        _ => Err(D::Error::custom(format!(
            "expected {expected}, found `{}`",
            excerpt(text)
        ))),
    }
}

/// A string in an answer, read leniently: a JSON string as it is, or a number or a boolean as its
/// text (`5` -> `"5"`). Blank text (`""`, `" "`) is [blank](LenientText::is_blank).
///
/// ```
/// use paynet_api::wire::LenientText;
/// let t: LenientText = serde_json::from_str("\"AXSS\"").unwrap();
/// assert_eq!(t.as_str(), "AXSS");
/// let t: LenientText = serde_json::from_str("5").unwrap();
/// assert_eq!(t.as_str(), "5");
/// assert!(serde_json::from_str::<LenientText>("\" \"").unwrap().is_blank());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct LenientText(String);

impl LenientText {
    /// The text as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True for `""` and text of spaces only (any Unicode white space).
    pub fn is_blank(&self) -> bool {
        // `trim().is_empty()`, without a second scan from the end of text that is not blank.
        self.0.chars().all(char::is_whitespace)
    }

    /// The text, or `None` when blank.
    pub fn into_text(self) -> Option<String> {
        (!self.is_blank()).then_some(self.0)
    }
}

impl From<&str> for LenientText {
    fn from(text: &str) -> Self {
        LenientText(text.to_owned())
    }
}

impl From<String> for LenientText {
    fn from(text: String) -> Self {
        LenientText(text)
    }
}

impl fmt::Display for LenientText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for LenientText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for LenientText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(LenientText(match lenient_token(deserializer, "text")? {
            Scalar::Raw(Token::Str(s)) => s.into_owned(),
            Scalar::Raw(Token::Number(n)) => n.to_owned(),
            Scalar::Raw(Token::Bool(b)) => b.to_string(),
            Scalar::Integer(n) => n.to_string(),
        }))
    }
}

/// A secret in an answer (a field its spec marks `x-paynet-secret: true`: a key Paynet
/// issues), read as leniently as [`LenientText`], and kept out of sight: its `Debug` and
/// `Serialize` write `[redacted]`, its `Display` too, and its text is wiped from memory when it
/// is dropped. [`SecretText::expose_secret`] reads it.
///
/// ```
/// use paynet_api::wire::SecretText;
/// let s: SecretText = serde_json::from_str("\"ek_4f9a1c2e\"").unwrap();
/// assert_eq!(s.expose_secret(), "ek_4f9a1c2e");
/// assert_eq!(format!("{s:?}"), "SecretText([redacted])");
/// assert_eq!(serde_json::to_string(&s).unwrap(), "\"[redacted]\"");
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SecretText(zeroize::Zeroizing<String>);

impl SecretText {
    /// The secret's text, as received.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }

    /// True for `""` and text of spaces only: no secret was sent.
    pub fn is_blank(&self) -> bool {
        self.0.chars().all(char::is_whitespace)
    }

    /// The secret's text, moved out (to be kept in a type that wipes it in turn, such as a
    /// `secrecy::SecretString`): nothing is copied.
    pub fn into_secret(mut self) -> String {
        std::mem::take(&mut *self.0)
    }
}

impl From<String> for SecretText {
    fn from(text: String) -> Self {
        SecretText(zeroize::Zeroizing::new(text))
    }
}

impl From<&str> for SecretText {
    fn from(text: &str) -> Self {
        SecretText::from(text.to_owned())
    }
}

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretText([redacted])")
    }
}

impl fmt::Display for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl Serialize for SecretText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str("[redacted]")
    }
}

impl<'de> Deserialize<'de> for SecretText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = LenientText::deserialize(deserializer)?;
        Ok(SecretText::from(text.0))
    }
}

/// A value read leniently: what it reads as, blank, or the text that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Read<T> {
    Value(T),
    Blank,
    Other(String),
}

impl<T: Copy> Read<T> {
    fn get(&self) -> Option<T> {
        match self {
            Read::Value(v) => Some(*v),
            _ => None,
        }
    }

    fn other(&self) -> Option<&str> {
        match self {
            Read::Other(text) => Some(text),
            _ => None,
        }
    }

    fn is_blank(&self) -> bool {
        matches!(self, Read::Blank)
    }
}

/// A boolean in an answer, read leniently: `true`/`false`, `"true"`/`"false"` (any case, spaces
/// around ignored), `1`/`0`, `"1"`/`"0"`. Blank text is [blank](LenientBool::is_blank); anything
/// else is kept as [`other`](LenientBool::other) text.
///
/// ```
/// use paynet_api::wire::LenientBool;
/// for (json, value) in [("true", true), ("\"False\"", false), ("1", true), ("\" 0 \"", false)] {
///     assert_eq!(serde_json::from_str::<LenientBool>(json).unwrap().get(), Some(value));
/// }
/// let odd: LenientBool = serde_json::from_str("\"yes\"").unwrap();
/// assert_eq!((odd.get(), odd.other()), (None, Some("yes")));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LenientBool(Read<bool>);

impl LenientBool {
    /// The value, when it reads as a boolean.
    pub fn get(&self) -> Option<bool> {
        self.0.get()
    }

    /// The text of a value that reads as no boolean.
    pub fn other(&self) -> Option<&str> {
        self.0.other()
    }

    /// True for a blank string.
    pub fn is_blank(&self) -> bool {
        self.0.is_blank()
    }

    fn from_text(text: &str) -> Self {
        let t = text.trim();
        LenientBool(if t.is_empty() {
            Read::Blank
        } else if t.eq_ignore_ascii_case("true") || t == "1" {
            Read::Value(true)
        } else if t.eq_ignore_ascii_case("false") || t == "0" {
            Read::Value(false)
        } else {
            Read::Other(text.to_owned())
        })
    }
}

impl From<bool> for LenientBool {
    fn from(value: bool) -> Self {
        LenientBool(Read::Value(value))
    }
}

impl Serialize for LenientBool {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Read::Value(b) => serializer.serialize_bool(*b),
            Read::Blank => serializer.serialize_str(""),
            Read::Other(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for LenientBool {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match lenient_token(deserializer, "a boolean")? {
            Scalar::Raw(Token::Bool(b)) => LenientBool(Read::Value(b)),
            Scalar::Raw(Token::Str(s)) => LenientBool::from_text(&s),
            Scalar::Raw(Token::Number(n)) => LenientBool::from_text(n),
            Scalar::Integer(1) => LenientBool(Read::Value(true)),
            Scalar::Integer(0) => LenientBool(Read::Value(false)),
            Scalar::Integer(n) => LenientBool(Read::Other(n.to_string())),
        })
    }
}

/// An integer in an answer, read leniently: a JSON number (`3`, and `3.0`), or a numeric string
/// with spaces around (`" 3 "`). Blank text is [blank](LenientInt::is_blank); anything else is
/// kept as [`other`](LenientInt::other) text.
///
/// ```
/// use paynet_api::wire::LenientInt;
/// for json in ["3", "\"3\"", "\" 3 \"", "3.0"] {
///     assert_eq!(serde_json::from_str::<LenientInt>(json).unwrap().get(), Some(3), "{json}");
/// }
/// assert!(serde_json::from_str::<LenientInt>("\"\"").unwrap().is_blank());
/// assert_eq!(serde_json::from_str::<LenientInt>("\"3a\"").unwrap().other(), Some("3a"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LenientInt(Read<i64>);

impl LenientInt {
    /// The value, when it reads as an integer.
    pub fn get(&self) -> Option<i64> {
        self.0.get()
    }

    /// The text of a value that reads as no integer.
    pub fn other(&self) -> Option<&str> {
        self.0.other()
    }

    /// True for a blank string.
    pub fn is_blank(&self) -> bool {
        self.0.is_blank()
    }

    fn from_text(text: &str) -> Self {
        let t = text.trim();
        if t.is_empty() {
            return LenientInt(Read::Blank);
        }
        if let Ok(n) = t.parse::<i64>() {
            return LenientInt(Read::Value(n));
        }
        // `3.0`: an integral decimal.
        match JsonDecimal::parse(t) {
            Ok(d) if d.0.fract().is_zero() => match i64::try_from(d.0) {
                Ok(n) => LenientInt(Read::Value(n)),
                Err(_) => LenientInt(Read::Other(text.to_owned())),
            },
            _ => LenientInt(Read::Other(text.to_owned())),
        }
    }
}

impl From<i64> for LenientInt {
    fn from(value: i64) -> Self {
        LenientInt(Read::Value(value))
    }
}

impl Serialize for LenientInt {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Read::Value(n) => serializer.serialize_i64(*n),
            Read::Blank => serializer.serialize_str(""),
            Read::Other(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for LenientInt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match lenient_token(deserializer, "an integer")? {
            Scalar::Raw(Token::Number(n)) => LenientInt::from_text(n),
            Scalar::Integer(n) => LenientInt(match i64::try_from(n) {
                Ok(n) => Read::Value(n),
                Err(_) => Read::Other(n.to_string()),
            }),
            Scalar::Raw(Token::Str(s)) => LenientInt::from_text(&s),
            Scalar::Raw(Token::Bool(b)) => LenientInt(Read::Other(b.to_string())),
        })
    }
}

/// A decimal in an answer whose endpoint writes decimals with a dot: a JSON number, exact
/// (`56.55` keeps its digits), or a decimal in a string (`"56.55"`, spaces around ignored).
/// Blank text is [blank](LenientDecimal::is_blank); anything else (`"56,55"`: a comma is not this
/// endpoint's form) is kept as [`other`](LenientDecimal::other) text, for the domain to refuse.
///
/// Read by every answer but those of the endpoints that document Turkish formatting
/// ([`CommaDecimal`]).
///
/// ```
/// use paynet_api::wire::LenientDecimal;
/// let d: LenientDecimal = serde_json::from_str("149.90").unwrap();
/// assert_eq!(d.get().unwrap().to_string(), "149.90");
/// let d: LenientDecimal = serde_json::from_str("\"56.55\"").unwrap();
/// assert_eq!(d.get().unwrap().to_string(), "56.55");
/// assert_eq!(serde_json::from_str::<LenientDecimal>("\"56,55\"").unwrap().other(), Some("56,55"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LenientDecimal(Read<Decimal>);

impl LenientDecimal {
    /// The value, when it reads as an exact decimal.
    pub fn get(&self) -> Option<Decimal> {
        self.0.get()
    }

    /// The text of a value that reads as no decimal.
    pub fn other(&self) -> Option<&str> {
        self.0.other()
    }

    /// True for a blank string.
    pub fn is_blank(&self) -> bool {
        self.0.is_blank()
    }
}

impl From<Decimal> for LenientDecimal {
    fn from(value: Decimal) -> Self {
        LenientDecimal(Read::Value(value))
    }
}

fn serialize_read_decimal<S: Serializer>(
    r: &Read<Decimal>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match r {
        Read::Value(d) => JsonDecimal(*d).serialize(serializer),
        Read::Blank => serializer.serialize_str(""),
        Read::Other(text) => serializer.serialize_str(text),
    }
}

impl Serialize for LenientDecimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_read_decimal(&self.0, serializer)
    }
}

impl<'de> Deserialize<'de> for LenientDecimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let read = |text: &str| {
            let t = text.trim();
            if t.is_empty() {
                Read::Blank
            } else {
                match JsonDecimal::parse(t) {
                    Ok(d) => Read::Value(d.0),
                    Err(_) => Read::Other(text.to_owned()),
                }
            }
        };
        Ok(LenientDecimal(match token(deserializer, "a decimal")? {
            // A JSON number's text has no spaces to trim.
            Token::Number(n) => match JsonDecimal::parse(n) {
                Ok(d) => Read::Value(d.0),
                Err(_) => Read::Other(n.to_owned()),
            },
            Token::Str(s) => read(&s),
            Token::Bool(b) => Read::Other(b.to_string()),
        }))
    }
}

/// A decimal in an answer of an endpoint that documents Turkish formatting (a comma decimal
/// separator; the spec marks its numbers `x-paynet-decimal: comma`: the v2 payment and 3-D
/// Secure answers). Read exactly from a JSON number, or a string in either form:
/// - `"56,55"`, `"1.234,56"`, `"1.234.567"`: a comma decimal separator, dots grouping thousands
///   (groups of exactly three digits);
/// - `"56.55"`, `"0.5"`: a dot decimal separator, when it cannot be a thousands separator.
///
/// A string that could be read both ways (`"1.234"`: 1234 or 1.234?) is refused, never guessed:
/// it is kept as [`other`](CommaDecimal::other) text, and the domain refuses the answer.
///
/// ```
/// use paynet_api::wire::CommaDecimal;
/// let read = |json: &str| serde_json::from_str::<CommaDecimal>(json).unwrap();
/// assert_eq!(read("\"1.234,56\"").get().unwrap().to_string(), "1234.56");
/// assert_eq!(read("\"20,50\"").get().unwrap().to_string(), "20.50");
/// assert_eq!(read("\"56.55\"").get().unwrap().to_string(), "56.55");
/// assert_eq!(read("56.55").get().unwrap().to_string(), "56.55");
/// assert_eq!(read("\"1.234\"").other(), Some("1.234"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CommaDecimal(Read<Decimal>);

impl CommaDecimal {
    /// The value, when it reads as an exact decimal without ambiguity.
    pub fn get(&self) -> Option<Decimal> {
        self.0.get()
    }

    /// The text of a value that reads as no decimal, or as two.
    pub fn other(&self) -> Option<&str> {
        self.0.other()
    }

    /// True for a blank string.
    pub fn is_blank(&self) -> bool {
        self.0.is_blank()
    }

    /// Reads Turkish-formatted decimal text (see the type's docs).
    pub fn parse_text(text: &str) -> Option<Decimal> {
        let t = text.trim();
        let (sign, digits) = match t.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", t),
        };
        let grouped = |int: &str| -> Option<String> {
            // `1.234.567`: a first group of 1 to 3 digits, then groups of exactly 3.
            let mut groups = int.split('.');
            let first = groups.next()?;
            if first.is_empty() || first.len() > 3 || !first.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let mut out = first.to_owned();
            for g in groups {
                if g.len() != 3 || !g.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                out.push_str(g);
            }
            Some(out)
        };
        let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let normal = match digits.split_once(',') {
            Some((int, frac)) => {
                if !plain(frac) || frac.contains(',') {
                    return None;
                }
                let int = if plain(int) {
                    int.to_owned()
                } else {
                    grouped(int)?
                };
                format!("{int}.{frac}")
            }
            None => match digits.matches('.').count() {
                0 if plain(digits) => digits.to_owned(),
                1 => {
                    let (int, frac) = digits.split_once('.')?;
                    if !plain(int) || !plain(frac) || frac.len() == 3 {
                        // `1.234` could be 1234 (grouped) or 1.234: refused.
                        return None;
                    }
                    digits.to_owned()
                }
                _ => grouped(digits)?,
            },
        };
        Decimal::from_str_exact(&format!("{sign}{normal}")).ok()
    }
}

impl From<Decimal> for CommaDecimal {
    fn from(value: Decimal) -> Self {
        CommaDecimal(Read::Value(value))
    }
}

impl Serialize for CommaDecimal {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_read_decimal(&self.0, serializer)
    }
}

impl<'de> Deserialize<'de> for CommaDecimal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(CommaDecimal(match token(deserializer, "a decimal")? {
            Token::Number(n) => match JsonDecimal::parse(n) {
                Ok(d) => Read::Value(d.0),
                Err(_) => Read::Other(n.to_owned()),
            },
            Token::Str(s) if s.trim().is_empty() => Read::Blank,
            Token::Str(s) => match CommaDecimal::parse_text(&s) {
                Some(d) => Read::Value(d),
                None => Read::Other(s.into_owned()),
            },
            Token::Bool(b) => Read::Other(b.to_string()),
        }))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn round_trip(text: &str) -> String {
        let d: JsonDecimal = serde_json::from_str(text).unwrap();
        serde_json::to_string(&d).unwrap()
    }

    /// The one-pass reader of plain numbers agrees with rust_decimal's exact parser on every
    /// form it accepts, and declines (leaves to it) every other.
    #[test]
    fn the_plain_decimal_reader_agrees_with_the_exact_parser() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        let mut cases: Vec<String> = [
            "0",
            "-0",
            "0.0",
            "149.90",
            "-1.5",
            "1.",
            ".5",
            "1..2",
            "00012.3400",
            "+1",
            "1e3",
            "9999999999999999999999999999",
            "99999999999999999999999999999",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
            "",
            "-",
            "1-2",
            "1.2.3",
            // Around the one-pass reader's 19 digits (a u64).
            "9999999999999999999",
            "-9999999999999999999",
            "999999999.9999999999",
            "99999999999999999999",
            "18446744073709551615",
            "18446744073709551616",
            "1844674407370955161.5",
            "0.000000000000000001",
            "-0.00",
        ]
        .map(String::from)
        .to_vec();
        for _ in 0..20_000 {
            let mut t = String::new();
            if next(4) == 0 {
                t.push('-');
            }
            for _ in 0..=next(30) {
                t.push(char::from(b'0' + next(10) as u8));
            }
            if next(2) == 0 {
                t.push('.');
                for _ in 0..=next(30) {
                    t.push(char::from(b'0' + next(10) as u8));
                }
            }
            cases.push(t);
        }
        // The common forms take the one-pass reader (it must not decline them all).
        for text in [
            "149.90",
            "-1.5",
            "0",
            "9999999999999999999",
            "999999999.9999999999",
        ] {
            assert!(plain_decimal(text).is_some(), "{text}");
        }
        for text in &cases {
            let fast = plain_decimal(text);
            let exact = Decimal::from_str_exact(text).ok();
            if let Some(value) = fast {
                let exact = exact.unwrap_or_else(|| panic!("{text}: read, yet refused exactly"));
                assert_eq!(value.to_string(), exact.to_string(), "{text}");
                assert_eq!(value.scale(), exact.scale(), "{text}");
            }
            // Whatever the fast reader declines still reads the same through `parse`.
            let parsed = JsonDecimal::parse(text).ok().map(|d| d.0.to_string());
            if fast.is_none()
                && text
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
            {
                assert_eq!(parsed, exact.map(|d| d.to_string()), "{text}");
            }
        }
    }

    #[test]
    fn decimals_survive_exactly() {
        for text in [
            "149.90",
            "12345678.91",
            "0.0001",
            "1234567890123456.78",
            "-19.2104",
            "0",
            "100",
        ] {
            assert_eq!(round_trip(text), text);
        }
    }

    #[test]
    fn lenient_forms_are_read() {
        assert_eq!(round_trip("\"56.55\""), "56.55");
        assert_eq!(round_trip("1e-4"), "0.0001");
        assert_eq!(round_trip("1.5E2"), "150");
    }

    #[test]
    fn non_numbers_and_overflow_are_errors() {
        for text in ["true", "\"abc\"", "{}", "[]", "1e40", "\"\"", "\"1,5\""] {
            assert!(
                serde_json::from_str::<JsonDecimal>(text).is_err(),
                "{text} should fail"
            );
        }
        // More digits than a Decimal holds would need rounding: refused.
        assert!(serde_json::from_str::<JsonDecimal>("0.123456789012345678901234567890").is_err());
    }

    #[test]
    fn null_is_none_for_optional_fields() {
        let v: Option<JsonDecimal> = serde_json::from_str("null").unwrap();
        assert_eq!(v, None);
    }

    #[test]
    fn lenient_answers_never_fail_on_an_odd_token() {
        for json in ["\"\"", "\"x\"", "1.5", "true", "-3", "\"\\u0041\""] {
            assert!(serde_json::from_str::<LenientText>(json).is_ok(), "{json}");
            assert!(serde_json::from_str::<LenientBool>(json).is_ok(), "{json}");
            assert!(serde_json::from_str::<LenientInt>(json).is_ok(), "{json}");
            assert!(
                serde_json::from_str::<LenientDecimal>(json).is_ok(),
                "{json}"
            );
            assert!(serde_json::from_str::<CommaDecimal>(json).is_ok(), "{json}");
        }
        for json in ["{}", "[1]"] {
            assert!(serde_json::from_str::<LenientText>(json).is_err(), "{json}");
            assert!(serde_json::from_str::<LenientInt>(json).is_err(), "{json}");
            assert!(
                serde_json::from_str::<LenientDecimal>(json).is_err(),
                "{json}"
            );
        }
        let t: LenientText = serde_json::from_str("\"\\u0041b\"").unwrap();
        assert_eq!(t.as_str(), "Ab");
        let null: Option<LenientInt> = serde_json::from_str("null").unwrap();
        assert_eq!(null, None);
    }

    /// A JSON value of any kind, with the forms serde_json reads through `f64` (fractions,
    /// exponents, `-0`, integers beyond 64 bits) and strings that look like numbers or booleans.
    fn any_json_value() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        prop_oneof![
            any::<i64>().prop_map(|n| n.to_string()),
            any::<u64>().prop_map(|n| n.to_string()),
            any::<u128>().prop_map(|n| n.to_string()),
            (any::<i32>(), 0u32..1_000_000).prop_map(|(i, f)| format!("{i}.{f:06}")),
            (any::<i16>(), -30i32..30).prop_map(|(m, e)| format!("{m}e{e}")),
            Just("-0".to_owned()),
            Just("0".to_owned()),
            Just("1".to_owned()),
            any::<bool>().prop_map(|b| b.to_string()),
            Just("null".to_owned()),
            "[ -~]{0,12}".prop_map(|t| serde_json::to_string(&t).unwrap_or_default()),
            "[ 0-9.,-]{0,10}".prop_map(|t| format!("\"{t}\"")),
            prop::sample::select(vec![
                "\"true\"",
                "\" FALSE \"",
                "\"1\"",
                "\"0\"",
                "\"\"",
                "\" \"",
                "\"\\u0041b\"",
                "\"\\\"q\\\"\"",
                "[1]",
                "{}",
                "{\"a\":1}",
            ])
            .prop_map(str::to_owned),
        ]
    }

    fn both_ways<T: serde::de::DeserializeOwned + fmt::Debug>(json: &str) -> (String, String) {
        let fast = from_answer_str::<T>(json).map_err(|e| e.to_string());
        let exact = serde_json::from_str::<T>(json).map_err(|e| e.to_string());
        (format!("{fast:?}"), format!("{exact:?}"))
    }

    proptest::proptest! {
        /// `from_answer_str` reads exactly what `serde_json::from_str` reads, value or error,
        /// for every lenient type, alone and among others in an object.
        #[test]
        fn the_answer_reader_reads_what_serde_json_reads(
            values in proptest::collection::vec(any_json_value(), 1..6)
        ) {
            for v in &values {
                let (fast, exact) = both_ways::<Option<LenientText>>(v);
                proptest::prop_assert_eq!(fast, exact, "text {}", v);
                let (fast, exact) = both_ways::<Option<LenientBool>>(v);
                proptest::prop_assert_eq!(fast, exact, "bool {}", v);
                let (fast, exact) = both_ways::<Option<LenientInt>>(v);
                proptest::prop_assert_eq!(fast, exact, "int {}", v);
                let (fast, exact) = both_ways::<Option<LenientDecimal>>(v);
                proptest::prop_assert_eq!(fast, exact, "decimal {}", v);
            }
            #[derive(Debug, serde::Deserialize)]
            #[allow(dead_code)] // read through Debug only
            struct Answer {
                a: Option<LenientText>,
                b: Option<LenientBool>,
                c: Option<LenientInt>,
                d: Option<LenientDecimal>,
                e: Option<CommaDecimal>,
            }
            let keys = ["a", "b", "c", "d", "e"];
            let fields: Vec<String> = values
                .iter()
                .zip(keys)
                .map(|(v, k)| format!("\"{k}\": {v}"))
                .collect();
            let json = format!("{{{}}}", fields.join(", "));
            let (fast, exact) = both_ways::<Answer>(&json);
            proptest::prop_assert_eq!(fast, exact, "{}", json);
        }
    }

    #[test]
    fn the_answer_reader_keeps_digits_and_ends_its_first_pass() {
        let read: Vec<LenientText> =
            from_answer_str(r#"["x", 12.50, 1e3, -0, 123456789012345678901234]"#).unwrap();
        let texts: Vec<&str> = read.iter().map(LenientText::as_str).collect();
        assert_eq!(
            texts,
            ["x", "12.50", "1e3", "-0", "123456789012345678901234"]
        );
        let fast: Vec<LenientText> = from_answer_str(r#"["x", 7, false]"#).unwrap();
        assert_eq!(
            fast.iter().map(LenientText::as_str).collect::<Vec<_>>(),
            ["x", "7", "false"]
        );
        // The first pass is over: a plain read afterwards is exact on its own.
        assert!(!FIRST_PASS.with(std::cell::Cell::get));
        let later: LenientText = serde_json::from_str("12.50").unwrap();
        assert_eq!(later.as_str(), "12.50");
    }

    #[test]
    fn lenient_values_write_back_strictly() {
        let d: LenientDecimal = serde_json::from_str("\"149.90\"").unwrap();
        assert_eq!(serde_json::to_string(&d).unwrap(), "149.90");
        let b: LenientBool = serde_json::from_str("\"TRUE\"").unwrap();
        assert_eq!(serde_json::to_string(&b).unwrap(), "true");
        let i: LenientInt = serde_json::from_str("\" 12 \"").unwrap();
        assert_eq!(serde_json::to_string(&i).unwrap(), "12");
        let o: LenientInt = serde_json::from_str("\"x\"").unwrap();
        assert_eq!(serde_json::to_string(&o).unwrap(), "\"x\"");
    }

    #[test]
    fn comma_decimals_are_exact_or_refused() {
        let ok = [
            ("20,50", "20.50"),
            ("1.234,56", "1234.56"),
            ("1234,56", "1234.56"),
            ("1.234.567", "1234567"),
            ("1.234.567,5", "1234567.5"),
            ("56.55", "56.55"),
            ("0.5", "0.5"),
            ("-3,10", "-3.10"),
            (" 7 ", "7"),
        ];
        for (text, want) in ok {
            assert_eq!(
                CommaDecimal::parse_text(text)
                    .map(|d| d.to_string())
                    .as_deref(),
                Some(want),
                "{text}"
            );
        }
        for bad in [
            "1.234", "12.345", "1,234.56", "1.23,4,5", "12.34.5", "1..2", ",5", "5,", "a",
            "1.2345,6",
        ] {
            assert_eq!(CommaDecimal::parse_text(bad), None, "{bad}");
        }
    }

    #[test]
    fn timestamps_in_paynet_forms() {
        let t = Timestamp::parse("2016-04-08T10:27:22.0296925+03:00");
        let TimestampValue::WithOffset(dt) = t.value() else {
            panic!("{t:?}")
        };
        assert_eq!(dt.offset().local_minus_utc(), 3 * 3600);
        assert_eq!(dt.timestamp_subsec_nanos(), 29_692_500);
        assert_eq!(t.to_string(), "2016-04-08T10:27:22.0296925+03:00");
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"2016-04-08T10:27:22.0296925+03:00\""
        );

        let t = Timestamp::parse("2015-12-04T18:14:28.377");
        assert_eq!(t.as_str(), "2015-12-04T18:14:28.377");
        assert!(matches!(t.value(), TimestampValue::Local(_)));

        for no_date in ["0001-01-01T00:00:00", "0001-01-01T00:00:00+00:00"] {
            assert_eq!(Timestamp::parse(no_date).value(), &TimestampValue::NoDate);
        }
        let t = Timestamp::parse("08.04.2016 10:27");
        assert_eq!(t.value(), &TimestampValue::Unreadable);
        assert_eq!(t.as_str(), "08.04.2016 10:27");
        assert_eq!(t.date(), None);
    }

    #[test]
    fn timestamps_in_the_subscription_pages_forms() {
        let day = NaiveDate::from_ymd_opt(2017, 10, 3).unwrap();
        let t = Timestamp::parse("03.10.2017 10:32:24");
        assert_eq!(
            t.value(),
            &TimestampValue::Local(day.and_hms_opt(10, 32, 24).unwrap())
        );
        assert_eq!(t.date(), Some(day));
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"03.10.2017 10:32:24\""
        );
        for text in ["03.10.2017", "2017-10-03"] {
            let t = Timestamp::parse(text);
            assert_eq!(t.value(), &TimestampValue::Date(day), "{text}");
            assert_eq!(t.as_str(), text);
        }
        let t = Timestamp::parse("2016-04-08T10:27:22.0296925+03:00");
        assert_eq!(t.date(), NaiveDate::from_ymd_opt(2016, 4, 8));
        for odd in ["31.02.2024", "03/10/2017", "2017.10.03"] {
            assert_eq!(
                Timestamp::parse(odd).value(),
                &TimestampValue::Unreadable,
                "{odd}"
            );
        }
    }
}
