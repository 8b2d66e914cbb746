//! `alexaSkill` and `alexaSmartHome` events: permissions letting an Alexa skill invoke the
//! function.

use super::EventOrigin;
use serde::Serialize;

/// One `alexaSkill` or `alexaSmartHome` event.
#[derive(Clone, Debug, Serialize)]
pub struct AlexaEvent {
    pub origin: EventOrigin,
    /// `appId` (or the string form), the permission's event source token.
    pub app_id: Option<String>,
    /// `enabled: false` writes the `lambda:DisableInvokeFunction` action.
    pub enabled: bool,
}
