//! A function's asynchronous invocation settings (SF v3 `compileFunctionEventInvokeConfig`):
//! one `AWS::Lambda::EventInvokeConfig` (`<Fn>LambdaEvConf`) on `$LATEST` or the function's
//! alias, and, unless the function has a role of its own, a statement per destination in the
//! execution role letting it deliver there.

use super::Ctx;
use super::functions::{Aliases, custom_execution_role};
use super::iam::add_statement;
use super::js;
use super::value::{obj, reference};
use crate::ir::Function;
use crate::ir::async_invoke::Destination;
use crate::ir::naming::{event_invoke_config_logical_id, function_logical_id};
use serde_json::{Map, Value, json};
use std::collections::HashSet;

/// The destinations given as strings whose statement is in already: SF memoizes the step
/// that adds it by its argument, so a string (compared by value) gets one statement for the
/// whole service, while each `{type, arn}` (an object, compared by identity) gets its own.
#[derive(Default)]
pub(crate) struct Granted(HashSet<String>);

pub fn compile(cx: &mut Ctx, f: &Function, aliases: &Aliases, granted: &mut Granted) {
    let Some(settings) = &f.async_invoke else {
        return;
    };
    let mut destinations = Map::new();
    if let Some(d) = &settings.destinations {
        // a role of the function's own manages its permissions
        let grants = custom_execution_role(cx, f).is_none();
        for (key, destination) in [("OnSuccess", &d.on_success), ("OnFailure", &d.on_failure)] {
            let Some(destination) = destination else {
                continue;
            };
            destinations.insert(
                key.into(),
                obj([("Destination", destination_arn(destination, aliases))]),
            );
            if grants {
                grant(cx, destination, granted);
            }
        }
    }
    let qualifier = f.alias.as_ref().map_or("$LATEST", |a| a.name());
    let mut props = Map::new();
    props.insert(
        "FunctionName".into(),
        reference(function_logical_id(&f.key)),
    );
    props.insert("DestinationConfig".into(), Value::Object(destinations));
    props.insert("Qualifier".into(), json!(qualifier));
    if let Some(age) = &settings.maximum_event_age {
        props.insert("MaximumEventAgeInSeconds".into(), age.clone());
    }
    if let Some(retries) = &settings.maximum_retry_attempts {
        props.insert("MaximumRetryAttempts".into(), retries.clone());
    }
    cx.assign_resource(
        &event_invoke_config_logical_id(&f.key),
        obj([
            ("Type", json!("AWS::Lambda::EventInvokeConfig")),
            ("Properties", Value::Object(props)),
            (
                "DependsOn",
                js::opt(f.alias.as_ref().map(|a| a.logical_id(&f.key))),
            ),
        ]),
    );
}

/// SF `getDestinationsArn`: an ARN as is, a function of the service by its (alias's) ARN.
fn destination_arn(destination: &Destination, aliases: &Aliases) -> Value {
    match destination {
        Destination::Arn(arn) => json!(arn),
        Destination::Function(key) => aliases.target(key),
        Destination::Typed { arn, .. } => js::opt(arn.clone()),
    }
}

/// SF `ensureTargetExecutionPermission`: the action on the target, on its ARN (a function of
/// the service by a `Fn::Sub` of its name: a `GetAtt` would make the role depend on the
/// function it serves).
fn grant(cx: &mut Ctx, destination: &Destination, granted: &mut Granted) {
    let Some(action) = destination.action() else {
        // SF refuses it (UNSUPPORTED_DESTINATION_TARGET); the check reports it
        return;
    };
    let resource = match destination {
        Destination::Arn(arn) => {
            if !granted.0.insert(arn.clone()) {
                return;
            }
            json!(arn)
        }
        Destination::Function(key) => {
            if !granted.0.insert(key.clone()) {
                return;
            }
            let Some(target) = cx.svc.functions.iter().find(|g| &g.key == key) else {
                // SF refuses it (a function missing from the service); the check reports it
                return;
            };
            json!({"Fn::Sub": format!("arn:${{AWS::Partition}}:lambda:${{AWS::Region}}:${{AWS::AccountId}}:function:{}", target.name)})
        }
        Destination::Typed { arn, .. } => js::opt(arn.clone()),
    };
    add_statement(
        cx,
        obj([
            ("Effect", json!("Allow")),
            ("Action", json!(action)),
            ("Resource", resource),
        ]),
        false,
    );
}
