//! `httpApi` events (API Gateway v2 HTTP APIs), normalized as Serverless Framework v3's
//! `http-api.js` resolves them: one record per route, the API's settings with CORS resolved, and
//! the authorizers. What the CloudFormation backend compiles and what an emulator would serve
//! read the same records, never the YAML.

use crate::source::Span;
use serde::Serialize;
use serde_json::Value as Json;

/// How long an HTTP API waits for an integration: AWS's maximum (not adjustable), and what SF
/// sets on every integration it compiles.
pub const HTTP_API_INTEGRATION_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The payload format version SF uses when neither the function nor the provider names one.
pub const DEFAULT_PAYLOAD_VERSION: &str = "2.0";

/// The service's HTTP API: settings, authorizers and routes. With no routes nothing of it is
/// compiled (SF's rule), though its settings are still checked.
#[derive(Clone, Debug, Default, Serialize)]
pub struct HttpApi {
    pub settings: HttpApiSettings,
    /// `provider.httpApi.authorizers`, in configuration order.
    pub authorizers: Vec<HttpApiAuthorizer>,
    /// Every `httpApi` event, in configuration order (functions, then events). The catch-all
    /// route (`*`) appears once: a later one takes the earlier one's place, as in SF.
    pub routes: Vec<HttpRoute>,
}

impl HttpApi {
    /// The authorizer configured under `key` in `provider.httpApi.authorizers`.
    pub fn authorizer(&self, key: &str) -> Option<&HttpApiAuthorizer> {
        self.authorizers.iter().find(|a| a.key == key)
    }

    /// Whether there is nothing to compile (no `httpApi` event).
    pub fn has_no_routes(&self) -> bool {
        self.routes.is_empty()
    }

    /// Whether the routes attach to an API created elsewhere (`provider.httpApi.id`).
    pub fn is_external(&self) -> bool {
        self.settings.external_id.is_some()
    }
}

/// `provider.httpApi` and `provider.logs.httpApi`, with SF's defaults applied.
#[derive(Clone, Debug, Default, Serialize)]
pub struct HttpApiSettings {
    /// The API's name: `provider.httpApi.name`, else `<stage>-<service>` (or
    /// `<service>-<stage>` with `shouldStartNameWithService`).
    pub name: String,
    /// `provider.httpApi.id`: the routes go to this existing API, and no API, stage, log group
    /// or outputs are created.
    pub external_id: Option<Json>,
    /// The CORS configuration as SF resolves it; `None` without `cors` (or `cors: false`).
    pub cors: Option<HttpApiCors>,
    /// The access log format, when `provider.logs.httpApi` is set.
    pub access_log_format: Option<String>,
    /// `provider.httpApi.metrics` (detailed route metrics), default false.
    pub metrics: bool,
    /// `provider.httpApi.disableDefaultEndpoint`, only when given.
    pub disable_default_endpoint: Option<bool>,
    /// Where `provider.httpApi.id`, `cors`, `authorizers` and `provider.logs.httpApi` are
    /// written (the checks point there).
    #[serde(skip)]
    pub spans: HttpApiSpans,
}

/// Where the settings that conflict with an external API are written.
#[derive(Clone, Copy, Debug, Default)]
pub struct HttpApiSpans {
    pub id: Option<Span>,
    pub cors: Option<Span>,
    pub authorizers: Option<Span>,
    pub logs: Option<Span>,
}

/// The API's CORS configuration (`CorsConfiguration`), resolved: lists in SF's order, each
/// value once.
#[derive(Clone, Debug, Default, Serialize)]
pub struct HttpApiCors {
    pub allowed_origins: Vec<String>,
    pub allowed_headers: Vec<String>,
    /// Given, or `OPTIONS` and then every route's method in route order (`ANY` and `*` add
    /// all seven).
    pub allowed_methods: Vec<String>,
    /// Only true is kept (SF drops `allowCredentials: false`).
    pub allow_credentials: bool,
    pub exposed_response_headers: Option<Vec<String>>,
    pub max_age: Option<i64>,
}

/// One authorizer of `provider.httpApi.authorizers`.
#[derive(Clone, Debug, Serialize)]
pub struct HttpApiAuthorizer {
    /// The key under `authorizers:` (routes refer to it).
    pub key: String,
    /// `name:`, else the key: the authorizer's name in AWS and in its logical id.
    pub name: String,
    /// Where the identity is read from (`$request.header.Authorization`, ...); strings or
    /// intrinsics, always a list.
    pub identity_sources: Vec<Json>,
    pub kind: HttpApiAuthorizerKind,
    /// Where the key is written.
    #[serde(skip)]
    pub span: Span,
}

/// A JWT authorizer or a Lambda (`request`) authorizer.
#[derive(Clone, Debug, Serialize)]
pub enum HttpApiAuthorizerKind {
    Jwt(JwtAuthorizer),
    Request(RequestAuthorizer),
}

/// A JWT authorizer: tokens from `issuer` for one of `audiences`.
#[derive(Clone, Debug, Serialize)]
pub struct JwtAuthorizer {
    /// `issuerUrl` (a string or an intrinsic).
    pub issuer: Option<Json>,
    /// `audience`, always a list, each value once.
    pub audiences: Vec<Json>,
}

/// A Lambda authorizer called with the request.
#[derive(Clone, Debug, Serialize)]
pub struct RequestAuthorizer {
    /// The function called; `None` when neither `functionName` nor `functionArn` is given (a
    /// check reports it).
    pub function: Option<AuthorizerFunction>,
    /// `resultTtlInSeconds` (0 or absent: no caching).
    pub result_ttl_in_seconds: Option<u64>,
    /// `enableSimpleResponses`: `{isAuthorized}` answers instead of IAM policies.
    pub enable_simple_responses: Option<bool>,
    /// `payloadVersion`, default `2.0`.
    pub payload_version: String,
    /// `managedExternally`: no invoke permission is created.
    pub managed_externally: bool,
}

/// The Lambda function a request authorizer calls.
#[derive(Clone, Debug, Serialize)]
pub enum AuthorizerFunction {
    /// A function of this service, by key (`functionName`).
    Service(String),
    /// Any function, by ARN (`functionArn`; SF prefers it when both are given).
    Arn(Json),
}

/// One route: a method and path (or the catch-all) to one function.
#[derive(Clone, Debug, Serialize)]
pub struct HttpRoute {
    /// The function's key under `functions:`.
    pub function: String,
    /// Upper-case: GET, POST, PUT, PATCH, OPTIONS, HEAD, DELETE or ANY (`*` is ANY).
    pub method: String,
    /// The path as written (`/users/{id}`), or `*` for the catch-all route.
    pub path: String,
    /// `METHOD /path`, or `$default` for the catch-all route (AWS's `RouteKey`).
    pub route_key: String,
    /// The function's integration payload format version (`1.0` or `2.0`): the function's
    /// `httpApi.payload`, else the provider's, else `2.0`.
    pub payload_version: String,
    pub authorization: Option<RouteAuthorization>,
    /// Where the event's value is written.
    #[serde(skip)]
    pub span: Span,
}

impl HttpRoute {
    /// Whether this is the catch-all route (`$default`).
    pub fn is_catch_all(&self) -> bool {
        self.path == "*"
    }
}

/// A route's `authorizer:`.
#[derive(Clone, Debug, Serialize)]
pub struct RouteAuthorization {
    pub authorizer: RouteAuthorizer,
    /// `scopes:` (each value once); `None` when not given.
    pub scopes: Option<Vec<String>>,
    /// Where `authorizer:` is written.
    #[serde(skip)]
    pub span: Span,
}

/// Which authorizer protects a route.
#[derive(Clone, Debug, Serialize)]
pub enum RouteAuthorizer {
    /// An authorizer of `provider.httpApi.authorizers`, by key ([`HttpApi::authorizer`]); its
    /// type decides the route's authorization type.
    Configured(String),
    /// `{id, type}`: an authorizer of the external API (`provider.httpApi.id`), by id.
    External {
        id: Json,
        /// `request` makes the route `CUSTOM`, anything else `JWT`.
        is_request: bool,
    },
    /// `type: aws_iam`: IAM (SigV4) authorization.
    AwsIam,
}
