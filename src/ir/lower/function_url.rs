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

#[cfg(test)]
mod tests {
    use crate::ir::lower::tests::svc;
    use serde_json::json;

    fn url_of(url: &str) -> Option<crate::ir::function_url::FunctionUrl> {
        let s = svc(&format!(
            "service: demo\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.f\n    url:{url}\n"
        ));
        s.functions[0].url.clone()
    }

    #[test]
    fn cors_defaults_are_replaced_dropped_or_kept() {
        let url = url_of(" \n      cors:\n        allowedOrigins: [a, a, b]\n        allowedHeaders: null\n        allowCredentials: false\n").unwrap();
        let cors = url.cors.unwrap();
        assert_eq!(cors.allowed_origins, Some(vec![json!("a"), json!("b")]));
        assert_eq!(cors.allowed_headers, None);
        assert_eq!(cors.allowed_methods, Some(vec![json!("*")]));
        assert!(!cors.allow_credentials);
        assert_eq!(cors.max_age, None);
        assert!(!url.aws_iam);
    }

    #[test]
    fn a_falsy_url_is_none() {
        assert!(url_of(" false").is_none());
        let url = url_of(" true").unwrap();
        assert!(url.cors.is_none() && !url.response_stream);
    }
}
