//! `sns` events → [`SnsEvent`]: the string forms (topic name or ARN) and the object form, with
//! the topic name SF derives from an ARN.

use super::super::LowerContext;
use super::super::shape::{child, str_at, wrong};
use crate::ir::events::EventOrigin;
use crate::ir::events::sns::{SnsDeadLetter, SnsEvent};
use crate::load::{Node, Value};

/// Lowers one `sns` event; `None` when it cannot be compiled (reported here, or by
/// `check::sns` for an intrinsic ARN without `topicName`).
pub fn lower(cx: &mut LowerContext, value: &Node, origin: EventOrigin) -> Option<SnsEvent> {
    let d = &mut cx.diags;
    let mut event = SnsEvent {
        origin,
        topic_name: String::new(),
        arn: None,
        arn_region: None,
        display_name: None,
        filter_policy: None,
        filter_policy_scope: None,
        dead_letter: None,
    };
    match &value.value {
        Value::Str(s) if s.starts_with("arn:") => {
            event.topic_name = s.split(':').next_back().unwrap_or_default().to_string();
            event.arn = Some(value.to_json());
        }
        Value::Str(s) => event.topic_name = s.clone(),
        Value::Map(_) => {
            let topic_name = str_at(d, value, "topicName");
            match child(value, "arn") {
                Some(arn) => {
                    if let Some(s) = arn.as_str() {
                        let parts = split_arn(s);
                        event.arn_region = parts.get(3).cloned();
                        event.topic_name = parts.last().cloned().unwrap_or_default();
                    }
                    event.arn = Some(arn.to_json());
                }
                None if topic_name.is_none() => {
                    wrong(d, value, "sns", "a mapping with `arn` or `topicName`");
                    return None;
                }
                None => {}
            }
            // a `topicName` names the topic even when the ARN says otherwise
            if let Some(name) = topic_name.filter(|n| !n.is_empty()) {
                event.topic_name = name;
            }
            event.display_name = str_at(d, value, "displayName").filter(|n| !n.is_empty());
            event.filter_policy = child(value, "filterPolicy").map(Node::to_json);
            event.filter_policy_scope = child(value, "filterPolicyScope").map(Node::to_json);
            event.dead_letter = child(value, "redrivePolicy").and_then(|r| dead_letter(cx, r));
        }
        _ => {
            wrong(d, value, "sns", "a topic name, a topic ARN or a mapping");
            return None;
        }
    }
    // an intrinsic ARN without `topicName` is SF's SNS_MISSING_TOPIC_NAME (`check::sns`)
    (!event.topic_name.is_empty()).then_some(event)
}

/// An ARN's `:`-separated parts, `::` kept inside a part (SF splits at single colons only).
fn split_arn(arn: &str) -> Vec<String> {
    arn.replace("::", "@@")
        .split(':')
        .map(|p| p.replace("@@", "::"))
        .collect()
}

/// `redrivePolicy`: the first of `deadLetterTargetArn`, `deadLetterTargetRef` and
/// `deadLetterTargetImport` that is set, as SF reads them.
fn dead_letter(cx: &mut LowerContext, policy: &Node) -> Option<SnsDeadLetter> {
    let d = &mut cx.diags;
    if let Some(arn) = str_at(d, policy, "deadLetterTargetArn").filter(|s| !s.is_empty()) {
        return Some(SnsDeadLetter::Arn(arn));
    }
    if let Some(id) = str_at(d, policy, "deadLetterTargetRef").filter(|s| !s.is_empty()) {
        return Some(SnsDeadLetter::Ref(id));
    }
    let import = child(policy, "deadLetterTargetImport");
    match import.map(|i| (str_at(d, i, "arn"), str_at(d, i, "url"))) {
        Some((Some(arn), Some(url))) => Some(SnsDeadLetter::Import { arn, url }),
        _ => {
            wrong(
                d,
                policy,
                "redrivePolicy",
                "a mapping with `deadLetterTargetArn`, `deadLetterTargetRef` or `deadLetterTargetImport: {arn, url}`",
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::split_arn;

    #[test]
    fn an_arn_splits_at_single_colons() {
        assert_eq!(
            split_arn("arn:aws:sns:eu-west-1:1:topic"),
            ["arn", "aws", "sns", "eu-west-1", "1", "topic"]
        );
        assert_eq!(split_arn("arn:aws:sns::1:t"), ["arn", "aws", "sns::1", "t"]);
    }
}
