//! Lambda functions, their versions, the aliases of provisioned concurrency and SnapStart, and
//! the `…QualifiedArn` outputs (SF v3 `compile/functions.js`), each function's URL
//! ([`super::function_url`]) and event-invoke config ([`super::event_invoke_config`]), in the
//! order SF's concurrent compilation adds them ([`super::version_order`]).

use super::event_invoke_config::{self, Granted};
use super::iam::{ROLE, add_statement};
use super::version_order::{self, Plan, Step};
use super::{Ctx, core, function_url, hash, js, layers};
use crate::ir::naming::{
    function_logical_id, log_group_logical_id, version_logical_id, version_output_logical_id,
};
use crate::ir::{Function, FunctionAlias};
use serde_json::{Map, Value, json};

pub fn compile(cx: &mut Ctx) {
    let svc = cx.svc;
    // a function and a version each (their log groups are in already)
    super::reserve(&mut cx.resources, svc.functions.len() * 2);
    super::reserve(&mut cx.outputs, svc.functions.len());
    let plans: Vec<Plan> = svc.functions.iter().map(|f| plan(cx, f)).collect();
    let aliases = Aliases::new(svc);
    let mut granted = Granted::default();
    // each function's version-hash configuration, from when its resource is built
    let mut configs: Vec<Option<Value>> = vec![None; svc.functions.len()];
    for step in version_order::order(&plans) {
        match step {
            Step::Function(i) => {
                let f = &svc.functions[i];
                let (resource, props) = function_resource(cx, f);
                cx.assign_resource(&function_logical_id(&f.key), resource);
                if plans[i].versioned {
                    configs[i] = Some(props);
                } else {
                    compile_extras(cx, f, &aliases, &mut granted);
                }
            }
            Step::Version(i) => {
                let f = &svc.functions[i];
                let config = configs[i].take().unwrap_or(Value::Null);
                compile_version(cx, f, config);
                compile_extras(cx, f, &aliases, &mut granted);
            }
        }
    }
}

/// What SF adds at the end of `compileFunction`: the URL, then the event-invoke config.
fn compile_extras(cx: &mut Ctx, f: &Function, aliases: &Aliases, granted: &mut Granted) {
    function_url::compile(cx, f);
    event_invoke_config::compile(cx, f, aliases, granted);
}

/// What function `f` waits for while SF compiles it ([`version_order`]).
fn plan(cx: &Ctx, f: &Function) -> Plan {
    // an alias needs a version to point at, whatever `versionFunction` says
    let versioned = f.version || f.alias.is_some();
    let mut files = Vec::new();
    if f.image.is_none() {
        let zip = artifact_path(cx.svc, f);
        files.push(zip.clone());
        files.push(zip);
    }
    let mut layer_files: Vec<String> = local_layers(cx, f)
        .map(|layer| layer_artifact_path(cx.svc, layer))
        .collect();
    layer_files.sort();
    files.extend(layer_files);
    Plan {
        image: f.image.is_some(),
        versioned,
        files,
    }
}

/// The zip SF hashes for `f`: the function's `package.artifact`, else the service's, else
/// `.serverless/<function>.zip` when packaged individually, else `.serverless/<service>.zip`.
fn artifact_path(svc: &crate::ir::Service, f: &Function) -> String {
    if let Some(path) = f
        .package
        .artifact
        .as_ref()
        .or(svc.package.artifact.as_ref())
    {
        return path.clone();
    }
    let individually = f.package.individually || svc.package.individually;
    let file = if individually { &f.key } else { &svc.name };
    format!("{}/.serverless/{file}.zip", service_dir(svc))
}

/// The zip SF hashes for a layer: its `package.artifact` as written, else
/// `<service folder>/.serverless/<layer>.zip` (the order of these paths is the order SF
/// hashes them in).
fn layer_artifact_path(svc: &crate::ir::Service, layer: &crate::ir::layers::Layer) -> String {
    match &layer.package.artifact {
        Some(path) => path.clone(),
        None => format!("{}/.serverless/{}.zip", service_dir(svc), layer.key),
    }
}

/// The service folder as SF sees it: an absolute path.
fn service_dir(svc: &crate::ir::Service) -> String {
    let dir = svc.dir.to_string_lossy().replace('\\', "/");
    let dir = dir.trim_end_matches('/');
    if dir.starts_with('/') {
        dir.to_string()
    } else {
        format!("/{dir}")
    }
}

/// The service's layers that `f` names by `{"Ref": <layer logical id>}` (its own `layers`,
/// else the provider's), in order.
fn local_layers<'s>(
    cx: &'s Ctx,
    f: &'s Function,
) -> impl Iterator<Item = &'s crate::ir::layers::Layer> + 's {
    layers_of(cx, f)
        .iter()
        .filter_map(|l| l.get("Ref")?.as_str())
        .filter_map(|id| Some(layers::referenced(cx, id)?.0))
}

/// The function's `Layers`: its own, else the provider's.
fn layers_of<'s>(cx: &Ctx<'s>, f: &'s Function) -> &'s [Value] {
    if f.layers.is_empty() {
        &cx.svc.provider.layers
    } else {
        &f.layers
    }
}

/// The version of `f` (its id hashes the code, the configuration `config` and the layers of
/// the service it uses), the `QualifiedArn` output, and the alias.
fn compile_version(cx: &mut Ctx, f: &Function, mut config: Value) {
    let mut artifact = hash::artifact(cx.svc, cx.opts, f, || cx.config_digest());
    if let Some(digest) = image_digest(f) {
        artifact.sha256_base64 = digest;
    }
    let layer_configurations: Vec<Value> = layers_of(cx, f)
        .iter()
        .filter_map(|l| l.get("Ref")?.as_str())
        .filter_map(|id| {
            let (layer, properties, code) = layers::referenced(cx, id)?;
            Some(json!({"name": layer.key, "ref": id, "properties": properties, "code": code}))
        })
        .collect();
    if !layer_configurations.is_empty()
        && let Value::Object(m) = &mut config
    {
        m.insert(
            "layerConfigurations".into(),
            Value::Array(layer_configurations),
        );
    }
    let digest = hash::version_digest(&artifact.sha256_base64, &config);
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
    let version = if f.version {
        json!({"Type": "AWS::Lambda::Version", "DeletionPolicy": "Retain", "Properties": vprops})
    } else {
        // a version made only for the alias is not kept when the alias moves on
        json!({"Type": "AWS::Lambda::Version", "Properties": vprops})
    };
    cx.assign_resource(&version_id, version);
    cx.outputs.insert(
        version_output_logical_id(&f.key),
        json!({"Description": "Current Lambda function version", "Value": {"Ref": version_id}}),
    );
    if let Some(alias) = &f.alias {
        cx.assign_resource(
            &alias.logical_id(&f.key),
            alias_resource(f, alias, &version_id),
        );
    }
}

/// The `AWS::Lambda::Alias` of the function's current version.
fn alias_resource(f: &Function, alias: &FunctionAlias, version_id: &str) -> Value {
    let function_id = function_logical_id(&f.key);
    let mut props = Map::new();
    props.insert("FunctionName".into(), json!({"Ref": function_id}));
    props.insert(
        "FunctionVersion".into(),
        json!({"Fn::GetAtt": [version_id, "Version"]}),
    );
    props.insert("Name".into(), json!(alias.name()));
    if let FunctionAlias::ProvisionedConcurrency { executions } = alias {
        props.insert(
            "ProvisionedConcurrencyConfig".into(),
            json!({"ProvisionedConcurrentExecutions": executions}),
        );
    }
    json!({"Type": "AWS::Lambda::Alias", "Properties": props, "DependsOn": function_id})
}

/// What an event invokes (SF `resolve-lambda-target.js`): the function's ARN, or its alias's
/// (`<function arn>:<alias>`) when it has one.
pub(crate) fn lambda_target(key: &str, alias: Option<&FunctionAlias>) -> Value {
    let arn = json!({"Fn::GetAtt": [function_logical_id(key), "Arn"]});
    match alias {
        Some(a) => json!({"Fn::Join": [":", [arn, a.name()]]}),
        None => arn,
    }
}

/// The aliased functions of a service by key, for the event steps that retarget to them.
#[derive(Clone, Default)]
pub(crate) struct Aliases<'a>(std::collections::HashMap<&'a str, &'a FunctionAlias>);

impl<'a> Aliases<'a> {
    pub fn new(svc: &'a crate::ir::Service) -> Self {
        Aliases(
            svc.functions
                .iter()
                .filter_map(|f| Some((f.key.as_str(), f.alias.as_ref()?)))
                .collect(),
        )
    }

    /// The alias of the function `key`, if it has one.
    pub fn of(&self, key: &str) -> Option<&'a FunctionAlias> {
        self.0.get(key).copied()
    }

    /// The function `key` (when there is one) with its alias, if it has one.
    pub fn aliased<'k>(&self, key: Option<&'k str>) -> Option<(&'k str, &'a FunctionAlias)> {
        let key = key?;
        Some((key, self.of(key)?))
    }

    /// [`lambda_target`] of the function `key`.
    pub fn target(&self, key: &str) -> Value {
        lambda_target(key, self.of(key))
    }

    /// The logical id of the function `key`'s alias, or `undefined` (which SF's `DependsOn`
    /// leaves out).
    pub fn depends_on(&self, key: &str) -> Value {
        self.of(key)
            .map_or_else(js::undef, |a| json!(a.logical_id(key)))
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
    if let Some(size) = &f.ephemeral_storage_size {
        props.insert("EphemeralStorage".into(), json!({"Size": size}));
    }
    insert_dead_letter_config(cx, f, &mut props);
    insert_kms_key(cx, f, &mut props);
    insert_tracing(cx, f, &mut props);
    insert_environment(cx, f, &mut props);
    let mut depends_on = Vec::new();
    if !f.disable_logs {
        depends_on.push(json!(log_group_logical_id(&f.key)));
    }
    depends_on.extend(f.depends_on.iter().map(|d| json!(d)));
    compile_role(&mut props, &mut depends_on, custom_execution_role(cx, f));
    insert_vpc_config(cx, f, &mut props);
    insert_file_system_config(cx, f, &mut props);
    insert_reserved_concurrency(f, &mut props);
    insert_layers(cx, f, &mut props);
    let config = version_config(f, &props);
    // set after the version hash is taken, so SF's version ids leave it out
    if f.alias == Some(FunctionAlias::SnapStart) {
        props.insert("SnapStart".into(), json!({"ApplyOn": "PublishedVersions"}));
    }
    (resource(f, props, depends_on), config)
}

/// `Code` (and `PackageType`, or `RuntimeManagementConfig`, `Handler` and `Runtime`): an
/// image, or the artifact's key in the deployment bucket.
fn insert_code(cx: &Ctx, f: &Function, props: &mut Map<String, Value>) {
    if let Some(image) = &f.image {
        props.insert("Code".into(), json!({"ImageUri": image_uri(image)}));
        if let Some(config) = image_config(image) {
            props.insert("ImageConfig".into(), config);
        }
        props.insert("PackageType".into(), json!("Image"));
    } else {
        let svc = cx.svc;
        let artifact = hash::artifact(svc, cx.opts, f, || cx.config_digest());
        props.insert(
            "Code".into(),
            json!({"S3Bucket": core::code_bucket(svc), "S3Key": artifact.s3_key}),
        );
        if let Some(rm) = &f.runtime_management {
            let mut config = Map::new();
            if let Some(on) = rm.update_runtime_on {
                config.insert("UpdateRuntimeOn".into(), json!(on));
            }
            if let Some(arn) = &rm.runtime_version_arn {
                config.insert("RuntimeVersionArn".into(), arn.clone());
            }
            props.insert("RuntimeManagementConfig".into(), Value::Object(config));
        }
        props.insert("Handler".into(), json!(f.handler));
        props.insert("Runtime".into(), json!(f.runtime));
    }
}

/// The image's URI: the string, or the object form's `uri`.
fn image_uri(image: &Value) -> Value {
    match image.get("uri") {
        Some(uri) => uri.clone(),
        None if image.is_object() => js::undef(),
        None => image.clone(),
    }
}

/// `ImageConfig` of the object form: its `command`, `entryPoint` and `workingDirectory`.
fn image_config(image: &Value) -> Option<Value> {
    let mut config = Map::new();
    for (key, property) in [
        ("command", "Command"),
        ("entryPoint", "EntryPoint"),
        ("workingDirectory", "WorkingDirectory"),
    ] {
        if let Some(v) = image.get(key).filter(|v| js::truthy(v)) {
            config.insert(property.into(), v.clone());
        }
    }
    (!config.is_empty()).then_some(Value::Object(config))
}

/// The digest of an image given as `<repository>@sha256:<digest>`: the version's
/// `CodeSha256` (SF asks ECR for the digest of an image given by tag).
fn image_digest(f: &Function) -> Option<String> {
    let uri = image_uri(f.image.as_ref()?);
    let (_, digest) = uri.as_str()?.split_once('@')?;
    Some(digest.strip_prefix("sha256:").unwrap_or(digest).to_string())
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

/// The function's role, else the provider's (`iam.role`, then the older `role`): SF
/// `getCustomExecutionRole`.
pub(crate) fn custom_execution_role<'s>(cx: &Ctx<'s>, f: &'s Function) -> Option<&'s Value> {
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

/// `FileSystemConfigs` (the check requires a VPC, as SF does), and the role's permission to
/// mount the access point.
fn insert_file_system_config(cx: &mut Ctx, f: &Function, props: &mut Map<String, Value>) {
    let Some(fs) = &f.file_system_config else {
        return;
    };
    let field = |k: &str| js::opt(fs.get(k).cloned());
    add_statement(
        cx,
        json!({"Effect": "Allow", "Action": ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"], "Resource": [field("arn")]}),
        false,
    );
    props.insert(
        "FileSystemConfigs".into(),
        json!([{"Arn": field("arn"), "LocalMountPath": field("localMountPath")}]),
    );
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
    // SF sets `DependsOn` only to add something to it
    if !depends_on.is_empty() {
        resource.insert("DependsOn".into(), Value::Array(depends_on));
    }
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

#[cfg(test)]
pub(crate) mod tests {
    use crate::cfn::{ArtifactInfo, CompileOptions, compile};
    use crate::ir::lower::tests::svc;
    use serde_json::{Map, Value, json};

    /// The resources of `yaml`, with one code hash whatever the configuration (the stand-in
    /// hash follows the configuration).
    pub(crate) fn resources_of(yaml: &str) -> Map<String, Value> {
        let opts = CompileOptions {
            artifact: Some(ArtifactInfo {
                s3_key: "k/demo.zip".into(),
                sha256_base64: "c29tZSBjb2Rl".into(),
            }),
            ..CompileOptions::default()
        };
        let t = compile(&svc(yaml), &opts);
        t.resources().cloned().unwrap_or_default()
    }

    fn of_type<'a>(resources: &'a Map<String, Value>, ty: &str) -> Vec<(&'a String, &'a Value)> {
        resources.iter().filter(|(_, r)| r["Type"] == ty).collect()
    }

    #[test]
    fn an_alias_gets_a_version_even_when_versions_are_off_and_keeps_an_intrinsic_count() {
        let resources = resources_of(
            "service: demo\nprovider:\n  name: aws\n  versionFunctions: false\nfunctions:\n  a:\n    handler: h.a\n    provisionedConcurrency: {Ref: Warm}\n  b:\n    handler: h.b\n",
        );
        let versions = of_type(&resources, "AWS::Lambda::Version");
        assert_eq!(versions.len(), 1, "{versions:?}");
        let (version_id, version) = versions[0];
        assert!(version_id.starts_with("ALambdaVersion"));
        assert!(version.get("DeletionPolicy").is_none());
        let alias = &resources["AProvConcLambdaAlias"];
        assert_eq!(
            alias["Properties"]["FunctionVersion"],
            json!({"Fn::GetAtt": [version_id, "Version"]})
        );
        assert_eq!(
            alias["Properties"]["ProvisionedConcurrencyConfig"],
            json!({"ProvisionedConcurrentExecutions": {"Ref": "Warm"}})
        );
        assert_eq!(alias["DependsOn"], "ALambdaFunction");
    }

    #[test]
    fn snap_start_sets_the_function_and_leaves_the_version_id_alone() {
        let base = "service: demo\nprovider:\n  name: aws\n  runtime: java21\nfunctions:\n  r:\n    handler: example.R::handle\n";
        let plain = resources_of(base);
        let snap = resources_of(&format!("{base}    snapStart: true\n"));
        let version_ids = |r: &Map<String, Value>| -> Vec<String> {
            of_type(r, "AWS::Lambda::Version")
                .into_iter()
                .map(|(k, _)| k.clone())
                .collect()
        };
        assert_eq!(version_ids(&plain), version_ids(&snap));
        assert_eq!(
            snap["RLambdaFunction"]["Properties"]["SnapStart"],
            json!({"ApplyOn": "PublishedVersions"})
        );
        assert_eq!(
            snap["RSnapStartLambdaAlias"]["Properties"]["Name"],
            "snapstart"
        );
        assert!(
            snap["RSnapStartLambdaAlias"]["Properties"]
                .get("ProvisionedConcurrencyConfig")
                .is_none()
        );
    }

    #[test]
    fn zero_provisioned_concurrency_makes_no_alias() {
        let resources = resources_of(
            "service: demo\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: h.a\n    provisionedConcurrency: 0\n",
        );
        assert!(of_type(&resources, "AWS::Lambda::Alias").is_empty());
    }
}
