//! Checks on `cloudFront` events (Lambda@Edge): what SF v3 rejects (a region other than
//! `us-east-1`, memory and timeouts over Lambda@Edge's limits, several default origins, two
//! behaviours with one path pattern, one event type twice in a behaviour, an unknown cache
//! policy) and warns about (an unused cache policy), and what CloudFront and Lambda reject at
//! deploy although SF lets it through (a missing or host-less origin, `includeBody` on a
//! response event, a behaviour whose cache policy SF garbles, Lambda features Lambda@Edge
//! does not offer).

use super::event_nodes::events_of;
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::Service;
use crate::ir::events::cloud_front::{CachePolicyRef, CloudFrontEvent, edge_limits, origin_object};
use crate::load::Node;
use serde_json::Value as Json;

/// The only region Lambda@Edge functions are deployed from.
pub const EDGE_REGION: &str = "us-east-1";

pub fn check_cloud_front(service: &Service, root: &Node, d: &mut Diagnostics) {
    unused_cache_policies(service, root, d);
    let events = &service.events.cloud_front;
    let Some(first) = events.first() else { return };
    if service.region != EDGE_REGION {
        d.push(
            Diagnostic::error(
                codes::CLOUDFRONT_REGION,
                format!(
                    "`cloudFront` events deploy Lambda@Edge functions, which live in {EDGE_REGION}; this service deploys to {}",
                    service.region
                ),
            )
            .at(first.origin.span)
            .label("Lambda@Edge function")
            .help(format!("deploy the service to `{EDGE_REGION}` (SF v3: CLOUDFRONT_INVALID_REGION)")),
        );
    }
    limits(root, d);
    edge_functions(service, d);
    let origin_ids: Vec<Option<String>> = events.iter().map(|e| origin_id(e, d)).collect();
    default_origins(events, &origin_ids, d);
    behaviors(events, &origin_ids, d);
    for event in events {
        cache_policy(service, event, d);
        if event.include_body.is_some()
            && matches!(
                event.event_type.as_deref(),
                Some("origin-response" | "viewer-response")
            )
        {
            d.push(
                Diagnostic::error(
                    codes::CLOUDFRONT_BEHAVIOR,
                    "`includeBody` applies to request events only",
                )
                .at(event.origin.span)
                .label("a response event")
                .help("remove `includeBody` (CloudFront exposes the body to `viewer-request` and `origin-request` functions)"),
            );
        }
    }
}

/// SF's LAMBDA_EDGE_UNSUPPORTED_MEMORY_SIZE and LAMBDA_EDGE_UNSUPPORTED_TIMEOUT_VALUE, on the
/// function's own settings (SF reads no provider default there).
fn limits(root: &Node, d: &mut Diagnostics) {
    for event in events_of(root, "cloudFront") {
        let event_type = event.value.get("eventType").and_then(Node::as_str);
        let (max_memory, max_timeout) = edge_limits(event_type);
        let shown = event_type.unwrap_or("default");
        for (key, max, what, unit) in [
            ("memorySize", max_memory, "memorySize", "MB"),
            ("timeout", max_timeout, "timeout", "s"),
        ] {
            let Some(node) = event.function_node.get(key) else {
                continue;
            };
            if crate::ir::lower::provider::positive(event.function_node, key)
                .is_some_and(|n| n > max)
            {
                d.push(
                    Diagnostic::error(
                        codes::LAMBDA_EDGE,
                        format!(
                            "`{}`'s {what} is over {max} {unit}, the most a Lambda@Edge function of a `{shown}` event may have",
                            event.function
                        ),
                    )
                    .at(node.span)
                    .label(format!("over {max} {unit}"))
                    .help(format!("set `{what}` to {max} or less (SF v3: LAMBDA_EDGE_UNSUPPORTED_{})", if key == "timeout" { "TIMEOUT_VALUE" } else { "MEMORY_SIZE" })),
                );
            }
        }
    }
}

/// Lambda features Lambda@Edge functions cannot use.
fn edge_functions(service: &Service, d: &mut Diagnostics) {
    let mut seen: Vec<&str> = Vec::new();
    for event in &service.events.cloud_front {
        let key = event.origin.function.as_str();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let Some(f) = service.functions.iter().find(|f| f.key == key) else {
            continue;
        };
        let mut unsupported = Vec::new();
        if f.architecture.as_deref() == Some("arm64") {
            unsupported.push("the arm64 architecture");
        }
        if !f.layers.is_empty() {
            unsupported.push("layers");
        }
        if f.image.is_some() {
            unsupported.push("a container image");
        }
        if f.alias.is_some() {
            unsupported.push("provisioned concurrency or SnapStart");
        }
        if unsupported.is_empty() {
            continue;
        }
        d.push(
            Diagnostic::error(
                codes::LAMBDA_EDGE,
                format!(
                    "`{key}` is a Lambda@Edge function, which cannot use {}",
                    unsupported.join(", ")
                ),
            )
            .at(f.span)
            .label("Lambda@Edge function")
            .help("CloudFront refuses to associate the function: remove these settings from it (or move the code to a function without a `cloudFront` event)"),
        );
    }
}

/// The event's origin id, or `None` (reported) when SF could not make one.
fn origin_id(event: &CloudFrontEvent, d: &mut Diagnostics) -> Option<String> {
    let problem = match &event.target {
        None => "has no `origin`",
        Some(Json::String(url))
            if crate::ir::events::cloud_front::OriginUrl::parse(url)
                .hostname
                .is_none_or(|h| h.is_empty()) =>
        {
            "has an `origin` URL without a host"
        }
        Some(Json::Object(o)) if o.get("DomainName").is_none() => {
            "has an `origin` without a `DomainName`"
        }
        _ => {
            let origin = origin_object(event.target.as_ref());
            return origin.get("Id").and_then(Json::as_str).map(str::to_string);
        }
    };
    d.push(
        Diagnostic::error(
            codes::CLOUDFRONT_ORIGIN,
            format!("the `cloudFront` event of `{}` {problem}", event.origin.function),
        )
        .at(event.origin.span)
        .label("no usable origin")
        .help("set `origin` to a URL such as `https://example.com/path` or `s3://bucket.s3.amazonaws.com`, or to an origin object with a `DomainName`"),
    );
    None
}

/// SF's CLOUDFRONT_MULTIPLE_DEFAULT_ORIGIN_EVENTS: two different default origins, or several
/// origins and none marked default when every event has a path pattern.
fn default_origins(events: &[CloudFrontEvent], ids: &[Option<String>], d: &mut Diagnostics) {
    let mut default: Option<&String> = None;
    for (event, id) in events.iter().zip(ids) {
        let Some(id) = id.as_ref().filter(|_| event.is_default_origin) else {
            continue;
        };
        match default {
            Some(first) if first != id => d.push(
                Diagnostic::error(
                    codes::CLOUDFRONT_ORIGIN,
                    format!("a second default origin (`{id}`, after `{first}`)"),
                )
                .at(event.origin.span)
                .label("isDefaultOrigin")
                .help("mark one origin `isDefaultOrigin: true` (SF v3: CLOUDFRONT_MULTIPLE_DEFAULT_ORIGIN_EVENTS)"),
            ),
            _ => default = Some(id),
        }
    }
    let mut distinct: Vec<&String> = ids.iter().flatten().collect();
    distinct.dedup();
    distinct.sort();
    distinct.dedup();
    let all_have_paths = events.iter().all(|e| e.path_pattern.is_some());
    if default.is_none() && all_have_paths && distinct.len() > 1 {
        d.push(
            Diagnostic::error(
                codes::CLOUDFRONT_ORIGIN,
                "several origins, every event has a path pattern, and none is the default origin",
            )
            .at(events[0].origin.span)
            .label("which origin serves other paths?")
            .help("mark one event `isDefaultOrigin: true`, or give one event no `pathPattern` (SF v3: CLOUDFRONT_MULTIPLE_DEFAULT_ORIGIN_EVENTS)"),
        );
    }
}

/// SF's CLOUDFRONT_MULTIPLE_BEHAVIORS_FOR_SINGLE_PATH_PATTERN and
/// CLOUDFRONT_EVENT_TYPE_NON_UNIQUE_CACHE_BEHAVIOR (events of one path pattern and origin make
/// one behaviour), and a behaviour whose cache policy SF garbles.
fn behaviors(events: &[CloudFrontEvent], ids: &[Option<String>], d: &mut Diagnostics) {
    for (j, event) in events.iter().enumerate() {
        let Some(id) = &ids[j] else { continue };
        let earlier = || {
            events[..j]
                .iter()
                .zip(&ids[..j])
                .filter(|(e, _)| e.path_pattern == event.path_pattern)
        };
        let shown = event.path_pattern.as_deref().unwrap_or("the default path");
        if earlier().any(|(_, other)| other.as_ref().is_some_and(|o| o != id)) {
            d.push(
                Diagnostic::error(
                    codes::CLOUDFRONT_BEHAVIOR,
                    format!("a second origin for `{shown}`"),
                )
                .at(event.origin.span)
                .label("same path pattern, other origin")
                .help("one path pattern is served by one origin: give this event the other event's `origin` or another `pathPattern` (SF v3: CLOUDFRONT_MULTIPLE_BEHAVIORS_FOR_SINGLE_PATH_PATTERN)"),
            );
            continue;
        }
        let same: Vec<&CloudFrontEvent> = earlier()
            .filter(|(_, other)| other.as_ref() == Some(id))
            .map(|(e, _)| e)
            .collect();
        if same.iter().any(|e| e.event_type == event.event_type) {
            d.push(
                Diagnostic::error(
                    codes::CLOUDFRONT_BEHAVIOR,
                    format!(
                        "`{shown}` already has a function for `{}`",
                        event.event_type.as_deref().unwrap_or("no event type")
                    ),
                )
                .at(event.origin.span)
                .label("event type taken")
                .help("a cache behaviour associates one function per event type (SF v3: CLOUDFRONT_EVENT_TYPE_NON_UNIQUE_CACHE_BEHAVIOR)"),
            );
        }
        // the first event's policy stays; a named policy followed by a plain id (or the managed
        // default) comes out as an object with the id's characters as keys
        if let Some(first) = same.first()
            && matches!(first.cache_policy, Some(CachePolicyRef::Name(_)))
            && !matches!(event.cache_policy, Some(CachePolicyRef::Name(_)))
        {
            d.push(
                Diagnostic::error(
                    codes::CLOUDFRONT_CACHE_POLICY,
                    format!("`{shown}` mixes a named cache policy with another one"),
                )
                .at(event.origin.span)
                .label("other cache policy on the same behaviour")
                .help(format!("give this event the same `cachePolicy` as function `{}`'s event: SF writes an invalid `CachePolicyId` otherwise", first.origin.function)),
            );
        }
    }
}

/// SF's UNRECOGNIZED_CLOUDFRONT_CACHE_POLICY.
fn cache_policy(service: &Service, event: &CloudFrontEvent, d: &mut Diagnostics) {
    let Some(CachePolicyRef::Name(name)) = &event.cache_policy else {
        return;
    };
    let policies = &service.events.cloud_front_cache_policies;
    if policies.contains_key(name) {
        return;
    }
    let mut diag = Diagnostic::error(
        codes::CLOUDFRONT_CACHE_POLICY,
        format!("no cache policy `{name}` under `provider.cloudFront.cachePolicies`"),
    )
    .at(event.origin.span)
    .label("unknown cache policy");
    diag = match super::nearest(name, policies.keys().map(String::as_str)) {
        Some(near) => diag.help(format!("did you mean `{near}`? (SF v3: UNRECOGNIZED_CLOUDFRONT_CACHE_POLICY)")),
        None => diag.help("define it under `provider.cloudFront.cachePolicies`, or use `cachePolicy.id` for an existing one (SF v3: UNRECOGNIZED_CLOUDFRONT_CACHE_POLICY)"),
    };
    d.push(diag);
}

/// SF warns of a cache policy no event uses (it is deployed all the same).
fn unused_cache_policies(service: &Service, root: &Node, d: &mut Diagnostics) {
    let Some(policies) = root.path(["provider", "cloudFront", "cachePolicies"]) else {
        return;
    };
    for name in service.events.cloud_front_cache_policies.keys() {
        let used = service
            .events
            .cloud_front
            .iter()
            .any(|e| matches!(&e.cache_policy, Some(CachePolicyRef::Name(n)) if n == name));
        if used {
            continue;
        }
        d.push(
            Diagnostic::warning(
                codes::CLOUDFRONT_CACHE_POLICY,
                format!("cache policy `{name}` is used by no `cloudFront` event"),
            )
            .at_opt(policies.key_span(name))
            .label("unused")
            .help("it is deployed all the same: remove it, or name it in an event's `cachePolicy.name`"),
        );
    }
}
