//! Shared definitions of the `serverless.yml` schema: CloudFormation intrinsics, ARNs, tags,
//! environment, Lambda settings (runtime, memory, timeout, ...) and IAM statements, named as
//! Serverless Framework v3 names them (`awsCfInstruction`, `awsArn`, ...).
//!
//! Each is a transparent newtype over the value with a hand-written [`JsonSchema`], so the
//! generated schema carries SF v3's exact constraints (patterns, ranges, `anyOf` of intrinsics).
//!
//! Patterns spell ASCII classes out (`[0-9]`, not `\d`): JSON Schema patterns are ECMA-262
//! regexes, where `\d` and `\w` are ASCII, while Rust's regex crate reads them as Unicode classes;
//! a bounded repetition of one (`{1,128}`) then compiles to an automaton a hundred times larger.

use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{Value, json};

/// Defines a transparent newtype with a hand-written schema, stored under `$defs/<id>`. Its doc
/// comment becomes the schema's `description` when the body gives none (editors show it).
macro_rules! def {
    ($(#[doc = $doc:literal])* $name:ident($inner:ty) = $id:literal, |$g:ident| $body:expr) => {
        $crate::config::defs::def!(@impl [$(#[doc = $doc])*] [$($doc),*] $name($inner) = $id, |$g| $body);
    };
    ($(#[$m:meta])* $name:ident($inner:ty) = $id:literal, |$g:ident| $body:expr) => {
        $crate::config::defs::def!(@impl [$(#[$m])*] [] $name($inner) = $id, |$g| $body);
    };
    (@impl [$(#[$m:meta])*] [$($doc:literal),*] $name:ident($inner:ty) = $id:literal, |$g:ident| $body:expr) => {
        $(#[$m])*
        #[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub $inner);
        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                $id.into()
            }
            #[allow(unused_variables)]
            fn json_schema($g: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                let mut v: ::serde_json::Value = $body;
                $crate::config::defs::describe(&mut v, &[$($doc),*]);
                ::schemars::Schema::try_from(v).unwrap_or_else(|_| ::schemars::json_schema!(true))
            }
        }
    };
}
pub(crate) use def;

/// Sets `description` from doc comment lines (as `///` gives them: one leading space), unless
/// the schema has one.
pub fn describe(schema: &mut Value, doc: &[&str]) {
    if doc.is_empty() {
        return;
    }
    if let Value::Object(m) = schema
        && !m.contains_key("description")
    {
        let lines: Vec<&str> = doc
            .iter()
            .map(|l| l.strip_prefix(' ').unwrap_or(l).trim_end())
            .collect();
        m.insert("description".into(), Value::from(lines.join("\n").trim()));
    }
}

/// Marker the validator reads back: the values a case-insensitive pattern stands for.
pub const CI_ENUM: &str = "x-enum-ignore-case";

/// A string matching one of `values` in any letter case (SF's `caseInsensitive` regexp).
pub fn ci_enum(values: &[&str]) -> Value {
    let alts: Vec<String> = values.iter().map(|v| regex_escape(v)).collect();
    json!({
        "type": "string",
        "pattern": format!("^(?i:{})$", alts.join("|")),
        CI_ENUM: values,
    })
}

fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Subschema reference for `T` as a JSON value.
pub fn sub<T: JsonSchema>(g: &mut SchemaGenerator) -> Value {
    g.subschema_for::<T>().to_value()
}

def!(
    /// Any object: a CloudFormation intrinsic function (`{Ref}`, `{Fn::GetAtt}`, `{Fn::Join}`,
    /// `{Fn::Sub}`, `{Fn::ImportValue}`, ...). SF v3's `awsCfFunction` includes `Fn::Base64`
    /// without `additionalProperties: false`, so in effect it admits every object.
    CfFunction(Value) = "awsCfFunction",
    |g| json!({"type": "object", "description": "a CloudFormation intrinsic function such as {Ref: ...} or {Fn::GetAtt: [...]}"})
);

def!(
    /// A non-empty string or an intrinsic function.
    CfInstruction(Value) = "awsCfInstruction",
    |g| json!({"anyOf": [{"type": "string", "minLength": 1}, sub::<CfFunction>(g)]})
);

def!(
    /// `{"Fn::GetAtt": [resource, attribute]}`.
    CfGetAtt(Value) = "awsCfGetAtt",
    |g| json!({
        "type": "object",
        "properties": {"Fn::GetAtt": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "string", "minLength": 1}}},
        "required": ["Fn::GetAtt"],
        "additionalProperties": false
    })
);

def!(
    /// `{"Fn::Sub": ...}`.
    CfSub(Value) = "awsCfSub",
    |g| json!({"type": "object", "properties": {"Fn::Sub": true}, "required": ["Fn::Sub"], "additionalProperties": false})
);

def!(
    /// `{"Fn::ImportValue": ...}`.
    CfImport(Value) = "awsCfImport",
    |g| json!({"type": "object", "properties": {"Fn::ImportValue": true}, "required": ["Fn::ImportValue"], "additionalProperties": false})
);

def!(
    /// `{"Fn::If": [condition, then, else]}`.
    CfIf(Value) = "awsCfIf",
    |g| json!({
        "type": "object",
        "properties": {"Fn::If": {"type": "array", "minItems": 3, "maxItems": 3, "items": sub::<CfInstruction>(g)}},
        "required": ["Fn::If"],
        "additionalProperties": false
    })
);

def!(
    /// `{"Fn::Select": [index, list]}`.
    CfSelect(Value) = "awsCfSelect",
    |g| json!({
        "type": "object",
        "properties": {"Fn::Select": {"type": "array", "minItems": 2, "maxItems": 2}},
        "required": ["Fn::Select"],
        "additionalProperties": false
    })
);

def!(
    /// An ARN string (`arn:...`) or an intrinsic function.
    AwsArn(Value) = "awsArn",
    |g| json!({"anyOf": [sub::<ArnString>(g), sub::<CfFunction>(g)]})
);

def!(
    /// A literal ARN string.
    ArnString(String) = "awsArnString",
    |g| json!({"type": "string", "pattern": "^arn:"})
);

def!(
    /// A KMS key ARN or an intrinsic function.
    KmsArn(Value) = "awsKmsArn",
    |g| json!({"anyOf": [sub::<CfFunction>(g), {"type": "string", "pattern": "^arn:aws[a-z-]*:kms"}]})
);

def!(
    /// A Lambda execution role: name, ARN, `Fn::Sub`, `Fn::ImportValue` or `Fn::GetAtt`.
    LambdaRole(Value) = "awsLambdaRole",
    |g| json!({"anyOf": [{"type": "string", "minLength": 1}, sub::<CfSub>(g), sub::<CfImport>(g), sub::<CfGetAtt>(g)]})
);

def!(
    /// Lambda runtime identifiers SF v3.40 accepts.
    Runtime(String) = "awsLambdaRuntime",
    |g| json!({"enum": [
        "dotnet6", "go1.x", "java21", "java17", "java11", "java8", "java8.al2",
        "nodejs14.x", "nodejs16.x", "nodejs18.x", "nodejs20.x",
        "provided", "provided.al2", "provided.al2023",
        "python3.7", "python3.8", "python3.9", "python3.10", "python3.11",
        "ruby2.7", "ruby3.2"
    ]})
);

def!(
    /// `arm64` or `x86_64`.
    Architecture(String) = "awsLambdaArchitecture",
    |g| json!({"enum": ["arm64", "x86_64"]})
);

def!(
    /// Lambda memory in MB (128..10240).
    MemorySize(i64) = "awsLambdaMemorySize",
    |g| json!({"type": "integer", "minimum": 128, "maximum": 10240})
);

def!(
    /// Lambda timeout in seconds (1..900).
    Timeout(i64) = "awsLambdaTimeout",
    |g| json!({"type": "integer", "minimum": 1, "maximum": 900})
);

def!(
    /// `Active`, `PassThrough` or a boolean.
    Tracing(Value) = "awsLambdaTracing",
    |g| json!({"anyOf": [{"enum": ["Active", "PassThrough"]}, {"type": "boolean"}]})
);

def!(
    /// CloudWatch Logs retention in days (the values AWS accepts).
    LogRetention(i64) = "awsLogRetentionInDays",
    |g| json!({"type": "number", "enum": [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 2192, 2557, 2922, 3288, 3653]})
);

def!(
    /// Environment variables: names `^[A-Za-z_][a-zA-Z0-9_]*$`, values strings or intrinsics.
    Environment(indexmap::IndexMap<String, Value>) = "awsLambdaEnvironment",
    |g| json!({
        "type": "object",
        "patternProperties": {"^[A-Za-z_][a-zA-Z0-9_]*$": {"anyOf": [
            {"const": ""}, sub::<CfInstruction>(g), sub::<CfIf>(g), sub::<CfSelect>(g)
        ]}},
        "additionalProperties": false
    })
);

def!(
    /// Resource tags: keys not starting with `aws:`, values strings up to 256 characters.
    Tags(indexmap::IndexMap<String, Value>) = "awsResourceTags",
    |g| json!({
        "type": "object",
        "patternProperties": {"^(?!aws:)[0-9A-Za-z_./=+:\\-\\x20]{1,128}$": {"type": "string", "maxLength": 256}},
        "additionalProperties": false
    })
);

def!(
    /// Lambda VPC settings: security groups and subnets.
    Vpc(Value) = "awsLambdaVpcConfig",
    |g| {
        let list = |max: u32, g: &mut SchemaGenerator| json!({"anyOf": [
            {"type": "array", "maxItems": max, "items": {"anyOf": [sub::<CfInstruction>(g), sub::<CfIf>(g)]}},
            sub::<CfFunction>(g)
        ]});
        json!({
            "type": "object",
            "properties": {"securityGroupIds": list(5, g), "subnetIds": list(16, g)},
            "required": ["securityGroupIds", "subnetIds"],
            "additionalProperties": false
        })
    }
);

def!(
    /// IAM policy statements (`Effect`, `Action`/`NotAction`, `Resource`/`NotResource`, ...).
    IamStatements(Value) = "awsIamPolicyStatements",
    |g| {
        let resource = json!({"anyOf": [
            {"const": "*"}, sub::<AwsArn>(g), sub::<LogicalResourceId>(g),
            {"type": "array", "items": {"anyOf": [{"const": "*"}, sub::<AwsArn>(g), sub::<LogicalResourceId>(g)]}}
        ]});
        statements(g, resource)
    }
);

def!(
    /// API Gateway resource policy statements (resources may be `execute-api:/...`).
    ResourcePolicyStatements(Value) = "awsResourcePolicyStatements",
    |g| {
        let one = json!({"anyOf": [{"const": "*"}, sub::<AwsArn>(g), {"type": "string", "pattern": "^execute-api:/"}]});
        let resource = json!({"anyOf": [one.clone(), {"type": "array", "items": one}]});
        statements(g, resource)
    }
);

def!(
    /// A logical resource id or IAM resource pattern.
    LogicalResourceId(String) = "awsLogicalResourceId",
    |g| json!({"type": "string", "pattern": "^[#A-Za-z0-9-_./]+[*]?$"})
);

fn statements(g: &mut SchemaGenerator, resource: Value) -> Value {
    let action = json!({"type": "array", "items": {"type": "string"}});
    let principal = json!({"anyOf": [
        {"const": "*"},
        {
            "type": "object",
            "properties": {
                "AWS": {"anyOf": [{"const": "*"}, sub::<CfIf>(g), {"type": "array", "items": {"anyOf": [
                    {"type": "string", "pattern": "^[0-9]{12}$"}, sub::<AwsArn>(g)
                ]}}]},
                "Federated": {"type": "array", "items": {"type": "string"}},
                "Service": {"type": "array", "items": {"type": "string"}},
                "CanonicalUser": {"type": "array", "items": {"type": "string"}}
            },
            "additionalProperties": false
        }
    ]});
    json!({
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "Sid": {"type": "string"},
                "Effect": {"enum": ["Allow", "Deny"]},
                "Action": action.clone(),
                "NotAction": action,
                "Principal": principal.clone(),
                "NotPrincipal": principal,
                "Resource": resource.clone(),
                "NotResource": resource,
                "Condition": {"type": "object"}
            },
            "additionalProperties": false,
            "allOf": [
                {"required": ["Effect"]},
                {"oneOf": [{"required": ["Action"]}, {"required": ["NotAction"]}]},
                {"oneOf": [{"required": ["Resource"]}, {"required": ["NotResource"]}]}
            ]
        }
    })
}

def!(
    /// Any mapping (settings slsc accepts without checking their contents).
    AnyObject(serde_json::Map<String, Value>) = "anyObject",
    |g| json!({"type": "object"})
);

def!(
    /// A CloudFormation condition name.
    ResourceCondition(String) = "awsResourceCondition",
    |g| json!({"type": "string"})
);

def!(
    /// Logical ids a resource depends on.
    ResourceDependsOn(Vec<String>) = "awsResourceDependsOn",
    |g| json!({"type": "array", "items": {"type": "string"}})
);

def!(
    /// An integer (with a lower bound) or an intrinsic function, as SF's `cfValue`.
    NonNegativeIntOrCf(Value) = "nonNegativeIntegerOrCf",
    |g| json!({"anyOf": [{"type": "integer", "minimum": 0}, sub::<CfFunction>(g), sub::<CfIf>(g)]})
);

def!(
    /// An S3 bucket name.
    S3BucketName(String) = "awsS3BucketName",
    |g| json!({
        "type": "string",
        "pattern": "(?!^([0-9]{1,3}\\.){3}[0-9]{1,3}$)(^(([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])$)",
        "minLength": 3,
        "maxLength": 63
    })
);

def!(
    /// A CloudWatch Logs data protection policy.
    LogDataProtectionPolicy(Value) = "awsLogDataProtectionPolicy",
    |g| json!({
        "type": "object",
        "properties": {"Name": {"type": "string"}, "Description": {"type": "string"}, "Version": {"type": "string"}, "Statement": {"type": "array"}},
        "required": ["Name", "Version", "Statement"],
        "additionalProperties": false
    })
);

def!(
    /// A list of strings (globs, names).
    StringList(Vec<String>) = "stringList",
    |g| json!({"type": "array", "items": {"type": "string"}})
);
