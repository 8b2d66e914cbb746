//! `slsc compile`: the CloudFormation template, to stdout or a file.

use super::{Global, report};
use crate::cfn::{self, CompileOptions};
use crate::diag::{Severity, codes};
use crate::package;
use crate::pipeline;
use std::path::PathBuf;

/// Options of `slsc compile`.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The create-stack template (deployment bucket only).
    pub create: bool,
    pub output: Option<PathBuf>,
    /// Overrides the `ApiGatewayDeployment` suffix.
    pub deployment_id: Option<String>,
    /// Compile the rest when some events are not supported yet.
    pub skip_unsupported: bool,
}

pub fn run(global: &Global, opts: &Options) -> u8 {
    // packaging and compiling overlap the schema validation; their result is used only when
    // the run has no errors
    let (mut session, compiled) =
        pipeline::run_with(&global.pipeline_input(), |service, config| {
            if opts.create {
                return (cfn::compile_create(service), None);
            }
            let config_file = super::config_file_name(Some(config), config.parent());
            let options = CompileOptions {
                deployment_id: opts.deployment_id.clone(),
                deploy_time: Some(crate::common::time::now_millis()),
                ..CompileOptions::default()
            };
            // packaging runs beside the API's compile when the API has a thread of its own
            cfn::compile_packaged(service, options, |options| {
                let (code, warning) = code_options(service, config_file.as_deref());
                options.artifact = code.artifact;
                options.function_artifacts = code.function_artifacts;
                warning
            })
        });
    if !opts.skip_unsupported {
        for d in &mut session.diagnostics.0 {
            if d.code == codes::SEM_UNSUPPORTED_EVENT {
                d.severity = Severity::Error;
            }
        }
    }
    let service = session.service.take();
    report(&mut session, global.color);
    let Some(((template, warning), service)) = compiled
        .zip(service)
        .filter(|_| !session.diagnostics.has_errors())
    else {
        if !session.diagnostics.has_errors() {
            eprintln!("error: nothing to compile");
        }
        return 1;
    };
    if let Some(w) = warning {
        eprintln!("{w}");
    }
    let written = match &opts.output {
        Some(path) => std::fs::File::create(path)
            .and_then(|mut f| template.write_pretty(&mut f))
            .map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => {
            let mut out = std::io::stdout().lock();
            template
                .write_pretty(&mut out)
                .and_then(|()| std::io::Write::flush(&mut out))
                .map_err(|e| format!("cannot write the template: {e}"))
        }
    };
    // The process ends right after: freeing a large template and service, allocation by
    // allocation, would cost as much as printing them.
    std::mem::forget(template);
    std::mem::forget(service);
    std::mem::forget(session);
    match written {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

/// The code keys and hashes of the packaged service; when packaging fails (no file to zip,
/// say), the configuration-derived stand-ins and the warning to print.
fn code_options(
    service: &crate::ir::Service,
    config_file: Option<&str>,
) -> (CompileOptions, Option<String>) {
    match package::build(service, config_file) {
        Ok(p) => (
            p.compile_options(|a| package::content_key(service, a)),
            None,
        ),
        Err(e) => (
            CompileOptions::default(),
            Some(format!(
                "warning: {e}; the code hashes in the template stand in from the configuration"
            )),
        ),
    }
}
