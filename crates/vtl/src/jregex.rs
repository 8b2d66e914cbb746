//! Java regular expressions on top of the `regex` crate: pattern translation (ASCII `\d \w \s`,
//! `\Q...\E`, POSIX `\p{Alpha}`, possessive quantifiers, escaped punctuation), Java replacement
//! strings (`$1`, `${name}`, `\$`), and `String.split` / `matches` semantics.
//!
//! Backreferences and look-around have no equivalent and are reported as errors.

use regex::{Captures, Regex};

/// Largest compiled regex accepted (bytes of the compiled program).
const SIZE_LIMIT: usize = 1 << 20;

/// Compiles a Java pattern.
pub fn compile(java: &str) -> Result<Regex, String> {
    let rust = translate(java)?;
    regex::RegexBuilder::new(&rust)
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| format!("invalid regex `{java}`: {e}"))
}

/// Compiles a Java pattern anchored at both ends (`String.matches`).
pub fn compile_whole(java: &str) -> Result<Regex, String> {
    let rust = translate(java)?;
    regex::RegexBuilder::new(&format!(r"\A(?:{rust})\z"))
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| format!("invalid regex `{java}`: {e}"))
}

/// Translates Java regex syntax to `regex` crate syntax.
pub fn translate(java: &str) -> Result<String, String> {
    let chars: Vec<char> = java.chars().collect();
    let mut out = String::with_capacity(java.len() + 8);
    let mut i = 0;
    let mut class_depth = 0usize;
    let mut after_quantifier = false;
    while i < chars.len() {
        let c = chars[i];
        let was_quantifier = std::mem::replace(&mut after_quantifier, false);
        match c {
            '\\' => {
                let Some(&n) = chars.get(i + 1) else {
                    return Err(format!("invalid regex `{java}`: trailing backslash"));
                };
                i += 2;
                match n {
                    'd' => out.push_str(if class_depth > 0 { "0-9" } else { "[0-9]" }),
                    'D' => out.push_str("[^0-9]"),
                    'w' => out.push_str(if class_depth > 0 {
                        "a-zA-Z0-9_"
                    } else {
                        "[a-zA-Z0-9_]"
                    }),
                    'W' => out.push_str("[^a-zA-Z0-9_]"),
                    's' => out.push_str(if class_depth > 0 {
                        r"\t\n\x0B\f\r "
                    } else {
                        r"[\t\n\x0B\f\r ]"
                    }),
                    'S' => out.push_str(r"[^\t\n\x0B\f\r ]"),
                    'Z' => out.push_str(r"\z"),
                    'e' => out.push_str(r"\x1B"),
                    'Q' => {
                        let start = i;
                        let end = (start..chars.len().saturating_sub(1))
                            .find(|&j| chars[j] == '\\' && chars[j + 1] == 'E');
                        let lit: String = chars[start..end.unwrap_or(chars.len())].iter().collect();
                        out.push_str(&regex::escape(&lit));
                        i = end.map_or(chars.len(), |e| e + 2);
                    }
                    'p' | 'P' => {
                        let (name, len) = class_name(&chars[i..]);
                        i += len;
                        out.push_str(&posix_class(n == 'P', &name));
                    }
                    '0' => {
                        let digits: String = chars[i..]
                            .iter()
                            .take(3)
                            .take_while(|d| d.is_digit(8))
                            .collect();
                        let code = u32::from_str_radix(&digits, 8)
                            .map_err(|_| format!("invalid octal escape in `{java}`"))?;
                        i += digits.len();
                        out.push_str(&format!(r"\x{{{code:X}}}"));
                    }
                    '1'..='9' | 'k' => {
                        return Err(format!("backreferences are not supported: `{java}`"));
                    }
                    'G' | 'R' | 'X' | 'h' | 'H' | 'V' | 'c' => {
                        return Err(format!("unsupported regex escape `\\{n}` in `{java}`"));
                    }
                    'b' | 'B' | 'A' | 'z' | 't' | 'n' | 'r' | 'f' | 'a' | 'x' | 'u' => {
                        out.push('\\');
                        out.push(n);
                    }
                    n if n.is_ascii_alphanumeric() => {
                        return Err(format!("invalid regex escape `\\{n}` in `{java}`"));
                    }
                    n => push_literal(&mut out, n),
                }
                continue;
            }
            '[' => {
                class_depth += 1;
                out.push('[');
                // A leading `]` or `^]` is a literal in both syntaxes.
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(']');
            }
            '(' if class_depth == 0 && chars.get(i + 1) == Some(&'?') => match chars.get(i + 2) {
                Some('=' | '!') => return Err(format!("look-ahead is not supported: `{java}`")),
                Some('<') if matches!(chars.get(i + 3), Some('=' | '!')) => {
                    return Err(format!("look-behind is not supported: `{java}`"));
                }
                Some('>') => {
                    out.push_str("(?:");
                    i += 3;
                    continue;
                }
                _ => out.push('('),
            },
            '+' if class_depth == 0 && was_quantifier => {
                // Possessive quantifier: treated as greedy.
            }
            '*' | '+' | '?' | '}' if class_depth == 0 => {
                after_quantifier = !(c == '?' && was_quantifier);
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    Ok(out)
}

/// Pushes a character escaped if it is special to the `regex` crate.
fn push_literal(out: &mut String, c: char) {
    let mut buf = [0u8; 4];
    out.push_str(&regex::escape(c.encode_utf8(&mut buf)));
}

/// Reads `{Name}` or a single letter after `\p`; returns the name and characters consumed.
fn class_name(rest: &[char]) -> (String, usize) {
    match rest.first() {
        Some('{') => {
            let end = rest.iter().position(|c| *c == '}').unwrap_or(rest.len());
            (
                rest[1..end.max(1)].iter().collect(),
                (end + 1).min(rest.len()),
            )
        }
        Some(c) => (c.to_string(), 1),
        None => (String::new(), 0),
    }
}

/// Java `\p{...}` classes in `regex` syntax.
fn posix_class(negate: bool, name: &str) -> String {
    let set = match name {
        "Lower" => "a-z",
        "Upper" => "A-Z",
        "ASCII" => r"\x00-\x7F",
        "Alpha" => "a-zA-Z",
        "Digit" => "0-9",
        "Alnum" => "a-zA-Z0-9",
        "Punct" => r##"!-/:-@\[-`{-~"##,
        "Graph" => r##"!-~"##,
        "Print" => r##" -~"##,
        "Blank" => r" \t",
        "Cntrl" => r"\x00-\x1F\x7F",
        "XDigit" => "0-9a-fA-F",
        "Space" => r" \t\n\x0B\f\r",
        other => {
            let p = if negate { 'P' } else { 'p' };
            let other = other.strip_prefix("Is").unwrap_or(other);
            return format!(r"\{p}{{{other}}}");
        }
    };
    format!("[{}{}]", if negate { "^" } else { "" }, set)
}

/// Expands a Java replacement string (`$n`, `${name}`, `\c`) for one match.
pub fn expand(replacement: &str, caps: &Captures<'_>, out: &mut String) -> Result<(), String> {
    let chars: Vec<char> = replacement.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                let Some(c) = chars.get(i + 1) else {
                    return Err("character to be escaped is missing".into());
                };
                out.push(*c);
                i += 2;
            }
            '$' => {
                i += 1;
                if chars.get(i) == Some(&'{') {
                    let end = chars[i..]
                        .iter()
                        .position(|c| *c == '}')
                        .ok_or("named capturing group is missing trailing '}'")?;
                    let name: String = chars[i + 1..i + end].iter().collect();
                    let m = caps
                        .name(&name)
                        .ok_or_else(|| format!("No group with name {{{name}}}"))?;
                    out.push_str(m.as_str());
                    i += end + 1;
                    continue;
                }
                let Some(first) = chars.get(i).and_then(|c| c.to_digit(10)) else {
                    return Err("Illegal group reference".into());
                };
                let mut group = first as usize;
                i += 1;
                while let Some(d) = chars.get(i).and_then(|c| c.to_digit(10)) {
                    let next = group * 10 + d as usize;
                    if next >= caps.len() {
                        break;
                    }
                    group = next;
                    i += 1;
                }
                if group >= caps.len() {
                    return Err(format!("No group {group}"));
                }
                if let Some(m) = caps.get(group) {
                    out.push_str(m.as_str());
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Ok(())
}

/// `String.replaceAll` / `replaceFirst`.
pub fn replace(s: &str, pattern: &str, replacement: &str, all: bool) -> Result<String, String> {
    let re = compile(pattern)?;
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for caps in re.captures_iter(s) {
        let Some(m) = caps.get(0) else { continue };
        out.push_str(&s[last..m.start()]);
        expand(replacement, &caps, &mut out)?;
        if out.len() > super::methods::MAX_STRING {
            return Err("result too large".into());
        }
        last = m.end();
        if !all {
            break;
        }
    }
    out.push_str(&s[last..]);
    Ok(out)
}

/// `String.split(regex, limit)` with Java's rules: no leading empty string for a zero-width
/// match at 0; with limit 0 trailing empty strings are removed; no match gives `[s]`.
pub fn split(s: &str, pattern: &str, limit: i64) -> Result<Vec<String>, String> {
    if s.is_empty() {
        return Ok(vec![String::new()]);
    }
    let re = compile(pattern)?;
    let mut parts = Vec::new();
    let mut index = 0;
    for m in re.find_iter(s) {
        if limit > 0 && parts.len() as i64 >= limit - 1 {
            break;
        }
        if m.end() == 0 {
            continue;
        }
        parts.push(s[index..m.start()].to_string());
        index = m.end();
    }
    if index == 0 && parts.is_empty() {
        return Ok(vec![s.to_string()]);
    }
    parts.push(s[index..].to_string());
    if limit == 0 {
        while parts.last().is_some_and(String::is_empty) {
            parts.pop();
        }
    }
    Ok(parts)
}
