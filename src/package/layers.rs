//! A layer's zip, as SF v3's `packageLayer` builds it: the files of the layer's `path` (named
//! from there), chosen by the service's rules (default excludes, the configuration file,
//! `package.exclude`, `.env*` with `useDotenv`, the layer's own `package.exclude`; then the
//! service's and the layer's includes and patterns; then the dev-dependency excludes), or the
//! layer's prebuilt `package.artifact` as is.

use super::select::{self, Rules};
use super::{Artifact, OwnPatterns, artifact, zip_rules, zip_selected};
use crate::ir::Service;
use crate::ir::layers::Layer;

pub fn build(
    svc: &Service,
    layer: &Layer,
    config_file: Option<&str>,
    dev: &[String],
) -> Result<Artifact, String> {
    let what = format!("layer \"{}\"", layer.key);
    let (bytes, prebuilt) = match &layer.package.artifact {
        Some(path) => {
            let full = svc.dir.join(path);
            let bytes = std::fs::read(&full).map_err(|e| {
                format!("cannot access package artifact at \"{path}\" (for {what}): {e}")
            })?;
            (bytes, Some(full))
        }
        None => {
            let Some(path) = &layer.path else {
                return Err(format!(
                    "{what} has neither a `path` nor a `package.artifact` to package"
                ));
            };
            let root = svc.dir.join(path);
            let files = select::walk(&root)
                .map_err(|e| format!("cannot list the files of {}: {e}", root.display()))?;
            let rules = rules(svc, layer, config_file, dev);
            (zip_selected(&root, &files, &rules, &what)?, None)
        }
    };
    let mut a = artifact(layer.artifact_file_name(), bytes, prebuilt, "");
    a.functions.clear();
    a.layer = Some(layer.key.clone());
    Ok(a)
}

/// The globs of the layer's zip (SF `resolveFilePathsLayer`: no layer folders excluded).
fn rules(svc: &Service, layer: &Layer, config_file: Option<&str>, dev: &[String]) -> Rules {
    let own = OwnPatterns {
        exclude: &layer.package.exclude,
        include: &layer.package.include,
        patterns: &layer.package.patterns,
    };
    zip_rules(svc, Some(own), false, config_file, dev)
}
