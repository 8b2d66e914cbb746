//! Expression evaluation with Velocity 1.7 semantics: references (properties, methods,
//! indexes), `#set` targets, truthiness (only references, booleans and logical/comparison
//! nodes can be true), `==` (numbers numerically, same classes by `equals`, else by
//! `toString`), Java integer/float arithmetic (division by zero gives null), `+` on strings.
//!
//! Methods of `$input`, `$util` and `$foreach` are dispatched here; others in `methods.rs`.

use super::VtlError;
use super::apigw::{self, Body};
use super::ast::{BinOp, Expr, Part, Position, Reference};
use super::interp::Interpreter;
use super::methods;
use super::ops::{arith, index, is_comparison, literal};
use super::value::Value;

impl Interpreter<'_> {
    /// Evaluates an expression to a value.
    pub fn eval(&mut self, e: &Expr) -> Result<Value, VtlError> {
        Ok(match e {
            Expr::Str {
                text,
                interpolated: None,
            } => Value::str(text),
            Expr::Str {
                interpolated: Some(ip),
                ..
            } => {
                let mut buf = String::new();
                self.render(&ip.nodes, &mut buf, Position::default())?;
                if !ip.has_line_comment {
                    buf.pop();
                }
                Value::str(buf)
            }
            Expr::Int(i) => Value::Int(*i),
            Expr::Float(f) => Value::Float(*f),
            Expr::Bool(b) => Value::Bool(*b),
            Expr::Ref(r) => self.eval_ref(r)?,
            Expr::List(items) => {
                let mut v = Vec::with_capacity(items.len());
                for i in items {
                    v.push(self.eval(i)?);
                }
                Value::list(v)
            }
            Expr::Map(entries) => {
                let mut m = indexmap::IndexMap::new();
                for (k, v) in entries {
                    let k = self.eval(k)?.java_string();
                    let v = self.eval(v)?;
                    m.insert(k, v);
                }
                Value::map(m)
            }
            Expr::Range(a, b, pos) => {
                let (Value::Int(a), Value::Int(b)) = (self.eval(a)?, self.eval(b)?) else {
                    return Ok(Value::Null);
                };
                let len = a.abs_diff(b).saturating_add(1);
                if len > self.limits.max_range as u64 {
                    return Err(VtlError::at(
                        *pos,
                        format!("range [{a}..{b}] exceeds {} items", self.limits.max_range),
                    ));
                }
                let items = if a <= b {
                    (a..=b).map(Value::Int).collect()
                } else {
                    (b..=a).rev().map(Value::Int).collect()
                };
                Value::list(items)
            }
            Expr::Binary(op, l, r, pos) => self.binary(*op, l, r, *pos)?,
            Expr::Not(inner) => Value::Bool(!self.truthy(inner)?),
            Expr::Paren(inner) => self.eval(inner)?,
        })
    }

    /// Velocity's `evaluate()`: whether an `#if` condition holds.
    pub fn truthy(&mut self, e: &Expr) -> Result<bool, VtlError> {
        Ok(match e {
            Expr::Ref(r) => match self.eval_ref(r)? {
                Value::Null => false,
                Value::Bool(b) => b,
                Value::Block(b) => self.block_string(&b, r.pos)?.is_some(),
                _ => true,
            },
            Expr::Bool(b) => *b,
            Expr::Binary(BinOp::And, l, r, _) => self.truthy(l)? && self.truthy(r)?,
            Expr::Binary(BinOp::Or, l, r, _) => self.truthy(l)? || self.truthy(r)?,
            Expr::Binary(op, l, r, pos) if is_comparison(*op) => self.compare(*op, l, r, *pos)?,
            Expr::Not(inner) => !self.truthy(inner)?,
            Expr::Paren(inner) => self.truthy(inner)?,
            _ => false,
        })
    }

    fn binary(&mut self, op: BinOp, l: &Expr, r: &Expr, pos: Position) -> Result<Value, VtlError> {
        match op {
            BinOp::And => return Ok(Value::Bool(self.truthy(l)? && self.truthy(r)?)),
            BinOp::Or => return Ok(Value::Bool(self.truthy(l)? || self.truthy(r)?)),
            op if is_comparison(op) => return Ok(Value::Bool(self.compare(op, l, r, pos)?)),
            _ => {}
        }
        let lv = self.eval(l)?;
        let rv = self.eval(r)?;
        if op == BinOp::Add && (matches!(lv, Value::Str(_)) || matches!(rv, Value::Str(_))) {
            let ls = if lv.is_null() {
                literal(l)
            } else {
                self.string_of(lv, pos)?.unwrap_or_default()
            };
            let rs = if rv.is_null() {
                literal(r)
            } else {
                self.string_of(rv, pos)?.unwrap_or_default()
            };
            self.charge(ls.len() + rs.len(), pos)?;
            return Ok(Value::str(ls + &rs));
        }
        Ok(arith(op, &lv, &rv))
    }

    /// `==`, `!=`, `<`, `>`, `<=`, `>=`.
    fn compare(&mut self, op: BinOp, l: &Expr, r: &Expr, pos: Position) -> Result<bool, VtlError> {
        let lv = self.eval(l)?;
        let rv = self.eval(r)?;
        if matches!(op, BinOp::Eq | BinOp::Ne) {
            let eq = self.equals(lv, rv, pos)?;
            return Ok(if op == BinOp::Eq { eq } else { !eq });
        }
        let ord = match (&lv, &rv) {
            (Value::Int(a), Value::Int(b)) => a.cmp(b),
            (a, b) if a.is_number() && b.is_number() => {
                match a
                    .as_f64()
                    .unwrap_or(0.0)
                    .partial_cmp(&b.as_f64().unwrap_or(0.0))
                {
                    Some(o) => o,
                    None => return Ok(false),
                }
            }
            _ => return Ok(false),
        };
        Ok(match op {
            BinOp::Lt => ord.is_lt(),
            BinOp::Gt => ord.is_gt(),
            BinOp::Le => ord.is_le(),
            _ => ord.is_ge(),
        })
    }

    /// Velocity's `==`.
    fn equals(&mut self, l: Value, r: Value, pos: Position) -> Result<bool, VtlError> {
        if l.is_number() && r.is_number() {
            return Ok(l.java_equals(&r));
        }
        if !l.is_null() && !r.is_null() && l.same_kind(&r) && !matches!(l, Value::Block(_)) {
            return Ok(l.java_equals(&r));
        }
        let ls = self.string_of(l, pos)?;
        let rs = self.string_of(r, pos)?;
        Ok(ls == rs)
    }

    /// `toString()` of a value, rendering blocks; None for null.
    pub fn string_of(&mut self, v: Value, pos: Position) -> Result<Option<String>, VtlError> {
        match v {
            Value::Null => Ok(None),
            Value::Block(b) => self.block_string(&b, pos),
            v => Ok(Some(v.java_string())),
        }
    }

    /// Evaluates a reference; null when any step is null or unknown.
    pub fn eval_ref(&mut self, r: &Reference) -> Result<Value, VtlError> {
        let mut v = self.var(&r.root);
        for part in &r.parts {
            if v.is_null() {
                return Ok(Value::Null);
            }
            v = self.apply(&v, part, r.pos)?;
        }
        Ok(v)
    }

    /// Applies one property / method / index step.
    fn apply(&mut self, v: &Value, part: &Part, pos: Position) -> Result<Value, VtlError> {
        match part {
            Part::Prop(name) => self.property(v, name, pos),
            Part::Method(name, args) => {
                let mut values = Vec::with_capacity(args.len());
                for a in args {
                    let x = self.eval(a)?;
                    values.push(self.resolve_block(x, pos)?);
                }
                self.step(pos)?;
                let result = self.method(v, name, &values, pos)?.unwrap_or(Value::Null);
                if let Value::Str(s) = &result {
                    self.charge(s.len(), pos)?;
                }
                Ok(result)
            }
            Part::Index(e) => {
                let idx = self.eval(e)?;
                Ok(index(v, &idx))
            }
        }
    }

    /// `$v.name`: map key, or a `getName()` / `isName()` getter.
    fn property(&mut self, v: &Value, name: &str, pos: Position) -> Result<Value, VtlError> {
        match v {
            Value::Map(m) => {
                return Ok(m
                    .try_borrow()
                    .ok()
                    .and_then(|m| m.get(name).cloned())
                    .unwrap_or(Value::Null));
            }
            Value::Entry(e) if name == "key" => return Ok(Value::str(&e.0)),
            Value::Entry(e) if name == "value" => return Ok(e.1.clone()),
            Value::Foreach(s) => {
                return Ok(match name {
                    "index" => Value::Int(s.index.get()),
                    "count" => Value::Int(s.index.get() + 1),
                    "hasNext" => Value::Bool(s.has_next.get()),
                    "first" => Value::Bool(s.index.get() == 0),
                    "last" => Value::Bool(!s.has_next.get()),
                    "parent" => s.parent.clone(),
                    _ => Value::Null,
                });
            }
            Value::Input if name == "body" => return Ok(Value::str(self.body_src)),
            _ => {}
        }
        let mut cap = name.to_string();
        if let Some(first) = cap.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        for getter in [format!("get{cap}"), format!("is{cap}")] {
            if let Some(x) = self.method(v, &getter, &[], pos)? {
                return Ok(x);
            }
        }
        Ok(Value::Null)
    }

    /// Calls a method; Ok(None) when there is no such method.
    fn method(
        &mut self,
        v: &Value,
        name: &str,
        args: &[Value],
        pos: Position,
    ) -> Result<Option<Value>, VtlError> {
        let thrown = |m: String| VtlError::at(pos, format!("{name}() failed: {m}"));
        match v {
            Value::Input => self.input_method(name, args, pos),
            Value::Util => apigw::util_method(name, args).map_err(thrown),
            Value::Foreach(s) => Ok(match (name, args) {
                ("hasNext" | "getHasNext", []) => Some(Value::Bool(s.has_next.get())),
                ("getIndex", []) => Some(Value::Int(s.index.get())),
                ("getCount", []) => Some(Value::Int(s.index.get() + 1)),
                ("isFirst" | "getFirst", []) => Some(Value::Bool(s.index.get() == 0)),
                ("isLast" | "getLast", []) => Some(Value::Bool(!s.has_next.get())),
                ("getParent", []) => Some(s.parent.clone()),
                _ => None,
            }),
            Value::Block(b) => match (name, args) {
                ("toString", []) => Ok(self.block_string(&b.clone(), pos)?.map(Value::str)),
                _ => Ok(None),
            },
            _ => methods::call(v, name, args).map_err(thrown),
        }
    }

    /// `$input.json()`, `$input.path()`, `$input.params()`, `$input.body`.
    fn input_method(
        &mut self,
        name: &str,
        args: &[Value],
        pos: Position,
    ) -> Result<Option<Value>, VtlError> {
        Ok(Some(match (name, args) {
            ("getBody", []) => Value::str(self.body_src),
            ("params", []) => apigw::params_value(self.ctx),
            ("params", [n]) => apigw::param(self.ctx, &n.java_string()),
            ("json" | "path", [p]) => {
                let body = self
                    .body
                    .get_or_insert_with(|| Body::parse(self.body_src))
                    .clone();
                let root = match body {
                    Body::Json(v) => v,
                    Body::Invalid(msg) => return Err(VtlError::at(pos, msg)),
                };
                let found =
                    apigw::json_path(&root, &p.java_string()).map_err(|m| VtlError::at(pos, m))?;
                match (name, found) {
                    ("json", Some(v)) => Value::str(v.to_string()),
                    ("json", None) => Value::str("\"\""),
                    (_, Some(v)) => Value::from_json(&v, true),
                    (_, None) => Value::str(""),
                }
            }
            _ => return Ok(None),
        }))
    }

    /// `#set($target = v)`.
    pub fn assign(&mut self, target: &Reference, v: Value) -> Result<(), VtlError> {
        let Some((last, init)) = target.parts.split_last() else {
            self.force(&target.root);
            self.vars.insert(target.root.clone(), v);
            return Ok(());
        };
        let mut obj = self.var(&target.root);
        for part in init {
            if obj.is_null() {
                return Ok(());
            }
            obj = self.apply(&obj, part, target.pos)?;
        }
        match (last, &obj) {
            (Part::Prop(name), Value::Map(m)) => {
                if let Ok(mut m) = m.try_borrow_mut() {
                    m.insert(name.clone(), v);
                }
            }
            (Part::Index(e), Value::Map(m)) => {
                let k = self.eval(e)?.java_string();
                if let Ok(mut m) = m.try_borrow_mut() {
                    m.insert(k, v);
                }
            }
            (Part::Index(e), Value::List(l)) => {
                if let Value::Int(i) = self.eval(e)?
                    && let Ok(mut items) = l.items.try_borrow_mut()
                {
                    let len = items.len() as i64;
                    let i = if i < 0 { len + i } else { i };
                    match usize::try_from(i).ok().and_then(|i| items.get_mut(i)) {
                        Some(slot) => *slot = v,
                        None => {
                            return Err(VtlError::at(
                                target.pos,
                                format!("Index: {i}, Size: {len}"),
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}
