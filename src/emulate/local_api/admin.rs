//! slsc's admin API under `/__slsc/`, on the loopback only: `health`, `functions` (and
//! `functions/{name}`: runtime, handler, warm and busy workers, invocations, errors, the last
//! duration) and `logs` (the kept log lines, filtered by `function`, `level`, `since` and
//! `limit`, in time order; `after` and `wait` let a follower wait for the next lines). Bad
//! parameters get 400 with `{"code", "message"}`.

use super::{LocalApis, LocalRequest, json_reply};
use crate::emulate::gateway::proxy_response::Reply;
use crate::emulate::gateway::request::parse_query;
use crate::emulate::log_ring::{Filter, Level};
use serde_json::{Value as Json, json};
use std::time::Duration;

/// Lines `logs` returns when no `limit` is given, and at most.
pub const DEFAULT_LIMIT: usize = 100;
pub const MAX_LIMIT: usize = 10_000;
/// The longest `wait` a follower may ask for, in seconds.
pub const MAX_WAIT_SECS: u64 = 60;

/// An error answer: `{"code", "message"}`.
pub fn problem(status: u16, code: &str, message: &str) -> Reply {
    json_reply(status, &json!({"code": code, "message": message}))
}

pub async fn answer(apis: &LocalApis, req: &LocalRequest<'_>) -> Reply {
    if !req.loopback {
        return problem(
            403,
            "Forbidden",
            "the admin API answers clients on the loopback only",
        );
    }
    let route = req.path.trim_start_matches("/__slsc").trim_matches('/');
    if req.method != "GET" {
        return problem(
            405,
            "MethodNotAllowed",
            "the admin API answers GET requests",
        );
    }
    match route.split_once('/') {
        None if route == "health" => health(apis),
        None if route == "functions" => json_reply(
            200,
            &json!({
                "functions": apis
                    .service
                    .functions
                    .iter()
                    .filter_map(|f| function_info(apis, &f.key))
                    .collect::<Vec<_>>()
            }),
        ),
        Some(("functions", key)) => match function_info(apis, key) {
            Some(info) => json_reply(200, &info),
            None => problem(
                404,
                "UnknownFunction",
                &format!("no function `{key}` in service `{}`", apis.service.name),
            ),
        },
        None if route == "logs" => logs(apis, req.query).await,
        _ => problem(
            404,
            "NotFound",
            "the admin API has /__slsc/health, /__slsc/functions and /__slsc/logs",
        ),
    }
}

fn health(apis: &LocalApis) -> Reply {
    let s = &apis.service;
    json_reply(
        200,
        &json!({
            "status": "ok",
            "service": s.name,
            "stage": s.stage,
            "region": s.region,
            "functions": apis.runtime.functions().count(),
            "uptimeSeconds": apis.started.elapsed().as_secs(),
            "logLines": apis.logs.len(),
        }),
    )
}

/// What `functions` says about function `key`; `None` when the emulator does not run it.
fn function_info(apis: &LocalApis, key: &str) -> Option<Json> {
    let f = apis.service.functions.iter().find(|f| f.key == key)?;
    let stats = apis.runtime.stats(key)?;
    Some(json!({
        "name": f.key,
        "functionName": f.name,
        "runtime": f.runtime,
        "handler": f.handler,
        "memorySize": f.memory_size,
        "timeout": f.timeout,
        "workers": {
            "warm": stats.idle,
            "busy": stats.workers.saturating_sub(stats.idle),
            "max": stats.max_instances,
        },
        "invocations": stats.invocations,
        "errors": stats.errors,
        "lastDurationMs": stats.last_duration.map(|d| (d.as_secs_f64() * 1000.0 * 100.0).round() / 100.0),
    }))
}

/// The filter a `logs` query string asks for, and how long to wait for a first line; or the
/// 400 answer naming the bad parameter.
pub fn parse_logs_query(apis: &LocalApis, raw: &str) -> Result<(Filter, Duration), Reply> {
    let mut filter = Filter {
        limit: Some(DEFAULT_LIMIT),
        ..Filter::default()
    };
    let mut wait = Duration::ZERO;
    let bad = |code: &str, message: String| problem(400, code, &message);
    for (k, v) in parse_query(raw) {
        match k.as_str() {
            "function" => {
                if !apis.service.functions.iter().any(|f| f.key == v) {
                    return Err(bad(
                        "UnknownFunction",
                        format!("no function `{v}` in service `{}`", apis.service.name),
                    ));
                }
                filter.function = Some(v);
            }
            "level" => {
                filter.level = Some(Level::parse(&v).ok_or_else(|| {
                    bad(
                        "InvalidLevel",
                        format!("level `{v}` is not one of debug, info, warn, error"),
                    )
                })?);
            }
            "since" => {
                filter.since = Some(since_millis(&v, crate::common::time::now_millis()).ok_or_else(|| {
                    bad(
                        "InvalidSince",
                        format!(
                            "since `{v}` is neither an ISO time (2024-05-01T10:00:00Z) nor a duration (10m, 2h, 1d)"
                        ),
                    )
                })?);
            }
            "limit" => {
                let n = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_LIMIT).contains(n));
                filter.limit = Some(n.ok_or_else(|| {
                    bad(
                        "InvalidLimit",
                        format!("limit `{v}` is not a number from 1 to {MAX_LIMIT}"),
                    )
                })?);
            }
            "requestId" => filter.request_id = Some(v),
            "after" => {
                filter.after = Some(v.parse().map_err(|_| {
                    bad(
                        "InvalidAfter",
                        format!("after `{v}` is not a sequence number"),
                    )
                })?);
            }
            "wait" => {
                let secs = v.parse::<u64>().ok().filter(|s| *s <= MAX_WAIT_SECS);
                wait = Duration::from_secs(secs.ok_or_else(|| {
                    bad(
                        "InvalidWait",
                        format!("wait `{v}` is not a number of seconds up to {MAX_WAIT_SECS}"),
                    )
                })?);
            }
            other => {
                return Err(bad(
                    "UnknownParameter",
                    format!(
                        "`{other}` is not a parameter of /__slsc/logs (function, level, since, limit, requestId, after, wait)"
                    ),
                ));
            }
        }
    }
    Ok((filter, wait))
}

/// `since` as ISO time or as a duration back from `now`, in milliseconds since the epoch.
pub fn since_millis(v: &str, now: u64) -> Option<u64> {
    crate::common::time::parse_iso8601(v)
        .or_else(|| crate::common::time::parse_duration_ms(v).map(|d| now.saturating_sub(d)))
}

async fn logs(apis: &LocalApis, raw_query: &str) -> Reply {
    let (filter, wait) = match parse_logs_query(apis, raw_query) {
        Ok(f) => f,
        Err(reply) => return reply,
    };
    let lines = if wait.is_zero() {
        apis.logs.query(&filter)
    } else {
        apis.logs.query_wait(&filter, wait).await
    };
    // where a follower asks from next: past the last line it got, or everything so far
    let next = lines
        .last()
        .map_or_else(|| apis.logs.next_seq().saturating_sub(1), |e| e.seq);
    let entries: Vec<Json> = lines
        .iter()
        .map(|e| {
            json!({
                "seq": e.seq,
                "time": crate::common::time::iso8601(e.time),
                "function": e.function,
                "requestId": e.request_id,
                "level": e.level,
                "stream": e.stream,
                "message": e.message,
            })
        })
        .collect();
    json_reply(200, &json!({"logs": entries, "next": next}))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulate::log_ring::LogRing;
    use crate::emulate::runtime::{Runtime, RuntimeOptions};
    use std::sync::Arc;

    fn apis() -> LocalApis {
        let service = crate::pipeline::service_from_yaml("service: s\nprovider:\n  name: aws\n");
        let runtime = Runtime::new(&service, RuntimeOptions::default()).unwrap();
        LocalApis {
            service: Arc::new(service),
            runtime,
            logs: Arc::new(LogRing::default()),
            account_id: "123456789012".into(),
            started: std::time::Instant::now(),
        }
    }

    fn get<'a>(path: &'a str, query: &'a str, loopback: bool) -> LocalRequest<'a> {
        LocalRequest {
            method: "GET",
            path,
            query,
            headers: &[],
            body: bytes::Bytes::new(),
            loopback,
        }
    }

    #[tokio::test]
    async fn only_the_loopback_is_answered() {
        let apis = apis();
        let r = answer(&apis, &get("/__slsc/health", "", false)).await;
        assert_eq!(r.status, 403);
        let v: Json = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(v["code"], "Forbidden");
        assert_eq!(
            answer(&apis, &get("/__slsc/health", "", true)).await.status,
            200
        );
    }

    #[tokio::test]
    async fn a_follower_waits_for_its_next_line() {
        let apis = apis();
        let r = answer(&apis, &get("/__slsc/logs", "wait=61", true)).await;
        assert_eq!(r.status, 400, "a wait over a minute is refused");
        let r = answer(&apis, &get("/__slsc/logs", "after=x", true)).await;
        assert_eq!(r.status, 400);
        let v: Json =
            serde_json::from_slice(&answer(&apis, &get("/__slsc/logs", "", true)).await.body)
                .unwrap();
        assert_eq!(v, json!({"logs": [], "next": 0}));
    }

    #[test]
    fn since_reads_times_and_durations() {
        assert_eq!(since_millis("10m", 1_000_000), Some(400_000));
        assert_eq!(since_millis("1970-01-01T00:00:01Z", 0), Some(1000));
        assert_eq!(since_millis("soon", 0), None);
    }
}
