//! `slsc package`: the zips and both templates in `.serverless/`, as `serverless package`
//! writes them; and the preparation every AWS command shares (pipeline, then packaging).

use super::{Global, report};
use crate::cfn;
use crate::ir::Service;
use crate::package::{self, Package};
use crate::pipeline;
use std::path::{Path, PathBuf};

/// A service that passed every check, with its code packaged.
pub struct Prepared {
    pub service: Service,
    pub package: Package,
}

/// Runs the pipeline (reporting diagnostics) and returns the service and its configuration
/// file's name, or the exit code; `what` names the command's work in the message printed
/// when there is no service and no error to explain why.
pub fn load_service(global: &Global, what: &str) -> Result<(Service, Option<String>), u8> {
    let mut session = pipeline::run(&global.invocation());
    let service = session.service.take();
    let config_file = config_file_name(session.config_path.as_deref(), session.service_dir());
    report(&mut session, global.color);
    match service.filter(|_| !session.diagnostics.has_errors()) {
        Some(s) => Ok((s, config_file)),
        None => {
            if !session.diagnostics.has_errors() {
                eprintln!("error: nothing to {what}");
            }
            Err(1)
        }
    }
}

/// The configuration file's path relative to the service folder (left out of the zips).
pub fn config_file_name(config: Option<&Path>, dir: Option<&Path>) -> Option<String> {
    let config = config?;
    let rel = dir
        .and_then(|d| config.strip_prefix(d).ok())
        .unwrap_or(config);
    Some(rel.to_string_lossy().replace('\\', "/"))
}

/// The service, checked and packaged; errors are printed.
pub fn prepare(global: &Global) -> Result<Prepared, u8> {
    let (service, config_file) = load_service(global, "package")?;
    match package::build(&service, config_file.as_deref()) {
        Ok(package) => Ok(Prepared { service, package }),
        Err(e) => {
            eprintln!("error: {e}");
            Err(1)
        }
    }
}

pub fn run(global: &Global, out_dir: Option<PathBuf>) -> u8 {
    let p = match prepare(global) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let dir = out_dir.unwrap_or_else(|| p.service.dir.join(".serverless"));
    let opts = p
        .package
        .compile_options(|a| package::content_key(&p.service, a));
    let update = cfn::compile(&p.service, &opts);
    let create = cfn::compile_create(&p.service);
    let result = p.package.write(&dir).and_then(|()| {
        for (name, t) in [
            ("cloudformation-template-create-stack.json", &create),
            ("cloudformation-template-update-stack.json", &update),
        ] {
            let path = dir.join(name);
            std::fs::write(&path, t.to_pretty_string())
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        Ok(())
    });
    if let Err(e) = result {
        eprintln!("error: {e}");
        return 1;
    }
    for a in &p.package.artifacts {
        let what = match &a.prebuilt {
            Some(path) => format!("prebuilt {}", path.display()),
            None => format!("{} bytes", a.bytes.len()),
        };
        eprintln!(
            "{} ({what}, sha256 {}): {}",
            a.file_name,
            a.sha256_base64,
            a.functions.join(", ")
        );
    }
    eprintln!("packaged into {}", crate::source::display_name(&dir));
    0
}
