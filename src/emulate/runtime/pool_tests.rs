//! The worker pool with a real Node.js worker: a worker is replaced after
//! `max_invocations`, as Lambda recycles its execution environments.

use super::RuntimeOptions;
use super::pool::Pool;
use super::transport_tests::{fixture, spec_of};
use bytes::Bytes;
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_is_replaced_after_its_invocation_budget() {
    let service = fixture("node");
    let mut spec = spec_of(&service, "cjs");
    spec.max_invocations = 2;
    let pool = Arc::new(Pool::new(spec, RuntimeOptions::default().log));
    let mut cold = Vec::new();
    for _ in 0..5 {
        let inv = pool
            .invoke(super::errors::request_id(), Bytes::from_static(b"{}"))
            .await;
        assert!(matches!(inv.outcome, super::Outcome::Ok(_)));
        cold.push(inv.cold_start);
    }
    pool.shutdown();
    assert_eq!(cold, [true, false, true, false, true]);
}
