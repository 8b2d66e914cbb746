//! `slsc invoke -f NAME`: runs one function once on the emulator's runtime (the same
//! bootstraps, environment and limits as `slsc emulate`), as `sls invoke local` does: the
//! result as JSON on stdout, the handler's output on stderr, exit 1 when the handler failed.

use super::Global;
use crate::diag::{Diagnostic, codes};
use crate::emulate::runtime::{ErrorKind, LogLine, Outcome, Runtime, RuntimeOptions, Stream};
use crate::sample_events::{self, Fields};
use crate::source::SourceMap;
use bytes::Bytes;
use serde_json::Value as Json;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Options of `slsc invoke`.
#[derive(Clone, Debug, clap::Args)]
pub struct Options {
    /// The function to run (its key under `functions:`)
    #[arg(short = 'f', long = "function", value_name = "NAME")]
    pub function: String,
    /// The event, as JSON
    #[arg(short = 'd', long, value_name = "JSON", conflicts_with_all = ["path", "event"])]
    pub data: Option<String>,
    /// A file holding the event, JSON or YAML (`-`: read it from stdin)
    #[arg(short = 'p', long, value_name = "FILE", conflicts_with = "event")]
    pub path: Option<PathBuf>,
    /// A sample event of SOURCE (sqs, s3, apigateway, ...: `slsc generate-event --help`)
    #[arg(long, value_name = "SOURCE")]
    pub event: Option<String>,
    /// The client context the handler reads (`context.clientContext`), as JSON
    #[arg(long, value_name = "JSON")]
    pub context: Option<String>,
    /// An environment variable for the function (repeatable; over the configured ones)
    #[arg(short = 'e', long = "env", value_name = "KEY=VALUE", value_parser = super::parse_pair)]
    pub env: Vec<(String, String)>,
}

pub fn run(global: &Global, opts: &Options) -> u8 {
    let mut sources = SourceMap::new();
    let data = match opts.data.as_deref().map(|d| parse_json("--data", d)) {
        Some(Err(d)) => return super::fail(d, &sources, global.color),
        Some(Ok(v)) => Some(v),
        None => None,
    };
    let context = match opts.context.as_deref().map(parse_context) {
        Some(Err(d)) => return super::fail(d, &sources, global.color),
        Some(Ok(c)) => Some(c),
        None => None,
    };
    // an unknown source is refused before the service is loaded
    if let Some(Err(d)) = opts
        .event
        .as_deref()
        .map(|s| sample_events::sample(s, &Fields::default(), &[]))
    {
        return super::fail(d, &sources, global.color);
    }
    let (service, _) = match super::load_service(global, "invoke") {
        Ok(s) => s,
        Err(code) => return code,
    };
    if let Err(d) = find_function(&service, &opts.function) {
        return super::fail(d, &sources, global.color);
    }
    let event = match (data, &opts.path) {
        (Some(v), _) => v,
        (None, _) if opts.event.is_some() => {
            let fields = Fields {
                region: Some(service.region.clone()),
                stage: Some(service.stage.clone()),
                ..Fields::default()
            };
            match sample_events::sample(opts.event.as_deref().unwrap_or(""), &fields, &[]) {
                Ok(v) => v,
                Err(d) => return super::fail(d, &sources, global.color),
            }
        }
        (None, Some(p)) => match read_event_file(p, &service.dir, &mut sources) {
            Ok(v) => v,
            Err(d) => return super::fail(d, &sources, global.color),
        },
        (None, None) => Json::Object(serde_json::Map::new()),
    };
    let rt = match super::async_runtime(false) {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    rt.block_on(invoke(&service, opts, event, context))
}

/// Runs the function once and prints its answer.
async fn invoke(
    service: &crate::ir::Service,
    opts: &Options,
    event: Json,
    context: Option<String>,
) -> u8 {
    let mut env = super::emulate::user_environment();
    // what `sls invoke local` sets, then the command line's own variables over it
    env.push(("IS_LOCAL".into(), "true".into()));
    env.extend(opts.env.iter().cloned());
    let runtime_opts = RuntimeOptions {
        max_instances: 1,
        log: Arc::new(write_log),
        env,
        only: Some(vec![opts.function.clone()]),
        ..RuntimeOptions::default()
    };
    let runtime = match Runtime::new(service, runtime_opts) {
        Ok(r) => r,
        Err(problems) => {
            for p in problems {
                eprintln!("error: {p}");
            }
            return 1;
        }
    };
    let payload = Bytes::from(event.to_string());
    let inv = runtime.invoke_with(&opts.function, payload, context).await;
    runtime.shutdown().await;
    let (body, failed) = match &inv.outcome {
        Outcome::Ok(b) => (b, false),
        Outcome::Error { payload, kind } => {
            if *kind == ErrorKind::Timeout {
                eprintln!("slsc: the function ran past its timeout and was stopped");
            }
            (payload, true)
        }
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(pretty(body).as_bytes());
    let _ = out.write_all(b"\n");
    let _ = out.flush();
    u8::from(failed)
}

/// The answer as SF's `invoke local` prints it (JSON indented by 4), or as it came when it is
/// not JSON (a custom runtime may answer anything).
pub fn pretty(body: &[u8]) -> String {
    let Ok(v) = serde_json::from_slice::<Json>(body) else {
        return String::from_utf8_lossy(body).into_owned();
    };
    let mut buf = Vec::new();
    let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, fmt);
    match serde::Serialize::serialize(&v, &mut ser) {
        Ok(()) => String::from_utf8_lossy(&buf).into_owned(),
        Err(_) => v.to_string(),
    }
}

/// Handler output and the runtime's notices go to stderr, so stdout holds the answer only.
fn write_log(line: LogLine) {
    let mut err = std::io::stderr().lock();
    let _ = match line.stream {
        Stream::Notice => writeln!(err, "slsc: {}", line.text),
        _ => writeln!(err, "{}", line.text),
    };
}

/// The function `key` of the service, or a diagnostic naming the nearest one.
pub fn find_function<'a>(
    service: &'a crate::ir::Service,
    key: &str,
) -> Result<&'a crate::ir::Function, Diagnostic> {
    if let Some(f) = service.functions.iter().find(|f| f.key == key) {
        return Ok(f);
    }
    let keys = || service.functions.iter().map(|f| f.key.as_str());
    let help = match crate::check::nearest(key, keys()) {
        Some(n) => format!("did you mean `{n}`?"),
        None if service.functions.is_empty() => "the service has no functions".to_string(),
        None => format!(
            "the service's functions: {}",
            keys().collect::<Vec<_>>().join(", ")
        ),
    };
    Err(Diagnostic::error(
        codes::CLI_UNKNOWN_FUNCTION,
        format!("function `{key}` is not in service `{}`", service.name),
    )
    .help(help))
}

/// `text` as JSON, or a diagnostic saying where it stops being JSON.
pub fn parse_json(flag: &str, text: &str) -> Result<Json, Diagnostic> {
    serde_json::from_str(text).map_err(|e| {
        Diagnostic::error(
            codes::CLI_BAD_DATA,
            format!("{flag} is not JSON: {e}"),
        )
        .help(format!(
            "pass a JSON value, e.g. {flag} '{{\"key\": \"value\"}}'; a string is quoted: {flag} '\"text\"'"
        ))
    })
}

/// `--context`: a JSON object, passed on as its text.
fn parse_context(text: &str) -> Result<String, Diagnostic> {
    match parse_json("--context", text)? {
        v @ Json::Object(_) => Ok(v.to_string()),
        _ => Err(
            Diagnostic::error(codes::CLI_BAD_DATA, "--context is not a JSON object").help(
                "the client context is an object: --context '{\"custom\": {\"key\": \"value\"}}'",
            ),
        ),
    }
}

/// The event in file `path` (JSON or YAML; `-` for stdin), relative to the current folder,
/// else to the service's (where SF looks).
fn read_event_file(
    path: &Path,
    service_dir: &Path,
    sources: &mut SourceMap,
) -> Result<Json, Diagnostic> {
    if path == Path::new("-") {
        let mut text = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut text).map_err(|e| {
            Diagnostic::error(
                codes::CLI_BAD_DATA,
                format!("cannot read the event from stdin: {e}"),
            )
        })?;
        let loaded = crate::load::load_bytes(Path::new("<stdin>"), &text, sources)?;
        return Ok(loaded.root.to_json());
    }
    let found = if path.is_absolute() || path.is_file() {
        path.to_path_buf()
    } else {
        service_dir.join(path)
    };
    if !found.is_file() {
        return Err(Diagnostic::error(
            codes::CLI_BAD_DATA,
            format!("no event file at {}", path.display()),
        )
        .help(
            "--path names a JSON or YAML file, relative to the current folder or the service's",
        ));
    }
    let loaded = crate::load::load_file(&found, sources)?;
    Ok(loaded.root.to_json())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_printed_as_sf_prints_them() {
        assert_eq!(
            pretty(br#"{"a":[1]}"#),
            "{\n    \"a\": [\n        1\n    ]\n}"
        );
        assert_eq!(pretty(b"null"), "null");
        assert_eq!(pretty(b"not json"), "not json");
    }

    #[test]
    fn bad_data_and_context_are_diagnosed() {
        let d = parse_json("--data", "{oops").unwrap_err();
        assert_eq!(d.code, codes::CLI_BAD_DATA);
        assert!(d.message.contains("line 1"), "{}", d.message);
        assert_eq!(parse_json("--data", "\"s\"").unwrap(), Json::from("s"));
        assert!(parse_context("[1]").is_err());
        assert_eq!(parse_context(r#"{"a": 1}"#).unwrap(), r#"{"a":1}"#);
    }
}
