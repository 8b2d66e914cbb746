//! `provider.apiGateway.resourcePolicy`: the statements as the emulator can evaluate them
//! (`execute-api:Invoke` on resource patterns, principal `*`, `aws:SourceIp` conditions with
//! `IpAddress`/`NotIpAddress` and IPv4/IPv6 CIDRs). Statements the emulator cannot evaluate
//! (other principals or conditions, unresolvable intrinsics) never match and are reported at
//! start.

use super::arn::{Decision, Statement, strings};
use serde_json::Value;
use std::net::IpAddr;

/// One CIDR block (`10.0.0.0/8`, `2001:db8::/32`; a bare address is a /32 or /128).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cidr {
    addr: IpAddr,
    bits: u8,
}

impl Cidr {
    pub fn parse(s: &str) -> Option<Cidr> {
        let (a, bits) = match s.trim().split_once('/') {
            Some((a, b)) => (a, Some(b.parse::<u8>().ok()?)),
            None => (s.trim(), None),
        };
        let addr: IpAddr = a.parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let bits = bits.unwrap_or(max);
        (bits <= max).then_some(Cidr { addr, bits })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = ip.to_canonical();
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.bits)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.bits))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// A condition on the source address.
#[derive(Clone, Debug, PartialEq)]
enum IpCondition {
    In(Vec<Cidr>),
    NotIn(Vec<Cidr>),
}

#[derive(Clone, Debug)]
struct Rule {
    statement: Statement,
    conditions: Vec<IpCondition>,
}

/// The resource policy of the API.
#[derive(Clone, Debug, Default)]
pub struct ResourcePolicy {
    rules: Vec<Rule>,
    /// Whether the API has a resource policy at all (an empty one still denies implicitly).
    pub present: bool,
}

impl ResourcePolicy {
    /// Reads the statements; `notes` gets a line per statement that cannot be evaluated.
    /// `resolve` turns a `Resource` value (string or intrinsic) into a pattern.
    pub fn new(
        statements: &[Value],
        resolve: &dyn Fn(&Value) -> Option<String>,
        notes: &mut Vec<String>,
    ) -> ResourcePolicy {
        let mut policy = ResourcePolicy {
            rules: Vec::new(),
            present: !statements.is_empty(),
        };
        for (i, s) in statements.iter().enumerate() {
            match rule(s, resolve) {
                Ok(r) => policy.rules.push(r),
                Err(why) => notes.push(format!(
                    "resourcePolicy statement {}: {why}; it never matches here",
                    i + 1
                )),
            }
        }
        policy
    }

    /// The policy's decision for invoking `arn` from `source_ip`.
    pub fn decide(&self, prefix: &str, arn: &str, source_ip: &str) -> Decision {
        let ip: Option<IpAddr> = source_ip.parse().ok();
        let applicable = self.rules.iter().filter(|r| {
            r.conditions.iter().all(|c| match (c, ip) {
                (IpCondition::In(cidrs), Some(ip)) => cidrs.iter().any(|n| n.contains(ip)),
                (IpCondition::NotIn(cidrs), Some(ip)) => !cidrs.iter().any(|n| n.contains(ip)),
                (_, None) => false,
            })
        });
        super::arn::decide(applicable.map(|r| &r.statement), prefix, arn)
    }
}

fn rule(s: &Value, resolve: &dyn Fn(&Value) -> Option<String>) -> Result<Rule, String> {
    let allow = match s.get("Effect").and_then(Value::as_str) {
        Some("Allow") => true,
        Some("Deny") => false,
        _ => return Err("`Effect` is neither Allow nor Deny".into()),
    };
    match s.get("Principal") {
        Some(Value::String(p)) if p == "*" => {}
        Some(Value::Object(m))
            if m.len() == 1 && m.get("AWS").and_then(strings).is_some_and(|v| v == ["*"]) => {}
        _ => return Err("only the principal `*` is emulated".into()),
    }
    let actions = s
        .get("Action")
        .and_then(strings)
        .ok_or("`Action` is missing")?;
    let resources = match s.get("Resource") {
        Some(Value::Array(items)) => items.iter().map(resolve).collect::<Option<Vec<_>>>(),
        Some(v) => resolve(v).map(|r| vec![r]),
        None => None,
    }
    .ok_or("a `Resource` cannot be resolved locally")?;
    let mut conditions = Vec::new();
    if let Some(c) = s.get("Condition") {
        let Value::Object(ops) = c else {
            return Err("`Condition` is not a mapping".into());
        };
        for (op, body) in ops {
            let cidrs = body
                .as_object()
                .filter(|b| b.len() == 1)
                .and_then(|b| b.get("aws:SourceIp"))
                .and_then(strings)
                .ok_or_else(|| format!("condition `{op}` is not on `aws:SourceIp` alone"))?;
            let cidrs = cidrs
                .iter()
                .map(|c| Cidr::parse(c).ok_or_else(|| format!("`{c}` is not a CIDR block")))
                .collect::<Result<Vec<_>, _>>()?;
            conditions.push(match op.as_str() {
                "IpAddress" => IpCondition::In(cidrs),
                "NotIpAddress" => IpCondition::NotIn(cidrs),
                _ => return Err(format!("condition operator `{op}` is not emulated")),
            });
        }
    }
    Ok(Rule {
        statement: Statement {
            allow,
            actions,
            resources,
        },
        conditions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cidrs_match_v4_and_v6() {
        let cases = [
            ("10.0.0.0/8", "10.200.3.4", true),
            ("10.0.0.0/8", "11.0.0.1", false),
            ("192.0.2.7", "192.0.2.7", true),
            ("192.0.2.7", "192.0.2.8", false),
            ("0.0.0.0/0", "8.8.8.8", true),
            ("127.0.0.1/32", "::ffff:127.0.0.1", true),
            ("2001:db8::/32", "2001:db8:1::5", true),
            ("2001:db8::/32", "2001:db9::5", false),
            ("::1", "::1", true),
            ("::/0", "127.0.0.1", false),
        ];
        for (net, ip, want) in cases {
            let c = Cidr::parse(net).unwrap();
            assert_eq!(c.contains(ip.parse().unwrap()), want, "{net} ∋ {ip}");
        }
        for bad in ["10.0.0.0/33", "x", "::/129", "1.2.3.4/"] {
            assert!(Cidr::parse(bad).is_none(), "{bad}");
        }
    }

    fn policy(statements: Value) -> (ResourcePolicy, Vec<String>) {
        let mut notes = Vec::new();
        let resolve = |v: &Value| v.as_str().map(str::to_string);
        let list = statements.as_array().cloned().unwrap();
        (ResourcePolicy::new(&list, &resolve, &mut notes), notes)
    }

    #[test]
    fn allow_lists_and_deny_lists_by_source_ip() {
        let (p, notes) = policy(json!([
            {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
             "Resource": ["execute-api:/*"]},
            {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "execute-api:Invoke",
             "Resource": "execute-api:/*/*/admin/*",
             "Condition": {"NotIpAddress": {"aws:SourceIp": ["10.0.0.0/8", "::1"]}}},
        ]));
        assert!(notes.is_empty(), "{notes:?}");
        let prefix = "arn:aws:execute-api:us-east-1:1:api";
        let cases = [
            ("/dev/GET/users", "8.8.8.8", Decision::Allow),
            ("/dev/GET/admin/x", "8.8.8.8", Decision::Deny),
            ("/dev/GET/admin/x", "10.1.1.1", Decision::Allow),
            ("/dev/GET/admin/x", "::1", Decision::Allow),
        ];
        for (tail, ip, want) in cases {
            let arn = format!("{prefix}{tail}");
            assert_eq!(p.decide(prefix, &arn, ip), want, "{tail} from {ip}");
        }
    }

    #[test]
    fn unknown_forms_never_match_and_are_reported() {
        let (p, notes) = policy(json!([
            {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:root"},
             "Action": "execute-api:Invoke", "Resource": "*"},
            {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
             "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "v"}}},
            {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
             "Resource": {"Fn::GetAtt": ["X", "Arn"]}},
        ]));
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(p.present);
        let prefix = "arn:aws:execute-api:us-east-1:1:api";
        let arn = format!("{prefix}/dev/GET/");
        assert_eq!(p.decide(prefix, &arn, "1.2.3.4"), Decision::Neither);
    }
}
