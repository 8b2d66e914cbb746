//! `lambda-proxy` (AWS_PROXY): the request becomes the payload 1.0 event, the function's
//! result becomes the response, checked as API Gateway checks it.

use super::AdmittedRequest;
use crate::emulate::gateway::responses::GatewayError;
use crate::emulate::gateway::{Outcome, error, proxy_event, proxy_response};
use bytes::Bytes;

pub async fn run(call: &AdmittedRequest<'_>) -> Outcome {
    let (gw, req, caller) = (call.gateway, call.request, call.caller);
    let cx = proxy_event::EventContext {
        api_key: caller.api_key.as_deref(),
        api_key_id: caller.api_key_id.as_deref(),
        authorizer: caller.authorizer.clone(),
        ..proxy_event::EventContext::new(gw, call.route, call.endpoint)
    };
    let payload = Bytes::from(proxy_event::to_bytes(req, &cx));
    let function = call.endpoint.function.as_str();
    let mut out = match gw.invoke(function, payload).await {
        Err(timeout) => timeout,
        Ok(crate::emulate::gateway::LambdaResult::Error { payload, kind }) => error(
            GatewayError::BadGatewayLambda,
            Some(format!(
                "Lambda error ({kind}): {}",
                String::from_utf8_lossy(&payload)
            )),
        ),
        Ok(crate::emulate::gateway::LambdaResult::Ok(result)) => {
            match proxy_response::parse(
                &result,
                req.header("accept"),
                &gw.service.api.binary_media_types,
            ) {
                Ok(reply) => Outcome {
                    reply,
                    function: None,
                    note: None,
                },
                Err(why) => error(
                    GatewayError::BadGatewayLambda,
                    Some(format!("Malformed Lambda proxy response: {why}")),
                ),
            }
        }
    };
    out.function = Some(function.to_string());
    out
}
