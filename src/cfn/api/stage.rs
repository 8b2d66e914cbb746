//! The stage: SF v3 configures it through the SDK after deploying; the template only gets
//! `ApiGatewayLogGroup` when `provider.logs.restApi` is set (SF v3 `lib/stage.js`).

use crate::cfn::Ctx;
use crate::cfn::js::truthy;
use serde_json::{Map, json};

pub fn compile(cx: &mut Ctx) {
    let svc = cx.svc;
    if !svc.api.logs {
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
}
