//! Checks on `cognitoUserPool` events: SF v3's errors on the KMS key of the custom sender
//! triggers and on a function's events naming two existing pools, and a trigger given twice
//! (the later one silently replaces the earlier in the pool's `LambdaConfig`). Pools the
//! service creates and existing pools are checked apart, as SF does.

use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::Service;
use crate::ir::events::cognito_user_pool::{CUSTOM_SENDER_TRIGGERS, CognitoUserPoolEvent};

pub fn check_cognito_user_pools(service: &Service, d: &mut Diagnostics) {
    check_pools(&service.events.cognito_user_pools, d);
    check_pools(&service.events.cognito_user_pools_existing, d);
    existing_pools_per_function(&service.events.cognito_user_pools_existing, d);
}

/// SF's COGNITO_MULTIPLE_USER_POOLS_PER_FUNCTION: a function's events on existing pools name
/// one pool (its one `Custom::CognitoUserPool` holds one `UserPoolName`).
fn existing_pools_per_function(events: &[CognitoUserPoolEvent], d: &mut Diagnostics) {
    for (first, event) in super::event_nodes::second_targets(events, |e| &e.origin, |e| &e.pool) {
        d.push(
            Diagnostic::error(
                codes::COGNITO_EXISTING_POOLS,
                format!(
                    "function `{}` already has events on the existing user pool `{}`: SF v3 takes one existing pool per function",
                    event.origin.function, first.pool
                ),
            )
            .at(event.origin.span)
            .label(format!("a second existing pool, `{}`", event.pool))
            .help("move this event to another function, or make the events name one pool (SF v3: COGNITO_MULTIPLE_USER_POOLS_PER_FUNCTION)"),
        );
    }
}

/// The checks of one set of events (on created pools, or on existing ones).
fn check_pools(events: &[CognitoUserPoolEvent], d: &mut Diagnostics) {
    for (j, event) in events.iter().enumerate() {
        let earlier = &events[..j];
        kms_key(event, earlier, d);
        if let Some(first) = earlier
            .iter()
            .find(|e| e.pool == event.pool && e.trigger == event.trigger)
        {
            d.push(
                Diagnostic::warning(
                    codes::COGNITO_DUPLICATE_TRIGGER,
                    format!(
                        "pool `{}` already has a `{}` trigger (function `{}`): this one replaces it",
                        event.pool, event.trigger, first.origin.function
                    ),
                )
                .at(event.origin.span)
                .label("second trigger of this kind")
                .help("a user pool invokes one function per trigger: keep one of the two events"),
            );
        }
    }
}

/// SF's COGNITO_KMS_KEY_NOT_SET and COGNITO_KMS_KEY_ID_NOT_SAME_FOR_SINGLE_USER_POOL.
fn kms_key(event: &CognitoUserPoolEvent, earlier: &[CognitoUserPoolEvent], d: &mut Diagnostics) {
    if !CUSTOM_SENDER_TRIGGERS.contains(&event.trigger.as_str()) {
        return;
    }
    let Some(key) = &event.kms_key_id else {
        d.push(
            Diagnostic::error(
                codes::COGNITO_KMS_KEY,
                format!(
                    "the `{}` trigger of pool `{}` needs a `kmsKeyId`",
                    event.trigger, event.pool
                ),
            )
            .at(event.origin.span)
            .label("no KMS key")
            .help("add `kmsKeyId: <KMS key ARN>`: Cognito encrypts the codes it sends custom senders with it (SF v3: COGNITO_KMS_KEY_NOT_SET)"),
        );
        return;
    };
    let other = earlier.iter().find(|e| {
        e.pool == event.pool
            && CUSTOM_SENDER_TRIGGERS.contains(&e.trigger.as_str())
            && e.kms_key_id.as_ref().is_some_and(|k| k != key)
    });
    if let Some(other) = other {
        d.push(
            Diagnostic::error(
                codes::COGNITO_KMS_KEY,
                format!(
                    "pool `{}` is given two KMS keys (the `{}` trigger of function `{}` names another)",
                    event.pool, other.trigger, other.origin.function
                ),
            )
            .at(event.origin.span)
            .label("a second KMS key for this pool")
            .help("a user pool has one KMS key for its custom senders: give every event of the pool the same `kmsKeyId` (SF v3: COGNITO_KMS_KEY_ID_NOT_SAME_FOR_SINGLE_USER_POOL)"),
        );
    }
}
