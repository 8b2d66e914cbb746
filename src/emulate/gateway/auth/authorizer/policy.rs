//! What a Lambda authorizer returned, read as API Gateway reads it: `principalId`, the
//! `policyDocument` statements, `context` (strings, numbers and booleans only; all become
//! strings) and `usageIdentifierKey`; or the `Unauthorized` error; anything else is a failure.

use super::super::arn::{Statement, strings};
use crate::emulate::gateway::LambdaResult;
use serde_json::{Map, Value};

/// An authorizer's answer, as cached.
#[derive(Clone, Debug, PartialEq)]
pub struct Grant {
    pub statements: Vec<Statement>,
    /// `requestContext.authorizer` without `integrationLatency`: principalId, then the context.
    pub authorizer: Map<String, Value>,
    /// `requestContext.authorizer` of a cache hit (`integrationLatency` 0), built once.
    pub cached: Value,
    pub usage_identifier_key: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Grant(Grant),
    /// The function said `Unauthorized` (401).
    Unauthorized,
    /// The function failed or answered something unusable (500); the reason is for the log.
    Failure(String),
}

/// Reads the invocation result.
pub fn read(result: &LambdaResult) -> Verdict {
    match result {
        LambdaResult::Error { payload, kind } => {
            let msg = serde_json::from_slice::<Value>(payload).ok().and_then(|v| {
                v.get("errorMessage")
                    .and_then(Value::as_str)
                    .map(String::from)
            });
            if msg.as_deref() == Some("Unauthorized") {
                Verdict::Unauthorized
            } else {
                Verdict::Failure(format!(
                    "authorizer error ({kind}): {}",
                    String::from_utf8_lossy(payload)
                ))
            }
        }
        LambdaResult::Ok(payload) => match serde_json::from_slice::<Value>(payload) {
            Ok(v) => grant(&v).map_or_else(Verdict::Failure, Verdict::Grant),
            Err(_) => Verdict::Failure("authorizer result is not JSON".into()),
        },
    }
}

fn grant(v: &Value) -> Result<Grant, String> {
    let principal = match v.get("principalId") {
        Some(Value::String(s)) => s.clone(),
        Some(n @ (Value::Number(_) | Value::Bool(_))) => n.to_string(),
        _ => return Err("the authorizer result has no principalId".into()),
    };
    let doc = v
        .get("policyDocument")
        .ok_or("the authorizer result has no policyDocument")?;
    let doc_statements = match doc.get("Statement") {
        Some(Value::Array(items)) => items.as_slice(),
        Some(one @ Value::Object(_)) => std::slice::from_ref(one),
        _ => return Err("policyDocument.Statement is missing".into()),
    };
    let statements = doc_statements
        .iter()
        .map(statement)
        .collect::<Result<Vec<_>, _>>()?;
    let mut authorizer = Map::new();
    authorizer.insert("principalId".into(), Value::String(principal));
    match v.get("context") {
        None | Some(Value::Null) => {}
        Some(Value::Object(cx)) => {
            for (k, val) in cx {
                let s = match val {
                    Value::String(s) => s.clone(),
                    Value::Number(_) | Value::Bool(_) => val.to_string(),
                    Value::Null => continue,
                    _ => {
                        return Err(format!(
                            "context value `{k}` is not a string, number or boolean"
                        ));
                    }
                };
                authorizer.insert(k.clone(), Value::String(s));
            }
        }
        Some(_) => return Err("context is not an object".into()),
    }
    let usage_identifier_key = v
        .get("usageIdentifierKey")
        .and_then(Value::as_str)
        .map(String::from);
    let mut cached = authorizer.clone();
    cached.insert("integrationLatency".into(), 0.into());
    Ok(Grant {
        statements,
        cached: Value::Object(cached),
        authorizer,
        usage_identifier_key,
    })
}

fn statement(s: &Value) -> Result<Statement, String> {
    let allow = match s.get("Effect").and_then(Value::as_str) {
        Some(e) if e.eq_ignore_ascii_case("allow") => true,
        Some(e) if e.eq_ignore_ascii_case("deny") => false,
        _ => return Err("a statement's Effect is neither Allow nor Deny".into()),
    };
    let actions = s
        .get("Action")
        .and_then(strings)
        .ok_or("a statement has no Action")?;
    let resources = s
        .get("Resource")
        .and_then(strings)
        .ok_or("a statement has no Resource")?;
    Ok(Statement {
        allow,
        actions,
        resources,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use serde_json::json;

    fn ok(v: Value) -> LambdaResult {
        LambdaResult::Ok(Bytes::from(v.to_string()))
    }

    #[test]
    fn results_are_read_as_api_gateway_reads_them() {
        let good = ok(json!({
            "principalId": "user-1",
            "policyDocument": {"Version": "2012-10-17", "Statement": [
                {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": ["arn:a/*"]}]},
            "context": {"n": 5, "b": true, "s": "x", "f": 1.5, "z": null},
            "usageIdentifierKey": "key-value"
        }));
        let Verdict::Grant(g) = read(&good) else {
            panic!("{:?}", read(&good))
        };
        assert_eq!(
            Value::Object(g.authorizer),
            json!({"principalId": "user-1", "n": "5", "b": "true", "s": "x", "f": "1.5"})
        );
        assert_eq!(g.usage_identifier_key.as_deref(), Some("key-value"));
        assert_eq!(g.statements[0].resources, ["arn:a/*"]);

        let failures = [
            json!({"policyDocument": {"Statement": []}}),
            json!({"principalId": "u"}),
            json!({"principalId": "u", "policyDocument": {}}),
            json!({"principalId": "u", "policyDocument": {"Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]}}),
            json!({"principalId": "u", "policyDocument": {"Statement": [{"Effect": "Allow", "Resource": "*"}]}}),
            json!({"principalId": "u", "policyDocument": {"Statement": []}, "context": {"o": {"a": 1}}}),
            json!("Allow"),
        ];
        for f in failures {
            assert!(matches!(read(&ok(f.clone())), Verdict::Failure(_)), "{f}");
        }
        assert!(matches!(
            read(&LambdaResult::Ok(Bytes::from_static(b"not json"))),
            Verdict::Failure(_)
        ));
        let err = |m: &str| LambdaResult::Error {
            payload: Bytes::from(json!({"errorMessage": m, "errorType": "Error"}).to_string()),
            kind: "Handled".into(),
        };
        assert_eq!(read(&err("Unauthorized")), Verdict::Unauthorized);
        assert!(matches!(read(&err("boom")), Verdict::Failure(_)));
    }

    #[test]
    fn a_single_statement_object_is_accepted() {
        let v = ok(json!({"principalId": 7, "policyDocument": {"Statement":
            {"Action": ["execute-api:Invoke"], "Effect": "Deny", "Resource": "*"}}}));
        let Verdict::Grant(g) = read(&v) else {
            panic!()
        };
        assert!(!g.statements[0].allow);
        assert_eq!(g.authorizer["principalId"], "7");
    }
}
