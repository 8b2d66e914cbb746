//! `cloudFront` events: Lambda@Edge functions associated with the cache behaviours of the
//! distribution the service creates, and `provider.cloudFront.cachePolicies`.

use super::EventOrigin;
use serde::Serialize;
use serde_json::Value as Json;

/// One `cloudFront` event.
#[derive(Clone, Debug, Serialize)]
pub struct CloudFrontEvent {
    pub origin: EventOrigin,
    /// `eventType` (`viewer-request`, ...); `None` lets CloudFront reject the association.
    pub event_type: Option<String>,
    /// `pathPattern`; `None` makes the behaviour the default one.
    pub path_pattern: Option<String>,
    /// `origin`: a URL string or a distribution origin object, as written.
    pub target: Option<Json>,
    pub is_default_origin: bool,
    pub include_body: Option<bool>,
    /// `behavior`: cache behaviour settings in CloudFormation's names, as written.
    pub behavior: Option<serde_json::Map<String, Json>>,
    pub cache_policy: Option<CachePolicyRef>,
}

/// `cachePolicy` of a `cloudFront` event.
#[derive(Clone, Debug, Serialize)]
pub enum CachePolicyRef {
    /// `id`: an existing cache policy.
    Id(Json),
    /// `name`: a key of `provider.cloudFront.cachePolicies`.
    Name(String),
}

/// The most a Lambda@Edge function of an event type may have (SF's `lambdaEdgeLimits`):
/// `(memory MB, timeout s)`.
pub fn edge_limits(event_type: Option<&str>) -> (u64, u64) {
    match event_type {
        Some("origin-request" | "origin-response") => (10240, 30),
        _ => (128, 5),
    }
}
