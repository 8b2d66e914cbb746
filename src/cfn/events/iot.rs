//! `iot` events (SF v3 `iot.js`): an `AWS::IoT::TopicRule` invoking the function and the
//! permission letting IoT do so, per event; `iotFleetProvisioning` events
//! (`iot-fleet-provisioning.js`): an `AWS::IoT::ProvisioningTemplate` whose pre-provisioning
//! hook is the function, and its permission.

use super::super::Ctx;
use super::super::functions::Aliases;
use super::super::value::{join, obj, reference};
use crate::ir::naming::{
    iot_permission_logical_id, iot_provisioning_permission_logical_id,
    iot_provisioning_template_logical_id, iot_topic_rule_logical_id,
};
use serde_json::{Map, Value};

pub(crate) fn compile(cx: &mut Ctx) {
    let aliases = Aliases::new(cx.svc);
    for event in &cx.svc.events.iot {
        let key = event.origin.function.as_str();
        let index = event.origin.index;
        let rule_id = iot_topic_rule_logical_id(key, index);
        let mut payload = Map::new();
        payload.insert("RuleDisabled".into(), event.disabled.into());
        payload.insert("Sql".into(), event.sql.as_str().into());
        payload.insert(
            "Actions".into(),
            Value::Array(vec![obj([(
                "Lambda",
                obj([("FunctionArn", aliases.target(key))]),
            )])]),
        );
        if let Some(d) = &event.description {
            payload.insert("Description".into(), d.as_str().into());
        }
        if let Some(v) = &event.sql_version {
            payload.insert("AwsIotSqlVersion".into(), v.as_str().into());
        }
        let mut props = Map::new();
        props.insert("TopicRulePayload".into(), Value::Object(payload));
        if let Some(name) = &event.name {
            props.insert("RuleName".into(), name.as_str().into());
        }
        let rule = obj([
            ("Type", "AWS::IoT::TopicRule".into()),
            ("DependsOn", aliases.depends_on(key)),
            ("Properties", Value::Object(props)),
        ]);
        let source_arn = join(
            "",
            vec![
                "arn:".into(),
                reference("AWS::Partition"),
                ":iot:".into(),
                reference("AWS::Region"),
                ":".into(),
                reference("AWS::AccountId"),
                ":rule/".into(),
                reference(rule_id.as_str()),
            ],
        );
        let permission = permission(&aliases, key, Some(source_arn));
        cx.merge_resource(&rule_id, rule);
        cx.merge_resource(&iot_permission_logical_id(key, index), permission);
    }
}

/// The permission letting IoT invoke the function (for the rule `source_arn`, if given).
fn permission(aliases: &Aliases, key: &str, source_arn: Option<Value>) -> Value {
    let mut props = Map::new();
    props.insert("FunctionName".into(), aliases.target(key));
    props.insert("Action".into(), "lambda:InvokeFunction".into());
    props.insert("Principal".into(), "iot.amazonaws.com".into());
    if let Some(arn) = source_arn {
        props.insert("SourceArn".into(), arn);
    }
    obj([
        ("Type", "AWS::Lambda::Permission".into()),
        ("DependsOn", aliases.depends_on(key)),
        ("Properties", Value::Object(props)),
    ])
}

/// One provisioning template and permission per event (a function has at most one: SF's
/// MULTIPLE_IOT_PROVISIONING_TEMPLATE_HOOK, `check::iot`).
pub(crate) fn compile_fleet_provisioning(cx: &mut Ctx) {
    let aliases = &Aliases::new(cx.svc);
    for event in &cx.svc.events.iot_fleet_provisioning {
        let key = event.origin.function.as_str();
        let permission_id = iot_provisioning_permission_logical_id(key);
        let mut props = Map::new();
        props.insert("Enabled".into(), event.enabled.unwrap_or(true).into());
        props.insert(
            "PreProvisioningHook".into(),
            obj([("TargetArn", aliases.target(key))]),
        );
        props.insert(
            "ProvisioningRoleArn".into(),
            event.provisioning_role_arn.clone(),
        );
        // `JSON.stringify`: compact, keys in order
        props.insert(
            "TemplateBody".into(),
            event.template_body.to_string().into(),
        );
        if let Some(name) = &event.template_name {
            props.insert("TemplateName".into(), name.as_str().into());
        }
        let mut depends_on = vec![Value::String(permission_id.clone())];
        if let Some(alias) = aliases.of(key) {
            depends_on.push(alias.logical_id(key).into());
        }
        let template = obj([
            ("Type", "AWS::IoT::ProvisioningTemplate".into()),
            ("Properties", Value::Object(props)),
            ("DependsOn", Value::Array(depends_on)),
        ]);
        cx.assign_resource(&iot_provisioning_template_logical_id(key), template);
        cx.assign_resource(&permission_id, permission(aliases, key, None));
    }
}
