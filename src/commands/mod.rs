//! What each subcommand does, on top of the [`pipeline`](crate::pipeline). `main.rs` only parses
//! arguments and calls these; each returns the process exit code.

pub mod aws;
pub mod compile;
pub mod emulate;
pub mod generate;
pub mod generate_event;
pub mod invoke;
pub mod logs;
pub mod package;
pub mod print;
pub mod routes;
pub mod validate;

use crate::diag::render;
use crate::ir::Service;
use crate::package::Package;
use crate::pipeline::{self, PipelineInput, Session};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// Options every subcommand takes.
#[derive(Clone, Debug, Default)]
pub struct Global {
    pub config: Option<PathBuf>,
    pub stage: Option<String>,
    pub region: Option<String>,
    pub params: Vec<(String, String)>,
    pub color: bool,
}

impl Global {
    /// What the pipeline runs on: these options, the current folder and the environment.
    pub fn pipeline_input(&self) -> PipelineInput {
        PipelineInput {
            config: self.config.clone(),
            stage: self.stage.clone(),
            region: self.region.clone(),
            params: self.params.clone(),
            ..PipelineInput::from_env()
        }
    }
}

/// A service that passed every check, with its code packaged.
pub struct Prepared {
    pub service: Service,
    pub package: Package,
}

/// Runs the pipeline (reporting diagnostics) and returns the service and its configuration
/// file's name, or the exit code; `command` names the subcommand in the message printed when
/// there is no service and no error to explain why.
pub fn load_service(global: &Global, command: &str) -> Result<(Service, Option<String>), u8> {
    let mut session = pipeline::run(&global.pipeline_input());
    let service = session.service.take();
    let config_file = config_file_name(session.config_path.as_deref(), session.service_dir());
    report(&mut session, global.color);
    match service.filter(|_| !session.diagnostics.has_errors()) {
        Some(s) => Ok((s, config_file)),
        None => {
            if !session.diagnostics.has_errors() {
                eprintln!("error: `slsc {command}` found no service to work on");
            }
            Err(1)
        }
    }
}

/// The configuration file's path relative to the service folder (left out of the zips).
pub fn config_file_name(config: Option<&Path>, dir: Option<&Path>) -> Option<String> {
    let config = config?;
    let rel = dir
        .and_then(|d| config.strip_prefix(d).ok())
        .unwrap_or(config);
    Some(rel.to_string_lossy().replace('\\', "/"))
}

/// The service, checked and packaged, for `command`; errors are printed.
pub fn prepare(global: &Global, command: &str) -> Result<Prepared, u8> {
    let (service, config_file) = load_service(global, command)?;
    match crate::package::build(&service, config_file.as_deref()) {
        Ok(package) => Ok(Prepared { service, package }),
        Err(e) => {
            eprintln!("error: {e}");
            Err(1)
        }
    }
}

/// A tokio runtime for a command's async work: one thread for a command that waits on AWS,
/// all cores for the emulator. A failure is printed and becomes the exit code.
pub fn async_runtime(all_cores: bool) -> Result<tokio::runtime::Runtime, u8> {
    let mut builder = if all_cores {
        tokio::runtime::Builder::new_multi_thread()
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    builder.enable_all().build().map_err(|e| {
        eprintln!("error: cannot start the async runtime: {e}");
        1
    })
}

/// How diagnostics are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Whether stderr is a terminal that wants colors (`NO_COLOR` turns them off).
pub fn stderr_supports_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Writes the session's diagnostics to stderr, sorted, with a closing count when there are errors.
pub fn report(session: &mut Session, color: bool) {
    session.diagnostics.sort();
    if session.diagnostics.is_empty() {
        return;
    }
    eprint!(
        "{}",
        render::render_all(&session.diagnostics, &session.sources, color)
    );
    let (e, w) = (session.diagnostics.errors(), session.diagnostics.warnings());
    if e > 0 {
        eprintln!("{}", count_line(e, w));
    }
}

/// Prints one diagnostic of the command line itself (with the files its spans point into)
/// and returns the exit code 1.
pub fn fail(d: crate::diag::Diagnostic, sources: &crate::source::SourceMap, color: bool) -> u8 {
    eprint!("{}", render::render_one(&d, sources, color));
    1
}

/// Writes a command's result to stdout: the exit code to return. A reader that stops early
/// (`slsc print | head`) is not a failure of the command (and `print!` would panic on the
/// closed pipe); any other failure to write (a full disk) is, and is said.
pub fn write_stdout(text: &str) -> u8 {
    match std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("error: cannot write the result: {e}");
            1
        }
    }
}

/// `KEY=VALUE` of a repeatable option.
pub fn parse_pair(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
        _ => Err(format!("`{s}` is not KEY=VALUE")),
    }
}

/// `2 errors, 1 warning`
pub fn count_line(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (e, 0) => format!("error: {}", plural(e, "error")),
        (e, w) => format!("error: {}, {}", plural(e, "error"), plural(w, "warning")),
    }
}

/// Writes a generated service (`serverless.yml` and handlers) into `dir`, for benchmarks.
pub fn synth(dir: &std::path::Path, endpoints: usize) -> u8 {
    match crate::synth::write_service(dir, endpoints) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", dir.display());
            1
        }
    }
}
