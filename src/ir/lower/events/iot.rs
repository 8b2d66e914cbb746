//! `iot` events → [`IotEvent`] and `iotFleetProvisioning` events →
//! [`IotFleetProvisioningEvent`].

use super::super::LowerContext;
use super::super::shape::{bool_at, child, str_at, wrong};
use crate::ir::events::EventOrigin;
use crate::ir::events::iot::{IotEvent, IotFleetProvisioningEvent};
use crate::load::Node;

/// Lowers one `iot` event (SF removes the line breaks of its strings).
pub fn lower(cx: &mut LowerContext, value: &Node, origin: EventOrigin) -> Option<IotEvent> {
    let d = &mut cx.diags;
    if value.as_map().is_none() {
        wrong(d, value, "iot", "a mapping with `sql`");
        return None;
    }
    let one_line = |s: String| s.replace("\r\n", "").replace('\n', "");
    let Some(sql) = str_at(d, value, "sql") else {
        wrong(d, value, "iot", "a mapping with `sql`");
        return None;
    };
    let non_empty = |s: Option<String>| s.filter(|s| !s.is_empty()).map(one_line);
    Some(IotEvent {
        origin,
        sql: one_line(sql),
        sql_version: non_empty(str_at(d, value, "sqlVersion")),
        name: non_empty(str_at(d, value, "name")),
        description: non_empty(str_at(d, value, "description")),
        disabled: child(value, "enabled")
            .is_some_and(|e| e.value == crate::load::Value::Bool(false)),
    })
}

/// Lowers one `iotFleetProvisioning` event.
pub fn lower_fleet_provisioning(
    cx: &mut LowerContext,
    value: &Node,
    origin: EventOrigin,
) -> Option<IotFleetProvisioningEvent> {
    let d = &mut cx.diags;
    let (Some(role), Some(body)) = (
        child(value, "provisioningRoleArn"),
        child(value, "templateBody"),
    ) else {
        wrong(
            d,
            value,
            "iotFleetProvisioning",
            "a mapping with `templateBody` and `provisioningRoleArn`",
        );
        return None;
    };
    Some(IotFleetProvisioningEvent {
        origin,
        enabled: bool_at(d, value, "enabled"),
        provisioning_role_arn: role.to_json(),
        template_body: body.to_json(),
        template_name: str_at(d, value, "templateName").filter(|n| !n.is_empty()),
    })
}
