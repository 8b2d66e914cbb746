//! No input makes lowering or the checks panic: every node of several fixtures is replaced in
//! turn by values of every other shape.

use super::fixtures::stand_in;
use crate::ir::lower::lower;
use crate::load::{Entry, Node, Value, load_bytes};
use crate::source::{SourceMap, Span};
use std::path::Path;

/// Replaces the `n`-th node (pre-order) with `with`; returns whether it was found.
fn replace_nth(node: &mut Node, n: &mut usize, with: &Node) -> bool {
    if *n == 0 {
        *node = with.clone();
        return true;
    }
    *n -= 1;
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().any(|i| replace_nth(i, n, with)),
        Value::Map(m) => m.values_mut().any(|e| replace_nth(&mut e.value, n, with)),
        _ => false,
    }
}

fn variants(span: Span) -> Vec<Node> {
    let s = |v| Node::new(v, span);
    let mut m = crate::load::Mapping::new();
    m.insert(
        "x".into(),
        Entry {
            key_span: span,
            value: s(Value::Int(-1)),
        },
    );
    vec![
        s(Value::Null),
        s(Value::Bool(true)),
        s(Value::Int(-7)),
        s(Value::Float(1.5)),
        s(Value::Str("GET".into())),
        s(Value::Str(String::new())),
        s(Value::Seq(vec![
            s(Value::Null),
            s(Value::Str("a:b".into())),
        ])),
        s(Value::Map(m)),
    ]
}

#[test]
fn mutated_fixtures_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for name in [
        "features-a",
        "http-integrations",
        "authorizers-lambda",
        "usage-plans",
        "cors",
        "request-validation",
        "function-settings",
    ] {
        let Ok(text) = std::fs::read_to_string(dir.join(name).join("serverless.yml")) else {
            continue;
        };
        let Some(text) = stand_in(&text, "svc") else {
            continue;
        };
        let mut sm = SourceMap::new();
        let root = load_bytes(Path::new("s.yml"), text.as_bytes(), &mut sm)
            .unwrap()
            .root;
        each_mutation(&root, |r| {
            let (s, _) = lower(r, "dev", "us-east-1", Path::new("."));
            if let Some(s) = s {
                let _ = crate::check::check(&s, r);
            }
        });
    }
}

/// Runs `f` on every mutation of `root`: each node (but the root) replaced in turn by each of
/// the [`variants`].
fn each_mutation(root: &Node, mut f: impl FnMut(&Node)) {
    for i in 1..root.count() {
        for v in variants(root.span) {
            let mut r = root.clone();
            let mut n = i;
            assert!(replace_nth(&mut r, &mut n, &v));
            f(&r);
        }
    }
}

/// The services with function URLs, destinations, layers, `websocket` and `alb` events: no
/// mutation makes lowering, the checks or compiling panic.
#[test]
fn mutated_event_fixtures_compile_without_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for name in [
        "function-urls-destinations",
        "layers",
        "events-websocket",
        "events-websocket-arn-authorizer",
        "events-alb",
    ] {
        let text = std::fs::read_to_string(dir.join(name).join("serverless.yml")).unwrap();
        let text = stand_in(&text, "svc").unwrap();
        let mut sm = SourceMap::new();
        let root = load_bytes(Path::new("s.yml"), text.as_bytes(), &mut sm)
            .unwrap()
            .root;
        each_mutation(&root, |r| {
            let (s, _) = lower(r, "dev", "us-east-1", Path::new("."));
            if let Some(s) = s {
                let _ = crate::check::check(&s, r);
                let _ = crate::cfn::compile(&s, &crate::cfn::CompileOptions::default());
            }
        });
    }
}
