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
use crate::emulate::routes::{Match, Target};
use crate::ir::{AuthorizerKind, HttpEndpoint, Service};
use arn::Decision;
use authorizer::policy::Grant;
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

    /// The keys of `--jwks FILE`, when given and readable (Cognito user-pool authorizers and
    /// the HTTP API's JWT authorizers verify tokens with them).
    pub fn jwks(&self) -> Option<&Jwks> {
        self.jwks.as_ref()
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

/// Applies the method's access rules to `req`, in API Gateway's order: the resource policy's
/// explicit Deny, the authorizer (with the rest of the resource policy), the API key.
pub async fn admit(
    gw: &Gateway,
    req: &Incoming,
    m: &Match<'_>,
    endpoint: &HttpEndpoint,
) -> Result<Caller, Outcome> {
    let rules = &gw.auth;
    let access = rules.access_of(m);
    if access == Access::Open && !rules.policy.present && !endpoint.private {
        return Ok(Caller::default());
    }
    let method_arn = arn::method_arn(&rules.prefix, &gw.service.stage, &req.method, &req.path);
    let policy = rules.resource_policy_decision(&method_arn, req)?;
    let check = MethodCheck {
        method_arn,
        now_ms: crate::common::time::epoch_millis(req.time),
        policy,
    };
    let authorized = match rules.authorizer(access) {
        None => rules.without_authorizer(&check)?,
        Some(a) => rules.authorize(a, gw, req, m, endpoint, &check).await?,
    };
    let mut caller = Caller {
        authorizer: authorized.context,
        ..Caller::default()
    };
    if endpoint.private
        && let Some(key) = rules.api_key(req, authorized.usage_key.as_deref(), check.now_ms)?
    {
        caller.api_key = Some(key.value.clone());
        caller.api_key_id = Some(key.id.clone());
    }
    Ok(caller)
}

/// What the checks of one request share.
struct MethodCheck {
    method_arn: String,
    now_ms: u64,
    /// The resource policy's decision (`Neither` when the API has none).
    policy: Decision,
}

impl MethodCheck {
    /// Without an authorizer's own policy, the resource policy must allow by itself (when the
    /// API has one).
    fn require_policy_allow(&self, rules: &AccessControl) -> Result<(), Outcome> {
        if rules.policy.present && self.policy != Decision::Allow {
            return Err(resource_denied(&self.method_arn, false));
        }
        Ok(())
    }
}

/// What the authorizer learned about the caller.
#[derive(Default)]
struct Authorized {
    /// `requestContext.authorizer`.
    context: Option<Value>,
    /// The API key a Lambda authorizer chose (`usageIdentifierKey`).
    usage_key: Option<String>,
}

impl AccessControl {
    /// How the matched route is guarded.
    fn access_of(&self, m: &Match<'_>) -> Access {
        match m.route.target {
            Target::Endpoint(i) => self.access.get(i).copied().unwrap_or(Access::Open),
            Target::CorsPreflight => Access::Open,
        }
    }

    /// The authorizer guarding a method, if any.
    fn authorizer(&self, access: Access) -> Option<&EmulatedAuthorizer> {
        match access {
            Access::Authorizer(i) => self.authorizers.get(i),
            Access::Open => None,
        }
    }

    /// The resource policy's decision for the method, or its 403 when it denies explicitly
    /// (before any authorizer runs).
    fn resource_policy_decision(
        &self,
        method_arn: &str,
        req: &Incoming,
    ) -> Result<Decision, Outcome> {
        if !self.policy.present {
            return Ok(Decision::Neither);
        }
        match self.policy.decide(&self.prefix, method_arn, &req.source_ip) {
            Decision::Deny => Err(resource_denied(method_arn, true)),
            decision => Ok(decision),
        }
    }

    /// A method without an authorizer: only the resource policy decides.
    fn without_authorizer(&self, check: &MethodCheck) -> Result<Authorized, Outcome> {
        check.require_policy_allow(self)?;
        Ok(Authorized::default())
    }

    /// Runs the method's authorizer.
    async fn authorize(
        &self,
        authorizer: &EmulatedAuthorizer,
        gw: &Gateway,
        req: &Incoming,
        m: &Match<'_>,
        endpoint: &HttpEndpoint,
        check: &MethodCheck,
    ) -> Result<Authorized, Outcome> {
        match &authorizer.kind {
            AuthorizerType::Cognito { header, issuer } => {
                let scopes = endpoint
                    .authorizer
                    .as_ref()
                    .map_or(&[][..], |a| a.scopes.as_slice());
                let token = req.header(header).filter(|t| !t.is_empty());
                self.cognito(authorizer, issuer.as_deref(), token, scopes, check)
            }
            AuthorizerType::Token { .. } | AuthorizerType::Request { .. } => {
                let (grant, latency) = authorizer::run_lambda(
                    gw,
                    req,
                    m,
                    endpoint,
                    authorizer,
                    &check.method_arn,
                    check.now_ms,
                )
                .await?;
                self.lambda_grant(&grant, latency, check)
            }
        }
    }

    /// A Cognito user-pool authorizer: the token must check out (401), then the resource
    /// policy must allow by itself; the caller's claims go to the integration.
    fn cognito(
        &self,
        authorizer: &EmulatedAuthorizer,
        issuer: Option<&str>,
        token: Option<&str>,
        scopes: &[String],
        check: &MethodCheck,
    ) -> Result<Authorized, Outcome> {
        let checked = match (&self.jwks, token) {
            (Some(jwks), Some(t)) => authorizer::cognito::check(
                jwks,
                t,
                issuer,
                &self.cognito_clients,
                scopes,
                check.now_ms / 1000,
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
        check.require_policy_allow(self)?;
        Ok(Authorized {
            context: Some(json!({ "claims": claims })),
            usage_key: None,
        })
    }

    /// A Lambda authorizer's policy combined with the resource policy: a Deny in either
    /// denies, an Allow in either allows.
    fn lambda_grant(
        &self,
        grant: &Grant,
        latency: u64,
        check: &MethodCheck,
    ) -> Result<Authorized, Outcome> {
        match arn::decide(&grant.statements, &self.prefix, &check.method_arn) {
            Decision::Deny => return Err(error(GatewayError::AccessDeniedExplicit, None)),
            Decision::Neither if check.policy != Decision::Allow => {
                return Err(error(GatewayError::AccessDenied, None));
            }
            _ => {}
        }
        // a cached answer (latency 0) has no integrationLatency
        let context = if latency == 0 {
            grant.cached.clone()
        } else {
            let mut a: Map<String, Value> = grant.authorizer.clone();
            a.insert("integrationLatency".into(), latency.into());
            Value::Object(a)
        };
        Ok(Authorized {
            context: Some(context),
            usage_key: grant.usage_identifier_key.clone(),
        })
    }

    /// The API key a `private` method was called with (the header's, or the authorizer's
    /// with `apiKeySourceType: AUTHORIZER`), admitted by its usage plan.
    fn api_key(
        &self,
        req: &Incoming,
        from_authorizer: Option<&str>,
        now_ms: u64,
    ) -> Result<Option<&api_keys::Key>, Outcome> {
        let presented = if self.key_from_authorizer {
            from_authorizer
        } else {
            req.header("x-api-key")
        };
        let Some(k) = presented.and_then(|v| self.keys.find(v)) else {
            return Err(error(
                GatewayError::InvalidApiKey,
                Some("no valid API key".into()),
            ));
        };
        self.keys.admit(k, now_ms).map_err(too_many)?;
        Ok(self.keys.keys.get(k))
    }
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
