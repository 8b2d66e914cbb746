//! Cross-checks the lowered endpoints against the templates real SF v3.40 produced for the
//! fixtures (`fixtures/*/expected/sls-v3.json`): methods, integration types, API-key flags,
//! integration responses (status codes, patterns) and authorizer properties.

use super::fixtures::stand_in;
use super::{lower_text, shorts};
use crate::ir::lower::normalized_function_name;
use crate::ir::{Authorizer, AuthorizerKind};
use serde_json::Value as Json;
use std::collections::HashMap;

/// SF `naming.normalizePathPart` (lodash `capitalize`, `-` → Dash, `{x}` → xVar, alnum only).
fn path_part(p: &str) -> String {
    let mut chars = p.chars();
    let cap: String = match chars.next() {
        Some(c) => c
            .to_uppercase()
            .chain(chars.as_str().to_lowercase().chars())
            .collect(),
        None => String::new(),
    };
    let s = cap.replace('-', "Dash");
    let s = regex::Regex::new(r"\{(.*)\}")
        .unwrap()
        .replace_all(&s, "${1}Var")
        .to_string();
    let s: String = s.chars().filter(char::is_ascii_alphanumeric).collect();
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn method_id(path: &str, method: &str) -> String {
    let name: String = if path.is_empty() {
        String::new()
    } else {
        path.split('/').map(path_part).collect()
    };
    let m = method.to_lowercase();
    format!("ApiGatewayMethod{name}{}", path_part(&m))
}

#[test]
fn endpoints_match_sf_v3_output() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let fx = entry.unwrap().path();
        let (Ok(text), Ok(expected)) = (
            std::fs::read_to_string(fx.join("serverless.yml")),
            std::fs::read_to_string(fx.join("expected/sls-v3.json")),
        ) else {
            continue;
        };
        let Some(text) = stand_in(&text, "svc") else {
            continue;
        };
        let golden: Json = serde_json::from_str(&expected).unwrap();
        let resources = &golden["Resources"];
        let (s, d, sm) = lower_text(&text);
        assert!(!d.has_errors(), "{:?}", shorts(&d, &sm));
        let s = s.unwrap();
        let mut authorizers: HashMap<String, &Authorizer> = HashMap::new();
        for e in &s.endpoints {
            let id = method_id(&e.path, &e.method);
            let at = format!("{}: {id}", fx.display());
            let m = &resources[&id]["Properties"];
            assert_eq!(m["HttpMethod"], Json::from(e.method.clone()), "{at}");
            assert_eq!(
                m["Integration"]["Type"],
                Json::from(e.integration.cfn_type()),
                "{at}"
            );
            assert_eq!(m["ApiKeyRequired"], Json::from(e.private), "{at}");
            let responses: Vec<(String, String)> = m["Integration"]["IntegrationResponses"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|r| {
                            (
                                r["StatusCode"].as_str().unwrap().to_string(),
                                r["SelectionPattern"].as_str().unwrap().to_string(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let ours: Vec<(String, String)> = e
                .response
                .iter()
                .flat_map(|r| {
                    r.status_codes
                        .iter()
                        .map(|c| (c.code.clone(), c.pattern.clone()))
                })
                .collect();
            assert_eq!(ours, responses, "{at}");
            assert_eq!(
                m["Integration"]["PassthroughBehavior"].as_str(),
                e.request.pass_through.as_deref(),
                "{at}"
            );
            if let Some(a) = &e.authorizer
                && a.arn.is_some()
                && a.kind != AuthorizerKind::AwsIam
            {
                authorizers.insert(a.name.clone(), a);
            }
            checked += 1;
        }
        // same-named authorizers are merged by SF, the last one winning
        for (name, a) in authorizers {
            let id = format!("{}ApiGatewayAuthorizer", normalized_function_name(&name));
            let p = &resources[&id]["Properties"];
            let at = format!("{}: {id}", fx.display());
            assert_eq!(p["Type"], Json::from(a.kind.cfn_type()), "{at}");
            assert_eq!(p["Name"], Json::from(name.clone()), "{at}");
            assert_eq!(
                p["AuthorizerResultTtlInSeconds"].as_u64(),
                a.result_ttl_in_seconds,
                "{at}"
            );
            assert_eq!(
                p["IdentitySource"].as_str(),
                a.identity_source.as_deref(),
                "{at}"
            );
        }
    }
    assert!(checked > 50, "only {checked} endpoints checked");
}
