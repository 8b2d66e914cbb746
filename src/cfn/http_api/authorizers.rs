//! `HttpApiAuthorizer<Name>` (`AWS::ApiGatewayV2::Authorizer`) for each configured authorizer,
//! JWT or Lambda `REQUEST`; a Lambda authorizer not `managedExternally` is preceded by
//! `<Name>LambdaAuthorizerPermissionHttpApi`, letting API Gateway invoke its function (the
//! function's alias, when it has one).

use super::invoke_permission;
use crate::cfn::Ctx;
use crate::cfn::api::lambda_invocation_uri;
use crate::cfn::functions::Aliases;
use crate::cfn::js::{opt, undef};
use crate::cfn::value::obj;
use crate::ir::naming::{
    http_api_authorizer_logical_id, http_api_authorizer_permission_logical_id,
};
use crate::ir::{AuthorizerFunction, HttpApiAuthorizer, HttpApiAuthorizerKind, RequestAuthorizer};
use serde_json::{Map, Value};

pub fn compile(cx: &mut Ctx, api_id: &Value, aliases: &Aliases) {
    for a in &cx.svc.http_api.authorizers {
        let mut props = Map::new();
        props.insert("ApiId".into(), api_id.clone());
        props.insert("Name".into(), a.name.clone().into());
        props.insert(
            "IdentitySource".into(),
            Value::Array(a.identity_sources.clone()),
        );
        let mut depends_on = undef();
        match &a.kind {
            HttpApiAuthorizerKind::Request(r) => {
                depends_on = alias_depends_on(r, aliases);
                if !r.managed_externally {
                    cx.assign_resource(
                        &http_api_authorizer_permission_logical_id(&a.name),
                        invoke_permission(function_arn(r, aliases), api_id, depends_on.clone()),
                    );
                }
                request_properties(&mut props, r, aliases);
            }
            HttpApiAuthorizerKind::Jwt(j) => {
                props.insert("AuthorizerType".into(), "JWT".into());
                props.insert(
                    "JwtConfiguration".into(),
                    obj([
                        ("Audience", Value::Array(j.audiences.clone())),
                        ("Issuer", j.issuer.clone().unwrap_or_else(undef)),
                    ]),
                );
            }
        }
        cx.assign_resource(&logical_id(a), authorizer_resource(props, depends_on));
    }
}

fn logical_id(a: &HttpApiAuthorizer) -> String {
    http_api_authorizer_logical_id(&a.name)
}

fn authorizer_resource(props: Map<String, Value>, depends_on: Value) -> Value {
    obj([
        ("Type", "AWS::ApiGatewayV2::Authorizer".into()),
        ("Properties", Value::Object(props)),
        ("DependsOn", depends_on),
    ])
}

/// The properties of a Lambda authorizer after the common ones, in SF's order.
fn request_properties(props: &mut Map<String, Value>, r: &RequestAuthorizer, aliases: &Aliases) {
    props.insert("AuthorizerType".into(), "REQUEST".into());
    props.insert(
        "EnableSimpleResponses".into(),
        opt(r.enable_simple_responses),
    );
    props.insert(
        "AuthorizerResultTtlInSeconds".into(),
        opt(r.result_ttl_in_seconds),
    );
    props.insert(
        "AuthorizerPayloadFormatVersion".into(),
        r.payload_version.clone().into(),
    );
    props.insert(
        "AuthorizerUri".into(),
        lambda_invocation_uri(function_arn(r, aliases)),
    );
}

/// The authorizer function's ARN: `functionArn` as given, or the service function's `Arn` (its
/// alias's, when it has one).
fn function_arn(r: &RequestAuthorizer, aliases: &Aliases) -> Value {
    match &r.function {
        Some(AuthorizerFunction::Arn(arn)) => arn.clone(),
        Some(AuthorizerFunction::Service(key)) => aliases.target(key),
        // a check reports an authorizer without a function; nothing compiles then
        None => undef(),
    }
}

/// The alias of the service function an authorizer calls, or `undefined`.
fn alias_depends_on(r: &RequestAuthorizer, aliases: &Aliases) -> Value {
    match &r.function {
        Some(AuthorizerFunction::Service(key)) => aliases.depends_on(key),
        _ => undef(),
    }
}
