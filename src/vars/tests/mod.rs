//! Tests of the variable grammar and resolution.

mod differential;
mod fixture;
mod grammar;
mod proptests;
mod resolve_errors;
mod resolve_files;
mod resolve_values;

use super::{Context, Resolved, resolve};
use crate::diag::render::short;
use crate::load::load_bytes;
use crate::source::SourceMap;
use std::path::{Path, PathBuf};

/// A context with a few env vars and options, the service folder at `dir`.
pub fn ctx(dir: &Path) -> Context {
    Context {
        env: [
            ("HOME_URL", "https://home"),
            ("dev_URL", "https://dev"),
            ("EMPTY", ""),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect(),
        service_dir: dir.to_path_buf(),
        instance_id: "inst-1".into(),
        ..Context::default()
    }
}

/// Resolves `yaml` (as `<dir>/serverless.yml`); returns the result and the diagnostics as
/// `line:col code` plus the full short renderings.
pub fn run(yaml: &str, c: &Context) -> (Option<Resolved>, Vec<String>, Vec<String>) {
    let mut sm = SourceMap::new();
    let path: PathBuf = c.service_dir.join("serverless.yml");
    let loaded = load_bytes(&path, yaml.as_bytes(), &mut sm).expect("test yaml loads");
    let (res, diags) = resolve(loaded.root, c, &mut sm);
    let mut located = Vec::new();
    let mut full = Vec::new();
    for d in diags.iter() {
        let (name, line, col) = d.span.and_then(|s| sm.locate(s)).unwrap_or_default();
        let file = Path::new(&name)
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default();
        let prefix = if file == "serverless.yml" || file.is_empty() {
            String::new()
        } else {
            format!("{file}:")
        };
        located.push(format!("{prefix}{line}:{col} {}", d.code));
        full.push(short(d, &sm));
    }
    (res, located, full)
}

/// A temporary folder for tests that need files, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        let p = std::env::temp_dir().join(format!("slsc-vars-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
