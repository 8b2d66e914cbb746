//! The state machine's main loop (one step per byte), kept apart from its helpers.

use super::{Parser, RawMeta, RawSource, St, is_alnum, is_alpha, is_type, js_trim};
use crate::vars::ast::Lit;

impl Parser<'_> {
    pub(super) fn run(&mut self) -> Result<(), super::ParseError> {
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

    fn step(&mut self, c: u8) -> Result<(), super::ParseError> {
        let i = self.index;
        match self.state {
            St::Out => {
                if c == b'\\' {
                    if self.escape_var_start.is_none() {
                        self.escape_var_start = Some(i);
                    }
                    self.state = St::EscapeVar;
                } else if c == b'$' {
                    self.variable_start = i;
                    self.state = St::MaybeVariableOpen;
                } else {
                    self.escape_var_start = None;
                }
            }
            St::EscapeVar => {
                if c == b'$' {
                    self.state = St::EscapeVarDollar;
                } else {
                    if c != b'\\' {
                        self.escape_var_start = None;
                    }
                    self.state = St::Out;
                }
            }
            St::EscapeVarDollar => {
                if c == b'{' {
                    self.register_escape(i, true);
                    self.state = St::Out;
                } else {
                    self.escape_var_start = None;
                    if c == b'\\' {
                        self.escape_var_start = Some(i);
                        self.state = St::EscapeVar;
                    } else if c == b'$' {
                        self.variable_start = i;
                        self.state = St::MaybeVariableOpen;
                    } else {
                        self.state = St::Out;
                    }
                }
            }
            St::MaybeVariableOpen => {
                if c == b'{' {
                    if self.escape_var_start.is_some() {
                        self.register_escape(i - 1, false);
                    }
                    self.state = St::MaybeTypeStart;
                } else {
                    self.escape_var_start = None;
                    if c != b'$' {
                        self.release_context();
                    }
                }
            }
            St::MaybeTypeStart => {
                if is_alpha(c) {
                    self.source_start = i;
                    self.state = St::MaybeType;
                } else if self.in_non_foreign() {
                    return Err(self.invalid("type", i));
                } else if c == b'}' {
                    self.release_context();
                } else {
                    self.state = St::Foreign;
                    if c == b'$' {
                        self.register_default_context()?;
                    }
                }
            }
            St::MaybeNextSourceStart => {
                if c == b' ' {
                    return Ok(());
                }
                self.source_start = i;
                if is_alnum(c) {
                    self.state = St::TypeOrSourceLiteral;
                } else if c == b'"' {
                    self.string_context = St::AfterSourceLiteralString;
                    self.state = St::DoubleQuotedString;
                } else if c == b'\'' {
                    self.string_context = St::AfterSourceLiteralString;
                    self.state = St::SingleQuotedString;
                } else {
                    return Err(self.invalid("source", i));
                }
            }
            St::MaybeType => {
                if c == b':' {
                    self.set_type(false);
                } else if c == b'(' {
                    self.set_type(true);
                } else if !is_alnum(c) {
                    if self.in_non_foreign() {
                        return Err(self.invalid("type", self.source_start));
                    }
                    if c == b'}' {
                        self.release_context();
                    } else {
                        self.state = St::Foreign;
                        if c == b'$' {
                            self.register_default_context()?;
                        }
                    }
                }
            }
            St::TypeOrSourceLiteral => {
                if c == b' ' {
                    return Ok(());
                }
                if c == b':' || c == b'(' {
                    let ty = self.slice(self.source_start, i);
                    if !is_type(ty) {
                        return Err(self.invalid("source", self.source_start));
                    }
                    self.set_type(c == b'(');
                } else if c == b'}' {
                    let lit = js_trim(self.slice(self.source_start, i)).to_string();
                    let lit = self.literal(&lit, false)?;
                    self.current_source = Some(RawSource {
                        literal: Some(lit),
                        ..RawSource::default()
                    });
                    self.finalize_variable();
                } else if !is_alnum(c) {
                    return Err(self.invalid("source", self.source_start));
                }
            }
            St::ParamStart => {
                if c == b' ' {
                    return Ok(());
                }
                if c == b')' {
                    self.state = St::MaybeAddressOpen;
                } else if c == b',' {
                    self.push_param(RawMeta {
                        value: Lit::Null,
                        vars: None,
                    });
                } else if c == b'}' {
                    return Err(self.invalid("param", i));
                } else {
                    self.param_start = i;
                    if c == b'"' {
                        self.string_context = St::AfterParamString;
                        self.state = St::DoubleQuotedString;
                    } else if c == b'\'' {
                        self.string_context = St::AfterParamString;
                        self.state = St::SingleQuotedString;
                    } else {
                        self.state = St::Param;
                        self.context_variables = None;
                        if c == b'$' {
                            self.register_context(self.param_start)?;
                        }
                    }
                }
            }
            St::Param => {
                if c == b')' || c == b',' {
                    let raw = js_trim(self.slice(self.param_start, i)).to_string();
                    if c == b',' || !raw.is_empty() {
                        let value = if self.context_variables.is_none() {
                            self.literal(&raw, true)?
                        } else {
                            Lit::Str(raw)
                        };
                        let meta = self.meta(value);
                        self.push_param(meta);
                    }
                    self.state = if c == b')' {
                        St::MaybeAddressOpen
                    } else {
                        St::ParamStart
                    };
                } else if c == b'}' {
                    return Err(self.invalid("param", self.param_start));
                } else if c == b'$' {
                    self.register_context(self.param_start)?;
                }
            }
            St::AfterParamString => {
                if c == b' ' {
                    return Ok(());
                }
                if c == b')' || c == b',' {
                    let s = self.parse_string(self.param_start)?;
                    self.push_param(RawMeta {
                        value: Lit::Str(s),
                        vars: None,
                    });
                    self.state = if c == b')' {
                        St::MaybeAddressOpen
                    } else {
                        St::ParamStart
                    };
                } else {
                    return Err(self.invalid("param", self.param_start));
                }
            }
            St::MaybeAddressOpen => {
                if c == b' ' {
                    return Ok(());
                }
                match c {
                    b':' => self.state = St::MaybeAddressStart,
                    b'}' => self.finalize_variable(),
                    b',' => self.finalize_source(),
                    _ => return Err(self.invalid("address", i)),
                }
            }
            St::MaybeAddressStart => self.maybe_address_start(c)?,
            St::Address => {
                if c == b'}' || c == b',' {
                    let raw = js_trim(self.slice(self.address_start, i)).to_string();
                    let meta = self.meta(Lit::Str(raw));
                    self.set_address(meta);
                    if c == b'}' {
                        self.finalize_variable();
                    } else {
                        self.finalize_source();
                    }
                } else if c == b'$' {
                    self.register_context(self.address_start)?;
                }
            }
            St::AfterAddressString => {
                if c == b' ' {
                    return Ok(());
                }
                if c == b'}' || c == b',' {
                    let s = self.parse_string(self.address_start)?;
                    self.set_address(RawMeta {
                        value: Lit::Str(s),
                        vars: None,
                    });
                    if c == b'}' {
                        self.finalize_variable();
                    } else {
                        self.finalize_source();
                    }
                } else {
                    return Err(self.invalid("address", self.address_start));
                }
            }
            St::AfterSourceLiteralString => {
                if c == b' ' {
                    return Ok(());
                }
                if c == b'}' {
                    let s = self.parse_string(self.source_start)?;
                    self.current_source = Some(RawSource {
                        literal: Some(Lit::Str(s)),
                        ..RawSource::default()
                    });
                    self.finalize_variable();
                } else {
                    return Err(self.invalid("source", self.source_start));
                }
            }
            St::Foreign => {
                if c == b'}' {
                    self.release_context();
                } else if c == b'$' {
                    self.register_default_context()?;
                }
            }
            St::EscapeString => self.state = St::DoubleQuotedString,
            St::DoubleQuotedString => {
                if c == b'"' {
                    self.state = self.string_context;
                } else if c == b'\\' {
                    self.state = St::EscapeString;
                }
            }
            St::SingleQuotedString => {
                if c == b'\'' {
                    self.state = self.string_context;
                }
            }
        }
        Ok(())
    }

    fn maybe_address_start(&mut self, c: u8) -> Result<(), super::ParseError> {
        let i = self.index;
        match c {
            b' ' => {}
            b'}' => self.finalize_variable(),
            b',' => self.finalize_source(),
            _ => {
                self.address_start = i;
                if c == b':' {
                    let no_params = self
                        .current_source
                        .as_ref()
                        .is_none_or(|s| s.params.is_none());
                    if no_params && !self.in_non_foreign() {
                        self.current_source = None;
                        self.state = St::Foreign;
                    } else {
                        return Err(self.invalid("address", i));
                    }
                } else if c == b'"' {
                    self.string_context = St::AfterAddressString;
                    self.state = St::DoubleQuotedString;
                } else if c == b'\'' {
                    self.string_context = St::AfterAddressString;
                    self.state = St::SingleQuotedString;
                } else {
                    self.state = St::Address;
                    self.context_variables = None;
                    if c == b'$' {
                        self.register_context(self.address_start)?;
                    }
                }
            }
        }
        Ok(())
    }
}
