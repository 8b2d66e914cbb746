//! `events:` entries of the non-API families → [`crate::ir::events`], one file per family,
//! with SF v3's defaults and normalizations applied. An event type whose family is not
//! lowered here yet is reported as unsupported by the caller.

mod alexa;
mod cloud_front;
mod cognito_user_pool;
mod iot;
mod s3;
mod sns;

pub(crate) use cloud_front::{EDGE_MEMORY_SIZE, EDGE_TIMEOUT, is_lambda_at_edge};

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
    let mut origin = || EventOrigin {
        function: function.to_string(),
        index: counter.next(kind),
        span: event.span,
    };
    match kind {
        "sns" => events.sns.extend(sns::lower(cx, value, origin())),
        "s3" => match s3::lower(cx, value, origin()) {
            s3::Lowered::Event(e) => events.s3.push(e),
            s3::Lowered::Existing => return false,
            s3::Lowered::Skipped => {}
        },
        "cognitoUserPool" => match cognito_user_pool::lower(cx, value, origin()) {
            cognito_user_pool::Lowered::Event(e) => events.cognito_user_pools.push(e),
            cognito_user_pool::Lowered::Existing => return false,
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
        _ => return false,
    }
    true
}

/// The provider settings of the event families: `provider.s3` buckets and
/// `provider.cloudFront` cache policies.
pub(crate) fn lower_provider(provider: &Node, events: &mut Events) {
    events.s3_buckets = s3::provider_buckets(provider);
    events.cloud_front_cache_policies = cloud_front::provider_cache_policies(provider);
}
