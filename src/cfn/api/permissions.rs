//! `AWS::Lambda::Permission` letting API Gateway invoke each function with an `http` event, and
//! each Lambda authorizer (SF v3 `lib/permissions.js`); for an aliased function, its alias.

use super::{Api, execute_api_source_arn};
use crate::cfn::Ctx;
use crate::cfn::js::undef;
use crate::cfn::value::api_gateway_invoke_permission;
use crate::ir::AuthorizerKind;
use crate::ir::naming::permission_logical_id;
use serde_json::{Value, json};
use std::collections::HashSet;

pub fn compile(cx: &mut Ctx, api: &Api) {
    let source_arn = execute_api_source_arn(&api.rest_api_id);
    let permission = |function_name: Value, depends_on: Value| {
        let mut p = api_gateway_invoke_permission(function_name, source_arn.clone());
        if let Value::Object(m) = &mut p {
            m.insert("DependsOn".into(), depends_on);
        }
        p
    };
    // SF assigns a function's permission again for each of its events; the value is the same
    // every time and an assignment keeps the key's place, so the repeats change nothing
    let mut assigned: HashSet<&str> = HashSet::new();
    for e in api.events {
        if assigned.insert(e.function.as_str()) {
            cx.assign_resource(
                &permission_logical_id(&e.function),
                permission(
                    api.aliases.target(&e.function),
                    api.aliases.depends_on(&e.function),
                ),
            );
        }
        let Some(a) = &e.authorizer else { continue };
        let Some(arn) = &a.arn else { continue };
        let id = permission_logical_id(&a.name);
        if a.kind == AuthorizerKind::CognitoUserPools
            || cx.resources.contains_key(&id)
            || a.managed_externally
        {
            continue;
        }
        // an aliased authorizer function is named by the alias's `Ref` (its ARN)
        let function_name = match api.aliases.aliased(a.function.as_deref()) {
            Some((f, alias)) => json!({"Ref": alias.logical_id(f)}),
            None => arn.clone(),
        };
        let mut p = permission(function_name, undef());
        if let Value::Object(m) = &mut p {
            m.shift_remove("DependsOn");
        }
        cx.assign_resource(&id, p);
    }
}
