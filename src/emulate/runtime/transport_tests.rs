//! slsc's Node.js and Python bootstraps over both transports: the framed exchange on their
//! pipes and HTTP on the TCP port (their fallback when no pipe can be made) give the same
//! outcomes.

use super::bootstrap;
use super::interpreters::Interpreters;
use super::pool::Pool;
use super::{ErrorKind, Outcome, RuntimeOptions, spec};
use crate::pipeline;
use bytes::Bytes;
use serde_json::{Value, json};
use std::path::Path;
use std::sync::Arc;

/// The spec of function `key`, as the emulator builds it.
pub(super) fn spec_of(service: &crate::ir::Service, key: &str) -> spec::FunctionSpec {
    let boot = bootstrap::ensure_dir().unwrap();
    let f = service.functions.iter().find(|f| f.key == key).unwrap();
    let mut interpreters = Interpreters::new(std::env::var("PATH").ok());
    let s = spec::build(
        service,
        f,
        &RuntimeOptions::default(),
        &boot,
        &mut interpreters,
    )
    .unwrap();
    assert!(s.local_channel, "slsc's bootstraps get pipes");
    s
}

fn pool(service: &crate::ir::Service, key: &str, local_channel: bool) -> Arc<Pool> {
    let mut s = spec_of(service, key);
    s.local_channel = local_channel;
    Arc::new(Pool::new(s, RuntimeOptions::default().log))
}

fn body(o: &Outcome) -> (Option<ErrorKind>, Value) {
    let (kind, b) = match o {
        Outcome::Ok(b) => (None, b),
        Outcome::Error { kind, payload } => (Some(*kind), payload),
    };
    (kind, serde_json::from_slice(b).unwrap_or(Value::Null))
}

pub(super) fn fixture(name: &str) -> crate::ir::Service {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/emulate")
        .join(name);
    let inv = pipeline::PipelineInput {
        cwd: dir,
        stage: Some("dev".into()),
        ..pipeline::PipelineInput::default()
    };
    pipeline::run(&inv).service.expect("the fixture lowers")
}

/// The client context every invocation of these tests carries.
const CLIENT_CONTEXT: &str = r#"{"custom":{"k":"v"},"client":{"app_title":"t"}}"#;

/// (function, event, expected kind, a field of the answer, its value)
type Case = (&'static str, Value, Option<ErrorKind>, &'static str, Value);

async fn check(service: &crate::ir::Service, cases: &[Case]) {
    for local_channel in [true, false] {
        for (key, event, kind, pointer, want) in cases {
            let p = pool(service, key, local_channel);
            // twice: a cold and (where the worker survives) a warm invocation
            for round in 0..2 {
                let inv = p
                    .invoke(
                        crate::common::ids::uuid_v4(),
                        Bytes::from(event.to_string()),
                        Some(CLIENT_CONTEXT.to_string()),
                        None,
                    )
                    .await;
                let (got_kind, v) = body(&inv.outcome);
                let what = format!("{key} pipes={local_channel} round={round}: {v}");
                assert_eq!(got_kind, *kind, "{what}");
                assert_eq!(v.pointer(pointer), Some(want), "{what}");
            }
            p.shutdown();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_over_both_transports() {
    let cases: [Case; 4] = [
        ("ok", json!({"q": 1}), None, "/event/q", json!(1)),
        ("clientContext", json!({}), None, "/custom/k", json!("v")),
        (
            "error",
            json!({}),
            Some(ErrorKind::Handled),
            "/errorType",
            json!("NotFound"),
        ),
        (
            "missing",
            json!({}),
            Some(ErrorKind::Init),
            "/errorType",
            json!("Runtime.HandlerNotFound"),
        ),
    ];
    check(&fixture("python"), &cases).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_over_both_transports() {
    let service = fixture("node");
    let cases: [Case; 8] = [
        ("cjs", json!({"n": 1}), None, "/event/n", json!(1)),
        (
            "clientContext",
            json!({}),
            None,
            "/clientContext/client/app_title",
            json!("t"),
        ),
        (
            "callback",
            json!({"value": "v"}),
            None,
            "/value",
            json!("v"),
        ),
        ("plain", json!({}), None, "", Value::Null),
        (
            "throws",
            json!({}),
            Some(ErrorKind::Handled),
            "/errorType",
            json!("ValidationError"),
        ),
        (
            "big",
            json!({}),
            Some(ErrorKind::ResponseTooLarge),
            "/errorType",
            json!("Function.ResponseSizeTooLarge"),
        ),
        (
            "missingExport",
            json!({}),
            Some(ErrorKind::Init),
            "/errorType",
            json!("Runtime.HandlerNotFound"),
        ),
        (
            "exit",
            json!({"exit": true}),
            Some(ErrorKind::Crashed),
            "/errorType",
            json!("Runtime.ExitError"),
        ),
    ];
    check(&service, &cases).await;
}

/// Invokes the streaming handler of the function URL fixture at `path`: the parts its sink
/// got (`None`: invoked without one) and the outcome.
async fn streamed(p: &Arc<Pool>, path: &str, with_sink: bool) -> (Vec<super::StreamPart>, Outcome) {
    let event = Bytes::from(json!({"rawPath": path}).to_string());
    let (tx, mut rx) = tokio::sync::mpsc::channel(64);
    let sink = with_sink.then_some(tx);
    let inv = p
        .invoke(crate::common::ids::uuid_v4(), event, None, sink)
        .await;
    let mut parts = Vec::new();
    while let Ok(part) = rx.try_recv() {
        parts.push(part);
    }
    (parts, inv.outcome)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_streams_responses_over_both_transports() {
    use super::StreamPart::{Chunk, Head};
    let service = fixture("function_url");
    for local_channel in [true, false] {
        let p = pool(&service, "streamUrl", local_channel);
        let what = format!("pipes={local_channel}");
        // with a sink: the head, the chunks (joined over HTTP, which sends the stream whole),
        // then an empty response
        let (parts, outcome) = streamed(&p, "/plain", true).await;
        assert_eq!(outcome, Outcome::Ok(Bytes::new()), "{what}");
        assert_eq!(
            parts.first(),
            Some(&Head {
                content_type: "text/csv".into()
            }),
            "{what}"
        );
        let written: Vec<u8> = parts
            .iter()
            .filter_map(|p| match p {
                Chunk(b) => Some(b.to_vec()),
                Head { .. } => None,
            })
            .flatten()
            .collect();
        assert_eq!(written, b"a,b\n1,2\n", "{what}");
        // without one: the bytes are the response, as Lambda's Invoke answers
        let (parts, outcome) = streamed(&p, "/plain", false).await;
        assert!(parts.is_empty());
        assert_eq!(
            outcome,
            Outcome::Ok(Bytes::from_static(b"a,b\n1,2\n")),
            "{what}"
        );
        // an error mid-stream fails the invocation
        let (_, outcome) = streamed(&p, "/fail-mid", true).await;
        let (kind, v) = body(&outcome);
        assert_eq!(kind, Some(ErrorKind::Handled), "{what}");
        assert_eq!(v["errorMessage"], "failed mid-stream", "{what}");
        // a worker streams again after that
        let (_, outcome) = streamed(&p, "/plain", false).await;
        assert!(matches!(outcome, Outcome::Ok(_)), "{what}");
        p.shutdown();
    }
}
