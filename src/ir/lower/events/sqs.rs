//! An `sqs` event → [`SqsEvent`] (SF v3 `sqs.js`): the ARN string form or settings, the
//! queue name read out of the ARN, SF's defaults.

use super::event_source::{
    Problem, SourceProblem, Ty, arn_json, arn_node, defined, filter_patterns, intrinsic_name,
    present, required, truthy,
};
use crate::ir::events::EventOrigin;
use crate::ir::events::sqs::SqsEvent;
use crate::load::{Node, Value};
use serde_json::Value as Json;

/// SF's batch size when none (or a falsy one) is given.
pub const DEFAULT_BATCH_SIZE: u64 = 10;

/// Reads one `sqs` event (its value), or why SF cannot compile it.
pub fn read(value: &Node, origin: EventOrigin) -> Result<SqsEvent, Problem> {
    let (arn, settings) = match &value.value {
        Value::Map(_) => (arn_node(required(value, "arn")?), Some(value)),
        Value::Seq(_) => return Err((SourceProblem::NotSettings, value.span)),
        _ => (arn_node(value), None),
    };
    let arn = arn.as_ref();
    let queue_name = queue_name(arn)?;
    let empty = Node::null(value.span);
    let s = settings.unwrap_or(&empty);
    Ok(SqsEvent {
        origin,
        arn: arn_json(arn),
        queue_name,
        batch_size: truthy(s, "batchSize", Ty::Integer).unwrap_or(Json::from(DEFAULT_BATCH_SIZE)),
        maximum_batching_window: present(s, "maximumBatchingWindow", Ty::Integer),
        enabled: defined(s, "enabled", Ty::Boolean).unwrap_or(Json::Bool(true)),
        function_response_type: present(s, "functionResponseType", Ty::Any),
        filter_patterns: filter_patterns(s)?,
        maximum_concurrency: truthy(s, "maximumConcurrency", Ty::Integer),
    })
}

/// The queue's name: what follows the ARN's last `:`, `Fn::GetAtt`'s resource,
/// `Fn::ImportValue`'s export, or the last part of `Fn::Join`. SF reads nothing else (not even
/// a `Ref`) and fails.
fn queue_name(arn: &Node) -> Result<String, Problem> {
    let unreadable = (SourceProblem::UnreadableArn { what: "queue" }, arn.span);
    if let Some(s) = arn.as_str() {
        return Ok(s.rsplit(':').next().unwrap_or(s).to_owned());
    }
    intrinsic_name(arn, &["Fn::GetAtt", "Fn::ImportValue", "Fn::Join"], false).ok_or(unreadable)
}
