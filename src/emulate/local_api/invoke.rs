//! Lambda's Invoke API (`POST /2015-03-31/functions/{FunctionName}/invocations`) as the
//! service answers it: the function by name, ARN or partial ARN (or by its key under
//! `functions:`), `RequestResponse`, `Event` (answered 202 at once, run behind) and `DryRun`
//! (204), the function's error as `X-Amz-Function-Error: Unhandled`, the client context of
//! `X-Amz-Client-Context`, and the last 4 KB of its log in `X-Amz-Log-Result` for
//! `X-Amz-Log-Type: Tail`; AWS's errors (`ResourceNotFoundException`,
//! `InvalidRequestContentException`, ...) otherwise.

use super::{LAMBDA_PREFIX, LocalApis, LocalRequest};
use crate::emulate::gateway::proxy_response::Reply;
use crate::emulate::log_ring::Filter;
use crate::emulate::routes::percent_decode;
use crate::emulate::runtime::{Invocation, Outcome};
use crate::ir::Function;
use base64::Engine;
use bytes::Bytes;
use std::time::Duration;

/// The largest payload of a synchronous invocation (6 MB) and of an asynchronous one (1 MB).
const MAX_SYNC_PAYLOAD: usize = 6 * 1024 * 1024;
const MAX_ASYNC_PAYLOAD: usize = 1024 * 1024;
/// How much of the log `Tail` returns.
const TAIL_BYTES: usize = 4096;

/// An error answer of the API: status, `x-amzn-ErrorType`, message.
fn error(status: u16, kind: &str, message: &str) -> Reply {
    Reply {
        status,
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            ("x-amzn-ErrorType".into(), kind.into()),
            ("x-amzn-RequestId".into(), crate::common::ids::uuid_v4()),
        ],
        body: Bytes::from(serde_json::json!({"Type": "User", "message": message}).to_string()),
    }
}

/// How the caller wants the function run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum InvocationType {
    RequestResponse,
    Event,
    DryRun,
}

pub async fn answer(apis: &LocalApis, req: &LocalRequest<'_>) -> Reply {
    let rest = req.path.strip_prefix(LAMBDA_PREFIX).unwrap_or("");
    let Some(name) = rest
        .strip_prefix('/')
        .and_then(|r| r.strip_suffix("/invocations"))
        .filter(|n| !n.is_empty() && !n.contains('/'))
    else {
        return error(
            404,
            "UnknownOperationException",
            "slsc emulates Lambda's Invoke operation only (POST /2015-03-31/functions/{name}/invocations)",
        );
    };
    if req.method != "POST" {
        return error(405, "MethodNotAllowedException", "Invoke is a POST request");
    }
    let name = percent_decode(name);
    let qualifier = crate::emulate::gateway::request::parse_query(req.query)
        .into_iter()
        .find(|(k, _)| k == "Qualifier")
        .map(|(_, v)| v);
    let function = match resolve(apis, &name, qualifier.as_deref()) {
        Ok(f) => f,
        Err(arn) => {
            return error(
                404,
                "ResourceNotFoundException",
                &format!("Function not found: {arn}"),
            );
        }
    };
    let kind = match req
        .header("X-Amz-Invocation-Type")
        .unwrap_or("RequestResponse")
    {
        "RequestResponse" => InvocationType::RequestResponse,
        "Event" => InvocationType::Event,
        "DryRun" => InvocationType::DryRun,
        other => {
            return error(
                400,
                "InvalidParameterValueException",
                &format!(
                    "1 validation error detected: Value '{other}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]"
                ),
            );
        }
    };
    let limit = if kind == InvocationType::Event {
        MAX_ASYNC_PAYLOAD
    } else {
        MAX_SYNC_PAYLOAD
    };
    if req.body.len() > limit {
        return error(
            413,
            "RequestTooLargeException",
            &format!("Request must be smaller than {limit} bytes for the InvokeFunction operation"),
        );
    }
    let payload = if req.body.iter().all(u8::is_ascii_whitespace) {
        Bytes::from_static(b"{}")
    } else if let Err(e) = serde_json::from_slice::<serde_json::Value>(&req.body) {
        return error(
            400,
            "InvalidRequestContentException",
            &format!("Could not parse request body into json: {e}"),
        );
    } else {
        req.body.clone()
    };
    let client_context = match req.header("X-Amz-Client-Context") {
        None => None,
        Some(b64) => match decode_client_context(b64) {
            Some(c) => Some(c),
            None => {
                return error(
                    400,
                    "InvalidRequestContentException",
                    "Client context must be a valid Base64-encoded JSON object.",
                );
            }
        },
    };
    let key = function.key.clone();
    match kind {
        InvocationType::DryRun => Reply {
            status: 204,
            headers: vec![("x-amzn-RequestId".into(), crate::common::ids::uuid_v4())],
            body: Bytes::new(),
        },
        InvocationType::Event => {
            let runtime = apis.runtime.clone();
            let request_id = crate::common::ids::uuid_v4();
            tokio::spawn(async move {
                let _ = runtime.invoke_with(&key, payload, client_context).await;
            });
            Reply {
                status: 202,
                headers: vec![("x-amzn-RequestId".into(), request_id)],
                body: Bytes::new(),
            }
        }
        InvocationType::RequestResponse => {
            let inv = apis
                .runtime
                .invoke_with(&key, payload, client_context)
                .await;
            let tail = match req.header("X-Amz-Log-Type") {
                Some(t) if t.eq_ignore_ascii_case("Tail") => Some(tail(apis, function, &inv).await),
                _ => None,
            };
            sync_reply(&inv, tail)
        }
    }
}

/// The function `name` names (its deployed name, its key, an ARN or a partial ARN, with a
/// `$LATEST` qualifier at most), or the ARN that was not found.
fn resolve<'a>(
    apis: &'a LocalApis,
    name: &str,
    qualifier: Option<&str>,
) -> Result<&'a Function, String> {
    let parts: Vec<&str> = name.split(':').collect();
    let (bare, arn_qualifier) = match parts.as_slice() {
        ["arn", _, "lambda", _, _, "function", n] => (*n, None),
        ["arn", _, "lambda", _, _, "function", n, q] => (*n, Some(*q)),
        [_, "function", n] => (*n, None),
        [_, "function", n, q] => (*n, Some(*q)),
        [n, q] => (*n, Some(*q)),
        _ => (name, None),
    };
    let qualifier = arn_qualifier.or(qualifier);
    let service = &apis.service;
    let arn = |n: &str| {
        let base = format!(
            "arn:aws:lambda:{}:{}:function:{n}",
            service.region, apis.account_id
        );
        match qualifier {
            Some(q) => format!("{base}:{q}"),
            None => base,
        }
    };
    if qualifier.is_some_and(|q| q != "$LATEST") {
        return Err(arn(bare));
    }
    service
        .functions
        .iter()
        .find(|f| f.name == bare)
        .or_else(|| service.functions.iter().find(|f| f.key == bare))
        .filter(|f| apis.runtime.functions().any(|k| k == f.key))
        .ok_or_else(|| arn(bare))
}

/// `X-Amz-Client-Context`: base64 of a JSON object.
fn decode_client_context(b64: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .ok()?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    v.is_object().then(|| v.to_string())
}

/// The answer to a synchronous invocation.
fn sync_reply(inv: &Invocation, tail: Option<String>) -> Reply {
    let mut headers = vec![
        ("Content-Type".to_string(), "application/json".to_string()),
        ("X-Amz-Executed-Version".into(), "$LATEST".into()),
        ("x-amzn-RequestId".into(), inv.request_id.clone()),
    ];
    let body = match &inv.outcome {
        Outcome::Ok(b) => b.clone(),
        Outcome::Error { payload, .. } => {
            headers.push(("X-Amz-Function-Error".into(), "Unhandled".into()));
            payload.clone()
        }
    };
    if let Some(t) = tail {
        headers.push(("X-Amz-Log-Result".into(), t));
    }
    Reply {
        status: 200,
        headers,
        body,
    }
}

/// The invocation's log as Lambda's `Tail` has it, base64: `START`, the lines the handler
/// wrote, `END` and `REPORT`, the last 4 KB of them. The worker's output reaches the log a
/// moment after its answer, so this waits until no line of the invocation has come for a
/// short while (at most a quarter of a second).
async fn tail(apis: &LocalApis, function: &Function, inv: &Invocation) -> String {
    let mut filter = Filter {
        request_id: Some(inv.request_id.clone()),
        ..Filter::default()
    };
    let mut lines = apis.logs.query(&filter);
    let settle = tokio::time::Instant::now() + Duration::from_millis(250);
    while tokio::time::Instant::now() < settle {
        filter.after = lines.last().map(|e| e.seq).or(filter.after);
        let more = apis
            .logs
            .query_wait(&filter, Duration::from_millis(15))
            .await;
        if more.is_empty() {
            break;
        }
        lines.extend(more);
    }
    let id = &inv.request_id;
    let ms = inv.duration.as_secs_f64() * 1000.0;
    let mut text = format!("START RequestId: {id} Version: $LATEST\n");
    for e in &lines {
        text.push_str(&e.message);
        text.push('\n');
    }
    text.push_str(&format!("END RequestId: {id}\n"));
    text.push_str(&format!(
        "REPORT RequestId: {id}\tDuration: {ms:.2} ms\tBilled Duration: {} ms\tMemory Size: {} MB\t\n",
        ms.ceil() as u64,
        function.memory_size
    ));
    let mut start = text.len().saturating_sub(TAIL_BYTES);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    base64::engine::general_purpose::STANDARD.encode(&text.as_bytes()[start..])
}
