//! The `slsc` binary end to end: exit codes, output formats, global options.

mod support;

use std::path::Path;
use std::process::{Command, Output};

fn slsc(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_slsc"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("SIGNING_SECRET")
        .output()
        .expect("run slsc")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn fixture(name: &str) -> std::path::PathBuf {
    support::fixtures_dir().join(name)
}

#[test]
fn validate_summarizes_a_good_service() {
    let o = slsc(&fixture("features-a"), &["validate"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).trim(),
        "ok: anchor-svc: 2 functions, 8 endpoints (stage dev, us-east-1), 1 warning"
    );
}

#[test]
fn validate_counts_http_api_routes_and_routes_lists_them_as_the_http_api_s() {
    let o = slsc(&fixture("http-api"), &["validate"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o).trim(),
        "ok: features-c: 5 functions, 0 endpoints, 5 httpApi routes (stage dev, us-east-1)"
    );
    let o = slsc(&fixture("http-api"), &["routes"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.starts_with("HTTP API (httpApi events, $default stage) at /:\nMETHOD"),
        "{text}"
    );
    let row = |needle: &str| {
        text.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>().join(" ") == needle)
    };
    assert!(row("GET /notes list 2.0 NONE"), "{text}");
    assert!(
        row("POST /notes create 2.0 JWT (cognitoJwt; scopes notes/write)"),
        "{text}"
    );
    assert!(
        row("DELETE /notes/{noteId} item 1.0 CUSTOM (keyCheck)"),
        "{text}"
    );
    assert!(row("ANY /* ($default) everything 2.0 NONE"), "{text}");
    assert!(!stderr(&o).contains("not served"), "{}", stderr(&o));
    let o = slsc(&fixture("http-api"), &["routes", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["routes"], serde_json::json!([]));
    assert_eq!(v["httpApi"]["stage"], "$default");
    assert_eq!(v["httpApi"]["prefix"], "");
    let routes = v["httpApi"]["routes"].as_array().unwrap();
    assert_eq!(routes.len(), 5);
    assert_eq!(routes[1]["routeKey"], "POST /notes");
    assert_eq!(routes[1]["authorization"], "JWT");
    assert_eq!(routes[1]["scopes"], serde_json::json!(["notes/write"]));
    assert_eq!(routes[4]["routeKey"], "$default");
}

#[test]
fn validate_reports_errors_with_location_and_exit_1() {
    let dir = service_dir(
        "serverless.yml",
        "service: svc\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  hello:\n    handlr: h.hello\n",
    );
    let o = slsc(dir.path(), &["validate"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("serverless.yml:7:5"), "{err}");
    assert!(err.contains("did you mean `handler`?"), "{err}");
    assert!(err.contains("error: 1 error"), "{err}");
}

#[test]
fn validate_json_lists_diagnostics_as_data() {
    let dir = service_dir(
        "serverless.yaml",
        "service: svc\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  stage: ${env:NOPE_NOT_SET}\n",
    );
    let o = slsc(dir.path(), &["validate", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["ok"], false);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "var::unresolved");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(5), Some(10))
    );
    assert_eq!(d["file"], "serverless.yaml");
}

#[test]
fn missing_config_is_one_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = slsc(dir.path(), &["validate"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("no serverless.yml or serverless.yaml in the current folder"),
        "{}",
        stderr(&o)
    );
    // every command says what it is missing in its own words, none of them "package"
    for args in [&["remove"][..], &["info"], &["routes"]] {
        let o = slsc(dir.path(), args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains("no serverless.yml"), "{args:?}: {err}");
        assert!(!err.contains("package"), "{args:?}: {err}");
    }
}

#[test]
fn print_resolves_stage_and_params_like_serverless_print() {
    let o = slsc(
        &fixture("variables"),
        &[
            "print",
            "--stage",
            "prod",
            "--region",
            "eu-west-1",
            "--param",
            "logLevel=error",
            "--format",
            "json",
        ],
    );
    // SIGNING_SECRET is not set here: print fails on it, as serverless print does
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("SIGNING_SECRET"), "{}", stderr(&o));

    let o = Command::new(env!("CARGO_BIN_EXE_slsc"))
        .args([
            "print",
            "--stage",
            "prod",
            "--region",
            "eu-west-1",
            "--param",
            "logLevel=error",
            "--format",
            "json",
        ])
        .current_dir(fixture("variables"))
        .env("SIGNING_SECRET", "s3cr3t-for-tests")
        .env("dev_URL", "https://dev-backend.example.com")
        .env("FEATURE_FLAG", "on")
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["provider"]["stage"], "prod");
    assert_eq!(v["provider"]["environment"]["LOG_LEVEL"], "error");
}

#[test]
fn compile_writes_the_template_to_stdout_or_a_file() {
    let dir = fixture("core-only");
    let o = slsc(&dir, &["compile"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert!(t["Resources"]["ServerlessDeploymentBucket"].is_object());
    assert!(stdout(&o).starts_with("{\n  \"AWSTemplateFormatVersion\""));

    let out = tempfile::tempdir().expect("tempdir");
    let file = out.path().join("t.json");
    let o = slsc(
        &dir,
        &["compile", "--create", "-o", file.to_str().expect("utf8")],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let t: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("written")).expect("json");
    assert_eq!(
        t["Resources"].as_object().map(|r| r.len()),
        Some(2),
        "create-stack template: bucket and policy"
    );
}

#[test]
fn compile_deployment_id_overrides_the_suffix() {
    let o = slsc(
        &fixture("features-b"),
        &["compile", "--deployment-id", "1700000000000"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("\"ApiGatewayDeployment1700000000000\""));
}

#[test]
fn unsupported_events_stop_compile_unless_skipped() {
    let dir = service_dir(
        "serverless.yml",
        "service: svc\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  tick:\n    handler: h.tick\n    events:\n      - webhook: $connect\n      - http: GET /tick\n",
    );
    let o = slsc(dir.path(), &["compile"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("`webhook` events"), "{err}");
    assert!(err.contains("serverless.yml:9:"), "{err}");

    let o = slsc(dir.path(), &["compile", "--skip-unsupported"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("`webhook` events"), "warned");
    assert!(stdout(&o).contains("ApiGatewayMethodTickGet"));
}

#[test]
fn compile_writes_the_current_time_as_force_deploy() {
    // SF writes `Date.now()`: the custom resource changes, so its handler runs on every deploy
    let o = slsc(&fixture("events-existing-resources"), &["compile"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let t: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let time = t["Resources"]["AuditDashlogCustomS31"]["Properties"]["ForceDeploy"]
        .as_u64()
        .expect("a number");
    // a time of this decade, in milliseconds (not the 0 of a library compile)
    assert!(time > 1_700_000_000_000, "{time}");
}

#[test]
fn config_flag_and_yaml_fallback_name() {
    let o = slsc(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["-c", "fixtures/core-only/serverless.yml", "validate"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = slsc(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &["-c", "nope.yml", "validate"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no configuration file at nope.yml"));
}

/// A temporary folder holding one configuration file.
fn service_dir(file: &str, yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join(file), yaml).expect("write");
    dir
}

/// On Linux (glibc) the binary is position-independent, so that the loader puts its own code at
/// a random address too: an ELF of type `ET_DYN` (3), not the fixed-address `ET_EXEC` (2).
#[test]
#[cfg(all(target_os = "linux", target_env = "gnu", target_endian = "little"))]
fn the_binary_is_position_independent() {
    let bin = std::fs::read(env!("CARGO_BIN_EXE_slsc")).expect("read the binary");
    assert_eq!(bin.get(..4), Some(&b"\x7fELF"[..]));
    // e_type: a u16 at offset 16, in the target's (little-endian) byte order
    let e_type = bin.get(16..18).map(|b| u16::from_le_bytes([b[0], b[1]]));
    assert_eq!(e_type, Some(3), "expected ET_DYN (3), ET_EXEC is 2");
}

/// A one-shot command keeps the memory it frees for reuse instead of handing it back to the
/// kernel (src/alloc.rs): mimalloc's own statistics count no purge, on a service large enough
/// that the default settings purge tens of MiB.
#[test]
fn compile_never_purges_freed_memory() {
    let dir = tempfile::tempdir().expect("tempdir");
    slsc::synth::write_service(dir.path(), 1000).expect("synth");
    let o = Command::new(env!("CARGO_BIN_EXE_slsc"))
        .args(["compile", "-o", "template.json"])
        .current_dir(dir.path())
        .env("MIMALLOC_SHOW_STATS", "1")
        .output()
        .expect("run slsc");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    let purges = err
        .lines()
        .find_map(|l| l.trim().strip_prefix("purges"))
        .and_then(|rest| {
            rest.trim()
                .trim_start_matches(':')
                .split_whitespace()
                .next()
        })
        .unwrap_or_else(|| panic!("no purge count in mimalloc's statistics:\n{err}"));
    assert_eq!(purges, "0", "{err}");
}

#[test]
fn routes_json_lists_every_door_with_its_kind_and_url() {
    let o = slsc(
        &fixture("function-urls-destinations"),
        &["routes", "--json", "--port", "4100"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let urls: Vec<(&str, &str)> = v["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "function-url")
        .map(|e| (e["function"].as_str().unwrap(), e["url"].as_str().unwrap()))
        .collect();
    assert!(urls.len() >= 3, "{urls:?}");
    // one port per function URL, counted on from --port + 2 in function order
    for (i, (_, url)) in urls.iter().enumerate() {
        assert_eq!(*url, format!("http://127.0.0.1:{}/", 4102 + i));
    }
    let o = slsc(
        &fixture("events-websocket"),
        &["routes", "--json", "--websocket-port", "4200"],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let sockets: Vec<&serde_json::Value> = v["endpoints"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "websocket")
        .collect();
    assert!(!sockets.is_empty(), "{v}");
    assert!(
        sockets
            .iter()
            .all(|e| e["url"] == "ws://127.0.0.1:4200/dev"),
        "{v}"
    );
    assert!(sockets.iter().any(|e| e["route"] == "$connect"), "{v}");
    let o = slsc(&fixture("events-alb"), &["routes", "--port", "4300"]);
    let text = stdout(&o);
    assert!(text.contains("ALB listener rules (alb events):"), "{text}");
    assert!(text.contains("http://127.0.0.1:4302/"), "{text}");
}

#[test]
fn a_result_that_cannot_be_written_is_an_error_and_a_closed_pipe_is_not() {
    let full = Path::new("/dev/full");
    if full.exists() {
        let o = Command::new(env!("CARGO_BIN_EXE_slsc"))
            .args(["routes", "--json"])
            .current_dir(fixture("http-api"))
            .stdout(std::fs::File::create(full).unwrap())
            .output()
            .expect("run slsc");
        assert_eq!(o.status.code(), Some(1));
        assert!(
            stderr(&o).contains("cannot write the result"),
            "{}",
            stderr(&o)
        );
    }
    // a reader that has gone: no panic, no error
    let mut child = Command::new(env!("CARGO_BIN_EXE_slsc"))
        .args(["print", "--format", "json"])
        .current_dir(fixture("features-b"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run slsc");
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
