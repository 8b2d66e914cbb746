//! Fuzz target: any bytes as serverless.yml through the whole front end — loader (YAML, tags,
//! anchors, merge keys, budgets), variable resolver, schema validation, lowering and checks.
//! Nothing may panic, and every diagnostic must point inside the text it names.

#![no_main]

use libfuzzer_sys::fuzz_target;
use slsc::pipeline::{PipelineInput, run_bytes};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let inv = PipelineInput {
        cwd: "/nonexistent-slsc-fuzz".into(),
        stage: Some("dev".into()),
        ..PipelineInput::default()
    };
    let s = run_bytes(&inv, Path::new("/nonexistent-slsc-fuzz/serverless.yml"), data);
    for d in s.diagnostics.iter() {
        if let Some(span) = d.span {
            let file = s.sources.get(span.file).expect("span names a known file");
            assert!(span.start <= span.end && span.end as usize <= file.text.len(), "{d:?}");
        }
    }
});
