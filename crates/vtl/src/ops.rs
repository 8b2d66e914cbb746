//! Operators on values: Java arithmetic (integer vs float, null on division by zero or
//! non-numbers), indexing (`$list[-1]`, `$map["k"]`), and operator helpers.

use super::ast::{BinOp, Expr};
use super::value::Value;

/// `$v[idx]`: list position (negative from the end) or map key.
pub fn index(v: &Value, idx: &Value) -> Value {
    match (v, idx) {
        (Value::List(l), Value::Int(i)) => {
            let Ok(items) = l.items.try_borrow() else {
                return Value::Null;
            };
            let i = if *i < 0 { items.len() as i64 + i } else { *i };
            usize::try_from(i)
                .ok()
                .and_then(|i| items.get(i).cloned())
                .unwrap_or(Value::Null)
        }
        (Value::Map(m), k) if !k.is_null() => m
            .try_borrow()
            .ok()
            .and_then(|m| m.get(&k.java_string()).cloned())
            .unwrap_or(Value::Null),
        _ => Value::Null,
    }
}

pub fn is_comparison(op: BinOp) -> bool {
    matches!(
        op,
        BinOp::Eq | BinOp::Ne | BinOp::Lt | BinOp::Gt | BinOp::Le | BinOp::Ge
    )
}

/// The source text Velocity substitutes for a null operand of `+`.
pub fn literal(e: &Expr) -> String {
    match e {
        Expr::Ref(r) => r.literal.clone(),
        _ => "null".into(),
    }
}

/// Java arithmetic on numbers; null when an operand is not a number or on division by zero.
pub fn arith(op: BinOp, l: &Value, r: &Value) -> Value {
    match (l, r) {
        (Value::Int(a), Value::Int(b)) => {
            let (a, b) = (*a, *b);
            let exact = match op {
                BinOp::Add => a.checked_add(b),
                BinOp::Sub => a.checked_sub(b),
                BinOp::Mul => a.checked_mul(b),
                BinOp::Div if b == 0 => return Value::Null,
                BinOp::Div => a.checked_div(b),
                BinOp::Mod if b == 0 => return Value::Null,
                BinOp::Mod => a.checked_rem(b),
                _ => return Value::Null,
            };
            match exact {
                Some(n) => Value::Int(n),
                None => arith(op, &Value::Float(a as f64), &Value::Float(b as f64)),
            }
        }
        (a, b) if a.is_number() && b.is_number() => {
            let (a, b) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            Value::Float(match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                BinOp::Div if b == 0.0 => return Value::Null,
                BinOp::Div => a / b,
                BinOp::Mod if b == 0.0 => return Value::Null,
                BinOp::Mod => a % b,
                _ => return Value::Null,
            })
        }
        _ => Value::Null,
    }
}
