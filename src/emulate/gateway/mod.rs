//! The API Gateway half of the emulator: from an HTTP request to the integration and back,
//! with AWS's answers wherever the request stops short.
//!
//! [`Gateway::handle`] is the whole request path: strip the stage, match the route, run the
//! integration (the Lambda proxy integration here; the other kinds and the gateway's checks
//! have files of their own), map the result, stamp the response headers API Gateway adds.
//! The HTTP listener is in [`server`]; the functions run behind the [`Lambda`] trait, which
//! the Lambda runtime implements and tests can fake. The service's HTTP API (`httpApi`
//! events) is served beside the REST API on the same port ([`http_api`]); [`Gateway::dispatch`]
//! says which of the two answers a request.

pub mod access_log;
pub mod auth;
pub mod event_writer;
pub mod header_case;
pub mod http_api;
pub mod integration;
pub mod proxy_event;
pub mod proxy_response;
pub mod request;
pub mod responses;
pub mod server;
pub mod validate;
pub mod websocket;

use crate::emulate::ids;
use crate::emulate::routes::{RouteTable, Target};
use crate::ir::Service;
use bytes::Bytes;
use proxy_response::Reply;
use request::Incoming;
use responses::GatewayError;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// A boxed future, for the object-safe [`Lambda`] trait.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a function invocation gave back.
#[derive(Debug, Clone)]
pub enum LambdaResult {
    /// The function's result payload.
    Ok(Bytes),
    /// Lambda's error payload (`{errorMessage, errorType, ...}`) and a short kind for the log
    /// (`Handled`, `Timeout`, `Crashed`, ...).
    Error { payload: Bytes, kind: String },
}

/// Something that runs functions by key.
pub trait Lambda: Send + Sync + 'static {
    /// Runs function `function` (its key under `functions:`) with `payload`. Dropping the
    /// future must not harm later invocations.
    fn invoke<'a>(&'a self, function: &'a str, payload: Bytes) -> BoxFuture<'a, LambdaResult>;

    /// [`Lambda::invoke`] through a `RESPONSE_STREAM` function URL: a streaming handler's
    /// response parts go to `stream` as it writes them (its result is then empty); any other
    /// handler answers as usual. By default nothing streams.
    fn invoke_streaming<'a>(
        &'a self,
        function: &'a str,
        payload: Bytes,
        stream: crate::emulate::runtime::StreamSink,
    ) -> BoxFuture<'a, LambdaResult> {
        drop(stream);
        self.invoke(function, payload)
    }
}

/// Gateway settings.
#[derive(Clone, Debug)]
pub struct Options {
    /// URLs start with `/<stage>` (as on AWS).
    pub stage_prefix: bool,
    /// API Gateway's integration timeout (29 s).
    pub integration_timeout: Duration,
    /// The HTTP API's integration timeout (30 s, AWS's largest and SF's setting).
    pub http_api_integration_timeout: Duration,
    pub account_id: String,
    /// Largest request body accepted (10 MB).
    pub max_body: usize,
    /// API key values by key name (`--api-key NAME=VALUE`); keys named in `apiKeys` without a
    /// value and not given here get a generated value.
    pub api_key_values: Vec<(String, String)>,
    /// The JWKS file Cognito user-pool authorizers verify tokens with (`--jwks FILE`).
    pub jwks: Option<std::path::PathBuf>,
    /// The user pool's app clients that Cognito tokens must be issued to
    /// (`--cognito-client-id`); empty: any client, as long as the token names one.
    pub cognito_client_ids: Vec<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            stage_prefix: true,
            integration_timeout: Duration::from_secs(29),
            http_api_integration_timeout: http_api::MAX_INTEGRATION_TIMEOUT,
            account_id: "123456789012".into(),
            max_body: 10 * 1024 * 1024,
            api_key_values: Vec::new(),
            jwks: None,
            cognito_client_ids: Vec::new(),
        }
    }
}

/// The API of one service.
pub struct Gateway {
    pub service: Arc<Service>,
    pub routes: RouteTable,
    pub opts: Options,
    pub api_id: String,
    /// Caches and counters of the access checks.
    pub auth: auth::AccessControl,
    lambda: Arc<dyn Lambda>,
    resource_ids: Vec<String>,
    /// The mapping settings of each non-proxy endpoint, by endpoint index.
    prepared: Vec<Option<integration::mapping::Prepared>>,
    /// The HTTP API, when the service has `httpApi` routes.
    pub http_api: Option<http_api::HttpApi>,
}

/// Which API answers a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Dispatch {
    /// The REST API, with the path after the stage.
    Rest(String),
    /// The HTTP API (whole path).
    HttpApi,
    /// Nothing: the path is not under the REST API's stage and there is no HTTP API.
    OffStage,
}

/// A reply and what the access log says about it.
pub struct Outcome {
    pub reply: Reply,
    /// The function that ran, if any.
    pub function: Option<String>,
    /// Why the gateway answered as it did, when it is an error worth a log line.
    pub note: Option<String>,
}

impl Gateway {
    pub fn new(service: Arc<Service>, lambda: Arc<dyn Lambda>, opts: Options) -> Gateway {
        let routes = RouteTable::build(&service);
        let api_id = ids::short_id(&format!("{}/{}", service.name, service.stage), 10);
        let resource_ids = routes
            .routes
            .iter()
            .map(|r| ids::short_id(&format!("{api_id}{}", r.path), 6))
            .collect();
        let prepared = service
            .endpoints
            .iter()
            .map(|e| (!e.integration.is_proxy()).then(|| integration::mapping::Prepared::of(e)))
            .collect();
        let auth = auth::AccessControl::new(&service, &opts, &api_id);
        let http_api = http_api::HttpApi::new(
            &service,
            &opts.account_id,
            opts.http_api_integration_timeout,
            auth.jwks().is_some(),
        );
        Gateway {
            auth,
            http_api,
            prepared,
            service,
            routes,
            opts,
            api_id,
            lambda,
            resource_ids,
        }
    }

    /// `/dev` or `""`.
    pub fn url_prefix(&self) -> String {
        if self.opts.stage_prefix {
            format!("/{}", self.service.stage)
        } else {
            String::new()
        }
    }

    /// The path after the stage prefix, or `None` when the stage is not the API's.
    pub fn strip_stage<'p>(&self, raw_path: &'p str) -> Option<&'p str> {
        if !self.opts.stage_prefix {
            return Some(raw_path);
        }
        let rest = raw_path
            .strip_prefix('/')?
            .strip_prefix(self.service.stage.as_str())?;
        match rest {
            "" => Some("/"),
            r if r.starts_with('/') => Some(r),
            _ => None,
        }
    }

    /// Which API answers `method raw_path`: the REST API when the path is under its stage and
    /// one of its routes matches, else the HTTP API when the service has one. So a REST route
    /// shadows an HTTP API route that would match the same URL (the start-up banner warns),
    /// and a path under the stage that no REST route matches reaches the HTTP API.
    pub fn dispatch(&self, method: &str, raw_path: &str) -> Dispatch {
        match (self.strip_stage(raw_path), &self.http_api) {
            (Some(p), None) => Dispatch::Rest(p.to_string()),
            (Some(p), Some(_)) if self.routes.find(method, p).is_some() => {
                Dispatch::Rest(p.to_string())
            }
            (_, Some(_)) => Dispatch::HttpApi,
            (None, None) => Dispatch::OffStage,
        }
    }

    /// Answers one request for the HTTP API (a plain 404 when the service has none).
    pub async fn handle_http_api(&self, req: Incoming) -> Outcome {
        match &self.http_api {
            Some(api) => api.handle(self, &req).await,
            None => http_api::answer(http_api::response::HttpApiError::NotFound, "no HTTP API"),
        }
    }

    /// Answers one request.
    pub async fn handle(&self, req: Incoming) -> Outcome {
        let mut out = self.route(&req).await;
        self.stamp(&req, &mut out.reply);
        out
    }

    async fn route(&self, req: &Incoming) -> Outcome {
        let Some(m) = self.routes.find(&req.method, &req.path) else {
            return error(GatewayError::MissingAuthenticationToken, None);
        };
        let endpoint = match m.route.target {
            Target::CorsPreflight => return integration::cors_preflight(self, req, &m).await,
            Target::Endpoint(i) => match self.service.endpoints.get(i) {
                Some(e) => e,
                None => return error(GatewayError::InternalServerError, None),
            },
        };
        let caller = match auth::admit(self, req, &m, endpoint).await {
            Ok(c) => c,
            Err(answer) => return answer,
        };
        integration::run(&integration::AdmittedRequest {
            gateway: self,
            request: req,
            route: &m,
            endpoint,
            caller: &caller,
        })
        .await
    }

    /// The mapping settings of endpoint `index` (non-proxy endpoints).
    pub fn prepared(&self, index: usize) -> Option<&integration::mapping::Prepared> {
        self.prepared.get(index).and_then(Option::as_ref)
    }

    /// The id of route `index`'s resource.
    pub fn resource_id(&self, index: usize) -> String {
        self.resource_ids.get(index).cloned().unwrap_or_default()
    }

    /// Invokes `function` within `timeout`; `None` when it did not answer in time.
    pub async fn invoke_within(
        &self,
        function: &str,
        payload: Bytes,
        timeout: Duration,
    ) -> Option<LambdaResult> {
        invoke_within(self.lambda.as_ref(), function, payload, timeout).await
    }

    /// Invokes `function` within the integration timeout; on timeout, the 504 answer.
    pub async fn invoke(&self, function: &str, payload: Bytes) -> Result<LambdaResult, Outcome> {
        self.invoke_within(function, payload, self.opts.integration_timeout)
            .await
            .ok_or_else(|| {
                error(
                    GatewayError::IntegrationTimeout,
                    Some(format!(
                        "no answer within the integration timeout ({} ms)",
                        self.opts.integration_timeout.as_millis()
                    )),
                )
            })
    }

    /// The headers API Gateway adds to every response.
    fn stamp(&self, req: &Incoming, reply: &mut Reply) {
        reply
            .headers
            .push(("x-amzn-RequestId".into(), req.request_id.clone()));
        reply.headers.push((
            "x-amz-apigw-id".into(),
            ids::extended_request_id(&req.request_id),
        ));
    }
}

/// Invokes `function` on `lambda` within `timeout` (an integration's): `None` when it did not
/// answer in time, the invocation then dropped (which [`Lambda::invoke`] allows).
pub async fn invoke_within(
    lambda: &dyn Lambda,
    function: &str,
    payload: Bytes,
    timeout: Duration,
) -> Option<LambdaResult> {
    tokio::time::timeout(timeout, lambda.invoke(function, payload))
        .await
        .ok()
}

/// A gateway response as an [`Outcome`].
pub fn error(e: GatewayError, note: Option<String>) -> Outcome {
    Outcome {
        reply: error_reply(e, None),
        function: None,
        note,
    }
}

/// The reply for a gateway response.
pub fn error_reply(e: GatewayError, detail: Option<&str>) -> Reply {
    Reply {
        status: e.status(),
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("x-amzn-ErrorType".into(), e.error_type().into()),
        ],
        body: Bytes::from(e.body(detail)),
    }
}

#[cfg(test)]
mod tests;
