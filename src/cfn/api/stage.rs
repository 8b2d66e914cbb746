//! The stage: SF v3 configures it through the SDK after deploying (`lib/hack/update-stage.js`);
//! with access logging on (`provider.logs.restApi`, unless `accessLogging: false`) the template
//! gets `ApiGatewayLogGroup` and the custom resource that gives the account's API Gateway its
//! CloudWatch role, unless `roleManagedExternally` (SF v3 `lib/stage.js`,
//! `ensure-api-gateway-cloud-watch-role.js`).

use crate::cfn::Ctx;
use crate::cfn::custom_resources::{self, Handler};
use crate::cfn::js::truthy;
use serde_json::{Map, Value, json};

/// The account role's custom resource (`getCustomResourceApiGatewayAccountCloudWatchRoleResourceLogicalId`).
pub const ACCOUNT_ROLE: &str = "CustomApiGatewayAccountCloudWatchRole";

pub fn compile(cx: &mut Ctx) {
    let svc = cx.svc;
    let Some(logs) = svc.api.logs.as_ref().filter(|l| l.access_logging) else {
        return;
    };
    let mut props = Map::new();
    props.insert(
        "LogGroupName".into(),
        json!(format!("/aws/api-gateway/{}-{}", svc.name, svc.stage)),
    );
    if let Some(r) = svc
        .provider
        .log_retention_in_days
        .as_ref()
        .filter(|r| truthy(r))
    {
        props.insert("RetentionInDays".into(), r.clone());
    }
    cx.merge_resource(
        "ApiGatewayLogGroup",
        json!({"Type": "AWS::Logs::LogGroup", "Properties": props}),
    );
    if logs.role_managed_externally {
        return;
    }
    let mut role_props = Map::new();
    role_props.insert(
        "ServiceToken".into(),
        Handler::ApiGatewayCloudWatchRole.service_token(),
    );
    if let Some(role) = &logs.role {
        role_props.insert("RoleArn".into(), role.clone());
    }
    cx.assign_resource(
        ACCOUNT_ROLE,
        json!({"Type": Handler::ApiGatewayCloudWatchRole.resource_type(), "Version": 1, "Properties": role_props}),
    );
    custom_resources::add(cx, Handler::ApiGatewayCloudWatchRole, role_statements());
}

/// What the role's handler needs: make and inspect the role, set the account.
fn role_statements() -> Vec<Value> {
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
    ]
}
