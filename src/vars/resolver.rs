//! The resolver's core: every string holding variables is a *property*, resolved on demand
//! (a `${self:}` reference resolves what it points at first), once, with cycle detection, the
//! nest-depth limits of SF v3 and a work budget.

use super::parse::ParseError;
use super::spans::{Site, sub_span};
use super::tree::{collect_strings, human, node_at, node_at_mut, parse_value};
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
const WORK_BUDGET: u64 = 1_500_000;

/// A property's resolution failed; its diagnostic is already in `Resolver::diags`.
#[derive(Debug)]
pub struct Failed;
pub type ResolveResult<T> = Result<T, Failed>;

#[derive(Clone, Debug)]
pub(super) enum PropertyState {
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
    pub(super) props: IndexMap<Vec<String>, PropertyState>,
    pub(super) stack: Vec<Frame>,
    pub(super) files: HashMap<PathBuf, FileEntry>,
    pub(super) options: serde_json::Map<String, serde_json::Value>,
    work: u64,
    budget_spent: bool,
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
            collect_strings(node, at, &mut found);
        }
        let mut paths = Vec::new();
        for (path, parsed) in found {
            match parsed {
                Ok(()) => {
                    self.props
                        .insert(path.clone(), PropertyState::Pending(depth, None));
                    paths.push(path);
                }
                Err(e) => {
                    self.syntax_error(&path, &e, "Variable syntax error at");
                    self.props.insert(path, PropertyState::Failed);
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
    pub(super) fn charge(&mut self, units: u64, span: Span) -> ResolveResult<()> {
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
            let Some(PropertyState::Pending(depth, parts)) = self.props.get(path).cloned() else {
                return;
            };
            let Some(node) = node_at(&self.root, path).cloned() else {
                self.props.insert(path.to_vec(), PropertyState::Done);
                return;
            };
            let Value::Str(text) = &node.value else {
                self.props.insert(path.to_vec(), PropertyState::Done);
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
                self.props.insert(path.to_vec(), PropertyState::Failed);
                return;
            }
            let vars = match parse_value(text, parts.as_deref()) {
                Ok(Some(v)) => v,
                Ok(None) => {
                    self.props.insert(path.to_vec(), PropertyState::Done);
                    return;
                }
                Err(e) => {
                    self.syntax_error(path, &e, "Cannot resolve variable at");
                    self.props.insert(path.to_vec(), PropertyState::Failed);
                    return;
                }
            };
            self.props.insert(path.to_vec(), PropertyState::InProgress);
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
                self.props.insert(path.to_vec(), PropertyState::Failed);
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
                    self.props.insert(path.to_vec(), PropertyState::Failed);
                    return false;
                }
            },
            _ => {
                let mut inner = Vec::new();
                collect_strings(&value, &[], &mut inner);
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
            self.props.insert(path.to_vec(), PropertyState::Failed);
            return false;
        }
        let is_str = matches!(value.value, Value::Str(_));
        if let Some(slot) = node_at_mut(&mut self.root, path) {
            *slot = value;
        }
        if is_str && again {
            self.props
                .insert(path.to_vec(), PropertyState::Pending(depth + 1, parts));
            return true;
        }
        self.props.insert(path.to_vec(), PropertyState::Done);
        if again {
            for sub in self.register(path, depth + 1) {
                self.resolve_property(&sub);
            }
        }
        false
    }
}
