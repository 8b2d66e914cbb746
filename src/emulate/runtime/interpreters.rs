//! The interpreters that run a function's runtime, as installed: the exact one when it is
//! there (`python3.9`, `node18` or nvm's Node.js 18), else the nearest installed version of
//! the same language, with one note naming both versions; a language that is not installed at
//! all is a clear start-up error. Versions are read by running the interpreter once and kept
//! in a small cache file beside the bootstraps (keyed by the program's path, size and change
//! time), so a later start does not pay for it again.

use super::bootstrap::{is_executable, which};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// An interpreter found: the program to run, and its version (`3.11.7`, `20.20.2`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Interpreter {
    pub program: PathBuf,
    pub version: String,
}

impl Interpreter {
    /// The version's first number after the language's (`11` of Python `3.11.7`, `20` of
    /// Node.js `20.20.2`).
    fn minor_or_major(&self, python: bool) -> Option<u32> {
        let mut parts = self.version.split('.');
        if python {
            parts.next();
        }
        parts.next()?.parse().ok()
    }
}

/// Interpreters found so far, by runtime, and the notes to say once at start.
#[derive(Default)]
pub struct Interpreters {
    found: HashMap<String, Result<Interpreter, String>>,
    path_var: Option<String>,
    /// nvm's folder (`$NVM_DIR`, else `~/.nvm`), where Node.js versions may be installed.
    nvm_dir: Option<PathBuf>,
    /// Where versions are remembered between runs (`None`: not remembered).
    cache_file: Option<PathBuf>,
    cache: Option<HashMap<String, (String, String)>>,
    cache_dirty: bool,
    /// `nodejs18.x` ran with Node.js 20, and the like: one line each.
    pub notes: Vec<String>,
}

impl Interpreters {
    pub fn new(path_var: Option<String>) -> Self {
        let nvm_dir = std::env::var_os("NVM_DIR")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".nvm")));
        Interpreters {
            path_var,
            nvm_dir,
            ..Interpreters::default()
        }
    }

    /// Remembers versions in `file` between runs.
    pub fn with_cache(mut self, file: PathBuf) -> Self {
        self.cache_file = Some(file);
        self
    }

    /// The Node.js for runtime `nodejsN.x`, or why there is none.
    pub fn node(&mut self, runtime: &str) -> Result<Interpreter, String> {
        self.memo(runtime, Self::find_node)
    }

    /// The Python for runtime `python3.X`: `python3.X` when it runs (an unselected pyenv
    /// version's shim does not), else the nearest `python3.N` or `python3` that does (the newer
    /// of two equally near); or why there is none. Shims (pyenv, asdf) are resolved to the real
    /// interpreter, so each cold start skips them.
    pub fn python(&mut self, runtime: &str) -> Result<Interpreter, String> {
        self.memo(runtime, Self::find_python)
    }

    /// `find`'s answer for `runtime`, looked for once (and its note said once).
    fn memo(
        &mut self,
        runtime: &str,
        find: fn(&mut Self, &str) -> Result<Interpreter, String>,
    ) -> Result<Interpreter, String> {
        if let Some(r) = self.found.get(runtime) {
            return r.clone();
        }
        let result = find(self, runtime);
        self.found.insert(runtime.to_string(), result.clone());
        self.save_cache();
        result
    }

    fn find_node(&mut self, runtime: &str) -> Result<Interpreter, String> {
        let wanted: Option<u32> = runtime
            .strip_prefix("nodejs")
            .and_then(|r| r.split('.').next())
            .and_then(|n| n.parse().ok());
        let mut candidates: Vec<PathBuf> = Vec::new();
        if let Some(n) = wanted {
            candidates.extend(self.which(&format!("node{n}")));
            candidates.extend(self.nvm_dir.as_deref().and_then(|d| nvm_node(d, n)));
        }
        candidates.extend(self.which("node"));
        let found = candidates.into_iter().find_map(|p| {
            self.version(&p).map(|v| Interpreter {
                program: p,
                version: v,
            })
        });
        match found {
            None => Err(format!(
                "runtime `{runtime}` needs Node.js, and none is installed (no `node` on PATH)"
            )),
            Some(i) => {
                if let Some(n) = wanted
                    && i.minor_or_major(false) != Some(n)
                {
                    self.notes.push(format!(
                        "runtime {runtime}: Node.js {n} is not installed; its functions run with Node.js {} ({})",
                        i.version,
                        i.program.display()
                    ));
                }
                Ok(i)
            }
        }
    }

    fn find_python(&mut self, runtime: &str) -> Result<Interpreter, String> {
        let wanted: Option<u32> = runtime
            .strip_prefix("python3.")
            .and_then(|m| m.parse().ok());
        let exact = self.which(runtime).and_then(|p| self.real_python(&p));
        match exact {
            Some(i) => Ok(i),
            None => {
                let mut names = self.python_names();
                names.push("python3".to_string());
                let mut best: Option<Interpreter> = None;
                for name in names {
                    let Some(i) = self.which(&name).and_then(|p| self.real_python(&p)) else {
                        continue;
                    };
                    let distance = |x: &Interpreter| {
                        let m = x.minor_or_major(true).unwrap_or(0);
                        (wanted.map_or(0, |w| m.abs_diff(w)), std::cmp::Reverse(m))
                    };
                    if best.as_ref().is_none_or(|b| distance(&i) < distance(b)) {
                        best = Some(i);
                    }
                }
                match best {
                    None => Err(format!(
                        "runtime `{runtime}` needs Python 3, and none is installed (no `{runtime}`, `python3.*` or `python3` on PATH that runs)"
                    )),
                    Some(i) => {
                        if wanted.is_some() && i.minor_or_major(true) != wanted {
                            self.notes.push(format!(
                                "runtime {runtime}: Python {} is not installed; its functions run with Python {} ({})",
                                runtime.trim_start_matches("python"),
                                i.version,
                                i.program.display()
                            ));
                        }
                        Ok(i)
                    }
                }
            }
        }
    }

    fn which(&self, name: &str) -> Option<PathBuf> {
        which(name, self.path_var.as_deref())
    }

    /// `python3.N` programs on `PATH`, by name, each once.
    fn python_names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        let Some(path_var) = &self.path_var else {
            return names;
        };
        for dir in std::env::split_paths(path_var) {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let is_versioned = name
                    .strip_prefix("python3.")
                    .is_some_and(|m| !m.is_empty() && m.bytes().all(|b| b.is_ascii_digit()));
                if is_versioned && !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        names.sort();
        names
    }

    /// The real interpreter behind `p` (`sys.executable`) and its version, when it runs.
    fn real_python(&mut self, p: &Path) -> Option<Interpreter> {
        let key = cache_key(p)?;
        // a shim (pyenv, asdf) picks its interpreter from the version files and variables in
        // force, so what it picked is remembered under those
        let shim_key = format!("{key}|shim|{}", version_selection());
        for k in [&key, &shim_key] {
            if let Some((real, version)) = self.cached(k) {
                let real = PathBuf::from(real);
                if is_executable(&real) {
                    return Some(Interpreter {
                        program: real,
                        version,
                    });
                }
            }
        }
        let out = run(
            p,
            &[
                "-c",
                "import sys; print(sys.executable); print('%d.%d.%d' % sys.version_info[:3])",
            ],
        )?;
        let mut lines = out.lines();
        let real = PathBuf::from(lines.next()?.trim());
        let version = lines.next()?.trim().to_string();
        if !is_executable(&real) {
            return None;
        }
        let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        };
        let k = if same(p, &real) { key } else { shim_key };
        self.remember(k, real.display().to_string(), version.clone());
        Some(Interpreter {
            program: real,
            version,
        })
    }

    /// The version of the Node.js at `p` (`20.20.2`), when it runs.
    fn version(&mut self, p: &Path) -> Option<String> {
        let key = cache_key(p)?;
        if let Some((_, version)) = self.cached(&key) {
            return Some(version);
        }
        let out = run(p, &["--version"])?;
        let version = out.trim().trim_start_matches('v').to_string();
        if version.is_empty() {
            return None;
        }
        self.remember(key, p.display().to_string(), version.clone());
        Some(version)
    }

    fn cached(&mut self, key: &str) -> Option<(String, String)> {
        if self.cache.is_none() {
            self.cache = Some(
                self.cache_file
                    .as_ref()
                    .and_then(|f| std::fs::read_to_string(f).ok())
                    .map(|t| parse_cache(&t))
                    .unwrap_or_default(),
            );
        }
        self.cache.as_ref()?.get(key).cloned()
    }

    fn remember(&mut self, key: String, real: String, version: String) {
        if let Some(c) = self.cache.as_mut() {
            // one entry per folder a shim was asked from: forget them all past a few hundred
            if c.len() >= 256 {
                c.retain(|k, _| !k.contains("|shim|"));
            }
            c.insert(key, (real, version));
            self.cache_dirty = true;
        }
    }

    /// Writes what was learned (through a temporary file and a rename: parallel starts never
    /// read half a file; the last writer wins, which loses nothing worth keeping).
    fn save_cache(&mut self) {
        let (Some(file), Some(cache)) = (&self.cache_file, &self.cache) else {
            return;
        };
        if !self.cache_dirty {
            return;
        }
        let mut text = String::new();
        for (k, (real, version)) in cache {
            text.push_str(&format!("{k}\t{real}\t{version}\n"));
        }
        let tmp = file.with_extension(format!("tmp{}", crate::common::ids::random_u64()));
        if std::fs::write(&tmp, text)
            .and_then(|()| std::fs::rename(&tmp, file))
            .is_err()
        {
            let _ = std::fs::remove_file(&tmp);
        }
        self.cache_dirty = false;
    }
}

/// What decides which interpreter a version-manager shim runs, as one digest: pyenv's and
/// asdf's variables, the `.python-version` and `.tool-versions` files from the current folder
/// up, and the global version files (`$PYENV_ROOT/version`, `~/.tool-versions`). A change to
/// any of them (`pyenv local`, `pyenv shell`, `pyenv global`) makes the shim be asked again.
fn version_selection() -> String {
    let mut feed = String::new();
    for (k, v) in std::env::vars() {
        if k.starts_with("PYENV") || k.starts_with("ASDF") {
            feed.push_str(&format!("{k}={v}\n"));
        }
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let pyenv_root = std::env::var_os("PYENV_ROOT")
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".pyenv")));
    let mut files: Vec<PathBuf> = Vec::new();
    if let Ok(cwd) = std::env::current_dir() {
        for d in cwd.ancestors() {
            files.push(d.join(".python-version"));
            files.push(d.join(".tool-versions"));
        }
    }
    files.extend(pyenv_root.map(|r| r.join("version")));
    files.extend(home.map(|h| h.join(".tool-versions")));
    for f in files {
        if let Ok(text) = std::fs::read_to_string(&f) {
            feed.push_str(&format!("{}\n{text}\n", f.display()));
        }
    }
    let digest = crate::common::digest::sha256_hex(feed.as_bytes());
    digest.get(..16).unwrap_or(&digest).to_string()
}

/// `path|size|modified-nanos` of the program (a reinstalled interpreter gets a new key).
fn cache_key(p: &Path) -> Option<String> {
    let meta = std::fs::metadata(p).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    let key = format!("{}|{}|{modified}", p.display(), meta.len());
    (!key.contains('\t') && !key.contains('\n')).then_some(key)
}

fn parse_cache(text: &str) -> HashMap<String, (String, String)> {
    text.lines()
        .filter_map(|l| {
            let mut parts = l.split('\t');
            let (k, real, version) = (parts.next()?, parts.next()?, parts.next()?);
            Some((k.to_string(), (real.to_string(), version.to_string())))
        })
        .collect()
}

/// Runs `p args`, its stdout when it succeeded.
fn run(p: &Path, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new(p)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8(out.stdout).ok()
}

/// nvm's newest installed Node.js `n` (`<nvm>/versions/node/v<n>.*/bin/node`).
fn nvm_node(nvm: &Path, n: u32) -> Option<PathBuf> {
    let dir = nvm.join("versions/node");
    let prefix = format!("v{n}.");
    let mut versions: Vec<(Vec<u32>, PathBuf)> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let rest = name.strip_prefix(&prefix)?;
            let nums = std::iter::once(n)
                .chain(rest.split('.').filter_map(|x| x.parse().ok()))
                .collect();
            let bin = e.path().join("bin/node");
            is_executable(&bin).then_some((nums, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, p)| p)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn script(dir: &Path, name: &str, body: &str) {
        let p = dir.join(name);
        std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }

    fn python3() -> Option<PathBuf> {
        which("python3", std::env::var("PATH").ok().as_deref())
    }

    #[test]
    fn a_versioned_python_that_does_not_run_gives_way_with_a_note() {
        let Some(python3) = python3() else {
            return; // nothing to fall back to on this machine
        };
        let t = tempfile::tempdir().unwrap();
        // what pyenv's shim does for a version that is installed but not selected
        script(
            t.path(),
            "python3.9",
            "echo 'pyenv: python3.9: command not found' >&2; exit 127",
        );
        script(
            t.path(),
            "python3",
            &format!("exec '{}' \"$@\"", python3.display()),
        );
        let mut found = Interpreters::new(Some(t.path().display().to_string()));
        let i = found.python("python3.9").unwrap();
        assert_ne!(i.program, t.path().join("python3.9"));
        let ran = std::process::Command::new(&i.program)
            .args(["-c", "print('ok')"])
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&ran.stdout).trim(), "ok");
        assert_eq!(found.notes.len(), 1, "{:?}", found.notes);
        assert!(
            found.notes[0].contains("Python 3.9 is not installed"),
            "{:?}",
            found.notes
        );
        assert!(
            found.notes[0].contains(&format!("Python {}", i.version)),
            "{:?}",
            found.notes
        );
        // asked again (another function), no second note
        found.python("python3.9").unwrap();
        assert_eq!(found.notes.len(), 1);
    }

    #[test]
    fn the_nearest_installed_python_is_chosen() {
        let t = tempfile::tempdir().unwrap();
        // stand-ins that answer as interpreters of their version would
        for (name, v) in [
            ("python3.8", "3.8.18"),
            ("python3.12", "3.12.1"),
            ("python3", "3.12.1"),
        ] {
            let real = t.path().join(name);
            script(
                t.path(),
                name,
                &format!("echo '{}'; echo '{v}'", real.display()),
            );
        }
        let mut found = Interpreters::new(Some(t.path().display().to_string()));
        assert_eq!(found.python("python3.12").unwrap().version, "3.12.1");
        assert!(found.notes.is_empty(), "exact: {:?}", found.notes);
        let i = found.python("python3.9").unwrap();
        assert_eq!(i.program, t.path().join("python3.8"));
        assert_eq!(found.notes.len(), 1);
        let i = found.python("python3.11").unwrap();
        assert_eq!(i.version, "3.12.1", "the nearer, newer one");
    }

    #[test]
    fn node_is_the_exact_major_or_the_one_on_path_with_a_note() {
        let t = tempfile::tempdir().unwrap();
        script(t.path(), "node", "echo v20.20.2");
        script(t.path(), "node18", "echo v18.19.0");
        let cache = t.path().join("versions");
        let mut found =
            Interpreters::new(Some(t.path().display().to_string())).with_cache(cache.clone());
        found.nvm_dir = None;
        assert_eq!(
            found.node("nodejs18.x").unwrap().program,
            t.path().join("node18")
        );
        assert_eq!(found.node("nodejs20.x").unwrap().version, "20.20.2");
        assert!(found.notes.is_empty(), "{:?}", found.notes);
        let i = found.node("nodejs22.x").unwrap();
        assert_eq!(i.program, t.path().join("node"));
        assert_eq!(
            found.notes,
            [format!(
                "runtime nodejs22.x: Node.js 22 is not installed; its functions run with Node.js 20.20.2 ({})",
                t.path().join("node").display()
            )]
        );
        // remembered: a later run reads the version from the cache, even when the program no
        // longer answers as before (its size and time unchanged)
        assert!(
            std::fs::read_to_string(&cache)
                .unwrap()
                .contains("\t20.20.2")
        );
        let mut again = Interpreters::new(Some(t.path().display().to_string())).with_cache(cache);
        assert_eq!(again.node("nodejs20.x").unwrap().version, "20.20.2");
    }

    #[test]
    fn what_a_shim_picked_is_remembered() {
        let t = tempfile::tempdir().unwrap();
        let real = t.path().join("real-python3.11");
        script(t.path(), "real-python3.11", "exit 0");
        let asked = t.path().join("asked");
        // a shim: another program is the interpreter; each run leaves a mark
        script(
            t.path(),
            "python3.11",
            &format!(
                "echo x >> '{}'; echo '{}'; echo 3.11.7",
                asked.display(),
                real.display()
            ),
        );
        let cache = t.path().join("versions");
        for _ in 0..2 {
            let mut found =
                Interpreters::new(Some(t.path().display().to_string())).with_cache(cache.clone());
            let i = found.python("python3.11").unwrap();
            assert_eq!((i.program, i.version.as_str()), (real.clone(), "3.11.7"));
        }
        let runs = std::fs::read_to_string(&asked).unwrap().lines().count();
        assert_eq!(runs, 1, "the second start read the cache");
    }

    #[test]
    fn a_missing_language_is_a_clear_error() {
        let t = tempfile::tempdir().unwrap();
        let mut found = Interpreters::new(Some(t.path().display().to_string()));
        let e = found.node("nodejs20.x").unwrap_err();
        assert!(e.contains("needs Node.js, and none is installed"), "{e}");
        let e = found.python("python3.11").unwrap_err();
        assert!(e.contains("needs Python 3, and none is installed"), "{e}");
    }
}
