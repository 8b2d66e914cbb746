//! Parsing of references (`$a.b($c)[0]`, `${a}`, `$!a`) and of directive expressions
//! (operators with Velocity's precedence, literals, lists, ranges, maps, string interpolation).

use std::sync::Arc;

use super::VtlError;
use super::ast::{BinOp, Expr, InterpolatedString, Part, Position, Reference};
use super::lexer::Token;
use super::parser::Parser;

impl Parser<'_> {
    /// Parses a reference at the cursor (on `$`). Returns None, leaving the cursor untouched,
    /// when no reference starts here (`$5`, `$ `, `${` without a closing `}`...). `in_text`
    /// makes a malformed index end the reference instead of failing.
    pub fn reference(&mut self, in_text: bool) -> Result<Option<Reference>, VtlError> {
        let start = self.cur.at;
        let pos = self.cur.pos();
        let rest = self.cur.rest();
        if !rest.starts_with('$') {
            return Ok(None);
        }
        let mut i = 1;
        let quiet = rest[i..].starts_with('!');
        if quiet {
            i += 1;
        }
        let formal = rest[i..].starts_with('{');
        if formal {
            i += 1;
        }
        let Some(root_len) = ident_len(&rest[i..]) else {
            return Ok(None);
        };
        let root = rest[i..i + root_len].to_string();
        self.cur.advance(i + root_len);
        let mut parts = Vec::new();
        loop {
            let rest = self.cur.rest();
            if rest.starts_with('[') {
                let save = self.cur.at;
                self.cur.advance(1);
                match self.index_expr() {
                    Ok(e) => parts.push(Part::Index(e)),
                    Err(e) if !in_text => return Err(e),
                    Err(_) => {
                        self.cur.at = save;
                        break;
                    }
                }
            } else if rest.starts_with('.')
                && rest.as_bytes().get(1).is_some_and(u8::is_ascii_alphabetic)
            {
                let Some(n) = ident_len(&rest[1..]) else {
                    break;
                };
                let name = rest[1..1 + n].to_string();
                self.cur.advance(1 + n);
                if self.cur.starts_with("(") {
                    self.cur.advance(1);
                    let args = self.call_args()?;
                    parts.push(Part::Method(name, args));
                } else {
                    parts.push(Part::Prop(name));
                }
            } else {
                break;
            }
        }
        if formal {
            if self.cur.starts_with("}") {
                self.cur.advance(1);
            } else {
                self.cur.at = start;
                return Ok(None);
            }
        }
        let literal = self.cur.src[start..self.cur.at].to_string();
        Ok(Some(Reference {
            root,
            parts,
            quiet,
            literal,
            pos,
        }))
    }

    /// `expr ]` of an index (the `[` is consumed).
    fn index_expr(&mut self) -> Result<Expr, VtlError> {
        self.enter()?;
        let e = self.primary()?;
        self.depth -= 1;
        match self.cur.next_tok()? {
            Token::RBracket => Ok(e),
            _ => Err(self.cur.err("expected `]`")),
        }
    }

    /// Method arguments up to and including `)` (the `(` is consumed).
    fn call_args(&mut self) -> Result<Vec<Expr>, VtlError> {
        let mut args = Vec::new();
        if self.cur.peek_tok()? == Token::RParen {
            self.cur.next_tok()?;
            return Ok(args);
        }
        loop {
            args.push(self.expr()?);
            match self.cur.next_tok()? {
                Token::Comma => {}
                Token::RParen => return Ok(args),
                _ => return Err(self.cur.err("expected `,` or `)` in method arguments")),
            }
        }
    }

    /// A full expression.
    pub fn expr(&mut self) -> Result<Expr, VtlError> {
        self.enter()?;
        let e = self.binary(0);
        self.depth -= 1;
        e
    }

    /// Precedence climbing over Velocity's levels: or < and < equality < relational <
    /// additive < multiplicative.
    fn binary(&mut self, level: u8) -> Result<Expr, VtlError> {
        if level > 5 {
            return self.unary();
        }
        let mut left = self.binary(level + 1)?;
        loop {
            let save = self.cur.at;
            let pos = {
                self.cur.skip_ws();
                self.cur.pos()
            };
            let op = match self.cur.next_tok()? {
                Token::Op(op) if op_level(op) == level => op,
                _ => {
                    self.cur.at = save;
                    return Ok(left);
                }
            };
            let right = self.binary(level + 1)?;
            left = Expr::Binary(op, Box::new(left), Box::new(right), pos);
        }
    }

    /// `!x`, `not x`, or a primary.
    fn unary(&mut self) -> Result<Expr, VtlError> {
        if self.cur.peek_tok()? == Token::Not {
            self.cur.next_tok()?;
            self.enter()?;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.primary()
    }

    /// A literal, reference, list, range, map or parenthesized expression.
    pub fn primary(&mut self) -> Result<Expr, VtlError> {
        self.cur.skip_ws();
        let pos = self.cur.pos();
        let e = match self.cur.next_tok()? {
            Token::Str(raw) => self.string_literal(&raw, pos)?,
            Token::Int(n) => Expr::Int(n),
            Token::Float(f) => Expr::Float(f),
            Token::True => Expr::Bool(true),
            Token::False => Expr::Bool(false),
            Token::Op(BinOp::Sub) => match self.cur.next_tok()? {
                Token::Int(n) => Expr::Int(n.wrapping_neg()),
                Token::Float(f) => Expr::Float(-f),
                _ => return Err(VtlError::at(pos, "expected a number after `-`")),
            },
            Token::Dollar => match self.reference(false)? {
                Some(r) => Expr::Ref(Box::new(r)),
                None => return Err(VtlError::at(pos, "invalid reference")),
            },
            Token::LParen => {
                let inner = self.expr()?;
                match self.cur.next_tok()? {
                    Token::RParen => Expr::Paren(Box::new(inner)),
                    _ => return Err(self.cur.err("expected `)`")),
                }
            }
            Token::LBracket => self.list_or_range(pos)?,
            Token::LBrace => self.map_literal()?,
            Token::Eof => {
                return Err(VtlError::at(
                    pos,
                    "unexpected end of template in expression",
                ));
            }
            Token::Word(w) => {
                return Err(VtlError::at(
                    pos,
                    format!("unexpected word `{w}` in expression"),
                ));
            }
            other => {
                return Err(VtlError::at(
                    pos,
                    format!("unexpected {} in expression", describe(&other)),
                ));
            }
        };
        Ok(e)
    }

    /// `[a, b]`, `[]` or `[a..b]` (the `[` is consumed).
    fn list_or_range(&mut self, pos: Position) -> Result<Expr, VtlError> {
        self.enter()?;
        let mut items = Vec::new();
        if self.cur.peek_tok()? == Token::RBracket {
            self.cur.next_tok()?;
            self.depth -= 1;
            return Ok(Expr::List(items));
        }
        let first = self.expr()?;
        if self.cur.peek_tok()? == Token::DotDot {
            self.cur.next_tok()?;
            let last = self.expr()?;
            if self.cur.next_tok()? != Token::RBracket {
                return Err(self.cur.err("expected `]` to close range"));
            }
            self.depth -= 1;
            return Ok(Expr::Range(Box::new(first), Box::new(last), pos));
        }
        items.push(first);
        loop {
            match self.cur.next_tok()? {
                Token::Comma => items.push(self.expr()?),
                Token::RBracket => break,
                _ => return Err(self.cur.err("expected `,` or `]` in list")),
            }
        }
        self.depth -= 1;
        Ok(Expr::List(items))
    }

    /// `{k: v, ...}` (the `{` is consumed).
    fn map_literal(&mut self) -> Result<Expr, VtlError> {
        self.enter()?;
        let mut entries = Vec::new();
        if self.cur.peek_tok()? == Token::RBrace {
            self.cur.next_tok()?;
            self.depth -= 1;
            return Ok(Expr::Map(entries));
        }
        loop {
            let k = self.expr()?;
            if self.cur.next_tok()? != Token::Colon {
                return Err(self.cur.err("expected `:` in map literal"));
            }
            let v = self.expr()?;
            entries.push((k, v));
            match self.cur.next_tok()? {
                Token::Comma => {}
                Token::RBrace => break,
                _ => return Err(self.cur.err("expected `,` or `}` in map literal")),
            }
        }
        self.depth -= 1;
        Ok(Expr::Map(entries))
    }

    /// Builds a string literal: `''`/`""` collapse, `\uXXXX` in double quotes, and double-quoted
    /// text containing `$` or `#` is parsed as a template (with one trailing space, as Velocity).
    fn string_literal(&mut self, raw: &str, pos: Position) -> Result<Expr, VtlError> {
        let quote = raw.chars().next().unwrap_or('"');
        let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
        let mut text = if quote == '"' {
            unescape_unicode(inner, pos)?
        } else {
            inner.to_string()
        };
        let doubled: String = [quote, quote].iter().collect();
        text = text.replace(&doubled, &quote.to_string());
        let interpolate = quote == '"' && (raw.contains('$') || raw.contains('#'));
        if !interpolate {
            return Ok(Expr::Str {
                text,
                interpolated: None,
            });
        }
        let has_line_comment = text.contains("##");
        let src = if has_line_comment {
            text.clone()
        } else {
            format!("{text} ")
        };
        let base = Position {
            line: pos.line,
            col: pos.col + 1,
        };
        let mut sub = Parser::new(&src, base, self.depth + 1);
        sub.macros = self.macros.clone();
        let nodes = sub.parse_all()?;
        Ok(Expr::Str {
            text,
            interpolated: Some(Arc::new(InterpolatedString {
                nodes,
                has_line_comment,
            })),
        })
    }
}

/// Length of a Velocity identifier `[A-Za-z_][A-Za-z0-9_-]*` at the start of `s`.
fn ident_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if !b
        .first()
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
    {
        return None;
    }
    Some(
        1 + b[1..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'-')
            .count(),
    )
}

/// The precedence level of a binary operator (0 binds loosest).
fn op_level(op: BinOp) -> u8 {
    match op {
        BinOp::Or => 0,
        BinOp::And => 1,
        BinOp::Eq | BinOp::Ne => 2,
        BinOp::Lt | BinOp::Gt | BinOp::Le | BinOp::Ge => 3,
        BinOp::Add | BinOp::Sub => 4,
        BinOp::Mul | BinOp::Div | BinOp::Mod => 5,
    }
}

/// Replaces `\uXXXX` escapes (Velocity does this in double-quoted literals only).
fn unescape_unicode(s: &str, pos: Position) -> Result<String, VtlError> {
    if !s.contains("\\u") {
        return Ok(s.to_string());
    }
    let mut units: Vec<u16> = Vec::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("\\u") {
        units.extend(rest[..i].encode_utf16());
        let hex = rest
            .get(i + 2..i + 6)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        let Some(hex) = hex else {
            return Err(VtlError::at(pos, "invalid \\u escape in string literal"));
        };
        units.push(u16::from_str_radix(hex, 16).unwrap_or(0xFFFD));
        rest = &rest[i + 6..];
    }
    units.extend(rest.encode_utf16());
    Ok(String::from_utf16_lossy(&units))
}

/// A token's description for error messages.
fn describe(t: &Token) -> String {
    match t {
        Token::Other(c) => format!("`{c}`"),
        Token::RParen => "`)`".into(),
        Token::RBracket => "`]`".into(),
        Token::RBrace => "`}`".into(),
        Token::Comma => "`,`".into(),
        Token::Colon => "`:`".into(),
        Token::Assign => "`=`".into(),
        Token::DotDot => "`..`".into(),
        other => format!("{other:?}"),
    }
}
