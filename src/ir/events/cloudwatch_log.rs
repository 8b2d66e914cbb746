//! `cloudwatchLog` events: a subscription filter (`AWS::Logs::SubscriptionFilter`) sending a
//! log group's events to the function, and one Lambda permission per function covering all
//! of its log groups.

use super::EventOrigin;
use serde::Serialize;

/// One `- cloudwatchLog:` event.
#[derive(Clone, Debug, Serialize)]
pub struct CloudwatchLog {
    pub origin: EventOrigin,
    /// The log group's name (line breaks removed, as SF does).
    pub log_group: String,
    /// `filter` (line breaks removed; `""` matches every event), with SF's unescaping of
    /// `\"`, `\\` and `\'` applied when a backslash comes before the first quote.
    pub filter_pattern: String,
}
