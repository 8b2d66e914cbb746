//! `schedule` events: each expression becomes an EventBridge rule (`AWS::Events::Rule` and its
//! Lambda permission) or, with `method: scheduler`, an EventBridge Scheduler schedule
//! (`AWS::Scheduler::Schedule`) that invokes the function with its execution role.

use super::EventOrigin;
use serde::Serialize;
use serde_json::Value as Json;

/// One `- schedule:` event. Strings hold what SF v3's template ends up with: on the event
/// bus, SF writes them into JSON text unescaped and parses that text, so an escape sequence
/// written in the value is decoded once (lowering does the same).
#[derive(Clone, Debug, Serialize)]
pub struct Schedule {
    pub origin: EventOrigin,
    /// The rate and cron expressions (strings, or intrinsic functions), in order: one rule or
    /// schedule each, numbered across the function's schedule events.
    pub expressions: Vec<Json>,
    pub method: ScheduleMethod,
    /// `enabled: false` makes the rule or schedule `DISABLED`.
    pub enabled: bool,
    pub name: Option<String>,
    pub description: Option<String>,
    /// The target's `Input` (an object is JSON text by now).
    pub input: Option<String>,
    pub input_path: Option<String>,
    /// The target's `InputTransformer` (`InputTemplate`, then `InputPathsMap` when given).
    pub input_transformer: Option<Json>,
    /// `timezone` (scheduler only).
    pub timezone: Option<String>,
    /// The rule target's `Id`: `<function key>Schedule`.
    pub target_id: String,
}

/// Where a schedule runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ScheduleMethod {
    /// An EventBridge rule on the default bus (SF's default, `method: eventBus`).
    EventBus,
    /// An EventBridge Scheduler schedule (`method: scheduler`).
    Scheduler,
}
