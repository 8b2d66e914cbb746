//! Runtime values of the interpreter, modelled on the Java objects Velocity handles: strings,
//! numbers (Integer/Long as `Int`, Double as `Float`), booleans, mutable shared lists and maps,
//! map entries, and host objects (`$input`, `$util`, `$foreach`, `#define` blocks).
//!
//! Printing follows Java's `toString` (`{a=1, b=2}`, `[1, 2]`, `1.0E10`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;

use indexmap::IndexMap;

use super::ast::Node;

/// A shared, mutable map (Java `LinkedHashMap<String, Object>`).
pub type MapRef = Rc<MapObj>;

/// The map behind [`MapRef`]; derefs to its `RefCell`.
#[derive(Debug, Default)]
pub struct MapObj(pub RefCell<IndexMap<String, Value>>);

impl std::ops::Deref for MapObj {
    type Target = RefCell<IndexMap<String, Value>>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

/// Moves the children of a value that is about to be dropped (if this was the last
/// reference) onto `stack`, so deep structures are freed without recursion.
fn drain_into(v: Value, stack: &mut Vec<Value>) {
    match v {
        Value::List(rc) => {
            if let Ok(obj) = Rc::try_unwrap(rc) {
                stack.extend(std::mem::take(&mut *obj.items.borrow_mut()));
            }
        }
        Value::Map(rc) => {
            if let Ok(obj) = Rc::try_unwrap(rc) {
                stack.extend(std::mem::take(&mut *obj.0.borrow_mut()).into_values());
            }
        }
        Value::Entry(rc) => {
            if let Ok((_, v)) = Rc::try_unwrap(rc) {
                stack.push(v);
            }
        }
        _ => {}
    }
}

impl Drop for ListObj {
    fn drop(&mut self) {
        let mut stack = std::mem::take(self.items.get_mut());
        while let Some(v) = stack.pop() {
            drain_into(v, &mut stack);
        }
    }
}

impl Drop for MapObj {
    fn drop(&mut self) {
        let mut stack: Vec<Value> = std::mem::take(self.0.get_mut()).into_values().collect();
        while let Some(v) = stack.pop() {
            drain_into(v, &mut stack);
        }
    }
}

/// A shared, mutable list (Java `ArrayList`).
#[derive(Debug)]
pub struct ListObj {
    /// The items.
    pub items: RefCell<Vec<Value>>,
    /// Printed as JSON rather than Java style (lists that come from `$input.path`).
    pub json: bool,
}

/// A value.
#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    List(Rc<ListObj>),
    Map(MapRef),
    /// A `Map.Entry` from `entrySet()`.
    Entry(Rc<(String, Value)>),
    /// `$input`.
    Input,
    /// `$util`.
    Util,
    /// `$foreach` of a running loop.
    Foreach(Rc<ForeachScope>),
    /// A `#define` block reference, rendered when used.
    Block(Rc<BlockRef>),
}

/// Loop state behind `$foreach`.
#[derive(Debug)]
pub struct ForeachScope {
    /// 0-based index of the current item.
    pub index: Cell<i64>,
    /// Whether another item follows.
    pub has_next: Cell<bool>,
    /// The `$foreach` of the enclosing loop, if any.
    pub parent: Value,
    /// Identity used by `#break($foreach)`.
    pub id: u64,
}

/// A `#define` block.
#[derive(Debug)]
pub struct BlockRef {
    /// The block's name (without `$`).
    pub name: String,
    /// Its body.
    pub body: Arc<Vec<Node>>,
    /// Current rendering depth (Velocity stops past 2 nested renders).
    pub depth: Cell<u32>,
    /// Identity used by `#break`.
    pub id: u64,
}

impl Value {
    /// A string value.
    pub fn str(s: impl AsRef<str>) -> Value {
        Value::Str(Rc::from(s.as_ref()))
    }

    /// A new Java-style list.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(ListObj {
            items: RefCell::new(items),
            json: false,
        }))
    }

    /// A new map.
    pub fn map(m: IndexMap<String, Value>) -> Value {
        Value::Map(Rc::new(MapObj(RefCell::new(m))))
    }

    /// Whether this is null.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Numeric view, for Java `Number`s.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// Whether this is a Java `Number`.
    pub fn is_number(&self) -> bool {
        matches!(self, Value::Int(_) | Value::Float(_))
    }

    /// Converts JSON into values; `json_lists` marks lists to print as JSON.
    pub fn from_json(v: &serde_json::Value, json_lists: bool) -> Value {
        match v {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => Value::str(s),
            serde_json::Value::Array(a) => Value::List(Rc::new(ListObj {
                items: RefCell::new(a.iter().map(|x| Value::from_json(x, json_lists)).collect()),
                json: json_lists,
            })),
            serde_json::Value::Object(o) => Value::map(
                o.iter()
                    .map(|(k, x)| (k.clone(), Value::from_json(x, json_lists)))
                    .collect(),
            ),
        }
    }

    /// Converts to JSON (host objects become their printed form); cycles become null.
    pub fn to_json(&self) -> serde_json::Value {
        self.to_json_depth(0)
    }

    fn to_json_depth(&self, depth: usize) -> serde_json::Value {
        use serde_json::Value as J;
        if depth > MAX_PRINT_DEPTH {
            return J::Null;
        }
        match self {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.to_string()),
            Value::List(l) => J::Array(
                l.items
                    .borrow()
                    .iter()
                    .map(|v| v.to_json_depth(depth + 1))
                    .collect(),
            ),
            Value::Map(m) => J::Object(
                m.borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json_depth(depth + 1)))
                    .collect(),
            ),
            other => J::String(other.java_string()),
        }
    }

    /// Java `toString()` of the value (`null` for null).
    pub fn java_string(&self) -> String {
        let mut out = String::new();
        self.write_java(&mut out, 0);
        out
    }

    fn write_java(&self, out: &mut String, depth: usize) {
        if depth > MAX_PRINT_DEPTH {
            out.push_str("...");
            return;
        }
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => out.push_str(&i.to_string()),
            Value::Float(f) => out.push_str(&java_double(*f)),
            Value::Str(s) => out.push_str(s),
            Value::List(l) if l.json => out.push_str(&self.to_json().to_string()),
            Value::List(l) => {
                out.push('[');
                let Ok(items) = l.items.try_borrow() else {
                    return out.push_str("(this Collection)]");
                };
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    if let Value::List(inner) = v
                        && Rc::ptr_eq(inner, l)
                    {
                        out.push_str("(this Collection)");
                        continue;
                    }
                    v.write_java(out, depth + 1);
                }
                out.push(']');
            }
            Value::Map(m) => {
                out.push('{');
                let Ok(map) = m.try_borrow() else {
                    return out.push_str("(this Map)}");
                };
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(k);
                    out.push('=');
                    if let Value::Map(inner) = v
                        && Rc::ptr_eq(inner, m)
                    {
                        out.push_str("(this Map)");
                        continue;
                    }
                    v.write_java(out, depth + 1);
                }
                out.push('}');
            }
            Value::Entry(e) => {
                out.push_str(&e.0);
                out.push('=');
                e.1.write_java(out, depth + 1);
            }
            Value::Input => out.push_str("$input"),
            Value::Util => out.push_str("$util"),
            Value::Foreach(_) => out.push_str("$foreach"),
            Value::Block(b) => {
                out.push('$');
                out.push_str(&b.name);
            }
        }
    }

    /// Java `equals` between values of the same kind (numbers compare numerically).
    pub fn java_equals(&self, other: &Value) -> bool {
        self.eq_depth(other, 0)
    }

    fn eq_depth(&self, other: &Value, depth: usize) -> bool {
        if depth > MAX_PRINT_DEPTH {
            return false;
        }
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (a, b) if a.is_number() && b.is_number() => a.as_f64() == b.as_f64(),
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::List(a), Value::List(b)) => {
                if Rc::ptr_eq(a, b) {
                    return true;
                }
                let (Ok(a), Ok(b)) = (a.items.try_borrow(), b.items.try_borrow()) else {
                    return false;
                };
                a.len() == b.len()
                    && a.iter()
                        .zip(b.iter())
                        .all(|(x, y)| x.eq_depth(y, depth + 1))
            }
            (Value::Map(a), Value::Map(b)) => {
                if Rc::ptr_eq(a, b) {
                    return true;
                }
                let (Ok(a), Ok(b)) = (a.try_borrow(), b.try_borrow()) else {
                    return false;
                };
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| b.get(k).is_some_and(|w| v.eq_depth(w, depth + 1)))
            }
            (Value::Entry(a), Value::Entry(b)) => a.0 == b.0 && a.1.eq_depth(&b.1, depth + 1),
            (Value::Input, Value::Input) | (Value::Util, Value::Util) => true,
            (Value::Foreach(a), Value::Foreach(b)) => Rc::ptr_eq(a, b),
            (Value::Block(a), Value::Block(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// Whether both values are of the same Java class family (for `==`).
    pub fn same_kind(&self, other: &Value) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
            || (self.is_number() && other.is_number())
    }
}

/// Deepest nesting printed or compared before giving up (guards against cycles).
pub const MAX_PRINT_DEPTH: usize = 64;

/// Java `Double.toString`.
pub fn java_double(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    let a = f.abs();
    if (1e-3..1e7).contains(&a) {
        let s = format!("{f}");
        if s.contains('.') { s } else { format!("{s}.0") }
    } else {
        let s = format!("{f:e}");
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let mantissa = if mantissa.contains('.') {
            mantissa.to_string()
        } else {
            format!("{mantissa}.0")
        };
        format!("{mantissa}E{exp}")
    }
}
