//! The `iot` and `iotFleetProvisioning` events, typed as SF v3.40's `iot.js` and
//! `iot-fleet-provisioning.js` describe them: a topic rule's SQL and settings, and a fleet
//! provisioning template whose pre-provisioning hook is the function.

use super::defs::*;
use serde_json::{Value, json};

def!(
    /// One `- iot: …` event (an IoT topic rule).
    IotEvent(Value) = "iotEvent",
    |g| json!({
        "type": "object",
        "properties": {
            "sql": {"type": "string"},
            "sqlVersion": {"type": "string", "enum": ["2015-10-08", "2016-03-23", "beta"]},
            "name": {"type": "string"},
            "enabled": {"type": "boolean"},
            "description": {"type": "string"}
        },
        "required": ["sql"],
        "additionalProperties": false
    })
);

def!(
    /// One `- iotFleetProvisioning: …` event (a provisioning template).
    IotFleetProvisioningEvent(Value) = "iotFleetProvisioningEvent",
    |g| json!({
        "type": "object",
        "properties": {
            "enabled": {"type": "boolean"},
            "provisioningRoleArn": sub::<AwsArn>(g),
            "templateBody": {"type": "object"},
            "templateName": {"type": "string"}
        },
        "required": ["templateBody", "provisioningRoleArn"],
        "additionalProperties": false
    })
);
