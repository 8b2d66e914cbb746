//! The mapping half of non-proxy integrations (`lambda`, `http`, `mock`), as API Gateway runs
//! the compiled method: the request template chosen by Content-Type under the pass-through
//! behaviour (or the body passed through, or 415), and on the way back the integration
//! response chosen by selection pattern, its response template chosen by `Accept`, its header
//! mappings, and the `$context.responseOverride` the template set.

use super::context::Scope;
use crate::emulate::gateway::proxy_response::Reply;
use crate::emulate::gateway::request::{Incoming, media_type};
use crate::emulate::gateway::responses::GatewayError;
use crate::emulate::gateway::{Outcome, error};
use crate::ir::HttpEndpoint;
use crate::ir::method::{self, IntegrationResponse};
use bytes::Bytes;
use indexmap::IndexMap;
use serde_json::Value;
use slsc_vtl::{self as vtl, Template, jregex};

/// What the compiled method says about mapping, worked out once per endpoint (the gateway
/// keeps one per non-proxy endpoint) instead of on every request.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Request templates by Content-Type.
    pub request_templates: IndexMap<String, String>,
    /// `NEVER`, `WHEN_NO_MATCH` or `WHEN_NO_TEMPLATES`.
    pub pass_through: String,
    /// The integration responses, in API Gateway's order.
    pub responses: Vec<IntegrationResponse>,
}

impl Prepared {
    pub fn of(e: &HttpEndpoint) -> Prepared {
        Prepared {
            request_templates: method::request_templates(e),
            pass_through: method::pass_through(e),
            responses: method::integration_responses(e),
        }
    }
}

/// No template for the request's media type, and the pass-through behaviour refuses it.
#[derive(Debug, PartialEq, Eq)]
pub struct Unsupported;

/// What reaches the integration as its request body.
#[derive(Debug)]
pub enum Payload {
    /// A request template matched the Content-Type: its output and the overrides it set.
    Rendered {
        body: String,
        overrides: Box<vtl::Overrides>,
    },
    /// No template applied and the pass-through behaviour lets the raw body through.
    PassThrough,
}

/// The template for a request with `content_type` among `templates`, or what the
/// pass-through behaviour says when none matches: `Ok(None)` to pass the body through,
/// `Err(Unsupported)` for 415.
pub fn choose_request_template<'t>(
    templates: &'t IndexMap<String, String>,
    pass_through: &str,
    content_type: &str,
) -> Result<Option<&'t str>, Unsupported> {
    if let Some((_, t)) = templates
        .iter()
        .find(|(ct, _)| ct.eq_ignore_ascii_case(content_type))
    {
        return Ok(Some(t.as_str()));
    }
    match pass_through {
        "WHEN_NO_MATCH" => Ok(None),
        "WHEN_NO_TEMPLATES" if templates.is_empty() => Ok(None),
        _ => Err(Unsupported),
    }
}

/// Renders the request template of `e` for `req`, or answers (415, or 500 on a broken
/// template).
pub fn request_payload(
    e: &HttpEndpoint,
    req: &Incoming,
    scope: &Scope<'_>,
) -> Result<Payload, Outcome> {
    let prepared = scope.mapping(e);
    let content_type = req
        .content_type()
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "application/json".into());
    let chosen = choose_request_template(
        &prepared.request_templates,
        &prepared.pass_through,
        &content_type,
    )
    .map_err(|Unsupported| {
        error(
            GatewayError::UnsupportedMediaType,
            Some(format!(
                "no request template for Content-Type `{content_type}` and passThrough {}",
                prepared.pass_through
            )),
        )
    })?;
    let Some(source) = chosen else {
        return Ok(Payload::PassThrough);
    };
    let raw = String::from_utf8_lossy(&req.body);
    let rendered = render(source, scope, &raw, "request template")?;
    Ok(Payload::Rendered {
        body: rendered.output,
        overrides: Box::new(rendered.overrides),
    })
}

/// The parsed template for `source`, parsed once per distinct text (templates come from the
/// configuration, so the set is small and fixed).
fn parsed(source: &str) -> Result<Template, vtl::VtlError> {
    use std::collections::HashMap;
    use std::sync::{OnceLock, RwLock};
    static CACHE: OnceLock<RwLock<HashMap<String, Template>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(t) = cache.read().ok().and_then(|c| c.get(source).cloned()) {
        return Ok(t);
    }
    let t = Template::parse(source)?;
    if let Ok(mut c) = cache.write() {
        c.insert(source.to_string(), t.clone());
    }
    Ok(t)
}

/// Parses and renders a template; a failure is API Gateway's 500 with the reason logged, but
/// a body that `$input.json` / `$input.path` cannot parse is the client's 400.
pub fn render(
    source: &str,
    scope: &Scope<'_>,
    body: &str,
    what: &str,
) -> Result<vtl::Rendered, Outcome> {
    parsed(source)
        .and_then(|t| scope.render(&t, body))
        .map_err(|err| {
            if err.message.starts_with(UNPARSABLE) {
                let body = serde_json::json!({ "message": err.message }).to_string();
                return Outcome {
                    reply: Reply {
                        status: 400,
                        headers: vec![
                            ("Content-Type".into(), "application/json".into()),
                            ("x-amzn-ErrorType".into(), "BadRequestException".into()),
                        ],
                        body: Bytes::from(body),
                    },
                    function: None,
                    note: Some(format!("the {what} could not parse the body")),
                };
            }
            error(
                GatewayError::InternalServerError,
                Some(format!("Execution failed: the {what} failed: {err}")),
            )
        })
}

/// How API Gateway's message starts when a template reads a body that is not JSON.
const UNPARSABLE: &str = "Could not parse request body into json";

/// What came back from the integration.
#[derive(Debug, Default)]
pub struct Integrated {
    /// What selection patterns are matched against (a Lambda error's `errorMessage`, an HTTP
    /// or mock status code); `None` selects the default response (a Lambda success).
    pub selector: Option<String>,
    pub body: String,
    /// The integration response's headers (HTTP integrations).
    pub headers: Vec<(String, String)>,
}

/// The integration response for `selector`: the first whose pattern matches the whole text,
/// else the default one (`pattern: ''`).
pub fn select<'r>(
    responses: &'r [IntegrationResponse],
    selector: Option<&str>,
) -> Option<&'r IntegrationResponse> {
    if let Some(s) = selector {
        let hit = responses.iter().find(|r| {
            !r.pattern.is_empty() && selection_regex(&r.pattern).is_some_and(|re| re.is_match(s))
        });
        if hit.is_some() {
            return hit;
        }
    }
    responses.iter().find(|r| r.pattern.is_empty())
}

/// The whole-string regex of a selection pattern, compiled once per distinct pattern (they
/// come from the configuration); `None` for a pattern that does not compile.
fn selection_regex(pattern: &str) -> Option<regex::Regex> {
    use std::collections::HashMap;
    use std::sync::{OnceLock, RwLock};
    static CACHE: OnceLock<RwLock<HashMap<String, Option<regex::Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(hit) = cache.read().ok().and_then(|c| c.get(pattern).cloned()) {
        return hit;
    }
    let re = jregex::compile_whole(pattern).ok();
    if let Ok(mut c) = cache.write() {
        c.insert(pattern.to_string(), re.clone());
    }
    re
}

/// The response template for the request's `Accept` (its first media type), else the
/// `application/json` one; `None` passes the integration's body through.
pub fn choose_response_template<'t>(
    templates: &'t IndexMap<String, String>,
    accept: Option<&str>,
) -> Option<(&'t str, &'t str)> {
    let wanted = accept
        .and_then(|a| a.split(',').next())
        .map(media_type)
        .unwrap_or_default();
    let find = |ct: &str| {
        templates
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(ct))
            .map(|(k, v)| (k.as_str(), v.as_str()))
    };
    find(&wanted).or_else(|| find("application/json"))
}

/// Maps the integration's result to the method response of `e`.
pub fn respond(e: &HttpEndpoint, req: &Incoming, scope: &Scope<'_>, result: Integrated) -> Outcome {
    respond_with(&scope.mapping(e).responses, req, scope, result)
}

/// Maps the integration's result through `responses`.
pub fn respond_with(
    responses: &[IntegrationResponse],
    req: &Incoming,
    scope: &Scope<'_>,
    result: Integrated,
) -> Outcome {
    let Some(chosen) = select(responses, result.selector.as_deref()) else {
        return error(
            GatewayError::InternalServerError,
            Some(format!(
                "Execution failed due to configuration error: No match for output mapping and no default output mapping configured (selection on {:?})",
                result.selector.as_deref().unwrap_or("")
            )),
        );
    };
    let (content_type, body, overrides) =
        match choose_response_template(&chosen.templates, req.header("accept")) {
            Some((ct, source)) => match render(source, scope, &result.body, "response template") {
                Ok(r) => (ct.to_string(), r.output, r.overrides),
                Err(answer) => return answer,
            },
            None => (
                "application/json".to_string(),
                result.body.clone(),
                vtl::Overrides::default(),
            ),
        };
    let mut headers: Vec<(String, String)> = vec![("Content-Type".into(), content_type)];
    let mut set = |name: &str, value: String| match headers
        .iter_mut()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
    {
        Some(slot) => slot.1 = value,
        None => headers.push((name.to_string(), value)),
    };
    for (name, expr) in &chosen.headers {
        if let Some(v) = mapped_value(expr, &result, scope) {
            set(name, v);
        }
    }
    for (name, v) in &overrides.response_headers {
        set(name, v.clone());
    }
    let status = overrides
        .status
        .as_deref()
        .and_then(|s| s.trim().parse::<u16>().ok())
        .filter(|s| (100..=599).contains(s))
        .or_else(|| chosen.status.parse().ok())
        .unwrap_or(200);
    Outcome {
        reply: Reply {
            status,
            headers,
            body: Bytes::from(body),
        },
        function: None,
        note: None,
    }
}

/// The value of a response header mapping: `'literal'`, `integration.response.header.X`,
/// `integration.response.multivalueheader.X`, `integration.response.body[.path]`,
/// `context.x`; anything else is taken literally (SF writes an unquoted `true`).
pub fn mapped_value(expr: &str, result: &Integrated, scope: &Scope<'_>) -> Option<String> {
    let expr = expr.trim();
    if let Some(lit) = expr.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        return Some(lit.to_string());
    }
    let header_values = |name: &str| -> Vec<String> {
        result
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .collect()
    };
    if let Some(name) = expr.strip_prefix("integration.response.header.") {
        return header_values(name).into_iter().next();
    }
    if let Some(name) = expr.strip_prefix("integration.response.multivalueheader.") {
        let all = header_values(name);
        return (!all.is_empty()).then(|| all.join(","));
    }
    if expr == "integration.response.body" {
        return Some(result.body.clone());
    }
    if let Some(path) = expr.strip_prefix("integration.response.body.") {
        let root: Value = serde_json::from_str(&result.body).ok()?;
        let mut v = &root;
        for part in path.split('.') {
            v = match v {
                Value::Array(a) => a.get(part.parse::<usize>().ok()?)?,
                other => other.get(part)?,
            };
        }
        return match v {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        };
    }
    if let Some(path) = expr.strip_prefix("context.") {
        return scope.context_value(path);
    }
    if expr.starts_with("stageVariables.") || expr.starts_with("method.") {
        return None;
    }
    Some(expr.to_string())
}
