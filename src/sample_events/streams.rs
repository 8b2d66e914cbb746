//! Streams of records: Kinesis Data Streams, and CloudWatch Logs subscriptions (whose data
//! arrives gzipped and base64-encoded).

use super::{Fields, digits, now_ms};
use base64::Engine;
use serde_json::{Value as Json, json};
use std::io::Write;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub fn kinesis(f: &Fields) -> Json {
    let now = now_ms();
    let stream = f.stream.as_deref().unwrap_or("my-stream");
    let arn = format!(
        "arn:aws:kinesis:{}:{}:stream/{stream}",
        f.region(),
        f.account()
    );
    let records: Vec<Json> = (0..f.count())
        .map(|i| {
            let sequence = digits(56);
            let data = f.body_or(&format!("{{\"message\":\"hello from Kinesis\",\"index\":{i}}}"));
            json!({
                "kinesis": {
                    "kinesisSchemaVersion": "1.0",
                    "partitionKey": f.partition_key.as_deref().unwrap_or("partition-1"),
                    "sequenceNumber": sequence,
                    "data": b64(data.as_bytes()),
                    "approximateArrivalTimestamp": now as f64 / 1000.0
                },
                "eventSource": "aws:kinesis",
                "eventVersion": "1.0",
                "eventID": format!("shardId-000000000000:{sequence}"),
                "eventName": "aws:kinesis:record",
                "invokeIdentityArn": format!("arn:aws:iam::{}:role/lambda-kinesis-role", f.account()),
                "awsRegion": f.region(),
                "eventSourceARN": arn
            })
        })
        .collect();
    json!({ "Records": records })
}

/// The subscription's payload, gzipped then base64-encoded as CloudWatch Logs delivers it.
pub fn cloudwatch_logs(f: &Fields) -> Json {
    let now = now_ms();
    let group = f.log_group.as_deref().unwrap_or("/aws/lambda/my-function");
    let events: Vec<Json> = (0..f.count())
        .map(|i| {
            json!({
                "id": digits(56),
                "timestamp": now + i as u64,
                "message": f.body_or(&format!("[INFO] sample log line {i}"))
            })
        })
        .collect();
    let data = json!({
        "messageType": "DATA_MESSAGE",
        "owner": f.account(),
        "logGroup": group,
        "logStream": format!("{}/[$LATEST]{}", log_stream_date(now), super::hex(32)),
        "subscriptionFilters": ["sample-filter"],
        "logEvents": events
    });
    json!({ "awslogs": { "data": b64(&gzip(data.to_string().as_bytes())) } })
}

/// `bytes` in gzip's format.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // writing into a Vec cannot fail
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

/// `YYYY/MM/DD`, the date a log stream's name starts with.
fn log_stream_date(ms: u64) -> String {
    crate::common::time::iso8601(ms)[..10].replace('-', "/")
}
