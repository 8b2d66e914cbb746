//! `http` and `http-proxy`: the request goes to `request.uri` (its `{name}` placeholders filled
//! from the `integration.request.path.*` mappings, else the path parameters of the same name)
//! with the compiled method (the client's for `ANY`) and parameter mappings. `http-proxy` also
//! passes the client's query string, headers and body through and its response back as it
//! is; `http` sends only what is mapped and maps the response like `lambda` does, selecting
//! by status code. `http://` and `https://` upstreams (rustls, the system's root
//! certificates). An upstream that cannot be reached is API Gateway's `INTEGRATION_FAILURE`
//! (504 "Network error communicating with endpoint"); one too slow is `INTEGRATION_TIMEOUT`.
//! [`get`] is the same client for the emulator's own requests (JWT keys from an issuer).

use super::AdmittedRequest;
use super::context::Scope;
use super::mapping::{self, Integrated, Payload};
use crate::emulate::gateway::proxy_response::Reply;
use crate::emulate::gateway::request::Incoming;
use crate::emulate::gateway::responses::GatewayError;
use crate::emulate::gateway::{Outcome, error};
use crate::emulate::routes::Match;
use crate::ir::{HttpEndpoint, Integration};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper_rustls::{ConfigBuilderExt, HttpsConnectorBuilder};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use std::sync::{Arc, OnceLock};

/// Headers not forwarded in either direction (hop by hop, or recomputed).
const SKIPPED: [&str; 7] = [
    "host",
    "connection",
    "content-length",
    "transfer-encoding",
    "keep-alive",
    "upgrade",
    "te",
];

/// The request sent upstream.
#[derive(Debug, Default, PartialEq)]
pub struct Upstream {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Bytes,
}

pub async fn run(call: &AdmittedRequest<'_>) -> Outcome {
    let (gw, req, m, e) = (call.gateway, call.request, call.route, call.endpoint);
    let scope = Scope::of(call);
    let proxy = e.integration == Integration::HttpProxy;
    let (body, overrides) = if proxy {
        (req.body.clone(), Default::default())
    } else {
        match mapping::request_payload(e, req, &scope) {
            Ok(Payload::Rendered { body, overrides }) => (Bytes::from(body), *overrides),
            Ok(Payload::PassThrough) => (req.body.clone(), Default::default()),
            Err(answer) => return answer,
        }
    };
    let upstream = match build(req, m, e, &scope, body, &overrides) {
        Ok(u) => u,
        Err(why) => return error(GatewayError::InternalServerError, Some(why)),
    };
    let sent = tokio::time::timeout(gw.opts.integration_timeout, send(&upstream, None)).await;
    let (status, headers, body) = match sent {
        Err(_) => {
            return error(
                GatewayError::IntegrationTimeout,
                Some(format!(
                    "{} {} did not answer in time",
                    upstream.method, upstream.url
                )),
            );
        }
        Ok(Err(SendError::Config(why))) => {
            return error(
                GatewayError::InternalServerError,
                Some(format!(
                    "Execution failed due to configuration error: {} {}: {why}",
                    upstream.method, upstream.url
                )),
            );
        }
        Ok(Err(SendError::Network(why))) => {
            return error(
                GatewayError::IntegrationFailure,
                Some(format!(
                    "Execution failed due to a network error communicating with endpoint: {} {}: {why}",
                    upstream.method, upstream.url
                )),
            );
        }
        Ok(Ok(r)) => r,
    };
    if proxy {
        let headers = headers
            .into_iter()
            .filter(|(n, _)| !SKIPPED.contains(&n.to_ascii_lowercase().as_str()))
            .collect();
        return Outcome {
            reply: Reply {
                status,
                headers,
                body,
            },
            function: None,
            note: None,
        };
    }
    mapping::respond(
        e,
        req,
        &scope,
        Integrated {
            selector: Some(status.to_string()),
            body: String::from_utf8_lossy(&body).into_owned(),
            headers,
        },
    )
}

/// The upstream request for `req`.
pub fn build(
    req: &Incoming,
    m: &Match<'_>,
    e: &HttpEndpoint,
    scope: &Scope<'_>,
    body: Bytes,
    overrides: &slsc_vtl::Overrides,
) -> Result<Upstream, String> {
    let proxy = e.integration == Integration::HttpProxy;
    let uri = match &e.request.uri {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => return Err(format!("request.uri is not a plain URL: {other}")),
        None => return Err("the integration has no request.uri".into()),
    };
    // integration.request.<location>.<name> ← value
    let mut mapped: Vec<(&'static str, String, String)> = Vec::new();
    for (location, name, value) in e.request.parameters.iter() {
        let source = value
            .mapped_value
            .clone()
            .unwrap_or_else(|| format!("method.request.{location}.{name}"));
        if let Some(v) = source_value(&source, scope) {
            mapped.push((location, name.clone(), v));
        }
    }
    let mut push = |loc: &'static str, map: &indexmap::IndexMap<String, String>| {
        for (k, v) in map {
            mapped.retain(|(l, n, _)| !(*l == loc && n == k));
            mapped.push((loc, k.clone(), v.clone()));
        }
    };
    push("header", &overrides.request_headers);
    push("querystring", &overrides.request_querystring);
    push("path", &overrides.request_path);
    let value_of = |loc: &str, name: &str| {
        mapped
            .iter()
            .rev()
            .find(|(l, n, _)| *l == loc && n == name)
            .map(|(_, _, v)| v.clone())
    };
    let url = fill_placeholders(&uri, |name| {
        value_of("path", name).or_else(|| {
            m.params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })
    });
    let mut query: Vec<String> = Vec::new();
    if proxy && !req.raw_query.is_empty() {
        query.push(req.raw_query.clone());
    }
    for (l, n, v) in &mapped {
        if *l == "querystring" {
            query.push(format!("{}={}", encode(n, false), encode(v, false)));
        }
    }
    let url = match (query.is_empty(), url.contains('?')) {
        (true, _) => url,
        (false, true) => format!("{url}&{}", query.join("&")),
        (false, false) => format!("{url}?{}", query.join("&")),
    };
    let mut headers: Vec<(String, String)> = Vec::new();
    if proxy {
        headers.extend(
            req.headers
                .iter()
                .filter(|(n, _)| !SKIPPED.contains(&n.to_ascii_lowercase().as_str()))
                .cloned(),
        );
    } else if let Some(ct) = req.header("content-type").filter(|_| !body.is_empty()) {
        headers.push(("Content-Type".into(), ct.to_string()));
    }
    for (l, n, v) in &mapped {
        if *l == "header" {
            headers.retain(|(h, _)| !h.eq_ignore_ascii_case(n));
            headers.push((n.clone(), v.clone()));
        }
    }
    let method = e
        .request
        .method
        .as_deref()
        .unwrap_or(&e.method)
        .to_uppercase();
    let method = if method == "ANY" {
        req.method.clone()
    } else {
        method
    };
    Ok(Upstream {
        method,
        url,
        headers,
        body,
    })
}

/// The value of a request mapping source: `'literal'`, `method.request.<location>.<name>`,
/// `context.<path>`; `None` when it has no value.
fn source_value(source: &str, scope: &Scope<'_>) -> Option<String> {
    let s = source.trim();
    if let Some(lit) = s.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')) {
        return Some(lit.to_string());
    }
    if let Some(rest) = s.strip_prefix("method.request.") {
        let (location, name) = rest.split_once('.')?;
        let location = if location == "multivaluequerystring" {
            "querystring"
        } else {
            location
        };
        return scope.param(location, name).map(str::to_string);
    }
    if let Some(path) = s.strip_prefix("context.") {
        return scope.context_value(path);
    }
    None
}

/// Replaces `{name}` and `{name+}` in `uri` by their values, percent-encoded (`/` kept for
/// greedy values); unknown placeholders stay as written.
pub fn fill_placeholders(uri: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(uri.len());
    let mut rest = uri;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let raw = &after[..end];
        let name = raw.strip_suffix('+').unwrap_or(raw);
        match value(name) {
            Some(v) => out.push_str(&encode(&v, true)),
            None => {
                out.push('{');
                out.push_str(raw);
                out.push('}');
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Percent-encodes all but unreserved characters (and `/` when `keep_slash`).
pub fn encode(s: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Why an upstream request failed.
#[derive(Debug)]
enum SendError {
    /// The integration is set up wrong (bad URL, scheme, TLS setup): API Gateway's 500.
    Config(String),
    /// The endpoint could not be reached or broke the exchange: `INTEGRATION_FAILURE`.
    Network(String),
}

/// The TLS settings of every https upstream (ring, the system's roots; loaded once).
fn tls_config() -> Result<rustls::ClientConfig, String> {
    static CONFIG: OnceLock<Result<rustls::ClientConfig, String>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            Ok(rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .map_err(|e| e.to_string())?
                .with_native_roots()
                .map_err(|e| format!("no usable root certificates: {e}"))?
                .with_no_client_auth())
        })
        .clone()
}

/// The body of a `GET url` answered with 200, refused when it is longer than `max_body` bytes
/// (the caller bounds the time).
pub async fn get(url: &str, max_body: usize) -> Result<Bytes, String> {
    let upstream = Upstream {
        method: "GET".into(),
        url: url.to_string(),
        headers: vec![("Accept".into(), "application/json".into())],
        body: Bytes::new(),
    };
    let (status, _, body) = send(&upstream, Some(max_body)).await.map_err(|e| match e {
        SendError::Config(why) | SendError::Network(why) => why,
    })?;
    if status != 200 {
        return Err(format!("GET {url} answered {status}"));
    }
    Ok(body)
}

/// Sends the request; the status, headers and body that came back (a body longer than
/// `max_body`, when given, is a network error).
async fn send(
    u: &Upstream,
    max_body: Option<usize>,
) -> Result<(u16, Vec<(String, String)>, Bytes), SendError> {
    let mut builder = hyper::Request::builder()
        .method(u.method.as_str())
        .uri(&u.url);
    for (k, v) in &u.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    let request = builder
        .body(Full::new(u.body.clone()))
        .map_err(|e| SendError::Config(format!("invalid upstream request: {e}")))?;
    let executor = Client::builder(TokioExecutor::new());
    if u.url.starts_with("https://") {
        let config = tls_config().map_err(SendError::Config)?;
        let connector = HttpsConnectorBuilder::new()
            .with_tls_config(config)
            .https_only()
            .enable_http1()
            .build();
        exchange(executor.build(connector), request, max_body).await
    } else if u.url.starts_with("http://") {
        exchange(executor.build_http(), request, max_body).await
    } else {
        Err(SendError::Config(
            "the integration URI is neither http:// nor https://".into(),
        ))
    }
}

/// One request/response exchange over `client`.
async fn exchange<C>(
    client: Client<C, Full<Bytes>>,
    request: hyper::Request<Full<Bytes>>,
    max_body: Option<usize>,
) -> Result<(u16, Vec<(String, String)>, Bytes), SendError>
where
    C: hyper_util::client::legacy::connect::Connect + Clone + Send + Sync + 'static,
{
    let response = client.request(request).await.map_err(|e| classify(&e))?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let body = match max_body {
        None => response
            .into_body()
            .collect()
            .await
            .map_err(|e| SendError::Network(error_chain(&e)))?
            .to_bytes(),
        // Limited stops reading at the limit, so a huge body is never held whole
        Some(limit) => Limited::new(response.into_body(), limit)
            .collect()
            .await
            .map_err(|e| SendError::Network(format!("the body is refused: {e}")))?
            .to_bytes(),
    };
    Ok((status, headers, body))
}

/// A failed exchange: a TLS failure (certificate, handshake) is a configuration error on
/// API Gateway (500), anything else a network error (`INTEGRATION_FAILURE`).
fn classify(e: &(dyn std::error::Error + 'static)) -> SendError {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(c) = cause {
        let tls = c.is::<rustls::Error>()
            || c.downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .is_some_and(|inner| inner.is::<rustls::Error>());
        if tls {
            return SendError::Config(error_chain(e));
        }
        cause = c.source();
    }
    SendError::Network(error_chain(e))
}

/// An error and its sources, `: `-joined (hyper's own message is terse).
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{SendError, classify};

    #[test]
    fn tls_failures_are_configuration_errors_the_rest_network_errors() {
        let tls = std::io::Error::other(rustls::Error::General("bad certificate".into()));
        assert!(matches!(classify(&tls), SendError::Config(m) if m.contains("bad certificate")));
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert!(matches!(classify(&refused), SendError::Network(_)));
    }
}
