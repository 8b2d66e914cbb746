//! Showing diagnostics to people (miette's graphical report) and to programs (JSON).

use super::{Diagnostic, Diagnostics, Severity};
use crate::source::{SourceMap, Span};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use serde::Serialize;
use std::fmt;

/// A diagnostic bound to the text of its file, as miette wants it.
struct Report<'a> {
    diag: &'a Diagnostic,
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diag.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diag
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}

fn source_span(span: Span) -> SourceSpan {
    (span.start as usize, span.len() as usize).into()
}

/// Renders one diagnostic as text: the message, `file:line:col`, the snippet and the help.
pub fn render_one(diag: &Diagnostic, sources: &SourceMap, color: bool) -> String {
    let file = diag.span.and_then(|s| sources.get(s.file));
    let source = file.map(|f| NamedSource::new(&f.name, f.text.to_string()));
    let mut labels = Vec::new();
    if let Some(span) = diag.span {
        labels.push(LabeledSpan::new_primary_with_span(
            diag.label.clone(),
            source_span(span),
        ));
        for (rel, text) in &diag.related {
            if rel.file == span.file {
                labels.push(LabeledSpan::new_with_span(
                    Some(text.clone()),
                    source_span(*rel),
                ));
            }
        }
    }
    let report = Report {
        diag,
        source,
        labels,
    };
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut out = String::new();
    let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(1);
    if handler.render_report(&mut out, &report).is_err() {
        out = format!("{}: {}\n", diag.code, diag.message);
    }
    // Places in other files (a cycle through a `${file()}` target) are listed after the snippet.
    for (rel, text) in &diag.related {
        if Some(rel.file) != diag.span.map(|s| s.file)
            && let Some((name, line, col)) = sources.locate(*rel)
        {
            out.push_str(&format!("  = note: {text} ({name}:{line}:{col})\n"));
        }
    }
    out
}

/// Renders all diagnostics, then a count line.
pub fn render_all(diags: &Diagnostics, sources: &SourceMap, color: bool) -> String {
    let mut out = String::new();
    for d in diags.iter() {
        out.push_str(&render_one(d, sources, color));
        out.push('\n');
    }
    out
}

/// A diagnostic as data, for `--format json`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonDiagnostic<'a> {
    pub severity: Severity,
    pub code: &'a str,
    pub message: &'a str,
    pub file: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub help: Option<&'a str>,
}

pub fn to_json<'a>(diag: &'a Diagnostic, sources: &SourceMap) -> JsonDiagnostic<'a> {
    let file = diag.span.and_then(|s| sources.get(s.file));
    let start = diag.span.zip(file).map(|(s, f)| f.line_col(s.start));
    let end = diag.span.zip(file).map(|(s, f)| f.line_col(s.end));
    JsonDiagnostic {
        severity: diag.severity,
        code: diag.code,
        message: &diag.message,
        file: file.map(|f| f.name.clone()),
        line: start.map(|p| p.0),
        column: start.map(|p| p.1),
        end_line: end.map(|p| p.0),
        end_column: end.map(|p| p.1),
        help: diag.help.as_deref(),
    }
}

/// `file:line:col: severity[code]: message` — one line per diagnostic, for tests and grep.
pub fn short(diag: &Diagnostic, sources: &SourceMap) -> String {
    let sev = match diag.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    match diag.span.and_then(|s| sources.locate(s)) {
        Some((name, line, col)) => format!(
            "{name}:{line}:{col}: {sev}[{}]: {}",
            diag.code, diag.message
        ),
        None => format!("{sev}[{}]: {}", diag.code, diag.message),
    }
}
