//! Reading values from the command line: dates, amounts, decimals and timeouts, each refused with
//! a message that says how to write it (a usage error: nothing is sent); and setting a request
//! builder's optional parts from the flags given ([`Flags`]).

use std::time::Duration;

use paynet::{Amount, Decimal, NaiveDate, TransactionRef};

use crate::failure::Failure;

/// The longest `--timeout` accepted.
const MAX_TIMEOUT: Duration = Duration::from_secs(3600);

/// Reads a DATE: `YYYY-MM-DD` exactly, or `today` (in Turkey).
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, String> {
    if text.eq_ignore_ascii_case("today") {
        return Ok(paynet::turkish_today());
    }
    let bad = || format!("{text:?} is not a date: write YYYY-MM-DD (e.g. 2024-06-03), or today");
    if !shaped(text, "9999-99-99") {
        return Err(bad());
    }
    // Shaped as a date, it can only be refused for not being a day of the calendar.
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        format!("{text:?} is not a day of the calendar (month 01-12, day of that month)")
    })
}

/// Whether `text` has the shape of `pattern`: an ASCII digit where it has `9`, its other
/// characters as they are.
fn shaped(text: &str, pattern: &str) -> bool {
    let fits = |(c, p): (u8, u8)| c == p || (p == b'9' && c.is_ascii_digit());
    text.len() == pattern.len() && text.bytes().zip(pattern.bytes()).all(fits)
}

/// Reads a date and time: `YYYY-MM-DD` (midnight), or `YYYY-MM-DDTHH:MM:SS` (also with a space
/// for the `T`), Turkish time; `today` is today at midnight.
pub(crate) fn parse_date_time(text: &str) -> Result<paynet::chrono::NaiveDateTime, String> {
    let bad = || {
        format!(
            "{text:?} is not a date and time: write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS (e.g. 2024-06-03T10:30:00)"
        )
    };
    let (day, time) = match text.get(..10).zip(text.get(10..)) {
        Some((day, "")) => (day, "00:00:00"),
        Some((day, rest)) if rest.starts_with(['T', ' ']) => (day, rest.get(1..).unwrap_or("")),
        _ if text.eq_ignore_ascii_case("today") => (text, "00:00:00"),
        _ => return Err(bad()),
    };
    let date = parse_date(day).map_err(|_| bad())?;
    if !shaped(time, "99:99:99") {
        return Err(bad());
    }
    let number = |r: std::ops::Range<usize>| time.get(r).and_then(|s| s.parse::<u32>().ok());
    number(0..2)
        .zip(number(3..5))
        .zip(number(6..8))
        .and_then(|((h, m), s)| date.and_hms_opt(h, m, s))
        .ok_or_else(|| format!("{text:?}: the time is not one of the day (00:00:00 to 23:59:59)"))
}

/// Reads an amount in TL, as a person writes it with '.' as the decimal separator (`10.50`):
/// exact, positive, whole kuruş; `10,50` is refused, never read as 1050.
pub(crate) fn parse_amount(text: &str) -> Result<Amount, String> {
    Amount::parse(text).map_err(|e| e.to_string())
}

/// Reads an exact decimal (`0.0150`, `-0.2`): digits with '.' as the separator; a comma, an
/// exponent or anything else is refused.
pub(crate) fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let plain = match unsigned.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(unsigned),
    };
    if !plain {
        return Err(format!(
            "{text:?} is not a decimal number: write digits with '.' as the separator (e.g. 0.0150)"
        ));
    }
    Decimal::from_str_exact(text).map_err(|e| format!("{text:?} is not an exact decimal: {e}"))
}

/// The transaction named by exactly one of `--xact-id`, `--xact` and `--reference-no`.
pub(crate) fn transaction_ref(
    xact_id: Option<String>,
    xact: Option<String>,
    reference_no: Option<String>,
) -> Result<TransactionRef, Failure> {
    match (xact_id, xact, reference_no) {
        (Some(id), None, None) => TransactionRef::xact_id(id),
        (None, Some(id), None) => TransactionRef::xact(id),
        (None, None, Some(r)) => TransactionRef::reference_no(r),
        _ => {
            return Err(Failure::Usage(
                "give exactly one of --xact-id, --xact and --reference-no".to_owned(),
            ));
        }
    }
    .map_err(Failure::Sdk)
}

/// Sets a request builder's optional parts from the flags given:
/// `builder.maybe(args.reference_no, InitSaleBuilder::reference_no)`.
pub(crate) trait Flags: Sized {
    /// Sets `value` with `set`, when the flag was given.
    fn maybe<T>(self, value: Option<T>, set: impl FnOnce(Self, T) -> Self) -> Self {
        match value {
            Some(value) => set(self, value),
            None => self,
        }
    }

    /// Applies `set`, when the (boolean) flag was given.
    fn when(self, given: bool, set: impl FnOnce(Self) -> Self) -> Self {
        if given { set(self) } else { self }
    }
}

impl<B> Flags for B {}

/// Parses `--timeout`: seconds, with up to three decimals, more than zero.
pub(crate) fn parse_timeout(text: &str) -> Result<Duration, String> {
    let bad =
        || format!("{text:?} is not a number of seconds (write e.g. 30, or 2.5; up to 3 decimals)");
    // Without a '.', no fraction: "0"; with one, digits on both sides.
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(fraction) || fraction.len() > 3 {
        return Err(bad());
    }
    let seconds: u64 = whole.parse().map_err(|_| bad())?;
    let millis: u64 = format!("{fraction:0<3}").parse().map_err(|_| bad())?;
    let timeout =
        Duration::from_secs(seconds.min(MAX_TIMEOUT.as_secs() + 1)) + Duration::from_millis(millis);
    if timeout.is_zero() {
        return Err("the timeout must be more than zero".to_owned());
    }
    if timeout > MAX_TIMEOUT {
        return Err(format!(
            "{text} seconds is more than the maximum of {} seconds",
            MAX_TIMEOUT.as_secs()
        ));
    }
    Ok(timeout)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("2024-06-03").unwrap(),
            NaiveDate::from_ymd_opt(2024, 6, 3).unwrap()
        );
        assert_eq!(parse_date("today").unwrap(), paynet::turkish_today());
        assert_eq!(parse_date("TODAY").unwrap(), paynet::turkish_today());
        for bad in [
            "",
            "2024-6-3",
            "2024/06/03",
            "03.06.2024",
            "2024-13-01",
            "2024-02-30",
            "2024-06-031",
            "+2024-06-03",
            "yesterday",
            "２０２４-06-03",
        ] {
            assert!(parse_date(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn dates_and_times() {
        let day = NaiveDate::from_ymd_opt(2024, 6, 3).unwrap();
        assert_eq!(
            parse_date_time("2024-06-03").unwrap(),
            day.and_hms_opt(0, 0, 0).unwrap()
        );
        for text in ["2024-06-03T10:30:05", "2024-06-03 10:30:05"] {
            assert_eq!(
                parse_date_time(text).unwrap(),
                day.and_hms_opt(10, 30, 5).unwrap()
            );
        }
        assert_eq!(
            parse_date_time("today").unwrap().date(),
            paynet::turkish_today()
        );
        for bad in [
            "",
            "03.06.2024 10:30:05",
            "2024-06-03T10:30",
            "2024-06-03T24:00:00",
            "2024-06-03X10:30:05",
            "2024-02-30T10:30:05",
            "2024-06-03T10:30:05Z",
        ] {
            assert!(parse_date_time(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn amounts_and_decimals() {
        assert_eq!(parse_amount("10.50").unwrap().to_kurus_string(), "1050");
        for bad in ["10,50", "-1", "0.001", "abc", ""] {
            assert!(parse_amount(bad).is_err(), "{bad:?}");
        }
        assert_eq!(parse_decimal("-0.20").unwrap().to_string(), "-0.20");
        assert_eq!(parse_decimal("3").unwrap().to_string(), "3");
        for bad in ["0,2", "1e3", ".5", "5.", "", "-", "0.2.1"] {
            assert!(parse_decimal(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn timeouts() {
        assert_eq!(parse_timeout("30").unwrap(), Duration::from_secs(30));
        assert_eq!(parse_timeout("2.5").unwrap(), Duration::from_millis(2500));
        assert_eq!(parse_timeout("0.05").unwrap(), Duration::from_millis(50));
        assert_eq!(parse_timeout("3600").unwrap(), MAX_TIMEOUT);
        for bad in [
            "",
            "0",
            "0.000",
            "-1",
            "1.",
            ".5",
            "1.2345",
            "abc",
            "1e3",
            "3600.001",
            "99999999999999999999",
        ] {
            assert!(parse_timeout(bad).is_err(), "{bad:?}");
        }
    }
}
