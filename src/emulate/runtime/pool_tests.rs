//! The worker pool with a real Node.js worker: a worker is replaced after
//! `max_invocations`, as Lambda recycles its execution environments, by a successor started
//! beside it, so no request waits for a cold start.

use super::RuntimeOptions;
use super::pool::Pool;
use super::transport_tests::{fixture, spec_of};
use bytes::Bytes;
use std::sync::Arc;
use std::time::Duration;

/// Invokes `cjs` once: (cold start, the worker's pid).
async fn pid_of(pool: &Arc<Pool>) -> (bool, u64) {
    let inv = pool
        .invoke(super::errors::request_id(), Bytes::from_static(b"{}"))
        .await;
    let super::Outcome::Ok(body) = inv.outcome else {
        panic!("the invocation failed");
    };
    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
    (inv.cold_start, v["pid"].as_u64().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_past_its_budget_is_replaced_without_a_cold_start() {
    let service = fixture("node");
    let mut spec = spec_of(&service, "cjs");
    spec.max_invocations = 2;
    let pool = Arc::new(Pool::new(spec, RuntimeOptions::default().log));
    let (cold, first) = pid_of(&pool).await;
    assert!(cold);
    let mut pids = vec![first];
    // the first worker serves on while its successor starts, then the successor takes over
    for _ in 0..500 {
        let (cold, pid) = pid_of(&pool).await;
        assert!(!cold, "a request waited for a worker to start");
        if *pids.last().unwrap() != pid {
            pids.push(pid);
        }
        assert!(pool.stats().workers <= 2, "{:?}", pool.stats());
        if pids.len() == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(pids.len(), 3, "two successors in turn: {pids:?}");
    assert_ne!(pids[0], pids[2]);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(pool.stats().workers, 1, "the replaced workers stopped");
    pool.shutdown();
}
