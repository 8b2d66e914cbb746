//! A route's Lambda authorizer, `<Name>WebsocketsAuthorizer` (SF
//! `websockets/lib/authorizers.js`). Routes naming the same authorizer share one resource,
//! merged (`_.merge`: identity source lists merge index by index).

use crate::cfn::Ctx;
use crate::cfn::api::lambda_invocation_uri;
use crate::cfn::functions::Aliases;
use crate::cfn::value::obj;
use crate::ir::events::websocket::{AuthorizerTarget, WebsocketAuthorizer};
use crate::ir::naming::websockets_authorizer_logical_id;
use serde_json::{Map, Value, json};

pub(super) fn compile(cx: &mut Ctx, api_id: &Value, aliases: &Aliases) {
    let svc = cx.svc;
    for route in &svc.events.websockets.routes {
        let Some(a) = &route.authorizer else {
            continue;
        };
        let mut resource = Map::new();
        resource.insert("Type".into(), json!("AWS::ApiGatewayV2::Authorizer"));
        // SF adds `DependsOn` (the alias, if any) when the name is a function of the service
        if svc.functions.iter().any(|f| f.key == a.name) {
            resource.insert("DependsOn".into(), aliases.depends_on(&a.name));
        }
        resource.insert(
            "Properties".into(),
            obj([
                ("ApiId", api_id.clone()),
                ("Name", json!(a.name)),
                ("AuthorizerType", json!("REQUEST")),
                ("AuthorizerUri", lambda_invocation_uri(target(a, aliases))),
                ("IdentitySource", a.identity_source.clone()),
            ]),
        );
        cx.merge_resource(
            &websockets_authorizer_logical_id(&a.name),
            Value::Object(resource),
        );
    }
}

/// What the authorizer invokes: the function (or its alias), or the ARN.
pub(super) fn target(a: &WebsocketAuthorizer, aliases: &Aliases) -> Value {
    match &a.target {
        AuthorizerTarget::Function(key) => aliases.target(key),
        AuthorizerTarget::Arn(arn) => arn.clone(),
    }
}
