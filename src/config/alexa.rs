//! The `alexaSkill` and `alexaSmartHome` events, typed as SF v3.40's `alexa-skill.js` and
//! `alexa-smart-home.js` describe them: an application id, or `{appId, enabled}`.

use super::defs::*;
use serde_json::{Value, json};

def!(
    /// An Alexa skill's application id (the permission's event source token).
    AlexaEventToken(String) = "awsAlexaEventToken",
    |g| json!({"type": "string", "minLength": 0, "maxLength": 256, "pattern": "^[a-zA-Z0-9._\\-]+$"})
);

/// `appId` alone or with `enabled` (both events take the same forms).
fn alexa_event(g: &mut schemars::SchemaGenerator) -> Value {
    json!({"anyOf": [
        sub::<AlexaEventToken>(g),
        {
            "type": "object",
            "properties": {
                "appId": sub::<AlexaEventToken>(g),
                "enabled": {"type": "boolean"}
            },
            "required": ["appId"],
            "additionalProperties": false
        }
    ]})
}

def!(
    /// One `- alexaSkill: …` event.
    AlexaSkillEvent(Value) = "alexaSkillEvent",
    |g| alexa_event(g)
);

def!(
    /// One `- alexaSmartHome: …` event.
    AlexaSmartHomeEvent(Value) = "alexaSmartHomeEvent",
    |g| alexa_event(g)
);
