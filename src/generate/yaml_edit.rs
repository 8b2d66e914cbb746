//! Adding a function to `serverless.yml` by editing its text where the loader says things
//! are, never by writing the tree out again: comments, blank lines, quoting, key order and
//! indentation all stay as written. The new block goes after the last line of the last
//! function, at the functions' indentation (or in a new `functions:` at the end of the file).

use super::cannot_place;
use crate::diag::{Diagnostic, codes};
use crate::load::{Node, Value};

/// The text with `block` (the function, two spaces a level, unindented) added under
/// `functions:`, and the 1-based line it starts at.
pub fn add_function(text: &str, root: &Node, block: &str) -> Result<(String, usize), Diagnostic> {
    let Some(map) = root.as_map() else {
        return Err(Diagnostic::error(
            codes::CLI_GENERATE,
            "cannot add the function: the configuration is not a mapping",
        ));
    };
    let unit = indent_unit(text, root);
    let (at, indent, head) = match map.get("functions") {
        None => (text.len(), unit, "functions:\n".to_string()),
        Some(entry) => {
            let value = &entry.value;
            let written = span_text(text, value.span);
            match &value.value {
                Value::Map(m) if !m.is_empty() && !written.trim_start().starts_with('{') => {
                    let first = m.values().next().map_or(value.span, |e| e.key_span);
                    (
                        line_end_after(text, max_end(value)),
                        column(text, first.start as usize),
                        String::new(),
                    )
                }
                Value::Null if written.trim().is_empty() => (
                    line_end_after(text, entry.key_span.end as usize),
                    column(text, entry.key_span.start as usize) + unit,
                    String::new(),
                ),
                Value::Str(_) => {
                    return Err(cannot_place(
                        value.span,
                        "`functions` is not written in this file",
                        "slsc edits serverless.yml itself: add the function where the functions are written",
                    ));
                }
                _ => {
                    return Err(cannot_place(
                        value.span,
                        "`functions` is not a block mapping",
                        "write `functions:` as a block mapping (one function per indented key), or add the function by hand",
                    ));
                }
            }
        }
    };
    let mut insert = String::new();
    if at > 0 && !text[..at].ends_with('\n') {
        insert.push('\n');
    }
    // a new top-level key is set apart by a blank line, as the others usually are
    if !head.is_empty() && at > 0 && !text[..at].ends_with("\n\n") {
        insert.push('\n');
    }
    insert.push_str(&head);
    for line in block.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let lead = line.len() - line.trim_start_matches(' ').len();
        insert.push_str(&" ".repeat(indent + lead / 2 * unit));
        insert.push_str(line.trim_start_matches(' '));
        insert.push('\n');
    }
    let line = text[..at].matches('\n').count()
        + 1
        + insert[..insert.len() - insert.trim_start_matches('\n').len()].len()
        + usize::from(!head.is_empty());
    let mut out = String::with_capacity(text.len() + insert.len());
    out.push_str(&text[..at]);
    out.push_str(&insert);
    out.push_str(&text[at..]);
    Ok((out, line))
}

fn span_text(text: &str, span: crate::source::Span) -> &str {
    text.get(span.start as usize..span.end as usize)
        .unwrap_or("")
}

/// The last byte written of `node`'s content: its last scalar or key (a block mapping's own
/// span runs on over the blank lines and comments before the next key, which stay after the
/// new function).
fn max_end(node: &Node) -> usize {
    match &node.value {
        Value::Map(m) if !m.is_empty() => m
            .values()
            .map(|e| (e.key_span.end as usize).max(max_end(&e.value)))
            .max()
            .unwrap_or(0),
        Value::Seq(items) if !items.is_empty() => items.iter().map(max_end).max().unwrap_or(0),
        _ => node.span.end as usize,
    }
}

/// Where the line holding byte `at - 1` ends (after its newline; the end of the text for the
/// last line).
fn line_end_after(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    if at > 0 && text.as_bytes()[at - 1] == b'\n' {
        return at;
    }
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// The column (in bytes) of byte `at`.
fn column(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    at - text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The file's indentation step: the column of the first key under `functions` or `provider`
/// (2 when neither says).
fn indent_unit(text: &str, root: &Node) -> usize {
    ["functions", "provider"]
        .iter()
        .filter_map(|k| root.get(k)?.as_map()?.values().next())
        .map(|e| column(text, e.key_span.start as usize))
        .find(|c| (1..=8).contains(c))
        .unwrap_or(2)
}
