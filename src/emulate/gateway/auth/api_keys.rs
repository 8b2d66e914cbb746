//! The API keys of the service and the usage plans they belong to, as the deployed stack has
//! them: a string in `apiKeys` is a key *name* whose value AWS generates (here: 40 random
//! characters, or the value given with `--api-key NAME=VALUE`); keys of a `{plan: [...]}` group
//! belong to that plan, all others to the default plan. A key in no plan is refused, as on AWS.
//! Presented keys are compared in constant time; each key has its own usage counters.

use super::usage_plan::{Limits, Refusal, Usage};
use crate::emulate::ids;
use crate::ir::{RestApi, UsagePlans};
use std::sync::Mutex;

/// One key.
#[derive(Clone, Debug)]
pub struct Key {
    /// The key's id (`requestContext.identity.apiKeyId`).
    pub id: String,
    pub name: String,
    pub value: String,
    pub enabled: bool,
    /// Index into [`Keys::plans`].
    pub plan: Option<usize>,
    /// The value was generated at start.
    pub generated: bool,
}

/// All keys and plans, with per-key usage.
#[derive(Debug, Default)]
pub struct Keys {
    pub keys: Vec<Key>,
    pub plans: Vec<(String, Limits)>,
    usage: Mutex<Vec<Usage>>,
}

impl Keys {
    /// The keys of `api`; `values` overrides values by key name.
    pub fn new(api: &RestApi, values: &[(String, String)]) -> Keys {
        let mut plans: Vec<(String, Limits)> = match &api.usage_plans {
            UsagePlans::Named(named) => named
                .iter()
                .map(|(n, p)| (n.clone(), Limits::from_plan(p)))
                .collect(),
            UsagePlans::Single(p) => vec![("default".into(), Limits::from_plan(p))],
            UsagePlans::None => Vec::new(),
        };
        if plans.is_empty() && !api.api_keys.is_empty() {
            plans.push(("default".into(), Limits::default()));
        }
        let named = matches!(api.usage_plans, UsagePlans::Named(_));
        let mut keys = Vec::new();
        for group in &api.api_keys {
            let plan = match (&group.plan, named) {
                (Some(p), true) => plans.iter().position(|(n, _)| n == p),
                (_, true) => None,
                (_, false) => Some(0),
            };
            for k in &group.keys {
                let name = k
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("key{}", keys.len() + 1));
                let given = values.iter().rev().find(|(n, _)| *n == name);
                let (value, generated) = match (given, &k.value) {
                    (Some((_, v)), _) => (v.clone(), false),
                    (None, Some(v)) => (v.clone(), false),
                    (None, None) => (random_key(), true),
                };
                keys.push(Key {
                    id: ids::short_id(&format!("apikey/{name}/{}", keys.len()), 10),
                    name,
                    value,
                    enabled: k.enabled.unwrap_or(true),
                    plan,
                    generated,
                });
            }
        }
        let usage = Mutex::new(vec![Usage::default(); keys.len()]);
        Keys { keys, plans, usage }
    }

    /// The index of the enabled key whose value is `presented` and that is in a plan. Every
    /// key is compared in full, so timing tells nothing about which matched.
    pub fn find(&self, presented: &str) -> Option<usize> {
        let mut found = None;
        for (i, k) in self.keys.iter().enumerate() {
            if constant_time_eq(k.value.as_bytes(), presented.as_bytes())
                && k.enabled
                && k.plan.is_some()
            {
                found = Some(i);
            }
        }
        found
    }

    /// Counts a request with key `index` against its plan at `now_ms`.
    pub fn admit(&self, index: usize, now_ms: u64) -> Result<(), Refusal> {
        let Some(limits) = self
            .keys
            .get(index)
            .and_then(|k| k.plan)
            .and_then(|p| self.plans.get(p))
            .map(|(_, l)| l)
        else {
            return Ok(());
        };
        if limits.throttle.is_none() && limits.quota.is_none() {
            return Ok(());
        }
        let mut usage = self.usage.lock().unwrap_or_else(|e| e.into_inner());
        match usage.get_mut(index) {
            Some(u) => u.admit(limits, now_ms),
            None => Ok(()),
        }
    }
}

/// Equal length and bytes, comparing every byte.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// 40 random alphanumeric characters, like the values AWS generates.
pub fn random_key() -> String {
    use ring::rand::SecureRandom;
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let rng = ring::rand::SystemRandom::new();
    let mut out = String::with_capacity(40);
    while out.len() < 40 {
        let mut buf = [0u8; 64];
        if rng.fill(&mut buf).is_err() {
            // No system randomness: fall back to the id generator (still unpredictable enough
            // for a local emulator).
            buf.iter_mut()
                .for_each(|b| *b = (crate::common::ids::random_u64() & 0xFF) as u8);
        }
        // 62 * 4 = 248: reject bytes above to keep the choice uniform.
        for b in buf.iter().filter(|b| **b < 248) {
            if out.len() == 40 {
                break;
            }
            out.push(ALPHABET[*b as usize % ALPHABET.len()] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulate::test_support::service;

    #[test]
    fn keys_get_plans_and_values_as_deployed() {
        let s = service(
            r#"
service: k
provider:
  name: aws
  apiGateway:
    apiKeys:
      - free: [freeKey, { name: fixedFree, value: fixedFreeValue1234567890 }]
      - paid: [{ name: off, value: offValue123456789012345, enabled: false }, paidKey]
    usagePlan:
      - free: { quota: { limit: 5, period: DAY }, throttle: { rateLimit: 1, burstLimit: 1 } }
      - paid: { throttle: { rateLimit: 100, burstLimit: 200 } }
functions: { f: { handler: h.f } }
"#,
        );
        let keys = Keys::new(
            &s.api,
            &[("paidKey".into(), "givenPaidValue1234567890".into())],
        );
        let k = |n: &str| keys.keys.iter().find(|k| k.name == n).unwrap();
        assert_eq!(keys.plans.len(), 2);
        assert_eq!(k("freeKey").plan, Some(0));
        assert!(k("freeKey").generated);
        assert_eq!(k("freeKey").value.len(), 40);
        assert!(
            k("freeKey")
                .value
                .chars()
                .all(|c| c.is_ascii_alphanumeric())
        );
        assert_eq!(k("paidKey").value, "givenPaidValue1234567890");
        assert_eq!(k("paidKey").plan, Some(1));
        let found = |v: &str| keys.find(v).map(|i| keys.keys[i].name.as_str());
        assert_eq!(found("fixedFreeValue1234567890"), Some("fixedFree"));
        assert_eq!(found("givenPaidValue1234567890"), Some("paidKey"));
        assert_eq!(found("offValue123456789012345"), None, "disabled");
        assert_eq!(found("fixedFreeValue123456789"), None, "prefix");
        assert_eq!(found(""), None);
        // the free plan's throttle applies to free keys only
        let free = keys.find("fixedFreeValue1234567890").unwrap();
        let paid = keys.find("givenPaidValue1234567890").unwrap();
        assert!(keys.admit(free, 0).is_ok());
        assert!(keys.admit(free, 0).is_err());
        for _ in 0..50 {
            assert!(keys.admit(paid, 0).is_ok());
        }
    }

    #[test]
    fn flat_keys_share_the_default_plan() {
        let s = service(
            "service: k\nprovider: { name: aws, apiGateway: { apiKeys: [a, b] } }\nfunctions: { f: { handler: h.f } }\n",
        );
        let keys = Keys::new(&s.api, &[]);
        assert_eq!(keys.plans.len(), 1);
        assert!(keys.keys.iter().all(|k| k.plan == Some(0) && k.enabled));
        assert_ne!(keys.keys[0].value, keys.keys[1].value);
        assert_ne!(keys.keys[0].id, keys.keys[1].id);
    }

    #[test]
    fn constant_time_comparison_is_equality() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(constant_time_eq(b"", b""));
    }
}
