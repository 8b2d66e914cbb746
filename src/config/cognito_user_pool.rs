//! The `cognitoUserPool` event, typed as SF v3.40's `cognito-user-pool.js`
//! (`defineFunctionEvent('aws', 'cognitoUserPool', …)`): a pool, one of its Lambda triggers,
//! and the KMS key the custom sender triggers need.

use super::defs::*;
use serde_json::{Value, json};

/// The triggers a user pool invokes a function for (SF's `validTriggerSources`).
pub const TRIGGER_SOURCES: [&str; 12] = [
    "PreSignUp",
    "PostConfirmation",
    "PreAuthentication",
    "PostAuthentication",
    "PreTokenGeneration",
    "CustomMessage",
    "DefineAuthChallenge",
    "CreateAuthChallenge",
    "VerifyAuthChallengeResponse",
    "UserMigration",
    "CustomSMSSender",
    "CustomEmailSender",
];

def!(
    /// One `- cognitoUserPool: …` event.
    CognitoUserPoolEvent(Value) = "cognitoUserPoolEvent",
    |g| json!({
        "type": "object",
        "properties": {
            "pool": {"type": "string", "maxLength": 128, "pattern": "^[0-9A-Za-z_\\s+=,.@-]+$"},
            "trigger": {"enum": TRIGGER_SOURCES},
            "existing": {"type": "boolean"},
            "forceDeploy": {"type": "boolean"},
            "kmsKeyId": sub::<KmsArn>(g)
        },
        "required": ["pool", "trigger"],
        "additionalProperties": false
    })
);
