//! Who may call a method: the resource policy, API keys and usage plans, and authorizers, in
//! the order API Gateway applies them. [`admit`] either lets the request through with what
//! the integration needs to know about the caller, or answers for API Gateway.

use super::request::Incoming;
use super::{Gateway, Outcome};
use crate::emulate::routes::Match;
use crate::ir::HttpEndpoint;
use serde_json::Value;

/// What the checks learned about the caller.
#[derive(Clone, Debug, Default)]
pub struct Caller {
    /// The API key value presented (for `private` methods).
    pub api_key: Option<String>,
    pub api_key_id: Option<String>,
    /// `requestContext.authorizer`: principalId, context values or Cognito claims.
    pub authorizer: Option<Value>,
}

/// State the checks keep between requests (caches, counters, key values).
#[derive(Default)]
pub struct State {}

impl State {
    pub fn new(_service: &crate::ir::Service) -> State {
        State {}
    }
}

/// Applies the method's access rules to `req`.
pub async fn admit(
    _gw: &Gateway,
    _req: &Incoming,
    _m: &Match<'_>,
    _endpoint: &HttpEndpoint,
) -> Result<Caller, Outcome> {
    Ok(Caller::default())
}
