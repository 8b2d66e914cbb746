//! slsc builds on macOS and the BSDs, though no toolchain for them runs here: every `libc` item
//! the code names must be defined for those targets in the `libc` crate's own source (the
//! version in Cargo.lock, in the registry's sources).
//!
//! Code that is Linux-only by design (CPU affinity, for one) lives in a file or folder named
//! `linux` and is compiled only there; this check skips it. A `libc::` item anywhere else is
//! one every supported Unix must have.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The parts of libc's `src/` that a target family compiles, besides the files all Unixes share.
const TARGETS: &[(&str, &[&str])] = &[
    ("macOS", &["unix/bsd/apple", "new/apple"]),
    ("FreeBSD", &["unix/bsd/freebsdlike", "new/freebsd"]),
];

/// Files every Unix target compiles.
const SHARED: &[&str] = &[
    "lib.rs",
    "macros.rs",
    "primitives.rs",
    "types.rs",
    "unix/mod.rs",
    "unix/bsd/mod.rs",
    "new/mod.rs",
    "new/common",
];

#[test]
fn every_libc_item_is_defined_for_macos_and_freebsd() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut used = libc_items_used(&root.join("src"));
    for (item, places) in libc_items_used(&root.join("crates")) {
        used.entry(item).or_default().extend(places);
    }
    assert!(
        used.contains_key("kill"),
        "the scan found none of the libc calls the emulator makes: {used:?}"
    );
    let libc = libc_src();
    let mut missing = Vec::new();
    for (target, own) in TARGETS {
        let text = target_text(&libc, own);
        for (item, places) in &used {
            if !defines(&text, item) {
                missing.push(format!("{target}: libc::{item} (used in {places:?})"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "libc items that do not exist on every supported Unix; move Linux-only code into a \
         `linux` module:\n{}",
        missing.join("\n")
    );
}

/// `libc::NAME` (and each name of `libc::{A, B}`) → the files naming it, outside Linux-only
/// files.
fn libc_items_used(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let re = regex::Regex::new(r"\blibc::(?:([A-Za-z_][A-Za-z0-9_]*)|\{([^}]*)\})").unwrap();
    let mut files = Vec::new();
    collect_rs(src, &mut files);
    let mut used: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(src).unwrap_or(&f);
        let linux_only = rel.components().any(|c| {
            let c = c.as_os_str().to_string_lossy();
            c == "linux" || c == "linux.rs"
        });
        if linux_only {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for cap in re.captures_iter(line) {
                let names = match (cap.get(1), cap.get(2)) {
                    (Some(one), _) => vec![one.as_str()],
                    (None, Some(group)) => group.as_str().split(',').map(str::trim).collect(),
                    (None, None) => Vec::new(),
                };
                for name in names.into_iter().filter(|n| !n.is_empty() && *n != "self") {
                    used.entry(name.to_owned())
                        .or_default()
                        .insert(rel.display().to_string());
                }
            }
        }
    }
    used
}

/// Whether libc's text defines `item` (a function, constant, type, struct or re-export).
fn defines(text: &str, item: &str) -> bool {
    let def = regex::Regex::new(&format!(
        r"\b(fn|const|static|type|struct|union|enum)\s+{item}\b"
    ))
    .unwrap();
    let reexport = regex::Regex::new(&format!(r"pub use [^;]*\b{item}\b")).unwrap();
    def.is_match(text) || reexport.is_match(text)
}

/// The text of every libc source file a target compiles: the shared ones and `own`.
fn target_text(libc: &Path, own: &[&str]) -> String {
    let mut files = Vec::new();
    for part in SHARED.iter().chain(own.iter()) {
        collect_rs(&libc.join(part), &mut files);
    }
    files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect::<Vec<_>>()
        .join("\n")
}

fn collect_rs(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_file() {
        if path.extension().is_some_and(|e| e == "rs") {
            out.push(path.to_path_buf());
        }
        return;
    }
    for entry in std::fs::read_dir(path).into_iter().flatten().flatten() {
        collect_rs(&entry.path(), out);
    }
}

/// The `src/` folder of the libc crate this build uses: the version Cargo.lock names, in the
/// registry's sources (where any build of this project has unpacked it).
fn libc_src() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock");
    let version = lock
        .split("[[package]]")
        .find(|p| p.contains("\nname = \"libc\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
        .map(|v| v.trim_matches('"').to_owned())
        .expect("libc in Cargo.lock");
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .expect("CARGO_HOME or HOME");
    let registry = cargo_home.join("registry").join("src");
    std::fs::read_dir(&registry)
        .expect("the registry's sources")
        .flatten()
        .map(|index| index.path().join(format!("libc-{version}")).join("src"))
        .find(|src| src.join("lib.rs").is_file())
        .unwrap_or_else(|| panic!("libc {version} not unpacked under {}", registry.display()))
}

#[test]
fn the_check_sees_linux_only_items() {
    // the check would catch a Linux-only call: sched_getaffinity is glibc's and Linux's only
    let libc = libc_src();
    let text = target_text(&libc, TARGETS[0].1);
    assert!(!defines(&text, "sched_getaffinity"));
    assert!(!defines(&text, "pipe2"));
    assert!(defines(&text, "dup2"));
    assert!(defines(&text, "F_DUPFD_CLOEXEC"));
    assert!(defines(&text, "c_int"));
}
