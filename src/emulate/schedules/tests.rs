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
        "arn:aws:events:eu-west-1:123456789012:rule/timed-dev-TickEventsRuleSchedule1"
    );
    assert_eq!(
        plan[3].arn,
        "arn:aws:scheduler:eu-west-1:123456789012:schedule/default/timed-dev-TickSchedulerSchedule4"
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

/// Without a `name`, each expression's resource is named after its logical id in the
/// compiled template (numbered across the function's schedule events), so two schedule
/// events of one function no longer share a name.
#[test]
fn names_follow_the_templates_logical_ids() {
    let s = service(
        r#"
service: timed
provider: { name: aws, runtime: nodejs20.x, region: eu-west-1 }
functions:
  tick:
    handler: h.tick
    events:
      - schedule: rate(1 minute)
      - schedule: rate(2 minutes)
      - schedule:
          rate: [rate(3 minutes), cron(0 9 * * ? *)]
          method: scheduler
  tock:
    handler: h.tock
    events:
      - schedule: rate(1 minute)
"#,
    );
    let (plan, problems) = plan(&s, "123456789012");
    assert!(problems.is_empty(), "{problems:?}");
    let names: Vec<&str> = plan
        .iter()
        .map(|p| p.arn.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "timed-dev-TickEventsRuleSchedule1",
            "timed-dev-TickEventsRuleSchedule2",
            "timed-dev-TickSchedulerSchedule3",
            "timed-dev-TickSchedulerSchedule4",
            "timed-dev-TockEventsRuleSchedule1",
        ]
    );
    let template = crate::cfn::compile(&s, &crate::cfn::CompileOptions::default());
    for name in names {
        let logical_id = name.strip_prefix("timed-dev-").unwrap();
        assert!(
            template.0["Resources"].get(logical_id).is_some(),
            "{logical_id} is not in the template"
        );
    }
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

/// An EventBridge rule's rate first fires one period after the start; an EventBridge
/// Scheduler rate without a `StartDate` (SF sets none) at once, then every period.
#[test]
fn scheduler_rates_fire_at_the_start() {
    let s = service(
        r#"
service: timed
provider: { name: aws, runtime: nodejs20.x }
functions:
  tick:
    handler: h.tick
    events:
      - schedule: rate(1 minute)
      - schedule:
          rate: [rate(1 minute)]
          method: scheduler
"#,
    );
    let (plan, _) = plan(&s, "123456789012");
    let start = ts("2024-01-01T10:00:30Z");
    assert_eq!(plan[0].method, ScheduleMethod::EventBus);
    assert_eq!(
        plan[0].first_firing(start),
        Some(ts("2024-01-01T10:01:30Z"))
    );
    assert_eq!(plan[1].method, ScheduleMethod::Scheduler);
    assert_eq!(plan[1].first_firing(start), Some(start));
    assert_eq!(
        plan[1].when.next_after(start, start),
        Some(ts("2024-01-01T10:01:30Z"))
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
}

/// EventBridge Scheduler across DST: "your schedule invocation gets skipped if the cron
/// expression falls on a non-existent date and time", and when clocks go back "your schedule
/// runs only once" (Scheduler user guide, "Daylight saving time"; knowledge center,
/// eventbridge-scheduler-adjust-dst).
#[test]
fn scheduler_crons_skip_what_dst_skips_and_run_repeated_times_once() {
    let paris = || TimeZone::get("Europe/Paris").unwrap();
    let cron = |text: &str| When::Cron(Box::new(Cron::parse(text).unwrap()), paris());
    let start = ts("2024-01-01T00:00:00Z");
    // 2:30 does not exist in Paris on 2024-03-31 (clocks go from 2:00 to 3:00): skipped, the
    // next firing is 2:30 CEST the day after
    let half_past_two = cron("30 2 * * ? *");
    assert_eq!(
        half_past_two.next_after(ts("2024-03-30T12:00:00Z"), start),
        Some(ts("2024-04-01T00:30:00Z"))
    );
    // every minute of the skipped hour is skipped: the next is 2:00 CEST the day after
    assert_eq!(
        cron("* 2 * * ? *").next_after(ts("2024-03-30T23:59:00Z"), start),
        Some(ts("2024-04-01T00:00:00Z"))
    );
    // 2:30 comes twice on 2024-10-27 (clocks go from 3:00 back to 2:00): the first only
    let first = half_past_two.next_after(ts("2024-10-26T12:00:00Z"), start);
    assert_eq!(first, Some(ts("2024-10-27T00:30:00Z")));
    assert_eq!(
        half_past_two.next_after(first.unwrap(), start),
        Some(ts("2024-10-28T01:30:00Z"))
    );
    // hourly: 2:30 CEST, then 3:30 CET (the repeated 2:30 CET passed over)
    let hourly = cron("30 * * * ? *");
    assert_eq!(
        hourly.next_after(ts("2024-10-27T00:30:00Z"), start),
        Some(ts("2024-10-27T02:30:00Z"))
    );
    // started within the repeated hour: the next match after it
    assert_eq!(
        hourly.next_after(ts("2024-10-27T01:10:00Z"), start),
        Some(ts("2024-10-27T02:30:00Z"))
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
    // read as the checks read it (`crate::schedule::parse`): untrimmed
    assert!(when(&serde_json::json!(" rate(1 minute)"), &TimeZone::UTC).is_err());
    let at = when(
        &serde_json::json!("at(2030-01-31T08:00:00)"),
        &TimeZone::UTC,
    )
    .unwrap_err();
    assert!(at.contains("not emulated"), "{at}");
}
