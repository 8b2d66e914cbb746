//! The emulator's own APIs on its port, beside API Gateway's: Lambda's Invoke API at AWS's
//! paths (`/2015-03-31/functions/{name}/invocations`, for `aws lambda invoke --endpoint-url`
//! and SDK clients; [`invoke`]) and slsc's admin API under `/__slsc/` (health, functions,
//! logs; [`admin`], answered on the loopback only). Their paths are looked at before the REST
//! and HTTP APIs', so they win over an HTTP API `$default` route.

pub mod admin;
pub mod invoke;

use super::gateway::proxy_response::Reply;
use super::log_ring::LogRing;
use super::runtime::Runtime;
use crate::ir::Service;
use bytes::Bytes;
use std::sync::Arc;
use std::time::Instant;

/// Where the Invoke API's paths start.
pub const LAMBDA_PREFIX: &str = "/2015-03-31/functions";
/// Where the admin API's paths start.
pub const ADMIN_PREFIX: &str = "/__slsc/";

/// What the local APIs read: the running functions and their logs.
pub struct LocalApis {
    pub service: Arc<Service>,
    pub runtime: Arc<Runtime>,
    pub logs: Arc<LogRing>,
    pub account_id: String,
    pub started: Instant,
}

/// A request to one of the local APIs.
pub struct LocalRequest<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub headers: &'a [(String, String)],
    pub body: Bytes,
    /// The client is on the loopback.
    pub loopback: bool,
}

impl LocalRequest<'_> {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl LocalApis {
    /// Whether `path` is one of theirs.
    pub fn owns(path: &str) -> bool {
        path.starts_with(ADMIN_PREFIX)
            || path == "/__slsc"
            || path
                .strip_prefix(LAMBDA_PREFIX)
                .is_some_and(|r| r.is_empty() || r.starts_with('/'))
    }

    /// The answer to a request of [`LocalApis::owns`]'s paths.
    pub async fn answer(&self, req: &LocalRequest<'_>) -> Reply {
        if req.path.starts_with(LAMBDA_PREFIX) {
            invoke::answer(self, req).await
        } else {
            admin::answer(self, req).await
        }
    }
}

/// A JSON reply.
pub fn json_reply(status: u16, body: &serde_json::Value) -> Reply {
    Reply {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: Bytes::from(body.to_string()),
    }
}
