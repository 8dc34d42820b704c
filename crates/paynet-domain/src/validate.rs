//! Every check a request makes when it is built; each failure is an [`Error::InvalidRequest`]
//! naming the field, and nothing is sent.
//!
//! - The rules of a spec's schema, checked by the generated request types (`crate::generated`):
//!   required fields, lengths, patterns, enums, bounds, list sizes, and "at least one of" (a
//!   nested field named by its path, `banks[].instalments[].ratio`). A secret's text never
//!   appears in an error: its rules are reported by name only.
//! - The checks the hand-written request types share: identifiers and free text
//!   ([`MAX_TEXT_LEN`]), `https` URLs ([`is_loopback`] hosts may use `http`), the merchant's
//!   domain, phones, e-mails, the instalment bound ([`MAX_INSTALMENT`]).

use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use regex::Regex;
use rust_decimal::Decimal;

use crate::error::Error;

/// What a secret shows in a `Debug`.
pub use crate::redact::REDACTED;

/// The rules of a string field.
#[derive(Debug)]
pub struct TextRules {
    /// `minLength`, in characters.
    pub min_len: Option<u64>,
    /// `maxLength`, in characters.
    pub max_len: Option<u64>,
    /// `pattern`: a regular expression the whole text must match (anchor it with `^...$`).
    pub pattern: Option<&'static str>,
    /// `enum`: the only values allowed (empty: any).
    pub values: &'static [&'static str],
    /// A secret: its text is never shown in an error.
    pub secret: bool,
}

/// The value of a required field, or the error that names it.
pub fn required<T>(field: &'static str, value: Option<T>) -> Result<T, Error> {
    value.ok_or_else(|| Error::invalid(field, "is required"))
}

/// Checks a string: not empty (Paynet reads an empty string as no value), no control character,
/// its length, its pattern, its allowed values.
pub fn text(field: &'static str, value: &str, rules: &TextRules) -> Result<(), Error> {
    if value.is_empty() {
        return Err(Error::invalid(field, "is empty"));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(field, "contains a control character"));
    }
    let len = value.chars().count() as u64;
    length(
        field,
        len,
        rules.min_len,
        rules.max_len,
        "is",
        "characters long",
    )?;
    if !rules.values.is_empty() && !rules.values.contains(&value) {
        let allowed = rules.values.join(", ");
        return Err(Error::invalid(
            field,
            match rules.secret {
                true => format!("is not one of the allowed values ({allowed})"),
                false => format!("{value:?} is not one of {allowed}"),
            },
        ));
    }
    if let Some(pattern) = rules.pattern
        && !matches(pattern, value)
    {
        return Err(Error::invalid(
            field,
            match rules.secret {
                true => format!("does not match the pattern {pattern}"),
                false => format!("{value:?} does not match the pattern {pattern}"),
            },
        ));
    }
    Ok(())
}

/// True when `value` matches `pattern`. Each pattern is compiled once (the xtask checked that
/// every pattern of the specs compiles).
fn matches(pattern: &'static str, value: &str) -> bool {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Regex>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let regex = match cache.get(pattern) {
        Some(r) => r,
        None => match Regex::new(pattern) {
            Ok(r) => cache.entry(pattern).or_insert(r),
            // Not a pattern this crate can check: nothing is refused for it.
            Err(_) => return true,
        },
    };
    regex.is_match(value)
}

/// Checks an integer against its bounds and allowed values.
pub fn integer(
    field: &'static str,
    value: i64,
    min: Option<i64>,
    max: Option<i64>,
    values: &[i64],
) -> Result<(), Error> {
    if !values.is_empty() && !values.contains(&value) {
        let allowed: Vec<String> = values.iter().map(i64::to_string).collect();
        return Err(Error::invalid(
            field,
            format!("{value} is not one of {}", allowed.join(", ")),
        ));
    }
    if let Some(min) = min
        && value < min
    {
        return Err(Error::invalid(field, format!("{value} is less than {min}")));
    }
    if let Some(max) = max
        && value > max
    {
        return Err(Error::invalid(field, format!("{value} is more than {max}")));
    }
    Ok(())
}

/// Checks an exact decimal against its bounds: `(bound, exclusive)`, the bound as the spec
/// writes it.
pub fn decimal(
    field: &'static str,
    value: Decimal,
    min: Option<(&str, bool)>,
    max: Option<(&str, bool)>,
) -> Result<(), Error> {
    let parse = |b: &str| Decimal::from_scientific(b).or_else(|_| Decimal::from_str_exact(b));
    let limits = [
        (min, Ordering::Less, ["at least", "more than"]),
        (max, Ordering::Greater, ["at most", "less than"]),
    ];
    for (limit, past, words) in limits {
        if let Some((bound, exclusive)) = limit
            && let Ok(b) = parse(bound)
            && (value.cmp(&b) == past || (exclusive && value == b))
        {
            let word = words[usize::from(exclusive)];
            return Err(Error::invalid(
                field,
                format!("{value} is not {word} {bound}"),
            ));
        }
    }
    Ok(())
}

/// Checks the size of a list.
pub fn items(
    field: &'static str,
    len: usize,
    min: Option<u64>,
    max: Option<u64>,
) -> Result<(), Error> {
    length(field, len as u64, min, max, "has", "items")
}

/// Checks a length against its bounds; the error says `{verb} {len} {unit}; the least is {min}`.
fn length(
    field: &'static str,
    len: u64,
    min: Option<u64>,
    max: Option<u64>,
    verb: &str,
    unit: &str,
) -> Result<(), Error> {
    if let Some(min) = min
        && len < min
    {
        return Err(Error::invalid(
            field,
            format!("{verb} {len} {unit}; the least is {min}"),
        ));
    }
    if let Some(max) = max
        && len > max
    {
        return Err(Error::invalid(
            field,
            format!("{verb} {len} {unit}; the most is {max}"),
        ));
    }
    Ok(())
}

/// Checks that at least one of the groups is given: `(names, given)` each (`anyOf` of
/// `required` lists in the spec).
pub fn at_least_one(groups: &[(&'static str, bool)]) -> Result<(), Error> {
    if groups.is_empty() || groups.iter().any(|(_, given)| *given) {
        return Ok(());
    }
    let names: Vec<&str> = groups.iter().map(|(n, _)| *n).collect();
    Err(Error::invalid(
        groups[0].0,
        format!("at least one of {} is required", names.join(", ")),
    ))
}

/// Serde for a `Decimal` of a nested request object, as an exact JSON number.
pub mod serde_decimal {
    use paynet_api::wire::JsonDecimal;
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes the decimal as an exact JSON number.
    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        JsonDecimal(*value).serialize(serializer)
    }

    /// Reads a JSON number (or a number in a string) exactly.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        JsonDecimal::deserialize(deserializer).map(JsonDecimal::value)
    }
}

/// Serde for an optional `Decimal` of a nested request object.
pub mod serde_decimal_option {
    use paynet_api::wire::JsonDecimal;
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes the decimal as an exact JSON number (`null` when absent).
    pub fn serialize<S: Serializer>(
        value: &Option<Decimal>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.map(JsonDecimal).serialize(serializer)
    }

    /// Reads a JSON number (or a number in a string) exactly; `null` is absent.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Decimal>, D::Error> {
        Option::<JsonDecimal>::deserialize(deserializer).map(|v| v.map(JsonDecimal::value))
    }
}

// The hand-written request types' shared checks.

/// Longest identifier or free-text field accepted; Paynet documents no limit, this is a sanity
/// bound against sending a mistaken megabyte.
pub const MAX_TEXT_LEN: usize = 256;

/// True for a loopback host (`127.0.0.0/8`, `::1`, `localhost`): the only hosts a URL may name
/// with plain `http` (development against a local server or the simulator).
pub fn is_loopback(host: Option<url::Host<&str>>) -> bool {
    match host {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// An absolute `https` URL (`http` only on a loopback host), or the error that names `field`.
pub(crate) fn https_url(field: &'static str, text: &str) -> Result<url::Url, Error> {
    let url = url::Url::parse(text)
        .map_err(|e| Error::invalid(field, format!("{text:?} is not an absolute URL ({e})")))?;
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback(url.host()) => Ok(url),
        other => Err(Error::invalid(
            field,
            format!("the scheme is {other:?}: use https (http only on a loopback host)"),
        )),
    }
}

pub(crate) fn identifier(field: &'static str, value: String) -> Result<String, Error> {
    if value.is_empty() {
        return Err(Error::invalid(field, "is empty"));
    }
    if value.trim() != value {
        return Err(Error::invalid(field, "has leading or trailing spaces"));
    }
    free_text(field, value)
}

/// An optional identifier: checked as [`identifier`] when given.
pub(crate) fn identifier_opt(
    field: &'static str,
    value: Option<String>,
) -> Result<Option<String>, Error> {
    value.map(|v| identifier(field, v)).transpose()
}

pub(crate) fn free_text(field: &'static str, value: String) -> Result<String, Error> {
    text_within(field, value, MAX_TEXT_LEN)
}

/// Free text of at most `max` characters (and never more than [`MAX_TEXT_LEN`]), with no control
/// character.
pub(crate) fn text_within(field: &'static str, value: String, max: usize) -> Result<String, Error> {
    if value.chars().count() > max.min(MAX_TEXT_LEN) {
        return Err(Error::invalid(
            field,
            format!("is longer than {max} characters"),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(Error::invalid(field, "contains a control character"));
    }
    Ok(value)
}

/// A count from 1 to `max` (a page's rows, a schedule's charges), or the error that names `field`.
pub(crate) fn one_to(field: &'static str, n: u64, max: u64) -> Result<(), Error> {
    match (1..=max).contains(&n) {
        true => Ok(()),
        false => Err(Error::invalid(field, format!("{n} is not 1 to {max}"))),
    }
}

/// The most instalments accepted. Paynet documents 0 (single), 3, 6 and 9, and other counts are
/// seen; a Turkish card instalment plan never exceeds 36.
pub const MAX_INSTALMENT: u8 = 36;

/// An instalment count, when given: at most [`MAX_INSTALMENT`].
pub(crate) fn instalment(count: Option<u8>) -> Result<(), Error> {
    let max = Some(i64::from(MAX_INSTALMENT));
    count.map_or(Ok(()), |c| integer("instalment", c.into(), None, max, &[]))
}

pub(crate) fn phone(value: String) -> Result<String, Error> {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if let Some(bad) = value
        .chars()
        .find(|c| !(c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')')))
    {
        return Err(Error::invalid(
            "card_holder_phone",
            format!("contains {bad:?}; only digits, spaces, '+', '-' and parentheses are allowed"),
        ));
    }
    if !(7..=15).contains(&digits) {
        return Err(Error::invalid(
            "card_holder_phone",
            format!("has {digits} digits; a phone number has 7 to 15"),
        ));
    }
    Ok(value)
}

/// A Turkish mobile number as Paynet's card storage wants it (`user_gsm`, `user_gsm_no`):
/// "5XXXXXXXXX formatında", ten digits starting with 5, no leading 0 or country code.
pub(crate) fn gsm(field: &'static str, value: String) -> Result<String, Error> {
    let ok =
        value.len() == 10 && value.starts_with('5') && value.bytes().all(|b| b.is_ascii_digit());
    ok.then_some(value).ok_or_else(|| {
        Error::invalid(
            field,
            "must be ten digits 5XXXXXXXXX (no leading 0, no country code)",
        )
    })
}

pub(crate) fn mail(value: String) -> Result<String, Error> {
    let ok = value.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && !domain.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !value.contains(char::is_whitespace)
    });
    if ok {
        Ok(value)
    } else {
        Err(Error::invalid(
            "card_holder_mail",
            format!("{value:?} is not an e-mail address (name@domain)"),
        ))
    }
}

pub(crate) fn checked_text(
    field: &'static str,
    value: Option<String>,
    max: usize,
) -> Result<Option<String>, Error> {
    value.map(|v| text_within(field, v, max)).transpose()
}

/// A host name as Paynet's `domain` wants it: `www.acme.com` (no scheme, path or port).
pub(crate) fn check_domain(domain: String) -> Result<String, Error> {
    let d = domain.trim();
    let ok = !d.is_empty()
        && d.len() <= 253
        && d.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        });
    ok.then(|| d.to_ascii_lowercase()).ok_or_else(|| {
        Error::invalid(
            "domain",
            format!("{d:?} is not a host name like www.acme.com (no scheme, port or path)"),
        )
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::error::invalid_field;

    const PLAIN: TextRules = TextRules {
        min_len: Some(2),
        max_len: Some(4),
        pattern: Some("^[A-Z0-9]+$"),
        values: &[],
        secret: false,
    };

    #[test]
    fn text_rules() {
        text("f", "AB12", &PLAIN).unwrap();
        for bad in ["", "A", "ABCDE", "ab", "A\u{7}"] {
            assert_eq!(
                invalid_field(text("f", bad, &PLAIN).unwrap_err()),
                "f",
                "{bad:?}"
            );
        }
        let e = text("f", "ab", &PLAIN).unwrap_err().to_string();
        assert!(e.contains("\"ab\"") && e.contains("^[A-Z0-9]+$"), "{e}");
        // Lengths are in characters, not bytes.
        text(
            "f",
            "ÇĞ",
            &TextRules {
                pattern: None,
                ..PLAIN
            },
        )
        .unwrap();
        let choice = TextRules {
            min_len: None,
            max_len: None,
            pattern: None,
            values: &["cc", "dc"],
            secret: false,
        };
        text("f", "dc", &choice).unwrap();
        assert!(
            text("f", "xx", &choice)
                .unwrap_err()
                .to_string()
                .contains("cc, dc")
        );
    }

    #[test]
    fn a_secret_never_shows_in_an_error() {
        let rules = TextRules {
            secret: true,
            ..PLAIN
        };
        for bad in ["sk", "sk_live_0123", "SK_LIVE"] {
            let e = text("secret_key", bad, &rules).unwrap_err().to_string();
            assert!(!e.contains(bad), "{e}");
        }
    }

    #[test]
    fn numbers_and_lists() {
        integer("n", 2, None, None, &[2, 3]).unwrap();
        assert!(integer("n", 4, None, None, &[2, 3]).is_err());
        assert!(integer("n", 0, Some(1), None, &[]).is_err());
        assert!(integer("n", 37, Some(1), Some(36), &[]).is_err());
        let d = |s: &str| Decimal::from_str_exact(s).unwrap();
        decimal(
            "r",
            d("-0.20"),
            Some(("-0.20", false)),
            Some(("0.20", false)),
        )
        .unwrap();
        assert!(decimal("r", d("-0.2001"), Some(("-0.20", false)), None).is_err());
        assert!(decimal("r", d("0"), Some(("0", true)), None).is_err());
        decimal("r", d("0.0001"), Some(("0", true)), None).unwrap();
        items("l", 1, Some(1), Some(2)).unwrap();
        assert!(items("l", 0, Some(1), None).is_err());
    }

    #[test]
    fn at_least_one_group() {
        at_least_one(&[("a", false), ("b", true)]).unwrap();
        let e = at_least_one(&[("xact_id", false), ("xact", false)]).unwrap_err();
        assert!(
            e.to_string().contains("at least one of xact_id, xact"),
            "{e}"
        );
        assert_eq!(invalid_field(e), "xact_id");
    }
}
