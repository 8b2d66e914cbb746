//! `slsc compile` on a generated 1,000-endpoint service: the whole pipeline plus the
//! CloudFormation backend, and the backend alone. Goal (issue: compile): under 50 ms. And on a
//! generated service of 100 functions with two events each, of the ten kinds real services
//! mix most
//! ([`slsc::synth::mixed_events_yaml`]), whole pipeline and backend: goal under 25 ms. And the
//! two-core split that the pipeline's steps use ([`slsc::par::join`]) on two short halves of
//! busy work: about one half's time when the new thread starts on the other core at once, two
//! halves' when it waits for the caller's core.
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

/// The service written into `dir` by `write`, lowered once (no error allowed), and the input
/// to run the pipeline on it again.
fn prepared(
    dir: &std::path::Path,
    write: impl FnOnce(&std::path::Path) -> std::io::Result<()>,
) -> (PipelineInput, slsc::ir::Service) {
    // the binary's settings: freed memory is kept for reuse, as `slsc compile` keeps it
    slsc::alloc::keep_freed_memory();
    write(dir).expect("write");
    let inv = PipelineInput {
        cwd: dir.to_path_buf(),
        ..PipelineInput::default()
    };
    let session = pipeline::run(&inv);
    assert!(
        !session.diagnostics.has_errors(),
        "{:?}",
        session.diagnostics
    );
    (inv, session.service.expect("service"))
}

/// The whole of `slsc compile` on `inv`: the backend overlaps the schema validation.
fn bench_pipeline(c: &mut Criterion, name: &str, inv: &PipelineInput) {
    c.bench_function(name, |b| {
        b.iter_with_large_drop(|| {
            let (s, compiled) = pipeline::run_with(black_box(inv), |svc, _| {
                let template = cfn::compile(svc, &CompileOptions::default());
                let text = template.to_pretty_string();
                (template, text)
            });
            assert!(!s.diagnostics.has_errors());
            (s, compiled.expect("compiled"))
        })
    });
}

fn compile_1000(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (inv, service) = prepared(dir.path(), |d| slsc::synth::write_service(d, 1000));
    bench_pipeline(c, "compile_1000_endpoints_pipeline_and_backend", &inv);
    c.bench_function("compile_1000_endpoints_backend_only", |b| {
        b.iter_with_large_drop(|| cfn::compile(black_box(&service), &CompileOptions::default()))
    });
}

fn compile_100_mixed(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (inv, service) = prepared(dir.path(), |d| slsc::synth::write_mixed_service(d, 100));
    bench_pipeline(
        c,
        "compile_100_mixed_event_functions_pipeline_and_backend",
        &inv,
    );
    c.bench_function("compile_100_mixed_event_functions_backend_only", |b| {
        b.iter_with_large_drop(|| cfn::compile(black_box(&service), &CompileOptions::default()))
    });
}

/// Keeps the core busy for `d`, as a pipeline step does.
fn busy(d: std::time::Duration) {
    let start = std::time::Instant::now();
    while start.elapsed() < d {
        std::hint::spin_loop();
    }
}

fn join_two_halves(c: &mut Criterion) {
    let half = std::time::Duration::from_millis(2);
    c.bench_function("par_join_two_2ms_halves", |b| {
        b.iter(|| slsc::par::join(|| busy(half), || busy(half)))
    });
}

criterion_group!(benches, compile_1000, compile_100_mixed, join_two_halves);
criterion_main!(benches);
