//! Checks on `alb` events: what SF v3's `alb/lib/validate.js` refuses (no condition, a listener
//! it cannot read, a target group name beside a prefix, an unknown authorizer, a priority
//! already used) and what Elastic Load Balancing refuses although SF lets it through (more
//! values than a rule compares, a health check timeout not shorter than its interval).

use super::event_value;
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::Service;
use crate::ir::events::alb::{AlbConditions, AlbEvent};
use crate::load::Node;
use crate::source::Span;

/// ELB compares at most this many values per condition, and per rule.
pub const MAX_VALUES_PER_CONDITION: usize = 3;
pub const MAX_VALUES_PER_RULE: usize = 5;

pub fn check(service: &Service, root: &Node, d: &mut Diagnostics) {
    let albs = &service.events.albs;
    for e in &albs.events {
        let value = event_value(root, &e.origin, "alb");
        let span_of = |key: &str| {
            value
                .and_then(|v| v.get(key))
                .map_or(e.origin.span, |n| n.span)
        };
        let function = &e.origin.function;
        if !e.conditions.any {
            d.push(
                Diagnostic::error(
                    codes::ALB_CONDITIONS,
                    format!("an `alb` event of function `{function}` has no condition"),
                )
                .at(span_of("conditions"))
                .label("no condition")
                .help("add a condition under `conditions:` (path, host, method, header, query or ip) (SF: ALB_NO_CONDITIONS)"),
            );
        }
        if e.ids.is_none() {
            d.push(
                Diagnostic::error(
                    codes::ALB_LISTENER_ARN,
                    format!("the `listenerArn` of an `alb` event of function `{function}` is not a listener ARN"),
                )
                .at(span_of("listenerArn"))
                .label("not arn:aws:elasticloadbalancing:...:listener/app/<lb>/<id>/<id> or {Ref}")
                .help("give the listener's ARN, or `Ref:` the listener's logical id (SF: ALB_INVALID_LISTENER_ARN)"),
            );
        }
        if e.target_group_name.is_some() && !albs.target_group_prefix.is_empty() {
            d.push(
                Diagnostic::error(
                    codes::ALB_TARGET_GROUP_NAME,
                    format!("an `alb` event of function `{function}` names its target group while `provider.alb.targetGroupPrefix` is set"),
                )
                .at(span_of("targetGroupName"))
                .label("exclusive with the prefix")
                .help("drop `targetGroupName` or `provider.alb.targetGroupPrefix` (SF: ALB_TARGET_GROUP_NAME_EXCLUSIVE)"),
            );
        }
        for name in &e.authorizers {
            if albs.authorizers.contains_key(name) {
                continue;
            }
            let names = albs.authorizers.keys().map(String::as_str);
            d.push(
                Diagnostic::error(
                    codes::ALB_AUTHORIZER,
                    format!("function `{function}` names ALB authorizer `{name}`, which `provider.alb.authorizers` lacks"),
                )
                .at(span_of("authorizer"))
                .label("unknown authorizer")
                .help(match super::nearest(name, names) {
                    Some(near) => format!("did you mean `{near}`? (SF: ALB_MISSING_AUTHORIZER)"),
                    None => "define it under `provider.alb.authorizers` (SF: ALB_MISSING_AUTHORIZER)".to_string(),
                }),
            );
        }
        condition_values(e, span_of("conditions"), d);
        health_check(e, span_of("healthCheck"), d);
    }
    priorities(&albs.events, root, d);
}

/// SF `validatePriorities`: one priority per listener; and (a limit of SF's own) one per
/// function, even across listeners.
fn priorities(events: &[AlbEvent], root: &Node, d: &mut Diagnostics) {
    let listener = |e: &AlbEvent| e.ids.as_ref().map(|i| i.listener_id.clone());
    for (i, e) in events.iter().enumerate() {
        let earlier = &events[..i];
        let same_function_other_listener = earlier.iter().any(|o| {
            o.priority == e.priority
                && listener(o) != listener(e)
                && o.origin.function == e.origin.function
        });
        let same_listener_other_function = earlier.iter().any(|o| {
            o.priority == e.priority
                && listener(o) == listener(e)
                && o.origin.function != e.origin.function
        });
        if !same_function_other_listener && !same_listener_other_function {
            continue;
        }
        let span = event_value(root, &e.origin, "alb")
            .and_then(|v| v.get("priority"))
            .map_or(e.origin.span, |n| n.span);
        let help = if same_function_other_listener {
            "SF names a rule by its function and priority, so one function's events cannot share a priority even on different listeners: pick another (SF: ALB_PRIORITY_ALREADY_IN_USE)"
        } else {
            "a listener evaluates its rules by priority, so each needs its own: pick another (SF: ALB_PRIORITY_ALREADY_IN_USE)"
        };
        d.push(
            Diagnostic::error(
                codes::ALB_PRIORITY,
                format!(
                    "an `alb` event of function `{}` uses priority {} already in use",
                    e.origin.function, e.priority
                ),
            )
            .at(span)
            .label("priority in use")
            .help(help),
        );
    }
}

/// ELB compares at most three values per condition and five per rule.
fn condition_values(e: &AlbEvent, span: Span, d: &mut Diagnostics) {
    let counts = condition_counts(&e.conditions);
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    let over = counts.iter().find(|(_, n)| *n > MAX_VALUES_PER_CONDITION);
    if over.is_none() && total <= MAX_VALUES_PER_RULE {
        return;
    }
    let what = match over {
        Some((name, n)) => format!("its `{name}` condition compares {n} values"),
        None => format!("its conditions compare {total} values"),
    };
    d.push(
        Diagnostic::error(
            codes::ALB_CONDITIONS,
            format!("the listener rule of an `alb` event of function `{}` compares too many values: {what}", e.origin.function),
        )
        .at(span)
        .label("too many values")
        .help("a listener rule compares at most 3 values per condition and 5 in all: split the event into several rules"),
    );
}

/// The number of values each condition compares (each header and query pair counts).
fn condition_counts(c: &AlbConditions) -> Vec<(&'static str, usize)> {
    let len = |l: &Option<Vec<serde_json::Value>>| l.as_ref().map_or(0, Vec::len);
    let mut out = vec![
        ("path", len(&c.path)),
        ("host", len(&c.host)),
        ("method", len(&c.method)),
        ("ip", len(&c.ip)),
        (
            "query",
            c.query
                .as_ref()
                .and_then(serde_json::Value::as_object)
                .map_or(0, serde_json::Map::len),
        ),
    ];
    for h in c.header.iter().flatten() {
        let n = h
            .get("values")
            .map_or(0, |v| v.as_array().map_or(1, Vec::len));
        out.push(("header", n));
    }
    out
}

/// ELB waits for a health check at most until the next one.
fn health_check(e: &AlbEvent, span: Span, d: &mut Diagnostics) {
    let Some(hc) = &e.health_check else {
        return;
    };
    let get = |key: &str, default: i64| {
        hc.get(key)
            .and_then(serde_json::Value::as_i64)
            .unwrap_or(default)
    };
    let interval = get("intervalSeconds", 35);
    let timeout = get("timeoutSeconds", 30);
    if timeout < interval {
        return;
    }
    d.push(
        Diagnostic::error(
            codes::ALB_HEALTH_CHECK,
            format!("the health check of function `{}`'s target group times out after {timeout} s, not before its next check ({interval} s)", e.origin.function),
        )
        .at(span)
        .label("timeout not shorter than interval")
        .help("make `timeoutSeconds` shorter than `intervalSeconds` (defaults: 30 and 35)"),
    );
}
