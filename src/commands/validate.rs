//! `slsc validate`: run every check and say what is wrong, or summarize the service.

use super::{Format, Global, report};
use crate::diag::render;
use crate::pipeline;

pub fn run(global: &Global, format: Format) -> u8 {
    let mut session = pipeline::run(&global.invocation());
    let ok = !session.diagnostics.has_errors() && session.loaded.is_some();
    match format {
        Format::Json => {
            session.diagnostics.sort();
            let diags: Vec<_> = session
                .diagnostics
                .iter()
                .map(|d| render::to_json(d, &session.sources))
                .collect();
            let out = serde_json::json!({
                "ok": ok,
                "summary": summary(&session),
                "diagnostics": diags,
            });
            println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        }
        Format::Text => {
            report(&mut session, global.color);
            if ok {
                println!("{}", summary_line(&session));
            }
        }
    }
    if ok { 0 } else { 1 }
}

fn summary(session: &pipeline::Session) -> serde_json::Value {
    let root = session.loaded.as_ref();
    let functions = root
        .and_then(|r| r.get("functions"))
        .and_then(|f| f.as_map())
        .map_or(0, |m| m.len());
    serde_json::json!({
        "service": root.and_then(|r| r.get("service")).and_then(|s| s.as_str()),
        "functions": functions,
    })
}

fn summary_line(session: &pipeline::Session) -> String {
    let s = summary(session);
    format!(
        "ok: {} ({} functions)",
        s["service"].as_str().unwrap_or("service"),
        s["functions"]
    )
}
