//! Template-level parser: text, comments, escapes, references and directives, with Velocity
//! 1.7's whitespace rules (a `#set` line's leading blanks, and the blanks plus line break after a
//! directive's closing `)`, `#else` and `#end`, are consumed).
//!
//! Block directives are parsed in `directives.rs`, expressions and references in `expr.rs`
//! (same `Parser`).

use std::collections::HashMap;
use std::sync::Arc;

use super::VtlError;
use super::ast::{MacroDef, Node, Position, RefNode};
use super::lexer::{Cursor, Token};

/// Deepest nesting of blocks, expressions and interpolated strings accepted.
pub const MAX_NESTING: usize = 128;

/// Directives Velocity knows by name (used for escape handling).
const DIRECTIVES: &[&str] = &[
    "foreach", "define", "macro", "break", "stop", "evaluate", "include", "parse", "literal",
];

/// How a block ended.
pub(super) enum BlockEnd {
    Eof,
    End,
    Else,
    ElseIf(super::ast::Expr),
}

/// The parser state.
pub struct Parser<'a> {
    /// The cursor.
    pub cur: Cursor<'a>,
    /// Current nesting depth.
    pub depth: usize,
    /// Macros defined so far (shared with nested string parsers).
    pub macros: HashMap<String, Arc<MacroDef>>,
}

impl<'a> Parser<'a> {
    /// A parser for `src` positioned at `base`, `depth` levels deep.
    pub fn new(src: &'a str, base: Position, depth: usize) -> Self {
        Parser {
            cur: Cursor::new(src, base),
            depth,
            macros: HashMap::new(),
        }
    }

    /// Parses a whole template body.
    pub fn parse_all(&mut self) -> Result<Vec<Node>, VtlError> {
        let (nodes, end) = self.block()?;
        match end {
            BlockEnd::Eof => Ok(nodes),
            BlockEnd::End => Err(self.cur.err("#end without a matching directive")),
            BlockEnd::Else | BlockEnd::ElseIf(_) => Err(self.cur.err("#else without #if")),
        }
    }

    /// Increments the nesting depth, failing past [`MAX_NESTING`].
    pub fn enter(&mut self) -> Result<(), VtlError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.cur.err("template nested too deeply"));
        }
        Ok(())
    }

    /// Parses statements until EOF, `#end`, `#else` or `#elseif`.
    pub(super) fn block(&mut self) -> Result<(Vec<Node>, BlockEnd), VtlError> {
        self.enter()?;
        let mut nodes: Vec<Node> = Vec::new();
        let end = loop {
            if self.try_set(&mut nodes)? {
                continue;
            }
            match self.cur.peek() {
                None => break BlockEnd::Eof,
                Some('#') => {
                    if let Some(end) = self.directive_or_comment(&mut nodes)? {
                        break end;
                    }
                }
                Some('$') => self.dollar(&mut nodes, 0)?,
                Some('\\') => self.backslashes(&mut nodes)?,
                Some(_) => {
                    let rest = self.cur.rest();
                    let n = rest.find(['$', '#', '\\']).unwrap_or(rest.len());
                    push_text(&mut nodes, &rest[..n]);
                    self.cur.advance(n);
                }
            }
        };
        self.depth -= 1;
        Ok((nodes, end))
    }

    /// `[ \t]*(#set|#{set}) *(`: parses a `#set` including its leading blanks.
    fn try_set(&mut self, nodes: &mut Vec<Node>) -> Result<bool, VtlError> {
        let rest = self.cur.rest();
        let blanks = rest
            .bytes()
            .take_while(|b| *b == b' ' || *b == b'\t')
            .count();
        let after = &rest[blanks..];
        let kw = if after.starts_with("#set") {
            4
        } else if after.starts_with("#{set}") {
            6
        } else {
            return Ok(false);
        };
        let spaces = after[kw..].bytes().take_while(|b| *b == b' ').count();
        if after.as_bytes().get(kw + spaces) != Some(&b'(') {
            return Ok(false);
        }
        self.cur.advance(blanks);
        let pos = self.cur.pos();
        self.cur.advance(kw + spaces + 1);
        self.enter()?;
        self.cur.skip_ws();
        if self.cur.peek() != Some('$') {
            return Err(self.cur.err("#set expects a reference before `=`"));
        }
        let Some(target) = self.reference(false)? else {
            return Err(self.cur.err("#set expects a reference before `=`"));
        };
        if self.cur.next_tok()? != Token::Assign {
            return Err(self.cur.err("expected `=` in #set"));
        }
        let value = self.expr()?;
        self.close_paren("#set")?;
        self.depth -= 1;
        nodes.push(Node::Set { target, value, pos });
        Ok(true)
    }

    /// Expects the closing `)` of a directive and consumes the line end after it.
    pub fn close_paren(&mut self, what: &str) -> Result<(), VtlError> {
        match self.cur.next_tok()? {
            Token::RParen => {
                self.cur.gobble_line_end();
                Ok(())
            }
            _ => Err(self.cur.err(format!("expected `)` to close {what}"))),
        }
    }

    /// Whether `[ \t\r\n]*(` follows (Velocity's test for directive arguments).
    pub(super) fn paren_follows(&self) -> bool {
        self.cur
            .rest()
            .trim_start_matches([' ', '\t', '\r', '\n'])
            .starts_with('(')
    }

    /// Expects optional whitespace and `(`.
    pub(super) fn open_paren(&mut self, what: &str) -> Result<(), VtlError> {
        match self.cur.next_tok()? {
            Token::LParen => Ok(()),
            _ => Err(self.cur.err(format!("expected `(` after {what}"))),
        }
    }

    /// Handles `#` at the cursor: a `##` or `#*` comment, an unparsed `#[[...]]#` block or a
    /// directive; returns a block end for `#end`/`#else`/`#elseif`.
    fn directive_or_comment(
        &mut self,
        nodes: &mut Vec<Node>,
    ) -> Result<Option<BlockEnd>, VtlError> {
        let start = self.cur.at;
        let pos = self.cur.pos();
        if self.cur.starts_with("##") {
            let rest = self.cur.rest();
            let n = rest.find(['\n', '\r']).map_or(rest.len(), |i| {
                i + if rest[i..].starts_with("\r\n") { 2 } else { 1 }
            });
            self.cur.advance(n);
            return Ok(None);
        }
        if self.cur.starts_with("#*") {
            return match self.cur.rest()[2..].find("*#") {
                Some(i) => {
                    self.cur.advance(i + 4);
                    Ok(None)
                }
                None => Err(self.cur.err("unterminated #* comment")),
            };
        }
        if self.cur.starts_with("#[[") {
            return match self.cur.rest()[3..].find("]]#") {
                Some(i) => {
                    let text = &self.cur.rest()[3..3 + i];
                    push_text(nodes, text);
                    self.cur.advance(i + 6);
                    Ok(None)
                }
                None => Err(self.cur.err("unterminated #[[ block")),
            };
        }
        let Some((name, len)) = directive_name(self.cur.rest()) else {
            push_text(nodes, "#");
            self.cur.advance(1);
            return Ok(None);
        };
        self.cur.advance(len);
        match name.as_str() {
            "end" => {
                self.cur.gobble_line_end();
                Ok(Some(BlockEnd::End))
            }
            "else" => {
                self.cur.gobble_line_end();
                Ok(Some(BlockEnd::Else))
            }
            "elseif" => {
                self.open_paren("#elseif")?;
                let cond = self.expr()?;
                self.close_paren("#elseif")?;
                Ok(Some(BlockEnd::ElseIf(cond)))
            }
            "if" => {
                self.parse_if(nodes)?;
                Ok(None)
            }
            "foreach" => {
                self.parse_foreach(nodes, pos)?;
                Ok(None)
            }
            "define" => {
                self.open_paren("#define")?;
                let name = self.ref_arg("#define")?;
                self.close_paren("#define")?;
                let body = self.body("#define")?;
                nodes.push(Node::Define {
                    name,
                    body: Arc::new(body),
                });
                Ok(None)
            }
            "macro" => {
                self.parse_macro(nodes)?;
                Ok(None)
            }
            "break" | "stop" => {
                let mut scope = None;
                if self.paren_follows() {
                    self.open_paren(&format!("#{name}"))?;
                    if self.cur.peek_tok()? != Token::RParen {
                        scope = Some(self.expr()?);
                    }
                    self.close_paren(&format!("#{name}"))?;
                }
                nodes.push(if name == "stop" {
                    Node::Stop
                } else {
                    Node::Break { scope }
                });
                Ok(None)
            }
            "evaluate" | "include" | "parse" => Err(VtlError::at(
                pos,
                format!("#{name} is not supported in mapping templates"),
            )),
            _ if self.paren_follows() => {
                self.open_paren("macro call")?;
                let args = self.macro_args()?;
                let source = self.cur.src[start..self.cur.at].to_string();
                self.cur.gobble_line_end();
                nodes.push(Node::MacroCall {
                    name,
                    args,
                    source,
                    pos,
                });
                Ok(None)
            }
            _ => {
                push_text(nodes, &self.cur.src[start..self.cur.at]);
                Ok(None)
            }
        }
    }

    /// Handles `$` at the cursor, preceded by `backslashes` backslashes (already consumed).
    fn dollar(&mut self, nodes: &mut Vec<Node>, backslashes: usize) -> Result<(), VtlError> {
        match self.reference(true)? {
            Some(reference) => nodes.push(Node::Ref(Box::new(RefNode {
                reference,
                backslashes,
            }))),
            None => {
                push_text(nodes, &"\\".repeat(backslashes));
                push_text(nodes, "$");
                self.cur.advance(1);
            }
        }
        Ok(())
    }

    /// Handles a run of backslashes (escapes of references and directives).
    fn backslashes(&mut self, nodes: &mut Vec<Node>) -> Result<(), VtlError> {
        let n = self.cur.rest().bytes().take_while(|b| *b == b'\\').count();
        self.cur.advance(n);
        match self.cur.peek() {
            Some('$') => self.dollar(nodes, n),
            Some('#') => {
                let named = directive_name(self.cur.rest());
                let known = named.as_ref().is_some_and(|(w, _)| {
                    DIRECTIVES.contains(&w.as_str()) || self.macros.contains_key(w)
                });
                let control = named
                    .as_ref()
                    .is_some_and(|(w, _)| matches!(w.as_str(), "if" | "else" | "elseif" | "end"));
                match named {
                    Some((_, len)) if n % 2 == 1 => {
                        let word = &self.cur.rest()[..len];
                        if known || control || named_is_set(word) {
                            push_text(nodes, &"\\".repeat(n / 2));
                        } else {
                            push_text(nodes, &"\\".repeat(n));
                        }
                        push_text(nodes, word);
                        self.cur.advance(len);
                    }
                    Some(_) if known || control => push_text(nodes, &"\\".repeat(n / 2)),
                    _ => push_text(nodes, &"\\".repeat(n)),
                }
                Ok(())
            }
            _ => {
                push_text(nodes, &"\\".repeat(n));
                Ok(())
            }
        }
    }
}

/// Whether a `#word` text is `#set` / `#{set}`.
fn named_is_set(word: &str) -> bool {
    word == "#set" || word == "#{set}"
}

/// The directive name after `#` (`#name` or `#{name}`) and the byte length including `#`.
fn directive_name(rest: &str) -> Option<(String, usize)> {
    let body = rest.strip_prefix('#')?;
    if let Some(inner) = body.strip_prefix('{') {
        let b = inner.as_bytes();
        if !b
            .first()
            .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        {
            return None;
        }
        let n = b
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'@')
            .count();
        if b.get(n) != Some(&b'}') {
            return None;
        }
        return Some((inner[..n].to_string(), n + 3));
    }
    let b = body.as_bytes();
    if !b
        .first()
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_' || *c == b'@')
    {
        return None;
    }
    let n = b
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'@')
        .count();
    Some((body[..n].to_string(), n + 1))
}

/// Appends text, merging with a preceding text node.
pub fn push_text(nodes: &mut Vec<Node>, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Node::Text(t)) = nodes.last_mut() {
        t.push_str(text);
    } else {
        nodes.push(Node::Text(text.to_string()));
    }
}
