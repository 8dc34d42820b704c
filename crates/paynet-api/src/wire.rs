//! Hand-written wire types that the generated code uses through OpenAPI's `x-rust-type`.
//!
//! `cargo xtask codegen` maps every `type: number` schema to [`JsonDecimal`] and every
//! `format: date-time` string to [`Timestamp`], whatever other keywords the schema carries.

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

/// A date-time as Paynet sends it.
///
/// Paynet's .NET backend writes several forms, and a response must not fail over a timestamp:
/// - `2016-04-08T10:27:22.0296925+03:00`: with an offset (up to 9 fraction digits);
/// - `2015-12-04T18:14:28.377`: no offset (Paynet's local time, Turkey, UTC+03:00; this crate does
///   not guess: it keeps the local value);
/// - `0001-01-01T00:00:00`: .NET's `DateTime.MinValue`, meaning "no date";
/// - anything else is kept as text.
///
/// ```
/// use paynet_api::wire::Timestamp;
/// let t: Timestamp = serde_json::from_str("\"0001-01-01T00:00:00\"").unwrap();
/// assert_eq!(t, Timestamp::NoDate);
/// let t: Timestamp = serde_json::from_str("\"2015-12-04T18:14:28.377\"").unwrap();
/// assert!(matches!(t, Timestamp::Local(_)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Timestamp {
    /// A date-time with its UTC offset.
    WithOffset(DateTime<FixedOffset>),
    /// A date-time sent without an offset.
    Local(NaiveDateTime),
    /// `0001-01-01T00:00:00`: Paynet's "no date".
    NoDate,
    /// Text in no form this crate knows, kept as sent.
    Other(String),
}

const NAIVE_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.f";

impl Timestamp {
    /// Reads any of the forms above; never fails.
    pub fn parse(text: &str) -> Self {
        if let Ok(t) = DateTime::parse_from_rfc3339(text) {
            return Self::WithOffset(t);
        }
        if let Ok(t) = NaiveDateTime::parse_from_str(text, NAIVE_FORMAT) {
            let no_date = NaiveDate::from_ymd_opt(1, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
            return if Some(t) == no_date {
                Self::NoDate
            } else {
                Self::Local(t)
            };
        }
        Self::Other(text.to_owned())
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::WithOffset(t) => match IsoText::new(&t.naive_local(), Some(t.offset())) {
                Some(text) => f.write_str(text.as_str()?),
                None => write!(f, "{}", t.format("%Y-%m-%dT%H:%M:%S%.f%:z")),
            },
            Self::Local(t) => match IsoText::new(t, None) {
                Some(text) => f.write_str(text.as_str()?),
                None => write!(f, "{}", t.format(NAIVE_FORMAT)),
            },
            Self::NoDate => f.write_str("0001-01-01T00:00:00"),
            Self::Other(text) => f.write_str(text),
        }
    }
}

/// `%Y-%m-%dT%H:%M:%S%.f` (and `%:z` with an offset) written digit by digit: the text chrono's
/// `format` writes, without parsing the format string and formatting each field on every call
/// (a capture answer's date is written for every call). Only the common case is handled:
/// years 0 to 9999, no leap second, an offset in whole minutes; otherwise `None`, and the caller
/// uses chrono's `format`.
struct IsoText {
    bytes: [u8; 35],
    len: usize,
}

impl IsoText {
    fn new(t: &NaiveDateTime, offset: Option<&FixedOffset>) -> Option<Self> {
        use chrono::{Datelike as _, Timelike as _};
        let year = u32::try_from(t.year()).ok().filter(|y| *y <= 9999)?;
        let nano = t.nanosecond();
        if nano >= 1_000_000_000 {
            return None;
        }
        let mut out = Self {
            bytes: [0; 35],
            len: 0,
        };
        out.digits(year, 4);
        out.push(b'-');
        out.digits(t.month(), 2);
        out.push(b'-');
        out.digits(t.day(), 2);
        out.push(b'T');
        out.digits(t.hour(), 2);
        out.push(b':');
        out.digits(t.minute(), 2);
        out.push(b':');
        out.digits(t.second(), 2);
        // `%.f`: nothing for a whole second, else 3, 6 or 9 digits.
        if nano != 0 {
            out.push(b'.');
            if nano.is_multiple_of(1_000_000) {
                out.digits(nano / 1_000_000, 3);
            } else if nano.is_multiple_of(1_000) {
                out.digits(nano / 1_000, 6);
            } else {
                out.digits(nano, 9);
            }
        }
        if let Some(offset) = offset {
            let seconds = offset.local_minus_utc();
            if seconds % 60 != 0 {
                return None;
            }
            out.push(if seconds < 0 { b'-' } else { b'+' });
            let minutes = seconds.unsigned_abs() / 60;
            out.digits(minutes / 60, 2);
            out.push(b':');
            out.digits(minutes % 60, 2);
        }
        Some(out)
    }

    fn push(&mut self, b: u8) {
        self.bytes[self.len] = b;
        self.len += 1;
    }

    /// `value` in exactly `width` digits (zero-padded; `value` has at most `width` digits).
    fn digits(&mut self, mut value: u32, width: usize) {
        for i in (0..width).rev() {
            self.bytes[self.len + i] = b'0' + (value % 10) as u8;
            value /= 10;
        }
        self.len += width;
    }

    fn as_str(&self) -> Result<&str, fmt::Error> {
        std::str::from_utf8(&self.bytes[..self.len]).map_err(|_| fmt::Error)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        Ok(Self::parse(&text))
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
    fn timestamp_text_is_chronos_own() {
        // The digit-by-digit writer against chrono's `format`, over many dates, times,
        // fractions and offsets (a fixed pseudo-random sequence), and the edges.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |bound: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % bound
        };
        let fractions = |n: u64| -> u32 {
            let n = n as u32;
            match n % 5 {
                0 => 0,
                1 => (n % 1000) * 1_000_000,
                2 => (n % 1_000_000) * 1_000,
                3 => n % 1_000_000_000,
                _ => 29_692_500,
            }
        };
        let mut cases = vec![
            ("0001-01-01T00:00:00", 0),
            ("9999-12-31T23:59:59.999999999", -86_340),
            ("2016-04-08T10:27:22.0296925", 10_800),
            ("2015-12-04T18:14:28.377", 0),
            ("0999-06-15T01:02:03.000001", 86_340),
        ]
        .into_iter()
        .map(|(text, off)| {
            (
                NaiveDateTime::parse_from_str(text, NAIVE_FORMAT).unwrap(),
                off,
            )
        })
        .collect::<Vec<_>>();
        for _ in 0..2000 {
            let date = NaiveDate::from_ymd_opt(next(10_000) as i32, 1 + next(12) as u32, 1)
                .unwrap()
                .checked_add_days(chrono::Days::new(next(31)))
                .unwrap();
            let time = chrono::NaiveTime::from_hms_nano_opt(
                next(24) as u32,
                next(60) as u32,
                next(60) as u32,
                fractions(next(u64::MAX)),
            )
            .unwrap();
            let offset = (next(2 * 1440) as i32 - 1440) * 60;
            cases.push((date.and_time(time), offset));
        }
        for (naive, off) in cases {
            let local = Timestamp::Local(naive);
            assert_eq!(local.to_string(), naive.format(NAIVE_FORMAT).to_string());
            let Some(offset) = FixedOffset::east_opt(off) else {
                continue;
            };
            let with = naive.and_local_timezone(offset).unwrap();
            assert_eq!(
                Timestamp::WithOffset(with).to_string(),
                with.format("%Y-%m-%dT%H:%M:%S%.f%:z").to_string()
            );
        }
        // Outside the common case, chrono writes it.
        let leap = NaiveDate::from_ymd_opt(2016, 12, 31)
            .unwrap()
            .and_hms_nano_opt(23, 59, 59, 1_500_000_000)
            .unwrap();
        assert_eq!(
            Timestamp::Local(leap).to_string(),
            leap.format(NAIVE_FORMAT).to_string()
        );
        let odd = FixedOffset::east_opt(3 * 3600 + 17).unwrap();
        let t = leap.and_local_timezone(odd).unwrap();
        assert_eq!(
            Timestamp::WithOffset(t).to_string(),
            t.format("%Y-%m-%dT%H:%M:%S%.f%:z").to_string()
        );
    }

    #[test]
    fn timestamps_in_paynet_forms() {
        let t = Timestamp::parse("2016-04-08T10:27:22.0296925+03:00");
        let Timestamp::WithOffset(dt) = &t else {
            panic!("{t:?}")
        };
        assert_eq!(dt.offset().local_minus_utc(), 3 * 3600);
        assert_eq!(dt.timestamp_subsec_nanos(), 29_692_500);
        assert_eq!(Timestamp::parse(&t.to_string()), t);

        let t = Timestamp::parse("2015-12-04T18:14:28.377");
        assert_eq!(t.to_string(), "2015-12-04T18:14:28.377");
        assert!(matches!(t, Timestamp::Local(_)));

        assert_eq!(Timestamp::parse("0001-01-01T00:00:00"), Timestamp::NoDate);
        assert_eq!(
            Timestamp::parse("08.04.2016 10:27"),
            Timestamp::Other("08.04.2016 10:27".into())
        );
    }
}
