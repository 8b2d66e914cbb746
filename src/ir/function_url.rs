//! A function's URL (`url: true | {authorizer, cors, invokeMode}`), as SF v3's
//! `compileFunctionUrl` reads it: the auth type, the CORS settings with SF's defaults filled in
//! and duplicates dropped, and whether responses stream.

use serde::Serialize;
use serde_json::Value as Json;

/// `functions.<name>.url`, when truthy.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FunctionUrl {
    /// `authorizer: aws_iam` → `AWS_IAM`; anything else → `NONE` (anyone may call it, and SF
    /// adds the permission that lets them).
    pub aws_iam: bool,
    /// `cors`, when truthy.
    pub cors: Option<UrlCors>,
    /// `invokeMode: RESPONSE_STREAM` (SF writes `InvokeMode` only then).
    pub response_stream: bool,
}

/// The URL's CORS settings: SF's defaults (every origin and method, the usual request headers)
/// overlaid by the ones given; a setting given as `null` is left out.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct UrlCors {
    pub allow_credentials: bool,
    pub allowed_headers: Option<Vec<Json>>,
    pub allowed_methods: Option<Vec<Json>>,
    pub allowed_origins: Option<Vec<Json>>,
    pub exposed_response_headers: Option<Vec<Json>>,
    pub max_age: Option<Json>,
}

/// SF's `defaultCors.allowedHeaders`.
pub const DEFAULT_ALLOWED_HEADERS: &[&str] = &[
    "Content-Type",
    "X-Amz-Date",
    "Authorization",
    "X-Api-Key",
    "X-Amz-Security-Token",
    "X-Amzn-Trace-Id",
];
