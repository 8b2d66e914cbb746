//! `alb` events → [`AlbEvent`]s and `provider.alb` → the prefix and authorizers, as SF v3's
//! `alb/lib/validate.js` reads them (the errors it throws are reported by `check::alb`).

use crate::config::alb::ALB_LISTENER_PATTERN;
use crate::ir::events::EventOrigin;
use crate::ir::events::alb::{AlbAuthorizer, AlbConditions, AlbEvent, Albs, ListenerIds};
use crate::ir::lower::LowerContext;
use crate::ir::lower::shape::{child, list_of, wrong};
use crate::load::{Node, Value};
use serde_json::Value as Json;
use std::sync::LazyLock;

static LISTENER_ARN: LazyLock<Option<regex::Regex>> =
    LazyLock::new(|| regex::Regex::new(ALB_LISTENER_PATTERN).ok());

/// One `alb` event (`value`) into `albs`.
pub fn lower(cx: &mut LowerContext, origin: EventOrigin, value: &Node, albs: &mut Albs) {
    if value.as_map().is_none() {
        // SF passes over an `alb` event that is not an object
        wrong(&mut cx.diags, value, "alb", "a mapping");
        return;
    }
    let listener_arn = value.get("listenerArn");
    let conditions = value.get("conditions");
    let list = |key: &str| -> Option<Vec<Json>> {
        conditions
            .and_then(|c| child(c, key))
            .map(|n| list_of(n).into_iter().map(Node::to_json).collect())
    };
    albs.events.push(AlbEvent {
        origin,
        listener_arn: listener_arn.map_or(Json::Null, Node::to_json),
        ids: listener_arn.and_then(listener_ids),
        priority: value.get("priority").map_or(Json::Null, Node::to_json),
        conditions: AlbConditions {
            path: list("path"),
            host: list("host"),
            method: list("method"),
            header: list("header"),
            query: conditions
                .and_then(|c| child(c, "query"))
                .map(Node::to_json),
            ip: list("ip"),
            any: conditions
                .and_then(Node::as_map)
                .is_some_and(|m| !m.is_empty()),
        },
        multi_value_headers: value.get("multiValueHeaders").is_some_and(Node::is_truthy),
        target_group_name: value
            .get("targetGroupName")
            .filter(|n| n.is_truthy())
            .and_then(Node::as_str)
            .map(str::to_string),
        authorizers: value
            .get("authorizer")
            .filter(|n| n.is_truthy())
            .map(|a| {
                list_of(a)
                    .into_iter()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default(),
        health_check: value
            .get("healthCheck")
            .filter(|n| n.is_truthy())
            .map(|h| match &h.value {
                Value::Map(_) => h.to_json(),
                _ => Json::Object(serde_json::Map::new()),
            }),
    });
}

/// SF `validateListenerArn`: a `Ref` names both; an ARN gives the load balancer's and the
/// listener's ids.
fn listener_ids(arn: &Node) -> Option<ListenerIds> {
    match &arn.value {
        Value::Map(_) => {
            let r = arn.get("Ref")?.as_str()?.to_string();
            Some(ListenerIds {
                alb_id: r.clone(),
                listener_id: r,
            })
        }
        Value::Str(s) => {
            let caps = LISTENER_ARN.as_ref()?.captures(s)?;
            Some(ListenerIds {
                alb_id: caps.get(1)?.as_str().to_string(),
                listener_id: caps.get(2)?.as_str().to_string(),
            })
        }
        _ => None,
    }
}

/// `provider.alb`: the target group prefix and the authorizers (read whether or not there
/// is an event, as SF validates them anyway).
pub fn lower_provider(provider: &Node, albs: &mut Albs) {
    let Some(alb) = child(provider, "alb") else {
        return;
    };
    albs.target_group_prefix = alb
        .get("targetGroupPrefix")
        .filter(|n| n.is_truthy())
        .and_then(Node::as_str)
        .unwrap_or_default()
        .to_string();
    let Some(authorizers) = child(alb, "authorizers").and_then(Node::as_map) else {
        return;
    };
    for (name, entry) in authorizers {
        let mut settings = entry.value.to_json();
        let cognito = settings.get("type").and_then(Json::as_str) == Some("cognito");
        // SF `validateAlbAuth`: `onUnauthenticatedRequest || 'deny'`
        let set = entry
            .value
            .get("onUnauthenticatedRequest")
            .is_some_and(Node::is_truthy);
        if let (Json::Object(m), false) = (&mut settings, set) {
            m.insert("onUnauthenticatedRequest".into(), "deny".into());
        }
        albs.authorizers
            .insert(name.clone(), AlbAuthorizer { cognito, settings });
    }
}
