//! Node dev dependencies to leave out of the zips (`package.excludeDevDependencies`, default
//! on). SF v3 asks `npm ls --dev` and `npm ls --prod` in every folder with a `package.json`
//! (outside `node_modules`) and excludes the installed folders that only dev dependencies
//! reach; slsc walks the same trees itself from the `package.json` files and the installed
//! `node_modules`, with Node's lookup (the package's own `node_modules`, then its parents').
//! Each excluded package gives `<path>/**` and its `bin` entries under `.bin`.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The exclude globs for the service in `dir`, given its files (relative `/` paths).
pub fn excludes(dir: &Path, files: &[String]) -> Vec<String> {
    let mut dev = BTreeSet::new();
    let mut prod = BTreeSet::new();
    for manifest in files
        .iter()
        .filter(|f| *f == "package.json" || f.ends_with("/package.json"))
        .filter(|f| !f.contains("node_modules"))
    {
        let pkg_dir = match manifest.rsplit_once('/') {
            Some((d, _)) => dir.join(d),
            None => dir.to_path_buf(),
        };
        let Some(json) = read_json(&pkg_dir.join("package.json")) else {
            continue;
        };
        reach(&pkg_dir, &json, &["devDependencies"], dir, &mut dev);
        reach(
            &pkg_dir,
            &json,
            &["dependencies", "optionalDependencies"],
            dir,
            &mut prod,
        );
    }
    let mut globs = Vec::new();
    for rel in dev.difference(&prod) {
        if !rel.contains("node_modules/") {
            continue;
        }
        globs.push(format!("{rel}/**"));
        // the `.bin` folder next to the package (SF splits at the last `/`)
        let (module_path, module_name) = match rel.rsplit_once('/') {
            Some((p, n)) => (format!("{p}/"), n),
            None => (String::new(), rel.as_str()),
        };
        match read_json(&dir.join(rel).join("package.json")).and_then(|j| j.get("bin").cloned()) {
            Some(Value::Object(bins)) => {
                for exe in bins.keys() {
                    globs.push(format!("{module_path}.bin/{exe}"));
                }
            }
            Some(Value::String(_)) => globs.push(format!("{module_path}.bin/{module_name}")),
            _ => {}
        }
    }
    globs
}

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_slice(&std::fs::read(path).ok()?).ok()
}

/// Adds every installed package reachable from `json`'s dependency lists (`keys`) and, from
/// those, their `dependencies`/`optionalDependencies`, as paths relative to `root`.
fn reach(pkg_dir: &Path, json: &Value, keys: &[&str], root: &Path, out: &mut BTreeSet<String>) {
    let mut stack: Vec<(PathBuf, String)> = names(json, keys)
        .into_iter()
        .map(|n| (pkg_dir.to_path_buf(), n))
        .collect();
    let mut visited = BTreeSet::new();
    while let Some((from, name)) = stack.pop() {
        let Some(found) = resolve(&from, &name, root) else {
            continue;
        };
        if !visited.insert(found.clone()) {
            continue;
        }
        if let Ok(rel) = found.strip_prefix(root) {
            out.insert(rel.to_string_lossy().replace('\\', "/"));
        }
        if let Some(child) = read_json(&found.join("package.json")) {
            for n in names(&child, &["dependencies", "optionalDependencies"]) {
                stack.push((found.clone(), n));
            }
        }
    }
}

fn names(json: &Value, keys: &[&str]) -> Vec<String> {
    keys.iter()
        .filter_map(|k| json.get(*k).and_then(Value::as_object))
        .flat_map(|m| m.keys().cloned())
        .collect()
}

/// Node's lookup of package `name` from `from`: `from/node_modules/name`, then each parent's,
/// not above `root`.
fn resolve(from: &Path, name: &str, root: &Path) -> Option<PathBuf> {
    let mut dir = Some(from);
    while let Some(d) = dir {
        let candidate = d.join("node_modules").join(name);
        if candidate.join("package.json").is_file() {
            return Some(candidate);
        }
        if d == root {
            break;
        }
        dir = d.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::excludes;
    use crate::package::select::walk;

    fn write(dir: &std::path::Path, rel: &str, text: &str) {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn only_packages_reached_by_dev_dependencies_alone_are_excluded() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        write(
            root,
            "package.json",
            r#"{"dependencies":{"a":"1"},"devDependencies":{"jest":"1","shared":"1"}}"#,
        );
        write(
            root,
            "node_modules/a/package.json",
            r#"{"dependencies":{"shared":"1"}}"#,
        );
        write(root, "node_modules/shared/package.json", "{}");
        write(
            root,
            "node_modules/jest/package.json",
            r#"{"bin":{"jest":"bin/jest.js"},"dependencies":{"pretty":"1"}}"#,
        );
        write(
            root,
            "node_modules/pretty/package.json",
            r#"{"bin":"cli.js"}"#,
        );
        write(
            root,
            "node_modules/jest/node_modules/nested/package.json",
            "{}",
        );
        write(
            root,
            "node_modules/jest/package.json",
            r#"{"bin":{"jest":"bin/jest.js"},"dependencies":{"pretty":"1","nested":"1"}}"#,
        );
        let files = walk(root).unwrap();
        let mut got = excludes(root, &files);
        got.sort();
        assert_eq!(
            got,
            vec![
                "node_modules/.bin/jest",
                "node_modules/.bin/pretty",
                "node_modules/jest/**",
                "node_modules/jest/node_modules/nested/**",
                "node_modules/pretty/**",
            ]
        );
    }

    #[test]
    fn no_package_json_no_excludes() {
        let d = tempfile::tempdir().unwrap();
        write(d.path(), "handler.js", "");
        let files = walk(d.path()).unwrap();
        assert!(excludes(d.path(), &files).is_empty());
    }
}
