//! `slsc generate function NAME`: writes a handler stub and a test stub and adds the function
//! to `serverless.yml` (see [`crate::generate`]); the result is checked with the whole
//! pipeline, and nothing is left changed when it does not pass.

use super::Global;
use crate::generate::{self, Request, Route, ServiceFacts};
use crate::source::SourceMap;

#[derive(Clone, Debug, clap::Subcommand)]
pub enum What {
    /// A function: its handler and test stubs, and its entry in serverless.yml
    Function(FunctionOptions),
}

#[derive(Clone, Debug, clap::Args)]
pub struct FunctionOptions {
    /// The function's name (its key under `functions:`)
    pub name: String,
    /// Its runtime (default: the provider's, else nodejs20.x)
    #[arg(long)]
    pub runtime: Option<String>,
    /// A REST API event, `METHOD /path`
    #[arg(long, value_name = "'METHOD /path'", conflicts_with = "http_api")]
    pub http: Option<String>,
    /// An HTTP API event, `METHOD /path`
    #[arg(long = "http-api", value_name = "'METHOD /path'")]
    pub http_api: Option<String>,
    /// The handler's folder, relative to the service (default src/handlers)
    #[arg(long, value_name = "DIR")]
    pub handler_dir: Option<String>,
}

pub fn run(global: &Global, what: &What) -> u8 {
    let What::Function(opts) = what;
    let none = SourceMap::new();
    let route = match (&opts.http, &opts.http_api) {
        (Some(r), _) => Route::parse(r, true).map(Some),
        (None, Some(r)) => Route::parse(r, false).map(Some),
        (None, None) => Ok(None),
    };
    let route = match route {
        Ok(r) => r,
        Err(d) => return super::fail(d, &none, global.color),
    };
    // from an empty folder: a starter serverless.yml first
    let starter = match start_service(global, opts.runtime.as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let remove_starter = || {
        if let Some(p) = &starter {
            let _ = std::fs::remove_file(p);
        }
    };
    // the service must be sound before it is edited
    let (service, _) = match super::load_service(global, "generate") {
        Ok(s) => s,
        Err(code) => return code,
    };
    let mut session = crate::pipeline::Session::default();
    let input = global.pipeline_input();
    let config = match crate::pipeline::find_config(&input) {
        Ok(c) => c,
        Err(d) => return super::fail(d, &none, global.color),
    };
    let text = match std::fs::read_to_string(&config) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", config.display());
            return 1;
        }
    };
    let root = match crate::load::load_bytes(&config, text.as_bytes(), &mut session.sources) {
        Ok(l) => l.root,
        Err(d) => return super::fail(d, &session.sources, global.color),
    };
    let provider_runtime = root
        .get("provider")
        .and_then(|p| p.get("runtime"))
        .and_then(crate::load::Node::as_str)
        .map(str::to_string);
    let facts = ServiceFacts {
        dir: &service.dir,
        provider_runtime: provider_runtime.as_deref(),
        config_text: &text,
        root: &root,
    };
    let req = Request {
        name: opts.name.clone(),
        runtime: opts.runtime.clone(),
        route,
        handler_dir: opts.handler_dir.clone(),
    };
    let plan = match generate::plan(&facts, &req) {
        Ok(p) => p,
        Err(d) => {
            remove_starter();
            return super::fail(d, &session.sources, global.color);
        }
    };
    if let Err(e) = write_all(&config, &plan) {
        eprintln!("error: {e}");
        undo(&config, &text, &plan);
        remove_starter();
        return 1;
    }
    // the edited service must pass every check, or nothing stays changed
    if super::load_service(global, "generate").is_err() {
        eprintln!(
            "error: the service with `{}` added does not pass its checks; nothing was changed",
            opts.name
        );
        undo(&config, &text, &plan);
        remove_starter();
        return 1;
    }
    let config_name = crate::source::display_name(&config);
    if starter.is_some() {
        println!("created {config_name}");
    }
    for (path, _) in &plan.files {
        println!("created {}", crate::source::display_name(path));
    }
    println!(
        "added function `{}` to {config_name} (line {})",
        opts.name, plan.line
    );
    0
}

/// When there is no configuration (and none was named with -c), writes a starter
/// `serverless.yml` in the current folder, named after it; its path, to remove on failure.
fn start_service(
    global: &Global,
    runtime: Option<&str>,
) -> Result<Option<std::path::PathBuf>, String> {
    let input = global.pipeline_input();
    if global.config.is_some() || crate::pipeline::find_config(&input).is_ok() {
        return Ok(None);
    }
    let folder = input
        .cwd
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut name: String = folder
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    name = name.trim_matches('-').to_string();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name = format!("svc-{name}").trim_end_matches('-').to_string();
    }
    let runtime = runtime.unwrap_or("nodejs20.x");
    let text = format!(
        "service: {name}\nframeworkVersion: \"3\"\n\nprovider:\n  name: aws\n  runtime: {runtime}\n"
    );
    let path = input.cwd.join("serverless.yml");
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(Some(path))
}

fn write_all(config: &std::path::Path, plan: &generate::Plan) -> Result<(), String> {
    for (path, content) in &plan.files {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        // create_new: a file that appeared since the plan was made is not overwritten
        use std::io::Write;
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut f| f.write_all(content.as_bytes()))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let tmp = config.with_extension(format!("yml.tmp{}", crate::common::ids::random_u64()));
    std::fs::write(&tmp, &plan.config_text)
        .and_then(|()| std::fs::rename(&tmp, config))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("cannot write {}: {e}", config.display())
        })
}

fn undo(config: &std::path::Path, original: &str, plan: &generate::Plan) {
    for (path, content) in &plan.files {
        if std::fs::read_to_string(path).is_ok_and(|t| t == *content) {
            let _ = std::fs::remove_file(path);
        }
    }
    if std::fs::read_to_string(config).is_ok_and(|t| t == plan.config_text) {
        let _ = std::fs::write(config, original);
    }
}
