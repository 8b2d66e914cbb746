//! Checks on `cloudwatchEvent` and `cloudwatchLog` events: SF v3's errors (more than one of
//! `input`, `inputPath` and `inputTransformer`; more than two subscription filters on one log
//! group, CloudWatch Logs' limit) and what AWS rejects at deploy (rule names, target ids over
//! 64 characters, an `input` that is not JSON).

use super::event_nodes::setting_span;
use super::schedule::{input_json, rule_name, target_id};
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::Service;
use crate::load::Node;
use std::collections::HashMap;

/// Subscription filters per log group (CloudWatch Logs; SF v3 enforces it too).
pub const MAX_FILTERS_PER_LOG_GROUP: usize = 2;

pub fn check_cloudwatch(service: &Service, root: &Node, d: &mut Diagnostics) {
    for e in &service.events.cloudwatch_events {
        let set = [
            e.input.is_some(),
            e.input_path.is_some(),
            e.input_transformer.is_some(),
        ];
        if set.iter().filter(|s| **s).count() > 1 {
            d.push(one_input_only(e.origin.span, "cloudwatchEvent"));
        }
        target_id(&e.target_id, e.origin.span, d);
        if let Some(name) = &e.name {
            rule_name(
                name,
                setting_span(root, &e.origin, "cloudwatchEvent", "name"),
                d,
            );
        }
        if let Some(input) = &e.input {
            let span = setting_span(root, &e.origin, "cloudwatchEvent", "input");
            input_json(input, span, d);
        }
    }
    let mut per_group: HashMap<&str, usize> = HashMap::new();
    for e in &service.events.cloudwatch_logs {
        let n = per_group.entry(&e.log_group).or_default();
        *n += 1;
        if *n > MAX_FILTERS_PER_LOG_GROUP {
            d.push(
                Diagnostic::error(
                    codes::LOG_SUBSCRIPTION_LIMIT,
                    format!(
                        "log group `{}` gets a third subscription filter; CloudWatch Logs takes {MAX_FILTERS_PER_LOG_GROUP} per group",
                        e.log_group
                    ),
                )
                .at(e.origin.span)
                .label("one filter too many")
                .help("subscribe at most two functions (or events) to one log group across the service"),
            );
        }
    }
}

/// SF's `CLOUDWATCH_MULTIPLE_INPUT_PROPERTIES` / `EVENTBRIDGE_MULTIPLE_INPUT_PROPERTIES`.
pub(super) fn one_input_only(span: crate::source::Span, kind: &str) -> Diagnostic {
    Diagnostic::error(
        codes::EVENT_INPUT_PROPERTIES,
        format!("a `{kind}` event takes only one of `input`, `inputPath` and `inputTransformer`"),
    )
    .at(span)
    .label("SF v3 rejects this")
    .help("keep the one that shapes what the function receives; remove the others")
}
