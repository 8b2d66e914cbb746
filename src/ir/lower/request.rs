//! `request:` and `response:` of an `http` event → [`Request`] and [`Response`], with SF v3's
//! per-integration handling (`validate.js` getRequest, getRequestPassThrough, getResponse).

use super::LowerContext;
use super::shape::{child, map_at, str_at, string, wrong};
use crate::diag::{Diagnostic, codes};
use crate::ir::{
    Integration, Model, ModelRef, Parameter, Request, RequestParameters, Response, StatusCode,
};
use crate::load::{Node, Value};
use indexmap::IndexMap;

/// SF v3's `DEFAULT_STATUS_CODES` for `integration: lambda` without `response`.
pub const DEFAULT_STATUS_CODES: &[(&str, &str)] = &[
    ("200", ""),
    ("400", r"[\s\S]*\[400\][\s\S]*"),
    ("401", r"[\s\S]*\[401\][\s\S]*"),
    ("403", r"[\s\S]*\[403\][\s\S]*"),
    ("404", r"[\s\S]*\[404\][\s\S]*"),
    ("422", r"[\s\S]*\[422\][\s\S]*"),
    (
        "500",
        r"[\s\S]*(Process\s?exited\s?before\s?completing\s?request|\[500\])[\s\S]*",
    ),
    ("502", r"[\s\S]*\[502\][\s\S]*"),
    (
        "504",
        r"([\s\S]*\[504\][\s\S]*)|(.*Task timed out after \d+\.\d+ seconds$)",
    ),
];

/// The default status-code list as IR records.
pub fn default_status_codes() -> Vec<StatusCode> {
    DEFAULT_STATUS_CODES
        .iter()
        .map(|(code, pattern)| StatusCode {
            code: code.to_string(),
            pattern: pattern.to_string(),
            templates: IndexMap::new(),
            headers: IndexMap::new(),
        })
        .collect()
}

pub fn lower_request_response(
    cx: &mut LowerContext,
    function: &str,
    http: &Node,
    integration: Integration,
) -> (Request, Option<Response>) {
    let mut request = Request::default();
    let req = child(http, "request");
    if let Some(req) = req {
        if req.as_map().is_none() {
            wrong(&mut cx.diags, req, "request", "a mapping");
        } else {
            read_request(cx, req, integration, function, &mut request);
        }
    }
    // the connection settings live on the event itself (HTTP/HTTP_PROXY only)
    if matches!(integration, Integration::Http | Integration::HttpProxy) {
        request.connection_type = str_at(&mut cx.diags, http, "connectionType")
            .map(|t| t.to_uppercase().replacen('-', "_", 1));
        request.connection_id = child(http, "connectionId").map(Node::to_json);
    }
    if integration == Integration::Aws && request.pass_through.is_none() {
        request.pass_through = Some("NEVER".into());
    }
    let resp_node = child(http, "response");
    let response = match integration {
        Integration::AwsProxy | Integration::HttpProxy => {
            if let Some(r) = resp_node {
                ignored(cx, r, "response", integration, function);
            }
            None
        }
        Integration::Aws => Some(match resp_node {
            Some(r) => read_response(cx, r, true),
            None => Response {
                status_codes: default_status_codes(),
                ..Response::default()
            },
        }),
        Integration::Http => resp_node.map(|r| read_response(cx, r, true)),
        Integration::Mock => resp_node.map(|r| read_response(cx, r, false)),
    };
    (request, response)
}

fn ignored(
    cx: &mut LowerContext,
    node: &Node,
    what: &str,
    integration: Integration,
    function: &str,
) {
    cx.diags.push(
        Diagnostic::warning(
            codes::SEM_IGNORED,
            format!(
                "`{what}` is ignored with the {} integration (function `{function}`)",
                integration.user_name()
            ),
        )
        .at(node.span)
        .label("dropped, as Serverless Framework v3 does")
        .help(match integration {
            Integration::AwsProxy => "with lambda-proxy only request.parameters and request.schemas apply; use `integration: lambda` for templates and responses",
            _ => "with http-proxy only request.parameters, request.uri and request.schemas apply",
        }),
    );
}

fn read_request(
    cx: &mut LowerContext,
    req: &Node,
    integration: Integration,
    function: &str,
    out: &mut Request,
) {
    let allowed: &[&str] = match integration {
        Integration::AwsProxy => &["parameters", "schema", "schemas"],
        Integration::HttpProxy => &["parameters", "uri", "schema", "schemas"],
        _ => &[],
    };
    let keep = |k: &str| allowed.is_empty() || allowed.contains(&k);
    if let Some(m) = req.as_map() {
        for (k, e) in m {
            if !keep(k) {
                ignored(cx, &e.value, &format!("request.{k}"), integration, function);
            }
        }
    }
    if let Some(p) = child(req, "parameters") {
        out.parameters = parameters(cx, p);
    }
    if let Some(s) = map_at(&mut cx.diags, req, "schemas") {
        for (ct, e) in s {
            if let Some(m) = schema_ref(cx, &e.value) {
                out.schemas.insert(ct.clone(), m);
            }
        }
    }
    if keep("uri") {
        out.uri = child(req, "uri").map(Node::to_json);
    }
    if !allowed.is_empty() {
        return;
    }
    let d = &mut cx.diags;
    if let Some(t) = map_at(d, req, "template") {
        for (ct, e) in t {
            let v = if e.value.is_null() {
                None
            } else {
                match string(d, Some(&e.value), &format!("request.template.{ct}")) {
                    Some(s) => Some(s),
                    None => continue,
                }
            };
            out.templates.insert(ct.clone(), v);
        }
    }
    out.pass_through = str_at(d, req, "passThrough");
    out.method = str_at(d, req, "method");
    out.content_handling = str_at(d, req, "contentHandling");
}

fn parameters(cx: &mut LowerContext, p: &Node) -> RequestParameters {
    let mut out = RequestParameters::default();
    if p.as_map().is_none() {
        wrong(&mut cx.diags, p, "request.parameters", "a mapping");
        return out;
    }
    for (loc, slot) in [
        ("querystrings", &mut out.querystrings),
        ("headers", &mut out.headers),
        ("paths", &mut out.paths),
    ] {
        let Some(m) = map_at(&mut cx.diags, p, loc) else {
            continue;
        };
        for (name, e) in m {
            let v = &e.value;
            let param = match &v.value {
                Value::Bool(b) => Parameter {
                    required: *b,
                    mapped_value: None,
                },
                Value::Map(_) => {
                    let required = match child(v, "required").map(|n| &n.value) {
                        Some(Value::Bool(b)) => *b,
                        _ => true,
                    };
                    let mapped_value = match child(v, "mappedValue") {
                        None => None,
                        Some(n) => match &n.value {
                            Value::Str(s) => Some(s.clone()),
                            _ => {
                                wrong(
                                    &mut cx.diags,
                                    n,
                                    "mappedValue",
                                    "a string (slsc does not take intrinsic functions here)",
                                );
                                continue;
                            }
                        },
                    };
                    Parameter {
                        required,
                        mapped_value,
                    }
                }
                _ => {
                    wrong(
                        &mut cx.diags,
                        v,
                        &format!("{loc}.{name}"),
                        "true, false or a mapping",
                    );
                    continue;
                }
            };
            slot.insert(name.clone(), param);
        }
    }
    out
}

/// A `request.schemas` entry: a provider schema id (string), `{schema, name?, description?}`,
/// or a whole schema object. A string that names no provider schema is an inline schema.
fn schema_ref(cx: &mut LowerContext, v: &Node) -> Option<ModelRef> {
    Some(match &v.value {
        Value::Str(s) if cx.provider_schema_ids.contains(s) => ModelRef::Provider(s.clone()),
        Value::Map(_) if child(v, "schema").is_some() => ModelRef::Inline(Model {
            schema: child(v, "schema").map(Node::to_json).unwrap_or_default(),
            name: child(v, "name").and_then(Node::as_str).map(str::to_string),
            description: child(v, "description")
                .and_then(Node::as_str)
                .map(str::to_string),
        }),
        _ => ModelRef::Inline(Model {
            schema: v.to_json(),
            name: None,
            description: None,
        }),
    })
}

fn read_response(cx: &mut LowerContext, r: &Node, defaults: bool) -> Response {
    let d = &mut cx.diags;
    let mut out = Response::default();
    if r.as_map().is_none() {
        wrong(d, r, "response", "a mapping");
        return out;
    }
    out.headers = string_map(cx, r, "headers");
    let d = &mut cx.diags;
    out.template = str_at(d, r, "template");
    out.content_handling = str_at(d, r, "contentHandling");
    let mut codes: Vec<StatusCode> = Vec::new();
    match map_at(d, r, "statusCodes") {
        Some(m) => {
            for (code, e) in m {
                let c = &e.value;
                if c.as_map().is_none() && !c.is_null() {
                    wrong(
                        &mut cx.diags,
                        c,
                        &format!("statusCodes.{code}"),
                        "a mapping",
                    );
                    continue;
                }
                let pattern = str_at(&mut cx.diags, c, "pattern").unwrap_or_default();
                let templates = match child(c, "template") {
                    Some(t) if t.as_map().is_some() => string_map(cx, c, "template"),
                    Some(t) => string(&mut cx.diags, Some(t), "template")
                        .map(|s| IndexMap::from([("application/json".to_string(), s)]))
                        .unwrap_or_default(),
                    None => IndexMap::new(),
                };
                codes.push(StatusCode {
                    code: code.clone(),
                    pattern,
                    templates,
                    headers: string_map(cx, c, "headers"),
                });
            }
            // SF: a default (pattern '') entry is added as 200 unless one is written
            let has_default = m
                .values()
                .any(|e| child(&e.value, "pattern").and_then(Node::as_str) == Some(""));
            if defaults && !has_default {
                codes.retain(|c| c.code != "200");
                codes.extend(default_status_codes().into_iter().take(1));
            }
            out.status_codes = js_key_order(codes);
        }
        None if defaults => out.status_codes = default_status_codes(),
        None => {}
    }
    out
}

/// Orders status codes as a JavaScript object orders its keys: canonical integer keys first,
/// ascending, then the others in insertion order.
pub fn js_key_order(codes: Vec<StatusCode>) -> Vec<StatusCode> {
    let is_index = |s: &str| {
        !s.is_empty()
            && s.bytes().all(|b| b.is_ascii_digit())
            && (s == "0" || !s.starts_with('0'))
            && s.len() < 10
    };
    let (mut ints, rest): (Vec<_>, Vec<_>) = codes.into_iter().partition(|c| is_index(&c.code));
    ints.sort_by_key(|c| c.code.parse::<u64>().unwrap_or(0));
    ints.extend(rest);
    ints
}

fn string_map(cx: &mut LowerContext, parent: &Node, key: &str) -> IndexMap<String, String> {
    let Some(m) = map_at(&mut cx.diags, parent, key) else {
        return IndexMap::new();
    };
    m.iter()
        .filter_map(|(k, e)| {
            string(&mut cx.diags, Some(&e.value), &format!("{key}.{k}")).map(|v| (k.clone(), v))
        })
        .collect()
}
