//! Turkish time: the offset Paynet's timestamps without one are read in, and today's date in
//! Turkey (the day Paynet's reports file a transaction made now under).

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone as _};

/// Turkey's UTC offset (permanent UTC+03:00 since 2016), assumed for timestamps Paynet sends
/// without one.
pub const TURKEY_OFFSET_SECONDS: i32 = 3 * 3600;

/// Today's date in Turkey (UTC+03:00): the day Paynet's reports file a transaction made now
/// under.
pub fn turkish_today() -> chrono::NaiveDate {
    (chrono::Utc::now().naive_utc() + chrono::TimeDelta::seconds(i64::from(TURKEY_OFFSET_SECONDS)))
        .date()
}

pub(crate) fn turkish_time(naive: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
    FixedOffset::east_opt(TURKEY_OFFSET_SECONDS)?
        .from_local_datetime(&naive)
        .single()
}
