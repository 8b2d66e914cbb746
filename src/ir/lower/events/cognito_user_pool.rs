//! `cognitoUserPool` events → [`CognitoUserPoolEvent`] (pools the service creates). An event
//! on an `existing: true` pool is left to the custom resource step (not lowered yet).

use super::super::LowerContext;
use super::super::shape::{child, str_at, wrong};
use crate::ir::events::EventOrigin;
use crate::ir::events::cognito_user_pool::CognitoUserPoolEvent;
use crate::load::Node;

/// What lowering a `cognitoUserPool` event gave.
pub enum Lowered {
    Event(CognitoUserPoolEvent),
    /// `existing: true`: compiled by a custom resource, which slsc does not emit yet.
    Existing,
    Skipped,
}

pub fn lower(cx: &mut LowerContext, value: &Node, origin: EventOrigin) -> Lowered {
    let d = &mut cx.diags;
    if value.as_map().is_none() {
        wrong(
            d,
            value,
            "cognitoUserPool",
            "a mapping with `pool` and `trigger`",
        );
        return Lowered::Skipped;
    }
    if child(value, "existing").is_some_and(Node::is_truthy) {
        return Lowered::Existing;
    }
    let (Some(pool), Some(trigger)) = (str_at(d, value, "pool"), str_at(d, value, "trigger"))
    else {
        wrong(
            d,
            value,
            "cognitoUserPool",
            "a mapping with `pool` and `trigger`",
        );
        return Lowered::Skipped;
    };
    Lowered::Event(CognitoUserPoolEvent {
        origin,
        pool,
        trigger,
        kms_key_id: child(value, "kmsKeyId").map(Node::to_json),
    })
}
