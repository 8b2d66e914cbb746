//! Log groups and the Lambda execution role `IamRoleLambdaExecution` (SF v3
//! `merge-iam-templates.js`).

use super::Ctx;
use crate::ir::Service;
use crate::ir::naming::{log_group_logical_id, log_group_name};
use serde_json::{Map, Value, json};

pub const ROLE: &str = "IamRoleLambdaExecution";

pub fn compile(cx: &mut Ctx) {
    if cx.svc.functions.is_empty() {
        return;
    }
    compile_log_groups(cx);
    if needs_execution_role(cx.svc) {
        let props = execution_role_properties(cx.svc);
        cx.merge_resource(ROLE, json!({"Type": "AWS::IAM::Role", "Properties": props}));
    }
}

/// A log group per function (but those with `disableLogs`), with the function's or the
/// provider's retention and data protection policy.
fn compile_log_groups(cx: &mut Ctx) {
    let svc = cx.svc;
    for f in svc.functions.iter().filter(|f| !f.disable_logs) {
        let mut props = Map::new();
        props.insert("LogGroupName".into(), json!(log_group_name(&f.name)));
        let retention = f
            .log_retention_in_days
            .as_ref()
            .or(svc.provider.log_retention_in_days.as_ref());
        if let Some(r) = retention.filter(|r| super::js::truthy(r)) {
            props.insert("RetentionInDays".into(), r.clone());
        }
        if let Some(policy) = &f.log_data_protection_policy {
            props.insert("DataProtectionPolicy".into(), policy.clone());
        }
        cx.merge_resource(
            &log_group_logical_id(&f.key),
            json!({"Type": "AWS::Logs::LogGroup", "Properties": props}),
        );
    }
}

/// No role is given for the provider, nor for every function.
fn needs_execution_role(svc: &Service) -> bool {
    let p = &svc.provider;
    p.iam.role_arn.is_none() && p.role.is_none() && !svc.functions.iter().all(|f| f.role.is_some())
}

fn execution_role_properties(svc: &Service) -> Map<String, Value> {
    let p = &svc.provider;
    let mut props = Map::new();
    props.insert(
        "AssumeRolePolicyDocument".into(),
        json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": ["lambda.amazonaws.com"]},
                "Action": ["sts:AssumeRole"]
            }]
        }),
    );
    props.insert(
        "Policies".into(),
        json!([{
            "PolicyName": {"Fn::Join": ["-", [svc.name, svc.stage, "lambda"]]},
            "PolicyDocument": {"Version": "2012-10-17", "Statement": policy_statements(svc)}
        }]),
    );
    props.insert(
        "Path".into(),
        p.iam.role_path.clone().unwrap_or_else(|| json!("/")),
    );
    props.insert(
        "RoleName".into(),
        p.iam.role_name.clone().unwrap_or_else(|| {
            json!({"Fn::Join": ["-", [svc.name, svc.stage, {"Ref": "AWS::Region"}, "lambdaRole"]]})
        }),
    );
    if !p.iam.role_tags.is_empty() {
        let tags: Vec<Value> = p
            .iam
            .role_tags
            .iter()
            .map(|(k, v)| json!({"Key": k, "Value": v}))
            .collect();
        props.insert("Tags".into(), Value::Array(tags));
    }
    if let Some(b) = &p.iam.permissions_boundary {
        props.insert("PermissionsBoundary".into(), b.clone());
    }
    let managed = managed_policies(svc);
    if !managed.is_empty() {
        props.insert("ManagedPolicyArns".into(), Value::Array(managed));
    }
    props
}

/// Writing to the functions' log groups (and, when the wildcard covers functions with
/// `disableLogs`, not writing to theirs), then the provider's own statements.
fn policy_statements(svc: &Service) -> Vec<Value> {
    let LogGroupArns {
        create,
        put,
        denied,
    } = log_group_arns(svc);
    let mut statements = vec![
        json!({
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource"],
            "Resource": create
        }),
        json!({"Effect": "Allow", "Action": ["logs:PutLogEvents"], "Resource": put}),
    ];
    if !denied.is_empty() {
        statements
            .push(json!({"Effect": "Deny", "Action": "logs:PutLogEvents", "Resource": denied}));
    }
    statements.extend(svc.provider.iam.statements.iter().cloned());
    statements
}

/// The log groups the role may create streams in and write to, and those it may not.
struct LogGroupArns {
    create: Vec<Value>,
    put: Vec<Value>,
    denied: Vec<Value>,
}

/// One wildcard for every function named `<service>-<stage>…`, one group each for the others;
/// a function with `disableLogs` gets none, and when the wildcard covers it, its group is
/// denied (SF `merge-iam-templates.js`).
fn log_group_arns(svc: &Service) -> LogGroupArns {
    let prefix = format!("{}-{}", svc.name, svc.stage);
    let log_arn = |group: &str, suffix: &str| json!({"Fn::Sub": format!("arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:{group}{suffix}")});
    let mut create = Vec::new();
    let mut put = Vec::new();
    let mut denied = Vec::new();
    let mut canonical = false;
    for f in &svc.functions {
        let group = log_group_name(&f.name);
        match (f.name.starts_with(&prefix), f.disable_logs) {
            (true, false) => canonical = true,
            (true, true) => denied.push(log_arn(&group, ":*")),
            (false, false) => {
                create.push(log_arn(&group, ":*"));
                put.push(log_arn(&group, ":*:*"));
            }
            (false, true) => {}
        }
    }
    if canonical {
        let group = format!("{}*", log_group_name(&prefix));
        create.push(log_arn(&group, ":*"));
        put.push(log_arn(&group, ":*:*"));
    } else {
        denied.clear();
    }
    LogGroupArns {
        create,
        put,
        denied,
    }
}

/// The provider's managed policies, and VPC access when a function runs in a VPC.
fn managed_policies(svc: &Service) -> Vec<Value> {
    let mut managed: Vec<Value> = svc.provider.iam.managed_policies.clone();
    if svc.provider.vpc.is_some() || svc.functions.iter().any(|f| f.vpc.is_some()) {
        managed.push(json!({
            "Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"]]
        }));
    }
    managed
}

/// Appends `stmt` to the execution role's statements unless an equal one is there
/// (`_.unionWith(..., _.isEqual)`); `push` appends unconditionally.
pub fn add_statement(cx: &mut Ctx, stmt: Value, dedupe: bool) {
    let Some(list) = cx
        .properties_mut(ROLE)
        .and_then(|p| p.get_mut("Policies"))
        .and_then(|p| p.get_mut(0))
        .and_then(|p| p.get_mut("PolicyDocument"))
        .and_then(|d| d.get_mut("Statement"))
        .and_then(Value::as_array_mut)
    else {
        return;
    };
    if !dedupe || !list.contains(&stmt) {
        list.push(stmt);
    }
}
