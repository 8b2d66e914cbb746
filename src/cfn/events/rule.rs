//! What the EventBridge rules of `schedule` and `cloudwatchEvent` events share (SF v3 builds
//! both from the same template text): the resource around the properties, depending on the
//! function's alias when it has one, and the Lambda permission letting the rule invoke it.

use crate::cfn::functions::Aliases;
use crate::cfn::value::get_att;
use serde_json::{Map, Value};

/// `{Type, DependsOn: <alias> (when the function has one), Properties}`.
pub(super) fn with_alias(
    ty: &str,
    aliases: &Aliases,
    key: &str,
    props: Map<String, Value>,
) -> Value {
    let mut r = Map::new();
    r.insert("Type".into(), ty.into());
    if let Some(alias) = aliases.of(key) {
        r.insert("DependsOn".into(), alias.logical_id(key).into());
    }
    r.insert("Properties".into(), Value::Object(props));
    Value::Object(r)
}

/// The permission letting the rule `rule_id` invoke the function `key` (or its alias).
pub(super) fn permission(aliases: &Aliases, key: &str, rule_id: &str) -> Value {
    let mut props = Map::new();
    props.insert("FunctionName".into(), aliases.target(key));
    props.insert("Action".into(), "lambda:InvokeFunction".into());
    props.insert("Principal".into(), "events.amazonaws.com".into());
    props.insert("SourceArn".into(), get_att(rule_id, "Arn"));
    with_alias("AWS::Lambda::Permission", aliases, key, props)
}

/// A rule's or schedule's `State`.
pub(super) fn state(enabled: bool) -> Value {
    if enabled { "ENABLED" } else { "DISABLED" }.into()
}

/// The rule's one target: the settings given (`Input`, `InputPath`, `InputTransformer`),
/// then the function (or its alias) and the target's id.
pub(super) fn target(
    aliases: &Aliases,
    key: &str,
    input: Option<&str>,
    input_path: Option<&str>,
    input_transformer: Option<&Value>,
    id: &str,
) -> Value {
    let mut target = Map::new();
    if let Some(input) = input {
        target.insert("Input".into(), input.into());
    }
    if let Some(path) = input_path {
        target.insert("InputPath".into(), path.into());
    }
    if let Some(transformer) = input_transformer {
        target.insert("InputTransformer".into(), transformer.clone());
    }
    target.insert("Arn".into(), aliases.target(key));
    target.insert("Id".into(), id.into());
    Value::Array(vec![Value::Object(target)])
}
