//! The Lambda half of `slsc emulate`: runs the service's real handlers in warm worker processes
//! that speak the Lambda Runtime API, with Lambda's limits, environment and error payloads.
//!
//! [`Runtime::new`] checks that every function can be started; [`Runtime::invoke`] runs one
//! invocation on a pooled worker (started lazily); [`Runtime::shutdown`] stops them all.

mod api;
mod bootstrap;
mod errors;
mod framed;
mod interpreters;
#[cfg(unix)]
mod pipes;
mod pool;
mod spec;
mod typescript;
mod watch;
mod worker;

pub use api::{DEFAULT_STREAM_CONTENT_TYPE, StreamPart, StreamSink};
pub use errors::MAX_RESPONSE_BYTES;
pub use pool::PoolStats;

use bytes::Bytes;
use indexmap::IndexMap;
use pool::Pool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How the runtime runs functions.
pub struct RuntimeOptions {
    /// Workers per function at most; default `available_parallelism() * 2`, at least 2.
    pub max_instances: usize,
    /// Reload the handlers when a file of the service changes.
    pub watch: bool,
    /// Where handler output and runtime notices go.
    pub log: LogSink,
    /// Extra environment for every worker (the user's `AWS_*` credentials etc.).
    pub env: Vec<(String, String)>,
    /// The account in ARNs, default `123456789012`.
    pub account_id: String,
    /// Run only these functions (by key), e.g. the one `slsc invoke` runs; `None`: all.
    pub only: Option<Vec<String>>,
}

impl Default for RuntimeOptions {
    fn default() -> Self {
        RuntimeOptions {
            max_instances: default_max_instances(),
            watch: false,
            log: Arc::new(|_| {}),
            env: Vec::new(),
            account_id: "123456789012".into(),
            only: None,
        }
    }
}

/// `available_parallelism() * 2`, at least 2.
pub fn default_max_instances() -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .saturating_mul(2)
        .max(2)
}

/// Receives every log line; called from runtime tasks, so it must be quick.
pub type LogSink = Arc<dyn Fn(LogLine) + Send + Sync>;

/// One line of handler output, or a notice of the runtime itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// The function's key; empty for notices about the whole service (reloads).
    pub function: String,
    /// The invocation the worker was busy with, `None` between invocations.
    pub request_id: Option<String>,
    pub stream: Stream,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
    /// Said by the runtime (timeouts, reloads, skipped environment variables).
    Notice,
}

/// The result of one invocation.
#[derive(Clone, Debug)]
pub struct Invocation {
    pub request_id: String,
    pub outcome: Outcome,
    /// From the moment a worker slot was free (cold start included) to the answer.
    pub duration: Duration,
    /// A new worker process was started for this invocation.
    pub cold_start: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// What the runtime posted to `/response`.
    Ok(Bytes),
    /// Lambda's error JSON (`{errorMessage, errorType, stackTrace?}`).
    Error { kind: ErrorKind, payload: Bytes },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The handler failed (posted to `/error`).
    Handled,
    /// The handler could not be loaded (`/init/error`, import failure, runtime start failure).
    Init,
    /// The function ran past its `timeout`; the worker was killed.
    Timeout,
    /// The runtime process exited during the invocation.
    Crashed,
    /// The response was over 6 MB.
    ResponseTooLarge,
    /// No function with that key.
    UnknownFunction,
}

/// The running functions of one service.
pub struct Runtime {
    pools: IndexMap<String, Arc<Pool>>,
    region: String,
    account_id: String,
    watch: Mutex<Option<watch::Watch>>,
}

impl Runtime {
    /// Checks every function's handler/runtime can be started (file exists, interpreter found)
    /// and returns the problems as plain messages; starts nothing yet (workers start lazily).
    pub fn new(
        service: &crate::ir::Service,
        opts: RuntimeOptions,
    ) -> Result<Arc<Runtime>, Vec<String>> {
        let boot_dir = bootstrap::ensure_dir().map_err(|e| vec![e])?;
        let mut interpreters = interpreters::Interpreters::new(std::env::var("PATH").ok())
            .with_cache(boot_dir.join("interpreters"));
        let mut problems = Vec::new();
        let mut pools = IndexMap::new();
        let wanted = |key: &str| {
            opts.only
                .as_ref()
                .is_none_or(|o| o.iter().any(|k| k == key))
        };
        for f in service.functions.iter().filter(|f| wanted(&f.key)) {
            match spec::build(service, f, &opts, &boot_dir, &mut interpreters) {
                Ok(s) => {
                    pools.insert(f.key.clone(), Arc::new(Pool::new(s, opts.log.clone())));
                }
                Err(e) => problems.push(e),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        // TypeScript handlers are built once for all, before any worker starts
        let build = typescript_build(&service.dir, pools.values().map(|p| &p.spec));
        if let Some(b) = &build
            && let Err(e) = b.run()
        {
            return Err(vec![e]);
        }
        // said once at start: which installed interpreter stands in for which runtime
        for note in std::mem::take(&mut interpreters.notes) {
            (opts.log)(LogLine {
                function: String::new(),
                request_id: None,
                stream: Stream::Notice,
                text: note,
            });
        }
        let watch = if opts.watch {
            let list = pools.values().cloned().collect();
            Some(watch::start(&service.dir, list, build, opts.log.clone()).map_err(|e| vec![e])?)
        } else {
            None
        };
        Ok(Arc::new(Runtime {
            pools,
            region: service.region.clone(),
            account_id: opts.account_id,
            watch: Mutex::new(watch),
        }))
    }

    /// Invoke a function by its key under `functions:` with a JSON payload.
    /// Cancel-safe: if the caller drops the future, the invocation still runs to its end in
    /// the background and the worker goes back to the pool.
    pub async fn invoke(&self, function_key: &str, payload: Bytes) -> Invocation {
        self.invoke_with(function_key, payload, None).await
    }

    /// [`Runtime::invoke`] with the caller's client context (JSON text), which the handler
    /// reads as `context.clientContext` (Node.js) or `context.client_context` (Python).
    pub async fn invoke_with(
        &self,
        function_key: &str,
        payload: Bytes,
        client_context: Option<String>,
    ) -> Invocation {
        self.invoke_full(function_key, payload, client_context, None)
            .await
    }

    /// [`Runtime::invoke`] whose response may be streamed (a Node.js handler wrapped in
    /// `awslambda.streamifyResponse`): its parts go to `stream` as the handler writes them,
    /// and the invocation's result is then an empty response (or the error that ended it).
    /// A handler that does not stream answers as usual, and `stream` gets nothing.
    pub async fn invoke_streaming(
        &self,
        function_key: &str,
        payload: Bytes,
        stream: StreamSink,
    ) -> Invocation {
        self.invoke_full(function_key, payload, None, Some(stream))
            .await
    }

    async fn invoke_full(
        &self,
        function_key: &str,
        payload: Bytes,
        client_context: Option<String>,
        stream: Option<StreamSink>,
    ) -> Invocation {
        let request_id = crate::common::ids::uuid_v4();
        let Some(pool) = self.pools.get(function_key).cloned() else {
            let arn = format!(
                "arn:aws:lambda:{}:{}:function:{function_key}",
                self.region, self.account_id
            );
            return Invocation {
                request_id,
                outcome: Outcome::Error {
                    kind: ErrorKind::UnknownFunction,
                    payload: errors::unknown_function(&arn),
                },
                duration: Duration::ZERO,
                cold_start: false,
            };
        };
        let id = request_id.clone();
        let task =
            tokio::spawn(async move { pool.invoke(id, payload, client_context, stream).await });
        match task.await {
            Ok(inv) => inv,
            Err(e) => Invocation {
                request_id: request_id.clone(),
                outcome: Outcome::Error {
                    kind: ErrorKind::Crashed,
                    payload: errors::init_failure(
                        "Runtime.EmulatorError",
                        &format!("the invocation task failed: {e}"),
                    ),
                },
                duration: Duration::ZERO,
                cold_start: false,
            },
        }
    }

    /// Stop every worker (kill the processes) — used on Ctrl-C and in tests.
    pub async fn shutdown(&self) {
        if let Ok(mut w) = self.watch.lock() {
            w.take();
        }
        for p in self.pools.values() {
            p.shutdown();
        }
    }

    /// The function keys, in configuration order.
    pub fn functions(&self) -> impl Iterator<Item = &str> {
        self.pools.keys().map(String::as_str)
    }

    /// Worker counts of one function.
    pub fn stats(&self, function_key: &str) -> Option<PoolStats> {
        self.pools.get(function_key).map(|p| p.stats())
    }

    /// Stops idle workers now and busy ones after their invocation, as a source change does.
    pub fn reload(&self) {
        for p in self.pools.values() {
            p.drain();
        }
    }
}

/// The esbuild run of every TypeScript handler esbuild builds (one esbuild for all: the first
/// found), or `None` when there is none.
fn typescript_build<'a>(
    dir: &std::path::Path,
    specs: impl Iterator<Item = &'a spec::FunctionSpec>,
) -> Option<typescript::Build> {
    let mut build: Option<typescript::Build> = None;
    for ts in specs.filter_map(|s| s.typescript.as_ref()) {
        let b = build.get_or_insert_with(|| typescript::Build {
            esbuild: ts.esbuild.clone(),
            dir: dir.to_path_buf(),
            entries: Vec::new(),
            target: format!("node{}", ts.node_major),
            esm: typescript::service_is_esm(dir),
        });
        if !b.entries.contains(&ts.source) {
            b.entries.push(ts.source.clone());
        }
    }
    build
}

impl Drop for Runtime {
    fn drop(&mut self) {
        for p in self.pools.values() {
            p.shutdown();
        }
    }
}

#[cfg(test)]
mod pool_tests;
#[cfg(test)]
mod transport_tests;
