//! Checks AWS applies at deploy time that Serverless Framework v3 lets through: function and
//! role name lengths, memory size, timeout, runtime.

use super::runtimes::{self, RuntimeStatus};
use super::{function_node, function_nodes, nearest};
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::{Integration, Service};
use crate::load::{Node, Value};

/// Lambda function and IAM role names are at most 64 characters.
pub const MAX_NAME: usize = 64;
pub const MIN_MEMORY: i64 = 128;
pub const MAX_MEMORY: i64 = 10240;
pub const MAX_TIMEOUT: i64 = 900;
/// API Gateway's default integration timeout, in seconds.
pub const API_GATEWAY_TIMEOUT: u64 = 29;

pub fn check_functions(service: &Service, root: &Node, d: &mut Diagnostics) {
    handlers(service, d);
    not_compiled(root, d);
    alias_conflicts(root, d);
    names(service, root, d);
    role_name(service, root, d);
    let provider = root.get("provider");
    let mut settings: Vec<&Node> = Vec::new();
    if let Some(p) = provider {
        settings.push(p);
    }
    settings.extend(function_nodes(root).into_iter().map(|(_, n)| n));
    for node in &settings {
        if let Some(m) = node.get("memorySize").filter(|n| !n.is_null()) {
            memory(m, d);
        }
        if let Some(t) = node.get("timeout").filter(|n| !n.is_null()) {
            timeout(t, d);
        }
    }
    runtime_checks(service, root, d);
    http_timeouts(service, root, d);
}

fn names(service: &Service, root: &Node, d: &mut Diagnostics) {
    for f in &service.functions {
        let len = f.name.chars().count();
        if len <= MAX_NAME {
            continue;
        }
        let span = function_node(root, &f.key)
            .and_then(|n| n.get("name"))
            .map(|n| n.span)
            .unwrap_or(f.span);
        d.push(
            Diagnostic::error(
                codes::SEM_NAME_TOO_LONG,
                format!("function name `{}` is {len} characters; Lambda allows {MAX_NAME}", f.name),
            )
            .at(span)
            .label("deployed name too long")
            .help("set a shorter `name:` on the function, or shorten the service, stage or function key"),
        );
    }
}

/// SF creates `IamRoleLambdaExecution` named `<service>-<stage>-<region>-lambdaRole` unless a
/// role is given (provider `iam.role` as ARN, `provider.role`, a role on every function) or
/// named (`iam.role.name`). IAM refuses names over 64 characters.
fn role_name(service: &Service, root: &Node, d: &mut Diagnostics) {
    let p = &service.provider;
    let role_given = p.iam.role_arn.is_some()
        || p.role.is_some()
        || service.functions.iter().all(|f| f.role.is_some());
    if service.functions.is_empty() || role_given || p.iam.role_name.is_some() {
        return;
    }
    let name = format!(
        "{}-{}-{}-lambdaRole",
        service.name, service.stage, service.region
    );
    let len = name.chars().count();
    if len <= MAX_NAME {
        return;
    }
    d.push(
        Diagnostic::error(
            codes::SEM_NAME_TOO_LONG,
            format!(
                "the generated IAM role name `{name}` is {len} characters; IAM allows {MAX_NAME}"
            ),
        )
        .at_opt(root.get("service").map(|n| n.span))
        .label("service name used in the role name")
        .help(
            "set `provider.iam.role.name` to a shorter name, or shorten the service or stage name",
        ),
    );
}

fn integer(node: &Node) -> Option<i64> {
    match &node.value {
        Value::Int(i) => Some(*i),
        Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(*f as i64),
        // CloudFormation reads integral strings as numbers
        Value::Str(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn memory(node: &Node, d: &mut Diagnostics) {
    let msg = match integer(node) {
        None => format!(
            "memorySize must be a whole number of MB, found {}",
            shown(node)
        ),
        Some(n) if !(MIN_MEMORY..=MAX_MEMORY).contains(&n) => {
            format!("memorySize {n} is outside Lambda's range {MIN_MEMORY}..{MAX_MEMORY} MB")
        }
        Some(_) => return,
    };
    d.push(
        Diagnostic::error(codes::SEM_MEMORY_SIZE, msg)
            .at(node.span)
            .label("invalid memory size")
            .help(format!("use a number of MB from {MIN_MEMORY} to {MAX_MEMORY}, without unit (e.g. `memorySize: 1536`)")),
    );
}

fn timeout(node: &Node, d: &mut Diagnostics) {
    let msg = match integer(node) {
        None => format!(
            "timeout must be a whole number of seconds, found {}",
            shown(node)
        ),
        Some(n) if !(1..=MAX_TIMEOUT).contains(&n) => {
            format!("timeout {n} is outside Lambda's range 1..{MAX_TIMEOUT} seconds")
        }
        Some(_) => return,
    };
    d.push(
        Diagnostic::error(codes::SEM_TIMEOUT, msg)
            .at(node.span)
            .label("invalid timeout")
            .help(format!("use a number of seconds from 1 to {MAX_TIMEOUT}")),
    );
}

fn shown(node: &Node) -> String {
    match &node.value {
        Value::Str(s) => format!("'{s}'"),
        v => v.kind().to_string(),
    }
}

fn runtime_checks(service: &Service, root: &Node, d: &mut Diagnostics) {
    let provider = root.get("provider");
    if let Some(r) = provider.and_then(|p| p.get("runtime")) {
        runtime(r, d);
    } else if service.functions.iter().any(|f| {
        f.image.is_none()
            && function_node(root, &f.key)
                .and_then(|n| n.get("runtime"))
                .is_none()
    }) {
        let rt = &service.provider.runtime;
        if runtimes::status(rt) == RuntimeStatus::Deprecated {
            d.push(
                Diagnostic::warning(
                    codes::SEM_RUNTIME,
                    format!("no runtime is set, so functions get Serverless Framework v3's default `{rt}`, which AWS Lambda has deprecated"),
                )
                .at_opt(provider.map(|p| p.span))
                .help(format!("set `provider.runtime` (e.g. `runtime: {}`)", runtimes::successor(rt).unwrap_or("nodejs22.x"))),
            );
        }
    }
    for (_, f) in function_nodes(root) {
        if f.get("image").is_some() {
            continue;
        }
        if let Some(r) = f.get("runtime") {
            runtime(r, d);
        }
    }
}

fn runtime(node: &Node, d: &mut Diagnostics) {
    let Some(rt) = node.as_str() else {
        if !node.is_null() {
            d.push(
                Diagnostic::error(
                    codes::SEM_RUNTIME,
                    format!("runtime must be a string, found {}", node.kind()),
                )
                .at(node.span)
                .help("use a Lambda runtime identifier such as `nodejs22.x` or `python3.13`"),
            );
        }
        return;
    };
    match runtimes::status(rt) {
        RuntimeStatus::Supported => {}
        RuntimeStatus::Deprecated => d.push(
            Diagnostic::warning(codes::SEM_RUNTIME, format!("runtime `{rt}` is deprecated by AWS Lambda"))
                .at(node.span)
                .label("deprecated runtime")
                .help(match runtimes::successor(rt) {
                    Some(s) => format!("AWS blocks creating and then updating functions on deprecated runtimes; move to `{s}`"),
                    None => "AWS blocks creating and then updating functions on deprecated runtimes".to_string(),
                }),
        ),
        RuntimeStatus::Unknown => {
            let all = runtimes::SUPPORTED.iter().chain(runtimes::DEPRECATED).copied();
            let help = match nearest(rt, all) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!("supported runtimes: {}", runtimes::SUPPORTED.join(", ")),
            };
            d.push(
                Diagnostic::error(codes::SEM_RUNTIME, format!("`{rt}` is not a Lambda runtime"))
                    .at(node.span)
                    .label("unknown runtime")
                    .help(help),
            );
        }
    }
}

/// A function behind a synchronous API Gateway integration that may run longer than API
/// Gateway waits: callers get 504 while the function keeps running.
fn http_timeouts(service: &Service, root: &Node, d: &mut Diagnostics) {
    for f in &service.functions {
        if f.timeout <= API_GATEWAY_TIMEOUT {
            continue;
        }
        let behind_api = service.endpoints.iter().any(|e| {
            e.function == f.key
                && !e.is_async
                && matches!(e.integration, Integration::AwsProxy | Integration::Aws)
        });
        if !behind_api {
            continue;
        }
        let span = super::timeout_span(root, f);
        d.push(
            Diagnostic::warning(
                codes::SEM_HTTP_TIMEOUT,
                format!(
                    "function `{}` may run {} s but API Gateway answers 504 after {API_GATEWAY_TIMEOUT} s",
                    f.key, f.timeout
                ),
            )
            .at(span)
            .label("longer than API Gateway waits")
            .help("lower the timeout to 29 s or less, use `async: true`, or raise the integration timeout quota (Regional/private APIs)"),
        );
    }
}

/// A function needs code: a `handler` (zip) or an `image`.
fn handlers(service: &Service, d: &mut Diagnostics) {
    for f in &service.functions {
        if f.handler.is_none() && f.image.is_none() {
            d.push(
                Diagnostic::error(
                    codes::SEM_MISSING_HANDLER,
                    format!("function `{}` has no `handler`", f.key),
                )
                .at(f.span)
                .label("no handler")
                .help("add `handler: file.export` (e.g. `handler: handler.hello` for `export const hello` in handler.js), or `image:` for a container image"),
            );
        }
    }
}

/// Function settings Serverless Framework v3 accepts that slsc does not compile yet (none now;
/// the check stays for the next one).
const NOT_COMPILED: &[&str] = &[];

/// A function gets one alias: SF v3 refuses `provisionedConcurrency` beside `snapStart`
/// (FUNCTION_BOTH_PROVISIONED_CONCURRENCY_AND_SNAPSTART_ENABLED_ERROR), as Lambda does.
fn alias_conflicts(root: &Node, d: &mut Diagnostics) {
    for (key, node) in function_nodes(root) {
        let set = |name: &str| {
            node.as_map()?
                .get(name)
                .filter(|e| e.value.is_truthy())
                .map(|e| e.key_span)
        };
        let (Some(provisioned), Some(snap_start)) =
            (set("provisionedConcurrency"), set("snapStart"))
        else {
            continue;
        };
        d.push(
            Diagnostic::error(
                codes::SEM_ALIAS_CONFLICT,
                format!(
                    "function `{key}` enables both `provisionedConcurrency` and `snapStart`"
                ),
            )
            .at(snap_start)
            .label("SnapStart enabled here")
            .related(provisioned, "provisioned concurrency set here")
            .help("Lambda does not provision concurrency for SnapStart versions: remove one of the two settings"),
        );
    }
}

/// Said, never silently dropped: a warning for each setting the template will not reflect.
fn not_compiled(root: &Node, d: &mut Diagnostics) {
    for (key, node) in function_nodes(root) {
        let Some(map) = node.as_map() else { continue };
        for (name, entry) in map {
            if NOT_COMPILED.contains(&name.as_str()) && !entry.value.is_null() {
                d.push(
                    Diagnostic::warning(
                        codes::SEM_IGNORED,
                        format!(
                            "`functions.{key}.{name}` is accepted but not compiled by slsc yet"
                        ),
                    )
                    .at(entry.key_span)
                    .label("ignored")
                    .help("the template slsc writes will not reflect this setting"),
                );
            }
        }
    }
}
