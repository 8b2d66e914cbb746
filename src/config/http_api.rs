//! The `httpApi` event (API Gateway v2 HTTP APIs) and its provider-level settings
//! (`provider.httpApi`, `provider.logs.httpApi`, `functions.<name>.httpApi`), typed as SF v3.40's
//! `http-api.js` (`defineFunctionEvent('aws', 'httpApi', …)`) and `provider.js` describe them.

use super::defs::*;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The methods an `httpApi` route may name (any letter case; `*` too, meaning `ANY`).
pub const HTTP_API_METHODS: [&str; 8] = [
    "ANY", "GET", "POST", "PUT", "PATCH", "OPTIONS", "HEAD", "DELETE",
];

/// One `- httpApi: …` event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum HttpApiEvent {
    /// `GET /users/{id}` (method, one space, path) or `*` (the catch-all route).
    Short(HttpApiShorthand),
    Long(Box<HttpApiRouteSettings>),
}

def!(
    /// `METHOD /path` in one string, or `*`.
    HttpApiShorthand(String) = "httpApiShorthand",
    |g| json!({"type": "string", "pattern": format!("^(?i:\\*|({}) (\\/\\S*))$", HTTP_API_METHODS.join("|"))})
);

def!(
    /// A route method (any letter case) or `*`.
    HttpApiMethod(String) = "httpApiMethod",
    |g| json!({"type": "string", "pattern": format!("^(?i:\\*|{})$", HTTP_API_METHODS.join("|"))})
);

def!(
    /// A route path: `*` (the catch-all route) or `/` followed by no whitespace.
    HttpApiPath(String) = "httpApiPath",
    |g| json!({"type": "string", "pattern": "^(?:\\*|\\/\\S*)$"})
);

/// The long form of an `httpApi` event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpApiRouteSettings {
    pub path: HttpApiPath,
    pub method: Option<HttpApiMethod>,
    pub authorizer: Option<HttpApiRouteAuthorizer>,
}

/// `authorizer:` of an `httpApi` event: an authorizer's name, or `{name | id | type, scopes}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum HttpApiRouteAuthorizer {
    /// The key of an authorizer under `provider.httpApi.authorizers`.
    Name(String),
    Object(Box<HttpApiRouteAuthorizerObject>),
}

def!(
    /// The object form of a route's authorizer: at least one of `id`, `name` and `type`.
    HttpApiRouteAuthorizerObject(Value) = "httpApiRouteAuthorizer",
    |g| json!({
        "type": "object",
        "properties": {
            "id": {"anyOf": [{"type": "string"}, sub::<CfFunction>(g)]},
            "name": {"type": "string"},
            "scopes": {"type": "array", "items": {"type": "string"}},
            "type": {"enum": ["request", "jwt", "aws_iam"]}
        },
        "anyOf": [{"required": ["id"]}, {"required": ["name"]}, {"required": ["type"]}],
        "additionalProperties": false
    })
);

/// `provider.httpApi:` (the service's HTTP API).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProviderHttpApi {
    pub authorizers: Option<IndexMap<String, HttpApiAuthorizer>>,
    pub cors: Option<HttpApiCors>,
    /// An existing HTTP API to attach the routes to (no API, stage or logs are created).
    pub id: Option<HttpApiId>,
    pub name: Option<String>,
    /// The payload format version of every integration (`1.0` or `2.0`, default `2.0`).
    pub payload: Option<String>,
    pub metrics: Option<bool>,
    /// Deprecated: provider tags always apply.
    pub use_provider_tags: Option<UseProviderTags>,
    pub disable_default_endpoint: Option<bool>,
    pub should_start_name_with_service: Option<bool>,
}

def!(
    /// Only `true` (deprecated, no effect).
    UseProviderTags(bool) = "httpApiUseProviderTags",
    |g| json!({"const": true})
);

def!(
    /// An API id, literal or imported from another stack.
    HttpApiId(Value) = "httpApiId",
    |g| json!({"anyOf": [
        {"type": "string"},
        {"type": "object", "properties": {"Fn::ImportValue": {"type": "string"}}, "additionalProperties": false, "required": ["Fn::ImportValue"]}
    ]})
);

/// One authorizer of `provider.httpApi.authorizers`: a JWT authorizer (`type: jwt` or no
/// type) or a Lambda `request` authorizer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum HttpApiAuthorizer {
    Jwt(Box<JwtAuthorizerSettings>),
    Request(Box<RequestAuthorizerSettings>),
}

/// A JWT authorizer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JwtAuthorizerSettings {
    #[serde(rename = "type")]
    pub kind: Option<JwtAuthorizerType>,
    pub name: Option<String>,
    pub identity_source: CfInstruction,
    pub issuer_url: CfInstruction,
    pub audience: Audiences,
}

def!(
    /// `jwt`.
    JwtAuthorizerType(String) = "httpApiJwtAuthorizerType",
    |g| json!({"const": "jwt"})
);

def!(
    /// One audience or a list of them (strings or intrinsics).
    Audiences(Value) = "httpApiAudiences",
    |g| json!({"anyOf": [sub::<CfInstruction>(g), {"type": "array", "items": sub::<CfInstruction>(g)}]})
);

/// A Lambda `request` authorizer. SF v3's schema leaves its other keys free.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RequestAuthorizerSettings {
    #[serde(rename = "type")]
    pub kind: RequestAuthorizerType,
    pub name: Option<String>,
    /// A function of this service.
    pub function_name: Option<String>,
    /// Any Lambda function's ARN.
    pub function_arn: Option<CfInstruction>,
    /// The function's invoke permission is managed elsewhere: none is created.
    pub managed_externally: Option<bool>,
    #[schemars(range(min = 0, max = 3600))]
    pub result_ttl_in_seconds: Option<i64>,
    pub enable_simple_responses: Option<bool>,
    pub payload_version: Option<HttpApiPayload>,
    pub identity_source: Option<IdentitySources>,
}

def!(
    /// `request`.
    RequestAuthorizerType(String) = "httpApiRequestAuthorizerType",
    |g| json!({"const": "request"})
);

def!(
    /// One identity source or a list of them (`$request.header.X`, ...).
    IdentitySources(Value) = "httpApiIdentitySources",
    |g| json!({"anyOf": [sub::<CfInstruction>(g), {"type": "array", "items": sub::<CfInstruction>(g)}]})
);

def!(
    /// A payload format version: `1.0` or `2.0`.
    HttpApiPayload(String) = "awsHttpApiPayload",
    |g| json!({"type": "string", "enum": ["1.0", "2.0"]})
);

/// `provider.httpApi.cors`: `true` (SF's defaults) or settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum HttpApiCors {
    Enabled(bool),
    Settings(Box<HttpApiCorsSettings>),
}

/// The object form of `provider.httpApi.cors`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpApiCorsSettings {
    pub allow_credentials: Option<bool>,
    pub allowed_headers: Option<Vec<String>>,
    pub allowed_methods: Option<Vec<String>>,
    pub allowed_origins: Option<Vec<String>>,
    pub exposed_response_headers: Option<Vec<String>>,
    #[schemars(range(min = 0))]
    pub max_age: Option<i64>,
}

/// `provider.logs.httpApi`: `true` (SF's default JSON format) or `{format}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum HttpApiLogs {
    Enabled(bool),
    Settings(HttpApiLogSettings),
}

/// The object form of `provider.logs.httpApi`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpApiLogSettings {
    /// The access log format (`$context` variables).
    pub format: Option<String>,
}

/// `functions.<name>.httpApi:`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FunctionHttpApi {
    /// The payload format version of this function's integration.
    pub payload: Option<HttpApiPayload>,
}
