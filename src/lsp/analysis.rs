//! slsc's own findings for an open document, as LSP diagnostics: the whole pipeline (YAML,
//! variables, schema, semantic checks, AWS limits) run on the editor's text, each finding at its
//! span with its code, its hint, its related places, and the quick fix its hint names.

use super::Settings;
use super::position::LineIndex;
use crate::diag::{self, Severity};
use crate::pipeline::{self, PipelineInput};
use crate::source::{FileId, SourceMap, Span};
use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Range,
    Url,
};
use std::collections::HashMap;
use std::path::Path;

/// A replacement a diagnostic's hint names (`did you mean `X`?`), offered as a quick fix.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub range: Range,
    pub title: String,
    pub new_text: String,
    /// The diagnostic it fixes.
    pub diagnostic: Diagnostic,
}

/// What one run found: diagnostics by file (the document first; an included file's findings go
/// to that file), and the fixes for the document.
#[derive(Debug, Default)]
pub struct Analysis {
    pub by_file: Vec<(Url, Vec<Diagnostic>)>,
    pub fixes: Vec<Fix>,
}

/// The pipeline's input for a document at `path`, with the editor's settings.
pub fn pipeline_input(path: &Path, settings: &Settings) -> PipelineInput {
    PipelineInput {
        config: Some(path.to_path_buf()),
        cwd: path.parent().map(Path::to_path_buf).unwrap_or_default(),
        stage: settings.stage.clone(),
        region: settings.region.clone(),
        params: settings.params.clone(),
        env: settings.env.clone(),
    }
}

/// Runs the pipeline on `text` as the file at `path` (`uri`).
pub fn analyze(uri: &Url, path: &Path, text: &str, settings: &Settings) -> Analysis {
    let session = pipeline::run_bytes(&pipeline_input(path, settings), path, text.as_bytes());
    let mut files = Files::new(&session.sources);
    let mut by_file: Vec<(Url, Vec<Diagnostic>)> = vec![(uri.clone(), Vec::new())];
    let mut fixes = Vec::new();
    for d in session.diagnostics.iter() {
        let (file_uri, range) = match d.span.and_then(|s| files.locate(s)) {
            Some(at) => at,
            None => (uri.clone(), Range::default()),
        };
        let file_uri = if d.span.is_some_and(|s| files.is_main(s.file, path)) {
            uri.clone()
        } else {
            file_uri
        };
        let diagnostic = to_lsp(d, range, &mut files);
        if file_uri == *uri
            && let Some(fix) = d.span.and_then(|s| fix_for(d, s, range, &session.sources))
        {
            fixes.push(Fix {
                diagnostic: diagnostic.clone(),
                ..fix
            });
        }
        // a finding in an included file is also shown where the document includes it: an
        // editor may show only the open file's diagnostics
        if file_uri != *uri
            && let Some(mirror) = mirrored(&diagnostic, &file_uri, uri)
        {
            by_file[0].1.push(mirror);
        }
        match by_file.iter_mut().find(|(u, _)| *u == file_uri) {
            Some((_, list)) => list.push(diagnostic),
            None => by_file.push((file_uri, vec![diagnostic])),
        }
    }
    Analysis { by_file, fixes }
}

/// A copy of `d` (found in `file`) at the place of the document `doc` its related information
/// names (the `${file(...)}` that includes it), pointing back to where it is.
fn mirrored(d: &Diagnostic, file: &Url, doc: &Url) -> Option<Diagnostic> {
    let related = d.related_information.as_ref()?;
    let here = related.iter().find(|r| r.location.uri == *doc)?;
    let name = file
        .path_segments()
        .and_then(|mut s| s.next_back())
        .unwrap_or("the included file");
    Some(Diagnostic {
        range: here.location.range,
        message: format!("in {name}: {}", d.message),
        related_information: Some(vec![DiagnosticRelatedInformation {
            location: Location::new(file.clone(), d.range),
            message: "found here".into(),
        }]),
        ..d.clone()
    })
}

fn to_lsp(d: &diag::Diagnostic, range: Range, files: &mut Files) -> Diagnostic {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|(span, text)| {
            let (uri, range) = files.locate(*span)?;
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, range),
                message: text.clone(),
            })
        })
        .collect();
    Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some("slsc".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}

/// The one fix a hint names: `did you mean `X`?` where the span is the word to replace (a key,
/// a value, a tag), not a whole variable or mapping.
fn fix_for(d: &diag::Diagnostic, span: Span, range: Range, sources: &SourceMap) -> Option<Fix> {
    let rest = d.help.as_deref()?.strip_prefix("did you mean `")?;
    let (replacement, _) = rest.split_once("`?")?;
    let text = sources
        .get(span.file)?
        .text
        .get(span.start as usize..span.end as usize)?;
    let is_word = !text.is_empty()
        && !text.contains("${")
        && !text
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, ':' | '{' | '[' | ',' | '#'));
    if !is_word || replacement.is_empty() || replacement == text {
        return None;
    }
    Some(Fix {
        range,
        title: format!("Replace `{text}` with `{replacement}`"),
        new_text: replacement.to_string(),
        diagnostic: Diagnostic::default(),
    })
}

/// The files of a run with their line indexes, built when first needed.
struct Files<'a> {
    sources: &'a SourceMap,
    indexes: HashMap<FileId, (Url, LineIndex<'a>)>,
}

impl<'a> Files<'a> {
    fn new(sources: &'a SourceMap) -> Self {
        Files {
            sources,
            indexes: HashMap::new(),
        }
    }

    fn is_main(&self, file: FileId, path: &Path) -> bool {
        self.sources.get(file).is_some_and(|f| f.path == path)
    }

    fn locate(&mut self, span: Span) -> Option<(Url, Range)> {
        if !self.indexes.contains_key(&span.file) {
            let f = self.sources.get(span.file)?;
            let path = std::path::absolute(&f.path).unwrap_or_else(|_| f.path.clone());
            let uri = Url::from_file_path(path).ok()?;
            self.indexes
                .insert(span.file, (uri, LineIndex::new(&f.text)));
        }
        let (uri, index) = self.indexes.get(&span.file)?;
        Some((
            uri.clone(),
            index.range(span.start as usize, span.end as usize),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_in_an_included_file_go_to_it_and_to_the_include() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("extra.yml"), "a: [1\n").unwrap();
        let path = dir.path().join("serverless.yml");
        let text = "service: svc\nprovider:\n  name: aws\ncustom:\n  extra: ${file(./extra.yml)}\n";
        let uri = Url::from_file_path(&path).unwrap();
        let settings = Settings::new(None, None, Vec::new());
        let found = analyze(&uri, &path, text, &settings);
        let extra = Url::from_file_path(dir.path().join("extra.yml")).unwrap();
        let syntax = Some(NumberOrString::String("yaml::syntax".into()));
        let in_extra = found.by_file.iter().find(|(u, _)| *u == extra);
        let (_, list) = in_extra.unwrap_or_else(|| panic!("{:?}", found.by_file));
        assert!(list.iter().any(|d| d.code == syntax));
        let (_, in_doc) = &found.by_file[0];
        let mirror = in_doc.iter().find(|d| d.code == syntax).expect("mirrored");
        assert_eq!(mirror.range.start, lsp_types::Position::new(4, 9));
        assert!(
            mirror.message.starts_with("in extra.yml: invalid YAML"),
            "{}",
            mirror.message
        );
    }

    #[test]
    fn a_hint_naming_one_word_is_a_fix() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("serverless.yml");
        let text = "service: svc\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  timout: 3\n";
        let uri = Url::from_file_path(&path).unwrap();
        let settings = Settings::new(None, None, Vec::new());
        let found = analyze(&uri, &path, text, &settings);
        let fix = found
            .fixes
            .first()
            .unwrap_or_else(|| panic!("{:?}", found.by_file));
        assert_eq!(fix.new_text, "timeout");
        assert_eq!(fix.range.start, lsp_types::Position::new(4, 2));
        assert_eq!(
            fix.diagnostic.code,
            Some(NumberOrString::String("schema::unknown-key".into()))
        );
    }
}
