//! `cloudFront` events (SF v3 `cloud-front.js`): the cache policies of
//! `provider.cloudFront.cachePolicies`, then, when a function has an event, the
//! `AWS::CloudFront::Distribution` whose cache behaviours associate the functions' versions
//! (Lambda@Edge), the permissions letting CloudFront invoke those versions, and the outputs.
//!
//! SF also changes what the functions step made: a Lambda@Edge function loses `VpcConfig` and
//! `Environment` (after its version id was hashed with them) and is kept on stack deletion,
//! and the execution role may be assumed by `edgelambda.amazonaws.com` and write logs in every
//! region. Its memory, timeout and versioning defaults are applied when lowering
//! (`ir::lower::events::cloud_front`).

use super::super::Ctx;
use super::super::iam::{ROLE, add_statement};
use super::super::value::{join, obj, reference};
use crate::ir::events::cloud_front::{CachePolicyRef, CloudFrontEvent, origin_object};
use crate::ir::naming::{
    CLOUD_FRONT_DISTRIBUTION, CLOUD_FRONT_DISTRIBUTION_DOMAIN_NAME,
    cloud_front_cache_policy_logical_id, cloud_front_cache_policy_name,
    lambda_at_edge_permission_logical_id,
};
use serde_json::{Map, Value, json};

/// The managed `CachingOptimized` policy SF gives a behaviour that names no cache settings.
pub const CACHING_OPTIMIZED: &str = "658327ea-f89d-4fab-a63d-7e88639e58f6";

pub(crate) fn compile(cx: &mut Ctx) {
    compile_cache_policies(cx);
    let svc = cx.svc;
    let mut origins: Vec<Map<String, Value>> = Vec::new();
    let mut behaviors: Vec<Map<String, Value>> = Vec::new();
    let mut default_origin: Option<usize> = None;
    // (function key, version logical id) per event
    let mut edge_functions: Vec<(&str, String)> = Vec::new();
    for event in &svc.events.cloud_front {
        let key = event.origin.function.as_str();
        let Some(f) = svc.functions.iter().find(|f| f.key == key) else {
            continue;
        };
        let Some(function_id) = find_resource(cx, "AWS::Lambda::Function", |p| {
            p.get("FunctionName").and_then(Value::as_str) == Some(f.name.as_str())
        }) else {
            continue;
        };
        strip_function(cx, &function_id);
        let version_id = find_resource(cx, "AWS::Lambda::Version", |p| {
            p.get("FunctionName")
                .and_then(|n| n.get("Ref"))
                .and_then(Value::as_str)
                == Some(function_id.as_str())
        });
        let origin = origin_object(event.target.as_ref());
        let origin_id = origin.get("Id").cloned().unwrap_or(Value::Null);
        let index = match origins.iter().position(|o| o.get("Id") == Some(&origin_id)) {
            Some(i) => {
                extend_deep(&mut origins[i], &origin);
                i
            }
            None => {
                origins.push(origin);
                origins.len() - 1
            }
        };
        // a second default origin is SF's CLOUDFRONT_MULTIPLE_DEFAULT_ORIGIN_EVENTS
        // (`check::cloud_front`); the first one stays
        if event.is_default_origin && default_origin.is_none() {
            default_origin = Some(index);
        }
        let behavior = behavior(event, origin_id, version_id.as_deref());
        let same = behaviors.iter().position(|b| {
            b.get("PathPattern") == behavior.get("PathPattern")
                && b.get("TargetOriginId") == behavior.get("TargetOriginId")
        });
        match same {
            Some(i) => extend_deep(&mut behaviors[i], &behavior),
            None => behaviors.push(behavior),
        }
        edge_functions.push((key, version_id.unwrap_or_default()));
    }
    if edge_functions.is_empty() {
        return;
    }
    // stable: the behaviours without a path pattern first
    behaviors.sort_by_key(|b| b.contains_key("PathPattern"));
    if behaviors[0].contains_key("PathPattern") {
        // the default behaviour takes no path pattern: SF makes one from the first behaviour
        let origin = default_origin.or((origins.len() == 1).then_some(0));
        let mut default = behaviors[0].clone();
        default.shift_remove("PathPattern");
        default.shift_remove("LambdaFunctionAssociations");
        let target = origin.and_then(|i| origins[i].get("Id")).cloned();
        default.insert("TargetOriginId".into(), target.unwrap_or(Value::Null));
        behaviors.insert(0, default);
    }
    compile_permissions(cx, &edge_functions);
    edge_role(cx);
    compile_distribution(cx, behaviors, origins);
}

/// `provider.cloudFront.cachePolicies`, each named `<service>-<stage>-<name>` (compiled
/// whether or not an event uses it).
fn compile_cache_policies(cx: &mut Ctx) {
    let svc = cx.svc;
    for (name, config) in &svc.events.cloud_front_cache_policies {
        let mut config = config.as_object().cloned().unwrap_or_default();
        config.insert(
            "Name".into(),
            cloud_front_cache_policy_name(&svc.name, &svc.stage, name).into(),
        );
        cx.assign_resource(
            &cloud_front_cache_policy_logical_id(name),
            obj([
                ("Type", "AWS::CloudFront::CachePolicy".into()),
                (
                    "Properties",
                    obj([("CachePolicyConfig", Value::Object(config))]),
                ),
            ]),
        );
    }
}

/// The logical id of the first resource of type `ty` whose properties satisfy `matches`.
fn find_resource(
    cx: &Ctx,
    ty: &str,
    matches: impl Fn(&Map<String, Value>) -> bool,
) -> Option<String> {
    cx.resources
        .iter()
        .find(|(_, r)| {
            r.get("Type").and_then(Value::as_str) == Some(ty)
                && r.get("Properties")
                    .and_then(Value::as_object)
                    .is_some_and(&matches)
        })
        .map(|(k, _)| k.clone())
}

/// A Lambda@Edge function takes no VPC and no environment, and is kept when the stack is
/// deleted (CloudFront's replicas outlive the distribution for a while).
fn strip_function(cx: &mut Ctx, function_id: &str) {
    let Some(Value::Object(function)) = cx.resources.get_mut(function_id) else {
        return;
    };
    if let Some(Value::Object(props)) = function.get_mut("Properties") {
        props.shift_remove("VpcConfig");
        props.shift_remove("Environment");
    }
    function.insert("DeletionPolicy".into(), "Retain".into());
}

/// The event's cache behaviour: `allow-all` viewers, the event's `behavior` settings, a cache
/// policy (the event's, else the managed `CachingOptimized` unless the behaviour sets TTLs or
/// forwarded values), the origin, the function association and the path pattern.
fn behavior(
    event: &CloudFrontEvent,
    origin_id: Value,
    version_id: Option<&str>,
) -> Map<String, Value> {
    let mut b = Map::new();
    b.insert("ViewerProtocolPolicy".into(), "allow-all".into());
    let mut assign_default_policy = true;
    if let Some(settings) = &event.behavior {
        b.extend(settings.clone());
        let set = |k: &str| settings.get(k).is_some_and(|v| !v.is_null());
        if settings
            .get("CachePolicyId")
            .is_some_and(super::super::js::truthy)
            || settings
                .get("ForwardedValues")
                .is_some_and(super::super::js::truthy)
            || set("MaxTTL")
            || set("MinTTL")
            || set("DefaultTTL")
        {
            assign_default_policy = false;
        }
    }
    match &event.cache_policy {
        Some(CachePolicyRef::Id(id)) => {
            b.insert("CachePolicyId".into(), id.clone());
        }
        Some(CachePolicyRef::Name(name)) => {
            let id = cloud_front_cache_policy_logical_id(name);
            b.insert("CachePolicyId".into(), reference(id));
        }
        None if assign_default_policy => {
            b.insert("CachePolicyId".into(), CACHING_OPTIMIZED.into());
        }
        None => {}
    }
    let mut association = Map::new();
    if let Some(t) = &event.event_type {
        association.insert("EventType".into(), t.as_str().into());
    }
    association.insert(
        "LambdaFunctionARN".into(),
        version_id.map_or_else(|| obj([]), reference),
    );
    if let Some(include) = event.include_body {
        association.insert("IncludeBody".into(), include.into());
    }
    b.insert("TargetOriginId".into(), origin_id);
    b.insert(
        "LambdaFunctionAssociations".into(),
        Value::Array(vec![Value::Object(association)]),
    );
    if let Some(p) = &event.path_pattern {
        b.insert("PathPattern".into(), p.as_str().into());
    }
    b
}

/// SF's `extendDeep` (`_.assignWith`): what `target` has stays; a list is extended with the
/// source's items it lacks; an object takes the source's keys recursively, and a string
/// source's characters become index keys of a target object (lodash reads a string's own
/// keys), ordered first as JavaScript orders integer keys.
pub(crate) fn extend_deep(target: &mut Map<String, Value>, source: &Map<String, Value>) {
    for (key, src) in source {
        match target.get_mut(key) {
            None => {
                target.insert(key.clone(), src.clone());
            }
            Some(Value::Array(list)) => {
                let items: Vec<Value> = match src {
                    Value::Array(s) => s.clone(),
                    other => vec![other.clone()],
                };
                let mut merged: Vec<Value> = Vec::with_capacity(list.len() + items.len());
                for item in list.drain(..).chain(items) {
                    if !merged.contains(&item) {
                        merged.push(item);
                    }
                }
                *list = merged;
            }
            Some(Value::Object(inner)) => match src {
                Value::Object(s) => extend_deep(inner, s),
                Value::String(s) => {
                    let chars: Map<String, Value> = s
                        .encode_utf16()
                        .enumerate()
                        .map(|(i, unit)| {
                            let c = String::from_utf16_lossy(&[unit]);
                            (i.to_string(), Value::String(c))
                        })
                        .collect();
                    extend_deep(inner, &chars);
                    integer_keys_first(inner);
                }
                Value::Array(items) => {
                    let indexed: Map<String, Value> = items
                        .iter()
                        .enumerate()
                        .map(|(i, v)| (i.to_string(), v.clone()))
                        .collect();
                    extend_deep(inner, &indexed);
                    integer_keys_first(inner);
                }
                _ => {}
            },
            Some(_) => {}
        }
    }
}

/// Reorders `m` as a JavaScript object orders its keys: array indices ascending, then the
/// others in insertion order.
fn integer_keys_first(m: &mut Map<String, Value>) {
    fn index(k: &str) -> Option<u32> {
        let n: u32 = k.parse().ok()?;
        (n.to_string() == k && n != u32::MAX).then_some(n)
    }
    let mut entries: Vec<(String, Value)> = std::mem::take(m).into_iter().collect();
    entries.sort_by_key(|(k, _)| index(k).map_or((1, 0), |n| (0, n)));
    m.extend(entries);
}

/// A permission per Lambda@Edge function letting CloudFront invoke its version.
fn compile_permissions(cx: &mut Ctx, edge_functions: &[(&str, String)]) {
    let source_arn = join(
        "",
        vec![
            "".into(),
            "arn:".into(),
            reference("AWS::Partition"),
            ":cloudfront::".into(),
            reference("AWS::AccountId"),
            ":distribution/".into(),
            reference(CLOUD_FRONT_DISTRIBUTION),
        ],
    );
    let mut permissions = Map::new();
    for (key, version_id) in edge_functions {
        permissions.insert(
            lambda_at_edge_permission_logical_id(key),
            obj([
                ("Type", "AWS::Lambda::Permission".into()),
                (
                    "Properties",
                    obj([
                        ("FunctionName", reference(version_id.as_str())),
                        ("Action", "lambda:InvokeFunction".into()),
                        ("Principal", "edgelambda.amazonaws.com".into()),
                        ("SourceArn", source_arn.clone()),
                    ]),
                ),
            ]),
        );
    }
    for (id, permission) in permissions {
        cx.assign_resource(&id, permission);
    }
}

/// The execution role, if the service has one: assumable by `edgelambda.amazonaws.com`, and
/// allowed to write logs in every region (Lambda@Edge logs where it runs).
fn edge_role(cx: &mut Ctx) -> Option<()> {
    let role = cx.properties_mut(ROLE)?;
    let statements = role
        .get_mut("AssumeRolePolicyDocument")?
        .get_mut("Statement")?
        .as_array_mut()?;
    let lambda = statements.iter_mut().find(|s| {
        s.pointer("/Principal/Service")
            .and_then(Value::as_array)
            .is_some_and(|list| list.iter().any(|x| x == "lambda.amazonaws.com"))
    });
    if let Some(Value::Array(services)) = lambda.and_then(|s| s.pointer_mut("/Principal/Service")) {
        services.push("edgelambda.amazonaws.com".into());
    }
    add_statement(
        cx,
        json!({
            "Effect": "Allow",
            "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents", "logs:TagResource"],
            "Resource": [{"Fn::Sub": "arn:${AWS::Partition}:logs:*:*:*"}]
        }),
        false,
    );
    Some(())
}

/// The distribution (the first behaviour is the default one) and its two outputs.
fn compile_distribution(
    cx: &mut Ctx,
    mut behaviors: Vec<Map<String, Value>>,
    origins: Vec<Map<String, Value>>,
) {
    let svc = cx.svc;
    let default = Value::Object(behaviors.remove(0));
    let mut config = Map::new();
    config.insert(
        "Comment".into(),
        format!("{} {}", svc.name, svc.stage).into(),
    );
    config.insert("Enabled".into(), true.into());
    config.insert("DefaultCacheBehavior".into(), default);
    config.insert(
        "Origins".into(),
        Value::Array(origins.into_iter().map(Value::Object).collect()),
    );
    if !behaviors.is_empty() {
        config.insert(
            "CacheBehaviors".into(),
            Value::Array(behaviors.into_iter().map(Value::Object).collect()),
        );
    }
    cx.assign_resource(
        CLOUD_FRONT_DISTRIBUTION,
        obj([
            ("Type", "AWS::CloudFront::Distribution".into()),
            (
                "Properties",
                obj([("DistributionConfig", Value::Object(config))]),
            ),
        ]),
    );
    cx.merge_output(
        CLOUD_FRONT_DISTRIBUTION,
        obj([
            ("Description", "CloudFront Distribution Id".into()),
            ("Value", reference(CLOUD_FRONT_DISTRIBUTION)),
        ]),
    );
    cx.merge_output(
        CLOUD_FRONT_DISTRIBUTION_DOMAIN_NAME,
        obj([
            ("Description", "CloudFront Distribution Domain Name".into()),
            (
                "Value",
                super::super::value::get_att(CLOUD_FRONT_DISTRIBUTION, "DomainName"),
            ),
        ]),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extending_a_cache_policy_reference_with_a_string_spreads_its_characters_first() {
        // SF's own output when one behaviour gets a named policy and a later event on the same
        // path and origin the managed default: the id's characters become keys of the `Ref`
        let mut target = serde_json::Map::new();
        target.insert("CachePolicyId".into(), json!({"Ref": "P"}));
        target.insert("List".into(), json!([1, 2]));
        let mut source = serde_json::Map::new();
        source.insert("CachePolicyId".into(), json!("ab"));
        source.insert("List".into(), json!([2, 3]));
        source.insert("New".into(), json!(true));
        extend_deep(&mut target, &source);
        assert_eq!(
            serde_json::to_string(&target).unwrap(),
            r#"{"CachePolicyId":{"0":"a","1":"b","Ref":"P"},"List":[1,2,3],"New":true}"#
        );
    }
}
