//! The stage (`WebsocketsDeploymentStage`) and, with `provider.logs.websocket`, its logging
//! settings, access log group `WebsocketsLogGroup` and the account's logging role (SF
//! `websockets/lib/stage.js`). The
//! deployment step sets the stage's `DeploymentId`.

use crate::cfn::Ctx;
use crate::cfn::value::obj;
use crate::ir::naming::{WEBSOCKETS_LOG_GROUP_LOGICAL_ID, WEBSOCKETS_STAGE_LOGICAL_ID};
use serde_json::{Map, Value, json};

/// SF's access log format.
const DEFAULT_FORMAT: &str = "$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime] \"$context.eventType $context.routeKey $context.connectionId\" $context.requestId";

pub(super) fn compile(cx: &mut Ctx, api_id: &Value) {
    let svc = cx.svc;
    let api = &svc.events.websockets.api;
    if api.external_id.is_some() {
        // the deployment names the stage of an external API
        return;
    }
    let mut props = Map::new();
    props.insert("ApiId".into(), api_id.clone());
    props.insert("StageName".into(), json!(svc.stage));
    props.insert("Description".into(), super::description(cx));
    if let Some(logs) = &api.logs {
        let level = if !logs.execution_logging {
            json!("OFF")
        } else {
            logs.level.clone().unwrap_or_else(|| json!("INFO"))
        };
        props.insert(
            "DefaultRouteSettings".into(),
            obj([
                ("DataTraceEnabled", json!(logs.full_execution_data)),
                ("LoggingLevel", level),
            ]),
        );
        if logs.access_logging {
            props.insert(
                "AccessLogSettings".into(),
                obj([
                    (
                        "DestinationArn",
                        json!({"Fn::Sub": format!("arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:${{{WEBSOCKETS_LOG_GROUP_LOGICAL_ID}}}")}),
                    ),
                    (
                        "Format",
                        logs.format.clone().unwrap_or_else(|| json!(DEFAULT_FORMAT)),
                    ),
                ]),
            );
        }
    }
    cx.assign_resource(
        WEBSOCKETS_STAGE_LOGICAL_ID,
        obj([
            ("Type", json!("AWS::ApiGatewayV2::Stage")),
            ("Properties", Value::Object(props)),
        ]),
    );
    if api.logs.is_none() {
        return;
    }
    let mut log_props = Map::new();
    log_props.insert(
        "LogGroupName".into(),
        json!(format!("/aws/websocket/{}-{}", svc.name, svc.stage)),
    );
    if let Some(days) = &api.log_retention_in_days {
        log_props.insert("RetentionInDays".into(), days.clone());
    }
    if let Some(policy) = &svc.provider.log_data_protection_policy {
        log_props.insert("DataProtectionPolicy".into(), policy.clone());
    }
    cx.assign_resource(
        WEBSOCKETS_LOG_GROUP_LOGICAL_ID,
        obj([
            ("Type", json!("AWS::Logs::LogGroup")),
            ("Properties", Value::Object(log_props)),
        ]),
    );
    crate::cfn::custom_resources::ensure_api_gateway_cloudwatch_role(cx);
}
