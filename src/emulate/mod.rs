//! `slsc emulate`: API Gateway (REST and HTTP APIs) and Lambda on the loopback, from the same
//! IR that `compile` reads. [`routes`] derives the REST routing table, [`gateway`] answers HTTP
//! requests as API Gateway would (the HTTP API's routes included), and [`runtime`] runs the
//! user's handlers in warm workers that speak the Lambda Runtime API; [`RuntimeLambda`] joins
//! the two. Beside API Gateway, [`local_api`] serves Lambda's Invoke API and slsc's admin API
//! on the same port, reading the functions' recent output from [`log_ring`]. [`doors`] says
//! which port each kind of front door listens on and lists every endpoint.

pub mod alb;
pub mod doors;
pub mod function_url;
pub mod gateway;
pub mod ids;
pub mod local_api;
pub mod log_ring;
pub mod routes;
pub mod runtime;
pub mod schedules;

#[cfg(test)]
mod test_support;

use bytes::Bytes;
use gateway::{BoxFuture, Lambda, LambdaResult};
use std::sync::Arc;

/// The Lambda runtime seen from the gateway.
pub struct RuntimeLambda(pub Arc<runtime::Runtime>);

impl Lambda for RuntimeLambda {
    fn invoke<'a>(&'a self, function: &'a str, payload: Bytes) -> BoxFuture<'a, LambdaResult> {
        Box::pin(async move { result_of(self.0.invoke(function, payload).await) })
    }

    fn invoke_streaming<'a>(
        &'a self,
        function: &'a str,
        payload: Bytes,
        stream: runtime::StreamSink,
    ) -> BoxFuture<'a, LambdaResult> {
        Box::pin(async move { result_of(self.0.invoke_streaming(function, payload, stream).await) })
    }
}

fn result_of(inv: runtime::Invocation) -> LambdaResult {
    match inv.outcome {
        runtime::Outcome::Ok(body) => LambdaResult::Ok(body),
        runtime::Outcome::Error { kind, payload } => LambdaResult::Error {
            payload,
            kind: format!("{kind:?}"),
        },
    }
}
