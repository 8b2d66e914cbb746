//! CORS preflight `OPTIONS` methods, one per path, merging the CORS settings of every event on
//! that path (SF v3 `validate.js` corsPreflight + `lib/cors.js`).

use super::Api;
use crate::cfn::Ctx;
use crate::cfn::naming::method_logical_id;
use crate::ir::Cors;
use indexmap::IndexMap;
use serde_json::{Map, Value, json};

/// The merged CORS settings of one path.
#[derive(Default)]
struct Preflight {
    headers: Vec<String>,
    methods: Vec<String>,
    origins: Vec<String>,
    origin: Option<String>,
    allow_credentials: bool,
    max_age: Option<u64>,
    cache_control: Option<String>,
}

/// lodash `_.union(first, second)`: unique values, first-seen order.
fn union(first: &[String], second: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in first.iter().chain(second) {
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    out
}

/// An event's `origin` (one string, possibly `a,b`) or `origins` (a list), as SF keeps them
/// apart.
fn origin_and_origins(c: &Cors) -> (Option<String>, Vec<String>) {
    (c.origin.clone(), c.written_origins.clone())
}

fn preflights(api: &Api) -> IndexMap<String, Preflight> {
    let mut out: IndexMap<String, Preflight> = IndexMap::new();
    for e in api.events {
        let Some(c) = &e.cors else { continue };
        let p = out.entry(e.path.clone()).or_default();
        let (origin, origins) = origin_and_origins(c);
        p.headers = union(&c.headers, &p.headers);
        p.methods = union(&c.methods, &p.methods);
        p.origins = union(&origins, &p.origins);
        p.origin = origin;
        p.allow_credentials = p.allow_credentials || c.allow_credentials;
        if c.max_age.is_some_and(|m| m > 0) {
            p.max_age = c.max_age;
        }
        if c.cache_control.as_ref().is_some_and(|c| !c.is_empty()) {
            p.cache_control = c.cache_control.clone();
        }
    }
    out
}

pub fn compile(cx: &mut Ctx, api: &mut Api) {
    for (path, config) in preflights(api) {
        let id = method_logical_id(&api.resource_name(&path), "options");
        let mut origin = config.origin.clone();
        let mut origins = config.origins.clone();
        if let Some(o) = origin.as_ref().filter(|o| o.contains(',')) {
            origins = o.split(',').map(|s| s.trim().to_owned()).collect();
        }
        if let Some(first) = origins.first() {
            origin = Some(first.clone());
        }
        let mut headers: Vec<(&str, String)> = vec![
            (
                "Access-Control-Allow-Origin",
                format!("'{}'", origin.as_deref().unwrap_or("undefined")),
            ),
            (
                "Access-Control-Allow-Headers",
                format!("'{}'", config.headers.join(",")),
            ),
            (
                "Access-Control-Allow-Methods",
                format!("'{}'", config.methods.join(",")),
            ),
        ];
        if config.allow_credentials {
            headers.push(("Access-Control-Allow-Credentials", "'true'".into()));
        }
        if let Some(m) = config.max_age {
            headers.push(("Access-Control-Max-Age", format!("'{m}'")));
        }
        if let Some(c) = &config.cache_control {
            headers.push(("Cache-Control", format!("'{c}'")));
        }
        if config.methods.iter().any(|m| m == "ANY")
            && let Some(h) = headers.get_mut(2)
        {
            h.1 = h.1.replacen("ANY", "DELETE,GET,HEAD,PATCH,POST,PUT", 1);
        }
        let mut method_params = Map::new();
        let mut integration_params = Map::new();
        for (h, v) in &headers {
            method_params.insert(format!("method.response.header.{h}"), json!(true));
            integration_params.insert(format!("method.response.header.{h}"), json!(v));
        }
        let template = if origins.is_empty() {
            String::new()
        } else {
            response_template(&origins)
        };
        api.method_ids.push(id.clone());
        cx.merge_resource(
            &id,
            json!({
                "Type": "AWS::ApiGateway::Method",
                "Properties": {
                    "AuthorizationType": "NONE",
                    "HttpMethod": "OPTIONS",
                    "MethodResponses": [{
                        "StatusCode": "200",
                        "ResponseParameters": Value::Object(method_params),
                        "ResponseModels": {}
                    }],
                    "RequestParameters": {},
                    "Integration": {
                        "Type": "MOCK",
                        "RequestTemplates": {"application/json": "{statusCode:200}"},
                        "ContentHandling": "CONVERT_TO_TEXT",
                        "IntegrationResponses": [{
                            "StatusCode": "200",
                            "ResponseParameters": Value::Object(integration_params),
                            "ResponseTemplates": {"application/json": template}
                        }]
                    },
                    "ResourceId": api.resource_id(&path),
                    "RestApiId": api.rest_api_id
                }
            }),
        );
    }
}

/// The VTL that echoes the request's `Origin` when it matches one of several origins (glob `*`
/// → `.+`, `.` → `[.]`).
fn response_template(origins: &[String]) -> String {
    let tests: Vec<String> = origins
        .iter()
        .map(|o| {
            format!(
                "$origin.matches(\"{}\")",
                o.replace('.', "[.]").replacen('*', ".+", 1)
            )
        })
        .collect();
    format!(
        "#set($origin = $input.params(\"Origin\"))\n#if($origin == \"\") #set($origin = $input.params(\"origin\")) #end\n#if({}) #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin) #end",
        tests.join(" || ")
    )
}

/// The `Access-Control-Allow-Origin` value an event's non-proxy integration responses carry.
pub fn integration_origin(c: &Cors) -> String {
    format!("'{}'", c.origins.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_keeps_first_seen_order() {
        let a = vec!["OPTIONS".to_owned(), "POST".to_owned()];
        let b = vec!["OPTIONS".to_owned(), "GET".to_owned()];
        assert_eq!(union(&a, &b), vec!["OPTIONS", "POST", "GET"]);
    }

    #[test]
    fn several_origins_template() {
        let t = response_template(&[
            "https://*.example.com".into(),
            "https://app.example.org".into(),
        ]);
        assert!(t.ends_with("#if($origin.matches(\"https://.+[.]example[.]com\") || $origin.matches(\"https://app[.]example[.]org\")) #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin) #end"));
    }
}
