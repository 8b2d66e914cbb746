//! The grammar, case by case against what SF v3's parser does with the same strings.

use crate::vars::ast::{Body, print_var};
use crate::vars::parse;

/// `start..end printed` for each variable, `none`, or `error@index`.
fn describe(s: &str) -> String {
    match parse(s) {
        Err(e) => format!("error@{}", e.index),
        Ok(None) => "none".into(),
        Ok(Some(vars)) => vars
            .iter()
            .map(|v| {
                let body = match &v.body {
                    Body::Escape(t) => format!("esc{t:?}"),
                    Body::Sources(_) => print_var(v),
                };
                format!("{}..{} {body}", v.start, v.end)
            })
            .collect::<Vec<_>>()
            .join(" | "),
    }
}

#[test]
fn grammar_table() {
    let cases: &[(&str, &str)] = &[
        ("plain text", "none"),
        ("", "none"),
        ("${self:a}", "0..9 ${self:a}"),
        ("x ${opt:stage} y", "2..14 ${opt:stage}"),
        ("${opt:stage, 'dev'}", "0..19 ${opt:stage, 'dev'}"),
        ("${opt:stage,'dev'}", "0..18 ${opt:stage, 'dev'}"),
        ("${opt:memory, 512}", "0..18 ${opt:memory, 512}"),
        ("${env:X, null}", "0..14 ${env:X, null}"),
        ("${env:X, true}", "0..14 ${env:X, true}"),
        ("${opt:x, \"it's\"}", "0..16 ${opt:x, \"it's\"}"),
        ("${opt:a, env:B, 'x'}", "0..20 ${opt:a, env:B, 'x'}"),
        (
            "${file(./config/settings.yml):${self:custom.stage}}",
            "0..51 ${file(./config/settings.yml):${self:custom.stage}}",
        ),
        (
            "${env:${opt:stage, 'dev'}_URL, 'none'}",
            "0..38 ${env:${opt:stage, 'dev'}_URL, 'none'}",
        ),
        ("${file(x.yml)}", "0..14 ${file(x.yml)}"),
        ("${file('a b.yml'):k}", "0..20 ${file('a b.yml'):k}"),
        (
            "${cf(us-east-1):stack.out}",
            "0..26 ${cf(us-east-1):stack.out}",
        ),
        ("${self:}", "0..8 ${self:}"),
        ("${opt:}", "0..7 ${opt:}"),
        ("${self:'a b'}", "0..13 ${self:'a b'}"),
        (
            "${self:a} and ${self:b}",
            "0..9 ${self:a} | 14..23 ${self:b}",
        ),
        // falsy parameters are dropped to null, as SF's `value || null` does
        ("${strToBool(0)}", "0..15 ${strToBool(null)}"),
        ("${strToBool('0')}", "0..17 ${strToBool('0')}"),
        // foreign: capitalised or symbol types, no type, lowercase without `:`
        ("${AWS::Region}", "none"),
        ("arn:${AWS::Partition}:s3:::${Bucket}", "none"),
        ("${!Literal}", "none"),
        ("${bucket}", "none"),
        ("${aws::x}", "none"),
        ("${Foo:bar}", "none"),
        ("${", "none"),
        ("${abc", "none"),
        // a variable inside a foreign one is still resolved
        ("${${opt:x}}", "2..10 ${opt:x}"),
        ("${AWS::Region}-${self:a}", "15..24 ${self:a}"),
        // escapes: an odd run of backslashes escapes, an even one is halved
        ("\\${self:a}", "0..2 esc\"$\""),
        ("\\\\${self:a}", "0..2 esc\"\\\\\" | 2..11 ${self:a}"),
        ("\\\\\\${self:a}", "0..4 esc\"\\\\$\""),
        ("a \\$ b", "none"),
        ("literal \\${not.a.variable}", "8..10 esc\"$\""),
        // a second `$` before `{` is swallowed into the variable
        ("$${self:a}", "0..10 ${self:a}"),
        // types SF does not check in first position
        ("${foo-bar:x}", "0..12 ${foo-bar:x}"),
        // errors
        ("${opt:x, dev}", "error@9"),
        ("${opt:x,}", "error@8"),
        ("${self:a", "error@8"),
        ("${self:a$}", "error@10"),
        ("${env:${Foo}}", "error@8"),
        ("${opt:x, 'a' b}", "error@9"),
        ("${file(x}", "error@7"),
        ("${opt:x, \"bad\\q\"}", "error@9"),
        ("${a(x) y}", "error@7"),
        ("${opt:x, Foo:y}", "error@9"),
    ];
    let mut failures = Vec::new();
    for (input, want) in cases {
        let got = describe(input);
        if got != *want {
            failures.push(format!("{input:?}: got {got:?}, want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn nested_positions_are_relative_to_their_context() {
    let vars = parse("x ${file(${opt:f}):${env:K}}").unwrap().unwrap();
    let Body::Sources(sources) = &vars[0].body else {
        panic!("variable expected")
    };
    let crate::vars::ast::Source::Typed {
        params, address, ..
    } = &sources[0]
    else {
        panic!("typed source expected")
    };
    let p = &params.as_ref().unwrap()[0];
    assert_eq!((p.vars[0].start, p.vars[0].end), (0, 8));
    assert_eq!((p.vars[0].abs_start, p.vars[0].abs_end), (9, 17));
    let a = address.as_ref().unwrap();
    assert_eq!((a.vars[0].start, a.vars[0].end), (0, 8));
    assert_eq!((a.vars[0].abs_start, a.vars[0].abs_end), (19, 27));
}

#[test]
fn nesting_is_bounded() {
    let deep = format!("{}x{}", "${env:".repeat(40), "}".repeat(40));
    let e = parse(&deep).unwrap_err();
    assert!(e.too_deep);
    let ok = format!("{}x{}", "${env:".repeat(20), "}".repeat(20));
    assert!(parse(&ok).unwrap().is_some());
}
