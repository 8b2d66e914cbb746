//! Schedule expressions as EventBridge reads them (rules and Scheduler schedules):
//! `rate(<value> <unit>)`, with a singular unit for 1 and a plural one above; `cron(<six
//! fields>)` with each field's values and wildcards, and exactly one of day-of-month and
//! day-of-week left as `?`; for the Scheduler also `at(yyyy-mm-ddThh:mm:ss)`. SF v3's own
//! pattern checks only the shape of a rate and the number of cron fields (and `eventBridge`'s
//! schedules not even that). Tokens AWS documents loosely (`L`, `W`, `#`) are taken as they
//! come in the fields that allow them.

/// Why EventBridge rejects `expression`, if it does. `scheduler`: EventBridge Scheduler,
/// which also takes one-time `at(...)` expressions.
pub fn problem(expression: &str, scheduler: bool) -> Option<String> {
    if let Some(inner) = call(expression, "rate") {
        return rate(inner);
    }
    if let Some(inner) = call(expression, "cron") {
        return cron(inner);
    }
    if scheduler && let Some(inner) = call(expression, "at") {
        return at(inner);
    }
    Some(if scheduler {
        "a schedule expression is `rate(...)`, `cron(...)` or `at(...)`".into()
    } else {
        "a schedule expression is `rate(...)` or `cron(...)`".into()
    })
}

/// The text between `<name>(` and the final `)`.
fn call<'a>(expression: &'a str, name: &str) -> Option<&'a str> {
    expression
        .strip_prefix(name)?
        .strip_prefix('(')?
        .strip_suffix(')')
}

fn rate(inner: &str) -> Option<String> {
    let parts: Vec<&str> = inner.split_whitespace().collect();
    let [value, unit] = parts[..] else {
        return Some("a rate is `rate(<value> <unit>)`, e.g. `rate(5 minutes)`".into());
    };
    let value: u64 = match value.parse() {
        Ok(v) if v > 0 && value.bytes().all(|b| b.is_ascii_digit()) => v,
        _ => {
            return Some(format!(
                "the rate's value `{value}` is not a positive whole number"
            ));
        }
    };
    let (singular, plural) = match unit {
        "minute" | "minutes" => ("minute", "minutes"),
        "hour" | "hours" => ("hour", "hours"),
        "day" | "days" => ("day", "days"),
        _ => {
            return Some(format!(
                "the rate's unit `{unit}` is not one of minute(s), hour(s), day(s)"
            ));
        }
    };
    match (value, unit == singular) {
        (1, false) => Some(format!(
            "a rate of 1 takes the singular unit: `rate(1 {singular})`"
        )),
        (v, true) if v > 1 => Some(format!(
            "a rate above 1 takes the plural unit: `rate({v} {plural})`"
        )),
        _ => None,
    }
}

/// One cron field: its name, range, value names (numbered from `min`) and the wildcards it
/// takes beyond `, - * /`.
struct Field {
    name: &'static str,
    min: u32,
    max: u32,
    names: &'static [&'static str],
    extra: &'static str,
}

const MONTHS: &[&str] = &[
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
];
const DAYS: &[&str] = &["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

const FIELDS: [Field; 6] = [
    Field {
        name: "minutes",
        min: 0,
        max: 59,
        names: &[],
        extra: "",
    },
    Field {
        name: "hours",
        min: 0,
        max: 23,
        names: &[],
        extra: "",
    },
    Field {
        name: "day-of-month",
        min: 1,
        max: 31,
        names: &[],
        extra: "?LW",
    },
    Field {
        name: "month",
        min: 1,
        max: 12,
        names: MONTHS,
        extra: "",
    },
    Field {
        name: "day-of-week",
        min: 1,
        max: 7,
        names: DAYS,
        extra: "?L#",
    },
    Field {
        name: "year",
        min: 1970,
        max: 2199,
        names: &[],
        extra: "",
    },
];

fn cron(inner: &str) -> Option<String> {
    let fields: Vec<&str> = inner.split_whitespace().collect();
    if fields.len() != 6 {
        return Some(format!(
            "a cron expression has six fields (minutes hours day-of-month month day-of-week year), found {}",
            fields.len()
        ));
    }
    for (text, field) in fields.iter().zip(&FIELDS) {
        if let Some(p) = cron_field(text, field) {
            return Some(p);
        }
    }
    match (fields[2] == "?", fields[4] == "?") {
        (true, false) | (false, true) => None,
        (true, true) => Some("only one of day-of-month and day-of-week may be `?`".into()),
        (false, false) => {
            Some("day-of-month and day-of-week cannot both be set: one of them must be `?`".into())
        }
    }
}

fn cron_field(text: &str, field: &Field) -> Option<String> {
    let bad = |what: &str| Some(format!("the {} field `{text}`: {what}", field.name));
    if text == "?" {
        return if field.extra.contains('?') {
            None
        } else {
            bad("`?` is only for day-of-month or day-of-week")
        };
    }
    let parts: Vec<&str> = text.split(',').collect();
    if text.contains('#') && parts.len() > 1 {
        return bad("a `#` value stands alone");
    }
    for part in parts {
        if part.is_empty() {
            return bad("an empty value in the list");
        }
        if part == "?" {
            return bad("`?` stands alone");
        }
        if part.contains(['L', 'W', '#']) {
            if special(part, field) {
                continue;
            }
            return bad(&format!("`{part}` is not a value this field takes"));
        }
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => (r, Some(s)),
            None => (part, None),
        };
        if let Some(s) = step
            && !s.parse::<u32>().is_ok_and(|s| s > 0)
        {
            return bad(&format!(
                "the increment `{s}` is not a positive whole number"
            ));
        }
        if range == "*" {
            continue;
        }
        let (from, to) = match range.split_once('-') {
            Some((a, b)) => (a, Some(b)),
            None => (range, None),
        };
        for v in std::iter::once(from).chain(to) {
            if value(v, field).is_none() {
                return bad(&format!(
                    "`{v}` is not in {}-{}{}",
                    field.min,
                    field.max,
                    names_hint(field)
                ));
            }
        }
    }
    None
}

/// A value: a number in the field's range, or one of its names (any letter case).
fn value(v: &str, field: &Field) -> Option<u32> {
    if let Ok(n) = v.parse::<u32>() {
        return (field.min..=field.max).contains(&n).then_some(n);
    }
    let i = field.names.iter().position(|n| n.eq_ignore_ascii_case(v))?;
    Some(field.min + i as u32)
}

fn names_hint(field: &Field) -> String {
    match (field.names.first(), field.names.last()) {
        (Some(a), Some(b)) => format!(" or {a}-{b}"),
        _ => String::new(),
    }
}

/// `L`, `LW`, `<day>W`, `L-<n>` in day-of-month; `L`, `<day>L`, `<day>#<1-5>` in day-of-week.
fn special(part: &str, field: &Field) -> bool {
    let number = |s: &str, f: &Field| value(s, f).is_some();
    match field.name {
        "day-of-month" => {
            part == "L"
                || part == "LW"
                || part.strip_suffix('W').is_some_and(|d| number(d, field))
                || part
                    .strip_prefix("L-")
                    .is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n < 31))
        }
        "day-of-week" => {
            part == "L"
                || part.strip_suffix('L').is_some_and(|d| number(d, field))
                || part.split_once('#').is_some_and(|(d, n)| {
                    number(d, field) && n.parse::<u32>().is_ok_and(|n| (1..=5).contains(&n))
                })
        }
        _ => false,
    }
}

/// `yyyy-mm-ddThh:mm:ss`.
fn at(inner: &str) -> Option<String> {
    let b = inner.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    let shape = b.len() == 19
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    (!shape).then(|| "a one-time schedule is `at(yyyy-mm-ddThh:mm:ss)`".into())
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn what_eventbridge_takes() {
        for ok in [
            "rate(1 minute)",
            "rate(5 minutes)",
            "rate(1 hour)",
            "rate(12 hours)",
            "rate(1 day)",
            "rate(10 days)",
            "cron(0 8 * * ? *)",
            "cron(0/30 9-17 ? * MON-FRI *)",
            "cron(15 10 L * ? *)",
            "cron(0 18 ? * 6L 2030)",
            "cron(0 9 ? * 3#2 *)",
            "cron(0 9 15W * ? 1970-2199)",
            "cron(*/5 * ? jan,mar-may SUN *)",
        ] {
            assert_eq!(problem(ok, false), None, "{ok}");
        }
        assert_eq!(problem("at(2030-01-31T08:00:00)", true), None);
    }

    #[test]
    fn what_eventbridge_rejects() {
        for (bad, why) in [
            ("rate(1 minutes)", "singular"),
            ("rate(5 minute)", "plural"),
            ("rate(0 minutes)", "positive"),
            ("rate(1.5 hours)", "positive"),
            ("rate(2 weeks)", "unit"),
            ("rate(5)", "rate(<value> <unit>)"),
            ("cron(0 8 * * *)", "six fields"),
            ("cron(0 8 * * * *)", "must be `?`"),
            ("cron(0 8 1 * MON *)", "must be `?`"),
            ("cron(0 8 ? * ? *)", "only one"),
            ("cron(60 8 * * ? *)", "minutes"),
            ("cron(0 24 * * ? *)", "hours"),
            ("cron(0 8 32 * ? *)", "day-of-month"),
            ("cron(0 8 * 13 ? *)", "month"),
            ("cron(0 8 ? * 8 *)", "day-of-week"),
            ("cron(0 8 * * ? 1969)", "year"),
            ("cron(? 8 * * ? *)", "only for day-of-month"),
            ("cron(0 8 ? * 3#1,6#3 *)", "stands alone"),
            ("cron(0 8 ? * MON/0 *)", "increment"),
            ("cron(0 8 ? * FOO *)", "SUN-SAT"),
            ("every 5 minutes", "`rate(...)` or `cron(...)`"),
            ("at(2030-01-31T08:00:00)", "`rate(...)` or `cron(...)`"),
        ] {
            let p = problem(bad, false).unwrap_or_default();
            assert!(p.contains(why), "{bad}: {p}");
        }
        assert!(problem("at(2030-01-31)", true).is_some());
    }
}
