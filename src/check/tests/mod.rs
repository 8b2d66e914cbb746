//! Check tests: each case is a service and the exact `line:col code` findings expected.

mod alb;
mod cases;
mod cloudwatch;
mod event_bridge;
mod event_sources;
mod function_settings;
mod layers;
mod notification_events;
mod schedule;
mod websocket;

use crate::diag::Severity;
use crate::ir::lower::lower;
use crate::load::load_bytes;
use crate::source::SourceMap;
use std::path::Path;

/// The top of a service: its name and provider.
pub const HEAD: &str = "service: demo\nprovider:\n  name: aws\n  runtime: nodejs22.x\n";

/// A finding as [`findings`] writes it.
pub fn at(line_col: &str, sev: &str, code: &str) -> String {
    format!("{line_col} {sev} {code}")
}

/// Each case's findings are the expected ones.
pub fn assert_cases(cases: Vec<(&str, String, Vec<String>)>) {
    for (name, text, want) in cases {
        assert_eq!(findings(&text), want, "{name}");
    }
}

/// Lowers and checks `text` (stage `dev`, region `us-east-1`); the findings as
/// `line:col severity code`, sorted by position.
pub fn findings(text: &str) -> Vec<String> {
    findings_for(text, "dev", "us-east-1")
}

pub fn findings_for(text: &str, stage: &str, region: &str) -> Vec<String> {
    let mut sm = SourceMap::new();
    let l = load_bytes(Path::new("serverless.yml"), text.as_bytes(), &mut sm).unwrap();
    let (s, _) = lower(&l.root, stage, region, Path::new("."));
    let mut d = super::check(&s.unwrap(), &l.root);
    d.sort();
    d.iter()
        .map(|x| {
            let at = x
                .span
                .and_then(|s| sm.locate(s))
                .map(|(_, l, c)| format!("{l}:{c}"))
                .unwrap_or_else(|| "-".into());
            let sev = if x.severity == Severity::Error {
                "error"
            } else {
                "warning"
            };
            assert!(x.help.is_some(), "{} has no help", x.code);
            format!("{at} {sev} {}", x.code)
        })
        .collect()
}
