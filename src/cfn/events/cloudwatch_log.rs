//! `cloudwatchLog` events (SF v3 `cloud-watch-log.js`): an `AWS::Logs::SubscriptionFilter`
//! per event, numbered per function, depending on the function's one Lambda permission; the
//! permission is merged again with each event (`_.merge`), its source ARN covering the
//! function's log groups by their common prefix.

use crate::cfn::Ctx;
use crate::cfn::functions::Aliases;
use crate::cfn::value::{join, obj, reference};
use crate::ir::naming::{cloudwatch_log_logical_id, cloudwatch_log_permission_logical_id};
use serde_json::{Map, Value};
use std::collections::HashMap;

pub(crate) fn compile(cx: &mut Ctx) {
    let svc = cx.svc;
    if svc.events.cloudwatch_logs.is_empty() {
        return;
    }
    let aliases = Aliases::new(svc);
    // each function's log groups so far
    let mut groups: HashMap<&str, Vec<&str>> = HashMap::new();
    for e in &svc.events.cloudwatch_logs {
        let key = e.origin.function.as_str();
        let so_far = groups.entry(key).or_default();
        so_far.push(&e.log_group);
        let permission_id = cloudwatch_log_permission_logical_id(key);
        let alias_id = aliases.of(key).map(|a| Value::String(a.logical_id(key)));

        let mut depends_on = vec![Value::String(permission_id.clone())];
        depends_on.extend(alias_id.clone());
        let filter = obj([
            ("Type", "AWS::Logs::SubscriptionFilter".into()),
            ("DependsOn", Value::Array(depends_on)),
            (
                "Properties",
                obj([
                    ("LogGroupName", e.log_group.as_str().into()),
                    ("FilterPattern", e.filter_pattern.as_str().into()),
                    ("DestinationArn", aliases.target(key)),
                ]),
            ),
        ]);

        let mut permission = Map::new();
        permission.insert("Type".into(), "AWS::Lambda::Permission".into());
        if let Some(alias_id) = alias_id {
            permission.insert("DependsOn".into(), Value::Array(vec![alias_id]));
        }
        let principal = join(
            "",
            vec![
                "logs.".into(),
                reference("AWS::Region"),
                ".amazonaws.com".into(),
            ],
        );
        let source_arn = join(
            "",
            vec![
                "arn:".into(),
                reference("AWS::Partition"),
                ":logs:".into(),
                reference("AWS::Region"),
                ":".into(),
                reference("AWS::AccountId"),
                ":log-group:".into(),
                common_prefix(so_far).into(),
                ":*".into(),
            ],
        );
        permission.insert(
            "Properties".into(),
            obj([
                ("FunctionName", aliases.target(key)),
                ("Action", "lambda:InvokeFunction".into()),
                ("Principal", principal),
                ("SourceArn", source_arn),
            ]),
        );
        cx.merge_resource(&cloudwatch_log_logical_id(key, e.origin.index), filter);
        cx.merge_resource(&permission_id, Value::Object(permission));
    }
}

/// SF's `longestCommonSuffix` (a common prefix, in fact) of the function's log groups so far:
/// each name cuts the prefix where it first differs; with more than one name, a `*` is added
/// unless the prefix ends with one.
fn common_prefix(names: &[&str]) -> String {
    let Some((first, rest)) = names.split_first() else {
        return String::new();
    };
    let mut prefix: Vec<char> = first.chars().collect();
    for name in rest {
        let mut other = name.chars();
        let same = prefix
            .iter()
            .take_while(|&&c| other.next() == Some(c))
            .count();
        prefix.truncate(same);
    }
    let mut prefix: String = prefix.into_iter().collect();
    if names.len() > 1 && !prefix.ends_with('*') {
        prefix.push('*');
    }
    prefix
}

#[cfg(test)]
mod tests {
    use super::common_prefix;

    #[test]
    fn the_common_prefix_gets_a_wildcard_past_one_name() {
        assert_eq!(common_prefix(&["/aws/lambda/a"]), "/aws/lambda/a");
        assert_eq!(
            common_prefix(&["/aws/lambda/watcher", "/aws/lambda/warm"]),
            "/aws/lambda/wa*"
        );
        // the same group twice still gets the wildcard
        assert_eq!(common_prefix(&["/g", "/g"]), "/g*");
        assert_eq!(common_prefix(&["/g*", "/g*x"]), "/g*");
        assert_eq!(common_prefix(&["/abc", "/ab"]), "/ab*");
    }
}
