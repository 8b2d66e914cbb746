//! Every fixture service validates with zero findings. Variables are resolved by a small
//! stand-in for the real resolver (options and env from the fixture's `regen.env`, `self:`,
//! `sls:`, `aws:region`, `param:`, `file()`, literal fallbacks): enough for these services.

use super::*;
use crate::diag::render;
use crate::load::{Value as Y, load_bytes, load_file};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

struct FixtureContext {
    dir: PathBuf,
    opts: HashMap<String, String>,
    env: HashMap<String, String>,
    params: HashMap<String, String>,
    root: serde_json::Value,
}

fn settings(
    dir: &Path,
) -> (
    HashMap<String, String>,
    HashMap<String, String>,
    HashMap<String, String>,
) {
    let mut opts: HashMap<String, String> = HashMap::new();
    let mut env: HashMap<String, String> = HashMap::new();
    let mut params: HashMap<String, String> = HashMap::new();
    let text = std::fs::read_to_string(dir.join("regen.env")).unwrap_or_default();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        match k {
            "env" | "param" => {
                if let Some((a, b)) = v.split_once('=') {
                    let map = if k == "env" { &mut env } else { &mut params };
                    map.insert(a.into(), b.into());
                }
            }
            "print" => {}
            _ => {
                opts.insert(k.into(), v.into());
            }
        }
    }
    (opts, env, params)
}

impl FixtureContext {
    fn stage(&self) -> String {
        self.opts
            .get("stage")
            .cloned()
            .unwrap_or_else(|| "dev".into())
    }

    fn source(&self, expr: &str) -> Option<serde_json::Value> {
        let expr = expr.trim();
        if let Some(s) = expr.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
            return Some(s.into());
        }
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(expr) {
            return (!v.is_null()).then_some(v);
        }
        let (kind, addr) = expr.split_once(':').unwrap_or((expr, ""));
        match kind {
            "opt" => self.opts.get(addr).map(|s| s.as_str().into()),
            "env" => self.env.get(addr).map(|s| s.as_str().into()),
            "sls" if addr == "stage" => Some(self.stage().into()),
            "aws" if addr == "region" => {
                Some(self.opts.get("region").map_or("us-east-1", |s| s).into())
            }
            "self" => {
                let p = format!("/{}", addr.replace('.', "/"));
                self.root.pointer(&p).cloned().map(|v| self.resolve(v))
            }
            "param" => self
                .params
                .get(addr)
                .map(|s| s.as_str().into())
                .or_else(|| {
                    let stage = self.stage();
                    [stage.as_str(), "default"]
                        .iter()
                        .find_map(|s| self.root.pointer(&format!("/params/{s}/{addr}")).cloned())
                        .map(|v| self.resolve(v))
                }),
            k if k.starts_with("file(") => {
                let (file, rest) = expr.strip_prefix("file(")?.split_once(')')?;
                let mut sm = SourceMap::new();
                let v = load_file(&self.dir.join(file), &mut sm)
                    .ok()?
                    .root
                    .to_json();
                let addr = rest.strip_prefix(':').unwrap_or("");
                let p = if addr.is_empty() {
                    String::new()
                } else {
                    format!("/{}", addr.replace('.', "/"))
                };
                v.pointer(&p).cloned()
            }
            _ => None,
        }
    }

    fn expr(&self, body: &str) -> serde_json::Value {
        body.split(", ")
            .find_map(|alt| self.source(alt))
            .unwrap_or(serde_json::Value::Null)
    }

    fn resolve(&self, v: serde_json::Value) -> serde_json::Value {
        use serde_json::Value as J;
        match v {
            J::String(mut s) => loop {
                let Some(start) = s.rfind("${") else {
                    return J::String(s);
                };
                let Some(len) = s[start..].find('}') else {
                    return J::String(s);
                };
                let body = &s[start + 2..start + len];
                if body.starts_with("AWS::") || !body.contains(':') && !body.contains('(') {
                    return J::String(s);
                }
                let value = self.expr(body);
                if start == 0 && len + 1 == s.len() {
                    return self.resolve(value);
                }
                let text = match value {
                    J::String(t) => t,
                    other => other.to_string(),
                };
                s.replace_range(start..start + len + 1, &text);
            },
            J::Array(a) => J::Array(a.into_iter().map(|v| self.resolve(v)).collect()),
            J::Object(o) => J::Object(o.into_iter().map(|(k, v)| (k, self.resolve(v))).collect()),
            other => other,
        }
    }
}

/// Rebuilds the spanned tree with resolved values, keeping spans where the shape is unchanged.
fn rebuild(node: &Node, value: &serde_json::Value) -> Node {
    match (&node.value, value) {
        (Y::Map(m), serde_json::Value::Object(o)) => {
            let mut out = m.clone();
            for (k, e) in out.iter_mut() {
                if let Some(v) = o.get(k) {
                    e.value = rebuild(&e.value, v);
                }
            }
            Node::new(Y::Map(out), node.span)
        }
        (Y::Seq(items), serde_json::Value::Array(a)) if items.len() == a.len() => Node::new(
            Y::Seq(items.iter().zip(a).map(|(n, v)| rebuild(n, v)).collect()),
            node.span,
        ),
        _ if node.to_json() == *value => node.clone(),
        _ => Node::from_json(value, node.span),
    }
}

#[test]
fn every_fixture_validates_clean() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&base)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("serverless.yml").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 18, "fixtures missing: {dirs:?}");
    let mut failures = Vec::new();
    for dir in dirs {
        let mut sm = SourceMap::new();
        let text = std::fs::read(dir.join("serverless.yml")).unwrap();
        let loaded = load_bytes(&dir.join("serverless.yml"), &text, &mut sm).unwrap();
        let (opts, env, params) = settings(&dir);
        let json = loaded.root.to_json();
        let ctx = FixtureContext {
            dir: dir.clone(),
            opts,
            env,
            params,
            root: json.clone(),
        };
        let resolved = rebuild(&loaded.root, &ctx.resolve(json));
        if let Err(e) = serde_json::from_value::<crate::config::Config>(resolved.to_json()) {
            failures.push(format!(
                "{}: does not deserialize into config::Config: {e}",
                dir.display()
            ));
        }
        let d = validate(&resolved, &sm);
        failures.extend(d.iter().map(|d| render::short(d, &sm)));
    }
    // the findings SF v3 itself reports for these services (each fixture says so, and keeps
    // `configValidationMode: warn` so SF still compiles it)
    let expected = [
        "fixtures/http-api-examples/serverless.yml:54:14: warning[schema::enum]: functions.time.runtime: \"nodejs12.x\" is not one of dotnet6, go1.x, java21, java17, java11, java8, java8.al2, nodejs14.x, nodejs16.x, nodejs18.x, nodejs20.x, provided, provided.al2, provided.al2023, python3.7, python3.8, python3.9, python3.10, python3.11, ruby2.7, ruby3.2",
        "fixtures/http-paths/serverless.yml:29:15: warning[schema::pattern]: functions.users-index.events[0].http: \"GET users/index\" is not a valid `METHOD /path` shorthand",
    ];
    assert_eq!(failures, expected, "{}", failures.join("\n"));
}

#[test]
fn the_stand_in_resolver_resolves() {
    let text = "service: s\ncustom:\n  a: ${opt:stage, 'dev'}\n  b: x-${self:custom.a}\n";
    let mut sm = SourceMap::new();
    let root = load_bytes(Path::new("s.yml"), text.as_bytes(), &mut sm)
        .unwrap()
        .root;
    let ctx = FixtureContext {
        dir: ".".into(),
        opts: HashMap::new(),
        env: HashMap::new(),
        params: HashMap::new(),
        root: root.to_json(),
    };
    let r = ctx.resolve(root.to_json());
    assert_eq!(r["custom"]["a"], "dev");
    assert_eq!(r["custom"]["b"], "x-dev");
}
