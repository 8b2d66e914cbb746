//! A small glob matcher with the micromatch semantics SF v3's packaging relies on (`dot: true`,
//! no basename matching): `**` (any number of path segments), `*` and `?` (within a segment),
//! `{a,b}` alternatives (nested), `[abc]` / `[!abc]` classes, `\` escapes. Compiled to a regex.

use regex::Regex;

/// One compiled glob.
#[derive(Clone, Debug)]
pub struct Glob {
    regex: Regex,
}

impl Glob {
    /// Compiles `pattern` (without a leading `!`; a leading `./` is ignored). `None` when the
    /// pattern cannot be compiled (an unbalanced class, say): such a pattern matches nothing.
    pub fn new(pattern: &str) -> Option<Glob> {
        let p = pattern.strip_prefix("./").unwrap_or(pattern);
        let chars: Vec<char> = p.chars().collect();
        let mut out = String::from("^");
        translate(&chars, &mut out, false);
        out.push('$');
        Regex::new(&out).ok().map(|regex| Glob { regex })
    }

    /// Whether the relative path `path` (with `/` separators) matches.
    pub fn is_match(&self, path: &str) -> bool {
        self.regex.is_match(path)
    }
}

/// Appends the regex for `chars` to `out`; inside braces, `,` separates alternatives.
fn translate(chars: &[char], out: &mut String, in_braces: bool) {
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '*' if chars.get(i + 1) == Some(&'*') && segment_start(chars, i) => {
                let end = i + 2;
                match chars.get(end) {
                    // `**/`: zero or more whole segments
                    Some('/') => {
                        out.push_str("(?:[^/]*(?:/|$))*");
                        i = end + 1;
                        continue;
                    }
                    // `**` ending the pattern (or a brace alternative): everything below
                    None => out.push_str(".*"),
                    Some(',' | '}') if in_braces => out.push_str(".*"),
                    // `**x` is two stars in one segment
                    Some(_) => out.push_str("[^/]*"),
                }
                i = end;
                continue;
            }
            '*' => out.push_str("[^/]*"),
            '?' => out.push_str("[^/]"),
            '\\' => {
                if let Some(n) = chars.get(i + 1) {
                    out.push_str(&regex::escape(&n.to_string()));
                    i += 1;
                }
            }
            '[' => match class(chars, i) {
                Some((re, next)) => {
                    out.push_str(&re);
                    i = next;
                    continue;
                }
                None => out.push_str("\\["),
            },
            '{' => match closing_brace(chars, i) {
                Some(close) => {
                    out.push_str("(?:");
                    translate(&chars[i + 1..close], out, true);
                    out.push(')');
                    i = close + 1;
                    continue;
                }
                None => out.push_str("\\{"),
            },
            ',' if in_braces => out.push('|'),
            '/' if trailing_globstar(chars, i) => {
                // `a/**` also matches `a` itself
                out.push_str("(?:/.*)?");
                return;
            }
            _ => out.push_str(&regex::escape(&c.to_string())),
        }
        i += 1;
    }
}

/// Whether position `i` starts a path segment (start, after `/`, `{` or `,` in braces).
fn segment_start(chars: &[char], i: usize) -> bool {
    i == 0 || matches!(chars.get(i - 1), Some('/' | '{' | ','))
}

/// `/**` closing the pattern.
fn trailing_globstar(chars: &[char], i: usize) -> bool {
    chars.len() == i + 3 && chars[i + 1] == '*' && chars[i + 2] == '*'
}

/// The index of the `}` matching the `{` at `open`, if there is one and it holds a `,`.
fn closing_brace(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut comma = false;
    let mut i = open;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return comma.then_some(i);
                }
            }
            ',' if depth == 1 => comma = true,
            _ => {}
        }
        i += 1;
    }
    None
}

/// A `[...]` class at `open`: its regex and the index after `]`.
fn class(chars: &[char], open: usize) -> Option<(String, usize)> {
    let mut i = open + 1;
    let mut re = String::from("[");
    if matches!(chars.get(i), Some('!' | '^')) {
        re.push('^');
        i += 1;
    }
    let first = i;
    while i < chars.len() {
        let c = chars[i];
        if c == ']' && i > first {
            re.push(']');
            return Some((re, i + 1));
        }
        match c {
            '\\' | '[' | ']' | '^' | '&' | '~' => {
                re.push('\\');
                re.push(c);
            }
            _ => re.push(c),
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::Glob;

    #[test]
    fn micromatch_cases() {
        let cases: &[(&str, &str, bool)] = &[
            ("**", "a/b/c.js", true),
            ("**", ".git/config", true),
            ("*.js", "handler.js", true),
            ("*.js", "src/handler.js", false),
            ("*", ".env", true),
            ("src/**", "src/a/b.js", true),
            ("src/**", "src", true),
            ("src/**", "srcx/a.js", false),
            (".git/**", ".git/objects/ab", true),
            ("**/*.test.js", "a/b/x.test.js", true),
            ("**/*.test.js", "x.test.js", true),
            ("**/*.test.js", "x.js", false),
            ("node_modules/**", "node_modules/a/index.js", true),
            ("yarn-*.log", "yarn-error.log", true),
            ("?.js", "a.js", true),
            ("?.js", "ab.js", false),
            ("*.{js,json}", "a.json", true),
            ("*.{js,json}", "a.ts", false),
            ("{src,lib}/**", "lib/x/y", true),
            ("{src,lib/**}", "lib/x", true),
            ("[ab].js", "b.js", true),
            ("[!ab].js", "b.js", false),
            ("./handler.js", "handler.js", true),
            (".env*", ".env.local", true),
            ("a/**/b", "a/b", true),
            ("a/**/b", "a/x/y/b", true),
            ("a/**/b", "a/xb", false),
            ("file(1).txt", "file(1).txt", true),
            ("{a}", "{a}", true),
        ];
        for (pattern, path, want) in cases {
            let g = Glob::new(pattern).expect("compiles");
            assert_eq!(g.is_match(path), *want, "{pattern} vs {path}");
        }
    }

    #[test]
    fn broken_patterns_do_not_panic() {
        for p in ["[", "{", "}", "\\", "[]", "{a,{b}", "**/", "/**", "a/**/"] {
            let _ = Glob::new(p).map(|g| g.is_match("a/b"));
        }
    }
}
