//! `AWS::ApiGateway::UsagePlanKey`: attaches each API key to its plan (SF v3
//! `lib/usage-plan-keys.js`).

use super::Api;
use crate::cfn::Ctx;
use crate::ir::naming::{api_key_logical_id, usage_plan_key_logical_id, usage_plan_logical_id};
use serde_json::json;

pub fn compile(cx: &mut Ctx, api: &Api) {
    let mut number = 0;
    for group in &cx.svc.api.api_keys {
        let plan = group
            .plan
            .as_deref()
            .filter(|p| api.plan_names.iter().any(|n| n == p));
        if plan.is_some() {
            number = 0;
        }
        for _ in &group.keys {
            number += 1;
            cx.merge_resource(
                &usage_plan_key_logical_id(number, plan),
                json!({
                    "Type": "AWS::ApiGateway::UsagePlanKey",
                    "Properties": {
                        "KeyId": {"Ref": api_key_logical_id(number, plan)},
                        "KeyType": "API_KEY",
                        "UsagePlanId": {"Ref": usage_plan_logical_id(plan)}
                    }
                }),
            );
        }
    }
}
