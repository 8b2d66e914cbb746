//! The request validator and request models (SF v3 `lib/request-validator.js`): one validator
//! per service, created when a method has a required parameter or a body schema.

use super::{Api, REST_API};
use crate::cfn::Ctx;
use crate::cfn::js::opt;
use crate::ir::naming::{
    endpoint_model_logical_id, method_logical_id, model_logical_id, validator_logical_id,
};
use crate::ir::{Model, ModelRef};
use serde_json::{Map, Value, json};

pub fn compile(cx: &mut Ctx, api: &Api) {
    let svc = cx.svc;
    let validator_id = validator_logical_id(&svc.name);
    for e in api.events {
        let resource_name = api.resource_name(&e.path);
        let method_id = method_logical_id(&resource_name, &e.method);
        let mut created = false;
        let mut create = |cx: &mut Ctx| {
            if !created {
                created = true;
                cx.assign_resource(
                    &validator_id,
                    json!({
                        "Type": "AWS::ApiGateway::RequestValidator",
                        "Properties": {
                            "RestApiId": api.rest_api_id,
                            "ValidateRequestBody": true,
                            "ValidateRequestParameters": true,
                            "Name": format!("{}-{} | Validate request body and querystring parameters", svc.name, svc.stage)
                        }
                    }),
                );
            }
        };
        let mut method_props: Vec<(String, Value)> = Vec::new();
        if e.request.parameters.iter().any(|(_, _, p)| p.required) {
            create(cx);
            method_props.push(("RequestValidatorId".into(), json!({"Ref": validator_id})));
        }
        let mut models = Map::new();
        for (content_type, model) in &e.request.schemas {
            create(cx);
            let model_id = match model {
                ModelRef::Provider(id) => match svc.api.models.get(id) {
                    Some(m) => provider_model(cx, id, m),
                    None => inline_model(
                        cx,
                        api,
                        &resource_name,
                        &e.method,
                        content_type,
                        &json!(id),
                        None,
                        None,
                    ),
                },
                ModelRef::Inline(m) => inline_model(
                    cx,
                    api,
                    &resource_name,
                    &e.method,
                    content_type,
                    &m.schema,
                    m.name.as_ref(),
                    m.description.as_ref(),
                ),
            };
            method_props.push(("RequestValidatorId".into(), json!({"Ref": validator_id})));
            models.insert(content_type.clone(), json!({"Ref": model_id}));
        }
        let Some(props) = cx.properties_mut(&method_id) else {
            continue;
        };
        for (k, v) in method_props {
            props.insert(k, v);
        }
        if !models.is_empty() {
            let slot = props.entry("RequestModels").or_insert_with(|| json!({}));
            if let Value::Object(m) = slot {
                m.extend(models);
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn inline_model(
    cx: &mut Ctx,
    api: &Api,
    resource_name: &str,
    method: &str,
    content_type: &str,
    schema: &Value,
    name: Option<&String>,
    description: Option<&String>,
) -> String {
    let id = endpoint_model_logical_id(resource_name, method, content_type);
    cx.assign_resource(
        &id,
        json!({
            "Type": "AWS::ApiGateway::Model",
            "Properties": {
                "RestApiId": api.rest_api_id,
                "ContentType": content_type,
                "Schema": schema,
                "Name": opt(name.cloned()),
                "Description": opt(description.cloned()),
            }
        }),
    );
    id
}

fn provider_model(cx: &mut Ctx, schema_id: &str, m: &Model) -> String {
    let id = model_logical_id(schema_id);
    // SF refers to its own RestApi logical id here, which is unset for a shared API: `{}`.
    let rest_api = if cx.svc.api.rest_api_id.is_some() {
        json!({})
    } else {
        json!({"Ref": REST_API})
    };
    let mut props = Map::new();
    props.insert("RestApiId".into(), rest_api);
    props.insert("Schema".into(), m.schema.clone());
    props.insert("ContentType".into(), json!("application/json"));
    if let Some(n) = m.name.as_ref().filter(|n| !n.is_empty()) {
        props.insert("Name".into(), json!(n));
    }
    if let Some(d) = m.description.as_ref().filter(|d| !d.is_empty()) {
        props.insert("Description".into(), json!(d));
    }
    cx.assign_resource(
        &id,
        json!({"Type": "AWS::ApiGateway::Model", "Properties": props}),
    );
    id
}
