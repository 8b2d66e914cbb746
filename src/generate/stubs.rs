//! The stubs' text: which templates fit the service (Node.js CommonJS or ESM, TypeScript,
//! Python), rendered with handlebars, and the function's YAML block.

use super::Route;
use crate::diag::{Diagnostic, codes};
use handlebars::Handlebars;
use serde_json::json;
use std::path::{Path, PathBuf};

const NODE_CJS: &str = include_str!("templates/node-cjs.js.hbs");
const NODE_ESM: &str = include_str!("templates/node-esm.js.hbs");
const TYPESCRIPT: &str = include_str!("templates/typescript.ts.hbs");
const PYTHON: &str = include_str!("templates/python.py.hbs");
const NODE_CJS_TEST: &str = include_str!("templates/node-cjs.test.js.hbs");
const NODE_ESM_TEST: &str = include_str!("templates/node-esm.test.js.hbs");
const TYPESCRIPT_TEST: &str = include_str!("templates/typescript.test.ts.hbs");
const PYTHON_TEST: &str = include_str!("templates/python.test.py.hbs");
const FUNCTION_YAML: &str = include_str!("templates/function.yml.hbs");

/// The rendered stubs, and what the function's YAML block needs.
pub struct Stubs {
    pub files: Vec<(PathBuf, String)>,
    context: serde_json::Value,
}

impl Stubs {
    /// The function's block (unindented, two spaces a level), with `runtime:` when given.
    pub fn function_yaml(&self, runtime: Option<&str>) -> Result<String, Diagnostic> {
        let mut ctx = self.context.clone();
        if let Some(o) = ctx.as_object_mut() {
            o.insert("runtime".into(), json!(runtime));
            o.insert("i".into(), json!("  "));
        }
        render_one(FUNCTION_YAML, &ctx)
    }
}

/// The kind of stubs a runtime and the service call for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flavor {
    NodeCommonJs,
    NodeEsm,
    TypeScript,
    Python,
}

fn flavor(service_dir: &Path, handler_dir: &Path, runtime: &str) -> Result<Flavor, Diagnostic> {
    if runtime.starts_with("python3") {
        return Ok(Flavor::Python);
    }
    if !runtime.starts_with("nodejs") {
        return Err(Diagnostic::error(
            codes::CLI_GENERATE,
            format!("slsc generates Node.js and Python functions, not `{runtime}`"),
        )
        .help("--runtime nodejs20.x, nodejs22.x, python3.12, ..."));
    }
    if service_dir.join("tsconfig.json").is_file() {
        return Ok(Flavor::TypeScript);
    }
    Ok(if package_type_module(handler_dir) {
        Flavor::NodeEsm
    } else {
        Flavor::NodeCommonJs
    })
}

/// Whether the `package.json` nearest to `dir` (looking up through the service's folder and
/// past it, as Node does) says `"type": "module"`.
fn package_type_module(dir: &Path) -> bool {
    let mut at = Some(dir.to_path_buf());
    // the handler folder may not exist yet: its ancestors are looked at all the same
    while let Some(d) = at {
        let pj = d.join("package.json");
        if pj.is_file() {
            return std::fs::read_to_string(&pj)
                .ok()
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
                .is_some_and(|v| v["type"] == "module");
        }
        if d.file_name().is_some_and(|n| n == "node_modules") {
            return false;
        }
        at = d.parent().map(Path::to_path_buf);
    }
    false
}

fn render_one(template: &str, ctx: &serde_json::Value) -> Result<String, Diagnostic> {
    let mut hb = Handlebars::new();
    hb.register_escape_fn(handlebars::no_escape);
    hb.set_strict_mode(false);
    hb.render_template(template, ctx).map_err(|e| {
        Diagnostic::error(codes::CLI_GENERATE, format!("a template failed: {e}"))
            .help("this is a bug in slsc: please report it")
    })
}

/// `my-func` → `MyFunc` (a Python class name).
fn pascal(name: &str) -> String {
    name.split(['-', '_'])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Renders the stubs of function `name` in `handler_dir` (relative to the service).
pub fn render(
    service_dir: &Path,
    handler_dir: &str,
    name: &str,
    runtime: &str,
    route: Option<&Route>,
) -> Result<Stubs, Diagnostic> {
    let abs_dir = service_dir.join(handler_dir);
    let flavor = flavor(service_dir, &abs_dir, runtime)?;
    // a Python module is an identifier; a Node.js file keeps the name
    let stem = match flavor {
        Flavor::Python => name.replace('-', "_"),
        _ => name.to_string(),
    };
    let (ext, test_file) = match flavor {
        Flavor::NodeCommonJs | Flavor::NodeEsm => ("js", format!("{stem}.test.js")),
        Flavor::TypeScript => ("ts", format!("{stem}.test.ts")),
        Flavor::Python => ("py", format!("test_{stem}.py")),
    };
    let rel = |f: &str| {
        if handler_dir.is_empty() {
            f.to_string()
        } else {
            format!("{handler_dir}/{f}")
        }
    };
    let module_file = format!("{stem}.{ext}");
    let handler = rel(&format!("{stem}.handler"));
    let route_ctx = route.map(|r| {
        json!({
            "method": r.method,
            "methodLower": r.method.to_ascii_lowercase(),
            "path": r.path,
            "rest": r.rest,
            // REST events carry `path`, HTTP API (payload 2.0) ones `rawPath`
            "pathField": if r.rest { "path" } else { "rawPath" },
        })
    });
    let ctx = json!({
        "name": name,
        "module": stem,
        "moduleFile": module_file,
        "className": pascal(name),
        "handler": handler,
        "testPath": rel(&test_file),
        "route": route_ctx,
    });
    let (code, test) = match flavor {
        Flavor::NodeCommonJs => (NODE_CJS, NODE_CJS_TEST),
        Flavor::NodeEsm => (NODE_ESM, NODE_ESM_TEST),
        Flavor::TypeScript => (TYPESCRIPT, TYPESCRIPT_TEST),
        Flavor::Python => (PYTHON, PYTHON_TEST),
    };
    let files = vec![
        (abs_dir.join(&module_file), render_one(code, &ctx)?),
        (abs_dir.join(&test_file), render_one(test, &ctx)?),
    ];
    Ok(Stubs {
        files,
        context: ctx,
    })
}
