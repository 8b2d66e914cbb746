//! `slsc lsp` driven by a real client: VS Code's JSON-RPC library (`vscode-jsonrpc`, from npm,
//! run by `tests/editor/lsp-session.js`) speaks to the binary over stdio through initialize,
//! didOpen, diagnostics, code actions, hover, definition, completion, didChange,
//! didChangeConfiguration, didSave, shutdown and exit, and every answer is checked.

mod support;

use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

const CONFIG: &str = "service: hover-svc
provider:
  name: aws
  runtime: nodejs20.x
  stage: ${opt:stage, 'dev'}
  environment:
    TABLE: ${self:custom.table}
    SHARED: ${file(./shared.yml):greeting}
    DOMAIN: ${param:domain}
custom:
  table: ${self:service}-${sls:stage}-table
functions:
  hello:
    handler: handler.hello
    timout: 10
    events:
      - http:
          path: hello
          method: get
          cors:
            methods: [get]
";

/// The 0-based line and UTF-16 character of the first `needle` in `text` (plus `delta`).
fn pos(text: &str, needle: &str, delta: usize) -> Value {
    let at = text.find(needle).expect(needle) + delta;
    let line = text[..at].matches('\n').count();
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": col})
}

/// Runs `steps` against `slsc lsp` and returns one answer per step.
fn session(steps: &[Value], dir: &Path) -> Vec<Value> {
    let file = dir.join("steps.json");
    std::fs::write(&file, serde_json::to_vec(steps).unwrap()).unwrap();
    let out = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/editor/lsp-session.js"))
        .arg(support::yls::node_modules())
        .arg(&file)
        .arg(env!("CARGO_BIN_EXE_slsc"))
        .arg("lsp")
        .current_dir(dir)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "lsp-session.js failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let answers: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON answers");
    assert_eq!(answers.len(), steps.len());
    answers
}

fn codes(published: &Value) -> Vec<String> {
    published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn an_editor_session_gets_every_answer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("serverless.yml");
    std::fs::write(&path, CONFIG).unwrap();
    std::fs::write(dir.path().join("shared.yml"), "greeting: hi\n").unwrap();
    let uri = format!("file://{}", path.display());
    let shared_uri = format!("file://{}", dir.path().join("shared.yml").display());
    let doc = json!({"uri": uri});
    let at = |needle: &str, delta: usize| json!({"textDocument": doc, "position": pos(CONFIG, needle, delta)});
    let fixed = CONFIG.replace("timout", "timeout");

    let steps = vec![
        json!({"request": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": {"slsc": {"stage": "prod", "params": {"domain": "example.com"}}}}}),
        json!({"notify": "initialized", "params": {}}),
        json!({"notify": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": CONFIG}}}),
        json!({"diagnostics": uri}),
        json!({"request": "textDocument/codeAction", "params": {"textDocument": doc, "range": {"start": pos(CONFIG, "timout", 0), "end": pos(CONFIG, "timout", 0)}, "context": {"diagnostics": []}}}),
        json!({"request": "textDocument/codeAction", "params": {"textDocument": doc, "range": {"start": pos(CONFIG, "[get]", 1), "end": pos(CONFIG, "[get]", 4)}, "context": {"diagnostics": []}}}),
        json!({"request": "textDocument/hover", "params": at("${opt:stage", 3)}),
        json!({"request": "textDocument/hover", "params": at("${self:custom.table}", 8)}),
        json!({"request": "textDocument/hover", "params": at("${file(", 3)}),
        json!({"request": "textDocument/definition", "params": at("${self:custom.table}", 8)}),
        json!({"request": "textDocument/definition", "params": at("${file(", 3)}),
        json!({"request": "textDocument/completion", "params": at("    handler:", 4)}),
        json!({"request": "textDocument/completion", "params": at("runtime: ", 9)}),
        // the client applies the quick fix: only the `timout` key changes
        json!({"notify": "textDocument/didChange", "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": {"start": pos(CONFIG, "timout", 0), "end": pos(CONFIG, "timout", 6)}, "text": "timeout"}]}}),
        json!({"diagnostics": uri}),
        json!({"notify": "workspace/didChangeConfiguration", "params": {"settings": {"slsc": {"stage": "qa"}}}}),
        json!({"diagnostics": uri}),
        json!({"request": "textDocument/hover", "params": {"textDocument": doc, "position": pos(&fixed, "${self:custom.table}", 8)}}),
        json!({"request": "textDocument/hover", "params": {"textDocument": doc, "position": pos(&fixed, "${param:", 3)}}),
        // a file the configuration includes is saved: checked again, read again
        json!({"write": dir.path().join("shared.yml"), "text": "greeting: hello\n"}),
        json!({"notify": "textDocument/didSave", "params": {"textDocument": {"uri": shared_uri}}}),
        json!({"diagnostics": uri}),
        json!({"request": "textDocument/hover", "params": {"textDocument": doc, "position": pos(&fixed, "${file(", 3)}}),
        json!({"request": "shutdown", "params": null}),
        json!({"notify": "exit", "params": null}),
        json!({"exit": true}),
    ];
    let a = session(&steps, dir.path());
    if std::env::var_os("SLSC_LSP_SHOW").is_some() {
        eprintln!("{}", serde_json::to_string_pretty(&a).unwrap());
    }

    // initialize: what the server offers
    let caps = &a[0]["result"]["capabilities"];
    assert_eq!(caps["hoverProvider"], true, "{caps}");
    assert_eq!(caps["definitionProvider"], true);
    assert_eq!(caps["codeActionProvider"], true);
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["textDocumentSync"]["save"], true);
    assert!(caps["completionProvider"].is_object());

    // didOpen: slsc's own diagnostics, at their spans, with codes and hints
    let opened = &a[3];
    assert_eq!(opened["version"], 1);
    let typo = opened["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "schema::unknown-key")
        .unwrap_or_else(|| panic!("{opened}"));
    assert_eq!(typo["source"], "slsc");
    assert_eq!(typo["range"]["start"], pos(CONFIG, "timout", 0));
    assert_eq!(typo["range"]["end"], pos(CONFIG, "timout", 6));
    assert!(
        typo["message"]
            .as_str()
            .unwrap()
            .contains("help: did you mean `timeout`?"),
        "{typo}"
    );

    // the quick fix the hint names
    let actions = a[4]["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "quickfix");
    let edit = &actions[0]["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "timeout");
    assert_eq!(edit["range"]["start"], pos(CONFIG, "timout", 0));

    // ... and the letter case of a value
    let actions = a[5]["result"].as_array().unwrap();
    assert_eq!(actions.len(), 1, "{actions:?}");
    let edit = &actions[0]["edit"]["changes"][&uri][0];
    assert_eq!(edit["newText"], "GET");
    assert_eq!(edit["range"]["start"], pos(CONFIG, "[get]", 1));
    assert_eq!(edit["range"]["end"], pos(CONFIG, "[get]", 4));

    // hover: the value at the configured stage, and where it came from
    let hover = |i: usize| {
        a[i]["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let stage = hover(6);
    assert!(stage.contains("```yaml\nprod\n```"), "{stage}");
    assert!(stage.contains("the `stage` setting"), "{stage}");
    let table = hover(7);
    assert!(table.contains("hover-svc-prod-table"), "{table}");
    assert!(table.contains("`custom.table`, line 11"), "{table}");
    let shared = hover(8);
    assert!(shared.contains("```yaml\nhi\n```"), "{shared}");
    assert!(
        shared.contains("`greeting` of the file `./shared.yml`"),
        "{shared}"
    );

    // definition: the key `self:` names, the file and key `file()` names
    assert_eq!(a[9]["result"]["uri"], uri);
    assert_eq!(a[9]["result"]["range"]["start"], pos(CONFIG, "table:", 0));
    assert_eq!(a[10]["result"]["uri"], shared_uri);
    assert_eq!(
        a[10]["result"]["range"]["start"],
        json!({"line": 0, "character": 0})
    );

    // completion: keys of a function, values of the runtime
    let labels = |i: usize| -> Vec<String> {
        a[i]["result"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["label"].as_str().unwrap().to_string())
            .collect()
    };
    let keys = labels(11);
    for k in ["handler", "timeout", "events", "memorySize"] {
        assert!(keys.contains(&k.to_string()), "{k} not in {keys:?}");
    }
    assert!(labels(12).contains(&"nodejs20.x".to_string()));

    // didChange (incremental): checked again, the typo is gone
    assert_eq!(a[14]["version"], 2);
    assert!(
        !codes(&a[14]).contains(&"schema::unknown-key".to_string()),
        "{}",
        a[14]
    );

    // didChangeConfiguration: checked again, and hover follows the new stage
    assert_eq!(a[16]["uri"], uri);
    let table = hover(17);
    assert!(table.contains("hover-svc-qa-table"), "{table}");

    // the parameters of the settings
    let domain = hover(18);
    assert!(domain.contains("```yaml\nexample.com\n```"), "{domain}");
    assert!(domain.contains("the parameter `domain`"), "{domain}");

    // didSave of an included file
    assert_eq!(a[21]["uri"], uri);
    let shared = hover(22);
    assert!(shared.contains("```yaml\nhello\n```"), "{shared}");

    // shutdown and exit
    assert_eq!(a[23]["result"], Value::Null);
    assert_eq!(a[25]["code"], 0);
}
