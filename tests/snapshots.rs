//! insta snapshots of slsc's own output (in `snapshots/`): the compiled template of every
//! fixture, and how diagnostics read. A change in output shows up as a reviewable diff.

mod support;

use slsc::cfn::{self, CompileOptions};
use slsc::diag::render;
use slsc::pipeline::{self, PipelineInput};

fn settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path("../snapshots");
    s.set_prepend_module_to_snapshot(false);
    // temporary folders differ per run
    s.add_filter(r"[^\s\[]*\.tmp[A-Za-z0-9]+[/\\]", "");
    s
}

#[test]
fn compiled_templates() {
    for name in support::fixture_names() {
        let service = support::run_fixture(&name).service.expect("service");
        let text = cfn::compile(&service, &CompileOptions::default()).to_pretty_string();
        settings().bind(|| insta::assert_snapshot!(format!("compile__{name}"), text));
    }
}

#[test]
fn rendered_diagnostics() {
    let cases = [
        (
            "typo",
            "service: svc\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  hello:\n    handlr: h.hello\n",
        ),
        (
            "variable_cycle",
            "service: svc\nprovider:\n  name: aws\n  runtime: nodejs20.x\ncustom:\n  a: ${self:custom.b}\n  b: ${self:custom.a}\n",
        ),
        (
            "bad_method",
            "service: svc\nconfigValidationMode: error\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  hello:\n    handler: h.hello\n    events:\n      - http:\n          path: users\n          method: fetch\n",
        ),
        (
            "missing_authorizer_function",
            "service: svc\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  hello:\n    handler: h.hello\n    events:\n      - http:\n          path: users\n          method: get\n          authorizer: authFunc\n  authFn:\n    handler: h.auth\n",
        ),
        (
            "bad_schedule_expression",
            "service: svc\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  nightly:\n    handler: h.nightly\n    events:\n      - schedule: cron(0 3 * * * *)\n",
        ),
        (
            "provisioned_concurrency_with_snapstart",
            "service: svc\nprovider:\n  name: aws\n  runtime: java21\nfunctions:\n  report:\n    handler: example.Report::handleRequest\n    provisionedConcurrency: 2\n    snapStart: true\n",
        ),
    ];
    for (name, yaml) in cases {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("serverless.yml"), yaml).expect("write");
        let mut s = pipeline::run(&PipelineInput {
            cwd: dir.path().to_path_buf(),
            ..PipelineInput::default()
        });
        s.diagnostics.sort();
        let text = render::render_all(&s.diagnostics, &s.sources, false);
        settings().bind(|| insta::assert_snapshot!(format!("diagnostics__{name}"), text));
    }
}
