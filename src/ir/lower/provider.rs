//! `provider:` → [`Provider`]: runtime/memory/timeout defaults, IAM, deployment bucket.

use super::LowerContext;
use super::policy::{PolicyKind, normalize_statements};
use super::shape::{as_u64, bool_at, child, json_at, list_at, str_at, string_map_at};
use crate::ir::{DeploymentBucket, Iam, Provider};
use crate::load::{Node, Value};

/// SF v3.40's default runtime (`provider.js getRuntime`).
pub const DEFAULT_RUNTIME: &str = "nodejs16.x";
/// SF v3's default memory size (`compile/functions.js`).
pub const DEFAULT_MEMORY_SIZE: u64 = 1024;
/// SF v3's default timeout in seconds (`compile/functions.js`).
pub const DEFAULT_TIMEOUT: u64 = 6;

/// Provider keys lowering reads (or that only matter to the CLI); the rest are reported by
/// name in [`Provider::ignored`].
const KNOWN: &[&str] = &[
    "name",
    "stage",
    "region",
    "profile",
    "runtime",
    "memorySize",
    "timeout",
    "environment",
    "iam",
    "iamRoleStatements",
    "iamManagedPolicies",
    "rolePermissionsBoundary",
    "cfnRole",
    "role",
    "deploymentBucket",
    "deploymentPrefix",
    "stackName",
    "tags",
    "stackTags",
    "vpc",
    "layers",
    "versionFunctions",
    "logRetentionInDays",
    "architecture",
    "tracing",
    "kmsKeyArn",
    "stackPolicy",
    "rollbackConfiguration",
    "notificationArns",
    "apiGateway",
    "httpApi",
    "apiName",
    "endpointType",
    "vpcEndpointIds",
    "logs",
    "deploymentMethod",
    "lambdaHashingVersion",
    // read by deploy
    "stackParameters",
    "disableRollback",
    // read by the event families (`ir::lower::events`)
    "s3",
    "cloudFront",
    "eventBridge",
    "kinesis",
    "runtimeManagement",
    "logDataProtectionPolicy",
    "alb",
    "websocket",
    "websocketsApiName",
    "websocketsApiRouteSelectionExpression",
    "websocketsDescription",
];

pub fn lower_provider(cx: &mut LowerContext, p: &Node) -> Provider {
    let d = &mut cx.diags;
    // memorySize/timeout of the wrong shape fall back to the default: `check` reports them
    let runtime = str_at(d, p, "runtime").unwrap_or_else(|| DEFAULT_RUNTIME.to_string());
    let memory_size = positive(p, "memorySize").unwrap_or(DEFAULT_MEMORY_SIZE);
    let timeout = positive(p, "timeout").unwrap_or(DEFAULT_TIMEOUT);
    let iam = lower_iam(cx, p);
    let d = &mut cx.diags;
    let ignored = p
        .as_map()
        .map(|m| {
            m.keys()
                .filter(|k| !KNOWN.contains(&k.as_str()))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    Provider {
        runtime,
        memory_size,
        timeout,
        environment: string_map_at(d, p, "environment"),
        iam,
        deployment_bucket: deployment_bucket(cx, p),
        deployment_prefix: str_at(&mut cx.diags, p, "deploymentPrefix"),
        stack_name: str_at(&mut cx.diags, p, "stackName"),
        tags: string_map_at(&mut cx.diags, p, "tags"),
        stack_tags: string_map_at(&mut cx.diags, p, "stackTags"),
        vpc: json_at(p, "vpc"),
        layers: list_at(p, "layers")
            .into_iter()
            .map(Node::to_json)
            .collect(),
        version_functions: bool_at(&mut cx.diags, p, "versionFunctions").unwrap_or(true),
        log_retention_in_days: json_at(p, "logRetentionInDays"),
        log_data_protection_policy: child(p, "logDataProtectionPolicy")
            .filter(|n| n.is_truthy())
            .map(Node::to_json),
        architecture: str_at(&mut cx.diags, p, "architecture"),
        tracing_lambda: child(p, "tracing").and_then(|t| json_at(t, "lambda")),
        kms_key_arn: json_at(p, "kmsKeyArn"),
        stack_policy: json_at(p, "stackPolicy"),
        rollback_configuration: json_at(p, "rollbackConfiguration"),
        notification_arns: list_at(p, "notificationArns")
            .into_iter()
            .map(Node::to_json)
            .collect(),
        role: json_at(p, "role"),
        stack_parameters: list_at(p, "stackParameters")
            .into_iter()
            .map(Node::to_json)
            .collect(),
        disable_rollback: child(p, "disableRollback").is_some_and(Node::is_truthy),
        framework_lambda_logs: p
            .path(["logs", "frameworkLambda"])
            .is_some_and(Node::is_truthy),
        kinesis_consumer_naming_mode: child(p, "kinesis")
            .and_then(|k| json_at(k, "consumerNamingMode")),
        ignored,
    }
}

/// A positive integer at `key` (an integral string too: SF passes it on and CloudFormation
/// reads it as a number); `None` when absent, zero (JS `||` falls through) or unusable.
pub fn positive(node: &Node, key: &str) -> Option<u64> {
    child(node, key)
        .and_then(|n| match &n.value {
            Value::Str(s) => s.trim().parse().ok(),
            _ => as_u64(n),
        })
        .filter(|n| *n > 0)
}

/// Whether an `iam.role` value names an existing role (SF `isExistingRoleProvided`): a string,
/// or a mapping with a `::` key (an intrinsic function).
pub fn is_existing_role(node: &Node) -> bool {
    match &node.value {
        Value::Str(_) => true,
        Value::Map(m) => m.keys().any(|k| k.contains("::")),
        _ => false,
    }
}

fn lower_iam(cx: &mut LowerContext, p: &Node) -> Iam {
    let d = &mut cx.diags;
    let mut iam = Iam::default();
    let iam_node = child(p, "iam");
    let role = iam_node.and_then(|n| child(n, "role"));
    let role_obj = match role {
        Some(r) if is_existing_role(r) => {
            iam.role_arn = Some(r.to_json());
            None
        }
        Some(r) if r.as_map().is_some() => Some(r),
        Some(r) => {
            super::shape::wrong(d, r, "provider.iam.role", "a role ARN or a mapping");
            None
        }
        None => None,
    };
    // `iam.role.statements` wins over the older `iamRoleStatements`; same for managed policies
    let statements = role_obj
        .and_then(|r| child(r, "statements"))
        .or_else(|| child(p, "iamRoleStatements"));
    iam.statements = statements
        .map(|s| {
            super::shape::list_of(s)
                .into_iter()
                .map(Node::to_json)
                .collect()
        })
        .map(|s| normalize_statements(s, PolicyKind::Iam))
        .unwrap_or_default();
    let managed = role_obj
        .and_then(|r| child(r, "managedPolicies"))
        .or_else(|| child(p, "iamManagedPolicies"));
    iam.managed_policies = managed
        .map(|s| {
            super::shape::list_of(s)
                .into_iter()
                .map(Node::to_json)
                .collect()
        })
        .unwrap_or_default();
    iam.permissions_boundary = role_obj
        .and_then(|r| {
            json_at(r, "permissionsBoundary").or_else(|| json_at(r, "permissionBoundary"))
        })
        .or_else(|| json_at(p, "rolePermissionsBoundary"));
    if let Some(r) = role_obj {
        iam.role_name = json_at(r, "name");
        iam.role_path = json_at(r, "path");
        iam.role_tags = string_map_at(d, r, "tags");
    }
    iam.deployment_role = iam_node
        .and_then(|n| json_at(n, "deploymentRole"))
        .or_else(|| json_at(p, "cfnRole"));
    iam
}

fn deployment_bucket(cx: &mut LowerContext, p: &Node) -> Option<DeploymentBucket> {
    let d = &mut cx.diags;
    let node = child(p, "deploymentBucket")?;
    match &node.value {
        Value::Map(_) => Some(DeploymentBucket {
            name: str_at(d, node, "name"),
            server_side_encryption: str_at(d, node, "serverSideEncryption"),
            block_public_access: bool_at(d, node, "blockPublicAccess"),
            versioning: bool_at(d, node, "versioning"),
            tags: string_map_at(d, node, "tags"),
        }),
        Value::Str(s) => Some(DeploymentBucket {
            name: Some(s.clone()),
            server_side_encryption: None,
            block_public_access: None,
            versioning: None,
            tags: Default::default(),
        }),
        _ => {
            super::shape::wrong(
                d,
                node,
                "provider.deploymentBucket",
                "a bucket name or a mapping",
            );
            None
        }
    }
}
