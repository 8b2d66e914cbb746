//! Which schedules a service has and when they fire.

use super::*;
use crate::emulate::test_support::service;

const SCHEDULES: &str = r#"
service: timed
provider: { name: aws, runtime: nodejs20.x, region: eu-west-1 }
functions:
  tick:
    handler: h.tick
    events:
      - schedule: rate(1 minute)
      - schedule:
          rate: [cron(0 10 * * ? *), rate(2 hours)]
          enabled: false
      - schedule:
          rate: [cron(0 9 * * ? *)]
          method: scheduler
          timezone: Europe/Paris
          input: { hello: world }
      - eventBridge:
          schedule: rate(5 minutes)
          input: { from: eventBridge }
"#;

fn ts(text: &str) -> Timestamp {
    text.parse().unwrap()
}

#[test]
fn every_expression_of_every_schedule() {
    let s = service(SCHEDULES);
    let (plan, problems) = plan(&s, "123456789012");
    assert!(problems.is_empty(), "{problems:?}");
    let rows: Vec<(&str, bool)> = plan
        .iter()
        .map(|p| (p.expression.as_str(), p.enabled))
        .collect();
    assert_eq!(
        rows,
        [
            ("rate(1 minute)", true),
            ("cron(0 10 * * ? *)", false),
            ("rate(2 hours)", false),
            ("cron(0 9 * * ? *)", true),
            ("rate(5 minutes)", true),
        ]
    );
    assert_eq!(
        plan[0].arn,
        "arn:aws:events:eu-west-1:123456789012:rule/timed-dev-tick-schedule-1"
    );
    assert!(
        plan[3]
            .arn
            .starts_with("arn:aws:scheduler:eu-west-1:123456789012:schedule/default/")
    );
    assert!(matches!(plan[3].input, Input::Scheduler(Some(_))));
    assert!(
        plan[4].arn.ends_with(":rule/timed-dev-tick-rule-4"),
        "{}",
        plan[4].arn
    );
    assert_eq!(
        plan[4].input,
        Input::Constant(serde_json::json!({"from": "eventBridge"}))
    );
}

#[test]
fn rates_count_from_the_start() {
    let start = ts("2024-01-01T10:00:30Z");
    let every = When::Rate(Duration::from_secs(60));
    // the first firing one period after the start, then every period
    assert_eq!(
        every.next_after(start, start),
        Some(ts("2024-01-01T10:01:30Z"))
    );
    assert_eq!(
        every.next_after(ts("2024-01-01T10:01:30Z"), start),
        Some(ts("2024-01-01T10:02:30Z"))
    );
    assert_eq!(
        every.next_after(ts("2024-01-01T10:05:00Z"), start),
        Some(ts("2024-01-01T10:05:30Z"))
    );
}

#[test]
fn cron_in_utc_and_in_a_scheduler_timezone() {
    let nine = Box::new(Cron::parse("0 9 * * ? *").unwrap());
    let utc = When::Cron(nine.clone(), TimeZone::UTC);
    let start = ts("2024-01-01T00:00:00Z");
    assert_eq!(
        utc.next_after(start, start),
        Some(ts("2024-01-01T09:00:00Z"))
    );
    let paris = When::Cron(nine, TimeZone::get("Europe/Paris").unwrap());
    // 9:00 in Paris: 08:00 UTC in winter, 07:00 UTC in summer
    assert_eq!(
        paris.next_after(start, start),
        Some(ts("2024-01-01T08:00:00Z"))
    );
    let june = ts("2024-06-01T00:00:00Z");
    assert_eq!(
        paris.next_after(june, start),
        Some(ts("2024-06-01T07:00:00Z"))
    );
    // 2:30 does not exist in Paris on 2024-03-31 (clocks go from 2:00 to 3:00): the firing
    // comes at 3:30 local, 01:30 UTC (jiff's "compatible" choice; the Scheduler docs do not
    // say)
    let half_past_two = When::Cron(
        Box::new(Cron::parse("30 2 * * ? *").unwrap()),
        TimeZone::get("Europe/Paris").unwrap(),
    );
    assert_eq!(
        half_past_two.next_after(ts("2024-03-30T12:00:00Z"), start),
        Some(ts("2024-03-31T01:30:00Z"))
    );
}

#[test]
fn bad_expressions_are_reported_not_scheduled() {
    let s = service(
        r#"
service: timed
provider: { name: aws, runtime: nodejs20.x }
functions:
  tick:
    handler: h.tick
    events:
      - schedule:
          rate: [cron(0 10 * * ? *)]
          method: scheduler
          timezone: Nowhere/Special
"#,
    );
    let (plan, problems) = plan(&s, "123456789012");
    assert!(plan.is_empty());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("Nowhere/Special"), "{problems:?}");
    let bad = when(&serde_json::json!("cron(0 10 * * * *)"), &TimeZone::UTC).unwrap_err();
    assert!(bad.contains("must be `?`"), "{bad}");
    assert!(when(&serde_json::json!({"Ref": "X"}), &TimeZone::UTC).is_err());
    assert!(when(&serde_json::json!("every minute"), &TimeZone::UTC).is_err());
}
