//! Builds the spanned [`Node`] tree from the YAML parser's events: anchors and aliases,
//! merge keys, tags, duplicate keys, and the budgets that stop alias bombs and absurd nesting.

use super::node::{Entry, Mapping, Node, Value};
use super::{scalar, tags};
use crate::diag::{Diagnostic, codes};
use crate::source::{FileId, Span};
use granit_parser::{Event, Marker, Parser, ScalarStyle, ScanError, Tag};
use std::collections::HashMap;

/// How much a document may expand to.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Deepest nesting of mappings and lists.
    pub max_depth: usize,
    /// Nodes in the whole tree, aliases expanded.
    pub max_nodes: usize,
    /// Nodes produced by expanding aliases (copies of anchored nodes).
    pub max_alias_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 128,
            max_nodes: 2_000_000,
            max_alias_nodes: 200_000,
        }
    }
}

pub struct Builder<'a> {
    parser: Parser<'a, granit_parser::StrInput<'a>>,
    text: &'a str,
    file: FileId,
    limits: Limits,
    anchors: HashMap<usize, (Node, usize)>,
    nodes: usize,
    alias_nodes: usize,
    pub warnings: Vec<Diagnostic>,
}

type Ev<'a> = (Event<'a>, granit_parser::Span);

impl<'a> Builder<'a> {
    pub fn new(text: &'a str, file: FileId, limits: Limits) -> Self {
        Builder {
            parser: Parser::new_from_str(text),
            text,
            file,
            limits,
            anchors: HashMap::new(),
            nodes: 0,
            alias_nodes: 0,
            warnings: Vec::new(),
        }
    }

    fn offset(&self, m: &Marker) -> u32 {
        let off = m.byte_offset().unwrap_or_else(|| {
            self.text
                .char_indices()
                .nth(m.index())
                .map(|(i, _)| i)
                .unwrap_or(self.text.len())
        });
        off.min(self.text.len()) as u32
    }

    /// A node's span; for a tagged node it starts at the tag.
    fn span(&self, s: &granit_parser::Span) -> Span {
        let mut start = self.offset(&s.start);
        if let Some(t) = &s.tag_start {
            start = start.min(self.offset(t));
        }
        let end = self.offset(&s.end).max(start);
        Span::new(self.file, start, end)
    }

    fn syntax_error(&self, e: &ScanError) -> Diagnostic {
        let at = self.offset(e.marker());
        let len = self.text[at as usize..]
            .chars()
            .next()
            .map_or(0, |c| c.len_utf8() as u32);
        let info = e.info();
        let line_text = line_at(self.text, at as usize);
        let tab_indent = line_text.trim_start_matches(' ').starts_with('\t')
            || (info.contains("tab") && line_text.contains('\t'));
        if tab_indent {
            let tab = line_start(self.text, at as usize) + line_text.find('\t').unwrap_or(0);
            return Diagnostic::error(codes::YAML_TAB, "tab character used for indentation")
                .at(Span::new(self.file, tab as u32, tab as u32 + 1))
                .label("tab")
                .help("YAML indents with spaces only: replace the tab with spaces");
        }
        if info.contains("recursion limit") {
            return Diagnostic::error(codes::YAML_DEPTH_LIMIT, "nesting too deep")
                .at(Span::new(self.file, at, at + len))
                .label("too deep")
                .help("no serverless.yml needs this much nesting; check for a runaway structure");
        }
        Diagnostic::error(codes::YAML_SYNTAX, format!("invalid YAML: {info}"))
            .at(Span::new(self.file, at, at + len))
            .label("here")
            .help(syntax_hint(&info))
    }

    fn next(&mut self) -> Result<Ev<'a>, Diagnostic> {
        match self.parser.next_event() {
            Some(Ok(ev)) => Ok(ev),
            Some(Err(e)) => Err(self.syntax_error(&e)),
            None => Err(Diagnostic::error(
                codes::YAML_SYNTAX,
                "invalid YAML: unexpected end of input",
            )
            .at(Span::new(
                self.file,
                self.text.len() as u32,
                self.text.len() as u32,
            ))),
        }
    }

    /// Reads the single document of the stream. `Ok(None)` for an empty stream.
    pub fn document(&mut self) -> Result<Option<Node>, Diagnostic> {
        let mut root = None;
        loop {
            let (ev, span) = self.next()?;
            match ev {
                Event::StreamStart | Event::DocumentEnd => {}
                Event::StreamEnd => return Ok(root),
                Event::DocumentStart(..) => {
                    if root.is_some() {
                        return Err(Diagnostic::error(
                            codes::YAML_MULTI_DOC,
                            "serverless.yml holds more than one YAML document",
                        )
                        .at(self.span(&span))
                        .label("a second document starts here")
                        .help("a configuration is one document: remove this `---` and what follows, or merge the documents"));
                    }
                    let (ev, span) = self.next()?;
                    let node = self.node(ev, span, 0)?;
                    root = Some(node);
                }
                _ => {
                    let node = self.node(ev, span, 0)?;
                    root = Some(node);
                }
            }
        }
    }

    fn count(&mut self, n: usize, span: Span) -> Result<(), Diagnostic> {
        self.nodes += n;
        if self.nodes > self.limits.max_nodes {
            return Err(Diagnostic::error(
                codes::YAML_ALIAS_LIMIT,
                format!(
                    "the document expands to more than {} nodes",
                    self.limits.max_nodes
                ),
            )
            .at(span)
            .help("the configuration is too large to be a real service; split it or reduce repetition"));
        }
        Ok(())
    }

    fn node(
        &mut self,
        ev: Event<'a>,
        span: granit_parser::Span,
        depth: usize,
    ) -> Result<Node, Diagnostic> {
        let sp = self.span(&span);
        if depth > self.limits.max_depth {
            return Err(Diagnostic::error(
                codes::YAML_DEPTH_LIMIT,
                format!("nesting deeper than {} levels", self.limits.max_depth),
            )
            .at(sp)
            .label("too deep")
            .help("no serverless.yml needs this much nesting; check for a runaway structure"));
        }
        match ev {
            Event::Alias(id) => self.alias(id, sp),
            Event::Scalar(text, style, anchor, tag) => {
                self.count(1, sp)?;
                let node = self.scalar(&text, style, tag.as_deref(), sp)?;
                self.remember(anchor, &node, 1);
                Ok(node)
            }
            Event::SequenceStart(_, anchor, tag) => {
                self.count(1, sp)?;
                let before = self.nodes;
                let mut items = Vec::new();
                let end;
                loop {
                    let (ev, span) = self.next()?;
                    if let Event::SequenceEnd = ev {
                        end = self.span(&span);
                        break;
                    }
                    items.push(self.node(ev, span, depth + 1)?);
                }
                let node = Node::new(Value::Seq(items), sp.to(end));
                let node = self.apply_collection_tag(node, tag.as_deref(), sp)?;
                self.remember(anchor, &node, self.nodes - before + 1);
                Ok(node)
            }
            Event::MappingStart(_, anchor, tag) => {
                self.count(1, sp)?;
                let before = self.nodes;
                let node = self.mapping(sp, depth)?;
                let node = self.apply_collection_tag(node, tag.as_deref(), sp)?;
                self.remember(anchor, &node, self.nodes - before + 1);
                Ok(node)
            }
            other => Err(Diagnostic::error(
                codes::YAML_SYNTAX,
                format!("invalid YAML: unexpected {other:?}"),
            )
            .at(sp)),
        }
    }

    fn remember(&mut self, anchor: usize, node: &Node, size: usize) {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
    }

    fn alias(&mut self, id: usize, sp: Span) -> Result<Node, Diagnostic> {
        let Some((node, size)) = self.anchors.get(&id) else {
            return Err(
                Diagnostic::error(codes::YAML_SYNTAX, "alias to an unknown anchor")
                    .at(sp)
                    .help("define the anchor (`&name`) before using it (`*name`)"),
            );
        };
        let size = *size;
        self.alias_nodes += size;
        if self.alias_nodes > self.limits.max_alias_nodes {
            return Err(Diagnostic::error(
                codes::YAML_ALIAS_LIMIT,
                format!(
                    "aliases expand to more than {} nodes (an alias bomb?)",
                    self.limits.max_alias_nodes
                ),
            )
            .at(sp)
            .label("expansion limit reached here")
            .help("each `*alias` copies its anchor; nested aliases multiply. Use fewer levels of aliases"));
        }
        let node = node.clone();
        self.count(size, sp)?;
        Ok(node)
    }

    fn scalar(
        &mut self,
        text: &str,
        style: ScalarStyle,
        tag: Option<&Tag>,
        sp: Span,
    ) -> Result<Node, Diagnostic> {
        let value = match tag {
            None if style == ScalarStyle::Plain => {
                let v = scalar::resolve_plain(text);
                if let Value::Str(iso) = &v
                    && iso != text
                {
                    self.warnings.push(
                        Diagnostic::warning(
                            codes::YAML_TIMESTAMP,
                            format!("`{text}` is read as a date and becomes `{iso}`"),
                        )
                        .at(sp)
                        .label("unquoted date")
                        .help(format!("quote it to keep the text: '{text}'")),
                    );
                }
                v
            }
            None => Value::Str(text.to_string()),
            Some(tag) => {
                if let Some(core) = tag.core_suffix() {
                    return self.core_tagged(core, text, sp);
                }
                let name = self.cfn_tag_name(tag, sp)?;
                let data = Node::str(text, sp);
                return Ok(tags::long_form(&name, data, sp));
            }
        };
        Ok(Node::new(value, sp))
    }

    fn core_tagged(&self, core: &str, text: &str, sp: Span) -> Result<Node, Diagnostic> {
        let bad = |what: &str| {
            Diagnostic::error(codes::YAML_SYNTAX, format!("`{text}` is not {what}"))
                .at(sp)
                .help(format!("remove the `!!{core}` tag or fix the value"))
        };
        let v = match core {
            "str" => Value::Str(text.to_string()),
            "null" => Value::Null,
            "bool" => match scalar::resolve_plain(text) {
                v @ Value::Bool(_) => v,
                _ => return Err(bad("a boolean")),
            },
            "int" => match scalar::resolve_plain(text) {
                v @ Value::Int(_) => v,
                _ => return Err(bad("an integer")),
            },
            "float" => match scalar::resolve_plain(text) {
                Value::Int(i) => Value::Float(i as f64),
                v @ Value::Float(_) => v,
                _ => return Err(bad("a number")),
            },
            _ => Value::Str(text.to_string()),
        };
        Ok(Node::new(v, sp))
    }

    fn cfn_tag_name(&self, tag: &Tag, sp: Span) -> Result<String, Diagnostic> {
        let (handle, suffix) = tag.parts();
        if handle == "!" && tags::is_cfn_tag(suffix) {
            return Ok(suffix.to_string());
        }
        let shown = tag.original();
        let tag_span = Span::new(sp.file, sp.start, sp.start + shown.len() as u32);
        let tag_span = if self
            .text
            .get(tag_span.start as usize..tag_span.end as usize)
            == Some(shown.as_str())
        {
            tag_span
        } else {
            sp
        };
        let mut d = Diagnostic::error(codes::YAML_UNKNOWN_TAG, format!("unknown tag `{shown}`"))
            .at(tag_span)
            .label("unknown tag");
        d = match tags::nearest(suffix) {
            Some(t) => d.help(format!("did you mean `!{t}`?")),
            None => d.help(format!(
                "serverless.yml understands CloudFormation's short tags: {}",
                tags::CFN_TAGS
                    .iter()
                    .map(|t| format!("!{t}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        Err(d)
    }

    fn apply_collection_tag(
        &self,
        node: Node,
        tag: Option<&Tag>,
        sp: Span,
    ) -> Result<Node, Diagnostic> {
        match tag {
            None => Ok(node),
            Some(t) if t.core_suffix().is_some() => Ok(node),
            Some(t) => {
                let name = self.cfn_tag_name(t, sp)?;
                Ok(tags::long_form(&name, node, sp))
            }
        }
    }

    fn mapping(&mut self, start: Span, depth: usize) -> Result<Node, Diagnostic> {
        let mut map = Mapping::new();
        // keys that came from a merge (`<<`) and may be overridden by explicit ones
        let mut merged: Vec<bool> = Vec::new();
        loop {
            let (ev, span) = self.next()?;
            let ksp = self.span(&span);
            let key = match ev {
                Event::MappingEnd => {
                    let end = self.span(&span);
                    return Ok(Node::new(Value::Map(map), start.to(end)));
                }
                Event::Scalar(ref text, ScalarStyle::Plain, _, None) if text == "<<" => {
                    let (ev, span) = self.next()?;
                    let vsp = self.span(&span);
                    let value = self.node(ev, span, depth + 1)?;
                    self.merge(&mut map, &mut merged, value, vsp)?;
                    continue;
                }
                Event::Scalar(text, style, _, tag) => {
                    let node = self.scalar(&text, style, tag.as_deref(), ksp)?;
                    key_string(&node).ok_or_else(|| complex_key(ksp))?
                }
                Event::Alias(id) => {
                    let node = self.alias(id, ksp)?;
                    key_string(&node).ok_or_else(|| complex_key(ksp))?
                }
                _ => return Err(complex_key(ksp)),
            };
            let (ev, span) = self.next()?;
            let value = self.node(ev, span, depth + 1)?;
            if let Some(idx) = map.get_index_of(&key) {
                if merged[idx] {
                    merged[idx] = false;
                    let entry = &mut map[idx];
                    entry.key_span = ksp;
                    entry.value = value;
                    continue;
                }
                let first = map[idx].key_span;
                return Err(Diagnostic::error(
                    codes::YAML_DUPLICATE_KEY,
                    format!("duplicate key `{key}`"),
                )
                .at(ksp)
                .label("written again here")
                .related(first, "first written here")
                .help(
                    "a mapping holds each key once: remove one of them or merge their contents",
                ));
            }
            map.insert(
                key,
                Entry {
                    key_span: ksp,
                    value,
                },
            );
            merged.push(false);
        }
    }

    fn merge(
        &self,
        map: &mut Mapping,
        merged: &mut Vec<bool>,
        value: Node,
        vsp: Span,
    ) -> Result<(), Diagnostic> {
        let sources: Vec<Node> = match value.value {
            Value::Map(_) => vec![value],
            Value::Seq(items) => items,
            _ => {
                return Err(Diagnostic::error(
                    codes::YAML_BAD_MERGE,
                    format!(
                        "a merge key `<<` needs a mapping or a list of mappings, not {}",
                        value.value.kind()
                    ),
                )
                .at(vsp)
                .help("write `<<: *anchor` where `&anchor` names a mapping"));
            }
        };
        for src in sources {
            let Value::Map(m) = src.value else {
                return Err(Diagnostic::error(
                    codes::YAML_BAD_MERGE,
                    "a merge key `<<` list may hold only mappings",
                )
                .at(src.span));
            };
            for (k, e) in m {
                if !map.contains_key(&k) {
                    map.insert(k, e);
                    merged.push(true);
                }
            }
        }
        Ok(())
    }
}

fn key_string(node: &Node) -> Option<String> {
    Some(match &node.value {
        Value::Str(s) => s.clone(),
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => super::node::js_number_string(*f),
        _ => return None,
    })
}

fn complex_key(sp: Span) -> Diagnostic {
    Diagnostic::error(
        codes::YAML_COMPLEX_KEY,
        "a mapping key must be a plain value, not a mapping or a list",
    )
    .at(sp)
    .help("use a string key")
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1)
}

fn line_at(text: &str, at: usize) -> &str {
    let start = line_start(text, at);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    &text[start..end]
}

fn syntax_hint(info: &str) -> String {
    let info = info.to_lowercase();
    if info.contains("mapping values are not allowed") {
        "a value that contains `: ` must be quoted, or the line is indented wrongly".into()
    } else if info.contains("did not find expected key") || info.contains("block mapping") {
        "check the indentation: keys of one mapping start in the same column".into()
    } else if info.contains("quote") || info.contains("quoted") {
        "close the quoted string on this line or escape the quote inside it".into()
    } else if info.contains("flow") || info.contains("bracket") {
        "close the `[` or `{` that was opened".into()
    } else {
        "fix the YAML syntax at this point; the problem is often on the line above".into()
    }
}
