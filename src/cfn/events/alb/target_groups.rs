//! A target group per function, load balancer and header mode (SF
//! `alb/lib/target-groups.js`): the function (or its alias) as the only target, a generated
//! name (`provider.alb.targetGroupPrefix` + MD5) unless `targetGroupName` is given, and the
//! health check (off unless asked for, then SF's defaults overlaid by the settings given).

use super::{events, target_group_id};
use crate::cfn::Ctx;
use crate::cfn::functions::Aliases;
use crate::cfn::value::obj;
use crate::ir::naming::{
    alb_register_target_permission_logical_id, alb_target_group_name, alb_target_group_name_tag,
};
use serde_json::{Map, Value, json};

pub(super) fn compile(cx: &mut Ctx, aliases: &Aliases) {
    let svc = cx.svc;
    for (e, ids) in events(svc) {
        let function = e.origin.function.as_str();
        let tag = |multi: bool| {
            alb_target_group_name_tag(&svc.name, function, &ids.alb_id, multi, &svc.stage)
        };
        let name = match &e.target_group_name {
            Some(n) => n.clone(),
            None => alb_target_group_name(
                &svc.events.albs.target_group_prefix,
                &tag(e.multi_value_headers),
            ),
        };
        let mut props = Map::new();
        props.insert("TargetType".into(), json!("lambda"));
        props.insert("Targets".into(), json!([{"Id": aliases.target(function)}]));
        props.insert("Name".into(), json!(name));
        // SF writes the tag without the header mode
        props.insert("Tags".into(), json!([{"Key": "Name", "Value": tag(false)}]));
        props.insert(
            "TargetGroupAttributes".into(),
            json!([{"Key": "lambda.multi_value_headers.enabled", "Value": e.multi_value_headers}]),
        );
        insert_health_check(&mut props, e.health_check.as_ref());
        let mut depends_on = vec![json!(alb_register_target_permission_logical_id(function))];
        if let Some(alias) = aliases.of(function) {
            depends_on.push(json!(alias.logical_id(function)));
        }
        cx.assign_resource(
            &target_group_id(e, ids),
            obj([
                ("Type", json!("AWS::ElasticLoadBalancingV2::TargetGroup")),
                ("Properties", Value::Object(props)),
                ("DependsOn", Value::Array(depends_on)),
            ]),
        );
    }
}

/// `HealthCheckEnabled: false`, or (with `healthCheck`) SF's defaults overlaid by the
/// settings given: `null` ones keep the default, and so does an `unhealthyThresholdCount` of 0.
fn insert_health_check(props: &mut Map<String, Value>, health_check: Option<&Value>) {
    let Some(hc) = health_check else {
        props.insert("HealthCheckEnabled".into(), json!(false));
        return;
    };
    let given = |key: &str| hc.get(key).filter(|v| !v.is_null()).cloned();
    let or = |key: &str, default: Value| given(key).unwrap_or(default);
    props.insert("HealthCheckEnabled".into(), json!(true));
    props.insert("HealthCheckPath".into(), or("path", json!("/")));
    props.insert(
        "HealthCheckIntervalSeconds".into(),
        or("intervalSeconds", json!(35)),
    );
    props.insert(
        "HealthCheckTimeoutSeconds".into(),
        or("timeoutSeconds", json!(30)),
    );
    props.insert(
        "HealthyThresholdCount".into(),
        or("healthyThresholdCount", json!(5)),
    );
    props.insert(
        "UnhealthyThresholdCount".into(),
        given("unhealthyThresholdCount")
            .filter(crate::cfn::js::truthy)
            .unwrap_or(json!(5)),
    );
    let code = hc
        .get("matcher")
        .and_then(|m| m.get("httpCode"))
        .filter(|c| crate::cfn::js::truthy(c));
    props.insert(
        "Matcher".into(),
        json!({"HttpCode": code.cloned().unwrap_or(json!("200"))}),
    );
}
