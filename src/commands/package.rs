//! `slsc package`: the zips and both templates in `.serverless/`, as `serverless package`
//! writes them.

use super::{Global, prepare};
use crate::cfn;
use crate::package;
use std::path::PathBuf;

/// `slsc package`: the zips and both templates in `out_dir` (default `.serverless/`).
pub fn run(global: &Global, out_dir: Option<PathBuf>) -> u8 {
    let p = match prepare(global, "package") {
        Ok(p) => p,
        Err(code) => return code,
    };
    let dir = out_dir.unwrap_or_else(|| p.service.dir.join(".serverless"));
    let mut opts = p
        .package
        .compile_options(|a| package::content_key(&p.service, a));
    // SF's `Date.now()` in the `ForceDeploy` of custom resources
    opts.deploy_time = Some(crate::common::time::now_millis());
    let update = cfn::compile(&p.service, &opts);
    let create = cfn::compile_create(&p.service);
    let mut written = p.package.clone();
    if update.uses_custom_resources() {
        written.artifacts.push(package::custom_resources_artifact());
    }
    let result = written.write(&dir).and_then(|()| {
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
    for a in &written.artifacts {
        let what = match &a.prebuilt {
            Some(path) => format!("prebuilt {}", path.display()),
            None => format!("{} bytes", a.bytes.len()),
        };
        let of = match &a.layer {
            Some(layer) => format!("layer {layer}"),
            None => a.functions.join(", "),
        };
        eprintln!("{} ({what}, sha256 {}): {of}", a.file_name, a.sha256_base64);
    }
    eprintln!("packaged into {}", crate::source::display_name(&dir));
    0
}
