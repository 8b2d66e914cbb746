//! `cognitoUserPool` events → [`CognitoUserPoolEvent`], on pools the service creates or on
//! `existing: true` ones (set up by SF's custom resource).

use super::super::LowerContext;
use super::super::shape::{child, str_at, wrong};
use crate::ir::events::EventOrigin;
use crate::ir::events::cognito_user_pool::CognitoUserPoolEvent;
use crate::load::Node;

/// What lowering a `cognitoUserPool` event gave.
pub enum Lowered {
    Event(CognitoUserPoolEvent),
    /// `existing: true`: set up by SF's custom resource.
    Existing(CognitoUserPoolEvent),
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
    let existing = child(value, "existing").is_some_and(Node::is_truthy);
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
    let event = CognitoUserPoolEvent {
        origin,
        pool,
        trigger,
        kms_key_id: child(value, "kmsKeyId").map(Node::to_json),
        force_deploy: existing && child(value, "forceDeploy").is_some_and(Node::is_truthy),
    };
    if existing {
        Lowered::Existing(event)
    } else {
        Lowered::Event(event)
    }
}
