//! `websocket` events and the provider's WebSocket API settings, as SF v3's
//! `compile/events/websockets` reads them (`lib/validate.js`): one API for the service, a
//! route per event.

use super::EventOrigin;
use serde::Serialize;
use serde_json::Value as Json;

/// The service's WebSocket API: its settings and routes.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Websockets {
    pub api: WebsocketApi,
    /// Every `websocket` event, in configuration order.
    pub routes: Vec<WebsocketRoute>,
}

/// The provider's settings of the WebSocket API.
#[derive(Clone, Debug, Default, Serialize)]
pub struct WebsocketApi {
    /// `provider.websocketsApiName` (a string), else `<stage>-<service>-websockets`.
    pub name: String,
    /// `provider.websocketsApiRouteSelectionExpression`, when truthy.
    pub route_selection_expression: Option<Json>,
    /// `provider.websocketsDescription`, when truthy.
    pub description: Option<Json>,
    /// `provider.websocket.useProviderTags`: the API gets `provider.tags`.
    pub use_provider_tags: bool,
    /// `provider.apiGateway.websocketApiId`: an API made elsewhere (no API or stage then).
    pub external_id: Option<Json>,
    /// `provider.logs.websocket`, when truthy.
    pub logs: Option<WebsocketLogs>,
    /// `provider.logRetentionInDays`, for the access log group.
    pub log_retention_in_days: Option<Json>,
}

/// `provider.logs.websocket` with SF's defaults: access and execution logs on, full data.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WebsocketLogs {
    pub access_logging: bool,
    pub execution_logging: bool,
    pub full_execution_data: bool,
    /// The access log format, when given.
    pub format: Option<Json>,
    /// The execution log level, when given (`INFO` by default).
    pub level: Option<Json>,
}

/// One `websocket` event.
#[derive(Clone, Debug, Serialize)]
pub struct WebsocketRoute {
    pub origin: EventOrigin,
    /// The route key.
    pub route: String,
    /// `routeResponseSelectionExpression`, when truthy.
    pub route_response_selection_expression: Option<Json>,
    pub authorizer: Option<WebsocketAuthorizer>,
}

/// A route's Lambda authorizer.
#[derive(Clone, Debug, Serialize)]
pub struct WebsocketAuthorizer {
    /// Its name: the function's, or the last `:` part of its ARN, or the `name` given beside an
    /// intrinsic ARN. It names the authorizer's and its permission's logical ids.
    pub name: String,
    pub target: AuthorizerTarget,
    /// `identitySource`, by default `route.request.header.Auth`.
    pub identity_source: Json,
}

/// What an authorizer invokes.
#[derive(Clone, Debug, Serialize)]
pub enum AuthorizerTarget {
    /// A function of the service, by key.
    Function(String),
    /// A function by ARN (a string or an intrinsic).
    Arn(Json),
}
