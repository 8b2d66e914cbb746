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

/// Runs the endpoint's integration.
pub async fn run(
    gw: &Gateway,
    req: &Incoming,
    m: &Match<'_>,
    endpoint: &HttpEndpoint,
    caller: &Caller,
) -> Outcome {
    if let Err(answer) = validate::check(&gw.service, req, m, endpoint) {
        return answer;
    }
    match endpoint.integration {
        Integration::AwsProxy => lambda_proxy::run(gw, req, m, endpoint, caller).await,
        Integration::Aws => lambda::run(gw, req, m, endpoint, caller).await,
        Integration::Mock => mock::run(gw, req, m, endpoint, caller).await,
        Integration::Http | Integration::HttpProxy => http::run(gw, req, m, endpoint, caller).await,
    }
}

/// Answers the CORS preflight (`OPTIONS`) that the `cors` settings of the path compile to.
pub async fn cors_preflight(gw: &Gateway, req: &Incoming, m: &Match<'_>) -> Outcome {
    cors::run(gw, req, m)
}

#[cfg(test)]
mod tests;
