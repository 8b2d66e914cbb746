//! `s3` events on buckets the service creates (SF v3 `s3/index.js`, `newS3Buckets`): one
//! `AWS::S3::Bucket` per bucket with every event's Lambda notification (and the bucket's
//! `provider.s3` settings), then one `AWS::Lambda::Permission` per function and bucket.

use super::super::Ctx;
use super::super::functions::Aliases;
use super::super::value::{join, obj, reference};
use crate::ir::events::s3::S3Event;
use crate::ir::naming::{bucket_logical_id, s3_permission_logical_id, upper_first};
use serde_json::{Map, Value};

/// A bucket the events create: its deployed name, what `provider.s3` calls it, and its
/// notifications in event order.
struct Bucket<'a> {
    name: String,
    /// The `provider.s3` key naming it, when it has settings there.
    settings_key: Option<&'a str>,
    configurations: Vec<Value>,
    /// The function of each event, in order.
    functions: Vec<&'a str>,
}

impl Bucket<'_> {
    /// The permission of `function` for this bucket, named by its `provider.s3` key if it has
    /// one (for every event on the bucket, as SF looks the key up by bucket name).
    fn permission_logical_id(&self, function: &str) -> String {
        s3_permission_logical_id(function, self.settings_key.unwrap_or(&self.name))
    }
}

pub(crate) fn compile(cx: &mut Ctx) {
    let svc = cx.svc;
    let aliases = Aliases::new(svc);
    let mut buckets: Vec<Bucket> = Vec::new();
    for event in &svc.events.s3 {
        let key = event.origin.function.as_str();
        let settings_key = svc
            .events
            .s3_buckets
            .get_key_value(&event.bucket)
            .map(|(k, _)| k.as_str());
        let name = bucket_name(cx, event);
        let configuration = lambda_configuration(&aliases, event);
        let bucket = match buckets.iter().position(|b| b.name == name) {
            Some(i) => &mut buckets[i],
            None => {
                buckets.push(Bucket {
                    name: name.clone(),
                    settings_key: None,
                    configurations: Vec::new(),
                    functions: Vec::new(),
                });
                let last = buckets.len() - 1;
                &mut buckets[last]
            }
        };
        // the last event naming a `provider.s3` key for this bucket name decides (SF's
        // `bucketsMeta[bucketName]` is overwritten by each)
        if settings_key.is_some() {
            bucket.settings_key = settings_key;
        }
        bucket.configurations.push(configuration);
        bucket.functions.push(key);
    }
    let buckets = in_object_key_order(buckets);
    for bucket in &buckets {
        compile_bucket(cx, &aliases, bucket);
    }
    for event in &svc.events.s3 {
        compile_permission(cx, &aliases, &buckets, event);
    }
}

/// The deployed name of an event's bucket: `provider.s3.<bucket>.name`, else `bucket` itself.
fn bucket_name(cx: &Ctx, event: &S3Event) -> String {
    cx.svc
        .events
        .s3_buckets
        .get(&event.bucket)
        .and_then(|s| s.get("name"))
        .and_then(Value::as_str)
        .filter(|n| !n.is_empty())
        .map_or_else(|| event.bucket.clone(), str::to_string)
}

/// `{Event, Function, Filter?}` of one event.
fn lambda_configuration(aliases: &Aliases, event: &S3Event) -> Value {
    let mut c = Map::new();
    c.insert("Event".into(), event.event.as_str().into());
    c.insert("Function".into(), aliases.target(&event.origin.function));
    if let Some(rules) = &event.rules {
        let rules = rules
            .iter()
            .map(|(name, value)| obj([("Name", name.as_str().into()), ("Value", value.clone())]))
            .collect();
        c.insert(
            "Filter".into(),
            obj([("S3Key", obj([("Rules", Value::Array(rules))]))]),
        );
    }
    Value::Object(c)
}

/// The buckets in the order `Object.entries` lists them: names that are array indices
/// (canonical integers below 2³²−1) first, ascending, then the others in insertion order.
fn in_object_key_order(mut buckets: Vec<Bucket>) -> Vec<Bucket> {
    fn index(name: &str) -> Option<u32> {
        let n: u32 = name.parse().ok()?;
        (n.to_string() == name && n != u32::MAX).then_some(n)
    }
    // stable: the other names keep their order
    buckets.sort_by_key(|b| index(&b.name).map_or((1, 0), |n| (0, n)));
    buckets
}

/// The bucket with its notifications, its `provider.s3` settings, and `DependsOn` its
/// permissions (one per event, repeats included) and the aliases they invoke.
fn compile_bucket(cx: &mut Ctx, aliases: &Aliases, bucket: &Bucket) {
    let settings = bucket
        .settings_key
        .and_then(|k| cx.svc.events.s3_buckets.get(k))
        .and_then(Value::as_object);
    let mut properties = Map::new();
    properties.insert("BucketName".into(), bucket.name.as_str().into());
    let mut notifications = Map::new();
    notifications.insert(
        "LambdaConfigurations".into(),
        Value::Array(bucket.configurations.clone()),
    );
    properties.insert("NotificationConfiguration".into(), Value::Null);
    if let Some(settings) = settings {
        for (key, value) in settings.iter().filter(|(k, _)| *k != "name") {
            let property = upper_first(key);
            if property == "NotificationConfiguration" {
                // `Object.assign` of the user's configuration over the Lambda one
                if let Value::Object(user) = value {
                    notifications.extend(user.clone());
                }
                continue;
            }
            properties.insert(property, value.clone());
        }
    }
    properties.insert(
        "NotificationConfiguration".into(),
        Value::Object(notifications),
    );
    let mut depends_on = Vec::new();
    for key in &bucket.functions {
        depends_on.push(bucket.permission_logical_id(key).into());
        if let Some(alias) = aliases.of(key) {
            depends_on.push(alias.logical_id(key).into());
        }
    }
    let logical_id = bucket_logical_id(bucket.settings_key.unwrap_or(&bucket.name));
    cx.merge_resource(
        &logical_id,
        obj([
            ("Type", "AWS::S3::Bucket".into()),
            ("Properties", Value::Object(properties)),
            ("DependsOn", Value::Array(depends_on)),
        ]),
    );
}

/// The permission letting S3 invoke the event's function for the bucket.
fn compile_permission(cx: &mut Ctx, aliases: &Aliases, buckets: &[Bucket], event: &S3Event) {
    let key = event.origin.function.as_str();
    let name = bucket_name(cx, event);
    let Some(bucket) = buckets.iter().find(|b| b.name == name) else {
        return;
    };
    let permission_id = bucket.permission_logical_id(key);
    let source_arn = join(
        "",
        vec![
            "arn:".into(),
            reference("AWS::Partition"),
            format!(":s3:::{name}").into(),
        ],
    );
    cx.merge_resource(
        &permission_id,
        obj([
            ("Type", "AWS::Lambda::Permission".into()),
            ("DependsOn", aliases.depends_on(key)),
            (
                "Properties",
                obj([
                    ("FunctionName", aliases.target(key)),
                    ("Action", "lambda:InvokeFunction".into()),
                    ("Principal", "s3.amazonaws.com".into()),
                    ("SourceArn", source_arn),
                    ("SourceAccount", reference("AWS::AccountId")),
                ]),
            ),
        ]),
    );
}
