//! Java methods callable from templates on strings, lists, maps, map entries, numbers and
//! booleans (`$s.replaceAll(...)`, `$list.size()`, `$map.keySet()`...), with Java semantics:
//! string indexes count UTF-16 units and out-of-range indexes throw.
//!
//! `call` returns `Ok(None)` when the object has no such method (Velocity then renders the
//! reference literally) and `Err` when the Java method would throw.

use std::rc::Rc;

use super::jregex;
use super::value::Value;

/// Longest string a single method call may build (larger results throw instead of
/// exhausting memory; the interpreter's own budgets apply on top).
pub const MAX_STRING: usize = 16 << 20;

/// The outcome of a method lookup and call.
pub type CallResult = Result<Option<Value>, String>;

/// Calls `name(args)` on `target` (non-host values).
pub fn call(target: &Value, name: &str, args: &[Value]) -> CallResult {
    let r = match target {
        Value::Str(s) => string_method(s, name, args)?,
        Value::List(_) => list_method(target, name, args)?,
        Value::Map(_) => map_method(target, name, args)?,
        Value::Entry(e) => match (name, args) {
            ("getKey", []) => Some(Value::str(&e.0)),
            ("getValue", []) => Some(e.1.clone()),
            _ => None,
        },
        Value::Int(i) => match (name, args) {
            ("intValue", []) => Some(Value::Int(*i as i32 as i64)),
            ("longValue", []) => Some(Value::Int(*i)),
            ("doubleValue" | "floatValue", []) => Some(Value::Float(*i as f64)),
            _ => None,
        },
        Value::Float(f) => match (name, args) {
            ("intValue", []) => Some(Value::Int(*f as i32 as i64)),
            ("longValue", []) => Some(Value::Int(*f as i64)),
            ("doubleValue", []) => Some(Value::Float(*f)),
            ("floatValue", []) => Some(Value::Float(*f as f32 as f64)),
            ("isNaN", []) => Some(Value::Bool(f.is_nan())),
            ("isInfinite", []) => Some(Value::Bool(f.is_infinite())),
            _ => None,
        },
        Value::Bool(b) => match (name, args) {
            ("booleanValue", []) => Some(Value::Bool(*b)),
            _ => None,
        },
        _ => None,
    };
    if r.is_some() {
        return Ok(r);
    }
    Ok(match (name, args) {
        ("toString", []) if !target.is_null() => Some(Value::str(target.java_string())),
        ("equals", [other]) => Some(Value::Bool(
            target.same_kind(other) && target.java_equals(other),
        )),
        ("hashCode", []) if matches!(target, Value::Str(_)) => {
            Some(Value::Int(java_hash(&target.java_string())))
        }
        _ => None,
    })
}

/// Java `String.hashCode`.
fn java_hash(s: &str) -> i64 {
    s.encode_utf16()
        .fold(0i32, |h, u| h.wrapping_mul(31).wrapping_add(u as i32)) as i64
}

/// An int argument (Java would not find the method for other types).
fn int_arg(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        _ => None,
    }
}

/// A string argument (`String` parameters also accept any object's `toString` in
/// Velocity's lenient matching only for strings; other types do not match).
fn str_arg(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.to_string()),
        _ => None,
    }
}

/// UTF-16 units of a string.
fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

/// Finds `needle` in `hay` (UTF-16) at or after `from`.
fn index_of(hay: &[u16], needle: &[u16], from: i64) -> i64 {
    let from = from.max(0) as usize;
    if needle.is_empty() {
        return from.min(hay.len()) as i64;
    }
    (from..=hay.len().saturating_sub(needle.len()))
        .find(|&i| hay.get(i..i + needle.len()) == Some(needle))
        .map_or(-1, |i| i as i64)
}

/// Finds the last `needle` in `hay` (UTF-16) starting at or before `from`.
fn last_index_of(hay: &[u16], needle: &[u16], from: i64) -> i64 {
    if from < 0 || needle.len() > hay.len() {
        return -1;
    }
    let start = (from as usize).min(hay.len() - needle.len());
    (0..=start)
        .rev()
        .find(|&i| hay.get(i..i + needle.len()) == Some(needle))
        .map_or(-1, |i| i as i64)
}

fn string_method(s: &Rc<str>, name: &str, args: &[Value]) -> CallResult {
    let v = match (name, args) {
        ("length", []) => Value::Int(s.encode_utf16().count() as i64),
        ("isEmpty", []) => Value::Bool(s.is_empty()),
        ("toString", []) => Value::Str(s.clone()),
        ("trim", []) => Value::str(s.trim_matches(|c: char| c <= ' ')),
        ("toLowerCase", []) => Value::str(s.to_lowercase()),
        ("toUpperCase", []) => Value::str(s.to_uppercase()),
        ("contains", [x]) => Value::Bool(s.contains(x.java_string().as_str())),
        ("startsWith", [x]) => match str_arg(x) {
            Some(p) => Value::Bool(s.starts_with(p.as_str())),
            None => return Ok(None),
        },
        ("startsWith", [x, off]) => {
            let (Some(p), Some(off)) = (str_arg(x), int_arg(off)) else {
                return Ok(None);
            };
            let units = utf16(s);
            let p = utf16(&p);
            Value::Bool(off >= 0 && units.get(off as usize..).is_some_and(|t| t.starts_with(&p)))
        }
        ("endsWith", [x]) => match str_arg(x) {
            Some(p) => Value::Bool(s.ends_with(p.as_str())),
            None => return Ok(None),
        },
        ("equalsIgnoreCase", [x]) => match x {
            Value::Str(o) => Value::Bool(
                o.chars().count() == s.chars().count()
                    && s.chars().zip(o.chars()).all(|(a, b)| {
                        a == b
                            || a.to_uppercase().eq(b.to_uppercase())
                            || a.to_lowercase().eq(b.to_lowercase())
                    }),
            ),
            _ => Value::Bool(false),
        },
        ("concat", [x]) => match str_arg(x) {
            Some(o) if s.len() + o.len() > MAX_STRING => return Err("result too large".into()),
            Some(o) => Value::str(format!("{s}{o}")),
            None => return Ok(None),
        },
        ("charAt", [i]) => {
            let Some(i) = int_arg(i) else { return Ok(None) };
            let units = utf16(s);
            let unit = usize::try_from(i)
                .ok()
                .and_then(|i| units.get(i))
                .ok_or_else(|| format!("String index out of range: {i}"))?;
            Value::str(String::from_utf16_lossy(&[*unit]))
        }
        ("indexOf" | "lastIndexOf", [x, ..]) if args.len() <= 2 => {
            let needle = match x {
                Value::Str(n) => utf16(n),
                Value::Int(c) => char::from_u32(*c as u32)
                    .map(|c| utf16(&c.to_string()))
                    .unwrap_or_default(),
                _ => return Ok(None),
            };
            let units = utf16(s);
            let from = match args.get(1) {
                Some(f) => match int_arg(f) {
                    Some(f) => Some(f),
                    None => return Ok(None),
                },
                None => None,
            };
            Value::Int(if name == "indexOf" {
                index_of(&units, &needle, from.unwrap_or(0))
            } else {
                last_index_of(&units, &needle, from.unwrap_or(i64::MAX))
            })
        }
        ("substring", [b]) | ("substring", [b, _]) => {
            let units = utf16(s);
            let len = units.len() as i64;
            let Some(b) = int_arg(b) else { return Ok(None) };
            let e = match args.get(1) {
                Some(e) => match int_arg(e) {
                    Some(e) => e,
                    None => return Ok(None),
                },
                None => len,
            };
            if b < 0 || e > len || b > e {
                return Err(format!(
                    "String index out of range: begin {b}, end {e}, length {len}"
                ));
            }
            Value::str(String::from_utf16_lossy(&units[b as usize..e as usize]))
        }
        ("replace", [a, b]) => {
            let (a, b) = (a.java_string(), b.java_string());
            let hits = if a.is_empty() {
                s.chars().count() + 1
            } else {
                s.matches(a.as_str()).count()
            };
            if s.len().saturating_add(hits.saturating_mul(b.len())) > MAX_STRING {
                return Err("result too large".into());
            }
            if a.is_empty() && s.is_empty() {
                Value::str(b)
            } else {
                Value::str(s.replace(a.as_str(), &b))
            }
        }
        ("replaceAll" | "replaceFirst", [p, r]) => {
            let (Some(p), Some(r)) = (str_arg(p), str_arg(r)) else {
                return Ok(None);
            };
            Value::str(jregex::replace(s, &p, &r, name == "replaceAll")?)
        }
        ("matches", [p]) => {
            let Some(p) = str_arg(p) else { return Ok(None) };
            Value::Bool(jregex::compile_whole(&p)?.is_match(s))
        }
        ("split", [p]) | ("split", [p, _]) => {
            let Some(p) = str_arg(p) else { return Ok(None) };
            let limit = match args.get(1) {
                Some(l) => match int_arg(l) {
                    Some(l) => l,
                    None => return Ok(None),
                },
                None => 0,
            };
            Value::list(
                jregex::split(s, &p, limit)?
                    .into_iter()
                    .map(Value::str)
                    .collect(),
            )
        }
        ("compareTo", [Value::Str(o)]) => {
            let (a, b) = (utf16(s), utf16(o));
            let diff = a.iter().zip(b.iter()).find(|(x, y)| x != y);
            Value::Int(match diff {
                Some((x, y)) => *x as i64 - *y as i64,
                None => a.len() as i64 - b.len() as i64,
            })
        }
        ("toCharArray", []) => Value::list(s.chars().map(|c| Value::str(c.to_string())).collect()),
        _ => return Ok(None),
    };
    Ok(Some(v))
}

/// A list index argument, checked against `len` (Java throws otherwise).
fn list_index(v: &Value, len: usize, allow_end: bool) -> Result<Option<usize>, String> {
    let Some(i) = int_arg(v) else { return Ok(None) };
    let max = if allow_end {
        len
    } else {
        len.saturating_sub(1)
    };
    if i < 0 || (i as usize) > max || (!allow_end && len == 0) {
        return Err(format!("Index: {i}, Size: {len}"));
    }
    Ok(Some(i as usize))
}

fn list_method(target: &Value, name: &str, args: &[Value]) -> CallResult {
    let Value::List(l) = target else {
        return Ok(None);
    };
    let Ok(mut items) = l.items.try_borrow_mut() else {
        return Err("concurrent modification of a list".into());
    };
    let v = match (name, args) {
        ("size", []) => Value::Int(items.len() as i64),
        ("isEmpty", []) => Value::Bool(items.is_empty()),
        ("get", [i]) => match list_index(i, items.len(), false)? {
            Some(i) => items.get(i).cloned().unwrap_or(Value::Null),
            None => return Ok(None),
        },
        ("contains", [x]) => Value::Bool(items.iter().any(|v| v.same_kind(x) && v.java_equals(x))),
        ("indexOf", [x]) => Value::Int(
            items
                .iter()
                .position(|v| v.same_kind(x) && v.java_equals(x))
                .map_or(-1, |i| i as i64),
        ),
        ("add", [x]) => {
            items.push(x.clone());
            Value::Bool(true)
        }
        ("add", [i, x]) => match list_index(i, items.len(), true)? {
            Some(i) => {
                items.insert(i, x.clone());
                Value::Null
            }
            None => return Ok(None),
        },
        ("addAll", [Value::List(other)]) => {
            let extra: Vec<Value> = match other.items.try_borrow() {
                Ok(o) => o.clone(),
                Err(_) => items.clone(),
            };
            items.extend(extra);
            Value::Bool(true)
        }
        ("set", [i, x]) => match list_index(i, items.len(), false)? {
            Some(i) => std::mem::replace(&mut items[i], x.clone()),
            None => return Ok(None),
        },
        ("remove", [Value::Int(_)]) => match list_index(&args[0], items.len(), false)? {
            Some(i) => items.remove(i),
            None => return Ok(None),
        },
        ("remove", [x]) => match items
            .iter()
            .position(|v| v.same_kind(x) && v.java_equals(x))
        {
            Some(i) => {
                items.remove(i);
                Value::Bool(true)
            }
            None => Value::Bool(false),
        },
        ("clear", []) => {
            items.clear();
            Value::Null
        }
        ("subList", [a, b]) => {
            let (Some(a), Some(b)) = (int_arg(a), int_arg(b)) else {
                return Ok(None);
            };
            if a < 0 || b as usize > items.len() || a > b {
                return Err(format!(
                    "subList({a}, {b}) out of range for size {}",
                    items.len()
                ));
            }
            Value::list(items[a as usize..b as usize].to_vec())
        }
        _ => return Ok(None),
    };
    Ok(Some(v))
}

fn map_method(target: &Value, name: &str, args: &[Value]) -> CallResult {
    let Value::Map(m) = target else {
        return Ok(None);
    };
    let Ok(mut map) = m.try_borrow_mut() else {
        return Err("concurrent modification of a map".into());
    };
    let key = |v: &Value| v.java_string();
    let v = match (name, args) {
        ("get", [k]) => map.get(&key(k)).cloned().unwrap_or(Value::Null),
        ("getOrDefault", [k, d]) => map.get(&key(k)).cloned().unwrap_or_else(|| d.clone()),
        ("containsKey", [k]) => Value::Bool(map.contains_key(&key(k))),
        ("containsValue", [x]) => {
            Value::Bool(map.values().any(|v| v.same_kind(x) && v.java_equals(x)))
        }
        ("put", [k, v]) => map.insert(key(k), v.clone()).unwrap_or(Value::Null),
        ("putAll", [Value::Map(other)]) => {
            let extra: Vec<(String, Value)> = match other.try_borrow() {
                Ok(o) => o.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                Err(_) => Vec::new(),
            };
            map.extend(extra);
            Value::Null
        }
        ("remove", [k]) => map.shift_remove(&key(k)).unwrap_or(Value::Null),
        ("size", []) => Value::Int(map.len() as i64),
        ("isEmpty", []) => Value::Bool(map.is_empty()),
        ("keySet", []) => Value::list(map.keys().map(Value::str).collect()),
        ("values", []) => Value::list(map.values().cloned().collect()),
        ("entrySet", []) => Value::list(
            map.iter()
                .map(|(k, v)| Value::Entry(Rc::new((k.clone(), v.clone()))))
                .collect(),
        ),
        ("clear", []) => {
            map.clear();
            Value::Null
        }
        _ => return Ok(None),
    };
    Ok(Some(v))
}
