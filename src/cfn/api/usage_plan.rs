//! `AWS::ApiGateway::UsagePlan` (SF v3 `lib/usage-plan.js`): one default plan, or one per named
//! plan; a default plan is created whenever there are API keys.

use super::Api;
use crate::cfn::Ctx;
use crate::cfn::js::{num, opt};
use crate::ir::naming::usage_plan_logical_id;
use crate::ir::{UsagePlan, UsagePlans};
use serde_json::{Value, json};

pub fn compile(cx: &mut Ctx, api: &mut Api) {
    let svc = cx.svc;
    let (service, stage) = (&svc.name, &svc.stage);
    match &svc.api.usage_plans {
        UsagePlans::Named(plans) => {
            for (name, plan) in plans {
                let resource = plan_resource(
                    cx,
                    api,
                    format!("Usage plan \"{name}\" for {service} {stage} stage"),
                    format!("{service}-{name}-{stage}"),
                    plan,
                );
                cx.merge_resource(&usage_plan_logical_id(Some(name)), resource);
                api.plan_names.push(name.clone());
            }
        }
        single => {
            let plan = match single {
                UsagePlans::Single(p) => p.clone(),
                _ if !svc.api.api_keys.is_empty() => UsagePlan::default(),
                _ => return,
            };
            let resource = plan_resource(
                cx,
                api,
                format!("Usage plan for {service} {stage} stage"),
                format!("{service}-{stage}"),
                &plan,
            );
            cx.merge_resource(&usage_plan_logical_id(None), resource);
            api.plan_names.push("default".into());
        }
    }
}

fn plan_resource(
    cx: &Ctx,
    api: &Api,
    description: String,
    name: String,
    plan: &UsagePlan,
) -> Value {
    let mut props = json!({
        "ApiStages": [{"ApiId": api.rest_api_id, "Stage": cx.svc.stage}],
        "Description": description,
        "UsagePlanName": name,
    });
    if let (Some(q), Value::Object(p)) = (&plan.quota, &mut props) {
        p.insert(
            "Quota".into(),
            json!({"Limit": opt(q.limit), "Offset": opt(q.offset), "Period": opt(q.period.clone())}),
        );
    }
    if let (Some(t), Value::Object(p)) = (&plan.throttle, &mut props) {
        p.insert(
            "Throttle".into(),
            json!({"BurstLimit": opt(t.burst_limit), "RateLimit": opt(t.rate_limit.map(num))}),
        );
    }
    json!({"Type": "AWS::ApiGateway::UsagePlan", "DependsOn": api.deployment_id, "Properties": props})
}
