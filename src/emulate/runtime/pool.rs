//! The warm workers of one function: at most `max_instances` at once, idle ones reused first,
//! further requests queued (FIFO) until a worker is free, stale generations drained after a
//! reload, a worker past its invocation budget replaced by one started beside it.

use super::api::StreamSink;
use super::errors;
use super::spec::FunctionSpec;
use super::worker::{INIT_LIMIT, Worker};
use super::{ErrorKind, Invocation, LogLine, LogSink, Outcome, Stream};
use bytes::Bytes;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// Idle workers older than this are stopped.
const IDLE_LIMIT: Duration = Duration::from_secs(600);

pub struct Pool {
    pub spec: FunctionSpec,
    permits: Arc<Semaphore>,
    state: Mutex<PoolState>,
    log: LogSink,
    counts: Counts,
}

/// What the pool has run, for the admin API.
#[derive(Default)]
struct Counts {
    invocations: AtomicU64,
    errors: AtomicU64,
    /// Of the latest invocation, in microseconds (0: none yet).
    last_duration_us: AtomicU64,
}

#[derive(Default)]
struct PoolState {
    idle: Vec<Arc<Worker>>,
    /// Every live worker, idle or busy.
    all: Vec<Arc<Worker>>,
    generation: u64,
    closed: bool,
}

/// Counts for status displays and tests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PoolStats {
    pub workers: usize,
    pub idle: usize,
    pub max_instances: usize,
    /// Invocations run to their end.
    pub invocations: u64,
    /// Of them, those that failed (handler errors, timeouts, crashes, start failures).
    pub errors: u64,
    /// How long the latest one took (`None` before the first).
    pub last_duration: Option<Duration>,
}

impl Pool {
    pub fn new(spec: FunctionSpec, log: LogSink) -> Pool {
        Pool {
            permits: Arc::new(Semaphore::new(spec.max_instances)),
            spec,
            state: Mutex::new(PoolState::default()),
            log,
            counts: Counts::default(),
        }
    }

    pub fn stats(&self) -> PoolStats {
        let st = self.state.lock();
        let (workers, idle) = st.map_or((0, 0), |s| (s.all.len(), s.idle.len()));
        let last = self.counts.last_duration_us.load(Ordering::Relaxed);
        PoolStats {
            workers,
            idle,
            max_instances: self.spec.max_instances,
            invocations: self.counts.invocations.load(Ordering::Relaxed),
            errors: self.counts.errors.load(Ordering::Relaxed),
            last_duration: (self.counts.invocations.load(Ordering::Relaxed) > 0)
                .then(|| Duration::from_micros(last)),
        }
    }

    fn notice(&self, text: String) {
        (self.log)(LogLine {
            function: self.spec.key.clone(),
            request_id: None,
            stream: Stream::Notice,
            text,
        });
    }

    /// Runs one invocation to its end (queues while every worker is busy), counted.
    pub async fn invoke(
        self: &Arc<Self>,
        request_id: String,
        payload: Bytes,
        client_context: Option<String>,
        stream: Option<StreamSink>,
    ) -> Invocation {
        let inv = self.run(request_id, payload, client_context, stream).await;
        let c = &self.counts;
        c.invocations.fetch_add(1, Ordering::Relaxed);
        if matches!(inv.outcome, Outcome::Error { .. }) {
            c.errors.fetch_add(1, Ordering::Relaxed);
        }
        let us = u64::try_from(inv.duration.as_micros()).unwrap_or(u64::MAX);
        c.last_duration_us.store(us, Ordering::Relaxed);
        inv
    }

    async fn run(
        self: &Arc<Self>,
        request_id: String,
        payload: Bytes,
        client_context: Option<String>,
        stream: Option<StreamSink>,
    ) -> Invocation {
        let Ok(_permit) = self.permits.clone().acquire_owned().await else {
            return stopped(request_id);
        };
        let start = Instant::now();
        let mut retried = false;
        loop {
            let (worker, cold_start) = match self.take_idle() {
                Some(w) => (w, false),
                None => match self.start_worker().await {
                    Ok(w) => (w, true),
                    Err(msg) => {
                        self.notice(msg.clone());
                        return Invocation {
                            request_id,
                            outcome: Outcome::Error {
                                kind: ErrorKind::Init,
                                payload: errors::init_failure("Runtime.StartError", &msg),
                            },
                            duration: start.elapsed(),
                            cold_start: true,
                        };
                    }
                },
            };
            let attempt = worker
                .run(
                    &request_id,
                    payload.clone(),
                    client_context.clone(),
                    self.spec.timeout,
                    stream.clone(),
                )
                .await;
            if attempt.not_started && !cold_start && !retried {
                // a warm worker that had died while idle: start a fresh one
                self.discard(&worker);
                retried = true;
                continue;
            }
            if let Outcome::Error { kind, .. } = &attempt.outcome {
                match kind {
                    ErrorKind::Timeout => self.notice(format!(
                        "{request_id}: timed out after {} s; worker stopped",
                        self.spec.timeout.as_secs()
                    )),
                    ErrorKind::Crashed => self.notice(format!(
                        "{request_id}: runtime exited during the invocation"
                    )),
                    _ => {}
                }
            }
            let served = worker
                .served
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                + 1;
            if !attempt.reusable {
                self.discard(&worker);
            } else if served < worker.budget && !worker.wants_retirement() {
                self.give_back(worker);
            } else {
                self.replace(worker);
            }
            return Invocation {
                request_id,
                outcome: attempt.outcome,
                duration: start.elapsed(),
                cold_start,
            };
        }
    }

    /// The most recently used idle worker of the current generation that is still alive;
    /// stops idle workers past [`IDLE_LIMIT`].
    fn take_idle(&self) -> Option<Arc<Worker>> {
        let mut st = self.state.lock().ok()?;
        let generation = st.generation;
        let mut dropped = Vec::new();
        st.idle.retain(|w| {
            let stale = w
                .last_used
                .lock()
                .map_or(true, |t| t.elapsed() > IDLE_LIMIT);
            let keep = w.is_alive() && w.generation == generation && !stale;
            if !keep {
                dropped.push(w.clone());
            }
            keep
        });
        st.all
            .retain(|w| !dropped.iter().any(|d| Arc::ptr_eq(d, w)));
        st.idle.pop()
    }

    async fn start_worker(&self) -> Result<Arc<Worker>, String> {
        let generation = match self.state.lock() {
            Ok(st) if !st.closed => st.generation,
            _ => return Err("the emulator is shutting down".into()),
        };
        let w = Worker::spawn(&self.spec, generation, &self.log).await?;
        match self.state.lock() {
            Ok(mut st) if !st.closed => {
                st.all.push(w.clone());
                Ok(w)
            }
            _ => Err("the emulator is shutting down".into()),
        }
    }

    /// A worker that served its invocation budget keeps serving while its successor starts,
    /// and stops once the successor is ready, so no request waits for that start. (When the
    /// successor cannot start, the worker stops anyway: the next request starts one and
    /// reports why it fails.)
    fn replace(self: &Arc<Self>, old: Arc<Worker>) {
        let first = !old.replacing.swap(true, Ordering::AcqRel);
        self.give_back(old.clone());
        if !first {
            return;
        }
        let pool = self.clone();
        tokio::spawn(async move {
            let fresh = pool.start_worker().await;
            let ready = match &fresh {
                Ok(w) => w.ready(INIT_LIMIT).await,
                Err(_) => false,
            };
            // the successor joins the idle workers before the old one leaves them, so a
            // request in between finds one of the two
            match fresh {
                Ok(w) if ready => pool.give_back(w),
                Ok(w) => pool.discard(&w),
                Err(_) => {}
            }
            pool.retire(&old);
        });
    }

    /// Stops `w` now if it is idle, else after its invocation in flight.
    fn retire(&self, w: &Arc<Worker>) {
        w.retired.store(true, Ordering::Release);
        let Ok(mut st) = self.state.lock() else {
            return;
        };
        let before = st.idle.len();
        st.idle.retain(|x| !Arc::ptr_eq(x, w));
        if st.idle.len() < before {
            st.all.retain(|x| !Arc::ptr_eq(x, w));
            drop(st);
            w.kill();
        }
    }

    fn give_back(&self, w: Arc<Worker>) {
        let Ok(mut st) = self.state.lock() else {
            return;
        };
        if st.closed
            || w.generation != st.generation
            || !w.is_alive()
            || w.retired.load(Ordering::Acquire)
        {
            st.all.retain(|x| !Arc::ptr_eq(x, &w));
            drop(st);
            w.kill();
            return;
        }
        if let Ok(mut t) = w.last_used.lock() {
            *t = Instant::now();
        }
        st.idle.push(w);
    }

    fn discard(&self, w: &Arc<Worker>) {
        w.kill();
        if let Ok(mut st) = self.state.lock() {
            st.all.retain(|x| !Arc::ptr_eq(x, w));
        }
    }

    /// After a code change: idle workers stop now, busy ones when their invocation ends.
    pub fn drain(&self) {
        let idle = match self.state.lock() {
            Ok(mut st) => {
                st.generation += 1;
                let idle = std::mem::take(&mut st.idle);
                st.all.retain(|x| !idle.iter().any(|i| Arc::ptr_eq(i, x)));
                idle
            }
            Err(_) => return,
        };
        for w in idle {
            w.kill();
        }
    }

    /// Stops every worker and refuses further invocations.
    pub fn shutdown(&self) {
        self.permits.close();
        let all = match self.state.lock() {
            Ok(mut st) => {
                st.closed = true;
                st.idle.clear();
                std::mem::take(&mut st.all)
            }
            Err(_) => return,
        };
        for w in all {
            w.kill();
        }
    }
}

fn stopped(request_id: String) -> Invocation {
    Invocation {
        request_id,
        outcome: Outcome::Error {
            kind: ErrorKind::Init,
            payload: errors::init_failure("Runtime.Stopped", "the emulator is shutting down"),
        },
        duration: Duration::ZERO,
        cold_start: false,
    }
}
