//! JSON Web Tokens signed with RSA, checked against a JWKS (`{"keys": [{"kid", "kty": "RSA",
//! "n", "e"}]}`): the signature (with `ring`), then the claims are handed back for the caller's
//! checks. Cognito user-pool authorizers (REST) take RS256 with or without a `kid`; the JWT
//! authorizers of HTTP APIs take any RSA PKCS#1 algorithm and require a `kid` ([`Rules`]).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The RSA public keys of a JWKS.
#[derive(Clone, Debug, Default)]
pub struct Jwks {
    keys: Vec<(Option<String>, Vec<u8>, Vec<u8>)>,
    verified: VerifiedTokens,
}

/// A token whose signature verified with a [`Jwks`], decoded once.
#[derive(Debug, PartialEq)]
pub struct VerifiedToken {
    /// The header's `alg`.
    alg: String,
    /// The header's `kid`.
    kid: Option<String>,
    /// The payload.
    pub claims: Map<String, Value>,
    /// What an HTTP API's JWT authorizer passes on about the token, made once: a client sends
    /// the same token with every request.
    http_api: OnceLock<HttpApiClaims>,
}

/// A token as an HTTP API's JWT authorizer passes it on to the integration.
#[derive(Debug, PartialEq)]
pub struct HttpApiClaims {
    /// The token's scopes: `scope` (space-separated) or `scp` (a list or space-separated);
    /// `None` when it has neither.
    pub scopes: Option<Vec<String>>,
    /// `{"claims": {..}, "scopes": [..] | null}`, every claim a string (numbers as written,
    /// observed: `"exp": "1787996002"`; lists Go-style `[a b]`).
    pub context: Value,
    /// `context` as JSON text, as the event writer copies it.
    pub context_json: String,
}

impl VerifiedToken {
    fn new(alg: &str, kid: Option<&str>, claims: Map<String, Value>) -> VerifiedToken {
        VerifiedToken {
            alg: alg.to_string(),
            kid: kid.map(String::from),
            claims,
            http_api: OnceLock::new(),
        }
    }

    /// A token with these claims, as if it had verified (for tests of what follows).
    #[cfg(test)]
    pub fn with_claims(claims: Map<String, Value>) -> VerifiedToken {
        VerifiedToken::new("RS256", None, claims)
    }

    /// The token as an HTTP API's JWT authorizer passes it on.
    pub fn http_api(&self) -> &HttpApiClaims {
        self.http_api.get_or_init(|| {
            let scopes = token_scopes(&self.claims);
            let context = serde_json::json!({
                "claims": stringify_claims(&self.claims, " ", None),
                "scopes": scopes,
            });
            let context_json = context.to_string();
            HttpApiClaims {
                scopes,
                context,
                context_json,
            }
        })
    }
}

/// The token's scopes: `scope` (space-separated) or `scp` (a list or space-separated); `None`
/// when it has neither.
fn token_scopes(claims: &Map<String, Value>) -> Option<Vec<String>> {
    let split = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
    match (claims.get("scope"), claims.get("scp")) {
        (Some(Value::String(s)), _) => Some(split(s)),
        (_, Some(Value::String(s))) => Some(split(s)),
        (_, Some(Value::Array(items))) => Some(
            items
                .iter()
                .filter_map(|i| i.as_str().map(String::from))
                .collect(),
        ),
        _ => None,
    }
}

/// The tokens whose signature has verified with these keys, decoded. A client sends the same
/// token with every request until it expires, and `ring` rebuilds the RSA key (its Montgomery
/// constants) on each verification (figures in BENCHMARKS.md). Whether a signature verifies
/// depends only on the token's text and the keys, which never change once read, and the
/// header and payload are parts of that text: a token found here needs neither again. What
/// depends on the verifier's rules (algorithm, kid) or on the time (expiry) is still checked on
/// every request.
#[derive(Debug, Default)]
struct VerifiedTokens(Mutex<HashMap<String, Arc<VerifiedToken>, TailHash>>);

/// Hashes a token by its length and last 16 bytes, its signature's end, which differs from one
/// token to the next: SipHash over the whole 600-odd bytes cost more than the rest of the
/// lookup, on every request of a JWT route. Lookups still compare whole tokens, so tokens that
/// share an end only share a bucket.
#[derive(Clone, Copy, Debug, Default)]
struct TailHash;

impl std::hash::BuildHasher for TailHash {
    type Hasher = TailHasher;
    fn build_hasher(&self) -> TailHasher {
        TailHasher(0)
    }
}

#[derive(Debug)]
struct TailHasher(u64);

impl std::hash::Hasher for TailHasher {
    fn write(&mut self, bytes: &[u8]) {
        let tail = &bytes[bytes.len().saturating_sub(16)..];
        let mut h = self.0 ^ (bytes.len() as u64);
        for chunk in tail.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        crate::common::ids::splitmix64(self.0)
    }
}

/// Past this many tokens the set is emptied, so that a stream of distinct tokens cannot grow
/// it without bound; the tokens still in use verify again once each.
const VERIFIED_TOKENS_MAX: usize = 1024;

impl VerifiedTokens {
    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<VerifiedToken>, TailHash>> {
        // the map holds no invariant a panicking holder could break
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn get(&self, token: &str) -> Option<Arc<VerifiedToken>> {
        self.map().get(token).cloned()
    }

    fn insert(&self, token: &str, verified: Arc<VerifiedToken>) {
        let mut map = self.map();
        if map.len() >= VERIFIED_TOKENS_MAX {
            map.clear();
        }
        map.insert(token.to_string(), verified);
    }
}

impl Clone for VerifiedTokens {
    fn clone(&self) -> VerifiedTokens {
        VerifiedTokens(Mutex::new(self.map().clone()))
    }
}

impl Jwks {
    /// Reads a JWKS document; keys that are not RSA are ignored.
    pub fn parse(text: &str) -> Result<Jwks, String> {
        let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        let keys = v
            .get("keys")
            .and_then(Value::as_array)
            .ok_or("no `keys` list")?;
        let mut out = Jwks::default();
        for k in keys {
            if k.get("kty").and_then(Value::as_str) != Some("RSA") {
                continue;
            }
            let part = |name: &str| {
                k.get(name)
                    .and_then(Value::as_str)
                    .and_then(|s| URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')).ok())
            };
            let (Some(n), Some(e)) = (part("n"), part("e")) else {
                return Err("an RSA key lacks `n` or `e`".into());
            };
            let kid = k.get("kid").and_then(Value::as_str).map(String::from);
            out.keys.push((kid, n, e));
        }
        if out.keys.is_empty() {
            return Err("no RSA keys".into());
        }
        Ok(out)
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Whether a key is named `kid`.
    pub fn has_kid(&self, kid: &str) -> bool {
        self.keys.iter().any(|(k, _, _)| k.as_deref() == Some(kid))
    }

    /// The claims of `token` when its RS256 signature verifies with the key its `kid` names
    /// (any key when it names none): what Cognito user pools sign with.
    pub fn verify(&self, token: &str) -> Result<Map<String, Value>, String> {
        self.verify_with(token, Rules::COGNITO)
    }

    /// The claims of `token` when its signature verifies under `rules`.
    pub fn verify_with(&self, token: &str, rules: Rules) -> Result<Map<String, Value>, String> {
        self.verify_shared(token, rules).map(|t| t.claims.clone())
    }

    /// `token` decoded when its signature verifies under `rules` (decoded and verified once
    /// per token: see [`VerifiedTokens`]).
    pub fn verify_shared(&self, token: &str, rules: Rules) -> Result<Arc<VerifiedToken>, String> {
        if let Some(known) = self.verified.get(token) {
            self.algorithm(&known.alg, known.kid.as_deref(), rules)?;
            return Ok(known);
        }
        let mut parts = token.split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err("not a JWS compact token".into());
        };
        let header: Value = decode_json(h)?;
        let alg = header.get("alg").and_then(Value::as_str).unwrap_or("none");
        let kid = header.get("kid").and_then(Value::as_str);
        let algorithm = self.algorithm(alg, kid, rules)?;
        let sig = URL_SAFE_NO_PAD
            .decode(s)
            .map_err(|_| "signature is not base64url")?;
        let signed = &token[..h.len() + 1 + p.len()];
        let ok = self
            .keys
            .iter()
            .filter(|(k, _, _)| kid.is_none() || k.as_deref() == kid)
            .any(|(_, n, e)| {
                ring::signature::RsaPublicKeyComponents { n, e }
                    .verify(algorithm, signed.as_bytes(), &sig)
                    .is_ok()
            });
        if !ok {
            return Err("signature does not verify".into());
        }
        let Value::Object(claims) = decode_json(p)? else {
            return Err("payload is not an object".into());
        };
        let verified = Arc::new(VerifiedToken::new(alg, kid, claims));
        self.verified.insert(token, verified.clone());
        Ok(verified)
    }

    /// The verification algorithm of a token signed with `alg` naming key `kid`, when `rules`
    /// accept both.
    fn algorithm(
        &self,
        alg: &str,
        kid: Option<&str>,
        rules: Rules,
    ) -> Result<&'static ring::signature::RsaParameters, String> {
        let algorithm: &'static ring::signature::RsaParameters = match alg {
            "RS256" => &ring::signature::RSA_PKCS1_2048_8192_SHA256,
            "RS384" if rules.any_rsa => &ring::signature::RSA_PKCS1_2048_8192_SHA384,
            "RS512" if rules.any_rsa => &ring::signature::RSA_PKCS1_2048_8192_SHA512,
            other => return Err(format!("the signing algorithm {other} is not accepted")),
        };
        if rules.kid_required {
            match kid {
                None => return Err("the token header has no kid".into()),
                Some(k) if !self.has_kid(k) => {
                    return Err(format!("no key of the JWKS has kid {k}"));
                }
                Some(_) => {}
            }
        }
        Ok(algorithm)
    }

    /// `token` decoded, when it verified with these keys before: `None` when it did not (or
    /// not yet), else the verdict of `rules` on it.
    pub fn verified(
        &self,
        token: &str,
        rules: Rules,
    ) -> Option<Result<Arc<VerifiedToken>, String>> {
        let known = self.verified.get(token)?;
        Some(
            self.algorithm(&known.alg, known.kid.as_deref(), rules)
                .map(|_| known),
        )
    }
}

/// Which tokens a verifier accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    /// RS384 and RS512 besides RS256.
    pub any_rsa: bool,
    /// The header must name the key (`kid`) and the JWKS must hold it.
    pub kid_required: bool,
}

impl Rules {
    /// Cognito user pools sign with RS256.
    pub const COGNITO: Rules = Rules {
        any_rsa: false,
        kid_required: false,
    };
    /// HTTP API JWT authorizers: "only RSA algorithms", and `kid` must match a JWKS key.
    pub const HTTP_API: Rules = Rules {
        any_rsa: true,
        kid_required: true,
    };
}

/// Claims with every value a string, as API Gateway hands them to the integration: strings as
/// they are, arrays as `[a<separator>b]`, the time claims (`exp`, `iat`, `auth_time`, `nbf`)
/// through `time` when given, anything else as JSON text.
pub fn stringify_claims(
    claims: &Map<String, Value>,
    separator: &str,
    time: Option<fn(u64) -> String>,
) -> Map<String, Value> {
    claims
        .iter()
        .map(|(k, v)| {
            let s = match (v, k.as_str(), time) {
                (Value::Number(n), "exp" | "iat" | "auth_time" | "nbf", Some(time)) => {
                    n.as_u64().map(time).unwrap_or_else(|| n.to_string())
                }
                (Value::String(s), _, _) => s.clone(),
                (Value::Array(items), _, _) => {
                    let parts: Vec<String> = items
                        .iter()
                        .map(|i| i.as_str().map_or_else(|| i.to_string(), String::from))
                        .collect();
                    format!("[{}]", parts.join(separator))
                }
                _ => v.to_string(),
            };
            (k.clone(), Value::String(s))
        })
        .collect()
}

/// The `kid` a token's header names, `None` when it names none or is not a token.
pub fn token_kid(token: &str) -> Option<String> {
    let header = decode_json(token.split('.').next()?).ok()?;
    header.get("kid").and_then(Value::as_str).map(String::from)
}

fn decode_json(part: &str) -> Result<Value, String> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| "a part is not base64url".to_string())?;
    serde_json::from_slice(&bytes).map_err(|_| "a part is not JSON".into())
}

#[cfg(test)]
pub mod test_key {
    //! A fixed RSA key for tests: signs tokens and gives its JWKS.
    use super::*;
    use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};

    const PKCS1_B64: &str = include_str!("testdata/rsa2048.pkcs1.b64");

    pub fn pair() -> RsaKeyPair {
        let der = base64::engine::general_purpose::STANDARD
            .decode(PKCS1_B64.trim())
            .unwrap();
        RsaKeyPair::from_der(&der).unwrap()
    }

    pub fn jwks_json(kid: &str) -> String {
        let k = pair();
        let p = ring::rsa::PublicKeyComponents::<Vec<u8>>::from(k.public());
        serde_json::json!({"keys": [{
            "kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid,
            "n": URL_SAFE_NO_PAD.encode(&p.n),
            "e": URL_SAFE_NO_PAD.encode(&p.e),
        }]})
        .to_string()
    }

    pub fn sign(kid: &str, claims: &Value) -> String {
        sign_with(&serde_json::json!({"alg": "RS256", "kid": kid}), claims)
    }

    /// A token with `header` (its `alg` is written as given; the signature is RS256's,
    /// RS384's or RS512's as it names, RS256's for anything else).
    pub fn sign_with(header: &Value, claims: &Value) -> String {
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let k = pair();
        let mut sig = vec![0; k.public().modulus_len()];
        let alg: &'static dyn ring::signature::RsaEncoding =
            match header.get("alg").and_then(Value::as_str) {
                Some("RS384") => &ring::signature::RSA_PKCS1_SHA384,
                Some("RS512") => &ring::signature::RSA_PKCS1_SHA512,
                _ => &RSA_PKCS1_SHA256,
            };
        k.sign(
            alg,
            &ring::rand::SystemRandom::new(),
            signing_input.as_bytes(),
            &mut sig,
        )
        .unwrap();
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(sig))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rs256_tokens_verify_and_tampering_fails() {
        let jwks = Jwks::parse(&test_key::jwks_json("k1")).unwrap();
        let claims = json!({"sub": "u1", "token_use": "id"});
        let token = test_key::sign("k1", &claims);
        assert_eq!(Value::Object(jwks.verify(&token).unwrap()), claims);

        let other_kid = test_key::sign("k2", &claims);
        assert!(jwks.verify(&other_kid).is_err());
        let (head, rest) = token.split_once('.').unwrap();
        let (_, sig) = rest.split_once('.').unwrap();
        let forged_payload = URL_SAFE_NO_PAD.encode(json!({"sub": "admin"}).to_string());
        let forged = format!("{head}.{forged_payload}.{sig}");
        for bad in [forged.as_str(), "a.b", "", "x.y.z", &format!("{token}.")] {
            assert!(jwks.verify(bad).is_err(), "{bad}");
        }
        let none_alg = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        assert!(jwks.verify(&none_alg).is_err());
    }

    #[test]
    fn http_api_rules_take_rsa_family_and_need_a_known_kid() {
        let jwks = Jwks::parse(&test_key::jwks_json("k1")).unwrap();
        let claims = json!({"sub": "u1"});
        for alg in ["RS256", "RS384", "RS512"] {
            let t = test_key::sign_with(&json!({"alg": alg, "kid": "k1"}), &claims);
            assert!(jwks.verify_with(&t, Rules::HTTP_API).is_ok(), "{alg}");
            assert_eq!(jwks.verify(&t).is_ok(), alg == "RS256", "{alg}");
        }
        let cases = [
            json!({"alg": "RS256"}),
            json!({"alg": "RS256", "kid": "k2"}),
            json!({"alg": "HS256", "kid": "k1"}),
            json!({"alg": "ES256", "kid": "k1"}),
            json!({"alg": "none", "kid": "k1"}),
        ];
        for header in cases {
            let t = test_key::sign_with(&header, &claims);
            assert!(jwks.verify_with(&t, Rules::HTTP_API).is_err(), "{header}");
        }
        // a kidless RS256 token still verifies for Cognito
        let t = test_key::sign_with(&json!({"alg": "RS256"}), &claims);
        assert!(jwks.verify(&t).is_ok());
    }

    #[test]
    fn a_verified_token_answers_the_same_again_and_forgeries_still_fail() {
        let jwks = Jwks::parse(&test_key::jwks_json("k1")).unwrap();
        let claims = json!({"sub": "u1"});
        let token = test_key::sign("k1", &claims);
        for _ in 0..2 {
            assert_eq!(Value::Object(jwks.verify(&token).unwrap()), claims);
        }
        // the same signature on other text, and other text with no signature
        let (signed, sig) = token.rsplit_once('.').unwrap();
        let (head, _) = signed.split_once('.').unwrap();
        let forged_payload = URL_SAFE_NO_PAD.encode(json!({"sub": "admin"}).to_string());
        for bad in [
            format!("{head}.{forged_payload}.{sig}"),
            format!("{signed}."),
        ] {
            assert!(jwks.verify(&bad).is_err(), "{bad}");
            assert!(jwks.verify(&bad).is_err(), "{bad}, again");
        }
        // an RS384 token verified for an HTTP API is still refused by Cognito's rules
        let rs384 = test_key::sign_with(&json!({"alg": "RS384", "kid": "k1"}), &claims);
        assert!(jwks.verify_with(&rs384, Rules::HTTP_API).is_ok());
        assert!(jwks.verify(&rs384).is_err());
    }

    #[test]
    fn tokens_sharing_their_end_stay_distinct() {
        let verified = VerifiedTokens::default();
        let token = |sub: &str| {
            Arc::new(VerifiedToken::with_claims(
                json!({ "sub": sub }).as_object().cloned().unwrap(),
            ))
        };
        let tail = "x".repeat(40);
        verified.insert(&format!("a.{tail}"), token("a"));
        verified.insert(&format!("b.{tail}"), token("b"));
        assert_eq!(
            verified.get(&format!("a.{tail}")).unwrap().claims["sub"],
            "a"
        );
        assert_eq!(
            verified.get(&format!("b.{tail}")).unwrap().claims["sub"],
            "b"
        );
        assert!(verified.get(&format!("c.{tail}")).is_none());
        // the plain hasher's map holds the same tokens
        let mut plain: HashMap<String, &str> = HashMap::new();
        plain.insert(format!("a.{tail}"), "a");
        plain.insert(format!("b.{tail}"), "b");
        assert_eq!(plain.len(), verified.map().len());
    }

    #[test]
    fn the_verified_set_stays_bounded() {
        let verified = VerifiedTokens::default();
        let token = Arc::new(VerifiedToken::with_claims(Map::new()));
        for i in 0..VERIFIED_TOKENS_MAX + 3 {
            verified.insert(&format!("token {i}"), token.clone());
        }
        assert!(verified.map().len() <= VERIFIED_TOKENS_MAX);
        assert!(
            verified
                .get(&format!("token {}", VERIFIED_TOKENS_MAX + 2))
                .is_some()
        );
    }

    #[test]
    fn a_remembered_token_answers_as_decoding_it_again_would() {
        let jwks = Jwks::parse(&test_key::jwks_json("k1")).unwrap();
        let claims = json!({"sub": "u1", "scope": "a b", "exp": 4_000_000_000u64});
        let token = test_key::sign_with(&json!({"alg": "RS256", "kid": "k1"}), &claims);
        assert!(
            jwks.verified(&token, Rules::HTTP_API).is_none(),
            "not verified yet"
        );
        let first = jwks.verify_shared(&token, Rules::HTTP_API).unwrap();
        assert_eq!(Value::Object(first.claims.clone()), claims);
        let again = jwks
            .verified(&token, Rules::HTTP_API)
            .expect("remembered")
            .unwrap();
        assert!(Arc::ptr_eq(&first, &again), "the same decoded token");
        // what the HTTP API passes on is made once and is what the claims give
        let passed_on = again.http_api();
        assert!(std::ptr::eq(passed_on, first.http_api()));
        assert_eq!(
            passed_on.scopes,
            Some(vec!["a".to_string(), "b".to_string()])
        );
        assert_eq!(
            passed_on.context,
            json!({
                "claims": stringify_claims(&first.claims, " ", None),
                "scopes": ["a", "b"],
            })
        );
        // the rules still decide: a kid-less token verified for Cognito is refused for HTTP APIs
        let no_kid = test_key::sign_with(&json!({"alg": "RS256"}), &claims);
        assert!(jwks.verify(&no_kid).is_ok());
        assert!(
            jwks.verified(&no_kid, Rules::HTTP_API)
                .expect("remembered")
                .is_err()
        );
        assert!(jwks.verify_shared(&no_kid, Rules::HTTP_API).is_err());
    }

    #[test]
    fn jwks_documents_are_checked() {
        for bad in [
            "",
            "{}",
            r#"{"keys": []}"#,
            r#"{"keys": [{"kty": "RSA", "n": "AQAB"}]}"#,
        ] {
            assert!(Jwks::parse(bad).is_err(), "{bad}");
        }
    }

    /// Untrusted input never panics: arbitrary tokens (and arbitrary edits of a valid one) do not
    /// verify, and arbitrary JWKS documents parse or are refused.
    mod robust {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn arbitrary_tokens_are_refused(token in ".{0,300}") {
                let jwks = Jwks::parse(&test_key::jwks_json("k1")).unwrap();
                prop_assert!(jwks.verify(&token).is_err());
                let _ = token_kid(&token);
            }

            #[test]
            fn edited_tokens_are_refused(at in 0usize..400, byte in any::<u8>()) {
                let jwks = Jwks::parse(&test_key::jwks_json("k1")).unwrap();
                let token = test_key::sign("k1", &json!({"sub": "u1"}));
                let mut bytes = token.clone().into_bytes();
                let at = at % bytes.len();
                prop_assume!(bytes[at] != byte);
                bytes[at] = byte;
                let edited = String::from_utf8_lossy(&bytes).into_owned();
                prop_assume!(edited != token);
                prop_assert!(jwks.verify(&edited).is_err(), "{}", edited);
            }

            #[test]
            fn arbitrary_key_sets_parse_or_are_refused(text in ".{0,300}") {
                let _ = Jwks::parse(&text);
                let keys = format!(r#"{{"keys":[{{"kty":"RSA","kid":"k","n":"{text}","e":"AQAB"}}]}}"#);
                if let Ok(jwks) = Jwks::parse(&keys) {
                    let token = test_key::sign("k", &json!({"sub": "u1"}));
                    let _ = jwks.verify(&token);
                }
            }
        }
    }
}
