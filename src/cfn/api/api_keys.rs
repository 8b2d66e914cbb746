//! `AWS::ApiGateway::ApiKey` resources (SF v3 `lib/api-keys.js`). Keys of a named usage plan
//! are numbered per plan; other keys share one counter (which a named group resets, as in SF).

use super::Api;
use crate::cfn::Ctx;
use crate::cfn::js::opt;
use crate::ir::ApiKey;
use crate::ir::naming::api_key_logical_id;
use serde_json::{Value, json};

pub fn compile(cx: &mut Ctx, api: &Api) {
    let mut number = 0;
    for group in &cx.svc.api.api_keys {
        if group.plan.is_some() {
            number = 0;
        }
        for key in &group.keys {
            number += 1;
            let id = api_key_logical_id(number, group.plan.as_deref());
            let resource = key_resource(cx, api, key);
            cx.merge_resource(&id, resource);
        }
    }
}

fn key_resource(cx: &Ctx, api: &Api, key: &ApiKey) -> Value {
    json!({
        "Type": "AWS::ApiGateway::ApiKey",
        "Properties": {
            "Enabled": key.enabled.unwrap_or(true),
            "Name": opt(key.name.clone()),
            "Value": opt(key.value.clone().filter(|v| !v.is_empty())),
            "Description": opt(key.description.clone()),
            "CustomerId": opt(key.customer_id.clone()),
            "StageKeys": [{"RestApiId": api.rest_api_id, "StageName": cx.svc.stage}],
        },
        "DependsOn": api.deployment_id,
    })
}
