//! What a firing sends the function, as each service's docs say:
//!
//! - an EventBridge rule (`schedule` events, `eventBridge` events with `schedule:`) without
//!   input settings sends its scheduled event ("Schedule expressions for rules": `version
//!   "0"`, an `id`, `detail-type: "Scheduled Event"`, `source: "aws.events"`, the account,
//!   the scheduled `time`, the region, `resources: [<rule ARN>]`, `detail: {}`);
//! - with `input`, that JSON instead ("nothing from the event itself is passed");
//! - with `inputPath`, the part of the event the JSONPath selects (`$`, `$.a.b`, `$.a[0]`);
//! - with `inputTransformer`, its `InputTemplate` with each `<name>` of `InputPathsMap`
//!   (and the predefined `<aws.events.event>`, `<aws.events.event.json>`,
//!   `<aws.events.rule-arn>`, `<aws.events.rule-name>`, `<aws.events.event.ingestion-time>`)
//!   replaced: a string value as its bare text (the template puts quotes around it where it
//!   wants them), anything else as JSON;
//! - an EventBridge Scheduler schedule (`method: scheduler`) sends its `Input`, with the
//!   context attributes `<aws.scheduler.schedule-arn>`, `<aws.scheduler.scheduled-time>`,
//!   `<aws.scheduler.execution-id>` and `<aws.scheduler.attempt-number>` replaced; without
//!   one the docs say only that Scheduler "delivers a default notification", and the
//!   emulator sends `{}`.

use serde_json::{Value, json};

/// How a schedule's payload is made.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// The scheduled event itself.
    Event,
    /// `input` (JSON text, or a value).
    Constant(Value),
    /// `inputPath`.
    Path(String),
    /// `inputTransformer`: the paths map and the template.
    Transformer {
        paths: Vec<(String, String)>,
        template: String,
    },
    /// A Scheduler schedule's `Input` (`None`: not given).
    Scheduler(Option<String>),
}

/// What a firing knows about itself.
pub struct Firing<'a> {
    pub account: &'a str,
    pub region: &'a str,
    /// The rule's (or the Scheduler schedule's) ARN.
    pub arn: &'a str,
    /// The scheduled time, `2024-01-01T00:00:00Z`.
    pub time: &'a str,
    pub id: &'a str,
}

impl Input {
    /// The input settings of a rule target, as written (`input` JSON text or a value,
    /// `inputPath`, `inputTransformer` with `InputTemplate` and `InputPathsMap`).
    pub fn of_rule(
        input: Option<&Value>,
        path: Option<&str>,
        transformer: Option<&Value>,
    ) -> Input {
        if let Some(input) = input {
            return Input::Constant(match input {
                Value::String(text) => serde_json::from_str(text).unwrap_or_else(|_| input.clone()),
                other => other.clone(),
            });
        }
        if let Some(path) = path {
            return Input::Path(path.to_string());
        }
        if let Some(t) = transformer {
            let template = match t.get("InputTemplate") {
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            let paths = t
                .get("InputPathsMap")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                        .collect()
                })
                .unwrap_or_default();
            return Input::Transformer { paths, template };
        }
        Input::Event
    }

    /// The payload of one firing.
    pub fn payload(&self, f: &Firing) -> Value {
        match self {
            Input::Event => event(f),
            Input::Constant(v) => v.clone(),
            Input::Path(path) => select(&event(f), path).unwrap_or(Value::Null),
            Input::Transformer { paths, template } => transform(&event(f), f, paths, template),
            Input::Scheduler(None) => json!({}),
            Input::Scheduler(Some(text)) => {
                let text = text
                    .replace("<aws.scheduler.schedule-arn>", f.arn)
                    .replace("<aws.scheduler.scheduled-time>", f.time)
                    .replace("<aws.scheduler.execution-id>", f.id)
                    .replace("<aws.scheduler.attempt-number>", "1");
                serde_json::from_str(&text).unwrap_or(Value::String(text))
            }
        }
    }
}

/// The scheduled event of an EventBridge rule.
pub fn event(f: &Firing) -> Value {
    json!({
        "version": "0",
        "id": f.id,
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": f.account,
        "time": f.time,
        "region": f.region,
        "resources": [f.arn],
        "detail": {},
    })
}

/// The value at a JSONPath of the simple forms EventBridge's input paths use.
pub fn select(value: &Value, path: &str) -> Option<Value> {
    let rest = path.trim().strip_prefix('$')?;
    let mut current = value;
    let mut chars = rest;
    while !chars.is_empty() {
        if let Some(after) = chars.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            current = current.get(&after[..end])?;
            chars = &after[end..];
        } else if let Some(after) = chars.strip_prefix('[') {
            let end = after.find(']')?;
            let key = after[..end].trim_matches(['\'', '"']);
            current = match key.parse::<usize>() {
                Ok(i) => current.get(i)?,
                Err(_) => current.get(key)?,
            };
            chars = &after[end + 1..];
        } else {
            return None;
        }
    }
    Some(current.clone())
}

fn transform(event: &Value, f: &Firing, paths: &[(String, String)], template: &str) -> Value {
    let rule_name = f.arn.rsplit('/').next().unwrap_or("");
    let mut values: Vec<(String, Value)> = vec![
        ("aws.events.event".into(), event.clone()),
        ("aws.events.event.json".into(), event.clone()),
        ("aws.events.rule-arn".into(), json!(f.arn)),
        ("aws.events.rule-name".into(), json!(rule_name)),
        ("aws.events.event.ingestion-time".into(), json!(f.time)),
    ];
    for (name, path) in paths {
        values.push((name.clone(), select(event, path).unwrap_or(Value::Null)));
    }
    let mut out = template.to_string();
    for (name, value) in &values {
        let text = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        out = out.replace(&format!("<{name}>"), &text);
    }
    serde_json::from_str(&out).unwrap_or(Value::String(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: Firing = Firing {
        account: "123456789012",
        region: "eu-west-1",
        arn: "arn:aws:events:eu-west-1:123456789012:rule/my-rule",
        time: "2024-01-01T10:15:00Z",
        id: "e-1",
    };

    #[test]
    fn the_scheduled_event() {
        assert_eq!(
            Input::Event.payload(&F),
            json!({
                "version": "0", "id": "e-1", "detail-type": "Scheduled Event",
                "source": "aws.events", "account": "123456789012",
                "time": "2024-01-01T10:15:00Z", "region": "eu-west-1",
                "resources": ["arn:aws:events:eu-west-1:123456789012:rule/my-rule"],
                "detail": {}
            })
        );
    }

    #[test]
    fn input_path_and_transformer() {
        let input = Input::of_rule(Some(&json!("{\"key\":\"value\"}")), None, None);
        assert_eq!(input.payload(&F), json!({"key": "value"}));
        let path = Input::of_rule(None, Some("$.resources[0]"), None);
        assert_eq!(path.payload(&F), json!(F.arn));
        assert_eq!(Input::Path("$.detail".into()).payload(&F), json!({}));
        let t = Input::of_rule(
            None,
            None,
            Some(&json!({
                "InputTemplate": "{\"at\": \"<time>\", \"all\": <aws.events.event>, \"rule\": \"<aws.events.rule-name>\"}",
                "InputPathsMap": {"time": "$.time"}
            })),
        );
        let out = t.payload(&F);
        assert_eq!(out["at"], "2024-01-01T10:15:00Z");
        assert_eq!(out["all"]["source"], "aws.events");
        assert_eq!(out["rule"], "my-rule");
    }

    #[test]
    fn scheduler_inputs() {
        assert_eq!(Input::Scheduler(None).payload(&F), json!({}));
        let given = Input::Scheduler(Some(
            "{\"when\":\"<aws.scheduler.scheduled-time>\",\"n\":<aws.scheduler.attempt-number>}"
                .into(),
        ));
        assert_eq!(
            given.payload(&F),
            json!({"when": "2024-01-01T10:15:00Z", "n": 1})
        );
    }

    #[test]
    fn json_paths() {
        let v = json!({"a": {"b": [1, {"c": true}]}});
        assert_eq!(select(&v, "$"), Some(v.clone()));
        assert_eq!(select(&v, "$.a.b[1].c"), Some(json!(true)));
        assert_eq!(select(&v, "$['a']"), Some(v["a"].clone()));
        assert_eq!(select(&v, "$.x"), None);
        assert_eq!(select(&v, "a.b"), None);
        assert_eq!(select(&v, "$.a.b[9]"), None);
        assert_eq!(select(&v, "$[unclosed"), None);
    }
}
