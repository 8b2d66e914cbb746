//! Rule evaluation against the ELB docs ("Listener rules for your Application Load
//! Balancer", "Condition types for listener rules").

use super::*;
use crate::emulate::test_support::{incoming, service};

const RULES: &str = r#"
service: albs
provider: { name: aws, runtime: nodejs20.x }
functions:
  catchAll:
    handler: h.all
    events:
      - alb:
          listenerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/a/1/2
          priority: 50
          conditions: { path: '*' }
  users:
    handler: h.users
    events:
      - alb:
          listenerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/a/1/2
          priority: 10
          conditions: { path: ['/users/*', '/people/?'], method: [GET] }
  hosts:
    handler: h.hosts
    events:
      - alb:
          listenerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/a/1/2
          priority: 5
          conditions:
            host: '*.example.com'
            header: { name: X-Tier, values: ['gold*', silver] }
  queried:
    handler: h.queried
    events:
      - alb:
          listenerArn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/a/1/2
          priority: 7
          conditions:
            path: /q
            query: { mode: 'fast*', debug: 'true' }
            ip: ['10.0.0.0/8', '127.0.0.0/8']
  other:
    handler: h.other
    events:
      - alb:
          listenerArn: { Ref: OtherListener }
          priority: 1
          multiValueHeaders: true
          targetGroupName: other-tg
          conditions: { path: /other }
"#;

fn req(method: &str, path: &str, query: &str, headers: &[(&str, &str)]) -> Incoming {
    let target = if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{query}")
    };
    incoming(method, &target, headers)
}

fn winner(rules: &[Rule], r: &Incoming) -> Option<String> {
    first_match(rules, r).map(|r| r.function.clone())
}

#[test]
fn listeners_apart_and_rules_by_priority() {
    let s = service(RULES);
    let listeners = by_listener(&s);
    assert_eq!(listeners.len(), 2);
    assert_eq!(
        listeners[0].0,
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/a/1/2"
    );
    let order: Vec<(u64, &str)> = listeners[0]
        .1
        .iter()
        .map(|r| (r.priority, r.function.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            (5, "hosts"),
            (7, "queried"),
            (10, "users"),
            (50, "catchAll")
        ]
    );
    assert_eq!(listeners[1].0, r#"{"Ref":"OtherListener"}"#);
    let other = &listeners[1].1[0];
    assert!(other.multi_value_headers);
    assert_eq!(other.target_group_name, "other-tg");
    // SF's generated name: the MD5 of the name tag, 32 characters
    assert_eq!(listeners[0].1[0].target_group_name.len(), 32);
}

#[test]
fn path_patterns_are_case_sensitive_wildcards() {
    let s = service(RULES);
    let rules = &by_listener(&s)[0].1;
    let w = |m: &str, p: &str| winner(rules, &req(m, p, "", &[]));
    // "Path conditions": case-sensitive; `*` and `?`; several patterns OR-ed
    assert_eq!(w("GET", "/users/7").as_deref(), Some("users"));
    assert_eq!(w("GET", "/people/7").as_deref(), Some("users"));
    assert_eq!(w("GET", "/people/77").as_deref(), Some("catchAll"));
    assert_eq!(w("GET", "/Users/7").as_deref(), Some("catchAll"));
    // the method condition is exact and case-sensitive ("HTTP request method conditions")
    assert_eq!(w("POST", "/users/7").as_deref(), Some("catchAll"));
    assert_eq!(w("get", "/users/7").as_deref(), Some("catchAll"));
}

#[test]
fn host_and_header_conditions_ignore_case() {
    let s = service(RULES);
    let rules = &by_listener(&s)[0].1;
    let w = |h: &[(&str, &str)]| winner(rules, &req("GET", "/x", "", h));
    let gold = [("Host", "API.Example.com:8080"), ("x-tier", "GOLDEN")];
    assert_eq!(w(&gold).as_deref(), Some("hosts"));
    // "Host conditions": `*.example.com` does not match `example.com`
    let bare = [("Host", "example.com"), ("X-Tier", "silver")];
    assert_eq!(w(&bare).as_deref(), Some("catchAll"));
    // any of the header's values; a header sent twice matches on either
    let twice = [
        ("Host", "a.example.com"),
        ("X-Tier", "bronze"),
        ("X-TIER", "Silver"),
    ];
    assert_eq!(w(&twice).as_deref(), Some("hosts"));
    let wrong = [("Host", "a.example.com"), ("X-Tier", "bronze")];
    assert_eq!(w(&wrong).as_deref(), Some("catchAll"));
    assert_eq!(w(&[("Host", "a.example.com")]).as_deref(), Some("catchAll"));
}

#[test]
fn query_pairs_and_source_ips() {
    let s = service(RULES);
    let rules = &by_listener(&s)[0].1;
    // "Query string conditions": one pair of the condition is enough; case-insensitive,
    // wildcards; compared decoded (the API reference: any character may be percent-encoded;
    // the docs do not say more)
    for q in ["mode=FASTER", "a=1&debug=TRUE", "mode=fast%20lane"] {
        let r = req("GET", "/q", q, &[]);
        assert_eq!(winner(rules, &r).as_deref(), Some("queried"), "{q}");
    }
    for q in ["", "mode=slow", "debug=false", "Mode"] {
        let r = req("GET", "/q", q, &[]);
        assert_eq!(winner(rules, &r).as_deref(), Some("catchAll"), "{q}");
    }
    // "Source IP address conditions": the client's address in one of the blocks
    let mut far = req("GET", "/q", "debug=true", &[]);
    far.source_ip = "192.0.2.1".into();
    assert_eq!(winner(rules, &far).as_deref(), Some("catchAll"));
}

#[test]
fn no_rule_matches_on_a_listener_without_catch_all() {
    let s = service(RULES);
    let rules = &by_listener(&s)[1].1;
    assert_eq!(
        winner(rules, &req("GET", "/other", "", &[])).as_deref(),
        Some("other")
    );
    assert_eq!(winner(rules, &req("GET", "/elsewhere", "", &[])), None);
}

#[test]
fn host_names_lose_their_port() {
    assert_eq!(host_name("example.com:8080"), "example.com");
    assert_eq!(host_name("example.com"), "example.com");
    assert_eq!(host_name("[::1]:3000"), "[::1]");
    assert_eq!(host_name("::1"), "::1");
}
