//! `slsc emulate --schedules` end to end with real Node.js and Python handlers: every
//! enabled schedule fired once at start (`--run-schedules-at-start`), with the payload
//! EventBridge (or EventBridge Scheduler) sends, disabled schedules never firing, and the
//! real timing of `rate(1 minute)` (the shortest rate AWS allows): its first firing one
//! period after the start, polled with a deadline.

mod support;

use serde_json::Value;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use support::emulator::Emulator;

fn start(extra: &[&str]) -> Emulator {
    Emulator::start(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emulate/schedules"),
        extra,
    )
}

/// The event the handler of `function` logged (`EVENT <deployed name> <json>`).
fn event_of(log: &str, function: &str) -> Option<Value> {
    let marker = format!("EVENT emu-schedules-dev-{function} ");
    log.lines()
        .find_map(|l| l.split_once(&marker).map(|(_, json)| json))
        .map(|json| serde_json::from_str(json).unwrap())
}

#[test]
fn every_schedule_fires_at_start_with_its_payload() {
    let emu = start(&["--schedules", "--run-schedules-at-start"]);
    for f in ["minutely", "withInput", "transformed", "pyScheduler"] {
        emu.wait_for_log(&format!("EVENT emu-schedules-dev-{f} "), 30);
    }
    emu.wait_for_log("error (Handled)", 30);
    let log = emu.log_text();

    // the scheduled event of an EventBridge rule
    let e = event_of(&log, "minutely").unwrap();
    assert_eq!(e["version"], "0");
    assert_eq!(e["detail-type"], "Scheduled Event");
    assert_eq!(e["source"], "aws.events");
    assert_eq!(e["account"], "123456789012");
    assert_eq!(e["region"], "eu-west-1");
    assert_eq!(e["detail"], serde_json::json!({}));
    assert_eq!(
        e["resources"],
        serde_json::json!([
            "arn:aws:events:eu-west-1:123456789012:rule/emu-schedules-dev-MinutelyEventsRuleSchedule1"
        ])
    );
    assert!(e["id"].as_str().is_some_and(|id| id.len() == 36));
    assert!(e["time"].as_str().is_some_and(|t| t.ends_with('Z')));
    // `input`: that JSON instead of the event
    assert_eq!(
        event_of(&log, "withInput").unwrap(),
        serde_json::json!({"greeting": "hello"})
    );
    // `inputTransformer` of an `eventBridge` schedule
    let t = event_of(&log, "transformed").unwrap();
    assert!(t["firedAt"].as_str().is_some_and(|s| s.ends_with('Z')));
    // EventBridge Scheduler: its input with the context attributes replaced (Python)
    let p = event_of(&log, "pyScheduler").unwrap();
    assert!(
        p["at"]
            .as_str()
            .is_some_and(|s| s.ends_with('Z') && !s.contains('<')),
        "{p}"
    );

    // each firing and its result logged
    assert!(
        log.contains("[minutely] schedule rate(1 minute) fired (at start)"),
        "{log}"
    );
    assert!(
        log.contains("[minutely] schedule rate(1 minute) for "),
        "{log}"
    );
    assert!(
        log.contains("ok {\"handled\":\"emu-schedules-dev-minutely\"}"),
        "{log}"
    );
    assert!(
        log.contains("[failing] schedule cron(0 0 1 1 ? 2199) for "),
        "{log}"
    );
    assert!(log.contains("scheduled failure"), "{log}");
    // the Paris cron's next firing, listed at start
    assert!(
        log.contains("[pyScheduler] schedule cron(0 9 ? * MON-FRI *) first fires at "),
        "{log}"
    );

    // `enabled: false` never fires: listed as disabled, no firing, no invocation
    assert!(
        log.contains("[disabled] schedule rate(1 minute) is disabled: it never fires"),
        "{log}"
    );
    let log = emu.stop();
    assert!(
        !log.contains("[disabled] schedule rate(1 minute) fired"),
        "{log}"
    );
    assert!(event_of(&log, "disabled").is_none(), "{log}");
}

#[test]
fn without_the_flag_nothing_fires() {
    let emu = start(&[]);
    // the emulator answers (so it has started) and no schedule is listed or fired
    assert_eq!(emu.get("/__slsc/health").status, 200);
    let log = emu.stop();
    assert!(!log.contains("schedule rate(1 minute)"), "{log}");
}

#[test]
fn rate_one_minute_fires_one_minute_after_start() {
    // the emulator starts after this: its first firing is at least a minute later (whole
    // seconds, as the log writes the time)
    let before = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let emu = start(&["--schedules"]);
    let started = Instant::now();
    // AWS's shortest rate: the first firing one period after the start; polled with a
    // deadline that leaves room for a loaded machine
    let deadline = started + Duration::from_secs(120);
    while !emu.log_text().contains("EVENT emu-schedules-dev-minutely ") {
        assert!(Instant::now() < deadline, "no firing:\n{}", emu.log_text());
        std::thread::sleep(Duration::from_millis(200));
    }
    let log = emu.stop();
    let fired = "[minutely] schedule rate(1 minute) fired (on schedule) for ";
    let time = log
        .lines()
        .find_map(|l| l.split_once(fired).map(|(_, t)| t.trim()))
        .unwrap_or_else(|| panic!("no firing logged:\n{log}"));
    let at: jiff::Timestamp = time.parse().unwrap_or_else(|e| panic!("{time}: {e}"));
    assert!(
        at.as_second() >= before as i64 + 60,
        "fired at {at}, less than a minute after {before}:\n{log}"
    );
    assert!(!log.contains("fired (at start)"), "{log}");
    assert!(event_of(&log, "disabled").is_none(), "{log}");
}
