//! Sample events, shaped as AWS sends them to a function, for `slsc generate-event SOURCE` and
//! `slsc invoke --event SOURCE`: one file per family of sources (HTTP front doors, messaging,
//! storage and streams, Cognito), each sample filled from [`Fields`] with realistic defaults,
//! the current time and fresh ids.

mod cognito;
mod http;
mod messaging;
mod storage;
mod streams;

use crate::diag::{Diagnostic, codes};
use serde_json::Value as Json;

/// The values a sample is built from; each source reads the fields it has (see [`SOURCES`])
/// and fills the rest with defaults.
#[derive(Clone, Debug, Default)]
pub struct Fields {
    pub region: Option<String>,
    pub account: Option<String>,
    pub stage: Option<String>,
    pub body: Option<String>,
    pub method: Option<String>,
    pub path: Option<String>,
    pub query: Option<String>,
    pub queue: Option<String>,
    pub topic: Option<String>,
    pub subject: Option<String>,
    pub bucket: Option<String>,
    pub key: Option<String>,
    pub size: Option<u64>,
    pub event_name: Option<String>,
    pub table: Option<String>,
    pub stream: Option<String>,
    pub partition_key: Option<String>,
    pub source: Option<String>,
    pub detail_type: Option<String>,
    pub detail: Option<Json>,
    pub rule: Option<String>,
    pub log_group: Option<String>,
    pub user_pool: Option<String>,
    pub user: Option<String>,
    pub trigger: Option<String>,
    pub route: Option<String>,
    pub count: Option<usize>,
}

impl Fields {
    fn region(&self) -> &str {
        self.region.as_deref().unwrap_or("us-east-1")
    }
    fn account(&self) -> &str {
        self.account.as_deref().unwrap_or("123456789012")
    }
    fn stage(&self) -> &str {
        self.stage.as_deref().unwrap_or("dev")
    }
    fn count(&self) -> usize {
        self.count.unwrap_or(1).clamp(1, 10_000)
    }
    /// `body`, else `default`.
    fn body_or(&self, default: &str) -> String {
        self.body.clone().unwrap_or_else(|| default.to_string())
    }
}

/// A source of events: its name on the command line, what it is, and the flags it reads.
pub struct Source {
    pub name: &'static str,
    pub about: &'static str,
    /// The [`Fields`] it reads, by flag name (`region` and `account` are read by all).
    pub flags: &'static [&'static str],
    build: fn(&Fields) -> Json,
}

/// Every source, in the order `generate-event --help` lists them.
pub const SOURCES: &[Source] = &[
    Source {
        name: "apigateway",
        about: "API Gateway REST API, Lambda proxy integration (payload 1.0)",
        flags: &["method", "path", "query", "body", "stage"],
        build: http::rest_proxy,
    },
    Source {
        name: "http-api",
        about: "API Gateway HTTP API (payload 2.0)",
        flags: &["method", "path", "query", "body", "stage"],
        build: http::http_api,
    },
    Source {
        name: "function-url",
        about: "Lambda function URL (payload 2.0)",
        flags: &["method", "path", "query", "body"],
        build: http::function_url,
    },
    Source {
        name: "alb",
        about: "Application Load Balancer target",
        flags: &["method", "path", "query", "body"],
        build: http::alb,
    },
    Source {
        name: "websocket",
        about: "API Gateway WebSocket API message",
        flags: &["route", "body", "stage"],
        build: http::websocket,
    },
    Source {
        name: "sqs",
        about: "SQS messages",
        flags: &["queue", "body", "count"],
        build: messaging::sqs,
    },
    Source {
        name: "sns",
        about: "SNS notification",
        flags: &["topic", "subject", "body", "count"],
        build: messaging::sns,
    },
    Source {
        name: "s3",
        about: "S3 event notification",
        flags: &["bucket", "key", "size", "event-name", "count"],
        build: storage::s3,
    },
    Source {
        name: "schedule",
        about: "EventBridge (CloudWatch Events) scheduled event",
        flags: &["rule"],
        build: messaging::schedule,
    },
    Source {
        name: "eventbridge",
        about: "EventBridge event",
        flags: &["source", "detail-type", "detail"],
        build: messaging::eventbridge,
    },
    Source {
        name: "dynamodb",
        about: "DynamoDB stream records",
        flags: &["table", "event-name", "count"],
        build: storage::dynamodb,
    },
    Source {
        name: "kinesis",
        about: "Kinesis Data Streams records",
        flags: &["stream", "partition-key", "body", "count"],
        build: streams::kinesis,
    },
    Source {
        name: "cloudwatch-logs",
        about: "CloudWatch Logs subscription (gzipped, base64)",
        flags: &["log-group", "body", "count"],
        build: streams::cloudwatch_logs,
    },
    Source {
        name: "cognito-user-pool",
        about: "Cognito user pool trigger",
        flags: &["trigger", "user-pool", "user"],
        build: cognito::user_pool,
    },
];

/// The sample event of `source`, with `given` (the flags set on the command line, by name)
/// checked against what the source reads.
pub fn sample(source: &str, fields: &Fields, given: &[&str]) -> Result<Json, Diagnostic> {
    let Some(s) = SOURCES.iter().find(|s| s.name == source) else {
        let names = || SOURCES.iter().map(|s| s.name);
        let help = match crate::check::nearest(source, names()) {
            Some(n) => format!("did you mean `{n}`?"),
            None => format!("sources: {}", names().collect::<Vec<_>>().join(", ")),
        };
        return Err(Diagnostic::error(
            codes::CLI_UNKNOWN_EVENT_SOURCE,
            format!("`{source}` is not an event source slsc can generate"),
        )
        .help(help));
    };
    if let Some(flag) = given
        .iter()
        .find(|f| !s.flags.contains(f) && !matches!(**f, "region" | "account"))
    {
        return Err(Diagnostic::error(
            codes::CLI_BAD_DATA,
            format!("--{flag} does not apply to `{}` events", s.name),
        )
        .help(if s.flags.is_empty() {
            format!("`{}` takes no flags but --region and --account", s.name)
        } else {
            format!(
                "`{}` takes {}",
                s.name,
                s.flags
                    .iter()
                    .map(|f| format!("--{f}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }));
    }
    Ok((s.build)(fields))
}

/// The current time, in milliseconds since the epoch.
fn now_ms() -> u64 {
    crate::common::time::now_millis()
}

/// `2023-11-14T22:13:20Z`: the time as EventBridge and SNS write it (whole seconds for
/// EventBridge, milliseconds for the others: `iso_ms`).
fn iso_seconds(ms: u64) -> String {
    let s = crate::common::time::iso8601(ms);
    format!("{}Z", &s[..19])
}

fn iso_ms(ms: u64) -> String {
    crate::common::time::iso8601(ms)
}

/// `n` lower-case hex digits.
fn hex(n: usize) -> String {
    let mut out = String::with_capacity(n + 16);
    while out.len() < n {
        crate::common::ids::push_hex(&mut out, crate::common::ids::random_u64(), 16);
    }
    out.truncate(n);
    out
}

/// A decimal string of `n` random digits (sequence numbers).
fn digits(n: usize) -> String {
    let mut out = String::with_capacity(n + 20);
    while out.len() < n {
        out.push_str(&crate::common::ids::random_u64().to_string());
    }
    out.truncate(n);
    out
}

#[cfg(test)]
mod tests;
