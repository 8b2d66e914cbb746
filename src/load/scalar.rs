//! Typing of plain YAML scalars the way js-yaml's default schema does (what Serverless
//! Framework v3 reads configs with): YAML 1.2 core types plus timestamps.

use super::node::Value;

/// The value of a plain (unquoted, untagged) scalar.
pub fn resolve_plain(s: &str) -> Value {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let first = s.as_bytes()[0];
    if first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.') {
        if let Some(v) = parse_int(s) {
            return v;
        }
        if let Some(f) = parse_float(s) {
            return Value::Float(f);
        }
        if let Some(ts) = parse_timestamp(s) {
            return Value::Str(ts);
        }
    }
    Value::Str(s.to_string())
}

/// Whether a plain scalar is a timestamp (js-yaml turns it into a Date).
pub fn is_timestamp(s: &str) -> bool {
    s.as_bytes().first().is_some_and(u8::is_ascii_digit) && parse_timestamp(s).is_some()
}

fn parse_int(s: &str) -> Option<Value> {
    let (neg, body) = match s.as_bytes()[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let (radix, digits) = if let Some(d) = body.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = body.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = body.strip_prefix("0b") {
        (2, d)
    } else {
        (10, body)
    };
    if digits.is_empty() || digits.starts_with('_') || digits.ends_with('_') {
        return None;
    }
    if !digits.chars().all(|c| c == '_' || c.is_digit(radix)) {
        return None;
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    match i64::from_str_radix(&clean, radix) {
        Ok(v) => Some(Value::Int(if neg { -v } else { v })),
        // Too large for i64: JavaScript keeps it as a (lossy) double.
        Err(_) => {
            let mut f = 0f64;
            for c in clean.chars() {
                f = f * radix as f64 + c.to_digit(radix)? as f64;
            }
            Some(Value::Float(if neg { -f } else { f }))
        }
    }
}

fn parse_float(s: &str) -> Option<f64> {
    let (neg, body) = match s.as_bytes()[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let sign = if neg { -1.0 } else { 1.0 };
    match body {
        ".inf" | ".Inf" | ".INF" => return Some(sign * f64::INFINITY),
        ".nan" | ".NaN" | ".NAN" if s == body => return Some(f64::NAN),
        _ => {}
    }
    // [-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)? or [-+]?\.[0-9_]+(?:[eE][-+]?[0-9]+)?
    let b = body.as_bytes();
    let mut i = 0;
    let int_start = i;
    while i < b.len() && (b[i].is_ascii_digit() || (b[i] == b'_' && i > int_start)) {
        i += 1;
    }
    let had_int = i > int_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let fs = i;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            i += 1;
        }
        if !had_int && i == fs {
            return None;
        }
    } else if !had_int {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let es = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == es {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    let clean: String = body.chars().filter(|c| *c != '_').collect();
    clean.parse::<f64>().ok().map(|f| sign * f)
}

/// `YYYY-MM-DD` or `YYYY-M-D[Tt ]h:mm:ss[.frac][Z|±hh[:mm]]` → ISO string as `Date#toISOString`.
fn parse_timestamp(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let num = |from: usize, to: usize| -> Option<i64> {
        let part = s.get(from..to)?;
        if part.is_empty() || !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    if b.len() < 8 || b.get(4) != Some(&b'-') {
        return None;
    }
    let year = num(0, 4)?;
    // month and day: 1 or 2 digits (exactly 2 for the date-only form)
    let mut i = 5;
    let ms = i;
    while i < b.len() && b[i].is_ascii_digit() && i - ms < 2 {
        i += 1;
    }
    let month = num(ms, i)?;
    if b.get(i) != Some(&b'-') {
        return None;
    }
    i += 1;
    let ds = i;
    while i < b.len() && b[i].is_ascii_digit() && i - ds < 2 {
        i += 1;
    }
    let day = num(ds, i)?;
    let (mut hour, mut min, mut sec, mut millis, mut offset_min) = (0, 0, 0, 0i64, 0i64);
    if i == b.len() {
        if s.len() != 10 {
            return None;
        }
    } else {
        // time part
        if b[i] == b'T' || b[i] == b't' {
            i += 1;
        } else if b[i] == b' ' || b[i] == b'\t' {
            while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
                i += 1;
            }
        } else {
            return None;
        }
        let hs = i;
        while i < b.len() && b[i].is_ascii_digit() && i - hs < 2 {
            i += 1;
        }
        hour = num(hs, i)?;
        if b.get(i) != Some(&b':') {
            return None;
        }
        min = num(i + 1, i + 3)?;
        if b.get(i + 3) != Some(&b':') {
            return None;
        }
        sec = num(i + 4, i + 6)?;
        i += 6;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let fs = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let frac = &s[fs..i];
            let mut digits: String = frac.chars().take(3).collect();
            while digits.len() < 3 {
                digits.push('0');
            }
            millis = digits.parse().ok()?;
        }
        while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
            i += 1;
        }
        if i < b.len() {
            if b[i] == b'Z' && i + 1 == b.len() {
                i += 1;
            } else if b[i] == b'+' || b[i] == b'-' {
                let sign = if b[i] == b'-' { -1 } else { 1 };
                i += 1;
                let hs = i;
                while i < b.len() && b[i].is_ascii_digit() && i - hs < 2 {
                    i += 1;
                }
                let oh = num(hs, i)?;
                let mut om = 0;
                if i < b.len() {
                    if b[i] == b':' {
                        i += 1;
                    }
                    om = num(i, i + 2)?;
                    i += 2;
                }
                offset_min = sign * (oh * 60 + om);
            }
            if i != b.len() {
                return None;
            }
        }
    }
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || min > 59 || sec > 60 {
        return None;
    }
    let days = crate::common::time::days_from_civil(year, month, day);
    let total = ((days * 24 + hour) * 60 + min - offset_min) * 60 + sec;
    let (d, rem) = (total.div_euclid(86400), total.rem_euclid(86400));
    let (y, m, dd) = crate::common::time::civil_from_days(d);
    Some(format!(
        "{y:04}-{m:02}-{dd:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema() {
        assert_eq!(resolve_plain("~"), Value::Null);
        assert_eq!(resolve_plain("True"), Value::Bool(true));
        assert_eq!(resolve_plain("yes"), Value::Str("yes".into()));
        assert_eq!(resolve_plain("1024"), Value::Int(1024));
        assert_eq!(resolve_plain("-0x1f"), Value::Int(-31));
        assert_eq!(resolve_plain("1_000"), Value::Int(1000));
        assert_eq!(resolve_plain("0o17"), Value::Int(15));
        assert_eq!(resolve_plain("1.5"), Value::Float(1.5));
        assert_eq!(resolve_plain("1e3"), Value::Float(1000.0));
        assert_eq!(resolve_plain(".5"), Value::Float(0.5));
        assert_eq!(resolve_plain("-.inf"), Value::Float(f64::NEG_INFINITY));
        assert_eq!(resolve_plain("1536MB"), Value::Str("1536MB".into()));
        assert_eq!(resolve_plain("1.2.3"), Value::Str("1.2.3".into()));
        assert_eq!(resolve_plain("-"), Value::Str("-".into()));
        assert_eq!(resolve_plain("."), Value::Str(".".into()));
        assert_eq!(resolve_plain("+"), Value::Str("+".into()));
        assert_eq!(resolve_plain("nodejs18.x"), Value::Str("nodejs18.x".into()));
    }

    #[test]
    fn timestamps_become_iso_strings() {
        assert_eq!(
            resolve_plain("2012-10-17"),
            Value::Str("2012-10-17T00:00:00.000Z".into())
        );
        assert_eq!(
            resolve_plain("2001-12-14t21:59:43.10-05:00"),
            Value::Str("2001-12-15T02:59:43.100Z".into())
        );
        assert_eq!(
            resolve_plain("2001-12-14 21:59:43.10 -5"),
            Value::Str("2001-12-15T02:59:43.100Z".into())
        );
        assert_eq!(
            resolve_plain("2012-1-17"),
            Value::Str("2012-1-17".into()),
            "date-only form needs two-digit month and day"
        );
        assert!(!is_timestamp("2012-13-01"));
    }
}
