//! Checks on `provider.apiGateway`: shared REST API ids, API keys and their usage plans.

use super::nearest;
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::{Service, UsagePlans};
use crate::load::Node;

pub fn check_api(service: &Service, root: &Node, d: &mut Diagnostics) {
    let gw = root.path(["provider", "apiGateway"]);
    if service.api.rest_api_id.is_some() && service.api.rest_api_root_resource_id.is_none() {
        d.push(
            Diagnostic::error(
                codes::SEM_REST_API_ROOT,
                "`restApiId` is set but `restApiRootResourceId` is not",
            )
            .at_opt(gw.and_then(|g| g.get("restApiId")).map(|n| n.span))
            .label("shared REST API")
            .help("add `provider.apiGateway.restApiRootResourceId` (the id of the API's `/` resource)"),
        );
    }
    plans(service, gw, d);
}

/// `apiKeys: [{plan: [...]}]` must name a plan of `usagePlan: [{plan: {...}}]` (SF:
/// API_GATEWAY_KEY_WITHOUT_USAGE_PLAN). Without named plans SF would create one key with no
/// name and drop the listed ones, which is never what was meant.
fn plans(service: &Service, gw: Option<&Node>, d: &mut Diagnostics) {
    let names: Vec<&str> = match &service.api.usage_plans {
        UsagePlans::Named(v) => v.iter().map(|(n, _)| n.as_str()).collect(),
        _ => Vec::new(),
    };
    let items = gw
        .and_then(|g| g.get("apiKeys"))
        .and_then(Node::as_seq)
        .unwrap_or_default();
    for group in &service.api.api_keys {
        let Some(plan) = &group.plan else { continue };
        if names.contains(&plan.as_str()) {
            continue;
        }
        let span = items
            .iter()
            .find_map(|i| i.key_span(plan))
            .or(gw.map(|g| g.span));
        let help = match nearest(plan, names.iter().copied()) {
            Some(n) => format!("did you mean `{n}`?"),
            None if names.is_empty() => {
                "per-plan API keys need named plans: `usagePlan: [{<plan>: {quota, throttle}}]`"
                    .into()
            }
            None => format!("the usage plans are: {}", names.join(", ")),
        };
        d.push(
            Diagnostic::error(
                codes::SEM_KEY_WITHOUT_PLAN,
                format!("API keys are listed under plan `{plan}`, which is not a usage plan"),
            )
            .at_opt(span)
            .label("no such usage plan")
            .help(help),
        );
    }
}
