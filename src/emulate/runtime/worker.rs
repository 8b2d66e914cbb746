//! One worker: a runtime process in its own process group, its Runtime API listener, the tasks
//! forwarding its output to the log sink, and running one invocation on it.

use super::api::{self, ApiState, Inflight, Job, Reply};
use super::errors;
use super::spec::FunctionSpec;
use super::{ErrorKind, LogLine, LogSink, Outcome, Stream};
use bytes::Bytes;
use std::process::Stdio;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;

/// How long a runtime may take to ask for its first job (Lambda's init phase limit).
pub const INIT_LIMIT: Duration = Duration::from_secs(10);

pub struct Worker {
    pub generation: u64,
    pid: Option<u32>,
    jobs: mpsc::Sender<Job>,
    state: Arc<ApiState>,
    /// `Some(description)` once the process ended (`None` inside: clean exit).
    exited: watch::Receiver<Option<Option<String>>>,
    server: JoinHandle<()>,
    pub last_used: Mutex<Instant>,
    /// Invocations run so far.
    pub served: std::sync::atomic::AtomicU64,
    /// Invocations it serves before a successor replaces it: the function's
    /// `max_invocations` and up to half as many again, drawn per worker so that workers
    /// started together are not all replaced together (unlimited for a runtime that asks to
    /// be replaced itself).
    pub budget: u64,
    /// A successor is being started (the worker served its invocation budget).
    pub replacing: AtomicBool,
    /// The successor is ready: the worker stops after its invocation in flight.
    pub retired: AtomicBool,
}

/// What running one invocation produced.
pub struct InvocationAttempt {
    pub outcome: Outcome,
    /// The worker can take another invocation.
    pub reusable: bool,
    /// The process had already ended before it took the job (a warm worker that died while
    /// idle): the invocation may be retried on a fresh worker.
    pub not_started: bool,
}

impl Worker {
    /// Starts the listener and the process.
    pub async fn spawn(
        spec: &FunctionSpec,
        generation: u64,
        log: &LogSink,
    ) -> Result<Arc<Worker>, String> {
        let (listener, port) = open_api_port().await?;
        let (jobs, state) = api_state(spec);
        let pipe_ends = open_pipes(spec, &state);
        let server = tokio::spawn(api::serve_tcp(listener, state.clone()));
        // over TCP the runtime cannot ask to be replaced: the invocation budget applies
        let retires_itself = spec.retires_itself && pipe_ends.is_some();
        let cmd = runtime_command(spec, port, retires_itself);
        let mut child = match start_process(cmd, pipe_ends) {
            Ok(c) => c,
            Err(e) => {
                server.abort();
                return Err(format!("cannot start {}: {e}", spec.program.display()));
            }
        };
        let pid = child.id();
        if let Some(out) = child.stdout.take() {
            forward_lines(out, Stream::Stdout, spec.key.clone(), &state, log);
        }
        if let Some(err) = child.stderr.take() {
            forward_lines(err, Stream::Stderr, spec.key.clone(), &state, log);
        }
        Ok(Arc::new(Worker {
            generation,
            pid,
            jobs,
            state,
            exited: watch_exit(child),
            server,
            last_used: Mutex::new(Instant::now()),
            served: std::sync::atomic::AtomicU64::new(0),
            budget: invocation_budget(spec, retires_itself),
            replacing: AtomicBool::new(false),
            retired: AtomicBool::new(false),
        }))
    }

    /// Waits until the runtime has asked for its first job: `false` when it ended, or took
    /// longer than `limit`, first.
    pub async fn ready(&self, limit: Duration) -> bool {
        let mut ready = self.state.ready.subscribe();
        let mut exited = self.exited.clone();
        tokio::select! {
            r = ready.wait_for(|r| *r) => r.is_ok() && self.is_alive(),
            _ = exited.wait_for(Option::is_some) => false,
            () = tokio::time::sleep(limit) => false,
        }
    }

    /// The runtime asked to be replaced (see [`FunctionSpec::retires_itself`]).
    pub fn wants_retirement(&self) -> bool {
        self.state.retire.load(std::sync::atomic::Ordering::Acquire)
    }

    pub fn is_alive(&self) -> bool {
        self.exited.borrow().is_none()
    }

    /// Kills the whole process group (the runtime and anything it started).
    pub fn kill(&self) {
        if !self.is_alive() {
            return;
        }
        #[cfg(unix)]
        if let Some(pid) = self.pid.and_then(|p| i32::try_from(p).ok()) {
            // SAFETY: kill(2) with a negative pid signals the process group the worker leads
            // (spawned with process_group(0)); it has no memory-safety preconditions.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
    }

    /// Runs one invocation: hands the job to the runtime and waits for its answer, its exit,
    /// or the function timeout (counted from the moment the runtime takes the job).
    pub async fn run(
        &self,
        request_id: &str,
        payload: Bytes,
        client_context: Option<String>,
        timeout: Duration,
        stream: Option<api::StreamSink>,
    ) -> InvocationAttempt {
        let (reply_tx, mut reply_rx) = oneshot::channel();
        {
            let Ok(mut inf) = self.state.inflight.lock() else {
                return fail(
                    ErrorKind::Crashed,
                    errors::exited(request_id, Some("state lost")),
                );
            };
            if let Some(p) = inf.init_error.take() {
                return fail(ErrorKind::Init, p);
            }
            inf.request_id = Some(request_id.to_string());
            inf.reply = Some(reply_tx);
            inf.handed_out = None;
            inf.stream = stream;
            inf.collected = None;
        }
        let job = Job {
            request_id: request_id.to_string(),
            payload,
            timeout,
            client_context,
        };
        let mut exited = self.exited.clone();
        let sent = Instant::now();
        if self.jobs.send(job).await.is_err() {
            return fail(
                ErrorKind::Crashed,
                errors::exited(request_id, Some("runtime API closed")),
            );
        }
        // One timer, first set for the earliest possible end (the job taken right away); when
        // it fires, the real limit is worked out from when the runtime took the job (or, while
        // it has not, Lambda's init limit) — the hand-out itself wakes nobody.
        let sleep = tokio::time::sleep_until((sent + timeout).into());
        tokio::pin!(sleep);
        loop {
            tokio::select! {
                biased;
                r = &mut reply_rx => return self.replied(request_id, r),
                e = exited.wait_for(Option::is_some) => {
                    if let Ok(r) = reply_rx.try_recv() {
                        return self.replied(request_id, Ok(r));
                    }
                    let desc = e.ok().and_then(|d| d.clone()).flatten();
                    return if self.handed_out().is_some() {
                        fail(ErrorKind::Crashed, errors::exited(request_id, desc.as_deref()))
                    } else {
                        let mut attempt =
                            fail(ErrorKind::Init, errors::exited(request_id, desc.as_deref()));
                        attempt.not_started = true;
                        attempt
                    };
                }
                () = &mut sleep => {
                    let limit = match self.handed_out() {
                        Some(t) => t + timeout,
                        None => sent + INIT_LIMIT.max(timeout),
                    };
                    if limit > Instant::now() {
                        sleep.as_mut().reset(limit.into());
                        continue;
                    }
                    self.kill();
                    return fail(
                        ErrorKind::Timeout,
                        errors::timeout(request_id, timeout, SystemTime::now()),
                    );
                }
            }
        }
    }

    /// When the runtime took the job in flight.
    fn handed_out(&self) -> Option<Instant> {
        self.state.inflight.lock().ok().and_then(|i| i.handed_out)
    }

    fn replied(
        &self,
        request_id: &str,
        r: Result<Reply, oneshot::error::RecvError>,
    ) -> InvocationAttempt {
        let ok = |outcome| InvocationAttempt {
            outcome,
            reusable: self.is_alive(),
            not_started: false,
        };
        match r {
            Ok(Reply::Response(b)) => ok(Outcome::Ok(b)),
            Ok(Reply::Error(b)) => ok(Outcome::Error {
                kind: ErrorKind::Handled,
                payload: b,
            }),
            Ok(Reply::TooLarge) => ok(Outcome::Error {
                kind: ErrorKind::ResponseTooLarge,
                payload: errors::response_too_large(),
            }),
            Ok(Reply::InitError(b)) => {
                self.kill();
                fail(ErrorKind::Init, b)
            }
            Err(_) => fail(ErrorKind::Crashed, errors::exited(request_id, None)),
        }
    }
}

fn fail(kind: ErrorKind, payload: Bytes) -> InvocationAttempt {
    InvocationAttempt {
        outcome: Outcome::Error { kind, payload },
        reusable: false,
        not_started: false,
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.kill();
        self.server.abort();
    }
}

/// A loopback port for the worker's Runtime API.
async fn open_api_port() -> Result<(tokio::net::TcpListener, u16), String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| format!("cannot open a Runtime API port: {e}"))?;
    let port = listener
        .local_addr()
        .map_err(|e| format!("cannot open a Runtime API port: {e}"))?
        .port();
    Ok((listener, port))
}

/// The Runtime API's state for a new worker, and the sender of its jobs.
fn api_state(spec: &FunctionSpec) -> (mpsc::Sender<Job>, Arc<ApiState>) {
    let (jobs_tx, jobs_rx) = mpsc::channel(1);
    let state = Arc::new(ApiState {
        jobs: tokio::sync::Mutex::new(jobs_rx),
        inflight: Mutex::new(Inflight::default()),
        arn: spec.arn.clone(),
        current: Arc::new(Mutex::new(None)),
        ready: watch::Sender::new(false),
        retire: Default::default(),
    });
    (jobs_tx, state)
}

/// The pipes of the local channel, served already, when the runtime speaks it (`None` when it
/// does not, or they cannot be opened: the runtime then uses the TCP port).
#[cfg(unix)]
fn open_pipes(spec: &FunctionSpec, state: &Arc<ApiState>) -> Option<super::pipes::ChildEnds> {
    if spec.local_channel {
        super::pipes::open(state.clone()).ok()
    } else {
        None
    }
}

#[cfg(not(unix))]
fn open_pipes(_: &FunctionSpec, _: &Arc<ApiState>) -> Option<std::convert::Infallible> {
    None
}

/// The command that starts the runtime: the function's environment and Lambda's variables
/// only, output piped to the log, killed with the worker.
fn runtime_command(
    spec: &FunctionSpec,
    port: u16,
    retires_itself: bool,
) -> tokio::process::Command {
    let stream = format!(
        "{}/[$LATEST]{:016x}{:016x}",
        errors::log_stream_date(SystemTime::now()),
        crate::common::ids::random_u64(),
        crate::common::ids::random_u64()
    );
    let mut cmd = tokio::process::Command::new(&spec.program);
    cmd.args(&spec.args)
        .current_dir(&spec.dir)
        .env_clear()
        .envs(spec.env.iter().map(|(k, v)| (k, v)))
        .env("AWS_LAMBDA_RUNTIME_API", format!("127.0.0.1:{port}"))
        .env("AWS_LAMBDA_LOG_STREAM_NAME", stream)
        .envs(retires_itself.then(|| {
            (
                "SLSC_RUNTIME_RETIRE_AFTER",
                spec.max_invocations.to_string(),
            )
        }))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    // its own process group, so that killing the worker kills what the handler started too
    #[cfg(unix)]
    cmd.process_group(0);
    cmd
}

/// Starts the runtime's process with the pipe ends, if any, at its descriptors 3 and 4.
#[cfg(unix)]
fn start_process(
    mut cmd: tokio::process::Command,
    pipe_ends: Option<super::pipes::ChildEnds>,
) -> std::io::Result<tokio::process::Child> {
    if let Some(ends) = &pipe_ends {
        ends.install(&mut cmd);
    }
    let spawned = cmd.spawn();
    // the child has its own copies of the pipe ends now
    drop(pipe_ends);
    spawned
}

#[cfg(not(unix))]
fn start_process(
    mut cmd: tokio::process::Command,
    _: Option<std::convert::Infallible>,
) -> std::io::Result<tokio::process::Child> {
    cmd.spawn()
}

/// Watches for the process's end: `Some(description)` once it ended (`None` inside: clean
/// exit).
fn watch_exit(mut child: tokio::process::Child) -> watch::Receiver<Option<Option<String>>> {
    let (exit_tx, exit_rx) = watch::channel(None);
    tokio::spawn(async move {
        let desc = match child.wait().await {
            Ok(st) => errors::describe_exit(st),
            Err(e) => Some(format!("wait failed: {e}")),
        };
        let _ = exit_tx.send(Some(desc));
    });
    exit_rx
}

/// The invocations a worker serves before a successor replaces it (see [`Worker::budget`]).
fn invocation_budget(spec: &FunctionSpec, retires_itself: bool) -> u64 {
    if retires_itself {
        u64::MAX
    } else {
        spec.max_invocations
            .saturating_add(crate::common::ids::random_u64() % (spec.max_invocations / 2 + 1))
    }
}

/// Sends each line of `r` to the log sink, tagged with the request the worker is busy with
/// (or the one named in a Lambda-formatted line: `<time>\t<request id>\t<LEVEL>\t...`).
fn forward_lines<R: AsyncRead + Unpin + Send + 'static>(
    r: R,
    stream: Stream,
    function: String,
    state: &Arc<ApiState>,
    log: &LogSink,
) {
    let current = state.current.clone();
    let log = log.clone();
    tokio::spawn(async move {
        let mut lines = BufReader::new(r).split(b'\n');
        while let Ok(Some(raw)) = lines.next_segment().await {
            let line = String::from_utf8_lossy(&raw);
            let line = line.strip_suffix('\r').unwrap_or(&line);
            let request_id = tagged_id(line)
                .map(str::to_string)
                .or_else(|| current.lock().ok().and_then(|c| c.clone()));
            log(LogLine {
                function: function.clone(),
                request_id,
                stream,
                // the Node bootstrap writes a multi-line message as one line, `\r` for `\n`
                text: line.replace('\r', "\n"),
            });
        }
    });
}

/// The request id of a line formatted `<ISO time>\t<uuid>\t...`.
fn tagged_id(line: &str) -> Option<&str> {
    let mut parts = line.splitn(3, '\t');
    let time = parts.next()?;
    let id = parts.next()?;
    parts.next()?;
    let looks_time =
        time.len() == 24 && time.ends_with('Z') && time.as_bytes().get(10) == Some(&b'T');
    let looks_id = id.len() == 36 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-');
    (looks_time && looks_id).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_in_lambda_formatted_lines() {
        let id = "0b7d1f2e-3c4a-4b5d-8e6f-7a8b9c0d1e2f";
        let cases = [
            (
                format!("2024-01-02T03:04:05.678Z\t{id}\tINFO\thello"),
                Some(id),
            ),
            (format!("2024-01-02T03:04:05.678Z\t{id}\tERROR\t"), Some(id)),
            (
                "2024-01-02T03:04:05.678Z\tundefined\tINFO\thi".to_string(),
                None,
            ),
            ("plain output".to_string(), None),
            (format!("x\t{id}\tINFO\thi"), None),
        ];
        for (line, want) in cases {
            assert_eq!(tagged_id(&line), want, "{line}");
        }
    }
}
