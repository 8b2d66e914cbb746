//! `<Fn>LambdaPermissionHttpApi`: API Gateway may invoke the function from any route of the API
//! (one per function, made with its first route).

use super::invoke_permission;
use crate::cfn::Ctx;
use crate::cfn::value::get_att;
use crate::ir::naming::{function_logical_id, http_api_permission_logical_id};
use serde_json::Value;

pub fn compile(cx: &mut Ctx, function: &str, api_id: &Value) {
    cx.assign_resource(
        &http_api_permission_logical_id(function),
        invoke_permission(get_att(function_logical_id(function), "Arn"), api_id),
    );
}
