//! The HTTP API's authorizers (`provider.httpApi.authorizers`): JWT authorizers that verify the
//! token against the keys of `--jwks FILE` (the verifier Cognito authorizers use) or, when
//! that file has no key the token names and the issuer is an http(s) URL, the keys its OpenID
//! discovery document leads to (fetched and cached as API Gateway does: [`discovery`]); and
//! Lambda request authorizers that run a function of the service, with their answers cached
//! by identity for `resultTtlInSeconds` (the REST authorizers' cache).
//!
//! JWT, as AWS documents it: the token (with or without `Bearer `) from the identity source;
//! an RSA signature by a JWKS key its `kid` names; `iss` the configured issuer; `aud` one of
//! the audiences, else (no `aud`) `client_id`; `exp` after now, `nbf` and `iat` not after now;
//! a route with scopes needs one of them in `scope` or `scp` (else 403). Failures are 401
//! `{"message":"Unauthorized"}` with `www-authenticate: Bearer ...`. Claims reach the function
//! as strings (arrays Go-style, `[a b]`, as observed).
//!
//! Lambda request authorizers: every identity source must be present and non-empty, else 401
//! without invoking; a simple response (`isAuthorized`) or an IAM policy decides; a refusal is
//! 403 `{"message":"Forbidden"}`, an `Unauthorized` error 401, anything unusable 500.
//!
//! Not emulated, with a note at start: `aws_iam` routes and authorizers of an external API
//! (requests pass unchecked), request authorizers whose `functionArn` is not a function of the
//! service (requests pass unchecked), JWT issuers and audiences written as intrinsics (not
//! checked).

use super::event::{self, CallerContext, EventInput};
use super::response::HttpApiError;
use crate::emulate::gateway::LambdaResult;
use crate::emulate::gateway::auth::arn::{self, Decision};
use crate::emulate::gateway::auth::authorizer::cache::Cache;
use crate::emulate::gateway::auth::authorizer::discovery::{self, IssuerKeys};
use crate::emulate::gateway::auth::authorizer::function_by_arn;
use crate::emulate::gateway::auth::authorizer::jwt::{Jwks, Rules, VerifiedToken, token_kid};
use crate::emulate::gateway::auth::authorizer::policy::{self, Grant, Verdict};
use crate::emulate::gateway::proxy_response::Reply;
use crate::emulate::gateway::request::Incoming;
use crate::ir::{AuthorizerFunction, HttpApiAuthorizerKind, RouteAuthorizer, Service};
use serde_json::{Map, Value};
use std::sync::Arc;
use std::time::Duration;

/// How long API Gateway waits for a Lambda authorizer (`AWS:quotas`).
pub const AUTHORIZER_TIMEOUT: Duration = Duration::from_secs(10);

/// Where an identity comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdentitySource {
    /// `$request.header.X` (case-insensitive).
    Header(String),
    /// `$request.querystring.X` (case-sensitive).
    Query(String),
    /// `$context.X` (`routeKey`, `http.method`, `http.sourceIp`, ...).
    Context(String),
    /// `$stageVariables.X`: SF makes no stage variables, so never present.
    StageVariable(String),
}

impl IdentitySource {
    pub fn parse(v: &Value) -> Result<IdentitySource, String> {
        let s = v
            .as_str()
            .ok_or_else(|| format!("identity source {v} is not a string"))?;
        let parsed = if let Some(h) = s.strip_prefix("$request.header.") {
            IdentitySource::Header(h.to_string())
        } else if let Some(q) = s.strip_prefix("$request.querystring.") {
            IdentitySource::Query(q.to_string())
        } else if let Some(c) = s.strip_prefix("$context.") {
            IdentitySource::Context(c.to_string())
        } else if let Some(v) = s.strip_prefix("$stageVariables.") {
            IdentitySource::StageVariable(v.to_string())
        } else {
            return Err(format!("`{s}` is not an identity source"));
        };
        Ok(parsed)
    }

    /// The value in `req` (matched to `route_key`), `None` when missing or empty.
    pub fn value(&self, req: &Incoming, route_key: &str) -> Option<String> {
        self.value_ref(req, route_key)
            .map(std::borrow::Cow::into_owned)
    }

    /// [`IdentitySource::value`], borrowed from `req` when it is one header's value (a JWT
    /// route's token, on every request).
    pub fn value_ref<'r>(
        &self,
        req: &'r Incoming,
        route_key: &str,
    ) -> Option<std::borrow::Cow<'r, str>> {
        if let IdentitySource::Header(h) = self {
            let mut values = req
                .headers
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case(h));
            let first = values.next().map(|(_, v)| v.as_str())?;
            let joined = match values.next() {
                None => std::borrow::Cow::Borrowed(first),
                Some((_, second)) => {
                    let mut all = vec![first, second.as_str()];
                    all.extend(values.map(|(_, v)| v.as_str()));
                    std::borrow::Cow::Owned(all.join(","))
                }
            };
            return Some(joined).filter(|v| !v.is_empty());
        }
        self.owned_value(req, route_key)
            .map(std::borrow::Cow::Owned)
    }

    fn owned_value(&self, req: &Incoming, route_key: &str) -> Option<String> {
        let v = match self {
            IdentitySource::Header(_) => None,
            IdentitySource::Query(q) => {
                let values: Vec<&str> = req
                    .query
                    .iter()
                    .filter(|(k, _)| k == q)
                    .map(|(_, v)| v.as_str())
                    .collect();
                (!values.is_empty()).then(|| values.join(","))
            }
            IdentitySource::Context(c) => match c.as_str() {
                "routeKey" => Some(route_key.to_string()),
                "http.method" | "httpMethod" => Some(req.method.clone()),
                "http.path" | "path" => Some(req.raw_path.clone()),
                "http.sourceIp" | "identity.sourceIp" => Some(req.source_ip.clone()),
                "http.userAgent" | "identity.userAgent" => {
                    req.header("user-agent").map(str::to_string)
                }
                "stage" => Some("$default".into()),
                _ => None,
            },
            IdentitySource::StageVariable(_) => None,
        };
        v.filter(|v| !v.is_empty())
    }
}

/// A JWT authorizer.
#[derive(Debug)]
pub struct JwtAuthorizer {
    pub name: String,
    source: IdentitySource,
    /// `None`: written as an intrinsic, not checked.
    issuer: Option<String>,
    /// The literal audiences; empty: not checked.
    audiences: Vec<String>,
    /// The issuer's keys by discovery, when the issuer is an http(s) URL (shared by the
    /// authorizers of one issuer).
    discovered: Option<Arc<IssuerKeys>>,
}

impl JwtAuthorizer {
    /// The claims of `token` when its signature verifies: with the `--jwks` file's key when
    /// it has the one the token names, else with the issuer's discovered keys, else with
    /// the file's (whose verdict then says what is wrong).
    async fn verify(
        &self,
        file_keys: Option<&Jwks>,
        token: &str,
    ) -> Result<Arc<VerifiedToken>, String> {
        // a token the file's keys verified before: nothing to decode again
        if let Some(verdict) = file_keys.and_then(|f| f.verified(token, Rules::HTTP_API)) {
            return verdict;
        }
        match (file_keys, &self.discovered, token_kid(token)) {
            (Some(file), _, Some(kid)) if file.has_kid(&kid) => {
                file.verify_shared(token, Rules::HTTP_API)
            }
            (_, Some(issuer), Some(kid)) => issuer
                .keys_for(&kid)
                .await
                .map_err(|why| format!("the issuer's keys cannot be had: {why}"))?
                .verify_shared(token, Rules::HTTP_API),
            (Some(file), _, _) => file.verify_shared(token, Rules::HTTP_API),
            (None, Some(_), None) => Err("the token names no key (kid)".into()),
            (None, None, _) => Err("no JWKS was given (--jwks)".into()),
        }
    }

    /// Where its keys come from, for the start-up notes.
    fn key_source_note(&self, has_jwks: bool) -> String {
        let discovered = self
            .discovered
            .as_ref()
            .map(|d| discovery::discovery_url(&d.issuer));
        match (has_jwks, discovered) {
            (true, Some(url)) => format!(
                "httpApi JWT authorizer {}: keys from --jwks FILE, else discovered at {url}",
                self.name
            ),
            (true, None) => format!(
                "httpApi JWT authorizer {}: keys from --jwks FILE",
                self.name
            ),
            (false, Some(url)) => {
                format!(
                    "httpApi JWT authorizer {}: keys discovered at {url}",
                    self.name
                )
            }
            (false, None) => format!(
                "httpApi JWT authorizer {} answers 401 to every request: its issuerUrl is not a \
                 literal http(s) URL; give the issuer's keys with --jwks FILE",
                self.name
            ),
        }
    }
}

/// A Lambda request authorizer running a function of the service.
#[derive(Debug)]
pub struct RequestAuthorizer {
    pub name: String,
    pub function: String,
    sources: Vec<IdentitySource>,
    ttl: u64,
    simple: bool,
    payload_version: String,
    cache: Cache<Answer>,
}

/// What a request authorizer answered, as cached.
#[derive(Debug)]
enum Answer {
    /// `{isAuthorized, context}`.
    Simple {
        authorized: bool,
        context: Map<String, Value>,
    },
    /// An IAM policy, evaluated against each route's ARN.
    Policy(Grant),
}

/// How a route is guarded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Guard {
    Open,
    /// By the JWT authorizer at this index, with the route's scopes.
    Jwt(usize, Option<Vec<String>>),
    /// By the request authorizer at this index.
    Request(usize),
}

/// The API's authorizers and each route's guard.
#[derive(Debug, Default)]
pub struct Authorizers {
    jwt: Vec<JwtAuthorizer>,
    request: Vec<RequestAuthorizer>,
    /// Per route (same index as `HttpApi::routes`).
    guards: Vec<Guard>,
    pub notes: Vec<String>,
    /// `arn:aws:execute-api:<region>:<account>:<apiId>`.
    arn_prefix: String,
    /// How long a Lambda authorizer may take ([`AUTHORIZER_TIMEOUT`]; shorter in tests).
    pub timeout: Duration,
}

/// Why a request was refused.
#[derive(Debug, PartialEq)]
pub struct Refusal {
    pub error: HttpApiError,
    /// `www-authenticate` (JWT refusals).
    pub challenge: Option<String>,
    /// For the access log.
    pub why: String,
}

impl Refusal {
    fn new(error: HttpApiError, why: impl Into<String>) -> Refusal {
        Refusal {
            error,
            challenge: None,
            why: why.into(),
        }
    }

    pub fn reply(&self) -> Reply {
        let mut r = self.error.reply();
        if let Some(c) = &self.challenge {
            r.headers.push(("www-authenticate".into(), c.clone()));
        }
        r
    }
}

impl Authorizers {
    pub fn new(service: &Service, api_id: &str, account_id: &str, has_jwks: bool) -> Authorizers {
        let api = &service.http_api;
        let mut out = Authorizers {
            arn_prefix: arn::api_prefix(&service.region, account_id, api_id),
            timeout: AUTHORIZER_TIMEOUT,
            ..Authorizers::default()
        };
        let mut by_key: Vec<(String, Result<Guard, String>)> = Vec::new();
        for a in &api.authorizers {
            let guard = match &a.kind {
                HttpApiAuthorizerKind::Jwt(j) => out.add_jwt(&a.name, &a.identity_sources, j),
                HttpApiAuthorizerKind::Request(r) => {
                    out.add_request(service, &a.name, &a.identity_sources, r)
                }
            };
            by_key.push((a.key.clone(), guard));
        }
        let mut jwt_used: Vec<usize> = Vec::new();
        for r in &api.routes {
            let guard = match r.authorization.as_ref().map(|a| (&a.authorizer, &a.scopes)) {
                None => Ok(Guard::Open),
                Some((RouteAuthorizer::AwsIam, _)) => {
                    Err("aws_iam authorization is not emulated; requests pass unchecked".into())
                }
                Some((RouteAuthorizer::External { .. }, _)) => Err(
                    "authorizers of an external API are not emulated; requests pass unchecked"
                        .into(),
                ),
                Some((RouteAuthorizer::Configured(key), scopes)) => {
                    match by_key.iter().find(|(k, _)| k == key).map(|(_, g)| g) {
                        Some(Ok(Guard::Jwt(i, _))) => Ok(Guard::Jwt(*i, scopes.clone())),
                        Some(Ok(g)) => Ok(g.clone()),
                        Some(Err(why)) => Err(why.clone()),
                        None => Err(format!("no authorizer `{key}`; requests pass unchecked")),
                    }
                }
            };
            let guard = guard.unwrap_or_else(|why| {
                let note = format!("httpApi {}: {why}", r.route_key);
                if !out.notes.contains(&note) {
                    out.notes.push(note);
                }
                Guard::Open
            });
            if let Guard::Jwt(i, _) = guard
                && !jwt_used.contains(&i)
            {
                jwt_used.push(i);
            }
            out.guards.push(guard);
        }
        for i in jwt_used {
            if let Some(a) = out.jwt.get(i) {
                let note = a.key_source_note(has_jwks);
                out.notes.push(note);
            }
        }
        out
    }

    fn add_jwt(
        &mut self,
        name: &str,
        sources: &[Value],
        j: &crate::ir::JwtAuthorizer,
    ) -> Result<Guard, String> {
        let source = match sources {
            [] => IdentitySource::Header("Authorization".into()),
            [one] => IdentitySource::parse(one)?,
            _ => {
                return Err(format!(
                    "JWT authorizer {name} has more than one identity source"
                ));
            }
        };
        let issuer = j.issuer.as_ref().and_then(|i| i.as_str().map(String::from));
        if issuer.is_none() {
            self.notes.push(format!(
                "httpApi JWT authorizer {name}: issuerUrl is not a literal string; the issuer \
                 is not checked"
            ));
        }
        let audiences: Vec<String> = j
            .audiences
            .iter()
            .filter_map(|a| a.as_str().map(String::from))
            .collect();
        if audiences.len() != j.audiences.len() {
            self.notes.push(format!(
                "httpApi JWT authorizer {name}: audiences written as intrinsics are not checked"
            ));
        }
        let discovered = issuer
            .as_deref()
            .filter(|i| discovery::is_discoverable(i))
            .map(|i| self.issuer_keys(i));
        self.jwt.push(JwtAuthorizer {
            name: name.to_string(),
            source,
            issuer,
            audiences,
            discovered,
        });
        Ok(Guard::Jwt(self.jwt.len() - 1, None))
    }

    fn add_request(
        &mut self,
        service: &Service,
        name: &str,
        sources: &[Value],
        r: &crate::ir::RequestAuthorizer,
    ) -> Result<Guard, String> {
        let function = match &r.function {
            Some(AuthorizerFunction::Service(f)) => f.clone(),
            Some(AuthorizerFunction::Arn(arn)) => {
                function_by_arn(service, arn).ok_or_else(|| {
                    format!(
                        "request authorizer {name} runs a function outside the service; requests \
                     pass unchecked"
                    )
                })?
            }
            None => return Err(format!("request authorizer {name} names no function")),
        };
        let sources = sources
            .iter()
            .map(IdentitySource::parse)
            .collect::<Result<Vec<_>, _>>()?;
        self.request.push(RequestAuthorizer {
            name: name.to_string(),
            function,
            ttl: r.result_ttl_in_seconds.unwrap_or(0),
            simple: r.enable_simple_responses.unwrap_or(false),
            payload_version: r.payload_version.clone(),
            sources,
            cache: Cache::default(),
        });
        Ok(Guard::Request(self.request.len() - 1))
    }

    /// The key cache of `issuer`, shared with the other authorizers of the same issuer.
    fn issuer_keys(&self, issuer: &str) -> Arc<IssuerKeys> {
        self.jwt
            .iter()
            .filter_map(|a| a.discovered.as_ref())
            .find(|d| d.issuer == issuer)
            .cloned()
            .unwrap_or_else(|| Arc::new(IssuerKeys::new(issuer)))
    }

    /// How route `index` is guarded.
    pub fn guard(&self, index: usize) -> &Guard {
        self.guards.get(index).unwrap_or(&Guard::Open)
    }

    pub fn jwt(&self, index: usize) -> Option<&JwtAuthorizer> {
        self.jwt.get(index)
    }

    pub fn request(&self, index: usize) -> Option<&RequestAuthorizer> {
        self.request.get(index)
    }

    /// The route ARN a request authorizer's event names and its policy is checked against.
    pub fn route_arn(&self, req: &Incoming) -> String {
        arn::method_arn(&self.arn_prefix, "$default", &req.method, &req.raw_path)
    }

    /// An IAM policy's verdict for `route_arn`.
    fn allows(&self, grant: &Grant, route_arn: &str) -> bool {
        arn::decide(&grant.statements, &self.arn_prefix, route_arn) == Decision::Allow
    }
}

/// `Bearer scope="..." error="..." error_description="..."`. The description may quote the
/// token (its `kid`), so quotes and control characters are dropped from it: the header must
/// stay one valid value.
fn challenge(scopes: &[String], error: &str, description: &str) -> String {
    let description: String = description
        .chars()
        .filter(|c| *c != '"' && *c != '\\' && !c.is_control())
        .collect();
    format!(
        "Bearer scope=\"{}\" error=\"{error}\" error_description=\"{description}\"",
        scopes.join(" ")
    )
}

/// Checks a request against a JWT authorizer (with the keys of `--jwks FILE` when given, or
/// discovered); the caller's claims and scopes when it passes.
pub async fn check_jwt(
    file_keys: Option<&Jwks>,
    a: &JwtAuthorizer,
    req: &Incoming,
    route_key: &str,
    route_scopes: Option<&[String]>,
    now_secs: u64,
) -> Result<CallerContext, Refusal> {
    let scopes = route_scopes.unwrap_or(&[]);
    let invalid = |description: &str| Refusal {
        error: HttpApiError::Unauthorized,
        challenge: Some(challenge(scopes, "invalid_token", description)),
        why: format!("JWT authorizer {}: {description}", a.name),
    };
    let Some(raw) = a.source.value_ref(req, route_key) else {
        return Err(Refusal::new(
            HttpApiError::Unauthorized,
            format!("JWT authorizer {}: the identity source is missing", a.name),
        ));
    };
    let token = match raw.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("bearer ") => raw[7..].trim(),
        _ => raw.trim(),
    };
    let verified = a
        .verify(file_keys, token)
        .await
        .map_err(|why| invalid(&why))?;
    let claims = &verified.claims;
    let number = |k: &str| claims.get(k).and_then(Value::as_f64);
    let now = now_secs as f64;
    match number("exp") {
        Some(exp) if exp > now => {}
        Some(_) => return Err(invalid("the token has expired")),
        None => return Err(invalid("the token has no exp claim")),
    }
    if number("nbf").is_some_and(|t| t > now) {
        return Err(invalid("the token is not valid yet (nbf)"));
    }
    if number("iat").is_some_and(|t| t > now) {
        return Err(invalid("the token was issued in the future (iat)"));
    }
    if let Some(iss) = &a.issuer
        && claims.get("iss").and_then(Value::as_str) != Some(iss.as_str())
    {
        return Err(invalid("the token does not have a valid issuer"));
    }
    if !a.audiences.is_empty() {
        let allowed = |x: &str| a.audiences.iter().any(|w| w == x);
        let ok = match claims.get("aud") {
            Some(Value::String(aud)) => allowed(aud),
            // a list: every member must be a string (else no audience at all), one allowed
            Some(Value::Array(items)) => {
                items.iter().all(Value::is_string)
                    && items.iter().filter_map(Value::as_str).any(allowed)
            }
            Some(_) => false,
            None => claims
                .get("client_id")
                .and_then(Value::as_str)
                .is_some_and(allowed),
        };
        if !ok {
            return Err(invalid("the token does not have a valid audience"));
        }
    }
    let granted = &verified.http_api().scopes;
    if !scopes.is_empty()
        && !granted
            .as_ref()
            .is_some_and(|g| g.iter().any(|s| scopes.contains(s)))
    {
        return Err(Refusal {
            error: HttpApiError::Forbidden,
            challenge: Some(challenge(
                scopes,
                "insufficient_scope",
                "the token does not have the required scope",
            )),
            why: format!("JWT authorizer {}: none of the route's scopes", a.name),
        });
    }
    Ok(CallerContext::Jwt(verified))
}

/// What a request authorizer needs to run.
pub struct RequestCall<'a> {
    pub authorizers: &'a Authorizers,
    pub authorizer: &'a RequestAuthorizer,
    pub input: EventInput<'a>,
    pub now_ms: u64,
}

/// Runs a Lambda request authorizer for a request (or takes its cached answer): the caller's
/// context when it allows. `invoke` runs the function within `Authorizers::timeout` (`None`
/// on timeout: a 500).
pub async fn check_request<F, Fut>(
    call: RequestCall<'_>,
    invoke: F,
) -> Result<CallerContext, Refusal>
where
    F: FnOnce(String, bytes::Bytes) -> Fut,
    Fut: std::future::Future<Output = Option<LambdaResult>>,
{
    let a = call.authorizer;
    let req = call.input.request;
    let route_key = call.input.route.route_key.as_str();
    let mut values = Vec::with_capacity(a.sources.len());
    for s in &a.sources {
        match s.value(req, route_key) {
            Some(v) => values.push(v),
            None => {
                return Err(Refusal::new(
                    HttpApiError::Unauthorized,
                    format!("authorizer {}: an identity source is missing", a.name),
                ));
            }
        }
    }
    // without identity sources there is no cache key, so no caching
    let key = (!values.is_empty()).then(|| values.join("\u{0}"));
    let route_arn = call.authorizers.route_arn(req);
    let cached = key.as_deref().and_then(|k| a.cache.get(k, call.now_ms));
    let answer = match cached {
        Some(hit) => hit,
        None => {
            let event = authorizer_event(a, &call.input, &values, &route_arn);
            let payload = bytes::Bytes::from(serde_json::to_vec(&event).unwrap_or_default());
            let Some(result) = invoke(a.function.clone(), payload).await else {
                return Err(Refusal::new(
                    HttpApiError::InternalServerError,
                    format!(
                        "authorizer {}: no answer within {} ms",
                        a.name,
                        call.authorizers.timeout.as_millis()
                    ),
                ));
            };
            let answer = Arc::new(read_answer(a, &result).map_err(|r| Refusal {
                why: format!("authorizer {}: {}", a.name, r.why),
                ..r
            })?);
            if let Some(k) = &key {
                a.cache.put(k, answer.clone(), a.ttl, call.now_ms);
            }
            answer
        }
    };
    let forbidden = || {
        Refusal::new(
            HttpApiError::Forbidden,
            format!("authorizer {} denied the request", a.name),
        )
    };
    match answer.as_ref() {
        Answer::Simple {
            authorized: true,
            context,
        } => Ok(CallerContext::Lambda(context.clone())),
        Answer::Simple { .. } => Err(forbidden()),
        Answer::Policy(grant) if call.authorizers.allows(grant, &route_arn) => {
            Ok(CallerContext::Lambda(grant.authorizer.clone()))
        }
        Answer::Policy(_) => Err(forbidden()),
    }
}

/// The authorizer's event, in its payload format version.
fn authorizer_event(
    a: &RequestAuthorizer,
    input: &EventInput,
    values: &[String],
    route_arn: &str,
) -> Value {
    let no_caller = EventInput {
        caller: None,
        ..*input
    };
    if a.payload_version == "1.0" {
        let mut e = event::build(&EventInput {
            route: &crate::ir::HttpRoute {
                payload_version: "1.0".into(),
                ..input.route.clone()
            },
            ..no_caller
        });
        if let Value::Object(m) = &mut e {
            m.remove("body");
            m.remove("isBase64Encoded");
            let joined = values.join(",");
            let mut out = Map::new();
            out.insert("version".into(), "1.0".into());
            out.insert("type".into(), "REQUEST".into());
            out.insert("methodArn".into(), route_arn.into());
            out.insert("identitySource".into(), joined.clone().into());
            out.insert("authorizationToken".into(), joined.into());
            for (k, v) in std::mem::take(m) {
                out.entry(k).or_insert(v);
            }
            *m = out;
        }
        return e;
    }
    let mut members = event::v2_request_members(&no_caller);
    let mut out = Map::new();
    out.insert("version".into(), "2.0".into());
    out.insert("type".into(), "REQUEST".into());
    out.insert("routeArn".into(), route_arn.into());
    out.insert(
        "identitySource".into(),
        Value::Array(values.iter().cloned().map(Value::String).collect()),
    );
    members.remove("version");
    out.extend(members);
    Value::Object(out)
}

/// Reads what the authorizer returned.
fn read_answer(a: &RequestAuthorizer, result: &LambdaResult) -> Result<Answer, Refusal> {
    let failure = |why: String| Refusal::new(HttpApiError::InternalServerError, why);
    if a.simple && a.payload_version != "1.0" {
        let value = match result {
            LambdaResult::Ok(p) => serde_json::from_slice::<Value>(p)
                .map_err(|_| failure("the authorizer's result is not JSON".into()))?,
            LambdaResult::Error { .. } => {
                return match policy::read(result) {
                    Verdict::Unauthorized => Err(Refusal::new(
                        HttpApiError::Unauthorized,
                        "the authorizer said Unauthorized",
                    )),
                    _ => Err(failure("the authorizer failed".into())),
                };
            }
        };
        let authorized = value
            .get("isAuthorized")
            .and_then(Value::as_bool)
            .ok_or_else(|| failure("the simple response has no boolean isAuthorized".into()))?;
        let context = match value.get("context") {
            None | Some(Value::Null) => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(_) => {
                return Err(failure(
                    "the simple response's context is not an object".into(),
                ));
            }
        };
        return Ok(Answer::Simple {
            authorized,
            context,
        });
    }
    match policy::read(result) {
        Verdict::Grant(g) => Ok(Answer::Policy(g)),
        Verdict::Unauthorized => Err(Refusal::new(
            HttpApiError::Unauthorized,
            "the authorizer said Unauthorized",
        )),
        Verdict::Failure(why) => Err(failure(why)),
    }
}
