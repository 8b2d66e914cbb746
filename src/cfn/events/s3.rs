//! `s3` events (SF v3 `s3/index.js`). On buckets the service creates (`newS3Buckets`): one
//! `AWS::S3::Bucket` per bucket with every event's Lambda notification (and the bucket's
//! `provider.s3` settings), then one `AWS::Lambda::Permission` per function and bucket. On
//! `existing: true` buckets (`existingS3Buckets`): one `Custom::S3` per function with the
//! notifications its handler adds to the bucket, then the handler's function and permissions.

use super::super::Ctx;
use super::super::custom_resources::{self, Chains, Handler};
use super::super::functions::Aliases;
use super::super::value::{join, obj, reference};
use crate::ir::events::s3::{ExistingS3Event, S3Event};
use crate::ir::naming::{
    bucket_logical_id, custom_s3_logical_id, s3_permission_logical_id, start_case, upper_first,
};
use serde_json::{Map, Value, json};

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
    compile_existing(cx);
}

/// The `Custom::S3` of each function with events on existing buckets: the first event makes
/// it (with `ForceDeploy` if that event says `forceDeploy`) and the handler's permission on
/// the bucket, later ones add their configuration. Then every resource on a bucket depends on
/// the one before, and the handler gets its function and the right to add Lambda permissions.
fn compile_existing(cx: &mut Ctx) {
    let svc = cx.svc;
    let events = &svc.events.s3_existing;
    if events.is_empty() {
        return;
    }
    let mut statements = Vec::new();
    let mut chains = Chains::default();
    let mut started: Vec<&str> = Vec::new();
    for event in events {
        let key = event.origin.function.as_str();
        let Some(function) = svc.functions.iter().find(|f| f.key == key) else {
            continue;
        };
        let id = custom_s3_logical_id(key);
        chains.add(bucket_key(&event.bucket), &id);
        let config = bucket_config(event);
        if started.contains(&key) {
            custom_resources::append(cx, &id, "BucketConfigs", config);
            continue;
        }
        started.push(key);
        let mut properties = Map::new();
        properties.insert("BucketName".into(), event.bucket.clone());
        properties.insert("BucketConfigs".into(), json!([config]));
        if event.force_deploy {
            properties.insert(
                "ForceDeploy".into(),
                custom_resources::force_deploy_value(cx),
            );
        }
        let resource = custom_resources::function_resource(
            Handler::ExistingS3,
            key,
            &function.name,
            properties,
        );
        cx.merge_resource(&id, resource);
        statements.push(json!({
            "Effect": "Allow",
            "Resource": join(":", vec![
                "arn".into(), reference("AWS::Partition"), "s3".into(), "".into(), "".into(),
                event.bucket.clone(),
            ]),
            "Action": ["s3:PutBucketNotification", "s3:GetBucketNotification"]
        }));
    }
    statements.push(custom_resources::lambda_permissions_statement());
    chains.apply(cx);
    custom_resources::add(cx, Handler::ExistingS3, statements);
}

/// How SF tells buckets apart: a name as is, an intrinsic function by its JSON text.
fn bucket_key(bucket: &Value) -> String {
    match bucket {
        Value::String(name) => name.clone(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// `{Event, Rules}` of one event, each rule `{<Prefix|Suffix>: value}` (`_.startCase` of the
/// name, which the handler lower-cases again).
fn bucket_config(event: &ExistingS3Event) -> Value {
    let rules = event
        .rules
        .iter()
        .map(|(name, value)| {
            let mut rule = Map::new();
            rule.insert(start_case(name), value.clone());
            Value::Object(rule)
        })
        .collect();
    obj([
        ("Event", event.event.as_str().into()),
        ("Rules", Value::Array(rules)),
    ])
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
