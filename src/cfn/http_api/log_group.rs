//! `HttpApiLogGroup`: the access log group `/aws/http-api/<stack name>`, only when
//! `provider.logs.httpApi` is set (and the API is not external, which a check enforces).

use crate::cfn::Ctx;
use crate::cfn::js::truthy;
use crate::cfn::value::obj;
use crate::ir::naming::{HTTP_API_LOG_GROUP_LOGICAL_ID, http_api_log_group_name};
use serde_json::{Map, Value};

pub fn compile(cx: &mut Ctx) {
    let svc = cx.svc;
    if svc.http_api.settings.access_log_format.is_none() {
        return;
    }
    let stack_name = crate::ir::naming::stack_name(svc);
    let mut props = Map::new();
    props.insert(
        "LogGroupName".into(),
        http_api_log_group_name(&stack_name).into(),
    );
    if let Some(days) = svc
        .provider
        .log_retention_in_days
        .as_ref()
        .filter(|d| truthy(d))
    {
        props.insert("RetentionInDays".into(), days.clone());
    }
    if let Some(policy) = &svc.provider.log_data_protection_policy {
        props.insert("DataProtectionPolicy".into(), policy.clone());
    }
    cx.assign_resource(
        HTTP_API_LOG_GROUP_LOGICAL_ID,
        obj([
            ("Type", "AWS::Logs::LogGroup".into()),
            ("Properties", Value::Object(props)),
        ]),
    );
}
