//! Authorizers: what each one of the service is at start ([`EmulatedAuthorizer`]: which
//! function runs, where the identity comes from, how long answers are cached) and running a Lambda authorizer for a
//! request ([`run_lambda`]): identity check (401 without invoking when missing or not matching
//! `identityValidationExpression`), cache, invocation, reading the answer.

pub mod cache;
pub mod cognito;
pub mod discovery;
pub mod event;
pub mod identity;
pub mod jwt;
pub mod policy;

use crate::emulate::gateway::proxy_event::EventContext;
use crate::emulate::gateway::request::Incoming;
use crate::emulate::gateway::responses::GatewayError;
use crate::emulate::gateway::{Gateway, LambdaResult, Outcome, error};
use crate::emulate::routes::Match;
use crate::ir::{Authorizer, AuthorizerKind, HttpEndpoint, Service};
use bytes::Bytes;
use identity::Source;
use policy::{Grant, Verdict};
use regex::Regex;
use serde_json::Value;
use std::sync::Arc;

/// AWS's `resultTtlInSeconds` when the property is omitted.
pub const DEFAULT_TTL: u64 = 300;

/// How an authorizer finds the caller's identity (its `type`).
#[derive(Debug)]
pub enum AuthorizerType {
    /// TOKEN: one header, optionally checked against the validation expression.
    Token {
        header: String,
        validation: Option<Regex>,
    },
    /// REQUEST: every source must be present; none at all means no check.
    Request { sources: Vec<Source> },
    /// COGNITO_USER_POOLS: the token header and the pool's issuer (when the ARN is literal).
    Cognito {
        header: String,
        issuer: Option<String>,
    },
}

/// One authorizer of the service.
#[derive(Debug)]
pub struct EmulatedAuthorizer {
    pub name: String,
    /// The function key (Lambda authorizers).
    pub function: String,
    pub kind: AuthorizerType,
    pub ttl: u64,
    pub cache: cache::Cache,
}

impl EmulatedAuthorizer {
    /// The authorizer for `a`, or why it is not emulated (for the start-up notes).
    pub fn new(service: &Service, a: &Authorizer) -> Result<EmulatedAuthorizer, String> {
        let ttl = a.result_ttl_in_seconds.unwrap_or(DEFAULT_TTL);
        let spec = a.identity_source.clone().unwrap_or_else(|| match a.kind {
            AuthorizerKind::Request if ttl == 0 => String::new(),
            _ => "method.request.header.Authorization".into(),
        });
        let sources = identity::parse(&spec)?;
        let header = || match sources.as_slice() {
            [Source::Header(h)] => Ok(h.clone()),
            _ => Err(format!("identity source `{spec}` is not one header")),
        };
        let (kind, function) = match a.kind {
            AuthorizerKind::AwsIam => return Err("AWS_IAM authorization is not emulated".into()),
            AuthorizerKind::CognitoUserPools => {
                let issuer = a.arn.as_ref().and_then(cognito::issuer_from_arn);
                let kind = AuthorizerType::Cognito {
                    header: header()?,
                    issuer,
                };
                (kind, String::new())
            }
            AuthorizerKind::Token => {
                let validation = match &a.identity_validation_expression {
                    Some(x) => Some(Regex::new(&format!("^(?:{x})$")).map_err(|e| {
                        format!("identityValidationExpression does not compile: {e}")
                    })?),
                    None => None,
                };
                let kind = AuthorizerType::Token {
                    header: header()?,
                    validation,
                };
                (kind, local_function(service, a)?)
            }
            AuthorizerKind::Request => (
                AuthorizerType::Request { sources },
                local_function(service, a)?,
            ),
        };
        Ok(EmulatedAuthorizer {
            name: a.name.clone(),
            function,
            kind,
            ttl,
            cache: cache::Cache::default(),
        })
    }
}

/// The key of the service's function an authorizer runs: given by name, by the ARN of
/// `<service>-<stage>-<key>` (or the function's `name:`), or by `Fn::GetAtt` of its logical id.
pub fn local_function(service: &Service, a: &Authorizer) -> Result<String, String> {
    if let Some(f) = &a.function
        && service.functions.iter().any(|x| &x.key == f)
    {
        return Ok(f.clone());
    }
    let found = a.arn.as_ref().and_then(|arn| function_by_arn(service, arn));
    found.ok_or_else(|| {
        format!(
            "authorizer `{}` is not a function of this service; requests pass unchecked",
            a.name
        )
    })
}

/// The key of the service's function an ARN names: `<service>-<stage>-<key>` (or the
/// function's `name:`) in a literal ARN, or the function whose logical id `Fn::GetAtt` names.
pub fn function_by_arn(service: &Service, arn: &Value) -> Option<String> {
    let found = match arn {
        Value::String(arn) => {
            let name = arn
                .split(":function:")
                .nth(1)
                .map(|n| n.split(':').next().unwrap_or(n));
            service
                .functions
                .iter()
                .find(|f| Some(f.name.as_str()) == name)
        }
        v => v
            .get("Fn::GetAtt")
            .and_then(|g| g.get(0))
            .and_then(Value::as_str)
            .and_then(|id| {
                service
                    .functions
                    .iter()
                    .find(|f| crate::ir::naming::function_logical_id(&f.key) == id)
            }),
    };
    found.map(|f| f.key.clone())
}

/// A Lambda authorizer's answer for a request and the milliseconds it took (0 when cached).
pub async fn run_lambda(
    gw: &Gateway,
    req: &Incoming,
    m: &Match<'_>,
    endpoint: &HttpEndpoint,
    authorizer: &EmulatedAuthorizer,
    method_arn: &str,
    now_ms: u64,
) -> Result<(Arc<Grant>, u64), Outcome> {
    let unauthorized = |why: &str| error(GatewayError::Unauthorized, Some(why.to_string()));
    let cx = EventContext::new(gw, m, endpoint);
    let request_key;
    let (identity, token): (Option<&str>, Option<&str>) = match &authorizer.kind {
        AuthorizerType::Token { header, validation } => {
            let Some(t) = req.header(header).filter(|t| !t.is_empty()) else {
                return Err(unauthorized("the identity source is missing"));
            };
            if validation.as_ref().is_some_and(|re| !re.is_match(t)) {
                return Err(unauthorized("the token fails identityValidationExpression"));
            }
            (Some(t), Some(t))
        }
        AuthorizerType::Request { sources } if sources.is_empty() => (None, None),
        AuthorizerType::Request { sources } => {
            request_key = identity::key(req, &cx, sources);
            match &request_key {
                Some(k) => (Some(k.as_str()), None),
                None => return Err(unauthorized("an identity source is missing")),
            }
        }
        AuthorizerType::Cognito { .. } => return Err(error(GatewayError::AuthorizerFailure, None)),
    };
    if let Some(id) = identity
        && let Some(hit) = authorizer.cache.get(id, now_ms)
    {
        return Ok((hit, 0));
    }
    let event = match token {
        Some(t) => event::token(t, method_arn),
        None => event::request(req, &cx, method_arn),
    };
    let payload = Bytes::from(serde_json::to_vec(&event).unwrap_or_default());
    let started = std::time::Instant::now();
    let result = match gw.invoke(&authorizer.function, payload).await {
        Ok(r) => r,
        Err(_) => LambdaResult::Error {
            payload: Bytes::from_static(b"{\"errorMessage\":\"timed out\"}"),
            kind: "Timeout".into(),
        },
    };
    let latency = started.elapsed().as_millis() as u64;
    match policy::read(&result) {
        Verdict::Grant(g) => {
            let g = Arc::new(g);
            if let Some(id) = identity {
                authorizer.cache.put(id, g.clone(), authorizer.ttl, now_ms);
            }
            Ok((g, latency))
        }
        Verdict::Unauthorized => Err(unauthorized("the authorizer said Unauthorized")),
        Verdict::Failure(why) => Err(error(
            GatewayError::AuthorizerFailure,
            Some(format!("authorizer `{}`: {why}", authorizer.name)),
        )),
    }
}
