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

/// The modulus (base64url) of an RSA key that is not the test key: its private half was thrown
/// away, so nothing the tests sign verifies with it.
const OTHER_MODULUS: &str = "sCLSb6iXObjZJXK66LysygSXGaTITHPUBjmDMMUfvXmcCsuxsKa3OK0kJYtH6MS9S-2JnLAGSGX6jl1FxPq9nIp5FiffwLLT-CuJlcNgG7TFhjh-YdukFq4RvF3_fyxQQSitev60RrKBptK8QqbPqvNMCMIXjgpfroUtU1CR2BmP6g_Lj0Ckf5-2h7VXKqycd0Jqqm03IubzX56kpa4q4m2QnK4rr_dC9vyby6SEZaq86vRJhupmitdJHVs4c8OEZ1eYwKPGJZzvb3AGFPm_DgXvFT04CTXduV1BX7ZZ2J1s9KCuRXrobCMHqinifhxkaCXrz0B0ACar4ClYtL1ELw";

/// A JWKS whose key `kid` is another key than the one [`sign`] signs with.
pub fn other_jwks(kid: &str) -> String {
    serde_json::json!({"keys": [{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid,
        "n": OTHER_MODULUS, "e": "AQAB"}]})
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
