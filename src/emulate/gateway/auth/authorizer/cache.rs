//! An authorizer's result cache: identity (the token, or the REQUEST identity-source values) →
//! the authorizer's answer, for `resultTtlInSeconds`. REST Lambda authorizers keep a [`Grant`];
//! HTTP API Lambda authorizers keep their own reading of the answer. The cached policy is evaluated again
//! against each later method ARN, as API Gateway does. Lookups borrow the identity (no
//! allocation on a hit); expired entries are swept when the cache grows.

use super::policy::Grant;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const SWEEP_AT: usize = 10_000;

#[derive(Debug)]
pub struct Cache<T = Grant> {
    entries: Mutex<HashMap<String, (u64, Arc<T>)>>,
}

impl<T> Default for Cache<T> {
    fn default() -> Self {
        Cache {
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<T> Cache<T> {
    /// The unexpired answer for `identity` at `now_ms`.
    pub fn get(&self, identity: &str, now_ms: u64) -> Option<Arc<T>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        match entries.get(identity) {
            Some((expires, g)) if *expires > now_ms => Some(g.clone()),
            _ => None,
        }
    }

    /// Keeps `grant` for `ttl_secs` from `now_ms` (nothing when the TTL is 0).
    pub fn put(&self, identity: &str, grant: Arc<T>, ttl_secs: u64, now_ms: u64) {
        if ttl_secs == 0 {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= SWEEP_AT {
            entries.retain(|_, (expires, _)| *expires > now_ms);
        }
        let expires = now_ms.saturating_add(ttl_secs.saturating_mul(1000));
        entries.insert(identity.to_string(), (expires, grant));
    }

    pub fn len(&self) -> usize {
        self.entries.lock().map(|e| e.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Map, Value};

    fn grant(p: &str) -> Arc<Grant> {
        let mut authorizer = Map::new();
        authorizer.insert("principalId".into(), p.into());
        Arc::new(Grant {
            statements: vec![],
            cached: Value::Null,
            authorizer,
            usage_identifier_key: None,
        })
    }

    #[test]
    fn entries_live_for_the_ttl() {
        let c: Cache = Cache::default();
        c.put("tok-a", grant("a"), 300, 1_000);
        c.put("tok-zero", grant("z"), 0, 1_000);
        // (identity, time, present?)
        let cases = [
            ("tok-a", 1_000, true),
            ("tok-a", 300_999, true),
            ("tok-a", 301_000, false),
            ("tok-b", 1_000, false),
            ("tok-zero", 1_000, false),
        ];
        for (id, t, want) in cases {
            assert_eq!(c.get(id, t).is_some(), want, "{id} at {t}");
        }
        assert_eq!(c.len(), 1);
        c.put("tok-a", grant("a2"), 10, 400_000);
        assert_eq!(
            c.get("tok-a", 400_001).unwrap().authorizer["principalId"],
            "a2"
        );
    }

    #[test]
    fn expired_entries_are_swept() {
        let c: Cache = Cache::default();
        for i in 0..SWEEP_AT {
            c.put(&format!("t{i}"), grant("x"), 1, 0);
        }
        c.put("fresh", grant("y"), 1, 5_000);
        assert_eq!(c.len(), 1);
    }
}
