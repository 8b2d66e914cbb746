//! `slsc package` and the code hashes in compiled templates: the zips and both templates land in
//! `.serverless/`, `CodeSha256` is the zip's hash, and a function's `LambdaVersion` id and S3 key
//! change exactly when its code changes.

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn slsc(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_slsc"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run slsc")
}

fn service() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = [
        (
            "serverless.yml",
            "service: pkg\nprovider:\n  name: aws\n  runtime: nodejs20.x\npackage:\n  individually: true\n  patterns:\n    - '!notes/**'\nfunctions:\n  a:\n    handler: a.handler\n    package:\n      patterns: ['!b.js']\n  b:\n    handler: b.handler\n    package:\n      patterns: ['!a.js']\n",
        ),
        ("a.js", "exports.handler = async () => 'a';\n"),
        ("b.js", "exports.handler = async () => 'b';\n"),
        ("notes/todo.txt", "not shipped\n"),
        (".git/HEAD", "ref: refs/heads/main\n"),
        (
            "package.json",
            "{\"dependencies\":{\"left-pad\":\"1\"},\"devDependencies\":{\"jest\":\"1\"}}",
        ),
        ("node_modules/left-pad/package.json", "{}"),
        ("node_modules/jest/package.json", "{}"),
    ];
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    dir
}

/// `(LambdaVersion logical id, CodeSha256, S3Key)` of function `prefix` (`A`, `B`).
fn code(t: &Value, prefix: &str) -> (String, String, String) {
    let res = t["Resources"].as_object().expect("resources");
    let (id, v) = res
        .iter()
        .find(|(k, _)| k.starts_with(&format!("{prefix}LambdaVersion")))
        .expect("version");
    let key = res[&format!("{prefix}LambdaFunction")]["Properties"]["Code"]["S3Key"]
        .as_str()
        .expect("key")
        .to_string();
    let sha = v["Properties"]["CodeSha256"]
        .as_str()
        .expect("sha")
        .to_string();
    (id.clone(), sha, key)
}

fn compile(dir: &Path) -> Value {
    let o = slsc(dir, &["compile"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("json")
}

fn zip_names(path: &Path) -> Vec<String> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).expect("zip")).expect("archive");
    (0..z.len())
        .map(|i| {
            z.by_index(i)
                .expect("entry")
                .name()
                .expect("name")
                .to_string()
        })
        .collect()
}

#[test]
fn package_writes_zips_and_templates() {
    let svc = service();
    let d = svc.path();
    let o = slsc(d, &["package"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = d.join(".serverless");
    assert_eq!(
        zip_names(&out.join("a.zip")),
        vec!["a.js", "node_modules/left-pad/package.json", "package.json"],
        "no b.js, no notes, no .git, no config, no dev dependency"
    );
    assert_eq!(
        zip_names(&out.join("b.zip")).first().map(String::as_str),
        Some("b.js")
    );
    let update: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("cloudformation-template-update-stack.json"))
            .expect("update template"),
    )
    .expect("json");
    assert!(
        out.join("cloudformation-template-create-stack.json")
            .is_file()
    );
    let (_, sha, key) = code(&update, "A");
    let bytes = std::fs::read(out.join("a.zip")).expect("a.zip");
    use base64::Engine;
    use sha2::Digest;
    let want = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(&bytes));
    assert_eq!(sha, want, "CodeSha256 is the zip's hash");
    assert!(
        key.starts_with("serverless/pkg/dev/") && key.ends_with("/a.zip"),
        "{key}"
    );
    // packaging again gives the same bytes
    let o = slsc(d, &["package"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read(out.join("a.zip")).expect("a.zip"), bytes);
}

#[test]
fn code_hashes_change_exactly_when_the_code_does() {
    let svc = service();
    let d = svc.path();
    let before = compile(d);
    assert_eq!(compile(d), before, "compile is deterministic");
    std::fs::write(d.join("a.js"), "exports.handler = async () => 'A!';\n").expect("edit");
    let after = compile(d);
    let (a0, a1) = (code(&before, "A"), code(&after, "A"));
    assert_ne!(a0.0, a1.0, "A's version id changes");
    assert_ne!(a0.1, a1.1, "A's CodeSha256 changes");
    assert_ne!(a0.2, a1.2, "A's S3 key changes");
    assert_eq!(code(&before, "B"), code(&after, "B"), "B is untouched");
    // a file no zip holds changes nothing
    std::fs::write(d.join("notes/todo.txt"), "still not shipped\n").expect("edit");
    assert_eq!(compile(d), after);
}

#[test]
fn prebuilt_artifact_is_used_as_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    std::fs::write(
        d.join("serverless.yml"),
        "service: pre\nprovider:\n  name: aws\n  runtime: nodejs20.x\npackage:\n  artifact: build/app.zip\nfunctions:\n  a:\n    handler: a.handler\n",
    )
    .expect("yml");
    std::fs::create_dir_all(d.join("build")).expect("mkdir");
    std::fs::write(d.join("build/app.zip"), b"PK\x05\x06prebuilt").expect("zip");
    let t = compile(d);
    let (_, sha, key) = code(&t, "A");
    assert!(key.ends_with("/app.zip"), "{key}");
    use base64::Engine;
    use sha2::Digest;
    let want = base64::engine::general_purpose::STANDARD
        .encode(sha2::Sha256::digest(b"PK\x05\x06prebuilt"));
    assert_eq!(sha, want);
    std::fs::remove_file(d.join("build/app.zip")).expect("rm");
    let o = slsc(d, &["package"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("cannot access package artifact"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn zips_of_one_name_are_refused_rather_than_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = [
        (
            "serverless.yml",
            "service: pkg\nprovider:\n  name: aws\n  runtime: nodejs20.x\nlayers:\n  common:\n    path: layer\nfunctions:\n  common:\n    handler: a.handler\n    package:\n      individually: true\n",
        ),
        ("a.js", "exports.handler = async () => 'a';\n"),
        ("layer/nodejs/lib.js", "module.exports = 1;\n"),
    ];
    for (name, text) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    let o = slsc(dir.path(), &["package"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("layer \"common\"")
            && err.contains("function \"common\"")
            && err.contains("common.zip"),
        "{err}"
    );
    assert!(!dir.path().join(".serverless/common.zip").exists());
}
