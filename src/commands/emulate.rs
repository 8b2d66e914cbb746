//! `slsc emulate`: serve the service on the loopback as API Gateway (the REST API under the
//! stage, the HTTP API at the root) and Lambda would, until Ctrl-C.

use super::Global;
use crate::emulate::RuntimeLambda;
use crate::emulate::doors::{self, DoorListeners, PortFlags, PortPlan};
use crate::emulate::gateway::access_log::LogFormat;
use crate::emulate::gateway::http_api::routes::{overlaps, render_both};
use crate::emulate::gateway::{self, Gateway};
use crate::emulate::local_api::LocalApis;
use crate::emulate::log_ring::LogRing;
use crate::emulate::runtime::{self, LogLine, Runtime, RuntimeOptions, Stream};
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

/// Options of `slsc emulate`.
#[derive(Clone, Debug, clap::Args)]
pub struct Options {
    #[command(flatten)]
    pub ports: PortFlags,
    /// Serve paths without the leading /<stage>
    #[arg(long)]
    pub no_stage_prefix: bool,
    /// Workers per function at most (default: twice the CPU count)
    #[arg(long, value_name = "N")]
    pub max_instances: Option<usize>,
    /// Reload handlers when a source file changes
    #[arg(long)]
    pub watch: bool,
    /// Access and handler log lines as text or JSON
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// API Gateway's integration timeout in milliseconds (default: 29000 for the REST API,
    /// 30000 for the HTTP API, which never waits longer than 30000)
    #[arg(long, value_name = "MS")]
    pub integration_timeout_ms: Option<u64>,
    /// The value of the API key named NAME in provider.apiGateway.apiKeys (repeatable;
    /// keys given by name only get a generated value, printed at start)
    #[arg(long = "api-key", value_name = "NAME=VALUE", value_parser = super::parse_pair)]
    pub api_keys: Vec<(String, String)>,
    /// JWKS file that Cognito user-pool authorizers and httpApi JWT authorizers verify tokens
    /// with (httpApi JWT authorizers whose issuer is an http(s) URL also fetch its keys)
    #[arg(long, value_name = "FILE")]
    pub jwks: Option<std::path::PathBuf>,
    /// Fire `schedule` events and `eventBridge` events with a `schedule` on their rate or cron
    /// (cron in UTC, or a `method: scheduler` schedule's timezone)
    #[arg(long)]
    pub schedules: bool,
    /// With --schedules: also fire every enabled schedule once as soon as the emulator starts
    #[arg(long, requires = "schedules")]
    pub run_schedules_at_start: bool,
    /// An app client of the user pool (repeatable): Cognito tokens must have been issued to
    /// one of them (`aud` of an ID token, `client_id` of an access token); without it any
    /// client is accepted, but the token must name one
    #[arg(long = "cognito-client-id", value_name = "ID")]
    pub cognito_client_ids: Vec<String>,
}

/// Environment variables of the user's shell that reach the handlers (AWS credentials and
/// the files they point to), as a deployed function would have its role's credentials.
const PASSED_THROUGH: &[&str] = &[
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_ENDPOINT_URL",
    "HOME",
];

/// The variables of [`PASSED_THROUGH`] that the user's shell has.
pub fn user_environment() -> Vec<(String, String)> {
    PASSED_THROUGH
        .iter()
        .filter_map(|k| std::env::var(k).ok().map(|v| (k.to_string(), v)))
        .collect()
}

pub fn run(global: &Global, opts: &Options) -> u8 {
    let service = match super::load_service(global, "emulate") {
        Ok((s, _)) => s,
        Err(code) => return code,
    };
    let rt = match super::async_runtime(true) {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    rt.block_on(serve(Arc::new(service), opts.clone()))
}

async fn serve(service: Arc<crate::ir::Service>, opts: Options) -> u8 {
    let format = opts.log_format;
    // every line is kept in the ring the admin API reads, and written out
    let ring = Arc::new(LogRing::default());
    let kept = ring.clone();
    let runtime_opts = RuntimeOptions {
        max_instances: opts
            .max_instances
            .unwrap_or_else(runtime::default_max_instances)
            .max(1),
        watch: opts.watch,
        log: Arc::new(move |line| {
            kept.push(&line);
            write_log(format, &line);
        }),
        // as serverless-offline sets it: handlers switch to local endpoints on it
        env: user_environment()
            .into_iter()
            .chain([("IS_OFFLINE".to_string(), "true".to_string())])
            .collect(),
        ..RuntimeOptions::default()
    };
    let runtime = match Runtime::new(&service, runtime_opts) {
        Ok(r) => r,
        Err(problems) => {
            for p in problems {
                eprintln!("error: {p}");
            }
            return 1;
        }
    };
    let gw_opts = gateway::Options {
        stage_prefix: !opts.no_stage_prefix,
        integration_timeout: opts
            .integration_timeout_ms
            .map_or(Duration::from_secs(29), |ms| {
                Duration::from_millis(ms.max(1))
            }),
        http_api_integration_timeout: opts
            .integration_timeout_ms
            .map_or(gateway::http_api::MAX_INTEGRATION_TIMEOUT, |ms| {
                Duration::from_millis(ms.max(1))
            }),
        api_key_values: opts.api_keys.clone(),
        jwks: opts.jwks.clone(),
        cognito_client_ids: opts.cognito_client_ids.clone(),
        ..gateway::Options::default()
    };
    let account_id = gw_opts.account_id.clone();
    let gateway = Arc::new(Gateway::new(
        service.clone(),
        Arc::new(RuntimeLambda(runtime.clone())),
        gw_opts,
    ));
    let local = Arc::new(LocalApis {
        service: service.clone(),
        runtime: runtime.clone(),
        logs: ring,
        account_id,
        started: std::time::Instant::now(),
    });
    let host = opts.ports.host.as_str();
    let plan = match PortPlan::new(&service, &opts.ports) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let listener = match bind(host, plan.main).await {
        Ok(l) => l,
        Err(code) => return code,
    };
    let bound = listener.local_addr();
    // an address that cannot be read is not known to be loopback: warn, to be safe
    if !bound
        .as_ref()
        .is_ok_and(|a| a.ip().to_canonical().is_loopback())
    {
        eprintln!("{}", exposure_warning(host));
    }
    let addr = bound
        .as_ref()
        .map(|a| format!("{}:{}", doors::bound_host(a), a.port()))
        .unwrap_or_else(|_| format!("{host}:{}", plan.main));
    let doors = match DoorListeners::bind(host, &plan).await {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let addrs = doors.addresses(
        bound
            .as_ref()
            .map(doors::bound_host)
            .unwrap_or_else(|_| doors::url_host(host)),
        bound.as_ref().map_or(plan.main, |a| a.port()),
        &gateway.url_prefix(),
    );
    {
        let mut out = std::io::stdout().lock();
        let base = addrs.main_base();
        let prefix = format!("{base}{}", gateway.url_prefix());
        let api = &gateway.service.http_api;
        let _ = write!(out, "{}", render_both(&gateway.routes, api, &base, &prefix));
        let listed = doors::endpoints(&service, &gateway.routes, &addrs);
        let _ = write!(out, "{}", doors::render_other_doors(&listed));
        for note in gateway.auth.startup_notes() {
            let _ = writeln!(out, "{note}");
        }
        for note in crate::emulate::function_url::startup_notes(&service) {
            let _ = writeln!(out, "{note}");
        }
        if let Some(http_api) = &gateway.http_api {
            let lines = overlaps(
                &gateway.routes,
                api,
                &http_api.routes,
                &gateway.url_prefix(),
            );
            for line in lines.iter().chain(&http_api.authorizers.notes) {
                let _ = writeln!(out, "{line}");
            }
        }
        let _ = writeln!(
            out,
            "Lambda Invoke API: http://{addr} (aws lambda invoke --endpoint-url http://{addr} ...); admin API: http://{addr}/__slsc/"
        );
        let _ = writeln!(out, "listening on http://{addr}");
        let _ = out.flush();
    }
    let state = bound_admin_url(&listener).map(|url| EmulatorFile::write(&service, &url));
    // the doors beyond the APIs' port: each kind's server takes its listeners here
    let DoorListeners {
        websocket,
        function_urls,
        alb_listeners,
    } = doors;
    let lambda: Arc<dyn gateway::Lambda> = Arc::new(RuntimeLambda(runtime.clone()));
    if let Some(listener) = websocket {
        let api = gateway::websocket::WebsocketApi::new(
            &service,
            lambda.clone(),
            gateway::websocket::Options {
                integration_timeout: opts
                    .integration_timeout_ms
                    .map_or(gateway::websocket::INTEGRATION_TIMEOUT, |ms| {
                        Duration::from_millis(ms.max(1))
                    }),
                account_id: gateway.opts.account_id.clone(),
                log: format,
                ..gateway::websocket::Options::default()
            },
        );
        for note in &api.notes {
            println!("{note}");
        }
        let serving =
            gateway::websocket::server::serve(listener, Arc::new(api), std::future::pending());
        tokio::spawn(serving);
    }
    for (function, listener) in function_urls {
        use crate::emulate::function_url::{UrlDoor, server};
        if let Some(door) = UrlDoor::new(&service, &function, &gateway.opts.account_id) {
            tokio::spawn(server::serve(
                listener,
                Arc::new(door),
                lambda.clone(),
                format,
            ));
        }
    }
    Arc::new(crate::emulate::alb::Alb::new(
        &service,
        lambda.clone(),
        &gateway.opts.account_id,
        format,
    ))
    .spawn(&service, alb_listeners);
    if opts.schedules {
        let account = &gateway.opts.account_id;
        let (schedules, problems) = crate::emulate::schedules::plan(&service, account);
        for p in problems {
            eprintln!("warning: {p}");
        }
        crate::emulate::schedules::spawn(
            schedules,
            &service,
            account,
            lambda.clone(),
            opts.run_schedules_at_start,
            format,
        );
    }
    gateway::server::serve(listener, gateway, Some(local), format, stop_signal()).await;
    drop(state);
    crate::emulate::gateway::access_log::flush();
    eprintln!("stopping: shutting the workers down");
    runtime.shutdown().await;
    crate::emulate::gateway::access_log::flush();
    0
}

/// A listener on `host:port`, or the error printed and the exit code.
async fn bind(host: &str, port: u16) -> Result<tokio::net::TcpListener, u8> {
    tokio::net::TcpListener::bind((host, port))
        .await
        .map_err(|e| {
            eprintln!("error: cannot listen on {host}:{port}: {e}");
            1
        })
}

/// The admin API's address on the loopback (it answers nowhere else): the bound port, on
/// 127.0.0.1 when bound to every address.
fn bound_admin_url(listener: &tokio::net::TcpListener) -> Option<String> {
    let addr = listener.local_addr().ok()?;
    let ip = addr.ip().to_canonical();
    let host = if ip.is_unspecified() || !ip.is_loopback() {
        "127.0.0.1".to_string()
    } else if ip.is_ipv6() {
        format!("[{ip}]")
    } else {
        ip.to_string()
    };
    Some(format!("http://{host}:{}", addr.port()))
}

/// `.serverless/slsc-emulator.json` in the service's folder while the emulator runs: where
/// `slsc logs` finds it. Removed when dropped (at the end of `serve`).
pub struct EmulatorFile(Option<std::path::PathBuf>);

/// The file's path for the service in `dir`.
pub fn emulator_file(dir: &std::path::Path) -> std::path::PathBuf {
    dir.join(".serverless").join("slsc-emulator.json")
}

impl EmulatorFile {
    fn write(service: &crate::ir::Service, url: &str) -> EmulatorFile {
        let path = emulator_file(&service.dir);
        let body = serde_json::json!({
            "url": url,
            "pid": std::process::id(),
            "service": service.name,
            "stage": service.stage,
        });
        let written = path
            .parent()
            .map(std::fs::create_dir_all)
            .unwrap_or(Ok(()))
            .and_then(|()| std::fs::write(&path, body.to_string()));
        match written {
            Ok(()) => EmulatorFile(Some(path)),
            // slsc logs then needs --emulator-url; the emulator itself runs on
            Err(_) => EmulatorFile(None),
        }
    }
}

impl Drop for EmulatorFile {
    /// Removes the file, unless another emulator of the service has written its own since.
    fn drop(&mut self) {
        let Some(p) = &self.0 else {
            return;
        };
        let ours = std::fs::read_to_string(p)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .is_some_and(|v| v["pid"] == std::process::id());
        if ours {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// The warning for an address beyond the loopback: whoever can reach it can run the
/// functions, and they run with the user's AWS credentials.
fn exposure_warning(host: &str) -> String {
    format!(
        "warning: --host {host} is not a loopback address: anyone who can reach this machine \
         can call the service's functions, which run with your AWS credentials"
    )
}

/// Ctrl-C, or SIGTERM (what `kill` and process managers send).
pub async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

fn write_log(format: LogFormat, line: &LogLine) {
    let text = match format {
        LogFormat::Text => {
            let who = if line.function.is_empty() {
                "slsc".to_string()
            } else {
                line.function.clone()
            };
            match (&line.request_id, line.stream) {
                (_, Stream::Notice) => format!("[{who}] {}", line.text),
                (Some(id), _) => format!("[{who} {id}] {}", line.text),
                (None, _) => format!("[{who}] {}", line.text),
            }
        }
        LogFormat::Json => serde_json::json!({
            "type": match line.stream {
                Stream::Stdout => "stdout",
                Stream::Stderr => "stderr",
                Stream::Notice => "notice",
            },
            "function": line.function,
            "requestId": line.request_id,
            "text": line.text,
        })
        .to_string(),
    };
    crate::emulate::gateway::access_log::emit(text);
}
