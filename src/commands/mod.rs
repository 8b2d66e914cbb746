//! What each subcommand does, on top of the [`pipeline`](crate::pipeline). `main.rs` only parses
//! arguments and calls these; each returns the process exit code.

pub mod compile;
pub mod emulate;
pub mod print;
pub mod routes;
pub mod validate;

use crate::diag::render;
use crate::pipeline::{Invocation, Session};
use std::io::IsTerminal;
use std::path::PathBuf;

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
    pub fn invocation(&self) -> Invocation {
        Invocation {
            config: self.config.clone(),
            stage: self.stage.clone(),
            region: self.region.clone(),
            params: self.params.clone(),
            ..Invocation::from_env()
        }
    }
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
