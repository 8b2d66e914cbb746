//! Storage notifications: S3 event notifications and DynamoDB stream records.

use super::{Fields, digits, hex, iso_ms, now_ms};
use serde_json::{Value as Json, json};

/// S3 writes keys URL-encoded in notifications (a space as `+`).
fn encode_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for b in key.bytes() {
        match b {
            b' ' => out.push('+'),
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'~'
            | b'/'
            | b'!'
            | b'*'
            | b'\''
            | b'('
            | b')' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

pub fn s3(f: &Fields) -> Json {
    let now = now_ms();
    let bucket = f.bucket.as_deref().unwrap_or("my-bucket");
    let event_name = f.event_name.as_deref().unwrap_or("ObjectCreated:Put");
    let removed = event_name.starts_with("ObjectRemoved");
    let records: Vec<Json> = (0..f.count())
        .map(|i| {
            let key = match (&f.key, f.count()) {
                (Some(k), 1) => k.clone(),
                (Some(k), _) => format!("{k}-{i}"),
                (None, 1) => "uploads/photo.jpg".to_string(),
                (None, _) => format!("uploads/photo-{i}.jpg"),
            };
            let mut object = json!({
                "key": encode_key(&key),
                "sequencer": hex(18).to_ascii_uppercase()
            });
            if !removed && let Some(o) = object.as_object_mut() {
                o.insert("size".into(), json!(f.size.unwrap_or(1024)));
                o.insert("eTag".into(), json!(hex(32)));
            }
            json!({
                "eventVersion": "2.1",
                "eventSource": "aws:s3",
                "awsRegion": f.region(),
                "eventTime": iso_ms(now),
                "eventName": event_name,
                "userIdentity": {"principalId": "AWS:AIDAEXAMPLEPRINCIPAL"},
                "requestParameters": {"sourceIPAddress": "203.0.113.7"},
                "responseElements": {
                    "x-amz-request-id": hex(16).to_ascii_uppercase(),
                    "x-amz-id-2": format!("{}/{}", hex(40), hex(24))
                },
                "s3": {
                    "s3SchemaVersion": "1.0",
                    "configurationId": "sample-notification",
                    "bucket": {
                        "name": bucket,
                        "ownerIdentity": {"principalId": "A3NL1KOZZKExample"},
                        "arn": format!("arn:aws:s3:::{bucket}")
                    },
                    "object": object
                }
            })
        })
        .collect();
    json!({ "Records": records })
}

pub fn dynamodb(f: &Fields) -> Json {
    let now = now_ms();
    let table = f.table.as_deref().unwrap_or("my-table");
    let event_name = f
        .event_name
        .as_deref()
        .unwrap_or("INSERT")
        .to_ascii_uppercase();
    let stream_label = iso_ms(now).trim_end_matches('Z').to_string();
    let arn = format!(
        "arn:aws:dynamodb:{}:{}:table/{table}/stream/{stream_label}",
        f.region(),
        f.account()
    );
    let records: Vec<Json> = (0..f.count())
        .map(|i| {
            let id = json!({"N": (101 + i).to_string()});
            let new_image = json!({"Id": id, "Message": {"S": "New item!"}});
            let old_image = json!({"Id": id, "Message": {"S": "Old item"}});
            let mut change = json!({
                "ApproximateCreationDateTime": now / 1000,
                "Keys": {"Id": id},
                "SequenceNumber": digits(21),
                "SizeBytes": 26,
                "StreamViewType": "NEW_AND_OLD_IMAGES"
            });
            if let Some(c) = change.as_object_mut() {
                if event_name != "REMOVE" {
                    c.insert("NewImage".into(), new_image);
                }
                if event_name != "INSERT" {
                    c.insert("OldImage".into(), old_image);
                }
            }
            json!({
                "eventID": hex(32),
                "eventName": event_name,
                "eventVersion": "1.1",
                "eventSource": "aws:dynamodb",
                "awsRegion": f.region(),
                "dynamodb": change,
                "eventSourceARN": arn
            })
        })
        .collect();
    json!({ "Records": records })
}
