//! Checks on a function's URL, destinations, file system and runtime management: what SF v3's
//! `compile/functions.js` refuses (a destination it cannot resolve, a file system without a
//! VPC) and what Lambda refuses at deploy time although SF lets it through (a `manual` runtime
//! without a version, a CORS max age over a day).

use super::function_node;
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::async_invoke::Destination;
use crate::ir::{Function, Service};
use crate::load::Node;
use crate::source::Span;

/// The longest a function URL's CORS preflight may be cached, in seconds (Lambda `MaxAge`).
pub const MAX_URL_CORS_MAX_AGE: i64 = 86400;

pub fn check(service: &Service, root: &Node, d: &mut Diagnostics) {
    for f in &service.functions {
        let node = function_node(root, &f.key);
        let span_of = |path: &[&str]| -> Span {
            node.and_then(|n| n.path(path.iter().copied()))
                .map_or(f.span, |n| n.span)
        };
        destinations(service, f, &span_of, d);
        file_system(f, &span_of, d);
        runtime_management(f, root, &span_of, d);
        url_cors(f, &span_of, d);
    }
}

/// SF resolves each destination (a function of the service, or an ARN of a function, queue,
/// topic or event bus) and, unless the function has a role of its own, grants the role the
/// right to deliver there.
fn destinations(
    service: &Service,
    f: &Function,
    span_of: &dyn Fn(&[&str]) -> Span,
    d: &mut Diagnostics,
) {
    let Some(ds) = f
        .async_invoke
        .as_ref()
        .and_then(|a| a.destinations.as_ref())
    else {
        return;
    };
    let own_role = f.role.is_some()
        || service.provider.iam.role_arn.is_some()
        || service.provider.role.is_some();
    for (key, destination) in [("onSuccess", &ds.on_success), ("onFailure", &ds.on_failure)] {
        let Some(destination) = destination else {
            continue;
        };
        let span = span_of(&["destinations", key]);
        if let Destination::Function(name) = destination
            && !service.functions.iter().any(|g| &g.key == name)
        {
            let keys = service.functions.iter().map(|g| g.key.as_str());
            let mut diag = Diagnostic::error(
                codes::DESTINATION_FUNCTION,
                format!("`destinations.{key}` of function `{}` names `{name}`, which is not a function of the service", f.key),
            )
            .at(span)
            .label("no such function");
            diag = match super::nearest(name, keys) {
                Some(near) => diag.help(format!("did you mean `{near}`? Other targets are given by ARN (`arn:...`) or as `{{type, arn}}`")),
                None => diag.help("name a function of this service, or give the target's ARN (`arn:...`) or `{type, arn}`"),
            };
            d.push(diag);
            continue;
        }
        if !own_role && destination.action().is_none() {
            d.push(
                Diagnostic::error(
                    codes::DESTINATION_TARGET,
                    format!("`destinations.{key}` of function `{}` is not a function, queue, topic or event bus", f.key),
                )
                .at(span)
                .label("unsupported destination")
                .help("give the ARN of a Lambda function, SQS queue, SNS topic or EventBridge bus, or `{type: function | sqs | sns | eventBus, arn}` (SF: UNSUPPORTED_DESTINATION_TARGET)"),
            );
        }
    }
}

/// SF needs a VPC for a file system (LAMBDA_FILE_SYSTEM_CONFIG_MISSING_VPC), as Lambda does.
fn file_system(f: &Function, span_of: &dyn Fn(&[&str]) -> Span, d: &mut Diagnostics) {
    if f.file_system_config.is_none() || f.vpc.is_some() {
        return;
    }
    d.push(
        Diagnostic::error(
            codes::FILE_SYSTEM_VPC,
            format!("function `{}` mounts a file system but runs outside a VPC", f.key),
        )
        .at(span_of(&["fileSystemConfig"]))
        .label("no VPC")
        .help("give the function (or the provider) `vpc: {securityGroupIds, subnetIds}` in the file system's VPC"),
    );
}

/// Lambda needs the runtime version to keep in `manual` mode.
fn runtime_management(
    f: &Function,
    root: &Node,
    span_of: &dyn Fn(&[&str]) -> Span,
    d: &mut Diagnostics,
) {
    let Some(rm) = &f.runtime_management else {
        return;
    };
    if rm.update_runtime_on != Some("Manual") || rm.runtime_version_arn.is_some() {
        return;
    }
    let own = span_of(&["runtimeManagement"]);
    let span = if own == f.span {
        root.path(["provider", "runtimeManagement"])
            .map_or(own, |n| n.span)
    } else {
        own
    };
    d.push(
        Diagnostic::error(
            codes::RUNTIME_MANAGEMENT,
            format!("function `{}` keeps its runtime version (`mode: manual`) but names none", f.key),
        )
        .at(span)
        .label("no `arn`")
        .help("add `arn: <runtime version ARN>` (from the function's INIT_START log line), or use `mode: auto` or `onFunctionUpdate`"),
    );
}

/// Lambda caches a URL's CORS preflight for at most a day.
fn url_cors(f: &Function, span_of: &dyn Fn(&[&str]) -> Span, d: &mut Diagnostics) {
    let Some(max_age) = f
        .url
        .as_ref()
        .and_then(|u| u.cors.as_ref())
        .and_then(|c| c.max_age.as_ref())
        .and_then(serde_json::Value::as_i64)
    else {
        return;
    };
    if max_age <= MAX_URL_CORS_MAX_AGE {
        return;
    }
    d.push(
        Diagnostic::error(
            codes::FUNCTION_URL_CORS,
            format!(
                "the URL of function `{}` asks browsers to cache CORS answers for {max_age} s",
                f.key
            ),
        )
        .at(span_of(&["url", "cors", "maxAge"]))
        .label("more than 86400")
        .help("Lambda accepts a `maxAge` of at most 86400 seconds (one day)"),
    );
}
