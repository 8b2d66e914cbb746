//! Checks on `kafka` and `msk` events: SF's errors (a VPC subnet without a security group or
//! the reverse; `AT_TIMESTAMP` without a timestamp), and what AWS rejects although SF lets it
//! through: topic names Kafka does not allow, consumer group ids of other characters, bootstrap
//! servers without a port, an MSK ARN that is not a cluster's.

use super::event_source::{Ids, Written, batching, filter_patterns, literal_arn, problem, written};
use crate::diag::{Diagnostic, Diagnostics, codes};
use crate::ir::lower::events::event_source::arn_part;
use crate::ir::lower::events::kafka::{read_kafka, read_msk};
use crate::ir::lower::shape::list_at;
use crate::ir::naming::{kafka_logical_id, msk_logical_id};
use crate::load::Node;

/// The longest Kafka topic name.
pub const MAX_TOPIC: usize = 249;
/// The longest consumer group id Lambda accepts.
pub const MAX_CONSUMER_GROUP_ID: usize = 200;

pub fn check_kafka(root: &Node, d: &mut Diagnostics) {
    let mut ids = Ids::replaced();
    for w in written(root, "kafka") {
        let e = match read_kafka(w.value, w.origin()) {
            Ok(e) => e,
            Err(p) => {
                d.push(problem("kafka", &w, p));
                continue;
            }
        };
        vpc_access(&w, d);
        timestamp("kafka", &w, d);
        batching(
            &w,
            e.batch_size.as_ref(),
            e.maximum_batching_window.as_ref(),
            d,
        );
        filter_patterns(&w, e.filter_patterns.as_deref(), d);
        topic(&w, &e.topic, d);
        consumer_group(&w, d);
        bootstrap_servers(&w, d);
        ids.add(kafka_logical_id(w.function, &e.topic), &w, d);
    }
}

pub fn check_msk(root: &Node, d: &mut Diagnostics) {
    let mut ids = Ids::replaced();
    for w in written(root, "msk") {
        timestamp("msk", &w, d);
        let e = match read_msk(w.value, w.origin()) {
            Ok(e) => e,
            Err(p) => {
                d.push(problem("msk", &w, p));
                continue;
            }
        };
        filter_patterns(&w, e.filter_patterns.as_deref(), d);
        batching(
            &w,
            e.batch_size.as_ref(),
            e.maximum_batching_window.as_ref(),
            d,
        );
        topic(&w, &e.topic, d);
        consumer_group(&w, d);
        if let Some((arn, span)) = literal_arn(&w)
            && (arn_part(&arn, 2) != "kafka" || !arn.contains(":cluster/"))
        {
            d.push(
                Diagnostic::error(
                    codes::EVENT_SOURCE_ARN,
                    format!(
                        "`{arn}` is not an MSK cluster's ARN (function `{}`)",
                        w.function
                    ),
                )
                .at(span)
                .label("not a cluster's ARN")
                .help(
                    "give the cluster's ARN: arn:aws:kafka:<region>:<account>:cluster/<name>/<id>",
                ),
            );
        }
        ids.add(msk_logical_id(w.function, &e.cluster_name, &e.topic), &w, d);
    }
}

/// SF: a VPC subnet needs a security group and the reverse.
fn vpc_access(w: &Written, d: &mut Diagnostics) {
    let Some(access) = w.setting("accessConfigurations") else {
        return;
    };
    let subnet = access.get("vpcSubnet").is_some_and(Node::is_truthy);
    let group = access.get("vpcSecurityGroup").is_some_and(Node::is_truthy);
    if subnet == group {
        return;
    }
    let missing = if group {
        "vpcSubnet"
    } else {
        "vpcSecurityGroup"
    };
    d.push(
        Diagnostic::error(
            codes::KAFKA_ACCESS,
            format!(
                "You must specify at least one \"{missing}\" accessConfiguration for function: {}",
                w.function
            ),
        )
        .at(access.span)
        .label(format!("no `{missing}`"))
        .help("Lambda reaches a cluster in a VPC through both a subnet and a security group: give both"),
    );
}

/// SF: `AT_TIMESTAMP` needs `startingPositionTimestamp`.
fn timestamp(kind: &str, w: &Written, d: &mut Diagnostics) {
    let Some(position) = w.setting("startingPosition") else {
        return;
    };
    if position.as_str() != Some("AT_TIMESTAMP") || w.setting("startingPositionTimestamp").is_some()
    {
        return;
    }
    d.push(
        Diagnostic::error(
            codes::STARTING_POSITION,
            format!(
                "You must specify startingPositionTimestamp for function: {} when startingPosition is AT_TIMESTAMP.",
                w.function
            ),
        )
        .at(position.span)
        .label("no startingPositionTimestamp")
        .help(format!("add `startingPositionTimestamp:` (seconds since the epoch) to the {kind} event")),
    );
}

/// Kafka topic names: 1 to 249 letters, digits, `.`, `_` and `-`, not `.` or `..`.
fn topic(w: &Written, topic: &str, d: &mut Diagnostics) {
    let valid = !topic.is_empty()
        && topic.chars().count() <= MAX_TOPIC
        && topic != "."
        && topic != ".."
        && topic
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if valid {
        return;
    }
    d.push(
        Diagnostic::error(
            codes::KAFKA_TOPIC,
            format!(
                "`{topic}` is not a Kafka topic name (function `{}`)",
                w.function
            ),
        )
        .at_opt(w.setting("topic").map(|n| n.span))
        .label("not a topic name")
        .help(format!(
            "a topic name has 1 to {MAX_TOPIC} letters, digits, `.`, `_` and `-`"
        )),
    );
}

/// Consumer group ids: 1 to 200 of `[a-zA-Z0-9-/*:_+=.@]`.
fn consumer_group(w: &Written, d: &mut Diagnostics) {
    let Some(node) = w.setting("consumerGroupId") else {
        return;
    };
    let Some(id) = node.as_str().filter(|s| !s.is_empty()) else {
        return;
    };
    let valid = id
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-/*:_+=.@".contains(c));
    if valid && id.chars().count() <= MAX_CONSUMER_GROUP_ID {
        return;
    }
    d.push(
        Diagnostic::error(
            codes::KAFKA_CONSUMER_GROUP,
            format!(
                "Lambda rejects the consumer group id `{id}` (function `{}`)",
                w.function
            ),
        )
        .at(node.span)
        .label("not a consumer group id")
        .help(format!(
            "use at most {MAX_CONSUMER_GROUP_ID} letters, digits and `-/*:_+=.@`"
        )),
    );
}

/// Each bootstrap server is `host:port`.
fn bootstrap_servers(w: &Written, d: &mut Diagnostics) {
    for server in list_at(w.value, "bootstrapServers") {
        let Some(text) = server.as_str() else {
            continue;
        };
        let port_ok = text.rsplit_once(':').is_some_and(|(host, port)| {
            !host.is_empty()
                && !port.is_empty()
                && port.len() <= 5
                && port.bytes().all(|b| b.is_ascii_digit())
        });
        if !port_ok {
            d.push(
                Diagnostic::error(
                    codes::KAFKA_BOOTSTRAP_SERVER,
                    format!(
                        "bootstrap server `{text}` has no port (function `{}`)",
                        w.function
                    ),
                )
                .at(server.span)
                .label("expected host:port")
                .help("write each broker as `host:port`, e.g. `b-1.kafka.example.com:9092`"),
            );
        }
    }
}
