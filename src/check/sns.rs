//! Checks on `sns` events: SF v3's SNS_MISSING_TOPIC_NAME, and the filter policy scopes SNS
//! accepts.

use super::event_nodes::events_of;
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::load::Node;

/// The scopes SNS applies a filter policy to.
pub const FILTER_POLICY_SCOPES: [&str; 2] = ["MessageAttributes", "MessageBody"];

pub fn check_sns(root: &Node, d: &mut Diagnostics) {
    for event in events_of(root, "sns") {
        let value = event.value;
        if value.as_map().is_none() {
            continue;
        }
        // an intrinsic ARN says nothing of the topic's name, which names the resources
        if let Some(arn) = value.get("arn").filter(|a| a.as_map().is_some())
            && value
                .get("topicName")
                .and_then(Node::as_str)
                .is_none_or(str::is_empty)
        {
            d.push(
                Diagnostic::error(
                    codes::SNS_TOPIC_NAME,
                    format!(
                        "the `sns` event of `{}` gives its topic's ARN as an intrinsic function but no `topicName`",
                        event.function
                    ),
                )
                .at(arn.span)
                .label("no topic name in this ARN")
                .help("add `topicName: <the topic's name>` beside `arn` (SF v3: SNS_MISSING_TOPIC_NAME)"),
            );
        }
        if let Some(scope) = value.get("filterPolicyScope")
            && let Some(s) = scope.as_str()
            && !FILTER_POLICY_SCOPES.contains(&s)
        {
            d.push(
                Diagnostic::error(
                    codes::SNS_FILTER_POLICY_SCOPE,
                    format!("SNS has no filter policy scope `{s}`"),
                )
                .at(scope.span)
                .label("unknown scope")
                .help("use `MessageAttributes` (the default) or `MessageBody`; CloudFormation rejects the subscription otherwise"),
            );
        }
    }
}
