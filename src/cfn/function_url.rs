//! A function's URL (SF v3 `compileFunctionUrl`): the `AWS::Lambda::Url`, the
//! `<Fn>LambdaFunctionUrl` output, and, without IAM auth, the permission letting anyone call
//! it. The target is the function, or its alias when it has one (with `DependsOn` it).

use super::Ctx;
use super::functions::lambda_target;
use super::js;
use super::value::{get_att, obj};
use crate::ir::Function;
use crate::ir::function_url::UrlCors;
use crate::ir::naming::{function_url_logical_id, function_url_permission_logical_id};
use serde_json::{Map, Value, json};

pub fn compile(cx: &mut Ctx, f: &Function) {
    let Some(url) = &f.url else {
        return;
    };
    let target = lambda_target(&f.key, f.alias.as_ref());
    let depends_on = js::opt(f.alias.as_ref().map(|a| a.logical_id(&f.key)));
    let auth_type = if url.aws_iam { "AWS_IAM" } else { "NONE" };
    let mut props = Map::new();
    props.insert("AuthType".into(), json!(auth_type));
    props.insert("TargetFunctionArn".into(), target.clone());
    if let Some(cors) = &url.cors {
        props.insert("Cors".into(), cors_properties(cors));
    }
    if url.response_stream {
        props.insert("InvokeMode".into(), json!("RESPONSE_STREAM"));
    }
    let id = function_url_logical_id(&f.key);
    cx.assign_resource(
        &id,
        obj([
            ("Type", json!("AWS::Lambda::Url")),
            ("Properties", Value::Object(props)),
            ("DependsOn", depends_on.clone()),
        ]),
    );
    cx.outputs.insert(
        function_url_logical_id(&f.key),
        obj([
            ("Description", json!("Lambda Function URL")),
            ("Value", get_att(id, "FunctionUrl")),
        ]),
    );
    if !url.aws_iam {
        cx.assign_resource(
            &function_url_permission_logical_id(&f.key),
            obj([
                ("Type", json!("AWS::Lambda::Permission")),
                (
                    "Properties",
                    obj([
                        ("FunctionName", target),
                        ("Action", json!("lambda:InvokeFunctionUrl")),
                        ("Principal", json!("*")),
                        ("FunctionUrlAuthType", json!(auth_type)),
                    ]),
                ),
                ("DependsOn", depends_on),
            ]),
        );
    }
}

/// `Cors`, each key present (SF writes `undefined` for what is not set, which the template
/// then leaves out).
fn cors_properties(cors: &UrlCors) -> Value {
    let list = |l: &Option<Vec<Value>>| js::opt(l.clone().map(Value::Array));
    obj([
        (
            "AllowCredentials",
            js::opt(cors.allow_credentials.then_some(true)),
        ),
        ("AllowHeaders", list(&cors.allowed_headers)),
        ("AllowMethods", list(&cors.allowed_methods)),
        ("AllowOrigins", list(&cors.allowed_origins)),
        ("ExposeHeaders", list(&cors.exposed_response_headers)),
        ("MaxAge", js::opt(cors.max_age.clone())),
    ])
}
