//! CORS preflight `OPTIONS` methods, one per path, merging the CORS settings of every event on
//! that path (SF v3 `validate.js` corsPreflight + `lib/cors.js`).

use super::Api;
use crate::cfn::Ctx;
use crate::cfn::naming::method_logical_id;
use crate::ir::preflight::{paths, preflight};
use serde_json::{Map, Value, json};

pub fn compile(cx: &mut Ctx, api: &mut Api) {
    for path in paths(cx.svc) {
        let Some(p) = preflight(cx.svc, path) else {
            continue;
        };
        let id = method_logical_id(&api.resource_name(path), "options");
        let mut method_params = Map::new();
        let mut integration_params = Map::new();
        for (h, v) in &p.headers {
            method_params.insert(format!("method.response.header.{h}"), json!(true));
            integration_params.insert(format!("method.response.header.{h}"), json!(v));
        }
        api.method_ids.push(id.clone());
        cx.merge_resource(
            &id,
            json!({
                "Type": "AWS::ApiGateway::Method",
                "Properties": {
                    "AuthorizationType": "NONE",
                    "HttpMethod": "OPTIONS",
                    "MethodResponses": [{
                        "StatusCode": "200",
                        "ResponseParameters": Value::Object(method_params),
                        "ResponseModels": {}
                    }],
                    "RequestParameters": {},
                    "Integration": {
                        "Type": "MOCK",
                        "RequestTemplates": {"application/json": "{statusCode:200}"},
                        "ContentHandling": "CONVERT_TO_TEXT",
                        "IntegrationResponses": [{
                            "StatusCode": "200",
                            "ResponseParameters": Value::Object(integration_params),
                            "ResponseTemplates": {"application/json": p.template}
                        }]
                    },
                    "ResourceId": api.resource_id(path),
                    "RestApiId": api.rest_api_id
                }
            }),
        );
    }
}
