//! `cognitoUserPool` events on user pools the service creates: each pool's Lambda triggers
//! (`existing: true` pools are not lowered yet).

use super::EventOrigin;
use serde::Serialize;
use serde_json::Value as Json;

/// One `cognitoUserPool` event on a pool the service creates.
#[derive(Clone, Debug, Serialize)]
pub struct CognitoUserPoolEvent {
    pub origin: EventOrigin,
    /// `pool`: the pool's name (its logical id is made from it).
    pub pool: String,
    /// `trigger`: the `LambdaConfig` key.
    pub trigger: String,
    /// `kmsKeyId`, which the custom sender triggers need.
    pub kms_key_id: Option<Json>,
}

/// Triggers that take a `{LambdaArn, LambdaVersion}` and the pool's `KMSKeyID` (SF's
/// `customSenderSources`).
pub const CUSTOM_SENDER_TRIGGERS: [&str; 2] = ["CustomSMSSender", "CustomEmailSender"];
