//! JSON Web Tokens signed with RS256, checked against a JWKS (`{"keys": [{"kid", "kty": "RSA",
//! "n", "e"}]}`): the signature (with `ring`), then the claims are handed back for the caller's
//! checks.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

/// The RSA public keys of a JWKS.
#[derive(Clone, Debug, Default)]
pub struct Jwks {
    keys: Vec<(Option<String>, Vec<u8>, Vec<u8>)>,
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

    /// The claims of `token` when its RS256 signature verifies with the key its `kid` names
    /// (any key when it names none).
    pub fn verify(&self, token: &str) -> Result<Map<String, Value>, String> {
        let mut parts = token.split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err("not a JWS compact token".into());
        };
        let header: Value = decode_json(h)?;
        if header.get("alg").and_then(Value::as_str) != Some("RS256") {
            return Err("alg is not RS256".into());
        }
        let kid = header.get("kid").and_then(Value::as_str);
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
                    .verify(
                        &ring::signature::RSA_PKCS1_2048_8192_SHA256,
                        signed.as_bytes(),
                        &sig,
                    )
                    .is_ok()
            });
        if !ok {
            return Err("signature does not verify".into());
        }
        match decode_json(p)? {
            Value::Object(m) => Ok(m),
            _ => Err("payload is not an object".into()),
        }
    }
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
        let header = serde_json::json!({"alg": "RS256", "kid": kid});
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let k = pair();
        let mut sig = vec![0; k.public().modulus_len()];
        k.sign(
            &RSA_PKCS1_SHA256,
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
}
