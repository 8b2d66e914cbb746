//! `s3` events on buckets the service creates: each bucket's Lambda notifications and the
//! permissions S3 needs to invoke the functions (`existing: true` buckets are not lowered yet).

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
