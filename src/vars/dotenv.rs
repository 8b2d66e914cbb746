//! `useDotenv: true`: environment variables from `.env.<stage>`, else `.env`, in the service's
//! folder, as SF v3 loads them before resolving `${env:...}` (`lib/cli/load-dotenv.js`, with
//! dotenv 16 and dotenv-expand 10): only `useDotenv` and `provider.stage` are resolved first,
//! a variable the shell already has is kept, and values may refer to other variables
//! (`${NAME}`, `$NAME`, `${NAME:-default}`).

use super::{Context, resolver};
use crate::diag::{Diagnostic, codes};
use crate::load::Node;
use crate::source::SourceMap;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The stage whose files are loaded, when the configuration says `useDotenv` (resolving only
/// `useDotenv` and the stage, as SF does first); `None` without `useDotenv`.
pub fn stage_if_used(root: &Node, ctx: &Context, sources: &mut SourceMap) -> Option<String> {
    root.get("useDotenv")?;
    let span = root.span;
    let mut r = resolver::Resolver::new(root.clone(), ctx, sources);
    let props = r.register(&[], 0);
    for path in props.iter().filter(|p| p.len() == 1 && p[0] == "useDotenv") {
        r.resolve_property(path);
    }
    if !r.root.get("useDotenv").is_some_and(Node::is_truthy) {
        return None;
    }
    Some(r.stage_name(span).unwrap_or_else(|_| "dev".into()))
}

/// Adds the variables of `.env.<stage>` (else `.env`) in `dir` to `env`, keeping those it
/// has; returns the file read, if any.
pub fn load(
    dir: &Path,
    stage: &str,
    env: &mut HashMap<String, String>,
) -> Result<Option<PathBuf>, Diagnostic> {
    let staged = dir.join(format!(".env.{stage}"));
    let default = dir.join(".env");
    let Some(path) = [staged, default].into_iter().find(|p| p.is_file()) else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Diagnostic::error(
            codes::IO,
            format!(
                "cannot load environment variables from {}: {e}",
                crate::source::display_name(&path)
            ),
        )
        .help("useDotenv reads .env.<stage>, else .env, in the service's folder")
    })?;
    let parsed = parse(&text);
    let expanded = expand(&parsed, env);
    for (k, v) in expanded {
        env.entry(k).or_insert(v);
    }
    Ok(Some(path))
}

/// One `KEY=value` of the file, and whether its value was single-quoted (not expanded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub value: String,
    pub literal: bool,
}

/// dotenv's grammar: `KEY=value` lines, `export ` allowed, `#` comments (after an unquoted
/// value too), values in single, double or back quotes (spanning lines), `\n` in double quotes
/// a newline; a later key wins.
pub fn parse(text: &str) -> Vec<Entry> {
    let text = text.replace("\r\n", "\n");
    let t = text.as_str();
    let line_end_from = |p: usize| t[p..].find('\n').map_or(t.len(), |i| p + i);
    let mut out: Vec<Entry> = Vec::new();
    let mut pos = 0;
    while pos < t.len() {
        let end = line_end_from(pos);
        let line = &t[pos..end];
        let mut cur = pos + (line.len() - line.trim_start().len());
        if let Some(rest) = t[cur..end].strip_prefix("export ") {
            cur = end - rest.trim_start().len();
        }
        let Some(eq) = t[cur..end].find('=') else {
            pos = end + 1;
            continue;
        };
        let key = t[cur..cur + eq].trim();
        let valid_key = !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'));
        if !valid_key {
            pos = end + 1;
            continue;
        }
        let after = &t[cur + eq + 1..end];
        let vstart = end - after.trim_start().len();
        let quote = t[vstart..end]
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'));
        let closing = quote.and_then(|q| t[vstart + 1..].find(q).map(|i| (q, vstart + 1 + i)));
        let (value, literal, next) = match closing {
            Some((q, close)) => {
                let raw = &t[vstart + 1..close];
                let v = if q == '"' {
                    raw.replace("\\n", "\n").replace("\\r", "\r")
                } else {
                    raw.to_string()
                };
                (v, q == '\'', line_end_from(close) + 1)
            }
            None => {
                let v = &t[vstart..end];
                let v = match v.find(" #") {
                    Some(i) => &v[..i],
                    None if v.starts_with('#') => "",
                    None => v,
                };
                (v.trim().to_string(), false, end + 1)
            }
        };
        out.retain(|e| e.key != key);
        out.push(Entry {
            key: key.to_string(),
            value,
            literal,
        });
        pos = next;
    }
    out
}

/// dotenv-expand: `${NAME}`, `$NAME`, `${NAME:-default}` and `${NAME-default}` in each value
/// (not in single-quoted ones), from the environment first, then from the file's earlier
/// values; `\$` is a literal `$`.
pub fn expand(entries: &[Entry], env: &HashMap<String, String>) -> Vec<(String, String)> {
    let mut done: HashMap<String, String> = HashMap::new();
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let v = if e.literal {
            e.value.clone()
        } else {
            expand_one(&e.value, &|name: &str| {
                env.get(name).or_else(|| done.get(name)).cloned()
            })
        };
        done.insert(e.key.clone(), v.clone());
        out.push((e.key.clone(), v));
    }
    out
}

fn expand_one(value: &str, lookup: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\\' && value[i + 1..].starts_with('$') {
            out.push('$');
            chars.next();
            continue;
        }
        if c != '$' {
            out.push(c);
            continue;
        }
        let rest = &value[i + 1..];
        if let Some(inner) = rest.strip_prefix('{') {
            let Some(close) = inner.find('}') else {
                out.push(c);
                continue;
            };
            let spec = &inner[..close];
            let (name, default) = match spec.split_once(":-").or_else(|| spec.split_once('-')) {
                Some((n, d)) => (n, Some(d)),
                None => (spec, None),
            };
            let found = lookup(name).filter(|v| !v.is_empty() || default.is_none());
            out.push_str(&found.unwrap_or_else(|| default.unwrap_or("").to_string()));
            // skip `{spec}`
            let skip = close + 2;
            while chars.peek().is_some_and(|(j, _)| *j <= i + skip) {
                chars.next();
            }
            continue;
        }
        let name_len = rest
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        if name_len == 0 {
            out.push(c);
            continue;
        }
        out.push_str(&lookup(&rest[..name_len]).unwrap_or_default());
        while chars.peek().is_some_and(|(j, _)| *j <= i + name_len) {
            chars.next();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String)> {
        parse(text).into_iter().map(|e| (e.key, e.value)).collect()
    }

    #[test]
    fn dotenv_lines() {
        let text = "# comment\nA=1\nexport B = two words \nC=\"quoted # not a comment\"\nD='single'\nE=x # a comment\nF=\"line1\\nline2\"\nG=\"multi\nline\"\nnot a line\nA=again\nEMPTY=\n";
        assert_eq!(
            pairs(text),
            [
                ("B", "two words"),
                ("C", "quoted # not a comment"),
                ("D", "single"),
                ("E", "x"),
                ("F", "line1\nline2"),
                ("G", "multi\nline"),
                ("A", "again"),
                ("EMPTY", ""),
            ]
            .map(|(k, v)| (k.to_string(), v.to_string()))
        );
    }

    #[test]
    fn expansion() {
        let entries = parse(
            "HOST=db\nURL=postgres://${HOST}:$PORT/x\nLIT='$HOST'\nDEF=${MISSING:-fallback}\nESC=\\$HOST\n",
        );
        let env: HashMap<String, String> = [("PORT".to_string(), "5432".to_string())].into();
        let got: HashMap<String, String> = expand(&entries, &env).into_iter().collect();
        assert_eq!(got["URL"], "postgres://db:5432/x");
        assert_eq!(got["LIT"], "$HOST");
        assert_eq!(got["DEF"], "fallback");
        assert_eq!(got["ESC"], "$HOST");
    }

    #[test]
    fn the_stage_file_wins_and_the_shell_is_kept() {
        let t = tempfile::tempdir().unwrap();
        std::fs::write(t.path().join(".env"), "A=default\nB=default\n").unwrap();
        let mut env = HashMap::new();
        assert_eq!(
            load(t.path(), "prod", &mut env).unwrap(),
            Some(t.path().join(".env"))
        );
        assert_eq!(env["A"], "default");
        std::fs::write(t.path().join(".env.prod"), "A=prod\n").unwrap();
        let mut env: HashMap<String, String> = [("A".to_string(), "shell".to_string())].into();
        load(t.path(), "prod", &mut env).unwrap();
        assert_eq!(env["A"], "shell", "the shell's value is kept");
        assert!(
            !env.contains_key("B"),
            ".env is not read when .env.<stage> exists"
        );
        let mut env = HashMap::new();
        assert_eq!(load(&t.path().join("none"), "dev", &mut env).unwrap(), None);
    }

    proptest::proptest! {
        #[test]
        fn any_file_parses_and_expands_without_panicking(text in r#"[A-Z_=$'"`#{}:\\\- é\na-z0-9]{0,80}"#) {
            let entries = parse(&text);
            let _ = expand(&entries, &HashMap::new());
        }
    }
}
