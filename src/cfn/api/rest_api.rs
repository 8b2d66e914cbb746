//! `ApiGatewayRestApi` (SF v3 `lib/rest-api.js`); none when `restApiId` shares an existing API.

use super::REST_API;
use crate::cfn::Ctx;
use crate::cfn::js::{opt, undef};
use crate::ir::naming::api_name;
use serde_json::{Map, Value, json};

pub fn compile(cx: &mut Ctx) {
    let svc = cx.svc;
    let a = &svc.api;
    if a.rest_api_id.is_some() {
        return;
    }
    let endpoint_type = a
        .endpoint_type
        .clone()
        .unwrap_or_else(|| "EDGE".to_owned())
        .to_uppercase();
    let mut endpoint = Map::new();
    endpoint.insert("Types".into(), json!([endpoint_type]));
    if let Some(ids) = &a.vpc_endpoint_ids {
        endpoint.insert("VpcEndpointIds".into(), ids.clone());
    }
    let binary = if a.binary_media_types.is_empty() {
        undef()
    } else {
        json!(a.binary_media_types)
    };
    let name = api_name(
        a.api_name.as_deref(),
        a.should_start_name_with_service,
        &svc.name,
        &svc.stage,
    );
    let mut props = Map::new();
    props.insert("Name".into(), json!(name));
    props.insert("BinaryMediaTypes".into(), binary);
    props.insert(
        "DisableExecuteApiEndpoint".into(),
        opt(a.disable_default_endpoint),
    );
    props.insert("EndpointConfiguration".into(), Value::Object(endpoint));
    let policy = if a.resource_policy.is_empty() {
        json!("")
    } else {
        json!({"Version": "2012-10-17", "Statement": a.resource_policy})
    };
    props.insert("Policy".into(), policy);
    if let Some(t) = &a.api_key_source_type {
        props.insert("ApiKeySourceType".into(), json!(t.to_uppercase()));
    }
    if let Some(size) = a.minimum_compression_size {
        props.insert("MinimumCompressionSize".into(), json!(size));
    }
    if let Some(d) = a.description.as_ref().filter(|d| !d.is_empty()) {
        props.insert("Description".into(), json!(d));
    }
    cx.merge_resource(
        REST_API,
        json!({"Type": "AWS::ApiGateway::RestApi", "Properties": props}),
    );
}
