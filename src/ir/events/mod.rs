//! Function events other than the API Gateway ones (`http` in [`super::http`], `httpApi` in
//! [`super::http_api`]): queues, topics, schedules, buckets, streams, buses, sockets, load
//! balancers and the rest of SF v3's event types, one file per family.
//!
//! Each family keeps its events in configuration order (functions, then each function's
//! events), which is the order SF v3's plugin for that family compiles them in. Every event
//! records the function it triggers and where it was written.

pub mod alb;
pub mod alexa;
pub mod cloud_front;
pub mod cloudwatch_event;
pub mod cloudwatch_log;
pub mod cognito_user_pool;
pub mod event_bridge;
pub mod iot;
pub mod kafka;
pub mod mq;
pub mod s3;
pub mod schedule;
pub mod sns;
pub mod sqs;
pub mod stream;
pub mod websocket;

use crate::source::Span;
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value as Json;

/// Every non-API event of the service, by family.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Events {
    pub sns: Vec<sns::SnsEvent>,
    /// `s3` events on buckets the service creates.
    pub s3: Vec<s3::S3Event>,
    /// `s3` events on `existing: true` buckets.
    pub s3_existing: Vec<s3::ExistingS3Event>,
    /// `provider.s3`: settings of the buckets the events create, by the name events use.
    pub s3_buckets: IndexMap<String, Json>,
    /// `cognitoUserPool` events on pools the service creates.
    pub cognito_user_pools: Vec<cognito_user_pool::CognitoUserPoolEvent>,
    /// `cognitoUserPool` events on `existing: true` pools.
    pub cognito_user_pools_existing: Vec<cognito_user_pool::CognitoUserPoolEvent>,
    pub iot: Vec<iot::IotEvent>,
    pub iot_fleet_provisioning: Vec<iot::IotFleetProvisioningEvent>,
    pub alexa_skills: Vec<alexa::AlexaEvent>,
    pub alexa_smart_homes: Vec<alexa::AlexaEvent>,
    pub cloud_front: Vec<cloud_front::CloudFrontEvent>,
    /// `provider.cloudFront.cachePolicies`: cache policy configurations by name.
    pub cloud_front_cache_policies: IndexMap<String, Json>,
    pub schedules: Vec<schedule::Schedule>,
    pub cloudwatch_events: Vec<cloudwatch_event::CloudwatchEvent>,
    pub cloudwatch_logs: Vec<cloudwatch_log::CloudwatchLog>,
    pub event_bridge_rules: Vec<event_bridge::EventBridgeRule>,
    /// `eventBridge` events go through SF's custom resource rather than CloudFormation
    /// (`provider.eventBridge` set without `useCloudFormation: true`).
    pub event_bridge_custom_resource: bool,
    pub streams: Vec<stream::StreamEvent>,
    pub kafka: Vec<kafka::KafkaEvent>,
    pub activemq: Vec<mq::MqEvent>,
    pub rabbitmq: Vec<mq::MqEvent>,
    pub msk: Vec<kafka::MskEvent>,
    pub sqs: Vec<sqs::SqsEvent>,
    /// `websocket` events and the WebSocket API's settings.
    pub websockets: websocket::Websockets,
    /// `alb` events and `provider.alb`.
    pub albs: alb::Albs,
}

/// What every event records: the function it triggers and where it was written.
#[derive(Clone, Debug, Serialize)]
pub struct EventOrigin {
    /// The function's key under `functions:`.
    pub function: String,
    /// 1-based position among the function's events of the same type (SF numbers logical ids
    /// with it, e.g. `<Fn>EventsRuleSchedule<n>`).
    pub index: usize,
    /// Where the event is written.
    #[serde(skip)]
    pub span: Span,
}
