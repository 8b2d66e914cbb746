//! `rate(value unit)` schedules: a positive whole number of minutes, hours or days, the unit
//! singular for 1 and plural otherwise (EventBridge docs, "Schedule expressions for rules":
//! rate expressions). EventBridge starts a rate schedule's clock when the rule is created;
//! the emulator counts from its start, so the first firing comes one period after it.

use std::time::Duration;

/// The period of `rate(<text>)`; the error says what is wrong.
pub fn parse(text: &str) -> Result<Duration, String> {
    let mut words = text.split_whitespace();
    let (Some(value), Some(unit), None) = (words.next(), words.next(), words.next()) else {
        return Err(format!("a rate is `<value> <unit>`, not `{text}`"));
    };
    let value: u64 = value
        .parse()
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(|| format!("`{value}` is not a positive whole number"))?;
    let seconds = match (unit, value == 1) {
        ("minute", true) | ("minutes", false) => 60,
        ("hour", true) | ("hours", false) => 3600,
        ("day", true) | ("days", false) => 86_400,
        ("minute" | "hour" | "day", false) => {
            return Err(format!("a value above 1 takes a plural unit (`{unit}s`)"));
        }
        ("minutes" | "hours" | "days", true) => {
            return Err("the value 1 takes a singular unit".into());
        }
        _ => return Err(format!("`{unit}` is not minute(s), hour(s) or day(s)")),
    };
    value
        .checked_mul(seconds)
        .map(Duration::from_secs)
        .ok_or_else(|| "the rate is too long".into())
}

#[cfg(test)]
mod tests {
    use super::parse;
    use std::time::Duration;

    #[test]
    fn units_and_their_number() {
        assert_eq!(parse("1 minute"), Ok(Duration::from_secs(60)));
        assert_eq!(parse("5 minutes"), Ok(Duration::from_secs(300)));
        assert_eq!(parse("1 hour"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse("12 hours"), Ok(Duration::from_secs(43_200)));
        assert_eq!(parse("7 days"), Ok(Duration::from_secs(604_800)));
        for bad in [
            "",
            "1",
            "0 minutes",
            "-1 minute",
            "1 minutes",
            "2 minute",
            "1 second",
            "1 minute x",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(parse(&format!("{} days", u64::MAX)).is_err());
    }
}
