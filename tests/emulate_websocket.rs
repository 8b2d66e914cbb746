//! The WebSocket API end to end: `slsc emulate` on free ports, a chat of real Node.js and
//! Python handlers (the Python one broadcasting through `@connections` with boto3), driven by
//! `ws` (the field's Node.js client, tests/emulate/websocket/chat.mjs), and the AWS CLI
//! against the @connections API. Where AWS's documentation is silent, the comment says so.

mod support;

use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use support::emulator::Emulator;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/emulate/websocket")
}

fn start(db: &Path) -> Emulator {
    let db = db.to_str().unwrap();
    Emulator::start_with_env(
        &dir(),
        &[],
        &[
            ("CHAT_DB", db),
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
        ],
    )
}

/// `aws apigatewaymanagementapi <args> --endpoint-url <http url of the stage>`: its exit
/// status, stdout and stderr.
fn aws(endpoint: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new("aws")
        .arg("apigatewaymanagementapi")
        .args(args)
        .args(["--endpoint-url", endpoint, "--region", "us-east-1"])
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .expect("run the AWS CLI");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_chat_with_an_authorizer_route_responses_and_the_connections_api() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("chat");
    std::fs::write(&db, "").unwrap();
    let emu = start(&db);
    let url = emu.websocket_url();
    assert!(url.ends_with("/dev"), "{url}");
    assert!(
        emu.banner.contains("/dev/@connections/{connectionId}"),
        "{}",
        emu.banner
    );
    let endpoint = url.replacen("ws://", "http://", 1);

    let mut client = Command::new("node")
        .arg(dir().join("chat.mjs"))
        .arg(&url)
        .current_dir(dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start node");
    let mut lines = BufReader::new(client.stdout.take().unwrap()).lines();
    let mut next = |what: &str| -> Value {
        let line = lines
            .next()
            .unwrap_or_else(|| panic!("no {what} from the client:\n{}", emu.log_text()))
            .unwrap();
        let v: Value = serde_json::from_str(&line).unwrap_or_else(|_| panic!("{line}"));
        assert!(!v[what].is_null(), "{line}\n{}", emu.log_text());
        v[what].clone()
    };
    let ready = next("ready");

    // the $connect authorizer: a missing identity source is 401 without invoking it; a Deny
    // policy 403; an `Unauthorized` error 401; a failing authorizer 500 (AWS:ws-connect says
    // 401 or 403, and the REST API's 500 for a failing authorizer); a $connect function's
    // non-2xx statusCode is the upgrade's status (the docs only say the connection fails)
    let r = &ready["refusals"];
    assert_eq!(
        [
            &r["missing"],
            &r["denied"],
            &r["unauthorized"],
            &r["failing"],
            &r["connectRefuses"]
        ],
        [401, 403, 401, 500, 403],
        "{r}"
    );
    // a binary frame closed carol's connection with 1003, as AWS does
    assert_eq!(ready["carolClose"], 1003, "{ready}");
    emu.wait_for_log(" 1003 DISCONNECT", 30);
    // the handlers' lines reach the log as they write them: wait for the last CONNECT's
    emu.wait_for_log("user=carol", 30);
    let log = emu.log_text();
    // alice, bob and carol ran `$connect`; the refused ones did not get that far
    assert_eq!(
        log.matches("CONNECT ").count() - log.matches("DISCONNECT ").count(),
        3,
        "{log}"
    );

    // the route response is the echo function's body: the MESSAGE event as AWS shapes it
    let echo = &ready["echo"];
    let rc = &echo["requestContext"];
    assert_eq!(rc["routeKey"], "echo");
    assert_eq!(rc["eventType"], "MESSAGE");
    assert_eq!(rc["messageDirection"], "IN");
    assert_eq!(rc["stage"], "dev");
    assert_eq!(rc["authorizer"]["user"], "alice");
    assert_eq!(rc["authorizer"]["principalId"], "user");
    assert_eq!(rc["identity"]["sourceIp"], "127.0.0.1");
    assert_eq!(
        format!(
            "ws://{}/{}",
            rc["domainName"].as_str().unwrap(),
            rc["stage"].as_str().unwrap()
        ),
        url
    );
    for k in [
        "connectionId",
        "messageId",
        "requestId",
        "extendedRequestId",
        "requestTime",
        "apiId",
    ] {
        assert!(rc[k].as_str().is_some_and(|s| !s.is_empty()), "{k}: {rc}");
    }
    assert!(rc["connectedAt"].as_u64().is_some() && rc["requestTimeEpoch"].as_u64().is_some());
    assert_eq!(echo["body"], r#"{"action":"echo","text":"hi"}"#);
    assert_eq!(echo["isBase64Encoded"], false);
    let alice_id = rc["connectionId"].as_str().unwrap().to_string();
    let bob_id = ready["bobId"].as_str().unwrap().to_string();
    emu.wait_for_log(&format!("CONNECT {alice_id} user=alice"), 30);

    // the Python handler broadcast through @connections (boto3): both received the line; a
    // failing route's caller gets AWS's error frame
    let received = &ready["received"];
    assert_eq!(received["bob"][0], "alice: hello all", "{received}");
    assert_eq!(received["alice"][0], "alice: hello all", "{received}");
    let error: Value = serde_json::from_str(received["alice"][1].as_str().unwrap()).unwrap();
    assert_eq!(error["message"], "Internal server error");
    assert_eq!(error["connectionId"], alice_id.as_str());

    // a message that is not JSON goes to $default
    emu.wait_for_log(r#"DEFAULT "not json at all" base64=false"#, 30);

    // the AWS CLI against @connections: post and get on a live connection
    let (ok, _, err) = aws(
        &endpoint,
        &[
            "post-to-connection",
            "--connection-id",
            &alice_id,
            "--data",
            "from the CLI",
        ],
    );
    assert!(ok, "{err}");
    let (ok, out, err) = aws(&endpoint, &["get-connection", "--connection-id", &alice_id]);
    assert!(ok, "{err}");
    let got: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(got["Identity"]["SourceIp"], "127.0.0.1");
    assert!(
        got["ConnectedAt"].is_string() && got["LastActiveAt"].is_string(),
        "{got}"
    );

    // bob closes with 4001: $disconnect gets the code; then bob is 410 Gone to the CLI
    let stdin = client.stdin.as_mut().unwrap();
    writeln!(stdin, "close").unwrap();
    let done = next("done");
    assert_eq!(done["bobClose"], 4001, "{done}");
    assert!(
        done["received"]["alice"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "from the CLI"),
        "{done}"
    );
    emu.wait_for_log(&format!("DISCONNECT {bob_id} 4001 DISCONNECT"), 30);
    // alice's close frame had no code: AWS reports 1005
    emu.wait_for_log(&format!("DISCONNECT {alice_id} 1005 DISCONNECT"), 30);
    let (ok, _, err) = aws(
        &endpoint,
        &[
            "post-to-connection",
            "--connection-id",
            &bob_id,
            "--data",
            "late",
        ],
    );
    assert!(!ok && err.contains("GoneException"), "{err}");
    let (ok, _, err) = aws(
        &endpoint,
        &["delete-connection", "--connection-id", &bob_id],
    );
    assert!(!ok && err.contains("GoneException"), "{err}");
    assert!(client.wait().unwrap().success());
}
