//! The emulator's own APIs end to end: Lambda's Invoke API through the real AWS CLI
//! (`aws lambda invoke --endpoint-url`), the admin API (health, functions, logs and their
//! filters) and `slsc logs` reading the running emulator, on `tests/emulate/invoke`.

mod support;

use base64::Engine;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use support::emulator::{Emulator, poll, request};

fn service_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emulate/invoke")
}

/// A copy of the service in a folder of its own, so that each test's emulator writes its own
/// `.serverless/slsc-emulator.json`.
fn service_copy() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(service_dir()).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, t.path().join(p.file_name().unwrap())).unwrap();
        }
    }
    t
}

/// `aws lambda invoke` against the emulator: (exit code, the CLI's JSON, the payload written,
/// stderr).
fn aws_invoke(emu: &Emulator, args: &[&str]) -> (i32, Value, Vec<u8>, String) {
    let out = tempfile::NamedTempFile::new().unwrap();
    let o = Command::new("aws")
        .args(["lambda", "invoke", "--endpoint-url"])
        .arg(format!("http://{}", emu.addr))
        .args(args)
        .arg(out.path())
        .args(["--output", "json", "--region", "us-east-1"])
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .output()
        .expect("the AWS CLI (.ci/run installs it)");
    let meta = serde_json::from_slice(&o.stdout).unwrap_or(Value::Null);
    (
        o.status.code().unwrap_or(-1),
        meta,
        std::fs::read(out.path()).unwrap_or_default(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn event_file(v: &Value) -> tempfile::NamedTempFile {
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), v.to_string()).unwrap();
    f
}

#[test]
fn the_aws_cli_invokes_functions_through_the_invoke_api() {
    let svc = service_copy();
    let emu = Emulator::start(svc.path(), &[]);
    let event = event_file(&json!({"order": 7}));
    let payload_arg = format!("fileb://{}", event.path().display());
    let context = base64::engine::general_purpose::STANDARD.encode(r#"{"custom":{"k":"v"}}"#);

    // by its deployed name, with the log's tail and a client context
    let (code, meta, payload, err) = aws_invoke(
        &emu,
        &[
            "--function-name",
            "invoke-svc-dev-echo",
            "--payload",
            &payload_arg,
            "--log-type",
            "Tail",
            "--client-context",
            &context,
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(meta["StatusCode"], 200);
    assert_eq!(meta["ExecutedVersion"], "$LATEST");
    assert!(meta.get("FunctionError").is_none(), "{meta}");
    let answer: Value = serde_json::from_slice(&payload).unwrap();
    assert_eq!(answer["event"], json!({"order": 7}));
    assert_eq!(answer["clientContext"], json!({"custom": {"k": "v"}}));
    assert_eq!(answer["env"]["IS_OFFLINE"], "true");
    let tail = base64::engine::general_purpose::STANDARD
        .decode(meta["LogResult"].as_str().expect("a LogResult"))
        .unwrap();
    let tail = String::from_utf8(tail).unwrap();
    assert!(tail.starts_with("START RequestId: "), "{tail}");
    assert!(tail.contains("\tINFO\techo called"), "{tail}");
    assert!(tail.contains("\nEND RequestId: "), "{tail}");
    assert!(tail.contains("\nREPORT RequestId: "), "{tail}");

    // by ARN and by key; a handler's error
    let arn = "arn:aws:lambda:us-east-1:123456789012:function:invoke-svc-dev-fails";
    let (code, meta, payload, err) = aws_invoke(&emu, &["--function-name", arn]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(meta["FunctionError"], "Unhandled");
    let e: Value = serde_json::from_slice(&payload).unwrap();
    assert_eq!(e["errorType"], "PaymentDeclined");

    // asynchronous and dry runs
    let (code, meta, _, err) = aws_invoke(
        &emu,
        &["--function-name", "echo", "--invocation-type", "Event"],
    );
    assert_eq!((code, meta["StatusCode"].clone()), (0, json!(202)), "{err}");
    let (code, meta, _, err) = aws_invoke(
        &emu,
        &["--function-name", "echo", "--invocation-type", "DryRun"],
    );
    assert_eq!((code, meta["StatusCode"].clone()), (0, json!(204)), "{err}");

    // AWS's errors, as the CLI reports them
    let (code, _, _, err) = aws_invoke(&emu, &["--function-name", "nope"]);
    assert_ne!(code, 0);
    assert!(err.contains("ResourceNotFoundException"), "{err}");
    assert!(
        err.contains("Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope"),
        "{err}"
    );
    let bad = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(bad.path(), "{not json").unwrap();
    let bad_arg = format!("fileb://{}", bad.path().display());
    let (code, _, _, err) = aws_invoke(&emu, &["--function-name", "echo", "--payload", &bad_arg]);
    assert_ne!(code, 0);
    assert!(err.contains("InvalidRequestContentException"), "{err}");
    let (code, _, _, err) = aws_invoke(&emu, &["--function-name", "echo", "--qualifier", "7"]);
    assert_ne!(code, 0);
    assert!(err.contains("ResourceNotFoundException"), "{err}");
}

#[test]
fn the_lambda_and_admin_paths_win_over_the_http_apis_default_route() {
    let svc = service_copy();
    let emu = Emulator::start(svc.path(), &[]);
    let r = emu.get("/anything/else");
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), "web /anything/else");
    let r = emu.request(
        "POST",
        "/2015-03-31/functions/echo/invocations",
        &[],
        b"{\"via\":\"http\"}",
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["event"], json!({"via": "http"}));
    assert_eq!(emu.get("/__slsc/health").json()["status"], "ok");

    // where `slsc logs` finds it, while it runs
    let file = svc.path().join(".serverless/slsc-emulator.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(v["url"], format!("http://{}", emu.addr));
    emu.stop();
    assert!(!file.exists(), "removed when the emulator stops");
}

#[test]
fn the_admin_api_reports_functions_and_filters_logs() {
    let svc = service_copy();
    let emu = Emulator::start(svc.path(), &[]);
    let health = emu.get("/__slsc/health").json();
    assert_eq!(health["service"], "invoke-svc");
    assert_eq!(health["stage"], "dev");
    for (f, body) in [("echo", "{}"), ("echo", "{}"), ("fails", "{}")] {
        emu.request(
            "POST",
            &format!("/2015-03-31/functions/{f}/invocations"),
            &[],
            body.as_bytes(),
        );
    }
    let functions = emu.get("/__slsc/functions").json();
    let echo = functions["functions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "echo")
        .expect("echo listed")
        .clone();
    assert_eq!(echo["functionName"], "invoke-svc-dev-echo");
    assert_eq!(echo["runtime"], "nodejs20.x");
    assert_eq!(echo["handler"], "handler.echo");
    assert_eq!(echo["invocations"], 2);
    assert_eq!(echo["errors"], 0);
    assert_eq!(echo["workers"]["warm"], 1);
    assert_eq!(echo["workers"]["busy"], 0);
    assert!(echo["lastDurationMs"].as_f64().is_some());
    let fails = emu.get("/__slsc/functions/fails").json();
    assert_eq!(
        (fails["invocations"].clone(), fails["errors"].clone()),
        (json!(1), json!(1))
    );

    // the handlers' lines reach the log a moment after their answers
    let logs = |q: &str| emu.get(&format!("/__slsc/logs?{q}")).json()["logs"].clone();
    poll("echo's two warnings in the log", || {
        (logs("function=echo&level=warn").as_array()?.len() == 2).then_some(())
    });
    let warn = logs("function=echo&level=warn");
    for line in warn.as_array().unwrap() {
        assert_eq!(line["level"], "warn");
        assert_eq!(line["function"], "echo");
        assert!(line["message"].as_str().unwrap().ends_with("a warning"));
    }
    let all = logs("function=echo&since=10m");
    let seqs: Vec<u64> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["seq"].as_u64().unwrap())
        .collect();
    assert!(
        seqs.len() >= 4 && seqs.windows(2).all(|w| w[0] < w[1]),
        "time order: {seqs:?}"
    );
    let last = logs("function=echo&limit=1");
    assert_eq!(last.as_array().unwrap().len(), 1);
    assert_eq!(last[0]["seq"].as_u64(), seqs.last().copied());
    assert_eq!(logs("since=2999-01-01T00:00:00Z"), json!([]));
    let errors = logs("level=error");
    assert!(
        errors
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["function"] == "fails"),
        "{errors}"
    );

    for (q, code) in [
        ("level=loud", "InvalidLevel"),
        ("since=yesterday", "InvalidSince"),
        ("limit=0", "InvalidLimit"),
        ("limit=x", "InvalidLimit"),
        ("function=nope", "UnknownFunction"),
        ("colour=red", "UnknownParameter"),
    ] {
        let r = emu.get(&format!("/__slsc/logs?{q}"));
        assert_eq!(r.status, 400, "{q}");
        assert_eq!(r.json()["code"], code, "{q}");
        assert!(r.json()["message"].is_string());
    }
    assert_eq!(emu.get("/__slsc/nothing").status, 404);
}

fn slsc_logs(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_slsc"))
        .args(["--color", "never", "logs"])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run slsc logs")
}

#[test]
fn slsc_logs_reads_the_running_emulator() {
    let svc = service_copy();
    let emu = Emulator::start(svc.path(), &[]);
    request(
        &emu.addr,
        "POST",
        "/2015-03-31/functions/echo/invocations",
        &[],
        b"{}",
    );
    poll("echo's lines in the log", || {
        let o = slsc_logs(svc.path(), &["-f", "echo"]);
        String::from_utf8_lossy(&o.stdout)
            .contains("a warning")
            .then_some(())
    });
    let o = slsc_logs(svc.path(), &["-f", "echo", "--level", "warn"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("\tWARN\ta warning"), "{out}");
    assert!(!out.contains("echo called"), "{out}");
    let o = slsc_logs(svc.path(), &["-f", "echo", "--limit", "1", "--since", "5m"]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).lines().count(), 1);

    // bad filters are refused before anything is asked
    for (args, needle) in [
        (&["-f", "echo", "--level", "loud"][..], "--level `loud`"),
        (&["-f", "echo", "--since", "later"][..], "--since `later`"),
        (&["-f", "echo", "--limit", "0"][..], "--limit 0"),
        (&["-f", "ech"][..], "did you mean `echo`?"),
    ] {
        let o = slsc_logs(svc.path(), args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
    }

    // --tail follows: a line written after it started comes through
    let mut follower = Command::new(env!("CARGO_BIN_EXE_slsc"))
        .args(["--color", "never", "logs", "-f", "fails", "--tail"])
        .current_dir(svc.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let seen = Arc::new(Mutex::new(String::new()));
    let sink = seen.clone();
    let stdout = follower.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            sink.lock().unwrap().push_str(&line);
        }
    });
    poll("the follower saw the failure", || {
        request(
            &emu.addr,
            "POST",
            "/2015-03-31/functions/fails/invocations",
            &[],
            b"{}",
        );
        seen.lock()
            .unwrap()
            .contains("PaymentDeclined")
            .then_some(())
    });
    let _ = follower.kill();
    let _ = follower.wait();
    let _ = reader.join();
    drop(emu);
}

#[test]
fn slsc_logs_without_an_emulator_says_so() {
    let svc = service_copy();
    let o = slsc_logs(
        svc.path(),
        &["-f", "echo", "--emulator-url", "http://127.0.0.1:9"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does not answer"));
}
