//! `slsc logs -f NAME`: a function's log lines, from the running emulator's admin API
//! (`/__slsc/logs`, found through `.serverless/slsc-emulator.json` or `--emulator-url`), or,
//! with no emulator running, from the deployed function's CloudWatch log group, as `sls logs`
//! reads it. `--level`, `--since`, `--limit` filter; `--tail` follows.

use super::Global;
use super::aws::AwsArgs;
use crate::diag::{Diagnostic, codes};
use crate::emulate::log_ring::Level;
use crate::source::SourceMap;
use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::Value as Json;
use std::io::Write;

/// Options of `slsc logs`.
#[derive(Clone, Debug, clap::Args)]
pub struct Options {
    /// The function (its key under `functions:`)
    #[arg(short = 'f', long = "function", value_name = "NAME")]
    pub function: String,
    /// Lines of at least this level: debug, info, warn, error
    #[arg(long)]
    pub level: Option<String>,
    /// Lines since an ISO time (2024-05-01T10:00:00Z) or for a duration back (10m, 2h, 1d)
    #[arg(long, alias = "startTime", alias = "start-time", value_name = "TIME")]
    pub since: Option<String>,
    /// At most this many lines (the latest ones; default 100 from the emulator)
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Keep printing new lines as they come (until Ctrl-C)
    #[arg(short = 't', long)]
    pub tail: bool,
    /// The emulator's address (default: the one `slsc emulate` wrote into
    /// .serverless/slsc-emulator.json)
    #[arg(long, value_name = "URL")]
    pub emulator_url: Option<String>,
    #[command(flatten)]
    pub aws: AwsArgs,
}

/// The filters, checked before anything is asked of anyone.
struct Filters {
    level: Option<Level>,
    /// Milliseconds since the epoch.
    since: Option<u64>,
    limit: Option<usize>,
}

fn filters(opts: &Options) -> Result<Filters, Diagnostic> {
    use crate::emulate::local_api::admin::{MAX_LIMIT, since_millis};
    let level = match opts.level.as_deref() {
        None => None,
        Some(l) => Some(Level::parse(l).ok_or_else(|| {
            Diagnostic::error(
                codes::CLI_LOG_FILTER,
                format!("--level `{l}` is not a log level"),
            )
            .help("levels: debug, info, warn, error (a line of that level or above is shown)")
        })?),
    };
    let since = match opts.since.as_deref() {
        None => None,
        Some(s) => Some(
            since_millis(s, crate::common::time::now_millis()).ok_or_else(|| {
                Diagnostic::error(
                    codes::CLI_LOG_FILTER,
                    format!("--since `{s}` is neither a time nor a duration"),
                )
                .help("an ISO time (2024-05-01T10:00:00Z) or a duration back from now (30s, 10m, 2h, 1d)")
            })?,
        ),
    };
    if let Some(n) = opts.limit
        && !(1..=MAX_LIMIT).contains(&n)
    {
        return Err(Diagnostic::error(
            codes::CLI_LOG_FILTER,
            format!("--limit {n} is out of range"),
        )
        .help(format!("a number of lines from 1 to {MAX_LIMIT}")));
    }
    Ok(Filters {
        level,
        since,
        limit: opts.limit,
    })
}

pub fn run(global: &Global, opts: &Options) -> u8 {
    let sources = SourceMap::new();
    let f = match filters(opts) {
        Ok(f) => f,
        Err(d) => return super::fail(d, &sources, global.color),
    };
    let (service, _) = match super::load_service(global, "logs") {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let Err(d) = super::invoke::find_function(&service, &opts.function) {
        return super::fail(d, &sources, global.color);
    }
    let rt = match super::async_runtime(false) {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    rt.block_on(async {
        match find_emulator(&service, opts.emulator_url.as_deref()).await {
            Found::Emulator(url) => from_emulator(&url, opts, &f).await,
            Found::Nothing(why) => {
                eprintln!("slsc: {why}: reading the deployed function's logs from CloudWatch Logs");
                from_cloudwatch(&service, opts, &f).await
            }
            Found::Wrong(why) => {
                eprintln!("error: {why}");
                1
            }
        }
    })
}

/// Where the lines come from.
enum Found {
    /// The running emulator, at this URL.
    Emulator(String),
    /// No emulator runs for the service (why): CloudWatch Logs, then.
    Nothing(String),
    /// An emulator that cannot be read (another service's, or `--emulator-url` silent).
    Wrong(String),
}

/// Prints the deployed function's lines from its log group, then, with `--tail`, the new ones
/// every second.
async fn from_cloudwatch(service: &crate::ir::Service, opts: &Options, f: &Filters) -> u8 {
    use crate::deploy::logs::{LogQuery, read};
    let Some(function) = service.functions.iter().find(|x| x.key == opts.function) else {
        return 1;
    };
    let aws = crate::deploy::AwsOptions {
        profile: opts.aws.profile.clone(),
        endpoint_url: opts.aws.endpoint_url.clone().filter(|u| !u.is_empty()),
    };
    let clients = crate::deploy::Clients::new(&aws, &service.region).await;
    let now = crate::common::time::now_millis();
    let back = if opts.tail { 10_000 } else { 600_000 };
    let mut q = LogQuery {
        group: format!("/aws/lambda/{}", function.name),
        start: f.since.unwrap_or(now.saturating_sub(back)),
        level: f.level,
        limit: f.limit,
    };
    let stop = super::emulate::stop_signal();
    tokio::pin!(stop);
    // the ids of the lines printed at the latest time seen (asked again from that time)
    let mut seen: Vec<String> = Vec::new();
    loop {
        let events = match read(&clients, &q).await {
            Ok(e) => e,
            Err(e) => {
                eprintln!("error: {}", e.message);
                return e.code;
            }
        };
        let mut out = std::io::stdout().lock();
        for (time, id, message) in &events {
            if seen.contains(id) {
                continue;
            }
            if writeln!(out, "{message}").is_err() {
                return 0;
            }
            if *time > q.start {
                q.start = *time;
                seen.clear();
            }
            seen.push(id.clone());
        }
        let _ = out.flush();
        drop(out);
        if !opts.tail {
            return 0;
        }
        q.limit = None;
        tokio::select! {
            () = &mut stop => return 0,
            () = tokio::time::sleep(std::time::Duration::from_secs(1)) => {}
        }
    }
}

/// Where this service's lines are: `--emulator-url`, else the emulator in
/// `.serverless/slsc-emulator.json` when it answers for this service and stage, else nowhere
/// local.
async fn find_emulator(service: &crate::ir::Service, given: Option<&str>) -> Found {
    if let Some(url) = given {
        let url = url.trim_end_matches('/').to_string();
        return match get_json(&format!("{url}/__slsc/health")).await {
            Ok((200, _)) => Found::Emulator(url),
            Ok((status, _)) => Found::Wrong(format!("the emulator at {url} answers {status}")),
            Err(e) => Found::Wrong(format!("the emulator does not answer: {e}")),
        };
    }
    let file = super::emulate::emulator_file(&service.dir);
    let Ok(text) = std::fs::read_to_string(&file) else {
        return Found::Nothing(format!(
            "no emulator is running for service `{}`",
            service.name
        ));
    };
    let v: Json = serde_json::from_str(&text).unwrap_or(Json::Null);
    let url = v["url"].as_str().unwrap_or_default().to_string();
    match get_json(&format!("{url}/__slsc/health")).await {
        Ok((200, h))
            if h["service"] == service.name.as_str() && h["stage"] == service.stage.as_str() =>
        {
            Found::Emulator(url)
        }
        Ok((_, h)) => Found::Wrong(format!(
            "the emulator at {url} serves `{}` stage `{}`, not `{}` stage `{}` (pass --emulator-url, or stop it)",
            h["service"].as_str().unwrap_or("?"),
            h["stage"].as_str().unwrap_or("?"),
            service.name,
            service.stage
        )),
        Err(_) => Found::Nothing(format!(
            "the emulator that wrote {} is gone",
            crate::source::display_name(&file)
        )),
    }
}

/// GETs `url`: (status, JSON body).
async fn get_json(url: &str) -> Result<(u16, Json), String> {
    let client: Client<HttpConnector, Empty<Bytes>> =
        Client::builder(TokioExecutor::new()).build_http();
    let uri: hyper::Uri = url.parse().map_err(|e| format!("{url}: {e}"))?;
    let resp = client.get(uri).await.map_err(|e| format!("{url}: {e}"))?;
    let status = resp.status().as_u16();
    let body = resp
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("{url}: {e}"))?
        .to_bytes();
    let v = serde_json::from_slice(&body).unwrap_or(Json::Null);
    Ok((status, v))
}

/// Query-string escaping of a value.
fn escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Prints the lines the emulator kept, then, with `--tail`, the new ones as they come.
async fn from_emulator(url: &str, opts: &Options, f: &Filters) -> u8 {
    let mut query = format!("function={}", escape(&opts.function));
    if let Some(l) = f.level {
        query.push_str(&format!("&level={}", l.name()));
    }
    if let Some(s) = f.since {
        query.push_str(&format!(
            "&since={}",
            escape(&crate::common::time::iso8601(s))
        ));
    }
    let limit = f
        .limit
        .unwrap_or(crate::emulate::local_api::admin::DEFAULT_LIMIT);
    let mut next = match fetch(url, &format!("{query}&limit={limit}")).await {
        Ok(n) => n,
        Err(code) => return code,
    };
    if !opts.tail {
        return 0;
    }
    let stop = super::emulate::stop_signal();
    tokio::pin!(stop);
    loop {
        let page = format!(
            "{query}&after={next}&wait=20&limit={}",
            crate::emulate::local_api::admin::MAX_LIMIT
        );
        tokio::select! {
            () = &mut stop => return 0,
            got = fetch(url, &page) => match got {
                Ok(n) => next = n,
                Err(code) => return code,
            },
        }
    }
}

/// One page of lines, printed; the sequence number to ask after next time.
async fn fetch(url: &str, query: &str) -> Result<u64, u8> {
    let (status, v) = match get_json(&format!("{url}/__slsc/logs?{query}")).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: the emulator does not answer: {e}");
            return Err(1);
        }
    };
    if status != 200 {
        eprintln!(
            "error: the emulator refused the query ({status} {}): {}",
            v["code"].as_str().unwrap_or(""),
            v["message"].as_str().unwrap_or("")
        );
        return Err(1);
    }
    let mut out = std::io::stdout().lock();
    for e in v["logs"].as_array().into_iter().flatten() {
        let text = e["message"].as_str().unwrap_or("");
        // lines without Lambda's own time stamp get the time slsc read them
        let written = if crate::emulate::log_ring::level_of(text).is_some() {
            writeln!(out, "{text}")
        } else {
            writeln!(out, "{}\t{text}", e["time"].as_str().unwrap_or(""))
        };
        if written.is_err() {
            return Err(0);
        }
    }
    let _ = out.flush();
    Ok(v["next"].as_u64().unwrap_or(0))
}
