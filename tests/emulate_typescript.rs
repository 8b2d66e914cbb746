//! TypeScript handlers end to end (`tests/emulate/typescript`, whose esbuild `.ci/run`
//! installs): built with the project's esbuild for `slsc invoke` and `slsc emulate`, stack
//! traces at the `.ts` lines, rebuilt on change under `--watch`, and the clear error when
//! nothing can run them.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use support::emulator::{Emulator, poll};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emulate/typescript")
}

/// A copy of the fixture (its sources; `node_modules` linked), so a test may change files.
fn service_copy() -> tempfile::TempDir {
    let esbuild = fixture().join("node_modules/.bin/esbuild");
    assert!(
        esbuild.exists(),
        "esbuild is missing: run `npm ci` in tests/emulate/typescript (.ci/run does)"
    );
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir(t.path().join("src")).unwrap();
    for f in [
        "serverless.yml",
        "package.json",
        "src/api.ts",
        "src/greeting.ts",
    ] {
        std::fs::copy(fixture().join(f), t.path().join(f)).unwrap();
    }
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        fixture().join("node_modules"),
        t.path().join("node_modules"),
    )
    .unwrap();
    t
}

fn slsc(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_slsc"))
        .args(["--color", "never"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run slsc")
}

#[test]
fn invoke_builds_and_runs_a_typescript_handler_with_ts_stack_traces() {
    let svc = service_copy();
    let o = slsc(
        svc.path(),
        &["invoke", "-f", "api", "-d", r#"{"name": "ts"}"#],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["body"], r#"{"message":"hello ts","version":1}"#);
    assert!(
        svc.path()
            .join(".serverless/slsc-build/src/api.cjs.map")
            .is_file()
    );

    let o = slsc(svc.path(), &["invoke", "-f", "fails"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["errorMessage"], "typed failure");
    let trace = v["trace"].to_string();
    assert!(
        trace.contains("src/api.ts:15:"),
        "the stack points at the .ts line: {trace}"
    );
}

#[test]
fn emulate_watch_rebuilds_a_changed_typescript_source() {
    let svc = service_copy();
    let emu = Emulator::start(svc.path(), &["--watch"]);
    let r = emu.get("/greet");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["version"], 1);

    // an imported module changes: rebuilt, reloaded
    let greeting = svc.path().join("src/greeting.ts");
    let text = std::fs::read_to_string(&greeting).unwrap();
    std::fs::write(&greeting, text.replace("version: 1", "version: 2")).unwrap();
    poll("the changed source is served", || {
        (emu.get("/greet").json()["version"] == 2).then_some(())
    });

    // a change that does not build: said, and the last build keeps serving
    std::fs::write(&greeting, "export function greet(: {\n").unwrap();
    emu.wait_for_log("esbuild could not build", 30);
    assert_eq!(emu.get("/greet").json()["version"], 2);
    std::fs::write(&greeting, text.replace("version: 1", "version: 3")).unwrap();
    poll("the fixed source is served", || {
        (emu.get("/greet").json()["version"] == 3).then_some(())
    });
}

#[test]
fn without_esbuild_or_type_stripping_the_error_names_both() {
    let node_version = Command::new("node").arg("--version").output().unwrap();
    let v = String::from_utf8_lossy(&node_version.stdout)
        .trim()
        .trim_start_matches('v')
        .to_string();
    let mut parts = v.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir(t.path().join("src")).unwrap();
    std::fs::write(
        t.path().join("serverless.yml"),
        "service: bare-ts\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  api:\n    handler: src/api.handler\n",
    )
    .unwrap();
    std::fs::write(
        t.path().join("src/api.ts"),
        "export const handler = async (e: { n: number }): Promise<number> => e.n * 2;\n",
    )
    .unwrap();
    let o = slsc(t.path(), &["invoke", "-f", "api", "-d", r#"{"n": 21}"#]);
    if major > 22 || (major == 22 && minor >= 6) {
        // Node.js strips the types itself
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "42");
        return;
    }
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("src/api.ts is TypeScript"), "{err}");
    assert!(err.contains("npm install --save-dev esbuild"), "{err}");
    assert!(err.contains("Node.js 22.6 or newer"), "{err}");
}

#[test]
fn a_new_user_generates_a_typescript_function_and_changes_it_under_watch() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("tsapp");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("tsconfig.json"), "{}\n").unwrap();
    // stands for `npm install --save-dev esbuild`
    #[cfg(unix)]
    std::os::unix::fs::symlink(fixture().join("node_modules"), dir.join("node_modules")).unwrap();
    let o = slsc(
        &dir,
        &["generate", "function", "hello", "--http-api", "GET /hello"],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let source = dir.join("src/handlers/hello.ts");
    assert!(source.is_file());

    let emu = Emulator::start(&dir, &["--watch"]);
    let r = emu.get("/hello");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["message"], "Hello from hello");
    let text = std::fs::read_to_string(&source).unwrap();
    std::fs::write(&source, text.replace("Hello from", "Hi from")).unwrap();
    poll("the edited TypeScript is served", || {
        (emu.get("/hello").json()["message"] == "Hi from hello").then_some(())
    });
}
