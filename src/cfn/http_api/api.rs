//! `HttpApi` (`AWS::ApiGatewayV2::Api`): name, protocol, default endpoint, provider tags and the
//! resolved CORS configuration; none for an external API.

use super::provider_tags;
use crate::cfn::Ctx;
use crate::cfn::js::{opt, undef};
use crate::cfn::value::obj;
use crate::ir::HttpApiCors;
use crate::ir::naming::HTTP_API_LOGICAL_ID;
use serde_json::{Map, Value};

pub fn compile(cx: &mut Ctx) {
    let settings = &cx.svc.http_api.settings;
    if settings.external_id.is_some() {
        return;
    }
    let mut props = Map::new();
    props.insert("Name".into(), settings.name.clone().into());
    props.insert("ProtocolType".into(), "HTTP".into());
    props.insert(
        "DisableExecuteApiEndpoint".into(),
        opt(settings.disable_default_endpoint),
    );
    if let Some(tags) = provider_tags(cx) {
        props.insert("Tags".into(), tags);
    }
    if let Some(cors) = &settings.cors {
        props.insert("CorsConfiguration".into(), cors_configuration(cors));
    }
    cx.assign_resource(
        HTTP_API_LOGICAL_ID,
        obj([
            ("Type", "AWS::ApiGatewayV2::Api".into()),
            ("Properties", Value::Object(props)),
        ]),
    );
}

/// `CorsConfiguration`, keys in SF's order; unset ones vanish.
fn cors_configuration(cors: &HttpApiCors) -> Value {
    let strings = |v: &[String]| Value::from(v.to_vec());
    obj([
        (
            "AllowCredentials",
            if cors.allow_credentials {
                true.into()
            } else {
                undef()
            },
        ),
        ("AllowHeaders", strings(&cors.allowed_headers)),
        ("AllowMethods", strings(&cors.allowed_methods)),
        ("AllowOrigins", strings(&cors.allowed_origins)),
        (
            "ExposeHeaders",
            cors.exposed_response_headers
                .as_deref()
                .map_or_else(undef, strings),
        ),
        ("MaxAge", opt(cors.max_age)),
    ])
}
