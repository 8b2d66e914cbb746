//! Building values from strings with variables: each variable resolved, then the whole value
//! or the string with the values put in; values that hold variables are resolved again.

use super::MAX_PROPERTY_NEST;
use super::ast::{Body, Meta, Var, is_whole};
use super::coerce::js_string;
use super::parse::ParseError;
use super::resolver::{Failed, ResolveResult, Resolver};
use super::spans::{Site, sub_span};
use super::tree::{collect_strings, human, node_at, node_at_mut, parse_value};
use crate::diag::{Diagnostic, codes};
use crate::load::{Node, Value};
use crate::source::Span;

impl Resolver<'_> {
    /// Resolves each variable of a string and builds its value: the variable's own value when
    /// it is the whole string, else the string with each variable's text replaced.
    pub(super) fn resolve_string(
        &mut self,
        text: &str,
        vars: &[Var],
        whole: bool,
        site: Site<'_>,
    ) -> ResolveResult<(Node, Option<Vec<String>>)> {
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
        self.charge(joined.len() as u64 / 4 + 1, site.span)?;
        Ok((Node::str(joined, site.span), Some(parts)))
    }

    /// Resolves a parameter or address that holds variables, then what its value holds
    /// (SF: up to 10 levels).
    pub(super) fn resolve_meta(
        &mut self,
        meta: &Meta,
        span: Span,
        site: Site<'_>,
    ) -> ResolveResult<Node> {
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
    ) -> ResolveResult<Node> {
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
        collect_strings(&node, &[], &mut inner);
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

    pub(super) fn resolved_syntax_error(
        &mut self,
        text: &str,
        e: &ParseError,
        span: Span,
    ) -> Failed {
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
