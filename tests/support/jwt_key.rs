//! The test RSA key of the unit tests (`src/emulate/gateway/auth/authorizer/testdata/`): signs
//! tokens the way an identity provider would and gives the JWKS to verify them with, for the
//! Cognito and HTTP API JWT authorizers.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use ring::signature::RsaKeyPair;

fn pair() -> RsaKeyPair {
    let b64 = include_str!("../../src/emulate/gateway/auth/authorizer/testdata/rsa2048.pkcs1.b64");
    RsaKeyPair::from_der(&STANDARD.decode(b64.trim()).unwrap()).unwrap()
}

pub fn jwks(kid: &str) -> String {
    let p = ring::rsa::PublicKeyComponents::<Vec<u8>>::from(pair().public());
    serde_json::json!({"keys": [{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid,
        "n": URL_SAFE_NO_PAD.encode(&p.n), "e": URL_SAFE_NO_PAD.encode(&p.e)}]})
    .to_string()
}

/// An RS256 token for `claims` whose header names key `kid`.
pub fn sign(kid: &str, claims: &serde_json::Value) -> String {
    sign_with(&serde_json::json!({"alg": "RS256", "kid": kid}), claims)
}

/// A token with `header` as written; signed with RS384 or RS512 when its `alg` says so, else
/// RS256 (so `alg: none` or `HS256` headers carry an RSA signature the verifier must refuse).
pub fn sign_with(header: &serde_json::Value, claims: &serde_json::Value) -> String {
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let encoding: &'static dyn ring::signature::RsaEncoding = match header["alg"].as_str() {
        Some("RS384") => &ring::signature::RSA_PKCS1_SHA384,
        Some("RS512") => &ring::signature::RSA_PKCS1_SHA512,
        _ => &ring::signature::RSA_PKCS1_SHA256,
    };
    let k = pair();
    let mut sig = vec![0; k.public().modulus_len()];
    k.sign(
        encoding,
        &ring::rand::SystemRandom::new(),
        input.as_bytes(),
        &mut sig,
    )
    .unwrap();
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig))
}
