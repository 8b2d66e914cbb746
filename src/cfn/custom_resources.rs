//! The functions behind SF v3's custom resources and their shared role
//! (`lib/plugins/aws/custom-resources/index.js`): one `AWS::Lambda::Function` per kind of
//! custom resource the template uses, all running [`crate::custom_resources`]' zip, and
//! `IamRoleCustomResourcesLambdaExecution` gathering the permissions each kind needs (unless
//! `provider.iam.deploymentRole` runs them).

use super::Ctx;
use super::value::get_att;
use crate::ir::naming::{function_logical_id, log_group_logical_id, log_group_name};
use serde_json::{Map, Value, json};

/// The role every custom resource function runs as (SF's `getCustomResourcesRoleLogicalId`).
pub const ROLE: &str = "IamRoleCustomResourcesLambdaExecution";

/// A kind of custom resource, with SF v3's function name and handler path for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handler {
    /// `Custom::S3`: notifications of a bucket outside the stack.
    ExistingS3,
    /// `Custom::CognitoUserPool`: triggers of a user pool outside the stack.
    ExistingCognitoUserPool,
    /// `Custom::EventBridge`: rules made through the API.
    EventBridge,
    /// `Custom::ApiGatewayAccountRole`: the account's API Gateway logging role.
    ApiGatewayCloudWatchRole,
}

impl Handler {
    /// Every kind.
    pub const ALL: [Handler; 4] = [
        Handler::ExistingS3,
        Handler::ExistingCognitoUserPool,
        Handler::EventBridge,
        Handler::ApiGatewayCloudWatchRole,
    ];

    /// The function's name after `<service>-<stage>-`.
    pub fn function_name(self) -> &'static str {
        match self {
            Handler::ExistingS3 => "custom-resource-existing-s3",
            Handler::ExistingCognitoUserPool => "custom-resource-existing-cup",
            Handler::EventBridge => "custom-resource-event-bridge",
            Handler::ApiGatewayCloudWatchRole => "custom-resource-apigw-cw-role",
        }
    }

    /// The handler inside the zip.
    fn handler(self) -> &'static str {
        match self {
            Handler::ExistingS3 => "s3/handler.handler",
            Handler::ExistingCognitoUserPool => "cognito-user-pool/handler.handler",
            Handler::EventBridge => "event-bridge/handler.handler",
            Handler::ApiGatewayCloudWatchRole => "api-gateway-cloud-watch-role/handler.handler",
        }
    }

    /// The `Type` of its resources.
    pub fn resource_type(self) -> &'static str {
        match self {
            Handler::ExistingS3 => "Custom::S3",
            Handler::ExistingCognitoUserPool => "Custom::CognitoUserPool",
            Handler::EventBridge => "Custom::EventBridge",
            Handler::ApiGatewayCloudWatchRole => "Custom::ApiGatewayAccountRole",
        }
    }

    /// The function's logical id (`CustomDashresourceDash...LambdaFunction`).
    pub fn logical_id(self) -> String {
        function_logical_id(self.function_name())
    }

    /// `{"Fn::GetAtt": [<function>, "Arn"]}`: the `ServiceToken` of its custom resources.
    pub fn service_token(self) -> Value {
        get_att(self.logical_id(), "Arn")
    }
}

/// A custom resource of `handler` acting on the function `key`, deployed as `function_name`:
/// `{Type, Version: 1, DependsOn: [<function>, <handler>], Properties: {ServiceToken,
/// FunctionName, ...properties}}` (SF writes `Version: 1.0`, which JSON prints as 1).
pub fn function_resource(
    handler: Handler,
    key: &str,
    function_name: &str,
    properties: Map<String, Value>,
) -> Value {
    let mut props = Map::new();
    props.insert("ServiceToken".into(), handler.service_token());
    props.insert("FunctionName".into(), json!(function_name));
    props.extend(properties);
    json!({
        "Type": handler.resource_type(),
        "Version": 1,
        "DependsOn": [function_logical_id(key), handler.logical_id()],
        "Properties": props
    })
}

/// Appends `item` to the list property `list` of the custom resource `id` (what a function's
/// later event on the same bucket or pool adds).
pub fn append(cx: &mut Ctx, id: &str, list: &str, item: Value) {
    let items = cx
        .resources
        .get_mut(id)
        .and_then(|r| r.get_mut("Properties"))
        .and_then(|p| p.get_mut(list))
        .and_then(Value::as_array_mut);
    if let Some(items) = items {
        items.push(item);
    }
}

/// What the `Custom::S3` and `Custom::EventBridge` handlers need to let S3 and EventBridge
/// invoke the functions: adding and removing permissions on any function of the region.
pub fn lambda_permissions_statement() -> Value {
    json!({
        "Effect": "Allow",
        "Resource": {"Fn::Join": [":", [
            "arn", {"Ref": "AWS::Partition"}, "lambda", {"Ref": "AWS::Region"},
            {"Ref": "AWS::AccountId"}, "function", "*"
        ]]},
        "Action": ["lambda:AddPermission", "lambda:RemovePermission"]
    })
}

/// SF's `Date.now()` for `ForceDeploy`: the deploy's time ([`super::CompileOptions::deploy_time`]).
pub fn force_deploy_value(cx: &Ctx) -> Value {
    json!(cx.opts.deploy_time.unwrap_or(0))
}

/// The custom resources acting on each bucket or pool, in order of first use. Their handlers
/// read, change and write back one configuration of the bucket or pool, so SF makes each depend
/// on the one before it: CloudFormation then runs them one at a time.
#[derive(Default)]
pub struct Chains(Vec<(String, Vec<String>)>);

impl Chains {
    /// Records that the resource `id` acts on `target` (once: SF keeps a `_.union`).
    pub fn add(&mut self, target: String, id: &str) {
        let i = match self.0.iter().position(|(t, _)| *t == target) {
            Some(i) => i,
            None => {
                self.0.push((target, Vec::new()));
                self.0.len() - 1
            }
        };
        let ids = &mut self.0[i].1;
        if !ids.iter().any(|x| x == id) {
            ids.push(id.to_string());
        }
    }

    /// Appends to each resource's `DependsOn` the resource before it on the same target.
    pub fn apply(self, cx: &mut Ctx) {
        for (_, ids) in self.0 {
            for pair in ids.windows(2) {
                let depends_on = cx
                    .resources
                    .get_mut(&pair[1])
                    .and_then(|r| r.get_mut("DependsOn"))
                    .and_then(Value::as_array_mut);
                if let Some(depends_on) = depends_on {
                    depends_on.push(json!(pair[0]));
                }
            }
        }
    }
}

/// Adds `handler`'s function (again: SF rewrites it in place for every resource using it) and
/// appends `statements` to the shared role, skipping a statement whose `Resource` is a string
/// already there (SF compares with `===`, so objects always count as new).
pub fn add(cx: &mut Ctx, handler: Handler, statements: Vec<Value>) {
    let svc = cx.svc;
    let prefix = format!("{}-{}", svc.name, svc.stage);
    let function_name = absolute_function_name(&prefix, handler.function_name());
    let write_logs = svc.provider.framework_lambda_logs;
    let deployment_role = svc.provider.iam.deployment_role.clone();
    if deployment_role.is_none() {
        add_role(cx, &prefix, write_logs, statements);
    }
    let artifact = super::hash::custom_resources_artifact(svc, cx.opts);
    let mut props = Map::new();
    props.insert(
        "Code".into(),
        json!({"S3Bucket": super::core::code_bucket(svc), "S3Key": artifact.s3_key}),
    );
    props.insert("FunctionName".into(), json!(function_name));
    props.insert("Handler".into(), json!(handler.handler()));
    props.insert("MemorySize".into(), json!(1024));
    props.insert("Runtime".into(), json!("nodejs18.x"));
    props.insert("Timeout".into(), json!(180));
    let mut depends_on = Vec::new();
    match deployment_role {
        Some(role) => {
            props.insert("Role".into(), role);
        }
        None => {
            props.insert("Role".into(), get_att(ROLE, "Arn"));
            depends_on.push(json!(ROLE));
        }
    }
    let log_group = write_logs.then(|| log_group_logical_id(handler.function_name()));
    if let Some(id) = &log_group {
        depends_on.push(json!(id));
    }
    cx.assign_resource(
        &handler.logical_id(),
        json!({"Type": "AWS::Lambda::Function", "Properties": props, "DependsOn": depends_on}),
    );
    if let Some(id) = log_group {
        let mut log_props = Map::new();
        log_props.insert("LogGroupName".into(), json!(log_group_name(&function_name)));
        if let Some(days) = &svc.provider.log_retention_in_days {
            log_props.insert("RetentionInDays".into(), days.clone());
        }
        cx.assign_resource(
            &id,
            json!({"Type": "AWS::Logs::LogGroup", "Properties": log_props}),
        );
    }
}

/// The account role's custom resource (`getCustomResourceApiGatewayAccountCloudWatchRoleResourceLogicalId`).
pub const ACCOUNT_ROLE: &str = "CustomApiGatewayAccountCloudWatchRole";

/// The custom resource that gives the account's API Gateway its CloudWatch role, which a
/// stage's logs need (SF's `ensure-api-gateway-cloud-watch-role.js`, called by the REST and the
/// WebSocket stages, memoized: once per template). `provider.logs.restApi.role` names the role,
/// `roleManagedExternally` leaves the account alone.
pub fn ensure_api_gateway_cloudwatch_role(cx: &mut Ctx) {
    let logs = cx.svc.api.logs.as_ref();
    if logs.is_some_and(|l| l.role_managed_externally) || cx.resources.contains_key(ACCOUNT_ROLE) {
        return;
    }
    let mut props = Map::new();
    props.insert(
        "ServiceToken".into(),
        Handler::ApiGatewayCloudWatchRole.service_token(),
    );
    if let Some(role) = logs.and_then(|l| l.role.as_ref()) {
        props.insert("RoleArn".into(), role.clone());
    }
    cx.assign_resource(
        ACCOUNT_ROLE,
        json!({"Type": Handler::ApiGatewayCloudWatchRole.resource_type(), "Version": 1, "Properties": props}),
    );
    add(
        cx,
        Handler::ApiGatewayCloudWatchRole,
        vec![
            json!({
                "Effect": "Allow",
                "Resource": {"Fn::Join": [":", ["arn", {"Ref": "AWS::Partition"}, "iam:", {"Ref": "AWS::AccountId"}, "role/*"]]},
                "Action": ["iam:AttachRolePolicy", "iam:CreateRole", "iam:ListAttachedRolePolicies", "iam:PassRole"]
            }),
            json!({
                "Effect": "Allow",
                "Resource": {"Fn::Join": [":", ["arn", {"Ref": "AWS::Partition"}, "apigateway:*::/account"]]},
                "Action": ["apigateway:GET", "apigateway:PATCH"]
            }),
        ],
    );
}

/// `<service>-<stage>-<name>`, or past Lambda's 64 characters its first 32 and the MD5 of the
/// whole (SF v3's rule, so the deployed names stay the same).
fn absolute_function_name(prefix: &str, name: &str) -> String {
    let full = format!("{prefix}-{name}");
    if full.len() <= 64 {
        return full;
    }
    let cut = full.char_indices().nth(32).map_or(full.len(), |(i, _)| i);
    format!(
        "{}{}",
        &full[..cut],
        crate::common::digest::md5_hex(full.as_bytes())
    )
}

/// Creates the shared role once, then appends `statements` to its policy.
fn add_role(cx: &mut Ctx, prefix: &str, write_logs: bool, statements: Vec<Value>) {
    if !cx.resources.contains_key(ROLE) {
        let svc = cx.svc;
        let mut initial = Vec::new();
        if write_logs {
            let group = log_group_name(prefix);
            let arn = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:";
            initial.push(json!({
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource"],
                "Resource": [{"Fn::Sub": format!("{arn}{group}*:*")}]
            }));
            initial.push(json!({
                "Effect": "Allow",
                "Action": ["logs:PutLogEvents"],
                "Resource": [{"Fn::Sub": format!("{arn}{group}*:*:*")}]
            }));
        }
        let role = json!({
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{
                        "Effect": "Allow",
                        "Principal": {"Service": ["lambda.amazonaws.com"]},
                        "Action": ["sts:AssumeRole"]
                    }]
                },
                "Policies": [{
                    "PolicyName": {"Fn::Join": ["-", [svc.stage, svc.name, "custom-resources-lambda"]]},
                    "PolicyDocument": {"Version": "2012-10-17", "Statement": initial}
                }]
            }
        });
        cx.assign_resource(ROLE, role);
    }
    let Some(existing) = cx
        .resources
        .get_mut(ROLE)
        .and_then(|r| r.pointer_mut("/Properties/Policies/0/PolicyDocument/Statement"))
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    for statement in statements {
        let duplicate = statement["Resource"].as_str().is_some_and(|resource| {
            existing
                .iter()
                .any(|s| s["Resource"].as_str() == Some(resource))
        });
        if !duplicate {
            existing.push(statement);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_function_names_are_cut_with_a_digest_as_sf_does() {
        assert_eq!(
            absolute_function_name("svc-dev", "custom-resource-existing-s3"),
            "svc-dev-custom-resource-existing-s3"
        );
        let prefix = "a-very-long-service-name-for-testing-dev";
        let full = format!("{prefix}-custom-resource-existing-s3");
        let name = absolute_function_name(prefix, "custom-resource-existing-s3");
        assert_eq!(name.len(), 64);
        assert_eq!(&name[..32], &full[..32]);
        // md5("a-very-long-...-custom-resource-existing-s3"), computed with `md5sum`
        assert_eq!(&name[32..], crate::common::digest::md5_hex(full.as_bytes()));
    }

    #[test]
    fn logical_ids_are_sf_v3s() {
        assert_eq!(
            Handler::ExistingS3.logical_id(),
            "CustomDashresourceDashexistingDashs3LambdaFunction"
        );
        assert_eq!(
            Handler::ApiGatewayCloudWatchRole.logical_id(),
            "CustomDashresourceDashapigwDashcwDashroleLambdaFunction"
        );
    }
}
