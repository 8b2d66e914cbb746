//! `cognitoUserPool` events on pools the service creates (SF v3 `cognito-user-pool.js`,
//! `newCognitoUserPools`): one `AWS::Cognito::UserPool` per pool with every trigger in its
//! `LambdaConfig`, then one `AWS::Lambda::Permission` per function, pool and trigger.

use super::super::Ctx;
use super::super::functions::Aliases;
use super::super::value::{get_att, obj};
use crate::ir::events::cognito_user_pool::{CUSTOM_SENDER_TRIGGERS, CognitoUserPoolEvent};
use crate::ir::naming::{
    cognito_user_pool_logical_id, cognito_user_pool_permission_logical_id, function_logical_id,
};
use serde_json::{Map, Value};

/// The only `LambdaVersion` of a custom sender trigger SF writes.
const CUSTOM_SENDER_LAMBDA_VERSION: &str = "V1_0";

pub(crate) fn compile(cx: &mut Ctx) {
    let events = &cx.svc.events.cognito_user_pools;
    let aliases = Aliases::new(cx.svc);
    let mut pools: Vec<&str> = Vec::new();
    for event in events {
        if !pools.contains(&event.pool.as_str()) {
            pools.push(&event.pool);
        }
    }
    for pool in pools {
        let triggers: Vec<&CognitoUserPoolEvent> =
            events.iter().filter(|e| e.pool == pool).collect();
        cx.merge_resource(
            &cognito_user_pool_logical_id(pool),
            pool_resource(&aliases, pool, &triggers),
        );
    }
    for event in events {
        let key = event.origin.function.as_str();
        let pool_id = cognito_user_pool_logical_id(&event.pool);
        cx.merge_resource(
            &cognito_user_pool_permission_logical_id(key, &event.pool, &event.trigger),
            obj([
                ("Type", "AWS::Lambda::Permission".into()),
                ("DependsOn", aliases.depends_on(key)),
                (
                    "Properties",
                    obj([
                        ("FunctionName", aliases.target(key)),
                        ("Action", "lambda:InvokeFunction".into()),
                        ("Principal", "cognito-idp.amazonaws.com".into()),
                        ("SourceArn", get_att(pool_id, "Arn")),
                    ]),
                ),
            ]),
        );
    }
}

/// The pool with its `LambdaConfig` (a later event on the same trigger takes its place) and
/// `DependsOn` every trigger's function, or its alias.
fn pool_resource(aliases: &Aliases, pool: &str, triggers: &[&CognitoUserPoolEvent]) -> Value {
    let mut lambda_config = Map::new();
    for event in triggers {
        let key = event.origin.function.as_str();
        if CUSTOM_SENDER_TRIGGERS.contains(&event.trigger.as_str()) {
            lambda_config.insert(
                event.trigger.clone(),
                obj([
                    ("LambdaArn", aliases.target(key)),
                    ("LambdaVersion", CUSTOM_SENDER_LAMBDA_VERSION.into()),
                ]),
            );
            // a missing key is SF's COGNITO_KMS_KEY_NOT_SET (`check::cognito_user_pool`)
            lambda_config.insert(
                "KMSKeyID".into(),
                event.kms_key_id.clone().unwrap_or(Value::Null),
            );
        } else {
            lambda_config.insert(event.trigger.clone(), aliases.target(key));
        }
    }
    let depends_on = triggers
        .iter()
        .map(|e| {
            let key = e.origin.function.as_str();
            let id = aliases
                .of(key)
                .map_or_else(|| function_logical_id(key), |a| a.logical_id(key));
            Value::String(id)
        })
        .collect();
    obj([
        ("Type", "AWS::Cognito::UserPool".into()),
        (
            "Properties",
            obj([
                ("UserPoolName", pool.into()),
                ("LambdaConfig", Value::Object(lambda_config)),
            ]),
        ),
        ("DependsOn", Value::Array(depends_on)),
    ])
}
