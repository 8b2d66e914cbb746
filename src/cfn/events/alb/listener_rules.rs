//! A listener rule per event, `<Fn>AlbListenerRule<priority>` (SF
//! `alb/lib/listener-rules.js`): the authentication actions the event names, in order, then
//! the forward to the target group; the conditions in SF's order (path, host, method,
//! headers, query, source IP).

use super::{events, target_group_id};
use crate::cfn::value::{obj, reference};
use crate::cfn::{Ctx, js};
use crate::ir::events::alb::{AlbAuthorizer, AlbConditions};
use crate::ir::naming::alb_listener_rule_logical_id;
use serde_json::{Map, Value, json};

pub(super) fn compile(cx: &mut Ctx) {
    let svc = cx.svc;
    let albs = &svc.events.albs;
    for (e, ids) in events(svc) {
        let mut actions = Vec::new();
        let mut order = 0;
        for name in &e.authorizers {
            // a name missing from `provider.alb.authorizers` is reported by the check
            let Some(auth) = albs.authorizers.get(name) else {
                continue;
            };
            order += 1;
            actions.push(authenticate_action(auth, order));
        }
        let mut forward = Map::new();
        forward.insert("Type".into(), json!("forward"));
        forward.insert("TargetGroupArn".into(), reference(target_group_id(e, ids)));
        if order > 0 {
            forward.insert("Order".into(), json!(order + 1));
        }
        actions.push(Value::Object(forward));
        cx.assign_resource(
            &alb_listener_rule_logical_id(&e.origin.function, &priority_text(&e.priority)),
            obj([
                ("Type", json!("AWS::ElasticLoadBalancingV2::ListenerRule")),
                (
                    "Properties",
                    obj([
                        ("Actions", Value::Array(actions)),
                        ("Conditions", Value::Array(conditions(&e.conditions))),
                        ("ListenerArn", e.listener_arn.clone()),
                        ("Priority", e.priority.clone()),
                    ]),
                ),
            ]),
        );
    }
}

/// The priority as JavaScript prints it in a template string.
fn priority_text(priority: &Value) -> String {
    match priority {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `authenticate-cognito` or `authenticate-oidc`, at position `order`.
fn authenticate_action(auth: &AlbAuthorizer, order: usize) -> Value {
    let s = &auth.settings;
    let field = |key: &str| js::opt(s.get(key).cloned());
    let common = [
        (
            "OnUnauthenticatedRequest",
            field("onUnauthenticatedRequest"),
        ),
        (
            "AuthenticationRequestExtraParams",
            field("requestExtraParams"),
        ),
        ("Scope", field("scope")),
        ("SessionCookieName", field("sessionCookieName")),
        ("SessionTimeout", field("sessionTimeout")),
    ];
    if auth.cognito {
        let mut config = Map::new();
        for (k, v) in [
            ("UserPoolArn", field("userPoolArn")),
            ("UserPoolClientId", field("userPoolClientId")),
            ("UserPoolDomain", field("userPoolDomain")),
        ]
        .into_iter()
        .chain(common)
        {
            config.insert(k.into(), v);
        }
        return obj([
            ("Type", json!("authenticate-cognito")),
            ("Order", json!(order)),
            ("AuthenticateCognitoConfig", Value::Object(config)),
        ]);
    }
    let mut config = Map::new();
    for (k, v) in [
        ("AuthorizationEndpoint", field("authorizationEndpoint")),
        ("ClientId", field("clientId")),
        ("Issuer", field("issuer")),
        ("TokenEndpoint", field("tokenEndpoint")),
        ("UserInfoEndpoint", field("userInfoEndpoint")),
    ]
    .into_iter()
    .chain(common)
    {
        config.insert(k.into(), v);
    }
    match s.get("clientSecret").filter(|c| js::truthy(c)) {
        Some(secret) => config.insert("ClientSecret".into(), secret.clone()),
        None => config.insert("UseExistingClientSecret".into(), json!(true)),
    };
    obj([
        ("Type", json!("authenticate-oidc")),
        ("Order", json!(order)),
        ("AuthenticateOidcConfig", Value::Object(config)),
    ])
}

/// The rule's conditions, in SF's order.
fn conditions(c: &AlbConditions) -> Vec<Value> {
    let mut out = Vec::new();
    if let Some(paths) = &c.path {
        out.push(json!({"Field": "path-pattern", "Values": paths}));
    }
    if let Some(hosts) = &c.host {
        out.push(json!({"Field": "host-header", "HostHeaderConfig": {"Values": hosts}}));
    }
    if let Some(methods) = &c.method {
        out.push(
            json!({"Field": "http-request-method", "HttpRequestMethodConfig": {"Values": methods}}),
        );
    }
    for header in c.header.iter().flatten() {
        let field = |k: &str| js::opt(header.get(k).cloned());
        out.push(json!({
            "Field": "http-header",
            "HttpHeaderConfig": {"HttpHeaderName": field("name"), "Values": field("values")}
        }));
    }
    if let Some(query) = c.query.as_ref().and_then(Value::as_object) {
        let values: Vec<Value> = query
            .iter()
            .map(|(k, v)| json!({"Key": k, "Value": v}))
            .collect();
        out.push(json!({"Field": "query-string", "QueryStringConfig": {"Values": values}}));
    }
    if let Some(ips) = &c.ip {
        out.push(json!({"Field": "source-ip", "SourceIpConfig": {"Values": ips}}));
    }
    out
}
