//! The typed, normalized description of a service that every backend reads.
//!
//! Lowering ([`lower`]) fills it from the resolved, validated configuration, applying Serverless
//! Framework v3's defaults and normalizations (shorthand `http: GET path`, integration names,
//! CORS expansion, authorizer forms). Backends (CloudFormation, the routing table, deploy) read
//! only this, never the YAML. Values that CloudFormation takes verbatim (IAM statements, VPC
//! config, intrinsic functions) stay JSON.

pub mod async_invoke;
pub mod events;
pub mod function_url;
pub mod http;
pub mod http_api;
pub mod layers;
pub mod lower;
pub mod method;
pub mod method_templates;
pub mod naming;
pub mod preflight;

pub use http::*;
pub use http_api::*;

use crate::source::Span;
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value as Json;
use std::path::PathBuf;

/// A whole service, for one stage and region.
#[derive(Clone, Debug, Serialize)]
pub struct Service {
    /// `service:`
    pub name: String,
    pub stage: String,
    pub region: String,
    /// The folder holding the configuration file.
    #[serde(skip)]
    pub dir: PathBuf,
    pub provider: Provider,
    /// In configuration order.
    pub functions: Vec<Function>,
    /// Every `http` event, normalized, in configuration order (functions, then events).
    pub endpoints: Vec<HttpEndpoint>,
    /// `provider.apiGateway` and the API-level provider settings.
    pub api: RestApi,
    /// Every `httpApi` event and `provider.httpApi` (API Gateway v2 HTTP API). Left out of the
    /// serialized service (the configuration digest) when there is no route, as nothing of it
    /// is deployed then.
    #[serde(skip_serializing_if = "HttpApi::has_no_routes")]
    pub http_api: HttpApi,
    /// Every other event (queues, topics, schedules, buckets, streams, ...), by family. Not
    /// part of the configuration digest (the stand-in code hash of the functions).
    #[serde(skip)]
    pub events: events::Events,
    /// The `resources:` block (Resources, Outputs, Conditions, ...) after variable resolution.
    pub resources: Option<Json>,
    /// Events slsc does not compile yet, kept so they can be reported by name.
    pub unsupported_events: Vec<UnsupportedEvent>,
    /// The service-level `package:` settings (packaging reads them; not part of the
    /// configuration digest, which stands in for the code only when nothing was packaged).
    #[serde(skip)]
    pub package: ServicePackage,
    /// `useDotenv: true`: packaging then leaves `.env*` files out, as SF v3 does.
    #[serde(skip)]
    pub use_dotenv: bool,
    /// The top-level `layers:`, in configuration order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<layers::Layer>,
}

/// The service-level `package:` block.
#[derive(Clone, Debug, Serialize)]
pub struct ServicePackage {
    /// `package.patterns` (include globs; `!` excludes), in order.
    pub patterns: Vec<String>,
    /// The deprecated `package.include` / `package.exclude` lists.
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// `package.individually`: one zip per function.
    pub individually: bool,
    /// `package.artifact`: a prebuilt zip for the whole service.
    pub artifact: Option<String>,
    /// `package.excludeDevDependencies`, default true.
    pub exclude_dev_dependencies: bool,
}

impl Default for ServicePackage {
    fn default() -> Self {
        ServicePackage {
            patterns: Vec::new(),
            include: Vec::new(),
            exclude: Vec::new(),
            individually: false,
            artifact: None,
            exclude_dev_dependencies: true,
        }
    }
}

/// Provider-wide settings (after defaults).
#[derive(Clone, Debug, Serialize)]
pub struct Provider {
    /// `provider.runtime`, default `nodejs16.x` (SF v3's default).
    pub runtime: String,
    /// `provider.memorySize`, default 1024.
    pub memory_size: u64,
    /// `provider.timeout`, default 6.
    pub timeout: u64,
    /// `provider.environment` as written (values may be intrinsics).
    pub environment: IndexMap<String, Json>,
    pub iam: Iam,
    /// `provider.deploymentBucket` given by name (no bucket resource is then created).
    pub deployment_bucket: Option<DeploymentBucket>,
    pub deployment_prefix: Option<String>,
    /// `provider.stackName`.
    pub stack_name: Option<String>,
    pub tags: IndexMap<String, Json>,
    pub stack_tags: IndexMap<String, Json>,
    pub vpc: Option<Json>,
    pub layers: Vec<Json>,
    /// `provider.versionFunctions`, default true.
    pub version_functions: bool,
    /// `provider.logRetentionInDays`.
    pub log_retention_in_days: Option<Json>,
    /// `provider.logDataProtectionPolicy`, when truthy: for every log group SF makes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_data_protection_policy: Option<Json>,
    pub architecture: Option<String>,
    pub tracing_lambda: Option<Json>,
    pub kms_key_arn: Option<Json>,
    pub stack_policy: Option<Json>,
    pub rollback_configuration: Option<Json>,
    pub notification_arns: Vec<Json>,
    /// `provider.stackParameters`: the stack's template parameters, passed by deploys.
    #[serde(skip)]
    pub stack_parameters: Vec<Json>,
    /// `provider.disableRollback`: a failed deploy leaves the stack as it failed.
    #[serde(skip)]
    pub disable_rollback: bool,
    /// `provider.role`: a role for every function (ARN, name or intrinsic).
    pub role: Option<Json>,
    /// `provider.logs.frameworkLambda`: the custom resource functions write logs (left out of
    /// the configuration digest when false, as before it was read).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub framework_lambda_logs: bool,
    /// `provider.kinesis.consumerNamingMode` (when truthy, the Kinesis consumers SF creates
    /// are named with the service and stage).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kinesis_consumer_naming_mode: Option<Json>,
    /// Other provider keys that slsc does not compile yet, by name.
    pub ignored: Vec<String>,
}

/// `provider.iam` (and the older `iamRoleStatements` etc.).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Iam {
    /// `provider.iam.role` given as a string/intrinsic: no role resource is created.
    pub role_arn: Option<Json>,
    pub statements: Vec<Json>,
    pub managed_policies: Vec<Json>,
    pub permissions_boundary: Option<Json>,
    pub role_name: Option<Json>,
    pub role_path: Option<Json>,
    pub role_tags: IndexMap<String, Json>,
    pub deployment_role: Option<Json>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DeploymentBucket {
    pub name: Option<String>,
    pub server_side_encryption: Option<String>,
    pub block_public_access: Option<bool>,
    pub versioning: Option<bool>,
    pub tags: IndexMap<String, Json>,
}

/// One function.
#[derive(Clone, Debug, Serialize)]
pub struct Function {
    /// The key under `functions:`.
    pub key: String,
    /// The deployed name: `name:` or `<service>-<stage>-<key>`.
    pub name: String,
    pub handler: Option<String>,
    pub image: Option<Json>,
    pub runtime: String,
    pub memory_size: u64,
    pub timeout: u64,
    pub description: Option<String>,
    /// Provider environment overlaid by the function's.
    pub environment: IndexMap<String, Json>,
    /// The function's `layers:`, else the provider's.
    pub layers: Vec<Json>,
    /// Effective VPC config: the function's `vpc` keys over the provider's; `None` when neither
    /// is set or the function says `vpc: false`/`null`.
    pub vpc: Option<Json>,
    /// Provider `tags` overlaid by the function's.
    pub tags: IndexMap<String, Json>,
    pub reserved_concurrency: Option<u64>,
    /// The alias that `provisionedConcurrency` or `snapStart` publishes; every API target of
    /// the function is then that alias rather than the function itself. Serialized under the
    /// name of the field it replaced, so that the configuration digest (the stand-in code hash)
    /// of a function without an alias is unchanged.
    #[serde(rename = "provisioned_concurrency")]
    pub alias: Option<FunctionAlias>,
    /// `role:` on the function (ARN, logical name or intrinsic); provider-level roles are in
    /// [`Provider::iam`] and [`Provider::role`].
    pub role: Option<Json>,
    /// The function's `architecture`, else the provider's.
    pub architecture: Option<String>,
    /// The function's `kmsKeyArn`, else the provider's.
    pub kms_key_arn: Option<Json>,
    /// The function's `tracing`, else `provider.tracing.lambda`.
    pub tracing: Option<Json>,
    /// `onError`.
    pub dead_letter_target_arn: Option<Json>,
    pub condition: Option<String>,
    pub depends_on: Vec<String>,
    /// `package` settings of the function.
    pub package: FunctionPackage,
    /// `versionFunction` on the function, else the provider's.
    pub version: bool,
    /// The function's `logRetentionInDays`, else the provider's.
    pub log_retention_in_days: Option<Json>,
    /// `url`, when truthy. (This and the settings below are left out of the serialized
    /// function when unset, so that the configuration digest of a function without them is
    /// what it was before slsc compiled them.)
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<function_url::FunctionUrl>,
    /// `destinations`, `maximumEventAge`, `maximumRetryAttempts`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub async_invoke: Option<async_invoke::AsyncInvoke>,
    /// `ephemeralStorageSize` (MB), when truthy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ephemeral_storage_size: Option<Json>,
    /// `fileSystemConfig` (`{arn, localMountPath}` as written), when truthy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_system_config: Option<Json>,
    /// `runtimeManagement`, the function's over the provider's, unless the mode is `auto`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_management: Option<RuntimeManagement>,
    /// `disableLogs`: no log group, no `DependsOn` on one, and writing logs denied.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub disable_logs: bool,
    /// The log group's `logDataProtectionPolicy`: the function's, else the provider's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_data_protection_policy: Option<Json>,
    /// Where the function's key is written.
    #[serde(skip)]
    pub span: Span,
}

/// The alias SF v3 gives a function that keeps environments ready (`compile/functions.js`):
/// API Gateway invokes the alias, so that the ready environments are the ones it reaches.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum FunctionAlias {
    /// `provisionedConcurrency`: the alias `provisioned`, with that many environments (a number
    /// or an intrinsic, as written).
    ProvisionedConcurrency { executions: Json },
    /// `snapStart`: the alias `snapstart` of the published version SnapStart snapshots.
    SnapStart,
}

impl FunctionAlias {
    /// The alias name in ARNs (`<function arn>:<name>`).
    pub fn name(&self) -> &'static str {
        match self {
            FunctionAlias::ProvisionedConcurrency { .. } => "provisioned",
            FunctionAlias::SnapStart => "snapstart",
        }
    }

    /// The alias resource's logical id for the function `key`.
    pub fn logical_id(&self, key: &str) -> String {
        let suffix = match self {
            FunctionAlias::ProvisionedConcurrency { .. } => "ProvConcLambdaAlias",
            FunctionAlias::SnapStart => "SnapStartLambdaAlias",
        };
        format!("{}{suffix}", naming::normalize_resource_name(key))
    }
}

/// `runtimeManagement` other than `auto` (SF `resolveFunctionRuntimeManagement`): when the
/// function's runtime is updated, and for `manual` the runtime version it keeps.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuntimeManagement {
    /// `UpdateRuntimeOn` (`FunctionUpdate`, `Manual`); `None` for a mode SF does not know, for
    /// which it writes an empty `RuntimeManagementConfig`.
    pub update_runtime_on: Option<&'static str>,
    /// `RuntimeVersionArn` (mode `manual` only).
    pub runtime_version_arn: Option<Json>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct FunctionPackage {
    pub artifact: Option<String>,
    pub patterns: Vec<String>,
    pub individually: bool,
    /// The deprecated `package.include` / `package.exclude` lists of the function.
    #[serde(skip)]
    pub include: Vec<String>,
    #[serde(skip)]
    pub exclude: Vec<String>,
}

/// An event of a type slsc does not compile yet (`schedule`, `sqs`, `websocket`, ...).
#[derive(Clone, Debug, Serialize)]
pub struct UnsupportedEvent {
    pub function: String,
    pub kind: String,
    #[serde(skip)]
    pub span: Span,
}

/// A value the configuration gave where text is expected: a string as it is, anything else (a
/// number, an intrinsic such as `{"Ref": "Listener"}`) as its JSON text.
pub fn json_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Each of `values` as [`json_text`].
pub fn json_texts(values: &[Json]) -> Vec<String> {
    values.iter().map(json_text).collect()
}
