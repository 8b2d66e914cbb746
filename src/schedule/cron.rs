//! EventBridge's cron expressions, `cron(minutes hours day-of-month month day-of-week year)`,
//! as the EventBridge docs ("Schedule expressions for rules": cron expressions) define them:
//!
//! | field | values | wildcards |
//! |---|---|---|
//! | minutes | 0–59 | `, - * /` |
//! | hours | 0–23 | `, - * /` |
//! | day-of-month | 1–31 | `, - * ? / L W` |
//! | month | 1–12 or JAN–DEC | `, - * /` |
//! | day-of-week | 1–7 or SUN–SAT (1 is Sunday) | `, - * ? L #` (no `/`) |
//! | year | 1970–2199 | `, - * /` |
//!
//! One of day-of-month and day-of-week must be `?` (both cannot be given, nor both left
//! open). `L` is the month's last day (day-of-month) or Saturday, the week's last day
//! (day-of-week); `5L` the month's last Thursday; `3W` the weekday nearest the 3rd (never
//! crossing into another month), `LW` the month's last weekday, `L-3` three days before the
//! month's last day (Quartz's reading; AWS's docs do not show it); `2#1` the month's first
//! Monday, alone in its field. A range may wrap (`FRI-MON`), `a/s` starts at `a` and steps by `s` to the field's
//! end. No maintained crate parses exactly this syntax (the cron crates read the Unix or
//! Quartz field orders, with seconds and without the year rules), hence this parser.
//!
//! [`Cron::next_after`] is a pure function on wall-clock times: the caller says which zone
//! they are in (UTC for EventBridge rules, the `timezone` of a Scheduler schedule).

use jiff::civil::{Date, DateTime, Time, Weekday};

/// A parsed cron expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cron {
    minutes: Field,
    hours: Field,
    days: Days,
    months: Field,
    years: Field,
}

/// The allowed values of a numeric field.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Field {
    min: u32,
    allowed: Vec<bool>,
}

/// Which days of a month match: by day-of-month or by day-of-week (the other is `?`).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Days {
    OfMonth {
        /// Index 1–31.
        days: Vec<bool>,
        last: bool,
        last_weekday: bool,
        /// `nW`: the weekday nearest each of these days.
        nearest_weekday: Vec<u32>,
        /// `L-n`: n days before the month's last day.
        before_last: Vec<u32>,
    },
    OfWeek {
        /// Index 1–7, 1 Sunday.
        days: Vec<bool>,
        /// `nL`: the month's last such day.
        last: Vec<u32>,
        /// `d#n`: the month's n-th such day.
        nth: Vec<(u32, u32)>,
    },
}

const MONTHS: [&str; 12] = [
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const WEEKDAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

impl Cron {
    /// Parses the six fields (the text inside `cron(...)`); the error says what is wrong.
    pub fn parse(text: &str) -> Result<Cron, String> {
        let fields: Vec<&str> = text.split_whitespace().collect();
        let [minutes, hours, dom, month, dow, year] = fields[..] else {
            return Err(format!(
                "a cron expression has six fields (minutes hours day-of-month month \
                 day-of-week year), found {}",
                fields.len()
            ));
        };
        let days = match (dom, dow) {
            ("?", "?") => {
                return Err("only one of day-of-month and day-of-week may be `?`".into());
            }
            ("?", dow) => day_of_week(dow)?,
            (dom, "?") => day_of_month(dom)?,
            _ => {
                return Err(
                    "day-of-month and day-of-week cannot both be set: one of them must be `?`"
                        .into(),
                );
            }
        };
        Ok(Cron {
            minutes: field(minutes, "minutes", 0, 59, &[])?,
            hours: field(hours, "hours", 0, 23, &[])?,
            days,
            months: field(month, "month", 1, 12, &MONTHS)?,
            years: field(year, "year", 1970, 2199, &[])?,
        })
    }

    /// The first matching minute strictly after `after` (seconds dropped), or `None` when
    /// there is none before the end of 2199.
    pub fn next_after(&self, after: DateTime) -> Option<DateTime> {
        let start = after
            .with()
            .second(0)
            .subsec_nanosecond(0)
            .build()
            .ok()?
            .checked_add(jiff::Span::new().minutes(1))
            .ok()?;
        let mut date = start.date();
        let mut from = Some(start.time());
        loop {
            let year = u32::try_from(date.year()).ok()?;
            if year > 2199 {
                return None;
            }
            if !self.years.has(year) {
                date = Date::new(date.year().checked_add(1)?, 1, 1).ok()?;
                from = None;
                continue;
            }
            let month = u32::try_from(date.month()).ok()?;
            if !self.months.has(month) {
                date = date
                    .first_of_month()
                    .checked_add(jiff::Span::new().months(1))
                    .ok()?;
                from = None;
                continue;
            }
            if self.days.has(date)
                && let Some(time) = self.first_time(from)
            {
                return Some(date.to_datetime(time));
            }
            date = date.tomorrow().ok()?;
            from = None;
        }
    }

    /// The first matching time of day at or after `from` (midnight when `None`).
    fn first_time(&self, from: Option<Time>) -> Option<Time> {
        let (h0, m0) = from.map_or((0, 0), |t| (t.hour() as u32, t.minute() as u32));
        for h in h0..24 {
            if !self.hours.has(h) {
                continue;
            }
            let first_minute = if h == h0 { m0 } else { 0 };
            if let Some(m) = (first_minute..60).find(|m| self.minutes.has(*m)) {
                return Time::new(h as i8, m as i8, 0, 0).ok();
            }
        }
        None
    }
}

impl Field {
    fn has(&self, v: u32) -> bool {
        v.checked_sub(self.min)
            .and_then(|i| self.allowed.get(i as usize))
            .copied()
            .unwrap_or(false)
    }
}

impl Days {
    fn has(&self, date: Date) -> bool {
        let day = date.day() as u32;
        let last_day = date.days_in_month() as u32;
        match self {
            Days::OfMonth {
                days,
                last,
                last_weekday,
                nearest_weekday,
                before_last,
            } => {
                days.get(day as usize).copied().unwrap_or(false)
                    || (*last && day == last_day)
                    || before_last.iter().any(|n| day + n == last_day)
                    || (*last_weekday && Some(day) == nearest_weekday_to(date, last_day))
                    || nearest_weekday
                        .iter()
                        .any(|n| Some(day) == nearest_weekday_to(date, *n))
            }
            Days::OfWeek { days, last, nth } => {
                let dow = date.weekday().to_sunday_one_offset() as u32;
                days.get(dow as usize).copied().unwrap_or(false)
                    || last.iter().any(|d| *d == dow && day + 7 > last_day)
                    || nth
                        .iter()
                        .any(|(d, n)| *d == dow && (day - 1) / 7 + 1 == *n)
            }
        }
    }
}

/// The weekday (Monday–Friday) nearest day `n` of `date`'s month, within the month; `None`
/// when the month has no day `n`.
fn nearest_weekday_to(date: Date, n: u32) -> Option<u32> {
    let last_day = date.days_in_month() as u32;
    if n == 0 || n > last_day {
        return None;
    }
    let target = date.with().day(n as i8).build().ok()?;
    Some(match target.weekday() {
        Weekday::Saturday if n == 1 => 3,
        Weekday::Saturday => n - 1,
        Weekday::Sunday if n == last_day => n - 2,
        Weekday::Sunday => n + 1,
        _ => n,
    })
}

/// A number or a name (`JAN`, `MON`, case-insensitive) of a field.
fn value(text: &str, what: &str, min: u32, max: u32, names: &[&str]) -> Result<u32, String> {
    let out_of_range = || {
        let hint = match (names.first(), names.last()) {
            (Some(a), Some(b)) => format!(" or {a}-{b}"),
            _ => String::new(),
        };
        format!("the {what} field: `{text}` is not in {min}-{max}{hint}")
    };
    match text {
        "?" => return Err("`?` is only for day-of-month or day-of-week, and stands alone".into()),
        "" => return Err(format!("the {what} field: an empty value in the list")),
        _ => {}
    }
    let v = match digits(text) {
        Some(v) => v,
        None if text.parse::<u32>().is_ok() => return Err(out_of_range()),
        None => names
            .iter()
            .position(|n| n.eq_ignore_ascii_case(text))
            .map(|i| i as u32 + min)
            .ok_or_else(out_of_range)?,
    };
    if (min..=max).contains(&v) {
        Ok(v)
    } else {
        Err(out_of_range())
    }
}

/// A whole number written in ASCII digits only (Rust's `parse` also reads a leading `+`,
/// which EventBridge does not).
fn digits(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A field of numbers: `*`, `a`, `a-b` (wrapping when `a > b`), each with an optional `/step`,
/// in a comma-separated list.
fn field(text: &str, what: &str, min: u32, max: u32, names: &[&str]) -> Result<Field, String> {
    let mut allowed = vec![false; (max - min + 1) as usize];
    for item in text.split(',') {
        for v in item_values(item, what, min, max, names)? {
            allowed[(v - min) as usize] = true;
        }
    }
    Ok(Field { min, allowed })
}

fn item_values(
    item: &str,
    what: &str,
    min: u32,
    max: u32,
    names: &[&str],
) -> Result<Vec<u32>, String> {
    let (range, step) = match item.split_once('/') {
        Some((r, s)) => {
            let step = digits(s).filter(|s| *s > 0).ok_or_else(|| {
                format!("the {what} field: the increment `{s}` is not a positive whole number")
            })?;
            (r, step)
        }
        None => (item, 1),
    };
    let (from, to) = match range {
        "*" => (min, max),
        r => match r.split_once('-') {
            Some((a, b)) => (
                value(a, what, min, max, names)?,
                value(b, what, min, max, names)?,
            ),
            // `a/s` runs to the field's end; `a` alone is itself
            None => {
                let a = value(r, what, min, max, names)?;
                (a, if item.contains('/') { max } else { a })
            }
        },
    };
    let span = max - min + 1;
    // a wrapping range runs from `from` to the field's end, then from its start to `to`
    let count = if to >= from {
        to - from + 1
    } else {
        (max - from + 1) + (to - min + 1)
    };
    Ok((0..count)
        .step_by(step as usize)
        .map(|i| min + (from - min + i) % span)
        .collect())
}

fn day_of_month(text: &str) -> Result<Days, String> {
    let mut days = vec![false; 32];
    let (mut last, mut last_weekday) = (false, false);
    let mut nearest_weekday = Vec::new();
    let mut before_last = Vec::new();
    for item in text.split(',') {
        let upper = item.to_ascii_uppercase();
        if upper == "L" {
            last = true;
        } else if upper == "LW" {
            last_weekday = true;
        } else if let Some(n) = upper.strip_prefix("L-") {
            // as Quartz reads it, which EventBridge's L follows: the last day minus n
            before_last.push(value(n, "day-of-month", 0, 30, &[])?);
        } else if let Some(n) = upper.strip_suffix('W') {
            nearest_weekday.push(value(n, "day-of-month", 1, 31, &[])?);
        } else {
            for v in item_values(item, "day-of-month", 1, 31, &[])? {
                days[v as usize] = true;
            }
        }
    }
    Ok(Days::OfMonth {
        days,
        last,
        last_weekday,
        nearest_weekday,
        before_last,
    })
}

fn day_of_week(text: &str) -> Result<Days, String> {
    let what = "day-of-week";
    let mut days = vec![false; 8];
    let mut last = Vec::new();
    let mut nth = Vec::new();
    if text.contains('#') && text.contains(',') {
        return Err("the day-of-week field: a `#` value stands alone".into());
    }
    for item in text.split(',') {
        let upper = item.to_ascii_uppercase();
        if upper == "L" {
            days[7] = true;
        } else if let Some((d, n)) = upper.split_once('#') {
            let n = digits(n)
                .filter(|n| (1..=5).contains(n))
                .ok_or_else(|| format!("`#{n}` is not a week of the month (1 to 5)"))?;
            nth.push((value(d, what, 1, 7, &WEEKDAYS)?, n));
        } else if let Some(d) = upper.strip_suffix('L') {
            last.push(value(d, what, 1, 7, &WEEKDAYS)?);
        } else if item.contains('/') {
            // AWS's wildcards for day-of-week are `, - * ? L #`: no increments
            return Err(format!(
                "the day-of-week field does not take increments (`{item}`): list the days \
                 (`MON,WED,FRI`) or use a range (`MON-FRI`)"
            ));
        } else {
            for v in item_values(item, what, 1, 7, &WEEKDAYS)? {
                days[v as usize] = true;
            }
        }
    }
    Ok(Days::OfWeek { days, last, nth })
}

#[cfg(test)]
mod tests;
