//! The permissions letting the load balancer invoke each function (SF
//! `alb/lib/permissions.js`): `<Fn>LambdaPermissionAlb`, whose `SourceArn` is the target
//! group of the function's last event (the permissions of one function merge), and
//! `<Fn>LambdaPermissionRegisterTarget`, without a source, which target groups need to
//! register the function.

use super::{events, target_group_id};
use crate::cfn::Ctx;
use crate::cfn::functions::Aliases;
use crate::cfn::value::{obj, reference};
use crate::ir::naming::{alb_permission_logical_id, alb_register_target_permission_logical_id};
use serde_json::{Value, json};

pub(super) fn compile(cx: &mut Ctx, aliases: &Aliases) {
    let svc = cx.svc;
    for (e, ids) in events(svc) {
        let function = e.origin.function.as_str();
        let permission = |source: Option<Value>| {
            let mut props = obj([
                ("FunctionName", aliases.target(function)),
                ("Action", json!("lambda:InvokeFunction")),
                ("Principal", json!("elasticloadbalancing.amazonaws.com")),
            ]);
            if let (Some(source), Value::Object(m)) = (source, &mut props) {
                m.insert("SourceArn".into(), source);
            }
            let mut resource = obj([
                ("Type", json!("AWS::Lambda::Permission")),
                ("Properties", props),
            ]);
            if let (Some(alias), Value::Object(m)) = (aliases.of(function), &mut resource) {
                m.insert("DependsOn".into(), json!([alias.logical_id(function)]));
            }
            resource
        };
        cx.merge_resource(
            &alb_permission_logical_id(function),
            permission(Some(reference(target_group_id(e, ids)))),
        );
        cx.merge_resource(
            &alb_register_target_permission_logical_id(function),
            permission(None),
        );
    }
}
