//! What `deploy` and `info` print: the stack's status, endpoints, functions and outputs.

use super::client::Clients;
use super::stack::{self, output};
use crate::ir::Service;
use aws_sdk_cloudformation::types::Stack;

/// The service's base URL: the `ServiceEndpoint` output, else built from the `RestApi`'s id
/// (some emulators do not refresh outputs).
pub async fn base_url(c: &Clients, svc: &Service, s: &Stack) -> Option<String> {
    if let Some(url) = output(s, "ServiceEndpoint") {
        return Some(url);
    }
    if svc.endpoints.is_empty() {
        return None;
    }
    let id = stack::physical_id(c, &stack::stack_name(svc), "ApiGatewayRestApi").await?;
    Some(format!(
        "https://{id}.execute-api.{}.amazonaws.com/{}",
        c.region, svc.stage
    ))
}

/// The summary text.
pub async fn render(c: &Clients, svc: &Service, s: &Stack) -> String {
    let mut out = String::new();
    let status = s.stack_status().map(|x| x.as_str()).unwrap_or("unknown");
    out.push_str(&format!(
        "service: {}\nstage: {}\nregion: {}\nstack: {} ({status})\n",
        svc.name,
        svc.stage,
        c.region,
        stack::stack_name(svc)
    ));
    let base = base_url(c, svc, s).await;
    if !svc.endpoints.is_empty() {
        out.push_str("endpoints:\n");
        for e in &svc.endpoints {
            let path = e.path.trim_start_matches('/');
            let url = match &base {
                Some(b) if path.is_empty() => b.clone(),
                Some(b) => format!("{b}/{path}"),
                None => format!("/{path}"),
            };
            out.push_str(&format!("  {} - {url}\n", e.method.to_uppercase()));
        }
    }
    if !svc.functions.is_empty() {
        out.push_str("functions:\n");
        for f in &svc.functions {
            out.push_str(&format!("  {}: {}\n", f.key, f.name));
        }
    }
    let outputs = s.outputs();
    if !outputs.is_empty() {
        out.push_str("outputs:\n");
        for o in outputs {
            out.push_str(&format!(
                "  {}: {}\n",
                o.output_key().unwrap_or_default(),
                o.output_value().unwrap_or_default()
            ));
        }
    }
    out
}
