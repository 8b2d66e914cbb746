//! The syntax tree of a string with variables (`${source, fallback}`), and its printer.
//!
//! Positions are byte offsets: `start`/`end` relative to the text the variable was found in
//! (the whole string, or the parameter/address it is nested in), `abs_start`/`abs_end`
//! relative to the whole string that was parsed (for spans).

/// A literal value: a quoted string, a number, `true`/`false`/`null`, or the raw text of a
/// parameter/address.
#[derive(Clone, Debug, PartialEq)]
pub enum Lit {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
}

impl Lit {
    /// JavaScript truthiness (SF drops falsy parameter values: `file(0)` has no parameter).
    pub fn is_truthy(&self) -> bool {
        match self {
            Lit::Null => false,
            Lit::Bool(b) => *b,
            Lit::Num(n) => *n != 0.0 && !n.is_nan(),
            Lit::Str(s) => !s.is_empty(),
        }
    }
}

/// A parameter or an address: a plain value, or raw text holding nested variables.
#[derive(Clone, Debug, PartialEq)]
pub struct Meta {
    /// The literal, or (when `vars` is not empty) the raw text the variables are in.
    pub value: Lit,
    pub vars: Vec<Var>,
}

impl Meta {
    pub fn plain(value: Lit) -> Self {
        Meta {
            value,
            vars: Vec::new(),
        }
    }
}

/// One source of a variable: `type(params):address`, or a literal fallback.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    Literal(Lit),
    Typed {
        ty: String,
        /// `None` without parentheses; `Some(vec![])` for `file()`.
        params: Option<Vec<Meta>>,
        address: Option<Meta>,
    },
}

/// What a `${...}` (or an escape) stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    /// `\${` (or a run of backslashes before `${`): replaced by this text.
    Escape(String),
    /// The sources, first choice then fallbacks.
    Sources(Vec<Source>),
}

/// One variable (or escape) found in a string.
#[derive(Clone, Debug, PartialEq)]
pub struct Var {
    pub start: usize,
    pub end: usize,
    pub abs_start: usize,
    pub abs_end: usize,
    pub body: Body,
}

/// Whether `vars` is exactly one variable spanning all of `text` (its value keeps its type).
pub fn is_whole(vars: &[Var], text_len: usize) -> bool {
    matches!(vars, [v] if v.start == 0 && v.end == text_len)
}

/// Prints a variable back to source form (canonical spacing: `, ` between sources).
pub fn print_var(var: &Var) -> String {
    match &var.body {
        Body::Escape(s) => format!("{s}{{"),
        Body::Sources(sources) => {
            let parts: Vec<String> = sources.iter().map(print_source).collect();
            format!("${{{}}}", parts.join(", "))
        }
    }
}

fn print_source(source: &Source) -> String {
    match source {
        Source::Literal(l) => print_lit(l),
        Source::Typed {
            ty,
            params,
            address,
        } => {
            let mut out = ty.clone();
            if let Some(params) = params {
                let ps: Vec<String> = params.iter().map(|m| print_meta(m, true)).collect();
                out.push('(');
                out.push_str(&ps.join(", "));
                out.push(')');
            }
            match address {
                Some(a) => {
                    out.push(':');
                    out.push_str(&print_meta(a, false));
                }
                None if params.is_none() => out.push(':'),
                None => {}
            }
            out
        }
    }
}

fn print_meta(meta: &Meta, is_param: bool) -> String {
    match (&meta.value, meta.vars.is_empty()) {
        (Lit::Str(raw), false) => raw.clone(),
        (Lit::Str(s), true) if is_bare(s, is_param) => s.clone(),
        (Lit::Str(s), true) => quote(s),
        (other, _) => print_lit(other),
    }
}

/// Whether a string parameter/address reads back the same without quotes.
fn is_bare(s: &str, is_param: bool) -> bool {
    let special = |c: char| matches!(c, ',' | '}' | '$' | '\'' | '"' | ')') || c.is_whitespace();
    !s.is_empty()
        && !s.contains(special)
        && !s.starts_with(':')
        && !(is_param
            && (matches!(s, "true" | "false" | "null") || super::coerce::js_number(s).is_some()))
}

fn print_lit(lit: &Lit) -> String {
    match lit {
        Lit::Null => "null".into(),
        Lit::Bool(b) => b.to_string(),
        Lit::Num(n) => crate::load::node::js_number_string(*n),
        Lit::Str(s) => quote(s),
    }
}

fn quote(s: &str) -> String {
    if s.contains('\'') {
        serde_json::to_string(s).unwrap_or_default()
    } else {
        format!("'{s}'")
    }
}
