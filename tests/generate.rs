//! `slsc generate function` end to end, and the development loop as a new user walks it from
//! an empty folder: generate, validate, invoke with a generated event, emulate, call through
//! HTTP and the Lambda Invoke API (the AWS CLI), read the logs filtered by level.

mod support;

use serde_json::{Value, json};
use std::path::Path;
use std::process::{Command, Output};
use support::emulator::{Emulator, poll};

fn slsc(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_slsc"))
        .args(["--color", "never"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run slsc")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn ok(o: &Output) -> String {
    assert_eq!(
        o.status.code(),
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    text(&o.stdout)
}

#[test]
fn a_new_user_walks_the_development_loop_from_an_empty_folder() {
    let t = tempfile::tempdir().unwrap();
    let dir = t.path().join("shop");
    std::fs::create_dir(&dir).unwrap();

    let out = ok(&slsc(
        &dir,
        &[
            "generate",
            "function",
            "orders",
            "--http-api",
            "GET /orders",
        ],
    ));
    assert!(out.contains("created serverless.yml"), "{out}");
    assert!(out.contains("created src/handlers/orders.js"), "{out}");
    assert!(
        out.contains("added function `orders` to serverless.yml"),
        "{out}"
    );
    ok(&slsc(&dir, &["generate", "function", "worker"]));
    let out = ok(&slsc(&dir, &["validate"]));
    assert!(out.contains("ok: shop: 2 functions"), "{out}");

    // the generated test stub passes as written
    let test = Command::new("node")
        .args(["--test", "src/handlers/orders.test.js"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(test.status.success(), "{}", text(&test.stdout));

    // invoked with a generated SQS event
    let o = slsc(&dir, &["invoke", "-f", "worker", "--event", "sqs"]);
    assert_eq!(
        serde_json::from_str::<Value>(&ok(&o)).unwrap(),
        json!({"ok": true})
    );
    assert!(
        text(&o.stderr).contains("worker received"),
        "{}",
        text(&o.stderr)
    );

    // emulated: through HTTP, and through the Lambda Invoke API with the AWS CLI
    let emu = Emulator::start(&dir, &[]);
    let r = emu.get("/orders");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["message"], "Hello from orders");
    let payload = t.path().join("event.json");
    std::fs::write(&payload, r#"{"Records": []}"#).unwrap();
    let answer = t.path().join("answer.json");
    let cli = Command::new("aws")
        .args(["lambda", "invoke", "--endpoint-url"])
        .arg(format!("http://{}", emu.addr))
        .args([
            "--function-name",
            "shop-dev-worker",
            "--region",
            "us-east-1",
            "--payload",
        ])
        .arg(format!("fileb://{}", payload.display()))
        .arg(&answer)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .output()
        .expect("the AWS CLI (.ci/run installs it)");
    assert!(cli.status.success(), "{}", text(&cli.stderr));
    let got: Value = serde_json::from_slice(&std::fs::read(&answer).unwrap()).unwrap();
    assert_eq!(got, json!({"ok": true}));

    // its logs, filtered by level
    let lines = poll("worker's line in the emulator's log", || {
        let o = slsc(&dir, &["logs", "-f", "worker", "--level", "info"]);
        let out = text(&o.stdout);
        out.contains("worker received").then_some(out)
    });
    assert!(lines.contains("\tINFO\tworker received"), "{lines}");
    let warnings = ok(&slsc(&dir, &["logs", "-f", "worker", "--level", "warn"]));
    assert!(!warnings.contains("worker received"), "{warnings}");
    drop(emu);
}

const EXISTING: &str = "# The shop's API.\nservice: shop   # keep this comment\n\nprovider:\n    name: aws\n    runtime: nodejs20.x\n\nfunctions:\n    hello:\n        handler: handler.hello # greets\n\n    # the next one is off for now\n    # goodbye:\n    #     handler: handler.goodbye\n\nresources:\n    Resources: {}\n";

/// A service of one function, written as people write them (comments, 4-space indents).
fn existing_service() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(t.path().join("serverless.yml"), EXISTING).unwrap();
    std::fs::write(
        t.path().join("handler.js"),
        "exports.hello = async () => 'hi';\n",
    )
    .unwrap();
    t
}

#[test]
fn the_function_is_added_keeping_the_files_comments_and_formatting() {
    let t = existing_service();
    std::fs::write(t.path().join("package.json"), r#"{"type": "module"}"#).unwrap();
    ok(&slsc(
        t.path(),
        &[
            "generate",
            "function",
            "get-user",
            "--http",
            "GET /users/{id}",
            "--handler-dir",
            "api",
        ],
    ));
    let after = std::fs::read_to_string(t.path().join("serverless.yml")).unwrap();
    let want = "# The shop's API.\nservice: shop   # keep this comment\n\nprovider:\n    name: aws\n    runtime: nodejs20.x\n\nfunctions:\n    hello:\n        handler: handler.hello # greets\n    get-user:\n        handler: api/get-user.handler\n        events:\n            - http:\n                    path: /users/{id}\n                    method: get\n\n    # the next one is off for now\n    # goodbye:\n    #     handler: handler.goodbye\n\nresources:\n    Resources: {}\n";
    assert_eq!(after, want);
    // ESM, as package.json says
    let handler = std::fs::read_to_string(t.path().join("api/get-user.js")).unwrap();
    assert!(handler.contains("export const handler"), "{handler}");
    // it compiles, and the emulator serves it at once
    ok(&slsc(t.path(), &["compile"]));
    let emu = Emulator::start(t.path(), &[]);
    let r = emu.get("/dev/users/7");
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["path"], "/users/7");
}

#[test]
fn typescript_and_python_stubs_follow_the_service() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("serverless.yml"),
        "service: ts\nprovider:\n  name: aws\n  runtime: nodejs20.x\n",
    )
    .unwrap();
    std::fs::write(t.path().join("tsconfig.json"), "{}").unwrap();
    ok(&slsc(t.path(), &["generate", "function", "api"]));
    assert!(t.path().join("src/handlers/api.ts").is_file());
    assert!(t.path().join("src/handlers/api.test.ts").is_file());
    ok(&slsc(
        t.path(),
        &["generate", "function", "py-job", "--runtime", "python3.12"],
    ));
    let yml = std::fs::read_to_string(t.path().join("serverless.yml")).unwrap();
    assert!(
        yml.contains(
            "  py-job:\n    handler: src/handlers/py_job.handler\n    runtime: python3.12\n"
        ),
        "{yml}"
    );
    let test = Command::new("python3")
        .args(["-m", "unittest", "src/handlers/test_py_job.py"])
        .current_dir(t.path())
        .output()
        .unwrap();
    assert!(test.status.success(), "{}", text(&test.stderr));
}

#[test]
fn generate_refuses_what_it_cannot_do_and_changes_nothing() {
    let t = existing_service();
    let o = slsc(t.path(), &["generate", "function", "hello"]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("cli::generate"), "{err}");
    assert!(err.contains("already has a function `hello`"), "{err}");
    assert!(
        err.contains("serverless.yml:9:5"),
        "located at the existing key: {err}"
    );

    std::fs::create_dir_all(t.path().join("src/handlers")).unwrap();
    std::fs::write(t.path().join("src/handlers/taken.js"), "// mine\n").unwrap();
    let o = slsc(t.path(), &["generate", "function", "taken"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("exists already"),
        "{}",
        text(&o.stderr)
    );

    for args in [
        &["generate", "function", "1bad"][..],
        &["generate", "function", "x", "--http", "GET"][..],
        &["generate", "function", "x", "--runtime", "java21"][..],
    ] {
        let o = slsc(t.path(), args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(
            text(&o.stderr).contains("cli::generate"),
            "{args:?}: {}",
            text(&o.stderr)
        );
    }
    assert_eq!(
        std::fs::read_to_string(t.path().join("serverless.yml")).unwrap(),
        EXISTING
    );
    assert_eq!(
        std::fs::read_to_string(t.path().join("src/handlers/taken.js")).unwrap(),
        "// mine\n"
    );
    assert!(!t.path().join("src/handlers/x.js").exists());
}
