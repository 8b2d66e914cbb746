//! Parsing of block directives: `#if`/`#elseif`/`#else`, `#foreach`, `#macro` (and macro call
//! arguments), plus the helpers for `$name` arguments and `#end`-terminated bodies.

use std::sync::Arc;

use super::VtlError;
use super::ast::{Expr, MacroDef, Node, Position};
use super::lexer::Token;
use super::parser::{BlockEnd, Parser};

impl Parser<'_> {
    /// Parses `( cond ) body [#elseif ...]* [#else ...] #end` after `#if`.
    pub(super) fn parse_if(&mut self, nodes: &mut Vec<Node>) -> Result<(), VtlError> {
        self.open_paren("#if")?;
        let mut cond = self.expr()?;
        self.close_paren("#if")?;
        let mut branches = Vec::new();
        loop {
            let (body, end) = self.block()?;
            match end {
                BlockEnd::End => {
                    branches.push((cond, body));
                    nodes.push(Node::If {
                        branches,
                        otherwise: None,
                    });
                    return Ok(());
                }
                BlockEnd::ElseIf(next) => {
                    branches.push((cond, body));
                    cond = next;
                }
                BlockEnd::Else => {
                    branches.push((cond, body));
                    let otherwise = self.body("#else")?;
                    nodes.push(Node::If {
                        branches,
                        otherwise: Some(otherwise),
                    });
                    return Ok(());
                }
                BlockEnd::Eof => return Err(self.cur.err("#if without #end")),
            }
        }
    }

    /// Parses `( $var in iterable ) body #end` after `#foreach`.
    pub(super) fn parse_foreach(
        &mut self,
        nodes: &mut Vec<Node>,
        pos: Position,
    ) -> Result<(), VtlError> {
        self.open_paren("#foreach")?;
        let var = self.ref_arg("#foreach")?;
        match self.cur.next_tok()? {
            Token::Word(w) if w == "in" => {}
            _ => return Err(self.cur.err("expected `in` in #foreach")),
        }
        let iterable = self.primary()?;
        self.close_paren("#foreach")?;
        let body = self.body("#foreach")?;
        nodes.push(Node::Foreach {
            var,
            iterable,
            body,
            pos,
        });
        Ok(())
    }

    /// Parses `(name $a $b) body #end` after `#macro`.
    pub(super) fn parse_macro(&mut self, nodes: &mut Vec<Node>) -> Result<(), VtlError> {
        self.open_paren("#macro")?;
        let name = match self.cur.next_tok()? {
            Token::Word(w) => w,
            _ => return Err(self.cur.err("#macro expects a name")),
        };
        let mut params = Vec::new();
        loop {
            match self.cur.peek_tok()? {
                Token::RParen => break,
                Token::Comma => {
                    self.cur.next_tok()?;
                }
                Token::Dollar => params.push(self.ref_arg("#macro")?),
                _ => return Err(self.cur.err("#macro parameters must be references")),
            }
        }
        self.close_paren("#macro")?;
        let body = self.body("#macro")?;
        let def = Arc::new(MacroDef {
            name: name.clone(),
            params,
            body,
        });
        self.macros.insert(name, def);
        nodes.push(Node::MacroDef);
        Ok(())
    }

    /// Arguments of a macro call, separated by blanks or commas, up to `)`.
    pub(super) fn macro_args(&mut self) -> Result<Vec<Expr>, VtlError> {
        let mut args = Vec::new();
        loop {
            match self.cur.peek_tok()? {
                Token::RParen => {
                    self.cur.next_tok()?;
                    return Ok(args);
                }
                Token::Comma => {
                    self.cur.next_tok()?;
                }
                Token::Eof => return Err(self.cur.err("unterminated macro call")),
                _ => args.push(self.primary()?),
            }
        }
    }

    /// A `$name` argument; returns the name.
    pub(super) fn ref_arg(&mut self, what: &str) -> Result<String, VtlError> {
        self.cur.skip_ws();
        match self.reference(false)? {
            Some(r) if r.parts.is_empty() => Ok(r.root),
            _ => Err(self.cur.err(format!("{what} expects a simple $reference"))),
        }
    }

    /// A block body that must end with `#end`.
    pub(super) fn body(&mut self, what: &str) -> Result<Vec<Node>, VtlError> {
        match self.block()? {
            (body, BlockEnd::End) => Ok(body),
            (_, BlockEnd::Eof) => Err(self.cur.err(format!("{what} without #end"))),
            (_, _) => Err(self.cur.err(format!("#else inside {what}"))),
        }
    }
}
