//! The non-API events ([`crate::ir::events`]), one file per family, compiled in the order of
//! SF v3's plugins (`lib/plugins/index.js`): `schedule` and `s3` before the REST API
//! ([`before_api`]); `websocket`, `sns`, `stream`, `kafka`, `activemq`, `rabbitmq`, `msk`,
//! `alb`, `alexaSkill`, `alexaSmartHome`, `iot`, `iotFleetProvisioning`, `cloudwatchEvent`,
//! `cloudwatchLog`, `cognitoUserPool`, `eventBridge`, `sqs`, `cloudFront` after it and before
//! the HTTP API ([`after_api`]). Resources land in the template in that order.

mod alb;
mod alexa;
mod cloud_front;
mod cloudwatch_event;
mod cloudwatch_log;
mod cognito_user_pool;
mod event_bridge;
mod iot;
mod kafka;
mod mq;
mod rule;
mod s3;
mod schedule;
mod sns;
mod source_mapping;
mod sqs;
mod stream;
#[cfg(test)]
mod tests;
mod websocket;

use super::Ctx;

/// The families SF compiles before the REST API (`schedule`, `s3`).
pub(crate) fn before_api(cx: &mut Ctx) {
    schedule::compile(cx);
    s3::compile(cx);
}

/// The families SF compiles after the REST API and before the HTTP API.
pub(crate) fn after_api(cx: &mut Ctx) {
    websocket::compile(cx);
    sns::compile(cx);
    stream::compile(cx);
    kafka::compile_kafka(cx);
    mq::compile_activemq(cx);
    mq::compile_rabbitmq(cx);
    kafka::compile_msk(cx);
    alb::compile(cx);
    alexa::compile_skills(cx);
    alexa::compile_smart_homes(cx);
    iot::compile(cx);
    iot::compile_fleet_provisioning(cx);
    cloudwatch_event::compile(cx);
    cloudwatch_log::compile(cx);
    cognito_user_pool::compile(cx);
    event_bridge::compile(cx);
    sqs::compile(cx);
    cloud_front::compile(cx);
}
