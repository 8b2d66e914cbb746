//! Broken configurations, each with the diagnostic it must produce: code, line:column and
//! message. Runs the whole pipeline (load → variables → schema → lower → checks).

use slsc::pipeline::{self, Invocation};
use std::collections::HashMap;

struct Case {
    name: &'static str,
    yaml: Vec<u8>,
    code: &'static str,
    at: (usize, usize),
    message: &'static str,
}

fn case(
    name: &'static str,
    yaml: &str,
    code: &'static str,
    at: (usize, usize),
    message: &'static str,
) -> Case {
    Case {
        name,
        yaml: yaml.as_bytes().to_vec(),
        code,
        at,
        message,
    }
}

const HEAD: &str = "service: svc\nprovider:\n  name: aws\n  runtime: nodejs18.x\n";

fn cases() -> Vec<Case> {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    let mut huge = String::from(HEAD);
    huge.push_str("custom:\n  blob: '");
    huge.push_str(&"x".repeat(20 * 1024 * 1024));
    huge.push_str("'\n");
    let mut latin1 =
        format!("{HEAD}functions:\n  hello:\n    handler: h.hello\n    description: caf")
            .into_bytes();
    latin1.extend_from_slice(b"\xe9\n");

    vec![
        case("empty file", "", "yaml::empty", (1, 1), "empty"),
        case(
            "comment only",
            "# just a comment\n",
            "yaml::empty",
            (1, 1),
            "empty",
        ),
        case(
            "top level list",
            "- a\n- b\n",
            "yaml::not-a-mapping",
            (1, 1),
            "mapping",
        ),
        case(
            "duplicate key",
            "service: a\nprovider:\n  name: aws\n  name: gcp\n",
            "yaml::duplicate-key",
            (4, 3),
            "duplicate key `name`",
        ),
        case(
            "tab indentation",
            "service: a\nprovider:\n\tname: aws\n",
            "yaml::tab-indent",
            (3, 1),
            "tab",
        ),
        case(
            "unclosed flow",
            "service: a\nprovider: {name: aws\n",
            "yaml::syntax",
            (2, 11),
            "unclosed bracket",
        ),
        case(
            "bad indentation",
            "service: a\nprovider:\n  name: aws\n runtime: x\n",
            "yaml::syntax",
            (4, 2),
            "invalid YAML",
        ),
        case(
            "unclosed quote",
            "service: 'abc\nprovider:\n  name: aws\n",
            "yaml::syntax",
            (1, 10),
            "unclosed quote",
        ),
        case(
            "unknown tag",
            &format!("{HEAD}resources:\n  Outputs:\n    A:\n      Value: !GetAt B.Arn\n"),
            "yaml::unknown-tag",
            (8, 14),
            "unknown tag `!GetAt`",
        ),
        case(
            "alias bomb",
            &bomb,
            "yaml::alias-limit",
            (6, 10),
            "alias bomb",
        ),
        case(
            "deep nesting",
            &format!(
                "{HEAD}custom:\n  x: {}{}\n",
                "[".repeat(3000),
                "]".repeat(3000)
            ),
            "yaml::depth-limit",
            (6, 261),
            "nesting",
        ),
        case(
            "two documents",
            &format!("{HEAD}---\nservice: b\n"),
            "yaml::multiple-documents",
            (5, 1),
            "more than one YAML document",
        ),
        case(
            "merge of a scalar",
            &format!("{HEAD}custom:\n  <<: 3\n"),
            "yaml::bad-merge",
            (6, 7),
            "merge key",
        ),
        case(
            "complex key",
            &format!("{HEAD}custom:\n  ? [a, b]\n  : c\n"),
            "yaml::complex-key",
            (6, 5),
            "key",
        ),
        Case {
            name: "non-UTF-8 bytes",
            yaml: latin1,
            code: "io::not-utf8",
            at: (8, 21),
            message: "not valid UTF-8",
        },
        case("20 MB file", &huge, "io::too-large", (1, 1), "up to 10 MiB"),
    ]
}

#[test]
fn every_broken_config_gets_its_diagnostic() {
    let mut failures = Vec::new();
    for c in cases() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("serverless.yml"), &c.yaml).expect("write");
        let inv = Invocation {
            cwd: dir.path().to_path_buf(),
            env: HashMap::new(),
            ..Invocation::default()
        };
        let s = pipeline::run(&inv);
        let Some(d) = s.diagnostics.iter().find(|d| d.is_error()) else {
            failures.push(format!("{}: no error reported", c.name));
            continue;
        };
        let at = d
            .span
            .and_then(|sp| s.sources.locate(sp))
            .map(|(_, l, col)| (l, col));
        if d.code != c.code || at != Some(c.at) || !d.message.contains(c.message) {
            failures.push(format!(
                "{}: expected {} at {:?} containing {:?}\n      got {} at {:?}: {}",
                c.name, c.code, c.at, c.message, d.code, at, d.message
            ));
        }
        if d.help.is_none() {
            failures.push(format!("{}: {} has no help line", c.name, d.code));
        }
    }
    assert!(
        failures.is_empty(),
        "{} cases failed:\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}
