//! `slsc routes`: the routing tables the emulator serves, as text or JSON: the REST API's
//! (`http` events, under the stage) and the HTTP API's (`httpApi` events, at the root).

use super::Global;
use crate::emulate::doors::{self, Addresses, PortFlags, PortPlan};
use crate::emulate::gateway::http_api::routes::{HttpRouteTable, overlaps, render_both, rows};
use crate::emulate::routes::RouteTable;

/// Options of `slsc routes`.
#[derive(Clone, Debug, clap::Args)]
pub struct Options {
    /// Print the table as JSON
    #[arg(long)]
    pub json: bool,
    /// Paths without the leading /<stage>
    #[arg(long)]
    pub no_stage_prefix: bool,
    /// Where the emulator would listen: the URLs listed are the ones it answers on
    #[command(flatten)]
    pub ports: PortFlags,
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
    let plan = match PortPlan::new(&service, &opts.ports) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let addrs = Addresses::planned(&plan, &opts.ports.host, &prefix);
    let listed = doors::endpoints(&service, &table, &addrs);
    let text = if opts.json {
        let mut value = serde_json::json!({
            "service": service.name,
            "stage": service.stage,
            "prefix": prefix,
            "routes": table.routes,
            "endpoints": listed,
        });
        if !service.http_api.has_no_routes()
            && let Some(map) = value.as_object_mut()
        {
            map.insert(
                "httpApi".into(),
                serde_json::json!({
                    "stage": "$default",
                    "prefix": "",
                    "routes": rows(&service.http_api),
                }),
            );
        }
        format!(
            "{}\n",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        )
    } else {
        render_both(&table, &service.http_api, "", &prefix) + &doors::render_other_doors(&listed)
    };
    let written = super::write_stdout(&text);
    let http_table = HttpRouteTable::build(&service.http_api);
    for line in overlaps(&table, &service.http_api, &http_table, &prefix) {
        eprintln!("{line}");
    }
    written
}
