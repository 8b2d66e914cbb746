//! Building template values without `json!`'s detour: `json!` turns every interpolated
//! expression into a `Value` by serializing it (`to_value`), which for an embedded `Value` is a
//! slow deep rebuild. These helpers move or clone values in, and size objects exactly.

use serde_json::{Map, Value};

/// An object with `entries` in order (a later duplicate key replaces an earlier one's value).
pub fn obj<const N: usize>(entries: [(&str, Value); N]) -> Value {
    let mut m = Map::with_capacity(N);
    for (k, v) in entries {
        m.insert(k.to_owned(), v);
    }
    Value::Object(m)
}

/// `{"Ref": id}`.
pub fn reference(id: impl Into<String>) -> Value {
    obj([("Ref", Value::String(id.into()))])
}

/// `{"Fn::GetAtt": [id, attribute]}`.
pub fn get_att(id: impl Into<String>, attribute: &str) -> Value {
    obj([(
        "Fn::GetAtt",
        Value::Array(vec![Value::String(id.into()), attribute.into()]),
    )])
}

/// `{"Fn::Join": [separator, parts]}`.
pub fn join(separator: &str, parts: Vec<Value>) -> Value {
    obj([(
        "Fn::Join",
        Value::Array(vec![separator.into(), Value::Array(parts)]),
    )])
}

/// `arn:<partition>:execute-api:<region>:<account>:<api id><scope>`: the calls an API may make,
/// `scope` being `/*/*` for a REST API (any stage, any method) or `/*` for an HTTP API (any
/// route).
pub fn execute_api_arn(api_id: &Value, scope: &str) -> Value {
    join(
        "",
        vec![
            "arn:".into(),
            reference("AWS::Partition"),
            ":execute-api:".into(),
            reference("AWS::Region"),
            ":".into(),
            reference("AWS::AccountId"),
            ":".into(),
            api_id.clone(),
            scope.into(),
        ],
    )
}

/// The `AWS::Lambda::Permission` letting API Gateway invoke `function` for calls matching
/// `source_arn`.
pub fn api_gateway_invoke_permission(function: Value, source_arn: Value) -> Value {
    obj([
        ("Type", "AWS::Lambda::Permission".into()),
        (
            "Properties",
            obj([
                ("FunctionName", function),
                ("Action", "lambda:InvokeFunction".into()),
                ("Principal", "apigateway.amazonaws.com".into()),
                ("SourceArn", source_arn),
            ]),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn helpers_equal_their_json_forms() {
        let cases = [
            (
                obj([("b", json!(1)), ("a", json!([2]))]),
                json!({"b": 1, "a": [2]}),
            ),
            (reference("X"), json!({"Ref": "X"})),
            (get_att("F", "Arn"), json!({"Fn::GetAtt": ["F", "Arn"]})),
            (
                join("", vec![json!("a"), json!({"Ref": "B"})]),
                json!({"Fn::Join": ["", ["a", {"Ref": "B"}]]}),
            ),
        ];
        for (got, want) in cases {
            assert_eq!(
                serde_json::to_string(&got).unwrap(),
                serde_json::to_string(&want).unwrap()
            );
        }
    }
}
