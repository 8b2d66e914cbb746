//! CORS preflight `OPTIONS` methods, one per path, merging the CORS settings of every event on
//! that path (SF v3 `validate.js` corsPreflight + `lib/cors.js`).

use super::{Api, map_shared};
use crate::cfn::Ctx;
use crate::cfn::value::obj;
use crate::ir::Cors;
use crate::ir::naming::method_logical_id;
use crate::ir::preflight::{self, by_path};
use serde_json::{Map, Value};

pub fn compile(cx: &mut Ctx, api: &mut Api) {
    let paths: Vec<_> = by_path(cx.svc).into_iter().collect();
    // each preflight depends only on its path's events and the resource tree
    let shared: &Api = api;
    let built = map_shared(&paths, cx.opts.threads, |(path, configs)| {
        preflight_method(shared, path, configs)
    });
    for (id, method) in built.into_iter().flatten() {
        cx.merge_resource(&id, method);
        api.method_ids.push(id);
    }
}

/// The `OPTIONS` method of `path` and its logical id, when its events' CORS settings give one.
fn preflight_method(api: &Api, path: &str, configs: &[&Cors]) -> Option<(String, Value)> {
    let p = preflight::of(configs)?;
    let id = method_logical_id(&api.resource_name(path), "options");
    let mut method_params = Map::with_capacity(p.headers.len());
    let mut integration_params = Map::with_capacity(p.headers.len());
    for (h, v) in &p.headers {
        method_params.insert(format!("method.response.header.{h}"), Value::Bool(true));
        integration_params.insert(
            format!("method.response.header.{h}"),
            Value::String(v.clone()),
        );
    }
    // built with `obj` rather than `json!`, which would copy the interpolated values by
    // serializing them
    let method_responses = vec![obj([
        ("StatusCode", "200".into()),
        ("ResponseParameters", Value::Object(method_params)),
        ("ResponseModels", Value::Object(Map::new())),
    ])];
    let integration = obj([
        ("Type", "MOCK".into()),
        (
            "RequestTemplates",
            obj([("application/json", "{statusCode:200}".into())]),
        ),
        ("ContentHandling", "CONVERT_TO_TEXT".into()),
        (
            "IntegrationResponses",
            Value::Array(vec![obj([
                ("StatusCode", "200".into()),
                ("ResponseParameters", Value::Object(integration_params)),
                (
                    "ResponseTemplates",
                    obj([("application/json", Value::String(p.template))]),
                ),
            ])]),
        ),
    ]);
    let properties = obj([
        ("AuthorizationType", "NONE".into()),
        ("HttpMethod", "OPTIONS".into()),
        ("MethodResponses", Value::Array(method_responses)),
        ("RequestParameters", Value::Object(Map::new())),
        ("Integration", integration),
        ("ResourceId", api.resource_id(path)),
        ("RestApiId", api.rest_api_id.clone()),
    ]);
    let method = obj([
        ("Type", "AWS::ApiGateway::Method".into()),
        ("Properties", properties),
    ]);
    Some((id, method))
}
