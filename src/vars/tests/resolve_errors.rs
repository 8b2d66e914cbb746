//! Resolution that fails: each error code, at the `line:col` of the variable, every problem
//! reported once, and pathological configs that the work budget or the depth guard stops.

use super::{TempDir, ctx, run};

/// (name, yaml, expected `line:col code` of every diagnostic, text the messages must contain)
type Case = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

#[test]
fn error_table() {
    let dir = TempDir::new("errors");
    dir.write("bad.yml", "a: [1, 2\n");
    dir.write("code.js", "module.exports = 1;\n");
    let mut c = ctx(&dir.0);
    c.env.insert("SELF_LOOP".into(), "${env:SELF_LOOP}".into());
    let cases: &[Case] = &[
        (
            "unresolved env",
            "provider:\n  stage: ${env:NOPE}\n",
            &["2:10 var::unresolved"],
            &[
                "Cannot resolve variable at \"provider.stage\": Value not found at \"env\" source",
                "set the environment variable NOPE, or add a fallback: ${env:NOPE, 'default'}",
            ],
        ),
        (
            "embedded at its column",
            "a: prefix-${env:NOPE}\n",
            &["1:11 var::unresolved"],
            &[],
        ),
        (
            "single-quoted scalar",
            "a: 'x ${env:NOPE}'\n",
            &["1:7 var::unresolved"],
            &[],
        ),
        (
            "double-quoted with escapes",
            "a: \"\\t ${env:NOPE}\"\n",
            &["1:8 var::unresolved"],
            &[],
        ),
        (
            "block scalar",
            "a: |\n  x ${env:NOPE}\n",
            &["2:5 var::unresolved"],
            &[],
        ),
        (
            "nested variable points inside",
            "a: ${env:${env:NOPE}_X}\n",
            &["1:10 var::unresolved"],
            &[],
        ),
        (
            "opt help",
            "a: ${opt:nope}\n",
            &["1:4 var::unresolved"],
            &["pass --nope <value>"],
        ),
        (
            "self help",
            "a: ${self:no.where}\n",
            &["1:4 var::unresolved"],
            &["`no.where` is not set"],
        ),
        (
            "param message",
            "a: ${param:p}\n",
            &["1:4 var::unresolved"],
            &["The param \"p\" cannot be resolved", "params.dev"],
        ),
        (
            "every problem, each once",
            "a: ${env:A1}\nb: ${env:B1}-${env:B2}\nc: ${self:a}\n",
            &[
                "1:4 var::unresolved",
                "2:4 var::unresolved",
                "2:14 var::unresolved",
            ],
            &[],
        ),
        (
            "not a string",
            "a: x ${self:m}\nm: {k: v}\n",
            &["1:6 var::not-a-string"],
            &["non-string value"],
        ),
        (
            "null fallback inside a string",
            "a: x ${env:NOPE, null}\n",
            &["1:6 var::not-a-string"],
            &[],
        ),
        (
            "cycle",
            "a: ${self:b}\nb: ${self:a}\n",
            &["1:4 var::cycle"],
            &["a → b → a", "`b` refers to `a`"],
        ),
        (
            "self cycle through parent",
            "a:\n  b: ${self:a}\n",
            &["2:6 var::cycle"],
            &["refers to itself"],
        ),
        (
            "whole config from inside",
            "a: ${self:}\n",
            &["1:4 var::cycle"],
            &[],
        ),
        (
            "value resolving to itself",
            "a: ${env:SELF_LOOP}\n",
            &["1:4 var::depth"],
            &["nest depth"],
        ),
        (
            "unknown source",
            "a: ${slef:a}\n",
            &["1:4 var::unknown-source"],
            &["did you mean `self`"],
        ),
        (
            "unknown source with fallback",
            "a: ${foo:a, 'x'}\n",
            &["1:4 var::unknown-source"],
            &[],
        ),
        (
            "unknown source in fallback",
            "a: ${env:NOPE, foo:a}\n",
            &["1:4 var::unknown-source"],
            &[],
        ),
        (
            "bad type in first position",
            "a: ${foo-bar:x}\n",
            &["1:4 var::unknown-source"],
            &[],
        ),
        (
            "ssm",
            "a: ${ssm:/a/b}\n",
            &["1:4 var::unsupported-source"],
            &["${ssm:/a/b, 'local'}"],
        ),
        (
            "cf with a missing fallback",
            "a: ${cf:stack.out, env:NOPE}\n",
            &["1:4 var::unsupported-source"],
            &[],
        ),
        (
            "aws account",
            "a: ${aws:accountId}\n",
            &["1:4 var::unsupported-source"],
            &[],
        ),
        (
            "javascript file",
            "a: ${file(./code.js)}\n",
            &["1:4 var::unsupported-source"],
            &["JavaScript"],
        ),
        (
            "missing file",
            "a: ${file(./nope.yml):x}\n",
            &["1:4 var::file"],
            &["./nope.yml does not exist"],
        ),
        (
            "broken yaml file",
            "a: ${file(./bad.yml)}\nb: ${file(./bad.yml):a}\n",
            &["bad.yml:1:4 yaml::syntax"],
            &[],
        ),
        (
            "syntax",
            "a: ${opt:x, dev}\n",
            &["1:13 var::syntax"],
            &["Invalid literal source \"dev\""],
        ),
        (
            "unterminated",
            "a: 'x ${self:a'\n",
            &["1:15 var::syntax"],
            &[],
        ),
        (
            "strToBool",
            "a: ${strToBool(yes)}\n",
            &["1:4 var::bad-argument"],
            &["Invalid \"strToBool\" input"],
        ),
        (
            "strToBool falsy literal",
            "a: ${strToBool(0)}\n",
            &["1:4 var::bad-argument"],
            &["Missing \"strToBool\" input"],
        ),
        (
            "sls address",
            "a: ${sls:foo}\n",
            &["1:4 var::bad-argument"],
            &["Unsupported \"foo\" address"],
        ),
        (
            "env without address",
            "a: ${env:}\n",
            &["1:4 var::bad-argument"],
            &["Missing address argument"],
        ),
        (
            "file without path",
            "a: ${file():x}\n",
            &["1:4 var::bad-argument"],
            &["Missing path argument"],
        ),
    ];
    let mut failures = Vec::new();
    for (name, yaml, want_located, want_text) in cases {
        let (res, located, full) = run(yaml, &c);
        if res.is_some() {
            failures.push(format!("{name}: resolved, expected errors"));
            continue;
        }
        if located != *want_located {
            failures.push(format!(
                "{name}: got {located:?}, want {want_located:?}\n{full:#?}"
            ));
        }
        let all = full.join("\n");
        let with_help = all.clone() + &help_and_related(yaml, &c);
        for t in *want_text {
            if !with_help.contains(t) {
                failures.push(format!("{name}: {t:?} not in {with_help}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Help lines, labels and related texts (`short` shows only the message).
fn help_and_related(yaml: &str, c: &crate::vars::Context) -> String {
    let mut sm = crate::source::SourceMap::new();
    let path = c.service_dir.join("serverless.yml");
    let l = crate::load::load_bytes(&path, yaml.as_bytes(), &mut sm).unwrap();
    let (_, diags) = crate::vars::resolve(l.root, c, &mut sm);
    let mut out = String::new();
    for d in diags.iter() {
        out.push('\n');
        out += d.help.as_deref().unwrap_or("");
        out.push('\n');
        out += d.label.as_deref().unwrap_or("");
        for (_, t) in &d.related {
            out.push('\n');
            out += t;
        }
    }
    out
}

#[test]
fn cycle_points_at_each_step() {
    let dir = TempDir::new("cycle");
    let c = ctx(&dir.0);
    let yaml = "a: ${self:b}\nb: x-${self:c}\nc: ${self:a}\n";
    let mut sm = crate::source::SourceMap::new();
    let l = crate::load::load_bytes(&dir.0.join("s.yml"), yaml.as_bytes(), &mut sm).unwrap();
    let (_, diags) = crate::vars::resolve(l.root, &c, &mut sm);
    assert_eq!(diags.iter().count(), 1);
    let d = diags.iter().next().unwrap();
    assert!(d.message.contains("a → b → c → a"), "{}", d.message);
    let related: Vec<(usize, usize)> = d
        .related
        .iter()
        .map(|(s, _)| {
            let (_, l, c) = sm.locate(*s).unwrap();
            (l, c)
        })
        .collect();
    assert_eq!(related, vec![(2, 6), (3, 4)]);
}

#[test]
fn pathological_configs_are_stopped_by_the_guards() {
    let dir = TempDir::new("patho");
    let c = ctx(&dir.0);
    // each level doubles the string: 2^60 characters if nothing stopped it
    let mut strings = String::from("s0: xxxxxxxxxxxxxxxx\n");
    // each level doubles the tree
    let mut lists = String::from("l0: [x]\n");
    // a chain longer than the recursion guard
    let mut chain = String::new();
    for i in 1..=60 {
        strings += &format!("s{i}: ${{self:s{}}}${{self:s{}}}\n", i - 1, i - 1);
        lists += &format!("l{i}: ['${{self:l{}}}', '${{self:l{}}}']\n", i - 1, i - 1);
    }
    for i in 0..200 {
        chain += &format!("c{i}: ${{self:c{}}}\n", i + 1);
    }
    chain += "c200: end\n";
    for (yaml, code) in [
        (strings, "var::budget"),
        (lists, "var::budget"),
        (chain, "var::depth"),
    ] {
        // the guards stop them: the work budget or the depth limit, reported as such
        let (res, located, _) = run(&yaml, &c);
        assert!(res.is_none());
        assert!(
            located.iter().any(|l| l.ends_with(code)),
            "{code} expected in {located:?}"
        );
    }
}
