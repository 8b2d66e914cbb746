//! The CORS preflight: the `OPTIONS` MOCK method SF v3 compiles for a path with `cors`,
//! answered as that method answers on AWS (static headers, and with several origins the
//! response template that echoes a matching `Origin`). Nothing is reflected beyond that.

use super::context::Scope;
use super::mapping::Payload;
use super::mock;
use crate::emulate::gateway::auth::Caller;
use crate::emulate::gateway::request::Incoming;
use crate::emulate::gateway::responses::GatewayError;
use crate::emulate::gateway::{Gateway, Outcome, error};
use crate::emulate::routes::Match;
use crate::ir::method::IntegrationResponse;
use crate::ir::preflight::preflight;
use indexmap::IndexMap;

/// The request template of the compiled preflight (`application/json`).
const REQUEST_TEMPLATE: &str = "{statusCode:200}";

pub fn run(gw: &Gateway, req: &Incoming, m: &Match<'_>) -> Outcome {
    let path = m.route.path.strip_prefix('/').unwrap_or(&m.route.path);
    let Some(p) = preflight(&gw.service, path) else {
        return error(
            GatewayError::InternalServerError,
            Some(format!("no CORS settings for /{path}")),
        );
    };
    let responses = [IntegrationResponse {
        status: "200".into(),
        pattern: String::new(),
        headers: p.headers,
        templates: IndexMap::from([("application/json".to_string(), p.template)]),
    }];
    let nobody = Caller::default();
    let scope = Scope::new(gw, req, m, None, &nobody);
    // MOCK with pass-through unset (WHEN_NO_MATCH): the template for JSON or no Content-Type,
    // the default (only) response for anything else.
    let content_type = req
        .content_type()
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "application/json".into());
    let payload = if content_type == "application/json" {
        Payload::Rendered {
            body: REQUEST_TEMPLATE.into(),
            overrides: Default::default(),
        }
    } else {
        Payload::PassThrough
    };
    mock::answer(&responses, req, &scope, &payload)
}
