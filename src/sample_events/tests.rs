use super::*;
use serde_json::json;

fn build(source: &str, fields: &Fields) -> Json {
    sample(source, fields, &[]).unwrap_or_else(|d| panic!("{source}: {}", d.message))
}

#[test]
fn every_source_builds_its_event_with_defaults() {
    let f = Fields::default();
    for s in SOURCES {
        let v = build(s.name, &f);
        assert!(v.is_object(), "{}", s.name);
    }
    assert_eq!(build("apigateway", &f)["httpMethod"], "GET");
    assert_eq!(build("http-api", &f)["version"], "2.0");
    assert_eq!(build("http-api", &f)["requestContext"]["stage"], "$default");
    assert_eq!(build("function-url", &f)["routeKey"], "$default");
    assert!(
        build("function-url", &f)["requestContext"]["domainName"]
            .as_str()
            .unwrap()
            .ends_with(".lambda-url.us-east-1.on.aws")
    );
    assert!(build("alb", &f)["requestContext"]["elb"]["targetGroupArn"].is_string());
    assert_eq!(
        build("websocket", &f)["requestContext"]["eventType"],
        "MESSAGE"
    );
    assert_eq!(build("sqs", &f)["Records"][0]["eventSource"], "aws:sqs");
    assert_eq!(
        build("sns", &f)["Records"][0]["Sns"]["Type"],
        "Notification"
    );
    assert_eq!(
        build("s3", &f)["Records"][0]["eventName"],
        "ObjectCreated:Put"
    );
    assert_eq!(build("schedule", &f)["detail-type"], "Scheduled Event");
    assert_eq!(build("eventbridge", &f)["detail"]["orderId"], "1234");
    assert_eq!(build("dynamodb", &f)["Records"][0]["eventName"], "INSERT");
    assert_eq!(
        build("kinesis", &f)["Records"][0]["eventName"],
        "aws:kinesis:record"
    );
    assert_eq!(
        build("cognito-user-pool", &f)["triggerSource"],
        "PreSignUp_SignUp"
    );
}

#[test]
fn flags_fill_the_main_fields() {
    let f = Fields {
        region: Some("eu-west-1".into()),
        method: Some("post".into()),
        path: Some("orders/7".into()),
        query: Some("a=1&a=2&b=x".into()),
        body: Some("{\"n\":1}".into()),
        queue: Some("jobs".into()),
        count: Some(3),
        ..Fields::default()
    };
    let rest = build("apigateway", &f);
    assert_eq!(rest["httpMethod"], "POST");
    assert_eq!(rest["path"], "/orders/7");
    assert_eq!(rest["body"], "{\"n\":1}");
    assert_eq!(rest["queryStringParameters"], json!({"a": "2", "b": "x"}));
    assert_eq!(
        rest["multiValueQueryStringParameters"],
        json!({"a": ["1", "2"], "b": ["x"]})
    );
    let v2 = build("http-api", &f);
    assert_eq!(v2["routeKey"], "POST /orders/7");
    assert_eq!(v2["rawQueryString"], "a=1&a=2&b=x");
    let sqs = build("sqs", &f);
    let records = sqs["Records"].as_array().unwrap();
    assert_eq!(records.len(), 3);
    assert_eq!(
        records[2]["eventSourceARN"],
        "arn:aws:sqs:eu-west-1:123456789012:jobs"
    );
    assert_eq!(
        records[0]["md5OfBody"],
        crate::common::digest::md5_hex(b"{\"n\":1}")
    );
    let s3 = build(
        "s3",
        &Fields {
            key: Some("my photos/a b.jpg".into()),
            event_name: Some("ObjectRemoved:Delete".into()),
            ..Fields::default()
        },
    );
    let object = &s3["Records"][0]["s3"]["object"];
    assert_eq!(object["key"], "my+photos/a+b.jpg");
    assert!(object.get("size").is_none(), "a removed object has no size");
    let ddb = build(
        "dynamodb",
        &Fields {
            event_name: Some("modify".into()),
            ..Fields::default()
        },
    );
    let change = &ddb["Records"][0]["dynamodb"];
    assert!(change["NewImage"].is_object() && change["OldImage"].is_object());
}

#[test]
fn cloudwatch_logs_data_is_gzipped_json() {
    use std::io::Read;
    let v = build(
        "cloudwatch-logs",
        &Fields {
            log_group: Some("/aws/lambda/api".into()),
            count: Some(2),
            ..Fields::default()
        },
    );
    let b64 = v["awslogs"]["data"].as_str().unwrap();
    let gz = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_string(&mut text)
        .unwrap();
    let data: Json = serde_json::from_str(&text).unwrap();
    assert_eq!(data["messageType"], "DATA_MESSAGE");
    assert_eq!(data["logGroup"], "/aws/lambda/api");
    assert_eq!(data["logEvents"].as_array().unwrap().len(), 2);
}

#[test]
fn unknown_sources_and_foreign_flags_are_diagnosed() {
    let d = sample("sqss", &Fields::default(), &[]).unwrap_err();
    assert_eq!(d.code, codes::CLI_UNKNOWN_EVENT_SOURCE);
    assert_eq!(d.help.as_deref(), Some("did you mean `sqs`?"));
    let d = sample("s3", &Fields::default(), &["queue"]).unwrap_err();
    assert_eq!(d.code, codes::CLI_BAD_DATA);
    assert!(
        d.message.contains("--queue does not apply to `s3`"),
        "{}",
        d.message
    );
    assert!(sample("s3", &Fields::default(), &["bucket", "region"]).is_ok());
}
