//! `slsc compile` on a generated 1,000-endpoint service: the whole pipeline plus the
//! CloudFormation backend, and the backend alone. Goal (issue: compile): under 50 ms.
//!
//! The pipeline benchmark runs the stages as `slsc compile` does (the backend overlaps the
//! schema validation). The session, template and text are freed outside the measured time
//! (`iter_with_large_drop`), as the `slsc` binary exits without freeing them.

use criterion::{Criterion, criterion_group, criterion_main};
use slsc::cfn::{self, CompileOptions};
use slsc::pipeline::{self, PipelineInput};
use std::hint::black_box;

/// The same allocator as the `slsc` binary (src/main.rs), so the figures are the binary's.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn compile_1000(c: &mut Criterion) {
    // and the same settings: freed memory is kept for reuse, as `slsc compile` keeps it
    slsc::alloc::keep_freed_memory();
    let dir = tempfile::tempdir().expect("tempdir");
    slsc::synth::write_service(dir.path(), 1000).expect("write");
    let inv = PipelineInput {
        cwd: dir.path().to_path_buf(),
        ..PipelineInput::default()
    };
    let session = pipeline::run(&inv);
    assert!(
        !session.diagnostics.has_errors(),
        "{:?}",
        session.diagnostics
    );
    let service = session.service.expect("service");
    c.bench_function("compile_1000_endpoints_pipeline_and_backend", |b| {
        // as `slsc compile` runs it: the backend overlaps the schema validation
        b.iter_with_large_drop(|| {
            let (s, compiled) = pipeline::run_with(black_box(&inv), |svc, _| {
                let template = cfn::compile(svc, &CompileOptions::default());
                let text = template.to_pretty_string();
                (template, text)
            });
            assert!(!s.diagnostics.has_errors());
            (s, compiled.expect("compiled"))
        })
    });
    c.bench_function("compile_1000_endpoints_backend_only", |b| {
        b.iter_with_large_drop(|| cfn::compile(black_box(&service), &CompileOptions::default()))
    });
}

criterion_group!(benches, compile_1000);
criterion_main!(benches);
