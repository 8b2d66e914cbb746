//! Checks shared by the event source families (`sqs`, `stream`, `kafka`, `msk`, `activemq`,
//! `rabbitmq`): each event is read as lowering reads it ([`crate::ir::lower::events`]), so an
//! event SF cannot compile is reported here for the reason lowering skipped it; then the filter
//! patterns (AWS's quota and length) and two events that SF compiles into one mapping.
//! The families' own checks are in [`super::sqs`], [`super::stream`] and [`super::kafka`].

use super::function_nodes;
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::Service;
use crate::ir::events::EventOrigin;
use crate::ir::lower::events::event_source::{Problem, SourceProblem, scalar_text};
use crate::ir::lower::events::mq;
use crate::ir::lower::shape::{child, list_at};
use crate::ir::naming::{activemq_logical_id, rabbitmq_logical_id};
use crate::load::Node;
use crate::source::Span;
use std::collections::HashMap;

/// Filters per event source mapping without a quota increase (10 with one).
pub const DEFAULT_MAX_FILTERS: usize = 5;
/// The longest filter pattern Lambda accepts, in characters.
pub const MAX_FILTER_PATTERN: usize = 4096;

/// One event of a family as written.
pub struct Written<'a> {
    /// The function's key.
    pub function: &'a str,
    /// The event's value (what follows `- sqs:`).
    pub value: &'a Node,
    /// The whole `- sqs: …` entry.
    pub entry: &'a Node,
}

impl Written<'_> {
    /// The origin lowering gives the event (its index plays no part in any check).
    pub fn origin(&self) -> EventOrigin {
        EventOrigin {
            function: self.function.to_owned(),
            index: 0,
            span: self.entry.span,
        }
    }

    /// The node of a setting, when written (not `null`).
    pub fn setting(&self, key: &str) -> Option<&Node> {
        child(self.value, key)
    }
}

/// Every event of type `kind` SF compiles (a falsy value it skips), in configuration order.
pub fn written<'a>(root: &'a Node, kind: &str) -> Vec<Written<'a>> {
    let mut out = Vec::new();
    for (function, node) in function_nodes(root) {
        for entry in list_at(node, "events") {
            if let Some(value) = entry.get(kind).filter(|v| v.is_truthy()) {
                out.push(Written {
                    function,
                    value,
                    entry,
                });
            }
        }
    }
    out
}

/// Every check of the event source families.
pub fn check_event_sources(service: &Service, root: &Node, d: &mut Diagnostics) {
    super::stream::check_streams(service, root, d);
    super::kafka::check_kafka(root, d);
    mq_events(root, "activemq", activemq_logical_id, d);
    mq_events(root, "rabbitmq", rabbitmq_logical_id, d);
    super::kafka::check_msk(root, d);
    super::sqs::check_sqs(root, d);
}

/// `activemq` and `rabbitmq` events: only the shared checks apply (SF's schema holds the rest).
fn mq_events(root: &Node, kind: &str, logical_id: fn(&str, &str) -> String, d: &mut Diagnostics) {
    let mut ids = Ids::replaced();
    for w in written(root, kind) {
        match mq::read(w.value, w.origin(), kind == "rabbitmq") {
            Err(p) => d.push(problem(kind, &w, p)),
            Ok(e) => {
                filter_patterns(&w, e.filter_patterns.as_deref(), d);
                batching(
                    &w,
                    e.batch_size.as_ref(),
                    e.maximum_batching_window.as_ref(),
                    d,
                );
                ids.add(logical_id(w.function, &e.queue), &w, d);
            }
        }
    }
}

/// `batchSize` and `maximumBatchingWindow` as SF writes them (`kafka`, `msk`, MQ).
pub fn batching(
    w: &Written,
    batch_size: Option<&serde_json::Value>,
    window: Option<&serde_json::Value>,
    d: &mut Diagnostics,
) {
    in_range(
        w,
        "batchSize",
        batch_size,
        BATCH_SIZE_RANGE,
        codes::BATCH_SIZE,
        d,
    );
    in_range(
        w,
        "maximumBatchingWindow",
        window,
        BATCHING_WINDOW_RANGE,
        codes::BATCHING_WINDOW,
        d,
    );
}

/// The error for an event SF cannot compile.
pub fn problem(kind: &str, w: &Written, (problem, span): Problem) -> Diagnostic {
    let f = w.function;
    let (message, label, help) = match problem {
        SourceProblem::NotSettings => (
            format!("this {kind} event of function `{f}` is not one SF can read"),
            "not settings".to_owned(),
            if matches!(kind, "sqs" | "stream") {
                format!("write the {kind}'s ARN, or a mapping with `arn:` and the other settings")
            } else {
                format!("write the {kind} event as a mapping of its settings")
            },
        ),
        SourceProblem::Missing(key) => (
            format!("this {kind} event of function `{f}` has no `{key}`"),
            format!("no `{key}`"),
            format!("add `{key}:`; SF stops without it"),
        ),
        SourceProblem::NotAString(key) => (
            format!("`{key}` of this {kind} event of function `{f}` must be a string"),
            "expected a string".to_owned(),
            "SF names the mapping (or writes a string) with it, and stops on another value"
                .to_owned(),
        ),
        SourceProblem::NotAMapping(key) => (
            format!("`{key}` of this {kind} event of function `{f}` must be a mapping"),
            "expected a mapping".to_owned(),
            format!("write `{key}:` as a mapping"),
        ),
        SourceProblem::NotAList(key) => (
            format!("`{key}` of this {kind} event of function `{f}` must be a list"),
            "expected a list".to_owned(),
            format!("write `{key}:` as a list"),
        ),
        SourceProblem::UnreadableArn { what } => (
            format!("SF cannot read the {what}'s name out of this ARN (function `{f}`)"),
            format!("no {what} name here"),
            unreadable_help(kind),
        ),
        SourceProblem::NeedsType { key } => (
            format!(
                "`{key}` of this {kind} event of function `{f}` is an intrinsic: SF needs `type` beside it"
            ),
            "an intrinsic without `type`".to_owned(),
            if key == "arn" {
                "add `type: dynamodb` or `type: kinesis` (SF reads the type out of an ARN string only)".to_owned()
            } else {
                "add `type: sns` or `type: sqs` beside the destination's `arn`".to_owned()
            },
        ),
    };
    Diagnostic::error(codes::EVENT_SOURCE, message)
        .at(span)
        .label(label)
        .help(help)
}

fn unreadable_help(kind: &str) -> String {
    match kind {
        "sqs" => "give the queue's ARN as a string, `Fn::GetAtt: [Queue, Arn]`, `Fn::ImportValue` or `Fn::Join` (SF cannot name the mapping after a `Ref` or `Fn::Sub`)",
        "stream" => "give the stream's ARN as a string (`…:table/<name>/stream/<label>`, `…:stream/<name>`), `Fn::GetAtt`, `Fn::ImportValue`, `Ref` or `Fn::Join`",
        _ => "give the cluster's ARN as a string (`…:cluster/<name>/<id>`), `Fn::ImportValue` or `Ref`",
    }
    .to_owned()
}

/// The filter patterns of an event: at most [`DEFAULT_MAX_FILTERS`] without a quota increase,
/// each at most [`MAX_FILTER_PATTERN`] characters as SF writes it.
pub fn filter_patterns(w: &Written, patterns: Option<&[String]>, d: &mut Diagnostics) {
    let (Some(patterns), Some(node)) = (patterns, w.setting("filterPatterns")) else {
        return;
    };
    if patterns.len() > DEFAULT_MAX_FILTERS {
        d.push(
            Diagnostic::warning(
                codes::FILTER_PATTERNS,
                format!(
                    "{} filter patterns on one event source of function `{}`: Lambda allows {DEFAULT_MAX_FILTERS} unless the quota was raised",
                    patterns.len(),
                    w.function
                ),
            )
            .at(node.span)
            .label(format!("more than {DEFAULT_MAX_FILTERS} filters"))
            .help("merge patterns, or ask AWS for the quota increase (up to 10 filters)"),
        );
    }
    let nodes = list_at(w.value, "filterPatterns");
    for (pattern, node) in patterns.iter().zip(nodes) {
        let len = pattern.chars().count();
        if len > MAX_FILTER_PATTERN {
            d.push(
                Diagnostic::error(
                    codes::FILTER_PATTERNS,
                    format!("this filter pattern is {len} characters as JSON; Lambda allows {MAX_FILTER_PATTERN}"),
                )
                .at(node.span)
                .label("pattern too long")
                .help("shorten the pattern, or split it into several filters (they are ORed)"),
            );
        }
    }
}

/// Lambda's bounds of a batch size, for every kind of source (SF's schema has the same).
pub const BATCH_SIZE_RANGE: &[(i64, i64)] = &[(1, 10000)];
/// Lambda's bounds of a batching window, in seconds.
pub const BATCHING_WINDOW_RANGE: &[(i64, i64)] = &[(0, 300)];

/// A number SF writes (`value`, from the setting `key`) that Lambda takes only whole and within
/// one of `allowed`: SF's schema says so too, but SF writes it anyway in warn mode (its
/// default), and the deployment then fails.
pub fn in_range(
    w: &Written,
    key: &str,
    value: Option<&serde_json::Value>,
    allowed: &[(i64, i64)],
    code: &'static str,
    d: &mut Diagnostics,
) {
    let Some(n) = value.and_then(serde_json::Value::as_f64) else {
        return;
    };
    let fits = n.fract() == 0.0
        && allowed
            .iter()
            .any(|&(lo, hi)| (lo as f64..=hi as f64).contains(&n));
    if fits {
        return;
    }
    let bounds: Vec<String> = allowed
        .iter()
        .map(|&(lo, hi)| {
            if lo == hi {
                lo.to_string()
            } else {
                format!("{lo} to {hi}")
            }
        })
        .collect();
    let bounds = bounds.join(" or ");
    d.push(
        Diagnostic::error(
            code,
            format!("Lambda takes `{key}` only as a whole number from {bounds}; function `{}` gives {n}", w.function),
        )
        .at_opt(w.setting(key).map(|n| n.span))
        .label("out of Lambda's range")
        .help(format!("use a whole number from {bounds}")),
    );
}

/// The mapping ids of one family, to find two events SF compiles into one resource.
pub struct Ids {
    seen: HashMap<String, Span>,
    /// `_.merge` (sqs, stream: the later event's settings over the earlier's) rather than a
    /// plain replacement (kafka, msk, activemq, rabbitmq: the earlier event is lost).
    merged: bool,
}

impl Ids {
    pub fn merged() -> Self {
        Ids {
            seen: HashMap::new(),
            merged: true,
        }
    }

    pub fn replaced() -> Self {
        Ids {
            seen: HashMap::new(),
            merged: false,
        }
    }

    /// Records the mapping `id` of `w`, warning when an earlier event has it.
    pub fn add(&mut self, id: String, w: &Written, d: &mut Diagnostics) {
        let Some(first) = self.seen.get(&id).copied() else {
            self.seen.insert(id, w.entry.span);
            return;
        };
        let what = if self.merged {
            "SF merges the two into one (this event's settings over the first's, lists merged item by item)"
        } else {
            "SF keeps only this one (the first is lost)"
        };
        d.push(
            Diagnostic::warning(
                codes::EVENT_SOURCE_DUPLICATE,
                format!("this event of function `{}` makes the same mapping `{id}` as an earlier one: {what}", w.function),
            )
            .at(w.entry.span)
            .label("same mapping as an earlier event")
            .related(first, "the earlier event")
            .help("write the source once, with the settings you mean"),
        );
    }
}

/// The ARN of an event written as a literal (a scalar SF's validator makes a string), if it is
/// one: the event's value itself (`sqs: arn:…`), else its `arn`.
pub fn literal_arn(w: &Written) -> Option<(String, Span)> {
    let node = match w.value.as_map() {
        Some(_) => w.setting("arn")?,
        None => w.value,
    };
    scalar_text(node).map(|s| (s, node.span))
}
