//! The integration of a method: from the admitted request to the integration and back to a
//! reply. The request validator runs first; then one file per kind: `lambda-proxy`
//! ([`lambda_proxy`]), [`lambda`], [`mock`], `http` / `http-proxy` ([`http`]); the
//! CORS preflight ([`cors`]) is the compiled `OPTIONS` mock. [`mapping`] holds the request
//! and response templates and header mappings the non-proxy kinds share.

pub mod context;
pub mod cors;
pub mod http;
pub mod lambda;
pub mod lambda_proxy;
pub mod mapping;
pub mod mock;

use super::auth::Caller;
use super::request::Incoming;
use super::{Gateway, Outcome, validate};
use crate::emulate::routes::Match;
use crate::ir::{HttpEndpoint, Integration};

/// The request an integration runs for: matched to its endpoint and admitted by the access
/// checks. Every integration takes it.
#[derive(Clone, Copy)]
pub struct AdmittedRequest<'a> {
    pub gateway: &'a Gateway,
    pub request: &'a Incoming,
    /// The route it matched, with the path parameters.
    pub route: &'a Match<'a>,
    pub endpoint: &'a HttpEndpoint,
    /// What the access checks learned about the caller.
    pub caller: &'a Caller,
}

/// Runs the endpoint's integration.
pub async fn run(call: &AdmittedRequest<'_>) -> Outcome {
    if let Err(answer) = validate::check(
        &call.gateway.service,
        call.request,
        call.route,
        call.endpoint,
    ) {
        return answer;
    }
    match call.endpoint.integration {
        Integration::AwsProxy => lambda_proxy::run(call).await,
        Integration::Aws => lambda::run(call).await,
        Integration::Mock => mock::run(call).await,
        Integration::Http | Integration::HttpProxy => http::run(call).await,
    }
}

/// Answers the CORS preflight (`OPTIONS`) that the `cors` settings of the path compile to.
pub async fn cors_preflight(gw: &Gateway, req: &Incoming, m: &Match<'_>) -> Outcome {
    cors::run(gw, req, m)
}

#[cfg(test)]
mod tests;
