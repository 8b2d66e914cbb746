//! `slsc validate`: run every check and say what is wrong, or summarize the service.

use super::{Format, Global, report};
use crate::diag::render;
use crate::pipeline;

pub fn run(global: &Global, format: Format) -> u8 {
    let mut session = pipeline::run(&global.pipeline_input());
    let ok = !session.diagnostics.has_errors() && session.service.is_some();
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
            if super::write_stdout(&format!(
                "{}\n",
                serde_json::to_string_pretty(&out).unwrap_or_default()
            )) != 0
            {
                return 1;
            }
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
    match &session.service {
        Some(svc) => serde_json::json!({
            "service": svc.name,
            "stage": svc.stage,
            "region": svc.region,
            "functions": svc.functions.len(),
            "endpoints": svc.endpoints.len(),
            "httpApiRoutes": svc.http_api.routes.len(),
            "unsupportedEvents": svc.unsupported_events.len(),
        }),
        None => serde_json::Value::Null,
    }
}

/// `ok: anchor-svc: 2 functions, 8 endpoints (stage dev, us-east-1)`, with `, 3 httpApi routes`
/// after the endpoints when there are any.
fn summary_line(session: &pipeline::Session) -> String {
    let Some(svc) = &session.service else {
        return "ok".into();
    };
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let warnings = session.diagnostics.warnings();
    let routes = match svc.http_api.routes.len() {
        0 => String::new(),
        n => format!(", {}", plural(n, "httpApi route")),
    };
    let mut line = format!(
        "ok: {}: {}, {}{routes} (stage {}, {})",
        svc.name,
        plural(svc.functions.len(), "function"),
        plural(svc.endpoints.len(), "endpoint"),
        svc.stage,
        svc.region
    );
    if warnings > 0 {
        line.push_str(&format!(", {}", plural(warnings, "warning")));
    }
    line
}
