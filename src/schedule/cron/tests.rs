//! Next firings against the EventBridge docs' cron examples ("Schedule expressions for
//! rules") and every syntax form. 2024-01-01 is a Monday.

use super::*;

fn at(text: &str) -> DateTime {
    text.parse().unwrap()
}

/// The next `n` firings of `expr` after `from`, as `YYYY-MM-DDTHH:MM`.
fn next(expr: &str, from: &str, n: usize) -> Vec<String> {
    let cron = Cron::parse(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
    let mut t = at(from);
    let mut out = Vec::new();
    for _ in 0..n {
        match cron.next_after(t) {
            Some(next) => {
                out.push(next.strftime("%Y-%m-%dT%H:%M").to_string());
                t = next;
            }
            None => break,
        }
    }
    out
}

#[test]
fn the_documented_examples() {
    // 10:15 AM (UTC) every day
    assert_eq!(
        next("15 10 * * ? *", "2024-01-01T10:15", 2),
        ["2024-01-02T10:15", "2024-01-03T10:15"]
    );
    // 6:00 PM Monday through Friday
    assert_eq!(
        next("0 18 ? * MON-FRI *", "2024-01-05T18:00", 2),
        ["2024-01-08T18:00", "2024-01-09T18:00"]
    );
    // 8:00 AM on the first day of the month
    assert_eq!(
        next("0 8 1 * ? *", "2024-01-01T08:00", 2),
        ["2024-02-01T08:00", "2024-03-01T08:00"]
    );
    // every 10 minutes on weekdays
    assert_eq!(
        next("0/10 * ? * MON-FRI *", "2024-01-05T23:45", 2),
        ["2024-01-05T23:50", "2024-01-08T00:00"]
    );
    // every 5 minutes between 8:00 AM and 5:55 PM weekdays
    assert_eq!(
        next("0/5 8-17 ? * MON-FRI *", "2024-01-01T17:54", 2),
        ["2024-01-01T17:55", "2024-01-02T08:00"]
    );
    // 9:00 AM on the first Monday of each month
    assert_eq!(
        next("0 9 ? * 2#1 *", "2024-01-01T09:00", 2),
        ["2024-02-05T09:00", "2024-03-04T09:00"]
    );
    // every 15 minutes
    assert_eq!(
        next("0/15 * * * ? *", "2024-01-01T00:00:30", 2),
        ["2024-01-01T00:15", "2024-01-01T00:30"]
    );
}

#[test]
fn lists_ranges_steps_and_names() {
    assert_eq!(
        next("5,35 1-2 * * ? *", "2024-01-01T00:00", 5),
        [
            "2024-01-01T01:05",
            "2024-01-01T01:35",
            "2024-01-01T02:05",
            "2024-01-01T02:35",
            "2024-01-02T01:05"
        ]
    );
    // steps over a range; a wrapping range of hours
    assert_eq!(
        next("10-30/10 22-1 * * ? *", "2024-01-01T21:00", 4),
        [
            "2024-01-01T22:10",
            "2024-01-01T22:20",
            "2024-01-01T22:30",
            "2024-01-01T23:10"
        ]
    );
    // a range of minutes that wraps at the hour
    assert_eq!(
        next("59-0 * * * ? *", "2024-01-01T10:30", 3),
        ["2024-01-01T10:59", "2024-01-01T11:00", "2024-01-01T11:59"]
    );
    // month names, lower case too; a wrapping day-of-week range
    assert_eq!(
        next("0 12 15 jan,MAR ? *", "2024-01-16T00:00", 2),
        ["2024-03-15T12:00", "2025-01-15T12:00"]
    );
    assert_eq!(
        next("0 0 ? * FRI-MON *", "2024-01-01T00:00", 4),
        [
            "2024-01-05T00:00",
            "2024-01-06T00:00",
            "2024-01-07T00:00",
            "2024-01-08T00:00"
        ]
    );
    // 1 is Sunday
    assert_eq!(
        next("0 0 ? * 1 *", "2024-01-01T00:00", 1),
        ["2024-01-07T00:00"]
    );
}

#[test]
fn last_weekday_and_nth_forms() {
    // L: the month's last day (a leap February)
    assert_eq!(
        next("0 0 L * ? *", "2024-01-31T00:00", 2),
        ["2024-02-29T00:00", "2024-03-31T00:00"]
    );
    // L-2: two days before the month's last day
    assert_eq!(
        next("0 0 L-2 * ? *", "2024-01-31T00:00", 2),
        ["2024-02-27T00:00", "2024-03-29T00:00"]
    );
    // L in day-of-week: Saturday
    assert_eq!(
        next("0 0 ? * L *", "2024-01-01T00:00", 1),
        ["2024-01-06T00:00"]
    );
    // 6L: the month's last Friday
    assert_eq!(
        next("0 0 ? * 6L *", "2024-01-01T00:00", 2),
        ["2024-01-26T00:00", "2024-02-23T00:00"]
    );
    // 15W: 2024-06-15 is a Saturday, so Friday the 14th; 1W on a Saturday: Monday the 3rd
    assert_eq!(
        next("0 0 15W 6 ? 2024", "2024-01-01T00:00", 1),
        ["2024-06-14T00:00"]
    );
    assert_eq!(
        next("0 0 1W 6 ? 2024", "2024-01-01T00:00", 1),
        ["2024-06-03T00:00"]
    );
    // 30W on a Sunday at the month's end: Friday the 28th
    assert_eq!(
        next("0 0 30W 6 ? 2024", "2024-01-01T00:00", 1),
        ["2024-06-28T00:00"]
    );
    // LW: the last weekday (2024-03-31 is a Sunday)
    assert_eq!(
        next("0 0 LW 3 ? 2024", "2024-01-01T00:00", 1),
        ["2024-03-29T00:00"]
    );
    // the 5th Friday exists only in some months
    assert_eq!(
        next("0 0 ? * FRI#5 *", "2024-01-01T00:00", 2),
        ["2024-03-29T00:00", "2024-05-31T00:00"]
    );
}

#[test]
fn years_bound_the_schedule() {
    assert_eq!(
        next("0 0 1 1 ? 2025,2027", "2024-06-01T00:00", 3),
        ["2025-01-01T00:00", "2027-01-01T00:00"]
    );
    assert_eq!(
        next("0 0 1 1 ? 2020-2023", "2024-01-01T00:00", 1),
        Vec::<String>::new()
    );
    assert_eq!(
        next("0 0 1 1 ? 2100/50", "2024-01-01T00:00", 3),
        ["2100-01-01T00:00", "2150-01-01T00:00"]
    );
    // a range of years that wraps: 2100 to 2199, then 1970 to 1990
    assert_eq!(
        next("0 0 1 1 ? 2100-1990", "2024-01-01T00:00", 3),
        ["2100-01-01T00:00", "2101-01-01T00:00", "2102-01-01T00:00"]
    );
    assert_eq!(
        next("0 0 1 1 ? 2100-1990", "2199-01-02T00:00", 1),
        Vec::<String>::new()
    );
    // 31 February never comes
    assert_eq!(
        next("0 0 31 2 ? *", "2024-01-01T00:00", 1),
        Vec::<String>::new()
    );
}

#[test]
fn bad_expressions_say_what_is_wrong() {
    for (bad, says) in [
        ("0 10 * * *", "six fields"),
        ("0 10 * * ? * *", "six fields"),
        ("0 10 * * MON *", "must be `?`"),
        ("0 10 ? * ? *", "only one"),
        ("60 10 * * ? *", "minutes field: `60` is not in 0-59"),
        ("0 24 * * ? *", "hours field: `24` is not in 0-23"),
        ("0 0 0 * ? *", "day-of-month field: `0` is not in 1-31"),
        (
            "0 0 * 13 ? *",
            "month field: `13` is not in 1-12 or JAN-DEC",
        ),
        (
            "0 0 ? * 8 *",
            "day-of-week field: `8` is not in 1-7 or SUN-SAT",
        ),
        ("0 0 * * ? 1969", "year field: `1969` is not in 1970-2199"),
        ("0/0 * * * ? *", "increment `0`"),
        ("*/+5 * * * ? *", "increment `+5`"),
        ("0 0 ? * 3#+1 *", "`#+1` is not a week of the month"),
        (
            "0 0 ? * MON/2 *",
            "day-of-week field does not take increments",
        ),
        (
            "0 0 ? * */2 *",
            "day-of-week field does not take increments",
        ),
        ("x * * * ? *", "`x` is not in 0-59"),
        ("+5 * * * ? *", "`+5` is not in 0-59"),
        ("0 0 ? * MON#6 *", "week of the month"),
        ("0 0 ? * MON#1,FRI#2 *", "stands alone"),
        ("0 0 * FOO ? *", "`FOO` is not in 1-12 or JAN-DEC"),
        ("- * * * ? *", "an empty value"),
        ("? * * * ? *", "only for day-of-month or day-of-week"),
        ("0 0 1,? * ? *", "stands alone"),
        ("0 0 L-31 * ? *", "`31` is not in 0-30"),
        ("0 0 32W * ? *", "`32` is not in 1-31"),
    ] {
        let e = Cron::parse(bad).unwrap_err();
        assert!(e.contains(says), "{bad}: {e}");
    }
}

proptest::proptest! {
    /// The fuzz target's property (`fuzz/fuzz_targets/schedule.rs`) over random near-cron
    /// text: parsing never panics, and a next firing is later than the search's start.
    #[test]
    fn any_text_parses_or_fails_without_panicking(
        fields in proptest::collection::vec(
            "[0-9*?/,#LW-]{1,6}|[A-Za-z]{3}(-[A-Za-z]{3})?|[0-9]{1,4}(-[0-9]{1,4})?(/[0-9]{1,2})?",
            0..8,
        ),
    ) {
        let text = fields.join(" ");
        if let Ok(cron) = Cron::parse(&text) {
            let start = at("2024-02-28T23:59");
            if let Some(next) = cron.next_after(start) {
                proptest::prop_assert!(next > start);
            }
        }
    }
}
