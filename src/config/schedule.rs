//! The `schedule` event, typed as SF v3.40's `schedule.js` (`defineFunctionEvent('aws',
//! 'schedule', …)`) describes it: a rate or cron expression, or settings with a list of them.

use super::defs::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// `rate(1 minute|hour|day)`, `rate(<n> minutes|hours|days)` with `n` ≥ 2, or
/// `cron(<6 fields>)` (SF's `scheduleSyntax`).
pub const SCHEDULE_SYNTAX: &str = "^rate\\((?:1 (?:minute|hour|day)|(?:1[0-9]+|[2-9][0-9]*) (?:minute|hour|day)s)\\)$|^cron\\(\\S+ \\S+ \\S+ \\S+ \\S+ \\S+\\)$";

/// One `- schedule:` event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ScheduleEvent {
    Expression(ScheduleExpression),
    Settings(Box<ScheduleSettings>),
}

def!(
    /// A rate or cron expression.
    ScheduleExpression(String) = "scheduleExpression",
    |g| json!({"type": "string", "pattern": SCHEDULE_SYNTAX})
);

/// The object form of a `schedule` event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScheduleSettings {
    pub rate: ScheduleRates,
    pub enabled: Option<bool>,
    pub name: Option<ScheduleName>,
    #[schemars(length(max = 512))]
    pub description: Option<String>,
    pub input: Option<ScheduleInput>,
    #[schemars(length(max = 256))]
    pub input_path: Option<String>,
    pub input_transformer: Option<ScheduleInputTransformer>,
    pub method: Option<ScheduleMethod>,
    pub timezone: Option<ScheduleTimezone>,
}

def!(
    /// The expressions, one rule or schedule each (a single one is a one-item list: SF's
    /// validator coerces it).
    ScheduleRates(Value) = "scheduleRates",
    |g| json!({"type": "array", "minItems": 1, "items": sub::<ScheduleRate>(g)})
);

def!(
    /// An expression, or an intrinsic function that makes one.
    ScheduleRate(Value) = "scheduleRate",
    |g| json!({"anyOf": [sub::<CfFunction>(g), {"type": "string", "pattern": SCHEDULE_SYNTAX}]})
);

def!(
    /// A rule or schedule name (SF's pattern is unanchored).
    ScheduleName(String) = "scheduleName",
    |g| json!({"type": "string", "minLength": 1, "maxLength": 64, "pattern": "[\\.\\-_A-Za-z0-9]+"})
);

def!(
    /// The target's input: text, or an object (with `body` alone, the body as text). SF's
    /// second branch, `not: {required: [body]}`, is written `properties: {body: false}`.
    ScheduleInput(Value) = "scheduleInput",
    |g| json!({"anyOf": [
        {"type": "string", "maxLength": 8192},
        {"type": "object", "oneOf": [
            {"properties": {"body": {"type": "string", "maxLength": 8192}}, "required": ["body"], "additionalProperties": false},
            {"properties": {"body": false}}
        ]}
    ]})
);

/// `inputTransformer` of a `schedule` event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ScheduleInputTransformer {
    #[schemars(length(min = 1, max = 8192))]
    pub input_template: String,
    pub input_paths_map: Option<AnyObject>,
}

def!(
    /// `eventBus` (an EventBridge rule, the default) or `scheduler` (EventBridge Scheduler).
    ScheduleMethod(String) = "scheduleMethod",
    |g| json!({"type": "string", "enum": ["eventBus", "scheduler"]})
);

def!(
    /// The scheduler's time zone (SF's pattern is unanchored).
    ScheduleTimezone(String) = "scheduleTimezone",
    |g| json!({"type": "string", "pattern": "[A-Za-z0-9_\\-\\/]+"})
);
