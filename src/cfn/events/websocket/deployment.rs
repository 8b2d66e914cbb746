//! The deployment, the stage's `DeploymentId` and the `ServiceEndpointWebsocket` output (SF
//! `websockets/lib/deployment.js`). The deployment's logical id ends with SF's own hash of the
//! API's resources (every resource that is the API, has it as `ApiId` or depends on it), so it
//! changes exactly when the API does; computed the same way, it is SF's id.

use super::api_ref;
use crate::cfn::value::{join, obj, reference};
use crate::cfn::{Ctx, js};
use crate::ir::naming::{
    WEBSOCKETS_API_LOGICAL_ID, WEBSOCKETS_STAGE_LOGICAL_ID, websockets_deployment_logical_id,
    websockets_route_logical_id, websockets_route_response_logical_id,
};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Map, Value, json};

pub(super) fn compile(cx: &mut Ctx, api_id: &Value) {
    let svc = cx.svc;
    let ws = &svc.events.websockets;
    let mut depends_on = Vec::new();
    for route in &ws.routes {
        if route.route_response_selection_expression.is_some() {
            depends_on.push(json!(websockets_route_response_logical_id(&route.route)));
        }
        depends_on.push(json!(websockets_route_logical_id(&route.route)));
    }
    let id = websockets_deployment_logical_id(&template_part_hash(&cx.resources));
    let mut props = Map::new();
    props.insert("ApiId".into(), api_id.clone());
    props.insert("Description".into(), super::description(cx));
    if ws.api.external_id.is_some() {
        props.insert("StageName".into(), json!(svc.stage));
    }
    cx.merge_resource(
        &id,
        obj([
            ("Type", json!("AWS::ApiGatewayV2::Deployment")),
            ("DependsOn", Value::Array(depends_on)),
            ("Properties", Value::Object(props)),
        ]),
    );
    cx.merge_output(
        "ServiceEndpointWebsocket",
        obj([
            ("Description", json!("URL of the service endpoint")),
            (
                "Value",
                join(
                    "",
                    vec![
                        "wss://".into(),
                        api_id.clone(),
                        ".execute-api.".into(),
                        reference("AWS::Region"),
                        ".".into(),
                        reference("AWS::URLSuffix"),
                        json!(format!("/{}", svc.stage)),
                    ],
                ),
            ),
        ]),
    );
    if let Some(stage) = cx.properties_mut(WEBSOCKETS_STAGE_LOGICAL_ID) {
        stage.insert("DeploymentId".into(), reference(id));
    }
}

/// SF `pickWebsocketsTemplatePart` hashed as SF hashes it: base64 SHA-256 of the
/// `JSON.stringify` of every resource so far that is `WebsocketsApi`, has it as `ApiId` or
/// lists it in `DependsOn`, in template order.
fn template_part_hash(resources: &Map<String, Value>) -> String {
    let token = WEBSOCKETS_API_LOGICAL_ID;
    let mut part = Map::new();
    for (id, resource) in resources {
        let picked = id == token
            || resource.pointer("/Properties/ApiId").and_then(api_ref) == Some(token)
            || resource
                .get("DependsOn")
                .and_then(Value::as_array)
                .is_some_and(|d| d.iter().any(|x| x == token));
        if picked {
            part.insert(id.clone(), resource.clone());
        }
    }
    let mut part = Value::Object(part);
    js::finish(&mut part);
    STANDARD.encode(crate::common::digest::sha256(part.to_string().as_bytes()))
}
