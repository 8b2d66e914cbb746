//! Test helpers shared by the emulator's unit tests.

use crate::ir::Service;
use crate::pipeline::{PipelineInput, run_bytes};
use std::path::Path;

/// The IR of a configuration given as text (stage `dev`); panics on errors.
pub fn service(yaml: &str) -> Service {
    let inv = PipelineInput {
        stage: Some("dev".into()),
        ..PipelineInput::default()
    };
    let s = run_bytes(&inv, Path::new("serverless.yml"), yaml.as_bytes());
    assert!(
        !s.diagnostics.has_errors(),
        "{:?}",
        s.diagnostics
            .0
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
    s.service.expect("a service")
}
