//! Function events: a list of single-key mappings (`- http: …`, `- sqs: …`). `http` and
//! `httpApi` are typed in full ([`super::http`], [`super::http_api`]); the other event types
//! SF v3 knows are accepted by name with their settings unchecked.

use super::http::HttpEvent;
use super::http_api::HttpApiEvent;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One entry of `functions.<name>.events`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Event {
    Http(HttpEvent),
    HttpApi(HttpApiEvent),
    Websocket(super::websocket::WebsocketEvent),
    S3(Value),
    Schedule(Value),
    Sns(Value),
    Sqs(Value),
    Stream(Value),
    Msk(Value),
    Alb(Box<super::alb::AlbEvent>),
    AlexaSkill(Value),
    AlexaSmartHome(Value),
    Iot(Value),
    IotFleetProvisioning(Value),
    CloudwatchEvent(Value),
    CloudwatchLog(Value),
    CloudFront(Value),
    CognitoUserPool(Value),
    EventBridge(Value),
    Kafka(Value),
    Activemq(Value),
    Rabbitmq(Value),
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
