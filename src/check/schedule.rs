//! Checks on `schedule` events: SF v3's errors (a `name` with several rates; `inputPath` and
//! `inputTransformer` with the scheduler, `timezone` without it) and what AWS rejects at deploy
//! (expressions EventBridge does not read, names it does not take, target ids over 64
//! characters, an `input` that is not JSON or, for the scheduler, empty), plus the role a
//! scheduler schedule runs with when it is the user's.

use super::event_nodes::{setting_span, settings};
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::Service;
use crate::ir::events::schedule::{Schedule, ScheduleMethod};
use crate::load::Node;
use crate::schedule as schedule_expression;
use crate::source::Span;

/// EventBridge target ids are at most 64 characters.
pub const MAX_TARGET_ID: usize = 64;

pub fn check_schedules(service: &Service, root: &Node, d: &mut Diagnostics) {
    for s in &service.events.schedules {
        sf_errors(s, root, d);
        expressions(s, root, d);
        if let Some(name) = &s.name {
            rule_name(name, setting_span(root, &s.origin, "schedule", "name"), d);
        }
        if s.method == ScheduleMethod::EventBus {
            target_id(&s.target_id, s.origin.span, d);
            if let Some(input) = &s.input {
                input_json(input, setting_span(root, &s.origin, "schedule", "input"), d);
            }
        } else {
            if s.input.as_deref() == Some("") {
                let span = setting_span(root, &s.origin, "schedule", "input");
                d.push(empty_setting("input", "EventBridge Scheduler", span));
            }
            let span = setting_span(root, &s.origin, "schedule", "method");
            scheduler_role(service, s, span, d);
        }
    }
}

/// What SF v3 throws for (`SCHEDULE_NAME_NOT_ALLOWED_MULTIPLE_RATES`,
/// `SCHEDULE_PARAMETER_NOT_SUPPORTED`).
fn sf_errors(s: &Schedule, root: &Node, d: &mut Diagnostics) {
    let at = |key: &str| setting_span(root, &s.origin, "schedule", key);
    if s.expressions.len() > 1 && s.name.as_ref().is_some_and(|n| !n.is_empty()) {
        d.push(
            Diagnostic::error(
                codes::SCHEDULE_NAME_WITH_RATES,
                "a schedule with more than one rate cannot have a `name`",
            )
            .at(at("name"))
            .label("one name for several rules")
            .help("rule and schedule names are unique: split the rates into events of their own, each with its name"),
        );
    }
    let scheduler = s.method == ScheduleMethod::Scheduler;
    let mut unsupported = |key: &str, message: &str, help: &str| {
        d.push(
            Diagnostic::error(codes::SCHEDULE_PARAMETER, message.to_string())
                .at(at(key))
                .label("SF v3 rejects this")
                .help(help.to_string()),
        );
    };
    if scheduler && s.input_transformer.is_some() {
        unsupported(
            "inputTransformer",
            "`inputTransformer` is not supported with `method: scheduler`",
            "use `input`, or leave `method` to its default (`eventBus`)",
        );
    }
    if scheduler && s.input_path.as_ref().is_some_and(|p| !p.is_empty()) {
        unsupported(
            "inputPath",
            "`inputPath` is not supported with `method: scheduler`",
            "use `input`, or leave `method` to its default (`eventBus`)",
        );
    }
    if !scheduler && s.timezone.as_ref().is_some_and(|t| !t.is_empty()) {
        unsupported(
            "timezone",
            "`timezone` is only supported with `method: scheduler`",
            "add `method: scheduler`, or write the cron expression in UTC",
        );
    }
}

/// Every expression EventBridge (or the Scheduler) would not read.
fn expressions(s: &Schedule, root: &Node, d: &mut Diagnostics) {
    let node = settings(root, &s.origin, "schedule");
    let spans: Vec<Span> = match node {
        Some(n) if n.as_map().is_some() => n
            .get("rate")
            .map(|r| {
                crate::ir::lower::shape::list_of(r)
                    .into_iter()
                    .map(|i| i.span)
                    .collect()
            })
            .unwrap_or_default(),
        Some(n) => vec![n.span],
        None => Vec::new(),
    };
    let scheduler = s.method == ScheduleMethod::Scheduler;
    for (i, e) in s.expressions.iter().enumerate() {
        let Some(text) = e.as_str() else { continue };
        let span = spans.get(i).copied().unwrap_or(s.origin.span);
        expression(text, scheduler, span, d);
    }
}

/// Reports `text` at `span` when EventBridge (`scheduler`: the Scheduler) would reject it.
pub(super) fn expression(text: &str, scheduler: bool, span: Span, d: &mut Diagnostics) {
    let Some(why) = schedule_expression::problem(text, scheduler) else {
        return;
    };
    d.push(
        Diagnostic::error(
            codes::SCHEDULE_EXPRESSION,
            format!("EventBridge rejects the schedule expression `{text}`: {why}"),
        )
        .at(span)
        .label("not a schedule EventBridge reads")
        .help("e.g. `rate(5 minutes)`, `rate(1 hour)`, `cron(0 8 * * ? *)` (minutes hours day-of-month month day-of-week year, one of the days `?`)"),
    );
}

/// A rule target's id is at most 64 characters (SF names it after the function's key).
pub(super) fn target_id(id: &str, span: Span, d: &mut Diagnostics) {
    let len = id.encode_utf16().count();
    if len <= MAX_TARGET_ID {
        return;
    }
    d.push(
        Diagnostic::error(
            codes::EVENT_TARGET_ID,
            format!(
                "the rule target's id `{id}` is {len} characters; EventBridge takes {MAX_TARGET_ID}"
            ),
        )
        .at(span)
        .label("target id too long")
        .help("shorten the function's key: SF names the target after it"),
    );
}

/// Rule and schedule names: 1 to 64 letters, digits, `.`, `-` and `_` (SF's own pattern is
/// unanchored: it takes any name with one such character).
pub(super) fn rule_name(name: &str, span: Span, d: &mut Diagnostics) {
    let ok = (1..=MAX_TARGET_ID).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if ok {
        return;
    }
    d.push(
        Diagnostic::error(
            codes::EVENT_RULE_NAME,
            format!("EventBridge rejects the name `{name}`"),
        )
        .at(span)
        .label("not a rule or schedule name")
        .help("use 1 to 64 letters, digits, `.`, `-` and `_`"),
    );
}

/// An empty setting AWS rejects although SF writes it.
pub(super) fn empty_setting(key: &str, service: &str, span: Span) -> Diagnostic {
    Diagnostic::error(
        codes::EVENT_EMPTY_SETTING,
        format!("{service} rejects an empty `{key}`"),
    )
    .at(span)
    .label("empty")
    .help(format!("remove `{key}`, or give it a value"))
}

/// A rule target's `Input` must be JSON text.
pub(super) fn input_json(input: &str, span: Span, d: &mut Diagnostics) {
    if serde_json::from_str::<serde_json::Value>(input).is_ok() {
        return;
    }
    d.push(
        Diagnostic::error(
            codes::EVENT_INPUT_JSON,
            "EventBridge rejects the target's `input`: it is not JSON text",
        )
        .at(span)
        .label("not JSON")
        .help("write the input as a mapping, or as JSON text (a plain string needs its quotes: '\"text\"')"),
    );
}

/// A scheduler schedule runs with the function's role; SF lets EventBridge Scheduler assume
/// its own role only, so a role of the user's must trust `scheduler.amazonaws.com` itself.
fn scheduler_role(service: &Service, s: &Schedule, span: Span, d: &mut Diagnostics) {
    let Some(f) = service
        .functions
        .iter()
        .find(|f| f.key == s.origin.function)
    else {
        return;
    };
    let p = &service.provider;
    let role = f
        .role
        .as_ref()
        .or(p.iam.role_arn.as_ref())
        .or(p.role.as_ref());
    // SF's own role, by its logical name
    if role.is_none_or(|r| r == "IamRoleLambdaExecution") {
        return;
    }
    d.push(
        Diagnostic::warning(
            codes::SCHEDULER_ROLE,
            format!(
                "the schedule runs with function `{}`'s own role, which SF v3 leaves as it is",
                f.key
            ),
        )
        .at(span)
        .label("role not set up for the scheduler")
        .help("let `scheduler.amazonaws.com` assume the role, and allow it `lambda:InvokeFunction` on the function (see AWS's EventBridge Scheduler execution role)"),
    );
}
