//! What a mapping template sees of a request: `$input` (body, path / query / header
//! parameters), `$context` (ids, stage, resource, identity, authorizer) and `$stageVariables`,
//! filled as API Gateway fills them for non-proxy integrations (absent values are empty
//! strings, not null).

use crate::emulate::gateway::auth::Caller;
use crate::emulate::gateway::request::Incoming;
use crate::emulate::gateway::{Gateway, proxy_event};
use crate::emulate::ids;
use crate::emulate::routes::Match;
use crate::ir::HttpEndpoint;
use crate::vtl;
use indexmap::IndexMap;
use serde_json::{Value, json};

/// The request side of every template of one request; [`Scope::with_body`] gives the
/// context for a template over some body (the request's, or the integration response's).
pub struct Scope {
    base: vtl::Context,
}

impl Scope {
    pub fn new(
        gw: &Gateway,
        req: &Incoming,
        m: &Match<'_>,
        endpoint: Option<&HttpEndpoint>,
        caller: &Caller,
    ) -> Scope {
        let mut header = IndexMap::new();
        for (k, v) in proxy_event::forwarded_headers(req) {
            header.insert(k, v);
        }
        let mut querystring = IndexMap::new();
        for (k, v) in &req.query {
            querystring.insert(k.clone(), v.clone());
        }
        let path: IndexMap<String, String> = m.params.iter().cloned().collect();
        let s = |v: Option<&str>| Value::String(v.unwrap_or("").to_string());
        let host = req.header("host").unwrap_or("localhost").to_string();
        let domain_prefix = host.split(['.', ':']).next().unwrap_or("").to_string();
        let mut context = json!({
            "accountId": gw.opts.account_id,
            "apiId": gw.api_id,
            "authorizer": caller.authorizer.clone().filter(Value::is_object).unwrap_or_else(|| json!({})),
            "domainName": host,
            "domainPrefix": domain_prefix,
            "extendedRequestId": ids::short_id(&req.request_id, 16),
            "httpMethod": req.method,
            "identity": {
                "cognitoIdentityPoolId": "",
                "accountId": "",
                "cognitoIdentityId": "",
                "caller": "",
                "sourceIp": req.source_ip,
                "principalOrgId": "",
                "accessKey": "",
                "cognitoAuthenticationType": "",
                "cognitoAuthenticationProvider": "",
                "userArn": "",
                "userAgent": s(req.header("user-agent")),
                "user": "",
                "apiKey": s(caller.api_key.as_deref()),
                "apiKeyId": s(caller.api_key_id.as_deref()),
            },
            "path": req.raw_path,
            "protocol": "HTTP/1.1",
            "requestId": req.request_id,
            "requestTime": ids::clf_time(req.time),
            "requestTimeEpoch": ids::epoch_millis(req.time),
            "resourceId": gw.resource_id(m.index),
            "resourcePath": m.route.path,
            "stage": gw.service.stage,
        });
        if let (Some(op), Some(map)) = (
            endpoint.and_then(|e| e.operation_id.as_deref()),
            context.as_object_mut(),
        ) {
            map.insert("operationName".into(), op.into());
        }
        Scope {
            base: vtl::Context {
                body: String::new(),
                path,
                querystring,
                header,
                context,
                stage_variables: IndexMap::new(),
                variables: IndexMap::new(),
            },
        }
    }

    /// The context of a template over `body`.
    pub fn with_body(&self, body: &str) -> vtl::Context {
        let mut c = self.base.clone();
        c.body = body.to_string();
        c
    }

    /// A path, query or header parameter of the request, as `method.request.<location>.<name>`
    /// names it (`location` is `path`, `querystring` or `header`; headers by any case).
    pub fn param(&self, location: &str, name: &str) -> Option<&str> {
        match location {
            "path" => self.base.path.get(name),
            "querystring" => self.base.querystring.get(name),
            "header" => self
                .base
                .header
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v),
            _ => None,
        }
        .map(String::as_str)
    }

    /// `$context.<dotted path>` as text (`context.requestId`), when set.
    pub fn context_value(&self, dotted: &str) -> Option<String> {
        let mut v = &self.base.context;
        for part in dotted.split('.') {
            v = v.get(part)?;
        }
        Some(match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }
}
