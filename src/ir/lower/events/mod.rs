//! `events:` entries of the non-API families → [`crate::ir::events`], one file per family,
//! with SF v3's defaults and normalizations applied. An event type whose family is not
//! lowered here yet is reported as unsupported by the caller.

pub mod event_source;
pub mod kafka;
pub mod mq;
pub mod sqs;
pub mod stream;

use super::LowerContext;
use crate::ir::events::{EventOrigin, Events};
use crate::load::Node;
use std::collections::HashMap;

/// Counts each function's events per type, for [`EventOrigin::index`].
#[derive(Default)]
pub(crate) struct EventCounter(HashMap<String, usize>);

impl EventCounter {
    /// The next 1-based index of an event of type `kind` (call once per event).
    fn next(&mut self, kind: &str) -> usize {
        let n = self.0.entry(kind.to_string()).or_insert(0);
        *n += 1;
        *n
    }
}

/// Lowers one event of type `kind` (its settings in `value`, the whole `- kind: ...` entry in
/// `event`) of the function `function` into `events`. Returns `false` when slsc does not
/// compile events of this type yet.
pub(crate) fn lower_event(
    _cx: &mut LowerContext,
    function: &str,
    kind: &str,
    event: &Node,
    value: &Node,
    counter: &mut EventCounter,
    events: &mut Events,
) -> bool {
    let mut origin = || EventOrigin {
        function: function.to_string(),
        index: counter.next(kind),
        span: event.span,
    };
    // SF skips an event whose value is falsy (`if (event.sqs)`); one it cannot compile is
    // skipped too, and reported by `check` from the same reading
    let source = value.is_truthy();
    match kind {
        "stream" if source => events.streams.extend(stream::read(value, origin()).ok()),
        "kafka" if source => events.kafka.extend(kafka::read_kafka(value, origin()).ok()),
        "activemq" if source => events
            .activemq
            .extend(mq::read(value, origin(), false).ok()),
        "rabbitmq" if source => events.rabbitmq.extend(mq::read(value, origin(), true).ok()),
        "msk" if source => events.msk.extend(kafka::read_msk(value, origin()).ok()),
        "sqs" if source => events.sqs.extend(sqs::read(value, origin()).ok()),
        "stream" | "kafka" | "activemq" | "rabbitmq" | "msk" | "sqs" => {}
        _ => return false,
    }
    true
}
