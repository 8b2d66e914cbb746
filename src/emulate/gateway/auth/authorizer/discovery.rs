//! An issuer's signing keys found the way API Gateway finds them for the JWT authorizers of
//! HTTP APIs: `<issuer>/.well-known/openid-configuration`, its `jwks_uri`, then the JWKS
//! there; each fetch within [`FETCH_TIMEOUT`], each document at most [`MAX_DOCUMENT_BYTES`].
//!
//! Keys are cached per issuer ([`IssuerKeys`]) and fetched again when they are old or a
//! token names a key they lack (the issuer rotated its keys). A fetch that fails or does not
//! bring the named key pauses further fetches for [`REFETCH_PAUSE`]: tokens naming made-up
//! keys then cost nothing but their refusal, instead of a request to the issuer each.

use super::jwt::Jwks;
use crate::emulate::gateway::integration::http;
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long API Gateway waits for the discovery document and for the JWKS, each.
pub const FETCH_TIMEOUT: Duration = Duration::from_millis(1500);

/// API Gateway's largest JWKS; the discovery document is held to the same bound, as nothing
/// legitimate comes near it and the emulator should not read without bound.
pub const MAX_DOCUMENT_BYTES: usize = 150_000;

/// How long fetched keys are used before they are fetched again (AWS caches them for up to
/// two hours).
pub const KEYS_MAX_AGE: Duration = Duration::from_secs(2 * 60 * 60);

/// After a fetch that failed or lacked the key a token named, how long no other fetch is made
/// for that issuer.
pub const REFETCH_PAUSE: Duration = Duration::from_secs(30);

/// Whether keys can be discovered for `issuer`: an `http://` or `https://` URL.
pub fn is_discoverable(issuer: &str) -> bool {
    issuer.starts_with("https://") || issuer.starts_with("http://")
}

/// `<issuer>/.well-known/openid-configuration` (one slash between the two).
pub fn discovery_url(issuer: &str) -> String {
    format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    )
}

/// The keys of one issuer, fetched when a token needs them.
#[derive(Debug)]
pub struct IssuerKeys {
    pub issuer: String,
    /// Held across a fetch, so concurrent requests wait for one fetch instead of each making
    /// their own.
    cache: tokio::sync::Mutex<KeyCache>,
}

impl IssuerKeys {
    pub fn new(issuer: &str) -> IssuerKeys {
        IssuerKeys {
            issuer: issuer.to_string(),
            cache: tokio::sync::Mutex::new(KeyCache::default()),
        }
    }

    /// The keys to verify a token naming `kid` with: the cached ones, or freshly fetched ones
    /// when they lack `kid` (unless fetches are paused); why none can be had otherwise.
    pub async fn keys_for(&self, kid: &str) -> Result<Arc<Jwks>, String> {
        let mut cache = self.cache.lock().await;
        match cache.plan(kid, Instant::now()) {
            Plan::Use(keys) => Ok(keys),
            Plan::Refuse(why) => Err(why),
            Plan::Fetch => {
                let fetched = fetch(&self.issuer).await;
                cache.record(fetched, kid, Instant::now())
            }
        }
    }
}

/// What is known about an issuer's keys.
#[derive(Debug, Default)]
struct KeyCache {
    /// The last keys fetched, and when.
    keys: Option<(Arc<Jwks>, Instant)>,
    /// When the last fetch failed or lacked the named key, and why.
    paused_since: Option<(Instant, String)>,
}

/// What to do for a token.
#[derive(Debug)]
enum Plan {
    /// Verify with these keys (they may still lack the token's key: verifying says so).
    Use(Arc<Jwks>),
    /// No keys to verify with, and no fetch now.
    Refuse(String),
    Fetch,
}

impl KeyCache {
    fn plan(&self, kid: &str, now: Instant) -> Plan {
        if let Some((keys, at)) = &self.keys
            && now.duration_since(*at) < KEYS_MAX_AGE
            && keys.has_kid(kid)
        {
            return Plan::Use(keys.clone());
        }
        match (&self.paused_since, &self.keys) {
            (Some((at, _)), Some((keys, _))) if now.duration_since(*at) < REFETCH_PAUSE => {
                Plan::Use(keys.clone())
            }
            (Some((at, why)), None) if now.duration_since(*at) < REFETCH_PAUSE => {
                Plan::Refuse(why.clone())
            }
            _ => Plan::Fetch,
        }
    }

    /// Keeps what a fetch brought; the keys to verify with. When the fetch failed, keys
    /// fetched before still serve: an issuer briefly down should not lock everyone out.
    fn record(
        &mut self,
        fetched: Result<Jwks, String>,
        kid: &str,
        now: Instant,
    ) -> Result<Arc<Jwks>, String> {
        match fetched {
            Ok(keys) => {
                let keys = Arc::new(keys);
                self.paused_since = (!keys.has_kid(kid))
                    .then(|| (now, format!("the issuer's JWKS has no key {kid}")));
                self.keys = Some((keys.clone(), now));
                Ok(keys)
            }
            Err(why) => {
                self.paused_since = Some((now, why.clone()));
                match &self.keys {
                    Some((keys, _)) => Ok(keys.clone()),
                    None => Err(why),
                }
            }
        }
    }
}

/// Fetches the discovery document of `issuer`, then the JWKS its `jwks_uri` names.
pub async fn fetch(issuer: &str) -> Result<Jwks, String> {
    let config_url = discovery_url(issuer);
    let config: Value = serde_json::from_slice(&get(&config_url).await?)
        .map_err(|e| format!("{config_url} is not JSON: {e}"))?;
    let jwks_uri = config
        .get("jwks_uri")
        .and_then(Value::as_str)
        .ok_or_else(|| format!("{config_url} names no jwks_uri"))?;
    let body = get(jwks_uri).await?;
    let text = std::str::from_utf8(&body).map_err(|_| format!("{jwks_uri} is not UTF-8"))?;
    Jwks::parse(text).map_err(|why| format!("the JWKS at {jwks_uri}: {why}"))
}

/// One `GET` within [`FETCH_TIMEOUT`] and [`MAX_DOCUMENT_BYTES`].
async fn get(url: &str) -> Result<bytes::Bytes, String> {
    match tokio::time::timeout(FETCH_TIMEOUT, http::get(url, MAX_DOCUMENT_BYTES)).await {
        Err(_) => Err(format!(
            "{url} did not answer within {} ms",
            FETCH_TIMEOUT.as_millis()
        )),
        Ok(answer) => answer.map_err(|why| format!("{url}: {why}")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::jwt::test_key;
    use super::*;

    fn keys(kid: &str) -> Jwks {
        Jwks::parse(&test_key::jwks_json(kid)).unwrap()
    }

    fn fetches(plan: &Plan) -> bool {
        matches!(plan, Plan::Fetch)
    }

    #[test]
    fn the_first_token_fetches_and_known_keys_are_reused() {
        let start = Instant::now();
        let mut cache = KeyCache::default();
        assert!(fetches(&cache.plan("k1", start)));
        let got = cache.record(Ok(keys("k1")), "k1", start).unwrap();
        assert!(got.has_kid("k1"));
        assert!(matches!(cache.plan("k1", start + REFETCH_PAUSE), Plan::Use(k) if k.has_kid("k1")));
        // old keys are fetched again even when they hold the key
        assert!(fetches(&cache.plan("k1", start + KEYS_MAX_AGE)));
    }

    #[test]
    fn a_rotated_key_is_fetched_at_once_but_made_up_keys_pause_fetching() {
        let start = Instant::now();
        let mut cache = KeyCache::default();
        cache.record(Ok(keys("k1")), "k1", start).unwrap();
        // a key the cache lacks: fetch (the issuer may have rotated)
        let soon = start + Duration::from_secs(1);
        assert!(fetches(&cache.plan("k2", soon)));
        cache.record(Ok(keys("k2")), "k2", soon).unwrap();
        assert!(matches!(cache.plan("k2", soon), Plan::Use(_)));
        // a made-up key: one fetch, then none until the pause is over
        assert!(fetches(&cache.plan("forged", soon)));
        let used = cache.record(Ok(keys("k2")), "forged", soon).unwrap();
        assert!(!used.has_kid("forged"));
        for kid in ["forged", "other"] {
            assert!(matches!(cache.plan(kid, soon), Plan::Use(_)), "{kid}");
            assert!(
                !fetches(&cache.plan(kid, soon + REFETCH_PAUSE / 2)),
                "{kid}"
            );
        }
        // the issuer's real keys are still used during the pause
        assert!(matches!(cache.plan("k2", soon), Plan::Use(k) if k.has_kid("k2")));
        assert!(fetches(&cache.plan("other", soon + REFETCH_PAUSE)));
    }

    #[test]
    fn a_failed_fetch_refuses_until_the_pause_is_over_and_old_keys_still_serve() {
        let start = Instant::now();
        let mut cache = KeyCache::default();
        let why = "http://127.0.0.1:1/.well-known/openid-configuration: refused".to_string();
        assert_eq!(
            cache.record(Err(why.clone()), "k1", start).unwrap_err(),
            why
        );
        assert!(matches!(cache.plan("k1", start), Plan::Refuse(w) if w == why));
        assert!(fetches(&cache.plan("k1", start + REFETCH_PAUSE)));

        let later = start + REFETCH_PAUSE;
        cache.record(Ok(keys("k1")), "k1", later).unwrap();
        let old = later + KEYS_MAX_AGE;
        let kept = cache.record(Err(why), "k1", old).unwrap();
        assert!(kept.has_kid("k1"));
    }

    #[test]
    fn discovery_urls_and_issuers() {
        assert_eq!(
            discovery_url("https://id.example.com/pool/"),
            "https://id.example.com/pool/.well-known/openid-configuration"
        );
        assert!(is_discoverable("http://127.0.0.1:8080"));
        assert!(is_discoverable(
            "https://cognito-idp.us-east-1.amazonaws.com/p"
        ));
        assert!(!is_discoverable("issuer.example.com"));
    }
}
