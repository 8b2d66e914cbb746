//! The editor flavour of the schema in the editor's own validator: yaml-language-server (npm), run
//! as VS Code, Neovim and Helix run it, over every valid configuration in the repository, from
//! the fixtures and samples of SF v3 services to the examples: not one diagnostic. The broken
//! configurations are checked in `tests/bad_input.rs`, beside their table.

mod support;

use std::path::{Path, PathBuf};
use support::yls;

/// Every `serverless.yml` in the repository (not under `target/` or `node_modules/`).
fn valid_configs() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let path = e.path();
            let name = e.file_name();
            if path.is_dir() {
                if name != "target" && name != "node_modules" && name != ".git" {
                    walk(&path, out);
                }
            } else if name == "serverless.yml" || name == "serverless.yaml" {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(Path::new(env!("CARGO_MANIFEST_DIR")), &mut out);
    out.sort();
    out
}

#[test]
fn yaml_language_server_finds_nothing_wrong_in_valid_configs() {
    let configs = valid_configs();
    assert!(configs.len() >= 40, "found only {configs:?}");
    // a file with a finding the schema must report: proves the schema was associated and read
    // not under a folder whose name starts with a dot: `**` in the editor's globs skips those
    let dir = tempfile::Builder::new().prefix("slsc-").tempdir().unwrap();
    let canary = dir.path().join("serverless.yml");
    std::fs::write(
        &canary,
        "service: svc\nprovider:\n  name: aws\nfunctons:\n  a:\n    handler: h.a\n",
    )
    .unwrap();
    // copies, so that where the repository is checked out (a folder whose name starts with a
    // dot, which `**` skips) cannot keep the schema from being applied
    let copies: Vec<PathBuf> = configs
        .iter()
        .enumerate()
        .map(|(i, config)| {
            let copy = dir.path().join(format!("config-{i}/serverless.yml"));
            std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
            std::fs::copy(config, &copy).unwrap();
            copy
        })
        .collect();
    let mut files = copies.clone();
    files.push(canary.clone());
    // completion of keys (line 2, under `provider:`) and of values (after `name: `)
    std::fs::create_dir(dir.path().join("complete")).unwrap();
    std::fs::write(
        dir.path().join("complete/serverless.yml"),
        "service: svc\nprovider:\n  \n  runtime: \nfunctions:\n  a:\n    events:\n      - http:\n          method: \n",
    )
    .unwrap();
    let complete = dir.path().join("complete/serverless.yml");
    files.push(complete.clone());
    let at = |line: usize, ch: usize| format!("{}:{line}:{ch}", complete.display());
    let report = yls::run(
        &yls::editor_schema(),
        &files,
        &[at(2, 2), at(3, 11), at(8, 18)],
    );
    let found = report.diagnostics;
    let offered = |line, ch| &report.completions[&at(line, ch)];
    assert!(
        offered(2, 2).iter().any(|l| l == "apiGateway"),
        "{:?}",
        offered(2, 2)
    );
    assert!(
        offered(3, 11).iter().any(|l| l == "nodejs20.x"),
        "{:?}",
        offered(3, 11)
    );
    assert!(
        offered(8, 18).iter().any(|l| l == "GET"),
        "{:?}",
        offered(8, 18)
    );

    let canary_found = &found[&canary.display().to_string()];
    assert!(
        canary_found.iter().any(|d| d.line == 3),
        "the schema was not applied: {canary_found:?}"
    );
    let mut alarms = Vec::new();
    for (config, copy) in configs.iter().zip(&copies) {
        let text = std::fs::read_to_string(config).unwrap();
        let published = found.get(&copy.display().to_string());
        for d in published.expect("published for every file") {
            let line = text.lines().nth(d.line).unwrap_or("").trim();
            alarms.push(format!(
                "{}:{}: `{line}`: {}",
                config.display(),
                d.line + 1,
                d.message
            ));
        }
    }
    assert!(
        alarms.is_empty(),
        "{} false alarms:\n  {}",
        alarms.len(),
        alarms.join("\n  ")
    );
}

/// The editor flavour accepts whatever the CLI accepts: every fixture's resolved configuration
/// passes it (checked with the CLI's own validator library, as draft 7).
#[test]
fn the_editor_flavour_accepts_every_resolved_fixture() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(yls::editor_schema()).unwrap()).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .expect("the editor flavour compiles");
    let mut failures = Vec::new();
    for name in support::fixture_names() {
        let s = support::run_fixture(&name);
        let Some(root) = &s.resolved else {
            failures.push(format!("{name}: does not resolve"));
            continue;
        };
        let doc = root.to_json();
        for e in validator.iter_errors(&doc) {
            failures.push(format!("{name}: {} at {}", e, e.instance_path()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Nothing the strict schema names is lost to completion: every key and every enum value of the
/// strict schema is in the editor flavour.
#[test]
fn the_editor_flavour_keeps_every_key_and_value() {
    fn collect(v: &serde_json::Value, keys: &mut Vec<String>, values: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, sub) in m {
                    match (k.as_str(), sub) {
                        ("properties" | "$defs", serde_json::Value::Object(named)) => {
                            keys.extend(named.keys().cloned())
                        }
                        ("enum", serde_json::Value::Array(vs)) => {
                            values.extend(vs.iter().map(|v| v.to_string()))
                        }
                        ("const", v) => values.push(v.to_string()),
                        _ => {}
                    }
                    collect(sub, keys, values);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|i| collect(i, keys, values)),
            _ => {}
        }
    }
    let strict = slsc::schema::schema_value();
    let editor: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(yls::editor_schema()).unwrap()).unwrap();
    let (mut sk, mut sv, mut ek, mut ev) = (vec![], vec![], vec![], vec![]);
    collect(&strict, &mut sk, &mut sv);
    collect(&editor, &mut ek, &mut ev);
    let lost_keys: Vec<&String> = sk.iter().filter(|k| !ek.contains(k)).collect();
    let lost_values: Vec<&String> = sv.iter().filter(|v| !ev.contains(v)).collect();
    assert!(lost_keys.is_empty(), "keys lost: {lost_keys:?}");
    assert!(lost_values.is_empty(), "values lost: {lost_values:?}");
}

/// `slsc schema` prints the editor flavour as checked in (`--strict`: the CLI's own).
#[test]
fn slsc_schema_prints_the_checked_in_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (args, file) in [
        (&["schema"][..], slsc::schema::EDITOR_SCHEMA_FILE),
        (&["schema", "--strict"][..], slsc::schema::SCHEMA_FILE),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_slsc"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success());
        let want = std::fs::read_to_string(root.join(file)).unwrap();
        assert!(
            String::from_utf8_lossy(&out.stdout) == want,
            "{args:?} differs from {file}"
        );
    }
}

/// The real-world sample is valid for slsc too: what the editor accepts there, the CLI does.
#[test]
fn the_real_world_sample_is_clean_for_slsc_validate() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/editor/samples/real-world");
    let s = support::run_in(&dir);
    let found: Vec<String> = s
        .diagnostics
        .iter()
        .map(|d| slsc::diag::render::short(d, &s.sources))
        .collect();
    assert!(found.is_empty(), "{found:#?}");
}
