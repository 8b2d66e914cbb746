//! `${file(...)}`: YAML and JSON through the loader, addresses, variables inside included
//! files (resolved against the main config, paths relative to the service), text files,
//! missing files and addresses falling back.

use super::{TempDir, ctx, run};
use serde_json::{Value as J, json};

#[test]
fn files() {
    let dir = TempDir::new("files");
    dir.write(
        "config/settings.yml",
        "dev:\n  tags: {env: development}\n  url: ${env:HOME_URL}\n  ref: ${self:custom.other}\n  nested: ${file(./config/limits.json):max}\n  sub: !Sub '${AWS::Region}'\n",
    );
    dir.write(
        "config/limits.json",
        "{\"max\": 250, \"burst\": {\"rate\": 5}}",
    );
    dir.write("notes.txt", "hello ${self:custom.other}");
    let c = ctx(&dir.0);
    let base = "custom:\n  other: o\n";
    let cases: Vec<(&str, String, &str, J)> = vec![
        (
            "yaml address",
            format!("{base}a: ${{file(./config/settings.yml):dev.tags}}"),
            "/a",
            json!({"env": "development"}),
        ),
        (
            "vars inside file resolved",
            format!("{base}a: ${{file(./config/settings.yml):dev}}"),
            "/a/url",
            json!("https://home"),
        ),
        (
            "self inside file is the main config",
            format!("{base}a: ${{file(./config/settings.yml):dev}}"),
            "/a/ref",
            json!("o"),
        ),
        (
            "file paths inside a file are relative to the service",
            format!("{base}a: ${{file(./config/settings.yml):dev}}"),
            "/a/nested",
            json!(250),
        ),
        (
            "tags inside file",
            format!("{base}a: ${{file(./config/settings.yml):dev}}"),
            "/a/sub/Fn::Sub",
            json!("${AWS::Region}"),
        ),
        (
            "json whole",
            format!("{base}a: ${{file(./config/limits.json)}}"),
            "/a/burst/rate",
            json!(5),
        ),
        (
            "address from variable",
            format!("{base}s: dev\na: ${{file(./config/settings.yml):${{self:s}}.tags.env}}"),
            "/a",
            json!("development"),
        ),
        (
            "missing file falls back",
            format!("{base}a: ${{file(./nope.yml):x, 'fb'}}"),
            "/a",
            json!("fb"),
        ),
        (
            "missing address falls back",
            format!("{base}a: ${{file(./config/limits.json):nope, 7}}"),
            "/a",
            json!(7),
        ),
        (
            "text file",
            format!("{base}a: ${{file(./notes.txt)}}"),
            "/a",
            json!("hello o"),
        ),
        (
            "self into included subtree",
            format!("{base}inc: ${{file(./config/limits.json)}}\na: ${{self:inc.burst.rate}}"),
            "/a",
            json!(5),
        ),
    ];
    let mut failures = Vec::new();
    for (name, yaml, pointer, want) in &cases {
        let (res, located, full) = run(yaml, &c);
        match res {
            None => failures.push(format!("{name}: failed {located:?} {full:#?}")),
            Some(r) => {
                let got = r.root.to_json().pointer(pointer).cloned();
                if got.as_ref() != Some(want) {
                    failures.push(format!("{name}: {pointer} = {got:?}, want {want}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
