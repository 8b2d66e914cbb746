//! `mock`: the request template's `statusCode` selects the integration response (the default
//! one when no template applied); nothing is called.

use super::context::Scope;
use super::mapping::{self, Integrated, Payload};
use crate::emulate::gateway::auth::Caller;
use crate::emulate::gateway::request::Incoming;
use crate::emulate::gateway::responses::GatewayError;
use crate::emulate::gateway::{Gateway, Outcome, error};
use crate::emulate::routes::Match;
use crate::ir::HttpEndpoint;
use crate::ir::method::IntegrationResponse;
use std::sync::OnceLock;

pub async fn run(
    gw: &Gateway,
    req: &Incoming,
    m: &Match<'_>,
    e: &HttpEndpoint,
    caller: &Caller,
) -> Outcome {
    let scope = Scope::new(gw, req, m, Some(e), caller);
    let payload = match mapping::request_payload(e, req, &scope) {
        Ok(p) => p,
        Err(answer) => return answer,
    };
    let responses = crate::ir::method::integration_responses(e);
    answer(&responses, req, &scope, &payload)
}

/// The answer of a mock integration with `responses` for the request `payload`.
pub fn answer(
    responses: &[IntegrationResponse],
    req: &Incoming,
    scope: &Scope<'_>,
    payload: &Payload,
) -> Outcome {
    let selector = match payload {
        Payload::PassThrough => None,
        Payload::Rendered { body, .. } => match status_code(body) {
            Some(code) => Some(code.to_string()),
            None => {
                return error(
                    GatewayError::InternalServerError,
                    Some(
                        "Execution failed due to configuration error: statusCode should be an integer which defined in request template"
                            .into(),
                    ),
                );
            }
        },
    };
    mapping::respond_with(
        responses,
        req,
        scope,
        Integrated {
            selector,
            ..Integrated::default()
        },
    )
}

/// The `statusCode` a mock's rendered request template names; API Gateway reads it leniently
/// (`{statusCode:200}` works, as SF's CORS preflight relies on).
pub fn status_code(rendered: &str) -> Option<u16> {
    static RE: OnceLock<Option<regex::Regex>> = OnceLock::new();
    let re = RE
        .get_or_init(|| regex::Regex::new(r#"["']?statusCode["']?\s*:\s*["']?(\d{1,3})\b"#).ok())
        .as_ref()?;
    re.captures(rendered)?.get(1)?.as_str().parse().ok()
}
