//! Hover and go to definition on `${...}` variables.
//!
//! Hover resolves the variable under the cursor with slsc's own resolver, in the document as it
//! is in the editor, for the stage, region and parameters of the settings: the expression is
//! added to the loaded tree under a key of its own and resolved with the rest, so `${self:...}`
//! sees the whole file and every rule (fallbacks, nesting, type of a whole value) is SF's. Where
//! the value came from is found the same way: each source of the expression is resolved alone,
//! with a fallback that tells it gave nothing.

use super::Settings;
use super::analysis::pipeline_input;
use super::position::LineIndex;
use crate::load::{self, Entry, Node, Value};
use crate::source::{SourceMap, Span};
use crate::vars::ast::{Body, Lit, Meta, Source, Var, print_var};
use lsp_types::{Location, Range, Url};
use std::path::Path;

/// The key the expression under the cursor is resolved at (not a key SF could mean).
const PROBE: &str = "\u{1}slsc-hover";
/// What a source resolved alone gives when it has no value.
const UNSET: &str = "\u{1}slsc-unset";

/// The innermost `${...}` around byte `offset` of `text` (on its line): its byte range.
pub fn variable_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let line = &text.as_bytes()[line_start..line_end];
    let mut open = Vec::new();
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < line.len() {
        if line[i] == b'$' && line.get(i + 1) == Some(&b'{') {
            open.push(line_start + i);
            i += 2;
            continue;
        }
        if line[i] == b'}'
            && let Some(start) = open.pop()
        {
            let end = line_start + i + 1;
            let inside = start <= offset && offset < end;
            if inside && best.is_none_or(|(s, e)| end - start < e - s) {
                best = Some((start, end));
            }
        }
        i += 1;
    }
    best
}

/// The sources of the expression `${...}`.
fn sources_of(expr: &str) -> Option<Vec<Source>> {
    let vars = crate::vars::parse(expr).ok()??;
    match vars.into_iter().next()?.body {
        Body::Sources(s) => Some(s),
        Body::Escape(_) => None,
    }
}

/// The hover text (Markdown) for the variable at `offset`, and its range.
pub fn hover(
    path: &Path,
    text: &str,
    offset: usize,
    settings: &Settings,
) -> Option<(Range, String)> {
    let (start, end) = variable_at(text, offset)?;
    let expr = &text[start..end];
    let sources = sources_of(expr)?;
    let range = LineIndex::new(text).range(start, end);
    let mut map = SourceMap::new();
    let loaded = match load::load_bytes(path, text.as_bytes(), &mut map) {
        Ok(l) => l,
        Err(d) => {
            return Some((
                range,
                format!("`{expr}`: the file does not load: {}", d.message),
            ));
        }
    };
    let mut root = loaded.root;
    let span = Span::new(loaded.file, start as u32, end as u32);
    let doc = root.clone();
    let top = root.as_map_mut()?;
    top.insert(
        PROBE.into(),
        Entry {
            key_span: span,
            value: Node::str(expr, span),
        },
    );
    for (i, source) in sources.iter().enumerate() {
        if matches!(source, Source::Typed { .. }) {
            let alone = Var {
                start: 0,
                end: 0,
                abs_start: 0,
                abs_end: 0,
                body: Body::Sources(vec![
                    source.clone(),
                    Source::Literal(Lit::Str(UNSET.into())),
                ]),
            };
            top.insert(
                format!("{PROBE}-{i}"),
                Entry {
                    key_span: span,
                    value: Node::str(print_var(&alone), span),
                },
            );
        }
    }
    let dir = path.parent().unwrap_or(Path::new(""));
    let inv = pipeline_input(path, settings);
    let ctx = crate::pipeline::vars_context(&inv, dir);
    // other variables of the file may fail: the one under the cursor is shown all the same
    let (resolved, diags) = crate::vars::resolve_leniently(root, &ctx, &mut map);
    let failed_here = diags.iter().find(|d| {
        d.is_error()
            && d.span
                .is_some_and(|s| s.file == span.file && s.start >= span.start && s.end <= span.end)
    });
    if let Some(d) = failed_here {
        return Some((
            range,
            format!("**`{expr}`**\n\ndoes not resolve: {}", d.message),
        ));
    }
    let value = resolved.root.get(PROBE)?.to_json();
    let shown = match &value {
        serde_json::Value::String(s) => s.clone(),
        other => crate::yaml_out::to_yaml(other).trim_end().to_string(),
    };
    let from = sources
        .iter()
        .enumerate()
        .find(|(i, s)| match s {
            Source::Typed { .. } => resolved
                .root
                .get(&format!("{PROBE}-{i}"))
                .is_some_and(|n| n.as_str() != Some(UNSET)),
            Source::Literal(_) => true,
        })
        .map(|(_, s)| describe(s, &doc, text, settings));
    let mut out = format!(
        "**`{expr}`** at stage `{}`, region `{}`\n\n```yaml\n{shown}\n```",
        resolved.stage, resolved.region
    );
    if let Some(from) = from {
        out.push_str("\n\nfrom ");
        out.push_str(&from);
    }
    Some((range, out))
}

/// A source's plain address or parameter, when it holds no variable.
fn plain(meta: &Meta) -> Option<String> {
    if !meta.vars.is_empty() {
        return None;
    }
    match &meta.value {
        Lit::Str(s) => Some(s.clone()),
        Lit::Num(n) => Some(n.to_string()),
        Lit::Bool(b) => Some(b.to_string()),
        Lit::Null => None,
    }
}

/// A typed source's type, and its first parameter and address where they hold no variable.
struct Parts<'a> {
    ty: &'a str,
    param: Option<String>,
    address: Option<String>,
}

fn parts(source: &Source) -> Option<Parts<'_>> {
    let Source::Typed {
        ty,
        params,
        address,
    } = source
    else {
        return None;
    };
    Some(Parts {
        ty,
        param: params.as_ref().and_then(|p| p.first()).and_then(plain),
        address: address.as_ref().and_then(plain),
    })
}

/// Where a source's value comes from, in words.
fn describe(source: &Source, doc: &Node, text: &str, settings: &Settings) -> String {
    let Some(Parts {
        ty,
        param: first_param,
        address,
    }) = parts(source)
    else {
        return "the fallback value".into();
    };
    let addr = address.unwrap_or_default();
    match ty {
        "self" => match key_span_at(doc, &addr) {
            Some(span) => {
                let line = LineIndex::new(text).position(span.start as usize).line + 1;
                format!("`{addr}`, line {line} of this file")
            }
            None => format!("`{addr}` in this file"),
        },
        "opt" if addr == "stage" || addr == "region" => {
            let set = if addr == "stage" {
                &settings.stage
            } else {
                &settings.region
            };
            match set {
                Some(v) => format!("the `{addr}` setting (`{v}`, as `--{addr}`)"),
                None => format!("the option `--{addr}`"),
            }
        }
        "opt" => format!("the option `--{addr}`"),
        "env" => format!("the environment variable `{addr}`"),
        "param" => format!(
            "the parameter `{addr}` (the `params` setting, as `--param`, else `params:` of the stage)"
        ),
        "file" => {
            let file = first_param.unwrap_or_default();
            if addr.is_empty() {
                format!("the file `{file}`")
            } else {
                format!("`{addr}` of the file `{file}`")
            }
        }
        "sls" | "aws" => format!("slsc (`{ty}:{addr}`)"),
        other => format!("the `{other}:` source"),
    }
}

/// The span of the key at a dotted address (`custom.settings.memory`; numbers index lists).
fn key_span_at(root: &Node, address: &str) -> Option<Span> {
    let mut node = root;
    let mut span = None;
    for part in address.split('.').filter(|p| !p.is_empty()) {
        match &node.value {
            Value::Map(m) => {
                let e = m.get(part)?;
                span = Some(e.key_span);
                node = &e.value;
            }
            Value::Seq(items) => {
                node = items.get(part.parse::<usize>().ok()?)?;
                span = Some(node.span);
            }
            _ => return None,
        }
    }
    span
}

/// Where `${self:...}` or `${file(...)}` at `offset` points: the key it names, or the file.
pub fn definition(path: &Path, text: &str, offset: usize) -> Option<Location> {
    let (start, end) = variable_at(text, offset)?;
    let sources = sources_of(&text[start..end])?;
    let dir = path.parent().unwrap_or(Path::new(""));
    for source in &sources {
        let Some(Parts {
            ty,
            param,
            address: addr,
        }) = parts(source)
        else {
            continue;
        };
        match ty {
            "self" => {
                let mut map = SourceMap::new();
                let root = load::load_bytes(path, text.as_bytes(), &mut map).ok()?.root;
                let span = key_span_at(&root, addr.as_deref()?)?;
                let uri = Url::from_file_path(std::path::absolute(path).ok()?).ok()?;
                let range = LineIndex::new(text).range(span.start as usize, span.end as usize);
                return Some(Location::new(uri, range));
            }
            "file" => {
                let file = param?;
                let target = crate::vars::resolve_path(dir, &file);
                let uri = Url::from_file_path(std::path::absolute(&target).ok()?).ok()?;
                let mut map = SourceMap::new();
                let range = addr
                    .and_then(|a| {
                        let loaded = load::load_file(&target, &mut map).ok()?;
                        let span = key_span_at(&loaded.root, &a)?;
                        let text = &map.get(loaded.file)?.text;
                        Some(LineIndex::new(text).range(span.start as usize, span.end as usize))
                    })
                    .unwrap_or_default();
                return Some(Location::new(uri, range));
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_innermost_variable_around_the_cursor() {
        let text = "a: 1\nname: ${self:custom.${opt:stage}}-x ${env:Y}\n";
        let at = |needle: &str| text.find(needle).unwrap();
        let inner = variable_at(text, at("opt")).unwrap();
        assert_eq!(&text[inner.0..inner.1], "${opt:stage}");
        let outer = variable_at(text, at("custom")).unwrap();
        assert_eq!(&text[outer.0..outer.1], "${self:custom.${opt:stage}}");
        assert_eq!(variable_at(text, at("-x")), None);
        assert_eq!(variable_at(text, 1), None);
    }
}
