//! `eventBridge` events: a rule on the default, a named or an existing bus targeting the
//! function. Compiled to CloudFormation (the rule, the named bus when the service creates it,
//! the Lambda permission) when there is no `provider.eventBridge` or it says
//! `useCloudFormation: true`; else to SF v3's `Custom::EventBridge`, which makes them through
//! the API ([`super::Events::event_bridge_custom_resource`]).

use super::EventOrigin;
use serde::Serialize;
use serde_json::Value as Json;

/// One `- eventBridge:` event. Values are kept as written: SF v3 builds these resources as
/// objects, not as text.
#[derive(Clone, Debug, Serialize)]
pub struct EventBridgeRule {
    pub origin: EventOrigin,
    /// 1-based position of the event among all of the function's events, whatever their type:
    /// SF numbers the rule name, its logical id and the permission with it.
    pub position: usize,
    /// `name` (a rule name), when given and not empty.
    pub name: Option<String>,
    pub description: Option<Json>,
    /// `eventBus`: a name, an ARN or an intrinsic function.
    pub event_bus: Option<Json>,
    pub schedule: Option<Json>,
    pub pattern: Option<Json>,
    /// `enabled: false` makes the rule `DISABLED`.
    pub enabled: bool,
    pub input: Option<Json>,
    pub input_path: Option<Json>,
    /// `inputTransformer` with its keys' first letters upper-cased.
    pub input_transformer: Option<Json>,
    /// `retryPolicy` as the target's `RetryPolicy`.
    pub retry_policy: Option<Json>,
    pub dead_letter_queue_arn: Option<Json>,
}
