//! Tests of lowering: one file per concern, plus every fixture service.

mod api;
mod auth;
mod cors;
mod existing_resources;
pub mod fixtures;
mod golden;
mod http;
mod http_api;
mod provider;
mod robust;
mod rule_events;

use super::lower;
use crate::diag::{Diagnostics, render};
use crate::ir::{HttpEndpoint, Service};
use crate::load::load_bytes;
use crate::source::SourceMap;
use std::path::Path;

/// Loads and lowers `text` (stage `dev`, region `us-east-1`).
pub fn lower_text(text: &str) -> (Option<Service>, Diagnostics, SourceMap) {
    let mut sm = SourceMap::new();
    let l = load_bytes(Path::new("serverless.yml"), text.as_bytes(), &mut sm).unwrap();
    let (s, d) = lower(&l.root, "dev", "us-east-1", Path::new("."));
    (s, d, sm)
}

/// Short renderings (`file:line:col: severity[code]: message`) of the diagnostics.
pub fn shorts(d: &Diagnostics, sm: &SourceMap) -> Vec<String> {
    d.iter().map(|x| render::short(x, sm)).collect()
}

/// Lowers `text`, asserting there is no error.
pub fn svc(text: &str) -> Service {
    let (s, d, sm) = lower_text(text);
    assert!(!d.has_errors(), "{:?}", shorts(&d, &sm));
    s.unwrap()
}

/// A service with functions `f` and `authFn`; `f` has the one event `- http: <event>` (YAML,
/// indented as the value of `http:` at column 10).
pub fn service_with_event(event: &str) -> String {
    format!(
        "service: demo\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.f\n    events:\n      - http:{event}\n  authFn:\n    handler: h.auth\n"
    )
}

/// The single endpoint of [`service_with_event`].
pub fn endpoint(event: &str) -> HttpEndpoint {
    let s = svc(&service_with_event(event));
    assert_eq!(s.endpoints.len(), 1);
    s.endpoints.into_iter().next().unwrap()
}
