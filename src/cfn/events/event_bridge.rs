//! `eventBridge` events (SF v3 `event-bridge/index.js`). Through CloudFormation
//! (`compileWithCloudFormation`): per event an `AWS::Events::Rule` and its Lambda permission,
//! and the `AWS::Events::EventBus` of a bus named by the service (not `default`, not an ARN,
//! not an intrinsic function), which the rule then depends on. Through SF's custom resource
//! (`compileWithCustomResource`, when `provider.eventBridge` does not say `useCloudFormation:
//! true`): per event a `Custom::EventBridge` whose handler makes the bus, rule, target and
//! permission, then the handler's function. All are assigned (`=`), so a bus named twice stays
//! where it first appeared.

use crate::cfn::Ctx;
use crate::cfn::custom_resources::{self, Handler};
use crate::cfn::functions::Aliases;
use crate::cfn::js;
use crate::cfn::value::{join, obj, reference};
use crate::ir::events::event_bridge::EventBridgeRule;
use crate::ir::naming::{
    custom_event_bridge_logical_id, event_bridge_event_bus_logical_id,
    event_bridge_permission_logical_id, event_bridge_rule_logical_id, event_bridge_rule_name,
    event_bridge_target_id,
};
use crate::ir::{Function, Service};
use serde_json::{Map, Value, json};

pub(crate) fn compile(cx: &mut Ctx) {
    let svc = cx.svc;
    if svc.events.event_bridge_rules.is_empty() {
        return;
    }
    if svc.events.event_bridge_custom_resource {
        compile_with_custom_resource(cx);
        return;
    }
    let aliases = Aliases::new(svc);
    for (e, f, rule_name) in named_rules(svc) {
        let key = e.origin.function.as_str();
        let bus = Bus::of(e.event_bus.as_ref());
        let created_bus = bus.created().map(event_bridge_event_bus_logical_id);
        if let (Some(bus_id), Some(name)) = (&created_bus, bus.created()) {
            let resource = obj([
                ("Type", "AWS::Events::EventBus".into()),
                ("Properties", obj([("Name", name.into())])),
            ]);
            cx.assign_resource(bus_id, resource);
        }
        // a bus the stack creates must go after the rule when the stack is removed
        let depends_on = match created_bus {
            Some(bus_id) => Value::String(bus_id),
            None => aliases.depends_on(key),
        };
        let bus_name = match &bus {
            Bus::Default | Bus::Absent => js::undef(),
            Bus::Named(name) => Value::String((*name).to_string()),
            Bus::Existing(v) => v.clone(),
        };
        let rule = obj([
            ("Type", "AWS::Events::Rule".into()),
            ("DependsOn", depends_on),
            (
                "Properties",
                obj([
                    ("Description", js::opt(e.description.clone())),
                    ("EventBusName", bus_name),
                    ("EventPattern", js::opt(e.pattern.clone())),
                    ("Name", rule_name.as_str().into()),
                    ("ScheduleExpression", js::opt(e.schedule.clone())),
                    ("State", state(e).into()),
                    (
                        "Targets",
                        Value::Array(vec![target(&aliases, e, &rule_name)]),
                    ),
                ]),
            ),
        ]);
        cx.assign_resource(&event_bridge_rule_logical_id(&f.name, e.position), rule);
        let permission = obj([
            ("Type", "AWS::Lambda::Permission".into()),
            ("DependsOn", aliases.depends_on(key)),
            (
                "Properties",
                obj([
                    ("Action", "lambda:InvokeFunction".into()),
                    ("FunctionName", aliases.target(key)),
                    ("Principal", "events.amazonaws.com".into()),
                    ("SourceArn", rule_arn(&bus, &rule_name)),
                ]),
            ),
        ]);
        cx.assign_resource(
            &event_bridge_permission_logical_id(key, e.position),
            permission,
        );
    }
}

/// One `Custom::EventBridge` per event, with the rule's settings as SF's handler reads them
/// (`EventBridgeConfig`: the bus as written, the pattern and input as objects, no
/// description); the handler may create and delete buses (once any event names one other than
/// `default`), rules and targets, and Lambda permissions.
fn compile_with_custom_resource(cx: &mut Ctx) {
    let svc = cx.svc;
    let mut statements = Vec::new();
    let mut has_bus_statement = false;
    for (e, f, rule_name) in named_rules(svc) {
        let key = e.origin.function.as_str();
        let mut config = Map::new();
        config.insert("RuleName".into(), rule_name.into());
        config.insert("State".into(), state(e).into());
        for (name, value) in [
            ("EventBus", &e.event_bus),
            ("Schedule", &e.schedule),
            ("Pattern", &e.pattern),
            ("Input", &e.input),
            ("InputPath", &e.input_path),
            ("InputTransformer", &e.input_transformer),
        ] {
            if let Some(value) = value {
                config.insert(name.into(), value.clone());
            }
        }
        let mut properties = Map::new();
        properties.insert("EventBridgeConfig".into(), Value::Object(config));
        let resource =
            custom_resources::function_resource(Handler::EventBridge, key, &f.name, properties);
        cx.assign_resource(&custom_event_bridge_logical_id(key, e.position), resource);
        let names_a_bus = match Bus::of(e.event_bus.as_ref()) {
            Bus::Absent | Bus::Default => false,
            Bus::Named(name) => !name.is_empty(),
            Bus::Existing(Value::String(name)) => !name.is_empty() && name != "default",
            Bus::Existing(_) => true,
        };
        // one statement covers every bus
        if names_a_bus && !has_bus_statement {
            has_bus_statement = true;
            statements.push(json!({
                "Effect": "Allow",
                "Resource": events_arn("event-bus/*".into()),
                "Action": ["events:CreateEventBus", "events:DeleteEventBus"]
            }));
        }
    }
    statements.push(json!({
        "Effect": "Allow",
        "Resource": events_arn("rule/*".into()),
        "Action": ["events:PutRule", "events:RemoveTargets", "events:PutTargets", "events:DeleteRule"]
    }));
    statements.push(custom_resources::lambda_permissions_statement());
    custom_resources::add(cx, Handler::EventBridge, statements);
}

/// Each event with its function and its rule's name: `name`, else SF's from the function's
/// deployed name and the event's position.
fn named_rules(svc: &Service) -> impl Iterator<Item = (&EventBridgeRule, &Function, String)> {
    svc.events.event_bridge_rules.iter().filter_map(|e| {
        let f = svc.functions.iter().find(|f| f.key == e.origin.function)?;
        let rule_name = e
            .name
            .clone()
            .unwrap_or_else(|| event_bridge_rule_name(&f.name, e.position));
        Some((e, f, rule_name))
    })
}

/// The rule's `State`.
fn state(e: &EventBridgeRule) -> &'static str {
    if e.enabled { "ENABLED" } else { "DISABLED" }
}

/// `arn:<partition>:events:<region>:<account>:<resource>`.
fn events_arn(resource: Value) -> Value {
    join(
        ":",
        vec![
            "arn".into(),
            reference("AWS::Partition"),
            "events".into(),
            reference("AWS::Region"),
            reference("AWS::AccountId"),
            resource,
        ],
    )
}

/// The bus of an event, as SF reads `eventBus`.
enum Bus<'a> {
    /// Not given: the default bus.
    Absent,
    /// `default`.
    Default,
    /// A bus the service creates (a name that does not start with `arn`).
    Named(&'a str),
    /// A bus that exists: the name after the first `/` of an ARN (any string starting with
    /// `arn`, as SF tests it), or an intrinsic function.
    Existing(Value),
}

impl<'a> Bus<'a> {
    fn of(event_bus: Option<&'a Value>) -> Self {
        match event_bus {
            None => Bus::Absent,
            Some(Value::String(s)) if s == "default" => Bus::Default,
            // `EventBus.slice(EventBus.indexOf('/') + 1)`: the whole string without a `/`
            Some(Value::String(s)) if s.starts_with("arn") => {
                let name = s.split_once('/').map_or(s.as_str(), |(_, n)| n);
                Bus::Existing(Value::String(name.to_string()))
            }
            Some(Value::String(s)) => Bus::Named(s),
            Some(other) => Bus::Existing(other.clone()),
        }
    }

    /// The name of the bus the service creates, if it creates one (an empty name creates
    /// none).
    fn created(&self) -> Option<&'a str> {
        match self {
            Bus::Named(name) if !name.is_empty() => Some(name),
            _ => None,
        }
    }

    /// The bus's part of the rule's ARN (`rule/<bus>/<name>`), `default` included.
    fn arn_part(&self) -> Option<Value> {
        match self {
            Bus::Absent => None,
            Bus::Default => Some("default".into()),
            Bus::Named("") => None,
            Bus::Named(name) => Some((*name).into()),
            Bus::Existing(Value::String(name)) if name.is_empty() => None,
            Bus::Existing(v) => Some(v.clone()),
        }
    }
}

/// `arn:<partition>:events:<region>:<account>:rule/[<bus>/]<rule name>`.
fn rule_arn(bus: &Bus, rule_name: &str) -> Value {
    let mut path = vec![Value::from("rule")];
    path.extend(bus.arn_part());
    path.push(rule_name.into());
    events_arn(join("/", path))
}

/// The rule's target: the function (or its alias) and its id, then the retry policy, the
/// dead-letter queue, and the first input setting given (SF `configureTarget`).
fn target(aliases: &Aliases, e: &EventBridgeRule, rule_name: &str) -> Value {
    let key = e.origin.function.as_str();
    let mut t = Map::new();
    t.insert("Arn".into(), aliases.target(key));
    t.insert("Id".into(), event_bridge_target_id(rule_name).into());
    if let Some(retry) = &e.retry_policy {
        t.insert("RetryPolicy".into(), retry.clone());
    }
    if let Some(arn) = &e.dead_letter_queue_arn {
        t.insert("DeadLetterConfig".into(), obj([("Arn", arn.clone())]));
    }
    if let Some(input) = &e.input {
        t.insert(
            "Input".into(),
            serde_json::to_string(input).unwrap_or_default().into(),
        );
    } else if let Some(path) = &e.input_path {
        t.insert("InputPath".into(), path.clone());
    } else if let Some(transformer) = &e.input_transformer {
        t.insert("InputTransformer".into(), transformer.clone());
    }
    Value::Object(t)
}
