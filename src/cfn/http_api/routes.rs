//! `HttpApiRoute<Key>` (`AWS::ApiGatewayV2::Route`): the route key, its integration and its
//! authorization (`JWT`, `CUSTOM` for Lambda authorizers, `AWS_IAM`).

use crate::cfn::Ctx;
use crate::cfn::js::undef;
use crate::cfn::value::{join, obj, reference};
use crate::ir::naming::{
    http_api_authorizer_logical_id, http_api_integration_logical_id, http_api_route_logical_id,
};
use crate::ir::{HttpApi, HttpApiAuthorizerKind, HttpRoute, RouteAuthorization, RouteAuthorizer};
use serde_json::{Map, Value};

pub fn compile(cx: &mut Ctx, route: &HttpRoute, api_id: &Value) {
    let integration = http_api_integration_logical_id(&route.function);
    let mut props = Map::new();
    props.insert("ApiId".into(), api_id.clone());
    props.insert("RouteKey".into(), route.route_key.clone().into());
    props.insert(
        "Target".into(),
        join(
            "/",
            vec!["integrations".into(), reference(integration.clone())],
        ),
    );
    if let Some(auth) = &route.authorization {
        authorization(&mut props, &cx.svc.http_api, auth);
    }
    cx.assign_resource(
        &http_api_route_logical_id(&route.route_key, route.is_catch_all()),
        obj([
            ("Type", "AWS::ApiGatewayV2::Route".into()),
            ("Properties", Value::Object(props)),
            ("DependsOn", integration.into()),
        ]),
    );
}

/// `AuthorizationType`, and for JWT and Lambda authorizers `AuthorizerId` and the scopes.
fn authorization(props: &mut Map<String, Value>, api: &HttpApi, auth: &RouteAuthorization) {
    let (kind, authorizer_id) = match &auth.authorizer {
        RouteAuthorizer::AwsIam => {
            props.insert("AuthorizationType".into(), "AWS_IAM".into());
            return;
        }
        RouteAuthorizer::External { id, is_request } => {
            (if *is_request { "CUSTOM" } else { "JWT" }, id.clone())
        }
        RouteAuthorizer::Configured(key) => match api.authorizer(key) {
            Some(a) => (
                match a.kind {
                    HttpApiAuthorizerKind::Request(_) => "CUSTOM",
                    HttpApiAuthorizerKind::Jwt(_) => "JWT",
                },
                reference(http_api_authorizer_logical_id(&a.name)),
            ),
            // a check reports an unknown authorizer; nothing compiles then
            None => ("JWT", undef()),
        },
    };
    props.insert("AuthorizationType".into(), kind.into());
    props.insert("AuthorizerId".into(), authorizer_id);
    props.insert(
        "AuthorizationScopes".into(),
        auth.scopes.clone().map_or_else(undef, Value::from),
    );
}
