//! The `$connect` route's Lambda authorizer (`apigateway-websocket-api-lambda-auth.html`): a
//! REQUEST authorizer reading its identity sources (`route.request.header.X`,
//! `route.request.querystring.X`, `stageVariables.X`, `context.X`; SF's default is
//! `route.request.header.Auth`). A missing or empty source refuses the upgrade with 401
//! without invoking the function; otherwise the function gets the REQUEST event (methodArn
//! `…/<stage>/$connect`, the upgrade request's headers and query, the CONNECT
//! requestContext) and its answer is read and its policy evaluated as the REST API's
//! authorizers' are ([`policy::read`], [`arn::decide`]): Allow connects, and `principalId`
//! and `context` become `requestContext.authorizer` of every event of the connection; a Deny
//! (or no matching statement) is 403, an `Unauthorized` error 401, anything else 500.
//! WebSocket authorizers have no result cache on AWS (`AuthorizerResultTtlInSeconds` is for
//! HTTP APIs only), so none here.

use super::WebsocketApi;
use super::events::{self, ApiFacts, ConnectionFacts, Stamp};
use crate::emulate::gateway::LambdaResult;
use crate::emulate::gateway::auth::arn::{self, Decision};
use crate::emulate::gateway::auth::authorizer::function_by_arn;
use crate::emulate::gateway::auth::authorizer::policy::{self, Verdict};
use crate::emulate::gateway::http_api::authorizers::{AUTHORIZER_TIMEOUT, IdentitySource};
use crate::emulate::gateway::request::Incoming;
use crate::ir::Service;
use crate::ir::events::websocket::{AuthorizerTarget, WebsocketAuthorizer};
use bytes::Bytes;
use serde_json::{Map, Value};

/// The `$connect` authorizer, ready to run.
#[derive(Debug)]
pub struct ConnectAuthorizer {
    pub name: String,
    /// The key of the function it runs.
    pub function: String,
    /// Read as the HTTP API reads its own (`route.request.header.X` is its
    /// `$request.header.X`), but for `context.X`, which is the connection's.
    pub sources: Vec<IdentitySource>,
}

/// Why the upgrade is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// 401: a source is missing, or the function said `Unauthorized`.
    Unauthorized(String),
    /// 403: the policy does not allow `$connect`.
    Forbidden(String),
    /// 500: the function failed or answered something unusable.
    Failure(String),
}

impl Refusal {
    pub fn status(&self) -> u16 {
        match self {
            Refusal::Unauthorized(_) => 401,
            Refusal::Forbidden(_) => 403,
            Refusal::Failure(_) => 500,
        }
    }

    pub fn message(&self) -> &'static str {
        match self {
            Refusal::Unauthorized(_) => "Unauthorized",
            Refusal::Forbidden(_) => "Forbidden",
            Refusal::Failure(_) => "Internal server error",
        }
    }

    pub fn why(&self) -> &str {
        match self {
            Refusal::Unauthorized(w) | Refusal::Forbidden(w) | Refusal::Failure(w) => w,
        }
    }
}

/// Parses an identity source list (a list, or one comma-separated string).
pub fn parse_sources(v: &Value) -> Result<Vec<IdentitySource>, String> {
    let texts: Vec<String> = match v {
        Value::String(s) => s.split(',').map(|p| p.trim().to_string()).collect(),
        Value::Array(items) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(|s| s.trim().to_string())
                    .ok_or_else(|| format!("identity source {i} is not a string"))
            })
            .collect::<Result<_, _>>()?,
        other => return Err(format!("identity source {other} is not a string")),
    };
    texts
        .iter()
        .filter(|s| !s.is_empty())
        .map(|s| {
            if let Some(h) = s.strip_prefix("route.request.header.") {
                Ok(IdentitySource::Header(h.to_string()))
            } else if let Some(q) = s.strip_prefix("route.request.querystring.") {
                Ok(IdentitySource::Query(q.to_string()))
            } else if let Some(v) = s.strip_prefix("stageVariables.") {
                Ok(IdentitySource::StageVariable(v.to_string()))
            } else if let Some(c) = s.strip_prefix("context.") {
                Ok(IdentitySource::Context(c.to_string()))
            } else {
                Err(format!("`{s}` is not a WebSocket identity source"))
            }
        })
        .collect()
}

impl ConnectAuthorizer {
    /// The authorizer of the `$connect` route, or why it is not emulated.
    pub fn new(service: &Service, a: &WebsocketAuthorizer) -> Result<ConnectAuthorizer, String> {
        let function = match &a.target {
            AuthorizerTarget::Function(f) => f.clone(),
            AuthorizerTarget::Arn(arn) => function_by_arn(service, arn).ok_or_else(|| {
                format!(
                    "websocket authorizer {} runs a function outside the service; connections \
                     pass unchecked",
                    a.name
                )
            })?,
        };
        let sources = parse_sources(&a.identity_source)
            .map_err(|why| format!("websocket authorizer {}: {why}", a.name))?;
        Ok(ConnectAuthorizer {
            name: a.name.clone(),
            function,
            sources,
        })
    }

    /// The value of one source, `None` when missing or empty: headers and query values as the
    /// HTTP API reads them, the context from the connection.
    fn value(
        &self,
        source: &IdentitySource,
        req: &Incoming,
        conn: &ConnectionFacts,
    ) -> Option<String> {
        let IdentitySource::Context(c) = source else {
            return source.value(req, "$connect");
        };
        let v = match c.as_str() {
            "connectionId" => Some(conn.connection_id.clone()),
            "routeKey" => Some("$connect".into()),
            "eventType" => Some("CONNECT".into()),
            "domainName" => Some(conn.domain_name.clone()),
            "identity.sourceIp" => Some(conn.source_ip.clone()),
            "identity.userAgent" => conn.user_agent.clone(),
            _ => None,
        };
        v.filter(|v| !v.is_empty())
    }

    /// Runs the authorizer for the upgrade request `req`: `requestContext.authorizer` of the
    /// connection when it may connect.
    pub async fn authorize(
        &self,
        api: &WebsocketApi,
        req: &Incoming,
        conn: &ConnectionFacts,
        stamp: &Stamp,
    ) -> Result<Value, Refusal> {
        if let Some(missing) = self
            .sources
            .iter()
            .find(|s| self.value(s, req, conn).is_none())
        {
            return Err(Refusal::Unauthorized(format!(
                "websocket authorizer {}: the identity source {missing:?} is missing",
                self.name
            )));
        }
        let method_arn = format!("{}/{}/$connect", api.arn_prefix, api.stage);
        let facts = ApiFacts {
            api_id: &api.api_id,
            stage: &api.stage,
        };
        let mut event = Map::new();
        event.insert("type".into(), "REQUEST".into());
        event.insert("methodArn".into(), method_arn.clone().into());
        for (k, v) in events::request_members(req) {
            event.insert(k.into(), v);
        }
        event.insert("stageVariables".into(), Value::Object(Map::new()));
        event.insert(
            "requestContext".into(),
            events::request_context(
                facts,
                conn,
                "$connect",
                events::EventType::Connect,
                stamp,
                &[],
            ),
        );
        let payload = Bytes::from(serde_json::to_vec(&Value::Object(event)).unwrap_or_default());
        let started = std::time::Instant::now();
        let result = api
            .invoke_within(&self.function, payload, AUTHORIZER_TIMEOUT)
            .await
            .unwrap_or_else(|| LambdaResult::Error {
                payload: Bytes::from_static(b"{\"errorMessage\":\"timed out\"}"),
                kind: "Timeout".into(),
            });
        let latency = started.elapsed().as_millis() as u64;
        match policy::read(&result) {
            Verdict::Grant(g) => match arn::decide(&g.statements, &api.arn_prefix, &method_arn) {
                Decision::Allow => {
                    let mut authorizer = g.authorizer.clone();
                    authorizer.insert("integrationLatency".into(), latency.into());
                    Ok(Value::Object(authorizer))
                }
                decision => Err(Refusal::Forbidden(format!(
                    "websocket authorizer {}: the policy does not allow {method_arn} \
                         ({decision:?})",
                    self.name
                ))),
            },
            Verdict::Unauthorized => Err(Refusal::Unauthorized(format!(
                "websocket authorizer {} said Unauthorized",
                self.name
            ))),
            Verdict::Failure(why) => Err(Refusal::Failure(format!(
                "websocket authorizer {}: {why}",
                self.name
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn identity_sources_parse_as_aws_writes_them() {
        assert_eq!(
            parse_sources(&json!([
                "route.request.header.Auth",
                "route.request.querystring.t"
            ]))
            .unwrap(),
            [
                IdentitySource::Header("Auth".into()),
                IdentitySource::Query("t".into())
            ]
        );
        assert_eq!(
            parse_sources(&json!(
                "route.request.header.Auth, context.identity.sourceIp"
            ))
            .unwrap(),
            [
                IdentitySource::Header("Auth".into()),
                IdentitySource::Context("identity.sourceIp".into())
            ]
        );
        assert!(parse_sources(&json!("method.request.header.Auth")).is_err());
        assert!(parse_sources(&json!(5)).is_err());
    }

    #[test]
    fn refusals_have_aws_statuses() {
        let r = [
            Refusal::Unauthorized(String::new()),
            Refusal::Forbidden(String::new()),
            Refusal::Failure(String::new()),
        ];
        let got: Vec<(u16, &str)> = r.iter().map(|r| (r.status(), r.message())).collect();
        assert_eq!(
            got,
            [
                (401, "Unauthorized"),
                (403, "Forbidden"),
                (500, "Internal server error")
            ]
        );
    }
}
