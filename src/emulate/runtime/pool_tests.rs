//! The worker pool with real Node.js workers: a worker is replaced after it served its
//! invocation budget (or, for a runtime that counts for itself, when it asks), as Lambda
//! recycles its execution environments, by a successor started beside it, so no request
//! waits for a cold start.

use super::RuntimeOptions;
use super::pool::Pool;
use super::transport_tests::{fixture, spec_of};
use crate::emulate::test_support::eventually;
use bytes::Bytes;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Invokes the pool's function once: (cold start, the worker's pid).
async fn pid_of(pool: &Arc<Pool>) -> (bool, u64) {
    let inv = pool
        .invoke(
            crate::common::ids::uuid_v4(),
            Bytes::from_static(b"{}"),
            None,
            None,
        )
        .await;
    let super::Outcome::Ok(body) = inv.outcome else {
        panic!("the invocation failed");
    };
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    (inv.cold_start, v["pid"].as_u64().unwrap())
}

/// Invokes until a third process answers: the pids in turn.
async fn two_successors(pool: &Arc<Pool>) -> Vec<u64> {
    let (cold, first) = pid_of(pool).await;
    assert!(cold);
    let mut pids = vec![first];
    // a worker serves on while its successor starts, then the successor takes over
    let deadline = Instant::now() + Duration::from_secs(30);
    while pids.len() < 3 {
        assert!(
            Instant::now() < deadline,
            "no successor took over: {pids:?}"
        );
        let (cold, pid) = pid_of(pool).await;
        assert!(!cold, "a request waited for a worker to start");
        if *pids.last().unwrap() != pid {
            pids.push(pid);
        }
        assert!(pool.stats().workers <= 2, "{:?}", pool.stats());
        // the pace of the requests while a successor starts
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    pids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_past_its_budget_is_replaced_without_a_cold_start() {
    let service = fixture("node");
    let mut spec = spec_of(&service, "cjs");
    spec.max_invocations = 2;
    // as a runtime over TCP, which cannot ask to be replaced
    spec.retires_itself = false;
    let pool = Arc::new(Pool::new(spec, RuntimeOptions::default().log));
    let pids = two_successors(&pool).await;
    assert_eq!(pids.len(), 3, "two successors in turn: {pids:?}");
    assert_ne!(pids[0], pids[2]);
    eventually("the replaced workers stopped", || pool.stats().workers == 1).await;
    pool.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_node_runtime_asks_to_be_replaced_only_when_it_grew() {
    let service = fixture("node");
    // a handler that reads the environment: the runtime sets the trace id there each time
    // (async, and callback-style, which answers once the event loop is empty)
    for key in ["envPid", "envPidCallback"] {
        let mut spec = spec_of(&service, key);
        assert!(spec.retires_itself);
        spec.max_invocations = 2;
        spec.timeout = Duration::from_secs(2);
        let pool = Arc::new(Pool::new(spec, RuntimeOptions::default().log));
        let pids = two_successors(&pool).await;
        assert_eq!(pids.len(), 3, "{key}: two successors in turn: {pids:?}");
        pool.shutdown();
    }

    // one that never reads it: the runtime accumulates nothing and is kept
    let mut spec = spec_of(&service, "cjs");
    spec.max_invocations = 2;
    let pool = Arc::new(Pool::new(spec, RuntimeOptions::default().log));
    let (_, first) = pid_of(&pool).await;
    for _ in 0..20 {
        assert_eq!(pid_of(&pool).await, (false, first));
    }
    pool.shutdown();
}
