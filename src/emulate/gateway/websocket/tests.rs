//! The WebSocket API in the process, on a loopback port, with a fake Lambda: the edges a
//! browser or SDK rarely sends (no route, huge messages and frames, malformed frames, plain
//! HTTP on the WebSocket port, the @connections API's errors), answered as AWS answers them
//! and never with a panic. The client is tokio-tungstenite's (not the server's code), or a
//! raw TCP socket where the bytes must be wrong on purpose.

use super::*;
use crate::emulate::test_support::{FakeLambda, service};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

const YAML: &str = r#"
service: ws
provider:
  name: aws
  runtime: nodejs20.x
functions:
  connect:
    handler: h.connect
    events:
      - websocket: $connect
  disconnect:
    handler: h.disconnect
    events:
      - websocket: $disconnect
  echo:
    handler: h.echo
    events:
      - websocket:
          route: echo
          routeResponseSelectionExpression: $default
"#;

fn answer(_f: &str, event: &Value) -> LambdaResult {
    LambdaResult::Ok(Bytes::from(
        json!({"statusCode": 200, "body": event["body"]}).to_string(),
    ))
}

/// Serves the API on a free port; its address and the fake.
async fn start(yaml: &str) -> (String, Arc<FakeLambda>, Arc<WebsocketApi>) {
    let fake = FakeLambda::new(answer);
    let api = Arc::new(WebsocketApi::new(
        &service(yaml),
        fake.clone(),
        Options::default(),
    ));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(server::serve(listener, api.clone(), std::future::pending()));
    (addr, fake, api)
}

type Client = tokio_tungstenite::WebSocketStream<TcpStream>;

async fn connect(addr: &str) -> Client {
    let tcp = TcpStream::connect(addr).await.unwrap();
    let (ws, response) = tokio_tungstenite::client_async(format!("ws://{addr}/dev"), tcp)
        .await
        .unwrap();
    assert_eq!(response.status(), 101);
    ws
}

/// The next data or close frame.
async fn next(ws: &mut Client) -> Message {
    loop {
        match ws.next().await {
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            Some(Ok(m)) => return m,
            other => panic!("no frame: {other:?}"),
        }
    }
}

/// Polls until `f` holds (the disconnect runs after the close, in its own time).
async fn eventually(what: &str, f: impl Fn() -> bool) {
    for _ in 0..1500 {
        if f() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("never happened: {what}");
}

fn json_of(m: &Message) -> Value {
    match m {
        Message::Text(t) => serde_json::from_str(t.as_str()).unwrap(),
        other => panic!("not text: {other:?}"),
    }
}

#[tokio::test]
async fn messages_no_route_takes_get_aws_forbidden_frame() {
    let (addr, fake, _) = start(YAML).await;
    let mut ws = connect(&addr).await;
    ws.send(Message::text(r#"{"action":"echo","n":1}"#))
        .await
        .unwrap();
    assert_eq!(
        next(&mut ws).await,
        Message::text(r#"{"action":"echo","n":1}"#)
    );
    // no `$default`: an unknown action, a body that is not JSON
    for m in [
        Message::text(r#"{"action":"nope"}"#),
        Message::text("not json"),
    ] {
        ws.send(m).await.unwrap();
        let frame = json_of(&next(&mut ws).await);
        assert_eq!(frame["message"], "Forbidden", "{frame}");
        assert!(
            frame["connectionId"]
                .as_str()
                .is_some_and(|c| c.ends_with('='))
        );
        assert!(frame["requestId"].is_string());
    }
    assert_eq!(fake.count("echo"), 1);
    // a binary frame: AWS takes none from clients and disconnects with 1003 ("binary media
    // types for WebSocket APIs")
    ws.send(Message::binary(vec![1, 2, 3])).await.unwrap();
    match next(&mut ws).await {
        Message::Close(Some(f)) => assert_eq!(u16::from(f.code), 1003),
        other => panic!("{other:?}"),
    }
    eventually("$disconnect with 1003", || {
        fake.count("disconnect") == 1
            && fake.last("disconnect")["requestContext"]["disconnectStatusCode"] == 1003
    })
    .await;
}

#[tokio::test]
async fn messages_and_frames_over_aws_limits_close_with_1009() {
    let (addr, fake, _) = start(YAML).await;
    // one frame of 32 KB passes; 32 KB + 1 closes
    let mut ws = connect(&addr).await;
    let body = |n: usize| format!(r#"{{"action":"echo","p":"{}"}}"#, "x".repeat(n - 24));
    ws.send(Message::text(body(limits::MAX_FRAME)))
        .await
        .unwrap();
    assert!(matches!(next(&mut ws).await, Message::Text(t) if t.len() == limits::MAX_FRAME));
    ws.send(Message::text(body(limits::MAX_FRAME + 1)))
        .await
        .unwrap();
    match next(&mut ws).await {
        Message::Close(Some(f)) => assert_eq!(f.code, CloseCode::Size),
        other => panic!("{other:?}"),
    }
    eventually("$disconnect with 1009", || {
        fake.count("disconnect") == 1
            && fake.last("disconnect")["requestContext"]["disconnectStatusCode"] == 1009
    })
    .await;
    // a message of 129 KB in frames of 32 KB closes too (the message limit)
    let raw = TcpStream::connect(&addr).await.unwrap();
    let (mut ws, _) = tokio_tungstenite::client_async(format!("ws://{addr}/dev"), raw)
        .await
        .unwrap();
    use tokio_tungstenite::tungstenite::protocol::frame::Frame;
    use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
    let chunk = vec![b'x'; limits::MAX_FRAME];
    for i in 0..5 {
        let op = if i == 0 {
            OpCode::Data(Data::Text)
        } else {
            OpCode::Data(Data::Continue)
        };
        let frame = Frame::message(chunk.clone(), op, i == 4);
        if ws.send(Message::Frame(frame)).await.is_err() {
            break;
        }
    }
    match next(&mut ws).await {
        Message::Close(Some(f)) => assert_eq!(f.code, CloseCode::Size),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn malformed_frames_and_plain_http_get_answers_not_panics() {
    let (addr, fake, api) = start(YAML).await;
    let handshake = format!(
        "GET /dev HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    );
    // (bytes after the handshake, the close code expected)
    let cases: [(&[u8], u16); 3] = [
        // an unmasked client frame
        (b"\x81\x02hi", 1002),
        // a reserved opcode, masked
        (b"\x83\x80\x01\x02\x03\x04", 1002),
        // invalid UTF-8 in a text frame: masked 0xff 0xfe with a zero mask
        (b"\x81\x82\x00\x00\x00\x00\xff\xfe", 1007),
    ];
    for (bytes, code) in cases {
        let mut tcp = TcpStream::connect(&addr).await.unwrap();
        tcp.write_all(handshake.as_bytes()).await.unwrap();
        let mut head = vec![0u8; 1024];
        let n = tcp.read(&mut head).await.unwrap();
        assert!(
            head[..n].starts_with(b"HTTP/1.1 101"),
            "{}",
            String::from_utf8_lossy(&head[..n])
        );
        tcp.write_all(bytes).await.unwrap();
        let mut back = Vec::new();
        let _ = tcp.read_to_end(&mut back).await;
        // a close frame, whose code says why
        assert!(back.len() >= 4, "no close frame: {back:?}");
        assert_eq!(back[0], 0x88, "{back:?}");
        assert_eq!(u16::from_be_bytes([back[2], back[3]]), code, "{back:?}");
    }
    eventually("every connection ended", || {
        api.connections.is_empty() && fake.count("disconnect") == 3
    })
    .await;
    // a client that just goes away (no close frame): `$disconnect` with 1006
    let mut tcp = TcpStream::connect(&addr).await.unwrap();
    tcp.write_all(handshake.as_bytes()).await.unwrap();
    let mut head = vec![0u8; 1024];
    let n = tcp.read(&mut head).await.unwrap();
    assert!(head[..n].starts_with(b"HTTP/1.1 101"));
    eventually("the connection is open", || !api.connections.is_empty()).await;
    drop(tcp);
    eventually("$disconnect with 1006", || {
        fake.count("disconnect") == 4
            && fake.last("disconnect")["requestContext"]["disconnectStatusCode"] == 1006
    })
    .await;
    // plain HTTP on the WebSocket port
    let cases = [
        ("GET /dev HTTP/1.1\r\nHost: x\r\n\r\n", "426"),
        ("GET /other HTTP/1.1\r\nHost: x\r\n\r\n", "403"),
        (
            "GET /dev HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
            "400",
        ),
        ("this is not http\r\n\r\n", "400"),
    ];
    for (request, status) in cases {
        let mut tcp = TcpStream::connect(&addr).await.unwrap();
        tcp.write_all(request.as_bytes()).await.unwrap();
        let mut back = vec![0u8; 1024];
        let n = tcp.read(&mut back).await.unwrap_or(0);
        let text = String::from_utf8_lossy(&back[..n]);
        assert!(
            text.starts_with(&format!("HTTP/1.1 {status}")),
            "{request:?}: {text}"
        );
    }
    // and a real client still connects
    let mut ws = connect(&addr).await;
    ws.send(Message::text(r#"{"action":"echo"}"#))
        .await
        .unwrap();
    assert_eq!(next(&mut ws).await, Message::text(r#"{"action":"echo"}"#));
}

/// One HTTP/1.1 request; the status and body.
async fn http(addr: &str, method: &str, path: &str, body: &[u8]) -> (u16, String) {
    let mut tcp = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    let _ = tcp.write_all(body).await;
    let mut back = Vec::new();
    let _ = tcp.read_to_end(&mut back).await;
    let text = String::from_utf8_lossy(&back).into_owned();
    let status = text.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    (status, body)
}

#[tokio::test]
async fn the_connections_api_answers_as_aws() {
    let (addr, fake, api) = start(YAML).await;
    let mut ws = connect(&addr).await;
    ws.send(Message::text(r#"{"action":"echo"}"#))
        .await
        .unwrap();
    next(&mut ws).await;
    let id = fake.last("echo")["requestContext"]["connectionId"]
        .as_str()
        .unwrap()
        .to_string();
    let url = format!("/dev/@connections/{}", id.replace('=', "%3D"));
    let (status, body) = http(&addr, "GET", &url, b"").await;
    assert_eq!(status, 200, "{body}");
    let got: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(got["identity"]["sourceIp"], "127.0.0.1");
    assert!(got["connectedAt"].as_str().unwrap().ends_with('Z'));
    assert_eq!(http(&addr, "POST", &url, b"hello").await.0, 200);
    assert_eq!(next(&mut ws).await, Message::text("hello"));
    assert_eq!(http(&addr, "POST", &url, &[0xff, 0]).await.0, 200);
    assert_eq!(next(&mut ws).await, Message::binary(vec![0xff, 0]));
    let (status, body) = http(&addr, "POST", &url, &vec![b'x'; limits::MAX_POST + 1]).await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(http(&addr, "PUT", &url, b"").await.0, 403);
    assert_eq!(http(&addr, "DELETE", &url, b"").await.0, 204);
    match next(&mut ws).await {
        Message::Close(Some(f)) => assert_eq!(u16::from(f.code), 1000),
        other => panic!("{other:?}"),
    }
    for method in ["GET", "POST", "DELETE"] {
        assert_eq!(http(&addr, method, &url, b"x").await.0, 410, "{method}");
    }
    assert_eq!(
        http(&addr, "GET", "/dev/@connections/unknown%3D", b"")
            .await
            .0,
        410
    );
    assert_eq!(http(&addr, "GET", "/@connections/x", b"").await.0, 403);
    eventually("$disconnect", || fake.count("disconnect") == 1).await;
    assert!(api.connections.is_empty());
}

#[tokio::test]
async fn a_refusing_connect_function_refuses_the_upgrade() {
    fn refuse(f: &str, _: &Value) -> LambdaResult {
        match f {
            "connect" => LambdaResult::Ok(Bytes::from_static(b"{\"statusCode\":418}")),
            _ => LambdaResult::Ok(Bytes::from_static(b"{}")),
        }
    }
    let fake = FakeLambda::new(refuse);
    let api = Arc::new(WebsocketApi::new(
        &service(YAML),
        fake.clone(),
        Options::default(),
    ));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(server::serve(listener, api.clone(), std::future::pending()));
    let tcp = TcpStream::connect(&addr).await.unwrap();
    let err = tokio_tungstenite::client_async(format!("ws://{addr}/dev"), tcp)
        .await
        .unwrap_err();
    match err {
        tokio_tungstenite::tungstenite::Error::Http(r) => assert_eq!(r.status(), 418),
        other => panic!("{other:?}"),
    }
    // never connected: no $disconnect
    assert_eq!(fake.count("disconnect"), 0);
    assert!(api.connections.is_empty());
}

#[test]
fn routes_are_selected_by_the_configured_expression() {
    let yaml = r#"
service: ws
provider:
  name: aws
  runtime: nodejs20.x
  websocketsApiRouteSelectionExpression: $request.body.type
functions:
  a:
    handler: h.a
    events:
      - websocket: ping
      - websocket: $default
"#;
    let api = WebsocketApi::new(&service(yaml), FakeLambda::new(answer), Options::default());
    assert_eq!(api.select(Some(r#"{"type":"ping"}"#)).unwrap().key, "ping");
    assert_eq!(
        api.select(Some(r#"{"action":"ping"}"#)).unwrap().key,
        "$default"
    );
    assert_eq!(
        api.select(Some(r#"{"type":"$connect"}"#)).unwrap().key,
        "$default"
    );
    assert!(api.notes.is_empty(), "{:?}", api.notes);
}

/// Serves the API with `timeouts` (AWS's are 10 minutes idle and 2 hours; short ones here, so
/// the connection's own clock, not the test, decides when it closes).
async fn start_with(timeouts: limits::Timeouts) -> (String, Arc<FakeLambda>) {
    let fake = FakeLambda::new(answer);
    let opts = Options {
        timeouts,
        ..Options::default()
    };
    let api = Arc::new(WebsocketApi::new(&service(YAML), fake.clone(), opts));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    tokio::spawn(server::serve(listener, api, std::future::pending()));
    (addr, fake)
}

#[tokio::test]
async fn an_idle_connection_and_a_long_one_close_with_1001() {
    // idle: nothing sent, the idle clock closes it
    let (addr, fake) = start_with(limits::Timeouts {
        idle: Duration::from_millis(200),
        max_duration: Duration::from_secs(3600),
    })
    .await;
    let mut ws = connect(&addr).await;
    match next(&mut ws).await {
        Message::Close(Some(f)) => assert_eq!(u16::from(f.code), 1001),
        other => panic!("{other:?}"),
    }
    eventually("$disconnect with 1001 (idle)", || {
        fake.count("disconnect") == 1
            && fake.last("disconnect")["requestContext"]["disconnectStatusCode"] == 1001
    })
    .await;
    // busy, but past the connection's longest life: closed all the same
    let (addr, fake) = start_with(limits::Timeouts {
        idle: Duration::from_secs(3600),
        max_duration: Duration::from_millis(300),
    })
    .await;
    let mut ws = connect(&addr).await;
    let closed = loop {
        if ws
            .send(Message::text(r#"{"action":"echo"}"#))
            .await
            .is_err()
        {
            break None;
        }
        match next(&mut ws).await {
            Message::Close(f) => break f,
            _ => continue,
        }
    };
    if let Some(f) = closed {
        assert_eq!(u16::from(f.code), 1001);
    }
    eventually("$disconnect with 1001 (duration)", || {
        fake.count("disconnect") == 1
            && fake.last("disconnect")["requestContext"]["disconnectStatusCode"] == 1001
    })
    .await;
    assert!(
        fake.count("echo") >= 1,
        "the connection was busy until its end"
    );
}
