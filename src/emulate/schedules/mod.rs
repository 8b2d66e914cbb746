//! `slsc emulate --schedules`: `schedule` events and `eventBridge` events with a `schedule`
//! fire on their rate or cron ([`crate::schedule`], shared with the checks), in UTC as EventBridge evaluates rules,
//! or in a `method: scheduler` schedule's `timezone` (a time DST skips is skipped, one it
//! repeats fires once); a rule's rate first fires one period after the start, a Scheduler's
//! rate at the start. Each firing invokes the function with
//! the payload AWS sends ([`payload`]), and the firing (function, expression, time) and its
//! result or error are logged. `enabled: false` schedules are listed and never fire.
//! EventBridge invokes asynchronously: the result goes nowhere on AWS, and here to the log;
//! Lambda's retries of a failed asynchronous invocation are not emulated.

pub mod payload;

use crate::common::time::now_timestamp;
use crate::emulate::gateway::access_log::{self, LogFormat};
use crate::emulate::gateway::{Lambda, LambdaResult};
use crate::ir::Service;
use crate::ir::events::schedule::ScheduleMethod;
use crate::ir::naming::{schedule_logical_id, scheduler_schedule_logical_id, stack_name};
use crate::schedule::Expression;
use crate::schedule::cron::Cron;
use bytes::Bytes;
use jiff::Timestamp;
use jiff::tz::{AmbiguousOffset, TimeZone};
use payload::Input;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// One expression of one schedule: what fires, when and with what.
#[derive(Clone, Debug)]
pub struct Schedule {
    pub function: String,
    /// The expression as written (`rate(1 minute)`, `cron(0 10 * * ? *)`).
    pub expression: String,
    pub enabled: bool,
    /// An EventBridge rule or an EventBridge Scheduler schedule: their rates start apart.
    pub method: ScheduleMethod,
    pub when: When,
    pub input: Input,
    /// The rule's (or the Scheduler schedule's) ARN.
    pub arn: String,
}

/// When a schedule fires.
#[derive(Clone, Debug)]
pub enum When {
    /// Every period, counted from the start.
    Rate(Duration),
    /// On the cron's minutes, read in the zone.
    Cron(Box<Cron>, TimeZone),
}

/// Every schedule of `service`, and a line for each expression that cannot run.
pub fn plan(service: &Service, account: &str) -> (Vec<Schedule>, Vec<String>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let region = service.region.as_str();
    let deployed = |key: &str| {
        service
            .functions
            .iter()
            .find(|f| f.key == key)
            .map_or_else(|| key.to_string(), |f| f.name.clone())
    };
    let stack = stack_name(service);
    // SF numbers expressions across each function's schedule events (`scheduleNumberInFunction`)
    let mut numbers: HashMap<&str, usize> = HashMap::new();
    for s in &service.events.schedules {
        let function = &s.origin.function;
        let number = numbers.entry(function.as_str()).or_default();
        let zone = match (s.method, &s.timezone) {
            (ScheduleMethod::Scheduler, Some(tz)) => match TimeZone::get(tz) {
                Ok(z) => z,
                Err(e) => {
                    problems.push(format!("{function}: timezone {tz}: {e}; not scheduled"));
                    continue;
                }
            },
            _ => TimeZone::UTC,
        };
        for expression in &s.expressions {
            *number += 1;
            // without a `name`, CloudFormation names the resource `<stack>-<logical id>-<random
            // suffix>`: here without the suffix, so each expression has a name of its own
            let generated = |logical_id: String| format!("{stack}-{logical_id}");
            let (arn, input) = match s.method {
                ScheduleMethod::Scheduler => {
                    (
                        format!(
                            "arn:aws:scheduler:{region}:{account}:schedule/default/{}",
                            s.name.clone().unwrap_or_else(|| generated(
                                scheduler_schedule_logical_id(function, *number)
                            ))
                        ),
                        Input::Scheduler(s.input.clone()),
                    )
                }
                ScheduleMethod::EventBus => (
                    format!(
                        "arn:aws:events:{region}:{account}:rule/{}",
                        s.name
                            .clone()
                            .unwrap_or_else(|| generated(schedule_logical_id(function, *number)))
                    ),
                    Input::of_rule(
                        s.input.as_ref().map(|t| Value::String(t.clone())).as_ref(),
                        s.input_path.as_deref(),
                        s.input_transformer.as_ref(),
                    ),
                ),
            };
            match when(expression, &zone) {
                Ok((expression, when)) => out.push(Schedule {
                    function: function.clone(),
                    expression,
                    enabled: s.enabled,
                    method: s.method,
                    when,
                    input,
                    arn,
                }),
                Err(e) => problems.push(format!("{function}: {e}; not scheduled")),
            }
        }
    }
    for r in &service.events.event_bridge_rules {
        let Some(expression) = &r.schedule else {
            continue;
        };
        let function = &r.origin.function;
        let name = r.name.clone().unwrap_or_else(|| {
            crate::ir::naming::event_bridge_rule_name(&deployed(function), r.position)
        });
        let input = Input::of_rule(
            r.input.as_ref(),
            r.input_path.as_ref().and_then(Value::as_str),
            r.input_transformer.as_ref(),
        );
        match when(expression, &TimeZone::UTC) {
            Ok((expression, when)) => out.push(Schedule {
                function: function.clone(),
                expression,
                enabled: r.enabled,
                method: ScheduleMethod::EventBus,
                when,
                input,
                arn: format!("arn:aws:events:{region}:{account}:rule/{name}"),
            }),
            Err(e) => problems.push(format!("{function}: {e}; not scheduled")),
        }
    }
    (out, problems)
}

/// The expression's text and when it fires.
fn when(expression: &Value, zone: &TimeZone) -> Result<(String, When), String> {
    let Some(text) = expression.as_str() else {
        return Err(format!("the expression {expression} is not a string"));
    };
    let when = match crate::schedule::parse(text).map_err(|e| format!("{text}: {e}"))? {
        Expression::Rate(period) => When::Rate(period),
        Expression::Cron(cron) => When::Cron(cron, zone.clone()),
        Expression::At(_) => {
            return Err(format!("{text}: one-time schedules are not emulated"));
        }
    };
    Ok((text.to_string(), when))
}

impl Schedule {
    /// The first firing at or after `start` (when the emulator started): an EventBridge
    /// Scheduler rate without a `StartDate` (SF sets none) starts invoking at once ("If you do
    /// not provide a StartDate for a rate-based schedule, your schedule will begin invoking
    /// the target immediately": Scheduler user guide, "Rate-based schedules"); a rule's rate
    /// one period after it is created; a cron on its first matching minute.
    pub fn first_firing(&self, start: Timestamp) -> Option<Timestamp> {
        match (self.method, &self.when) {
            (ScheduleMethod::Scheduler, When::Rate(_)) => Some(start),
            _ => self.when.next_after(start, start),
        }
    }
}

impl When {
    /// The first firing strictly after `after`; `start` is when the emulator started (rates
    /// count from it).
    pub fn next_after(&self, after: Timestamp, start: Timestamp) -> Option<Timestamp> {
        match self {
            When::Rate(period) => {
                let period_ns = i128::try_from(period.as_nanos()).ok()?.max(1);
                let elapsed = after.as_nanosecond() - start.as_nanosecond();
                let periods = elapsed.div_euclid(period_ns) + 1;
                Timestamp::from_nanosecond(start.as_nanosecond() + periods * period_ns).ok()
            }
            When::Cron(cron, zone) => {
                // EventBridge Scheduler across a DST change: "your schedule invocation gets
                // skipped if the cron expression falls on a non-existent date and time", and
                // when clocks go back "your schedule runs only once" (Scheduler user guide,
                // "Daylight saving time"; knowledge center, eventbridge-scheduler-adjust-dst).
                // A skipped local time (a gap) moves on to the next match; a repeated one (a
                // fold) fires at its earlier instant only, so the later one maps to or before
                // `after` and is passed over. Each step moves at least a minute on, and gaps
                // and folds last hours at most (a whole day at the very most): the bound only
                // guards against a zone database gone wrong.
                let mut local = after.to_zoned_datetime(zone.clone()).datetime();
                for _ in 0..3 * 24 * 60 {
                    let next = cron.next_after(local)?;
                    local = next;
                    let ambiguous = zone.to_ambiguous_timestamp(next);
                    if let AmbiguousOffset::Gap { .. } = ambiguous.offset() {
                        continue;
                    }
                    let at = ambiguous.earlier().ok()?;
                    if at > after {
                        return Some(at);
                    }
                }
                None
            }
        }
    }
}

/// Fires `schedules` (the enabled ones) for as long as the runtime runs; `at_start` fires
/// each once right away as well.
pub fn spawn(
    schedules: Vec<Schedule>,
    service: &Service,
    account: &str,
    lambda: Arc<dyn Lambda>,
    at_start: bool,
    log: LogFormat,
) {
    let start = now_timestamp();
    for s in schedules {
        if !s.enabled {
            note(
                log,
                &s.function,
                &format!("schedule {} is disabled: it never fires", s.expression),
            );
            continue;
        }
        let first = s.first_firing(start);
        note(
            log,
            &s.function,
            &format!(
                "schedule {} first fires at {}",
                s.expression,
                first.map_or_else(|| "never".to_string(), |t| t.to_string())
            ),
        );
        let s = Arc::new(s);
        let lambda = lambda.clone();
        let (account, region) = (account.to_string(), service.region.clone());
        tokio::spawn(async move {
            // a schedule that fires at the start anyway is not fired twice
            if at_start && first != Some(start) {
                fire(&s, &lambda, start, &account, &region, log, "at start");
            }
            let mut next = first;
            while let Some(at) = next {
                let wait = at.duration_since(now_timestamp());
                if let Ok(wait) = Duration::try_from(wait) {
                    tokio::time::sleep(wait).await;
                }
                fire(&s, &lambda, at, &account, &region, log, "on schedule");
                next = s.when.next_after(at, start);
            }
        });
    }
}

/// Invokes the schedule's function for the firing at `at` (in a task of its own: a slow
/// handler does not hold up the next firing), logging the firing and its result.
fn fire(
    s: &Arc<Schedule>,
    lambda: &Arc<dyn Lambda>,
    at: Timestamp,
    account: &str,
    region: &str,
    log: LogFormat,
    why: &str,
) {
    let time = at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    let id = crate::common::ids::uuid_v4();
    let payload = s.input.payload(&payload::Firing {
        account,
        region,
        arn: &s.arn,
        time: &time,
        id: &id,
    });
    note(
        log,
        &s.function,
        &format!("schedule {} fired ({why}) for {time}", s.expression),
    );
    let s = s.clone();
    let lambda = lambda.clone();
    tokio::spawn(async move {
        let result = lambda
            .invoke(&s.function, Bytes::from(payload.to_string()))
            .await;
        let text = match result {
            LambdaResult::Ok(body) => format!(
                "schedule {} for {time}: ok {}",
                s.expression,
                String::from_utf8_lossy(&body[..body.len().min(512)])
            ),
            LambdaResult::Error { payload, kind } => format!(
                "schedule {} for {time}: error ({kind}) {}",
                s.expression,
                String::from_utf8_lossy(&payload[..payload.len().min(512)])
            ),
        };
        note(log, &s.function, &text);
    });
}

/// One log line about `function`'s schedules.
fn note(log: LogFormat, function: &str, text: &str) {
    access_log::emit(match log {
        LogFormat::Text => format!("[{function}] {text}"),
        LogFormat::Json => serde_json::json!({
            "type": "schedule",
            "function": function,
            "text": text,
        })
        .to_string(),
    });
}

#[cfg(test)]
mod tests;
