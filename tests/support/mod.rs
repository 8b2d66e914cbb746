//! Shared by the integration tests: the fixture services and how to run the pipeline on them
//! with the same options the reference templates were produced with (`regen.env`).

#![allow(dead_code)]

pub mod emulator;
pub mod jwt_key;
pub mod yls;

use slsc::pipeline::{self, PipelineInput, Session};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every fixture folder that holds a `serverless.yml`, sorted by name.
pub fn fixture_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures/")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("serverless.yml").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The options a fixture's references were produced with (`regen.env`: stage, region,
/// param, env), as an invocation in the fixture's folder.
pub fn fixture_invocation(name: &str) -> PipelineInput {
    let dir = fixtures_dir().join(name);
    let mut inv = PipelineInput {
        cwd: dir.clone(),
        stage: Some("dev".into()),
        region: Some("us-east-1".into()),
        env: HashMap::new(),
        ..PipelineInput::default()
    };
    let text = std::fs::read_to_string(dir.join("regen.env")).unwrap_or_default();
    for line in text.lines().map(str::trim) {
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        match key {
            "stage" => inv.stage = Some(value.into()),
            "region" => inv.region = Some(value.into()),
            "param" => {
                if let Some((k, v)) = value.split_once('=') {
                    inv.params.push((k.into(), v.into()));
                }
            }
            "env" => {
                if let Some((k, v)) = value.split_once('=') {
                    inv.env.insert(k.into(), v.into());
                }
            }
            _ => {}
        }
    }
    inv
}

/// Runs the pipeline on a fixture; panics with the rendered diagnostics when it has errors.
pub fn run_fixture(name: &str) -> Session {
    let s = pipeline::run(&fixture_invocation(name));
    if s.diagnostics.has_errors() {
        let text: Vec<String> = s
            .diagnostics
            .iter()
            .map(|d| slsc::diag::render::short(d, &s.sources))
            .collect();
        panic!("{name}: pipeline errors:\n{}", text.join("\n"));
    }
    s
}

/// Runs the pipeline in `dir` (stage `dev`, region `us-east-1`); panics on errors.
pub fn run_in(dir: &Path) -> Session {
    let s = pipeline::run(&PipelineInput {
        cwd: dir.to_path_buf(),
        ..PipelineInput::default()
    });
    assert!(
        !s.diagnostics.has_errors(),
        "{}: {:?}",
        dir.display(),
        s.diagnostics
    );
    s
}

pub fn read_json(path: &Path) -> Option<serde_json::Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}
