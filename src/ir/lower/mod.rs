//! Lowering: the resolved, schema-validated tree → the typed IR ([`crate::ir::Service`]).
//!
//! Applies Serverless Framework v3's defaults and normalizations (provider defaults, function
//! names, environment merge, `http` shorthand, integration names, CORS, authorizer forms,
//! request/response defaults, API keys and usage plans; `httpApi` routes in [`http_api`]). Works on the spanned [`Node`] tree so
//! every IR record keeps where it was written. A value of a shape slsc cannot use is reported at
//! its span and the item skipped; nothing panics. Problems the IR can still represent (a missing
//! function, a duplicate route, ...) are left to [`crate::check`].

pub(crate) mod api;
pub(crate) mod async_invoke;
pub(crate) mod authorizer;
pub(crate) mod cors;
pub(crate) mod events;
pub(crate) mod function;
pub(crate) mod function_url;
pub(crate) mod http;
pub(crate) mod http_api;
pub(crate) mod layers;
pub(crate) mod policy;
pub(crate) mod provider;
pub(crate) mod request;
pub mod shape;

#[cfg(test)]
pub(crate) mod tests;

use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::Service;
use crate::load::Node;
use std::path::Path;

/// What every lowering step needs: the diagnostics so far and the service's identity.
pub(crate) struct LowerContext<'a> {
    pub diags: Diagnostics,
    pub service: String,
    pub stage: &'a str,
    /// Keys of `functions:` in order (authorizers refer to them).
    pub function_keys: Vec<String>,
    /// Ids under `provider.apiGateway.request.schemas` (with a non-null value).
    pub provider_schema_ids: Vec<String>,
}

/// Lowers `root` (resolved for `stage` and `region`; `dir` is the service folder).
///
/// Returns `None` only when there is no usable service (no mapping at the top, no `service`
/// name); otherwise the service with every usable item, and the problems found on the way.
pub fn lower(root: &Node, stage: &str, region: &str, dir: &Path) -> (Option<Service>, Diagnostics) {
    let mut diags = Diagnostics::default();
    if root.as_map().is_none() {
        shape::wrong(&mut diags, root, "the configuration", "a mapping");
        return (None, diags);
    }
    let Some(name) = service_name(&mut diags, root) else {
        return (None, diags);
    };
    let mut cx = LowerContext {
        diags,
        service: name.clone(),
        stage,
        function_keys: Vec::new(),
        provider_schema_ids: Vec::new(),
    };
    let empty = Node::null(root.span);
    let provider_node = shape::child(root, "provider").unwrap_or(&empty);
    let provider = provider::lower_provider(&mut cx, provider_node);
    cx.provider_schema_ids = provider_node
        .path(["apiGateway", "request", "schemas"])
        .and_then(Node::as_map)
        .map(|m| {
            m.iter()
                .filter(|(_, e)| !e.value.is_null())
                .map(|(k, _)| k.clone())
                .collect()
        })
        .unwrap_or_default();
    let functions_node = shape::child(root, "functions");
    let function_nodes = function::function_nodes(&mut cx, functions_node);
    cx.function_keys = function_nodes.iter().map(|(k, _, _)| k.clone()).collect();
    let mut functions = Vec::new();
    let mut endpoints = Vec::new();
    let mut unsupported_events = Vec::new();
    let mut events = crate::ir::events::Events::default();
    events::lower_provider(provider_node, &mut events);
    for (key, key_span, node) in &function_nodes {
        let Some(f) =
            function::lower_function(&mut cx, &provider, provider_node, key, *key_span, node)
        else {
            continue;
        };
        http::lower_events(
            &mut cx,
            key,
            node,
            &mut endpoints,
            &mut events,
            &mut unsupported_events,
        );
        functions.push(f);
    }
    events.websockets.api = events::websocket::lower_api(&name, stage, provider_node);
    events::alb::lower_provider(provider_node, &mut events.albs);
    let lowered: Vec<(&str, &Node)> = function_nodes
        .iter()
        .filter(|(k, _, _)| functions.iter().any(|f| &f.key == k))
        .map(|(k, _, n)| (k.as_str(), *n))
        .collect();
    let http_api = http_api::lower_http_api(&mut cx.diags, &name, stage, provider_node, &lowered);
    let api = api::lower_api(&mut cx, provider_node);
    let resources = shape::child(root, "resources").map(Node::to_json);
    let package = service_package(&mut cx.diags, root);
    let use_dotenv = shape::bool_at(&mut cx.diags, root, "useDotenv").unwrap_or(false);
    let layers = layers::lower_layers(&mut cx, root);
    let service = Service {
        name,
        stage: stage.to_string(),
        region: region.to_string(),
        dir: dir.to_path_buf(),
        provider,
        functions,
        endpoints,
        api,
        http_api,
        events,
        resources,
        unsupported_events,
        package,
        use_dotenv,
        layers,
    };
    (Some(service), cx.diags)
}

/// The service-level `package:` block.
fn service_package(d: &mut Diagnostics, root: &Node) -> crate::ir::ServicePackage {
    let Some(p) = shape::child(root, "package") else {
        return crate::ir::ServicePackage::default();
    };
    crate::ir::ServicePackage {
        patterns: shape::strings_at(d, p, "patterns"),
        include: shape::strings_at(d, p, "include"),
        exclude: shape::strings_at(d, p, "exclude"),
        individually: shape::bool_at(d, p, "individually").unwrap_or(false),
        artifact: shape::str_at(d, p, "artifact"),
        exclude_dev_dependencies: shape::bool_at(d, p, "excludeDevDependencies").unwrap_or(true),
    }
}

fn service_name(diags: &mut Diagnostics, root: &Node) -> Option<String> {
    match shape::child(root, "service") {
        None => {
            diags.push(
                Diagnostic::error(
                    codes::SCHEMA_REQUIRED,
                    "the configuration has no `service` name",
                )
                .at(root.span)
                .help("add `service: <name>` at the top of the file"),
            );
            None
        }
        // the pre-v3 `service: {name: ...}` form
        Some(n) if n.as_map().is_some() => shape::str_at(diags, n, "name"),
        Some(n) => shape::string(diags, Some(n), "service"),
    }
}

/// The name SF v3 gives a function's resources: `-` → `Dash`, `_` → `Underscore`, first
/// letter upper-cased (`naming.getNormalizedFunctionName`).
pub fn normalized_function_name(key: &str) -> String {
    let s = key.replace('-', "Dash").replace('_', "Underscore");
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
