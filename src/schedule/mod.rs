//! Schedule expressions as EventBridge reads them ([`parse`]), in one place for the checks
//! (what AWS rejects at deploy, [`problem`]) and the emulator (when a schedule fires): `rate(<value>
//! <unit>)` ([`rate`]), `cron(<six fields>)` ([`cron`]) and, for EventBridge Scheduler,
//! one-time `at(yyyy-mm-ddThh:mm:ss)`. SF v3's own pattern checks only the shape of a rate
//! and the number of cron fields (and `eventBridge`'s schedules not even that).

pub mod cron;
pub mod rate;

use std::time::Duration;

/// A schedule expression, read once for the checks and the emulator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expression {
    /// `rate(<value> <unit>)`: its period.
    Rate(Duration),
    /// `cron(<six fields>)`.
    Cron(Box<cron::Cron>),
    /// `at(yyyy-mm-ddThh:mm:ss)` (EventBridge Scheduler only): a wall-clock time in the
    /// schedule's zone.
    At(jiff::civil::DateTime),
}

/// `expression` as EventBridge reads it, exactly as written (no trimming); the error says what
/// is wrong. Whether `at(...)` is allowed is the caller's to say (Scheduler only).
pub fn parse(expression: &str) -> Result<Expression, String> {
    if let Some(inner) = call(expression, "rate") {
        return rate::parse(inner).map(Expression::Rate);
    }
    if let Some(inner) = call(expression, "cron") {
        return cron::Cron::parse(inner).map(|c| Expression::Cron(Box::new(c)));
    }
    if let Some(inner) = call(expression, "at") {
        return at(inner).map(Expression::At);
    }
    Err(ANY_FORM.into())
}

const ANY_FORM: &str = "a schedule expression is `rate(...)`, `cron(...)` or `at(...)`";
const RULE_FORM: &str = "a schedule expression is `rate(...)` or `cron(...)`";

/// Why EventBridge rejects `expression`, if it does. `scheduler`: EventBridge Scheduler,
/// which also takes one-time `at(...)` expressions.
pub fn problem(expression: &str, scheduler: bool) -> Option<String> {
    match parse(expression) {
        Ok(Expression::At(_)) if !scheduler => Some(RULE_FORM.into()),
        Ok(_) => None,
        Err(e) if e == ANY_FORM && !scheduler => Some(RULE_FORM.into()),
        Err(e) => Some(e),
    }
}

/// The text between `<name>(` and the final `)`.
fn call<'a>(expression: &'a str, name: &str) -> Option<&'a str> {
    expression
        .strip_prefix(name)?
        .strip_prefix('(')?
        .strip_suffix(')')
}

/// `yyyy-mm-ddThh:mm:ss`, a real date and time.
fn at(inner: &str) -> Result<jiff::civil::DateTime, String> {
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
    if !shape {
        return Err("a one-time schedule is `at(yyyy-mm-ddThh:mm:ss)`".into());
    }
    inner
        .parse()
        .map_err(|_| format!("a one-time schedule: `{inner}` is not a date and time"))
}

#[cfg(test)]
mod tests {
    use super::{Expression, parse, problem};
    use std::time::Duration;

    #[test]
    fn one_reading_for_the_checks_and_the_emulator() {
        assert_eq!(
            parse("rate(5 minutes)"),
            Ok(Expression::Rate(Duration::from_secs(300)))
        );
        assert!(matches!(
            parse("cron(0 8 * * ? *)"),
            Ok(Expression::Cron(_))
        ));
        assert_eq!(
            parse("at(2030-01-31T08:00:00)"),
            Ok(Expression::At("2030-01-31T08:00".parse().unwrap()))
        );
        // as written: EventBridge does not trim
        assert!(parse(" rate(5 minutes)").is_err());
        assert!(parse("rate(5 minutes) ").is_err());
        assert!(parse("at(2030-02-31T08:00:00)").is_err());
    }

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
            // wrapping ranges (a year range once overflowed while counting its values)
            "cron(0 0 1 1 ? 2100-1990)",
            "cron(59-0 * * * ? *)",
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
            ("cron(0/0 8 ? * MON *)", "increment"),
            ("cron(*/+5 8 ? * MON *)", "increment"),
            ("cron(0 8 ? * MON/2 *)", "does not take increments"),
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
