//! Lambda functions, their versions and the `…QualifiedArn` outputs (SF v3
//! `compile/functions.js`). Functions are all emitted first, then the versions.

use super::iam::{ROLE, add_statement};
use super::{Ctx, core, hash, js};
use crate::ir::Function;
use crate::ir::naming::{
    function_logical_id, log_group_logical_id, version_logical_id, version_output_logical_id,
};
use serde_json::{Map, Value, json};

pub fn compile(cx: &mut Ctx) {
    let svc = cx.svc;
    let mut versions = Vec::new();
    // a function and a version each (their log groups are in already)
    super::reserve(&mut cx.resources, svc.functions.len() * 2);
    super::reserve(&mut cx.outputs, svc.functions.len());
    for f in &svc.functions {
        let (resource, props) = function_resource(cx, f);
        let id = function_logical_id(&f.key);
        cx.assign_resource(&id, resource);
        if f.version {
            versions.push((f, props));
        }
    }
    for (f, props) in versions {
        let artifact = hash::artifact(cx.svc, cx.opts, f, || cx.config_digest());
        let digest = hash::version_digest(&artifact.sha256_base64, &props);
        let version_id = version_logical_id(&f.key, &digest);
        let mut vprops = Map::new();
        vprops.insert(
            "FunctionName".into(),
            json!({"Ref": function_logical_id(&f.key)}),
        );
        vprops.insert("CodeSha256".into(), json!(artifact.sha256_base64));
        if let Some(d) = f.description.as_ref().filter(|d| !d.is_empty()) {
            vprops.insert("Description".into(), json!(d));
        }
        cx.assign_resource(
            &version_id,
            json!({"Type": "AWS::Lambda::Version", "DeletionPolicy": "Retain", "Properties": vprops}),
        );
        cx.outputs.insert(
            version_output_logical_id(&f.key),
            json!({"Description": "Current Lambda function version", "Value": {"Ref": version_id}}),
        );
    }
}

/// The function resource, and the properties that identify its configuration for the version
/// hash (without `Code`, `ReservedConcurrentExecutions` and `Tags`, as SF does).
fn function_resource(cx: &mut Ctx, f: &Function) -> (Value, Value) {
    // the properties in SF's order, which the template keeps
    let mut props = Map::new();
    insert_code(cx, f, &mut props);
    insert_settings(cx, f, &mut props);
    insert_tags(cx, f, &mut props);
    insert_dead_letter_config(cx, f, &mut props);
    insert_kms_key(cx, f, &mut props);
    insert_tracing(cx, f, &mut props);
    insert_environment(cx, f, &mut props);
    let mut depends_on = vec![json!(log_group_logical_id(&f.key))];
    depends_on.extend(f.depends_on.iter().map(|d| json!(d)));
    compile_role(&mut props, &mut depends_on, role(cx, f));
    insert_vpc_config(cx, f, &mut props);
    insert_reserved_concurrency(f, &mut props);
    insert_layers(cx, f, &mut props);
    let config = version_config(f, &props);
    (resource(f, props, depends_on), config)
}

/// `Code` (and `PackageType`, or `Handler` and `Runtime`): an image, or the artifact's key in
/// the deployment bucket.
fn insert_code(cx: &Ctx, f: &Function, props: &mut Map<String, Value>) {
    if let Some(image) = &f.image {
        props.insert("Code".into(), json!({"ImageUri": image}));
        props.insert("PackageType".into(), json!("Image"));
    } else {
        let svc = cx.svc;
        let artifact = hash::artifact(svc, cx.opts, f, || cx.config_digest());
        props.insert(
            "Code".into(),
            json!({"S3Bucket": core::code_bucket(svc), "S3Key": artifact.s3_key}),
        );
        props.insert("Handler".into(), json!(f.handler));
        props.insert("Runtime".into(), json!(f.runtime));
    }
}

/// `FunctionName`, `MemorySize`, `Timeout`, `Architectures` and `Description`.
fn insert_settings(cx: &Ctx, f: &Function, props: &mut Map<String, Value>) {
    props.insert("FunctionName".into(), json!(f.name));
    props.insert("MemorySize".into(), json!(f.memory_size));
    props.insert("Timeout".into(), json!(f.timeout));
    let provider_architecture = cx.svc.provider.architecture.as_ref();
    if let Some(arch) = f.architecture.as_ref().or(provider_architecture) {
        props.insert("Architectures".into(), json!([arch]));
    }
    if let Some(d) = f.description.as_ref().filter(|d| !d.is_empty()) {
        props.insert("Description".into(), json!(d));
    }
}

/// The provider's tags, then the function's (which win).
fn insert_tags(cx: &Ctx, f: &Function, props: &mut Map<String, Value>) {
    let p = &cx.svc.provider;
    if f.tags.is_empty() && p.tags.is_empty() {
        return;
    }
    let mut tags = p.tags.clone();
    tags.extend(f.tags.iter().map(|(k, v)| (k.clone(), v.clone())));
    let tags: Vec<Value> = tags
        .iter()
        .map(|(k, v)| json!({"Key": k, "Value": v}))
        .collect();
    props.insert("Tags".into(), Value::Array(tags));
}

/// `DeadLetterConfig`, and the role's permission to publish to a topic given by ARN.
fn insert_dead_letter_config(cx: &mut Ctx, f: &Function, props: &mut Map<String, Value>) {
    let Some(arn) = &f.dead_letter_target_arn else {
        return;
    };
    props.insert("DeadLetterConfig".into(), json!({"TargetArn": arn}));
    if arn.is_string() {
        add_statement(
            cx,
            json!({"Effect": "Allow", "Action": ["sns:Publish"], "Resource": [arn]}),
            false,
        );
    }
}

/// `KmsKeyArn` (the function's or the provider's), and the role's permission to decrypt with
/// a key given by ARN.
fn insert_kms_key(cx: &mut Ctx, f: &Function, props: &mut Map<String, Value>) {
    let svc = cx.svc;
    let Some(kms) = f.kms_key_arn.as_ref().or(svc.provider.kms_key_arn.as_ref()) else {
        return;
    };
    props.insert("KmsKeyArn".into(), kms.clone());
    if kms.is_string() {
        add_statement(
            cx,
            json!({"Effect": "Allow", "Action": ["kms:Decrypt"], "Resource": [kms]}),
            true,
        );
    }
}

/// `TracingConfig` (`true` means `Active`), and the role's permission to send traces.
fn insert_tracing(cx: &mut Ctx, f: &Function, props: &mut Map<String, Value>) {
    let svc = cx.svc;
    let Some(tracing) = f
        .tracing
        .as_ref()
        .or(svc.provider.tracing_lambda.as_ref())
        .filter(|t| js::truthy(t))
    else {
        return;
    };
    let mode = if tracing.is_boolean() {
        json!("Active")
    } else {
        tracing.clone()
    };
    props.insert("TracingConfig".into(), json!({"Mode": mode}));
    add_statement(
        cx,
        json!({"Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "Resource": ["*"]}),
        true,
    );
}

/// The provider's environment variables, then the function's (which win).
fn insert_environment(cx: &Ctx, f: &Function, props: &mut Map<String, Value>) {
    let p = &cx.svc.provider;
    if f.environment.is_empty() && p.environment.is_empty() {
        return;
    }
    let mut vars = p.environment.clone();
    vars.extend(f.environment.iter().map(|(k, v)| (k.clone(), v.clone())));
    props.insert("Environment".into(), json!({"Variables": vars}));
}

/// The function's role, else the provider's (`iam.role`, then the older `role`).
fn role<'s>(cx: &Ctx<'s>, f: &'s Function) -> Option<&'s Value> {
    let p = &cx.svc.provider;
    f.role
        .as_ref()
        .or(p.iam.role_arn.as_ref())
        .or(p.role.as_ref())
}

/// `VpcConfig`, when both its security groups and its subnets are given.
fn insert_vpc_config(cx: &Ctx, f: &Function, props: &mut Map<String, Value>) {
    let provider_vpc = cx.svc.provider.vpc.as_ref();
    let sg = vpc_field(f.vpc.as_ref(), provider_vpc, "securityGroupIds");
    let subnets = vpc_field(f.vpc.as_ref(), provider_vpc, "subnetIds");
    if let (Some(sg), Some(subnets)) = (sg, subnets) {
        props.insert(
            "VpcConfig".into(),
            json!({"SecurityGroupIds": sg, "SubnetIds": subnets}),
        );
    }
}

fn insert_reserved_concurrency(f: &Function, props: &mut Map<String, Value>) {
    if let Some(rc) = f.reserved_concurrency {
        props.insert("ReservedConcurrentExecutions".into(), json!(rc));
    }
}

/// The function's layers, else the provider's.
fn insert_layers(cx: &Ctx, f: &Function, props: &mut Map<String, Value>) {
    let p = &cx.svc.provider;
    if !f.layers.is_empty() {
        props.insert("Layers".into(), json!(f.layers));
    } else if !p.layers.is_empty() {
        props.insert("Layers".into(), json!(p.layers));
    }
}

/// The properties the version hash covers: all but `Code`, `ReservedConcurrentExecutions` and
/// `Tags`, with an image's `Code` put back last.
fn version_config(f: &Function, props: &Map<String, Value>) -> Value {
    let mut config = props.clone();
    for k in ["Code", "ReservedConcurrentExecutions", "Tags"] {
        js::delete(&mut config, k);
    }
    if f.image.is_some() {
        config.insert(
            "Code".into(),
            props.get("Code").cloned().unwrap_or(Value::Null),
        );
    }
    Value::Object(config)
}

/// The `AWS::Lambda::Function` resource around `props`.
fn resource(f: &Function, props: Map<String, Value>, depends_on: Vec<Value>) -> Value {
    let mut resource = Map::new();
    resource.insert("Type".into(), json!("AWS::Lambda::Function"));
    resource.insert("Properties".into(), Value::Object(props));
    if let Some(c) = &f.condition {
        resource.insert("Condition".into(), json!(c));
    }
    resource.insert("DependsOn".into(), Value::Array(depends_on));
    Value::Object(resource)
}

/// SF `compileRole`: an ARN string as is, a logical name or `Fn::GetAtt` as a `GetAtt` with a
/// `DependsOn`, anything else (`Fn::ImportValue`, `Fn::Sub`) as is.
fn compile_role(props: &mut Map<String, Value>, depends_on: &mut Vec<Value>, role: Option<&Value>) {
    let role = role.cloned().unwrap_or_else(|| json!(ROLE));
    match &role {
        Value::String(s) if s.starts_with("arn:") => {
            props.insert("Role".into(), role.clone());
        }
        Value::String(s) => {
            props.insert("Role".into(), json!({"Fn::GetAtt": [s, "Arn"]}));
            if s != ROLE {
                depends_on.push(json!(s));
            }
        }
        Value::Object(m) if m.contains_key("Fn::GetAtt") => {
            props.insert("Role".into(), role.clone());
            if let Some(target) = m.get("Fn::GetAtt").and_then(|g| g.get(0)) {
                depends_on.push(target.clone());
            }
        }
        _ => {
            props.insert("Role".into(), role.clone());
        }
    }
}

/// `function.vpc.<field> || provider.vpc.<field>`.
fn vpc_field(function: Option<&Value>, provider: Option<&Value>, field: &str) -> Option<Value> {
    let get = |v: Option<&Value>| {
        v.and_then(|v| v.get(field))
            .filter(|x| js::truthy(x))
            .cloned()
    };
    get(function).or_else(|| get(provider))
}
