//! Which files go into a zip, by SF v3's rules (`package-service.js`): every file under the
//! service folder (dotfiles too, symlinks followed), then the exclude globs (the defaults, the
//! configuration file, `.env*` with `useDotenv`, `package.exclude`), then the include globs
//! (`package.include`, `package.patterns`, the function's), then the dev-dependency excludes;
//! in that order, each glob setting the state of the files it matches, so the last match wins.
//! A `!` flips a glob's meaning.

use super::glob::Glob;
use std::path::{Path, PathBuf};

/// What SF v3 always leaves out.
pub const DEFAULT_EXCLUDES: &[&str] = &[
    ".git/**",
    ".gitignore",
    ".DS_Store",
    "npm-debug.log",
    "yarn-*.log",
    ".serverless/**",
    ".serverless_plugins/**",
];

/// The globs of one zip, before ordering.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    /// Exclude globs (a `!` one re-includes).
    pub exclude: Vec<String>,
    /// Include globs (a `!` one excludes).
    pub include: Vec<String>,
    /// Dev-dependency excludes, applied last.
    pub dev_excludes: Vec<String>,
}

impl Rules {
    /// The ordered list of `(glob, include?)`.
    fn ordered(&self) -> Vec<(String, bool)> {
        let flip = |p: &String| match p.strip_prefix('!') {
            Some(rest) => (rest.to_string(), true),
            None => (p.clone(), false),
        };
        let keep = |p: &String| match p.strip_prefix('!') {
            Some(rest) => (rest.to_string(), false),
            None => (p.clone(), true),
        };
        let mut out: Vec<(String, bool)> = Vec::new();
        out.extend(
            self.exclude
                .iter()
                .filter(|p| !self.dev_excludes.contains(p))
                .map(flip),
        );
        out.extend(self.include.iter().map(keep));
        out.extend(self.dev_excludes.iter().map(flip));
        out
    }
}

/// Every file under `root` as a relative `/` path, sorted; directories are followed through
/// symlinks (a symlink loop is cut at the first repeat).
pub fn walk(root: &Path) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut seen: Vec<PathBuf> = Vec::new();
    walk_dir(root, "", &mut out, &mut seen)?;
    out.sort();
    Ok(out)
}

fn walk_dir(
    dir: &Path,
    rel: &str,
    out: &mut Vec<String>,
    seen: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    if let Ok(canon) = dir.canonicalize() {
        if seen.contains(&canon) {
            return Ok(());
        }
        seen.push(canon);
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let child = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        // metadata() follows symlinks; a dangling link is skipped
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk_dir(&path, &child, out, seen)?;
        } else if meta.is_file() {
            out.push(child);
        }
    }
    Ok(())
}

/// The files of `all` that the rules keep, in `all`'s order.
pub fn select(all: &[String], rules: &Rules) -> Vec<String> {
    let mut state = vec![true; all.len()];
    for (pattern, include) in rules.ordered() {
        let Some(glob) = Glob::new(&pattern) else {
            continue;
        };
        for (i, path) in all.iter().enumerate() {
            if glob.is_match(path) {
                state[i] = include;
            }
        }
    }
    all.iter()
        .zip(state)
        .filter(|(_, keep)| *keep)
        .map(|(p, _)| p.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Vec<String> {
        [
            ".git/HEAD",
            ".serverless/svc.zip",
            "handler.js",
            "lib/util.js",
            "node_modules/a/index.js",
            "node_modules/jest/index.js",
            "serverless.yml",
            "test/x.test.js",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    }

    fn rules(include: &[&str], dev: &[&str]) -> Rules {
        let mut exclude: Vec<String> = DEFAULT_EXCLUDES.iter().map(|s| s.to_string()).collect();
        exclude.push("serverless.yml".into());
        exclude.extend(dev.iter().map(|s| s.to_string()));
        Rules {
            exclude,
            include: include.iter().map(|s| s.to_string()).collect(),
            dev_excludes: dev.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn patterns_apply_in_order_last_match_wins() {
        let cases: &[(&[&str], &[&str], &[&str])] = &[
            (
                &[],
                &[],
                &[
                    "handler.js",
                    "lib/util.js",
                    "node_modules/a/index.js",
                    "node_modules/jest/index.js",
                    "test/x.test.js",
                ],
            ),
            (
                &["!test/**"],
                &["node_modules/jest/**"],
                &["handler.js", "lib/util.js", "node_modules/a/index.js"],
            ),
            (
                &["!**", "handler.js", "lib/**"],
                &[],
                &["handler.js", "lib/util.js"],
            ),
            // dev dependencies stay out even when a pattern names them
            (
                &["!**", "node_modules/**"],
                &["node_modules/jest/**"],
                &["node_modules/a/index.js"],
            ),
            // a pattern can bring back a default exclude
            (&["!**", ".serverless/**"], &[], &[".serverless/svc.zip"]),
        ];
        for (include, dev, want) in cases {
            let got = select(&files(), &rules(include, dev));
            assert_eq!(got, *want, "include {include:?} dev {dev:?}");
        }
    }

    #[test]
    fn walk_lists_files_sorted_and_relative() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b/c")).unwrap();
        std::fs::write(dir.path().join("b/c/x.js"), "x").unwrap();
        std::fs::write(dir.path().join("a.js"), "a").unwrap();
        std::fs::write(dir.path().join(".env"), "e").unwrap();
        assert_eq!(walk(dir.path()).unwrap(), vec![".env", "a.js", "b/c/x.js"]);
    }
}
