//! `slsc deploy`, `deploy list`, `info`, `rollback` and `remove` against moto's server
//! (`moto_server`, installed by `.ci/run`), started once for this test on a free port and
//! killed at the end. The service is `tests/deploy/moto-svc` (no CORS, authorizers or API keys:
//! moto cannot create those). Without moto the test fails unless `SLSC_SKIP_MOTO=1`.
//! Also: unreachable endpoints and missing credentials are one line each.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The moto server; killed when dropped (also when a step panics).
struct Moto {
    child: Child,
    url: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_moto() -> Option<Moto> {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let child = Command::new("moto_server")
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let moto = Moto {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "moto_server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(moto)
}

/// moto's server for a test; `None` (the test is skipped) only when it is missing and
/// `SLSC_SKIP_MOTO` is set, else a missing server fails the test.
fn moto_or_skip() -> Option<Moto> {
    let moto = start_moto();
    if moto.is_none() {
        assert!(
            std::env::var_os("SLSC_SKIP_MOTO").is_some(),
            "moto_server not found: pip install 'moto[server]' (see .ci/run)"
        );
        eprintln!("moto_server not found: skipped (SLSC_SKIP_MOTO)");
    }
    moto
}

/// `slsc` in `dir` with fake credentials and `endpoint` (None: no endpoint at all).
fn slsc(dir: &Path, endpoint: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_slsc"));
    cmd.args(args)
        .current_dir(dir)
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", dir.join("no-aws-config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            dir.join("no-aws-credentials"),
        )
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("SLSC_POLL_MS", "50")
        .env("NO_COLOR", "1");
    match endpoint {
        Some(e) => cmd.env("AWS_ENDPOINT_URL", e),
        None => cmd.env_remove("AWS_ENDPOINT_URL"),
    };
    cmd.output().expect("run slsc")
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Exit 0, or a panic showing what was printed.
fn ok(step: &str, o: &Output) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{step}\nstdout:\n{}\nstderr:\n{}",
        out(o),
        err(o)
    );
}

/// The number in `(N AWS requests, ...)`.
fn requests(o: &Output) -> usize {
    let e = err(o);
    let at = e.rfind(" AWS requests").expect("request count printed");
    let start = e[..at].rfind('(').expect("(") + 1;
    e[start..at].parse().expect("number")
}

/// A copy of the test service in a temporary folder.
fn service_copy() -> tempfile::TempDir {
    copy_of("tests/deploy/moto-svc")
}

/// A copy of the files (not the folders) of the service at `rel` in a temporary folder.
fn copy_of(rel: &str) -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let dir = tempfile::tempdir().expect("tempdir");
    for entry in std::fs::read_dir(&src).expect("test service") {
        let p: PathBuf = entry.expect("entry").path();
        if p.is_file() {
            std::fs::copy(&p, dir.path().join(p.file_name().expect("name"))).expect("copy");
        }
    }
    dir
}

/// The timestamps `deploy list` prints, oldest first.
fn timestamps(o: &Output) -> Vec<String> {
    out(o)
        .lines()
        .filter_map(|l| l.strip_prefix("Timestamp: "))
        .map(String::from)
        .collect()
}

#[test]
fn deploy_flows_against_moto() {
    let Some(moto) = moto_or_skip() else {
        return;
    };
    let m = Some(moto.url.as_str());
    let svc = service_copy();
    let d = svc.path();

    // first deploy: the stack is created, both zips uploaded, the summary printed
    let o = slsc(d, m, &["deploy"]);
    ok("first deploy", &o);
    let e = err(&o);
    for want in [
        "Creating CloudFormation stack moto-svc-dev",
        "Uploading hello.zip",
        "Uploading goodbye.zip",
        "UPDATE_COMPLETE - AWS::CloudFormation::Stack - moto-svc-dev",
        "Service deployed to stack moto-svc-dev",
    ] {
        assert!(e.contains(want), "first deploy: no `{want}` in\n{e}");
    }
    assert!(out(&o).contains("GET - https://"), "{}", out(&o));
    assert!(out(&o).contains("hello: moto-svc-dev-hello"));
    assert!(d.join(".serverless/hello.zip").is_file());

    // nothing changed: no update, a handful of requests
    let o = slsc(d, m, &["deploy"]);
    ok("no-op deploy", &o);
    assert!(err(&o).contains("No changes to deploy"), "{}", err(&o));
    assert!(
        requests(&o) <= 3,
        "no-op deploy made {} requests",
        requests(&o)
    );

    // one handler changed: --dry-run shows the change and leaves everything as it was
    std::fs::write(
        d.join("hello.js"),
        "exports.handler = async () => ({ statusCode: 200, body: 'v2' });\n",
    )
    .expect("edit handler");
    let o = slsc(d, m, &["deploy", "--dry-run"]);
    ok("dry run", &o);
    assert!(
        out(&o).contains("HelloLambdaFunction (AWS::Lambda::Function)"),
        "{}",
        out(&o)
    );
    assert!(err(&o).contains("change set deleted"), "{}", err(&o));
    let o = slsc(d, m, &["deploy", "list"]);
    ok("deploy list after dry run", &o);
    let first = timestamps(&o);
    assert_eq!(first.len(), 1, "a dry run adds no deployment:\n{}", out(&o));

    // the real deploy uploads only the changed zip
    let o = slsc(d, m, &["deploy"]);
    ok("second deploy", &o);
    let e = err(&o);
    assert!(e.contains("Uploading hello.zip"), "{e}");
    assert!(!e.contains("Uploading goodbye.zip"), "{e}");
    assert!(e.contains("Unchanged goodbye.zip"), "{e}");
    assert!(e.contains("Service deployed"), "{e}");
    let o = slsc(d, m, &["deploy", "list"]);
    ok("deploy list", &o);
    let list = out(&o);
    assert_eq!(timestamps(&o).len(), 2, "{list}");
    let second = list.split("Timestamp: ").nth(2).expect("second deployment");
    assert!(
        second.contains("- hello.zip") && !second.contains("goodbye.zip"),
        "{list}"
    );

    // info
    let o = slsc(d, m, &["info"]);
    ok("info", &o);
    let text = out(&o);
    assert!(
        text.contains("stack: moto-svc-dev (UPDATE_COMPLETE)"),
        "{text}"
    );
    assert!(text.contains("POST - https://"), "{text}");
    assert!(
        text.contains(".execute-api.us-east-1.amazonaws.com/dev/goodbye/{name}"),
        "{text}"
    );

    // rollback to the first deployment; the current code is then a change again
    let o = slsc(d, m, &["rollback", "--timestamp", &first[0]]);
    ok("rollback", &o);
    assert!(err(&o).contains("rolled back"), "{}", err(&o));
    let o = slsc(d, m, &["rollback", "--timestamp", "123"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("no deployment with timestamp 123"),
        "{}",
        err(&o)
    );
    let o = slsc(d, m, &["deploy"]);
    ok("deploy after rollback", &o);
    assert!(err(&o).contains("Uploading hello.zip"), "{}", err(&o));

    // a deploy moto rejects (a function whose code bucket does not exist), on its own stage
    let broken = service_copy();
    let mut yaml = std::fs::read_to_string(broken.path().join("serverless.yml")).expect("yml");
    yaml.push_str(
        "resources:\n  Resources:\n    Broken:\n      Type: AWS::Lambda::Function\n      Properties:\n        Code: { S3Bucket: no-such-bucket, S3Key: nothing.zip }\n        Handler: index.handler\n        Runtime: nodejs20.x\n        Role: { \"Fn::GetAtt\": [IamRoleLambdaExecution, Arn] }\n",
    );
    std::fs::write(broken.path().join("serverless.yml"), yaml).expect("write");
    let o = slsc(broken.path(), m, &["deploy", "--stage", "broken"]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let e = err(&o);
    assert!(
        e.contains("error: update of stack moto-svc-broken failed"),
        "{e}"
    );
    assert!(e.contains("NoSuchBucket"), "the reason is printed: {e}");

    // remove: bucket emptied, stack gone
    let o = slsc(d, m, &["remove"]);
    ok("remove", &o);
    assert!(err(&o).contains("successfully removed"), "{}", err(&o));
    let o = slsc(d, m, &["info"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("stack moto-svc-dev does not exist"),
        "{}",
        err(&o)
    );
    drop(moto);
}

/// A service with `httpApi` events deploys, and is described and removed. moto 5 has no
/// CloudFormation support for `AWS::ApiGatewayV2::*`: it records those resources without
/// creating them and drops the outputs that refer to them (`HttpApiId`, `HttpApiUrl`), so what
/// is checked here is the rest of the stack (functions, permissions) and that slsc's flow does
/// not depend on them; the listing of the routes under `HttpApiUrl` is unit-tested
/// (`deploy::summary`).
#[test]
fn http_api_service_deploys_against_moto() {
    let Some(moto) = moto_or_skip() else {
        return;
    };
    let m = Some(moto.url.as_str());
    let svc = copy_of("fixtures/http-api");
    let o = slsc(svc.path(), m, &["deploy"]);
    ok("deploy", &o);
    assert!(
        out(&o).contains("features-c-dev (UPDATE_COMPLETE)"),
        "{}",
        out(&o)
    );
    for f in ["list", "create", "item", "everything", "keyCheck"] {
        assert!(
            out(&o).contains(&format!("  {f}: features-c-dev-{f}\n")),
            "{f}: {}",
            out(&o)
        );
    }
    let o = slsc(svc.path(), m, &["info"]);
    ok("info", &o);
    assert!(out(&o).contains("features-c-dev-keyCheck"), "{}", out(&o));
    let o = slsc(svc.path(), m, &["remove"]);
    ok("remove", &o);
    let o = slsc(svc.path(), m, &["info"]);
    assert_eq!(o.status.code(), Some(1), "info after remove: {}", out(&o));
}

/// The AWS CLI against moto; `None` when it is not installed.
fn aws_cli(endpoint: &str, args: &[&str]) -> Option<serde_json::Value> {
    let o = Command::new("aws")
        .arg("--endpoint-url")
        .arg(endpoint)
        .args(args)
        .args(["--output", "json", "--region", "us-east-1"])
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env_remove("AWS_PROFILE")
        .output()
        .ok()?;
    assert!(
        o.status.success(),
        "aws {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    Some(serde_json::from_slice(&o.stdout).expect("JSON from the AWS CLI"))
}

#[test]
fn rest_api_stage_settings_are_applied_after_the_stack() {
    let Some(moto) = moto_or_skip() else {
        return;
    };
    let m = Some(moto.url.as_str());
    let svc = copy_of("tests/deploy/moto-stage");
    let o = slsc(svc.path(), m, &["deploy"]);
    ok("deploy", &o);
    assert!(
        err(&o).contains("Updating stage dev of the REST API"),
        "{}",
        err(&o)
    );
    let Some(apis) = aws_cli(&moto.url, &["apigateway", "get-rest-apis"]) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the AWS CLI is not installed"
        );
        eprintln!("aws CLI not installed: the stage is not read back");
        return;
    };
    let id = apis["items"][0]["id"].as_str().expect("the REST API's id");
    let stage = aws_cli(
        &moto.url,
        &[
            "apigateway",
            "get-stage",
            "--rest-api-id",
            id,
            "--stage-name",
            "dev",
        ],
    )
    .expect("aws");
    assert_eq!(stage["tracingEnabled"], true, "{stage}");
    let all = &stage["methodSettings"]["*/*"];
    assert_eq!(all["loggingLevel"], "ERROR", "{stage}");
    assert_eq!(all["dataTraceEnabled"], false, "{stage}");
    assert_eq!(all["metricsEnabled"], true, "{stage}");
    assert_eq!(
        stage["accessLogSettings"]["destinationArn"],
        "arn:aws:logs:us-east-1:123456789012:log-group:/aws/api-gateway/moto-stage-dev",
        "{stage}"
    );
    assert!(
        stage["accessLogSettings"]["format"]
            .as_str()
            .is_some_and(|f| f.starts_with("requestId: $context.requestId")),
        "{stage}"
    );
    assert_eq!(stage["tags"]["team"], "slsc", "{stage}");
    assert_eq!(stage["tags"]["tier"], "gold", "{stage}");

    // a setting changed alone (not in the template) is still deployed, a second time not
    let yml = svc.path().join("serverless.yml");
    let text = std::fs::read_to_string(&yml).expect("yml");
    std::fs::write(&yml, text.replace("level: ERROR", "level: INFO")).expect("write");
    let o = slsc(svc.path(), m, &["deploy"]);
    ok("deploy of the new level", &o);
    let stage = aws_cli(
        &moto.url,
        &[
            "apigateway",
            "get-stage",
            "--rest-api-id",
            id,
            "--stage-name",
            "dev",
        ],
    )
    .expect("aws");
    assert_eq!(
        stage["methodSettings"]["*/*"]["loggingLevel"], "INFO",
        "{stage}"
    );
    let o = slsc(svc.path(), m, &["deploy"]);
    ok("no-op deploy", &o);
    assert!(err(&o).contains("No changes to deploy"), "{}", err(&o));
}

#[test]
fn queues_topics_schedules_rules_and_streams_deploy_against_moto() {
    let Some(moto) = moto_or_skip() else {
        return;
    };
    let m = Some(moto.url.as_str());
    let svc = copy_of("tests/deploy/moto-events");
    let o = slsc(svc.path(), m, &["deploy"]);
    ok("deploy", &o);
    let Some(queues) = aws_cli(&moto.url, &["sqs", "list-queues"]) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the AWS CLI is not installed"
        );
        eprintln!("aws CLI not installed: the resources are not read back");
        return;
    };
    // named by `provider.stackParameters`
    assert!(
        queues["QueueUrls"].as_array().is_some_and(|q| q
            .iter()
            .any(|u| u.as_str().is_some_and(|u| u.ends_with("/moto-events-jobs")))),
        "{queues}"
    );
    let mappings = aws_cli(&moto.url, &["lambda", "list-event-source-mappings"]).expect("aws");
    let mut sources: Vec<(String, u64)> = mappings["EventSourceMappings"]
        .as_array()
        .expect("mappings")
        .iter()
        .map(|m| {
            let arn = m["EventSourceArn"].as_str().unwrap_or_default();
            let service = arn.split(':').nth(2).unwrap_or_default().to_string();
            (service, m["BatchSize"].as_u64().unwrap_or_default())
        })
        .collect();
    sources.sort();
    // the queue with its batch size, the table's stream with Lambda's default
    assert_eq!(
        sources,
        [("dynamodb".to_string(), 10), ("sqs".to_string(), 5)]
    );
    let rules = aws_cli(&moto.url, &["events", "list-rules"]).expect("aws");
    let rules = rules["Rules"].as_array().expect("rules");
    let schedule = rules
        .iter()
        .find(|r| r["ScheduleExpression"] == "rate(10 minutes)")
        .unwrap_or_else(|| panic!("no schedule rule in {rules:?}"));
    let targets = aws_cli(
        &moto.url,
        &[
            "events",
            "list-targets-by-rule",
            "--rule",
            schedule["Name"].as_str().expect("name"),
        ],
    )
    .expect("aws");
    assert_eq!(targets["Targets"][0]["Input"], r#"{"report":"hourly"}"#);
    assert!(
        rules.iter().any(|r| r["EventPattern"]
            .as_str()
            .is_some_and(|p| p.contains("moto.events"))),
        "no EventBridge rule in {rules:?}"
    );
    let subscriptions = aws_cli(&moto.url, &["sns", "list-subscriptions"]).expect("aws");
    assert!(
        subscriptions["Subscriptions"]
            .as_array()
            .expect("subscriptions")
            .iter()
            .any(|s| s["Protocol"] == "lambda"
                && s["TopicArn"]
                    .as_str()
                    .is_some_and(|t| t.ends_with(":job-events"))),
        "{subscriptions}"
    );
    let o = slsc(svc.path(), m, &["remove"]);
    ok("remove", &o);
}

/// A service with layers (a folder zipped, a prebuilt zip, a retained one): every zip is
/// uploaded and the stack deploys (moto compiles no `LayerVersionPermission`, and keeps no
/// outputs, so the layers' ARNs are not listed).
#[test]
fn layers_service_deploys_against_moto() {
    let Some(moto) = moto_or_skip() else {
        return;
    };
    let m = Some(moto.url.as_str());
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/layers"),
        dir.path(),
    );
    let o = slsc(dir.path(), m, &["deploy"]);
    ok("deploy", &o);
    for zip in [
        "layered.zip",
        "retained.zip",
        "common.zip",
        "tools-layer.bin",
    ] {
        assert!(
            err(&o).contains(&format!("Uploading {zip}")),
            "{zip}: {}",
            err(&o)
        );
    }
    assert!(
        out(&o).contains("layered-dev (UPDATE_COMPLETE)"),
        "{}",
        out(&o)
    );
    // nothing changed: nothing is uploaded again
    let o = slsc(dir.path(), m, &["deploy"]);
    ok("second deploy", &o);
    assert!(!err(&o).contains("Uploading"), "{}", err(&o));
    let o = slsc(dir.path(), m, &["remove"]);
    ok("remove", &o);
}

/// Copies the folder `from` (files and subfolders) into `to`.
fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("folder") {
        let p: PathBuf = entry.expect("entry").path();
        let target = to.join(p.file_name().expect("name"));
        if p.is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_tree(&p, &target);
        } else {
            std::fs::copy(&p, &target).expect("copy");
        }
    }
}

#[test]
fn unreachable_endpoint_is_one_line() {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let svc = service_copy();
    let url = format!("http://127.0.0.1:{port}");
    let o = slsc(svc.path(), Some(&url), &["info"]);
    assert_eq!(o.status.code(), Some(1));
    let errors: Vec<String> = err(&o)
        .lines()
        .filter(|l| l.starts_with("error:"))
        .map(String::from)
        .collect();
    assert_eq!(errors.len(), 1, "{}", err(&o));
    assert!(errors[0].contains("cannot reach AWS"), "{}", errors[0]);
    assert!(!err(&o).contains("panicked"));
}

#[test]
fn missing_credentials_are_one_line() {
    let svc = service_copy();
    let o = Command::new(env!("CARGO_BIN_EXE_slsc"))
        .args(["info"])
        .current_dir(svc.path())
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_WEB_IDENTITY_TOKEN_FILE")
        .env_remove("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
        .env_remove("AWS_CONTAINER_CREDENTIALS_FULL_URI")
        .env("AWS_CONFIG_FILE", svc.path().join("none"))
        .env("AWS_SHARED_CREDENTIALS_FILE", svc.path().join("none"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .output()
        .expect("run slsc");
    assert_eq!(o.status.code(), Some(1));
    let e = err(&o);
    let errors: Vec<&str> = e.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{e}");
    assert!(errors[0].contains("no usable AWS credentials"), "{e}");
}

/// `aws logs ...` against moto, its output ignored (the step must succeed).
fn aws_logs(endpoint: &str, args: &[&str]) {
    let o = Command::new("aws")
        .arg("--endpoint-url")
        .arg(endpoint)
        .arg("logs")
        .args(args)
        .args(["--region", "us-east-1"])
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env_remove("AWS_PROFILE")
        .output()
        .expect("the AWS CLI (.ci/run installs it)");
    assert!(
        o.status.success(),
        "aws logs {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn logs_read_the_deployed_functions_log_group_without_an_emulator() {
    let Some(moto) = moto_or_skip() else {
        return;
    };
    let m = Some(moto.url.as_str());
    let svc = service_copy();
    let group = "/aws/lambda/moto-svc-dev-hello";
    aws_logs(&moto.url, &["create-log-group", "--log-group-name", group]);
    aws_logs(
        &moto.url,
        &[
            "create-log-stream",
            "--log-group-name",
            group,
            "--log-stream-name",
            "s1",
        ],
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let id = "0b7d1f2e-3c4a-4b5d-8e6f-7a8b9c0d1e2f";
    let events = serde_json::json!([
        {"timestamp": now, "message": format!("START RequestId: {id} Version: $LATEST")},
        {"timestamp": now + 1, "message": format!("2024-01-02T03:04:05.678Z\t{id}\tINFO\tprocessing")},
        {"timestamp": now + 2, "message": format!("2024-01-02T03:04:05.679Z\t{id}\tWARN\tslow upstream")},
        {"timestamp": now + 3, "message": format!("END RequestId: {id}")},
        {"timestamp": now + 4, "message": format!("REPORT RequestId: {id}\tDuration: 2.00 ms")},
    ]);
    aws_logs(
        &moto.url,
        &[
            "put-log-events",
            "--log-group-name",
            group,
            "--log-stream-name",
            "s1",
            "--log-events",
            &events.to_string(),
        ],
    );

    let o = slsc(svc.path(), m, &["logs", "-f", "hello"]);
    ok("logs", &o);
    assert!(err(&o).contains("no emulator is running"), "{}", err(&o));
    let lines: Vec<String> = out(&o).lines().map(String::from).collect();
    assert_eq!(
        lines.len(),
        4,
        "END lines are left out, as sls logs does: {lines:?}"
    );
    assert!(lines[0].starts_with("START RequestId:"));
    assert!(lines[3].starts_with("REPORT RequestId:"));

    let o = slsc(svc.path(), m, &["logs", "-f", "hello", "--level", "warn"]);
    ok("logs --level warn", &o);
    assert_eq!(
        out(&o).trim(),
        format!("2024-01-02T03:04:05.679Z\t{id}\tWARN\tslow upstream")
    );

    let o = slsc(
        svc.path(),
        m,
        &["logs", "-f", "hello", "--limit", "1", "--since", "1h"],
    );
    ok("logs --limit 1", &o);
    assert!(out(&o).starts_with("REPORT RequestId:"), "{}", out(&o));

    // --tail: a line put after it started comes through
    let mut follower = Command::new(env!("CARGO_BIN_EXE_slsc"))
        .args(["logs", "-f", "hello", "--tail", "--since", "1h"])
        .current_dir(svc.path())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_ENDPOINT_URL", &moto.url)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("slsc logs --tail");
    let seen = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let sink = seen.clone();
    let stdout = follower.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let mut s = sink.lock().unwrap();
            s.push_str(&line);
            s.push('\n');
        }
    });
    let later = serde_json::json!([
        {"timestamp": now + 10, "message": format!("2024-01-02T03:04:05.690Z\t{id}\tERROR\tlater failure")},
    ]);
    aws_logs(
        &moto.url,
        &[
            "put-log-events",
            "--log-group-name",
            group,
            "--log-stream-name",
            "s1",
            "--log-events",
            &later.to_string(),
        ],
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while !seen.lock().unwrap().contains("later failure") {
        assert!(
            Instant::now() < deadline,
            "the follower never printed the new line"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = follower.kill();
    let _ = follower.wait();
    let _ = reader.join();
    let printed = seen.lock().unwrap().clone();
    assert_eq!(
        printed.matches("slow upstream").count(),
        1,
        "each line once: {printed}"
    );

    let o = slsc(svc.path(), m, &["logs", "-f", "goodbye"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("ResourceNotFoundException"), "{}", err(&o));
}
