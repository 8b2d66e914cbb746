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
    for key in proxy_event::REQUEST_MEMBERS {
        let v = proxy.get_mut(key).map(Value::take).unwrap_or(Value::Null);
        out.insert(key.into(), v);
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulate::test_support::incoming;
    use bytes::Bytes;

    #[test]
    fn events_have_aws_fields_in_order() {
        let t = token("Bearer x", "arn:m");
        assert_eq!(
            t.to_string(),
            r#"{"type":"TOKEN","authorizationToken":"Bearer x","methodArn":"arn:m"}"#
        );
        let req = Incoming {
            body: Bytes::from_static(b"{}"),
            ..incoming("POST", "/dev/a/1?q=1", &[("X-Sig", "s")])
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
        // the REQUEST authorizer event's members in API Gateway's order, written out
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
                "requestContext",
            ]
        );
        assert_eq!(e["headers"]["X-Sig"], "s");
        assert_eq!(e["pathParameters"]["id"], "1");
        assert_eq!(e["requestContext"]["resourcePath"], "/a/{id}");
        assert!(e.get("body").is_none());
    }
}
