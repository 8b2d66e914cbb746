//! Checks on `s3` events: what SF v3 rejects (an intrinsic bucket that is not `existing`, a
//! bucket name S3 would not take, two existing buckets for one function) and what S3 rejects
//! at deploy although SF lets it through (unknown event types, two rules of one kind in a
//! filter, and two notifications of one bucket that could fire for the same object and event:
//! "Configuration is ambiguously defined").

use super::event_nodes::events_of;
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::Service;
use crate::ir::events::EventOrigin;
use crate::ir::events::s3::{ExistingS3Event, S3Event};
use crate::load::Node;
use crate::source::Span;
use serde_json::Value as Json;

/// The event types S3 notifies Lambda functions of.
pub const EVENT_TYPES: [&str; 27] = [
    "s3:ReducedRedundancyLostObject",
    "s3:ObjectCreated:*",
    "s3:ObjectCreated:Put",
    "s3:ObjectCreated:Post",
    "s3:ObjectCreated:Copy",
    "s3:ObjectCreated:CompleteMultipartUpload",
    "s3:ObjectRemoved:*",
    "s3:ObjectRemoved:Delete",
    "s3:ObjectRemoved:DeleteMarkerCreated",
    "s3:ObjectRestore:*",
    "s3:ObjectRestore:Post",
    "s3:ObjectRestore:Completed",
    "s3:ObjectRestore:Delete",
    "s3:Replication:*",
    "s3:Replication:OperationFailedReplication",
    "s3:Replication:OperationNotTracked",
    "s3:Replication:OperationMissedThreshold",
    "s3:Replication:OperationReplicatedAfterThreshold",
    "s3:LifecycleTransition",
    "s3:IntelligentTiering",
    "s3:ObjectAcl:Put",
    "s3:LifecycleExpiration:*",
    "s3:LifecycleExpiration:Delete",
    "s3:LifecycleExpiration:DeleteMarkerCreated",
    "s3:ObjectTagging:*",
    "s3:ObjectTagging:Put",
    "s3:ObjectTagging:Delete",
];

/// One Lambda notification of a bucket, created by the stack or added to an existing one.
struct Notification<'a> {
    /// The bucket's deployed name; `None` for an intrinsic function (unknown until deployed).
    bucket: Option<String>,
    /// Whether the bucket is an existing one (its notifications are not the created ones').
    existing: bool,
    event: &'a str,
    rules: &'a [(String, Json)],
    origin: &'a EventOrigin,
}

pub fn check_s3(service: &Service, root: &Node, d: &mut Diagnostics) {
    intrinsic_buckets(root, d);
    for event in &service.events.s3 {
        bucket_name_rules(&bucket_name(service, event), event, d);
    }
    existing_buckets_per_function(service, d);
    let created = service.events.s3.iter().map(|e| Notification {
        bucket: Some(bucket_name(service, e)),
        existing: false,
        event: &e.event,
        rules: e.rules.as_deref().unwrap_or_default(),
        origin: &e.origin,
    });
    let existing = service.events.s3_existing.iter().map(|e| Notification {
        bucket: e.bucket.as_str().map(str::to_string),
        existing: true,
        event: &e.event,
        rules: &e.rules,
        origin: &e.origin,
    });
    let notifications: Vec<Notification> = created.chain(existing).collect();
    for n in &notifications {
        if !EVENT_TYPES.contains(&n.event) {
            d.push(
                Diagnostic::error(
                    codes::S3_EVENT,
                    format!("S3 has no notification event `{}`", n.event),
                )
                .at(n.origin.span)
                .label("unknown event type")
                .help("use an S3 event type such as `s3:ObjectCreated:*` or `s3:ObjectRemoved:Delete`"),
            );
        }
        filter_rules(n.rules, n.origin.span, d);
    }
    overlaps(&notifications, d);
}

/// SF's S3_MULTIPLE_BUCKETS_PER_FUNCTION: a function's events on existing buckets name one
/// bucket (its one `Custom::S3` holds one `BucketName`).
fn existing_buckets_per_function(service: &Service, d: &mut Diagnostics) {
    let events = &service.events.s3_existing;
    for (first, event) in super::event_nodes::second_targets(events, |e| &e.origin, |e| &e.bucket) {
        d.push(
            Diagnostic::error(
                codes::S3_EXISTING_BUCKETS,
                format!(
                    "function `{}` already has events on the existing bucket {}: SF v3 takes one existing bucket per function",
                    event.origin.function,
                    shown(first)
                ),
            )
            .at(event.origin.span)
            .label(format!("a second existing bucket, {}", shown(event)))
            .help("move this event to another function, or make the events name one bucket (SF v3: S3_MULTIPLE_BUCKETS_PER_FUNCTION)"),
        );
    }
}

/// An existing bucket as a message shows it: its name, or its intrinsic function as JSON.
fn shown(event: &ExistingS3Event) -> String {
    match &event.bucket {
        Json::String(name) => format!("`{name}`"),
        other => format!("`{other}`"),
    }
}

/// SF's S3_INVALID_NEW_BUCKET_FORMAT: a bucket the service creates needs a literal name.
fn intrinsic_buckets(root: &Node, d: &mut Diagnostics) {
    for event in events_of(root, "s3") {
        let Some(bucket) = event.value.get("bucket").filter(|b| b.as_map().is_some()) else {
            continue;
        };
        if event.value.get("existing").is_some_and(Node::is_truthy) {
            continue;
        }
        d.push(
            Diagnostic::error(
                codes::S3_BUCKET,
                format!(
                    "the `s3` event of `{}` names its bucket with an intrinsic function but the bucket is not `existing`",
                    event.function
                ),
            )
            .at(bucket.span)
            .label("a bucket to create needs a literal name")
            .help("add `existing: true` for a bucket made elsewhere, or write the bucket's name (SF v3: S3_INVALID_NEW_BUCKET_FORMAT)"),
        );
    }
}

/// `provider.s3.<bucket>.name`, else the event's `bucket`.
fn bucket_name(service: &Service, event: &S3Event) -> String {
    service
        .events
        .s3_buckets
        .get(&event.bucket)
        .and_then(|s| s.get("name"))
        .and_then(Json::as_str)
        .filter(|n| !n.is_empty())
        .map_or_else(|| event.bucket.clone(), str::to_string)
}

/// SF's S3_INVALID_BUCKET_PATTERN (its `awsS3BucketName` pattern), and S3's length limits.
fn bucket_name_rules(name: &str, event: &S3Event, d: &mut Diagnostics) {
    let problem = if !matches_bucket_pattern(name) {
        "lower-case letters, digits, `-` and `.` only, each dot-separated label starting and ending with a letter or digit, not an IP address"
    } else if !(3..=63).contains(&name.len()) {
        "3 to 63 characters long"
    } else {
        return;
    };
    d.push(
        Diagnostic::error(
            codes::S3_BUCKET_NAME,
            format!("`{name}` is not a valid S3 bucket name: it must be {problem}"),
        )
        .at(event.origin.span)
        .label("invalid bucket name")
        .help(format!(
            "fix the name here or in `provider.s3.{}.name` (SF v3: S3_INVALID_BUCKET_PATTERN)",
            event.bucket
        )),
    );
}

/// SF's `awsS3BucketName` pattern: dot-separated labels of `[a-z0-9-]` that start and end with
/// a letter or digit, and not four numbers like an IP address.
pub fn matches_bucket_pattern(name: &str) -> bool {
    let labels: Vec<&str> = name.split('.').collect();
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let ip_like = labels.len() == 4
        && labels
            .iter()
            .all(|l| (1..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_digit()));
    labels.iter().all(label_ok) && !ip_like
}

/// S3 takes at most one prefix and one suffix rule per filter.
fn filter_rules(rules: &[(String, Json)], span: Span, d: &mut Diagnostics) {
    for kind in ["prefix", "suffix"] {
        if rules.iter().filter(|(n, _)| n == kind).count() > 1 {
            d.push(
                Diagnostic::error(
                    codes::S3_FILTER_RULES,
                    format!("the `s3` event has more than one `{kind}` rule"),
                )
                .at(span)
                .label(format!("several `{kind}` rules"))
                .help(format!("S3 takes one `{kind}` rule per notification: split the event in two, one per {kind}")),
            );
        }
    }
}

/// The prefix or suffix of a notification's filter: `Some("")` when it has none (it matches
/// every key), `None` when it is an intrinsic (unknown until deployed).
fn rule<'a>(n: &'a Notification, kind: &str) -> Option<&'a str> {
    match n
        .rules
        .iter()
        .find(|(name, _)| name == kind)
        .map(|(_, v)| v)
    {
        None => Some(""),
        Some(Json::String(s)) => Some(s),
        Some(_) => None,
    }
}

/// Whether two event types can name the same event (`s3:ObjectCreated:*` covers
/// `s3:ObjectCreated:Put`).
fn types_overlap(a: &str, b: &str) -> bool {
    let covers = |wide: &str, narrow: &str| {
        wide.strip_suffix('*')
            .is_some_and(|stem| stem.ends_with(':') && narrow.starts_with(stem))
    };
    a == b || covers(a, b) || covers(b, a)
}

/// Two notifications of one bucket (created, or existing: the handlers put every function's
/// into the bucket's one configuration) whose event types, prefixes and suffixes all overlap:
/// S3 refuses the bucket's configuration.
fn overlaps(notifications: &[Notification], d: &mut Diagnostics) {
    for (j, later) in notifications.iter().enumerate() {
        let Some(bucket) = &later.bucket else {
            continue;
        };
        let earlier = notifications[..j].iter().find(|e| {
            e.bucket.as_ref() == Some(bucket)
                && e.existing == later.existing
                && types_overlap(e.event, later.event)
                && matches!((rule(e, "prefix"), rule(later, "prefix")),
                    (Some(a), Some(b)) if a.starts_with(b) || b.starts_with(a))
                && matches!((rule(e, "suffix"), rule(later, "suffix")),
                    (Some(a), Some(b)) if a.ends_with(b) || b.ends_with(a))
        });
        if let Some(e) = earlier {
            d.push(
                Diagnostic::error(
                    codes::S3_OVERLAP,
                    format!(
                        "this `{}` notification of bucket `{bucket}` overlaps the `{}` one of function `{}`: both can fire for the same object",
                        later.event, e.event, e.origin.function
                    ),
                )
                .at(later.origin.span)
                .label("overlapping notification")
                .help("S3 rejects it (\"Configuration is ambiguously defined\"): give the two events prefixes or suffixes that no key can match both, or event types that do not overlap"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{matches_bucket_pattern, types_overlap};

    #[test]
    fn bucket_names_follow_sf_s_pattern() {
        for ok in ["photos", "my.bucket-1", "a", "1.2.3"] {
            assert!(matches_bucket_pattern(ok), "{ok}");
        }
        for bad in ["Photos", "-a", "a-", "a..b", "192.168.0.1", "my_bucket", ""] {
            assert!(!matches_bucket_pattern(bad), "{bad}");
        }
    }

    #[test]
    fn a_wildcard_type_covers_its_kind() {
        assert!(types_overlap("s3:ObjectCreated:*", "s3:ObjectCreated:Put"));
        assert!(types_overlap("s3:ObjectCreated:Put", "s3:ObjectCreated:*"));
        assert!(!types_overlap("s3:ObjectCreated:*", "s3:ObjectRemoved:*"));
        assert!(!types_overlap(
            "s3:ObjectCreated:Put",
            "s3:ObjectCreated:Copy"
        ));
    }
}
