//! slsc builds on macOS and the BSDs, though no toolchain for them runs here: every `libc` item
//! the code names must be defined for those targets in the `libc` crate's own source (the
//! version in Cargo.lock, found with `cargo metadata`).
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
    let used = libc_items_used(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(
        used.contains_key("kill"),
        "the scan found none of the libc calls the emulator makes: {used:?}"
    );
    let libc = libc_src();
    let mut missing = Vec::new();
    for (target, own) in TARGETS {
        let mut files = Vec::new();
        for part in SHARED.iter().chain(own.iter()) {
            collect_rs(&libc.join(part), &mut files);
        }
        let text: String = files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .collect::<Vec<_>>()
            .join("\n");
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

/// `libc::NAME` → the files naming it, outside Linux-only files.
fn libc_items_used(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let re = regex::Regex::new(r"\blibc::([A-Za-z_][A-Za-z0-9_]*)").unwrap();
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
                used.entry(cap[1].to_owned())
                    .or_default()
                    .insert(rel.display().to_string());
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

/// The `src/` folder of the libc crate this build uses.
fn libc_src() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo metadata");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata JSON");
    let manifest = meta["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == "libc")
        .and_then(|p| p["manifest_path"].as_str())
        .expect("libc among the dependencies");
    Path::new(manifest).with_file_name("src")
}

#[test]
fn the_check_sees_linux_only_items() {
    // the check would catch a Linux-only call: sched_getaffinity is glibc's and Linux's only
    let libc = libc_src();
    let mut files = Vec::new();
    for part in SHARED.iter().chain(["unix/bsd/apple", "new/apple"].iter()) {
        collect_rs(&libc.join(part), &mut files);
    }
    let text: String = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!defines(&text, "sched_getaffinity"));
    assert!(!defines(&text, "pipe2"));
    assert!(defines(&text, "dup2"));
    assert!(defines(&text, "F_DUPFD_CLOEXEC"));
    assert!(defines(&text, "c_int"));
}
