//! Function events: a list of single-key mappings (`- http: …`, `- sqs: …`). Each type slsc
//! compiles is typed in full in a module of its own ([`super::http`], [`super::http_api`],
//! [`super::schedule`], [`super::s3`], [`super::sqs`], ...); the other event types SF v3 knows
//! are accepted by name with their settings unchecked.

use super::alexa::{AlexaSkillEvent, AlexaSmartHomeEvent};
use super::cloud_front::CloudFrontEvent;
use super::cloudwatch::{CloudwatchEventEvent, CloudwatchLogEvent};
use super::cognito_user_pool::CognitoUserPoolEvent;
use super::event_bridge::EventBridgeEvent;
use super::http::HttpEvent;
use super::http_api::HttpApiEvent;
use super::iot::{IotEvent, IotFleetProvisioningEvent};
use super::kafka::{KafkaEvent, MskEvent};
use super::mq::{ActiveMqEvent, RabbitMqEvent};
use super::s3::S3Event;
use super::schedule::ScheduleEvent;
use super::sns::SnsEvent;
use super::sqs::SqsEvent;
use super::stream::StreamEvent;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One entry of `functions.<name>.events`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Event {
    Http(HttpEvent),
    HttpApi(HttpApiEvent),
    Websocket(super::websocket::WebsocketEvent),
    S3(S3Event),
    Schedule(ScheduleEvent),
    Sns(SnsEvent),
    Sqs(SqsEvent),
    Stream(StreamEvent),
    Msk(Box<MskEvent>),
    Alb(Box<super::alb::AlbEvent>),
    AlexaSkill(AlexaSkillEvent),
    AlexaSmartHome(AlexaSmartHomeEvent),
    Iot(IotEvent),
    IotFleetProvisioning(IotFleetProvisioningEvent),
    CloudwatchEvent(CloudwatchEventEvent),
    CloudwatchLog(CloudwatchLogEvent),
    CloudFront(CloudFrontEvent),
    CognitoUserPool(CognitoUserPoolEvent),
    EventBridge(EventBridgeEvent),
    Kafka(Box<KafkaEvent>),
    Activemq(Box<ActiveMqEvent>),
    Rabbitmq(Box<RabbitMqEvent>),
}

impl Event {
    /// The event's type name as written in `serverless.yml`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Event::Http(_) => "http",
            Event::HttpApi(_) => "httpApi",
            Event::Websocket(_) => "websocket",
            Event::S3(_) => "s3",
            Event::Schedule(_) => "schedule",
            Event::Sns(_) => "sns",
            Event::Sqs(_) => "sqs",
            Event::Stream(_) => "stream",
            Event::Msk(_) => "msk",
            Event::Alb(_) => "alb",
            Event::AlexaSkill(_) => "alexaSkill",
            Event::AlexaSmartHome(_) => "alexaSmartHome",
            Event::Iot(_) => "iot",
            Event::IotFleetProvisioning(_) => "iotFleetProvisioning",
            Event::CloudwatchEvent(_) => "cloudwatchEvent",
            Event::CloudwatchLog(_) => "cloudwatchLog",
            Event::CloudFront(_) => "cloudFront",
            Event::CognitoUserPool(_) => "cognitoUserPool",
            Event::EventBridge(_) => "eventBridge",
            Event::Kafka(_) => "kafka",
            Event::Activemq(_) => "activemq",
            Event::Rabbitmq(_) => "rabbitmq",
        }
    }
}
