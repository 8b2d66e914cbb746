//! A `stream` event → [`StreamEvent`] (SF v3 `stream.js`): the ARN string form or settings,
//! the stream's type and name read out of the ARN, the failure destination, SF's defaults.

use super::event_source::{
    Problem, SourceProblem, Ty, arn_json, arn_node, arn_part, defined, filter_patterns,
    intrinsic_name, present, required, scalar_text, truthy,
};
use crate::ir::events::EventOrigin;
use crate::ir::events::stream::{OnFailure, StreamEvent};
use crate::load::{Node, Value};
use serde_json::Value as Json;

/// SF's batch size when none (or a falsy one) is given.
pub const DEFAULT_BATCH_SIZE: u64 = 10;
/// SF's starting position when none is given.
pub const DEFAULT_STARTING_POSITION: &str = "TRIM_HORIZON";

/// Reads one `stream` event (its value), or why SF cannot compile it.
pub fn read(value: &Node, origin: EventOrigin) -> Result<StreamEvent, Problem> {
    let (arn, settings) = match &value.value {
        Value::Map(_) => (arn_node(required(value, "arn")?), Some(value)),
        Value::Seq(_) => return Err((SourceProblem::NotSettings, value.span)),
        _ => (arn_node(value), None),
    };
    let arn = arn.as_ref();
    let empty = Node::null(value.span);
    let s = settings.unwrap_or(&empty);
    let stream_type = match s.get("type").filter(|t| t.is_truthy()) {
        Some(t) => scalar_text(t).ok_or((SourceProblem::NotAString("type".into()), t.span))?,
        None => match arn.as_str() {
            Some(a) => arn_part(a, 2).to_owned(),
            None => return Err((SourceProblem::NeedsType { key: "arn" }, arn.span)),
        },
    };
    let stream_name = stream_name(arn)?;
    Ok(StreamEvent {
        origin,
        arn: arn_json(arn),
        stream_type,
        stream_name,
        batch_size: truthy(s, "batchSize", Ty::Integer).unwrap_or(Json::from(DEFAULT_BATCH_SIZE)),
        parallelization_factor: truthy(s, "parallelizationFactor", Ty::Integer),
        starting_position: truthy(s, "startingPosition", Ty::Any)
            .unwrap_or(Json::from(DEFAULT_STARTING_POSITION)),
        starting_position_timestamp: truthy(s, "startingPositionTimestamp", Ty::Number),
        enabled: defined(s, "enabled", Ty::Boolean).unwrap_or(Json::Bool(true)),
        consumer: s.get("consumer").filter(|c| c.is_truthy()).map(arn_json),
        batch_window: present(s, "batchWindow", Ty::Integer),
        maximum_retry_attempts: present(s, "maximumRetryAttempts", Ty::Integer),
        bisect_batch_on_function_error: present(s, "bisectBatchOnFunctionError", Ty::Boolean),
        function_response_type: present(s, "functionResponseType", Ty::Any),
        maximum_record_age_in_seconds: truthy(s, "maximumRecordAgeInSeconds", Ty::Integer),
        tumbling_window_in_seconds: present(s, "tumblingWindowInSeconds", Ty::Integer),
        on_failure: on_failure(s)?,
        filter_patterns: filter_patterns(s)?,
    })
}

/// The stream's name: what follows the ARN's first `/` up to the next (`table/<name>/stream/…`,
/// `stream/<name>`), `Fn::GetAtt`'s resource, `Fn::ImportValue`'s export, `Ref`'s target, or
/// what follows the last `/` of `Fn::Join`'s last part.
fn stream_name(arn: &Node) -> Result<String, Problem> {
    let unreadable = (SourceProblem::UnreadableArn { what: "stream" }, arn.span);
    if let Some(s) = arn.as_str() {
        return s.split('/').nth(1).map(str::to_owned).ok_or(unreadable);
    }
    intrinsic_name(
        arn,
        &["Fn::GetAtt", "Fn::ImportValue", "Ref", "Fn::Join"],
        true,
    )
    .ok_or(unreadable)
}

/// `destinations.onFailure`: an ARN string, or `{arn, type}`; its type is `type`, else the
/// ARN's service.
fn on_failure(s: &Node) -> Result<Option<OnFailure>, Problem> {
    let Some(destinations) = s.get("destinations").filter(|d| d.is_truthy()) else {
        return Ok(None);
    };
    let on_failure = destinations
        .get("onFailure")
        .filter(|n| !n.is_null())
        .ok_or((SourceProblem::Missing("onFailure"), destinations.span))?;
    let (arn, kind) = match &on_failure.value {
        Value::Map(_) => (
            required(on_failure, "arn")?,
            on_failure
                .get("type")
                .filter(|t| t.is_truthy())
                .and_then(scalar_text),
        ),
        Value::Str(_) => (on_failure, None),
        _ => {
            return Err((
                SourceProblem::NotAString("onFailure".into()),
                on_failure.span,
            ));
        }
    };
    let kind = match (kind, arn.as_str()) {
        (Some(kind), _) => kind,
        (None, Some(a)) => arn_part(a, 2).to_owned(),
        (None, None) => {
            return Err((
                SourceProblem::NeedsType {
                    key: "onFailure.arn",
                },
                arn.span,
            ));
        }
    };
    Ok(Some(OnFailure {
        arn: arn_json(arn),
        kind,
    }))
}
