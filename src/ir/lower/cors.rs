//! `cors:` of an `http` event → [`Cors`], expanded as SF v3's `getCors` does.

use super::LowerContext;
use super::shape::{bool_at, child, str_at, strings_at, u64_at, wrong};
use crate::ir::Cors;
use crate::load::{Node, Value};

/// SF v3's default `Access-Control-Allow-Headers` list.
pub const DEFAULT_HEADERS: &[&str] = &[
    "Content-Type",
    "X-Amz-Date",
    "Authorization",
    "X-Api-Key",
    "X-Amz-Security-Token",
    "X-Amz-User-Agent",
    "X-Amzn-Trace-Id",
];

/// `method` is the event's method, upper-case.
pub fn lower_cors(cx: &mut LowerContext, http: &Node, method: &str) -> Option<Cors> {
    let node = child(http, "cors")?;
    let default_headers = || DEFAULT_HEADERS.iter().map(|s| s.to_string()).collect();
    match &node.value {
        Value::Bool(false) => None,
        Value::Bool(true) => Some(Cors {
            origins: vec!["*".into()],
            origin: Some("*".into()),
            written_origins: Vec::new(),
            headers: default_headers(),
            methods: vec!["OPTIONS".into(), method.to_string()],
            allow_credentials: false,
            max_age: None,
            cache_control: None,
        }),
        Value::Map(_) => {
            let d = &mut cx.diags;
            let written_origins = strings_at(d, node, "origins");
            // `origin` defaults to '*' unless `origins` is written (then only a written one stays)
            let origin = match str_at(d, node, "origin") {
                Some(o) => Some(o),
                None if child(node, "origins").is_some() => None,
                None => Some("*".to_string()),
            };
            let origins = if !written_origins.is_empty() {
                written_origins.clone()
            } else {
                origin
                    .as_deref()
                    .map(|o| o.split(',').map(|s| s.trim().to_string()).collect())
                    .unwrap_or_default()
            };
            let headers = if child(node, "headers").is_some() {
                strings_at(d, node, "headers")
            } else {
                default_headers()
            };
            let mut methods = strings_at(d, node, "methods");
            for m in ["OPTIONS", method] {
                if !methods.iter().any(|x| x == m) {
                    methods.push(m.to_string());
                }
            }
            Some(Cors {
                origins,
                origin,
                written_origins,
                headers,
                methods,
                allow_credentials: bool_at(d, node, "allowCredentials").unwrap_or(false),
                max_age: u64_at(d, node, "maxAge").filter(|n| *n > 0),
                cache_control: str_at(d, node, "cacheControl"),
            })
        }
        _ => {
            wrong(&mut cx.diags, node, "cors", "true, false or a mapping");
            None
        }
    }
}
