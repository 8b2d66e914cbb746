//! `AWS::ApiGateway::Authorizer` per event with an authorizer function or user pool (SF v3
//! `lib/authorizers.js`). Merged by name: two events naming the same authorizer share one
//! resource whose properties are deep-merged, the later event winning.

use super::{Api, lambda_invocation_uri};
use crate::cfn::Ctx;
use crate::cfn::functions::lambda_target;
use crate::cfn::js::{opt, undef};
use crate::ir::AuthorizerKind;
use crate::ir::naming::authorizer_logical_id;
use serde_json::{Map, json};

pub fn compile(cx: &mut Ctx, api: &Api) {
    for e in api.events {
        let Some(a) = &e.authorizer else { continue };
        let Some(arn) = &a.arn else { continue };
        // a function of the service is invoked through its alias when it has one
        let alias = api.aliases.aliased(a.function.as_deref());
        let arn = match alias {
            Some((f, alias)) => lambda_target(f, Some(alias)),
            None => arn.clone(),
        };
        let depends_on = alias.map_or_else(undef, |(f, alias)| json!(alias.logical_id(f)));
        let mut props = Map::new();
        props.insert(
            "AuthorizerResultTtlInSeconds".into(),
            opt(a.result_ttl_in_seconds),
        );
        props.insert("IdentitySource".into(), opt(a.identity_source.clone()));
        props.insert("Name".into(), json!(a.name));
        props.insert("RestApiId".into(), api.rest_api_id.clone());
        if let Some(x) = &a.identity_validation_expression {
            props.insert("IdentityValidationExpression".into(), json!(x));
        }
        if a.kind == AuthorizerKind::CognitoUserPools {
            props.insert("Type".into(), json!("COGNITO_USER_POOLS"));
            props.insert("ProviderARNs".into(), json!([arn]));
        } else {
            props.insert("AuthorizerUri".into(), lambda_invocation_uri(arn));
            props.insert("Type".into(), json!(a.kind.cfn_type()));
        }
        cx.merge_resource(
            &authorizer_logical_id(&a.name),
            json!({"Type": "AWS::ApiGateway::Authorizer", "DependsOn": depends_on, "Properties": props}),
        );
    }
}
