//! API Gateway v2 HTTP API: every `httpApi` route → the Api, its access log group, the
//! `$default` stage and the outputs, the authorizers (with their invoke permissions), then per
//! route the function's invoke permission, its integration and the route (SF v3
//! `compile/events/http-api.js`, in its order). Nothing is compiled when there is no route; with
//! an external API (`provider.httpApi.id`) only the permissions, integrations and routes are.

mod api;
mod authorizers;
mod integrations;
mod log_group;
mod outputs;
mod permissions;
mod routes;
mod stage;

#[cfg(test)]
mod tests;

use super::Ctx;
use super::functions::Aliases;
use super::value::reference;
use crate::ir::naming::HTTP_API_LOGICAL_ID;
use serde_json::Value;
use std::collections::HashSet;

pub fn compile(cx: &mut Ctx) {
    let api = &cx.svc.http_api;
    if api.routes.is_empty() {
        return;
    }
    let api_id = api_id(cx);
    let aliases = Aliases::new(cx.svc);
    api::compile(cx);
    log_group::compile(cx);
    stage::compile(cx);
    outputs::compile(cx);
    authorizers::compile(cx, &api_id, &aliases);
    // SF memoizes a function's permission and integration: compiled with its first route
    let mut compiled: HashSet<&str> = HashSet::new();
    for route in &api.routes {
        if compiled.insert(route.function.as_str()) {
            permissions::compile(cx, &route.function, &api_id, &aliases);
            integrations::compile(cx, route, &api_id, &aliases);
        }
        routes::compile(cx, route, &api_id);
    }
}

/// `ApiId` everywhere: the external API's id, else `{"Ref": "HttpApi"}`.
fn api_id(cx: &Ctx) -> Value {
    match &cx.svc.http_api.settings.external_id {
        Some(id) => id.clone(),
        None => reference(HTTP_API_LOGICAL_ID),
    }
}

/// The `AWS::Lambda::Permission` letting API Gateway invoke `function` for every route of the
/// API (`arn:<partition>:execute-api:<region>:<account>:<api>/*`), after `depends_on` (an
/// alias's logical id, or `undefined`).
fn invoke_permission(function: Value, api_id: &Value, depends_on: Value) -> Value {
    let mut permission = super::value::api_gateway_invoke_permission(
        function,
        super::value::execute_api_arn(api_id, "/*"),
    );
    if let Value::Object(m) = &mut permission {
        m.insert("DependsOn".into(), depends_on);
    }
    permission
}

/// The provider tags, which SF copies onto the Api and the stage; `None` without tags.
fn provider_tags(cx: &Ctx) -> Option<Value> {
    let tags = &cx.svc.provider.tags;
    (!tags.is_empty())
        .then(|| Value::Object(tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect()))
}
