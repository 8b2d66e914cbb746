//! `slsc print`: the configuration with every variable resolved, like `serverless print`.
//! Only loading and resolving can stop it; schema and semantic findings are `validate`'s job.

use super::{Global, report};
use crate::pipeline;

pub fn run(global: &Global, json: bool) -> u8 {
    let mut session = pipeline::run(&global.pipeline_input());
    let root = session.resolved.take();
    session.diagnostics.0.retain(|d| {
        ["io::", "yaml::", "var::"]
            .iter()
            .any(|p| d.code.starts_with(p))
    });
    report(&mut session, global.color);
    let Some(root) = root else { return 1 };
    let value = root.to_json();
    if json {
        super::write_stdout(&format!(
            "{}\n",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        ))
    } else {
        super::write_stdout(&crate::yaml_out::to_yaml(&value))
    }
}
