//! `cognitoUserPool` events (SF v3 `cognito-user-pool.js`). On pools the service creates
//! (`newCognitoUserPools`): one `AWS::Cognito::UserPool` per pool with every trigger in its
//! `LambdaConfig`, then one `AWS::Lambda::Permission` per function, pool and trigger. On
//! `existing: true` pools (`existingCognitoUserPools`): one `Custom::CognitoUserPool` per
//! function with the triggers its handler sets on the pool, then the handler's function and
//! permissions.

use super::super::Ctx;
use super::super::custom_resources::{self, Chains, Handler};
use super::super::functions::Aliases;
use super::super::js;
use super::super::value::{get_att, obj};
use crate::ir::events::cognito_user_pool::{CUSTOM_SENDER_TRIGGERS, CognitoUserPoolEvent};
use crate::ir::naming::{
    cognito_user_pool_logical_id, cognito_user_pool_permission_logical_id,
    custom_cognito_user_pool_logical_id, function_logical_id,
};
use serde_json::{Map, Value, json};

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
    compile_existing(cx);
}

/// The `Custom::CognitoUserPool` of each function with events on existing pools: the first
/// event makes it (with `ForceDeploy` if that event says `forceDeploy`) and the handler's
/// statements (`kms:CreateGrant` on the key of a custom sender trigger, the pool calls), later
/// ones add their trigger; each function lets the handler change its permissions. Then every
/// resource on a pool depends on the one before, and the handler gets its function and the
/// right to pass roles.
fn compile_existing(cx: &mut Ctx) {
    let svc = cx.svc;
    let events = &svc.events.cognito_user_pools_existing;
    if events.is_empty() {
        return;
    }
    let mut statements = Vec::new();
    let mut chains = Chains::default();
    for function in &svc.functions {
        let key = function.key.as_str();
        let mut first = true;
        for event in events.iter().filter(|e| e.origin.function == key) {
            let id = custom_cognito_user_pool_logical_id(key);
            chains.add(event.pool.clone(), &id);
            let kms_key = event.kms_key_id.as_ref().filter(|k| js::truthy(k));
            let custom_sender = CUSTOM_SENDER_TRIGGERS.contains(&event.trigger.as_str());
            let mut config = Map::new();
            config.insert("Trigger".into(), event.trigger.as_str().into());
            if custom_sender {
                config.insert("LambdaVersion".into(), CUSTOM_SENDER_LAMBDA_VERSION.into());
                // a missing key is SF's COGNITO_KMS_KEY_NOT_SET (`check::cognito_user_pool`)
                if let Some(kms_key) = kms_key {
                    config.insert("KMSKeyID".into(), kms_key.clone());
                }
            }
            if !first {
                custom_resources::append(cx, &id, "UserPoolConfigs", Value::Object(config));
                continue;
            }
            first = false;
            // only for the function's first event, as SF does
            if let (true, Some(kms_key)) = (custom_sender, kms_key) {
                statements.push(json!({
                    "Effect": "Allow",
                    "Resource": kms_key,
                    "Action": ["kms:CreateGrant"]
                }));
            }
            let mut properties = Map::new();
            properties.insert("UserPoolName".into(), event.pool.as_str().into());
            properties.insert("UserPoolConfigs".into(), json!([config]));
            if event.force_deploy {
                properties.insert(
                    "ForceDeploy".into(),
                    custom_resources::force_deploy_value(cx),
                );
            }
            let resource = custom_resources::function_resource(
                Handler::ExistingCognitoUserPool,
                key,
                &function.name,
                properties,
            );
            cx.merge_resource(&id, resource);
            statements.push(json!({
                "Effect": "Allow",
                "Resource": "*",
                "Action": [
                    "cognito-idp:ListUserPools",
                    "cognito-idp:DescribeUserPool",
                    "cognito-idp:UpdateUserPool"
                ]
            }));
        }
        if !first {
            statements.push(json!({
                "Effect": "Allow",
                "Resource": {
                    "Fn::Sub": format!("arn:${{AWS::Partition}}:lambda:*:*:function:{}", function.name)
                },
                "Action": ["lambda:AddPermission", "lambda:RemovePermission"]
            }));
        }
    }
    statements.push(json!({
        "Effect": "Allow",
        "Resource": {"Fn::Sub": "arn:${AWS::Partition}:iam::*:role/*"},
        "Action": ["iam:PassRole"]
    }));
    chains.apply(cx);
    custom_resources::add(cx, Handler::ExistingCognitoUserPool, statements);
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
