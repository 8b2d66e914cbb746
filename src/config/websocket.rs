//! The `websocket` event (API Gateway v2 WebSocket APIs) and its provider-level settings
//! (`provider.websocket`, `provider.logs.websocket`), typed as SF v3.40's
//! `compile/events/websockets/index.js` (`defineFunctionEvent('aws', 'websocket', …)`) and
//! `provider.js` describe them.

use super::defs::*;
use super::function::FUNCTION_NAME_PATTERN;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// One `- websocket: …` event: a route key, or the route's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum WebsocketEvent {
    Route(String),
    Settings(Box<WebsocketRouteSettings>),
}

/// The object form of a `websocket` event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebsocketRouteSettings {
    /// The route key (`$connect`, `$disconnect`, `$default` or a value of the route selection
    /// expression).
    pub route: String,
    pub route_response_selection_expression: Option<RouteResponseSelectionExpression>,
    pub authorizer: Option<WebsocketAuthorizer>,
}

def!(
    /// Only `$default`: the route sends the function's result back to the client.
    RouteResponseSelectionExpression(String) = "websocketRouteResponseSelectionExpression",
    |g| json!({"const": "$default"})
);

def!(
    /// A Lambda authorizer: a function of the service by name, a function ARN, or
    /// `{name | arn, identitySource}`.
    WebsocketAuthorizer(Value) = "websocketAuthorizer",
    |g| json!({"anyOf": [
        sub::<ArnString>(g),
        {"type": "string", "pattern": FUNCTION_NAME_PATTERN},
        {
            "type": "object",
            "properties": {
                "name": {"type": "string", "pattern": FUNCTION_NAME_PATTERN},
                "arn": sub::<AwsArn>(g),
                "identitySource": {"type": "array", "items": {"type": "string"}}
            },
            "anyOf": [{"required": ["name"]}, {"required": ["arn"]}],
            "additionalProperties": false
        }
    ]})
);

/// `provider.websocket`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProviderWebsocket {
    /// Tag the WebSocket API with `provider.tags`.
    pub use_provider_tags: Option<bool>,
}

/// `provider.logs.websocket`: `true` or the logging settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum WebsocketLogs {
    Enabled(bool),
    Settings(WebsocketLogSettings),
}

/// The object form of `provider.logs.websocket`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WebsocketLogSettings {
    pub access_logging: Option<bool>,
    pub execution_logging: Option<bool>,
    /// The access log format (`$context` variables).
    pub format: Option<String>,
    pub full_execution_data: Option<bool>,
    pub level: Option<WebsocketLogLevel>,
}

def!(
    /// `INFO` or `ERROR`.
    WebsocketLogLevel(String) = "websocketLogLevel",
    |g| json!({"enum": ["INFO", "ERROR"]})
);
