//! The service's WebSocket API (`websocket` events), served on a port of its own at
//! `ws://host:port/<stage>` as API Gateway serves `wss://<api>.execute-api.<region>.amazonaws
//! .com/<stage>`, with its connection management API (`/<stage>/@connections/{id}`) on the
//! same port.
//!
//! [`server`] accepts the connections and tells upgrades from @connections calls;
//! [`handshake`] runs `$connect` (its [`authorizer`], then its function) before answering the
//! upgrade; [`connection`] is each connection's loop (messages routed by the [`selection`]
//! expression, route responses, the [`limits`], `$disconnect`); [`connections`] holds the
//! open ones for [`management`], the @connections API. The events are in [`events`].

pub mod authorizer;
pub mod connection;
pub mod connections;
pub mod events;
pub mod handshake;
pub mod limits;
pub mod management;
pub mod selection;
pub mod server;

use super::access_log::LogFormat;
use super::auth::arn;
use super::{Lambda, LambdaResult};
use crate::emulate::ids;
use crate::ir::Service;
use bytes::Bytes;
use std::sync::Arc;
use std::time::Duration;

/// API Gateway's integration timeout for WebSocket APIs.
pub const INTEGRATION_TIMEOUT: Duration = Duration::from_secs(29);

/// One route of the API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub key: String,
    pub function: String,
    /// `routeResponseSelectionExpression` is set: the function's answer goes back to the
    /// client.
    pub responds: bool,
}

/// Settings of the WebSocket API.
#[derive(Clone, Debug)]
pub struct Options {
    pub integration_timeout: Duration,
    pub account_id: String,
    pub timeouts: limits::Timeouts,
    pub log: LogFormat,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            integration_timeout: INTEGRATION_TIMEOUT,
            account_id: "123456789012".into(),
            timeouts: limits::Timeouts::default(),
            log: LogFormat::Text,
        }
    }
}

/// The WebSocket API of one service.
pub struct WebsocketApi {
    pub api_id: String,
    pub stage: String,
    /// `arn:aws:execute-api:<region>:<account>:<apiId>`.
    pub arn_prefix: String,
    /// By route key; a key given twice keeps its last event, as SF's template does.
    pub routes: Vec<Route>,
    pub selection: selection::Expression,
    pub authorizer: Option<authorizer::ConnectAuthorizer>,
    /// What is not emulated, for the start-up banner.
    pub notes: Vec<String>,
    pub connections: connections::Registry,
    pub opts: Options,
    lambda: Arc<dyn Lambda>,
}

impl WebsocketApi {
    pub fn new(service: &Service, lambda: Arc<dyn Lambda>, opts: Options) -> WebsocketApi {
        let ws = &service.events.websockets;
        let mut notes = Vec::new();
        let api_id = ids::short_id(
            &format!("{}/{}/websockets", service.name, service.stage),
            10,
        );
        let mut routes: Vec<Route> = Vec::new();
        let mut authorizer = None;
        for r in &ws.routes {
            let route = Route {
                key: r.route.clone(),
                function: r.origin.function.clone(),
                responds: r.route_response_selection_expression.is_some(),
            };
            match routes.iter_mut().find(|x| x.key == route.key) {
                Some(existing) => *existing = route,
                None => routes.push(route),
            }
            match (&r.authorizer, r.route.as_str()) {
                (None, _) => {}
                (Some(a), "$connect") => match authorizer::ConnectAuthorizer::new(service, a) {
                    Ok(a) => authorizer = Some(a),
                    Err(why) => notes.push(why),
                },
                (Some(a), key) => notes.push(format!(
                    "websocket route {key}: authorizer {} ignored (AWS authorizes only $connect)",
                    a.name
                )),
            }
        }
        let text = match &ws.api.route_selection_expression {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => selection::DEFAULT_EXPRESSION.to_string(),
        };
        let selection = selection::Expression::parse(&text).unwrap_or_else(|why| {
            notes.push(format!(
                "websocketsApiRouteSelectionExpression {why}; every message goes to $default"
            ));
            selection::Expression::literal("$default")
        });
        WebsocketApi {
            arn_prefix: arn::api_prefix(&service.region, &opts.account_id, &api_id),
            api_id,
            stage: service.stage.clone(),
            routes,
            selection,
            authorizer,
            notes,
            connections: connections::Registry::default(),
            opts,
            lambda,
        }
    }

    /// The route with key `key`.
    pub fn route(&self, key: &str) -> Option<&Route> {
        self.routes.iter().find(|r| r.key == key)
    }

    /// The route a message goes to: the one its selected key names (never `$connect` or
    /// `$disconnect`), else `$default`; `None` when neither exists.
    pub fn select(&self, message: Option<&str>) -> Option<&Route> {
        let chosen = self
            .selection
            .evaluate(message)
            .filter(|k| k != "$connect" && k != "$disconnect")
            .and_then(|k| self.route(&k));
        chosen.or_else(|| self.route("$default"))
    }

    /// Invokes `function` within `timeout`; `None` when it did not answer in time.
    pub async fn invoke_within(
        &self,
        function: &str,
        payload: Bytes,
        timeout: Duration,
    ) -> Option<LambdaResult> {
        crate::emulate::gateway::invoke_within(self.lambda.as_ref(), function, payload, timeout)
            .await
    }

    /// Invokes `function` within the integration timeout.
    pub async fn invoke(&self, function: &str, payload: Bytes) -> Option<LambdaResult> {
        self.invoke_within(function, payload, self.opts.integration_timeout)
            .await
    }
}

#[cfg(test)]
mod tests;
