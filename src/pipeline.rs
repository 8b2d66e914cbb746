//! The one way through: find the config, load, resolve variables, validate, lower, check.
//!
//! Every command starts here. A [`Session`] keeps what each stage produced and every diagnostic,
//! so commands can stop at the first stage with errors yet still report all findings.

use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::load::{self, Node};
use crate::source::SourceMap;
use crate::{check, ir, schema, vars};
use indexmap::IndexMap;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What a pipeline run works on: the service's configuration file, the stage, region and
/// parameters asked for on the command line, and the environment variables read.
#[derive(Clone, Debug, Default)]
pub struct PipelineInput {
    /// `-c/--config`; else `serverless.yml`, then `serverless.yaml` in `cwd`.
    pub config: Option<PathBuf>,
    pub cwd: PathBuf,
    pub stage: Option<String>,
    pub region: Option<String>,
    /// `--param key=value`, in order.
    pub params: Vec<(String, String)>,
    /// The process environment (tests pass their own).
    pub env: HashMap<String, String>,
}

impl PipelineInput {
    /// The current folder and the process environment; nothing asked for yet.
    pub fn from_env() -> Self {
        PipelineInput {
            cwd: std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
            env: std::env::vars().collect(),
            ..PipelineInput::default()
        }
    }

    /// All options as `${opt:...}` sees them.
    pub fn options(&self) -> IndexMap<String, serde_json::Value> {
        let mut o = IndexMap::new();
        if let Some(s) = &self.stage {
            o.insert("stage".into(), s.clone().into());
        }
        if let Some(r) = &self.region {
            o.insert("region".into(), r.clone().into());
        }
        if let Some(c) = &self.config {
            o.insert("config".into(), c.display().to_string().into());
        }
        if !self.params.is_empty() {
            let list: Vec<serde_json::Value> = self
                .params
                .iter()
                .map(|(k, v)| format!("{k}={v}").into())
                .collect();
            o.insert("param".into(), list.into());
        }
        o
    }
}

/// Finds the configuration file: the explicit path, or `serverless.yml` / `serverless.yaml`.
pub fn find_config(inv: &PipelineInput) -> Result<PathBuf, Diagnostic> {
    if let Some(c) = &inv.config {
        let p = if c.is_absolute() {
            c.clone()
        } else {
            inv.cwd.join(c)
        };
        if p.is_file() {
            return Ok(p);
        }
        return Err(Diagnostic::error(
            codes::CONFIG_NOT_FOUND,
            format!("no configuration file at {}", c.display()),
        )
        .help("check the path given to -c/--config"));
    }
    for name in ["serverless.yml", "serverless.yaml"] {
        let p = inv.cwd.join(name);
        if p.is_file() {
            return Ok(p);
        }
    }
    let other = ["serverless.json", "serverless.js", "serverless.ts"]
        .into_iter()
        .find(|n| inv.cwd.join(n).is_file());
    let help = match other {
        Some(n) => format!("slsc reads YAML configurations; convert {n} to serverless.yml"),
        None => "run slsc in the service's folder, or pass -c path/to/serverless.yml".into(),
    };
    Err(Diagnostic::error(
        codes::CONFIG_NOT_FOUND,
        format!(
            "no serverless.yml or serverless.yaml in {}",
            folder_name(&inv.cwd)
        ),
    )
    .help(help))
}

/// A folder as a message names it: "the current folder", or its path relative to it.
fn folder_name(dir: &Path) -> String {
    match crate::source::display_name(dir).as_str() {
        "" | "." => "the current folder".into(),
        other => other.to_owned(),
    }
}

/// What the stages produced.
#[derive(Debug, Default)]
pub struct Session {
    pub sources: SourceMap,
    pub diagnostics: Diagnostics,
    pub config_path: Option<PathBuf>,
    /// The tree with every variable resolved.
    pub resolved: Option<Node>,
    pub stage: String,
    pub region: String,
    /// The lowered service (present when no stage before lowering failed).
    pub service: Option<ir::Service>,
}

impl Session {
    /// The folder of the configuration file.
    pub fn service_dir(&self) -> Option<&Path> {
        self.config_path.as_deref().and_then(Path::parent)
    }
}

/// Runs every stage as far as it can go.
pub fn run(inv: &PipelineInput) -> Session {
    run_with(inv, |_, _| ()).0
}

/// [`run`], plus `side` on the lowered service and the configuration file's path: commands
/// pass the work they do next (packaging, compiling), which then overlaps the schema
/// validation. `side`'s result is dropped when the validation stops the run
/// (`configValidationMode: error`).
///
/// The stages, in order: find the configuration file, read it, load it, resolve its variables,
/// then validate against the schema while lowering, checking and running `side`. The schema's
/// validator is compiled on another thread from the start, while the file is read, loaded and
/// resolved.
pub fn run_with<R: Send>(
    inv: &PipelineInput,
    side: impl FnOnce(&ir::Service, &Path) -> R + Send,
) -> (Session, Option<R>) {
    schema::prepare_in_background();
    let mut s = Session::default();
    let path = match find_config(inv) {
        Ok(p) => p,
        Err(d) => {
            s.diagnostics.push(d);
            return (s, None);
        }
    };
    match std::fs::read(&path) {
        Ok(bytes) => run_bytes_with(inv, &path, &bytes, side),
        Err(e) => {
            s.diagnostics.push(Diagnostic::error(
                codes::IO,
                format!("cannot read {}: {e}", crate::source::display_name(&path)),
            ));
            (s, None)
        }
    }
}

/// Runs every stage on `bytes` as the configuration file `path` (which need not exist: fuzzing
/// and benchmarks feed text directly).
pub fn run_bytes(inv: &PipelineInput, path: &Path, bytes: &[u8]) -> Session {
    run_bytes_with(inv, path, bytes, |_, _| ()).0
}

fn run_bytes_with<R: Send>(
    inv: &PipelineInput,
    path: &Path,
    bytes: &[u8],
    side: impl FnOnce(&ir::Service, &Path) -> R + Send,
) -> (Session, Option<R>) {
    let mut s = Session {
        config_path: Some(path.to_path_buf()),
        ..Session::default()
    };
    let root = match load::load_bytes(path, bytes, &mut s.sources) {
        Ok(l) => {
            s.diagnostics.extend(l.warnings);
            if !l.root.is_map() {
                s.diagnostics.push(
                    Diagnostic::error(
                        codes::YAML_NOT_MAPPING,
                        format!(
                            "the configuration must be a mapping of keys, not {}",
                            l.root.kind()
                        ),
                    )
                    .at(l.root.span)
                    .help("start with `service: my-service` and `provider:` on their own lines"),
                );
                return (s, None);
            }
            l.root
        }
        Err(d) => {
            s.diagnostics.push(d);
            return (s, None);
        }
    };
    resolve(inv, &mut s, root);
    let extra = validate_and_lower(&mut s, side);
    (s, extra)
}

/// What the variables of a service in `service_dir` read, for this input.
pub fn vars_context(inv: &PipelineInput, service_dir: &Path) -> vars::Context {
    vars::Context {
        stage: inv.stage.clone(),
        region: inv.region.clone(),
        params: inv.params.clone(),
        options: inv.options(),
        env: inv.env.clone(),
        service_dir: service_dir.to_path_buf(),
        instance_id: instance_id(),
    }
}

fn resolve(inv: &PipelineInput, s: &mut Session, root: Node) {
    let mut ctx = vars_context(inv, s.service_dir().unwrap_or(Path::new("")));
    // `useDotenv`: the stage's `.env` file joins the environment before anything else resolves
    if let Some(stage) = vars::dotenv::stage_if_used(&root, &ctx, &mut s.sources)
        && let Err(d) = vars::dotenv::load(&ctx.service_dir, &stage, &mut ctx.env)
    {
        s.diagnostics.push(d);
        return;
    }
    let (resolved, diags) = vars::resolve(root, &ctx, &mut s.sources);
    s.diagnostics.extend(diags);
    if let Some(r) = resolved {
        s.stage = r.stage;
        s.region = r.region;
        s.resolved = Some(r.root);
    }
}

/// Schema validation, and lowering with the semantic checks and `side`: they read the same
/// resolved tree and none depends on another's result, so they run at once ([`concurrently`]).
/// What the validation decides (stop in `error` mode, no second report of a span it already
/// reported) is applied after both are done, so the findings are those of running them one
/// after the other.
fn validate_and_lower<R: Send>(
    s: &mut Session,
    side: impl FnOnce(&ir::Service, &Path) -> R + Send,
) -> Option<R> {
    if s.diagnostics.has_errors() {
        return None;
    }
    let root = s.resolved.as_ref()?;
    let sources = &s.sources;
    let dir = s.service_dir().map(Path::to_path_buf).unwrap_or_default();
    let config = s.config_path.as_deref().unwrap_or(Path::new(""));
    let (stage, region) = (s.stage.as_str(), s.region.as_str());
    let (lowered, schema_diags) = concurrently(
        || lower_and_check(root, stage, region, &dir, |service| side(service, config)),
        || schema::validate_with_mode(root, sources, schema::validation_mode(root)),
    );
    merge_findings(s, lowered, schema_diags)
}

/// The one place the front end runs two stages at once: `a` on this thread, `b` on the other
/// core. A panic in either is a bug and surfaces as one.
fn concurrently<RA, RB: Send>(a: impl FnOnce() -> RA, b: impl FnOnce() -> RB + Send) -> (RA, RB) {
    crate::par::join(a, b)
}

/// What lowering produced: the service, lowering's own findings, and (when there is a service)
/// the semantic checks' findings and `side`'s result.
struct Lowered<R> {
    service: Option<ir::Service>,
    diagnostics: Diagnostics,
    checked: Option<(Diagnostics, R)>,
}

/// Lowers the resolved tree, then checks the service and runs `side` on it.
fn lower_and_check<R>(
    root: &Node,
    stage: &str,
    region: &str,
    dir: &Path,
    side: impl FnOnce(&ir::Service) -> R,
) -> Lowered<R> {
    let (service, diagnostics) = ir::lower::lower(root, stage, region, dir);
    let checked = service.as_ref().map(|service| {
        let mut d = check::check(service, root);
        d.extend(unsupported_events(service));
        d.extend(ignored_provider_keys(service, root));
        (d, side(service))
    });
    Lowered {
        service,
        diagnostics,
        checked,
    }
}

/// Adds the validation's and lowering's findings to the session as a sequential run would have
/// them: nothing after a failed validation, and no lowering finding at a span the validation
/// already reported (in `warn` mode a wrong shape would otherwise be reported twice).
fn merge_findings<R>(s: &mut Session, lowered: Lowered<R>, schema_diags: Diagnostics) -> Option<R> {
    let schema_failed = schema_diags.has_errors();
    let schema_spans: Vec<_> = schema_diags.iter().filter_map(|d| d.span).collect();
    s.diagnostics.extend(schema_diags);
    if schema_failed {
        return None;
    }
    s.diagnostics.extend(
        lowered
            .diagnostics
            .into_iter()
            .filter(|d| !d.span.is_some_and(|sp| schema_spans.contains(&sp))),
    );
    s.service = lowered.service;
    let (checked, extra) = lowered.checked?;
    s.diagnostics.extend(checked);
    Some(extra)
}

/// The service of a configuration given as text, at stage `dev`, for unit tests; panics on
/// errors, naming them.
#[cfg(test)]
pub(crate) fn service_from_yaml(yaml: &str) -> ir::Service {
    let input = PipelineInput {
        stage: Some("dev".into()),
        ..PipelineInput::default()
    };
    let s = run_bytes(&input, Path::new("serverless.yml"), yaml.as_bytes());
    let errors: Vec<&String> = s
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .map(|d| &d.message)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    s.service.expect("a service")
}

/// `${sls:instanceId}`: a fresh id per run, as Serverless Framework does.
fn instance_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{:x}", nanos ^ u128::from(std::process::id()))
}

/// One warning per event of a type that neither slsc nor SF v3 compiles (every type SF v3
/// knows is compiled; `compile` makes these errors unless told to skip them).
fn unsupported_events(service: &ir::Service) -> Vec<Diagnostic> {
    service
        .unsupported_events
        .iter()
        .map(|e| {
            Diagnostic::warning(
                codes::SEM_UNSUPPORTED_EVENT,
                format!(
                    "`{}` events (function `{}`) are not an event type Serverless Framework v3 compiles",
                    e.kind, e.function
                ),
            )
            .at(e.span)
            .label("not compiled")
            .help("check the event's name; `slsc compile --skip-unsupported` compiles the rest of the service without it")
        })
        .collect()
}

/// Provider keys Serverless Framework accepts that slsc does not compile yet: said, not dropped.
fn ignored_provider_keys(service: &ir::Service, root: &Node) -> Vec<Diagnostic> {
    let provider = root.get("provider");
    service
        .provider
        .ignored
        .iter()
        .map(|key| {
            Diagnostic::warning(
                codes::SEM_IGNORED,
                format!("`provider.{key}` is accepted but not compiled by slsc yet"),
            )
            .at_opt(provider.and_then(|p| p.key_span(key)))
            .label("ignored")
            .help("the template slsc writes will not reflect this setting")
        })
        .collect()
}
