//! `sns` events: a Lambda subscription to a topic the service creates (given by name) or to an
//! existing one (given by ARN), with its filter policy and dead-letter queue.

use super::EventOrigin;
use serde::Serialize;
use serde_json::Value as Json;

/// One `sns` event, normalized as SF v3's `sns.js` reads it.
#[derive(Clone, Debug, Serialize)]
pub struct SnsEvent {
    pub origin: EventOrigin,
    /// `topicName`, else the last `:`-part of the ARN, else the string form: names the topic,
    /// the subscription, the permission and the queue policy.
    pub topic_name: String,
    /// The topic's ARN (a string or an intrinsic); `None` for a topic given by name, which the
    /// service creates.
    pub arn: Option<Json>,
    /// The region part of an ARN string given in the object form (SF writes the subscription's
    /// `Region` when it is not the deployment's).
    pub arn_region: Option<String>,
    /// `displayName` of a topic the service creates.
    pub display_name: Option<String>,
    pub filter_policy: Option<Json>,
    pub filter_policy_scope: Option<Json>,
    /// `redrivePolicy`: where undeliverable messages go.
    pub dead_letter: Option<SnsDeadLetter>,
}

/// The three forms of `redrivePolicy`.
#[derive(Clone, Debug, Serialize)]
pub enum SnsDeadLetter {
    /// `deadLetterTargetArn`: an SQS queue ARN.
    Arn(String),
    /// `deadLetterTargetRef`: the logical id of a queue of the stack.
    Ref(String),
    /// `deadLetterTargetImport`: the export names of the queue's ARN and URL.
    Import { arn: String, url: String },
}
