//! Route selection expressions, as API Gateway evaluates them for WebSocket APIs
//! (`apigateway-websocket-api-selection-expressions.html`): the API's
//! `routeSelectionExpression` (SF's `provider.websocketsApiRouteSelectionExpression`, by
//! default `$request.body.action`) is literal text with `$request.body.<path>` or
//! `${request.body.<path>}` variables, read from the message as JSON. A missing member reads
//! as an empty string and a non-string value as its JSON text; a message that is not JSON
//! (or a binary frame) selects nothing, so it goes to `$default`.

use serde_json::Value;

/// A parsed expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expression {
    parts: Vec<Part>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Literal(String),
    /// `$request.body.a.b`: the member path into the JSON message.
    Body(Vec<String>),
}

/// AWS's default (and SF's).
pub const DEFAULT_EXPRESSION: &str = "$request.body.action";

impl Expression {
    /// Parses `text`; what is not a `$request.body.` variable is literal text, except other
    /// `$request`/`$context` variables, which are refused (AWS accepts only body variables in
    /// a WebSocket route selection expression).
    pub fn parse(text: &str) -> Result<Expression, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(at) = rest.find('$') {
            literal.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let (name, tail) = if let Some(braced) = after.strip_prefix('{') {
                let end = braced
                    .find('}')
                    .ok_or_else(|| format!("`{text}`: a `${{` is not closed"))?;
                (&braced[..end], &braced[end + 1..])
            } else {
                let end = after
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                    .unwrap_or(after.len());
                (&after[..end], &after[end..])
            };
            if name.is_empty() {
                literal.push('$');
                rest = after;
                continue;
            }
            let Some(path) = name.strip_prefix("request.body.") else {
                if ["request.", "context.", "stageVariables."]
                    .iter()
                    .any(|p| name.starts_with(p))
                {
                    return Err(format!(
                        "`{text}`: only $request.body.<path> variables select WebSocket \
                         routes, not `${name}`"
                    ));
                }
                // not a variable at all (`$default`): literal text
                literal.push_str(&rest[at..rest.len() - tail.len()]);
                rest = tail;
                continue;
            };
            if !literal.is_empty() {
                parts.push(Part::Literal(std::mem::take(&mut literal)));
            }
            parts.push(Part::Body(
                path.split('.')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
            ));
            rest = tail;
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        Ok(Expression { parts })
    }

    /// An expression that is only `text` (the fallback when the configured one is refused).
    pub fn literal(text: &str) -> Expression {
        Expression {
            parts: vec![Part::Literal(text.to_string())],
        }
    }

    /// The route key `message` selects; `None` when the expression reads the body and the
    /// message is not JSON.
    pub fn evaluate(&self, message: Option<&str>) -> Option<String> {
        let reads_body = self.parts.iter().any(|p| matches!(p, Part::Body(_)));
        let json: Option<Value> = if reads_body {
            Some(serde_json::from_str(message?).ok()?)
        } else {
            None
        };
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(l) => out.push_str(l),
                Part::Body(path) => {
                    let found = path
                        .iter()
                        .try_fold(json.as_ref()?, |v, k| v.get(k.as_str()));
                    match found {
                        None | Some(Value::Null) => {}
                        Some(Value::String(s)) => out.push_str(s),
                        Some(other) => out.push_str(&other.to_string()),
                    }
                }
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expressions_select_routes_as_aws_documents() {
        // (expression, message, selected route key)
        let cases: &[(&str, Option<&str>, Option<&str>)] = &[
            (
                "$request.body.action",
                Some(r#"{"action":"send","x":1}"#),
                Some("send"),
            ),
            (
                "${request.body.action}",
                Some(r#"{"action":"send"}"#),
                Some("send"),
            ),
            ("$request.body.action", Some(r#"{"other":1}"#), Some("")),
            ("$request.body.action", Some(r#"{"action":null}"#), Some("")),
            ("$request.body.action", Some(r#"{"action":7}"#), Some("7")),
            ("$request.body.action", Some("not json"), None),
            ("$request.body.action", Some("[1,2"), None),
            ("$request.body.action", None, None),
            (
                "$request.body.a.b",
                Some(r#"{"a":{"b":"deep"}}"#),
                Some("deep"),
            ),
            ("$request.body.a.b", Some(r#"{"a":"flat"}"#), Some("")),
            (
                "${request.body.service}/${request.body.action}",
                Some(r#"{"service":"chat","action":"join"}"#),
                Some("chat/join"),
            ),
            (
                "v1-$request.body.action",
                Some(r#"{"action":"x"}"#),
                Some("v1-x"),
            ),
            ("$default", Some("anything"), Some("$default")),
        ];
        for (expr, message, want) in cases {
            let e = Expression::parse(expr).unwrap();
            assert_eq!(
                e.evaluate(*message).as_deref(),
                *want,
                "{expr} on {message:?}"
            );
        }
    }

    #[test]
    fn only_body_variables_are_accepted() {
        for bad in [
            "$request.header.x",
            "${context.routeKey}",
            "${request.body.action",
        ] {
            assert!(Expression::parse(bad).is_err(), "{bad}");
        }
    }
}
