//! `events:` entries of the non-API families → [`crate::ir::events`], one file per family,
//! with SF v3's defaults and normalizations applied. An event type SF v3 does not know is
//! reported by the caller as not compiled.

pub(crate) mod alb;
mod alexa;
mod cloud_front;
mod cloudwatch_event;
mod cloudwatch_log;
mod cognito_user_pool;
mod event_bridge;
pub mod event_source;
mod iot;
pub mod kafka;
pub mod mq;
mod s3;
mod schedule;
mod sf_text;
mod sns;
pub mod sqs;
pub mod stream;
pub(crate) mod websocket;

pub(crate) use cloud_front::{EDGE_MEMORY_SIZE, EDGE_TIMEOUT, is_lambda_at_edge};

/// The settings of an event SF compiles only when they are truthy (`if (event.<kind>)`), and
/// reads as a mapping: `None` for a falsy value (no event) and for any other one, which is
/// reported (`expected` says what the event takes).
fn settings_map<'a>(
    cx: &mut LowerContext,
    value: &'a Node,
    kind: &str,
    expected: &str,
) -> Option<&'a Node> {
    if !value.is_truthy() {
        return None;
    }
    if value.as_map().is_none() {
        super::shape::wrong(&mut cx.diags, value, kind, expected);
        return None;
    }
    Some(value)
}

use super::LowerContext;
use crate::ir::events::{EventOrigin, Events};
use crate::load::Node;
use std::collections::HashMap;

/// Counts each function's events per type, for [`EventOrigin::index`], and all of them.
#[derive(Default)]
pub(crate) struct EventCounter {
    per_kind: HashMap<String, usize>,
    entries: usize,
}

impl EventCounter {
    /// The next 1-based index of an event of type `kind` (call once per event).
    fn next(&mut self, kind: &str) -> usize {
        let n = self.per_kind.entry(kind.to_string()).or_insert(0);
        *n += 1;
        *n
    }

    /// Moves to the function's next `events:` entry (call once per entry, whatever its type).
    pub(crate) fn next_entry(&mut self) {
        self.entries += 1;
    }

    /// The 1-based position of the current entry among all of the function's events.
    fn entry(&self) -> usize {
        self.entries
    }
}

/// Lowers one event of type `kind` (its settings in `value`, the whole `- kind: ...` entry in
/// `event`) of the function `function` into `events`. Returns `false` when slsc does not
/// compile events of this type (or of this form) yet.
pub(crate) fn lower_event(
    cx: &mut LowerContext,
    function: &str,
    kind: &str,
    event: &Node,
    value: &Node,
    counter: &mut EventCounter,
    events: &mut Events,
) -> bool {
    let position = counter.entry();
    let mut origin = || EventOrigin {
        function: function.to_string(),
        index: counter.next(kind),
        span: event.span,
    };
    match kind {
        "websocket" => websocket::lower(cx, origin(), value, &mut events.websockets),
        "alb" => alb::lower(cx, origin(), value, &mut events.albs),
        "sns" => events.sns.extend(sns::lower(cx, value, origin())),
        "s3" => match s3::lower(cx, value, origin()) {
            s3::Lowered::Event(e) => events.s3.push(e),
            s3::Lowered::Existing(e) => events.s3_existing.push(e),
            s3::Lowered::Skipped => {}
        },
        "cognitoUserPool" => match cognito_user_pool::lower(cx, value, origin()) {
            cognito_user_pool::Lowered::Event(e) => events.cognito_user_pools.push(e),
            cognito_user_pool::Lowered::Existing(e) => events.cognito_user_pools_existing.push(e),
            cognito_user_pool::Lowered::Skipped => {}
        },
        "iot" => events.iot.extend(iot::lower(cx, value, origin())),
        "iotFleetProvisioning" => events
            .iot_fleet_provisioning
            .extend(iot::lower_fleet_provisioning(cx, value, origin())),
        "alexaSkill" => events
            .alexa_skills
            .extend(alexa::lower(cx, kind, value, origin())),
        "alexaSmartHome" => {
            events
                .alexa_smart_homes
                .extend(alexa::lower(cx, kind, value, origin()))
        }
        "cloudFront" => events
            .cloud_front
            .extend(cloud_front::lower(cx, value, origin())),
        "schedule" => events
            .schedules
            .extend(schedule::lower(cx, origin(), value)),
        "cloudwatchEvent" => {
            events
                .cloudwatch_events
                .extend(cloudwatch_event::lower(cx, origin(), value))
        }
        "cloudwatchLog" => {
            events
                .cloudwatch_logs
                .extend(cloudwatch_log::lower(cx, origin(), value))
        }
        "eventBridge" => {
            events
                .event_bridge_rules
                .extend(event_bridge::lower(cx, origin(), position, value))
        }
        // SF skips an event source whose value is falsy (`if (event.sqs)`); one it cannot
        // compile is skipped too, and reported by `check` from the same reading
        "stream" if value.is_truthy() => events.streams.extend(stream::read(value, origin()).ok()),
        "kafka" if value.is_truthy() => {
            events.kafka.extend(kafka::read_kafka(value, origin()).ok())
        }
        "activemq" if value.is_truthy() => events
            .activemq
            .extend(mq::read(value, origin(), false).ok()),
        "rabbitmq" if value.is_truthy() => {
            events.rabbitmq.extend(mq::read(value, origin(), true).ok())
        }
        "msk" if value.is_truthy() => events.msk.extend(kafka::read_msk(value, origin()).ok()),
        "sqs" if value.is_truthy() => events.sqs.extend(sqs::read(value, origin()).ok()),
        "stream" | "kafka" | "activemq" | "rabbitmq" | "msk" | "sqs" => {}
        _ => return false,
    }
    true
}

/// The provider settings of the event families: `provider.s3` buckets,
/// `provider.cloudFront` cache policies and how `eventBridge` events are set up.
pub(crate) fn lower_provider(provider: &Node, events: &mut Events) {
    events.s3_buckets = s3::provider_buckets(provider);
    events.cloud_front_cache_policies = cloud_front::provider_cache_policies(provider);
    events.event_bridge_custom_resource = event_bridge::uses_custom_resource(provider);
}
