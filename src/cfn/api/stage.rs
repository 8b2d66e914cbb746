//! The stage: SF v3 configures it through the SDK after deploying (`lib/hack/update-stage.js`);
//! with access logging on (`provider.logs.restApi`, unless `accessLogging: false`) the template
//! gets `ApiGatewayLogGroup` and the custom resource that gives the account's API Gateway its
//! CloudWatch role, unless `roleManagedExternally` (SF v3 `lib/stage.js`,
//! `ensure-api-gateway-cloud-watch-role.js`).

use crate::cfn::Ctx;
use crate::cfn::custom_resources;
use crate::cfn::js::truthy;
use serde_json::{Map, json};

pub fn compile(cx: &mut Ctx) {
    let svc = cx.svc;
    if !svc.api.logs.as_ref().is_some_and(|l| l.access_logging) {
        return;
    }
    let mut props = Map::new();
    props.insert(
        "LogGroupName".into(),
        json!(format!("/aws/api-gateway/{}-{}", svc.name, svc.stage)),
    );
    if let Some(r) = svc
        .provider
        .log_retention_in_days
        .as_ref()
        .filter(|r| truthy(r))
    {
        props.insert("RetentionInDays".into(), r.clone());
    }
    cx.merge_resource(
        "ApiGatewayLogGroup",
        json!({"Type": "AWS::Logs::LogGroup", "Properties": props}),
    );
    custom_resources::ensure_api_gateway_cloudwatch_role(cx);
}
