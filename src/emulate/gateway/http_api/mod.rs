//! The HTTP API (API Gateway v2, `httpApi` events) beside the REST API on the same port: its
//! routes are served at the root, as AWS's `$default` stage has no path prefix.
//!
//! [`HttpApi::handle`] is its whole request path: the CORS preflight, route selection
//! ([`routes`]), the route's authorizer ([`authorizers`]), the event in the route's payload
//! format version ([`event`]), the function, the response rules and error answers
//! ([`response`]), then the API's CORS headers ([`cors`]) and the `apigw-requestid` header.
//! Which API a request goes to is [`Gateway::dispatch`]'s decision.

pub mod authorizers;
pub mod cors;
pub mod event;
pub mod event_writer;
pub mod response;
pub mod routes;

use super::request::Incoming;
use super::{Gateway, LambdaResult, Outcome};
use crate::emulate::ids;
use crate::ir::Service;
use authorizers::{Authorizers, Guard, Refusal};
use event::{CallerContext, EventInput};
use response::HttpApiError;
use routes::HttpRouteTable;
use std::time::Duration;

/// AWS's largest integration timeout for HTTP APIs, and SF's setting.
pub const MAX_INTEGRATION_TIMEOUT: Duration = crate::ir::HTTP_API_INTEGRATION_TIMEOUT;

/// The service's HTTP API.
#[derive(Debug)]
pub struct HttpApi {
    pub routes: HttpRouteTable,
    pub api_id: String,
    pub authorizers: Authorizers,
    cors: Option<cors::Cors>,
    timeout: Duration,
}

impl HttpApi {
    /// The HTTP API of `service`, `None` when it has no `httpApi` routes.
    pub fn new(
        service: &Service,
        account_id: &str,
        timeout: Duration,
        has_jwks: bool,
    ) -> Option<HttpApi> {
        if service.http_api.has_no_routes() {
            return None;
        }
        let api_id = ids::short_id(&format!("{}/{}/httpApi", service.name, service.stage), 10);
        Some(HttpApi {
            routes: HttpRouteTable::build(&service.http_api),
            authorizers: Authorizers::new(service, &api_id, account_id, has_jwks),
            cors: service.http_api.settings.cors.as_ref().map(cors::Cors::new),
            timeout: timeout.min(MAX_INTEGRATION_TIMEOUT),
            api_id,
        })
    }

    /// Answers one request (`req.path` is the whole path: there is no stage).
    pub async fn handle(&self, gw: &Gateway, req: &Incoming) -> Outcome {
        let mut out = match &self.cors {
            Some(c) if cors::Cors::is_preflight(req) => Outcome {
                reply: c.preflight(req),
                function: None,
                note: None,
            },
            Some(c) => {
                let mut out = self.route(gw, req).await;
                c.stamp(req, &mut out.reply);
                out
            }
            None => self.route(gw, req).await,
        };
        out.reply
            .headers
            .push(("apigw-requestid".into(), event::request_id(req)));
        out
    }

    async fn route(&self, gw: &Gateway, req: &Incoming) -> Outcome {
        let Some(selected) = self.routes.select(&req.method, &req.raw_path) else {
            return answer(HttpApiError::NotFound, "no httpApi route matches");
        };
        let Some(route) = gw.service.http_api.routes.get(selected.index) else {
            return answer(
                HttpApiError::InternalServerError,
                "route index out of range",
            );
        };
        let mut input = EventInput {
            request: req,
            route,
            params: &selected.params,
            api_id: &self.api_id,
            account_id: &gw.opts.account_id,
            caller: None,
            function_url_domain: None,
        };
        let caller = match self.admit(gw, input, selected.index).await {
            Ok(c) => c,
            Err(refusal) => {
                return Outcome {
                    reply: refusal.reply(),
                    function: None,
                    note: Some(refusal.why),
                };
            }
        };
        input.caller = caller.as_ref();
        let payload = bytes::Bytes::from(if route.payload_version == "1.0" {
            serde_json::to_vec(&event::build(&input)).unwrap_or_default()
        } else {
            event_writer::write_v2(&input)
        });
        let function = route.function.as_str();
        let mut out = match gw.invoke_within(function, payload, self.timeout).await {
            None => answer(
                HttpApiError::ServiceUnavailable,
                &format!(
                    "no answer within the integration timeout ({} ms)",
                    self.timeout.as_millis()
                ),
            ),
            Some(LambdaResult::Error { payload, kind }) => answer(
                HttpApiError::InternalServerError,
                &format!(
                    "Lambda error ({kind}): {}",
                    String::from_utf8_lossy(&payload)
                ),
            ),
            Some(LambdaResult::Ok(result)) => {
                match response::parse(&result, &route.payload_version) {
                    Ok(reply) => Outcome {
                        reply,
                        function: None,
                        note: None,
                    },
                    Err(why) => answer(
                        HttpApiError::InternalServerError,
                        &format!("malformed Lambda response: {why}"),
                    ),
                }
            }
        };
        out.function = Some(function.to_string());
        out
    }

    /// Runs the route's authorizer: what it learned about the caller, or its refusal.
    async fn admit(
        &self,
        gw: &Gateway,
        input: EventInput<'_>,
        index: usize,
    ) -> Result<Option<CallerContext>, Refusal> {
        let now_ms = crate::common::time::epoch_millis(input.request.time);
        match self.authorizers.guard(index) {
            Guard::Open => Ok(None),
            Guard::Jwt(i, scopes) => {
                let Some(a) = self.authorizers.jwt(*i) else {
                    return Ok(None);
                };
                authorizers::check_jwt(
                    gw.auth.jwks(),
                    a,
                    input.request,
                    &input.route.route_key,
                    scopes.as_deref(),
                    now_ms / 1000,
                )
                .await
                .map(Some)
            }
            Guard::Request(i) => {
                let Some(a) = self.authorizers.request(*i) else {
                    return Ok(None);
                };
                let call = authorizers::RequestCall {
                    authorizers: &self.authorizers,
                    authorizer: a,
                    input,
                    now_ms,
                };
                authorizers::check_request(call, |function, payload| async move {
                    gw.invoke_within(&function, payload, self.authorizers.timeout)
                        .await
                })
                .await
                .map(Some)
            }
        }
    }
}

/// An error answer as an [`Outcome`], with the reason for the log.
pub fn answer(e: HttpApiError, note: &str) -> Outcome {
    Outcome {
        reply: e.reply(),
        function: None,
        note: Some(note.to_string()),
    }
}

#[cfg(test)]
mod tests;
