//! The simulator's clock (timestamps in the .NET form), the calendar arithmetic of its dates
//! (Paynet's `dd.MM.yyyy` forms, adding months), and its id generator.
//!
//! Everything here is integer arithmetic: a point in time is a count of 100 ns ticks since the Unix
//! epoch (UTC), which is exactly the resolution of .NET's 7-digit fraction.

use std::time::{SystemTime, UNIX_EPOCH};

/// 100 ns ticks per second.
const TICKS_PER_SECOND: i64 = 10_000_000;
/// 100 ns ticks per day.
const TICKS_PER_DAY: i64 = 86_400 * TICKS_PER_SECOND;
/// Turkey's fixed offset from UTC (+03:00, no daylight saving time since 2016).
const OFFSET_TICKS: i64 = 3 * 3_600 * TICKS_PER_SECOND;

/// Where a seeded simulator's clock starts: 2024-06-03T10:27:22.0296925+03:00.
fn seeded_start() -> i64 {
    let days = days_from_civil(2024, 6, 3);
    let local = days * TICKS_PER_DAY + (10 * 3_600 + 27 * 60 + 22) * TICKS_PER_SECOND + 296_925;
    local - OFFSET_TICKS
}

/// How far a seeded clock moves each time it is read: 17.0023457 s.
const SEEDED_STEP: i64 = 17 * TICKS_PER_SECOND + 23_457;

/// The simulator's clock: the real time, or (with a seed) a fixed start that moves by a fixed step
/// each time it is read, so that output is reproducible. Either can be moved forward
/// ([`Clock::advance`]).
#[derive(Debug)]
pub(crate) enum Clock {
    /// The system clock, plus an offset in ticks.
    Real(i64),
    /// A deterministic clock; the value is the next instant it will report.
    Fixed(i64),
}

impl Clock {
    /// A real clock, or a deterministic one when the simulator was seeded.
    pub(crate) fn new(seeded: bool) -> Self {
        if seeded {
            Clock::Fixed(seeded_start())
        } else {
            Clock::Real(0)
        }
    }

    /// The current instant in ticks since the Unix epoch (UTC); a seeded clock moves on.
    pub(crate) fn now(&mut self) -> i64 {
        match self {
            Clock::Real(offset) => system_ticks().saturating_add(*offset),
            Clock::Fixed(next) => {
                let now = *next;
                *next = now.saturating_add(SEEDED_STEP);
                now
            }
        }
    }

    /// The instant [`Clock::now`] would report, without moving a seeded clock.
    pub(crate) fn peek(&self) -> i64 {
        match self {
            Clock::Real(offset) => system_ticks().saturating_add(*offset),
            Clock::Fixed(next) => *next,
        }
    }

    /// Moves the clock forward by `ticks`.
    pub(crate) fn advance(&mut self, ticks: i64) {
        match self {
            Clock::Real(offset) => *offset = offset.saturating_add(ticks),
            Clock::Fixed(next) => *next = next.saturating_add(ticks),
        }
    }
}

/// The system time in ticks since the Unix epoch (0 if the clock is before 1970).
fn system_ticks() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_nanos() / 100).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Some entropy for an unseeded simulator's ids.
pub(crate) fn entropy() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    // Fold the 128-bit value; truncation is intended.
    (nanos as u64) ^ ((nanos >> 64) as u64) ^ u64::from(std::process::id()).rotate_left(32)
}

/// One day, in ticks.
pub(crate) const ONE_DAY: i64 = TICKS_PER_DAY;

/// Formats an instant like .NET does with a local offset: `2016-04-08T10:27:22.0296925+03:00`.
pub(crate) fn format_dotnet(ticks_utc: i64) -> String {
    let local = ticks_utc.saturating_add(OFFSET_TICKS);
    let days = local.div_euclid(TICKS_PER_DAY);
    let in_day = local.rem_euclid(TICKS_PER_DAY);
    let secs = in_day / TICKS_PER_SECOND;
    let frac = in_day % TICKS_PER_SECOND;
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{frac:07}+03:00",
        secs / 3_600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// 100 ns ticks per second, for callers.
pub(crate) const ONE_SECOND: i64 = TICKS_PER_SECOND;

/// The local (Turkish) day of an instant, as days since 1970-01-01.
pub(crate) fn local_day(ticks_utc: i64) -> i64 {
    ticks_utc
        .saturating_add(OFFSET_TICKS)
        .div_euclid(TICKS_PER_DAY)
}

/// The UTC instant of a local (Turkish) day and time of day.
pub(crate) fn local_instant(day: i64, hour: i64, minute: i64, second: i64) -> i64 {
    day * TICKS_PER_DAY + (hour * 3_600 + minute * 60 + second) * TICKS_PER_SECOND - OFFSET_TICKS
}

/// A local day as `dd.mm.yyyy` (Paynet's list dates).
pub(crate) fn format_dmy(ticks_utc: i64) -> String {
    let (year, month, day) = civil_from_days(local_day(ticks_utc));
    format!("{day:02}.{month:02}.{year:04}")
}

/// A local day as `yyyy-mm-dd`.
pub(crate) fn format_ymd_day(day: i64) -> String {
    let (year, month, day) = civil_from_days(day);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The local time of day as `HH:mm:ss`.
pub(crate) fn format_hms(ticks_utc: i64) -> String {
    let local = ticks_utc.saturating_add(OFFSET_TICKS);
    let secs = local.rem_euclid(TICKS_PER_DAY) / TICKS_PER_SECOND;
    format!(
        "{:02}:{:02}:{:02}",
        secs / 3_600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// A local day at midnight, as .NET writes a date without an offset: `2024-06-04T00:00:00`.
pub(crate) fn format_dotnet_day(day: i64) -> String {
    format!("{}T00:00:00", format_ymd_day(day))
}

/// The local year and month of an instant.
pub(crate) fn local_year_month(ticks_utc: i64) -> (i64, i64) {
    let (year, month, _) = civil_from_days(local_day(ticks_utc));
    (year, month)
}

/// Reads a `YYYY-MM-DD` date (a real calendar day) as days since 1970-01-01.
pub(crate) fn parse_ymd(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(r)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&month) || day < 1 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    // Refuse 2024-02-30 and the like: the day must come back unchanged.
    (civil_from_days(days) == (year, month, day)).then_some(days)
}

/// A local day as `dd.MM.yyyy` (the subscription pages' dates).
pub(crate) fn format_dmy_day(day: i64) -> String {
    let (year, month, d) = civil_from_days(day);
    format!("{d:02}.{month:02}.{year:04}")
}

/// A local time as `dd.MM.yyyy HH:mm:ss` (the subscription pages' date-times).
pub(crate) fn format_dmy_hms(ticks_utc: i64) -> String {
    format!("{} {}", format_dmy(ticks_utc), format_hms(ticks_utc))
}

/// Reads a day as the subscription pages write it, `dd.MM.yyyy`, or as `YYYY-MM-DD`: days since
/// 1970-01-01 (a real calendar day only).
pub(crate) fn parse_day(text: &str) -> Option<i64> {
    let t = text.trim();
    let b = t.as_bytes();
    if b.len() == 10 && b.get(2) == Some(&b'.') && b.get(5) == Some(&b'.') {
        let ymd = format!("{}-{}-{}", t.get(6..10)?, t.get(3..5)?, t.get(0..2)?);
        return parse_ymd(&ymd);
    }
    parse_ymd(t)
}

/// Reads a local date-time as the subscription pages write it, `dd.MM.yyyy HH:mm:ss` (or a day
/// alone, its midnight; `YYYY-MM-DD` with ` ` or `T` before the time too): the UTC instant.
pub(crate) fn parse_day_time(text: &str) -> Option<i64> {
    let t = text.trim();
    let (day, time) = match (t.get(..10), t.get(10..)) {
        (Some(day), Some("")) => (day, "00:00:00"),
        (Some(day), Some(rest)) if rest.starts_with([' ', 'T']) => (day, rest.get(1..)?),
        _ => return None,
    };
    let day = parse_day(day)?;
    let b = time.as_bytes();
    if b.len() != 8 || b.get(2) != Some(&b':') || b.get(5) != Some(&b':') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = time.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (h, m, s) = (num(0..2)?, num(3..5)?, num(6..8)?);
    if h > 23 || m > 59 || s > 59 {
        return None;
    }
    Some(local_instant(day, h, m, s))
}

/// The day `months` months after `day`, on the same day of the month, or the month's last day
/// where it has no such day (31 January + 1 month is 29 February 2024).
pub(crate) fn add_months(day: i64, months: i64) -> i64 {
    let (year, month, d) = civil_from_days(day);
    let index = year * 12 + (month - 1) + months;
    let (year, month) = (index.div_euclid(12), index.rem_euclid(12) + 1);
    let last = (28..=31)
        .rev()
        .find(|&n| civil_from_days(days_from_civil(year, month, n)) == (year, month, n))
        .unwrap_or(28);
    days_from_civil(year, month, d.min(last))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a count of days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A small deterministic generator (SplitMix64) for ids and keys. Not cryptographic: nothing the
/// simulator hands out protects anything.
#[derive(Debug)]
pub(crate) struct Rng(u64);

/// Letters and digits.
pub(crate) const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/// The alphabet of Paynet's encrypted transaction ids, which contain `*` and `/`.
pub(crate) const XACT_ID_CHARS: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789*/";
/// Standard base64.
pub(crate) const BASE64: &[u8] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/// Lower-case hexadecimal digits.
const HEX: &[u8] = b"0123456789abcdef";

impl Rng {
    /// A generator starting from `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `bound` (`bound` > 0).
    pub(crate) fn below(&mut self, bound: u64) -> u64 {
        self.next_u64() % bound.max(1)
    }

    /// `len` characters drawn from `alphabet`.
    pub(crate) fn string(&mut self, alphabet: &[u8], len: usize) -> String {
        let n = u64::try_from(alphabet.len()).unwrap_or(1);
        (0..len)
            .map(|_| {
                let i = usize::try_from(self.below(n)).unwrap_or(0);
                char::from(alphabet.get(i).copied().unwrap_or(b'A'))
            })
            .collect()
    }

    /// A UUID-shaped lower-case hexadecimal string (version 4 layout).
    pub(crate) fn uuid(&mut self) -> String {
        let a = self.string(HEX, 8);
        let b = self.string(HEX, 4);
        let c = self.string(HEX, 3);
        let d = self.string(HEX, 3);
        let e = self.string(HEX, 12);
        format!("{a}-{b}-4{c}-8{d}-{e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_dotnet() {
        assert_eq!(
            format_dotnet(seeded_start()),
            "2024-06-03T10:27:22.0296925+03:00"
        );
        assert_eq!(format_dotnet(0), "1970-01-01T03:00:00.0000000+03:00");
        // 2016-04-08T07:27:22.0296925Z
        let t = days_from_civil(2016, 4, 8) * TICKS_PER_DAY
            + (7 * 3_600 + 27 * 60 + 22) * TICKS_PER_SECOND
            + 296_925;
        assert_eq!(format_dotnet(t), "2016-04-08T10:27:22.0296925+03:00");
        // Crossing midnight in local time.
        let t = days_from_civil(2023, 12, 31) * TICKS_PER_DAY + 22 * 3_600 * TICKS_PER_SECOND;
        assert_eq!(format_dotnet(t), "2024-01-01T01:00:00.0000000+03:00");
    }

    #[test]
    fn seeded_clock_is_deterministic() {
        let mut a = Clock::new(true);
        let mut b = Clock::new(true);
        assert_eq!(a.now(), b.now());
        assert_eq!(format_dotnet(a.now()), "2024-06-03T10:27:39.0320382+03:00");
    }

    #[test]
    fn paynet_day_forms_and_months() {
        let day = parse_day("03.06.2024").unwrap_or_default();
        assert_eq!(format_ymd_day(day), "2024-06-03");
        assert_eq!(parse_day("2024-06-03"), Some(day));
        assert_eq!(format_dmy_day(day), "03.06.2024");
        for bad in ["31.02.2024", "3.6.2024", "03-06-2024", "", "03.06.24"] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
        let t = parse_day_time("03.10.2017 10:32:24").unwrap_or_default();
        assert_eq!(format_dmy_hms(t), "03.10.2017 10:32:24");
        assert_eq!(format_dotnet(t), "2017-10-03T10:32:24.0000000+03:00");
        assert_eq!(
            parse_day_time("03.10.2017"),
            Some(local_instant(
                parse_day("03.10.2017").unwrap_or_default(),
                0,
                0,
                0
            ))
        );
        assert_eq!(parse_day_time("2017-10-03T10:32:24"), Some(t));
        for bad in [
            "03.10.2017 24:00:00",
            "03.10.2017 10:32",
            "03.10.2017X10:32:24",
        ] {
            assert_eq!(parse_day_time(bad), None, "{bad}");
        }
        let jan31 = parse_day("31.01.2024").unwrap_or_default();
        let months: Vec<String> = (0..4)
            .map(|m| format_dmy_day(add_months(jan31, m)))
            .collect();
        assert_eq!(
            months,
            ["31.01.2024", "29.02.2024", "31.03.2024", "30.04.2024"]
        );
        assert_eq!(format_dmy_day(add_months(jan31, 13)), "28.02.2025");
        assert_eq!(format_dmy_day(add_months(jan31, -2)), "30.11.2023");
    }

    #[test]
    fn rng_is_deterministic() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.string(ALNUM, 20), b.string(ALNUM, 20));
        assert_eq!(a.uuid().len(), 36);
    }
}
