//! yaml-language-server, the YAML server behind VS Code's YAML extension and the usual Neovim
//! and Helix setups, run over files with slsc's editor schema associated to them, as an editor
//! runs it. It is installed once from npm under a cache folder outside the repository
//! (`$SLSC_YLS_DIR`, else `~/.cache/slsc-yaml-language-server-<version>`); the client that
//! drives it is `tests/editor/yls-diagnostics.js`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The version tested: the newest 1.x (2.x needs Node.js 22).
pub const VERSION: &str = "1.25.0";

/// One diagnostic as the editor would show it (0-based line and character).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Diagnostic {
    pub line: usize,
    pub character: usize,
    pub message: String,
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The installed package's folder, installing it first when missing.
pub fn server_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = std::env::var_os("SLSC_YLS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                let cache = std::env::var_os("XDG_CACHE_HOME")
                    .map(PathBuf::from)
                    .unwrap_or_else(|| {
                        PathBuf::from(std::env::var_os("HOME").expect("HOME")).join(".cache")
                    });
                cache.join(format!("slsc-yaml-language-server-{VERSION}"))
            });
        let package = root.join("node_modules/yaml-language-server");
        if !package.join("package.json").is_file() {
            // installed beside, then moved in place: a half-done install is never used
            let staging = root.with_extension(format!("partial-{}", std::process::id()));
            let status = Command::new("npm")
                .args([
                    "install",
                    "--no-audit",
                    "--no-fund",
                    "--no-save",
                    "--prefix",
                ])
                .arg(&staging)
                .arg(format!("yaml-language-server@{VERSION}"))
                .status()
                .expect("npm (Node.js) is needed to install yaml-language-server");
            assert!(
                status.success(),
                "npm install yaml-language-server@{VERSION} failed"
            );
            if std::fs::rename(&staging, &root).is_err() {
                // another run installed it meanwhile
                let _ = std::fs::remove_dir_all(&staging);
            }
        }
        assert!(
            package.join("package.json").is_file(),
            "no {}",
            package.display()
        );
        package
    })
    .clone()
}

/// What the editor showed: diagnostics by file (as given), completion labels by
/// `<file>:<line>:<character>` (0-based).
#[derive(Debug, serde::Deserialize)]
pub struct Report {
    pub diagnostics: BTreeMap<String, Vec<Diagnostic>>,
    pub completions: BTreeMap<String, Vec<String>>,
}

/// What yaml-language-server publishes for each file with `schema` associated to it, by the
/// file's path as given.
pub fn diagnostics(schema: &Path, files: &[PathBuf]) -> BTreeMap<String, Vec<Diagnostic>> {
    run(schema, files, &[]).diagnostics
}

/// [`diagnostics`], and the completions offered at `complete_at` (`<file>:<line>:<character>`).
pub fn run(schema: &Path, files: &[PathBuf], complete_at: &[String]) -> Report {
    let mut cmd = Command::new("node");
    cmd.arg(repo().join("tests/editor/yls-diagnostics.js"))
        .arg(server_dir())
        .arg(schema);
    // associated as docs/editors.md tells editors to
    for glob in ["serverless.yml", "serverless.yaml"] {
        cmd.arg("--match").arg(glob);
    }
    for at in complete_at {
        cmd.arg("--complete").arg(at);
    }
    let out = cmd.args(files).output().expect("node runs");
    assert!(
        out.status.success(),
        "yls-diagnostics.js failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the client prints JSON")
}

/// The checked-in editor flavour of the schema.
pub fn editor_schema() -> PathBuf {
    repo().join(slsc::schema::EDITOR_SCHEMA_FILE)
}

/// The `node_modules` folder the server was installed in: it also holds VS Code's JSON-RPC
/// library (`vscode-jsonrpc`), which `tests/editor/lsp-session.js` drives `slsc lsp` with.
pub fn node_modules() -> PathBuf {
    server_dir()
        .parent()
        .expect("node_modules/yaml-language-server")
        .to_path_buf()
}
