//! `functions.<name>.url` → [`FunctionUrl`], with SF v3's CORS defaults (`compileFunctionUrl`):
//! `cors: true` (or any truthy value) allows every origin and method and the usual request
//! headers; a list given replaces its default (duplicates dropped, `_.uniq`), a list given as
//! `null` is left out.

use crate::ir::function_url::{DEFAULT_ALLOWED_HEADERS, FunctionUrl, UrlCors};
use crate::load::Node;
use serde_json::Value as Json;

/// The URL of the function `f`, when its `url` is truthy.
pub fn lower(f: &Node) -> Option<FunctionUrl> {
    let url = f.get("url").filter(|u| u.is_truthy())?;
    let setting = |key: &str| url.get(key);
    Some(FunctionUrl {
        aws_iam: setting("authorizer").and_then(Node::as_str) == Some("aws_iam"),
        cors: setting("cors").filter(|c| c.is_truthy()).map(cors),
        response_stream: setting("invokeMode").and_then(Node::as_str) == Some("RESPONSE_STREAM"),
    })
}

fn cors(c: &Node) -> UrlCors {
    let strings = |items: &[&str]| items.iter().map(|s| Json::from(*s)).collect::<Vec<_>>();
    UrlCors {
        allow_credentials: c.get("allowCredentials").is_some_and(Node::is_truthy),
        allowed_headers: list_or_default(c, "allowedHeaders", strings(DEFAULT_ALLOWED_HEADERS)),
        allowed_methods: list_or_default(c, "allowedMethods", strings(&["*"])),
        allowed_origins: list_or_default(c, "allowedOrigins", strings(&["*"])),
        exposed_response_headers: c
            .get("exposedResponseHeaders")
            .filter(|n| n.is_truthy())
            .map(unique),
        max_age: c.get("maxAge").filter(|n| !n.is_null()).map(Node::to_json),
    }
}

/// A truthy list replaces the default; `null` removes it; anything falsy keeps it.
fn list_or_default(c: &Node, key: &str, default: Vec<Json>) -> Option<Vec<Json>> {
    match c.get(key) {
        Some(n) if n.is_truthy() => Some(unique(n)),
        Some(n) if n.is_null() => None,
        _ => Some(default),
    }
}

/// `_.uniq` of a list (a single value stands for a one-item list, as ajv coerces it).
fn unique(n: &Node) -> Vec<Json> {
    let mut out: Vec<Json> = Vec::new();
    for item in super::shape::list_of(n) {
        let v = item.to_json();
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}
