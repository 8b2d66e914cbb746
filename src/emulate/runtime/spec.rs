//! How each function is started: the program and arguments for its runtime, its environment,
//! limits and ARN, checked once when the runtime is created.

use super::bootstrap;
use super::interpreters::Interpreters;
use super::typescript;
use super::{LogLine, RuntimeOptions, Stream};
use crate::ir;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Everything needed to start workers of one function.
#[derive(Clone, Debug)]
pub struct FunctionSpec {
    /// The key under `functions:`.
    pub key: String,
    pub arn: String,
    pub program: PathBuf,
    pub args: Vec<String>,
    /// The environment, without `AWS_LAMBDA_RUNTIME_API` and `AWS_LAMBDA_LOG_STREAM_NAME`
    /// (set per worker).
    pub env: Vec<(String, String)>,
    pub dir: PathBuf,
    pub timeout: Duration,
    /// `min(max_instances, reservedConcurrency)`, at least 1.
    pub max_instances: usize,
    /// The runtime is one of slsc's own bootstraps, which can reach the Runtime API over a
    /// pair of pipes (see [`super::pipes`]), cheaper per invocation than loopback TCP.
    pub local_channel: bool,
    /// Invocations one worker serves at least (see [`super::worker::Worker::budget`]) before a
    /// fresh one replaces it, as Lambda recycles its execution environments: what a process
    /// accumulates over a long run stays bounded (the C library keeps every `_X_AMZN_TRACE_ID`
    /// value a runtime ever set, ≈ 150 bytes each; the Python runtime sets it per invocation,
    /// the Node.js one when the handler reads the environment).
    pub max_invocations: u64,
    /// The runtime counts what it accumulates itself and asks to be replaced once it has
    /// written to its environment `max_invocations` times (slsc's Node.js bootstrap on its
    /// pipes, which sets `_X_AMZN_TRACE_ID` only when the handler reads the environment, and
    /// counts the handler's own writes): no invocation budget then.
    pub retires_itself: bool,
    /// A TypeScript handler that esbuild builds before it runs.
    pub typescript: Option<TypeScript>,
}

/// What esbuild needs to build one function's TypeScript handler.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeScript {
    pub esbuild: PathBuf,
    /// The `.ts` file, relative to the service's folder.
    pub source: PathBuf,
    /// The major version of the Node.js that runs it (esbuild's target).
    pub node_major: String,
}

/// [`FunctionSpec::max_invocations`] of every function.
pub const MAX_INVOCATIONS_PER_WORKER: u64 = 100_000;

/// The family of runtime a `runtime:` string names (what starts its workers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuntimeFamily {
    Node,
    Python,
    Provided,
}

pub fn family(runtime: &str) -> Option<RuntimeFamily> {
    if runtime.starts_with("nodejs") {
        Some(RuntimeFamily::Node)
    } else if runtime.starts_with("python3") {
        Some(RuntimeFamily::Python)
    } else if runtime == "provided" || runtime.starts_with("provided.") {
        Some(RuntimeFamily::Provided)
    } else {
        None
    }
}

/// Builds the spec of `f`, or says why it cannot be started.
pub fn build(
    service: &ir::Service,
    f: &ir::Function,
    opts: &RuntimeOptions,
    boot_dir: &Path,
    interpreters: &mut Interpreters,
) -> Result<FunctionSpec, String> {
    let who = format!("function `{}`", f.key);
    let Some(handler) = f.handler.as_deref() else {
        return Err(format!(
            "{who} has no `handler` (container images are not run by slsc emulate)"
        ));
    };
    let dir = &service.dir;
    // the handler the runtime loads: a TypeScript one built by esbuild is its build output
    let mut run_handler = handler.to_string();
    let mut ts = None;
    let local_channel = cfg!(unix)
        && matches!(
            family(&f.runtime),
            Some(RuntimeFamily::Node | RuntimeFamily::Python)
        );
    let (program, args) = match family(&f.runtime) {
        Some(RuntimeFamily::Node) => {
            let node = interpreters
                .node(&f.runtime)
                .map_err(|e| format!("{who}: {e}"))?;
            // Lambda's Node.js runtime also passes V8 flags (`--expose-gc`, the heap sized from
            // the memory size, a header size limit); any of them makes node start measurably
            // slower (a longer cold start), so slsc starts node without them.
            let mut args = Vec::new();
            match typescript::source_of(dir, handler) {
                None => check_node_handler(dir, handler).map_err(|e| format!("{who}: {e}"))?,
                Some(source) => {
                    match typescript::mode(dir, &source, &node.version)
                        .map_err(|e| format!("{who}: {e}"))?
                    {
                        typescript::Mode::Esbuild(esbuild) => {
                            // stack traces through the source maps, to the `.ts` lines
                            args.push("--enable-source-maps".to_string());
                            run_handler = typescript::built_handler(handler);
                            let rel = source.strip_prefix(dir).unwrap_or(&source).to_path_buf();
                            ts = Some(TypeScript {
                                esbuild,
                                source: rel,
                                node_major: node
                                    .version
                                    .split('.')
                                    .next()
                                    .unwrap_or("20")
                                    .to_string(),
                            });
                        }
                        typescript::Mode::StripTypes { flag } => {
                            args.extend(flag.map(str::to_string));
                            args.push("--disable-warning=ExperimentalWarning".to_string());
                        }
                    }
                }
            }
            args.push(path_arg(&boot_dir.join("node.js")));
            (node.program, args)
        }
        Some(RuntimeFamily::Python) => {
            check_python_handler(dir, handler).map_err(|e| format!("{who}: {e}"))?;
            let py = interpreters
                .python(&f.runtime)
                .map_err(|e| format!("{who}: {e}"))?
                .program;
            (py, vec!["-u".into(), path_arg(&boot_dir.join("python.py"))])
        }
        Some(RuntimeFamily::Provided) => {
            let b = dir.join("bootstrap");
            if !b.is_file() {
                return Err(format!(
                    "{who}: runtime `{}` runs an executable `bootstrap` in {}, and there is none",
                    f.runtime,
                    dir.display()
                ));
            }
            if !bootstrap::is_executable(&b) {
                return Err(format!(
                    "{who}: {} is not executable (chmod +x)",
                    b.display()
                ));
            }
            (b, Vec::new())
        }
        None => {
            return Err(format!(
                "{who}: runtime `{}` is not supported by slsc emulate (nodejs*, python3.*, provided*)",
                f.runtime
            ));
        }
    };
    let arn = format!(
        "arn:aws:lambda:{}:{}:function:{}",
        service.region, opts.account_id, f.name
    );
    let env = environment(service, f, &run_handler, opts, boot_dir);
    let reserved = f
        .reserved_concurrency
        .map_or(usize::MAX, |r| usize::try_from(r).unwrap_or(usize::MAX));
    Ok(FunctionSpec {
        key: f.key.clone(),
        arn,
        program,
        args,
        env,
        dir: dir.clone(),
        timeout: Duration::from_secs(f.timeout.max(1)),
        max_instances: opts.max_instances.min(reserved).max(1),
        local_channel,
        max_invocations: MAX_INVOCATIONS_PER_WORKER,
        retires_itself: local_channel && family(&f.runtime) == Some(RuntimeFamily::Node),
        typescript: ts,
    })
}

fn path_arg(p: &Path) -> String {
    p.display().to_string()
}

/// A Node.js handler `dir/file.export.path`: the module file must exist.
fn check_node_handler(dir: &Path, handler: &str) -> Result<(), String> {
    let base = handler.rsplit('/').next().unwrap_or(handler);
    let root = &handler[..handler.len() - base.len()];
    let Some((module, _export)) = base.split_once('.') else {
        return Err(format!("handler `{handler}` is not `file.export`"));
    };
    let stem = dir.join(root).join(module);
    let found = ["", ".js", ".mjs", ".cjs"]
        .iter()
        .any(|ext| PathBuf::from(format!("{}{ext}", stem.display())).is_file());
    if found {
        Ok(())
    } else {
        Err(format!(
            "handler `{handler}`: no file {root}{module}.js (or .mjs, .cjs) in {}",
            dir.display()
        ))
    }
}

/// A Python handler `pkg/module.func` or `pkg.module.func`: the module file must exist.
fn check_python_handler(dir: &Path, handler: &str) -> Result<(), String> {
    let Some((module, _func)) = handler.rsplit_once('.') else {
        return Err(format!("handler `{handler}` is not `module.function`"));
    };
    let rel = module.replace('.', "/");
    let file = dir.join(format!("{rel}.py"));
    if file.is_file() || dir.join(&rel).join("__init__.py").is_file() {
        Ok(())
    } else {
        Err(format!(
            "handler `{handler}`: no file {rel}.py in {}",
            dir.display()
        ))
    }
}

/// A plain environment value as a string; `None` for intrinsics and other structures.
pub fn plain(v: &Json) -> Option<String> {
    match v {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The worker environment: the function's (provider's overlaid) plain values, then
/// `opts.env`, then what Lambda sets itself (which the user cannot override).
fn environment(
    service: &ir::Service,
    f: &ir::Function,
    handler: &str,
    opts: &RuntimeOptions,
    boot_dir: &Path,
) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = Vec::new();
    let mut set = |k: &str, v: String| {
        env.retain(|(ek, _)| ek != k);
        env.push((k.to_string(), v));
    };
    for key in ["PATH", "HOME"] {
        if let Ok(v) = std::env::var(key) {
            set(key, v);
        }
    }
    set("LANG", "en_US.UTF-8".into());
    for (k, v) in &f.environment {
        match plain(v) {
            Some(s) => set(k, s),
            None => (opts.log)(LogLine {
                function: f.key.clone(),
                request_id: None,
                stream: Stream::Notice,
                text: format!(
                    "environment variable {k} is not a plain value ({}); it is not set locally",
                    short_json(v)
                ),
            }),
        }
    }
    for (k, v) in &opts.env {
        set(k, v.clone());
    }
    set("AWS_LAMBDA_FUNCTION_NAME", f.name.clone());
    set("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST".into());
    set("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", f.memory_size.to_string());
    set(
        "AWS_LAMBDA_LOG_GROUP_NAME",
        format!("/aws/lambda/{}", f.name),
    );
    set("AWS_REGION", service.region.clone());
    set("AWS_DEFAULT_REGION", service.region.clone());
    if family(&f.runtime) != Some(RuntimeFamily::Provided) {
        set("AWS_EXECUTION_ENV", format!("AWS_Lambda_{}", f.runtime));
    }
    set("LAMBDA_TASK_ROOT", service.dir.display().to_string());
    set("LAMBDA_RUNTIME_DIR", boot_dir.display().to_string());
    set("_HANDLER", handler.to_string());
    set("TZ", ":UTC".into());
    env
}

fn short_json(v: &Json) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_families() {
        let cases = [
            ("nodejs20.x", Some(RuntimeFamily::Node)),
            ("nodejs16.x", Some(RuntimeFamily::Node)),
            ("python3.11", Some(RuntimeFamily::Python)),
            ("provided.al2", Some(RuntimeFamily::Provided)),
            ("provided.al2023", Some(RuntimeFamily::Provided)),
            ("provided", Some(RuntimeFamily::Provided)),
            ("java17", None),
            ("providedx", None),
        ];
        for (rt, want) in cases {
            assert_eq!(family(rt), want, "{rt}");
        }
    }

    #[test]
    fn handler_files() {
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        std::fs::create_dir_all(d.join("src/pkg")).unwrap();
        for f in ["src/a.js", "b.mjs", "c.cjs", "src/pkg/mod.py", "top.py"] {
            std::fs::write(d.join(f), "").unwrap();
        }
        std::fs::write(d.join("src/pkg/__init__.py"), "").unwrap();
        for (h, ok) in [
            ("src/a.handler", true),
            ("b.handler", true),
            ("c.nested.fn", true),
            ("src/missing.handler", false),
            ("noexport", false),
        ] {
            assert_eq!(check_node_handler(d, h).is_ok(), ok, "{h}");
        }
        for (h, ok) in [
            ("top.handler", true),
            ("src.pkg.mod.handler", true),
            ("src/pkg/mod.handler", true),
            ("src.pkg.handler", true),
            ("missing.handler", false),
            ("nodot", false),
        ] {
            assert_eq!(check_python_handler(d, h).is_ok(), ok, "{h}");
        }
    }

    #[test]
    fn plain_values() {
        let cases = [
            (serde_json::json!("x"), Some("x")),
            (serde_json::json!(3), Some("3")),
            (serde_json::json!(1.5), Some("1.5")),
            (serde_json::json!(true), Some("true")),
            (serde_json::json!({"Ref": "Bucket"}), None),
            (serde_json::json!(null), None),
            (serde_json::json!([1]), None),
        ];
        for (v, want) in cases {
            assert_eq!(plain(&v).as_deref(), want, "{v}");
        }
    }
}
