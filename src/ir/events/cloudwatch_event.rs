//! `cloudwatchEvent` events: an EventBridge rule on the default bus matching `event` (the
//! pattern), and the Lambda permission that lets it invoke the function.

use super::EventOrigin;
use serde::Serialize;
use serde_json::Value as Json;

/// One `- cloudwatchEvent:` event. SF v3 writes its values into JSON text and parses it: the
/// strings here are what that text decodes to (see [`super::schedule::Schedule`]).
#[derive(Clone, Debug, Serialize)]
pub struct CloudwatchEvent {
    pub origin: EventOrigin,
    /// `EventPattern`: the `event` value once through SF's text round trip.
    pub pattern: Json,
    /// `enabled: false` makes the rule `DISABLED`.
    pub enabled: bool,
    pub description: Option<String>,
    pub name: Option<String>,
    /// The target's `Input` (an object is JSON text by now).
    pub input: Option<String>,
    pub input_path: Option<String>,
    /// The target's `InputTransformer` (`InputTemplate`, then `InputPathsMap` when given).
    pub input_transformer: Option<Json>,
    /// The rule target's `Id`: `<function key>CloudWatchEvent`.
    pub target_id: String,
}
