//! CORS as configured on the HTTP API (`provider.httpApi.cors`) or on a function URL
//! (`url.cors`, [`Cors::for_function_url`]): the gateway (or the URL service) answers
//! preflights itself (an `OPTIONS` request with `Origin` and `Access-Control-Request-Method`),
//! whatever the routes, and stamps the CORS headers on other responses to an allowed origin,
//! dropping any the function set (a function URL drops only those it sets itself: its
//! configured headers "win over" the function's, as AWS's URL documentation puts it). A
//! request from an origin that is not allowed gets no CORS headers at all.
//!
//! Where AWS's documentation is silent: a preflight is answered 204 with no body (as other
//! emulators answer), also for an origin that is not allowed (then without CORS headers);
//! `allowOrigins` entries may hold `*` as a wildcard anywhere (`https://*` as documented,
//! `https://*.example.com` by extension); a configured `*` is sent back as `*`, any other
//! match as the request's origin.

use crate::emulate::gateway::proxy_response::Reply;
use crate::emulate::gateway::request::Incoming;
use crate::ir::HttpApiCors;
use bytes::Bytes;

/// The API's CORS settings.
#[derive(Clone, Debug)]
pub struct Cors {
    config: HttpApiCors,
    /// The function's own CORS headers stay unless the configuration sets the same one
    /// (function URLs); the HTTP API drops them all.
    keeps_function_headers: bool,
}

impl Cors {
    pub fn new(config: &HttpApiCors) -> Cors {
        Cors {
            config: config.clone(),
            keeps_function_headers: false,
        }
    }

    /// A function URL's CORS settings (their values as SF writes them: strings, a number of
    /// seconds; anything else is read as its JSON text).
    pub fn for_function_url(config: &crate::ir::function_url::UrlCors) -> Cors {
        let texts = |v: &Option<Vec<serde_json::Value>>| -> Vec<String> {
            v.as_deref().map(crate::ir::json_texts).unwrap_or_default()
        };
        Cors {
            config: HttpApiCors {
                allowed_origins: texts(&config.allowed_origins),
                allowed_headers: texts(&config.allowed_headers),
                allowed_methods: texts(&config.allowed_methods),
                allow_credentials: config.allow_credentials,
                exposed_response_headers: config
                    .exposed_response_headers
                    .as_ref()
                    .map(|_| texts(&config.exposed_response_headers)),
                max_age: config.max_age.as_ref().and_then(|m| {
                    m.as_i64()
                        .or_else(|| m.as_str().and_then(|s| s.trim().parse().ok()))
                }),
            },
            keeps_function_headers: true,
        }
    }

    /// Whether `req` is a preflight the gateway answers.
    pub fn is_preflight(req: &Incoming) -> bool {
        req.method == "OPTIONS"
            && req.header("origin").is_some()
            && req.header("access-control-request-method").is_some()
    }

    /// The value of `access-control-allow-origin` for `origin`, if it is allowed.
    fn allowed(&self, origin: &str) -> Option<String> {
        let origins = &self.config.allowed_origins;
        if origins.iter().any(|o| o == "*") {
            return Some("*".into());
        }
        origins
            .iter()
            .any(|o| glob(&o.to_ascii_lowercase(), &origin.to_ascii_lowercase()))
            .then(|| origin.to_string())
    }

    /// The gateway's answer to a preflight.
    pub fn preflight(&self, req: &Incoming) -> Reply {
        let mut headers = Vec::new();
        if let Some(allow) = req.header("origin").and_then(|o| self.allowed(o)) {
            let c = &self.config;
            headers.push(("access-control-allow-origin".to_string(), allow));
            if !c.allowed_methods.is_empty() {
                headers.push((
                    "access-control-allow-methods".into(),
                    c.allowed_methods.join(","),
                ));
            }
            let requested = req.header("access-control-request-headers");
            if c.allowed_headers.iter().any(|h| h == "*") {
                if let Some(r) = requested {
                    headers.push(("access-control-allow-headers".into(), r.to_string()));
                }
            } else if !c.allowed_headers.is_empty() {
                headers.push((
                    "access-control-allow-headers".into(),
                    c.allowed_headers.join(",").to_ascii_lowercase(),
                ));
            }
            if c.allow_credentials {
                headers.push(("access-control-allow-credentials".into(), "true".into()));
            }
            if let Some(age) = c.max_age {
                headers.push(("access-control-max-age".into(), age.to_string()));
            }
        }
        Reply {
            status: 204,
            headers,
            body: Bytes::new(),
        }
    }

    /// Replaces the function's CORS headers with the API's, for a request from an allowed
    /// origin; drops them for any other.
    pub fn stamp(&self, req: &Incoming, reply: &mut Reply) {
        let allow = req.header("origin").and_then(|o| self.allowed(o));
        if !self.keeps_function_headers {
            reply
                .headers
                .retain(|(k, _)| !k.to_ascii_lowercase().starts_with("access-control-"));
        } else if allow.is_some() {
            let exposes = self
                .config
                .exposed_response_headers
                .as_ref()
                .is_some_and(|e| !e.is_empty());
            let credentials = self.config.allow_credentials;
            reply.headers.retain(|(k, _)| {
                let k = k.to_ascii_lowercase();
                !(k == "access-control-allow-origin"
                    || (credentials && k == "access-control-allow-credentials")
                    || (exposes && k == "access-control-expose-headers"))
            });
        }
        let Some(allow) = allow else {
            return;
        };
        reply
            .headers
            .push(("access-control-allow-origin".into(), allow));
        if self.config.allow_credentials {
            reply
                .headers
                .push(("access-control-allow-credentials".into(), "true".into()));
        }
        if let Some(exposed) = self
            .config
            .exposed_response_headers
            .as_ref()
            .filter(|e| !e.is_empty())
        {
            reply
                .headers
                .push(("access-control-expose-headers".into(), exposed.join(",")));
        }
    }
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters.
fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for p in middle {
        match rest.find(p) {
            Some(i) => rest = &rest[i + p.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(method: &str, headers: &[(&str, &str)]) -> Incoming {
        crate::emulate::test_support::incoming(method, "/x", headers)
    }

    fn cors(origins: &[&str]) -> Cors {
        Cors::new(&HttpApiCors {
            allowed_origins: origins.iter().map(|s| s.to_string()).collect(),
            allowed_headers: vec!["Content-Type".into(), "Authorization".into()],
            allowed_methods: vec!["OPTIONS".into(), "GET".into()],
            allow_credentials: true,
            exposed_response_headers: Some(vec!["x-total".into()]),
            max_age: Some(600),
        })
    }

    #[test]
    fn origins_match_exactly_or_by_wildcard() {
        let c = cors(&["https://app.example.com", "http://*", "https://*.test.io"]);
        let cases = [
            ("https://app.example.com", true),
            ("https://APP.example.com", true),
            ("https://evil.com", false),
            ("http://anything:8080", true),
            ("https://a.test.io", true),
            ("https://test.io", false),
            ("https://app.example.com.evil", false),
        ];
        for (origin, ok) in cases {
            assert_eq!(c.allowed(origin).is_some(), ok, "{origin}");
        }
        assert_eq!(cors(&["*"]).allowed("https://x").as_deref(), Some("*"));
        assert!(glob("a*b*c", "aXbYc") && !glob("a*b*c", "aXbY") && glob("*", ""));
    }

    #[test]
    fn preflights_answer_for_allowed_origins_only() {
        let c = cors(&["https://app.example.com"]);
        let p = req(
            "OPTIONS",
            &[
                ("Origin", "https://app.example.com"),
                ("Access-Control-Request-Method", "GET"),
            ],
        );
        assert!(Cors::is_preflight(&p));
        let r = c.preflight(&p);
        assert_eq!(r.status, 204);
        assert_eq!(
            r.header("access-control-allow-origin"),
            Some("https://app.example.com")
        );
        assert_eq!(
            r.header("access-control-allow-methods"),
            Some("OPTIONS,GET")
        );
        assert_eq!(
            r.header("access-control-allow-headers"),
            Some("content-type,authorization")
        );
        assert_eq!(r.header("access-control-allow-credentials"), Some("true"));
        assert_eq!(r.header("access-control-max-age"), Some("600"));
        let other = req(
            "OPTIONS",
            &[
                ("Origin", "https://evil.com"),
                ("Access-Control-Request-Method", "GET"),
            ],
        );
        assert!(c.preflight(&other).headers.is_empty());
        assert!(!Cors::is_preflight(&req("OPTIONS", &[("Origin", "x")])));
    }

    #[test]
    fn responses_carry_the_api_s_headers_not_the_function_s() {
        let c = cors(&["https://app.example.com"]);
        let mut reply = Reply {
            status: 200,
            headers: vec![
                ("Access-Control-Allow-Origin".into(), "*".into()),
                ("x-own".into(), "1".into()),
            ],
            body: Bytes::new(),
        };
        c.stamp(
            &req("GET", &[("Origin", "https://app.example.com")]),
            &mut reply,
        );
        assert_eq!(
            reply.header("access-control-allow-origin"),
            Some("https://app.example.com")
        );
        assert_eq!(
            reply.header("access-control-expose-headers"),
            Some("x-total")
        );
        assert_eq!(reply.header("x-own"), Some("1"));
        let mut reply2 = reply.clone();
        c.stamp(&req("GET", &[("Origin", "https://evil.com")]), &mut reply2);
        assert_eq!(reply2.header("access-control-allow-origin"), None);
        let mut reply3 = reply.clone();
        c.stamp(&req("GET", &[]), &mut reply3);
        assert_eq!(reply3.header("access-control-allow-origin"), None);
    }
}
