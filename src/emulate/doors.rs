//! Every front door `slsc emulate` opens and the address each answers on. The REST and HTTP
//! APIs share `--port` (as one gateway on AWS serves both kinds under different hosts, and the
//! emulator tells them apart by the stage prefix); the WebSocket API, each function URL and each
//! ALB listener is a host of its own on AWS, so each gets a port of its own here, where its
//! requests' paths stay exactly as AWS passes them on.
//!
//! [`PortPlan`] chooses the ports from the flags, [`Addresses`] holds the bound ones, and
//! [`endpoints`] lists every endpoint with its kind and local URL for the start-up banner and
//! `slsc routes --json`, so scripts and tests find each door without guessing.

use crate::emulate::gateway::http_api::routes::rows as http_api_rows;
use crate::emulate::routes::{RouteTable, Target, table_text};
use crate::ir::Service;
use serde::Serialize;
use serde_json::Value as Json;
use std::net::SocketAddr;

/// The listening flags of `slsc emulate` (and of `slsc routes`, which prints the URLs the
/// emulator would answer on).
#[derive(Clone, Debug, clap::Args)]
pub struct PortFlags {
    /// Address to listen on
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Port of the REST and HTTP APIs, Lambda's Invoke API and the admin API (0 picks a free
    /// one, and a free one for every other door too)
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
    /// Port of the WebSocket API and its @connections API (default: --port + 1)
    #[arg(long, value_name = "PORT")]
    pub websocket_port: Option<u16>,
    /// Port of the first function URL; the next ones follow in function order (default:
    /// --port + 2)
    #[arg(long, value_name = "PORT")]
    pub function_url_port: Option<u16>,
    /// Port of the first ALB listener; the next ones follow in order of first use (default:
    /// right after the function URLs' ports)
    #[arg(long, value_name = "PORT")]
    pub alb_port: Option<u16>,
}

impl Default for PortFlags {
    fn default() -> Self {
        PortFlags {
            host: "127.0.0.1".into(),
            port: 3000,
            websocket_port: None,
            function_url_port: None,
            alb_port: None,
        }
    }
}

/// The kind of a front door.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DoorKind {
    /// API Gateway REST API (`http` events).
    Rest,
    /// API Gateway HTTP API (`httpApi` events).
    HttpApi,
    /// API Gateway WebSocket API (`websocket` events).
    Websocket,
    /// A Lambda function URL (`url`).
    FunctionUrl,
    /// An Application Load Balancer listener rule (`alb` events).
    Alb,
}

/// One endpoint the emulator answers on.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    pub kind: DoorKind,
    /// `GET`, `ANY`, ...; `None` for WebSocket routes.
    pub method: Option<String>,
    /// The path (`/users/{id}`), the WebSocket route key (`$connect`), `/*` for a function
    /// URL, or the ALB rule's path patterns.
    pub route: String,
    /// The function that answers (`None` for mock, HTTP and CORS preflight methods).
    pub function: Option<String>,
    /// The URL a client calls: the route's own URL for the APIs' routes, the door's base URL
    /// for WebSocket routes, function URLs and ALB rules.
    pub url: String,
    /// The ALB rule's priority.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<Json>,
}

/// Which port each door listens on; 0 lets the system pick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortPlan {
    pub main: u16,
    /// `None` when the service has no `websocket` event.
    pub websocket: Option<u16>,
    /// Each function with a URL, in function order.
    pub function_urls: Vec<(String, u16)>,
    /// Each ALB listener ([`listener_key`]), in order of first use.
    pub alb_listeners: Vec<(String, u16)>,
}

impl PortPlan {
    /// The ports for `service` under `flags`: given ones as given, the others counted on from
    /// `--port` (all 0 when `--port` is 0). A door counted past 65535 is an error naming the
    /// flag that would move it.
    pub fn new(service: &Service, flags: &PortFlags) -> Result<PortPlan, String> {
        let base = flags.port;
        let past_the_end = |door: &str, flag: &str| {
            format!("the port of {door} would be past 65535: give a lower {flag}")
        };
        // the door `offset` ports after `first` (or after `--port` when not given)
        let counted = |first: Option<u16>, offset: usize, door: &str, flag: &str| {
            let (start, offset) = match first {
                Some(p) => (p, offset),
                None => (base, offset),
            };
            if start == 0 {
                return Ok(0);
            }
            u16::try_from(usize::from(start) + offset).map_err(|_| past_the_end(door, flag))
        };
        let websocket = if service.events.websockets.routes.is_empty() {
            None
        } else {
            let offset = if flags.websocket_port.is_some() { 0 } else { 1 };
            Some(counted(
                flags.websocket_port,
                offset,
                "the WebSocket API",
                "--websocket-port or --port",
            )?)
        };
        let url_offset = if flags.function_url_port.is_some() {
            0
        } else {
            2
        };
        let function_urls = url_functions(service)
            .enumerate()
            .map(|(i, f)| {
                let door = format!("{f}'s function URL");
                let port = counted(
                    flags.function_url_port,
                    url_offset + i,
                    &door,
                    "--function-url-port or --port",
                )?;
                Ok((f.to_string(), port))
            })
            .collect::<Result<Vec<_>, String>>()?;
        let alb_offset = if flags.alb_port.is_some() {
            0
        } else {
            2 + function_urls.len()
        };
        let alb_listeners = alb_listener_keys(service)
            .into_iter()
            .enumerate()
            .map(|(i, key)| {
                let door = format!("the ALB listener {key}");
                let port = counted(
                    flags.alb_port,
                    alb_offset + i,
                    &door,
                    "--alb-port or --port",
                )?;
                Ok((key, port))
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(PortPlan {
            main: base,
            websocket,
            function_urls,
            alb_listeners,
        })
    }
}

/// The functions that have a URL, in function order.
pub fn url_functions(service: &Service) -> impl Iterator<Item = &str> {
    service
        .functions
        .iter()
        .filter(|f| f.url.is_some())
        .map(|f| f.key.as_str())
}

/// What tells ALB listeners apart: the listener ARN as written (a string, or an intrinsic
/// such as `{"Ref": "HttpListener"}` in its JSON form).
pub fn listener_key(listener_arn: &Json) -> String {
    crate::ir::json_text(listener_arn)
}

/// Each ALB listener the `alb` events name, in order of first use.
pub fn alb_listener_keys(service: &Service) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for event in &service.events.albs.events {
        let key = listener_key(&event.listener_arn);
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// Where each door answers, once bound (or as planned, for `slsc routes`).
#[derive(Clone, Debug)]
pub struct Addresses {
    /// The host part of URLs (`127.0.0.1`, `[::1]`, ...).
    pub host: String,
    pub main: u16,
    pub websocket: Option<u16>,
    pub function_urls: Vec<(String, u16)>,
    pub alb_listeners: Vec<(String, u16)>,
    /// `/<stage>` when the REST API's paths start with the stage, else empty.
    pub rest_prefix: String,
}

impl Addresses {
    /// The planned addresses (what `slsc routes` prints).
    pub fn planned(plan: &PortPlan, host: &str, rest_prefix: &str) -> Addresses {
        Addresses {
            host: url_host(host),
            main: plan.main,
            websocket: plan.websocket,
            function_urls: plan.function_urls.clone(),
            alb_listeners: plan.alb_listeners.clone(),
            rest_prefix: rest_prefix.to_string(),
        }
    }

    /// `http://host:port` of the REST and HTTP APIs.
    pub fn main_base(&self) -> String {
        format!("http://{}:{}", self.host, self.main)
    }

    /// `ws://host:port/<stage>`, the WebSocket API's URL (AWS's
    /// `wss://<api>.execute-api.<region>.amazonaws.com/<stage>`).
    pub fn websocket_url(&self, stage: &str) -> Option<String> {
        self.websocket
            .map(|p| format!("ws://{}:{p}/{stage}", self.host))
    }

    /// `http://host:port/` of `function`'s URL.
    pub fn function_url(&self, function: &str) -> Option<String> {
        self.function_urls
            .iter()
            .find(|(f, _)| f == function)
            .map(|(_, p)| format!("http://{}:{p}/", self.host))
    }

    /// `http://host:port` of the ALB listener `key`.
    pub fn alb_base(&self, key: &str) -> Option<String> {
        self.alb_listeners
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, p)| format!("http://{}:{p}", self.host))
    }
}

/// The listeners of the doors beyond the APIs' port, bound as [`PortPlan`] says.
#[derive(Debug, Default)]
pub struct DoorListeners {
    pub websocket: Option<tokio::net::TcpListener>,
    /// By function key, in function order.
    pub function_urls: Vec<(String, tokio::net::TcpListener)>,
    /// By [`listener_key`], in order of first use.
    pub alb_listeners: Vec<(String, tokio::net::TcpListener)>,
}

impl DoorListeners {
    /// Binds every door of `plan` on `host`; the first that cannot be bound is the error,
    /// naming the door.
    pub async fn bind(host: &str, plan: &PortPlan) -> Result<DoorListeners, String> {
        async fn one(host: &str, port: u16, what: &str) -> Result<tokio::net::TcpListener, String> {
            tokio::net::TcpListener::bind((host, port))
                .await
                .map_err(|e| format!("cannot listen on {host}:{port} for {what}: {e}"))
        }
        let mut out = DoorListeners::default();
        if let Some(port) = plan.websocket {
            out.websocket = Some(one(host, port, "the WebSocket API (--websocket-port)").await?);
        }
        for (function, port) in &plan.function_urls {
            let what = format!("{function}'s function URL (--function-url-port)");
            out.function_urls
                .push((function.clone(), one(host, *port, &what).await?));
        }
        for (key, port) in &plan.alb_listeners {
            let what = format!("the ALB listener {key} (--alb-port)");
            out.alb_listeners
                .push((key.clone(), one(host, *port, &what).await?));
        }
        Ok(out)
    }

    /// The addresses to list: the bound ports (the system's choice where the plan said 0).
    pub fn addresses(&self, host: String, main: u16, rest_prefix: &str) -> Addresses {
        let port = |l: &tokio::net::TcpListener| l.local_addr().map_or(0, |a| a.port());
        Addresses {
            host,
            main,
            websocket: self.websocket.as_ref().map(port),
            function_urls: self
                .function_urls
                .iter()
                .map(|(f, l)| (f.clone(), port(l)))
                .collect(),
            alb_listeners: self
                .alb_listeners
                .iter()
                .map(|(k, l)| (k.clone(), port(l)))
                .collect(),
            rest_prefix: rest_prefix.to_string(),
        }
    }
}

/// A host as it goes in a URL: IPv6 addresses in brackets.
pub fn url_host(host: &str) -> String {
    match host.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(ip)) => format!("[{ip}]"),
        _ => host.to_string(),
    }
}

/// The host part of URLs for a bound address: a loopback address when bound to every
/// address, as that is where a client on this machine reaches it.
pub fn bound_host(addr: &SocketAddr) -> String {
    let ip = addr.ip().to_canonical();
    if ip.is_unspecified() {
        "127.0.0.1".into()
    } else {
        url_host(&ip.to_string())
    }
}

/// Every endpoint of `service` at `addrs`, door by door: the REST API's routes, the HTTP
/// API's, the WebSocket API's, the function URLs and the ALB rules.
pub fn endpoints(service: &Service, rest: &RouteTable, addrs: &Addresses) -> Vec<Endpoint> {
    let base = addrs.main_base();
    let mut out: Vec<Endpoint> = rest
        .routes
        .iter()
        .map(|r| Endpoint {
            kind: DoorKind::Rest,
            method: Some(r.method.clone()),
            route: r.path.clone(),
            function: match r.target {
                Target::CorsPreflight => None,
                Target::Endpoint(_) => r.function.clone(),
            },
            url: format!("{base}{}{}", addrs.rest_prefix, r.path),
            priority: None,
        })
        .collect();
    out.extend(http_api_rows(&service.http_api).into_iter().map(|r| {
        let url = if r.path == "/*" {
            format!("{base}/")
        } else {
            format!("{base}{}", r.path)
        };
        Endpoint {
            kind: DoorKind::HttpApi,
            method: Some(r.method),
            route: r.path,
            function: Some(r.function),
            url,
            priority: None,
        }
    }));
    if let Some(url) = addrs.websocket_url(&service.stage) {
        out.extend(service.events.websockets.routes.iter().map(|r| Endpoint {
            kind: DoorKind::Websocket,
            method: None,
            route: r.route.clone(),
            function: Some(r.origin.function.clone()),
            url: url.clone(),
            priority: None,
        }));
    }
    for function in url_functions(service) {
        if let Some(url) = addrs.function_url(function) {
            out.push(Endpoint {
                kind: DoorKind::FunctionUrl,
                method: Some("ANY".into()),
                route: "/*".into(),
                function: Some(function.to_string()),
                url,
                priority: None,
            });
        }
    }
    for event in &service.events.albs.events {
        let Some(base) = addrs.alb_base(&listener_key(&event.listener_arn)) else {
            continue;
        };
        let texts = |values: &Option<Vec<Json>>| -> Vec<String> {
            values
                .as_deref()
                .map(crate::ir::json_texts)
                .unwrap_or_default()
        };
        let paths = texts(&event.conditions.path);
        let methods = texts(&event.conditions.method);
        out.push(Endpoint {
            kind: DoorKind::Alb,
            method: Some(if methods.is_empty() {
                "ANY".into()
            } else {
                methods.join(",")
            }),
            route: if paths.is_empty() {
                "/*".into()
            } else {
                paths.join(",")
            },
            function: Some(event.origin.function.clone()),
            url: match paths.first().and_then(|p| p.split(['*', '?']).next()) {
                // a pattern's wildcards are not part of any URL: its fixed start is
                Some(p) if p.starts_with('/') => format!("{base}{p}"),
                _ => format!("{base}/"),
            },
            priority: Some(event.priority.clone()),
        });
    }
    out
}

/// The banner's lines for the doors beyond the REST and HTTP APIs (those have tables of their
/// own): a table per kind, empty when the service has none.
pub fn render_other_doors(endpoints: &[Endpoint]) -> String {
    let mut out = String::new();
    let of = |kind: DoorKind| endpoints.iter().filter(move |e| e.kind == kind);
    let function = |e: &Endpoint| e.function.clone().unwrap_or_else(|| "-".into());
    let websocket: Vec<[String; 3]> = of(DoorKind::Websocket)
        .map(|e| [e.route.clone(), function(e), e.url.clone()])
        .collect();
    if !websocket.is_empty() {
        out.push_str("WebSocket API (websocket events):\n");
        if let Some(url) = websocket.first().map(|w| w[2].clone()) {
            // the management API answers on the same port, under the stage, as on AWS
            let base = url.replacen("ws://", "http://", 1);
            out.push_str(&format!(
                "WebSocket @connections API: {base}/@connections/{{connectionId}} \
                 (aws apigatewaymanagementapi --endpoint-url {base} ...)\n"
            ));
        }
        out.push_str(&table_text(["ROUTE", "FUNCTION", "URL"], websocket));
    }
    let urls: Vec<[String; 2]> = of(DoorKind::FunctionUrl)
        .map(|e| [function(e), e.url.clone()])
        .collect();
    if !urls.is_empty() {
        out.push_str("Function URLs (url):\n");
        out.push_str(&table_text(["FUNCTION", "URL"], urls));
    }
    let albs: Vec<[String; 5]> = of(DoorKind::Alb)
        .map(|e| {
            [
                e.priority
                    .as_ref()
                    .map(crate::ir::json_text)
                    .unwrap_or_default(),
                e.method.clone().unwrap_or_default(),
                e.route.clone(),
                function(e),
                e.url.clone(),
            ]
        })
        .collect();
    if !albs.is_empty() {
        out.push_str("ALB listener rules (alb events):\n");
        out.push_str(&table_text(
            ["PRIORITY", "METHOD", "PATH", "FUNCTION", "URL"],
            albs,
        ));
    }
    out
}

#[cfg(test)]
mod tests;
