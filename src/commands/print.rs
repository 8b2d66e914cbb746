//! `slsc print`: the configuration with every variable resolved, like `serverless print`.

use super::{Global, report};
use crate::pipeline;

pub fn run(global: &Global, json: bool) -> u8 {
    let mut session = pipeline::run(&global.invocation());
    let root = session.loaded.take();
    report(&mut session, global.color);
    if session.diagnostics.has_errors() {
        return 1;
    }
    let Some(root) = root else { return 1 };
    let value = root.to_json();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    } else {
        print!("{}", crate::yaml_out::to_yaml(&value));
    }
    0
}
