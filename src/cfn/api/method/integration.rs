//! The integration part of a method (SF v3 `lib/method/integration.js`).

use super::responses::{response_headers, status_codes};
use super::{ordered_parameters, templates};
use crate::cfn::api::method_invocation_uri;
use crate::cfn::js::{opt, undef};
use crate::cfn::value::{get_att, obj};
use crate::ir::naming::function_logical_id;
use crate::ir::{FunctionAlias, HttpEndpoint, Integration};
use serde_json::{Map, Value, json};

pub fn part(e: &HttpEndpoint, alias: Option<&FunctionAlias>) -> Value {
    let kind = e.integration;
    let mut i = Map::new();
    i.insert("IntegrationHttpMethod".into(), json!("POST"));
    i.insert("Type".into(), json!(kind.cfn_type()));
    match kind {
        Integration::Aws | Integration::AwsProxy => {
            let arn = get_att(function_logical_id(&e.function), "Arn");
            let alias_name = alias.map(FunctionAlias::name);
            i.insert("Uri".into(), method_invocation_uri(arn, alias_name));
        }
        Integration::Http | Integration::HttpProxy => {
            i.insert("Uri".into(), opt(e.request.uri.clone()));
            let method = e.request.method.as_deref().unwrap_or(&e.method);
            i.insert("IntegrationHttpMethod".into(), json!(method.to_uppercase()));
            if let Some(t) = &e.request.connection_type {
                i.insert("ConnectionType".into(), json!(t));
                i.insert("ConnectionId".into(), opt(e.request.connection_id.clone()));
            }
        }
        Integration::Mock => {}
    }
    if matches!(
        kind,
        Integration::Aws | Integration::Http | Integration::Mock
    ) {
        let pass_through = match (&e.request.pass_through, kind) {
            (Some(p), _) => json!(p),
            (None, Integration::Aws) => json!("NEVER"),
            (None, _) => undef(),
        };
        i.insert("PassthroughBehavior".into(), pass_through);
        i.insert(
            "ContentHandling".into(),
            opt(e.request.content_handling.clone()),
        );
        i.insert("RequestTemplates".into(), request_templates(e));
        i.insert("IntegrationResponses".into(), integration_responses(e));
    }
    let with_params = matches!(
        kind,
        Integration::Aws | Integration::Http | Integration::HttpProxy
    ) && !e.request.parameters.is_empty();
    if with_params || e.is_async {
        let mut params = Map::new();
        for (key, p) in ordered_parameters(&e.request.parameters) {
            let target = format!(
                "integration.{}",
                key.strip_prefix("method.").unwrap_or(&key)
            );
            params.insert(target, json!(p.mapped_value.clone().unwrap_or(key)));
        }
        if e.is_async {
            params.insert(
                "integration.request.header.X-Amz-Invocation-Type".into(),
                json!("'Event'"),
            );
        }
        i.insert("RequestParameters".into(), Value::Object(params));
    }
    obj([("Properties", obj([("Integration", Value::Object(i))]))])
}

/// Defaults for `lambda`, then `request.template` (a `null` template removes a default);
/// `undefined` when none remain.
fn request_templates(e: &HttpEndpoint) -> Value {
    let mut t = Map::new();
    if e.integration == Integration::Aws {
        t.insert("application/json".into(), json!(templates::JSON));
        t.insert(
            "application/x-www-form-urlencoded".into(),
            json!(templates::FORM_URL_ENCODED),
        );
    }
    for (content_type, template) in &e.request.templates {
        match template {
            Some(s) => {
                t.insert(content_type.clone(), json!(s));
            }
            None => {
                t.shift_remove(content_type);
            }
        }
    }
    if t.is_empty() {
        undef()
    } else {
        Value::Object(t)
    }
}

fn integration_responses(e: &HttpEndpoint) -> Value {
    let Some(r) = &e.response else {
        return json!([]);
    };
    let headers = response_headers(e, r);
    let mut list = Vec::new();
    for code in status_codes(r) {
        let mut params = Map::new();
        let code_headers = code.headers.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        for (h, v) in headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .chain(code_headers)
        {
            params.insert(format!("method.response.header.{h}"), json!(v));
        }
        let mut templates = Map::new();
        if let Some(t) = &r.template {
            templates.insert("application/json".into(), json!(t));
        }
        for (ct, t) in &code.templates {
            templates.insert(ct.clone(), json!(t));
        }
        let content_handling = if code.code.starts_with('2') {
            opt(r.content_handling.clone())
        } else {
            undef()
        };
        list.push(json!({
            "StatusCode": code.code,
            "SelectionPattern": code.pattern,
            "ResponseParameters": params,
            "ResponseTemplates": templates,
            "ContentHandling": content_handling,
        }));
    }
    Value::Array(list)
}
