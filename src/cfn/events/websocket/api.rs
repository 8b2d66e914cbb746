//! The `AWS::ApiGatewayV2::Api` (`WebsocketsApi`), and the execution role's permission to
//! post to connections (SF `websockets/lib/api.js`).

use crate::cfn::Ctx;
use crate::cfn::iam::add_statement;
use crate::cfn::value::obj;
use crate::ir::naming::WEBSOCKETS_API_LOGICAL_ID;
use serde_json::{Map, Value, json};

pub(super) fn compile(cx: &mut Ctx) {
    let svc = cx.svc;
    let api = &svc.events.websockets.api;
    if api.external_id.is_some() {
        return;
    }
    let mut props = Map::new();
    props.insert("Name".into(), json!(api.name));
    props.insert(
        "RouteSelectionExpression".into(),
        api.route_selection_expression
            .clone()
            .unwrap_or_else(|| "$request.body.action".into()),
    );
    props.insert("Description".into(), super::description(cx));
    props.insert("ProtocolType".into(), json!("WEBSOCKET"));
    if api.use_provider_tags && !svc.provider.tags.is_empty() {
        props.insert("Tags".into(), json!(svc.provider.tags));
    }
    cx.merge_resource(
        WEBSOCKETS_API_LOGICAL_ID,
        obj([
            ("Type", json!("AWS::ApiGatewayV2::Api")),
            ("Properties", Value::Object(props)),
        ]),
    );
    add_statement(
        cx,
        json!({
            "Effect": "Allow",
            "Action": ["execute-api:ManageConnections"],
            "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:execute-api:*:*:*/@connections/*"}]
        }),
        false,
    );
}
