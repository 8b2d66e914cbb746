//! `provider:` for the AWS provider, as SF v3's `defineProvider('aws', …)` describes it:
//! Lambda defaults, IAM, API Gateway (REST and HTTP API) settings, deployment bucket, logs, tracing, ...

use super::defs::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// `provider:`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Provider {
    /// Always `aws`.
    pub name: ProviderName,
    pub alb: Option<super::alb::ProviderAlb>,
    pub api_gateway: Option<ApiGateway>,
    pub api_name: Option<String>,
    pub architecture: Option<Architecture>,
    pub cfn_role: Option<AwsArn>,
    pub cloud_front: Option<super::cloud_front::ProviderCloudFront>,
    pub deployment_bucket: Option<DeploymentBucket>,
    pub deployment_method: Option<DeploymentMethod>,
    pub deployment_prefix: Option<String>,
    pub disable_rollback: Option<bool>,
    pub ecr: Option<AnyObject>,
    pub endpoint_type: Option<EndpointType>,
    pub environment: Option<Environment>,
    pub event_bridge: Option<super::event_bridge::ProviderEventBridge>,
    pub http_api: Option<super::http_api::ProviderHttpApi>,
    pub iam: Option<Iam>,
    pub iam_managed_policies: Option<Vec<AwsArn>>,
    /// Legacy form of `iam.role.statements`.
    pub iam_role_statements: Option<IamStatements>,
    pub kinesis: Option<AnyObject>,
    pub kms_key_arn: Option<KmsArn>,
    pub lambda_hashing_version: Option<LambdaHashingVersion>,
    pub layers: Option<Vec<AwsArn>>,
    pub log_data_protection_policy: Option<LogDataProtectionPolicy>,
    pub log_retention_in_days: Option<LogRetention>,
    pub logs: Option<ProviderLogs>,
    pub memory_size: Option<MemorySize>,
    pub notification_arns: Option<Vec<ArnString>>,
    pub profile: Option<String>,
    pub region: Option<Region>,
    pub role: Option<LambdaRole>,
    pub role_permissions_boundary: Option<ArnString>,
    pub rollback_configuration: Option<AnyObject>,
    pub runtime: Option<Runtime>,
    pub runtime_management: Option<super::function::RuntimeManagement>,
    pub s3: Option<super::s3::ProviderS3>,
    pub stack_name: Option<StackName>,
    pub stack_parameters: Option<Vec<AnyObject>>,
    pub stack_policy: Option<IamStatements>,
    pub stack_tags: Option<Tags>,
    pub stage: Option<Stage>,
    pub tags: Option<Tags>,
    pub timeout: Option<Timeout>,
    pub tracing: Option<ProviderTracing>,
    pub version_functions: Option<bool>,
    pub vpc: Option<Vpc>,
    pub vpc_endpoint_ids: Option<Value>,
    pub websocket: Option<super::websocket::ProviderWebsocket>,
    pub websockets_api_name: Option<String>,
    pub websockets_api_route_selection_expression: Option<String>,
    pub websockets_description: Option<String>,
}

def!(
    /// The provider name; slsc compiles for `aws` only.
    ProviderName(String) = "providerName",
    |g| json!({"const": "aws"})
);

def!(
    /// A stage name: letters, digits and `-`.
    Stage(String) = "stage",
    |g| json!({"type": "string", "pattern": "^[a-zA-Z0-9-]+$"})
);

def!(
    /// A CloudFormation stack name.
    StackName(String) = "stackName",
    |g| json!({"type": "string", "pattern": "^[a-zA-Z][a-zA-Z0-9-]*$", "maxLength": 128})
);

def!(
    /// `REGIONAL`, `EDGE` or `PRIVATE`, in any letter case.
    EndpointType(String) = "endpointType",
    |g| json!({"anyOf": [ci_enum(&["REGIONAL", "EDGE", "PRIVATE"])]})
);

def!(
    /// `changesets` or `direct`.
    DeploymentMethod(String) = "deploymentMethod",
    |g| json!({"enum": ["changesets", "direct"]})
);

def!(
    /// Legacy hashing versions.
    LambdaHashingVersion(String) = "lambdaHashingVersion",
    |g| json!({"type": "string", "enum": ["20200924", "20201221"]})
);

def!(
    /// AWS regions SF v3.40 knows.
    Region(String) = "region",
    |g| json!({"enum": [
        "us-east-1", "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-iso-east-1", "us-iso-west-1",
        "us-isob-east-1", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-northeast-1",
        "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2", "ap-southeast-1",
        "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ca-central-1", "cn-north-1",
        "cn-northwest-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
        "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "sa-east-1"
    ]})
);

/// `provider.apiGateway:` (REST API settings).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiGateway {
    pub api_keys: Option<ApiKeys>,
    pub api_key_source_type: Option<ApiKeySourceType>,
    pub binary_media_types: Option<Vec<MediaType>>,
    pub description: Option<String>,
    pub disable_default_endpoint: Option<bool>,
    pub metrics: Option<bool>,
    #[schemars(range(min = 0, max = 10485760))]
    pub minimum_compression_size: Option<i64>,
    pub resource_policy: Option<ResourcePolicyStatements>,
    pub rest_api_id: Option<CfInstruction>,
    pub rest_api_resources: Option<RestApiResources>,
    pub rest_api_root_resource_id: Option<CfInstruction>,
    pub request: Option<ApiGatewayRequest>,
    pub should_start_name_with_service: Option<bool>,
    pub stage: Option<String>,
    pub usage_plan: Option<UsagePlans>,
    pub websocket_api_id: Option<CfInstruction>,
}

def!(
    /// `HEADER` or `AUTHORIZER`, in any letter case.
    ApiKeySourceType(String) = "apiKeySourceType",
    |g| json!({"anyOf": [ci_enum(&["HEADER", "AUTHORIZER"])]})
);

def!(
    /// A media type such as `image/png` or `*/*`.
    MediaType(String) = "mediaType",
    |g| json!({"type": "string", "pattern": "^\\S+\\/\\S+$"})
);

def!(
    /// Existing API Gateway resources: a list of `{path, resourceId}` or a mapping.
    RestApiResources(Value) = "restApiResources",
    |g| json!({"anyOf": [
        {"type": "array", "items": {"type": "object", "properties": {"path": {"type": "string"}, "resourceId": {"type": "string"}}, "additionalProperties": false}},
        {"type": "object"}
    ]})
);

/// `provider.apiGateway.request:`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiGatewayRequest {
    /// Shared request models, by id.
    pub schemas: Option<indexmap::IndexMap<String, ApiGatewayModel>>,
}

/// One shared request model: a JSON schema with an optional name and description.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiGatewayModel {
    pub schema: AnyObject,
    pub name: Option<String>,
    pub description: Option<String>,
}

fn api_key_properties() -> Value {
    json!({
        "type": "object",
        "properties": {
            "name": {"type": "string"}, "value": {"type": "string"}, "description": {"type": "string"},
            "customerId": {"type": "string"}, "enabled": {"type": "boolean"}
        },
        "additionalProperties": false
    })
}

def!(
    /// API keys: names, `{name, value, ...}` objects, or `{planName: [keys]}`.
    ApiKeys(Vec<Value>) = "awsApiGatewayApiKeys",
    |g| json!({"type": "array", "items": {"anyOf": [
        {"type": "string"},
        api_key_properties(),
        {"type": "object", "maxProperties": 1, "additionalProperties": {"type": "array", "items": {"oneOf": [{"type": "string"}, api_key_properties()]}}}
    ]}})
);

fn usage_plan() -> Value {
    json!({
        "type": "object",
        "properties": {
            "quota": {"type": "object", "properties": {
                "limit": {"type": "integer", "minimum": 0},
                "offset": {"type": "integer", "minimum": 0},
                "period": {"enum": ["DAY", "WEEK", "MONTH"]}
            }, "additionalProperties": false},
            "throttle": {"type": "object", "properties": {
                "burstLimit": {"type": "integer", "minimum": 0},
                "rateLimit": {"type": "integer", "minimum": 0}
            }, "additionalProperties": false}
        },
        "additionalProperties": false
    })
}

def!(
    /// A usage plan (`quota`, `throttle`) or a list of `{planName: plan}`.
    UsagePlans(Value) = "awsApiGatewayUsagePlan",
    |g| json!({"anyOf": [
        usage_plan(),
        {"type": "array", "items": {"type": "object", "maxProperties": 1, "additionalProperties": usage_plan()}}
    ]})
);

def!(
    /// `provider.deploymentBucket`: a bucket name or settings.
    DeploymentBucket(Value) = "deploymentBucket",
    |g| json!({"anyOf": [
        sub::<S3BucketName>(g),
        {"type": "object", "properties": {
            "blockPublicAccess": {"type": "boolean"},
            "skipPolicySetup": {"type": "boolean"},
            "maxPreviousDeploymentArtifacts": {"type": "integer", "minimum": 0},
            "name": sub::<S3BucketName>(g),
            "versioning": {"type": "boolean"},
            "serverSideEncryption": {"enum": ["AES256", "aws:kms"]},
            "sseCustomerAlgorithim": {"type": "string"},
            "sseCustomerKey": {"type": "string"},
            "sseCustomerKeyMD5": {"type": "string"},
            "sseKMSKeyId": {"type": "string"},
            "tags": sub::<Tags>(g)
        }, "additionalProperties": false}
    ]})
);

/// `provider.iam:`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Iam {
    pub role: Option<IamRole>,
    pub deployment_role: Option<AwsArn>,
}

def!(
    /// `provider.iam.role`: an existing role (name, ARN, intrinsic) or the role to create.
    IamRole(Value) = "iamRole",
    |g| json!({"anyOf": [
        sub::<LambdaRole>(g),
        {"type": "object", "properties": {
            "name": {"type": "string", "pattern": "^[A-Za-z0-9/_+=,.@-]{1,64}$"},
            "path": {"type": "string", "pattern": "(^\\/$)|(^\\/[\u{21}-\u{7f}]+\\/$)"},
            "managedPolicies": {"type": "array", "items": sub::<AwsArn>(g)},
            "statements": sub::<IamStatements>(g),
            "permissionBoundary": sub::<AwsArn>(g),
            "permissionsBoundary": sub::<AwsArn>(g),
            "tags": sub::<Tags>(g)
        }, "additionalProperties": false}
    ]})
);

/// `provider.logs:`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProviderLogs {
    pub framework_lambda: Option<bool>,
    pub http_api: Option<super::http_api::HttpApiLogs>,
    pub rest_api: Option<RestApiLogs>,
    pub websocket: Option<super::websocket::WebsocketLogs>,
}

def!(
    /// `provider.logs.restApi`: `true` or access/execution logging settings.
    RestApiLogs(Value) = "restApiLogs",
    |g| json!({"anyOf": [
        {"type": "boolean"},
        {"type": "object", "properties": {
            "accessLogging": {"type": "boolean"},
            "executionLogging": {"type": "boolean"},
            "format": {"type": "string"},
            "fullExecutionData": {"type": "boolean"},
            "level": {"enum": ["INFO", "ERROR"]},
            "role": sub::<AwsArn>(g),
            "roleManagedExternally": {"type": "boolean"}
        }, "additionalProperties": false}
    ]})
);

/// `provider.tracing:`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProviderTracing {
    pub api_gateway: Option<bool>,
    pub lambda: Option<Tracing>,
}
