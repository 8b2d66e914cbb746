//! The routing table: every method the compiled API has, derived from the IR exactly as the
//! CloudFormation backend sees it, and API Gateway's way of matching a request path to one.
//!
//! Matching follows API Gateway REST: at each path level a literal segment wins over a
//! `{param}`, which wins over a greedy `{proxy+}`; a branch whose resource has neither the
//! request's method nor `ANY` is abandoned for the next candidate, so `POST /users` falls
//! through to `/{proxy+}` when `/users` only has `GET`. Trailing and doubled slashes are
//! ignored; segments are percent-decoded after splitting, so `%2F` stays inside a parameter.

use crate::ir::{AuthorizerKind, HttpEndpoint, Integration, Service};
use serde::Serialize;
use std::collections::HashMap;

/// One method on one resource.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Route {
    /// `GET`, `POST`, ..., or `ANY`.
    pub method: String,
    /// The resource path as API Gateway names it: `/users/{id}`, `/` for the root.
    pub path: String,
    /// What answers.
    pub target: Target,
    /// The function that runs (`None` for mock, http and CORS preflight methods).
    pub function: Option<String>,
    /// Serialized as users write it (`lambda-proxy`, `mock`, ...).
    #[serde(serialize_with = "integration_name")]
    pub integration: Integration,
    /// `NONE`, `AWS_IAM`, `CUSTOM` or `COGNITO_USER_POOLS`, as the compiled method says.
    pub authorization: &'static str,
    /// The authorizer's name, when there is one.
    pub authorizer: Option<String>,
    pub api_key_required: bool,
}

/// What a route runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "index")]
pub enum Target {
    /// `service.endpoints[i]`.
    Endpoint(usize),
    /// The `OPTIONS` method compiled from the `cors` settings of the path's events.
    CorsPreflight,
}

/// A path parameter bound by a match, decoded.
pub type Params = Vec<(String, String)>;

/// The routes of a service and the resource tree that matches requests to them.
#[derive(Debug, Default)]
pub struct RouteTable {
    pub routes: Vec<Route>,
    nodes: Vec<Node>,
}

#[derive(Debug, Default)]
struct Node {
    literal: HashMap<String, usize>,
    param: Option<(String, usize)>,
    greedy: Option<(String, usize)>,
    /// Method → route index.
    methods: Vec<(String, usize)>,
}

impl Node {
    fn method(&self, method: &str) -> Option<usize> {
        let find = |m: &str| self.methods.iter().find(|(x, _)| x == m).map(|(_, r)| *r);
        find(method).or_else(|| find("ANY"))
    }
}

/// A matched request.
#[derive(Debug)]
pub struct Match<'a> {
    pub route: &'a Route,
    pub index: usize,
    pub params: Params,
}

impl RouteTable {
    /// The table of `service`, in the order the configuration lists its events; the CORS
    /// preflight of a path comes after the path's last event.
    pub fn build(service: &Service) -> RouteTable {
        let mut table = RouteTable {
            routes: Vec::new(),
            nodes: vec![Node::default()],
        };
        for (i, e) in service.endpoints.iter().enumerate() {
            table.add(endpoint_route(i, e));
        }
        let with_options: std::collections::HashSet<&str> = service
            .endpoints
            .iter()
            .filter(|e| e.method == "OPTIONS")
            .map(|e| e.path.as_str())
            .collect();
        for p in crate::ir::preflight::by_path(service).into_keys() {
            if !with_options.contains(p) {
                table.add(Route {
                    method: "OPTIONS".into(),
                    path: resource_path(p),
                    target: Target::CorsPreflight,
                    function: None,
                    integration: Integration::Mock,
                    authorization: "NONE",
                    authorizer: None,
                    api_key_required: false,
                });
            }
        }
        table
    }

    fn add(&mut self, route: Route) {
        let mut node = 0;
        for seg in route.path.split('/').filter(|s| !s.is_empty()) {
            node = self.child(node, seg);
        }
        let index = self.routes.len();
        let methods = &mut self.nodes[node].methods;
        if !methods.iter().any(|(m, _)| *m == route.method) {
            methods.push((route.method.clone(), index));
        }
        self.routes.push(route);
    }

    fn child(&mut self, node: usize, seg: &str) -> usize {
        let next = self.nodes.len();
        let n = &mut self.nodes[node];
        let slot = if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix("+}")) {
            n.greedy.get_or_insert_with(|| (name.to_string(), next)).1
        } else if let Some(name) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            n.param.get_or_insert_with(|| (name.to_string(), next)).1
        } else {
            *n.literal.entry(seg.to_string()).or_insert(next)
        };
        if slot == next {
            self.nodes.push(Node::default());
        }
        slot
    }

    /// The route for `method` on `path` (the request path after the stage, not decoded).
    pub fn find(&self, method: &str, path: &str) -> Option<Match<'_>> {
        let segments: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect();
        let mut params = Vec::new();
        let index = self.walk(0, &segments, method, &mut params)?;
        Some(Match {
            route: &self.routes[index],
            index,
            params,
        })
    }

    fn walk(
        &self,
        node: usize,
        segs: &[String],
        method: &str,
        params: &mut Params,
    ) -> Option<usize> {
        let n = &self.nodes[node];
        let Some((seg, rest)) = segs.split_first() else {
            return n.method(method);
        };
        if let Some(&child) = n.literal.get(seg)
            && let Some(r) = self.walk(child, rest, method, params)
        {
            return Some(r);
        }
        if let Some((name, child)) = &n.param {
            params.push((name.clone(), seg.clone()));
            if let Some(r) = self.walk(*child, rest, method, params) {
                return Some(r);
            }
            params.pop();
        }
        if let Some((name, child)) = &n.greedy
            && let Some(r) = self.nodes[*child].method(method)
        {
            params.push((name.clone(), segs.join("/")));
            return Some(r);
        }
        None
    }
}

fn endpoint_route(i: usize, e: &HttpEndpoint) -> Route {
    let (authorization, authorizer) = match &e.authorizer {
        None => ("NONE", None),
        Some(a) => {
            let kind = match a.kind {
                AuthorizerKind::AwsIam => "AWS_IAM",
                AuthorizerKind::CognitoUserPools => "COGNITO_USER_POOLS",
                AuthorizerKind::Token | AuthorizerKind::Request => "CUSTOM",
            };
            (kind, Some(a.name.clone()).filter(|n| !n.is_empty()))
        }
    };
    Route {
        method: e.method.clone(),
        path: resource_path(&e.path),
        target: Target::Endpoint(i),
        function: e.integration.invokes_lambda().then(|| e.function.clone()),
        integration: e.integration,
        authorization,
        authorizer,
        api_key_required: e.private,
    }
}

fn integration_name<S: serde::Serializer>(i: &Integration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(i.user_name())
}

/// `users/{id}` → `/users/{id}`; `""` → `/`.
pub fn resource_path(path: &str) -> String {
    format!("/{path}")
}

/// Percent-decodes a path segment; invalid escapes and non-UTF-8 results are kept as written
/// (lossy), as API Gateway does not reject them either.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes.get(i), bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(b'%'), Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (Some(&b), _, _) => {
                out.push(b);
                i += 1;
            }
            _ => break,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The table as text for `slsc routes` and the emulator's start-up banner.
pub fn render_text(table: &RouteTable, prefix: &str) -> String {
    let rows: Vec<[String; 5]> = table
        .routes
        .iter()
        .map(|r| {
            let auth = match &r.authorizer {
                Some(a) => format!("{} ({a})", r.authorization),
                None => r.authorization.to_string(),
            };
            [
                r.method.clone(),
                format!("{prefix}{}", r.path),
                match r.target {
                    Target::CorsPreflight => "(cors preflight)".to_string(),
                    Target::Endpoint(_) => r.function.clone().unwrap_or_else(|| "-".into()),
                },
                r.integration.user_name().to_string(),
                format!(
                    "{auth}{}",
                    if r.api_key_required { ", api key" } else { "" }
                ),
            ]
        })
        .collect();
    table_text(["METHOD", "PATH", "FUNCTION", "INTEGRATION", "AUTH"], rows)
}

/// Rows under a header, in columns padded to their widest cell.
pub fn table_text<const N: usize>(header: [&str; N], rows: Vec<[String; N]>) -> String {
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    for row in std::iter::once(header.map(String::from)).chain(rows) {
        let line: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests;
