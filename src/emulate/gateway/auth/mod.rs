//! Who may call a method: the resource policy, authorizers, and API keys with their usage
//! plans. [`admit`] either lets the request through with what the integration needs to know
//! about the caller, or answers for API Gateway.
//!
//! The order is API Gateway's ("How API Gateway resource policies affect authorization
//! workflow" in the API Gateway developer guide): the resource policy is evaluated first, and
//! an explicit Deny there stops the request before any authorizer runs; then the authorizer
//! (a Lambda authorizer's policy is combined with the resource policy: a Deny in either
//! denies, an Allow in either allows; with no authorizer, or a Cognito one, the resource
//! policy must allow by itself); then the API key and the usage plan, last because the key
//! may come from the authorizer (`apiKeySourceType: AUTHORIZER`).

pub mod api_keys;
pub mod arn;
pub mod authorizer;
pub mod resource_policy;
pub mod usage_plan;

use super::proxy_response::Reply;
use super::request::Incoming;
use super::responses::GatewayError;
use super::{Gateway, Options, Outcome, error, error_reply};
use crate::emulate::ids;
use crate::emulate::routes::{Match, Target};
use crate::ir::{AuthorizerKind, HttpEndpoint, Service};
use arn::Decision;
use authorizer::{AuthorizerType, EmulatedAuthorizer, jwt::Jwks};
use bytes::Bytes;
use resource_policy::ResourcePolicy;
use serde_json::{Map, Value, json};
use usage_plan::Refusal;

/// What the checks learned about the caller.
#[derive(Clone, Debug, Default)]
pub struct Caller {
    /// The API key value presented (for `private` methods).
    pub api_key: Option<String>,
    pub api_key_id: Option<String>,
    /// `requestContext.authorizer`: principalId, context values or Cognito claims.
    pub authorizer: Option<Value>,
}

/// How one endpoint is guarded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Access {
    Open,
    /// By the service's authorizer at this index.
    Authorizer(usize),
}

/// The service's access rules, and the state their checks keep between requests (caches,
/// counters, key values).
#[derive(Debug, Default)]
pub struct AccessControl {
    /// `arn:aws:execute-api:<region>:<account>:<apiId>`.
    prefix: String,
    /// Per endpoint (same index as `service.endpoints`).
    access: Vec<Access>,
    authorizers: Vec<EmulatedAuthorizer>,
    policy: ResourcePolicy,
    pub keys: api_keys::Keys,
    key_from_authorizer: bool,
    jwks: Option<Jwks>,
    /// `--cognito-client-id` values.
    cognito_clients: Vec<String>,
    notes: Vec<String>,
}

impl AccessControl {
    /// Reads the service's access rules; `opts` gives API key values and the JWKS file.
    pub fn new(service: &Service, opts: &Options, api_id: &str) -> AccessControl {
        let mut notes = Vec::new();
        let prefix = arn::api_prefix(&service.region, &opts.account_id, api_id);
        let mut authorizers: Vec<EmulatedAuthorizer> = Vec::new();
        let mut access = Vec::with_capacity(service.endpoints.len());
        let mut needs_jwks = false;
        for e in &service.endpoints {
            let Some(a) = &e.authorizer else {
                access.push(Access::Open);
                continue;
            };
            let label = if a.name.is_empty() {
                a.kind.cfn_type().to_string()
            } else {
                a.name.clone()
            };
            if let Some(i) = authorizers
                .iter()
                .position(|s| s.name == a.name && !a.name.is_empty())
            {
                access.push(Access::Authorizer(i));
                continue;
            }
            match EmulatedAuthorizer::new(service, a) {
                Ok(authorizer) => {
                    needs_jwks |= a.kind == AuthorizerKind::CognitoUserPools;
                    access.push(Access::Authorizer(authorizers.len()));
                    authorizers.push(authorizer);
                }
                Err(why) => {
                    let note = format!(
                        "{} /{}: authorizer {label} skipped: {why}",
                        e.method, e.path
                    );
                    if !notes.contains(&note) {
                        notes.push(note);
                    }
                    access.push(Access::Open);
                }
            }
        }
        let jwks = match &opts.jwks {
            Some(path) => match std::fs::read_to_string(path)
                .map_err(|e| e.to_string())
                .and_then(|t| Jwks::parse(&t))
            {
                Ok(j) => Some(j),
                Err(why) => {
                    notes.push(format!("--jwks {}: {why}", path.display()));
                    None
                }
            },
            None => None,
        };
        if needs_jwks && jwks.is_none() {
            notes.push(
                "Cognito user-pool authorizers answer 401 to every request: give the pool's \
                 keys with --jwks FILE"
                    .into(),
            );
        }
        let region = service.region.clone();
        let account = opts.account_id.clone();
        let api = api_id.to_string();
        let resolve = move |v: &Value| resolve_resource(v, &region, &account, &api);
        let policy = ResourcePolicy::new(&service.api.resource_policy, &resolve, &mut notes);
        let keys = api_keys::Keys::new(&service.api, &opts.api_key_values);
        AccessControl {
            prefix,
            access,
            authorizers,
            policy,
            keys,
            key_from_authorizer: service.api.api_key_source_type.as_deref() == Some("AUTHORIZER"),
            jwks,
            cognito_clients: opts.cognito_client_ids.clone(),
            notes,
        }
    }

    /// Lines to print at start: the API keys and their values, and what is not emulated.
    pub fn startup_notes(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .keys
            .keys
            .iter()
            .map(|k| {
                let plan = k
                    .plan
                    .and_then(|p| self.keys.plans.get(p))
                    .map_or("no usage plan: refused", |(n, _)| n.as_str());
                format!(
                    "API key {} ({plan}{}): {}{}",
                    k.name,
                    if k.enabled { "" } else { ", disabled" },
                    k.value,
                    if k.generated { " (generated)" } else { "" }
                )
            })
            .collect();
        out.extend(self.notes.iter().cloned());
        out
    }
}

/// A resource-policy `Resource`: a string, or `Fn::Join`/`Fn::Sub` over the pseudo parameters
/// and `ApiGatewayRestApi`.
fn resolve_resource(v: &Value, region: &str, account: &str, api_id: &str) -> Option<String> {
    let pseudo = |name: &str| -> Option<String> {
        Some(match name {
            "AWS::Region" => region.to_string(),
            "AWS::AccountId" => account.to_string(),
            "AWS::Partition" => "aws".into(),
            "AWS::URLSuffix" => "amazonaws.com".into(),
            "ApiGatewayRestApi" => api_id.to_string(),
            _ => return None,
        })
    };
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(m) if m.len() == 1 => {
            if let Some(r) = m.get("Ref").and_then(Value::as_str) {
                return pseudo(r);
            }
            if let Some(Value::Array(j)) = m.get("Fn::Join")
                && let [Value::String(sep), Value::Array(parts)] = j.as_slice()
            {
                let parts: Option<Vec<String>> = parts
                    .iter()
                    .map(|p| resolve_resource(p, region, account, api_id))
                    .collect();
                return parts.map(|p| p.join(sep));
            }
            let template = m.get("Fn::Sub").and_then(Value::as_str)?;
            let mut out = String::new();
            let mut rest = template;
            while let Some(start) = rest.find("${") {
                out.push_str(&rest[..start]);
                let end = rest[start..].find('}')? + start;
                out.push_str(&pseudo(&rest[start + 2..end])?);
                rest = &rest[end + 1..];
            }
            out.push_str(rest);
            Some(out)
        }
        _ => None,
    }
}

/// Applies the method's access rules to `req`.
pub async fn admit(
    gw: &Gateway,
    req: &Incoming,
    m: &Match<'_>,
    endpoint: &HttpEndpoint,
) -> Result<Caller, Outcome> {
    let st = &gw.auth;
    let access = match m.route.target {
        Target::Endpoint(i) => st.access.get(i).copied().unwrap_or(Access::Open),
        Target::CorsPreflight => Access::Open,
    };
    if access == Access::Open && !st.policy.present && !endpoint.private {
        return Ok(Caller::default());
    }
    let now_ms = ids::epoch_millis(req.time);
    let method_arn = arn::method_arn(&st.prefix, &gw.service.stage, &req.method, &req.path);
    let rp = if st.policy.present {
        st.policy.decide(&st.prefix, &method_arn, &req.source_ip)
    } else {
        Decision::Neither
    };
    if rp == Decision::Deny {
        return Err(resource_denied(&method_arn, true));
    }
    let mut caller = Caller::default();
    let mut usage_key = None;
    let authorizer = match access {
        Access::Authorizer(i) => st.authorizers.get(i),
        Access::Open => None,
    };
    match authorizer {
        None => {
            if st.policy.present && rp != Decision::Allow {
                return Err(resource_denied(&method_arn, false));
            }
        }
        Some(authorizer) => match &authorizer.kind {
            AuthorizerType::Cognito { header, issuer } => {
                let token = req.header(header).filter(|t| !t.is_empty());
                let checked = match (&st.jwks, token) {
                    (Some(jwks), Some(t)) => authorizer::cognito::check(
                        jwks,
                        t,
                        issuer.as_deref(),
                        &st.cognito_clients,
                        endpoint
                            .authorizer
                            .as_ref()
                            .map_or(&[][..], |a| a.scopes.as_slice()),
                        now_ms / 1000,
                    ),
                    (None, _) => Err("no JWKS was given (--jwks)".into()),
                    (_, None) => Err("the identity source is missing".into()),
                };
                let claims = checked.map_err(|why| {
                    error(
                        GatewayError::Unauthorized,
                        Some(format!("authorizer {}: {why}", authorizer.name)),
                    )
                })?;
                if st.policy.present && rp != Decision::Allow {
                    return Err(resource_denied(&method_arn, false));
                }
                caller.authorizer = Some(json!({ "claims": claims }));
            }
            AuthorizerType::Token { .. } | AuthorizerType::Request { .. } => {
                let (grant, latency) =
                    authorizer::run_lambda(gw, req, m, endpoint, authorizer, &method_arn, now_ms)
                        .await?;
                match arn::decide(&grant.statements, &st.prefix, &method_arn) {
                    Decision::Deny => {
                        return Err(error(GatewayError::AccessDeniedExplicit, None));
                    }
                    Decision::Neither if rp != Decision::Allow => {
                        return Err(error(GatewayError::AccessDenied, None));
                    }
                    _ => {}
                }
                caller.authorizer = Some(if latency == 0 {
                    grant.cached.clone()
                } else {
                    let mut a: Map<String, Value> = grant.authorizer.clone();
                    a.insert("integrationLatency".into(), latency.into());
                    Value::Object(a)
                });
                usage_key.clone_from(&grant.usage_identifier_key);
            }
        },
    }
    if endpoint.private {
        let presented = if st.key_from_authorizer {
            usage_key.as_deref()
        } else {
            req.header("x-api-key")
        };
        let Some(k) = presented.and_then(|v| st.keys.find(v)) else {
            return Err(error(
                GatewayError::InvalidApiKey,
                Some("no valid API key".into()),
            ));
        };
        st.keys.admit(k, now_ms).map_err(too_many)?;
        if let Some(key) = st.keys.keys.get(k) {
            caller.api_key = Some(key.value.clone());
            caller.api_key_id = Some(key.id.clone());
        }
    }
    Ok(caller)
}

/// The resource policy's 403.
fn resource_denied(method_arn: &str, explicit: bool) -> Outcome {
    let message = format!(
        "User: anonymous is not authorized to perform: execute-api:Invoke on resource: \
         {method_arn}{}",
        if explicit {
            " with an explicit deny"
        } else {
            ""
        }
    );
    Outcome {
        reply: Reply {
            status: 403,
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("x-amzn-ErrorType".into(), "AccessDeniedException".into()),
            ],
            body: Bytes::from(json!({ "Message": message }).to_string()),
        },
        function: None,
        note: Some("denied by the resource policy".into()),
    }
}

/// The usage plan's 429 with `Retry-After`.
fn too_many(r: Refusal) -> Outcome {
    let (e, wait, note) = match r {
        Refusal::Throttled { retry_after } => (GatewayError::Throttled, retry_after, "throttled"),
        Refusal::QuotaExceeded { retry_after } => {
            (GatewayError::QuotaExceeded, retry_after, "quota exceeded")
        }
    };
    let mut reply = error_reply(e, None);
    reply.headers.push(("Retry-After".into(), wait.to_string()));
    Outcome {
        reply,
        function: None,
        note: Some(format!("usage plan: {note}")),
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod access_tests;
