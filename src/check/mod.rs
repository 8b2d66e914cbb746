//! Semantic checks: what the JSON Schema cannot express, on the lowered service.
//!
//! Each finding has a stable code (`check::*` in [`crate::diag::codes`]), the span of the value
//! at fault and a help line. Covers what Serverless Framework v3 rejects at package time
//! ([`http`], [`api`], [`http_api`]) and what AWS rejects at deploy time although SF lets it
//! through ([`lambda`]: name lengths, memory, timeouts, runtimes; [`http_api`]: cache TTLs,
//! payload versions, greedy paths, JWT settings, quotas; [`schedule`], [`cloudwatch`],
//! [`event_bridge`]: schedule expressions, target ids and inputs, log group limits; the event
//! sources [`event_source`], [`sqs`], [`stream`], [`kafka`]: batch sizes, windows, ARNs; [`s3`],
//! [`sns`], [`cognito_user_pool`], [`iot`], [`cloud_front`]: notifications, names, Lambda@Edge).

mod alb;
mod api;
mod cloud_front;
mod cloudwatch;
mod cognito_user_pool;
mod event_bridge;
mod event_nodes;
mod event_source;
mod function_settings;
mod http;
mod http_api;
mod iot;
mod kafka;
mod lambda;
mod layers;
pub mod runtimes;
mod s3;
mod schedule;
mod sns;
mod sqs;
mod stream;
mod websocket;

#[cfg(test)]
mod tests;

use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::Service;
use crate::load::{Node, Value};

/// Runs every check on `service`, lowered from `root`.
pub fn check(service: &Service, root: &Node) -> Diagnostics {
    let mut d = Diagnostics::default();
    provider(root, &mut d);
    plugins(root, &mut d);
    http::check_events(root, &mut d);
    http::check_endpoints(service, &mut d);
    http::check_stage(service, root, &mut d);
    api::check_api(service, root, &mut d);
    http_api::check_http_api(service, root, &mut d);
    lambda::check_functions(service, root, &mut d);
    sns::check_sns(root, &mut d);
    s3::check_s3(service, root, &mut d);
    cognito_user_pool::check_cognito_user_pools(service, &mut d);
    iot::check_iot(service, &mut d);
    cloud_front::check_cloud_front(service, root, &mut d);
    schedule::check_schedules(service, root, &mut d);
    cloudwatch::check_cloudwatch(service, root, &mut d);
    event_bridge::check_event_bridge(service, root, &mut d);
    event_source::check_event_sources(service, root, &mut d);
    function_settings::check(service, root, &mut d);
    layers::check(service, root, &mut d);
    websocket::check(service, root, &mut d);
    alb::check(service, root, &mut d);
    d
}

/// The node of function `key` (functions may be a mapping or a list of mappings).
pub(crate) fn function_node<'a>(root: &'a Node, key: &str) -> Option<&'a Node> {
    function_nodes(root)
        .into_iter()
        .rev()
        .find(|(k, _)| *k == key)
        .map(|(_, n)| n)
}

/// The settings of the event `origin` names (of type `kind`: `- <kind>: <settings>`).
pub(crate) fn event_value<'a>(
    root: &'a Node,
    origin: &crate::ir::events::EventOrigin,
    kind: &str,
) -> Option<&'a Node> {
    function_node(root, &origin.function)?
        .get("events")?
        .as_seq()?
        .iter()
        .filter_map(|e| e.get(kind))
        .nth(origin.index.checked_sub(1)?)
}

/// Where function `f`'s timeout is written: its own `timeout:`, else `provider.timeout:`, else
/// the function itself (the default applies).
pub(crate) fn timeout_span(root: &Node, f: &crate::ir::Function) -> crate::source::Span {
    function_node(root, &f.key)
        .and_then(|n| n.get("timeout"))
        .or_else(|| root.path(["provider", "timeout"]))
        .map(|n| n.span)
        .unwrap_or(f.span)
}

/// Every `(key, node)` under `functions:`, in order (mapping or legacy list of mappings).
pub(crate) fn function_nodes(root: &Node) -> Vec<(&str, &Node)> {
    let Some(functions) = root.get("functions") else {
        return Vec::new();
    };
    let maps: Vec<&Node> = match &functions.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![functions],
    };
    maps.into_iter()
        .filter_map(Node::as_map)
        .flat_map(|m| m.iter().map(|(k, e)| (k.as_str(), &e.value)))
        .filter(|(_, n)| n.as_map().is_some())
        .collect()
}

/// The candidate closest to `name`, if reasonably close.
pub(crate) fn nearest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&name.to_lowercase(), &c.to_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Plugins that act only when the service runs locally (`serverless offline` and its
/// companions): nothing of theirs reaches the package or the template, and `slsc emulate`
/// stands in for them.
const LOCAL_ONLY_PLUGINS: [&str; 4] = [
    "serverless-offline",
    "serverless-dynamodb-local",
    "serverless-dynamodb",
    "serverless-s3-local",
];

/// slsc runs no plugins: each one that would change the package or the template is said, so a
/// service built around one (a bundler, a WSGI adapter, constructs) is not compiled without
/// its part in silence.
fn plugins(root: &Node, d: &mut Diagnostics) {
    let Some(plugins) = root.get("plugins") else {
        return;
    };
    let listed = plugins
        .as_seq()
        .or_else(|| plugins.get("modules")?.as_seq());
    for plugin in listed.unwrap_or_default() {
        let Some(name) = plugin.as_str() else {
            continue;
        };
        let local_only =
            LOCAL_ONLY_PLUGINS.contains(&name) || name.starts_with("serverless-offline-");
        if !local_only {
            d.push(
                Diagnostic::warning(
                    codes::SEM_IGNORED,
                    format!("plugin `{name}` is not run by slsc"),
                )
                .at(plugin.span)
                .label("not run")
                .help("the package and template slsc writes lack what this plugin adds"),
            );
        }
    }
}

/// slsc compiles for AWS: `provider.name` must be `aws`.
fn provider(root: &Node, d: &mut Diagnostics) {
    match root.get("provider") {
        None => d.push(
            Diagnostic::error(codes::SEM_PROVIDER, "the service has no `provider`")
                .at(root.span)
                .help("add `provider:` with `name: aws` and a `runtime`"),
        ),
        Some(p) => match p.get("name") {
            Some(n) if n.as_str() == Some("aws") => {}
            Some(n) => d.push(
                Diagnostic::error(
                    codes::SEM_PROVIDER,
                    format!(
                        "slsc compiles AWS services; provider.name is `{}`",
                        n.as_str().unwrap_or(n.kind())
                    ),
                )
                .at(n.span)
                .help("set `name: aws`"),
            ),
            None => d.push(
                Diagnostic::error(codes::SEM_PROVIDER, "`provider` has no `name`")
                    .at(p.span)
                    .help("add `name: aws` under `provider:`"),
            ),
        },
    }
}
