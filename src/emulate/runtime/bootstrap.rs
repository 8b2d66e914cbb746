//! The runtime bootstraps shipped inside slsc (Node.js and Python Runtime API clients), written
//! once to a cache folder, and finding programs on `PATH`.

use std::path::{Path, PathBuf};

/// The Node.js bootstrap (`nodejs*` runtimes).
pub const NODE: &str = include_str!("bootstrap/node.js");
/// Its Runtime API clients (`require`d by the bootstrap from the same folder).
pub const NODE_API: &str = include_str!("bootstrap/node-api.js");
/// The Python bootstrap (`python3.*` runtimes).
pub const PYTHON: &str = include_str!("bootstrap/python.py");

/// The folder holding the bootstrap files: `$TMPDIR/slsc-bootstrap-<hash>/`, written if absent.
pub fn ensure_dir() -> Result<PathBuf, String> {
    let all = [NODE, NODE_API, PYTHON].join("\0");
    let hash = crate::common::digest::to_hex(&crate::common::digest::sha256(all.as_bytes())[..6]);
    let dir = std::env::temp_dir().join(format!("slsc-bootstrap-{hash}"));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for (name, text) in [
        ("node.js", NODE),
        ("node-api.js", NODE_API),
        ("python.py", PYTHON),
    ] {
        write_once(&dir.join(name), text)?;
    }
    Ok(dir)
}

/// Writes `text` to `path` unless it already holds exactly that (via a temporary file and a
/// rename, so parallel runs never see half a file).
fn write_once(path: &Path, text: &str) -> Result<(), String> {
    if std::fs::read(path).is_ok_and(|b| b == text.as_bytes()) {
        return Ok(());
    }
    let tmp = path.with_extension(format!("tmp{}", crate::common::ids::random_u64()));
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("cannot write {}: {e}", path.display())
        })
}

/// Finds `name` on `PATH` (an executable file).
pub fn which(name: &str, path_var: Option<&str>) -> Option<PathBuf> {
    let path_var = path_var?;
    std::env::split_paths(path_var)
        .map(|d| d.join(name))
        .find(|p| is_executable(p))
}

/// True for a regular file with an execute bit (on Unix).
pub fn is_executable(p: &Path) -> bool {
    let Ok(meta) = std::fs::metadata(p) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_bootstraps_once() {
        let dir = ensure_dir().unwrap();
        assert_eq!(std::fs::read_to_string(dir.join("node.js")).unwrap(), NODE);
        assert_eq!(
            std::fs::read_to_string(dir.join("node-api.js")).unwrap(),
            NODE_API
        );
        assert_eq!(
            std::fs::read_to_string(dir.join("python.py")).unwrap(),
            PYTHON
        );
        assert_eq!(ensure_dir().unwrap(), dir);
    }

    #[test]
    fn which_finds_executables_only() {
        let t = tempfile::tempdir().unwrap();
        let exe = t.path().join("tool");
        std::fs::write(&exe, "#!/bin/sh\n").unwrap();
        let path_var = t.path().display().to_string();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(which("tool", Some(&path_var)), None);
            std::fs::set_permissions(&exe, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        assert_eq!(which("tool", Some(&path_var)), Some(exe));
        assert_eq!(which("missing", Some(&path_var)), None);
        assert_eq!(which("tool", None), None);
    }
}
