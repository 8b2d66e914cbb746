//! `iot` events (IoT topic rules invoking the function) and `iotFleetProvisioning` events
//! (provisioning templates whose pre-provisioning hook is the function).

use super::EventOrigin;
use serde::Serialize;
use serde_json::Value as Json;

/// One `iot` event. Line breaks are removed from its strings, as SF does.
#[derive(Clone, Debug, Serialize)]
pub struct IotEvent {
    pub origin: EventOrigin,
    pub sql: String,
    pub sql_version: Option<String>,
    /// `name` (the rule's name), when not empty.
    pub name: Option<String>,
    pub description: Option<String>,
    /// `enabled: false` disables the rule; anything else leaves it enabled.
    pub disabled: bool,
}

/// One `iotFleetProvisioning` event.
#[derive(Clone, Debug, Serialize)]
pub struct IotFleetProvisioningEvent {
    pub origin: EventOrigin,
    /// `enabled`, when written (SF's default is `true`).
    pub enabled: Option<bool>,
    pub provisioning_role_arn: Json,
    pub template_body: Json,
    pub template_name: Option<String>,
}
