//! Checks on `stream` events: SF's error for a Kinesis consumer read `AT_TIMESTAMP` without a
//! timestamp and its deprecation of consumer names without the service, and what AWS rejects
//! although SF lets it through: a source that is neither DynamoDB nor Kinesis, a table's ARN
//! instead of its stream's, `AT_TIMESTAMP` on DynamoDB or (SF writing no timestamp) without a
//! consumer, a consumer name AWS does not accept, a failure destination of another kind. Also
//! what SF drops without a word: a consumer on a DynamoDB stream, a timestamp it does not write.

use super::event_source::{
    BATCH_SIZE_RANGE, BATCHING_WINDOW_RANGE, Ids, Written, filter_patterns, in_range, literal_arn,
    problem, written,
};
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::Service;
use crate::ir::events::stream::StreamEvent;
use crate::ir::lower::events::stream::read;
use crate::ir::naming::{stream_consumer_name, stream_logical_id};
use crate::load::Node;

/// The longest name of a Kinesis stream consumer.
pub const MAX_CONSUMER_NAME: usize = 128;

pub fn check_streams(service: &Service, root: &Node, d: &mut Diagnostics) {
    let naming_mode = root.path(["provider", "kinesis", "consumerNamingMode"]);
    let service_specific = naming_mode.is_some_and(Node::is_truthy);
    let mut ids = Ids::merged();
    let mut deprecation_said = false;
    for w in written(root, "stream") {
        let e = match read(w.value, w.origin()) {
            Ok(e) => e,
            Err(p) => {
                d.push(problem("stream", &w, p));
                continue;
            }
        };
        filter_patterns(&w, e.filter_patterns.as_deref(), d);
        ranges(&w, &e, d);
        source(&w, &e, d);
        starting_position(&w, &e, d);
        let naming = service_specific.then_some((service.name.as_str(), service.stage.as_str()));
        consumer(&w, &e, naming, d);
        destination(&w, &e, d);
        let uses_service_specific = naming_mode.and_then(Node::as_str) == Some("serviceSpecific");
        if !deprecation_said && e.consumer.is_some() && !uses_service_specific {
            deprecation_said = true;
            d.push(
                Diagnostic::warning(
                    codes::DEPRECATED,
                    "SF v4 names Kinesis consumers with the service and stage: set `provider.kinesis.consumerNamingMode: serviceSpecific` to adopt that now",
                )
                .at_opt(w.setting("consumer").map(|n| n.span))
                .label("consumer named without the service")
                .help("add `kinesis: {consumerNamingMode: serviceSpecific}` under `provider:` (the consumer is then replaced)"),
            );
        }
        ids.add(
            stream_logical_id(w.function, &e.stream_type, &e.stream_name),
            &w,
            d,
        );
    }
}

/// The numbers SF writes, within Lambda's bounds.
fn ranges(w: &Written, e: &StreamEvent, d: &mut Diagnostics) {
    let other = codes::EVENT_SOURCE_RANGE;
    let batch = Some(&e.batch_size);
    in_range(
        w,
        "batchSize",
        batch,
        BATCH_SIZE_RANGE,
        codes::BATCH_SIZE,
        d,
    );
    let window = e.batch_window.as_ref();
    in_range(
        w,
        "batchWindow",
        window,
        BATCHING_WINDOW_RANGE,
        codes::BATCHING_WINDOW,
        d,
    );
    let factor = e.parallelization_factor.as_ref();
    in_range(w, "parallelizationFactor", factor, &[(1, 10)], other, d);
    let retries = e.maximum_retry_attempts.as_ref();
    in_range(w, "maximumRetryAttempts", retries, &[(-1, 10000)], other, d);
    let age = e.maximum_record_age_in_seconds.as_ref();
    let ages = &[(-1, -1), (60, 604800)];
    in_range(w, "maximumRecordAgeInSeconds", age, ages, other, d);
    let tumbling = e.tumbling_window_in_seconds.as_ref();
    in_range(
        w,
        "tumblingWindowInSeconds",
        tumbling,
        &[(0, 900)],
        other,
        d,
    );
}

/// The source must be a DynamoDB stream or a Kinesis stream (a literal ARN: the stream's).
fn source(w: &Written, e: &StreamEvent, d: &mut Diagnostics) {
    let at = w
        .setting("type")
        .or(w.setting("arn"))
        .map_or(w.value.span, |n| n.span);
    if !matches!(e.stream_type.as_str(), "dynamodb" | "kinesis") {
        d.push(
            Diagnostic::error(
                codes::STREAM_TYPE,
                format!(
                    "a stream event reads DynamoDB or Kinesis streams; this one of function `{}` is of type `{}`",
                    w.function, e.stream_type
                ),
            )
            .at(at)
            .label("not dynamodb or kinesis")
            .help("give a DynamoDB stream's or a Kinesis stream's ARN (an SQS queue is an `sqs` event)"),
        );
        return;
    }
    let Some((arn, span)) = literal_arn(w) else {
        return;
    };
    let resource = arn.splitn(6, ':').nth(5).unwrap_or("");
    let (ok, want) = match e.stream_type.as_str() {
        "dynamodb" => (
            resource.contains("/stream/"),
            "a table's stream: arn:aws:dynamodb:<region>:<account>:table/<table>/stream/<label>",
        ),
        _ => (
            resource.starts_with("stream/"),
            "a stream: arn:aws:kinesis:<region>:<account>:stream/<stream>",
        ),
    };
    if !ok {
        d.push(
            Diagnostic::error(
                codes::EVENT_SOURCE_ARN,
                format!("`{arn}` is not the ARN of {want} (function `{}`)", w.function),
            )
            .at(span)
            .label("not a stream's ARN")
            .help("a DynamoDB table's stream ARN is its `StreamArn` attribute (`Fn::GetAtt: [Table, StreamArn]`)"),
        );
    }
}

/// `AT_TIMESTAMP` needs a timestamp, which SF writes only for a Kinesis stream read through a
/// consumer; DynamoDB streams cannot start at a time.
fn starting_position(w: &Written, e: &StreamEvent, d: &mut Diagnostics) {
    let position = w.setting("startingPosition");
    let at_timestamp = position.and_then(Node::as_str) == Some("AT_TIMESTAMP");
    let timestamp = w.setting("startingPositionTimestamp");
    let through_consumer = e.kinesis_consumer().is_some();
    let f = w.function;
    let err = |message: String, label: &str, help: &str| {
        Diagnostic::error(codes::STARTING_POSITION, message)
            .at_opt(position.map(|n| n.span))
            .label(label)
            .help(help)
    };
    if at_timestamp && e.stream_type == "dynamodb" {
        d.push(err(
            format!("a DynamoDB stream cannot be read from a timestamp (function `{f}`)"),
            "not for DynamoDB",
            "use TRIM_HORIZON or LATEST",
        ));
    } else if at_timestamp && through_consumer && e.starting_position_timestamp.is_none() {
        d.push(err(
            format!("You must specify startingPositionTimestamp for function: {f} when startingPosition is AT_TIMESTAMP"),
            "no startingPositionTimestamp",
            "add `startingPositionTimestamp:` (seconds since the epoch)",
        ));
    } else if at_timestamp && !through_consumer {
        d.push(err(
            format!("SF writes no StartingPositionTimestamp for a Kinesis stream read without a consumer, and AWS needs one with AT_TIMESTAMP (function `{f}`)"),
            "no timestamp reaches the template",
            "add `consumer: true` (SF then writes the timestamp), or use TRIM_HORIZON or LATEST",
        ));
    } else if let Some(t) =
        timestamp.filter(|_| !through_consumer && e.starting_position_timestamp.is_some())
    {
        d.push(
            Diagnostic::warning(
                codes::STARTING_POSITION,
                format!("SF leaves `startingPositionTimestamp` out: it writes one only for a Kinesis stream read through a consumer (function `{f}`)"),
            )
            .at(t.span)
            .label("not in the template")
            .help("remove it, or read the stream through `consumer: true` from AT_TIMESTAMP"),
        );
    }
}

/// A consumer only on Kinesis; a created consumer's name within AWS's rules.
fn consumer(w: &Written, e: &StreamEvent, naming: Option<(&str, &str)>, d: &mut Diagnostics) {
    let Some(node) = w.setting("consumer").filter(|_| e.consumer.is_some()) else {
        return;
    };
    if !e.is_kinesis() {
        d.push(
            Diagnostic::warning(
                codes::STREAM_CONSUMER,
                format!("SF ignores `consumer` on a `{}` stream: only Kinesis streams have consumers (function `{}`)", e.stream_type, w.function),
            )
            .at(node.span)
            .label("ignored")
            .help("remove `consumer`"),
        );
        return;
    }
    if node.value != crate::load::Value::Bool(true) {
        return;
    }
    let name = stream_consumer_name(w.function, &e.stream_name, naming);
    let valid = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    let len = name.chars().count();
    if !valid || len > MAX_CONSUMER_NAME {
        d.push(
            Diagnostic::error(
                codes::STREAM_CONSUMER,
                format!("SF names this Kinesis consumer `{name}`, which AWS rejects: at most {MAX_CONSUMER_NAME} letters, digits, `_`, `.` and `-`"),
            )
            .at(node.span)
            .label(if valid { "name too long" } else { "characters AWS rejects" })
            .help("shorten the function key or the stream's name, or create the consumer yourself and give its ARN"),
        );
    }
}

/// A failed batch goes to an SQS queue, an SNS topic or an S3 bucket.
fn destination(w: &Written, e: &StreamEvent, d: &mut Diagnostics) {
    let Some(dest) = &e.on_failure else {
        return;
    };
    let on_failure = w.value.path(["destinations", "onFailure"]);
    let at = on_failure
        .map(|n| n.get("arn").unwrap_or(n))
        .map_or(w.value.span, |n| n.span);
    match dest.kind.as_str() {
        "sns" | "sqs" => {}
        "s3" => d.push(
            Diagnostic::warning(
                codes::STREAM_DESTINATION,
                format!("SF grants the SQS permissions for an S3 failure destination, not `s3:PutObject` (function `{}`)", w.function),
            )
            .at(at)
            .label("the role cannot write to the bucket")
            .help("add a statement allowing `s3:PutObject` (and `s3:ListBucket`) on the bucket to `provider.iam.role.statements`"),
        ),
        kind => d.push(
            Diagnostic::error(
                codes::STREAM_DESTINATION,
                format!("a stream's failed batches go to an SQS queue, an SNS topic or an S3 bucket, not `{kind}` (function `{}`)", w.function),
            )
            .at(at)
            .label("not a queue, topic or bucket")
            .help("give a queue's, a topic's or a bucket's ARN (with `type: sqs` or `type: sns` for an intrinsic)"),
        ),
    }
}
