//! Lambda function URLs (`url:` on a function): each function's URL is served on a listener
//! of its own (`DoorListeners::function_urls`), at `http://host:port/`, any method and any
//! path, the path passed on as is, as AWS's URL service serves `https://<url-id>.lambda-url.
//! <region>.on.aws/`.
//!
//! [`UrlDoor::handle`] is a request's whole path: the CORS preflight the URL service answers
//! itself ([`crate::emulate::gateway::http_api::cors`], shared with the HTTP API), the
//! payload 2.0 event ([`event`]), the function (buffered, or streamed for `RESPONSE_STREAM`,
//! [`stream`]), its result read by the 2.0 rules ([`response`], [`prelude`]), and the URL's
//! CORS headers. [`server`] is the HTTP listener.

pub mod event;
pub mod prelude;
pub mod response;
pub mod server;
pub mod stream;

use crate::emulate::gateway::http_api::cors::Cors;
use crate::emulate::gateway::request::Incoming;
use crate::emulate::gateway::{Lambda, LambdaResult};
use crate::emulate::ids;
use crate::ir::{HttpRoute, Service};
use response::{Answer, UrlError};
use std::sync::Arc;

/// Lambda's limit on a synchronous invocation's request payload, which holds the event (and
/// on a buffered response): 6 MB.
pub const MAX_PAYLOAD: usize = 6 * 1024 * 1024;

/// One function's URL.
pub struct UrlDoor {
    pub function: String,
    /// The URL id AWS gives it (32 lower-case letters and digits): `apiId`, `domainPrefix`.
    pub url_id: String,
    /// `<url-id>.lambda-url.<region>.on.aws`.
    pub domain: String,
    pub account_id: String,
    /// `authorizer: aws_iam` (not enforced locally).
    pub aws_iam: bool,
    /// `invokeMode: RESPONSE_STREAM`.
    pub streaming: bool,
    cors: Option<Cors>,
    /// The `$default` route the shared 2.0 event writer reads its route key from.
    route: HttpRoute,
}

impl UrlDoor {
    /// The URL of `function` in `service`, `None` when it has none.
    pub fn new(service: &Service, function: &str, account_id: &str) -> Option<UrlDoor> {
        let f = service.functions.iter().find(|f| f.key == function)?;
        let url = f.url.as_ref()?;
        let url_id = ids::short_id(
            &format!("{}/{}/{function}/url", service.name, service.stage),
            32,
        );
        Some(UrlDoor {
            function: function.to_string(),
            domain: format!("{url_id}.lambda-url.{}.on.aws", service.region),
            url_id,
            account_id: account_id.to_string(),
            aws_iam: url.aws_iam,
            streaming: url.response_stream,
            cors: url.cors.as_ref().map(Cors::for_function_url),
            route: HttpRoute {
                function: function.to_string(),
                method: "ANY".into(),
                path: "/{proxy+}".into(),
                route_key: "$default".into(),
                payload_version: "2.0".into(),
                authorization: None,
                span: Default::default(),
            },
        })
    }

    /// Answers one request.
    pub async fn handle(&self, lambda: &Arc<dyn Lambda>, req: &Incoming) -> Answer {
        let mut answer = match &self.cors {
            Some(c) if Cors::is_preflight(req) => Answer::whole(c.preflight(req)),
            _ => self.invoke(lambda, req).await,
        };
        if let Some(c) = &self.cors
            && !Cors::is_preflight(req)
        {
            c.stamp(req, answer.reply_mut());
        }
        answer
            .reply_mut()
            .headers
            .push(("x-amzn-RequestId".into(), req.request_id.clone()));
        answer
    }

    async fn invoke(&self, lambda: &Arc<dyn Lambda>, req: &Incoming) -> Answer {
        let payload = match event::payload(self, req) {
            Ok(p) => p,
            Err(size) => {
                return UrlError::RequestTooLarge
                    .answer(&format!("the event is {size} bytes, over Lambda's 6 MB"));
            }
        };
        if self.streaming {
            return stream::invoke(lambda.clone(), &self.function, payload).await;
        }
        match lambda.invoke(&self.function, payload).await {
            LambdaResult::Ok(result) => response::buffered(&result),
            LambdaResult::Error { payload, kind } => response::function_error(&kind, &payload),
        }
    }
}

/// What `slsc emulate` says at start about the URLs: IAM is not checked here.
pub fn startup_notes(service: &Service) -> Vec<String> {
    service
        .functions
        .iter()
        .filter(|f| f.url.as_ref().is_some_and(|u| u.aws_iam))
        .map(|f| {
            format!(
                "note: {}'s function URL has `authorizer: aws_iam`; IAM is not enforced locally \
                 (any request is let in; unsigned requests get placeholder identity fields in \
                 requestContext.authorizer.iam)",
                f.key
            )
        })
        .collect()
}
