//! A route's integration (one per function), route response and route (SF
//! `websockets/lib/integrations.js`, `route-responses.js`, `routes.js`).

use crate::cfn::Ctx;
use crate::cfn::api::lambda_invocation_uri;
use crate::cfn::functions::Aliases;
use crate::cfn::value::{join, obj, reference};
use crate::ir::naming::{
    websockets_authorizer_logical_id, websockets_integration_logical_id,
    websockets_route_logical_id, websockets_route_response_logical_id,
};
use serde_json::{Map, Value, json};

/// `<Fn>WebsocketsIntegration`: the function (or its alias) as a Lambda proxy.
pub(super) fn compile_integrations(cx: &mut Ctx, api_id: &Value, aliases: &Aliases) {
    let svc = cx.svc;
    for route in &svc.events.websockets.routes {
        let function = route.origin.function.as_str();
        cx.merge_resource(
            &websockets_integration_logical_id(function),
            obj([
                ("Type", json!("AWS::ApiGatewayV2::Integration")),
                ("DependsOn", aliases.depends_on(function)),
                (
                    "Properties",
                    obj([
                        ("ApiId", api_id.clone()),
                        ("IntegrationType", json!("AWS_PROXY")),
                        (
                            "IntegrationUri",
                            lambda_invocation_uri(aliases.target(function)),
                        ),
                    ]),
                ),
            ]),
        );
    }
}

/// `<route>WebsocketsRouteResponse` for a route with `routeResponseSelectionExpression`.
pub(super) fn compile_route_responses(cx: &mut Ctx, api_id: &Value) {
    let svc = cx.svc;
    for route in &svc.events.websockets.routes {
        if route.route_response_selection_expression.is_none() {
            continue;
        }
        cx.assign_resource(
            &websockets_route_response_logical_id(&route.route),
            obj([
                ("Type", json!("AWS::ApiGatewayV2::RouteResponse")),
                (
                    "Properties",
                    obj([
                        ("ApiId", api_id.clone()),
                        (
                            "RouteId",
                            reference(websockets_route_logical_id(&route.route)),
                        ),
                        ("RouteResponseKey", json!("$default")),
                    ]),
                ),
            ]),
        );
    }
}

/// `<route>WebsocketsRoute`, to the function's integration, through its authorizer if any.
pub(super) fn compile_routes(cx: &mut Ctx, api_id: &Value) {
    let svc = cx.svc;
    for route in &svc.events.websockets.routes {
        let mut props = Map::new();
        props.insert("ApiId".into(), api_id.clone());
        props.insert("RouteKey".into(), json!(route.route));
        let authorization = if route.authorizer.is_some() {
            "CUSTOM"
        } else {
            "NONE"
        };
        props.insert("AuthorizationType".into(), json!(authorization));
        props.insert(
            "Target".into(),
            join(
                "/",
                vec![
                    "integrations".into(),
                    reference(websockets_integration_logical_id(&route.origin.function)),
                ],
            ),
        );
        if let Some(rrse) = &route.route_response_selection_expression {
            props.insert("RouteResponseSelectionExpression".into(), rrse.clone());
        }
        if let Some(a) = &route.authorizer {
            props.insert(
                "AuthorizerId".into(),
                reference(websockets_authorizer_logical_id(&a.name)),
            );
        }
        cx.merge_resource(
            &websockets_route_logical_id(&route.route),
            obj([
                ("Type", json!("AWS::ApiGatewayV2::Route")),
                ("Properties", Value::Object(props)),
            ]),
        );
    }
}
