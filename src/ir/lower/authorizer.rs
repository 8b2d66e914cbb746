//! `authorizer:` of an `http` event → [`Authorizer`] (SF v3 `getAuthorizer`, `authorizers.js`,
//! `method/authorization.js`).

use super::LowerContext;
use super::shape::{bool_at, child, str_at, string, strings_at, wrong};
use crate::diag::{Diagnostic, codes};
use crate::ir::{Authorizer, AuthorizerKind};
use crate::load::{Node, Value};
use serde_json::{Value as Json, json};

/// The identity source SF v3 uses when none is given.
pub const DEFAULT_IDENTITY_SOURCE: &str = "method.request.header.Authorization";
/// The TTL SF v3 gives object-form authorizers without `resultTtlInSeconds`.
pub const DEFAULT_TTL: u64 = 300;

/// SF `naming.extractAuthorizerNameFromArn`: the last `:` part, then its last `-` part.
pub fn name_from_arn(arn: &str) -> String {
    let last = arn.rsplit(':').next().unwrap_or(arn);
    last.rsplit('-').next().unwrap_or(last).to_string()
}

/// SF `cognitoIdpArnExpr`: `^arn:[a-zA-Z-]*:cognito-idp`.
pub fn is_cognito_arn(arn: &str) -> bool {
    arn.strip_prefix("arn:")
        .and_then(|rest| {
            let i = rest.find(|c: char| !(c.is_ascii_alphabetic() || c == '-'))?;
            rest[i..].strip_prefix(":cognito-idp")
        })
        .is_some()
}

/// `{"Fn::GetAtt": ["<Fn>LambdaFunction", "Arn"]}` for a function of this service.
pub fn function_arn(key: &str) -> Json {
    json!({"Fn::GetAtt": [format!("{}LambdaFunction", super::normalized_function_name(key)), "Arn"]})
}

fn kind_of(ty: Option<&str>, arn: Option<&Json>) -> AuthorizerKind {
    let ty = ty.map(str::to_uppercase);
    let cognito_arn = arn.and_then(Json::as_str).is_some_and(is_cognito_arn);
    match ty.as_deref() {
        Some("AWS_IAM") => AuthorizerKind::AwsIam,
        Some("COGNITO_USER_POOLS") => AuthorizerKind::CognitoUserPools,
        _ if cognito_arn => AuthorizerKind::CognitoUserPools,
        Some("REQUEST") => AuthorizerKind::Request,
        _ => AuthorizerKind::Token,
    }
}

pub fn lower_authorizer(cx: &mut LowerContext, node: &Node) -> Option<Authorizer> {
    let base = Authorizer {
        name: String::new(),
        kind: AuthorizerKind::Token,
        arn: None,
        function: None,
        result_ttl_in_seconds: None,
        identity_source: None,
        identity_validation_expression: None,
        claims: Vec::new(),
        scopes: Vec::new(),
        authorizer_id: None,
        managed_externally: false,
        span: node.span,
    };
    match &node.value {
        Value::Str(s) if s.eq_ignore_ascii_case("aws_iam") => Some(Authorizer {
            kind: AuthorizerKind::AwsIam,
            identity_source: Some(DEFAULT_IDENTITY_SOURCE.into()),
            ..base
        }),
        Value::Str(s) if !s.contains(':') => Some(Authorizer {
            name: s.clone(),
            arn: Some(function_arn(s)),
            function: Some(s.clone()),
            identity_source: Some(DEFAULT_IDENTITY_SOURCE.into()),
            ..base
        }),
        Value::Str(s) => Some(Authorizer {
            name: name_from_arn(s),
            kind: kind_of(None, Some(&Json::String(s.clone()))),
            arn: Some(Json::String(s.clone())),
            identity_source: Some(DEFAULT_IDENTITY_SOURCE.into()),
            ..base
        }),
        Value::Map(_) => object_form(cx, node, base),
        _ => {
            wrong(
                &mut cx.diags,
                node,
                "authorizer",
                "a function name, an ARN or a mapping",
            );
            None
        }
    }
}

fn object_form(cx: &mut LowerContext, node: &Node, base: Authorizer) -> Option<Authorizer> {
    let d = &mut cx.diags;
    let ty = str_at(d, node, "type");
    let authorizer_id = child(node, "authorizerId").map(Node::to_json);
    let arn_node = child(node, "arn");
    let name_node = child(node, "name");
    let mut a = base;
    if ty.is_some() && authorizer_id.is_some() {
        a.authorizer_id = authorizer_id;
    } else if ty
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case("aws_iam"))
    {
    } else if let Some(arn) = arn_node {
        a.arn = Some(arn.to_json());
        if let Some(Value::Str(n)) = name_node.map(|n| &n.value) {
            a.name = n.clone();
        } else if let Value::Str(s) = &arn.value {
            a.name = name_from_arn(s);
        } else {
            d.push(
                Diagnostic::error(codes::LOWER_AUTHORIZER, "this authorizer has no name")
                    .at(node.span)
                    .label("`arn` is an intrinsic function, so no name can be derived from it")
                    .help("add `name:` (SF v3 requires it: API_GATEWAY_MISSING_AUTHORIZER_NAME)"),
            );
            return None;
        }
    } else if let Some(n) = name_node {
        let name = string(d, Some(n), "name")?;
        a.arn = Some(function_arn(&name));
        a.function = Some(name.clone());
        a.name = name;
    } else {
        d.push(
            Diagnostic::error(codes::LOWER_AUTHORIZER, "this authorizer names neither a function nor an ARN")
                .at(node.span)
                .help("add `name: <function>` or `arn: <authorizer ARN>` (SF v3: API_GATEWAY_MISSING_AUTHORIZER_NAME_OR_ARN)"),
        );
        return None;
    }
    a.kind = kind_of(ty.as_deref(), a.arn.as_ref());
    // SF: parseInt(resultTtlInSeconds), 300 when that is NaN
    let ttl = match child(node, "resultTtlInSeconds").map(|n| &n.value) {
        Some(Value::Int(i)) => u64::try_from(*i).ok(),
        Some(Value::Float(f)) if *f >= 0.0 => Some(f.trunc() as u64),
        Some(Value::Str(s)) => leading_int(s),
        _ => None,
    }
    .unwrap_or(DEFAULT_TTL);
    a.result_ttl_in_seconds = Some(ttl);
    a.claims = strings_at(d, node, "claims");
    a.scopes = strings_at(d, node, "scopes");
    let identity_source = str_at(d, node, "identitySource").filter(|s| !s.is_empty());
    let is_request = ty
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case("request"));
    a.identity_source = match identity_source {
        Some(s) => Some(s),
        None if is_request && ttl == 0 => None,
        None => Some(DEFAULT_IDENTITY_SOURCE.into()),
    };
    a.identity_validation_expression = str_at(d, node, "identityValidationExpression");
    a.managed_externally = bool_at(d, node, "managedExternally").unwrap_or(false);
    Some(a)
}

/// `parseInt(s, 10)` for non-negative values: leading whitespace, digits, rest ignored.
fn leading_int(s: &str) -> Option<u64> {
    let t = s.trim_start();
    let t = t.strip_prefix('+').unwrap_or(t);
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}
