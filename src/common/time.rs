//! Dates and times in UTC, without a time-zone database: milliseconds since the Unix epoch,
//! civil (proleptic Gregorian) dates from day numbers and back, and the ISO 8601 form AWS and
//! Serverless Framework write (`2023-11-14T22:13:20.000Z`); now as a [`jiff::Timestamp`] for
//! what works in time zones.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since the Unix epoch (0 for a time before it).
pub fn epoch_millis(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Now, in milliseconds since the Unix epoch.
pub fn now_millis() -> u64 {
    epoch_millis(SystemTime::now())
}

/// Now, as a [`jiff::Timestamp`] (for what computes with zones and civil times, such as
/// the emulator's schedules).
pub fn now_timestamp() -> jiff::Timestamp {
    jiff::Timestamp::now()
}

/// Days since 1970-01-01 → (year, month 1-12, day 1-31), Howard Hinnant's `civil_from_days`.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// (year, month 1-12, day 1-31) → days since 1970-01-01, the inverse of [`civil_from_days`].
pub fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `2023-11-14T22:13:20.123Z` for `millis` since the epoch.
pub fn iso8601(millis: u64) -> String {
    let secs = millis / 1000;
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    let rem = secs % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        millis % 1000
    )
}

/// `Jan` … `Dec` for month 1 … 12 (clamped into that range).
pub fn month_abbr(m: i64) -> &'static str {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    MONTHS[m.clamp(1, 12) as usize - 1]
}

/// Milliseconds since the epoch of an ISO 8601 time in UTC: `2023-11-14T22:13:20Z`, with
/// optional fractional seconds, `Z` or `+00:00`-style offsets, or a date alone
/// (`2023-11-14`, midnight UTC); `None` for anything else.
pub fn parse_iso8601(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let part = s.get(from..from + len)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    if b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || !(1..=12).contains(&mo)
        || !(1..=31).contains(&d)
    {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    if b.len() == 10 {
        return u64::try_from(days * 86_400_000).ok();
    }
    if !matches!(b.get(10), Some(b'T' | b't' | b' '))
        || b.get(13) != Some(&b':')
        || b.get(16) != Some(&b':')
    {
        return None;
    }
    let (h, mi, sec) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut at = 19;
    let mut millis = 0i64;
    if b.get(at) == Some(&b'.') {
        let digits = s[at + 1..].bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let frac = &s[at + 1..at + 1 + digits.min(3)];
        millis = frac.parse::<i64>().ok()? * 10i64.pow(3 - frac.len() as u32);
        at += 1 + digits;
    }
    let offset_minutes = match &s[at..] {
        "Z" | "z" | "" => 0,
        zone => {
            let sign = match zone.as_bytes().first() {
                Some(b'+') => 1,
                Some(b'-') => -1,
                _ => return None,
            };
            let zone = zone[1..].replace(':', "");
            if zone.len() != 4 || !zone.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            sign * (zone[..2].parse::<i64>().ok()? * 60 + zone[2..].parse::<i64>().ok()?)
        }
    };
    let ms = ((days * 24 + h) * 60 + mi - offset_minutes) * 60_000 + sec * 1000 + millis;
    u64::try_from(ms).ok()
}

/// A duration written `90s`, `10m`, `2h`, `1d` (or `500ms`; a bare number is seconds), in
/// milliseconds; `None` for anything else.
pub fn parse_duration_ms(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (n, unit) = s.split_at(split);
    let n: u64 = n.parse().ok()?;
    let per = match unit.trim() {
        "ms" => 1,
        "" | "s" | "sec" => 1000,
        "m" | "min" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return None,
    };
    n.checked_mul(per)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        let cases = [
            (0u64, "1970-01-01T00:00:00.000Z"),
            (951_782_400_123, "2000-02-29T00:00:00.123Z"),
            (1_700_000_000_999, "2023-11-14T22:13:20.999Z"),
        ];
        for (ms, want) in cases {
            assert_eq!(iso8601(ms), want);
        }
    }

    #[test]
    fn civil_dates_round_trip() {
        // both sides of the epoch, leap days, century and 400-year rules
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert!((1..=12).contains(&m) && (1..=31).contains(&d), "{days}");
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(
            days_from_civil(2100, 3, 1) - days_from_civil(2100, 2, 28),
            1
        );
    }

    #[test]
    fn month_names() {
        assert_eq!(month_abbr(1), "Jan");
        assert_eq!(month_abbr(12), "Dec");
        assert_eq!(month_abbr(0), "Jan");
        assert_eq!(month_abbr(13), "Dec");
        assert_eq!(month_abbr(i64::MIN), "Jan");
        assert_eq!(month_abbr(i64::MAX), "Dec");
    }

    #[test]
    fn epoch_millis_of_times() {
        let t = UNIX_EPOCH + std::time::Duration::from_millis(1_589_522_469_693);
        assert_eq!(epoch_millis(t), 1_589_522_469_693);
        assert_eq!(
            epoch_millis(UNIX_EPOCH - std::time::Duration::from_secs(1)),
            0
        );
    }

    #[test]
    fn iso_times_and_durations_are_read() {
        assert_eq!(
            parse_iso8601("2023-11-14T22:13:20Z"),
            Some(1_700_000_000_000)
        );
        assert_eq!(
            parse_iso8601("2023-11-14T22:13:20.123Z"),
            Some(1_700_000_000_123)
        );
        assert_eq!(
            parse_iso8601("2023-11-14T22:13:20.5Z"),
            Some(1_700_000_000_500)
        );
        assert_eq!(
            parse_iso8601("2023-11-14T23:13:20+01:00"),
            Some(1_700_000_000_000)
        );
        assert_eq!(parse_iso8601("2023-11-14"), Some(1_699_920_000_000));
        assert_eq!(
            iso8601(parse_iso8601("2000-02-29T00:00:00Z").unwrap()),
            "2000-02-29T00:00:00.000Z"
        );
        for bad in [
            "",
            "yesterday",
            "2023-13-01",
            "2023-11-14T25:00:00Z",
            "2023-11-14T22:13:20Q",
            "2023-11-14T22:13:20.Z",
            "１２３４-11-14",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad}");
        }
        assert_eq!(parse_duration_ms("10m"), Some(600_000));
        assert_eq!(parse_duration_ms("90s"), Some(90_000));
        assert_eq!(parse_duration_ms("2h"), Some(7_200_000));
        assert_eq!(parse_duration_ms("1d"), Some(86_400_000));
        assert_eq!(parse_duration_ms("250ms"), Some(250));
        assert_eq!(parse_duration_ms("30"), Some(30_000));
        for bad in ["", "m", "10x", "-5m", "99999999999999999999d"] {
            assert_eq!(parse_duration_ms(bad), None, "{bad}");
        }
    }
}
