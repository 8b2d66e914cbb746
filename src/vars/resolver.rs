//! The resolver's core: every string holding variables is a *property*, resolved on demand
//! (a `${self:}` reference resolves what it points at first), once, with cycle detection, the
//! nest-depth limits of SF v3 and a work budget.

use super::ast::{Body, Meta, Var, is_whole};
use super::coerce::js_string;
use super::parse::{ParseError, parse};
use super::spans::{Site, sub_span};
use super::{Context, MAX_PROPERTY_NEST};
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::load::{Node, Value};
use crate::source::{SourceMap, Span};
use indexmap::IndexMap;
use std::collections::HashMap;
use std::path::PathBuf;

/// Longest chain of properties waiting on each other (guards the recursion).
const MAX_CHAIN: usize = 64;
/// Units of work (variables resolved, characters built, nodes copied) before giving up.
const WORK_BUDGET: u64 = 4_000_000;

/// A property's resolution failed; its diagnostic is already in `Resolver::diags`.
#[derive(Debug)]
pub struct Failed;
pub type R<T> = Result<T, Failed>;

#[derive(Clone, Debug)]
pub(super) enum State {
    /// To resolve: how many times its value was itself resolved from variables, and the parts
    /// it was last built from (parts are parsed one by one, as SF does).
    Pending(u32, Option<Vec<String>>),
    InProgress,
    Done,
    Failed,
}

pub(super) struct Frame {
    pub path: Vec<String>,
    /// The variable being resolved in this property.
    pub span: Span,
}

pub(super) enum FileEntry {
    Missing,
    Loaded(Node),
    Broken,
}

pub struct Resolver<'a> {
    pub ctx: &'a Context,
    pub sources: &'a mut SourceMap,
    pub root: Node,
    pub diags: Diagnostics,
    pub(super) props: IndexMap<Vec<String>, State>,
    pub(super) stack: Vec<Frame>,
    pub(super) files: HashMap<PathBuf, FileEntry>,
    pub(super) options: serde_json::Map<String, serde_json::Value>,
    work: u64,
    budget_spent: bool,
}

/// `provider.stage` as SF writes property paths in messages.
pub fn human(path: &[String]) -> String {
    path.join(".")
}

pub fn node_at<'n>(root: &'n Node, path: &[String]) -> Option<&'n Node> {
    root.path(path.iter().map(String::as_str))
}

fn node_at_mut<'n>(root: &'n mut Node, path: &[String]) -> Option<&'n mut Node> {
    let mut node = root;
    for key in path {
        node = match &mut node.value {
            Value::Map(m) => &mut m.get_mut(key.as_str())?.value,
            Value::Seq(s) => s.get_mut(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Parses a string, or the parts it was built from (each on its own, positions shifted).
/// Returns the variables and whether one variable is the whole string.
pub fn parse_value(
    text: &str,
    parts: Option<&[String]>,
) -> Result<Option<(Vec<Var>, bool)>, ParseError> {
    let Some(parts) = parts else {
        return Ok(parse(text)?.map(|v| {
            let whole = is_whole(&v, text.len());
            (v, whole)
        }));
    };
    let mut all = Vec::new();
    let mut base = 0;
    for part in parts {
        if let Some(vars) = parse(part)? {
            all.extend(vars.into_iter().map(|mut v| {
                v.start += base;
                v.end += base;
                v.abs_start += base;
                v.abs_end += base;
                v
            }));
        }
        base += part.len();
    }
    Ok((!all.is_empty()).then_some((all, false)))
}

/// Every string under `node` that holds variables (or has a syntax error), in document order.
pub fn collect_strings(
    node: &Node,
    path: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, Result<(), ParseError>)>,
) {
    match &node.value {
        Value::Str(s) => match parse(s) {
            Ok(Some(_)) => out.push((path.clone(), Ok(()))),
            Ok(None) => {}
            Err(e) => out.push((path.clone(), Err(e))),
        },
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                collect_strings(item, path, out);
                path.pop();
            }
        }
        Value::Map(m) => {
            for (k, e) in m {
                path.push(k.clone());
                collect_strings(&e.value, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

impl<'a> Resolver<'a> {
    pub fn new(root: Node, ctx: &'a Context, sources: &'a mut SourceMap) -> Self {
        let mut options = serde_json::Map::new();
        for (k, v) in &ctx.options {
            options.insert(k.clone(), v.clone());
        }
        if let Some(s) = &ctx.stage {
            options.insert("stage".into(), s.clone().into());
        }
        if let Some(r) = &ctx.region {
            options.insert("region".into(), r.clone().into());
        }
        Resolver {
            ctx,
            sources,
            root,
            diags: Diagnostics::default(),
            props: IndexMap::new(),
            stack: Vec::new(),
            files: HashMap::new(),
            options,
            work: 0,
            budget_spent: false,
        }
    }

    /// Registers every string with variables as a property at `depth`; reports syntax errors.
    pub(super) fn register(&mut self, at: &[String], depth: u32) -> Vec<Vec<String>> {
        let mut found = Vec::new();
        if let Some(node) = node_at(&self.root, at) {
            collect_strings(node, &mut at.to_vec(), &mut found);
        }
        let mut paths = Vec::new();
        for (path, parsed) in found {
            match parsed {
                Ok(()) => {
                    self.props.insert(path.clone(), State::Pending(depth, None));
                    paths.push(path);
                }
                Err(e) => {
                    self.syntax_error(&path, &e, "Variable syntax error at");
                    self.props.insert(path, State::Failed);
                }
            }
        }
        paths
    }

    pub(super) fn syntax_error(&mut self, path: &[String], e: &ParseError, lead: &str) {
        let Some(node) = node_at(&self.root, path) else {
            return;
        };
        let site = Site {
            span: node.span,
            text: node.as_str(),
        };
        let span = sub_span(self.sources, site, e.index, e.index + 1);
        let code = if e.too_deep {
            codes::VAR_DEPTH
        } else {
            codes::VAR_SYNTAX
        };
        self.diags.push(
            Diagnostic::error(code, format!("{lead} \"{}\": {}", human(path), e.message))
                .at(span)
                .label("here")
                .help("write variables as ${source:address} or ${source:address, 'fallback'}; escape a literal ${ as \\${"),
        );
    }

    /// Counts work; past the budget, reports once and fails.
    pub(super) fn charge(&mut self, units: u64, span: Span) -> R<()> {
        self.work = self.work.saturating_add(units);
        if self.work <= WORK_BUDGET {
            return Ok(());
        }
        if !self.budget_spent {
            self.budget_spent = true;
            self.diags.push(
                Diagnostic::error(
                    codes::VAR_BUDGET,
                    "variable resolution was stopped: the variables expand to far too much data",
                )
                .at(span)
                .help("look for values that reference each other several times over (each level multiplying the size)"),
            );
        }
        Err(Failed)
    }

    pub(super) fn current_path(&self) -> Vec<String> {
        self.stack
            .last()
            .map(|f| f.path.clone())
            .unwrap_or_default()
    }

    /// Resolves one property (and what its value brings in), unless done already.
    pub fn resolve_property(&mut self, path: &[String]) {
        loop {
            let Some(State::Pending(depth, parts)) = self.props.get(path).cloned() else {
                return;
            };
            let Some(node) = node_at(&self.root, path).cloned() else {
                self.props.insert(path.to_vec(), State::Done);
                return;
            };
            let Value::Str(text) = &node.value else {
                self.props.insert(path.to_vec(), State::Done);
                return;
            };
            if self.stack.len() >= MAX_CHAIN {
                self.diags.push(
                    Diagnostic::error(
                        codes::VAR_DEPTH,
                        format!(
                            "Cannot resolve variable at \"{}\": more than {MAX_CHAIN} properties reference each other in a chain",
                            human(path)
                        ),
                    )
                    .at(node.span),
                );
                self.props.insert(path.to_vec(), State::Failed);
                return;
            }
            let vars = match parse_value(text, parts.as_deref()) {
                Ok(Some(v)) => v,
                Ok(None) => {
                    self.props.insert(path.to_vec(), State::Done);
                    return;
                }
                Err(e) => {
                    self.syntax_error(path, &e, "Cannot resolve variable at");
                    self.props.insert(path.to_vec(), State::Failed);
                    return;
                }
            };
            self.props.insert(path.to_vec(), State::InProgress);
            self.stack.push(Frame {
                path: path.to_vec(),
                span: node.span,
            });
            let site = Site {
                span: node.span,
                text: if parts.is_none() { Some(text) } else { None },
            };
            let result = self.resolve_string(text, &vars.0, vars.1, site);
            self.stack.pop();
            let Ok((value, parts)) = result else {
                self.props.insert(path.to_vec(), State::Failed);
                return;
            };
            if !self.settle(path, value, parts, depth) {
                return;
            }
        }
    }

    /// Writes a resolved value; registers what it holds. True when the property itself must be
    /// resolved again (its new string value holds variables).
    fn settle(
        &mut self,
        path: &[String],
        value: Node,
        parts: Option<Vec<String>>,
        depth: u32,
    ) -> bool {
        let again = match &value.value {
            Value::Str(s) => match parse_value(s, parts.as_deref()) {
                Ok(found) => found.is_some(),
                Err(e) => {
                    let s = s.clone();
                    self.resolved_syntax_error(&s, &e, value.span);
                    self.props.insert(path.to_vec(), State::Failed);
                    return false;
                }
            },
            _ => {
                let mut inner = Vec::new();
                collect_strings(&value, &mut Vec::new(), &mut inner);
                !inner.is_empty()
            }
        };
        if again && depth + 1 > MAX_PROPERTY_NEST {
            self.diags.push(
                Diagnostic::error(
                    codes::VAR_DEPTH,
                    format!(
                        "Cannot resolve variable at \"{}\": Excessive property variables nest depth",
                        human(path)
                    ),
                )
                .at(value.span)
                .help(format!(
                    "a value resolved from variables held variables again, more than {MAX_PROPERTY_NEST} times over; look for a value that refers to itself"
                )),
            );
            self.props.insert(path.to_vec(), State::Failed);
            return false;
        }
        let is_str = matches!(value.value, Value::Str(_));
        if let Some(slot) = node_at_mut(&mut self.root, path) {
            *slot = value;
        }
        if is_str && again {
            self.props
                .insert(path.to_vec(), State::Pending(depth + 1, parts));
            return true;
        }
        self.props.insert(path.to_vec(), State::Done);
        if again {
            for sub in self.register(path, depth + 1) {
                self.resolve_property(&sub);
            }
        }
        false
    }

    /// Resolves each variable of a string and builds its value: the variable's own value when
    /// it is the whole string, else the string with each variable's text replaced.
    pub(super) fn resolve_string(
        &mut self,
        text: &str,
        vars: &[Var],
        whole: bool,
        site: Site<'_>,
    ) -> R<(Node, Option<Vec<String>>)> {
        let mut values = Vec::with_capacity(vars.len());
        let mut failed = false;
        for var in vars {
            let span = sub_span(self.sources, site, var.abs_start, var.abs_end);
            match &var.body {
                Body::Escape(s) => values.push(Some(Node::str(s.clone(), span))),
                Body::Sources(sources) => {
                    if let Some(f) = self.stack.last_mut() {
                        f.span = span;
                    }
                    match self.resolve_variable(sources, span, site) {
                        Ok(n) => values.push(Some(n)),
                        Err(Failed) => {
                            failed = true;
                            values.push(None);
                        }
                    }
                }
            }
        }
        if failed {
            return Err(Failed);
        }
        if whole && let [Some(v)] = values.as_mut_slice() {
            return Ok((std::mem::replace(v, Node::null(site.span)), None));
        }
        let mut parts = Vec::with_capacity(vars.len() * 2 + 1);
        let mut last = 0;
        for (var, value) in vars.iter().zip(values.into_iter().flatten()) {
            let Some(s) = js_string(&value.value) else {
                let span = sub_span(self.sources, site, var.abs_start, var.abs_end);
                self.diags.push(
                    Diagnostic::error(
                        codes::VAR_NOT_STRING,
                        format!(
                            "Cannot resolve variable at \"{}\": String value consist of variable which resolve with non-string value",
                            human(&self.current_path())
                        ),
                    )
                    .at(span)
                    .label(format!("this is {}", value.kind()))
                    .help("a variable inside a longer string must give a string, number or boolean; use the variable as the whole value to insert a mapping or list"),
                );
                failed = true;
                continue;
            };
            parts.push(text.get(last..var.start).unwrap_or("").to_string());
            parts.push(s);
            last = var.end;
        }
        if failed {
            return Err(Failed);
        }
        parts.push(text.get(last..).unwrap_or("").to_string());
        let joined: String = parts.concat();
        self.charge(joined.len() as u64 / 16 + 1, site.span)?;
        Ok((Node::str(joined, site.span), Some(parts)))
    }

    /// Resolves a parameter or address that holds variables, then what its value holds
    /// (SF: up to 10 levels).
    pub(super) fn resolve_meta(&mut self, meta: &Meta, span: Span, site: Site<'_>) -> R<Node> {
        let raw = match &meta.value {
            super::ast::Lit::Str(s) => s.clone(),
            _ => String::new(),
        };
        let whole = is_whole(&meta.vars, raw.len());
        let (mut node, parts) = self.resolve_string(&raw, &meta.vars, whole, site)?;
        node.span = span;
        self.resolve_internal(node, parts, MAX_PROPERTY_NEST, span)
    }

    /// Resolves variables found in a resolved value, `nest` levels deep at most.
    pub(super) fn resolve_internal(
        &mut self,
        mut node: Node,
        parts: Option<Vec<String>>,
        nest: u32,
        span: Span,
    ) -> R<Node> {
        if nest == 0 {
            let path = human(&self.current_path());
            self.diags.push(
                Diagnostic::error(
                    codes::VAR_DEPTH,
                    format!("Cannot resolve variable at \"{path}\": Excessive variables nest depth"),
                )
                .at(span)
                .help("a variable's value held variables again, more than 10 times over; look for a value that refers to itself"),
            );
            return Err(Failed);
        }
        if let Value::Str(s) = &node.value {
            let vars = match parse_value(s, parts.as_deref()) {
                Ok(Some(v)) => v,
                Ok(None) => return Ok(node),
                Err(e) => return Err(self.resolved_syntax_error(s, &e, span)),
            };
            let s = s.clone();
            let (value, parts) = self.resolve_string(&s, &vars.0, vars.1, Site::detached(span))?;
            return self.resolve_internal(value, parts, nest - 1, span);
        }
        let mut inner = Vec::new();
        collect_strings(&node, &mut Vec::new(), &mut inner);
        for (path, parsed) in inner {
            if let Err(e) = parsed {
                let text = node_at(&node, &path).and_then(Node::as_str).unwrap_or("");
                return Err(self.resolved_syntax_error(text, &e, span));
            }
            let Some(leaf) = node_at(&node, &path).cloned() else {
                continue;
            };
            let leaf_span = leaf.span;
            let value = self.resolve_internal(leaf, None, nest - 1, leaf_span)?;
            if let Some(slot) = node_at_mut(&mut node, &path) {
                *slot = value;
            }
        }
        Ok(node)
    }

    fn resolved_syntax_error(&mut self, text: &str, e: &ParseError, span: Span) -> Failed {
        let path = human(&self.current_path());
        self.diags.push(
            Diagnostic::error(
                codes::VAR_SYNTAX,
                format!(
                    "Cannot resolve variable at \"{path}\": Approached variable syntax error in resolved value \"{text}\": {}",
                    e.message
                ),
            )
            .at(span),
        );
        Failed
    }
}
