//! `fixtures/variables*`: resolves each service with the CLI options and environment its
//! `regen.env` says `serverless print` ran with, and compares with what SF v3 printed.
//!
//! SF prints the config after later stages touched it; those changes are undone on the
//! expected side (keys SF adds) or redone on ours (schema type coercion of environment
//! values), nothing else.

use super::super::{Context, resolve};
use crate::load::{load_bytes, load_file};
use crate::source::SourceMap;
use serde_json::Value as J;
use std::path::{Path, PathBuf};

struct PrintRun {
    expected: PathBuf,
    ctx: Context,
}

/// Reads `regen.env`: `env=K=V` lines apply to every run; each `print=<file> <args>` is a run.
fn print_runs(dir: &Path) -> Vec<PrintRun> {
    let text = std::fs::read_to_string(dir.join("regen.env")).unwrap();
    let mut env = std::collections::HashMap::new();
    let mut prints = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        if let Some(kv) = line.strip_prefix("env=") {
            let (k, v) = kv.split_once('=').unwrap();
            env.insert(k.to_string(), v.to_string());
        } else if let Some(p) = line.strip_prefix("print=") {
            prints.push(p.to_string());
        }
    }
    prints
        .iter()
        .map(|p| {
            let mut words = p.split_whitespace();
            let expected = dir.join("expected").join(words.next().unwrap());
            let mut ctx = Context {
                env: env.clone(),
                service_dir: dir.to_path_buf(),
                instance_id: "test".into(),
                ..Context::default()
            };
            while let Some(flag) = words.next() {
                let name = flag.trim_start_matches("--");
                let value = words.next().unwrap().to_string();
                match name {
                    "stage" => ctx.stage = Some(value.clone()),
                    "region" => ctx.region = Some(value.clone()),
                    "param" => {
                        let (k, v) = value.split_once('=').unwrap();
                        ctx.params.push((k.into(), v.into()));
                        continue;
                    }
                    _ => {}
                }
                ctx.options.insert(name.into(), J::String(value));
            }
            PrintRun { expected, ctx }
        })
        .collect()
}

/// Removes what SF adds after resolving variables (defaults and names of later stages).
fn drop_sf_additions(v: &mut J) {
    if let Some(p) = v.get_mut("provider").and_then(J::as_object_mut) {
        p.remove("versionFunctions");
    }
    if let Some(p) = v.get_mut("package").and_then(J::as_object_mut) {
        p.remove("artifactsS3KeyDirname");
    }
    if let Some(fs) = v.get_mut("functions").and_then(J::as_object_mut) {
        for f in fs.values_mut().filter_map(J::as_object_mut) {
            f.remove("name");
        }
    }
}

/// SF's schema validation coerces environment values to strings (AJV `coerceTypes`).
fn coerce_environment(v: &mut J) {
    let mut envs: Vec<&mut J> = Vec::new();
    let (provider, functions) = match v.as_object_mut() {
        Some(o) => {
            let mut provider = None;
            let mut functions = None;
            for (k, val) in o.iter_mut() {
                match k.as_str() {
                    "provider" => provider = Some(val),
                    "functions" => functions = Some(val),
                    _ => {}
                }
            }
            (provider, functions)
        }
        None => (None, None),
    };
    if let Some(e) = provider.and_then(|p| p.get_mut("environment")) {
        envs.push(e);
    }
    if let Some(fs) = functions.and_then(J::as_object_mut) {
        for f in fs.values_mut() {
            if let Some(e) = f.get_mut("environment") {
                envs.push(e);
            }
        }
    }
    for e in envs.into_iter().filter_map(J::as_object_mut) {
        for val in e.values_mut() {
            match val {
                J::Number(n) => *val = J::String(n.to_string()),
                J::Bool(b) => *val = J::String(b.to_string()),
                _ => {}
            }
        }
    }
}

fn fixture_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    dirs.retain(|d| {
        d.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("variables"))
            && d.join("regen.env").exists()
    });
    dirs.sort();
    dirs
}

#[test]
fn matches_serverless_print() {
    let dirs = fixture_dirs();
    assert!(!dirs.is_empty(), "fixtures/variables is missing");
    let mut checked = 0;
    for dir in dirs {
        for run in print_runs(&dir) {
            let mut sm = SourceMap::new();
            let loaded = load_file(&dir.join("serverless.yml"), &mut sm).unwrap();
            let (res, diags) = resolve(loaded.root, &run.ctx, &mut sm);
            let rendered: Vec<String> = diags
                .iter()
                .map(|d| crate::diag::render::short(d, &sm))
                .collect();
            let res = res.unwrap_or_else(|| panic!("{}: {rendered:#?}", run.expected.display()));
            let mut ours = res.root.to_json();
            coerce_environment(&mut ours);
            let text = std::fs::read(&run.expected).unwrap();
            let mut sm2 = SourceMap::new();
            let mut want = load_bytes(&run.expected, &text, &mut sm2)
                .unwrap()
                .root
                .to_json();
            drop_sf_additions(&mut want);
            assert_eq!(
                ours,
                want,
                "{}\nours: {}\nwant: {}",
                run.expected.display(),
                serde_json::to_string_pretty(&ours).unwrap(),
                serde_json::to_string_pretty(&want).unwrap()
            );
            let stage = run.ctx.stage.clone().unwrap_or_else(|| "dev".into());
            assert_eq!(res.stage, stage);
            checked += 1;
        }
    }
    assert!(checked >= 2, "expected the dev and prod prints");
}

/// The `stage=`, `region=`, `param=` and `env=` lines of a fixture's `regen.env` (what
/// `serverless package` ran with).
fn package_context(dir: &Path) -> Context {
    let mut ctx = Context {
        service_dir: dir.to_path_buf(),
        instance_id: "test".into(),
        ..Context::default()
    };
    let text = std::fs::read_to_string(dir.join("regen.env")).unwrap_or_default();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        match k {
            "stage" => ctx.stage = Some(v.into()),
            "region" => ctx.region = Some(v.into()),
            "param" | "env" => {
                let (pk, pv) = v.split_once('=').unwrap();
                if k == "param" {
                    ctx.params.push((pk.into(), pv.into()));
                } else {
                    ctx.env.insert(pk.into(), pv.into());
                }
            }
            _ => {}
        }
    }
    ctx
}

#[test]
fn every_fixture_resolves_for_its_package_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("serverless.yml").exists())
        .collect();
    dirs.sort();
    assert!(dirs.len() > 5);
    let mut failures = Vec::new();
    for dir in dirs {
        let ctx = package_context(&dir);
        let mut sm = SourceMap::new();
        let loaded = load_file(&dir.join("serverless.yml"), &mut sm).unwrap();
        let (res, diags) = resolve(loaded.root, &ctx, &mut sm);
        let Some(res) = res else {
            let ds: Vec<String> = diags
                .iter()
                .map(|d| crate::diag::render::short(d, &sm))
                .collect();
            failures.push(format!("{}: {ds:#?}", dir.display()));
            continue;
        };
        let want_stage = ctx.stage.clone().unwrap_or_else(|| "dev".into());
        if res.stage != want_stage {
            failures.push(format!("{}: stage {}", dir.display(), res.stage));
        }
        // nothing SF would resolve is left (foreign `${AWS::...}` stays)
        let text = res.root.to_json().to_string();
        for left in [
            "${self:", "${opt:", "${env:", "${sls:", "${file(", "${param:",
        ] {
            if text.contains(left) {
                failures.push(format!("{}: {left} left in the result", dir.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
