//! The Lambda half of `slsc emulate`: real Node.js, Python and custom-runtime handlers from
//! `tests/emulate/*` run through the Runtime API, pool, timeouts, crashes and reloads.

use bytes::Bytes;
use serde_json::{Value, json};
use slsc::emulate::runtime::{
    ErrorKind, Invocation, LogLine, Outcome, Runtime, RuntimeOptions, Stream,
};
use slsc::pipeline;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/emulate")
        .join(name)
}

fn service(dir: &Path) -> slsc::ir::Service {
    let inv = pipeline::PipelineInput {
        cwd: dir.to_path_buf(),
        stage: Some("dev".into()),
        region: Some("eu-west-1".into()),
        env: HashMap::new(),
        ..pipeline::PipelineInput::default()
    };
    let s = pipeline::run(&inv);
    let errs: Vec<String> = s
        .diagnostics
        .iter()
        .filter(|d| d.severity == slsc::diag::Severity::Error)
        .map(|d| slsc::diag::render::short(d, &s.sources))
        .collect();
    assert!(errs.is_empty(), "{}", errs.join("\n"));
    s.service.expect("service")
}

type Logs = Arc<Mutex<Vec<LogLine>>>;

fn start_in(dir: &Path, tweak: impl FnOnce(&mut RuntimeOptions)) -> (Arc<Runtime>, Logs) {
    let logs: Logs = Arc::default();
    let sink = logs.clone();
    let mut opts = RuntimeOptions {
        log: Arc::new(move |l| sink.lock().unwrap().push(l)),
        env: vec![("EXTRA".into(), "extra-value".into())],
        ..RuntimeOptions::default()
    };
    tweak(&mut opts);
    let rt = Runtime::new(&service(dir), opts).unwrap_or_else(|e| panic!("{e:?}"));
    (rt, logs)
}

/// Waits until `done` holds, checking every few milliseconds; fails naming `what` when it does
/// not within a deadline far beyond what any machine needs.
async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "never happened: {what}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

fn start(name: &str) -> (Arc<Runtime>, Logs) {
    start_in(&fixture(name), |_| {})
}

async fn call(rt: &Runtime, key: &str, event: Value) -> (Invocation, Value) {
    let inv = rt.invoke(key, Bytes::from(event.to_string())).await;
    let body = match &inv.outcome {
        Outcome::Ok(b) | Outcome::Error { payload: b, .. } => b.clone(),
    };
    let v = serde_json::from_slice(&body).unwrap_or(Value::Null);
    (inv, v)
}

fn kind(inv: &Invocation) -> Option<ErrorKind> {
    match &inv.outcome {
        Outcome::Ok(_) => None,
        Outcome::Error { kind, .. } => Some(*kind),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_module_kinds_and_warm_reuse() {
    let (rt, _) = start("node");
    let (inv, v) = call(&rt, "cjs", json!({"a": 1})).await;
    assert_eq!(kind(&inv), None, "{v}");
    assert!(inv.cold_start);
    assert_eq!(v["kind"], "cjs");
    assert_eq!(v["event"], json!({"a": 1}));
    assert_eq!(v["counter"], 1);
    let (inv2, v2) = call(&rt, "cjs", json!({})).await;
    assert!(!inv2.cold_start);
    assert_eq!(
        v2["counter"], 2,
        "module state survives between invocations"
    );
    assert_eq!(v2["pid"], v["pid"]);
    assert_ne!(inv.request_id, inv2.request_id);

    let (_, v) = call(&rt, "esm", json!({"b": 2})).await;
    assert_eq!(v, json!({"kind": "esm", "event": {"b": 2}}));
    let (_, v) = call(&rt, "esmjs", json!({})).await;
    assert_eq!(v, json!({"kind": "esm-js", "typeofRequire": "undefined"}));
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_callback_succeed_and_plain_handlers() {
    let (rt, _) = start("node");
    let (_, v) = call(&rt, "callback", json!({"value": 7})).await;
    assert_eq!(v, json!({"kind": "callback", "value": 7}));
    let (_, v) = call(&rt, "succeed", json!({})).await;
    assert_eq!(v, json!({"kind": "succeed"}));
    let (inv, v) = call(&rt, "plain", json!({})).await;
    assert_eq!(kind(&inv), None);
    assert_eq!(v, Value::Null, "a handler that never answers returns null");
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_context_fields() {
    let (rt, _) = start("node");
    let (inv, v) = call(&rt, "ctx", json!({})).await;
    assert_eq!(v["awsRequestId"], inv.request_id.as_str());
    assert_eq!(v["functionName"], "emu-node-dev-ctx");
    assert_eq!(v["functionVersion"], "$LATEST");
    assert_eq!(
        v["invokedFunctionArn"],
        "arn:aws:lambda:eu-west-1:123456789012:function:emu-node-dev-ctx"
    );
    assert_eq!(v["memoryLimitInMB"], "256");
    assert_eq!(v["logGroupName"], "/aws/lambda/emu-node-dev-ctx");
    let stream = v["logStreamName"].as_str().unwrap();
    assert!(
        regex::Regex::new(r"^\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}$")
            .unwrap()
            .is_match(stream),
        "{stream}"
    );
    assert_eq!(v["callbackWaitsForEmptyEventLoop"], true);
    let before = v["before"].as_i64().unwrap();
    let after = v["after"].as_i64().unwrap();
    assert!(
        (4000..=5000).contains(&before),
        "remaining {before} of a 5 s timeout"
    );
    assert!(before - after >= 45, "time passes: {before} → {after}");
    // as on Lambda, each invocation's context is read from the environment: a handler that
    // changed it sees the change from the next invocation on
    let (_, v) = call(&rt, "ctx", json!({"logGroup": "/custom/group"})).await;
    assert_eq!(v["logGroupName"], "/aws/lambda/emu-node-dev-ctx");
    let (_, v) = call(&rt, "ctx", json!({})).await;
    assert_eq!(v["logGroupName"], "/custom/group");
    assert_eq!(v["functionName"], "emu-node-dev-ctx");
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn processes_a_handler_starts_do_not_inherit_the_runtime_api() {
    let (rt, _) = start("node");
    let (_, v) = call(&rt, "fds", json!({})).await;
    assert_eq!(v["pipes"], json!([]), "{v}");
    // and the runtime still answers through them
    let (_, v) = call(&rt, "fds", json!({})).await;
    assert_eq!(v["pipes"], json!([]), "{v}");
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_errors_timeouts_and_crashes() {
    let (rt, logs) = start("node");
    let (inv, v) = call(&rt, "throws", json!({})).await;
    assert_eq!(kind(&inv), Some(ErrorKind::Handled));
    assert_eq!(v["errorType"], "ValidationError");
    assert_eq!(v["errorMessage"], "[400] bad input");
    let trace = v["trace"].as_array().unwrap();
    assert_eq!(trace[0], "ValidationError: [400] bad input");
    assert!(trace.iter().any(|l| l.as_str().unwrap().contains("cjs.js")));

    let (first, v) = call(&rt, "exit", json!({})).await;
    let (inv, v2) = call(&rt, "exit", json!({"exit": true})).await;
    assert_eq!(kind(&inv), Some(ErrorKind::Crashed));
    assert_eq!(v2["errorType"], "Runtime.ExitError");
    assert_eq!(
        v2["errorMessage"],
        format!(
            "RequestId: {} Error: Runtime exited with error: exit status 1",
            inv.request_id
        )
    );
    let (inv, v3) = call(&rt, "exit", json!({})).await;
    assert_eq!(kind(&inv), None, "healthy after a crash");
    assert!(inv.cold_start);
    assert_ne!(v3["pid"], v["pid"]);
    assert!(!first.request_id.is_empty());

    let (inv, v) = call(&rt, "slow", json!({"ms": 3000})).await;
    assert_eq!(kind(&inv), Some(ErrorKind::Timeout));
    let msg = v["errorMessage"].as_str().unwrap();
    let re = regex::Regex::new(
        r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z [0-9a-f-]{36} Task timed out after 1\.00 seconds$",
    )
    .unwrap();
    assert!(re.is_match(msg), "{msg}");
    assert!(msg.contains(&inv.request_id));
    // a Timeout rather than the handler's answer: the wait ended before the handler's 3 s did,
    // and not before the function's 1 s timeout
    assert!(inv.duration >= Duration::from_secs(1), "{:?}", inv.duration);
    let (inv, v) = call(&rt, "slow", json!({"ms": 10})).await;
    assert_eq!(kind(&inv), None, "healthy after a timeout: {v}");
    assert!(inv.cold_start, "the timed-out worker was replaced");

    let (inv, v) = call(&rt, "big", json!({})).await;
    assert_eq!(kind(&inv), Some(ErrorKind::ResponseTooLarge));
    assert_eq!(v["errorType"], "Function.ResponseSizeTooLarge");

    let notices: Vec<String> = logs
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.stream == Stream::Notice)
        .map(|l| l.text.clone())
        .collect();
    assert!(
        notices.iter().any(|n| n.contains("timed out")),
        "{notices:?}"
    );
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_init_errors() {
    let (rt, _) = start("node");
    let (inv, v) = call(&rt, "missingExport", json!({})).await;
    assert_eq!(kind(&inv), Some(ErrorKind::Init));
    assert_eq!(v["errorType"], "Runtime.HandlerNotFound");
    assert_eq!(v["errorMessage"], "cjs.nope is undefined or not exported");
    let (inv, v) = call(&rt, "syntax", json!({})).await;
    assert_eq!(kind(&inv), Some(ErrorKind::Init));
    assert_eq!(v["errorType"], "Runtime.UserCodeSyntaxError");
    assert!(
        v["errorMessage"].as_str().unwrap().contains("SyntaxError"),
        "{v}"
    );
    // still failing the next time (a fresh init each time), not hanging
    let (inv, _) = call(&rt, "syntax", json!({})).await;
    assert_eq!(kind(&inv), Some(ErrorKind::Init));
    let (inv, v) = call(&rt, "nosuchfunction", json!({})).await;
    assert_eq!(kind(&inv), Some(ErrorKind::UnknownFunction));
    assert_eq!(v["errorType"], "ResourceNotFoundException");
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_environment() {
    let (rt, logs) = start("node");
    let (_, v) = call(&rt, "env", json!({})).await;
    let dir = fixture("node");
    let expect = [
        ("PROVIDER_VAR", json!("from-provider")),
        ("SHARED", json!("function")),
        ("FN_VAR", json!("from-function")),
        ("NUM", json!("42")),
        ("BUCKET_REF", Value::Null),
        ("AWS_LAMBDA_FUNCTION_NAME", json!("emu-node-dev-env")),
        ("AWS_LAMBDA_FUNCTION_VERSION", json!("$LATEST")),
        ("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", json!("512")),
        (
            "AWS_LAMBDA_LOG_GROUP_NAME",
            json!("/aws/lambda/emu-node-dev-env"),
        ),
        ("AWS_REGION", json!("eu-west-1")),
        ("AWS_DEFAULT_REGION", json!("eu-west-1")),
        ("AWS_EXECUTION_ENV", json!("AWS_Lambda_nodejs20.x")),
        ("LAMBDA_TASK_ROOT", json!(dir.display().to_string())),
        ("_HANDLER", json!("cjs.env")),
        ("TZ", json!(":UTC")),
        ("EXTRA", json!("extra-value")),
        ("cwd", json!(dir.display().to_string())),
    ];
    for (k, want) in expect {
        assert_eq!(v[k], want, "{k}");
    }
    let api = v["AWS_LAMBDA_RUNTIME_API"].as_str().unwrap();
    assert!(api.starts_with("127.0.0.1:"), "{api}");
    // slsc's own bootstrap talks over a pair of pipes; the TCP port answers as well (a user's
    // code or an extension may use it): an unknown path gets the API's 404
    assert_eq!(v["channelIsPipes"], json!(true), "{v}");
    let mut tcp = std::net::TcpStream::connect(api).unwrap();
    use std::io::{Read, Write};
    tcp.write_all(b"GET /2018-06-01/runtime/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    tcp.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    assert!(
        v["AWS_LAMBDA_LOG_STREAM_NAME"]
            .as_str()
            .unwrap()
            .contains("[$LATEST]")
    );
    let notices: Vec<LogLine> = logs
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.stream == Stream::Notice && l.text.contains("BUCKET_REF"))
        .cloned()
        .collect();
    assert!(!notices.is_empty(), "a Notice names the skipped variable");
    rt.shutdown().await;
}

/// Lambda's runtime sets `_X_AMZN_TRACE_ID` for every invocation; slsc's Node.js runtime writes
/// it to the process environment only when the handler looks, which must not show.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_trace_id_is_the_invocations_everywhere() {
    let (rt, _) = start("node");
    let mut seen = Vec::new();
    for _ in 0..3 {
        let (inv, v) = call(&rt, "trace", json!({})).await;
        assert!(matches!(inv.outcome, Outcome::Ok(_)), "{v}");
        let id = v["env"].as_str().unwrap_or_default().to_owned();
        let (root, parent) = id.split_once(";Parent=").unwrap_or_default();
        assert!(
            root.starts_with("Root=1-") && root.len() == 7 + 8 + 1 + 24,
            "{id}"
        );
        assert!(parent.ends_with(";Sampled=0"), "{id}");
        assert_eq!(v["has"], json!(true), "{v}");
        assert_eq!(v["listed"], json!(true), "{v}");
        assert_eq!(
            v["child"],
            json!(id),
            "a child process inherits the current id"
        );
        assert!(!seen.contains(&id), "a fresh id per invocation: {id}");
        seen.push(id);
    }
    // a handler that replaced `process.env` with its own object finds the id written into it
    // from the next invocation on
    let (_, first) = call(&rt, "ownEnv", json!({})).await;
    assert_eq!(first["own"], json!("yes"), "{first}");
    let (_, second) = call(&rt, "ownEnv", json!({})).await;
    assert_eq!(second["own"], json!("yes"), "the same worker: {second}");
    let trace = second["trace"].as_str().unwrap_or_default();
    assert!(trace.starts_with("Root=1-"), "{second}");
    assert!(!seen.iter().any(|s| s == trace), "{second}");
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_logs_are_tagged_with_the_request() {
    let (rt, logs) = start("node");
    let (inv, _) = call(&rt, "log", json!({})).await;
    // the output reaches the log sink after the answer
    let logged = |needle: &str| {
        let logs = logs.lock().unwrap();
        logs.iter()
            .any(|l| l.function == "log" && l.text.contains(needle))
    };
    eventually("both lines are logged", || {
        logged("hello") && logged("line one")
    })
    .await;
    let lines: Vec<LogLine> = logs
        .lock()
        .unwrap()
        .iter()
        .filter(|l| l.function == "log" && l.stream == Stream::Stdout)
        .cloned()
        .collect();
    let hello = lines
        .iter()
        .find(|l| l.text.contains("hello"))
        .expect("console.log line");
    assert_eq!(hello.request_id.as_deref(), Some(inv.request_id.as_str()));
    let re =
        regex::Regex::new(r"^\d{4}-\d\d-\d\dT[\d:.]+Z\t[0-9a-f-]{36}\tINFO\thello \{ a: 1 \}$")
            .unwrap();
    assert!(re.is_match(&hello.text), "{:?}", hello.text);
    let two = lines
        .iter()
        .find(|l| l.text.contains("line one"))
        .expect("console.error line");
    assert!(
        two.text.ends_with("\tERROR\tline one\nline two"),
        "{:?}",
        two.text
    );
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrency_is_bounded_and_nothing_is_lost() {
    let (rt, _) = start_in(&fixture("node"), |o| o.max_instances = 3);
    let calls: Vec<_> = (0..50)
        .map(|i| {
            let rt = rt.clone();
            tokio::spawn(async move { call(&rt, "slow", json!({"ms": 20 + i % 3})).await })
        })
        .collect();
    let mut pids = HashSet::new();
    for c in calls {
        let (inv, v) = c.await.unwrap();
        assert_eq!(kind(&inv), None, "{v}");
        pids.insert(v["pid"].as_i64().unwrap());
    }
    assert!(
        pids.len() <= 3,
        "{} processes for max_instances 3",
        pids.len()
    );
    assert!(pids.len() >= 2, "parallel requests used parallel workers");
    let stats = rt.stats("slow").unwrap();
    assert!(
        stats.workers <= 3 && stats.idle == stats.workers,
        "{stats:?}"
    );
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reserved_concurrency_one_serializes() {
    let (rt, _) = start("node");
    let calls: Vec<_> = (0..4)
        .map(|_| {
            let rt = rt.clone();
            tokio::spawn(async move { call(&rt, "serial", json!({"ms": 60})).await })
        })
        .collect();
    let mut spans = Vec::new();
    for c in calls {
        let (inv, v) = c.await.unwrap();
        assert_eq!(kind(&inv), None, "{v}");
        spans.push((v["start"].as_i64().unwrap(), v["end"].as_i64().unwrap()));
    }
    spans.sort();
    for w in spans.windows(2) {
        assert!(w[1].0 >= w[0].1, "overlapping invocations: {spans:?}");
    }
    assert_eq!(rt.stats("serial").unwrap().workers, 1);
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelled_invocations_finish_and_free_the_worker() {
    let (rt, _) = start_in(&fixture("node"), |o| o.max_instances = 1);
    let (_, warm) = call(&rt, "slow", json!({})).await;
    let dropped = tokio::time::timeout(
        Duration::from_millis(50),
        rt.invoke("slow", Bytes::from_static(br#"{"ms":300}"#)),
    )
    .await;
    assert!(dropped.is_err(), "the caller gave up");
    let (inv, v) = call(&rt, "slow", json!({})).await;
    assert_eq!(kind(&inv), None, "{v}");
    assert!(!inv.cold_start);
    assert_eq!(v["pid"], warm["pid"], "the same worker, back in the pool");
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_handlers() {
    let (rt, _) = start("python");
    let (inv, v) = call(&rt, "ok", json!({"q": 1})).await;
    assert_eq!(kind(&inv), None, "{v}");
    assert!(inv.cold_start);
    assert_eq!(v["kind"], "python");
    assert_eq!(v["event"], json!({"q": 1}));
    assert_eq!(v["env"], "py-provider");
    let (inv, v2) = call(&rt, "ok", json!({})).await;
    assert!(!inv.cold_start);
    assert_eq!(v2["counter"], 2);
    assert_eq!(v2["pid"], v["pid"]);

    let (_, v) = call(&rt, "nested", json!(5)).await;
    assert_eq!(v, "nested:5");

    let (inv, v) = call(&rt, "ctx", json!({})).await;
    assert_eq!(v["aws_request_id"], inv.request_id.as_str());
    assert_eq!(v["function_name"], "emu-python-dev-ctx");
    assert_eq!(v["function_version"], "$LATEST");
    assert_eq!(v["memory_limit_in_mb"], "1024");
    assert_eq!(
        v["invoked_function_arn"],
        "arn:aws:lambda:eu-west-1:123456789012:function:emu-python-dev-ctx"
    );
    let before = v["before"].as_i64().unwrap();
    assert!((5000..=6000).contains(&before), "{before}");

    let (inv, v) = call(&rt, "error", json!({})).await;
    assert_eq!(kind(&inv), Some(ErrorKind::Handled));
    assert_eq!(v["errorType"], "NotFound");
    assert_eq!(v["errorMessage"], "[404] no such thing");
    assert_eq!(v["requestId"], inv.request_id.as_str());
    let st = v["stackTrace"].as_array().unwrap();
    assert!(
        st.iter()
            .any(|l| l.as_str().unwrap().contains("handler.py")),
        "{st:?}"
    );

    let (inv, v) = call(&rt, "slow", json!({"s": 3})).await;
    assert_eq!(kind(&inv), Some(ErrorKind::Timeout), "{v}");
    assert!(
        v["errorMessage"]
            .as_str()
            .unwrap()
            .ends_with("Task timed out after 1.00 seconds")
    );
    let (inv, _) = call(&rt, "slow", json!({"s": 0})).await;
    assert_eq!(kind(&inv), None);

    let (inv, v) = call(&rt, "missing", json!({})).await;
    assert_eq!(kind(&inv), Some(ErrorKind::Init));
    assert_eq!(v["errorType"], "Runtime.HandlerNotFound");
    assert_eq!(
        v["errorMessage"],
        "Handler 'nope' missing on module 'handler'"
    );
    rt.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn provided_bootstrap() {
    let (rt, _) = start("provided");
    let (inv, v) = call(&rt, "echo", json!({"hi": true})).await;
    assert_eq!(kind(&inv), None, "{v}");
    assert_eq!(
        v,
        json!({
            "echo": {"hi": true},
            "handler": "echo.handler",
            "arn": "arn:aws:lambda:eu-west-1:123456789012:function:emu-provided-dev-echo",
        })
    );
    let (inv, _) = call(&rt, "echo", json!(1)).await;
    assert!(!inv.cold_start);
    rt.shutdown().await;
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_reloads_changed_handlers() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("svc");
    copy_dir(&fixture("node"), &dir);
    let (rt, logs) = start_in(&dir, |o| o.watch = true);
    let (_, v) = call(&rt, "esm", json!(1)).await;
    assert_eq!(v["kind"], "esm");
    std::fs::write(
        dir.join("esm.mjs"),
        "export const handler = async (event) => ({ kind: 'esm-v2', event });\n",
    )
    .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    let got = loop {
        let (_, v) = call(&rt, "esm", json!(2)).await;
        if v["kind"] == "esm-v2" || tokio::time::Instant::now() > deadline {
            break v;
        }
        tokio::time::sleep(Duration::from_millis(40)).await;
    };
    assert_eq!(got, json!({"kind": "esm-v2", "event": 2}));
    assert!(
        logs.lock()
            .unwrap()
            .iter()
            .any(|l| l.stream == Stream::Notice && l.text.contains("esm.mjs changed")),
        "a Notice says what changed"
    );
    rt.shutdown().await;
}

#[test]
fn new_reports_every_function_that_cannot_start() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("serverless.yml"),
        "service: bad\nframeworkVersion: '3'\nprovider:\n  name: aws\n  runtime: nodejs20.x\n\
         functions:\n  a:\n    handler: missing.handler\n  b:\n    handler: other.main\n    runtime: python3.11\n\
         \x20 c:\n    handler: x.y\n    runtime: provided.al2\n  d:\n    handler: x.y\n    runtime: java17\n",
    )
    .unwrap();
    let errs = match Runtime::new(&service(dir), RuntimeOptions::default()) {
        Ok(_) => panic!("expected problems"),
        Err(e) => e,
    };
    assert_eq!(errs.len(), 4, "{errs:?}");
    assert!(
        errs[0].contains("function `a`") && errs[0].contains("missing.js"),
        "{}",
        errs[0]
    );
    assert!(
        errs[1].contains("function `b`") && errs[1].contains("other.py"),
        "{}",
        errs[1]
    );
    assert!(
        errs[2].contains("function `c`") && errs[2].contains("bootstrap"),
        "{}",
        errs[2]
    );
    assert!(
        errs[3].contains("function `d`") && errs[3].contains("java17"),
        "{}",
        errs[3]
    );
}
