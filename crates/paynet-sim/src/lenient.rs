//! Lenient reading of request bodies, as Paynet's .NET service reads them: Paynet's own PHP sample
//! client (behind its PrestaShop and WooCommerce modules) sends booleans as strings (`"false"`),
//! numbers as strings (`"3"`), numbers where others send strings, and empty strings for unset
//! fields.
//!
//! Every field of every request struct is read through one of these functions
//! (`#[serde(deserialize_with = "lenient::..")]`, with `#[serde(default)]` on the struct), which
//! all take the field's JSON value *as sent* (serde_json's [`RawValue`]: a number keeps its exact
//! text, never going through a float):
//!
//! - [`text`]: a string, or a number or boolean as its text (`20005` is `"20005"`);
//! - [`flag`]: `true`/`false`, `"true"`/`"false"` (any case, spaces trimmed), `1`/`0`, `"1"`/`"0"`;
//! - [`int`]: `3` or `"3"` (spaces trimmed), no fraction;
//! - [`number`]: an amount or a ratio, a JSON number or a string, kept as its text with whether it
//!   was quoted: each route then checks the *format* it documents (kuruş digits, comma TL, TL
//!   with a dot), as strictly as before.
//!
//! For all of them `null` and `""` are the same as an absent field. An object or an array where
//! a scalar is expected, or a value that is not what the field holds (`"yes"` for a boolean,
//! `"3.5"` for an integer), is the route's 400; the error message never repeats the value (a body
//! may carry a key).

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, de::Error};
use serde_json::value::RawValue;

/// One JSON value of a request, as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scalar {
    Null,
    Bool(bool),
    /// A JSON number, its text exactly as sent (`149.90`, `1e3`).
    Number(String),
    /// A JSON string, unescaped.
    Text(String),
    /// An object or an array.
    Composite,
}

impl Scalar {
    /// The value of one JSON text (already known to be valid JSON).
    pub(crate) fn of(raw: &str) -> Result<Scalar, serde_json::Error> {
        let raw = raw.trim();
        Ok(match raw.as_bytes().first() {
            None | Some(b'n') => Scalar::Null,
            Some(b't') => Scalar::Bool(true),
            Some(b'f') => Scalar::Bool(false),
            Some(b'"') => Scalar::Text(serde_json::from_str(raw)?),
            Some(b'{' | b'[') => Scalar::Composite,
            Some(_) => Scalar::Number(raw.to_owned()),
        })
    }

    /// The text of a string, number or boolean; `None` for null and `""`.
    pub(crate) fn into_text(self) -> Result<Option<String>, &'static str> {
        match self {
            Scalar::Null => Ok(None),
            Scalar::Text(s) if s.is_empty() => Ok(None),
            Scalar::Text(s) | Scalar::Number(s) => Ok(Some(s)),
            Scalar::Bool(b) => Ok(Some(b.to_string())),
            Scalar::Composite => Err("bir metin olmalıdır"),
        }
    }
}

/// The field's value as sent.
fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
    let raw = <Box<RawValue>>::deserialize(d)?;
    Scalar::of(raw.get()).map_err(D::Error::custom)
}

/// A string field: a string, or a number or boolean as its text. `null` and `""` are absent.
pub(crate) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    scalar(d)?.into_text().map_err(D::Error::custom)
}

/// The boolean a text or number stands for: `true`/`false` (any case, trimmed), `1`/`0`.
fn flag_of(text: &str) -> Result<Option<bool>, &'static str> {
    let t = text.trim();
    if t.is_empty() {
        Ok(None)
    } else if t.eq_ignore_ascii_case("true") || t == "1" {
        Ok(Some(true))
    } else if t.eq_ignore_ascii_case("false") || t == "0" {
        Ok(Some(false))
    } else {
        Err("true veya false olmalıdır")
    }
}

/// A boolean field: `true`/`false`, `"true"`/`"false"` (any case, spaces trimmed), `1`/`0`,
/// `"1"`/`"0"`. `null` and `""` are absent.
pub(crate) fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match scalar(d)? {
        Scalar::Null => Ok(None),
        Scalar::Bool(b) => Ok(Some(b)),
        Scalar::Text(s) | Scalar::Number(s) => flag_of(&s).map_err(D::Error::custom),
        Scalar::Composite => Err(D::Error::custom("true veya false olmalıdır")),
    }
}

/// The integer a text or number stands for: an optional `-` and digits (spaces trimmed).
fn int_of<T: FromStr>(text: &str) -> Result<Option<T>, &'static str> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let digits = t.strip_prefix('-').unwrap_or(t);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err("bir tam sayı olmalıdır");
    }
    t.parse().map(Some).map_err(|_| "bir tam sayı olmalıdır")
}

/// An integer field: `3` or `"3"` (spaces trimmed). `null` and `""` are absent.
pub(crate) fn int<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
{
    match scalar(d)? {
        Scalar::Null => Ok(None),
        Scalar::Text(s) | Scalar::Number(s) => int_of(&s).map_err(D::Error::custom),
        Scalar::Bool(_) | Scalar::Composite => Err(D::Error::custom("bir tam sayı olmalıdır")),
    }
}

/// A number as sent (an amount or a ratio): its text, and whether it came as a JSON string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Number {
    /// The text: a JSON number's exactly as written, a string's unescaped.
    pub(crate) text: String,
    /// Sent as a JSON string (`"1000"`) rather than a JSON number (`1000`).
    pub(crate) quoted: bool,
}

impl Number {
    /// Kuruş digits (`"1000"` or `1000` for 10.00 TL): nothing but digits, at most 15.
    pub(crate) fn kurus(&self) -> Option<u64> {
        let t = self.text.as_str();
        if t.is_empty() || t.len() > 15 || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    }

    /// A decimal written with a dot (`149.90`, `"149.90"`, `-0.05`, `100`; a JSON number may also
    /// use an exponent), read exactly and normalised (`149.9`). No comma, no spaces, no sign but
    /// a leading `-`.
    pub(crate) fn decimal(&self) -> Option<Decimal> {
        let t = self.text.as_str();
        let mantissa_end = t.find(['e', 'E']).unwrap_or(t.len());
        let (mantissa, exponent) = t.split_at(mantissa_end);
        let unsigned = mantissa.strip_prefix('-').unwrap_or(mantissa);
        let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty()
            || !digits(whole)
            || !digits(fraction)
            || (unsigned.contains('.') && fraction.is_empty())
            || (self.quoted && !exponent.is_empty())
        {
            return None;
        }
        let parsed = if exponent.is_empty() {
            Decimal::from_str_exact(t)
        } else {
            Decimal::from_scientific(t)
        };
        parsed.ok().map(|d| d.normalize())
    }
}

/// An amount or ratio field: a JSON number or string, kept as its text ([`Number`]); the route
/// checks the format. `null` and `""` are absent.
pub(crate) fn number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Number>, D::Error> {
    match scalar(d)? {
        Scalar::Null => Ok(None),
        Scalar::Text(s) if s.is_empty() => Ok(None),
        Scalar::Text(text) => Ok(Some(Number { text, quoted: true })),
        Scalar::Number(text) => Ok(Some(Number {
            text,
            quoted: false,
        })),
        Scalar::Bool(_) | Scalar::Composite => Err(D::Error::custom("bir sayı olmalıdır")),
    }
}

/// The `amount` of `{"amount": <json>}`, read as [`number`] reads it (for the tests of the
/// routes' amount rules).
#[cfg(test)]
pub(crate) fn amount_of(json: &str) -> Option<Number> {
    #[derive(Default, Deserialize)]
    #[serde(default)]
    struct Body {
        #[serde(deserialize_with = "number")]
        amount: Option<Number>,
    }
    serde_json::from_str::<Body>(&format!(r#"{{"amount":{json}}}"#))
        .ok()
        .and_then(|b| b.amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    struct Body {
        #[serde(deserialize_with = "text")]
        s: Option<String>,
        #[serde(deserialize_with = "flag")]
        b: Option<bool>,
        #[serde(deserialize_with = "int")]
        i: Option<u32>,
        #[serde(deserialize_with = "int")]
        n: Option<i64>,
        #[serde(deserialize_with = "number")]
        a: Option<Number>,
    }

    fn read(json: &str) -> Result<Body, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn booleans() {
        for (json, want) in [
            (r#"{"b":true}"#, Some(true)),
            (r#"{"b":"false"}"#, Some(false)),
            (r#"{"b":" TRUE "}"#, Some(true)),
            (r#"{"b":"False"}"#, Some(false)),
            (r#"{"b":1}"#, Some(true)),
            (r#"{"b":"0"}"#, Some(false)),
            (r#"{"b":""}"#, None),
            (r#"{"b":null}"#, None),
            ("{}", None),
        ] {
            assert_eq!(read(json).map(|b| b.b).ok(), Some(want), "{json}");
        }
        for json in [r#"{"b":"yes"}"#, r#"{"b":2}"#, r#"{"b":{}}"#, r#"{"b":[]}"#] {
            assert!(read(json).is_err(), "{json}");
        }
    }

    #[test]
    fn integers_and_text() {
        let b = read(r#"{"i":"3","n":-2,"s":20005}"#).unwrap_or_default();
        assert_eq!(
            (b.i, b.n, b.s.as_deref()),
            (Some(3), Some(-2), Some("20005"))
        );
        let b = read(r#"{"i":" 12 ","n":"","s":""}"#).unwrap_or_default();
        assert_eq!((b.i, b.n, b.s), (Some(12), None, None));
        let b = read(r#"{"s":12.50,"i":null}"#).unwrap_or_default();
        assert_eq!((b.s.as_deref(), b.i), (Some("12.50"), None));
        for json in [
            r#"{"i":"3.5"}"#,
            r#"{"i":3.0}"#,
            r#"{"i":-1}"#,
            r#"{"i":true}"#,
            r#"{"i":"x"}"#,
            r#"{"s":{}}"#,
            r#"{"n":"-"}"#,
        ] {
            assert!(read(json).is_err(), "{json}");
        }
        // The message never repeats the value.
        let e = read(r#"{"b":"sck_secret"}"#).err().map(|e| e.to_string());
        assert!(e.is_some_and(|e| !e.contains("sck_secret")));
    }

    #[test]
    fn numbers_keep_their_text() {
        let a = |json: &str| read(json).ok().and_then(|b| b.a);
        assert_eq!(
            a(r#"{"a":149.90}"#),
            Some(Number {
                text: "149.90".to_owned(),
                quoted: false
            })
        );
        assert_eq!(a(r#"{"a":"1000"}"#).and_then(|n| n.kurus()), Some(1000));
        assert_eq!(a(r#"{"a":1000}"#).and_then(|n| n.kurus()), Some(1000));
        assert_eq!(a(r#"{"a":"10.00"}"#).and_then(|n| n.kurus()), None);
        assert_eq!(a(r#"{"a":""}"#), None);
        let d = |json: &str| a(json).and_then(|n| n.decimal());
        assert_eq!(d(r#"{"a":"149.90"}"#), Some(Decimal::new(1499, 1)));
        assert_eq!(d(r#"{"a":0.30}"#), Some(Decimal::new(3, 1)));
        assert_eq!(d(r#"{"a":1.5e2}"#), Some(Decimal::new(150, 0)));
        assert_eq!(d(r#"{"a":"-0.05"}"#), Some(Decimal::new(-5, 2)));
        for bad in [
            r#"{"a":"10,50"}"#,
            r#"{"a":"1.5e2"}"#,
            r#"{"a":" 10"}"#,
            r#"{"a":"10."}"#,
            r#"{"a":".5"}"#,
            r#"{"a":"+5"}"#,
            r#"{"a":"1_000"}"#,
        ] {
            assert_eq!(d(bad), None, "{bad}");
        }
        assert!(read(r#"{"a":true}"#).is_err());
    }
}
