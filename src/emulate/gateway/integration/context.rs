//! What a mapping template sees of a request: `$input` (body, path / query / header
//! parameters), `$context` (ids, stage, resource, identity, authorizer) and `$stageVariables`,
//! filled as API Gateway fills them for non-proxy integrations (absent values are empty
//! strings, not null).

use super::AdmittedRequest;
use super::mapping::Prepared;
use crate::emulate::gateway::auth::Caller;
use crate::emulate::gateway::request::Incoming;
use crate::emulate::gateway::{Gateway, proxy_event};
use crate::emulate::ids;
use crate::emulate::routes::Match;
use crate::emulate::routes::Target;
use crate::ir::HttpEndpoint;
use indexmap::IndexMap;
use serde_json::{Value, json};
use slsc_vtl as vtl;
use std::borrow::Cow;
use std::sync::OnceLock;

/// The request side of every template of one request; [`Scope::render`] runs a template over
/// some body (the request's, or the integration response's). The parameters and the
/// `$context` tree are built only when a template (or a mapping) may read them.
pub struct Scope<'a> {
    gw: &'a Gateway,
    req: &'a Incoming,
    m: &'a Match<'a>,
    endpoint: Option<&'a HttpEndpoint>,
    caller: &'a Caller,
    /// Neither parameters nor `$context` (templates that read only `$input` bodies).
    bare: vtl::Context,
    /// The parameters, without the `$context` tree, on first need.
    base: OnceLock<vtl::Context>,
    /// The parameters with the `$context` tree, on first need.
    full: OnceLock<vtl::Context>,
}

impl<'a> Scope<'a> {
    pub fn new(
        gw: &'a Gateway,
        req: &'a Incoming,
        m: &'a Match<'a>,
        endpoint: Option<&'a HttpEndpoint>,
        caller: &'a Caller,
    ) -> Scope<'a> {
        Scope {
            gw,
            req,
            m,
            endpoint,
            caller,
            bare: vtl::Context::default(),
            base: OnceLock::new(),
            full: OnceLock::new(),
        }
    }

    /// The scope of an integration's templates.
    pub fn of(call: &AdmittedRequest<'a>) -> Scope<'a> {
        Scope::new(
            call.gateway,
            call.request,
            call.route,
            Some(call.endpoint),
            call.caller,
        )
    }

    /// The context with the request's path, query and header parameters.
    fn base(&self) -> &vtl::Context {
        self.base.get_or_init(|| {
            let mut header = IndexMap::new();
            for (k, v) in proxy_event::forwarded_headers(self.req) {
                header.insert(k, v);
            }
            let mut querystring = IndexMap::new();
            for (k, v) in &self.req.query {
                querystring.insert(k.clone(), v.clone());
            }
            vtl::Context {
                path: self.m.params.iter().cloned().collect(),
                querystring,
                header,
                ..vtl::Context::default()
            }
        })
    }

    /// The context with the parameters and the `$context` tree.
    fn full(&self) -> &vtl::Context {
        self.full.get_or_init(|| vtl::Context {
            context: self.tree(),
            ..self.base().clone()
        })
    }

    /// `$context` as API Gateway fills it for this request.
    fn tree(&self) -> Value {
        let (gw, req, m, caller) = (self.gw, self.req, self.m, self.caller);
        let s = |v: Option<&str>| Value::String(v.unwrap_or("").to_string());
        let host = req.header("host").unwrap_or("localhost").to_string();
        let domain_prefix = host.split(['.', ':']).next().unwrap_or("").to_string();
        let mut context = json!({
            "accountId": gw.opts.account_id,
            "apiId": gw.api_id,
            "authorizer": caller.authorizer.clone().filter(Value::is_object).unwrap_or_else(|| json!({})),
            "domainName": host,
            "domainPrefix": domain_prefix,
            "extendedRequestId": ids::extended_request_id(&req.request_id),
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
            "requestTimeEpoch": crate::common::time::epoch_millis(req.time),
            "resourceId": gw.resource_id(m.index),
            "resourcePath": m.route.path,
            "stage": gw.service.stage,
        });
        if let (Some(op), Some(map)) = (
            self.endpoint.and_then(|e| e.operation_id.as_deref()),
            context.as_object_mut(),
        ) {
            map.insert("operationName".into(), op.into());
        }
        context
    }

    /// Renders `template` over `body`.
    pub fn render(
        &self,
        template: &vtl::Template,
        body: &str,
    ) -> Result<vtl::Rendered, vtl::VtlError> {
        let cx = if template.may_read_context() {
            self.full()
        } else if template.may_read_params() {
            self.base()
        } else {
            &self.bare
        };
        template.render_over(cx, body)
    }

    /// The mapping settings of endpoint `e`: the gateway's prepared copy when `e` is the matched
    /// route's endpoint, else worked out now.
    pub fn mapping(&self, e: &HttpEndpoint) -> Cow<'a, Prepared> {
        if let Target::Endpoint(i) = self.m.route.target
            && self
                .gw
                .service
                .endpoints
                .get(i)
                .is_some_and(|x| std::ptr::eq(x, e))
            && let Some(p) = self.gw.prepared(i)
        {
            return Cow::Borrowed(p);
        }
        Cow::Owned(Prepared::of(e))
    }

    /// A path, query or header parameter of the request, as `method.request.<location>.<name>`
    /// names it (`location` is `path`, `querystring` or `header`; headers by any case).
    pub fn param(&self, location: &str, name: &str) -> Option<&str> {
        match location {
            "path" => self.base().path.get(name),
            "querystring" => self.base().querystring.get(name),
            "header" => self
                .base()
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
        let mut v = &self.full().context;
        for part in dotted.split('.') {
            v = v.get(part)?;
        }
        Some(match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
    }
}
