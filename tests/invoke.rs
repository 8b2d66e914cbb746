//! `slsc invoke` end to end: real Node.js and Python handlers of `tests/emulate/invoke` run
//! once through the binary, the answer on stdout, the handler's output on stderr.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn service_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emulate/invoke")
}

fn slsc_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_slsc"))
        .args(["--color", "never"])
        .args(args)
        .current_dir(dir)
        .env_remove("IS_LOCAL")
        .env_remove("IS_OFFLINE")
        .output()
        .expect("run slsc")
}

fn slsc(args: &[&str]) -> Output {
    slsc_in(&service_dir(), args)
}

fn stdout_json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&o.stdout),
            stderr(o)
        )
    })
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_node_handler_runs_once_with_data_context_and_environment() {
    let o = slsc(&[
        "invoke",
        "-f",
        "echo",
        "--data",
        r#"{"order": 7}"#,
        "--context",
        r#"{"custom": {"tenant": "t1"}}"#,
        "--env",
        "EXTRA=from-cli",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = stdout_json(&o);
    assert_eq!(v["event"], json!({"order": 7}));
    assert_eq!(v["clientContext"], json!({"custom": {"tenant": "t1"}}));
    assert_eq!(v["functionName"], "invoke-svc-dev-echo");
    assert_eq!(
        v["env"]["IS_LOCAL"], "true",
        "as `sls invoke local` sets it"
    );
    assert_eq!(v["env"]["CONFIGURED"], "from-config");
    assert_eq!(v["env"]["EXTRA"], "from-cli");
    // the answer is printed as SF prints it, indented by four
    assert!(
        String::from_utf8_lossy(&o.stdout).starts_with("{\n    \"event\""),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // the handler's output goes to stderr, in Lambda's format
    let err = stderr(&o);
    assert!(err.contains("\tINFO\techo called"), "{err}");
    assert!(err.contains("\tWARN\ta warning"), "{err}");
}

#[test]
fn the_event_comes_from_a_yaml_or_json_file() {
    let t = tempfile::tempdir().unwrap();
    let yaml = t.path().join("event.yml");
    std::fs::write(&yaml, "records:\n  - id: 1\n    body: hi\n").unwrap();
    let o = slsc(&["invoke", "-f", "echo", "--path", yaml.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout_json(&o)["event"],
        json!({"records": [{"id": 1, "body": "hi"}]})
    );
    // `-`: from stdin
    let mut child = Command::new(env!("CARGO_BIN_EXE_slsc"))
        .args(["invoke", "-f", "echo", "--path", "-"])
        .current_dir(service_dir())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"{\"piped\": true}").unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stdout_json(&o)["event"], json!({"piped": true}));
    let missing = slsc(&["invoke", "-f", "echo", "--path", "no-such-event.json"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).contains("cli::bad-data"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn a_handler_error_prints_lambdas_error_and_exits_1() {
    let o = slsc(&["invoke", "-f", "fails"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = stdout_json(&o);
    assert_eq!(v["errorType"], "PaymentDeclined");
    assert_eq!(v["errorMessage"], "card 4242 declined");
    let trace = v["trace"].as_array().expect("a stack trace");
    assert!(
        trace
            .iter()
            .any(|l| l.as_str().unwrap_or("").contains("handler.js:")),
        "{trace:?}"
    );
}

#[test]
fn a_python_handler_runs_and_fails_the_same_way() {
    let o = slsc(&["invoke", "-f", "py", "-d", "[1, 2]"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout_json(&o),
        json!({"event": [1, 2], "IS_LOCAL": "true"})
    );
    assert!(stderr(&o).contains("python echo called"), "{}", stderr(&o));
    let o = slsc(&["invoke", "-f", "pyFails"]);
    assert_eq!(o.status.code(), Some(1));
    let v = stdout_json(&o);
    assert_eq!(v["errorType"], "Declined");
    assert_eq!(v["errorMessage"], "no funds");
}

#[test]
fn bad_input_gets_a_diagnostic_and_exit_1() {
    let unknown = slsc(&["invoke", "-f", "ech"]);
    assert_eq!(unknown.status.code(), Some(1));
    let err = stderr(&unknown);
    assert!(err.contains("cli::unknown-function"), "{err}");
    assert!(err.contains("did you mean `echo`?"), "{err}");
    assert!(unknown.stdout.is_empty());

    let malformed = slsc(&["invoke", "-f", "echo", "--data", "{oops"]);
    assert_eq!(malformed.status.code(), Some(1));
    let err = stderr(&malformed);
    assert!(err.contains("cli::bad-data"), "{err}");
    assert!(err.contains("--data is not JSON"), "{err}");

    let context = slsc(&["invoke", "-f", "echo", "--context", "[1]"]);
    assert_eq!(context.status.code(), Some(1));
    assert!(stderr(&context).contains("not a JSON object"));
}

#[test]
fn generate_event_prints_a_sample_with_its_flags() {
    let o = slsc(&[
        "--region",
        "eu-west-1",
        "generate-event",
        "sqs",
        "--queue",
        "jobs",
        "--body",
        "hello",
        "--count",
        "2",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = stdout_json(&o);
    let records = v["Records"].as_array().expect("records");
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["body"], "hello");
    assert_eq!(records[0]["eventSource"], "aws:sqs");
    assert_eq!(
        records[1]["eventSourceARN"],
        "arn:aws:sqs:eu-west-1:123456789012:jobs"
    );
    let o = slsc(&[
        "generate-event",
        "http-api",
        "--method",
        "POST",
        "--path",
        "/orders",
    ]);
    let v = stdout_json(&o);
    assert_eq!(v["routeKey"], "POST /orders");
    assert_eq!(v["requestContext"]["http"]["method"], "POST");
}

#[test]
fn invoke_with_a_generated_event() {
    let o = slsc(&["invoke", "-f", "echo", "--event", "sqs"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = stdout_json(&o);
    let record = &v["event"]["Records"][0];
    assert_eq!(record["eventSource"], "aws:sqs");
    // the service's region
    assert_eq!(record["awsRegion"], "us-east-1");
}

#[test]
fn unknown_event_sources_and_foreign_flags_are_refused() {
    for args in [
        &["generate-event", "sqss"][..],
        &["invoke", "-f", "echo", "--event", "sqss"][..],
    ] {
        let o = slsc(args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains("cli::unknown-event-source"), "{err}");
        assert!(err.contains("did you mean `sqs`?"), "{err}");
    }
    let o = slsc(&["generate-event", "s3", "--queue", "q"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--queue does not apply to `s3` events"));
}

/// A service with `useDotenv`, its handler answering with the variables it was given.
fn dotenv_service() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("serverless.yml"),
        "service: dotenv-svc\nuseDotenv: true\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  \
         environment:\n    TABLE: ${env:TABLE}\n    URL: ${env:URL}\n    FROM_SHELL: ${env:FROM_SHELL, 'unset'}\n\
         functions:\n  show:\n    handler: show.handler\n",
    )
    .unwrap();
    std::fs::write(
        t.path().join("show.js"),
        "exports.handler = async () => ({ TABLE: process.env.TABLE, URL: process.env.URL, \
         FROM_SHELL: process.env.FROM_SHELL, IS_LOCAL: process.env.IS_LOCAL });\n",
    )
    .unwrap();
    std::fs::write(
        t.path().join(".env"),
        "TABLE=orders-default\nHOST=db.local\nURL=postgres://${HOST}/app\nFROM_SHELL=from-file\n",
    )
    .unwrap();
    std::fs::write(
        t.path().join(".env.prod"),
        "TABLE=orders-prod\nURL=prod-url\n",
    )
    .unwrap();
    t
}

#[test]
fn use_dotenv_loads_the_stages_env_file_as_sf_does() {
    let svc = dotenv_service();
    let run = |args: &[&str], shell: Option<&str>| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_slsc"));
        c.args(["--color", "never"])
            .args(args)
            .current_dir(svc.path());
        for k in ["TABLE", "URL", "HOST", "FROM_SHELL"] {
            c.env_remove(k);
        }
        if let Some(v) = shell {
            c.env("FROM_SHELL", v);
        }
        c.output().unwrap()
    };
    let o = run(&["invoke", "-f", "show"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout_json(&o),
        json!({"TABLE": "orders-default", "URL": "postgres://db.local/app", "FROM_SHELL": "from-file", "IS_LOCAL": "true"})
    );
    // .env.<stage> when it exists, instead of .env
    let o = run(&["--stage", "prod", "invoke", "-f", "show"], Some("shell"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout_json(&o),
        json!({"TABLE": "orders-prod", "URL": "prod-url", "FROM_SHELL": "shell", "IS_LOCAL": "true"})
    );
    // the shell's own value wins over the file's
    let o = run(&["invoke", "-f", "show"], Some("shell"));
    assert_eq!(stdout_json(&o)["FROM_SHELL"], "shell");
}

/// Whether `program` runs on this machine.
fn runs(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn an_older_runtime_runs_on_the_installed_interpreter_with_a_note() {
    let t = tempfile::tempdir().unwrap();
    std::fs::write(
        t.path().join("serverless.yml"),
        "service: old-runtimes\nprovider:\n  name: aws\nfunctions:\n  py:\n    handler: h.main\n    runtime: python3.7\n",
    )
    .unwrap();
    std::fs::write(
        t.path().join("h.py"),
        "import sys\n\ndef main(event, context):\n    return {'minor': sys.version_info[1]}\n",
    )
    .unwrap();
    let o = slsc_in(t.path(), &["invoke", "-f", "py"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let minor = stdout_json(&o)["minor"].as_u64().unwrap();
    if minor != 7 {
        let err = stderr(&o);
        assert!(
            err.contains(&format!(
                "slsc: runtime python3.7: Python 3.7 is not installed; its functions run with Python 3.{minor}."
            )),
            "{err}"
        );
        assert_eq!(err.matches("is not installed").count(), 1, "{err}");
    } else {
        assert!(runs("python3.7"));
    }
}

#[test]
fn a_language_that_is_not_installed_is_a_clear_start_up_error() {
    let empty = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_slsc"))
        .args(["--color", "never", "invoke", "-f", "echo"])
        .current_dir(service_dir())
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("function `echo`: runtime `nodejs20.x` needs Node.js, and none is installed"),
        "{err}"
    );
}
