//! `schedule` events (SF v3 `schedule.js`): per expression, an `AWS::Events::Rule` with its
//! Lambda permission, or with `method: scheduler` an `AWS::Scheduler::Schedule` whose target
//! role is the function's; expressions are numbered across each function's schedule events.
//! Scheduler schedules also let SF's execution role be assumed by `scheduler.amazonaws.com`
//! and invoke those functions (and their versions and aliases).

use super::rule::{permission, state, target, with_alias};
use crate::cfn::Ctx;
use crate::cfn::functions::Aliases;
use crate::cfn::iam::ROLE;
use crate::cfn::js;
use crate::cfn::value::obj;
use crate::ir::events::schedule::{Schedule, ScheduleMethod};
use crate::ir::naming::{
    function_logical_id, schedule_logical_id, schedule_permission_logical_id,
    scheduler_schedule_logical_id,
};
use serde_json::{Map, Value};
use std::collections::HashMap;

pub(crate) fn compile(cx: &mut Ctx) {
    let svc = cx.svc;
    if svc.events.schedules.is_empty() {
        return;
    }
    let aliases = Aliases::new(svc);
    let mut by_function: HashMap<&str, Vec<&Schedule>> = HashMap::new();
    for s in &svc.events.schedules {
        by_function.entry(&s.origin.function).or_default().push(s);
    }
    // what the execution role's statement for the scheduler may invoke
    let mut invocable = Vec::new();
    for f in &svc.functions {
        let Some(schedules) = by_function.get(f.key.as_str()) else {
            continue;
        };
        let mut number = 0;
        let mut uses_scheduler = false;
        for s in schedules {
            for expression in &s.expressions {
                number += 1;
                match s.method {
                    ScheduleMethod::Scheduler => {
                        uses_scheduler = true;
                        let schedule = scheduler_schedule(cx, &aliases, s, expression);
                        cx.assign_resource(
                            &scheduler_schedule_logical_id(&f.key, number),
                            schedule,
                        );
                    }
                    ScheduleMethod::EventBus => {
                        let rule_id = schedule_logical_id(&f.key, number);
                        let rule = rule(&aliases, s, expression);
                        let permission = permission(&aliases, &f.key, &rule_id);
                        cx.assign_resource(&rule_id, rule);
                        cx.assign_resource(
                            &schedule_permission_logical_id(&f.key, number),
                            permission,
                        );
                    }
                }
            }
        }
        if uses_scheduler {
            let arn = format!(
                "arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:{}",
                f.name
            );
            invocable.push(obj([("Fn::Sub", Value::String(arn.clone()))]));
            invocable.push(obj([("Fn::Sub", Value::String(format!("{arn}:*")))]));
        }
    }
    if !invocable.is_empty() {
        let statement = obj([
            ("Effect", "Allow".into()),
            ("Action", Value::Array(vec!["lambda:InvokeFunction".into()])),
            ("Resource", Value::Array(invocable)),
        ]);
        let_scheduler_use_role(cx, statement);
    }
}

/// The `AWS::Events::Rule` of one expression (SF's template text, parsed: keys in its order,
/// empty settings left out).
fn rule(aliases: &Aliases, s: &Schedule, expression: &Value) -> Value {
    let key = s.origin.function.as_str();
    let mut props = Map::new();
    props.insert("ScheduleExpression".into(), expression.clone());
    props.insert("State".into(), state(s.enabled));
    if let Some(name) = &s.name {
        props.insert("Name".into(), name.as_str().into());
    }
    if let Some(description) = &s.description {
        props.insert("Description".into(), description.as_str().into());
    }
    let target = target(
        aliases,
        key,
        s.input.as_deref(),
        s.input_path.as_deref(),
        s.input_transformer.as_ref(),
        &s.target_id,
    );
    props.insert("Targets".into(), target);
    with_alias("AWS::Events::Rule", aliases, key, props)
}

/// The `AWS::Scheduler::Schedule` of one expression: built as an object by SF, so an empty
/// setting stays and an absent one is `undefined`.
fn scheduler_schedule(cx: &Ctx, aliases: &Aliases, s: &Schedule, expression: &Value) -> Value {
    let key = s.origin.function.as_str();
    // the function's own role, as compiled (`functionResource.Properties.Role`)
    let role = cx
        .resources
        .get(&function_logical_id(key))
        .and_then(|f| f.get("Properties"))
        .and_then(|p| p.get("Role"))
        .cloned();
    let target = obj([
        ("Arn", aliases.target(key)),
        ("RoleArn", js::opt(role)),
        ("Input", js::opt(s.input.clone())),
    ]);
    let props = obj([
        ("ScheduleExpression", expression.clone()),
        ("State", state(s.enabled)),
        ("Target", target),
        ("FlexibleTimeWindow", obj([("Mode", "OFF".into())])),
        ("Name", js::opt(s.name.clone())),
        ("Description", js::opt(s.description.clone())),
        ("ScheduleExpressionTimezone", js::opt(s.timezone.clone())),
    ]);
    obj([
        ("Type", "AWS::Scheduler::Schedule".into()),
        ("DependsOn", aliases.depends_on(key)),
        ("Properties", props),
    ])
}

/// Lets EventBridge Scheduler assume the execution role and invoke the functions in
/// `statement`. A role of the user's is left as it is (`slsc validate` says it needs the
/// same).
fn let_scheduler_use_role(cx: &mut Ctx, statement: Value) {
    let Some(props) = cx.properties_mut(ROLE) else {
        return;
    };
    let services = props
        .get_mut("AssumeRolePolicyDocument")
        .and_then(|d| d.get_mut("Statement"))
        .and_then(Value::as_array_mut)
        .and_then(|statements| {
            statements.iter_mut().find_map(|st| {
                let services = st
                    .get_mut("Principal")?
                    .get_mut("Service")?
                    .as_array_mut()?;
                services
                    .iter()
                    .any(|s| s == "lambda.amazonaws.com")
                    .then_some(services)
            })
        });
    if let Some(services) = services {
        services.push("scheduler.amazonaws.com".into());
    }
    crate::cfn::iam::add_statement(cx, statement, false);
}
