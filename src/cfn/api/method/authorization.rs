//! The authorization part of a method (SF v3 `lib/method/authorization.js`).

use crate::ir::naming::authorizer_logical_id;
use crate::ir::{AuthorizerKind, HttpEndpoint};
use serde_json::{Map, Value, json};

pub fn part(e: &HttpEndpoint) -> Value {
    let Some(a) = &e.authorizer else {
        return json!({"Properties": {"AuthorizationType": "NONE"}});
    };
    if a.kind == AuthorizerKind::AwsIam {
        return json!({"Properties": {"AuthorizationType": "AWS_IAM"}});
    }
    let cognito = a.kind == AuthorizerKind::CognitoUserPools;
    let mut props = Map::new();
    let mut part = Map::new();
    if let Some(id) = &a.authorizer_id {
        let kind = match a.kind {
            AuthorizerKind::Token | AuthorizerKind::Request => "CUSTOM",
            other => other.cfn_type(),
        };
        props.insert("AuthorizationType".into(), json!(kind));
        props.insert("AuthorizerId".into(), id.clone());
    } else {
        let logical_id = authorizer_logical_id(&a.name);
        props.insert(
            "AuthorizationType".into(),
            json!(if cognito {
                "COGNITO_USER_POOLS"
            } else {
                "CUSTOM"
            }),
        );
        props.insert("AuthorizerId".into(), json!({"Ref": logical_id}));
        part.insert("DependsOn".into(), json!([logical_id]));
    }
    if cognito && !a.scopes.is_empty() {
        props.insert("AuthorizationScopes".into(), json!(a.scopes));
    }
    part.insert("Properties".into(), Value::Object(props));
    // SF lists Properties before DependsOn.
    let mut ordered = Map::new();
    for k in ["Properties", "DependsOn"] {
        if let Some(v) = part.remove(k) {
            ordered.insert(k.into(), v);
        }
    }
    Value::Object(ordered)
}
