//! `- cloudwatchEvent:` → [`CloudwatchEvent`] (SF v3 `cloud-watch-event.js`). SF writes the
//! settings into JSON text ([`super::sf_text`]) after dropping the two-character escapes `\n`
//! and `\r` from the pattern's and the input's JSON, and line breaks from `inputPath`; the
//! values kept here are what that text decodes to. Which of `input`, `inputPath` and
//! `inputTransformer` are set (SF allows one) is `check`'s.

use super::schedule::input_transformer;
use super::sf_text;
use crate::diag::{Diagnostic, codes};
use crate::ir::events::EventOrigin;
use crate::ir::events::cloudwatch_event::CloudwatchEvent;
use crate::ir::lower::LowerContext;
use crate::ir::lower::shape::{bool_at, str_at, string};
use crate::ir::naming::cloudwatch_event_target_id;
use crate::load::{Node, Value};

/// The event, or `None` when there is none (a falsy value, which SF skips) or it cannot be
/// compiled (reported).
pub fn lower(cx: &mut LowerContext, origin: EventOrigin, value: &Node) -> Option<CloudwatchEvent> {
    let value = super::settings_map(cx, value, "cloudwatchEvent", "a mapping with `event`")?;
    let d = &mut cx.diags;
    // `JSON.stringify(undefined).replace(...)` throws: SF needs the pattern
    let Some(event) = value.get("event") else {
        d.push(
            Diagnostic::error(
                codes::CLOUDWATCH_EVENT_PATTERN,
                "`cloudwatchEvent` has no `event` (the event pattern)",
            )
            .at(value.span)
            .label("SF v3 fails on this event (TypeError)")
            .help("add `event:` with the pattern the rule matches, e.g. `source: [aws.ec2]`"),
        );
        return None;
    };
    let pattern_text = sf_text::drop_escaped_line_breaks(&sf_text::stringify(&event.to_json()));
    let Ok(pattern) = serde_json::from_str(&pattern_text) else {
        sf_text::report(d, "the event pattern", event.span);
        return None;
    };
    let enabled = bool_at(d, value, "enabled") != Some(false);
    let description = decoded_at(cx, value, "description", |t| t.to_string())?;
    let name = decoded_at(cx, value, "name", |t| t.to_string())?;
    let input_path = decoded_at(cx, value, "inputPath", sf_text::drop_line_breaks)?;
    let input = match value.get("input").filter(|i| i.is_truthy()) {
        Some(node) => Some(input(cx, node)?),
        None => None,
    };
    let input_transformer = value
        .get("inputTransformer")
        .filter(|t| t.is_truthy())
        .map(input_transformer);
    let target_id = sf_text::decode_or_report(
        &mut cx.diags,
        &cloudwatch_event_target_id(&origin.function),
        "the function's key (in the rule target's id)",
        origin.span,
    )?;
    Some(CloudwatchEvent {
        origin,
        pattern,
        enabled,
        description,
        name,
        input,
        input_path,
        input_transformer,
        target_id,
    })
}

/// A string setting SF writes only when it is not empty, through `prepare`, then decoded as
/// SF's template reads it. `None` when it breaks the template (reported); `Some(None)` when
/// absent or empty.
fn decoded_at(
    cx: &mut LowerContext,
    parent: &Node,
    key: &str,
    prepare: impl Fn(&str) -> String,
) -> Option<Option<String>> {
    let d = &mut cx.diags;
    let Some(text) = str_at(d, parent, key).filter(|t| !t.is_empty()) else {
        return Some(None);
    };
    let span = parent.get(key).map_or(parent.span, |n| n.span);
    sf_text::decode_or_report(d, &prepare(&text), &format!("`{key}`"), span).map(Some)
}

/// The target's `Input`: an object as JSON text, quotes escaped, `\n` and `\r` escapes
/// dropped, then decoded as SF's template reads it.
fn input(cx: &mut LowerContext, node: &Node) -> Option<String> {
    let d = &mut cx.diags;
    let text = match &node.value {
        Value::Map(_) | Value::Seq(_) => sf_text::stringify(&node.to_json()),
        _ => string(d, Some(node), "input")?,
    };
    let prepared = sf_text::drop_escaped_line_breaks(&sf_text::escape_quotes(&text));
    sf_text::decode_or_report(d, &prepared, "`input`", node.span)
}
