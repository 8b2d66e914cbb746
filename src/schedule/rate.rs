//! `rate(value unit)` schedules: a positive whole number of minutes, hours or days, the unit
//! singular for 1 and plural otherwise (EventBridge docs, "Schedule expressions for rules":
//! rate expressions). EventBridge starts a rule's rate clock when the rule is created, and
//! EventBridge Scheduler invokes a rate schedule without a `StartDate` at once; the emulator
//! counts from its start, so a rule first fires one period after it and a Scheduler schedule
//! at it.

use std::time::Duration;

/// The period of `rate(<text>)`; the error says what is wrong.
pub fn parse(text: &str) -> Result<Duration, String> {
    let mut words = text.split_whitespace();
    let (Some(value), Some(unit), None) = (words.next(), words.next(), words.next()) else {
        return Err("a rate is `rate(<value> <unit>)`, e.g. `rate(5 minutes)`".into());
    };
    // digits only: Rust would also read `+5`, which EventBridge does not
    let value: u64 = value
        .parse()
        .ok()
        .filter(|v| *v > 0 && value.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| format!("the rate's value `{value}` is not a positive whole number"))?;
    let (singular, plural, seconds) = match unit {
        "minute" | "minutes" => ("minute", "minutes", 60),
        "hour" | "hours" => ("hour", "hours", 3600),
        "day" | "days" => ("day", "days", 86_400),
        _ => {
            return Err(format!(
                "the rate's unit `{unit}` is not one of minute(s), hour(s), day(s)"
            ));
        }
    };
    match (value, unit == singular) {
        (1, false) => Err(format!(
            "a rate of 1 takes the singular unit: `rate(1 {singular})`"
        )),
        (v, true) if v > 1 => Err(format!(
            "a rate above 1 takes the plural unit: `rate({v} {plural})`"
        )),
        _ => value
            .checked_mul(seconds)
            .map(Duration::from_secs)
            .ok_or_else(|| "the rate is too long".into()),
    }
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
            "+5 minutes",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(parse(&format!("{} days", u64::MAX)).is_err());
    }
}
