//! The CORS preflight (`OPTIONS` MOCK) method of a path as Serverless Framework v3 compiles it:
//! the `cors` settings of every event on the path merged (unions of headers, methods and
//! origins in first-seen order, last `origin` / `maxAge` / `cacheControl`, credentials OR-ed),
//! the response header mappings, and the response template that echoes a matching `Origin`
//! when there are several origins.

use crate::ir::{Cors, Service};
use indexmap::IndexMap;

/// The compiled preflight of one path.
#[derive(Clone, Debug, PartialEq)]
pub struct Preflight {
    /// Response header → static mapping value, quoted (`'*'`), in compiled order.
    pub headers: Vec<(String, String)>,
    /// The `application/json` response template (empty unless `origins` or a comma-separated
    /// `origin` is written).
    pub template: String,
}

#[derive(Default)]
struct Merged {
    headers: Vec<String>,
    methods: Vec<String>,
    origins: Vec<String>,
    origin: Option<String>,
    allow_credentials: bool,
    max_age: Option<u64>,
    cache_control: Option<String>,
}

/// lodash `_.union(first, second)`: unique values, first-seen order.
fn union(first: &[String], second: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in first.iter().chain(second) {
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    out
}

fn merge<'a>(configs: impl Iterator<Item = &'a Cors>) -> Option<Merged> {
    let mut p: Option<Merged> = None;
    for c in configs {
        let p = p.get_or_insert_with(Merged::default);
        p.headers = union(&c.headers, &p.headers);
        p.methods = union(&c.methods, &p.methods);
        p.origins = union(&c.written_origins, &p.origins);
        p.origin = c.origin.clone();
        p.allow_credentials = p.allow_credentials || c.allow_credentials;
        if c.max_age.is_some_and(|m| m > 0) {
            p.max_age = c.max_age;
        }
        if c.cache_control.as_ref().is_some_and(|c| !c.is_empty()) {
            p.cache_control = c.cache_control.clone();
        }
    }
    p
}

/// The paths (IR form) that get a preflight: those with an event with `cors`, in first-seen
/// order, each with the `cors` settings of its events in order. One pass over the endpoints
/// (a large API has hundreds of such paths).
pub fn by_path(svc: &Service) -> IndexMap<&str, Vec<&Cors>> {
    let mut out: IndexMap<&str, Vec<&Cors>> = IndexMap::new();
    for e in &svc.endpoints {
        if let Some(c) = &e.cors {
            out.entry(e.path.as_str()).or_default().push(c);
        }
    }
    out
}

/// The preflight of `path` (IR form: no leading slash), when an event on it has `cors`.
pub fn preflight(svc: &Service, path: &str) -> Option<Preflight> {
    let configs: Vec<&Cors> = svc
        .endpoints
        .iter()
        .filter(|e| e.path == path)
        .filter_map(|e| e.cors.as_ref())
        .collect();
    of(&configs)
}

/// The preflight that merges `configs` (the `cors` settings of one path's events, in order);
/// `None` when there are none.
pub fn of(configs: &[&Cors]) -> Option<Preflight> {
    let config = merge(configs.iter().copied())?;
    let mut origin = config.origin.clone();
    let mut origins = config.origins.clone();
    if let Some(o) = origin.as_ref().filter(|o| o.contains(',')) {
        origins = o.split(',').map(|s| s.trim().to_owned()).collect();
    }
    if let Some(first) = origins.first() {
        origin = Some(first.clone());
    }
    let mut methods = config.methods.join(",");
    if config.methods.iter().any(|m| m == "ANY") {
        methods = methods.replacen("ANY", "DELETE,GET,HEAD,PATCH,POST,PUT", 1);
    }
    let mut headers: Vec<(String, String)> = vec![
        (
            "Access-Control-Allow-Origin".into(),
            format!("'{}'", origin.as_deref().unwrap_or("undefined")),
        ),
        (
            "Access-Control-Allow-Headers".into(),
            format!("'{}'", config.headers.join(",")),
        ),
        (
            "Access-Control-Allow-Methods".into(),
            format!("'{methods}'"),
        ),
    ];
    if config.allow_credentials {
        headers.push(("Access-Control-Allow-Credentials".into(), "'true'".into()));
    }
    if let Some(m) = config.max_age {
        headers.push(("Access-Control-Max-Age".into(), format!("'{m}'")));
    }
    if let Some(c) = &config.cache_control {
        headers.push(("Cache-Control".into(), format!("'{c}'")));
    }
    let template = if origins.is_empty() {
        String::new()
    } else {
        origin_template(&origins)
    };
    Some(Preflight { headers, template })
}

/// The VTL that echoes the request's `Origin` when it matches one of several origins (glob `*`
/// → `.+`, `.` → `[.]`).
fn origin_template(origins: &[String]) -> String {
    let tests: Vec<String> = origins
        .iter()
        .map(|o| {
            format!(
                "$origin.matches(\"{}\")",
                o.replace('.', "[.]").replacen('*', ".+", 1)
            )
        })
        .collect();
    format!(
        "#set($origin = $input.params(\"Origin\"))\n#if($origin == \"\") #set($origin = $input.params(\"origin\")) #end\n#if({}) #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin) #end",
        tests.join(" || ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_keeps_first_seen_order() {
        let a = vec!["OPTIONS".to_owned(), "POST".to_owned()];
        let b = vec!["OPTIONS".to_owned(), "GET".to_owned()];
        assert_eq!(union(&a, &b), vec!["OPTIONS", "POST", "GET"]);
    }

    #[test]
    fn several_origins_template() {
        let t = origin_template(&[
            "https://*.example.com".into(),
            "https://app.example.org".into(),
        ]);
        assert!(t.ends_with("#if($origin.matches(\"https://.+[.]example[.]com\") || $origin.matches(\"https://app[.]example[.]org\")) #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin) #end"));
    }
}
