//! The event a function URL sends its function: payload format 2.0 as the HTTP API writes it
//! (the shared writer in [`crate::emulate::gateway::http_api::event`]), with the URL's own
//! values: `routeKey` and `requestContext.routeKey` `$default`, `apiId` and `domainPrefix`
//! the URL id, `domainName` `<url-id>.lambda-url.<region>.on.aws`, `requestId` a UUID (as
//! Lambda's request ids are), the `cookie` header kept beside `cookies` (observed on AWS), no
//! `pathParameters`, `requestContext.accountId` `anonymous` unless the URL is `AWS_IAM`, and
//! `requestContext.authorizer.iam` only for an `AWS_IAM` URL.
//!
//! The IAM identity: AWS fills it from the verified SigV4 signature. Locally nothing is
//! verified: `accessKey` is the key id named in the request's `Authorization` header (`null`
//! when unsigned), `accountId` the emulator's account, and `callerId`, `userId`, `userArn`
//! fixed placeholders (`AIDASLSCLOCALCALLER`, `arn:aws:iam::<account>:user/slsc-local`).

use super::UrlDoor;
use crate::emulate::gateway::http_api::event::{CallerContext, EventInput, build};
use crate::emulate::gateway::request::Incoming;
use bytes::Bytes;
use serde_json::{Map, Value, json};

/// The placeholder IAM user id of unverified callers.
pub const PLACEHOLDER_CALLER_ID: &str = "AIDASLSCLOCALCALLER";

/// The event as JSON bytes, or its size when it is over Lambda's 6 MB payload limit.
pub fn payload(door: &UrlDoor, req: &Incoming) -> Result<Bytes, usize> {
    let bytes = serde_json::to_vec(&event(door, req)).unwrap_or_default();
    if bytes.len() > super::MAX_PAYLOAD {
        return Err(bytes.len());
    }
    Ok(Bytes::from(bytes))
}

/// The function URL event for `req`.
pub fn event(door: &UrlDoor, req: &Incoming) -> Value {
    let caller = door.aws_iam.then(|| iam_identity(req, &door.account_id));
    // an unauthenticated URL's events name no account: "anonymous" (observed in real events,
    // e.g. aws-powertools' `lambdaFunctionUrlEvent.json`; AWS's example is an IAM-signed one)
    let account_id = if door.aws_iam {
        door.account_id.as_str()
    } else {
        "anonymous"
    };
    let mut e = build(&EventInput {
        request: req,
        route: &door.route,
        params: &[],
        api_id: &door.url_id,
        account_id,
        caller: caller.as_ref(),
        function_url_domain: Some(&door.domain),
    });
    if let Some(cx) = e.get_mut("requestContext").and_then(Value::as_object_mut) {
        cx.insert("requestId".into(), req.request_id.clone().into());
    }
    e
}

/// The caller as an `AWS_IAM` URL's event names it (see the module's note).
fn iam_identity(req: &Incoming, account_id: &str) -> CallerContext {
    let access_key = req
        .header("authorization")
        .and_then(|a| a.split("Credential=").nth(1))
        .and_then(|c| c.split('/').next())
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty());
    let mut m = Map::new();
    m.insert("accessKey".into(), json!(access_key));
    m.insert("accountId".into(), account_id.into());
    m.insert("callerId".into(), PLACEHOLDER_CALLER_ID.into());
    m.insert("cognitoIdentity".into(), Value::Null);
    m.insert("principalOrgId".into(), Value::Null);
    m.insert(
        "userArn".into(),
        format!("arn:aws:iam::{account_id}:user/slsc-local").into(),
    );
    m.insert("userId".into(), PLACEHOLDER_CALLER_ID.into());
    CallerContext::Iam(m)
}
