//! A function's asynchronous invocation settings (`destinations`, `maximumEventAge`,
//! `maximumRetryAttempts`), which SF v3 compiles to one `AWS::Lambda::EventInvokeConfig`
//! (`compileFunctionEventInvokeConfig`).

use serde::Serialize;
use serde_json::Value as Json;

/// The settings, when any is given (`destinations` or a truthy `maximumEventAge`, or a
/// `maximumRetryAttempts` that is not `null`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AsyncInvoke {
    /// `destinations`, when given (a present but empty `destinations` still counts).
    pub destinations: Option<Destinations>,
    /// `maximumEventAge` (seconds), when truthy.
    pub maximum_event_age: Option<Json>,
    /// `maximumRetryAttempts`, when not `null` (0 counts).
    pub maximum_retry_attempts: Option<Json>,
}

/// Where results go.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Destinations {
    pub on_success: Option<Destination>,
    pub on_failure: Option<Destination>,
}

/// One destination, in the form it was written.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Destination {
    /// A string that does not start with `arn:`: a function of the service, by key.
    Function(String),
    /// A string ARN (of a function, queue, topic or event bus, told apart by its text).
    Arn(String),
    /// `{type, arn}`: the ARN as written (often an intrinsic), the type naming what it is.
    Typed {
        kind: Option<String>,
        arn: Option<Json>,
    },
}

impl Destination {
    /// The IAM action the execution role needs on the target (SF's
    /// `ensureTargetExecutionPermission`), `None` for a target SF refuses
    /// (`UNSUPPORTED_DESTINATION_TARGET`).
    pub fn action(&self) -> Option<&'static str> {
        match self {
            Destination::Function(_) => Some("lambda:InvokeFunction"),
            Destination::Arn(arn) if arn.contains(":function:") => Some("lambda:InvokeFunction"),
            Destination::Arn(arn) if arn.contains(":sqs:") => Some("sqs:SendMessage"),
            Destination::Arn(arn) if arn.contains(":sns:") => Some("sns:Publish"),
            Destination::Arn(arn) if arn.contains(":event-bus/") => Some("events:PutEvents"),
            Destination::Arn(_) => None,
            Destination::Typed { kind, .. } => match kind.as_deref() {
                Some("function") => Some("lambda:InvokeFunction"),
                Some("sqs") => Some("sqs:SendMessage"),
                Some("sns") => Some("sns:Publish"),
                Some("eventBus") => Some("events:PutEvents"),
                _ => None,
            },
        }
    }
}
