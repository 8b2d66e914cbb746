//! The syntax tree of a parsed VTL template: text, references, directives and expressions.
//!
//! Built once by the parser, shared read-only by every render (so it is `Send + Sync`).

use std::sync::Arc;

/// A 1-based line and column (in characters) of the template source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub col: u32,
}

/// A statement of a template body.
#[derive(Debug, Clone)]
pub enum Node {
    /// Text copied to the output as is.
    Text(String),
    /// A reference rendered into the output (`$x`, `$!x.y()`, `\$x`).
    Ref(Box<RefNode>),
    /// `#set($target = value)`.
    Set {
        target: Reference,
        value: Expr,
        pos: Position,
    },
    /// `#if (...) ... #elseif (...) ... #else ... #end`.
    If {
        branches: Vec<(Expr, Vec<Node>)>,
        otherwise: Option<Vec<Node>>,
    },
    /// `#foreach($var in iterable) ... #end`.
    Foreach {
        var: String,
        iterable: Expr,
        body: Vec<Node>,
        pos: Position,
    },
    /// `#define($name) ... #end`: binds a lazily rendered block.
    Define { name: String, body: Arc<Vec<Node>> },
    /// `#macro(name $a $b) ... #end`: renders nothing; registers the macro when reached.
    MacroDef,
    /// `#name(args)` where `name` is no built-in directive: a macro call, or literal text
    /// (`source`) when no macro of that name exists when it runs.
    MacroCall {
        name: String,
        args: Vec<Expr>,
        source: String,
        pos: Position,
    },
    /// `#break` or `#break($scope)`.
    Break { scope: Option<Expr> },
    /// `#stop`.
    Stop,
}

/// A user macro.
#[derive(Debug)]
pub struct MacroDef {
    /// Its name (`#name(...)` calls it).
    pub name: String,
    /// Parameter names, without `$`.
    pub params: Vec<String>,
    /// The body.
    pub body: Vec<Node>,
}

/// A reference in text position, with what Velocity needs to render it.
#[derive(Debug, Clone)]
pub struct RefNode {
    /// The reference itself.
    pub reference: Reference,
    /// Number of backslashes written before the `$`.
    pub backslashes: usize,
}

/// `$root.part.part(args)[index]`.
#[derive(Debug, Clone)]
pub struct Reference {
    /// Variable name, without `$`.
    pub root: String,
    /// Properties, method calls and indexes applied in order.
    pub parts: Vec<Part>,
    /// `$!x`: renders empty when null.
    pub quiet: bool,
    /// The source text (`$!{a.b}`), rendered when the value is null.
    pub literal: String,
    /// Where it starts.
    pub pos: Position,
}

/// One step of a reference.
#[derive(Debug, Clone)]
pub enum Part {
    /// `.name`
    Prop(String),
    /// `.name(args)`
    Method(String, Vec<Expr>),
    /// `[expr]`
    Index(Expr),
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Or,
    And,
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

/// An expression (inside directives and method arguments).
#[derive(Debug, Clone)]
pub enum Expr {
    /// A string literal; `interpolated` holds the parsed template of an interpolated
    /// double-quoted literal (its source plus one space, as Velocity parses it).
    Str {
        text: String,
        interpolated: Option<Arc<InterpolatedString>>,
    },
    Int(i64),
    Float(f64),
    Bool(bool),
    Ref(Box<Reference>),
    List(Vec<Expr>),
    Map(Vec<(Expr, Expr)>),
    Range(Box<Expr>, Box<Expr>, Position),
    Binary(BinOp, Box<Expr>, Box<Expr>, Position),
    Not(Box<Expr>),
    /// `( expr )`
    Paren(Box<Expr>),
}

/// The parsed body of an interpolated string literal.
#[derive(Debug)]
pub struct InterpolatedString {
    /// The nodes of `text + " "`.
    pub nodes: Vec<Node>,
    /// Whether the literal contains `##` (then the trailing character is kept).
    pub has_line_comment: bool,
}
