//! `slsc validate` on a generated 1,000-endpoint service: load, resolve, schema, lower, check.
//! Goal (issue: the spine): under 30 ms. Figures in BENCHMARKS.md.

use criterion::{Criterion, criterion_group, criterion_main};
use slsc::pipeline::{self, PipelineInput};
use std::hint::black_box;

fn validate_1000(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    slsc::synth::write_service(dir.path(), 1000).expect("write");
    let inv = PipelineInput {
        cwd: dir.path().to_path_buf(),
        ..PipelineInput::default()
    };
    let s = pipeline::run(&inv);
    assert!(!s.diagnostics.has_errors(), "{:?}", s.diagnostics);
    c.bench_function("validate_1000_endpoints", |b| {
        b.iter(|| black_box(pipeline::run(black_box(&inv))))
    });
}

criterion_group!(benches, validate_1000);
criterion_main!(benches);
