//! `alexaSkill` and `alexaSmartHome` events → [`AlexaEvent`]: an application id, or
//! `{appId, enabled}`.

use super::super::LowerContext;
use super::super::shape::{str_at, string, wrong};
use crate::ir::events::EventOrigin;
use crate::ir::events::alexa::AlexaEvent;
use crate::load::{Node, Value};

/// Lowers one `alexaSkill` or `alexaSmartHome` event (`kind` names it in messages).
pub fn lower(
    cx: &mut LowerContext,
    kind: &str,
    value: &Node,
    origin: EventOrigin,
) -> Option<AlexaEvent> {
    let d = &mut cx.diags;
    match &value.value {
        Value::Map(_) => Some(AlexaEvent {
            origin,
            app_id: str_at(d, value, "appId").filter(|a| !a.is_empty()),
            enabled: value.get("enabled").map(|e| &e.value) != Some(&Value::Bool(false)),
        }),
        Value::Str(_) | Value::Int(_) | Value::Float(_) => Some(AlexaEvent {
            origin,
            app_id: string(d, Some(value), kind).filter(|a| !a.is_empty()),
            enabled: true,
        }),
        _ => {
            wrong(d, value, kind, "an application id or `{appId, enabled}`");
            None
        }
    }
}
