//! The state machine's main loop: one step per byte, one method per state.

use super::{Parser, RawMeta, RawSource, ScanState, is_alnum, is_alpha, is_type, js_trim};
use crate::vars::ast::Lit;

type StepResult = Result<(), super::ParseError>;

impl Parser<'_> {
    pub(super) fn run(&mut self) -> StepResult {
        let bytes = self.value.as_bytes();
        self.index = 0;
        while self.index < bytes.len() {
            let c = bytes[self.index];
            self.step(c)?;
            self.index += 1;
        }
        Ok(())
    }

    fn invalid(&self, what: &str, at: usize) -> super::ParseError {
        self.err(
            at,
            format!(
                "Invalid variable {what} at index {at} in \"{}\"",
                self.value
            ),
        )
    }

    /// Takes byte `c` (at `self.index`) in the current state.
    fn step(&mut self, c: u8) -> StepResult {
        match self.state {
            ScanState::Out => self.out(c),
            ScanState::EscapeVar => self.escape_var(c),
            ScanState::EscapeVarDollar => self.escape_var_dollar(c),
            ScanState::MaybeVariableOpen => self.maybe_variable_open(c),
            ScanState::MaybeTypeStart => self.maybe_type_start(c),
            ScanState::MaybeNextSourceStart => self.maybe_next_source_start(c),
            ScanState::MaybeType => self.maybe_type(c),
            ScanState::TypeOrSourceLiteral => self.type_or_source_literal(c),
            ScanState::ParamStart => self.param_start(c),
            ScanState::Param => self.param(c),
            ScanState::AfterParamString => self.after_param_string(c),
            ScanState::MaybeAddressOpen => self.maybe_address_open(c),
            ScanState::MaybeAddressStart => self.maybe_address_start(c),
            ScanState::Address => self.address(c),
            ScanState::AfterAddressString => self.after_address_string(c),
            ScanState::AfterSourceLiteralString => self.after_source_literal_string(c),
            ScanState::Foreign => self.foreign(c),
            ScanState::EscapeString => self.escape_string(),
            ScanState::DoubleQuotedString => self.double_quoted_string(c),
            ScanState::SingleQuotedString => self.single_quoted_string(c),
        }
    }

    fn out(&mut self, c: u8) -> StepResult {
        if c == b'\\' {
            if self.escape_var_start.is_none() {
                self.escape_var_start = Some(self.index);
            }
            self.state = ScanState::EscapeVar;
        } else if c == b'$' {
            self.open_variable();
        } else {
            self.escape_var_start = None;
        }
        Ok(())
    }

    fn escape_var(&mut self, c: u8) -> StepResult {
        if c == b'$' {
            self.state = ScanState::EscapeVarDollar;
        } else {
            if c != b'\\' {
                self.escape_var_start = None;
            }
            self.state = ScanState::Out;
        }
        Ok(())
    }

    fn escape_var_dollar(&mut self, c: u8) -> StepResult {
        if c == b'{' {
            self.register_escape(self.index, true);
            self.state = ScanState::Out;
            return Ok(());
        }
        self.escape_var_start = None;
        if c == b'\\' {
            self.escape_var_start = Some(self.index);
            self.state = ScanState::EscapeVar;
        } else if c == b'$' {
            self.open_variable();
        } else {
            self.state = ScanState::Out;
        }
        Ok(())
    }

    /// A `$` that may open a variable.
    fn open_variable(&mut self) {
        self.variable_start = self.index;
        self.state = ScanState::MaybeVariableOpen;
    }

    fn maybe_variable_open(&mut self, c: u8) -> StepResult {
        if c == b'{' {
            if self.escape_var_start.is_some() {
                self.register_escape(self.index - 1, false);
            }
            self.state = ScanState::MaybeTypeStart;
        } else {
            self.escape_var_start = None;
            if c != b'$' {
                self.release_context();
            }
        }
        Ok(())
    }

    fn maybe_type_start(&mut self, c: u8) -> StepResult {
        if is_alpha(c) {
            self.source_start = self.index;
            self.state = ScanState::MaybeType;
            Ok(())
        } else if self.in_non_foreign() {
            Err(self.invalid("type", self.index))
        } else {
            self.foreign_or_closed(c)
        }
    }

    /// After `${` and what cannot be a variable's type: `}` closes a foreign `${...}`, anything
    /// else makes it foreign (a `$` in it may still open a variable).
    fn foreign_or_closed(&mut self, c: u8) -> StepResult {
        if c == b'}' {
            self.release_context();
        } else {
            self.state = ScanState::Foreign;
            if c == b'$' {
                self.register_default_context()?;
            }
        }
        Ok(())
    }

    fn maybe_next_source_start(&mut self, c: u8) -> StepResult {
        if c == b' ' {
            return Ok(());
        }
        self.source_start = self.index;
        if is_alnum(c) {
            self.state = ScanState::TypeOrSourceLiteral;
        } else if !self.open_string(c, ScanState::AfterSourceLiteralString) {
            return Err(self.invalid("source", self.index));
        }
        Ok(())
    }

    /// Enters the string that quote `c` opens, to continue in `after` once it is closed;
    /// `false` when `c` is no quote.
    fn open_string(&mut self, c: u8, after: ScanState) -> bool {
        self.state = match c {
            b'"' => ScanState::DoubleQuotedString,
            b'\'' => ScanState::SingleQuotedString,
            _ => return false,
        };
        self.string_context = after;
        true
    }

    fn maybe_type(&mut self, c: u8) -> StepResult {
        if c == b':' {
            self.set_type(false);
        } else if c == b'(' {
            self.set_type(true);
        } else if !is_alnum(c) {
            if self.in_non_foreign() {
                return Err(self.invalid("type", self.source_start));
            }
            return self.foreign_or_closed(c);
        }
        Ok(())
    }

    fn type_or_source_literal(&mut self, c: u8) -> StepResult {
        if c == b' ' {
            return Ok(());
        }
        if c == b':' || c == b'(' {
            let ty = self.slice(self.source_start, self.index);
            if !is_type(ty) {
                return Err(self.invalid("source", self.source_start));
            }
            self.set_type(c == b'(');
        } else if c == b'}' {
            let lit = js_trim(self.slice(self.source_start, self.index)).to_string();
            let lit = self.literal(&lit, false)?;
            self.close_with_literal_source(lit);
        } else if !is_alnum(c) {
            return Err(self.invalid("source", self.source_start));
        }
        Ok(())
    }

    /// `}` after a literal source (`${self:a, 'fallback'}`): the variable ends with it.
    fn close_with_literal_source(&mut self, literal: Lit) {
        self.current_source = Some(RawSource {
            literal: Some(literal),
            ..RawSource::default()
        });
        self.finalize_variable();
    }

    fn param_start(&mut self, c: u8) -> StepResult {
        match c {
            b' ' => {}
            b')' => self.state = ScanState::MaybeAddressOpen,
            b',' => self.push_param(RawMeta {
                value: Lit::Null,
                vars: None,
            }),
            b'}' => return Err(self.invalid("param", self.index)),
            _ => {
                self.param_start = self.index;
                if !self.open_string(c, ScanState::AfterParamString) {
                    self.state = ScanState::Param;
                    self.context_variables = None;
                    if c == b'$' {
                        self.register_context(self.param_start)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn param(&mut self, c: u8) -> StepResult {
        match c {
            b')' | b',' => {
                let raw = js_trim(self.slice(self.param_start, self.index)).to_string();
                if c == b',' || !raw.is_empty() {
                    let value = if self.context_variables.is_none() {
                        self.literal(&raw, true)?
                    } else {
                        Lit::Str(raw)
                    };
                    let meta = self.meta(value);
                    self.push_param(meta);
                }
                self.end_param(c);
            }
            b'}' => return Err(self.invalid("param", self.param_start)),
            b'$' => self.register_context(self.param_start)?,
            _ => {}
        }
        Ok(())
    }

    fn after_param_string(&mut self, c: u8) -> StepResult {
        match c {
            b' ' => {}
            b')' | b',' => {
                let s = self.parse_string(self.param_start)?;
                self.push_param(RawMeta {
                    value: Lit::Str(s),
                    vars: None,
                });
                self.end_param(c);
            }
            _ => return Err(self.invalid("param", self.param_start)),
        }
        Ok(())
    }

    /// After a parameter: `)` ends the list, `,` starts the next one.
    fn end_param(&mut self, c: u8) {
        self.state = if c == b')' {
            ScanState::MaybeAddressOpen
        } else {
            ScanState::ParamStart
        };
    }

    fn maybe_address_open(&mut self, c: u8) -> StepResult {
        match c {
            b' ' => {}
            b':' => self.state = ScanState::MaybeAddressStart,
            b'}' => self.finalize_variable(),
            b',' => self.finalize_source(),
            _ => return Err(self.invalid("address", self.index)),
        }
        Ok(())
    }

    fn maybe_address_start(&mut self, c: u8) -> StepResult {
        let i = self.index;
        match c {
            b' ' => {}
            b'}' => self.finalize_variable(),
            b',' => self.finalize_source(),
            b':' => {
                self.address_start = i;
                let no_params = self
                    .current_source
                    .as_ref()
                    .is_none_or(|s| s.params.is_none());
                if no_params && !self.in_non_foreign() {
                    self.current_source = None;
                    self.state = ScanState::Foreign;
                } else {
                    return Err(self.invalid("address", i));
                }
            }
            _ => {
                self.address_start = i;
                if !self.open_string(c, ScanState::AfterAddressString) {
                    self.state = ScanState::Address;
                    self.context_variables = None;
                    if c == b'$' {
                        self.register_context(self.address_start)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn address(&mut self, c: u8) -> StepResult {
        match c {
            b'}' | b',' => {
                let raw = js_trim(self.slice(self.address_start, self.index)).to_string();
                let meta = self.meta(Lit::Str(raw));
                self.end_address(meta, c);
            }
            b'$' => self.register_context(self.address_start)?,
            _ => {}
        }
        Ok(())
    }

    fn after_address_string(&mut self, c: u8) -> StepResult {
        match c {
            b' ' => {}
            b'}' | b',' => {
                let s = self.parse_string(self.address_start)?;
                let meta = RawMeta {
                    value: Lit::Str(s),
                    vars: None,
                };
                self.end_address(meta, c);
            }
            _ => return Err(self.invalid("address", self.address_start)),
        }
        Ok(())
    }

    /// Sets the source's address; `}` then ends the variable, `,` the source.
    fn end_address(&mut self, address: RawMeta, c: u8) {
        self.set_address(address);
        if c == b'}' {
            self.finalize_variable();
        } else {
            self.finalize_source();
        }
    }

    fn after_source_literal_string(&mut self, c: u8) -> StepResult {
        match c {
            b' ' => {}
            b'}' => {
                let s = self.parse_string(self.source_start)?;
                self.close_with_literal_source(Lit::Str(s));
            }
            _ => return Err(self.invalid("source", self.source_start)),
        }
        Ok(())
    }

    fn foreign(&mut self, c: u8) -> StepResult {
        if c == b'}' {
            self.release_context();
        } else if c == b'$' {
            self.register_default_context()?;
        }
        Ok(())
    }

    /// The character after a `\\` in a double-quoted string.
    fn escape_string(&mut self) -> StepResult {
        self.state = ScanState::DoubleQuotedString;
        Ok(())
    }

    fn double_quoted_string(&mut self, c: u8) -> StepResult {
        if c == b'"' {
            self.state = self.string_context;
        } else if c == b'\\' {
            self.state = ScanState::EscapeString;
        }
        Ok(())
    }

    fn single_quoted_string(&mut self, c: u8) -> StepResult {
        if c == b'\'' {
            self.state = self.string_context;
        }
        Ok(())
    }
}
