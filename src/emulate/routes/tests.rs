//! Tests of the routing table: what it lists and API Gateway's matching precedence.

use super::*;
use crate::emulate::test_support::service;

const API: &str = r#"
service: routes
provider: { name: aws, runtime: nodejs20.x }
functions:
  users:
    handler: h.users
    events:
      - http: GET users
      - http: { path: 'users/{id}', method: get, cors: true }
      - http: { path: 'users/{id}/avatar', method: put, private: true }
      - http: { path: users/me, method: get }
  proxy:
    handler: h.proxy
    events:
      - http: { path: '{proxy+}', method: any }
      - http: GET /
  files:
    handler: h.files
    events:
      - http: { path: 'files/{key+}', method: get }
  mocked:
    handler: h.m
    events:
      - http: { path: mock, method: post, integration: mock }
"#;

fn found(t: &RouteTable, method: &str, path: &str) -> Option<(String, String, Params)> {
    t.find(method, path).map(|m| {
        (
            m.route.method.clone(),
            m.route.path.clone(),
            m.params.clone(),
        )
    })
}

fn p(pairs: &[(&str, &str)]) -> Params {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn matching_follows_api_gateway_precedence() {
    let t = RouteTable::build(&service(API));
    type Want<'a> = Option<(&'a str, &'a str, Params)>;
    let cases: &[(&str, &str, Want)] = &[
        ("GET", "/users", Some(("GET", "/users", p(&[])))),
        ("GET", "/users/", Some(("GET", "/users", p(&[])))),
        ("GET", "//users//", Some(("GET", "/users", p(&[])))),
        // literal before {param}
        ("GET", "/users/me", Some(("GET", "/users/me", p(&[])))),
        (
            "GET",
            "/users/42",
            Some(("GET", "/users/{id}", p(&[("id", "42")]))),
        ),
        // decoded after splitting: %2F stays in the parameter
        (
            "GET",
            "/users/a%2Fb%20c",
            Some(("GET", "/users/{id}", p(&[("id", "a/b c")]))),
        ),
        // the method decides: POST /users is not on /users, so the greedy resource takes it
        (
            "POST",
            "/users",
            Some(("ANY", "/{proxy+}", p(&[("proxy", "users")]))),
        ),
        (
            "PUT",
            "/users/7/avatar",
            Some(("PUT", "/users/{id}/avatar", p(&[("id", "7")]))),
        ),
        (
            "GET",
            "/users/7/avatar",
            Some(("ANY", "/{proxy+}", p(&[("proxy", "users/7/avatar")]))),
        ),
        ("GET", "/", Some(("GET", "/", p(&[])))),
        (
            "GET",
            "/files/a/b/c.txt",
            Some(("GET", "/files/{key+}", p(&[("key", "a/b/c.txt")]))),
        ),
        // a greedy variable needs at least one segment
        (
            "GET",
            "/files",
            Some(("ANY", "/{proxy+}", p(&[("proxy", "files")]))),
        ),
        (
            "OPTIONS",
            "/users/1",
            Some(("OPTIONS", "/users/{id}", p(&[("id", "1")]))),
        ),
        ("HEAD", "/", None),
        ("POST", "/", None),
    ];
    for (method, path, want) in cases {
        let got = found(&t, method, path);
        let want = want
            .as_ref()
            .map(|(m, r, ps)| (m.to_string(), r.to_string(), ps.clone()));
        assert_eq!(got, want, "{method} {path}");
    }
}

#[test]
fn without_a_greedy_resource_unknown_paths_do_not_match() {
    let t = RouteTable::build(&service(
        r#"
service: s
provider: { name: aws }
functions:
  a: { handler: h.a, events: [ { http: 'GET a/{id}' } ] }
"#,
    ));
    assert!(t.find("GET", "/a").is_none());
    assert!(t.find("GET", "/a/1/2").is_none());
    assert!(t.find("POST", "/a/1").is_none());
    assert!(t.find("GET", "/b/1").is_none());
    assert!(t.find("GET", "/A/1").is_none(), "paths are case-sensitive");
    assert!(t.find("GET", "/a/1").is_some());
}

#[test]
fn the_table_lists_functions_integrations_auth_and_keys() {
    let t = RouteTable::build(&service(API));
    let text = render_text(&t, "/dev");
    let expected = "\
METHOD   PATH                    FUNCTION          INTEGRATION   AUTH
GET      /dev/users              users             lambda-proxy  NONE
GET      /dev/users/{id}         users             lambda-proxy  NONE
PUT      /dev/users/{id}/avatar  users             lambda-proxy  NONE, api key
GET      /dev/users/me           users             lambda-proxy  NONE
ANY      /dev/{proxy+}           proxy             lambda-proxy  NONE
GET      /dev/                   proxy             lambda-proxy  NONE
GET      /dev/files/{key+}       files             lambda-proxy  NONE
POST     /dev/mock               -                 mock          NONE
OPTIONS  /dev/users/{id}         (cors preflight)  mock          NONE
";
    assert_eq!(text, expected);
}

#[test]
fn percent_decoding_keeps_invalid_escapes() {
    for (input, want) in [
        ("a%20b", "a b"),
        ("100%", "100%"),
        ("%zz", "%zz"),
        ("%e2%82%ac", "€"),
        ("%ff", "\u{fffd}"),
        ("plain", "plain"),
    ] {
        assert_eq!(percent_decode(input), want, "{input}");
    }
}
