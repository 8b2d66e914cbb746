//! The shape of a Serverless Framework v3 `serverless.yml` for the AWS provider, as Rust types.
//!
//! Each type derives serde's `Deserialize` and schemars' `JsonSchema`; [`crate::schema`]
//! generates `schemas/serverless.schema.json` from [`Config`] and validates configurations
//! against it. The constraints mirror SF v3.40's own schema (`lib/config-schema.js`, the AWS
//! provider's `defineProvider`, and the `http` and `httpApi` events' `defineFunctionEvent`): unknown keys
//! are rejected where SF rejects them and free where SF leaves them free (`custom`,
//! `resources` contents, loosely checked event types).

pub mod alb;
pub mod alexa;
pub mod cloud_front;
pub mod cloudwatch;
pub mod cognito_user_pool;
pub mod defs;
pub mod event_bridge;
pub mod event_source;
pub mod events;
pub mod function;
pub mod http;
pub mod http_api;
pub mod iot;
pub mod kafka;
pub mod mq;
pub mod provider;
pub mod resources;
pub mod s3;
pub mod schedule;
pub mod sns;
pub mod sqs;
pub mod stream;
pub mod websocket;

use defs::*;
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

pub use events::Event;
pub use function::{Function, Functions};
pub use provider::Provider;

/// A whole `serverless.yml`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Config {
    pub service: ServiceName,
    pub provider: Provider,
    pub app: Option<AppName>,
    pub config_validation_mode: Option<ConfigValidationMode>,
    /// Deprecated; accepted and ignored.
    pub console: Option<Value>,
    /// Free-form settings for variables and plugins.
    pub custom: Option<AnyObject>,
    pub dashboard: Option<Dashboard>,
    pub deprecation_notification_mode: Option<DeprecationNotificationMode>,
    pub disabled_deprecations: Option<DisabledDeprecations>,
    pub framework_version: Option<String>,
    pub functions: Option<Functions>,
    pub layers: Option<IndexMap<String, resources::Layer>>,
    pub org: Option<OrgName>,
    pub outputs: Option<IndexMap<String, Value>>,
    pub package: Option<Package>,
    pub params: Option<Params>,
    pub plugins: Option<Plugins>,
    pub project_dir: Option<ProjectDir>,
    pub resources: Option<resources::Resources>,
    pub use_dotenv: Option<UseDotenv>,
    pub variables_resolution_mode: Option<VariablesResolutionMode>,
}

def!(
    /// The service name: a letter, then letters, digits and `-`. (SF v3 rejects the old
    /// `service: {name: …}` form.)
    ServiceName(String) = "serviceName",
    |g| json!({"type": "string", "pattern": "^[a-zA-Z][0-9a-zA-Z-]+$"})
);

def!(
    /// What SF does with schema findings: `error`, `warn` (default) or `off`.
    ConfigValidationMode(String) = "configValidationMode",
    |g| json!({"enum": ["error", "warn", "off"]})
);

def!(
    /// `error`, `warn` or `warn:summary`.
    DeprecationNotificationMode(String) = "deprecationNotificationMode",
    |g| json!({"enum": ["error", "warn", "warn:summary"]})
);

def!(
    /// `*` or a list of deprecation codes.
    DisabledDeprecations(Value) = "disabledDeprecations",
    |g| json!({"anyOf": [{"const": "*"}, {"type": "array", "items": {"type": "string", "pattern": "^[A-Z0-9_]+$"}}]})
);

def!(
    /// Dashboard app name.
    AppName(String) = "appName",
    |g| json!({"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,37}[a-z0-9]$"})
);

def!(
    /// Dashboard org name.
    OrgName(String) = "orgName",
    |g| json!({"type": "string", "pattern": "^[a-z0-9]{5,39}$"})
);

def!(
    /// Relative path to the project directory (`.`, `..`, `../..`).
    ProjectDir(String) = "projectDir",
    |g| json!({"type": "string", "pattern": "^(\\.\\/?|(\\.\\/)?\\.\\.(\\/\\.\\.)*\\/?)$"})
);

def!(
    /// Only `true`.
    UseDotenv(bool) = "useDotenv",
    |g| json!({"const": true})
);

def!(
    /// Legacy variable resolution modes.
    VariablesResolutionMode(String) = "variablesResolutionMode",
    |g| json!({"type": "string", "enum": ["20210219", "20210326"]})
);

def!(
    /// `params:` by stage name (or `default`).
    Params(IndexMap<String, Value>) = "params",
    |g| json!({"type": "object", "patternProperties": {"^[a-zA-Z0-9-]+$": {"type": "object"}}, "additionalProperties": false})
);

def!(
    /// Plugin names, or `{localPath, modules}`.
    Plugins(Value) = "plugins",
    |g| json!({"anyOf": [
        {"type": "object", "properties": {"localPath": {"type": "string"}, "modules": {"type": "array", "items": {"type": "string"}}}, "additionalProperties": false, "required": ["modules"]},
        {"type": "array", "items": {"type": "string"}}
    ]})
);

/// `dashboard:`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Dashboard {
    pub disable_monitoring: Option<bool>,
}

/// `package:` (service level).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Package {
    pub artifact: Option<String>,
    pub exclude: Option<StringList>,
    pub exclude_dev_dependencies: Option<bool>,
    pub include: Option<StringList>,
    pub individually: Option<bool>,
    pub path: Option<String>,
    pub patterns: Option<StringList>,
}
