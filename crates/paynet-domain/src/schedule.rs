//! A subscription's schedule: how often it charges ([`Interval`]), how many times
//! (`interval_count`) and every how many intervals (`period`), and the dates it charges on
//! ([`Schedule::charge_dates`]).
//!
//! Paynet's rule (doc.paynet.com.tr/servisler/abonelik): `interval` is 0 daily, 1 weekly,
//! 2 monthly, 3 yearly; `interval_count` is the total number of charges; `period` (default 0)
//! charges every `period`-th interval: `interval` 2, `interval_count` 12, `period` 2 charges every
//! two months, twelve times, over 24 months. A month later than the 28th keeps its day where the
//! month has it and is the month's last day where it does not (31 January, then 29 February
//! 2024, then 31 March): each date is counted from the first, never from the one before.
//!
//! ```
//! use chrono::NaiveDate;
//! use paynet_domain::{Interval, Schedule};
//!
//! let schedule = Schedule::new(Interval::Monthly, 4, 0)?;
//! let begin = NaiveDate::from_ymd_opt(2024, 1, 31).ok_or("no such day")?;
//! let dates: Vec<String> = schedule.charge_dates(begin).map(|d| d.to_string()).collect();
//! assert_eq!(dates, ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use chrono::{Days, Months, NaiveDate};

use crate::error::Error;
use crate::generated::{CreateSubscriptionBuilder, CreateSubscriptionRequest};
use crate::validate;

/// The most charges a schedule may have (the SDK's bound; Paynet documents none).
pub const MAX_CHARGES: u32 = 1000;
/// The largest `period` (the SDK's bound; Paynet documents none).
pub const MAX_PERIOD: u32 = 100;

/// How often a subscription charges: Paynet's `interval`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Interval {
    /// `0`, Günlük.
    Daily,
    /// `1`, Haftalık.
    Weekly,
    /// `2`, Aylık.
    Monthly,
    /// `3`, Yıllık.
    Yearly,
}

impl Interval {
    /// Each interval in the order of its code, with its name and the name of its unit.
    const ALL: [(Interval, &'static str, &'static str); 4] = [
        (Interval::Daily, "daily", "days"),
        (Interval::Weekly, "weekly", "weeks"),
        (Interval::Monthly, "monthly", "months"),
        (Interval::Yearly, "yearly", "years"),
    ];

    /// Paynet's number for it (`interval`): 0 daily, 1 weekly, 2 monthly, 3 yearly.
    pub fn code(self) -> i64 {
        // The variants are declared in the order of their codes.
        self as i64
    }

    /// The interval Paynet's number stands for.
    pub fn from_code(code: i64) -> Option<Interval> {
        let (interval, _, _) = Self::ALL.get(usize::try_from(code).ok()?)?;
        Some(*interval)
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(Interval::ALL[*self as usize].1)
    }
}

/// A subscription's schedule: `count` charges (`interval_count`), one every `period`-th
/// [`Interval`] (`period` 0 and 1 are the same: every interval).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Schedule {
    interval: Interval,
    count: u32,
    period: u32,
}

impl Schedule {
    /// `count` charges (1 to [`MAX_CHARGES`]), one every `period`-th `interval` (0 to
    /// [`MAX_PERIOD`]; 0 is Paynet's default and means every interval).
    pub fn new(interval: Interval, count: u32, period: u32) -> Result<Schedule, Error> {
        validate::one_to("interval_count", count.into(), MAX_CHARGES.into())?;
        validate::integer("period", period.into(), None, Some(MAX_PERIOD.into()), &[])?;
        Ok(Schedule {
            interval,
            count,
            period,
        })
    }

    /// `count` charges, one a month.
    pub fn monthly(count: u32) -> Result<Schedule, Error> {
        Schedule::new(Interval::Monthly, count, 0)
    }

    /// The schedule a request was built with (its builder checked `interval`,
    /// `interval_count` and `period`).
    pub fn of(request: &CreateSubscriptionRequest) -> Result<Schedule, Error> {
        let interval = Interval::from_code(request.interval()).ok_or_else(|| {
            Error::invalid("interval", format!("{} is not 0 to 3", request.interval()))
        })?;
        let number = |field: &'static str, n: i64| {
            u32::try_from(n).map_err(|_| Error::invalid(field, format!("{n} is out of range")))
        };
        Schedule::new(
            interval,
            number("interval_count", request.interval_count())?,
            number("period", request.period().unwrap_or(0))?,
        )
    }

    getters! {
        /// How often it charges.
        interval -> Interval => copy interval;
        /// How many times (`interval_count`).
        count -> u32 => copy count;
        /// Every how many intervals (`period`, as given: 0 means every interval).
        period -> u32 => copy period;
    }

    /// The intervals between two charges: `period`, at least 1.
    fn step(&self) -> u32 {
        self.period.max(1)
    }

    /// The date of charge `n` (0 for the first) from `begin`, if the calendar has it.
    pub fn charge_date(&self, begin: NaiveDate, n: u32) -> Option<NaiveDate> {
        if n >= self.count {
            return None;
        }
        let units = n.checked_mul(self.step())?;
        match self.interval {
            Interval::Daily => begin.checked_add_days(Days::new(u64::from(units))),
            Interval::Weekly => begin.checked_add_days(Days::new(u64::from(units) * 7)),
            Interval::Monthly => begin.checked_add_months(Months::new(units)),
            Interval::Yearly => begin.checked_add_months(Months::new(units.checked_mul(12)?)),
        }
    }

    /// Every date it charges on from `begin`, in order (`count` of them).
    pub fn charge_dates(&self, begin: NaiveDate) -> ChargeDates {
        ChargeDates {
            schedule: *self,
            begin,
            next: 0,
        }
    }

    /// The date of its last charge from `begin`.
    pub fn last_date(&self, begin: NaiveDate) -> Option<NaiveDate> {
        self.charge_date(begin, self.count - 1)
    }
}

impl fmt::Display for Schedule {
    /// `12 charges, monthly`, `12 charges, every 2 months`...
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let charges = if self.count == 1 { "charge" } else { "charges" };
        write!(f, "{} {charges}, ", self.count)?;
        if self.step() == 1 {
            return write!(f, "{}", self.interval);
        }
        let (_, _, unit) = Interval::ALL[self.interval as usize];
        write!(f, "every {} {unit}", self.step())
    }
}

/// The dates a [`Schedule`] charges on, in order ([`Schedule::charge_dates`]).
#[derive(Clone, Debug)]
pub struct ChargeDates {
    schedule: Schedule,
    begin: NaiveDate,
    next: u32,
}

impl Iterator for ChargeDates {
    type Item = NaiveDate;

    fn next(&mut self) -> Option<NaiveDate> {
        let date = self.schedule.charge_date(self.begin, self.next)?;
        self.next += 1;
        Some(date)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = usize::try_from(self.schedule.count.saturating_sub(self.next)).unwrap_or(0);
        (0, Some(left))
    }
}

impl CreateSubscriptionBuilder {
    /// Sets `interval`, `interval_count` and `period` from a schedule.
    pub fn schedule(self, schedule: Schedule) -> Self {
        self.interval(schedule.interval.code())
            .interval_count(i64::from(schedule.count))
            .period(i64::from(schedule.period))
    }
}

impl CreateSubscriptionRequest {
    /// The dates the subscription charges on, from its `begin_date`.
    pub fn charge_dates(&self) -> Result<ChargeDates, Error> {
        Ok(Schedule::of(self)?.charge_dates(self.begin_date()))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn dates(s: Schedule, begin: NaiveDate) -> Vec<NaiveDate> {
        s.charge_dates(begin).collect()
    }

    #[test]
    fn each_interval() {
        let begin = day(2024, 6, 3);
        let s = |i| Schedule::new(i, 3, 0).unwrap();
        assert_eq!(
            dates(s(Interval::Daily), begin),
            [day(2024, 6, 3), day(2024, 6, 4), day(2024, 6, 5)]
        );
        assert_eq!(
            dates(s(Interval::Weekly), begin),
            [day(2024, 6, 3), day(2024, 6, 10), day(2024, 6, 17)]
        );
        assert_eq!(
            dates(s(Interval::Monthly), begin),
            [day(2024, 6, 3), day(2024, 7, 3), day(2024, 8, 3)]
        );
        assert_eq!(
            dates(s(Interval::Yearly), begin),
            [day(2024, 6, 3), day(2025, 6, 3), day(2026, 6, 3)]
        );
    }

    /// Paynet's own example: monthly, 12 charges, period 2: every two months, over 24 months.
    #[test]
    fn period_skips_intervals() {
        let s = Schedule::new(Interval::Monthly, 12, 2).unwrap();
        let all = dates(s, day(2024, 1, 15));
        assert_eq!(all.len(), 12);
        assert_eq!(all[1], day(2024, 3, 15));
        assert_eq!(s.last_date(day(2024, 1, 15)), Some(day(2025, 11, 15)));
        assert_eq!(s.to_string(), "12 charges, every 2 months");
        // period 0 and 1 are the same.
        assert_eq!(
            dates(
                Schedule::new(Interval::Weekly, 4, 0).unwrap(),
                day(2024, 1, 1)
            ),
            dates(
                Schedule::new(Interval::Weekly, 4, 1).unwrap(),
                day(2024, 1, 1)
            )
        );
        assert_eq!(
            Schedule::monthly(1).unwrap().to_string(),
            "1 charge, monthly"
        );
    }

    #[test]
    fn month_ends_are_counted_from_the_first_date() {
        let s = Schedule::monthly(5).unwrap();
        assert_eq!(
            dates(s, day(2024, 1, 31)),
            [
                day(2024, 1, 31),
                day(2024, 2, 29),
                day(2024, 3, 31),
                day(2024, 4, 30),
                day(2024, 5, 31)
            ]
        );
        let leap = Schedule::new(Interval::Yearly, 2, 0).unwrap();
        assert_eq!(
            dates(leap, day(2024, 2, 29)),
            [day(2024, 2, 29), day(2025, 2, 28)]
        );
    }

    #[test]
    fn bounds_are_checked() {
        assert!(Schedule::new(Interval::Monthly, 0, 0).is_err());
        assert!(Schedule::new(Interval::Monthly, MAX_CHARGES + 1, 0).is_err());
        assert!(Schedule::new(Interval::Monthly, 1, MAX_PERIOD + 1).is_err());
        assert_eq!(Interval::from_code(4), None);
        for i in [
            Interval::Daily,
            Interval::Weekly,
            Interval::Monthly,
            Interval::Yearly,
        ] {
            assert_eq!(Interval::from_code(i.code()), Some(i));
        }
        let s = Schedule::monthly(2).unwrap();
        assert_eq!(s.charge_date(day(2024, 1, 1), 2), None);
    }

    #[test]
    fn a_request_knows_its_dates() {
        let request = CreateSubscriptionRequest::builder()
            .name_surname("Ayşe Yılmaz")
            .amount("100.00".parse().unwrap())
            .schedule(Schedule::new(Interval::Monthly, 3, 1).unwrap())
            .begin_date(day(2024, 6, 3))
            .reference_no("SUB-1")
            .end_user_email("ayse@example.com")
            .end_user_gsm("5321234567")
            .end_user_desc("Plan")
            .build()
            .unwrap();
        assert_eq!((request.interval(), request.interval_count()), (2, 3));
        assert_eq!(
            request.charge_dates().unwrap().collect::<Vec<_>>(),
            [day(2024, 6, 3), day(2024, 7, 3), day(2024, 8, 3)]
        );
    }
}
