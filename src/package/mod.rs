//! Packaging: the service's code as SF v3 zips it (`lib/plugins/package/lib/*`), reproducibly.
//!
//! [`build`] decides the artifacts (one `<service>.zip`, one `<function>.zip` per function with
//! `package.individually`, or the prebuilt zips of `package.artifact`), selects the files of
//! each ([`select`], [`glob`], [`devdeps`]), zips them ([`zip`]) and hashes them. The hashes feed
//! `cfn::CompileOptions` so `CodeSha256`, the `LambdaVersion` ids and the S3 keys change exactly
//! when the code does. Outside a deploy the S3 key's folder is the first 16 hex digits of the
//! zip's SHA-256 (SF v3 uses the packaging time): `serverless/<service>/<stage>/<hash16>/<zip>`.

pub mod devdeps;
pub mod glob;
pub mod layers;
pub mod select;
pub mod zip;

use crate::cfn::{ArtifactInfo, CompileOptions};
use crate::common::digest;
use crate::ir::{Function, Service};
use indexmap::IndexMap;
use select::{DEFAULT_EXCLUDES, Rules};
use std::path::{Path, PathBuf};

/// One zip.
#[derive(Clone, Debug)]
pub struct Artifact {
    /// The file name (`<service>.zip`, `<function>.zip`, or the prebuilt file's name): the last
    /// part of its S3 key.
    pub file_name: String,
    /// The zip's bytes.
    pub bytes: Vec<u8>,
    /// Where a prebuilt artifact lives (`None` for the zips slsc builds).
    pub prebuilt: Option<PathBuf>,
    /// Base64 SHA-256 (`CodeSha256`, and the `filesha256` metadata on S3).
    pub sha256_base64: String,
    pub sha256_hex: String,
    /// The function keys whose code this is.
    pub functions: Vec<String>,
    /// The layer whose code this is (then `functions` is empty).
    pub layer: Option<String>,
}

/// Every artifact of a service.
#[derive(Clone, Debug, Default)]
pub struct Package {
    pub artifacts: Vec<Artifact>,
}

impl Package {
    /// The artifact of function `key`.
    pub fn artifact_of(&self, key: &str) -> Option<&Artifact> {
        self.artifacts
            .iter()
            .find(|a| a.functions.iter().any(|f| f == key))
    }

    /// Compile options whose code keys come from `key` (the S3 key of each artifact).
    pub fn compile_options(&self, key: impl Fn(&Artifact) -> String) -> CompileOptions {
        let mut function_artifacts = IndexMap::new();
        let mut layer_artifacts = IndexMap::new();
        for a in &self.artifacts {
            let info = ArtifactInfo {
                s3_key: key(a),
                sha256_base64: a.sha256_base64.clone(),
            };
            if let Some(layer) = &a.layer {
                layer_artifacts.insert(layer.clone(), info.clone());
            }
            for f in &a.functions {
                function_artifacts.insert(f.clone(), info.clone());
            }
        }
        CompileOptions {
            function_artifacts,
            layer_artifacts,
            ..CompileOptions::default()
        }
    }

    /// Writes the zips slsc built into `dir` (normally `.serverless/`).
    pub fn write(&self, dir: &Path) -> Result<(), String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        for a in self.artifacts.iter().filter(|a| a.prebuilt.is_none()) {
            let path = dir.join(&a.file_name);
            std::fs::write(&path, &a.bytes)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        Ok(())
    }
}

/// `custom-resources.zip`, the handlers of SF's custom resources ([`crate::custom_resources`]):
/// shipped beside the code when the template uses them
/// ([`crate::cfn::Template::uses_custom_resources`]).
pub fn custom_resources_artifact() -> Artifact {
    let zip = crate::custom_resources::zip();
    Artifact {
        file_name: crate::custom_resources::ARTIFACT_NAME.to_string(),
        bytes: zip.bytes.clone(),
        prebuilt: None,
        sha256_base64: zip.sha256_base64.clone(),
        sha256_hex: zip.sha256_hex.clone(),
        functions: Vec::new(),
        layer: None,
    }
}

/// The content-derived S3 key of `a` (outside a deploy).
pub fn content_key(svc: &Service, a: &Artifact) -> String {
    let dir = a.sha256_hex.get(..16).unwrap_or(&a.sha256_hex);
    format!(
        "{}/{dir}/{}",
        crate::ir::naming::deployment_key_prefix(svc),
        a.file_name
    )
}

/// Packages `svc`; `config_file` is the configuration's path relative to the service folder
/// (left out of the zips, as SF v3 does).
pub fn build(svc: &Service, config_file: Option<&str>) -> Result<Package, String> {
    let dir = &svc.dir;
    let needs_zip = svc
        .functions
        .iter()
        .any(|f| f.image.is_none() && f.package.artifact.is_none())
        || svc.layers.iter().any(|l| l.package.artifact.is_none());
    let files = if needs_zip {
        select::walk(dir).map_err(|e| format!("cannot list the files of {}: {e}", dir.display()))?
    } else {
        Vec::new()
    };
    let dev = if needs_zip && svc.package.exclude_dev_dependencies {
        devdeps::excludes(dir, &files)
    } else {
        Vec::new()
    };
    let mut pkg = Package::default();
    let mut shared: Option<usize> = None;
    for f in svc.functions.iter().filter(|f| f.image.is_none()) {
        let individually = f.package.individually || svc.package.individually;
        let own_prebuilt = f.package.artifact.as_deref();
        let service_prebuilt = svc
            .package
            .artifact
            .as_deref()
            .filter(|_| !f.package.individually);
        if let Some(path) = own_prebuilt.or(service_prebuilt) {
            add_prebuilt(&mut pkg, dir, path, &f.key)?;
        } else if individually {
            let rules = rules(svc, Some(f), config_file, &dev);
            let bytes = zip_selected(dir, &files, &rules, &format!("function \"{}\"", f.key))?;
            pkg.artifacts
                .push(artifact(format!("{}.zip", f.key), bytes, None, &f.key));
        } else if let Some(i) = shared {
            if let Some(a) = pkg.artifacts.get_mut(i) {
                a.functions.push(f.key.clone());
            }
        } else {
            let rules = rules(svc, None, config_file, &dev);
            let bytes = zip_selected(dir, &files, &rules, "service package")?;
            shared = Some(pkg.artifacts.len());
            pkg.artifacts
                .push(artifact(format!("{}.zip", svc.name), bytes, None, &f.key));
        }
    }
    for layer in &svc.layers {
        pkg.artifacts
            .push(layers::build(svc, layer, config_file, &dev)?);
    }
    distinct_names(&pkg)?;
    Ok(pkg)
}

/// Every zip lands at `<folder>/<file name>` in the bucket, so two of one name (a function
/// packaged alone and a layer called alike, two prebuilt `dist/x.zip`) would overwrite each
/// other and one function or layer would run the other's code: refused, naming both.
fn distinct_names(pkg: &Package) -> Result<(), String> {
    let owner = |a: &Artifact| match &a.layer {
        Some(layer) => format!("layer \"{layer}\""),
        None => format!("function \"{}\"", a.functions.join("\", \"")),
    };
    for (i, a) in pkg.artifacts.iter().enumerate() {
        if let Some(b) = pkg.artifacts[..i]
            .iter()
            .find(|b| b.file_name == a.file_name)
        {
            return Err(format!(
                "the zips of {} and {} are both named {}: rename one (a function, a layer or a \
                 package.artifact file), as they would overwrite each other in the bucket",
                owner(b),
                owner(a),
                a.file_name
            ));
        }
    }
    Ok(())
}

pub(crate) fn artifact(
    file_name: String,
    bytes: Vec<u8>,
    prebuilt: Option<PathBuf>,
    f: &str,
) -> Artifact {
    let sha256_base64 = digest::sha256_base64(&bytes);
    let sha256_hex = digest::sha256_hex(&bytes);
    Artifact {
        file_name,
        bytes,
        prebuilt,
        sha256_base64,
        sha256_hex,
        functions: vec![f.to_string()],
        layer: None,
    }
}

fn add_prebuilt(pkg: &mut Package, dir: &Path, path: &str, f: &str) -> Result<(), String> {
    if path.starts_with("s3://") {
        return Err(format!(
            "package.artifact \"{path}\" (for \"{f}\"): artifacts already on S3 are not supported by slsc yet"
        ));
    }
    let full = dir.join(path);
    if let Some(a) = pkg
        .artifacts
        .iter_mut()
        .find(|a| a.prebuilt.as_deref() == Some(full.as_path()))
    {
        a.functions.push(f.to_string());
        return Ok(());
    }
    let bytes = std::fs::read(&full)
        .map_err(|e| format!("cannot access package artifact at \"{path}\" (for \"{f}\"): {e}"))?;
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path).to_string();
    pkg.artifacts.push(artifact(name, bytes, Some(full), f));
    Ok(())
}

/// The globs for the service zip (`f` = `None`) or function `f`'s own zip.
fn rules(svc: &Service, f: Option<&Function>, config_file: Option<&str>, dev: &[String]) -> Rules {
    let own = f.map(|f| OwnPatterns {
        exclude: &f.package.exclude,
        include: &f.package.include,
        patterns: &f.package.patterns,
    });
    zip_rules(svc, own, true, config_file, dev)
}

/// The `package` globs of a function or layer of its own.
pub(crate) struct OwnPatterns<'a> {
    pub exclude: &'a [String],
    pub include: &'a [String],
    pub patterns: &'a [String],
}

/// The globs of a zip (SF `getExcludes` and `getIncludes`): the defaults, the configuration
/// file, the service's excludes, every layer's folder (for the functions' zips; SF writes
/// `undefined/**` for a layer without a path), `.env*` with `useDotenv`, the zip's own
/// excludes; then the service's includes and patterns and the zip's own; then the
/// dev-dependency excludes.
pub(crate) fn zip_rules(
    svc: &Service,
    own: Option<OwnPatterns>,
    exclude_layer_folders: bool,
    config_file: Option<&str>,
    dev: &[String],
) -> Rules {
    let mut exclude: Vec<String> = DEFAULT_EXCLUDES.iter().map(|s| s.to_string()).collect();
    exclude.extend(config_file.map(str::to_string));
    exclude.extend(svc.package.exclude.iter().cloned());
    if exclude_layer_folders {
        exclude.extend(
            svc.layers
                .iter()
                .map(|l| format!("{}/**", l.path.as_deref().unwrap_or("undefined"))),
        );
    }
    if svc.use_dotenv {
        exclude.push(".env*".into());
    }
    let mut include: Vec<String> = svc.package.include.clone();
    include.extend(svc.package.patterns.iter().cloned());
    if let Some(own) = own {
        exclude.extend(own.exclude.iter().cloned());
        include.extend(own.include.iter().cloned());
        include.extend(own.patterns.iter().cloned());
    }
    exclude.extend(dev.iter().cloned());
    union(&mut exclude);
    union(&mut include);
    Rules {
        exclude,
        include,
        dev_excludes: dev.to_vec(),
    }
}

/// `_.union`: first occurrences, in order.
fn union(v: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    v.retain(|s| seen.insert(s.clone()));
}

pub(crate) fn zip_selected(
    dir: &Path,
    files: &[String],
    rules: &Rules,
    what: &str,
) -> Result<Vec<u8>, String> {
    let chosen = select::select(files, rules);
    if chosen.is_empty() {
        return Err(format!(
            "no file matches the include / exclude patterns of the {what}"
        ));
    }
    zip::zip_files(dir, &chosen)
}
