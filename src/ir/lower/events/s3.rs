//! `s3` events → [`S3Event`] (buckets the service creates), [`ExistingS3Event`] (`existing:
//! true` buckets) and `provider.s3`.

use super::super::LowerContext;
use super::super::shape::{child, str_at, wrong};
use crate::ir::events::EventOrigin;
use crate::ir::events::s3::{ExistingS3Event, S3Event};
use crate::load::{Node, Value};
use indexmap::IndexMap;
use serde_json::Value as Json;

/// SF's default notification event.
pub const DEFAULT_EVENT: &str = "s3:ObjectCreated:*";

/// What lowering an `s3` event gave.
pub enum Lowered {
    Event(S3Event),
    /// `existing: true`: set up by SF's custom resource.
    Existing(ExistingS3Event),
    /// Not usable (reported here, or by `check::s3` for an intrinsic bucket).
    Skipped,
}

/// Lowers one `s3` event.
pub fn lower(cx: &mut LowerContext, value: &Node, origin: EventOrigin) -> Lowered {
    let d = &mut cx.diags;
    match &value.value {
        Value::Str(bucket) => Lowered::Event(S3Event {
            origin,
            bucket: bucket.clone(),
            event: DEFAULT_EVENT.to_string(),
            rules: None,
        }),
        Value::Map(_) => {
            if child(value, "existing").is_some_and(Node::is_truthy) {
                return existing(cx, value, origin);
            }
            // an intrinsic bucket needs `existing: true`: SF's S3_INVALID_NEW_BUCKET_FORMAT
            let Some(bucket) = child(value, "bucket").filter(|b| b.as_map().is_none()) else {
                return Lowered::Skipped;
            };
            let Some(bucket) = super::super::shape::string(d, Some(bucket), "bucket") else {
                return Lowered::Skipped;
            };
            let event = str_at(d, value, "event")
                .filter(|e| !e.is_empty())
                .unwrap_or_else(|| DEFAULT_EVENT.to_string());
            let rules = child(value, "rules").map(|r| rules(cx, r));
            Lowered::Event(S3Event {
                origin,
                bucket,
                event,
                rules,
            })
        }
        _ => {
            wrong(d, value, "s3", "a bucket name or a mapping");
            Lowered::Skipped
        }
    }
}

/// An event on an existing bucket: its bucket as written (a name or an intrinsic function),
/// SF's default event, the rules (`[]` without any) and `forceDeploy` as SF tests it.
fn existing(cx: &mut LowerContext, value: &Node, origin: EventOrigin) -> Lowered {
    // a missing bucket is the schema's to report
    let Some(bucket) = child(value, "bucket").filter(|b| !b.is_null()) else {
        return Lowered::Skipped;
    };
    let event = str_at(&mut cx.diags, value, "event")
        .filter(|e| !e.is_empty())
        .unwrap_or_else(|| DEFAULT_EVENT.to_string());
    Lowered::Existing(ExistingS3Event {
        origin,
        bucket: bucket.to_json(),
        event,
        rules: child(value, "rules")
            .map(|r| rules(cx, r))
            .unwrap_or_default(),
        force_deploy: child(value, "forceDeploy").is_some_and(Node::is_truthy),
    })
}

/// `rules`: each `{prefix: …}` or `{suffix: …}` as `(name, value)` (SF takes each rule's
/// first key).
fn rules(cx: &mut LowerContext, node: &Node) -> Vec<(String, Json)> {
    let Some(items) = node.as_seq() else {
        wrong(&mut cx.diags, node, "rules", "a list");
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|rule| match rule.as_map().and_then(|m| m.iter().next()) {
            Some((name, entry)) => Some((name.clone(), entry.value.to_json())),
            None => {
                wrong(
                    &mut cx.diags,
                    rule,
                    "rules[]",
                    "a mapping like `prefix: uploads/`",
                );
                None
            }
        })
        .collect()
}

/// `provider.s3`: each bucket's settings, as written.
pub fn provider_buckets(provider: &Node) -> IndexMap<String, Json> {
    child(provider, "s3")
        .and_then(Node::as_map)
        .map(|m| {
            m.iter()
                .filter(|(_, e)| e.value.as_map().is_some())
                .map(|(k, e)| (k.clone(), e.value.to_json()))
                .collect()
        })
        .unwrap_or_default()
}
