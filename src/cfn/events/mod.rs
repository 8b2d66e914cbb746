//! The non-API events ([`crate::ir::events`]), one file per family, compiled in the order of
//! SF v3's plugins (`lib/plugins/index.js`): `schedule` and `s3` before the REST API
//! ([`before_api`]); `websocket`, `sns`, `stream`, `kafka`, `activemq`, `rabbitmq`, `msk`,
//! `alb`, `alexaSkill`, `alexaSmartHome`, `iot`, `iotFleetProvisioning`, `cloudwatchEvent`,
//! `cloudwatchLog`, `cognitoUserPool`, `eventBridge`, `sqs`, `cloudFront` after it and before
//! the HTTP API ([`after_api`]). Resources land in the template in that order.

mod alb;
mod websocket;

use super::Ctx;

/// The families SF compiles before the REST API (`schedule`, `s3`).
pub(crate) fn before_api(_cx: &mut Ctx) {}

/// The families SF compiles after the REST API and before the HTTP API.
pub(crate) fn after_api(cx: &mut Ctx) {
    websocket::compile(cx);
    // sns, stream, kafka, activemq, rabbitmq, msk
    alb::compile(cx);
    // alexaSkill, alexaSmartHome, iot, iotFleetProvisioning, cloudwatchEvent, cloudwatchLog,
    // cognitoUserPool, eventBridge, sqs, cloudFront
}
