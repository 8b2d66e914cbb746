//! The integration of a method: from the admitted request to the integration and back to a
//! reply. One file per kind.

pub mod lambda_proxy;

use super::auth::Caller;
use super::request::Incoming;
use super::responses::GatewayError;
use super::{Gateway, Outcome, error};
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
    match endpoint.integration {
        Integration::AwsProxy => lambda_proxy::run(gw, req, m, endpoint, caller).await,
        other => error(
            GatewayError::InternalServerError,
            Some(format!(
                "integration `{}` is not emulated yet",
                other.user_name()
            )),
        ),
    }
}

/// Answers the CORS preflight (`OPTIONS`) that the `cors` settings of the path compile to.
pub async fn cors_preflight(_gw: &Gateway, _req: &Incoming, _m: &Match<'_>) -> Outcome {
    error(
        GatewayError::InternalServerError,
        Some("CORS preflight is not emulated yet".into()),
    )
}
