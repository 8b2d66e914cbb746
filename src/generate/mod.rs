//! `slsc generate function NAME`: a handler stub and its test stub, written from handlebars
//! templates (Node.js CommonJS or ESM as the nearest `package.json` says, TypeScript when the
//! service has a `tsconfig.json`, Python), and the function added to `serverless.yml` by
//! editing its text at the loader's spans ([`yaml_edit`]), so every comment, blank line and
//! the file's own formatting stay as they were.

mod stubs;
pub mod yaml_edit;

use crate::diag::{Diagnostic, codes};
use crate::load::Node;
use crate::source::Span;
use std::path::{Path, PathBuf};

/// What to generate.
#[derive(Clone, Debug)]
pub struct Request {
    /// The function's key under `functions:`.
    pub name: String,
    /// `runtime:` (default: the provider's, else `nodejs20.x`).
    pub runtime: Option<String>,
    /// An `http` (REST API) event, or an `httpApi` one.
    pub route: Option<Route>,
    /// The folder of the handler, relative to the service (default `src/handlers`).
    pub handler_dir: Option<String>,
}

/// `GET /path` of an `http` or `httpApi` event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub method: String,
    pub path: String,
    /// REST API (`http`) rather than HTTP API (`httpApi`).
    pub rest: bool,
}

impl Route {
    /// `GET /users/{id}` (the method may be `ANY` or `*`).
    pub fn parse(text: &str, rest: bool) -> Result<Route, Diagnostic> {
        let flag = if rest { "--http" } else { "--http-api" };
        let bad = || {
            Diagnostic::error(
                codes::CLI_GENERATE,
                format!("{flag} `{text}` is not `METHOD /path`"),
            )
            .help(format!("for example {flag} 'GET /users/{{id}}'"))
        };
        let (method, path) = text.trim().split_once(' ').ok_or_else(bad)?;
        let method = method.trim().to_ascii_uppercase();
        let path = path.trim();
        let known = [
            "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY", "*",
        ];
        if !known.contains(&method.as_str()) || !path.starts_with('/') || path.contains(' ') {
            return Err(bad());
        }
        let method = if method == "*" {
            "ANY".to_string()
        } else {
            method
        };
        Ok(Route {
            method,
            path: path.to_string(),
            rest,
        })
    }
}

/// The files written and the configuration's new text.
#[derive(Debug)]
pub struct Plan {
    /// (path, content) of the stubs.
    pub files: Vec<(PathBuf, String)>,
    /// The configuration file's new text.
    pub config_text: String,
    /// Where the function was added (1-based line).
    pub line: usize,
}

/// What the service says that shapes the stubs.
pub struct ServiceFacts<'a> {
    pub dir: &'a Path,
    pub provider_runtime: Option<&'a str>,
    /// The configuration file's text and its loaded tree (spans into that text).
    pub config_text: &'a str,
    pub root: &'a Node,
}

/// Plans the stubs and the edit, or says why it cannot.
pub fn plan(facts: &ServiceFacts<'_>, req: &Request) -> Result<Plan, Diagnostic> {
    check_name(&req.name)?;
    if let Some(existing) = facts
        .root
        .get("functions")
        .and_then(Node::as_map)
        .and_then(|m| m.get(&req.name))
    {
        return Err(Diagnostic::error(
            codes::CLI_GENERATE,
            format!("the service already has a function `{}`", req.name),
        )
        .at(existing.key_span)
        .label("defined here")
        .help("choose another name, or edit this function"));
    }
    let runtime = req
        .runtime
        .clone()
        .or_else(|| facts.provider_runtime.map(str::to_string))
        .unwrap_or_else(|| "nodejs20.x".to_string());
    let dir = req
        .handler_dir
        .as_deref()
        .unwrap_or("src/handlers")
        .trim_matches('/')
        .to_string();
    if dir.split('/').any(|p| p == "..") || Path::new(&dir).is_absolute() {
        return Err(Diagnostic::error(
            codes::CLI_GENERATE,
            format!("--handler-dir `{dir}` is outside the service's folder"),
        )
        .help("give a folder inside the service, e.g. src/handlers"));
    }
    let stubs = stubs::render(facts.dir, &dir, &req.name, &runtime, req.route.as_ref())?;
    for (path, _) in &stubs.files {
        if path.exists() {
            return Err(Diagnostic::error(
                codes::CLI_GENERATE,
                format!("{} exists already", crate::source::display_name(path)),
            )
            .help(
                "slsc does not overwrite files: remove it, or choose another name or --handler-dir",
            ));
        }
    }
    let declared_runtime =
        (Some(runtime.as_str()) != facts.provider_runtime).then_some(runtime.as_str());
    let (config_text, line) = yaml_edit::add_function(
        facts.config_text,
        facts.root,
        &stubs.function_yaml(declared_runtime)?,
    )?;
    Ok(Plan {
        files: stubs.files,
        config_text,
        line,
    })
}

/// A function key SF and CloudFormation accept: a letter, then letters, digits, `-`, `_`.
fn check_name(name: &str) -> Result<(), Diagnostic> {
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64;
    if ok {
        Ok(())
    } else {
        Err(Diagnostic::error(
            codes::CLI_GENERATE,
            format!("`{name}` is not a function name slsc can generate"),
        )
        .help("a letter, then letters, digits, `-` or `_` (at most 64)"))
    }
}

/// A diagnostic at `span` saying the configuration cannot take the function there.
fn cannot_place(span: Span, why: &str, help: &str) -> Diagnostic {
    Diagnostic::error(
        codes::CLI_GENERATE,
        format!("cannot add the function: {why}"),
    )
    .at(span)
    .label("here")
    .help(help.to_string())
}

#[cfg(test)]
mod tests;
