//! `cognitoUserPool` events: the Lambda triggers of user pools the service creates, and of
//! `existing: true` pools made elsewhere (set by SF v3's custom resource).

use super::EventOrigin;
use serde::Serialize;
use serde_json::Value as Json;

/// One `cognitoUserPool` event.
#[derive(Clone, Debug, Serialize)]
pub struct CognitoUserPoolEvent {
    pub origin: EventOrigin,
    /// `pool`: the pool's name (its logical id is made from it).
    pub pool: String,
    /// `trigger`: the `LambdaConfig` key.
    pub trigger: String,
    /// `kmsKeyId`, which the custom sender triggers need.
    pub kms_key_id: Option<Json>,
    /// `forceDeploy` of an event on an existing pool: its resource changes on every deploy,
    /// so the handler runs again (SF ignores it on pools it creates).
    pub force_deploy: bool,
}

/// Triggers that take a `{LambdaArn, LambdaVersion}` and the pool's `KMSKeyID` (SF's
/// `customSenderSources`).
pub const CUSTOM_SENDER_TRIGGERS: [&str; 2] = ["CustomSMSSender", "CustomEmailSender"];
