//! `lambda-proxy` (AWS_PROXY): the request becomes the payload 1.0 event, the function's
//! result becomes the response, checked as API Gateway checks it.

use crate::emulate::gateway::auth::Caller;
use crate::emulate::gateway::request::Incoming;
use crate::emulate::gateway::responses::GatewayError;
use crate::emulate::gateway::{Gateway, Outcome, error, proxy_event, proxy_response};
use crate::emulate::routes::Match;
use crate::ir::HttpEndpoint;
use bytes::Bytes;

pub async fn run(
    gw: &Gateway,
    req: &Incoming,
    m: &Match<'_>,
    endpoint: &HttpEndpoint,
    caller: &Caller,
) -> Outcome {
    let cx = proxy_event::EventContext {
        api_key: caller.api_key.as_deref(),
        api_key_id: caller.api_key_id.as_deref(),
        authorizer: caller.authorizer.clone(),
        ..proxy_event::EventContext::new(gw, m, endpoint)
    };
    let payload = Bytes::from(proxy_event::to_bytes(req, &cx));
    let function = endpoint.function.as_str();
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
