//! The WebSocket API (SF v3 `compile/events/websockets`), in SF's step order: the Api (and
//! the execution role's permission to post to connections), the integrations, the route
//! responses, the authorizers, the permissions, the routes, the stage (with its access log
//! group), then the deployment and the `ServiceEndpointWebsocket` output. Nothing when no
//! function has a `websocket` event; with an external API (`provider.apiGateway.websocketApiId`)
//! neither the Api nor the stage.

mod api;
mod authorizers;
mod deployment;
mod permissions;
mod routes;
mod stage;

use crate::cfn::Ctx;
use crate::cfn::functions::Aliases;
use crate::cfn::value::reference;
use crate::ir::naming::WEBSOCKETS_API_LOGICAL_ID;
use serde_json::Value;

pub(crate) fn compile(cx: &mut Ctx) {
    let ws = &cx.svc.events.websockets;
    if ws.routes.is_empty() {
        return;
    }
    let api_id = match &ws.api.external_id {
        Some(id) => id.clone(),
        None => reference(WEBSOCKETS_API_LOGICAL_ID),
    };
    let aliases = Aliases::new(cx.svc);
    api::compile(cx);
    routes::compile_integrations(cx, &api_id, &aliases);
    routes::compile_route_responses(cx, &api_id);
    authorizers::compile(cx, &api_id, &aliases);
    permissions::compile(cx, &api_id, &aliases);
    routes::compile_routes(cx, &api_id);
    stage::compile(cx, &api_id);
    deployment::compile(cx, &api_id);
}

/// What `ApiId.Ref` names (the API's logical id), when the API is referenced by `Ref`.
fn api_ref(api_id: &Value) -> Option<&str> {
    api_id.get("Ref")?.as_str()
}

/// `provider.websocketsDescription`, else SF's default.
fn description(cx: &Ctx) -> Value {
    cx.svc
        .events
        .websockets
        .api
        .description
        .clone()
        .unwrap_or_else(|| "Serverless Websockets".into())
}

#[cfg(test)]
mod tests {
    use crate::cfn::{CompileOptions, compile};
    use crate::ir::lower::tests::svc;
    use serde_json::{Value, json};

    fn resources(events: &str) -> serde_json::Map<String, Value> {
        let yaml = format!(
            "service: demo\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  f:\n    handler: h.f\n    events:\n{events}"
        );
        let t = compile(&svc(&yaml), &CompileOptions::default());
        t.resources().cloned().unwrap_or_default()
    }

    /// SF names an ARN authorizer by the ARN's last `:` part, even beside a `name`, and lets
    /// API Gateway invoke the ARN itself.
    #[test]
    fn arn_authorizers_are_named_from_the_arn() {
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:gate";
        for authorizer in [
            format!("authorizer: {arn}"),
            format!("authorizer:\n            name: ignored\n            arn: {arn}"),
        ] {
            let r = resources(&format!(
                "      - websocket:\n          route: $connect\n          {authorizer}\n"
            ));
            let a = &r["GateWebsocketsAuthorizer"];
            assert_eq!(a.get("DependsOn"), None, "{authorizer}");
            assert_eq!(a["Properties"]["Name"], "gate");
            assert_eq!(
                a["Properties"]["IdentitySource"],
                json!(["route.request.header.Auth"])
            );
            let p = &r["GateLambdaPermissionWebsockets"];
            assert_eq!(p["DependsOn"], json!(["WebsocketsApi"]));
            assert_eq!(p["Properties"]["FunctionName"], arn);
            assert_eq!(
                r["SconnectWebsocketsRoute"]["Properties"]["AuthorizerId"],
                json!({"Ref": "GateWebsocketsAuthorizer"})
            );
        }
    }

    #[test]
    fn no_route_no_api() {
        let r = resources("      - http: GET /a\n");
        assert!(!r.keys().any(|k| k.contains("Websockets")), "{r:?}");
    }
}
