//! `provider.apiGateway` and the API-level provider keys → [`RestApi`]: API keys, usage plans,
//! resource policy, shared REST API, models.

use super::LowerContext;
use super::policy::{PolicyKind, normalize_statements};
use super::shape::{
    bool_at, child, f64_at, list_at, list_of, map_of, str_at, string, strings_at, u64_at, wrong,
};
use crate::diag::Diagnostics;
use crate::ir::{
    ApiKey, ApiKeyGroup, Model, Quota, RestApi, RestApiLogs, StageSettings, Throttle, UsagePlan,
    UsagePlans,
};
use crate::load::{Node, Value};
use indexmap::IndexMap;

pub fn lower_api(cx: &mut LowerContext, p: &Node) -> RestApi {
    let empty = Node::null(p.span);
    let gw = child(p, "apiGateway").unwrap_or(&empty);
    if !gw.is_null() && gw.as_map().is_none() {
        wrong(&mut cx.diags, gw, "provider.apiGateway", "a mapping");
    }
    let d = &mut cx.diags;
    let mut api = RestApi {
        api_name: str_at(d, p, "apiName"),
        should_start_name_with_service: bool_at(d, gw, "shouldStartNameWithService")
            .unwrap_or(false),
        endpoint_type: Some(
            str_at(d, p, "endpointType")
                .map(|t| t.to_uppercase())
                .unwrap_or_else(|| "EDGE".into()),
        ),
        vpc_endpoint_ids: child(p, "vpcEndpointIds").map(Node::to_json),
        rest_api_id: child(gw, "restApiId").map(Node::to_json),
        rest_api_root_resource_id: child(gw, "restApiRootResourceId").map(Node::to_json),
        binary_media_types: strings_at(d, gw, "binaryMediaTypes"),
        minimum_compression_size: u64_at(d, gw, "minimumCompressionSize"),
        description: str_at(d, gw, "description"),
        disable_default_endpoint: bool_at(d, gw, "disableDefaultEndpoint"),
        api_key_source_type: str_at(d, gw, "apiKeySourceType").map(|t| t.to_uppercase()),
        stage: str_at(d, gw, "stage"),
        logs: rest_api_logs(d, p),
        stage_settings: stage_settings(p),
        ..RestApi::default()
    };
    api.resource_policy = normalize_statements(
        list_at(gw, "resourcePolicy")
            .into_iter()
            .map(Node::to_json)
            .collect(),
        PolicyKind::Resource,
    );
    api.rest_api_resources = rest_api_resources(cx, gw);
    api.usage_plans = usage_plans(cx, gw);
    api.api_keys = api_keys(cx, gw);
    api.models = models(cx, gw);
    api
}

/// `restApiResources`: a mapping `path → id` or a list of `{path, resourceId}`; paths lose one
/// leading and one trailing `/`, as SF's resource tree does.
fn rest_api_resources(cx: &mut LowerContext, gw: &Node) -> IndexMap<String, serde_json::Value> {
    let mut out = IndexMap::new();
    let Some(node) = child(gw, "restApiResources") else {
        return out;
    };
    let norm = |p: &str| super::http::normalize_path(p);
    match &node.value {
        Value::Map(m) => {
            for (path, e) in m {
                out.insert(norm(path), e.value.to_json());
            }
        }
        Value::Seq(items) => {
            for item in items {
                let path = str_at(&mut cx.diags, item, "path");
                let id = child(item, "resourceId").map(Node::to_json);
                if let (Some(path), Some(id)) = (path, id) {
                    out.insert(norm(&path), id);
                }
            }
        }
        _ => wrong(
            &mut cx.diags,
            node,
            "restApiResources",
            "a mapping or a list",
        ),
    }
    out
}

fn usage_plan(cx: &mut LowerContext, node: &Node) -> UsagePlan {
    let d = &mut cx.diags;
    UsagePlan {
        quota: child(node, "quota").map(|q| Quota {
            limit: u64_at(d, q, "limit"),
            offset: u64_at(d, q, "offset"),
            period: str_at(d, q, "period"),
        }),
        throttle: child(node, "throttle").map(|t| Throttle {
            burst_limit: u64_at(d, t, "burstLimit"),
            rate_limit: f64_at(d, t, "rateLimit"),
        }),
    }
}

fn usage_plans(cx: &mut LowerContext, gw: &Node) -> UsagePlans {
    let Some(node) = child(gw, "usagePlan") else {
        return UsagePlans::None;
    };
    match &node.value {
        Value::Map(_) => UsagePlans::Single(usage_plan(cx, node)),
        Value::Seq(items) => {
            let mut named = Vec::new();
            for item in items {
                let Some(m) = map_of(&mut cx.diags, item, "usagePlan[]") else {
                    continue;
                };
                for (name, e) in m {
                    named.push((name.clone(), usage_plan(cx, &e.value)));
                }
            }
            UsagePlans::Named(named)
        }
        _ => {
            wrong(
                &mut cx.diags,
                node,
                "usagePlan",
                "a mapping or a list of named plans",
            );
            UsagePlans::None
        }
    }
}

fn api_key(cx: &mut LowerContext, node: &Node) -> Option<ApiKey> {
    let d = &mut cx.diags;
    match &node.value {
        Value::Str(s) => Some(ApiKey {
            name: Some(s.clone()),
            value: None,
            description: None,
            customer_id: None,
            enabled: None,
        }),
        Value::Map(_) => Some(ApiKey {
            name: str_at(d, node, "name"),
            value: str_at(d, node, "value").filter(|v| !v.is_empty()),
            description: str_at(d, node, "description"),
            customer_id: str_at(d, node, "customerId"),
            enabled: bool_at(d, node, "enabled"),
        }),
        _ => {
            wrong(d, node, "apiKeys[]", "a key name or a mapping");
            None
        }
    }
}

/// `apiKeys`: strings (key names), key mappings, and `{plan: [keys]}` groups. A one-entry
/// mapping whose value is a list is a plan group (whether or not the plan exists: `check`
/// reports unknown plans); consecutive plain keys share one group without a plan.
fn api_keys(cx: &mut LowerContext, gw: &Node) -> Vec<ApiKeyGroup> {
    let mut groups: Vec<ApiKeyGroup> = Vec::new();
    for item in list_at(gw, "apiKeys") {
        let plan_group = item
            .as_map()
            .filter(|m| m.len() == 1)
            .and_then(|m| m.iter().next())
            .filter(|(_, e)| matches!(e.value.value, Value::Seq(_)));
        if let Some((plan, e)) = plan_group {
            let keys = list_of(&e.value)
                .into_iter()
                .filter_map(|k| api_key(cx, k))
                .collect();
            groups.push(ApiKeyGroup {
                plan: Some(plan.clone()),
                keys,
            });
            continue;
        }
        let Some(key) = api_key(cx, item) else {
            continue;
        };
        match groups.last_mut() {
            Some(g) if g.plan.is_none() => g.keys.push(key),
            _ => groups.push(ApiKeyGroup {
                plan: None,
                keys: vec![key],
            }),
        }
    }
    groups
}

/// `apiGateway.request.schemas`: id → `{schema, name?, description?}` (a mapping without
/// `schema` is itself the schema).
fn models(cx: &mut LowerContext, gw: &Node) -> IndexMap<String, Model> {
    let mut out = IndexMap::new();
    let Some(schemas) = gw.path(["request", "schemas"]).filter(|n| !n.is_null()) else {
        return out;
    };
    let Some(m) = map_of(&mut cx.diags, schemas, "request.schemas") else {
        return out;
    };
    for (id, e) in m {
        let v = &e.value;
        if v.is_null() {
            continue;
        }
        let model = match child(v, "schema") {
            Some(s) => Model {
                schema: s.to_json(),
                name: string(&mut cx.diags, child(v, "name"), "name"),
                description: string(&mut cx.diags, child(v, "description"), "description"),
            },
            None => Model {
                schema: v.to_json(),
                name: None,
                description: None,
            },
        };
        out.insert(id.clone(), model);
    }
    out
}

/// `provider.logs.restApi`: `None` unless truthy (SF tests `logs && logs.restApi`).
fn rest_api_logs(d: &mut Diagnostics, p: &Node) -> Option<RestApiLogs> {
    let node = p.path(["logs", "restApi"]).filter(|n| n.is_truthy())?;
    let flag = |d: &mut Diagnostics, key: &str| bool_at(d, node, key).unwrap_or(true);
    Some(RestApiLogs {
        access_logging: flag(d, "accessLogging"),
        format: str_at(d, node, "format"),
        execution_logging: flag(d, "executionLogging"),
        level: str_at(d, node, "level"),
        full_execution_data: flag(d, "fullExecutionData"),
        role: child(node, "role").map(Node::to_json),
        role_managed_externally: bool_at(d, node, "roleManagedExternally").unwrap_or(false),
    })
}

/// What SF's `update-stage.js` reads (`!= null` tests: `null` counts as unwritten).
fn stage_settings(p: &Node) -> StageSettings {
    let written = |path: &[&str]| p.path(path.iter().copied()).filter(|n| !n.is_null());
    StageSettings {
        tracing: written(&["tracing", "apiGateway"]).map(Node::is_truthy),
        metrics: written(&["apiGateway", "metrics"]).map(Node::is_truthy),
        logs_written: written(&["logs", "restApi"]).is_some(),
        tags_written: written(&["tags"]).is_some() || written(&["stackTags"]).is_some(),
    }
}
