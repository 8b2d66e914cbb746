//! `events:` entries of the non-API families → [`crate::ir::events`], one file per family,
//! with SF v3's defaults and normalizations applied. An event type whose family is not
//! lowered here yet is reported as unsupported by the caller.

pub(crate) mod alb;
pub(crate) mod websocket;

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
    cx: &mut LowerContext,
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
    match kind {
        "websocket" => websocket::lower(cx, origin(), value, &mut events.websockets),
        "alb" => alb::lower(cx, origin(), value, &mut events.albs),
        _ => return false,
    }
    true
}
