//! Every `fixtures/<name>/`: compile and compare with `expected/sls-v3.json` (volatile parts
//! normalized). Runs once lowering is wired into [`lower_fixture`].

use crate::cfn::compare::difference;
use crate::cfn::{CompileOptions, compile, compile_create};
use crate::ir::Service;
use serde_json::Value;
use std::path::{Path, PathBuf};

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

pub fn expected(name: &str, file: &str) -> Option<Value> {
    let text =
        std::fs::read_to_string(fixtures_dir().join(name).join("expected").join(file)).ok()?;
    serde_json::from_str(&text).ok()
}

/// Stage and region of a fixture (its `regen.env`, else dev / us-east-1).
fn stage_region(dir: &Path) -> (String, String) {
    let env = std::fs::read_to_string(dir.join("regen.env")).unwrap_or_default();
    let get = |k: &str| {
        env.lines().find_map(|l| {
            l.strip_prefix(k)
                .and_then(|r| r.strip_prefix('='))
                .map(|v| v.trim().to_owned())
        })
    };
    (
        get("stage").unwrap_or_else(|| "dev".into()),
        get("region").unwrap_or_else(|| "us-east-1".into()),
    )
}

/// The IR of a fixture. Lowering (config → IR) is not in this branch yet: wire
/// `crate::ir::lower::lower(root, stage, region, dir)` here once it lands.
fn lower_fixture(_dir: &Path, _stage: &str, _region: &str) -> Option<Service> {
    None
}

/// Compares `svc`'s templates with the fixture's; `Err` holds the report.
pub fn check(name: &str, svc: &Service) -> Result<(), String> {
    let mut report = String::new();
    let update = compile(svc, &CompileOptions::default());
    match expected(name, "sls-v3.json") {
        Some(want) => {
            if let Some(d) = difference(&want, &update.0) {
                report += &format!("== {name}: update-stack template differs\n{d}");
            }
        }
        None => report += &format!("== {name}: no expected/sls-v3.json\n"),
    }
    if let Some(want) = expected(name, "sls-v3-create.json")
        && let Some(d) = difference(&want, &compile_create(svc).0)
    {
        report += &format!("== {name}: create-stack template differs\n{d}");
    }
    let again = compile(svc, &CompileOptions::default());
    if again.to_pretty_string() != update.to_pretty_string() {
        report += &format!("== {name}: two compilations differ\n");
    }
    if report.is_empty() {
        Ok(())
    } else {
        Err(report)
    }
}

#[test]
fn every_fixture_matches_sls_v3() {
    let mut failures = Vec::new();
    let mut checked = 0;
    let Ok(entries) = std::fs::read_dir(fixtures_dir()) else {
        return;
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        let (stage, region) = stage_region(&dir);
        let Some(svc) = lower_fixture(&dir, &stage, &region) else {
            continue;
        };
        checked += 1;
        if let Err(r) = check(&name, &svc) {
            failures.push(r);
        }
    }
    assert!(
        failures.is_empty(),
        "{checked} fixtures checked, {} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
