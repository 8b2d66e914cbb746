//! What a compiled non-proxy method holds, derived from the IR exactly as Serverless Framework
//! v3 compiles it: the request templates (defaults for `lambda`, `null` removals, Cognito
//! claims spliced in), the integration responses in their compiled order with their header
//! mappings (CORS origin and credentials first), and the request validator. The emulator reads
//! these so that it behaves as the deployed method does.

use crate::ir::method_templates::{CLAIMS_TOKEN, FORM_URL_ENCODED, JSON};
use crate::ir::{HttpEndpoint, Integration, ModelRef, Response, Service, StatusCode};
use indexmap::IndexMap;
use serde_json::Value as Json;

/// One integration response of a method.
#[derive(Clone, Debug, PartialEq)]
pub struct IntegrationResponse {
    /// The method response's status code (`"200"`).
    pub status: String,
    /// Selection pattern; `""` marks the default response.
    pub pattern: String,
    /// `method.response.header.<name>` → mapping expression (`'static'`,
    /// `integration.response.header.X`, ...), in compiled order.
    pub headers: Vec<(String, String)>,
    /// Content type → response template.
    pub templates: IndexMap<String, String>,
}

/// The request templates of the method (content type → template), as compiled.
pub fn request_templates(e: &HttpEndpoint) -> IndexMap<String, String> {
    let mut t: IndexMap<String, String> = IndexMap::new();
    if e.integration == Integration::Aws {
        t.insert("application/json".into(), JSON.into());
        t.insert(
            "application/x-www-form-urlencoded".into(),
            FORM_URL_ENCODED.into(),
        );
    }
    for (content_type, template) in &e.request.templates {
        match template {
            Some(s) => {
                t.insert(content_type.clone(), s.clone());
            }
            None => {
                t.shift_remove(content_type);
            }
        }
    }
    let claims = cognito_claims(e);
    for v in t.values_mut() {
        *v = v.replacen(CLAIMS_TOKEN, &claims, 1);
    }
    t
}

/// The claims text spliced into the default templates (empty without claims).
fn cognito_claims(e: &HttpEndpoint) -> String {
    let claims: Vec<String> = e
        .authorizer
        .iter()
        .flat_map(|a| a.claims.iter())
        .map(|c| match c.split_once(':') {
            Some((_, sub)) => format!("\"{sub}\": \"$context.authorizer.claims['{c}']\""),
            None => format!("\"{c}\": \"$context.authorizer.claims.{c}\""),
        })
        .collect();
    if claims.is_empty() {
        String::new()
    } else {
        format!("{},", claims.join(","))
    }
}

/// `PassthroughBehavior` as compiled; API Gateway's default (`WHEN_NO_MATCH`) when unset.
pub fn pass_through(e: &HttpEndpoint) -> String {
    match (&e.request.pass_through, e.integration) {
        (Some(p), _) => p.to_uppercase(),
        (None, Integration::Aws) => "NEVER".into(),
        (None, _) => "WHEN_NO_MATCH".into(),
    }
}

/// The headers every response of the event carries: CORS origin and credentials, then
/// `response.headers`.
pub fn response_headers(e: &HttpEndpoint, r: &Response) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut set = |k: &str, v: String| match out.iter_mut().find(|(h, _)| h == k) {
        Some(slot) => slot.1 = v,
        None => out.push((k.to_owned(), v)),
    };
    if let Some(c) = &e.cors {
        set(
            "Access-Control-Allow-Origin",
            format!("'{}'", c.origins.join(",")),
        );
        if c.allow_credentials {
            set("Access-Control-Allow-Credentials", "true".into());
        }
    }
    for (k, v) in &r.headers {
        set(k, v.clone());
    }
    out
}

/// Status codes in the order JavaScript iterates an object with integer-like keys: ascending.
pub fn status_codes(r: &Response) -> Vec<&StatusCode> {
    let mut codes: Vec<&StatusCode> = r.status_codes.iter().collect();
    codes.sort_by_key(|c| c.code.parse::<u32>().unwrap_or(u32::MAX));
    codes
}

/// The integration responses of a non-proxy method, in compiled order (empty for proxies).
pub fn integration_responses(e: &HttpEndpoint) -> Vec<IntegrationResponse> {
    if e.integration.is_proxy() {
        return Vec::new();
    }
    let Some(r) = &e.response else {
        return Vec::new();
    };
    let common = response_headers(e, r);
    status_codes(r)
        .into_iter()
        .map(|code| {
            let mut headers = common.clone();
            for (k, v) in &code.headers {
                match headers.iter_mut().find(|(h, _)| h == k) {
                    Some(slot) => slot.1 = v.clone(),
                    None => headers.push((k.clone(), v.clone())),
                }
            }
            let mut templates = IndexMap::new();
            if let Some(t) = &r.template {
                templates.insert("application/json".to_string(), t.clone());
            }
            for (ct, t) in &code.templates {
                templates.insert(ct.clone(), t.clone());
            }
            IntegrationResponse {
                status: code.code.clone(),
                pattern: code.pattern.clone(),
                headers,
                templates,
            }
        })
        .collect()
}

/// The request validator of a method: SF v3 attaches its one validator (body and parameters)
/// when the method has a required parameter or a request model.
pub fn has_validator(e: &HttpEndpoint) -> bool {
    e.request.parameters.iter().any(|(_, _, p)| p.required) || !e.request.schemas.is_empty()
}

/// The request models of a method: content type → JSON schema (a provider-level model by id,
/// or the inline schema). A reference to an unknown provider model has no schema.
pub fn request_models(svc: &Service, e: &HttpEndpoint) -> IndexMap<String, Json> {
    e.request
        .schemas
        .iter()
        .filter_map(|(ct, m)| {
            let schema = match m {
                ModelRef::Inline(m) => m.schema.clone(),
                ModelRef::Provider(id) => svc.api.models.get(id)?.schema.clone(),
            };
            Some((ct.clone(), schema))
        })
        .collect()
}

#[cfg(test)]
mod tests;
