//! `http` events (API Gateway REST), normalized as Serverless Framework v3's validation does.

use crate::source::Span;
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value as Json;

/// API-level settings: `provider.apiGateway`, `provider.apiName`, `provider.endpointType`, ...
#[derive(Clone, Debug, Default, Serialize)]
pub struct RestApi {
    /// `provider.apiName`.
    pub api_name: Option<String>,
    pub should_start_name_with_service: bool,
    /// `provider.endpointType`, upper-cased (EDGE when absent).
    pub endpoint_type: Option<String>,
    pub vpc_endpoint_ids: Option<Json>,
    /// `provider.apiGateway.restApiId` (share an existing API).
    pub rest_api_id: Option<Json>,
    pub rest_api_root_resource_id: Option<Json>,
    /// `restApiResources`: path (no leading slash) → existing resource id.
    pub rest_api_resources: IndexMap<String, Json>,
    pub api_keys: Vec<ApiKeyGroup>,
    pub usage_plans: UsagePlans,
    pub resource_policy: Vec<Json>,
    pub binary_media_types: Vec<String>,
    pub minimum_compression_size: Option<u64>,
    pub description: Option<String>,
    pub disable_default_endpoint: Option<bool>,
    /// Upper-cased.
    pub api_key_source_type: Option<String>,
    /// `provider.apiGateway.stage` (the Deployment's StageName when set).
    pub stage: Option<String>,
    /// `provider.apiGateway.request.schemas`: id → model.
    pub models: IndexMap<String, Model>,
    /// `provider.logs.restApi`, when truthy. Serialized as `false` when absent, as it was
    /// when it was a flag, so the configuration digest of a service without it is unchanged.
    #[serde(serialize_with = "logs_or_false")]
    pub logs: Option<RestApiLogs>,
    /// What the deploy sets on the stage after the stack (SF's `update-stage.js`); not part
    /// of the configuration digest, which stands in for the functions' code.
    #[serde(skip)]
    pub stage_settings: StageSettings,
}

fn logs_or_false<S: serde::Serializer>(
    logs: &Option<RestApiLogs>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match logs {
        Some(logs) => logs.serialize(serializer),
        None => serializer.serialize_bool(false),
    }
}

/// The settings of the REST API stage that SF v3 makes through the SDK after deploying, each
/// only when written in the configuration (an unwritten one is left as the stage has it).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct StageSettings {
    /// `provider.tracing.apiGateway`.
    pub tracing: Option<bool>,
    /// `provider.apiGateway.metrics`.
    pub metrics: Option<bool>,
    /// `provider.logs.restApi` is written, even as `false` (which turns logging off).
    pub logs_written: bool,
    /// `provider.tags` or `provider.stackTags` is written: the stage gets exactly those tags.
    pub tags_written: bool,
}

/// `provider.logs.restApi` (`true`: every default). SF v3 writes only the log group and the
/// account's logging role into the template; the stage's own settings are made by the deploy.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RestApiLogs {
    /// `accessLogging`, default true: the access log group (and the account role).
    pub access_logging: bool,
    /// `format`: the access log line.
    pub format: Option<String>,
    /// `executionLogging`, default true.
    pub execution_logging: bool,
    /// `level`, default `INFO`.
    pub level: Option<String>,
    /// `fullExecutionData`, default true (data tracing).
    pub full_execution_data: bool,
    /// `role`: the account's CloudWatch role to use instead of one slsc makes.
    pub role: Option<Json>,
    /// `roleManagedExternally`: leave the account's role alone.
    pub role_managed_externally: bool,
}

/// A group of API keys: `plan` is `None` for the flat `apiKeys: [...]` form.
#[derive(Clone, Debug, Serialize)]
pub struct ApiKeyGroup {
    pub plan: Option<String>,
    pub keys: Vec<ApiKey>,
}

/// One API key. A bare string in `apiKeys` is a key *name*; AWS generates the value.
#[derive(Clone, Debug, Serialize)]
pub struct ApiKey {
    pub name: Option<String>,
    pub value: Option<String>,
    pub description: Option<String>,
    pub customer_id: Option<String>,
    pub enabled: Option<bool>,
}

/// `provider.apiGateway.usagePlan`.
#[derive(Clone, Debug, Default, Serialize)]
pub enum UsagePlans {
    /// No `usagePlan` (a default plan is still created when there are API keys).
    #[default]
    None,
    /// `usagePlan: {quota, throttle}`.
    Single(UsagePlan),
    /// `usagePlan: [{planName: {...}}, ...]`.
    Named(Vec<(String, UsagePlan)>),
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct UsagePlan {
    pub quota: Option<Quota>,
    pub throttle: Option<Throttle>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Quota {
    pub limit: Option<u64>,
    pub offset: Option<u64>,
    /// DAY | WEEK | MONTH
    pub period: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Throttle {
    pub burst_limit: Option<u64>,
    pub rate_limit: Option<f64>,
}

/// A request model (`request.schemas` entry or provider-level schema).
#[derive(Clone, Debug, Serialize)]
pub enum ModelRef {
    /// Inline schema (optionally named/described).
    Inline(Model),
    /// Reference to `provider.apiGateway.request.schemas.<id>`.
    Provider(String),
}

#[derive(Clone, Debug, Serialize)]
pub struct Model {
    pub schema: Json,
    pub name: Option<String>,
    pub description: Option<String>,
}

/// One method on one path.
#[derive(Clone, Debug, Serialize)]
pub struct HttpEndpoint {
    /// Function key that the event belongs to.
    pub function: String,
    /// Path without leading or trailing slash; `""` is the root.
    pub path: String,
    /// Upper-case: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS or ANY.
    pub method: String,
    pub integration: Integration,
    pub is_async: bool,
    pub private: bool,
    pub operation_id: Option<String>,
    pub cors: Option<Cors>,
    pub authorizer: Option<Authorizer>,
    pub request: Request,
    /// `response:` for non-proxy integrations (defaults applied for AWS).
    pub response: Option<Response>,
    /// The event as written (`- http: ...`).
    #[serde(skip)]
    pub span: Span,
}

/// The integration kind, as CloudFormation names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Integration {
    /// `lambda-proxy` (default): `AWS_PROXY`.
    AwsProxy,
    /// `lambda`: `AWS`.
    Aws,
    Http,
    HttpProxy,
    Mock,
}

impl Integration {
    /// The CloudFormation `Integration.Type`.
    pub fn cfn_type(self) -> &'static str {
        match self {
            Integration::AwsProxy => "AWS_PROXY",
            Integration::Aws => "AWS",
            Integration::Http => "HTTP",
            Integration::HttpProxy => "HTTP_PROXY",
            Integration::Mock => "MOCK",
        }
    }

    /// Name as users write it in `integration:`.
    pub fn user_name(self) -> &'static str {
        match self {
            Integration::AwsProxy => "lambda-proxy",
            Integration::Aws => "lambda",
            Integration::Http => "http",
            Integration::HttpProxy => "http-proxy",
            Integration::Mock => "mock",
        }
    }

    pub fn is_proxy(self) -> bool {
        matches!(self, Integration::AwsProxy | Integration::HttpProxy)
    }

    pub fn invokes_lambda(self) -> bool {
        matches!(self, Integration::AwsProxy | Integration::Aws)
    }
}

/// CORS for one event, fully expanded (SF v3 `getCors`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cors {
    /// One or more origins: `origins` when written (non-empty), else `origin` split at commas.
    pub origins: Vec<String>,
    /// `origin` as SF v3 keeps it on the event: `*` by default, absent when only `origins` is
    /// written, never split. Needed to merge the preflight configs of a path exactly as SF does.
    pub origin: Option<String>,
    /// `origins` exactly as written (empty when absent).
    pub written_origins: Vec<String>,
    pub headers: Vec<String>,
    /// Includes `OPTIONS` and the event's method, in SF's order (written ones first). `ANY` is
    /// kept as is: SF replaces it textually only when it writes the preflight header.
    pub methods: Vec<String>,
    pub allow_credentials: bool,
    pub max_age: Option<u64>,
    pub cache_control: Option<String>,
}

/// The authorizer of an event (SF v3 `getAuthorizer`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Authorizer {
    /// Logical name (function key, `name:`, or derived from the ARN); empty for `aws_iam` and
    /// `authorizerId` forms, which have none in SF v3.
    pub name: String,
    pub kind: AuthorizerKind,
    /// Function ARN (Lambda authorizers) or user pool ARN (Cognito); `None` for `aws_iam` and
    /// for `authorizerId` references.
    pub arn: Option<Json>,
    /// The local function (when given by function name).
    pub function: Option<String>,
    /// `None` when the string form was used (SF then omits the property; AWS defaults to 300).
    pub result_ttl_in_seconds: Option<u64>,
    /// `None` when omitted (REQUEST with TTL 0).
    pub identity_source: Option<String>,
    pub identity_validation_expression: Option<String>,
    pub claims: Vec<String>,
    pub scopes: Vec<String>,
    /// `authorizerId` of an authorizer defined elsewhere.
    pub authorizer_id: Option<Json>,
    pub managed_externally: bool,
    /// Where the `authorizer:` is written.
    #[serde(skip)]
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum AuthorizerKind {
    Token,
    Request,
    CognitoUserPools,
    AwsIam,
}

impl AuthorizerKind {
    pub fn cfn_type(self) -> &'static str {
        match self {
            AuthorizerKind::Token => "TOKEN",
            AuthorizerKind::Request => "REQUEST",
            AuthorizerKind::CognitoUserPools => "COGNITO_USER_POOLS",
            AuthorizerKind::AwsIam => "AWS_IAM",
        }
    }
}

/// `request:`
#[derive(Clone, Debug, Default, Serialize)]
pub struct Request {
    pub parameters: RequestParameters,
    /// Content type → template; `None` removes a default template.
    pub templates: IndexMap<String, Option<String>>,
    /// `passThrough`: NEVER | WHEN_NO_MATCH | WHEN_NO_TEMPLATES.
    pub pass_through: Option<String>,
    /// Content type → model.
    pub schemas: IndexMap<String, ModelRef>,
    /// http / http-proxy target.
    pub uri: Option<Json>,
    /// http / http-proxy method override.
    pub method: Option<String>,
    pub content_handling: Option<String>,
    pub connection_type: Option<String>,
    pub connection_id: Option<Json>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct RequestParameters {
    pub querystrings: IndexMap<String, Parameter>,
    pub headers: IndexMap<String, Parameter>,
    pub paths: IndexMap<String, Parameter>,
}

impl RequestParameters {
    pub fn is_empty(&self) -> bool {
        self.querystrings.is_empty() && self.headers.is_empty() && self.paths.is_empty()
    }

    /// (location as in `method.request.<location>.<name>`, name, parameter)
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &String, &Parameter)> {
        self.querystrings
            .iter()
            .map(|(k, v)| ("querystring", k, v))
            .chain(self.headers.iter().map(|(k, v)| ("header", k, v)))
            .chain(self.paths.iter().map(|(k, v)| ("path", k, v)))
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Parameter {
    pub required: bool,
    pub mapped_value: Option<String>,
}

/// `response:` of a non-proxy integration.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Response {
    /// Header name → value (`'static'` or `integration.response.header.X`).
    pub headers: IndexMap<String, String>,
    /// `response.template` (application/json).
    pub template: Option<String>,
    /// In the order written, defaults added as SF v3 adds them.
    pub status_codes: Vec<StatusCode>,
    pub content_handling: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct StatusCode {
    pub code: String,
    /// Selection pattern; `""` is the default response.
    pub pattern: String,
    /// Content type → template.
    pub templates: IndexMap<String, String>,
    pub headers: IndexMap<String, String>,
}
