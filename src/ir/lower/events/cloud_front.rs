//! `cloudFront` events → [`CloudFrontEvent`], and `provider.cloudFront.cachePolicies`.

use super::super::LowerContext;
use super::super::shape::{bool_at, child, str_at, wrong};
use crate::ir::events::EventOrigin;
use crate::ir::events::cloud_front::{CachePolicyRef, CloudFrontEvent};
use crate::load::Node;
use indexmap::IndexMap;
use serde_json::Value as Json;

pub fn lower(cx: &mut LowerContext, value: &Node, origin: EventOrigin) -> Option<CloudFrontEvent> {
    let d = &mut cx.diags;
    if value.as_map().is_none() {
        wrong(d, value, "cloudFront", "a mapping");
        return None;
    }
    let behavior = match child(value, "behavior").map(|b| (b, b.to_json())) {
        Some((_, Json::Object(m))) => Some(m),
        Some((b, _)) => {
            wrong(d, b, "behavior", "a mapping");
            None
        }
        None => None,
    };
    let cache_policy = child(value, "cachePolicy").and_then(|p| {
        if let Some(id) = child(p, "id") {
            Some(CachePolicyRef::Id(id.to_json()))
        } else if let Some(name) = str_at(d, p, "name").filter(|n| !n.is_empty()) {
            Some(CachePolicyRef::Name(name))
        } else {
            wrong(d, p, "cachePolicy", "a mapping with `id` or `name`");
            None
        }
    });
    Some(CloudFrontEvent {
        origin,
        event_type: str_at(d, value, "eventType"),
        // SF takes a path pattern only when it is a string
        path_pattern: child(value, "pathPattern")
            .and_then(Node::as_str)
            .filter(|p| !p.is_empty())
            .map(str::to_string),
        target: child(value, "origin").map(Node::to_json),
        is_default_origin: bool_at(d, value, "isDefaultOrigin").unwrap_or(false),
        include_body: bool_at(d, value, "includeBody"),
        behavior,
        cache_policy,
    })
}

/// `provider.cloudFront.cachePolicies`: each policy's configuration, as written.
pub fn provider_cache_policies(provider: &Node) -> IndexMap<String, Json> {
    provider
        .path(["cloudFront", "cachePolicies"])
        .and_then(Node::as_map)
        .map(|m| {
            m.iter()
                .map(|(k, e)| (k.clone(), e.value.to_json()))
                .collect()
        })
        .unwrap_or_default()
}

/// The memory size SF gives a Lambda@Edge function that sets none (`prepareFunctions`): the
/// provider's is not used.
pub const EDGE_MEMORY_SIZE: u64 = 128;
/// The timeout SF gives a Lambda@Edge function that sets none.
pub const EDGE_TIMEOUT: u64 = 5;

/// Whether the function node `f` has a `cloudFront` event: SF then versions it whatever
/// `versionFunction(s)` says, and defaults its memory and timeout to Lambda@Edge's limits.
pub fn is_lambda_at_edge(f: &Node) -> bool {
    super::super::shape::list_at(f, "events")
        .into_iter()
        .any(|e| e.get("cloudFront").is_some_and(Node::is_truthy))
}
