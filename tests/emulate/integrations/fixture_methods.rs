//! The emulator serves what would be deployed: for every fixture, the integration responses,
//! request templates and CORS preflights that `slsc::ir::method` / `slsc::ir::preflight`
//! derive (and the emulator answers with) equal the compiled `AWS::ApiGateway::Method`
//! resources of the template real Serverless Framework v3 produced
//! (`fixtures/*/expected/sls-v3.json`), key order included.

use super::support;
use serde_json::{Map, Value, json};
use slsc::ir::{Service, method, preflight};

/// The path (IR form: no leading slash) of the resource `id` names, walking `ParentId` up to
/// the root; `None` for a resource outside the template (a shared API's).
fn resource_path(resources: &Map<String, Value>, id: &Value) -> Option<String> {
    if id.get("Fn::GetAtt").is_some() {
        return Some(String::new());
    }
    let r = resources.get(id.get("Ref")?.as_str()?)?;
    if r["Type"] != "AWS::ApiGateway::Resource" {
        return None;
    }
    let part = r["Properties"]["PathPart"].as_str()?;
    let parent = resource_path(resources, &r["Properties"]["ParentId"])?;
    Some(if parent.is_empty() {
        part.to_string()
    } else {
        format!("{parent}/{part}")
    })
}

/// An integration response as the template writes it, reduced to what the emulator uses.
fn compiled(r: &Value) -> Value {
    json!({
        "StatusCode": r["StatusCode"],
        "SelectionPattern": r.get("SelectionPattern").cloned().unwrap_or(json!("")),
        "ResponseParameters": r.get("ResponseParameters").cloned().unwrap_or(json!({})),
        "ResponseTemplates": r.get("ResponseTemplates").cloned().unwrap_or(json!({})),
    })
}

fn derived(r: &method::IntegrationResponse) -> Value {
    let params: Map<String, Value> = r
        .headers
        .iter()
        .map(|(k, v)| (format!("method.response.header.{k}"), json!(v)))
        .collect();
    json!({
        "StatusCode": r.status,
        "SelectionPattern": r.pattern,
        "ResponseParameters": params,
        "ResponseTemplates": r.templates,
    })
}

/// Differences between what the emulator derives and the compiled methods of one fixture;
/// counts the non-proxy methods and preflights compared.
fn compare(name: &str, svc: &Service, template: &Value, counts: &mut (usize, usize)) -> String {
    let mut report = String::new();
    let Some(resources) = template["Resources"].as_object() else {
        return format!("{name}: no Resources\n");
    };
    for (id, res) in resources {
        if res["Type"] != "AWS::ApiGateway::Method" {
            continue;
        }
        let p = &res["Properties"];
        let Some(path) = resource_path(resources, &p["ResourceId"]) else {
            continue;
        };
        let http_method = p["HttpMethod"].as_str().unwrap_or("");
        let integration = &p["Integration"];
        let want_responses: Vec<Value> = integration["IntegrationResponses"]
            .as_array()
            .map(|a| a.iter().map(compiled).collect())
            .unwrap_or_default();
        if http_method == "OPTIONS" && integration["Type"] == "MOCK" {
            let Some(pf) = preflight::preflight(svc, &path) else {
                report += &format!("{name} {id}: no preflight derived for /{path}\n");
                continue;
            };
            counts.1 += 1;
            let got = vec![derived(&method::IntegrationResponse {
                status: "200".into(),
                pattern: String::new(),
                headers: pf.headers,
                templates: [("application/json".to_string(), pf.template)]
                    .into_iter()
                    .collect(),
            })];
            if serde_json::to_string(&got).ok() != serde_json::to_string(&want_responses).ok() {
                report += &format!(
                    "{name} {id}: preflight\n  derived:  {}\n  compiled: {}\n",
                    json!(got),
                    json!(want_responses)
                );
            }
            continue;
        }
        let Some(e) = svc
            .endpoints
            .iter()
            .find(|e| e.path == path && e.method.eq_ignore_ascii_case(http_method))
        else {
            report += &format!("{name} {id}: no endpoint {http_method} /{path}\n");
            continue;
        };
        if e.integration.is_proxy() {
            continue;
        }
        counts.0 += 1;
        let got: Vec<Value> = method::integration_responses(e)
            .iter()
            .map(derived)
            .collect();
        if serde_json::to_string(&got).ok() != serde_json::to_string(&want_responses).ok() {
            report += &format!(
                "{name} {id}: integration responses\n  derived:  {}\n  compiled: {}\n",
                json!(got),
                json!(want_responses)
            );
        }
        let want_templates = integration
            .get("RequestTemplates")
            .cloned()
            .unwrap_or(json!({}));
        let got_templates = json!(method::request_templates(e));
        if serde_json::to_string(&got_templates).ok() != serde_json::to_string(&want_templates).ok()
        {
            report += &format!(
                "{name} {id}: request templates\n  derived:  {got_templates}\n  compiled: {want_templates}\n"
            );
        }
        let want_pass = integration["PassthroughBehavior"]
            .as_str()
            .unwrap_or("WHEN_NO_MATCH");
        if method::pass_through(e) != want_pass {
            report += &format!(
                "{name} {id}: passThrough {} ≠ compiled {want_pass}\n",
                method::pass_through(e)
            );
        }
        let want_validator = p.get("RequestValidatorId").is_some();
        if method::has_validator(e) != want_validator {
            report += &format!(
                "{name} {id}: validator {} ≠ compiled {want_validator}\n",
                method::has_validator(e)
            );
        }
    }
    report
}

#[test]
fn the_emulator_derives_the_compiled_methods_of_every_fixture() {
    let mut report = String::new();
    let mut counts = (0, 0);
    for name in support::fixture_names() {
        let Some(template) = support::read_json(
            &support::fixtures_dir()
                .join(&name)
                .join("expected/sls-v3.json"),
        ) else {
            continue;
        };
        let svc = support::run_fixture(&name)
            .service
            .expect("lowered service");
        report += &compare(&name, &svc, &template, &mut counts);
    }
    assert!(report.is_empty(), "{report}");
    let (methods, preflights) = counts;
    assert!(methods >= 10, "only {methods} non-proxy methods compared");
    assert!(preflights >= 5, "only {preflights} preflights compared");
}
