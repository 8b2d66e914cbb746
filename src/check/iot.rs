//! Checks on `iot` and `iotFleetProvisioning` events: SF v3's
//! MULTIPLE_IOT_PROVISIONING_TEMPLATE_HOOK, and the rule names IoT accepts.

use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::Service;

pub fn check_iot(service: &Service, d: &mut Diagnostics) {
    for rule in &service.events.iot {
        let Some(name) = &rule.name else { continue };
        let valid =
            name.len() <= 128 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !valid {
            d.push(
                Diagnostic::error(
                    codes::IOT_RULE_NAME,
                    format!("`{name}` is not a valid IoT topic rule name"),
                )
                .at(rule.origin.span)
                .label("invalid rule name")
                .help("use 1 to 128 letters, digits and `_` (IoT rejects `-`, `.` and spaces)"),
            );
        }
    }
    let templates = &service.events.iot_fleet_provisioning;
    for (j, t) in templates.iter().enumerate() {
        if templates[..j]
            .iter()
            .any(|e| e.origin.function == t.origin.function)
        {
            d.push(
                Diagnostic::error(
                    codes::IOT_FLEET_PROVISIONING,
                    format!(
                        "function `{}` has more than one `iotFleetProvisioning` event",
                        t.origin.function
                    ),
                )
                .at(t.origin.span)
                .label("second provisioning template hook")
                .help("a function hooks one provisioning template: move this event to another function (SF v3: MULTIPLE_IOT_PROVISIONING_TEMPLATE_HOOK)"),
            );
        }
    }
}
