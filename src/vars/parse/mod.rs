//! The variable grammar: the same state machine Serverless Framework v3 runs over each string
//! (`${type(params):address, fallback}`, `\${` escapes, foreign `${AWS::Region}` left alone),
//! so every quirk (what is foreign, what is an error, where a variable starts) matches.

use super::ast::{Lit, Var};
use super::coerce::js_number;

/// Deepest nesting of variables inside parameters/addresses (guards the recursion that follows).
pub const MAX_NEST: usize = 32;

/// A syntax error: SF's message and the byte offset it points at.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    pub index: usize,
    pub message: String,
    /// The nesting guard, not SF's grammar, refused the string.
    pub too_deep: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum ScanState {
    Out,
    EscapeVar,
    EscapeVarDollar,
    MaybeVariableOpen,
    MaybeTypeStart,
    MaybeNextSourceStart,
    MaybeType,
    TypeOrSourceLiteral,
    ParamStart,
    Param,
    AfterParamString,
    MaybeAddressOpen,
    MaybeAddressStart,
    Address,
    AfterAddressString,
    AfterSourceLiteralString,
    Foreign,
    EscapeString,
    DoubleQuotedString,
    SingleQuotedString,
}

type ListId = usize;

#[derive(Clone)]
struct RawMeta {
    value: Lit,
    vars: Option<ListId>,
}

#[derive(Clone, Default)]
struct RawSource {
    ty: Option<String>,
    literal: Option<Lit>,
    params: Option<Vec<RawMeta>>,
    address: Option<RawMeta>,
}

struct RawVar {
    start: usize,
    end: usize,
    abs_start: usize,
    abs_end: usize,
    escape: Option<String>,
    sources: Vec<RawSource>,
}

struct SavedContext {
    state: ScanState,
    variable_start: usize,
    context_start: usize,
    variables: Option<ListId>,
    context_variables: Option<ListId>,
    current_source: Option<RawSource>,
    sources: Option<Vec<RawSource>>,
}

struct Parser<'a> {
    value: &'a str,
    index: usize,
    state: ScanState,
    string_context: ScanState,
    variables: Option<ListId>,
    sources: Option<Vec<RawSource>>,
    contexts: Vec<SavedContext>,
    current_source: Option<RawSource>,
    context_start: usize,
    context_variables: Option<ListId>,
    escape_var_start: Option<usize>,
    variable_start: usize,
    source_start: usize,
    param_start: usize,
    address_start: usize,
    lists: Vec<Vec<RawVar>>,
}

/// Finds the variables in `value`: `Ok(None)` when there are none (foreign `${...}` only count
/// when they hold a variable).
pub fn parse(value: &str) -> Result<Option<Vec<Var>>, ParseError> {
    // every variable, escape and syntax error starts at a `${` (most strings have none)
    if !value.contains("${") {
        return Ok(None);
    }
    let mut p = Parser {
        value,
        index: 0,
        state: ScanState::Out,
        string_context: ScanState::Out,
        variables: None,
        sources: None,
        contexts: Vec::new(),
        current_source: None,
        context_start: 0,
        context_variables: None,
        escape_var_start: None,
        variable_start: 0,
        source_start: 0,
        param_start: 0,
        address_start: 0,
        lists: Vec::new(),
    };
    p.run()?;
    if p.current_source.is_some() || p.sources.is_some() {
        return Err(p.err(
            value.len(),
            format!("Missing variable closing bracket in {value}"),
        ));
    }
    let Some(id) = p.variables else {
        return Ok(None);
    };
    let vars = p.build_list(id);
    Ok(if vars.is_empty() { None } else { Some(vars) })
}

fn is_alpha(c: u8) -> bool {
    c.is_ascii_lowercase()
}

fn is_alnum(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'.' || c == b'-'
}

/// `^[a-z][a-zA-Z0-9]*$`
pub fn is_type(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty() && is_alpha(b[0]) && b[1..].iter().all(u8::is_ascii_alphanumeric)
}

/// JavaScript's `String.prototype.trim`.
pub fn js_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

impl Parser<'_> {
    fn err(&self, index: usize, message: String) -> ParseError {
        ParseError {
            index,
            message,
            too_deep: false,
        }
    }

    fn slice(&self, from: usize, to: usize) -> &str {
        self.value.get(from..to).unwrap_or("")
    }

    fn new_list(&mut self) -> ListId {
        self.lists.push(Vec::new());
        self.lists.len() - 1
    }

    fn push_var(&mut self, var: RawVar) {
        let id = match self.variables {
            Some(id) => id,
            None => {
                let id = self.new_list();
                self.variables = Some(id);
                id
            }
        };
        if let Some(list) = self.lists.get_mut(id) {
            list.push(var);
        }
    }

    fn finalize_source(&mut self) {
        if let Some(s) = self.current_source.take() {
            self.sources.get_or_insert_with(Vec::new).push(s);
        }
        self.state = ScanState::MaybeNextSourceStart;
    }

    fn finalize_variable(&mut self) {
        self.finalize_source();
        let var = RawVar {
            start: self.variable_start.saturating_sub(self.context_start),
            end: (self.index + 1).saturating_sub(self.context_start),
            abs_start: self.variable_start,
            abs_end: self.index + 1,
            escape: None,
            sources: self.sources.take().unwrap_or_default(),
        };
        self.push_var(var);
        self.release_context();
    }

    fn register_escape(&mut self, end: usize, dollar: bool) {
        let start = self.escape_var_start.unwrap_or(0);
        let n = self.index.saturating_sub(start + 1) as isize - 1;
        let count = if n <= 0 { 0 } else { (n as usize).div_ceil(2) };
        let mut text = "\\".repeat(count);
        if dollar {
            text.push('$');
        }
        let var = RawVar {
            start: start.saturating_sub(self.context_start),
            end: end.saturating_sub(self.context_start),
            abs_start: start,
            abs_end: end,
            escape: Some(text),
            sources: Vec::new(),
        };
        self.push_var(var);
        self.escape_var_start = None;
    }

    fn register_context(&mut self, new_context_start: usize) -> Result<(), ParseError> {
        if self.contexts.len() >= MAX_NEST {
            return Err(ParseError {
                index: self.index,
                message: format!(
                    "Variables nested more than {MAX_NEST} levels deep at index {} in \"{}\"",
                    self.index, self.value
                ),
                too_deep: true,
            });
        }
        if self.variables.is_none() {
            self.variables = Some(self.new_list());
        }
        if new_context_start != 0 && self.context_variables.is_none() {
            self.context_variables = Some(self.new_list());
        }
        self.contexts.push(SavedContext {
            state: self.state,
            variable_start: self.variable_start,
            context_start: self.context_start,
            variables: self.variables,
            context_variables: self.context_variables,
            // SF keeps the outer source current too (an unterminated inner variable is an error)
            current_source: self.current_source.clone(),
            sources: self.sources.take(),
        });
        self.state = ScanState::MaybeVariableOpen;
        self.variable_start = self.index;
        if new_context_start != 0 {
            self.context_start = new_context_start;
            self.variables = self.context_variables;
        }
        Ok(())
    }

    fn register_default_context(&mut self) -> Result<(), ParseError> {
        self.register_context(self.context_start)
    }

    fn release_context(&mut self) {
        let Some(c) = self.contexts.pop() else {
            self.state = ScanState::Out;
            return;
        };
        self.state = c.state;
        self.variable_start = c.variable_start;
        self.variables = c.variables;
        self.context_variables = c.context_variables;
        self.current_source = c.current_source;
        self.sources = c.sources;
        if self.state == ScanState::Param {
            self.param_start = self.context_start;
        }
        if self.state == ScanState::Address {
            self.address_start = self.context_start;
        }
        self.context_start = c.context_start;
    }

    fn in_non_foreign(&self) -> bool {
        self.contexts.iter().any(|c| c.state != ScanState::Foreign)
    }

    fn parse_string(&self, start: usize) -> Result<String, ParseError> {
        let raw = self.slice(start, self.index);
        if raw.starts_with('\'') {
            let t = js_trim(raw);
            return Ok(t
                .get(1..t.len().saturating_sub(1))
                .unwrap_or("")
                .to_string());
        }
        serde_json::from_str::<String>(raw).map_err(|e| {
            self.err(
                start,
                format!(
                    "Invalid string literal at index {start} in \"{}\": {e}",
                    self.value
                ),
            )
        })
    }

    fn literal(&self, literal: &str, fallback_to_input: bool) -> Result<Lit, ParseError> {
        Ok(match literal {
            "true" => Lit::Bool(true),
            "false" => Lit::Bool(false),
            "null" => Lit::Null,
            _ => match js_number(literal) {
                Some(n) => Lit::Num(n),
                None if fallback_to_input => Lit::Str(literal.to_string()),
                None => {
                    return Err(self.err(
                        self.source_start,
                        format!(
                            "Invalid literal source \"{literal}\" at index {} in \"{}\"",
                            self.source_start, self.value
                        ),
                    ));
                }
            },
        })
    }

    fn meta(&self, value: Lit) -> RawMeta {
        let vars = self
            .context_variables
            .filter(|id| self.lists.get(*id).is_some_and(|l| !l.is_empty()));
        let value = if value.is_truthy() { value } else { Lit::Null };
        RawMeta { value, vars }
    }

    fn set_type(&mut self, with_params: bool) {
        let ty = self.slice(self.source_start, self.index).to_string();
        self.current_source = Some(RawSource {
            ty: Some(ty),
            params: with_params.then(Vec::new),
            ..RawSource::default()
        });
        self.state = if with_params {
            ScanState::ParamStart
        } else {
            ScanState::MaybeAddressStart
        };
    }

    fn push_param(&mut self, meta: RawMeta) {
        if let Some(ps) = self.current_source.as_mut().and_then(|s| s.params.as_mut()) {
            ps.push(meta);
        }
    }

    fn set_address(&mut self, meta: RawMeta) {
        if let Some(s) = self.current_source.as_mut() {
            s.address = Some(meta);
        }
    }
}

mod build;
mod run;
