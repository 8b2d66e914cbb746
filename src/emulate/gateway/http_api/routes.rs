//! The HTTP API's route selection, as API Gateway v2 chooses a route for a request: routes
//! whose every segment matches (a `{param}` takes one whole segment), then routes ending in a
//! greedy `{proxy+}` (one segment or more), then the `$default` route; within each group a
//! method-specific route beats `ANY`. No match is 404 `{"message":"Not Found"}`.
//!
//! Where AWS's documentation is silent (see `routes_are_chosen_as_aws_chooses` in the tests):
//! between two matching routes of one group the one with a literal segment earlier wins, and
//! among greedy routes the one with more segments before `{proxy+}`; a greedy route does not
//! match its bare parent (`/pets` for `/pets/{proxy+}`); HEAD needs a HEAD or ANY route; empty
//! segments (trailing and doubled slashes) are ignored, as the REST table ignores them.

use crate::emulate::routes::{Params, percent_decode};
use crate::ir::{HttpApi, HttpRoute};
use serde::Serialize;

/// One segment of a route's path.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Param(String),
}

/// A route ready for matching.
#[derive(Clone, Debug)]
struct Compiled {
    /// Index into `HttpApi::routes`.
    index: usize,
    method: String,
    segments: Vec<Segment>,
    /// The name of the trailing `{name+}`, when the route has one.
    greedy: Option<String>,
    catch_all: bool,
}

/// The routes of the service's HTTP API.
#[derive(Clone, Debug, Default)]
pub struct HttpRouteTable {
    routes: Vec<Compiled>,
}

/// The route chosen for a request, with its decoded path parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selected {
    /// Index into `HttpApi::routes`.
    pub index: usize,
    pub params: Params,
}

/// How specific a match is: smaller is better.
type Rank = (u8, Vec<u8>, u8);

impl HttpRouteTable {
    pub fn build(api: &HttpApi) -> HttpRouteTable {
        let routes = api
            .routes
            .iter()
            .enumerate()
            .map(|(index, r)| compile(index, r))
            .collect();
        HttpRouteTable { routes }
    }

    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// The route for `method` on `raw_path` (as received, not decoded).
    pub fn select(&self, method: &str, raw_path: &str) -> Option<Selected> {
        let segments: Vec<String> = raw_path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect();
        let mut best: Option<(Rank, Selected)> = None;
        for route in &self.routes {
            let method_rank = if route.catch_all || route.method == "ANY" {
                1
            } else if route.method == method {
                0
            } else {
                continue;
            };
            let Some((shape, params)) = matches(route, &segments) else {
                continue;
            };
            let group = if route.catch_all {
                2
            } else if route.greedy.is_some() {
                1
            } else {
                0
            };
            let rank = (group, shape, method_rank);
            if best.as_ref().is_none_or(|(b, _)| rank < *b) {
                best = Some((
                    rank,
                    Selected {
                        index: route.index,
                        params,
                    },
                ));
            }
        }
        best.map(|(_, s)| s)
    }
}

/// Whether `route` matches the decoded `segments`: the shape of the match (for ranking: fewer
/// segments before a greedy one rank lower, then a literal ranks before a parameter,
/// position by position) and the parameters.
fn matches(route: &Compiled, segments: &[String]) -> Option<(Vec<u8>, Params)> {
    if route.catch_all {
        return Some((Vec::new(), Vec::new()));
    }
    let fixed = route.segments.len();
    match &route.greedy {
        None if segments.len() != fixed => return None,
        Some(_) if segments.len() <= fixed => return None,
        _ => {}
    }
    let mut params = Vec::new();
    // longer fixed prefixes first: 255 - length sorts them ahead
    let mut shape = vec![u8::MAX - fixed.min(254) as u8];
    for (seg, value) in route.segments.iter().zip(segments) {
        match seg {
            Segment::Literal(l) if l == value => shape.push(0),
            Segment::Literal(_) => return None,
            Segment::Param(name) => {
                params.push((name.clone(), value.clone()));
                shape.push(1);
            }
        }
    }
    if let Some(name) = &route.greedy {
        params.push((name.clone(), segments[fixed..].join("/")));
    }
    Some((shape, params))
}

fn compile(index: usize, r: &HttpRoute) -> Compiled {
    let mut segments = Vec::new();
    let mut greedy = None;
    if !r.is_catch_all() {
        for s in r.path.split('/').filter(|s| !s.is_empty()) {
            if let Some(name) = s.strip_prefix('{').and_then(|s| s.strip_suffix("+}")) {
                greedy = Some(name.to_string());
                // SF refuses anything after a greedy segment; stop here all the same
                break;
            } else if let Some(name) = s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                segments.push(Segment::Param(name.to_string()));
            } else {
                segments.push(Segment::Literal(s.to_string()));
            }
        }
    }
    Compiled {
        index,
        method: r.method.to_ascii_uppercase(),
        segments,
        greedy,
        catch_all: r.is_catch_all(),
    }
}

/// A route as `slsc routes --json` shows it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteRow {
    pub route_key: String,
    pub method: String,
    pub path: String,
    pub function: String,
    pub payload_version: String,
    /// `NONE`, `JWT`, `CUSTOM` or `AWS_IAM`.
    pub authorization: &'static str,
    pub authorizer: Option<String>,
    pub scopes: Option<Vec<String>>,
}

/// The rows of `api`'s routes.
pub fn rows(api: &HttpApi) -> Vec<RouteRow> {
    use crate::ir::{HttpApiAuthorizerKind, RouteAuthorizer};
    api.routes
        .iter()
        .map(|r| {
            let (authorization, authorizer) = match r.authorization.as_ref().map(|a| &a.authorizer)
            {
                None => ("NONE", None),
                Some(RouteAuthorizer::AwsIam) => ("AWS_IAM", None),
                Some(RouteAuthorizer::External { id, is_request }) => (
                    if *is_request { "CUSTOM" } else { "JWT" },
                    Some(id.as_str().map_or_else(|| id.to_string(), String::from)),
                ),
                Some(RouteAuthorizer::Configured(key)) => {
                    let kind = match api.authorizer(key).map(|a| &a.kind) {
                        Some(HttpApiAuthorizerKind::Request(_)) => "CUSTOM",
                        _ => "JWT",
                    };
                    (kind, Some(key.clone()))
                }
            };
            RouteRow {
                route_key: r.route_key.clone(),
                method: if r.is_catch_all() {
                    "ANY".into()
                } else {
                    r.method.clone()
                },
                path: if r.is_catch_all() {
                    "/*".into()
                } else {
                    r.path.clone()
                },
                function: r.function.clone(),
                payload_version: r.payload_version.clone(),
                authorization,
                authorizer,
                scopes: r.authorization.as_ref().and_then(|a| a.scopes.clone()),
            }
        })
        .collect()
}

/// The HTTP API's routes as text for `slsc routes` and the emulator's start-up banner.
pub fn render_text(api: &HttpApi, prefix: &str) -> String {
    let rows: Vec<[String; 5]> = rows(api)
        .into_iter()
        .map(|r| {
            let auth = match (&r.authorizer, &r.scopes) {
                (Some(a), Some(s)) => format!("{} ({a}; scopes {})", r.authorization, s.join(" ")),
                (Some(a), None) => format!("{} ({a})", r.authorization),
                _ => r.authorization.to_string(),
            };
            let path = if r.route_key == "$default" {
                format!("{prefix}/* ($default)")
            } else {
                format!("{prefix}{}", r.path)
            };
            [r.method, path, r.function, r.payload_version, auth]
        })
        .collect();
    crate::emulate::routes::table_text(["METHOD", "PATH", "FUNCTION", "PAYLOAD", "AUTH"], rows)
}

/// The routing tables of both APIs as text: the REST table as before when the service has no
/// HTTP API; else each under a heading saying which API serves it and where. `rest_base` is the
/// URL the REST paths follow (stage included), `base` the server's.
pub fn render_both(
    rest: &crate::emulate::routes::RouteTable,
    api: &HttpApi,
    base: &str,
    rest_base: &str,
) -> String {
    let rest_text = crate::emulate::routes::render_text(rest, rest_base);
    if api.has_no_routes() {
        return rest_text;
    }
    let mut out = String::new();
    if !rest.routes.is_empty() {
        out.push_str(&format!(
            "REST API (http events) at {rest_base}/:\n{rest_text}"
        ));
    }
    out.push_str(&format!(
        "HTTP API (httpApi events, $default stage) at {base}/:\n{}",
        render_text(api, base)
    ));
    out
}

/// Warnings for HTTP API routes that a REST route shadows: the REST API answers a request under
/// its stage whenever one of its routes matches (see `Gateway::dispatch`). `rest_prefix` is
/// `/<stage>`, or empty without the stage prefix.
pub fn overlaps(
    rest: &crate::emulate::routes::RouteTable,
    api: &HttpApi,
    table: &HttpRouteTable,
    rest_prefix: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut default_shadowed = false;
    for r in &rest.routes {
        // a URL the REST route matches: each parameter filled with its name
        let sample: String = r
            .path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| {
                let name = s.trim_start_matches('{').trim_end_matches('}');
                format!("/{}", name.trim_end_matches('+'))
            })
            .collect();
        let url = format!("{rest_prefix}{sample}");
        let method = if r.method == "ANY" { "GET" } else { &r.method };
        let Some(hit) = table.select(method, if url.is_empty() { "/" } else { &url }) else {
            continue;
        };
        let Some(shadowed) = api.routes.get(hit.index) else {
            continue;
        };
        if shadowed.is_catch_all() {
            default_shadowed = true;
            continue;
        }
        let line = format!(
            "warning: httpApi route `{}` overlaps REST route {} {rest_prefix}{}: requests the \
             REST route matches go to the REST API",
            shadowed.route_key, r.method, r.path
        );
        if !out.contains(&line) {
            out.push(line);
        }
    }
    if default_shadowed {
        out.push(format!(
            "note: the httpApi $default route answers what no route matches, except the URLs \
             the REST API serves under {}/",
            rest_prefix
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::HttpRoute;

    fn route(method: &str, path: &str) -> HttpRoute {
        let catch_all = path == "*";
        HttpRoute {
            function: format!("{method} {path}"),
            method: if catch_all {
                "ANY".into()
            } else {
                method.into()
            },
            path: path.into(),
            route_key: if catch_all {
                "$default".into()
            } else {
                format!("{method} {path}")
            },
            payload_version: "2.0".into(),
            authorization: None,
            span: Default::default(),
        }
    }

    fn table(routes: &[(&str, &str)]) -> (HttpApi, HttpRouteTable) {
        let api = HttpApi {
            routes: routes.iter().map(|(m, p)| route(m, p)).collect(),
            ..HttpApi::default()
        };
        let t = HttpRouteTable::build(&api);
        (api, t)
    }

    /// The route key chosen for `method path`, or `None`.
    fn pick(api: &HttpApi, t: &HttpRouteTable, method: &str, path: &str) -> Option<String> {
        t.select(method, path)
            .map(|s| api.routes[s.index].route_key.clone())
    }

    #[test]
    fn routes_are_chosen_as_aws_chooses() {
        let (api, t) = table(&[
            ("GET", "/pets/{proxy+}"),
            ("GET", "/pets/dog/{id}"),
            ("GET", "/pets/dog/1"),
            ("ANY", "/pets/cat"),
            ("POST", "/pets/cat"),
            ("GET", "/a/{x}/c"),
            ("GET", "/a/b/{y}"),
            ("ANY", "/a/{proxy+}"),
            ("GET", "/a/b/{proxy+}"),
            ("GET", "/"),
        ]);
        let cases = [
            // (1) exact: a path variable matches one whole segment; a literal beats it
            ("GET", "/pets/dog/2", Some("GET /pets/dog/{id}")),
            ("GET", "/pets/dog/1", Some("GET /pets/dog/1")),
            // (2) greedy: anything deeper, not the bare parent (unconfirmed: AWS is silent)
            ("GET", "/pets/dog/2/toys", Some("GET /pets/{proxy+}")),
            ("GET", "/pets", None),
            // a method-specific route beats ANY on one resource
            ("POST", "/pets/cat", Some("POST /pets/cat")),
            ("DELETE", "/pets/cat", Some("ANY /pets/cat")),
            ("GET", "/pets/cat", Some("ANY /pets/cat")),
            // two exact routes: the literal that comes first wins (unconfirmed)
            ("GET", "/a/b/c", Some("GET /a/b/{y}")),
            // two greedy routes: the longer literal prefix wins (unconfirmed)
            ("GET", "/a/b/c/d", Some("GET /a/b/{proxy+}")),
            ("POST", "/a/b/c/d", Some("ANY /a/{proxy+}")),
            // no method matches: no route (HEAD does not fall back to GET: unconfirmed)
            ("PUT", "/pets/dog/2", None),
            ("HEAD", "/pets/dog/1", None),
            ("GET", "/", Some("GET /")),
            ("GET", "/nothing", None),
            // empty segments are ignored, segments are decoded after splitting
            ("GET", "/pets//dog/1/", Some("GET /pets/dog/1")),
            ("GET", "/pets/dog/%31", Some("GET /pets/dog/1")),
        ];
        for (m, p, want) in cases {
            assert_eq!(pick(&api, &t, m, p).as_deref(), want, "{m} {p}");
        }
    }

    #[test]
    fn the_default_route_comes_last() {
        let (api, t) = table(&[("*", "*"), ("GET", "/x/{proxy+}"), ("GET", "/y")]);
        let cases = [
            ("GET", "/y", "GET /y"),
            ("GET", "/x/1/2", "GET /x/{proxy+}"),
            ("POST", "/y", "$default"),
            ("OPTIONS", "/anything/at/all", "$default"),
            ("GET", "/", "$default"),
        ];
        for (m, p, want) in cases {
            assert_eq!(pick(&api, &t, m, p).as_deref(), Some(want), "{m} {p}");
        }
    }

    #[test]
    fn parameters_are_decoded_and_greedy_values_have_no_leading_slash() {
        let (_, t) = table(&[("GET", "/u/{id}/f/{rest+}")]);
        let s = t.select("GET", "/u/a%20b/f/x/y%2Fz").unwrap();
        assert_eq!(
            s.params,
            vec![
                ("id".to_string(), "a b".to_string()),
                ("rest".to_string(), "x/y/z".to_string())
            ]
        );
        // a `%2F` stays inside a one-segment parameter
        let (_, t) = table(&[("GET", "/u/{id}")]);
        assert_eq!(
            t.select("GET", "/u/a%2Fb").unwrap().params,
            vec![("id".to_string(), "a/b".to_string())]
        );
    }

    #[test]
    fn odd_paths_never_panic() {
        let (_, t) = table(&[("GET", "/{a}"), ("ANY", "/{p+}"), ("*", "*")]);
        for p in [
            "",
            "/",
            "//",
            "%",
            "/%zz",
            "/\u{0}",
            "/a/%",
            &"/a".repeat(5000),
        ] {
            assert!(t.select("GET", p).is_some(), "{p:?}");
        }
    }

    #[test]
    fn overlapping_routes_are_named() {
        let yaml = r#"
service: o
provider: { name: aws, runtime: nodejs20.x }
functions:
  a:
    handler: h.a
    events:
      - http: GET users/{id}
      - http: POST things
      - httpApi: GET /dev/users/{id}
      - httpApi: GET /{proxy+}
      - httpApi: '*'
"#;
        let service = crate::emulate::test_support::service(yaml);
        let rest = crate::emulate::routes::RouteTable::build(&service);
        let table = HttpRouteTable::build(&service.http_api);
        let lines = overlaps(&rest, &service.http_api, &table, "/dev");
        assert_eq!(lines.len(), 2, "{lines:#?}");
        assert!(lines[0].contains("`GET /dev/users/{id}` overlaps REST route GET /dev/users/{id}"));
        assert!(
            lines[1].starts_with("note: the httpApi $default route"),
            "{lines:#?}"
        );
        // under another prefix the greedy route is the one shadowed
        let other = overlaps(&rest, &service.http_api, &table, "/prod");
        assert_eq!(other.len(), 2, "{other:#?}");
        assert!(other[0].contains("`GET /{proxy+}` overlaps REST route GET /prod/users/{id}"));
    }

    #[test]
    fn text_lists_each_route() {
        let (api, _) = table(&[("GET", "/pets/{id}"), ("*", "*")]);
        let text = render_text(&api, "http://127.0.0.1:3000");
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("METHOD"), "{text}");
        assert!(
            lines[1].contains("GET") && lines[1].contains("http://127.0.0.1:3000/pets/{id}"),
            "{text}"
        );
        assert!(lines[2].contains("/* ($default)"), "{text}");
    }
}
