//! Resolution that succeeds: each source, fallbacks, types, escapes, foreign variables, files,
//! re-resolution of values that hold variables, order independence.

use super::{TempDir, ctx, run};
use serde_json::{Value as J, json};

/// (name, yaml, pointer into the result, expected value)
type Case = (&'static str, &'static str, &'static str, J);

fn check(cases: &[Case], c: &crate::vars::Context) {
    let mut failures = Vec::new();
    for (name, yaml, pointer, want) in cases {
        let (res, located, full) = run(yaml, c);
        let Some(res) = res else {
            failures.push(format!("{name}: failed: {located:?} {full:#?}"));
            continue;
        };
        let got = res.root.to_json().pointer(pointer).cloned();
        if got.as_ref() != Some(want) {
            failures.push(format!("{name}: {pointer} = {got:?}, want {want}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn sources_fallbacks_and_types() {
    let dir = TempDir::new("values");
    let mut c = ctx(&dir.0);
    c.options.insert("memory".into(), json!(1024));
    c.params.push(("fromCli".into(), "cli-value ".into()));
    c.params.push(("fromCli".into(), "later-wins".into()));
    c.env.insert("HOLDS_VAR".into(), "${self:target}".into());
    c.env.insert("LOOP".into(), "x".into());
    let cases: &[Case] = &[
        ("whole keeps number", "a: ${self:b}\nb: 5", "/a", json!(5)),
        (
            "whole keeps mapping",
            "a: ${self:b}\nb: {c: [1, true]}",
            "/a",
            json!({"c": [1, true]}),
        ),
        (
            "embedded number",
            "a: x-${self:b}-y\nb: 5",
            "/a",
            json!("x-5-y"),
        ),
        (
            "embedded bool and float",
            "a: ${self:b}/${self:c}\nb: false\nc: 1.5",
            "/a",
            json!("false/1.5"),
        ),
        (
            "embedded list joins",
            "a: 'l=${self:b}'\nb: [x, 2]",
            "/a",
            json!("l=x,2"),
        ),
        (
            "two variables",
            "a: ${self:b}${self:b}\nb: ab",
            "/a",
            json!("abab"),
        ),
        (
            "order does not matter",
            "a: ${self:c}\nc: ${self:d}\nd: end",
            "/a",
            json!("end"),
        ),
        ("list index", "a: ${self:l.1}\nl: [x, y]", "/a", json!("y")),
        (
            "list length",
            "a: ${self:l.length}\nl: [x, y]",
            "/a",
            json!(2),
        ),
        (
            "string length",
            "a: ${self:s.length}\ns: abc",
            "/a",
            json!(3),
        ),
        ("string index", "a: ${self:s.1}\ns: abc", "/a", json!("b")),
        (
            "key with variable untouched",
            "'${self:x}': 1\nx: 2",
            "/${self:x}",
            json!(1),
        ),
        ("opt given", "a: ${opt:memory, 512}", "/a", json!(1024)),
        (
            "opt fallback number",
            "a: ${opt:nope, 512}",
            "/a",
            json!(512),
        ),
        ("opt all", "a: ${opt:}", "/a/memory", json!(1024)),
        ("env", "a: ${env:HOME_URL}", "/a", json!("https://home")),
        (
            "env empty string is a value",
            "a: ${env:EMPTY, 'x'}",
            "/a",
            json!(""),
        ),
        (
            "env fallback string",
            "a: ${env:NOPE, 'none'}",
            "/a",
            json!("none"),
        ),
        (
            "env fallback null",
            "a: ${env:NOPE, null}",
            "/a",
            json!(null),
        ),
        (
            "env fallback bool",
            "a: ${env:NOPE, true}",
            "/a",
            json!(true),
        ),
        (
            "env fallback float",
            "a: ${env:NOPE, 1.5}",
            "/a",
            json!(1.5),
        ),
        (
            "double-quoted fallback",
            "a: '${env:NOPE, \"q\\\"d\"}'",
            "/a",
            json!("q\"d"),
        ),
        (
            "fallback chain",
            "a: ${env:NOPE, opt:nope, env:HOME_URL}",
            "/a",
            json!("https://home"),
        ),
        (
            "nested in address",
            "a: ${env:${opt:stage, 'dev'}_URL, 'none'}",
            "/a",
            json!("https://dev"),
        ),
        (
            "nested self address",
            "a: ${self:m.${self:k}}\nk: two\nm: {two: 2}",
            "/a",
            json!(2),
        ),
        (
            "env value holding a variable",
            "a: ${env:HOLDS_VAR}\ntarget: t",
            "/a",
            json!("t"),
        ),
        ("sls:stage default", "a: ${sls:stage}", "/a", json!("dev")),
        (
            "sls:stage from provider",
            "a: ${sls:stage}\nprovider: {stage: prod}",
            "/a",
            json!("prod"),
        ),
        (
            "sls:stage from resolved provider",
            "a: ${sls:stage}\nprovider: {stage: \"${opt:stage, 'qa'}\"}",
            "/a",
            json!("qa"),
        ),
        (
            "sls:instanceId",
            "a: ${sls:instanceId}",
            "/a",
            json!("inst-1"),
        ),
        (
            "aws:region default",
            "a: ${aws:region}",
            "/a",
            json!("us-east-1"),
        ),
        (
            "aws:region from provider",
            "a: ${aws:region}\nprovider: {region: eu-west-1}",
            "/a",
            json!("eu-west-1"),
        ),
        (
            "param default",
            "a: ${param:p}\nparams: {default: {p: d}}",
            "/a",
            json!("d"),
        ),
        (
            "param stage wins",
            "a: ${param:p}\nparams: {default: {p: d}, dev: {p: s}}",
            "/a",
            json!("s"),
        ),
        (
            "param keeps type",
            "a: ${param:n}\nparams: {default: {n: 25}}",
            "/a",
            json!(25),
        ),
        (
            "param cli wins, later last, trimmed",
            "a: ${param:fromCli}\nparams: {default: {fromCli: d}}",
            "/a",
            json!("later-wins"),
        ),
        (
            "param value with variable",
            "a: ${param:p}\nparams: {default: {p: '${sls:stage}.x'}}",
            "/a",
            json!("dev.x"),
        ),
        (
            "strToBool",
            "a: ${strToBool(true)}\nb: ${strToBool(' 0 ')}",
            "/a",
            json!(true),
        ),
        (
            "strToBool false",
            "b: ${strToBool(' 0 ')}",
            "/b",
            json!(false),
        ),
        (
            "strToBool of variable",
            "b: ${strToBool(${env:NOPE, 'TRUE'})}",
            "/b",
            json!(true),
        ),
        (
            "escape",
            "a: 'literal \\${not.a.variable}'",
            "/a",
            json!("literal ${not.a.variable}"),
        ),
        (
            "escaped value re-read through self",
            "a: '\\${self:b}'\nb: 1\nc: ${self:a}",
            "/c",
            json!(1),
        ),
        (
            "escape kept in place",
            "a: '\\${self:b}'\nb: 1",
            "/a",
            json!("${self:b}"),
        ),
        (
            "foreign in Fn::Sub",
            "service: demo\na: !Sub 'arn:${AWS::Partition}:${self:service}:${Bucket}'",
            "/a/Fn::Sub",
            json!("arn:${AWS::Partition}:demo:${Bucket}"),
        ),
        (
            "variable inside foreign",
            "a: '${${opt:stage, \"x\"}}'",
            "/a",
            json!("${x}"),
        ),
        (
            "self subtree with variables",
            "a: ${self:m}\nm: {x: '${env:HOME_URL}'}",
            "/a/x",
            json!("https://home"),
        ),
        (
            "no variables unchanged",
            "a: 'plain $ {x} $x'",
            "/a",
            json!("plain $ {x} $x"),
        ),
    ];
    check(cases, &c);
}

#[test]
fn stage_and_region_are_reported() {
    let dir = TempDir::new("stage");
    let mut c = ctx(&dir.0);
    let (res, _, _) = run(
        "provider: {stage: '${env:NOPE, \"qa\"}', region: eu-north-1}",
        &c,
    );
    let res = res.unwrap();
    assert_eq!(
        (res.stage.as_str(), res.region.as_str()),
        ("qa", "eu-north-1")
    );
    c.stage = Some("prod".into());
    c.region = Some("ap-south-1".into());
    let (res, _, _) = run(
        "provider: {stage: qa, region: eu-north-1}\na: ${opt:stage}",
        &c,
    );
    let res = res.unwrap();
    assert_eq!(
        (res.stage.as_str(), res.region.as_str()),
        ("prod", "ap-south-1")
    );
    assert_eq!(res.root.to_json()["a"], json!("prod"));
}

#[test]
fn resolved_values_carry_the_variable_span_and_subtrees_keep_theirs() {
    let dir = TempDir::new("spans");
    let c = ctx(&dir.0);
    let yaml = "m: {k: v}\na: ${self:m}\nn: x ${self:m.k}\n";
    let mut sm = crate::source::SourceMap::new();
    let path = dir.0.join("serverless.yml");
    let l = crate::load::load_bytes(&path, yaml.as_bytes(), &mut sm).unwrap();
    let (res, _) = crate::vars::resolve(l.root, &c, &mut sm);
    let root = res.unwrap().root;
    let a = root.get("a").unwrap();
    assert_eq!(sm.locate(a.span).unwrap().1, 2, "mapping at the variable");
    assert_eq!(
        sm.locate(a.get("k").unwrap().span).unwrap().1,
        1,
        "inside kept"
    );
    let n = root.get("n").unwrap();
    assert_eq!(
        &yaml[n.span.start as usize..n.span.end as usize],
        "x ${self:m.k}"
    );
}
