//! The `http` event (API Gateway REST), typed in full: the `GET path` shorthand or the long
//! form with cors, authorizer, integration, request and response settings, as SF v3's
//! `defineFunctionEvent('aws', 'http', …)` accepts them.

use super::defs::*;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// The HTTP methods SF v3 accepts (any letter case; `*` too).
pub const HTTP_METHODS: [&str; 8] = [
    "GET", "POST", "PUT", "PATCH", "OPTIONS", "HEAD", "DELETE", "ANY",
];

/// Integration names SF v3 accepts (any letter case).
pub const INTEGRATIONS: [&str; 9] = [
    "LAMBDA_PROXY",
    "LAMBDA-PROXY",
    "LAMBDA",
    "AWS",
    "AWS_PROXY",
    "AWS-PROXY",
    "HTTP",
    "HTTP_PROXY",
    "HTTP-PROXY",
];

/// One `- http: …` event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum HttpEvent {
    /// `GET /users/{id}` (method, one space, path).
    Short(HttpShorthand),
    Long(Box<HttpLong>),
}

def!(
    /// `METHOD path` in one string.
    HttpShorthand(String) = "httpShorthand",
    |g| json!({"type": "string", "pattern": format!("^(?i:\\*|({}) (\\/\\S*))$", HTTP_METHODS.join("|"))})
);

def!(
    /// An HTTP method (any letter case) or `*`.
    HttpMethod(String) = "httpMethod",
    |g| {
        let mut values = vec!["*"];
        values.extend(HTTP_METHODS);
        ci_enum(&values)
    }
);

def!(
    /// A resource path: `*` or a path without whitespace.
    HttpPath(String) = "httpPath",
    |g| json!({"type": "string", "pattern": "^(?:\\*|\\/?\\S*)$"})
);

def!(
    /// The integration type, any letter case (`lambda-proxy` is the default).
    Integration(String) = "httpIntegration",
    |g| {
        let mut values: Vec<&str> = INTEGRATIONS.to_vec();
        values.push("MOCK");
        ci_enum(&values)
    }
);

def!(
    /// `vpc-link` / `VPC_LINK`.
    ConnectionType(String) = "httpConnectionType",
    |g| ci_enum(&["vpc-link", "VPC_LINK"])
);

/// The long form of an `http` event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpLong {
    pub path: HttpPath,
    pub method: HttpMethod,
    #[serde(rename = "async")]
    pub is_async: Option<bool>,
    pub authorizer: Option<Authorizer>,
    pub connection_id: Option<CfInstruction>,
    pub connection_type: Option<ConnectionType>,
    pub cors: Option<Cors>,
    pub integration: Option<Integration>,
    pub operation_id: Option<String>,
    pub private: Option<bool>,
    pub request: Option<HttpRequest>,
    pub response: Option<HttpResponse>,
}

/// `authorizer:` of an http event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Authorizer {
    /// A function name, an ARN, or `aws_iam`.
    Name(String),
    Object(Box<AuthorizerObject>),
}

/// The object form of an authorizer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuthorizerObject {
    pub arn: Option<AwsArn>,
    pub authorizer_id: Option<CfInstruction>,
    pub claims: Option<Vec<String>>,
    pub identity_source: Option<String>,
    pub identity_validation_expression: Option<String>,
    pub managed_externally: Option<bool>,
    pub name: Option<String>,
    #[schemars(range(min = 0, max = 3600))]
    pub result_ttl_in_seconds: Option<i64>,
    pub scopes: Option<Vec<CfInstruction>>,
    #[serde(rename = "type")]
    pub kind: Option<AuthorizerType>,
}

def!(
    /// `token`, `cognito_user_pools`, `request`, `aws_iam` or `custom`, any letter case.
    AuthorizerType(String) = "authorizerType",
    |g| ci_enum(&["token", "cognito_user_pools", "request", "aws_iam", "custom"])
);

/// `cors:` of an http event.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Cors {
    Enabled(bool),
    Settings(Box<CorsSettings>),
}

/// The object form of `cors`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CorsSettings {
    pub allow_credentials: Option<bool>,
    pub cache_control: Option<String>,
    pub headers: Option<Vec<String>>,
    #[schemars(range(min = 1))]
    pub max_age: Option<i64>,
    pub methods: Option<Vec<CorsMethod>>,
    pub origin: Option<String>,
    pub origins: Option<Vec<String>>,
}

def!(
    /// A CORS method (upper case, as SF v3 requires here).
    CorsMethod(String) = "corsMethod",
    |g| json!({"enum": HTTP_METHODS})
);

def!(
    /// `CONVERT_TO_BINARY` or `CONVERT_TO_TEXT`.
    ContentHandling(String) = "contentHandling",
    |g| json!({"enum": ["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"]})
);

/// `request:` of an http event.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpRequest {
    pub content_handling: Option<ContentHandling>,
    pub method: Option<HttpMethod>,
    pub parameters: Option<RequestParameters>,
    pub pass_through: Option<PassThrough>,
    /// Request models by content type: an inline JSON schema or a provider-level model id.
    pub schemas: Option<IndexMap<String, RequestSchema>>,
    /// Request templates by content type.
    pub template: Option<IndexMap<String, String>>,
    pub uri: Option<CfInstruction>,
}

def!(
    /// `NEVER`, `WHEN_NO_MATCH` or `WHEN_NO_TEMPLATES`.
    PassThrough(String) = "passThrough",
    |g| json!({"enum": ["NEVER", "WHEN_NO_MATCH", "WHEN_NO_TEMPLATES"]})
);

def!(
    /// An inline JSON schema or the id of a schema in `provider.apiGateway.request.schemas`.
    RequestSchema(Value) = "requestSchema",
    |g| json!({"anyOf": [{"type": "object"}, {"type": "string"}]})
);

/// `request.parameters:`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequestParameters {
    pub querystrings: Option<IndexMap<String, RequestParameter>>,
    pub headers: Option<IndexMap<String, RequestParameter>>,
    pub paths: Option<IndexMap<String, RequestParameter>>,
}

def!(
    /// `true`/`false` (required or not) or `{required, mappedValue}`.
    RequestParameter(Value) = "requestParameter",
    |g| json!({"anyOf": [
        {"type": "boolean"},
        {"type": "object", "properties": {"required": {"type": "boolean"}, "mappedValue": sub::<CfInstruction>(g)}, "additionalProperties": false}
    ]})
);

/// `response:` of an http event (lambda and http integrations).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HttpResponse {
    pub content_handling: Option<ContentHandling>,
    pub headers: Option<IndexMap<String, String>>,
    pub template: Option<String>,
    pub status_codes: Option<StatusCodes>,
}

def!(
    /// Responses by three-digit status code.
    StatusCodes(IndexMap<String, StatusCode>) = "statusCodes",
    |g| json!({
        "type": "object",
        "propertyNames": {"type": "string", "pattern": "^[0-9]{3}$"},
        "additionalProperties": sub::<StatusCode>(g)
    })
);

/// One entry of `response.statusCodes`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StatusCode {
    pub headers: Option<IndexMap<String, String>>,
    /// The selection pattern (a regular expression on the Lambda error message).
    pub pattern: Option<String>,
    pub template: Option<StatusTemplate>,
}

def!(
    /// A template string or templates by content type.
    StatusTemplate(Value) = "statusTemplate",
    |g| json!({"anyOf": [{"type": "string"}, {"type": "object", "additionalProperties": {"type": "string"}}]})
);
