//! `functions:` → [`Function`]s: deployed names, provider fallbacks, environment merge.

use super::LowerContext;
use super::provider::positive;
use super::shape::{
    bool_at, child, json_at, list_at, map_of, str_at, string_map_at, strings_at, wrong,
};
use crate::ir::{Function, FunctionAlias, FunctionPackage, Provider, RuntimeManagement};
use crate::load::{Node, Value};
use crate::source::Span;
use serde_json::Value as Json;

/// The function entries in order: `(key, key span, node)`. `null` entries are dropped (as SF
/// does); a list of mappings (the legacy form) is merged.
pub fn function_nodes<'a>(
    cx: &mut LowerContext,
    functions: Option<&'a Node>,
) -> Vec<(String, Span, &'a Node)> {
    let mut out: Vec<(String, Span, &'a Node)> = Vec::new();
    let Some(functions) = functions else {
        return out;
    };
    let maps: Vec<&Node> = match &functions.value {
        Value::Seq(items) => items.iter().filter(|n| !n.is_null()).collect(),
        _ => vec![functions],
    };
    for m in maps {
        let Some(map) = map_of(&mut cx.diags, m, "functions") else {
            continue;
        };
        for (key, entry) in map {
            if entry.value.is_null() {
                continue;
            }
            if entry.value.as_map().is_none() {
                wrong(
                    &mut cx.diags,
                    &entry.value,
                    &format!("functions.{key}"),
                    "a mapping",
                );
                continue;
            }
            match out.iter_mut().find(|(k, _, _)| k == key) {
                Some(slot) => *slot = (key.clone(), entry.key_span, &entry.value),
                None => out.push((key.clone(), entry.key_span, &entry.value)),
            }
        }
    }
    out
}

pub fn lower_function(
    cx: &mut LowerContext,
    provider: &Provider,
    provider_node: &Node,
    key: &str,
    key_span: Span,
    f: &Node,
) -> Option<Function> {
    let d = &mut cx.diags;
    let name = str_at(d, f, "name").unwrap_or_else(|| format!("{}-{}-{key}", cx.service, cx.stage));
    let mut environment = provider.environment.clone();
    for (k, v) in string_map_at(d, f, "environment") {
        environment.insert(k, v);
    }
    let mut tags = provider.tags.clone();
    for (k, v) in string_map_at(d, f, "tags") {
        tags.insert(k, v);
    }
    let layers = match child(f, "layers") {
        Some(_) => list_at(f, "layers")
            .into_iter()
            .map(Node::to_json)
            .collect(),
        None => provider.layers.clone(),
    };
    let package = child(f, "package")
        .map(|p| FunctionPackage {
            artifact: str_at(d, p, "artifact"),
            patterns: strings_at(d, p, "patterns"),
            individually: bool_at(d, p, "individually").unwrap_or(false),
            include: strings_at(d, p, "include"),
            exclude: strings_at(d, p, "exclude"),
        })
        .unwrap_or_default();
    let tracing = json_at(f, "tracing").or_else(|| provider.tracing_lambda.clone());
    let edge = super::events::is_lambda_at_edge(f);
    let (default_memory, default_timeout) = match edge {
        true => (super::events::EDGE_MEMORY_SIZE, super::events::EDGE_TIMEOUT),
        false => (provider.memory_size, provider.timeout),
    };
    Some(Function {
        key: key.to_string(),
        name,
        handler: str_at(d, f, "handler"),
        image: json_at(f, "image"),
        runtime: str_at(d, f, "runtime").unwrap_or_else(|| provider.runtime.clone()),
        memory_size: positive(f, "memorySize").unwrap_or(default_memory),
        timeout: positive(f, "timeout").unwrap_or(default_timeout),
        description: str_at(d, f, "description"),
        environment,
        layers,
        vpc: vpc(f, provider_node),
        tags,
        reserved_concurrency: child(f, "reservedConcurrency").and_then(super::shape::as_u64),
        alias: alias(f),
        role: json_at(f, "role"),
        architecture: str_at(d, f, "architecture").or_else(|| provider.architecture.clone()),
        kms_key_arn: json_at(f, "kmsKeyArn").or_else(|| provider.kms_key_arn.clone()),
        tracing,
        dead_letter_target_arn: json_at(f, "onError"),
        condition: str_at(d, f, "condition"),
        depends_on: strings_at(d, f, "dependsOn"),
        package,
        version: edge || bool_at(d, f, "versionFunction").unwrap_or(provider.version_functions),
        log_retention_in_days: json_at(f, "logRetentionInDays")
            .or_else(|| provider.log_retention_in_days.clone()),
        url: super::function_url::lower(f),
        async_invoke: super::async_invoke::lower(f),
        ephemeral_storage_size: truthy_json(f, "ephemeralStorageSize"),
        file_system_config: truthy_json(f, "fileSystemConfig"),
        runtime_management: runtime_management(provider_node, f),
        disable_logs: f.get("disableLogs").is_some_and(Node::is_truthy),
        log_data_protection_policy: truthy_json(f, "logDataProtectionPolicy")
            .or_else(|| provider.log_data_protection_policy.clone()),
        span: key_span,
    })
}

/// A setting SF tests for truthiness, as written.
fn truthy_json(f: &Node, key: &str) -> Option<Json> {
    f.get(key).filter(|n| n.is_truthy()).map(Node::to_json)
}

/// SF `resolveFunctionRuntimeManagement`: mode `auto`, overlaid by the provider's setting,
/// then the function's (a string is the mode; a mapping's keys overlay one by one). `None`
/// for `auto`.
fn runtime_management(provider: &Node, f: &Node) -> Option<RuntimeManagement> {
    let mut mode: Option<&Node> = None;
    let mut arn: Option<&Node> = None;
    for setting in [
        provider.get("runtimeManagement"),
        f.get("runtimeManagement"),
    ]
    .into_iter()
    .flatten()
    {
        match &setting.value {
            Value::Str(_) => mode = Some(setting),
            Value::Map(m) => {
                if let Some(e) = m.get("mode") {
                    mode = Some(&e.value);
                }
                if let Some(e) = m.get("arn") {
                    arn = Some(&e.value);
                }
            }
            _ => {}
        }
    }
    let mode = match mode {
        None => return None,
        Some(m) => m.as_str(),
    };
    if mode == Some("auto") {
        return None;
    }
    let update_runtime_on = match mode {
        Some("onFunctionUpdate") => Some("FunctionUpdate"),
        Some("manual") => Some("Manual"),
        _ => None,
    };
    Some(RuntimeManagement {
        update_runtime_on,
        runtime_version_arn: arn
            .filter(|_| mode == Some("manual"))
            .filter(|n| !n.is_null())
            .map(Node::to_json),
    })
}

/// SF tests both settings for truthiness; with both set (a check reports it, as SF refuses it)
/// provisioned concurrency is kept.
fn alias(f: &Node) -> Option<FunctionAlias> {
    if let Some(executions) = child(f, "provisionedConcurrency").filter(|n| n.is_truthy()) {
        return Some(FunctionAlias::ProvisionedConcurrency {
            executions: executions.to_json(),
        });
    }
    child(f, "snapStart")
        .filter(|n| n.is_truthy())
        .map(|_| FunctionAlias::SnapStart)
}

/// The effective VPC config (`compile/functions.js`): `vpc: false`/`null` on the function turns
/// it off; otherwise each of `securityGroupIds`/`subnetIds` comes from the function, else the
/// provider. `None` unless both end up set.
fn vpc(f: &Node, provider: &Node) -> Option<Json> {
    let own = f.get("vpc");
    if let Some(v) = own
        && matches!(v.value, Value::Null | Value::Bool(false))
    {
        return None;
    }
    let pick = |key: &str| {
        own.and_then(|v| json_at(v, key))
            .or_else(|| child(provider, "vpc").and_then(|v| json_at(v, key)))
    };
    let groups = pick("securityGroupIds")?;
    let subnets = pick("subnetIds")?;
    let mut m = serde_json::Map::new();
    m.insert("securityGroupIds".into(), groups);
    m.insert("subnetIds".into(), subnets);
    Some(Json::Object(m))
}

#[cfg(test)]
mod tests {
    use crate::ir::RuntimeManagement;
    use crate::ir::lower::tests::svc;
    use serde_json::json;

    /// SF `resolveFunctionRuntimeManagement`: the function's keys overlay the provider's.
    #[test]
    fn runtime_management_overlays_the_provider() {
        let of = |provider: &str, function: &str| {
            let s = svc(&format!(
                "service: demo\nprovider:\n  name: aws\n{provider}functions:\n  f:\n    handler: h.f\n{function}"
            ));
            s.functions[0].runtime_management.clone()
        };
        let manual =
            "  runtimeManagement:\n    mode: manual\n    arn: arn:aws:lambda:::runtime:x\n";
        assert_eq!(
            of(manual, ""),
            Some(RuntimeManagement {
                update_runtime_on: Some("Manual"),
                runtime_version_arn: Some(json!("arn:aws:lambda:::runtime:x")),
            })
        );
        assert_eq!(of(manual, "    runtimeManagement: auto\n"), None);
        assert_eq!(
            of(manual, "    runtimeManagement: onFunctionUpdate\n"),
            Some(RuntimeManagement {
                update_runtime_on: Some("FunctionUpdate"),
                runtime_version_arn: None,
            })
        );
        assert_eq!(of("", ""), None);
    }
}
