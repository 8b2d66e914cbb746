//! Method ARNs and IAM-style matching: the `arn:aws:execute-api:<region>:<account>:<apiId>/
//! <stage>/<METHOD>/<path>` a request is checked against, `*`/`?` wildcards as IAM matches
//! them (a `*` crosses `/`), and the Allow/Deny evaluation that authorizer policies and the
//! resource policy share (an explicit Deny wins over any Allow).

/// `arn:aws:execute-api:<region>:<account>:<apiId>`, the part every method ARN starts with.
pub fn api_prefix(region: &str, account: &str, api_id: &str) -> String {
    format!("arn:aws:execute-api:{region}:{account}:{api_id}")
}

/// The method ARN of a request: `<prefix>/<stage>/<METHOD>/<path>`, `path` as received after
/// the stage (`/users/42` → `users/42`; the root gives a trailing `/`).
pub fn method_arn(prefix: &str, stage: &str, method: &str, path: &str) -> String {
    let path = path.strip_prefix('/').unwrap_or(path);
    let mut s = String::with_capacity(prefix.len() + stage.len() + method.len() + path.len() + 3);
    s.push_str(prefix);
    s.push('/');
    s.push_str(stage);
    s.push('/');
    s.push_str(method);
    s.push('/');
    s.push_str(path);
    s
}

/// IAM wildcard match: `*` is any run of characters (including none and `/`), `?` exactly one
/// character; everything else literal and case-sensitive. Linear backtracking, no allocation.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    matches(pattern, text, false)
}

/// Case-insensitive (ASCII) wildcard match, for actions (`execute-api:*`, `*`).
pub fn action_matches(pattern: &str, action: &str) -> bool {
    matches(pattern, action, true)
}

fn matches(pattern: &str, text: &str, fold: bool) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let same = |a: u8, b: u8| a == b || (fold && a.eq_ignore_ascii_case(&b));
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some(b'*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&c) if c == b'?' || same(c, t[ti]) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p[pi.min(p.len())..].iter().all(|&c| c == b'*')
}

/// What a set of statements says about one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allow,
    /// An explicit Deny matched.
    Deny,
    /// Nothing matched (an implicit deny).
    Neither,
}

/// One statement, reduced to what matching needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    pub allow: bool,
    /// Action patterns (`execute-api:Invoke`, `execute-api:*`, `*`).
    pub actions: Vec<String>,
    /// Resource patterns: full ARNs, or `execute-api:/...` shorthands (matched after the API
    /// prefix).
    pub resources: Vec<String>,
}

impl Statement {
    /// Whether the statement covers invoking `arn` (which starts with `prefix`).
    pub fn covers(&self, prefix: &str, arn: &str) -> bool {
        self.actions
            .iter()
            .any(|a| action_matches(a, "execute-api:Invoke"))
            && self
                .resources
                .iter()
                .any(|r| resource_matches(r, prefix, arn))
    }
}

/// A resource pattern against a method ARN; `execute-api:/<stage>/<METHOD>/<path>` is the
/// shorthand for this API's ARNs.
pub fn resource_matches(pattern: &str, prefix: &str, arn: &str) -> bool {
    match pattern.strip_prefix("execute-api:") {
        Some(rest) => arn
            .strip_prefix(prefix)
            .is_some_and(|tail| wildcard_match(rest, tail)),
        None => wildcard_match(pattern, arn),
    }
}

/// Explicit Deny wins; else any Allow; else neither. `applies` filters statements (conditions).
pub fn decide<'a>(
    statements: impl IntoIterator<Item = &'a Statement>,
    prefix: &str,
    arn: &str,
) -> Decision {
    let mut allowed = false;
    for s in statements {
        if s.covers(prefix, arn) {
            if !s.allow {
                return Decision::Deny;
            }
            allowed = true;
        }
    }
    if allowed {
        Decision::Allow
    } else {
        Decision::Neither
    }
}

/// A JSON string or list of strings as a list (`None` for anything else).
pub fn strings(v: &serde_json::Value) -> Option<Vec<String>> {
    match v {
        serde_json::Value::String(s) => Some(vec![s.clone()]),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_as_iam_does() {
        let cases = [
            ("*", "", true),
            ("*", "anything/at/all", true),
            ("a*c", "abc", true),
            ("a*c", "a/b/c", true),
            ("a*c", "abd", false),
            ("a?c", "abc", true),
            ("a?c", "ac", false),
            ("a?c", "abbc", false),
            ("*/GET/*", "api/dev/GET/users/1", true),
            ("*/GET/*", "api/dev/POST/users/1", false),
            ("abc", "abc", true),
            ("abc", "ABC", false),
            ("abc", "abcd", false),
            ("a**", "a", true),
            ("*a*b*", "xxaxxbxx", true),
            ("*a*b", "xxaxxbxx", false),
            ("", "", true),
            ("", "x", false),
        ];
        for (p, t, want) in cases {
            assert_eq!(wildcard_match(p, t), want, "{p} ~ {t}");
        }
    }

    #[test]
    fn method_arns_have_aws_shape() {
        let prefix = api_prefix("us-east-1", "123456789012", "abc123");
        assert_eq!(
            method_arn(&prefix, "dev", "GET", "/users/42"),
            "arn:aws:execute-api:us-east-1:123456789012:abc123/dev/GET/users/42"
        );
        assert_eq!(
            method_arn(&prefix, "dev", "POST", "/"),
            "arn:aws:execute-api:us-east-1:123456789012:abc123/dev/POST/"
        );
    }

    #[test]
    fn deny_wins_and_shorthands_match_this_api() {
        let prefix = "arn:aws:execute-api:us-east-1:1:api";
        let st = |allow: bool, r: &str| Statement {
            allow,
            actions: vec!["execute-api:Invoke".into()],
            resources: vec![r.into()],
        };
        let arn = format!("{prefix}/dev/GET/users/1");
        let cases = [
            (vec![st(true, "*")], Decision::Allow),
            (vec![st(true, "*"), st(false, "*/users/*")], Decision::Deny),
            (vec![st(true, "*/POST/*")], Decision::Neither),
            (vec![st(true, "execute-api:/dev/GET/*")], Decision::Allow),
            (vec![st(true, "execute-api:/prod/*")], Decision::Neither),
            (
                vec![st(true, "arn:aws:execute-api:*:*:api/*/GET/users/?")],
                Decision::Allow,
            ),
            (vec![], Decision::Neither),
        ];
        for (statements, want) in cases {
            assert_eq!(decide(&statements, prefix, &arn), want, "{statements:?}");
        }
        let mut other_action = st(true, "*");
        other_action.actions = vec!["execute-api:ManageConnections".into()];
        assert_eq!(decide([&other_action], prefix, &arn), Decision::Neither);
        other_action.actions = vec!["EXECUTE-API:*".into()];
        assert_eq!(decide([&other_action], prefix, &arn), Decision::Allow);
    }
}
