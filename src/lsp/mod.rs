//! `slsc lsp`: a language server over stdio for `serverless.yml`, built on slsc's own pipeline.
//!
//! - Diagnostics: everything `slsc validate` reports (YAML, variables, schema, semantic checks,
//!   AWS's limits), at their spans, with their codes and hints ([`analysis`]), published on open
//!   and after each change once the document has been quiet for the debounce delay.
//! - Quick fixes where a hint names the one fix (`did you mean `X`?`: a typo'd key, a value's
//!   letter case).
//! - Hover on `${...}`: the value for the configured stage, and where it came from; go to
//!   definition for `${self:...}` and `${file(...)}` ([`variables`]).
//! - Completion of keys and values from the schema ([`completion`]).
//!
//! Only service configurations are checked ([`is_config`]): `serverless*.yml` / `.yaml`.
//!
//! Settings (initialization options, or `workspace/didChangeConfiguration`, either plain or
//! under `slsc`): `stage`, `region`, `params` (a mapping), `debounceMs`. The command line's
//! `--stage`, `--region` and `--param` are the defaults.
//!
//! One thread does everything: a run of the pipeline takes milliseconds even on a large service
//! (BENCHMARKS.md), so requests wait at most that long behind one.

pub mod analysis;
pub mod completion;
pub mod position;
pub mod variables;

use analysis::Fix;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, GotoDefinition, HoverRequest, Request as _,
};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CompletionOptions, CompletionParams, CompletionResponse,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents,
    HoverParams, HoverProviderCapability, MarkupContent, MarkupKind, OneOf,
    PublishDiagnosticsParams, ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit, Url, WorkspaceEdit,
};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// How long a document must stay unchanged before it is checked again: long enough to take a
/// burst of edits (a paste, a multi-cursor edit) as one, short enough not to be felt.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(30);

/// What the editor asked for: the stage, region and parameters variables resolve with.
#[derive(Clone, Debug)]
pub struct Settings {
    pub stage: Option<String>,
    pub region: Option<String>,
    pub params: Vec<(String, String)>,
    pub debounce: Duration,
    /// The server's environment, for `${env:...}`.
    pub env: HashMap<String, String>,
}

impl Settings {
    /// Defaults from the command line and the process environment.
    pub fn new(
        stage: Option<String>,
        region: Option<String>,
        params: Vec<(String, String)>,
    ) -> Self {
        Settings {
            stage,
            region,
            params,
            debounce: DEFAULT_DEBOUNCE,
            env: std::env::vars().collect(),
        }
    }

    /// Applies settings sent by the editor: `{stage, region, params, debounceMs}`, plain or
    /// under `slsc`. Keys left out keep their value; `null` clears one.
    pub fn apply(&mut self, value: &Value) {
        let v = value.get("slsc").unwrap_or(value);
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(String::from);
        if v.get("stage").is_some() {
            self.stage = text("stage").filter(|s| !s.is_empty());
        }
        if v.get("region").is_some() {
            self.region = text("region").filter(|s| !s.is_empty());
        }
        if let Some(params) = v.get("params").and_then(Value::as_object) {
            self.params = params
                .iter()
                .map(|(k, v)| {
                    let v = v.as_str().map_or_else(|| v.to_string(), String::from);
                    (k.clone(), v)
                })
                .collect();
        }
        if let Some(ms) = v.get("debounceMs").and_then(Value::as_u64) {
            self.debounce = Duration::from_millis(ms.min(10_000));
        }
    }
}

/// Whether a file is a service configuration the server checks: `serverless.yml`,
/// `serverless.yaml`, or a variant such as `serverless.prod.yml` (read with `-c`). Other YAML
/// files of the service (included with `${file(...)}`, CI workflows) are left alone, so an editor
/// may start the server for every YAML file.
pub fn is_config(path: &std::path::Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.starts_with("serverless") && (name.ends_with(".yml") || name.ends_with(".yaml"))
}

/// An open document.
struct Document {
    path: PathBuf,
    text: String,
    version: i32,
    /// When it is to be checked (set by a change, cleared by the check).
    due: Option<Instant>,
    fixes: Vec<Fix>,
    /// Other files the last check published diagnostics to (included with `${file(...)}`).
    also_published: Vec<Url>,
}

struct Server {
    conn: Connection,
    settings: Settings,
    docs: HashMap<Url, Document>,
    schema: Value,
}

/// Serves LSP on stdin/stdout until the client says `exit`. Returns the exit code.
pub fn run(settings: Settings) -> u8 {
    let (conn, io) = Connection::stdio();
    let code = match serve(conn, settings) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("slsc lsp: {e}");
            1
        }
    };
    let _ = io.join();
    code
}

/// What the server can do, as `initialize` answers it.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                // a saved file may be one a configuration includes: every one is checked again
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".into(), " ".into(), "-".into()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// Runs the protocol on `conn`: initialize, then requests and notifications until `exit`.
pub fn serve(conn: Connection, mut settings: Settings) -> Result<(), String> {
    let caps = serde_json::to_value(capabilities()).map_err(|e| e.to_string())?;
    let init = conn.initialize(caps).map_err(|e| e.to_string())?;
    if let Some(options) = init.get("initializationOptions") {
        settings.apply(options);
    }
    let mut server = Server {
        conn,
        settings,
        docs: HashMap::new(),
        schema: crate::schema::schema_value(),
    };
    crate::schema::prepare_in_background();
    server.main_loop()
}

impl Server {
    fn main_loop(&mut self) -> Result<(), String> {
        loop {
            let next_due = self.docs.values().filter_map(|d| d.due).min();
            let msg = match next_due {
                Some(due) => {
                    let wait = due.saturating_duration_since(Instant::now());
                    match self.conn.receiver.recv_timeout(wait) {
                        Ok(m) => Some(m),
                        Err(e) if e.is_timeout() => None,
                        Err(_) => return Ok(()),
                    }
                }
                None => match self.conn.receiver.recv() {
                    Ok(m) => Some(m),
                    Err(_) => return Ok(()),
                },
            };
            match msg {
                Some(Message::Request(req)) => {
                    if self.conn.handle_shutdown(&req).map_err(|e| e.to_string())? {
                        return Ok(());
                    }
                    self.on_request(req);
                }
                Some(Message::Notification(n)) => self.on_notification(n),
                Some(Message::Response(_)) | None => {}
            }
            self.check_due();
        }
    }

    fn send(&self, msg: impl Into<Message>) {
        // the client is gone when this fails: the loop ends at the next receive
        let _ = self.conn.sender.send(msg.into());
    }

    fn on_notification(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) else {
                    return;
                };
                let Ok(path) = p.text_document.uri.to_file_path() else {
                    return;
                };
                if !is_config(&path) {
                    return;
                }
                self.docs.insert(
                    p.text_document.uri,
                    Document {
                        path,
                        text: p.text_document.text,
                        version: p.text_document.version,
                        // the first check is not delayed
                        due: Some(Instant::now()),
                        fixes: Vec::new(),
                        also_published: Vec::new(),
                    },
                );
            }
            DidChangeTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) else {
                    return;
                };
                let debounce = self.settings.debounce;
                let Some(doc) = self.docs.get_mut(&p.text_document.uri) else {
                    return;
                };
                for change in p.content_changes {
                    match change.range {
                        Some(range) => {
                            let index = position::LineIndex::new(&doc.text);
                            let start = index.offset(range.start);
                            let end = index.offset(range.end).max(start);
                            doc.text.replace_range(start..end, &change.text);
                        }
                        None => doc.text = change.text,
                    }
                }
                doc.version = p.text_document.version;
                doc.due = Some(Instant::now() + debounce);
            }
            DidCloseTextDocument::METHOD => {
                let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) else {
                    return;
                };
                if let Some(doc) = self.docs.remove(&p.text_document.uri) {
                    let mut cleared = doc.also_published;
                    cleared.push(p.text_document.uri);
                    for uri in cleared {
                        self.publish(uri, Vec::new(), None);
                    }
                }
            }
            DidChangeConfiguration::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidChangeConfigurationParams>(n.params) {
                    self.settings.apply(&p.settings);
                    self.check_all_now();
                }
            }
            // any file saved may be one that `${file(...)}` reads
            DidSaveTextDocument::METHOD => self.check_all_now(),
            _ => {}
        }
    }

    /// Marks every open document to be checked at once.
    fn check_all_now(&mut self) {
        let now = Instant::now();
        for doc in self.docs.values_mut() {
            doc.due = Some(now);
        }
    }

    /// Checks every document whose quiet time is over.
    fn check_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Url> = self
            .docs
            .iter()
            .filter(|(_, d)| d.due.is_some_and(|t| t <= now))
            .map(|(u, _)| u.clone())
            .collect();
        for uri in due {
            let Some(doc) = self.docs.get_mut(&uri) else {
                continue;
            };
            doc.due = None;
            let found = analysis::analyze(&uri, &doc.path, &doc.text, &self.settings);
            doc.fixes = found.fixes;
            let version = doc.version;
            let before = std::mem::take(&mut doc.also_published);
            let mut now_published = Vec::new();
            for (file, list) in found.by_file {
                if file == uri {
                    self.publish(file, list, Some(version));
                } else {
                    now_published.push(file.clone());
                    self.publish(file, list, None);
                }
            }
            for stale in before.into_iter().filter(|u| !now_published.contains(u)) {
                self.publish(stale, Vec::new(), None);
            }
            if let Some(doc) = self.docs.get_mut(&uri) {
                doc.also_published = now_published;
            }
        }
    }

    fn publish(&self, uri: Url, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(PublishDiagnostics::METHOD.into(), params));
    }

    fn on_request(&mut self, req: Request) {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            HoverRequest::METHOD => self.parse(req).map(|p| self.hover(p)),
            GotoDefinition::METHOD => self.parse(req).map(|p| self.definition(p)),
            Completion::METHOD => self.parse(req).map(|p| self.complete(p)),
            CodeActionRequest::METHOD => self.parse(req).map(|p| self.code_actions(p)),
            other => Err((ErrorCode::MethodNotFound, format!("unsupported: {other}"))),
        };
        let response = match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(response);
    }

    fn parse<P: serde::de::DeserializeOwned>(
        &self,
        req: Request,
    ) -> Result<P, (ErrorCode, String)> {
        serde_json::from_value(req.params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
    }

    fn doc_at(&self, uri: &Url) -> Option<&Document> {
        self.docs.get(uri)
    }

    fn hover(&self, p: HoverParams) -> Value {
        let at = p.text_document_position_params;
        let Some(doc) = self.doc_at(&at.text_document.uri) else {
            return Value::Null;
        };
        let offset = position::LineIndex::new(&doc.text).offset(at.position);
        let Some((range, text)) = variables::hover(&doc.path, &doc.text, offset, &self.settings)
        else {
            return Value::Null;
        };
        let hover = Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: Some(range),
        };
        serde_json::to_value(hover).unwrap_or(Value::Null)
    }

    fn definition(&self, p: GotoDefinitionParams) -> Value {
        let at = p.text_document_position_params;
        let Some(doc) = self.doc_at(&at.text_document.uri) else {
            return Value::Null;
        };
        let offset = position::LineIndex::new(&doc.text).offset(at.position);
        variables::definition(&doc.path, &doc.text, offset)
            .and_then(|loc| serde_json::to_value(GotoDefinitionResponse::Scalar(loc)).ok())
            .unwrap_or(Value::Null)
    }

    fn complete(&self, p: CompletionParams) -> Value {
        let at = p.text_document_position;
        let Some(doc) = self.doc_at(&at.text_document.uri) else {
            return Value::Null;
        };
        let items = completion::complete(&doc.text, at.position, &self.schema);
        serde_json::to_value(CompletionResponse::Array(items)).unwrap_or(Value::Null)
    }

    fn code_actions(&self, p: CodeActionParams) -> Value {
        let Some(doc) = self.doc_at(&p.text_document.uri) else {
            return Value::Null;
        };
        let overlaps = |r: &lsp_types::Range| r.start <= p.range.end && p.range.start <= r.end;
        let actions: Vec<CodeActionOrCommand> = doc
            .fixes
            .iter()
            .filter(|f| overlaps(&f.range))
            .map(|f| {
                let edit = TextEdit::new(f.range, f.new_text.clone());
                CodeActionOrCommand::CodeAction(CodeAction {
                    title: f.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![f.diagnostic.clone()]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(p.text_document.uri.clone(), vec![edit])])),
                        ..WorkspaceEdit::default()
                    }),
                    is_preferred: Some(true),
                    ..CodeAction::default()
                })
            })
            .collect();
        serde_json::to_value(actions).unwrap_or(Value::Null)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::Position;

    /// Completion answers at every position of every fixture, hover and definition on every
    /// variable, without panicking; most variables show a value.
    #[test]
    fn every_position_of_every_fixture_is_answered() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let schema = crate::schema::schema_value();
        let settings = Settings::new(Some("dev".into()), None, vec![]);
        let (mut hovered, mut variables) = (0, 0);
        let mut seen = Vec::new();
        for entry in std::fs::read_dir(&fixtures).unwrap().flatten() {
            let path = entry.path().join("serverless.yml");
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let index = position::LineIndex::new(&text);
            for line in 0..index.line_count() as u32 {
                let len = index.line(line as usize).chars().count() as u32;
                for character in 0..=len + 1 {
                    let pos = Position::new(line, character);
                    completion::complete(&text, pos, &schema);
                    let offset = index.offset(pos);
                    // hover resolves the file: once per variable
                    if let Some(var) = variables::variable_at(&text, offset)
                        && !seen.contains(&(path.clone(), var))
                    {
                        seen.push((path.clone(), var));
                        variables::definition(&path, &text, offset);
                        // none for `${AWS::Region}` in an `Fn::Sub`: not one of SF's variables
                        if let Some((_, shown)) = variables::hover(&path, &text, offset, &settings)
                        {
                            variables += 1;
                            if shown.contains("```yaml") {
                                hovered += 1;
                            }
                        }
                    }
                }
            }
        }
        // the rest need an environment variable or a parameter the fixtures' regen.env sets
        assert!(
            hovered * 10 >= variables * 9,
            "only {hovered} of {variables} hovers showed a value"
        );
    }
}
