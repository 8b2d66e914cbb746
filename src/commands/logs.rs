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
            Ok(url) => from_emulator(&url, opts, &f).await,
            Err(why) => {
                eprintln!("error: {why}");
                1
            }
        }
    })
}

/// The running emulator's URL for this service: `--emulator-url`, else the one in its file
/// when it answers for this service and stage.
async fn find_emulator(
    service: &crate::ir::Service,
    given: Option<&str>,
) -> Result<String, String> {
    if let Some(url) = given {
        return Ok(url.trim_end_matches('/').to_string());
    }
    let file = super::emulate::emulator_file(&service.dir);
    let text = std::fs::read_to_string(&file).map_err(|_| {
        format!(
            "no emulator is running for service `{}` (start `slsc emulate`, or pass --emulator-url)",
            service.name
        )
    })?;
    let v: Json = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    let url = v["url"].as_str().unwrap_or_default().to_string();
    let health = get_json(&format!("{url}/__slsc/health")).await;
    match health {
        Ok((200, h))
            if h["service"] == service.name.as_str() && h["stage"] == service.stage.as_str() =>
        {
            Ok(url)
        }
        Ok((_, h)) => Err(format!(
            "the emulator at {url} serves `{}` stage `{}`, not `{}` stage `{}`",
            h["service"].as_str().unwrap_or("?"),
            h["stage"].as_str().unwrap_or("?"),
            service.name,
            service.stage
        )),
        Err(_) => Err(format!(
            "the emulator that wrote {} is gone (start `slsc emulate`, or pass --emulator-url)",
            file.display()
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
