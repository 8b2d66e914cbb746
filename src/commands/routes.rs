//! `slsc routes`: the routing table the emulator serves, as text or JSON.

use super::Global;
use crate::emulate::routes::{RouteTable, render_text};

/// Options of `slsc routes`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct Options {
    /// Print the table as JSON
    #[arg(long)]
    pub json: bool,
    /// Paths without the leading /<stage>
    #[arg(long)]
    pub no_stage_prefix: bool,
}

pub fn run(global: &Global, opts: &Options) -> u8 {
    let service = match super::load_service(global, "routes") {
        Ok((s, _)) => s,
        Err(code) => return code,
    };
    let table = RouteTable::build(&service);
    let prefix = if opts.no_stage_prefix {
        String::new()
    } else {
        format!("/{}", service.stage)
    };
    if opts.json {
        let value = serde_json::json!({
            "service": service.name,
            "stage": service.stage,
            "prefix": prefix,
            "routes": table.routes,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
    } else {
        print!("{}", render_text(&table, &prefix));
    }
    if let Some(note) = super::not_emulated_note(&service) {
        eprintln!("{note}");
    }
    0
}
