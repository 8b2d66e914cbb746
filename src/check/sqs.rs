//! Checks on `sqs` events: what AWS rejects at deploy although SF lets it through. A FIFO
//! queue takes batches of at most 10 and no batching window; a standard queue takes a batch
//! larger than 10 only with a batching window of at least a second; the ARN must be a queue's.

use super::event_source::{
    BATCH_SIZE_RANGE, BATCHING_WINDOW_RANGE, Ids, Written, filter_patterns, in_range, literal_arn,
    problem, written,
};
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::events::sqs::SqsEvent;
use crate::ir::lower::events::event_source::arn_part;
use crate::ir::lower::events::sqs::read;
use crate::ir::naming::queue_logical_id;
use crate::load::{Node, Value};

/// Lambda's bounds of the concurrent invocations of an SQS source.
pub const MAXIMUM_CONCURRENCY_RANGE: &[(i64, i64)] = &[(2, 1000)];

/// The largest batch of a FIFO queue, and of a standard queue without a batching window.
pub const MAX_BATCH_WITHOUT_WINDOW: i64 = 10;

pub fn check_sqs(root: &Node, d: &mut Diagnostics) {
    let mut ids = Ids::merged();
    for w in written(root, "sqs") {
        let e = match read(w.value, w.origin()) {
            Ok(e) => e,
            Err(p) => {
                d.push(problem("sqs", &w, p));
                continue;
            }
        };
        filter_patterns(&w, e.filter_patterns.as_deref(), d);
        in_range(
            &w,
            "batchSize",
            Some(&e.batch_size),
            BATCH_SIZE_RANGE,
            codes::BATCH_SIZE,
            d,
        );
        let window = e.maximum_batching_window.as_ref();
        in_range(
            &w,
            "maximumBatchingWindow",
            window,
            BATCHING_WINDOW_RANGE,
            codes::BATCHING_WINDOW,
            d,
        );
        let concurrency = e.maximum_concurrency.as_ref();
        in_range(
            &w,
            "maximumConcurrency",
            concurrency,
            MAXIMUM_CONCURRENCY_RANGE,
            codes::EVENT_SOURCE_RANGE,
            d,
        );
        queue_arn(&w, d);
        batching(root, &w, &e, d);
        ids.add(queue_logical_id(w.function, &e.queue_name), &w, d);
    }
}

/// A literal ARN must name an SQS queue.
fn queue_arn(w: &Written, d: &mut Diagnostics) {
    let Some((arn, span)) = literal_arn(w) else {
        return;
    };
    let service = arn_part(&arn, 2);
    if service != "sqs" {
        d.push(
            Diagnostic::error(
                codes::EVENT_SOURCE_ARN,
                format!(
                    "`{arn}` is not an SQS queue's ARN (function `{}`)",
                    w.function
                ),
            )
            .at(span)
            .label(match service {
                "" => "not an ARN".to_owned(),
                s => format!("a `{s}` ARN"),
            })
            .help("give the queue's ARN: arn:aws:sqs:<region>:<account>:<queue name>"),
        );
    }
}

/// Batch size and batching window against the queue's kind.
fn batching(root: &Node, w: &Written, e: &SqsEvent, d: &mut Diagnostics) {
    let batch = e.batch_size.as_i64().unwrap_or(0);
    let window = e
        .maximum_batching_window
        .as_ref()
        .and_then(|w| w.as_i64())
        .unwrap_or(0);
    let batch_span = w.setting("batchSize").map_or(w.entry.span, |n| n.span);
    if is_fifo(root, &e.arn, &e.queue_name) {
        if batch > MAX_BATCH_WITHOUT_WINDOW {
            d.push(
                Diagnostic::error(
                    codes::BATCH_SIZE,
                    format!("a FIFO queue's batches hold at most {MAX_BATCH_WITHOUT_WINDOW} messages; function `{}` asks for {batch}", w.function),
                )
                .at(batch_span)
                .label("too large for a FIFO queue")
                .help(format!("set `batchSize` to {MAX_BATCH_WITHOUT_WINDOW} or less")),
            );
        }
        if let Some(node) = w.setting("maximumBatchingWindow").filter(|_| window > 0) {
            d.push(
                Diagnostic::error(
                    codes::BATCHING_WINDOW,
                    format!(
                        "Lambda has no batching window for a FIFO queue (function `{}`)",
                        w.function
                    ),
                )
                .at(node.span)
                .label("not for FIFO queues")
                .help("remove `maximumBatchingWindow`"),
            );
        }
    } else if batch > MAX_BATCH_WITHOUT_WINDOW && window < 1 {
        d.push(
            Diagnostic::error(
                codes::BATCH_SIZE,
                format!("a batch of {batch} messages needs a batching window of at least 1 second (function `{}`)", w.function),
            )
            .at(batch_span)
            .label(format!("more than {MAX_BATCH_WITHOUT_WINDOW} without a batching window"))
            .help("add `maximumBatchingWindow: 1` (or more), or set `batchSize` to 10 or less"),
        );
    }
}

/// A FIFO queue: its name ends with `.fifo`, or it is a queue of this service's `resources`
/// with `FifoQueue: true`.
fn is_fifo(root: &Node, arn: &serde_json::Value, queue_name: &str) -> bool {
    if queue_name.ends_with(".fifo") {
        return true;
    }
    let Some(resource) = arn
        .get("Fn::GetAtt")
        .and_then(|a| a.get(0))
        .and_then(|r| r.as_str())
    else {
        return false;
    };
    let properties = root.path(["resources", "Resources", resource, "Properties"]);
    let fifo = properties.and_then(|p| p.get("FifoQueue"));
    let name = properties
        .and_then(|p| p.get("QueueName"))
        .and_then(Node::as_str);
    matches!(fifo.map(|n| &n.value), Some(Value::Bool(true)))
        || matches!(fifo.and_then(Node::as_str), Some("true"))
        || name.is_some_and(|n| n.ends_with(".fifo"))
}
