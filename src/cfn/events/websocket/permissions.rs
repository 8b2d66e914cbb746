//! The permissions letting API Gateway invoke each route's function and authorizer (SF
//! `websockets/lib/permissions.js`): `<Fn>LambdaPermissionWebsockets`, merged per function
//! (an authorizer function's permission merges with its own routes', lists index by index).

use super::api_ref;
use crate::cfn::Ctx;
use crate::cfn::functions::Aliases;
use crate::cfn::value::obj;
use crate::ir::events::websocket::AuthorizerTarget;
use crate::ir::naming::{function_logical_id, websockets_permission_logical_id};
use serde_json::{Map, Value, json};

pub(super) fn compile(cx: &mut Ctx, api_id: &Value, aliases: &Aliases) {
    let svc = cx.svc;
    let api = api_ref(api_id).map(|r| json!(r));
    for route in &svc.events.websockets.routes {
        let function = route.origin.function.as_str();
        let mut depends_on: Vec<Value> = api.iter().cloned().collect();
        depends_on.push(match aliases.of(function) {
            Some(alias) => json!(alias.logical_id(function)),
            None => json!(function_logical_id(function)),
        });
        cx.merge_resource(
            &websockets_permission_logical_id(function),
            obj([
                ("Type", json!("AWS::Lambda::Permission")),
                ("DependsOn", Value::Array(depends_on)),
                (
                    "Properties",
                    obj([
                        ("FunctionName", aliases.target(function)),
                        ("Action", json!("lambda:InvokeFunction")),
                        ("Principal", json!("apigateway.amazonaws.com")),
                    ]),
                ),
            ]),
        );
        let Some(a) = &route.authorizer else {
            continue;
        };
        let mut depends_on: Vec<Value> = api.iter().cloned().collect();
        let mut props = Map::new();
        props.insert("Action".into(), json!("lambda:InvokeFunction"));
        props.insert("Principal".into(), json!("apigateway.amazonaws.com"));
        match &a.target {
            AuthorizerTarget::Arn(arn) => {
                props.insert("FunctionName".into(), arn.clone());
            }
            AuthorizerTarget::Function(key) => {
                props.insert("FunctionName".into(), aliases.target(key));
                depends_on.push(json!(function_logical_id(key)));
                if let Some(alias) = aliases.of(key) {
                    depends_on.push(json!(alias.logical_id(key)));
                }
            }
        }
        cx.merge_resource(
            &websockets_permission_logical_id(&a.name),
            obj([
                ("Type", json!("AWS::Lambda::Permission")),
                ("DependsOn", Value::Array(depends_on)),
                ("Properties", Value::Object(props)),
            ]),
        );
    }
}
