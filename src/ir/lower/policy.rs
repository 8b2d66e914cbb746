//! Policy statements (`iam.role.statements`, `apiGateway.resourcePolicy`) as SF v3 emits them.
//!
//! SF validates its configuration with ajv `coerceTypes: 'array'`, which rewrites values in
//! place: a lone `Action: s3:GetObject` becomes `["s3:GetObject"]`, and a one-item
//! `Resource: [arn:...]` becomes the plain string (the string branches of its `anyOf` are tried
//! before the array one). The emitted template shows the rewritten values, so lowering applies
//! the same rewrites.

use serde_json::Value as Json;

/// Which statement schema applies (they differ in the string forms `Resource` accepts).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    Iam,
    Resource,
}

pub fn normalize_statements(statements: Vec<Json>, kind: PolicyKind) -> Vec<Json> {
    statements
        .into_iter()
        .map(|s| normalize_statement(s, kind))
        .collect()
}

fn normalize_statement(mut s: Json, kind: PolicyKind) -> Json {
    let Some(m) = s.as_object_mut() else {
        return s;
    };
    for key in ["Action", "NotAction"] {
        if let Some(v) = m.get_mut(key) {
            wrap(v);
        }
    }
    for key in ["Resource", "NotResource"] {
        if let Some(v) = m.get_mut(key) {
            unwrap_resource(v, kind);
        }
    }
    for key in ["Principal", "NotPrincipal"] {
        if let Some(Json::Object(p)) = m.get_mut(key) {
            for (k, v) in p.iter_mut() {
                match k.as_str() {
                    "Federated" | "Service" => wrap(v),
                    "AWS" if v.as_str().is_some_and(|s| s != "*") => wrap(v),
                    _ => {}
                }
            }
        }
    }
    s
}

/// A string becomes a one-item list.
fn wrap(v: &mut Json) {
    if v.is_string() {
        *v = Json::Array(vec![v.take()]);
    }
}

/// A one-item list of a string one of the string branches accepts becomes that string.
fn unwrap_resource(v: &mut Json, kind: PolicyKind) {
    let Json::Array(items) = v else { return };
    let [Json::String(s)] = items.as_slice() else {
        return;
    };
    let accepted = s.starts_with("arn:")
        || match kind {
            PolicyKind::Iam => is_logical_id(s),
            PolicyKind::Resource => s.starts_with("execute-api:/"),
        };
    if accepted {
        *v = Json::String(s.clone());
    }
}

/// SF `awsLogicalResourceId`: `^[#A-Za-z0-9-_./]+[*]?$`.
fn is_logical_id(s: &str) -> bool {
    let body = s.strip_suffix('*').unwrap_or(s);
    !body.is_empty()
        && body
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "#-_./".contains(c))
}
