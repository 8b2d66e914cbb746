//! `s3` events: on buckets the service creates, each bucket's Lambda notifications and the
//! permissions S3 needs to invoke the functions; on `existing: true` buckets, the
//! notifications SF v3's custom resource adds to a bucket made elsewhere.

use super::EventOrigin;
use serde::Serialize;
use serde_json::Value as Json;

/// One `s3` event on a bucket the service creates.
#[derive(Clone, Debug, Serialize)]
pub struct S3Event {
    pub origin: EventOrigin,
    /// `bucket` (or the string form): a bucket name, or a key of `provider.s3`.
    pub bucket: String,
    /// `event`, default `s3:ObjectCreated:*`.
    pub event: String,
    /// `rules` as `(prefix|suffix, value)`, in order; `None` when the event has no `rules`
    /// (SF then writes no `Filter`; an empty list gives an empty one).
    pub rules: Option<Vec<(String, Json)>>,
}

/// One `s3` event with `existing: true`: a notification on a bucket the stack does not own,
/// set by the `Custom::S3` resource of its function.
#[derive(Clone, Debug, Serialize)]
pub struct ExistingS3Event {
    pub origin: EventOrigin,
    /// `bucket`: a name or an intrinsic function, as written.
    pub bucket: Json,
    /// `event`, default `s3:ObjectCreated:*`.
    pub event: String,
    /// `rules` as `(prefix|suffix, value)` with the names as written, in order (empty without
    /// `rules`).
    pub rules: Vec<(String, Json)>,
    /// `forceDeploy`: the resource changes on every deploy, so the handler runs again.
    pub force_deploy: bool,
}
