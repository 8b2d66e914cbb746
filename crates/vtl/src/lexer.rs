//! Character cursor and the token scanner used inside directives (`#if( ... )`, `#set( ... )`)
//! and method arguments, following Velocity 1.7's DIRECTIVE lexical state.
//!
//! Template-level scanning (text, comments, `#` and `$`) lives in the parser, which calls these
//! helpers; references are scanned by the parser because their rules differ from expressions'.

use super::VtlError;
use super::ast::{BinOp, Position};

/// A token of the directive lexical state.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// A string literal with its quotes (`"a$b"`, `'x'`).
    Str(String),
    Int(i64),
    Float(f64),
    True,
    False,
    Op(BinOp),
    Not,
    Assign,
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Colon,
    DotDot,
    /// `$`: a reference starts here (the cursor is left on the `$`).
    Dollar,
    /// A bare word that is no keyword (only valid as `in` of `#foreach` and macro names).
    Word(String),
    Eof,
    /// Anything else.
    Other(char),
}

/// A cursor over template source, with line/column bookkeeping.
pub struct Cursor<'a> {
    /// The source.
    pub src: &'a str,
    /// Current byte offset.
    pub at: usize,
    line_starts: Vec<usize>,
    base: Position,
}

impl<'a> Cursor<'a> {
    /// A cursor over `src` whose first character is at `base` in the enclosing template.
    pub fn new(src: &'a str, base: Position) -> Self {
        let mut line_starts = vec![0];
        for (i, b) in src.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i + 1);
            }
        }
        Cursor {
            src,
            at: 0,
            line_starts,
            base,
        }
    }

    /// Line/column of a byte offset.
    pub fn pos_of(&self, offset: usize) -> Position {
        let idx = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(idx).copied().unwrap_or(0);
        let col = self
            .src
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0) as u32
            + 1;
        let line = idx as u32 + 1;
        if line == 1 {
            Position {
                line: self.base.line,
                col: self.base.col + col - 1,
            }
        } else {
            Position {
                line: self.base.line + line - 1,
                col,
            }
        }
    }

    /// Line/column of the cursor.
    pub fn pos(&self) -> Position {
        self.pos_of(self.at)
    }

    /// An error at the cursor.
    pub fn err(&self, msg: impl Into<String>) -> VtlError {
        VtlError::at(self.pos(), msg)
    }

    /// The rest of the source.
    pub fn rest(&self) -> &'a str {
        self.src.get(self.at..).unwrap_or("")
    }

    /// The character at the cursor.
    pub fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// Whether the rest starts with `s`.
    pub fn starts_with(&self, s: &str) -> bool {
        self.rest().starts_with(s)
    }

    /// Advances by one character.
    pub fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        Some(c)
    }

    /// Advances by `n` bytes (must land on a character boundary).
    pub fn advance(&mut self, n: usize) {
        self.at = (self.at + n).min(self.src.len());
    }

    /// Skips spaces, tabs and line breaks (the WHITESPACE token); true if any.
    pub fn skip_ws(&mut self) -> bool {
        let start = self.at;
        while matches!(self.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.at += 1;
        }
        self.at > start
    }

    /// Consumes `[ \t]*` followed by one line break, if that is what follows; else nothing.
    /// Velocity 1.7 binds this to a directive's closing `)` and to `#end` / `#else`.
    pub fn gobble_line_end(&mut self) {
        let rest = self.rest().as_bytes();
        let mut i = 0;
        while matches!(rest.get(i), Some(b' ' | b'\t')) {
            i += 1;
        }
        match rest.get(i) {
            Some(b'\n') => self.at += i + 1,
            Some(b'\r') => {
                self.at += i + if rest.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                }
            }
            _ => {}
        }
    }

    /// Scans a word `[A-Za-z_@][A-Za-z0-9_@]*` at the cursor without consuming it.
    pub fn word_len(&self) -> usize {
        let b = self.rest().as_bytes();
        match b.first() {
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' || *c == b'@' => {}
            _ => return 0,
        }
        1 + b
            .iter()
            .skip(1)
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'@')
            .count()
    }

    /// Scans a string literal at the cursor (which is on a quote); returns its byte length
    /// including quotes, or None when unterminated. A doubled quote inside is part of it.
    pub fn string_len(&self) -> Option<usize> {
        let b = self.rest().as_bytes();
        let q = *b.first()?;
        let mut i = 1;
        let mut last_valid = None;
        while i < b.len() {
            if b[i] == q {
                if b.get(i + 1) == Some(&q) {
                    last_valid = Some(i + 1);
                    i += 2;
                    continue;
                }
                return Some(i + 1);
            }
            i += 1;
        }
        last_valid
    }

    /// Peeks the next directive-state token after optional whitespace, without consuming.
    pub fn peek_tok(&mut self) -> Result<Token, VtlError> {
        let save = self.at;
        let t = self.next_tok();
        self.at = save;
        t
    }

    /// Scans the next directive-state token, skipping whitespace first.
    pub fn next_tok(&mut self) -> Result<Token, VtlError> {
        self.skip_ws();
        let rest = self.rest();
        let b = rest.as_bytes();
        let Some(&c) = b.first() else {
            return Ok(Token::Eof);
        };
        let two = rest.get(..2).unwrap_or("");
        let tok2 = match two {
            "&&" => Some(Token::Op(BinOp::And)),
            "||" => Some(Token::Op(BinOp::Or)),
            "==" => Some(Token::Op(BinOp::Eq)),
            "!=" => Some(Token::Op(BinOp::Ne)),
            "<=" => Some(Token::Op(BinOp::Le)),
            ">=" => Some(Token::Op(BinOp::Ge)),
            ".." => Some(Token::DotDot),
            _ => None,
        };
        if let Some(t) = tok2 {
            self.at += 2;
            return Ok(t);
        }
        if c.is_ascii_digit() || (c == b'.' && b.get(1).is_some_and(u8::is_ascii_digit)) {
            return self.number();
        }
        if c == b'"' || c == b'\'' {
            let Some(n) = self.string_len() else {
                return Err(self.err("unterminated string literal"));
            };
            let s = rest[..n].to_string();
            self.at += n;
            return Ok(Token::Str(s));
        }
        let wl = self.word_len();
        if wl > 0 {
            let w = &rest[..wl];
            self.at += wl;
            return Ok(match w {
                "true" => Token::True,
                "false" => Token::False,
                "and" => Token::Op(BinOp::And),
                "or" => Token::Op(BinOp::Or),
                "eq" => Token::Op(BinOp::Eq),
                "ne" => Token::Op(BinOp::Ne),
                "lt" => Token::Op(BinOp::Lt),
                "gt" => Token::Op(BinOp::Gt),
                "le" => Token::Op(BinOp::Le),
                "ge" => Token::Op(BinOp::Ge),
                "not" => Token::Not,
                _ => Token::Word(w.to_string()),
            });
        }
        let t = match c {
            b'$' => return Ok(Token::Dollar),
            b'<' => Token::Op(BinOp::Lt),
            b'>' => Token::Op(BinOp::Gt),
            b'+' => Token::Op(BinOp::Add),
            b'-' => Token::Op(BinOp::Sub),
            b'*' => Token::Op(BinOp::Mul),
            b'/' => Token::Op(BinOp::Div),
            b'%' => Token::Op(BinOp::Mod),
            b'!' => Token::Not,
            b'=' => Token::Assign,
            b'(' => Token::LParen,
            b')' => Token::RParen,
            b'[' => Token::LBracket,
            b']' => Token::RBracket,
            b'{' => Token::LBrace,
            b'}' => Token::RBrace,
            b',' => Token::Comma,
            b':' => Token::Colon,
            _ => {
                let ch = self.peek().unwrap_or('\0');
                self.bump();
                return Ok(Token::Other(ch));
            }
        };
        self.at += 1;
        Ok(t)
    }

    /// Scans an integer or floating point literal (`1`, `1.5`, `.5`, `1e3`); `1..3` is an integer
    /// followed by `..`.
    fn number(&mut self) -> Result<Token, VtlError> {
        let b = self.rest().as_bytes();
        let mut i = b.iter().take_while(|c| c.is_ascii_digit()).count();
        let mut float = false;
        if b.get(i) == Some(&b'.') && b.get(i + 1) != Some(&b'.') {
            float = true;
            i += 1;
            i += b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            let mut j = i + 1;
            if matches!(b.get(j), Some(b'+' | b'-')) {
                j += 1;
            }
            let digits = b
                .get(j..)
                .unwrap_or(&[])
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits > 0 {
                float = true;
                i = j + digits;
            }
        }
        let text = &self.rest()[..i];
        let pos = self.pos();
        self.at += i;
        if float {
            text.parse::<f64>()
                .map(Token::Float)
                .map_err(|_| VtlError::at(pos, format!("invalid number `{text}`")))
        } else {
            match text.parse::<i64>() {
                Ok(n) => Ok(Token::Int(n)),
                Err(_) => text
                    .parse::<f64>()
                    .map(Token::Float)
                    .map_err(|_| VtlError::at(pos, format!("invalid number `{text}`"))),
            }
        }
    }
}
