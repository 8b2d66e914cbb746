//! `HttpApiStage`: the auto-deployed `$default` stage, with detailed metrics as configured, the
//! provider tags and the access log settings; none for an external API.

use super::provider_tags;
use crate::cfn::Ctx;
use crate::cfn::value::{get_att, obj, reference};
use crate::ir::naming::{
    HTTP_API_LOG_GROUP_LOGICAL_ID, HTTP_API_LOGICAL_ID, HTTP_API_STAGE_LOGICAL_ID,
};
use serde_json::{Map, Value};

pub fn compile(cx: &mut Ctx) {
    let settings = &cx.svc.http_api.settings;
    if settings.external_id.is_some() {
        return;
    }
    let mut props = Map::new();
    props.insert("ApiId".into(), reference(HTTP_API_LOGICAL_ID));
    props.insert("StageName".into(), "$default".into());
    props.insert("AutoDeploy".into(), true.into());
    props.insert(
        "DefaultRouteSettings".into(),
        obj([("DetailedMetricsEnabled", settings.metrics.into())]),
    );
    if let Some(tags) = provider_tags(cx) {
        props.insert("Tags".into(), tags);
    }
    let mut resource = Map::new();
    resource.insert("Type".into(), "AWS::ApiGatewayV2::Stage".into());
    if let Some(format) = &settings.access_log_format {
        props.insert(
            "AccessLogSettings".into(),
            obj([
                (
                    "DestinationArn",
                    get_att(HTTP_API_LOG_GROUP_LOGICAL_ID, "Arn"),
                ),
                ("Format", format.clone().into()),
            ]),
        );
        resource.insert("Properties".into(), Value::Object(props));
        resource.insert("DependsOn".into(), HTTP_API_LOG_GROUP_LOGICAL_ID.into());
    } else {
        resource.insert("Properties".into(), Value::Object(props));
    }
    cx.assign_resource(HTTP_API_STAGE_LOGICAL_ID, Value::Object(resource));
}
