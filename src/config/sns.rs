//! The `sns` event, typed as SF v3.40's `sns.js` (`defineFunctionEvent('aws', 'sns', …)`): a
//! topic name, a topic ARN, or `{arn | topicName, displayName, filterPolicy,
//! filterPolicyScope, redrivePolicy}`.

use super::defs::*;
use serde_json::{Value, json};

/// A topic name as SF accepts it: word characters and `-`, at most 256.
const TOPIC_NAME: &str = "^[0-9A-Za-z_-]+$";

def!(
    /// One `- sns: …` event.
    SnsEvent(Value) = "snsEvent",
    |g| json!({"anyOf": [
        {"type": "string", "maxLength": 256, "pattern": TOPIC_NAME},
        sub::<ArnString>(g),
        {
            "type": "object",
            "properties": {
                "arn": sub::<AwsArn>(g),
                "topicName": {"type": "string", "maxLength": 256, "pattern": TOPIC_NAME},
                "displayName": {"type": "string", "minLength": 1},
                "filterPolicy": {"type": "object"},
                "filterPolicyScope": {"type": "string"},
                "redrivePolicy": {
                    "type": "object",
                    "properties": {
                        "deadLetterTargetArn": sub::<ArnString>(g),
                        "deadLetterTargetRef": {"type": "string", "minLength": 1},
                        "deadLetterTargetImport": {
                            "type": "object",
                            "properties": {
                                "arn": sub::<ArnString>(g),
                                "url": {"type": "string", "minLength": 1}
                            },
                            "required": ["arn", "url"],
                            "additionalProperties": false
                        }
                    },
                    "oneOf": [
                        {"required": ["deadLetterTargetArn"]},
                        {"required": ["deadLetterTargetRef"]},
                        {"required": ["deadLetterTargetImport"]}
                    ],
                    "additionalProperties": false
                }
            },
            "anyOf": [{"required": ["arn"]}, {"required": ["topicName"]}],
            "additionalProperties": false
        }
    ]})
);
