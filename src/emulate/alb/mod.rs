//! ALB listeners (`alb` events): each listener ARN the events name gets a port of its own
//! (`doors::PortPlan`), where its rules are evaluated as an Application Load Balancer does
//! ([`rules`]), the matching rule's function is invoked with ALB's Lambda event ([`event`])
//! and its result turned into the response ([`response`]). The HTTP plumbing is the
//! gateway's accept loop (`gateway::server::accept`), the functions run behind the same
//! [`Lambda`] trait as API Gateway's.

pub mod event;
pub mod response;
pub mod rules;
pub mod wildcard;

use crate::emulate::gateway::access_log::{self, Entry, LogFormat};
use crate::emulate::gateway::proxy_response::Reply;
use crate::emulate::gateway::request::Incoming;
use crate::emulate::gateway::server::{Arrival, accept, read_body, to_hyper};
use crate::emulate::gateway::{Lambda, LambdaResult};
use crate::ir::Service;
use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming as HyperBody;
use hyper::{Request, Response};
use rules::Rule;
use std::sync::Arc;
use std::time::Instant;
use tokio::net::TcpListener;

/// The load balancer in front of the service's `alb` events.
pub struct Alb {
    lambda: Arc<dyn Lambda>,
    region: String,
    account_id: String,
    log: LogFormat,
}

/// One listener: its key (the listener ARN as written) and its rules in evaluation order.
struct Listener {
    key: String,
    rules: Vec<Rule>,
}

impl Alb {
    pub fn new(
        service: &Service,
        lambda: Arc<dyn Lambda>,
        account_id: &str,
        log: LogFormat,
    ) -> Alb {
        Alb {
            lambda,
            region: service.region.clone(),
            account_id: account_id.to_string(),
            log,
        }
    }

    /// Serves every listener of `service` on its bound socket (from `DoorListeners`), each in a
    /// task of its own, for as long as the runtime runs.
    pub fn spawn(self: Arc<Self>, service: &Service, listeners: Vec<(String, TcpListener)>) {
        let mut rules = rules::by_listener(service);
        for (key, socket) in listeners {
            let Some(i) = rules.iter().position(|(k, _)| *k == key) else {
                continue;
            };
            let (key, rules) = rules.swap_remove(i);
            let listener = Arc::new(Listener { key, rules });
            let alb = self.clone();
            tokio::spawn(accept(
                socket,
                std::future::pending(),
                move |req, arrival| {
                    let alb = alb.clone();
                    let listener = listener.clone();
                    async move { alb.answer(&listener, req, &arrival).await }
                },
            ));
        }
    }

    /// Answers one request on `listener`, with its access-log line.
    async fn answer(
        &self,
        listener: &Listener,
        req: Request<HyperBody>,
        arrival: &Arrival,
    ) -> Response<Full<Bytes>> {
        let started = Instant::now();
        let mut incoming = arrival.incoming(&req);
        let (method, raw_path) = (incoming.method.clone(), incoming.raw_path.clone());
        let request_id = incoming.request_id.clone();
        let upgrade = req
            .headers()
            .get(hyper::header::UPGRADE)
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"websocket"));
        let rule = rules::first_match(&listener.rules, &incoming);
        let (reply, reason, note) = match rule {
            // "Lambda functions as targets": Limits
            _ if upgrade => (
                response::page(400),
                None,
                Some("WebSocket upgrades are refused by Lambda targets".to_string()),
            ),
            None => (
                not_matched(&listener.key, &method, &raw_path),
                None,
                Some(format!(
                    "no rule of listener {} matches; its default action is not part of the service",
                    listener.key
                )),
            ),
            Some(rule) => match read_body(req, response::MAX_PAYLOAD).await {
                None => (
                    response::page(413),
                    None,
                    Some("request body over ALB's 1 MB limit for Lambda targets".to_string()),
                ),
                Some(body) => {
                    incoming.body = body;
                    self.forward(rule, &incoming).await
                }
            },
        };
        access_log::write(
            self.log,
            &Entry {
                method: &method,
                path: &raw_path,
                status: reply.status,
                elapsed: started.elapsed(),
                request_id: &request_id,
                function: rule.map(|r| r.function.as_str()),
                note: note.as_deref(),
            },
        );
        let mut out = to_hyper(reply);
        if let Some(phrase) =
            reason.and_then(|r| hyper::ext::ReasonPhrase::try_from(r.into_bytes()).ok())
        {
            out.extensions_mut().insert(phrase);
        }
        out
    }

    /// Invokes `rule`'s function with ALB's event and reads its result.
    async fn forward(
        &self,
        rule: &Rule,
        req: &Incoming,
    ) -> (Reply, Option<String>, Option<String>) {
        let arn = event::target_group_arn(&self.region, &self.account_id, &rule.target_group_name);
        let event = event::write(
            req,
            &event::Target {
                target_group_arn: &arn,
                multi_value_headers: rule.multi_value_headers,
            },
        );
        let payload = Bytes::from(event.to_string());
        match self.lambda.invoke(&rule.function, payload).await {
            LambdaResult::Ok(result) => match response::parse(&result, rule.multi_value_headers) {
                Ok(r) => (r.reply, r.reason, None),
                Err(why) => (response::page(502), None, Some(why)),
            },
            LambdaResult::Error { kind, .. } => (
                response::page(502),
                None,
                Some(format!("the function failed ({kind})")),
            ),
        }
    }
}

/// The answer when no rule matches: what the listener's default action does is not in the
/// service (SF's `alb` events add rules to a listener made elsewhere), so a 404 that says so.
fn not_matched(key: &str, method: &str, path: &str) -> Reply {
    Reply {
        status: 404,
        headers: vec![("Content-Type".into(), "text/plain; charset=utf-8".into())],
        body: Bytes::from(format!(
            "slsc: no rule of the ALB listener {key} matches {method} {path}; the listener's \
             default action is not part of this service, so the emulator answers 404\n"
        )),
    }
}
