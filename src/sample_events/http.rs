//! The HTTP front doors: API Gateway's REST proxy (payload 1.0), HTTP API and function URL
//! (payload 2.0), the Application Load Balancer, and a WebSocket API message.

use super::{Fields, now_ms};
use crate::emulate::ids;
use serde_json::{Map, Value as Json, json};
use std::time::{Duration, UNIX_EPOCH};

const USER_AGENT: &str = "curl/8.5.0";
const SOURCE_IP: &str = "203.0.113.7";

fn method(f: &Fields) -> String {
    f.method.as_deref().unwrap_or("GET").to_ascii_uppercase()
}

fn path(f: &Fields) -> String {
    let p = f.path.as_deref().unwrap_or("/hello");
    if p.starts_with('/') {
        p.to_string()
    } else {
        format!("/{p}")
    }
}

/// A query string's parameters: each name with its last value, and with all of them.
type Query = (Option<Map<String, Json>>, Option<Map<String, Json>>);

/// `a=1&b=2` as a map (the last value of a repeated name) and as lists.
fn query(f: &Fields) -> Query {
    let Some(q) = f.query.as_deref().filter(|q| !q.is_empty()) else {
        return (None, None);
    };
    let mut single = Map::new();
    let mut multi: Map<String, Json> = Map::new();
    for pair in q.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        single.insert(k.to_string(), json!(v));
        match multi.get_mut(k).and_then(Json::as_array_mut) {
            Some(list) => list.push(json!(v)),
            None => {
                multi.insert(k.to_string(), json!([v]));
            }
        }
    }
    (Some(single), Some(multi))
}

fn body(f: &Fields, method: &str) -> Json {
    match &f.body {
        Some(b) => json!(b),
        None if matches!(method, "POST" | "PUT" | "PATCH") => json!("{\"hello\":\"world\"}"),
        None => Json::Null,
    }
}

fn host(api_id: &str, region: &str) -> String {
    format!("{api_id}.execute-api.{region}.amazonaws.com")
}

pub fn rest_proxy(f: &Fields) -> Json {
    let now = now_ms();
    let m = method(f);
    let p = path(f);
    let api_id = ids::short_id("sample-rest-api", 10);
    let request_id = crate::common::ids::uuid_v4();
    let host = host(&api_id, f.region());
    let (q, mq) = query(f);
    let mut headers = vec![
        ("Accept", "*/*".to_string()),
        ("Host", host.clone()),
        ("User-Agent", USER_AGENT.to_string()),
        ("X-Amzn-Trace-Id", crate::common::ids::xray_root(now / 1000)),
        ("X-Forwarded-For", SOURCE_IP.to_string()),
        ("X-Forwarded-Port", "443".to_string()),
        ("X-Forwarded-Proto", "https".to_string()),
    ];
    if f.body.is_some() || matches!(m.as_str(), "POST" | "PUT" | "PATCH") {
        headers.insert(1, ("Content-Type", "application/json".to_string()));
    }
    let single: Map<String, Json> = headers
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    let multi: Map<String, Json> = headers
        .iter()
        .map(|(k, v)| (k.to_string(), json!([v])))
        .collect();
    json!({
        "resource": p,
        "path": p,
        "httpMethod": m,
        "headers": single,
        "multiValueHeaders": multi,
        "queryStringParameters": q,
        "multiValueQueryStringParameters": mq,
        "pathParameters": null,
        "stageVariables": null,
        "requestContext": {
            "resourceId": ids::short_id(&p, 6),
            "resourcePath": p,
            "httpMethod": m,
            "extendedRequestId": ids::extended_request_id(&request_id),
            "requestTime": ids::clf_time(UNIX_EPOCH + Duration::from_millis(now)),
            "path": format!("/{}{p}", f.stage()),
            "accountId": f.account(),
            "protocol": "HTTP/1.1",
            "stage": f.stage(),
            "domainPrefix": api_id,
            "requestTimeEpoch": now,
            "requestId": request_id,
            "identity": {
                "cognitoIdentityPoolId": null,
                "accountId": null,
                "cognitoIdentityId": null,
                "caller": null,
                "sourceIp": SOURCE_IP,
                "principalOrgId": null,
                "accessKey": null,
                "cognitoAuthenticationType": null,
                "cognitoAuthenticationProvider": null,
                "userArn": null,
                "userAgent": USER_AGENT,
                "user": null
            },
            "domainName": host,
            "apiId": api_id
        },
        "body": body(f, &m),
        "isBase64Encoded": false
    })
}

/// The payload 2.0 event of an HTTP API (`stage` `$default` unless given) or a function URL.
fn payload_v2(
    f: &Fields,
    api_id: &str,
    domain: &str,
    route_key: Option<String>,
    stage: &str,
) -> Json {
    let now = now_ms();
    let m = method(f);
    let p = path(f);
    let request_id = ids::extended_request_id(&crate::common::ids::uuid_v4());
    let (q, _) = query(f);
    let mut headers = Map::new();
    headers.insert("accept".into(), json!("*/*"));
    if f.body.is_some() || matches!(m.as_str(), "POST" | "PUT" | "PATCH") {
        headers.insert("content-type".into(), json!("application/json"));
    }
    headers.insert("host".into(), json!(domain));
    headers.insert("user-agent".into(), json!(USER_AGENT));
    headers.insert(
        "x-amzn-trace-id".into(),
        json!(crate::common::ids::xray_root(now / 1000)),
    );
    headers.insert("x-forwarded-for".into(), json!(SOURCE_IP));
    headers.insert("x-forwarded-port".into(), json!("443"));
    headers.insert("x-forwarded-proto".into(), json!("https"));
    let route_key = route_key.unwrap_or_else(|| format!("{m} {p}"));
    let mut event = json!({
        "version": "2.0",
        "routeKey": route_key,
        "rawPath": p,
        "rawQueryString": f.query.clone().unwrap_or_default(),
        "headers": headers,
        "requestContext": {
            "accountId": f.account(),
            "apiId": api_id,
            "domainName": domain,
            "domainPrefix": api_id,
            "http": {
                "method": m,
                "path": p,
                "protocol": "HTTP/1.1",
                "sourceIp": SOURCE_IP,
                "userAgent": USER_AGENT
            },
            "requestId": request_id,
            "routeKey": route_key,
            "stage": stage,
            "time": ids::clf_time(UNIX_EPOCH + Duration::from_millis(now)),
            "timeEpoch": now
        },
        "isBase64Encoded": false
    });
    if let (Some(q), Some(obj)) = (q, event.as_object_mut()) {
        obj.insert("queryStringParameters".into(), Json::Object(q));
    }
    let b = body(f, &m);
    if !b.is_null()
        && let Some(obj) = event.as_object_mut()
    {
        obj.insert("body".into(), b);
    }
    event
}

pub fn http_api(f: &Fields) -> Json {
    let api_id = ids::short_id("sample-http-api", 10);
    let domain = host(&api_id, f.region());
    let stage = f.stage.clone().unwrap_or_else(|| "$default".into());
    payload_v2(f, &api_id, &domain, None, &stage)
}

pub fn function_url(f: &Fields) -> Json {
    let url_id = super::hex(32);
    let domain = format!("{url_id}.lambda-url.{}.on.aws", f.region());
    payload_v2(f, &url_id, &domain, Some("$default".into()), "$default")
}

pub fn alb(f: &Fields) -> Json {
    let m = method(f);
    let (q, _) = query(f);
    let mut headers = Map::new();
    headers.insert("accept".into(), json!("*/*"));
    headers.insert(
        "host".into(),
        json!(format!(
            "my-alb-{}.{}.elb.amazonaws.com",
            super::digits(10),
            f.region()
        )),
    );
    headers.insert("user-agent".into(), json!(USER_AGENT));
    headers.insert(
        "x-amzn-trace-id".into(),
        json!(crate::common::ids::xray_root(now_ms() / 1000)),
    );
    headers.insert("x-forwarded-for".into(), json!(SOURCE_IP));
    headers.insert("x-forwarded-port".into(), json!("80"));
    headers.insert("x-forwarded-proto".into(), json!("http"));
    json!({
        "requestContext": {
            "elb": {
                "targetGroupArn": format!(
                    "arn:aws:elasticloadbalancing:{}:{}:targetgroup/lambda-target/{}",
                    f.region(), f.account(), super::hex(16)
                )
            }
        },
        "httpMethod": m,
        "path": path(f),
        "queryStringParameters": q.unwrap_or_default(),
        "headers": headers,
        "body": body(f, &m).as_str().unwrap_or(""),
        "isBase64Encoded": false
    })
}

pub fn websocket(f: &Fields) -> Json {
    let now = now_ms();
    let api_id = ids::short_id("sample-websocket-api", 10);
    let request_id = crate::common::ids::uuid_v4();
    let route = f.route.as_deref().unwrap_or("$default");
    let event_type = match route {
        "$connect" => "CONNECT",
        "$disconnect" => "DISCONNECT",
        _ => "MESSAGE",
    };
    let connection_id = format!("{}=", &ids::short_id(&request_id, 15));
    let mut event = json!({
        "requestContext": {
            "routeKey": route,
            "eventType": event_type,
            "extendedRequestId": ids::extended_request_id(&request_id),
            "requestTime": ids::clf_time(UNIX_EPOCH + Duration::from_millis(now)),
            "messageDirection": "IN",
            "stage": f.stage(),
            "connectedAt": now.saturating_sub(5_000),
            "requestTimeEpoch": now,
            "identity": {"sourceIp": SOURCE_IP, "userAgent": USER_AGENT},
            "requestId": ids::extended_request_id(&request_id),
            "domainName": host(&api_id, f.region()),
            "connectionId": connection_id,
            "apiId": api_id
        },
        "isBase64Encoded": false
    });
    if event_type == "MESSAGE"
        && let Some(obj) = event.as_object_mut()
    {
        if let Some(rc) = obj.get_mut("requestContext").and_then(Json::as_object_mut) {
            rc.insert("messageId".into(), json!(ids::short_id(&connection_id, 16)));
        }
        obj.insert(
            "body".into(),
            json!(f.body_or("{\"action\":\"sendmessage\",\"data\":\"hello\"}")),
        );
    }
    event
}
