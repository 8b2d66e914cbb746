//! `- schedule:` → [`Schedule`] (SF v3 `schedule.js`). The string form is one expression on
//! the event bus; the object form lists `rate` (a scalar is a one-item list, as SF's validator
//! coerces it) with the settings of every rule or schedule it makes. On the event bus SF writes
//! the settings into JSON text ([`super::sf_text`]); the values kept here are what that text
//! decodes to. SF's own errors (a name with several rates, settings the scheduler does not
//! take) are `check`'s, on the values kept as written.

use super::sf_text;
use crate::diag::{Diagnostic, codes};
use crate::ir::events::EventOrigin;
use crate::ir::events::schedule::{Schedule, ScheduleMethod};
use crate::ir::lower::LowerContext;
use crate::ir::lower::shape::{bool_at, list_of, str_at, string, wrong};
use crate::ir::naming::schedule_target_id;
use crate::load::{Node, Value};
use serde_json::{Map, Value as Json};

/// The event, or `None` when there is none (a falsy value, which SF skips) or it cannot be
/// compiled (reported).
pub fn lower(cx: &mut LowerContext, origin: EventOrigin, value: &Node) -> Option<Schedule> {
    // `if (event.schedule)`
    if !value.is_truthy() {
        return None;
    }
    match &value.value {
        Value::Map(_) => object_form(cx, origin, value),
        Value::Seq(_) => {
            wrong(
                &mut cx.diags,
                value,
                "schedule",
                "an expression or a mapping",
            );
            None
        }
        _ => {
            let d = &mut cx.diags;
            let expression = string(d, Some(value), "schedule")?;
            let expression =
                sf_text::decode_or_report(d, &expression, "the expression", value.span)?;
            let target_id = target_id(cx, &origin)?;
            Some(Schedule {
                origin,
                expressions: vec![Json::String(expression)],
                method: ScheduleMethod::EventBus,
                enabled: true,
                name: None,
                description: None,
                input: None,
                input_path: None,
                input_transformer: None,
                timezone: None,
                target_id,
            })
        }
    }
}

/// `schedule: {rate, ...}`.
fn object_form(cx: &mut LowerContext, origin: EventOrigin, value: &Node) -> Option<Schedule> {
    let d = &mut cx.diags;
    // `event.schedule.method || 'eventBus'`: anything but `scheduler` is the event bus
    let method = match str_at(d, value, "method").as_deref() {
        Some("scheduler") => ScheduleMethod::Scheduler,
        _ => ScheduleMethod::EventBus,
    };
    let on_bus = method == ScheduleMethod::EventBus;
    let Some(rate) = value.get("rate").filter(|r| !r.is_null()) else {
        d.push(
            Diagnostic::error(codes::SCHEMA_REQUIRED, "`schedule` has no `rate`")
                .at(value.span)
                .label("SF v3 fails on this event")
                .help("add `rate:` with one or more `rate(...)` or `cron(...)` expressions"),
        );
        return None;
    };
    let mut expressions = Vec::new();
    for item in list_of(rate) {
        match &item.value {
            Value::Map(_) => expressions.push(item.to_json()),
            Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                let text = string(d, Some(item), "rate")?;
                let text = if on_bus {
                    sf_text::decode_or_report(d, &text, "the expression", item.span)?
                } else {
                    text
                };
                expressions.push(Json::String(text));
            }
            _ => {
                wrong(d, item, "rate[]", "a rate or cron expression");
                return None;
            }
        }
    }
    let enabled = bool_at(d, value, "enabled") != Some(false);
    let name = text_at(cx, value, "name", on_bus, "`name`")?;
    let description = text_at(cx, value, "description", on_bus, "`description`")?;
    let input_path = text_at(cx, value, "inputPath", on_bus, "`inputPath`")?;
    let timezone = str_at(&mut cx.diags, value, "timezone");
    let input = match value.get("input").filter(|i| !i.is_null()) {
        Some(node) => input(cx, node, on_bus)?,
        None => None,
    };
    let input_transformer = value
        .get("inputTransformer")
        .filter(|t| t.is_truthy())
        .map(input_transformer);
    let target_id = if on_bus {
        target_id(cx, &origin)?
    } else {
        schedule_target_id(&origin.function)
    };
    Some(Schedule {
        origin,
        expressions,
        method,
        enabled,
        name,
        description,
        input,
        input_path,
        input_transformer,
        timezone,
        target_id,
    })
}

/// A string setting: on the event bus, decoded as SF's template reads it (an empty string is
/// left out there, as SF leaves it out); for the scheduler, as written. `None` when it breaks
/// SF's template (reported); `Some(None)` when absent.
fn text_at(
    cx: &mut LowerContext,
    parent: &Node,
    key: &str,
    on_bus: bool,
    what: &str,
) -> Option<Option<String>> {
    let d = &mut cx.diags;
    let Some(text) = str_at(d, parent, key) else {
        return Some(None);
    };
    if !on_bus {
        return Some(Some(text));
    }
    if text.is_empty() {
        return Some(None);
    }
    let span = parent.get(key).map_or(parent.span, |n| n.span);
    sf_text::decode_or_report(d, &text, what, span).map(Some)
}

/// The target's `Input`: an object becomes JSON text (its `body` parsed first when it is
/// JSON text itself); on the event bus its quotes are escaped and the text decoded as SF's
/// template reads it, and an empty input is left out.
fn input(cx: &mut LowerContext, node: &Node, on_bus: bool) -> Option<Option<String>> {
    let d = &mut cx.diags;
    let text = match &node.value {
        Value::Map(_) | Value::Seq(_) => {
            let mut json = node.to_json();
            if let Some(Json::String(body)) = json.get("body") {
                let Ok(parsed) = serde_json::from_str::<Json>(body) else {
                    let span = node.get("body").map_or(node.span, |b| b.span);
                    d.push(
                        Diagnostic::error(
                            codes::SF_JSON_TEXT,
                            "`input.body` is not JSON text: SF v3 parses it and fails (SyntaxError)",
                        )
                        .at(span)
                        .label("not JSON")
                        .help("write the body as JSON text, or as a mapping under `input`"),
                    );
                    return None;
                };
                json["body"] = sf_text::js_numbers(parsed);
            }
            sf_text::stringify(&json)
        }
        _ => string(d, Some(node), "input")?,
    };
    if !on_bus {
        return Some(Some(text));
    }
    if text.is_empty() {
        return Some(None);
    }
    let escaped = sf_text::escape_quotes(&text);
    sf_text::decode_or_report(d, &escaped, "`input`", node.span).map(Some)
}

/// `{InputTemplate, InputPathsMap}` from `{inputTemplate, inputPathsMap}` (SF
/// `formatInputTransformer`: the paths only when given).
pub(super) fn input_transformer(node: &Node) -> Json {
    let mut m = Map::new();
    if let Some(template) = node.get("inputTemplate") {
        m.insert("InputTemplate".into(), template.to_json());
    }
    if let Some(paths) = node.get("inputPathsMap").filter(|p| p.is_truthy()) {
        m.insert("InputPathsMap".into(), paths.to_json());
    }
    Json::Object(m)
}

/// `<key>Schedule`, as SF's template reads it.
fn target_id(cx: &mut LowerContext, origin: &EventOrigin) -> Option<String> {
    sf_text::decode_or_report(
        &mut cx.diags,
        &schedule_target_id(&origin.function),
        "the function's key (in the rule target's id)",
        origin.span,
    )
}
