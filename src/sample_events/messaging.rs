//! Messages and scheduled events: SQS, SNS, EventBridge and its schedules.

use super::{Fields, iso_ms, iso_seconds, now_ms};
use crate::common::ids::uuid_v4;
use serde_json::{Value as Json, json};

pub fn sqs(f: &Fields) -> Json {
    let now = now_ms();
    let queue = f.queue.as_deref().unwrap_or("my-queue");
    let arn = format!("arn:aws:sqs:{}:{}:{queue}", f.region(), f.account());
    let records: Vec<Json> = (0..f.count())
        .map(|i| {
            let body = f.body_or(&format!("{{\"message\":\"hello from SQS\",\"index\":{i}}}"));
            json!({
                "messageId": uuid_v4(),
                "receiptHandle": format!("AQEB{}", super::hex(96)),
                "body": body,
                "attributes": {
                    "ApproximateReceiveCount": "1",
                    "SentTimestamp": now.to_string(),
                    "SenderId": format!("AIDA{}", super::hex(16).to_ascii_uppercase()),
                    "ApproximateFirstReceiveTimestamp": (now + 3).to_string()
                },
                "messageAttributes": {},
                "md5OfBody": crate::common::digest::md5_hex(body.as_bytes()),
                "eventSource": "aws:sqs",
                "eventSourceARN": arn,
                "awsRegion": f.region()
            })
        })
        .collect();
    json!({ "Records": records })
}

pub fn sns(f: &Fields) -> Json {
    let now = now_ms();
    let topic = f.topic.as_deref().unwrap_or("my-topic");
    let arn = format!("arn:aws:sns:{}:{}:{topic}", f.region(), f.account());
    let records: Vec<Json> = (0..f.count())
        .map(|_| {
            json!({
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": format!("{arn}:{}", uuid_v4()),
                "Sns": {
                    "Type": "Notification",
                    "MessageId": uuid_v4(),
                    "TopicArn": arn,
                    "Subject": f.subject.clone().map_or(Json::Null, Json::from),
                    "Message": f.body_or("{\"message\":\"hello from SNS\"}"),
                    "Timestamp": iso_ms(now),
                    "SignatureVersion": "1",
                    "Signature": "EXAMPLEpH+DcEwjAPg8O9mY8dReBSwksfg2S7WKQcikcNKWLQjwu6A4VbeS0QHVCkhRS7fUQvi2egU3N858fiTDN6bkkOxYDVrY0Ad8L10Hs3zH81mtnPk5uvvolIC1CXGu43obcgFxeL3khZl8IKvO61GWB6jI9b5+gLPoBc1Q=",
                    "SigningCertUrl": format!("https://sns.{}.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem", f.region()),
                    "UnsubscribeUrl": format!("https://sns.{}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn={arn}:{}", f.region(), uuid_v4()),
                    "MessageAttributes": {}
                }
            })
        })
        .collect();
    json!({ "Records": records })
}

/// An EventBridge event (`detail` an object, as EventBridge delivers it).
fn event(
    f: &Fields,
    source: &str,
    detail_type: &str,
    resources: Vec<String>,
    detail: Json,
) -> Json {
    json!({
        "version": "0",
        "id": uuid_v4(),
        "detail-type": detail_type,
        "source": source,
        "account": f.account(),
        "time": iso_seconds(now_ms()),
        "region": f.region(),
        "resources": resources,
        "detail": detail
    })
}

pub fn schedule(f: &Fields) -> Json {
    let rule = f.rule.as_deref().unwrap_or("my-schedule");
    let arn = format!("arn:aws:events:{}:{}:rule/{rule}", f.region(), f.account());
    event(f, "aws.events", "Scheduled Event", vec![arn], json!({}))
}

pub fn eventbridge(f: &Fields) -> Json {
    event(
        f,
        f.source.as_deref().unwrap_or("com.example.orders"),
        f.detail_type.as_deref().unwrap_or("OrderPlaced"),
        Vec::new(),
        f.detail
            .clone()
            .unwrap_or_else(|| json!({"orderId": "1234", "amount": 42.5})),
    )
}
