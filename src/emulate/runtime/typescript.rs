//! TypeScript handlers (`handler: src/api.handler` with `src/api.ts`), run as they are: built
//! with the project's esbuild when it has one (as SF v4 and serverless-esbuild do: bundled,
//! packages left to `node_modules`, with source maps so stack traces point at the `.ts`
//! lines), else loaded by Node.js itself where it strips types (22.6 and newer), else a clear
//! error naming both ways. Builds go to `.serverless/slsc-build/`, all functions in one
//! esbuild run, again on every change under `--watch`.

use std::path::{Path, PathBuf};

/// Where builds go, under the service's folder (the watcher ignores `.serverless`).
pub const BUILD_DIR: &str = ".serverless/slsc-build";

/// The TypeScript file of Node.js handler `handler` in `dir`, when it has no JavaScript one.
pub fn source_of(dir: &Path, handler: &str) -> Option<PathBuf> {
    let base = handler.rsplit('/').next().unwrap_or(handler);
    let root = &handler[..handler.len() - base.len()];
    let (module, _) = base.split_once('.')?;
    let stem = dir.join(root).join(module);
    let with = |ext: &str| PathBuf::from(format!("{}{ext}", stem.display()));
    if ["", ".js", ".mjs", ".cjs"]
        .iter()
        .any(|e| with(e).is_file())
    {
        return None;
    }
    [".ts", ".mts", ".cts"]
        .iter()
        .map(|e| with(e))
        .find(|p| p.is_file())
}

/// How a TypeScript handler runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Built by this esbuild into [`BUILD_DIR`].
    Esbuild(PathBuf),
    /// Loaded by Node.js, which strips the types itself (with `flag` when it needs one).
    StripTypes { flag: Option<&'static str> },
}

/// The project's esbuild (`node_modules/.bin/esbuild` in the service's folder or above).
pub fn project_esbuild(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join("node_modules/.bin/esbuild"))
        .find(|p| super::bootstrap::is_executable(p))
}

/// Whether Node.js `version` (`22.6.0`) strips types, and with which flag: unflagged from
/// 22.18 and 23.6, behind `--experimental-strip-types` from 22.6.
pub fn strips_types(version: &str) -> Option<Option<&'static str>> {
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next()?, parts.next().unwrap_or(0));
    match (major, minor) {
        (m, _) if m >= 24 => Some(None),
        (23, m) if m >= 6 => Some(None),
        (22, m) if m >= 18 => Some(None),
        (23, _) => Some(Some("--experimental-strip-types")),
        (22, m) if m >= 6 => Some(Some("--experimental-strip-types")),
        _ => None,
    }
}

/// How `source` runs in the service in `dir` with Node.js `node_version`, or why it cannot.
pub fn mode(dir: &Path, source: &Path, node_version: &str) -> Result<Mode, String> {
    if let Some(esbuild) = project_esbuild(dir) {
        return Ok(Mode::Esbuild(esbuild));
    }
    if let Some(flag) = strips_types(node_version) {
        return Ok(Mode::StripTypes { flag });
    }
    Err(format!(
        "{} is TypeScript, and nothing here can run it: install esbuild in the project \
         (npm install --save-dev esbuild), or use Node.js 22.6 or newer, which strips types \
         itself (this one is {node_version})",
        crate::source::display_name(source)
    ))
}

/// The handler string of the built file: `src/api.handler` → `.serverless/slsc-build/src/api.handler`.
pub fn built_handler(handler: &str) -> String {
    format!("{BUILD_DIR}/{handler}")
}

/// One esbuild run for every TypeScript function of a service.
#[derive(Clone, Debug)]
pub struct Build {
    pub esbuild: PathBuf,
    pub dir: PathBuf,
    /// The `.ts` files, relative to `dir`.
    pub entries: Vec<PathBuf>,
    /// `node20`: what the output may use.
    pub target: String,
    /// ES modules (the service's `package.json` says `"type": "module"`) or CommonJS.
    pub esm: bool,
}

impl Build {
    /// Builds every entry; esbuild's own report when it fails.
    pub fn run(&self) -> Result<(), String> {
        let (format, ext) = if self.esm {
            ("esm", ".mjs")
        } else {
            ("cjs", ".cjs")
        };
        let out = std::process::Command::new(&self.esbuild)
            .args(&self.entries)
            .args([
                "--bundle",
                "--platform=node",
                "--packages=external",
                "--sourcemap",
                "--log-level=warning",
                "--outbase=.",
            ])
            .arg(format!("--outdir={BUILD_DIR}"))
            .arg(format!("--format={format}"))
            .arg(format!("--out-extension:.js={ext}"))
            .arg(format!("--target={}", self.target))
            .current_dir(&self.dir)
            .stdin(std::process::Stdio::null())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.esbuild.display()))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "esbuild could not build the TypeScript handlers:\n{}",
                String::from_utf8_lossy(&out.stderr).trim_end()
            ))
        }
    }
}

/// Whether the `package.json` of the service says `"type": "module"`.
pub fn service_is_esm(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("package.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .is_some_and(|v| v["type"] == "module")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_node_versions_strip_types() {
        let cases = [
            ("20.20.2", None),
            ("22.5.1", None),
            ("22.6.0", Some(Some("--experimental-strip-types"))),
            ("22.17.9", Some(Some("--experimental-strip-types"))),
            ("22.18.0", Some(None)),
            ("23.1.0", Some(Some("--experimental-strip-types"))),
            ("23.6.0", Some(None)),
            ("24.0.0", Some(None)),
        ];
        for (v, want) in cases {
            assert_eq!(strips_types(v), want, "{v}");
        }
    }

    #[test]
    fn typescript_sources_and_the_error_without_a_way_to_run_them() {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(t.path().join("src")).unwrap();
        std::fs::write(t.path().join("src/api.ts"), "").unwrap();
        std::fs::write(t.path().join("src/both.ts"), "").unwrap();
        std::fs::write(t.path().join("src/both.js"), "").unwrap();
        let ts = source_of(t.path(), "src/api.handler").unwrap();
        assert_eq!(ts, t.path().join("src/api.ts"));
        assert_eq!(
            source_of(t.path(), "src/both.handler"),
            None,
            "JavaScript wins"
        );
        assert_eq!(source_of(t.path(), "src/none.handler"), None);
        assert_eq!(
            mode(t.path(), &ts, "22.18.0").unwrap(),
            Mode::StripTypes { flag: None }
        );
        let e = mode(t.path(), &ts, "20.20.2").unwrap_err();
        assert!(e.contains("install esbuild"), "{e}");
        assert!(e.contains("Node.js 22.6 or newer"), "{e}");
        assert!(e.contains("this one is 20.20.2"), "{e}");
        assert_eq!(
            built_handler("src/api.handler"),
            ".serverless/slsc-build/src/api.handler"
        );
    }
}
