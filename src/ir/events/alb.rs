//! `alb` events and `provider.alb`, as SF v3's `compile/events/alb/lib/validate.js` reads them:
//! a listener rule per event, forwarding to a target group per function, load balancer and
//! header mode, after the authentication actions the event names.

use super::EventOrigin;
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::Value as Json;

/// Every `alb` event and the provider's settings.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Albs {
    /// `provider.alb.targetGroupPrefix` (empty when unset).
    pub target_group_prefix: String,
    /// `provider.alb.authorizers`, by name, with SF's default `onUnauthenticatedRequest:
    /// deny` filled in.
    pub authorizers: IndexMap<String, AlbAuthorizer>,
    /// Every `alb` event, in configuration order.
    pub events: Vec<AlbEvent>,
}

/// An authentication action (`provider.alb.authorizers.<name>`): its settings as written.
#[derive(Clone, Debug, Serialize)]
pub struct AlbAuthorizer {
    /// `type: cognito` (else OIDC, as SF treats any other type).
    pub cognito: bool,
    pub settings: Json,
}

/// One `alb` event.
#[derive(Clone, Debug, Serialize)]
pub struct AlbEvent {
    pub origin: EventOrigin,
    /// `listenerArn` as written.
    pub listener_arn: Json,
    /// The load balancer's id (from the ARN) or the listener's logical id (a `Ref`), and the
    /// listener's; `None` when `listenerArn` is neither (SF refuses it).
    pub ids: Option<ListenerIds>,
    /// `priority` as written (it names the rule).
    pub priority: Json,
    pub conditions: AlbConditions,
    pub multi_value_headers: bool,
    pub target_group_name: Option<String>,
    /// The names of the authorizers to run, in order.
    pub authorizers: Vec<String>,
    /// `healthCheck`, when truthy: its settings (`{}` for `true`).
    pub health_check: Option<Json>,
}

/// Where a rule attaches.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ListenerIds {
    /// Names the target group (`<Fn>AlbTargetGroup<alb id>`).
    pub alb_id: String,
    /// Tells listeners apart (for the priority checks).
    pub listener_id: String,
}

/// The rule's conditions; each list is what was written (a single value as a one-item list).
#[derive(Clone, Debug, Default, Serialize)]
pub struct AlbConditions {
    pub path: Option<Vec<Json>>,
    pub host: Option<Vec<Json>>,
    pub method: Option<Vec<Json>>,
    /// `{name, values}` each.
    pub header: Option<Vec<Json>>,
    /// Key → value.
    pub query: Option<Json>,
    pub ip: Option<Vec<Json>>,
    /// Whether `conditions` has any key at all (SF refuses a rule without).
    pub any: bool,
}
