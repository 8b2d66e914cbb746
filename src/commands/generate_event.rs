//! `slsc generate-event SOURCE`: prints a sample event of SOURCE (SQS, S3, API Gateway, ...),
//! shaped as AWS sends it, with flags for its main fields (see [`crate::sample_events`]).

use super::Global;
use crate::sample_events::{self, Fields};
use crate::source::SourceMap;

/// Options of `slsc generate-event`; each source reads the flags that fit it (`--help` lists
/// which), and a flag that does not fit is refused.
#[derive(Clone, Debug, clap::Args)]
#[command(after_help = sources_help())]
pub struct Options {
    /// The event source (see the list below)
    #[arg(value_name = "SOURCE")]
    pub source: String,
    /// HTTP method (apigateway, http-api, function-url, alb)
    #[arg(long)]
    pub method: Option<String>,
    /// Request path (apigateway, http-api, function-url, alb)
    #[arg(long)]
    pub path: Option<String>,
    /// Query string, `a=1&b=2` (apigateway, http-api, function-url, alb)
    #[arg(long)]
    pub query: Option<String>,
    /// Request body, message body or record data
    #[arg(long)]
    pub body: Option<String>,
    /// Queue name (sqs)
    #[arg(long)]
    pub queue: Option<String>,
    /// Topic name (sns)
    #[arg(long)]
    pub topic: Option<String>,
    /// Message subject (sns)
    #[arg(long)]
    pub subject: Option<String>,
    /// Bucket name (s3)
    #[arg(long)]
    pub bucket: Option<String>,
    /// Object key (s3)
    #[arg(long)]
    pub key: Option<String>,
    /// Object size in bytes (s3)
    #[arg(long)]
    pub size: Option<u64>,
    /// `ObjectCreated:Put`, `ObjectRemoved:Delete` (s3); INSERT, MODIFY, REMOVE (dynamodb)
    #[arg(long)]
    pub event_name: Option<String>,
    /// Table name (dynamodb)
    #[arg(long)]
    pub table: Option<String>,
    /// Stream name (kinesis)
    #[arg(long)]
    pub stream: Option<String>,
    /// Partition key (kinesis)
    #[arg(long)]
    pub partition_key: Option<String>,
    /// Event source, e.g. `com.example.orders` (eventbridge)
    #[arg(long = "source", value_name = "SOURCE")]
    pub event_source: Option<String>,
    /// Detail type (eventbridge)
    #[arg(long)]
    pub detail_type: Option<String>,
    /// Detail, as JSON (eventbridge)
    #[arg(long, value_name = "JSON")]
    pub detail: Option<String>,
    /// Rule name (schedule)
    #[arg(long)]
    pub rule: Option<String>,
    /// Log group (cloudwatch-logs)
    #[arg(long)]
    pub log_group: Option<String>,
    /// Trigger source, e.g. `PostConfirmation_ConfirmSignUp` (cognito-user-pool)
    #[arg(long)]
    pub trigger: Option<String>,
    /// User pool id (cognito-user-pool)
    #[arg(long)]
    pub user_pool: Option<String>,
    /// User name (cognito-user-pool)
    #[arg(long)]
    pub user: Option<String>,
    /// Route key, `$connect`, `$disconnect` or a route (websocket)
    #[arg(long)]
    pub route: Option<String>,
    /// Number of records (sqs, sns, s3, dynamodb, kinesis, cloudwatch-logs)
    #[arg(long)]
    pub count: Option<usize>,
    /// Account id in ARNs (default 123456789012)
    #[arg(long)]
    pub account: Option<String>,
}

fn sources_help() -> String {
    let mut s = String::from("Sources:\n");
    for src in sample_events::SOURCES {
        s.push_str(&format!("  {:<18} {}\n", src.name, src.about));
    }
    s.push_str(
        "\n`slsc invoke -f NAME --event SOURCE` invokes a function with the source's sample.",
    );
    s
}

pub fn run(global: &Global, opts: &Options) -> u8 {
    let sources = SourceMap::new();
    let detail = match opts
        .detail
        .as_deref()
        .map(|d| super::invoke::parse_json("--detail", d))
    {
        Some(Err(d)) => return super::fail(d, &sources, global.color),
        Some(Ok(v)) => Some(v),
        None => None,
    };
    let fields = Fields {
        region: global.region.clone(),
        account: opts.account.clone(),
        stage: global.stage.clone(),
        body: opts.body.clone(),
        method: opts.method.clone(),
        path: opts.path.clone(),
        query: opts.query.clone(),
        queue: opts.queue.clone(),
        topic: opts.topic.clone(),
        subject: opts.subject.clone(),
        bucket: opts.bucket.clone(),
        key: opts.key.clone(),
        size: opts.size,
        event_name: opts.event_name.clone(),
        table: opts.table.clone(),
        stream: opts.stream.clone(),
        partition_key: opts.partition_key.clone(),
        source: opts.event_source.clone(),
        detail_type: opts.detail_type.clone(),
        detail,
        rule: opts.rule.clone(),
        log_group: opts.log_group.clone(),
        user_pool: opts.user_pool.clone(),
        user: opts.user.clone(),
        trigger: opts.trigger.clone(),
        route: opts.route.clone(),
        count: opts.count,
    };
    match sample_events::sample(&opts.source, &fields, &given(opts)) {
        Ok(v) => {
            use std::io::Write;
            // a closed pipe (`| head`) is no failure
            let mut out = std::io::stdout().lock();
            let _ = writeln!(out, "{}", super::invoke::pretty(v.to_string().as_bytes()));
            0
        }
        Err(d) => super::fail(d, &sources, global.color),
    }
}

/// The flags given on the command line, by name (`stage` counts: it is global, but only
/// some sources read it, and the others ignore it quietly, as other commands ignore it).
fn given(o: &Options) -> Vec<&'static str> {
    let flags: [(&str, bool); 26] = [
        ("method", o.method.is_some()),
        ("path", o.path.is_some()),
        ("query", o.query.is_some()),
        ("body", o.body.is_some()),
        ("queue", o.queue.is_some()),
        ("topic", o.topic.is_some()),
        ("subject", o.subject.is_some()),
        ("bucket", o.bucket.is_some()),
        ("key", o.key.is_some()),
        ("size", o.size.is_some()),
        ("event-name", o.event_name.is_some()),
        ("table", o.table.is_some()),
        ("stream", o.stream.is_some()),
        ("partition-key", o.partition_key.is_some()),
        ("source", o.event_source.is_some()),
        ("detail-type", o.detail_type.is_some()),
        ("detail", o.detail.is_some()),
        ("rule", o.rule.is_some()),
        ("log-group", o.log_group.is_some()),
        ("trigger", o.trigger.is_some()),
        ("user-pool", o.user_pool.is_some()),
        ("user", o.user.is_some()),
        ("route", o.route.is_some()),
        ("count", o.count.is_some()),
        ("account", o.account.is_some()),
        ("region", false),
    ];
    flags
        .iter()
        .filter(|(_, on)| *on)
        .map(|(n, _)| *n)
        .collect()
}
