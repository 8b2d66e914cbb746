//! Cognito user-pool authorizers: the token from the identity source is verified against the
//! JWKS given with `--jwks` (RS256 signature, `exp`, the pool's issuer
//! `https://cognito-idp.<region>.amazonaws.com/<poolId>` when the pool ARN is literal), the
//! audience (the app client the token was issued to: `aud` of an ID token, `client_id` of an
//! access token; one of `--cognito-client-id` when given). Without `scopes` on the method an ID
//! token is required; with them an access token whose `scope` holds one of them. The claims reach `requestContext.authorizer.claims` as strings, the
//! time claims formatted as API Gateway formats them.

use super::jwt::{Jwks, stringify_claims};
use serde_json::Value;

/// `arn:aws:cognito-idp:<region>:<account>:userpool/<poolId>` → the pool's issuer URL.
pub fn issuer_from_arn(arn: &Value) -> Option<String> {
    let s = arn.as_str()?;
    let mut parts = s.splitn(6, ':');
    let (_, _, service, region, _, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    let pool = resource.strip_prefix("userpool/")?;
    (service == "cognito-idp" && !region.is_empty() && !pool.is_empty())
        .then(|| format!("https://cognito-idp.{region}.amazonaws.com/{pool}"))
}

/// The `claims` object of an accepted token.
pub fn check(
    jwks: &Jwks,
    token: &str,
    issuer: Option<&str>,
    clients: &[String],
    scopes: &[String],
    now_secs: u64,
) -> Result<Value, String> {
    let token = token.strip_prefix("Bearer ").unwrap_or(token).trim();
    let claims = jwks.verify(token)?;
    match claims.get("exp").and_then(Value::as_f64) {
        Some(exp) if exp > now_secs as f64 => {}
        Some(_) => return Err("the token has expired".into()),
        None => return Err("the token has no exp".into()),
    }
    if let Some(want) = issuer
        && claims.get("iss").and_then(Value::as_str) != Some(want)
    {
        return Err(format!("the issuer is not {want}"));
    }
    let token_use = claims.get("token_use").and_then(Value::as_str);
    if scopes.is_empty() {
        if token_use != Some("id") {
            return Err("an ID token is required (the method has no scopes)".into());
        }
    } else {
        if token_use != Some("access") {
            return Err("an access token is required (the method has scopes)".into());
        }
        let granted = claims.get("scope").and_then(Value::as_str).unwrap_or("");
        if !granted.split(' ').any(|g| scopes.iter().any(|s| s == g)) {
            return Err("the token has none of the method's scopes".into());
        }
    }
    let audience_claim = if token_use == Some("id") {
        "aud"
    } else {
        "client_id"
    };
    match claims.get(audience_claim).and_then(Value::as_str) {
        Some(c) if !c.is_empty() && (clients.is_empty() || clients.iter().any(|x| x == c)) => {}
        Some(c) if !c.is_empty() => {
            return Err(format!(
                "the token was issued to app client {c}, not one of --cognito-client-id"
            ));
        }
        _ => return Err(format!("the token names no app client ({audience_claim})")),
    }
    // time claims as Java dates, lists as `[a, b]`
    Ok(Value::Object(stringify_claims(
        &claims,
        ", ",
        Some(java_date),
    )))
}

/// Java's `Date.toString()` in UTC: `Tue Mar 10 19:21:32 UTC 2020`.
pub fn java_date(epoch_secs: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    let days = (epoch_secs / 86_400) as i64;
    let s = epoch_secs % 86_400;
    let (y, m, d) = crate::common::time::civil_from_days(days);
    let wd = DAYS.get((days % 7) as usize).copied().unwrap_or("Thu");
    let month = crate::common::time::month_abbr(m);
    format!(
        "{wd} {month} {d:02} {:02}:{:02}:{:02} UTC {y}",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

#[cfg(test)]
mod tests {
    use super::super::jwt::test_key;
    use super::*;
    use serde_json::json;

    const ISS: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool";

    #[test]
    fn issuers_come_from_pool_arns() {
        assert_eq!(
            issuer_from_arn(&json!(
                "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Pool"
            ))
            .as_deref(),
            Some(ISS)
        );
        assert_eq!(issuer_from_arn(&json!({"Fn::GetAtt": ["P", "Arn"]})), None);
        assert_eq!(
            issuer_from_arn(&json!("arn:aws:lambda:us-east-1:1:function:f")),
            None
        );
    }

    #[test]
    fn tokens_are_checked_like_a_user_pool_authorizer() {
        let jwks = Jwks::parse(&test_key::jwks_json("k")).unwrap();
        let now = 1_700_000_000;
        let tok = |c: Value| test_key::sign("k", &c);
        let id = json!({"sub": "u", "iss": ISS, "token_use": "id", "exp": now + 60,
                        "aud": "app1", "email_verified": true, "cognito:groups": ["a", "b"]});
        let access = json!({"sub": "u", "iss": ISS, "token_use": "access", "exp": now + 60,
                            "client_id": "app1", "scope": "openid items/read"});
        let no_scopes: &[String] = &[];
        let read = ["items/read".to_string()];
        let write = ["items/write".to_string()];
        let cases: Vec<(Value, &[String], Option<&str>, bool)> = vec![
            (id.clone(), no_scopes, Some(ISS), true),
            (id.clone(), no_scopes, None, true),
            (id.clone(), no_scopes, Some("https://other"), false),
            (id.clone(), &read, Some(ISS), false),
            (access.clone(), &read, Some(ISS), true),
            (access.clone(), &write, Some(ISS), false),
            (access.clone(), no_scopes, Some(ISS), false),
            (
                json!({"iss": ISS, "token_use": "id", "exp": now - 1}),
                no_scopes,
                Some(ISS),
                false,
            ),
            (
                json!({"iss": ISS, "token_use": "id"}),
                no_scopes,
                Some(ISS),
                false,
            ),
        ];
        for (claims, scopes, iss, ok) in cases {
            let got = check(&jwks, &tok(claims.clone()), iss, &[], scopes, now);
            assert_eq!(got.is_ok(), ok, "{claims} {scopes:?} {iss:?}: {got:?}");
        }
        // the audience: the app client the token was issued to, one of the given ones if any
        let without = |mut c: Value, k: &str| {
            c.as_object_mut().unwrap().remove(k);
            c
        };
        let app1 = ["app1".to_string()];
        let app2 = ["app2".to_string(), "app3".to_string()];
        let audience: Vec<(Value, &[String], &[String], bool)> = vec![
            (id.clone(), &app1, no_scopes, true),
            (id.clone(), &app2, no_scopes, false),
            (without(id.clone(), "aud"), no_scopes, no_scopes, false),
            (json!({"aud": ""}), no_scopes, no_scopes, false),
            (access.clone(), &app1, &read, true),
            (access.clone(), &app2, &read, false),
            (
                without(access.clone(), "client_id"),
                no_scopes,
                &read,
                false,
            ),
            // an access token's `aud` does not stand in for its client_id
            (
                json!({"iss": ISS, "token_use": "access", "exp": now + 60, "aud": "app1",
                       "scope": "items/read"}),
                no_scopes,
                &read,
                false,
            ),
        ];
        for (claims, clients, scopes, ok) in audience {
            let got = check(&jwks, &tok(claims.clone()), Some(ISS), clients, scopes, now);
            assert_eq!(got.is_ok(), ok, "{claims} {clients:?}: {got:?}");
        }
        let claims = check(&jwks, &tok(id), Some(ISS), &[], no_scopes, now).unwrap();
        assert_eq!(claims["email_verified"], "true");
        assert_eq!(claims["cognito:groups"], "[a, b]");
        assert_eq!(claims["exp"], "Tue Nov 14 22:14:20 UTC 2023");
    }

    #[test]
    fn java_dates() {
        assert_eq!(java_date(0), "Thu Jan 01 00:00:00 UTC 1970");
        assert_eq!(java_date(1_583_868_092), "Tue Mar 10 19:21:32 UTC 2020");
    }
}
