//! `<Fn>LambdaPermissionHttpApi`: API Gateway may invoke the function from any route of the API
//! (one per function, made with its first route); an aliased function's alias.

use super::invoke_permission;
use crate::cfn::Ctx;
use crate::cfn::functions::Aliases;
use crate::ir::naming::http_api_permission_logical_id;
use serde_json::Value;

pub fn compile(cx: &mut Ctx, function: &str, api_id: &Value, aliases: &Aliases) {
    cx.assign_resource(
        &http_api_permission_logical_id(function),
        invoke_permission(
            aliases.target(function),
            api_id,
            aliases.depends_on(function),
        ),
    );
}
