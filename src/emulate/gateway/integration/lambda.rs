//! `integration: lambda` (CloudFormation's `AWS`), the non-proxy Lambda integration: the
//! request template's output is the function's payload (or the raw body when the pass-through
//! behaviour allows), the function's result or error goes through the integration responses.
//! `async: true` invokes as an Event and answers at once.

use super::AdmittedRequest;
use super::context::Scope;
use super::mapping::{self, Integrated, Payload};
use crate::emulate::gateway::{LambdaResult, Outcome};
use bytes::Bytes;

pub async fn run(call: &AdmittedRequest<'_>) -> Outcome {
    let scope = Scope::of(call);
    let mut out = invoke_and_map(call, &scope).await;
    out.function = Some(call.endpoint.function.clone());
    out
}

async fn invoke_and_map(call: &AdmittedRequest<'_>, scope: &Scope<'_>) -> Outcome {
    let (gw, req, e) = (call.gateway, call.request, call.endpoint);
    let payload = match mapping::request_payload(e, req, scope) {
        Ok(Payload::Rendered { body, .. }) => Bytes::from(body),
        Ok(Payload::PassThrough) => req.body.clone(),
        Err(answer) => return answer,
    };
    if e.is_async {
        // X-Amz-Invocation-Type: Event — Lambda queues the event and answers 202 at once.
        let lambda = gw.lambda.clone();
        let function = e.function.clone();
        tokio::spawn(async move {
            let _ = lambda.invoke(&function, payload).await;
        });
        return mapping::respond(e, req, scope, Integrated::default());
    }
    match gw.invoke(&e.function, payload).await {
        Err(timeout) => timeout,
        Ok(LambdaResult::Ok(result)) => mapping::respond(
            e,
            req,
            scope,
            Integrated {
                selector: None,
                body: String::from_utf8_lossy(&result).into_owned(),
                headers: Vec::new(),
            },
        ),
        Ok(LambdaResult::Error { payload, kind }) => {
            let body = String::from_utf8_lossy(&payload).into_owned();
            let message = error_message(&body);
            let mut out = mapping::respond(
                e,
                req,
                scope,
                Integrated {
                    selector: Some(message.clone()),
                    body,
                    headers: Vec::new(),
                },
            );
            out.note
                .get_or_insert(format!("Lambda error ({kind}): {message}"));
            out
        }
    }
}

/// The `errorMessage` of a Lambda error payload (`""` when it has none).
pub fn error_message(payload: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(payload) {
        Ok(serde_json::Value::Object(m)) => match m.get("errorMessage") {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        },
        _ => String::new(),
    }
}
