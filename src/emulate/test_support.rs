//! Test helpers shared by the emulator's unit tests: a service from YAML, a fake Lambda, a
//! request.

use crate::emulate::gateway::request::{Incoming, parse_query};
use crate::emulate::gateway::{BoxFuture, Lambda, LambdaResult};
use bytes::Bytes;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

pub(crate) use crate::pipeline::service_from_yaml as service;

/// What a [`FakeLambda`] answers an invocation of `function` with `event` (the payload as
/// JSON, `null` when it is not JSON).
pub type Answer = fn(&str, &Value) -> LambdaResult;

/// A Lambda faked in Rust: answers with an [`Answer`], optionally after a delay (slow work),
/// and records every invocation.
pub struct FakeLambda {
    /// (function, payload) of every invocation, in order.
    calls: Mutex<Vec<(String, Bytes)>>,
    answer: Answer,
    delay: Duration,
}

impl FakeLambda {
    pub fn new(answer: Answer) -> Arc<FakeLambda> {
        FakeLambda::slow(answer, Duration::ZERO)
    }

    /// A fake whose every invocation takes `delay`.
    pub fn slow(answer: Answer, delay: Duration) -> Arc<FakeLambda> {
        Arc::new(FakeLambda {
            calls: Mutex::default(),
            answer,
            delay,
        })
    }

    /// Invocations so far.
    pub fn calls(&self) -> usize {
        self.calls.lock().unwrap().len()
    }

    /// Invocations of `function` so far.
    pub fn count(&self, function: &str) -> usize {
        let calls = self.calls.lock().unwrap();
        calls.iter().filter(|(f, _)| f == function).count()
    }

    /// The payload of invocation `index` as text.
    pub fn payload(&self, index: usize) -> String {
        String::from_utf8_lossy(&self.calls.lock().unwrap()[index].1).into_owned()
    }

    /// The event of invocation `index` (`null` when the payload is not JSON).
    pub fn event(&self, index: usize) -> Value {
        as_json(&self.calls.lock().unwrap()[index].1)
    }

    /// The event of the last invocation of `function`.
    pub fn last(&self, function: &str) -> Value {
        let calls = self.calls.lock().unwrap();
        let (_, payload) = calls.iter().rev().find(|(f, _)| f == function).unwrap();
        as_json(payload)
    }
}

fn as_json(payload: &[u8]) -> Value {
    serde_json::from_slice(payload).unwrap_or(Value::Null)
}

impl Lambda for FakeLambda {
    fn invoke<'a>(&'a self, function: &'a str, payload: Bytes) -> BoxFuture<'a, LambdaResult> {
        Box::pin(async move {
            let out = (self.answer)(function, &as_json(&payload));
            self.calls
                .lock()
                .unwrap()
                .push((function.to_string(), payload));
            if !self.delay.is_zero() {
                tokio::time::sleep(self.delay).await;
            }
            out
        })
    }
}

/// A request as the server hands it to the gateway, from `127.0.0.1` now, without a body:
/// `raw` is the request target (`/dev/items?q=1`), its path is the part after the stage
/// `/dev` that [`service`] gives every service.
pub fn incoming(method: &str, raw: &str, headers: &[(&str, &str)]) -> Incoming {
    let (raw_path, query) = raw.split_once('?').unwrap_or((raw, ""));
    let path = match raw_path.strip_prefix("/dev") {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => raw_path,
    };
    Incoming {
        method: method.into(),
        raw_path: raw_path.into(),
        path: path.into(),
        raw_query: query.into(),
        query: parse_query(query),
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: Bytes::new(),
        source_ip: "127.0.0.1".into(),
        local_port: 3000,
        request_id: "req-1".into(),
        time: SystemTime::now(),
    }
}

/// Waits until `done` holds, checking every few milliseconds; fails naming `what` when it
/// does not within a deadline far beyond what any machine needs.
pub async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !done() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "never happened: {what}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}
