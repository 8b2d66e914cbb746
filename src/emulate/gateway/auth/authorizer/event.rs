//! The events a Lambda authorizer receives: TOKEN `{type, authorizationToken, methodArn}`;
//! REQUEST `{type, methodArn, resource, path, httpMethod, headers, multiValueHeaders,
//! queryStringParameters, multiValueQueryStringParameters, pathParameters, stageVariables,
//! requestContext}`, the request parts built as the proxy event builds them (no body).

use crate::emulate::gateway::proxy_event::{self, EventContext};
use crate::emulate::gateway::request::Incoming;
use serde_json::{Map, Value, json};

pub fn token(token: &str, method_arn: &str) -> Value {
    json!({"type": "TOKEN", "authorizationToken": token, "methodArn": method_arn})
}

pub fn request(req: &Incoming, cx: &EventContext, method_arn: &str) -> Value {
    let mut proxy = proxy_event::build(req, cx);
    let mut out = Map::new();
    out.insert("type".into(), "REQUEST".into());
    out.insert("methodArn".into(), method_arn.into());
    for key in [
        "resource",
        "path",
        "httpMethod",
        "headers",
        "multiValueHeaders",
        "queryStringParameters",
        "multiValueQueryStringParameters",
        "pathParameters",
        "stageVariables",
        "requestContext",
    ] {
        let v = proxy.get_mut(key).map(Value::take).unwrap_or(Value::Null);
        out.insert(key.into(), v);
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use std::time::SystemTime;

    #[test]
    fn events_have_aws_fields_in_order() {
        let t = token("Bearer x", "arn:m");
        assert_eq!(
            t.to_string(),
            r#"{"type":"TOKEN","authorizationToken":"Bearer x","methodArn":"arn:m"}"#
        );
        let req = Incoming {
            method: "POST".into(),
            raw_path: "/dev/a/1".into(),
            path: "/a/1".into(),
            raw_query: "q=1".into(),
            query: vec![("q".into(), "1".into())],
            headers: vec![("X-Sig".into(), "s".into())],
            body: Bytes::from_static(b"{}"),
            source_ip: "127.0.0.1".into(),
            local_port: 3000,
            request_id: "r".into(),
            time: SystemTime::now(),
        };
        let params = vec![("id".to_string(), "1".to_string())];
        let cx = EventContext {
            stage: "dev",
            resource_path: "/a/{id}",
            path_params: &params,
            api_id: "api",
            account_id: "1",
            resource_id: "res".into(),
            binary_media_types: &[],
            operation_name: None,
            api_key: None,
            api_key_id: None,
            authorizer: None,
        };
        let e = request(&req, &cx, "arn:m");
        let keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "type",
                "methodArn",
                "resource",
                "path",
                "httpMethod",
                "headers",
                "multiValueHeaders",
                "queryStringParameters",
                "multiValueQueryStringParameters",
                "pathParameters",
                "stageVariables",
                "requestContext"
            ]
        );
        assert_eq!(e["headers"]["X-Sig"], "s");
        assert_eq!(e["pathParameters"]["id"], "1");
        assert_eq!(e["requestContext"]["resourcePath"], "/a/{id}");
        assert!(e.get("body").is_none());
    }
}
