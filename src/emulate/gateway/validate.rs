//! The request validator of a method, as SF v3 compiles it: one validator (body and
//! parameters) attached when the method has a required parameter or a request model. Required
//! parameters that are missing or blank answer 400 "Missing required request parameters: [..]";
//! a body that fails its model (JSON Schema draft 4, the one API Gateway uses) answers 400
//! "Invalid request body". Parameters are checked first.

use crate::emulate::gateway::request::Incoming;
use crate::emulate::gateway::responses::GatewayError;
use crate::emulate::gateway::{Outcome, error, error_reply};
use crate::emulate::routes::Match;
use crate::ir::method::{has_validator, request_models};
use crate::ir::{HttpEndpoint, Service};
use serde_json::Value;

/// Checks `req` against the validator of `e`; `Err` is the answer.
pub fn check(
    svc: &Service,
    req: &Incoming,
    m: &Match<'_>,
    e: &HttpEndpoint,
) -> Result<(), Outcome> {
    if !has_validator(e) {
        return Ok(());
    }
    let missing = missing_parameters(req, m, e);
    if !missing.is_empty() {
        let list = missing.join(", ");
        let mut out = error(
            GatewayError::BadRequestParameters,
            Some(format!("missing required request parameters: [{list}]")),
        );
        out.reply = error_reply(GatewayError::BadRequestParameters, Some(&list));
        return Err(out);
    }
    if let Err(why) = check_body(svc, req, e) {
        return Err(error(
            GatewayError::BadRequestBody,
            Some(format!("Request body does not match model schema: {why}")),
        ));
    }
    Ok(())
}

/// The required parameters the request lacks (absent or blank), in compiled order (query
/// strings, paths, headers).
pub fn missing_parameters(req: &Incoming, m: &Match<'_>, e: &HttpEndpoint) -> Vec<String> {
    let p = &e.request.parameters;
    let present = |v: Option<&str>| v.is_some_and(|v| !v.trim().is_empty());
    let mut missing = Vec::new();
    for (name, param) in &p.querystrings {
        let v = req
            .query
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str());
        if param.required && !present(v) {
            missing.push(name.clone());
        }
    }
    for (name, param) in &p.paths {
        let v = m
            .params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str());
        if param.required && !present(v) {
            missing.push(name.clone());
        }
    }
    for (name, param) in &p.headers {
        if param.required && !present(req.header(name)) {
            missing.push(name.clone());
        }
    }
    missing
}

/// Validates the body against the model for its Content-Type (`application/json` when
/// absent), else the `$default` model; no model, no check. An empty body is `{}`.
pub fn check_body(svc: &Service, req: &Incoming, e: &HttpEndpoint) -> Result<(), String> {
    let models = request_models(svc, e);
    let content_type = req
        .content_type()
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| "application/json".into());
    let schema = models
        .iter()
        .find(|(ct, _)| ct.eq_ignore_ascii_case(&content_type))
        .or_else(|| models.iter().find(|(ct, _)| ct.as_str() == "$default"))
        .map(|(_, s)| s);
    let Some(schema) = schema else {
        return Ok(());
    };
    let body = String::from_utf8_lossy(&req.body);
    let instance: Value = if body.trim().is_empty() {
        Value::Object(Default::default())
    } else {
        serde_json::from_str(&body).map_err(|e| format!("the body is not JSON: {e}"))?
    };
    let validator = jsonschema::draft4::new(schema)
        .map_err(|e| format!("the model is not a valid draft-4 schema: {e}"))?;
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .take(5)
        .map(|e| e.to_string())
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}
