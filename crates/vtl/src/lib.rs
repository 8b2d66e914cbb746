//! An Apache Velocity 1.7 (VTL) interpreter with API Gateway's mapping-template objects
//! (`$input`, `$util`, `$context`, `$stageVariables`), as REST API mapping templates run.
//!
//! Parse once with [`Template::parse`], render many times with [`Template::render`] (or
//! [`Template::render_full`] to also read `$context.responseOverride` / `requestOverride`).
//! Velocity's quirks are kept on purpose: an unresolved reference renders as its source text
//! (`$!x` renders empty), `#set` with a null value leaves the variable unchanged, an empty string
//! is true in `#if`, whitespace around directive-only lines is consumed as Velocity 1.7 does, and
//! `#define` blocks are rendered each time they are referenced.
//!
//! Rendering is bounded ([`Limits`]): work steps, output size, nesting, macro depth and range size.

mod apigw;
mod ast;
mod directives;
mod eval;
mod expr;
mod interp;
pub mod jregex;
mod lexer;
mod methods;
mod ops;
mod parser;
mod value;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

pub use apigw::{Context, Overrides, Rendered};
pub use ast::Position;

/// A parse or render error, with the template position it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VtlError {
    /// 1-based line (0 when unknown).
    pub line: u32,
    /// 1-based column in characters (0 when unknown).
    pub column: u32,
    /// What went wrong.
    pub message: String,
}

impl VtlError {
    /// An error at `pos`.
    pub fn at(pos: Position, message: impl Into<String>) -> Self {
        VtlError {
            line: pos.line,
            column: pos.col,
            message: message.into(),
        }
    }
}

impl fmt::Display for VtlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for VtlError {}

/// Budgets that bound one render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Units of work (rendered `#set`s, loop iterations, method calls, block and macro renders).
    pub max_steps: u64,
    /// Largest output (and largest string built); strings built in total may reach 8 times this.
    pub max_output_bytes: usize,
    /// Deepest nesting of renders (blocks inside loops inside macros...).
    pub max_depth: usize,
    /// Deepest nesting of macro calls (Velocity's `velocimacro.max.depth`).
    pub max_macro_depth: usize,
    /// Largest `[a..b]` range.
    pub max_range: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_steps: 1_000_000,
            max_output_bytes: 4 << 20,
            max_depth: 96,
            max_macro_depth: 20,
            max_range: 100_000,
        }
    }
}

/// A parsed template.
#[derive(Debug, Clone)]
pub struct Template {
    nodes: Arc<Vec<ast::Node>>,
    macros: Arc<HashMap<String, Arc<ast::MacroDef>>>,
    limits: Limits,
    /// The source names `context` somewhere (so rendering may read `$context`).
    mentions_context: bool,
    /// The source names `params` somewhere (so rendering may read the request parameters).
    mentions_params: bool,
}

impl Template {
    /// Parses template source.
    pub fn parse(src: &str) -> Result<Template, VtlError> {
        let mut p = parser::Parser::new(src, Position { line: 1, col: 1 }, 0);
        let nodes = p.parse_all()?;
        Ok(Template {
            nodes: Arc::new(nodes),
            macros: Arc::new(p.macros),
            limits: Limits::default(),
            mentions_context: src.contains("context"),
            mentions_params: src.contains("params"),
        })
    }

    /// The same template with other budgets.
    pub fn with_limits(mut self, limits: Limits) -> Template {
        self.limits = limits;
        self
    }

    /// Whether rendering may read `$context`: false only when the source never names it, so a
    /// caller can skip building the tree (a conservative test on the text, interpolated
    /// strings and macro arguments included).
    pub fn may_read_context(&self) -> bool {
        self.mentions_context
    }

    /// Whether rendering may read the request's parameters (`$input.params`): false only when
    /// the source never names `params` (the same conservative test as
    /// [`may_read_context`](Template::may_read_context)).
    pub fn may_read_params(&self) -> bool {
        self.mentions_params
    }

    /// Renders against `ctx`.
    pub fn render(&self, ctx: &Context) -> Result<String, VtlError> {
        self.render_full(ctx).map(|r| r.output)
    }

    /// Renders against `ctx` and returns the output with the overrides the template set.
    pub fn render_full(&self, ctx: &Context) -> Result<Rendered, VtlError> {
        self.render_over(ctx, &ctx.body)
    }

    /// Renders against `ctx` with `body` as the payload (`$input`) instead of `ctx.body`, so
    /// one request context serves the request and the response templates without copies.
    pub fn render_over(&self, ctx: &Context, body: &str) -> Result<Rendered, VtlError> {
        let mut it = interp::Interpreter::new(ctx, body, &self.limits, &self.macros);
        let mut out = String::new();
        let result = it.render(&self.nodes, &mut out, Position { line: 1, col: 1 });
        let overrides = apigw::read_overrides(&it.context_value);
        it.teardown();
        result?;
        Ok(Rendered {
            output: out,
            overrides,
        })
    }
}
