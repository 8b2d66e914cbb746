//! IR values built by hand (until lowering exists), with SF v3's defaults.

use crate::ir::*;
use crate::source::Span;
use indexmap::IndexMap;
use serde_json::Value;
use std::path::PathBuf;

pub fn span() -> Span {
    Span::default()
}

pub fn service(name: &str, stage: &str, region: &str, runtime: &str) -> Service {
    Service {
        name: name.into(),
        stage: stage.into(),
        region: region.into(),
        dir: PathBuf::new(),
        provider: Provider {
            runtime: runtime.into(),
            memory_size: 1024,
            timeout: 6,
            environment: IndexMap::new(),
            iam: Iam::default(),
            deployment_bucket: None,
            deployment_prefix: None,
            stack_name: None,
            tags: IndexMap::new(),
            stack_tags: IndexMap::new(),
            vpc: None,
            layers: Vec::new(),
            version_functions: true,
            log_retention_in_days: None,
            architecture: None,
            tracing_lambda: None,
            kms_key_arn: None,
            stack_policy: None,
            rollback_configuration: None,
            notification_arns: Vec::new(),
            role: None,
            ignored: Vec::new(),
        },
        functions: Vec::new(),
        endpoints: Vec::new(),
        api: RestApi::default(),
        resources: None,
        unsupported_events: Vec::new(),
    }
}

/// A function with the service's defaults.
pub fn function(svc: &Service, key: &str, handler: &str) -> Function {
    Function {
        key: key.into(),
        name: format!("{}-{}-{key}", svc.name, svc.stage),
        handler: Some(handler.into()),
        image: None,
        runtime: svc.provider.runtime.clone(),
        memory_size: svc.provider.memory_size,
        timeout: svc.provider.timeout,
        description: None,
        environment: svc.provider.environment.clone(),
        layers: Vec::new(),
        vpc: None,
        tags: IndexMap::new(),
        reserved_concurrency: None,
        provisioned_concurrency: None,
        role: None,
        architecture: None,
        kms_key_arn: None,
        tracing: None,
        dead_letter_target_arn: None,
        condition: None,
        depends_on: Vec::new(),
        package: FunctionPackage::default(),
        version: svc.provider.version_functions,
        log_retention_in_days: None,
        span: span(),
    }
}

/// A lambda-proxy endpoint.
pub fn endpoint(function: &str, method: &str, path: &str) -> HttpEndpoint {
    HttpEndpoint {
        function: function.into(),
        path: path.into(),
        method: method.to_uppercase(),
        integration: Integration::AwsProxy,
        is_async: false,
        private: false,
        operation_id: None,
        cors: None,
        authorizer: None,
        request: Request::default(),
        response: None,
        span: span(),
    }
}

/// `cors: true` for `method`.
pub fn default_cors(method: &str) -> Cors {
    Cors {
        origins: vec!["*".into()],
        origin: Some("*".into()),
        written_origins: Vec::new(),
        headers: [
            "Content-Type",
            "X-Amz-Date",
            "Authorization",
            "X-Api-Key",
            "X-Amz-Security-Token",
            "X-Amz-User-Agent",
            "X-Amzn-Trace-Id",
        ]
        .map(String::from)
        .to_vec(),
        methods: vec!["OPTIONS".into(), method.to_uppercase()],
        allow_credentials: false,
        max_age: None,
        cache_control: None,
    }
}

pub fn status(code: &str, pattern: &str) -> StatusCode {
    StatusCode {
        code: code.into(),
        pattern: pattern.into(),
        templates: IndexMap::new(),
        headers: IndexMap::new(),
    }
}

/// SF v3's default status codes of `integration: lambda`.
pub fn default_status_codes() -> Vec<StatusCode> {
    [
        ("200", ""),
        ("400", r"[\s\S]*\[400\][\s\S]*"),
        ("401", r"[\s\S]*\[401\][\s\S]*"),
        ("403", r"[\s\S]*\[403\][\s\S]*"),
        ("404", r"[\s\S]*\[404\][\s\S]*"),
        ("422", r"[\s\S]*\[422\][\s\S]*"),
        (
            "500",
            r"[\s\S]*(Process\s?exited\s?before\s?completing\s?request|\[500\])[\s\S]*",
        ),
        ("502", r"[\s\S]*\[502\][\s\S]*"),
        (
            "504",
            r"([\s\S]*\[504\][\s\S]*)|(.*Task timed out after \d+\.\d+ seconds$)",
        ),
    ]
    .iter()
    .map(|(c, p)| status(c, p))
    .collect()
}

pub fn param(required: bool) -> Parameter {
    Parameter {
        required,
        mapped_value: None,
    }
}

pub fn lambda_authorizer(function_key: &str) -> Authorizer {
    Authorizer {
        name: function_key.into(),
        kind: AuthorizerKind::Token,
        arn: Some(
            serde_json::json!({"Fn::GetAtt": [crate::cfn::naming::function_logical_id(function_key), "Arn"]}),
        ),
        function: Some(function_key.into()),
        result_ttl_in_seconds: None,
        identity_source: Some("method.request.header.Authorization".into()),
        identity_validation_expression: None,
        claims: Vec::new(),
        scopes: Vec::new(),
        authorizer_id: None,
        managed_externally: false,
        span: span(),
    }
}

pub fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap()
}

/// A block of a fixture's `serverless.yml` as JSON, with the given `${...}` variables replaced
/// textually (variable resolution is another module's job).
pub fn yaml_block(fixture: &str, pointer: &str, vars: &[(&str, &str)]) -> Value {
    let path = super::fixtures::fixtures_dir()
        .join(fixture)
        .join("serverless.yml");
    let mut sources = crate::source::SourceMap::default();
    let loaded = crate::load::load_file(&path, &mut sources).unwrap();
    let mut text = loaded.root.pointer(pointer).unwrap().to_json().to_string();
    for (var, value) in vars {
        text = text.replace(var, value);
    }
    serde_json::from_str(&text).unwrap()
}

/// IAM statements as SF v3's schema validation leaves them: a string `Action` becomes a
/// one-element list (ajv `coerceTypes: "array"`).
pub fn coerced_statements(statements: Value) -> Vec<Value> {
    let mut list: Vec<Value> = serde_json::from_value(statements).unwrap();
    for s in &mut list {
        if let Some(a) = s.get_mut("Action").filter(|a| a.is_string()) {
            *a = Value::Array(vec![a.clone()]);
        }
    }
    list
}
