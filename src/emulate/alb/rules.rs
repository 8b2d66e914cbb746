//! A listener's rules, evaluated as the ELB docs ("Listener rules for your Application Load
//! Balancer", "Condition types for listener rules") say an Application Load Balancer does:
//! by priority, lowest first; a rule applies when every one of its conditions matches, and a
//! condition matches when any of its values does. Each condition kind compares as AWS does:
//!
//! - `path` (`path-pattern`): the URL's path, case-sensitive, `*` and `?` wildcards; the query
//!   string is not part of it.
//! - `host` (`host-header`): the host name of the `Host` header (its port left out),
//!   case-insensitive, wildcards.
//! - `method` (`http-request-method`): exact and case-sensitive, no wildcards.
//! - `header` (`http-header`, one condition per entry, as SF writes them): the header's name
//!   case-insensitive, its values case-insensitive with wildcards; a header sent several
//!   times matches when any of its values does.
//! - `query` (`query-string`, one condition holding every pair, as SF writes it): some pair of
//!   the query string matches one of the key/value pairs, case-insensitive, wildcards.
//! - `ip` (`source-ip`): the client's address (the connecting peer, not `X-Forwarded-For`) is
//!   in one of the CIDR blocks.

use super::wildcard::Wildcard;
use crate::emulate::doors::listener_key;
use crate::emulate::gateway::auth::resource_policy::Cidr;
use crate::emulate::gateway::request::Incoming;
use crate::ir::events::alb::AlbEvent;
use crate::ir::{Service, json_text, json_texts};
use serde_json::Value as Json;

/// One `alb` event as a listener rule.
#[derive(Clone, Debug)]
pub struct Rule {
    /// The rule's priority as a number (`u64::MAX` when not one, which SF refuses anyway).
    pub priority: u64,
    /// The function the rule forwards to.
    pub function: String,
    /// `multiValueHeaders: true` on the event (the target group's attribute).
    pub multi_value_headers: bool,
    /// The target group's name (SF's `targetGroupName` or its generated one).
    pub target_group_name: String,
    paths: Option<Vec<Wildcard>>,
    hosts: Option<Vec<Wildcard>>,
    methods: Option<Vec<String>>,
    /// One condition per `{name, values}` entry.
    headers: Vec<(String, Vec<Wildcard>)>,
    /// The key/value pairs of the one query condition (a missing key matches any key).
    query: Option<Vec<(Option<Wildcard>, Wildcard)>>,
    ips: Option<Vec<Option<Cidr>>>,
}

/// The rules of every listener, by [`listener_key`], each list in evaluation order.
pub fn by_listener(service: &Service) -> Vec<(String, Vec<Rule>)> {
    let mut out: Vec<(String, Vec<Rule>)> = Vec::new();
    for event in &service.events.albs.events {
        let key = listener_key(&event.listener_arn);
        let rule = Rule::of(service, event);
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some((_, rules)) => rules.push(rule),
            None => out.push((key, vec![rule])),
        }
    }
    for (_, rules) in &mut out {
        // stable: equal priorities (which SF refuses) keep configuration order
        rules.sort_by_key(|r| r.priority);
    }
    out
}

/// The first rule of `rules` (in evaluation order) that `req` satisfies.
pub fn first_match<'r>(rules: &'r [Rule], req: &Incoming) -> Option<&'r Rule> {
    rules.iter().find(|r| r.matches(req))
}

fn texts(values: &Option<Vec<Json>>) -> Option<Vec<String>> {
    values.as_deref().map(json_texts)
}

impl Rule {
    /// The rule for `event`.
    pub fn of(service: &Service, event: &AlbEvent) -> Rule {
        let c = &event.conditions;
        let wild = |values: &Option<Vec<Json>>, ignore_case: bool| {
            texts(values).map(|vs| {
                vs.iter()
                    .map(|v| Wildcard::new(v, ignore_case))
                    .collect::<Vec<_>>()
            })
        };
        let headers = c
            .header
            .iter()
            .flatten()
            .map(|h| {
                let name = h.get("name").map(json_text).unwrap_or_default();
                let values = match h.get("values") {
                    Some(Json::Array(vs)) => vs
                        .iter()
                        .map(|v| Wildcard::new(&json_text(v), true))
                        .collect(),
                    Some(v) => vec![Wildcard::new(&json_text(v), true)],
                    None => Vec::new(),
                };
                (name, values)
            })
            .collect();
        let query = c.query.as_ref().map(|q| match q {
            Json::Object(pairs) => pairs
                .iter()
                .map(|(k, v)| {
                    (
                        Some(Wildcard::new(k, true)),
                        Wildcard::new(&json_text(v), true),
                    )
                })
                .collect(),
            // a bare value: matches a query item's value under any key
            other => vec![(None, Wildcard::new(&json_text(other), true))],
        });
        let priority = match &event.priority {
            Json::Number(n) => n.as_u64(),
            Json::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        Rule {
            priority: priority.unwrap_or(u64::MAX),
            function: event.origin.function.clone(),
            multi_value_headers: event.multi_value_headers,
            target_group_name: target_group_name(service, event),
            paths: wild(&c.path, false),
            hosts: wild(&c.host, true),
            methods: texts(&c.method),
            headers,
            query,
            ips: texts(&c.ip).map(|vs| vs.iter().map(|v| Cidr::parse(v)).collect()),
        }
    }

    /// Whether every condition of the rule holds for `req` (its path as received: ALB does
    /// not rewrite it).
    pub fn matches(&self, req: &Incoming) -> bool {
        let any = |list: &Option<Vec<Wildcard>>, value: &str| {
            list.as_ref()
                .is_none_or(|ws| ws.iter().any(|w| w.matches(value)))
        };
        if !any(&self.paths, &req.raw_path) {
            return false;
        }
        if self.hosts.is_some() {
            let host = req.header("host").map(host_name).unwrap_or("");
            if !any(&self.hosts, host) {
                return false;
            }
        }
        if let Some(methods) = &self.methods
            && !methods.contains(&req.method)
        {
            return false;
        }
        for (name, values) in &self.headers {
            let sent = req
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str());
            if !sent
                .into_iter()
                .any(|v| values.iter().any(|w| w.matches(v)))
            {
                return false;
            }
        }
        if let Some(pairs) = &self.query {
            let found = pairs.iter().any(|(key, value)| {
                req.query
                    .iter()
                    .any(|(k, v)| key.as_ref().is_none_or(|key| key.matches(k)) && value.matches(v))
            });
            if !found {
                return false;
            }
        }
        if let Some(ips) = &self.ips {
            let Ok(ip) = req.source_ip.parse() else {
                return false;
            };
            if !ips.iter().flatten().any(|c| c.contains(ip)) {
                return false;
            }
        }
        true
    }
}

/// `example.com:8080` → `example.com`; `[::1]:80` → `[::1]`.
fn host_name(host: &str) -> &str {
    let host = host.trim();
    match host.rfind(':') {
        Some(i) if !host[i..].contains(']') && host[..i].matches(':').count() == 0 => &host[..i],
        Some(i) if host.starts_with('[') && host[..i].ends_with(']') => &host[..i],
        _ => host,
    }
}

/// The target group's name as SF names it (`targetGroupName`, else the prefix and the MD5 of
/// its name tag).
fn target_group_name(service: &Service, event: &AlbEvent) -> String {
    use crate::ir::naming::{alb_target_group_name, alb_target_group_name_tag};
    if let Some(name) = &event.target_group_name {
        return name.clone();
    }
    let alb_id = event.ids.as_ref().map_or("", |ids| ids.alb_id.as_str());
    let tag = alb_target_group_name_tag(
        &service.name,
        &event.origin.function,
        alb_id,
        event.multi_value_headers,
        &service.stage,
    );
    alb_target_group_name(&service.events.albs.target_group_prefix, &tag)
}

#[cfg(test)]
mod tests;
