//! The non-API events ([`crate::ir::events`]), one file per family, compiled in the order of
//! SF v3's plugins (`lib/plugins/index.js`): `schedule` and `s3` before the REST API
//! ([`before_api`]); `websocket`, `sns`, `stream`, `kafka`, `activemq`, `rabbitmq`, `msk`,
//! `alb`, `alexaSkill`, `alexaSmartHome`, `iot`, `iotFleetProvisioning`, `cloudwatchEvent`,
//! `cloudwatchLog`, `cognitoUserPool`, `eventBridge`, `sqs`, `cloudFront` after it and before
//! the HTTP API ([`after_api`]). Resources land in the template in that order.

mod cloudwatch_event;
mod cloudwatch_log;
mod event_bridge;
mod rule;
mod schedule;
#[cfg(test)]
mod tests;

use super::Ctx;

/// The families SF compiles before the REST API (`schedule`, `s3`).
pub(crate) fn before_api(cx: &mut Ctx) {
    schedule::compile(cx);
}

/// The families SF compiles after the REST API and before the HTTP API.
pub(crate) fn after_api(cx: &mut Ctx) {
    cloudwatch_event::compile(cx);
    cloudwatch_log::compile(cx);
    event_bridge::compile(cx);
}
