//! Authorizer forms (SF v3 `getAuthorizer`).

use super::endpoint;
use crate::ir::AuthorizerKind as K;
use crate::ir::lower::authorizer::{is_cognito_arn, name_from_arn};
use serde_json::json;

const DEFAULT_ID: Option<&str> = Some("method.request.header.Authorization");

#[test]
fn authorizer_forms() {
    // (authorizer YAML, name, kind, function, ttl, identity source)
    type Case<'a> = (
        &'a str,
        &'a str,
        K,
        Option<&'a str>,
        Option<u64>,
        Option<&'a str>,
    );
    let cases: &[Case] = &[
        (
            "authFn",
            "authFn",
            K::Token,
            Some("authFn"),
            None,
            DEFAULT_ID,
        ),
        ("aws_iam", "", K::AwsIam, None, None, DEFAULT_ID),
        ("AWS_IAM", "", K::AwsIam, None, None, DEFAULT_ID),
        (
            "arn:aws:lambda:us-east-1:1:function:other-svc-dev-tokenAuth",
            "tokenAuth",
            K::Token,
            None,
            None,
            DEFAULT_ID,
        ),
        (
            "arn:aws:cognito-idp:us-east-1:1:userpool/us-east-1_X",
            "1_X",
            K::CognitoUserPools,
            None,
            None,
            DEFAULT_ID,
        ),
        (
            "{name: authFn}",
            "authFn",
            K::Token,
            Some("authFn"),
            Some(300),
            DEFAULT_ID,
        ),
        (
            "{name: authFn, type: request, resultTtlInSeconds: 0}",
            "authFn",
            K::Request,
            Some("authFn"),
            Some(0),
            None,
        ),
        (
            "{name: authFn, type: REQUEST, resultTtlInSeconds: 0, identitySource: 'method.request.header.X'}",
            "authFn",
            K::Request,
            Some("authFn"),
            Some(0),
            Some("method.request.header.X"),
        ),
        (
            "{name: authFn, type: request}",
            "authFn",
            K::Request,
            Some("authFn"),
            Some(300),
            DEFAULT_ID,
        ),
        (
            "{name: authFn, type: token, resultTtlInSeconds: 0}",
            "authFn",
            K::Token,
            Some("authFn"),
            Some(0),
            DEFAULT_ID,
        ),
        (
            "{name: authFn, resultTtlInSeconds: '60'}",
            "authFn",
            K::Token,
            Some("authFn"),
            Some(60),
            DEFAULT_ID,
        ),
        (
            "{arn: 'arn:aws:lambda:us-east-1:1:function:billing-authorizer', name: billingAuth}",
            "billingAuth",
            K::Token,
            None,
            Some(300),
            DEFAULT_ID,
        ),
        (
            "{arn: 'arn:aws:lambda:us-east-1:1:function:billing-authorizer'}",
            "authorizer",
            K::Token,
            None,
            Some(300),
            DEFAULT_ID,
        ),
        (
            "{arn: 'arn:aws:cognito-idp:us-east-1:1:userpool/p', name: pool}",
            "pool",
            K::CognitoUserPools,
            None,
            Some(300),
            DEFAULT_ID,
        ),
        (
            "{arn: {Fn::GetAtt: [Pool, Arn]}, name: pool, type: cognito_user_pools}",
            "pool",
            K::CognitoUserPools,
            None,
            Some(300),
            DEFAULT_ID,
        ),
        (
            "{type: aws_iam}",
            "",
            K::AwsIam,
            None,
            Some(300),
            DEFAULT_ID,
        ),
        (
            "{type: TOKEN, authorizerId: abc}",
            "",
            K::Token,
            None,
            Some(300),
            DEFAULT_ID,
        ),
        (
            "{type: COGNITO_USER_POOLS, authorizerId: abc, scopes: [s1]}",
            "",
            K::CognitoUserPools,
            None,
            Some(300),
            DEFAULT_ID,
        ),
    ];
    for (yaml, name, kind, function, ttl, identity) in cases {
        let a = endpoint(&format!(
            "\n          path: a\n          method: get\n          authorizer: {yaml}"
        ))
        .authorizer
        .unwrap();
        assert_eq!(a.name, *name, "{yaml}");
        assert_eq!(a.kind, *kind, "{yaml}");
        assert_eq!(a.function.as_deref(), *function, "{yaml}");
        assert_eq!(a.result_ttl_in_seconds, *ttl, "{yaml}");
        assert_eq!(a.identity_source.as_deref(), *identity, "{yaml}");
    }
}

#[test]
fn authorizer_arns_and_extras() {
    let a = endpoint("\n          path: a\n          method: get\n          authorizer: authFn")
        .authorizer
        .unwrap();
    assert_eq!(
        a.arn,
        Some(json!({"Fn::GetAtt": ["AuthFnLambdaFunction", "Arn"]}))
    );
    let a = endpoint("\n          path: a\n          method: get\n          integration: lambda\n          authorizer:\n            arn: arn:aws:cognito-idp:us-east-1:1:userpool/p\n            name: pool\n            claims: [email, 'custom:role']\n            scopes: [a/b]\n            identityValidationExpression: ^x$\n            managedExternally: true")
        .authorizer
        .unwrap();
    assert_eq!(a.claims, ["email", "custom:role"]);
    assert_eq!(a.scopes, ["a/b"]);
    assert_eq!(a.identity_validation_expression.as_deref(), Some("^x$"));
    assert!(a.managed_externally);
    let a = endpoint("\n          path: a\n          method: get\n          authorizer:\n            type: request\n            authorizerId: {Ref: Param}").authorizer.unwrap();
    assert_eq!(a.authorizer_id, Some(json!({"Ref": "Param"})));
    assert_eq!(a.arn, None);
}

#[test]
fn arn_helpers() {
    assert_eq!(
        name_from_arn("arn:aws:lambda:r:1:function:partner-auth-prod-validateToken"),
        "validateToken"
    );
    assert_eq!(name_from_arn("plain"), "plain");
    for (arn, cognito) in [
        ("arn:aws:cognito-idp:us-east-1:1:userpool/x", true),
        ("arn:aws-cn:cognito-idp:x", true),
        ("arn:aws:lambda:x", false),
        ("arn::cognito-idp", true),
        ("xarn:aws:cognito-idp", false),
    ] {
        assert_eq!(is_cognito_arn(arn), cognito, "{arn}");
    }
}
