//! One `AWS::ApiGateway::Method` per event (SF v3 `lib/method/index.js`): the common part,
//! merged (`_.merge`) with the authorization, integration and responses parts, then the
//! Cognito claims spliced into the request templates.

mod authorization;
mod integration;
mod responses;
// The default request templates live in the IR, shared with the emulator.
use crate::ir::method_templates as templates;

use super::{Api, map_shared};
use crate::cfn::Ctx;
use crate::cfn::js::{self, opt};
use crate::cfn::value::obj;
use crate::ir::naming::{method_logical_id, permission_logical_id};
use crate::ir::{HttpEndpoint, RequestParameters};
use serde_json::{Map, Value, json};

pub fn compile(cx: &mut Ctx, api: &mut Api) {
    // each method depends only on its event and the resource tree
    let shared: &Api = api;
    let built = map_shared(shared.events, cx.opts.threads, |e| method(shared, e));
    api.method_ids.reserve(built.len());
    for (id, template) in built {
        cx.merge_resource(&id, template);
        api.method_ids.push(id);
    }
}

/// The method of one event: its logical id and resource.
fn method(api: &Api, e: &HttpEndpoint) -> (String, Value) {
    let id = method_logical_id(&api.resource_name(&e.path), &e.method);
    let properties = obj([
        ("HttpMethod", e.method.to_uppercase().into()),
        (
            "RequestParameters",
            method_request_parameters(&e.request.parameters),
        ),
        ("ResourceId", api.resource_id(&e.path)),
        ("RestApiId", api.rest_api_id.clone()),
        ("OperationName", opt(e.operation_id.clone())),
        ("ApiKeyRequired", e.private.into()),
    ]);
    let alias = api.aliases.of(&e.function);
    let mut depends_on = vec![permission_logical_id(&e.function).into()];
    if let Some(a) = alias {
        depends_on.push(a.logical_id(&e.function).into());
    }
    let mut template = obj([
        ("Type", "AWS::ApiGateway::Method".into()),
        ("Properties", properties),
        ("DependsOn", Value::Array(depends_on)),
    ]);
    js::merge_all(
        &mut template,
        [
            authorization::part(e),
            integration::part(e, alias),
            responses::part(e),
        ],
    );
    splice_claims(&mut template, e);
    (id, template)
}

/// The request parameters in SF's order (query strings, paths, headers), as
/// `(method.request.<location>.<name>, parameter)`.
pub(crate) fn ordered_parameters(p: &RequestParameters) -> Vec<(String, &crate::ir::Parameter)> {
    let q = p
        .querystrings
        .iter()
        .map(|(k, v)| (format!("method.request.querystring.{k}"), v));
    let paths = p
        .paths
        .iter()
        .map(|(k, v)| (format!("method.request.path.{k}"), v));
    let h = p
        .headers
        .iter()
        .map(|(k, v)| (format!("method.request.header.{k}"), v));
    q.chain(paths).chain(h).collect()
}

fn method_request_parameters(p: &RequestParameters) -> Value {
    let map: Map<String, Value> = ordered_parameters(p)
        .into_iter()
        .map(|(k, v)| (k, json!(v.required)))
        .collect();
    Value::Object(map)
}

/// Replaces the claims token in every request template by the authorizer's Cognito claims.
fn splice_claims(template: &mut Value, e: &HttpEndpoint) {
    let claims: Vec<String> = e
        .authorizer
        .as_ref()
        .map(|a| {
            a.claims
                .iter()
                .map(|c| match c.split_once(':') {
                    Some((_, sub)) => format!("\"{sub}\": \"$context.authorizer.claims['{c}']\""),
                    None => format!("\"{c}\": \"$context.authorizer.claims.{c}\""),
                })
                .collect()
        })
        .unwrap_or_default();
    let claims = if claims.is_empty() {
        String::new()
    } else {
        format!("{},", claims.join(","))
    };
    let Some(Value::Object(templates)) =
        template.pointer_mut("/Properties/Integration/RequestTemplates")
    else {
        return;
    };
    for v in templates.values_mut() {
        // in place: the default templates are large and nearly always lose the token for ""
        if let Value::String(s) = v
            && let Some(at) = s.find(templates::CLAIMS_TOKEN)
        {
            s.replace_range(at..at + templates::CLAIMS_TOKEN.len(), &claims);
        }
    }
}
